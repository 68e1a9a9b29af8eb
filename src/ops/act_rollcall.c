/*
 * act_rollcall: the roll-call taken in the room and recorded by the chair
 * (record), a delegation's answer to the record of its vote (confirm or
 * contest), and a delegation's explanation of its vote (explain).
 *
 * The chair writes <ballot dir>/recorded, one "Recorded: <org> <vote>" per
 * elector; an organisation writes only responses/<org> and
 * explanations/<org>.  Its own vote file always outranks the record
 * (src/model/ballots.c merges them); a contest holds the close until the
 * chair records again (a new round) or the organisation votes itself.
 */
#include "accord/ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* ---- record ------------------------------------------------------------------ */

typedef struct {
	const char *id;
	const char *text; /* the roll-call: one "ORG yes|no|abstain|absent" a line */
} record_args;

/* The organisations that vote on b, in id order: its electorate, or (an
 * older ballot) the members of st's registry. */
static int voters(acc_strlist *out, const acc_state *st, const acc_ballot *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; b->has_electorate && i < b->nelectors && rc == 0; i++)
		rc = acc_strlist_add(out, b->electors[i].org);
	for (i = 0; !b->has_electorate && i < st->norgs && rc == 0; i++)
		if (st->orgs[i].role == ACC_ROLE_MEMBER)
			rc = acc_strlist_add(out, st->orgs[i].id);
	return rc;
}

