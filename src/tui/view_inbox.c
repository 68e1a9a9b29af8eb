/*
 * view_inbox: what waits for the delegate's organisation, as the query
 * layer decides it (accord/inbox.h, the same list as `accord inbox`):
 * open ballots it has not voted on, invitations to co-sponsor, its stale
 * amendments.  Each item is one row that acts: Enter opens it, and the
 * action keys (v, J, e...) act on it as in the amendment's own view.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/inbox.h"
#include "app.h"

typedef struct {
	acc_inbox_item *items;
	size_t n;
	acc_state *st;		 /* the registry and the open ballots it may list only */
	acc_amendment_row *rows; /* the index rows it may list (no texts) */
	size_t nrows;
} inbox_data;

/* Frees the view's data. */
static void inbox_free(tui_view *v)
{
	inbox_data *d = v->data;

	if (!d)
		return;
	free(d->items);
	acc_state_free(d->st);
	acc_amendment_rows_free(d->rows, d->nrows);
	free(d);
	v->data = NULL;
}

/* The number of items waiting for the delegate's organisation at head
 * (0 for a reader who is not a delegate); -1 when it cannot be read. */
int tui_inbox_count(tui *t)
{
	size_t n = 0;

	if (t->me_role < 0 || !t->me_org)
		return 0;
	/* counted from the index and the open ballots' folders: the whole
	 * state is read only when the inbox itself is opened */
	if (acc_inbox_count(&n, t->ctx, t->ix, t->head, t->me_org) < 0) {
		acc_error_clear();
		return -1;
	}
	return (int)n;
}

/* Appends the item of kind (an invitation or a stale amendment) that
 * index row a is for org, when it is one (as acc_inbox_items decides:
 * the index keeps the derived status, the invitations and consents). */
static int push_row(inbox_data *d, const acc_amendment_row *a, const char *org, acc_inbox_kind kind)
{
	acc_inbox_item *nv;
	acc_status st;
	int mine;

	if (!a || acc_status_parse(&st, a->status) < 0) {
		acc_error_clear();
		return 0;
	}
	mine = strcmp(a->sponsor, org) == 0;
	if (kind == ACC_INBOX_COSPONSOR ? mine || (st != ACC_ST_TABLED && st != ACC_ST_STALE)
					: !mine || st != ACC_ST_STALE)
		return 0;
	if (!(nv = acc_realloc(d->items, (d->n + 1) * sizeof(*nv))))
		return ACC_ENOMEM;
	d->items = nv;
	memset(&nv[d->n], 0, sizeof(nv[d->n]));
	nv[d->n].kind = kind;
	nv[d->n].id = a->id;
	nv[d->n].clause = a->clause;
	nv[d->n].sponsor = a->sponsor;
	nv[d->n].status = st;
	d->n++;
	return 0;
}

/* Reads the inbox: the amendments it may list and the registry. */
static int inbox_open(tui *t, tui_view *v)
{
	inbox_data *d;
	acc_strlist open = ACC_STRLIST_INIT;
	acc_oid_hex at;
	size_t i;
	int rc, k;

	inbox_free(v);
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	v->links_only = 1;
	if (t->me_role < 0 || !t->me_org)
		return view_set_title(v, "inbox: nobody's (read only)");
	/* the amendments it may list, from the index in one query: the open
	 * ballots read alone from the tree (whether the organisation voted),
	 * the others listed from their index rows as acc_inbox_items lists them */
	rc = acc_index_inbox_rows(t->ix, &d->rows, &d->nrows, t->me_org);
	for (i = 0; i < d->nrows && rc == 0; i++)
		if (!strcmp(d->rows[i].status, "voting"))
			rc = acc_strlist_add(&open, d->rows[i].id);
	if (rc == 0)
		rc = acc_ops_state_clause(&d->st, at, t->ctx, t->head, NULL, &open);
	if (rc == 0)
		rc = acc_inbox_items(&d->items, &d->n, d->st, t->me_org);
	for (k = ACC_INBOX_COSPONSOR; k <= ACC_INBOX_STALE && rc == 0; k++)
		for (i = 0; i < d->nrows && rc == 0; i++)
			rc = push_row(d, &d->rows[i], t->me_org, (acc_inbox_kind)k);
	acc_strlist_free(&open);
	if (rc < 0)
		return rc;
	t->inbox_count = (int)d->n;
	return view_set_title(v, "inbox of %s: %zu waiting", t->me_org, d->n);
}

