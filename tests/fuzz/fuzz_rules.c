/*
 * fuzz_rules: the tally engine, against an oracle written apart with
 * 128-bit arithmetic.
 *
 * Input: byte 0 the rule (values past the enum included), bytes 1-2 the
 * quorum numerator and denominator (numerator <= denominator, as
 * acc_fraction_parse guarantees, or denominator 0: no quorum), then one
 * entry per 3 bytes: role (past the enum included), vote (idem), weight
 * (0-255; 0 reads as 1; the byte 0xff stands for a weight of 2^32-1).
 *
 * Invariants: the counts add up (heads and weights), closed gives ADOPTED
 * or REJECTED and open PENDING with the same counts and reason; the
 * decision is the oracle's; unanimity adopted means nobody voted no,
 * abstained or was absent; consensus adopted means no "no" and some "yes";
 * the order of entries and non-members do not matter; an abstention
 * (a new abstaining member, or an absent member abstaining) never turns a
 * met quorum into a missed one.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/rules.h"
#include "fuzz.h"

typedef unsigned __int128 u128;

#define MAX_ENTRIES 512

/* Compares every field of two tallies but the result. */
static int same_counts(const acc_tally *a, const acc_tally *b)
{
	return a->yes == b->yes && a->no == b->no && a->abstain == b->abstain &&
	       a->absent == b->absent && a->members == b->members && a->w_yes == b->w_yes &&
	       a->w_no == b->w_no && a->w_abstain == b->w_abstain && a->w_absent == b->w_absent &&
	       a->w_members == b->w_members && a->weighted == b->weighted &&
	       a->quorum_met == b->quorum_met;
}

/* The decision, computed apart: adopted or not. */
static int oracle(const acc_ballot_entry *e, size_t n, acc_rule rule, unsigned qn, unsigned qd,
		  int *quorum)
{
	u128 y = 0, no = 0, ab = 0, abs = 0, m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		u128 w = e[i].weight ? e[i].weight : 1;

		if (e[i].role != ACC_ROLE_MEMBER)
			continue;
		m += w;
		if (e[i].vote == ACC_VOTE_YES)
			y += w;
		else if (e[i].vote == ACC_VOTE_NO)
			no += w;
		else if (e[i].vote == ACC_VOTE_ABSTAIN)
			ab += w;
		else
			abs += w;
	}
	*quorum = qd == 0 || (y + no + ab) * qd >= (u128)qn * m;
	if (m == 0 || !*quorum || y + no + ab == 0)
		return 0;
	switch (rule) {
	case ACC_RULE_SIMPLE:
		return y > no;
	case ACC_RULE_TWO_THIRDS:
		return y > 0 && 3 * y >= 2 * (y + no);
	case ACC_RULE_ABSOLUTE:
		return 2 * y > m;
	case ACC_RULE_UNANIMITY:
		return no == 0 && ab == 0 && abs == 0;
	case ACC_RULE_CONSENSUS:
		return no == 0 && y > 0;
	default:
		return 0;
	}
}

