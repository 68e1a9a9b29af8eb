/*
 * input: keys from the keyboard, or from a key script (the test mode).
 *
 * A key script is UTF-8 text, read line by line:
 *
 *   # a comment              ignored, as are empty lines
 *   jj<Enter>                keys: each character is a key, <Name> a
 *                            named key (the names of the help screen:
 *                            <Enter> <Esc> <Tab> <Space> <Up> <Down>
 *                            <Left> <Right> <PgUp> <PgDn> <Home> <End>
 *                            <Backspace> <Del> <F1> <C-a>..<C-z>, and <LT>
 *                            for '<'); the end of the line is not a key
 *   @dump FILE               write the screen as it is now to FILE
 *   @resize COLSxLINES       resize the screen (as the terminal would)
 *   @click COL ROW           a mouse click at a cell (0-based)
 *   @wheel up|down COL ROW   a turn of the mouse wheel
 *   @tick                    a second without a key (new commits are
 *                            looked for, as the terminal does when idle)
 *   @paste KEYS              keys (as above) arriving as a bracketed
 *                            paste: text, never commands
 *
 * The end of the script is the end of input: the interface quits.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "accord/sanitize.h"
#include "app.h"

typedef enum { ITEM_KEY, ITEM_DUMP, ITEM_RESIZE, ITEM_MOUSE } item_kind;

typedef struct {
	item_kind kind;
	int key;
	int a, b, c; /* resize: cols, lines; mouse: col, row, button */
	char *arg;   /* dump: the file */
} script_item;

struct tui_script {
	script_item *items;
	size_t n, alloc, pos;
};

/* Frees a key script. */
void tui_script_free(tui_script *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->items[i].arg);
	free(s->items);
	free(s);
}

/* Appends an item. */
static script_item *add_item(tui_script *s, item_kind kind)
{
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 64;
		script_item *ni = acc_realloc(s->items, na * sizeof(*ni));

		if (!ni)
			return NULL;
		s->items = ni;
		s->alloc = na;
	}
	memset(&s->items[s->n], 0, sizeof(s->items[0]));
	s->items[s->n].kind = kind;
	return &s->items[s->n++];
}

/* Reports a bad line of the script. */
static int bad_line(const char *path, unsigned line, const char *what, const char *text)
{
	acc_buf safe = ACC_BUF_INIT;

	acc_sanitize(&safe, text, strlen(text), 0);
	acc_error_set(ACC_EUSAGE, "%s:%u: %s '%s'", path, line, what, safe.ptr ? safe.ptr : "");
	acc_buf_free(&safe);
	return ACC_EUSAGE;
}

/* Parses one directive line (after '@'). */
static int parse_directive(tui_script *s, const char *path, unsigned ln, char *l)
{
	script_item *it;
	char word[16], arg[16];
	int a, b;

	if (strncmp(l, "dump ", 5) == 0 && l[5]) {
		if (!(it = add_item(s, ITEM_DUMP)) || !(it->arg = acc_strdup(l + 5)))
			return ACC_ENOMEM;
		return 0;
	}
	if (sscanf(l, "resize %dx%d", &a, &b) == 2 && a > 0 && b > 0 && a < 1000 && b < 1000) {
		if (!(it = add_item(s, ITEM_RESIZE)))
			return ACC_ENOMEM;
		it->a = a;
		it->b = b;
		return 0;
	}
	if (sscanf(l, "click %d %d", &a, &b) == 2 && a >= 0 && b >= 0) {
		if (!(it = add_item(s, ITEM_MOUSE)))
			return ACC_ENOMEM;
		it->a = a;
		it->b = b;
		it->c = 1;
		return 0;
	}
	if (sscanf(l, "wheel %15s %d %d", arg, &a, &b) == 3 && a >= 0 && b >= 0 &&
	    (strcmp(arg, "up") == 0 || strcmp(arg, "down") == 0)) {
		if (!(it = add_item(s, ITEM_MOUSE)))
			return ACC_ENOMEM;
		it->a = a;
		it->b = b;
		it->c = arg[0] == 'u' ? 4 : 5;
		return 0;
	}
	if (strcmp(l, "tick") == 0) {
		if (!(it = add_item(s, ITEM_KEY)))
			return ACC_ENOMEM;
		it->key = TK_TICK;
		return 0;
	}
	if (strncmp(l, "paste ", 6) == 0) {
		const char *k = l + 6;

		while (*k) {
			int key;
			size_t n = tui_key_parse(&key, k);

			if (!n)
				return bad_line(path, ln, "unknown key in paste", k);
			if (!(it = add_item(s, ITEM_KEY)))
				return ACC_ENOMEM;
			it->key = key | TK_PASTED;
			k += n;
		}
		return 0;
	}
	snprintf(word, sizeof(word), "@%.*s", (int)strcspn(l, " "), l);
	return bad_line(path, ln, "unknown directive", word);
}

