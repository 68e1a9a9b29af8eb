/*
 * app: the state of the running interface, shared by its files.
 *
 * Ownership: everything reachable from struct tui belongs to it and is
 * freed by tui_free (tui.c).  The index belongs to ctx.  The full state
 * (st) is loaded lazily at the head and dropped when the head moves.
 */
#ifndef ACCORD_TUI_APP_H
#define ACCORD_TUI_APP_H

#include <signal.h>
#include <stdio.h>

#include "accord/index.h"
#include "accord/ops.h"
#include "accord/tui.h"
#include "draw.h"
#include "keys.h"
#include "view.h"

#define TUI_MIN_COLS	40
#define TUI_MIN_LINES	8
#define TUI_MAX_VIEWS	32
#define TUI_TICK_MS	1000 /* how often the tip is checked while idle */
#define TUI_HISTORY_MAX 50   /* earlier answers kept per prompt */

typedef struct tui_script tui_script;

struct tui {
	const char *dir;
	char *actor;			 /* email of the acting delegate, or NULL */
	const char *key_opt;		 /* the signing key given to acc_tui_main, or NULL */
	acc_tui_runner run;		 /* runs a command line (the ':' prompt), or NULL */
	const acc_tui_command *commands; /* the prompt's commands, for help, or NULL */
	acc_ctx *ctx;
	acc_index *ix;	  /* owned by ctx */
	acc_oid_hex head; /* the commit everything shown describes */

	/* read from the index (start-up and every change): what the first
	 * screen shows, never a text nor a row per amendment */
	char *title, *short_title;
	acc_contents *contents; /* the table of contents: */
	acc_clause *clauses;	/* its clauses, without their texts (NULL) */
	size_t nclauses;
	unsigned (*ccounts)[7];	   /* per clause: amendments by acc_status */
	unsigned counts[7];	   /* every amendment by acc_status */
	acc_amendment_row **arows; /* the rows looked up so far (by id) */
	size_t narows;
	/* lookups by id (tui.c): open addressing, a slot holds index + 1 */
	size_t *arow_slots, arow_cap;	  /* into arows */
	size_t *clause_slots, clause_cap; /* into clauses (built on first use) */
	int ratification_open;

	/* who is acting (from the registry at head) */
	char *me_name, *me_org, *me_org_name;
	int me_role;	   /* acc_role, or -1 when not a delegate */
	int need_identity; /* me_* not read yet for head */
	int inbox_count;   /* items in the organisation's inbox at head (-1: unknown) */

	acc_state *st; /* the whole state at head, loaded on demand */

	tui_view *stack[TUI_MAX_VIEWS];
	int depth;

	/* screen */
	void *screen; /* SCREEN * */
	FILE *scr_out, *scr_in;
	tui_theme theme;
	int screen_lines, screen_cols; /* size at the last paint */
	int scripted;
	int side_by_side; /* diff mode */
	int lang;	  /* the language clauses show in (lang.c; 0: the negotiation one) */
	int mouse;

	/* input */
	tui_script *script;
	int errs;			    /* consecutive read errors (end of input) */
	int pasting;			    /* inside a bracketed paste */
	int mouse_y, mouse_x, mouse_button; /* the last mouse event */

	/* message line, and the prompt when one is asking */
	char *msg;
	int msg_error;
	char *prompt;		     /* the question or label, NULL when not asking */
	acc_buf input;		     /* what was typed at a line prompt */
	size_t input_at;	     /* the text cursor in input (a byte offset) */
	struct tui_history *history; /* earlier answers, per prompt label */
	int prompt_line;	     /* a line prompt (shows the text cursor) */
	char *script_error;

	/* search */
	unsigned search_scope; /* the scope the search view uses (view_search.c) */
	char *pattern;
	char **terms; /* lower-case words of pattern, NULL-terminated */

	int quit;
	int acted; /* an action (or a ':' command) since the last tidy */
	const char *dump_path;
	double t0, first_paint, identity_ms; /* start-up timing (ms) */
	/* ACCORD_TUI_TIMING: each key's time from reading it to the end of
	 * the paint after it, printed at exit */
	int timing;
	double key_t0, key_cpu0; /* wall and CPU clocks when the key was read */
	int key_code;
	acc_buf key_times;
};

/* Signals that end the interface (set by the handler). */
extern volatile sig_atomic_t tui_signalled;

/* ---- tui.c ---- */

/* Sets the message line (formatted; sanitised when drawn). */
void tui_message(tui *t, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);

/* lang.c: shows clauses in the next language; the heading and text of c
 * in the language shown (and a note when that is the source text or a
 * stale translation, else NULL); the language shown. */
void tui_lang_next(tui *t);
int tui_lang_clause(tui *t, const acc_clause *c, const char **heading, const char **text,
		    const char **note);
const char *tui_lang_name(tui *t);
/* Opens the side-by-side view of v's clause and its translation into the
 * language shown (or says why not). */
void tui_lang_side(tui *t, tui_view *v);
/* Sets the message line to an error: prefix and acc_error_last(). */
void tui_error(tui *t, int code, const char *what);
/* Paints the whole screen. */
void tui_draw(tui *t);
/* The whole state at head (loads it once); NULL with the error shown. */
acc_state *tui_state(tui *t);

