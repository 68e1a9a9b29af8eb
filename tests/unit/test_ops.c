/*
 * Tests of ops, in-process, on a real repository made from the bundled
 * proposal with demo keys: each action is exactly one commit, refusals
 * commit nothing and say why, a stale compare-and-swap is retried from a
 * fresh read, and closing applies the amendment and records a tally that
 * equals a recount.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "accord/ops.h"
#include "accord/sign.h"
#include "accord/verify.h"
/* white-box: these tests look inside the session (its index, its key) */
#include "../../src/ops/internal.h"
#include "helpers/testutil.h"

#define CHAIR	"helena.marchetti@dgc-secretariat.example"
#define NORLAND "ingrid.halvorsen@mfa.norland.example"
#define ASTORIA "daniel.whitcombe@state.astoria.example"
#define OBSERV	"elodie.fournier@iht.example"

static char *dir, conv[4200];
static acc_ctx *ctx;

/* Creates a convention from the bundled proposal, with demo keys. */
static int setup(void **state)
{
	(void)state;
	if (tu_demo_convention(&ctx, &dir, conv, sizeof(conv)) < 0)
		return -1;
	return 0;
}

/* Removes the convention. */
static int teardown(void **state)
{
	(void)state;
	acc_ctx_free(ctx);
	tu_rmrf(dir);
	free(dir);
	return 0;
}

/* Acts as email with its demo key. */
static void as(const char *email)
{
	assert_int_equal(tu_act_as(ctx, conv, email), 0);
}

/* The number of commits on the branch. */
static size_t commits(void)
{
	acc_oid_hex head;
	size_t n = 0;

	assert_int_equal(acc_store_head(acc_ctx_store(ctx), head), 0);
	assert_int_equal(acc_store_count(acc_ctx_store(ctx), &n, head, NULL), 0);
	return n;
}

/* Proposes op on clause with text (NULL for a deletion), as the actor. */
static int propose(char **id, acc_oid_hex commit, const char *clause, acc_amend_op op,
		   const char *text)
{
	acc_propose_args a;

	memset(&a, 0, sizeof(a));
	a.clause = clause;
	a.op = op;
	a.text = text;
	a.len = text ? strlen(text) : 0;
	return acc_ops_propose(id, commit, ctx, &a);
}

/* Proposes, votes, closes: one commit each; the text changes on close. */
static void test_flow(void **state)
{
	acc_oid_hex commit;
	acc_state *st = NULL;
	acc_tally t;
	char *id = NULL;
	const char *text = "Each State Party shall protect civilians.\n";
	size_t before = commits();

	(void)state;
	as(NORLAND);
	assert_int_equal(propose(&id, commit, "purpose", ACC_OP_REPLACE, text), 0);
	assert_string_equal(id, "norland-1");
	assert_int_equal(commits(), before + 1);
	as(CHAIR);
	assert_int_equal(acc_ops_open(commit, ctx, id, "simple", "0"), 0);
	as(NORLAND);
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_YES), 0);
	as(ASTORIA);
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_NO), 0);
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_YES), 0); /* changed */
	assert_int_equal(commits(), before + 5);
	as(CHAIR);
	assert_int_equal(acc_ops_close(commit, &t, NULL, ctx, id), 0);
	assert_int_equal(t.yes, 2);
	assert_int_equal(t.no, 0);
	assert_int_equal(t.result, ACC_RESULT_ADOPTED);
	assert_int_equal(acc_ops_state(&st, commit, ctx, NULL), 0);
	assert_string_equal(acc_state_clause(st, "purpose")->text, text);
	assert_int_equal(acc_state_amendment(st, id)->status, ACC_ST_ADOPTED);
	/* the recorded tally is the recount from the closing tree */
	{
		const acc_ballot *b = &acc_state_amendment(st, id)->ballot;
		acc_tally re;

		assert_int_equal(acc_ops_tally(&re, st, b), 0);
		assert_int_equal(re.yes, b->yes);
		assert_int_equal(re.no, b->no);
		assert_int_equal(re.absent, b->absent);
		assert_int_equal(re.result, b->result);
	}
	acc_state_free(st);
	free(id);
}

