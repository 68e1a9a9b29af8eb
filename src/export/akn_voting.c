/*
 * export akn_voting: the analysis block of the Akoma Ntoso export, one
 * <voting> per ballot held with its quorum and counts, each count listing
 * the organisations that voted so.  At the full preset (6,500 ballots, a
 * million roll-call lines) it is most of the document: a block whose
 * values need no escaping is written byte for byte as libxml2's writer
 * would write it, the others through the writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The refersTo list of one kind of vote: the concept, then the counted
 * organisations that voted so (malloc'd). */
static char *akn_vote_refs(const roll_row *r, size_t n, acc_vote v)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	if (acc_buf_printf(&b, "#concept_%s", acc_vote_name(v)) < 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (r[i].counted && r[i].vote == v &&
		    (acc_buf_puts(&b, " #") < 0 || acc_buf_puts(&b, r[i].org->id) < 0)) {
			acc_buf_free(&b);
			return NULL;
		}
	return acc_buf_detach(&b);
}

/* 1 when s is written as is in an attribute, by us as by libxml2: printable
 * ASCII without the characters an attribute escapes ("&<>). */
static int akn_plain(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '&' || *s == '<' || *s == '>' || *s == '"')
			return 0;
	return 1;
}

/* The lengths of the organisation ids of a state, by index in st->orgs:
 * a million ids written, 550 measured. */
typedef struct {
	const acc_org *orgs;
	size_t *len;
} id_lens;

/* Appends " #<org>" for each counted row of r (n rows) that voted v: the
 * room for all first, then one copy each (a million, at the full preset). */
static int akn_refs_put(acc_buf *out, const roll_row *r, size_t n, acc_vote v, const id_lens *ids)
{
	size_t i, need = 0;
	char *o;
	int rc;

	for (i = 0; i < n; i++)
		if (r[i].counted && r[i].vote == v)
			need += 2 + ids->len[r[i].org - ids->orgs];
	if ((rc = acc_buf_grow(out, need)) < 0)
		return rc;
	o = out->ptr + out->size;
	for (i = 0; i < n; i++)
		if (r[i].counted && r[i].vote == v) {
			size_t l = ids->len[r[i].org - ids->orgs];

			o[0] = ' ';
			o[1] = '#';
			memcpy(o + 2, r[i].org->id, l);
			o += 2 + l;
		}
	out->size = (size_t)(o - out->ptr);
	out->ptr[out->size] = '\0';
	return 0;
}

/* Writes the <voting> of ballot b (named id, counts c, roll-call r of n
 * rows, quorum q) to out, byte for byte as the writer would (akn_voting):
 * 6,500 of them, a million organisation ids, are most of the document.
 * 0 when a value is not akn_plain (out unchanged: the writer escapes it),
 * 1 when written, or ACC_ENOMEM. */
static int akn_voting_plain(acc_buf *out, const char *id, const acc_ballot *b, const counts *c,
			    const roll_row *r, size_t n, const char *q, const id_lens *ids)
{
	static const acc_vote kinds[] = {ACC_VOTE_YES, ACC_VOTE_NO, ACC_VOTE_ABSTAIN,
					 ACC_VOTE_NONE};
	unsigned v[] = {c->yes, c->no, c->abstain, c->absent};
	unsigned long wv[] = {c->w_yes, c->w_no, c->w_abstain, c->w_absent};
	size_t i, k, mark = out->size;
	char num[32];
	int rc = 0;

	if (!akn_plain(id) || !akn_plain(q))
		return 0;
	for (i = 0; i < n; i++)
		if (r[i].counted && !akn_plain(r[i].org->id))
			return 0;
			/* puts, not printf: 5,800 blocks of a dozen values */
#define PUT(s) (rc = rc ? rc : acc_buf_puts(out, (s)))
	PUT("<voting eId=\"vote_");
	PUT(id);
	if (b->state == ACC_BALLOT_CLOSED) {
		PUT("\" outcome=\"#concept_");
		PUT(acc_result_name(b->result));
	}
	PUT("\" refersTo=\"#ballot_");
	PUT(id);
	PUT("\">\n<quorum eId=\"vote_");
	PUT(id);
	PUT("__quorum\" value=\"");
	PUT(q);
	PUT(c->quorum_met ? "\" refersTo=\"#concept_quorum-met\"/>\n"
			  : "\" refersTo=\"#concept_quorum-not-met\"/>\n");
	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		const char *name = acc_vote_name(kinds[k]);

		snprintf(num, sizeof(num), "%u", v[k]);
		PUT("<count eId=\"vote_");
		PUT(id);
		PUT("__");
		PUT(name);
		PUT("\" value=\"");
		PUT(num);
		PUT("\" refersTo=\"#concept_");
		PUT(name);
		if (rc == 0)
			rc = akn_refs_put(out, r, n, kinds[k], ids);
		PUT("\"/>\n");
		if (c->weighted) {
			snprintf(num, sizeof(num), "%lu", wv[k]);
			PUT("<count eId=\"vote_");
			PUT(id);
			PUT("__");
			PUT(name);
			PUT("-weighted\" value=\"");
			PUT(num);
			PUT("\" refersTo=\"#concept_");
			PUT(name);
			PUT(" #concept_weighted\"/>\n");
		}
	}
	PUT("</voting>\n");
