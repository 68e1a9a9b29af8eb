/* Unit tests of record: round trips, hostile input, field editing, and
 * randomised round-trip and robustness properties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/record.h"

/* A literal with its exact length (it may hold NUL bytes). */
#define LIT(s) s, sizeof(s) - 1

/* ---------------------------------------------------------------- helpers */

/* State of the tests' own PRNG (splitmix64), reset by each test. */
static uint64_t rng_state;

/* Seeds the PRNG so every run draws the same sequence. */
static void rng_seed(uint64_t seed)
{
	rng_state = seed;
}

/* The next 64 pseudo-random bits (splitmix64). */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A pseudo-random number in [0, n); n > 0. */
static size_t rng_below(size_t n)
{
	return (size_t)(rng_next() % n);
}

/* Whether the message is safe to print: valid UTF-8 with no C0, DEL or C1
 * control character. */
static int message_is_clean(const char *m)
{
	size_t i = 0, n = strlen(m);

	while (i < n) {
		uint32_t cp;
		int len = acc_utf8_decode(m + i, n - i, &cp);

		if (len < 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return 0;
		i += (size_t)len;
	}
	return 1;
}

/* Parses len bytes of data named name and asserts it is accepted and
 * written back byte for byte. */
static void assert_round_trip(const char *data, size_t len, const char *name)
{
	acc_record *r = NULL;
	acc_buf out = ACC_BUF_INIT;
	int rc = acc_record_parse(&r, data, len, name);

	if (rc != 0)
		fail_msg("rejected a valid record: %s", acc_error_last());
	assert_non_null(r);
	assert_non_null(r->body);
	assert_int_equal(acc_record_write(&out, r), 0);
	assert_int_equal(out.size, len);
	assert_memory_equal(out.ptr, data, len);
	acc_buf_free(&out);
	acc_record_free(r);
}

/* Asserts that the message starts with "<name>:<line>: " and contains
 * needle, and that it is safe to print. */
static void assert_message(const char *name, int line, const char *needle)
{
	char prefix[600];
	const char *m = acc_error_last();

	snprintf(prefix, sizeof(prefix), "%s:%d: ", name, line);
	if (strncmp(m, prefix, strlen(prefix)) != 0 || !strstr(m, needle))
		fail_msg("message \"%s\" lacks prefix \"%s\" or \"%s\"", m, prefix, needle);
	assert_true(message_is_clean(m));
}

/* Asserts that parsing data fails with ACC_EINVAL and a message naming
 * name:line and containing needle. */
static void assert_rejected(const char *data, size_t len, const char *name, int line,
			    const char *needle)
{
	acc_record *r = (acc_record *)&r; /* must be reset to NULL */
	int rc;

	acc_error_clear();
	rc = acc_record_parse(&r, data, len, name);
	if (rc != ACC_EINVAL)
		fail_msg("expected ACC_EINVAL for case \"%s\", got %d", needle, rc);
	assert_null(r);
	assert_message(name ? name : "<record>", line, needle);
}

/* Parses data (which must be valid) into a new record named name. */
static acc_record *parse_ok(const char *data, const char *name)
{
	acc_record *r = NULL;

	if (acc_record_parse(&r, data, strlen(data), name) != 0)
		fail_msg("rejected: %s", acc_error_last());
	return r;
}

/* Asserts that writing r gives exactly expect. */
static void assert_writes(const acc_record *r, const char *expect)
{
	acc_buf out = ACC_BUF_INIT;

	assert_int_equal(acc_record_write(&out, r), 0);
	assert_non_null(out.ptr);
	assert_string_equal(out.ptr, expect);
	assert_int_equal(out.size, strlen(expect));
	acc_buf_free(&out);
}

/* ---------------------------------------------------------- round trips */

/* Every valid record of a hand-written list is written back unchanged. */
static void test_round_trip_examples(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
	    {LIT("\n")},
	    {LIT("\n\n")},
	    {LIT("\n\n\n")},
	    {LIT("\nbody\n")},
	    {LIT("\n  indented body\n")},
	    {LIT("A: b\n\n")},
	    {LIT("A: b\n\n \n")},
	    {LIT("Title: Digital Geneva Convention\nShort-Title: DGC\n\nText.\n")},
	    {LIT("Co-Sponsor: org-a\nCo-Sponsor: org-b\nCo-Sponsor: org-a\n\n")},
	    {LIT("Name: Minist\xC3\xA8re des Affaires \xC3\xA9trang\xC3\xA8res\n"
		 "City: \xE6\x9D\xB1\xE4\xBA\xAC\nEmoji: \xF0\x9F\x98\x80 ok\n"
		 "Nbsp: a\xC2\xA0"
		 "b\nMax: \xF4\x8F\xBF\xBF\n\n")},
	    {LIT("A: b\n\nline 1\n\nline 3\n\n\n")},
	    {LIT("A: b\n\n\x1b[31mred\x1b[0m\r\nx\ry\t\x7f\xC2\x85\x01\n")},
	    {LIT("A: b\n\n\r\n")},
	    {LIT("A: b\n\n\xE2\x80\xAE reversed \xE2\x80\xAC\n")},
	    {LIT("A: value: with: colons\n\n")},
	    {LIT("A: a  b\n\n")},
	    {LIT("A: :\n\n")},
	    {LIT("A: \xE2\x80\xAE\n\n")},
	    {LIT("K-9-x: 1\nZ: z\nA-: -\n\nTrailing spaces   \n")},
	    {LIT("Key: value\n\nbody: that looks: like a header\nKey: x\n")},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_round_trip(cases[i].s, cases[i].len, "case");
}

/* Records at the limits (64-byte key, 4096-byte line) round-trip. */
static void test_round_trip_limits(void **state)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	assert_int_equal(acc_buf_putc(&b, 'K'), 0);
	for (i = 1; i < ACC_RECORD_MAX_KEY; i++)
		assert_int_equal(acc_buf_putc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(acc_buf_puts(&b, ": v\n"), 0);
	assert_int_equal(acc_buf_puts(&b, "L: "), 0);
	for (i = 3; i < ACC_RECORD_MAX_LINE; i++)
		assert_int_equal(acc_buf_putc(&b, 'x'), 0);
	assert_int_equal(acc_buf_puts(&b, "\n\n"), 0);
	for (i = 0; i < 3 * ACC_RECORD_MAX_LINE; i++) /* body lines are not limited */
		assert_int_equal(acc_buf_putc(&b, 'y'), 0);
	assert_int_equal(acc_buf_putc(&b, '\n'), 0);
	assert_round_trip(b.ptr, b.size, "limits");
	acc_buf_free(&b);
}

/* The parser keeps every field in order with its line, the body and its
 * first line, and the file name. */
static void test_parse_structure(void **state)
{
	acc_record *r = parse_ok("Title: X\nCo: a\nCo: b\n\nBody\nmore\n", "clauses/art-1");

	assert_int_equal(r->nfields, 3);
	assert_string_equal(r->fields[0].key, "Title");
	assert_string_equal(r->fields[0].value, "X");
	assert_int_equal(r->fields[0].line, 1);
	assert_string_equal(r->fields[1].key, "Co");
	assert_string_equal(r->fields[1].value, "a");
	assert_int_equal(r->fields[1].line, 2);
	assert_string_equal(r->fields[2].value, "b");
	assert_int_equal(r->fields[2].line, 3);
	assert_string_equal(r->body, "Body\nmore\n");
	assert_int_equal(r->body_len, 10);
	assert_int_equal(r->body_line, 5);
	assert_string_equal(r->file, "clauses/art-1");
	acc_record_free(r);

	r = parse_ok("\n", NULL);
	assert_int_equal(r->nfields, 0);
	assert_string_equal(r->body, "");
	assert_int_equal(r->body_len, 0);
	assert_int_equal(r->body_line, 2);
	assert_null(r->file);
	acc_record_free(r);

	/* a record of data NULL and length 0 is the empty input */
	assert_rejected(NULL, 0, "empty", 1, "missing empty line after the header");
}

/* --------------------------------------------------------- hostile input */

/* Malformed records are refused with the right line and reason. */
static void test_malformed(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		int line;
		const char *needle;
	} cases[] = {
	    {LIT(""), 1, "missing empty line after the header"},
	    {LIT("A: b"), 1, "missing empty line after the header"},
	    {LIT("A: b\n"), 2, "missing empty line after the header"},
	    {LIT("A: b\nBody: text\n"), 3, "missing empty line after the header"},
	    {LIT("A: b\nC: d\nbody text\n"), 3, "header line without ': '"},
	    {LIT("A\n\n"), 1, "header line without ': '"},
	    {LIT("A:b\n\n"), 1, "header line without ': '"},
	    {LIT("A:\n\n"), 1, "header line without ': '"},
	    {LIT(" \n\n"), 1, "header line without ': '"},
	    {LIT("A: \n\n"), 1, "value of 'A' is empty"},
	    {LIT("A:  b\n\n"), 1, "value of 'A' begins with a space"},
	    {LIT("A: b \n\n"), 1, "value of 'A' ends with a space"},
	    {LIT("A: b\nC: d\tx\n\n"), 2, "control character U+0009"},
	    {LIT("A: b\x1b[0m\n\n"), 1, "control character U+001B"},
	    {LIT("A: b\x7f\n\n"), 1, "control character U+007F"},
	    {LIT("A: b\xC2\x80\n\n"), 1, "control character U+0080"},
	    {LIT("A: \xC2\x85x\n\n"), 1, "control character U+0085"},
	    {LIT("A: b\xC2\x9F\n\n"), 1, "control character U+009F"},
	    {LIT("A: b\x01\n\n"), 1, "control character U+0001"},
	    {LIT("A: b\r\n\n"), 1, "carriage return in header"},
	    {LIT("A: b\n\r\n"), 2, "carriage return in header"},
	    {LIT("\r\n"), 1, "carriage return in header"},
	    {LIT("A: b\nC: d\n\nx\ny"), 5, "body does not end with a newline"},
	    {LIT("\nx"), 2, "body does not end with a newline"},
	    {LIT("\nx\n\n\r"), 4, "body does not end with a newline"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_rejected(cases[i].s, cases[i].len, "clauses/art-1", cases[i].line,
				cases[i].needle);
	/* without a name, messages use "<record>" */
	assert_rejected(LIT("A: b\nfoo\n\n"), NULL, 2, "header line without ': '");
}

/* Keys must match [A-Z][A-Za-z0-9-]* and be at most 64 bytes; offending
 * keys are quoted with unsafe bytes escaped. */
static void test_bad_keys(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		int line;
		const char *needle;
	} cases[] = {
	    {LIT("foo: x\n\n"), 1, "invalid key 'foo'"},
	    {LIT("A: b\nFoo bar: x\n\n"), 2, "invalid key 'Foo bar'"},
	    {LIT(": x\n\n"), 1, "empty key"},
	    {LIT("9A: x\n\n"), 1, "invalid key '9A'"},
	    {LIT("-A: x\n\n"), 1, "invalid key '-A'"},
	    {LIT("A_b: x\n\n"), 1, "invalid key 'A_b'"},
	    {LIT("A:b: x\n\n"), 1, "invalid key 'A:b'"},
	    {LIT("\xC3\x84: x\n\n"), 1, "invalid key '\xC3\x84'"},
	    {LIT("Fo\x1b[31mo: x\n\n"), 1, "invalid key 'Fo\\x1B[31mo'"},
	    {LIT("\xEF\xBB\xBFTitle: x\n\n"), 1, "invalid key '\\xEF\\xBB\\xBFTitle'"},
	    {LIT("A\xC2\x9B"
		 "1m: x\n\n"),
	     1, "invalid key 'A\\xC2\\x9B1m'"},
	    {LIT("A\xE2\x80\xAE"
		 "b: x\n\n"),
	     1, "invalid key 'A\\xE2\\x80\\xAEb'"},
	};
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_rejected(cases[i].s, cases[i].len, "orgs/un", cases[i].line,
				cases[i].needle);

	/* 65 bytes: one too many */
	assert_int_equal(acc_buf_puts(&b, "A: b\nC: d\nK"), 0);
	for (i = 1; i <= ACC_RECORD_MAX_KEY; i++)
		assert_int_equal(acc_buf_putc(&b, 'k'), 0);
	assert_int_equal(acc_buf_puts(&b, ": v\n\n"), 0);
	assert_rejected(b.ptr, b.size, "orgs/un", 3, "longer than 64 bytes");
	acc_buf_free(&b);

	/* a very long bad key is cut in the message */
	assert_int_equal(acc_buf_puts(&b, "k"), 0);
	for (i = 0; i < 3000; i++)
		assert_int_equal(acc_buf_putc(&b, 'k'), 0);
	assert_int_equal(acc_buf_puts(&b, ": v\n\n"), 0);
	assert_rejected(b.ptr, b.size, "orgs/un", 1, "invalid key 'kkk");
	assert_non_null(strstr(acc_error_last(), "...'"));
	assert_true(strlen(acc_error_last()) < 200);
	acc_buf_free(&b);
}

/* Invalid UTF-8 is refused wherever it is, naming the line of the bad
 * byte. */
static void test_invalid_utf8(void **state)
{
	static const char *const bad[] = {
	    "\xC0\xAF",		/* overlong "/" */
	    "\xE0\x80\xAF",	/* overlong, three bytes */
	    "\xF0\x80\x80\xAF", /* overlong, four bytes */
	    "\xED\xA0\x80",	/* surrogate U+D800 */
	    "\xED\xBF\xBF",	/* surrogate U+DFFF */
	    "\xE2\x82",		/* truncated euro sign */
	    "\xF0\x9F\x98",	/* truncated emoji */
	    "\xF4\x90\x80\x80", /* above U+10FFFF */
	    "\x80",		/* lone continuation byte */
	    "\xFF",		/* never valid */
	    "\xC3",		/* lead byte alone */
	};
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* in a value, on line 3 */
		acc_buf_clear(&b);
		assert_int_equal(acc_buf_printf(&b, "A: b\nC: d\nE: x%sy\n\nbody\n", bad[i]), 0);
		assert_rejected(b.ptr, b.size, "clauses/art-2", 3, "invalid utf-8");
		/* in a key */
		acc_buf_clear(&b);
		assert_int_equal(acc_buf_printf(&b, "A%s: b\n\n", bad[i]), 0);
		assert_rejected(b.ptr, b.size, "clauses/art-2", 1, "invalid utf-8");
		/* in the body, on line 5 */
		acc_buf_clear(&b);
		assert_int_equal(acc_buf_printf(&b, "A: b\n\nl1\nl2\nx%s\nl4\n", bad[i]), 0);
		assert_rejected(b.ptr, b.size, "clauses/art-2", 5, "invalid utf-8");
		/* truncated at the very end of the data, on line 3 */
		acc_buf_clear(&b);
		assert_int_equal(acc_buf_printf(&b, "\nl1\n%s", bad[i]), 0);
		assert_rejected(b.ptr, b.size, "clauses/art-2", 3, "invalid utf-8");
	}
	acc_buf_free(&b);
}

