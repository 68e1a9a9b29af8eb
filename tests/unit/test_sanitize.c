/* Tests for the display sanitiser (src/sanitize.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "accord/sanitize.h"

#define ELLIPSIS "\xe2\x80\xa6"

/* The buffer's text, "" when nothing was ever put in it. */
static const char *text(const acc_buf *b)
{
	return b->ptr ? b->ptr : "";
}

/* Sanitises in (inlen bytes) under flags and checks the result is expect
 * exactly (expect holds no NUL). */
static void check_san(const char *in, size_t inlen, unsigned flags, const char *expect)
{
	acc_buf b = ACC_BUF_INIT;

	assert_int_equal(acc_sanitize(&b, in, inlen, flags), 0);
	assert_string_equal(text(&b), expect);
	assert_int_equal(b.size, strlen(expect));
	acc_buf_free(&b);
}

/* check_san for a string literal, which may hold NUL bytes. */
#define SAN(in, flags, expect) check_san(in, sizeof(in) - 1, flags, expect)

/* Fits in to cols columns and checks the output and the columns used. */
static void check_fit(const char *in, size_t cols, int ellipsis, const char *expect,
		      size_t expect_used)
{
	acc_buf b = ACC_BUF_INIT;
	size_t used = 12345;

	assert_int_equal(acc_sanitize_fit(&b, in, strlen(in), cols, ellipsis, &used), 0);
	assert_string_equal(text(&b), expect);
	assert_int_equal(used, expect_used);
	acc_buf_free(&b);
}

/* Printable ASCII and valid UTF-8 pass unchanged; output is appended. */
static void test_printable_passes(void **state)
{
	acc_buf b = ACC_BUF_INIT;

	SAN("", 0, "");
	SAN("Article 1. Scope", 0, "Article 1. Scope");
	SAN(" !~", 0, " !~");
	SAN("d\xc3\xa9l\xc3\xa9gation", 0, "d\xc3\xa9l\xc3\xa9gation");
	SAN("e\xcc\x81", 0, "e\xcc\x81");
	SAN("\xe4\xb8\xad\xe6\x96\x87", 0, "\xe4\xb8\xad\xe6\x96\x87");
	SAN("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80");
	SAN("\xe2\x80\xa6\xe2\x82\xac", 0, "\xe2\x80\xa6\xe2\x82\xac");

	assert_int_equal(acc_buf_puts(&b, "head:"), 0);
	assert_int_equal(acc_sanitize(&b, "a\x1b", 2, 0), 0);
	assert_string_equal(b.ptr, "head:a^[");
	assert_int_equal(acc_sanitize(&b, NULL, 0, 0), 0);
	assert_string_equal(b.ptr, "head:a^[");
	acc_buf_free(&b);
}

/* C0 controls and DEL are shown in caret notation. */
static void test_c0_caret(void **state)
{
	SAN("\x00", 0, "^@");
	SAN("\x01", 0, "^A");
	SAN("\x07", 0, "^G");
	SAN("\x08", 0, "^H");
	SAN("\x0b\x0c", 0, "^K^L");
	SAN("\x0d", 0, "^M");
	SAN("\x1b", 0, "^[");
	SAN("\x1f", 0, "^_");
	SAN("\x7f", 0, "^?");
	SAN("a\x00z", 0, "a^@z");
	SAN("\x1b[2J", 0, "^[[2J");
	SAN("\x1b]0;title\x07", 0, "^[]0;title^G");
	SAN("\x1bPq#0\x1b\\", 0, "^[Pq#0^[\\");
	SAN("ok\rEVIL", 0, "ok^MEVIL");
	SAN("yes\x08\x08\x08no", 0, "yes^H^H^Hno");
	/* flags never let other controls through */
	SAN("\x1b\x0d\x7f", ACC_SAN_NEWLINES | ACC_SAN_TABS, "^[^M^?");
}

/* "\n" is kept only with ACC_SAN_NEWLINES. */
static void test_newlines(void **state)
{
	SAN("a\nb", 0, "a^Jb");
	SAN("a\nb", ACC_SAN_TABS, "a^Jb");
	SAN("a\nb", ACC_SAN_NEWLINES, "a\nb");
	SAN("\n\n", ACC_SAN_NEWLINES, "\n\n");
	SAN("\r\n", ACC_SAN_NEWLINES, "^M\n");
}

