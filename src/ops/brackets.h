/* ops: what the bracket actions share (private to src/ops). */
#ifndef ACC_OPS_BRACKETS_H
#define ACC_OPS_BRACKETS_H

#include "accord/bracket_ops.h"
#include "internal.h"

extern const acc_action_def acc_action_bracket, acc_action_support, acc_action_resolve,
    acc_action_bracket_open, acc_action_bracket_vote, acc_action_bracket_close;

/* The folder of bracket b (malloc'd). */
char *acc_bracket_dir(const acc_bracket *b);
/* The bracket id of st, or a one-line ACC_ENOTFOUND. */
int acc_bracket_get(const acc_bracket **out, const acc_state *st, const char *id);
/* Refuses unless b can still be settled in st (not resolved, not lost, the
 * text not frozen by the final ballot). */
int acc_bracket_check_pending(const acc_state *st, const acc_bracket *b);
/* Writes b's resolution (option k, by "consensus" or "ballot") and the
 * clause text with option k in place of the span. */
int acc_bracket_put_resolution(acc_action *act, const acc_state *st, const acc_bracket *b,
			       unsigned k, const char *by);

#endif
