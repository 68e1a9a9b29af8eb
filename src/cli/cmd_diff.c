/*
 * cmd_diff: the commands `diff`, `rebase` and `blame`.
 *
 * Word diffs are shown inline (track changes) or side by side.  With
 * colour, deleted words are red and struck through and inserted words
 * green and underlined (ANSI SGR); without colour (a pipe, NO_COLOR,
 * --color=never) they are wrapped in [-...-] and {+...+}, which screen
 * readers and wdiff users follow.  Every run of repository text is
 * sanitised first; the markers and colour codes are added after, so the
 * text itself can never produce an escape sequence.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "accord/history.h"
#include "accord/bracket_query.h"
#include "accord/json.h"
#include "accord/sanitize.h"
#include "accord/textdiff.h"
#include "out.h"

#define SGR_DEL "\033[31;9m" /* red, struck through */
#define SGR_INS "\033[32;4m" /* green, underlined */
#define SGR_OFF "\033[0m"

enum { FMT_INLINE, FMT_SIDE, FMT_JSON };

/* Styles of text: unchanged, deleted, inserted. */
enum { ST_EQUAL, ST_DEL, ST_INS };

/* ---- terminal ------------------------------------------------------------- */

/* Whether to colour: always, never, or auto (stdout is a terminal, NO_COLOR
 * is unset or empty, and TERM is set and not "dumb"). */
