/*
 * export md: the Markdown document, and the escaping that keeps repository
 * text from creating structure.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "accord/structure.h"
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

/* Appends [s, s+len) escaped, each footnote reference "[^ID]" with a note
 * in b as the Markdown footnote "[^CID-ID]". */
static void md_inline(wr *w, const acc_block *b, size_t n, const char *cid, const char *s,
		      size_t len)
{
	const char *end = s + len, *ref, *id;
	size_t id_len;

	while (w->rc == 0 && (ref = acc_text_note_ref(s, end, &id, &id_len))) {
		size_t upto = (size_t)(ref - s);

		if (!acc_blocks_note(b, n, id, id_len)) {
			wr_check(w, acc_export_md_escape(w->b, s, upto + id_len + 3));
			s = ref + id_len + 3;
			continue;
		}
		wr_check(w, acc_export_md_escape(w->b, s, upto));
		wr_printf(w, "[^%s-%.*s]", cid, (int)id_len, id);
		s = ref + id_len + 3;
	}
	wr_check(w, acc_export_md_escape(w->b, s, (size_t)(end - s)));
}

/* Appends the blocks of text: top-level ones as paragraphs, nested ones as
 * list items nested as deep, then the footnotes (named "CID-ID"). */
static void md_blocks(wr *w, const char *cid, const char *text)
{
	acc_block *b = NULL;
	size_t n = 0, i;

	wr_check(w, acc_text_blocks(&b, &n, text));
	for (i = 0; i < n && w->rc == 0; i++) {
		if (b[i].note)
			continue;
		if (b[i].depth) {
			wr_repeat(w, ' ', (size_t)(b[i].depth - 1) * 2);
			wr_puts(w, "- ");
		}
		if (b[i].label) {
			wr_check(w, acc_export_md_escape(w->b, b[i].label, b[i].label_len));
			wr_puts(w, " ");
		}
		md_inline(w, b, n, cid, b[i].text, b[i].len);
		wr_puts(w, "\n\n");
	}
	for (i = 0; i < n && w->rc == 0; i++) {
		if (!b[i].note)
			continue;
		wr_printf(w, "[^%s-%.*s]: ", cid, (int)b[i].label_len, b[i].label);
		wr_check(w, acc_export_md_escape(w->b, b[i].text, b[i].len));
		wr_puts(w, "\n\n");
	}
	free(b);
}

/* Appends the preamble: its recitals as a list, then the enacting formula. */
static void md_preamble(wr *w, const char *text)
{
	acc_block *b = NULL;
	size_t n = 0, i;

	wr_check(w, acc_text_blocks(&b, &n, text));
	for (i = 0; i < n && w->rc == 0; i++) {
		int formula = acc_preamble_formula(b, i, n);

		wr_puts(w, formula ? "\n" : "- ");
		if (b[i].label) {
			wr_check(w, acc_export_md_escape(w->b, b[i].label, b[i].label_len));
			wr_puts(w, " ");
		}
		wr_check(w, acc_export_md_escape(w->b, b[i].text, b[i].len));
		wr_puts(w, formula ? "\n\n" : "\n");
	}
	if (n && !acc_preamble_formula(b, n - 1, n))
		wr_puts(w, "\n");
	free(b);
}

/* Appends a clause's heading: '#'s up to level 6, then bold, bold italic
 * and italic for levels 7, 8 and 9, so that no two levels look alike. */
static void md_heading(wr *w, const acc_clause *cl)
{
	static const char *const marks[] = {"**", "***", "_"};
	int level = ex_heading_level(cl);
	const char *m = level > 6 ? marks[level - 7 < 2 ? level - 7 : 2] : NULL;

	if (m)
		wr_puts(w, m);
	else
		wr_repeat(w, '#', (size_t)level);
	wr_printf(w, "%s%s %s. ", m ? "" : " ", ex_clause_word(cl), cl->number);
	md(w, cl->heading);
	wr_puts(w, m ? m : "");
	wr_puts(w, "\n\n");
}

/* The writer and the text's id, for md_lang. */
typedef struct {
	wr *w;
	const char *cid;
} md_lang_arg;

/* One language's text in a multilingual edition (ex_lang_each); arg is
 * an md_lang_arg (its footnotes are named "CID-LANG-ID"). */
static void md_lang(void *arg, const char *lang, int rtl, const char *heading, const char *text,
		    const char *note)
{
	md_lang_arg *la = arg;
	wr *w = la->w;

	(void)rtl;
	wr_printf(w, "**[%s]**", lang);
	if (heading[0]) {
		wr_puts(w, " ");
		md(w, heading);
	}
	if (note)
		wr_printf(w, " *(%s)*", note);
	wr_puts(w, "\n\n");
	if (text[0]) {
		char *id = acc_sprintf("%s-%s", la->cid, lang);

		md_blocks(w, id ? id : lang, text);
		free(id);
	}
}

/* Appends clause cl: its heading, its text, then (--lang all) its
 * translations. */
static void md_clause(wr *w, const acc_export_doc *d, const acc_clause *cl)
{
	md_lang_arg la = {w, cl->id};

	md_heading(w, cl);
	md_blocks(w, cl->id, cl->text);
	ex_lang_each(d, cl->id, md_lang, &la);
}

/* Appends the final block: "In witness whereof", "Done at", one line per
 * signature. */
static void md_final(wr *w, const acc_export_doc *d)
{
	ex_final f;
	size_t i;

	if (w->rc || (w->rc = ex_final_get(&f, d)) < 0 || !f.done)
		return;
	if (f.testimonium) {
		md(w, f.testimonium);
		wr_puts(w, "\n\n");
	}
	md(w, f.done);
	wr_puts(w, "\n\n");
	for (i = 0; i < f.nsigs; i++) {
		wr_puts(w, "- ");
		md(w, f.sigs[i]);
		wr_puts(w, "\n");
	}
	if (f.nsigs)
		wr_puts(w, "\n");
	ex_final_clear(&f);
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
	{
		md_lang_arg la = {&w, "title"};

		ex_lang_each(d, "title", md_lang, &la);
	}
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
		md_preamble(&w, st->conv.preamble);
		{
			md_lang_arg la = {&w, "preamble"};

			ex_lang_each(d, "preamble", md_lang, &la);
		}
	}
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		if (st->clauses[i].annex) /* after the final block */
			i = ex_subtree_end(st, i) - 1;
		else
			md_clause(&w, d, &st->clauses[i]);
	}
	md_final(&w, d);
	for (i = 0; i < st->nclauses && w.rc == 0; i++) {
		size_t end = ex_subtree_end(st, i), k;

		if (!st->clauses[i].annex)
			continue;
		for (k = i; k < end; k++)
			md_clause(&w, d, &st->clauses[k]);
		i = end - 1;
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
