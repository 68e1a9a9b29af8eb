/* draw: documents of styled rows, word wrapping, and painting them. */
#define NCURSES_WIDECHAR 1
#include "draw.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sanitize.h"

int draw_utf8 = 1;
static int attrs[ST_COUNT];

/* ---- rows and documents ------------------------------------------------ */

/* Frees the strings of one row. */
static void row_free(tui_row *r)
{
	free(r->text);
	free(r->style);
	free(r->link_id);
}

/* Frees every row and empties the document. */
void doc_clear(tui_doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		row_free(&d->rows[i]);
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

/* Appends an empty row, growing the array. */
tui_row *doc_row(tui_doc *d)
{
	tui_row *r;

	if (d->n == d->alloc) {
		size_t na = d->alloc ? d->alloc * 2 : 64;
		tui_row *nr = acc_realloc(d->rows, na * sizeof(*nr));

		if (!nr)
			return NULL;
		d->rows = nr;
		d->alloc = na;
	}
	r = &d->rows[d->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* Sets what Enter on the row opens. */
int row_link(tui_row *r, tui_link link, const char *id)
{
	free(r->link_id);
	r->link_id = NULL;
	r->link = link;
	if (id && !(r->link_id = acc_strdup(id)))
		return ACC_ENOMEM;
	return 0;
}

/* Appends already sanitised bytes in one style (s NULL: len spaces). */
static int row_raw(tui_row *r, tui_style st, const char *s, size_t len, size_t width)
{
	if (r->len + len + 1 > r->alloc) {
		size_t na = (r->len + len + 1) * 2;
		char *nt;
		unsigned char *ns;

		if (na < 128)
			na = 128; /* most rows are a line of a pane: grown once or twice */
		if (!(nt = acc_realloc(r->text, na)))
			return ACC_ENOMEM;
		r->text = nt;
		if (!(ns = acc_realloc(r->style, na)))
			return ACC_ENOMEM;
		r->style = ns;
		r->alloc = na;
	}
	if (s)
		memcpy(r->text + r->len, s, len);
	else
		memset(r->text + r->len, ' ', len);
	memset(r->style + r->len, st, len);
	r->len += len;
	r->text[r->len] = '\0';
	r->width += width;
	return 0;
}

/* Whether s is all printable ASCII (0x20-0x7E): the sanitiser's output
 * for it is itself, one column a byte, so it can be appended as is. */
static int plain_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
			return 0;
	return 1;
}

/* Appends untrusted text through the sanitiser (controls made visible). */
int row_put(tui_row *r, tui_style st, const char *s, size_t len)
{
	acc_buf b = ACC_BUF_INIT;
	int rc;

	if (plain_ascii(s, len))
		return len ? row_raw(r, st, s, len, len) : 0;
	if ((rc = acc_sanitize(&b, s, len, 0)) < 0)
		return rc;
	rc = b.size ? row_raw(r, st, b.ptr, b.size, acc_display_width(b.ptr, b.size)) : 0;
	acc_buf_free(&b);
	return rc;
}

/* row_put of a NUL-terminated string (NULL appends nothing). */
int row_puts(tui_row *r, tui_style st, const char *s)
{
	return row_put(r, st, s ? s : "", s ? strlen(s) : 0);
}

/* Formats, then appends through the sanitiser. */
int row_printf(tui_row *r, tui_style st, const char *fmt, ...)
{
	acc_buf b = ACC_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc == 0)
		rc = row_put(r, st, b.ptr ? b.ptr : "", b.size);
	acc_buf_free(&b);
	return rc;
}

/* Appends at most cols columns of s, cut with an ellipsis, padded when asked. */
int row_fit(tui_row *r, tui_style st, const char *s, size_t cols, int pad)
{
	acc_buf b = ACC_BUF_INIT;
	size_t used = 0, start = r->width, len;
	int rc;

	if (!s)
		s = "";
	len = strlen(s);
	if (plain_ascii(s, len)) {
		/* what acc_sanitize_fit gives, without its copy: the text as it
		 * is when it fits, else cols - 1 bytes and an ellipsis */
		rc = 0;
		if (len <= cols && len)
			rc = row_raw(r, st, s, len, len);
		else if (len > cols && cols > 1)
			rc = row_raw(r, st, s, cols - 1, cols - 1);
		if (rc == 0 && len > cols && cols > 0)
			rc = row_raw(r, st, "\xe2\x80\xa6", 3, 1);
		if (rc == 0 && pad)
			rc = row_pad(r, start + cols);
		return rc;
	}
	if ((rc = acc_sanitize_fit(&b, s, len, cols, 1, &used)) < 0)
		return rc;
	if (b.size)
		rc = row_raw(r, st, b.ptr, b.size, used);
	acc_buf_free(&b);
	if (rc == 0 && pad)
		rc = row_pad(r, start + cols);
	return rc;
}

/* Pads the row with spaces up to column col. */
int row_pad(tui_row *r, size_t col)
{
	return r->width < col ? row_raw(r, ST_NORMAL, NULL, col - r->width, col - r->width) : 0;
}

/* Appends another row's text with its styles. */
int row_cat(tui_row *r, const tui_row *src)
{
	size_t i = 0;
	int rc = 0;

	while (rc == 0 && i < src->len) {
		size_t j = i;

		while (j < src->len && src->style[j] == src->style[i])
			j++;
		rc = row_raw(r, (tui_style)src->style[i], src->text + i, j - i,
			     text_width(src->text + i, j - i));
		i = j;
	}
	return rc;
}

/* Encodes one code point as UTF-8. */
size_t utf8_encode(char out[4], unsigned c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* ---- widths -------------------------------------------------------------- */

/* How many bytes of sanitised text fit in cols columns. */
size_t text_fit(const char *s, size_t len, size_t cols, size_t *used)
{
	size_t i = 0, col = 0;

	while (i < len) {
		uint32_t cp;
		int n = acc_utf8_decode(s + i, len - i, &cp);
		int w;

		if (n <= 0) {
			n = 1;
			w = 1;
		} else {
			w = acc_cp_width(cp);
			if (w < 0)
				w = 1;
		}
		if (col + (size_t)w > cols)
			break;
		col += (size_t)w;
		i += (size_t)n;
	}
	if (used)
		*used = col;
	return i;
}

/* Display columns of sanitised text. */
size_t text_width(const char *s, size_t len)
{
	size_t used;

	text_fit(s, len, (size_t)-1, &used);
	return used;
}

/* ---- flows ------------------------------------------------------------- */

/* Frees a flow. */
void flow_free(tui_flow *f)
{
	acc_buf_free(&f->text);
	free(f->style);
	memset(f, 0, sizeof(*f));
}

/* Appends untrusted text to the flow, sanitised, keeping newlines. */
int flow_put(tui_flow *f, tui_style st, const char *s, size_t len)
{
	size_t start = f->text.size;
	int rc;

	if ((rc = acc_sanitize(&f->text, s, len, ACC_SAN_NEWLINES | ACC_SAN_TABS)) < 0)
		return rc;
	if (f->text.size + 1 > f->salloc) {
		size_t na = (f->text.size + 1) * 2;
		unsigned char *ns = acc_realloc(f->style, na);

		if (!ns)
			return ACC_ENOMEM;
		f->style = ns;
		f->salloc = na;
	}
	memset(f->style + start, st, f->text.size - start);
	return 0;
}

/* flow_put of a NUL-terminated string. */
int flow_puts(tui_flow *f, tui_style st, const char *s)
{
	return flow_put(f, st, s, strlen(s));
}

/* Appends bytes [i, j) of the flow to row r with their styles. */
static int flow_emit(tui_row *r, const tui_flow *f, size_t i, size_t j)
{
	int rc = 0;

	while (rc == 0 && i < j) {
		size_t k = i;

		while (k < j && f->style[k] == f->style[i])
			k++;
		rc = row_raw(r, (tui_style)f->style[i], f->text.ptr + i, k - i,
			     text_width(f->text.ptr + i, k - i));
		i = k;
	}
	return rc;
}

/* Starts a wrapped row: indent spaces and the link. */
static tui_row *wrap_row(tui_doc *d, size_t indent, tui_link link, const char *id)
{
	tui_row *r = doc_row(d);

	if (!r || row_pad(r, indent) < 0 || (link && row_link(r, link, id) < 0))
		return NULL;
	return r;
}

/* Wraps the flow with the same indent on every row. */
int flow_wrap(tui_doc *d, const tui_flow *f, size_t width, size_t indent, tui_link link,
	      const char *link_id)
{
	return flow_wrap_hang(d, f, width, indent, indent, link, link_id);
}

/* Greedy word wrap of the flow into rows, by display width. */
int flow_wrap_hang(tui_doc *d, const tui_flow *f, size_t width, size_t first, size_t indent,
		   tui_link link, const char *link_id)
{
	const char *t = f->text.ptr ? f->text.ptr : "";
	size_t len = f->text.size, p = 0;
	int firstrow = 1;

	if (width <= indent + 1)
		indent = 0;
	if (width <= first + 1)
		first = 0;
	if (width < 1)
		width = 1;
	while (p <= len) {
		size_t end = p, col = firstrow ? first : indent;
		int cont = 0;
		tui_row *r;

		if (p == len && len > 0 && t[len - 1] == '\n')
			break; /* a final newline ends the text, it adds no row */
		while (end < len && t[end] != '\n')
			end++;
		if (!(r = wrap_row(d, col, link, link_id)))
			return ACC_ENOMEM;
		firstrow = 0;
		while (p < end) {
			int space = t[p] == ' ';
			size_t q = p, w;

			while (q < end && (t[q] == ' ') == space)
				q++;
			w = text_width(t + p, q - p);
			if (space) {
				/* spaces never start a continuation row */
				if (!(cont && col == indent) && col + w <= width) {
					if (flow_emit(r, f, p, q) < 0)
						return ACC_ENOMEM;
					col += w;
				}
				p = q;
				continue;
			}
			if (col + w > width && col > indent) {
				if (!(r = wrap_row(d, indent, link, link_id)))
					return ACC_ENOMEM;
				col = indent;
				cont = 1;
			}
			while (col + w > width) {
				/* a word longer than a row: cut it */
				size_t used, n = text_fit(t + p, q - p, width - col, &used);

				if (n == 0)
					n = (size_t)acc_utf8_decode(t + p, q - p, &(uint32_t){0});
				if (flow_emit(r, f, p, p + n) < 0 ||
				    !(r = wrap_row(d, indent, link, link_id)))
					return ACC_ENOMEM;
				p += n;
				col = indent;
				cont = 1;
				w = text_width(t + p, q - p);
			}
			if (flow_emit(r, f, p, q) < 0)
				return ACC_ENOMEM;
			col += w;
			p = q;
		}
		if (end >= len)
			break;
		p = end + 1;
	}
	return 0;
}

/* Wraps one paragraph of untrusted text in one style. */
int doc_para(tui_doc *d, tui_style st, const char *s, size_t width, size_t indent)
{
	tui_flow f = {ACC_BUF_INIT, NULL, 0};
	int rc;

	if ((rc = flow_puts(&f, st, s ? s : "")) == 0)
		rc = flow_wrap(d, &f, width, indent, LINK_NONE, NULL);
	flow_free(&f);
	return rc;
}

/* ---- painting ------------------------------------------------------------ */

/* Chooses colours or monochrome attributes for every style. */
void draw_init(tui_theme *th, int want_color)
{
	static const struct {
		tui_style st;
		short fg, bg;
		int cattr, mattr;
	} map[] = {
	    {ST_NORMAL, -1, -1, 0, 0},
	    {ST_BAR, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
	    {ST_TITLE, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	    {ST_HEADING, -1, -1, A_BOLD, A_BOLD},
	    {ST_DIM, -1, -1, A_DIM, A_DIM},
	    {ST_ID, COLOR_CYAN, -1, 0, 0},
	    {ST_NUMBER, -1, -1, A_BOLD, A_BOLD},
	    {ST_DEL, COLOR_RED, -1, 0, A_DIM},
	    {ST_INS, COLOR_GREEN, -1, A_UNDERLINE, A_UNDERLINE},
	    {ST_MATCH, COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE | A_BOLD},
	    {ST_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD},
	    {ST_OK, COLOR_GREEN, -1, A_BOLD, A_BOLD},
	    {ST_YES, COLOR_GREEN, -1, A_BOLD, A_BOLD},
	    {ST_NO, COLOR_RED, -1, A_BOLD, A_BOLD},
	    {ST_ABSTAIN, COLOR_YELLOW, -1, 0, 0},
	    {ST_ABSENT, -1, -1, A_DIM, A_DIM},
	    {ST_VOTING, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	    {ST_TABLED, COLOR_CYAN, -1, 0, 0},
	    {ST_ADOPTED, COLOR_GREEN, -1, 0, 0},
	    {ST_REJECTED, COLOR_RED, -1, 0, 0},
	    {ST_STALE, COLOR_MAGENTA, -1, 0, 0},
	    {ST_GONE, -1, -1, A_DIM, A_DIM},
	    {ST_PART, -1, -1, A_BOLD, A_BOLD},
	};
	size_t i;

	th->color = 0;
	if (want_color && has_colors() && start_color() == OK) {
		th->color = 1;
		use_default_colors();
	}
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (th->color && (map[i].fg != -1 || map[i].bg != -1)) {
			init_pair((short)(i + 1), map[i].fg, map[i].bg);
			attrs[map[i].st] = COLOR_PAIR((int)i + 1) | map[i].cattr;
		} else {
			attrs[map[i].st] = th->color ? map[i].cattr : map[i].mattr;
		}
	}
	draw_utf8 = th->utf8;
}

/* The curses attribute of a style (after draw_init). */
int draw_attr(tui_style st)
{
	return st < ST_COUNT ? attrs[st] : 0;
}

/* Writes n bytes of sanitised text; outside UTF-8 locales every non-ASCII
 * character becomes '?' (one per column). */
static void put_text(const char *s, size_t n)
{
	size_t i = 0;

	if (draw_utf8) {
		addnstr(s, (int)n);
		return;
	}
	while (i < n) {
		uint32_t cp;
		int k = acc_utf8_decode(s + i, n - i, &cp), w;

		if (k <= 0)
			k = 1;
		if (k == 1 && (unsigned char)s[i] < 0x80) {
			addch((chtype)(unsigned char)s[i]);
		} else {
			w = acc_cp_width(cp);
			while (w-- > 0)
				addch('?');
		}
		i += (size_t)k;
	}
}

/* Whether byte c belongs to a word (letters, digits, any byte of a
 * multi-byte character). */
static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Marks in mask the bytes of r that belong to a match of terms: a word
 * that a term begins, marked whole ("cyber" marks "cyberattack"), as
 * the search finds words. */
static void match_mask(unsigned char *mask, const tui_row *r, char *const *terms)
{
	size_t t, i;

	for (t = 0; terms && terms[t]; t++) {
		size_t tl = strlen(terms[t]);

		if (!tl || tl > r->len)
			continue;
		for (i = 0; i + tl <= r->len; i++) {
			size_t k;

			if (i > 0 && word_byte((unsigned char)r->text[i - 1]) &&
			    word_byte((unsigned char)terms[t][0]))
				continue;
			for (k = 0; k < tl; k++) {
				unsigned char a = (unsigned char)r->text[i + k];

				if (a >= 'A' && a <= 'Z')
					a = (unsigned char)(a - 'A' + 'a');
				if (a != (unsigned char)terms[t][k])
					break;
			}
			if (k == tl) {
				while (i + k < r->len &&
				       word_byte((unsigned char)terms[t][tl - 1]) &&
				       word_byte((unsigned char)r->text[i + k]))
					k++;
				memset(mask + i, 1, k);
			}
		}
	}
}

/* Whether any search term occurs in the row. */
int row_matches(const tui_row *r, char *const *terms)
{
	unsigned char *mask;
	size_t i;
	int hit = 0;

	if (!terms || !terms[0] || !r->len || !(mask = calloc(r->len, 1)))
		return 0;
	match_mask(mask, r, terms);
	for (i = 0; i < r->len && !hit; i++)
		hit = mask[i];
	free(mask);
	return hit;
}

/* Paints a row clipped to w columns, with search matches highlighted. */
void draw_row(int y, int x, int w, const tui_row *r, int extra, char *const *terms)
{
	unsigned char *mask = NULL;
	size_t i = 0, col = 0;

	if (w <= 0)
		return;
	move(y, x);
	if (terms && terms[0] && r->len && (mask = calloc(r->len, 1)))
		match_mask(mask, r, terms);
	while (i < r->len && col < (size_t)w) {
		size_t j = i, n, used;
		int m = mask ? mask[i] : 0;

		while (j < r->len && r->style[j] == r->style[i] && (mask ? mask[j] : 0) == m)
			j++;
		n = text_fit(r->text + i, j - i, (size_t)w - col, &used);
		if (draw_strike && !m && r->style[i] == ST_DEL)
			strike_note(y, x + (int)col, r->text + i, n, attrs[ST_DEL] | extra);
		attrset((attr_t)((m ? attrs[ST_MATCH] : attrs[r->style[i]]) | extra));
		put_text(r->text + i, n);
		col += used;
		if (n < j - i)
			break;
		i = j;
	}
	attrset((attr_t)(attrs[ST_NORMAL] | extra));
	for (; col < (size_t)w; col++)
		addch(' ');
	attrset(A_NORMAL);
	free(mask);
}

/* Paints one piece of untrusted text, sanitised and clipped. */
void draw_text(int y, int x, int w, tui_style st, int extra, const char *s, int pad)
{
	tui_row r;

	memset(&r, 0, sizeof(r));
	if (w <= 0)
		return;
	if (row_fit(&r, st, s, (size_t)w, 0) < 0) {
		row_free(&r);
		return;
	}
	if (pad) {
		draw_row(y, x, w, &r, extra, NULL);
	} else {
		move(y, x);
		attrset((attr_t)(attrs[st] | extra));
		put_text(r.text ? r.text : "", r.len);
		attrset(A_NORMAL);
	}
	row_free(&r);
}

/* A vertical line: box drawing in UTF-8, else '|'. */
const char *glyph_vline(void)
{
	return draw_utf8 ? "\xe2\x94\x82" : "|";
}

/* A horizontal line: box drawing in UTF-8, else '-'. */
const char *glyph_hline(void)
{
	return draw_utf8 ? "\xe2\x94\x80" : "-";
}

/* Wraps flows l and r to cw columns each and appends them side by side to
 * d, with a dim rule between them. */
int flow_side_by_side(tui_doc *d, const tui_flow *l, const tui_flow *r, size_t cw)
{
	tui_doc ld = {NULL, 0, 0}, rd = {NULL, 0, 0};
	size_t i;
	int rc;

	if ((rc = flow_wrap(&ld, l, cw, 0, LINK_NONE, NULL)) == 0)
		rc = flow_wrap(&rd, r, cw, 0, LINK_NONE, NULL);
	for (i = 0; rc == 0 && (i < ld.n || i < rd.n); i++) {
		tui_row *row = doc_row(d);

		if (!row) {
			rc = ACC_ENOMEM;
			break;
		}
		row_pad(row, 1);
		if (i < ld.n)
			row_cat(row, &ld.rows[i]);
		row_pad(row, cw + 1);
		row_puts(row, ST_DIM, " ");
		row_put(row, ST_DIM, glyph_vline(), strlen(glyph_vline()));
		row_puts(row, ST_DIM, " ");
		if (i < rd.n)
			row_cat(row, &rd.rows[i]);
	}
	doc_clear(&ld);
	doc_clear(&rd);
	return rc;
}
