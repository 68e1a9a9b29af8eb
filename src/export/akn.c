/*
 * export akn: the Akoma Ntoso 3.0 document.
 *
 * A ratified text is an <act name="convention">, a draft a
 * <bill name="convention">; FRBRcountry is "int" (an international
 * instrument has no ISO 3166 country); the source and author of the
 * record is the chair organisation; ballots are <voting> elements in
 * <analysis>/<parliamentary>, one <count> per kind of vote whose
 * refersTo names the concept and the organisations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

/* The Akoma Ntoso element of a clause (see accord/export.h). */
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

/* Appends the eId of a clause: element prefix, "_", the clause id. */
int acc_export_eid(acc_buf *out, const acc_clause *cl)
{
	return acc_buf_printf(out, "%s_%s", eid_prefix(acc_export_akn_element(cl)), cl->id);
}

/* The three-letter code Akoma Ntoso's FRBRlanguage expects. */
static const char *lang3(const acc_state *st)
{
	static const char *const map[][2] = {{"ar", "ara"}, {"de", "deu"}, {"en", "eng"},
					     {"es", "spa"}, {"fr", "fra"}, {"it", "ita"},
					     {"ja", "jpn"}, {"nl", "nld"}, {"pt", "por"},
					     {"ru", "rus"}, {"zh", "zho"}};
	const char *l = ex_lang_tag(st);
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strncmp(l, map[i][0], 2) == 0 && (l[2] == '\0' || l[2] == '-'))
			return map[i][1];
	return strcmp(l, "und") == 0 ? "und" : l;
}

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
	xw_start(x, name);
	xw_attr(x, "value", value);
	xw_endl(x);
}

/* <FRBRdate date="..." name="..."/> */
static void akn_frbr_date(xw *x, const char *date, const char *name)
{
	xw_start(x, "FRBRdate");
	xw_attr(x, "date", date);
	xw_attr(x, "name", name);
	xw_endl(x);
}

/* <FRBRthis value="base/leaf"/> */
static void akn_frbr_this(xw *x, const char *base, const char *leaf)
{
	xw_start(x, "FRBRthis");
	xw_attrf(x, "value", "%s/%s", base, leaf);
	xw_endl(x);
}

/* <FRBRauthor href="#chair"/> */
static void akn_frbr_author(xw *x, const acc_state *st)
{
	xw_start(x, "FRBRauthor");
	xw_attrf(x, "href", "#%s", st->conv.chair);
	xw_endl(x);
}

