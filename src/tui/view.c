/* view: the generic view engine (stack, layout, moving, links, painting). */
#define NCURSES_WIDECHAR 1
#include "view.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* Allocates a view with copies of its subject ids. */
tui_view *view_new(const tui_view_ops *ops, const char *clause, const char *amendment,
		   const char *arg)
{
	tui_view *v = acc_calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->ops = ops;
	if ((clause && !(v->clause = acc_strdup(clause))) ||
	    (amendment && !(v->amendment = acc_strdup(amendment))) ||
	    (arg && !(v->arg = acc_strdup(arg)))) {
		view_free(v);
		return NULL;
	}
	return v;
}

/* Frees a view, its data (through ops->free) and its pane. */
void view_free(tui_view *v)
{
	if (!v)
		return;
	if (v->ops->free)
		v->ops->free(v);
	view_free(v->preview);
	doc_clear(&v->doc);
	free(v->title);
	free(v->clause);
	free(v->amendment);
	free(v->arg);
	free(v->keep_id);
	free(v);
}

/* Sets the title bar text. */
int view_set_title(tui_view *v, const char *fmt, ...)
{
	va_list ap;
	acc_buf b = ACC_BUF_INIT;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return rc;
	free(v->title);
	v->title = acc_buf_detach(&b);
	return v->title ? 0 : ACC_ENOMEM;
}

/* Opens a view and puts it on the stack (the oldest above the contents goes when full). */
int view_push(tui *t, tui_view *v)
{
	int rc;

	if (!v)
		return ACC_ENOMEM;
	if (t->depth == TUI_MAX_VIEWS) {
		/* forget the oldest view above the contents */
		view_free(t->stack[1]);
		memmove(&t->stack[1], &t->stack[2], (size_t)(t->depth - 2) * sizeof(t->stack[0]));
		t->depth--;
	}
	rc = v->ops->open(t, v);
	/* what it read of the packs stays in the page cache, not in this
	 * process: a long session keeps its memory */
	acc_store_release_maps();
	if (rc < 0) {
		view_free(v);
		return rc;
	}
	t->stack[t->depth++] = v;
	return 0;
}

/* Closes the top view, never the contents. */
void view_pop(tui *t)
{
	if (t->depth > 1)
		view_free(t->stack[--t->depth]);
}

/* The view on top of the stack. */
tui_view *view_top(tui *t)
{
	return t->depth ? t->stack[t->depth - 1] : NULL;
}

/* The pane with the focus: the top view, or its text pane. */
tui_view *view_focus(tui *t)
{
	tui_view *v = view_top(t);

	if (v && v->preview && v->focus_preview && v->preview->width > 0)
		return v->preview;
	return v;
}

/* Forgets the layout so the next paint makes a new one. */
void view_invalidate(tui_view *v)
{
	v->width = 0;
	if (v->preview)
		view_invalidate(v->preview);
}

/* Keeps the cursor and the top row inside the document and the pane. */
static void clamp(tui_view *v)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	if (v->doc.n == 0) {
		v->cur = v->top = 0;
		return;
	}
	if (v->cur >= v->doc.n)
		v->cur = v->doc.n - 1;
	if (v->nocursor) {
		size_t maxtop = v->doc.n > h ? v->doc.n - h : 0;

		if (v->top > maxtop)
			v->top = maxtop;
		v->cur = v->top;
		return;
	}
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + h)
		v->top = v->cur - h + 1;
	/* no blank screen below the end */
	if (v->doc.n > h && v->top > v->doc.n - h)
		v->top = v->doc.n - h;
	if (v->doc.n <= h)
		v->top = 0;
}

/* In a view whose cursor rests on links only, moves it off a row that
 * links nowhere: to the nearest link in direction dir (1 or -1), else in
 * the other; left where it is when no row links. */
static void skip_headings(tui_view *v, int dir)
{
	size_t k, n = v->doc.n;
	int pass;

	if (!v->links_only || v->nocursor || v->cur >= n || v->doc.rows[v->cur].link)
		return;
	for (pass = 0; pass < 2; pass++, dir = -dir)
		for (k = 1; k < n; k++) {
			size_t i = dir > 0 ? v->cur + k : v->cur - k;

			if (dir > 0 ? i >= n : k > v->cur)
				break;
			if (v->doc.rows[i].link) {
				v->cur = i;
				return;
			}
		}
}

