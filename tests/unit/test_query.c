/*
 * Tests of the query layer, in-process, on a convention made from the
 * bundled proposal with demo keys: who acts and with which key (option,
 * environment, demo key, git), a refusal foreseen by acc_query_may is the
 * action's own refusal word for word, a ballot counts the same open and
 * closed, and an unknown clause is an error.
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

#include "accord/inbox.h"
#include "accord/json.h"
#include "accord/query.h"
#include "helpers/testutil.h"

#define CHAIR	"helena.marchetti@dgc-secretariat.example"
#define NORLAND "ingrid.halvorsen@mfa.norland.example"
#define ASTORIA "daniel.whitcombe@state.astoria.example"
#define OBSERV	"elodie.fournier@iht.example"
#define CLAUSE	"purpose"

static char *dir, conv[4200];
static acc_ctx *ctx;

/* Creates a convention from the bundled proposal, with demo keys. */
static int setup(void **state)
{
	(void)state;
	if (tu_demo_convention(&ctx, &dir, conv, sizeof(conv)) < 0)
		return -1;
	unsetenv("ACCORD_AS");
	unsetenv("ACCORD_KEY");
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

/* --as, then ACCORD_AS, then git's user.email; an empty --as is not given. */
static void test_actor(void **state)
{
	char *e = NULL;

	(void)state;
	assert_int_equal(acc_query_actor(&e, acc_ctx_store(ctx), NULL), 0);
	assert_null(e);
	assert_int_equal(tu_write_str(dir, ".gitconfig", "[user]\n\temail = git@example.org\n"), 0);
	assert_int_equal(acc_query_actor(&e, acc_ctx_store(ctx), ""), 0);
	assert_string_equal(e, "git@example.org");
	free(e);
	setenv("ACCORD_AS", "env@example.org", 1);
	assert_int_equal(acc_query_actor(&e, acc_ctx_store(ctx), NULL), 0);
	assert_string_equal(e, "env@example.org");
	free(e);
	assert_int_equal(acc_query_actor(&e, acc_ctx_store(ctx), "opt@example.org"), 0);
	assert_string_equal(e, "opt@example.org");
	free(e);
	unsetenv("ACCORD_AS");
	tu_remove(dir, ".gitconfig");
}

/* --key, then ACCORD_KEY, then the demo key, then git's user.signingkey. */
static void test_key(void **state)
{
	char *k = NULL, *demo = acc_sprintf("%s/accord/keys/%s", conv, NORLAND);
	char *home = acc_sprintf("%s/k", dir);

	(void)state;
	assert_int_equal(acc_query_key(&k, acc_ctx_store(ctx), NORLAND, NULL), 0);
	assert_string_equal(k, demo);
	free(k);
	assert_int_equal(acc_query_key(&k, acc_ctx_store(ctx), "x@example.org", NULL), 0);
	assert_null(k);
	assert_int_equal(tu_write_str(dir, ".gitconfig", "[user]\n\tsigningkey = ~/k\n"), 0);
	assert_int_equal(acc_query_key(&k, acc_ctx_store(ctx), "x@example.org", NULL), 0);
	assert_string_equal(k, home);
	free(k);
	setenv("ACCORD_KEY", "/env/key", 1);
	assert_int_equal(acc_query_key(&k, acc_ctx_store(ctx), NORLAND, NULL), 0);
	assert_string_equal(k, "/env/key");
	free(k);
	assert_int_equal(acc_query_key(&k, acc_ctx_store(ctx), NORLAND, "/opt/key"), 0);
	assert_string_equal(k, "/opt/key");
	free(k);
	unsetenv("ACCORD_KEY");
	tu_remove(dir, ".gitconfig");
	free(demo);
	free(home);
}

/* acc_query_may(action, id) as email refuses exactly as rc/msg of the action. */
static void agrees(const char *email, acc_may_action action, const char *id, int rc,
		   const char *msg)
{
	acc_state *st = NULL;
	acc_oid_hex head;
	int may;

	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_ctx_set_actor(ctx, email), 0);
	may = acc_query_may(ctx, st, action, id);
	assert_int_equal(may, rc);
	if (rc < 0)
		assert_string_equal(acc_error_last(), msg);
	acc_state_free(st);
}

