/*
 * history: what an amendment changes, what changed between revisions, and
 * where each word of a clause came from (blame).
 *
 * Blame reads the clause text at a few commits only: before and after
 * each adoption that touched the clause (found from the adopted
 * amendments of the state and the index's record of which commit closed
 * each ballot), so its cost grows with the number of adoptions of that
 * clause, not with the length of the history.  Attributions are byte
 * spans of the text; they are carried through each word diff: equal runs
 * keep theirs, inserted runs take the adoption's, deleted runs go.
 */
#include "accord/history.h"
#include "accord/bracket_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/structure.h"
#include "accord/textdiff.h"

/* ---- two revisions ---------------------------------------------------------------- */

const char *acc_change_name(acc_change_kind k)
{
	switch (k) {
	case ACC_CHANGE_AMENDED:
		return "amended";
	case ACC_CHANGE_INSERTED:
		return "inserted";
	case ACC_CHANGE_DELETED:
		return "deleted";
	default:
		return "unchanged";
	}
}

/* Records one clause of a comparison. */
static void add_change(acc_clause_change *v, size_t *k, const acc_clause *from,
		       const acc_clause *to)
{
	acc_clause_change *x = &v[(*k)++];

	x->from = from;
	x->to = to;
	if (!from)
		x->kind = ACC_CHANGE_INSERTED;
	else if (!to)
		x->kind = ACC_CHANGE_DELETED;
	else if (strcmp(from->text, to->text) != 0 || strcmp(from->heading, to->heading) != 0)
		x->kind = ACC_CHANGE_AMENDED;
	else
		x->kind = ACC_CHANGE_NONE;
}

/* Orders clause pointers by id. */
static int cmp_clause_id(const void *x, const void *y)
{
	const acc_clause *a = *(const acc_clause *const *)x, *b = *(const acc_clause *const *)y;

	return strcmp(a->id, b->id);
}

/* Clauses of st sorted by id, for bsearch (caller frees). */
static const acc_clause **sorted_clauses(const acc_state *st)
{
	const acc_clause **v = acc_calloc(st->nclauses ? st->nclauses : 1, sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < st->nclauses; i++)
		v[i] = &st->clauses[i];
	qsort(v, st->nclauses, sizeof(*v), cmp_clause_id);
	return v;
}

/* Position of clause id in st (through its sorted index), or -1. */
static long find_clause(const acc_state *st, const acc_clause **sorted, const char *id)
{
	acc_clause key, *kp = &key;
	const acc_clause **hit;

	key.id = (char *)id;
	hit = bsearch(&kp, sorted, st->nclauses, sizeof(*sorted), cmp_clause_id);
	return hit ? (long)(*hit - st->clauses) : -1;
}

int acc_history_compare(acc_clause_change **out, size_t *n, const acc_state *from,
			const acc_state *to)
{
	size_t total = from->nclauses + to->nclauses, i, j, k = 0, next = 0;
	acc_clause_change *v = acc_calloc(total ? total : 1, sizeof(*v));
	const acc_clause **sf = sorted_clauses(from), **stt = sorted_clauses(to);
	long *at = acc_calloc(to->nclauses + 1, sizeof(long));
	char *gone = acc_calloc(from->nclauses + 1, 1);

	*out = NULL;
	*n = 0;
	if (!v || !sf || !stt || !at || !gone) {
		free(v);
		free(sf);
		free(stt);
		free(at);
		free(gone);
		return ACC_ENOMEM;
	}
	for (i = 0; i < from->nclauses; i++)
		gone[i] = find_clause(to, stt, from->clauses[i].id) < 0;
	/* at[j]: where to's clause j stood in from; then, for an insertion,
	 * -2 - (where the next clause that both have stood) */
	at[to->nclauses] = -2 - (long)from->nclauses;
	for (j = to->nclauses; j-- > 0;) {
		long a = find_clause(from, sf, to->clauses[j].id);

		at[j] = a >= 0 ? a : (at[j + 1] >= 0 ? -2 - at[j + 1] : at[j + 1]);
	}
	for (j = 0; j < to->nclauses; j++) {
		/* the deleted clauses that stood before this one come first */
		size_t upto = at[j] >= 0 ? (size_t)at[j] : (size_t)(-2 - at[j]);

		for (; next < upto; next++)
			if (gone[next])
				add_change(v, &k, &from->clauses[next], NULL);
		if (at[j] >= 0) {
			if ((size_t)at[j] + 1 > next)
				next = (size_t)at[j] + 1;
			add_change(v, &k, &from->clauses[at[j]], &to->clauses[j]);
		} else {
			add_change(v, &k, NULL, &to->clauses[j]);
		}
	}
	for (; next < from->nclauses; next++)
		if (gone[next])
			add_change(v, &k, &from->clauses[next], NULL);
	free(sf);
	free(stt);
	free(at);
	free(gone);
	*out = v;
	*n = k;
	return 0;
}

