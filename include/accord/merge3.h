/*
 * merge3: the three-way merge of clause text at the level of words, for
 * stale amendments: "the edits do not overlap" means "they change
 * different words", which is what drafters expect of two amendments to one
 * paragraph (a line-based merge would make every pair of edits to one
 * paragraph a conflict, since a paragraph is one line).
 */
#ifndef ACCORD_MERGE3_H
#define ACCORD_MERGE3_H

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

#endif
