/* cmd_rollcall: `accord record`, `confirm`, `contest` and `explain`: the
 * roll-call recorded by the chair, the answers to it, explanations of vote. */
#include <stdlib.h>
#include <string.h>

#include "accord/ops.h"
#include "accord/record.h"
#include "out.h"

/* The argument of the command's option opt, or NULL. */
static const char *opt_arg(const acc_cli *c, int opt)
{
	const char *v = NULL;
	size_t k;

	for (k = 0; k < c->nopts; k++)
		if (c->opts[k].opt == opt)
			v = c->opts[k].arg;
	return v;
}

/* accord record BALLOT --roll-call FILE */
int acc_cmd_record(acc_cli *c, int argc, char **argv)
{
	const char *file = opt_arg(c, 'r');
	acc_oid_hex commit;
	char *text = NULL;
	size_t len = 0;
	int rc;

	(void)argc;
	if (!file)
		return out_usage(c, "the roll-call is needed: --roll-call FILE (- reads standard "
				    "input)");
	if ((rc = acc_file_read(&text, &len, file, ACC_RECORD_MAX_SIZE / 2)) < 0)
		return out_fail(c, rc);
	if (memchr(text, '\0', len)) {
		free(text);
		return out_usage(c, "%s: not a text file", file);
	}
	rc = acc_ops_record(commit, c->ctx, argv[optind], text);
	free(text);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "recorded the roll-call on %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord confirm BALLOT, accord contest BALLOT [-m TEXT] */
static int respond(acc_cli *c, char **argv, int contest)
{
	acc_oid_hex commit;
	int rc;

	if ((rc = acc_ops_respond(commit, c->ctx, argv[optind], contest, opt_arg(c, 'm'))) < 0)
		return out_fail(c, rc);
	out_printf(c, "%s the recorded vote on %s (%.12s)\n", contest ? "contested" : "confirmed",
		   argv[optind], commit);
	return 0;
}

/* accord confirm BALLOT */
int acc_cmd_confirm(acc_cli *c, int argc, char **argv)
{
	(void)argc;
	return respond(c, argv, 0);
}

/* accord contest BALLOT [-m TEXT] */
int acc_cmd_contest(acc_cli *c, int argc, char **argv)
{
	(void)argc;
	return respond(c, argv, 1);
}

/* accord explain BALLOT (--text-file F | -m TEXT) */
int acc_cmd_explain(acc_cli *c, int argc, char **argv)
{
	const char *file = opt_arg(c, 't'), *msg = opt_arg(c, 'm');
	acc_oid_hex commit;
	char *text = NULL;
	size_t len = 0;
	int rc;

	(void)argc;
	if (!file == !msg)
		return out_usage(c, "give the explanation with one of --text-file FILE or -m TEXT");
	if (file) {
		if ((rc = acc_file_read(&text, &len, file, ACC_RECORD_MAX_SIZE / 2)) < 0)
			return out_fail(c, rc);
		if (memchr(text, '\0', len)) {
			free(text);
			return out_usage(c, "%s: not a text file", file);
		}
	}
	rc = acc_ops_explain(commit, c->ctx, argv[optind], text ? text : msg);
	free(text);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "explained the vote on %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* One roll-call line of a tally, marked when the chair recorded it. */
void out_rollcall_vote(acc_cli *c, const acc_ballot *b, const acc_vote_rec *v)
{
	const acc_recorded_vote *r = v->recorded ? acc_ballot_recorded(b, v->org) : NULL;
	const char *mark =
	    !v->recorded				 ? ""
	    : r && r->response == ACC_RESPONSE_CONFIRMED ? " (recorded by the chair, confirmed)"
	    : r && r->response == ACC_RESPONSE_CONTESTED ? " (recorded by the chair, contested)"
							 : " (recorded by the chair)";

	out_printf(c, "  %-20s %s%s\n", v->org, acc_vote_name(v->vote), mark);
}

/* The counts by source, recorded absences, contests and explanations. */
void out_rollcall(acc_cli *c, const acc_query_tally *q)
{
	const acc_ballot *b = q->ballot, *now = q->now ? q->now : q->ballot;
	size_t i;

	if (b->round) {
		out_printf(c, "votes: %u recorded by the chair, %u signed by the delegations\n",
			   q->recorded_votes, q->signed_votes);
		out_printf(c, "roll-call recorded by %s (round %u)\n", b->recorder, b->round);
	}
	for (i = 0; i < b->nrecorded; i++) {
		const acc_recorded_vote *r = &b->recorded[i];

		if (r->vote == ACC_VOTE_NONE && !r->overridden)
			out_printf(c, "  %-20s absent (recorded by the chair%s)\n", r->org,
				   r->response == ACC_RESPONSE_CONTESTED ? ", contested" : "");
		if (r->response == ACC_RESPONSE_CONTESTED && !r->overridden)
			out_printf(c, "contested by %s: %s\n", r->org,
				   r->reason ? r->reason : "(no reason given)\n");
	}
	for (i = 0; i < now->nexplanations; i++)
		out_printf(c, "explanation of vote by %s (%s):\n%s", now->explanations[i].org,
			   now->explanations[i].delegate, now->explanations[i].text);
}
