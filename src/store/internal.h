/* store: what the files of src/store/store*.c share; private to them
 * (the only files that include libgit2). */
#ifndef ACC_STORE_INTERNAL_H
#define ACC_STORE_INTERNAL_H

#include <git2.h>

#include "accord/store.h"

/* Slots of the store's own cache of commits and trees (acc_store_lookup). */
#define ACC_STORE_OBJS 512
/* Slots of its cache of small blobs (acc_store_blob_lookup), and how small. */
#define ACC_STORE_BLOBS	   2048
#define ACC_STORE_BLOB_MAX 2048

/* An open convention repository. */
struct acc_store {
	git_repository *repo;
	/* commits and trees read lately, by the first bytes of their ids: what
	 * a walk reads again for the next commit (its parent's trees) hits here
	 * while libgit2's own cache is off (acc_store_check_hashes) */
	git_object *objs[ACC_STORE_OBJS];
	/* small blobs read lately: a vote file's text recurs (one blob for
	 * every yes of one delegate), and reading it again would search every
	 * pack for the one that first stored it */
	git_object *blobs[ACC_STORE_BLOBS];
	char *branch; /* "refs/heads/main" */
	/* the registry last read by acc_store_load_part, and the ids of the
	 * convention file and orgs/ folder it was read from */
	acc_state *reg;
	char reg_key[2 * ACC_OID_HEXLEN + 2];
	/* the object memo, once an export's load used it (owned by the
	 * repository's object database: store_blobs.c) */
	struct acc_blob_memo *memo;
};

/* Records libgit2's last error as ours, prefixed with what we were doing. */
int acc_store_git_fail(int code, const char *what);
/* Appends n bytes to the derived file at path (in <gitdir>/accord/, made
 * when the repository has none yet), best effort: derived data that a
 * failed write only leaves to be computed again. */
void acc_store_derived_append(acc_store *s, const char *path, const void *bytes, size_t n);

/* Lets libgit2 load the certificate authorities it skipped at its start
 * (store_tls.c); called before every clone, fetch and push. */
int acc_store_tls_ready(void);

/* Initialises libgit2 once per process, with fsync of the git dir on. */
int acc_store_lib_init(void);

/* Looks up object id of type (a commit or a tree) through the store's
 * cache; *out is a new reference (git_object_free it); a libgit2 error
 * code on failure. */
int acc_store_lookup(git_object **out, acc_store *s, const git_oid *id, git_object_t type);

/* Looks up blob id, through the store's cache of small blobs; *out is a new
 * reference; a libgit2 error code on failure. */
int acc_store_blob_lookup(git_blob **out, acc_store *s, const git_oid *id);

/* acc_store_lookup of a tree. */
static inline int acc_store_tree_lookup(git_tree **out, acc_store *s, const git_oid *id)
{
	return acc_store_lookup((git_object **)out, s, id, GIT_OBJECT_TREE);
}

/* acc_store_lookup of a commit. */
static inline int acc_store_commit_lookup(git_commit **out, acc_store *s, const git_oid *id)
{
	return acc_store_lookup((git_object **)out, s, id, GIT_OBJECT_COMMIT);
}

/* Turns libgit2's object cache off while pause is 1 (a walk that reads
 * each commit once), back on after unless an audit is on. */
void acc_store_cache_pause(int pause);

/* Looks up the tree of a commit given in hex (and the commit itself in
 * *commit_out when not NULL). */
int acc_store_tree_of(git_tree **out, git_commit **commit_out, acc_store *s, const char *commit);

/* The tree of base (NULL: a new root tree) with changes applied
 * (store_write.c). */
int acc_store_build_tree(git_tree **out, acc_store *s, git_tree *base, const acc_change *changes,
			 size_t n);
/* Makes the objects written so far durable with one barrier (store_write.c). */
int acc_store_flush_objects(acc_store *s);

/* The object memo (store_blobs.c): a copy of the objects an export of a
 * whole convention reads, kept by id under the git dir, that libgit2 asks
 * before the packs; derived data, each entry hashed again before use. */
typedef struct acc_blob_memo acc_blob_memo;

/* The memo of s, opened and put before its packs on first use (none yet,
 * unreadable or grown too big: empty); borrowed (s->memo). */
int acc_blob_memo_use(acc_blob_memo **out, acc_store *s);

/* 1 when the memo holds object id (bytes that hash to it), else 0. */
int acc_blob_memo_has(acc_blob_memo *m, const git_oid *id);

/* A copy of blob id from the memo (*data malloc'd, NUL-ended), hashed once
 * copied; ACC_ENOTFOUND (no message) when the memo holds no such copy. */
int acc_blob_memo_blob(acc_blob_memo *m, const git_oid *id, char **data, size_t *len);

/* Keeps object id (a blob or a tree: its bytes) for the next process. */
void acc_blob_memo_keep(acc_blob_memo *m, const git_oid *id, git_object_t type, const char *data,
			size_t len);

/* acc_blob_memo_keep of tree id, read from the repository. */
void acc_blob_memo_keep_tree(acc_blob_memo *m, const git_oid *id);

/* Appends what was kept to the memo file, in one write (best effort). */
void acc_blob_memo_flush(acc_blob_memo *m);

#endif