/* The identification block: Work, Expression and Manifestation. */
static void akn_identification(xw *x, const acc_export_doc *d, const char *type)
{
	const acc_state *st = d->st;
	int ratified = ex_is_ratified(st) && d->tag;
	char wdate[16], edate[16];
	char *slug = akn_slug(st), *work = NULL, *expr = NULL, *s = NULL;

	ex_date_fmt(wdate, sizeof(wdate), ratified ? d->tag_rev.time : d->rev.time, DATE_DAY);
	ex_date_fmt(edate, sizeof(edate), d->rev.time, DATE_DAY);
	if (!slug || !(work = acc_sprintf("/akn/int/%s/%s/%s", type, wdate, slug)) ||
	    !(expr = acc_sprintf("%s/%s@%s", work, lang3(st), edate))) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		goto done;
	}
	xw_start(x, "identification");
	xw_attrf(x, "source", "#%s", st->conv.chair);
	xw_raw(x, "\n");
	xw_start(x, "FRBRWork");
	xw_raw(x, "\n");
	akn_frbr_this(x, work, "!main");
	akn_value(x, "FRBRuri", work);
	akn_frbr_date(x, wdate, ratified ? "ratification" : "draft");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRcountry", "int");
	akn_value(x, "FRBRname", st->conv.title);
	xw_endl(x);
	xw_start(x, "FRBRExpression");
	xw_raw(x, "\n");
	akn_frbr_this(x, expr, "!main");
	akn_value(x, "FRBRuri", expr);
	akn_frbr_date(x, edate, "revision");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRversionNumber", d->rev.commit);
	xw_start(x, "FRBRlanguage");
	xw_attr(x, "language", lang3(st));
	xw_endl(x);
	xw_endl(x);
	xw_start(x, "FRBRManifestation");
	xw_raw(x, "\n");
	akn_frbr_this(x, expr, "!main.xml");
	if (!(s = acc_sprintf("%s.akn", expr)))
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
	akn_value(x, "FRBRuri", s);
	akn_frbr_date(x, edate, "export");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRformat", "application/akn+xml");
	xw_endl(x);
	xw_endl(x);
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

	if (!ex_ballot_held(b))
		return;
	if ((rc = ex_ballot_counts(&c, st, b)) < 0 || (rc = ex_roll_call(&r, &n, st, b)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	xw_start(x, "voting");
	xw_attrf(x, "eId", "vote_%s", id);
	if (b->state == ACC_BALLOT_CLOSED)
		xw_attrf(x, "outcome", "#concept_%s", acc_result_name(b->result));
	xw_attrf(x, "refersTo", "#ballot_%s", id);
	xw_raw(x, "\n");
	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	xw_start(x, "quorum");
	xw_attrf(x, "eId", "vote_%s__quorum", id);
	xw_attr(x, "value", q);
	xw_attr(x, "refersTo", c.quorum_met ? "#concept_quorum-met" : "#concept_quorum-not-met");
	xw_endl(x);
	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		unsigned v[] = {c.yes, c.no, c.abstain, c.absent};
		unsigned long wv[] = {c.w_yes, c.w_no, c.w_abstain, c.w_absent};
		char *refs = akn_vote_refs(r, n, kinds[k]);

		if (!refs) {
			x->rc = x->rc ? x->rc : ACC_ENOMEM;
			break;
		}
		xw_start(x, "count");
		xw_attrf(x, "eId", "vote_%s__%s", id, acc_vote_name(kinds[k]));
		xw_attrf(x, "value", "%u", v[k]);
		xw_attr(x, "refersTo", refs);
		xw_endl(x);
		if (c.weighted) {
			xw_start(x, "count");
			xw_attrf(x, "eId", "vote_%s__%s-weighted", id, acc_vote_name(kinds[k]));
			xw_attrf(x, "value", "%lu", wv[k]);
			xw_attrf(x, "refersTo", "#concept_%s #concept_weighted",
				 acc_vote_name(kinds[k]));
			xw_endl(x);
		}
		free(refs);
	}
	xw_endl(x);
	free(r);
}

/* The analysis block: every ballot with votes, as <voting>. */
static void akn_analysis(xw *x, const acc_state *st)
{
	size_t i, any = (size_t)ex_ballot_held(&st->ratification);

	for (i = 0; i < st->namendments; i++)
		any += (size_t)ex_ballot_held(&st->amendments[i].ballot);
	if (!any)
		return;
	xw_start(x, "analysis");
	xw_attrf(x, "source", "#%s", st->conv.chair);
	xw_raw(x, "\n");
	xw_start(x, "parliamentary");
	xw_raw(x, "\n");
	for (i = 0; i < st->namendments; i++)
		akn_voting(x, st, st->amendments[i].id, &st->amendments[i].ballot);
	akn_voting(x, st, "ratification", &st->ratification);
	xw_endl(x);
	xw_endl(x);
}

/* <name eId=".." href=".." showAs=".."/> in the references. */
static void akn_tlc(xw *x, const char *name, const char *eid, const char *href, const char *show)
{
	xw_start(x, name);
	xw_attr(x, "eId", eid);
	xw_attr(x, "href", href);
	xw_attr(x, "showAs", show);
	xw_endl(x);
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

	xw_start(x, "references");
	xw_attrf(x, "source", "#%s", st->conv.chair);
	xw_raw(x, "\n");
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		char *show;

		if (!ex_ballot_held(&a->ballot))
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
	if (ex_ballot_held(&st->ratification)) {
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
	xw_endl(x);
}

/* <p>text</p> with line breaks as <br/>. */
static void akn_p(xw *x, const char *s, size_t len)
{
	xw_start(x, "p");
	xw_lines(x, s, len);
	xw_endl(x);
}

/* <p>s</p> of a NUL-terminated string. */
static void akn_ps(xw *x, const char *s)
{
	akn_p(x, s, strlen(s));
}

/* The paragraphs of text as <p>s inside element name (after its start
 * tag, sep), or nothing when text has none. */
static void akn_paras_in(xw *x, const char *name, const char *sep, const char *text)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	if (!ex_next_para(&p, end, &s, &len))
		return;
	xw_start(x, name);
	if (sep[0])
		xw_raw(x, sep);
	do {
		akn_p(x, s, len);
	} while (ex_next_para(&p, end, &s, &len));
	xw_endl(x);
}

