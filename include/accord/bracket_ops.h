/*
 * bracket_ops: the actions on bracketed text (src/ops/act_bracket.c,
 * act_resolve.c, act_bracket_ballot.c) and the check that the whole text
 * can be put to its final ballot (src/ops/brackets.c).
 */
#ifndef ACCORD_BRACKET_OPS_H
#define ACCORD_BRACKET_OPS_H

#include "accord/bracket.h"
#include "accord/ops.h"

/* What `accord bracket` asks. */
typedef struct {
	const char *clause, *span;
	unsigned occurrence; /* 0: the span must occur exactly once */
	const char *const *options;
	size_t noptions;
} acc_bracket_args;

/* Puts span of clause in brackets with its options, for the acting
 * organisation; *id receives the new bracket's id (malloc'd). */
int acc_ops_bracket(char **id, acc_oid_hex commit, acc_ctx *c, const acc_bracket_args *a);
/* Records (or with withdraw, takes back) the acting organisation's support
 * of option (number or text) of bracket. */
int acc_ops_support(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *option,
		    int withdraw);
/* The chair settles bracket by consensus: option goes into the text. */
int acc_ops_resolve(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *option);
/* The chair opens the ballot on bracket (rule and quorum NULL: the
 * convention's). */
int acc_ops_bracket_open(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *rule,
			 const char *quorum);
/* The acting organisation chooses option on bracket's open ballot. */
int acc_ops_bracket_vote(acc_oid_hex commit, acc_ctx *c, const char *bracket, const char *option);
/* The chair closes bracket's ballot; *chosen receives the option the rule
 * chose (applied to the text), or 0 when none reached it. */
int acc_ops_bracket_close(acc_oid_hex commit, unsigned *chosen, acc_ctx *c, const char *bracket);

/* 0 when the whole text may be put to its final ballot, else ACC_EREFUSED
 * listing the brackets still open. */
int acc_brackets_check_whole_text(const acc_state *st);

#endif
