/*
 * export txt: the plain text document, wrapped at 72 display columns.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/structure.h"
#include "internal.h"

#define TXT_WIDTH 72

/* Writes the first code points of s that fit in cols columns (at least
 * one, so the caller always advances); returns the bytes taken. */
static size_t cut_cols(wr *w, const char *s, size_t len, size_t cols)
{
	size_t i = 0, width = 0;

	while (i < len) {
		uint32_t cp;
		int n = acc_utf8_decode(s + i, len - i, &cp), cw = 1;

		if (n < 0)
			n = 1;
		else if (acc_cp_width(cp) >= 0)
			cw = acc_cp_width(cp);
		if (width + (size_t)cw > cols && i > 0)
			break;
		width += (size_t)cw;
		i += (size_t)n;
	}
	wr_put(w, s, i);
	return i;
}

/* Wraps one line of text to width columns with indent and hang. */
int acc_export_wrap(acc_buf *out, const char *s, size_t len, size_t width, size_t indent,
		    size_t hang)
{
	acc_buf clean = ACC_BUF_INIT;
	wr w = {out, 0};
	size_t i = 0, col = 0, words = 0;
	int first = 1; /* still on the first output line */
	const char *t;

	if ((w.rc = acc_sanitize(&clean, s, len, ACC_SAN_TABS)) < 0)
		return w.rc;
	t = clean.ptr ? clean.ptr : "";
	len = clean.size;
	while (i < len && w.rc == 0) {
		size_t start, wlen, ww;

		while (i < len && t[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && t[i] != ' ')
			i++;
		wlen = i - start;
		ww = acc_display_width(t + start, wlen);
		if (words && col + 1 + ww > width) {
			wr_put(&w, "\n", 1);
			words = 0;
			first = 0;
		}
		if (!words) {
			col = first ? indent : hang;
			wr_repeat(&w, ' ', col);
		} else {
			wr_put(&w, " ", 1);
			col++;
		}
		/* a word wider than a whole line is cut at code points */
		while (col + ww > width && w.rc == 0) {
			size_t took = cut_cols(&w, t + start, wlen, width > col ? width - col : 1);

			start += took;
			wlen -= took;
			if (!wlen)
				break;
			ww = acc_display_width(t + start, wlen);
			wr_put(&w, "\n", 1);
			first = 0;
			col = hang;
			wr_repeat(&w, ' ', col);
		}
		wr_put(&w, t + start, wlen);
		col += wlen ? ww : width;
		words++;
	}
	wr_put(&w, "\n", 1);
	acc_buf_free(&clean);
	return w.rc;
}

/* Wraps s (one line) into the document. */
static void txt_wrap(wr *w, const char *s, size_t len, size_t indent, size_t hang)
{
	if (w->rc == 0)
		w->rc = acc_export_wrap(w->b, s, len, TXT_WIDTH, indent, hang);
}

/* The display width of s once sanitised (0 on failure). */
static size_t txt_width(const char *s)
{
	acc_buf b = ACC_BUF_INIT;
	size_t n = 0;

	if (acc_sanitize(&b, s, strlen(s), ACC_SAN_TABS) == 0)
		n = acc_display_width(b.ptr ? b.ptr : "", b.size);
	acc_buf_free(&b);
	return n;
}

/* A heading: the text wrapped, underlined with c, then a blank line. */
static void txt_heading(wr *w, const char *text, char c)
{
	size_t cols = txt_width(text);

	txt_wrap(w, text, strlen(text), 0, 0);
	wr_repeat(w, c, cols < TXT_WIDTH ? cols : TXT_WIDTH);
	wr_puts(w, "\n\n");
}

/* The paragraphs of text; a labelled line ("1. ", "(a) ") hangs under
 * its first word. */
static void txt_paras(wr *w, const char *text, size_t indent)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (ex_next_para(&p, end, &s, &len) && w->rc == 0) {
		const char *q = s, *pend = s + len;

		while (q < pend) {
			const char *nl = memchr(q, '\n', (size_t)(pend - q));
			size_t l = (size_t)((nl ? nl : pend) - q), lab;

			while (l && q[l - 1] == '\r')
				l--;
			lab = ex_para_label(q, l);
			txt_wrap(w, q, l, indent, indent + (lab ? lab + 1 : 0));
			q = nl ? nl + 1 : pend;
		}
		wr_puts(w, "\n");
	}
}

