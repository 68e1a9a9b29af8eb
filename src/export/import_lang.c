/*
 * export import_lang: the translations of an imported convention.
 *
 * A json export carries every translation ("translations": per language
 * the title, the preamble and each clause translated, with the source
 * blob it translates and whether it is stale).  Akoma Ntoso holds one
 * language expression a document, so further documents given after the
 * source (`accord init DIR --from en.xml --from fr.xml ...`) are
 * translations of it: read with the same code as the source, their
 * clauses (ids from the eIds) must stand where the source's do, and each
 * becomes translations/<lang>/<unit>.  In accord's own export of a
 * language (`export --format akn --lang fr`) the <proprietary> records
 * name which units are translations (the others show the source text);
 * in a foreign document every unit is.
 *
 * init stamps each such file as translating the imported text, by the
 * chair (act_translate.c, acc_translation_stamp; verify checks the root
 * so): a translation current in the document is current in the import.
 * A stale one translates a text the document does not hold: it is left
 * out, and the user told.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* Writes translations/<lang>/<unit>: Heading (a clause's) and text. */
static int put_translation(ex_memsrc *m, const char *lang, const char *unit, const char *heading,
			   const char *text)
{
	acc_strlist k = ACC_STRLIST_INIT, v = ACC_STRLIST_INIT;
	char *path = acc_sprintf("translations/%s/%s", lang, unit);
	int rc = path ? 0 : ACC_ENOMEM;

	if (rc == 0 && (!acc_lang_valid(lang) || !acc_id_valid(unit)))
		rc = acc_error_set(ACC_EINVAL, "%s: not a translation accord can hold", path);
	if (rc == 0 && acc_tr_unit(unit) == ACC_TR_CLAUSE &&
	    (rc = acc_strlist_add(&k, "Heading")) == 0)
		rc = acc_strlist_add(&v, heading ? heading : "");
	if (rc == 0)
		rc = ex_put_record(m, path, &k, &v, text);
	acc_strlist_free(&k);
	acc_strlist_free(&v);
	free(path);
	return rc;
}

/* Notes that the translation of unit into lang was left out (stale). */
static int note_stale(ex_memsrc *m, const char *doc, const char *lang, const char *unit)
{
	char *n = acc_sprintf("%s: the translation of %s into %s is stale there (it translates an "
			      "older text): not imported",
			      doc, unit, lang);
	int rc = n ? acc_strlist_add(&m->notes, n) : ACC_ENOMEM;

	free(n);
	return rc;
}

/* Puts one translation of the json export (o: {id?, heading?, text,
 * status}) of unit into lang; a stale one is noted. */
static int json_unit(ex_memsrc *m, const char *lang, const char *unit, json_t *o)
{
	const char *text = json_string_value(json_object_get(o, "text"));
	const char *status = json_string_value(json_object_get(o, "status"));

	if (json_is_null(o) || !o)
		return 0;
	if (!text || !status || !unit)
		return acc_error_set(ACC_EINVAL, "a translation into %s has no id, text or status",
				     lang);
	if (strcmp(status, "current") != 0)
		return note_stale(m, "the document", lang, unit);
	return put_translation(m, lang, unit, json_string_value(json_object_get(o, "heading")),
			       text);
}

int ex_import_json_translations(ex_memsrc *m, json_t *root)
{
	json_t *tr = json_object_get(root, "translations"), *l, *c;
	size_t i, k;
	int rc = 0;

	json_array_foreach(tr, i, l)
	{
		const char *lang = json_string_value(json_object_get(l, "language"));

		if (!lang)
			return acc_error_set(ACC_EINVAL, "translation %zu names no language",
					     i + 1);
		if ((rc = json_unit(m, lang, "title", json_object_get(l, "title"))) < 0 ||
		    (rc = json_unit(m, lang, "preamble", json_object_get(l, "preamble"))) < 0)
			return rc;
		json_array_foreach(
		    json_object_get(l, "clauses"), k,
		    c) if ((rc = json_unit(m, lang, json_string_value(json_object_get(c, "id")),
					   c)) < 0) return rc;
	}
	return 0;
}

