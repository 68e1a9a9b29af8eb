/*
 * export json: the whole convention at the revision as one JSON document
 * (self-contained: it shares no builder with the command line's JSON).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "accord/json.h"
#include "accord/record.h"
#include "accord/structure.h"
#include "internal.h"

/* The parent container of clause i, or NULL at the top level. */
static const acc_clause *clause_parent(const acc_state *st, size_t i)
{
	size_t j = i;

	while (j-- > 0)
		if (st->clauses[j].depth < st->clauses[i].depth)
			return &st->clauses[j];
	return NULL;
}

/* {"commit": .., "date": .., "time": ..} */
static json_t *json_rev(const acc_export_rev *r)
{
	json_t *o = json_object();
	char date[32];

	ex_date_fmt(date, sizeof(date), r->time, DATE_ISO);
	json_object_set_new(o, "commit", acc_json_str(r->commit));
	json_object_set_new(o, "date", acc_json_str(date));
	json_object_set_new(o, "time", json_integer(r->time));
	return o;
}

/* The JSON of a ballot: state, rule, figures and votes. */
static json_t *json_ballot(const acc_state *st, const acc_ballot *b)
{
	json_t *o = json_object(), *votes = json_array(), *t = json_null();
	char q[32];
	counts c;
	size_t i;

	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	json_object_set_new(o, "status", acc_json_str(acc_ballot_state_name(b->state)));
	json_object_set_new(o, "rule", acc_json_str(acc_rule_name(b->rule)));
	json_object_set_new(o, "quorum", acc_json_str(q));
	if (b->state == ACC_BALLOT_FALLEN)
		json_object_set_new(o, "fallen_by", acc_json_str(b->fallen_by));
	if (ex_ballot_held(b) && ex_ballot_counts(&c, st, b) == 0) {
		t = json_object();
		json_object_set_new(t, "final", json_boolean(c.final));
		json_object_set_new(t, "yes", json_integer(c.yes));
		json_object_set_new(t, "no", json_integer(c.no));
		json_object_set_new(t, "abstain", json_integer(c.abstain));
		json_object_set_new(t, "absent", json_integer(c.absent));
		json_object_set_new(t, "members", json_integer(c.members));
		json_object_set_new(t, "weighted", json_boolean(c.weighted));
		if (c.weighted) {
			json_object_set_new(t, "weighted_yes", json_integer((json_int_t)c.w_yes));
			json_object_set_new(t, "weighted_no", json_integer((json_int_t)c.w_no));
			json_object_set_new(t, "weighted_abstain",
					    json_integer((json_int_t)c.w_abstain));
			json_object_set_new(t, "weighted_absent",
					    json_integer((json_int_t)c.w_absent));
		}
		json_object_set_new(t, "quorum_met", json_boolean(c.quorum_met));
		json_object_set_new(o, "result", acc_json_str(acc_result_name(c.result)));
	} else {
		json_object_set_new(o, "result", json_null());
	}
	json_object_set_new(o, "tally", t);
	for (i = 0; i < b->nvotes; i++) {
		json_t *v = json_object();

		json_object_set_new(v, "org", acc_json_str(b->votes[i].org));
		json_object_set_new(v, "vote", acc_json_str(acc_vote_name(b->votes[i].vote)));
		json_object_set_new(v, "delegate", acc_json_str(b->votes[i].delegate));
		if (b->votes[i].recorded) /* only then: older exports are unchanged */
			json_object_set_new(v, "by_chair", json_true());
		json_array_append_new(votes, v);
	}
	json_object_set_new(o, "votes", votes);
	if (b->round || b->nexplanations) { /* the roll-call procedure, when used */
		unsigned rec, sig;

		acc_ballot_sources(&rec, &sig, st, b);
		json_object_set_new(o, "recorded_votes", json_integer(rec));
		json_object_set_new(o, "signed_votes", json_integer(sig));
		acc_json_record(o, b, b);
	}
	return o;
}

