/*
 * export txt: the plain text document, wrapped at 72 display columns at
 * word boundaries (and beside CJK characters, as UAX #14 allows), never
 * inside a word: a word wider than a line stays whole on its own line.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/structure.h"
#include "accord/textdiff.h"
#include "internal.h"

#define TXT_WIDTH 72

#define ZWJ 0x200D

/* Whether cp is wide for line breaking: CJK ideographs, kana, fullwidth
 * forms and emoji (a line may break beside them), but not Hangul, which
 * puts spaces between its words. */
static int breaks_beside(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
	    (cp >= 0xAC00 && cp <= 0xD7AF))
		return 0;
	return acc_cp_width(cp) == 2;
}

/* Whether a line may not start with cp (closing punctuation, CJK and
 * ASCII) or a line may not end with prev (opening punctuation). */
static int glued(uint32_t prev, uint32_t cp)
{
	static const uint32_t no_start[] = {
	    '.',    ',',    ';',    ':',    '!',    '?',    ')',    ']',    '}',    0x3001, 0x3002,
	    0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x301F, 0x30FB, 0x30FC, 0x2026, 0x2025,
	    0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0x3005, 0x309D,
	    0x309E, 0x30FD, 0x30FE, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	    0x3087, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7};
	static const uint32_t no_end[] = {'(',	  '[',	  '{',	  0x3008, 0x300A, 0x300C, 0x300E,
					  0x3010, 0x3014, 0x301D, 0xFF08, 0xFF3B, 0xFF5B};
	size_t i;

	for (i = 0; i < sizeof(no_start) / sizeof(*no_start); i++)
		if (cp == no_start[i])
			return 1;
	for (i = 0; i < sizeof(no_end) / sizeof(*no_end); i++)
		if (prev == no_end[i])
			return 1;
	return 0;
}

/* Whether cp is of a script written without spaces between words and not
 * wide (Thai, Lao, Myanmar, Khmer): lines break at its word boundaries. */
static int unspaced_script(uint32_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
	       (cp >= 0x1780 && cp <= 0x17FF);
}

/* Whether a line may break at a word boundary (from acc_token_next, ICU
 * inside non-ASCII words) between prev and cp inside a run without
 * spaces: beside a CJK character or emoji, or inside a text in a script
 * without spaces; never inside a grapheme (before a mark, a joiner, a
 * modifier, or after a joiner). */
static int may_break(uint32_t prev, uint32_t cp)
{
	if (acc_cp_width(cp) <= 0 || prev == ZWJ || (cp >= 0x1F3FB && cp <= 0x1F3FF))
		return 0;
	if (unspaced_script(prev) && unspaced_script(cp))
		return 1;
	return (breaks_beside(prev) || breaks_beside(cp)) && !glued(prev, cp);
}

/* Display columns of exact (valid UTF-8) text: East Asian wide 2, marks and
 * format characters 0, and a character joined by a ZWJ or an emoji
 * modifier 0 (it shares the glyph before it). */
static size_t text_width(const char *s, size_t len);

size_t acc_export_text_width(const char *s, size_t len)
{
	return text_width(s, len);
}

/* text_width: see its declaration above. */
static size_t text_width(const char *s, size_t len)
{
	size_t i = 0, width = 0;
	uint32_t prev = 0;

	while (i < len) {
		uint32_t cp;
		int n = acc_utf8_decode(s + i, len - i, &cp), w;

		if (n < 0) { /* not from acc_text_exact: one column a byte */
			width++;
			i++;
			prev = 0;
			continue;
		}
		w = acc_cp_width(cp);
		if (w > 0 && prev != ZWJ && !(cp >= 0x1F3FB && cp <= 0x1F3FF))
			width += (size_t)w;
		prev = cp;
		i += (size_t)n;
	}
	return width;
}

/* Whether the run s (len bytes) holds a character beside which a line may
 * break (CJK, emoji, a script without spaces). */
static int run_breakable(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		int n = acc_utf8_decode(s + i, len - i, &cp);

		if (n < 0)
			n = 1;
		else if (breaks_beside(cp) || unspaced_script(cp))
			return 1;
		i += (size_t)n;
	}
	return 0;
}

/* The code point that ends at byte end of s (U+FFFD when invalid). */
static uint32_t cp_before(const char *s, size_t end)
{
	size_t i = end;
	uint32_t cp = 0xFFFD;

	while (i > 0 && end - i < 4) {
		i--;
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			break;
	}
	if (acc_utf8_decode(s + i, end - i, &cp) != (int)(end - i))
		cp = 0xFFFD;
	return cp;
}

