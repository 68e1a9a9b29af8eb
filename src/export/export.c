/*
 * export: renders one revision of the convention as a document.
 *
 * Structure: small pure pieces (wrapping, escaping, eIds); a loader that
 * picks the revisions; shared helpers that turn the state into labelled
 * facts (the revision fields, an amendment's record, a ballot's tally and
 * roll-call); then one renderer per format.  Renderers write through a
 * sticky-error writer (the first failure is kept, later writes are
 * skipped), so the code reads as the document it produces.
 *
 * Decisions beyond the header:
 *  - Containers are named by depth (Part, Chapter, Section, Subsection)
 *    with the number model.c derives; other clauses are Articles.
 *  - A paragraph is a run of non-blank lines; a single "\n" inside one is
 *    a line break (txt keeps the line, html and akn write <br/>, md keeps
 *    the soft break).
 *  - The roll-call of a ballot lists every member organisation (absent
 *    ones as "absent") and any other organisation with a recorded vote,
 *    marked as not counted.
 *  - Tallies of closed ballots are the figures recorded when they closed
 *    (what was decided); an open ballot shows its running count.
 *  - HTML uses only elements HTML 4 also knows (div with ARIA roles rather
 *    than section/nav/main), so both libxml2's HTML parser and any XML
 *    parser read it without complaint.  Anchors: "clause-<id>" and
 *    "amendment-<id>", from the stable ids.
 *  - Akoma Ntoso: a ratified text is an <act name="convention">, a draft a
 *    <bill name="convention">; FRBRcountry is "int" (an international
 *    instrument has no ISO 3166 country); the source and author of the
 *    record is the chair organisation; ballots are <voting> elements in
 *    <analysis>/<parliamentary>, one <count> per kind of vote whose
 *    refersTo names the concept and the organisations.
 */
#include "accord/export.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accord/sanitize.h"
#include "accord/textdiff.h"

#define TXT_WIDTH 72
#define SAN_FLAGS (ACC_SAN_NEWLINES | ACC_SAN_TABS)

/* ---- a writer that keeps its first error ------------------------------- */

typedef struct {
	acc_buf *b;
	int rc;
} wr;

/* Appends len bytes unless an earlier write failed. */
static void w_put(wr *w, const char *s, size_t len)
{
	if (w->rc == 0)
		w->rc = acc_buf_put(w->b, s, len);
}

/* Appends a string (NULL appends nothing). */
static void w_puts(wr *w, const char *s)
{
	if (s)
		w_put(w, s, strlen(s));
}

/* Appends formatted text. */
static void w_printf(wr *w, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);
static void w_printf(wr *w, const char *fmt, ...)
{
	va_list ap;

	if (w->rc < 0)
		return;
	va_start(ap, fmt);
	w->rc = acc_buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

/* Appends n copies of c. */
static void w_repeat(wr *w, char c, size_t n)
{
	while (n-- && w->rc == 0)
		w->rc = acc_buf_putc(w->b, c);
}

/* Records the result of an operation that returns an ACC_E* code. */
static void w_check(wr *w, int rc)
{
	if (w->rc == 0 && rc < 0)
		w->rc = rc;
}

/* ---- names and small facts ---------------------------------------------- */

static const char *const format_names[] = {"md", "txt", "html", "akn", "json", "csv"};

const char *acc_export_format_name(acc_export_format f)
{
	return (unsigned)f < sizeof(format_names) / sizeof(*format_names) ? format_names[f] : "?";
}

int acc_export_format_parse(acc_export_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(*format_names); i++)
		if (strcmp(name, format_names[i]) == 0) {
			*out = (acc_export_format)i;
			return 0;
		}
	return acc_error_set(
	    ACC_EUSAGE, "unknown export format '%.40s' (md, txt, html, akn, json or csv)", name);
}

enum { DATE_ISO, DATE_DAY, DATE_HUMAN };

/* Formats t (UTC) into buf: DATE_ISO "2023-11-14T22:45:00Z", DATE_DAY
 * "2023-11-14" or DATE_HUMAN "2023-11-14 22:45 UTC". */
static void date_fmt(char *buf, size_t size, long long t, int how)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	if (how == DATE_ISO)
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else if (how == DATE_DAY)
		strftime(buf, size, "%Y-%m-%d", &tm);
	else
		strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
}

/* 1 when the ratification ballot of st closed adopted. */
static int is_ratified(const acc_state *st)
{
	return st->ratification.state == ACC_BALLOT_CLOSED &&
	       st->ratification.result == ACC_RESULT_ADOPTED;
}

/* The word naming a clause: Article, or Part/Chapter/Section/Subsection. */
static const char *clause_word(const acc_clause *cl)
{
	static const char *const words[] = {"Part", "Chapter", "Section", "Subsection"};

	if (!cl->container)
		return "Article";
	return words[cl->depth < 3 ? cl->depth : 3];
}

const char *acc_export_akn_element(const acc_clause *cl)
{
	static const char *const elems[] = {"part", "chapter", "section", "subsection"};

	if (!cl->container)
		return "article";
	return elems[cl->depth < 3 ? cl->depth : 3];
}

/* The eId prefix of an Akoma Ntoso element (naming convention). */
static const char *eid_prefix(const char *element)
{
	if (strcmp(element, "article") == 0)
		return "art";
	if (strcmp(element, "chapter") == 0)
		return "chp";
	if (strcmp(element, "section") == 0)
		return "sec";
	if (strcmp(element, "subsection") == 0)
		return "subsec";
	return "part";
}

int acc_export_eid(acc_buf *out, const acc_clause *cl)
{
	return acc_buf_printf(out, "%s_%s", eid_prefix(acc_export_akn_element(cl)), cl->id);
}

/* "Article 6", "Part I" (malloc'd). */
static char *clause_label(const acc_clause *cl)
{
	return acc_sprintf("%s %s", clause_word(cl), cl->number);
}

/* An organisation's name, or its id when unknown. */
static const char *org_name(const acc_state *st, const char *id)
{
	const acc_org *o = id ? acc_state_org(st, id) : NULL;

	return o && o->name ? o->name : id ? id : "";
}

/* The name of the delegate with this email in organisation org, or NULL. */
static const char *delegate_name(const acc_state *st, const char *org, const char *email)
{
	const acc_org *o = org ? acc_state_org(st, org) : NULL;
	size_t i;

	if (!o || !email)
		return NULL;
	for (i = 0; i < o->ndelegates; i++)
		if (o->delegates[i].email && strcmp(o->delegates[i].email, email) == 0)
			return o->delegates[i].name;
	return NULL;
}

/* "Name <email>", or the email alone (malloc'd; "" for none). */
static char *delegate_text(const acc_state *st, const char *org, const char *email)
{
	const char *name = delegate_name(st, org, email);

	if (!email || !email[0])
		return acc_strdup("");
	return name ? acc_sprintf("%s <%s>", name, email) : acc_strdup(email);
}

/* "simple majority", "two-thirds majority", "unanimity"... */
static const char *rule_phrase(acc_rule r)
{
	switch (r) {
	case ACC_RULE_SIMPLE:
		return "simple majority";
	case ACC_RULE_TWO_THIRDS:
		return "two-thirds majority";
	case ACC_RULE_ABSOLUTE:
		return "absolute majority";
	case ACC_RULE_UNANIMITY:
		return "unanimity";
	case ACC_RULE_CONSENSUS:
		return "consensus";
	}
	return "?";
}

/* A language tag fit for lang="" (letters, digits and '-'), else "und". */
static const char *lang_tag(const acc_state *st)
{
	const char *l = st->conv.language;
	size_t i;

	if (!l || !l[0] || strlen(l) > 35)
		return "und";
	for (i = 0; l[i]; i++)
		if (!((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= 'A' && l[i] <= 'Z') ||
		      (l[i] >= '0' && l[i] <= '9') || (l[i] == '-' && i > 0)))
			return "und";
	return l;
}

/* The three-letter code Akoma Ntoso's FRBRlanguage expects. */
static const char *lang3(const acc_state *st)
{
	static const char *const map[][2] = {{"ar", "ara"}, {"de", "deu"}, {"en", "eng"},
					     {"es", "spa"}, {"fr", "fra"}, {"it", "ita"},
					     {"ja", "jpn"}, {"nl", "nld"}, {"pt", "por"},
					     {"ru", "rus"}, {"zh", "zho"}};
	const char *l = lang_tag(st);
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strncmp(l, map[i][0], 2) == 0 && (l[2] == '\0' || l[2] == '-'))
			return map[i][1];
	return strcmp(l, "und") == 0 ? "und" : l;
}

/* The parent container of clause i, or NULL at the top level. */
static const acc_clause *clause_parent(const acc_state *st, size_t i)
{
	size_t j = i;

	while (j-- > 0)
		if (st->clauses[j].depth < st->clauses[i].depth)
			return &st->clauses[j];
	return NULL;
}

/* ---- paragraphs ------------------------------------------------------------ */

/* 1 when the line [s, s+len) holds only spaces, tabs or "\r". */
static int blank_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Finds the next paragraph at *p (before end): a run of non-blank lines.
 * Returns 1 with [*s, *s+*len) (no final "\n"), or 0 at the end. */
static int next_para(const char **p, const char *end, const char **s, size_t *len)
{
	const char *q = *p, *start = NULL, *last = NULL;

	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *eol = nl ? nl : end;

		if (blank_line(q, (size_t)(eol - q))) {
			if (start)
				break;
		} else {
			if (!start)
				start = q;
			last = eol;
		}
		q = nl ? nl + 1 : end;
	}
	*p = q;
	if (!start)
		return 0;
	*s = start;
	*len = (size_t)(last - start);
	return 1;
}

/* Length of a paragraph label at s ("12." or "(a)") when a space follows,
 * else 0. */
static size_t para_label(const char *s, size_t len)
{
	size_t i = 0;

	if (len && s[0] >= '0' && s[0] <= '9') {
		while (i < len && i < 6 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < len && (s[i] == '.' || s[i] == ')') && i + 1 < len && s[i + 1] == ' ')
			return i + 1;
		return 0;
	}
	if (len > 2 && s[0] == '(') {
		for (i = 1; i < len && i < 7; i++) {
			char c = s[i];

			if (c == ')')
				return i > 1 && i + 1 < len && s[i + 1] == ' ' ? i + 1 : 0;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9')))
				return 0;
		}
	}
	return 0;
}

/* ---- pure pieces ------------------------------------------------------------ */

/* Writes the first code points of s that fit in cols columns (at least
 * one, so the caller always advances); returns the bytes taken. */
static size_t cut_cols(wr *w, const char *s, size_t len, size_t cols)
{
	size_t i = 0, width = 0;

	while (i < len) {
		uint32_t cp;
		int n = acc_utf8_decode(s + i, len - i, &cp), cw = 1;

		if (n < 0)
			n = 1;
		else if (acc_cp_width(cp) >= 0)
			cw = acc_cp_width(cp);
		if (width + (size_t)cw > cols && i > 0)
			break;
		width += (size_t)cw;
		i += (size_t)n;
	}
	w_put(w, s, i);
	return i;
}

