/* tui: the entry point, the terminal, the main loop and the screen frame. */
#define NCURSES_WIDECHAR 1
#include "accord/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "accord/query.h"
#include "accord/record.h"
#include "accord/sanitize.h"
#include "app.h"

volatile sig_atomic_t tui_signalled;

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction old_actions[3];

/* Milliseconds of the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Records a stopping signal; the main loop ends at the next key. */
static void on_signal(int sig)
{
	tui_signalled = sig;
}

/* Installs the stopping handlers, without SA_RESTART so that a blocking
 * read returns at once.  Installed before curses starts, so curses keeps
 * them instead of its own.  A signal ignored at start (nohup) stays
 * ignored. */
static void signals_install(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		sigaction(stop_signals[i], NULL, &old_actions[i]);
		if (old_actions[i].sa_handler != SIG_IGN)
			sigaction(stop_signals[i], &sa, NULL);
	}
}

/* Puts the previous handlers back. */
static void signals_restore(void)
{
	size_t i;

	for (i = 0; i < 3; i++)
		sigaction(stop_signals[i], &old_actions[i], NULL);
}

/* ---- messages ---------------------------------------------------------------- */

/* Shows a message (not an error) on the message line. */
void tui_message(tui *t, const char *fmt, ...)
{
	acc_buf b = ACC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	acc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(t->msg);
	t->msg = acc_buf_detach(&b);
	t->msg_error = 0;
}

/* Shows the last error on the message line, as a refusal or an error. */
void tui_error(tui *t, int code, const char *what)
{
	const char *m = acc_error_last();
	const char *kind = code == ACC_EREFUSED ? "refused" : "error";

	free(t->msg);
	if (what && m[0])
		t->msg = acc_sprintf("%s: %s: %s", kind, what, m);
	else
		t->msg = acc_sprintf("%s: %s", kind, m[0] ? m : what ? what : "unknown error");
	t->msg_error = 1;
}

/* ---- data from the index ----------------------------------------------------- */

/* The clause row of the index with that id. */
const acc_clause *tui_clause(tui *t, const char *id)
{
	size_t i;

	for (i = 0; id && i < t->nclauses; i++)
		if (strcmp(t->clauses[i].id, id) == 0)
			return &t->clauses[i];
	return NULL;
}

/* The amendment row of the index with that id: from the rows already
 * read, else read now and kept (the index has it in one lookup; the first
 * screen reads none). */
const acc_amendment_row *tui_amendment_row(tui *t, const char *id)
{
	acc_amendment_row *r = NULL, **nv;
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < t->narows; i++)
		if (strcmp(t->arows[i]->id, id) == 0)
			return t->arows[i];
	if (acc_index_amendment(t->ix, &r, id) < 0 ||
	    !(nv = acc_realloc(t->arows, (t->narows + 1) * sizeof(*nv)))) {
		/* not an amendment (or unreadable): as absent */
		acc_error_clear();
		acc_amendment_rows_free(r, r ? 1 : 0);
		return NULL;
	}
	/* a search can look up thousands: their texts are not kept */
	free(r->text);
	free(r->rationale);
	r->text = r->rationale = NULL;
	t->arows = nv;
	t->arows[t->narows++] = r;
	return r;
}

/* Forgets the amendment rows read so far. */
static void arows_clear(tui *t)
{
	size_t i;

	for (i = 0; i < t->narows; i++)
		acc_amendment_rows_free(t->arows[i], 1);
	free(t->arows);
	t->arows = NULL;
	t->narows = 0;
}

/* Finds who the actor is in the registry at head (the query layer reads
 * only orgs/, not the whole state), so it runs after the first paint
 * (see run). */
static void find_identity(tui *t)
{
	acc_query_who w;

	free(t->me_name);
	free(t->me_org);
	free(t->me_org_name);
	t->need_identity = 0;
	acc_query_who_at(&w, t->ctx, t->head, t->actor);
	t->me_name = w.name;
	t->me_org = w.org;
	t->me_org_name = w.org_name;
	t->me_role = w.role;
}

/* Reads what the first screen needs: the index (brought up to the tip),
 * the contents with counts of amendments per clause (no text, no
 * amendment row: texts and rows are read when a view shows them), the
 * convention record, the ratification ballot's status and who the actor
 * is.  The whole state is not loaded. */
