/*
 * rules: the pure tally engine.  No I/O, no allocation.
 *
 * Given the electorate (the organisations with their role and weight) and
 * the votes cast, acc_rules_tally() decides a ballot under one majority
 * rule and quorum.  Definitions (UN General Assembly practice):
 *
 *  - Only members count.  Observers (and the chair, unless it is also a
 *    member) never count, in the quorum or in any majority, even when a vote
 *    is recorded for them.
 *  - "Present and voting" means yes + no; abstentions count for the quorum
 *    only (GA rule 86).
 *  - Quorum: the fraction of member weight that cast any vote (yes, no or
 *    abstain) must be >= quorum.  A quorum of 0 is always met.
 *  - simple:      yes > no.
 *    two-thirds:  yes >= 2/3 of (yes + no), and yes > 0.
 *    absolute:    yes > 1/2 of all member weight (voting or not).
 *    unanimity:   every member votes yes (no absentees, no abstentions).
 *    consensus:   nobody votes no, and at least one yes.
 *  - A tie fails.  Weights (positive integers, default 1) apply to every
 *    rule; with all weights 1 the weighted and plain counts agree.  The
 *    decision always uses the weighted figures.
 *  - All arithmetic is on integers (cross-multiplication), so exactly two
 *    thirds or exactly one half are decided without rounding.
 */
#ifndef ACCORD_RULES_H
#define ACCORD_RULES_H

#include <stddef.h>

typedef enum {
	ACC_RULE_SIMPLE = 0,
	ACC_RULE_TWO_THIRDS,
	ACC_RULE_ABSOLUTE,
	ACC_RULE_UNANIMITY,
	ACC_RULE_CONSENSUS,
} acc_rule;

typedef enum {
	ACC_VOTE_NONE = 0, /* did not vote (absent) */
	ACC_VOTE_YES,
	ACC_VOTE_NO,
	ACC_VOTE_ABSTAIN,
} acc_vote;

typedef enum {
	ACC_ROLE_MEMBER = 0,
	ACC_ROLE_CHAIR,	   /* chairs; votes only if also listed as a member */
	ACC_ROLE_OBSERVER, /* may speak and propose; never votes */
} acc_role;

typedef enum {
	ACC_RESULT_PENDING = 0,
	ACC_RESULT_ADOPTED,
	ACC_RESULT_REJECTED,
} acc_result;

/* One organisation of the electorate and its vote. */
typedef struct {
	acc_role role;
	unsigned weight; /* >= 1 */
	acc_vote vote;
} acc_ballot_entry;

typedef struct {
	/* heads: member organisations, weight ignored */
	unsigned yes, no, abstain, absent, members;
	/* the same with weights */
	unsigned long w_yes, w_no, w_abstain, w_absent, w_members;
	int weighted; /* some member weight differs from 1 */
	int quorum_met;
	acc_result result;  /* ADOPTED or REJECTED (closed=1), else PENDING */
	const char *reason; /* a static phrase: why it passed or failed */
} acc_tally;

/* Counts entries under rule/quorum.  closed=0 gives a running count with
 * result PENDING (reason still says what the result would be now).
 * quorum_num/quorum_den is the quorum fraction (0/1 for none). */
void acc_rules_tally(acc_tally *out, const acc_ballot_entry *entries, size_t n, acc_rule rule,
		     unsigned quorum_num, unsigned quorum_den, int closed);

/* The decision part of acc_rules_tally, for counts kept elsewhere (the
 * index): out holds the head and weighted counts of the members (yes, no,
 * abstain, absent, members, weighted); sets quorum_met, result and reason
 * exactly as acc_rules_tally would for the same votes. */
void acc_rules_decide(acc_tally *out, acc_rule rule, unsigned quorum_num, unsigned quorum_den,
		      int closed);

/* Names: "simple", "two-thirds", "absolute", "unanimity", "consensus". */
const char *acc_rule_name(acc_rule r);
/* Returns 0 and sets *out, or -1 when name is not a rule. */
int acc_rule_parse(acc_rule *out, const char *name);

const char *acc_vote_name(acc_vote v);		     /* "yes" "no" "abstain" "absent" */
int acc_vote_parse(acc_vote *out, const char *name); /* yes|no|abstain */

const char *acc_result_name(acc_result r); /* "pending" "adopted" "rejected" */

const char *acc_role_name(acc_role r); /* "member" "chair" "observer" */
int acc_role_parse(acc_role *out, const char *name);

#endif
