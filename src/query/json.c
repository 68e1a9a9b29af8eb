/* json: the JSON shapes shared by the faces and export. */
#include "accord/json.h"

#include <stdlib.h>
#include <string.h>

#include "accord/sanitize.h"

/* A JSON string of s, sanitised when not UTF-8; null for NULL. */
json_t *acc_json_str(const char *s)
{
	acc_buf b = ACC_BUF_INIT;
	json_t *v;

	if (!s)
		return json_null();
	if (acc_utf8_valid(s, strlen(s), NULL))
		return json_string(s);
	if (acc_sanitize(&b, s, strlen(s), ACC_SAN_NEWLINES) < 0)
		return NULL;
	v = json_string(b.ptr ? b.ptr : "");
	acc_buf_free(&b);
	return v;
}

/* The terminal-safe indented text of v (freed). */
int acc_json_dump(char **out, json_t *v)
{
	acc_buf safe = ACC_BUF_INIT;
	char *text;
	int rc;

	*out = NULL;
	if (!v)
		return acc_error_set(ACC_ENOMEM, "out of memory");
	text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (!text)
		return acc_error_set(ACC_ENOMEM, "out of memory");
	rc = acc_sanitize_json(&safe, text, strlen(text));
	free(text);
	if (rc < 0) {
		acc_buf_free(&safe);
		return rc;
	}
	*out = safe.ptr ? safe.ptr : acc_strdup("");
	return *out ? 0 : ACC_ENOMEM;
}

/* A clause as JSON. */
json_t *acc_json_clause(const acc_clause *cl, int with_text)
{
	json_t *o = json_object();

	json_object_set_new(o, "number", acc_json_str(cl->number));
	json_object_set_new(o, "id", acc_json_str(cl->id));
	json_object_set_new(o, "heading", acc_json_str(cl->heading));
	json_object_set_new(o, "depth", json_integer(cl->depth));
	json_object_set_new(o, "part", json_boolean(cl->container));
	json_object_set_new(o, "annex", json_boolean(cl->annex));
	if (with_text)
		json_object_set_new(o, "text", acc_json_str(cl->text));
	return o;
}

/* The value of one named field of an amendment (see
 * acc_json_amendment_fields); *key receives the key it goes under. */
static json_t *amendment_field(const char **key, const acc_amendment *a, const char *name)
{
	size_t i;

	*key = name;
	if (!strcmp(name, "id") || !strcmp(name, "amendment"))
		return acc_json_str(a->id);
	if (!strcmp(name, "clause"))
		return acc_json_str(a->clause);
	if (!strcmp(name, "operation"))
		return acc_json_str(acc_op_name(a->op));
	if (!strcmp(name, "status"))
		return acc_json_str(acc_status_name(a->status));
	if (!strcmp(name, "sponsor"))
		return acc_json_str(a->sponsor);
	if (!strcmp(name, "cosponsors")) {
		json_t *co = json_array();

		for (i = 0; i < a->cosponsors.count; i++)
			json_array_append_new(co, acc_json_str(a->cosponsors.items[i]));
		return co;
	}
	if (!strcmp(name, "invited")) {
		json_t *inv = json_array();

		for (i = 0; i < a->invited.count; i++)
			json_array_append_new(inv, acc_json_str(a->invited.items[i]));
		return inv;
	}
	if (!strcmp(name, "amends"))
		return acc_json_str(a->amends);
	if (!strcmp(name, "new_clause"))
		return acc_json_str(a->new_clause);
	if (!strcmp(name, "heading"))
		return acc_json_str(a->heading);
	if (!strcmp(name, "base"))
		return acc_json_str(a->base);
	if (!strcmp(name, "base?")) {
		*key = "base";
		return acc_json_str(a->base[0] ? a->base : NULL);
	}
	if (!strcmp(name, "rationale"))
		return acc_json_str(a->rationale);
	if (!strcmp(name, "text"))
		return acc_json_str(a->text);
	return json_null();
}

/* Sets the named fields of an amendment on o, in order. */
json_t *acc_json_amendment_fields(json_t *o, const acc_amendment *a, const char *const *fields)
{
	const char *key;

	for (; o && *fields; fields++) {
		json_t *v = amendment_field(&key, a, *fields);

		json_object_set_new(o, key, v);
	}
	return o;
}