static int load_index(tui *t)
{
	acc_query_header h;
	int rc;

	if ((rc = acc_ops_index(&t->ix, t->ctx)) < 0 || (rc = acc_index_head(t->ix, t->head)) < 0)
		return rc;
	acc_contents_free(t->contents);
	arows_clear(t);
	t->contents = NULL;
	t->clauses = NULL;
	t->ccounts = NULL;
	t->nclauses = 0;
	if ((rc = acc_index_contents(t->ix, &t->contents)) < 0)
		return rc;
	t->clauses = t->contents->clauses;
	t->nclauses = t->contents->n;
	t->ccounts = t->contents->counts;
	memcpy(t->counts, t->contents->totals, sizeof(t->counts));
	if ((rc = acc_query_header_at(&h, t->ctx, t->head)) < 0)
		return rc;
	free(t->title);
	free(t->short_title);
	t->title = h.title;
	t->short_title = h.short_title;
	t->ratification_open = h.ratification_open;
	t->need_identity = 1;
	return 0;
}

/* The whole state at head, loaded on first need. */
acc_state *tui_state(tui *t)
{
	acc_oid_hex at;
	int rc;

	if (t->st)
		return t->st;
	if ((rc = acc_ops_state(&t->st, at, t->ctx, t->head)) < 0) {
		tui_error(t, rc, "cannot read the convention");
		t->st = NULL;
	}
	return t->st;
}

/* Follows the branch: rereads the index and reloads the views when it moved. */
int tui_refresh(tui *t)
{
	acc_oid_hex head;
	int rc;

	if ((rc = acc_store_head(acc_ctx_store(t->ctx), head)) < 0) {
		tui_error(t, rc, "cannot read the branch");
		return 0;
	}
	if (strcmp(head, t->head) == 0)
		return 0;
	acc_state_free(t->st);
	t->st = NULL;
	if ((rc = load_index(t)) < 0) {
		tui_error(t, rc, "cannot read the index");
		return 0;
	}
	find_identity(t);
	view_reload_all(t);
	return 1;
}

/* Remembers the search words (lower case) for highlighting and n/N. */
int tui_set_pattern(tui *t, const char *pattern)
{
	size_t i, n = 0;
	const char *p;

	for (i = 0; t->terms && t->terms[i]; i++)
		free(t->terms[i]);
	free(t->terms);
	free(t->pattern);
	t->terms = NULL;
	if (!(t->pattern = acc_strdup(pattern)) ||
	    !(t->terms = acc_calloc(strlen(pattern) / 2 + 2, sizeof(*t->terms))))
		return ACC_ENOMEM;
	for (p = pattern; *p;) {
		size_t l;

		while (*p == ' ' || *p == '\t' || *p == '"')
			p++;
		l = strcspn(p, " \t\"");
		if (!l)
			break;
		if (!(t->terms[n] = acc_strndup(p, l)))
			return ACC_ENOMEM;
		for (i = 0; i < l; i++)
			if (t->terms[n][i] >= 'A' && t->terms[n][i] <= 'Z')
				t->terms[n][i] = (char)(t->terms[n][i] - 'A' + 'a');
		n++;
		p += l;
	}
	return 0;
}

/* ---- the screen frame ---------------------------------------------------- */

/* The top bar: convention, who you are, open ballots. */
static void draw_bar(tui *t)
{
	tui_row r;
	char right[64];
	unsigned open = (unsigned)acc_query_open_ballots(t->counts, t->ratification_open);
	size_t rw;

	memset(&r, 0, sizeof(r));
	snprintf(right, sizeof(right), " %u open ballot%s ", open, open == 1 ? "" : "s");
	rw = strlen(right);
	row_puts(&r, ST_BAR, " ");
	row_puts(&r, ST_BAR, t->short_title ? t->short_title : t->title ? t->title : "accord");
	row_puts(&r, ST_BAR, " | ");
	if (t->me_role >= 0) {
		acc_buf who = ACC_BUF_INIT;

		acc_buf_printf(&who, "%s, %s (%s)%s", t->me_name ? t->me_name : t->actor,
			       t->me_org_name ? t->me_org_name : t->me_org, t->me_org,
			       t->me_role == ACC_ROLE_CHAIR	 ? ", chair"
			       : t->me_role == ACC_ROLE_OBSERVER ? ", observer"
								 : "");
		if ((size_t)COLS > r.width + rw)
			row_fit(&r, ST_BAR, who.ptr, (size_t)COLS - r.width - rw, 0);
		acc_buf_free(&who);
	} else {
		acc_buf who = ACC_BUF_INIT;

		if (t->actor && t->need_identity)
			acc_buf_printf(&who, "%s (reading the registry)", t->actor);
		else if (t->actor)
			acc_buf_printf(&who, "%s: not a delegate, read only", t->actor);
		else
			acc_buf_puts(&who, "nobody (read only: give --as EMAIL)");
		if ((size_t)COLS > r.width + rw)
			row_fit(&r, ST_BAR, who.ptr, (size_t)COLS - r.width - rw, 0);
		acc_buf_free(&who);
	}
	row_pad(&r, (size_t)COLS > rw ? (size_t)COLS - rw : 0);
	row_puts(&r, ST_BAR, right);
	draw_row(0, 0, COLS, &r, 0, NULL);
	free(r.text);
	free(r.style);
}

