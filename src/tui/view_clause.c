/*
 * view_clause: one clause.  Its text, then its pending amendments in
 * voting order (acc_query_clause_amendments), each with status, sponsor and the
 * running tally, sub-amendments under their parent; then the amendments
 * already decided, withdrawn or fallen.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/query.h"
#include "app.h"

typedef struct {
	acc_strlist order;  /* pending amendment ids in voting order */
	acc_strlist others; /* the clause's other amendments, in the state's order */
	acc_state *st;	    /* the clause, its amendments and the registry only */
} clause_data;

/* Frees the view's data. */
static void clause_free(tui_view *v)
{
	clause_data *d = v->data;

	if (!d)
		return;
	acc_strlist_free(&d->order);
	acc_strlist_free(&d->others);
	acc_state_free(d->st);
	free(d);
	v->data = NULL;
}

/* Loads the clause and its amendments (their ids from the index, their
 * records from the tree: never the whole state) and its voting order. */
static int clause_open(tui *t, tui_view *v)
{
	const acc_clause *ic = tui_clause(t, v->clause), *c;
	const acc_amendment **order = NULL;
	acc_amendment_row *rows = NULL;
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_oid_hex at;
	clause_data *d;
	size_t n = 0, npending = 0, nrows = 0, i;
	int rc;

	clause_free(v);
	view_set_title(v, "%s", v->clause);
	if (!ic)
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", v->clause); /* as query */
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	rc = acc_index_amendments(t->ix, &rows, &nrows, v->clause, NULL);
	for (i = 0; i < nrows && rc == 0; i++)
		rc = acc_strlist_add(&ids, rows[i].id);
	acc_amendment_rows_free(rows, nrows);
	if (rc == 0)
		rc = acc_ops_state_clause(&d->st, at, t->ctx, t->head, v->clause, &ids);
	acc_strlist_free(&ids);
	if (rc < 0)
		return rc;
	if (!(c = acc_state_clause(d->st, v->clause)))
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", v->clause);
	if ((rc = acc_query_clause_amendments(&order, &n, &npending, d->st, v->clause)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_strlist_add(i < npending ? &d->order : &d->others, order[i]->id);
	free(order);
	if (rc < 0)
		return rc;
	return view_set_title(v, "%s %s %s", ic->container ? "Part" : "Article", ic->number,
			      c->heading);
}

/* One amendment line: position, id, status, operation, sponsor, tally. */
static int amendment_line(tui *t, tui_doc *doc, const acc_state *st, const acc_amendment *a,
			  const char *pos, size_t w)
{
	tui_row *r = doc_row(doc);
	const acc_org *o = acc_state_org(st, a->sponsor);
	size_t rest;

	if (!r || row_link(r, LINK_AMENDMENT, a->id) < 0)
		return ACC_ENOMEM;
	row_fit(r, ST_NUMBER, pos, 5, 1);
	row_fit(r, ST_ID, a->id, w >= 70 ? 20 : 16, 1);
	row_puts(r, ST_NORMAL, " ");
	row_fit(r, tui_status_style(acc_status_name(a->status)), acc_status_name(a->status), 9, 1);
	if (w >= 70) {
		row_puts(r, ST_NORMAL, " ");
		row_fit(r, ST_DIM,
			a->amends		       ? "sub"
			: a->op == ACC_OP_INSERT_AFTER ? "insert"
			: a->op == ACC_OP_DELETE       ? "delete"
						       : "replace",
			7, 1);
	}
	rest = w > r->width + 16 ? w - r->width - 16 : 0;
	if (rest > 2) {
		row_puts(r, ST_NORMAL, " ");
		row_fit(r, ST_NORMAL, o ? o->name : a->sponsor, rest - 1, 1);
	}
	if (a->ballot.state == ACC_BALLOT_OPEN || a->ballot.state == ACC_BALLOT_CLOSED) {
		acc_tally tl;

		if (acc_query_tally_brief(&tl, st, &a->ballot) < 0)
			return ACC_ERROR;
		row_printf(r, ST_YES, " %4u", tl.yes);
		row_printf(r, ST_NO, " %4u", tl.no);
		row_printf(r, ST_ABSTAIN, " %4u", tl.abstain);
	} else {
		row_puts(r, ST_DIM, "    -    -    -");
	}
	return 0;
}

/* The sub-amendments of parent, indented under it. */
static int sub_lines(tui *t, tui_doc *doc, const acc_state *st, const char *parent, size_t w)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < st->namendments && rc == 0; i++)
		if (st->amendments[i].amends && !strcmp(st->amendments[i].amends, parent))
			rc = amendment_line(t, doc, st, &st->amendments[i],
					    draw_utf8 ? "   \xe2\x86\xb3" : "   >", w);
	return rc;
}

