/*
 * export pdf: the convention laid out for print with Pango and Cairo (the
 * only file of accord that includes them).  It is built as a module of its
 * own, accord-pdf.so, which pdf_load.c loads when a pdf is made, so no
 * other command pays for those libraries at its start.
 *
 * The document: a title page; a table of contents with page numbers; the
 * preamble and the clauses (containers and articles as headings by level,
 * their paragraphs justified, lettered points indented); the adoption
 * record as an annex.  Every page carries a footer: the convention's name,
 * the tag or commit the text was made from, and "page N of M".
 *
 * Measure, then render: every block of text becomes a PangoLayout once;
 * pagination places its lines on pages (a paragraph may continue on the
 * next page, a heading stays with what follows it); the table of contents
 * is paginated with the rest, its page numbers filled in once the body is
 * placed (they sit in a column of their own, so they do not change where
 * its lines break); then every page is drawn.
 *
 * Links: each contents line is a link (cairo tag LINK, dest='b<i>') to the
 * named destination (tag DEST) its block's heading draws, which cairo
 * writes as a sorted /Dests name tree, so forward links need no page
 * number before the page exists.  cairo 1.16 gives every link an object
 * for its entry in a structure tree (/StructParent), but writes that tree
 * only when the document has structure tags: without one, each link left
 * a cross-reference entry pointing at another object (a table a reader
 * must repair).  The pages are therefore drawn inside a "Document"
 * structure tag, and the tree (Document, its Link elements) is written.
 *
 * Scripts and direction: Pango shapes every script (HarfBuzz); each font
 * description names the Noto faces first (Noto Serif or Sans, Noto Naskh
 * Arabic or Sans Arabic, Hebrew, CJK in the edition's regional forms) and
 * fontconfig falls back for any other script; the context's language is
 * the edition's, and its
 * base direction follows the language (right to left for Arabic, Hebrew,
 * Persian, Urdu...), Pango applying the bidi algorithm inside each line.
 *
 * Reproducible: Cairo embeds font subsets (named from their contents);
 * the creation and modification dates are the commit's, title and author
 * fixed; cairo 1.16 writes no /ID, and the current time only when no date
 * is set, so the same revision gives the same bytes (t-export-pdf.sh).
 * It writes those dates without their "D:" prefix: put_fixed_dates adds it.
 * The text is exact (no terminal sanitising), but for what the record
 * refuses: invalid UTF-8 becomes U+FFFD (Pango needs UTF-8) and a bidi
 * override or isolate is shown as "<U+202E>", never obeyed.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "accord/structure.h"
#include "internal.h"

#define MM	      (72.0 / 25.4)
#define MARGIN_X      (22 * MM)
#define MARGIN_TOP    (22 * MM)
#define MARGIN_BOTTOM (26 * MM)
#define FOOTER_Y      (12 * MM) /* from the bottom edge to the footer's baseline */
#define NUM_COL	      36.0	/* the page number column of the contents */

/* The styles of blocks. */
enum {
	S_TITLE,
	S_SUBTITLE,
	S_META,
	S_H0, /* Part, and the headings of the contents, preamble and annex */
	S_H1, /* Chapter */
	S_H2, /* Section and deeper */
	S_ART,
	S_BODY,
	S_POINT,
	S_ROW, /* a fact of the record: ragged, not justified */
	S_TOC,
	S_TOCB, /* a contents line of a part, chapter... */
	S_NUM,
	S_FOOT,
	S_NSTYLES
};

/* A contents line. */
#define IS_TOC(style) ((style) == S_TOC || (style) == S_TOCB)

/* Face (sans or serif), weight and size, space before and after
 * (points), and justification of each style. */
static const struct {
	int sans;
	const char *font;
	double before, after;
	int justify;
} styles[S_NSTYLES] = {
    [S_TITLE] = {0, "Bold 24", 0, 14, 0}, [S_SUBTITLE] = {0, "14", 0, 10, 0},
    [S_META] = {1, "9", 0, 3, 0},	  [S_H0] = {1, "Bold 15", 18, 8, 0},
    [S_H1] = {1, "Bold 13", 14, 6, 0},	  [S_H2] = {1, "Bold 11.5", 12, 5, 0},
    [S_ART] = {0, "Bold 11", 12, 5, 0},	  [S_BODY] = {0, "10.5", 0, 6, 1},
    [S_POINT] = {0, "10.5", 0, 4, 1},	  [S_ROW] = {0, "10", 0, 3, 0},
    [S_TOC] = {0, "10", 0, 3, 0},	  [S_TOCB] = {0, "Bold 10", 0, 3, 0},
    [S_NUM] = {0, "10", 0, 0, 0},	  [S_FOOT] = {1, "7.5", 0, 0, 0},
};

