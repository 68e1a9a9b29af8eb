/*
 * bracket: disputed words of the rolling text kept in square brackets
 * with their alternatives, as records (src/model/brackets.c).
 *
 * Layout, one folder per bracket, numbered by the organisation that
 * opened it (id "<org>-b<n>"):
 *
 *   brackets/<org>/<n>/bracket        Clause, Base, Occurrence, Delegate; body: the span
 *   brackets/<org>/<n>/options/<k>    option k (1..N, N >= 2); body: its text ("" = delete)
 *   brackets/<org>/<n>/support/<o>    organisation o supports Option k (its own file)
 *   brackets/<org>/<n>/ballot         the chair's ballot on it: open, or closed with Chosen
 *   brackets/<org>/<n>/votes/<o>      o's choice on that ballot (Option k)
 *   brackets/<org>/<n>/resolution     the chair's resolution: Option k, By consensus|ballot
 *
 * The clause text is never changed by opening a bracket: the span is
 * found in the clause's current text (its Occurrence-th occurrence) each
 * time it is shown.  A resolution writes the chosen option into the
 * clause in the same commit.
 */
#ifndef ACCORD_BRACKET_H
#define ACCORD_BRACKET_H

#include <stddef.h>

#include "accord/model.h"

/* One organisation's support of, or vote for, an option. */
typedef struct {
	char *org;
	unsigned option; /* 1-based */
	char *delegate;	 /* email, may be NULL */
} acc_bracket_choice;

typedef enum {
	ACC_BRACKET_OPEN = 0, /* no resolution, its span is in the clause */
	ACC_BRACKET_VOTING,   /* open, with its ballot open */
	ACC_BRACKET_RESOLVED, /* the resolution applied an option */
	ACC_BRACKET_LOST,     /* unresolved, but its span is no longer in the clause */
} acc_bracket_status;

struct acc_bracket {
	char *id, *org, *clause, *span, *delegate;
	unsigned seq, occurrence;
	char base[ACC_OID_HEXLEN + 1]; /* the clause's blob when it was opened */
	char **options;		       /* texts, "" for a deletion */
	size_t noptions;
	acc_bracket_choice *support; /* sorted by org */
	size_t nsupport;
	/* its ballot (state NONE when never opened) */
	acc_ballot_state ballot;
	acc_rule rule;
	unsigned quorum_num, quorum_den;
	acc_elector *electors;
	size_t nelectors;
	acc_bracket_choice *votes; /* sorted by org */
	size_t nvotes;
	unsigned chosen; /* closed ballot: the option chosen, 0 for none */
	/* resolution */
	unsigned resolved; /* the option applied, 0 while unresolved */
	char *resolved_by; /* "consensus" or "ballot" */
};
typedef struct acc_bracket acc_bracket;

/* The bracket called id ("<org>-b<n>") in st, or NULL. */
const acc_bracket *acc_state_bracket(const acc_state *st, const char *id);
/* 1 when id has the shape of a bracket id. */
int acc_bracket_id_shape(const char *id);
/* Splits "<org>-b<n>" (ACC_EINVAL when it is not a bracket id). */
int acc_bracket_id_split(char **org, unsigned *seq, const char *id);

/* Finds the occurrence-th (1-based) occurrence of span in text: 0 with
 * [*start, *end) set, or ACC_ENOTFOUND (no message). */
int acc_bracket_find(size_t *start, size_t *end, const char *text, const char *span,
		     unsigned occurrence);
/* How many times span occurs in text (overlapping occurrences counted). */
size_t acc_bracket_count(const char *text, const char *span);
/* Where bracket b stands in the current text of its clause in st: 0 with
 * the byte range, or ACC_ENOTFOUND (no message) when the clause or the
 * span is gone.  The clause text must be loaded (not a partial state). */
int acc_bracket_locate(size_t *start, size_t *end, const acc_state *st, const acc_bracket *b);
/* The derived status of b in st. */
acc_bracket_status acc_bracket_status_of(const acc_state *st, const acc_bracket *b);
/* "open", "voting", "resolved", "lost". */
const char *acc_bracket_status_name(acc_bracket_status s);
/* 1 when b is still to be settled (open or voting). */
int acc_bracket_pending(const acc_state *st, const acc_bracket *b);
/* The option org supports in b, or 0. */
unsigned acc_bracket_support_of(const acc_bracket *b, const char *org);
/* Text with option (1-based) of b put in place of [start, end): a deletion
 * (empty option) also takes one neighbouring space, so that no double
 * space is left.  *out is malloc'd. */
int acc_bracket_apply(char **out, const char *text, size_t start, size_t end, const char *option);
/* The option named s in b: its number (1..N) or its exact text ("" names
 * a deletion); ACC_EUSAGE with a one-line message otherwise. */
int acc_bracket_option_parse(unsigned *out, const acc_bracket *b, const char *s);
/* Counts b's ballot option by option under its rule and quorum: for each
 * option k, per[k-1] counts the electors who chose k as yes and those who
 * chose another option as no.  *chosen receives the first option the rule
 * adopts, or 0 (none: the bracket stays).  per has b->noptions entries;
 * closed=0 leaves each result pending. */
int acc_bracket_tally(acc_tally *per, unsigned *chosen, const acc_bracket *b, int closed);

#endif
