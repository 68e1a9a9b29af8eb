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

/* Adds a change (copies path and data; data NULL removes the path);
 * ACC_EINVAL for data the record may not hold (acc_text_check). */
int acc_action_put(acc_action *a, const char *path, const char *data, size_t len);
/* acc_record_normalize_body, then refuses what the record may not hold
 * (acc_text_check), naming what and the line of the user's text. */
int acc_ops_user_text(char **out, const char *text, size_t len, const char *what);
/* Adds a change writing record r at path. */
int acc_action_put_record(acc_action *a, const char *path, const acc_record *r);
/* Frees what an action holds and zeroes it. */
void acc_action_reset(acc_action *a);
typedef struct acc_action_def acc_action_def;

/* Runs one action of kind def with its arguments arg (see above): checks
 * who may take it, builds it, and commits; commit receives the new commit. */
int acc_action_run(acc_oid_hex commit, acc_action *out, acc_ctx *c, const acc_action_def *def,
		   void *arg);
/* The same, building against only what an action on one ballot reads
 * (acc_store_load_part: ballot is an amendment id or "ratification"). */
int acc_action_run_part(acc_oid_hex commit, acc_action *out, acc_ctx *c, const char *ballot,
			const acc_action_def *def, void *arg);
/* Runs def's permission check and builder with arg against st as the
 * actor, on a scratch change that is then dropped: 0 when the action
 * would be taken, else its own refusal.  Nothing is written. */
int acc_action_try(acc_ctx *c, const acc_state *st, const acc_action_def *def, void *arg);
/* Appends "Accord-Action" (def's name) and "Accord-Org" trailers. */
int acc_action_trailers(acc_buf *m, const acc_action_def *def, const acc_org *org);
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

/* What a replay knows of the commit whose change it rebuilds. */
typedef struct {
	const acc_state *before, *after; /* the states at its parent and at it */
	const acc_org *org;		 /* who signed it (registry as of its parent) */
	const acc_delegate *del;
	const char *message; /* its message: the trailers give the arguments */
	/* when sync carries the action onto another tip: the commit it was
	 * first built on, or an ancestor of it and of the new tip (NULL when
	 * verifying) */
	const char *origin;
} acc_replay_in;

/*
 * One action, defined once: its public description (name, who, paths,
 * trailers), the builder that checks and builds it against a state, and
 * the replay that rebuilds a commit's change with that same builder from
 * the commit's trailers and the tree after it (how sync carries it onto a
 * new tip and how verify re-checks it).  Each src/ops/act_<name>.c
 * defines one, and actions.c lists them all.
 */
struct acc_action_def {
	acc_action_spec spec;
	acc_build_fn build;
	/* Rebuilds in->message's action as in->org; refusals as from build. */
	int (*replay)(acc_action *act, acc_ctx *c, const acc_replay_in *in);
	/* What a difference in the files it writes means, for verify's report
	 * (NULL: nothing more than "not what its <name> writes"). */
	const char *mismatch;
};

extern const acc_action_def acc_action_init, acc_action_propose, acc_action_withdraw,
    acc_action_open, acc_action_vote, acc_action_close, acc_action_sign, acc_action_order,
    acc_action_rebase, acc_action_cosponsor, acc_action_add_key, acc_action_revoke_key,
    acc_action_add_delegate, acc_action_remove_delegate, acc_action_admit, acc_action_rules,
    acc_action_comment, acc_action_resolve_thread, acc_action_compromise, acc_action_deposit,
    acc_action_notify, acc_action_object, acc_action_unreserve, acc_action_denounce,
    acc_action_translate;
/* the roll-call recorded by the chair, its answers, explanations of vote
 * (src/ops/act_rollcall.c) */
extern const acc_action_def acc_action_record, acc_action_respond, acc_action_explain;
/* the gather of pending votes (src/ops/act_gather.c, verify_gather.c) */
extern const acc_action_def acc_action_gather;

/*
 * Rebuilds the change a commit claims to be: the action named by its
 * Accord-Action trailer, checked and built against in->before as in->org
 * (whose permission is checked first, as for a new action).  The caller
 * compares act's changes with what the commit really changed.  c->now must
 * be the commit's time.  *def receives the action's definition when known.
 */
int acc_ops_replay(acc_action *act, const acc_action_def **def, acc_ctx *c,
		   const acc_replay_in *in);

/* Fails (ACC_ERROR: a bug in def's builder, never committed) when act
 * writes a path outside those def may write for org; ACC_EINVAL when its
 * message holds text the record may not hold (acc_text_check). */
int acc_action_check_writes(const acc_action_def *def, const acc_org *org, const acc_action *act);