/* Where a run of a block's lines sits: page, first line, count, top. */
typedef struct {
	int page, first, n;
	double y;
} piece;

/* One block of text: its layout, where it goes, where its lines landed. */
typedef struct {
	PangoLayout *lay;
	int style;
	double indent;
	int newpage;	  /* starts a new page */
	int keep;	  /* stays on the page of the block that follows */
	int center;	  /* centred (the title page) */
	long target;	  /* a contents line: the block it points to, else -1 */
	int dest;	  /* a contents line points here: a named destination */
	PangoLayout *num; /* a contents line: its page number */
	piece *pieces;
	size_t npieces;
	double *tops, *bases, *heights, *xs; /* per line, in points */
	int nlines;
	int outline; /* an outline (bookmark) entry at this level + 1, or 0 */
	int rtl;     /* set right to left */
} block;

/* The whole layout in progress. */
typedef struct {
	PangoContext *ctx;
	PangoFontDescription *fonts[S_NSTYLES];
	double pw, ph, tw; /* page width, height, text width */
	int rtl;	   /* the edition's language is written right to left */
	int source;	   /* blocks being added are source text kept in an edition:
			      their direction is their text's (first strong letter) */
	block *b;
	size_t n, cap;
	int pages;
	int rc;
} pdf;

/* Paper sizes in points, in acc_export_paper order (their names are in
 * pdf_load.c, which the command line asks without loading this module). */
static const struct {
	const char *name;
	double w, h;
} papers[] = {{"a4", 595.2756, 841.8898}, {"letter", 612, 792}};

/* 1 for a bidi embedding, override or isolate (U+202A-202E, U+2066-2069):
 * what the record refuses because it makes text read differently from how
 * it is stored. */
static int bidi_control(gunichar c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Sets the text of lay to len bytes of s, made valid UTF-8 (U+FFFD for an
 * invalid byte), with any bidi control shown as "<U+202E>" rather than
 * obeyed; every other character exactly (Pango draws a C0 or C1 control
 * as a visible box). */
static void set_text(PangoLayout *lay, const char *s, size_t len)
{
	gchar *v = g_utf8_make_valid(s, (gssize)len);
	GString *t = g_string_sized_new(strlen(v));
	const gchar *q;

	for (q = v; *q; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);

		if (bidi_control(c))
			g_string_append_printf(t, "<U+%04X>", (unsigned)c);
		else
			g_string_append_len(t, q, g_utf8_next_char(q) - q);
	}
	pango_layout_set_text(lay, t->str, (int)t->len);
	g_string_free(t, TRUE);
	g_free(v);
}

/* Appends a block of style with text [s, s+len) indented by indent; its
 * index, or -1 when out of memory. */
