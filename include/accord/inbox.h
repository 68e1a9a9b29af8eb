/*
 * inbox: what waits for one organisation, decided once for both faces
 * (`accord inbox` and the interface's inbox view): the open ballots on
 * which it has not voted, the amendments inviting it to co-sponsor them,
 * and its own stale amendments.
 *
 * Nothing here prints.  Errors are one line (acc_error_set).
 */
#ifndef ACCORD_INBOX_H
#define ACCORD_INBOX_H

#include <jansson.h>
#include <stddef.h>

#include "accord/index.h"
#include "accord/model.h"
#include "accord/ops.h"

typedef enum {
	ACC_INBOX_VOTE = 0,  /* an open ballot the organisation has not voted on */
	ACC_INBOX_COSPONSOR, /* an amendment inviting it to co-sponsor (not yet consented) */
	ACC_INBOX_STALE,     /* its own amendment, drafted on a text that changed since */
} acc_inbox_kind;

/* One item; its strings point into the state it was read from. */
typedef struct {
	acc_inbox_kind kind;
	const char *id;	     /* the amendment, or "ratification" (a vote only) */
	const char *clause;  /* the amendment's clause (NULL for the ratification) */
	const char *sponsor; /* the amendment's sponsor (NULL for the ratification) */
	const char *heading; /* the amendment's heading, or NULL */
	acc_status status;   /* the amendment's status (ACC_ST_VOTING for the ratification) */
} acc_inbox_item;

/*
 * The inbox of organisation org in st, in that order: votes (the
 * ratification first, then amendments in the state's order), invitations,
 * stale amendments.  *out is malloc'd (NULL when empty; the caller frees
 * the array, not the strings).  An organisation that is not in the
 * registry has an empty inbox.  Returns 0 or ACC_ENOMEM.
 */
int acc_inbox_items(acc_inbox_item **out, size_t *n, const acc_state *st, const char *org);

/*
 * The number of items acc_inbox_items finds for org at commit (rev for
 * acc_ops_state_part), reading only what it counts: the ratification and
 * each open ballot from its own folder, the invitations and stale
 * amendments from the index's amendment rows (ix must describe commit),
 * never the whole state: what the interface's status line shows.
 */
int acc_inbox_count(size_t *n, acc_ctx *c, acc_index *ix, const char *commit, const char *org);

/* "vote", "cosponsor" or "stale". */
const char *acc_inbox_kind_name(acc_inbox_kind k);

/* What to do about it, in a few words ("vote on the open ballot"). */
const char *acc_inbox_kind_what(acc_inbox_kind k);

/* The JSON of the inbox (`accord inbox --json`): an object with org,
 * count and items (kind, id, clause, sponsor, status, heading, what). */
json_t *acc_inbox_json(const char *org, const acc_inbox_item *items, size_t n);

#endif
