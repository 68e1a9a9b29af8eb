/* model: bracketed text, its records and where a bracket stands in its clause. */
#include "accord/bracket.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* A record's body without its final newline (malloc'd). */
static char *body_text(const acc_record *r)
{
	size_t n = r->body_len;

	if (n && r->body[n - 1] == '\n')
		n--;
	return acc_strndup(r->body, n);
}

/* Frees what a choice owns. */
static void choice_clear(acc_bracket_choice *c)
{
	free(c->org);
	free(c->delegate);
}

/* Frees what bracket b owns. */
static void bracket_clear(acc_bracket *b)
{
	size_t i;

	free(b->id);
	free(b->org);
	free(b->clause);
	free(b->span);
	free(b->delegate);
	for (i = 0; i < b->noptions; i++)
		free(b->options[i]);
	free(b->options);
	for (i = 0; i < b->nsupport; i++)
		choice_clear(&b->support[i]);
	free(b->support);
	for (i = 0; i < b->nelectors; i++)
		free(b->electors[i].org);
	free(b->electors);
	for (i = 0; i < b->nvotes; i++)
		choice_clear(&b->votes[i]);
	free(b->votes);
	free(b->resolved_by);
}

/* Frees every bracket of st. */
void acc_model_brackets_free(acc_state *st)
{
	size_t i;

	for (i = 0; i < st->nbrackets; i++)
		bracket_clear(&st->brackets[i]);
	free(st->brackets);
	st->brackets = NULL;
	st->nbrackets = 0;
}

/* Reads the single field "Option: k" of r, 1 <= k <= b->noptions. */
static int get_option(unsigned *out, const acc_record *r, const acc_bracket *b)
{
	const char *v;
	int rc;

	if ((rc = acc_record_require(r, "Option", &v)) < 0)
		return rc;
	if (acc_model_uint_parse(out, v) < 0 || *out == 0 || *out > b->noptions)
		return acc_model_error_at(r, acc_record_line(r, "Option"),
					  "invalid option '%s' (1 to %zu)", v, b->noptions);
	return 0;
}

/* Loads the files dir/<org> (support or votes) of b into a sorted array. */
static int load_choices(acc_bracket_choice **out, size_t *n, const acc_state *st, acc_source *src,
			const acc_bracket *b, const char *dir)
{
	static const char *const keys[] = {"Option", "Delegate", NULL};
	acc_strlist ids = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = src->list(src, dir, &ids)) < 0 || !ids.count)
		goto done;
	if (!(*out = acc_calloc(ids.count, sizeof(**out)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count && rc == 0; i++) {
		acc_bracket_choice *c = &(*out)[(*n)++];
		char *path = acc_sprintf("%s/%s", dir, ids.items[i]);
		acc_record *r = NULL;

		if (!path)
			rc = ACC_ENOMEM;
		else if (!acc_state_org(st, ids.items[i]))
			rc = acc_error_set(ACC_EINVAL, "%s: an unknown organisation", path);
		else if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) == 0 &&
			 (rc = acc_record_check_keys(r, keys)) == 0 &&
			 (rc = get_option(&c->option, r, b)) == 0 &&
			 (rc = acc_model_opt_str(&c->delegate, r, "Delegate")) == 0 &&
			 !(c->org = acc_strdup(ids.items[i])))
			rc = ACC_ENOMEM;
		acc_record_free(r);
		free(path);
	}
done:
	acc_strlist_free(&ids);
	return rc;
}