static long add_len(pdf *p, int style, const char *s, size_t len, double indent)
{
	block *b;

	if (p->rc < 0)
		return -1;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		block *nb = realloc(p->b, cap * sizeof(*nb));

		if (!nb) {
			p->rc = ACC_ENOMEM;
			return -1;
		}
		p->b = nb;
		p->cap = cap;
	}
	b = &p->b[p->n];
	memset(b, 0, sizeof(*b));
	b->style = style;
	b->indent = indent;
	b->target = -1;
	b->lay = pango_layout_new(p->ctx);
	pango_layout_set_font_description(b->lay, p->fonts[style]);
	pango_layout_set_width(
	    b->lay, (int)((p->tw - indent - (IS_TOC(style) ? NUM_COL : 0)) * PANGO_SCALE));
	pango_layout_set_wrap(b->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(b->lay, p->source);
	pango_layout_set_justify(b->lay, styles[style].justify);
	/* the start of a line in the edition's direction; Pango mirrors it for
	 * a paragraph of the other direction when auto_dir is on */
	pango_layout_set_alignment(b->lay, p->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	set_text(b->lay, s, len);
	b->rtl = p->rtl;
	if (p->source) {
		PangoDirection dir = pango_layout_line_get_resolved_direction(
		    pango_layout_get_line_readonly(b->lay, 0));

		b->rtl = dir == PANGO_DIRECTION_RTL ? 1 : dir == PANGO_DIRECTION_LTR ? 0 : p->rtl;
	}
	return (long)p->n++;
}

/* add_len of a NUL-terminated string. */
static long add(pdf *p, int style, const char *s, double indent)
{
	return add_len(p, style, s ? s : "", s ? strlen(s) : 0, indent);
}

/* Centres block i (the title page). */
static void center(pdf *p, long i)
{
	if (i >= 0) {
		p->b[i].center = 1;
		pango_layout_set_alignment(p->b[i].lay, PANGO_ALIGN_CENTER);
	}
}

/* Appends the paragraphs of text: a labelled point ("(a) ...") indented. */
static void add_paras(pdf *p, const char *text)
{
	const char *q = text ? text : "", *end = q + strlen(q), *s;
	size_t len;

	while (ex_next_para(&q, end, &s, &len)) {
		int point = len > 0 && s[0] == '(' && acc_text_label(s, len);

		add_len(p, point ? S_POINT : S_BODY, s, len, point ? 18 : 0);
	}
}

/* Appends fields as "Key: value" lines of style. */
static void add_fields(pdf *p, int style, const field *f, size_t n, int centred)
{
	size_t i;

	for (i = 0; i < n && p->rc == 0; i++) {
		char *line = acc_sprintf("%s: %s", f[i].key, f[i].value ? f[i].value : "");

		if (!line) {
			p->rc = ACC_ENOMEM;
			return;
		}
		if (centred)
			center(p, add(p, style, line, 0));
		else
			add(p, style, line, 0);
		free(line);
	}
}

/* Appends rows of three cells as "a: b (c)" lines ("a: b" when c is
 * empty). */
static void add_rows(pdf *p, char *const *cells, size_t rows)
{
	size_t i;

	for (i = 0; i < rows && p->rc == 0; i++) {
		const char *by = cells[i * 3 + 2];
		char *line = by && by[0]
				 ? acc_sprintf("%s: %s (%s)", cells[i * 3], cells[i * 3 + 1], by)
				 : acc_sprintf("%s: %s", cells[i * 3], cells[i * 3 + 1]);

		if (!line) {
			p->rc = ACC_ENOMEM;
			return;
		}
		add(p, S_ROW, line, 18);
		free(line);
	}
}

/* Keeps block i (from add: -1 when it failed) on the page of the next
 * block; taken apart from add, since add may move p->b. */
static void keep(pdf *p, long i)
{
	if (i >= 0)
		p->b[i].keep = 1;
}

/* Appends an adopted amendment's heading and record. */
static void add_adopted(void *arg, const acc_amendment *a, const field *f, size_t n)
{
	pdf *p = arg;
	char *h = acc_sprintf("Amendment %s", a->id);

	if (!h) {
		p->rc = ACC_ENOMEM;
		return;
	}
	keep(p, add(p, S_ART, h, 0));
	free(h);
	add_fields(p, S_ROW, f, n, 0);
}

/* The heading style of a clause. */
static int clause_style(const acc_clause *cl)
{
	if (!cl->container)
		return S_ART;
	return cl->depth == 0 ? S_H0 : cl->depth == 1 ? S_H1 : S_H2;
}

/* Appends the title page: title, short title, language and revision. */
static void build_title(pdf *p, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	field f[MAX_FIELDS];
	size_t n = 0;
	char *lang;
	long i;

	i = add(p, S_TITLE, st->conv.title, 0);
	center(p, i);
	if (i >= 0)
		p->b[i].outline = 1;
	if (st->conv.short_title)
		center(p, add(p, S_SUBTITLE, st->conv.short_title, 0));
	lang = acc_sprintf("Language: %s", ex_lang_tag(st));
	if (!lang) {
		p->rc = ACC_ENOMEM;
		return;
	}
	center(p, add(p, S_META, lang, 0));
	free(lang);
	if (p->rc == 0 && (p->rc = ex_revision_fields(f, &n, d)) == 0) {
		add_fields(p, S_META, f, n, 1);
		ex_fields_free(f, n);
	}
}

/* Appends the adoption record as an annex. */
static void build_annex(pdf *p, const acc_export_doc *d)
{
	static const char *const none = "No amendment was adopted.";
	const acc_state *st = d->st;
	field f[MAX_FIELDS];
	char **cells = NULL;
	size_t n = 0, rows = 0;
	const char *nosig;
	long i;

	i = add(p, S_H0, "Annex: Adoption record", 0);
	if (i < 0)
		return;
	p->b[i].newpage = 1;
	p->b[i].outline = 1;
	p->b[i].keep = 1;
	keep(p, add(p, S_H1, "Adopted amendments", 0));
	if (!ex_adopted_count(st))
		add(p, S_BODY, none, 0);
	ex_each_adopted(&p->rc, st, add_adopted, p);
	if (p->rc < 0)
		return;
	keep(p, add(p, S_H1, "Ratification", 0));
	if ((p->rc = ex_ratification_fields(f, &n, st)) < 0)
		return;
	add_fields(p, S_ROW, f, n, 0);
	ex_fields_free(f, n);
	if (ex_ballot_held(&st->ratification) && p->rc == 0) {
		if ((p->rc = ex_roll_cells(&cells, &rows, st, &st->ratification)) < 0)
			return;
		add_rows(p, cells, rows);
		ex_cells_free(cells, rows * 3);
	}
	keep(p, add(p, S_H1, "Signatories", 0));
	if ((nosig = ex_no_signatures(d))) {
		add(p, S_BODY, nosig, 0);
		return;
	}
	if (p->rc == 0 && (p->rc = ex_signature_cells(&cells, &rows, ex_sig_state(d))) == 0) {
		add_rows(p, cells, rows);
		ex_cells_free(cells, rows * 3);
	}
}

/* Appends a heading block for a clause (its label and heading). */
static long add_clause_heading(pdf *p, const acc_clause *cl, int style, double indent)
{
	char *h = acc_sprintf("%s %s. %s", ex_clause_word(cl), cl->number,
			      cl->heading ? cl->heading : "");
	long i;

	if (!h) {
		p->rc = ACC_ENOMEM;
		return -1;
	}
	i = add(p, style, h, indent);
	free(h);
	return i;
}

/* Builds every block: title page, contents, preamble, clauses, annex. */
static void build(pdf *p, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	int has_pre = st->conv.preamble && st->conv.preamble[0];
	size_t ntoc = st->nclauses + (size_t)has_pre + 1, k, toc0;
	long i, pre = -1, annex;

	build_title(p, d);
	i = add(p, S_H0, "Contents", 0);
	if (i < 0)
		return;
	p->b[i].newpage = 1;
	p->b[i].outline = 1;
	toc0 = p->n;
	if (has_pre)
		add(p, S_TOC, "Preamble", 0);
	for (k = 0; k < st->nclauses; k++)
		add_clause_heading(p, &st->clauses[k], st->clauses[k].container ? S_TOCB : S_TOC,
				   12.0 * st->clauses[k].depth);
	add(p, S_TOC, "Annex: Adoption record", 0);
	if (has_pre) {
		pre = add(p, S_H0, "Preamble", 0);
		if (pre < 0)
			return;
		p->b[pre].newpage = 1;
		p->b[pre].keep = 1;
		p->b[pre].outline = 1;
		p->source = d->lang != NULL; /* an edition keeps the source preamble */
		add_paras(p, st->conv.preamble);
	}
	for (k = 0; k < st->nclauses && p->rc == 0; k++) {
		const acc_clause *cl = &st->clauses[k];

		/* in an edition, a clause not (yet) translated keeps its source */
		p->source = d->lang != NULL &&
			    acc_translation_status(st, d->lang, cl->id) != ACC_TR_CURRENT;
		i = add_clause_heading(p, cl, clause_style(cl), 0);
		if (i < 0)
			return;
		p->b[i].keep = 1;
		p->b[i].outline = 1 + cl->depth;
		p->b[i].newpage = k == 0 && !has_pre;
		/* the contents line k points here */
		p->b[toc0 + (size_t)has_pre + k].target = i;
		add_paras(p, cl->text);
	}
	annex = (long)p->n;
	p->source = d->lang != NULL; /* the record is in the source language */
	build_annex(p, d);
	p->source = 0;
	if (p->rc < 0)
		return;
	if (has_pre)
		p->b[toc0].target = pre;
	p->b[toc0 + ntoc - 1].target = annex;
}

/* Fills a block's line metrics (points): top, baseline, height and x
 * (alignment included). */
static int measure(block *b)
{
	PangoLayoutIter *it = pango_layout_get_iter(b->lay);
	int i = 0;

	b->nlines = pango_layout_get_line_count(b->lay);
	b->tops = calloc((size_t)b->nlines + 1, sizeof(double));
	b->bases = calloc((size_t)b->nlines + 1, sizeof(double));
	b->heights = calloc((size_t)b->nlines + 1, sizeof(double));
	b->xs = calloc((size_t)b->nlines + 1, sizeof(double));
	if (!b->tops || !b->bases || !b->heights || !b->xs) {
		pango_layout_iter_free(it);
		return ACC_ENOMEM;
	}
	do {
		PangoRectangle r;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		b->tops[i] = r.y / (double)PANGO_SCALE;
		b->heights[i] = r.height / (double)PANGO_SCALE;
		b->xs[i] = r.x / (double)PANGO_SCALE;
		b->bases[i] = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
		i++;
	} while (i < b->nlines && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return 0;
}

/* Notes that lines [first, first+n) of b sit on page at y. */
static int add_piece(block *b, int page, int first, int n, double y)
{
	piece *np = realloc(b->pieces, (b->npieces + 1) * sizeof(*np));

	if (!np)
		return ACC_ENOMEM;
	b->pieces = np;
	np[b->npieces++] = (piece){page, first, n, y};
	return 0;
}

/* The height a block needs to start on a page: a heading with the
 * blocks it keeps with and two lines of the one after them. */
static double need(const pdf *p, size_t i)
{
	double h = 0;

	for (; i < p->n; i++) {
		const block *b = &p->b[i];
		int lines = b->keep ? b->nlines : (b->nlines < 2 ? b->nlines : 2);

		h += styles[b->style].before +
		     (lines ? b->tops[lines - 1] + b->heights[lines - 1] : 0);
		if (!b->keep)
			break;
		h += styles[b->style].after;
	}
	return h;
}

/* Places every block's lines on pages (page 1 is the title page): a
 * paragraph starts where two of its lines fit (need) and leaves at least
 * two for the next page. */
static int paginate(pdf *p)
{
	double bottom = p->ph - MARGIN_BOTTOM, y = MARGIN_TOP;
	int page = 1, rc;
	size_t i;

	for (i = 0; i < p->n; i++)
		if ((rc = measure(&p->b[i])) < 0)
			return rc;
	for (i = 0; i < p->n; i++) {
		block *b = &p->b[i];
		int l = 0;

		if (b->newpage || (y > MARGIN_TOP && y + need(p, i) > bottom)) {
			page++;
			y = MARGIN_TOP;
		}
		if (i == 0) /* the title a third down the title page */
			y = p->ph / 3.2;
		if (y > MARGIN_TOP)
			y += styles[b->style].before;
		while (l < b->nlines) {
			int first = l;
			double top = y - b->tops[first];

			while (l < b->nlines &&
			       (top + b->tops[l] + b->heights[l] <= bottom || l == first))
				l++;
			if (l == first + 1 && top + b->tops[first] + b->heights[first] > bottom &&
			    y > MARGIN_TOP) {
				page++;
				y = MARGIN_TOP;
				l = first;
				continue;
			}
			/* no last line alone at the top of the next page (a widow) */
			if (b->nlines - l == 1 && l - first > 2)
				l--;
			if ((rc = add_piece(b, page, first, l - first, top)) < 0)
				return rc;
			y = top + b->tops[l - 1] + b->heights[l - 1];
			if (l < b->nlines) {
				page++;
				y = MARGIN_TOP;
			}
		}
		y += styles[b->style].after;
	}
	p->pages = page;
	return 0;
}

/* Fills the page numbers of the contents lines. */
static int number_toc(pdf *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		block *b = &p->b[i];
		char num[24];

		if (b->target < 0 || !p->b[b->target].npieces)
			continue;
		snprintf(num, sizeof(num), "%d", p->b[b->target].pieces[0].page);
		b->num = pango_layout_new(p->ctx);
		pango_layout_set_font_description(b->num, p->fonts[S_NUM]);
		pango_layout_set_text(b->num, num, -1);
	}
	return 0;
}

/* The left x of block b's text on a page (mirrored for right to left). */
static double block_x(const pdf *p, const block *b)
{
	if (b->rtl && !b->center)
		return MARGIN_X + (IS_TOC(b->style) ? NUM_COL : 0);
	return MARGIN_X + b->indent;
}

/* Draws the lines of piece pc of block b. */
static void draw_piece(const pdf *p, cairo_t *cr, const block *b, const piece *pc)
{
	int k;

	for (k = pc->first; k < pc->first + pc->n; k++) {
		cairo_move_to(cr, block_x(p, b) + b->xs[k], pc->y + b->bases[k]);
		pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(b->lay, k));
	}
	if (b->num && pc == &b->pieces[0]) {
		PangoRectangle r;
		double x;

		pango_layout_get_extents(b->num, NULL, &r);
		x = p->rtl ? MARGIN_X : MARGIN_X + p->tw - r.width / (double)PANGO_SCALE;
		cairo_move_to(cr, x, pc->y + b->bases[pc->first]);
		pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(b->num, 0));
	}
}

