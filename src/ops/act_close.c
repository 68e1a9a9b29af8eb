/* act_close: the chair closes a ballot: count, record, apply. */
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
#include "accord/verify.h"
#include "internal.h"

/* Writes clause id with heading and text. */
static int put_clause(acc_action *act, const char *id, const char *heading, const char *text)
{
	acc_record *r = NULL;
	char *path = acc_path_clause(id);
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_record_new(&r)) == 0 && (rc = acc_record_add(r, "Heading", heading)) == 0 &&
	    (rc = acc_record_set_body(r, text, strlen(text))) == 0)
		rc = acc_action_put_record(act, path, r);
	acc_record_free(r);
	free(path);
	return rc;
}

/* Writes the toc with clause `skip` removed and/or `insert` (at depth of
 * `after`) placed after the subtree of `after`. */
static int put_toc(acc_action *act, const acc_state *st, const char *skip, const char *after,
		   const char *insert)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;
	int rc = acc_buf_putc(&b, '\n'), depth = 0, pending = 0;

	for (i = 0; i < st->nclauses && rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		if (pending && cl->depth <= depth) {
			rc = acc_buf_printf(&b, "%*s%s\n", depth * 2, "", insert);
			pending = 0;
		}
		if (rc == 0 && !(skip && strcmp(cl->id, skip) == 0))
			rc = acc_buf_printf(&b, "%*s%s\n", cl->depth * 2, "", cl->id);
		if (after && strcmp(cl->id, after) == 0) {
			pending = 1;
			depth = cl->depth;
		}
	}
	if (rc == 0 && pending)
		rc = acc_buf_printf(&b, "%*s%s\n", depth * 2, "", insert);
	if (rc == 0)
		rc = acc_action_put(act, "toc", b.ptr, b.size);
	acc_buf_free(&b);
	return rc;
}

/* Marks amendment x fallen because of `by`. */
static int put_fallen(acc_action *act, const acc_amendment *x, const char *by)
{
	acc_record *r = NULL;
	char *dir = acc_path_amendment_dir(x->sponsor, x->seq), *path = NULL;
	int rc;

	if (!dir || !(path = acc_sprintf("%s/ballot", dir))) {
		free(dir);
		return ACC_ENOMEM;
	}
	if ((rc = acc_record_new(&r)) == 0 &&
	    (rc = acc_ballot_head(r, "fallen", x->ballot.rule, x->ballot.quorum_num,
				  x->ballot.quorum_den)) == 0 &&
	    (rc = acc_elector_fields(r, &x->ballot)) == 0 &&
	    (rc = acc_record_add(r, "Fallen-By", by)) == 0)
		rc = acc_action_put_record(act, path, r);
	acc_record_free(r);
	free(dir);
	free(path);
	return rc;
}

/* Applies an adopted amendment a to the text, and lets the amendments it
 * makes impossible fall; appends the fallen ids to the message. */
static int adopt(acc_action *act, acc_ctx *c, const acc_state *st, const acc_amendment *a)
{
	const char *text = acc_amendment_effective_text(st, a);
	const acc_clause *cl = acc_state_clause(st, a->clause);
	char *merged = NULL;
	acc_strlist fallen = ACC_STRLIST_INIT;
	size_t i;
	int rc = 0;

	if (a->amends)
		return 0; /* a sub-amendment changes its parent's text, not the clause */
	if (!cl && a->op != ACC_OP_INSERT_AFTER)
		return REFUSE("clause %s no longer exists", a->clause);
	if (a->op == ACC_OP_REPLACE && strcmp(a->base, cl->blob) != 0) {
		/* voted on while another adoption changed the clause: apply its
		 * changes to the text as it now stands, never the old text over it */
		char *base = NULL;
		int conflict = 0;

		if ((rc = acc_ops_base_text(&base, c->store, a)) < 0)
			return rc;
		rc = acc_merge3_words(&merged, &conflict, base, cl->text, text);
		free(base);
		if (rc < 0)
			return rc;
		if (conflict) {
			free(merged);
			return REFUSE("%s was drafted against an older text of clause %s and its "
				      "changes overlap the adopted text",
				      a->id, a->clause);
		}
		text = merged;
	}
	switch (a->op) {
	case ACC_OP_REPLACE:
		rc = put_clause(act, cl->id, cl->heading, text);
		break;
	case ACC_OP_DELETE: {
		char *path = acc_path_clause(cl->id);

		rc = path ? acc_action_put(act, path, NULL, 0) : ACC_ENOMEM;
		free(path);
		if (rc == 0)
			rc = put_toc(act, st, cl->id, NULL, NULL);
		break;
	}
	case ACC_OP_INSERT_AFTER:
		if (!cl)
			return REFUSE("clause %s no longer exists", a->clause);
		if (acc_state_clause(st, a->new_clause))
			return REFUSE("clause %s already exists", a->new_clause);
		rc = put_clause(act, a->new_clause, a->heading, text);
		if (rc == 0)
			rc = put_toc(act, st, NULL, cl->id, a->new_clause);
		break;
	}
	/* what it makes impossible falls (acc_ops_falls) */
	if (rc == 0)
		rc = acc_ops_falls(&fallen, c, st, a, text);
	for (i = 0; i < fallen.count && rc == 0; i++) {
		rc = put_fallen(act, acc_state_amendment(st, fallen.items[i]), a->id);
		if (rc == 0)
			rc = acc_buf_printf(&act->msg, "Accord-Fallen: %s\n", fallen.items[i]);
	}
	acc_strlist_free(&fallen);
	free(merged);
	return rc;
}

