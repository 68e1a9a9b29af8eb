/*
 * diff_render: a word diff as the command line shows it, inline (track
 * changes) or side by side, and as JSON.  It needs no repository, so the
 * program's front (src/front.c) links it to diff two files without
 * loading accord's core (see "Process start" in CONTRIBUTING.md).
 *
 * With colour, deleted words are red and struck through and inserted
 * words green and underlined (ANSI SGR); without colour (a pipe, NO_COLOR,
 * --color=never) they are wrapped in [-...-] and {+...+}, which screen
 * readers and wdiff users follow.  Every run of text is sanitised first;
 * the markers and colour codes are added after, so the text itself can
 * never produce an escape sequence.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "accord/sanitize.h"
#include "accord/diff_render.h"

#define SGR_DEL "\033[31;9m" /* red, struck through */
#define SGR_INS "\033[32;4m" /* green, underlined */
#define SGR_OFF "\033[0m"

/* ---- terminal ------------------------------------------------------------- */

/* Whether to colour: always, never, or auto (stdout is a terminal, NO_COLOR
 * is unset or empty, and TERM is set and not "dumb"). */
int acc_cli_want_color(FILE *out, const char *when, int *color)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	int fd = fileno(out);

	if (!when || strcmp(when, "auto") == 0)
		*color = fd >= 0 && isatty(fd) && !(nc && nc[0]) && term && term[0] &&
			 strcmp(term, "dumb") != 0;
	else if (strcmp(when, "always") == 0)
		*color = 1;
	else if (strcmp(when, "never") == 0)
		*color = 0;
	else
		return -1;
	return 0;
}

/* Columns of the terminal: COLUMNS, else the window size, else 80. */
size_t acc_cli_term_columns(FILE *out)
{
	const char *e = getenv("COLUMNS");
	struct winsize ws;
	int fd = fileno(out);

	if (e && e[0]) {
		char *end;
		long v = strtol(e, &end, 10);

		if (*end == '\0' && v > 0 && v < 100000)
			return (size_t)v;
	}
	if (fd >= 0 && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* ---- inline ----------------------------------------------------------------- */

/* Whether the n bytes at s hold a right-to-left letter (Hebrew, Arabic,
 * Syriac, Thaana, NKo and their presentation forms). */
static int has_rtl(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp = (unsigned char)s[i];
		int k = 1;

		if (cp >= 0x80 && (k = acc_utf8_decode(s + i, n - i, &cp)) < 0)
			k = 1, cp = 0;
		if ((cp >= 0x590 && cp <= 0x8FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
		    (cp >= 0xFE70 && cp <= 0xFEFF))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/* Appends one run, sanitised, then marked: markers without colour; with
 * colour, SGR around each line of it (so no style spans a newline). */
static int put_marked(acc_buf *o, int style, const char *s, size_t len, int color)
{
	acc_buf safe = ACC_BUF_INIT;
	const char *p, *end;
	int rc;

	if ((rc = acc_sanitize(&safe, s, len, ACC_SAN_NEWLINES | ACC_SAN_TABS)) < 0)
		return rc;
	p = safe.ptr ? safe.ptr : "";
	end = p + safe.size;
	if (style == ST_EQUAL) {
		rc = acc_buf_put(o, p, safe.size);
	} else if (!color) {
		size_t n = safe.size;

		/* final newlines stay outside, so a marker never starts a line */
		while (n && p[n - 1] == '\n')
			n--;
		if (n == 0)
			n = safe.size; /* only newlines: keep them inside, visible */
		/* right-to-left words stay in logical order inside their markers:
		 * a first-strong isolate keeps a terminal's bidi from moving the
		 * markers across them (issue 21) */
		int rtl = has_rtl(p, n);

		rc = acc_buf_puts(o, style == ST_DEL ? "[-" : "{+");
		if (rc == 0 && rtl)
			rc = acc_buf_puts(o, "\u2068");
		if (rc == 0)
			rc = acc_buf_put(o, p, n);
		if (rc == 0 && rtl)
			rc = acc_buf_puts(o, "\u2069");
		if (rc == 0)
			rc = acc_buf_puts(o, style == ST_DEL ? "-]" : "+}");
		if (rc == 0)
			rc = acc_buf_put(o, p + n, safe.size - n);
	} else {
		while (p < end && rc == 0) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

			if (n) {
				rc = acc_buf_puts(o, style == ST_DEL ? SGR_DEL : SGR_INS);
				if (rc == 0)
					rc = acc_buf_put(o, p, n);
				if (rc == 0)
					rc = acc_buf_puts(o, SGR_OFF);
			}
			if (rc == 0 && nl)
				rc = acc_buf_putc(o, '\n');
			p += n + (nl != NULL);
		}
	}
	acc_buf_free(&safe);
	return rc;
}

/* The style of a diff operation. */
static int style_of(acc_diff_op op)
{
	return op == ACC_DIFF_DELETE ? ST_DEL : op == ACC_DIFF_INSERT ? ST_INS : ST_EQUAL;
}

/* Appends the whole diff as track changes. */
int acc_cli_render_inline(acc_buf *o, const acc_diff *d, int color)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->count && rc == 0; i++)
		rc = put_marked(o, style_of(d->runs[i].op), d->runs[i].text, d->runs[i].len, color);
	if (rc == 0 && o->size && o->ptr[o->size - 1] != '\n')
		rc = acc_buf_putc(o, '\n');
	return rc;
}

/* ---- side by side ------------------------------------------------------------- */

enum { AT_WORD, AT_SPACE, AT_NEWLINE };

/* A unit of wrapping: a word, one space, or a forced line break. */
typedef struct {
	char *s;
	size_t len, width;
	int style, kind;
} atom;

typedef struct {
	atom *v;
	size_t n, alloc;
} atoms;

/* One wrapped line, ready to print, and its display width. */
typedef struct {
	char *s;
	size_t width;
} line;

typedef struct {
	line *v;
	size_t n, alloc;
} lines;

/* Frees the atoms and empties the list. */
static void atoms_clear(atoms *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].s);
	a->n = 0;
}