/* view_brackets.c: the text of clause c with its open brackets inline,
 * appended to f. */
int tui_clause_text_flow(tui_flow *f, const acc_state *st, const acc_clause *c);
/* view_brackets.c: the open brackets of c with their options and
 * supporters, appended to doc (nothing when none). */
int tui_brackets_layout(tui_doc *doc, const acc_state *st, const acc_clause *c, size_t w);
/* view_brackets.c: the open brackets of the loaded state (0 when it is
 * not loaded). */
size_t tui_brackets_open(tui *t);
/* Rereads the index when the branch moved (after an action or a command
 * run from the prompt); reloads the views.  1 when something changed. */
int tui_refresh(tui *t);
/* Sets the search pattern (split into lower-case terms). */
int tui_set_pattern(tui *t, const char *pattern);
/* The clause row of the index with id (its text NULL: see
 * acc_index_clause_text), or NULL. */
const acc_clause *tui_clause(tui *t, const char *id);
/* The amendment row of the index with id, or NULL: read from the index on
 * first use, and valid until the index is reread (tui_refresh).  Its text
 * and rationale are NULL (not kept). */
const acc_amendment_row *tui_amendment_row(tui *t, const char *id);
/* rows.c: forgets the amendment rows read so far and the clauses' table
 * (before the index is read again). */
void tui_rows_clear(tui *t);
/* Writes the visible screen to path as text. */
int tui_dump(tui *t, const char *path);
/* Called when the screen size changed. */
void tui_resized(tui *t);

/* ---- drafts.c ---- */

/* Keeps every draft under review in <gitdir>/accord/drafts/ (when the
 * interface ends, however it ends); returns how many, or an error. */
int tui_drafts_keep(tui *t);
/* Reopens the kept drafts, each in its review view; returns how many. */
int tui_drafts_offer(tui *t);
/* Deletes the kept copy of d: it was tabled or discarded. */
void tui_draft_forget(tui_draft *d);

/* ---- term.c ---- */

/* 0 when standard input and output are a terminal whose type is known
 * and can move the cursor; else ACC_EUSAGE saying what is missing. */
int tui_check_terminal(void);

/* ---- input.c ---- */

/* Loads a key script. */
int tui_script_load(tui_script **out, const char *path);
void tui_script_free(tui_script *s);
enum { TUI_KEY = 0, TUI_END = 1 };
/* The curses codes given to the bracketed paste's start and end
 * sequences (ESC [ 200 ~ and ESC [ 201 ~), see tui.c's screen_open. */
#define TUI_PASTE_BEGIN (KEY_MAX + 1)
#define TUI_PASTE_END	(KEY_MAX + 2)
/* The start of an SGR mouse report (ESC [ <), see screen_open: the rest,
 * "B;X;Y" and M (press) or m (release), is read by input.c. */
#define TUI_MOUSE_SGR (KEY_MAX + 3)
#define TUI_DOUBLE_MS 400 /* two presses on one cell within this: a double click */
/* Waits for the next key: TUI_KEY with *key set, or TUI_END at the end
 * of input or when a signal asked to stop. */
int tui_getkey(tui *t, int *key);

/* ---- prompt.c ---- */

/* Asks a yes/no question on the message line: 1 yes, 0 no. */
int tui_confirm(tui *t, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);
/* Asks for one of the characters of choices: returns it, or 0 (cancel). */
int tui_choose(tui *t, const char *choices, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);
/* Reads a line of text: 0 with *out malloc'd, 1 when cancelled. */
int tui_readline(tui *t, char **out, const char *label, const char *initial);
/* Frees the prompts' histories. */
void tui_history_free(tui *t);

/* ---- actions.c ---- */

/* Runs $VISUAL/$EDITOR on a file holding initial (hint names it); *out
 * receives the edited text, one final newline.  Curses is suspended. */
int tui_run_editor(tui *t, char **out, const char *initial, const char *hint);

/* Runs an action request (draft, table, vote...): 1 handled, 0 not an
 * action.  Errors go to the message line. */
int tui_action(tui *t, tui_request req);
/* The ':' prompt: runs one accord command, shows its output. */
int tui_command(tui *t, const char *line);
/* The amendment the focus is on (cursor row, else the view's), or NULL. */
const char *tui_target_amendment(tui *t);
/* The clause the focus is on, or NULL. */
const char *tui_target_clause(tui *t);

/* ---- nav.c ---- */

/* ":12", ":12.3", ":ID": opens that clause (at that paragraph) or
 * amendment; 0 when word names none. */
int tui_goto(tui *t, const char *word);
/* [ and ]: the previous (dir -1) or next (1) amendment of the clause on
 * screen. */
void tui_next_amendment(tui *t, int dir);

/* ---- hint.c ---- */

/* Appends the hint line (the keys that act in the focused view, on the
 * row under the cursor, from the key table) to f, in width columns. */
int tui_hint(tui *t, tui_flow *f, size_t width);

/* ---- view_inbox.c ---- */

/* The number of items in the inbox of the delegate's organisation at
 * head (0 for a reader), or -1 when it cannot be read. */
int tui_inbox_count(tui *t);

/* ---- view_amendment.c ---- */

/* The style of an amendment status word ("voting", "adopted"...). */
tui_style tui_status_style(const char *status);

#endif
