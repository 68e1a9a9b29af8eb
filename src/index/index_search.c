/* index: full-text search. */
#include "accord/index.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void acc_search_hits_free(acc_search_hit *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].kind);
		free(h[i].id);
		free(h[i].title);
		free(h[i].snippet);
		free(h[i].lang);
	}
	free(h);
}

/* Quotes each whitespace-separated word of q as an FTS5 string, so user
 * input is always a plain AND of terms (never FTS5 syntax). */
static char *fts_query(const char *q)
{
	acc_buf b = ACC_BUF_INIT;
	const char *p = q;
	int rc = 0;

	while (*p && rc == 0) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = strcspn(p, " \t\n");
		if (!n)
			break;
		if (b.size)
			rc = acc_buf_putc(&b, ' ');
		rc = rc ? rc : acc_buf_putc(&b, '"');
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = p[i] == '"' ? acc_buf_puts(&b, "\"\"") : acc_buf_putc(&b, p[i]);
		rc = rc ? rc : acc_buf_putc(&b, '"');
		p += n;
	}
	if (rc < 0) {
		acc_buf_free(&b);
		return NULL;
	}
	return acc_buf_detach(&b);
}

/* Reads a search hit (an acc_index_row_fn). */
static int hit_row(void *item, sqlite3_stmt *st)
{
	acc_search_hit *h = item;

	h->kind = acc_index_col_str(st, 0);
	h->id = acc_index_col_str(st, 1);
	h->title = acc_index_col_str(st, 2);
	h->snippet = acc_index_col_str(st, 3);
	return h->kind && h->id && h->title && h->snippet ? 0 : ACC_ENOMEM;
}

/* Appends the hits in the translations (index_lang.c) to *out. */
static int append_lang_hits(acc_search_hit **out, size_t *n, acc_index *ix, const char *query)
{
	acc_search_hit *more = NULL, *all;
	size_t m = 0;
	int rc;

	if ((rc = acc_index_search_lang(ix, &more, &m, query)) < 0 || !m)
		goto fail;
	if (!(all = acc_realloc(*out, (*n + m) * sizeof(*all)))) {
		rc = ACC_ENOMEM;
		goto fail;
	}
	memcpy(all + *n, more, m * sizeof(*all));
	free(more);
	*out = all;
	*n += m;
	return 0;
fail:
	acc_search_hits_free(more, m);
	if (rc < 0) {
		acc_search_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int acc_index_search(acc_index *ix, acc_search_hit **out, size_t *n, const char *query)
{
	sqlite3_stmt *st = NULL;
	char *q = fts_query(query);
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ACC_ENOMEM;
	if (!q[0]) {
		free(q);
		return acc_error_set(ACC_EUSAGE, "empty search");
	}
	rc = acc_index_prepare(
	    &st, ix,
	    "SELECT kind, id, title, snippet(search, 3, char(2), char(3), '…', 12) "
	    "FROM search WHERE search MATCH ?1 ORDER BY rank, kind, id");
	if (rc < 0) {
		free(q);
		return rc;
	}
	acc_index_bind_text(st, 1, q);
	rc = acc_index_rows_read(&v, n, ix, st, sizeof(acc_search_hit), hit_row, "search");
	free(q);
	if (rc < 0) {
		acc_search_hits_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return append_lang_hits(out, n, ix, query);
}
