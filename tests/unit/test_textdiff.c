/*
 * Tests of the word-level diff (src/textdiff.c).
 *
 *  - the tokenizer, class by class (ASCII, accented Latin, CJK, Hangul,
 *    emoji, Unicode spaces, punctuation, invalid bytes, NUL), plus a
 *    property check on random bytes;
 *  - small diffs checked by hand, written as "a [-old-]{+new+} b";
 *  - word boundaries in Chinese, Arabic, Russian and Thai (ICU);
 *  - minimality: on random token strings without whitespace (so nothing is
 *    absorbed) changed_tokens must equal the edit distance computed here
 *    by dynamic programming;
 *  - properties over thousands of random pairs from a fixed-seed PRNG
 *    (word soups, raw bytes with invalid UTF-8 and NULs, texts with
 *    scattered edits): the runs rebuild both texts, point into the right
 *    text in order, are never empty, never repeat an op, put deletes
 *    before inserts, add up to the totals, and come out the same twice;
 *  - large inputs (100 KB rewritten, 100 KB with 50 edits, repetitive
 *    text) that exercise the cost bound, checked for the same invariants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/textdiff.h"
#include "accord/util.h"

/* ---------------------------------------------------------------------- */
/* Helpers */

/* A small deterministic PRNG (splitmix64), so failures are reproducible. */
static uint64_t rng_state;

/* Seeds the PRNG. */
static void rng_seed(uint64_t seed)
{
	rng_state = seed;
}

/* The next 64 random bits. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A random number in [0, n); n > 0. */
static size_t rng_below(size_t n)
{
	return (size_t)(rng_next() % n);
}

/* Checks every invariant of the diff d of a against b (see the top of the
 * file) and that diffing again gives the very same runs. */
static void check_diff(const acc_diff *d, const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i, pa = 0, pb = 0, del = 0, ins = 0;
	char *text = NULL;
	size_t len = 12345;
	acc_diff again;

	for (i = 0; i < d->count; i++) {
		const acc_diff_run *r = &d->runs[i];

		assert_true(r->len > 0);
		if (i > 0) {
			assert_int_not_equal(r->op, d->runs[i - 1].op);
			/* Deletes come before inserts at the same place. */
			assert_false(d->runs[i - 1].op == ACC_DIFF_INSERT &&
				     r->op == ACC_DIFF_DELETE);
		}
		switch (r->op) {
		case ACC_DIFF_EQUAL:
			assert_ptr_equal(r->text, a + pa);
			assert_true(pa + r->len <= alen && pb + r->len <= blen);
			assert_memory_equal(r->text, b + pb, r->len);
			pa += r->len;
			pb += r->len;
			break;
		case ACC_DIFF_DELETE:
			assert_ptr_equal(r->text, a + pa);
			assert_true(pa + r->len <= alen);
			pa += r->len;
			del += r->len;
			break;
		case ACC_DIFF_INSERT:
			assert_ptr_equal(r->text, b + pb);
			assert_true(pb + r->len <= blen);
			pb += r->len;
			ins += r->len;
			break;
		default:
			fail_msg("run %zu has op %d", i, (int)r->op);
		}
	}
	assert_int_equal(pa, alen);
	assert_int_equal(pb, blen);
	assert_int_equal(del, d->deleted_bytes);
	assert_int_equal(ins, d->inserted_bytes);
	assert_true(d->count <= d->alloc || d->count == 0);
	assert_true((d->changed_tokens == 0) == (del == 0 && ins == 0));

	assert_int_equal(acc_diff_apply(&text, &len, d), 0);
	assert_int_equal(len, blen);
	assert_memory_equal(text, blen ? b : "", blen);
	assert_int_equal(text[len], '\0');
	free(text);
	len = 12345;
	assert_int_equal(acc_diff_old(&text, &len, d), 0);
	assert_int_equal(len, alen);
	assert_memory_equal(text, alen ? a : "", alen);
	assert_int_equal(text[len], '\0');
	free(text);

	assert_int_equal(acc_textdiff(&again, a, alen, b, blen), 0);
	assert_int_equal(again.count, d->count);
	assert_int_equal(again.changed_tokens, d->changed_tokens);
	for (i = 0; i < d->count; i++) {
		assert_int_equal(again.runs[i].op, d->runs[i].op);
		assert_ptr_equal(again.runs[i].text, d->runs[i].text);
		assert_int_equal(again.runs[i].len, d->runs[i].len);
	}
	acc_diff_free(&again);
}

/* Diffs a against b (byte counts given), checks the invariants, and
 * returns the diff in *d for more checks. */
static void diff_n(acc_diff *d, const char *a, size_t alen, const char *b, size_t blen)
{
	assert_int_equal(acc_textdiff(d, a, alen, b, blen), 0);
	check_diff(d, a, alen, b, blen);
}

/* Renders d as "equal[-deleted-]{+inserted+}" into a malloc'd string. */
static char *render(const acc_diff *d)
{
	acc_buf buf = ACC_BUF_INIT;
	size_t i;

	for (i = 0; i < d->count; i++) {
		const acc_diff_run *r = &d->runs[i];

		if (r->op == ACC_DIFF_DELETE)
			acc_buf_puts(&buf, "[-");
		else if (r->op == ACC_DIFF_INSERT)
			acc_buf_puts(&buf, "{+");
		acc_buf_put(&buf, r->text, r->len);
		if (r->op == ACC_DIFF_DELETE)
			acc_buf_puts(&buf, "-]");
		else if (r->op == ACC_DIFF_INSERT)
			acc_buf_puts(&buf, "+}");
	}
	return acc_buf_detach(&buf);
}

