/*
 * fuzz_textdiff: the word diff of clause texts (amendment reviews, blame).
 *
 * The first byte is a separator; the rest is cut at its first occurrence
 * into the old and the new text (no separator: all old, empty new).  Any
 * bytes go: textdiff takes invalid UTF-8 and NUL.
 *
 * Invariants: EQUAL + INSERT runs give the new text and EQUAL + DELETE
 * the old one; runs are not empty, point into the text they belong to, are
 * merged by kind (no two neighbours of one kind), a delete comes before an
 * insert at one place; the byte and token totals add up; a text diffed
 * with itself has no change; the tokenizer cuts any text into non-empty
 * tokens that cover it.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/textdiff.h"
#include "fuzz.h"

/* Checks the tokenizer on the n bytes at s; returns the token count. */
static size_t check_tokens(const char *s, size_t n)
{
	size_t pos = 0, count = 0;

	while (pos < n) {
		acc_tok_class cls = (acc_tok_class)99;
		size_t l = acc_token_next(s + pos, n - pos, &cls);

		FUZZ_CHECK(l >= 1 && l <= n - pos);
		FUZZ_CHECK(cls <= ACC_TOK_INVALID);
		if (cls == ACC_TOK_INVALID || cls == ACC_TOK_PUNCT)
			FUZZ_CHECK(l <= 4);
		pos += l;
		count++;
	}
	return count;
}

/* Whether the len bytes at p lie inside the n bytes at base. */
static int inside(const char *p, size_t len, const char *base, size_t n)
{
	return len <= n && p >= base && (size_t)(p - base) <= n - len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a, *b, *sep;
	size_t alen, blen, i, del = 0, ins = 0, ntok;
	acc_diff d, same;
	char *na = NULL, *oa = NULL;
	size_t nl = 0, ol = 0;

	if (size < 1)
		return 0;
	a = (const char *)data + 1;
	sep = memchr(a, data[0], size - 1);
	alen = sep ? (size_t)(sep - a) : size - 1;
	b = sep ? sep + 1 : a + alen;
	blen = sep ? size - 1 - alen - 1 : 0;

	check_tokens(a, alen);
	check_tokens(b, blen);
	/* the tokens of a and of b as the diff cuts them (ICU's word breaks
	 * inside runs of non-ASCII words: finer than acc_token_next) */
	ntok = 0;
	FUZZ_CHECK(acc_textdiff(&d, alen ? a : NULL, alen, NULL, 0) == 0);
	ntok += d.changed_tokens;
	acc_diff_free(&d);
	FUZZ_CHECK(acc_textdiff(&d, NULL, 0, blen ? b : NULL, blen) == 0);
	ntok += d.changed_tokens;
	acc_diff_free(&d);
	FUZZ_CHECK(acc_textdiff(&d, alen ? a : NULL, alen, blen ? b : NULL, blen) == 0);
	FUZZ_CHECK(acc_diff_apply(&na, &nl, &d) == 0);
	FUZZ_CHECK(nl == blen && (blen == 0 || memcmp(na, b, blen) == 0));
	FUZZ_CHECK(acc_diff_old(&oa, &ol, &d) == 0);
	FUZZ_CHECK(ol == alen && (alen == 0 || memcmp(oa, a, alen) == 0));
	FUZZ_CHECK(d.count <= d.alloc);
	for (i = 0; i < d.count; i++) {
		const acc_diff_run *r = &d.runs[i];

		FUZZ_CHECK(r->len > 0);
		FUZZ_CHECK(r->op <= ACC_DIFF_INSERT);
		if (r->op == ACC_DIFF_INSERT)
			FUZZ_CHECK(inside(r->text, r->len, b, blen));
		else
			FUZZ_CHECK(inside(r->text, r->len, a, alen));
		if (i > 0) {
			FUZZ_CHECK(r->op != d.runs[i - 1].op);
			FUZZ_CHECK(
			    !(d.runs[i - 1].op == ACC_DIFF_INSERT && r->op == ACC_DIFF_DELETE));
		}
		if (r->op == ACC_DIFF_DELETE)
			del += r->len;
		if (r->op == ACC_DIFF_INSERT)
			ins += r->len;
	}
	FUZZ_CHECK(del == d.deleted_bytes && ins == d.inserted_bytes);
	FUZZ_CHECK(d.changed_tokens <= ntok);
	FUZZ_CHECK((d.changed_tokens == 0) == (del == 0 && ins == 0));
	free(na);
	free(oa);
	acc_diff_free(&d);

	/* a text against itself */
	FUZZ_CHECK(acc_textdiff(&same, alen ? a : NULL, alen, alen ? a : NULL, alen) == 0);
	FUZZ_CHECK(same.deleted_bytes == 0 && same.inserted_bytes == 0 && same.changed_tokens == 0);
	FUZZ_CHECK(same.count == (alen ? 1u : 0u));
	acc_diff_free(&same);
	acc_error_clear();
	return 0;
}