/* NUL bytes are refused in the header and in the body. */
static void test_nul_bytes(void **state)
{
	assert_rejected(LIT("\0"), "c", 1, "nul byte");
	assert_rejected(LIT("A: b\nC: \0d\n\n"), "c", 2, "nul byte");
	assert_rejected(LIT("A: b\n\0\n"), "c", 2, "nul byte");
	assert_rejected(LIT("A: b\n\nx\ny\0\n"), "c", 4, "nul byte");
	assert_rejected(LIT("A: b\n\nx\n\n\n\0"), "c", 6, "nul byte");
}

/* Header lines longer than ACC_RECORD_MAX_LINE bytes are refused. */
static void test_oversize_line(void **state)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	assert_int_equal(acc_buf_puts(&b, "A: b\nL: "), 0);
	for (i = 3; i < ACC_RECORD_MAX_LINE + 1; i++)
		assert_int_equal(acc_buf_putc(&b, 'x'), 0);
	assert_int_equal(acc_buf_puts(&b, "\n\n"), 0);
	assert_rejected(b.ptr, b.size, "c", 2, "header line longer than 4096 bytes");

	/* the same without any newline after it */
	b.size -= 2;
	assert_rejected(b.ptr, b.size, "c", 2, "header line longer than 4096 bytes");

	/* a huge line of no ": " at all */
	acc_buf_clear(&b);
	for (i = 0; i < 100000; i++)
		assert_int_equal(acc_buf_putc(&b, 'x'), 0);
	assert_rejected(b.ptr, b.size, "c", 1, "header line longer than 4096 bytes");
	acc_buf_free(&b);
}

