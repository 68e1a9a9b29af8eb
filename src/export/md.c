/*
 * export md: the Markdown document, and the escaping that keeps repository
 * text from creating structure.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Appends s as Markdown text that renders as itself. */
int acc_export_md_escape(acc_buf *out, const char *s, size_t len)
{
	acc_buf clean = ACC_BUF_INIT;
	wr w = {out, 0};
	const char *t, *end;
	int line_start = 1;

	if ((w.rc = acc_sanitize(&clean, s, len, SAN_FLAGS)) < 0)
		return w.rc;
	t = clean.ptr ? clean.ptr : "";
	end = t + clean.size;
	while (t < end && w.rc == 0) {
		if (line_start) {
			const char *d = t;

			while (t < end && (*t == ' ' || *t == '\t'))
				t++;
			line_start = 0;
			if (t < end && strchr("-+=", *t)) {
				wr_put(&w, "\\", 1);
				wr_put(&w, t++, 1);
				continue;
			}
			for (d = t; d < end && *d >= '0' && *d <= '9'; d++)
				;
			if (d > t && d < end && (*d == '.' || *d == ')')) {
				wr_put(&w, t, (size_t)(d - t));
				wr_put(&w, "\\", 1);
				wr_put(&w, d, 1);
				t = d + 1;
				continue;
			}
			if (t >= end)
				break;
		}
		if (*t == '\n') {
			line_start = 1;
		} else if (strchr("\\`*_[]<>|~&#", *t)) {
			wr_put(&w, "\\", 1);
		}
		wr_put(&w, t++, 1);
	}
	acc_buf_free(&clean);
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

/* One language's text in a multilingual edition (ex_lang_each). */
static void md_lang(void *arg, const char *lang, int rtl, const char *heading, const char *text,
		    const char *note)
{
	wr *w = arg;

	(void)rtl;
	wr_printf(w, "**[%s]**", lang);
	if (heading[0]) {
		wr_puts(w, " ");
		md(w, heading);
	}
	if (note)
		wr_printf(w, " *(%s)*", note);
	wr_puts(w, "\n\n");
	if (text[0])
		md_paras(w, text);
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
	ex_lang_each(d, "title", md_lang, &w);
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
		ex_lang_each(d, "preamble", md_lang, &w);
	}
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		wr_repeat(&w, '#', (size_t)(cl->depth < 4 ? 2 + cl->depth : 6));
		wr_printf(&w, " %s %s. ", ex_clause_word(cl), cl->number);
		md(&w, cl->heading);
		wr_puts(&w, "\n\n");
		md_paras(&w, cl->text);
		ex_lang_each(d, cl->id, md_lang, &w);
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
