/*
 * Tests of the pure tally engine (src/rules.c).
 *
 * Three kinds of test:
 *  - tables of hand-computed cases: every rule, plain and weighted, each
 *    with a passing, a tied and a failing electorate, each run under four
 *    quorums (none, met, exactly met, missed by one unit of weight) and
 *    both closed and open; then boundary cases with explicit quorums;
 *  - an exhaustive cross-check of every electorate of up to five members
 *    (weights 1..3, every vote) against a reference decider written here
 *    in a different form (ceiling division, "more than the rest", loops
 *    over the votes), plus checks that non-members change nothing;
 *  - the name and parse functions.
 *
 * Electorates are written as text, one token per organisation separated
 * by spaces: an optional role letter (o observer, c chair, x an invalid
 * role value; none for a member), a vote letter (Y yes, N no, A abstain,
 * - absent) and an optional decimal weight (default 1).  "Y3 N N oY cN"
 * is a member of weight 3 voting yes, two members voting no, an observer
 * voting yes and a chair voting no.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/rules.h"

#define MAX_ENTRIES 32

/* The expected counts of a tally (heads, then weights, then the flag). */
typedef struct {
	unsigned yes, no, abstain, absent, members;
	unsigned long w_yes, w_no, w_abstain, w_absent, w_members;
	int weighted;
} counts;

/* Parses an electorate spec (see the top of the file) into out, which has
 * room for max entries; fails the test on a malformed spec and returns the
 * number of entries. */
static size_t parse_spec(acc_ballot_entry *out, size_t max, const char *spec)
{
	const char *p = spec;
	size_t n = 0;

	for (;;) {
		acc_ballot_entry e = {ACC_ROLE_MEMBER, 1, ACC_VOTE_NONE};

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (n == max)
			fail_msg("spec \"%s\": too many entries", spec);
		if (*p == 'o' || *p == 'c' || *p == 'x') {
			e.role = *p == 'o'   ? ACC_ROLE_OBSERVER
				 : *p == 'c' ? ACC_ROLE_CHAIR
					     : (acc_role)7;
			p++;
		}
		switch (*p++) {
		case 'Y':
			e.vote = ACC_VOTE_YES;
			break;
		case 'N':
			e.vote = ACC_VOTE_NO;
			break;
		case 'A':
			e.vote = ACC_VOTE_ABSTAIN;
			break;
		case '-':
			e.vote = ACC_VOTE_NONE;
			break;
		default:
			fail_msg("spec \"%s\": bad vote letter", spec);
		}
		if (*p >= '0' && *p <= '9') {
			char *end;
			unsigned long w = strtoul(p, &end, 10);

			if (w > UINT_MAX)
				fail_msg("spec \"%s\": weight too large", spec);
			e.weight = (unsigned)w;
			p = end;
		}
		if (*p && *p != ' ')
			fail_msg("spec \"%s\": junk after token", spec);
		out[n++] = e;
	}
	return n;
}

/* Fails the test, naming the case, unless the counts of t are those of
 * want. */
static void check_counts(const char *name, const acc_tally *t, const counts *want)
{
#define CHECK(field)                                                                               \
	do {                                                                                       \
		if ((unsigned long)t->field != (unsigned long)want->field)                         \
			fail_msg("%s: " #field " is %lu, expected %lu", name,                      \
				 (unsigned long)t->field, (unsigned long)want->field);             \
	} while (0)
	CHECK(yes);
	CHECK(no);
	CHECK(abstain);
	CHECK(absent);
	CHECK(members);
	CHECK(w_yes);
	CHECK(w_no);
	CHECK(w_abstain);
	CHECK(w_absent);
	CHECK(w_members);
	CHECK(weighted);
#undef CHECK
}

/* Returns 1 when the counts of t are exactly those of want. */
static int counts_match(const acc_tally *t, const counts *want)
{
	return t->yes == want->yes && t->no == want->no && t->abstain == want->abstain &&
	       t->absent == want->absent && t->members == want->members &&
	       t->w_yes == want->w_yes && t->w_no == want->w_no &&
	       t->w_abstain == want->w_abstain && t->w_absent == want->w_absent &&
	       t->w_members == want->w_members && !t->weighted == !want->weighted;
}

/* Returns 1 when two tallies agree on every field (reasons as text). */
static int tallies_equal(const acc_tally *a, const acc_tally *b)
{
	counts ca = {a->yes,  a->no,	    a->abstain,	 a->absent,    a->members, a->w_yes,
		     a->w_no, a->w_abstain, a->w_absent, a->w_members, a->weighted};

	return counts_match(b, &ca) && !a->quorum_met == !b->quorum_met && a->result == b->result &&
	       strcmp(a->reason, b->reason) == 0;
}

/* Fails the test, naming the case, unless t has the quorum flag, result and
 * (when want_reason is not NULL) a reason containing want_reason. */
static void check_decision(const char *name, const acc_tally *t, int want_quorum,
			   acc_result want_result, const char *want_reason)
{
	if (!t->quorum_met != !want_quorum)
		fail_msg("%s: quorum_met is %d, expected %d", name, t->quorum_met, want_quorum);
	if (t->result != want_result)
		fail_msg("%s: result is %s, expected %s", name, acc_result_name(t->result),
			 acc_result_name(want_result));
	if (!t->reason || !t->reason[0])
		fail_msg("%s: empty reason", name);
	if (want_reason && !strstr(t->reason, want_reason))
		fail_msg("%s: reason \"%s\" lacks \"%s\"", name, t->reason, want_reason);
}

/* Tallies spec closed and open under rule and quorum, checks both against
 * the expectations (the open one must be PENDING with the same counts and
 * reason), and fails the test naming the case otherwise. */