/* Draws the footer of page n: a rule, the name on one side, the revision
 * and "page n of m" on the other. */
static void draw_footer(const pdf *p, cairo_t *cr, const char *name, const char *rev, int n)
{
	PangoLayout *left = pango_layout_new(p->ctx), *right = pango_layout_new(p->ctx);
	char *r = acc_sprintf("%s \xc2\xb7 page %d of %d", rev, n, p->pages);
	PangoRectangle ext;
	double y = p->ph - FOOTER_Y, rw;

	pango_layout_set_font_description(left, p->fonts[S_FOOT]);
	pango_layout_set_font_description(right, p->fonts[S_FOOT]);
	pango_layout_set_text(right, r ? r : "", -1);
	pango_layout_get_extents(right, NULL, &ext);
	rw = ext.width / (double)PANGO_SCALE;
	set_text(left, name, strlen(name));
	pango_layout_set_width(left, (int)((p->tw - rw - 12) * PANGO_SCALE));
	pango_layout_set_ellipsize(left, PANGO_ELLIPSIZE_END);
	pango_layout_set_single_paragraph_mode(left, TRUE);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, MARGIN_X, y - 11);
	cairo_line_to(cr, MARGIN_X + p->tw, y - 11);
	cairo_stroke(cr);
	pango_layout_get_extents(left, NULL, &ext);
	cairo_move_to(cr, p->rtl ? MARGIN_X + p->tw - ext.width / (double)PANGO_SCALE : MARGIN_X,
		      y);
	pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(left, 0));
	cairo_move_to(cr, p->rtl ? MARGIN_X : MARGIN_X + p->tw - rw, y);
	pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(right, 0));
	free(r);
	g_object_unref(left);
	g_object_unref(right);
}