/* Runs the action as email; returns its code and keeps its message in buf. */
static int act(char *buf, size_t size, const char *email, acc_may_action action, const char *id)
{
	acc_oid_hex commit;
	acc_tally t;
	int rc = ACC_ERROR;

	as(email);
	acc_error_clear();
	if (action == ACC_MAY_VOTE)
		rc = acc_ops_vote(commit, ctx, id, ACC_VOTE_YES);
	else if (action == ACC_MAY_WITHDRAW)
		rc = acc_ops_withdraw(commit, ctx, id);
	else if (action == ACC_MAY_OPEN)
		rc = acc_ops_open(commit, ctx, id, NULL, NULL);
	else if (action == ACC_MAY_CLOSE)
		rc = acc_ops_close(commit, &t, NULL, ctx, id);
	else if (action == ACC_MAY_PROPOSE) {
		acc_propose_args a;
		char *nid = NULL;

		memset(&a, 0, sizeof(a));
		a.clause = CLAUSE;
		a.op = ACC_OP_REPLACE;
		a.text = "Another text.\n";
		a.len = strlen(a.text);
		rc = acc_ops_propose(&nid, commit, ctx, &a);
		free(nid);
	}
	snprintf(buf, size, "%s", acc_error_last());
	return rc;
}

/* A refusal the query layer foresees is the action's own, word for word. */
static void check(const char *email, acc_may_action action, const char *id)
{
	char msg[512];
	int rc = act(msg, sizeof(msg), email, action, id);

	assert_int_equal(rc, ACC_EREFUSED);
	agrees(email, action, id, ACC_EREFUSED, msg);
}

/* The permission checks agree with the actions, and the counts with the ballot. */
static void test_may_and_tally(void **state)
{
	acc_propose_args a;
	acc_oid_hex commit, head;
	acc_state *st = NULL;
	acc_query_tally q;
	char *id = NULL;

	(void)state;
	as(NORLAND);
	memset(&a, 0, sizeof(a));
	a.clause = CLAUSE;
	a.op = ACC_OP_REPLACE;
	a.text = "Each State Party shall protect civilians.\n";
	a.len = strlen(a.text);
	assert_int_equal(acc_ops_propose(&id, commit, ctx, &a), 0);
	check(CHAIR, ACC_MAY_PROPOSE, NULL);
	check("nobody@example.org", ACC_MAY_VOTE, id);
	check(NORLAND, ACC_MAY_OPEN, id);
	check(NORLAND, ACC_MAY_VOTE, id);
	check(CHAIR, ACC_MAY_VOTE, id);
	check(ASTORIA, ACC_MAY_WITHDRAW, id);
	check(CHAIR, ACC_MAY_CLOSE, id);
	agrees(CHAIR, ACC_MAY_OPEN, id, 0, NULL);
	agrees(NORLAND, ACC_MAY_WITHDRAW, id, 0, NULL);
	as(CHAIR);
	assert_int_equal(acc_ops_open(commit, ctx, id, "simple", "0"), 0);
	check(CHAIR, ACC_MAY_OPEN, id);
	check(OBSERV, ACC_MAY_VOTE, id);
	agrees(NORLAND, ACC_MAY_VOTE, id, 0, NULL);
	agrees(CHAIR, ACC_MAY_CLOSE, id, 0, NULL);
	as(NORLAND);
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_YES), 0);
	as(ASTORIA);
	assert_int_equal(acc_ops_vote(commit, ctx, id, ACC_VOTE_NO), 0);

	/* open: the running count, and what closing would decide */
	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_query_tally_of(&q, ctx, st, NULL, id), 0);
	assert_int_equal(q.closed, 0);
	assert_int_equal(q.tally.yes, 1);
	assert_int_equal(q.tally.no, 1);
	assert_int_equal(q.preview.result, ACC_RESULT_REJECTED);
	acc_query_tally_free(&q);
	acc_state_free(st);

	/* closed: the recount from the closing commit, the record beside it */
	as(CHAIR);
	assert_int_equal(acc_ops_close(commit, NULL, NULL, ctx, id) == 0 ? 0 : -1, 0);
	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_query_tally_of(&q, ctx, st, NULL, id), 0);
	assert_int_equal(q.closed, 1);
	assert_string_equal(q.closed_at, commit);
	assert_int_equal(q.tally.yes, q.ballot->yes);
	assert_int_equal(q.tally.no, q.ballot->no);
	assert_int_equal(q.tally.result, q.ballot->result);
	{
		json_t *j = acc_json_tally(id, &q);

		assert_non_null(json_object_get(j, "recorded"));
		assert_string_equal(json_string_value(json_object_get(j, "closed_at")), commit);
		json_decref(j);
	}
	acc_query_tally_free(&q);
	check(NORLAND, ACC_MAY_VOTE, id);
	check(NORLAND, ACC_MAY_WITHDRAW, id);
	acc_state_free(st);
	free(id);
}

