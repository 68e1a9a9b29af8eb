/*
 * act_treaty: after the adoption, the actions of consent to be bound:
 * deposit (an organisation deposits its instrument), notify (the
 * depositary acknowledges a deposit, and announces entry into force when
 * the deposits reach the threshold) and object (to another party's
 * reservation, within the objection period).  Signature is act_sign.c.
 */
#include "accord/ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/sign.h"
#include "accord/verify.h"
#include "internal.h"

/* The signature of org in st, or NULL. */
static const acc_signature *signature_of(const acc_state *st, const char *org)
{
	size_t i;

	for (i = 0; i < st->nsignatures; i++)
		if (strcmp(st->signatures[i].org, org) == 0)
			return &st->signatures[i];
	return NULL;
}

/* The instrument org deposited in st, or NULL. */
static const acc_instrument *instrument_of(const acc_state *st, const char *org)
{
	size_t i;

	for (i = 0; i < st->treaty.ninstruments; i++)
		if (strcmp(st->treaty.instruments[i].org, org) == 0)
			return &st->treaty.instruments[i];
	return NULL;
}

/* The notification of org's deposit in st, or NULL. */
static const acc_notification *notification_of(const acc_state *st, const char *org)
{
	size_t i;

	for (i = 0; i < st->treaty.nnotifications; i++)
		if (strcmp(st->treaty.notifications[i].org, org) == 0)
			return &st->treaty.notifications[i];
	return NULL;
}

/* ---- deposit ------------------------------------------------------------ */

typedef struct {
	const char *kind, *text;
	size_t len;
} deposit_args;