/* The blocks of a text (accord/structure.h): [{"depth", "label", "text"}]
 * and, for a footnote, "note": its ID instead of the label. */
static json_t *json_blocks(const char *text, int preamble)
{
	json_t *a = json_array();
	acc_block *b = NULL;
	size_t n = 0, i;

	if (acc_text_blocks(&b, &n, text) < 0)
		return a;
	for (i = 0; i < n; i++) {
		json_t *o = json_object();
		char *label = b[i].label ? acc_strndup(b[i].label, b[i].label_len) : NULL;
		char *t = acc_strndup(b[i].text, b[i].len);

		json_object_set_new(o, "depth", json_integer(b[i].depth));
		json_object_set_new(o, b[i].note ? "note" : "label", acc_json_str(label));
		json_object_set_new(o, "text", acc_json_str(t));
		if (preamble)
			json_object_set_new(o, "formula",
					    json_boolean(acc_preamble_formula(b, i, n)));
		json_array_append_new(a, o);
		free(label);
		free(t);
	}
	free(b);
	return a;
}

/* The form of the text: level names, the final block. */
static json_t *json_final(const acc_export_doc *d)
{
	json_t *o, *sigs;
	ex_final f;
	size_t i;

	if (ex_final_get(&f, d) < 0 || !f.done)
		return json_null();
	o = json_object();
	sigs = json_array();
	json_object_set_new(o, "done_at", acc_json_str(d->st->conv.form.done_at));
	json_object_set_new(o, "testimonium", acc_json_str(f.testimonium));
	json_object_set_new(o, "text", acc_json_str(f.done));
	for (i = 0; i < f.nsigs; i++) {
		json_t *g = json_object();

		json_object_set_new(g, "org", acc_json_str(f.sig[i]->org));
		json_object_set_new(g, "line", acc_json_str(f.sigs[i]));
		json_object_set_new(g, "date", acc_json_str(f.sig[i]->date));
		json_array_append_new(sigs, g);
	}
	json_object_set_new(o, "signatures", sigs);
	ex_final_clear(&f);
	return o;
}

/* The records that are not text (the convention's header, the
 * organisations): [{"path", "fields": [[key, value]...], "body"}], the
 * convention's body being the preamble. */
static json_t *json_records(const acc_export_doc *d)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < d->record_paths.count; i++) {
		const char *path = d->record_paths.items[i], *data = d->record_data.items[i];
		json_t *o = json_object(), *f = json_array();
		acc_record *r = NULL;

		if (acc_record_parse(&r, data, strlen(data), path) < 0) {
			acc_error_clear();
			json_decref(o);
			json_decref(f);
			continue;
		}
		json_object_set_new(o, "path", acc_json_str(path));
		for (k = 0; k < r->nfields; k++) {
			json_t *kv = json_array();

			json_array_append_new(kv, acc_json_str(r->fields[k].key));
			json_array_append_new(kv, acc_json_str(r->fields[k].value));
			json_array_append_new(f, kv);
		}
		json_object_set_new(o, "fields", f);
		if (strcmp(path, "convention") != 0)
			json_object_set_new(o, "body", acc_json_str(r->body));
		json_array_append_new(a, o);
		acc_record_free(r);
	}
	return a;
}

/* The clauses in order, each with its label, depth and parent. */
static json_t *json_clauses(const acc_state *st)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *cl = &st->clauses[i], *parent = clause_parent(st, i);
		json_t *o = json_object();
		char *label = ex_clause_label(cl);

		json_object_set_new(o, "id", acc_json_str(cl->id));
		json_object_set_new(o, "number", acc_json_str(cl->number));
		json_object_set_new(o, "label", acc_json_str(label));
		json_object_set_new(o, "heading", acc_json_str(cl->heading));
		json_object_set_new(o, "depth", json_integer(cl->depth));
		json_object_set_new(o, "part", json_boolean(cl->container));
		json_object_set_new(o, "parent", acc_json_str(parent ? parent->id : NULL));
		json_object_set_new(o, "text", acc_json_str(cl->text));
		json_object_set_new(o, "annex", json_boolean(cl->annex));
		json_object_set_new(o, "blocks", json_blocks(cl->text, 0));
		json_array_append_new(a, o);
		free(label);
	}
	return a;
}

