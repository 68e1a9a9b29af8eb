/*
 * may: whether the acting user may do an action on an item, and if not,
 * why not.  Each action decides for itself (acc_ops_may_*: its own checks
 * and builder on a scratch change), so the interface's refusals are the
 * command line's, word for word.
 */
#include "accord/query.h"

int acc_query_may(acc_ctx *c, const acc_state *st, acc_may_action action, const char *item)
{
	if (action != ACC_MAY_PROPOSE && !item)
		return acc_error_set(ACC_EUSAGE, "which amendment?");
	switch (action) {
	case ACC_MAY_PROPOSE:
		return acc_ops_may_propose(c, st, item);
	case ACC_MAY_VOTE:
		return acc_ops_may_vote(c, st, item);
	case ACC_MAY_WITHDRAW:
		return acc_ops_may_withdraw(c, st, item);
	case ACC_MAY_OPEN:
		return acc_ops_may_open(c, st, item);
	case ACC_MAY_CLOSE:
		return acc_ops_may_close(c, st, item);
	case ACC_MAY_COSPONSOR:
	case ACC_MAY_UNCOSPONSOR:
		return acc_ops_may_cosponsor(c, st, item, action == ACC_MAY_UNCOSPONSOR);
	}
	return acc_error_set(ACC_EUSAGE, "unknown action");
}