/* Diffs the strings a and b and checks the rendering and changed_tokens. */
static void expect_diff(const char *a, const char *b, const char *want, size_t changed)
{
	acc_diff d;
	char *got;

	diff_n(&d, a, strlen(a), b, strlen(b));
	got = render(&d);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("diff of \"%s\" and \"%s\": got \"%s\", want \"%s\"", a, b, got, want);
	assert_int_equal(d.changed_tokens, changed);
	free(got);
	acc_diff_free(&d);
}

/* A token as the tests describe it: its length and class. */
typedef struct {
	size_t len;
	acc_tok_class cls;
} tok;

/* Cuts s (len bytes) into at most max tokens; returns their number. */
static size_t tokenize(tok *out, size_t max, const char *s, size_t len)
{
	size_t n = 0, pos = 0;

	while (pos < len) {
		assert_true(n < max);
		out[n].len = acc_token_next(s + pos, len - pos, &out[n].cls);
		assert_true(out[n].len > 0 && out[n].len <= len - pos);
		pos += out[n].len;
		n++;
	}
	return n;
}

/* Checks that s cuts into exactly the tokens of the spec: a list of
 * (length, class) pairs ending with length 0. */
static void expect_tokens(const char *s, size_t len, ...)
{
	tok got[64];
	size_t n = tokenize(got, 64, s, len), i = 0, want;
	va_list ap;

	va_start(ap, len);
	while ((want = va_arg(ap, size_t)) != 0) {
		acc_tok_class cls = (acc_tok_class)va_arg(ap, int);

		if (i >= n)
			fail_msg("\"%s\": only %zu tokens", s, n);
		if (got[i].len != want || got[i].cls != cls)
			fail_msg("\"%s\" token %zu: got len %zu class %d, want len %zu class %d", s,
				 i, got[i].len, (int)got[i].cls, want, (int)cls);
		i++;
	}
	va_end(ap);
	if (i != n)
		fail_msg("\"%s\": %zu tokens, want %zu", s, n, i);
}

#define W    ACC_TOK_WORD
#define S    ACC_TOK_SPACE
#define P    ACC_TOK_PUNCT
#define X    ACC_TOK_INVALID
#define T(s) (s), (sizeof(s) - 1)
#define Z    ((size_t)0)

/* ---------------------------------------------------------------------- */
/* Tokenizer */

/* ASCII words, spaces and punctuation. */
static void test_tokens_ascii(void **state)
{
	expect_tokens(T("Hello, world!"), (size_t)5, W, (size_t)1, P, (size_t)1, S, (size_t)5, W,
		      (size_t)1, P, Z);
	expect_tokens(T("a \t\n\r\f\vb"), (size_t)1, W, (size_t)6, S, (size_t)1, W, Z);
	expect_tokens(T("Article 12(3)..."), (size_t)7, W, (size_t)1, S, (size_t)2, W, (size_t)1, P,
		      (size_t)1, W, (size_t)1, P, (size_t)1, P, (size_t)1, P, (size_t)1, P, Z);
	expect_tokens(T("state's cyber-attack"), (size_t)5, W, (size_t)1, P, (size_t)1, W,
		      (size_t)1, S, (size_t)5, W, (size_t)1, P, (size_t)6, W, Z);
	expect_tokens(T("x_1"), (size_t)1, W, (size_t)1, P, (size_t)1, W, Z);
	/* Controls and NUL are word characters. */
	expect_tokens("a\0b\x01", 4, (size_t)4, W, Z);
	/* Never reads past len. */
	expect_tokens("ab cd", 1, (size_t)1, W, Z);
	expect_tokens("  x", 2, (size_t)2, S, Z);
	assert_int_equal(acc_token_next("", 0, NULL), 0);
}

/* Accented Latin, precomposed or with combining marks, is one word. */
static void test_tokens_accented(void **state)
{
	expect_tokens(T("caf\xc3\xa9 na\xc3\xafve"), (size_t)5, W, (size_t)1, S, (size_t)6, W, Z);
	expect_tokens(T("cafe\xcc\x81!"), (size_t)6, W, (size_t)1, P, Z);
	expect_tokens(T("\xc3\x9c"
			"bereinkommen"),
		      (size_t)14, W, Z);
	/* Greek and Cyrillic words, the Greek question mark. */
	expect_tokens(T("\xce\xbd\xcf\x8c\xce\xbc\xce\xbf\xcd\xbe"), (size_t)8, W, (size_t)2, P, Z);
	expect_tokens(T("\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbe"), (size_t)10, W, Z);
}

/* Han and kana are one token per character; Hangul words are runs. */
static void test_tokens_cjk(void **state)
{
	/* 国际公约 then the ideographic full stop. */
	expect_tokens(T("\xe5\x9b\xbd\xe9\x99\x85\xe5\x85\xac\xe7\xba\xa6\xe3\x80\x82"), (size_t)3,
		      W, (size_t)3, W, (size_t)3, W, (size_t)3, W, (size_t)3, P, Z);
	/* ひらがな with a variation selector after the first character. */
	expect_tokens(T("\xe3\x81\xb2\xef\xb8\x80\xe3\x82\x89"), (size_t)6, W, (size_t)3, W, Z);
	/* A Latin word stops before an ideograph: "ab漢". */
	expect_tokens(T("ab\xe6\xbc\xa2"), (size_t)2, W, (size_t)3, W, Z);
	/* 대한민국 협약: two Hangul words. */
	expect_tokens(
	    T("\xeb\x8c\x80\xed\x95\x9c\xeb\xaf\xbc\xea\xb5\xad \xed\x98\x91\xec\x95\xbd"),
	    (size_t)12, W, (size_t)1, S, (size_t)6, W, Z);
	/* Ideographic space and fullwidth comma. */
	expect_tokens(T("\xe6\xbc\xa2\xe3\x80\x80\xef\xbc\x8c"), (size_t)3, W, (size_t)3, S,
		      (size_t)3, P, Z);
}

