/*
 * textdiff: word-level diff of clause text.
 *
 * Both texts are cut into tokens (tokens.c), every token is interned to
 * an integer id (equal bytes, equal id) so the diff compares integers,
 * Myers' linear-space algorithm marks the tokens it deletes from the old
 * text and inserts into the new one, and the marks are turned into runs.
 *
 * Decisions beyond the header:
 *  - Cost bound.  Each search for a middle snake may spend mxcost =
 *    max(256, sqrt(tokens)) rounds of edits in each direction.  Past it,
 *    the furthest-reaching points are looked at: when one direction made
 *    good progress (at least 4 tokens per edit: the texts are alike but
 *    far apart) the box is split at that point, as xdiff does; otherwise
 *    (texts mostly different) the explored ends of the box are reported as
 *    delete + insert and the search continues on the middle only.  A total
 *    work budget (WORK_PER_TOKEN per token plus WORK_MIN) is a backstop
 *    for repetitive input: once spent, every remaining box is reported as
 *    delete + insert.  Below the cap the result is minimal.
 *  - Two steps for long texts.  Whitespace tokens are about half of every
 *    text, and a search's cost grows with the tokens it walks, so texts of
 *    more than TWO_STEP_MIN tokens together are diffed as git's word diff
 *    does, on their words and punctuation only; between each two words
 *    that step left unchanged every word is changed, and so is the
 *    whitespace there but what the two texts share at the gap's ends.  A
 *    rewritten 100 KB clause takes half the time.  Shorter texts keep
 *    the one-step diff, minimal below the cost bound.
 *  - Two heuristics of the long texts' word step.  A word found in one
 *    text only is changed wherever it stands, so each run of such words
 *    is searched as one placeholder that matches nothing (LONE_A, LONE_B):
 *    a minimal diff stays minimal, and one placeholder per run (rather
 *    than dropping the words, as xdiff does) keeps where the change was,
 *    so a word replaced beside its own double is still that word.  And a
 *    search probes after PROBE_COST rounds: when neither direction went
 *    UNRELATED_RATIO tokens per edit (only chance matches such as "the"
 *    and "of": the texts there are unrelated) it cuts the explored ends
 *    at once, as it would after mxcost rounds, instead of spending
 *    mxcost^2 work for the same cut.  A search making progress goes on
 *    as before.  A rewritten 100 KB clause so takes a quarter of the time
 *    (3 ms, against git's 11 ms for the whole process), its diff one
 *    replacement with a little fewer chance matches kept equal; texts
 *    with a few scattered edits come out the same, densely edited ones
 *    within a few changed tokens in ten thousand.
 *  - Whitespace absorption merges two change regions separated only by
 *    whitespace when the merged region both deletes and inserts something
 *    besides that whitespace; two plain deletions ("[-a-] [-b-]") or two
 *    plain insertions are left apart, so no whitespace-only delete or
 *    insert is made up.  Absorbed whitespace counts in deleted_bytes,
 *    inserted_bytes and changed_tokens (they describe the runs).
 *  - On failure *out is left empty (and may be passed to acc_diff_free).
 */
#include "accord/textdiff.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accord/util.h"
#include "internal.h"

/* The least number of edit rounds per search before the heuristics. */
#define MXCOST_MIN 256
/* Progress (tokens advanced per edit) above which a costly box is alike. */
#define ALIKE_RATIO 4
/* The rounds after which a search of the two-step diff may cut early, and
 * the progress (tokens per edit) below which it does: chance matches. */
#ifndef PROBE_COST
#define PROBE_COST 32
#endif
#define UNRELATED_RATIO 2
/* The work budget: per token of both texts, plus a constant. */
#define WORK_PER_TOKEN 64
#define WORK_MIN       ((size_t)1 << 22)
/* Placeholder ids for a run of words found in the old text only, and in
 * the new one only (interned ids stay below them). */
#define LONE_A (UINT32_MAX - 1)
#define LONE_B UINT32_MAX

/* Pointer to the first byte of token i of t. */
static const char *tok_ptr(const tokseq *t, size_t i)
{
	return t->text + t->start[i];
}

/* Length in bytes of token i of t. */
static size_t tok_len(const tokseq *t, size_t i)
{
	return t->start[i + 1] - t->start[i];
}

