/*
 * cmd_diff: the commands `diff`, `rebase` and `blame`.  Word diffs are
 * drawn by diff_render.c (inline or side by side, colour or markers).
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "accord/history.h"
#include "accord/bracket_query.h"
#include "accord/json.h"
#include "accord/sanitize.h"
#include "accord/textdiff.h"
#include "accord/diff_render.h"
#include "out.h"

enum { FMT_INLINE, FMT_SIDE, FMT_JSON };

/* Writes a prepared buffer (already sanitised) to the output. */
static void put_raw(acc_cli *c, const acc_buf *b)
{
	if (b->size)
		fwrite(b->ptr, 1, b->size, c->out);
}

/* Prints formatted text, sanitised; when cols is not 0, each line
 * wrapped to cols columns (the side-by-side view fits the terminal). */
static void say(acc_cli *c, size_t cols, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);

static void say(acc_cli *c, size_t cols, const char *fmt, ...)
{
	acc_buf raw = ACC_BUF_INIT, o = ACC_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	if (rc < 0 || !raw.ptr)
		goto done;
	if (!cols)
		out_printf(c, "%s", raw.ptr);
	else if (acc_cli_wrap_text(&o, raw.ptr, raw.size, cols) == 0)
		put_raw(c, &o);
done:
	acc_buf_free(&raw);
	acc_buf_free(&o);
}

/* ---- accord diff AMENDMENT ------------------------------------------------------- */

/* "Article 6 Heading [id]" for clause id of st (or "clause id" when absent). */
static char *clause_title(const acc_state *st, const char *id)
{
	const acc_clause *cl = acc_state_clause(st, id);

	if (!cl)
		return acc_sprintf("clause %s", id);
	return acc_sprintf("%s %s %s [%s]",
			   cl->word[0]	   ? cl->word
			   : cl->container ? "Part"
					   : "Article",
			   cl->number, cl->heading, cl->id);
}

/* Prints the header of an amendment's diff. */
static void amendment_header(acc_cli *c, const acc_state *st, const acc_amendment *a,
			     acc_against against, size_t w)
{
	char *title = clause_title(st, a->clause);
	const char *t = title ? title : a->clause;

	if (a->amends)
		say(c, w, "%s (%s): amends %s, its text for %s\n", a->id,
		    acc_status_name(a->status), a->amends, t);
	else if (a->op == ACC_OP_REPLACE)
		say(c, w, "%s (%s): replaces the text of %s\n", a->id, acc_status_name(a->status),
		    t);
	else if (a->op == ACC_OP_DELETE)
		say(c, w, "%s (%s): deletes %s\n", a->id, acc_status_name(a->status), t);
	else
		say(c, w, "%s (%s): inserts clause %s \"%s\" after %s\n", a->id,
		    acc_status_name(a->status), a->new_clause, a->heading, t);
	switch (against) {
	case ACC_AGAINST_CLAUSE:
		say(c, w, "compared with: the clause as it stands\n");
		break;
	case ACC_AGAINST_PARENT:
		say(c, w, "compared with: the text of %s as it stands\n", a->amends);
		break;
	case ACC_AGAINST_EMPTY:
		say(c, w, "compared with: nothing (the whole new clause)\n");
		break;
	case ACC_AGAINST_BASE:
		say(c, w, "compared with: the text it was drafted against (%.12s)\n", a->base);
		break;
	}
	free(title);
}

