/*
 * fuzz: what the fuzz targets share.
 *
 * Each tests/fuzz/fuzz_<target>.c defines LLVMFuzzerTestOneInput for one
 * parser of data that comes from a repository or a remote.  A target is
 * deterministic, frees all it allocates, never aborts on any input, and
 * checks the parser's invariants with FUZZ_CHECK, which aborts: libFuzzer
 * (make fuzz) reports that as a crash, and the plain replayer
 * (make fuzz-replay, tests/fuzz/replay.c) as a failed test.
 *
 * fuzz_common.c is linked into every target.
 */
#ifndef ACCORD_FUZZ_H
#define ACCORD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "accord/model.h"

/* The libFuzzer entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports a broken invariant (file, line and the condition) and aborts. */
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, #cond);                                      \
	} while (0)

/*
 * Whether the finding named name (see tests/fuzz/findings/) is listed in
 * the environment variable FUZZ_KNOWN (names separated by commas).  The
 * check that found it is then skipped, so a long fuzzing run can go past a
 * reported but unfixed bug; the replayer of `make test` runs without it.
 */
int fuzz_known(const char *name);

/* A malloc'd NUL-terminated copy of the n bytes at d (aborts when out of
 * memory: a fuzz target has no better answer). */
char *fuzz_cstr(const uint8_t *d, size_t n);

/* Whether the n bytes at s are well-formed UTF-8 (RFC 3629: no overlongs,
 * surrogates or code points above U+10FFFF); an oracle written apart from
 * src/util.c.  On failure *bad receives the offset of the first bad byte. */
int fuzz_utf8_ok(const char *s, size_t n, size_t *bad);

/* Decodes the well-formed UTF-8 code point at s (n > 0 bytes left, as
 * fuzz_utf8_ok accepted); returns its length. */
int fuzz_utf8_next(const char *s, size_t n, uint32_t *cp);

/* The length of the well-formed sequence at s (n > 0 bytes left) with its
 * code point in *cp, or 0 when none starts there. */
int fuzz_utf8_seq(const char *s, size_t n, uint32_t *cp);

/* With FUZZ_VERBOSE set in the environment, prints what an input did
 * (for working on the corpus); silent otherwise. */
void fuzz_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whether the last error message is set: non-empty, at most one line. */
int fuzz_error_ok(void);

/* ---- an in-memory acc_source ------------------------------------------ */

#define FUZZ_FS_MAX 32

typedef struct {
	const char *path; /* NULL: unused slot */
	const char *data; /* not NUL-terminated, not owned */
	size_t len;
} fuzz_file;

/*
 * A tree of files in memory: files[] by exact path, plus an optional
 * wildcard: any path "<wild_dir>/<name>" with no file of its own reads as
 * wild_data (so a fuzzed toc can name any clause), without being listed.
 * Reads copy the data; blob ids are the real git blob ids of the data, as
 * the repository source would give them.  Nothing touches the disk.
 */
typedef struct {
	fuzz_file files[FUZZ_FS_MAX];
	const char *wild_dir;
	const char *wild_data;
	size_t wild_len;
} fuzz_fs;

/* Adds or replaces path (data NULL removes it); path and data must
 * outlive the fs. */
void fuzz_fs_set(fuzz_fs *fs, const char *path, const char *data, size_t len);
/* Same with a NUL-terminated string. */
void fuzz_fs_sets(fuzz_fs *fs, const char *path, const char *text);

/* Fills *src (no allocation; never pass it to acc_source_free) to read fs. */
void fuzz_fs_source(acc_source *src, fuzz_fs *fs);

/* Cuts the n bytes at d at each byte sep into at most max pieces (the last
 * takes the rest); returns the number of pieces (at least 1). */
size_t fuzz_split(const uint8_t *d, size_t n, uint8_t sep, const uint8_t **piece, size_t *plen,
		  size_t max);

/* Checks the invariants of a loaded state (ids, order, numbering, one
 * chair, unique delegates, tallies); aborts when one is broken. */
void fuzz_check_state(const acc_state *st);

#endif
