/*
 * view_search: full-text search across clauses and amendments (the
 * index's FTS5 table), each word matching the words it begins ("cyber"
 * finds "cyberattack").  Hits come in the order of the document (a
 * clause, then its amendments); each shows what it is and a snippet with
 * the matching words highlighted; f narrows them to clause texts,
 * amendment texts or rationales.  Enter opens one, with the words still
 * highlighted there and n/N moving between them.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"

typedef struct {
	acc_search_hit *h;
	size_t n;
} search_data;

/* The scopes f cycles through, and how the title names them. */
static const struct {
	unsigned scope;
	const char *name;
} scopes[] = {
    {ACC_SEARCH_ALL, "everywhere"},
    {ACC_SEARCH_CLAUSES, "in clause texts"},
    {ACC_SEARCH_TEXTS, "in amendments"},
    {ACC_SEARCH_RATIONALES, "in rationales"},
};
#define NSCOPES (sizeof(scopes) / sizeof(scopes[0]))

/* The place of a hit in the document: its clause's (an amendment's
 * clause) place in the contents, then the clause before its amendments. */
typedef struct {
	size_t clause, kind;
	const acc_search_hit *h;
} hit_key;

/* Orders hits as the document does (a qsort comparator). */
static int hit_cmp(const void *a, const void *b)
{
	const hit_key *x = a, *y = b;
	int c;

	if (x->clause != y->clause)
		return x->clause < y->clause ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->h->id, y->h->id)) != 0)
		return c;
	return strcmp(x->h->lang ? x->h->lang : "", y->h->lang ? y->h->lang : "");
}

/* The index of clause id in the contents (after all when unknown). */
static size_t clause_pos(tui *t, const char *id)
{
	const acc_clause *c = tui_clause(t, id);

	return c ? (size_t)(c - t->clauses) : t->nclauses;
}

/* Sorts the hits in document order. */
static int sort_hits(tui *t, search_data *d)
{
	hit_key *k;
	acc_search_hit *sorted;
	size_t i;

	if (d->n < 2)
		return 0;
	if (!(k = acc_calloc(d->n, sizeof(*k))) || !(sorted = acc_calloc(d->n, sizeof(*sorted)))) {
		free(k);
		return ACC_ENOMEM;
	}
	for (i = 0; i < d->n; i++) {
		int clause = !strcmp(d->h[i].kind, "clause");
		const acc_amendment_row *a = clause ? NULL : tui_amendment_row(t, d->h[i].id);

		k[i].h = &d->h[i];
		k[i].kind = clause ? 0 : 1;
		k[i].clause = clause_pos(t, clause ? d->h[i].id : a ? a->clause : NULL);
	}
	qsort(k, d->n, sizeof(*k), hit_cmp);
	for (i = 0; i < d->n; i++)
		sorted[i] = *k[i].h;
	free(d->h);
	d->h = sorted;
	free(k);
	return 0;
}

/* Frees the view's data. */
static void search_free(tui_view *v)
{
	search_data *d = v->data;

	if (!d)
		return;
	acc_search_hits_free(d->h, d->n);
	free(d);
	v->data = NULL;
}

/* Runs the full-text search on the index. */
static int search_open(tui *t, tui_view *v)
{
	search_data *d;
	int rc;

	search_free(v);
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	view_set_title(v, "\"%s\"", v->arg);
	v->links_only = 1;
	if (t->search_scope >= NSCOPES)
		t->search_scope = 0;
	if ((rc = acc_index_search_in(t->ix, &d->h, &d->n, v->arg, scopes[t->search_scope].scope)) <
		0 ||
	    (rc = sort_hits(t, d)) < 0)
		return rc;
	return view_set_title(v, "\"%s\" %s: %zu match%s", v->arg, scopes[t->search_scope].name,
			      d->n, d->n == 1 ? "" : "es");
}

/* Appends the snippet, its \x02..\x03 matches highlighted, newlines as
 * spaces, cut to cols columns. */
