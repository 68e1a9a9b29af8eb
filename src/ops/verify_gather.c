/*
 * verify_gather: the rules of a gather (a merge of pending votes; see
 * gather.h), shared by verify (which replays a gather through the action
 * table like any action: src/ops/act_gather.c) and by sync, which checks
 * each pending chain with them before gathering it.
 *
 * A commit with more than one parent is allowed only as a gather: each
 * non-first parent is a chain of single-parent commits, all `vote`
 * actions by one organisation, ending at a commit on the branch's
 * first-parent history (an ancestor of the first parent); each signed by
 * a delegate of its organisation (the registry as of the gather's first
 * parent), changing exactly its vote file, with the message its vote
 * writes, still allowed on the first parent's state (so never after its
 * ballot closed); one parent per organisation, in order; the votes
 * replayed on the first parent's state in parent order give exactly the
 * gather's tree (compared by verify like any action's files) and its
 * message is the one rebuilt here.  A vote already in the first parent's
 * history ends a chain, so none is gathered twice.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "gather.h"
#include "verify_commit.h"

#define CHAIN_MAX    4096   /* votes one organisation may have pending */
#define MAINLINE_MAX 100000 /* first-parent commits searched for a chain's base */

void acc_gather_chain_clear(acc_gather_chain_info *g)
{
	free(g->org);
	free(g->why);
	memset(g, 0, sizeof(*g));
}

/* Sets g->why (the first broken rule) unless already set; 0 or ACC_ENOMEM. */
static int broken(acc_gather_chain_info *g, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);

static int broken(acc_gather_chain_info *g, const char *fmt, ...)
{
	acc_buf b = ACC_BUF_INIT;
	va_list ap;
	int rc;

	if (g->why)
		return 0;
	va_start(ap, fmt);
	rc = acc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		acc_buf_free(&b);
		return rc;
	}
	g->why = acc_buf_detach(&b);
	return g->why ? 0 : ACC_ENOMEM;
}

/* 1 when id is on the first-parent history of base (searched back while
 * the dates, which never go backwards there, are not before at). */
static int on_mainline(acc_ctx *c, const char *base, const char *id, long long at)
{
	acc_oid_hex cur;
	size_t steps;
	int found = 0;

	snprintf(cur, sizeof(cur), "%s", base);
	for (steps = 0; steps < MAINLINE_MAX && cur[0] && !found; steps++) {
		acc_commit_info ci;

		if (strcmp(cur, id) == 0) {
			found = 1;
			break;
		}
		if (acc_store_commit_info(&ci, c->store, cur) < 0) {
			acc_error_clear();
			break;
		}
		snprintf(cur, sizeof(cur), "%s", ci.parent);
		if (ci.time < at)
			cur[0] = '\0';
		acc_commit_info_clear(&ci);
	}
	return found;
}

/* Adds ch to act, replacing an earlier change of the same path. */
static int put_change(acc_action *act, const acc_change *ch)
{
	size_t i;

	for (i = 0; i < act->n; i++)
		if (strcmp(act->changes[i].path, ch->path) == 0) {
			char *d = ch->data ? acc_strndup(ch->data, ch->len) : NULL;

			if (ch->data && !d)
				return ACC_ENOMEM;
			free(act->owned[2 * i + 1]);
			act->owned[2 * i + 1] = d;
			act->changes[i].data = d;
			act->changes[i].len = ch->data ? ch->len : 0;
			return 0;
		}
	return acc_action_put(act, ch->path, ch->data, ch->len);
}

/* Who signed vote commit ci, under the registry of st; *why when nobody
 * registered can be held to it. */
static int vote_signer(const acc_org **org, const acc_delegate **del, acc_gather_chain_info *g,
		       acc_ctx *c, const acc_state *st, const acc_commit_info *ci)
{
	char *sig = NULL, *data = NULL, *pub = NULL;
	size_t len = 0;
	int rc = acc_store_commit_signature(&sig, &data, &len, c->store, ci->id);

	*org = NULL;
	*del = NULL;
	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		if (st->conv.signatures_required)
			return broken(g,
				      "the vote %.12s is unsigned (this convention requires "
				      "signatures)",
				      ci->id);
		if (acc_state_delegate(org, del, st, ci->author_email) < 0) {
			acc_error_clear();
			return broken(g, "the vote %.12s is by %s, who is not a delegate", ci->id,
				      ci->author_email);
		}
		return 0;
	}
	if (rc < 0)
		return rc;
	rc = acc_sign_check(&pub, sig, data, len);
	free(sig);
	free(data);
	if (rc < 0) {
		rc = broken(g, "the vote %.12s has a bad signature: %s", ci->id, acc_error_last());
		acc_error_clear();
	} else if (acc_state_key_owner(org, del, st, pub) < 0 || !*org) {
		acc_error_clear();
		*org = NULL;
		rc = broken(g,
			    "the vote %.12s is signed by a key not registered (as of the "
			    "gather's first parent)",
			    ci->id);
	} else if (strcmp((*del)->email, ci->author_email) != 0) {
		rc = broken(g, "the vote %.12s: its author claims to be %s but %s signed it",
			    ci->id, ci->author_email, (*del)->email);
		*org = NULL;
	}
	free(pub);
	return rc;
}