/* Loads dir/options/1..N into b (N >= 2, numbered without gaps). */
static int load_options(acc_bracket *b, acc_source *src, const char *dir)
{
	acc_strlist names = ACC_STRLIST_INIT;
	char *odir = acc_sprintf("%s/options", dir);
	size_t i;
	int rc;

	if (!odir)
		return ACC_ENOMEM;
	if ((rc = src->list(src, odir, &names)) < 0)
		goto done;
	if (names.count < 2) {
		rc = acc_error_set(ACC_EINVAL, "%s: a bracket needs at least two options", odir);
		goto done;
	}
	if (!(b->options = acc_calloc(names.count, sizeof(char *)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	b->noptions = names.count;
	for (i = 0; i < names.count && rc == 0; i++) {
		char *path = acc_sprintf("%s/%zu", odir, i + 1);
		acc_record *r = NULL;

		if (!path) {
			rc = ACC_ENOMEM;
			break;
		}
		rc = acc_model_record_load(&r, src, path, 0, NULL);
		if (rc == ACC_ENOTFOUND)
			rc = acc_error_set(ACC_EINVAL, "%s: options must be numbered 1 to %zu",
					   odir, names.count);
		else if (rc == 0 && r->nfields)
			rc = acc_model_error_at(r, r->fields[0].line, "unknown key '%s'",
						r->fields[0].key);
		else if (rc == 0 && !(b->options[i] = body_text(r)))
			rc = ACC_ENOMEM;
		acc_record_free(r);
		free(path);
	}
done:
	acc_strlist_free(&names);
	free(odir);
	return rc;
}

/* Loads dir/ballot of b when present. */
static int load_ballot(acc_bracket *b, acc_source *src, const char *dir)
{
	static const char *const keys[] = {"Status", "Rule",  "Quorum",	   "Elector",
					   "Chosen", "Count", "Roll-Call", NULL};
	char *path = acc_sprintf("%s/ballot", dir);
	acc_record *r = NULL;
	const char *v;
	size_t i;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	rc = acc_model_record_load(&r, src, path, 0, NULL);
	if (rc == ACC_ENOTFOUND) {
		rc = 0;
		goto done;
	}
	if (rc < 0 || (rc = acc_record_check_keys(r, keys)) < 0 ||
	    (rc = acc_record_require(r, "Status", &v)) < 0)
		goto done;
	if (strcmp(v, "open") == 0)
		b->ballot = ACC_BALLOT_OPEN;
	else if (strcmp(v, "closed") == 0)
		b->ballot = ACC_BALLOT_CLOSED;
	else {
		rc = acc_model_error_at(r, acc_record_line(r, "Status"),
					"invalid ballot status '%s' (open or closed)", v);
		goto done;
	}
	if ((rc = acc_record_require(r, "Rule", &v)) < 0 ||
	    (rc = acc_model_get_rule(&b->rule, r, "Rule", ACC_RULE_SIMPLE)) < 0 ||
	    (rc = acc_record_require(r, "Quorum", &v)) < 0 ||
	    (rc = acc_model_get_fraction(&b->quorum_num, &b->quorum_den, r, "Quorum")) < 0)
		goto done;
	b->nelectors = 0;
	if (acc_record_count(r, "Elector") &&
	    !(b->electors = acc_calloc(acc_record_count(r, "Elector"), sizeof(acc_elector)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < acc_record_count(r, "Elector"); i++) {
		const char *e = acc_record_nth(r, "Elector", i), *sp = strchr(e, ' ');
		acc_elector *el = &b->electors[b->nelectors];

		if (!sp || !(el->org = acc_strndup(e, (size_t)(sp - e)))) {
			rc = sp ? ACC_ENOMEM
				: acc_model_error_at(r, acc_record_line(r, "Elector"),
						     "expected '<org> <weight>'");
			goto done;
		}
		b->nelectors++;
		if (acc_model_uint_parse(&el->weight, sp + 1) < 0 || el->weight == 0) {
			rc = acc_model_error_at(r, acc_record_line(r, "Elector"),
						"invalid weight '%s'", sp + 1);
			goto done;
		}
	}
	if (b->ballot == ACC_BALLOT_CLOSED) {
		if ((rc = acc_record_require(r, "Chosen", &v)) < 0)
			goto done;
		if (strcmp(v, "none") != 0 && (acc_model_uint_parse(&b->chosen, v) < 0 ||
					       b->chosen == 0 || b->chosen > b->noptions))
			rc = acc_model_error_at(r, acc_record_line(r, "Chosen"),
						"invalid choice '%s' (an option or none)", v);
	} else if (acc_record_count(r, "Chosen") || acc_record_count(r, "Roll-Call")) {
		rc = acc_model_error_at(r, r->fields[r->nfields - 1].line,
					"a result in a ballot that is not closed");
	}
done:
	acc_record_free(r);
	free(path);
	return rc;
}

/* Loads dir/resolution of b when present. */
static int load_resolution(acc_bracket *b, acc_source *src, const char *dir)
{
	static const char *const keys[] = {"Option", "By", NULL};
	char *path = acc_sprintf("%s/resolution", dir);
	acc_record *r = NULL;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	rc = acc_model_record_load(&r, src, path, 0, NULL);
	if (rc == ACC_ENOTFOUND)
		rc = 0;
	else if (rc == 0 && (rc = acc_record_check_keys(r, keys)) == 0 &&
		 (rc = get_option(&b->resolved, r, b)) == 0 &&
		 (rc = acc_model_req_str(&b->resolved_by, r, "By")) == 0 &&
		 strcmp(b->resolved_by, "consensus") != 0 && strcmp(b->resolved_by, "ballot") != 0)
		rc = acc_model_error_at(r, acc_record_line(r, "By"),
					"invalid resolution '%s' (consensus or ballot)",
					b->resolved_by);
	acc_record_free(r);
	free(path);
	return rc;
}

/* Loads the bracket brackets/<org>/<num> into b. */
static int load_bracket(acc_bracket *b, const acc_state *st, acc_source *src, const char *org,
			const char *num)
{
	static const char *const keys[] = {"Clause", "Base", "Occurrence", "Delegate", NULL};
	char *dir = acc_sprintf("brackets/%s/%s", org, num), *path = NULL, *vdir = NULL,
	     *sdir = NULL;
	acc_record *r = NULL;
	const char *v;
	int rc;

	if (!dir || !(path = acc_sprintf("%s/bracket", dir)) ||
	    !(vdir = acc_sprintf("%s/votes", dir)) || !(sdir = acc_sprintf("%s/support", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (!acc_state_org(st, org)) {
		rc = acc_error_set(ACC_EINVAL, "%s: a bracket of an unknown organisation", dir);
		goto done;
	}
	if (acc_model_uint_parse(&b->seq, num) < 0 || b->seq == 0) {
		rc = acc_error_set(ACC_EINVAL, "%s: not a bracket folder (expected a number)", dir);
		goto done;
	}
	if (!(b->org = acc_strdup(org)) || !(b->id = acc_sprintf("%s-b%u", org, b->seq))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) < 0 ||
	    (rc = acc_record_check_keys(r, keys)) < 0 ||
	    (rc = acc_model_opt_id(&b->clause, r, "Clause", "clause")) < 0 ||
	    (rc = acc_record_require(r, "Clause", &v)) < 0 ||
	    (rc = acc_record_require(r, "Base", &v)) < 0 ||
	    (rc = acc_model_get_uint(&b->occurrence, r, "Occurrence", 1)) < 0 ||
	    (rc = acc_model_opt_str(&b->delegate, r, "Delegate")) < 0)
		goto done;
	if (strlen(v) != ACC_OID_HEXLEN || strspn(v, "0123456789abcdef") != ACC_OID_HEXLEN) {
		rc = acc_model_error_at(r, acc_record_line(r, "Base"), "invalid blob id '%s'", v);
		goto done;
	}
	memcpy(b->base, v, ACC_OID_HEXLEN + 1);
	if (b->occurrence == 0) {
		rc = acc_model_error_at(r, acc_record_line(r, "Occurrence"),
					"invalid occurrence 0 (from 1)");
		goto done;
	}
	if (!(b->span = body_text(r))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (!*b->span) {
		rc = acc_error_set(ACC_EINVAL, "%s: empty span", path);
		goto done;
	}
	if ((rc = load_options(b, src, dir)) < 0 ||
	    (rc = load_choices(&b->support, &b->nsupport, st, src, b, sdir)) < 0 ||
	    (rc = load_ballot(b, src, dir)) < 0 ||
	    (rc = load_choices(&b->votes, &b->nvotes, st, src, b, vdir)) < 0 ||
	    (rc = load_resolution(b, src, dir)) < 0)
		goto done;
	if (b->nvotes && b->ballot == ACC_BALLOT_NONE)
		rc = acc_error_set(ACC_EINVAL, "%s: votes without a ballot", vdir);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	free(vdir);
	free(sdir);
	return rc;
}

/* Orders brackets by organisation, then number. */
static int bracket_cmp(const void *x, const void *y)
{
	const acc_bracket *a = x, *b = y;
	int c = strcmp(a->org, b->org);

	return c ? c : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

/* Loads every bracket folder brackets/<org>/<n>, sorted by org then number. */
int acc_model_load_brackets(acc_state *st, acc_source *src)
{
	acc_strlist orgs = ACC_STRLIST_INIT, nums = ACC_STRLIST_INIT;
	size_t i, j, alloc = 0;
	int rc;

	if ((rc = src->list(src, "brackets", &orgs)) < 0)
		goto done;
	for (i = 0; i < orgs.count && rc == 0; i++) {
		char *dir = acc_sprintf("brackets/%s", orgs.items[i]);

		acc_strlist_free(&nums);
		if (!dir || (rc = src->list(src, dir, &nums)) < 0) {
			free(dir);
			rc = rc < 0 ? rc : ACC_ENOMEM;
			break;
		}
		free(dir);
		for (j = 0; j < nums.count && rc == 0; j++) {
			if (st->nbrackets == alloc) {
				size_t na = alloc ? 2 * alloc : 8;
				acc_bracket *nb = acc_realloc(st->brackets, na * sizeof(*nb));

				if (!nb) {
					rc = ACC_ENOMEM;
					break;
				}
				st->brackets = nb;
				alloc = na;
			}
			memset(&st->brackets[st->nbrackets], 0, sizeof(acc_bracket));
			rc = load_bracket(&st->brackets[st->nbrackets++], st, src, orgs.items[i],
					  nums.items[j]);
		}
	}
	if (rc == 0 && st->nbrackets)
		qsort(st->brackets, st->nbrackets, sizeof(acc_bracket), bracket_cmp);
done:
	acc_strlist_free(&orgs);
	acc_strlist_free(&nums);
	return rc;
}

/* Splits a bracket id "<org>-b<n>" into its organisation and number. */
int acc_bracket_id_split(char **org, unsigned *seq, const char *id)
{
	const char *p = id ? strrchr(id, '-') : NULL;

	*org = NULL;
	if (!p || p == id || p[1] != 'b' || acc_model_uint_parse(seq, p + 2) < 0 || *seq == 0)
		return acc_error_set(ACC_EINVAL, "not a bracket id: '%.60s'", id ? id : "");
	if (!(*org = acc_strndup(id, (size_t)(p - id))))
		return ACC_ENOMEM;
	if (!acc_id_valid(*org)) {
		free(*org);
		*org = NULL;
		return acc_error_set(ACC_EINVAL, "not a bracket id: '%.60s'", id);
	}
	return 0;
}

/* 1 when id looks like a bracket id (no error left set). */
int acc_bracket_id_shape(const char *id)
{
	char *org = NULL;
	unsigned seq;
	int ok = acc_bracket_id_split(&org, &seq, id) == 0;

	if (!ok)
		acc_error_clear();
	free(org);
	return ok;
}

/* The bracket called id in st, or NULL (a linear search). */
const acc_bracket *acc_state_bracket(const acc_state *st, const char *id)
{
	size_t i;

	for (i = 0; id && i < st->nbrackets; i++)
		if (strcmp(st->brackets[i].id, id) == 0)
			return &st->brackets[i];
	return NULL;
}

/* Counts the occurrences of span in text, overlapping ones included. */
size_t acc_bracket_count(const char *text, const char *span)
{
	size_t n = 0;
	const char *p = text;

	if (!*span)
		return 0;
	while ((p = strstr(p, span))) {
		n++;
		p++;
	}
	return n;
}

/* Finds the occurrence-th occurrence of span in text. */
int acc_bracket_find(size_t *start, size_t *end, const char *text, const char *span,
		     unsigned occurrence)
{
	const char *p = text;
	unsigned k = 0;

	if (!*span)
		return ACC_ENOTFOUND;
	while ((p = strstr(p, span))) {
		if (++k == occurrence) {
			*start = (size_t)(p - text);
			*end = *start + strlen(span);
			return 0;
		}
		p++;
	}
	return ACC_ENOTFOUND;
}

/* Finds where bracket b stands in its clause's current text. */
int acc_bracket_locate(size_t *start, size_t *end, const acc_state *st, const acc_bracket *b)
{
	const acc_clause *c = acc_state_clause(st, b->clause);

	if (!c || !c->text)
		return ACC_ENOTFOUND;
	return acc_bracket_find(start, end, c->text, b->span, b->occurrence);
}

/* The derived status of b: resolved, lost, voting or open. */
acc_bracket_status acc_bracket_status_of(const acc_state *st, const acc_bracket *b)
{
	size_t s, e;

	if (b->resolved)
		return ACC_BRACKET_RESOLVED;
	if (acc_bracket_locate(&s, &e, st, b) < 0)
		return ACC_BRACKET_LOST;
	return b->ballot == ACC_BALLOT_OPEN ? ACC_BRACKET_VOTING : ACC_BRACKET_OPEN;
}

/* The name of a bracket status. */
const char *acc_bracket_status_name(acc_bracket_status s)
{
	switch (s) {
	case ACC_BRACKET_OPEN:
		return "open";
	case ACC_BRACKET_VOTING:
		return "voting";
	case ACC_BRACKET_RESOLVED:
		return "resolved";
	case ACC_BRACKET_LOST:
		return "lost";
	}
	return "open";
}

/* 1 when b is still to be settled. */
int acc_bracket_pending(const acc_state *st, const acc_bracket *b)
{
	acc_bracket_status s = acc_bracket_status_of(st, b);

	return s == ACC_BRACKET_OPEN || s == ACC_BRACKET_VOTING;
}

/* The option org supports in b, or 0. */
unsigned acc_bracket_support_of(const acc_bracket *b, const char *org)
{
	size_t i;

	for (i = 0; i < b->nsupport; i++)
		if (strcmp(b->support[i].org, org) == 0)
			return b->support[i].option;
	return 0;
}

/* Puts option in place of [start, end) of text; a deletion takes a space. */
int acc_bracket_apply(char **out, const char *text, size_t start, size_t end, const char *option)
{
	size_t len = strlen(text);
	acc_buf b = ACC_BUF_INIT;
	int rc;

	if (!*option) {
		/* a deletion takes one space with it: the one before, else after */
		if (start > 0 && text[start - 1] == ' ' &&
		    (end == len || text[end] == ' ' || strchr(",.;:)", text[end])))
			start--;
		else if (end < len && text[end] == ' ' && (start == 0 || text[start - 1] == '\n'))
			end++;
	}
	if ((rc = acc_buf_put(&b, text, start)) == 0 && (rc = acc_buf_puts(&b, option)) == 0)
		rc = acc_buf_puts(&b, text + end);
	if (rc == 0 && !(*out = acc_buf_detach(&b)))
		rc = ACC_ENOMEM;
	acc_buf_free(&b);
	return rc;
}

/* Writes one choice list as text lines into out. */
static void dump_choices(acc_buf *out, const char *what, const acc_bracket_choice *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		acc_buf_printf(out, "%s %s %u %s\n", what, c[i].org, c[i].option,
			       c[i].delegate ? c[i].delegate : "-");
}

/* Writes st's brackets as text lines for acc_state_diff. */
void acc_model_dump_brackets(acc_buf *out, const acc_state *st)
{
	size_t i, j;

	for (i = 0; i < st->nbrackets; i++) {
		const acc_bracket *b = &st->brackets[i];

		acc_buf_printf(out, "bracket %s %s %u %s %u %s %d %s %u/%u %u %u %s|%s\n", b->id,
			       b->clause, b->occurrence, b->base, (unsigned)b->noptions,
			       b->delegate ? b->delegate : "-", (int)b->ballot,
			       acc_rule_name(b->rule), b->quorum_num, b->quorum_den, b->chosen,
			       b->resolved, b->resolved_by ? b->resolved_by : "-", b->span);
		for (j = 0; j < b->noptions; j++)
			acc_buf_printf(out, "option %zu %s\n", j + 1, b->options[j]);
		for (j = 0; j < b->nelectors; j++)
			acc_buf_printf(out, "elector %s %u\n", b->electors[j].org,
				       b->electors[j].weight);
		dump_choices(out, "support", b->support, b->nsupport);
		dump_choices(out, "bracket-vote", b->votes, b->nvotes);
	}
}

/* Names an option of b by its number or its exact text. */
int acc_bracket_option_parse(unsigned *out, const acc_bracket *b, const char *s)
{
	size_t i, found = 0;

	*out = 0;
	if (*s && strspn(s, "0123456789") == strlen(s)) {
		if (acc_model_uint_parse(out, s) == 0 && *out >= 1 && *out <= b->noptions)
			return 0;
		*out = 0;
		return acc_error_set(ACC_EUSAGE, "%s has options 1 to %zu", b->id, b->noptions);
	}
	for (i = 0; i < b->noptions; i++)
		if (strcmp(b->options[i], s) == 0) {
			*out = (unsigned)(i + 1);
			found++;
		}
	if (found == 1)
		return 0;
	*out = 0;
	return acc_error_set(ACC_EUSAGE, "%s has no option '%.60s' (name it by number, 1 to %zu)",
			     b->id, s, b->noptions);
}

/* Counts b's ballot option by option under its rule and quorum. */
int acc_bracket_tally(acc_tally *per, unsigned *chosen, const acc_bracket *b, int closed)
{
	acc_ballot_entry *e = acc_calloc(b->nelectors ? b->nelectors : 1, sizeof(*e));
	size_t k, i, j;

	*chosen = 0;
	if (!e)
		return ACC_ENOMEM;
	for (k = 0; k < b->noptions; k++) {
		for (i = 0; i < b->nelectors; i++) {
			e[i].role = ACC_ROLE_MEMBER;
			e[i].weight = b->electors[i].weight;
			e[i].vote = ACC_VOTE_NONE;
			for (j = 0; j < b->nvotes; j++)
				if (strcmp(b->votes[j].org, b->electors[i].org) == 0)
					e[i].vote = b->votes[j].option == k + 1 ? ACC_VOTE_YES
										: ACC_VOTE_NO;
		}
		acc_rules_tally(&per[k], e, b->nelectors, b->rule, b->quorum_num, b->quorum_den, 1);
		if (per[k].result == ACC_RESULT_ADOPTED && !*chosen)
			*chosen = (unsigned)(k + 1);
		if (!closed)
			per[k].result = ACC_RESULT_PENDING;
	}
	free(e);
	return 0;
}