/* Builds the deposit of an instrument by org. */
static int build_deposit(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const deposit_args *a = arg;
	const acc_final_clauses *f = &st->conv.final;
	const acc_signature *sig = signature_of(st, org->id);
	const acc_instrument *prev = instrument_of(st, org->id);
	const char *kv[] = {"Kind", a->kind, "Delegate", "", NULL, NULL};
	acc_instr_kind k;
	char *path = NULL;
	int rc;

	if (!acc_ratified(st))
		return REFUSE("the convention has not been adopted: nothing to deposit yet");
	if (acc_instr_parse(&k, a->kind) < 0)
		return acc_error_set(ACC_EUSAGE,
				     "an instrument is ratification, acceptance, approval or "
				     "accession, not '%s'",
				     a->kind);
	if (!(f->instruments & (1u << k)))
		return REFUSE("the convention provides for no instrument of %s", a->kind);
	if (acc_treaty_tech(st, org))
		return REFUSE("%s is a technology signatory: it signs by its declaration and "
			      "deposits no instrument",
			      org->id);
	if (prev)
		return REFUSE("%s has already deposited an instrument of %s", org->id, prev->kind);
	if (k == ACC_INSTR_ACCESSION) {
		if (sig)
			return REFUSE(
			    "%s signed the convention: it ratifies, accepts or approves it "
			    "rather than accede",
			    org->id);
	} else if (!sig) {
		if (f->instruments & (1u << ACC_INSTR_ACCESSION))
			return REFUSE("%s has not signed the convention: it may only accede",
				      org->id);
		return REFUSE("%s has not signed the convention, which is not open for accession",
			      org->id);
	} else if (sig->subject == 0) {
		return REFUSE("%s's signature is not subject to ratification: it is bound already",
			      org->id);
	}
	if (!(path = acc_sprintf("ratification/instruments/%s", org->id)))
		return ACC_ENOMEM;
	if ((rc = acc_treaty_record(act, c, del, path, kv, a->text, a->len, "instrument")) == 0 &&
	    (rc = acc_buf_printf(&act->msg, "Deposit an instrument of %s (%s)\n", a->kind,
				 org->id)) == 0 &&
	    (rc = acc_action_trailers(&act->msg, &acc_action_deposit, org)) == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Instrument: %s\n", a->kind);
	free(path);
	return rc;
}

int acc_ops_deposit(acc_oid_hex commit, acc_ctx *c, const char *kind, const char *text, size_t len)
{
	deposit_args a = {kind, text, len};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_deposit, &a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a deposit from its Accord-Instrument trailer and the text the
 * tree after it holds. */
static int replay_deposit(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	const acc_instrument *x = instrument_of(in->after, in->org->id);
	deposit_args a = {0};
	char *kind = NULL;
	int rc = acc_replay_trailer(&kind, in, "deposit", "Instrument");

	if (rc == 0) {
		a.kind = kind;
		a.text = x ? x->text : NULL;
		a.len = x && x->text ? strlen(x->text) : 0;
		rc = build_deposit(act, c, in->before, in->org, in->del, &a);
	}
	free(kind);
	return rc;
}

static const char *const deposit_writes[] = {"ratification/instruments/{org}", NULL};
static const char *const deposit_trailers[] = {"Instrument", NULL};

const acc_action_def acc_action_deposit = {
    .spec = {.name = "deposit",
	     .summary = "deposit an instrument of ratification, acceptance, approval or accession",
	     .who = ACC_WHO_MEMBER,
	     .verb = "deposit instruments",
	     .writes = deposit_writes,
	     .trailers = deposit_trailers},
    .build = build_deposit,
    .replay = replay_deposit,
};

/* ---- notify ------------------------------------------------------------- */

/* Builds the depositary's notification of the deposit of target. */
static int build_notify(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	const char *target = arg;
	const acc_final_clauses *f = &st->conv.final;
	const acc_instrument *x = acc_id_valid(target) ? instrument_of(st, target) : NULL;
	const acc_notification *done_n;
	const acc_org *party = acc_state_org(st, target);
	const char *kv[17] = {"Delegate", ""};
	char count[16], eif[16], *path = NULL, *body = NULL;
	acc_buf b = ACC_BUF_INIT;
	unsigned n = (unsigned)st->treaty.nnotifications + 1, cnt;
	size_t i;
	long day = -1;
	int rc;

	if (strcmp(org->id, f->depositary) != 0)
		return REFUSE("only the depositary (%s) makes depositary notifications",
			      f->depositary);
	if (!x)
		return REFUSE("%s has deposited no instrument to notify", target);
	if ((done_n = notification_of(st, target)))
		return REFUSE("the deposit of %s was notified already (notification %u)", target,
			      done_n->n);
	for (i = 0; i < st->treaty.ninstruments; i++) {
		const acc_instrument *y = &st->treaty.instruments[i];

		if (y != x && !notification_of(st, y->org) && strcmp(y->date, x->date) < 0)
			return REFUSE("notify the deposit of %s first: it was made before", y->org);
	}
	cnt = n;
	snprintf(count, sizeof(count), "%u", cnt);
	eif[0] = '\0';
	if (cnt == f->eif_instruments) {
		day = acc_date_days(x->date) + (long)f->eif_days;
	} else if (cnt > f->eif_instruments) {
		const acc_notification *first = &st->treaty.notifications[f->eif_instruments - 1];
		long all = acc_date_days(first->entry_into_force);

		day = acc_date_days(x->date) + (long)f->later_days;
		if (all > day)
			day = all;
	}
	if (day >= 0)
		acc_date_format(eif, day);
	kv[2] = "Organisation", kv[3] = target;
	kv[4] = "Instrument", kv[5] = x->kind;
	kv[6] = "Deposited", kv[7] = x->date;
	kv[8] = "Count", kv[9] = count;
	if (eif[0])
		kv[10] = "Entry-Into-Force", kv[11] = eif;
	if (!(path = acc_sprintf("ratification/notifications/%u", n))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	rc = acc_buf_printf(
	    &b,
	    "%s: depositary notification %u\n\nThe %s communicates that on %.10s "
	    "%s (%s) deposited its instrument of %s. %u instrument(s) of the %u "
	    "required have been deposited.",
	    st->conv.title, n, f->depositary_title[0] ? f->depositary_title : "depositary", x->date,
	    party && party->name ? party->name : target, target, x->kind, cnt, f->eif_instruments);
	if (rc == 0 && eif[0] && cnt == f->eif_instruments)
		rc = acc_buf_printf(&b,
				    " The %s will enter into force on %s in accordance with its "
				    "final clauses.",
				    st->conv.title, eif);
	else if (rc == 0 && eif[0])
		rc = acc_buf_printf(&b, " The %s will enter into force for %s on %s.",
				    st->conv.title, target, eif);
	if (rc < 0 || (rc = acc_buf_putc(&b, '\n')) < 0 || !(body = acc_buf_detach(&b))) {
		rc = rc < 0 ? rc : ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_treaty_record(act, c, del, path, kv, body, strlen(body), "notification")) <
		0 ||
	    (rc = acc_buf_printf(&act->msg, "Depositary notification %u: deposit by %s (%s)\n", n,
				 target, x->kind)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_notify, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Notification: %u\nAccord-Deposit: %s\n", n,
				 target)) < 0)
		goto done;
	if (eif[0])
		rc = acc_buf_printf(&act->msg, "Accord-Entry-Into-Force: %s\n", eif);
done:
	acc_buf_clear(&b);
	free(path);
	free(body);
	return rc;
}

/* Rebuilds a notification from its Accord-Deposit trailer. */
static int replay_notify(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *org = NULL;
	int rc = acc_replay_trailer(&org, in, "notification", "Deposit");

	if (rc == 0)
		rc = build_notify(act, c, in->before, in->org, in->del, org);
	free(org);
	return rc;
}

/* The message of a notification-N tag: the last notification's text,
 * then Accord-Commit and Accord-Text (as for ratified-N). */
static int notification_body(char **msg, const acc_state *st, const char *commit, const char *text,
			     const void *arg)
{
	const acc_notification *x;

	(void)arg;
	if (!st->treaty.nnotifications)
		return acc_error_set(ACC_EINVAL, "%.12s holds no notification", commit);
	x = &st->treaty.notifications[st->treaty.nnotifications - 1];
	*msg = acc_sprintf("%s\nAccord-Commit: %s\nAccord-Text: %s\n", x->text, commit, text);
	return *msg ? 0 : ACC_ENOMEM;
}

/*
 * Tags the notification at commit notification-N (N its number), an
 * annotated tag signed like the commit by the depositary's delegate,
 * whose message is the notification's text followed by Accord-Commit
 * and Accord-Text (as for ratified-N).
 */
int acc_notification_tag(char **name, acc_ctx *c, const char *commit)
{
	return acc_action_tag(name, c, "notification-", commit, notification_body, NULL);
}

int acc_ops_notify(acc_oid_hex commit, char **tag, acc_ctx *c, const char *org)
{
	acc_action act = {0};
	char *name = NULL;
	int rc = acc_action_run(commit, &act, c, &acc_action_notify, (void *)org);

	if (tag)
		*tag = NULL;
	if (rc == 0 && (rc = acc_notification_tag(&name, c, commit)) == 0 && tag)
		*tag = name;
	else
		free(name);
	acc_action_reset(&act);
	return rc;
}

static const char *const notify_writes[] = {"ratification/notifications/*", NULL};
static const char *const notify_trailers[] = {"Notification", "Deposit", NULL};

const acc_action_def acc_action_notify = {
    .spec = {.name = "notify",
	     .summary = "the depositary's notification of a deposit (and of entry into force)",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "make depositary notifications",
	     .writes = notify_writes,
	     .trailers = notify_trailers},
    .build = build_notify,
    .replay = replay_notify,
};

/* ---- object ------------------------------------------------------------- */

typedef struct {
	const char *reserver, *article, *text;
	size_t len;
	int precludes;
} object_args;

/* Builds org's objection to a reservation. */
static int build_object(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	const object_args *a = arg;
	const acc_reservation *r = NULL;
	const char *kv[] = {
	    "Delegate", "", "Precludes-Entry-Into-Force", a->precludes ? "yes" : "no", NULL, NULL};
	char *path = NULL;
	size_t i;
	int rc;

	for (i = 0; i < st->treaty.nreservations; i++)
		if (strcmp(st->treaty.reservations[i].org, a->reserver) == 0 &&
		    strcmp(st->treaty.reservations[i].article, a->article) == 0)
			r = &st->treaty.reservations[i];
	if (!r)
		return REFUSE("%s made no reservation to %s", a->reserver, a->article);
	if (r->withdrawn)
		return REFUSE("%s withdrew its reservation to %s", a->reserver, a->article);
	if (strcmp(a->reserver, org->id) == 0)
		return REFUSE("%s does not object to its own reservation", org->id);
	for (i = 0; i < st->treaty.nobjections; i++) {
		const acc_objection *o = &st->treaty.objections[i];

		if (strcmp(o->org, org->id) == 0 && strcmp(o->reserver, a->reserver) == 0 &&
		    strcmp(o->article, a->article) == 0)
			return REFUSE("%s has already objected to this reservation", org->id);
	}
	{
		long end =
		    acc_date_add_months(acc_date_days(r->date), st->conv.final.objection_months);
		char last[16];

		if (acc_now(c) / 86400 > end) {
			acc_date_format(last, end);
			return REFUSE("the period for objections to this reservation ended on %s",
				      last);
		}
	}
	if (!(path = acc_sprintf("ratification/objections/%s/%s/%s", org->id, a->reserver,
				 a->article)))
		return ACC_ENOMEM;
	if ((rc = acc_treaty_record(act, c, del, path, kv, a->text, a->len, "objection")) == 0 &&
	    (rc = acc_buf_printf(&act->msg, "Object to the reservation of %s to %s (%s)\n",
				 a->reserver, a->article, org->id)) == 0 &&
	    (rc = acc_action_trailers(&act->msg, &acc_action_object, org)) == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Reservation: %s:%s\n", a->reserver,
				    a->article);
	free(path);
	return rc;
}

int acc_ops_object(acc_oid_hex commit, acc_ctx *c, const char *reserver, const char *article,
		   const char *text, size_t len, int precludes)
{
	object_args a = {reserver, article, text, len, precludes};
	acc_action act = {0};
	int rc;

	if ((rc = acc_id_check(reserver, "organisation")) < 0 ||
	    (rc = acc_id_check(article, "article")) < 0)
		return rc;
	rc = acc_action_run(commit, &act, c, &acc_action_object, &a);
	acc_action_reset(&act);
	return rc;
}

/* Rebuilds an objection from its Accord-Reservation trailer (ORG:ARTICLE)
 * and the tree after it. */
static int replay_object(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *res = NULL, *colon;
	object_args a = {0};
	size_t i;
	int rc = acc_replay_trailer(&res, in, "objection", "Reservation");

	if (rc == 0 && !(colon = strchr(res, ':')))
		rc = acc_error_set(ACC_EINVAL, "an objection's Accord-Reservation is ORG:ARTICLE");
	if (rc == 0) {
		*colon = '\0';
		a.reserver = res;
		a.article = colon + 1;
		for (i = 0; i < in->after->treaty.nobjections; i++) {
			const acc_objection *o = &in->after->treaty.objections[i];

			if (strcmp(o->org, in->org->id) == 0 &&
			    strcmp(o->reserver, a.reserver) == 0 &&
			    strcmp(o->article, a.article) == 0) {
				a.text = o->text;
				a.len = strlen(o->text);
				a.precludes = o->precludes;
			}
		}
		rc = build_object(act, c, in->before, in->org, in->del, &a);
	}
	free(res);
	return rc;
}

static const char *const object_writes[] = {"ratification/objections/{org}/*/*", NULL};
static const char *const object_trailers[] = {"Reservation", NULL};

const acc_action_def acc_action_object = {
    .spec = {.name = "object",
	     .summary = "object to another party's reservation",
	     .who = ACC_WHO_MEMBER,
	     .verb = "object to reservations",
	     .writes = object_writes,
	     .trailers = object_trailers},
    .build = build_object,
    .replay = replay_object,
};

/* ---- withdraw-reservation ------------------------------------------------ */

/* Builds the withdrawal of org's reservation to article (arg): the
 * reservation's record as it was, with the date of its withdrawal. */
static int build_unreserve(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			   const acc_delegate *del, void *arg)
{
	const char *article = arg;
	const acc_reservation *x = NULL;
	acc_record *r = NULL;
	char *path = NULL, date[32];
	size_t i;
	int rc;

	(void)del;
	for (i = 0; i < st->treaty.nreservations; i++)
		if (strcmp(st->treaty.reservations[i].org, org->id) == 0 &&
		    strcmp(st->treaty.reservations[i].article, article) == 0)
			x = &st->treaty.reservations[i];
	if (!x)
		return REFUSE("%s made no reservation to %s", org->id, article);
	if (x->withdrawn)
		return REFUSE("%s withdrew its reservation to %s on %.10s", org->id, article,
			      x->withdrawn);
	acc_date_stamp(date, acc_now(c));
	if (!(path = acc_sprintf("ratification/reservations/%s/%s", org->id, article)))
		return ACC_ENOMEM;
	if ((rc = acc_record_new(&r)) == 0 &&
	    (rc = acc_record_add(r, "Delegate", x->delegate)) == 0 &&
	    (rc = acc_record_add(r, "Date", x->date)) == 0 &&
	    (rc = acc_record_add(r, "Withdrawn", date)) == 0 &&
	    (rc = acc_record_set_body(r, x->text, strlen(x->text))) == 0 &&
	    (rc = acc_action_put_record(act, path, r)) == 0 &&
	    (rc = acc_buf_printf(&act->msg, "Withdraw the reservation to %s (%s)\n", article,
				 org->id)) == 0 &&
	    (rc = acc_action_trailers(&act->msg, &acc_action_unreserve, org)) == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Article: %s\n", article);
	acc_record_free(r);
	free(path);
	return rc;
}

int acc_ops_withdraw_reservation(acc_oid_hex commit, acc_ctx *c, const char *article)
{
	acc_action act = {0};
	int rc = acc_id_check(article, "article");

	if (rc == 0)
		rc = acc_action_run(commit, &act, c, &acc_action_unreserve, (void *)article);
	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a withdrawal of a reservation from its Accord-Article trailer. */
static int replay_unreserve(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *article = NULL;
	int rc = acc_replay_trailer(&article, in, "withdrawal of a reservation", "Article");

	if (rc == 0)
		rc = build_unreserve(act, c, in->before, in->org, in->del, article);
	free(article);
	return rc;
}

static const char *const unreserve_writes[] = {"ratification/reservations/{org}/*", NULL};
static const char *const unreserve_trailers[] = {"Article", NULL};

const acc_action_def acc_action_unreserve = {
    .spec = {.name = "withdraw-reservation",
	     .summary = "withdraw your organisation's reservation to an article",
	     .who = ACC_WHO_MEMBER,
	     .verb = "withdraw reservations",
	     .writes = unreserve_writes,
	     .trailers = unreserve_trailers},
    .build = build_unreserve,
    .replay = replay_unreserve,
};

/* ---- denounce ----------------------------------------------------------- */

typedef struct {
	const char *text;
	size_t len;
} denounce_args;

/* Builds org's denunciation: it takes effect Withdrawal-Months after. */
static int build_denounce(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			  const acc_delegate *del, void *arg)
{
	const denounce_args *a = arg;
	const acc_signature *sig = signature_of(st, org->id);
	const char *kv[] = {"Delegate", "", "Effective", NULL, NULL, NULL};
	char eff[16], *path = NULL;
	size_t i;
	int rc;

	if (!notification_of(st, org->id) && !(sig && acc_treaty_tech(st, org)))
		return REFUSE("%s is not bound by the convention: nothing to denounce", org->id);
	for (i = 0; i < st->treaty.ndenunciations; i++)
		if (strcmp(st->treaty.denunciations[i].org, org->id) == 0)
			return REFUSE("%s has already denounced the convention", org->id);
	acc_date_format(eff,
			acc_date_add_months(acc_now(c) / 86400, st->conv.final.withdrawal_months));
	kv[3] = eff;
	if (!(path = acc_sprintf("ratification/denunciations/%s", org->id)))
		return ACC_ENOMEM;
	if ((rc = acc_treaty_record(act, c, del, path, kv, a->text, a->len, "denunciation")) == 0 &&
	    (rc = acc_buf_printf(&act->msg, "Denounce the convention (%s), effective %s\n", org->id,
				 eff)) == 0 &&
	    (rc = acc_action_trailers(&act->msg, &acc_action_denounce, org)) == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Effective: %s\n", eff);
	free(path);
	return rc;
}

int acc_ops_denounce(acc_oid_hex commit, acc_ctx *c, const char *text, size_t len)
{
	denounce_args a = {text, len};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_denounce, &a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a denunciation with the text the tree after it holds. */
static int replay_denounce(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	denounce_args a = {0};
	size_t i;

	for (i = 0; i < in->after->treaty.ndenunciations; i++)
		if (strcmp(in->after->treaty.denunciations[i].org, in->org->id) == 0) {
			a.text = in->after->treaty.denunciations[i].text;
			a.len = strlen(a.text);
		}
	return build_denounce(act, c, in->before, in->org, in->del, &a);
}

static const char *const denounce_writes[] = {"ratification/denunciations/{org}", NULL};

const acc_action_def acc_action_denounce = {
    .spec = {.name = "denounce",
	     .summary = "withdraw your organisation from the convention, with its notice",
	     .who = ACC_WHO_MEMBER,
	     .verb = "denounce the convention",
	     .writes = denounce_writes,
	     .trailers = NULL},
    .build = build_denounce,
    .replay = replay_denounce,
};
