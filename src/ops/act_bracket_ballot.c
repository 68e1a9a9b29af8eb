/*
 * act_bracket_ballot: a ballot on a bracket.  The chair opens it (its
 * rule, quorum and electorate fixed then, as for an amendment), each
 * organisation chooses one option in its own file, and the chair closes
 * it: the first option the rule adopts (counting the electors who chose it
 * against those who chose another) goes into the text; when none does,
 * the bracket stays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "brackets.h"

/* What opening a bracket's ballot is asked. */
typedef struct {
	const char *id, *rule, *quorum;
} bopen_args;

/* Builds the opening of the ballot on a bracket. */
static int build_bopen(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const bopen_args *o = arg;
	const acc_bracket *b;
	acc_rule rule = st->conv.rule;
	unsigned qn = st->conv.quorum_num, qd = st->conv.quorum_den;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL, q[32];
	int rc;

	(void)c;
	(void)del;
	if ((rc = acc_bracket_get(&b, st, o->id)) < 0)
		return rc;
	if (o->rule && acc_rule_parse(&rule, o->rule) < 0)
		return acc_error_set(ACC_EUSAGE,
				     "unknown rule '%s' (simple, two-thirds, absolute, unanimity, "
				     "consensus)",
				     o->rule);
	if (o->quorum && acc_fraction_parse(&qn, &qd, o->quorum) < 0)
		return ACC_EUSAGE;
	if ((rc = acc_bracket_check_pending(st, b)) < 0)
		return rc;
	if (b->ballot == ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is already open", b->id);
	if (b->ballot == ACC_BALLOT_CLOSED)
		return REFUSE("the ballot on %s was closed without a choice: a closed ballot never "
			      "re-opens (resolve it by consensus)",
			      b->id);
	if (!(dir = acc_bracket_dir(b)) || !(path = acc_sprintf("%s/ballot", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_ballot_head(r, "open", rule, qn, qd)) < 0 ||
	    (rc = acc_electorate_fields(r, st)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	acc_fraction_format(q, sizeof(q), qn, qd);
	if ((rc = acc_buf_printf(&act->msg, "Open the ballot on %s (%s majority, quorum %s)\n",
				 b->id, acc_rule_name(rule), q)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_bracket_open, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Bracket: %s\nAccord-Clause: %s\n", b->id,
				 b->clause)) < 0)
		goto done;
	if (o->rule)
		rc = acc_buf_printf(&act->msg, "Accord-Rule: %s\n", acc_rule_name(rule));
	if (rc == 0 && o->quorum)
		rc = acc_buf_printf(&act->msg, "Accord-Quorum: %s\n", q);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	return rc;
}

/* Runs the opening of a bracket's ballot. */
int acc_ops_bracket_open(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *rule,
			 const char *quorum)
{
	acc_action act = {0};
	bopen_args o = {bracket, rule, quorum};
	int rc = acc_action_run(commit, &act, c, &acc_action_bracket_open, &o);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds an opening from its Accord-Bracket, Accord-Rule and
 * Accord-Quorum trailers. */
static int replay_bopen(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	bopen_args o = {NULL, NULL, NULL};
	char *id = NULL, *rule = acc_trailer(in->message, "Rule"),
	     *quorum = acc_trailer(in->message, "Quorum");
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "bracket ballot", "Bracket")) == 0) {
		o.id = id;
		o.rule = rule;
		o.quorum = quorum;
		rc = build_bopen(act, c, in->before, in->org, in->del, &o);
	}
	free(id);
	free(rule);
	free(quorum);
	return rc;
}

static const char *const bopen_writes[] = {"brackets/*/*/ballot", NULL};
static const char *const bopen_trailers[] = {"Bracket", "Clause", "Rule", "Quorum", NULL};

const acc_action_def acc_action_bracket_open = {
    .spec = {.name = "bracket-open",
	     .summary = "open the ballot on a bracket",
	     .who = ACC_WHO_CHAIR,
	     .verb = "opens ballots",
	     .writes = bopen_writes,
	     .trailers = bopen_trailers},
    .build = build_bopen,
    .replay = replay_bopen,
    .mismatch = "ballot terms or an electorate other than the opening's",
};

/* What a choice on a bracket's ballot is. */
typedef struct {
	const char *id, *option;
} bvote_args;

/* 1 when org is an elector of b's ballot. */
static int is_elector(const acc_bracket *b, const char *org)
{
	size_t i;

	for (i = 0; i < b->nelectors; i++)
		if (strcmp(b->electors[i].org, org) == 0)
			return 1;
	return 0;
}

/* Builds a choice on a bracket's ballot. */
static int build_bvote(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const bvote_args *v = arg;
	const acc_bracket *b;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL, num[16];
	unsigned k;
	size_t i;
	int rc;

	(void)c;
	if ((rc = acc_bracket_get(&b, st, v->id)) < 0 ||
	    (rc = acc_bracket_option_parse(&k, b, v->option)) < 0)
		return rc;
	if (b->ballot == ACC_BALLOT_NONE)
		return REFUSE("the ballot on %s has not been opened", b->id);
	if (b->ballot != ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is closed", b->id);
	if (!is_elector(b, org->id))
		return REFUSE("%s is not in the electorate of this ballot (fixed when it opened)",
			      org->id);
	for (i = 0; i < b->nvotes; i++)
		if (strcmp(b->votes[i].org, org->id) == 0 && b->votes[i].option == k)
			return REFUSE("%s has already chosen option %u on %s", org->id, k, b->id);
	snprintf(num, sizeof(num), "%u", k);
	if (!(dir = acc_bracket_dir(b)) || !(path = acc_sprintf("%s/votes/%s", dir, org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Option", num)) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Choose option %u on %s (%s)\n", k, b->id, org->id)) <
		0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_bracket_vote, org)) < 0)
		goto done;
	rc = acc_buf_printf(&act->msg, "Accord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %u\n",
			    b->id, b->clause, k);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	return rc;
}