/* Adds the outline (bookmarks) entry of block b, parent ids by level. */
static void add_outline(cairo_surface_t *s, const block *b, int *parents, const char *text)
{
	char dest[64];
	int level = b->outline - 1, parent, id;

	if (level > 7)
		level = 7;
	parent = level ? parents[level - 1] : CAIRO_PDF_OUTLINE_ROOT;
	snprintf(dest, sizeof(dest), "page=%d pos=[0 %d]", b->pieces[0].page, (int)b->pieces[0].y);
	id = cairo_pdf_surface_add_outline(s, parent, text, dest, 0);
	parents[level] = id;
	for (level++; level < 8; level++)
		parents[level] = id;
}

/* Draws piece k of block i: the first piece of a block a contents line
 * points to as the named destination "b<i>", a contents line as a link to
 * its block's destination (cairo 1.16 tags: the annotation's rectangle is
 * the extent of what is drawn inside the tag). */
static void draw_linked(const pdf *p, cairo_t *cr, size_t i, size_t k)
{
	const block *b = &p->b[i];
	int dest = b->dest && k == 0, link = b->target >= 0;
	char attr[64];

	if (dest) {
		snprintf(attr, sizeof(attr), "name='b%zu'", i);
		cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
	}
	if (link) {
		snprintf(attr, sizeof(attr), "dest='b%ld'", b->target);
		cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	}
	draw_piece(p, cr, b, &b->pieces[k]);
	if (link)
		cairo_tag_end(cr, CAIRO_TAG_LINK);
	if (dest)
		cairo_tag_end(cr, CAIRO_TAG_DEST);
}

