/* query: who acts, a ballot's count and a clause's amendments, decided
 * once for both faces. */
#include "accord/query.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A non-empty value of the environment variable name, or NULL. */
static const char *env_value(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

/* The acting delegate: --as, ACCORD_AS, else git's user.email. */
int acc_query_actor(char **out, acc_store *store, const char *as)
{
	const char *given = as && as[0] ? as : env_value("ACCORD_AS");
	int rc;

	*out = NULL;
	if (given)
		return (*out = acc_strdup(given)) ? 0 : ACC_ENOMEM;
	rc = acc_store_config(out, store, "user.email");
	if (rc == ACC_ENOMEM)
		return acc_error_set(ACC_ENOMEM, "out of memory");
	if (rc < 0) {
		*out = NULL;
		acc_error_clear();
	}
	return 0;
}

/* The signing key: --key, ACCORD_KEY, the demo key, else user.signingkey. */
int acc_query_key(char **out, acc_store *store, const char *actor, const char *key)
{
	const char *given = key && key[0] ? key : env_value("ACCORD_KEY");
	char *path = NULL;

	*out = NULL;
	if (given)
		return (*out = acc_strdup(given)) ? 0 : ACC_ENOMEM;
	if (actor && acc_email_valid(actor) && store) {
		if (!(path = acc_sprintf("%saccord/keys/%s", acc_store_gitdir(store), actor)))
			return ACC_ENOMEM;
		if (access(path, R_OK) == 0) {
			*out = path;
			return 0;
		}
		free(path);
		path = NULL;
	}
	if (acc_store_config(&path, store, "user.signingkey") == 0 && path[0] == '~' &&
	    path[1] == '/' && getenv("HOME")) {
		char *home = acc_sprintf("%s%s", getenv("HOME"), path + 1);

		free(path);
		if (!home)
			return ACC_ENOMEM;
		path = home;
	}
	acc_error_clear();
	*out = path;
	return 0;
}

/* Opens the convention with the actor, ACCORD_DATE and the key. */
int acc_query_open(acc_ctx **out, const char *dir, const char *as, const char *key)
{
	acc_ctx *c = NULL;
	char *email = NULL, *path = NULL;
	const char *d = env_value("ACCORD_DATE");
	int rc;

	*out = NULL;
	if ((rc = acc_ctx_open(&c, dir ? dir : ".", NULL)) < 0)
		goto done;
	acc_error_clear();
	if ((rc = acc_query_actor(&email, acc_ctx_store(c), as)) < 0 ||
	    (rc = acc_ctx_set_actor(c, email)) < 0)
		goto done;
	if (d) {
		char *end;
		long long v = strtoll(d, &end, 10);

		if (*end == '\0' && v > 0)
			acc_ctx_set_now(c, v);
	}
	if ((rc = acc_query_key(&path, acc_ctx_store(c), acc_ctx_actor(c), key)) < 0 ||
	    (rc = acc_ctx_set_key(c, path)) < 0)
		goto done;
	*out = c;
	c = NULL;
done:
	free(email);
	free(path);
	acc_ctx_free(c);
	return rc;
}

/* Voting amendments plus an open ratification. */
size_t acc_query_open_ballots(const unsigned counts[7], int ratification_open)
{
	return (size_t)counts[ACC_ST_VOTING] + (ratification_open != 0);
}

/* A ballot's running count, or a closed one's recount at its closing commit. */
int acc_query_tally_of(acc_query_tally *out, acc_ctx *c, const acc_state *st, const char *at,
		       const char *bid)
{
	const acc_ballot *b = NULL;
	acc_index *ix;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = acc_ops_ballot(&b, st, bid)) < 0)
		return rc;
	if (b->state == ACC_BALLOT_NONE || b->state == ACC_BALLOT_FALLEN)
		return acc_error_set(ACC_EREFUSED, "%s has no ballot%s", bid,
				     b->state == ACC_BALLOT_FALLEN ? ": it fell" : " yet");
	out->now = b;
	if (b->state == ACC_BALLOT_OPEN) {
		acc_ballot closed = *b;

		out->ballot = b;
		acc_ballot_sources(&out->recorded_votes, &out->signed_votes, st, b);
		if ((rc = acc_ops_tally(&out->tally, st, b)) < 0)
			return rc;
		/* what closing now would decide */
		closed.state = ACC_BALLOT_CLOSED;
		return acc_ops_tally(&out->preview, st, &closed);
	}
	/* closed: recount from the tree of the commit that closed it */
	out->closed = 1;
	if ((rc = acc_ops_index(&ix, c)) < 0 ||
	    (rc = acc_index_closing_commit(ix, out->closed_at, bid)) < 0)
		goto fail;
	if (at && !acc_store_is_ancestor(acc_ctx_store(c), out->closed_at, at)) {
		rc = acc_error_set(ACC_ERROR, "cannot find the commit closing %s", bid);
		goto fail;
	}
	if ((rc = acc_store_load_part(&out->closing, acc_ctx_store(c), out->closed_at, bid)) < 0 ||
	    (rc = acc_ops_ballot(&out->ballot, out->closing, bid)) < 0 ||
	    (rc = acc_ops_tally(&out->tally, out->closing, out->ballot)) < 0)
		goto fail;
	acc_ballot_sources(&out->recorded_votes, &out->signed_votes, out->closing, out->ballot);
	out->preview = out->tally;
	return 0;