/* A hash of the len bytes at p, eight at a time, then a 64-bit finaliser
 * so the low bits used by the table depend on every byte. */
static uint64_t hash_bytes(const char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u ^ len, w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (w = 0; len > 0; len--)
		w = (w << 8) | (unsigned char)p[len - 1];
	h = (h ^ w) * 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/* Whether the len bytes at p and q are equal (tokens are short: no call). */
static int same_bytes(const char *p, const char *q, size_t len)
{
	while (len > 0 && *p == *q)
		p++, q++, len--;
	return len == 0;
}

/* One slot of the interning table; len 0 marks an empty slot (tokens are
 * never empty). */
typedef struct {
	const char *p;
	size_t len;
	uint64_t hash;
	uint32_t id;
} slot;

/* Moves the slots of *table (*cap of them, a power of two) into a table
 * twice as large.  Returns 0 or ACC_ENOMEM (the table unchanged). */
static int intern_grow(slot **table, size_t *cap)
{
	size_t ncap = 2 * *cap, i, j;
	slot *t = acc_calloc(ncap, sizeof(*t));

	if (!t)
		return ACC_ENOMEM;
	for (i = 0; i < *cap; i++)
		if ((*table)[i].len) {
			for (j = (size_t)(*table)[i].hash & (ncap - 1); t[j].len;
			     j = (j + 1) & (ncap - 1))
				;
			t[j] = (*table)[i];
		}
	free(*table);
	*table = t;
	*cap = ncap;
	return 0;
}

/* Gives every token of a and b an id such that two tokens have the same id
 * exactly when their bytes are equal.  The table grows with the distinct
 * tokens (a few thousand in a long clause), not with the text: a table
 * sized for every token would be megabytes of pages touched at random.
 * Returns 0 or ACC_ENOMEM. */
static int intern(tokseq *a, tokseq *b)
{
	tokseq *seqs[2] = {a, b};
	size_t cap = 1024, s, k, i;
	uint32_t next_id = 0;
	slot *table;

	if (a->n + b->n >= LONE_A) /* ids are 32 bits: half the memory traffic */
		return acc_error_set(ACC_ENOMEM, "text too large to diff");
	if (!(table = acc_calloc(cap, sizeof(*table))))
		return ACC_ENOMEM;
	for (s = 0; s < 2; s++) {
		tokseq *t = seqs[s];

		for (k = 0; k < t->n; k++) {
			const char *p = tok_ptr(t, k);
			size_t len = tok_len(t, k);
			uint64_t h = hash_bytes(p, len);

			for (i = (size_t)h & (cap - 1); table[i].len; i = (i + 1) & (cap - 1))
				if (table[i].hash == h && table[i].len == len &&
				    same_bytes(table[i].p, p, len))
					break;
			if (!table[i].len) {
				if (2 * ((size_t)next_id + 1) > cap) { /* at most half full */
					if (intern_grow(&table, &cap) < 0) {
						free(table);
						return ACC_ENOMEM;
					}
					for (i = (size_t)h & (cap - 1); table[i].len;
					     i = (i + 1) & (cap - 1))
						;
				}
				table[i].p = p;
				table[i].len = len;
				table[i].hash = h;
				table[i].id = next_id++;
			}
			t->id[k] = table[i].id;
		}
	}
	free(table);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Myers' algorithm */

/* "No point reached" on a forward diagonal (x is never negative). */
#define NONE_F ((ptrdiff_t)-1)
/* "No point reached" on a backward diagonal. */
#define NONE_B PTRDIFF_MAX

/* The state of one diff: token ids, change marks and the diagonal vectors. */
typedef struct {
	const uint32_t *ha, *hb; /* ids of the old and new tokens */
	unsigned char *ca, *cb;	 /* change marks of the old and new tokens */
	ptrdiff_t *kf, *kb;	 /* furthest x per diagonal k = x - y, forward and
				    backward; valid for k in [-nb - 1, na + 1] */
	ptrdiff_t mxcost;	 /* edit rounds per search before the heuristics */
	ptrdiff_t probe;	 /* rounds after which a search cuts unrelated ends
				    (0: never) */
	size_t work, budget;	 /* work done (diagonals and token compares), allowed */
} myers;

/* What find_split decided about a box. */
typedef enum {
	SPLIT_AT,  /* diff [off, (x1, y1)) and [(x1, y1), lim) separately */
	SPLIT_CUT, /* [off, (x1, y1)) and [(x2, y2), lim) are replaced wholesale */
	SPLIT_ALL, /* the budget is spent: replace the whole box */
} split_kind;

/* A decision of find_split, with its points. */
typedef struct {
	split_kind kind;
	ptrdiff_t x1, y1, x2, y2;
} split;

/* After ec rounds without meeting, chooses between a heuristic split at
 * the furthest-reaching point (texts alike) and a cut of both explored ends
 * (texts mostly different).  fmin..fmax and bmin..bmax are the diagonals of
 * the last round.  At the probe (ec < mxcost) it decides only to cut, when
 * neither direction got past chance matches; returns 0 when it did not
 * decide. */
static int split_heuristic(split *sp, const myers *m, ptrdiff_t ec, ptrdiff_t off1, ptrdiff_t lim1,
			   ptrdiff_t off2, ptrdiff_t lim2, ptrdiff_t fmin, ptrdiff_t fmax,
			   ptrdiff_t bmin, ptrdiff_t bmax)
{
	ptrdiff_t d, fx = NONE_F, fd = 0, bx = NONE_B, bd = 0, pf = 0, pb = 0;

	for (d = fmax; d >= fmin; d -= 2)
		if (m->kf[d] != NONE_F && (fx == NONE_F || 2 * m->kf[d] - d > 2 * fx - fd))
			fx = m->kf[d], fd = d;
	for (d = bmax; d >= bmin; d -= 2)
		if (m->kb[d] != NONE_B && (bx == NONE_B || 2 * m->kb[d] - d < 2 * bx - bd))
			bx = m->kb[d], bd = d;
	if (fx == NONE_F || bx == NONE_B) {
		sp->kind = SPLIT_ALL;
		return 1;
	}
	pf = 2 * fx - fd - (off1 + off2);
	pb = lim1 + lim2 - (2 * bx - bd);
	if (ec < m->mxcost) {
		if (pf >= UNRELATED_RATIO * ec || pb >= UNRELATED_RATIO * ec)
			return 0;
	} else if (pf >= ALIKE_RATIO * ec || pb >= ALIKE_RATIO * ec) {
		sp->kind = SPLIT_AT;
		if (pf >= pb)
			sp->x1 = fx, sp->y1 = fx - fd;
		else
			sp->x1 = bx, sp->y1 = bx - bd;
		return 1;
	}
	sp->kind = SPLIT_CUT;
	sp->x1 = fx, sp->y1 = fx - fd;
	sp->x2 = bx, sp->y2 = bx - bd;
	return 1;
}

/* Finds where to split the box a[off1, lim1) x b[off2, lim2): the middle
 * snake while the cost stays under mxcost, else a heuristic decision.
 * Assumes the box is not empty on either side and that its first and last
 * tokens differ (common prefix and suffix stripped). */
static void find_split(split *sp, myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2,
		       ptrdiff_t lim2)
{
	ptrdiff_t *kf = m->kf, *kb = m->kb;
	const uint32_t *ha = m->ha, *hb = m->hb;
	const ptrdiff_t dmin = off1 - lim2, dmax = lim1 - off2;
	const ptrdiff_t fmid = off1 - off2, bmid = lim1 - lim2;
	const int odd = (fmid - bmid) % 2 != 0;
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	ptrdiff_t ec, d, x, y, from;
	size_t work = m->work; /* a local: the stores to kf and kb may not alias it */

	kf[fmid] = off1;
	kb[bmid] = lim1;
	for (ec = 1;; ec++) {
		/* Forward: extend the range of diagonals, with sentinels outside. */
		if (fmin > dmin)
			kf[--fmin - 1] = NONE_F;
		else
			++fmin;
		if (fmax < dmax)
			kf[++fmax + 1] = NONE_F;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			/* From d - 1 by deleting a[x], from d + 1 by inserting b[y]. */
			x = NONE_F;
			from = kf[d - 1];
			if (from != NONE_F && from < lim1)
				x = from + 1;
			from = kf[d + 1];
			if (from != NONE_F && from - (d + 1) < lim2 && from >= x)
				x = from;
			kf[d] = x;
			work++;
			if (x == NONE_F)
				continue;
			y = x - d;
			while (x < lim1 && y < lim2 && ha[x] == hb[y])
				x++, y++, work++;
			kf[d] = x;
			if (odd && bmin <= d && d <= bmax && kb[d] != NONE_B && kb[d] <= x) {
				sp->kind = SPLIT_AT;
				sp->x1 = x, sp->y1 = y;
				m->work = work;
				return;
			}
		}

		/* Backward, the mirror image. */
		if (bmin > dmin)
			kb[--bmin - 1] = NONE_B;
		else
			++bmin;
		if (bmax < dmax)
			kb[++bmax + 1] = NONE_B;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			/* From d + 1 by deleting a[x - 1], from d - 1 by inserting
			 * b[y - 1]. */
			x = NONE_B;
			from = kb[d + 1];
			if (from != NONE_B && from > off1)
				x = from - 1;
			from = kb[d - 1];
			if (from != NONE_B && from - (d - 1) > off2 && from <= x)
				x = from;
			kb[d] = x;
			work++;
			if (x == NONE_B)
				continue;
			y = x - d;
			while (x > off1 && y > off2 && ha[x - 1] == hb[y - 1])
				x--, y--, work++;
			kb[d] = x;
			if (!odd && fmin <= d && d <= fmax && kf[d] != NONE_F && kf[d] >= x) {
				sp->kind = SPLIT_AT;
				sp->x1 = x, sp->y1 = y;
				m->work = work;
				return;
			}
		}

		m->work = work;
		if (work > m->budget) {
			sp->kind = SPLIT_ALL;
			return;
		}
		if ((ec >= m->mxcost || ec == m->probe) &&
		    split_heuristic(sp, m, ec, off1, lim1, off2, lim2, fmin, fmax, bmin, bmax))
			return;
	}
}