static int snippet_row(tui_row *r, const char *s, size_t cols)
{
	acc_buf part = ACC_BUF_INIT;
	tui_style st = ST_NORMAL;
	size_t start = r->width;
	int rc = 0;

	for (;; s++) {
		if (*s == '\0' || *s == 2 || *s == 3) {
			if (part.size && r->width < start + cols)
				rc = row_fit(r, st, part.ptr, start + cols - r->width, 0);
			acc_buf_clear(&part);
			if (!*s || rc < 0)
				break;
			st = *s == 2 ? ST_MATCH : ST_NORMAL;
			continue;
		}
		rc = acc_buf_putc(&part, *s == '\n' || *s == '\t' ? ' ' : *s);
		if (rc < 0)
			break;
	}
	acc_buf_free(&part);
	return rc;
}

/* Two rows per hit: what it is, then the snippet with its matches. */
static int search_layout(tui *t, tui_view *v, int width)
{
	search_data *d = v->data;
	size_t w = (size_t)width, i;
	tui_row *r;

	if (!d)
		return 0;
	if (!d->n) {
		char *s = acc_sprintf("No clause or amendment has words beginning with every word "
				      "of \"%s\" (%s; f: look elsewhere).",
				      v->arg, scopes[t->search_scope].name);
		int rc = s ? doc_para(&v->doc, ST_DIM, s, w, 1) : ACC_ENOMEM;

		free(s);
		return rc;
	}
	for (i = 0; i < d->n; i++) {
		const acc_search_hit *h = &d->h[i];
		int clause = !strcmp(h->kind, "clause");
		tui_link link = clause ? LINK_CLAUSE : LINK_AMENDMENT;
		const acc_clause *c = clause ? tui_clause(t, h->id) : NULL;
		const acc_amendment_row *a = clause ? NULL : tui_amendment_row(t, h->id);
		acc_buf label = ACC_BUF_INIT;

		if (c && c->container)
			link = LINK_PART;
		if (c)
			acc_buf_printf(&label, "%s %s",
				       c->word[0]     ? c->word
				       : c->container ? "Part"
						      : "Article",
				       c->number);
		else
			acc_buf_printf(&label, "Amendment %s", h->id);
		if (!(r = doc_row(&v->doc)) || row_link(r, link, h->id) < 0) {
			acc_buf_free(&label);
			return ACC_ENOMEM;
		}
		row_puts(r, ST_NORMAL, " ");
		row_puts(r, ST_HEADING, label.ptr ? label.ptr : "");
		acc_buf_free(&label);
		if (a) {
			row_puts(r, ST_NORMAL, " ");
			row_puts(r, tui_status_style(a->status), a->status);
		}
		row_puts(r, ST_NORMAL, "  ");
		if (a) {
			/* the amendment's clause says more than its title */
			const acc_clause *ac = tui_clause(t, a->clause);
			char *s = ac ? acc_sprintf("to %s %s %s",
						   ac->word[0]	   ? ac->word
						   : ac->container ? "Part"
								   : "Article",
						   ac->number, ac->heading)
				     : acc_sprintf("to %s", a->clause);

			if (w > r->width)
				row_fit(r, ST_NORMAL, s ? s : "", w - r->width, 0);
			free(s);
		} else if (w > r->width) {
			row_fit(r, ST_NORMAL, h->title, w - r->width, 0);
		}
		if (!(r = doc_row(&v->doc)) || row_link(r, link, h->id) < 0)
			return ACC_ENOMEM;
		row_puts(r, ST_NORMAL, "    ");
		if (w > 5 && snippet_row(r, h->snippet, w - 5) < 0)
			return ACC_ENOMEM;
	}
	return 0;
}

/* Enter on a part shows it in the contents (a part has no view of its
 * own); f searches again in the next scope. */
static int search_request(tui *t, tui_view *v, tui_request req)
{
	const tui_row *r = view_cursor_row(v);
	int rc;

	if (req == REQ_SEARCH_FILTER) {
		t->search_scope = (t->search_scope + 1) % NSCOPES;
		v->cur = v->top = 0;
		if ((rc = search_open(t, v)) < 0)
			return rc;
		view_invalidate(v);
		tui_message(t, "searching %s (f: %s)", scopes[t->search_scope].name,
			    scopes[(t->search_scope + 1) % NSCOPES].name);
		return 1;
	}
	if (req != REQ_ENTER || !r || r->link != LINK_PART)
		return 0;
	tui_message(t, "a part: its clauses are in the contents (q to go back)");
	return 1;
}

const tui_view_ops tui_search_ops = {"search",	     search_open, search_layout,
				     search_request, NULL,	  search_free};
