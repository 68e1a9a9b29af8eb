/*
 * ops: the use cases of accord, shared by the command line and the
 * interface.  Each action checks who is acting and whether the procedure
 * allows it, builds the change, writes it as exactly one commit (retrying
 * from a fresh read when another writer got there first), and refreshes
 * the index.  A refusal is ACC_EREFUSED with a one-line reason.
 *
 * Who acts: the delegate whose email is ctx->actor, mapped to an
 * organisation by the registry at the commit the action builds on.
 */
#ifndef ACCORD_OPS_H
#define ACCORD_OPS_H

#include <stddef.h>

#include "accord/comment.h"
#include "accord/index.h"
#include "accord/model.h"
#include "accord/rules.h"
#include "accord/store.h"
#include "accord/textdiff.h"

/* The context of one session with a convention: its store, its index,
 * who acts and how commits are made.  Opaque: the faces set it up through
 * the functions below and read it through the accessors. */
typedef struct acc_ctx acc_ctx;

/* Opens the convention containing path.  actor may be NULL (read only). */
int acc_ctx_open(acc_ctx **out, const char *path, const char *actor);
void acc_ctx_free(acc_ctx *c);

/* The convention's repository (owned by c). */
acc_store *acc_ctx_store(const acc_ctx *c);
/* The email of the acting delegate, or NULL (read only). */
const char *acc_ctx_actor(const acc_ctx *c);
/* Sets who acts (copied; NULL: nobody). */
int acc_ctx_set_actor(acc_ctx *c, const char *email);
/* The signing key file, or NULL. */
const char *acc_ctx_key(const acc_ctx *c);
/* Sets the signing key file (private, or public for ssh-agent; copied;
 * NULL: none); forgets the public key read for the previous one. */
int acc_ctx_set_key(acc_ctx *c, const char *path);
/* The fixed time of commits, or 0 when they take the clock's. */
long long acc_ctx_now(const acc_ctx *c);
/* Fixes the time of commits (seconds since the epoch; 0: the clock). */
void acc_ctx_set_now(acc_ctx *c, long long now);
/* 1 when the last index refresh rebuilt the index from scratch. */
int acc_ctx_index_rebuilt(const acc_ctx *c);

/*
 * Creates a convention at dir from the proposal folder: validates the
 * whole proposal first (errors name file and line), then writes it as one
 * root commit.  On failure nothing is left at dir (a folder created here is
 * removed).  who names the author of the initial commit; when key is set
 * (or the proposal requires signatures) the commit is signed with key,
 * which must be registered for a delegate.  With demo_keys, every
 * delegate without a key gets a new throwaway key pair, kept in
 * <gitdir>/accord/keys/<email> (never tracked), its public key goes into
 * the registry, and the chair's first delegate signs the initial commit.
 */
int acc_ops_init(acc_oid_hex out, const char *dir, const char *proposal, const acc_person *who,
		 const char *key, int demo_keys);
/* The same from the files of src (a document read by acc_import_source),
 * named name in messages; src stays the caller's. */
int acc_ops_init_source(acc_oid_hex out, const char *dir, acc_source *src, const char *name,
			const acc_person *who, const char *key, int demo_keys);

/* The state at rev (NULL: the tip); commit receives the resolved id. */
int acc_ops_state(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev);
/* What an action on one ballot reads at rev (NULL: the tip): see
 * acc_state_load_part; ballot is an amendment id, "ratification", or NULL
 * for the convention record, the registry and the ratification only. */
int acc_ops_state_part(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev,
		       const char *ballot);
/* What the view of clause reads at rev (NULL: the tip): see
 * acc_state_load_clause; amendments lists the clause's amendments (from
 * the index: acc_index_amendments). */
int acc_ops_state_clause(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev,
			 const char *clause, const acc_strlist *amendments);

/* Keeps the repository small after actions (acc_store_tidy under the
 * writers' lock): past 1000 loose objects (ACCORD_AUTOPACK: another number,
 * 0 never) they are packed, past 20 small packs these are merged.  The
 * faces call it between a user's actions, never during one. */
int acc_ops_tidy(acc_ctx *c, acc_tidy_result *res);

/* The index, brought up to date with the tip (incrementally when the tip
 * descends from what was indexed, else rebuilt). */
int acc_ops_index(acc_index **out, acc_ctx *c);

