/*
 * textdiff: word-level diff and three-way merge of clause text.
 *
 * Text is cut into tokens: a run of word characters (letters, digits,
 * combining marks and any other non-ASCII code point that is not space or
 * punctuation), a run of whitespace, or a single punctuation character.
 * Invalid UTF-8 bytes are tokens of one byte each, so any byte string
 * can be diffed and  old + runs  always reproduces new.
 *
 * The diff is Myers' O(ND) algorithm with the linear-space middle-snake
 * refinement, over tokens.  Its cost is bounded: when the edit distance
 * would exceed a budget proportional to the input, the remaining middle
 * section is reported as one delete and one insert, so the worst case stays
 * near-linear (a 100 KB clause rewritten from scratch answers in
 * milliseconds).  The output is deterministic and minimal in the common
 * case, and is post-processed so that runs of the same kind are merged,
 * deletes come before inserts at the same place, and whitespace-only equal
 * runs between two changes are absorbed into them (readable
 * track-changes).
 */
#ifndef ACCORD_TEXTDIFF_H
#define ACCORD_TEXTDIFF_H

#include <stddef.h>

typedef enum {
	ACC_DIFF_EQUAL = 0,
	ACC_DIFF_DELETE,
	ACC_DIFF_INSERT,
} acc_diff_op;

/* A run points into the old text (EQUAL, DELETE) or the new (INSERT). */
typedef struct {
	acc_diff_op op;
	const char *text; /* not NUL-terminated */
	size_t len;
} acc_diff_run;

typedef struct {
	acc_diff_run *runs;
	size_t count;
	size_t alloc;
	size_t deleted_bytes, inserted_bytes; /* totals of DELETE/INSERT runs */
	size_t changed_tokens;		      /* tokens deleted + inserted */
} acc_diff;

/* Diffs a (alen bytes) against b (blen bytes).  The runs point into a and
 * b, which must outlive *out.  Returns 0 or ACC_ENOMEM. */
int acc_textdiff(acc_diff *out, const char *a, size_t alen, const char *b, size_t blen);

void acc_diff_free(acc_diff *d);

/* Rebuilds the new text from the runs (EQUAL + INSERT) into a malloc'd
 * string; and the old text (EQUAL + DELETE).  For tests and checks. */
int acc_diff_apply(char **out, size_t *len, const acc_diff *d);
int acc_diff_old(char **out, size_t *len, const acc_diff *d);

/*
 * Tokenizer, exposed for tests and for blame.  Returns the length in bytes
 * of the token that starts at s (len > 0 bytes available), and its class.
 */
typedef enum {
	ACC_TOK_WORD = 0,
	ACC_TOK_SPACE,
	ACC_TOK_PUNCT,
	ACC_TOK_INVALID, /* one byte of invalid UTF-8 */
} acc_tok_class;

size_t acc_token_next(const char *s, size_t len, acc_tok_class *cls);

/*
 * ICU's word boundaries (UAX #29, with dictionaries for Chinese, Japanese,
 * Thai...) in text (len bytes of valid UTF-8), as ascending byte offsets
 * from 0 to len in *out (malloc'd, *n entries).  Returns 0, ACC_ENOMEM,
 * or ACC_ERROR when ICU fails.  Used to wrap plain text at words.
 */
int acc_word_bounds(size_t **out, size_t *n, const char *text, size_t len);

#endif