/* Fills *cuts (malloc'd, *n ascending offsets ending with len) with where
 * a line may break inside the run s (len bytes, no blank): ICU's word
 * boundaries that may_break allows (every code point boundary when ICU
 * fails); just len for a run of one piece.  Returns 0 or ACC_ENOMEM. */
static int run_cuts(size_t **cuts, size_t *n, const char *s, size_t len)
{
	size_t *b = NULL, nb = 0, k, o = 0;
	int rc;

	*cuts = NULL;
	*n = 0;
	if (!run_breakable(s, len)) {
		if (!(*cuts = acc_malloc(sizeof(**cuts))))
			return ACC_ENOMEM;
		(*cuts)[0] = len;
		*n = 1;
		return 0;
	}
	if ((rc = acc_word_bounds(&b, &nb, s, len)) == ACC_ENOMEM)
		return rc;
	if (rc < 0) { /* no ICU: every code point boundary */
		uint32_t cp;

		if (!(b = acc_calloc(len + 1, sizeof(*b))))
			return ACC_ENOMEM;
		for (nb = 0, k = 0; k < len; b[nb++] = k) {
			int m = acc_utf8_decode(s + k, len - k, &cp);

			k += m > 0 ? (size_t)m : 1;
		}
	}
	for (k = 0; k < nb; k++) {
		uint32_t cp;

		if (b[k] == 0 || b[k] >= len)
			continue;
		if (acc_utf8_decode(s + b[k], len - b[k], &cp) > 0 &&
		    may_break(cp_before(s, b[k]), cp))
			b[o++] = b[k];
	}
	if (!b && !(b = acc_malloc(sizeof(*b))))
		return ACC_ENOMEM;
	b[o++] = len; /* there is room: the bounds held 0 or len */
	*cuts = b;
	*n = o;
	return 0;
}

/* Columns of the leading blanks of s (a tab to the next multiple of 8) and
 * their bytes in *bytes. */
static size_t lead_width(const char *s, size_t len, size_t *bytes)
{
	size_t i = 0, col = 0;

	for (; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? col + 8 - col % 8 : col + 1;
	*bytes = i;
	return col;
}

/* Wraps one line of text to width columns with indent and hang; its own
 * leading blanks add to both, so nested items keep their indentation. */
int acc_export_wrap(acc_buf *out, const char *s, size_t len, size_t width, size_t indent,
		    size_t hang)
{
	acc_buf exact = ACC_BUF_INIT;
	wr w = {out, 0};
	size_t i = 0, col = 0, pieces = 0, lead, *cuts = NULL, ncuts = 0, k;
	int first = 1; /* still on the first output line */
	const char *t;

	if ((w.rc = acc_text_exact(&exact, s, len)) < 0)
		return w.rc;
	t = exact.ptr ? exact.ptr : "";
	len = exact.size;
	lead = lead_width(t, len, &i);
	while (i < len && w.rc == 0) {
		size_t start, end, sep = pieces ? 1 : 0;

		while (i < len && (t[i] == ' ' || t[i] == '\t'))
			i++;
		if (i >= len)
			break;
		for (end = i; end < len && t[end] != ' ' && t[end] != '\t'; end++)
			;
		w.rc = run_cuts(&cuts, &ncuts, t + i, end - i);
		for (k = 0, start = i; k < ncuts && w.rc == 0; k++, sep = 0) {
			size_t n = i + cuts[k] - start;
			size_t pw = text_width(t + start, n);

			/* a piece wider than a line stays whole, alone on its line */
			if (pieces && col + sep + pw > width) {
				wr_put(&w, "\n", 1);
				pieces = 0;
				first = 0;
				sep = 0;
			}
			if (!pieces) {
				col = lead + (first ? indent : hang);
				wr_repeat(&w, ' ', col);
			} else if (sep) {
				wr_put(&w, " ", 1);
				col++;
			}
			wr_put(&w, t + start, n);
			col += pw;
			pieces++;
			start += n;
		}
		free(cuts);
		cuts = NULL;
		i = end;
	}
	wr_put(&w, "\n", 1);
	acc_buf_free(&exact);
	return w.rc;
}

/* Wraps s (one line) into the document. */
static void txt_wrap(wr *w, const char *s, size_t len, size_t indent, size_t hang)
{
	if (w->rc == 0)
		w->rc = acc_export_wrap(w->b, s, len, TXT_WIDTH, indent, hang);
}

/* The display width of s as the txt export writes it. */
static size_t txt_width(const char *s)
{
	return text_width(s, strlen(s));
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
			size_t l = (size_t)((nl ? nl : pend) - q), lab, ws;

			while (l && q[l - 1] == '\r')
				l--;
			for (ws = 0; ws < l && (q[ws] == ' ' || q[ws] == '\t'); ws++)
				;
			lab = acc_text_label(q + ws, l - ws);
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
