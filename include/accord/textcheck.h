/*
 * textcheck: what text the record may hold, checked in one place.
 *
 * The record holds any Unicode text a treaty may need (every script,
 * combining marks, zero-width joiner and non-joiner, directional marks,
 * soft hyphen, no-break spaces, emoji sequences, tabs and newlines) and
 * never:
 *  - invalid UTF-8 (overlongs, encoded surrogates, bytes that start no
 *    sequence, anything above U+10FFFF);
 *  - C0 controls other than tab and newline (carriage return included),
 *    DEL and the C1 controls U+0080-U+009F;
 *  - the bidi embeddings and overrides U+202A-U+202E and the isolates
 *    U+2066-U+2069, which make a text read differently from how it is
 *    stored (the marks U+200E, U+200F and U+061C stay allowed);
 *  - noncharacters (U+FDD0-U+FDEF and the last two code points of every
 *    plane), which no interchanged text holds and XML cannot carry.
 * Every action refuses such text when it writes a file (acc_action_put,
 * init), and verify flags it in a history written by other means.  The
 * exports write stored text exactly; acc_text_exact keeps them well formed
 * for a history that holds forbidden text anyway.
 */
#ifndef ACCORD_TEXTCHECK_H
#define ACCORD_TEXTCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "accord/util.h"

/* What code point cp is when the record may not hold it ("a bidi
 * override"), or NULL when it may. */
const char *acc_text_forbidden_cp(uint32_t cp);

/*
 * Finds the first element of s (len bytes) the record may not hold.
 * Returns 1 and sets *off (its byte offset), *n (its length in bytes) and
 * *cp (the code point, or the byte for invalid UTF-8, *invalid set), or
 * returns 0 when the whole text may be stored.  Any out-parameter may be
 * NULL.
 */
int acc_text_find_forbidden(size_t *off, size_t *n, uint32_t *cp, int *invalid, const char *s,
			    size_t len);

/*
 * Checks that the record may hold s (len bytes).  Returns 0, or ACC_EINVAL
 * with the one-line message "<name>: line N: <what> (U+XXXX) may not be
 * stored" (name: the file or argument the text came from).
 */
int acc_text_check(const char *name, const char *s, size_t len);

/*
 * Appends s to out as it is, except that each element the record may not
 * hold becomes U+FFFD (what an export writes for a history written by
 * other means, which verify flags).  Returns 0 or ACC_ENOMEM.
 */
int acc_text_exact(acc_buf *out, const char *s, size_t len);

#endif