/* 1 when every paragraph of text starts with a number label ("1. "). */
static int all_numbered(const char *text)
{
	const char *p = text, *end = text + strlen(text), *s;
	size_t len, n = 0;

	while (ex_next_para(&p, end, &s, &len)) {
		size_t lab = ex_para_label(s, len);

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
		xw_start(x, "content");
		xw_raw(x, "\n");
		while (ex_next_para(&p, end, &s, &len)) {
			akn_p(x, s, len);
			k++;
		}
		if (!k)
			akn_ps(x, "");
		xw_endl(x);
		return;
	}
	while (ex_next_para(&p, end, &s, &len) && x->rc == 0) {
		size_t lab = ex_para_label(s, len);

		xw_start(x, "paragraph");
		xw_attrf(x, "eId", "%s__para_%zu", eid, ++k);
		xw_start(x, "num");
		xw_text(x, s, lab);
		xw_end(x);
		xw_start(x, "content");
		akn_p(x, s + lab + 1, len - lab - 1);
		xw_end(x);
		xw_endl(x);
	}
}

/* The body: the clauses as a hierarchy of parts and articles (in lang,
 * an edition's language, when not NULL). */
static void akn_body(xw *x, const acc_state *st, const char *lang)
{
	acc_buf eid = ACC_BUF_INIT;
	int open = 0;
	size_t i;

	xw_start(x, "body");
	if (lang)
		xw_attr(x, "xml:lang", lang);
	xw_raw(x, "\n");
	if (!st->nclauses) {
		xw_start(x, "hcontainer");
		xw_attr(x, "name", "empty");
		xw_attr(x, "eId", "hcontainer_empty");
		xw_start(x, "content");
		akn_ps(x, "");
		xw_end(x);
		xw_endl(x);
	}
	for (i = 0; i < st->nclauses && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		for (; open > cl->depth; open--) {
			xw_endl(x);
		}
		acc_buf_clear(&eid);
		if ((x->rc = acc_export_eid(&eid, cl)) < 0)
			break;
		xw_start(x, acc_export_akn_element(cl));
		xw_attr(x, "eId", eid.ptr);
		xw_raw(x, "\n");
		xw_start(x, "num");
		xw_str(x, ex_clause_word(cl));
		xw_str(x, " ");
		xw_str(x, cl->number);
		xw_endl(x);
		xw_elem(x, "heading", cl->heading);
		xw_raw(x, "\n");
		if (!cl->container) {
			akn_article_text(x, cl, eid.ptr);
			xw_endl(x);
			continue;
		}
		open++;
		akn_paras_in(x, "intro", "", cl->text);
	}
	for (; open > 0; open--) {
		xw_endl(x);
	}
	xw_endl(x);
	acc_buf_free(&eid);
}

/* A <tblock> of fields with a heading. */
static void akn_fields_block(xw *x, const char *eid, const char *heading, const field *f, size_t n)
{
	size_t i;

	xw_start(x, "tblock");
	xw_attr(x, "eId", eid);
	xw_raw(x, "\n");
	xw_elem(x, "heading", heading);
	xw_raw(x, "\n");
	for (i = 0; i < n; i++) {
		xw_start(x, "p");
		xw_str(x, f[i].key);
		xw_str(x, ": ");
		xw_str(x, f[i].value);
		xw_endl(x);
	}
	if (!n)
		akn_ps(x, "");
}

/* A table row of text cells. */
static void akn_row(xw *x, const char *cell, char *const *cells, size_t n)
{
	size_t c;

	xw_start(x, "tr");
	for (c = 0; c < n; c++) {
		xw_start(x, cell);
		xw_start(x, "p");
		xw_str(x, cells[c]);
		xw_end(x);
		xw_end(x);
	}
	xw_endl(x);
}

