/* cmd_translate: `accord translate`, `accord translations`, and the
 * language forms of `show` and `diff` (--lang, --source-changes). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "accord/json.h"
#include "accord/langs.h"
#include "accord/record.h"
#include "accord/textdiff.h"
#include "accord/translate.h"
#include "accord/diff_render.h"
#include "out.h"

enum { OPT_LANG = 2201, OPT_TEXT, OPT_HEADING, OPT_BASE, OPT_STALE };

/* accord translate CLAUSE --lang LANG (--text-file F | -) [--heading H] */
int acc_cmd_translate(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"lang", required_argument, NULL, OPT_LANG},
					     {"text-file", required_argument, NULL, OPT_TEXT},
					     {"heading", required_argument, NULL, OPT_HEADING},
					     {"base", required_argument, NULL, OPT_BASE},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_translate_args a = {0};
	const char *file = NULL;
	char *text = NULL;
	acc_oid_hex commit;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_LANG)
			a.lang = optarg;
		else if (o == OPT_TEXT)
			file = optarg;
		else if (o == OPT_HEADING)
			a.heading = optarg;
		else if (o == OPT_BASE)
			a.base = optarg;
		else
			return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 2)))
		return rc;
	a.clause = argv[optind];
	if (optind + 1 < argc) {
		if (strcmp(argv[optind + 1], "-") != 0 || file)
			return out_usage(c, "the text is --text-file FILE or - (standard input)");
		file = "-";
	}
	if (!a.lang)
		return out_usage(c, "which language? --lang LANG");
	if (!file)
		return out_usage(c, "the translated text is needed: --text-file FILE (or -)");
	if (acc_id_check(a.clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if (a.heading && acc_record_value_valid(a.heading) < 0) {
		acc_error_prefix(ACC_EUSAGE, "--heading");
		return out_fail(c, ACC_EUSAGE);
	}
	if ((rc = acc_file_read(&text, &a.len, file, ACC_RECORD_MAX_SIZE / 2)) < 0)
		return out_fail(c, rc);
	a.text = text;
	if ((rc = acc_cli_need_ctx(c)) == 0)
		rc = acc_ops_translate(commit, c->ctx, &a);
	free(text);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "translated %s into %s (%.12s)\n", a.clause, a.lang, commit);
	return 0;
}

/* accord translations [--lang L] [--stale] [--json] */
int acc_cmd_translations(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"lang", required_argument, NULL, OPT_LANG},
					     {"stale", no_argument, NULL, OPT_STALE},
					     {"json", no_argument, NULL, OPT_JSON},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	const char *lang = NULL;
	int o, rc, stale = 0, json = 0;
	acc_state *st = NULL;
	acc_tr_row *rows = NULL;
	acc_oid_hex rev;
	size_t i, n = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_LANG)
			lang = optarg;
		else if (o == OPT_STALE)
			stale = 1;
		else if (o == OPT_JSON)
			json = 1;
		else
			return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, rev, c->ctx, NULL)) < 0 ||
	    (rc = acc_query_translations(&rows, &n, c->ctx, st, lang, stale)) < 0)
		goto done;
	if (json) {
		json_t *arr = json_array();

		for (i = 0; i < n; i++) {
			json_t *j = json_object();

			json_object_set_new(j, "clause", js(rows[i].id));
			json_object_set_new(j, "number", js(rows[i].number));
			json_object_set_new(j, "lang", js(rows[i].lang));
			json_object_set_new(j, "authentic", json_boolean(rows[i].authentic));
			json_object_set_new(j, "status", js(acc_tr_status_name(rows[i].status)));
			json_object_set_new(j, "base",
					    rows[i].t ? js(rows[i].t->base) : json_null());
			json_object_set_new(j, "source", js(rows[i].source));
			json_object_set_new(j, "changed_words",
					    json_integer((json_int_t)rows[i].changed_words));
			json_object_set_new(j, "by", rows[i].t ? js(rows[i].t->by) : json_null());
			json_array_append_new(arr, j);
		}
		rc = out_json(c, arr);
	} else {
		for (i = 0; i < n; i++) {
			const acc_tr_row *w = &rows[i];

			out_printf(c, "%-36s %-3s %s", w->id, w->lang,
				   acc_tr_status_name(w->status));
			if (w->status == ACC_TR_STALE)
				out_printf(c, " (%zu word%s of the source changed)",
					   w->changed_words, w->changed_words == 1 ? "" : "s");
			out_printf(c, "\n");
		}
	}