/* Frees the lines and empties the list. */
static void lines_clear(lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].s);
	l->n = 0;
}

/* Appends an atom (copying s). */
static int atoms_add(atoms *a, const char *s, size_t len, int style, int kind)
{
	char *copy;

	if (a->n == a->alloc) {
		size_t na = a->alloc ? a->alloc * 2 : 64;
		atom *nv = acc_realloc(a->v, na * sizeof(*nv));

		if (!nv)
			return ACC_ENOMEM;
		a->v = nv;
		a->alloc = na;
	}
	if (!(copy = acc_strndup(s, len)))
		return ACC_ENOMEM;
	a->v[a->n].s = copy;
	a->v[a->n].len = len;
	a->v[a->n].width = kind == AT_WORD ? acc_display_width(copy, len) : kind == AT_SPACE;
	a->v[a->n].style = style;
	a->v[a->n].kind = kind;
	a->n++;
	return 0;
}

/* Cuts text (sanitised, then marked when not coloured) into atoms. */
static int atoms_text(atoms *a, const char *s, size_t len, int style, int color)
{
	acc_buf safe = ACC_BUF_INIT, marked = ACC_BUF_INIT;
	const char *p, *end;
	int rc;

	if ((rc = acc_sanitize(&safe, s, len, ACC_SAN_NEWLINES | ACC_SAN_TABS)) < 0)
		return rc;
	if (style != ST_EQUAL && !color) {
		rc = acc_buf_puts(&marked, style == ST_DEL ? "[-" : "{+");
		if (rc == 0)
			rc = acc_buf_put(&marked, safe.ptr ? safe.ptr : "", safe.size);
		if (rc == 0)
			rc = acc_buf_puts(&marked, style == ST_DEL ? "-]" : "+}");
		p = marked.ptr;
		end = p + marked.size;
	} else {
		p = safe.ptr ? safe.ptr : "";
		end = p + safe.size;
	}
	while (rc == 0 && p < end) {
		size_t n;

		if (*p == '\n' || *p == ' ') {
			rc = atoms_add(a, p, *p == ' ', style, *p == '\n' ? AT_NEWLINE : AT_SPACE);
			p++;
			continue;
		}
		for (n = 0; p + n < end && p[n] != '\n' && p[n] != ' '; n++)
			;
		rc = atoms_add(a, p, n, style, AT_WORD);
		p += n;
	}
	acc_buf_free(&safe);
	acc_buf_free(&marked);
	return rc;
}

/* The state of a line being filled. */
typedef struct {
	lines *out;
	acc_buf b;
	size_t width, max;
	int style, color, cont;
} filler;

/* Appends text of the given style and width to the line being filled. */
static int fill_put(filler *f, const char *s, size_t len, size_t width, int style)
{
	int rc = 0;

	if (f->color && style != f->style) {
		if (f->style != ST_EQUAL)
			rc = acc_buf_puts(&f->b, SGR_OFF);
		if (rc == 0 && style != ST_EQUAL)
			rc = acc_buf_puts(&f->b, style == ST_DEL ? SGR_DEL : SGR_INS);
		f->style = style;
	}
	if (rc == 0)
		rc = acc_buf_put(&f->b, s, len);
	f->width += width;
	return rc;
}