/* A group heading (never a place for the cursor: it links nowhere). */
static int heading_row(tui_doc *doc, const char *title, size_t n, const char *hint)
{
	tui_row *r = doc_row(doc);

	if (!r)
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, " ");
	row_printf(r, ST_HEADING, "%s: %zu", title, n);
	if (n)
		row_printf(r, ST_DIM, "  (%s)", hint);
	return 0;
}

/* One item: its id, status, clause and heading, and what to do. */
static int item_row(tui *t, tui_doc *doc, const acc_inbox_item *it, size_t w)
{
	tui_row *r = doc_row(doc);
	const acc_clause *c = it->clause ? tui_clause(t, it->clause) : NULL;
	acc_buf what = ACC_BUF_INIT;

	if (!r || row_link(r, LINK_AMENDMENT, it->id) < 0)
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, "   ");
	row_fit(r, ST_ID, it->id, 22, 1);
	row_puts(r, ST_NORMAL, " ");
	row_fit(r, tui_status_style(acc_status_name(it->status)), acc_status_name(it->status), 9,
		1);
	if (!it->clause)
		acc_buf_printf(&what, "the whole text, for ratification");
	else if (c)
		acc_buf_printf(&what, "to %s %s %s", c->container ? "Part" : "Article", c->number,
			       c->heading);
	else
		acc_buf_printf(&what, "to %s", it->clause);
	if (it->sponsor && (!t->me_org || strcmp(it->sponsor, t->me_org) != 0))
		acc_buf_printf(&what, ", by %s", it->sponsor);
	if (w > r->width + 1) {
		row_puts(r, ST_NORMAL, " ");
		row_fit(r, ST_NORMAL, what.ptr ? what.ptr : "", w - r->width, 0);
	}
	acc_buf_free(&what);
	return 0;
}

/* The three groups, each item a row that acts. */
static int inbox_layout(tui *t, tui_view *v, int width)
{
	static const struct {
		acc_inbox_kind kind;
		const char *title, *hint, *none;
	} groups[] = {
	    {ACC_INBOX_VOTE, "Open ballots waiting for your vote", "v votes",
	     "no ballot waits for your vote"},
	    {ACC_INBOX_COSPONSOR, "Invitations to co-sponsor", "J consents",
	     "no invitation to co-sponsor"},
	    {ACC_INBOX_STALE, "Your stale amendments", ":rebase ID carries one onto the text",
	     "no stale amendment"},
	};
	inbox_data *d = v->data;
	size_t w = (size_t)width, g, i, k;
	int rc = 0;

	if (!d)
		return 0;
	if (t->me_role < 0 || !t->me_org)
		return doc_para(&v->doc, ST_DIM,
				"The inbox is an organisation's: open accord as a delegate "
				"(--as EMAIL) to see what waits for you.",
				w, 1);
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]) && rc == 0; g++) {
		for (i = k = 0; i < d->n; i++)
			k += d->items[i].kind == groups[g].kind;
		if ((rc = heading_row(&v->doc, groups[g].title, k, groups[g].hint)) < 0)
			break;
		for (i = 0; i < d->n && rc == 0; i++)
			if (d->items[i].kind == groups[g].kind)
				rc = item_row(t, &v->doc, &d->items[i], w);
		if (rc == 0 && !k)
			rc = doc_para(&v->doc, ST_DIM, groups[g].none, w, 3);
	}
	return rc;
}

/* Enter on the ratification shows its count; the cursor skips headings. */
static int inbox_request(tui *t, tui_view *v, tui_request req)
{
	const tui_row *r = view_cursor_row(v);

	if (req == REQ_ENTER && r && r->link_id && !strcmp(r->link_id, "ratification")) {
		tui_command(t, "tally ratification");
		return 1;
	}
	return 0;
}

const tui_view_ops tui_inbox_ops = {"inbox",	   inbox_open, inbox_layout,
				    inbox_request, NULL,       inbox_free};