/* The message area: a prompt (with what was typed), a message, or a
 * hint; wrapped, so a long question or error is read whole. */
static int message_doc(tui *t, tui_doc *d)
{
	tui_flow f = {ACC_BUF_INIT, NULL, 0};
	int rc;

	if (t->prompt) {
		rc = flow_puts(&f, ST_HEADING, t->prompt);
		if (rc == 0 && t->prompt_line && t->input.size)
			rc = flow_put(&f, ST_NORMAL, t->input.ptr, t->input.size);
	} else if (t->msg) {
		rc = flow_puts(&f, t->msg_error ? ST_ERROR : ST_NORMAL, t->msg);
	} else {
		rc = flow_puts(&f, ST_DIM,
			       "? help  Enter open  q back  / search  l history  : command");
	}
	if (rc == 0)
		rc = flow_wrap(d, &f, (size_t)COLS, 0, LINK_NONE, NULL);
	flow_free(&f);
	return rc;
}

/* Paints the message area (at most 3 rows, the last ones) at the bottom;
 * returns the rows it took. */
static int draw_message(tui *t)
{
	tui_doc d = {NULL, 0, 0};
	int n, i, first;

	message_doc(t, &d);
	if (d.n == 0)
		doc_row(&d);
	n = d.n > 3 ? 3 : (int)d.n;
	first = (int)d.n - n;
	for (i = 0; i < n; i++)
		draw_row(LINES - n + i, 0, COLS, &d.rows[first + i], 0, NULL);
	if (t->prompt && t->prompt_line) {
		const tui_row *last = &d.rows[d.n - 1];

		move(LINES - 1, last->width < (size_t)COLS ? (int)last->width : COLS - 1);
		curs_set(1);
	} else {
		curs_set(0);
	}
	doc_clear(&d);
	return n;
}

/* Rows the message area needs now. */
static int message_rows(tui *t)
{
	tui_doc d = {NULL, 0, 0};
	int n;

	message_doc(t, &d);
	n = d.n == 0 ? 1 : d.n > 3 ? 3 : (int)d.n;
	doc_clear(&d);
	return n;
}

/* The screen shown when the terminal is too small to be useful. */
static void draw_too_small(void)
{
	char size[64];
	int y = 0;

	snprintf(size, sizeof(size), "%dx%d, needs %dx%d", COLS, LINES, TUI_MIN_COLS,
		 TUI_MIN_LINES);
	erase();
	if (LINES > 2)
		y = LINES / 2 - 1;
	draw_text(y, 0, COLS, ST_HEADING, 0, "terminal too small", 0);
	if (y + 1 < LINES)
		draw_text(y + 1, 0, COLS, ST_NORMAL, 0, size, 0);
	if (y + 2 < LINES)
		draw_text(y + 2, 0, COLS, ST_DIM, 0, "enlarge it, or q to quit", 0);
}