/* Ends the line being filled (closing any style). */
static int fill_end(filler *f, int wrapped)
{
	lines *l = f->out;
	int rc = 0;

	if (f->color && f->style != ST_EQUAL)
		rc = acc_buf_puts(&f->b, SGR_OFF);
	f->style = ST_EQUAL;
	if (rc == 0 && l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 16;
		line *nv = acc_realloc(l->v, na * sizeof(*nv));

		if (!nv)
			rc = ACC_ENOMEM;
		else {
			l->v = nv;
			l->alloc = na;
		}
	}
	if (rc == 0) {
		char *s = acc_buf_detach(&f->b);

		if (!s)
			return ACC_ENOMEM;
		l->v[l->n].s = s;
		l->v[l->n].width = f->width;
		l->n++;
	}
	f->width = 0;
	f->cont = wrapped;
	return rc;
}

/* Puts a word wider than a whole line, cut at code points. */
static int fill_long_word(filler *f, const atom *w)
{
	size_t i = 0;
	int rc = 0;

	while (i < w->len && rc == 0) {
		size_t start = i, width = 0;

		while (i < w->len) {
			uint32_t cp;
			int n = acc_utf8_decode(w->s + i, w->len - i, &cp);
			int cw = n > 0 ? acc_cp_width(cp) : 1;

			if (n <= 0)
				n = 1;
			if (cw < 0)
				cw = 0;
			if (f->width + width + (size_t)cw > f->max && (i > start || f->width > 0))
				break;
			width += (size_t)cw;
			i += (size_t)n;
		}
		if (i > start)
			rc = fill_put(f, w->s + start, i - start, width, w->style);
		if (rc == 0 && i < w->len)
			rc = fill_end(f, 1);
	}
	return rc;
}

/* Wraps atoms to lines of at most max columns (at least one line).
 * Spaces are held back until a word follows on the same line, so no line
 * ends or (once wrapped) starts with one. */
static int wrap(lines *out, const atoms *a, size_t max, int color)
{
	filler f;
	size_t i, pending = 0;
	int rc = 0, pstyle = ST_EQUAL;

	memset(&f, 0, sizeof(f));
	f.out = out;
	f.max = max;
	f.color = color;
	for (i = 0; i < a->n && rc == 0; i++) {
		const atom *t = &a->v[i];

		if (t->kind == AT_NEWLINE) {
			pending = 0;
			rc = fill_end(&f, 0);
		} else if (t->kind == AT_SPACE) {
			if (f.width == 0 && f.cont)
				continue;
			if (!pending)
				pstyle = t->style;
			pending++;
		} else {
			if (f.width > 0 && f.width + pending + t->width > max) {
				rc = fill_end(&f, 1);
				pending = 0;
			}
			for (; pending && rc == 0; pending--)
				rc = f.width < max ? fill_put(&f, " ", 1, 1, pstyle) : 0;
			if (rc == 0 && f.width + t->width > max)
				rc = fill_long_word(&f, t);
			else if (rc == 0)
				rc = fill_put(&f, t->s, t->len, t->width, t->style);
		}
	}
	if (rc == 0 && (f.width > 0 || f.b.size > 0 || out->n == 0))
		rc = fill_end(&f, 0);
	acc_buf_free(&f.b);
	return rc;
}

/* The side-by-side renderer: a block is one line of the unchanged text
 * (a paragraph), its two sides wrapped and printed next to each other. */
typedef struct {
	acc_buf *o;
	atoms left, right;
	lines ll, rl;
	size_t half;
	int color;
} side;

/* Prints the rows of the current block and starts a new one. */
static int side_flush(side *s)
{
	size_t r, rows;
	int rc;

	lines_clear(&s->ll);
	lines_clear(&s->rl);
	if ((rc = wrap(&s->ll, &s->left, s->half, s->color)) < 0 ||
	    (rc = wrap(&s->rl, &s->right, s->half, s->color)) < 0)
		return rc;
	rows = s->ll.n > s->rl.n ? s->ll.n : s->rl.n;
	for (r = 0; r < rows && rc == 0; r++) {
		const line *l = r < s->ll.n ? &s->ll.v[r] : NULL;
		const line *x = r < s->rl.n ? &s->rl.v[r] : NULL;
		size_t pad = s->half - (l ? l->width : 0);

		if (l)
			rc = acc_buf_puts(s->o, l->s);
		while (rc == 0 && pad--)
			rc = acc_buf_putc(s->o, ' ');
		if (rc == 0)
			rc = acc_buf_puts(s->o, x && x->s[0] ? " | " : " |");
		if (rc == 0 && x)
			rc = acc_buf_puts(s->o, x->s);
		if (rc == 0)
			rc = acc_buf_putc(s->o, '\n');
	}
	atoms_clear(&s->left);
	atoms_clear(&s->right);
	return rc;
}