done:
	free(rows);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

static int show_one(acc_cli *c, const acc_state *st, const char *id, const char *lang,
		    json_t **capture);

/* `accord show CLAUSE --lang all`: the clause in every language, the
 * source first (--json: an array of the objects of --lang L). */
static int show_all(acc_cli *c, const acc_state *st, const char *id)
{
	json_t *arr = c->json ? json_array() : NULL;
	size_t i;
	int rc = 0, json = c->json;

	for (i = 0; i <= st->conv.languages.count && rc == 0; i++) {
		const char *l = i ? st->conv.languages.items[i - 1] : st->conv.language;

		if (i && strcmp(l, st->conv.language) == 0)
			continue;
		if (i && !acc_state_translation(st, l, id)) {
			if (json) {
				json_t *j = json_object();

				json_object_set_new(j, "id", js(id));
				json_object_set_new(j, "lang", js(l));
				json_object_set_new(j, "heading", json_null());
				json_object_set_new(j, "text", json_null());
				json_object_set_new(j, "status", js("missing"));
				json_object_set_new(j, "base", json_null());
				json_object_set_new(j, "revision", js(st->commit));
				json_array_append_new(arr, j);
			} else {
				out_printf(c, "\n[%s] not yet established\n", l);
			}
			continue;
		}
		if (json) {
			json_t *j = NULL;

			rc = show_one(c, st, id, l, &j);
			if (j)
				json_array_append_new(arr, j);
			continue;
		}
		out_printf(c, "%s[%s]\n", i ? "\n" : "", l);
		rc = show_one(c, st, id, l, NULL);
	}
	if (json)
		return out_json(c, arr) < 0 ? out_fail(c, ACC_ERROR) : rc;
	return rc;
}

/* `accord show CLAUSE --lang L`: the clause (or "title", "preamble") in
 * language L (the source itself for the negotiation language); "all":
 * in every language. */
int acc_cli_show_lang(acc_cli *c, const acc_state *st, const char *id, const char *lang)
{
	if (lang && strcmp(lang, "all") == 0)
		return show_all(c, st, id);
	return show_one(c, st, id, lang, NULL);
}

/* One language of acc_cli_show_lang; with --json and capture, the object
 * goes to *capture instead of the output. */
