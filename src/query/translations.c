/* query: translations, each clause in each language, and the source
 * changes a translator has to carry over. */
#include "accord/langs.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/store.h"
#include "accord/textdiff.h"

/* "<heading>\n\n<text>" of a clause (malloc'd). */
static char *source_of(const char *heading, const char *text)
{
	return acc_sprintf("%s\n\n%s", heading ? heading : "", text ? text : "");
}

/* Counts the word tokens in the len bytes at s. */
static size_t count_words(const char *s, size_t len)
{
	size_t pos = 0, n = 0;

	while (pos < len) {
		acc_tok_class cls;
		size_t k = acc_token_next(s + pos, len - pos, &cls);

		if (cls == ACC_TOK_WORD)
			n++;
		pos += k ? k : 1;
	}
	return n;
}

int acc_query_changed_words(size_t *out, const char *a, const char *b)
{
	acc_diff d;
	size_t i;
	int rc;

	*out = 0;
	if ((rc = acc_textdiff(&d, a, strlen(a), b, strlen(b))) < 0)
		return rc;
	for (i = 0; i < d.count; i++)
		if (d.runs[i].op != ACC_DIFF_EQUAL)
			*out += count_words(d.runs[i].text, d.runs[i].len);
	acc_diff_free(&d);
	return 0;
}

int acc_query_translation_source(char **then, char **now, acc_ctx *c, const acc_state *st,
				 const acc_translation *t)
{
	acc_tr_unit_kind unit = acc_tr_unit(t->clause);
	const char *blob, *heading, *text;
	acc_record *r = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*then = *now = NULL;
	if (acc_tr_source(&blob, &heading, &text, st, t->clause) < 0)
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", t->clause);
	if (unit != ACC_TR_CLAUSE && !t->convention[0])
		return acc_error_set(ACC_EINVAL, "the %s's translation into %s names no record",
				     t->clause, t->lang);
	if ((rc = acc_store_read_blob(&data, &len, acc_ctx_store(c),
				      unit == ACC_TR_CLAUSE ? t->base : t->convention)) < 0 ||
	    (rc = acc_record_parse(&r, data, len, t->base)) < 0)
		goto done;
	if (unit == ACC_TR_CLAUSE) {
		const char *h = NULL;

		if (acc_record_get(r, "Heading", &h) < 0)
			acc_error_clear();
		*then = source_of(h, r->body);
		*now = source_of(heading, text);
	} else if (unit == ACC_TR_TITLE) {
		const char *h = NULL;

		if (acc_record_get(r, "Title", &h) < 0)
			acc_error_clear();
		*then = acc_sprintf("%s\n", h ? h : "");
		*now = acc_sprintf("%s\n", text);
	} else {
		*then = acc_strdup(r->body);
		*now = acc_strdup(text);
	}
	if (!*then || !*now) {
		free(*then);
		free(*now);
		*then = *now = NULL;
		rc = ACC_ENOMEM;
	}
done:
	acc_record_free(r);
	free(data);
	return rc;
}

/* Fills the changed words of the stale row w. */
static int count_stale(acc_tr_row *w, acc_ctx *c, const acc_state *st)
{
	char *then = NULL, *now = NULL;
	int rc;

	if ((rc = acc_query_translation_source(&then, &now, c, st, w->t)) == 0)
		rc = acc_query_changed_words(&w->changed_words, then, now);
	free(then);
	free(now);
	return rc;
}

int acc_query_translations(acc_tr_row **out, size_t *n, acc_ctx *c, const acc_state *st,
			   const char *lang, int stale_only)
{
	const acc_strlist *langs = &st->conv.languages;
	acc_tr_row *rows;
	size_t i, j, k = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (lang && !acc_conv_has_language(&st->conv, lang))
		return acc_error_set(ACC_ENOTFOUND, "%s is not a language of this convention",
				     lang);
	if (!(rows = acc_calloc((st->nclauses + 2) * langs->count + 1, sizeof(*rows))))
		return ACC_ENOMEM;
	/* the title and the preamble come first, as in the text */
	for (i = 0; i < st->nclauses + 2 && rc == 0; i++)
		for (j = 0; j < langs->count && rc == 0; j++) {
			const char *l = langs->items[j], *id, *h, *x;
			acc_tr_row *w = &rows[k];

			if (strcmp(l, st->conv.language) == 0 || (lang && strcmp(l, lang) != 0))
				continue;
			id = i == 0 ? "title" : i == 1 ? "preamble" : st->clauses[i - 2].id;
			w->clause = i < 2 ? NULL : &st->clauses[i - 2];
			w->id = id;
			w->number = w->clause ? w->clause->number : "";
			if (acc_tr_source(&w->source, &h, &x, st, id) < 0)
				continue;
			w->lang = l;
			w->authentic = acc_conv_is_authentic(&st->conv, l);
			w->t = acc_state_translation(st, l, id);
			w->status = acc_translation_status(st, l, id);
			if (stale_only && w->status != ACC_TR_STALE)
				continue;
			if (w->status == ACC_TR_STALE)
				rc = count_stale(w, c, st);
			k++;
		}
	if (rc < 0) {
		free(rows);
		return rc;
	}
	*out = rows;
	*n = k;
	return 0;
}