/* Builds the closing of a ballot. */
static int build_close(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const char *id = arg;
	int is_rat = strcmp(id, "ratification") == 0;
	const acc_amendment *a = is_rat ? NULL : acc_state_amendment(st, id);
	const acc_ballot *b = NULL;
	acc_record *r = NULL;
	acc_tally t;
	char *dir = NULL, *path = NULL;
	unsigned nrec = 0, nsig = 0;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, id)) < 0)
		return rc;
	if (b->state != ACC_BALLOT_OPEN || (a && a->status == ACC_ST_WITHDRAWN))
		return REFUSE("the ballot on %s is not open%s", id,
			      a && a->status == ACC_ST_WITHDRAWN ? ": it was withdrawn" : "");
	{
		const char *who = NULL;
		size_t n = acc_ballot_contested(&who, b);

		if (n)
			return REFUSE("%s contests the vote the chair recorded on %s%s: record "
				      "the roll-call again, or %s votes",
				      who, id, n > 1 ? " (and others)" : "", who);
	}
	/* votes do not change in this commit: this count is the count of
	 * the closing commit's tree */
	{
		acc_ballot closing = *b;

		closing.state = ACC_BALLOT_CLOSED;
		if ((rc = acc_ops_tally(&t, st, &closing)) < 0)
			return rc;
	}
	act->tally = t;
	if (!(dir = acc_ballot_dir(st, id)) || !(path = acc_sprintf("%s/ballot", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 ||
	    (rc = acc_ballot_head(r, "closed", b->rule, b->quorum_num, b->quorum_den)) < 0 ||
	    (rc = acc_elector_fields(r, b)) < 0 ||
	    (b->lang_only &&
	     (rc = acc_record_add(r, "Negotiation-Language-Only", b->lang_only)) < 0) ||
	    (rc = acc_tally_fields(r, &t)) < 0 || (rc = acc_roll_call_fields(r, b)) < 0)
		goto done;
	/* with a recorded roll-call: how many votes the chair recorded, how
	 * many the organisations signed */
	if (b->round) {
		char n1[16], n2[16];

		acc_ballot_sources(&nrec, &nsig, st, b);
		snprintf(n1, sizeof(n1), "%u", nrec);
		snprintf(n2, sizeof(n2), "%u", nsig);
		if ((rc = acc_record_add(r, "Recorded-Votes", n1)) < 0 ||
		    (rc = acc_record_add(r, "Signed-Votes", n2)) < 0)
			goto done;
	}
	/* under final clauses, the adoption's date opens the signature period */
	if (is_rat && t.result == ACC_RESULT_ADOPTED && st->conv.final.present) {
		char date[32];

		acc_date_stamp(date, acc_now(c));
		if ((rc = acc_record_add(r, "Adopted", date)) < 0)
			goto done;
	}
	if ((rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg,
				 "Close the ballot on %s: %s (%u yes, %u no, %u abstain)\n", id,
				 acc_result_name(t.result), t.yes, t.no, t.abstain)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_close, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg,
				 "Accord-Ballot: %s\nAccord-Result: %s\nAccord-Tally: yes=%u "
				 "no=%u abstain=%u absent=%u\n",
				 id, acc_result_name(t.result), t.yes, t.no, t.abstain, t.absent)) <
		0)
		goto done;
	if (t.weighted &&
	    (rc = acc_buf_printf(&act->msg,
				 "Accord-Weighted-Tally: yes=%lu no=%lu abstain=%lu absent=%lu\n",
				 t.w_yes, t.w_no, t.w_abstain, t.w_absent)) < 0)
		goto done;
	if (b->round && (rc = acc_buf_printf(&act->msg, "Accord-Votes: recorded=%u signed=%u\n",
					     nrec, nsig)) < 0)
		goto done;
	if (b->lang_only &&
	    (rc = acc_buf_printf(&act->msg, "Accord-Negotiation-Language-Only: %s\n",
				 b->lang_only)) < 0)
		goto done;
	if (a && (rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
				      a->clause)) < 0)
		goto done;
	if (a && t.result == ACC_RESULT_ADOPTED)
		rc = adopt(act, c, st, a);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	(void)del;
	return rc;
}

