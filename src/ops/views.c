/* views: reading states and what the faces and actions derive from them. */
#include "accord/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/merge3.h"
#include "accord/record.h"
#include "accord/sign.h"
#include "internal.h"

/* Resolves rev (NULL: the tip) into commit. */
static int resolve(acc_oid_hex commit, acc_ctx *c, const char *rev)
{
	return rev ? acc_store_resolve(c->store, commit, rev) : acc_store_head(c->store, commit);
}

int acc_ops_state(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev)
{
	int rc;

	*out = NULL;
	if ((rc = resolve(commit, c, rev)) < 0)
		return rc;
	return acc_store_load_state(out, c->store, commit);
}

int acc_ops_state_part(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev,
		       const char *ballot)
{
	int rc;

	*out = NULL;
	if ((rc = resolve(commit, c, rev)) < 0)
		return rc;
	return acc_store_load_part(out, c->store, commit, ballot);
}

int acc_ops_state_clause(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev,
			 const char *clause, const acc_strlist *amendments)
{
	int rc;

	*out = NULL;
	if ((rc = resolve(commit, c, rev)) < 0)
		return rc;
	return acc_store_load_clause(out, c->store, commit, clause, amendments);
}

char *acc_trailer(const char *message, const char *key)
{
	size_t kl = strlen(key);
	const char *p = message;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 7 + kl + 2 && strncmp(p, "Accord-", 7) == 0 &&
		    strncmp(p + 7, key, kl) == 0 && p[7 + kl] == ':' && p[8 + kl] == ' ')
			return acc_strndup(p + 9 + kl, len - 9 - kl);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

int acc_ops_whoami(const acc_org **org, const acc_delegate **del, const acc_ctx *c,
		   const acc_state *st)
{
	if (!c->actor || !c->actor[0])
		return acc_error_set(ACC_EREFUSED,
				     "who is acting? give --as EMAIL, set ACCORD_AS, or set git's "
				     "user.email");
	if (acc_state_delegate(org, del, st, c->actor) < 0) {
		char safe[80];
		size_t i;

		snprintf(safe, sizeof(safe), "%s", c->actor);
		for (i = 0; safe[i]; i++)
			if ((unsigned char)safe[i] < 0x20 || safe[i] == 0x7f)
				safe[i] = '?';
		return acc_error_set(ACC_EREFUSED, "%s is not a delegate of any organisation",
				     safe);
	}
	return 0;
}

/* ---- derived views -------------------------------------------------------- */

int acc_ops_ballot(const acc_ballot **out, const acc_state *st, const char *id)
{
	const acc_amendment *a;

	if (strcmp(id, "ratification") == 0) {
		*out = &st->ratification;
		return 0;
	}
	if (!(a = acc_state_amendment(st, id)))
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
	*out = &a->ballot;
	return 0;
}

int acc_ops_tally(acc_tally *out, const acc_state *st, const acc_ballot *b)
{
	acc_ballot_entry *e = NULL;
	size_t n;
	int rc;

	if ((rc = acc_state_electorate(&e, &n, st, b)) < 0)
		return rc;
	acc_rules_tally(out, e, n, b->rule, b->quorum_num, b->quorum_den,
			b->state == ACC_BALLOT_CLOSED);
	free(e);
	return 0;
}

const char *acc_ops_target_text(const acc_state *st, const acc_amendment *a)
{
	if (a->amends) {
		const acc_amendment *p = acc_state_amendment(st, a->amends);

		return p ? p->text : "";
	}
	if (a->op == ACC_OP_INSERT_AFTER)
		return "";
	{
		const acc_clause *cl = acc_state_clause(st, a->clause);

		return cl ? cl->text : "";
	}
}

typedef struct {
	const acc_amendment *a;
	long agenda; /* position in the chair's order, or LONG_MAX */
	size_t changed;
} order_item;

/* Orders by agenda, compromise texts first, deletions, most changed, then id. */
static int cmp_order(const void *x, const void *y)
{
	const order_item *a = x, *b = y;

	if (a->agenda != b->agenda)
		return a->agenda < b->agenda ? -1 : 1;
	if (!a->a->supersedes.count != !b->a->supersedes.count)
		return a->a->supersedes.count ? -1 : 1;
	if ((a->a->op == ACC_OP_DELETE) != (b->a->op == ACC_OP_DELETE))
		return a->a->op == ACC_OP_DELETE ? -1 : 1;
	if (a->changed != b->changed)
		return a->changed > b->changed ? -1 : 1;
	if (a->a->sponsor && b->a->sponsor && strcmp(a->a->sponsor, b->a->sponsor) != 0)
		return strcmp(a->a->sponsor, b->a->sponsor);
	return a->a->seq < b->a->seq ? -1 : a->a->seq > b->a->seq;
}

int acc_ops_voting_order(const acc_amendment ***out, size_t *n, const acc_state *st,
			 const char *clause)
{
	order_item *items = acc_calloc(st->namendments ? st->namendments : 1, sizeof(*items));
	const acc_strlist *agenda = NULL;
	size_t i, k = 0;
	long ai = acc_strlist_find(&st->agenda_clause, clause);
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!items)
		return ACC_ENOMEM;
	if (ai >= 0)
		agenda = &st->agenda[ai];
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];
		acc_diff d = {0};
		const char *old, *new;
		long pos;

		if (a->amends || strcmp(a->clause, clause) != 0 ||
		    (a->status != ACC_ST_TABLED && a->status != ACC_ST_VOTING &&
		     a->status != ACC_ST_STALE))
			continue;
		old = acc_ops_target_text(st, a);
		new = a->op == ACC_OP_DELETE ? "" : acc_amendment_effective_text(st, a);
		if ((rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
			goto done;
		items[k].a = a;
		items[k].changed = d.changed_tokens;
		pos = agenda ? acc_strlist_find(agenda, a->id) : -1;
		items[k].agenda = pos >= 0 ? pos : 0x7fffffffL;
		acc_diff_free(&d);
		k++;
	}
	qsort(items, k, sizeof(*items), cmp_order);
	{
		const acc_amendment **v = acc_calloc(k ? k : 1, sizeof(*v));

		if (!v) {
			rc = ACC_ENOMEM;
			goto done;
		}
		for (i = 0; i < k; i++)
			v[i] = items[i].a;
		*out = v;
		*n = k;
	}
done:
	free(items);
	return rc;
}
