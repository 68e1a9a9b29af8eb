/* act_vote: an organisation votes. */
#include "accord/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/merge3.h"
#include "accord/record.h"
#include "accord/sign.h"
#include "internal.h"

typedef struct {
	const char *id;
	acc_vote vote;
} vote_args;

/* Checks that org may vote on b: an elector of the electorate recorded
 * when b opened (even if the registry has changed since), or for a ballot
 * without one, a member of today's registry. */
static int may_vote(const acc_state *st, const acc_ballot *b, const acc_org *org)
{
	static const acc_action_spec member = {
	    .name = "vote", .who = ACC_WHO_MEMBER, .verb = "vote"};

	if (!b->has_electorate || (org->role != ACC_ROLE_MEMBER && !acc_ballot_elector(b, org->id)))
		if (acc_action_permit(&member, st, org) < 0)
			return ACC_EREFUSED;
	if (b->has_electorate && !acc_ballot_elector(b, org->id))
		return REFUSE("%s is not in the electorate of this ballot (fixed when it opened)",
			      org->id);
	return 0;
}

/* Builds a vote. */
static int build_vote(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	const vote_args *v = arg;
	const acc_ballot *b = NULL;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL;
	size_t i;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, v->id)) < 0 || (rc = may_vote(st, b, org)) < 0)
		return rc;
	if (b->state == ACC_BALLOT_NONE)
		return REFUSE("the ballot on %s has not been opened", v->id);
	if (b->state != ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is closed", v->id);
	if (strcmp(v->id, "ratification") != 0 &&
	    acc_state_amendment(st, v->id)->status == ACC_ST_WITHDRAWN)
		return REFUSE("%s has been withdrawn: its ballot is closed", v->id);
	/* a vote the chair recorded is no vote of its own: voting the same
	 * (or absent) outranks the record */
	for (i = 0; i < b->nvotes && strcmp(b->votes[i].org, org->id) != 0; i++)
		;
	if (i < b->nvotes && b->votes[i].vote == v->vote && !b->votes[i].recorded)
		return REFUSE("%s has already voted %s on %s", org->id, acc_vote_name(v->vote),
			      v->id);
	if (i == b->nvotes && v->vote == ACC_VOTE_NONE)
		return REFUSE("%s has no vote on %s to set back to absent", org->id, v->id);
	if (!(dir = acc_ballot_dir(st, v->id)) ||
	    !(path = acc_sprintf("%s/votes/%s", dir, org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 ||
	    (rc = acc_record_add(r, "Vote", acc_vote_name(v->vote))) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Vote %s on %s (%s)\n", acc_vote_name(v->vote), v->id,
				 org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_vote, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Ballot: %s\nAccord-Vote: %s\n", v->id,
				 acc_vote_name(v->vote))) < 0)
		goto done;
	rc = acc_action_ballot_trailers(&act->msg, st, v->id);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	(void)c;
	return rc;
}

int acc_ops_vote(acc_oid_hex commit, acc_ctx *c, const char *id, acc_vote vote)
{
	vote_args v = {id, vote};
	acc_action act = {0};
	int rc = acc_action_run_part(commit, &act, c, id, &acc_action_vote, &v);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a vote from its Accord-Ballot and Accord-Vote trailers
 * ("absent": set back to not voting). */
static int replay_vote(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	vote_args v = {NULL, ACC_VOTE_NONE};
	char *ballot = acc_trailer(in->message, "Ballot"), *vote = acc_trailer(in->message, "Vote");
	int rc;

	if (!ballot || !vote ||
	    (strcmp(vote, "absent") != 0 && acc_vote_parse(&v.vote, vote) < 0)) {
		rc = acc_error_set(ACC_EINVAL, "a vote without Accord-Ballot and Accord-Vote");
	} else {
		v.id = ballot;
		rc = build_vote(act, c, in->before, in->org, in->del, &v);
	}
	free(ballot);
	free(vote);
	return rc;
}

static const char *const vote_writes[] = {"amendments/*/*/votes/{org}", "ratification/votes/{org}",
					  NULL};
static const char *const vote_trailers[] = {"Ballot", "Vote", "Amendment", "Clause", NULL};

const acc_action_def acc_action_vote = {
    .spec = {.name = "vote",
	     .summary = "vote yes, no or abstain for your organisation on an open ballot",
	     .who = ACC_WHO_DELEGATE, /* an elector of the ballot: see may_vote */
	     .verb = "vote",
	     .writes = vote_writes,
	     .trailers = vote_trailers},
    .build = build_vote,
    .replay = replay_vote,
};

int acc_ops_may_vote(acc_ctx *c, const acc_state *st, const char *id)
{
	static const acc_vote choices[] = {ACC_VOTE_YES, ACC_VOTE_NO, ACC_VOTE_ABSTAIN};
	size_t i;
	int rc = 0;

	/* refused for every choice, or allowed for one: "already voted yes"
	 * is no reason not to vote */
	for (i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		vote_args v = {id, choices[i]};

		if ((rc = acc_action_try(c, st, &acc_action_vote, &v)) != ACC_EREFUSED)
			break;
	}
	return rc;
}