/* The column headings of the amendment lines. */
static int amendment_header(tui_doc *doc, const char *title, size_t w)
{
	tui_row *r;

	if (!doc_row(doc) || !(r = doc_row(doc)))
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, " ");
	row_fit(r, ST_HEADING, title, w > 17 ? w - 17 : 1, 1);
	row_puts(r, ST_DIM, "  yes   no  abs");
	return 0;
}

/* Lays out the clause text and its amendment lines. */
static int clause_layout(tui *t, tui_view *v, int width)
{
	clause_data *d = v->data;
	acc_state *st = d ? d->st : NULL;
	const acc_clause *c, *ic = tui_clause(t, v->clause); /* ic: number and kind */
	size_t w = (size_t)width, i, k, decided = 0;
	const char *heading, *text, *note;
	tui_row *r;
	int rc = 0;

	if (!d || !st || !ic || !(c = acc_state_clause(st, v->clause)))
		return doc_para(&v->doc, ST_ERROR, "This clause cannot be shown.", w, 1);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	tui_lang_clause(t, c, &heading, &text, &note); /* the language shown (lang.c) */
	row_printf(r, ST_HEADING, " %s %s  ", ic->container ? "Part" : "Article", ic->number);
	if (w > r->width)
		row_fit(r, ST_HEADING, heading, w - r->width, 0);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_puts(r, ST_DIM, " id ");
	row_fit(r, ST_DIM, c->id, w > 5 ? w - 5 : 1, 0);
	doc_row(&v->doc);
	{
		tui_flow f = {ACC_BUF_INIT, NULL, 0};

		if (note)
			rc = doc_para(&v->doc, ST_DIM, note, w, 1);
		if (rc == 0 && text == c->text)
			rc = tui_clause_text_flow(&f, st, c); /* brackets inline */
		else if (rc == 0)
			rc = flow_puts(&f, ST_NORMAL, text[0] ? text : "(no text)");
		if (rc == 0)
			rc = flow_wrap(&v->doc, &f, w > 2 ? w - 1 : w, 2, LINK_NONE, NULL);
		flow_free(&f);
		if (rc < 0 || (rc = tui_brackets_layout(&v->doc, st, c, w)) < 0)
			return rc;
	}
	if ((rc = amendment_header(&v->doc, "Pending amendments, in voting order", w)) < 0)
		return rc;
	if (!d->order.count)
		rc = doc_para(&v->doc, ST_DIM, "none: press e to draft one", w, 2);
	for (i = 0; i < d->order.count && rc == 0; i++) {
		const acc_amendment *a = acc_state_amendment(st, d->order.items[i]);
		char pos[32];

		if (!a)
			continue;
		snprintf(pos, sizeof(pos), "%3zu.", i + 1);
		if ((rc = amendment_line(t, &v->doc, st, a, pos, w)) == 0)
			rc = sub_lines(t, &v->doc, st, a->id, w);
	}
	for (k = 0; k < d->others.count && rc == 0; k++) {
		const acc_amendment *a = acc_state_amendment(st, d->others.items[k]);

		/* sub-amendments show under their parent */
		if (!a || a->amends)
			continue;
		if (!decided++ &&
		    (rc = amendment_header(&v->doc, "Decided, withdrawn and fallen", w)) < 0)
			return rc;
		if ((rc = amendment_line(t, &v->doc, st, a, "", w)) == 0)
			rc = sub_lines(t, &v->doc, st, a->id, w);
	}
	return rc;
}

const tui_view_ops tui_clause_ops = {"clause", clause_open, clause_layout, NULL, NULL, clause_free};
