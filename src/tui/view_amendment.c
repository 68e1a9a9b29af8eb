/*
 * view_amendment: one amendment (who proposed it and why, its word diff,
 * its ballot: rule, quorum, a tally bar and the roll-call), the review of
 * a drafted amendment, and the word-diff rendering both use.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accord/history.h"
#include "accord/textdiff.h"
#include "accord/query.h"
#include "app.h"

#define LABEL_COLS 13

/* ---- word diffs ----------------------------------------------------------- */

/* Appends one run of a diff in its style, never told by colour alone:
 * monochrome (and NO_COLOR) marks both kinds, [-deleted-] and
 * {+inserted+}; in colour insertions are underlined and deletions struck
 * through where the terminal can (strike.c), else marked. */
static int put_run(tui *t, tui_flow *f, const acc_diff_run *r)
{
	int mono = !t->theme.color, rc = 0;
	int del_marks = mono || !t->theme.strike;

	switch (r->op) {
	case ACC_DIFF_EQUAL:
		return flow_put(f, ST_NORMAL, r->text, r->len);
	case ACC_DIFF_DELETE:
		if (del_marks)
			rc = flow_puts(f, ST_DEL, "[-");
		if (rc == 0)
			rc = flow_put(f, ST_DEL, r->text, r->len);
		if (rc == 0 && del_marks)
			rc = flow_puts(f, ST_DEL, "-]");
		return rc;
	case ACC_DIFF_INSERT:
		if (mono)
			rc = flow_puts(f, ST_INS, "{+");
		if (rc == 0)
			rc = flow_put(f, ST_INS, r->text, r->len);
		if (rc == 0 && mono)
			rc = flow_puts(f, ST_INS, "+}");
		return rc;
	}
	return 0;
}

