/*
 * export record: the adoption record as facts every format shows: a
 * ballot's figures and roll-call, the revision's and an amendment's record
 * as labelled fields, and the roll-call and signatures as table cells.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An organisation's name, or its id when unknown. */
const char *ex_org_name(const acc_state *st, const char *id)
{
	const acc_org *o = id ? acc_state_org(st, id) : NULL;

	return o && o->name ? o->name : id ? id : "";
}

/* The index (1-based) of the delegate with email in org, or 0. */
size_t ex_delegate_index(const acc_state *st, const char *org, const char *email)
{
	const acc_org *o = org ? acc_state_org(st, org) : NULL;
	size_t k;

	for (k = 0; o && email && k < o->ndelegates; k++)
		if (o->delegates[k].email && strcmp(o->delegates[k].email, email) == 0)
			return k + 1;
	return 0;
}

/* The name of the delegate with this email in organisation org, or NULL. */
static const char *delegate_name(const acc_state *st, const char *org, const char *email)
{
	size_t k = ex_delegate_index(st, org, email);

	return k ? acc_state_org(st, org)->delegates[k - 1].name : NULL;
}

/* "Name <email>", or the email alone (malloc'd; "" for none). */
char *ex_delegate_text(const acc_state *st, const char *org, const char *email)
{
	const char *name = delegate_name(st, org, email);

	if (!email || !email[0])
		return acc_strdup("");
	return name ? acc_sprintf("%s <%s>", name, email) : acc_strdup(email);
}

/* "simple majority", "two-thirds majority", "unanimity"... */
static const char *rule_phrase(acc_rule r)
{
	switch (r) {
	case ACC_RULE_SIMPLE:
		return "simple majority";
	case ACC_RULE_TWO_THIRDS:
		return "two-thirds majority";
	case ACC_RULE_ABSOLUTE:
		return "absolute majority";
	case ACC_RULE_UNANIMITY:
		return "unanimity";
	case ACC_RULE_CONSENSUS:
		return "consensus";
	}
	return "?";
}

/* Fills c for ballot b of st (zero for a ballot never opened or fallen). */
int ex_ballot_counts(counts *c, const acc_state *st, const acc_ballot *b)
{
	memset(c, 0, sizeof(*c));
	if (b->state == ACC_BALLOT_CLOSED) {
		c->yes = b->yes, c->no = b->no, c->abstain = b->abstain, c->absent = b->absent;
		c->w_yes = b->w_yes, c->w_no = b->w_no, c->w_abstain = b->w_abstain;
		c->w_absent = b->w_absent;
		c->weighted = b->weighted;
		c->quorum_met = b->quorum_met;
		c->result = b->result;
		c->final = 1;
	} else if (b->state == ACC_BALLOT_OPEN) {
		acc_tally t;
		int rc = acc_ops_tally(&t, st, b);

		if (rc < 0)
			return rc;
		c->yes = t.yes, c->no = t.no, c->abstain = t.abstain, c->absent = t.absent;
		c->w_yes = t.w_yes, c->w_no = t.w_no, c->w_abstain = t.w_abstain;
		c->w_absent = t.w_absent;
		c->weighted = t.weighted;
		c->quorum_met = t.quorum_met;
		c->result = ACC_RESULT_PENDING;
	}
	c->members = c->yes + c->no + c->abstain + c->absent;
	return 0;
}

/* "6 yes, 1 no, 1 abstain, 4 absent (of 12 members)" and the weighted
 * figures when weights differ (malloc'd). */
static char *counts_text(const counts *c)
{
	if (c->weighted)
		return acc_sprintf("%u yes, %u no, %u abstain, %u absent (of %u members); "
				   "weighted: %lu yes, %lu no, %lu abstain, %lu absent",
				   c->yes, c->no, c->abstain, c->absent, c->members, c->w_yes,
				   c->w_no, c->w_abstain, c->w_absent);
	return acc_sprintf("%u yes, %u no, %u abstain, %u absent (of %u members)", c->yes, c->no,
			   c->abstain, c->absent, c->members);
}