/* Whether a row shows changed (deleted or inserted) words. */
static int row_changed(const tui_row *r)
{
	size_t i;

	for (i = 0; i < r->len; i++)
		if (r->style[i] == ST_DEL || r->style[i] == ST_INS)
			return 1;
	return 0;
}

/* The first row of the first run of changed rows at or after from. */
static size_t next_change(const tui_doc *d, size_t from)
{
	size_t i;

	for (i = from; i < d->n; i++)
		if (row_changed(&d->rows[i]) && (i == 0 || !row_changed(&d->rows[i - 1])))
			return i;
	return d->n;
}

/* Lays the view out for a width, keeping the cursor on its link. */
int view_layout(tui *t, tui_view *v, int width)
{
	const tui_row *r;
	tui_link link = LINK_NONE;
	char *id = NULL;
	size_t i;
	int rc;

	if (v->width == width && width > 0)
		return 0;
	/* remember the link under the cursor, to find it again */
	if (v->keep_link) {
		link = v->keep_link;
		id = v->keep_id;
		v->keep_id = NULL;
		v->keep_link = LINK_NONE;
	} else if ((r = view_cursor_row(v)) && r->link && r->link_id && !v->nocursor) {
		link = r->link;
		id = acc_strdup(r->link_id);
	}
	doc_clear(&v->doc);
	rc = v->ops->layout(t, v, width < 1 ? 1 : width);
	v->width = width;
	if (link && id) {
		size_t best = v->cur;

		for (i = 0; i < v->doc.n; i++)
			if (v->doc.rows[i].link == link && v->doc.rows[i].link_id &&
			    strcmp(v->doc.rows[i].link_id, id) == 0) {
				/* the first row of the link, unless the cursor was within it */
				best = i;
				if (i >= v->cur)
					break;
			}
		if (best < v->doc.n && v->doc.rows[best].link == link)
			v->cur = best;
	}
	free(id);
	skip_headings(v, 1);
	if (v->want_para > 0) {
		char num[24];
		size_t nl = (size_t)snprintf(num, sizeof(num), "%d.", v->want_para);

		for (i = 0; i < v->doc.n; i++) {
			const tui_row *pr = view_row(t, v, i);
			const char *s = pr->text ? pr->text : "";

			s += strspn(s, " ");
			if (!strncmp(s, num, nl) && (s[nl] == ' ' || !s[nl])) {
				v->cur = i;
				v->top = i > 2 ? i - 2 : 0;
				break;
			}
		}
		if (i == v->doc.n) /* (nav.c said where it is) */
			tui_message(t, "%s: no paragraph %d in its text", v->title ? v->title : "",
				    v->want_para);
		v->want_para = 0;
	}
	if (v->want_change) {
		size_t first = next_change(&v->doc, 0);

		v->want_change = 0;
		if (first < v->doc.n) {
			v->cur = first;
			v->top = first > 2 ? first - 2 : 0;
		}
	}
	clamp(v);
	return rc;
}

/* Reopens every view after the convention changed. */
int view_reload_all(tui *t)
{
	int i, rc = 0;

	for (i = 0; i < t->depth; i++) {
		tui_view *v = t->stack[i];
		const tui_row *r = view_cursor_row(v);

		if (r && r->link && r->link_id && !v->keep_link) {
			v->keep_link = r->link;
			v->keep_id = acc_strdup(r->link_id);
		}
		if (v->ops->open(t, v) < 0 && rc == 0)
			rc = -1;
		view_invalidate(v);
	}
	return rc;
}

/* The row under the cursor. */
const tui_row *view_cursor_row(const tui_view *v)
{
	return v->cur < v->doc.n ? &v->doc.rows[v->cur] : NULL;
}

/* Row i, laid out by the view's fill first when it was left lazy. */
const tui_row *view_row(tui *t, tui_view *v, size_t i)
{
	tui_row *r = &v->doc.rows[i];

	if (r->lazy && v->fill) {
		r->lazy = 0;
		if (v->fill(t, v, i) < 0)
			tui_error(t, acc_error_code(), "cannot show this line");
	}
	return r;
}