/* A list row of an amendment as JSON. */
json_t *acc_json_amendment_row(const acc_amendment_row *r)
{
	json_t *j = json_object(), *co = json_array();
	const char *p = r->cosponsors;

	json_object_set_new(j, "id", acc_json_str(r->id));
	json_object_set_new(j, "clause", acc_json_str(r->clause));
	json_object_set_new(j, "operation", acc_json_str(r->op));
	json_object_set_new(j, "status", acc_json_str(r->status));
	json_object_set_new(j, "sponsor", acc_json_str(r->sponsor));
	while (p && *p) {
		size_t l = strcspn(p, ",");
		char *one = acc_strndup(p, l);

		json_array_append_new(co, acc_json_str(one));
		free(one);
		p += l + (p[l] == ',');
	}
	json_object_set_new(j, "cosponsors", co);
	json_object_set_new(j, "amends", r->amends[0] ? acc_json_str(r->amends) : json_null());
	json_object_set_new(j, "rationale", acc_json_str(r->rationale));
	json_object_set_new(j, "votes", json_integer(r->votes));
	return j;
}

/* A list row from a state amendment (borrowed strings). */
void acc_json_row_of(acc_amendment_row *r, const acc_amendment *a, char *cosponsors)
{
	memset(r, 0, sizeof(*r));
	r->id = a->id;
	r->sponsor = a->sponsor;
	r->clause = a->clause;
	r->op = (char *)acc_op_name(a->op);
	r->status = (char *)acc_status_name(a->status);
	r->amends = a->amends ? a->amends : "";
	r->rationale = a->rationale ? a->rationale : "";
	r->text = a->text;
	r->cosponsors = cosponsors;
	r->seq = a->seq;
	r->votes = (unsigned)a->ballot.nvotes;
}

/* A ballot's roll-call as JSON. */
json_t *acc_json_votes(const acc_ballot *b)
{
	json_t *votes = json_array();
	size_t i;

	for (i = 0; i < b->nvotes; i++) {
		json_t *v = json_object();

		json_object_set_new(v, "org", acc_json_str(b->votes[i].org));
		json_object_set_new(v, "vote", acc_json_str(acc_vote_name(b->votes[i].vote)));
		json_object_set_new(v, "delegate", acc_json_str(b->votes[i].delegate));
		json_object_set_new(v, "by_chair", json_boolean(b->votes[i].recorded));
		json_array_append_new(votes, v);
	}
	return votes;
}

/* A ballot as `accord amendment` shows it. */
json_t *acc_json_ballot(const acc_ballot *b)
{
	json_t *j = json_object();
	char q[32];

	json_object_set_new(j, "status",
			    acc_json_str(b->state == ACC_BALLOT_NONE	 ? "not opened"
					 : b->state == ACC_BALLOT_OPEN	 ? "open"
					 : b->state == ACC_BALLOT_CLOSED ? "closed"
									 : "fallen"));
	json_object_set_new(j, "rule", acc_json_str(acc_rule_name(b->rule)));
	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	json_object_set_new(j, "quorum", acc_json_str(q));
	if (b->state == ACC_BALLOT_FALLEN)
		json_object_set_new(j, "fallen_by", acc_json_str(b->fallen_by));
	json_object_set_new(j, "votes", acc_json_votes(b));
	return j;
}

/* Sets a count's figures on o. */
json_t *acc_json_tally_counts(json_t *o, const acc_tally *t)
{
	json_object_set_new(o, "yes", json_integer(t->yes));
	json_object_set_new(o, "no", json_integer(t->no));
	json_object_set_new(o, "abstain", json_integer(t->abstain));
	json_object_set_new(o, "absent", json_integer(t->absent));
	json_object_set_new(o, "members", json_integer(t->members));
	json_object_set_new(o, "weighted", json_boolean(t->weighted));
	if (t->weighted) {
		json_object_set_new(o, "weighted_yes", json_integer((json_int_t)t->w_yes));
		json_object_set_new(o, "weighted_no", json_integer((json_int_t)t->w_no));
		json_object_set_new(o, "weighted_abstain", json_integer((json_int_t)t->w_abstain));
		json_object_set_new(o, "weighted_absent", json_integer((json_int_t)t->w_absent));
	}
	json_object_set_new(o, "quorum_met", json_boolean(t->quorum_met));
	return o;
}