/* The roll-call of b: every organisation that counts in it (its electorate
 * recorded at opening, else the registry's members), and any other with a
 * recorded vote, in the order of st->orgs (by id).  *out malloc'd. */
int ex_roll_call(roll_row **out, size_t *n, const acc_state *st, const acc_ballot *b)
{
	roll_row *r = acc_calloc(st->norgs ? st->norgs : 1, sizeof(*r));
	size_t i, k = 0, next = 0, enext = 0;
	int sorted = 1;

	*out = NULL;
	*n = 0;
	if (!r)
		return ACC_ENOMEM;
	/* votes are listed by organisation id, as the organisations are: walk
	 * both in step (a scan per organisation when they are not) */
	/* a roll-call read in one pass was read in order, each organisation
	 * the state's own id (rollcall.c): compared by address */
	for (i = 1; i < b->nvotes && sorted && !b->roll_shared; i++)
		sorted = strcmp(b->votes[i - 1].org, b->votes[i].org) < 0;
	for (i = 1; i < b->nelectors && sorted && !b->roll_shared; i++)
		sorted = strcmp(b->electors[i - 1].org, b->electors[i].org) < 0;
	/* the organisations are sorted (acc_state_org): not checked again
	 * for each of 6,500 ballots */
	for (i = 0; i < st->norgs; i++) {
		const acc_org *o = &st->orgs[i];
		const acc_vote_rec *v = NULL;
		size_t j;
		unsigned w;
		int counted;

		if (b->roll_shared) {
			counted = enext < b->nelectors && b->electors[enext].org == o->id;
			enext += (size_t)counted;
			if (!b->has_electorate)
				counted = acc_ballot_counts(&w, st, b, o->id);
			if (next < b->nvotes && b->votes[next].org == o->id)
				v = &b->votes[next++];
		} else if (sorted && b->has_electorate) {
			/* the electorate too, in step (acc_ballot_counts) */
			int c = 1;

			while (enext < b->nelectors &&
			       (c = strcmp(b->electors[enext].org, o->id)) < 0)
				enext++;
			counted = enext < b->nelectors && c == 0;
		} else {
			counted = acc_ballot_counts(&w, st, b, o->id);
		}
		if (sorted && !b->roll_shared) {
			int c = 1;

			while (next < b->nvotes && (c = strcmp(b->votes[next].org, o->id)) < 0)
				next++;
			if (next < b->nvotes && c == 0)
				v = &b->votes[next];
		} else if (!b->roll_shared) {
			for (j = 0; j < b->nvotes; j++)
				if (strcmp(b->votes[j].org, o->id) == 0) {
					v = &b->votes[j];
					break;
				}
		}
		if (!counted && !v)
			continue;
		r[k].org = o;
		r[k].vote = v ? v->vote : ACC_VOTE_NONE;
		r[k].delegate = v ? v->delegate : NULL;
		r[k].recorded = v ? v->recorded : 0;
		r[k].counted = counted;
		k++;
	}
	*out = r;
	*n = k;
	return 0;
}

/* "yes", "absent", "yes (recorded by the chair)", or "yes (not counted:
 * observer)" (malloc'd). */
char *ex_roll_vote_text(const roll_row *r)
{
	if (r->counted)
		return acc_sprintf("%s%s", acc_vote_name(r->vote),
				   r->recorded ? " (recorded by the chair)" : "");
	return acc_sprintf("%s (not counted: %s)", acc_vote_name(r->vote),
			   acc_role_name(r->org->role));
}

/* Frees the values of f. */
void ex_fields_free(field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(f[i].value);
}

/* Adds a field whose value is v (taken over; NULL means out of memory). */
static int field_add(field *f, size_t *n, const char *key, char *v)
{
	if (!v)
		return ACC_ENOMEM;
	f[*n].key = key;
	f[(*n)++].value = v;
	return 0;
}