/* ---- blame ------------------------------------------------------------------------ */

/* Attributions of a text: spans in order, covering it. */
typedef struct {
	acc_blame_run *v;
	size_t n, alloc;
} spans;

/* Appends a span (merging it into the last one when it continues it). */
static int spans_add(spans *s, size_t start, size_t len, size_t origin)
{
	if (!len)
		return 0;
	if (s->n && s->v[s->n - 1].origin == origin &&
	    s->v[s->n - 1].start + s->v[s->n - 1].len == start) {
		s->v[s->n - 1].len += len;
		return 0;
	}
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 16;
		acc_blame_run *nv = acc_realloc(s->v, na * sizeof(*nv));

		if (!nv)
			return ACC_ENOMEM;
		s->v = nv;
		s->alloc = na;
	}
	s->v[s->n].start = start;
	s->v[s->n].len = len;
	s->v[s->n].origin = origin;
	s->n++;
	return 0;
}

/* Appends to out the attributions of old[from, from + len), moved to
 * start at `at`.  *cursor walks old forward (calls come in order). */
static int spans_carry(spans *out, const spans *old, size_t *cursor, size_t from, size_t len,
		       size_t at)
{
	size_t end = from + len;
	int rc = 0;

	while (*cursor < old->n && old->v[*cursor].start + old->v[*cursor].len <= from)
		(*cursor)++;
	for (size_t k = *cursor; k < old->n && old->v[k].start < end && rc == 0; k++) {
		size_t s = old->v[k].start > from ? old->v[k].start : from;
		size_t e =
		    old->v[k].start + old->v[k].len < end ? old->v[k].start + old->v[k].len : end;

		if (e > s)
			rc = spans_add(out, at + (s - from), e - s, old->v[k].origin);
	}
	return rc;
}

/*
 * Carries the attributions old of text `before` to `after` (either may be
 * NULL: no clause): equal runs keep theirs; inserted runs take those of
 * eff at the same offsets of after when eff is given, else `origin`.
 */
static int blame_step(spans *out, const spans *old, const char *before, const char *after,
		      size_t origin, const spans *eff)
{
	acc_diff d = {0};
	size_t i, bo = 0, ao = 0, c1 = 0, c2 = 0;
	int rc;

	out->n = 0;
	if (!after)
		return 0;
	if ((rc = acc_textdiff(&d, before ? before : "", before ? strlen(before) : 0, after,
			       strlen(after))) < 0)
		return rc;
	for (i = 0; i < d.count && rc == 0; i++) {
		const acc_diff_run *r = &d.runs[i];

		switch (r->op) {
		case ACC_DIFF_EQUAL:
			rc = spans_carry(out, old, &c1, bo, r->len, ao);
			bo += r->len;
			ao += r->len;
			break;
		case ACC_DIFF_DELETE:
			bo += r->len;
			break;
		case ACC_DIFF_INSERT:
			rc = eff ? spans_carry(out, eff, &c2, ao, r->len, ao)
				 : spans_add(out, ao, r->len, origin);
			ao += r->len;
			break;
		}
	}
	acc_diff_free(&d);
	return rc;
}