/* Checks the index against the tree after an action: the running count of
 * id from the index equals the count of the whole state, and the index is
 * at the tip (brought there by the action's own refresh). */
static void index_agrees(const char *id)
{
	acc_index *ix = ctx->index;
	acc_oid_hex head, ixhead;
	acc_state *st = NULL;
	const acc_ballot *b;
	acc_tally want, got;

	assert_non_null(ix);
	assert_int_equal(acc_store_head(acc_ctx_store(ctx), head), 0);
	assert_int_equal(acc_index_head(ix, ixhead), 0);
	assert_string_equal(ixhead, head);
	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_ops_ballot(&b, st, id), 0);
	assert_int_equal(acc_ops_tally(&want, st, b), 0);
	assert_int_equal(acc_index_tally(ix, id, &got), 0);
	assert_int_equal(got.yes, want.yes);
	assert_int_equal(got.no, want.no);
	assert_int_equal(got.abstain, want.abstain);
	assert_int_equal(got.absent, want.absent);
	assert_int_equal(got.members, want.members);
	assert_int_equal(got.w_yes, want.w_yes);
	assert_int_equal(got.w_absent, want.w_absent);
	assert_int_equal(got.quorum_met, want.quorum_met);
	assert_int_equal(got.result, want.result);
	assert_string_equal(got.reason, want.reason);
	acc_state_free(st);
}

/* Votes update the index in place (only the ballot voted on is reread),
 * and its running count stays the tree's through every vote and change. */
static void test_index_follows_votes(void **state)
{
	static const char *const voters[] = {NORLAND, ASTORIA, "sigrid.aune@bluefjord.example",
					     "kenji.morita@halcyon-systems.example",
					     "aleksander.novak@foreign.kestria.example"};
	static const acc_vote seq[] = {ACC_VOTE_YES, ACC_VOTE_NO,  ACC_VOTE_ABSTAIN, ACC_VOTE_NO,
				       ACC_VOTE_YES, ACC_VOTE_YES, ACC_VOTE_NO};
	acc_oid_hex commit;
	acc_index *ix;
	acc_tally t;
	char *id = NULL;
	const char *text = "Each State Party shall refrain from attacks on hospitals.\n";
	size_t i;

	(void)state;
	assert_int_equal(acc_ops_index(&ix, ctx), 0);
	as(ASTORIA);
	assert_int_equal(propose(&id, commit, "purpose", ACC_OP_REPLACE, text), 0);
	as(CHAIR);
	assert_int_equal(acc_ops_open(commit, ctx, id, "two-thirds", "1/2"), 0);
	index_agrees(id);
	for (i = 0; i < 12; i++) {
		as(voters[(i * 3) % 5]);
		if (acc_ops_vote(commit, ctx, id, seq[i % 7]) < 0) {
			/* the same vote again is refused and changes nothing */
			assert_int_equal(acc_error_code(), ACC_EREFUSED);
			acc_error_clear();
		}
		index_agrees(id);
	}
	/* an observer's row is not in the count, and the ratification is not
	 * in the index at all */
	assert_int_equal(acc_index_tally(ix, "ratification", &t), ACC_ENOTFOUND);
	acc_error_clear();
	/* a rebuilt index counts the same */
	acc_index_free(ctx->index);
	ctx->index = NULL;
	assert_int_equal(acc_ops_index(&ix, ctx), 0);
	index_agrees(id);
	acc_index_free(ctx->index);
	ctx->index = NULL;
	free(id);
}

