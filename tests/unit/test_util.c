/*
 * Tests of util: buffers, string lists, UTF-8 decoding and validation,
 * error messages, file reading limits and tree removal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "accord/util.h"
#include "helpers/testutil.h"

/* Buffers grow, stay NUL-terminated and hand over their string. */
static void test_buf(void **state)
{
	acc_buf b = ACC_BUF_INIT;
	char *s;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++)
		assert_int_equal(acc_buf_printf(&b, "%d,", i % 10), 0);
	assert_int_equal(b.size, 20000);
	assert_int_equal(b.ptr[b.size], '\0');
	assert_int_equal(acc_buf_put(&b, "a\0b", 3), 0);
	assert_int_equal(b.size, 20003);
	assert_memory_equal(b.ptr + 20000, "a\0b", 3);
	acc_buf_clear(&b);
	assert_int_equal(b.size, 0);
	assert_string_equal(b.ptr, "");
	s = acc_buf_detach(&b);
	assert_string_equal(s, "");
	assert_null(b.ptr);
	free(s);
	s = acc_buf_detach(&b); /* an empty buffer still gives a string */
	assert_string_equal(s, "");
	free(s);
	acc_buf_free(&b);
	acc_buf_free(NULL);
}

/* String lists keep copies in order and find them. */
static void test_strlist(void **state)
{
	acc_strlist l = ACC_STRLIST_INIT;
	char word[16];
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(word, sizeof(word), "w%d", i);
		assert_int_equal(acc_strlist_add(&l, word), 0);
	}
	assert_int_equal(acc_strlist_addn(&l, "abcdef", 3), 0);
	assert_int_equal(l.count, 101);
	assert_int_equal(acc_strlist_find(&l, "w42"), 42);
	assert_int_equal(acc_strlist_find(&l, "abc"), 100);
	assert_int_equal(acc_strlist_find(&l, "abcdef"), -1);
	acc_strlist_free(&l);
	assert_int_equal(l.count, 0);
	acc_strlist_free(NULL);
}

/* UTF-8: exactly RFC 3629; the first bad byte is located. */
static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		int ok;
		size_t bad;
	} cases[] = {
	    {"plain", 1, 0},
	    {"caf\xc3\xa9", 1, 0},
	    {"\xe2\x80\xae", 1, 0},
	    {"\xf0\x9f\x98\x80", 1, 0},
	    {"\xf4\x8f\xbf\xbf", 1, 0}, /* U+10FFFF */
	    {"ab\xc0\xaf", 0, 2},	/* overlong '/' */
	    {"\xe0\x80\x80", 0, 0},	/* overlong */
	    {"x\xed\xa0\x80", 0, 1},	/* surrogate */
	    {"\xf4\x90\x80\x80", 0, 0}, /* above U+10FFFF */
	    {"abc\xe2\x80", 0, 3},	/* truncated */
	    {"\x80", 0, 0},		/* lone continuation */
	    {"\xff", 0, 0},
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		bad = 999;
		assert_int_equal(acc_utf8_valid(cases[i].s, strlen(cases[i].s), &bad), cases[i].ok);
		if (!cases[i].ok)
			assert_int_equal(bad, cases[i].bad);
	}
	{
		uint32_t cp;

		assert_int_equal(acc_utf8_decode("\xc3\xa9", 2, &cp), 2);
		assert_int_equal(cp, 0xe9);
		assert_int_equal(acc_utf8_decode("\xc3", 1, &cp), -1);
		assert_int_equal(cp, 0xc3);
		assert_int_equal(acc_utf8_decode("", 0, &cp), -1);
	}
}

/* Errors: set returns its code; prefix adds context; clear empties. */
static void test_errors(void **state)
{
	char longer[3000];

	(void)state;
	assert_int_equal(acc_error_set(ACC_EINVAL, "bad %s", "thing"), ACC_EINVAL);
	assert_string_equal(acc_error_last(), "bad thing");
	assert_int_equal(acc_error_code(), ACC_EINVAL);
	assert_int_equal(acc_error_prefix(ACC_EREFUSED, "file:%d", 3), ACC_EREFUSED);
	assert_string_equal(acc_error_last(), "file:3: bad thing");
	assert_int_equal(acc_error_code(), ACC_EREFUSED);
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	acc_error_set(ACC_ERROR, "%s", longer); /* truncated, never overflowing */
	acc_error_prefix(ACC_ERROR, "%s", longer);
	assert_true(strlen(acc_error_last()) < 1024);
	acc_error_clear();
	assert_string_equal(acc_error_last(), "");
	assert_int_equal(acc_error_code(), ACC_OK);
}

/* Files: read whole, refused past the limit, missing named. */
static void test_files(void **state)
{
	char *dir = tu_mkdtemp(), path[4200], *data = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/a", dir);
	assert_int_equal(mkdir(path, 0777), 0);
	snprintf(path, sizeof(path), "%s/a/f", dir);
	f = fopen(path, "w");
	fputs("0123456789", f);
	fclose(f);
	assert_int_equal(acc_file_read(&data, &len, path, 10), 0);
	assert_int_equal(len, 10);
	assert_string_equal(data, "0123456789");
	free(data);
	assert_int_equal(acc_file_read(&data, &len, path, 9), ACC_EINVAL);
	assert_null(data);
	assert_non_null(strstr(acc_error_last(), "larger than"));
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(acc_file_read(&data, &len, path, 10), ACC_ERROR);
	assert_non_null(strstr(acc_error_last(), "missing"));
	/* rmtree removes folders and files, and does not follow links */
	{
		char outside[4200], keep[4300];

		/* a link to a folder outside: removed itself, its target kept */
		snprintf(outside, sizeof(outside), "%s/outside", dir);
		assert_int_equal(mkdir(outside, 0777), 0);
		snprintf(keep, sizeof(keep), "%s/keep", outside);
		fclose(fopen(keep, "w"));
		snprintf(path, sizeof(path), "%s/a/link", dir);
		assert_int_equal(symlink(outside, path), 0);
		snprintf(path, sizeof(path), "%s/a", dir);
		assert_int_equal(acc_rmtree(path), 0);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(access(keep, F_OK), 0);
	}
	tu_rmrf(dir);
	free(dir);
}

/* Formatting helpers allocate exactly what they print. */
static void test_sprintf(void **state)
{
	char *s = acc_sprintf("%s-%u", "norland", 12u), *d = acc_strndup("abcdef", 2);

	(void)state;
	assert_string_equal(s, "norland-12");
	assert_string_equal(d, "ab");
	free(s);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf),	  cmocka_unit_test(test_strlist),
	    cmocka_unit_test(test_utf8),  cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_files), cmocka_unit_test(test_sprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