/* Reads and parses a key script (errors name the line). */
int tui_script_load(tui_script **out, const char *path)
{
	tui_script *s = acc_calloc(1, sizeof(*s));
	char *data = NULL, *p, *l;
	size_t len = 0;
	unsigned ln = 0;
	int rc;

	*out = NULL;
	if (!s)
		return ACC_ENOMEM;
	if ((rc = acc_file_read(&data, &len, path, 1u << 20)) < 0)
		goto fail;
	if (!acc_utf8_valid(data, len, NULL)) {
		rc = acc_error_set(ACC_EUSAGE, "%s: the key script is not UTF-8", path);
		goto fail;
	}
	for (p = data; p && *p; p = l) {
		char *nl = strchr(p, '\n'), *k;

		l = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		ln++;
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (!p[0] || p[0] == '#')
			continue;
		if (p[0] == '@') {
			if ((rc = parse_directive(s, path, ln, p + 1)) < 0)
				goto fail;
			continue;
		}
		for (k = p; *k;) {
			script_item *it;
			int key;
			size_t n = tui_key_parse(&key, k);

			if (!n) {
				char name[40];

				snprintf(name, sizeof(name), "%.*s", (int)strcspn(k, ">") + 1, k);
				rc = bad_line(path, ln, "unknown key", name);
				goto fail;
			}
			if (!(it = add_item(s, ITEM_KEY))) {
				rc = ACC_ENOMEM;
				goto fail;
			}
			it->key = key;
			k += n;
		}
	}
	free(data);
	*out = s;
	return 0;
fail:
	free(data);
	tui_script_free(s);
	return rc;
}

/* The next key of the script, carrying out directives on the way. */
static int script_key(tui *t, int *key)
{
	tui_script *s = t->script;

	while (s->pos < s->n) {
		script_item *it = &s->items[s->pos++];

		switch (it->kind) {
		case ITEM_KEY:
			*key = it->key;
			return TUI_KEY;
		case ITEM_DUMP:
			tui_draw(t);
			if (tui_dump(t, it->arg) < 0 && !t->script_error)
				t->script_error = acc_strdup(acc_error_last());
			break;
		case ITEM_RESIZE:
			resizeterm(it->b, it->a);
			tui_resized(t);
			tui_draw(t);
			break;
		case ITEM_MOUSE:
			t->mouse_x = it->a;
			t->mouse_y = it->b;
			t->mouse_button = it->c;
			*key = TK_MOUSE;
			return TUI_KEY;
		}
	}
	return TUI_END;
}

static double now_ms(void);

/* Reads the last mouse event; 0 when it is not one we use. */
static int read_mouse(tui *t)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return 0;
	t->mouse_x = ev.x;
	t->mouse_y = ev.y;
	if (ev.bstate & BUTTON4_PRESSED)
		t->mouse_button = 4;
	else if (ev.bstate & BUTTON5_PRESSED)
		t->mouse_button = 5;
	else if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		t->mouse_button = 2;
	else if (ev.bstate & BUTTON1_CLICKED)
		t->mouse_button = 1;
	else
		return 0;
	return 1;
}

/* Reads the rest of an SGR mouse report (after ESC [ <): "B;X;Y" then M
 * (a press) or m (a release), coordinates from 1 and without the 223
 * column limit of the old encoding.  A left press is a click (a double
 * click when it follows one on the same cell within TUI_DOUBLE_MS); the
 * wheel scrolls; 0 for what the interface does not use. */
