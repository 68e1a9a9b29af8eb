/*
 * merge3: the word-level three-way merge of clause text.
 *
 * Decision: a stale amendment is merged onto the new text word by word,
 * with our own three-way merge over acc_textdiff, not with git_merge_file.
 * git's merge works on lines, and a clause paragraph is one line, so two
 * amendments to different words of one paragraph would always conflict;
 * drafters call edits overlapping only when they touch the same words.
 * The merge stays conservative: changes that touch or abut (no unchanged
 * token between them) conflict unless both sides made the same change.
 */
#include "accord/merge3.h"

#include <stdlib.h>
#include <string.h>

#include "accord/textdiff.h"
#include "accord/util.h"

/* One change of a diff, in base offsets: base[bs, be) becomes ins.  A
 * pure insertion reaches over the blanks around it ([lo, hi)): where it
 * goes among them is the diff's arbitrary choice ("delay{+ and more+} to"
 * or "delay {+and more +}to"), so it must not decide a conflict. */
typedef struct {
	size_t bs, be, lo, hi;
	const char *ins;
	size_t ilen;
} hunk;

/* 1 for the ASCII blanks a clause holds between words. */
static int blank(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/* The changes that turn base into x, in order of base offset. */
static int hunks_of(hunk **out, size_t *n, const char *base, size_t blen, const char *x,
		    size_t xlen)
{
	acc_diff d = {0};
	hunk *v = NULL;
	size_t i, k = 0, bo = 0, xo = 0, bs = 0, xs = 0;
	int open = 0, rc;

	*out = NULL;
	*n = 0;
	if ((rc = acc_textdiff(&d, base, blen, x, xlen)) < 0)
		return rc;
	/* at most one hunk per run, plus one */
	if (!(v = acc_calloc(d.count + 1, sizeof(*v)))) {
		acc_diff_free(&d);
		return ACC_ENOMEM;
	}
	for (i = 0; i <= d.count; i++) {
		const acc_diff_run *r = i < d.count ? &d.runs[i] : NULL;

		if ((!r || r->op == ACC_DIFF_EQUAL) && open) {
			v[k].bs = bs;
			v[k].be = bo;
			v[k].ins = x + xs;
			v[k].ilen = xo - xs;
			v[k].lo = bs;
			v[k].hi = bo;
			if (bs == bo) {
				while (v[k].lo > 0 && blank(base[v[k].lo - 1]))
					v[k].lo--;
				while (v[k].hi < blen && blank(base[v[k].hi]))
					v[k].hi++;
			}
			k++;
			open = 0;
		}
		if (!r)
			break;
		if (r->op != ACC_DIFF_EQUAL && !open) {
			open = 1;
			bs = bo;
			xs = xo;
		}
		if (r->op != ACC_DIFF_INSERT)
			bo += r->len;
		if (r->op != ACC_DIFF_DELETE)
			xo += r->len;
	}
	acc_diff_free(&d);
	*out = v;
	*n = k;
	return 0;
}

/* Appends base[cs, ce) with the hunks h[0..n) (all inside it) applied. */
static int apply_hunks(acc_buf *o, const char *base, size_t cs, size_t ce, const hunk *h, size_t n)
{
	size_t i, p = cs;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		rc = acc_buf_put(o, base + p, h[i].bs - p);
		if (rc == 0)
			rc = acc_buf_put(o, h[i].ins, h[i].ilen);
		p = h[i].be;
	}
	if (rc == 0)
		rc = acc_buf_put(o, base + p, ce - p);
	return rc;
}

/* Appends one side of a conflict: a marker line, then text on lines of its
 * own (a newline added when it does not end in one). */
static int put_side(acc_buf *o, const char *marker, const char *text, size_t len)
{
	int rc = acc_buf_printf(o, "%s\n", marker);

	if (rc == 0)
		rc = acc_buf_put(o, text, len);
	if (rc == 0 && len && text[len - 1] != '\n')
		rc = acc_buf_putc(o, '\n');
	return rc;
}

int acc_merge3_words(char **out, int *conflict, const char *base, const char *ours,
		     const char *theirs)
{
	hunk *h1 = NULL, *h2 = NULL;
	size_t n1 = 0, n2 = 0, i = 0, j = 0, pos = 0, blen = strlen(base);
	acc_buf o = ACC_BUF_INIT, a = ACC_BUF_INIT, b = ACC_BUF_INIT;
	int rc;

	*out = NULL;
	*conflict = 0;
	if ((rc = hunks_of(&h1, &n1, base, blen, ours, strlen(ours))) < 0 ||
	    (rc = hunks_of(&h2, &n2, base, blen, theirs, strlen(theirs))) < 0)
		goto done;
	while (rc == 0 && (i < n1 || j < n2)) {
		size_t i0 = i, j0 = j, cs, ce;
		int grew = 1;

		/* a cluster: hunks of either side that overlap or abut */
		if (j >= n2 || (i < n1 && h1[i].lo <= h2[j].lo)) {
			cs = h1[i].lo;
			ce = h1[i].hi;
			i++;
		} else {
			cs = h2[j].lo;
			ce = h2[j].hi;
			j++;
		}
		while (grew) {
			grew = 0;
			if (i < n1 && h1[i].lo <= ce) {
				ce = h1[i].hi > ce ? h1[i].hi : ce;
				i++;
				grew = 1;
			}
			if (j < n2 && h2[j].lo <= ce) {
				ce = h2[j].hi > ce ? h2[j].hi : ce;
				j++;
				grew = 1;
			}
		}
		if (cs < pos)
			cs = pos; /* blanks already copied, reached by an insertion */
		if ((rc = acc_buf_put(&o, base + pos, cs - pos)) < 0)
			break;
		pos = ce;
		if (j == j0) {
			rc = apply_hunks(&o, base, cs, ce, h1 + i0, i - i0);
			continue;
		}
		if (i == i0) {
			rc = apply_hunks(&o, base, cs, ce, h2 + j0, j - j0);
			continue;
		}
		acc_buf_clear(&a);
		acc_buf_clear(&b);
		if ((rc = apply_hunks(&a, base, cs, ce, h1 + i0, i - i0)) < 0 ||
		    (rc = apply_hunks(&b, base, cs, ce, h2 + j0, j - j0)) < 0)
			break;
		if (a.size == b.size && (a.size == 0 || memcmp(a.ptr, b.ptr, a.size) == 0)) {
			/* both sides made the same change */
			rc = acc_buf_put(&o, a.ptr ? a.ptr : "", a.size);
			continue;
		}
		(*conflict)++;
		if (o.size && o.ptr[o.size - 1] != '\n' && (rc = acc_buf_putc(&o, '\n')) < 0)
			break;
		if ((rc = put_side(&o, "<<<<<<< current text", a.ptr ? a.ptr : "", a.size)) < 0 ||
		    (rc = put_side(&o, "||||||| drafted against", base + cs, ce - cs)) < 0 ||
		    (rc = put_side(&o, "=======", b.ptr ? b.ptr : "", b.size)) < 0)
			break;
		rc = acc_buf_puts(&o, ">>>>>>> amendment\n");
	}
	if (rc == 0)
		rc = acc_buf_put(&o, base + pos, blen - pos);
	if (rc == 0)
		rc = (*out = acc_buf_detach(&o)) ? 0 : ACC_ENOMEM;
done:
	if (rc < 0)
		*conflict = 0;
	acc_buf_free(&o);
	acc_buf_free(&a);
	acc_buf_free(&b);
	free(h1);
	free(h2);
	return rc;
}
