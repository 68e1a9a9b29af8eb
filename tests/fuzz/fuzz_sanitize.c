/*
 * fuzz_sanitize: the gate between repository text and the terminal.
 *
 * The first byte gives the column budget for acc_sanitize_fit (0-127, and
 * whether to use an ellipsis); the rest is the text.  acc_sanitize runs
 * under every combination of flags, acc_sanitize_fit with and without an
 * ellipsis.
 *
 * Invariants of every output: valid UTF-8 (checked by a separate decoder);
 * no byte below 0x20 but "\n" when ACC_SAN_NEWLINES is set; no DEL, no C1
 * control (U+0080-U+009F), no bidi control or isolate (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069), no zero-width or invisible
 * format character the header lists (U+00AD, U+200B-U+200D, U+2060,
 * U+FEFF).  Besides: sanitising is idempotent; acc_display_width agrees
 * with the output; acc_sanitize_fit uses at most cols columns, reports the
 * width it wrote, writes all of the text when it fits and otherwise a
 * prefix of it (then "…" when asked); acc_utf8_valid agrees with the
 * separate decoder.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/sanitize.h"
#include "fuzz.h"

/* Whether cp must never reach a terminal as itself. */
static int cp_forbidden(uint32_t cp)
{
	return (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x61C ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Checks that the n bytes at s are safe for a terminal. */
static void check_safe(const char *s, size_t n, int newlines)
{
	size_t i = 0;

	FUZZ_CHECK(fuzz_utf8_ok(s, n, NULL));
	while (i < n) {
		uint32_t cp;

		i += (size_t)fuzz_utf8_next(s + i, n - i, &cp);
		if (cp < 0x20)
			FUZZ_CHECK(cp == '\n' && newlines);
		FUZZ_CHECK(!cp_forbidden(cp));
	}
}

/* Sanitises s under flags, checks the output; returns it (malloc'd). */
static char *sanitize(size_t *outlen, const char *s, size_t n, unsigned flags)
{
	acc_buf out = ACC_BUF_INIT, again = ACC_BUF_INIT;
	char *r;

	/* appending: what is already in the buffer stays */
	FUZZ_CHECK(acc_buf_puts(&out, "=") == 0);
	FUZZ_CHECK(acc_sanitize(&out, s, n, flags) == 0);
	FUZZ_CHECK(out.ptr[0] == '=');
	check_safe(out.ptr + 1, out.size - 1, (flags & ACC_SAN_NEWLINES) != 0);
	FUZZ_CHECK(out.size - 1 >= n); /* every unit is at least as long as its input */
	/* idempotent */
	FUZZ_CHECK(acc_sanitize(&again, out.ptr + 1, out.size - 1, flags) == 0);
	FUZZ_CHECK(again.size == out.size - 1 &&
		   (again.size == 0 || memcmp(again.ptr, out.ptr + 1, again.size) == 0));
	/* the width of the text is the width of its sanitised form */
	if (flags == ACC_SAN_NEWLINES)
		FUZZ_CHECK(acc_display_width(out.ptr + 1, out.size - 1) == acc_display_width(s, n));
	*outlen = out.size - 1;
	r = fuzz_cstr((const uint8_t *)out.ptr + 1, out.size - 1);
	acc_buf_free(&out);
	acc_buf_free(&again);
	return r;
}

/* Fits s into cols columns and checks it against full (its sanitised form
 * without flags, fl bytes). */
static void fit(const char *s, size_t n, size_t cols, int ellipsis, const char *full, size_t fl)
{
	acc_buf out = ACC_BUF_INIT;
	size_t used = 12345, fw = acc_display_width(full, fl), len;
	static const char dots[] = "\xe2\x80\xa6";

	FUZZ_CHECK(acc_sanitize_fit(&out, s, n, cols, ellipsis, &used) == 0);
	len = out.ptr ? out.size : 0;
	check_safe(out.ptr ? out.ptr : "", len, 0);
	FUZZ_CHECK(used <= cols);
	FUZZ_CHECK(used == acc_display_width(out.ptr ? out.ptr : "", len));
	if (cols == 0) {
		FUZZ_CHECK(len == 0);
	} else if (fw <= cols) {
		FUZZ_CHECK(len == fl && (fl == 0 || memcmp(out.ptr, full, fl) == 0));
		FUZZ_CHECK(used == fw);
	} else {
		if (ellipsis) {
			FUZZ_CHECK(len >= 3 && memcmp(out.ptr + len - 3, dots, 3) == 0);
			len -= 3;
		}
		FUZZ_CHECK(len < fl && (len == 0 || memcmp(out.ptr, full, len) == 0));
		/* cut at a code point boundary of the sanitised text */
		FUZZ_CHECK(((unsigned char)full[len] & 0xC0) != 0x80);
		/* nothing more would have fitted: the next code point is too wide */
		{
			uint32_t cp;
			int w;

			fuzz_utf8_next(full + len, fl - len, &cp);
			w = acc_cp_width(cp);
			FUZZ_CHECK(w >= 1 && (used - (ellipsis ? 1 : 0)) + (size_t)w >
						 (ellipsis ? cols - 1 : cols));
		}
	}
	acc_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	size_t n, bad = 0, bad2 = 0, fl = 0, ol = 0, i;
	unsigned flags;
	char *full;

	if (size < 1)
		return 0;
	s = (const char *)data + 1;
	n = size - 1;
	/* the UTF-8 checker of util.c against the oracle */
	FUZZ_CHECK(acc_utf8_valid(s, n, &bad) == fuzz_utf8_ok(s, n, &bad2));
	if (!fuzz_utf8_ok(s, n, NULL))
		FUZZ_CHECK(bad == bad2);
	for (i = 0; i < n;) {
		uint32_t cp = 0, cp2 = 0;
		int l = acc_utf8_decode(s + i, n - i, &cp);

		if (l < 0) {
			FUZZ_CHECK((unsigned char)s[i] >= 0x80 &&
				   !fuzz_utf8_seq(s + i, n - i, &cp2));
			FUZZ_CHECK(cp == (unsigned char)s[i]);
			i++;
			continue;
		}
		FUZZ_CHECK(l >= 1 && l <= 4 && (size_t)l <= n - i);
		FUZZ_CHECK(fuzz_utf8_ok(s + i, (size_t)l, NULL));
		FUZZ_CHECK(fuzz_utf8_next(s + i, (size_t)l, &cp2) == l && cp == cp2);
		FUZZ_CHECK(acc_cp_width(cp) >= -1 && acc_cp_width(cp) <= 2);
		i += (size_t)l;
	}
	for (flags = 0; flags < 4; flags++) {
		char *o = sanitize(&ol, s, n, flags);

		free(o);
	}
	full = sanitize(&fl, s, n, 0);
	fit(s, n, data[0] & 0x7f, (data[0] & 0x80) != 0, full, fl);
	fit(s, n, data[0] & 0x7f, (data[0] & 0x80) == 0, full, fl);
	fit(s, n, (size_t)-1, 1, full, fl);
	free(full);
	acc_error_clear();
	return 0;
}