/* The open ballot id of st in *b, or a refusal naming why it is not open. */
static int open_ballot(const acc_ballot **b, const acc_state *st, const char *id)
{
	int rc;

	if ((rc = acc_ops_ballot(b, st, id)) < 0)
		return rc;
	if ((*b)->state == ACC_BALLOT_NONE)
		return REFUSE("the ballot on %s has not been opened", id);
	if ((*b)->state != ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is closed", id);
	if (strcmp(id, "ratification") != 0 &&
	    acc_state_amendment(st, id)->status == ACC_ST_WITHDRAWN)
		return REFUSE("%s has been withdrawn: its ballot is closed", id);
	return 0;
}

/* Parses one line of a roll-call ("ORG VOTE") into org (a copy) and *v;
 * a refusal names line n. */
static int parse_line(char **org, acc_vote *v, const char *line, size_t len, int n)
{
	char buf[256], name[201], word[16], extra[2];

	*org = NULL;
	if (len >= sizeof(buf))
		return REFUSE("roll-call line %d: expected 'ORG yes|no|abstain|absent'", n);
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (sscanf(buf, "%200s %15s %1s", name, word, extra) != 2)
		return REFUSE("roll-call line %d: expected 'ORG yes|no|abstain|absent'", n);
	if (strcmp(word, "absent") == 0)
		*v = ACC_VOTE_NONE;
	else if (acc_vote_parse(v, word) < 0)
		return REFUSE("roll-call line %d: '%s' is not yes, no, abstain or absent", n, word);
	return (*org = acc_strdup(name)) ? 0 : ACC_ENOMEM;
}

/* Builds the chair's record of a roll-call. */
static int build_record(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	const record_args *a = arg;
	const acc_ballot *b = NULL;
	acc_strlist who = ACC_STRLIST_INIT;
	acc_vote *votes = NULL;
	int *lines = NULL;
	unsigned count[4] = {0, 0, 0, 0};
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL, *line = NULL, round[16];
	const char *p = a->text, *end = a->text + strlen(a->text);
	size_t i;
	int n = 0, rc;

	if ((rc = open_ballot(&b, st, a->id)) < 0 || (rc = voters(&who, st, b)) < 0)
		goto done;
	if (!(votes = acc_calloc(who.count + 1, sizeof(*votes))) ||
	    !(lines = acc_calloc(who.count + 1, sizeof(*lines)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *o = NULL;
		acc_vote v;
		long k;

		n++;
		if (strspn(p, " \t\r") < len && (rc = parse_line(&o, &v, p, len, n)) == 0) {
			if ((k = acc_strlist_find(&who, o)) < 0)
				rc = REFUSE("roll-call line %d: %s is not in the electorate of the "
					    "ballot on %s",
					    n, o, a->id);
			else if (lines[k])
				rc = REFUSE("roll-call line %d: %s named twice (first on line %d)",
					    n, o, lines[k]);
			else
				lines[k] = n, votes[k] = v;
		}
		free(o);
		p += len + (nl ? 1 : 0);
	}
	for (i = 0; i < who.count && rc == 0; i++)
		if (!lines[i])
			rc = REFUSE("the roll-call does not name %s (every elector once)",
				    who.items[i]);
	if (rc < 0)
		goto done;
	snprintf(round, sizeof(round), "%u", b->round + 1);
	if (!(dir = acc_ballot_dir(st, a->id)) || !(path = acc_sprintf("%s/recorded", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Round", round)) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0)
		goto done;
	for (i = 0; i < who.count && rc == 0; i++) {
		free(line);
		count[votes[i]]++;
		if (!(line = acc_sprintf("%s %s", who.items[i], acc_vote_name(votes[i]))))
			rc = ACC_ENOMEM;
		else
			rc = acc_record_add(r, "Recorded", line);
	}
	if (rc < 0 || (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg,
				 "Record the roll-call on %s: %u yes, %u no, %u abstain, %u absent "
				 "(round %s)\n",
				 a->id, count[ACC_VOTE_YES], count[ACC_VOTE_NO],
				 count[ACC_VOTE_ABSTAIN], count[ACC_VOTE_NONE], round)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_record, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Ballot: %s\nAccord-Round: %s\n", a->id,
				 round)) < 0)
		goto done;
	rc = acc_action_ballot_trailers(&act->msg, st, a->id);
done:
	acc_record_free(r);
	acc_strlist_free(&who);
	free(votes);
	free(lines);
	free(line);
	free(dir);
	free(path);
	(void)c;
	return rc;
}

/* The ballot id of st as it is after a replayed commit, or an error. */
static int after_ballot(const acc_ballot **b, const acc_replay_in *in, const char *id)
{
	int rc = acc_ops_ballot(b, in->after, id);

	return rc < 0 ? acc_error_set(ACC_EINVAL, "no ballot %s after the commit", id) : 0;
}

/* Rebuilds a record from its Accord-Ballot trailer and the recorded file
 * after it. */
static int replay_record(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	record_args a = {NULL, NULL};
	const acc_ballot *b = NULL;
	char *id = NULL;
	acc_buf text = ACC_BUF_INIT;
	size_t i;
	int rc = acc_replay_trailer(&id, in, "record", "Ballot");

	if (rc == 0 && (rc = after_ballot(&b, in, id)) == 0 && !b->nrecorded)
		rc = acc_error_set(ACC_EINVAL, "a record that records no roll-call");
	for (i = 0; rc == 0 && i < b->nrecorded; i++)
		rc = acc_buf_printf(&text, "%s %s\n", b->recorded[i].org,
				    acc_vote_name(b->recorded[i].vote));
	if (rc == 0) {
		a.id = id;
		a.text = text.ptr ? text.ptr : "";
		rc = build_record(act, c, in->before, in->org, in->del, &a);
	}
	acc_buf_free(&text);
	free(id);
	return rc;
}

static const char *const record_writes[] = {"amendments/*/*/recorded", "ratification/recorded",
					    NULL};
static const char *const record_trailers[] = {"Ballot", "Round", "Amendment", "Clause", NULL};

const acc_action_def acc_action_record = {
    .spec = {.name = "record",
	     .summary = "record a roll-call taken in the room (chair)",
	     .who = ACC_WHO_CHAIR,
	     .verb = "records roll-calls",
	     .writes = record_writes,
	     .trailers = record_trailers},
    .build = build_record,
    .replay = replay_record,
    .mismatch = "a recorded roll-call that is not what the chair's record writes",
};

/* Runs the chair's record of a roll-call (include/accord/ops.h). */
int acc_ops_record(acc_oid_hex commit, acc_ctx *c, const char *id, const char *roll_call)
{
	record_args a = {id, roll_call};
	acc_action act = {0};
	int rc = acc_action_run_part(commit, &act, c, id, &acc_action_record, &a);

	acc_action_reset(&act);
	return rc;
}

/* ---- confirm / contest --------------------------------------------------------- */

typedef struct {
	const char *id;
	int contest;
	const char *reason; /* a contest's text, or NULL */
} respond_args;

/* Builds an organisation's confirmation or contest of its recorded vote. */
static int build_respond(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const respond_args *a = arg;
	const char *what = a->contest ? "contest" : "confirm";
	const acc_ballot *b = NULL;
	const acc_recorded_vote *rv;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL, *reason = NULL, round[16];
	int rc;

	if ((rc = open_ballot(&b, st, a->id)) < 0)
		return rc;
	if (!(rv = acc_ballot_recorded(b, org->id)))
		return REFUSE("the chair has recorded no vote of %s on %s", org->id, a->id);
	if (rv->overridden)
		return REFUSE("%s has voted itself on %s: its own vote outranks the record",
			      org->id, a->id);
	if (rv->response == (a->contest ? ACC_RESPONSE_CONTESTED : ACC_RESPONSE_CONFIRMED))
		return REFUSE("%s has already %sed the recorded vote on %s", org->id,
			      a->contest ? "contest" : "confirm", a->id);
	snprintf(round, sizeof(round), "%u", b->round);
	if (!(dir = acc_ballot_dir(st, a->id)) ||
	    !(path = acc_sprintf("%s/responses/%s", dir, org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Response", what)) < 0 ||
	    (rc = acc_record_add(r, "Round", round)) < 0 ||
	    (rc = acc_record_add(r, "Vote", acc_vote_name(rv->vote))) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0)
		goto done;
	if (a->contest && a->reason && *a->reason &&
	    ((rc = acc_ops_user_text(&reason, a->reason, strlen(a->reason), "reason")) < 0 ||
	     (rc = acc_record_set_body(r, reason, strlen(reason))) < 0))
		goto done;
	if ((rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "%s the recorded vote %s on %s (%s)\n",
				 a->contest ? "Contest" : "Confirm", acc_vote_name(rv->vote), a->id,
				 org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_respond, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg,
				 "Accord-Ballot: %s\nAccord-Response: %s\nAccord-Round: %s\n",
				 a->id, what, round)) < 0)
		goto done;
	rc = acc_action_ballot_trailers(&act->msg, st, a->id);
done:
	acc_record_free(r);
	free(reason);
	free(dir);
	free(path);
	(void)c;
	return rc;
}

/* Rebuilds a response from its Accord-Ballot and Accord-Response trailers
 * and the reason in the file after it. */
static int replay_respond(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	respond_args a = {NULL, 0, NULL};
	const acc_ballot *b = NULL;
	const acc_recorded_vote *rv;
	char *id = NULL, *what = NULL, *round = NULL;
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "response", "Ballot")) < 0 ||
	    (rc = acc_replay_trailer(&what, in, "response", "Response")) < 0)
		goto done;
	if (strcmp(what, "confirm") != 0 && strcmp(what, "contest") != 0) {
		rc = acc_error_set(ACC_EINVAL, "a response that is neither confirm nor contest");
		goto done;
	}
	a.id = id;
	a.contest = strcmp(what, "contest") == 0;
	/* an answer carried by sync onto a tip where the chair recorded again
	 * answers a record its delegation never saw: dropped */
	if ((round = acc_trailer(in->message, "Round")) &&
	    acc_ops_ballot(&b, in->before, id) == 0 && b->round &&
	    strtoul(round, NULL, 10) != b->round) {
		rc = REFUSE(
		    "the chair recorded the roll-call on %s again (round %u): answer it anew", id,
		    b->round);
		goto done;
	}
	if ((rc = after_ballot(&b, in, id)) == 0 && (rv = acc_ballot_recorded(b, in->org->id)))
		a.reason = rv->reason;
	if (rc == 0)
		rc = build_respond(act, c, in->before, in->org, in->del, &a);
done:
	free(id);
	free(what);
	free(round);
	return rc;
}

static const char *const respond_writes[] = {"amendments/*/*/responses/{org}",
					     "ratification/responses/{org}", NULL};
static const char *const respond_trailers[] = {"Ballot",    "Response", "Round",
					       "Amendment", "Clause",	NULL};

const acc_action_def acc_action_respond = {
    .spec = {.name = "respond",
	     .summary = "confirm or contest the chair's record of your organisation's vote",
	     .who = ACC_WHO_DELEGATE, /* an organisation the record names */
	     .verb = "answer recorded votes",
	     .writes = respond_writes,
	     .trailers = respond_trailers},
    .build = build_respond,
    .replay = replay_respond,
};

/* Runs an organisation's confirmation or contest (include/accord/ops.h). */
int acc_ops_respond(acc_oid_hex commit, acc_ctx *c, const char *id, int contest, const char *reason)
{
	respond_args a = {id, contest, reason};
	acc_action act = {0};
	int rc = acc_action_run_part(commit, &act, c, id, &acc_action_respond, &a);

	acc_action_reset(&act);
	return rc;
}

/* ---- explain --------------------------------------------------------------------- */

typedef struct {
	const char *id;
	const char *text;
} explain_args;

/* Builds an organisation's explanation of its vote: from the opening of
 * the ballot, before or after it votes, and after the close too (as
 * explanations after the vote are given in the room). */
static int build_explain(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const explain_args *a = arg;
	const acc_ballot *b = NULL;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL, *text = NULL;
	unsigned w;
	size_t i;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, a->id)) < 0)
		return rc;
	if (b->state != ACC_BALLOT_OPEN && b->state != ACC_BALLOT_CLOSED)
		return REFUSE("the ballot on %s has not been %s", a->id,
			      b->state == ACC_BALLOT_FALLEN ? "held: it fell" : "opened");
	if (!acc_ballot_counts(&w, st, b, org->id))
		return REFUSE("%s does not vote on %s: it has no vote to explain", org->id, a->id);
	if ((rc = acc_ops_user_text(&text, a->text, strlen(a->text), "explanation")) < 0)
		return rc;
	if (!*text) {
		rc = REFUSE("an explanation of vote needs a text");
		goto done;
	}
	for (i = 0; i < b->nexplanations; i++)
		if (strcmp(b->explanations[i].org, org->id) == 0 &&
		    strcmp(b->explanations[i].text, text) == 0) {
			rc = REFUSE("%s has already given this explanation on %s", org->id, a->id);
			goto done;
		}
	if (!(dir = acc_ballot_dir(st, a->id)) ||
	    !(path = acc_sprintf("%s/explanations/%s", dir, org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_record_set_body(r, text, strlen(text))) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Explain the vote of %s on %s\n", org->id, a->id)) <
		0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_explain, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Ballot: %s\n", a->id)) < 0)
		goto done;
	rc = acc_action_ballot_trailers(&act->msg, st, a->id);
done:
	acc_record_free(r);
	free(text);
	free(dir);
	free(path);
	(void)c;
	return rc;
}

/* Rebuilds an explanation from its Accord-Ballot trailer and the text of
 * the org's file after it. */
static int replay_explain(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	explain_args a = {NULL, ""};
	const acc_ballot *b = NULL;
	char *id = NULL;
	size_t i;
	int rc = acc_replay_trailer(&id, in, "explanation", "Ballot");

	if (rc == 0 && (rc = after_ballot(&b, in, id)) == 0) {
		for (i = 0; i < b->nexplanations; i++)
			if (strcmp(b->explanations[i].org, in->org->id) == 0)
				a.text = b->explanations[i].text;
		a.id = id;
		rc = build_explain(act, c, in->before, in->org, in->del, &a);
	}
	free(id);
	return rc;
}

static const char *const explain_writes[] = {"amendments/*/*/explanations/{org}",
					     "ratification/explanations/{org}", NULL};
static const char *const explain_trailers[] = {"Ballot", "Amendment", "Clause", NULL};

const acc_action_def acc_action_explain = {
    .spec = {.name = "explain",
	     .summary = "explain your organisation's vote on a ballot",
	     .who = ACC_WHO_DELEGATE, /* an elector of the ballot */
	     .verb = "explain votes",
	     .writes = explain_writes,
	     .trailers = explain_trailers},
    .build = build_explain,
    .replay = replay_explain,
};

/* Runs an organisation's explanation of vote (include/accord/ops.h). */
int acc_ops_explain(acc_oid_hex commit, acc_ctx *c, const char *id, const char *text)
{
	explain_args a = {id, text};
	acc_action act = {0};
	int rc = acc_action_run_part(commit, &act, c, id, &acc_action_explain, &a);

	acc_action_reset(&act);
	return rc;
}