/* Fills a buffer of exactly n bytes: a short header, then 100-byte body
 * lines, the last byte a newline. */
static char *make_big(size_t n)
{
	char *p = malloc(n);
	size_t i;

	assert_non_null(p);
	memcpy(p, "A: b\n\n", 6);
	for (i = 6; i < n; i++)
		p[i] = (i % 100 == 99) ? '\n' : 'a';
	p[n - 1] = '\n';
	return p;
}

/* A record of ACC_RECORD_MAX_SIZE bytes is accepted; one byte more is
 * refused, naming the line where the limit is crossed. */
static void test_oversize_record(void **state)
{
	size_t max = ACC_RECORD_MAX_SIZE, i;
	char *p = make_big(max);
	int line = 1;

	assert_round_trip(p, max, "big");
	free(p);

	p = make_big(max + 1);
	for (i = 0; i < max; i++)
		line += p[i] == '\n';
	assert_rejected(p, max + 1, "big", line, "record larger than");
	free(p);
}

/* --------------------------------------------------------- field access */

/* acc_record_get refuses repeats with the line of the second one and
 * leaves the message alone when the key is absent. */
static void test_get_and_duplicates(void **state)
{
	acc_record *r = parse_ok("Title: T\nCo: a\nId: 1\nCo: b\nCo: c\n\n", "amendments/x");
	const char *v = "unset";

	assert_int_equal(acc_record_get(r, "Title", &v), 0);
	assert_string_equal(v, "T");
	assert_int_equal(acc_record_get(r, "Id", &v), 0);
	assert_string_equal(v, "1");

	v = "unset";
	assert_int_equal(acc_record_get(r, "Co", &v), ACC_EINVAL);
	assert_null(v);
	assert_message("amendments/x", 4, "duplicate key 'Co'");

	acc_error_set(ACC_ERROR, "sentinel");
	assert_int_equal(acc_record_get(r, "Missing", &v), ACC_ENOTFOUND);
	assert_null(v);
	assert_string_equal(acc_error_last(), "sentinel");
	assert_int_equal(acc_record_get(r, "title", &v), ACC_ENOTFOUND);

	assert_int_equal(acc_record_require(r, "Title", &v), 0);
	assert_string_equal(v, "T");
	assert_int_equal(acc_record_require(r, "Missing", &v), ACC_EINVAL);
	assert_string_equal(acc_error_last(), "amendments/x: missing key 'Missing'");
	assert_int_equal(acc_record_require(r, "Co", &v), ACC_EINVAL);
	assert_message("amendments/x", 4, "duplicate key 'Co'");

	assert_int_equal(acc_record_count(r, "Co"), 3);
	assert_int_equal(acc_record_count(r, "Title"), 1);
	assert_int_equal(acc_record_count(r, "None"), 0);
	assert_string_equal(acc_record_nth(r, "Co", 0), "a");
	assert_string_equal(acc_record_nth(r, "Co", 1), "b");
	assert_string_equal(acc_record_nth(r, "Co", 2), "c");
	assert_null(acc_record_nth(r, "Co", 3));
	assert_null(acc_record_nth(r, "None", 0));
	assert_int_equal(acc_record_line(r, "Co"), 2);
	assert_int_equal(acc_record_line(r, "Id"), 3);
	assert_int_equal(acc_record_line(r, "None"), 0);
	acc_record_free(r);

	/* a built record has no lines: the message names the file only */
	assert_int_equal(acc_record_new(&r), 0);
	assert_int_equal(acc_record_add(r, "K", "1"), 0);
	assert_int_equal(acc_record_add(r, "K", "2"), 0);
	assert_int_equal(acc_record_get(r, "K", &v), ACC_EINVAL);
	assert_string_equal(acc_error_last(), "<record>: duplicate key 'K'");
	assert_int_equal(acc_record_line(r, "K"), 0);
	acc_record_free(r);
}

