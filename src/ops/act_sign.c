/* act_sign: an organisation signs the adopted convention, with its
 * declaration and reservations. */
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

/* Adds "Delegate" and "Date" (now, UTC) to r. */
static int who_when(acc_record *r, acc_ctx *c, const acc_delegate *del)
{
	char date[32];
	int rc;

	acc_date_stamp(date, acc_now(c));
	if ((rc = acc_record_add(r, "Delegate", del->email)) == 0)
		rc = acc_record_add(r, "Date", date);
	return rc;
}

int acc_treaty_record(acc_action *act, acc_ctx *c, const acc_delegate *del, const char *path,
		      const char *const *kv, const char *text, size_t len, const char *what)
{
	acc_record *r = NULL;
	char *body = NULL;
	size_t i;
	int rc;

	if ((rc = acc_record_new(&r)) < 0)
		goto done;
	for (i = 0; kv && kv[i] && kv[i + 1] && rc == 0; i += 2)
		if (strcmp(kv[i], "Delegate") == 0)
			rc = who_when(r, c, del);
		else
			rc = acc_record_add(r, kv[i], kv[i + 1]);
	if (rc < 0)
		goto done;
	if (text && len && (rc = acc_ops_user_text(&body, text, len, what)) < 0)
		goto done;
	if (body && (rc = acc_record_set_body(r, body, strlen(body))) < 0)
		goto done;
	rc = acc_action_put_record(act, path, r);
done:
	acc_record_free(r);
	free(body);
	return rc;
}

int acc_treaty_may_reserve(const acc_state *st, const char *article)
{
	const acc_final_clauses *f = &st->conv.final;
	const acc_clause *cl = acc_state_clause(st, article);
	size_t i;
	int listed = 0;

	if (!cl || cl->container)
		return REFUSE("no article '%s' to reserve", article);
	for (i = 0; i < f->nresv_articles; i++)
		if (strcmp(f->resv_articles[i], article) == 0)
			listed = 1;
	if (f->reservations == ACC_RESV_NONE)
		return REFUSE("the convention allows no reservations (to %s or any article)",
			      article);
	if (f->reservations == ACC_RESV_ALL_EXCEPT && listed)
		return REFUSE("the convention allows no reservation to %s", article);
	if (f->reservations == ACC_RESV_ONLY && !listed)
		return REFUSE(
		    "the convention allows reservations only to listed articles, not to %s",
		    article);
	return 0;
}

int acc_treaty_tech(const acc_state *st, const acc_org *org)
{
	const char *t = st->conv.final.tech_type;

	return t[0] && org->type && strcmp(org->type, t) == 0;
}

/* Builds a signature of the adopted text, with its declaration and
 * reservations (arg: an acc_sign_args, or NULL for none). */