/* Swaps two span lists. */
static void spans_swap(spans *a, spans *b)
{
	spans t = *a;

	*a = *b;
	*b = t;
}

/* The body of clause id at commit, or *out NULL when it has none. */
static int clause_text_at(char **out, acc_store *s, const char *commit, const char *id)
{
	acc_source *src = NULL;
	char *path = acc_path_clause(id), *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_store_source(&src, s, commit)) == 0) {
		rc = src->read(src, path, &data, &len, NULL);
		if (rc == ACC_ENOTFOUND) {
			acc_error_clear();
			rc = 0;
		} else if (rc == 0) {
			rc = acc_record_body_of(out, data, len, path);
		}
	}
	free(data);
	free(path);
	acc_source_free(src);
	return rc;
}

/* Adds an origin to b; *index receives its position. */
static int add_origin(acc_blame *b, size_t *index, acc_origin_kind kind)
{
	acc_origin *nv = acc_realloc(b->origins, (b->norigins + 1) * sizeof(*nv));

	if (!nv)
		return ACC_ENOMEM;
	b->origins = nv;
	memset(&nv[b->norigins], 0, sizeof(*nv));
	nv[b->norigins].kind = kind;
	*index = b->norigins++;
	return 0;
}

/* Fills origin o for adopted amendment a (closing commit `ballot`, words
 * entering the clause at commit `at` (time when)). */
static int fill_origin(acc_origin *o, const acc_amendment *a, const char *ballot, const char *at,
		       long long when, const char *via)
{
	size_t i;
	int rc = 0;

	if (!(o->amendment = acc_strdup(a->id)) || !(o->sponsor = acc_strdup(a->sponsor)) ||
	    (via && !(o->via = acc_strdup(via))))
		return ACC_ENOMEM;
	for (i = 0; i < a->cosponsors.count && rc == 0; i++)
		rc = acc_strlist_add(&o->cosponsors, a->cosponsors.items[i]);
	snprintf(o->ballot, sizeof(o->ballot), "%s", ballot);
	snprintf(o->commit, sizeof(o->commit), "%s", at);
	o->time = when;
	o->yes = a->ballot.yes;
	o->no = a->ballot.no;
	o->abstain = a->ballot.abstain;
	o->absent = a->ballot.absent;
	return rc;
}

/* One adoption that changed the clause (an amendment, or a bracket's
 * resolution). */
typedef struct {
	const acc_amendment *a;
	const acc_bracket *b;
	acc_oid_hex close;
} adoption;

/* The adopted sub-amendment of a, or NULL. */
static const acc_amendment *adopted_sub(const acc_state *st, const acc_amendment *a)
{
	size_t i;

	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *s = &st->amendments[i];

		if (s->amends && strcmp(s->amends, a->id) == 0 && s->status == ACC_ST_ADOPTED)
			return s;
	}
	return NULL;
}

/* The adoptions of the state that replaced, inserted or deleted clause,
 * in history order, with the commits that closed their ballots. */