int acc_export_wrap(acc_buf *out, const char *s, size_t len, size_t width, size_t indent,
		    size_t hang)
{
	acc_buf clean = ACC_BUF_INIT;
	wr w = {out, 0};
	size_t i = 0, col = 0, words = 0;
	int first = 1; /* still on the first output line */
	const char *t;

	if ((w.rc = acc_sanitize(&clean, s, len, ACC_SAN_TABS)) < 0)
		return w.rc;
	t = clean.ptr ? clean.ptr : "";
	len = clean.size;
	while (i < len && w.rc == 0) {
		size_t start, wlen, ww;

		while (i < len && t[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && t[i] != ' ')
			i++;
		wlen = i - start;
		ww = acc_display_width(t + start, wlen);
		if (words && col + 1 + ww > width) {
			w_put(&w, "\n", 1);
			words = 0;
			first = 0;
		}
		if (!words) {
			col = first ? indent : hang;
			w_repeat(&w, ' ', col);
		} else {
			w_put(&w, " ", 1);
			col++;
		}
		/* a word wider than a whole line is cut at code points */
		while (col + ww > width && w.rc == 0) {
			size_t took = cut_cols(&w, t + start, wlen, width > col ? width - col : 1);

			start += took;
			wlen -= took;
			if (!wlen)
				break;
			ww = acc_display_width(t + start, wlen);
			w_put(&w, "\n", 1);
			first = 0;
			col = hang;
			w_repeat(&w, ' ', col);
		}
		w_put(&w, t + start, wlen);
		col += wlen ? ww : width;
		words++;
	}
	w_put(&w, "\n", 1);
	acc_buf_free(&clean);
	return w.rc;
}

int acc_export_md_escape(acc_buf *out, const char *s, size_t len)
{
	acc_buf clean = ACC_BUF_INIT;
	wr w = {out, 0};
	const char *t, *end;
	int line_start = 1;

	if ((w.rc = acc_sanitize(&clean, s, len, SAN_FLAGS)) < 0)
		return w.rc;
	t = clean.ptr ? clean.ptr : "";
	end = t + clean.size;
	while (t < end && w.rc == 0) {
		if (line_start) {
			const char *d = t;

			while (t < end && (*t == ' ' || *t == '\t'))
				t++;
			line_start = 0;
			if (t < end && strchr("-+=", *t)) {
				w_put(&w, "\\", 1);
				w_put(&w, t++, 1);
				continue;
			}
			for (d = t; d < end && *d >= '0' && *d <= '9'; d++)
				;
			if (d > t && d < end && (*d == '.' || *d == ')')) {
				w_put(&w, t, (size_t)(d - t));
				w_put(&w, "\\", 1);
				w_put(&w, d, 1);
				t = d + 1;
				continue;
			}
			if (t >= end)
				break;
		}
		if (*t == '\n') {
			line_start = 1;
		} else if (strchr("\\`*_[]<>|~&#", *t)) {
			w_put(&w, "\\", 1);
		}
		w_put(&w, t++, 1);
	}
	acc_buf_free(&clean);
	return w.rc;
}

int acc_export_csv_field(acc_buf *out, const char *s, size_t len)
{
	acc_buf clean = ACC_BUF_INIT;
	wr w = {out, 0};
	size_t i;

	if ((w.rc = acc_sanitize(&clean, s, len, 0)) < 0)
		return w.rc;
	w_put(&w, "\"", 1);
	if (clean.size && strchr("=+-@", clean.ptr[0]))
		w_put(&w, "'", 1);
	for (i = 0; i < clean.size; i++) {
		if (clean.ptr[i] == '"')
			w_put(&w, "\"", 1);
		w_put(&w, clean.ptr + i, 1);
	}
	w_put(&w, "\"", 1);
	acc_buf_free(&clean);
	return w.rc;
}

/* ---- facts shared by the renderers ------------------------------------------ */

/* The figures of a ballot: recorded at close, or the running count. */
typedef struct {
	unsigned yes, no, abstain, absent, members;
	unsigned long w_yes, w_no, w_abstain, w_absent;
	int weighted, quorum_met, final;
	acc_result result;
} counts;

/* Fills c for ballot b of st (zero for a ballot never opened or fallen). */
static int ballot_counts(counts *c, const acc_state *st, const acc_ballot *b)
{
	memset(c, 0, sizeof(*c));
	if (b->state == ACC_BALLOT_CLOSED) {
		c->yes = b->yes, c->no = b->no, c->abstain = b->abstain, c->absent = b->absent;
		c->w_yes = b->w_yes, c->w_no = b->w_no, c->w_abstain = b->w_abstain;
		c->w_absent = b->w_absent;
		c->weighted = b->weighted;
		c->quorum_met = b->quorum_met;
		c->result = b->result;
		c->final = 1;
	} else if (b->state == ACC_BALLOT_OPEN) {
		acc_tally t;
		int rc = acc_ops_tally(&t, st, b);

		if (rc < 0)
			return rc;
		c->yes = t.yes, c->no = t.no, c->abstain = t.abstain, c->absent = t.absent;
		c->w_yes = t.w_yes, c->w_no = t.w_no, c->w_abstain = t.w_abstain;
		c->w_absent = t.w_absent;
		c->weighted = t.weighted;
		c->quorum_met = t.quorum_met;
		c->result = ACC_RESULT_PENDING;
	}
	c->members = c->yes + c->no + c->abstain + c->absent;
	return 0;
}

/* "6 yes, 1 no, 1 abstain, 4 absent (of 12 members)" and the weighted
 * figures when weights differ (malloc'd). */
static char *counts_text(const counts *c)
{
	if (c->weighted)
		return acc_sprintf("%u yes, %u no, %u abstain, %u absent (of %u members); "
				   "weighted: %lu yes, %lu no, %lu abstain, %lu absent",
				   c->yes, c->no, c->abstain, c->absent, c->members, c->w_yes,
				   c->w_no, c->w_abstain, c->w_absent);
	return acc_sprintf("%u yes, %u no, %u abstain, %u absent (of %u members)", c->yes, c->no,
			   c->abstain, c->absent, c->members);
}

/* One line of a roll-call. */
typedef struct {
	const acc_org *org;
	acc_vote vote; /* ACC_VOTE_NONE: absent */
	const char *delegate;
	int counted; /* a member: its vote counts */
} roll_row;

/* The roll-call of b: every member organisation, and any other with a
 * recorded vote, in the order of st->orgs (by id).  *out malloc'd. */
static int roll_call(roll_row **out, size_t *n, const acc_state *st, const acc_ballot *b)
{
	roll_row *r = acc_calloc(st->norgs ? st->norgs : 1, sizeof(*r));
	size_t i, k = 0, next = 0;
	int sorted = 1;

	*out = NULL;
	*n = 0;
	if (!r)
		return ACC_ENOMEM;
	/* votes are listed by organisation id, as the organisations are: walk
	 * both in step (a scan per organisation when they are not) */
	for (i = 1; i < b->nvotes && sorted; i++)
		sorted = strcmp(b->votes[i - 1].org, b->votes[i].org) < 0;
	for (i = 1; i < st->norgs && sorted; i++)
		sorted = strcmp(st->orgs[i - 1].id, st->orgs[i].id) < 0;
	for (i = 0; i < st->norgs; i++) {
		const acc_org *o = &st->orgs[i];
		const acc_vote_rec *v = NULL;
		size_t j;

		if (sorted) {
			while (next < b->nvotes && strcmp(b->votes[next].org, o->id) < 0)
				next++;
			if (next < b->nvotes && strcmp(b->votes[next].org, o->id) == 0)
				v = &b->votes[next];
		} else {
			for (j = 0; j < b->nvotes; j++)
				if (strcmp(b->votes[j].org, o->id) == 0) {
					v = &b->votes[j];
					break;
				}
		}
		if (o->role != ACC_ROLE_MEMBER && !v)
			continue;
		r[k].org = o;
		r[k].vote = v ? v->vote : ACC_VOTE_NONE;
		r[k].delegate = v ? v->delegate : NULL;
		r[k].counted = o->role == ACC_ROLE_MEMBER;
		k++;
	}
	*out = r;
	*n = k;
	return 0;
}

/* "yes", "absent", or "yes (not counted: observer)" (malloc'd). */
static char *roll_vote_text(const roll_row *r)
{
	if (r->counted)
		return acc_strdup(acc_vote_name(r->vote));
	return acc_sprintf("%s (not counted: %s)", acc_vote_name(r->vote),
			   acc_role_name(r->org->role));
}

/* A labelled fact: key and a malloc'd value. */
typedef struct {
	const char *key;
	char *value;
} field;

#define MAX_FIELDS 8

/* Frees the values of f. */
static void fields_free(field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(f[i].value);
}

/* Adds a field whose value is v (taken over; NULL means out of memory). */
static int field_add(field *f, size_t *n, const char *key, char *v)
{
	if (!v)
		return ACC_ENOMEM;
	f[*n].key = key;
	f[(*n)++].value = v;
	return 0;
}

/* The facts about the revision: what text it is, commit and dates. */
static int revision_fields(field *f, size_t *n, const acc_export_doc *d)
{
	char date[40], tdate[40];
	int rc;

	*n = 0;
	date_fmt(date, sizeof(date), d->rev.time, DATE_HUMAN);
	if (is_ratified(d->st) && d->tag) {
		date_fmt(tdate, sizeof(tdate), d->tag_rev.time, DATE_HUMAN);
		rc = field_add(f, n, "Text", acc_sprintf("ratified (tag %s, %s)", d->tag, tdate));
	} else if (is_ratified(d->st)) {
		rc = field_add(f, n, "Text", acc_strdup("ratified"));
	} else {
		rc = field_add(f, n, "Text", acc_strdup("draft, not ratified"));
	}
	if (rc == 0)
		rc = field_add(f, n, "Revision", acc_strdup(d->rev.commit));
	if (rc == 0)
		rc = field_add(f, n, "Date", acc_strdup(date));
	if (rc == 0 && d->sig_st) {
		date_fmt(tdate, sizeof(tdate), d->sig_rev.time, DATE_HUMAN);
		rc = field_add(f, n, "Signatures as of",
			       acc_sprintf("%s (%s)", d->sig_rev.commit, tdate));
	}
	if (rc == 0 && d->since) {
		date_fmt(tdate, sizeof(tdate), d->since_rev.time, DATE_HUMAN);
		rc = field_add(f, n, "Changes since",
			       acc_sprintf("%s (%s)", d->since_rev.commit, tdate));
	}
	if (rc < 0)
		fields_free(f, *n);
	return rc;
}

/* What amendment a changes, in words (malloc'd). */
static char *change_text(const acc_state *st, const acc_amendment *a)
{
	const acc_clause *cl = acc_state_clause(st, a->clause);
	char *label = cl ? clause_label(cl) : NULL, *s;

	if (a->amends)
		s = acc_sprintf("amends amendment %s", a->amends);
	else if (a->op == ACC_OP_REPLACE)
		s = label ? acc_sprintf("replaces the text of %s (%s)", label, a->clause)
			  : acc_sprintf("replaces the text of clause %s", a->clause);
	else if (a->op == ACC_OP_DELETE)
		s = acc_sprintf("deletes clause %s", a->clause);
	else {
		const acc_clause *nc = a->new_clause ? acc_state_clause(st, a->new_clause) : NULL;
		char *nl = nc ? clause_label(nc) : NULL;

		s = acc_sprintf("inserts %s \"%s\" (%s) after %s (%s)", nl ? nl : "a clause",
				a->heading ? a->heading : "", a->new_clause ? a->new_clause : a->id,
				label ? label : "clause", a->clause);
		free(nl);
	}
	free(label);
	return s;
}

/* "Name (id), Name (id)" of the co-sponsors, or "none" (malloc'd). */
static char *cosponsors_text(const acc_state *st, const acc_amendment *a)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	if (!a->cosponsors.count)
		return acc_strdup("none");
	for (i = 0; i < a->cosponsors.count; i++)
		if (acc_buf_printf(&b, "%s%s (%s)", i ? ", " : "",
				   org_name(st, a->cosponsors.items[i]),
				   a->cosponsors.items[i]) < 0) {
			acc_buf_free(&b);
			return NULL;
		}
	return acc_buf_detach(&b);
}

/* "simple majority, quorum 1/2 (met)" (malloc'd). */
static char *ballot_text(const acc_ballot *b, const counts *c)
{
	char q[32];

	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	if (b->state == ACC_BALLOT_NONE)
		return acc_strdup("not opened");
	if (b->state == ACC_BALLOT_FALLEN)
		return acc_sprintf("fell (made moot by %s)", b->fallen_by ? b->fallen_by : "?");
	return acc_sprintf("%s, quorum %s (%s)%s", rule_phrase(b->rule), q,
			   c->quorum_met ? "met" : "not met",
			   b->state == ACC_BALLOT_OPEN ? ", still open" : "");
}

/* The record of an adopted amendment as fields. */
static int amendment_fields(field *f, size_t *n, const acc_state *st, const acc_amendment *a)
{
	counts c;
	int rc;

	*n = 0;
	if ((rc = ballot_counts(&c, st, &a->ballot)) < 0)
		return rc;
	if ((rc = field_add(f, n, "Change", change_text(st, a))) == 0)
		rc = field_add(f, n, "Sponsor",
			       acc_sprintf("%s (%s)", org_name(st, a->sponsor), a->sponsor));
	if (rc == 0)
		rc = field_add(f, n, "Co-sponsors", cosponsors_text(st, a));
	if (rc == 0 && a->rationale && a->rationale[0])
		rc = field_add(f, n, "Rationale", acc_strdup(a->rationale));
	if (rc == 0)
		rc = field_add(f, n, "Ballot", ballot_text(&a->ballot, &c));
	if (rc == 0)
		rc = field_add(f, n, "Result", acc_strdup(acc_result_name(c.result)));
	if (rc == 0)
		rc = field_add(f, n, "Tally", counts_text(&c));
	if (rc < 0)
		fields_free(f, *n);
	return rc;
}

/* The ratification ballot as fields (no roll-call). */
static int ratification_fields(field *f, size_t *n, const acc_state *st)
{
	const acc_ballot *b = &st->ratification;
	counts c;
	int rc;

	*n = 0;
	if ((rc = ballot_counts(&c, st, b)) < 0)
		return rc;
	if ((rc = field_add(f, n, "Ballot", ballot_text(b, &c))) == 0 &&
	    b->state != ACC_BALLOT_NONE) {
		rc = field_add(f, n, "Result",
			       acc_strdup(b->state == ACC_BALLOT_OPEN ? "pending"
								      : acc_result_name(c.result)));
		if (rc == 0)
			rc = field_add(f, n, "Tally", counts_text(&c));
	}
	if (rc < 0)
		fields_free(f, *n);
	return rc;
}