/* Marks marks[from, to) as changed. */
static void mark(unsigned char *marks, ptrdiff_t from, ptrdiff_t to)
{
	if (to > from)
		memset(marks + from, 1, (size_t)(to - from));
}

/* Marks the changes that turn a[off1, lim1) into b[off2, lim2).  Recurses
 * into the smaller half of each split and loops on the larger, so the
 * depth stays logarithmic. */
static void diff_box(myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2)
{
	split sp;

	for (;;) {
		while (off1 < lim1 && off2 < lim2 && m->ha[off1] == m->hb[off2])
			off1++, off2++, m->work++;
		while (off1 < lim1 && off2 < lim2 && m->ha[lim1 - 1] == m->hb[lim2 - 1])
			lim1--, lim2--, m->work++;
		if (off1 == lim1 || off2 == lim2 || m->work > m->budget)
			break;
		find_split(&sp, m, off1, lim1, off2, lim2);
		if (sp.kind == SPLIT_CUT) {
			mark(m->ca, off1, sp.x1);
			mark(m->cb, off2, sp.y1);
			off1 = sp.x1, off2 = sp.y1;
			if (sp.x2 >= off1 && sp.y2 >= off2) {
				mark(m->ca, sp.x2, lim1);
				mark(m->cb, sp.y2, lim2);
				lim1 = sp.x2, lim2 = sp.y2;
			}
			continue;
		}
		/* A split must leave two smaller boxes; anything else (never
		 * expected) is treated like a spent budget. */
		if (sp.kind != SPLIT_AT || sp.x1 + sp.y1 <= off1 + off2 ||
		    sp.x1 + sp.y1 >= lim1 + lim2)
			break;
		if ((sp.x1 - off1) + (sp.y1 - off2) <= (lim1 - sp.x1) + (lim2 - sp.y1)) {
			diff_box(m, off1, sp.x1, off2, sp.y1);
			off1 = sp.x1, off2 = sp.y1;
		} else {
			diff_box(m, sp.x1, lim1, sp.y1, lim2);
			lim1 = sp.x1, lim2 = sp.y1;
		}
	}
	mark(m->ca, off1, lim1);
	mark(m->cb, off2, lim2);
}

