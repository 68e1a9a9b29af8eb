/*
 * textcheck: the one check of what text the record may hold (see
 * include/accord/textcheck.h for the list and why).
 *
 * Decisions beyond the header:
 *  - The line in a message counts "\n" from 1 at the start of the text
 *    given, so for a record it is the line of the file in the tree.
 *  - acc_text_exact replaces a whole invalid sequence byte by byte (each
 *    byte that starts no valid sequence is one U+FFFD), as the WHATWG
 *    decoder does for a lone byte.
 */
#include "accord/textcheck.h"

#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define REPLACEMENT "\xef\xbf\xbd"

const char *acc_text_forbidden_cp(uint32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return NULL;
	if (cp < 0x20 || cp == 0x7F)
		return "a control character";
	if (cp >= 0x80 && cp <= 0x9F)
		return "a C1 control character";
	if (cp >= 0x202A && cp <= 0x202E)
		return "a bidi embedding or override";
	if (cp >= 0x2066 && cp <= 0x2069)
		return "a bidi isolate";
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return "a surrogate";
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return "a noncharacter";
	if (cp > 0x10FFFF)
		return "a code point beyond U+10FFFF";
	return NULL;
}

/* Length of the run of bytes at s the record always accepts (printable
 * ASCII, tab and newline). */
static size_t plain_run(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c >= 0x7F)
			break;
		i++;
	}
	return i;
}

int acc_text_find_forbidden(size_t *off, size_t *n, uint32_t *cp, int *invalid, const char *s,
			    size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t c = 0;
		int k;

		i += plain_run(s + i, len - i);
		if (i >= len)
			break;
		k = acc_utf8_decode(s + i, len - i, &c);
		if (k < 0 || acc_text_forbidden_cp(c)) {
			if (off)
				*off = i;
			if (n)
				*n = k < 0 ? 1 : (size_t)k;
			if (cp)
				*cp = k < 0 ? (unsigned char)s[i] : c;
			if (invalid)
				*invalid = k < 0;
			return 1;
		}
		i += (size_t)k;
	}
	return 0;
}

int acc_text_check(const char *name, const char *s, size_t len)
{
	size_t off = 0, i, line = 1;
	uint32_t cp = 0;
	int invalid = 0;

	if (!acc_text_find_forbidden(&off, NULL, &cp, &invalid, s, len))
		return 0;
	for (i = 0; i < off; i++)
		line += s[i] == '\n';
	if (invalid)
		return acc_error_set(ACC_EINVAL,
				     "%s: line %zu: invalid utf-8 (byte \\x%02X) may not be stored",
				     name ? name : "text", line, (unsigned)cp);
	return acc_error_set(ACC_EINVAL, "%s: line %zu: %s (U+%04X) may not be stored",
			     name ? name : "text", line, acc_text_forbidden_cp(cp), (unsigned)cp);
}

int acc_text_exact(acc_buf *out, const char *s, size_t len)
{
	size_t off = 0, n = 0;
	int rc = 0;

	while (rc == 0 && acc_text_find_forbidden(&off, &n, NULL, NULL, s, len)) {
		if ((rc = off ? acc_buf_put(out, s, off) : 0) == 0)
			rc = acc_buf_put(out, REPLACEMENT, 3);
		s += off + n;
		len -= off + n;
	}
	if (rc == 0 && len)
		rc = acc_buf_put(out, s, len);
	return rc;
}