/* Adds each piece of s cut at the characters of seps (empty ones left
 * out) to l. */
static int split(acc_strlist *l, const char *s, const char *seps)
{
	int rc = 0;

	while (rc == 0 && *s) {
		size_t n = strcspn(s, seps);
		char *w;

		if (n) {
			if (!(w = acc_strndup(s, n)))
				return ACC_ENOMEM;
			rc = acc_strlist_add(l, w);
			free(w);
		}
		s += n;
		s += *s ? 1 : 0;
	}
	return rc;
}

/* The data of clauses/<id> in m, or NULL. */
static const char *clause_data(const ex_memsrc *m, const char *id)
{
	char path[80];

	snprintf(path, sizeof(path), "clauses/%s", id);
	return ex_mem_get(m, path);
}

/* The element the clause id was read from in m (for messages). */
static const char *element_of(const ex_memsrc *m, const char *id)
{
	long i = acc_strlist_find(&m->elids, id);

	return i < 0 ? id : m->els.items[i];
}

/* The id of a toc line (its indentation skipped). */
static const char *toc_id(const char *line)
{
	return line + strspn(line, " ");
}

/* Refuses translation t (read from path) unless its clauses are the
 * source's (read from source into m), at the same places: one line
 * naming the document and the first element that differs. */
static int same_structure(const ex_memsrc *m, const ex_memsrc *t, const char *source,
			  const char *path)
{
	acc_strlist a = ACC_STRLIST_INIT, b = ACC_STRLIST_INIT;
	const char *ta = ex_mem_get(m, "toc"), *tb = ex_mem_get(t, "toc");
	size_t i;
	int rc = 0;

	if ((rc = split(&a, ta ? ta : "", "\n")) < 0 || (rc = split(&b, tb ? tb : "", "\n")) < 0)
		goto done;
	for (i = 0; i < a.count || i < b.count; i++) {
		const char *x = i < a.count ? a.items[i] : NULL,
			   *y = i < b.count ? b.items[i] : NULL;

		if (x && y && strcmp(x, y) == 0)
			continue;
		if (y && !clause_data(m, toc_id(y)))
			rc = acc_error_set(ACC_EINVAL, "%s: %s is not in %s", path,
					   element_of(t, toc_id(y)), source);
		else if (x && !clause_data(t, toc_id(x)))
			rc = acc_error_set(ACC_EINVAL, "%s: it lacks %s of %s", path,
					   element_of(m, toc_id(x)), source);
		else
			rc = acc_error_set(ACC_EINVAL, "%s: %s is not where %s has it", path,
					   element_of(t, toc_id(y ? y : x)), source);
		break;
	}
done:
	acc_strlist_free(&a);
	acc_strlist_free(&b);
	return rc;
}

/* The header value key and the body of the record at path in m (both
 * malloc'd; *value NULL when it has no such field). */
static int record_of(char **value, char **body, const ex_memsrc *m, const char *path,
		     const char *key)
{
	const char *data = ex_mem_get(m, path), *v = NULL;
	acc_record *r = NULL;
	int rc;

	*value = *body = NULL;
	if (!data)
		return acc_error_set(ACC_ENOTFOUND, "%s is not in the document", path);
	if ((rc = acc_record_parse(&r, data, strlen(data), path)) < 0)
		return rc;
	if (key && acc_record_get(r, key, &v) < 0)
		acc_error_clear();
	if ((v && !(*value = acc_strdup(v))) || !(*body = acc_strndup(r->body, r->body_len)))
		rc = ACC_ENOMEM;
	acc_record_free(r);
	return rc;
}