static void run_case(const char *name, acc_rule rule, unsigned qnum, unsigned qden,
		     const char *spec, const counts *want, int want_quorum, acc_result want_result,
		     const char *want_reason)
{
	acc_ballot_entry e[MAX_ENTRIES];
	size_t n = parse_spec(e, MAX_ENTRIES, spec);
	acc_tally closed, open;

	acc_rules_tally(&closed, e, n, rule, qnum, qden, 1);
	check_counts(name, &closed, want);
	check_decision(name, &closed, want_quorum, want_result, want_reason);

	acc_rules_tally(&open, e, n, rule, qnum, qden, 0);
	check_counts(name, &open, want);
	check_decision(name, &open, want_quorum, ACC_RESULT_PENDING, want_reason);
	if (strcmp(open.reason, closed.reason) != 0)
		fail_msg("%s: open reason \"%s\" differs from closed \"%s\"", name, open.reason,
			 closed.reason);
}

/* ---- table 1: every rule x plain/weighted x pass/tie/fail x quorum ---- */

typedef struct {
	const char *name;
	acc_rule rule;
	const char *spec;
	counts want;
	acc_result result;  /* with the quorum met */
	const char *reason; /* a fragment of the reason, or NULL */
} base_case;

#define C(y, n, a, x, m, wy, wn, wa, wx, wm, wt)                                                   \
	{                                                                                          \
		y, n, a, x, m, wy, wn, wa, wx, wm, wt                                              \
	}
#define ADOPT  ACC_RESULT_ADOPTED
#define REJECT ACC_RESULT_REJECTED

/* Every row has at least one vote cast, so each quorum kind below means
 * what its name says.  Observers' and the chair's votes, where present,
 * would change the result if they were counted. */
static const base_case base_cases[] = {
    /* simple, plain */
    {"simple pass", ACC_RULE_SIMPLE, "Y Y N A - oN oN cN", C(2, 1, 1, 1, 5, 2, 1, 1, 1, 5, 0),
     ADOPT, "more yes"},
    {"simple tie", ACC_RULE_SIMPLE, "Y N A -", C(1, 1, 1, 1, 4, 1, 1, 1, 1, 4, 0), REJECT, "tie"},
    {"simple fail", ACC_RULE_SIMPLE, "Y N N - oY3 cY", C(1, 2, 0, 1, 4, 1, 2, 0, 1, 4, 0), REJECT,
     NULL},
    /* simple, weighted: one heavy member outvotes two light ones and back */
    {"simple weighted pass", ACC_RULE_SIMPLE, "Y3 N N -", C(1, 2, 0, 1, 4, 3, 2, 0, 1, 6, 1), ADOPT,
     "more yes"},
    {"simple weighted tie", ACC_RULE_SIMPLE, "Y2 N N A -2", C(1, 2, 1, 1, 5, 2, 2, 1, 2, 7, 1),
     REJECT, "tie"},
    {"simple weighted fail", ACC_RULE_SIMPLE, "Y Y N3 -", C(2, 1, 0, 1, 4, 2, 3, 0, 1, 6, 1),
     REJECT, NULL},
    /* two-thirds, plain: 2 yes 1 no is exactly two thirds */
    {"two-thirds pass (exact)", ACC_RULE_TWO_THIRDS, "Y Y N A - oN cN",
     C(2, 1, 1, 1, 5, 2, 1, 1, 1, 5, 0), ADOPT, "two thirds"},
    {"two-thirds tie", ACC_RULE_TWO_THIRDS, "Y N A A -", C(1, 1, 2, 1, 5, 1, 1, 2, 1, 5, 0), REJECT,
     "fewer than two thirds"},
    {"two-thirds fail", ACC_RULE_TWO_THIRDS, "Y Y Y N N -", C(3, 2, 0, 1, 6, 3, 2, 0, 1, 6, 0),
     REJECT, "fewer than two thirds"},
    /* two-thirds, weighted */
    {"two-thirds weighted pass (exact)", ACC_RULE_TWO_THIRDS, "Y2 N A -3",
     C(1, 1, 1, 1, 4, 2, 1, 1, 3, 7, 1), ADOPT, "two thirds"},
    {"two-thirds weighted tie", ACC_RULE_TWO_THIRDS, "Y2 N N -", C(1, 2, 0, 1, 4, 2, 2, 0, 1, 5, 1),
     REJECT, "fewer than two thirds"},
    {"two-thirds weighted fail", ACC_RULE_TWO_THIRDS, "Y Y Y N2 -",
     C(3, 1, 0, 1, 5, 3, 2, 0, 1, 6, 1), REJECT, "fewer than two thirds"},
    /* absolute, plain */
    {"absolute pass", ACC_RULE_ABSOLUTE, "Y Y Y N - oN cN", C(3, 1, 0, 1, 5, 3, 1, 0, 1, 5, 0),
     ADOPT, "more than half"},
    {"absolute tie", ACC_RULE_ABSOLUTE, "Y Y N N -", C(2, 2, 0, 1, 5, 2, 2, 0, 1, 5, 0), REJECT,
     NULL},
    {"absolute fail (simple would pass)", ACC_RULE_ABSOLUTE, "Y Y N A -",
     C(2, 1, 1, 1, 5, 2, 1, 1, 1, 5, 0), REJECT, NULL},
    /* absolute, weighted */
    {"absolute weighted pass", ACC_RULE_ABSOLUTE, "Y4 N - -", C(1, 1, 0, 2, 4, 4, 1, 0, 2, 7, 1),
     ADOPT, "more than half"},
    {"absolute weighted tie", ACC_RULE_ABSOLUTE, "Y2 N2 -", C(1, 1, 0, 1, 3, 2, 2, 0, 1, 5, 1),
     REJECT, NULL},
    {"absolute weighted fail", ACC_RULE_ABSOLUTE, "Y Y Y N3 -", C(3, 1, 0, 1, 5, 3, 3, 0, 1, 7, 1),
     REJECT, NULL},
    /* unanimity, plain */
    {"unanimity pass", ACC_RULE_UNANIMITY, "Y Y Y oN cN", C(3, 0, 0, 0, 3, 3, 0, 0, 0, 3, 0), ADOPT,
     "every member"},
    {"unanimity tie", ACC_RULE_UNANIMITY, "Y N", C(1, 1, 0, 0, 2, 1, 1, 0, 0, 2, 0), REJECT,
     "voted no"},
    {"unanimity fail (one abstention)", ACC_RULE_UNANIMITY, "Y Y A",
     C(2, 0, 1, 0, 3, 2, 0, 1, 0, 3, 0), REJECT, "abstained"},
    /* unanimity, weighted */
    {"unanimity weighted pass", ACC_RULE_UNANIMITY, "Y2 Y Y3", C(3, 0, 0, 0, 3, 6, 0, 0, 0, 6, 1),
     ADOPT, "every member"},
    {"unanimity weighted tie", ACC_RULE_UNANIMITY, "Y N2 Y", C(2, 1, 0, 0, 3, 2, 2, 0, 0, 4, 1),
     REJECT, "voted no"},
    {"unanimity weighted fail (absentee)", ACC_RULE_UNANIMITY, "Y3 Y -",
     C(2, 0, 0, 1, 3, 4, 0, 0, 1, 5, 1), REJECT, "not voted"},
    /* consensus, plain: abstentions do not block */
    {"consensus pass (abstentions)", ACC_RULE_CONSENSUS, "Y A A - oN cN",
     C(1, 0, 2, 1, 4, 1, 0, 2, 1, 4, 0), ADOPT, "no objection"},
    {"consensus tie", ACC_RULE_CONSENSUS, "Y N A -", C(1, 1, 1, 1, 4, 1, 1, 1, 1, 4, 0), REJECT,
     "objection"},
    {"consensus fail", ACC_RULE_CONSENSUS, "Y Y Y N", C(3, 1, 0, 0, 4, 3, 1, 0, 0, 4, 0), REJECT,
     "objection"},
    /* consensus, weighted */
    {"consensus weighted pass", ACC_RULE_CONSENSUS, "Y A3 -2", C(1, 0, 1, 1, 3, 1, 0, 3, 2, 6, 1),
     ADOPT, "no objection"},
    {"consensus weighted tie", ACC_RULE_CONSENSUS, "Y2 N2 A", C(1, 1, 1, 0, 3, 2, 2, 1, 0, 5, 1),
     REJECT, "objection"},
    {"consensus weighted fail (light objection)", ACC_RULE_CONSENSUS, "Y3 Y3 N",
     C(2, 1, 0, 0, 3, 6, 1, 0, 0, 7, 1), REJECT, "objection"},
};