/* acc_record_check_keys names the first unknown key and its line. */
static void test_check_keys(void **state)
{
	static const char *const allowed[] = {"Title", "Co", NULL};
	static const char *const none[] = {NULL};
	acc_record *r = parse_ok("Title: T\nCo: a\nCo: b\n\nbody\n", "orgs/x");

	assert_int_equal(acc_record_check_keys(r, allowed), 0);
	assert_int_equal(acc_record_check_keys(r, none), ACC_EINVAL);
	assert_message("orgs/x", 1, "unknown key 'Title'");
	acc_record_free(r);

	r = parse_ok("Title: T\nCo: a\nWeight: 3\nColour: red\n\n", "orgs/x");
	assert_int_equal(acc_record_check_keys(r, allowed), ACC_EINVAL);
	assert_message("orgs/x", 3, "unknown key 'Weight'");
	acc_record_free(r);

	r = parse_ok("\n", "orgs/empty");
	assert_int_equal(acc_record_check_keys(r, none), 0);
	acc_record_free(r);
}

/* ---------------------------------------------------------- editing */

/* add appends, set replaces every field of a key in place of the first,
 * unset removes them all; invalid input leaves the record unchanged. */
static void test_add_set_unset(void **state)
{
	acc_record *r = NULL;
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	assert_int_equal(acc_record_new(&r), 0);
	assert_int_equal(r->nfields, 0);
	assert_string_equal(r->body, "");
	assert_writes(r, "\n");

	assert_int_equal(acc_record_add(r, "A", "1"), 0);
	assert_int_equal(acc_record_add(r, "B", "2"), 0);
	assert_int_equal(acc_record_add(r, "A", "3"), 0);
	assert_int_equal(acc_record_add(r, "D", "\xC3\xA9t\xC3\xA9 : ok"), 0);
	assert_writes(r, "A: 1\nB: 2\nA: 3\nD: \xC3\xA9t\xC3\xA9 : ok\n\n");

	assert_int_equal(acc_record_set(r, "A", "x"), 0);
	assert_writes(r, "A: x\nB: 2\nD: \xC3\xA9t\xC3\xA9 : ok\n\n");
	assert_int_equal(acc_record_set(r, "C", "y"), 0);
	assert_writes(r, "A: x\nB: 2\nD: \xC3\xA9t\xC3\xA9 : ok\nC: y\n\n");
	assert_int_equal(acc_record_set(r, "B", "two"), 0);
	assert_writes(r, "A: x\nB: two\nD: \xC3\xA9t\xC3\xA9 : ok\nC: y\n\n");

	acc_record_unset(r, "D");
	assert_writes(r, "A: x\nB: two\nC: y\n\n");
	acc_record_unset(r, "Nothing");
	assert_writes(r, "A: x\nB: two\nC: y\n\n");
	assert_int_equal(acc_record_add(r, "B", "again"), 0);
	acc_record_unset(r, "B");
	assert_writes(r, "A: x\nC: y\n\n");

	/* invalid keys and values are refused and change nothing */
	assert_int_equal(acc_record_add(r, "a", "1"), ACC_EINVAL);
	assert_string_equal(acc_error_last(), "invalid key 'a'");
	assert_int_equal(acc_record_add(r, "", "1"), ACC_EINVAL);
	assert_int_equal(acc_record_add(r, "A B", "1"), ACC_EINVAL);
	assert_int_equal(acc_record_add(r, "A", ""), ACC_EINVAL);
	assert_int_equal(acc_record_add(r, "A", " x"), ACC_EINVAL);
	assert_string_equal(acc_error_last(), "value of 'A' begins with a space");
	assert_int_equal(acc_record_add(r, "A", "x "), ACC_EINVAL);
	assert_int_equal(acc_record_add(r, "A", "x\ny"), ACC_EINVAL);
	assert_int_equal(acc_record_add(r, "A", "x\xC2\x9B"), ACC_EINVAL);
	assert_int_equal(acc_record_add(r, "A", "\xFF"), ACC_EINVAL);
	assert_int_equal(acc_record_set(r, "A", "bad\r"), ACC_EINVAL);
	assert_int_equal(acc_record_set(r, "a", "x"), ACC_EINVAL);
	assert_writes(r, "A: x\nC: y\n\n");

	/* the whole line, not only the value, must fit the limit */
	for (i = 0; i < ACC_RECORD_MAX_LINE - 3; i++)
		assert_int_equal(acc_buf_putc(&b, 'v'), 0);
	assert_int_equal(acc_record_add(r, "K", b.ptr), 0);
	assert_int_equal(acc_record_add(r, "KK", b.ptr), ACC_EINVAL);
	assert_int_equal(acc_record_count(r, "K"), 1);
	assert_int_equal(acc_record_count(r, "KK"), 0);
	acc_record_unset(r, "K");
	acc_buf_free(&b);

	/* bodies */
	assert_int_equal(acc_record_set_body(r, "no newline", 10), ACC_EINVAL);
	assert_string_equal(r->body, "");
	assert_int_equal(acc_record_set_body(r, LIT("a\0b\n")), ACC_EINVAL);
	assert_int_equal(acc_record_set_body(r, LIT("a\xED\xA0\x80\n")), ACC_EINVAL);
	assert_int_equal(acc_record_set_body(r, LIT("Text\r\n\x1b ok\n")), 0);
	assert_int_equal(r->body_len, 11);
	assert_writes(r, "A: x\nC: y\n\nText\r\n\x1b ok\n");
	assert_int_equal(acc_record_set_body(r, NULL, 0), 0);
	assert_writes(r, "A: x\nC: y\n\n");
	acc_record_free(r);
	acc_record_free(NULL);
}

