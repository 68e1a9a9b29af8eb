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

/* Builds a translation. */
static int build_translate(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			   const acc_delegate *del, void *arg)
{
	const acc_translate_args *a = arg;
	const acc_clause *k;
	const acc_translation *old;
	acc_record *r = NULL;
	char *text = NULL, *path = NULL;
	const char *heading;
	int rc;

	if (!a->lang || !acc_lang_valid(a->lang))
		return acc_error_set(ACC_EUSAGE, "invalid language '%s'", a->lang ? a->lang : "");
	if (!(k = acc_state_clause(st, a->clause)))
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", a->clause);
	if (!acc_conv_has_language(&st->conv, a->lang))
		return REFUSE("%s is not a language of this convention", a->lang);
	if (strcmp(a->lang, st->conv.language) == 0)
		return REFUSE("%s is the negotiation language: its text is the clause itself",
			      a->lang);
	if (!acc_conv_may_translate(&st->conv, org->id)) {
		char *who = translators_list(st);

		rc = REFUSE("only %s may enter translations, not %s", who ? who : "?", org->id);
		free(who);
		return rc;
	}
	if (a->base && strcmp(a->base, k->blob) != 0)
		return REFUSE("the translation of %s into %s claims to translate %.12s, but the "
			      "source text is %.12s",
			      k->id, a->lang, a->base, k->blob);
	old = acc_state_translation(st, a->lang, k->id);
	heading = a->heading ? a->heading : old ? old->heading : NULL;
	if (!heading || !*heading)
		return acc_error_set(ACC_EUSAGE, "the first translation of %s needs its heading",
				     k->id);
	if (acc_record_value_valid(heading) < 0)
		return ACC_EINVAL;
	if ((rc = acc_ops_user_text(&text, a->text ? a->text : "", a->len, "translation")) < 0)
		return rc;
	if (!*text && *k->text) {
		rc = acc_error_set(ACC_EUSAGE, "the translation of %s is empty", k->id);
		goto done;
	}
	if (old && strcmp(old->base, k->blob) == 0 && strcmp(old->heading, heading) == 0 &&
	    strcmp(old->text, text) == 0) {
		rc = REFUSE("%s in %s already reads so", k->id, a->lang);
		goto done;
	}
	if (!(path = acc_sprintf("translations/%s/%s", a->lang, k->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Base", k->blob)) < 0 ||
	    (rc = acc_record_add(r, "By", org->id)) < 0 ||
	    (rc = acc_record_add(r, "Heading", heading)) < 0 ||
	    (rc = acc_record_set_body(r, text, strlen(text))) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "%s %s into %s (by %s)\n",
				 old ? "Update the translation of" : "Translate", k->id, a->lang,
				 org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_translate, org)) < 0)
		goto done;
	rc = acc_buf_printf(&act->msg, "Accord-Clause: %s\nAccord-Language: %s\nAccord-Base: %s\n",
			    k->id, a->lang, k->blob);
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
	a.heading = t->heading;
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
	acc_translate_args a = {clause, lang, t ? NULL : "heading", "stand-in text\n", 15, NULL};

	return acc_action_try(c, st, &acc_action_translate, &a);
}

int acc_translation_stamp(char **data, size_t *len, const char *path, acc_source *src,
			  const acc_state *st)
{
	const char *lang = path + 13, *clause = strchr(lang, '/');
	char *cpath = NULL, *cdata = NULL;
	acc_record *r = NULL;
	acc_buf out = ACC_BUF_INIT;
	acc_oid_hex blob;
	size_t clen = 0;
	int rc;

	if (!clause || !acc_state_clause(st, clause + 1))
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
	if (!(cpath = acc_sprintf("clauses/%s", clause + 1)))
		return ACC_ENOMEM;
	if ((rc = src->read(src, cpath, &cdata, &clen, NULL)) < 0 ||
	    (rc = acc_store_hash_blob(blob, cdata, clen)) < 0 ||
	    (rc = acc_record_parse(&r, *data, *len, path)) < 0)
		goto done;
	acc_record_unset(r, "Base");
	acc_record_unset(r, "By");
	{
		/* Base and By first, as accord translate writes them */
		acc_record *w = NULL;
		size_t i;

		if ((rc = acc_record_new(&w)) < 0)
			goto done;
		if ((rc = acc_record_add(w, "Base", blob)) == 0)
			rc = acc_record_add(w, "By", st->conv.chair);
		for (i = 0; i < r->nfields && rc == 0; i++)
			rc = acc_record_add(w, r->fields[i].key, r->fields[i].value);
		if (rc == 0)
			rc = acc_record_set_body(w, r->body, r->body_len);
		acc_record_free(r);
		r = w;
		if (rc < 0)
			goto done;
	}
	if ((rc = acc_record_write(&out, r)) < 0)
		goto done;
	free(*data);
	*len = out.size;
	*data = acc_buf_detach(&out);
done:
	acc_buf_free(&out);
	acc_record_free(r);
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
		const acc_clause *k = acc_state_clause(st, t->clause);

		if (!k || strcmp(t->base, k->blob) != 0 || strcmp(t->by, st->conv.chair) != 0 ||
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
