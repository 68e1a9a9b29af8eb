/* records: the records that actions write, rebuilt canonically. */
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

/* Reads the amendment file of a as a record (from the state's source). */
int acc_amendment_record(acc_record **out, const acc_amendment *a, const acc_state *st)
{
	size_t i;
	int rc;

	/* rebuild from the parsed fields: the writer is canonical, so this is
	 * byte-identical to the file the sponsor wrote */
	if ((rc = acc_record_new(out)) < 0)
		return rc;
	rc = acc_record_add(*out, "Clause", a->clause);
	if (rc == 0)
		rc = acc_record_add(*out, "Operation", acc_op_name(a->op));
	if (rc == 0)
		rc = acc_record_add(*out, "Sponsor", a->sponsor);
	/* old Cosponsor lines are kept as written; consents live in their
	 * own files (cosponsors/<org>), never in this one */
	for (i = 0; i < a->cosponsor_lines.count && rc == 0; i++)
		rc = acc_record_add(*out, "Cosponsor", a->cosponsor_lines.items[i]);
	for (i = 0; i < a->invited.count && rc == 0; i++)
		rc = acc_record_add(*out, "Invited", a->invited.items[i]);
	if (rc == 0 && a->amends)
		rc = acc_record_add(*out, "Amends", a->amends);
	if (rc == 0 && a->new_clause)
		rc = acc_record_add(*out, "New-Clause", a->new_clause);
	if (rc == 0 && a->heading)
		rc = acc_record_add(*out, "Heading", a->heading);
	if (rc == 0)
		rc = acc_record_add(*out, "Base", a->base);
	if (rc == 0 && a->rationale)
		rc = acc_record_add(*out, "Rationale", a->rationale);
	for (i = 0; i < a->supersedes.count && rc == 0; i++)
		rc = acc_record_add(*out, "Supersedes", a->supersedes.items[i]);
	if (rc == 0)
		rc = acc_record_set_body(*out, a->text, strlen(a->text));
	(void)st;
	if (rc < 0) {
		acc_record_free(*out);
		*out = NULL;
	}
	return rc;
}

/* The folder holding the ballot of id ("ratification" or an amendment). */
char *acc_ballot_dir(const acc_state *st, const char *id)
{
	const acc_amendment *a;

	if (strcmp(id, "ratification") == 0)
		return acc_strdup("ratification");
	a = acc_state_amendment(st, id);
	return a ? acc_path_amendment_dir(a->sponsor, a->seq) : NULL;
}

/* Writes the rule and quorum of a ballot into r. */
int acc_ballot_head(acc_record *r, const char *status, acc_rule rule, unsigned qn, unsigned qd)
{
	char q[32];
	int rc;

	acc_fraction_format(q, sizeof(q), qn, qd);
	if ((rc = acc_record_add(r, "Status", status)) < 0 ||
	    (rc = acc_record_add(r, "Rule", acc_rule_name(rule))) < 0)
		return rc;
	return acc_record_add(r, "Quorum", q);
}

/* Adds the record of a tally to r. */
int acc_tally_fields(acc_record *r, const acc_tally *t)
{
	char buf[32];
	int rc;

	rc = acc_record_add(r, "Result", acc_result_name(t->result));
#define NUM(key, v)                                                                                \
	do {                                                                                       \
		snprintf(buf, sizeof(buf), "%lu", (unsigned long)(v));                             \
		if (rc == 0)                                                                       \
			rc = acc_record_add(r, key, buf);                                          \
	} while (0)
	NUM("Yes", t->yes);
	NUM("No", t->no);
	NUM("Abstain", t->abstain);
	NUM("Absent", t->absent);
	if (t->weighted) {
		NUM("Weighted-Yes", t->w_yes);
		NUM("Weighted-No", t->w_no);
		NUM("Weighted-Abstain", t->w_abstain);
		NUM("Weighted-Absent", t->w_absent);
	}
#undef NUM
	if (rc == 0)
		rc = acc_record_add(r, "Quorum-Met", t->quorum_met ? "yes" : "no");
	return rc;
}

/* Adds the roll-call of b to r: "Roll-Call: <org> <vote>[ <delegate>]" per
 * vote ("<org> <vote> recorded <chair delegate>" for a vote the chair
 * recorded), in organisation order (as votes/ lists them), so that reading a
 * closed ballot does not need its votes/ folder. */
int acc_roll_call_fields(acc_record *r, const acc_ballot *b)
{
	acc_buf line = ACC_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->nvotes && rc == 0; i++) {
		const acc_vote_rec *v = &b->votes[i];

		acc_buf_clear(&line);
		if ((rc = acc_buf_printf(&line, "%s %s%s%s%s", v->org, acc_vote_name(v->vote),
					 v->recorded ? " recorded" : "", v->delegate ? " " : "",
					 v->delegate ? v->delegate : "")) == 0)
			rc = acc_record_add(r, "Roll-Call", line.ptr);
	}
	acc_buf_free(&line);
	return rc;
}

/* Adds one "Elector: <org> <weight>" field to r. */
static int elector_field(acc_record *r, const char *org, unsigned weight)
{
	char *line = acc_sprintf("%s %u", org, weight);
	int rc = line ? acc_record_add(r, "Elector", line) : ACC_ENOMEM;

	free(line);
	return rc;
}

/* Adds the electorate of a ballot opening now to r: every member of st's
 * registry with its weight, in organisation id order (observers and the
 * chair never vote). */
int acc_electorate_fields(acc_record *r, const acc_state *st)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < st->norgs && rc == 0; i++)
		if (st->orgs[i].role == ACC_ROLE_MEMBER)
			rc = elector_field(r, st->orgs[i].id,
					   st->orgs[i].weight ? st->orgs[i].weight : 1);
	return rc;
}

/* Adds the electorate recorded in b (none for an older ballot) to r. */
int acc_elector_fields(acc_record *r, const acc_ballot *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < b->nelectors && rc == 0; i++)
		rc = elector_field(r, b->electors[i].org, b->electors[i].weight);
	return rc;
}

int acc_action_ballot_trailers(acc_buf *msg, const acc_state *st, const char *ballot)
{
	const acc_amendment *a;

	if (strcmp(ballot, "ratification") == 0 || !(a = acc_state_amendment(st, ballot)))
		return 0;
	return acc_buf_printf(msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id, a->clause);
}
