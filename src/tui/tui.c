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
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "accord/query.h"
#include "accord/record.h"
#include "accord/sanitize.h"
#include "app.h"

volatile sig_atomic_t tui_signalled;

/* Signals that end the interface cleanly (drafts kept, terminal given back). */
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NSTOP (sizeof(stop_signals) / sizeof(stop_signals[0]))
static struct sigaction old_actions[NSTOP];
/* Signals of a crash: the terminal is given back before the default action. */
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define NCRASH (sizeof(crash_signals) / sizeof(crash_signals[0]))
static struct sigaction old_crash[NCRASH];
static struct termios tty_saved; /* the terminal as it was before curses */
static volatile sig_atomic_t tty_saved_ok;

/* Milliseconds of the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Milliseconds of CPU this process used. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Records a stopping signal; the main loop ends at the next key. */
static void on_signal(int sig)
{
	tui_signalled = sig;
}

/* On a crash, gives the terminal back (async-signal-safe calls only:
 * leave the alternate screen, show the cursor, stop paste and mouse
 * reports, restore the modes), then hands the signal to the handler that
 * was there before (the default, or a sanitizer's report). */
static void on_crash(int sig)
{
	size_t i;
	static const char reset[] = "\033[?2004l\033[?1000l\033[?1006l\033[?1049l\033[?25h\r\n";
	ssize_t unused;

	if (tty_saved_ok) {
		unused = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
		(void)unused;
		tcsetattr(STDIN_FILENO, TCSANOW, &tty_saved);
	}
	for (i = 0; i < NCRASH; i++)
		if (crash_signals[i] == sig)
			sigaction(sig, &old_crash[i], NULL);
	raise(sig);
}

/* Installs the stopping handlers, without SA_RESTART so that a blocking
 * read returns at once, and the crash handlers.  Installed before curses
 * starts, so curses keeps them instead of its own.  A signal ignored at
 * start (nohup) stays ignored. */
static void signals_install(int tty)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSTOP; i++) {
		sigaction(stop_signals[i], NULL, &old_actions[i]);
		if (old_actions[i].sa_handler != SIG_IGN)
			sigaction(stop_signals[i], &sa, NULL);
	}
	tty_saved_ok = tty && tcgetattr(STDIN_FILENO, &tty_saved) == 0;
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < NCRASH; i++)
		sigaction(crash_signals[i], &sa, &old_crash[i]);
}

/* Puts the previous handlers back. */
static void signals_restore(void)
{
	size_t i;

	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &old_actions[i], NULL);
	for (i = 0; i < NCRASH; i++)
		sigaction(crash_signals[i], &old_crash[i], NULL);
	tty_saved_ok = 0;
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
	t->inbox_count = t->me_role >= 0 ? tui_inbox_count(t) : -1;
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
	tui_rows_clear(t);
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

/* Says on the message line what arrived from elsewhere since the log had
 * `before` rows: one action by its subject, several grouped by action and
 * ballot ("2 new votes on norland-2"). */
static void note_arrivals(tui *t, long long before)
{
	acc_log_entry *e = NULL;
	acc_buf b = ACC_BUF_INIT;
	long long after = 0;
	size_t n = 0, i, j, groups = 0;

	if (acc_index_log_count(t->ix, &after) < 0 || after <= before || after - before > 10000 ||
	    acc_index_log(t->ix, &e, &n, NULL, (size_t)(after - before)) < 0 || n == 0) {
		tui_message(t, "the convention changed: now at %.12s", t->head);
		return;
	}
	if (n == 1) {
		tui_message(t, "arrived: %s", e[0].subject);
		acc_log_free(e, n);
		return;
	}
	acc_buf_printf(&b, "arrived:");
	for (i = 0; i < n; i++) {
		const char *what = e[i].ballot[0] ? e[i].ballot : e[i].amendment;
		size_t k = 0;
		int seen = 0;

		for (j = 0; j < i && !seen; j++)
			seen = strcmp(e[j].action, e[i].action) == 0 &&
			       strcmp(e[j].ballot[0] ? e[j].ballot : e[j].amendment, what) == 0;
		if (seen)
			continue;
		for (j = i; j < n; j++)
			k += strcmp(e[j].action, e[i].action) == 0 &&
			     strcmp(e[j].ballot[0] ? e[j].ballot : e[j].amendment, what) == 0;
		if (++groups > 3) {
			acc_buf_printf(&b, " and more");
			break;
		}
		acc_buf_printf(&b, "%s %zu new %s%s%s%s", groups > 1 ? ";" : "", k,
			       e[i].action[0] ? e[i].action : "action", k > 1 ? "s" : "",
			       what[0] ? " on " : "", what);
	}
	tui_message(t, "%s", b.ptr ? b.ptr : "the convention changed");
	acc_buf_free(&b);
	acc_log_free(e, n);
}

