/*
 * structure: the shape of a convention's text beyond the toc (pure; see
 * "The structure of the text" in CONTRIBUTING.md).
 *
 * The record keeps every text as plain text, so amendments, word diffs,
 * brackets, translations and blame work on it unchanged; the structure is
 * read from a line syntax:
 *
 *  - a text is a run of blocks separated by blank lines;
 *  - a block indented by 2*k spaces is nested k levels deep, at most one
 *    level deeper than the block before it (deeper indentation counts as
 *    one level); a block nests under the last block before it that is one
 *    level shallower;
 *  - a block may start with a label followed by a space: a number ("1.",
 *    "12)") for a numbered paragraph, or a letter, roman numeral or number
 *    in parentheses ("(a)", "(iv)", "(2)") for a point;
 *  - "[^ID]: text" is the footnote ID of the clause; "[^ID]" in a text
 *    refers to it (ID: 1..16 of [A-Za-z0-9-]);
 *  - in the preamble, each block is a recital, except a last block ending
 *    in ':' ("Have agreed as follows:"), the enacting formula.
 *
 * The convention record adds the level names ("Levels: Part Chapter
 * Section"), the annexes ("Annex: <clause>", top-level clauses numbered
 * Annex I, II, ...) and the final block ("Done-At: Geneva", "Testimonium:
 * In witness whereof, ...").
 */
#ifndef ACCORD_STRUCTURE_H
#define ACCORD_STRUCTURE_H

#include <stddef.h>

#include "accord/model.h"

/* One block of a text; pointers into the text. */
typedef struct {
	int depth;	   /* nesting level: 0 at the top */
	int note;	   /* a footnote definition "[^ID]: text" */
	int nested;	   /* the next block is nested under this one */
	const char *label; /* "1.", "(a)", or the footnote's ID (NULL: none) */
	size_t label_len;
	const char *text; /* after the label and its space; continuation lines
			   * keep their indentation */
	size_t len;
} acc_block;

/* Splits text into its blocks (*out malloc'd, NULL when there are none). */
int acc_text_blocks(acc_block **out, size_t *n, const char *text);
/* Length of the label at the start of s ("12." or "(a)") when a space
 * follows, else 0. */
size_t acc_text_label(const char *s, size_t len);
/* 1 when a label is a point's ("(a)"), 0 for a numbered paragraph's. */
int acc_label_is_point(const char *label, size_t len);
/* Finds the next footnote reference "[^ID]" in [s, end): returns where it
 * starts (NULL: none) with the ID in [*id, *id + *id_len); the reference
 * is *id_len + 3 bytes long. */
const char *acc_text_note_ref(const char *s, const char *end, const char **id, size_t *id_len);
/* The footnote definition of ID among blocks, or NULL. */
const acc_block *acc_blocks_note(const acc_block *b, size_t n, const char *id, size_t id_len);
/* 1 when block i of n preamble blocks is the enacting formula (the last
 * one, ending in ':', after at least one recital). */
int acc_preamble_formula(const acc_block *b, size_t i, size_t n);

/* What a clause is called: "Annex", "Article", or the name of its level
 * (the convention's Levels, else Part, Chapter, Section, Subsection). */
const char *acc_form_word(const acc_text_form *form, const acc_clause *cl);
/* The English name of a language tag ("ar": "Arabic"), or the tag. */
const char *acc_language_name(const char *tag);

#endif
