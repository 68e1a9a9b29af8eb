/* act_open: the chair opens a ballot. */
#include "accord/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/bracket_ops.h"
#include "accord/merge3.h"
#include "accord/record.h"
#include "accord/sign.h"
#include "accord/translate.h"
#include "internal.h"

typedef struct {
	const char *id, *rule, *quorum;
	int lang_only; /* the adoption of the negotiation-language text only */
} open_args;

/* The first amendment that the voting order puts before a on its clause
 * and that could be put to the vote now (tabled: a stale one must be
 * rebased first), or NULL: opening a then is the chair's choice to depart
 * from the order, which the commit records. */
static int skipped_in_order(const acc_amendment **out, const acc_state *st, const acc_amendment *a)
{
	const acc_amendment **order = NULL;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	if (a->amends)
		return 0; /* an amendment to an amendment goes first anyway */
	if ((rc = acc_ops_voting_order(&order, &n, st, a->clause)) < 0)
		return rc;
	for (i = 0; i < n && order[i] != a && !*out; i++)
		if (order[i]->status == ACC_ST_TABLED)
			*out = order[i];
	free(order);
	return 0;
}

/* Builds the opening of a ballot. */
static int build_open(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	const open_args *o = arg;
	int is_rat = strcmp(o->id, "ratification") == 0;
	const acc_amendment *a = is_rat ? NULL : acc_state_amendment(st, o->id), *skipped = NULL;
	acc_rule rule = is_rat ? st->conv.ratification_rule : st->conv.rule;
	unsigned qn = is_rat ? st->conv.rat_quorum_num : st->conv.quorum_num;
	unsigned qd = is_rat ? st->conv.rat_quorum_den : st->conv.quorum_den;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL;
	size_t i;
	int rc;

	if (!is_rat && !a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", o->id);
	if (!is_rat && o->lang_only)
		return acc_error_set(ACC_EUSAGE, "only the adoption (ratification) ballot adopts "
						 "the negotiation-language text only");
	if (o->rule && acc_rule_parse(&rule, o->rule) < 0)
		return acc_error_set(ACC_EUSAGE,
				     "unknown rule '%s' (simple, two-thirds, absolute, unanimity, "
				     "consensus)",
				     o->rule);
	if (o->quorum && (rc = acc_fraction_parse(&qn, &qd, o->quorum)) < 0)
		return ACC_EUSAGE;
	if (acc_ratified(st))
		return REFUSE("the convention is already ratified");
	if (is_rat) {
		if (st->ratification.state == ACC_BALLOT_OPEN)
			return REFUSE("the ratification ballot is already open");
		/* a closed ballot never re-opens: its votes and terms are final */
		if (st->ratification.state != ACC_BALLOT_NONE)
			return REFUSE("the ratification ballot was closed (%s): a closed ballot "
				      "never re-opens",
				      acc_result_name(st->ratification.result));
		for (i = 0; i < st->namendments; i++)
			if (st->amendments[i].status == ACC_ST_VOTING)
				return REFUSE(
				    "%s is still open for vote: close it before ratification",
				    st->amendments[i].id);
		/* adopting the negotiation-language text only, the other
		 * texts are not established by it: their staleness is moot */
		if (!o->lang_only && (rc = acc_adoption_check_languages(st)) < 0)
			return rc; /* adoption_langs.c */
	} else {
		if (a->status == ACC_ST_STALE)
			return REFUSE("%s is stale: its text was drafted against an older version; "
				      "its sponsor must rebase it first",
				      a->id);
		if (a->status != ACC_ST_TABLED)
			return REFUSE("%s is %s: only a tabled amendment can be put to the vote",
				      a->id, acc_status_name(a->status));
		if (st->ratification.state == ACC_BALLOT_OPEN)
			return REFUSE("the ratification ballot is open");
		for (i = 0; i < st->namendments; i++) {
			const acc_amendment *s = &st->amendments[i];

			if (s->amends && strcmp(s->amends, a->id) == 0 &&
			    (s->status == ACC_ST_TABLED || s->status == ACC_ST_VOTING ||
			     s->status == ACC_ST_STALE))
				return REFUSE("%s has a pending amendment (%s): vote on that first",
					      a->id, s->id);
		}
	}
	if (is_rat && (rc = acc_brackets_check_whole_text(st)) < 0)
		return rc; /* no bracket may be open (src/ops/brackets.c) */
	if (a && (rc = skipped_in_order(&skipped, st, a)) < 0)
		return rc;
	if (!(dir = acc_ballot_dir(st, o->id)) || !(path = acc_sprintf("%s/ballot", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	/* the terms are fixed now: rule, quorum and the electorate of today */
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_ballot_head(r, "open", rule, qn, qd)) < 0 ||
	    (rc = acc_electorate_fields(r, st)) < 0 ||
	    (o->lang_only &&
	     (rc = acc_record_add(r, "Negotiation-Language-Only", st->conv.language)) < 0) ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	{
		char q[32];

		acc_fraction_format(q, sizeof(q), qn, qd);
		rc = acc_buf_printf(&act->msg,
				    "Open the ballot on %s (%s majority, quorum %s)%s%s\n",
				    is_rat ? "ratification" : a->id, acc_rule_name(rule), q,
				    skipped ? ", out of the voting order: before " : "",
				    skipped ? skipped->id : "");
	}
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_open, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Ballot: %s\n", o->id);
	/* a rule or quorum other than the convention's is said openly */
	if (rc == 0 && o->rule)
		rc = acc_buf_printf(&act->msg, "Accord-Rule: %s\n", acc_rule_name(rule));
	if (rc == 0 && o->quorum) {
		char q[32];

		acc_fraction_format(q, sizeof(q), qn, qd);
		rc = acc_buf_printf(&act->msg, "Accord-Quorum: %s\n", q);
	}
	if (rc == 0 && a)
		rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
				    a->clause);
	if (rc == 0 && skipped)
		rc = acc_buf_printf(&act->msg, "Accord-Out-Of-Order: %s\n", skipped->id);
	if (rc == 0 && is_rat && o->lang_only)
		rc = acc_buf_printf(&act->msg, "Accord-Negotiation-Language-Only: %s\n",
				    st->conv.language);
	else if (rc == 0 && is_rat)
		rc = acc_adoption_missing_trailers(&act->msg, st);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_open(acc_oid_hex commit, acc_ctx *c, const char *id, const char *rule,
		 const char *quorum)
{
	open_args o = {id, rule, quorum, 0};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_open, &o);

	acc_action_reset(&act);
	return rc;
}

int acc_ops_open_adoption(acc_oid_hex commit, acc_ctx *c, const char *rule, const char *quorum,
			  int lang_only)
{
	open_args o = {"ratification", rule, quorum, lang_only};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_open, &o);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds an opening from its Accord-Ballot trailer, and the Accord-Rule
 * and Accord-Quorum trailers when the chair chose terms other than the
 * convention's: the ballot file after it must hold exactly the terms and
 * the electorate the opening writes from the state before it. */
static int replay_open(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *ballot = NULL, *rule = acc_trailer(in->message, "Rule"),
	     *quorum = acc_trailer(in->message, "Quorum"),
	     *only = acc_trailer(in->message, "Negotiation-Language-Only");
	open_args o;
	int rc;

	if ((rc = acc_replay_trailer(&ballot, in, "opening", "Ballot")) == 0) {
		o.id = ballot;
		o.rule = rule;
		o.quorum = quorum;
		o.lang_only = only != NULL;
		if (only && strcmp(only, in->before->conv.language) != 0)
			rc = REFUSE("the adoption names %s as the negotiation language, not %s",
				    only, in->before->conv.language);
		else
			rc = build_open(act, c, in->before, in->org, in->del, &o);
	}
	free(only);
	free(ballot);
	free(rule);
	free(quorum);
	return rc;
}

static const char *const open_writes[] = {"amendments/*/*/ballot", "ratification/ballot", NULL};
static const char *const open_trailers[] = {
    "Ballot", "Amendment", "Clause", "Rule", "Quorum", "Out-Of-Order", "Negotiation-Language-Only",
    NULL};

const acc_action_def acc_action_open = {
    .spec = {.name = "open",
	     .summary = "open the ballot on an amendment or on the ratification",
	     .who = ACC_WHO_CHAIR,
	     .verb = "opens ballots",
	     .writes = open_writes,
	     .trailers = open_trailers},
    .build = build_open,
    .replay = replay_open,
    .mismatch = "ballot terms or an electorate other than the opening's",
};

int acc_ops_may_open(acc_ctx *c, const acc_state *st, const char *id)
{
	open_args o = {id, NULL, NULL, 0};

	return acc_action_try(c, st, &acc_action_open, &o);
}