/* The state the signatures are read from. */
static const acc_state *sig_state(const acc_export_doc *d)
{
	return d->sig_st ? d->sig_st : d->st;
}

/* The number of adopted amendments. */
static size_t adopted_count(const acc_state *st)
{
	size_t i, n = 0;

	for (i = 0; i < st->namendments; i++)
		n += st->amendments[i].status == ACC_ST_ADOPTED;
	return n;
}

/* ---- Markdown -------------------------------------------------------------- */

/* Appends s escaped for Markdown. */
static void md(wr *w, const char *s)
{
	if (s)
		w_check(w, acc_export_md_escape(w->b, s, strlen(s)));
}

/* Appends the paragraphs of text, each followed by a blank line. */
static void md_paras(wr *w, const char *text)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (next_para(&p, end, &s, &len)) {
		w_check(w, acc_export_md_escape(w->b, s, len));
		w_puts(w, "\n\n");
	}
}

/* Appends fields as a list of "- **Key:** value". */
static void md_fields(wr *w, const field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		w_printf(w, "- **%s:** ", f[i].key);
		md(w, f[i].value);
		w_puts(w, "\n");
	}
	if (n)
		w_puts(w, "\n");
}

/* Appends one table row of Markdown cells. */
static void md_row(wr *w, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		w_puts(w, "| ");
		md(w, cells[i]);
		w_puts(w, " ");
	}
	w_puts(w, "|\n");
}

/* Appends the roll-call of b as a table. */
static void md_roll_call(wr *w, const acc_state *st, const acc_ballot *b)
{
	static const char *const head[] = {"Organisation", "Vote", "Cast by"};
	roll_row *r = NULL;
	size_t n = 0, i;

	if (b->state != ACC_BALLOT_OPEN && b->state != ACC_BALLOT_CLOSED)
		return;
	w_check(w, roll_call(&r, &n, st, b));
	md_row(w, head, 3);
	w_puts(w, "| --- | --- | --- |\n");
	for (i = 0; i < n && w->rc == 0; i++) {
		char *org = acc_sprintf("%s (%s)", r[i].org->name, r[i].org->id);
		char *vote = roll_vote_text(&r[i]);
		char *by = delegate_text(st, r[i].org->id, r[i].delegate);
		const char *cells[3] = {org, vote, by};

		if (!org || !vote || !by)
			w_check(w, ACC_ENOMEM);
		else
			md_row(w, cells, 3);
		free(org);
		free(vote);
		free(by);
	}
	w_puts(w, "\n");
	free(r);
}

/* Appends the signatories (from the signature state) as a table. */
static void md_signatures(wr *w, const acc_export_doc *d)
{
	static const char *const head[] = {"Organisation", "Signed by", "Date"};
	const acc_state *ss = sig_state(d);
	size_t i;

	if (!is_ratified(d->st) && !ss->nsignatures) {
		w_puts(w, "The text has not been ratified: nobody has signed.\n\n");
		return;
	}
	if (!ss->nsignatures) {
		w_puts(w, "No organisation has signed yet.\n\n");
		return;
	}
	md_row(w, head, 3);
	w_puts(w, "| --- | --- | --- |\n");
	for (i = 0; i < ss->nsignatures && w->rc == 0; i++) {
		const acc_signature *s = &ss->signatures[i];
		char *org = acc_sprintf("%s (%s)", org_name(ss, s->org), s->org);
		char *by = delegate_text(ss, s->org, s->delegate);
		const char *cells[3] = {org, by, s->date};

		if (!org || !by)
			w_check(w, ACC_ENOMEM);
		else
			md_row(w, cells, 3);
		free(org);
		free(by);
	}
	w_puts(w, "\n");
}

/* The Markdown document. */
static int render_md(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	wr w = {out, 0};
	field f[MAX_FIELDS];
	size_t n = 0, i;

	w_puts(&w, "# ");
	md(&w, st->conv.title);
	w_puts(&w, "\n\n");
	if (st->conv.short_title) {
		w_puts(&w, "- **Short title:** ");
		md(&w, st->conv.short_title);
		w_puts(&w, "\n");
	}
	w_check(&w, revision_fields(f, &n, d));
	if (w.rc == 0) {
		md_fields(&w, f, n);
		fields_free(f, n);
	}
	if (st->conv.preamble && st->conv.preamble[0]) {
		w_puts(&w, "## Preamble\n\n");
		md_paras(&w, st->conv.preamble);
	}
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		w_repeat(&w, '#', (size_t)(cl->depth < 4 ? 2 + cl->depth : 6));
		w_printf(&w, " %s %s. ", clause_word(cl), cl->number);
		md(&w, cl->heading);
		w_puts(&w, "\n\n");
		md_paras(&w, cl->text);
	}
	w_puts(&w, "## Adoption record\n\n### Adopted amendments\n\n");
	if (!adopted_count(st))
		w_puts(&w, "No amendment was adopted.\n\n");
	for (i = 0; i < st->namendments && w.rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];

		if (a->status != ACC_ST_ADOPTED)
			continue;
		w_printf(&w, "#### Amendment `%s`\n\n", a->id);
		w_check(&w, amendment_fields(f, &n, st, a));
		if (w.rc == 0) {
			md_fields(&w, f, n);
			fields_free(f, n);
		}
	}
	w_puts(&w, "### Ratification\n\n");
	w_check(&w, ratification_fields(f, &n, st));
	if (w.rc == 0) {
		md_fields(&w, f, n);
		fields_free(f, n);
	}
	md_roll_call(&w, st, &st->ratification);
	w_puts(&w, "## Signatories\n\n");
	md_signatures(&w, d);
	/* one final newline, not two */
	if (w.rc == 0 && out->size >= 2 && out->ptr[out->size - 1] == '\n' &&
	    out->ptr[out->size - 2] == '\n')
		out->ptr[--out->size] = '\0';
	return w.rc;
}

/* ---- plain text --------------------------------------------------------------- */

/* Wraps s (one line) into the document. */
static void txt_wrap(wr *w, const char *s, size_t len, size_t indent, size_t hang)
{
	if (w->rc == 0)
		w->rc = acc_export_wrap(w->b, s, len, TXT_WIDTH, indent, hang);
}

/* The display width of s once sanitised (0 on failure). */
static size_t txt_width(const char *s)
{
	acc_buf b = ACC_BUF_INIT;
	size_t n = 0;

	if (acc_sanitize(&b, s, strlen(s), ACC_SAN_TABS) == 0)
		n = acc_display_width(b.ptr ? b.ptr : "", b.size);
	acc_buf_free(&b);
	return n;
}

/* A heading: the text wrapped, underlined with c, then a blank line. */
static void txt_heading(wr *w, const char *text, char c)
{
	size_t cols = txt_width(text);

	txt_wrap(w, text, strlen(text), 0, 0);
	w_repeat(w, c, cols < TXT_WIDTH ? cols : TXT_WIDTH);
	w_puts(w, "\n\n");
}

/* The paragraphs of text; a labelled line ("1. ", "(a) ") hangs under
 * its first word. */
static void txt_paras(wr *w, const char *text, size_t indent)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (next_para(&p, end, &s, &len) && w->rc == 0) {
		const char *q = s, *pend = s + len;

		while (q < pend) {
			const char *nl = memchr(q, '\n', (size_t)(pend - q));
			size_t l = (size_t)((nl ? nl : pend) - q), lab;

			while (l && q[l - 1] == '\r')
				l--;
			lab = para_label(q, l);
			txt_wrap(w, q, l, indent, indent + (lab ? lab + 1 : 0));
			q = nl ? nl + 1 : pend;
		}
		w_puts(w, "\n");
	}
}

/* Fields as "Key: value" lines, continuation lines indented. */
static void txt_fields(wr *w, const field *f, size_t n, size_t indent)
{
	size_t i;

	for (i = 0; i < n && w->rc == 0; i++) {
		char *line = acc_sprintf("%s: %s", f[i].key, f[i].value);

		if (!line) {
			w_check(w, ACC_ENOMEM);
			break;
		}
		txt_wrap(w, line, strlen(line), indent, indent + 4);
		free(line);
	}
}

/* The roll-call of b, one wrapped line per organisation. */
static void txt_roll_call(wr *w, const acc_state *st, const acc_ballot *b)
{
	roll_row *r = NULL;
	size_t n = 0, i;

	if (b->state != ACC_BALLOT_OPEN && b->state != ACC_BALLOT_CLOSED)
		return;
	w_check(w, roll_call(&r, &n, st, b));
	txt_wrap(w, "Roll-call:", 10, 0, 0);
	for (i = 0; i < n && w->rc == 0; i++) {
		char *vote = roll_vote_text(&r[i]);
		char *by = delegate_text(st, r[i].org->id, r[i].delegate);
		char *line = vote && by ? acc_sprintf("- %s (%s): %s%s%s", r[i].org->name,
						      r[i].org->id, vote, by[0] ? ", by " : "", by)
					: NULL;

		if (!line)
			w_check(w, ACC_ENOMEM);
		else
			txt_wrap(w, line, strlen(line), 2, 4);
		free(line);
		free(vote);
		free(by);
	}
	free(r);
}

/* The plain text document, wrapped at 72 columns. */
static int render_txt(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st, *ss = sig_state(d);
	wr w = {out, 0};
	field f[MAX_FIELDS];
	size_t n = 0, i, cols = txt_width(st->conv.title);

	cols = cols < TXT_WIDTH ? cols : TXT_WIDTH;
	w_repeat(&w, '=', cols);
	w_puts(&w, "\n");
	txt_wrap(&w, st->conv.title, strlen(st->conv.title), 0, 0);
	w_repeat(&w, '=', cols);
	w_puts(&w, "\n\n");
	if (st->conv.short_title) {
		field s = {"Short title", st->conv.short_title};

		txt_fields(&w, &s, 1, 0);
	}
	w_check(&w, revision_fields(f, &n, d));
	if (w.rc == 0) {
		txt_fields(&w, f, n, 0);
		fields_free(f, n);
	}
	w_puts(&w, "\n");
	if (st->conv.preamble && st->conv.preamble[0]) {
		txt_heading(&w, "PREAMBLE", '=');
		txt_paras(&w, st->conv.preamble, 0);
	}
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];
		char *head = acc_sprintf("%s %s. %s", clause_word(cl), cl->number, cl->heading);

		if (!head) {
			w_check(&w, ACC_ENOMEM);
			break;
		}
		txt_heading(&w, head, cl->container ? '=' : '-');
		free(head);
		txt_paras(&w, cl->text, 0);
	}
	txt_heading(&w, "ADOPTION RECORD", '=');
	txt_heading(&w, "Adopted amendments", '-');
	if (!adopted_count(st))
		w_puts(&w, "No amendment was adopted.\n\n");
	for (i = 0; i < st->namendments && w.rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];

		if (a->status != ACC_ST_ADOPTED)
			continue;
		w_printf(&w, "Amendment %s\n", a->id);
		w_check(&w, amendment_fields(f, &n, st, a));
		if (w.rc == 0) {
			txt_fields(&w, f, n, 2);
			fields_free(f, n);
		}
		w_puts(&w, "\n");
	}
	txt_heading(&w, "Ratification", '-');
	w_check(&w, ratification_fields(f, &n, st));
	if (w.rc == 0) {
		txt_fields(&w, f, n, 0);
		fields_free(f, n);
	}
	txt_roll_call(&w, st, &st->ratification);
	w_puts(&w, "\n");
	txt_heading(&w, "SIGNATORIES", '=');
	if (!is_ratified(st) && !ss->nsignatures)
		w_puts(&w, "The text has not been ratified: nobody has signed.\n");
	else if (!ss->nsignatures)
		w_puts(&w, "No organisation has signed yet.\n");
	for (i = 0; i < ss->nsignatures && w.rc == 0; i++) {
		const acc_signature *s = &ss->signatures[i];
		char *by = delegate_text(ss, s->org, s->delegate);
		char *line = by ? acc_sprintf("- %s (%s), signed on %s by %s", org_name(ss, s->org),
					      s->org, s->date, by)
				: NULL;

		if (!line)
			w_check(&w, ACC_ENOMEM);
		else
			txt_wrap(&w, line, strlen(line), 0, 2);
		free(line);
		free(by);
	}
	return w.rc;
}

/* ---- XML through libxml2's writer (html and akn) --------------------------------- */

typedef struct {
	xmlTextWriterPtr w;
	int rc;	  /* first error */
	int html; /* end non-void elements with a full end tag */
	acc_buf tmp;
} xw;