static int build_sign(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	static const acc_sign_args none = {0};
	const acc_sign_args *a = arg ? arg : &none;
	const acc_final_clauses *f = &st->conv.final;
	const char *kv[5] = {"Delegate", "", NULL, NULL, NULL};
	char *path = NULL;
	size_t i, j;
	int rc;

	if (!acc_ratified(st))
		return REFUSE("the convention has not been adopted: nothing to sign yet");
	for (i = 0; i < st->nsignatures; i++)
		if (strcmp(st->signatures[i].org, org->id) == 0)
			return REFUSE("%s has already signed", org->id);
	if (f->present && f->signature_months && st->treaty.adopted) {
		long end =
		    acc_date_add_months(acc_date_days(st->treaty.adopted), f->signature_months);
		char last[16];

		if (acc_now(c) / 86400 >= end) {
			acc_date_format(last, end - 1);
			return REFUSE("the convention was open for signature until %s", last);
		}
	}
	for (i = 0; i < st->treaty.ninstruments; i++)
		if (strcmp(st->treaty.instruments[i].org, org->id) == 0)
			return REFUSE("%s has deposited an instrument of %s: it no longer signs",
				      org->id, st->treaty.instruments[i].kind);
	if (a->decl_len && f->present && !(f->declarations & ACC_DECL_SIGNATURE))
		return REFUSE("the convention allows no declaration upon signature");
	for (i = 0; i < a->nreservations; i++) {
		if ((rc = acc_id_check(a->articles[i], "article")) < 0 ||
		    (rc = acc_treaty_may_reserve(st, a->articles[i])) < 0)
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(a->articles[i], a->articles[j]) == 0)
				return REFUSE("two reservations to %s", a->articles[i]);
		if (!a->text_lens[i])
			return REFUSE("the reservation to %s has no text", a->articles[i]);
	}
	if (f->present) {
		int subject =
		    !acc_treaty_tech(st, org) &&
		    (f->instruments & ((1u << ACC_INSTR_RATIFICATION) |
				       (1u << ACC_INSTR_ACCEPTANCE) | (1u << ACC_INSTR_APPROVAL)));

		kv[2] = "Subject-To-Ratification";
		kv[3] = subject ? "yes" : "no";
	}
	if (!(path = acc_sprintf("ratification/signatures/%s", org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_treaty_record(act, c, del, path, kv, a->declaration, a->decl_len,
				    "declaration")) < 0)
		goto done;
	for (i = 0; i < a->nreservations; i++) {
		free(path);
		if (!(path = acc_sprintf("ratification/reservations/%s/%s", org->id,
					 a->articles[i]))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		kv[2] = NULL;
		if ((rc = acc_treaty_record(act, c, del, path, kv, a->texts[i], a->text_lens[i],
					    "reservation")) < 0)
			goto done;
	}
	if ((rc = acc_buf_printf(&act->msg, "Sign the convention (%s)\n", org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_sign, org)) < 0)
		goto done;
	/* in the tree's order (by article), as a replay finds them */
	for (i = 0; i < a->nreservations && rc == 0; i++) {
		size_t rank = 0, k;

		for (j = 0; j < a->nreservations; j++) {
			for (rank = 0, k = 0; k < a->nreservations; k++)
				rank += strcmp(a->articles[k], a->articles[j]) < 0;
			if (rank == i)
				break;
		}
		rc = acc_buf_printf(&act->msg, "Accord-Reservation: %s\n", a->articles[j]);
	}
done:
	free(path);
	return rc;
}

int acc_ops_sign(acc_oid_hex commit, acc_ctx *c)
{
	return acc_ops_sign_with(commit, c, NULL);
}

int acc_ops_sign_with(acc_oid_hex commit, acc_ctx *c, const acc_sign_args *a)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_sign, (void *)a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a signature from the tree after it: its declaration and the
 * signer's reservations are what that tree holds. */
static int replay_sign(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	const acc_treaty *t = &in->after->treaty;
	acc_sign_args a = {0};
	const char **arts = NULL, **texts = NULL;
	size_t *lens = NULL, i;
	int rc;

	for (i = 0; i < in->after->nsignatures; i++)
		if (strcmp(in->after->signatures[i].org, in->org->id) == 0 &&
		    in->after->signatures[i].declaration) {
			a.declaration = in->after->signatures[i].declaration;
			a.decl_len = strlen(a.declaration);
		}
	if (t->nreservations && (!(arts = acc_calloc(t->nreservations, sizeof(*arts))) ||
				 !(texts = acc_calloc(t->nreservations, sizeof(*texts))) ||
				 !(lens = acc_calloc(t->nreservations, sizeof(*lens))))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < t->nreservations; i++)
		if (strcmp(t->reservations[i].org, in->org->id) == 0) {
			arts[a.nreservations] = t->reservations[i].article;
			texts[a.nreservations] = t->reservations[i].text;
			lens[a.nreservations++] = strlen(t->reservations[i].text);
		}
	a.articles = arts;
	a.texts = texts;
	a.text_lens = lens;
	rc = build_sign(act, c, in->before, in->org, in->del, &a);
done:
	free(arts);
	free(texts);
	free(lens);
	return rc;
}

static const char *const sign_writes[] = {"ratification/signatures/{org}",
					  "ratification/reservations/{org}/*", NULL};

const acc_action_def acc_action_sign = {
    .spec = {.name = "sign",
	     .summary = "sign the adopted convention for your organisation",
	     .who = ACC_WHO_MEMBER,
	     .verb = "sign",
	     .writes = sign_writes,
	     .trailers = NULL},
    .build = build_sign,
    .replay = replay_sign,
};
