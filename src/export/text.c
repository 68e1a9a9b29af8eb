/*
 * export text: the sticky-error text writer the text formats share, and
 * the paragraphs of a text (runs of non-blank lines) every format reads.
 */
#include <stdarg.h>
#include <string.h>

#include "internal.h"

/* Appends len bytes unless an earlier write failed. */
void wr_put(wr *w, const char *s, size_t len)
{
	if (w->rc == 0)
		w->rc = acc_buf_put(w->b, s, len);
}

/* Appends a string (NULL appends nothing). */
void wr_puts(wr *w, const char *s)
{
	if (s)
		wr_put(w, s, strlen(s));
}

/* Appends formatted text. */
void wr_printf(wr *w, const char *fmt, ...)
{
	va_list ap;

	if (w->rc < 0)
		return;
	va_start(ap, fmt);
	w->rc = acc_buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

/* Appends n copies of c. */
void wr_repeat(wr *w, char c, size_t n)
{
	while (n-- && w->rc == 0)
		w->rc = acc_buf_putc(w->b, c);
}

/* Records the result of an operation that returns an ACC_E* code. */
void wr_check(wr *w, int rc)
{
	if (w->rc == 0 && rc < 0)
		w->rc = rc;
}

/* 1 when the line [s, s+len) holds only spaces, tabs or "\r". */
static int blank_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Finds the next paragraph at *p (before end): a run of non-blank lines.
 * Returns 1 with [*s, *s+*len) (no final "\n"), or 0 at the end. */
int ex_next_para(const char **p, const char *end, const char **s, size_t *len)
{
	const char *q = *p, *start = NULL, *last = NULL;

	while (q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *eol = nl ? nl : end;

		if (blank_line(q, (size_t)(eol - q))) {
			if (start)
				break;
		} else {
			if (!start)
				start = q;
			last = eol;
		}
		q = nl ? nl + 1 : end;
	}
	*p = q;
	if (!start)
		return 0;
	*s = start;
	*len = (size_t)(last - start);
	return 1;
}