/* Notes a writer failure. */
static void x_fail(xw *x, int r)
{
	if (r < 0 && x->rc == 0)
		x->rc = acc_error_set(ACC_ERROR, "cannot write the XML document");
}

/* Opens element name. */
static void x_start(xw *x, const char *name)
{
	if (x->rc == 0)
		x_fail(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

/* Closes the open element (HTML: always with an end tag). */
static void x_end(xw *x)
{
	if (x->rc == 0)
		x_fail(x,
		       x->html ? xmlTextWriterFullEndElement(x->w) : xmlTextWriterEndElement(x->w));
}

/* Closes a void element (<br/>, <meta/>). */
static void x_end_void(xw *x)
{
	if (x->rc == 0)
		x_fail(x, xmlTextWriterEndElement(x->w));
}

/* Sanitises s (len bytes) into x->tmp; returns it, or NULL on failure. */
static const char *x_clean(xw *x, const char *s, size_t len, unsigned flags)
{
	int rc;

	acc_buf_clear(&x->tmp);
	if ((rc = acc_sanitize(&x->tmp, s, len, flags)) < 0 ||
	    (rc = acc_buf_put(&x->tmp, "", 0)) < 0) {
		if (x->rc == 0)
			x->rc = rc;
		return NULL;
	}
	return x->tmp.ptr;
}

/* Writes an attribute; repository text in value is sanitised. */
static void x_attr(xw *x, const char *name, const char *value)
{
	const char *v;

	if (x->rc == 0 && (v = x_clean(x, value ? value : "", value ? strlen(value) : 0, 0)))
		x_fail(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
}

/* Writes an attribute from a format (ids and numbers, not free text). */
static void x_attrf(xw *x, const char *name, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);
static void x_attrf(xw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *v = NULL;

	if (x->rc)
		return;
	va_start(ap, fmt);
	acc_buf_clear(&x->tmp);
	x->rc = acc_buf_vprintf(&x->tmp, fmt, ap);
	va_end(ap);
	/* x_attr reuses x->tmp: work on a copy */
	if (x->rc == 0 && !(v = acc_strdup(x->tmp.ptr ? x->tmp.ptr : "")))
		x->rc = ACC_ENOMEM;
	if (v)
		x_attr(x, name, v);
	free(v);
}

/* Writes text (sanitised, escaped by the writer; "\n" kept). */
static void x_text(xw *x, const char *s, size_t len)
{
	const char *v;

	if (x->rc == 0 && len && (v = x_clean(x, s, len, SAN_FLAGS)))
		x_fail(x, xmlTextWriterWriteString(x->w, BAD_CAST v));
}

/* x_text of a NUL-terminated string. */
static void x_str(xw *x, const char *s)
{
	if (s)
		x_text(x, s, strlen(s));
}

/* Writes markup of our own (newlines between blocks, the stylesheet). */
static void x_raw(xw *x, const char *s)
{
	if (x->rc == 0)
		x_fail(x, xmlTextWriterWriteRaw(x->w, BAD_CAST s));
}

/* <name>text</name> */
static void x_elem(xw *x, const char *name, const char *text)
{
	x_start(x, name);
	x_str(x, text);
	x_end(x);
}

/* Writes the lines of s separated by <br/>. */
static void x_lines(xw *x, const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end && x->rc == 0) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = (size_t)((nl ? nl : end) - s);

		while (l && s[l - 1] == '\r')
			l--;
		x_text(x, s, l);
		if (!nl)
			break;
		x_start(x, "br");
		x_end_void(x);
		s = nl + 1;
	}
}

/* Writes the word diff of old against new: equal text, <del> and <ins>. */
static void x_diff(xw *x, const char *old, const char *new)
{
	acc_diff df;
	size_t i;
	int rc;

	memset(&df, 0, sizeof(df));
	old = old ? old : "";
	new = new ? new : "";
	if ((rc = acc_textdiff(&df, old, strlen(old), new, strlen(new))) < 0) {
		if (x->rc == 0)
			x->rc = rc;
		return;
	}
	for (i = 0; i < df.count && x->rc == 0; i++) {
		const acc_diff_run *r = &df.runs[i];

		if (r->op == ACC_DIFF_EQUAL) {
			x_text(x, r->text, r->len);
			continue;
		}
		x_start(x, r->op == ACC_DIFF_DELETE ? "del" : "ins");
		x_text(x, r->text, r->len);
		x_end(x);
	}
	acc_diff_free(&df);
}

/* Starts a writer into memory. */
static int x_open(xw *x, xmlBufferPtr *buf, int html)
{
	memset(x, 0, sizeof(*x));
	x->html = html;
	if (!(*buf = xmlBufferCreate()) || !(x->w = xmlNewTextWriterMemory(*buf, 0))) {
		if (*buf)
			xmlBufferFree(*buf);
		*buf = NULL;
		return acc_error_set(ACC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Ends the writer and appends what it wrote to out. */
static int x_close(xw *x, xmlBufferPtr buf, acc_buf *out)
{
	int rc = x->rc;

	if (rc == 0)
		x_fail(x, xmlTextWriterEndDocument(x->w));
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	rc = x->rc;
	if (rc == 0)
		rc = acc_buf_put(out, (const char *)xmlBufferContent(buf),
				 (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	acc_buf_free(&x->tmp);
	return rc;
}

/* ---- HTML ------------------------------------------------------------------ */

/* The stylesheet: no characters the writer would escape (no < > & or
 * quotes), since a <style> element's text is not unescaped by browsers. */
static const char html_css[] =
    "\nbody{font-family:Georgia,serif;line-height:1.5;max-width:44em;margin:2em auto;"
    "padding:0 1em;color:#111;background:#fff}\n"
    "h1{font-size:1.9em;margin:0 0 .3em}\n"
    "h2{font-size:1.4em;margin-top:2em}\n"
    "h3{font-size:1.15em;margin-top:1.6em}\n"
    "h4{font-size:1em;margin-top:1.4em}\n"
    ".num{font-weight:bold;margin-right:.4em}\n"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}\n"
    "dl.facts dt{font-weight:bold}\n"
    "dl.facts dd{margin:0}\n"
    ".toc ol{list-style:none;padding-left:0}\n"
    ".toc li.depth-1{padding-left:1.5em}\n"
    ".toc li.depth-2{padding-left:3em}\n"
    ".toc li.depth-3{padding-left:4.5em}\n"
    ".diff{white-space:pre-wrap}\n"
    "ins{background:#dfd;text-decoration:underline}\n"
    "del{background:#fdd;text-decoration:line-through}\n"
    ".removed{opacity:.8}\n"
    "table{border-collapse:collapse;width:100%;margin:1em 0}\n"
    "caption{text-align:left;font-weight:bold}\n"
    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}\n"
    "@media print{\n"
    "body{max-width:none;margin:0;padding:0;font-size:11pt}\n"
    ".toc{display:none}\n"
    "a{color:inherit;text-decoration:none}\n"
    "h1,h2,h3,h4{page-break-after:avoid}\n"
    ".article,tr{page-break-inside:avoid}\n"
    "ins,del{background:none}\n"
    "}\n";

/* A definition list of fields. */
static void html_fields(xw *x, const field *f, size_t n)
{
	size_t i;

	if (!n)
		return;
	x_start(x, "dl");
	x_attr(x, "class", "facts");
	x_raw(x, "\n");
	for (i = 0; i < n; i++) {
		x_elem(x, "dt", f[i].key);
		x_elem(x, "dd", f[i].value);
		x_raw(x, "\n");
	}
	x_end(x);
	x_raw(x, "\n");
}

/* The paragraphs of text as <p> elements (inside ins or del when wrap is
 * not NULL). */
static void html_paras(xw *x, const char *text, const char *wrap)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (next_para(&p, end, &s, &len) && x->rc == 0) {
		x_start(x, "p");
		if (wrap)
			x_start(x, wrap);
		x_lines(x, s, len);
		if (wrap)
			x_end(x);
		x_end(x);
		x_raw(x, "\n");
	}
}

/* <hN><span class="num">Article 6</span> heading</hN>, the heading shown
 * as a diff against old_heading when that is not NULL, or inside wrap. */
static void html_heading(xw *x, const acc_clause *cl, const char *old_heading, const char *wrap)
{
	char h[4] = "h2";

	h[1] = (char)('0' + (cl->depth < 4 ? 2 + cl->depth : 6));
	x_start(x, h);
	if (wrap)
		x_start(x, wrap);
	x_start(x, "span");
	x_attr(x, "class", "num");
	x_str(x, clause_word(cl));
	x_str(x, " ");
	x_str(x, cl->number);
	x_end(x);
	x_str(x, " ");
	if (old_heading)
		x_diff(x, old_heading, cl->heading);
	else
		x_str(x, cl->heading);
	if (wrap)
		x_end(x);
	x_end(x);
	x_raw(x, "\n");
}

/* A clause removed since the compared revision, struck through whole. */
static void html_removed(xw *x, const acc_clause *old)
{
	x_start(x, "div");
	x_attrf(x, "class", "%s removed", old->container ? "part" : "article");
	x_attrf(x, "id", "clause-%s", old->id);
	x_raw(x, "\n");
	html_heading(x, old, NULL, "del");
	html_paras(x, old->text, "del");
	x_end(x);
	x_raw(x, "\n");
}

/* Where the removed clauses go: anchor[j] for old clause j is the index
 * in st of the nearest earlier old clause that still exists (-1: before
 * the first), or -2 when j was not removed.  *out malloc'd. */
static int removed_anchors(long **out, const acc_state *st, const acc_state *old)
{
	long *a = acc_calloc(old->nclauses ? old->nclauses : 1, sizeof(long));
	size_t j;

	*out = a;
	if (!a)
		return ACC_ENOMEM;
	for (j = 0; j < old->nclauses; j++) {
		size_t k;

		a[j] = -2;
		if (acc_state_clause_index(st, old->clauses[j].id) >= 0)
			continue;
		a[j] = -1;
		for (k = j; k-- > 0;) {
			long at = acc_state_clause_index(st, old->clauses[k].id);

			if (at >= 0) {
				a[j] = at;
				break;
			}
		}
	}
	return 0;
}

/* Writes the removed clauses anchored at index at. */
static void html_removed_at(xw *x, const acc_state *old, const long *anchor, long at)
{
	size_t j;

	for (j = 0; old && j < old->nclauses; j++)
		if (anchor[j] == at)
			html_removed(x, &old->clauses[j]);
}

/* One clause: heading and text, with changes against old (may be NULL)
 * when a change view is on. */
static void html_clause(xw *x, const acc_clause *cl, const acc_state *since)
{
	const acc_clause *old = since ? acc_state_clause(since, cl->id) : NULL;
	int added = since && !old;
	int changed_text = old && strcmp(old->text, cl->text) != 0;
	int changed_head = old && strcmp(old->heading, cl->heading) != 0;

	x_start(x, "div");
	x_attrf(x, "class", "%s%s%s", cl->container ? "part" : "article", added ? " added" : "",
		changed_text || changed_head ? " changed" : "");
	x_attrf(x, "id", "clause-%s", cl->id);
	x_raw(x, "\n");
	html_heading(x, cl, changed_head ? old->heading : NULL, added ? "ins" : NULL);
	if (changed_text) {
		x_start(x, "div");
		x_attr(x, "class", "diff");
		x_diff(x, old->text, cl->text);
		x_end(x);
		x_raw(x, "\n");
	} else {
		html_paras(x, cl->text, added ? "ins" : NULL);
	}
}

/* The table of contents. */
static void html_toc(xw *x, const acc_state *st)
{
	size_t i;

	x_start(x, "div");
	x_attr(x, "class", "toc");
	x_attr(x, "role", "navigation");
	x_attr(x, "aria-labelledby", "contents");
	x_raw(x, "\n");
	x_start(x, "h2");
	x_attr(x, "id", "contents");
	x_str(x, "Contents");
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "ol");
	x_raw(x, "\n");
	if (st->conv.preamble && st->conv.preamble[0]) {
		x_start(x, "li");
		x_start(x, "a");
		x_attr(x, "href", "#preamble");
		x_str(x, "Preamble");
		x_end(x);
		x_end(x);
		x_raw(x, "\n");
	}
	for (i = 0; i < st->nclauses && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		x_start(x, "li");
		x_attrf(x, "class", "depth-%d", cl->depth < 3 ? cl->depth : 3);
		x_start(x, "a");
		x_attrf(x, "href", "#clause-%s", cl->id);
		x_str(x, clause_word(cl));
		x_str(x, " ");
		x_str(x, cl->number);
		x_str(x, ". ");
		x_str(x, cl->heading);
		x_end(x);
		x_end(x);
		x_raw(x, "\n");
	}
	x_start(x, "li");
	x_start(x, "a");
	x_attr(x, "href", "#adoption-record");
	x_str(x, "Adoption record");
	x_end(x);
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "li");
	x_start(x, "a");
	x_attr(x, "href", "#signatories");
	x_str(x, "Signatories");
	x_end(x);
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
}

/* A table: caption, header cells, then rows of n cells (cells[r*n+c]). */
static void html_table(xw *x, const char *cls, const char *caption, const char *const *head,
		       size_t n, char *const *cells, size_t rows)
{
	size_t r, c;

	x_start(x, "table");
	x_attr(x, "class", cls);
	x_raw(x, "\n");
	x_elem(x, "caption", caption);
	x_raw(x, "\n");
	x_start(x, "thead");
	x_start(x, "tr");
	for (c = 0; c < n; c++) {
		x_start(x, "th");
		x_attr(x, "scope", "col");
		x_str(x, head[c]);
		x_end(x);
	}
	x_end(x);
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "tbody");
	x_raw(x, "\n");
	for (r = 0; r < rows && x->rc == 0; r++) {
		x_start(x, "tr");
		for (c = 0; c < n; c++)
			x_elem(x, "td", cells[r * n + c]);
		x_end(x);
		x_raw(x, "\n");
	}
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
}

