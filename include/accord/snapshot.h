/*
 * snapshot: a state kept between two runs of verify (src/model/snapshot.c).
 *
 * `accord verify --since REV` (and sync, which audits only what arrived)
 * checks the commits after REV from the state at REV.  Reading that state
 * from the tree of a design-scale convention reads 20,000 amendments and
 * their ballots (100 MB of records): seconds, and the packs' pages.  What
 * a verify that found no problem followed up to its last commit is written
 * instead, as one file bound to that commit, and read back by the next
 * verify that starts there: every field of the state, nothing derived
 * again, so the new commits are checked from exactly the state a walk
 * from the root would hold.  A file of another commit, of another format
 * version, or whose checksum does not match is not used (the caller reads
 * the tree); it is a cache of what the repository says, never trusted
 * over it.
 */
#ifndef ACCORD_SNAPSHOT_H
#define ACCORD_SNAPSHOT_H

#include <stdio.h>

#include "accord/model.h"

/* Writes st (a whole state, not partial) to f, bound to st->commit. */
int acc_state_snapshot_write(FILE *f, const acc_state *st);
/*
 * Reads from f the snapshot of the state at commit into *out.
 * ACC_ENOTFOUND when it is a snapshot of another commit or of another
 * format version, ACC_EINVAL when it is damaged (its checksum does not
 * match, or what it holds does not parse): in both cases *out is NULL and
 * the state is to be read from the tree.
 */
int acc_state_snapshot_read(acc_state **out, FILE *f, const char *commit);

#endif
