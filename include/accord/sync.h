/*
 * sync: sharing a convention between delegations through a git remote.
 *
 * acc_sync() fetches the remote's branch; refuses, changing nothing here,
 * when its tip does not descend from the last tip verified from that
 * remote (history rewritten or rolled back, branch deleted and recreated:
 * acc_sync_publish() then pushes this clone's verified history back) or
 * when `verify` finds any problem in it.  It verifies this clone's own
 * unpublished commits too: one that fails (made with plain git, forged)
 * is reported and kept out of the push, the local history before sync is
 * kept at refs/accord/unverified/<remote>.  Then it fast-forwards, or
 * replays this clone's unpublished actions on top of the fetched tip as
 * new actions (re-checked against the new state and re-signed by the same
 * delegates; an action no longer allowed, such as a vote on a ballot
 * closed meanwhile, is dropped and reported, and so is a closing whose
 * result or counts would differ on top of the votes that arrived
 * meanwhile; a ratified-N tag follows its closing or goes with it);
 * verifies what it is about to push, and pushes that commit, starting
 * again when someone else pushed first.  Connection failures and such
 * races are retried with exponential backoff and jitter.  When the push
 * loses a race and every unpushed commit is a vote of this clone's
 * organisation, they are pushed instead to the remote's
 * refs/accord/pending/ORG (which no other organisation pushes to) and the
 * sync succeeds (out->pending): the vote is on the server, waiting to be
 * gathered.  Every sync fetches those refs (into
 * refs/accord/gathering/<remote>/ORG) and, once nothing of this clone's
 * own is left to push, when any pending chain is not
 * yet in the branch and its votes still replay, pushes one signed gather
 * commit merging them (src/ops/gather.h; out->gathered), redone on a race
 * a few times; chains that break a rule are reported in
 * out->pending_invalid, never gathered.  The branch's first-parent history
 * stays linear: a gather is its only merge.
 *
 * Local refs: refs/accord/incoming/<remote> (what was fetched),
 * refs/accord/verified/<remote> (the last verified tip),
 * refs/accord/outgoing/<remote> (what was last pushed) and
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
	acc_verify_report problems;  /* when the remote failed verification */
	acc_strlist unverified;	     /* "subject: problem" of local commits
					that failed verify, not pushed */
	size_t retries;		     /* connection failures and races retried */
	int rewritten;		     /* the remote moved backwards or was rewritten */
	size_t pending;		     /* votes of this clone left on the remote's
					refs/accord/pending/ORG (lost the race) */
	size_t gathered;	     /* others' pending votes gathered into the branch */
	acc_strlist pending_invalid; /* "ORG: why" of pending votes not gathered */
} acc_sync_report;

/* Syncs with remote (e.g. "origin"). */
int acc_sync(acc_sync_report *out, acc_ctx *c, const char *remote);

/* When remote moved backwards or was rewritten (acc_sync refused it with
 * out->rewritten set), pushes this clone's history back over it, after
 * verifying it; otherwise the same as acc_sync. */
int acc_sync_publish(acc_sync_report *out, acc_ctx *c, const char *remote);
void acc_sync_report_free(acc_sync_report *r);

/* For status: actions not yet on the remote, and the last sync time (0
 * when never); ACC_ENOTFOUND when the remote is unknown here. */
int acc_sync_status(size_t *unshared, long long *last, acc_ctx *c, const char *remote);

/* A convention's trust anchor: its root commit and the key that signed
 * it (the chair's, as verify holds it to be). */
typedef struct {
	acc_oid_hex root;
	char *key;	   /* "type base64"; NULL when the root is unsigned */
	char *fingerprint; /* "SHA256:..." as ssh-keygen -l prints it, or NULL */
} acc_anchor;

/* Frees what a holds and zeroes it. */
void acc_anchor_clear(acc_anchor *a);

/* The anchor of the convention c has open (the root recorded in
 * refs/accord/root at clone, else found by walking the history once and
 * recorded there). */
int acc_sync_anchor(acc_anchor *out, acc_ctx *c);

/*
 * Clones url into dir (absent, or an empty folder; connection failures
 * retried with sync's backoff), verifies its whole history, and marks its tip verified for origin
 * (refs/accord/verified/origin, where sync starts auditing).  The clone is
 * made in a folder beside dir and moved into place only when its root is
 * expect_root (a commit id or a prefix of at least 7 hex digits; NULL:
 * any) and is signed by the key whose fingerprint is expect_key
 * ("SHA256:...", NULL: any): otherwise ACC_EVERIFY and dir is as it was
 * (absent, or empty).  The root is recorded in refs/accord/root and given
 * in *anchor (acc_anchor_clear it).  *out is the opened convention (the
 * caller's, acc_ctx_free) and head its tip.  When its history has
 * problems: ACC_EVERIFY "the cloned history has N problems (see accord
 * verify)" with them in *problems (always free it with
 * acc_verify_report_free); that clone is left in dir.
 */
int acc_sync_clone(acc_ctx **out, acc_anchor *anchor, acc_verify_report *problems, acc_oid_hex head,
		   const char *url, const char *dir, const char *expect_root,
		   const char *expect_key);

#endif