/* Emoji are word characters and form runs with letters. */
static void test_tokens_emoji(void **state)
{
	expect_tokens(T("\xf0\x9f\x98\x80\xf0\x9f\x98\x80 ok"), (size_t)8, W, (size_t)1, S,
		      (size_t)2, W, Z);
	expect_tokens(T("a\xf0\x9f\x8c\x8d"
			"b"),
		      (size_t)6, W, Z);
	/* A family emoji with zero-width joiners stays one token. */
	expect_tokens(T("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"), (size_t)11, W, Z);
}

/* Unicode spaces merge with ASCII ones into one token. */
static void test_tokens_spaces(void **state)
{
	/* space, NBSP, space */
	expect_tokens(T("a \xc2\xa0 b"), (size_t)1, W, (size_t)4, S, (size_t)1, W, Z);
	/* em space, thin space, narrow NBSP, ideographic space, line separator */
	expect_tokens(T("\xe2\x80\x83\xe2\x80\x89\xe2\x80\xaf\xe3\x80\x80\xe2\x80\xa8x"),
		      (size_t)15, S, (size_t)1, W, Z);
	/* The zero-width space is not whitespace. */
	expect_tokens(T("a\xe2\x80\x8b"
			"b"),
		      (size_t)5, W, Z);
}

/* Unicode punctuation is one token per character. */
static void test_tokens_punct(void **state)
{
	/* § 1 — «quoted» … */
	expect_tokens(T("\xc2\xa7"
			"1\xe2\x80\x94\xc2\xabq\xc2\xbb\xe2\x80\xa6"),
		      (size_t)2, P, (size_t)1, W, (size_t)3, P, (size_t)2, P, (size_t)1, W,
		      (size_t)2, P, (size_t)3, P, Z);
	/* curly quotes around a word, euro sign, two en dashes */
	expect_tokens(T("\xe2\x80\x9cx\xe2\x80\x9d\xe2\x82\xac\xe2\x80\x93\xe2\x80\x93"), (size_t)3,
		      P, (size_t)1, W, (size_t)3, P, (size_t)3, P, (size_t)3, P, (size_t)3, P, Z);
	/* The soft hyphen stays inside the word. */
	expect_tokens(T("con\xc2\xadvention"), (size_t)12, W, Z);
}

/* Each invalid byte is its own token and never merges. */
static void test_tokens_invalid(void **state)
{
	expect_tokens(T("\xff\xfe"), (size_t)1, X, (size_t)1, X, Z);
	expect_tokens(T("ab\xff"
			"cd"),
		      (size_t)2, W, (size_t)1, X, (size_t)2, W, Z);
	/* truncated sequence, overlong, surrogate, lone continuation */
	expect_tokens(T("\xe2\x80"), (size_t)1, X, (size_t)1, X, Z);
	expect_tokens(T("\xc0\xaf"), (size_t)1, X, (size_t)1, X, Z);
	expect_tokens(T("\xed\xa0\x80"), (size_t)1, X, (size_t)1, X, (size_t)1, X, Z);
	expect_tokens(T(" \x80 "), (size_t)1, S, (size_t)1, X, (size_t)1, S, Z);
	/* A valid sequence cut by len is invalid. */
	expect_tokens("\xc3\xa9", 1, (size_t)1, X, Z);
}

/* On random bytes, tokens cover the input, invalid ones are one byte, and
 * two whitespace tokens are never neighbours. */