static int show_one(acc_cli *c, const acc_state *st, const char *id, const char *lang,
		    json_t **capture)
{
	const acc_clause *cl = acc_tr_unit(id) == ACC_TR_CLAUSE ? acc_state_clause(st, id) : NULL;
	const char *number = cl ? cl->number : "", *heading, *text, *blob;
	const acc_translation *t = NULL;
	acc_tr_status s = ACC_TR_CURRENT;

	if (acc_tr_source(&blob, &heading, &text, st, id) < 0) {
		acc_error_set(ACC_ENOTFOUND, "no clause '%s'", id);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (!lang)
		lang = st->conv.language;
	if (!acc_conv_has_language(&st->conv, lang)) {
		acc_error_set(ACC_ENOTFOUND, "%s is not a language of this convention", lang);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (strcmp(lang, st->conv.language) != 0) {
		if (!(t = acc_state_translation(st, lang, id))) {
			acc_error_set(ACC_ENOTFOUND, "%s has no %s text yet", id, lang);
			return out_fail(c, ACC_ENOTFOUND);
		}
		s = acc_translation_status(st, lang, id);
		heading = t->heading, text = t->text, blob = t->base;
	}
	if (c->json) {
		json_t *j = json_object();

		json_object_set_new(j, "id", js(id));
		json_object_set_new(j, "number", js(number));
		json_object_set_new(j, "lang", js(lang));
		json_object_set_new(j, "heading", js(heading));
		json_object_set_new(j, "text", js(text));
		json_object_set_new(j, "status", js(acc_tr_status_name(s)));
		json_object_set_new(j, "base", js(blob));
		json_object_set_new(j, "revision", js(st->commit));
		if (capture) {
			*capture = j;
			return 0;
		}
		return out_json(c, j) < 0 ? out_fail(c, ACC_ERROR) : 0;
	}
	if (cl)
		out_printf(c, "%s %s\n", number, heading);
	else
		out_printf(c, "%s\n", acc_tr_unit(id) == ACC_TR_TITLE ? "Title" : "Preamble");
	if (text[0])
		out_printf(c, "\n%s%s", text, cl || text[strlen(text) - 1] == '\n' ? "" : "\n");
	if (s == ACC_TR_STALE)
		out_printf(c, "\n(stale: the %s source changed since this translation)\n",
			   st->conv.language);
	if (t && st->ratification.lang_only) {
		char *note = NULL;

		if (acc_texts_note(&note, st, 0) == 0 && note)
			out_printf(c, "\n(%s)\n", note);
		free(note);
	}
	return 0;
}

/* `accord diff CLAUSE --lang L --source-changes`: the word diff of the
 * source since the base of the clause's translation into L. */
int acc_cli_diff_source(acc_cli *c, int argc, char **argv, const char *lang, int json, int color)
{
	acc_state *st = NULL;
	const acc_translation *t;
	char *then = NULL, *now = NULL;
	acc_buf o = ACC_BUF_INIT;
	acc_diff d = {0};
	acc_oid_hex rev;
	int rc;

	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if (!lang)
		return out_usage(c, "--source-changes needs --lang LANG");
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, rev, c->ctx, NULL)) < 0)
		goto done;
	{
		const char *b, *h, *x;

		if (acc_tr_source(&b, &h, &x, st, argv[optind]) < 0) {
			rc = acc_error_set(ACC_ENOTFOUND, "no clause '%s'", argv[optind]);
			goto done;
		}
	}
	if (!(t = acc_state_translation(st, lang, argv[optind]))) {
		rc = acc_error_set(ACC_ENOTFOUND, "%s has no %s text yet", argv[optind], lang);
		goto done;
	}
	if ((rc = acc_query_translation_source(&then, &now, c->ctx, st, t)) < 0 ||
	    (rc = acc_textdiff(&d, then, strlen(then), now, strlen(now))) < 0)
		goto done;
	if (json) {
		json_t *j = json_object(), *runs = json_array();
		size_t i;

		json_object_set_new(j, "clause", js(t->clause));
		json_object_set_new(j, "lang", js(lang));
		json_object_set_new(j, "base", js(t->base));
		{
			const char *b = "", *h, *x;

			acc_tr_source(&b, &h, &x, st, t->clause);
			json_object_set_new(j, "source", js(b));
		}
		json_object_set_new(
		    j, "stale",
		    json_boolean(acc_translation_status(st, lang, t->clause) == ACC_TR_STALE));
		for (i = 0; i < d.count; i++) {
			json_t *r = json_object();
			acc_diff_op op = d.runs[i].op;

			json_object_set_new(r, "op",
					    js(op == ACC_DIFF_DELETE   ? "delete"
					       : op == ACC_DIFF_INSERT ? "insert"
								       : "equal"));
			json_object_set_new(r, "text", json_stringn(d.runs[i].text, d.runs[i].len));
			json_array_append_new(runs, r);
		}
		json_object_set_new(j, "runs", runs);
		rc = out_json(c, j);
		goto done;
	}
	if (acc_translation_status(st, lang, t->clause) == ACC_TR_CURRENT) {
		out_printf(c, "%s in %s is current: the source has not changed since\n", t->clause,
			   lang);
		goto done;
	}
	out_printf(c, "%s: the source since the %s translation's base %.12s\n\n", t->clause, lang,
		   t->base);
	if ((rc = acc_cli_render_inline(&o, &d, color)) == 0)
		out_printf(c, "%.*s", (int)o.size, o.ptr);
done:
	acc_buf_free(&o);
	acc_diff_free(&d);
	free(then);
	free(now);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}