/* Puts unit (title, preamble or a clause) of the translation t into lang. */
static int put_unit(ex_memsrc *m, const ex_memsrc *t, const ex_akn_info *info, const char *lang,
		    const char *unit)
{
	char *heading = NULL, *text = NULL, path[80];
	int rc = 0;

	snprintf(path, sizeof(path), "clauses/%s", unit);
	if (acc_tr_unit(unit) == ACC_TR_TITLE) {
		if (!info->title[0])
			return 0;
		if (!(text = acc_sprintf("%s\n", info->title)))
			return ACC_ENOMEM;
	} else if ((rc = record_of(&heading, &text, t,
				   acc_tr_unit(unit) == ACC_TR_PREAMBLE ? "convention" : path,
				   acc_tr_unit(unit) == ACC_TR_CLAUSE ? "Heading" : NULL)) < 0) {
		return rc;
	}
	if (text[0] || acc_tr_unit(unit) == ACC_TR_CLAUSE)
		rc = put_translation(m, lang, unit, heading, text);
	free(heading);
	free(text);
	return rc;
}

/* Refuses a translation (path) into the source's own language. */
static int check_lang(const ex_memsrc *m, const char *source, const char *path, const char *lang)
{
	char *l = NULL, *body = NULL;
	int rc = record_of(&l, &body, m, "convention", "Language");

	if (rc == 0 && l && strcmp(l, lang) == 0)
		rc = acc_error_set(ACC_EINVAL, "%s: in %s, the language of %s: not a translation",
				   path, lang, source);
	free(l);
	free(body);
	return rc;
}

