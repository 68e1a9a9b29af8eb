/*
 * tool: what the two benchmark programs (accord-bench-gen, accord-bench)
 * share.  They are tools, not library code: on an error they cannot go on
 * from, they say so on standard error, naming themselves, and exit 1.
 */
#ifndef ACCORD_BENCH_TOOL_H
#define ACCORD_BENCH_TOOL_H

#include <stddef.h>

/* The program's name in its messages; set by main. */
extern const char *tool_name;

/* Stops with what failed and accord's last error. */
void die(const char *what) __attribute__((noreturn));

/* Stops (die) when an accord call returns an error. */
#define CHECK(call, what)                                                                          \
	do {                                                                                       \
		if ((call) < 0)                                                                    \
			die(what);                                                                 \
	} while (0)

/* Allocation that cannot fail quietly (zero-filled). */
void *xcalloc(size_t n, size_t size);

/* Grows *pp (an array of *alloc elements of size) to hold need elements. */
void grow(void *pp, size_t *alloc, size_t need, size_t size);

/* sprintf into a new string. */
char *xsprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
