/*
 * act_bracket: a delegation puts disputed words of a clause in brackets
 * with their alternatives, and an organisation supports one of them.
 * Each writes only its own files: the bracket's folder is numbered by the
 * organisation that opened it (brackets/<org>/<n>/), and a supporter
 * writes brackets/<org>/<n>/support/<itself>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "brackets.h"

/* The next bracket number of org in st. */
static unsigned next_seq(const acc_state *st, const char *org)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < st->nbrackets; i++)
		if (strcmp(st->brackets[i].org, org) == 0 && st->brackets[i].seq > n)
			n = st->brackets[i].seq;
	return n + 1;
}

/* Refuses a span that is not in the clause exactly once (or at the
 * occurrence asked), or that overlaps a pending bracket; *occ receives the
 * occurrence to record. */
static int check_span(unsigned *occ, const acc_state *st, const acc_clause *cl,
		      const acc_bracket_args *a)
{
	size_t n = acc_bracket_count(cl->text, a->span), s, e, i;

	*occ = a->occurrence ? a->occurrence : 1;
	if (n == 0)
		return REFUSE("the span does not occur in clause %s", cl->id);
	if (!a->occurrence && n > 1)
		return REFUSE("the span occurs %zu times in clause %s: give more words or "
			      "--occurrence N",
			      n, cl->id);
	if (a->occurrence > n)
		return REFUSE("the span occurs %zu time%s in clause %s, not %u", n,
			      n == 1 ? "" : "s", cl->id, a->occurrence);
	if (acc_bracket_find(&s, &e, cl->text, a->span, *occ) < 0)
		return REFUSE("the span does not occur in clause %s", cl->id);
	for (i = 0; i < st->nbrackets; i++) {
		const acc_bracket *o = &st->brackets[i];
		size_t os, oe;

		if (strcmp(o->clause, cl->id) != 0 || !acc_bracket_pending(st, o) ||
		    acc_bracket_locate(&os, &oe, st, o) < 0)
			continue;
		if (s < oe && os < e)
			return REFUSE("the span overlaps the words of %s", o->id);
	}
	return 0;
}

/* Writes option k's record (its text as the body) into the bracket folder. */
static int put_option(acc_action *act, const char *dir, size_t k, const char *text)
{
	char *path = acc_sprintf("%s/options/%zu", dir, k), *body = NULL;
	acc_record *r = NULL;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_ops_user_text(&body, text, strlen(text), "an option")) == 0 &&
	    (rc = acc_record_new(&r)) == 0 &&
	    (rc = acc_record_set_body(r, body, strlen(body))) == 0)
		rc = acc_action_put_record(act, path, r);
	acc_record_free(r);
	free(body);
	free(path);
	return rc;
}

/* Builds a bracket. */
static int build_bracket(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const acc_bracket_args *a = arg;
	const acc_clause *cl = acc_state_clause(st, a->clause);
	char *dir = NULL, *path = NULL, *span = NULL, occ_s[16];
	acc_record *r = NULL;
	unsigned seq = next_seq(st, org->id), occ;
	size_t i, j;
	int rc;

	(void)c;
	if (!cl)
		return acc_error_set(ACC_ENOTFOUND, "no clause '%.60s'", a->clause);
	if (cl->container)
		return REFUSE("%s is a part heading: it has no text to bracket", cl->id);
	if (!*a->span)
		return acc_error_set(ACC_EUSAGE, "the span is empty");
	if (a->noptions < 2)
		return acc_error_set(ACC_EUSAGE, "a bracket needs at least two options");
	for (i = 0; i < a->noptions; i++)
		for (j = i + 1; j < a->noptions; j++)
			if (strcmp(a->options[i], a->options[j]) == 0)
				return acc_error_set(ACC_EUSAGE, "options %zu and %zu are the same",
						     i + 1, j + 1);
	if (acc_ratified(st))
		return REFUSE("the convention is already ratified");
	if (st->ratification.state == ACC_BALLOT_OPEN)
		return REFUSE("the ratification ballot is open: the text is frozen");
	if ((rc = check_span(&occ, st, cl, a)) < 0)
		return rc;
	snprintf(occ_s, sizeof(occ_s), "%u", occ);
	if (!(dir = acc_sprintf("brackets/%s/%u", org->id, seq)) ||
	    !(path = acc_sprintf("%s/bracket", dir)) || !(span = acc_sprintf("%s\n", a->span))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Clause", cl->id)) < 0 ||
	    (rc = acc_record_add(r, "Base", cl->blob)) < 0 ||
	    (rc = acc_record_add(r, "Occurrence", occ_s)) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_record_set_body(r, span, strlen(span))) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	for (i = 0; i < a->noptions && rc == 0; i++)
		rc = put_option(act, dir, i + 1, a->options[i]);
	if (rc == 0 && !(act->result_id = acc_sprintf("%s-b%u", org->id, seq)))
		rc = ACC_ENOMEM;
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Bracket words of %s with %zu options (%s)\n",
				    cl->id, a->noptions, act->result_id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_bracket, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Bracket: %s\nAccord-Clause: %s\n",
				    act->result_id, cl->id);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	free(span);
	return rc;
}