/* The acting organisation and delegate in st (ACC_EREFUSED when the
 * actor is unknown or not set). */
int acc_ops_whoami(const acc_org **org, const acc_delegate **del, const acc_ctx *c,
		   const acc_state *st);

/* ---- the actions ------------------------------------------------------- */

/* Who may take an action, checked before anything else about it. */
typedef enum {
	ACC_WHO_DELEGATE = 0, /* any delegate (the action checks the item: its sponsor) */
	ACC_WHO_CHAIR,	      /* a delegate of the chair organisation */
	ACC_WHO_NOT_CHAIR,    /* a delegate of any organisation but the chair */
	ACC_WHO_MEMBER,	      /* a delegate of a member organisation (not chair, not observer) */
} acc_who;

/*
 * What every action is, from the one table that defines them
 * (src/ops/actions.c): the faces list, explain and check actions from it.
 */
typedef struct {
	const char *name;    /* its Accord-Action trailer */
	const char *summary; /* what it does, in a line */
	acc_who who;
	const char *verb; /* who's refusal: "only the chair (x) <verb>" */
	/* path patterns it may write, NULL-terminated: "*" is one path
	 * segment, "{org}" the acting organisation's id */
	const char *const *writes;
	const char *const *trailers; /* its Accord-* trailers besides Action and Org */
} acc_action_spec;

/* The action called name, or NULL. */
const acc_action_spec *acc_action_find(const char *name);
/* The i-th action of the table (NULL past the end), in the order of a
 * negotiation. */
const acc_action_spec *acc_action_at(size_t i);
/* 0 when org may take action spec in st, else ACC_EREFUSED saying why
 * ("only the chair (secretariat) opens ballots"). */
int acc_action_permit(const acc_action_spec *spec, const acc_state *st, const acc_org *org);
/* 1 when spec may write path when org acts. */
int acc_action_may_write(const acc_action_spec *spec, const acc_org *org, const char *path);

/* ---- actions ---------------------------------------------------------- */

typedef struct {
	const char *clause;
	acc_amend_op op;
	const char *text; /* proposed text (replace, insert-after) */
	size_t len;
	const char *rationale;
	const char *amends;	/* amend this pending amendment instead */
	const char *heading;	/* insert-after: heading of the new clause */
	const char *new_clause; /* insert-after: id of the new clause (default: the amendment id) */
	/* organisations invited to co-sponsor (Invited lines); each consents
	 * by its own action, acc_ops_cosponsor */
	const char *const *cosponsors;
	size_t ncosponsors;
	/* the commit whose text the drafter saw (NULL: the tip).  The
	 * amendment's Base is its target's text there, an ancestor of the tip:
	 * when the text changed since, the amendment is stale at once and goes
	 * through a rebase, instead of silently undoing what was adopted
	 * meanwhile (the commit then carries Accord-Drafted-On). */
	const char *drafted_on;
	/* a compromise text: the pending amendments to the same clause it
	 * supersedes (Supersedes lines), tabled by the chair or a facilitator
	 * the convention names (Accord-Action: compromise); when adopted they
	 * fall */
	const char *const *supersedes;
	size_t nsupersedes;
} acc_propose_args;

/* Tables an amendment (a compromise text when a->nsupersedes). */
int acc_ops_propose(char **id, acc_oid_hex commit, acc_ctx *c, const acc_propose_args *a);
int acc_ops_withdraw(acc_oid_hex commit, acc_ctx *c, const char *id);
/* The acting organisation, invited by amendment id's sponsor, consents to
 * co-sponsor it (writes amendments/<sponsor>/<n>/cosponsors/<org>), or
 * with withdraw set takes its consent back (removes that file); only
 * while the amendment is tabled or stale. */
int acc_ops_cosponsor(acc_oid_hex commit, acc_ctx *c, const char *id, int withdraw);
/* id is an amendment id or "ratification"; rule and quorum may be NULL
 * (defaults from the convention record).  The ballot file records the
 * rule, the quorum and the electorate (every member with its weight): its
 * terms, which nothing changes afterwards. */
int acc_ops_open(acc_oid_hex commit, acc_ctx *c, const char *id, const char *rule,
		 const char *quorum);
/* Opens the adoption (ratification) ballot; lang_only: on the text in the
 * negotiation language only (the ballot's Negotiation-Language-Only and
 * the Accord-Negotiation-Language-Only trailer), the other authentic
 * texts not being established by it, so a stale one does not block it. */
