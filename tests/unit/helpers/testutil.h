/*
 * testutil: helpers shared by the unit tests: temporary folders, files,
 * copies of folders, commands run through the shell, and an environment
 * that keeps the user's git configuration out of the tests.
 *
 * Everything here reports failure by its return value (never by exiting),
 * so a test can fail with a message of its own.  Strings returned through
 * a pointer are malloc'd and belong to the caller.
 */
#ifndef ACCORD_TESTUTIL_H
#define ACCORD_TESTUTIL_H

#include <stddef.h>

#include "accord/ops.h"

/* Creates a new folder /tmp/accord-test-XXXXXX; NULL on failure. */
char *tu_mkdtemp(void);

/* Removes path and everything below it (not following symlinks).  0 on
 * success or when path does not exist, -1 otherwise. */
int tu_rmrf(const char *path);

/* Creates path and its missing parents (like mkdir -p).  0 or -1. */
int tu_mkdirs(const char *path);

/* Writes len bytes to root/rel (creating parent folders), replacing any
 * existing file.  0 or -1. */
int tu_write(const char *root, const char *rel, const char *data, size_t len);

/* tu_write of a NUL-terminated string. */
int tu_write_str(const char *root, const char *rel, const char *s);

/* Reads root/rel whole (NUL-terminated; *len may be NULL); NULL on
 * failure. */
char *tu_read(const char *root, const char *rel, size_t *len);

/* Removes the file root/rel.  0 or -1. */
int tu_remove(const char *root, const char *rel);

/* 1 when path exists (any kind of file), else 0. */
int tu_exists(const char *path);

/* Copies the folder src to dst (created) recursively: regular files and
 * folders only.  0 or -1. */
int tu_copy_tree(const char *src, const char *dst);

/* Quotes s for the shell (single quotes); NULL on allocation failure. */
char *tu_shquote(const char *s);

/* Runs the shell command made from fmt; when out is not NULL, *out
 * receives everything it wrote to standard output (NUL-terminated).
 * Returns its exit status, or -1 when it could not run or was killed. */
int tu_run(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when `ssh-keygen -Y verify` (namespace "git", pubkey the only
 * allowed signer) accepts the armoured signature sig over len bytes of
 * data; its files are written in the folder dir. */
int tu_openssh_accepts(const char *dir, const char *sig, const char *data, size_t len,
		       const char *pubkey);

/* Isolates the process from the user's configuration: HOME=home,
 * GIT_CONFIG_NOSYSTEM=1, GIT_CONFIG_GLOBAL=home/.gitconfig, TZ=UTC,
 * LC_ALL=C, and no GIT_DIR-like variables.  Call it before libgit2 is
 * first used (libgit2 reads HOME once).  0 or -1. */
int tu_isolate(const char *home);

/* The folder of the bundled sample proposal (proposals/digital-geneva-
 * convention), found from the working folder or the test binary; NULL
 * when it cannot be found.  The string is static. */
const char *tu_proposal_dir(void);

/* Creates, under a new isolated folder *dir (the caller's, tu_rmrf and
 * free it), the convention conv (of size bytes: "<dir>/conv") from the
 * bundled proposal with demo keys, and opens it in *ctx with the commit
 * time fixed at 2026-01-01.  -1 on failure. */
int tu_demo_convention(acc_ctx **ctx, char **dir, char *conv, size_t size);

/* Makes email, with its demo key in conv, the actor of ctx, a minute after
 * the previous action; 0, or the failing setter's code. */
int tu_act_as(acc_ctx *ctx, const char *conv, const char *email);

#endif