/* An unknown clause is an error; a known one lists its amendments. */
static void test_clause_amendments(void **state)
{
	const acc_amendment **v = NULL;
	acc_state *st = NULL;
	acc_oid_hex head;
	size_t n = 0, np = 0;

	(void)state;
	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_query_clause_amendments(&v, &n, &np, st, "nosuch"), ACC_ENOTFOUND);
	assert_string_equal(acc_error_last(), "no clause 'nosuch'");
	assert_int_equal(acc_query_clause_amendments(&v, &n, &np, st, CLAUSE), 0);
	assert_true(np <= n);
	free(v);
	acc_state_free(st);
}

/* The inbox: nothing for an unknown organisation; an open ratification
 * ballot waits for every member that has not voted, first, and not for an
 * observer; a vote takes it out. */
static void test_inbox(void **state)
{
	acc_inbox_item *items = NULL;
	acc_state *st = NULL;
	acc_oid_hex head;
	acc_ballot saved;
	acc_vote_rec vote;
	size_t n = 0, i;

	(void)state;
	assert_int_equal(acc_ops_state(&st, head, ctx, NULL), 0);
	assert_int_equal(acc_inbox_items(&items, &n, st, "no-such-org"), 0);
	assert_int_equal(n, 0);
	assert_null(items);
	assert_int_equal(acc_inbox_items(&items, &n, st, NULL), 0);
	assert_int_equal(n, 0);
	saved = st->ratification;
	memset(&st->ratification, 0, sizeof(st->ratification));
	st->ratification.state = ACC_BALLOT_OPEN;
	assert_int_equal(acc_inbox_items(&items, &n, st, "norland"), 0);
	assert_true(n >= 1);
	assert_int_equal(items[0].kind, ACC_INBOX_VOTE);
	assert_string_equal(items[0].id, "ratification");
	assert_null(items[0].clause);
	for (i = 1; i < n; i++) /* votes, then invitations, then stale ones */
		assert_true(items[i].kind >= items[i - 1].kind);
	free(items);
	assert_int_equal(acc_inbox_items(&items, &n, st, "humanitarian-tech"), 0);
	for (i = 0; i < n; i++)
		assert_string_not_equal(items[i].id, "ratification");
	free(items);
	memset(&vote, 0, sizeof(vote));
	vote.org = (char *)"norland";
	vote.vote = ACC_VOTE_YES;
	st->ratification.votes = &vote;
	st->ratification.nvotes = 1;
	assert_int_equal(acc_inbox_items(&items, &n, st, "norland"), 0);
	for (i = 0; i < n; i++)
		assert_string_not_equal(items[i].id, "ratification");
	free(items);
	st->ratification = saved;
	acc_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_actor),	  cmocka_unit_test(test_key),
	    cmocka_unit_test(test_may_and_tally), cmocka_unit_test(test_clause_amendments),
	    cmocka_unit_test(test_inbox),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
