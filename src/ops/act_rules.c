/*
 * act_rules: the chair changes the convention's voting rules (the rule and
 * quorum of amendment ballots and of the ratification).  The change is its
 * own signed action, the only one after init that may write `convention`,
 * and it applies only to ballots opened after it: an opening copies the
 * terms into its ballot file, and a ballot's terms never change after.
 */
#include "accord/ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

typedef struct {
	const char *rule, *quorum, *rat_rule, *rat_quorum;
} rules_args;

/* One term of the convention record: its key, the value asked for (NULL:
 * unchanged) and the value in force. */
typedef struct {
	const char *key, *want;
	char now[32], next[32];
} term;

/* Reads the convention record of st's commit, as it is written. */
static int read_convention(acc_record **out, acc_ctx *c, const acc_state *st)
{
	acc_source *src = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = acc_store_source(&src, c->store, st->commit)) == 0 &&
	    (rc = src->read(src, "convention", &data, &len, NULL)) == 0)
		rc = acc_record_parse(out, data, len, "convention");
	free(data);
	acc_source_free(src);
	return rc;
}

/* Parses term t's wanted value into t->next (canonical); the rules when
 * rule is set, else a fraction. */
static int parse_term(term *t, int rule)
{
	acc_rule r;
	unsigned n, d;

	if (!t->want) {
		snprintf(t->next, sizeof(t->next), "%s", t->now);
		return 0;
	}
	if (rule) {
		if (acc_rule_parse(&r, t->want) < 0)
			return acc_error_set(ACC_EUSAGE,
					     "unknown rule '%s' (simple, two-thirds, absolute, "
					     "unanimity, consensus)",
					     t->want);
		snprintf(t->next, sizeof(t->next), "%s", acc_rule_name(r));
		return 0;
	}
	if (acc_fraction_parse(&n, &d, t->want) < 0)
		return ACC_EUSAGE;
	acc_fraction_format(t->next, sizeof(t->next), n, d);
	return 0;
}

/* Builds a change of the rules. */
static int build_rules(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	static const char *const trailer[] = {"Rule", "Quorum", "Ratification-Rule",
					      "Ratification-Quorum"};
	const rules_args *a = arg;
	const acc_convention *cv = &st->conv;
	term t[4] = {{"Rule", a->rule, "", ""},
		     {"Quorum", a->quorum, "", ""},
		     {"Ratification-Rule", a->rat_rule, "", ""},
		     {"Ratification-Quorum", a->rat_quorum, "", ""}};
	acc_record *r = NULL;
	acc_buf what = ACC_BUF_INIT;
	size_t i, changed = 0;
	int rc = 0;

	if (!a->rule && !a->quorum && !a->rat_rule && !a->rat_quorum)
		return acc_error_set(ACC_EUSAGE, "nothing to change: give --rule, --quorum, "
						 "--ratification-rule or --ratification-quorum");
	snprintf(t[0].now, sizeof(t[0].now), "%s", acc_rule_name(cv->rule));
	acc_fraction_format(t[1].now, sizeof(t[1].now), cv->quorum_num, cv->quorum_den);
	snprintf(t[2].now, sizeof(t[2].now), "%s", acc_rule_name(cv->ratification_rule));
	acc_fraction_format(t[3].now, sizeof(t[3].now), cv->rat_quorum_num, cv->rat_quorum_den);
	for (i = 0; i < 4; i++)
		if ((rc = parse_term(&t[i], i % 2 == 0)) < 0)
			return rc;
	if (acc_ratified(st))
		return REFUSE("the convention is already ratified");
	if ((rc = read_convention(&r, c, st)) < 0)
		goto done;
	for (i = 0; i < 4 && rc == 0; i++) {
		const char *v;

		if (strcmp(t[i].now, t[i].next) != 0) {
			changed++;
			rc = acc_buf_printf(&what, "%s%s %s -> %s", changed > 1 ? ", " : "",
					    t[i].key, t[i].now, t[i].next);
		}
		/* the ratification's terms follow Rule and Quorum when absent:
		 * write them out so that only what was asked changes */
		if (rc == 0 && (strcmp(t[i].now, t[i].next) != 0 ||
				(i >= 2 && acc_record_get(r, t[i].key, &v) == ACC_ENOTFOUND &&
				 strcmp(t[i - 2].now, t[i - 2].next) != 0)))
			rc = acc_record_set(r, t[i].key, t[i].next);
	}
	if (rc < 0)
		goto done;
	if (!changed) {
		rc = REFUSE("the rules are already so: nothing changes");
		goto done;
	}
	if ((rc = acc_action_put_record(act, "convention", r)) < 0 ||
	    (rc = acc_buf_printf(&act->msg,
				 "Change the rules: %s\n\nFor ballots opened from now "
				 "on; open ballots keep their terms.\n",
				 what.ptr)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_rules, org)) < 0)
		goto done;
	for (i = 0; i < 4 && rc == 0; i++)
		if (strcmp(t[i].now, t[i].next) != 0)
			rc = acc_buf_printf(&act->msg, "Accord-%s: %s\n", trailer[i], t[i].next);
done:
	acc_buf_free(&what);
	acc_record_free(r);
	(void)del;
	return rc;
}

int acc_ops_rules(acc_oid_hex commit, acc_ctx *c, const char *rule, const char *quorum,
		  const char *rat_rule, const char *rat_quorum)
{
	rules_args a = {rule, quorum, rat_rule, rat_quorum};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_rules, &a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a change of the rules from its trailers (each names a term that
 * changed, with its new value). */
static int replay_rules(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *v[4] = {acc_trailer(in->message, "Rule"), acc_trailer(in->message, "Quorum"),
		      acc_trailer(in->message, "Ratification-Rule"),
		      acc_trailer(in->message, "Ratification-Quorum")};
	rules_args a = {v[0], v[1], v[2], v[3]};
	int rc, i;

	if (!v[0] && !v[1] && !v[2] && !v[3])
		rc = acc_error_set(ACC_EINVAL,
				   "a change of the rules without Accord-Rule, "
				   "-Quorum, -Ratification-Rule or -Ratification-Quorum");
	else
		rc = build_rules(act, c, in->before, in->org, in->del, &a);
	for (i = 0; i < 4; i++)
		free(v[i]);
	return rc;
}

static const char *const rules_writes[] = {"convention", NULL};
static const char *const rules_trailers[] = {"Rule", "Quorum", "Ratification-Rule",
					     "Ratification-Quorum", NULL};

const acc_action_def acc_action_rules = {
    .spec = {.name = "rules",
	     .summary = "change the convention's voting rules, for ballots opened after",
	     .who = ACC_WHO_CHAIR,
	     .verb = "changes the rules",
	     .writes = rules_writes,
	     .trailers = rules_trailers},
    .build = build_rules,
    .replay = replay_rules,
    .mismatch = "a change of the convention other than its rules",
};
