/* act_gather: gathering the votes pending on organisations' own refs into
 * the branch, as one signed merge (see gather.h; the rules it must keep
 * are in verify_gather.c, which sync and verify share). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gather.h"
#include "verify_commit.h"

/* A gather is never built from arguments: sync makes it from the pending
 * votes it fetched (acc_gather_pending). */
static int build_gather(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	(void)act;
	(void)c;
	(void)st;
	(void)org;
	(void)del;
	(void)arg;
	return REFUSE("a gather is made by accord sync from the pending votes");
}

/* Rebuilds a gather from its parents (verify): every chain re-checked and
 * its votes replayed on the state before it. */
static int replay_gather(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	if (in->origin)
		return REFUSE("a gather is not carried onto another tip: sync gathers again");
	if (!in->after || !in->after->commit[0])
		return acc_error_set(ACC_EINVAL, "a gather replayed without its commit");
	return acc_gather_rebuild(act, c, in->before, in->org, in->after->commit);
}

static const char *const gather_writes[] = {"amendments/*/*/votes/*", "ratification/votes/*", NULL};
static const char *const gather_trailers[] = {"Votes", "Gathered", NULL};

const acc_action_def acc_action_gather = {
    .spec = {.name = "gather",
	     .summary = "gather the votes pending on organisations' own refs into the record "
			"(made by sync)",
	     /* any delegation: a gather adds nothing of its own, and the
	      * chair gathers before closing */
	     .who = ACC_WHO_DELEGATE,
	     .verb = "gather votes",
	     .writes = gather_writes,
	     .trailers = gather_trailers},
    .build = build_gather,
    .replay = replay_gather,
    .mismatch = "the gathered votes replayed give another tree",
};

/* 1 when every file the chain at tip changes already holds, at base,
 * what the chain leaves in it (its votes reached the branch another way). */
static int chain_stale(acc_ctx *c, const char *base, const char *tip)
{
	acc_source *at_tip = NULL, *at_base = NULL;
	acc_oid_hex cur;
	int stale = 1, steps = 0;

	if (acc_store_source(&at_tip, c->store, tip) < 0 ||
	    acc_store_source(&at_base, c->store, base) < 0)
		stale = 0;
	snprintf(cur, sizeof(cur), "%s", tip);
	while (stale && steps++ < 4096 && acc_store_is_ancestor(c->store, cur, base) != 1) {
		acc_commit_info ci;
		acc_strlist paths = ACC_STRLIST_INIT;
		size_t i;

		if (acc_store_commit_info(&ci, c->store, cur) < 0 || ci.nparents != 1 ||
		    acc_store_changed_paths(&paths, c->store, ci.parent, cur) < 0)
			stale = 0;
		for (i = 0; stale && i < paths.count; i++) {
			char *a = NULL, *b = NULL;
			size_t la = 0, lb = 0;
			int ra = at_tip->read(at_tip, paths.items[i], &a, &la, NULL),
			    rb = at_base->read(at_base, paths.items[i], &b, &lb, NULL);

			stale = ra == rb && (ra < 0 || (la == lb && memcmp(a, b, la) == 0));
			free(a);
			free(b);
		}
		if (stale)
			snprintf(cur, sizeof(cur), "%s", ci.parent);
		acc_strlist_free(&paths);
		acc_commit_info_clear(&ci);
	}
	acc_error_clear();
	acc_source_free(at_tip);
	acc_source_free(at_base);
	return stale;
}

/* qsort's order of two ref names. */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tips of the pending refs under prefix not yet in base's history:
 * refs (names) and tips, in the order of the names (the organisations). */