/* Paints the frame: bar, views (two panes for the contents), message area. */
void tui_draw(tui *t)
{
	tui_view *top = view_top(t);
	int h;

	t->screen_lines = LINES;
	t->screen_cols = COLS;
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		draw_too_small();
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	erase();
	h = LINES - 1 - message_rows(t);
	draw_bar(t);
	if (top && top->preview && COLS >= 70) {
		int lw = COLS >= 120 ? 72 : COLS * 3 / 5, y;
		const tui_row *cr;

		view_draw(t, top, 1, 0, h, lw, !top->focus_preview);
		/* the pane beside shows what the cursor is on */
		cr = view_cursor_row(top);
		preview_show(t, top->preview, cr && cr->link_id ? cr->link_id : NULL);
		for (y = 1; y <= h; y++)
			draw_text(y, lw, 1, ST_DIM, 0, glyph_vline(), 0);
		view_draw(t, top->preview, 1, lw + 1, h, COLS - lw - 1, top->focus_preview);
	} else if (top) {
		if (top->preview) {
			top->focus_preview = 0;
			view_invalidate(top->preview);
			top->preview->px = COLS;
		}
		view_draw(t, top, 1, 0, h, COLS, 1);
	}
	draw_message(t);
	wnoutrefresh(stdscr);
	doupdate();
	if (t->first_paint == 0)
		t->first_paint = now_ms() - t->t0;
}

/* Makes every view lay itself out again at the next paint. */
static void invalidate_all(tui *t)
{
	int i;

	for (i = 0; i < t->depth; i++)
		view_invalidate(t->stack[i]);
}

/* The terminal changed size: lay everything out again, repaint all. */
void tui_resized(tui *t)
{
	invalidate_all(t);
	clearok(curscr, TRUE);
}

/* Writes the visible screen as text, one line a row, trailing blanks cut. */
int tui_dump(tui *t, const char *path)
{
	FILE *f = fopen(path, "w");
	wchar_t *w;
	int y, rc = 0;

	if (!f)
		return acc_error_set(ACC_ERROR, "cannot write the screen to %s: %s", path,
				     strerror(errno));
	if (!(w = acc_calloc((size_t)COLS + 1, sizeof(*w)))) {
		fclose(f);
		return ACC_ENOMEM;
	}
	for (y = 0; y < LINES; y++) {
		int n = mvinnwstr(y, 0, w, COLS), k;
		acc_buf line = ACC_BUF_INIT;

		for (k = 0; k < n; k++) {
			char u[4];

			acc_buf_put(&line, u, utf8_encode(u, (unsigned)w[k]));
		}
		while (line.size && line.ptr[line.size - 1] == ' ')
			line.size--;
		fprintf(f, "%.*s\n", (int)line.size, line.ptr ? line.ptr : "");
		acc_buf_free(&line);
	}
	free(w);
	if (fclose(f) != 0)
		rc = acc_error_set(ACC_ERROR, "cannot write the screen to %s", path);
	(void)t;
	return rc;
}

/* ---- requests -------------------------------------------------------------- */

/* Opens the help (or closes it when it is on top). */
static void open_help(tui *t)
{
	tui_view *top = view_top(t);

	if (top->ops == &tui_help_ops) {
		view_pop(t);
		return;
	}
	view_push(t, view_new(&tui_help_ops, NULL, NULL, NULL));
}

/* Opens the history: of the clause in a clause or amendment view, else of
 * the whole convention. */
static void open_history(tui *t)
{
	tui_view *top = view_top(t);
	const char *clause = NULL;
	int rc;

	if (top->ops == &tui_clause_ops || top->ops == &tui_amendment_ops)
		clause = tui_target_clause(t);
	if ((rc = view_push(t, view_new(&tui_log_ops, clause, NULL, NULL))) < 0)
		tui_error(t, rc, "cannot show the history");
}

/* Asks for words and opens the search results. */
static void open_search(tui *t)
{
	char *q = NULL;
	int rc;

	if (tui_readline(t, &q, "Search clauses and amendments: ", NULL) != 0)
		return;
	if (!q[0]) {
		/* an empty search clears the highlighting */
		free(q);
		if (t->pattern) {
			tui_set_pattern(t, "");
			tui_message(t, "search cleared");
		}
		return;
	}
	if ((rc = tui_set_pattern(t, q)) == 0)
		rc = view_push(t, view_new(&tui_search_ops, NULL, NULL, q));
	if (rc < 0)
		tui_error(t, rc, "cannot search");
	free(q);
}

/* Runs a command typed at the ':' prompt. */
static void open_prompt(tui *t)
{
	char *line = NULL;

	if (tui_readline(t, &line, ":", NULL) != 0)
		return;
	tui_command(t, line);
	free(line);
}

