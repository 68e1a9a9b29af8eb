/* act_sign: an organisation signs the ratified convention. */
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

/* Builds a signature of the ratified text. */
static int build_sign(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	acc_record *r = NULL;
	char *path = NULL, date[32];
	time_t t = (time_t)acc_now(c);
	struct tm tm;
	size_t i;
	int rc;

	(void)arg;
	if (!acc_ratified(st))
		return REFUSE("the convention has not been ratified: nothing to sign yet");
	for (i = 0; i < st->nsignatures; i++)
		if (strcmp(st->signatures[i].org, org->id) == 0)
			return REFUSE("%s has already signed", org->id);
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!(path = acc_sprintf("ratification/signatures/%s", org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_record_add(r, "Date", date)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Sign the convention (%s)\n", org->id)) == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_sign, org);
done:
	acc_record_free(r);
	free(path);
	return rc;
}

int acc_ops_sign(acc_oid_hex commit, acc_ctx *c)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_sign, NULL);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a signature: it has no argument but who signs. */
static int replay_sign(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	return build_sign(act, c, in->before, in->org, in->del, NULL);
}

static const char *const sign_writes[] = {"ratification/signatures/{org}", NULL};

const acc_action_def acc_action_sign = {
    .spec = {.name = "sign",
	     .summary = "sign the ratified convention for your organisation",
	     .who = ACC_WHO_MEMBER,
	     .verb = "sign",
	     .writes = sign_writes,
	     .trailers = NULL},
    .build = build_sign,
    .replay = replay_sign,
};
