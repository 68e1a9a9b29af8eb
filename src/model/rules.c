/*
 * rules: the pure tally engine (see include/accord/rules.h).
 *
 * Decisions use integer cross-multiplication only.  Products are formed in
 * 128 bits (two 64-bit halves, portably), so no comparison can overflow
 * whatever the weights and quorum fraction; the only assumption is that the
 * sum of member weights fits the unsigned long of acc_tally.
 *
 * Defensive readings of malformed input, so that a bad record can never
 * make a ballot pass by accident:
 *  - a member weight of 0 is counted as 1 (weights are >= 1 by contract);
 *  - an entry whose role is not ACC_ROLE_MEMBER is ignored entirely;
 *  - a member vote outside the acc_vote values counts as absent.
 */
#include "accord/rules.h"

#include <assert.h>
#include <string.h>

/* Why a ballot stands as it does.  Every phrase reads correctly both for a
 * closed ballot and for the running count of an open one. */
static const char R_NO_MEMBERS[] = "the electorate has no members";
static const char R_QUORUM[] = "quorum not met";
static const char R_NO_VOTES[] = "no votes cast";
static const char R_NOBODY_PRESENT[] = "no one present and voting (only abstentions)";
static const char R_SIMPLE_PASS[] = "more yes than no";
static const char R_SIMPLE_TIE[] = "tie";
static const char R_SIMPLE_FAIL[] = "more no than yes";
static const char R_TWO_THIRDS_PASS[] = "at least two thirds of those present and voting voted yes";
static const char R_TWO_THIRDS_FAIL[] =
    "fewer than two thirds of those present and voting voted yes";
static const char R_ABSOLUTE_PASS[] = "more than half of all members voted yes";
static const char R_ABSOLUTE_HALF[] = "exactly half of all members voted yes, which is not more";
static const char R_ABSOLUTE_FAIL[] = "fewer than half of all members voted yes";
static const char R_UNANIMITY_PASS[] = "every member voted yes";
static const char R_UNANIMITY_NO[] = "not every member voted yes: some voted no";
static const char R_UNANIMITY_ABSTAIN[] = "not every member voted yes: some abstained";
static const char R_UNANIMITY_ABSENT[] = "not every member voted yes: some have not voted";
static const char R_CONSENSUS_PASS[] = "no objection and at least one yes";
static const char R_CONSENSUS_OBJECTION[] = "an objection was raised";
static const char R_CONSENSUS_NO_YES[] = "no one voted yes";
static const char R_UNKNOWN_RULE[] = "unknown majority rule";

/* Stores the exact 128-bit product a*b as *hi:*lo; assumes nothing. */
static void mul_wide(unsigned long long *hi, unsigned long long *lo, unsigned long long a,
		     unsigned long long b)
{
	const unsigned long long mask = 0xffffffffULL;
	unsigned long long a0 = a & mask, a1 = a >> 32;
	unsigned long long b0 = b & mask, b1 = b >> 32;
	unsigned long long p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	unsigned long long mid = (p00 >> 32) + (p01 & mask) + (p10 & mask);

	*lo = (mid << 32) | (p00 & mask);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* Returns the sign (-1, 0, 1) of a*b - c*d, exactly; assumes nothing. */
static int cmp_products(unsigned long long a, unsigned long long b, unsigned long long c,
			unsigned long long d)
{
	unsigned long long h1, l1, h2, l2;

	mul_wide(&h1, &l1, a, b);
	mul_wide(&h2, &l2, c, d);
	if (h1 != h2)
		return h1 < h2 ? -1 : 1;
	if (l1 != l2)
		return l1 < l2 ? -1 : 1;
	return 0;
}

/* Fills the counts of out from the entries; assumes out is zeroed and
 * entries holds n items. */
static void count_votes(acc_tally *out, const acc_ballot_entry *entries, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const acc_ballot_entry *e = &entries[i];
		unsigned long w = e->weight ? e->weight : 1;

		if (e->role != ACC_ROLE_MEMBER)
			continue;
		out->members++;
		out->w_members += w;
		if (w != 1)
			out->weighted = 1;
		switch (e->vote) {
		case ACC_VOTE_YES:
			out->yes++;
			out->w_yes += w;
			break;
		case ACC_VOTE_NO:
			out->no++;
			out->w_no += w;
			break;
		case ACC_VOTE_ABSTAIN:
			out->abstain++;
			out->w_abstain += w;
			break;
		case ACC_VOTE_NONE:
		default:
			out->absent++;
			out->w_absent += w;
			break;
		}
	}
}