#undef PUT
	if (rc < 0) {
		out->size = mark;
		return rc;
	}
	return 1;
}

/* One <voting> for ballot b (named id) of st; raw: a buffer for
 * akn_voting_plain, ids: the lengths of st's organisation ids. */
static void akn_voting(xw *x, const acc_state *st, const char *id, const acc_ballot *b,
		       acc_buf *raw, const id_lens *ids)
{
	static const acc_vote kinds[] = {ACC_VOTE_YES, ACC_VOTE_NO, ACC_VOTE_ABSTAIN,
					 ACC_VOTE_NONE};
	roll_row *r = NULL;
	size_t n = 0, k;
	char q[32];
	counts c;
	int rc;

	if (!ex_ballot_held(b))
		return;
	if ((rc = ex_ballot_counts(&c, st, b)) < 0 || (rc = ex_roll_call(&r, &n, st, b)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	acc_buf_clear(raw);
	if ((rc = akn_voting_plain(raw, id, b, &c, r, n, q, ids)) != 0) {
		if (rc < 0)
			x->rc = x->rc ? x->rc : rc;
		else
			xw_raw(x, raw->ptr);
		free(r);
		return;
	}
	xw_start(x, "voting");
	xw_attrf(x, "eId", "vote_%s", id);
	if (b->state == ACC_BALLOT_CLOSED)
		xw_attrf(x, "outcome", "#concept_%s", acc_result_name(b->result));
	xw_attrf(x, "refersTo", "#ballot_%s", id);
	xw_raw(x, "\n");
	xw_start(x, "quorum");
	xw_attrf(x, "eId", "vote_%s__quorum", id);
	xw_attr(x, "value", q);
	xw_attr(x, "refersTo", c.quorum_met ? "#concept_quorum-met" : "#concept_quorum-not-met");
	xw_endl(x);
	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		unsigned v[] = {c.yes, c.no, c.abstain, c.absent};
		unsigned long wv[] = {c.w_yes, c.w_no, c.w_abstain, c.w_absent};
		char *refs = akn_vote_refs(r, n, kinds[k]);

		if (!refs) {
			x->rc = x->rc ? x->rc : ACC_ENOMEM;
			break;
		}
		xw_start(x, "count");
		xw_attrf(x, "eId", "vote_%s__%s", id, acc_vote_name(kinds[k]));
		xw_attrf(x, "value", "%u", v[k]);
		xw_attr(x, "refersTo", refs);
		xw_endl(x);
		if (c.weighted) {
			xw_start(x, "count");
			xw_attrf(x, "eId", "vote_%s__%s-weighted", id, acc_vote_name(kinds[k]));
			xw_attrf(x, "value", "%lu", wv[k]);
			xw_attrf(x, "refersTo", "#concept_%s #concept_weighted",
				 acc_vote_name(kinds[k]));
			xw_endl(x);
		}
		free(refs);
	}
	xw_endl(x);
	free(r);
}

void ex_akn_analysis(xw *x, const acc_state *st)
{
	acc_buf raw = ACC_BUF_INIT;
	size_t i, any = (size_t)ex_ballot_held(&st->ratification);
	id_lens ids;

	for (i = 0; i < st->namendments; i++)
		any += (size_t)ex_ballot_held(&st->amendments[i].ballot);
	if (!any)
		return;
	ids.orgs = st->orgs;
	if (!(ids.len = acc_calloc(st->norgs + 1, sizeof(*ids.len)))) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		return;
	}
	for (i = 0; i < st->norgs; i++)
		ids.len[i] = st->orgs[i].id ? strlen(st->orgs[i].id) : 0;
	xw_start(x, "analysis");
	xw_attrf(x, "source", "#%s", st->conv.chair);
	xw_raw(x, "\n");
	xw_start(x, "parliamentary");
	xw_raw(x, "\n");
	for (i = 0; i < st->namendments; i++)
		akn_voting(x, st, st->amendments[i].id, &st->amendments[i].ballot, &raw, &ids);
	akn_voting(x, st, "ratification", &st->ratification, &raw, &ids);
	acc_buf_free(&raw);
	free(ids.len);
	xw_endl(x);
	xw_endl(x);
}
