/*
 * run: the action machinery: collecting an action's changes, signing, and
 * committing it as one compare-and-swap from the tip it was checked against.
 */
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
#include "accord/textcheck.h"
#include "accord/verify.h"
#include "internal.h"

#define MAX_TRIES 20

/* Adds a change (copies path and data; data NULL removes the path);
 * refuses data the record may not hold (acc_text_check), so every action
 * and its replay in verify refuse it alike. */
int acc_action_put(acc_action *a, const char *path, const char *data, size_t len)
{
	char *p, *d = NULL;
	int rc;

	if (data && (rc = acc_text_check(path, data, len)) < 0)
		return rc;
	if (a->n == a->alloc) {
		size_t na = a->alloc ? a->alloc * 2 : 8;
		acc_change *nc = acc_realloc(a->changes, na * sizeof(*nc));
		char **no;

		if (!nc)
			return ACC_ENOMEM;
		a->changes = nc;
		if (!(no = acc_realloc(a->owned, na * 2 * sizeof(char *))))
			return ACC_ENOMEM;
		a->owned = no;
		a->alloc = na;
	}
	if (!(p = acc_strdup(path)) || (data && !(d = acc_strndup(data, len)))) {
		free(p);
		return ACC_ENOMEM;
	}
	a->owned[2 * a->n] = p;
	a->owned[2 * a->n + 1] = d;
	a->changes[a->n].path = p;
	a->changes[a->n].data = d;
	a->changes[a->n].len = data ? len : 0;
	a->n++;
	return 0;
}

/* The user's text (a proposal, a comment, an option...) normalised into a
 * body (acc_record_normalize_body), refused when the record may not hold
 * it, named by what and the line of the user's text (acc_text_check). */