static int find_adoptions(adoption **out, size_t *n, acc_ctx *c, const acc_state *st,
			  const char *clause)
{
	adoption *v = acc_calloc(st->namendments + st->nbrackets + 1, sizeof(*v));
	acc_index *ix = NULL;
	size_t i, j, k = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!v)
		return ACC_ENOMEM;
	for (i = 0; i < st->namendments && rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		int hit;

		if (a->status != ACC_ST_ADOPTED || a->amends)
			continue;
		hit = a->op == ACC_OP_INSERT_AFTER ? strcmp(a->new_clause, clause) == 0
						   : strcmp(a->clause, clause) == 0;
		if (!hit)
			continue;
		if (!ix && (rc = acc_ops_index(&ix, c)) < 0)
			break;
		if ((rc = acc_index_closing_commit(ix, v[k].close, a->id)) < 0) {
			acc_error_prefix(rc, "cannot find the commit that adopted %s", a->id);
			break;
		}
		v[k++].a = a;
	}
	for (i = 0; i < st->nbrackets && rc == 0; i++) {
		const acc_bracket *b = &st->brackets[i];

		if (!b->resolved || strcmp(b->clause, clause) != 0)
			continue;
		if ((rc = acc_bracket_resolution_commit(v[k].close, c, b, st->commit)) == 0)
			v[k++].b = b;
	}
	/* history order: each closing commit descends from the earlier ones */
	for (i = 1; i < k && rc == 0; i++) {
		adoption x = v[i];

		for (j = i; j > 0; j--) {
			int anc = acc_store_is_ancestor(acc_ctx_store(c), x.close, v[j - 1].close);

			if (anc < 0) {
				rc = anc;
				break;
			}
			if (!anc)
				break;
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* Marks the change from cur to text (by no adoption) as of unknown origin. */
static int unknown_step(acc_blame *b, spans *cur, spans *tmp, const char *from, const char *to,
			size_t *unknown)
{
	int rc;

	if ((from == NULL) == (to == NULL) && (!from || strcmp(from, to) == 0))
		return 0;
	if (*unknown == (size_t)-1 && (rc = add_origin(b, unknown, ACC_ORIGIN_UNKNOWN)) < 0)
		return rc;
	if ((rc = blame_step(tmp, cur, from, to, *unknown, NULL)) < 0)
		return rc;
	spans_swap(cur, tmp);
	return 0;
}

/* Carries the blame over one adoption (before -> after at x->close). */
static int adoption_step(acc_blame *b, acc_ctx *c, const acc_state *st, const adoption *x,
			 spans *cur, spans *tmp, const char *before, const char *after,
			 long long when)
{
	const acc_amendment *sub = x->a ? adopted_sub(st, x->a) : NULL;
	spans eff = {0}, base = {0};
	size_t po, so;
	int rc;

	if (x->b) { /* a bracket's option, credited to the bracket */
		if ((rc = add_origin(b, &po, ACC_ORIGIN_BRACKET)) < 0 ||
		    (rc = acc_bracket_origin_fill(&b->origins[po], x->b, x->close, when)) < 0 ||
		    (rc = blame_step(tmp, cur, before, after, po, NULL)) < 0)
			return rc;
		spans_swap(cur, tmp);
		return 0;
	}
	if ((rc = add_origin(b, &po, ACC_ORIGIN_AMENDMENT)) < 0 ||
	    (rc = fill_origin(&b->origins[po], x->a, x->close, x->close, when, NULL)) < 0)
		return rc;
	if (sub && after && strcmp(after, sub->text) == 0) {
		/* the text adopted is the sub-amendment's: credit its words to it */
		acc_oid_hex sclose;
		acc_index *ix;

		if ((rc = acc_ops_index(&ix, c)) < 0 ||
		    (rc = acc_index_closing_commit(ix, sclose, sub->id)) < 0 ||
		    (rc = add_origin(b, &so, ACC_ORIGIN_AMENDMENT)) < 0 ||
		    (rc = fill_origin(&b->origins[so], sub, sclose, x->close, when, x->a->id)) <
			0 ||
		    (rc = spans_add(&base, 0, strlen(x->a->text), po)) < 0 ||
		    (rc = blame_step(&eff, &base, x->a->text, sub->text, so, NULL)) < 0)
			goto done;
		rc = blame_step(tmp, cur, before, after, po, &eff);
	} else {
		rc = blame_step(tmp, cur, before, after, po, NULL);
	}
	if (rc == 0)
		spans_swap(cur, tmp);
done:
	free(eff.v);
	free(base.v);
	return rc;
}

/* Gives each run of blanks only the origin of the run before it (or after
 * it, at the start): blanks are no words, and which side of an insertion a
 * diff puts the blank beside it is arbitrary.  Merges the runs that then
 * continue each other. */
static void settle_blanks(spans *sp, const char *text)
{
	size_t i, k = 0;

	for (i = 0; i < sp->n; i++) {
		const acc_blame_run *r = &sp->v[i];
		size_t j;

		for (j = 0; j < r->len && strchr(" \t\n\r", text[r->start + j]); j++)
			;
		if (j == r->len && sp->n > 1)
			sp->v[i].origin = i > 0 ? sp->v[i - 1].origin : sp->v[i + 1].origin;
	}
	for (i = 0; i < sp->n; i++) {
		if (k && sp->v[k - 1].origin == sp->v[i].origin)
			sp->v[k - 1].len += sp->v[i].len;
		else
			sp->v[k++] = sp->v[i];
	}
	sp->n = k;
}

int acc_history_blame(acc_blame **out, acc_ctx *c, const char *clause, const char *rev)
{
	acc_blame *b = NULL;
	acc_state *st = NULL;
	const acc_clause *cl;
	adoption *adopt = NULL;
	spans cur = {0}, tmp = {0};
	char *text = NULL;
	size_t nadopt = 0, i, unknown = (size_t)-1, orig;
	int rc;

	*out = NULL;
	if ((rc = acc_id_check(clause, "clause")) < 0)
		return rc;
	if (!(b = acc_calloc(1, sizeof(*b))))
		return ACC_ENOMEM;
	if ((rc = acc_ops_state(&st, b->revision, c, rev)) < 0)
		goto done;
	if (!(cl = acc_state_clause(st, clause))) {
		rc = acc_error_set(ACC_ENOTFOUND, "no clause '%s' at %.12s", clause, b->revision);
		goto done;
	}
	memcpy(b->number, cl->number, sizeof(b->number));
	b->container = cl->container;
	snprintf(b->word, sizeof(b->word), "%s", cl->word[0] ? cl->word : acc_form_word(NULL, cl));
	if (!(b->clause = acc_strdup(clause)) || !(b->text = acc_strdup(cl->text)) ||
	    !(b->heading = acc_strdup(cl->heading))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = add_origin(b, &orig, ACC_ORIGIN_ORIGINAL)) < 0 ||
	    (rc = find_adoptions(&adopt, &nadopt, c, st, clause)) < 0)
		goto done;
	b->adoptions = nadopt;
	for (i = 0; i < nadopt; i++) {
		acc_commit_info ci;
		char *before = NULL, *after = NULL;

		memset(&ci, 0, sizeof(ci));
		if ((rc = acc_store_commit_info(&ci, acc_ctx_store(c), adopt[i].close)) < 0)
			goto done;
		if ((rc = clause_text_at(&before, acc_ctx_store(c), ci.parent, clause)) == 0)
			rc = clause_text_at(&after, acc_ctx_store(c), adopt[i].close, clause);
		if (rc == 0 && i == 0 && before) {
			/* what stood before the first adoption is the original text */
			text = acc_strdup(before);
			rc = text ? spans_add(&cur, 0, strlen(before), orig) : ACC_ENOMEM;
		} else if (rc == 0) {
			rc = unknown_step(b, &cur, &tmp, text, before, &unknown);
		}
		if (rc == 0)
			rc = adoption_step(b, c, st, &adopt[i], &cur, &tmp, before, after, ci.time);
		free(text);
		text = after;
		after = NULL;
		free(before);
		acc_commit_info_clear(&ci);
		if (rc < 0)
			goto done;
	}
	if (!nadopt)
		rc = spans_add(&cur, 0, strlen(cl->text), orig);
	else
		rc = unknown_step(b, &cur, &tmp, text, cl->text, &unknown);
	if (rc < 0)
		goto done;
	settle_blanks(&cur, b->text);
	b->runs = cur.v;
	b->nruns = cur.n;
	cur.v = NULL;
	*out = b;
	b = NULL;
done:
	free(text);
	free(cur.v);
	free(tmp.v);
	free(adopt);
	acc_state_free(st);
	acc_blame_free(b);
	return rc;
}

void acc_blame_free(acc_blame *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->norigins; i++) {
		free(b->origins[i].amendment);
		free(b->origins[i].sponsor);
		free(b->origins[i].via);
		acc_strlist_free(&b->origins[i].cosponsors);
	}
	free(b->origins);
	free(b->runs);
	free(b->clause);
	free(b->heading);
	free(b->text);
	free(b);
}
