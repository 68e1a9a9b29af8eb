/*
 * export md: the Markdown document, and the escaping that keeps repository
 * text from creating structure.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Length of the autolink trigger at t (before end) that GitHub Flavored
 * Markdown would turn into a link: "://" after a scheme, "www." at a word
 * start; the escape goes before its last byte.  0 when there is none. */
static size_t md_autolink(const char *t, const char *end, const char *line)
{
	if (*t == ':' && end - t >= 3 && t[1] == '/' && t[2] == '/')
		return 1;
	if ((*t == 'w' || *t == 'W') && end - t >= 4 && (t[1] | 0x20) == 'w' &&
	    (t[2] | 0x20) == 'w' && t[3] == '.' && (t == line || strchr(" \t(*_~\"'", t[-1])))
		return 4;
	return 0;
}

/* Whether the "@" at t (before end, on a line starting at line) sits
 * inside what GitHub Flavored Markdown links as an e-mail address. */
static int md_email_at(const char *t, const char *end, const char *line)
{
	unsigned char a, b;

	if (*t != '@' || t == line || t + 1 >= end)
		return 0;
	a = (unsigned char)t[-1];
	b = (unsigned char)t[1];
	return (isalnum(a) || strchr(".-_+", a)) && b != ' ' && b != '\t';
}

/* Length of the line at t (before end) without its trailing spaces and
 * tabs, which Markdown would read as a hard line break. */
static size_t md_line_len(const char *t, const char *end)
{
	const char *nl = memchr(t, '\n', (size_t)(end - t));
	size_t n = (size_t)((nl ? nl : end) - t);

	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	return n;
}

/* Appends the escaped start of a line at *t (leading blanks dropped, a
 * block marker escaped) and advances *t past what it wrote. */
static void md_line_start(wr *w, const char **t, const char *end)
{
	const char *d;

	while (*t < end && (**t == ' ' || **t == '\t'))
		(*t)++;
	if (*t < end && strchr("-+=", **t)) {
		wr_put(w, "\\", 1);
		wr_put(w, (*t)++, 1);
		return;
	}
	for (d = *t; d < end && *d >= '0' && *d <= '9'; d++)
		;
	if (d > *t && d < end && (*d == '.' || *d == ')')) {
		wr_put(w, *t, (size_t)(d - *t));
		wr_put(w, "\\", 1);
		wr_put(w, d, 1);
		*t = d + 1;
	}
}

/* Appends s as Markdown text that renders as itself (CommonMark and GitHub
 * Flavored Markdown): the stored text exactly (acc_text_exact), with a
 * backslash before every character that would make markup. */
int acc_export_md_escape(acc_buf *out, const char *s, size_t len)
{
	acc_buf exact = ACC_BUF_INIT;
	wr w = {out, 0};
	const char *t, *end, *line;

	if ((w.rc = acc_text_exact(&exact, s, len)) < 0)
		return w.rc;
	t = exact.ptr ? exact.ptr : "";
	end = t + exact.size;
	while (t < end && w.rc == 0) {
		const char *eol;
		size_t n;

		md_line_start(&w, &t, end);
		line = t;
		eol = t + md_line_len(t, end);
		while (t < eol && w.rc == 0) {
			if ((n = md_autolink(t, eol, line)) > 0) {
				wr_put(&w, t, n - 1);
				t += n - 1;
				wr_put(&w, "\\", 1);
			} else if (md_email_at(t, eol, line)) {
				/* GFM links "a@b.c" whatever is escaped: an empty
				 * comment (no element, no text) splits it */
				wr_puts(&w, "@<!-- -->");
				t++;
				continue;
			} else if (strchr("\\`*_[]<>|~&#", *t)) {
				wr_put(&w, "\\", 1);
			}
			wr_put(&w, t++, 1);
		}
		/* trailing blanks dropped; the line break kept */
		t = memchr(eol, '\n', (size_t)(end - eol));
		if (!t)
			break;
		wr_put(&w, t++, 1);
	}
	acc_buf_free(&exact);
	return w.rc;
}

/* Appends s escaped for Markdown. */
static void md(wr *w, const char *s)
{
	if (s)
		wr_check(w, acc_export_md_escape(w->b, s, strlen(s)));
}

/* Appends the paragraphs of text, each followed by a blank line. */
static void md_paras(wr *w, const char *text)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (ex_next_para(&p, end, &s, &len)) {
		wr_check(w, acc_export_md_escape(w->b, s, len));
		wr_puts(w, "\n\n");
	}
}