/* Tallies, closed and open, and checks both; returns the closed tally. */
static acc_tally tally(const acc_ballot_entry *e, size_t n, acc_rule rule, unsigned qn, unsigned qd)
{
	acc_tally c, o;
	int quorum, adopted = oracle(e, n, rule, qn, qd, &quorum);
	unsigned long wm = 0;
	unsigned members = 0;
	int weighted = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].role == ACC_ROLE_MEMBER) {
			members++;
			wm += e[i].weight ? e[i].weight : 1;
			weighted |= e[i].weight > 1;
		}
	acc_rules_tally(&c, e, n, rule, qn, qd, 1);
	acc_rules_tally(&o, e, n, rule, qn, qd, 0);
	FUZZ_CHECK(c.yes + c.no + c.abstain + c.absent == c.members);
	FUZZ_CHECK(c.members == members && c.w_members == wm && c.weighted == weighted);
	FUZZ_CHECK(c.w_yes + c.w_no + c.w_abstain + c.w_absent == c.w_members);
	if (!c.weighted)
		FUZZ_CHECK(c.w_yes == c.yes && c.w_no == c.no && c.w_abstain == c.abstain &&
			   c.w_absent == c.absent && c.w_members == c.members);
	FUZZ_CHECK(c.result == ACC_RESULT_ADOPTED || c.result == ACC_RESULT_REJECTED);
	FUZZ_CHECK(o.result == ACC_RESULT_PENDING);
	FUZZ_CHECK(same_counts(&c, &o) && c.reason && c.reason == o.reason);
	FUZZ_CHECK(c.quorum_met == quorum);
	FUZZ_CHECK((c.result == ACC_RESULT_ADOPTED) == adopted);
	if (c.result == ACC_RESULT_ADOPTED) {
		FUZZ_CHECK(c.quorum_met && c.members > 0 && c.yes > 0);
		if (rule == ACC_RULE_UNANIMITY)
			FUZZ_CHECK(c.no == 0 && c.abstain == 0 && c.absent == 0 &&
				   c.yes == c.members);
		if (rule == ACC_RULE_CONSENSUS)
			FUZZ_CHECK(c.no == 0 && c.yes > 0);
		if (rule == ACC_RULE_SIMPLE)
			FUZZ_CHECK(c.w_yes > c.w_no);
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static acc_ballot_entry e[MAX_ENTRIES + 1], r[MAX_ENTRIES + 1];
	acc_rule rule;
	unsigned qn, qd;
	size_t n = 0, m = 0, i;
	acc_tally base, t;

	if (size < 3)
		return 0;
	rule = (acc_rule)(data[0] % 7);
	qd = data[2];
	qn = qd ? data[1] % (qd + 1) : data[1];
	for (i = 3; i + 3 <= size && n < MAX_ENTRIES; i += 3, n++) {
		e[n].role = (acc_role)(data[i] % 4);
		e[n].vote = (acc_vote)(data[i + 1] % 5);
		e[n].weight = data[i + 2] == 0xff ? 0xffffffffu : data[i + 2];
	}
	base = tally(n ? e : NULL, n, rule, qn, qd);

	/* order does not matter */
	for (i = 0; i < n; i++)
		r[i] = e[n - 1 - i];
	t = tally(n ? r : NULL, n, rule, qn, qd);
	FUZZ_CHECK(same_counts(&t, &base) && t.result == base.result);

	/* non-members do not matter */
	for (i = 0; i < n; i++)
		if (e[i].role == ACC_ROLE_MEMBER)
			r[m++] = e[i];
	t = tally(m ? r : NULL, m, rule, qn, qd);
	FUZZ_CHECK(same_counts(&t, &base) && t.result == base.result);

	/* an absent member abstaining keeps a met quorum */
	for (i = 0; i < n; i++)
		if (e[i].role == ACC_ROLE_MEMBER && (e[i].vote == ACC_VOTE_NONE || e[i].vote > 3)) {
			memcpy(r, e, n * sizeof(*e));
			r[i].vote = ACC_VOTE_ABSTAIN;
			t = tally(r, n, rule, qn, qd);
			FUZZ_CHECK(!base.quorum_met || t.quorum_met);
			FUZZ_CHECK(t.abstain == base.abstain + 1 && t.absent == base.absent - 1);
			break;
		}

	/* a new member abstaining keeps a met quorum */
	memcpy(r, e, n * sizeof(*e));
	r[n] = (acc_ballot_entry){ACC_ROLE_MEMBER, size > 3 ? data[size - 1] : 1, ACC_VOTE_ABSTAIN};
	t = tally(r, n + 1, rule, qn, qd);
	FUZZ_CHECK(!base.quorum_met || t.quorum_met);
	FUZZ_CHECK(t.members == base.members + 1 && t.abstain == base.abstain + 1);
	acc_error_clear();
	return 0;
}