static int read_sgr_mouse(tui *t)
{
	static double last_ms;
	static int last_x = -1, last_y = -1;
	long v[3] = {0, 0, 0};
	int i = 0, digits = 0, n;
	wint_t wc;
	double now;

	for (n = 0; n < 32; n++) {
		if (wget_wch(stdscr, &wc) == ERR)
			return 0;
		if (wc >= '0' && wc <= '9' && v[i] < 100000) {
			v[i] = v[i] * 10 + (long)(wc - '0');
			digits++;
		} else if (wc == ';' && i < 2 && digits) {
			i++;
			digits = 0;
		} else if ((wc == 'M' || wc == 'm') && i == 2 && digits) {
			break;
		} else {
			return 0;
		}
	}
	if (n == 32 || wc == 'm' || (v[0] & 32) || v[1] < 1 || v[2] < 1)
		return 0; /* releases and motion say nothing more */
	t->mouse_x = (int)v[1] - 1;
	t->mouse_y = (int)v[2] - 1;
	if (v[0] == 64 || v[0] == 65) {
		t->mouse_button = v[0] == 64 ? 4 : 5;
		return 1;
	}
	if ((v[0] & 3) != 0)
		return 0;
	now = now_ms();
	t->mouse_button =
	    last_x == t->mouse_x && last_y == t->mouse_y && now - last_ms < TUI_DOUBLE_MS ? 2 : 1;
	/* a third press starts again */
	last_ms = t->mouse_button == 2 ? 0 : now;
	last_x = t->mouse_x;
	last_y = t->mouse_y;
	return 1;
}

/* Whether the terminal is gone (hung up, closed): then reads fail for
 * ever, and curses may even report resizes for ever. */
static int tty_gone(void)
{
	struct pollfd p;
	struct termios tio;

	p.fd = STDIN_FILENO;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return 1;
	return tcgetattr(STDIN_FILENO, &tio) < 0 && errno != EINTR;
}

/* Milliseconds of the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The next key from the script or the keyboard; TUI_END when input ends. */
int tui_getkey(tui *t, int *key)
{
	if (t->script)
		return tui_signalled ? TUI_END : script_key(t, key);
	for (;;) {
		wint_t wc = 0;
		double t0;
		int r;

		if (tui_signalled)
			return TUI_END;
		t0 = now_ms();
		r = wget_wch(stdscr, &wc);
		if (tui_signalled)
			return TUI_END;
		if (r == ERR && now_ms() - t0 >= TUI_TICK_MS * 0.9 && !tty_gone()) {
			/* the read waited its second: a tick, not an error */
			t->errs = 0;
			*key = TK_TICK;
			return TUI_KEY;
		}
		if (r == ERR) {
			/* an interrupted read returns ERR once; end of input
			 * returns it for ever: stop instead of spinning */
			if (++t->errs >= 8 || tty_gone())
				return TUI_END;
			continue;
		}
		t->errs = 0;
		if (r == KEY_CODE_YES && (wc == TUI_PASTE_BEGIN || wc == TUI_PASTE_END)) {
			t->pasting = wc == TUI_PASTE_BEGIN;
			continue;
		}
		if (t->pasting) {
			/* text only: characters keep a flag; keys that are no
			 * character (arrows inside a paste?) are dropped */
			if (r == KEY_CODE_YES)
				continue;
			*key = TK_PASTED | (wc == '\r' ? '\n' : (int)wc);
			return TUI_KEY;
		}
		if (r == KEY_CODE_YES) {
			switch (wc) {
			case KEY_RESIZE:
				if (tty_gone())
					return TUI_END;
				*key = TK_RESIZE;
				return TUI_KEY;
			case KEY_MOUSE:
				if (!read_mouse(t))
					continue;
				*key = TK_MOUSE;
				return TUI_KEY;
			case TUI_MOUSE_SGR:
				if (!read_sgr_mouse(t))
					continue;
				*key = TK_MOUSE;
				return TUI_KEY;
			case KEY_ENTER:
				*key = TK_ENTER;
				return TUI_KEY;
			case KEY_BTAB:
				*key = TK_BACKTAB;
				return TUI_KEY;
			default:
				*key = TK_FN((int)wc);
				return TUI_KEY;
			}
		}
		*key = wc == '\r' ? TK_ENTER : (int)wc;
		return TUI_KEY;
	}
}
