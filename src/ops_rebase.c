/*
 * ops_rebase: the word-level three-way merge and the rebase action.
 *
 * Decision (see history.h): a stale amendment is merged onto the new text
 * word by word, with our own three-way merge over acc_textdiff, not with
 * git_merge_file (acc_store_merge3).  git's merge works on lines, and a
 * clause paragraph is one line, so two amendments to different words of
 * one paragraph would always conflict; drafters call edits overlapping
 * only when they touch the same words.  The merge stays conservative:
 * changes that touch or abut (no unchanged token between them) conflict
 * unless both sides made the same change.
 */
#include "accord/history.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/textdiff.h"
#include "ops_internal.h"

/* ---- the merge ------------------------------------------------------------ */

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

/* ---- the rebase action -------------------------------------------------------- */

typedef struct {
	const char *id;
	char *conflict; /* the text with markers, when the merge failed */
} rebase_args;

/* Builds the rebase of a stale amendment. */
static int build_rebase(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			const acc_delegate *del, void *arg)
{
	rebase_args *ra = arg;
	const acc_amendment *a = acc_state_amendment(st, ra->id), *parent = NULL;
	const acc_clause *cl = NULL;
	const char *newbase, *target;
	acc_record *r = NULL;
	char *merged = NULL, *body = NULL, *dir = NULL, *path = NULL;
	int conflict = 0, rc;

	(void)del;
	if (!a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", ra->id);
	if (acc_ratified(st))
		return REFUSE("the convention is ratified: its text is final");
	if (strcmp(a->sponsor, org->id) != 0)
		return REFUSE("only its sponsor (%s) may rebase %s", a->sponsor, a->id);
	if (a->status != ACC_ST_STALE) {
		if (a->status == ACC_ST_TABLED)
			return REFUSE("%s is up to date with the text it amends: nothing to rebase",
				      a->id);
		return REFUSE("%s is %s: only a stale amendment is rebased", a->id,
			      acc_status_name(a->status));
	}
	if (a->amends) {
		if (!(parent = acc_state_amendment(st, a->amends)))
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", a->amends);
		newbase = parent->blob;
	} else {
		if (!(cl = acc_state_clause(st, a->clause)))
			return REFUSE("clause %s no longer exists", a->clause);
		newbase = cl->blob;
	}
	target = acc_ops_target_text(st, a);
	if ((rc = acc_history_rebased_text(&merged, &conflict, c->store, st, a)) < 0)
		goto done;
	if (conflict) {
		free(ra->conflict);
		ra->conflict = merged;
		merged = NULL;
		if (parent)
			rc = acc_error_set(ACC_ERROR,
					   "cannot rebase %s: its changes overlap the current text "
					   "of %s",
					   a->id, parent->id);
		else
			rc = acc_error_set(ACC_ERROR,
					   "cannot rebase %s: its changes overlap the adopted text",
					   a->id);
		goto done;
	}
	if (a->op != ACC_OP_DELETE) {
		if ((rc = acc_record_normalize_body(&body, merged, strlen(merged),
						    "rebased text")) < 0)
			goto done;
		if (!body[0] || strcmp(body, target) == 0) {
			rc = REFUSE("cannot rebase %s: the current text already makes its changes "
				    "(withdraw it instead)",
				    a->id);
			goto done;
		}
	}
	if ((rc = acc_amendment_record(&r, a, st)) < 0 ||
	    (rc = acc_record_set(r, "Base", newbase)) < 0)
		goto done;
	if (body && (rc = acc_record_set_body(r, body, strlen(body))) < 0)
		goto done;
	if (!(dir = acc_path_amendment_dir(a->sponsor, a->seq)) ||
	    !(path = acc_sprintf("%s/amendment", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if (parent)
		rc = acc_buf_printf(&act->msg, "Rebase %s onto the current text of %s (by %s)\n",
				    a->id, parent->id, org->id);
	else
		rc = acc_buf_printf(&act->msg,
				    "Rebase %s onto the current text of clause %s (by %s)\n", a->id,
				    a->clause, org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, "rebase", org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg,
				    "Accord-Amendment: %s\nAccord-Clause: %s\nAccord-Base: %s\n",
				    a->id, a->clause, newbase);
done:
	acc_record_free(r);
	free(merged);
	free(body);
	free(dir);
	free(path);
	return rc;
}

int acc_ops_rebase(acc_oid_hex commit, char **conflict, acc_ctx *c, const char *id)
{
	rebase_args ra = {id, NULL};
	acc_action act = {0};
	int rc;

	if (conflict)
		*conflict = NULL;
	if ((rc = acc_id_check(id, "amendment")) < 0)
		return rc;
	rc = acc_action_run(commit, &act, c, build_rebase, &ra);
	acc_action_reset(&act);
	if (rc < 0 && conflict && ra.conflict) {
		*conflict = ra.conflict;
		ra.conflict = NULL;
	}
	free(ra.conflict);
	return rc;
}

/* ---- replay (for verification and sync) ------------------------------------ */

/*
 * Rebuilds the rebase a commit claims to be: the same action against the
 * state before it.  A rebase has no other argument than its amendment: the
 * merged text is determined by that state, so a commit whose text differs
 * from the merge (words slipped in under the co-sponsors' names) is caught
 * when the caller compares the changes.
 */
int acc_replay_rebase(acc_action *act, acc_ctx *c, const acc_state *before, const acc_state *after,
		      const acc_org *org, const acc_delegate *del, const char *amendment)
{
	rebase_args ra = {amendment, NULL};
	int rc;

	(void)after;
	if (!amendment)
		return acc_error_set(ACC_EINVAL, "a rebase without Accord-Amendment");
	rc = build_rebase(act, c, before, org, del, &ra);
	free(ra.conflict);
	return rc;
}