/* Checks vote commit ci as org's next vote of g and replays it on st
 * into act (see acc_gather_chain). */
static int one_vote(acc_gather_chain_info *g, acc_action *act, acc_ctx *c, const acc_state *st,
		    const acc_commit_info *ci, long long not_after)
{
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	const acc_action_def *def = NULL;
	char *action = acc_trailer(ci->message, "Action"), *claimed = NULL, *why = NULL;
	char *data = NULL;
	acc_strlist paths = ACC_STRLIST_INIT;
	acc_source *src = NULL;
	acc_action one;
	size_t len = 0;
	int rc = 0;

	memset(&one, 0, sizeof(one));
	if (!action || strcmp(action, "vote") != 0) {
		rc = broken(g, "%.12s is a %s, not a vote: a gather gathers only votes", ci->id,
			    action ? action : "commit without Accord-Action");
		goto done;
	}
	if ((rc = vote_signer(&org, &del, g, c, st, ci)) < 0 || !org)
		goto done;
	if (g->org && strcmp(g->org, org->id) != 0) {
		rc = broken(g, "%.12s is a vote of %s, not of %s: one organisation per parent",
			    ci->id, org->id, g->org);
		goto done;
	}
	if (!g->org && g->expect && strcmp(g->expect, org->id) != 0) {
		rc = broken(g, "the vote %.12s is of %s, pushed as %s's", ci->id, org->id,
			    g->expect);
		goto done;
	}
	if (!g->org && !(g->org = acc_strdup(org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	claimed = acc_trailer(ci->message, "Org");
	if (claimed && strcmp(claimed, org->id) != 0) {
		rc = broken(g, "the vote %.12s claims to act for %s but %s signed it", ci->id,
			    claimed, org->id);
		goto done;
	}
	if ((rc = acc_verify_commit_header(&why, c, ci->id, del, not_after)) < 0)
		goto done;
	if (why) {
		rc = broken(g, "the vote %.12s: %s", ci->id, why);
		goto done;
	}
	{
		long long saved = c->now;
		acc_replay_in in = {st, st, org, del, ci->message, NULL};

		c->now = ci->time;
		rc = acc_ops_replay(&one, &def, c, &in);
		c->now = saved;
	}
	if (rc == ACC_ENOMEM)
		goto done;
	if (rc < 0) {
		rc = broken(g,
			    "the vote %.12s of %s is not allowed on the gather's first parent: %s",
			    ci->id, org->id, acc_error_last());
		acc_error_clear();
		goto done;
	}
	if ((rc = acc_store_changed_paths(&paths, c->store, ci->parent, ci->id)) < 0)
		goto done;
	if (one.n != 1 || paths.count != 1 || strcmp(paths.items[0], one.changes[0].path) != 0) {
		rc = broken(g, "the vote %.12s changes %s%s, not exactly its vote file %s", ci->id,
			    paths.count ? paths.items[0] : "nothing",
			    paths.count > 1 ? " and more" : "", one.n ? one.changes[0].path : "");
		goto done;
	}
	if ((rc = acc_store_source(&src, c->store, ci->id)) < 0)
		goto done;
	if (src->read(src, one.changes[0].path, &data, &len, NULL) < 0 || !one.changes[0].data ||
	    len != one.changes[0].len || memcmp(data, one.changes[0].data, len) != 0) {
		acc_error_clear();
		rc = broken(g, "the vote %.12s: %s is not what its vote writes", ci->id,
			    one.changes[0].path);
		goto done;
	}
	if (strcmp(ci->message, one.msg.ptr ? one.msg.ptr : "") != 0) {
		rc = broken(g, "the vote %.12s: its message is not what its vote writes", ci->id);
		goto done;
	}
	rc = put_change(act, &one.changes[0]);
done:
	acc_source_free(src);
	acc_strlist_free(&paths);
	acc_action_reset(&one);
	free(data);
	free(why);
	free(action);
	free(claimed);
	return rc;
}

/* Reads the chain from tip back to base's history into *chain (newest
 * first); *end the commit it ends at. */
static int read_chain(acc_strlist *chain, acc_oid_hex end, acc_gather_chain_info *g, acc_ctx *c,
		      const char *base, const char *tip)
{
	acc_oid_hex cur;
	int rc = 0;

	snprintf(cur, sizeof(cur), "%s", tip);
	while (!g->why && acc_store_is_ancestor(c->store, cur, base) != 1) {
		acc_commit_info ci;

		acc_error_clear();
		if (chain->count >= CHAIN_MAX)
			return broken(g, "more than %d pending votes", CHAIN_MAX);
		if ((rc = acc_store_commit_info(&ci, c->store, cur)) < 0)
			return rc;
		if (ci.nparents != 1)
			rc = broken(g, "%.12s has %u parents: a pending vote has one", cur,
				    ci.nparents);
		else if ((rc = acc_strlist_add(chain, cur)) == 0)
			snprintf(cur, sizeof(cur), "%s", ci.parent);
		acc_commit_info_clear(&ci);
		if (rc < 0)
			return rc;
	}
	acc_error_clear();
	snprintf(end, sizeof(acc_oid_hex), "%s", cur);
	return 0;
}

int acc_gather_chain(acc_gather_chain_info *g, acc_action *act, acc_ctx *c, const acc_state *st,
		     const char *base, const char *tip, const char *expect_org, long long not_after)
{
	acc_strlist chain = ACC_STRLIST_INIT;
	acc_action scratch;
	acc_oid_hex end;
	long long end_time = 0, end_c = 0;
	size_t i;
	int rc;

	memset(&scratch, 0, sizeof(scratch));
	memset(g, 0, sizeof(*g));
	snprintf(g->tip, sizeof(g->tip), "%s", tip);
	g->expect = expect_org;
	if ((rc = read_chain(&chain, end, g, c, base, tip)) < 0 || g->why)
		goto done;
	if (!chain.count) {
		rc = broken(g, "%.12s is already in the history: a vote gathered twice", tip);
		goto done;
	}
	if ((rc = acc_store_commit_times(&end_time, &end_c, c->store, end)) < 0)
		goto done;
	if (!on_mainline(c, base, end, end_c < end_time ? end_c : end_time)) {
		rc = broken(g,
			    "its votes were not made on the branch (%.12s, where they start, is "
			    "not on its first-parent history)",
			    end);
		goto done;
	}
	/* each change is checked against what is already there, in order */
	for (i = 0; i < act->n; i++)
		if ((rc = acc_action_put(&scratch, act->changes[i].path, act->changes[i].data,
					 act->changes[i].len)) < 0)
			goto done;
	for (i = chain.count; i-- > 0 && !g->why;) {
		acc_commit_info ci;

		if ((rc = acc_store_commit_info(&ci, c->store, chain.items[i])) < 0)
			goto done;
		rc = one_vote(g, &scratch, c, st, &ci, not_after);
		acc_commit_info_clear(&ci);
		if (rc < 0)
			goto done;
		g->nvotes++;
	}
	if (!g->why) { /* the chain is good: its changes are the gather's */
		acc_action_reset(act);
		*act = scratch;
		memset(&scratch, 0, sizeof(scratch));
	}
done:
	acc_action_reset(&scratch);
	acc_strlist_free(&chain);
	return rc;
}

int acc_gather_message(acc_buf *msg, const acc_org *org, const acc_gather_chain_info *chains,
		       size_t n)
{
	size_t i, votes = 0;
	int rc;

	for (i = 0; i < n; i++)
		votes += chains[i].nvotes;
	if ((rc = acc_buf_printf(msg, "Gather %zu vote%s\n", votes, votes == 1 ? "" : "s")) < 0 ||
	    (rc = acc_action_trailers(msg, &acc_action_gather, org)) < 0 ||
	    (rc = acc_buf_printf(msg, "Accord-Votes: %zu\n", votes)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_buf_printf(msg, "Accord-Gathered: %s %s\n", chains[i].org, chains[i].tip);
	return rc;
}

int acc_gather_rebuild(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const char *commit)
{
	acc_strlist parents = ACC_STRLIST_INIT;
	acc_gather_chain_info *chains = NULL;
	long long at, ct;
	size_t i, n = 0;
	int rc;

	if ((rc = acc_store_commit_parents(&parents, c->store, commit)) < 0 ||
	    (rc = acc_store_commit_times(&at, &ct, c->store, commit)) < 0)
		goto done;
	if (parents.count < 2) {
		rc = REFUSE("a gather merges pending votes: it has %zu parent%s", parents.count,
			    parents.count == 1 ? "" : "s");
		goto done;
	}
	if (!(chains = acc_calloc(parents.count, sizeof(*chains)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 1; i < parents.count && rc == 0; i++, n++) {
		acc_gather_chain_info *g = &chains[n];

		if ((rc = acc_gather_chain(g, act, c, st, parents.items[0], parents.items[i], NULL,
					   at)) < 0)
			break;
		if (g->why)
			rc = REFUSE("its parent %zu (%.12s): %s", i + 1, parents.items[i], g->why);
		else if (n && strcmp(chains[n - 1].org, g->org) >= 0)
			rc = REFUSE("its parent %zu (%.12s) holds votes of %s after %s: one parent "
				    "per organisation, in order",
				    i + 1, parents.items[i], g->org, chains[n - 1].org);
	}
	if (rc == 0)
		rc = acc_gather_message(&act->msg, org, chains, n);
done:
	for (i = 0; chains && i < parents.count; i++)
		acc_gather_chain_clear(&chains[i]);
	free(chains);
	acc_strlist_free(&parents);
	return rc;
}