static void test_tokens_random(void **state)
{
	char buf[64];
	tok toks[64];
	size_t iter, n, i, k;

	rng_seed(7);
	for (iter = 0; iter < 20000; iter++) {
		size_t len = rng_below(sizeof(buf)) + 1;

		for (i = 0; i < len; i++) {
			static const char pool[] = "ab \t,\xc2\xa0\xe2\x80\x94\xe3\x80\x80\xff";

			buf[i] =
			    rng_below(3) ? pool[rng_below(sizeof(pool) - 1)] : (char)rng_below(256);
		}
		n = tokenize(toks, 64, buf, len);
		for (k = 0, i = 0; k < n; i += toks[k].len, k++) {
			uint32_t cp;

			if (toks[k].cls == ACC_TOK_INVALID) {
				assert_int_equal(toks[k].len, 1);
				assert_true(acc_utf8_decode(buf + i, len - i, &cp) < 0);
			} else {
				assert_true(acc_utf8_valid(buf + i, toks[k].len, NULL));
			}
			if (toks[k].cls == ACC_TOK_PUNCT)
				assert_true(acc_utf8_decode(buf + i, len - i, &cp) ==
					    (int)toks[k].len);
			if (k > 0)
				assert_false(toks[k].cls == ACC_TOK_SPACE &&
					     toks[k - 1].cls == ACC_TOK_SPACE);
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Hand-checked diffs */

/* One word replaced: exactly one delete and one insert of that word. */
static void test_diff_replace_word(void **state)
{
	acc_diff d;
	const char *a = "the quick brown fox", *b = "the slow brown fox";

	expect_diff(a, b, "the [-quick-]{+slow+} brown fox", 2);
	diff_n(&d, a, strlen(a), b, strlen(b));
	assert_int_equal(d.count, 4);
	assert_int_equal(d.deleted_bytes, 5);
	assert_int_equal(d.inserted_bytes, 4);
	assert_ptr_equal(d.runs[1].text, a + 4);
	assert_ptr_equal(d.runs[2].text, b + 4);
	acc_diff_free(&d);
	expect_diff("Parties shall refrain.", "Parties must refrain.",
		    "Parties [-shall-]{+must+} refrain.", 2);
	/* Only the changed word of a word-punctuation mix. */
	expect_diff("Article 12(3), as amended", "Article 12(4), as amended",
		    "Article 12([-3-]{+4+}), as amended", 2);
}

/* Insertions at the start, in the middle and at the end; deletions. */
static void test_diff_insert_delete(void **state)
{
	expect_diff("world", "hello world", "{+hello +}world", 2);
	expect_diff("hello", "hello world", "hello{+ world+}", 2);
	expect_diff("a big deal", "a very big deal", "a {+very +}big deal", 2);
	expect_diff("a very big deal", "a big deal", "a [-very -]big deal", 2);
	expect_diff("end.", "end", "end[-.-]", 1);
	expect_diff("Start", "Start here, and here.", "Start{+ here, and here.+}", 8);
}

/* Identical, empty and one-sided inputs. */
static void test_diff_trivial(void **state)
{
	acc_diff d;
	char *text = NULL;
	size_t len = 99;

	expect_diff("same text", "same text", "same text", 0);
	diff_n(&d, "same text", 9, "same text", 9);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.runs[0].op, ACC_DIFF_EQUAL);
	acc_diff_free(&d);

	diff_n(&d, NULL, 0, NULL, 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(d.changed_tokens, 0);
	assert_int_equal(acc_diff_apply(&text, &len, &d), 0);
	assert_string_equal(text, "");
	assert_int_equal(len, 0);
	free(text);
	acc_diff_free(&d);
	acc_diff_free(&d);
	acc_diff_free(NULL);

	expect_diff("", "new text", "{+new text+}", 3);
	expect_diff("old text", "", "[-old text-]", 3);
	diff_n(&d, "", 0, "x", 1);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.runs[0].op, ACC_DIFF_INSERT);
	acc_diff_free(&d);
	/* apply and old accept a NULL length. */
	diff_n(&d, "a", 1, "b", 1);
	assert_int_equal(acc_diff_apply(&text, NULL, &d), 0);
	assert_string_equal(text, "b");
	free(text);
	assert_int_equal(acc_diff_old(&text, NULL, &d), 0);
	assert_string_equal(text, "a");
	free(text);
	acc_diff_free(&d);
}

/* Whitespace between two changes is absorbed only when the merged change
 * both deletes and inserts. */
static void test_diff_absorb_space(void **state)
{
	acc_diff d;
	const char *a = "a b c d", *b = "a x y d";

	expect_diff(a, b, "a [-b c-]{+x y+} d", 6);
	diff_n(&d, a, strlen(a), b, strlen(b));
	assert_int_equal(d.count, 4);
	assert_ptr_equal(d.runs[1].text, a + 2);
	assert_int_equal(d.runs[1].len, 3);
	assert_ptr_equal(d.runs[2].text, b + 2);
	assert_int_equal(d.runs[2].len, 3);
	acc_diff_free(&d);
	/* A whole sentence rewritten becomes one delete and one insert. */
	expect_diff("one two three", "four five six", "[-one two three-]{+four five six+}", 10);
	/* Newlines and Unicode spaces are whitespace too. */
	expect_diff("k a\n\xc2\xa0"
		    "b k",
		    "k c\n\xc2\xa0"
		    "d k",
		    "k [-a\n\xc2\xa0"
		    "b-]{+c\n\xc2\xa0"
		    "d+} k",
		    6);
	/* Two plain deletions keep the space between them. */
	expect_diff("x* *y", "x y", "x[-*-] [-*-]y", 2);
	/* Two plain insertions too. */
	expect_diff("x y", "x* *y", "x{+*+} {+*+}y", 2);
	/* A deletion and an insertion around a space merge. */
	expect_diff("p! q", "p ?q", "p[-! -]{+ ?+}q", 4);
	/* A word between changes is not absorbed. */
	expect_diff("a b c", "x b y", "[-a-]{+x+} b [-c-]{+y+}", 4);
}

/* Invalid bytes and NULs diff like any token. */
static void test_diff_bytes(void **state)
{
	acc_diff d;
	static const char a[] = "ab\xff"
				"cd e\0f",
			  b[] = "ab\xfe"
				"cd e\0g";

	expect_diff("ab\xff"
		    "cd",
		    "ab\xfe"
		    "cd",
		    "ab[-\xff-]{+\xfe+}cd", 2);
	diff_n(&d, a, sizeof(a) - 1, b, sizeof(b) - 1);
	assert_int_equal(d.changed_tokens, 4);
	assert_int_equal(d.deleted_bytes, 4);
	assert_int_equal(d.inserted_bytes, 4);
	acc_diff_free(&d);
	/* Same bytes, different token boundaries. */
	expect_diff("x\xc3\xa9", "x\xc3", "[-x\xc3\xa9-]{+x\xc3+}", 3);
}

/* ---------------------------------------------------------------------- */
/* Word boundaries in every script (ICU, UAX #29) */

/* Chinese diffs by dictionary words, not by ideograph: the marker spans
 * 平民 / 居民 whole, and an inserted word is one token. */
static void test_diff_words_zh(void **state)
{
	expect_diff("缔约方应当保护平民。", "缔约方应当保护居民。",
		    "缔约方应当保护[-平民-]{+居民+}。", 2);
	expect_diff("缔约方不得攻击民用基础设施。", "缔约方不得攻击关键民用基础设施。",
		    "缔约方不得攻击{+关键+}民用基础设施。", 1);
	/* Latin inside Chinese keeps its own boundaries. */
	expect_diff("依照第5条和GDPR规定", "依照第6条和GDPR规定", "依照第[-5-]{+6+}条和GDPR规定",
		    2);
}

/* Arabic diffs by words, in logical order; the full stop stays apart. */
static void test_diff_words_ar(void **state)
{
	expect_diff("يجب على الدول الأطراف حماية المدنيين.", "يجب على الدول الأطراف حماية الأطفال.",
		    "يجب على الدول الأطراف حماية [-المدنيين-]{+الأطفال+}.", 2);
	expect_diff("تتخذ الدول الأطراف التدابير.", "تتخذ الدول الأطراف جميع التدابير.",
		    "تتخذ الدول الأطراف {+جميع +}التدابير.", 2);
}

/* Russian diffs by words; the hyphen of a compound splits as before. */
static void test_diff_words_ru(void **state)
{
	expect_diff("Государства-участники обязаны защищать гражданское население.",
		    "Государства-участники обязаны защищать детей.",
		    "Государства-участники обязаны защищать [-гражданское население-]{+детей+}.",
		    4);
	expect_diff("Государства-участники", "Государства-члены",
		    "Государства-[-участники-]{+члены+}", 2);
}

/* Thai has no spaces: ICU's dictionary still finds the words, so one
 * changed word does not replace the sentence. */
static void test_diff_words_th(void **state)
{
	acc_diff d;
	const char *a = "ภาษาไทยง่าย", *b = "ภาษาลาวง่าย";

	diff_n(&d, a, strlen(a), b, strlen(b));
	assert_true(d.count >= 3);
	assert_int_equal(d.runs[0].op, ACC_DIFF_EQUAL);
	assert_int_equal(d.runs[d.count - 1].op, ACC_DIFF_EQUAL);
	acc_diff_free(&d);
}

/* ---------------------------------------------------------------------- */
/* Minimality against dynamic programming */

/* The insert/delete edit distance between the token strings a and b
 * (token boundaries from acc_token_next, equality by bytes). */
static size_t edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	enum { MAXT = 128 };
	tok ta[MAXT], tb[MAXT];
	size_t oa[MAXT], ob[MAXT], na, nb, i, j, pos;
	static size_t lcs[MAXT + 1][MAXT + 1];

	na = tokenize(ta, MAXT, a, alen);
	nb = tokenize(tb, MAXT, b, blen);
	for (i = 0, pos = 0; i < na; pos += ta[i].len, i++)
		oa[i] = pos;
	for (j = 0, pos = 0; j < nb; pos += tb[j].len, j++)
		ob[j] = pos;
	for (i = 0; i <= na; i++)
		for (j = 0; j <= nb; j++) {
			if (i == 0 || j == 0)
				lcs[i][j] = 0;
			else if (ta[i - 1].len == tb[j - 1].len &&
				 memcmp(a + oa[i - 1], b + ob[j - 1], ta[i - 1].len) == 0)
				lcs[i][j] = lcs[i - 1][j - 1] + 1;
			else
				lcs[i][j] =
				    lcs[i - 1][j] > lcs[i][j - 1] ? lcs[i - 1][j] : lcs[i][j - 1];
		}
	return na + nb - 2 * lcs[na][nb];
}

/* Fills buf with len random characters from pool. */
static void random_from(char *buf, size_t len, const char *pool)
{
	size_t i, n = strlen(pool);

	for (i = 0; i < len; i++)
		buf[i] = pool[rng_below(n)];
}

/* Without whitespace nothing is absorbed, so changed_tokens must be the
 * edit distance; with whitespace it can only be more. */
static void test_diff_minimal(void **state)
{
	char a[100], b[100];
	size_t iter, alen, blen, dist;
	acc_diff d;

	rng_seed(42);
	for (iter = 0; iter < 5000; iter++) {
		const char *pool = iter % 2 ? "ab,.;" : "abc,";

		alen = rng_below(sizeof(a));
		blen = rng_below(sizeof(b));
		random_from(a, alen, pool);
		if (iter % 3 == 0) {
			/* b is a copy of a with a few byte edits. */
			memcpy(b, a, alen);
			blen = alen;
			for (size_t k = rng_below(4); k > 0 && blen > 0; k--)
				b[rng_below(blen)] = pool[rng_below(strlen(pool))];
		} else {
			random_from(b, blen, pool);
		}
		dist = edit_distance(a, alen, b, blen);
		diff_n(&d, a, alen, b, blen);
		if (d.changed_tokens != dist)
			fail_msg("\"%.*s\" -> \"%.*s\": %zu changed tokens, distance %zu",
				 (int)alen, a, (int)blen, b, d.changed_tokens, dist);
		acc_diff_free(&d);

		random_from(a, alen, "ab ,");
		random_from(b, blen, "ab ,");
		dist = edit_distance(a, alen, b, blen);
		diff_n(&d, a, alen, b, blen);
		assert_true(d.changed_tokens >= dist);
		acc_diff_free(&d);
	}
}

/* Lopsided boxes (a few tokens against many, few matches) push the search
 * against the edges of the edit graph; the result must stay minimal. */
static void test_diff_minimal_lopsided(void **state)
{
	char a[100], b[100];
	size_t iter, alen, blen, dist;
	acc_diff d;

	rng_seed(43);
	for (iter = 0; iter < 3000; iter++) {
		alen = 1 + rng_below(8);
		blen = 30 + rng_below(sizeof(b) - 30);
		random_from(a, alen, "xy,");
		random_from(b, blen, iter % 2 ? "q,;" : "qx;,");
		dist = edit_distance(a, alen, b, blen);
		diff_n(&d, iter % 4 < 2 ? a : b, iter % 4 < 2 ? alen : blen, iter % 4 < 2 ? b : a,
		       iter % 4 < 2 ? blen : alen);
		if (d.changed_tokens != dist)
			fail_msg("\"%.*s\" vs \"%.*s\": %zu changed tokens, distance %zu",
				 (int)alen, a, (int)blen, b, d.changed_tokens, dist);
		acc_diff_free(&d);
	}
}

/* ---------------------------------------------------------------------- */
/* Random properties */

/* Words for the random texts: ASCII, accented, CJK, emoji, punctuation,
 * several kinds of whitespace and an invalid byte. */
static const char *const vocab[] = {
    "the",
    "Parties",
    "shall",
    "not",
    "attack",
    "civilian",
    "infrastructure",
    "State",
    "of",
    "and",
    "caf\xc3\xa9",
    "\xe5\x9b\xbd",
    "\xe5\x85\xac",
    "\xf0\x9f\x98\x80",
    ",",
    ".",
    "\xe2\x80\x94",
    "\xc2\xa7",
    "(",
    ")",
    " ",
    " ",
    "  ",
    "\n",
    "\xc2\xa0",
    "\t",
    "\xff",
    "12",
    "a",
    "b",
};

/* Appends n random vocabulary items to buf (which has room for max bytes)
 * at *len, separated by spaces most of the time. */
static void random_soup(char *buf, size_t *len, size_t max, size_t n, size_t vocab_from,
			size_t vocab_count)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *w = vocab[vocab_from + rng_below(vocab_count)];
		size_t wl = strlen(w);

		if (*len + wl + 1 > max)
			break;
		memcpy(buf + *len, w, wl);
		*len += wl;
		if (rng_below(4))
			buf[(*len)++] = ' ';
	}
}

