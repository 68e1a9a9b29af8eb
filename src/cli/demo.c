/* demo: the demo convention and its scripted history. */
#include "demo.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/ops.h"
#include "accord/store.h"

/* 1 when path is a folder. */
static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int acc_demo_find_proposal(char **out, const char *name)
{
	const char *env = getenv("ACCORD_PROPOSALS");
	char exe[PATH_MAX];
	ssize_t n;
	static const char *const rel[] = {"proposals", "../proposals", "../share/accord/proposals"};
	size_t i;

	*out = NULL;
	if (env && env[0]) {
		*out = acc_sprintf("%s/%s", env, name);
		if (*out && is_dir(*out))
			return 0;
		free(*out);
		*out = NULL;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
			*out = acc_sprintf("%s/%s/%s", exe, rel[i], name);
			if (*out && is_dir(*out))
				return 0;
			free(*out);
			*out = NULL;
		}
	}
	return acc_error_set(ACC_ENOTFOUND,
			     "cannot find the bundled proposal '%s' (set ACCORD_PROPOSALS to the "
			     "proposals folder)",
			     name);
}

/* Creates every missing parent folder of path. */
static int mkparents(const char *path)
{
	char *p = acc_strdup(path), *s;
	int rc = 0;

	if (!p)
		return ACC_ENOMEM;
	for (s = p + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/* Replaces the first occurrence of from with to in text (malloc'd). */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);

	if (!at)
		return acc_strdup(text);
	return acc_sprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

typedef struct {
	acc_ctx *ctx;
	acc_state *st;
	int rc;
} demo;

/* Acts as the delegate with this email for the next operation. */
static void as(demo *d, const char *email)
{
	char *key = acc_sprintf("%saccord/keys/%s", acc_store_gitdir(acc_ctx_store(d->ctx)), email);

	acc_ctx_set_actor(d->ctx, email);
	acc_ctx_set_key(d->ctx, key);
	free(key);
	if (acc_ctx_now(d->ctx)) /* a minute between actions, when the date is fixed */
		acc_ctx_set_now(d->ctx, acc_ctx_now(d->ctx) + 60);
}

/* Proposes an edit of a clause's current text; *id receives the id. */
static void propose_edit(demo *d, char **id, const char *email, const char *clause,
			 const char *amends, const char *from, const char *to,
			 const char *rationale)
{
	acc_propose_args a;
	acc_oid_hex commit;
	acc_state *st = NULL;
	const char *base;
	char *text;

	*id = NULL;
	if (d->rc < 0)
		return;
	if ((d->rc = acc_ops_state(&st, commit, d->ctx, NULL)) < 0)
		return;
	base = amends ? acc_state_amendment(st, amends)->text : acc_state_clause(st, clause)->text;
	text = edit(base, from, to);
	memset(&a, 0, sizeof(a));
	a.clause = clause;
	a.amends = amends;
	a.op = ACC_OP_REPLACE;
	a.text = text;
	a.len = text ? strlen(text) : 0;
	a.rationale = rationale;
	as(d, email);
	d->rc = text ? acc_ops_propose(id, commit, d->ctx, &a) : ACC_ENOMEM;
	free(text);
	acc_state_free(st);
}

/* Casts a vote. */
static void vote(demo *d, const char *email, const char *id, acc_vote v)
{
	acc_oid_hex commit;

	if (d->rc < 0)
		return;
	as(d, email);
	d->rc = acc_ops_vote(commit, d->ctx, id, v);
}

/* Opens or closes a ballot as the chair. */
static void chair(demo *d, int open, const char *id)
{
	acc_oid_hex commit;
	acc_tally t;

	if (d->rc < 0)
		return;
	as(d, "helena.marchetti@dgc-secretariat.example");
	d->rc = open ? acc_ops_open(commit, d->ctx, id, NULL, NULL)
		     : acc_ops_close(commit, &t, NULL, d->ctx, id);
}

#define NORLAND	 "ingrid.halvorsen@mfa.norland.example"
#define ASTORIA	 "daniel.whitcombe@state.astoria.example"
#define VALMORA	 "ines.carvalho@exteriores.valmora.example"
#define KESTRIA	 "aleksander.novak@foreign.kestria.example"
#define TAVIRA	 "mariam.haddad@mofa.tavira.example"
#define SANTEO	 "jose.rivas@cancilleria.santeodoro.example"
#define MERIDIAN "rebecca.lindqvist@meridiancloud.example"
#define HALCYON	 "kenji.morita@halcyon-systems.example"
#define OPENNET	 "amira.nasser@opennetworks.example"
#define SAFECON	 "chidi.okafor@safeconnectivity.example"
#define BLUEFJ	 "sigrid.aune@bluefjord.example"

/* Plays the demo's history: amendments, an amendment to an amendment,
 * ballots (one vote changed), an adoption that makes a competitor fall,
 * and a ballot left open. */
static int play(acc_ctx *ctx)
{
	demo d = {ctx, NULL, 0};
	char *nor = NULL, *onet = NULL, *ast = NULL, *kes = NULL, *mer = NULL;
	const char *ci = "no-targeting-critical-infrastructure";

	propose_edit(&d, &nor, NORLAND, ci, NULL, "respond without undue delay",
		     "respond within 72 hours",
		     "A fixed deadline makes the duty to assist verifiable.");
	propose_edit(&d, &onet, OPENNET, ci, NULL, "respond without undue delay",
		     "respond without undue delay and in good faith",
		     "Assistance given grudgingly is no assistance.");
	propose_edit(&d, &ast, ASTORIA, ci, nor, "within 72 hours", "within 96 hours",
		     "Seventy-two hours is not achievable for smaller administrations.");
	propose_edit(&d, &kes, KESTRIA, ci, NULL, "knowingly allow its territory",
		     "knowingly allow its territory, its nationals",
		     "Proxies acting from abroad must be covered too.");
	if (d.rc == 0) {
		acc_propose_args a;
		acc_oid_hex commit;
		static const char *const co[] = {"halcyon-systems"};
		static const char text[] =
		    "1. Vendors notified of a vulnerability under the preceding article shall "
		    "make a remedy available to all affected users, wherever they are, within a "
		    "reasonable time not exceeding ninety days.\n\n"
		    "2. States Parties shall not request that a vendor delay the publication of a "
		    "remedy for the purpose of exploiting the vulnerability.\n";

		memset(&a, 0, sizeof(a));
		a.clause = "vulnerability-disclosure";
		a.op = ACC_OP_INSERT_AFTER;
		a.text = text;
		a.len = sizeof(text) - 1;
		a.heading = "Coordinated disclosure timelines";
		a.new_clause = "coordinated-disclosure";
		a.rationale = "Disclosure without a deadline for remedies leaves users exposed.";
		a.cosponsors = co;
		a.ncosponsors = 1;
		as(&d, MERIDIAN);
		d.rc = acc_ops_propose(&mer, commit, ctx, &a);
		/* invited, Halcyon consents by its own action */
		if (d.rc == 0) {
			as(&d, HALCYON);
			d.rc = acc_ops_cosponsor(commit, ctx, mer, 0);
		}
	}
	/* the amendment to the amendment is voted first, and fails */
	chair(&d, 1, ast);
	vote(&d, ASTORIA, ast, ACC_VOTE_YES);
	vote(&d, NORLAND, ast, ACC_VOTE_NO);
	vote(&d, MERIDIAN, ast, ACC_VOTE_NO);
	vote(&d, OPENNET, ast, ACC_VOTE_NO);
	vote(&d, KESTRIA, ast, ACC_VOTE_ABSTAIN);
	vote(&d, TAVIRA, ast, ACC_VOTE_NO);
	vote(&d, VALMORA, ast, ACC_VOTE_NO);
	chair(&d, 0, ast);
	/* then Norland's amendment passes; Valmora changes its mind */
	chair(&d, 1, nor);
	vote(&d, NORLAND, nor, ACC_VOTE_YES);
	vote(&d, VALMORA, nor, ACC_VOTE_NO);
	vote(&d, ASTORIA, nor, ACC_VOTE_YES);
	vote(&d, MERIDIAN, nor, ACC_VOTE_YES);
	vote(&d, OPENNET, nor, ACC_VOTE_YES);
	vote(&d, SAFECON, nor, ACC_VOTE_YES);
	vote(&d, TAVIRA, nor, ACC_VOTE_ABSTAIN);
	vote(&d, KESTRIA, nor, ACC_VOTE_NO);
	vote(&d, VALMORA, nor, ACC_VOTE_YES);
	chair(&d, 0, nor);
	/* a ballot left open for the visitor */
	chair(&d, 1, mer);
	vote(&d, MERIDIAN, mer, ACC_VOTE_YES);
	vote(&d, HALCYON, mer, ACC_VOTE_YES);
	vote(&d, BLUEFJ, mer, ACC_VOTE_YES);
	vote(&d, SANTEO, mer, ACC_VOTE_ABSTAIN);
	vote(&d, TAVIRA, mer, ACC_VOTE_NO);
	vote(&d, KESTRIA, mer, ACC_VOTE_ABSTAIN);
	free(nor);
	free(onet);
	free(ast);
	free(kes);
	free(mer);
	return d.rc;
}

int acc_demo_prepare(char **path, int *created, const char *dir)
{
	char *proposal = NULL, *where = NULL;
	acc_ctx *ctx = NULL;
	const char *d;
	int rc;

	*path = NULL;
	*created = 0;
	if (dir) {
		where = acc_strdup(dir);
	} else if ((d = getenv("XDG_DATA_HOME")) && d[0] == '/') {
		where = acc_sprintf("%s/accord/demo", d);
	} else if ((d = getenv("HOME")) && d[0]) {
		where = acc_sprintf("%s/.local/share/accord/demo", d);
	} else {
		return acc_error_set(ACC_ERROR, "no HOME: give the demo a folder");
	}
	if (!where)
		return ACC_ENOMEM;
	if (is_dir(where) && acc_ctx_open(&ctx, where, NULL) == 0) {
		acc_ctx_free(ctx);
		*path = where;
		return 0;
	}
	acc_error_clear();
	if ((rc = acc_demo_find_proposal(&proposal, "digital-geneva-convention")) < 0 ||
	    (rc = mkparents(where)) < 0)
		goto done;
	{
		const char *date = getenv("ACCORD_DATE");
		long long when = date && atoll(date) > 0 ? atoll(date) : (long long)time(NULL);
		acc_person who = {"Helena Marchetti", "helena.marchetti@dgc-secretariat.example",
				  when, 0};
		acc_oid_hex commit;

		if ((rc = acc_ops_init(commit, where, proposal, &who, NULL, 1)) < 0)
			goto done;
		if ((rc = acc_ctx_open(&ctx, where, NULL)) < 0)
			goto done;
		acc_ctx_set_now(ctx, date && atoll(date) > 0 ? when : 0);
		if ((rc = play(ctx)) < 0) {
			acc_error_prefix(rc, "cannot play the demo's history");
			acc_ctx_free(ctx);
			ctx = NULL;
			acc_rmtree(where);
			goto done;
		}
	}
	*created = 1;
	*path = where;
	where = NULL;
done:
	acc_ctx_free(ctx);
	free(proposal);
	free(where);
	return rc;
}
