/*
 * strike: deleted words struck through on terminals that can.  ncurses
 * 6.4 has no strikethrough attribute, so the terminal's own capability
 * (terminfo smxx/rmxx, an extended one, read with tigetstr) is used
 * directly: draw_row notes where it painted deleted words, and after
 * curses has updated the screen those cells are written again, with the
 * same attributes and smxx, at the same place; the cursor and the
 * attributes are then put back as curses left them.  Where the terminal
 * lacks smxx (or in monochrome), deletions carry [-...-] markers instead
 * (view_amendment.c): never colour alone.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "draw.h"

/* A run of deleted words as painted. */
typedef struct {
	int y, x, attr;
	char *text;
	size_t len;
} strike_run;

static strike_run *runs;
static size_t nruns, aruns;
static const char *cap_smxx, *cap_rmxx, *cap_cup, *cap_sc, *cap_rc, *cap_sgr0;
int draw_strike;

/* A capability string, or NULL when the terminal lacks it. */
static const char *cap(const char *name)
{
	char *s = tigetstr(name);

	return s && s != (char *)-1 && s[0] ? s : NULL;
}

/* Whether the terminal can strike through (and the overlay can work):
 * sets draw_strike accordingly and returns it. */
int strike_init(int live)
{
	cap_smxx = cap("smxx");
	cap_rmxx = cap("rmxx");
	cap_cup = cap("cup");
	cap_sc = cap("sc");
	cap_rc = cap("rc");
	cap_sgr0 = cap("sgr0");
	draw_strike = live && cap_smxx && cap_rmxx && cap_cup && cap_sc && cap_rc && cap_sgr0;
	return draw_strike;
}

/* Forgets the runs noted at the last paint. */
void strike_clear(void)
{
	size_t i;

	for (i = 0; i < nruns; i++)
		free(runs[i].text);
	nruns = 0;
}

/* Notes that n bytes of s were painted at y,x with attr (deleted words). */
void strike_note(int y, int x, const char *s, size_t n, int attr)
{
	strike_run *nv;

	if (!draw_strike || !n)
		return;
	if (nruns == aruns) {
		size_t na = aruns ? 2 * aruns : 32;

		if (!(nv = realloc(runs, na * sizeof(*nv))))
			return;
		runs = nv;
		aruns = na;
	}
	if (!(runs[nruns].text = malloc(n)))
		return;
	memcpy(runs[nruns].text, s, n);
	runs[nruns].len = n;
	runs[nruns].y = y;
	runs[nruns].x = x;
	runs[nruns].attr = attr;
	nruns++;
}

/* Frees what was noted (when the screen ends). */
void strike_end(void)
{
	strike_clear();
	free(runs);
	runs = NULL;
	aruns = 0;
	draw_strike = 0;
}

/* Appends a capability string to b (unused when absent). */
static void put_cap(acc_buf *b, const char *s)
{
	if (s)
		acc_buf_puts(b, s);
}

/* The attributes of attr as terminal sequences, after a reset. */
static void put_attrs(acc_buf *b, int attr)
{
	short fg = -1, bg = -1;

	put_cap(b, cap_sgr0);
	if (attr & A_REVERSE)
		put_cap(b, cap("rev"));
	if (attr & A_BOLD)
		put_cap(b, cap("bold"));
	if (attr & A_DIM)
		put_cap(b, cap("dim"));
	if (attr & A_UNDERLINE)
		put_cap(b, cap("smul"));
	if (PAIR_NUMBER(attr) > 0 && pair_content((short)PAIR_NUMBER(attr), &fg, &bg) == OK) {
		const char *af = cap("setaf"), *ab = cap("setab");

		if (fg >= 0 && af)
			put_cap(b, tiparm(af, fg));
		if (bg >= 0 && ab)
			put_cap(b, tiparm(ab, bg));
	}
}

/* Writes the noted runs again, struck through (after doupdate). */
void strike_flush(void)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i, off = 0;

	if (!draw_strike || !nruns)
		return;
	put_cap(&b, cap_sc);
	for (i = 0; i < nruns; i++) {
		put_cap(&b, tiparm(cap_cup, runs[i].y, runs[i].x));
		put_attrs(&b, runs[i].attr);
		put_cap(&b, cap_smxx);
		acc_buf_put(&b, runs[i].text, runs[i].len);
		put_cap(&b, cap_rmxx);
	}
	put_cap(&b, cap_sgr0);
	put_cap(&b, cap_rc);
	while (b.ptr && off < b.size) {
		ssize_t w = write(STDOUT_FILENO, b.ptr + off, b.size - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	acc_buf_free(&b);
}