/* Shows one amendment as a word diff. */
static int diff_amendment(acc_cli *c, const char *id, const char *at, int fmt, int color)
{
	acc_state *st = NULL;
	const acc_amendment *a;
	acc_oid_hex rev;
	acc_against against;
	acc_diff d = {0};
	acc_buf o = ACC_BUF_INIT;
	char *old = NULL, *new = NULL, *rebased = NULL;
	size_t cols = acc_cli_term_columns(c->out);
	int rc, conflict = 0, stale;

	if ((rc = acc_id_check(id, "amendment")) < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, rev, c->ctx, at)) < 0)
		return out_fail(c, rc);
	if (!(a = acc_state_amendment(st, id))) {
		rc = acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
		goto done;
	}
	if ((rc = acc_ops_amendment_texts(&old, &new, &against, acc_ctx_store(c->ctx), st, a)) <
		0 ||
	    (rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
		goto done;
	stale = a->status == ACC_ST_STALE;
	if (stale &&
	    (rc = acc_ops_rebased_text(&rebased, &conflict, acc_ctx_store(c->ctx), st, a)) < 0)
		goto done;
	if (fmt == FMT_JSON) {
		static const char *const fields[] = {
		    "amendment", "clause", "operation", "status", "amends", "new_clause", NULL};
		json_t *j = acc_json_amendment_fields(json_object(), a, fields);

		json_object_set_new(j, "against", js(acc_against_name(against)));
		json_object_set_new(j, "base", js(a->base));
		json_object_set_new(j, "revision", js(rev));
		acc_cli_diff_json(j, &d);
		if (stale)
			json_object_set_new(j, "rebase", js(conflict ? "conflict" : "clean"));
		rc = out_json(c, j);
		goto done;
	}
	amendment_header(c, st, a, against, fmt == FMT_SIDE ? cols : 0);
	if (stale)
		say(c, fmt == FMT_SIDE ? cols : 0,
		    "stale: the text it amends has changed; `accord rebase %s` %s\n", a->id,
		    conflict ? "cannot merge it: its changes overlap the adopted text"
			     : "merges its changes cleanly onto the current text");
	out_printf(c, "\n");
	if (fmt == FMT_SIDE) {
		char *lh = against == ACC_AGAINST_BASE
			       ? acc_sprintf("drafted against %.12s", a->base)
			   : against == ACC_AGAINST_PARENT ? acc_sprintf("%s", a->amends)
			   : against == ACC_AGAINST_EMPTY  ? acc_strdup("(nothing)")
							   : acc_strdup("as it stands");

		rc = lh ? acc_cli_render_side(&o, &d, color, cols, lh, a->id) : ACC_ENOMEM;
		free(lh);
	} else {
		rc = acc_cli_render_inline(&o, &d, color);
	}
	if (rc == 0)
		put_raw(c, &o);
done:
	acc_buf_free(&o);
	acc_diff_free(&d);
	free(old);
	free(new);
	free(rebased);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* ---- accord diff --from REV --to REV [CLAUSE] ---------------------------------------- */

/* "Article 6 Heading [id]" of a clause. */
static char *title_of(const acc_clause *cl)
{
	return acc_sprintf("%s %s %s [%s]",
			   cl->word[0]	   ? cl->word
			   : cl->container ? "Part"
					   : "Article",
			   cl->number, cl->heading, cl->id);
}

/* Prints one changed clause of a comparison. */
static int print_change(acc_cli *c, const acc_clause_change *x, int fmt, int color, size_t cols)
{
	const acc_clause *cl = x->to ? x->to : x->from;
	const char *old = x->from ? x->from->text : "", *new = x->to ? x->to->text : "";
	char *title = title_of(cl);
	size_t w = fmt == FMT_SIDE ? cols : 0;
	int renumbered = x->from && x->to && strcmp(x->from->number, x->to->number) != 0;
	acc_diff d = {0};
	acc_buf o = ACC_BUF_INIT;
	int rc;

	if (!title)
		return ACC_ENOMEM;
	say(c, w, "\n%s: %s%s%s%s\n", acc_change_name(x->kind), title, renumbered ? " (was " : "",
	    renumbered ? x->from->number : "", renumbered ? ")" : "");
	free(title);
	if (x->from && x->to && strcmp(x->from->heading, x->to->heading) != 0) {
		if ((rc = acc_textdiff(&d, x->from->heading, strlen(x->from->heading),
				       x->to->heading, strlen(x->to->heading))) < 0)
			return rc;
		out_printf(c, "heading: ");
		rc = acc_cli_render_inline(&o, &d, color);
		if (rc == 0)
			put_raw(c, &o);
		acc_buf_clear(&o);
		acc_diff_free(&d);
		if (rc < 0)
			goto done;
	}
	if (x->kind == ACC_CHANGE_NONE || (!old[0] && !new[0]) || strcmp(old, new) == 0) {
		rc = 0;
		goto done;
	}
	if ((rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
		goto done;
	say(c, w, "\n");
	if (fmt == FMT_SIDE)
		rc = acc_cli_render_side(&o, &d, color, cols, "before", "after");
	else
		rc = acc_cli_render_inline(&o, &d, color);
	if (rc == 0)
		put_raw(c, &o);
done:
	acc_diff_free(&d);
	acc_buf_free(&o);
	return rc;
}

/* The JSON of one clause of a comparison. */
static json_t *change_json(const acc_clause_change *x, int *rc)
{
	json_t *j = json_object();
	const char *old = x->from ? x->from->text : "", *new = x->to ? x->to->text : "";
	acc_diff d = {0};

	json_object_set_new(j, "id", js(x->to ? x->to->id : x->from->id));
	json_object_set_new(j, "change", js(acc_change_name(x->kind)));
	json_object_set_new(j, "number_from", js(x->from ? x->from->number : NULL));
	json_object_set_new(j, "number_to", js(x->to ? x->to->number : NULL));
	json_object_set_new(j, "heading_from", js(x->from ? x->from->heading : NULL));
	json_object_set_new(j, "heading_to", js(x->to ? x->to->heading : NULL));
	if ((*rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) == 0)
		acc_cli_diff_json(j, &d);
	acc_diff_free(&d);
	return j;
}

/* Shows what changed between two revisions, clause by clause. */
static int diff_revisions(acc_cli *c, const char *from, const char *to, const char *clause, int fmt,
			  int color)
{
	acc_state *sf = NULL, *stt = NULL;
	acc_oid_hex fid, tid;
	acc_clause_change *v = NULL;
	size_t n = 0, i, counts[4] = {0, 0, 0, 0};
	json_t *arr = NULL;
	int rc;

	if (clause && acc_id_check(clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&sf, fid, c->ctx, from)) < 0 ||
	    (rc = acc_ops_state(&stt, tid, c->ctx, to)) < 0 ||
	    (rc = acc_brackets_inline_state(sf)) < 0 || /* the rolling texts */
	    (rc = acc_brackets_inline_state(stt)) < 0 ||
	    (rc = acc_history_compare(&v, &n, sf, stt)) < 0)
		goto done;
	if (clause) {
		for (i = 0; i < n; i++)
			if (strcmp((v[i].to ? v[i].to : v[i].from)->id, clause) == 0)
				break;
		if (i == n) {
			rc = acc_error_set(ACC_ENOTFOUND, "no clause '%s' at %.12s or %.12s",
					   clause, fid, tid);
			goto done;
		}
		v[0] = v[i];
		n = 1;
	}
	for (i = 0; i < n; i++)
		counts[v[i].kind]++;
	if (fmt == FMT_JSON) {
		json_t *j = json_object();

		arr = json_array();
		for (i = 0; i < n && rc == 0; i++)
			if (clause || v[i].kind != ACC_CHANGE_NONE)
				json_array_append_new(arr, change_json(&v[i], &rc));
		json_object_set_new(j, "from", js(fid));
		json_object_set_new(j, "to", js(tid));
		json_object_set_new(j, "amended",
				    json_integer((json_int_t)counts[ACC_CHANGE_AMENDED]));
		json_object_set_new(j, "inserted",
				    json_integer((json_int_t)counts[ACC_CHANGE_INSERTED]));
		json_object_set_new(j, "deleted",
				    json_integer((json_int_t)counts[ACC_CHANGE_DELETED]));
		json_object_set_new(j, "clauses", arr);
		if (rc < 0) {
			json_decref(j);
			goto done;
		}
		rc = out_json(c, j);
		goto done;
	}
	say(c, fmt == FMT_SIDE ? acc_cli_term_columns(c->out) : 0,
	    "changes from %.12s to %.12s: %zu amended, %zu inserted, %zu deleted\n", fid, tid,
	    counts[ACC_CHANGE_AMENDED], counts[ACC_CHANGE_INSERTED], counts[ACC_CHANGE_DELETED]);
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].kind == ACC_CHANGE_NONE && !clause)
			continue;
		rc = print_change(c, &v[i], fmt, color, acc_cli_term_columns(c->out));
	}
done:
	free(v);
	acc_state_free(sf);
	acc_state_free(stt);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord diff */
int acc_cmd_diff(acc_cli *c, int argc, char **argv)
{
	const char *when = NULL, *from = NULL, *to = NULL, *at = NULL, *lang = NULL;
	int rc, fmt = FMT_INLINE, color = 0, source = 0;
	size_t k;

	if (acc_cli_diff_files_wanted(argc, argv)) /* two files (diff_files.c) */
		return acc_cli_diff_files(argc, argv, c->out, c->err);
	/* its own options, in order: the last of --format and --json wins */
	for (k = 0; k < c->nopts; k++) {
		int o = c->opts[k].opt;
		const char *arg = c->opts[k].arg;

		if (o == 'c') {
			when = arg ? arg : "always";
		} else if (o == 'f') {
			if (strcmp(arg, "inline") == 0)
				fmt = FMT_INLINE;
			else if (strcmp(arg, "side") == 0)
				fmt = FMT_SIDE;
			else if (strcmp(arg, "json") == 0)
				fmt = FMT_JSON;
			else
				return out_usage(c, "--format is inline, side or json, not '%s'",
						 arg);
		} else if (o == 'j') {
			fmt = FMT_JSON;
		} else if (o == 'F') {
			from = arg;
		} else if (o == 'T') {
			to = arg;
		} else if (o == 'A') {
			at = arg;
		} else if (o == 'L') {
			lang = arg;
		} else if (o == 'S') {
			source = 1;
		}
	}
	if (acc_cli_want_color(c->out, when, &color) < 0)
		return out_usage(c, "--color is auto, always or never, not '%s'", when);
	if (to && !from)
		return out_usage(c, "--to needs --from REV");
	if (source || lang) /* a translation's source changes (cmd_translate.c) */
		return acc_cli_diff_source(c, argc, argv, lang, fmt == FMT_JSON, color);
	if (from) {
		if (at)
			return out_usage(c, "--at goes with an amendment, not with --from/--to");
		if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
			return rc;
		return diff_revisions(c, from, to, optind < argc ? argv[optind] : NULL, fmt, color);
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	return diff_amendment(c, argv[optind], at, fmt, color);
}

/* ---- accord rebase AMENDMENT ------------------------------------------------------- */

int acc_cmd_rebase(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	char *conflict = NULL;
	int rc;

	rc = acc_ops_rebase(commit, &conflict, c->ctx, argv[optind]);
	if (rc < 0) {
		if (conflict) {
			/* the conflict, for the sponsor to redraft from */
			out_printf(c, "%s", conflict);
			free(conflict);
		}
		return out_fail(c, rc);
	}
	out_printf(c, "rebased %s onto the current text (%.12s)\n", argv[optind], commit);
	return 0;
}

/* ---- accord blame CLAUSE ----------------------------------------------------------- */

/* The JSON of an origin. */
static json_t *origin_json(const acc_origin *g)
{
	json_t *j = json_object(), *co = json_array(), *t;
	size_t i;

	json_object_set_new(j, "origin",
			    js(g->kind == ACC_ORIGIN_ORIGINAL  ? "original"
			       : g->kind == ACC_ORIGIN_UNKNOWN ? "unknown"
			       : g->kind == ACC_ORIGIN_BRACKET ? "bracket"
							       : "amendment"));
	json_object_set_new(j, "amendment", js(g->amendment));
	json_object_set_new(j, "sponsor", js(g->sponsor));
	for (i = 0; i < g->cosponsors.count; i++)
		json_array_append_new(co, js(g->cosponsors.items[i]));
	json_object_set_new(j, "cosponsors", co);
	json_object_set_new(j, "via", js(g->via));
	if (g->kind == ACC_ORIGIN_AMENDMENT) {
		json_object_set_new(j, "ballot", js(g->ballot));
		json_object_set_new(j, "commit", js(g->commit));
		json_object_set_new(j, "time", json_integer(g->time));
		t = json_object();
		json_object_set_new(t, "yes", json_integer(g->yes));
		json_object_set_new(t, "no", json_integer(g->no));
		json_object_set_new(t, "abstain", json_integer(g->abstain));
		json_object_set_new(t, "absent", json_integer(g->absent));
		json_object_set_new(j, "tally", t);
	} else if (g->kind == ACC_ORIGIN_BRACKET) { /* its resolution's commit */
		json_object_set_new(j, "ballot", g->by_ballot ? js(g->ballot) : json_null());
		json_object_set_new(j, "commit", js(g->commit));
		json_object_set_new(j, "time", json_integer(g->time));
		json_object_set_new(j, "tally", json_null());
	} else {
		json_object_set_new(j, "ballot", json_null());
		json_object_set_new(j, "commit", json_null());
		json_object_set_new(j, "time", json_null());
		json_object_set_new(j, "tally", json_null());
	}
	return j;
}

/* Prints the line naming where a run of words came from. */
static void origin_text(acc_cli *c, const acc_origin *g)
{
	char date[32];
	size_t i;

	if (g->kind == ACC_ORIGIN_ORIGINAL) {
		out_printf(c, "original text\n");
		return;
	}
	if (g->kind == ACC_ORIGIN_UNKNOWN) {
		out_printf(c, "changed outside any adoption (origin unknown)\n");
		return;
	}
	out_date(date, sizeof(date), g->time);
	if (g->kind == ACC_ORIGIN_BRACKET) { /* option of a resolved bracket */
		out_printf(c, "bracket %s (opened by %s), option %u resolved by %s on %s (%.10s)\n",
			   g->amendment, g->sponsor, g->option,
			   g->by_ballot ? "ballot" : "consensus", date, g->commit);
		return;
	}
	out_printf(c, "%s (sponsor %s", g->amendment, g->sponsor);
	for (i = 0; i < g->cosponsors.count; i++)
		out_printf(c, "%s%s", i ? ", " : "; co-sponsors ", g->cosponsors.items[i]);
	if (g->via)
		out_printf(c,
			   "), adopted by ballot %s: %u yes, %u no, %u abstain (%.10s); into the "
			   "text with %s on %s (%.10s)\n",
			   g->amendment, g->yes, g->no, g->abstain, g->ballot, g->via, date,
			   g->commit);
	else
		out_printf(c, "), adopted by ballot %s on %s: %u yes, %u no, %u abstain (%.10s)\n",
			   g->amendment, date, g->yes, g->no, g->abstain, g->ballot);
}

/* Prints a run's text indented, line by line, without its outer spaces. */
static void run_text(acc_cli *c, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\n' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t'))
		len--;
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) : len;

		if (n)
			out_printf(c, "    %.*s\n", (int)n, s);
		else
			out_printf(c, "\n");
		s += n + (nl != NULL);
		len -= n + (nl != NULL);
	}
}