/* Random pairs of word soups. */
static void test_prop_soups(void **state)
{
	char a[2048], b[2048];
	size_t iter, alen, blen, nv = sizeof(vocab) / sizeof(vocab[0]);
	acc_diff d;

	rng_seed(1);
	for (iter = 0; iter < 3000; iter++) {
		/* A small vocabulary gives many matches, a large one few. */
		size_t from = rng_below(nv - 4), count = 4 + rng_below(nv - from - 3);

		alen = blen = 0;
		random_soup(a, &alen, sizeof(a), rng_below(300), from, count);
		random_soup(b, &blen, sizeof(b), rng_below(300), from, count);
		diff_n(&d, a, alen, b, blen);
		acc_diff_free(&d);
	}
}

/* Random bytes, with invalid UTF-8, NULs and valid multibyte sequences. */
static void test_prop_bytes(void **state)
{
	char a[256], b[256];
	size_t iter, alen, blen, i;
	acc_diff d;

	rng_seed(2);
	for (iter = 0; iter < 5000; iter++) {
		char *bufs[2] = {a, b};
		size_t *lens[2] = {&alen, &blen};

		for (int s = 0; s < 2; s++) {
			*lens[s] = rng_below(sizeof(a));
			for (i = 0; i < *lens[s]; i++) {
				static const char pool[] = {'a',    'b',    ' ',    '\0',
							    '.',    '\xc3', '\xa9', '\xe2',
							    '\x80', '\x94', '\xff', '\n'};

				bufs[s][i] = rng_below(2) ? (char)rng_below(256)
							  : pool[rng_below(sizeof(pool))];
			}
		}
		if (iter % 2) {
			/* b derived from a: similar bytes, boundaries shift. */
			memcpy(b, a, alen);
			blen = alen;
			for (i = rng_below(5); i > 0 && blen > 0; i--)
				b[rng_below(blen)] = (char)rng_below(256);
		}
		diff_n(&d, a, alen, b, blen);
		acc_diff_free(&d);
	}
}

