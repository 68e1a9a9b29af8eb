/* ops: verify's checks of what plain git shows of a commit and of the
 * repository beside the accord action itself (verify_commit.c); private
 * to src/ops. */
#ifndef ACC_OPS_VERIFY_COMMIT_H
#define ACC_OPS_VERIFY_COMMIT_H

#include "accord/ops.h"
#include "accord/verify.h"

/* How far (seconds) a commit's date may be ahead of the verifier's clock. */
#define ACC_VERIFY_SKEW 86400

/*
 * The header of commit id is what accord writes: the lines tree, at most
 * one parent, author, committer and an optional gpgsig (nothing else: no
 * encoding, no mergetag, nothing repeated); the committer is the author
 * (name, email, date and zone); the date is not after not_after; and, when
 * del is not NULL (the delegate who made it), the name and email are
 * theirs.  *why receives the first rule it breaks (malloc'd), or NULL.
 */
int acc_verify_commit_header(char **why, acc_ctx *c, const char *id, const acc_delegate *del,
			     long long not_after);

/* The latest date a commit may carry: now (the clock, or the context's
 * time when later) plus ACC_VERIFY_SKEW. */
long long acc_verify_not_after(const acc_ctx *c);

/*
 * The refs beside the branch that would change what plain git shows:
 * every refs/replace/ ref (git would show another object in place of a
 * commit; accord never honours them), every refs/notes/ ref (git log
 * prints notes under the commits).  Calls problem(payload, id, ref, why)
 * for each (id: the object a replace ref replaces, the commit a notes ref
 * points at).
 */
int acc_verify_refs(acc_verify_problem_fn problem, void *payload, acc_ctx *c);

#endif