static int want_color(acc_cli *c, const char *when, int *color)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	int fd = fileno(c->out);

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
static size_t term_columns(acc_cli *c)
{
	const char *e = getenv("COLUMNS");
	struct winsize ws;
	int fd = fileno(c->out);

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

/* Writes a prepared buffer (already sanitised) to the output. */
static void put_raw(acc_cli *c, const acc_buf *b)
{
	if (b->size)
		fwrite(b->ptr, 1, b->size, c->out);
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
static int render_inline(acc_buf *o, const acc_diff *d, int color)
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
static int render_side(acc_buf *o, const acc_diff *d, int color, size_t cols, const char *lhead,
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

/* Prints formatted text, sanitised; when cols is not 0, each line
 * wrapped to cols columns (the side-by-side view fits the terminal). */
static void say(acc_cli *c, size_t cols, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);

static void say(acc_cli *c, size_t cols, const char *fmt, ...)
{
	acc_buf raw = ACC_BUF_INIT, o = ACC_BUF_INIT;
	atoms a = {0};
	lines l = {0};
	const char *p, *end;
	va_list ap;
	size_t i;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	if (rc < 0 || !raw.ptr)
		goto done;
	if (!cols) {
		out_printf(c, "%s", raw.ptr);
		goto done;
	}
	p = raw.ptr;
	end = p + raw.size;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		atoms_clear(&a);
		lines_clear(&l);
		if ((rc = atoms_text(&a, p, n, ST_EQUAL, 0)) == 0 &&
		    (rc = wrap(&l, &a, cols, 0)) == 0)
			for (i = 0; i < l.n && rc == 0; i++)
				if ((rc = acc_buf_puts(&o, l.v[i].s)) == 0 && (nl || i + 1 < l.n))
					rc = acc_buf_putc(&o, '\n');
		p += n + (nl != NULL);
	}
	if (rc == 0)
		put_raw(c, &o);
done:
	atoms_clear(&a);
	lines_clear(&l);
	free(a.v);
	free(l.v);
	acc_buf_free(&raw);
	acc_buf_free(&o);
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

		json_object_set_new(r, "op", js(op_name(d->runs[i].op)));
		json_object_set_new(r, "text", js(t ? t : ""));
		json_array_append_new(a, r);
		free(t);
	}
	return a;
}

/* Adds the diff's runs and totals to object j. */
static void diff_json(json_t *j, const acc_diff *d)
{
	json_object_set_new(j, "runs", runs_json(d));
	json_object_set_new(j, "deleted_bytes", json_integer((json_int_t)d->deleted_bytes));
	json_object_set_new(j, "inserted_bytes", json_integer((json_int_t)d->inserted_bytes));
	json_object_set_new(j, "changed_tokens", json_integer((json_int_t)d->changed_tokens));
}

/* ---- accord diff AMENDMENT ------------------------------------------------------- */

/* "Article 6 Heading [id]" for clause id of st (or "clause id" when absent). */
static char *clause_title(const acc_state *st, const char *id)
{
	const acc_clause *cl = acc_state_clause(st, id);

	if (!cl)
		return acc_sprintf("clause %s", id);
	return acc_sprintf("%s %s %s [%s]",
			   cl->word[0]	   ? cl->word
			   : cl->container ? "Part"
					   : "Article",
			   cl->number, cl->heading, cl->id);
}

/* Prints the header of an amendment's diff. */
static void amendment_header(acc_cli *c, const acc_state *st, const acc_amendment *a,
			     acc_against against, size_t w)
{
	char *title = clause_title(st, a->clause);
	const char *t = title ? title : a->clause;

	if (a->amends)
		say(c, w, "%s (%s): amends %s, its text for %s\n", a->id,
		    acc_status_name(a->status), a->amends, t);
	else if (a->op == ACC_OP_REPLACE)
		say(c, w, "%s (%s): replaces the text of %s\n", a->id, acc_status_name(a->status),
		    t);
	else if (a->op == ACC_OP_DELETE)
		say(c, w, "%s (%s): deletes %s\n", a->id, acc_status_name(a->status), t);
	else
		say(c, w, "%s (%s): inserts clause %s \"%s\" after %s\n", a->id,
		    acc_status_name(a->status), a->new_clause, a->heading, t);
	switch (against) {
	case ACC_AGAINST_CLAUSE:
		say(c, w, "compared with: the clause as it stands\n");
		break;
	case ACC_AGAINST_PARENT:
		say(c, w, "compared with: the text of %s as it stands\n", a->amends);
		break;
	case ACC_AGAINST_EMPTY:
		say(c, w, "compared with: nothing (the whole new clause)\n");
		break;
	case ACC_AGAINST_BASE:
		say(c, w, "compared with: the text it was drafted against (%.12s)\n", a->base);
		break;
	}
	free(title);
}

/* Shows one amendment as a word diff. */
static int diff_amendment(acc_cli *c, const char *id, const char *at, int fmt, int color)
{
	acc_state *st = NULL;
	const acc_amendment *a;
	acc_oid_hex rev;
	acc_against against;
	acc_diff d = {0};
	acc_buf o = ACC_BUF_INIT;
	char *old = NULL, *new = NULL, *rebased = NULL;
	size_t cols = term_columns(c);
	int rc, conflict = 0, stale;

	if ((rc = acc_id_check(id, "amendment")) < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, rev, c->ctx, at)) < 0)
		return out_fail(c, rc);
	if (!(a = acc_state_amendment(st, id))) {
		rc = acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
		goto done;
	}
	if ((rc = acc_ops_amendment_texts(&old, &new, &against, acc_ctx_store(c->ctx), st, a)) <
		0 ||
	    (rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
		goto done;
	stale = a->status == ACC_ST_STALE;
	if (stale &&
	    (rc = acc_ops_rebased_text(&rebased, &conflict, acc_ctx_store(c->ctx), st, a)) < 0)
		goto done;
	if (fmt == FMT_JSON) {
		static const char *const fields[] = {
		    "amendment", "clause", "operation", "status", "amends", "new_clause", NULL};
		json_t *j = acc_json_amendment_fields(json_object(), a, fields);

		json_object_set_new(j, "against", js(acc_against_name(against)));
		json_object_set_new(j, "base", js(a->base));
		json_object_set_new(j, "revision", js(rev));
		diff_json(j, &d);
		if (stale)
			json_object_set_new(j, "rebase", js(conflict ? "conflict" : "clean"));
		rc = out_json(c, j);
		goto done;
	}
	amendment_header(c, st, a, against, fmt == FMT_SIDE ? cols : 0);
	if (stale)
		say(c, fmt == FMT_SIDE ? cols : 0,
		    "stale: the text it amends has changed; `accord rebase %s` %s\n", a->id,
		    conflict ? "cannot merge it: its changes overlap the adopted text"
			     : "merges its changes cleanly onto the current text");
	out_printf(c, "\n");
	if (fmt == FMT_SIDE) {
		char *lh = against == ACC_AGAINST_BASE
			       ? acc_sprintf("drafted against %.12s", a->base)
			   : against == ACC_AGAINST_PARENT ? acc_sprintf("%s", a->amends)
			   : against == ACC_AGAINST_EMPTY  ? acc_strdup("(nothing)")
							   : acc_strdup("as it stands");

		rc = lh ? render_side(&o, &d, color, cols, lh, a->id) : ACC_ENOMEM;
		free(lh);
	} else {
		rc = render_inline(&o, &d, color);
	}
	if (rc == 0)
		put_raw(c, &o);
done:
	acc_buf_free(&o);
	acc_diff_free(&d);
	free(old);
	free(new);
	free(rebased);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* ---- accord diff --from REV --to REV [CLAUSE] ---------------------------------------- */

/* "Article 6 Heading [id]" of a clause. */
static char *title_of(const acc_clause *cl)
{
	return acc_sprintf("%s %s %s [%s]",
			   cl->word[0]	   ? cl->word
			   : cl->container ? "Part"
					   : "Article",
			   cl->number, cl->heading, cl->id);
}

/* Prints one changed clause of a comparison. */
static int print_change(acc_cli *c, const acc_clause_change *x, int fmt, int color, size_t cols)
{
	const acc_clause *cl = x->to ? x->to : x->from;
	const char *old = x->from ? x->from->text : "", *new = x->to ? x->to->text : "";
	char *title = title_of(cl);
	size_t w = fmt == FMT_SIDE ? cols : 0;
	int renumbered = x->from && x->to && strcmp(x->from->number, x->to->number) != 0;
	acc_diff d = {0};
	acc_buf o = ACC_BUF_INIT;
	int rc;

	if (!title)
		return ACC_ENOMEM;
	say(c, w, "\n%s: %s%s%s%s\n", acc_change_name(x->kind), title, renumbered ? " (was " : "",
	    renumbered ? x->from->number : "", renumbered ? ")" : "");
	free(title);
	if (x->from && x->to && strcmp(x->from->heading, x->to->heading) != 0) {
		if ((rc = acc_textdiff(&d, x->from->heading, strlen(x->from->heading),
				       x->to->heading, strlen(x->to->heading))) < 0)
			return rc;
		out_printf(c, "heading: ");
		rc = render_inline(&o, &d, color);
		if (rc == 0)
			put_raw(c, &o);
		acc_buf_clear(&o);
		acc_diff_free(&d);
		if (rc < 0)
			goto done;
	}
	if (x->kind == ACC_CHANGE_NONE || (!old[0] && !new[0]) || strcmp(old, new) == 0) {
		rc = 0;
		goto done;
	}
	if ((rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
		goto done;
	say(c, w, "\n");
	if (fmt == FMT_SIDE)
		rc = render_side(&o, &d, color, cols, "before", "after");
	else
		rc = render_inline(&o, &d, color);
	if (rc == 0)
		put_raw(c, &o);
done:
	acc_diff_free(&d);
	acc_buf_free(&o);
	return rc;
}

/* The JSON of one clause of a comparison. */
static json_t *change_json(const acc_clause_change *x, int *rc)
{
	json_t *j = json_object();
	const char *old = x->from ? x->from->text : "", *new = x->to ? x->to->text : "";
	acc_diff d = {0};

	json_object_set_new(j, "id", js(x->to ? x->to->id : x->from->id));
	json_object_set_new(j, "change", js(acc_change_name(x->kind)));
	json_object_set_new(j, "number_from", js(x->from ? x->from->number : NULL));
	json_object_set_new(j, "number_to", js(x->to ? x->to->number : NULL));
	json_object_set_new(j, "heading_from", js(x->from ? x->from->heading : NULL));
	json_object_set_new(j, "heading_to", js(x->to ? x->to->heading : NULL));
	if ((*rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) == 0)
		diff_json(j, &d);
	acc_diff_free(&d);
	return j;
}

/* Shows what changed between two revisions, clause by clause. */
static int diff_revisions(acc_cli *c, const char *from, const char *to, const char *clause, int fmt,
			  int color)
{
	acc_state *sf = NULL, *stt = NULL;
	acc_oid_hex fid, tid;
	acc_clause_change *v = NULL;
	size_t n = 0, i, counts[4] = {0, 0, 0, 0};
	json_t *arr = NULL;
	int rc;

	if (clause && acc_id_check(clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&sf, fid, c->ctx, from)) < 0 ||
	    (rc = acc_ops_state(&stt, tid, c->ctx, to)) < 0 ||
	    (rc = acc_brackets_inline_state(sf)) < 0 || /* the rolling texts */
	    (rc = acc_brackets_inline_state(stt)) < 0 ||
	    (rc = acc_history_compare(&v, &n, sf, stt)) < 0)
		goto done;
	if (clause) {
		for (i = 0; i < n; i++)
			if (strcmp((v[i].to ? v[i].to : v[i].from)->id, clause) == 0)
				break;
		if (i == n) {
			rc = acc_error_set(ACC_ENOTFOUND, "no clause '%s' at %.12s or %.12s",
					   clause, fid, tid);
			goto done;
		}
		v[0] = v[i];
		n = 1;
	}
	for (i = 0; i < n; i++)
		counts[v[i].kind]++;
	if (fmt == FMT_JSON) {
		json_t *j = json_object();

		arr = json_array();
		for (i = 0; i < n && rc == 0; i++)
			if (clause || v[i].kind != ACC_CHANGE_NONE)
				json_array_append_new(arr, change_json(&v[i], &rc));
		json_object_set_new(j, "from", js(fid));
		json_object_set_new(j, "to", js(tid));
		json_object_set_new(j, "amended",
				    json_integer((json_int_t)counts[ACC_CHANGE_AMENDED]));
		json_object_set_new(j, "inserted",
				    json_integer((json_int_t)counts[ACC_CHANGE_INSERTED]));
		json_object_set_new(j, "deleted",
				    json_integer((json_int_t)counts[ACC_CHANGE_DELETED]));
		json_object_set_new(j, "clauses", arr);
		if (rc < 0) {
			json_decref(j);
			goto done;
		}
		rc = out_json(c, j);
		goto done;
	}
	say(c, fmt == FMT_SIDE ? term_columns(c) : 0,
	    "changes from %.12s to %.12s: %zu amended, %zu inserted, %zu deleted\n", fid, tid,
	    counts[ACC_CHANGE_AMENDED], counts[ACC_CHANGE_INSERTED], counts[ACC_CHANGE_DELETED]);
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].kind == ACC_CHANGE_NONE && !clause)
			continue;
		rc = print_change(c, &v[i], fmt, color, term_columns(c));
	}
done:
	free(v);
	acc_state_free(sf);
	acc_state_free(stt);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord diff */
int acc_cmd_diff(acc_cli *c, int argc, char **argv)
{
	const char *when = NULL, *from = NULL, *to = NULL, *at = NULL, *lang = NULL;
	int rc, fmt = FMT_INLINE, color = 0, source = 0;
	size_t k;

	/* its own options, in order: the last of --format and --json wins */
	for (k = 0; k < c->nopts; k++) {
		int o = c->opts[k].opt;
		const char *arg = c->opts[k].arg;

		if (o == 'c') {
			when = arg ? arg : "always";
		} else if (o == 'f') {
			if (strcmp(arg, "inline") == 0)
				fmt = FMT_INLINE;
			else if (strcmp(arg, "side") == 0)
				fmt = FMT_SIDE;
			else if (strcmp(arg, "json") == 0)
				fmt = FMT_JSON;
			else
				return out_usage(c, "--format is inline, side or json, not '%s'",
						 arg);
		} else if (o == 'j') {
			fmt = FMT_JSON;
		} else if (o == 'F') {
			from = arg;
		} else if (o == 'T') {
			to = arg;
		} else if (o == 'A') {
			at = arg;
		} else if (o == 'L') {
			lang = arg;
		} else if (o == 'S') {
			source = 1;
		}
	}
	if (want_color(c, when, &color) < 0)
		return out_usage(c, "--color is auto, always or never, not '%s'", when);
	if (to && !from)
		return out_usage(c, "--to needs --from REV");
	if (source || lang) /* a translation's source changes (cmd_translate.c) */
		return acc_cli_diff_source(c, argc, argv, lang, fmt == FMT_JSON, color);
	if (from) {
		if (at)
			return out_usage(c, "--at goes with an amendment, not with --from/--to");
		if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
			return rc;
		return diff_revisions(c, from, to, optind < argc ? argv[optind] : NULL, fmt, color);
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	return diff_amendment(c, argv[optind], at, fmt, color);
}

int acc_cli_render_inline(acc_buf *o, const acc_diff *d, int color)
{
	return render_inline(o, d, color);
}

/* ---- accord rebase AMENDMENT ------------------------------------------------------- */

int acc_cmd_rebase(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	char *conflict = NULL;
	int rc;

	rc = acc_ops_rebase(commit, &conflict, c->ctx, argv[optind]);
	if (rc < 0) {
		if (conflict) {
			/* the conflict, for the sponsor to redraft from */
			out_printf(c, "%s", conflict);
			free(conflict);
		}
		return out_fail(c, rc);
	}
	out_printf(c, "rebased %s onto the current text (%.12s)\n", argv[optind], commit);
	return 0;
}

/* ---- accord blame CLAUSE ----------------------------------------------------------- */

/* The JSON of an origin. */
static json_t *origin_json(const acc_origin *g)
{
	json_t *j = json_object(), *co = json_array(), *t;
	size_t i;

	json_object_set_new(j, "origin",
			    js(g->kind == ACC_ORIGIN_ORIGINAL  ? "original"
			       : g->kind == ACC_ORIGIN_UNKNOWN ? "unknown"
			       : g->kind == ACC_ORIGIN_BRACKET ? "bracket"
							       : "amendment"));
	json_object_set_new(j, "amendment", js(g->amendment));
	json_object_set_new(j, "sponsor", js(g->sponsor));
	for (i = 0; i < g->cosponsors.count; i++)
		json_array_append_new(co, js(g->cosponsors.items[i]));
	json_object_set_new(j, "cosponsors", co);
	json_object_set_new(j, "via", js(g->via));
	if (g->kind == ACC_ORIGIN_AMENDMENT) {
		json_object_set_new(j, "ballot", js(g->ballot));
		json_object_set_new(j, "commit", js(g->commit));
		json_object_set_new(j, "time", json_integer(g->time));
		t = json_object();
		json_object_set_new(t, "yes", json_integer(g->yes));
		json_object_set_new(t, "no", json_integer(g->no));
		json_object_set_new(t, "abstain", json_integer(g->abstain));
		json_object_set_new(t, "absent", json_integer(g->absent));
		json_object_set_new(j, "tally", t);
	} else if (g->kind == ACC_ORIGIN_BRACKET) { /* its resolution's commit */
		json_object_set_new(j, "ballot", g->by_ballot ? js(g->ballot) : json_null());
		json_object_set_new(j, "commit", js(g->commit));
		json_object_set_new(j, "time", json_integer(g->time));
		json_object_set_new(j, "tally", json_null());
	} else {
		json_object_set_new(j, "ballot", json_null());
		json_object_set_new(j, "commit", json_null());
		json_object_set_new(j, "time", json_null());
		json_object_set_new(j, "tally", json_null());
	}
	return j;
}

/* Prints the line naming where a run of words came from. */
static void origin_text(acc_cli *c, const acc_origin *g)
{
	char date[32];
	size_t i;

	if (g->kind == ACC_ORIGIN_ORIGINAL) {
		out_printf(c, "original text\n");
		return;
	}
	if (g->kind == ACC_ORIGIN_UNKNOWN) {
		out_printf(c, "changed outside any adoption (origin unknown)\n");
		return;
	}
	out_date(date, sizeof(date), g->time);
	if (g->kind == ACC_ORIGIN_BRACKET) { /* option of a resolved bracket */
		out_printf(c, "bracket %s (opened by %s), option %u resolved by %s on %s (%.10s)\n",
			   g->amendment, g->sponsor, g->option,
			   g->by_ballot ? "ballot" : "consensus", date, g->commit);
		return;
	}
	out_printf(c, "%s (sponsor %s", g->amendment, g->sponsor);
	for (i = 0; i < g->cosponsors.count; i++)
		out_printf(c, "%s%s", i ? ", " : "; co-sponsors ", g->cosponsors.items[i]);
	if (g->via)
		out_printf(c,
			   "), adopted by ballot %s: %u yes, %u no, %u abstain (%.10s); into the "
			   "text with %s on %s (%.10s)\n",
			   g->amendment, g->yes, g->no, g->abstain, g->ballot, g->via, date,
			   g->commit);
	else
		out_printf(c, "), adopted by ballot %s on %s: %u yes, %u no, %u abstain (%.10s)\n",
			   g->amendment, date, g->yes, g->no, g->abstain, g->ballot);
}

/* Prints a run's text indented, line by line, without its outer spaces. */
static void run_text(acc_cli *c, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\n' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t'))
		len--;
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) : len;

		if (n)
			out_printf(c, "    %.*s\n", (int)n, s);
		else
			out_printf(c, "\n");
		s += n + (nl != NULL);
		len -= n + (nl != NULL);
	}
}