/* Draws every page onto the surface. */
static int render(pdf *p, cairo_surface_t *s, const char *name, const char *rev)
{
	cairo_t *cr = cairo_create(s);
	int parents[8] = {0}, page, rc = 0;
	size_t i = 0, k;

	for (k = 0; k < p->n; k++)
		if (p->b[k].target >= 0 && (size_t)p->b[k].target < p->n)
			p->b[p->b[k].target].dest = 1;
	cairo_tag_begin(cr, "Document", NULL);
	for (page = 1; page <= p->pages; page++) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		for (; i < p->n; i++) {
			const block *b = &p->b[i];
			int more = 0;

			for (k = 0; k < b->npieces; k++) {
				if (b->pieces[k].page == page)
					draw_linked(p, cr, i, k);
				more |= b->pieces[k].page > page;
			}
			if (b->npieces && b->pieces[0].page == page && b->outline)
				add_outline(s, b, parents, pango_layout_get_text(b->lay));
			if (more || (b->npieces && b->pieces[0].page > page))
				break;
		}
		draw_footer(p, cr, name, rev, page);
		if (page == p->pages)
			cairo_tag_end(cr, "Document");
		cairo_show_page(cr);
	}
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = acc_error_set(ACC_ERROR, "cannot draw the pdf: %s",
				   cairo_status_to_string(cairo_status(cr)));
	cairo_destroy(cr);
	return rc;
}

