/*
 * view_toc: the convention at a glance.  The table of contents as a tree
 * (parts fold with Enter) with each clause's display number, its status
 * and its counts of pending amendments and open ballots; beside it, the
 * text of the clause under the cursor.  Everything comes from the index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

enum { CL_AMENDED = 1, CL_STALE = 2 };

typedef struct {
	unsigned *pending, *open; /* per clause of t->clauses */
	unsigned char *flags;
	size_t n;
	acc_strlist folded; /* ids of folded parts (kept across reloads) */
	int opened;	    /* opened once already */
	size_t *row_clause; /* row of the layout -> index in t->clauses ((size_t)-1: none) */
	size_t nrows;
} toc_data;

/* Frees the per-clause counts. */
static void toc_clear_counts(toc_data *d)
{
	free(d->pending);
	free(d->open);
	free(d->flags);
	d->pending = d->open = NULL;
	d->flags = NULL;
	d->n = 0;
}

/* Index of the clause id in t->clauses, or -1. */
static long clause_pos(tui *t, const char *id)
{
	size_t i;

	for (i = 0; id && i < t->nclauses; i++)
		if (strcmp(t->clauses[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* Amendments of a clause that are still to be decided (tabled, voting
 * or stale), from its counts by status. */
static unsigned pending_of(const unsigned c[7])
{
	return c[ACC_ST_TABLED] + c[ACC_ST_VOTING] + c[ACC_ST_STALE];
}

/* Counts, per clause, the pending amendments and open ballots; parts sum
 * their clauses.  From the index's counts per clause (t->ccounts): no
 * amendment is read. */
static int toc_open(tui *t, tui_view *v)
{
	toc_data *d = v->data;
	size_t i, nup = 0, *up; /* up: the clause's ancestors, nearest last */

	if (!d) {
		if (!(d = acc_calloc(1, sizeof(*d))))
			return ACC_ENOMEM;
		v->data = d;
	}
	toc_clear_counts(d);
	d->n = t->nclauses;
	d->pending = acc_calloc(d->n + 1, sizeof(unsigned));
	d->open = acc_calloc(d->n + 1, sizeof(unsigned));
	d->flags = acc_calloc(d->n + 1, 1);
	up = acc_calloc(d->n + 1, sizeof(*up));
	if (!d->pending || !d->open || !d->flags || !up) {
		free(up);
		return ACC_ENOMEM;
	}
	for (i = 0; i < d->n && t->ccounts; i++) {
		const unsigned *c = t->ccounts[i];
		unsigned pend = pending_of(c), open = c[ACC_ST_VOTING];
		size_t j;

		/* the parts above it: the nearest earlier entry of smaller
		 * depth, and so on up */
		while (nup && t->clauses[up[nup - 1]].depth >= t->clauses[i].depth)
			nup--;
		if (c[ACC_ST_ADOPTED])
			d->flags[i] |= CL_AMENDED;
		if (c[ACC_ST_STALE])
			d->flags[i] |= CL_STALE;
		/* the clause and every part above it */
		d->pending[i] += pend;
		d->open[i] += open;
		for (j = 0; j < nup && pend; j++) {
			d->pending[up[j]] += pend;
			d->open[up[j]] += open;
		}
		up[nup++] = i;
	}
	free(up);
	view_set_title(v, "%s", t->title ? t->title : "the convention");
	if (!v->preview) {
		if (!(v->preview = view_new(&tui_preview_ops, NULL, NULL, NULL)))
			return ACC_ENOMEM;
		v->preview->nocursor = 1;
	}
	v->preview->ops->open(t, v->preview);
	if (!d->opened) {
		/* the cursor starts on the first clause: its text shows at once */
		d->opened = 1;
		for (i = 0; i < t->nclauses && !v->keep_link; i++)
			if (!t->clauses[i].container) {
				v->keep_link = LINK_CLAUSE;
				v->keep_id = acc_strdup(t->clauses[i].id);
			}
	}
	return 0;
}

/* The status word of a clause and its style. */
static const char *clause_status(const toc_data *d, size_t i, tui_style *st)
{
	if (d->open[i]) {
		*st = ST_VOTING;
		return "voting";
	}
	if (d->pending[i]) {
		*st = (d->flags[i] & CL_STALE) ? ST_STALE : ST_TABLED;
		return (d->flags[i] & CL_STALE) ? "stale" : "tabled";
	}
	if (d->flags[i] & CL_AMENDED) {
		*st = ST_ADOPTED;
		return "amended";
	}
	*st = ST_DIM;
	return "";
}

/* Formats a count column: blank for none. */
static void count_col(tui_row *r, unsigned n, tui_style st)
{
	char b[16];

	if (n) {
		snprintf(b, sizeof(b), " %4u", n);
		row_puts(r, st, b);
	} else {
		row_puts(r, ST_DIM, "    -");
	}
}

/* Lays out row i of the contents (left lazy by toc_layout): one clause or
 * part, its number, heading, status and counts. */
static int toc_fill(tui *t, tui_view *v, size_t i)
{
	toc_data *d = v->data;
	size_t w = v->width > 0 ? (size_t)v->width : 1, right = 18, k, indent, used;
	const acc_clause *c;
	tui_row *r = &v->doc.rows[i];
	int folded;
	tui_style st;
	const char *status;
	char label[sizeof(c->number) + sizeof(c->word) + 8];

	if (!d || !d->row_clause || i >= d->nrows || (k = d->row_clause[i]) >= t->nclauses ||
	    k >= d->n)
		return 0;
	c = &t->clauses[k];
	if (w < right + 12)
		right = 0;
	indent = (size_t)c->depth * 2;
	folded = c->container && acc_strlist_find(&d->folded, c->id) >= 0;
	row_pad(r, indent);
	if (c->container) {
		row_puts(r, ST_PART,
			 folded ? (draw_utf8 ? "\xe2\x96\xb8 " : "+ ")
				: (draw_utf8 ? "\xe2\x96\xbe " : "- "));
		snprintf(label, sizeof(label), "%s %s ", c->word[0] ? c->word : "Part", c->number);
		row_puts(r, ST_PART, label);
	} else {
		snprintf(label, sizeof(label), "%3s ", c->number);
		row_puts(r, ST_NUMBER, label);
	}
	used = r->width;
	status = clause_status(d, k, &st);
	if (c->container && !folded) {
		/* an open part shows no counts (its clauses do): all its width */
		if (w > used)
			row_fit(r, ST_PART, c->heading, w - used, 0);
		return 0;
	}
	{
		/* open comment threads, when there are, after the heading */
		size_t nt = c->container ? 0 : tui_open_threads(t, c->id);
		char tag[48] = "";

		if (nt)
			snprintf(tag, sizeof(tag), " [%zu open thread%s]", nt, nt == 1 ? "" : "s");
		if (w - right > used + strlen(tag) + 4) {
			row_fit(r, c->container ? ST_PART : ST_NORMAL, c->heading,
				w - right - used - strlen(tag), !tag[0]);
			if (tag[0]) {
				row_puts(r, ST_VOTING, tag);
				row_pad(r, w - right);
			}
		} else if (w - right > used)
			row_fit(r, c->container ? ST_PART : ST_NORMAL, c->heading, w - right - used,
				1);
		else
			row_pad(r, w - right);
	}
	if (!right)
		return 0;
	row_puts(r, ST_NORMAL, " ");
	row_fit(r, st, status, 7, 1);
	count_col(r, d->pending[k], ST_TABLED);
	count_col(r, d->open[k], ST_VOTING);
	return 0;
}

/* Lays out the tree of the contents: the heading row, then one row per
 * clause or part shown (folded parts hide theirs), each left lazy with
 * its link only: toc_fill makes the rows painted or searched, so a
 * contents of thousands of clauses costs the first screen what fifty do. */
static int toc_layout(tui *t, tui_view *v, int width)
{
	toc_data *d = v->data;
	size_t w = (size_t)width, i, right = 18;
	int hidden_depth = -1;
	tui_row *r;

	if (!d)
		return 0;
	v->fill = toc_fill;
	free(d->row_clause);
	d->nrows = 0;
	if (!(d->row_clause = acc_malloc((t->nclauses + 1) * sizeof(*d->row_clause))))
		return ACC_ENOMEM;
	if (w < right + 12)
		right = 0;
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	d->row_clause[d->nrows++] = (size_t)-1;
	row_fit(r, ST_DIM, "Clause", w - right, 1);
	if (right)
		row_puts(r, ST_DIM, " Status  Pend Open");
	for (i = 0; i < t->nclauses && i < d->n; i++) {
		const acc_clause *c = &t->clauses[i];
		int folded = c->container && acc_strlist_find(&d->folded, c->id) >= 0;

		if (hidden_depth >= 0 && c->depth > hidden_depth)
			continue;
		hidden_depth = folded ? c->depth : -1;
		if (!(r = doc_row(&v->doc)) ||
		    row_link(r, c->container ? LINK_PART : LINK_CLAUSE, c->id) < 0)
			return ACC_ENOMEM;
		r->lazy = 1;
		d->row_clause[d->nrows++] = i;
	}
	return 0;
}

/* Shows the clause under the cursor beside the contents. */
static void toc_moved(tui *t, tui_view *v)
{
	const tui_row *r = view_cursor_row(v);

	if (v->preview)
		preview_show(t, v->preview, r && r->link_id ? r->link_id : NULL);
}

/* Tab switches panes; Enter on a part folds it. */
static int toc_request(tui *t, tui_view *v, tui_request req)
{
	toc_data *d = v->data;
	const tui_row *r = view_cursor_row(v);

	switch (req) {
	case REQ_NEXT_PANE:
		if (!v->preview || v->preview->width <= 0) {
			tui_message(t, "the clause text shows beside the contents from 70 columns");
			return 1;
		}
		v->focus_preview = !v->focus_preview;
		return 1;
	case REQ_ENTER:
		if (!r || r->link != LINK_PART || !d)
			return 0;
		{
			long k = acc_strlist_find(&d->folded, r->link_id);

			if (k >= 0) {
				free(d->folded.items[k]);
				d->folded.items[k] = d->folded.items[--d->folded.count];
			} else if (acc_strlist_add(&d->folded, r->link_id) < 0) {
				return ACC_ENOMEM;
			}
			view_invalidate(v);
		}
		return 1;
	default:
		return 0;
	}
}

/* Frees the counts and the folded parts. */
static void toc_free(tui_view *v)
{
	toc_data *d = v->data;

	if (!d)
		return;
	toc_clear_counts(d);
	acc_strlist_free(&d->folded);
	free(d->row_clause);
	free(d);
}

const tui_view_ops tui_toc_ops = {"contents",  toc_open,  toc_layout,
				  toc_request, toc_moved, toc_free};

/* ---- the clause text beside the contents ----------------------------------- */

/* Points the text pane at another clause (laid out at the next paint). */
void preview_show(tui *t, tui_view *p, const char *clause)
{
	if (p->clause && clause && strcmp(p->clause, clause) == 0)
		return;
	free(p->clause);
	p->clause = clause ? acc_strdup(clause) : NULL;
	p->top = p->cur = 0;
	p->width = 0;
	(void)t;
}

/* The text pane reads the index on each layout. */
static int preview_open(tui *t, tui_view *v)
{
	v->width = 0;
	(void)t;
	return 0;
}

/* Lays out the clause (or part) under the contents' cursor. */
static int preview_layout(tui *t, tui_view *v, int width)
{
	const acc_clause *c;
	size_t w = (size_t)width, i;
	long k;
	tui_row *r;
	unsigned pending = 0, open = 0;
	char *text = NULL;

	if (!v->clause) {
		if (!t->nclauses)
			return doc_para(&v->doc, ST_DIM, "The convention has no clauses yet.", w,
					1);
		return 0;
	}
	c = tui_clause(t, v->clause);
	k = clause_pos(t, v->clause);
	if (!c) {
		view_set_title(v, "%s", v->clause);
		return doc_para(&v->doc, ST_ERROR, "This clause is no longer in the convention.", w,
				1);
	}
	view_set_title(v, "%s %s",
		       c->word[0]     ? c->word
		       : c->container ? "Part"
				      : "Article",
		       c->number);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_puts(r, ST_HEADING, " ");
	row_fit(r, ST_HEADING, c->heading, w > 1 ? w - 1 : 1, 0);
	row_link(r, c->container ? LINK_PART : LINK_CLAUSE, c->id);
	doc_row(&v->doc);
	if (c->container) {
		/* a part: the clauses in it */
		for (i = (size_t)k + 1; i < t->nclauses && t->clauses[i].depth > c->depth; i++) {
			acc_buf b = ACC_BUF_INIT;

			if (!(r = doc_row(&v->doc)))
				return ACC_ENOMEM;
			acc_buf_printf(&b, "%*s%s %s", (t->clauses[i].depth - c->depth) * 2, "",
				       t->clauses[i].number, t->clauses[i].heading);
			row_fit(r, ST_NORMAL, b.ptr, w, 0);
			acc_buf_free(&b);
		}
		return 0;
	}
	{
		/* the text of this one clause, read now */
		tui_flow f = {ACC_BUF_INIT, NULL, 0};
		int rc = acc_index_clause_text(t->ix, &text, c->id);

		if (rc == 0)
			rc = flow_puts(&f, ST_NORMAL, text);
		if (rc == 0)
			rc = flow_wrap(&v->doc, &f, w > 1 ? w - 1 : 1, 1, LINK_CLAUSE, c->id);
		flow_free(&f);
		free(text);
		if (rc < 0)
			return rc;
	}
	if (k >= 0 && t->ccounts) {
		pending = pending_of(t->ccounts[k]);
		open = t->ccounts[k][ACC_ST_VOTING];
	}
	doc_row(&v->doc);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	if (pending)
		row_printf(r, ST_TABLED, " %u pending amendment%s%s", pending,
			   pending == 1 ? "" : "s", open ? "," : "");
	else
		row_puts(r, ST_DIM, " no pending amendment");
	if (open)
		row_printf(r, ST_VOTING, " %u in a ballot", open);
	return 0;
}

const tui_view_ops tui_preview_ops = {"text", preview_open, preview_layout, NULL, NULL, NULL};