/* Decides the rule on the weighted counts of t (members > 0 and quorum met
 * already checked); sets *reason and returns 1 when adopted, else 0. */
static int decide_rule(const char **reason, const acc_tally *t, acc_rule rule)
{
	switch (rule) {
	case ACC_RULE_SIMPLE:
		if (t->w_yes > t->w_no) {
			*reason = R_SIMPLE_PASS;
			return 1;
		}
		if (t->w_yes + t->w_no == 0)
			*reason = R_NOBODY_PRESENT;
		else
			*reason = t->w_yes == t->w_no ? R_SIMPLE_TIE : R_SIMPLE_FAIL;
		return 0;
	case ACC_RULE_TWO_THIRDS:
		/* yes >= 2/3 (yes + no)  <=>  3 yes >= 2 yes + 2 no  <=>  yes >= 2 no */
		if (t->w_yes > 0 && cmp_products(t->w_yes, 1, t->w_no, 2) >= 0) {
			*reason = R_TWO_THIRDS_PASS;
			return 1;
		}
		*reason = t->w_yes + t->w_no == 0 ? R_NOBODY_PRESENT : R_TWO_THIRDS_FAIL;
		return 0;
	case ACC_RULE_ABSOLUTE: {
		int c = cmp_products(t->w_yes, 2, t->w_members, 1);

		if (c > 0) {
			*reason = R_ABSOLUTE_PASS;
			return 1;
		}
		*reason = c == 0 ? R_ABSOLUTE_HALF : R_ABSOLUTE_FAIL;
		return 0;
	}
	case ACC_RULE_UNANIMITY:
		if (t->w_no > 0)
			*reason = R_UNANIMITY_NO;
		else if (t->w_abstain > 0)
			*reason = R_UNANIMITY_ABSTAIN;
		else if (t->w_absent > 0)
			*reason = R_UNANIMITY_ABSENT;
		else {
			*reason = R_UNANIMITY_PASS;
			return 1;
		}
		return 0;
	case ACC_RULE_CONSENSUS:
		if (t->w_no > 0)
			*reason = R_CONSENSUS_OBJECTION;
		else if (t->w_yes == 0)
			*reason = R_CONSENSUS_NO_YES;
		else {
			*reason = R_CONSENSUS_PASS;
			return 1;
		}
		return 0;
	}
	*reason = R_UNKNOWN_RULE;
	return 0;
}

/* Counts and decides; see rules.h.  Assumes out is not NULL and entries
 * holds n items (it may be NULL when n is 0). */
void acc_rules_tally(acc_tally *out, const acc_ballot_entry *entries, size_t n, acc_rule rule,
		     unsigned quorum_num, unsigned quorum_den, int closed)
{
	assert(out);
	assert(entries || n == 0);
	memset(out, 0, sizeof(*out));
	count_votes(out, entries, n);
	acc_rules_decide(out, rule, quorum_num, quorum_den, closed);
}