/* A word diff as a flow, one side or both. */
int diff_flow(tui *t, tui_flow *f, const char *old, const char *new, int side)
{
	acc_diff d;
	size_t i;
	int rc;

	memset(&d, 0, sizeof(d));
	if ((rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
		return rc;
	for (i = 0; i < d.count && rc == 0; i++) {
		if ((side < 0 && d.runs[i].op == ACC_DIFF_INSERT) ||
		    (side > 0 && d.runs[i].op == ACC_DIFF_DELETE))
			continue;
		rc = put_run(t, f, &d.runs[i]);
	}
	acc_diff_free(&d);
	return rc;
}

/* Wraps the two columns of one block and puts them side by side. */
static int flush_block(tui_doc *d, tui_flow *l, tui_flow *r, size_t cw)
{
	int rc = flow_side_by_side(d, l, r, cw);

	flow_free(l);
	flow_free(r);
	return rc;
}

/* A word diff laid out inline, or side by side aligned on paragraphs,
 * each column headed by what it shows. */
int diff_doc(tui *t, tui_doc *d, const char *old, const char *new, size_t width, int side_by_side,
	     const char *left, const char *right)
{
	tui_flow l = {ACC_BUF_INIT, NULL, 0}, r = {ACC_BUF_INIT, NULL, 0};
	acc_diff df;
	size_t i, cw = width > 4 ? (width - 4) / 2 : 1;
	int rc = 0;

	if (!side_by_side || width < 60) {
		if ((rc = diff_flow(t, &l, old, new, 0)) == 0)
			rc = flow_wrap(d, &l, width > 2 ? width - 1 : width, 2, LINK_NONE, NULL);
		flow_free(&l);
		return rc;
	}
	memset(&df, 0, sizeof(df));
	if ((rc = acc_textdiff(&df, old, strlen(old), new, strlen(new))) < 0)
		return rc;
	{
		tui_row *h = doc_row(d);

		if (!h) {
			rc = ACC_ENOMEM;
			goto done;
		}
		row_pad(h, 1);
		row_fit(h, ST_HEADING, left ? left : "now", cw, 1);
		row_puts(h, ST_DIM, " ");
		row_put(h, ST_DIM, glyph_vline(), strlen(glyph_vline()));
		row_puts(h, ST_DIM, " ");
		row_fit(h, ST_HEADING, right ? right : "proposed", cw, 0);
	}
	for (i = 0; i < df.count && rc == 0; i++) {
		const acc_diff_run *run = &df.runs[i];

		if (run->op != ACC_DIFF_EQUAL) {
			rc = put_run(t, run->op == ACC_DIFF_DELETE ? &l : &r, run);
			continue;
		}
		{
			/* an unchanged paragraph break lines the columns up again */
			const char *p = run->text, *end = run->text + run->len;

			while (rc == 0 && p < end) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

				if ((rc = flow_put(&l, ST_NORMAL, p, n)) == 0)
					rc = flow_put(&r, ST_NORMAL, p, n);
				if (rc == 0 && nl)
					rc = flush_block(d, &l, &r, cw);
				p += n + (nl != NULL);
			}
		}
	}
	if (rc == 0 && (l.text.size || r.text.size))
		rc = flush_block(d, &l, &r, cw);
done:
	flow_free(&l);
	flow_free(&r);
	acc_diff_free(&df);
	return rc;
}

/* ---- helpers shared by the views ----------------------------------------- */

/* The sponsor of the amendment a amends ("" when unknown). */
static const char *parent_sponsor(const acc_state *st, const acc_amendment *a)
{
	const acc_amendment *p = a->amends ? acc_state_amendment(st, a->amends) : NULL;

	return p ? p->sponsor : "";
}

/* The style of an amendment status word. */
tui_style tui_status_style(const char *s)
{
	if (!strcmp(s, "voting"))
		return ST_VOTING;
	if (!strcmp(s, "tabled"))
		return ST_TABLED;
	if (!strcmp(s, "adopted"))
		return ST_ADOPTED;
	if (!strcmp(s, "rejected"))
		return ST_REJECTED;
	if (!strcmp(s, "stale"))
		return ST_STALE;
	return ST_GONE;
}

/* A row "Label        value" with the value wrapped under itself. */
static int field_row(tui_doc *d, const char *label, tui_style st, const char *value, size_t width)
{
	tui_flow f = {ACC_BUF_INIT, NULL, 0};
	char pad[LABEL_COLS + 1];
	int rc;

	snprintf(pad, sizeof(pad), "%-*s", LABEL_COLS - 1, label);
	if ((rc = flow_puts(&f, ST_DIM, pad)) == 0 && (rc = flow_puts(&f, st, value)) == 0)
		rc = flow_wrap_hang(d, &f, width, 1, LABEL_COLS, LINK_NONE, NULL);
	flow_free(&f);
	return rc;
}

/* A section heading: "── Title ────". */
static int section(tui_doc *d, const char *title, size_t width)
{
	tui_row *r;
	size_t i;

	if (!doc_row(d) || !(r = doc_row(d)))
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, " ");
	row_put(r, ST_DIM, glyph_hline(), strlen(glyph_hline()));
	row_put(r, ST_DIM, glyph_hline(), strlen(glyph_hline()));
	row_puts(r, ST_HEADING, " ");
	if (width > r->width + 2)
		row_fit(r, ST_HEADING, title, width - r->width - 2, 0);
	row_puts(r, ST_HEADING, " ");
	for (i = r->width; i + 1 < width; i++)
		row_put(r, ST_DIM, glyph_hline(), strlen(glyph_hline()));
	return 0;
}

/* "Article 6 Protection of critical infrastructure" for a clause id. */
static char *clause_label(tui *t, const char *id)
{
	const acc_clause *c = tui_clause(t, id);

	if (!c)
		return acc_sprintf("clause %s", id);
	return acc_sprintf("%s %s %s", c->container ? "Part" : "Article", c->number, c->heading);
}

/* What the amendment does, in words. */
static char *what_it_does(tui *t, const acc_amendment *a)
{
	char *cl = clause_label(t, a->clause), *s;

	if (!cl)
		return NULL;
	if (a->amends)
		s = acc_sprintf("amends the amendment %s (to %s)", a->amends, cl);
	else if (a->op == ACC_OP_INSERT_AFTER)
		s = acc_sprintf("inserts a new clause \"%s\" (%s) after %s",
				a->heading ? a->heading : "", a->new_clause ? a->new_clause : "",
				cl);
	else if (a->op == ACC_OP_DELETE)
		s = acc_sprintf("deletes %s", cl);
	else
		s = acc_sprintf("replaces the text of %s", cl);
	free(cl);
	return s;
}

