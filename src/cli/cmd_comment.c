/* cmd_comment: comment threads (accord comment, accord comments) and the
 * voting list (accord voting-list). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "accord/comment.h"
#include "accord/export.h"
#include "accord/record.h"
#include "out.h"

/* accord comment [ITEM] [--on WORDS] (--text-file F | -m TEXT) [--reply-to C]
 * accord comment --resolve C [-m NOTE | --text-file F] */
int acc_cmd_comment(acc_cli *c, int argc, char **argv)
{
	acc_comment_args a;
	const char *textfile = NULL, *msg = NULL, *resolve = NULL;
	char *text = NULL, *id = NULL;
	size_t len = 0, k;
	acc_oid_hex commit;
	int rc;

	memset(&a, 0, sizeof(a));
	for (k = 0; k < c->nopts; k++) {
		const char *v = c->opts[k].arg;

		switch (c->opts[k].opt) {
		case 'o':
			a.words = v;
			break;
		case 't':
			textfile = v;
			break;
		case 'm':
			msg = v;
			break;
		case 'r':
			a.reply_to = v;
			break;
		case 'R':
			resolve = v;
			break;
		}
	}
	if ((rc = acc_cli_want_args(c, argc, argv, a.reply_to || resolve ? 0 : 1, resolve ? 0 : 1)))
		return rc;
	a.target = optind < argc ? argv[optind] : NULL;
	if (textfile && msg)
		return out_usage(c, "give either --text-file or -m, not both");
	if (resolve && (a.reply_to || a.words))
		return out_usage(c, "--resolve takes no --reply-to or --on");
	if (!resolve && !textfile && !msg)
		return out_usage(c, "the comment's text is needed: -m TEXT or --text-file FILE");
	if (a.words && acc_record_value_valid(a.words) < 0) {
		acc_error_prefix(ACC_EUSAGE, "--on");
		return out_fail(c, ACC_EUSAGE);
	}
	if (textfile) {
		if ((rc = acc_file_read(&text, &len, textfile, ACC_RECORD_MAX_SIZE / 2)) < 0)
			return out_fail(c, rc);
		a.text = text;
		a.len = len;
	} else if (msg) {
		a.text = msg;
		a.len = strlen(msg);
	}
	if (resolve)
		a.reply_to = resolve;
	if ((rc = acc_cli_need_ctx(c)) == 0)
		rc = resolve ? acc_ops_resolve_thread(&id, commit, c->ctx, &a)
			     : acc_ops_comment(&id, commit, c->ctx, &a);
	free(text);
	if (rc < 0)
		return out_fail(c, rc);
	if (resolve)
		out_printf(c, "resolved the thread of %s (%s, %.12s)\n", resolve, id, commit);
	else
		out_printf(c, "%s\n", id);
	free(id);
	return 0;
}

/* 1 when thread root r is shown for item (NULL: all; "ID", "KIND:ID" or a
 * comment id of the thread) and open-only. */
static int shown(const acc_comment *r, const char *item, int open_only)
{
	const char *colon = item ? strchr(item, ':') : NULL;

	if (open_only && r->resolved_by)
		return 0;
	if (!item)
		return 1;
	if (colon)
		return strlen(r->kind) == (size_t)(colon - item) &&
		       memcmp(r->kind, item, (size_t)(colon - item)) == 0 &&
		       strcmp(r->target, colon + 1) == 0;
	return strcmp(r->target, item) == 0 || strcmp(r->id, item) == 0;
}

/* The JSON of comment x with its replies, nested. */
static json_t *comment_json(const acc_comments *cs, const acc_comment *x)
{
	json_t *j = json_object(), *replies = json_array();
	size_t i;

	json_object_set_new(j, "id", js(x->id));
	json_object_set_new(j, "org", js(x->org));
	json_object_set_new(j, "delegate", js(x->delegate));
	json_object_set_new(j, "on", js(x->words));
	json_object_set_new(j, "text", js(x->text));
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].reply_to && strcmp(cs->v[i].reply_to, x->id) == 0)
			json_array_append_new(replies, comment_json(cs, &cs->v[i]));
	json_object_set_new(j, "replies", replies);
	return j;
}

/* Prints comment x and its replies, indented by depth. */
static void comment_text(acc_cli *c, const acc_comments *cs, const acc_comment *x)
{
	int ind = 2 + 4 * (int)x->depth;
	const char *p, *nl;
	size_t i;

	out_printf(c, "%*s%s  %s <%s>", ind, "", x->id, x->org, x->delegate);
	if (x->words)
		out_printf(c, " on \"%s\"", x->words);
	out_printf(c, "\n");
	for (p = x->text; *p; p = nl + (*nl ? 1 : 0)) {
		nl = p + strcspn(p, "\n");
		out_printf(c, "%*s%.*s\n", ind + 4, "", (int)(nl - p), p);
		if (!*nl)
			break;
	}
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].reply_to && strcmp(cs->v[i].reply_to, x->id) == 0)
			comment_text(c, cs, &cs->v[i]);
}