/* Editing a parsed record: set keeps the position of the first field and
 * forgets its line; the result parses back to the same record. */
static void test_edit_parsed(void **state)
{
	acc_record *r = parse_ok("Status: tabled\nCo: a\nStatus: x\nB: b\n\nText\n", "a/1");
	acc_buf b = ACC_BUF_INIT;
	acc_record *again = NULL;

	assert_int_equal(acc_record_set(r, "Status", "voting"), 0);
	assert_int_equal(acc_record_line(r, "Status"), 0);
	assert_int_equal(acc_record_line(r, "B"), 4);
	assert_writes(r, "Status: voting\nCo: a\nB: b\n\nText\n");

	assert_int_equal(acc_record_write(&b, r), 0);
	assert_int_equal(acc_record_parse(&again, b.ptr, b.size, "a/1"), 0);
	assert_int_equal(again->nfields, 3);
	assert_string_equal(again->fields[0].value, "voting");
	acc_record_free(again);
	acc_buf_free(&b);
	acc_record_free(r);
}

/* acc_record_write appends to what the buffer holds, and refuses (leaving
 * the buffer as it was) a record whose fields were broken by hand. */
static void test_write_checks(void **state)
{
	acc_record *r = parse_ok("A: b\n\nbody\n", "w");
	acc_buf b = ACC_BUF_INIT;
	char *saved;

	assert_int_equal(acc_buf_puts(&b, "prefix|"), 0);
	assert_int_equal(acc_record_write(&b, r), 0);
	assert_string_equal(b.ptr, "prefix|A: b\n\nbody\n");

	saved = r->fields[0].value;
	r->fields[0].value = "two\nlines";
	assert_int_equal(acc_record_write(&b, r), ACC_EINVAL);
	assert_string_equal(b.ptr, "prefix|A: b\n\nbody\n");
	r->fields[0].value = saved;

	r->body_len = 3; /* "bod": no final newline */
	assert_int_equal(acc_record_write(&b, r), ACC_EINVAL);
	assert_string_equal(b.ptr, "prefix|A: b\n\nbody\n");
	acc_buf_free(&b);
	acc_record_free(r);
}