/* Reads trailer key of in's message into *out (malloc'd); a missing one
 * is ACC_EINVAL "a <action> without Accord-<key>". */
int acc_replay_trailer(char **out, const acc_replay_in *in, const char *action, const char *key);

/* Builds a proposal as def (propose, or compromise: its trailers and
 * subject) after def's own checks (src/ops/act_propose.c). */
int acc_propose_build(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, const acc_propose_args *a,
		      const acc_action_def *def);
/* Rebuilds a proposal from the amendment it created, through def's builder. */
int acc_propose_replay(acc_action *act, acc_ctx *c, const acc_replay_in *in,
		       const acc_action_def *def);
/* act_translate.c: stamps the translation record at path of a proposal
 * (*data, *len) with Base (the blob of its clause's file in src) and By
 * (the chair), as init writes it into the root. */
int acc_translation_stamp(char **data, size_t *len, const char *path, acc_source *src,
			  const acc_state *st);

/* act_translate.c: 1 when p is translations/<lang>/<clause>. */
int acc_translation_root_path(const char *p);
/* act_translate.c: *why (malloc'd) when a translation of the root state st
 * is not what init writes (Base the blob of its clause, By the chair),
 * else NULL. */
int acc_translation_root_check(char **why, const acc_state *st);

/* ---- shared by the actions on amendments and ballots ---------------------- */

/* The folder holding the ballot of id ("ratification" or an amendment). */
char *acc_ballot_dir(const acc_state *st, const char *id);
/* Writes the status, rule and quorum of a ballot into r. */
int acc_ballot_head(acc_record *r, const char *status, acc_rule rule, unsigned qn, unsigned qd);
/* Adds the electorate of a ballot opening now to r: "Elector: <org>
 * <weight>" for every member of st's registry, in id order. */
int acc_electorate_fields(acc_record *r, const acc_state *st);
/* Adds the electorate recorded in b to r (the same lines, kept as they
 * were when it opened). */
int acc_elector_fields(acc_record *r, const acc_ballot *b);
/* Adds the record of a tally to r. */
int acc_tally_fields(acc_record *r, const acc_tally *t);
/* Appends to msg the trailers naming the amendment and clause of ballot
 * (nothing for the ratification ballot or a ballot that is no amendment). */
int acc_action_ballot_trailers(acc_buf *msg, const acc_state *st, const char *ballot);
/* The message of a tag on commit (whose state is st and whose text tree
 * is text) into *msg (malloc'd); see acc_action_tag. */
typedef int (*acc_tag_body_fn)(char **msg, const acc_state *st, const char *commit,
			       const char *text, const void *arg);
/*
 * Makes the annotated tag PREFIXN on commit (N: 1 + the tags of that kind
 * on the branch before it), signed like a commit by the acting delegate
 * when a key is configured (git tag -s with gpg.format=ssh), its message
 * made by body; *name receives the tag.  ratified-N and notification-N
 * are made this way.
 */
int acc_action_tag(char **name, acc_ctx *c, const char *prefix, const char *commit,
		   acc_tag_body_fn body, const void *arg);
/* Tags commit, the adopted close of the ratification whose count is t,
 * ratified-N: signed as the commit is, by the acting chair's delegate
 * (src/ops/act_close.c).  *name receives the tag's name. */
int acc_ratification_tag(char **name, acc_ctx *c, const char *commit, const acc_tally *t);
/* Adds the roll-call of ballot b to r. */
int acc_roll_call_fields(acc_record *r, const acc_ballot *b);

/* Adds a record at path: kv holds key/value pairs (NULL-ended; the key
 * "Delegate" adds the delegate and the date, now), text (len bytes,
 * normalised; what names it in errors) its body (src/ops/act_sign.c). */
int acc_treaty_record(acc_action *act, acc_ctx *c, const acc_delegate *del, const char *path,
		      const char *const *kv, const char *text, size_t len, const char *what);
/* 0 when the final clauses of st allow a reservation to article, else
 * the refusal. */
int acc_treaty_may_reserve(const acc_state *st, const char *article);
/* 1 when org is a technology signatory under st's final clauses. */
int acc_treaty_tech(const acc_state *st, const acc_org *org);
/* Tags a notification's commit notification-N (src/ops/act_treaty.c). */
int acc_notification_tag(char **name, acc_ctx *c, const char *commit);

/* 1 when the convention has been ratified. */
int acc_ratified(const acc_state *st);
/* Raises c->now (which must be set) to commit's author and committer
 * times when it is earlier: an action is never dated before its parent,
 * whatever the clocks say (src/ops/sync.c). */
void acc_ctx_not_before(acc_ctx *c, const char *commit);
/* The time for commits (ctx->now, else the clock). */
long long acc_now(const acc_ctx *c);

#endif