int acc_ops_open_adoption(acc_oid_hex commit, acc_ctx *c, const char *rule, const char *quorum,
			  int lang_only);
/* The chair changes the convention's rules (each may be NULL: unchanged),
 * for ballots opened after: the rule and quorum of amendment ballots and
 * of the ratification. */
int acc_ops_rules(acc_oid_hex commit, acc_ctx *c, const char *rule, const char *quorum,
		  const char *rat_rule, const char *rat_quorum);
/* vote ACC_VOTE_NONE sets the organisation's vote back to absent (writes
 * "Vote: absent"): its own vote, which outranks the chair's record. */
int acc_ops_vote(acc_oid_hex commit, acc_ctx *c, const char *id, acc_vote vote);
/* The chair records the roll-call taken in the room on open ballot id:
 * roll_call holds one "ORG yes|no|abstain|absent" a line, every elector
 * once (a refusal names the line); writes <ballot dir>/recorded, a new
 * round that clears the answers to the previous one. */
int acc_ops_record(acc_oid_hex commit, acc_ctx *c, const char *id, const char *roll_call);
/* The acting organisation confirms (contest 0) or contests the chair's
 * record of its vote on open ballot id, with an optional reason
 * (responses/<org>); a contest holds the close until the chair records
 * again or the organisation votes. */
int acc_ops_respond(acc_oid_hex commit, acc_ctx *c, const char *id, int contest,
		    const char *reason);
/* The acting organisation explains its vote on ballot id (open or closed)
 * with text (explanations/<org>, replacing its earlier one). */
int acc_ops_explain(acc_oid_hex commit, acc_ctx *c, const char *id, const char *text);
/* Closes the ballot; *tally receives the recorded count.  Adoption applies
 * the amendment in the same commit; adopting the ratification also tags
 * the commit (its name in *tag when tag is not NULL). */
int acc_ops_close(acc_oid_hex commit, acc_tally *tally, char **tag, acc_ctx *c, const char *id);
int acc_ops_sign(acc_oid_hex commit, acc_ctx *c);

/* ---- after the adoption (src/ops/act_sign.c, act_treaty.c) ---------------- */

/* A signature's declaration (decl_len 0: none) and its reservations:
 * articles[i] (a clause id) with texts[i] of text_lens[i] bytes. */
typedef struct {
	const char *declaration;
	size_t decl_len;
	size_t nreservations;
	const char *const *articles;
	const char *const *texts;
	const size_t *text_lens;
} acc_sign_args;
/* Signs the adopted text for the actor's organisation, with a's
 * declaration and reservations (a may be NULL).  Refused before the
 * adoption, after the signature period, a second time, and for a
 * reservation or declaration the final clauses do not allow. */
int acc_ops_sign_with(acc_oid_hex commit, acc_ctx *c, const acc_sign_args *a);
/* Deposits the actor's organisation's instrument of kind ("ratification",
 * "acceptance", "approval" or "accession") with its text (len 0: none). */
int acc_ops_deposit(acc_oid_hex commit, acc_ctx *c, const char *kind, const char *text, size_t len);
/* The depositary's notification of org's deposit (the next number); *tag
 * (when not NULL) receives the name of its notification-N tag. */
int acc_ops_notify(acc_oid_hex commit, char **tag, acc_ctx *c, const char *org);
/* An objection by the actor's organisation to reserver's reservation to
 * article, with its text; precludes: the convention does not enter into
 * force between the two. */
int acc_ops_object(acc_oid_hex commit, acc_ctx *c, const char *reserver, const char *article,
		   const char *text, size_t len, int precludes);
/* Withdraws the actor's organisation's reservation to article. */
int acc_ops_withdraw_reservation(acc_oid_hex commit, acc_ctx *c, const char *article);
/* Denounces the convention for the actor's organisation (a party), with
 * its text; it takes effect Withdrawal-Months later. */
int acc_ops_denounce(acc_oid_hex commit, acc_ctx *c, const char *text, size_t len);
/* The chair's voting order for a clause's amendments. */
int acc_ops_order(acc_oid_hex commit, acc_ctx *c, const char *clause, const char *const *ids,
		  size_t n);

/* ---- comment threads and compromise texts (act_comment.c, act_compromise.c) ---- */