/* Appends a header row (two labels fitted to the halves) and a rule. */
static int side_header(side *s, const char *lhead, const char *rhead)
{
	size_t used = 0, i;
	int rc;

	if ((rc = acc_sanitize_fit(s->o, lhead, strlen(lhead), s->half, 1, &used)) < 0)
		return rc;
	for (i = used; i < s->half && rc == 0; i++)
		rc = acc_buf_putc(s->o, ' ');
	if (rc == 0)
		rc = acc_buf_puts(s->o, " | ");
	if (rc == 0)
		rc = acc_sanitize_fit(s->o, rhead, strlen(rhead), s->half, 1, &used);
	if (rc == 0)
		rc = acc_buf_putc(s->o, '\n');
	for (i = 0; i < s->half && rc == 0; i++)
		rc = acc_buf_putc(s->o, '-');
	if (rc == 0)
		rc = acc_buf_puts(s->o, "-+-");
	for (i = 0; i < s->half && rc == 0; i++)
		rc = acc_buf_putc(s->o, '-');
	if (rc == 0)
		rc = acc_buf_putc(s->o, '\n');
	return rc;
}

/* Appends the diff side by side in cols columns. */
int acc_cli_render_side(acc_buf *o, const acc_diff *d, int color, size_t cols, const char *lhead,
			const char *rhead)
{
	side s;
	size_t i;
	int rc, pending = 0;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.color = color;
	s.half = cols > 3 + 2 * 10 ? (cols - 3) / 2 : 10;
	rc = side_header(&s, lhead, rhead);
	for (i = 0; i < d->count && rc == 0; i++) {
		const acc_diff_run *r = &d->runs[i];

		if (r->op == ACC_DIFF_DELETE) {
			rc = atoms_text(&s.left, r->text, r->len, ST_DEL, color);
		} else if (r->op == ACC_DIFF_INSERT) {
			rc = atoms_text(&s.right, r->text, r->len, ST_INS, color);
		} else {
			const char *p = r->text, *end = r->text + r->len;

			/* unchanged text goes to both sides; its newlines end blocks */
			while (p < end && rc == 0) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

				if (n && (rc = atoms_text(&s.left, p, n, ST_EQUAL, color)) == 0)
					rc = atoms_text(&s.right, p, n, ST_EQUAL, color);
				if (rc == 0 && nl)
					rc = side_flush(&s);
				p += n + (nl != NULL);
			}
		}
		pending = s.left.n || s.right.n;
	}
	if (rc == 0 && pending)
		rc = side_flush(&s);
	atoms_clear(&s.left);
	atoms_clear(&s.right);
	lines_clear(&s.ll);
	lines_clear(&s.rl);
	free(s.left.v);
	free(s.right.v);
	free(s.ll.v);
	free(s.rl.v);
	return rc;
}

/* Appends text (len bytes) to o with each line wrapped to cols columns,
 * sanitised; lines end in newlines except the last when the text did not
 * end in one. */
int acc_cli_wrap_text(acc_buf *o, const char *text, size_t len, size_t cols)
{
	atoms a = {0};
	lines l = {0};
	const char *p = text, *end = text + len;
	size_t i;
	int rc = 0;

	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		atoms_clear(&a);
		lines_clear(&l);
		if ((rc = atoms_text(&a, p, n, ST_EQUAL, 0)) == 0 &&
		    (rc = wrap(&l, &a, cols, 0)) == 0)
			for (i = 0; i < l.n && rc == 0; i++)
				if ((rc = acc_buf_puts(o, l.v[i].s)) == 0 && (nl || i + 1 < l.n))
					rc = acc_buf_putc(o, '\n');
		p += n + (nl != NULL);
	}
	atoms_clear(&a);
	lines_clear(&l);
	free(a.v);
	free(l.v);
	return rc;
}

/* ---- JSON --------------------------------------------------------------------- */

/* The name of a diff operation in JSON. */
static const char *op_name(acc_diff_op op)
{
	return op == ACC_DIFF_DELETE ? "delete" : op == ACC_DIFF_INSERT ? "insert" : "equal";
}

/* The runs of a diff as a JSON array of {op, text}. */
static json_t *runs_json(const acc_diff *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < d->count; i++) {
		json_t *r = json_object();
		char *t = acc_strndup(d->runs[i].text, d->runs[i].len);

		json_object_set_new(r, "op", json_string(op_name(d->runs[i].op)));
		json_object_set_new(r, "text", json_stringn(t ? t : "", t ? strlen(t) : 0));
		json_array_append_new(a, r);
		free(t);
	}
	return a;
}

/* Adds the diff's runs and totals to object j. */
void acc_cli_diff_json(json_t *j, const acc_diff *d)
{
	json_object_set_new(j, "runs", runs_json(d));
	json_object_set_new(j, "deleted_bytes", json_integer((json_int_t)d->deleted_bytes));
	json_object_set_new(j, "inserted_bytes", json_integer((json_int_t)d->inserted_bytes));
	json_object_set_new(j, "changed_tokens", json_integer((json_int_t)d->changed_tokens));
}