/* The organisations with their delegates. */
static json_t *json_orgs(const acc_state *st)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < st->norgs; i++) {
		const acc_org *org = &st->orgs[i];
		json_t *o = json_object(), *dl = json_array();

		json_object_set_new(o, "id", acc_json_str(org->id));
		json_object_set_new(o, "name", acc_json_str(org->name));
		json_object_set_new(o, "type", acc_json_str(org->type));
		json_object_set_new(o, "role", acc_json_str(acc_role_name(org->role)));
		json_object_set_new(o, "weight", json_integer(org->weight));
		json_object_set_new(o, "description", acc_json_str(org->description));
		for (k = 0; k < org->ndelegates; k++) {
			json_t *dg = json_object();

			json_object_set_new(dg, "name", acc_json_str(org->delegates[k].name));
			json_object_set_new(dg, "email", acc_json_str(org->delegates[k].email));
			json_object_set_new(dg, "key", acc_json_str(org->delegates[k].key));
			json_array_append_new(dl, dg);
		}
		json_object_set_new(o, "delegates", dl);
		json_array_append_new(a, o);
	}
	return a;
}

/* Every amendment with its ballot. */
static json_t *json_amendments(const acc_state *st)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *am = &st->amendments[i];
		json_t *o = json_object(), *co = json_array();

		json_object_set_new(o, "id", acc_json_str(am->id));
		json_object_set_new(o, "status", acc_json_str(acc_status_name(am->status)));
		json_object_set_new(o, "sponsor", acc_json_str(am->sponsor));
		for (k = 0; k < am->cosponsors.count; k++)
			json_array_append_new(co, acc_json_str(am->cosponsors.items[k]));
		json_object_set_new(o, "cosponsors", co);
		co = json_array();
		for (k = 0; k < am->invited.count; k++)
			json_array_append_new(co, acc_json_str(am->invited.items[k]));
		json_object_set_new(o, "invited", co);
		json_object_set_new(o, "clause", acc_json_str(am->clause));
		json_object_set_new(o, "operation", acc_json_str(acc_op_name(am->op)));
		json_object_set_new(o, "amends", acc_json_str(am->amends));
		json_object_set_new(o, "new_clause", acc_json_str(am->new_clause));
		json_object_set_new(o, "heading", acc_json_str(am->heading));
		json_object_set_new(o, "rationale", acc_json_str(am->rationale));
		json_object_set_new(o, "base", acc_json_str(am->base[0] ? am->base : NULL));
		json_object_set_new(o, "text", acc_json_str(am->text));
		json_object_set_new(o, "ballot", json_ballot(st, &am->ballot));
		json_array_append_new(a, o);
	}
	return a;
}

/* One translation t of id (NULL: null): its text (the exact stored body),
 * its heading for a clause, the source blob it translates, who entered it,
 * current or stale. */
static json_t *json_translation(const acc_state *st, const acc_translation *t, const char *id)
{
	const char *blob = "", *h, *x;
	json_t *o;

	if (!t)
		return json_null();
	if (acc_tr_source(&blob, &h, &x, st, id) < 0)
		blob = "";
	o = json_object();
	if (acc_tr_unit(id) == ACC_TR_CLAUSE) {
		json_object_set_new(o, "id", acc_json_str(id));
		json_object_set_new(o, "heading", acc_json_str(t->heading));
	}
	json_object_set_new(o, "text", acc_json_str(t->text));
	json_object_set_new(o, "base", acc_json_str(t->base));
	json_object_set_new(o, "by", acc_json_str(t->by));
	json_object_set_new(o, "status",
			    acc_json_str(acc_tr_status_name(
				strcmp(t->base, blob) == 0 ? ACC_TR_CURRENT : ACC_TR_STALE)));
	return o;
}