/* cairo's write callback: appends to the acc_buf in closure. */
static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return acc_buf_put(closure, (const char *)data, len) < 0 ? CAIRO_STATUS_WRITE_ERROR
								 : CAIRO_STATUS_SUCCESS;
}

/* The font families, first choice first, for text in lang: Noto Serif
 * or Sans (Latin, Greek, Cyrillic), then the Noto faces of Arabic, Hebrew
 * and the Han characters in the forms of lang's region (fontconfig falls
 * back further for any other script). */
static void families(char *buf, size_t size, const char *lang, int sans)
{
	static const char *const cjk[][2] = {
	    {"ja", "JP"}, {"ko", "KR"}, {"zh-TW", "TC"}, {"zh-Hant", "TC"}, {"zh-HK", "HK"}};
	const char *region = "SC";
	size_t i;

	for (i = 0; i < sizeof(cjk) / sizeof(*cjk); i++)
		if (strncasecmp(lang, cjk[i][0], strlen(cjk[i][0])) == 0)
			region = cjk[i][1];
	snprintf(buf, size,
		 sans ? "Noto Sans,Noto Sans Arabic,Noto Sans Hebrew,Noto Sans CJK %s"
		      : "Noto Serif,Noto Naskh Arabic,Noto Serif Hebrew,Noto Serif CJK %s",
		 region);
}

/* Makes the Pango context: fonts, language, direction, no hinting (the
 * metrics of a PDF are unhinted, so measuring and drawing agree). */
static int open_ctx(pdf *p, const acc_export_doc *d)
{
	PangoFontMap *fm = pango_cairo_font_map_new();
	cairo_font_options_t *fo = cairo_font_options_create();
	size_t i;

	if (!fm || !fo)
		return ACC_ENOMEM;
	p->ctx = pango_font_map_create_context(fm);
	g_object_unref(fm);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(p->ctx, 72);
	pango_context_set_language(p->ctx, pango_language_from_string(ex_lang_tag(d->st)));
	p->rtl = ex_lang_rtl(d->st);
	pango_context_set_base_dir(p->ctx, p->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
	for (i = 0; i < S_NSTYLES; i++) {
		char desc[256];
		size_t len;

		families(desc, sizeof(desc), ex_lang_tag(d->st), styles[i].sans);
		len = strlen(desc);
		snprintf(desc + len, sizeof(desc) - len, " %s", styles[i].font);
		p->fonts[i] = pango_font_description_from_string(desc);
	}
	return 0;
}

/* Frees the layout. */
static void close_pdf(pdf *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		g_object_unref(p->b[i].lay);
		if (p->b[i].num)
			g_object_unref(p->b[i].num);
		free(p->b[i].pieces);
		free(p->b[i].tops);
		free(p->b[i].bases);
		free(p->b[i].heights);
		free(p->b[i].xs);
	}
	free(p->b);
	for (i = 0; i < S_NSTYLES; i++)
		if (p->fonts[i])
			pango_font_description_free(p->fonts[i]);
	if (p->ctx)
		g_object_unref(p->ctx);
}

/* Sets the document's fixed metadata: title, author, creator, and the
 * commit's date as creation and modification date. */
static void set_metadata(cairo_surface_t *s, const acc_export_doc *d)
{
	char date[40];
	gchar *title = g_utf8_make_valid(d->st->conv.title ? d->st->conv.title : "", -1);

	ex_date_fmt(date, sizeof(date), d->rev.time, DATE_ISO);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, "accord");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "accord export");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	g_free(title);
}

/* The offset of the last occurrence of needle in [s, s+len), or -1. */
static long last_of(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(s + i, needle, n) == 0)
			return (long)i;
	return -1;
}

/* The offset just after "(" of the date that follows key in the document
 * information (cairo writes "(YYYYMMDDHHmmSSZ)"), or -1. */
static long date_at(const char *doc, size_t len, const char *key)
{
	long at = last_of(doc, len, key);
	size_t i, k;

	if (at < 0)
		return -1;
	k = (size_t)at + strlen(key);
	for (i = 0; i < 14; i++)
		if (k + i >= len || doc[k + i] < '0' || doc[k + i] > '9')
			return -1;
	return k + 16 <= len && doc[k + 14] == 'Z' && doc[k + 15] == ')' ? (long)k : -1;
}