/* Appends fields as a list of "- **Key:** value". */
static void md_fields(wr *w, const field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		wr_printf(w, "- **%s:** ", f[i].key);
		md(w, f[i].value);
		wr_puts(w, "\n");
	}
	if (n)
		wr_puts(w, "\n");
}

/* Appends one table row of Markdown cells. */
static void md_row(wr *w, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		wr_puts(w, "| ");
		md(w, cells[i]);
		wr_puts(w, " ");
	}
	wr_puts(w, "|\n");
}

/* Appends a table: the header cells, then rows of three cells. */
static void md_table(wr *w, const char *const *head, char *const *cells, size_t rows)
{
	size_t i;

	md_row(w, head, 3);
	wr_puts(w, "| --- | --- | --- |\n");
	for (i = 0; i < rows && w->rc == 0; i++)
		md_row(w, (const char *const *)(cells + i * 3), 3);
	wr_puts(w, "\n");
}

/* Appends the roll-call of b as a table. */
static void md_roll_call(wr *w, const acc_state *st, const acc_ballot *b)
{
	static const char *const head[] = {"Organisation", "Vote", "Cast by"};
	char **cells = NULL;
	size_t rows = 0;

	if (!ex_ballot_held(b))
		return;
	wr_check(w, ex_roll_cells(&cells, &rows, st, b));
	md_table(w, head, cells, rows);
	ex_cells_free(cells, rows * 3);
}

/* Appends the signatories (from the signature state) as a table. */
static void md_signatures(wr *w, const acc_export_doc *d)
{
	static const char *const head[] = {"Organisation", "Signed by", "Date"};
	const char *none = ex_no_signatures(d);
	char **cells = NULL;
	size_t rows = 0;

	if (none) {
		wr_puts(w, none);
		wr_puts(w, "\n\n");
		return;
	}
	wr_check(w, ex_signature_cells(&cells, &rows, ex_sig_state(d)));
	md_table(w, head, cells, rows);
	ex_cells_free(cells, rows * 3);
}

/* Appends an adopted amendment: its heading and record. */
static void md_adopted(void *arg, const acc_amendment *a, const field *f, size_t n)
{
	wr *w = arg;

	wr_printf(w, "#### Amendment `%s`\n\n", a->id);
	md_fields(w, f, n);
}

/* The Markdown document. */
int ex_render_md(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	wr w = {out, 0};
	field f[MAX_FIELDS];
	size_t n = 0, i;

	wr_puts(&w, "# ");
	md(&w, st->conv.title);
	wr_puts(&w, "\n\n");
	if (st->conv.short_title) {
		wr_puts(&w, "- **Short title:** ");
		md(&w, st->conv.short_title);
		wr_puts(&w, "\n");
	}
	wr_check(&w, ex_revision_fields(f, &n, d));
	if (w.rc == 0) {
		md_fields(&w, f, n);
		ex_fields_free(f, n);
	}
	if (st->conv.preamble && st->conv.preamble[0]) {
		wr_puts(&w, "## Preamble\n\n");
		md_paras(&w, st->conv.preamble);
	}
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		wr_repeat(&w, '#', (size_t)(cl->depth < 4 ? 2 + cl->depth : 6));
		wr_printf(&w, " %s %s. ", ex_clause_word(cl), cl->number);
		md(&w, cl->heading);
		wr_puts(&w, "\n\n");
		md_paras(&w, cl->text);
	}
	wr_puts(&w, "## Adoption record\n\n### Adopted amendments\n\n");
	if (!ex_adopted_count(st))
		wr_puts(&w, "No amendment was adopted.\n\n");
	ex_each_adopted(&w.rc, st, md_adopted, &w);
	wr_puts(&w, "### Ratification\n\n");
	wr_check(&w, ex_ratification_fields(f, &n, st));
	if (w.rc == 0) {
		md_fields(&w, f, n);
		ex_fields_free(f, n);
	}
	md_roll_call(&w, st, &st->ratification);
	wr_puts(&w, "## Signatories\n\n");
	md_signatures(&w, d);
	/* one final newline, not two */
	if (w.rc == 0 && out->size >= 2 && out->ptr[out->size - 1] == '\n' &&
	    out->ptr[out->size - 2] == '\n')
		out->ptr[--out->size] = '\0';
	return w.rc;
}