/* Frees a table of malloc'd cells. */
static void cells_free(char **cells, size_t n)
{
	size_t i;

	for (i = 0; cells && i < n; i++)
		free(cells[i]);
	free(cells);
}

/* The roll-call of b as rows of three cells (organisation, vote, cast
 * by); *cells malloc'd. */
static int roll_cells(char ***cells, size_t *rows, const acc_state *st, const acc_ballot *b)
{
	roll_row *r = NULL;
	size_t n = 0, i;
	char **c;
	int rc;

	*cells = NULL;
	*rows = 0;
	if ((rc = roll_call(&r, &n, st, b)) < 0)
		return rc;
	if (!(c = acc_calloc(n * 3 + 1, sizeof(char *)))) {
		free(r);
		return ACC_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		c[i * 3] = acc_sprintf("%s (%s)", r[i].org->name, r[i].org->id);
		c[i * 3 + 1] = roll_vote_text(&r[i]);
		c[i * 3 + 2] = delegate_text(st, r[i].org->id, r[i].delegate);
		if (!c[i * 3] || !c[i * 3 + 1] || !c[i * 3 + 2])
			rc = ACC_ENOMEM;
	}
	free(r);
	if (rc < 0) {
		cells_free(c, n * 3);
		return rc;
	}
	*cells = c;
	*rows = n;
	return 0;
}

/* The signatures as rows of three cells (organisation, signed by, date). */
static int signature_cells(char ***cells, size_t *rows, const acc_state *ss)
{
	char **c = acc_calloc(ss->nsignatures * 3 + 1, sizeof(char *));
	size_t i;
	int rc = 0;

	*cells = NULL;
	*rows = 0;
	if (!c)
		return ACC_ENOMEM;
	for (i = 0; i < ss->nsignatures; i++) {
		const acc_signature *s = &ss->signatures[i];

		c[i * 3] = acc_sprintf("%s (%s)", org_name(ss, s->org), s->org);
		c[i * 3 + 1] = delegate_text(ss, s->org, s->delegate);
		c[i * 3 + 2] = acc_strdup(s->date);
		if (!c[i * 3] || !c[i * 3 + 1] || !c[i * 3 + 2])
			rc = ACC_ENOMEM;
	}
	if (rc < 0) {
		cells_free(c, ss->nsignatures * 3);
		return rc;
	}
	*cells = c;
	*rows = ss->nsignatures;
	return 0;
}

/* The adoption record and the signatories. */
static void html_record(xw *x, const acc_export_doc *d)
{
	static const char *const roll_head[] = {"Organisation", "Vote", "Cast by"};
	static const char *const sig_head[] = {"Organisation", "Signed by", "Date"};
	const acc_state *st = d->st, *ss = sig_state(d);
	field f[MAX_FIELDS];
	char **cells = NULL;
	size_t n = 0, i, rows = 0;
	int rc;

	x_start(x, "div");
	x_attr(x, "class", "record");
	x_attr(x, "id", "adoption-record");
	x_raw(x, "\n");
	x_elem(x, "h2", "Adoption record");
	x_raw(x, "\n");
	x_elem(x, "h3", "Adopted amendments");
	x_raw(x, "\n");
	if (!adopted_count(st)) {
		x_elem(x, "p", "No amendment was adopted.");
		x_raw(x, "\n");
	}
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];

		if (a->status != ACC_ST_ADOPTED)
			continue;
		x_start(x, "div");
		x_attr(x, "class", "amendment");
		x_attrf(x, "id", "amendment-%s", a->id);
		x_raw(x, "\n");
		x_start(x, "h4");
		x_str(x, "Amendment ");
		x_str(x, a->id);
		x_end(x);
		x_raw(x, "\n");
		if ((rc = amendment_fields(f, &n, st, a)) < 0) {
			x->rc = x->rc ? x->rc : rc;
			break;
		}
		html_fields(x, f, n);
		fields_free(f, n);
		x_end(x);
		x_raw(x, "\n");
	}
	x_start(x, "h3");
	x_attr(x, "id", "ratification");
	x_str(x, "Ratification");
	x_end(x);
	x_raw(x, "\n");
	if (x->rc == 0 && (rc = ratification_fields(f, &n, st)) < 0)
		x->rc = rc;
	if (x->rc == 0) {
		html_fields(x, f, n);
		fields_free(f, n);
	}
	if (x->rc == 0 && (st->ratification.state == ACC_BALLOT_OPEN ||
			   st->ratification.state == ACC_BALLOT_CLOSED)) {
		if ((rc = roll_cells(&cells, &rows, st, &st->ratification)) < 0)
			x->rc = rc;
		else
			html_table(x, "roll-call", "Roll-call of the ratification ballot",
				   roll_head, 3, cells, rows);
		cells_free(cells, rows * 3);
	}
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "div");
	x_attr(x, "class", "signatories");
	x_attr(x, "id", "signatories");
	x_raw(x, "\n");
	x_elem(x, "h2", "Signatories");
	x_raw(x, "\n");
	if (!is_ratified(st) && !ss->nsignatures) {
		x_elem(x, "p", "The text has not been ratified: nobody has signed.");
		x_raw(x, "\n");
	} else if (!ss->nsignatures) {
		x_elem(x, "p", "No organisation has signed yet.");
		x_raw(x, "\n");
	} else if (x->rc == 0) {
		if ((rc = signature_cells(&cells, &rows, ss)) < 0)
			x->rc = rc;
		else
			html_table(x, "signatures", "Signatures", sig_head, 3, cells, rows);
		cells_free(cells, rows * 3);
	}
	x_end(x);
	x_raw(x, "\n");
}

/* The summary of a change view: counts and a legend. */
static void html_change_summary(xw *x, const acc_state *st, const acc_state *old)
{
	size_t i, changed = 0, added = 0, removed = 0;
	char *s;

	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *o = acc_state_clause(old, st->clauses[i].id);

		if (!o)
			added++;
		else if (strcmp(o->text, st->clauses[i].text) ||
			 strcmp(o->heading, st->clauses[i].heading))
			changed++;
	}
	for (i = 0; i < old->nclauses; i++)
		removed += acc_state_clause_index(st, old->clauses[i].id) < 0;
	s = acc_sprintf("%zu clause%s changed, %zu added, %zu removed. ", changed,
			changed == 1 ? "" : "s", added, removed);
	if (!s) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		return;
	}
	x_start(x, "p");
	x_attr(x, "class", "legend");
	x_str(x, s);
	x_str(x, "Insertions are shown ");
	x_elem(x, "ins", "like this");
	x_str(x, ", deletions ");
	x_elem(x, "del", "like this");
	x_str(x, ".");
	x_end(x);
	x_raw(x, "\n");
	free(s);
}

/* The HTML document (XHTML syntax, self-contained). */
static int render_html(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st, *old = d->since;
	xmlBufferPtr buf = NULL;
	field f[MAX_FIELDS];
	long *anchor = NULL;
	size_t n = 0, i;
	int depth_open = 0, rc;
	xw x;

	if ((rc = x_open(&x, &buf, 1)) < 0)
		return rc;
	if (old && (x.rc = removed_anchors(&anchor, st, old)) < 0)
		goto done;
	x_fail(&x, xmlTextWriterWriteDTD(x.w, BAD_CAST "html", NULL, NULL, NULL));
	x_raw(&x, "\n");
	x_start(&x, "html");
	x_attr(&x, "xmlns", "http://www.w3.org/1999/xhtml");
	x_attr(&x, "lang", lang_tag(st));
	x_attr(&x, "xml:lang", lang_tag(st));
	x_raw(&x, "\n");
	x_start(&x, "head");
	x_raw(&x, "\n");
	x_start(&x, "meta");
	x_attr(&x, "charset", "utf-8");
	x_end_void(&x);
	x_raw(&x, "\n");
	x_start(&x, "meta");
	x_attr(&x, "name", "viewport");
	x_attr(&x, "content", "width=device-width, initial-scale=1");
	x_end_void(&x);
	x_raw(&x, "\n");
	x_elem(&x, "title", st->conv.title);
	x_raw(&x, "\n");
	x_start(&x, "style");
	x_raw(&x, html_css);
	x_end(&x);
	x_raw(&x, "\n");
	x_end(&x);
	x_raw(&x, "\n");
	x_start(&x, "body");
	x_raw(&x, "\n");
	x_start(&x, "div");
	x_attr(&x, "class", "front");
	x_raw(&x, "\n");
	x_elem(&x, "h1", st->conv.title);
	x_raw(&x, "\n");
	if (x.rc == 0 && (x.rc = revision_fields(f, &n, d)) == 0) {
		if (st->conv.short_title) {
			memmove(f + 1, f, n * sizeof(*f));
			f[0].key = "Short title";
			f[0].value = acc_strdup(st->conv.short_title);
			n++;
			if (!f[0].value)
				x.rc = ACC_ENOMEM;
		}
		html_fields(&x, f, n);
		fields_free(f, n);
	}
	if (old)
		html_change_summary(&x, st, old);
	x_end(&x);
	x_raw(&x, "\n");
	html_toc(&x, st);
	x_start(&x, "div");
	x_attr(&x, "class", "text");
	x_attr(&x, "role", "main");
	x_raw(&x, "\n");
	if (st->conv.preamble && st->conv.preamble[0]) {
		x_start(&x, "div");
		x_attr(&x, "class", "preamble");
		x_attr(&x, "id", "preamble");
		x_raw(&x, "\n");
		x_elem(&x, "h2", "Preamble");
		x_raw(&x, "\n");
		if (old && old->conv.preamble && strcmp(old->conv.preamble, st->conv.preamble)) {
			x_start(&x, "div");
			x_attr(&x, "class", "diff");
			x_diff(&x, old->conv.preamble, st->conv.preamble);
			x_end(&x);
			x_raw(&x, "\n");
		} else {
			html_paras(&x, st->conv.preamble, NULL);
		}
		x_end(&x);
		x_raw(&x, "\n");
	}
	html_removed_at(&x, old, anchor, -1);
	for (i = 0; i < st->nclauses && x.rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		/* close the parts this clause is not inside */
		for (; depth_open > cl->depth; depth_open--) {
			x_end(&x);
			x_raw(&x, "\n");
		}
		html_clause(&x, cl, old);
		if (cl->container) {
			depth_open++;
			html_removed_at(&x, old, anchor, (long)i);
		} else {
			x_end(&x);
			x_raw(&x, "\n");
			html_removed_at(&x, old, anchor, (long)i);
		}
	}
	for (; depth_open > 0; depth_open--) {
		x_end(&x);
		x_raw(&x, "\n");
	}
	x_end(&x);
	x_raw(&x, "\n");
	html_record(&x, d);
	x_end(&x);
	x_raw(&x, "\n");
	x_end(&x);
	x_raw(&x, "\n");
done:
	free(anchor);
	return x_close(&x, buf, out);
}

/* ---- Akoma Ntoso 3.0 --------------------------------------------------------- */

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

/* 1 when s is an xsd:date ("2023-11-14") or a UTC xsd:dateTime
 * ("2023-11-14T22:45:00Z"), the forms accord writes. */