/* "\t" expands to the next multiple of 8 columns with ACC_SAN_TABS. */
static void test_tabs(void **state)
{
	SAN("a\tb", 0, "a^Ib");
	SAN("\t", ACC_SAN_TABS, "        ");
	SAN("ab\tc", ACC_SAN_TABS, "ab      c");
	SAN("1234567\tx", ACC_SAN_TABS, "1234567 x");
	SAN("12345678\tx", ACC_SAN_TABS, "12345678        x");
	SAN("\t\t", ACC_SAN_TABS, "                ");
	/* a wide character counts two columns */
	SAN("\xe4\xb8\xad\t|", ACC_SAN_TABS, "\xe4\xb8\xad      |");
	/* a combining mark counts none */
	SAN("e\xcc\x81\t|", ACC_SAN_TABS, "e\xcc\x81       |");
	/* escapes count their visible width */
	SAN("\x1b\t|", ACC_SAN_TABS, "^[      |");
	SAN("\xff\t|", ACC_SAN_TABS, "\\xFF    |");
	/* the column restarts after a kept newline, not after "^J" */
	SAN("abc\n\tx", ACC_SAN_TABS | ACC_SAN_NEWLINES, "abc\n        x");
	SAN("abc\n\tx", ACC_SAN_TABS, "abc^J   x");
}

/* C1 controls are shown as "<U+XXXX>". */
static void test_c1(void **state)
{
	SAN("\xc2\x80", 0, "<U+0080>");
	SAN("\xc2\x85", 0, "<U+0085>");
	SAN("\xc2\x9b"
	    "2J",
	    0, "<U+009B>2J");
	SAN("\xc2\x9f", ACC_SAN_NEWLINES | ACC_SAN_TABS, "<U+009F>");
	/* U+00A0 is the first printable code point after C1 */
	SAN("\xc2\xa0", 0, "\xc2\xa0");
}

/* Bidi controls and invisible format characters are made visible. */
static void test_format_chars(void **state)
{
	SAN("\xd8\x9c", 0, "<U+061C>");
	SAN("\xe2\x80\x8e", 0, "<U+200E>");
	SAN("\xe2\x80\x8f", 0, "<U+200F>");
	SAN("\xe2\x80\xaa", 0, "<U+202A>");
	SAN("\xe2\x80\xab", 0, "<U+202B>");
	SAN("\xe2\x80\xac", 0, "<U+202C>");
	SAN("\xe2\x80\xad", 0, "<U+202D>");
	SAN("\xe2\x80\xae", 0, "<U+202E>");
	SAN("\xe2\x81\xa6", 0, "<U+2066>");
	SAN("\xe2\x81\xa7", 0, "<U+2067>");
	SAN("\xe2\x81\xa8", 0, "<U+2068>");
	SAN("\xe2\x81\xa9", 0, "<U+2069>");
	SAN("\xe2\x80\x8b", 0, "<U+200B>");
	SAN("\xe2\x80\x8c", 0, "<U+200C>");
	SAN("\xe2\x80\x8d", 0, "<U+200D>");
	SAN("\xe2\x81\xa0", 0, "<U+2060>");
	SAN("\xef\xbb\xbf", 0, "<U+FEFF>");
	SAN("\xc2\xad", 0, "<U+00AD>");
	/* beyond the header's list: separators, annotation, tags */
	SAN("\xe2\x80\xa8", 0, "<U+2028>");
	SAN("\xe2\x80\xa9", 0, "<U+2029>");
	SAN("\xef\xbf\xb9", 0, "<U+FFF9>");
	SAN("\xf3\xa0\x81\x81", 0, "<U+E0041>");
	/* a reordering attack shows its hidden part */
	SAN("vote: \xe2\x80\xae"
	    "on\xe2\x80\xac",
	    0, "vote: <U+202E>on<U+202C>");
	/* neighbours that are ordinary text stay */
	SAN("\xe2\x80\x90", 0, "\xe2\x80\x90");
	SAN("\xe2\x80\xaf", 0, "\xe2\x80\xaf");
}