/* Moves the cursor to a row, centring it when far. */
void view_goto(tui *t, tui_view *v, size_t i)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	if (v->doc.n == 0)
		return;
	if (i >= v->doc.n)
		i = v->doc.n - 1;
	if (v->nocursor) {
		v->top = i;
	} else {
		v->cur = i;
		/* a jump far away centres the row */
		if (i < v->top || i >= v->top + h)
			v->top = i > h / 2 ? i - h / 2 : 0;
	}
	clamp(v);
	if (v->ops->moved)
		v->ops->moved(t, v);
}

/* The moving requests (lines, pages, half pages, ends). */
int view_move(tui *t, tui_view *v, tui_request req)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1, n = v->doc.n;
	size_t old = v->cur, oldtop = v->top;
	size_t *pos = v->nocursor ? &v->top : &v->cur;

	if (n == 0)
		return req >= REQ_DOWN && req <= REQ_LAST;
	switch (req) {
	case REQ_DOWN:
		if (*pos + 1 < n)
			(*pos)++;
		break;
	case REQ_UP:
		if (*pos > 0)
			(*pos)--;
		break;
	case REQ_PAGE_DOWN:
	case REQ_HALF_DOWN: {
		size_t step = req == REQ_PAGE_DOWN ? h : (h + 1) / 2;

		if (v->nocursor) {
			v->top += step;
		} else {
			v->top = v->top + step < n ? v->top + step : v->top;
			v->cur = v->cur + step < n ? v->cur + step : n - 1;
		}
		break;
	}
	case REQ_PAGE_UP:
	case REQ_HALF_UP: {
		size_t step = req == REQ_PAGE_UP ? h : (h + 1) / 2;

		v->top = v->top > step ? v->top - step : 0;
		if (!v->nocursor)
			v->cur = v->cur > step ? v->cur - step : 0;
		break;
	}
	case REQ_FIRST:
		v->top = v->cur = 0;
		break;
	case REQ_LAST:
		v->cur = n - 1;
		v->top = n > h ? n - h : 0;
		break;
	default:
		return 0;
	}
	clamp(v);
	if (v->links_only && !v->nocursor && v->cur < n && !v->doc.rows[v->cur].link) {
		skip_headings(v, v->cur >= old ? 1 : -1);
		if (!v->doc.rows[v->cur].link)
			v->cur = old;
		clamp(v);
	}
	if ((old != v->cur || oldtop != v->top) && v->ops->moved)
		v->ops->moved(t, v);
	return 1;
}

/* Scrolls without moving the cursor more than needed (the wheel). */
void view_scroll(tui *t, tui_view *v, int delta)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1, old = v->cur;
	size_t maxtop = v->doc.n > h ? v->doc.n - h : 0;

	if (delta < 0)
		v->top = v->top > (size_t)-delta ? v->top - (size_t)-delta : 0;
	else
		v->top = v->top + (size_t)delta < maxtop ? v->top + (size_t)delta : maxtop;
	/* the cursor stays in sight */
	if (v->cur < v->top)
		v->cur = v->top;
	if (v->cur >= v->top + h)
		v->cur = v->top + h - 1;
	clamp(v);
	if (old != v->cur && v->ops->moved)
		v->ops->moved(t, v);
}

/* n and N: the next or previous row matching the search. */
int view_find(tui *t, tui_view *v, int dir)
{
	size_t n = v->doc.n, i, k;

	if (!t->terms || !t->terms[0]) {
		tui_message(t, "no search yet: press / to search");
		return 0;
	}
	for (k = 1; k <= n; k++) {
		i = dir > 0 ? (v->cur + k) % n : (v->cur + n - k % n) % n;
		if (row_matches(view_row(t, v, i), t->terms)) {
			if ((dir > 0 && i <= v->cur) || (dir < 0 && i >= v->cur))
				tui_message(t, "search wrapped around");
			view_goto(t, v, i);
			if (v->nocursor)
				v->cur = v->top;
			return 1;
		}
	}
	tui_message(t, "no line here matches '%s'", t->pattern);
	return 0;
}

/* Tab in one pane: the next link or change. */
int view_next_link(tui *t, tui_view *v)
{
	const tui_row *cur = view_cursor_row(v);
	size_t n = v->doc.n, k;

	if (!n)
		return 0;
	for (k = 1; k < n; k++) {
		size_t i = v->nocursor ? v->top + k : (v->cur + k) % n;
		const tui_row *r;

		if (i >= n)
			break;
		r = &v->doc.rows[i];
		if (row_changed(r) && (i == 0 || !row_changed(&v->doc.rows[i - 1]))) {
			view_goto(t, v, i);
			return 1;
		}
		if (v->nocursor || !r->link || !r->link_id)
			continue;
		if (cur && cur->link == r->link && cur->link_id &&
		    !strcmp(cur->link_id, r->link_id))
			continue;
		view_goto(t, v, i);
		return 1;
	}
	return 0;
}

