/* index: the translations, searched in every language.
 *
 * Translations go into their own FTS5 table with the trigram tokenizer,
 * which needs no word boundaries (Chinese has no spaces), and are matched
 * with LIKE, which the trigram index serves for terms of three characters
 * or more and which still finds shorter ones (two-character Chinese words)
 * by a scan of the few translation rows.  Each hit says its language. */
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

/* One hit row: lang, id, title, body, and the first term for the snippet. */
typedef struct {
	acc_search_hit *hit;
	const char *term;
	size_t tlen;
} lang_row_ctx;

int acc_index_search_lang(acc_index *ix, acc_search_hit **out, size_t *n, const char *query)
{
	acc_buf sql = ACC_BUF_INIT;
	acc_strlist pats = ACC_STRLIST_INIT;
	sqlite3_stmt *st = NULL;
	const char *p = query, *first = NULL;
	size_t flen = 0, alloc = 0, i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	acc_buf_puts(&sql, "SELECT lang, id, title, body FROM search_lang WHERE 1");
	while (*p && rc == 0) {
		acc_buf pat = ACC_BUF_INIT;
		size_t k;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!(k = strcspn(p, " \t\n")))
			break;
		if (!first)
			first = p, flen = k;
		if ((rc = like_pattern(&pat, p, k)) == 0 &&
		    (rc = acc_strlist_add(&pats, pat.ptr)) == 0)
			rc = acc_buf_printf(&sql,
					    " AND (title LIKE ?%zu ESCAPE '\\' OR body LIKE ?%zu "
					    "ESCAPE '\\')",
					    pats.count, pats.count);
		acc_buf_free(&pat);
		p += k;
	}
	if (rc == 0 && !pats.count)
		goto done;
	if (rc < 0 || (rc = acc_buf_puts(&sql, " ORDER BY id, lang")) < 0 ||
	    (rc = acc_index_prepare(&st, ix, sql.ptr)) < 0)
		goto done;
	for (i = 0; i < pats.count; i++)
		acc_index_bind_text(st, (int)i + 1, pats.items[i]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		acc_search_hit *h;
		char *body;

		if (*n == alloc) {
			void *q =
			    acc_realloc(*out, (alloc = alloc ? 2 * alloc : 8) * sizeof(**out));

			if (!q) {
				rc = ACC_ENOMEM;
				break;
			}
			*out = q;
		}
		h = &(*out)[(*n)++];
		memset(h, 0, sizeof(*h));
		h->lang = acc_index_col_str(st, 0);
		h->id = acc_index_col_str(st, 1);
		h->title = acc_index_col_str(st, 2);
		body = acc_index_col_str(st, 3);
		h->kind = acc_strdup("clause");
		h->snippet = body ? make_snippet(body, first, flen) : NULL;
		free(body);
		if (!h->lang || !h->id || !h->title || !h->kind || !h->snippet) {
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
	acc_buf_free(&sql);
	acc_strlist_free(&pats);
	if (rc < 0) {
		acc_search_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
