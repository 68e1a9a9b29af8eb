/* Tests for the check of what text the record may hold (src/util/textcheck.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "accord/textcheck.h"

/* Characters the record must accept: every one a treaty may need. */
static const char *const allowed[] = {
    "\t",
    "\n",
    " ",
    "~",
    "\xc2\xa0" /* NBSP */,
    "\xc2\xad" /* soft hyphen */,
    "\xe2\x80\x8d" /* ZWJ */,
    "\xe2\x80\x8c" /* ZWNJ */,
    "\xe2\x80\x8e" /* LRM */,
    "\xe2\x80\x8f" /* RLM */,
    "\xd8\x9c" /* ALM */,
    "\xe2\x80\xaf" /* narrow NBSP */,
    "\xe2\x80\x8b" /* ZWSP */,
    "\xe2\x81\xa0" /* word joiner */,
    "\xef\xbb\xbf" /* BOM */,
    "e\xcc\x81" /* combining acute */,
    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85" /* Arabic */,
    "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7" /* Devanagari conjunct */,
    "\xe4\xb8\xad\xe6\x96\x87" /* CJK */,
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x94\xac" /* woman scientist (ZWJ) */,
    ("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xb3\xf3\xa0\x81\xa3\xf3\xa0"
     "\x81\xb4\xf3\xa0\x81\xbf") /* the flag of Scotland (tags) */,
    "\xe2\x80\xa8" /* line separator */,
    "\xef\xbf\xbd" /* U+FFFD */,
    "\xef\xbf\xbc" /* U+FFFC */,
    "\xf4\x8f\xbf\xbd" /* U+10FFFD */,
};

/* One forbidden element each, with the code point (or byte) the message names. */
static const struct {
	const char *s;
	unsigned cp;
	const char *what;
} forbidden[] = {
    {"\x01", 0x01, "control"},
    {"\x1b", 0x1b, "control"},
    {"\r", 0x0d, "control"},
    {"\x7f", 0x7f, "control"},
    {"\xc2\x85", 0x85, "C1"},
    {"\xc2\x9b", 0x9b, "C1"},
    {"\xe2\x80\xaa", 0x202a, "bidi"},
    {"\xe2\x80\xae", 0x202e, "bidi"},
    {"\xe2\x81\xa6", 0x2066, "isolate"},
    {"\xe2\x81\xa9", 0x2069, "isolate"},
    {"\xef\xb7\x90", 0xfdd0, "noncharacter"},
    {"\xef\xbf\xbe", 0xfffe, "noncharacter"},
    {"\xef\xbf\xbf", 0xffff, "noncharacter"},
    {"\xf0\x9f\xbf\xbf", 0x1ffff, "noncharacter"},
    {"\xff", 0xff, "utf-8"},
    {"\xc0\xaf", 0xc0, "utf-8"} /* overlong */,
    {"\xed\xa0\x80", 0xed, "utf-8"} /* an encoded surrogate */,
    {"\xf4\x90\x80\x80", 0xf4, "utf-8"} /* above U+10FFFF */,
    {"\xe2\x80", 0xe2, "utf-8"} /* cut short */,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Every allowed character passes, alone and among others. */
static void test_allowed(void **state)
{
	char all[1024] = "";
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(allowed); i++) {
		assert_int_equal(acc_text_check("f", allowed[i], strlen(allowed[i])), 0);
		strcat(all, allowed[i]);
	}
	assert_int_equal(acc_text_check("f", all, strlen(all)), 0);
	assert_int_equal(acc_text_check("f", "", 0), 0);
	assert_int_equal(acc_text_find_forbidden(NULL, NULL, NULL, NULL, all, strlen(all)), 0);
}

/* Every forbidden element is found where it is, with its code point. */
static void test_forbidden(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(forbidden); i++) {
		char in[64], msg[256];
		size_t off = 99, n = 0;
		uint32_t cp = 0;
		int invalid = -1;

		snprintf(in, sizeof(in), "ok\nfine \xe2\x80\x8d %s tail", forbidden[i].s);
		assert_int_equal(acc_text_find_forbidden(&off, &n, &cp, &invalid, in, strlen(in)),
				 1);
		assert_int_equal(off, 12);
		assert_int_equal(cp, forbidden[i].cp);
		assert_int_equal(invalid, strcmp(forbidden[i].what, "utf-8") == 0);
		assert_int_equal(acc_text_check("clauses/purpose", in, strlen(in)), ACC_EINVAL);
		snprintf(msg, sizeof(msg), "%s", acc_error_last());
		/* one line, naming the file and the line */
		assert_null(strchr(msg, '\n'));
		assert_non_null(strstr(msg, "clauses/purpose: line 2: "));
		assert_non_null(strstr(msg, forbidden[i].what));
		assert_non_null(strstr(msg, "may not be stored"));
	}
	/* NUL is a control too */
	assert_int_equal(acc_text_check("x", "a\0b", 3), ACC_EINVAL);
}

/* The exact copy keeps allowed text byte for byte and replaces each
 * forbidden element by U+FFFD. */
static void test_exact(void **state)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(allowed); i++) {
		acc_buf_clear(&b);
		assert_int_equal(acc_text_exact(&b, allowed[i], strlen(allowed[i])), 0);
		assert_int_equal(b.size, strlen(allowed[i]));
		assert_memory_equal(b.ptr, allowed[i], b.size);
	}
	acc_buf_clear(&b);
	assert_int_equal(acc_text_exact(&b,
					"a\x1b[1m\xe2\x80\xae"
					"b\xff",
					10),
			 0);
	assert_string_equal(b.ptr, "a\xef\xbf\xbd[1m\xef\xbf\xbd"
				   "b\xef\xbf\xbd");
	acc_buf_clear(&b);
	assert_int_equal(acc_text_exact(&b, NULL, 0), 0);
	assert_int_equal(b.size, 0);
	acc_buf_free(&b);
}

/* Random mixtures: the check fails exactly when a forbidden piece is in,
 * and the exact copy of any text passes the check. */
static void test_random(void **state)
{
	unsigned long seed = 777;
	size_t round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		char in[512];
		size_t n = 0, k;
		int bad = 0;
		acc_buf b = ACC_BUF_INIT;

		for (k = 0; k < 12; k++) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 9 == 0 && round % 2) {
				p = forbidden[(seed >> 8) % COUNT(forbidden)].s;
				bad = 1;
			} else {
				p = allowed[(seed >> 8) % COUNT(allowed)];
			}
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		assert_int_equal(acc_text_check("r", in, n) < 0, bad);
		assert_int_equal(acc_text_exact(&b, in, n), 0);
		assert_int_equal(acc_text_check("r", b.ptr ? b.ptr : "", b.size), 0);
		if (!bad) {
			assert_int_equal(b.size, n);
			assert_memory_equal(b.ptr, in, n);
		}
		acc_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_allowed),
	    cmocka_unit_test(test_forbidden),
	    cmocka_unit_test(test_exact),
	    cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