/* A sentence on where the amendment stands. */
static const char *status_words(const acc_amendment *a)
{
	switch (a->status) {
	case ACC_ST_TABLED:
		return "tabled: waiting for the chair to open its ballot";
	case ACC_ST_VOTING:
		return "voting: its ballot is open";
	case ACC_ST_ADOPTED:
		return "adopted: it is part of the text";
	case ACC_ST_REJECTED:
		return "rejected by the vote";
	case ACC_ST_WITHDRAWN:
		return "withdrawn by its sponsor";
	case ACC_ST_FALLEN:
		return "fallen: made moot when another amendment was adopted";
	case ACC_ST_STALE:
		return "stale: the text changed after it was drafted";
	}
	return "";
}

/* Name (id) of an organisation. */
static char *org_label(const acc_state *st, const char *id)
{
	const acc_org *o = acc_state_org(st, id);

	return o ? acc_sprintf("%s (%s)", o->name, id) : acc_strdup(id);
}

/* The tally bar: member weight that voted yes, no, abstained, or did not
 * vote, in proportion; a different character for each, so that it reads
 * without colour. */
static int tally_bar(tui_doc *d, const acc_tally *tl, size_t width)
{
	tui_row *r;
	size_t bw = width > 8 ? width - 6 : 2, n[4], i, total = 0;
	unsigned long w[4] = {tl->w_yes, tl->w_no, tl->w_abstain, tl->w_absent};
	static const char ch[4] = {'+', '-', '~', '.'};
	static const tui_style st[4] = {ST_YES, ST_NO, ST_ABSTAIN, ST_ABSENT};
	unsigned long all = tl->w_yes + tl->w_no + tl->w_abstain + tl->w_absent;

	if (bw > 60)
		bw = 60;
	if (!(r = doc_row(d)))
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, " [");
	for (i = 0; i < 4; i++) {
		n[i] = all ? (size_t)((w[i] * bw + all / 2) / all) : 0;
		if (w[i] && !n[i])
			n[i] = 1;
		total += n[i];
	}
	/* rounding: keep the bar exactly bw wide, trimming the largest part */
	while (total > bw) {
		size_t big = 0;

		for (i = 1; i < 4; i++)
			if (n[i] > n[big])
				big = i;
		n[big]--;
		total--;
	}
	n[3] += bw - total;
	for (i = 0; i < 4; i++) {
		char seg[64];

		memset(seg, ch[i], n[i] < sizeof(seg) ? n[i] : sizeof(seg) - 1);
		seg[n[i] < sizeof(seg) ? n[i] : sizeof(seg) - 1] = '\0';
		row_puts(r, st[i], seg);
	}
	row_puts(r, ST_NORMAL, "]");
	if (!(r = doc_row(d)))
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, "  ");
	row_printf(r, ST_YES, "+ yes %u", tl->yes);
	row_puts(r, ST_NORMAL, "   ");
	row_printf(r, ST_NO, "- no %u", tl->no);
	row_puts(r, ST_NORMAL, "   ");
	row_printf(r, ST_ABSTAIN, "~ abstain %u", tl->abstain);
	row_puts(r, ST_NORMAL, "   ");
	row_printf(r, ST_ABSENT, ". absent %u", tl->absent);
	if (tl->weighted) {
		if (!(r = doc_row(d)))
			return ACC_ENOMEM;
		row_printf(r, ST_DIM, "  weighted: yes %lu, no %lu, abstain %lu, absent %lu",
			   tl->w_yes, tl->w_no, tl->w_abstain, tl->w_absent);
	}
	return 0;
}

/* Marks a roll-call row whose vote the chair recorded (vr, or a recorded
 * absence of org): confirmed, or contested in the error colour. */
static void rollcall_mark(tui_row *r, const acc_ballot *b, const acc_vote_rec *vr, const char *org)
{
	const acc_recorded_vote *rv = acc_ballot_recorded(b, org);

	if (!rv || rv->overridden || (vr && !vr->recorded))
		return;
	row_puts(r, ST_DIM, vr ? " [recorded" : " [recorded absent");
	if (rv->response == ACC_RESPONSE_CONTESTED)
		row_puts(r, ST_ERROR, ", contested");
	else if (rv->response == ACC_RESPONSE_CONFIRMED)
		row_puts(r, ST_DIM, ", confirmed");
	row_puts(r, ST_DIM, "]");
}

/* The counts by source of a recorded roll-call, and the explanations of
 * vote, after the roll-call. */
