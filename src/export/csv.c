/*
 * export csv: the roll-call of every ballot, one vote per row (RFC 4180).
 */
#include <string.h>

#include "internal.h"

/* Appends s as one quoted, formula-safe RFC 4180 field: the stored text
 * exactly (acc_text_exact), quotes doubled. */
int acc_export_csv_field(acc_buf *out, const char *s, size_t len)
{
	acc_buf clean = ACC_BUF_INIT;
	wr w = {out, 0};
	size_t i;

	if ((w.rc = acc_text_exact(&clean, s, len)) < 0)
		return w.rc;
	wr_put(&w, "\"", 1);
	if (clean.size && strchr("=+-@", clean.ptr[0]))
		wr_put(&w, "'", 1);
	for (i = 0; i < clean.size; i++) {
		if (clean.ptr[i] == '"')
			wr_put(&w, "\"", 1);
		wr_put(&w, clean.ptr + i, 1);
	}
	wr_put(&w, "\"", 1);
	acc_buf_free(&clean);
	return w.rc;
}

/* Appends one CSV record of n fields, ended by CRLF. */
static void csv_row(wr *w, const char *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			wr_put(w, ",", 1);
		wr_check(w, acc_export_csv_field(w->b, f[i] ? f[i] : "", f[i] ? strlen(f[i]) : 0));
	}
	wr_put(w, "\r\n", 2);
}

/* The roll-call rows of one ballot. */
static void csv_ballot(wr *w, const acc_state *st, const char *id, const char *clause,
		       const acc_ballot *b)
{
	roll_row *r = NULL;
	size_t n = 0, i;
	const char *result;

	if (!ex_ballot_held(b))
		return;
	wr_check(w, ex_roll_call(&r, &n, st, b));
	result = b->state == ACC_BALLOT_OPEN ? "pending" : acc_result_name(b->result);
	for (i = 0; i < n && w->rc == 0; i++) {
		char *vote = ex_roll_vote_text(&r[i]);
		const char *f[] = {id,	   clause,	 acc_ballot_state_name(b->state),
				   result, r[i].org->id, r[i].org->name,
				   vote,   r[i].delegate};

		if (!vote)
			wr_check(w, ACC_ENOMEM);
		else
			csv_row(w, f, sizeof(f) / sizeof(*f));
		free(vote);
	}
	free(r);
}

/* The roll-call of every ballot, one vote per row (RFC 4180). */
int ex_render_csv(acc_buf *out, const acc_export_doc *d)
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
