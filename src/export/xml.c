/*
 * export xml: a sticky-error writer over libxml2's xmlTextWriter, shared by
 * the html and akn renderers; repository text is written exactly, escaped
 * by the writer.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "accord/textdiff.h"
#include "internal.h"

/* Notes a writer failure. */
void xw_fail(xw *x, int r)
{
	if (r < 0 && x->rc == 0)
		x->rc = acc_error_set(ACC_ERROR, "cannot write the XML document");
}

/* Opens element name. */
void xw_start(xw *x, const char *name)
{
	if (x->rc == 0)
		xw_fail(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

/* Closes the open element (HTML: always with an end tag). */
void xw_end(xw *x)
{
	if (x->rc == 0)
		xw_fail(x, x->html ? xmlTextWriterFullEndElement(x->w)
				   : xmlTextWriterEndElement(x->w));
}

/* Closes the open element and ends the line. */
void xw_endl(xw *x)
{
	xw_end(x);
	xw_raw(x, "\n");
}

/* Closes a void element (<br/>, <meta/>). */
void xw_end_void(xw *x)
{
	if (x->rc == 0)
		xw_fail(x, xmlTextWriterEndElement(x->w));
}

/* Copies s (len bytes) exactly into x->tmp (acc_text_exact: what XML
 * cannot carry, only in a history verify flags, becomes U+FFFD); returns
 * it, or NULL on failure. */
static const char *xw_clean(xw *x, const char *s, size_t len)
{
	int rc;

	acc_buf_clear(&x->tmp);
	if ((rc = acc_text_exact(&x->tmp, s, len)) < 0 || (rc = acc_buf_put(&x->tmp, "", 0)) < 0) {
		if (x->rc == 0)
			x->rc = rc;
		return NULL;
	}
	return x->tmp.ptr;
}

/* Writes an attribute; repository text in value exactly (acc_text_exact). */
void xw_attr(xw *x, const char *name, const char *value)
{
	const char *v;

	if (x->rc == 0 && (v = xw_clean(x, value ? value : "", value ? strlen(value) : 0)))
		xw_fail(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
}

/* Writes an attribute from a format (ids and numbers, not free text). */
void xw_attrf(xw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *v = NULL;

	if (x->rc)
		return;
	va_start(ap, fmt);
	acc_buf_clear(&x->tmp);
	x->rc = acc_buf_vprintf(&x->tmp, fmt, ap);
	va_end(ap);
	/* x_attr reuses x->tmp: work on a copy */
	if (x->rc == 0 && !(v = acc_strdup(x->tmp.ptr ? x->tmp.ptr : "")))
		x->rc = ACC_ENOMEM;
	if (v)
		xw_attr(x, name, v);
	free(v);
}

/* Writes text exactly (acc_text_exact), escaped by the writer. */
void xw_text(xw *x, const char *s, size_t len)
{
	const char *v;

	if (x->rc == 0 && len && (v = xw_clean(x, s, len)))
		xw_fail(x, xmlTextWriterWriteString(x->w, BAD_CAST v));
}

/* x_text of a NUL-terminated string. */
void xw_str(xw *x, const char *s)
{
	if (s)
		xw_text(x, s, strlen(s));
}

/* Writes markup of our own (newlines between blocks, the stylesheet). */
void xw_raw(xw *x, const char *s)
{
	if (x->rc == 0)
		xw_fail(x, xmlTextWriterWriteRaw(x->w, BAD_CAST s));
}

/* <name>text</name> */
void xw_elem(xw *x, const char *name, const char *text)
{
	xw_start(x, name);
	xw_str(x, text);
	xw_end(x);
}

/* Writes the lines of s separated by <br/>. */
void xw_lines(xw *x, const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end && x->rc == 0) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = (size_t)((nl ? nl : end) - s);

		while (l && s[l - 1] == '\r')
			l--;
		xw_text(x, s, l);
		if (!nl)
			break;
		xw_start(x, "br");
		xw_end_void(x);
		s = nl + 1;
	}
}

/* Writes the word diff of old against new: equal text, <del> and <ins>. */
void xw_diff(xw *x, const char *old, const char *new)
{
	acc_diff df;
	size_t i;
	int rc;

	memset(&df, 0, sizeof(df));
	old = old ? old : "";
	new = new ? new : "";
	if ((rc = acc_textdiff(&df, old, strlen(old), new, strlen(new))) < 0) {
		if (x->rc == 0)
			x->rc = rc;
		return;
	}
	for (i = 0; i < df.count && x->rc == 0; i++) {
		const acc_diff_run *r = &df.runs[i];

		if (r->op == ACC_DIFF_EQUAL) {
			xw_text(x, r->text, r->len);
			continue;
		}
		xw_start(x, r->op == ACC_DIFF_DELETE ? "del" : "ins");
		xw_text(x, r->text, r->len);
		xw_end(x);
	}
	acc_diff_free(&df);
}

/* Starts a writer into memory. */
int xw_open(xw *x, xmlBufferPtr *buf, int html)
{
	memset(x, 0, sizeof(*x));
	x->html = html;
	if (!(*buf = xmlBufferCreate()) || !(x->w = xmlNewTextWriterMemory(*buf, 0))) {
		if (*buf)
			xmlBufferFree(*buf);
		*buf = NULL;
		return acc_error_set(ACC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Ends the writer and appends what it wrote to out. */
int xw_close(xw *x, xmlBufferPtr buf, acc_buf *out)
{
	int rc = x->rc;

	if (rc == 0)
		xw_fail(x, xmlTextWriterEndDocument(x->w));
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	rc = x->rc;
	if (rc == 0)
		rc = acc_buf_put(out, (const char *)xmlBufferContent(buf),
				 (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	acc_buf_free(&x->tmp);
	return rc;
}
