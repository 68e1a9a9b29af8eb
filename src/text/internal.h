/* text: what the files of src/text share; private to src/text. */
#ifndef ACC_TEXT_INTERNAL_H
#define ACC_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* One text cut into tokens. */
typedef struct {
	const char *text;
	size_t n;	    /* number of tokens */
	size_t *start;	    /* n + 1 offsets: token i is text[start[i], start[i + 1]) */
	unsigned char *cls; /* acc_tok_class of each token */
	uint32_t *id;	    /* interned id of each token */
	unsigned char *chg; /* 1 when the token is deleted (old) or inserted (new) */
} tokseq;

/* tokens.c: cuts text (len bytes; NULL only when len is 0) into t, which
 * must be zeroed: offsets and classes, room for ids and marks.  Returns 0
 * or ACC_ENOMEM (t then holds what to free). */
int acc_text_tokseq_init(tokseq *t, const char *text, size_t len);

/* tokens.c: frees the arrays of t (which may be partly filled) and empties
 * it. */
void acc_text_tokseq_free(tokseq *t);

#endif