/* Runs an organisation's choice on a bracket's ballot. */
int acc_ops_bracket_vote(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *option)
{
	acc_action act = {0};
	bvote_args v = {bracket, option};
	int rc = acc_action_run(commit, &act, c, &acc_action_bracket_vote, &v);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a choice from its Accord-Bracket and Accord-Option trailers. */
static int replay_bvote(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	bvote_args v = {NULL, NULL};
	char *id = NULL, *opt = NULL;
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "bracket vote", "Bracket")) == 0 &&
	    (rc = acc_replay_trailer(&opt, in, "bracket vote", "Option")) == 0) {
		v.id = id;
		v.option = opt;
		rc = build_bvote(act, c, in->before, in->org, in->del, &v);
	}
	free(id);
	free(opt);
	return rc;
}

static const char *const bvote_writes[] = {"brackets/*/*/votes/{org}", NULL};
static const char *const bvote_trailers[] = {"Bracket", "Clause", "Option", NULL};

const acc_action_def acc_action_bracket_vote = {
    .spec = {.name = "bracket-vote",
	     .summary = "choose one option of a bracket on its open ballot",
	     .who = ACC_WHO_DELEGATE, /* an elector of the ballot: see build_bvote */
	     .verb = "vote",
	     .writes = bvote_writes,
	     .trailers = bvote_trailers},
    .build = build_bvote,
    .replay = replay_bvote,
};

/* Adds the closing fields of b's ballot (chosen, counts, roll-call) to r. */
static int close_fields(acc_record *r, const acc_bracket *b, const acc_tally *per, unsigned chosen)
{
	char buf[64];
	size_t k, i;
	int rc;

	snprintf(buf, sizeof(buf), "%u", chosen);
	if ((rc = acc_record_add(r, "Chosen", chosen ? buf : "none")) < 0)
		return rc;
	for (k = 0; k < b->noptions && rc == 0; k++) {
		snprintf(buf, sizeof(buf), "%zu %u %lu", k + 1, per[k].yes, per[k].w_yes);
		rc = acc_record_add(r, "Count", buf);
	}
	for (i = 0; i < b->nvotes && rc == 0; i++) {
		char *line = acc_sprintf("%s %u%s%s", b->votes[i].org, b->votes[i].option,
					 b->votes[i].delegate ? " " : "",
					 b->votes[i].delegate ? b->votes[i].delegate : "");

		rc = line ? acc_record_add(r, "Roll-Call", line) : ACC_ENOMEM;
		free(line);
	}
	return rc;
}