/* The integer square root of n, rounded down. */
static size_t isqrt(size_t n)
{
	size_t r = 0, bit = (size_t)1 << (sizeof(size_t) * 4 - 1);

	for (; bit; bit >>= 1)
		if ((r + bit) * (r + bit) <= n)
			r += bit;
	return r;
}

/* Texts with more tokens than this, together, are diffed in two steps
 * (see the decisions above). */
#define TWO_STEP_MIN 4096

/* Marks the tokens of a[off1, lim1) and b[off2, lim2) changed but for
 * their common first and last tokens: the gap between two matched words
 * of the two-step diff, where every word is changed and only whitespace
 * can still be equal. */
static void mark_gap(myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2)
{
	while (off1 < lim1 && off2 < lim2 && m->ha[off1] == m->hb[off2])
		off1++, off2++;
	while (off1 < lim1 && off2 < lim2 && m->ha[lim1 - 1] == m->hb[lim2 - 1])
		lim1--, lim2--;
	mark(m->ca, off1, lim1);
	mark(m->cb, off2, lim2);
}

/* Fills x (token index) and id with the words (not whitespace) of t, a
 * run of words whose seen bit other is clear being one entry of id lone.
 * Returns the number of entries. */
static size_t keep_words(size_t *x, uint32_t *id, const tokseq *t, const unsigned char *seen,
			 unsigned char other, uint32_t lone)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++) {
		uint32_t v = t->id[i];

		if (t->cls[i] == ACC_TOK_SPACE)
			continue;
		if (!(seen[v] & other)) {
			if (n > 0 && id[n - 1] == lone)
				continue;
			v = lone;
		}
		x[n] = i, id[n++] = v;
	}
	return n;
}