static int explanations_section(tui_doc *d, const acc_state *st, const acc_ballot *b, size_t width)
{
	unsigned rec, sig;
	size_t i;
	int rc = 0;
	char *s;

	if (b->round) {
		acc_ballot_sources(&rec, &sig, st, b);
		if (!(s = acc_sprintf("%u votes recorded by the chair (round %u), %u signed by the "
				      "delegations.",
				      rec, b->round, sig)))
			return ACC_ENOMEM;
		rc = doc_para(d, ST_DIM, s, width, 2);
		free(s);
	}
	if (rc == 0 && b->nexplanations)
		rc = section(d, "Explanations of vote", width);
	for (i = 0; rc == 0 && i < b->nexplanations; i++) {
		if (!(s = acc_sprintf("%s: %s", b->explanations[i].org, b->explanations[i].text)))
			return ACC_ENOMEM;
		rc = doc_para(d, ST_NORMAL, s, width, 2);
		free(s);
	}
	return rc;
}

/* The ballot: rule, quorum, the bar, the result or a preview of it, the
 * roll-call of every organisation. */
static int ballot_section(tui *t, tui_doc *d, const acc_state *st, const acc_amendment *a,
			  size_t width)
{
	const acc_ballot *b = &a->ballot;
	acc_query_tally q;
	acc_tally tl, pv;
	char quorum[32];
	tui_row *r;
	size_t i, k;
	int rc;

	if ((rc = section(d, "Ballot", width)) < 0)
		return rc;
	if (b->state == ACC_BALLOT_NONE) {
		return doc_para(d, ST_DIM,
				a->status == ACC_ST_TABLED
				    ? "Not opened yet: the chair opens it (key O)."
				    : "No ballot was held.",
				width, 1);
	}
	if (b->state == ACC_BALLOT_FALLEN) {
		char *s = acc_sprintf("Fallen without a vote: %s was adopted first.",
				      b->fallen_by ? b->fallen_by : "another amendment");
		rc = s ? doc_para(d, ST_GONE, s, width, 1) : ACC_ENOMEM;
		free(s);
		return rc;
	}
	acc_fraction_format(quorum, sizeof(quorum), b->quorum_num, b->quorum_den);
	if (!(r = doc_row(d)))
		return ACC_ENOMEM;
	row_puts(r, ST_NORMAL, " ");
	row_puts(r, b->state == ACC_BALLOT_OPEN ? ST_VOTING : ST_HEADING,
		 b->state == ACC_BALLOT_OPEN ? "Open" : "Closed");
	row_printf(r, ST_NORMAL, " - %s majority, quorum %s", acc_rule_name(b->rule), quorum);
	/* the running count, or a closed ballot's recount, as `accord tally` */
	if ((rc = acc_query_tally_of(&q, t->ctx, st, NULL, a->id)) < 0)
		return rc;
	tl = q.tally;
	pv = q.preview;
	acc_query_tally_free(&q);
	if ((rc = tally_bar(d, &tl, width)) < 0)
		return rc;
	if (!(r = doc_row(d)))
		return ACC_ENOMEM;
	row_printf(r, tl.quorum_met ? ST_NORMAL : ST_ERROR, "  quorum %s",
		   tl.quorum_met ? "met" : "not met");
	if (b->state == ACC_BALLOT_OPEN) {
		row_puts(r, ST_NORMAL, "; if closed now: ");
		row_puts(r, pv.result == ACC_RESULT_ADOPTED ? ST_ADOPTED : ST_REJECTED,
			 acc_result_name(pv.result));
		if (pv.reason)
			row_printf(r, ST_DIM, " (%s)", pv.reason);
	} else {
		row_puts(r, ST_NORMAL, "; result: ");
		row_puts(r, b->result == ACC_RESULT_ADOPTED ? ST_ADOPTED : ST_REJECTED,
			 acc_result_name(b->result));
		row_printf(r, ST_DIM, " (recorded yes %u, no %u, abstain %u, absent %u)", b->yes,
			   b->no, b->abstain, b->absent);
	}
	if ((rc = section(d, "Roll-call", width)) < 0)
		return rc;
	for (i = 0; i < st->norgs; i++) {
		const acc_org *o = &st->orgs[i];
		const acc_vote_rec *vr = NULL;
		size_t idw = width > 60 ? 20 : 14, nw, used;
		unsigned w; /* its weight in the electorate fixed at opening */
		int counted = acc_ballot_counts(&w, st, b, o->id);

		for (k = 0; k < b->nvotes; k++)
			if (!strcmp(b->votes[k].org, o->id))
				vr = &b->votes[k];
		if (!(r = doc_row(d)))
			return ACC_ENOMEM;
		row_puts(r, ST_NORMAL, "  ");
		row_fit(r, ST_ID, o->id, idw, 1);
		row_puts(r, ST_NORMAL, " ");
		used = r->width;
		/* room for the marks of a recorded roll-call */
		nw = width > used + (b->round ? 46 : 24) ? width - used - (b->round ? 46 : 24) : 8;
		row_fit(r, ST_NORMAL, o->name, nw, 1);
		row_puts(r, ST_NORMAL, " ");
		if (!counted) {
			row_printf(r, ST_DIM, "%s%s",
				   b->has_electorate && o->role == ACC_ROLE_MEMBER
				       ? "not an elector"
				       : acc_role_name(o->role),
				   vr ? ", not counted" : ", no vote");
		} else if (!vr) {
			row_puts(r, ST_ABSENT,
				 b->state == ACC_BALLOT_OPEN && !acc_ballot_recorded(b, o->id)
				     ? "not yet"
				     : "absent");
		} else {
			row_puts(r,
				 vr->vote == ACC_VOTE_YES  ? ST_YES
				 : vr->vote == ACC_VOTE_NO ? ST_NO
							   : ST_ABSTAIN,
				 acc_vote_name(vr->vote));
		}
		rollcall_mark(r, b, vr, o->id);
		if ((counted ? w : o->weight) != 1)
			row_printf(r, ST_DIM, " x%u", counted ? w : o->weight);
		if (t->me_org && !strcmp(t->me_org, o->id))
			row_puts(r, ST_HEADING, " (you)");
	}
	return explanations_section(d, st, b, width);
}

