/*
 * store_bulk: many commits written at once, as git fast-import does.
 *
 * acc_store_commit() writes each object as a loose file (one file, one
 * zlib stream and one fsync per object) and moves the branch per commit:
 * right for one action, far too slow for importing or generating a
 * history of a million actions.  A bulk session keeps the tree of its
 * last commit in memory, hashes only the trees a commit changes, and
 * appends every new object to an in-memory pack: trees as deltas against
 * their previous version (chains at most 50 deep), commits and blobs
 * whole, no object twice.  From time to time (and at each checkpoint) the
 * pack is written with its index (pack v2, idx v2, fsynced, renamed into
 * objects/pack/), and a checkpoint then moves the branch with one
 * compare-and-swap, so a crash loses at most what followed the last
 * checkpoint and never leaves the branch pointing at missing objects.
 *
 * Commits are byte for byte what acc_store_commit_signed() writes for the
 * same parent, changes, message, person and signature (libgit2's layout:
 * tree, parent, author, committer, gpgsig, blank line, message).
 *
 * A session is single-threaded: nothing else may write the convention's
 * branch between acc_bulk_begin() and the last checkpoint (a concurrent
 * writer makes the checkpoint fail with ACC_EMODIFIED, losing nothing of
 * its own).  Part of the store layer: the only other file that includes
 * <git2.h>.
 */
#ifndef ACCORD_STORE_BULK_H
#define ACCORD_STORE_BULK_H

#include <stddef.h>

#include "accord/store.h"

typedef struct acc_bulk acc_bulk;

/* Starts a session on top of the tip of the convention branch
 * (ACC_ENOTFOUND when it has no commit yet).  *out is the caller's, to
 * end with acc_bulk_free() after the last acc_bulk_checkpoint(). */
int acc_bulk_begin(acc_bulk **out, acc_store *s);

/*
 * Writes one commit on top of the session's last one: its tree with
 * changes applied (data NULL removes a path; folders left empty go), the
 * message, author and committer who, signed with sign(payload) when sign
 * is not NULL.  Refuses a commit that changes nothing (ACC_EINVAL).  The
 * branch does not move until the next checkpoint.  After any other
 * failure the session is broken: later calls fail and only
 * acc_bulk_free() is useful.
 */
int acc_bulk_commit(acc_bulk *b, acc_oid_hex out, const acc_change *changes, size_t n,
		    const char *message, const acc_person *who, acc_sign_fn sign, void *payload);

/* The id of the last commit of the session (the tip at begin when none
 * was written yet). */
const char *acc_bulk_tip(const acc_bulk *b);

/* Writes the pending objects as a pack and moves the branch to the last
 * commit (ACC_EMODIFIED when someone else moved it meanwhile). */
int acc_bulk_checkpoint(acc_bulk *b);

/* Counters, for progress reports. */
typedef struct {
	size_t commits;		       /* commits written */
	size_t objects;		       /* objects written (not counting duplicates) */
	size_t deltas;		       /* of which stored as deltas */
	size_t packs;		       /* pack files written */
	unsigned long long raw_bytes;  /* uncompressed size of the objects written */
	unsigned long long pack_bytes; /* bytes of pack data written and pending */
} acc_bulk_stats;

void acc_bulk_stats_get(acc_bulk_stats *out, const acc_bulk *b);

/* Drops what was not checkpointed and frees b (accepts NULL). */
void acc_bulk_free(acc_bulk *b);

#endif