/* Refusals are ACC_EREFUSED with a reason, and commit nothing. */
static void test_refusals(void **state)
{
	acc_oid_hex commit;
	size_t before = commits();

	(void)state;
	as(OBSERV);
	assert_int_equal(acc_ops_vote(commit, ctx, "norland-1", ACC_VOTE_YES), ACC_EREFUSED);
	as(NORLAND);
	assert_int_equal(acc_ops_open(commit, ctx, "ratification", NULL, NULL), ACC_EREFUSED);
	assert_non_null(strstr(acc_error_last(), "only the chair"));
	assert_int_equal(acc_ops_vote(commit, ctx, "norland-1", ACC_VOTE_YES), ACC_EREFUSED);
	assert_non_null(strstr(acc_error_last(), "closed"));
	assert_int_equal(acc_ops_vote(commit, ctx, "nobody-1", ACC_VOTE_YES), ACC_ENOTFOUND);
	assert_int_equal(acc_ctx_set_actor(ctx, "stranger@example.org"), 0);
	assert_int_equal(acc_ops_sign(commit, ctx), ACC_EREFUSED);
	assert_non_null(strstr(acc_error_last(), "not a delegate"));
	/* a key that is not the delegate's */
	as(NORLAND);
	{
		char *key = acc_sprintf("%s/accord/keys/%s", conv, ASTORIA);

		assert_int_equal(acc_ctx_set_key(ctx, key), 0);
		free(key);
	}
	{
		char *id = NULL;

		assert_int_equal(propose(&id, commit, "scope", ACC_OP_DELETE, NULL), ACC_EREFUSED);
		assert_non_null(strstr(acc_error_last(), "registered"));
		assert_null(id);
	}
	assert_int_equal(commits(), before);
}

/* The registry actions: one commit each, chair only, one key for one
 * delegate; refusals commit nothing (test_verify then replays them). */
static void test_registry(void **state)
{
	acc_oid_hex commit;
	char *path = acc_sprintf("%s/lumen-key", dir), *pub = NULL;
	const char *people[] = {"Ana Lumen <ana@lumen.example>"};
	const char *keys[1];
	acc_admit_args a;
	size_t before;

	(void)state;
	assert_non_null(path);
	assert_int_equal(acc_sign_keygen(path, "lumen"), 0);
	assert_int_equal(acc_sign_pubkey(&pub, path), 0);
	keys[0] = pub;
	memset(&a, 0, sizeof(a));
	a.id = "lumen";
	a.name = "Republic of Lumen";
	a.role = "member";
	a.delegates = people;
	a.keys = keys;
	a.ndelegates = 1;
	as(NORLAND);
	before = commits();
	assert_int_equal(acc_ops_registry_admit(commit, ctx, &a), ACC_EREFUSED);
	assert_non_null(strstr(acc_error_last(), "only the chair"));
	as(CHAIR);
	assert_int_equal(acc_ops_registry_admit(commit, ctx, &a), 0);
	assert_int_equal(commits(), before + 1);
	assert_int_equal(acc_ops_registry_admit(commit, ctx, &a), ACC_EREFUSED);
	assert_int_equal(acc_ops_registry_add_delegate(commit, ctx, "lumen",
						       "Bo Lumen <bo@lumen.example>", NULL),
			 0);
	assert_int_equal(acc_ops_registry_revoke_key(commit, ctx, "lumen", "bo@lumen.example"),
			 ACC_EREFUSED);
	assert_int_equal(acc_ops_registry_add_key(commit, ctx, "lumen", "bo@lumen.example", pub),
			 ACC_EREFUSED);
	assert_non_null(strstr(acc_error_last(), "one key, one delegate"));
	assert_int_equal(acc_ops_registry_revoke_key(commit, ctx, "lumen", "ana@lumen.example"), 0);
	assert_int_equal(acc_ops_registry_add_key(commit, ctx, "lumen", "bo@lumen.example", pub),
			 0);
	assert_int_equal(
	    acc_ops_registry_remove_delegate(commit, ctx, "lumen", "ana@lumen.example"), 0);
	assert_int_equal(commits(), before + 5);
	free(path);
	free(pub);
}

/* A writer that read an old tip loses the compare-and-swap; the action
 * machinery re-reads and commits on the new tip instead. */
