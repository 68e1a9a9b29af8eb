/* act_withdraw: a sponsor withdraws its amendment. */
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

/* What a withdrawal carries: the amendment, and the compromise it is
 * withdrawn in favour of (or NULL). */
typedef struct {
	const char *id, *favour;
} withdraw_args;

/* Builds a withdrawal. */
static int build_withdraw(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			  const acc_delegate *del, void *arg)
{
	const withdraw_args *w = arg;
	const char *id = w->id;
	const acc_amendment *a = acc_state_amendment(st, id), *f = NULL;
	acc_record *r = NULL;
	char *path = NULL;
	int rc;

	if (!a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
	if (strcmp(a->sponsor, org->id) != 0)
		return REFUSE("only its sponsor (%s) may withdraw %s", a->sponsor, a->id);
	if (a->status == ACC_ST_VOTING)
		return REFUSE(
		    "%s is being voted on: it cannot be withdrawn while its ballot is open", a->id);
	if (a->status != ACC_ST_TABLED && a->status != ACC_ST_STALE)
		return REFUSE("%s is %s: it can no longer be withdrawn", a->id,
			      acc_status_name(a->status));
	if (w->favour) {
		if (!(f = acc_state_amendment(st, w->favour)))
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", w->favour);
		if (acc_strlist_find(&f->supersedes, a->id) < 0)
			return REFUSE("%s is not a compromise text superseding %s", f->id, a->id);
		if (f->status != ACC_ST_TABLED && f->status != ACC_ST_STALE &&
		    f->status != ACC_ST_VOTING)
			return REFUSE("the compromise %s is %s", f->id, acc_status_name(f->status));
	}
	if ((rc = acc_amendment_record(&r, a, st)) < 0 ||
	    (rc = acc_record_set(r, "Status", "withdrawn")) < 0)
		goto done;
	{
		char *dir = acc_path_amendment_dir(a->sponsor, a->seq);

		path = dir ? acc_sprintf("%s/amendment", dir) : NULL;
		free(dir);
	}
	if (!path) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_action_put_record(act, path, r)) < 0 ||
	    (rc = f ? acc_buf_printf(&act->msg, "Withdraw %s in favour of %s (by %s)\n", a->id,
				     f->id, org->id)
		    : acc_buf_printf(&act->msg, "Withdraw %s (by %s)\n", a->id, org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_withdraw, org)) < 0)
		goto done;
	rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
			    a->clause);
	if (rc == 0 && f)
		rc = acc_buf_printf(&act->msg, "Accord-In-Favour-Of: %s\n", f->id);
done:
	free(path);
	acc_record_free(r);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_withdraw(acc_oid_hex commit, acc_ctx *c, const char *id)
{
	return acc_ops_withdraw_for(commit, c, id, NULL);
}

int acc_ops_withdraw_for(acc_oid_hex commit, acc_ctx *c, const char *id, const char *favour)
{
	withdraw_args w = {id, favour};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_withdraw, &w);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a withdrawal from its Accord-Amendment trailer. */
static int replay_withdraw(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *id = NULL, *favour = acc_trailer(in->message, "In-Favour-Of");
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "withdrawal", "Amendment")) == 0) {
		withdraw_args w = {id, favour};

		rc = build_withdraw(act, c, in->before, in->org, in->del, &w);
	}
	free(id);
	free(favour);
	return rc;
}

static const char *const withdraw_writes[] = {"amendments/{org}/*/amendment", NULL};
static const char *const withdraw_trailers[] = {"Amendment", "Clause", "In-Favour-Of", NULL};

const acc_action_def acc_action_withdraw = {
    .spec = {.name = "withdraw",
	     .summary = "withdraw your organisation's amendment",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "withdraw amendments",
	     .writes = withdraw_writes,
	     .trailers = withdraw_trailers},
    .build = build_withdraw,
    .replay = replay_withdraw,
};

int acc_ops_may_withdraw(acc_ctx *c, const acc_state *st, const char *id)
{
	withdraw_args w = {id, NULL};

	return acc_action_try(c, st, &acc_action_withdraw, &w);
}