/* Copies src (srclen bytes) to dst (room for max) with edits random edits
 * at word boundaries: insert, delete or replace a few words; returns the
 * new length. */
static size_t mutate(char *dst, size_t max, const char *src, size_t srclen, size_t edits)
{
	size_t *cuts, ncut, i, len = 0, pos = 0;

	cuts = calloc(edits + 1, sizeof(*cuts));
	assert_non_null(cuts);
	for (ncut = 0; ncut < edits; ncut++)
		cuts[ncut] = srclen ? rng_below(srclen) : 0;
	/* Sort the cut points (insertion sort: few of them). */
	for (i = 1; i < ncut; i++)
		for (size_t j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
			size_t t = cuts[j];

			cuts[j] = cuts[j - 1];
			cuts[j - 1] = t;
		}
	for (i = 0; i < ncut; i++) {
		size_t at = cuts[i], skip = 0;

		if (at < pos)
			continue;
		while (at < srclen && src[at] != ' ')
			at++;
		memcpy(dst + len, src + pos, at - pos);
		len += at - pos;
		pos = at;
		switch (rng_below(3)) {
		case 0: /* delete up to three words */
			skip = 1 + rng_below(3);
			break;
		case 1: /* insert */
			break;
		default: /* replace one word */
			skip = 1;
		}
		for (; skip > 0 && pos < srclen; skip--) {
			pos++;
			while (pos < srclen && src[pos] != ' ')
				pos++;
		}
		if (rng_below(3)) {
			const char *w = vocab[rng_below(14)];

			assert_true(len + strlen(w) + 1 < max);
			dst[len++] = ' ';
			memcpy(dst + len, w, strlen(w));
			len += strlen(w);
		}
	}
	assert_true(len + srclen - pos <= max);
	memcpy(dst + len, src + pos, srclen - pos);
	len += srclen - pos;
	free(cuts);
	return len;
}

/* Texts with scattered edits. */
static void test_prop_edits(void **state)
{
	char a[8192], b[16384];
	size_t iter, alen, blen;
	acc_diff d;

	rng_seed(3);
	for (iter = 0; iter < 1500; iter++) {
		alen = 0;
		random_soup(a, &alen, sizeof(a), rng_below(1000), 0, 14);
		blen = mutate(b, sizeof(b), a, alen, rng_below(12));
		diff_n(&d, a, alen, b, blen);
		acc_diff_free(&d);
		diff_n(&d, b, blen, a, alen);
		acc_diff_free(&d);
	}
}

/* Long texts (diffed in two steps: words, then the gaps between matched
 * words): scattered edits, whitespace-only edits and unrelated texts all
 * give diffs that rebuild both texts, and a whitespace change shows. */