int acc_cmd_blame(acc_cli *c, int argc, char **argv)
{
	acc_blame *b = NULL;
	int rc;
	size_t i;

	if ((rc = acc_history_blame(&b, c->ctx, argv[optind], c->at)) < 0)
		return out_fail(c, rc);
	if (c->json) {
		json_t *j = json_object(), *runs = json_array();

		json_object_set_new(j, "clause", js(b->clause));
		json_object_set_new(j, "revision", js(b->revision));
		json_object_set_new(j, "text", js(b->text));
		json_object_set_new(j, "adoptions", json_integer((json_int_t)b->adoptions));
		for (i = 0; i < b->nruns; i++) {
			json_t *r = origin_json(&b->origins[b->runs[i].origin]);
			char *t = acc_strndup(b->text + b->runs[i].start, b->runs[i].len);

			json_object_set_new(r, "text", js(t ? t : ""));
			free(t);
			json_array_append_new(runs, r);
		}
		json_object_set_new(j, "runs", runs);
		rc = out_json(c, j);
	} else {
		size_t k;

		out_printf(c, "%s %s %s [%s] at %.12s\n", b->word, b->number, b->heading, b->clause,
			   b->revision);
		for (i = 0; i < b->nruns; i++) {
			const acc_blame_run *r = &b->runs[i];
			const char *s = b->text + r->start;

			for (k = 0; k < r->len && (s[k] == ' ' || s[k] == '\n'); k++)
				;
			if (k == r->len)
				continue; /* only blanks */
			out_printf(c, "\n");
			origin_text(c, &b->origins[r->origin]);
			run_text(c, s, r->len);
		}
	}
	acc_blame_free(b);
	return rc < 0 ? out_fail(c, rc) : 0;
}
