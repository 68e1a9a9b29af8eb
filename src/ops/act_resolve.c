/*
 * act_resolve: the chair settles a bracket by consensus: the chosen option
 * goes into the clause text, exactly, in the same commit as the
 * bracket's resolution record.
 */
#include <stdlib.h>
#include <string.h>

#include "brackets.h"

/* What a resolution is asked. */
typedef struct {
	const char *id, *option;
} resolve_args;

/* Builds a resolution by consensus. */
static int build_resolve(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const resolve_args *ra = arg;
	const acc_bracket *b;
	unsigned k;
	int rc;

	(void)c;
	(void)del;
	if ((rc = acc_bracket_get(&b, st, ra->id)) < 0 ||
	    (rc = acc_bracket_option_parse(&k, b, ra->option)) < 0 ||
	    (rc = acc_bracket_check_pending(st, b)) < 0)
		return rc;
	if (b->ballot == ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is open: close it (accord close %s)", b->id, b->id);
	if ((rc = acc_bracket_put_resolution(act, st, b, k, "consensus")) < 0)
		return rc;
	if ((rc = acc_buf_printf(&act->msg, "Resolve %s by consensus: option %u into %s\n", b->id,
				 k, b->clause)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_resolve, org)) < 0)
		return rc;
	return acc_buf_printf(&act->msg,
			      "Accord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %u\n", b->id,
			      b->clause, k);
}

/* Runs the chair's resolution by consensus. */
int acc_ops_resolve(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *option)
{
	acc_action act = {0};
	resolve_args ra = {bracket, option};
	int rc = acc_action_run(commit, &act, c, &acc_action_resolve, &ra);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a resolution from its Accord-Bracket and Accord-Option trailers:
 * the clause must hold exactly that option in place of the span. */
static int replay_resolve(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	resolve_args ra = {NULL, NULL};
	char *id = NULL, *opt = NULL;
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "resolution", "Bracket")) == 0 &&
	    (rc = acc_replay_trailer(&opt, in, "resolution", "Option")) == 0) {
		ra.id = id;
		ra.option = opt;
		rc = build_resolve(act, c, in->before, in->org, in->del, &ra);
	}
	free(id);
	free(opt);
	return rc;
}

static const char *const resolve_writes[] = {"brackets/*/*/resolution", "clauses/*", NULL};
static const char *const resolve_trailers[] = {"Bracket", "Clause", "Option", NULL};

const acc_action_def acc_action_resolve = {
    .spec = {.name = "resolve",
	     .summary = "settle a bracket by consensus: its chosen option goes into the text",
	     .who = ACC_WHO_CHAIR,
	     .verb = "resolves brackets",
	     .writes = resolve_writes,
	     .trailers = resolve_trailers},
    .build = build_resolve,
    .replay = replay_resolve,
    .mismatch = "a text other than the chosen option in place of the bracketed words",
};