/* Handles one request: the focused view's own first, then the generic. */
static void handle(tui *t, tui_request req)
{
	tui_view *top = view_top(t), *v = view_focus(t);
	int rc;

	if (v->ops->request && (rc = v->ops->request(t, v, req)) != 0) {
		if (rc < 0)
			tui_error(t, rc, NULL);
		return;
	}
	if (v != top && top->ops->request && (rc = top->ops->request(t, top, req)) != 0) {
		if (rc < 0)
			tui_error(t, rc, NULL);
		return;
	}
	if (view_move(t, v, req))
		return;
	switch (req) {
	case REQ_ENTER:
		if (!view_enter(t, v))
			tui_message(t, "nothing to open on this line");
		break;
	case REQ_BACK:
		if (t->depth > 1)
			view_pop(t);
		else
			t->quit = 1;
		break;
	case REQ_QUIT:
		t->quit = 1;
		break;
	case REQ_HELP:
		open_help(t);
		break;
	case REQ_HISTORY:
		open_history(t);
		break;
	case REQ_SEARCH:
		open_search(t);
		break;
	case REQ_FIND_NEXT:
	case REQ_FIND_PREV:
		view_find(t, v, req == REQ_FIND_NEXT ? 1 : -1);
		break;
	case REQ_PROMPT:
		open_prompt(t);
		break;
	case REQ_REFRESH:
		clearok(curscr, TRUE);
		if (!tui_refresh(t))
			tui_message(t, "up to date at %.12s", t->head);
		else
			tui_message(t, "reread the convention at %.12s", t->head);
		break;
	case REQ_DIFF_MODE: {
		t->side_by_side = !t->side_by_side;
		invalidate_all(t);
		tui_message(t, "changes shown %s", t->side_by_side ? "side by side" : "inline");
		break;
	}
	case REQ_LANG: /* lang.c */
		tui_lang_next(t);
		invalidate_all(t);
		break;
	case REQ_NEXT_PANE:
		if (!view_next_link(t, v))
			tui_message(t, "nothing to go to in this view");
		break;
	default:
		if (!tui_action(t, req))
			tui_message(t, "nothing to do here");
		break;
	}
}

/* Handles the last mouse event: the wheel scrolls, a click selects, a
 * click on the selected line (or a double click) opens it. */
static void handle_mouse(tui *t)
{
	tui_view *v = NULL, *top = view_top(t);
	int row;

	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES)
		return;
	row = view_row_at(t, t->mouse_y, t->mouse_x, &v);
	if (!v)
		return;
	if (t->mouse_button == 4 || t->mouse_button == 5) {
		view_scroll(t, v, t->mouse_button == 4 ? -3 : 3);
		return;
	}
	if (top->preview)
		top->focus_preview = v == top->preview;
	if (row < 0 || v->nocursor)
		return;
	if ((size_t)row == v->cur || t->mouse_button == 2) {
		handle(t, REQ_ENTER);
		return;
	}
	view_goto(t, v, (size_t)row);
}

/* The main loop: paint, wait for a key, handle it. */
static void run(tui *t)
{
	int key;

	while (!t->quit) {
		tui_draw(t);
		if (t->need_identity) {
			/* the first screen is up: now who is acting */
			find_identity(t);
			t->identity_ms = now_ms() - t->t0;
			/* views mark "(you)": lay them out again, unless nobody was
			 * found (as they were laid out; only the bar changes) */
			if (t->me_role >= 0)
				invalidate_all(t);
			continue;
		}
		if (tui_getkey(t, &key) != TUI_KEY)
			break;
		if (key == TK_RESIZE) {
			tui_resized(t);
			continue;
		}
		free(t->msg);
		t->msg = NULL;
		/* another delegate may have acted meanwhile: show the tip */
		if (tui_refresh(t))
			tui_message(t, "the convention changed: now at %.12s", t->head);
		if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
			/* only quitting makes sense on the small screen */
			tui_request req = tui_key_request(key);

			if (req == REQ_BACK || req == REQ_QUIT)
				t->quit = 1;
			continue;
		}
		if (key == TK_MOUSE) {
			handle_mouse(t);
			continue;
		}
		{
			tui_request req = tui_key_request(key);
			char name[32];

			if (req == REQ_NONE)
				tui_message(t, "%s does nothing here (? for help)",
					    tui_key_name(name, sizeof(name), key));
			else
				handle(t, req);
		}
	}
}

