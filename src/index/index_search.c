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

/* ---- the snippet of a long text ------------------------------------------- */

/* Above 65,536 characters (HIT_COLUMNS), a hit's snippet is made here in
 * one pass (long_snippet) instead of by FTS5's snippet(), whose cost grows
 * with the square of the matches in the text (seconds for an 8 MB
 * amendment). */
#define SNIPPET_TOKENS 12 /* the words of a snippet, as snippet(..., 12) asks */
#define SNIPPET_TERMS  16 /* query words told apart in the score */
#define SNIPPET_RING   32 /* tokens kept behind the one being read */

/* Whether byte c is part of a word for the tokenizer (ASCII letters and
 * digits, and every byte of a multi-byte character). */
static int tok_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The query's words, split as the tokenizer splits them. */
typedef struct {
	const char *s[SNIPPET_TERMS];
	size_t len[SNIPPET_TERMS];
	size_t n;
} snip_terms;

/* Splits the user's query q into its tokens (the first SNIPPET_TERMS). */
static void snip_terms_of(snip_terms *t, const char *q)
{
	size_t i = 0;

	t->n = 0;
	while (q[i] && t->n < SNIPPET_TERMS) {
		size_t k = 0;

		while (q[i] && !tok_byte((unsigned char)q[i]))
			i++;
		while (tok_byte((unsigned char)q[i + k]))
			k++;
		if (!k)
			break;
		t->s[t->n] = q + i;
		t->len[t->n++] = k;
		i += k;
	}
}

/* The byte c with ASCII capitals folded to small letters. */
static unsigned char ascii_fold(char c)
{
	unsigned char b = (unsigned char)c;

	return b >= 'A' && b <= 'Z' ? (unsigned char)(b | 0x20) : b;
}

/* Which query words (a bit each) the token s[0..len) matches: equal to
 * it, or (prefix) beginning it; ASCII case folded. */
static unsigned snip_match(const snip_terms *t, const char *s, size_t len, int prefix)
{
	unsigned m = 0;
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		if (t->len[i] > len || (!prefix && t->len[i] != len))
			continue;
		for (k = 0; k < t->len[i]; k++) {
			if (ascii_fold(s[k]) != ascii_fold(t->s[i][k]))
				break;
		}
		if (k == t->len[i])
			m |= 1u << i;
	}
	return m;
}

/* One token of the text: where it is and which words it matches. */
typedef struct {
	size_t start, end;
	unsigned match;
} snip_tok;

/* The best window so far: its first token (a number in the text), its
 * score and its tokens. */
typedef struct {
	long long score;
	size_t first, n;
	int found;
	snip_tok win[SNIPPET_TOKENS];
} snip_best;

/* Scores the window of tokens first..last (kept in ring) as FTS5 does: a
 * thousand for each query word it holds, one for each further match; keeps
 * it when it beats the best so far (the first of equals stays). */
static void snip_consider(snip_best *b, const snip_tok *ring, size_t first, size_t last)
{
	unsigned seen = 0;
	long long score = 0;
	size_t i;

	for (i = first; i <= last; i++) {
		unsigned m = ring[i % SNIPPET_RING].match;

		if (m)
			score += (m & ~seen) ? 1000 : 1;
		seen |= m;
	}
	if (b->found && score <= b->score)
		return;
	b->found = 1;
	b->score = score;
	b->first = first;
	for (i = first, b->n = 0; i <= last; i++)
		b->win[b->n++] = ring[i % SNIPPET_RING];
}

/* Writes the window of n tokens of text starting at token first (of ntok
 * in all) as a snippet: the text between them as it is, matched words
 * between \2 and \3, an ellipsis where the text goes on. */
static char *snip_write(const char *text, const snip_tok *win, size_t n, size_t first, size_t ntok)
{
	acc_buf b = ACC_BUF_INIT;
	size_t k;
	int rc = 0;

	if (first > 0)
		rc = acc_buf_puts(&b, "\xe2\x80\xa6");
	for (k = 0; k < n && rc == 0; k++) {
		if (k)
			rc = acc_buf_put(&b, text + win[k - 1].end, win[k].start - win[k - 1].end);
		if (rc == 0 && win[k].match)
			rc = acc_buf_putc(&b, '\2');
		if (rc == 0)
			rc = acc_buf_put(&b, text + win[k].start, win[k].end - win[k].start);
		if (rc == 0 && win[k].match)
			rc = acc_buf_putc(&b, '\3');
	}
	if (rc == 0 && first + n < ntok)
		rc = acc_buf_puts(&b, "\xe2\x80\xa6");
	if (rc == 0 && !b.ptr)
		rc = acc_buf_puts(&b, "");
	if (rc < 0) {
		acc_buf_free(&b);
		return NULL;
	}
	return acc_buf_detach(&b);
}

/* The snippet of a long text in one pass over it, in constant memory: of
 * the windows of twelve words centred on each match, the one holding the
 * most query words (as FTS5's snippet() chooses, in the form it writes);
 * the first twelve words when no word matches alone.  prefix: a query
 * word matches the words it begins.  NULL when out of memory. */
