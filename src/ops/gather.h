/* ops: gathering pending votes (src/ops/verify_gather.c, act_gather.c);
 * private to src/ops.
 *
 * A delegation whose sync loses the race to push the branch pushes its
 * votes to its own ref refs/accord/pending/ORG instead; any delegation's
 * sync then gathers them into the branch with one signed merge (a
 * "gather"): first parent the branch's tip, other parents the tips of the
 * pending chains, one per organisation in order, its tree the first
 * parent's with each vote replayed in parent order. */
#ifndef ACC_OPS_GATHER_H
#define ACC_OPS_GATHER_H

#include "internal.h"

/* Where the pending votes live on a remote, and where sync fetches them. */
#define ACC_PENDING_REFS "refs/accord/pending/"

/* One chain of pending votes, checked (see acc_gather_chain). */
typedef struct {
	acc_oid_hex tip;
	char *org;	    /* the organisation whose votes they are (when known) */
	size_t nvotes;	    /* its vote commits */
	char *why;	    /* the first rule it breaks (malloc'd), or NULL */
	const char *expect; /* the organisation the votes must be of (or NULL) */
} acc_gather_chain_info;

/* Frees what g holds. */
void acc_gather_chain_clear(acc_gather_chain_info *g);

/*
 * Checks the chain of pending votes ending at tip for a gather whose
 * first parent is base (state st, its registry the one that counts):
 * single-parent commits not in base's history, ending at a commit of
 * base's first-parent history, each a vote signed by a delegate of one
 * organisation, changing exactly its vote file, with the message its
 * vote writes, dated no later than not_after, and still allowed on st
 * (ballot open, voter an elector).  Each vote's change is added to act
 * (a later one of a path replacing an earlier).  A broken rule is
 * g->why, not an error (act is then left as it was).  expect_org (or
 * NULL) is the organisation whose pending ref held tip.
 */
int acc_gather_chain(acc_gather_chain_info *g, acc_action *act, acc_ctx *c, const acc_state *st,
		     const char *base, const char *tip, const char *expect_org,
		     long long not_after);

/* The message of a gather by org of chains (n, sorted by organisation). */
int acc_gather_message(acc_buf *msg, const acc_org *org, const acc_gather_chain_info *chains,
		       size_t n);

/* Rebuilds the gather `commit` (its first parent's state st) as org:
 * every chain checked, their votes replayed into act, its message;
 * ACC_EREFUSED naming the first rule broken. */
int acc_gather_rebuild(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const char *commit);

/* Writes a gather (object only) on base of the pending chains under the
 * local refs prefix that are not in base's history, as the acting
 * delegate: *made "" when there is nothing to gather; *nvotes the votes
 * gathered; each chain that breaks a rule is added to invalid as
 * "ORG: why" and left out. */
int acc_gather_pending(acc_oid_hex made, size_t *nvotes, acc_strlist *invalid, acc_ctx *c,
		       const char *base, const char *prefix);

#endif
