/*
 * util: error reporting, growable buffers, string lists and UTF-8 checks.
 *
 * Every accord function that can fail returns an int: 0 on success or one
 * of the negative ACC_E* codes below, after recording a one-line message
 * with acc_error_set().  The message is lower case, names what failed and
 * on what, and carries no trailing newline.  Only the faces (cli, tui)
 * print it.
 */
#ifndef ACCORD_UTIL_H
#define ACCORD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum {
	ACC_OK = 0,
	ACC_ERROR = -1,	    /* input/output or library failure */
	ACC_EINVAL = -2,    /* malformed data (record, id, text) */
	ACC_ENOTFOUND = -3, /* no such clause, amendment, revision... */
	ACC_EREFUSED = -4,  /* not allowed: permission or procedure */
	ACC_EMODIFIED = -5, /* someone else moved the branch first */
	ACC_ENOMEM = -6,    /* allocation failed */
	ACC_EUSAGE = -7,    /* bad command-line usage */
	ACC_EEXISTS = -8,   /* target already exists */
	ACC_EVERIFY = -9,   /* the record failed verification */
	ACC_ENET = -10,	    /* the connection to a remote failed (worth retrying) */
};

#define ACC_ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Records the last error (per thread) and returns code, so callers can
 * write `return acc_error_set(ACC_EINVAL, "...")`. */
int acc_error_set(int code, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);

/* Prefixes the current message with "<prefix>: " (for adding context). */
int acc_error_prefix(int code, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);

/* The last message, never NULL ("" when none). Valid until the next set. */
const char *acc_error_last(void);

/* The code given with the last message (ACC_OK when none). */
int acc_error_code(void);

void acc_error_clear(void);

/* For tests: 1 when this allocation must fail (ACCORD_FAULT_ALLOC=N fails
 * the Nth allocation of accord's own code and of SQLite). */
int acc_fault_alloc(void);

/* Allocation helpers: abort-free, they return NULL and set ACC_ENOMEM. */
void *acc_malloc(size_t n);
void *acc_calloc(size_t n, size_t size);
void *acc_realloc(void *p, size_t n);
char *acc_strdup(const char *s);
char *acc_strndup(const char *s, size_t n);
char *acc_sprintf(const char *fmt, ...) ACC_ATTR_PRINTF(1, 2);

/* A growable byte buffer, always NUL-terminated when ptr is not NULL. */
typedef struct {
	char *ptr;
	size_t size;  /* bytes used, not counting the NUL */
	size_t asize; /* bytes allocated */
} acc_buf;

#define ACC_BUF_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

int acc_buf_grow(acc_buf *b, size_t extra);
int acc_buf_put(acc_buf *b, const char *data, size_t len);
int acc_buf_puts(acc_buf *b, const char *s);
int acc_buf_putc(acc_buf *b, char c);
int acc_buf_printf(acc_buf *b, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);
int acc_buf_vprintf(acc_buf *b, const char *fmt, va_list ap) ACC_ATTR_PRINTF(2, 0);
void acc_buf_clear(acc_buf *b);
/* Hands the string to the caller (never NULL on success: "" when empty). */
char *acc_buf_detach(acc_buf *b);
void acc_buf_free(acc_buf *b);

/* A growable list of owned strings. */
typedef struct {
	char **items;
	size_t count;
	size_t alloc;
} acc_strlist;

#define ACC_STRLIST_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

int acc_strlist_add(acc_strlist *l, const char *s);
int acc_strlist_addn(acc_strlist *l, const char *s, size_t n);
/* Index of s in l, or -1. */
long acc_strlist_find(const acc_strlist *l, const char *s);
void acc_strlist_free(acc_strlist *l);

/*
 * UTF-8.  acc_utf8_valid() accepts exactly the well-formed sequences of
 * RFC 3629 (no overlongs, no surrogates, nothing above U+10FFFF).  On
 * failure *bad (when not NULL) receives the offset of the first bad byte.
 */
int acc_utf8_valid(const char *s, size_t len, size_t *bad);

/* Decodes one code point at s (len bytes available).  Returns its length
 * in bytes (1..4) and stores it in *cp, or returns -1 for an invalid
 * sequence (then *cp is the byte value). */
int acc_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Reads a whole file (at most max bytes, else ACC_EINVAL).  "-" reads
 * standard input. */
int acc_file_read(char **out, size_t *len, const char *path, size_t max);

/* Removes path and everything below it (not following symlinks). */
int acc_rmtree(const char *path);

/* The git blob id (40 hex digits and a NUL, as `git hash-object` gives) of
 * the len bytes at data: what a translation of a text that is not a file of
 * its own (the title, the preamble) records as its base. */
int acc_git_blob_id(char out[41], const char *data, size_t len);

#endif
