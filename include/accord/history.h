/*
 * history: what happened to the words of the convention.
 *
 *  - A three-way merge of clause text at the level of words, for stale
 *    amendments: "the edits do not overlap" means "they change different
 *    words", which is what drafters expect of two amendments to one
 *    paragraph (a line-based merge would make every pair of edits to one
 *    paragraph a conflict, since a paragraph is one line).
 *  - The rebase action: a stale amendment carried onto the current text.
 *  - What an amendment changes (the texts its word diff compares) and what
 *    changed between two revisions, clause by clause.
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

/* ---- word-level three-way merge ------------------------------------------ */

/*
 * Merges the changes base -> ours and base -> theirs, computed as word
 * diffs (acc_textdiff).  Two changes conflict when they touch the same
 * tokens or are adjacent (no unchanged token between them), unless both
 * sides make the very same change.  On success *out holds the merged text
 * and *conflict is 0; when some changes conflict, *conflict is the number
 * of conflicting regions and *out holds the text with each region shown
 * diff3-style on lines of its own:
 *
 *     <<<<<<< current text
 *     (ours)
 *     ||||||| drafted against
 *     (base)
 *     =======
 *     (theirs)
 *     >>>>>>> amendment
 *
 * Returns 0 (conflict or not) or ACC_ENOMEM.
 */
int acc_merge3_words(char **out, int *conflict, const char *base, const char *ours,
		     const char *theirs);

/* ---- amendments ------------------------------------------------------------ */

/* The text amendment a was drafted against: the body of the record in its
 * Base blob (a clause, or the parent amendment for a sub-amendment). */
int acc_history_base_text(char **out, acc_store *s, const acc_amendment *a);

/* What the old text of an amendment's diff is. */
typedef enum {
	ACC_AGAINST_CLAUSE = 0, /* the clause as it stands */
	ACC_AGAINST_PARENT,	/* the pending amendment it amends, as it stands */
	ACC_AGAINST_EMPTY,	/* nothing: an inserted clause */
	ACC_AGAINST_BASE,	/* the text it was drafted against (stale or settled) */
} acc_against;

/* "clause", "parent", "empty", "base". */
const char *acc_against_name(acc_against k);

/*
 * The two texts whose word diff shows what amendment a proposes: a
 * pending amendment against its target as it stands (the clause, or its
 * parent's text for a sub-amendment); an insertion against nothing; a
 * deletion with "" as its new text; a stale or settled one (adopted,
 * rejected, withdrawn, fallen), or one whose target changed while it was
 * put to the vote, against the text it was drafted against, since the
 * clause as it stands no longer is what it amends.
 */
int acc_history_amendment_texts(char **old_text, char **new_text, acc_against *against,
				acc_store *s, const acc_state *st, const acc_amendment *a);

/*
 * The text a stale amendment would have once rebased: its changes merged
 * (acc_merge3_words) onto the current text of its target.  For a
 * deletion, "" and no conflict.  *conflict as for acc_merge3_words.
 */
int acc_history_rebased_text(char **out, int *conflict, acc_store *s, const acc_state *st,
			     const acc_amendment *a);

/*
 * Rebases the stale amendment id onto the current text of its target, as
 * one commit by its sponsor (Accord-Action: rebase): the amendment file is
 * rewritten with the merged text and Base set to the target's current
 * blob.  Refused (ACC_EREFUSED) for anyone but the sponsor, an amendment
 * that is not stale, or one the adopted text already contains.  When the
 * changes overlap, nothing is written, *conflict (when conflict is not
 * NULL) receives the text with conflict markers, and the error is
 * ACC_ERROR "cannot rebase X: its changes overlap the adopted text".
 */
int acc_ops_rebase(acc_oid_hex commit, char **conflict, acc_ctx *c, const char *id);

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
 * any other commit is of unknown origin.
 */
int acc_history_blame(acc_blame **out, acc_ctx *c, const char *clause, const char *rev);
void acc_blame_free(acc_blame *b);

#endif
