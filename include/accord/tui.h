/*
 * tui: the full-screen interface (ncurses).  A face like the command line:
 * it reads the index to start, loads the whole state only when a clause or
 * amendment is opened, and acts through the same ops as the command line,
 * each action confirmed before it is committed.
 *
 * Environment (read when opts is NULL or a field is left empty):
 *
 *   ACCORD_TUI_SCRIPT=FILE  read keys from FILE instead of the keyboard and
 *                           draw into memory (output to /dev/null): the test
 *                           mode.  No terminal is needed.  The format is in
 *                           src/tui/input.c; the end of the script is the
 *                           end of input (the program exits).
 *   ACCORD_TUI_DUMP=FILE    on exit, write the visible screen to FILE as
 *                           text (one line per row, trailing blanks cut).
 *   ACCORD_TUI_SIZE=COLSxLINES  screen size of the scripted mode (80x24).
 *   ACCORD_TUI_TIMING=1     on exit, print the time to the first full screen
 *                           to standard error.
 *   ACCORD_TUI_MOUSE=0      leave the mouse to the terminal.
 *   NO_COLOR                monochrome: every meaning kept by markers.
 *   VISUAL, EDITOR          the editor for drafting amendments (else vi).
 *   ACCORD_AS, ACCORD_DATE  as for the command line.
 */
#ifndef ACCORD_TUI_H
#define ACCORD_TUI_H

#include <stdio.h>

/* Runs one command line of the command-line face (argv[0] is the command
 * name) as the delegate `as` with the signing key `key` (either NULL: the
 * defaults), output to out and errors to err; returns the exit status.
 * The caller of acc_tui_main supplies it, so the interface never calls the
 * command line itself. */
typedef int (*acc_tui_runner)(int argc, char **argv, const char *dir, const char *as,
			      const char *key, FILE *out, FILE *err);

/* One command the ':' prompt runs, for the help screen. */
typedef struct {
	const char *name;
	const char *summary; /* one line */
	int reads;	     /* signs nothing: runs without asking */
	int elsewhere;	     /* makes or opens another convention: refused */
} acc_tui_command;

typedef struct {
	const char *script; /* keys from this file (NULL: ACCORD_TUI_SCRIPT) */
	const char *dump;   /* screen dump on exit (NULL: ACCORD_TUI_DUMP) */
	int cols, lines;    /* scripted size (0: ACCORD_TUI_SIZE, else 80x24) */
	const char *start;  /* open this clause or amendment id first (NULL: contents) */
	const char *key;    /* signing key (NULL: ACCORD_KEY, the delegate's demo key, then
			       git's user.signingkey, as the command line) */
	acc_tui_runner run; /* the ':' prompt and export (NULL: both refused) */
	const acc_tui_command *commands; /* for the help screen, ending with a NULL name
					    (NULL: none listed) */
} acc_tui_options;

/*
 * Runs the interface on the convention containing dir (NULL: "."), acting
 * as the delegate `as` (NULL: ACCORD_AS, else git's user.email; the
 * interface is read only when nobody is named).  opts may be NULL.
 *
 * Returns 0 when the user quit or input ended, or a negative ACC_E* code
 * with acc_error_last() set and nothing drawn: ACC_EUSAGE when there is no
 * terminal to draw on (standard input or output is not a terminal, TERM
 * unset, dumb or unknown) or the key script is malformed, ACC_ENOTFOUND for
 * an unknown start id, another code when the convention cannot be opened.
 * On SIGINT, SIGTERM or SIGHUP the interface stops at the next key (an
 * action under way completes), restores the terminal, and raises the
 * signal again with its previous disposition, so the caller's exit status
 * tells what happened.
 */
int acc_tui_main(const char *dir, const char *as, const acc_tui_options *opts);

/* Prints the interface's keys, generated from the table that binds them
 * (the same text as its help screen): plain text, or roff (.SS per group,
 * .TP per key) for the manual page. */
void acc_tui_print_keys(FILE *out, int roff);

#endif