static int pending_tips(acc_strlist *names, acc_strlist *tips, acc_ctx *c, const char *base,
			const char *prefix)
{
	acc_strlist refs = ACC_STRLIST_INIT;
	size_t i, plen = strlen(prefix);
	int rc;

	if ((rc = acc_store_ref_list(&refs, c->store)) < 0)
		return rc;
	qsort(refs.items, refs.count, sizeof(*refs.items), by_name);
	for (i = 0; i < refs.count && rc == 0; i++) {
		acc_oid_hex tip;

		if (strncmp(refs.items[i], prefix, plen) != 0 || !refs.items[i][plen] ||
		    strchr(refs.items[i] + plen, '/'))
			continue;
		if (acc_store_ref(c->store, tip, refs.items[i]) < 0 ||
		    acc_store_is_ancestor(c->store, tip, base) == 1) {
			acc_error_clear();
			continue;
		}
		acc_error_clear();
		if ((rc = acc_strlist_add(names, refs.items[i] + plen)) == 0)
			rc = acc_strlist_add(tips, tip);
	}
	acc_strlist_free(&refs);
	return rc;
}

/* Signs and writes the gather of chains (n good ones) on base as org/del. */
static int write_gather(acc_oid_hex made, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, const char *base, acc_action *act,
			const acc_gather_chain_info *chains, size_t n)
{
	acc_strlist parents = ACC_STRLIST_INIT;
	acc_signing plan;
	acc_person who;
	size_t i;
	int rc;

	if ((rc = acc_signing_plan(&plan, c, st, del)) < 0 ||
	    (rc = acc_gather_message(&act->msg, org, chains, n)) < 0 ||
	    (rc = acc_action_check_writes(&acc_action_gather, org, act)) < 0 ||
	    (rc = acc_strlist_add(&parents, base)) < 0)
		goto done;
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_strlist_add(&parents, chains[i].tip);
	if (rc < 0)
		goto done;
	who.name = del->name;
	who.email = del->email;
	who.when = acc_now(c);
	who.offset = c->offset;
	rc = acc_store_merge_object(c->store, made, &parents, act->changes, act->n, act->msg.ptr,
				    &who, plan.key ? acc_sign_commit : NULL, &plan);
done:
	acc_strlist_free(&parents);
	return rc;
}

int acc_gather_pending(acc_oid_hex made, size_t *nvotes, acc_strlist *invalid, acc_ctx *c,
		       const char *base, const char *prefix)
{
	acc_strlist names = ACC_STRLIST_INIT, tips = ACC_STRLIST_INIT;
	acc_gather_chain_info *chains = NULL;
	acc_state *st = NULL;
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	acc_action act;
	size_t i, n = 0;
	int rc;

	made[0] = '\0';
	*nvotes = 0;
	memset(&act, 0, sizeof(act));
	if ((rc = pending_tips(&names, &tips, c, base, prefix)) < 0 || !tips.count)
		goto done;
	if ((rc = acc_store_load_state(&st, c->store, base)) < 0)
		goto done;
	/* a clone that cannot act leaves the gathering to the others */
	if (acc_ops_whoami(&org, &del, c, st) < 0 ||
	    acc_action_permit(&acc_action_gather.spec, st, org) < 0) {
		acc_error_clear();
		goto done;
	}
	acc_ctx_not_before(c, base);
	for (i = 0; i < tips.count; i++) /* the gather is dated after what it gathers */
		acc_ctx_not_before(c, tips.items[i]);
	if (!(chains = acc_calloc(tips.count, sizeof(*chains)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < tips.count; i++) {
		acc_gather_chain_info *g = &chains[n];

		if ((rc = acc_gather_chain(g, &act, c, st, base, tips.items[i], names.items[i],
					   acc_now(c))) < 0)
			goto done;
		if (!g->why) {
			*nvotes += g->nvotes;
			n++;
			continue;
		}
		if (!chain_stale(c, base, tips.items[i])) {
			char *line = acc_sprintf("%s: %s", names.items[i], g->why);

			rc = line ? acc_strlist_add(invalid, line) : ACC_ENOMEM;
			free(line);
		}
		acc_gather_chain_clear(g);
		if (rc < 0)
			goto done;
	}
	if (n)
		rc = write_gather(made, c, st, org, del, base, &act, chains, n);
done:
	for (i = 0; chains && i < tips.count; i++)
		acc_gather_chain_clear(&chains[i]);
	free(chains);
	acc_action_reset(&act);
	acc_state_free(st);
	acc_strlist_free(&names);
	acc_strlist_free(&tips);
	return rc;
}
