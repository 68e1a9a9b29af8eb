/*
 * sync: sharing a convention between delegations through a git remote.
 *
 * acc_sync() fetches the remote's branch; refuses, changing nothing here,
 * when its tip does not descend from the last tip verified from that
 * remote (history rewritten, branch deleted and recreated) or when
 * `verify` finds any problem in it; then fast-forwards, or replays this
 * clone's unpublished actions on top of the fetched tip as new actions
 * (re-checked against the new state and re-signed by the same delegates;
 * an action no longer allowed, such as a vote on a ballot closed
 * meanwhile, is dropped and reported); and pushes, starting again when
 * someone else pushed first.  History stays linear.
 *
 * Local refs: refs/accord/incoming/<remote> (what was fetched),
 * refs/accord/verified/<remote> (the last verified tip) and
 * refs/remotes/<remote>/<branch>; <gitdir>/accord/sync-<remote> records
 * the time of the last sync.
 */
#ifndef ACCORD_SYNC_H
#define ACCORD_SYNC_H

#include "accord/ops.h"
#include "accord/verify.h"

typedef struct {
	size_t fetched;	     /* commits that arrived */
	size_t replayed;     /* local actions replayed on top */
	size_t pushed;	     /* commits the remote did not have */
	acc_strlist dropped; /* "subject: reason" of each dropped action */
	acc_oid_hex tip;
	acc_verify_report problems; /* when the remote failed verification */
} acc_sync_report;

/* Syncs with remote (e.g. "origin"). */
int acc_sync(acc_sync_report *out, acc_ctx *c, const char *remote);
void acc_sync_report_free(acc_sync_report *r);

/* For status: actions not yet on the remote, and the last sync time (0
 * when never); ACC_ENOTFOUND when the remote is unknown here. */
int acc_sync_status(size_t *unshared, long long *last, acc_ctx *c, const char *remote);

/*
 * Clones the convention at url into dir, verifies its whole history, and
 * marks its tip verified for origin (refs/accord/verified/origin, where
 * sync starts auditing).  *out is the opened convention (the caller's,
 * acc_ctx_free) and head its tip.  ACC_EVERIFY "the cloned history has N
 * problems (see accord verify)" with the problems in *problems (always
 * free it with acc_verify_report_free); the clone is left in dir.
 */
int acc_sync_clone(acc_ctx **out, acc_verify_report *problems, acc_oid_hex head, const char *url,
		   const char *dir);

#endif