/* One signature: <p><signature> with the party, the person and the date. */
static void akn_signature(xw *x, const acc_state *ss, const acc_signature *s)
{
	size_t k = ex_delegate_index(ss, s->org, s->delegate);
	char *by = ex_delegate_text(ss, s->org, s->delegate);

	xw_start(x, "p");
	xw_start(x, "signature");
	xw_start(x, "party");
	xw_attrf(x, "refersTo", "#%s", s->org);
	xw_attr(x, "as", "#role_signatory");
	xw_str(x, ex_org_name(ss, s->org));
	xw_end(x);
	xw_str(x, ", signed by ");
	if (k) {
		xw_start(x, "person");
		xw_attrf(x, "refersTo", "#dlg_%s_%zu", s->org, k);
		xw_str(x, by);
		xw_end(x);
	} else {
		xw_str(x, by);
	}
	xw_str(x, " on ");
	if (iso_date_ok(s->date)) {
		xw_start(x, "date");
		xw_attr(x, "date", s->date);
		xw_str(x, s->date);
		xw_end(x);
	} else {
		xw_str(x, s->date);
	}
	xw_end(x);
	xw_endl(x);
	free(by);
}

/* An adopted amendment: its record as a <tblock>. */
static void akn_adopted(void *arg, const acc_amendment *a, const field *f, size_t n)
{
	xw *x = arg;
	char eid[ACC_ID_MAX + 16], *head;

	snprintf(eid, sizeof(eid), "record_%s", a->id);
	head = acc_sprintf("Amendment %s", a->id);
	if (!head)
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
	else
		akn_fields_block(x, eid, head, f, n);
	xw_endl(x);
	free(head);
}

/* The annex "Status of the convention", once the text is adopted: a
 * container of its summary and a table. */
static void akn_treaty(xw *x, const acc_state *ss)
{
	char **cells = NULL, *sum = NULL;
	size_t rows = 0, i;
	int rc;

	if (!ex_is_ratified(ss) || x->rc)
		return;
	xw_start(x, "container");
	xw_attr(x, "name", "status");
	xw_attr(x, "eId", "container_status");
	xw_raw(x, "\n");
	akn_ps(x, "Status of the convention");
	if ((rc = ex_treaty_summary(&sum, ss)) < 0 ||
	    (rc = ex_treaty_cells(&cells, &rows, ss)) < 0) {
		x->rc = rc;
	} else {
		akn_ps(x, sum);
		xw_start(x, "table");
		xw_attr(x, "eId", "container_status__table");
		xw_raw(x, "\n");
		akn_row(x, "th", (char *const *)ex_treaty_head, EX_TREATY_COLS);
		for (i = 0; i < rows; i++)
			akn_row(x, "td", cells + i * EX_TREATY_COLS, EX_TREATY_COLS);
		xw_endl(x);
	}
	ex_cells_free(cells, rows * EX_TREATY_COLS);
	free(sum);
	xw_endl(x);
}