/* A translation of a clause and the clause's place in the toc. */
typedef struct {
	long at;
	const acc_translation *t;
} tr_at;

/* Orders translations by the place of their clause. */
static int cmp_tr_at(const void *a, const void *b)
{
	long x = ((const tr_at *)a)->at, y = ((const tr_at *)b)->at;

	return x < y ? -1 : x > y;
}

/* Every translation, one entry per language but the negotiation one (in
 * the order of Languages): the title, the preamble and each clause
 * translated into it, in the order of the toc (one pass over the
 * translations a language, however many clauses). */
static json_t *json_translations(const acc_state *st)
{
	json_t *a = json_array();
	tr_at *v = st->ntranslations ? acc_calloc(st->ntranslations, sizeof(*v)) : NULL;
	size_t i, k, n;

	for (i = 0; i < st->conv.languages.count; i++) {
		const char *l = st->conv.languages.items[i];
		json_t *o, *cl;

		if (st->conv.language && strcmp(l, st->conv.language) == 0)
			continue;
		o = json_object();
		cl = json_array();
		json_object_set_new(o, "language", acc_json_str(l));
		json_object_set_new(o, "authentic",
				    json_boolean(acc_conv_is_authentic(&st->conv, l)));
		json_object_set_new(
		    o, "title",
		    json_translation(st, acc_state_translation(st, l, "title"), "title"));
		json_object_set_new(
		    o, "preamble",
		    json_translation(st, acc_state_translation(st, l, "preamble"), "preamble"));
		for (k = 0, n = 0; v && k < st->ntranslations; k++) {
			const acc_translation *t = &st->translations[k];
			long at;

			if (strcmp(t->lang, l) != 0 || acc_tr_unit(t->clause) != ACC_TR_CLAUSE ||
			    (at = acc_state_clause_index(st, t->clause)) < 0)
				continue; /* a clause since deleted is not shown */
			v[n].at = at;
			v[n++].t = t;
		}
		if (n)
			qsort(v, n, sizeof(*v), cmp_tr_at);
		for (k = 0; k < n; k++)
			json_array_append_new(cl, json_translation(st, v[k].t, v[k].t->clause));
		json_object_set_new(o, "clauses", cl);
		json_array_append_new(a, o);
	}
	free(v);
	return a;
}

/* The signatures (from the signature state). */
static json_t *json_signatures(const acc_state *ss)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ss->nsignatures; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "org", acc_json_str(ss->signatures[i].org));
		json_object_set_new(o, "delegate", acc_json_str(ss->signatures[i].delegate));
		json_object_set_new(o, "date", acc_json_str(ss->signatures[i].date));
		json_array_append_new(a, o);
	}
	return a;
}

/* Appends JSON text (len bytes, from jansson) with each code point the
 * record may not hold (acc_text_forbidden_cp: only in a history verify
 * flags; jansson already escapes C0 controls) written as a \u escape:
 * the same JSON value, and no raw override in the file. */
