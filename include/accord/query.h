/*
 * query: the questions both faces ask, answered once.  The command line
 * and the interface decide nothing of their own: who acts and with which
 * key, how a ballot counts, in which order a clause's amendments come,
 * and whether the user may do something (and why not) are all decided
 * here, so the two faces say the same thing in the same words.
 *
 * Nothing here prints.  Errors are one line (acc_error_set); strings
 * returned through a pointer are malloc'd and belong to the caller.
 */
#ifndef ACCORD_QUERY_H
#define ACCORD_QUERY_H

#include <stddef.h>

#include "accord/ops.h"

/* ---- who acts, and with which key ------------------------------------------ */

/*
 * The acting delegate's email: as (the --as option) when given and not
 * empty, else ACCORD_AS, else git's user.email (of store's repository, or
 * the user's configuration when store is NULL).  *out is NULL when nobody
 * is named.  Returns 0, or ACC_ENOMEM.
 */
int acc_query_actor(char **out, acc_store *store, const char *as);

/*
 * The signing key file: key (the --key option) when given and not empty,
 * else ACCORD_KEY, else the demo key kept for actor in
 * <gitdir>/accord/keys/<actor> when it is readable, else git's
 * user.signingkey (a leading ~/ is the home folder).  *out is NULL when
 * none is found.  Returns 0, or ACC_ENOMEM.
 */
int acc_query_key(char **out, acc_store *store, const char *actor, const char *key);

/*
 * Opens the convention containing dir (NULL: ".") for a face: the actor
 * (acc_query_actor with as), the commit time (ACCORD_DATE, seconds since
 * the epoch, when set) and the signing key (acc_query_key with key).
 * *out is the caller's (acc_ctx_free).
 */
int acc_query_open(acc_ctx **out, const char *dir, const char *as, const char *key);

/* ---- the first screen, without the whole state ------------------------------- */

/* Who a delegate is, from the registry alone. */
typedef struct {
	char *name;	/* the delegate's name, or NULL */
	char *org;	/* the organisation's id, or NULL */
	char *org_name; /* the organisation's name, or NULL */
	int role;	/* an acc_role, or -1: not a delegate */
} acc_query_who;

/*
 * Finds email in the registry at commit, reading only orgs/ (a file per
 * organisation), not the whole state: with 200 organisations it reads 200
 * blobs, so a face may call it after its first screen.  out->role is -1
 * when email is NULL, not registered, or the registry cannot be read (the
 * error is cleared: a reader is not refused for it).  Free with
 * acc_query_who_free.
 */
void acc_query_who_at(acc_query_who *out, acc_ctx *c, const char *commit, const char *email);
void acc_query_who_free(acc_query_who *w);

/* The convention's title, short title (either NULL when absent) and
 * whether the ratification ballot is open, read from those two records
 * only at commit.  Free with acc_query_header_free. */
typedef struct {
	char *title, *short_title;
	int ratification_open;
} acc_query_header;

int acc_query_header_at(acc_query_header *out, acc_ctx *c, const char *commit);
void acc_query_header_free(acc_query_header *h);

/* The open ballots, from the index's amendment counts by status (an
 * amendment that is voting has an open ballot) and whether the
 * ratification ballot is open. */
size_t acc_query_open_ballots(const unsigned counts[7], int ratification_open);

/* ---- a ballot's count ---------------------------------------------------------- */

typedef struct {
	const acc_ballot *ballot; /* the ballot counted: in st, or in closing */
	acc_tally tally;	  /* open: the running count; closed: the recount */
	acc_tally preview;	  /* open: what closing now would decide */
	int closed;		  /* 1: recounted from the commit that closed it */
	acc_oid_hex closed_at;	  /* closed: that commit */
	acc_state *closing;	  /* closed: what was read at that commit (owned) */
	const acc_ballot *now;	  /* the ballot in st: explanations given after the close */
	unsigned recorded_votes;  /* votes the chair recorded (of the electorate) */
	unsigned signed_votes;	  /* votes the organisations signed */
} acc_query_tally;

/*
 * Counts the ballot bid ("ratification" or an amendment id) of st: an open
 * ballot as it stands (and, in preview, what closing it now would decide);
 * a closed one recounted from the tree of the commit that closed it, its
 * recorded figures beside it in out->ballot (yes, no, abstain, absent,
 * result).  at is the commit st was read at when the caller asked for an
 * older revision (the closing commit must then be one of its ancestors),
 * or NULL for the tip.  ACC_EREFUSED "ID has no ballot yet" or "ID has no
 * ballot: it fell"; ACC_ENOTFOUND for an unknown amendment.  Free with
 * acc_query_tally_free.
 */
int acc_query_tally_of(acc_query_tally *out, acc_ctx *c, const acc_state *st, const char *at,
		       const char *bid);
void acc_query_tally_free(acc_query_tally *t);

/*
 * A ballot's figures for a list line, without reading another commit: an
 * open ballot's running count; a closed one's figures as recorded when it
 * closed (which acc_query_tally_of's recount reproduces), rather than a
 * recount against today's registry.  ACC_EREFUSED for a ballot never held.
 */
int acc_query_tally_brief(acc_tally *out, const acc_state *st, const acc_ballot *b);

/* ---- a clause's amendments --------------------------------------------------- */

/*
 * The amendments of clause in st: the pending ones in voting order (the
 * first *npending of *out), then the others in the state's order.  *out
 * holds pointers into st (the caller frees the array).  ACC_ENOTFOUND
 * "no clause 'ID'" when neither the state nor any amendment names the
 * clause.
 */
int acc_query_clause_amendments(const acc_amendment ***out, size_t *n, size_t *npending,
				const acc_state *st, const char *clause);

/* ---- what may this user do --------------------------------------------------- */

typedef enum {
	ACC_MAY_PROPOSE = 0, /* table an amendment (item: the clause, may be NULL) */
	ACC_MAY_VOTE,	     /* vote on the ballot of item */
	ACC_MAY_WITHDRAW,    /* withdraw the amendment item */
	ACC_MAY_OPEN,	     /* open the ballot on item */
	ACC_MAY_CLOSE,	     /* close the ballot on item */
	ACC_MAY_COSPONSOR,   /* consent to co-sponsor the amendment item */
	ACC_MAY_UNCOSPONSOR, /* take that consent back */
} acc_may_action;

/*
 * Whether the actor of c may do action on item ("ratification" or an
 * amendment id; for a proposal, the clause or NULL) in st, as the action
 * itself decides (acc_ops_may_* in accord/ops.h): 0, or its refusal word
 * for word (ACC_ENOTFOUND for an unknown amendment).  Only what the state
 * decides is checked: an action may still fail for what it carries (a bad
 * text, rule or quorum).
 */
int acc_query_may(acc_ctx *c, const acc_state *st, acc_may_action action, const char *item);

#endif
