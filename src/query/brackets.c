/* query: bracketed text as every face and export shows it. */
#include "accord/bracket_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/json.h"

/* Orders brackets by where they start. */
static int at_cmp(const void *x, const void *y)
{
	const acc_bracket_at *a = x, *b = y;

	return a->start < b->start ? -1 : a->start > b->start;
}

/* Lists the pending brackets of cl where they stand, in text order. */
int acc_brackets_in_clause(acc_bracket_at **out, size_t *n, const acc_state *st,
			   const acc_clause *cl)
{
	size_t i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < st->nbrackets; i++) {
		const acc_bracket *b = &st->brackets[i];
		acc_bracket_at at;

		if (strcmp(b->clause, cl->id) != 0 || !acc_bracket_pending(st, b) ||
		    acc_bracket_locate(&at.start, &at.end, st, b) < 0)
			continue;
		if (!*out && !(*out = acc_calloc(st->nbrackets, sizeof(**out))))
			return ACC_ENOMEM;
		at.b = b;
		(*out)[(*n)++] = at;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), at_cmp);
	return 0;
}

/* Counts the pending brackets of st. */
size_t acc_brackets_open_count(const acc_state *st)
{
	size_t i, n = 0;

	for (i = 0; i < st->nbrackets; i++)
		n += acc_bracket_pending(st, &st->brackets[i]) != 0;
	return n;
}

/* Renders b as "[option][option]{id}". */
char *acc_bracket_inline_one(const acc_bracket *b)
{
	acc_buf o = ACC_BUF_INIT;
	size_t k;
	int rc = 0;

	for (k = 0; k < b->noptions && rc == 0; k++)
		rc = acc_buf_printf(&o, "[%s]", b->options[k]);
	if (rc == 0)
		rc = acc_buf_printf(&o, "{%s}", b->id);
	if (rc < 0) {
		acc_buf_free(&o);
		return NULL;
	}
	return acc_buf_detach(&o);
}