/* The facts about the revision: what text it is, commit and dates. */
int ex_revision_fields(field *f, size_t *n, const acc_export_doc *d)
{
	char date[40], tdate[40];
	int rc;

	*n = 0;
	ex_date_fmt(date, sizeof(date), d->rev.time, DATE_HUMAN);
	if (ex_is_ratified(d->st) && d->tag) {
		ex_date_fmt(tdate, sizeof(tdate), d->tag_rev.time, DATE_HUMAN);
		rc = field_add(f, n, "Text", acc_sprintf("ratified (tag %s, %s)", d->tag, tdate));
	} else if (ex_is_ratified(d->st)) {
		rc = field_add(f, n, "Text", acc_strdup("ratified"));
	} else {
		rc = field_add(f, n, "Text", acc_strdup("draft, not ratified"));
	}
	if (rc == 0)
		rc = field_add(f, n, "Revision", acc_strdup(d->rev.commit));
	if (rc == 0)
		rc = field_add(f, n, "Date", acc_strdup(date));
	if (rc == 0 && d->sig_st) {
		ex_date_fmt(tdate, sizeof(tdate), d->sig_rev.time, DATE_HUMAN);
		rc = field_add(f, n, "Signatures as of",
			       acc_sprintf("%s (%s)", d->sig_rev.commit, tdate));
	}
	if (rc == 0 && d->since) {
		ex_date_fmt(tdate, sizeof(tdate), d->since_rev.time, DATE_HUMAN);
		rc = field_add(f, n, "Changes since",
			       acc_sprintf("%s (%s)", d->since_rev.commit, tdate));
	}
	if (rc < 0)
		ex_fields_free(f, *n);
	return rc;
}

/* What amendment a changes, in words (malloc'd). */
static char *change_text(const acc_state *st, const acc_amendment *a)
{
	const acc_clause *cl = acc_state_clause(st, a->clause);
	char *label = cl ? ex_clause_label(cl) : NULL, *s;

	if (a->amends)
		s = acc_sprintf("amends amendment %s", a->amends);
	else if (a->op == ACC_OP_REPLACE)
		s = label ? acc_sprintf("replaces the text of %s (%s)", label, a->clause)
			  : acc_sprintf("replaces the text of clause %s", a->clause);
	else if (a->op == ACC_OP_DELETE)
		s = acc_sprintf("deletes clause %s", a->clause);
	else {
		const acc_clause *nc = a->new_clause ? acc_state_clause(st, a->new_clause) : NULL;
		char *nl = nc ? ex_clause_label(nc) : NULL;

		s = acc_sprintf("inserts %s \"%s\" (%s) after %s (%s)", nl ? nl : "a clause",
				a->heading ? a->heading : "", a->new_clause ? a->new_clause : a->id,
				label ? label : "clause", a->clause);
		free(nl);
	}
	free(label);
	return s;
}

/* "Name (id), Name (id)" of the co-sponsors, or "none" (malloc'd). */
static char *cosponsors_text(const acc_state *st, const acc_amendment *a)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	if (!a->cosponsors.count)
		return acc_strdup("none");
	for (i = 0; i < a->cosponsors.count; i++)
		if (acc_buf_printf(&b, "%s%s (%s)", i ? ", " : "",
				   ex_org_name(st, a->cosponsors.items[i]),
				   a->cosponsors.items[i]) < 0) {
			acc_buf_free(&b);
			return NULL;
		}
	return acc_buf_detach(&b);
}

/* "simple majority, quorum 1/2 (met)" (malloc'd). */
static char *ballot_text(const acc_ballot *b, const counts *c)
{
	char q[32];

	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	if (b->state == ACC_BALLOT_NONE)
		return acc_strdup("not opened");
	if (b->state == ACC_BALLOT_FALLEN)
		return acc_sprintf("fell (made moot by %s)", b->fallen_by ? b->fallen_by : "?");
	return acc_sprintf("%s, quorum %s (%s)%s", rule_phrase(b->rule), q,
			   c->quorum_met ? "met" : "not met",
			   b->state == ACC_BALLOT_OPEN ? ", still open" : "");
}

/* "7 recorded by the chair, 2 signed by the delegations[, 1 contested]"
 * for a ballot with a recorded roll-call (malloc'd). */