/* A ballot's count as `accord tally --json` writes it. */
json_t *acc_json_tally(const char *bid, const acc_query_tally *q)
{
	const acc_ballot *b = q->ballot;
	const acc_tally *t = &q->tally;
	json_t *j = json_object();
	char quorum[32];

	acc_fraction_format(quorum, sizeof(quorum), b->quorum_num, b->quorum_den);
	json_object_set_new(j, "ballot", acc_json_str(bid));
	json_object_set_new(j, "status", acc_json_str(q->closed ? "closed" : "open"));
	json_object_set_new(j, "rule", acc_json_str(acc_rule_name(b->rule)));
	json_object_set_new(j, "quorum", acc_json_str(quorum));
	acc_json_tally_counts(j, t);
	json_object_set_new(j, "result", acc_json_str(acc_result_name(t->result)));
	json_object_set_new(j, "reason", acc_json_str(t->reason));
	if (q->closed) {
		json_t *r = json_object();

		json_object_set_new(r, "result", acc_json_str(acc_result_name(b->result)));
		json_object_set_new(r, "yes", json_integer(b->yes));
		json_object_set_new(r, "no", json_integer(b->no));
		json_object_set_new(r, "abstain", json_integer(b->abstain));
		json_object_set_new(r, "absent", json_integer(b->absent));
		json_object_set_new(r, "quorum_met", json_boolean(b->quorum_met));
		json_object_set_new(j, "recorded", r);
		json_object_set_new(j, "closed_at", acc_json_str(q->closed_at));
	}
	json_object_set_new(j, "roll_call", acc_json_votes(b));
	json_object_set_new(j, "recorded_votes", json_integer(q->recorded_votes));
	json_object_set_new(j, "signed_votes", json_integer(q->signed_votes));
	acc_json_record(j, b, q->now ? q->now : b);
	return j;
}

/* The response name of a recorded vote. */
static const char *response_name(const acc_recorded_vote *r)
{
	return r->response == ACC_RESPONSE_CONFIRMED   ? "confirmed"
	       : r->response == ACC_RESPONSE_CONTESTED ? "contested"
						       : "none";
}

/* The recorded roll-call and the explanations of vote, set on o. */
json_t *acc_json_record(json_t *o, const acc_ballot *b, const acc_ballot *now)
{
	json_t *rec = json_array(), *ex = json_array();
	size_t i;

	for (i = 0; i < b->nrecorded; i++) {
		const acc_recorded_vote *r = &b->recorded[i];
		json_t *v = json_object();

		json_object_set_new(v, "org", acc_json_str(r->org));
		json_object_set_new(v, "vote", acc_json_str(acc_vote_name(r->vote)));
		json_object_set_new(v, "response", acc_json_str(response_name(r)));
		json_object_set_new(v, "reason", r->reason ? acc_json_str(r->reason) : json_null());
		json_object_set_new(v, "overridden", json_boolean(r->overridden));
		json_array_append_new(rec, v);
	}
	for (i = 0; i < now->nexplanations; i++) {
		const acc_explanation *x = &now->explanations[i];
		json_t *v = json_object();

		json_object_set_new(v, "org", acc_json_str(x->org));
		json_object_set_new(v, "delegate", acc_json_str(x->delegate));
		json_object_set_new(v, "text", acc_json_str(x->text));
		json_array_append_new(ex, v);
	}
	json_object_set_new(o, "round", json_integer(b->round));
	json_object_set_new(o, "recorded_by",
			    b->recorder ? acc_json_str(b->recorder) : json_null());
	json_object_set_new(o, "record", rec);
	json_object_set_new(o, "explanations", ex);
	return o;
}

/* The Accord-Fallen ids of a commit message. */
json_t *acc_json_fallen(const char *body)
{
	json_t *a = json_array();
	const char *p = body;

	while (p && (p = strstr(p, "Accord-Fallen: "))) {
		size_t n;
		char *id;

		if (p != body && p[-1] != '\n') {
			p++;
			continue;
		}
		p += strlen("Accord-Fallen: ");
		n = strcspn(p, "\n");
		id = acc_strndup(p, n);
		json_array_append_new(a, acc_json_str(id ? id : ""));
		free(id);
		p += n;
	}
	return a;
}

/* An action of the log as JSON. */
json_t *acc_json_log_entry(const acc_log_entry *e)
{
	json_t *j = json_object();

	json_object_set_new(j, "commit", acc_json_str(e->id));
	json_object_set_new(j, "time", json_integer(e->time));
	json_object_set_new(j, "author", acc_json_str(e->author));
	json_object_set_new(j, "email", acc_json_str(e->email));
	json_object_set_new(j, "action", acc_json_str(e->action));
	json_object_set_new(j, "subject", acc_json_str(e->subject));
	json_object_set_new(j, "org", acc_json_str(e->org));
	json_object_set_new(j, "clause", acc_json_str(e->clause));
	json_object_set_new(j, "amendment", acc_json_str(e->amendment));
	json_object_set_new(j, "ballot", acc_json_str(e->ballot));
	json_object_set_new(j, "fallen", acc_json_fallen(e->body));
	return j;
}
