/*
 * act_cosponsor: an organisation consents to co-sponsor an amendment, or
 * takes its consent back.  The sponsor only invites (Invited lines of its
 * amendment file); an organisation is listed as a co-sponsor only through
 * its own file amendments/<sponsor>/<n>/cosponsors/<org>, written and
 * removed by its own signed action.
 */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* What a co-sponsorship action is asked. */
typedef struct {
	const char *id;
	int withdraw;
} cosponsor_args;

/* The path of org's consent file in amendment a's folder (malloc'd). */
static char *consent_path(const acc_amendment *a, const char *org)
{
	char *dir = acc_path_amendment_dir(a->sponsor, a->seq);
	char *path = dir ? acc_sprintf("%s/cosponsors/%s", dir, org) : NULL;

	free(dir);
	return path;
}

/* Builds a consent to co-sponsor, or its withdrawal. */
static int build_cosponsor(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			   const acc_delegate *del, void *arg)
{
	const cosponsor_args *ca = arg;
	const acc_amendment *a = acc_state_amendment(st, ca->id);
	acc_record *r = NULL;
	char *path = NULL;
	int rc, listed;

	(void)c;
	if (!a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", ca->id);
	if (strcmp(a->sponsor, org->id) == 0)
		return REFUSE("%s is the sponsor of %s: a sponsor does not co-sponsor", org->id,
			      a->id);
	if (acc_strlist_find(&a->invited, org->id) < 0)
		return REFUSE("%s has not invited %s to co-sponsor %s", a->sponsor, org->id, a->id);
	if (a->status == ACC_ST_VOTING)
		return REFUSE("%s is being voted on: its co-sponsors are fixed while its ballot "
			      "is open",
			      a->id);
	if (a->status != ACC_ST_TABLED && a->status != ACC_ST_STALE)
		return REFUSE("%s is %s: its co-sponsors can no longer change", a->id,
			      acc_status_name(a->status));
	listed = acc_strlist_find(&a->cosponsors, org->id) >= 0;
	if (!ca->withdraw && listed)
		return REFUSE("%s already co-sponsors %s", org->id, a->id);
	if (ca->withdraw && !listed)
		return REFUSE("%s does not co-sponsor %s", org->id, a->id);
	if (!(path = consent_path(a, org->id)))
		return ACC_ENOMEM;
	if (ca->withdraw && acc_strlist_find(&a->cosponsor_lines, org->id) >= 0) {
		/* an old Cosponsor line is the sponsor's file: not ours to edit */
		rc = REFUSE("%s is listed by %s's own amendment file (written before "
			    "invitations): only its sponsor's file names it",
			    org->id, a->sponsor);
		goto done;
	}
	if (ca->withdraw)
		rc = acc_action_put(act, path, NULL, 0);
	else if ((rc = acc_record_new(&r)) == 0 &&
		 (rc = acc_record_add(r, "Amendment", a->id)) == 0 &&
		 (rc = acc_record_add(r, "Delegate", del->email)) == 0)
		rc = acc_action_put_record(act, path, r);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "%s %s (by %s)\n",
				    ca->withdraw ? "Withdraw co-sponsorship of" : "Co-sponsor",
				    a->id, org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_cosponsor, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n%s", a->id,
				    a->clause, ca->withdraw ? "Accord-Withdraw: yes\n" : "");
done:
	acc_record_free(r);
	free(path);
	return rc;
}

int acc_ops_may_cosponsor(acc_ctx *c, const acc_state *st, const char *id, int withdraw)
{
	cosponsor_args ca = {id, withdraw};

	return acc_action_try(c, st, &acc_action_cosponsor, &ca);
}

int acc_ops_cosponsor(acc_oid_hex commit, acc_ctx *c, const char *id, int withdraw)
{
	acc_action act = {0};
	cosponsor_args ca = {id, withdraw};
	int rc = acc_action_run(commit, &act, c, &acc_action_cosponsor, &ca);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a consent or its withdrawal from its Accord-Amendment and
 * Accord-Withdraw trailers. */
static int replay_cosponsor(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	cosponsor_args ca = {NULL, 0};
	char *id = NULL, *w = acc_trailer(in->message, "Withdraw");
	int rc;

	ca.withdraw = w && strcmp(w, "yes") == 0;
	if (w && !ca.withdraw)
		rc = acc_error_set(ACC_EINVAL, "a co-sponsorship with Accord-Withdraw: %.40s", w);
	else if ((rc = acc_replay_trailer(&id, in, "co-sponsorship", "Amendment")) == 0) {
		ca.id = id;
		rc = build_cosponsor(act, c, in->before, in->org, in->del, &ca);
	}
	free(id);
	free(w);
	return rc;
}

static const char *const cosponsor_writes[] = {"amendments/*/*/cosponsors/{org}", NULL};
static const char *const cosponsor_trailers[] = {"Amendment", "Clause", "Withdraw", NULL};

const acc_action_def acc_action_cosponsor = {
    .spec = {.name = "cosponsor",
	     .summary = "consent to co-sponsor an amendment you were invited to (or withdraw "
			"the consent)",
	     .who = ACC_WHO_NOT_CHAIR,
	     .verb = "co-sponsor amendments",
	     .writes = cosponsor_writes,
	     .trailers = cosponsor_trailers},
    .build = build_cosponsor,
    .replay = replay_cosponsor,
    .mismatch = "a co-sponsor's file holds only its amendment and its delegate",
};