enum { Q_NONE, Q_MET, Q_EXACT, Q_MISSED, Q_KINDS };

/* Runs every base case under each quorum kind, the fraction being built
 * from the case's expected weights (cast c of m): none 0/1, met
 * (2c-1)/(2m), exactly met c/m, missed by one (c+1)/m. */
static void test_table_rules_by_quorum(void **state)
{
	size_t i;
	int k;

	for (i = 0; i < sizeof(base_cases) / sizeof(base_cases[0]); i++) {
		const base_case *bc = &base_cases[i];
		unsigned c = (unsigned)(bc->want.w_yes + bc->want.w_no + bc->want.w_abstain);
		unsigned m = (unsigned)bc->want.w_members;

		assert_true(c > 0 && m > 0);
		for (k = 0; k < Q_KINDS; k++) {
			static const char *const kind[] = {"no quorum", "quorum met",
							   "quorum exactly met",
							   "quorum missed by one"};
			unsigned qn = 0, qd = 1;
			char name[160];

			switch (k) {
			case Q_MET:
				qn = 2 * c - 1;
				qd = 2 * m;
				break;
			case Q_EXACT:
				qn = c;
				qd = m;
				break;
			case Q_MISSED:
				qn = c + 1;
				qd = m;
				break;
			}
			snprintf(name, sizeof(name), "%s, %s (%u/%u)", bc->name, kind[k], qn, qd);
			if (k == Q_MISSED)
				run_case(name, bc->rule, qn, qd, bc->spec, &bc->want, 0, REJECT,
					 "quorum not met");
			else
				run_case(name, bc->rule, qn, qd, bc->spec, &bc->want, 1, bc->result,
					 bc->reason);
		}
	}
}

/* ---- table 2: boundaries, with explicit quorums ---- */

typedef struct {
	const char *name;
	acc_rule rule;
	unsigned qnum, qden;
	const char *spec;
	counts want;
	int quorum_met;
	acc_result result;
	const char *reason;
} boundary_case;