/* Renders cl's text with its pending brackets inline. */
int acc_brackets_inline(char **out, const acc_state *st, const acc_clause *cl)
{
	acc_bracket_at *at = NULL;
	acc_buf o = ACC_BUF_INIT;
	size_t n = 0, i, pos = 0;
	int rc;

	*out = NULL;
	if ((rc = acc_brackets_in_clause(&at, &n, st, cl)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		char *one = acc_bracket_inline_one(at[i].b);

		if (!one || at[i].start < pos) {
			rc = one ? 0 : ACC_ENOMEM;
			free(one);
			continue; /* overlapping: shown by the first only */
		}
		if ((rc = acc_buf_put(&o, cl->text + pos, at[i].start - pos)) == 0)
			rc = acc_buf_puts(&o, one);
		pos = at[i].end;
		free(one);
	}
	if (rc == 0)
		rc = acc_buf_puts(&o, cl->text + pos);
	if (rc == 0 && !(*out = acc_buf_detach(&o)))
		rc = ACC_ENOMEM;
	acc_buf_free(&o);
	free(at);
	return rc;
}

/* Lists the organisations supporting option k of b, comma-separated. */
char *acc_bracket_supporters(const acc_bracket *b, unsigned k)
{
	acc_buf o = ACC_BUF_INIT;
	size_t i;
	int rc = acc_buf_puts(&o, "");

	for (i = 0; i < b->nsupport && rc == 0; i++)
		if (b->support[i].option == k)
			rc = acc_buf_printf(&o, "%s%s", o.size ? ", " : "", b->support[i].org);
	if (rc < 0) {
		acc_buf_free(&o);
		return NULL;
	}
	return acc_buf_detach(&o);
}

/* The JSON of bracket b as `accord brackets --json` lists it. */
json_t *acc_json_bracket(const acc_state *st, const acc_bracket *b)
{
	json_t *o = json_object(), *opts = json_array();
	size_t k, i;

	json_object_set_new(o, "id", acc_json_str(b->id));
	json_object_set_new(o, "clause", acc_json_str(b->clause));
	json_object_set_new(o, "org", acc_json_str(b->org));
	json_object_set_new(o, "delegate", acc_json_str(b->delegate));
	json_object_set_new(o, "status",
			    acc_json_str(acc_bracket_status_name(acc_bracket_status_of(st, b))));
	json_object_set_new(o, "span", acc_json_str(b->span));
	json_object_set_new(o, "occurrence", json_integer(b->occurrence));
	for (k = 0; k < b->noptions; k++) {
		json_t *opt = json_object(), *sup = json_array();
		size_t votes = 0;

		for (i = 0; i < b->nsupport; i++)
			if (b->support[i].option == k + 1)
				json_array_append_new(sup, acc_json_str(b->support[i].org));
		for (i = 0; i < b->nvotes; i++)
			votes += b->votes[i].option == k + 1;
		json_object_set_new(opt, "number", json_integer((json_int_t)(k + 1)));
		json_object_set_new(opt, "text", acc_json_str(b->options[k]));
		json_object_set_new(opt, "supporters", sup);
		json_object_set_new(opt, "votes", json_integer((json_int_t)votes));
		json_array_append_new(opts, opt);
	}
	json_object_set_new(o, "options", opts);
	json_object_set_new(o, "ballot", acc_json_str(acc_ballot_state_name(b->ballot)));
	if (b->ballot != ACC_BALLOT_NONE) {
		char q[32];

		acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
		json_object_set_new(o, "rule", acc_json_str(acc_rule_name(b->rule)));
		json_object_set_new(o, "quorum", acc_json_str(q));
	} else {
		json_object_set_new(o, "rule", json_null());
		json_object_set_new(o, "quorum", json_null());
	}
	json_object_set_new(o, "chosen",
			    b->ballot == ACC_BALLOT_CLOSED && b->chosen ? json_integer(b->chosen)
									: json_null());
	json_object_set_new(o, "resolved", b->resolved ? json_integer(b->resolved) : json_null());
	json_object_set_new(o, "resolved_by", acc_json_str(b->resolved_by));
	return o;
}

/* Replaces each bracketed clause's text of st by its rolling text. */
int acc_brackets_inline_state(acc_state *st)
{
	size_t i, n;
	int rc = 0;

	if (!st->nbrackets || !acc_brackets_open_count(st))
		return 0;
	for (i = 0; i < st->nclauses && rc == 0; i++) {
		acc_bracket_at *at = NULL;
		char *text = NULL;

		/* the brackets of a clause depend on its text alone: each clause
		 * is rendered before its own text is replaced */
		if ((rc = acc_brackets_in_clause(&at, &n, st, &st->clauses[i])) < 0)
			break;
		free(at);
		if (!n || (rc = acc_brackets_inline(&text, st, &st->clauses[i])) < 0)
			continue;
		free(st->clauses[i].text);
		st->clauses[i].text = text;
	}
	return rc;
}

/* Finds the commit that resolved b in its clause's log. */
int acc_bracket_resolution_commit(char out[ACC_OID_HEXLEN + 1], acc_ctx *c, const acc_bracket *b,
				  const char *rev)
{
	acc_log_entry *log = NULL;
	acc_index *ix = NULL;
	char *resolve = acc_sprintf("Resolve %s ", b->id),
	     *close = acc_sprintf("Close the ballot on %s: option ", b->id);
	size_t n = 0, i;
	int rc;

	if (!resolve || !close) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_ops_index(&ix, c)) < 0 ||
	    (rc = acc_index_log(ix, &log, &n, b->clause, 0)) < 0)
		goto done;
	rc = acc_error_set(ACC_ENOTFOUND, "cannot find the commit that resolved %s", b->id);
	for (i = 0; i < n; i++) { /* newest first */
		const acc_log_entry *e = &log[i];
		int anc;

		if (!((strcmp(e->action, "resolve") == 0 &&
		       strncmp(e->subject, resolve, strlen(resolve)) == 0) ||
		      (strcmp(e->action, "bracket-close") == 0 &&
		       strncmp(e->subject, close, strlen(close)) == 0)))
			continue;
		if (rev && *rev &&
		    (anc = acc_store_is_ancestor(acc_ctx_store(c), e->id, rev)) <= 0) {
			if (anc < 0) {
				rc = anc;
				break;
			}
			continue;
		}
		acc_error_clear();
		memcpy(out, e->id, ACC_OID_HEXLEN + 1);
		rc = 0;
		break;
	}
done:
	acc_log_free(log, n);
	free(resolve);
	free(close);
	return rc;
}

/* Fills a blame origin for resolved bracket b. */
int acc_bracket_origin_fill(acc_origin *o, const acc_bracket *b, const char *commit, long long when)
{
	if (!(o->amendment = acc_strdup(b->id)) || !(o->sponsor = acc_strdup(b->org)))
		return ACC_ENOMEM;
	snprintf(o->ballot, sizeof(o->ballot), "%s", commit);
	snprintf(o->commit, sizeof(o->commit), "%s", commit);
	o->time = when;
	o->option = b->resolved;
	o->by_ballot = b->resolved_by && strcmp(b->resolved_by, "ballot") == 0;
	return 0;
}