static char *sources_text(const acc_state *st, const acc_ballot *b)
{
	const char *first = NULL;
	unsigned rec, sig;
	size_t contested = acc_ballot_contested(&first, b);

	acc_ballot_sources(&rec, &sig, st, b);
	if (contested)
		return acc_sprintf("%u recorded by the chair (%zu contested), %u signed by the "
				   "delegations",
				   rec, contested, sig);
	return acc_sprintf("%u recorded by the chair, %u signed by the delegations", rec, sig);
}

/* "Name (org): text; ..." for b's explanations of vote, newlines made
 * spaces (malloc'd). */
static char *explanations_text(const acc_state *st, const acc_ballot *b)
{
	acc_buf out = ACC_BUF_INIT;
	size_t i;
	char *p;

	for (i = 0; i < b->nexplanations; i++) {
		const acc_explanation *x = &b->explanations[i];
		size_t start = out.size;

		if (acc_buf_printf(&out, "%s%s (%s): %s", i ? "; " : "", ex_org_name(st, x->org),
				   x->org, x->text) < 0) {
			acc_buf_free(&out);
			return NULL;
		}
		while (out.size > start && out.ptr[out.size - 1] == '\n')
			out.ptr[--out.size] = '\0';
		for (p = out.ptr + start; *p; p++)
			if (*p == '\n')
				*p = ' ';
	}
	return acc_buf_detach(&out);
}

/* Adds the fields of the roll-call procedure for ballot b: how many votes
 * the chair recorded and the delegations signed, the explanations of
 * vote; none when b has neither. */
static int rollcall_fields(field *f, size_t *n, const acc_state *st, const acc_ballot *b)
{
	int rc = 0;

	if (b->round)
		rc = field_add(f, n, "Votes", sources_text(st, b));
	if (rc == 0 && b->nexplanations)
		rc = field_add(f, n, "Explanations of vote", explanations_text(st, b));
	return rc;
}

/* The record of an adopted amendment as fields. */
int ex_amendment_fields(field *f, size_t *n, const acc_state *st, const acc_amendment *a)
{
	counts c;
	int rc;

	*n = 0;
	if ((rc = ex_ballot_counts(&c, st, &a->ballot)) < 0)
		return rc;
	if ((rc = field_add(f, n, "Change", change_text(st, a))) == 0)
		rc = field_add(f, n, "Sponsor",
			       acc_sprintf("%s (%s)", ex_org_name(st, a->sponsor), a->sponsor));
	if (rc == 0)
		rc = field_add(f, n, "Co-sponsors", cosponsors_text(st, a));
	if (rc == 0 && a->rationale && a->rationale[0])
		rc = field_add(f, n, "Rationale", acc_strdup(a->rationale));
	if (rc == 0)
		rc = field_add(f, n, "Ballot", ballot_text(&a->ballot, &c));
	if (rc == 0)
		rc = field_add(f, n, "Result", acc_strdup(acc_result_name(c.result)));
	if (rc == 0)
		rc = field_add(f, n, "Tally", counts_text(&c));
	if (rc == 0)
		rc = rollcall_fields(f, n, st, &a->ballot);
	if (rc < 0)
		ex_fields_free(f, *n);
	return rc;
}

/* The ratification ballot as fields (no roll-call). */
int ex_ratification_fields(field *f, size_t *n, const acc_state *st)
{
	const acc_ballot *b = &st->ratification;
	counts c;
	int rc;

	*n = 0;
	if ((rc = ex_ballot_counts(&c, st, b)) < 0)
		return rc;
	if ((rc = field_add(f, n, "Ballot", ballot_text(b, &c))) == 0 &&
	    b->state != ACC_BALLOT_NONE) {
		rc = field_add(f, n, "Result",
			       acc_strdup(b->state == ACC_BALLOT_OPEN ? "pending"
								      : acc_result_name(c.result)));
		if (rc == 0)
			rc = field_add(f, n, "Tally", counts_text(&c));
		if (rc == 0)
			rc = rollcall_fields(f, n, st, b);
	}
	/* the texts it does not establish (in the negotiation language only,
	 * or translations that do not exist yet) */
	if (rc == 0 && b->state != ACC_BALLOT_NONE) {
		char *note = NULL;

		if ((rc = acc_texts_note(&note, st, 1)) == 0 && note)
			rc = field_add(f, n, "Authentic texts", note);
	}
	if (rc < 0)
		ex_fields_free(f, *n);
	return rc;
}