/* ---- the amendment view ------------------------------------------------------ */

typedef struct {
	char *by, *when; /* who tabled it and when, from the log */
	char *old, *new; /* the texts of its diff */
	acc_against against;
	acc_state *st; /* the amendment, its parent, its clause and the registry only */
} amend_data;

/* Frees the view's data. */
static void amend_free(tui_view *v)
{
	amend_data *d = v->data;

	if (!d)
		return;
	free(d->by);
	free(d->when);
	free(d->old);
	free(d->new);
	acc_state_free(d->st);
	free(d);
	v->data = NULL;
}

/* Finds who tabled the amendment in the index log of its clause. */
static void find_proposer(tui *t, amend_data *d, const acc_amendment *a)
{
	acc_log_entry *e = NULL;
	size_t n = 0, i;

	if (acc_index_log(t->ix, &e, &n, a->clause, 0) < 0) {
		acc_error_clear();
		return;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(e[i].action, "propose") && !strcmp(e[i].amendment, a->id)) {
			char date[32];
			time_t tt = (time_t)e[i].time;
			struct tm tm;

			gmtime_r(&tt, &tm);
			strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
			d->by = acc_sprintf("%s <%s>", e[i].author, e[i].email);
			d->when = acc_strdup(date);
		}
	acc_log_free(e, n);
}

/* Loads the amendment (its clause from the index, then the amendment,
 * the one it amends, the clause with its text and the registry from the
 * tree: never the whole state), its diff texts and who tabled it. */
static int amend_open(tui *t, tui_view *v)
{
	const acc_amendment_row *row = tui_amendment_row(t, v->amendment);
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_oid_hex at;
	const acc_amendment *a;
	acc_state *st;
	amend_data *d;
	int rc;

	amend_free(v);
	view_set_title(v, "%s", v->amendment);
	if (!row)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", v->amendment);
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	if ((rc = acc_strlist_add(&ids, v->amendment)) == 0)
		rc = acc_ops_state_clause(&d->st, at, t->ctx, t->head, row->clause, &ids);
	acc_strlist_free(&ids);
	if (rc < 0)
		return rc;
	st = d->st;
	if (!(a = acc_state_amendment(st, v->amendment)))
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", v->amendment);
	free(v->clause);
	v->clause = acc_strdup(a->clause);
	if ((rc = acc_ops_amendment_texts(&d->old, &d->new, &d->against, acc_ctx_store(t->ctx), st,
					  a)) < 0)
		return rc;
	find_proposer(t, d, a);
	return view_set_title(v, "Amendment %s (%s)", a->id, acc_status_name(a->status));
}

