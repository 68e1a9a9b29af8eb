/* cmd_share: sharing and starting (sync, clone, init, demo, tui). */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accord/export.h"
#include "accord/json.h"
#include "accord/query.h"
#include "accord/record.h"
#include "accord/sanitize.h"
#include "accord/sign.h"
#include "accord/sync.h"
#include "accord/verify.h"
#include "demo.h"
#include "out.h"

/* Asks on the terminal whether to publish over remote; 1 when confirmed. */
static int sync_confirm(acc_cli *c, const char *remote)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return 0;
	out_errf(c, "push this clone's verified history over %s's branch? [y/N] ", remote);
	fflush(c->err);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

/* accord sync [REMOTE] [--publish-local [--yes]] */
int acc_cmd_sync(acc_cli *c, int argc, char **argv)
{
	const char *remote = "origin";
	acc_sync_report r;
	int rc, publish = 0, yes = 0;
	size_t i;

	for (i = 0; i < c->nopts; i++) {
		if (c->opts[i].opt == OPT_PUBLISH)
			publish = 1;
		else if (c->opts[i].opt == OPT_YES)
			yes = 1;
	}
	if (optind < argc)
		remote = argv[optind];
	if (publish && !yes && !sync_confirm(c, remote))
		return out_usage(c, "--publish-local replaces %s's branch: confirm with --yes",
				 remote);
	rc = publish ? acc_sync_publish(&r, c->ctx, remote) : acc_sync(&r, c->ctx, remote);
	for (i = 0; i < r.problems.count; i++)
		out_errf(c, "accord: %.12s %s\n", r.problems.problems[i].commit,
			 r.problems.problems[i].message);
	if (rc < 0) {
		acc_sync_report_free(&r);
		return out_fail(c, rc);
	}
	if (c->json) {
		json_t *j = json_object(), *d = json_array(), *u = json_array();

		json_object_set_new(j, "remote", js(remote));
		json_object_set_new(j, "tip", js(r.tip));
		json_object_set_new(j, "fetched", json_integer((json_int_t)r.fetched));
		json_object_set_new(j, "replayed", json_integer((json_int_t)r.replayed));
		json_object_set_new(j, "pushed", json_integer((json_int_t)r.pushed));
		for (i = 0; i < r.dropped.count; i++)
			json_array_append_new(d, js(r.dropped.items[i]));
		json_object_set_new(j, "dropped", d);
		for (i = 0; i < r.unverified.count; i++)
			json_array_append_new(u, js(r.unverified.items[i]));
		json_object_set_new(j, "unverified", u);
		json_object_set_new(j, "retries", json_integer((json_int_t)r.retries));
		json_object_set_new(j, "published", json_boolean(publish && r.rewritten));
		json_object_set_new(j, "pending", json_integer((json_int_t)r.pending));
		json_object_set_new(j, "gathered", json_integer((json_int_t)r.gathered));
		d = json_array();
		for (i = 0; i < r.pending_invalid.count; i++)
			json_array_append_new(d, js(r.pending_invalid.items[i]));
		json_object_set_new(j, "not_gathered", d);
		rc = out_json(c, j);
	} else {
		for (i = 0; i < r.dropped.count; i++)
			out_printf(c, "dropped: %s\n", r.dropped.items[i]);
		for (i = 0; i < r.unverified.count; i++)
			out_printf(c, "not sent, fails verify: %s\n", r.unverified.items[i]);
		if (r.unverified.count)
			out_printf(c,
				   "the history before this sync is kept at "
				   "refs/accord/unverified/%s\n",
				   remote);
		if (publish && r.rewritten)
			out_printf(c, "published this clone's history to %s\n", remote);
		for (i = 0; i < r.pending_invalid.count; i++)
			out_printf(c, "pending vote not gathered: %s\n",
				   r.pending_invalid.items[i]);
		if (r.pending)
			out_printf(c,
				   "%zu vote%s on %s, waiting to be gathered (another push moved "
				   "the branch first; any delegation's next sync gathers it)\n",
				   r.pending, r.pending == 1 ? "" : "s", remote);
		out_printf(c,
			   "synced with %s at %.12s: %zu actions received, %zu replayed, %zu sent, "
			   "%zu dropped",
			   remote, r.tip, r.fetched, r.replayed, r.pushed, r.dropped.count);
		if (r.unverified.count)
			out_printf(c, ", %zu unverified kept back", r.unverified.count);
		if (r.retries)
			out_printf(c, ", %zu retries", r.retries);
		if (r.gathered)
			out_printf(c, ", %zu pending votes gathered", r.gathered);
		out_printf(c, "\n");
	}
	acc_sync_report_free(&r);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord clone URL DIR [--expect-root COMMIT] [--expect-key FINGERPRINT] */
int acc_cmd_clone(acc_cli *c, int argc, char **argv)
{
	const char *pin_root = NULL, *pin_key = NULL;
	acc_state *st = NULL;
	acc_verify_report r;
	acc_ctx *ctx = NULL;
	acc_oid_hex head;
	acc_anchor a;
	size_t k;
	int rc;

	for (k = 0; k < c->nopts; k++) {
		if (c->opts[k].opt == 'r')
			pin_root = c->opts[k].arg;
		else if (c->opts[k].opt == 'k')
			pin_key = c->opts[k].arg;
	}
	memset(&a, 0, sizeof(a));
	rc = acc_sync_clone(&ctx, &a, &r, head, argv[optind], argv[optind + 1], pin_root, pin_key);
	/* the root and its key, to compare out of band (as an SSH host key) */
	if (a.root[0])
		out_printf(c, "root %s, opened with key %s%s\n", a.root,
			   a.fingerprint ? a.fingerprint : "(none: unsigned)",
			   pin_root || pin_key ? " (as expected)" : "");
	acc_anchor_clear(&a);
	if (rc == ACC_EVERIFY && r.count)
		out_errf(c, "accord: %.12s %s\n", r.problems[0].commit, r.problems[0].message);
	acc_verify_report_free(&r);
	if (rc == 0)
		rc = acc_ops_state(&st, head, ctx, NULL);
	if (rc == 0)
		out_printf(c, "cloned %s into %s at %.12s (%zu clauses), verified\n",
			   st->conv.title, argv[optind + 1], head, st->nclauses);
	acc_state_free(st);
	acc_ctx_free(ctx);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* ---- init and demo ------------------------------------------------------ */

/* Starts the interface through what main gave (refused where none may
 * start: inside the interface itself). */
static int open_interface(acc_cli *c, const char *dir, const char *as, const char *start)
{
	int rc;

	if (!c->ui || !c->ui->open)
		return out_fail(
		    c, acc_error_set(ACC_EREFUSED, "the interface cannot be started from here"));
	fflush(c->out);
	if ((rc = c->ui->open(dir, as, c->key, start)) < 0)
		return out_fail(c, rc);
	return 0;
}

/* The author of an initial commit: the actor, else git's user, else accord. */
static void init_person(acc_cli *c, acc_person *who, char **name, char **email)
{
	const char *d = getenv("ACCORD_DATE");

	*name = NULL;
	if (acc_query_actor(email, NULL, c->as) < 0)
		*email = NULL;
	if (acc_store_config(name, NULL, "user.name") < 0)
		acc_error_clear();
	who->name = *name ? *name : "accord";
	who->email = *email ? *email : "accord@localhost";
	who->when = d && atoll(d) > 0 ? atoll(d) : (long long)time(NULL);
	who->offset = 0;
}

/* accord init DIR --from PROPOSAL, or --from DOCUMENT [--from TRANSLATION]... */
int acc_cmd_init(acc_cli *c, int argc, char **argv)
{
	const char *from = NULL, *key, *docs[64];
	size_t ndocs = 0;
	struct stat sb;
	int demo_keys = 0;
	acc_oid_hex commit;
	acc_person who;
	char *name, *email;
	size_t k;
	int rc;

	for (k = 0; k < c->nopts; k++) {
		if (c->opts[k].opt == 'f' && ndocs == sizeof(docs) / sizeof(*docs))
			return out_usage(c, "at most %zu documents", ndocs);
		else if (c->opts[k].opt == 'f')
			from = docs[ndocs++] = c->opts[k].arg;
		else if (c->opts[k].opt == 'k')
			demo_keys = 1;
	}
	if (!from)
		return out_usage(c, "which proposal? give --from PROPOSAL_DIR");
	from = docs[0];
	if (ndocs > 1 && !(stat(from, &sb) == 0 && S_ISREG(sb.st_mode)))
		return out_usage(c, "further --from documents are translations of a first "
				    "document (json or akn), not of a proposal folder");
	init_person(c, &who, &name, &email);
	key = c->key
		  ? c->key
		  : (getenv("ACCORD_KEY") && getenv("ACCORD_KEY")[0] ? getenv("ACCORD_KEY") : NULL);
	if (stat(from, &sb) == 0 && S_ISREG(sb.st_mode)) { /* a json or akn document */
		acc_source *src = NULL;
		const acc_strlist *notes;

		if ((rc = acc_import_sources(&src, docs, ndocs, &who)) == 0)
			rc = acc_ops_init_source(commit, argv[optind], src, from, &who, key,
						 demo_keys);
		for (k = 0; rc == 0 && (notes = acc_import_notes(src)) && k < notes->count; k++)
			out_errf(c, "accord: warning: %s\n", notes->items[k]);
		acc_source_free(src);
	} else {
		rc = acc_ops_init(commit, argv[optind], from, &who, key, demo_keys);
	}
	free(name);
	free(email);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "created the convention %s from %s (%.12s)\n", argv[optind], from, commit);
	return 0;
}

/* accord demo [DIR] */
int acc_cmd_demo(acc_cli *c, int argc, char **argv)
{
	char *dir = NULL;
	int rc, created = 0;

	if ((rc = acc_demo_prepare(&dir, &created, optind < argc ? argv[optind] : NULL)) < 0)
		return out_fail(c, rc);
	if (created)
		out_printf(c, "created the demo convention in %s\n", dir);
	else
		out_printf(c, "the demo convention is in %s\n", dir);
	out_printf(c,
		   "\nlook around:\n"
		   "  accord -C %s status\n"
		   "  accord -C %s clauses\n"
		   "  accord -C %s amendments\n"
		   "  accord -C %s log\n"
		   "act as a delegate (see `accord -C %s orgs`), for example:\n"
		   "  accord -C %s --as ingrid.halvorsen@mfa.norland.example vote %s yes\n",
		   dir, dir, dir, dir, dir, dir, ACC_DEMO_OPEN_BALLOT);
	if (c->ui && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		const char *as = c->as ? c->as : getenv("ACCORD_AS");

		if (!as || !as[0])
			as = "ingrid.halvorsen@mfa.norland.example";
		out_printf(c, "\nopening the interface as %s (? for help, Q quits)\n", as);
		rc = open_interface(c, dir, as, NULL);
	}
	free(dir);
	return rc;
}

/* accord tui [CLAUSE | AMENDMENT] [--keys] */
int acc_cmd_tui(acc_cli *c, int argc, char **argv)
{
	int rc;

	if (c->nopts) {
		/* --keys: the key table as text; --keys=roff: as the man page lists it */
		const char *fmt = c->opts[0].arg;

		if (fmt && strcmp(fmt, "roff") != 0 && strcmp(fmt, "text") != 0)
			return out_usage(c, "--keys takes roff or text, not '%s'", fmt);
		if (!c->ui || !c->ui->print_keys)
			return out_fail(
			    c, acc_error_set(ACC_EREFUSED, "the interface is not available here"));
		c->ui->print_keys(c->out, fmt && strcmp(fmt, "roff") == 0);
		return 0;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
		return rc;
	return open_interface(c, c->dir, c->as, optind < argc ? argv[optind] : NULL);
}