/* Runs the bracket action; *id receives the new bracket's id. */
int acc_ops_bracket(char **id, acc_oid_hex commit, acc_ctx *c, const acc_bracket_args *a)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_bracket, (void *)a);

	*id = NULL;
	if (rc == 0) {
		*id = act.result_id;
		act.result_id = NULL;
	}
	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a bracket from the one its commit created (Accord-Bracket). */
static int replay_bracket(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	const acc_bracket *b;
	acc_bracket_args a;
	char *id = NULL;
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "bracket", "Bracket")) < 0)
		return rc;
	if (!(b = acc_state_bracket(in->after, id))) {
		rc = acc_error_set(ACC_EINVAL, "bracket %.60s is not in the tree after it", id);
	} else {
		a.clause = b->clause;
		a.span = b->span;
		a.occurrence = b->occurrence;
		a.options = (const char *const *)b->options;
		a.noptions = b->noptions;
		rc = build_bracket(act, c, in->before, in->org, in->del, &a);
	}
	free(id);
	return rc;
}

static const char *const bracket_writes[] = {"brackets/{org}/*/bracket",
					     "brackets/{org}/*/options/*", NULL};
static const char *const bracket_trailers[] = {"Bracket", "Clause", NULL};

const acc_action_def acc_action_bracket = {
    .spec = {.name = "bracket",
	     .summary = "put words of a clause in brackets with two or more alternatives",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "bracket text",
	     .writes = bracket_writes,
	     .trailers = bracket_trailers},
    .build = build_bracket,
    .replay = replay_bracket,
    .mismatch = "a bracket other than its span and options of the clause as it stood",
};

/* What a support action is asked. */
typedef struct {
	const char *id, *option;
	int withdraw;
} support_args;

/* Builds a support of an option, or its withdrawal. */
static int build_support(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const support_args *sa = arg;
	const acc_bracket *b;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL, num[16];
	unsigned k, cur;
	int rc;

	(void)c;
	if ((rc = acc_bracket_get(&b, st, sa->id)) < 0 ||
	    (rc = acc_bracket_option_parse(&k, b, sa->option)) < 0 ||
	    (rc = acc_bracket_check_pending(st, b)) < 0)
		return rc;
	cur = acc_bracket_support_of(b, org->id);
	if (sa->withdraw && cur != k)
		return REFUSE("%s does not support option %u of %s", org->id, k, b->id);
	if (!sa->withdraw && cur == k)
		return REFUSE("%s already supports option %u of %s", org->id, k, b->id);
	snprintf(num, sizeof(num), "%u", k);
	if (!(dir = acc_bracket_dir(b)) || !(path = acc_sprintf("%s/support/%s", dir, org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (sa->withdraw)
		rc = acc_action_put(act, path, NULL, 0);
	else if ((rc = acc_record_new(&r)) == 0 && (rc = acc_record_add(r, "Option", num)) == 0 &&
		 (rc = acc_record_add(r, "Delegate", del->email)) == 0)
		rc = acc_action_put_record(act, path, r);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "%s option %u of %s (%s)\n",
				    sa->withdraw ? "Withdraw support of" : "Support", k, b->id,
				    org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_support, org);
	if (rc == 0)
		rc = acc_buf_printf(
		    &act->msg, "Accord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %u\n%s",
		    b->id, b->clause, k, sa->withdraw ? "Accord-Withdraw: yes\n" : "");
done:
	acc_record_free(r);
	free(dir);
	free(path);
	return rc;
}

/* Runs the support action (or its withdrawal). */
int acc_ops_support(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *option,
		    int withdraw)
{
	acc_action act = {0};
	support_args sa = {bracket, option, withdraw};
	int rc = acc_action_run(commit, &act, c, &acc_action_support, &sa);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a support from its Accord-Bracket, Accord-Option and
 * Accord-Withdraw trailers. */
static int replay_support(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	support_args sa = {NULL, NULL, 0};
	char *id = NULL, *opt = NULL, *w = acc_trailer(in->message, "Withdraw");
	int rc;

	sa.withdraw = w && strcmp(w, "yes") == 0;
	if (w && !sa.withdraw)
		rc = acc_error_set(ACC_EINVAL, "a support with Accord-Withdraw: %.40s", w);
	else if ((rc = acc_replay_trailer(&id, in, "support", "Bracket")) == 0 &&
		 (rc = acc_replay_trailer(&opt, in, "support", "Option")) == 0) {
		sa.id = id;
		sa.option = opt;
		rc = build_support(act, c, in->before, in->org, in->del, &sa);
	}
	free(id);
	free(opt);
	free(w);
	return rc;
}

static const char *const support_writes[] = {"brackets/*/*/support/{org}", NULL};
static const char *const support_trailers[] = {"Bracket", "Clause", "Option", "Withdraw", NULL};

const acc_action_def acc_action_support = {
    .spec = {.name = "support",
	     .summary = "support an option of a bracket for your organisation (or withdraw it)",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "support options",
	     .writes = support_writes,
	     .trailers = support_trailers},
    .build = build_support,
    .replay = replay_support,
    .mismatch = "a supporter's file holds only its option and its delegate",
};