/* Lays out the amendment: what it does, who and why, change, ballot. */
static int amend_layout(tui *t, tui_view *v, int width)
{
	amend_data *d = v->data;
	acc_state *st = d ? d->st : NULL;
	const acc_amendment *a;
	size_t w = (size_t)width, i, k;
	char *s;
	tui_row *r;
	int rc;

	if (!d || !st || !(a = acc_state_amendment(st, v->amendment)))
		return doc_para(&v->doc, ST_ERROR, "This amendment cannot be shown.", w, 1);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_puts(r, ST_HEADING, " Amendment ");
	row_puts(r, ST_ID, a->id);
	row_puts(r, ST_NORMAL, "  ");
	row_puts(r, tui_status_style(acc_status_name(a->status)), acc_status_name(a->status));
	if (!(s = what_it_does(t, a)))
		return ACC_ENOMEM;
	rc = doc_para(&v->doc, ST_NORMAL, s, w, 1);
	free(s);
	if (rc < 0 || !doc_row(&v->doc))
		return ACC_ENOMEM;
	if (!(s = org_label(st, a->sponsor)))
		return ACC_ENOMEM;
	rc = field_row(&v->doc, "Sponsor", ST_NORMAL, s, w);
	free(s);
	for (i = 0; rc == 0 && i < a->cosponsors.count; i++) {
		if (!(s = org_label(st, a->cosponsors.items[i])))
			return ACC_ENOMEM;
		rc = field_row(&v->doc, i ? "" : "Co-sponsors", ST_NORMAL, s, w);
		free(s);
	}
	/* invitations not (yet) answered by the organisation's own consent */
	for (i = 0, k = 0; rc == 0 && i < a->invited.count; i++) {
		if (acc_strlist_find(&a->cosponsors, a->invited.items[i]) >= 0)
			continue;
		if (!(s = org_label(st, a->invited.items[i])))
			return ACC_ENOMEM;
		rc = field_row(&v->doc, k++ ? "" : "Invited", ST_DIM, s, w);
		free(s);
	}
	if (rc == 0 && d->by) {
		s = acc_sprintf("%s, %s", d->by, d->when ? d->when : "");
		rc = s ? field_row(&v->doc, "Tabled by", ST_NORMAL, s, w) : ACC_ENOMEM;
		free(s);
	}
	if (rc == 0)
		rc = field_row(&v->doc, "Status", tui_status_style(acc_status_name(a->status)),
			       status_words(a), w);
	if (rc == 0)
		rc = field_row(&v->doc, "Rationale", a->rationale ? ST_NORMAL : ST_DIM,
			       a->rationale ? a->rationale : "(none given)", w);
	if (rc < 0)
		return rc;
	{
		const char *against =
		    d->against == ACC_AGAINST_PARENT  ? "against the amendment it amends"
		    : d->against == ACC_AGAINST_EMPTY ? "a new clause"
		    : d->against == ACC_AGAINST_BASE  ? "against the text it was drafted on"
						      : "against the clause as it stands";

		s = acc_sprintf("Change, %s (%s)", against,
				t->side_by_side ? "side by side; s: inline" : "s: side by side");
		rc = s ? section(&v->doc, s, w) : ACC_ENOMEM;
		free(s);
		if (rc < 0)
			return rc;
	}
	if (!strcmp(d->old, d->new)) {
		rc = doc_para(&v->doc, ST_DIM, "(no change to the words)", w, 2);
	} else {
		/* the columns say what they compare */
		char *left = d->against == ACC_AGAINST_PARENT
				 ? acc_sprintf("amendment %s by %s", a->amends ? a->amends : "",
					       parent_sponsor(st, a))
			     : d->against == ACC_AGAINST_EMPTY ? acc_strdup("(no clause yet)")
			     : d->against == ACC_AGAINST_BASE  ? acc_strdup("text drafted on")
							       : acc_strdup("adopted text");
		char *right = acc_sprintf("amendment %s by %s", a->id, a->sponsor);

		rc = left && right
			 ? diff_doc(t, &v->doc, d->old, d->new, w, t->side_by_side, left, right)
			 : ACC_ENOMEM;
		free(left);
		free(right);
	}
	if (rc < 0)
		return rc;
	return ballot_section(t, &v->doc, st, a, w);
}

const tui_view_ops tui_amendment_ops = {"amendment", amend_open, amend_layout,
					NULL,	     NULL,	 amend_free};

/* ---- the review of a draft ------------------------------------------------------ */

