/*
 * model: the languages of a convention and its translations.
 *
 * The convention record names them:
 *
 *     Language: en                      the negotiation language
 *     Languages: ar zh en fr ru es      every language of the text
 *     Authentic: ar zh en fr ru es      the equally authentic ones
 *     Translators: secretariat unog     who may enter translations
 *
 * Languages defaults to the negotiation language alone, Authentic to
 * Languages, Translators to the chair.  A translation is the file
 * translations/<lang>/<clause>:
 *
 *     Base: <blob id of clauses/<clause> it translates>
 *     By: <organisation that entered it>
 *     Heading: <the heading in lang>
 *
 *     <the text in lang>
 *
 * It is current while the clause file is still that blob, stale once the
 * source changed, and missing when there is no file.  A translation of a
 * clause since deleted stays in the record and is not shown.
 *
 * The convention's title and preamble are not files of their own: they
 * translate as translations/<lang>/title and translations/<lang>/preamble,
 * without a Heading, whose Base is the git blob id of the text itself
 * ("<Title>\n", the record's body: `git hash-object` of it) and whose
 *
 *     Convention: <blob id of the convention record it was read from>
 *
 * keeps the source readable for the word diff of what changed since.
 */
#include "accord/model.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

int acc_lang_valid(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	/* a BCP 47 primary subtag (2-3 lower-case letters), optionally with
	 * one more subtag of letters and digits: en, zh, zh-Hant, es-419 */
	for (i = 0; i < n && s[i] >= 'a' && s[i] <= 'z'; i++)
		;
	if (i < 2 || i > 3)
		return 0;
	if (i == n)
		return 1;
	if (s[i] != '-' || n - i - 1 < 2 || n - i - 1 > 8)
		return 0;
	for (i++; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/* Splits the space-separated value of key in r into l, each item checked
 * by valid (what names it in errors); absent keys leave l empty. */
static int read_list(acc_strlist *l, const acc_record *r, const char *key,
		     int (*valid)(const char *), const char *what)
{
	const char *v, *p, *e;
	int rc = acc_record_get(r, key, &v);

	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	for (p = v; *p;) {
		char *item;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (e = p; *e && *e != ' '; e++)
			;
		if (!(item = acc_strndup(p, (size_t)(e - p))))
			return ACC_ENOMEM;
		if (!valid(item)) {
			rc = acc_model_error_at(r, acc_record_line(r, key), "invalid %s '%s'", what,
						item);
			free(item);
			return rc;
		}
		if (acc_strlist_find(l, item) >= 0) {
			rc = acc_model_error_at(r, acc_record_line(r, key), "%s '%s' listed twice",
						what, item);
			free(item);
			return rc;
		}
		rc = acc_strlist_add(l, item);
		free(item);
		if (rc < 0)
			return rc;
		p = e;
	}
	return 0;
}

/* Whether s is a valid organisation id (for read_list). */
static int org_valid(const char *s)
{
	return acc_id_valid(s);
}

/* Copies the strings of from into to (emptied first). */
static int list_copy(acc_strlist *to, const acc_strlist *from)
{
	size_t i;
	int rc;

	memset(to, 0, sizeof(*to));
	for (i = 0; i < from->count; i++)
		if ((rc = acc_strlist_add(to, from->items[i])) < 0)
			return rc;
	return 0;
}

int acc_model_load_languages(acc_convention *c, const acc_record *r)
{
	size_t i;
	int rc;

	memset(&c->languages, 0, sizeof(c->languages));
	memset(&c->authentic, 0, sizeof(c->authentic));
	memset(&c->translators, 0, sizeof(c->translators));
	if (!acc_lang_valid(c->language))
		return acc_model_error_at(r, acc_record_line(r, "Language"),
					  "invalid language '%s'", c->language);
	if ((rc = read_list(&c->languages, r, "Languages", acc_lang_valid, "language")) < 0 ||
	    (rc = read_list(&c->authentic, r, "Authentic", acc_lang_valid, "language")) < 0 ||
	    (rc = read_list(&c->translators, r, "Translators", org_valid, "organisation id")) < 0)
		return rc;
	if (c->languages.count == 0 && (rc = acc_strlist_add(&c->languages, c->language)) < 0)
		return rc;
	if (acc_strlist_find(&c->languages, c->language) < 0)
		return acc_model_error_at(r, acc_record_line(r, "Languages"),
					  "the negotiation language '%s' is not in Languages",
					  c->language);
	if (c->authentic.count == 0)
		return list_copy(&c->authentic, &c->languages);
	for (i = 0; i < c->authentic.count; i++)
		if (acc_strlist_find(&c->languages, c->authentic.items[i]) < 0)
			return acc_model_error_at(r, acc_record_line(r, "Authentic"),
						  "authentic language '%s' is not in Languages",
						  c->authentic.items[i]);
	return 0;
}

int acc_model_languages_copy(acc_convention *to, const acc_convention *from)
{
	int rc;

	memset(&to->languages, 0, sizeof(to->languages));
	memset(&to->authentic, 0, sizeof(to->authentic));
	memset(&to->translators, 0, sizeof(to->translators));
	if ((rc = list_copy(&to->languages, &from->languages)) < 0 ||
	    (rc = list_copy(&to->authentic, &from->authentic)) < 0)
		return rc;
	return list_copy(&to->translators, &from->translators);
}

void acc_model_languages_free(acc_convention *c)
{
	acc_strlist_free(&c->languages);
	acc_strlist_free(&c->authentic);
	acc_strlist_free(&c->translators);
}

int acc_conv_has_language(const acc_convention *c, const char *lang)
{
	return lang && acc_strlist_find(&c->languages, lang) >= 0;
}

int acc_conv_is_authentic(const acc_convention *c, const char *lang)
{
	return lang && acc_strlist_find(&c->authentic, lang) >= 0;
}

int acc_conv_may_translate(const acc_convention *c, const char *org)
{
	if (!org)
		return 0;
	if (c->translators.count == 0)
		return c->chair && strcmp(c->chair, org) == 0;
	return acc_strlist_find(&c->translators, org) >= 0;
}

acc_tr_unit_kind acc_tr_unit(const char *id)
{
	if (id && strcmp(id, "title") == 0)
		return ACC_TR_TITLE;
	if (id && strcmp(id, "preamble") == 0)
		return ACC_TR_PREAMBLE;
	return ACC_TR_CLAUSE;
}

int acc_model_unit_blobs(acc_convention *c)
{
	char *t = acc_sprintf("%s\n", c->title ? c->title : "");
	const char *p = c->preamble ? c->preamble : "";
	int rc;

	if (!t)
		return ACC_ENOMEM;
	rc = acc_git_blob_id(c->title_blob, t, strlen(t));
	free(t);
	if (rc == 0)
		rc = acc_git_blob_id(c->preamble_blob, p, strlen(p));
	return rc;
}

int acc_tr_source(const char **blob, const char **heading, const char **text, const acc_state *st,
		  const char *id)
{
	const acc_clause *k;

	switch (acc_tr_unit(id)) {
	case ACC_TR_TITLE:
		*blob = st->conv.title_blob, *heading = "";
		*text = st->conv.title ? st->conv.title : "";
		return 0;
	case ACC_TR_PREAMBLE:
		*blob = st->conv.preamble_blob, *heading = "";
		*text = st->conv.preamble ? st->conv.preamble : "";
		return 0;
	default:
		if (!(k = acc_state_clause(st, id)))
			return ACC_ENOTFOUND;
		*blob = k->blob, *heading = k->heading, *text = k->text;
		return 0;
	}
}

/* Frees what t owns. */
static void translation_clear(acc_translation *t)
{
	free(t->lang);
	free(t->clause);
	free(t->heading);
	free(t->text);
	free(t->by);
	memset(t, 0, sizeof(*t));
}

void acc_model_translations_free(acc_state *st)
{
	size_t i;

	for (i = 0; i < st->ntranslations; i++)
		translation_clear(&st->translations[i]);
	free(st->translations);
	st->translations = NULL;
	st->ntranslations = 0;
}

/* Reads translations/<lang>/<clause> into t, checking it against st. */
static int load_one(acc_translation *t, const acc_state *st, acc_source *src, const char *lang,
		    const char *clause)
{
	static const char *const keys[] = {"Base", "By", "Heading", NULL};
	static const char *const unit_keys[] = {"Base", "By", "Convention", NULL};
	int unit = acc_tr_unit(clause) != ACC_TR_CLAUSE;
	acc_record *r = NULL;
	const char *base, *conv = NULL;
	char *path = acc_sprintf("translations/%s/%s", lang, clause);
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_model_record_load(&r, src, path, 1, t->blob)) < 0)
		goto done;
	/* a translation of a clause since deleted, or into a language since
	 * dropped, stays in the record and is simply not shown */
	if (!acc_lang_valid(lang)) {
		rc = acc_error_set(ACC_EINVAL, "%s: invalid language '%s'", path, lang);
		goto done;
	}
	/* Base and By are stamped by accord translate, and by init for the
	 * translations of a proposal (a proposal's files may omit them; verify
	 * checks that every translation in a history has them right) */
	if ((rc = unit ? acc_record_check_keys(r, unit_keys) : acc_record_check_keys(r, keys)) <
		0 ||
	    (rc = acc_model_opt_str(&t->by, r, "By")) < 0 ||
	    (rc = unit ? 0 : acc_model_req_str(&t->heading, r, "Heading")) < 0)
		goto done;
	if (unit && !(t->heading = acc_strdup(""))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (unit && acc_record_get(r, "Convention", &conv) < 0) {
		acc_error_clear();
		conv = NULL;
	}
	if (conv && (strlen(conv) != ACC_OID_HEXLEN ||
		     strspn(conv, "0123456789abcdef") != ACC_OID_HEXLEN)) {
		rc = acc_model_error_at(r, acc_record_line(r, "Convention"), "invalid blob id '%s'",
					conv);
		goto done;
	}
	if (conv)
		memcpy(t->convention, conv, ACC_OID_HEXLEN + 1);
	if (!t->by && !(t->by = acc_strdup(""))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (acc_record_get(r, "Base", &base) < 0) {
		acc_error_clear();
		base = NULL;
	}
	if (base && (strlen(base) != ACC_OID_HEXLEN ||
		     strspn(base, "0123456789abcdef") != ACC_OID_HEXLEN)) {
		rc =
		    acc_model_error_at(r, acc_record_line(r, "Base"), "invalid blob id '%s'", base);
		goto done;
	}
	if (base)
		memcpy(t->base, base, ACC_OID_HEXLEN + 1);
	if (!(t->lang = acc_strdup(lang)) || !(t->clause = acc_strdup(clause)) ||
	    !(t->text = acc_strdup(r->body)))
		rc = ACC_ENOMEM;
done:
	free(path);
	acc_record_free(r);
	return rc;
}

int acc_model_load_translations(acc_state *st, acc_source *src)
{
	acc_strlist langs = ACC_STRLIST_INIT, files = ACC_STRLIST_INIT;
	size_t i, j, alloc = 0;
	int rc;

	if ((rc = src->list(src, "translations", &langs)) < 0)
		return rc;
	for (i = 0; i < langs.count && rc == 0; i++) {
		char *dir = acc_sprintf("translations/%s", langs.items[i]);

		if (!dir) {
			rc = ACC_ENOMEM;
			break;
		}
		acc_strlist_free(&files);
		rc = src->list(src, dir, &files);
		free(dir);
		for (j = 0; j < files.count && rc == 0; j++) {
			if (st->ntranslations == alloc) {
				size_t na = alloc ? 2 * alloc : 16;
				void *p =
				    acc_realloc(st->translations, na * sizeof(acc_translation));

				if (!p) {
					rc = ACC_ENOMEM;
					break;
				}
				st->translations = p;
				alloc = na;
			}
			memset(&st->translations[st->ntranslations], 0, sizeof(acc_translation));
			rc = load_one(&st->translations[st->ntranslations], st, src, langs.items[i],
				      files.items[j]);
			if (rc < 0)
				translation_clear(&st->translations[st->ntranslations]);
			else
				st->ntranslations++;
		}
	}
	acc_strlist_free(&langs);
	acc_strlist_free(&files);
	return rc;
}

const acc_translation *acc_state_translation(const acc_state *st, const char *lang,
					     const char *clause)
{
	size_t i;

	for (i = 0; i < st->ntranslations; i++)
		if (strcmp(st->translations[i].lang, lang) == 0 &&
		    strcmp(st->translations[i].clause, clause) == 0)
			return &st->translations[i];
	return NULL;
}

acc_tr_status acc_translation_status(const acc_state *st, const char *lang, const char *clause)
{
	const acc_translation *t = acc_state_translation(st, lang, clause);
	const char *blob, *heading, *text;

	if (!t || acc_tr_source(&blob, &heading, &text, st, clause) < 0)
		return ACC_TR_MISSING;
	return strcmp(t->base, blob) == 0 ? ACC_TR_CURRENT : ACC_TR_STALE;
}

const char *acc_tr_status_name(acc_tr_status s)
{
	switch (s) {
	case ACC_TR_CURRENT:
		return "current";
	case ACC_TR_STALE:
		return "stale";
	default:
		return "missing";
	}
}

const char *acc_lang_name(const char *tag)
{
	static const char *const names[][2] = {
	    {"ar", "Arabic"},  {"zh", "Chinese"},  {"en", "English"}, {"fr", "French"},
	    {"ru", "Russian"}, {"es", "Spanish"},  {"de", "German"},  {"pt", "Portuguese"},
	    {"it", "Italian"}, {"ja", "Japanese"}, {"he", "Hebrew"},  {"fa", "Persian"},
	    {"hi", "Hindi"},   {"tr", "Turkish"},  {"nl", "Dutch"},   {"sw", "Swahili"}};
	size_t i;

	for (i = 0; tag && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(tag, names[i][0]) == 0)
			return names[i][1];
	return tag ? tag : "";
}

int acc_texts_note(char **out, const acc_state *st, int missing)
{
	const acc_ballot *b = &st->ratification;
	acc_buf w = ACC_BUF_INIT;
	size_t i, j, n, k = 0;

	*out = NULL;
	if (b->lang_only && b->state != ACC_BALLOT_NONE) {
		const char *l = acc_lang_name(b->lang_only);

		if (b->state == ACC_BALLOT_CLOSED && b->result == ACC_RESULT_ADOPTED)
			*out = acc_sprintf("adopted in %s only; the other authentic texts are not "
					   "yet established",
					   l);
		else if (b->state == ACC_BALLOT_OPEN)
			*out = acc_sprintf("the adoption ballot is on the %s text only; the other "
					   "authentic texts are not yet established",
					   l);
		else
			return 0;
		return *out ? 0 : ACC_ENOMEM;
	}
	if (!missing)
		return 0;
	for (j = 0; j < st->conv.authentic.count; j++) {
		const char *l = st->conv.authentic.items[j];

		if (strcmp(l, st->conv.language) == 0)
			continue;
		for (i = 0, n = 0; i < st->nclauses; i++)
			if (acc_translation_status(st, l, st->clauses[i].id) == ACC_TR_MISSING)
				n++;
		if (!n && acc_state_translation(st, l, "title") &&
		    acc_state_translation(st, l, "preamble"))
			continue;
		acc_buf_printf(&w, "%s%s (",
			       k++ ? "; " : "not yet established: ", acc_lang_name(l));
		if (!acc_state_translation(st, l, "title"))
			acc_buf_puts(&w, "the title, ");
		if (!acc_state_translation(st, l, "preamble"))
			acc_buf_puts(&w, "the preamble, ");
		acc_buf_printf(&w, "%zu of %zu clauses)", n, st->nclauses);
	}
	if (w.ptr && !(*out = acc_buf_detach(&w)))
		return ACC_ENOMEM;
	acc_buf_free(&w);
	return 0;
}