/* The blocks of text: a nested block indented by four columns a level,
 * its label hanging; footnotes ("[^1]: ...") last. */
static void txt_blocks(wr *w, const char *text)
{
	acc_block *b = NULL;
	size_t n = 0, i, pass;

	wr_check(w, acc_text_blocks(&b, &n, text));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n && w->rc == 0; i++) {
			const acc_block *k = &b[i];
			size_t indent = (size_t)k->depth * 4, lab = k->label ? k->label_len + 1 : 0;
			const char *s = k->note ? k->label - 2 : k->label ? k->label : k->text;
			const char *q = s, *pend = k->text + k->len;

			if ((size_t)k->note != pass)
				continue;
			if (k->note)
				lab = k->label_len + 5;
			while (q < pend) {
				const char *nl = memchr(q, '\n', (size_t)(pend - q));
				size_t l = (size_t)((nl ? nl : pend) - q);

				while (l && q[l - 1] == '\r')
					l--;
				if (q != s) { /* a continuation line: its own indentation goes */
					while (l && *q == ' ') {
						q++;
						l--;
					}
				}
				txt_wrap(w, q, l, q == s ? indent : indent + lab, indent + lab);
				q = nl ? nl + 1 : pend;
			}
			wr_puts(w, "\n");
		}
	free(b);
}

/* The final block: "In witness whereof", "Done at", the signatures. */
static void txt_final(wr *w, const acc_export_doc *d)
{
	ex_final f;
	size_t i;

	if (w->rc || (w->rc = ex_final_get(&f, d)) < 0 || !f.done)
		return;
	if (f.testimonium) {
		txt_wrap(w, f.testimonium, strlen(f.testimonium), 0, 0);
		wr_puts(w, "\n");
	}
	txt_wrap(w, f.done, strlen(f.done), 0, 0);
	wr_puts(w, "\n");
	for (i = 0; i < f.nsigs; i++)
		txt_wrap(w, f.sigs[i], strlen(f.sigs[i]), 0, 4);
	if (f.nsigs)
		wr_puts(w, "\n");
	ex_final_clear(&f);
}

static void txt_lang(void *arg, const char *lang, int rtl, const char *heading, const char *text,
		     const char *note);

/* One clause: its heading underlined, then its text, then (--lang all)
 * its translations. */
static void txt_clause(wr *w, const acc_export_doc *d, const acc_clause *cl)
{
	char *head = acc_sprintf("%s %s. %s", ex_clause_word(cl), cl->number, cl->heading);

	if (!head) {
		wr_check(w, ACC_ENOMEM);
		return;
	}
	txt_heading(w, head, cl->container || cl->annex ? '=' : '-');
	free(head);
	txt_blocks(w, cl->text);
	ex_lang_each(d, cl->id, txt_lang, w);
}

/* Fields as "Key: value" lines, continuation lines indented. */
static void txt_fields(wr *w, const field *f, size_t n, size_t indent)
{
	size_t i;

	for (i = 0; i < n && w->rc == 0; i++) {
		char *line = acc_sprintf("%s: %s", f[i].key, f[i].value);

		if (!line) {
			wr_check(w, ACC_ENOMEM);
			break;
		}
		txt_wrap(w, line, strlen(line), indent, indent + 4);
		free(line);
	}
}

/* The roll-call of b, one wrapped line per organisation. */
static void txt_roll_call(wr *w, const acc_state *st, const acc_ballot *b)
{
	char **cells = NULL;
	size_t rows = 0, i;

	if (!ex_ballot_held(b))
		return;
	wr_check(w, ex_roll_cells(&cells, &rows, st, b));
	txt_wrap(w, "Roll-call:", 10, 0, 0);
	for (i = 0; i < rows && w->rc == 0; i++) {
		char *const *c = cells + i * 3;
		char *line = acc_sprintf("- %s: %s%s%s", c[0], c[1], c[2][0] ? ", by " : "", c[2]);

		if (!line)
			wr_check(w, ACC_ENOMEM);
		else
			txt_wrap(w, line, strlen(line), 2, 4);
		free(line);
	}
	ex_cells_free(cells, rows * 3);
}