static char *long_snippet(const char *text, size_t len, const char *query, int prefix)
{
	const size_t half = (SNIPPET_TOKENS - 1) / 2;
	snip_terms terms;
	snip_tok ring[SNIPPET_RING], head[SNIPPET_TOKENS];
	snip_best *best = acc_calloc(1, sizeof(*best));
	size_t i = 0, ntok = 0, k, nhead = 0;
	char *out;

	if (!best)
		return NULL;
	snip_terms_of(&terms, query);
	while (i < len) {
		size_t s;

		while (i < len && !tok_byte((unsigned char)text[i]))
			i++;
		if (i >= len)
			break;
		s = i;
		while (i < len && tok_byte((unsigned char)text[i]))
			i++;
		ring[ntok % SNIPPET_RING] =
		    (snip_tok){s, i, snip_match(&terms, text + s, i - s, prefix)};
		if (nhead < SNIPPET_TOKENS)
			head[nhead++] = ring[ntok % SNIPPET_RING];
		/* the window ending here is whole: the one of the match at its
		 * middle (of the matches in its first half when it starts the text) */
		if (ntok + 1 >= SNIPPET_TOKENS) {
			size_t first = ntok + 1 - SNIPPET_TOKENS, hit = 0;

			for (k = first ? first + half : 0; k <= first + half && !hit; k++)
				hit = ring[k % SNIPPET_RING].match != 0;
			if (hit)
				snip_consider(best, ring, first, ntok);
		}
		ntok++;
	}
	/* the matches whose window the text ended before filling */
	for (k = ntok >= SNIPPET_TOKENS ? ntok - half - 1 : 0; k < ntok; k++)
		if (ring[k % SNIPPET_RING].match &&
		    (ntok < SNIPPET_TOKENS || (k > half ? k - half : 0) + SNIPPET_TOKENS > ntok))
			snip_consider(best, ring, k > half ? k - half : 0, ntok - 1);
	out = best->found ? snip_write(text, best->win, best->n, best->first, ntok)
			  : snip_write(text, head, nhead, 0, ntok);
	free(best);
	return out;
}

/* The columns of a hit: FTS5's snippet for a text up to SNIPPET_LONG
 * characters, else the text itself (column 4) for long_snippet. */
#define HIT_COLUMNS                                                                                \
	"SELECT kind, id, title, CASE WHEN length(body) <= 65536 THEN "                            \
	"snippet(search, 3, char(2), char(3), '…', 12) END, "                                    \
	"CASE WHEN length(body) > 65536 THEN body END FROM search "

/* Reads the hits of st (selected with HIT_COLUMNS) into *out, making the
 * snippets of long texts here (query and prefix as the search asked). */
static int hits_read(acc_search_hit **out, size_t *n, acc_index *ix, sqlite3_stmt *st,
		     const char *query, int prefix)
{
	acc_search_hit *v = NULL, *h;
	size_t alloc = 0;
	int rc = 0, step;

	*out = NULL;
	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == alloc) {
			acc_search_hit *nv = acc_realloc(v, (alloc ? alloc * 2 : 32) * sizeof(*nv));

			if (!nv) {
				rc = ACC_ENOMEM;
				goto done;
			}
			v = nv;
			alloc = alloc ? alloc * 2 : 32;
		}
		h = &v[(*n)++];
		memset(h, 0, sizeof(*h));
		h->kind = acc_index_col_str(st, 0);
		h->id = acc_index_col_str(st, 1);
		h->title = acc_index_col_str(st, 2);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL ||
		    sqlite3_column_type(st, 4) == SQLITE_NULL)
			h->snippet = acc_index_col_str(st, 3);
		else
			h->snippet =
			    long_snippet((const char *)sqlite3_column_text(st, 4),
					 (size_t)sqlite3_column_bytes(st, 4), query, prefix);
		if (!h->kind || !h->id || !h->title || !h->snippet) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = acc_index_db_fail(ix, "search");
done:
	sqlite3_finalize(st);
	*out = v;
	return rc;
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
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return ACC_ENOMEM;
	if (!q[0]) {
		free(q);
		return acc_error_set(ACC_EUSAGE, "empty search");
	}
	rc =
	    acc_index_prepare(&st, ix, HIT_COLUMNS "WHERE search MATCH ?1 ORDER BY rank, kind, id");
	if (rc < 0) {
		free(q);
		return rc;
	}
	acc_index_bind_text(st, 1, q);
	rc = hits_read(out, n, ix, st, query, 0);
	free(q);
	if (rc < 0) {
		acc_search_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
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
			if (ascii_fold(s[i + k]) != ascii_fold(term[k]))
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
	rc = acc_index_prepare(&st, ix, HIT_COLUMNS "WHERE search MATCH ?1 ORDER BY kind, id");
	if (rc == 0) {
		acc_index_bind_text(st, 1, q);
		rc = hits_read(&v, &k, ix, st, query, 1);
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
