/*
 * verify: the audit of a convention's history.
 *
 * Walks the first-parent history oldest first and, for every commit,
 * checks with the identity taken only from its SSH signature (the signing
 * key mapped to a delegate by the registry as of the commit's parent;
 * author and committer prove nothing):
 *
 *  - the history is linear (no merge commits);
 *  - the commit is signed when the convention requires it, the signature
 *    verifies, its key is registered, and the author does not claim to be
 *    someone else;
 *  - it is an accord action, and replaying that action for the signer
 *    against the state before it (the same checks and the same builder the
 *    action itself uses) gives exactly the files the commit changed: so an
 *    organisation wrote only what it may write, a vote fell while its
 *    ballot was open, a close's recorded tally is the recount from its
 *    tree, and an adoption applied exactly the amendment's text;
 *  - its whole message is the one the replayed action writes;
 *  - its author and committer times are not before its parent's;
 *  - what plain git shows of it is what accord writes (verify_commit.c):
 *    author = committer = the delegate who signed it, one date not more
 *    than a day ahead of the clock, no header beyond tree, parent, author,
 *    committer and gpgsig;
 *  - every entry it adds or changes is a plain file (100644) or a folder;
 *  - the tree after it is a valid convention (which includes: no key is
 *    registered to two delegates).
 *
 * acc_verify also reports refs/replace/ refs (plain git would show another
 * object; accord never honours them) and refs/notes/ refs (git log prints
 * them under the commits).
 *
 * The root commit opens the convention: it is an init holding only
 * convention, toc, clauses/ and orgs/, with the message init writes, and
 * its own registry identifies its signer, who must be a delegate of the
 * chair (the root commit id and that key are the trust anchor: see
 * acc_sync_clone).
 */
#ifndef ACCORD_VERIFY_H
#define ACCORD_VERIFY_H

#include <stddef.h>

#include "accord/ops.h"

typedef struct {
	acc_oid_hex commit;
	char *message;
} acc_problem;

typedef struct {
	acc_problem *problems;
	size_t count, alloc;
	size_t commits; /* commits checked */
	size_t signed_commits;
} acc_verify_report;

/* Verifies the history of tip (a revision; NULL for the branch tip).
 * Problems found go into the report (the call still returns 0); a
 * negative return means the audit itself could not run. */
int acc_verify(acc_verify_report *out, acc_ctx *c, const char *tip);

/* The same for the commits after since (an ancestor of tip, verified
 * before: its tree is the trusted starting state) up to tip.  What sync
 * runs on each fetch: its cost is the new commits and one load of the
 * state at since, not the whole history again.  ACC_EINVAL when since is
 * not an ancestor of tip. */
int acc_verify_since(acc_verify_report *out, acc_ctx *c, const char *since, const char *tip);

void acc_verify_report_free(acc_verify_report *r);

/*
 * Tags accord gives meaning to (src/ops/verify_tags.c): ratified-N.  Such
 * a tag verifies when it is an annotated tag named as its ref, pointing at
 * a commit on the first-parent history of the branch tip that is its
 * event (for ratified-N: the closing of the ratification ballot with
 * result adopted, confirmed from the trees) and the Nth such event; its
 * message's Accord-Commit is that commit and Accord-Text the text id
 * (acc_store_text_id) there; and it was made by the chair's delegate who
 * made that commit: signed by the key the registry as of that commit gives
 * them (or, where the convention does not require signatures, unsigned
 * with them as tagger).
 */

/* Receives one tag that does not verify: commit is what it points at,
 * why the rule it breaks.  A negative return stops the check. */
typedef int (*acc_verify_problem_fn)(void *payload, const char *commit, const char *tag,
				     const char *why);

/* Checks every tag accord gives meaning to against the branch at tip,
 * calling problem for each one that does not verify. */
int acc_verify_tags(acc_verify_problem_fn problem, void *payload, acc_ctx *c, const char *tip);

/* The highest-numbered tag prefix+N ("ratified-") that verifies and
 * names commit or an ancestor of it: *name (malloc'd) and *target.  Each
 * tag of that kind that does not verify is added to skipped (when not
 * NULL) as "name: rule".  ACC_ENOTFOUND when none verifies. */
int acc_verify_tag_pick(char **name, acc_oid_hex target, acc_strlist *skipped, acc_ctx *c,
			const char *prefix, const char *commit);

/* The number N that the tag prefix+N of commit (an event of that kind on
 * the first-parent history) must have: 1 + the events before it. */
int acc_verify_tag_number(unsigned long *n, acc_ctx *c, const char *prefix, const char *commit);

#endif