/* Each invalid UTF-8 byte is shown as "\xNN". */
static void test_invalid_utf8(void **state)
{
	SAN("\xff", 0, "\\xFF");
	SAN("\xfe\xfe", 0, "\\xFE\\xFE");
	SAN("\x80", 0, "\\x80");
	SAN("a\xc3", 0, "a\\xC3");
	SAN("\xc3(", 0, "\\xC3(");
	SAN("\xc0\xaf", 0, "\\xC0\\xAF");
	SAN("\xe0\x80\xaf", 0, "\\xE0\\x80\\xAF");
	SAN("\xed\xa0\x80", 0, "\\xED\\xA0\\x80");
	SAN("\xf4\x90\x80\x80", 0, "\\xF4\\x90\\x80\\x80");
	SAN("\xe4\xb8", 0, "\\xE4\\xB8");
	/* a broken sequence does not swallow the valid one after it */
	SAN("\xe4\xb8\xc3\xa9", 0, "\\xE4\\xB8\xc3\xa9");
	SAN("\xe2\x80\x1b", 0, "\\xE2\\x80^[");
}

/* acc_cp_width follows wcwidth rules from built-in tables. */
static void test_cp_width(void **state)
{
	assert_int_equal(acc_cp_width('a'), 1);
	assert_int_equal(acc_cp_width(' '), 1);
	assert_int_equal(acc_cp_width('~'), 1);
	assert_int_equal(acc_cp_width(0x00), -1);
	assert_int_equal(acc_cp_width(0x09), -1);
	assert_int_equal(acc_cp_width(0x0A), -1);
	assert_int_equal(acc_cp_width(0x1B), -1);
	assert_int_equal(acc_cp_width(0x7F), -1);
	assert_int_equal(acc_cp_width(0x85), -1);
	assert_int_equal(acc_cp_width(0x9F), -1);
	assert_int_equal(acc_cp_width(0xA0), 1);
	assert_int_equal(acc_cp_width(0xE9), 1);
	assert_int_equal(acc_cp_width(0x2026), 1);
	assert_int_equal(acc_cp_width(0x0300), 0);
	assert_int_equal(acc_cp_width(0x0301), 0);
	assert_int_equal(acc_cp_width(0x036F), 0);
	assert_int_equal(acc_cp_width(0x0370), 1);
	assert_int_equal(acc_cp_width(0x0483), 0);
	assert_int_equal(acc_cp_width(0x05B0), 0);
	assert_int_equal(acc_cp_width(0x0E31), 0);
	assert_int_equal(acc_cp_width(0x20DD), 0);
	assert_int_equal(acc_cp_width(0xFE0F), 0);
	assert_int_equal(acc_cp_width(0x1160), 0);
	assert_int_equal(acc_cp_width(0x1100), 2);
	assert_int_equal(acc_cp_width(0x3042), 2);
	assert_int_equal(acc_cp_width(0x3099), 0);
	assert_int_equal(acc_cp_width(0x4E2D), 2);
	assert_int_equal(acc_cp_width(0xAC00), 2);
	assert_int_equal(acc_cp_width(0xD7A3), 2);
	assert_int_equal(acc_cp_width(0xFF21), 2);
	assert_int_equal(acc_cp_width(0xFF61), 1);
	assert_int_equal(acc_cp_width(0xFFE0), 2);
	assert_int_equal(acc_cp_width(0x1F600), 2);
	assert_int_equal(acc_cp_width(0x1F30D), 2);
	assert_int_equal(acc_cp_width(0x1F9D1), 2);
	assert_int_equal(acc_cp_width(0x20000), 2);
	assert_int_equal(acc_cp_width(0x2FFFD), 2);
	assert_int_equal(acc_cp_width(0x3134A), 2);
	assert_int_equal(acc_cp_width(0xE0100), 0);
	assert_int_equal(acc_cp_width(0x10FFFF), 1);
	assert_int_equal(acc_cp_width(0xD800), -1);
	assert_int_equal(acc_cp_width(0x110000), -1);
	/* format characters are invisible */
	assert_int_equal(acc_cp_width(0x200B), 0);
	assert_int_equal(acc_cp_width(0x202E), 0);
	assert_int_equal(acc_cp_width(0xFEFF), 0);
}

