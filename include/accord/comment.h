/*
 * comment: comment threads on the text, as records in the tree.
 *
 *   comments/<org>/<n>   written by organisation <org> only: one comment
 *                        (Target, On, Reply-To, Delegate; body: its text)
 *                        or the resolution of a thread (Resolves,
 *                        Delegate; body: an optional note)
 *
 * A comment's id is "<org>-c<n>", n counting that organisation's comment
 * files: unique across clones without coordination, like amendment ids,
 * and never an amendment id (those end in digits after the last '-').
 * Comments are not part of acc_state: they are loaded on their own from a
 * source (acc_comments_load), so that nothing else pays for reading them.
 */
#ifndef ACCORD_COMMENT_H
#define ACCORD_COMMENT_H

#include <stddef.h>

#include "accord/model.h"

typedef struct {
	char *id, *org; /* "<org>-c<n>", <org> */
	unsigned seq;
	char *kind, *target; /* what it is about ("clause", "amendment"), NULL for a resolution */
	char *words;	     /* On: the words it is about, or NULL */
	char *reply_to;	     /* Reply-To, or NULL for the first comment of a thread */
	char *resolves;	     /* a resolution: the thread it resolves, else NULL */
	char *delegate;	     /* email of who wrote it */
	char *text;	     /* body ("" for a resolution without a note) */
	/* derived */
	const char *thread;	 /* the id of its thread's first comment */
	const char *resolved_by; /* a thread's first comment: the resolution's id, or NULL */
	size_t depth;		 /* 0 for the first comment of a thread */
} acc_comment;

typedef struct {
	acc_comment *v; /* sorted by org, then number */
	size_t n;
} acc_comments;

/* Loads and checks every file under comments/ of src: keys, ids, a
 * Target or a Resolves, replies and resolutions naming comments that
 * exist, one resolution per thread.  Errors are ACC_EINVAL "<path>:<line>:
 * <what>".  Targets are not checked against the text (a clause may have
 * been deleted since). */
int acc_comments_load(acc_comments **out, acc_source *src);
void acc_comments_free(acc_comments *cs);

/* The comment id, or NULL. */
const acc_comment *acc_comments_find(const acc_comments *cs, const char *id);
/* Splits "<org>-c<n>" (ACC_EINVAL when not a comment id). */
int acc_comment_id_split(char **org, unsigned *seq, const char *id);
/* comments/<org>/<n> (malloc'd). */
char *acc_path_comment(const char *org, unsigned seq);
/* The number of open threads whose target is kind id. */
size_t acc_comments_open(const acc_comments *cs, const char *kind, const char *id);

/*
 * What a comment may be about: spec is "ID" or "KIND:ID" (KIND clause or
 * amendment); *kind receives the kind's name (static), *id a pointer into
 * spec and *text the text the --on words must be found in.  ACC_ENOTFOUND
 * when nothing is called ID, ACC_EUSAGE when a bare ID names two things.
 */
int acc_comment_target(const char **kind, const char **id, const char **text, const acc_state *st,
		       const char *spec);

#endif