int acc_ops_user_text(char **out, const char *text, size_t len, const char *what)
{
	int rc = acc_record_normalize_body(out, text, len, what);

	if (rc == 0 && (rc = acc_text_check(what, *out, strlen(*out))) < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* Adds a change writing record r at path. */
int acc_action_put_record(acc_action *a, const char *path, const acc_record *r)
{
	acc_buf b = ACC_BUF_INIT;
	int rc = acc_record_write(&b, r);

	if (rc == 0)
		rc = acc_action_put(a, path, b.ptr ? b.ptr : "", b.size);
	acc_buf_free(&b);
	return rc;
}

/* Frees what an action holds (not result_id/tag, handed to the caller). */
void acc_action_reset(acc_action *a)
{
	size_t i;

	for (i = 0; i < 2 * a->n; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->changes);
	acc_buf_free(&a->msg);
	free(a->result_id);
	free(a->tag);
	memset(a, 0, sizeof(*a));
}

/* The current time for commits. */
long long acc_now(const acc_ctx *c)
{
	return c->now ? c->now : (long long)time(NULL);
}

int acc_sign_commit(char **sig, const char *data, size_t len, void *payload)
{
	const acc_signing *plan = payload;
	char *pub = NULL;
	int rc;

	if ((rc = acc_sign(sig, plan->key, data, len)) < 0)
		return rc;
	/* check what ssh-keygen gave before it goes into the record */
	if ((rc = acc_sign_check(&pub, *sig, data, len)) < 0)
		acc_error_prefix(rc, "the new signature does not verify");
	else if (plan->expect && strcmp(pub, plan->expect) != 0)
		rc = acc_error_set(ACC_EREFUSED,
				   "the signature was not made with %s's registered key",
				   plan->email);
	free(pub);
	if (rc < 0) {
		free(*sig);
		*sig = NULL;
	}
	return rc;
}

int acc_signing_plan(acc_signing *plan, acc_ctx *c, const acc_state *st, const acc_delegate *del)
{
	int rc;

	memset(plan, 0, sizeof(*plan));
	plan->email = del->email;
	if (!c->key) {
		if (st->conv.signatures_required)
			return REFUSE("this convention requires signed actions: give --key FILE, "
				      "set ACCORD_KEY, or set git's user.signingkey");
		return 0;
	}
	if (!c->key_pub && (rc = acc_sign_pubkey(&c->key_pub, c->key)) < 0)
		return rc;
	if (del->key && strcmp(del->key, c->key_pub) != 0)
		return REFUSE("the key %s is not the one registered for %s", c->key, del->email);
	if (!del->key && st->conv.signatures_required)
		return REFUSE("%s has no registered key, and this convention requires signed "
			      "actions",
			      del->email);
	plan->key = c->key;
	plan->expect = c->key_pub;
	return 0;
}

/*
 * Runs one action: reads the tip, checks and builds through fn, commits,
 * and retries from a fresh read when another writer moved the branch.
 */
int acc_action_run(acc_oid_hex commit, acc_action *out, acc_ctx *c, const acc_action_def *def,
		   void *arg)
{
	return acc_action_run_part(commit, out, c, NULL, def, arg);
}

/* Checks who may take def and builds it against st. */
static int build(acc_action *out, acc_ctx *c, const acc_action_def *def, const acc_state *st,
		 const acc_org *org, const acc_delegate *del, void *arg)
{
	int rc;

	if ((rc = acc_action_permit(&def->spec, st, org)) < 0 ||
	    (rc = def->build(out, c, st, org, del, arg)) < 0)
		return rc;
	return acc_action_check_writes(def, org, out);
}

int acc_action_try(acc_ctx *c, const acc_state *st, const acc_action_def *def, void *arg)
{
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	acc_action scratch;
	int rc, froze = !c->now;

	memset(&scratch, 0, sizeof(scratch));
	if (froze)
		c->now = (long long)time(NULL);
	if ((rc = acc_ops_whoami(&org, &del, c, st)) == 0)
		rc = build(&scratch, c, def, st, org, del, arg);
	if (froze)
		c->now = 0;
	acc_action_reset(&scratch);
	return rc;
}

int acc_action_run_part(acc_oid_hex commit, acc_action *out, acc_ctx *c, const char *ballot,
			const acc_action_def *def, void *arg)
{
	int tries, rc = 0, froze = !c->now;

	/* one time for the whole action: its records and its commit agree */
	if (froze)
		c->now = (long long)time(NULL);

	for (tries = 0; tries < MAX_TRIES; tries++) {
		acc_oid_hex head;
		acc_state *st = NULL;
		const acc_org *org = NULL;
		const acc_delegate *del = NULL;
		acc_signing plan;
		acc_person who;
		int lock = -1;

		acc_action_reset(out);
		/* accord writers take turns from reading the tip to moving the
		 * branch; compare-and-swap still guards against other writers */
		if ((rc = acc_store_lock(c->store, &lock)) < 0)
			break;
		if ((rc = acc_store_head(c->store, head)) < 0 ||
		    (rc = ballot ? acc_store_load_part(&st, c->store, head, ballot)
				 : acc_store_load_state(&st, c->store, head)) < 0) {
			acc_store_unlock(lock);
			break;
		}
		acc_ctx_not_before(c, head); /* dates never go backwards */
		if ((rc = acc_ops_whoami(&org, &del, c, st)) < 0 ||
		    (rc = build(out, c, def, st, org, del, arg)) < 0 ||
		    (rc = acc_signing_plan(&plan, c, st, del)) < 0) {
			acc_state_free(st);
			acc_store_unlock(lock);
			break;
		}
		who.name = del->name;
		who.email = del->email;
		who.when = acc_now(c);
		who.offset = c->offset;
		rc = acc_store_commit_signed(c->store, commit, head, out->changes, out->n,
					     out->msg.ptr, &who, plan.key ? acc_sign_commit : NULL,
					     &plan);
		acc_store_unlock(lock);
		acc_state_free(st);
		if (rc != ACC_EMODIFIED)
			break;
		/* someone else committed first: back off a little, then re-check */
		usleep((useconds_t)(1000 * (1 + (tries * 7) % 13)));
	}
	if (froze)
		c->now = 0;
	if (rc == 0 && c->index) {
		acc_index *ix;

		/* best effort: the next read brings the index up to date anyway */
		if (acc_ops_index(&ix, c) < 0)
			acc_error_clear();
	}
	return rc;
}

/* Appends the standard trailers for org acting. */
int acc_action_trailers(acc_buf *m, const acc_action_def *def, const acc_org *org)
{
	return acc_buf_printf(m, "\nAccord-Action: %s\nAccord-Org: %s\n", def->spec.name, org->id);
}

/* True when the convention has been ratified (no more changes of text). */
int acc_ratified(const acc_state *st)
{
	return st->ratification.state == ACC_BALLOT_CLOSED &&
	       st->ratification.result == ACC_RESULT_ADOPTED;
}

int acc_action_tag(char **name, acc_ctx *c, const char *prefix, const char *commit,
		   acc_tag_body_fn body, const void *arg)
{
	acc_state *st = NULL;
	const acc_org *org;
	const acc_delegate *del;
	char *msg = NULL;
	unsigned long n;
	acc_oid_hex text;
	acc_signing plan;
	acc_person who;
	int rc;

	*name = NULL;
	if ((rc = acc_store_load_state(&st, c->store, commit)) < 0 ||
	    (rc = acc_ops_whoami(&org, &del, c, st)) < 0 ||
	    (rc = acc_signing_plan(&plan, c, st, del)) < 0 ||
	    (rc = acc_verify_tag_number(&n, c, prefix, commit)) < 0 ||
	    (rc = acc_store_text_id(text, c->store, commit)) < 0 ||
	    (rc = body(&msg, st, commit, text, arg)) < 0)
		goto done;
	if (!(*name = acc_sprintf("%s%lu", prefix, n))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	who.name = del->name;
	who.email = del->email;
	who.when = acc_now(c);
	who.offset = c->offset;
	rc = acc_store_tag_signed(c->store, *name, commit, msg, &who,
				  plan.key ? acc_sign_commit : NULL, &plan);
done:
	if (rc < 0) {
		free(*name);
		*name = NULL;
	}
	free(msg);
	acc_state_free(st);
	return rc;
}
