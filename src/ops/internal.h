/*
 * ops_internal: the machinery shared by the files of the ops module
 * (private to src/; faces use include/accord/ops.h).
 *
 * An action is built by a function that checks permission and procedure
 * against the state at the tip and records the files to write and the
 * commit message; acc_action_run() commits it as one commit and retries
 * from a fresh read when another writer moved the branch first.
 */
#ifndef ACCORD_OPS_INTERNAL_H
#define ACCORD_OPS_INTERNAL_H

#include "accord/ops.h"
#include "accord/record.h"

/* The session (opaque outside ops: see accord/ops.h). */
struct acc_ctx {
	acc_store *store;
	acc_index *index;  /* opened by acc_ops_index */
	char *actor;	   /* email of the acting delegate, may be NULL */
	char *key;	   /* signing key file (private, or public for ssh-agent), or NULL */
	char *key_pub;	   /* its public key, read when first needed */
	long long now;	   /* fixed time for commits (0: the clock) */
	int offset;	   /* minutes east of UTC for commits */
	int index_rebuilt; /* set when the last refresh rebuilt from scratch */
};

/* Refuses with a message: a procedure or permission problem. */
#define REFUSE(...) acc_error_set(ACC_EREFUSED, __VA_ARGS__)

/* What an action writes: owned paths and data, and the message. */
typedef struct {
	acc_change *changes;
	char **owned; /* 2 per change: path, data */
	size_t n, alloc;
	acc_buf msg;
	char *result_id; /* for propose */
	char *tag;	 /* for a ratification */
	acc_tally tally;
} acc_action;

/* Checks and builds an action against st for org/del acting. */
typedef int (*acc_build_fn)(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			    const acc_delegate *del, void *arg);

/* Adds a change (copies path and data; data NULL removes the path). */
int acc_action_put(acc_action *a, const char *path, const char *data, size_t len);
/* Adds a change writing record r at path. */
int acc_action_put_record(acc_action *a, const char *path, const acc_record *r);
/* Frees what an action holds and zeroes it. */
void acc_action_reset(acc_action *a);
/* Runs one action (see above); commit receives the new commit. */
int acc_action_run(acc_oid_hex commit, acc_action *out, acc_ctx *c, acc_build_fn fn, void *arg);
/* The same, building against only what an action on one ballot reads
 * (acc_store_load_part: ballot is an amendment id or "ratification"). */
int acc_action_run_part(acc_oid_hex commit, acc_action *out, acc_ctx *c, const char *ballot,
			acc_build_fn fn, void *arg);
/* Appends "Accord-Action" and "Accord-Org" trailers. */
int acc_action_trailers(acc_buf *m, const char *action_name, const acc_org *org);
/* The record of amendment a, rebuilt canonically from its fields. */
int acc_amendment_record(acc_record **out, const acc_amendment *a, const acc_state *st);
/* How an action's commit is signed: with key (NULL: unsigned), whose
 * public key must be expect. */
typedef struct {
	const char *key, *expect, *email;
} acc_signing;

/* Decides how del's action is signed under st's policy; refuses when
 * signatures are required and no usable key is configured, or when the
 * configured key is not del's registered key. */
int acc_signing_plan(acc_signing *plan, acc_ctx *c, const acc_state *st, const acc_delegate *del);

/* An acc_sign_fn: signs with plan->key and checks the result. */
int acc_sign_commit(char **sig, const char *data, size_t len, void *payload);

/*
 * Rebuilds the change a commit claims to be: the action named by its
 * Accord-Action trailer, with arguments taken from its trailers and from
 * the tree after it, checked and built against the state before it, as
 * org/del.  Refusals are returned as from the action itself.  The caller
 * compares act's changes with what the commit really changed.  c->now must
 * be the commit's time.
 */
int acc_ops_replay(acc_action *act, acc_ctx *c, const acc_state *before, const acc_state *after,
		   const acc_org *org, const acc_delegate *del, const char *message);

/* Replays a rebase of amendment (src/ops_rebase.c). */
int acc_replay_rebase(acc_action *act, acc_ctx *c, const acc_state *before, const acc_state *after,
		      const acc_org *org, const acc_delegate *del, const char *amendment);

/* 1 when the convention has been ratified. */
int acc_ratified(const acc_state *st);
/* Raises c->now (which must be set) to commit's author and committer
 * times when it is earlier: an action is never dated before its parent,
 * whatever the clocks say (src/ops/sync.c). */
void acc_ctx_not_before(acc_ctx *c, const char *commit);
/* The time for commits (ctx->now, else the clock). */
long long acc_now(const acc_ctx *c);

#endif