static const boundary_case boundary_cases[] = {
    /* two-thirds around the boundary */
    {"two-thirds 1 yes 0 no", ACC_RULE_TWO_THIRDS, 0, 1, "Y A -",
     C(1, 0, 1, 1, 3, 1, 0, 1, 1, 3, 0), 1, ADOPT, NULL},
    {"two-thirds 4 yes 2 no (exact)", ACC_RULE_TWO_THIRDS, 0, 1, "Y Y Y Y N N",
     C(4, 2, 0, 0, 6, 4, 2, 0, 0, 6, 0), 1, ADOPT, NULL},
    {"two-thirds 5 yes 3 no (just under)", ACC_RULE_TWO_THIRDS, 0, 1, "Y Y Y Y Y N N N",
     C(5, 3, 0, 0, 8, 5, 3, 0, 0, 8, 0), 1, REJECT, "fewer than two thirds"},
    {"two-thirds 200 vs 100 (exact, weighted)", ACC_RULE_TWO_THIRDS, 0, 1, "Y200 N100",
     C(1, 1, 0, 0, 2, 200, 100, 0, 0, 300, 1), 1, ADOPT, NULL},
    {"two-thirds 199 vs 100 (just under)", ACC_RULE_TWO_THIRDS, 0, 1, "Y199 N100",
     C(1, 1, 0, 0, 2, 199, 100, 0, 0, 299, 1), 1, REJECT, NULL},
    {"two-thirds abstentions do not count", ACC_RULE_TWO_THIRDS, 0, 1, "Y Y N A A A A A",
     C(2, 1, 5, 0, 8, 2, 1, 5, 0, 8, 0), 1, ADOPT, NULL},
    {"two-thirds all abstain", ACC_RULE_TWO_THIRDS, 1, 2, "A A A",
     C(0, 0, 3, 0, 3, 0, 0, 3, 0, 3, 0), 1, REJECT, "no one present and voting"},
    /* absolute around one half */
    {"absolute exactly half (even)", ACC_RULE_ABSOLUTE, 0, 1, "Y Y N -",
     C(2, 1, 0, 1, 4, 2, 1, 0, 1, 4, 0), 1, REJECT, "exactly half"},
    {"absolute half plus one (even)", ACC_RULE_ABSOLUTE, 0, 1, "Y Y Y -",
     C(3, 0, 0, 1, 4, 3, 0, 0, 1, 4, 0), 1, ADOPT, NULL},
    {"absolute just under half (odd)", ACC_RULE_ABSOLUTE, 0, 1, "Y Y - - -",
     C(2, 0, 0, 3, 5, 2, 0, 0, 3, 5, 0), 1, REJECT, "fewer than half"},
    {"absolute just over half (odd)", ACC_RULE_ABSOLUTE, 0, 1, "Y Y Y - -",
     C(3, 0, 0, 2, 5, 3, 0, 0, 2, 5, 0), 1, ADOPT, NULL},
    {"absolute weighted exactly half", ACC_RULE_ABSOLUTE, 0, 1, "Y3 - - -",
     C(1, 0, 0, 3, 4, 3, 0, 0, 3, 6, 1), 1, REJECT, "exactly half"},
    /* zero votes cast, all abstaining */
    {"simple zero votes", ACC_RULE_SIMPLE, 0, 1, "- - -", C(0, 0, 0, 3, 3, 0, 0, 0, 3, 3, 0), 1,
     REJECT, "no votes cast"},
    {"consensus zero votes", ACC_RULE_CONSENSUS, 0, 1, "- -", C(0, 0, 0, 2, 2, 0, 0, 0, 2, 2, 0), 1,
     REJECT, "no votes cast"},
    {"zero votes with a quorum", ACC_RULE_SIMPLE, 1, 3, "- - -", C(0, 0, 0, 3, 3, 0, 0, 0, 3, 3, 0),
     0, REJECT, "quorum not met"},
    {"simple all abstain (0-0)", ACC_RULE_SIMPLE, 1, 2, "A A A", C(0, 0, 3, 0, 3, 0, 0, 3, 0, 3, 0),
     1, REJECT, NULL},
    {"consensus all abstain", ACC_RULE_CONSENSUS, 1, 2, "A A A", C(0, 0, 3, 0, 3, 0, 0, 3, 0, 3, 0),
     1, REJECT, "no one voted yes"},
    {"unanimity all abstain", ACC_RULE_UNANIMITY, 1, 1, "A A", C(0, 0, 2, 0, 2, 0, 0, 2, 0, 2, 0),
     1, REJECT, NULL},
    {"absolute all abstain", ACC_RULE_ABSOLUTE, 1, 1, "A A", C(0, 0, 2, 0, 2, 0, 0, 2, 0, 2, 0), 1,
     REJECT, NULL},
    /* unanimity and consensus */
    {"unanimity one abstention of four", ACC_RULE_UNANIMITY, 0, 1, "Y Y Y A",
     C(3, 0, 1, 0, 4, 3, 0, 1, 0, 4, 0), 1, REJECT, NULL},
    {"unanimity one absentee", ACC_RULE_UNANIMITY, 0, 1, "Y Y -",
     C(2, 0, 0, 1, 3, 2, 0, 0, 1, 3, 0), 1, REJECT, NULL},
    {"consensus many abstentions", ACC_RULE_CONSENSUS, 1, 2, "Y A A A A -",
     C(1, 0, 4, 1, 6, 1, 0, 4, 1, 6, 0), 1, ADOPT, NULL},
    /* observers and the chair never count */
    {"observers' and chair's no ignored", ACC_RULE_SIMPLE, 0, 1, "Y oN5 oN cN9",
     C(1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0), 1, ADOPT, NULL},
    {"invalid role ignored", ACC_RULE_UNANIMITY, 1, 1, "Y xN x- Y",
     C(2, 0, 0, 0, 2, 2, 0, 0, 0, 2, 0), 1, ADOPT, NULL},
    {"non-members not in the quorum", ACC_RULE_SIMPLE, 1, 2, "Y - - oY cY oA",
     C(1, 0, 0, 2, 3, 1, 0, 0, 2, 3, 0), 0, REJECT, "quorum not met"},
    {"non-members not in absolute's base", ACC_RULE_ABSOLUTE, 0, 1, "Y N o- o- o- c-",
     C(1, 1, 0, 0, 2, 1, 1, 0, 0, 2, 0), 1, REJECT, "exactly half"},
    {"non-member weights do not make it weighted", ACC_RULE_SIMPLE, 0, 1, "Y N o-3 cY7",
     C(1, 1, 0, 0, 2, 1, 1, 0, 0, 2, 0), 1, REJECT, "tie"},
    /* no members at all: nothing can be adopted */
    {"empty electorate", ACC_RULE_SIMPLE, 0, 1, "", C(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, REJECT,
     "no members"},
    {"only non-members, unanimity", ACC_RULE_UNANIMITY, 0, 1, "cY oY",
     C(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, REJECT, "no members"},
    {"only non-members, consensus with quorum", ACC_RULE_CONSENSUS, 1, 2, "cY oY oY",
     C(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, REJECT, "no members"},
    /* weights */
    {"one heavy member outvotes two light ones", ACC_RULE_ABSOLUTE, 0, 1, "Y3 N N",
     C(1, 2, 0, 0, 3, 3, 2, 0, 0, 5, 1), 1, ADOPT, NULL},
    {"weights sink the quorum", ACC_RULE_SIMPLE, 1, 2, "Y Y N -5",
     C(2, 1, 0, 1, 4, 2, 1, 0, 5, 8, 1), 0, REJECT, "quorum not met"},
    {"weight 0 counts as 1", ACC_RULE_SIMPLE, 0, 1, "Y0 N", C(1, 1, 0, 0, 2, 1, 1, 0, 0, 2, 0), 1,
     REJECT, "tie"},
    /* quorum fractions */
    {"quorum 1/1 met", ACC_RULE_SIMPLE, 1, 1, "Y N A", C(1, 1, 1, 0, 3, 1, 1, 1, 0, 3, 0), 1,
     REJECT, "tie"},
    {"quorum 1/1 missed by an absentee", ACC_RULE_SIMPLE, 1, 1, "Y Y A -",
     C(2, 0, 1, 1, 4, 2, 0, 1, 1, 4, 0), 0, REJECT, "quorum not met"},
    {"quorum 2/3 exactly met", ACC_RULE_SIMPLE, 2, 3, "Y A - ", C(1, 0, 1, 1, 3, 1, 0, 1, 1, 3, 0),
     1, ADOPT, NULL},
    {"quorum 2/3 missed", ACC_RULE_SIMPLE, 2, 3, "Y - -", C(1, 0, 0, 2, 3, 1, 0, 0, 2, 3, 0), 0,
     REJECT, "quorum not met"},
    {"quorum 4/6 is 2/3", ACC_RULE_SIMPLE, 4, 6, "Y A -", C(1, 0, 1, 1, 3, 1, 0, 1, 1, 3, 0), 1,
     ADOPT, NULL},
    {"denominator 0 means no quorum", ACC_RULE_SIMPLE, 5, 0, "Y - - -",
     C(1, 0, 0, 3, 4, 1, 0, 0, 3, 4, 0), 1, ADOPT, NULL},
    {"numerator 0 is always met", ACC_RULE_SIMPLE, 0, 7, "Y - - -",
     C(1, 0, 0, 3, 4, 1, 0, 0, 3, 4, 0), 1, ADOPT, NULL},
    {"quorum above 1 never met", ACC_RULE_SIMPLE, 3, 2, "Y Y", C(2, 0, 0, 0, 2, 2, 0, 0, 0, 2, 0),
     0, REJECT, "quorum not met"},
};

/* Runs every boundary case, closed and open. */
static void test_table_boundaries(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(boundary_cases) / sizeof(boundary_cases[0]); i++) {
		const boundary_case *bc = &boundary_cases[i];

		run_case(bc->name, bc->rule, bc->qnum, bc->qden, bc->spec, &bc->want,
			 bc->quorum_met, bc->result, bc->reason);
	}
}

/* Weights and a quorum fraction near UINT_MAX, whose products overflow 64
 * bits: the decision must still be exact. */
static void test_huge_weights(void **state)
{
	const unsigned long M = UINT_MAX;
	acc_ballot_entry e[] = {
	    {ACC_ROLE_MEMBER, UINT_MAX, ACC_VOTE_YES},
	    {ACC_ROLE_MEMBER, UINT_MAX, ACC_VOTE_NO},
	    {ACC_ROLE_MEMBER, UINT_MAX, ACC_VOTE_YES},
	    {ACC_ROLE_MEMBER, 1, ACC_VOTE_NONE},
	};
	acc_tally t;

	if (sizeof(unsigned long) < 8)
		skip(); /* the sums themselves would not fit */

	/* cast 3M of 3M+1: (M-1)/M is met, since 3M*M > (M-1)(3M+1) */
	acc_rules_tally(&t, e, 4, ACC_RULE_SIMPLE, UINT_MAX - 1, UINT_MAX, 1);
	assert_int_equal(t.w_yes, 2 * M);
	assert_int_equal(t.w_no, M);
	assert_int_equal(t.w_members, 3 * M + 1);
	assert_true(t.quorum_met);
	assert_int_equal(t.result, ACC_RESULT_ADOPTED);

	/* but 1/1 is not (one unit of weight is absent) */
	acc_rules_tally(&t, e, 4, ACC_RULE_SIMPLE, UINT_MAX, UINT_MAX, 1);
	assert_false(t.quorum_met);
	assert_int_equal(t.result, ACC_RESULT_REJECTED);

	/* absolute: 2M yes of 3M+1 is more than half; two-thirds: 2M vs M exact */
	acc_rules_tally(&t, e, 4, ACC_RULE_ABSOLUTE, 0, 1, 1);
	assert_int_equal(t.result, ACC_RESULT_ADOPTED);
	acc_rules_tally(&t, e, 4, ACC_RULE_TWO_THIRDS, 0, 1, 1);
	assert_int_equal(t.result, ACC_RESULT_ADOPTED);
	e[0].weight = UINT_MAX - 1; /* now 2M-1 yes vs M no: under two thirds */
	acc_rules_tally(&t, e, 4, ACC_RULE_TWO_THIRDS, 0, 1, 1);
	assert_int_equal(t.result, ACC_RESULT_REJECTED);
}

/* A vote the parser cannot produce (outside acc_vote) counts as absent,
 * and an empty list may be NULL. */
static void test_defensive_inputs(void **state)
{
	acc_ballot_entry e[] = {
	    {ACC_ROLE_MEMBER, 1, ACC_VOTE_YES},
	    {ACC_ROLE_MEMBER, 2, (acc_vote)9},
	};
	acc_tally t;

	acc_rules_tally(&t, e, 2, ACC_RULE_SIMPLE, 0, 1, 1);
	assert_int_equal(t.yes, 1);
	assert_int_equal(t.absent, 1);
	assert_int_equal(t.w_absent, 2);
	assert_int_equal(t.result, ACC_RESULT_ADOPTED);

	acc_rules_tally(&t, e, 2, (acc_rule)42, 0, 1, 1);
	assert_int_equal(t.result, ACC_RESULT_REJECTED);
	assert_non_null(t.reason);

	acc_rules_tally(&t, NULL, 0, ACC_RULE_CONSENSUS, 1, 2, 1);
	assert_int_equal(t.members, 0);
	assert_int_equal(t.result, ACC_RESULT_REJECTED);
	acc_rules_tally(&t, NULL, 0, ACC_RULE_CONSENSUS, 1, 2, 0);
	assert_int_equal(t.result, ACC_RESULT_PENDING);
}

/* ---- exhaustive cross-check against a reference ---- */

/* One member of an enumerated electorate: code % 4 is the vote (0 absent,
 * 1 yes, 2 no, 3 abstain), code / 4 + 1 the weight. */
#define CODES	       12
#define MAX_ENUM       5
#define CODE_VOTE(c)   ((c) % 4)
#define CODE_WEIGHT(c) ((c) / 4 + 1)

/* The reference: the expected tally of the members coded in code[0..k),
 * computed without the engine's formulas.  Sets *quorum and returns 1 when
 * a closed ballot adopts. */
static int reference(counts *want, int *quorum, const int *code, int k, acc_rule rule, unsigned qn,
		     unsigned qd)
{
	unsigned long cast, need;
	int i, any_no = 0, any_yes = 0, all_yes = 1, rule_ok = 0;

	memset(want, 0, sizeof(*want));
	for (i = 0; i < k; i++) {
		unsigned long w = CODE_WEIGHT(code[i]);

		want->members++;
		want->w_members += w;
		want->weighted |= w != 1;
		switch (CODE_VOTE(code[i])) {
		case 0:
			want->absent++;
			want->w_absent += w;
			all_yes = 0;
			break;
		case 1:
			want->yes++;
			want->w_yes += w;
			any_yes = 1;
			break;
		case 2:
			want->no++;
			want->w_no += w;
			any_no = 1;
			all_yes = 0;
			break;
		default:
			want->abstain++;
			want->w_abstain += w;
			all_yes = 0;
			break;
		}
	}

	/* quorum: the cast weight must reach ceil(qn * members / qd) */
	cast = want->w_members - want->w_absent;
	if (qd == 0) {
		*quorum = 1;
	} else {
		need = (qn * want->w_members + qd - 1) / qd;
		*quorum = cast >= need;
	}

	switch (rule) {
	case ACC_RULE_SIMPLE:
		rule_ok = want->w_yes > want->w_no;
		break;
	case ACC_RULE_TWO_THIRDS:
		rule_ok = want->w_yes > 0 && 3 * want->w_yes >= 2 * (want->w_yes + want->w_no);
		break;
	case ACC_RULE_ABSOLUTE: /* yes outweighs everyone else together */
		rule_ok = want->w_yes > want->w_members - want->w_yes;
		break;
	case ACC_RULE_UNANIMITY:
		rule_ok = all_yes;
		break;
	case ACC_RULE_CONSENSUS:
		rule_ok = any_yes && !any_no;
		break;
	}
	return k > 0 && *quorum && rule_ok;
}

/* Describes the coded electorate in buf (for failure messages). */
static const char *describe(char *buf, size_t size, const int *code, int k)
{
	static const char letters[] = "-YNA";
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < k && used + 8 < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%c%d", i ? " " : "",
					 letters[CODE_VOTE(code[i])], CODE_WEIGHT(code[i]));
	return buf;
}

/* Fills e[0..k) with the coded members. */
static void build(acc_ballot_entry *e, const int *code, int k)
{
	static const acc_vote votes[] = {ACC_VOTE_NONE, ACC_VOTE_YES, ACC_VOTE_NO,
					 ACC_VOTE_ABSTAIN};
	int i;

	for (i = 0; i < k; i++) {
		e[i].role = ACC_ROLE_MEMBER;
		e[i].weight = (unsigned)CODE_WEIGHT(code[i]);
		e[i].vote = votes[CODE_VOTE(code[i])];
	}
}

/* Advances code[0..k) to the next combination; returns 0 after the last. */
static int next_code(int *code, int k)
{
	int i;

	for (i = 0; i < k; i++) {
		if (++code[i] < CODES)
			return 1;
		code[i] = 0;
	}
	return 0;
}

static const unsigned quorums[][2] = {{0, 1}, {1, 2}, {2, 3}, {1, 1}, {3, 5}};
#define N_QUORUMS (sizeof(quorums) / sizeof(quorums[0]))

/* Every electorate of 0..5 members, weights 1..3, every vote, under every
 * rule and quorum, closed and open, against the reference. */
static void test_exhaustive_against_reference(void **state)
{
	acc_ballot_entry e[MAX_ENUM];
	int code[MAX_ENUM];
	unsigned long checked = 0;
	int k;

	for (k = 0; k <= MAX_ENUM; k++) {
		memset(code, 0, sizeof(code));
		do {
			int r;
			size_t q;

			build(e, code, k);
			for (r = ACC_RULE_SIMPLE; r <= ACC_RULE_CONSENSUS; r++) {
				for (q = 0; q < N_QUORUMS; q++) {
					unsigned qn = quorums[q][0], qd = quorums[q][1];
					acc_tally closed, open;
					counts want;
					int quorum, adopt;
					char name[160], who[64];

					adopt =
					    reference(&want, &quorum, code, k, (acc_rule)r, qn, qd);
					acc_rules_tally(&closed, e, (size_t)k, (acc_rule)r, qn, qd,
							1);
					acc_rules_tally(&open, e, (size_t)k, (acc_rule)r, qn, qd,
							0);
					if (closed.result != (adopt ? ACC_RESULT_ADOPTED
								    : ACC_RESULT_REJECTED) ||
					    !closed.quorum_met != !quorum ||
					    open.result != ACC_RESULT_PENDING ||
					    !counts_match(&closed, &want) ||
					    !counts_match(&open, &want) ||
					    !open.quorum_met != !quorum ||
					    strcmp(open.reason, closed.reason) != 0 ||
					    (!quorum && k > 0 &&
					     strcmp(closed.reason, "quorum not met") != 0)) {
						snprintf(name, sizeof(name), "[%s] %s quorum %u/%u",
							 describe(who, sizeof(who), code, k),
							 acc_rule_name((acc_rule)r), qn, qd);
						check_counts(name, &closed, &want);
						check_counts(name, &open, &want);
						check_decision(name, &closed, quorum,
							       adopt ? ACC_RESULT_ADOPTED
								     : ACC_RESULT_REJECTED,
							       quorum || k == 0 ? NULL
										: "quorum not met");
						check_decision(name, &open, quorum,
							       ACC_RESULT_PENDING, NULL);
						fail_msg("%s: open and closed reasons differ "
							 "(\"%s\" / \"%s\")",
							 name, open.reason, closed.reason);
					}
					checked++;
				}
			}
		} while (k > 0 && next_code(code, k));
	}
	assert_true(checked > 271000UL * 5 * N_QUORUMS / 2);
}

/* Inserting a chair, an observer or an invalid role, with any vote and
 * weight, anywhere in an electorate of up to three members changes nothing
 * in the tally under any rule and quorum. */
static void test_non_members_change_nothing(void **state)
{
	static const acc_role roles[] = {ACC_ROLE_CHAIR, ACC_ROLE_OBSERVER, (acc_role)5};
	static const acc_vote votes[] = {ACC_VOTE_NONE, ACC_VOTE_YES, ACC_VOTE_NO,
					 ACC_VOTE_ABSTAIN};
	acc_ballot_entry base[3], with[4];
	int code[3];
	int k;

	for (k = 0; k <= 3; k++) {
		memset(code, 0, sizeof(code));
		do {
			size_t ro, vo, pos, q;
			unsigned w;
			int r;

			build(base, code, k);
			for (ro = 0; ro < 3; ro++)
				for (vo = 0; vo < 4; vo++)
					for (w = 0; w <= 4; w++)
						for (pos = 0; pos <= (size_t)k; pos++) {
							acc_ballot_entry extra = {roles[ro], w,
										  votes[vo]};

							memcpy(with, base, pos * sizeof(*base));
							with[pos] = extra;
							memcpy(with + pos + 1, base + pos,
							       ((size_t)k - pos) * sizeof(*base));
							for (r = 0; r <= ACC_RULE_CONSENSUS; r++)
								for (q = 0; q < N_QUORUMS; q++) {
									acc_tally a, b;

									acc_rules_tally(
									    &a, base, (size_t)k,
									    (acc_rule)r,
									    quorums[q][0],
									    quorums[q][1], 1);
									acc_rules_tally(
									    &b, with, (size_t)k + 1,
									    (acc_rule)r,
									    quorums[q][0],
									    quorums[q][1], 1);
									if (!tallies_equal(&a, &b))
										fail_msg(
										    "a %s voting "
										    "%s "
										    "(weight %u) "
										    "at "
										    "%zu changed "
										    "the "
										    "tally of %d "
										    "members",
										    acc_role_name(
											roles[ro]),
										    acc_vote_name(
											votes[vo]),
										    w, pos, k);
								}
						}
		} while (k > 0 && next_code(code, k));
	}
}

/* A small deterministic generator (xorshift64) for the random test. */
static uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A weight or quorum term: often small, often near UINT_MAX, else any. */
static unsigned rnd_big(uint64_t *s)
{
	switch (rnd_next(s) % 4) {
	case 0:
		return (unsigned)(1 + rnd_next(s) % 3);
	case 1:
		return UINT_MAX - (unsigned)(rnd_next(s) % 3);
	default:
		return (unsigned)rnd_next(s);
	}
}

/* Random electorates of up to 40 organisations with huge weights and
 * quorum terms, against a reference in 128-bit arithmetic, so the
 * engine's products must be exact beyond 64 bits. */
static void test_random_huge_against_reference(void **state)
{
#if defined(__SIZEOF_INT128__)
	typedef unsigned __int128 u128;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	acc_ballot_entry e[40];
	long iter;

	if (sizeof(unsigned long) < 8)
		skip(); /* sums of huge weights would not fit */
	for (iter = 0; iter < 200000; iter++) {
		size_t n = (size_t)(rnd_next(&seed) % 41), i;
		unsigned qn = rnd_big(&seed), qd = rnd_big(&seed);
		acc_rule rule = (acc_rule)(rnd_next(&seed) % 5);
		u128 y = 0, no = 0, ab = 0, m = 0;
		int any_no = 0, all_yes = 1, quorum, ok = 0;
		acc_tally t;

		if (rnd_next(&seed) % 8 == 0)
			qn = (unsigned)(rnd_next(&seed) % ((u128)qd + 1)); /* at most 1 */
		for (i = 0; i < n; i++) {
			e[i].weight = rnd_big(&seed);
			e[i].vote = (acc_vote)(rnd_next(&seed) % 4);
			e[i].role = rnd_next(&seed) % 6 ? ACC_ROLE_MEMBER : ACC_ROLE_OBSERVER;
			if (e[i].role != ACC_ROLE_MEMBER)
				continue;
			m += e[i].weight;
			if (e[i].vote == ACC_VOTE_YES)
				y += e[i].weight;
			else
				all_yes = 0;
			if (e[i].vote == ACC_VOTE_NO) {
				no += e[i].weight;
				any_no = 1;
			}
			if (e[i].vote == ACC_VOTE_ABSTAIN)
				ab += e[i].weight;
		}
		quorum = qd == 0 || (y + no + ab) * qd >= (u128)qn * m;
		switch (rule) {
		case ACC_RULE_SIMPLE:
			ok = y > no;
			break;
		case ACC_RULE_TWO_THIRDS:
			ok = y > 0 && 3 * y >= 2 * (y + no);
			break;
		case ACC_RULE_ABSOLUTE:
			ok = 2 * y > m;
			break;
		case ACC_RULE_UNANIMITY:
			ok = all_yes;
			break;
		case ACC_RULE_CONSENSUS:
			ok = !any_no && y > 0;
			break;
		}
		ok = ok && m > 0 && quorum;
		acc_rules_tally(&t, e, n, rule, qn, qd, 1);
		if (t.w_yes != y || t.w_no != no || t.w_abstain != ab || t.w_members != m ||
		    !t.quorum_met != !quorum ||
		    t.result != (ok ? ACC_RESULT_ADOPTED : ACC_RESULT_REJECTED))
			fail_msg("random case %ld (%zu entries, %s, quorum %u/%u): got %s "
				 "quorum_met %d, expected %s quorum_met %d",
				 iter, n, acc_rule_name(rule), qn, qd, acc_result_name(t.result),
				 t.quorum_met, ok ? "adopted" : "rejected", quorum);
	}
#else
	skip();
#endif
}

/* ---- names ---- */

/* Every rule, vote, role and result name round-trips; other names, wrong
 * case and NULL are refused and leave the output alone. */
static void test_names(void **state)
{
	static const char *const rules[] = {"simple", "two-thirds", "absolute", "unanimity",
					    "consensus"};
	static const char *const bad[] = {"",	     "Simple", "SIMPLE", "two_thirds", "twothirds",
					  "simple ", " yes",   "yes\n",	 "abs",	       "unanimous",
					  "member",  "absent", "x"};
	acc_rule r = ACC_RULE_ABSOLUTE;
	acc_vote v = ACC_VOTE_NO;
	acc_role ro = ACC_ROLE_OBSERVER;
	size_t i;
	int j;

	for (j = ACC_RULE_SIMPLE; j <= ACC_RULE_CONSENSUS; j++) {
		acc_rule got = (acc_rule)-1;

		assert_string_equal(acc_rule_name((acc_rule)j), rules[j]);
		assert_int_equal(acc_rule_parse(&got, rules[j]), 0);
		assert_int_equal(got, j);
	}
	assert_string_equal(acc_vote_name(ACC_VOTE_YES), "yes");
	assert_string_equal(acc_vote_name(ACC_VOTE_NO), "no");
	assert_string_equal(acc_vote_name(ACC_VOTE_ABSTAIN), "abstain");
	assert_string_equal(acc_vote_name(ACC_VOTE_NONE), "absent");
	for (j = ACC_VOTE_YES; j <= ACC_VOTE_ABSTAIN; j++) {
		acc_vote got = ACC_VOTE_NONE;

		assert_int_equal(acc_vote_parse(&got, acc_vote_name((acc_vote)j)), 0);
		assert_int_equal(got, j);
	}
	assert_string_equal(acc_result_name(ACC_RESULT_PENDING), "pending");
	assert_string_equal(acc_result_name(ACC_RESULT_ADOPTED), "adopted");
	assert_string_equal(acc_result_name(ACC_RESULT_REJECTED), "rejected");
	assert_string_equal(acc_role_name(ACC_ROLE_MEMBER), "member");
	assert_string_equal(acc_role_name(ACC_ROLE_CHAIR), "chair");
	assert_string_equal(acc_role_name(ACC_ROLE_OBSERVER), "observer");
	for (j = ACC_ROLE_MEMBER; j <= ACC_ROLE_OBSERVER; j++) {
		acc_role got = (acc_role)-1;

		assert_int_equal(acc_role_parse(&got, acc_role_name((acc_role)j)), 0);
		assert_int_equal(got, j);
	}

	/* refusals leave *out untouched ("absent" is a state, not a vote) */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(acc_rule_parse(&r, bad[i]), -1);
		if (strcmp(bad[i], "member") != 0)
			assert_int_equal(acc_role_parse(&ro, bad[i]), -1);
		assert_int_equal(acc_vote_parse(&v, bad[i]), -1);
	}
	assert_int_equal(acc_rule_parse(&r, NULL), -1);
	assert_int_equal(acc_vote_parse(&v, NULL), -1);
	assert_int_equal(acc_role_parse(&ro, NULL), -1);
	assert_int_equal(acc_vote_parse(&v, "Yes"), -1);
	assert_int_equal(acc_role_parse(&ro, "Chair"), -1);
	assert_int_equal(r, ACC_RULE_ABSOLUTE);
	assert_int_equal(v, ACC_VOTE_NO);
	assert_int_equal(ro, ACC_ROLE_OBSERVER);

	/* out-of-range values have a printable name */
	assert_non_null(acc_rule_name((acc_rule)99));
	assert_non_null(acc_vote_name((acc_vote)99));
	assert_non_null(acc_role_name((acc_role)99));
	assert_non_null(acc_result_name((acc_result)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_rules_by_quorum),
	    cmocka_unit_test(test_table_boundaries),
	    cmocka_unit_test(test_huge_weights),
	    cmocka_unit_test(test_defensive_inputs),
	    cmocka_unit_test(test_exhaustive_against_reference),
	    cmocka_unit_test(test_non_members_change_nothing),
	    cmocka_unit_test(test_random_huge_against_reference),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
