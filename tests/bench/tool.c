/* tool: what the benchmark programs share (see tool.h). */
#include "tool.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "accord/util.h"

const char *tool_name = "accord-bench";

/* Stops: out of memory. */
static void __attribute__((noreturn)) out_of_memory(void)
{
	fprintf(stderr, "%s: out of memory\n", tool_name);
	exit(1);
}

void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", tool_name, what, acc_error_last());
	exit(1);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void grow(void *pp, size_t *alloc, size_t need, size_t size)
{
	void **p = pp;

	if (need <= *alloc)
		return;
	while (*alloc < need)
		*alloc = *alloc ? *alloc * 2 : 16;
	if (!(*p = realloc(*p, *alloc * size)))
		out_of_memory();
}

char *xsprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	return s;
}
