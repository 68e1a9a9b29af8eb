/*
 * bracket_query: how every face and export shows bracketed text
 * (src/query/brackets.c): the rolling text with its open brackets inline,
 * and the JSON shape of a bracket.
 */
#ifndef ACCORD_BRACKET_QUERY_H
#define ACCORD_BRACKET_QUERY_H

#include <jansson.h>

#include "accord/bracket.h"
#include "accord/history.h"
#include "accord/index.h"
#include "accord/ops.h"

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
/* Replaces the text of each clause of st that has open brackets by its
 * rolling text (as acc_brackets_inline), so that whatever shows st's text
 * (an export of a draft, the word diff between revisions) shows them. */
int acc_brackets_inline_state(acc_state *st);
/* "[option 1][option 2]{id}" for b (malloc'd). */
char *acc_bracket_inline_one(const acc_bracket *b);
/* The organisations supporting option k of b, comma-separated ("" when
 * none), malloc'd. */
char *acc_bracket_supporters(const acc_bracket *b, unsigned k);
/* A bracket as `accord brackets --json` lists it: id, clause, org,
 * delegate, status, span, occurrence, options [{number, text, supporters,
 * votes}], ballot, rule, quorum, chosen, resolved, resolved_by. */
json_t *acc_json_bracket(const acc_state *st, const acc_bracket *b);

/* The commit (an ancestor of rev, or rev) that resolved b, found in the
 * log of its clause: ACC_ENOTFOUND with a message when there is none. */
int acc_bracket_resolution_commit(char out[ACC_OID_HEXLEN + 1], acc_ctx *c, const acc_bracket *b,
				  const char *rev);
/* Fills blame origin o for resolved bracket b (resolved at commit, time
 * when). */
int acc_bracket_origin_fill(acc_origin *o, const acc_bracket *b, const char *commit,
			    long long when);

#endif
