/*
 * sanitize: the one gate every byte of repository text passes on its way
 * to a terminal (the CLI's terminal output and the interface).  Terminals
 * only: files (the exports) carry the stored text exactly, and what the
 * record may hold is include/accord/textcheck.h.
 *
 * Output is valid UTF-8 in which nothing can move the cursor, change
 * colours or reorder text:
 *  - C0 controls (except "\n" and "\t" when allowed by flags), DEL and C1
 *    controls are shown in caret notation, ESC as "^[", DEL as "^?", a C1
 *    control as "<U+0085>"-style;
 *  - bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)
 *    and zero-width / invisible format characters (U+200B-U+200D, U+2060,
 *    U+FEFF, U+00AD) are shown as "<U+202E>";
 *  - invalid UTF-8 bytes are shown as "\xNN";
 *  - "\t" becomes spaces to the next multiple of 8 columns when
 *    ACC_SAN_TABS is set, else "^I".
 * Width is measured in display columns with wcwidth() rules for the
 * sanitised text (East Asian wide = 2, combining = 0).
 */
#ifndef ACCORD_SANITIZE_H
#define ACCORD_SANITIZE_H

#include <stddef.h>

#include "accord/util.h"

enum {
	ACC_SAN_NEWLINES = 1 << 0, /* keep "\n" (else shown as "^J") */
	ACC_SAN_TABS = 1 << 1,	   /* expand "\t" to spaces */
};

/* Appends the sanitised form of s (len bytes) to out. */
int acc_sanitize(acc_buf *out, const char *s, size_t len, unsigned flags);

/* Display columns of a sanitised, valid UTF-8 string of len bytes. */
size_t acc_display_width(const char *s, size_t len);

/* Display width of one code point (0, 1 or 2; -1 for controls). */
int acc_cp_width(unsigned cp);

/* Appends at most cols columns of sanitised s to out, cutting at a code
 * point boundary, never splitting a wide character; when cut and ellipsis
 * is set, the last column is "…".  *used receives the columns written. */
int acc_sanitize_fit(acc_buf *out, const char *s, size_t len, size_t cols, int ellipsis,
		     size_t *used);

/*
 * Appends JSON text s (len bytes, as a JSON writer produced it) with every
 * character the sanitiser would not show as itself (DEL, C1 controls,
 * bidi and invisible format characters) written as a \uXXXX escape: the
 * same JSON value, but nothing in it can reorder or hide text on a
 * terminal.  Such characters only occur inside JSON strings.
 */
int acc_sanitize_json(acc_buf *out, const char *s, size_t len);

#endif
