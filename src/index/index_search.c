/* index: full-text search. */
#include "accord/index.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Frees the strings of one hit. */
static void hit_free(acc_search_hit *h)
{
	free(h->kind);
	free(h->id);
	free(h->title);
	free(h->snippet);
	free(h->lang);
}

void acc_search_hits_free(acc_search_hit *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		hit_free(&h[i]);
	free(h);
}

/* Quotes each whitespace-separated word of q as an FTS5 string, so user
 * input is always a plain AND of terms (never FTS5 syntax). */
static char *fts_query_as(const char *q, int prefix)
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
		if (prefix && rc == 0)
			rc = acc_buf_putc(&b, '*');
		p += n;
	}
	if (rc < 0) {
		acc_buf_free(&b);
		return NULL;
	}
	return acc_buf_detach(&b);
}

/* The exact query of q: each word a plain term. */
static char *fts_query(const char *q)
{
	return fts_query_as(q, 0);
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

/* Whether some word of s starts with the term of len bytes
 * (case-insensitive ASCII; a byte of a multi-byte character is a letter). */
static int word_prefix(const char *s, const char *term, size_t len)
{
	size_t i, k;

	for (i = 0; s[i]; i++) {
		unsigned char prev = i ? (unsigned char)s[i - 1] : ' ';

		if (prev >= 0x80 || (prev >= '0' && prev <= '9') ||
		    ((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z'))
			continue;
		for (k = 0; k < len && s[i + k]; k++) {
			unsigned char a = (unsigned char)s[i + k], b = (unsigned char)term[k];

			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a | 0x20);
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b | 0x20);
			if (a != b)
				break;
		}
		if (k == len)
			return 1;
	}
	return 0;
}

/* Whether some word of query begins a word of s. */
static int any_term(const char *query, const char *s)
{
	const char *p = query;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '"')
			p++;
		n = strcspn(p, " \t\n\"");
		if (!n)
			break;
		if (word_prefix(s, p, n))
			return 1;
		p += n;
	}
	return 0;
}

/* Whether amendment hit h is in scope: its text or its rationale matches
 * as the scope asks (1 yes, 0 no, or an error). */
static int amendment_in_scope(acc_index *ix, const acc_search_hit *h, const char *query,
			      unsigned scope)
{
	sqlite3_stmt *st = NULL;
	int rc, in = 0;

	if ((scope & (ACC_SEARCH_TEXTS | ACC_SEARCH_RATIONALES)) ==
	    (ACC_SEARCH_TEXTS | ACC_SEARCH_RATIONALES))
		return 1;
	if (!(scope & (ACC_SEARCH_TEXTS | ACC_SEARCH_RATIONALES)))
		return 0;
	if ((rc = acc_index_prepare(&st, ix,
				    "SELECT rationale, text FROM amendment WHERE id = ?1")) < 0)
		return rc;
	acc_index_bind_text(st, 1, h->id);
	if ((rc = acc_index_row_step(ix, st)) == 1) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 1);

		in = (scope & ACC_SEARCH_RATIONALES) ? any_term(query, r ? r : "")
						     : any_term(query, t ? t : "");
	}
	sqlite3_finalize(st);
	return rc < 0 ? rc : in;
}

/* Search by word prefixes, in the scope asked (see accord/index.h). */
int acc_index_search_in(acc_index *ix, acc_search_hit **out, size_t *n, const char *query,
			unsigned scope)
{
	sqlite3_stmt *st = NULL;
	char *q = fts_query_as(query, 1);
	acc_search_hit *v = NULL;
	size_t i, k = 0;
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
	    "FROM search WHERE search MATCH ?1 ORDER BY kind, id");
	if (rc == 0) {
		acc_index_bind_text(st, 1, q);
		void *rows = NULL;

		rc = acc_index_rows_read(&rows, &k, ix, st, sizeof(acc_search_hit), hit_row,
					 "search");
		v = rows;
	}
	free(q);
	if (rc == 0 && (scope & ACC_SEARCH_CLAUSES))
		rc = append_lang_hits(&v, &k, ix, query);
	if (rc < 0)
		goto fail;
	/* keep what the scope asks for */
	for (i = 0, *n = 0; i < k; i++) {
		int keep = strcmp(v[i].kind, "clause") == 0
			       ? (scope & ACC_SEARCH_CLAUSES) != 0
			       : amendment_in_scope(ix, &v[i], query, scope);

		if (keep < 0) {
			rc = keep;
			goto fail;
		}
		if (keep)
			v[(*n)++] = v[i];
		else
			hit_free(&v[i]);
	}
	*out = v;
	return 0;
fail:
	acc_search_hits_free(v, k);
	*n = 0;
	return rc;
}