/* What a comment carries: target "ID" or "KIND:ID" (may be NULL in a
 * reply: the thread's), the words it is about (or NULL), the comment it
 * replies to (or NULL), and its text.  For a resolution, reply_to is any
 * comment of the thread and text an optional note. */
typedef struct {
	const char *target, *words, *reply_to;
	const char *text;
	size_t len;
} acc_comment_args;

/* A delegation comments (comments/<org>/<n>); *id receives "<org>-c<n>".
 * Refused when the --on words are not in the target's text, or the
 * thread replied to is resolved. */
int acc_ops_comment(char **id, acc_oid_hex commit, acc_ctx *c, const acc_comment_args *a);
/* The author organisation of a thread, or the chair, resolves it (a
 * record with Resolves in its own comments/); *id is the resolution's. */
int acc_ops_resolve_thread(char **id, acc_oid_hex commit, acc_ctx *c, const acc_comment_args *a);
/* The comments at rev (NULL: the tip); free with acc_comments_free. */
int acc_ops_comments(acc_comments **out, acc_oid_hex commit, acc_ctx *c, const char *rev);
/* The sponsor withdraws amendment id in favour of the compromise favour
 * (which must supersede it); favour NULL is a plain withdrawal. */
int acc_ops_withdraw_for(acc_oid_hex commit, acc_ctx *c, const char *id, const char *favour);

/* One entry of the voting list: a pending amendment (or the open
 * ratification ballot: a NULL), the amendments that fall if it is
 * adopted, in the order they would be marked. */
typedef struct {
	const acc_amendment *a;
	acc_strlist falls;
} acc_vote_item;

/* Every pending amendment of st in voting order: clauses in toc order,
 * each clause's amendments in acc_ops_voting_order, each one's pending
 * sub-amendments just before it; then the ratification when its ballot
 * is open.  *out (n items) is freed with acc_vote_items_free. */
int acc_ops_voting_list(acc_vote_item **out, size_t *n, acc_ctx *c, const acc_state *st);
void acc_vote_items_free(acc_vote_item *v, size_t n);
/* The pending amendments of st that fall when a is adopted with text (its
 * text as it would stand in the clause): those it supersedes, those to a
 * clause it deletes, the replacements whose changes overlap it (a word
 * merge), in st's order.  What closing a ballot marks fallen. */
int acc_ops_falls(acc_strlist *out, acc_ctx *c, const acc_state *st, const acc_amendment *a,
		  const char *text);

/* ---- what the actor may do ---------------------------------------------- */

/*
 * Whether the actor of c may take an action now on st, decided by the
 * action itself: its permission check and its builder run against st and
 * nothing is written.  0, or the refusal the action would give, word for
 * word (ACC_ENOTFOUND for an unknown item).  What the action carries but
 * the question does not (a text, a rule) is given a stand-in: a vote may
 * be taken when any of yes, no and abstain may; a proposal on clause (or,
 * when NULL, on the first clause with text) with a changed text.
 */
int acc_ops_may_propose(acc_ctx *c, const acc_state *st, const char *clause);
int acc_ops_may_withdraw(acc_ctx *c, const acc_state *st, const char *id);
int acc_ops_may_open(acc_ctx *c, const acc_state *st, const char *id);
int acc_ops_may_vote(acc_ctx *c, const acc_state *st, const char *id);
int acc_ops_may_close(acc_ctx *c, const acc_state *st, const char *id);
/* May the actor co-sponsor amendment id (withdraw: take its consent back)? */
int acc_ops_may_cosponsor(acc_ctx *c, const acc_state *st, const char *id, int withdraw);

/* ---- the registry (chair only; each writes one orgs/<id>) ---------------- */

/* Registers key ("type base64") for delegate email of org, replacing the
 * key it had; refused when any delegate already has that key. */
int acc_ops_registry_add_key(acc_oid_hex commit, acc_ctx *c, const char *org, const char *email,
			     const char *key);
/* Revokes the key of delegate email of org: the delegate stays, and can no
 * longer sign.  Refused when it has no key. */
int acc_ops_registry_revoke_key(acc_oid_hex commit, acc_ctx *c, const char *org, const char *email);
/* Adds delegate person ("Full Name <email>") to org, with key (or NULL). */
int acc_ops_registry_add_delegate(acc_oid_hex commit, acc_ctx *c, const char *org,
				  const char *person, const char *key);