/* acc_display_width counts columns, widest line when "\n" is present. */
static void test_display_width(void **state)
{
	assert_int_equal(acc_display_width("", 0), 0);
	assert_int_equal(acc_display_width(NULL, 0), 0);
	assert_int_equal(acc_display_width("hello", 5), 5);
	assert_int_equal(acc_display_width("\xc3\xa9", 2), 1);
	assert_int_equal(acc_display_width("e\xcc\x81", 3), 1);
	assert_int_equal(acc_display_width("e\xcc\x81\xcc\xa3", 5), 1);
	assert_int_equal(acc_display_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4);
	assert_int_equal(acc_display_width("\xf0\x9f\x98\x80", 4), 2);
	assert_int_equal(acc_display_width("a\xf0\x9f\x8c\x8d", 5), 3);
	assert_int_equal(acc_display_width("\xef\xbc\xa1", 3), 2);
	assert_int_equal(acc_display_width("ab\nabcd\nc", 9), 4);
	assert_int_equal(acc_display_width("abcd\n", 5), 4);
	/* unsanitised text measures as its sanitised form */
	assert_int_equal(acc_display_width("\x1b[2J", 4), 5);
	assert_int_equal(acc_display_width("\xff", 1), 4);
	assert_int_equal(acc_display_width("\xe2\x80\xae", 3), 8);
	assert_int_equal(acc_display_width("\t", 1), 2);
}

/* Text that fits is sanitised whole; ellipsis is added only on a cut. */
static void test_fit_whole(void **state)
{
	check_fit("", 10, 1, "", 0);
	check_fit("abc", 10, 0, "abc", 3);
	check_fit("abc", 10, 1, "abc", 3);
	check_fit("abc", 3, 1, "abc", 3);
	check_fit("\xe4\xb8\xad\xe6\x96\x87", 4, 1, "\xe4\xb8\xad\xe6\x96\x87", 4);
	/* a fit is one line: newline and tab are shown */
	check_fit("a\nb\tc", 10, 0, "a^Jb^Ic", 7);
	check_fit("\x1b[2J", 10, 0, "^[[2J", 5);
}

/* A cut stops at a code point boundary, with "…" in the last column. */
static void test_fit_cut(void **state)
{
	check_fit("abcdef", 3, 0, "abc", 3);
	check_fit("abcdef", 3, 1, "ab" ELLIPSIS, 3);
	check_fit("abcdef", 1, 1, ELLIPSIS, 1);
	check_fit("abcdef", 1, 0, "a", 1);
	check_fit("d\xc3\xa9l\xc3\xa9gu\xc3\xa9", 4, 0, "d\xc3\xa9l\xc3\xa9", 4);
	check_fit("d\xc3\xa9l\xc3\xa9gu\xc3\xa9", 4, 1, "d\xc3\xa9l" ELLIPSIS, 4);
	/* combining marks stay with their base */
	check_fit("e\xcc\x81"
		  "e\xcc\x81xyz",
		  2, 0,
		  "e\xcc\x81"
		  "e\xcc\x81",
		  2);
	check_fit("e\xcc\x81"
		  "e\xcc\x81xyz",
		  3, 1,
		  "e\xcc\x81"
		  "e\xcc\x81" ELLIPSIS,
		  3);
	/* escapes are cut like any other text, never left active */
	check_fit("\x1b[2J", 3, 0, "^[[", 3);
	check_fit("\x1b[2J", 2, 1, "^" ELLIPSIS, 2);
	check_fit("\xe2\x80\xae"
		  "abc",
		  5, 1, "<U+2" ELLIPSIS, 5);
	check_fit("\xff\xfe", 6, 0, "\\xFF\\x", 6);
}