static int iso_date_ok(const char *s)
{
	static const char day[] = "dddd-dd-dd", full[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = s ? strlen(s) : 0, i;
	const char *pat = n == sizeof(day) - 1 ? day : n == sizeof(full) - 1 ? full : NULL;

	if (!pat)
		return 0;
	for (i = 0; i < n; i++)
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
			return 0;
	return 1;
}

/* The work's name in its IRI: the short title (else the title) in lower
 * case, other characters as '-' (malloc'd; "convention" when empty). */
static char *akn_slug(const acc_state *st)
{
	const char *s =
	    st->conv.short_title && st->conv.short_title[0] ? st->conv.short_title : st->conv.title;
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	for (i = 0; s && s[i] && b.size < 40; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			acc_buf_putc(&b, c);
		else if (b.size && b.ptr[b.size - 1] != '-')
			acc_buf_putc(&b, '-');
	}
	while (b.size && b.ptr[b.size - 1] == '-')
		b.ptr[--b.size] = '\0';
	if (!b.size)
		acc_buf_puts(&b, "convention");
	return acc_buf_detach(&b);
}

/* <name value="value"/> */
static void akn_value(xw *x, const char *name, const char *value)
{
	x_start(x, name);
	x_attr(x, "value", value);
	x_end(x);
	x_raw(x, "\n");
}

/* <FRBRdate date="..." name="..."/> */
static void akn_frbr_date(xw *x, const char *date, const char *name)
{
	x_start(x, "FRBRdate");
	x_attr(x, "date", date);
	x_attr(x, "name", name);
	x_end(x);
	x_raw(x, "\n");
}

/* <FRBRauthor href="#chair"/> */
static void akn_frbr_author(xw *x, const acc_state *st)
{
	x_start(x, "FRBRauthor");
	x_attrf(x, "href", "#%s", st->conv.chair);
	x_end(x);
	x_raw(x, "\n");
}

/* The identification block: Work, Expression and Manifestation. */
static void akn_identification(xw *x, const acc_export_doc *d, const char *type)
{
	const acc_state *st = d->st;
	int ratified = is_ratified(st) && d->tag;
	char wdate[16], edate[16];
	char *slug = akn_slug(st), *work = NULL, *expr = NULL, *s = NULL;

	date_fmt(wdate, sizeof(wdate), ratified ? d->tag_rev.time : d->rev.time, DATE_DAY);
	date_fmt(edate, sizeof(edate), d->rev.time, DATE_DAY);
	if (!slug || !(work = acc_sprintf("/akn/int/%s/%s/%s", type, wdate, slug)) ||
	    !(expr = acc_sprintf("%s/%s@%s", work, lang3(st), edate))) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		goto done;
	}
	x_start(x, "identification");
	x_attrf(x, "source", "#%s", st->conv.chair);
	x_raw(x, "\n");
	x_start(x, "FRBRWork");
	x_raw(x, "\n");
	x_start(x, "FRBRthis");
	x_attrf(x, "value", "%s/!main", work);
	x_end(x);
	x_raw(x, "\n");
	akn_value(x, "FRBRuri", work);
	akn_frbr_date(x, wdate, ratified ? "ratification" : "draft");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRcountry", "int");
	akn_value(x, "FRBRname", st->conv.title);
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "FRBRExpression");
	x_raw(x, "\n");
	x_start(x, "FRBRthis");
	x_attrf(x, "value", "%s/!main", expr);
	x_end(x);
	x_raw(x, "\n");
	akn_value(x, "FRBRuri", expr);
	akn_frbr_date(x, edate, "revision");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRversionNumber", d->rev.commit);
	x_start(x, "FRBRlanguage");
	x_attr(x, "language", lang3(st));
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "FRBRManifestation");
	x_raw(x, "\n");
	x_start(x, "FRBRthis");
	x_attrf(x, "value", "%s/!main.xml", expr);
	x_end(x);
	x_raw(x, "\n");
	if (!(s = acc_sprintf("%s.akn", expr)))
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
	akn_value(x, "FRBRuri", s);
	akn_frbr_date(x, edate, "export");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRformat", "application/akn+xml");
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
done:
	free(s);
	free(slug);
	free(work);
	free(expr);
}

/* The refersTo list of one kind of vote: the concept, then the counted
 * organisations that voted so (malloc'd). */
static char *akn_vote_refs(const roll_row *r, size_t n, acc_vote v)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	if (acc_buf_printf(&b, "#concept_%s", acc_vote_name(v)) < 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (r[i].counted && r[i].vote == v &&
		    acc_buf_printf(&b, " #%s", r[i].org->id) < 0) {
			acc_buf_free(&b);
			return NULL;
		}
	return acc_buf_detach(&b);
}

/* One <voting> for ballot b (named id) of st. */
static void akn_voting(xw *x, const acc_state *st, const char *id, const acc_ballot *b)
{
	static const acc_vote kinds[] = {ACC_VOTE_YES, ACC_VOTE_NO, ACC_VOTE_ABSTAIN,
					 ACC_VOTE_NONE};
	roll_row *r = NULL;
	size_t n = 0, k;
	char q[32];
	counts c;
	int rc;

	if (b->state != ACC_BALLOT_OPEN && b->state != ACC_BALLOT_CLOSED)
		return;
	if ((rc = ballot_counts(&c, st, b)) < 0 || (rc = roll_call(&r, &n, st, b)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	x_start(x, "voting");
	x_attrf(x, "eId", "vote_%s", id);
	if (b->state == ACC_BALLOT_CLOSED)
		x_attrf(x, "outcome", "#concept_%s", acc_result_name(b->result));
	x_attrf(x, "refersTo", "#ballot_%s", id);
	x_raw(x, "\n");
	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	x_start(x, "quorum");
	x_attrf(x, "eId", "vote_%s__quorum", id);
	x_attr(x, "value", q);
	x_attr(x, "refersTo", c.quorum_met ? "#concept_quorum-met" : "#concept_quorum-not-met");
	x_end(x);
	x_raw(x, "\n");
	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		unsigned v[] = {c.yes, c.no, c.abstain, c.absent};
		unsigned long wv[] = {c.w_yes, c.w_no, c.w_abstain, c.w_absent};
		char *refs = akn_vote_refs(r, n, kinds[k]);

		if (!refs) {
			x->rc = x->rc ? x->rc : ACC_ENOMEM;
			break;
		}
		x_start(x, "count");
		x_attrf(x, "eId", "vote_%s__%s", id, acc_vote_name(kinds[k]));
		x_attrf(x, "value", "%u", v[k]);
		x_attr(x, "refersTo", refs);
		x_end(x);
		x_raw(x, "\n");
		if (c.weighted) {
			x_start(x, "count");
			x_attrf(x, "eId", "vote_%s__%s-weighted", id, acc_vote_name(kinds[k]));
			x_attrf(x, "value", "%lu", wv[k]);
			x_attrf(x, "refersTo", "#concept_%s #concept_weighted",
				acc_vote_name(kinds[k]));
			x_end(x);
			x_raw(x, "\n");
		}
		free(refs);
	}
	x_end(x);
	x_raw(x, "\n");
	free(r);
}

/* The analysis block: every ballot with votes, as <voting>. */
static void akn_analysis(xw *x, const acc_state *st)
{
	size_t i, any = st->ratification.state == ACC_BALLOT_OPEN ||
			st->ratification.state == ACC_BALLOT_CLOSED;

	for (i = 0; i < st->namendments; i++)
		any += st->amendments[i].ballot.state == ACC_BALLOT_OPEN ||
		       st->amendments[i].ballot.state == ACC_BALLOT_CLOSED;
	if (!any)
		return;
	x_start(x, "analysis");
	x_attrf(x, "source", "#%s", st->conv.chair);
	x_raw(x, "\n");
	x_start(x, "parliamentary");
	x_raw(x, "\n");
	for (i = 0; i < st->namendments; i++)
		akn_voting(x, st, st->amendments[i].id, &st->amendments[i].ballot);
	akn_voting(x, st, "ratification", &st->ratification);
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
}

/* <name eId=".." href=".." showAs=".."/> in the references. */
static void akn_tlc(xw *x, const char *name, const char *eid, const char *href, const char *show)
{
	x_start(x, name);
	x_attr(x, "eId", eid);
	x_attr(x, "href", href);
	x_attr(x, "showAs", show);
	x_end(x);
	x_raw(x, "\n");
}

/* The references: organisations, their delegates, the ballots as events,
 * and the concepts and roles the document refers to. */
static void akn_references(xw *x, const acc_state *st, const char *slug)
{
	static const char *const concepts[] = {
	    "yes",	"no",	      "abstain",	"absent",  "adopted",
	    "rejected", "quorum-met", "quorum-not-met", "weighted"};
	size_t i, k;
	char eid[ACC_ID_MAX + 32], href[ACC_ID_MAX * 2 + 80];

	x_start(x, "references");
	x_attrf(x, "source", "#%s", st->conv.chair);
	x_raw(x, "\n");
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		char *show;

		if (a->ballot.state != ACC_BALLOT_OPEN && a->ballot.state != ACC_BALLOT_CLOSED)
			continue;
		snprintf(eid, sizeof(eid), "ballot_%s", a->id);
		snprintf(href, sizeof(href), "/akn/ontology/event/int/%s/ballot/%s", slug, a->id);
		show = acc_sprintf("Ballot on amendment %s", a->id);
		if (!show)
			x->rc = x->rc ? x->rc : ACC_ENOMEM;
		else
			akn_tlc(x, "TLCEvent", eid, href, show);
		free(show);
	}
	if (st->ratification.state == ACC_BALLOT_OPEN ||
	    st->ratification.state == ACC_BALLOT_CLOSED) {
		snprintf(href, sizeof(href), "/akn/ontology/event/int/%s/ballot/ratification",
			 slug);
		akn_tlc(x, "TLCEvent", "ballot_ratification", href, "Ratification ballot");
	}
	for (i = 0; i < st->norgs && x->rc == 0; i++) {
		const acc_org *o = &st->orgs[i];

		snprintf(href, sizeof(href), "/akn/ontology/organization/int/%s", o->id);
		akn_tlc(x, "TLCOrganization", o->id, href, o->name);
		for (k = 0; k < o->ndelegates; k++) {
			snprintf(eid, sizeof(eid), "dlg_%s_%zu", o->id, k + 1);
			snprintf(href, sizeof(href), "/akn/ontology/person/int/%s/%zu", o->id,
				 k + 1);
			akn_tlc(x, "TLCPerson", eid, href, o->delegates[k].name);
		}
	}
	for (i = 0; i < sizeof(concepts) / sizeof(*concepts); i++) {
		snprintf(eid, sizeof(eid), "concept_%s", concepts[i]);
		snprintf(href, sizeof(href), "/akn/ontology/concept/accord/%s", concepts[i]);
		akn_tlc(x, "TLCConcept", eid, href, concepts[i]);
	}
	akn_tlc(x, "TLCRole", "role_signatory", "/akn/ontology/role/accord/signatory", "signatory");
	x_end(x);
	x_raw(x, "\n");
}

/* <p>text</p> with line breaks as <br/>. */
static void akn_p(xw *x, const char *s, size_t len)
{
	x_start(x, "p");
	x_lines(x, s, len);
	x_end(x);
	x_raw(x, "\n");
}

/* <p>s</p> of a NUL-terminated string. */
static void akn_ps(xw *x, const char *s)
{
	akn_p(x, s, strlen(s));
}

/* 1 when every paragraph of text starts with a number label ("1. "). */
static int all_numbered(const char *text)
{
	const char *p = text, *end = text + strlen(text), *s;
	size_t len, n = 0;

	while (next_para(&p, end, &s, &len)) {
		size_t lab = para_label(s, len);

		if (!lab || s[0] < '0' || s[0] > '9')
			return 0;
		n++;
	}
	return n > 0;
}

/* The text of an article: numbered <paragraph>s when every paragraph has
 * a number, else one <content> of <p>s. */
static void akn_article_text(xw *x, const acc_clause *cl, const char *eid)
{
	const char *p = cl->text, *end = cl->text + strlen(cl->text), *s;
	size_t len, k = 0;

	if (!all_numbered(cl->text)) {
		x_start(x, "content");
		x_raw(x, "\n");
		while (next_para(&p, end, &s, &len)) {
			akn_p(x, s, len);
			k++;
		}
		if (!k)
			akn_ps(x, "");
		x_end(x);
		x_raw(x, "\n");
		return;
	}
	while (next_para(&p, end, &s, &len) && x->rc == 0) {
		size_t lab = para_label(s, len);

		x_start(x, "paragraph");
		x_attrf(x, "eId", "%s__para_%zu", eid, ++k);
		x_start(x, "num");
		x_text(x, s, lab);
		x_end(x);
		x_start(x, "content");
		akn_p(x, s + lab + 1, len - lab - 1);
		x_end(x);
		x_end(x);
		x_raw(x, "\n");
	}
}

