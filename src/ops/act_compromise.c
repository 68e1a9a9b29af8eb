/* act_compromise: the chair, or a facilitator the convention record names
 * (Facilitator lines), tables a compromise text: an amendment that lists
 * the pending amendments to the same clause it supersedes.  Adopting it
 * makes them fall (act_close.c, acc_ops_falls); their sponsors may
 * withdraw them in its favour (act_withdraw.c). */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* 1 when org may table compromise texts in st. */
static int may_table(const acc_state *st, const acc_org *org)
{
	return org->role == ACC_ROLE_CHAIR ||
	       acc_strlist_find(&st->conv.facilitators, org->id) >= 0;
}

/* Builds a compromise text: checks who tables it and what it supersedes,
 * then builds it as a proposal. */
static int build_compromise(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			    const acc_delegate *del, void *arg)
{
	const acc_propose_args *a = arg;
	size_t i, j;

	if (!may_table(st, org))
		return REFUSE("only the chair (%s) or a facilitator tables compromise texts",
			      st->conv.chair);
	if (!a->nsupersedes)
		return acc_error_set(ACC_EUSAGE, "a compromise text supersedes amendments "
						 "(--supersedes A,B)");
	if (a->amends)
		return REFUSE("a compromise text amends a clause, not an amendment");
	if (!a->clause)
		return acc_error_set(ACC_EUSAGE, "which clause?");
	for (i = 0; i < a->nsupersedes; i++) {
		const acc_amendment *x = acc_state_amendment(st, a->supersedes[i]);

		if (!x)
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", a->supersedes[i]);
		if (x->amends || strcmp(x->clause, a->clause) != 0)
			return REFUSE("%s does not amend clause %s", x->id, a->clause);
		if (x->status != ACC_ST_TABLED && x->status != ACC_ST_STALE)
			return REFUSE("%s is %s: a compromise supersedes pending amendments", x->id,
				      acc_status_name(x->status));
		for (j = 0; j < i; j++)
			if (strcmp(a->supersedes[j], x->id) == 0)
				return acc_error_set(ACC_EUSAGE, "%s is listed twice", x->id);
	}
	return acc_propose_build(act, c, st, org, del, a, &acc_action_compromise);
}

/* Rebuilds a compromise text from the amendment it created. */
static int replay_compromise(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	return acc_propose_replay(act, c, in, &acc_action_compromise);
}

static const char *const compromise_writes[] = {"amendments/{org}/*/amendment", NULL};
static const char *const compromise_trailers[] = {"Amendment", "Clause", "Drafted-On", NULL};

const acc_action_def acc_action_compromise = {
    .spec = {.name = "compromise",
	     .summary = "table a compromise text that supersedes pending amendments (the chair "
			"or a facilitator)",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "table compromise texts",
	     .writes = compromise_writes,
	     .trailers = compromise_trailers},
    .build = build_compromise,
    .replay = replay_compromise,
};