/* 1 when ballot b was opened (open or closed): it has votes and figures. */
int ex_ballot_held(const acc_ballot *b)
{
	return b->state == ACC_BALLOT_OPEN || b->state == ACC_BALLOT_CLOSED;
}

/* Why no signature is listed, or NULL when some are. */
const char *ex_no_signatures(const acc_export_doc *d)
{
	if (ex_sig_state(d)->nsignatures)
		return NULL;
	return ex_is_ratified(d->st) ? "No organisation has signed yet."
				     : "The text has not been ratified: nobody has signed.";
}

/* Calls fn for each adopted amendment of st with its record as fields. */
void ex_each_adopted(int *rc, const acc_state *st, ex_adopted_fn fn, void *arg)
{
	field f[MAX_FIELDS];
	size_t i, n = 0;
	int r;

	for (i = 0; i < st->namendments && *rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];

		if (a->status != ACC_ST_ADOPTED)
			continue;
		if ((r = ex_amendment_fields(f, &n, st, a)) < 0) {
			*rc = r;
			break;
		}
		fn(arg, a, f, n);
		ex_fields_free(f, n);
	}
}

/* Frees a table of malloc'd cells. */
void ex_cells_free(char **cells, size_t n)
{
	size_t i;

	for (i = 0; cells && i < n; i++)
		free(cells[i]);
	free(cells);
}

/* The roll-call of b as rows of three cells (organisation, vote, cast
 * by); *cells malloc'd. */
int ex_roll_cells(char ***cells, size_t *rows, const acc_state *st, const acc_ballot *b)
{
	roll_row *r = NULL;
	size_t n = 0, i;
	char **c;
	int rc;

	*cells = NULL;
	*rows = 0;
	if ((rc = ex_roll_call(&r, &n, st, b)) < 0)
		return rc;
	if (!(c = acc_calloc(n * 3 + 1, sizeof(char *)))) {
		free(r);
		return ACC_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		c[i * 3] = acc_sprintf("%s (%s)", r[i].org->name, r[i].org->id);
		c[i * 3 + 1] = ex_roll_vote_text(&r[i]);
		c[i * 3 + 2] = ex_delegate_text(st, r[i].org->id, r[i].delegate);
		if (!c[i * 3] || !c[i * 3 + 1] || !c[i * 3 + 2])
			rc = ACC_ENOMEM;
	}
	free(r);
	if (rc < 0) {
		ex_cells_free(c, n * 3);
		return rc;
	}
	*cells = c;
	*rows = n;
	return 0;
}

/* The signatures as rows of three cells (organisation, signed by, date). */
int ex_signature_cells(char ***cells, size_t *rows, const acc_state *ss)
{
	char **c = acc_calloc(ss->nsignatures * 3 + 1, sizeof(char *));
	size_t i;
	int rc = 0;

	*cells = NULL;
	*rows = 0;
	if (!c)
		return ACC_ENOMEM;
	for (i = 0; i < ss->nsignatures; i++) {
		const acc_signature *s = &ss->signatures[i];

		c[i * 3] = acc_sprintf("%s (%s)", ex_org_name(ss, s->org), s->org);
		c[i * 3 + 1] = ex_delegate_text(ss, s->org, s->delegate);
		c[i * 3 + 2] = acc_strdup(s->date);
		if (!c[i * 3] || !c[i * 3 + 1] || !c[i * 3 + 2])
			rc = ACC_ENOMEM;
	}
	if (rc < 0) {
		ex_cells_free(c, ss->nsignatures * 3);
		return rc;
	}
	*cells = c;
	*rows = ss->nsignatures;
	return 0;
}