static void test_prop_two_step(void **state)
{
	static char a[65536], b[131072];
	size_t iter, alen, blen, i;
	acc_diff d;

	rng_seed(5);
	for (iter = 0; iter < 60; iter++) {
		alen = 0;
		random_soup(a, &alen, sizeof(a), 2500 + rng_below(2000), 0, 14);
		if (iter % 3 == 0) { /* unrelated */
			blen = 0;
			random_soup(b, &blen, sizeof(b), 2500 + rng_below(2000), 0, 14);
		} else {
			blen = mutate(b, sizeof(b), a, alen, rng_below(40));
		}
		diff_n(&d, a, alen, b, blen);
		acc_diff_free(&d);
		diff_n(&d, b, blen, a, alen);
		acc_diff_free(&d);
	}
	/* one space doubled in a long text: only that space changes */
	alen = 0;
	random_soup(a, &alen, sizeof(a), 3000, 0, 14);
	for (i = alen / 2; i < alen && a[i] != ' '; i++)
		;
	assert_true(i < alen);
	memcpy(b, a, i);
	b[i] = ' ';
	memcpy(b + i + 1, a + i, alen - i);
	blen = alen + 1;
	diff_n(&d, a, alen, b, blen);
	assert_true(d.inserted_bytes >= 1 && d.inserted_bytes <= 2);
	assert_true(d.deleted_bytes <= 1);
	acc_diff_free(&d);
}

/* A single-word substitution in a long text changes exactly two tokens. */
static void test_single_substitution(void **state)
{
	size_t n = 20000, alen = 0, i, k;
	char *a = malloc(n * 12), *b = malloc(n * 12);
	acc_diff d;

	assert_non_null(a);
	assert_non_null(b);
	rng_seed(4);
	random_soup(a, &alen, n * 12, n, 0, 14);
	for (k = 0; k < 20; k++) {
		/* Replace the word that starts after a random space. */
		size_t at = rng_below(alen), end;
		static const char word[] = "ZZZ";

		while (at < alen && a[at] != ' ')
			at++;
		if (at + 1 >= alen || a[at + 1] == ' ')
			continue;
		at++;
		for (end = at; end < alen && a[end] != ' '; end++)
			;
		memcpy(b, a, at);
		memcpy(b + at, word, 3);
		memcpy(b + at + 3, a + end, alen - end);
		diff_n(&d, a, alen, b, alen - (end - at) + 3);
		/* One "word" of the soup may hold punctuation: count its tokens. */
		i = 0;
		for (size_t p = at; p < end; i++)
			p += acc_token_next(a + p, end - p, NULL);
		assert_int_equal(d.changed_tokens, i + 1);
		assert_int_equal(d.inserted_bytes, 3);
		assert_int_equal(d.deleted_bytes, end - at);
		acc_diff_free(&d);
	}
	free(a);
	free(b);
}

/* Appends the NUL-terminated s to buf at *len (room assumed). */
static void put(char *buf, size_t *len, const char *s)
{
	memcpy(buf + *len, s, strlen(s));
	*len += strlen(s);
}

/* Long texts with words of one side only (the two-step diff searches with
 * one placeholder per run of them): a word replaced by a new word next to
 * its own double changes exactly those two tokens, at their place; a run
 * of new words is one insertion; every diff rebuilds both texts. */
static void test_two_step_lone_words(void **state)
{
	enum { WORDS = 3000 };
	char *a = malloc(WORDS * 40), *b = malloc(WORDS * 40 + 64);
	size_t *first = calloc(WORDS, sizeof(*first)), alen = 0, blen, k, at, end, i;
	acc_diff d;

	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(first);
	rng_seed(9);
	/* every word doubled: "of of State State the the ..." */
	for (i = 0; i < WORDS; i++) {
		const char *w = vocab[rng_below(10)];

		first[i] = alen;
		put(a, &alen, w), put(a, &alen, " "), put(a, &alen, w), put(a, &alen, " ");
	}
	for (k = 0; k < 10; k++) {
		/* the first word of a pair, anywhere, becomes ZZZ */
		at = first[1 + rng_below(WORDS - 2)];
		for (end = at; a[end] != ' '; end++)
			;
		memcpy(b, a, at), blen = at;
		put(b, &blen, "ZZZ");
		memcpy(b + blen, a + end, alen - end), blen += alen - end;
		diff_n(&d, a, alen, b, blen);
		assert_int_equal(d.changed_tokens, 2);
		assert_int_equal(d.deleted_bytes, end - at);
		assert_int_equal(d.inserted_bytes, 3);
		assert_int_equal(d.runs[1].op, ACC_DIFF_DELETE);
		assert_ptr_equal(d.runs[1].text, a + at);
		acc_diff_free(&d);
	}
	/* three new words inserted at a space: one insertion */
	at = first[WORDS / 2] - 1;
	memcpy(b, a, at), blen = at;
	put(b, &blen, " Q1 Q2 Q3");
	memcpy(b + blen, a + at, alen - at), blen += alen - at;
	diff_n(&d, a, alen, b, blen);
	assert_int_equal(d.deleted_bytes, 0);
	assert_int_equal(d.inserted_bytes, 9);
	acc_diff_free(&d);
	free(first);
	free(a);
	free(b);
}

/* Long texts over one vocabulary: unrelated, the diff is one replacement
 * but for chance matches (the probe cuts their ends early); alike but
 * edited every sixth word, it stays word by word (the probe leaves texts
 * that progress alone).  Both rebuild both texts. */