/* acc_record_value_valid accepts exactly the valid values. */
static void test_value_valid(void **state)
{
	static const char *const good[] = {
	    "a", "a b", "x: y", "\xC3\xA9", "\xC2\xA0", "\xE2\x80\xAE", "-", "'\"\\",
	};
	static const char *const bad[] = {
	    "",	    " ",	" a",	    "a ",   "a\tb",	"a\nb",		"\x1b",
	    "\x7f", "\xC2\x80", "\xC2\x9F", "\xFF", "\xC0\xAF", "\xED\xA0\x80",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(acc_record_value_valid(good[i]), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		acc_error_clear();
		assert_int_equal(acc_record_value_valid(bad[i]), ACC_EINVAL);
		assert_true(acc_error_last()[0] != '\0');
		assert_true(message_is_clean(acc_error_last()));
	}
}

/* ------------------------------------------------------------ normalise */

/* Asserts that normalising in (len bytes) gives expect. */
static void assert_normalizes(const char *in, size_t len, const char *expect)
{
	char *out = NULL;

	assert_int_equal(acc_record_normalize_body(&out, in, len, "text"), 0);
	assert_non_null(out);
	assert_string_equal(out, expect);
	free(out);
}

/* CRLF (and CR...CRLF) becomes LF, a CR inside a line stays, trailing
 * whitespace goes, exactly one final newline is added; invalid text is
 * refused naming what. */
static void test_normalize(void **state)
{
	char *out = (char *)"sentinel";

	assert_normalizes(LIT(""), "");
	assert_normalizes(LIT(" \t\n\r\n \n"), "");
	assert_normalizes(LIT("abc"), "abc\n");
	assert_normalizes(LIT("abc\n"), "abc\n");
	assert_normalizes(LIT("abc\n\n\n"), "abc\n");
	assert_normalizes(LIT("a\r\nb\r\n\r\n  \t\n"), "a\nb\n");
	assert_normalizes(LIT("x\ry"), "x\ry\n");
	assert_normalizes(LIT("x\r\rz"), "x\r\rz\n");
	assert_normalizes(LIT("\rx"), "\rx\n");
	/* a run of CRs before LF is a line ending; trailing CRs are whitespace:
	 * the result never holds CRLF, so normalising is idempotent */
	assert_normalizes(LIT("x\r"), "x\n");
	assert_normalizes(LIT("x\r\r\ny\r\r\r\nz"), "x\ny\nz\n");
	assert_normalizes(LIT("x\r \r"), "x\n");
	assert_normalizes(LIT("  lead\n\n\nkept  \nend \t "), "  lead\n\n\nkept  \nend\n");
	assert_normalizes(LIT("\x1b[1m\xC3\xA9\n"), "\x1b[1m\xC3\xA9\n");
	assert_normalizes(NULL, 0, "");

	assert_int_equal(acc_record_normalize_body(&out, LIT("ab\0c"), "clause text"), ACC_EINVAL);
	assert_null(out);
	assert_string_equal(acc_error_last(), "clause text: contains a nul byte");
	assert_int_equal(acc_record_normalize_body(&out, LIT("abc\xC0\xAF"), "clause text"),
			 ACC_EINVAL);
	assert_string_equal(acc_error_last(), "clause text: invalid utf-8 at byte 3");
	assert_int_equal(acc_record_normalize_body(&out, LIT("\xED\xA0\x80"), "rationale"),
			 ACC_EINVAL);
	assert_string_equal(acc_error_last(), "rationale: invalid utf-8 at byte 0");
}

/* ------------------------------------------------------------ properties */

/* Pieces of text used to build random values and bodies. */
static const char *const atoms[] = {
    "a",
    "Z",
    "0",
    "-",
    ":",
    ": ",
    " ",
    "'",
    "\\",
    "x y",
    "\xC3\xA9",
    "\xE6\x9D\xB1",
    "\xF0\x9F\x98\x80",
    "\xC2\xA0",
    "\xE2\x80\xAE",
    "\xEF\xBB\xBF",
    "~",
    "#",
};

/* Pieces only a body may hold. */
static const char *const body_atoms[] = {
    "\r", "\t", "\x1b[31m", "\x7f", "\xC2\x85", "\x01", "\r\n", "\v", "\f",
};

/* Appends a random valid key to b. */
static void gen_key(acc_buf *b)
{
	static const char *const pool[] = {"Title", "Co-Sponsor", "Id", "X", "Text-2"};
	static const char tail[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";
	size_t n, i;

	if (rng_below(2)) {
		assert_int_equal(acc_buf_puts(b, pool[rng_below(5)]), 0);
		return;
	}
	assert_int_equal(acc_buf_putc(b, (char)('A' + rng_below(26))), 0);
	n = rng_below(8) == 0 ? rng_below(ACC_RECORD_MAX_KEY) : rng_below(10);
	for (i = 0; i < n; i++)
		assert_int_equal(acc_buf_putc(b, tail[rng_below(sizeof(tail) - 1)]), 0);
}

/* Appends a random valid value of at most max bytes to b. */
static void gen_value(acc_buf *b, size_t max)
{
	size_t start = b->size, target = rng_below(10) == 0 ? rng_below(max) : rng_below(40);
	const size_t natoms = sizeof(atoms) / sizeof(atoms[0]);

	while (b->size - start < target) {
		const char *a = atoms[rng_below(natoms)];

		if (b->size - start + strlen(a) > max)
			break;
		assert_int_equal(acc_buf_puts(b, a), 0);
	}
	while (b->size > start && b->ptr[b->size - 1] == ' ')
		b->size--;
	while (b->size > start && b->ptr[start] == ' ') {
		memmove(b->ptr + start, b->ptr + start + 1, b->size - start - 1);
		b->size--;
	}
	if (b->size == start)
		assert_int_equal(acc_buf_putc(b, 'v'), 0);
	b->ptr[b->size] = '\0';
}

/* Appends a random valid body to b (empty a quarter of the time). */
static void gen_body(acc_buf *b)
{
	const size_t natoms = sizeof(atoms) / sizeof(atoms[0]);
	const size_t nbody = sizeof(body_atoms) / sizeof(body_atoms[0]);
	size_t lines, i, j, n;

	if (rng_below(4) == 0)
		return;
	lines = 1 + rng_below(10);
	for (i = 0; i < lines; i++) {
		n = rng_below(4) == 0 ? 0 : rng_below(30);
		for (j = 0; j < n; j++) {
			const char *a = rng_below(4) == 0 ? body_atoms[rng_below(nbody)]
							  : atoms[rng_below(natoms)];

			assert_int_equal(acc_buf_puts(b, a), 0);
		}
		assert_int_equal(acc_buf_putc(b, '\n'), 0);
	}
}

/* Appends a random valid record to text, and the same record built with
 * the editing API to *built. */
static void gen_record(acc_buf *text, acc_record **built)
{
	acc_buf key = ACC_BUF_INIT, val = ACC_BUF_INIT;
	size_t nfields = rng_below(8), i, body_start;

	assert_int_equal(acc_record_new(built), 0);
	for (i = 0; i < nfields; i++) {
		acc_buf_clear(&key);
		acc_buf_clear(&val);
		gen_key(&key);
		gen_value(&val, ACC_RECORD_MAX_LINE - 2 - key.size);
		assert_int_equal(acc_buf_printf(text, "%s: %s\n", key.ptr, val.ptr), 0);
		if (acc_record_add(*built, key.ptr, val.ptr) != 0)
			fail_msg("add refused a valid field: %s", acc_error_last());
	}
	assert_int_equal(acc_buf_putc(text, '\n'), 0);
	body_start = text->size;
	gen_body(text);
	assert_int_equal(
	    acc_record_set_body(*built, text->ptr + body_start, text->size - body_start), 0);
	acc_buf_free(&key);
	acc_buf_free(&val);
}

/* Random valid records: parse then write gives the same bytes, the API
 * builds the same bytes, and the parse of the output is the same record. */
static void test_random_round_trip(void **state)
{
	acc_buf text = ACC_BUF_INIT, out = ACC_BUF_INIT, out2 = ACC_BUF_INIT;
	size_t iter, i;

	rng_seed(20240611);
	for (iter = 0; iter < 3000; iter++) {
		acc_record *built = NULL, *r = NULL, *r2 = NULL;

		acc_buf_clear(&text);
		acc_buf_clear(&out);
		acc_buf_clear(&out2);
		gen_record(&text, &built);
		if (acc_record_parse(&r, text.ptr, text.size, "rand") != 0)
			fail_msg("iteration %zu: rejected: %s", iter, acc_error_last());
		assert_int_equal(acc_record_write(&out, r), 0);
		assert_int_equal(out.size, text.size);
		assert_memory_equal(out.ptr, text.ptr, text.size);

		assert_int_equal(acc_record_write(&out2, built), 0);
		assert_int_equal(out2.size, text.size);
		assert_memory_equal(out2.ptr, text.ptr, text.size);

		assert_int_equal(acc_record_parse(&r2, out.ptr, out.size, "rand"), 0);
		assert_int_equal(r2->nfields, r->nfields);
		assert_int_equal(r->nfields, built->nfields);
		for (i = 0; i < r->nfields; i++) {
			assert_string_equal(r2->fields[i].key, built->fields[i].key);
			assert_string_equal(r2->fields[i].value, built->fields[i].value);
			assert_int_equal(r2->fields[i].line, (int)i + 1);
		}
		assert_int_equal(r2->body_len, built->body_len);
		assert_memory_equal(r2->body, built->body, built->body_len);
		assert_int_equal(r2->body_line, (int)r->nfields + 2);
		acc_record_free(r2);
		acc_record_free(r);
		acc_record_free(built);
	}
	acc_buf_free(&text);
	acc_buf_free(&out);
	acc_buf_free(&out2);
}

/* Normalising random valid text always gives a body set_body accepts, and
 * normalising again changes nothing. */
static void test_random_normalize(void **state)
{
	acc_buf text = ACC_BUF_INIT;
	acc_record *r = NULL;
	size_t iter;

	rng_seed(7);
	assert_int_equal(acc_record_new(&r), 0);
	for (iter = 0; iter < 2000; iter++) {
		char *once = NULL, *twice = NULL;
		size_t n = rng_below(20), i;

		acc_buf_clear(&text);
		for (i = 0; i < n; i++) {
			static const char *const pieces[] = {
			    "a", " ", "\t", "\n", "\r", "\r\n", "\xC3\xA9", "\x1b", "\n\n"};

			assert_int_equal(acc_buf_puts(&text, pieces[rng_below(9)]), 0);
		}
		assert_int_equal(acc_record_normalize_body(&once, text.ptr, text.size, "t"), 0);
		assert_int_equal(acc_record_set_body(r, once, strlen(once)), 0);
		assert_int_equal(acc_record_normalize_body(&twice, once, strlen(once), "t"), 0);
		assert_string_equal(once, twice);
		assert_null(strstr(once, "\r\n"));
		assert_true(once[0] == '\0' ||
			    (strlen(once) >= 2 && once[strlen(once) - 1] == '\n' &&
			     strchr(" \t\r\n", once[strlen(once) - 2]) == NULL));
		free(once);
		free(twice);
	}
	acc_record_free(r);
	acc_buf_free(&text);
}

/* Applies one random mutation to b: change, insert or delete a byte,
 * truncate, or duplicate a slice. */
static void mutate(acc_buf *b)
{
	static const char interesting[] = "\0\n\r\t :-Aa\x1b\x7f\x80\xC2\xC3\xE2\xED\xF0\xF4\xFF";
	size_t pos = b->size ? rng_below(b->size + 1) : 0;
	char c =
	    rng_below(2) ? interesting[rng_below(sizeof(interesting) - 1)] : (char)rng_below(256);

	switch (rng_below(5)) {
	case 0: /* change */
		if (pos < b->size)
			b->ptr[pos] = c;
		break;
	case 1: /* insert */
		assert_int_equal(acc_buf_grow(b, 1), 0);
		memmove(b->ptr + pos + 1, b->ptr + pos, b->size - pos);
		b->ptr[pos] = c;
		b->size++;
		break;
	case 2: /* delete */
		if (pos < b->size) {
			memmove(b->ptr + pos, b->ptr + pos + 1, b->size - pos - 1);
			b->size--;
		}
		break;
	case 3: /* truncate */
		b->size = pos;
		break;
	default: { /* duplicate a slice at its end */
		size_t n = rng_below(b->size - pos + 1);

		assert_int_equal(acc_buf_grow(b, n), 0);
		memmove(b->ptr + pos + 2 * n, b->ptr + pos + n, b->size - pos - n);
		memcpy(b->ptr + pos + n, b->ptr + pos, n);
		b->size += n;
		break;
	}
	}
	if (b->ptr)
		b->ptr[b->size] = '\0';
}

/* Parses random and mutated buffers: the parser never crashes, everything
 * it accepts round-trips exactly, and every refusal is ACC_EINVAL with a
 * clean "fuzz:<line>: " message. */
static void test_random_bytes(void **state)
{
	static const char alphabet[] =
	    "\0\n\n\n\r\t  ::-AAZbz0\x1b\x7f\x80\xA9\xC2\xC3\xE2\xED\xFF";
	acc_buf b = ACC_BUF_INIT, out = ACC_BUF_INIT;
	size_t iter, accepted = 0, refused = 0;

	rng_seed(0xACC0);
	for (iter = 0; iter < 30000; iter++) {
		acc_record *r = NULL;
		const char *m;
		int rc;

		acc_buf_clear(&b);
		if (iter % 3 == 0) {
			size_t n = rng_below(64), i;

			for (i = 0; i < n; i++)
				assert_int_equal(
				    acc_buf_putc(&b, alphabet[rng_below(sizeof(alphabet) - 1)]), 0);
		} else {
			acc_record *built = NULL;
			size_t k = 1 + rng_below(3), i;

			gen_record(&b, &built);
			acc_record_free(built);
			for (i = 0; i < k; i++)
				mutate(&b);
		}
		rc = acc_record_parse(&r, b.ptr, b.size, "fuzz");
		if (rc == 0) {
			accepted++;
			acc_buf_clear(&out);
			assert_int_equal(acc_record_write(&out, r), 0);
			assert_int_equal(out.size, b.size);
			assert_memory_equal(out.ptr, b.ptr, b.size);
			acc_record_free(r);
			continue;
		}
		refused++;
		assert_int_equal(rc, ACC_EINVAL);
		assert_null(r);
		m = acc_error_last();
		if (strncmp(m, "fuzz:", 5) != 0 || m[5] < '1' || m[5] > '9' || !strstr(m, ": ") ||
		    !message_is_clean(m))
			fail_msg("iteration %zu: bad message \"%s\"", iter, m);
	}
	/* both outcomes must have been exercised for the test to mean much */
	assert_true(accepted > 1000);
	assert_true(refused > 10000);
	acc_buf_free(&b);
	acc_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_examples),
	    cmocka_unit_test(test_round_trip_limits),
	    cmocka_unit_test(test_parse_structure),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_bad_keys),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_nul_bytes),
	    cmocka_unit_test(test_oversize_line),
	    cmocka_unit_test(test_oversize_record),
	    cmocka_unit_test(test_get_and_duplicates),
	    cmocka_unit_test(test_check_keys),
	    cmocka_unit_test(test_add_set_unset),
	    cmocka_unit_test(test_edit_parsed),
	    cmocka_unit_test(test_write_checks),
	    cmocka_unit_test(test_value_valid),
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test(test_random_round_trip),
	    cmocka_unit_test(test_random_normalize),
	    cmocka_unit_test(test_random_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
