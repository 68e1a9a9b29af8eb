/*
 * draw: styled rows of text and how they reach the screen.
 *
 * Views compute their content as a document: rows of sanitised UTF-8 with
 * one style byte per text byte, already cut to the width of their pane.
 * Every piece of repository text enters a row through the sanitiser
 * (row_put, flow_put), so nothing drawn can move the cursor, change
 * colours or reorder the screen.  Painting (draw_row) is a separate step
 * that only clips, highlights search matches and applies attributes.
 */
#ifndef ACCORD_TUI_DRAW_H
#define ACCORD_TUI_DRAW_H

#include <stdarg.h>
#include <stddef.h>

#include "accord/util.h"

typedef enum {
	ST_NORMAL = 0,
	ST_BAR,	    /* the status bar at the top */
	ST_TITLE,   /* a view's title bar */
	ST_HEADING, /* section headings */
	ST_DIM,	    /* secondary text */
	ST_ID,	    /* ids */
	ST_NUMBER,  /* display numbers */
	ST_DEL,	    /* deleted words */
	ST_INS,	    /* inserted words */
	ST_MATCH,   /* search matches */
	ST_ERROR,
	ST_OK,
	ST_YES,
	ST_NO,
	ST_ABSTAIN,
	ST_ABSENT,
	ST_VOTING,   /* status: voting */
	ST_TABLED,   /* status: tabled */
	ST_ADOPTED,  /* status: adopted */
	ST_REJECTED, /* status: rejected */
	ST_STALE,    /* status: stale */
	ST_GONE,     /* status: withdrawn or fallen */
	ST_PART,     /* a part of the contents */
	ST_COUNT
} tui_style;

typedef enum {
	LINK_NONE = 0,
	LINK_CLAUSE,
	LINK_PART,
	LINK_AMENDMENT,
	LINK_COMMIT,
} tui_link;

/* One row of a document. */
typedef struct {
	char *text;	      /* sanitised UTF-8, NUL-terminated */
	unsigned char *style; /* one tui_style per byte of text */
	size_t len, alloc;
	size_t width; /* display columns */
	tui_link link;
	char *link_id; /* what Enter opens (owned), or NULL */
	int lazy;      /* not laid out yet: its view's fill makes it (view_row) */
} tui_row;

typedef struct {
	tui_row *rows;
	size_t n, alloc;
} tui_doc;

void doc_clear(tui_doc *d);
/* Appends an empty row (NULL when out of memory). */
tui_row *doc_row(tui_doc *d);
/* Sets the row's link (copies id). */
int row_link(tui_row *r, tui_link link, const char *id);

/* Appends len bytes of untrusted text, sanitised (controls shown). */
int row_put(tui_row *r, tui_style st, const char *s, size_t len);
int row_puts(tui_row *r, tui_style st, const char *s);
int row_printf(tui_row *r, tui_style st, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);
/* Appends at most cols columns of s (an ellipsis marks a cut), then pads
 * with spaces to exactly cols columns when pad is set. */
int row_fit(tui_row *r, tui_style st, const char *s, size_t cols, int pad);
/* Pads with spaces up to column col. */
int row_pad(tui_row *r, size_t col);
/* Appends the row src (already sanitised) to r. */
int row_cat(tui_row *r, const tui_row *src);

/* A paragraph flow: styled text, wrapped into rows by flow_wrap. */
typedef struct {
	acc_buf text;
	unsigned char *style;
	size_t salloc;
} tui_flow;

void flow_free(tui_flow *f);
/* Appends len bytes of untrusted text, sanitised; newlines are kept as
 * breaks and tabs expanded. */
int flow_put(tui_flow *f, tui_style st, const char *s, size_t len);
int flow_puts(tui_flow *f, tui_style st, const char *s);
/* Wraps the flow into rows of at most width columns (words kept whole
 * unless longer than a row), each starting with indent spaces. */
int flow_wrap(tui_doc *d, const tui_flow *f, size_t width, size_t indent, tui_link link,
	      const char *link_id);
/* The same with a hanging indent: the first row starts at column first
 * (its text usually a label), the others at indent. */
int flow_wrap_hang(tui_doc *d, const tui_flow *f, size_t width, size_t first, size_t indent,
		   tui_link link, const char *link_id);
/* Wraps l and r to cw columns each and appends them side by side, a
 * dim rule between them. */
int flow_side_by_side(tui_doc *d, const tui_flow *l, const tui_flow *r, size_t cw);
/* Appends a wrapped paragraph of untrusted text in one style. */
int doc_para(tui_doc *d, tui_style st, const char *s, size_t width, size_t indent);

/* Encodes code point cp as UTF-8 into out; returns its length (1..4). */
size_t utf8_encode(char out[4], unsigned cp);

/* Display columns of sanitised UTF-8 text. */
size_t text_width(const char *s, size_t len);
/* Bytes of sanitised s that fit in cols columns (wide characters whole). */
size_t text_fit(const char *s, size_t len, size_t cols, size_t *used);

/* ---- painting (curses) ---- */

typedef struct {
	int color;  /* colours in use (else monochrome: markers carry meaning) */
	int utf8;   /* the terminal's locale is UTF-8 */
	int strike; /* deleted words are struck through (strike.c), without markers */
} tui_theme;

/* Sets up colours (when wanted and available) and the attribute table. */
void draw_init(tui_theme *th, int want_color);
/* The curses attribute of a style. */
int draw_attr(tui_style st);
/* Paints row at y,x clipped to w columns, the rest of the w columns
 * blank; extra (e.g. A_REVERSE for the cursor) is or-ed into every cell;
 * words of terms (lower-case, NULL-terminated) are highlighted. */
void draw_row(int y, int x, int w, const tui_row *r, int extra, char *const *terms);
/* Paints untrusted text at y,x in at most w columns (sanitised), padding
 * to w when pad. */
void draw_text(int y, int x, int w, tui_style st, int extra, const char *s, int pad);

/* Whether row contains any of terms (case-insensitive ASCII). */
int row_matches(const tui_row *r, char *const *terms);

/* strike.c: deleted words struck through with the terminal's smxx.
 * strike_init (live: a real terminal, in colour and UTF-8) says whether
 * it can; draw_row notes the deleted runs it paints (strike_note) and
 * strike_flush writes them again struck through after doupdate;
 * strike_clear forgets them before a paint. */
extern int draw_strike;
int strike_init(int live);
void strike_note(int y, int x, const char *s, size_t n, int attr);
void strike_flush(void);
void strike_clear(void);
void strike_end(void);

/* Box-drawing glyphs, ASCII when the locale is not UTF-8. */
const char *glyph_vline(void);
const char *glyph_hline(void);
extern int draw_utf8;

#endif
