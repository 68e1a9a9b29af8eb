/* act_translate: a clause's text in another language, with its base. */
#include "accord/translate.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/store.h"
#include "internal.h"

/* Lists who may enter translations in st, for a refusal (malloc'd). */
static char *translators_list(const acc_state *st)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	if (st->conv.translators.count == 0)
		acc_buf_printf(&b, "the chair (%s)", st->conv.chair);
	for (i = 0; i < st->conv.translators.count; i++)
		acc_buf_printf(&b, "%s%s", i ? ", " : "", st->conv.translators.items[i]);
	return acc_buf_detach(&b);
}

/* The record of a translation of id: Base and By, then Heading for a
 * clause or Convention (the record read) for the title and preamble. */
static int translation_record(acc_record **out, const acc_state *st, const char *id,
			      const char *base, const char *org, const char *heading,
			      const char *text)
{
	acc_record *r = NULL;
	int rc;

	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Base", base)) < 0 ||
	    (rc = acc_record_add(r, "By", org)) < 0)
		goto done;
	if (acc_tr_unit(id) == ACC_TR_CLAUSE)
		rc = acc_record_add(r, "Heading", heading);
	else if (!st->conv.blob[0])
		rc = acc_error_set(ACC_ERROR, "the convention record's blob id is not known");
	else
		rc = acc_record_add(r, "Convention", st->conv.blob);
	if (rc == 0)
		rc = acc_record_set_body(r, text, strlen(text));
done:
	if (rc < 0) {
		acc_record_free(r);
		r = NULL;
	}
	*out = r;
	return rc;
}

