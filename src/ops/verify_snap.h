/* ops: the state verify keeps between runs at the last commit it verified
 * (accord/snapshot.h), in the convention's git folder; private to src/ops. */
#ifndef ACC_OPS_VERIFY_SNAP_H
#define ACC_OPS_VERIFY_SNAP_H

#include "accord/model.h"
#include "accord/ops.h"

/*
 * The state at commit as the last verify that ended there left it: 0 with
 * *out, 1 when there is none to use (none kept, of another commit,
 * damaged: the caller reads the tree), or a negative code (out of memory;
 * or, with ACCORD_VERIFY_CROSSCHECK, a kept state that differs from the
 * tree's).
 */
int acc_verify_snap_load(acc_state **out, acc_ctx *c, const char *commit);

/* Keeps st (the state at st->commit, which verified) for the next verify;
 * a failure to write it is no error (the next one reads the tree).  With
 * ACCORD_VERIFY_CROSSCHECK, st is first compared with the tree's state:
 * ACC_ERROR when they differ. */
int acc_verify_snap_save(acc_ctx *c, const acc_state *st);

#endif