/* Prints the key table as text or roff. */
void acc_tui_print_keys(FILE *out, int roff)
{
	const tui_key_entry *e;
	size_t n, i, k;

	e = tui_key_table(&n);
	for (i = 0; i < n; i++) {
		acc_buf keys = ACC_BUF_INIT;

		if (e[i].req == REQ_NONE) {
			fprintf(out, roff ? ".SS %s\n" : "\n%s\n", e[i].name);
			continue;
		}
		for (k = 0; k < TK_MAX_KEYS && e[i].keys[k]; k++) {
			char name[32];

			acc_buf_printf(&keys, "%s%s", k ? ", " : "",
				       tui_key_name(name, sizeof(name), e[i].keys[k]));
		}
		if (roff) {
			const char *p;

			fputs(".TP\n.B ", out);
			for (p = keys.ptr; p && *p; p++)
				fputs(*p == '\\'  ? "\\e"
				      : *p == '-' ? "\\-"
						  : (char[2]){*p, 0},
				      out);
			fprintf(out, "\n%s\n", e[i].help);
		} else {
			fprintf(out, "  %-24s %s\n", keys.ptr ? keys.ptr : "", e[i].help);
		}
		acc_buf_free(&keys);
	}
}

/* ---- start and end -------------------------------------------------------- */

/* Opens the convention with the actor, the commit date and the key, as
 * the query layer decides them for both faces. */
static int open_ctx(tui *t, const char *as, const char *key)
{
	int rc;

	if ((rc = acc_query_open(&t->ctx, t->dir, as, key)) < 0)
		return rc;
	if (acc_ctx_actor(t->ctx) && !(t->actor = acc_strdup(acc_ctx_actor(t->ctx))))
		return ACC_ENOMEM;
	return 0;
}

/* Starts curses: on the terminal, or in memory (output to /dev/null) for
 * a key script, at a fixed size. */
static int screen_open(tui *t, int cols, int lines)
{
	const char *nc = getenv("NO_COLOR"), *m = getenv("ACCORD_TUI_MOUSE");
	SCREEN *s = NULL;

	if (t->scripted) {
		const char *term = getenv("TERM");

		if (!(t->scr_out = fopen("/dev/null", "w")) ||
		    !(t->scr_in = fopen("/dev/null", "r")))
			return acc_error_set(ACC_ERROR, "cannot open /dev/null: %s",
					     strerror(errno));
		if (term && term[0] && strcmp(term, "dumb") != 0)
			s = newterm(term, t->scr_out, t->scr_in);
		if (!s)
			s = newterm("vt100", t->scr_out, t->scr_in);
	} else {
		/* the window's size, even when LINES or COLUMNS are exported */
		use_tioctl(TRUE);
		s = newterm(NULL, stdout, stdin);
	}
	if (!s)
		return acc_error_set(ACC_EUSAGE, "cannot start the terminal (TERM=%s)",
				     getenv("TERM") ? getenv("TERM") : "");
	t->screen = s;
	set_term(s);
	if (t->scripted)
		resizeterm(lines, cols);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	t->theme.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	draw_init(&t->theme, !(nc && nc[0]));
	t->mouse = !t->scripted && !(m && strcmp(m, "0") == 0);
	if (t->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
			      BUTTON5_PRESSED,
			  NULL);
		mouseinterval(200);
	}
	return 0;
}

/* Ends curses and gives the terminal back as it was. */
static void screen_close(tui *t)
{
	if (t->screen) {
		endwin();
		delscreen(t->screen);
		t->screen = NULL;
	}
	if (t->scr_out)
		fclose(t->scr_out);
	if (t->scr_in)
		fclose(t->scr_in);
	t->scr_out = t->scr_in = NULL;
}

/* Frees everything the interface holds. */
static void tui_free(tui *t)
{
	size_t i;

	while (t->depth > 0)
		view_free(t->stack[--t->depth]);
	acc_state_free(t->st);
	acc_contents_free(t->contents);
	arows_clear(t);
	acc_ctx_free(t->ctx);
	tui_script_free(t->script);
	for (i = 0; t->terms && t->terms[i]; i++)
		free(t->terms[i]);
	free(t->terms);
	free(t->pattern);
	free(t->title);
	free(t->short_title);
	free(t->actor);
	free(t->me_name);
	free(t->me_org);
	free(t->me_org_name);
	free(t->msg);
	free(t->prompt);
	free(t->script_error);
	acc_buf_free(&t->input);
}