/* Builds a translation (of a clause, the title or the preamble). */
static int build_translate(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			   const acc_delegate *del, void *arg)
{
	const acc_translate_args *a = arg;
	const acc_translation *old;
	acc_tr_unit_kind unit = acc_tr_unit(a->clause);
	acc_record *r = NULL;
	char *text = NULL, *path = NULL;
	const char *heading, *blob, *sh, *stext, *id = a->clause;
	int rc;

	if (!a->lang || !acc_lang_valid(a->lang))
		return acc_error_set(ACC_EUSAGE, "invalid language '%s'", a->lang ? a->lang : "");
	if (acc_tr_source(&blob, &sh, &stext, st, a->clause) < 0)
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", a->clause);
	if (!acc_conv_has_language(&st->conv, a->lang))
		return REFUSE("%s is not a language of this convention", a->lang);
	if (strcmp(a->lang, st->conv.language) == 0)
		return REFUSE("%s is the negotiation language: its text is the %s itself", a->lang,
			      unit == ACC_TR_CLAUSE ? "clause" : id);
	if (!acc_conv_may_translate(&st->conv, org->id)) {
		char *who = translators_list(st);

		rc = REFUSE("only %s may enter translations, not %s", who ? who : "?", org->id);
		free(who);
		return rc;
	}
	if (a->base && strcmp(a->base, blob) != 0)
		return REFUSE("the translation of %s into %s claims to translate %.12s, but the "
			      "source text is %.12s",
			      id, a->lang, a->base, blob);
	old = acc_state_translation(st, a->lang, id);
	if (unit != ACC_TR_CLAUSE) {
		if (a->heading)
			return acc_error_set(ACC_EUSAGE, "the %s has no heading", id);
		heading = "";
	} else {
		heading = a->heading ? a->heading : old ? old->heading : NULL;
		if (!heading || !*heading)
			return acc_error_set(ACC_EUSAGE,
					     "the first translation of %s needs its heading", id);
		if (acc_record_value_valid(heading) < 0)
			return ACC_EINVAL;
	}
	if ((rc = acc_ops_user_text(&text, a->text ? a->text : "", a->len, "translation")) < 0)
		return rc;
	if (!*text && *stext) {
		rc = acc_error_set(ACC_EUSAGE, "the translation of %s is empty", id);
		goto done;
	}
	if (unit == ACC_TR_TITLE && (!*text || strchr(text, '\n') != text + strlen(text) - 1)) {
		rc = acc_error_set(ACC_EUSAGE, "the translation of the title is one line");
		goto done;
	}
	if (old && strcmp(old->base, blob) == 0 && strcmp(old->heading, heading) == 0 &&
	    strcmp(old->text, text) == 0 &&
	    (unit == ACC_TR_CLAUSE || strcmp(old->convention, st->conv.blob) == 0)) {
		rc = REFUSE("%s in %s already reads so", id, a->lang);
		goto done;
	}
	if (!(path = acc_sprintf("translations/%s/%s", a->lang, id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = translation_record(&r, st, id, blob, org->id, heading, text)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "%s %s into %s (by %s)\n",
				 old ? "Update the translation of" : "Translate", id, a->lang,
				 org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_translate, org)) < 0)
		goto done;
	rc = acc_buf_printf(&act->msg, "Accord-Clause: %s\nAccord-Language: %s\nAccord-Base: %s\n",
			    id, a->lang, blob);
done:
	free(text);
	free(path);
	acc_record_free(r);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_translate(acc_oid_hex commit, acc_ctx *c, const acc_translate_args *a)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_translate, (void *)a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a translation from its trailers and the file the commit wrote. */
static int replay_translate(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *clause = NULL, *lang = NULL, *base = NULL;
	const acc_translation *t;
	acc_translate_args a = {0};
	int rc;

	if ((rc = acc_replay_trailer(&clause, in, "translation", "Clause")) < 0 ||
	    (rc = acc_replay_trailer(&lang, in, "translation", "Language")) < 0 ||
	    (rc = acc_replay_trailer(&base, in, "translation", "Base")) < 0)
		goto done;
	if (!(t = acc_state_translation(in->after, lang, clause))) {
		rc = acc_error_set(ACC_EINVAL, "a translation of %s into %s without its file",
				   clause, lang);
		goto done;
	}
	a.clause = clause;
	a.lang = lang;
	a.heading = acc_tr_unit(clause) == ACC_TR_CLAUSE ? t->heading : NULL;
	a.text = t->text;
	a.len = strlen(t->text);
	a.base = base;
	if (strcmp(t->base, base) != 0) {
		rc = REFUSE("the translation of %s into %s records base %.12s but claims %.12s",
			    clause, lang, t->base, base);
		goto done;
	}
	rc = build_translate(act, c, in->before, in->org, in->del, &a);
done:
	free(clause);
	free(lang);
	free(base);
	return rc;
}

static const char *const translate_writes[] = {"translations/*/*", NULL};
static const char *const translate_trailers[] = {"Clause", "Language", "Base", NULL};

const acc_action_def acc_action_translate = {
    .spec = {.name = "translate",
	     .summary = "record a clause's text in another language, with the source it translates",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "enter translations",
	     .writes = translate_writes,
	     .trailers = translate_trailers},
    .build = build_translate,
    .replay = replay_translate,
    .mismatch = "not the translation of the source text it claims",
};

int acc_ops_may_translate(acc_ctx *c, const acc_state *st, const char *clause, const char *lang)
{
	const acc_translation *t = acc_state_translation(st, lang, clause);
	const char *h = t || acc_tr_unit(clause) != ACC_TR_CLAUSE ? NULL : "heading";
	acc_translate_args a = {clause, lang, h, "stand-in text\n", 15, NULL};

	return acc_action_try(c, st, &acc_action_translate, &a);
}

int acc_translation_stamp(char **data, size_t *len, const char *path, acc_source *src,
			  const acc_state *st)
{
	const char *lang = path + 13, *clause = strchr(lang, '/');
	acc_tr_unit_kind unit = clause ? acc_tr_unit(clause + 1) : ACC_TR_CLAUSE;
	char *cpath = NULL, *cdata = NULL;
	acc_record *r = NULL, *w = NULL;
	acc_buf out = ACC_BUF_INIT;
	acc_oid_hex blob, conv = "";
	size_t clen = 0, i;
	int rc;

	if (!clause || (unit == ACC_TR_CLAUSE && !acc_state_clause(st, clause + 1)))
		return acc_error_set(ACC_EINVAL, "%s: a translation of no clause", path);
	{
		char *l = acc_strndup(lang, (size_t)(clause - lang));
		int known = l && acc_conv_has_language(&st->conv, l);

		free(l);
		if (!known)
			return acc_error_set(ACC_EINVAL,
					     "%s: %.*s is not one of the convention's Languages",
					     path, (int)(clause - lang), lang);
	}
	if ((size_t)(clause - lang) == strlen(st->conv.language) &&
	    strncmp(lang, st->conv.language, (size_t)(clause - lang)) == 0)
		return acc_error_set(ACC_EINVAL, "%s: a translation into the negotiation language",
				     path);
	/* the base: the clause file, or the title's or preamble's own text;
	 * the title and preamble also name the convention record read */
	if (!(cpath = unit == ACC_TR_CLAUSE ? acc_sprintf("clauses/%s", clause + 1)
					    : acc_strdup("convention")))
		return ACC_ENOMEM;
	if ((rc = src->read(src, cpath, &cdata, &clen, NULL)) < 0 ||
	    (rc = acc_store_hash_blob(unit == ACC_TR_CLAUSE ? blob : conv, cdata, clen)) < 0 ||
	    (rc = acc_record_parse(&r, *data, *len, path)) < 0)
		goto done;
	if (unit != ACC_TR_CLAUSE)
		memcpy(blob, unit == ACC_TR_TITLE ? st->conv.title_blob : st->conv.preamble_blob,
		       sizeof(blob));
	acc_record_unset(r, "Base");
	acc_record_unset(r, "By");
	acc_record_unset(r, "Convention");
	/* Base and By first, as accord translate writes them */
	if ((rc = acc_record_new(&w)) < 0 || (rc = acc_record_add(w, "Base", blob)) < 0 ||
	    (rc = acc_record_add(w, "By", st->conv.chair)) < 0)
		goto done;
	for (i = 0; i < r->nfields && rc == 0; i++)
		rc = acc_record_add(w, r->fields[i].key, r->fields[i].value);
	if (rc == 0 && unit != ACC_TR_CLAUSE)
		rc = acc_record_add(w, "Convention", conv);
	if (rc == 0)
		rc = acc_record_set_body(w, r->body, r->body_len);
	if (rc < 0 || (rc = acc_record_write(&out, w)) < 0)
		goto done;
	free(*data);
	*len = out.size;
	*data = acc_buf_detach(&out);
done:
	acc_buf_free(&out);
	acc_record_free(r);
	acc_record_free(w);
	free(cdata);
	free(cpath);
	return rc;
}

int acc_translation_root_path(const char *p)
{
	const char *slash;

	if (strncmp(p, "translations/", 13) != 0 || !(slash = strchr(p + 13, '/')))
		return 0;
	return slash > p + 13 && slash[1] && !strchr(slash + 1, '/');
}

int acc_translation_root_check(char **why, const acc_state *st)
{
	size_t i;

	*why = NULL;
	for (i = 0; i < st->ntranslations; i++) {
		const acc_translation *t = &st->translations[i];
		const char *blob, *h, *x;
		int unit = acc_tr_unit(t->clause) != ACC_TR_CLAUSE;

		if (acc_tr_source(&blob, &h, &x, st, t->clause) < 0 || strcmp(t->base, blob) != 0 ||
		    strcmp(t->by, st->conv.chair) != 0 ||
		    strcmp(t->convention, unit ? st->conv.blob : "") != 0 ||
		    !acc_conv_has_language(&st->conv, t->lang) ||
		    strcmp(t->lang, st->conv.language) == 0) {
			*why = acc_sprintf("the root's translation of %s into %s is not what init "
					   "writes (the text it translates, by the chair)",
					   t->clause, t->lang);
			return *why ? 0 : ACC_ENOMEM;
		}
	}
	return 0;
}