/* Enter: opens the clause, amendment or action of the cursor row. */
int view_enter(tui *t, tui_view *v)
{
	const tui_row *r = view_cursor_row(v);
	tui_view *nv = NULL;
	char *id;
	int rc;

	if (!r || !r->link || !r->link_id)
		return 0;
	if (!(id = acc_strdup(r->link_id)))
		return ACC_ENOMEM;
	switch (r->link) {
	case LINK_CLAUSE:
		nv = view_new(&tui_clause_ops, id, NULL, NULL);
		break;
	case LINK_AMENDMENT:
		nv = view_new(&tui_amendment_ops, NULL, id, NULL);
		break;
	case LINK_COMMIT:
		nv = view_new(&tui_action_ops, v->clause, NULL, id);
		break;
	default:
		free(id);
		return 0;
	}
	free(id);
	if ((rc = view_push(t, nv)) < 0)
		tui_error(t, rc, "cannot open it");
	return 1;
}

/* Paints the title bar of a view on row y. */
static void draw_title(tui *t, tui_view *v, int y, int x, int w, int focused)
{
	char pos[48];
	tui_row r;
	size_t n = v->doc.n, shown = v->nocursor ? v->top + (size_t)v->height : v->cur + 1;
	size_t pw;

	memset(&r, 0, sizeof(r));
	if (shown > n)
		shown = n;
	if (n == 0)
		snprintf(pos, sizeof(pos), "empty ");
	else if (v->nocursor && n <= (size_t)v->height)
		snprintf(pos, sizeof(pos), "all %zu ", n);
	else
		snprintf(pos, sizeof(pos), "%zu/%zu %3zu%% ", shown, n, shown * 100 / n);
	pw = strlen(pos);
	row_printf(&r, ST_TITLE, "%s[%s] ", focused ? "" : " ", v->ops->name);
	if ((size_t)w > r.width + pw + 1)
		row_fit(&r, ST_TITLE, v->title ? v->title : "", (size_t)w - r.width - pw - 1, 0);
	row_pad(&r, (size_t)w > pw ? (size_t)w - pw : 0);
	row_put(&r, ST_TITLE, pos, pw);
	draw_row(y, x, w, &r, focused ? A_BOLD : 0, NULL);
	free(r.text);
	free(r.style);
	(void)t;
}

/* Paints a view in a rectangle, its title bar on the last row. */
void view_draw(tui *t, tui_view *v, int y, int x, int h, int w, int focused)
{
	int i;

	if (h < 1 || w < 1)
		return;
	v->height = h > 1 ? h - 1 : 1;
	v->py = y;
	v->px = x;
	if (view_layout(t, v, w) < 0 && !v->doc.n)
		tui_error(t, acc_error_code(), "cannot show this view");
	clamp(v);
	for (i = 0; i < v->height && i < h; i++) {
		size_t k = v->top + (size_t)i;
		int extra = 0;

		if (k >= v->doc.n) {
			move(y + i, x);
			attrset(A_NORMAL);
			for (int c = 0; c < w; c++)
				addch(' ');
			continue;
		}
		if (k == v->cur && !v->nocursor)
			extra = focused ? A_REVERSE : A_BOLD;
		draw_row(y + i, x, w, view_row(t, v, k), extra, t->terms);
	}
	if (h > 1)
		draw_title(t, v, y + h - 1, x, w, focused);
}

/* The view and row under a screen cell (for the mouse). */
int view_row_at(tui *t, int y, int x, tui_view **out)
{
	tui_view *top = view_top(t), *v = top;

	if (!top)
		return -1;
	if (top->preview && top->preview->width > 0 && x >= top->preview->px)
		v = top->preview;
	*out = v;
	if (y < v->py || y >= v->py + v->height)
		return -1;
	if (v->top + (size_t)(y - v->py) >= v->doc.n)
		return -1;
	return (int)(v->top + (size_t)(y - v->py));
}
