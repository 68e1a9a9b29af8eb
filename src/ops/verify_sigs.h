/* ops: verify's signature checks, run in a second thread ahead of the
 * replay; private to src/ops. */
#ifndef ACC_OPS_VERIFY_SIGS_H
#define ACC_OPS_VERIFY_SIGS_H

#include "accord/store.h"

typedef struct acc_sigq acc_sigq;

/* Starts checking the signatures of the commits of chain, in that order,
 * on the repository at gitdir (opened here, in the calling thread, and used
 * only by the checking thread); chain must outlive q. */
int acc_sigq_start(acc_sigq **out, const char *gitdir, const acc_chain *chain);

/*
 * The outcome for commit (the next one in walk order): 0 with *pub the
 * signer's public key (malloc'd); ACC_ENOTFOUND when it is unsigned;
 * ACC_EINVAL with the error set to what is wrong with the signature; or
 * another negative code (the error set) when it could not be read.
 * ACC_EAGAIN when the queue has no outcome for this commit (check it in
 * place then).
 */
int acc_sigq_next(acc_sigq *q, char **pub, const char *commit);

/* Opens mine (the reader's store) again, with the thread holding no
 * repository meanwhile, so that the packs are closed for a moment
 * (acc_store_reopen); q may be NULL. */
int acc_sigq_reopen(acc_sigq *q, acc_store *mine);

/* Stops the thread (when still running) and frees q; NULL is allowed. */
void acc_sigq_free(acc_sigq *q);

#endif