/* The body: the clauses as a hierarchy of parts and articles. */
static void akn_body(xw *x, const acc_state *st)
{
	acc_buf eid = ACC_BUF_INIT;
	int open = 0;
	size_t i;

	x_start(x, "body");
	x_raw(x, "\n");
	if (!st->nclauses) {
		x_start(x, "hcontainer");
		x_attr(x, "name", "empty");
		x_attr(x, "eId", "hcontainer_empty");
		x_start(x, "content");
		akn_ps(x, "");
		x_end(x);
		x_end(x);
		x_raw(x, "\n");
	}
	for (i = 0; i < st->nclauses && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];
		const char *p, *end, *s;
		size_t len;

		for (; open > cl->depth; open--) {
			x_end(x);
			x_raw(x, "\n");
		}
		acc_buf_clear(&eid);
		if ((x->rc = acc_export_eid(&eid, cl)) < 0)
			break;
		x_start(x, acc_export_akn_element(cl));
		x_attr(x, "eId", eid.ptr);
		x_raw(x, "\n");
		x_start(x, "num");
		x_str(x, clause_word(cl));
		x_str(x, " ");
		x_str(x, cl->number);
		x_end(x);
		x_raw(x, "\n");
		x_elem(x, "heading", cl->heading);
		x_raw(x, "\n");
		if (!cl->container) {
			akn_article_text(x, cl, eid.ptr);
			x_end(x);
			x_raw(x, "\n");
			continue;
		}
		open++;
		p = cl->text;
		end = p + strlen(p);
		if (next_para(&p, end, &s, &len)) {
			x_start(x, "intro");
			akn_p(x, s, len);
			while (next_para(&p, end, &s, &len))
				akn_p(x, s, len);
			x_end(x);
			x_raw(x, "\n");
		}
	}
	for (; open > 0; open--) {
		x_end(x);
		x_raw(x, "\n");
	}
	x_end(x);
	x_raw(x, "\n");
	acc_buf_free(&eid);
}

/* A <tblock> of fields with a heading. */
static void akn_fields_block(xw *x, const char *eid, const char *heading, const field *f, size_t n)
{
	size_t i;

	x_start(x, "tblock");
	x_attr(x, "eId", eid);
	x_raw(x, "\n");
	x_elem(x, "heading", heading);
	x_raw(x, "\n");
	for (i = 0; i < n; i++) {
		x_start(x, "p");
		x_str(x, f[i].key);
		x_str(x, ": ");
		x_str(x, f[i].value);
		x_end(x);
		x_raw(x, "\n");
	}
	if (!n)
		akn_ps(x, "");
}

/* A table row of text cells. */
static void akn_row(xw *x, const char *cell, char *const *cells, size_t n)
{
	size_t c;

	x_start(x, "tr");
	for (c = 0; c < n; c++) {
		x_start(x, cell);
		x_start(x, "p");
		x_str(x, cells[c]);
		x_end(x);
		x_end(x);
	}
	x_end(x);
	x_raw(x, "\n");
}

/* The index (1-based) of the delegate with email in org, or 0. */
static size_t delegate_index(const acc_state *st, const char *org, const char *email)
{
	const acc_org *o = acc_state_org(st, org);
	size_t k;

	for (k = 0; o && email && k < o->ndelegates; k++)
		if (o->delegates[k].email && strcmp(o->delegates[k].email, email) == 0)
			return k + 1;
	return 0;
}

/* The conclusions: the adoption record and the signatures. */
static void akn_conclusions(xw *x, const acc_export_doc *d)
{
	static const char *const roll_head[] = {"Organisation", "Vote", "Cast by"};
	const acc_state *st = d->st, *ss = sig_state(d);
	field f[MAX_FIELDS];
	char **cells = NULL, eid[ACC_ID_MAX + 16];
	size_t n = 0, i, rows = 0;
	int rc;

	x_start(x, "conclusions");
	x_raw(x, "\n");
	x_start(x, "container");
	x_attr(x, "name", "adoptionRecord");
	x_attr(x, "eId", "container_adoption-record");
	x_raw(x, "\n");
	if (!adopted_count(st))
		akn_ps(x, "No amendment was adopted.");
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		char *head;

		if (a->status != ACC_ST_ADOPTED)
			continue;
		if ((rc = amendment_fields(f, &n, st, a)) < 0) {
			x->rc = x->rc ? x->rc : rc;
			break;
		}
		snprintf(eid, sizeof(eid), "record_%s", a->id);
		head = acc_sprintf("Amendment %s", a->id);
		if (!head)
			x->rc = x->rc ? x->rc : ACC_ENOMEM;
		else
			akn_fields_block(x, eid, head, f, n);
		x_end(x);
		x_raw(x, "\n");
		free(head);
		fields_free(f, n);
	}
	if (x->rc == 0 && (rc = ratification_fields(f, &n, st)) < 0)
		x->rc = rc;
	if (x->rc == 0) {
		akn_fields_block(x, "record_ratification", "Ratification", f, n);
		fields_free(f, n);
		if (st->ratification.state == ACC_BALLOT_OPEN ||
		    st->ratification.state == ACC_BALLOT_CLOSED) {
			if ((rc = roll_cells(&cells, &rows, st, &st->ratification)) < 0) {
				x->rc = x->rc ? x->rc : rc;
			} else {
				x_start(x, "table");
				x_attr(x, "eId", "record_ratification__roll-call");
				x_raw(x, "\n");
				akn_row(x, "th", (char *const *)roll_head, 3);
				for (i = 0; i < rows; i++)
					akn_row(x, "td", cells + i * 3, 3);
				x_end(x);
				x_raw(x, "\n");
			}
			cells_free(cells, rows * 3);
		}
		x_end(x);
		x_raw(x, "\n");
	}
	x_end(x);
	x_raw(x, "\n");
	x_start(x, "container");
	x_attr(x, "name", "signatures");
	x_attr(x, "eId", "container_signatures");
	x_raw(x, "\n");
	if (!is_ratified(st) && !ss->nsignatures)
		akn_ps(x, "The text has not been ratified: nobody has signed.");
	else if (!ss->nsignatures)
		akn_ps(x, "No organisation has signed yet.");
	for (i = 0; i < ss->nsignatures && x->rc == 0; i++) {
		const acc_signature *s = &ss->signatures[i];
		size_t k = delegate_index(ss, s->org, s->delegate);
		char *by = delegate_text(ss, s->org, s->delegate);

		x_start(x, "p");
		x_start(x, "signature");
		x_start(x, "party");
		x_attrf(x, "refersTo", "#%s", s->org);
		x_attr(x, "as", "#role_signatory");
		x_str(x, org_name(ss, s->org));
		x_end(x);
		x_str(x, ", signed by ");
		if (k) {
			x_start(x, "person");
			x_attrf(x, "refersTo", "#dlg_%s_%zu", s->org, k);
			x_str(x, by);
			x_end(x);
		} else {
			x_str(x, by);
		}
		x_str(x, " on ");
		if (iso_date_ok(s->date)) {
			x_start(x, "date");
			x_attr(x, "date", s->date);
			x_str(x, s->date);
			x_end(x);
		} else {
			x_str(x, s->date);
		}
		x_end(x);
		x_end(x);
		x_raw(x, "\n");
		free(by);
	}
	x_end(x);
	x_raw(x, "\n");
	x_end(x);
	x_raw(x, "\n");
}