static int json_exact(acc_buf *out, const char *s, size_t len)
{
	size_t off = 0, n = 0;
	uint32_t cp = 0;
	int invalid = 0, rc = 0;

	while (rc == 0 && acc_text_find_forbidden(&off, &n, &cp, &invalid, s, len)) {
		rc = acc_buf_put(out, s, off);
		if (rc == 0 && invalid) /* jansson writes UTF-8 only */
			rc = acc_buf_puts(out, "\xef\xbf\xbd");
		else if (rc == 0 && cp > 0xFFFF)
			rc = acc_buf_printf(out, "\\u%04x\\u%04x",
					    (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
					    (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
		else if (rc == 0)
			rc = acc_buf_printf(out, "\\u%04x", (unsigned)cp);
		s += off + n;
		len -= off + n;
	}
	if (rc == 0 && len)
		rc = acc_buf_put(out, s, len);
	return rc;
}

/* The whole convention at the revision as one JSON document. */
int ex_render_json(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st, *ss = ex_sig_state(d);
	json_t *root = json_object(), *rules = json_object(), *tag = json_null();
	char q[32], *text;
	int rc = 0;

	json_object_set_new(root, "accord_export", json_integer(1));
	json_object_set_new(root, "title", acc_json_str(st->conv.title));
	json_object_set_new(root, "short_title", acc_json_str(st->conv.short_title));
	json_object_set_new(root, "language", acc_json_str(st->conv.language));
	json_object_set_new(root, "ratified", json_boolean(ex_is_ratified(st)));
	json_object_set_new(root, "revision", json_rev(&d->rev));
	if (d->tag) {
		tag = json_rev(&d->tag_rev);
		json_object_set_new(tag, "name", acc_json_str(d->tag));
	}
	json_object_set_new(root, "ratification_tag", tag);
	json_object_set_new(root, "signatures_revision",
			    d->sig_st ? json_rev(&d->sig_rev) : json_null());
	json_object_set_new(root, "chair", acc_json_str(st->conv.chair));
	json_object_set_new(rules, "rule", acc_json_str(acc_rule_name(st->conv.rule)));
	acc_fraction_format(q, sizeof(q), st->conv.quorum_num, st->conv.quorum_den);
	json_object_set_new(rules, "quorum", acc_json_str(q));
	json_object_set_new(rules, "ratification_rule",
			    acc_json_str(acc_rule_name(st->conv.ratification_rule)));
	acc_fraction_format(q, sizeof(q), st->conv.rat_quorum_num, st->conv.rat_quorum_den);
	json_object_set_new(rules, "ratification_quorum", acc_json_str(q));
	json_object_set_new(rules, "signatures_required",
			    json_boolean(st->conv.signatures_required));
	json_object_set_new(root, "rules", rules);
	json_object_set_new(root, "preamble",
			    acc_json_str(st->conv.preamble ? st->conv.preamble : ""));
	json_object_set_new(root, "recitals", json_blocks(st->conv.preamble, 1));
	{
		json_t *lv = json_array();
		size_t i;

		for (i = 0; i < st->conv.form.levels.count; i++)
			json_array_append_new(lv, acc_json_str(st->conv.form.levels.items[i]));
		json_object_set_new(root, "levels", lv);
	}
	json_object_set_new(root, "clauses", json_clauses(st));
	json_object_set_new(root, "translations", json_translations(st));
	json_object_set_new(root, "final_block", json_final(d));
	json_object_set_new(root, "organisations", json_orgs(st));
	json_object_set_new(root, "amendments", json_amendments(st));
	json_object_set_new(root, "ratification", json_ballot(st, &st->ratification));
	if (st->ratification.state != ACC_BALLOT_NONE) {
		/* the texts the adoption ballot does not establish (only once
		 * it is opened: older exports keep their shape) */
		char *note = NULL;

		json_object_set_new(root, "texts",
				    st->ratification.state != ACC_BALLOT_NONE &&
					    acc_texts_note(&note, st, 1) == 0 && note
					? json_string(note)
					: json_null());
		free(note);
	}
	json_object_set_new(root, "signatures", json_signatures(ss));
	json_object_set_new(root, "records", json_records(d));
	/* the stored text exactly: jansson escapes only what JSON needs */
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return acc_error_set(ACC_ENOMEM, "out of memory");
	if ((rc = json_exact(out, text, strlen(text))) == 0)
		rc = acc_buf_putc(out, '\n');
	free(text);
	return rc;
}