int ex_import_translation(ex_memsrc *m, const char *source, const char *path,
			  const acc_person *chair)
{
	ex_memsrc t = {0};
	ex_akn_info info = {0};
	char *data = NULL;
	const char *lang;
	size_t len = 0, i;
	int rc;

	if ((rc = acc_file_read(&data, &len, path, 64u * 1024u * 1024u)) < 0)
		return rc;
	for (i = 0; i < len && strchr(" \t\r\n", data[i]); i++)
		;
	if (m->json || i >= len || data[i] != '<') {
		rc =
		    acc_error_set(ACC_EUSAGE,
				  "%s: a translation is an Akoma Ntoso document (one language "
				  "of the source's; a json export carries its translations itself)",
				  path);
		goto done;
	}
	if ((rc = ex_import_akn(&t, data, len, chair, &info)) < 0) {
		acc_error_prefix(rc, "%s", path);
		goto done;
	}
	/* accord's own names its language in its records; else FRBRlanguage */
	if (info.units.count) {
		const char *p = info.units.items[0] + 13;

		free(info.lang);
		if (!(info.lang = acc_strndup(p, strcspn(p, "/")))) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	lang = info.lang;
	if (!lang) {
		rc = acc_error_set(ACC_EINVAL, "%s: no language (FRBRlanguage of the expression)",
				   path);
		goto done;
	}
	if ((rc = same_structure(m, &t, source, path)) < 0 ||
	    (rc = check_lang(m, source, path, lang)) < 0)
		goto done;
	if (info.own) {
		for (i = 0; i < info.units.count && rc == 0; i++) {
			const char *p = info.units.items[i] + 13, *unit = strchr(p, '/');

			if (!unit || strncmp(p, lang, (size_t)(unit - p)) != 0 ||
			    strlen(lang) != (size_t)(unit - p))
				rc = acc_error_set(ACC_EINVAL,
						   "%s: translations into two languages in one "
						   "document (%s)",
						   path, info.units.items[i]);
			else if (strcmp(info.status.items[i], "current") != 0)
				rc = note_stale(m, path, lang, unit + 1);
			else
				rc = put_unit(m, &t, &info, lang, unit + 1);
		}
		if (rc == 0 && !info.units.count) {
			char *n = acc_sprintf("%s: no translation into %s in it: nothing imported",
					      path, lang);

			rc = n ? acc_strlist_add(&m->notes, n) : ACC_ENOMEM;
			free(n);
		}
	} else {
		const char *toc = ex_mem_get(&t, "toc");
		acc_strlist ids = ACC_STRLIST_INIT;

		if ((rc = put_unit(m, &t, &info, lang, "title")) == 0 &&
		    (rc = put_unit(m, &t, &info, lang, "preamble")) == 0)
			rc = split(&ids, toc ? toc : "", "\n");
		for (i = 0; i < ids.count && rc == 0; i++)
			if (*toc_id(ids.items[i]))
				rc = put_unit(m, &t, &info, lang, toc_id(ids.items[i]));
		acc_strlist_free(&ids);
	}
done:
	ex_akn_info_clear(&info);
	ex_memsrc_clear(&t);
	free(data);
	return rc;
}

int ex_import_languages(ex_memsrc *m, const char *source)
{
	acc_strlist langs = ACC_STRLIST_INIT, have = ACC_STRLIST_INIT;
	const char *conv = ex_mem_get(m, "convention"), *l = NULL, *ls = NULL;
	acc_record *r = NULL, *w = NULL;
	acc_buf out = ACC_BUF_INIT;
	size_t i;
	int rc;

	if (!conv)
		return 0;
	if ((rc = acc_record_parse(&r, conv, strlen(conv), "convention")) < 0)
		return rc;
	if (acc_record_get(r, "Language", &l) < 0 || acc_record_get(r, "Languages", &ls) < 0)
		acc_error_clear();
	if (ls && (rc = split(&have, ls, " ")) < 0)
		goto done;
	/* the languages the translations are in, in the order given */
	for (i = 0; i < m->paths.count && rc == 0; i++) {
		const char *p = m->paths.items[i], *e;
		char *lang;

		if (strncmp(p, "translations/", 13) != 0 || !(e = strchr(p + 13, '/')))
			continue;
		if (!(lang = acc_strndup(p + 13, (size_t)(e - p - 13))))
			rc = ACC_ENOMEM;
		else if (l && strcmp(lang, l) == 0)
			rc = acc_error_set(ACC_EINVAL,
					   "%s is in %s, the language of %s: not a translation", p,
					   l, source);
		else if (ls && acc_strlist_find(&have, lang) < 0)
			rc = acc_error_set(ACC_EINVAL, "%s is not one of the Languages of %s (%s)",
					   lang, source, ls);
		else if (acc_strlist_find(&langs, lang) < 0)
			rc = acc_strlist_add(&langs, lang);
		free(lang);
	}
	if (rc < 0 || ls || !langs.count)
		goto done;
	/* a record without Languages (a foreign document's): they are its
	 * language and the translations', after Language */
	if ((rc = acc_record_new(&w)) < 0)
		goto done;
	for (i = 0; i < r->nfields && rc == 0; i++) {
		rc = acc_record_add(w, r->fields[i].key, r->fields[i].value);
		if (rc == 0 && strcmp(r->fields[i].key, "Language") == 0) {
			acc_buf v = ACC_BUF_INIT;
			size_t k;

			rc = acc_buf_puts(&v, r->fields[i].value);
			for (k = 0; k < langs.count && rc == 0; k++)
				rc = acc_buf_printf(&v, " %s", langs.items[k]);
			if (rc == 0)
				rc = acc_record_add(w, "Languages", v.ptr);
			acc_buf_free(&v);
		}
	}
	if (rc == 0 && (rc = acc_record_set_body(w, r->body, r->body_len)) == 0 &&
	    (rc = acc_record_write(&out, w)) == 0) {
		long k = acc_strlist_find(&m->paths, "convention");

		free(m->datas.items[k]);
		m->datas.items[k] = acc_buf_detach(&out);
	}
done:
	acc_buf_free(&out);
	acc_record_free(r);
	acc_record_free(w);
	acc_strlist_free(&langs);
	acc_strlist_free(&have);
	return rc;
}