/* Removes delegate email from org (never the chair's last delegate). */
int acc_ops_registry_remove_delegate(acc_oid_hex commit, acc_ctx *c, const char *org,
				     const char *email);

/* A new organisation. */
typedef struct {
	const char *id, *name, *type; /* type may be NULL */
	const char *role;	      /* "member" or "observer" */
	unsigned weight;	      /* 0: 1 */
	const char *const *delegates; /* "Full Name <email>" */
	const char *const *keys;      /* one per delegate, NULL entries for none (or NULL) */
	size_t ndelegates;
} acc_admit_args;

/* Admits a new organisation a->id (refused when it exists). */
int acc_ops_registry_admit(acc_oid_hex commit, acc_ctx *c, const acc_admit_args *a);

/* ---- derived views ------------------------------------------------------ */

/* The ballot of id ("ratification" or an amendment) in st. */
int acc_ops_ballot(const acc_ballot **out, const acc_state *st, const char *id);

/* Counts b in st (closed ballots are recounted, not read back). */
int acc_ops_tally(acc_tally *out, const acc_state *st, const acc_ballot *b);

/* Pending amendments to clause (tabled, voting or stale; not
 * sub-amendments) in voting order: the chair's agenda first, then
 * compromise texts (they dispose of what they supersede), then
 * deletions, then the furthest removed from the text (most changed
 * words), then by id.  *out holds pointers into st (caller frees the array). */
int acc_ops_voting_order(const acc_amendment ***out, size_t *n, const acc_state *st,
			 const char *clause);

/* The text the amendment proposes to replace (its target's current text:
 * the clause body, or the parent amendment's text). */
const char *acc_ops_target_text(const acc_state *st, const acc_amendment *a);

/* ---- what an amendment changes ------------------------------------------------------------ */

/* The text amendment a was drafted against: the body of the record in its
 * Base blob (a clause, or the parent amendment for a sub-amendment). */
int acc_ops_base_text(char **out, acc_store *s, const acc_amendment *a);

/* What the old text of an amendment's diff is. */
typedef enum {
	ACC_AGAINST_CLAUSE = 0, /* the clause as it stands */
	ACC_AGAINST_PARENT,	/* the pending amendment it amends, as it stands */
	ACC_AGAINST_EMPTY,	/* nothing: an inserted clause */
	ACC_AGAINST_BASE,	/* the text it was drafted against (stale or settled) */
} acc_against;

/* "clause", "parent", "empty", "base". */
const char *acc_against_name(acc_against k);

/*
 * The two texts whose word diff shows what amendment a proposes: a
 * pending amendment against its target as it stands (the clause, or its
 * parent's text for a sub-amendment); an insertion against nothing; a
 * deletion with "" as its new text; a stale or settled one (adopted,
 * rejected, withdrawn, fallen), or one whose target changed while it was
 * put to the vote, against the text it was drafted against, since the
 * clause as it stands no longer is what it amends.
 */
int acc_ops_amendment_texts(char **old_text, char **new_text, acc_against *against, acc_store *s,
			    const acc_state *st, const acc_amendment *a);

/*
 * The text a stale amendment would have once rebased: its changes merged
 * (acc_merge3_words) onto the current text of its target.  For a
 * deletion, "" and no conflict.  *conflict as for acc_merge3_words.
 */
int acc_ops_rebased_text(char **out, int *conflict, acc_store *s, const acc_state *st,
			 const acc_amendment *a);

/*
 * Rebases the stale amendment id onto the current text of its target, as
 * one commit by its sponsor (Accord-Action: rebase): the amendment file is
 * rewritten with the merged text and Base set to the target's current
 * blob.  Refused (ACC_EREFUSED) for anyone but the sponsor, an amendment
 * that is not stale, or one the adopted text already contains.  When the
 * changes overlap, nothing is written, *conflict (when conflict is not
 * NULL) receives the text with conflict markers, and the error is
 * ACC_ERROR "cannot rebase X: its changes overlap the adopted text".
 */
int acc_ops_rebase(acc_oid_hex commit, char **conflict, acc_ctx *c, const char *id);

/* Trailer value "Accord-<key>" in a commit message (malloc'd), or NULL. */
char *acc_trailer(const char *message, const char *key);

#endif
