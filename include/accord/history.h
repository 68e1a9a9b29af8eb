/*
 * history: what happened to the words of the convention.
 *
 *  - What changed between two revisions, clause by clause.
 *  - Blame: for each word of a clause, the adopted amendment that put it
 *    there, or the original text.
 *
 * Nothing here prints.  Strings returned through a pointer are malloc'd
 * and belong to the caller; structures have a _free that accepts NULL.
 */
#ifndef ACCORD_HISTORY_H
#define ACCORD_HISTORY_H

#include <stddef.h>

#include "accord/ops.h"

/* ---- the convention between two revisions ----------------------------------- */

typedef enum {
	ACC_CHANGE_NONE = 0, /* same heading and text */
	ACC_CHANGE_AMENDED,  /* heading or text changed */
	ACC_CHANGE_INSERTED,
	ACC_CHANGE_DELETED,
} acc_change_kind;

/* One clause in a comparison; from/to point into the two states (NULL
 * when the clause is absent on that side). */
typedef struct {
	acc_change_kind kind;
	const acc_clause *from, *to;
} acc_clause_change;

/*
 * Pairs the clauses of two states by id, in the order of `to`, each
 * deleted clause placed where it stood in `from` (after the clauses that
 * preceded it there).  Every clause of either state appears once,
 * unchanged ones included.  *out is the caller's (free()).
 */
int acc_history_compare(acc_clause_change **out, size_t *n, const acc_state *from,
			const acc_state *to);

const char *acc_change_name(acc_change_kind k); /* unchanged amended inserted deleted */

/* ---- blame ------------------------------------------------------------------ */

typedef enum {
	ACC_ORIGIN_ORIGINAL = 0, /* the text before any recorded adoption */
	ACC_ORIGIN_AMENDMENT,	 /* introduced by an adopted amendment */
	ACC_ORIGIN_UNKNOWN,	 /* changed by a commit that adopted nothing */
	ACC_ORIGIN_BRACKET,	 /* an option of a resolved bracket (amendment: its id) */
} acc_origin_kind;

/* Where words came from. */
typedef struct {
	acc_origin_kind kind;
	char *amendment; /* the amendment whose text has the words (NULL: original) */
	char *sponsor;
	acc_strlist cosponsors;
	char *via;	    /* a sub-amendment's words enter the text with its parent: that id */
	acc_oid_hex commit; /* the commit that put the words into the clause */
	acc_oid_hex ballot; /* the commit that closed the ballot adopting `amendment` */
	long long time;	    /* of commit */
	unsigned yes, no, abstain, absent; /* the recorded tally of that ballot */
	unsigned option;		   /* a bracket's option put into the text */
	int by_ballot;			   /* a bracket resolved by ballot (else consensus) */
} acc_origin;

/* A run of the clause text from one origin. */
typedef struct {
	size_t start, len; /* bytes of text */
	size_t origin;	   /* index into origins */
} acc_blame_run;

typedef struct {
	char *clause;
	acc_oid_hex revision; /* the commit blamed */
	char *heading;	      /* the clause's heading and display number there */
	char number[24];
	int container;
	/* what the clause is called there: "Article", "Annex" or the
	 * convention's name for its level (Levels:, else Part, Chapter...) */
	char word[32];
	char *text;	     /* the clause text */
	acc_blame_run *runs; /* cover text in order; adjacent runs differ in origin */
	size_t nruns;
	acc_origin *origins; /* origins[0] is the original text */
	size_t norigins;
	size_t adoptions; /* adoptions of this clause found in its history */
} acc_blame;

/*
 * Attributes every word of clause at rev (NULL: the tip).  The history is
 * the adopted amendments of the state at rev that replaced, inserted or
 * deleted the clause, each at the commit that closed its ballot (found
 * through the index), in history order; the text before and after each
 * adoption is read from those commits and the attributions are carried
 * forward through the word diffs.  A sub-amendment's words are credited to
 * it (adopted "via" its parent).  Text that changed between adoptions by
 * any other commit is of unknown origin.  A resolved bracket counts as an
 * adoption: its option's words are credited to the bracket, at the commit
 * that resolved it.
 */
int acc_history_blame(acc_blame **out, acc_ctx *c, const char *clause, const char *rev);
void acc_blame_free(acc_blame *b);

#endif