/* A wide character that would overflow is left out whole. */
static void test_fit_wide(void **state)
{
	const char *cjk = "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"; /* 6 columns */

	check_fit(cjk, 5, 0, "\xe4\xb8\xad\xe6\x96\x87", 4);
	check_fit(cjk, 4, 0, "\xe4\xb8\xad\xe6\x96\x87", 4);
	check_fit(cjk, 3, 0, "\xe4\xb8\xad", 2);
	check_fit(cjk, 5, 1, "\xe4\xb8\xad\xe6\x96\x87" ELLIPSIS, 5);
	check_fit(cjk, 4, 1, "\xe4\xb8\xad" ELLIPSIS, 3);
	check_fit(cjk, 3, 1, "\xe4\xb8\xad" ELLIPSIS, 3);
	check_fit(cjk, 2, 1, ELLIPSIS, 1);
	check_fit("a\xe4\xb8\xad", 2, 0, "a", 1);
	/* cols smaller than one wide character */
	check_fit(cjk, 1, 0, "", 0);
	check_fit(cjk, 1, 1, ELLIPSIS, 1);
	check_fit("\xe4\xb8\xad", 1, 0, "", 0);
	check_fit("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, 0, "\xf0\x9f\x98\x80", 2);
}

/* cols == 0 writes nothing, and fit appends to existing content. */
static void test_fit_zero_and_append(void **state)
{
	acc_buf b = ACC_BUF_INIT;
	size_t used = 99;

	assert_int_equal(acc_sanitize_fit(&b, "abc", 3, 0, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(b.size, 0);
	assert_int_equal(acc_sanitize_fit(&b, "abc", 3, 0, 0, &used), 0);
	assert_int_equal(b.size, 0);
	assert_int_equal(acc_buf_puts(&b, "| "), 0);
	assert_int_equal(acc_sanitize_fit(&b, "abcdef", 6, 4, 1, &used), 0);
	assert_string_equal(b.ptr, "| abc" ELLIPSIS);
	assert_int_equal(used, 4);
	assert_int_equal(acc_sanitize_fit(&b, "abc", 3, 0, 1, &used), 0);
	assert_string_equal(b.ptr, "| abc" ELLIPSIS);
	acc_buf_free(&b);
}

/* A fixed-seed xorshift generator, so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* The next pseudo-random number. */
static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

/* Whether cp must never reach the terminal (written from the header's
 * list, independently of the implementation's tables). */
static int forbidden_cp(uint32_t cp, unsigned flags)
{
	if (cp == '\n')
		return !(flags & ACC_SAN_NEWLINES);
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 1;
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD)
		return 1;
	if (cp == 0x2028 || cp == 0x2029 || (cp >= 0xE0000 && cp <= 0xE007F))
		return 1;
	return 0;
}

/* Asserts that out (len bytes) is valid UTF-8 holding nothing forbidden. */
static void assert_safe(const char *out, size_t len, unsigned flags)
{
	size_t i = 0;

	assert_true(acc_utf8_valid(out, len, NULL));
	while (i < len) {
		uint32_t cp;
		int n = acc_utf8_decode(out + i, len - i, &cp);

		assert_true(n > 0);
		if (forbidden_cp(cp, flags))
			fail_msg("forbidden U+%04X at offset %zu", (unsigned)cp, i);
		i += (size_t)n;
	}
}

/* Appends the UTF-8 encoding of cp (assumed a valid scalar) to b. */
static void put_utf8(acc_buf *b, uint32_t cp)
{
	char e[4];
	size_t n;

	if (cp < 0x80) {
		e[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		e[0] = (char)(0xC0 | cp >> 6), e[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		e[0] = (char)(0xE0 | cp >> 12), e[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		e[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		e[0] = (char)(0xF0 | cp >> 18), e[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		e[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), e[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	assert_int_equal(acc_buf_put(b, e, n), 0);
}

/* Fills b with a random mix of hostile fragments, random bytes and
 * random code points. */
static void random_text(acc_buf *b)
{
	static const char *const frags[] = {
	    "\x1b[2J",
	    "\x1b]0;title\x07",
	    "\x1bPq#0;2;0;0;0\x1b\\",
	    "\x1b[31m",
	    "\xc2\x9b"
	    "2J",
	    "\xc2\x9d"
	    "0;t\xc2\x9c",
	    "\xe2\x80\xae",
	    "\xe2\x81\xa6",
	    "\xe2\x80\x8b",
	    "\xef\xbb\xbf",
	    "\x08",
	    "\r",
	    "\n",
	    "\t",
	    "\x7f",
	    "\xc3\xa9",
	    "e\xcc\x81",
	    "\xe4\xb8\xad",
	    "\xf0\x9f\x98\x80",
	    "\xf3\xa0\x81\x81",
	    "\xed\xa0\x80",
	    "\xc0\xaf",
	    "\xf4\x90\x80\x80",
	    "\xe4\xb8",
	    "Article ",
	};
	static const uint32_t hot[] = {0x80,   0x300,  0x600,	0x2000, 0x3000,
				       0xFE00, 0xFFF0, 0x1F300, 0xE0000};
	size_t parts = rng() % 24, p;

	acc_buf_clear(b);
	for (p = 0; p < parts; p++) {
		uint32_t r = rng() % 4, cp;

		if (r == 0) {
			assert_int_equal(
			    acc_buf_puts(b, frags[rng() % (sizeof(frags) / sizeof(frags[0]))]), 0);
		} else if (r == 1) {
			assert_int_equal(acc_buf_putc(b, (char)(rng() & 0xFF)), 0);
		} else if (r == 2) {
			cp = hot[rng() % (sizeof(hot) / sizeof(hot[0]))] + rng() % 0x200;
			put_utf8(b, cp);
		} else {
			cp = rng() % 0x110000;
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;
			put_utf8(b, cp);
		}
	}
}

/* Property: whatever the input, every flag combination gives valid, safe,
 * idempotent output whose width is that of the input. */
static void test_property_random(void **state)
{
	acc_buf in = ACC_BUF_INIT, out = ACC_BUF_INIT, again = ACC_BUF_INIT;
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		unsigned flags;

		random_text(&in);
		for (flags = 0; flags < 4; flags++) {
			acc_buf_clear(&out);
			acc_buf_clear(&again);
			assert_int_equal(acc_sanitize(&out, in.ptr, in.size, flags), 0);
			assert_safe(text(&out), out.size, flags);
			if (flags & ACC_SAN_TABS)
				assert_null(memchr(text(&out), '\t', out.size));
			assert_int_equal(acc_sanitize(&again, text(&out), out.size, flags), 0);
			assert_int_equal(again.size, out.size);
			assert_memory_equal(text(&again), text(&out), out.size);
			if (flags == ACC_SAN_NEWLINES)
				assert_int_equal(acc_display_width(text(&out), out.size),
						 acc_display_width(in.ptr, in.size));
		}
	}
	acc_buf_free(&in);
	acc_buf_free(&out);
	acc_buf_free(&again);
}

/* Property: a fit is safe, at most cols wide, a prefix of the whole
 * sanitised text, and as long as it can be. */
static void test_property_fit(void **state)
{
	acc_buf in = ACC_BUF_INIT, full = ACC_BUF_INIT, out = ACC_BUF_INIT;
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		size_t cols = rng() % 40, used, total, body;
		int ellipsis = (int)(rng() & 1);

		random_text(&in);
		acc_buf_clear(&full);
		acc_buf_clear(&out);
		assert_int_equal(acc_sanitize(&full, in.ptr, in.size, 0), 0);
		total = acc_display_width(text(&full), full.size);
		assert_int_equal(acc_sanitize_fit(&out, in.ptr, in.size, cols, ellipsis, &used), 0);
		assert_safe(text(&out), out.size, 0);
		assert_true(used <= cols);
		assert_int_equal(acc_display_width(text(&out), out.size), used);
		if (total <= cols && cols > 0) {
			assert_int_equal(used, total);
			assert_int_equal(out.size, full.size);
			assert_memory_equal(text(&out), text(&full), full.size);
			continue;
		}
		if (cols == 0) {
			assert_int_equal(out.size, 0);
			continue;
		}
		body = out.size;
		if (ellipsis) {
			assert_true(body >= 3);
			body -= 3;
			assert_memory_equal(text(&out) + body, ELLIPSIS, 3);
		}
		assert_true(body < full.size);
		assert_memory_equal(text(&out), text(&full), body);
		/* the next code point would not have fitted */
		{
			uint32_t cp;
			size_t budget = ellipsis ? cols - 1 : cols;
			size_t body_w = acc_display_width(text(&full), body);

			assert_true(acc_utf8_decode(text(&full) + body, full.size - body, &cp) > 0);
			assert_true(body_w + (size_t)acc_cp_width(cp) > budget);
		}
	}
	acc_buf_free(&in);
	acc_buf_free(&full);
	acc_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_printable_passes),
	    cmocka_unit_test(test_c0_caret),
	    cmocka_unit_test(test_newlines),
	    cmocka_unit_test(test_tabs),
	    cmocka_unit_test(test_c1),
	    cmocka_unit_test(test_format_chars),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_cp_width),
	    cmocka_unit_test(test_display_width),
	    cmocka_unit_test(test_fit_whole),
	    cmocka_unit_test(test_fit_cut),
	    cmocka_unit_test(test_fit_wide),
	    cmocka_unit_test(test_fit_zero_and_append),
	    cmocka_unit_test(test_property_random),
	    cmocka_unit_test(test_property_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