/* The Akoma Ntoso document: an act once ratified, else a bill. */
static int render_akn(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	const char *type = is_ratified(st) ? "act" : "bill";
	xmlBufferPtr buf = NULL;
	char *slug = NULL, day[32];
	const char *p, *end, *s;
	size_t len;
	xw x;
	int rc;

	if ((rc = x_open(&x, &buf, 0)) < 0)
		return rc;
	if (!(slug = akn_slug(st)))
		x.rc = ACC_ENOMEM;
	x_fail(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	x_start(&x, "akomaNtoso");
	x_attr(&x, "xmlns", AKN_NS);
	x_raw(&x, "\n");
	x_start(&x, type);
	x_attr(&x, "name", "convention");
	x_raw(&x, "\n");
	x_start(&x, "meta");
	x_raw(&x, "\n");
	akn_identification(&x, d, type);
	akn_analysis(&x, st);
	if (x.rc == 0)
		akn_references(&x, st, slug);
	x_end(&x);
	x_raw(&x, "\n");
	x_start(&x, "preface");
	x_raw(&x, "\n");
	x_start(&x, "longTitle");
	x_start(&x, "p");
	x_elem(&x, "docTitle", st->conv.title);
	x_end(&x);
	x_end(&x);
	x_raw(&x, "\n");
	if (st->conv.short_title) {
		x_start(&x, "p");
		x_elem(&x, "shortTitle", st->conv.short_title);
		x_end(&x);
		x_raw(&x, "\n");
	}
	x_start(&x, "p");
	x_elem(&x, "docStatus", is_ratified(st) ? "Ratified text" : "Draft, not ratified");
	if (is_ratified(st) && d->tag) {
		date_fmt(day, sizeof(day), d->tag_rev.time, DATE_DAY);
		x_str(&x, " (");
		x_str(&x, d->tag);
		x_str(&x, ", ");
		x_start(&x, "docDate");
		x_attr(&x, "date", day);
		x_str(&x, day);
		x_end(&x);
		x_str(&x, ")");
	}
	x_str(&x, "; revision ");
	x_elem(&x, "docNumber", d->rev.commit);
	x_str(&x, " of ");
	date_fmt(day, sizeof(day), d->rev.time, DATE_ISO);
	x_start(&x, "docDate");
	x_attr(&x, "date", day);
	x_str(&x, day);
	x_end(&x);
	if (d->sig_st) {
		date_fmt(day, sizeof(day), d->sig_rev.time, DATE_ISO);
		x_str(&x, "; signatures as of ");
		x_str(&x, d->sig_rev.commit);
		x_str(&x, " (");
		x_str(&x, day);
		x_str(&x, ")");
	}
	x_end(&x);
	x_raw(&x, "\n");
	x_end(&x);
	x_raw(&x, "\n");
	p = st->conv.preamble ? st->conv.preamble : "";
	end = p + strlen(p);
	if (next_para(&p, end, &s, &len)) {
		x_start(&x, "preamble");
		x_raw(&x, "\n");
		akn_p(&x, s, len);
		while (next_para(&p, end, &s, &len))
			akn_p(&x, s, len);
		x_end(&x);
		x_raw(&x, "\n");
	}
	akn_body(&x, st);
	akn_conclusions(&x, d);
	x_end(&x);
	x_raw(&x, "\n");
	x_end(&x);
	x_raw(&x, "\n");
	free(slug);
	return x_close(&x, buf, out);
}

/* ---- JSON -------------------------------------------------------------------- */

/* A JSON string of s: exact when valid UTF-8, else sanitised (JSON cannot
 * carry invalid UTF-8); null for NULL. */
static json_t *jstr(const char *s)
{
	acc_buf b = ACC_BUF_INIT;
	json_t *v;

	if (!s)
		return json_null();
	if (acc_utf8_valid(s, strlen(s), NULL))
		return json_string(s);
	if (acc_sanitize(&b, s, strlen(s), ACC_SAN_NEWLINES) < 0)
		return NULL;
	v = json_string(b.ptr ? b.ptr : "");
	acc_buf_free(&b);
	return v;
}

/* {"commit": .., "date": .., "time": ..} */
static json_t *json_rev(const acc_export_rev *r)
{
	json_t *o = json_object();
	char date[32];

	date_fmt(date, sizeof(date), r->time, DATE_ISO);
	json_object_set_new(o, "commit", jstr(r->commit));
	json_object_set_new(o, "date", jstr(date));
	json_object_set_new(o, "time", json_integer(r->time));
	return o;
}

/* The JSON of a ballot: state, rule, figures and votes. */
static json_t *json_ballot(const acc_state *st, const acc_ballot *b)
{
	json_t *o = json_object(), *votes = json_array(), *t = json_null();
	char q[32];
	counts c;
	size_t i;

	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	json_object_set_new(o, "status", jstr(acc_ballot_state_name(b->state)));
	json_object_set_new(o, "rule", jstr(acc_rule_name(b->rule)));
	json_object_set_new(o, "quorum", jstr(q));
	if (b->state == ACC_BALLOT_FALLEN)
		json_object_set_new(o, "fallen_by", jstr(b->fallen_by));
	if ((b->state == ACC_BALLOT_OPEN || b->state == ACC_BALLOT_CLOSED) &&
	    ballot_counts(&c, st, b) == 0) {
		t = json_object();
		json_object_set_new(t, "final", json_boolean(c.final));
		json_object_set_new(t, "yes", json_integer(c.yes));
		json_object_set_new(t, "no", json_integer(c.no));
		json_object_set_new(t, "abstain", json_integer(c.abstain));
		json_object_set_new(t, "absent", json_integer(c.absent));
		json_object_set_new(t, "members", json_integer(c.members));
		json_object_set_new(t, "weighted", json_boolean(c.weighted));
		if (c.weighted) {
			json_object_set_new(t, "weighted_yes", json_integer((json_int_t)c.w_yes));
			json_object_set_new(t, "weighted_no", json_integer((json_int_t)c.w_no));
			json_object_set_new(t, "weighted_abstain",
					    json_integer((json_int_t)c.w_abstain));
			json_object_set_new(t, "weighted_absent",
					    json_integer((json_int_t)c.w_absent));
		}
		json_object_set_new(t, "quorum_met", json_boolean(c.quorum_met));
		json_object_set_new(o, "result", jstr(acc_result_name(c.result)));
	} else {
		json_object_set_new(o, "result", json_null());
	}
	json_object_set_new(o, "tally", t);
	for (i = 0; i < b->nvotes; i++) {
		json_t *v = json_object();

		json_object_set_new(v, "org", jstr(b->votes[i].org));
		json_object_set_new(v, "vote", jstr(acc_vote_name(b->votes[i].vote)));
		json_object_set_new(v, "delegate", jstr(b->votes[i].delegate));
		json_array_append_new(votes, v);
	}
	json_object_set_new(o, "votes", votes);
	return o;
}

/*
 * Appends JSON text with every character the sanitiser would not show as
 * itself (DEL, C1 controls, bidi and invisible format characters) written
 * as a \uXXXX escape: the same JSON value, but nothing in it can reorder
 * or hide text on a terminal.  Such characters only occur inside strings.
 */
static int json_put_safe(acc_buf *out, const char *s)
{
	return acc_sanitize_json(out, s, strlen(s));
}

/* The whole convention at the revision as one JSON document. */
static int render_json(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st, *ss = sig_state(d);
	json_t *root = json_object(), *a, *rules = json_object(), *tag = json_null();
	char q[32], *text;
	size_t i, k;
	int rc = 0;

	json_object_set_new(root, "accord_export", json_integer(1));
	json_object_set_new(root, "title", jstr(st->conv.title));
	json_object_set_new(root, "short_title", jstr(st->conv.short_title));
	json_object_set_new(root, "language", jstr(st->conv.language));
	json_object_set_new(root, "ratified", json_boolean(is_ratified(st)));
	json_object_set_new(root, "revision", json_rev(&d->rev));
	if (d->tag) {
		tag = json_rev(&d->tag_rev);
		json_object_set_new(tag, "name", jstr(d->tag));
	}
	json_object_set_new(root, "ratification_tag", tag);
	json_object_set_new(root, "signatures_revision",
			    d->sig_st ? json_rev(&d->sig_rev) : json_null());
	json_object_set_new(root, "chair", jstr(st->conv.chair));
	json_object_set_new(rules, "rule", jstr(acc_rule_name(st->conv.rule)));
	acc_fraction_format(q, sizeof(q), st->conv.quorum_num, st->conv.quorum_den);
	json_object_set_new(rules, "quorum", jstr(q));
	json_object_set_new(rules, "ratification_rule",
			    jstr(acc_rule_name(st->conv.ratification_rule)));
	acc_fraction_format(q, sizeof(q), st->conv.rat_quorum_num, st->conv.rat_quorum_den);
	json_object_set_new(rules, "ratification_quorum", jstr(q));
	json_object_set_new(rules, "signatures_required",
			    json_boolean(st->conv.signatures_required));
	json_object_set_new(root, "rules", rules);
	json_object_set_new(root, "preamble", jstr(st->conv.preamble ? st->conv.preamble : ""));
	a = json_array();
	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *cl = &st->clauses[i], *parent = clause_parent(st, i);
		json_t *o = json_object();
		char *label = clause_label(cl);

		json_object_set_new(o, "id", jstr(cl->id));
		json_object_set_new(o, "number", jstr(cl->number));
		json_object_set_new(o, "label", jstr(label));
		json_object_set_new(o, "heading", jstr(cl->heading));
		json_object_set_new(o, "depth", json_integer(cl->depth));
		json_object_set_new(o, "part", json_boolean(cl->container));
		json_object_set_new(o, "parent", jstr(parent ? parent->id : NULL));
		json_object_set_new(o, "text", jstr(cl->text));
		json_array_append_new(a, o);
		free(label);
	}
	json_object_set_new(root, "clauses", a);
	a = json_array();
	for (i = 0; i < st->norgs; i++) {
		const acc_org *org = &st->orgs[i];
		json_t *o = json_object(), *dl = json_array();

		json_object_set_new(o, "id", jstr(org->id));
		json_object_set_new(o, "name", jstr(org->name));
		json_object_set_new(o, "type", jstr(org->type));
		json_object_set_new(o, "role", jstr(acc_role_name(org->role)));
		json_object_set_new(o, "weight", json_integer(org->weight));
		json_object_set_new(o, "description", jstr(org->description));
		for (k = 0; k < org->ndelegates; k++) {
			json_t *dg = json_object();

			json_object_set_new(dg, "name", jstr(org->delegates[k].name));
			json_object_set_new(dg, "email", jstr(org->delegates[k].email));
			json_object_set_new(dg, "key", jstr(org->delegates[k].key));
			json_array_append_new(dl, dg);
		}
		json_object_set_new(o, "delegates", dl);
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "organisations", a);
	a = json_array();
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *am = &st->amendments[i];
		json_t *o = json_object(), *co = json_array();

		json_object_set_new(o, "id", jstr(am->id));
		json_object_set_new(o, "status", jstr(acc_status_name(am->status)));
		json_object_set_new(o, "sponsor", jstr(am->sponsor));
		for (k = 0; k < am->cosponsors.count; k++)
			json_array_append_new(co, jstr(am->cosponsors.items[k]));
		json_object_set_new(o, "cosponsors", co);
		json_object_set_new(o, "clause", jstr(am->clause));
		json_object_set_new(o, "operation", jstr(acc_op_name(am->op)));
		json_object_set_new(o, "amends", jstr(am->amends));
		json_object_set_new(o, "new_clause", jstr(am->new_clause));
		json_object_set_new(o, "heading", jstr(am->heading));
		json_object_set_new(o, "rationale", jstr(am->rationale));
		json_object_set_new(o, "base", jstr(am->base[0] ? am->base : NULL));
		json_object_set_new(o, "text", jstr(am->text));
		json_object_set_new(o, "ballot", json_ballot(st, &am->ballot));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "amendments", a);
	json_object_set_new(root, "ratification", json_ballot(st, &st->ratification));
	a = json_array();
	for (i = 0; i < ss->nsignatures; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "org", jstr(ss->signatures[i].org));
		json_object_set_new(o, "delegate", jstr(ss->signatures[i].delegate));
		json_object_set_new(o, "date", jstr(ss->signatures[i].date));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "signatures", a);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return acc_error_set(ACC_ENOMEM, "cannot build the JSON document");
	if ((rc = json_put_safe(out, text)) == 0)
		rc = acc_buf_putc(out, '\n');
	free(text);
	return rc;
}

/* ---- CSV ----------------------------------------------------------------------- */

/* Appends one CSV record of n fields, ended by CRLF. */
static void csv_row(wr *w, const char *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			w_put(w, ",", 1);
		w_check(w, acc_export_csv_field(w->b, f[i] ? f[i] : "", f[i] ? strlen(f[i]) : 0));
	}
	w_put(w, "\r\n", 2);
}

/* The roll-call rows of one ballot. */
static void csv_ballot(wr *w, const acc_state *st, const char *id, const char *clause,
		       const acc_ballot *b)
{
	roll_row *r = NULL;
	size_t n = 0, i;
	const char *result;

	if (b->state != ACC_BALLOT_OPEN && b->state != ACC_BALLOT_CLOSED)
		return;
	w_check(w, roll_call(&r, &n, st, b));
	result = b->state == ACC_BALLOT_OPEN ? "pending" : acc_result_name(b->result);
	for (i = 0; i < n && w->rc == 0; i++) {
		char *vote = roll_vote_text(&r[i]);
		const char *f[] = {id,	   clause,	 acc_ballot_state_name(b->state),
				   result, r[i].org->id, r[i].org->name,
				   vote,   r[i].delegate};

		if (!vote)
			w_check(w, ACC_ENOMEM);
		else
			csv_row(w, f, sizeof(f) / sizeof(*f));
		free(vote);
	}
	free(r);
}

/* The roll-call of every ballot, one vote per row (RFC 4180). */
static int render_csv(acc_buf *out, const acc_export_doc *d)
{
	static const char *const head[] = {"ballot", "clause",	 "status", "result",
					   "org",    "org_name", "vote",   "delegate"};
	const acc_state *st = d->st;
	wr w = {out, 0};
	size_t i;

	csv_row(&w, head, sizeof(head) / sizeof(*head));
	for (i = 0; i < st->namendments && w.rc == 0; i++)
		csv_ballot(&w, st, st->amendments[i].id, st->amendments[i].clause,
			   &st->amendments[i].ballot);
	csv_ballot(&w, st, "ratification", "", &st->ratification);
	return w.rc;
}

/* ---- loading and the entry point ------------------------------------------------- */

/* Fills r with commit and its time. */
static int load_rev(acc_export_rev *r, acc_ctx *c, const char *commit)
{
	acc_commit_info ci;
	int rc;

	memset(&ci, 0, sizeof(ci));
	if ((rc = acc_store_commit_info(&ci, acc_ctx_store(c), commit)) < 0)
		return rc;
	memcpy(r->commit, commit, sizeof(r->commit));
	r->time = ci.time;
	acc_commit_info_clear(&ci);
	return 0;
}

int acc_export_load(acc_export_doc **out, acc_ctx *c, const char *at, const char *since)
{
	acc_export_doc *d = acc_calloc(1, sizeof(*d));
	acc_oid_hex head, target;
	char *tag = NULL;
	int rc;

	*out = NULL;
	if (!d)
		return ACC_ENOMEM;
	if (at) {
		if ((rc = acc_ops_state(&d->own[0], d->rev.commit, c, at)) < 0)
			goto fail;
	} else {
		if ((rc = acc_store_head(acc_ctx_store(c), head)) < 0)
			goto fail;
		rc = acc_store_latest_tag(&tag, target, acc_ctx_store(c), "ratified-", head);
		if (rc == ACC_ENOTFOUND) {
			acc_error_clear();
			memcpy(target, head, sizeof(target));
		} else if (rc < 0) {
			goto fail;
		}
		if ((rc = acc_store_load_state(&d->own[0], acc_ctx_store(c), target)) < 0)
			goto fail;
		memcpy(d->rev.commit, target, sizeof(target));
		if (strcmp(target, head) != 0) {
			/* signatures come after the ratification: read them at the tip */
			if ((rc = acc_store_load_state(&d->own[1], acc_ctx_store(c), head)) < 0 ||
			    (rc = load_rev(&d->sig_rev, c, head)) < 0)
				goto fail;
			d->sig_st = d->own[1];
		}
		free(tag);
		tag = NULL;
	}
	d->st = d->own[0];
	if ((rc = load_rev(&d->rev, c, d->rev.commit)) < 0)
		goto fail;
	if (is_ratified(d->st)) {
		rc = acc_store_latest_tag(&d->tag, target, acc_ctx_store(c), "ratified-",
					  d->rev.commit);
		if (rc == ACC_ENOTFOUND)
			acc_error_clear();
		else if (rc < 0 || (rc = load_rev(&d->tag_rev, c, target)) < 0)
			goto fail;
	}
	if (since) {
		if ((rc = acc_ops_state(&d->own[2], d->since_rev.commit, c, since)) < 0 ||
		    (rc = load_rev(&d->since_rev, c, d->since_rev.commit)) < 0)
			goto fail;
		d->since = d->own[2];
	}
	*out = d;
	return 0;
fail:
	free(tag);
	acc_export_doc_free(d);
	return rc;
}

void acc_export_doc_free(acc_export_doc *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < sizeof(d->own) / sizeof(*d->own); i++)
		acc_state_free(d->own[i]);
	free(d->tag);
	free(d);
}

int acc_export_render(acc_buf *out, const acc_export_doc *d, acc_export_format f)
{
	size_t before = out->size;
	int rc;

	if (d->since && f != ACC_EXPORT_HTML)
		return acc_error_set(ACC_EUSAGE, "a change view is only available in html, not %s",
				     acc_export_format_name(f));
	switch (f) {
	case ACC_EXPORT_MD:
		rc = render_md(out, d);
		break;
	case ACC_EXPORT_TXT:
		rc = render_txt(out, d);
		break;
	case ACC_EXPORT_HTML:
		rc = render_html(out, d);
		break;
	case ACC_EXPORT_AKN:
		rc = render_akn(out, d);
		break;
	case ACC_EXPORT_JSON:
		rc = render_json(out, d);
		break;
	case ACC_EXPORT_CSV:
		rc = render_csv(out, d);
		break;
	default:
		return acc_error_set(ACC_EUSAGE, "unknown export format");
	}
	if (rc < 0 && out->ptr) {
		/* leave out as it was */
		out->size = before;
		out->ptr[before] = '\0';
	}
	return rc;
}