/* Builds the closing of a bracket's ballot, and the resolution when an
 * option reached the rule. */
static int build_bclose(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	const char *id = arg;
	const acc_bracket *b;
	acc_tally *per = NULL;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL;
	acc_ballot tmp;
	unsigned chosen = 0;
	size_t i;
	int rc;

	(void)c;
	(void)del;
	if ((rc = acc_bracket_get(&b, st, id)) < 0)
		return rc;
	if (b->ballot != ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is not open", b->id);
	if (!(per = acc_calloc(b->noptions, sizeof(*per))) ||
	    (rc = acc_bracket_tally(per, &chosen, b, 1)) < 0) {
		rc = per ? rc : ACC_ENOMEM;
		goto done;
	}
	if (chosen && (rc = acc_bracket_check_pending(st, b)) < 0)
		goto done;
	if (!(dir = acc_bracket_dir(b)) || !(path = acc_sprintf("%s/ballot", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	memset(&tmp, 0, sizeof(tmp));
	tmp.electors = b->electors;
	tmp.nelectors = b->nelectors;
	if ((rc = acc_record_new(&r)) < 0 ||
	    (rc = acc_ballot_head(r, "closed", b->rule, b->quorum_num, b->quorum_den)) < 0 ||
	    (rc = acc_elector_fields(r, &tmp)) < 0 || (rc = close_fields(r, b, per, chosen)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if (chosen && (rc = acc_bracket_put_resolution(act, st, b, chosen, "ballot")) < 0)
		goto done;
	if (chosen)
		rc = acc_buf_printf(&act->msg, "Close the ballot on %s: option %u into %s\n", b->id,
				    chosen, b->clause);
	else
		rc = acc_buf_printf(&act->msg,
				    "Close the ballot on %s: no option reached the rule, the "
				    "bracket stays\n",
				    b->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_bracket_close, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Bracket: %s\nAccord-Clause: %s\n", b->id,
				    b->clause);
	if (rc == 0 && chosen)
		rc = acc_buf_printf(&act->msg, "Accord-Option: %u\n", chosen);
	for (i = 0; i < b->noptions && rc == 0; i++)
		rc = acc_buf_printf(&act->msg, "Accord-Count: %zu %u\n", i + 1, per[i].yes);
	if (rc == 0)
		act->tally.result = chosen ? ACC_RESULT_ADOPTED : ACC_RESULT_REJECTED;
	if (rc == 0)
		act->tally.yes = chosen;
done:
	acc_record_free(r);
	free(per);
	free(dir);
	free(path);
	return rc;
}

/* Runs the closing of a bracket's ballot; *chosen receives the option. */
int acc_ops_bracket_close(acc_oid_hex commit, unsigned *chosen, acc_ctx *c, const char *bracket)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_bracket_close, (void *)bracket);

	*chosen = rc == 0 ? act.tally.yes : 0;
	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a closing from its Accord-Bracket trailer: the count, the
 * choice and the text are recomputed from the state before it. */
static int replay_bclose(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *id = NULL;
	int rc = acc_replay_trailer(&id, in, "bracket closing", "Bracket");

	if (rc == 0)
		rc = build_bclose(act, c, in->before, in->org, in->del, id);
	free(id);
	return rc;
}

static const char *const bclose_writes[] = {"brackets/*/*/ballot", "brackets/*/*/resolution",
					    "clauses/*", NULL};
static const char *const bclose_trailers[] = {"Bracket", "Clause", "Option", "Count", NULL};

const acc_action_def acc_action_bracket_close = {
    .spec = {.name = "bracket-close",
	     .summary = "close the ballot on a bracket: the option the rule chose goes into the "
			"text",
	     .who = ACC_WHO_CHAIR,
	     .verb = "closes ballots",
	     .writes = bclose_writes,
	     .trailers = bclose_trailers},
    .build = build_bclose,
    .replay = replay_bclose,
    .mismatch = "a count, a choice or a text other than the ballot's",
};