/* Rereads the convention when it moved, saying what arrived. */
static int refresh_noting(tui *t)
{
	long long before = 0;

	if (t->ix)
		acc_index_log_count(t->ix, &before);
	if (!tui_refresh(t))
		return 0;
	note_arrivals(t, before);
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
	char right[96], inbox[32] = "";
	unsigned open = (unsigned)acc_query_open_ballots(t->counts, t->ratification_open);
	size_t rw, nb = tui_brackets_open(t);

	memset(&r, 0, sizeof(r));
	if (t->me_role >= 0 && t->inbox_count >= 0) /* i opens it */
		snprintf(inbox, sizeof(inbox), " %d in inbox,", t->inbox_count);
	if (nb) /* open brackets are counted only when there are some */
		snprintf(right, sizeof(right), "%s %zu open bracket%s, %u open ballot%s ", inbox,
			 nb, nb == 1 ? "" : "s", open, open == 1 ? "" : "s");
	else
		snprintf(right, sizeof(right), "%s %u open ballot%s ", inbox, open,
			 open == 1 ? "" : "s");
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

/* The message area: a prompt (with what was typed, up to byte upto of
 * it), a message, or a hint; wrapped, so a long question or error is read
 * whole. */
static int message_doc(tui *t, tui_doc *d, size_t upto)
{
	tui_flow f = {ACC_BUF_INIT, NULL, 0};
	int rc;

	if (t->prompt) {
		rc = flow_puts(&f, ST_HEADING, t->prompt);
		if (upto > t->input.size)
			upto = t->input.size;
		if (rc == 0 && t->prompt_line && upto)
			rc = flow_put(&f, ST_NORMAL, t->input.ptr, upto);
	} else if (t->msg) {
		rc = flow_puts(&f, t->msg_error ? ST_ERROR : ST_NORMAL, t->msg);
	} else {
		rc = tui_hint(t, &f, (size_t)COLS);
	}
	if (rc == 0)
		rc = flow_wrap(d, &f, (size_t)COLS, 0, LINK_NONE, NULL);
	flow_free(&f);
	return rc;
}

/* Paints the message area (at most 3 rows, the last ones) at the bottom;
 * returns the rows it took.  At a line prompt the text cursor goes where
 * the typing cursor is (found by laying out the text up to it). */
static int draw_message(tui *t)
{
	tui_doc d = {NULL, 0, 0}, upto = {NULL, 0, 0};
	int n, i, first;

	message_doc(t, &d, (size_t)-1);
	if (d.n == 0)
		doc_row(&d);
	n = d.n > 3 ? 3 : (int)d.n;
	first = (int)d.n - n;
	for (i = 0; i < n; i++)
		draw_row(LINES - n + i, 0, COLS, &d.rows[first + i], 0, NULL);
	if (t->prompt && t->prompt_line) {
		int row, col;

		message_doc(t, &upto, t->input_at);
		row = upto.n ? (int)upto.n - 1 - first : n - 1;
		col = upto.n ? (int)upto.rows[upto.n - 1].width : 0;
		if (row < 0)
			row = 0;
		if (row > n - 1)
			row = n - 1;
		move(LINES - n + row, col < COLS ? col : COLS - 1);
		curs_set(1);
		doc_clear(&upto);
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

	message_doc(t, &d, (size_t)-1);
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
	strike_clear();
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
	strike_flush(); /* deleted words struck through, where the terminal can */
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

/* Opens the comment threads of the clause or amendment on screen (all
 * from the contents). */
static void open_comments(tui *t)
{
	tui_view *top = view_top(t);
	const char *clause = NULL, *amendment = NULL;
	int rc;

	if (top->ops == &tui_amendment_ops)
		amendment = tui_target_amendment(t);
	else if (top->ops == &tui_clause_ops)
		clause = tui_target_clause(t);
	if ((rc = view_push(t, view_new(&tui_comments_ops, clause, amendment, NULL))) < 0)
		tui_error(t, rc, "cannot show the comments");
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
	case REQ_COMMENTS:
		open_comments(t);
		break;
	case REQ_NEXT_AMENDMENT:
	case REQ_PREV_AMENDMENT: /* nav.c */
		tui_next_amendment(t, req == REQ_NEXT_AMENDMENT ? 1 : -1);
		break;
	case REQ_INBOX: {
		int pushed = view_top(t)->ops == &tui_inbox_ops
				 ? 0
				 : view_push(t, view_new(&tui_inbox_ops, NULL, NULL, NULL));

		if (pushed < 0)
			tui_error(t, pushed, "cannot show the inbox");
		break;
	}
	case REQ_TREATY: {
		int pushed = view_push(t, view_new(&tui_treaty_ops, NULL, NULL, NULL));

		if (pushed < 0)
			tui_error(t, pushed, "cannot show the status of the convention");
		break;
	}
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
	case REQ_TRANSLATION: /* lang.c */
		tui_lang_side(t, v);
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
	/* a heading is no place for the cursor: a click there does nothing */
	if (v->links_only && !v->doc.rows[row].link)
		return;
	if ((size_t)row == v->cur || t->mouse_button == 2) {
		/* the row under the pointer, never another */
		if ((size_t)row != v->cur)
			view_goto(t, v, (size_t)row);
		if (v->cur == (size_t)row)
			handle(t, REQ_ENTER);
		return;
	}
	view_goto(t, v, (size_t)row);
}

/* Packs loose objects after actions, between keystrokes (a failure
 * only leaves them loose: said, never fatal). */
static void tidy(tui *t)
{
	if (!t->acted)
		return;
	t->acted = 0;
	if (acc_ops_tidy(t->ctx, NULL) < 0)
		tui_error(t, acc_error_code(), "the repository was not packed");
}

/* Notes how long the last key took, handled and painted (for
 * ACCORD_TUI_TIMING). */
static void key_timed(tui *t)
{
	char name[32];

	acc_buf_printf(&t->key_times, "accord: key %s: %.2f ms, CPU %.2f ms\n",
		       t->key_code == TK_TICK	 ? "(tick)"
		       : t->key_code == TK_MOUSE ? "(mouse)"
						 : tui_key_name(name, sizeof(name), t->key_code),
		       now_ms() - t->key_t0, cpu_ms() - t->key_cpu0);
	t->key_t0 = 0;
}

/* The main loop: paint, wait for a key, handle it. */
static void run(tui *t)
{
	int key;

	while (!t->quit) {
		tui_draw(t);
		if (t->timing && t->key_t0 > 0)
			key_timed(t);
		if (t->need_identity) {
			/* the first screen is up: now who is acting */
			find_identity(t);
			acc_store_release_maps(); /* what it read of the packs */
			t->identity_ms = now_ms() - t->t0;
			/* views mark "(you)": lay them out again, unless nobody was
			 * found (as they were laid out; only the bar changes) */
			if (t->me_role >= 0)
				invalidate_all(t);
			continue;
		}
		if (tui_getkey(t, &key) != TUI_KEY)
			break;
		t->key_t0 = now_ms();
		t->key_cpu0 = cpu_ms();
		t->key_code = key;
		if (key == TK_RESIZE) {
			tui_resized(t);
			continue;
		}
		if (key == TK_TICK) {
			/* a second without a key: show what others did meanwhile,
			 * and pack what our own actions wrote */
			refresh_noting(t);
			tidy(t);
			continue;
		}
		free(t->msg);
		t->msg = NULL;
		/* another delegate may have acted meanwhile: show the tip */
		refresh_noting(t);
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
		if (key & TK_PASTED) {
			tui_message(t, "pasted text is only text: paste it at a prompt or in the "
				       "editor (e); it never runs commands");
			continue;
		}
		if (key == TK_ESC && t->depth <= 1) {
			tui_message(
			    t, "Esc steps back one level: this is the first one (q or Q quits)");
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
	if (!t->scripted) {
		/* a read waits a second at most: new commits are shown live */
		wtimeout(stdscr, TUI_TICK_MS);
		/* bracketed paste: pasted text arrives between two sequences,
		 * so it can be told from typing (input.c flags it) */
		define_key("\033[200~", TUI_PASTE_BEGIN);
		define_key("\033[201~", TUI_PASTE_END);
		fputs("\033[?2004h", stdout);
		fflush(stdout);
	}
	curs_set(0);
	t->theme.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	draw_init(&t->theme, !(nc && nc[0]));
	t->theme.strike = strike_init(!t->scripted && t->theme.color && t->theme.utf8);
	t->mouse = !t->scripted && !(m && strcmp(m, "0") == 0);
	if (t->mouse) {
		/* SGR reports (mode 1006), whatever the terminfo entry says:
		 * any column of a wide terminal, press and release told
		 * apart; read by input.c */
		define_key("\033[<", TUI_MOUSE_SGR);
		fputs("\033[?1000h\033[?1006h", stdout);
		fflush(stdout);
	}
	return 0;
}

/* Ends curses and gives the terminal back as it was. */
static void screen_close(tui *t)
{
	if (t->screen) {
		if (!t->scripted) {
			fputs(t->mouse ? "\033[?1006l\033[?1000l\033[?2004l" : "\033[?2004l",
			      stdout);
			fflush(stdout);
		}
		endwin();
		strike_end();
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
	tui_open_threads(NULL, NULL);
	acc_state_free(t->st);
	acc_contents_free(t->contents);
	tui_rows_clear(t);
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
	acc_buf_free(&t->key_times);
	tui_history_free(t);
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
	int rc, cols = 80, lines = 24, sig, kept = 0;
	char *kept_error = NULL;
	const char *timing = getenv("ACCORD_TUI_TIMING");

	memset(&t, 0, sizeof(t));
	memset(&o, 0, sizeof(o));
	if (opts)
		o = *opts;
	t.t0 = now_ms();
	t.timing = timing && timing[0];
	t.me_role = -1;
	t.inbox_count = -1;
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
	signals_install(!t.scripted);
	if ((rc = screen_open(&t, cols, lines)) < 0)
		goto restore;
	if ((rc = open_views(&t, o.start)) < 0)
		goto restore;
	tui_drafts_offer(&t);
	run(&t);
	if (!tui_signalled)
		tidy(&t);
	/* however it ended (q, a signal, a closed terminal), no draft is lost */
	if ((kept = tui_drafts_keep(&t)) < 0)
		kept_error = acc_strdup(acc_error_last());
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
	if (t.key_times.size)
		fputs(t.key_times.ptr, stderr);
	if (kept > 0)
		fprintf(stderr,
			"accord: %d unsent draft%s kept in the convention's git directory "
			"(accord/drafts); accord tui offers %s again\n",
			kept, kept == 1 ? "" : "s", kept == 1 ? "it" : "them");
	if (kept_error) {
		fprintf(stderr, "accord: %s\n", kept_error);
		free(kept_error);
	}
	sig = tui_signalled;
	tui_free(&t);
	if (sig) {
		tui_signalled = 0;
		raise(sig);
	}
	return rc;
}