/* Parses "COLSxLINES". */
static void parse_size(int *cols, int *lines, const char *s)
{
	int c = 0, l = 0;

	if (s && sscanf(s, "%dx%d", &c, &l) == 2 && c > 0 && l > 0 && c < 1000 && l < 1000) {
		*cols = c;
		*lines = l;
	}
}

/* Checks that start names a clause or an amendment. */
static int check_start(tui *t, const char *start)
{
	acc_buf safe = ACC_BUF_INIT;

	if (!start || !start[0] || tui_clause(t, start) || tui_amendment_row(t, start))
		return 0;
	acc_sanitize(&safe, start, strlen(start), 0);
	acc_error_set(ACC_ENOTFOUND, "no clause or amendment '%s'", safe.ptr ? safe.ptr : "");
	acc_buf_free(&safe);
	return ACC_ENOTFOUND;
}

/* Opens the first view: the contents, then the start id when given. */
static int open_views(tui *t, const char *start)
{
	tui_view *toc;
	int rc;

	if ((rc = view_push(t, view_new(&tui_toc_ops, NULL, NULL, NULL))) < 0)
		return rc;
	if (!start || !start[0])
		return 0;
	if (tui_clause(t, start)) {
		/* the contents' cursor on it, then the clause itself */
		toc = view_top(t);
		free(toc->keep_id);
		toc->keep_link = LINK_CLAUSE;
		toc->keep_id = acc_strdup(start);
		return view_push(t, view_new(&tui_clause_ops, start, NULL, NULL));
	}
	return view_push(t, view_new(&tui_amendment_ops, NULL, start, NULL));
}

/* Runs the interface (see accord/tui.h). */
int acc_tui_main(const char *dir, const char *as, const acc_tui_options *opts)
{
	acc_tui_options o;
	tui t;
	int rc, cols = 80, lines = 24, sig;
	const char *timing = getenv("ACCORD_TUI_TIMING");

	memset(&t, 0, sizeof(t));
	memset(&o, 0, sizeof(o));
	if (opts)
		o = *opts;
	t.t0 = now_ms();
	t.me_role = -1;
	t.dir = dir ? dir : ".";
	t.key_opt = o.key && o.key[0] ? o.key : NULL;
	t.run = o.run;
	t.commands = o.commands;
	if (!o.script)
		o.script = getenv("ACCORD_TUI_SCRIPT");
	if (!o.dump)
		o.dump = getenv("ACCORD_TUI_DUMP");
	if (o.script && !o.script[0])
		o.script = NULL;
	t.dump_path = o.dump && o.dump[0] ? o.dump : NULL;
	t.scripted = o.script != NULL;
	parse_size(&cols, &lines, getenv("ACCORD_TUI_SIZE"));
	if (o.cols > 0 && o.lines > 0) {
		cols = o.cols;
		lines = o.lines;
	}
	setlocale(LC_ALL, "");
	tui_signalled = 0;
	if ((t.scripted && (rc = tui_script_load(&t.script, o.script)) < 0) ||
	    (!t.scripted && (rc = tui_check_terminal()) < 0) ||
	    (rc = open_ctx(&t, as, o.key)) < 0 || (rc = load_index(&t)) < 0 ||
	    (rc = check_start(&t, o.start)) < 0)
		goto done;
	signals_install();
	if ((rc = screen_open(&t, cols, lines)) < 0)
		goto restore;
	if ((rc = open_views(&t, o.start)) < 0)
		goto restore;
	run(&t);
	rc = 0;
	if (t.dump_path) {
		tui_draw(&t);
		if ((rc = tui_dump(&t, t.dump_path)) < 0)
			goto restore;
	}
	if (t.script_error)
		rc = acc_error_set(ACC_EUSAGE, "%s", t.script_error);
restore:
	screen_close(&t);
	signals_restore();
done:
	if (timing && timing[0] && t.first_paint > 0)
		fprintf(stderr, "accord: first screen in %.1f ms, who you are in %.1f ms\n",
			t.first_paint, t.identity_ms);
	sig = tui_signalled;
	tui_free(&t);
	if (sig) {
		tui_signalled = 0;
		raise(sig);
	}
	return rc;
}
