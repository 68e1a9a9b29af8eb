/*
 * langs: what the faces ask about translations (src/query/translations.c):
 * each clause in each language, current, stale or missing, and what
 * changed in the source since a translation's base.
 */
#ifndef ACCORD_LANGS_H
#define ACCORD_LANGS_H

#include "accord/model.h"
#include "accord/ops.h"

/* One clause (or the title, or the preamble) in one language. */
typedef struct {
	const acc_clause *clause; /* NULL for the title and the preamble */
	const char *id;		  /* the clause's id, "title" or "preamble" */
	const char *number;	  /* the clause's number, "" for the title and preamble */
	const char *source;	  /* the blob id a current translation has as its base */
	const char *lang;
	acc_tr_status status;
	int authentic;
	const acc_translation *t; /* NULL when missing */
	size_t changed_words;	  /* stale: words of the source deleted or inserted since */
} acc_tr_row;

/* The title, the preamble, then every clause (toc order) in every
 * language but the negotiation one (or
 * only lang when not NULL; only stale rows when stale_only).  *out is
 * malloc'd; its pointers point into st. */
int acc_query_translations(acc_tr_row **out, size_t *n, acc_ctx *c, const acc_state *st,
			   const char *lang, int stale_only);

/* The source a translation was made from, "<heading>\n\n<text>" as read
 * from its base blob, and the same of the clause now (both malloc'd); for
 * the title and the preamble, their text as read from the convention
 * record the translation names, and as it is now. */
int acc_query_translation_source(char **then, char **now, acc_ctx *c, const acc_state *st,
				 const acc_translation *t);

/* Words (not spaces or punctuation) deleted plus inserted between a and b. */
int acc_query_changed_words(size_t *out, const char *a, const char *b);

#endif
