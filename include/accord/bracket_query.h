/*
 * bracket_query: how every face and export shows bracketed text
 * (src/query/brackets.c): the rolling text with its open brackets inline,
 * and the JSON shape of a bracket.
 */
#ifndef ACCORD_BRACKET_QUERY_H
#define ACCORD_BRACKET_QUERY_H

#include <jansson.h>

#include "accord/bracket.h"

/* One open bracket where it stands in its clause's text. */
typedef struct {
	size_t start, end; /* the bracketed words, bytes of the clause text */
	const acc_bracket *b;
} acc_bracket_at;

/* The pending brackets of clause cl in st, sorted by where they start
 * (*out malloc'd, NULL when none). */
int acc_brackets_in_clause(acc_bracket_at **out, size_t *n, const acc_state *st,
			   const acc_clause *cl);
/* The number of pending brackets in st. */
size_t acc_brackets_open_count(const acc_state *st);
/* The text of cl with each pending bracket inline, its span replaced by
 * "[option 1][option 2]{id}" ("[]" for a deletion); with no bracket, a
 * copy of the text.  *out malloc'd. */
int acc_brackets_inline(char **out, const acc_state *st, const acc_clause *cl);
/* "[option 1][option 2]{id}" for b (malloc'd). */
char *acc_bracket_inline_one(const acc_bracket *b);
/* The organisations supporting option k of b, comma-separated ("" when
 * none), malloc'd. */
char *acc_bracket_supporters(const acc_bracket *b, unsigned k);
/* A bracket as `accord brackets --json` lists it: id, clause, org,
 * delegate, status, span, occurrence, options [{number, text, supporters,
 * votes}], ballot, rule, quorum, chosen, resolved, resolved_by. */
json_t *acc_json_bracket(const acc_state *st, const acc_bracket *b);

#endif