void acc_rules_decide(acc_tally *out, acc_rule rule, unsigned quorum_num, unsigned quorum_den,
		      int closed)
{
	unsigned long cast;
	int adopted = 0;

	cast = out->w_yes + out->w_no + out->w_abstain;
	out->quorum_met =
	    quorum_den == 0 || cmp_products(cast, quorum_den, quorum_num, out->w_members) >= 0;

	if (out->members == 0)
		out->reason = R_NO_MEMBERS;
	else if (!out->quorum_met)
		out->reason = R_QUORUM;
	else if (cast == 0)
		out->reason = R_NO_VOTES;
	else
		adopted = decide_rule(&out->reason, out, rule);

	if (!closed)
		out->result = ACC_RESULT_PENDING;
	else
		out->result = adopted ? ACC_RESULT_ADOPTED : ACC_RESULT_REJECTED;
}

/* Names of the rules, indexed by acc_rule. */
static const char *const rule_names[] = {
    [ACC_RULE_SIMPLE] = "simple",	[ACC_RULE_TWO_THIRDS] = "two-thirds",
    [ACC_RULE_ABSOLUTE] = "absolute",	[ACC_RULE_UNANIMITY] = "unanimity",
    [ACC_RULE_CONSENSUS] = "consensus",
};

/* Names of the votes, indexed by acc_vote. */
static const char *const vote_names[] = {
    [ACC_VOTE_NONE] = "absent",
    [ACC_VOTE_YES] = "yes",
    [ACC_VOTE_NO] = "no",
    [ACC_VOTE_ABSTAIN] = "abstain",
};

/* Names of the results, indexed by acc_result. */
static const char *const result_names[] = {
    [ACC_RESULT_PENDING] = "pending",
    [ACC_RESULT_ADOPTED] = "adopted",
    [ACC_RESULT_REJECTED] = "rejected",
};

/* Names of the roles, indexed by acc_role. */
static const char *const role_names[] = {
    [ACC_ROLE_MEMBER] = "member",
    [ACC_ROLE_CHAIR] = "chair",
    [ACC_ROLE_OBSERVER] = "observer",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Returns names[i], or "unknown" when i is out of range; assumes names has
 * count items. */
static const char *name_of(const char *const *names, size_t count, unsigned i)
{
	return i < count && names[i] ? names[i] : "unknown";
}

/* Returns the index of name in names[first..count) (exact, case-sensitive),
 * or -1; name may be NULL. */
static int index_of(const char *const *names, size_t count, size_t first, const char *name)
{
	size_t i;

	if (!name)
		return -1;
	for (i = first; i < count; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* The name of a rule, or "unknown" for a value outside acc_rule. */
const char *acc_rule_name(acc_rule r)
{
	return name_of(rule_names, COUNT(rule_names), (unsigned)r);
}

/* Parses a rule name; leaves *out alone and returns -1 when unknown. */
int acc_rule_parse(acc_rule *out, const char *name)
{
	int i = index_of(rule_names, COUNT(rule_names), 0, name);

	if (i < 0)
		return -1;
	*out = (acc_rule)i;
	return 0;
}

/* The name of a vote ("absent" for ACC_VOTE_NONE), or "unknown". */
const char *acc_vote_name(acc_vote v)
{
	return name_of(vote_names, COUNT(vote_names), (unsigned)v);
}

/* Parses "yes", "no" or "abstain" ("absent" is not a vote one casts);
 * leaves *out alone and returns -1 otherwise. */
int acc_vote_parse(acc_vote *out, const char *name)
{
	int i = index_of(vote_names, COUNT(vote_names), ACC_VOTE_NONE + 1, name);

	if (i < 0)
		return -1;
	*out = (acc_vote)i;
	return 0;
}

/* The name of a result, or "unknown". */
const char *acc_result_name(acc_result r)
{
	return name_of(result_names, COUNT(result_names), (unsigned)r);
}

/* The name of a role, or "unknown". */
const char *acc_role_name(acc_role r)
{
	return name_of(role_names, COUNT(role_names), (unsigned)r);
}

/* Parses a role name; leaves *out alone and returns -1 when unknown. */
int acc_role_parse(acc_role *out, const char *name)
{
	int i = index_of(role_names, COUNT(role_names), 0, name);

	if (i < 0)
		return -1;
	*out = (acc_role)i;
	return 0;
}