/* The two-step diff of a and b with m set up for their whole token
 * sequences (kf and kb as in mark_changes): the sequences of their
 * non-whitespace tokens first, then the gaps between the words that step
 * matched (mark_gap).  Returns 0 or ACC_ENOMEM. */
static int mark_two_step(myers *m, tokseq *a, tokseq *b, ptrdiff_t *kf, ptrdiff_t *kb)
{
	size_t *xa, *xb, na = 0, nb = 0, i, j;
	uint32_t *ida, *idb;
	unsigned char *ca, *cb, *seen;
	ptrdiff_t pa = 0, pb = 0;
	myers w;

	xa = acc_calloc(a->n + 1, sizeof(*xa));
	xb = acc_calloc(b->n + 1, sizeof(*xb));
	ida = acc_calloc(a->n + 1, sizeof(*ida));
	idb = acc_calloc(b->n + 1, sizeof(*idb));
	ca = acc_calloc(a->n + 1, 1);
	cb = acc_calloc(b->n + 1, 1);
	seen = acc_calloc(a->n + b->n + 1, 1); /* ids are below a->n + b->n */
	if (!xa || !xb || !ida || !idb || !ca || !cb || !seen) {
		free(xa), free(xb), free(ida), free(idb), free(ca), free(cb), free(seen);
		return ACC_ENOMEM;
	}
	/* which texts each word occurs in: a word of one text only is changed
	 * wherever it stands, so each run of them is one placeholder that
	 * matches nothing (the search is shorter, the places stay) */
	for (i = 0; i < a->n; i++)
		seen[a->id[i]] |= 1;
	for (i = 0; i < b->n; i++)
		seen[b->id[i]] |= 2;
	na = keep_words(xa, ida, a, seen, 2, LONE_A);
	nb = keep_words(xb, idb, b, seen, 1, LONE_B);
	free(seen);
	w = *m;
	w.ha = ida, w.hb = idb, w.ca = ca, w.cb = cb;
	w.kf = kf + nb + 1, w.kb = kb + nb + 1;
	w.mxcost = (ptrdiff_t)isqrt(na + nb);
	if (w.mxcost < MXCOST_MIN)
		w.mxcost = MXCOST_MIN;
	w.probe = PROBE_COST;
	diff_box(&w, 0, (ptrdiff_t)na, 0, (ptrdiff_t)nb);
	m->work = w.work;
	/* the words left unchanged pair in order; diff what lies between */
	for (i = 0, j = 0;; i++, j++) {
		while (i < na && ca[i])
			i++;
		while (j < nb && cb[j])
			j++;
		if (i == na || j == nb)
			break;
		mark_gap(m, pa, (ptrdiff_t)xa[i], pb, (ptrdiff_t)xb[j]);
		pa = (ptrdiff_t)xa[i] + 1, pb = (ptrdiff_t)xb[j] + 1;
	}
	mark_gap(m, pa, (ptrdiff_t)a->n, pb, (ptrdiff_t)b->n);
	free(xa), free(xb), free(ida), free(idb), free(ca), free(cb);
	return 0;
}