/* accord comments [ITEM] [--open] [--json] */
int acc_cmd_comments(acc_cli *c, int argc, char **argv)
{
	acc_comments *cs = NULL;
	const char *item = optind < argc ? argv[optind] : NULL;
	json_t *threads = NULL;
	acc_oid_hex commit;
	size_t i, k, n = 0;
	int rc, open_only = 0;

	for (k = 0; k < c->nopts; k++)
		if (c->opts[k].opt == 'o')
			open_only = 1;
	if ((rc = acc_ops_comments(&cs, commit, c->ctx, c->at)) < 0)
		return out_fail(c, rc);
	if (item) { /* a comment id shows its thread */
		const acc_comment *x = acc_comments_find(cs, item);

		if (x)
			item = x->thread;
	}
	if (c->json)
		threads = json_array();
	for (i = 0; i < cs->n; i++) {
		const acc_comment *r = &cs->v[i];

		if (r->resolves || r->reply_to || !shown(r, item, open_only))
			continue;
		n++;
		if (c->json) {
			json_t *j = comment_json(cs, r), *t = json_object();
			const acc_comment *res = acc_comments_find(cs, r->resolved_by);

			json_object_set_new(t, "kind", js(r->kind));
			json_object_set_new(t, "id", js(r->target));
			json_object_set_new(j, "target", t);
			json_object_set_new(j, "status", js(r->resolved_by ? "resolved" : "open"));
			json_object_set_new(j, "resolved_by", js(r->resolved_by));
			json_object_set_new(j, "resolved_by_org", js(res ? res->org : NULL));
			json_array_append_new(threads, j);
			continue;
		}
		out_printf(c, "%s %s %s: %s", r->id, r->kind, r->target,
			   r->resolved_by ? "resolved" : "open");
		if (r->resolved_by) {
			const acc_comment *res = acc_comments_find(cs, r->resolved_by);

			out_printf(c, " (by %s, %s)", res ? res->org : "?", r->resolved_by);
		}
		out_printf(c, "\n");
		comment_text(c, cs, r);
	}
	if (c->json) {
		json_t *j = json_object();

		json_object_set_new(j, "revision", js(commit));
		json_object_set_new(j, "threads", threads);
		rc = out_json(c, j);
	} else if (!n) {
		out_printf(c, "no %sthreads\n", open_only ? "open " : "");
	}
	acc_comments_free(cs);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* The JSON array of the ids in l. */
static json_t *ids_json(const acc_strlist *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->count; i++)
		json_array_append_new(a, js(l->items[i]));
	return a;
}

/* accord voting-list [--format text|md|html] [--json] */
int acc_cmd_voting_list(acc_cli *c, int argc, char **argv)
{
	acc_state *st = NULL;
	acc_vote_item *v = NULL;
	const char *format = "text";
	acc_oid_hex commit;
	size_t i, n = 0, k;
	int rc;

	(void)argc;
	(void)argv;
	for (k = 0; k < c->nopts; k++)
		if (c->opts[k].opt == 'f')
			format = c->opts[k].arg;
	if (strcmp(format, "text") != 0 && strcmp(format, "md") != 0 && strcmp(format, "html") != 0)
		return out_usage(c, "unknown format '%s' (text, md or html)", format);
	if ((rc = acc_ops_state(&st, commit, c->ctx, c->at)) < 0 ||
	    (rc = acc_ops_voting_list(&v, &n, c->ctx, st)) < 0)
		goto done;
	if (c->json) {
		json_t *j = json_object(), *items = json_array();

		for (i = 0; i < n; i++) {
			const acc_amendment *a = v[i].a;
			json_t *it = json_object();

			json_object_set_new(it, "position", json_integer((json_int_t)(i + 1)));
			json_object_set_new(it, "ballot", js(a ? a->id : "ratification"));
			json_object_set_new(it, "clause", js(a ? a->clause : NULL));
			json_object_set_new(it, "operation", js(a ? acc_op_name(a->op) : NULL));
			json_object_set_new(it, "amends", js(a ? a->amends : NULL));
			json_object_set_new(it, "sponsor", js(a ? a->sponsor : NULL));
			json_object_set_new(it, "status",
					    js(a ? acc_status_name(a->status) : "voting"));
			json_object_set_new(it, "ballot_state",
					    js(acc_ballot_state_name(a ? a->ballot.state
								       : st->ratification.state)));
			json_object_set_new(it, "supersedes",
					    a ? ids_json(&a->supersedes) : json_array());
			json_object_set_new(it, "falls", ids_json(&v[i].falls));
			json_array_append_new(items, it);
		}
		json_object_set_new(j, "revision", js(commit));
		json_object_set_new(j, "items", items);
		rc = out_json(c, j);
	} else if (strcmp(format, "text") != 0) {
		acc_buf b = ACC_BUF_INIT;

		if ((rc = acc_export_voting_list(
			 &b, st, v, n, format[0] == 'm' ? ACC_EXPORT_MD : ACC_EXPORT_HTML)) == 0)
			out_printf(c, "%s", b.ptr ? b.ptr : "");
		acc_buf_free(&b);
	} else {
		out_printf(c, "voting list: %zu pending\n", n);
		for (i = 0; i < n; i++) {
			const acc_amendment *a = v[i].a;
			const acc_clause *cl = a ? acc_state_clause(st, a->clause) : NULL;
			size_t j;

			if (!a) {
				out_printf(c, "%3zu. ratification  the whole text (ballot open)\n",
					   i + 1);
				continue;
			}
			out_printf(c, "%3zu. %s  %s %s%s%s%s (%s, %s)\n", i + 1, a->id,
				   a->amends ? "amends" : acc_op_name(a->op),
				   a->amends ? a->amends : a->clause, cl && !a->amends ? " (" : "",
				   cl && !a->amends ? cl->number : "", cl && !a->amends ? ")" : "",
				   a->sponsor, acc_status_name(a->status));
			if (a->supersedes.count) {
				out_printf(c, "       compromise, supersedes:");
				for (j = 0; j < a->supersedes.count; j++)
					out_printf(c, " %s", a->supersedes.items[j]);
				out_printf(c, "\n");
			}
			out_printf(c, "       if adopted, falls:");
			for (j = 0; j < v[i].falls.count; j++)
				out_printf(c, " %s", v[i].falls.items[j]);
			out_printf(c, "%s\n", v[i].falls.count ? "" : " nothing");
		}
	}
done:
	acc_vote_items_free(v, n);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}
