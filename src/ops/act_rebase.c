/*
 * rebase: the rebase action, which carries a stale amendment onto the
 * current text of its target with the word-level merge (merge3.c).
 */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "accord/merge3.h"
#include "accord/record.h"
#include "internal.h"

/* ---- the rebase action -------------------------------------------------------- */

typedef struct {
	const char *id;
	char *conflict; /* the text with markers, when the merge failed */
} rebase_args;

/* Builds the rebase of a stale amendment. */
static int build_rebase(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	rebase_args *ra = arg;
	const acc_amendment *a = acc_state_amendment(st, ra->id), *parent = NULL;
	const acc_clause *cl = NULL;
	const char *newbase, *target;
	acc_record *r = NULL;
	char *merged = NULL, *body = NULL, *dir = NULL, *path = NULL;
	int conflict = 0, rc;

	(void)del;
	if (!a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", ra->id);
	if (acc_ratified(st))
		return REFUSE("the convention is ratified: its text is final");
	if (strcmp(a->sponsor, org->id) != 0)
		return REFUSE("only its sponsor (%s) may rebase %s", a->sponsor, a->id);
	if (a->status != ACC_ST_STALE) {
		if (a->status == ACC_ST_TABLED)
			return REFUSE("%s is up to date with the text it amends: nothing to rebase",
				      a->id);
		return REFUSE("%s is %s: only a stale amendment is rebased", a->id,
			      acc_status_name(a->status));
	}
	if (a->amends) {
		if (!(parent = acc_state_amendment(st, a->amends)))
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", a->amends);
		newbase = parent->blob;
	} else {
		if (!(cl = acc_state_clause(st, a->clause)))
			return REFUSE("clause %s no longer exists", a->clause);
		newbase = cl->blob;
	}
	target = acc_ops_target_text(st, a);
	if ((rc = acc_ops_rebased_text(&merged, &conflict, c->store, st, a)) < 0)
		goto done;
	if (conflict) {
		free(ra->conflict);
		ra->conflict = merged;
		merged = NULL;
		if (parent)
			rc = acc_error_set(ACC_ERROR,
					   "cannot rebase %s: its changes overlap the current text "
					   "of %s",
					   a->id, parent->id);
		else
			rc = acc_error_set(ACC_ERROR,
					   "cannot rebase %s: its changes overlap the adopted text",
					   a->id);
		goto done;
	}
	if (a->op != ACC_OP_DELETE) {
		if ((rc = acc_ops_user_text(&body, merged, strlen(merged), "rebased text")) < 0)
			goto done;
		if (!body[0] || strcmp(body, target) == 0) {
			rc = REFUSE("cannot rebase %s: the current text already makes its changes "
				    "(withdraw it instead)",
				    a->id);
			goto done;
		}
	}
	if ((rc = acc_amendment_record(&r, a, st)) < 0 ||
	    (rc = acc_record_set(r, "Base", newbase)) < 0)
		goto done;
	if (body && (rc = acc_record_set_body(r, body, strlen(body))) < 0)
		goto done;
	if (!(dir = acc_path_amendment_dir(a->sponsor, a->seq)) ||
	    !(path = acc_sprintf("%s/amendment", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if (parent)
		rc = acc_buf_printf(&act->msg, "Rebase %s onto the current text of %s (by %s)\n",
				    a->id, parent->id, org->id);
	else
		rc = acc_buf_printf(&act->msg,
				    "Rebase %s onto the current text of clause %s (by %s)\n", a->id,
				    a->clause, org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_rebase, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg,
				    "Accord-Amendment: %s\nAccord-Clause: %s\nAccord-Base: %s\n",
				    a->id, a->clause, newbase);
done:
	acc_record_free(r);
	free(merged);
	free(body);
	free(dir);
	free(path);
	return rc;
}

int acc_ops_rebase(acc_oid_hex commit, char **conflict, acc_ctx *c, const char *id)
{
	rebase_args ra = {id, NULL};
	acc_action act = {0};
	int rc;

	if (conflict)
		*conflict = NULL;
	if ((rc = acc_id_check(id, "amendment")) < 0)
		return rc;
	rc = acc_action_run(commit, &act, c, &acc_action_rebase, &ra);
	acc_action_reset(&act);
	if (rc < 0 && conflict && ra.conflict) {
		*conflict = ra.conflict;
		ra.conflict = NULL;
	}
	free(ra.conflict);
	return rc;
}

/*
 * Rebuilds the rebase a commit claims to be: the same action against the
 * state before it.  A rebase has no other argument than its amendment: the
 * merged text is determined by that state, so a commit whose text differs
 * from the merge (words slipped in under the co-sponsors' names) is caught
 * when the caller compares the changes.
 */
static int replay_rebase(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	rebase_args ra = {NULL, NULL};
	char *amendment = NULL;
	int rc;

	if ((rc = acc_replay_trailer(&amendment, in, "rebase", "Amendment")) < 0)
		return rc;
	ra.id = amendment;
	rc = build_rebase(act, c, in->before, in->org, in->del, &ra);
	free(ra.conflict);
	free(amendment);
	return rc;
}

static const char *const rebase_writes[] = {"amendments/{org}/*/amendment", NULL};
static const char *const rebase_trailers[] = {"Amendment", "Clause", NULL};

const acc_action_def acc_action_rebase = {
    .spec = {.name = "rebase",
	     .summary = "carry your stale amendment onto the current text (word-level merge)",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "rebase amendments",
	     .writes = rebase_writes,
	     .trailers = rebase_trailers},
    .build = build_rebase,
    .replay = replay_rebase,
};