fail:
	acc_query_tally_free(out);
	return rc;
}

/* A list line's figures: running, or as recorded at close. */
int acc_query_tally_brief(acc_tally *out, const acc_state *st, const acc_ballot *b)
{
	int rc;

	if (b->state != ACC_BALLOT_OPEN && b->state != ACC_BALLOT_CLOSED)
		return acc_error_set(ACC_EREFUSED, "no ballot was held");
	if ((rc = acc_ops_tally(out, st, b)) < 0 || b->state == ACC_BALLOT_OPEN)
		return rc;
	out->yes = b->yes;
	out->no = b->no;
	out->abstain = b->abstain;
	out->absent = b->absent;
	out->w_yes = b->w_yes;
	out->w_no = b->w_no;
	out->w_abstain = b->w_abstain;
	out->w_absent = b->w_absent;
	out->quorum_met = b->quorum_met;
	out->result = b->result;
	return 0;
}

/* Frees what acc_query_tally_of read (the closing state). */
void acc_query_tally_free(acc_query_tally *t)
{
	if (!t)
		return;
	acc_state_free(t->closing);
	t->closing = NULL;
	t->ballot = NULL;
}

/* A clause's amendments: pending in voting order, then the rest. */
int acc_query_clause_amendments(const acc_amendment ***out, size_t *n, size_t *npending,
				const acc_state *st, const char *clause)
{
	const acc_amendment **order = NULL, **all = NULL;
	size_t i, k, np = 0, m;
	int rc, found = acc_state_clause(st, clause) != NULL;

	*out = NULL;
	*n = *npending = 0;
	for (i = 0; i < st->namendments && !found; i++)
		found = strcmp(st->amendments[i].clause, clause) == 0;
	if (!found)
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", clause);
	if ((rc = acc_ops_voting_order(&order, &np, st, clause)) < 0)
		return rc;
	if (!(all = acc_calloc(np + st->namendments + 1, sizeof(*all)))) {
		free(order);
		return ACC_ENOMEM;
	}
	if (np)
		memcpy(all, order, np * sizeof(*all));
	m = np;
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];
		int pending = 0;

		for (k = 0; k < np; k++)
			pending |= order[k] == a;
		if (!pending && strcmp(a->clause, clause) == 0)
			all[m++] = a;
	}
	free(order);
	*out = all;
	*n = m;
	*npending = np;
	return 0;
}
