/* index: the translations, searched in every language.
 *
 * Translations go into their own FTS5 table with the trigram tokenizer,
 * which needs no word boundaries (Chinese has no spaces), and are matched
 * with LIKE on the first term, which the trigram index serves for terms
 * of three characters or more and which still finds shorter ones
 * (two-character Chinese words) by a scan of the few translation rows;
 * the other terms are checked on the rows found (every term must match,
 * and no query length reaches SQLite's limits).  Each hit says its
 * language. */
#include "accord/index.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int acc_index_put_translations(acc_index *ix, const acc_state *st)
{
	size_t i;
	int rc = 0;

	if ((rc = acc_index_exec(ix, "DELETE FROM search_lang;")) < 0)
		return rc;
	for (i = 0; i < st->ntranslations && rc == 0; i++) {
		const acc_translation *t = &st->translations[i];
		sqlite3_stmt *s = NULL;

		if (!acc_state_clause(st, t->clause))
			continue; /* a clause since deleted */
		if ((rc = acc_index_prepare(&s, ix,
					    "INSERT INTO search_lang(lang, id, title, body) "
					    "VALUES(?,?,?,?)")) < 0)
			break;
		acc_index_bind_text(s, 1, t->lang);
		acc_index_bind_text(s, 2, t->clause);
		acc_index_bind_text(s, 3, t->heading);
		acc_index_bind_text(s, 4, t->text);
		rc = acc_index_step_done(ix, s, "write");
	}
	return rc;
}

/* Appends the LIKE pattern of the n bytes at p ("%p%", escaped with \). */
static int like_pattern(acc_buf *b, const char *p, size_t n)
{
	size_t i;
	int rc = acc_buf_putc(b, '%');

	for (i = 0; i < n && rc == 0; i++) {
		if (p[i] == '%' || p[i] == '_' || p[i] == '\\')
			rc = acc_buf_putc(b, '\\');
		if (rc == 0)
			rc = acc_buf_putc(b, p[i]);
	}
	return rc ? rc : acc_buf_putc(b, '%');
}

/* The snippet of a hit: up to about 60 bytes either side of the first
 * term in body, the term between \2 and \3 (as FTS5's snippet marks it). */
static char *make_snippet(const char *body, const char *term, size_t tlen)
{
	const char *at = NULL, *p, *from, *to, *end = body + strlen(body);
	acc_buf b = ACC_BUF_INIT;

	for (p = body; p + tlen <= end && !at; p++)
		if (strncasecmp(p, term, tlen) == 0)
			at = p;
	if (!at)
		at = body, tlen = 0;
	for (from = at - (at - body > 60 ? 60 : at - body); ((unsigned char)*from & 0xC0) == 0x80;)
		from++;
	for (to = at + tlen + ((size_t)(end - at) - tlen > 60 ? 60 : (size_t)(end - at) - tlen);
	     to < end && ((unsigned char)*to & 0xC0) == 0x80;)
		to++;
	acc_buf_printf(&b, "%s%.*s\2%.*s\3%.*s%s", from > body ? "…" : "", (int)(at - from), from,
		       (int)tlen, at, (int)(to - at - tlen), at + tlen, to < end ? "…" : "");
	return acc_buf_detach(&b);
}

/* Whether every term of query (whitespace-separated) is in title or
 * body (ASCII letters without regard to case, as LIKE). */
static int all_terms(const char *query, const char *title, const char *body)
{
	const char *p = query;

	while (*p) {
		char *term;
		int found;
		size_t k;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!(k = strcspn(p, " \t\n")))
			break;
		if (!(term = acc_strndup(p, k)))
			return 0;
		found = strcasestr(title, term) || strcasestr(body, term);
		free(term);
		if (!found)
			return 0;
		p += k;
	}
	return 1;
}

int acc_index_search_lang(acc_index *ix, acc_search_hit **out, size_t *n, const char *query)
{
	acc_buf pat = ACC_BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *p = query;
	size_t flen, alloc = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!(flen = strcspn(p, " \t\n")))
		return 0;
	/* the first term through the trigram index, the others here */
	if ((rc = like_pattern(&pat, p, flen)) < 0 ||
	    (rc = acc_index_prepare(
		 &st, ix,
		 "SELECT lang, id, title, body FROM search_lang WHERE title LIKE ?1 "
		 "ESCAPE '\\' OR body LIKE ?1 ESCAPE '\\' ORDER BY id, lang")) < 0)
		goto done;
	acc_index_bind_text(st, 1, pat.ptr);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		acc_search_hit *h;
		char *body = acc_index_col_str(st, 3), *title = acc_index_col_str(st, 2);

		if (!body || !title || !all_terms(query, title, body)) {
			free(body);
			free(title);
			if (!body || !title) {
				rc = ACC_ENOMEM;
				break;
			}
			continue;
		}
		if (*n == alloc) {
			void *q =
			    acc_realloc(*out, (alloc = alloc ? 2 * alloc : 8) * sizeof(**out));

			if (!q) {
				free(body);
				free(title);
				rc = ACC_ENOMEM;
				break;
			}
			*out = q;
		}
		h = &(*out)[(*n)++];
		memset(h, 0, sizeof(*h));
		h->lang = acc_index_col_str(st, 0);
		h->id = acc_index_col_str(st, 1);
		h->title = title;
		h->kind = acc_strdup("clause");
		h->snippet = make_snippet(body, p, flen);
		free(body);
		if (!h->lang || !h->id || !h->kind || !h->snippet) {
			rc = ACC_ENOMEM;
			break;
		}
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = acc_index_db_fail(ix, "search");
	sqlite3_finalize(st);
done:
	acc_buf_free(&pat);
	if (rc < 0) {
		acc_search_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
