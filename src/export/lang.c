/* export: an edition in one language (accord export --lang). */
#include "accord/export.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

int ex_lang_rtl(const acc_state *st)
{
	return ex_tag_rtl(ex_lang_tag(st));
}

int ex_tag_rtl(const char *l)
{
	static const char *const rtl[] = {"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", NULL};
	size_t i, n;

	for (i = 0; rtl[i]; i++) {
		n = strlen(rtl[i]);
		if (strncmp(l, rtl[i], n) == 0 && (l[n] == '\0' || l[n] == '-'))
			return 1;
	}
	return 0;
}

/* Replaces *slot with a copy of s. */
static int swap_str(char **slot, const char *s)
{
	char *d = acc_strdup(s);

	if (!d)
		return ACC_ENOMEM;
	free(*slot);
	*slot = d;
	return 0;
}

int ex_lang_each(const acc_export_doc *d, const char *id, ex_lang_fn fn, void *arg)
{
	const acc_state *st = d->st;
	size_t i;

	if (!d->all_langs)
		return 0;
	for (i = 0; i < st->conv.languages.count; i++) {
		const char *l = st->conv.languages.items[i];
		const acc_translation *t = acc_state_translation(st, l, id);
		acc_tr_status s = acc_translation_status(st, l, id);

		if (strcmp(l, st->conv.language) == 0)
			continue;
		fn(arg, l, ex_tag_rtl(l), t ? t->heading : "", t ? t->text : "",
		   s == ACC_TR_CURRENT ? NULL
		   : s == ACC_TR_STALE ? "translation not in step with the source"
				       : "not yet established");
	}
	return 0;
}

int acc_export_set_lang(acc_export_doc *d, const char *lang)
{
	acc_state *st = NULL;
	size_t i;
	int rc = 0;

	/* a multilingual edition: the source, each text followed by its
	 * translations (the formats that can hold them; ex_lang_each) */
	if (strcmp(lang, "all") == 0) {
		d->all_langs = 1;
		return 0;
	}

	for (i = 0; i < sizeof(d->own) / sizeof(d->own[0]); i++)
		if (d->own[i] == d->st)
			st = d->own[i];
	if (!st)
		return acc_error_set(ACC_ERROR, "no state to export");
	if (!acc_conv_has_language(&st->conv, lang))
		return acc_error_set(ACC_ENOTFOUND, "%s is not a language of this convention",
				     lang);
	if (strcmp(lang, st->conv.language) == 0)
		return 0;
	/* each clause's text in lang; one not yet established in lang (or not
	 * in step with the source) keeps the source text, and says so */
	for (i = 0; i < st->nclauses && rc == 0; i++) {
		acc_clause *k = &st->clauses[i];
		const acc_translation *t = acc_state_translation(st, lang, k->id);
		acc_tr_status s = acc_translation_status(st, lang, k->id);
		char *h;

		if (s == ACC_TR_CURRENT) {
			if ((rc = swap_str(&k->heading, t->heading)) == 0)
				rc = swap_str(&k->text, t->text);
			continue;
		}
		h = acc_sprintf("%s [%s: %s]", k->heading, lang,
				s == ACC_TR_STALE ? "translation not in step with the source"
						  : "not yet established");
		if (!h)
			return ACC_ENOMEM;
		free(k->heading);
		k->heading = h;
	}
	/* the title and the preamble: the translation when current; else the
	 * source (the title says which it is) */
	for (i = 0; i < 2 && rc == 0; i++) {
		const char *id = i ? "preamble" : "title";
		const acc_translation *t = acc_state_translation(st, lang, id);
		acc_tr_status s = acc_translation_status(st, lang, id);
		char **slot = i ? &st->conv.preamble : &st->conv.title;

		if (s == ACC_TR_CURRENT) {
			char *v =
			    acc_strndup(t->text, i ? strlen(t->text) : strcspn(t->text, "\n"));

			if (!v)
				return ACC_ENOMEM;
			free(*slot);
			*slot = v;
		} else if (!i) {
			char *h = acc_sprintf("%s [%s: %s]", *slot, lang,
					      s == ACC_TR_STALE
						  ? "translation not in step with the source"
						  : "not yet established");
			if (!h)
				return ACC_ENOMEM;
			free(*slot);
			*slot = h;
		}
	}
	if (rc == 0)
		rc = swap_str(&st->conv.language, lang);
	if (rc == 0)
		d->lang = st->conv.language;
	return rc;
}