/* The conclusions: the adoption record and the signatures. */
static void akn_conclusions(xw *x, const acc_export_doc *d)
{
	static const char *const roll_head[] = {"Organisation", "Vote", "Cast by"};
	const acc_state *st = d->st, *ss = ex_sig_state(d);
	field f[MAX_FIELDS];
	char **cells = NULL;
	size_t n = 0, i, rows = 0;
	int rc;

	xw_start(x, "conclusions");
	xw_raw(x, "\n");
	xw_start(x, "container");
	xw_attr(x, "name", "adoptionRecord");
	xw_attr(x, "eId", "container_adoption-record");
	xw_raw(x, "\n");
	if (!ex_adopted_count(st))
		akn_ps(x, "No amendment was adopted.");
	ex_each_adopted(&x->rc, st, akn_adopted, x);
	if (x->rc == 0 && (rc = ex_ratification_fields(f, &n, st)) < 0)
		x->rc = rc;
	if (x->rc == 0) {
		akn_fields_block(x, "record_ratification", "Ratification", f, n);
		ex_fields_free(f, n);
		if (ex_ballot_held(&st->ratification)) {
			if ((rc = ex_roll_cells(&cells, &rows, st, &st->ratification)) < 0) {
				x->rc = x->rc ? x->rc : rc;
			} else {
				xw_start(x, "table");
				xw_attr(x, "eId", "record_ratification__roll-call");
				xw_raw(x, "\n");
				akn_row(x, "th", (char *const *)roll_head, 3);
				for (i = 0; i < rows; i++)
					akn_row(x, "td", cells + i * 3, 3);
				xw_endl(x);
			}
			ex_cells_free(cells, rows * 3);
		}
		xw_endl(x);
	}
	xw_endl(x);
	xw_start(x, "container");
	xw_attr(x, "name", "signatures");
	xw_attr(x, "eId", "container_signatures");
	xw_raw(x, "\n");
	if (ex_no_signatures(d))
		akn_ps(x, ex_no_signatures(d));
	for (i = 0; i < ss->nsignatures && x->rc == 0; i++)
		akn_signature(x, ss, &ss->signatures[i]);
	xw_endl(x);
	akn_treaty(x, ss);
	xw_endl(x);
}

/* The Akoma Ntoso document: an act once ratified, else a bill. */
int ex_render_akn(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	const char *type = ex_is_ratified(st) ? "act" : "bill";
	xmlBufferPtr buf = NULL;
	char *slug = NULL, day[32];
	xw x;
	int rc;

	if ((rc = xw_open(&x, &buf, 0)) < 0)
		return rc;
	if (!(slug = akn_slug(st)))
		x.rc = ACC_ENOMEM;
	xw_fail(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	xw_start(&x, "akomaNtoso");
	xw_attr(&x, "xmlns", AKN_NS);
	xw_raw(&x, "\n");
	xw_start(&x, type);
	xw_attr(&x, "name", "convention");
	xw_raw(&x, "\n");
	xw_start(&x, "meta");
	xw_raw(&x, "\n");
	akn_identification(&x, d, type);
	akn_analysis(&x, st);
	if (x.rc == 0)
		akn_references(&x, st, slug);
	xw_endl(&x);
	xw_start(&x, "preface");
	xw_raw(&x, "\n");
	xw_start(&x, "longTitle");
	xw_start(&x, "p");
	xw_elem(&x, "docTitle", st->conv.title);
	xw_end(&x);
	xw_endl(&x);
	if (st->conv.short_title) {
		xw_start(&x, "p");
		xw_elem(&x, "shortTitle", st->conv.short_title);
		xw_endl(&x);
	}
	xw_start(&x, "p");
	xw_elem(&x, "docStatus", ex_is_ratified(st) ? "Ratified text" : "Draft, not ratified");
	if (ex_is_ratified(st) && d->tag) {
		ex_date_fmt(day, sizeof(day), d->tag_rev.time, DATE_DAY);
		xw_str(&x, " (");
		xw_str(&x, d->tag);
		xw_str(&x, ", ");
		xw_start(&x, "docDate");
		xw_attr(&x, "date", day);
		xw_str(&x, day);
		xw_end(&x);
		xw_str(&x, ")");
	}
	xw_str(&x, "; revision ");
	xw_elem(&x, "docNumber", d->rev.commit);
	xw_str(&x, " of ");
	ex_date_fmt(day, sizeof(day), d->rev.time, DATE_ISO);
	xw_start(&x, "docDate");
	xw_attr(&x, "date", day);
	xw_str(&x, day);
	xw_end(&x);
	if (d->sig_st) {
		ex_date_fmt(day, sizeof(day), d->sig_rev.time, DATE_ISO);
		xw_str(&x, "; signatures as of ");
		xw_str(&x, d->sig_rev.commit);
		xw_str(&x, " (");
		xw_str(&x, day);
		xw_str(&x, ")");
	}
	xw_endl(&x);
	xw_endl(&x);
	akn_paras_in(&x, "preamble", "\n", st->conv.preamble);
	akn_body(&x, st, d->lang);
	akn_conclusions(&x, d);
	xw_endl(&x);
	xw_endl(&x);
	free(slug);
	return xw_close(&x, buf, out);
}