/* The message of a ratified-N tag: the tally, then the closing commit and
 * the text it adopts (arg: the tally). */
static int ratification_body(char **msg, const acc_state *st, const char *commit, const char *text,
			     const void *arg)
{
	const acc_tally *t = arg;

	*msg = acc_sprintf("%s ratified\n\nRatification adopted under the %s rule: %u yes, %u "
			   "no, %u abstain, %u absent.\n\nAccord-Commit: %s\nAccord-Text: %s\n",
			   st->conv.title, acc_rule_name(st->ratification.rule), t->yes, t->no,
			   t->abstain, t->absent, commit, text);
	return *msg ? 0 : ACC_ENOMEM;
}

/*
 * Tags the adoption of the ratification at commit: ratified-N (N counts
 * the ratifications up to it), an annotated tag whose message names the
 * closing commit and the text it adopts (Accord-Commit, Accord-Text),
 * signed like the commit (git tag -s with gpg.format=ssh) by the acting
 * chair's delegate when a key is configured.  *name receives the tag.
 */
int acc_ratification_tag(char **name, acc_ctx *c, const char *commit, const acc_tally *t)
{
	return acc_action_tag(name, c, "ratified-", commit, ratification_body, t);
}

int acc_ops_close(acc_oid_hex commit, acc_tally *tally, char **tag, acc_ctx *c, const char *id)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_close, (void *)id);

	if (tag)
		*tag = NULL;
	if (rc == 0 && tally)
		*tally = act.tally;
	if (rc == 0 && strcmp(id, "ratification") == 0 && act.tally.result == ACC_RESULT_ADOPTED) {
		char *name = NULL;

		if ((rc = acc_ratification_tag(&name, c, commit, &act.tally)) == 0 && tag)
			*tag = name;
		else
			free(name);
	}
	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a closing from its Accord-Ballot trailer: the count and the
 * adoption follow from the state before it. */
static int replay_close(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *ballot = NULL;
	int rc;

	if ((rc = acc_replay_trailer(&ballot, in, "closing", "Ballot")) == 0)
		rc = build_close(act, c, in->before, in->org, in->del, ballot);
	free(ballot);
	return rc;
}

static const char *const close_writes[] = {"amendments/*/*/ballot", "ratification/ballot",
					   "clauses/*", "toc", NULL};
static const char *const close_trailers[] = {"Ballot",
					     "Result",
					     "Tally",
					     "Weighted-Tally",
					     "Votes",
					     "Amendment",
					     "Clause",
					     "Fallen",
					     "Negotiation-Language-Only",
					     NULL};

const acc_action_def acc_action_close = {
    .spec = {.name = "close",
	     .summary = "close a ballot: count the votes, record the result, apply an adopted "
			"amendment",
	     .who = ACC_WHO_CHAIR,
	     .verb = "closes ballots",
	     .writes = close_writes,
	     .trailers = close_trailers},
    .build = build_close,
    .replay = replay_close,
    .mismatch = "a false tally or adoption",
};

int acc_ops_may_close(acc_ctx *c, const acc_state *st, const char *id)
{
	return acc_action_try(c, st, &acc_action_close, (void *)id);
}
