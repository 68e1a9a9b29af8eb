/* act_order: the chair sets the voting order on a clause. */
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

typedef struct {
	const char *clause;
	const char *const *ids;
	size_t n;
} order_args;

/* Builds the chair's voting order for a clause. */
static int build_order(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const order_args *o = arg;
	acc_record *r = NULL;
	acc_buf body = ACC_BUF_INIT;
	char *path = NULL;
	size_t i, j;
	int rc = 0;

	if (!acc_state_clause(st, o->clause))
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", o->clause);
	for (i = 0; i < o->n && rc == 0; i++) {
		const acc_amendment *a = acc_state_amendment(st, o->ids[i]);

		if (!a)
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", o->ids[i]);
		if (strcmp(a->clause, o->clause) != 0 || a->amends)
			return REFUSE("%s does not amend clause %s", a->id, o->clause);
		for (j = 0; j < i; j++)
			if (strcmp(o->ids[j], o->ids[i]) == 0)
				return acc_error_set(ACC_EUSAGE, "%s is listed twice", a->id);
		rc = acc_buf_printf(&body, "%s\n", a->id);
	}
	if (rc < 0 || !(path = acc_path_agenda(o->clause))) {
		rc = rc < 0 ? rc : ACC_ENOMEM;
		goto done;
	}
	if (o->n == 0) {
		rc = acc_action_put(act, path, NULL, 0);
	} else if ((rc = acc_record_new(&r)) == 0 &&
		   (rc = acc_record_set_body(r, body.ptr, body.size)) == 0) {
		rc = acc_action_put_record(act, path, r);
	}
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Set the voting order on clause %s\n", o->clause);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_order, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Clause: %s\n", o->clause);
done:
	acc_record_free(r);
	acc_buf_free(&body);
	free(path);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_order(acc_oid_hex commit, acc_ctx *c, const char *clause, const char *const *ids,
		  size_t n)
{
	order_args o = {clause, ids, n};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_order, &o);

	acc_action_reset(&act);
	return rc;
}

/* ---- replay (for verification and sync) ------------------------------- */

/* Rebuilds a voting order from its Accord-Clause trailer and the agenda
 * the tree after it holds for that clause. */
static int replay_order(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	order_args o = {NULL, NULL, 0};
	char *clause = NULL;
	long i;
	int rc;

	if ((rc = acc_replay_trailer(&clause, in, "order", "Clause")) < 0)
		return rc;
	if ((i = acc_strlist_find(&in->after->agenda_clause, clause)) >= 0) {
		o.ids = (const char *const *)in->after->agenda[i].items;
		o.n = in->after->agenda[i].count;
	}
	o.clause = clause;
	rc = build_order(act, c, in->before, in->org, in->del, &o);
	free(clause);
	return rc;
}

static const char *const order_writes[] = {"agenda/*", NULL};
static const char *const order_trailers[] = {"Clause", NULL};

const acc_action_def acc_action_order = {
    .spec = {.name = "order",
	     .summary = "set the voting order of the amendments to a clause",
	     .who = ACC_WHO_CHAIR,
	     .verb = "sets the voting order",
	     .writes = order_writes,
	     .trailers = order_trailers},
    .build = build_order,
    .replay = replay_order,
};
