/*
 * view_comments: comment threads.  The list of threads (of the clause or
 * amendment the interface is on, or all), each with its status, item,
 * author and first words; Enter opens a thread: every comment with its
 * replies nested, and its resolution.  Read from the tree at the head
 * (comments are not in the index).
 */
#include <stdlib.h>
#include <string.h>

#include "accord/comment.h"
#include "app.h"

typedef struct {
	acc_comments *cs;
} comments_data;

/* Frees the view's data. */
static void comments_free(tui_view *v)
{
	comments_data *d = v->data;

	if (!d)
		return;
	acc_comments_free(d->cs);
	free(d);
	v->data = NULL;
}

/* 1 when thread root r belongs in v (its item, or any without one). */
static int in_view(const tui_view *v, const acc_comment *r)
{
	if (r->resolves || r->reply_to)
		return 0;
	if (v->amendment)
		return strcmp(r->kind, "amendment") == 0 && strcmp(r->target, v->amendment) == 0;
	if (v->clause)
		return strcmp(r->kind, "clause") == 0 && strcmp(r->target, v->clause) == 0;
	return 1;
}

/* Loads the comments at the head. */
static int comments_open(tui *t, tui_view *v)
{
	comments_data *d;
	acc_oid_hex commit;

	comments_free(v);
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	if (v->arg) {
		v->nocursor = 1;
		view_set_title(v, "thread %s", v->arg);
	} else if (v->amendment) {
		view_set_title(v, "comments on %s", v->amendment);
	} else if (v->clause) {
		const acc_clause *c = tui_clause(t, v->clause);

		if (c)
			view_set_title(v, "comments on %s %s %s", c->container ? "Part" : "Article",
				       c->number, c->heading);
		else
			view_set_title(v, "comments on %s", v->clause);
	} else {
		view_set_title(v, "comment threads");
	}
	return acc_ops_comments(&d->cs, commit, t->ctx, t->head);
}

/* Lays out one comment and, nested, its replies. */
static int comment_rows(tui_view *v, const acc_comments *cs, const acc_comment *x, size_t w)
{
	size_t ind = 1 + 4 * x->depth, i;
	tui_flow f;
	tui_row *r;
	int rc;

	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_pad(r, ind);
	row_puts(r, ST_ID, x->id);
	row_puts(r, ST_NORMAL, "  ");
	row_puts(r, ST_HEADING, x->org);
	row_puts(r, ST_DIM, " <");
	if (w > r->width + 2)
		row_fit(r, ST_DIM, x->delegate, w - r->width - 2, 0);
	row_puts(r, ST_DIM, ">");
	if (x->words) {
		memset(&f, 0, sizeof(f));
		rc = flow_puts(&f, ST_DIM, "on \"");
		if (rc == 0)
			rc = flow_puts(&f, ST_ADOPTED, x->words);
		if (rc == 0)
			rc = flow_puts(&f, ST_DIM, "\"");
		if (rc == 0)
			rc = flow_wrap(&v->doc, &f, w, ind + 4, LINK_NONE, NULL);
		flow_free(&f);
		if (rc < 0)
			return rc;
	}
	memset(&f, 0, sizeof(f));
	rc = flow_puts(&f, ST_NORMAL, x->text);
	if (rc == 0)
		rc = flow_wrap(&v->doc, &f, w, ind + 4, LINK_NONE, NULL);
	flow_free(&f);
	for (i = 0; i < cs->n && rc == 0; i++)
		if (cs->v[i].reply_to && strcmp(cs->v[i].reply_to, x->id) == 0)
			rc = comment_rows(v, cs, &cs->v[i], w);
	return rc;
}

/* The list of threads, or one thread. */
static int comments_layout(tui *t, tui_view *v, int width)
{
	comments_data *d = v->data;
	size_t w = (size_t)width, i, n = 0;
	tui_row *r;

	(void)t;
	if (!d || !d->cs)
		return 0;
	if (v->arg) {
		const acc_comment *root = acc_comments_find(d->cs, v->arg);
		const acc_comment *res = root ? acc_comments_find(d->cs, root->resolved_by) : NULL;
		int rc;

		if (!root)
			return doc_para(&v->doc, ST_ERROR, "No such thread.", w, 1);
		if (!(r = doc_row(&v->doc)))
			return ACC_ENOMEM;
		row_printf(r, ST_DIM, " on %s %s: ", root->kind, root->target);
		row_puts(r, res ? ST_ADOPTED : ST_VOTING, res ? "resolved" : "open");
		if (res)
			row_printf(r, ST_DIM, " (by %s, %s)", res->org, res->id);
		doc_row(&v->doc);
		if ((rc = comment_rows(v, d->cs, root, w)) < 0)
			return rc;
		if (res && res->text[0]) {
			doc_row(&v->doc);
			rc = doc_para(&v->doc, ST_DIM, res->text, w, 1);
		}
		return rc;
	}
	for (i = 0; i < d->cs->n; i++) {
		const acc_comment *c = &d->cs->v[i];
		size_t replies = 0, j;

		if (!in_view(v, c))
			continue;
		for (j = 0; j < d->cs->n; j++)
			if (d->cs->v[j].thread == c->id && d->cs->v[j].reply_to)
				replies++;
		n++;
		if (!(r = doc_row(&v->doc)) || row_link(r, LINK_NONE, c->id) < 0)
			return ACC_ENOMEM;
		row_puts(r, ST_NORMAL, " ");
		row_fit(r, c->resolved_by ? ST_ADOPTED : ST_VOTING,
			c->resolved_by ? "resolved" : "open", 9, 1);
		row_fit(r, ST_ID, c->id, 16, 1);
		if (!v->clause && !v->amendment) {
			row_fit(r, ST_DIM, c->target, 22, 1);
			row_puts(r, ST_NORMAL, " ");
		}
		row_printf(r, ST_DIM, "%zu %s  ", replies, replies == 1 ? "reply  " : "replies");
		if (w > r->width) { /* its first line */
			char *first = acc_strndup(c->text, strcspn(c->text, "\n"));

			if (!first)
				return ACC_ENOMEM;
			row_fit(r, ST_NORMAL, first, w - r->width, 0);
			free(first);
		}
	}
	if (!n)
		return doc_para(&v->doc, ST_DIM,
				"No comment thread yet (accord comment ITEM -m TEXT).", w, 1);
	return 0;
}

/* Enter on a thread opens it. */
static int comments_request(tui *t, tui_view *v, tui_request req)
{
	const tui_row *r = view_cursor_row(v);
	int rc;

	if (req != REQ_ENTER || v->arg || !r || !r->link_id)
		return 0;
	if ((rc = view_push(t, view_new(&tui_comments_ops, v->clause, v->amendment, r->link_id))) <
	    0)
		tui_error(t, rc, "cannot open the thread");
	return 1;
}

const tui_view_ops tui_comments_ops = {"comments",	 comments_open, comments_layout,
				       comments_request, NULL,		comments_free};

size_t tui_open_threads(tui *t, const char *clause)
{
	static acc_comments *cs;
	static acc_oid_hex at;
	acc_oid_hex commit;

	if (!t) { /* forget the cache */
		acc_comments_free(cs);
		cs = NULL;
		at[0] = '\0';
		return 0;
	}
	if (strcmp(at, t->head) != 0) {
		acc_comments_free(cs);
		cs = NULL;
		if (acc_ops_comments(&cs, commit, t->ctx, t->head) < 0)
			acc_error_clear();
		memcpy(at, t->head, sizeof(at));
	}
	return acc_comments_open(cs, "clause", clause);
}
