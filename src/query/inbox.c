/* inbox: what waits for one organisation (votes, invitations, stale amendments). */
#include "accord/inbox.h"

#include <stdlib.h>
#include <string.h>

#include "accord/json.h"
#include "accord/util.h"

/* 1 when org has cast a vote (signed, or recorded by the chair) on b. */
static int has_voted(const acc_ballot *b, const char *org)
{
	size_t i;

	for (i = 0; i < b->nvotes; i++)
		if (strcmp(b->votes[i].org, org) == 0 && b->votes[i].vote != ACC_VOTE_NONE)
			return 1;
	return 0;
}

/* 1 when org is asked to vote on the open ballot b and has not yet. */
static int awaits_vote(const acc_state *st, const acc_ballot *b, const char *org)
{
	unsigned w = 0;

	return b->state == ACC_BALLOT_OPEN && acc_ballot_counts(&w, st, b, org) &&
	       !has_voted(b, org);
}

/* Appends one item for amendment a (NULL: the ratification). */
static int push(acc_inbox_item **v, size_t *n, acc_inbox_kind kind, const acc_amendment *a)
{
	acc_inbox_item *nv = acc_realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return ACC_ENOMEM;
	*v = nv;
	memset(&nv[*n], 0, sizeof(nv[*n]));
	nv[*n].kind = kind;
	nv[*n].id = a ? a->id : "ratification";
	nv[*n].clause = a ? a->clause : NULL;
	nv[*n].sponsor = a ? a->sponsor : NULL;
	nv[*n].heading = a && a->heading && a->heading[0] ? a->heading : NULL;
	nv[*n].status = a ? a->status : ACC_ST_VOTING;
	(*n)++;
	return 0;
}

/* The inbox of org: votes, invitations, stale amendments. */
int acc_inbox_items(acc_inbox_item **out, size_t *n, const acc_state *st, const char *org)
{
	acc_inbox_item *v = NULL;
	size_t k = 0, i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!org || !acc_state_org(st, org))
		return 0;
	if (awaits_vote(st, &st->ratification, org))
		rc = push(&v, &k, ACC_INBOX_VOTE, NULL);
	for (i = 0; rc == 0 && i < st->namendments; i++)
		if (awaits_vote(st, &st->amendments[i].ballot, org))
			rc = push(&v, &k, ACC_INBOX_VOTE, &st->amendments[i]);
	for (i = 0; rc == 0 && i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];

		/* consent is possible while it is tabled (or stale), not voted on */
		if ((a->status == ACC_ST_TABLED || a->status == ACC_ST_STALE) &&
		    strcmp(a->sponsor, org) != 0 && acc_strlist_find(&a->invited, org) >= 0 &&
		    acc_strlist_find(&a->cosponsors, org) < 0)
			rc = push(&v, &k, ACC_INBOX_COSPONSOR, a);
	}
	for (i = 0; rc == 0 && i < st->namendments; i++)
		if (st->amendments[i].status == ACC_ST_STALE &&
		    strcmp(st->amendments[i].sponsor, org) == 0)
			rc = push(&v, &k, ACC_INBOX_STALE, &st->amendments[i]);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

int acc_inbox_count(size_t *n, acc_ctx *c, acc_index *ix, const char *commit, const char *org)
{
	acc_amendment_row *rows = NULL;
	acc_state *st = NULL;
	acc_oid_hex at;
	unsigned inv = 0, stale = 0;
	size_t nrows = 0, i, k = 0;
	int rc;

	*n = 0;
	/* the registry and the ratification */
	if ((rc = acc_ops_state_part(&st, at, c, commit, NULL)) < 0)
		return rc;
	if (!org || !acc_state_org(st, org)) {
		acc_state_free(st);
		return 0;
	}
	k += (size_t)awaits_vote(st, &st->ratification, org);
	acc_state_free(st);
	/* each open ballot, read alone */
	if ((rc = acc_index_amendments(ix, &rows, &nrows, NULL, "voting")) < 0)
		return rc;
	for (i = 0; i < nrows && rc == 0; i++) {
		const acc_amendment *a;

		if ((rc = acc_ops_state_part(&st, at, c, commit, rows[i].id)) < 0)
			break;
		if ((a = acc_state_amendment(st, rows[i].id)))
			k += (size_t)awaits_vote(st, &a->ballot, org);
		acc_state_free(st);
	}
	acc_amendment_rows_free(rows, nrows);
	if (rc == 0 && (rc = acc_index_inbox_counts(ix, &inv, &stale, org)) == 0)
		*n = k + inv + stale;
	return rc;
}

/* The name of a kind, as the JSON spells it. */
const char *acc_inbox_kind_name(acc_inbox_kind k)
{
	return k == ACC_INBOX_VOTE ? "vote" : k == ACC_INBOX_COSPONSOR ? "cosponsor" : "stale";
}

/* What the organisation is asked to do, in a few words. */
const char *acc_inbox_kind_what(acc_inbox_kind k)
{
	return k == ACC_INBOX_VOTE	  ? "vote on the open ballot"
	       : k == ACC_INBOX_COSPONSOR ? "invited to co-sponsor"
					  : "stale: rebase it on the current text";
}

/* The inbox as JSON: org, count, items. */
json_t *acc_inbox_json(const char *org, const acc_inbox_item *items, size_t n)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	if (!o || !arr) {
		json_decref(o);
		json_decref(arr);
		return NULL;
	}
	json_object_set_new(o, "org", acc_json_str(org));
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	for (i = 0; i < n; i++) {
		json_t *j = json_object();

		if (!j)
			break;
		json_object_set_new(j, "kind", json_string(acc_inbox_kind_name(items[i].kind)));
		json_object_set_new(j, "id", acc_json_str(items[i].id));
		json_object_set_new(j, "clause", acc_json_str(items[i].clause));
		json_object_set_new(j, "sponsor", acc_json_str(items[i].sponsor));
		json_object_set_new(j, "status", json_string(acc_status_name(items[i].status)));
		json_object_set_new(j, "heading", acc_json_str(items[i].heading));
		json_object_set_new(j, "what", json_string(acc_inbox_kind_what(items[i].kind)));
		json_array_append_new(arr, j);
	}
	json_object_set_new(o, "items", arr);
	return o;
}
