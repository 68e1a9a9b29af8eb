/* voting_list: what falls when an amendment is adopted (shared by the
 * close of a ballot and the voting list), and the voting list itself. */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "accord/merge3.h"
#include "internal.h"

/* 1 when amendment x is pending (tabled, stale or being voted on). */
static int pending(const acc_amendment *x)
{
	return x->status == ACC_ST_TABLED || x->status == ACC_ST_STALE ||
	       x->status == ACC_ST_VOTING;
}

int acc_ops_falls(acc_strlist *out, acc_ctx *c, const acc_state *st, const acc_amendment *a,
		  const char *text)
{
	size_t i;
	int rc = 0;

	if (a->amends)
		return 0; /* a sub-amendment changes its parent's text, not the clause */
	/* competing amendments to the same clause, pending or being voted on */
	for (i = 0; i < st->namendments && rc == 0; i++) {
		const acc_amendment *x = &st->amendments[i];
		int falls = 0;

		if (x == a || x->amends || strcmp(x->clause, a->clause) != 0 || !pending(x))
			continue;
		if (acc_strlist_find(&a->supersedes, x->id) >= 0) {
			falls = 1; /* a compromise text replaces it */
		} else if (a->op == ACC_OP_DELETE) {
			falls = 1; /* nothing left to amend */
		} else if (a->op == ACC_OP_REPLACE && x->op == ACC_OP_REPLACE) {
			/* incompatible when both change the same words of the text
			 * (a word merge: see src/ops_rebase.c) */
			char *m = NULL, *base = NULL;
			int conflict = 0;

			if ((rc = acc_ops_base_text(&base, c->store, x)) < 0)
				break;
			rc = acc_merge3_words(&m, &conflict, base, text, x->text);
			free(m);
			free(base);
			falls = conflict;
		}
		if (rc == 0 && falls)
			rc = acc_strlist_add(out, x->id);
	}
	return rc;
}

void acc_vote_items_free(acc_vote_item *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		acc_strlist_free(&v[i].falls);
	free(v);
}

/* Appends a (with what falls if it is adopted) to *v. */
static int push(acc_vote_item **v, size_t *n, size_t *alloc, acc_ctx *c, const acc_state *st,
		const acc_amendment *a)
{
	acc_vote_item *it;

	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		acc_vote_item *nv = acc_realloc(*v, na * sizeof(*nv));

		if (!nv)
			return ACC_ENOMEM;
		*v = nv;
		*alloc = na;
	}
	it = &(*v)[(*n)++];
	memset(it, 0, sizeof(*it));
	it->a = a;
	return a ? acc_ops_falls(&it->falls, c, st, a, acc_amendment_effective_text(st, a)) : 0;
}

int acc_ops_voting_list(acc_vote_item **out, size_t *n, acc_ctx *c, const acc_state *st)
{
	acc_vote_item *v = NULL;
	size_t i, j, k, alloc = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < st->nclauses && rc == 0; i++) {
		const acc_amendment **order = NULL;
		size_t no = 0;

		if ((rc = acc_ops_voting_order(&order, &no, st, st->clauses[i].id)) < 0)
			break;
		for (j = 0; j < no && rc == 0; j++) {
			/* its pending sub-amendments are voted on first */
			for (k = 0; k < st->namendments && rc == 0; k++) {
				const acc_amendment *s = &st->amendments[k];

				if (s->amends && strcmp(s->amends, order[j]->id) == 0 && pending(s))
					rc = push(&v, n, &alloc, c, st, s);
			}
			if (rc == 0)
				rc = push(&v, n, &alloc, c, st, order[j]);
		}
		free(order);
	}
	if (rc == 0 && st->ratification.state == ACC_BALLOT_OPEN)
		rc = push(&v, n, &alloc, c, st, NULL);
	if (rc < 0) {
		acc_vote_items_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}