/* Marks the changed tokens of a and b (their chg arrays).  Returns 0 or
 * ACC_ENOMEM. */
static int mark_changes(tokseq *a, tokseq *b)
{
	myers m = {0};
	ptrdiff_t *kf = NULL, *kb = NULL;
	size_t total = a->n + b->n, slots;

	if (total > (size_t)(PTRDIFF_MAX / 4) / sizeof(ptrdiff_t))
		return acc_error_set(ACC_ENOMEM, "text too large to diff");
	slots = total + 3;
	kf = acc_calloc(slots, sizeof(*kf));
	kb = acc_calloc(slots, sizeof(*kb));
	if (!kf || !kb) {
		free(kf);
		free(kb);
		return ACC_ENOMEM;
	}
	m.ha = a->id;
	m.hb = b->id;
	m.ca = a->chg;
	m.cb = b->chg;
	m.kf = kf + b->n + 1;
	m.kb = kb + b->n + 1;
	m.mxcost = (ptrdiff_t)isqrt(total);
	if (m.mxcost < MXCOST_MIN)
		m.mxcost = MXCOST_MIN;
	m.budget =
	    WORK_MIN + (total > (SIZE_MAX - WORK_MIN) / WORK_PER_TOKEN ? SIZE_MAX - WORK_MIN
								       : total * WORK_PER_TOKEN);
	if (total > TWO_STEP_MIN) {
		int rc = mark_two_step(&m, a, b, kf, kb);

		free(kf);
		free(kb);
		return rc;
	}
	diff_box(&m, 0, (ptrdiff_t)a->n, 0, (ptrdiff_t)b->n);
	free(kf);
	free(kb);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Runs */

/* A change region: old tokens [a0, a1) replaced by new tokens [b0, b1). */
typedef struct {
	size_t a0, a1, b0, b1;
} hunk;

/* Collects the change regions of the marks of a and b into hunks (room for
 * min(a->n, b->n) + 1) and returns their number.  Between two regions lies
 * at least one unchanged token. */
static size_t collect_hunks(hunk *hunks, const tokseq *a, const tokseq *b)
{
	size_t i = 0, j = 0, n = 0;
	hunk h;

	while (i < a->n || j < b->n) {
		if (i < a->n && j < b->n && !a->chg[i] && !b->chg[j]) {
			assert(a->id[i] == b->id[j]);
			i++, j++;
			continue;
		}
		h.a0 = i, h.b0 = j;
		while (i < a->n && a->chg[i])
			i++;
		while (j < b->n && b->chg[j])
			j++;
		if (i == h.a0 && j == h.b0) {
			/* Unpaired unchanged tokens: impossible with a valid
			 * script; keep the output true to both texts anyway. */
			assert(0);
			i = a->n, j = b->n;
		}
		h.a1 = i, h.b1 = j;
		hunks[n++] = h;
	}
	return n;
}

/* Whether old tokens [from, to) are all whitespace; from < to. */
static int all_space(const tokseq *a, size_t from, size_t to)
{
	for (; from < to; from++)
		if (a->cls[from] != ACC_TOK_SPACE)
			return 0;
	return 1;
}

/* Merges, in place, neighbouring hunks separated only by whitespace when
 * the result deletes and inserts something; returns the new count. */
static size_t absorb_space(hunk *hunks, size_t n, const tokseq *a)
{
	size_t i, k = 0;

	if (n == 0)
		return 0;
	for (i = 1; i < n; i++) {
		hunk *cur = &hunks[k], *nx = &hunks[i];
		int del = cur->a1 > cur->a0 || nx->a1 > nx->a0;
		int ins = cur->b1 > cur->b0 || nx->b1 > nx->b0;

		if (del && ins && all_space(a, cur->a1, nx->a0)) {
			cur->a1 = nx->a1;
			cur->b1 = nx->b1;
		} else {
			hunks[++k] = *nx;
		}
	}
	return k + 1;
}

/* Appends a run of tokens [from, to) of t to d (room was reserved). */
static void add_run(acc_diff *d, acc_diff_op op, const tokseq *t, size_t from, size_t to)
{
	acc_diff_run *r;

	if (to <= from)
		return;
	r = &d->runs[d->count++];
	r->op = op;
	r->text = tok_ptr(t, from);
	r->len = t->start[to] - t->start[from];
	if (op == ACC_DIFF_DELETE) {
		d->deleted_bytes += r->len;
		d->changed_tokens += to - from;
	} else if (op == ACC_DIFF_INSERT) {
		d->inserted_bytes += r->len;
		d->changed_tokens += to - from;
	}
}

/* Turns the marks of a and b into the runs of out.  Returns 0 or
 * ACC_ENOMEM. */
static int build_runs(acc_diff *out, const tokseq *a, const tokseq *b)
{
	hunk *hunks;
	size_t n, i, pos = 0, room;

	hunks = acc_calloc((a->n < b->n ? a->n : b->n) + 1, sizeof(*hunks));
	if (!hunks)
		return ACC_ENOMEM;
	n = collect_hunks(hunks, a, b);
	n = absorb_space(hunks, n, a);
	room = 3 * n + 1;
	if (!(out->runs = acc_calloc(room, sizeof(*out->runs)))) {
		free(hunks);
		return ACC_ENOMEM;
	}
	out->alloc = room;
	for (i = 0; i < n; i++) {
		add_run(out, ACC_DIFF_EQUAL, a, pos, hunks[i].a0);
		add_run(out, ACC_DIFF_DELETE, a, hunks[i].a0, hunks[i].a1);
		add_run(out, ACC_DIFF_INSERT, b, hunks[i].b0, hunks[i].b1);
		pos = hunks[i].a1;
	}
	add_run(out, ACC_DIFF_EQUAL, a, pos, a->n);
	free(hunks);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Public functions */

int acc_textdiff(acc_diff *out, const char *a, size_t alen, const char *b, size_t blen)
{
	tokseq ta = {0}, tb = {0};
	int rc;

	assert(out && (a || !alen) && (b || !blen));
	memset(out, 0, sizeof(*out));
	if ((rc = acc_text_tokseq_init(&ta, a, alen)) < 0 ||
	    (rc = acc_text_tokseq_init(&tb, b, blen)) < 0 || (rc = intern(&ta, &tb)) < 0 ||
	    (rc = mark_changes(&ta, &tb)) < 0 || (rc = build_runs(out, &ta, &tb)) < 0)
		acc_diff_free(out);
	acc_text_tokseq_free(&ta);
	acc_text_tokseq_free(&tb);
	return rc;
}

void acc_diff_free(acc_diff *d)
{
	if (!d)
		return;
	free(d->runs);
	memset(d, 0, sizeof(*d));
}

/* Concatenates the runs of d whose op is EQUAL or other into a malloc'd
 * string.  Returns 0 or ACC_ENOMEM. */
static int concat_runs(char **out, size_t *len, const acc_diff *d, acc_diff_op other)
{
	acc_buf buf = ACC_BUF_INIT;
	size_t i, total = 0;
	int rc = 0;

	assert(out && d);
	*out = NULL;
	for (i = 0; i < d->count; i++)
		if (d->runs[i].op == ACC_DIFF_EQUAL || d->runs[i].op == other)
			total += d->runs[i].len;
	if ((rc = acc_buf_grow(&buf, total)) < 0)
		goto cleanup;
	for (i = 0; i < d->count; i++)
		if (d->runs[i].op == ACC_DIFF_EQUAL || d->runs[i].op == other)
			if ((rc = acc_buf_put(&buf, d->runs[i].text, d->runs[i].len)) < 0)
				goto cleanup;
	if (!(*out = acc_buf_detach(&buf)))
		rc = ACC_ENOMEM;
	else if (len)
		*len = total;
cleanup:
	acc_buf_free(&buf);
	return rc;
}

int acc_diff_apply(char **out, size_t *len, const acc_diff *d)
{
	return concat_runs(out, len, d, ACC_DIFF_INSERT);
}

int acc_diff_old(char **out, size_t *len, const acc_diff *d)
{
	return concat_runs(out, len, d, ACC_DIFF_DELETE);
}