/* The signatories, one wrapped line each, or why there are none. */
static void txt_signatures(wr *w, const acc_export_doc *d)
{
	const char *none = ex_no_signatures(d);
	char **cells = NULL;
	size_t rows = 0, i;

	if (none) {
		wr_puts(w, none);
		wr_puts(w, "\n");
		return;
	}
	wr_check(w, ex_signature_cells(&cells, &rows, ex_sig_state(d)));
	for (i = 0; i < rows && w->rc == 0; i++) {
		char *const *c = cells + i * 3;
		char *line = acc_sprintf("- %s, signed on %s by %s", c[0], c[2], c[1]);

		if (!line)
			wr_check(w, ACC_ENOMEM);
		else
			txt_wrap(w, line, strlen(line), 0, 2);
		free(line);
	}
	ex_cells_free(cells, rows * 3);
}

/* An adopted amendment: its heading and record, indented. */
static void txt_adopted(void *arg, const acc_amendment *a, const field *f, size_t n)
{
	wr *w = arg;

	wr_printf(w, "Amendment %s\n", a->id);
	txt_fields(w, f, n, 2);
	wr_puts(w, "\n");
}

/* One language's text in a multilingual edition (ex_lang_each). */
static void txt_lang(void *arg, const char *lang, int rtl, const char *heading, const char *text,
		     const char *note)
{
	wr *w = arg;

	(void)rtl;
	wr_printf(w, "[%s]%s%s%s%s%s\n\n", lang, heading[0] ? " " : "", heading, note ? " (" : "",
		  note ? note : "", note ? ")" : "");
	if (text[0])
		txt_paras(w, text, 0);
}

/* The plain text document, wrapped at 72 columns. */
int ex_render_txt(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	wr w = {out, 0};
	field f[MAX_FIELDS];
	size_t n = 0, i, cols = txt_width(st->conv.title);

	cols = cols < TXT_WIDTH ? cols : TXT_WIDTH;
	wr_repeat(&w, '=', cols);
	wr_puts(&w, "\n");
	txt_wrap(&w, st->conv.title, strlen(st->conv.title), 0, 0);
	wr_repeat(&w, '=', cols);
	wr_puts(&w, "\n\n");
	ex_lang_each(d, "title", txt_lang, &w);
	if (st->conv.short_title) {
		field s = {"Short title", st->conv.short_title};

		txt_fields(&w, &s, 1, 0);
	}
	wr_check(&w, ex_revision_fields(f, &n, d));
	if (w.rc == 0) {
		txt_fields(&w, f, n, 0);
		ex_fields_free(f, n);
	}
	wr_puts(&w, "\n");
	if (st->conv.preamble && st->conv.preamble[0]) {
		txt_heading(&w, "PREAMBLE", '=');
		txt_paras(&w, st->conv.preamble, 0);
		ex_lang_each(d, "preamble", txt_lang, &w);
	}
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		if (st->clauses[i].annex) /* after the final block */
			i = ex_subtree_end(st, i) - 1;
		else
			txt_clause(&w, d, &st->clauses[i]);
	}
	txt_final(&w, d);
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		size_t end = ex_subtree_end(st, i), k;

		if (!st->clauses[i].annex)
			continue;
		for (k = i; k < end; k++)
			txt_clause(&w, d, &st->clauses[k]);
		i = end - 1;
	}
	txt_heading(&w, "ADOPTION RECORD", '=');
	txt_heading(&w, "Adopted amendments", '-');
	if (!ex_adopted_count(st))
		wr_puts(&w, "No amendment was adopted.\n\n");
	ex_each_adopted(&w.rc, st, txt_adopted, &w);
	txt_heading(&w, "Ratification", '-');
	wr_check(&w, ex_ratification_fields(f, &n, st));
	if (w.rc == 0) {
		txt_fields(&w, f, n, 0);
		ex_fields_free(f, n);
	}
	txt_roll_call(&w, st, &st->ratification);
	wr_puts(&w, "\n");
	txt_heading(&w, "SIGNATORIES", '=');
	txt_signatures(&w, d);
	return w.rc;
}