/* Frees a draft. */
void draft_free(tui_draft *d)
{
	if (!d)
		return;
	free(d->clause);
	free(d->amends);
	free(d->old);
	free(d->text);
	free(d->heading);
	free(d->new_heading);
	acc_strlist_free(&d->invite);
	free(d->kept);
	free(d);
}

/* A review view over a draft (it owns the draft). */
tui_view *draft_view_new(tui_draft *d)
{
	tui_view *v = view_new(&tui_draft_ops, d->clause, d->amends, NULL);

	if (!v) {
		draft_free(d);
		return NULL;
	}
	v->data = d;
	v->want_change = 1;
	return v;
}

/* The draft of a draft view. */
tui_draft *draft_of(tui_view *v)
{
	return v && v->ops == &tui_draft_ops ? v->data : NULL;
}

/* Titles the review view. */
static int draft_open(tui *t, tui_view *v)
{
	tui_draft *d = v->data;

	(void)t;
	return view_set_title(v, "draft %s %s", d->amends ? "amending" : "of",
			      d->amends	   ? d->amends
			      : d->heading ? d->heading
					   : d->clause);
}

/* Lays out the review: instructions and the diff of the draft. */
static int draft_layout(tui *t, tui_view *v, int width)
{
	tui_draft *d = v->data;
	size_t w = (size_t)width;
	char *s;
	int rc;

	if (d->amends) {
		s = acc_sprintf("Your draft amending %s", d->amends);
	} else {
		char *cl = clause_label(t, d->clause);

		if (d->op == ACC_OP_INSERT_AFTER)
			s = acc_sprintf("Your draft inserting a new clause \"%s\" after %s",
					d->new_heading ? d->new_heading : "", cl ? cl : d->clause);
		else if (d->op == ACC_OP_DELETE)
			s = acc_sprintf("Your draft deleting %s", cl ? cl : d->clause);
		else
			s = acc_sprintf("Your draft replacing the text of %s", cl ? cl : d->clause);
		free(cl);
	}
	rc = s ? doc_para(&v->doc, ST_HEADING, s, w, 1) : ACC_ENOMEM;
	free(s);
	if (rc < 0)
		return rc;
	{
		/* whom it invites to co-sponsor it (I changes it) */
		acc_buf inv = ACC_BUF_INIT;
		size_t i;

		for (i = 0; i < d->invite.count; i++)
			acc_buf_printf(&inv, "%s%s", i ? ", " : "", d->invite.items[i]);
		s = acc_sprintf("Invites to co-sponsor: %s (I to change)",
				inv.ptr ? inv.ptr : "nobody");
		acc_buf_free(&inv);
		rc = s ? doc_para(&v->doc, ST_DIM, s, w, 1) : ACC_ENOMEM;
		free(s);
		if (rc < 0)
			return rc;
	}
	if (!strcmp(d->old, d->text))
		rc = doc_para(&v->doc, ST_ERROR,
			      "Your text is the same as the current one: there is nothing to "
			      "table. Press e to edit it again, q to leave.",
			      w, 1);
	else
		rc = doc_para(
		    &v->doc, ST_NORMAL,
		    "Review the change below, then press t to table it for your "
		    "organisation (you will be asked for a rationale and to confirm), e "
		    "to edit it again, q to discard it. If you leave accord meanwhile, the "
		    "draft is kept and offered again at the next start.",
		    w, 1);
	if (rc == 0)
		rc = section(&v->doc,
			     t->side_by_side ? "Your change (side by side; s: inline)"
					     : "Your change (s: side by side)",
			     w);
	if (rc == 0)
		rc = diff_doc(t, &v->doc, d->old, d->text, w, t->side_by_side,
			      d->amends ? "the amendment" : "adopted text", "your draft");
	return rc;
}

/* q on a draft asks before discarding it. */
static int draft_request(tui *t, tui_view *v, tui_request req)
{
	if (req == REQ_BACK) {
		if (tui_confirm(t, "Discard this draft? [y/N] ")) {
			tui_draft_forget(v->data);
			view_pop(t);
		}
		return 1;
	}
	(void)v;
	return 0;
}

/* Frees the draft held by the view. */
static void draft_view_free(tui_view *v)
{
	draft_free(v->data);
	v->data = NULL;
}

const tui_view_ops tui_draft_ops = {"draft",	   draft_open, draft_layout,
				    draft_request, NULL,       draft_view_free};