static void test_stale_tip(void **state)
{
	acc_oid_hex head, commit, other;
	acc_change ch = {"agenda/purpose", "\nnorland-1\n", 11};
	acc_person who = {"X", CHAIR, 1767229999, 0};
	char *id = NULL;

	(void)state;
	assert_int_equal(acc_store_head(acc_ctx_store(ctx), head), 0);
	/* someone moves the branch under us */
	assert_int_equal(acc_store_commit(acc_ctx_store(ctx), other, head, &ch, 1,
					  "Set the voting order on clause purpose\n", &who),
			 0);
	assert_int_equal(
	    acc_store_commit(acc_ctx_store(ctx), commit, head, &ch, 1, "again\n", &who),
	    ACC_EMODIFIED);
	as(NORLAND);
	assert_int_equal(propose(&id, commit, "scope", ACC_OP_DELETE, NULL), 0);
	assert_true(acc_store_is_ancestor(acc_ctx_store(ctx), other, commit));
	free(id);
}

/* The history made here verifies, except the commit made around ops. */
static void test_verify(void **state)
{
	acc_verify_report r;

	(void)state;
	assert_int_equal(acc_verify(&r, ctx, NULL), 0);
	assert_true(r.commits > 5);
	/* test_stale_tip's raw commit (unsigned, no trailers) is the only
	 * one with problems */
	{
		size_t i, unsigned_seen = 0;
		int ok = r.count > 0;

		for (i = 0; i < r.count; i++) {
			ok &= strcmp(r.problems[i].commit, r.problems[0].commit) == 0;
			unsigned_seen += strstr(r.problems[i].message, "unsigned") != NULL;
		}
		acc_verify_report_free(&r);
		assert_true(ok);
		assert_int_equal(unsigned_seen, 1);
	}
}

/* A registry change after a ballot opens changes nothing for it: the
 * tally and the index's running count (moved by a vote delta, and
 * rebuilt) weigh votes by the electorate recorded at opening. */
static void test_terms_fixed_at_opening(void **state)
{
	acc_oid_hex head, commit;
	acc_source *src = NULL;
	acc_state *st = NULL;
	const acc_ballot *b;
	acc_index *ix;
	acc_tally t;
	acc_person who = {"X", CHAIR, 1767239999, 0};
	char *id = NULL, *data = NULL, *w;
	size_t len = 0;

	(void)state;
	assert_int_equal(acc_ops_index(&ix, ctx), 0);
	as(NORLAND);
	assert_int_equal(propose(&id, commit, "neutrality", ACC_OP_DELETE, NULL), 0);
	as(CHAIR);
	assert_int_equal(acc_ops_open(commit, ctx, id, NULL, NULL), 0);
	/* Norland weighs 7 in the registry from now on (a raw commit) */
	assert_int_equal(acc_store_head(acc_ctx_store(ctx), head), 0);
	assert_int_equal(acc_store_source(&src, acc_ctx_store(ctx), head), 0);
	assert_int_equal(src->read(src, "orgs/norland", &data, &len, NULL), 0);
	acc_source_free(src);
	assert_non_null(w = strstr(data, "Weight: 1\n"));
	w[8] = '7';
	{
		acc_change ch = {"orgs/norland", data, len};

		assert_int_equal(acc_store_commit(acc_ctx_store(ctx), commit, head, &ch, 1,
						  "Norland weighs 7\n", &who),
				 0);
	}
	as(ASTORIA);
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_YES), 0);
	index_agrees(id);
	as(NORLAND); /* only a vote changes: the index moves by a delta */
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_YES), 0);
	index_agrees(id);
	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_ops_ballot(&b, st, id), 0);
	assert_true(b->has_electorate);
	assert_int_equal(acc_ops_tally(&t, st, b), 0);
	assert_int_equal(t.w_yes, 2);
	assert_false(t.weighted);
	acc_state_free(st);
	acc_index_free(ctx->index);
	ctx->index = NULL;
	assert_int_equal(acc_ops_index(&ix, ctx), 0);
	index_agrees(id);
	acc_index_free(ctx->index);
	ctx->index = NULL;
	free(data);
	free(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flow),
	    cmocka_unit_test(test_index_follows_votes),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_registry),
	    cmocka_unit_test(test_stale_tip),
	    cmocka_unit_test(test_verify),
	    cmocka_unit_test(test_terms_fixed_at_opening),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