static void test_two_step_probe(void **state)
{
	enum { WORDS = 12000 };
	char *a = malloc(WORDS * 20), *b = malloc(WORDS * 20);
	size_t alen = 0, blen = 0, i, edits = 0;
	acc_diff d;

	assert_non_null(a);
	assert_non_null(b);
	rng_seed(10);
	for (i = 0; i < WORDS; i++) {
		size_t w = rng_below(10);

		put(a, &alen, vocab[w]), put(a, &alen, " ");
		put(b, &blen, vocab[rng_below(10)]), put(b, &blen, " ");
	}
	diff_n(&d, a, alen, b, blen);
	assert_true(d.deleted_bytes >= alen / 10 * 9);
	assert_true(d.inserted_bytes >= blen / 10 * 9);
	acc_diff_free(&d);
	/* b: a with every sixth word replaced by another word of the vocabulary */
	blen = 0;
	rng_seed(11);
	for (i = 0; i < WORDS; i++) {
		size_t w = rng_below(10);

		if (i % 6 == 5)
			w = (w + 1 + rng_below(9)) % 10, edits++;
		put(b, &blen, vocab[w]), put(b, &blen, " ");
	}
	alen = 0;
	rng_seed(11);
	for (i = 0; i < WORDS; i++) {
		size_t w = rng_below(10);

		if (i % 6 == 5)
			(void)rng_below(9);
		put(a, &alen, vocab[w]), put(a, &alen, " ");
	}
	diff_n(&d, a, alen, b, blen);
	/* a word replaced is two tokens; the cost bound may add a little */
	assert_true(d.changed_tokens <= 2 * edits + edits / 10);
	assert_true(d.deleted_bytes < alen / 5);
	acc_diff_free(&d);
	free(a);
	free(b);
}

/* ---------------------------------------------------------------------- */
/* Large inputs */

#define BIG (100 * 1024)

/* 100 KB against a completely different 100 KB: correct, and mostly one
 * replacement. */
static void test_big_rewrite(void **state)
{
	char *a = malloc(BIG), *b = malloc(BIG);
	size_t alen = 0, blen = 0;
	acc_diff d;

	assert_non_null(a);
	assert_non_null(b);
	rng_seed(5);
	/* Same vocabulary (many chance matches), different text. */
	random_soup(a, &alen, BIG, BIG, 0, 14);
	random_soup(b, &blen, BIG, BIG, 0, 14);
	diff_n(&d, a, alen, b, blen);
	acc_diff_free(&d);
	/* Disjoint vocabularies but shared spaces. */
	alen = blen = 0;
	random_soup(a, &alen, BIG, BIG, 0, 7);
	random_soup(b, &blen, BIG, BIG, 7, 7);
	diff_n(&d, a, alen, b, blen);
	acc_diff_free(&d);
	free(a);
	free(b);
}

/* 100 KB against a version with 50 scattered edits: correct and still a
 * small diff (the cost bound did not turn it into a replacement). */
static void test_big_edits(void **state)
{
	char *a = malloc(BIG), *b = malloc(2 * BIG);
	size_t alen = 0, blen;
	acc_diff d;

	assert_non_null(a);
	assert_non_null(b);
	rng_seed(6);
	random_soup(a, &alen, BIG, BIG, 0, 14);
	blen = mutate(b, 2 * BIG, a, alen, 50);
	diff_n(&d, a, alen, b, blen);
	/* Each edit touches at most three words, their spaces and one
	 * inserted word: well under 20 tokens. */
	assert_true(d.changed_tokens <= 50 * 20);
	assert_true(d.deleted_bytes < alen / 20);
	acc_diff_free(&d);
	free(a);
	free(b);
}

/* Repetitive text (every diagonal a long snake) stays correct. */
static void test_big_repetitive(void **state)
{
	char *a = malloc(BIG), *b = malloc(BIG);
	size_t alen, blen, i;
	acc_diff d;

	assert_non_null(a);
	assert_non_null(b);
	rng_seed(8);
	for (alen = 0; alen + 2 <= BIG; alen += 2)
		memcpy(a + alen, "a ", 2);
	memcpy(b, a, alen);
	blen = alen;
	for (i = 0; i < 2000; i++)
		b[2 * rng_below(blen / 2)] = rng_below(2) ? 'b' : ',';
	diff_n(&d, a, alen, b, blen);
	acc_diff_free(&d);
	/* Different lengths of the same repetition: a pure deletion. */
	diff_n(&d, a, alen, a, alen / 3);
	assert_int_equal(d.count, 2);
	acc_diff_free(&d);
	free(a);
	free(b);
}

int main(void)
{
	/* clang-format off: one test per line */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tokens_ascii),
	    cmocka_unit_test(test_tokens_accented),
	    cmocka_unit_test(test_tokens_cjk),
	    cmocka_unit_test(test_tokens_emoji),
	    cmocka_unit_test(test_tokens_spaces),
	    cmocka_unit_test(test_tokens_punct),
	    cmocka_unit_test(test_tokens_invalid),
	    cmocka_unit_test(test_tokens_random),
	    cmocka_unit_test(test_diff_replace_word),
	    cmocka_unit_test(test_diff_insert_delete),
	    cmocka_unit_test(test_diff_trivial),
	    cmocka_unit_test(test_diff_absorb_space),
	    cmocka_unit_test(test_diff_bytes),
	    cmocka_unit_test(test_diff_words_zh),
	    cmocka_unit_test(test_diff_words_ar),
	    cmocka_unit_test(test_diff_words_ru),
	    cmocka_unit_test(test_diff_words_th),
	    cmocka_unit_test(test_diff_minimal),
	    cmocka_unit_test(test_diff_minimal_lopsided),
	    cmocka_unit_test(test_prop_soups),
	    cmocka_unit_test(test_prop_bytes),
	    cmocka_unit_test(test_prop_edits),
	    cmocka_unit_test(test_prop_two_step),
	    cmocka_unit_test(test_single_substitution),
	    cmocka_unit_test(test_two_step_lone_words),
	    cmocka_unit_test(test_two_step_probe),
	    cmocka_unit_test(test_big_rewrite),
	    cmocka_unit_test(test_big_edits),
	    cmocka_unit_test(test_big_repetitive),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
