/* store: what the files of src/store/store*.c share; private to them
 * (the only files that include libgit2). */
#ifndef ACC_STORE_INTERNAL_H
#define ACC_STORE_INTERNAL_H

#include <git2.h>

#include "accord/store.h"

/* An open convention repository. */
struct acc_store {
	git_repository *repo;
	char *branch; /* "refs/heads/main" */
	/* the registry last read by acc_store_load_part, and the ids of the
	 * convention file and orgs/ folder it was read from */
	acc_state *reg;
	char reg_key[2 * ACC_OID_HEXLEN + 2];
};

/* Records libgit2's last error as ours, prefixed with what we were doing. */
int acc_store_git_fail(int code, const char *what);

/* Lets libgit2 load the certificate authorities it skipped at its start
 * (store_tls.c); called before every clone, fetch and push. */
int acc_store_tls_ready(void);

/* Initialises libgit2 once per process, with fsync of the git dir on. */
int acc_store_lib_init(void);

/* Looks up the tree of a commit given in hex (and the commit itself in
 * *commit_out when not NULL). */
int acc_store_tree_of(git_tree **out, git_commit **commit_out, acc_store *s, const char *commit);

/* The tree of base (NULL: a new root tree) with changes applied
 * (store_write.c). */
int acc_store_build_tree(git_tree **out, acc_store *s, git_tree *base, const acc_change *changes,
			 size_t n);
/* Makes the objects written so far durable with one barrier (store_write.c). */
int acc_store_flush_objects(acc_store *s);

#endif