int acc_cmd_blame(acc_cli *c, int argc, char **argv)
{
	acc_blame *b = NULL;
	int rc;
	size_t i;

	if ((rc = acc_history_blame(&b, c->ctx, argv[optind], c->at)) < 0)
		return out_fail(c, rc);
	if (c->json) {
		json_t *j = json_object(), *runs = json_array();

		json_object_set_new(j, "clause", js(b->clause));
		json_object_set_new(j, "revision", js(b->revision));
		json_object_set_new(j, "text", js(b->text));
		json_object_set_new(j, "adoptions", json_integer((json_int_t)b->adoptions));
		for (i = 0; i < b->nruns; i++) {
			json_t *r = origin_json(&b->origins[b->runs[i].origin]);
			char *t = acc_strndup(b->text + b->runs[i].start, b->runs[i].len);

			json_object_set_new(r, "text", js(t ? t : ""));
			free(t);
			json_array_append_new(runs, r);
		}
		json_object_set_new(j, "runs", runs);
		rc = out_json(c, j);
	} else {
		size_t k;

		out_printf(c, "%s %s %s [%s] at %.12s\n", b->container ? "Part" : "Article",
			   b->number, b->heading, b->clause, b->revision);
		for (i = 0; i < b->nruns; i++) {
			const acc_blame_run *r = &b->runs[i];
			const char *s = b->text + r->start;

			for (k = 0; k < r->len && (s[k] == ' ' || s[k] == '\n'); k++)
				;
			if (k == r->len)
				continue; /* only blanks */
			out_printf(c, "\n");
			origin_text(c, &b->origins[r->origin]);
			run_text(c, s, r->len);
		}
	}
	acc_blame_free(b);
	return rc < 0 ? out_fail(c, rc) : 0;
}