/*
 * cairo 1.16 writes the dates of the document information as
 * "(20260101000000Z)", without the "D:" a PDF date string starts with
 * (ISO 32000-1, 7.9.4; cairo 1.17.2 adds it).  Appends the pdf to out with
 * "D:" put in both dates and the cross-reference offsets behind them
 * moved, so that validators and readers take the dates; deterministic, and
 * the bytes go unchanged when they are not laid out as cairo 1.16 does.
 */
static int put_fixed_dates(acc_buf *out, const char *doc, size_t len)
{
	long c = date_at(doc, len, "\n   /CreationDate ("),
	     m = date_at(doc, len, "\n   /ModDate (");
	long x = last_of(doc, len, "\nxref\n0 "), sx = last_of(doc, len, "\nstartxref\n");
	size_t at[2], i, n, p;
	char *end;
	int rc;

	if (c < 0 || m < 0 || x < 0 || sx < 0 || c > m || m > x || x > sx)
		return acc_buf_put(out, doc, len);
	at[0] = (size_t)c;
	at[1] = (size_t)m;
	n = strtoul(doc + x + 8, &end, 10);
	p = (size_t)(end - doc) + 1; /* the first entry: "0000000000 65535 f \n" */
	if (*end != '\n' || p + n * 20 > (size_t)sx)
		return acc_buf_put(out, doc, len);
	if ((rc = acc_buf_put(out, doc, at[0])) < 0 || (rc = acc_buf_put(out, "D:", 2)) < 0 ||
	    (rc = acc_buf_put(out, doc + at[0], at[1] - at[0])) < 0 ||
	    (rc = acc_buf_put(out, "D:", 2)) < 0 ||
	    (rc = acc_buf_put(out, doc + at[1], p - at[1])) < 0)
		return rc;
	for (i = 0; i < n; i++, p += 20) {
		unsigned long off = strtoul(doc + p, NULL, 10);

		off += (off >= at[0] ? 2 : 0) + (off >= at[1] ? 2 : 0);
		if ((rc = acc_buf_printf(out, "%010lu", off)) < 0 ||
		    (rc = acc_buf_put(out, doc + p + 10, 10)) < 0)
			return rc;
	}
	if ((rc = acc_buf_put(out, doc + p, (size_t)sx + 11 - p)) < 0 ||
	    (rc = acc_buf_printf(out, "%lu", strtoul(doc + sx + 11, &end, 10) + 4)) < 0)
		return rc;
	return acc_buf_put(out, end, len - (size_t)(end - doc));
}

/* The PDF document, laid out for print on d->paper: the module's entry
 * point, called through ex_render_pdf (pdf_load.c). */
int acc_pdf_render(acc_buf *out, const acc_export_doc *d)
{
	unsigned paper = (unsigned)d->paper < 2 ? (unsigned)d->paper : 0;
	acc_buf raw = ACC_BUF_INIT;
	pdf p;
	cairo_surface_t *s = NULL;
	char *rev = NULL;
	int rc;

	memset(&p, 0, sizeof(p));
	p.pw = papers[paper].w;
	p.ph = papers[paper].h;
	p.tw = p.pw - 2 * MARGIN_X;
	if ((rc = open_ctx(&p, d)) < 0)
		goto done;
	build(&p, d);
	if ((rc = p.rc) < 0 || (rc = paginate(&p)) < 0 || (rc = number_toc(&p)) < 0)
		goto done;
	rev = d->tag ? acc_sprintf("%s (%.12s)", d->tag, d->tag_rev.commit)
		     : acc_sprintf("commit %.12s", d->rev.commit);
	if (!rev) {
		rc = ACC_ENOMEM;
		goto done;
	}
	s = cairo_pdf_surface_create_for_stream(write_buf, &raw, p.pw, p.ph);
	set_metadata(s, d);
	if ((rc = render(&p, s, d->st->conv.title ? d->st->conv.title : "", rev)) < 0)
		goto done;
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = acc_error_set(ACC_ERROR, "cannot write the pdf: %s",
				   cairo_status_to_string(cairo_surface_status(s)));
	else
		rc = put_fixed_dates(out, raw.ptr, raw.size);
done:
	if (s)
		cairo_surface_destroy(s);
	free(rev);
	acc_buf_free(&raw);
	close_pdf(&p);
	return rc;
}
