/*
 * may: whether the acting user may do an action on an item, and if not,
 * why not, in the words the action itself refuses with.
 *
 * INTERIM: these checks mirror the permission and procedure checks at the
 * top of build_propose, build_withdraw, build_open, build_vote and
 * build_close in src/ops/ops.c, in the same order and with the same
 * sentences.  When the action table of src/ops lands, acc_query_may
 * should call each action's own check instead, and this file go.
 */
#include "accord/query.h"

#include <string.h>

/* Whether st records an adopted ratification (as ops' acc_ratified). */
static int ratified(const acc_state *st)
{
	return st->ratification.state == ACC_BALLOT_CLOSED &&
	       st->ratification.result == ACC_RESULT_ADOPTED;
}

/* The checks of opening the ballot on id (build_open). */
static int may_open(const acc_state *st, const acc_org *org, const char *id)
{
	int is_rat = strcmp(id, "ratification") == 0;
	const acc_amendment *a = is_rat ? NULL : acc_state_amendment(st, id);
	size_t i;

	if (!is_rat && !a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
	if (org->role != ACC_ROLE_CHAIR)
		return acc_error_set(ACC_EREFUSED, "only the chair (%s) opens ballots",
				     st->conv.chair);
	if (ratified(st))
		return acc_error_set(ACC_EREFUSED, "the convention is already ratified");
	if (is_rat) {
		if (st->ratification.state == ACC_BALLOT_OPEN)
			return acc_error_set(ACC_EREFUSED,
					     "the ratification ballot is already open");
		for (i = 0; i < st->namendments; i++)
			if (st->amendments[i].status == ACC_ST_VOTING)
				return acc_error_set(
				    ACC_EREFUSED,
				    "%s is still open for vote: close it before ratification",
				    st->amendments[i].id);
		return 0;
	}
	if (a->status == ACC_ST_STALE)
		return acc_error_set(ACC_EREFUSED,
				     "%s is stale: its text was drafted against an older version; "
				     "its sponsor must rebase it first",
				     a->id);
	if (a->status != ACC_ST_TABLED)
		return acc_error_set(ACC_EREFUSED,
				     "%s is %s: only a tabled amendment can be put to the vote",
				     a->id, acc_status_name(a->status));
	if (st->ratification.state == ACC_BALLOT_OPEN)
		return acc_error_set(ACC_EREFUSED, "the ratification ballot is open");
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *s = &st->amendments[i];

		if (s->amends && strcmp(s->amends, a->id) == 0 &&
		    (s->status == ACC_ST_TABLED || s->status == ACC_ST_VOTING ||
		     s->status == ACC_ST_STALE))
			return acc_error_set(ACC_EREFUSED,
					     "%s has a pending amendment (%s): vote on that first",
					     a->id, s->id);
	}
	return 0;
}

/* The checks of voting on id (build_vote). */
static int may_vote(const acc_state *st, const acc_org *org, const char *id)
{
	const acc_ballot *b = NULL;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, id)) < 0)
		return rc;
	if (org->role == ACC_ROLE_OBSERVER)
		return acc_error_set(ACC_EREFUSED, "%s is an observer: observers do not vote",
				     org->id);
	if (org->role == ACC_ROLE_CHAIR)
		return acc_error_set(ACC_EREFUSED, "the chair (%s) does not vote", org->id);
	if (b->state == ACC_BALLOT_NONE)
		return acc_error_set(ACC_EREFUSED, "the ballot on %s has not been opened", id);
	if (b->state != ACC_BALLOT_OPEN)
		return acc_error_set(ACC_EREFUSED, "the ballot on %s is closed", id);
	if (strcmp(id, "ratification") != 0 &&
	    acc_state_amendment(st, id)->status == ACC_ST_WITHDRAWN)
		return acc_error_set(ACC_EREFUSED, "%s has been withdrawn: its ballot is closed",
				     id);
	return 0;
}

/* The checks of closing the ballot on id (build_close). */
static int may_close(const acc_state *st, const acc_org *org, const char *id)
{
	int is_rat = strcmp(id, "ratification") == 0;
	const acc_amendment *a = is_rat ? NULL : acc_state_amendment(st, id);
	const acc_ballot *b = NULL;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, id)) < 0)
		return rc;
	if (org->role != ACC_ROLE_CHAIR)
		return acc_error_set(ACC_EREFUSED, "only the chair (%s) closes ballots",
				     st->conv.chair);
	if (b->state != ACC_BALLOT_OPEN || (a && a->status == ACC_ST_WITHDRAWN))
		return acc_error_set(ACC_EREFUSED, "the ballot on %s is not open%s", id,
				     a && a->status == ACC_ST_WITHDRAWN ? ": it was withdrawn"
									: "");
	return 0;
}

/* The checks of withdrawing id (build_withdraw). */
static int may_withdraw(const acc_state *st, const acc_org *org, const char *id)
{
	const acc_amendment *a = acc_state_amendment(st, id);

	if (!a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
	if (strcmp(a->sponsor, org->id) != 0)
		return acc_error_set(ACC_EREFUSED, "only its sponsor (%s) may withdraw %s",
				     a->sponsor, a->id);
	if (a->status != ACC_ST_TABLED && a->status != ACC_ST_VOTING && a->status != ACC_ST_STALE)
		return acc_error_set(ACC_EREFUSED, "%s is %s: it can no longer be withdrawn", a->id,
				     acc_status_name(a->status));
	return 0;
}

/* The checks of tabling an amendment (build_propose, before its text). */
static int may_propose(const acc_state *st, const acc_org *org)
{
	if (org->role == ACC_ROLE_CHAIR)
		return acc_error_set(ACC_EREFUSED, "the chair (%s) does not sponsor amendments",
				     org->id);
	if (ratified(st))
		return acc_error_set(ACC_EREFUSED, "the convention is ratified: its text is final");
	return 0;
}

/* Whether the actor may do action on item, else the action's own refusal. */
int acc_query_may(const acc_ctx *c, const acc_state *st, acc_may_action action, const char *item)
{
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	int rc;

	/* who acts comes first, as in every action */
	if ((rc = acc_ops_whoami(&org, &del, c, st)) < 0)
		return rc;
	if (action != ACC_MAY_PROPOSE && !item)
		return acc_error_set(ACC_EUSAGE, "which amendment?");
	switch (action) {
	case ACC_MAY_PROPOSE:
		return may_propose(st, org);
	case ACC_MAY_VOTE:
		return may_vote(st, org, item);
	case ACC_MAY_WITHDRAW:
		return may_withdraw(st, org, item);
	case ACC_MAY_OPEN:
		return may_open(st, org, item);
	case ACC_MAY_CLOSE:
		return may_close(st, org, item);
	}
	return acc_error_set(ACC_EUSAGE, "unknown action");
}
