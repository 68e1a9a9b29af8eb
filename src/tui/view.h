/*
 * view: the generic view engine and the concrete views.
 *
 * A view is a document of rows (see draw.h) with a cursor and a scroll
 * position.  Each concrete view fills a table of operations: open loads
 * its data (again after the convention changed), layout computes the rows
 * for a width, request handles the requests only it knows.  The engine
 * does the rest: moving, scrolling, following links with Enter, finding
 * search matches, painting.  Adding a screen means adding one file.
 */
#ifndef ACCORD_TUI_VIEW_H
#define ACCORD_TUI_VIEW_H

#include "accord/store.h"
#include "draw.h"
#include "keys.h"

typedef struct tui tui;
typedef struct tui_view tui_view;

typedef struct {
	const char *name; /* shown in the title bar: "contents", "clause"... */
	/* Loads (or reloads) the data; the rows are built by layout. */
	int (*open)(tui *t, tui_view *v);
	/* Builds v->doc for a pane of width columns. */
	int (*layout)(tui *t, tui_view *v, int width);
	/* Handles a request: 1 handled, 0 not this view's, <0 error. */
	int (*request)(tui *t, tui_view *v, tui_request req);
	/* Called after the cursor moved (may be NULL). */
	void (*moved)(tui *t, tui_view *v);
	/* Frees v->data (may be NULL). */
	void (*free)(tui_view *v);
} tui_view_ops;

struct tui_view {
	const tui_view_ops *ops;
	char *title; /* raw text of the title bar (sanitised when drawn) */
	/* the subject of the view, for actions and history (may be NULL) */
	char *clause, *amendment, *arg;
	tui_doc doc;
	size_t top, cur;
	int width;	    /* the width doc was laid out for (0: not yet) */
	int height;	    /* content rows of the last paint */
	int py, px;	    /* where it was painted (for the mouse) */
	int nocursor;	    /* a reading view: the cursor is the top row */
	int links_only;	    /* the cursor rests only on rows that link (not headings) */
	int want_change;    /* at the next layout: put the cursor on the first change */
	int want_para;	    /* at the next layout: the cursor on paragraph N ("N. ...") */
	tui_link keep_link; /* after a reload: put the cursor back on this link */
	char *keep_id;
	void *data;
	tui_view *preview; /* right-hand pane (the contents' clause text) */
	/* lays out row i, left lazy by layout (a long document only makes the
	 * rows it shows); NULL when every row is made at once */
	int (*fill)(tui *t, tui_view *v, size_t i);
	int focus_preview;
};

/* Creates a view (not yet opened); clause/amendment/arg are copied. */
tui_view *view_new(const tui_view_ops *ops, const char *clause, const char *amendment,
		   const char *arg);
void view_free(tui_view *v);
int view_set_title(tui_view *v, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);

/* Opens v and puts it on top of the stack (frees it on failure). */
int view_push(tui *t, tui_view *v);
/* Removes the top view (never the last one). */
void view_pop(tui *t);
/* The view on top, and the pane of it that has the focus. */
tui_view *view_top(tui *t);
tui_view *view_focus(tui *t);
/* Lays v out for width when needed (after open, resize or a change). */
int view_layout(tui *t, tui_view *v, int width);
/* Forces a new layout at the next paint. */
void view_invalidate(tui_view *v);
/* Reloads every view of the stack (after the convention changed),
 * keeping each cursor on the same link when it still exists. */
int view_reload_all(tui *t);

/* Moves the cursor of v for a moving request; returns 1 when handled. */
int view_move(tui *t, tui_view *v, tui_request req);
/* Scrolls v by delta rows (the mouse wheel), keeping the cursor in sight. */
void view_scroll(tui *t, tui_view *v, int delta);
/* Puts the cursor on row i (clamped) and scrolls it into sight. */
void view_goto(tui *t, tui_view *v, size_t i);
/* Finds the next (dir 1) or previous (dir -1) row matching the search. */
int view_find(tui *t, tui_view *v, int dir);
/* Moves the cursor to the next row that links elsewhere than the
 * current one, or that starts a run of changed words (wrapping around);
 * 0 when there is none. */
int view_next_link(tui *t, tui_view *v);
/* The row under the cursor, or NULL (its link only: its text may not be
 * laid out yet, see view_row). */
const tui_row *view_cursor_row(const tui_view *v);
/* Row i of v, laid out now when it was left lazy. */
const tui_row *view_row(tui *t, tui_view *v, size_t i);
/* Opens what the cursor row links to (1 when it did). */
int view_enter(tui *t, tui_view *v);
/* Paints v in the rectangle (title bar on its last row). */
void view_draw(tui *t, tui_view *v, int y, int x, int h, int w, int focused);
/* Which row of the focused view is at screen row y (mouse); -1 if none. */
int view_row_at(tui *t, int y, int x, tui_view **v);

/* ---- the concrete views ---- */

extern const tui_view_ops tui_toc_ops;	   /* the convention: contents + clause text */
extern const tui_view_ops tui_preview_ops; /* the clause text beside the contents */
extern const tui_view_ops tui_clause_ops;
extern const tui_view_ops tui_amendment_ops;
extern const tui_view_ops tui_draft_ops; /* review of a drafted amendment */
extern const tui_view_ops tui_log_ops;
extern const tui_view_ops tui_action_ops; /* one commit and its changes */
extern const tui_view_ops tui_search_ops;
extern const tui_view_ops tui_help_ops;
extern const tui_view_ops tui_treaty_ops; /* the status of the convention */
extern const tui_view_ops tui_inbox_ops;  /* what waits for the delegate's organisation */
extern const tui_view_ops tui_pager_ops;
/* comment threads: of v->clause or v->amendment (or all); with arg, one thread */
extern const tui_view_ops tui_comments_ops;
/* a clause and its translation into arg side by side (view_translation.c) */
extern const tui_view_ops tui_translation_ops;

/* The open comment threads on clause at t's head (read once per head;
 * t NULL forgets what was read). */
size_t tui_open_threads(tui *t, const char *clause);

/* The preview pane shows clause id (NULL: nothing). */
void preview_show(tui *t, tui_view *preview, const char *clause);

/* A draft: what the editor produced, waiting for review. */
typedef struct {
	char *clause;  /* target clause */
	char *amends;  /* or the amendment it amends (NULL) */
	char *old;     /* the text it changes */
	char *text;    /* the proposed text */
	char *heading; /* for the title */
	/* the commit whose text the editor was given: tabling names it, so a
	 * text adopted meanwhile makes the amendment stale, never undone */
	acc_oid_hex drafted_on;
	int op;		    /* acc_amend_op: replace (0), insert after, delete */
	char *new_heading;  /* insert after: the new clause's heading, else NULL */
	acc_strlist invite; /* organisations invited to co-sponsor it */
	char *kept;	    /* the file keeping it between sessions (drafts.c), or NULL */
	int sent;	    /* tabled or discarded: nothing to keep */
} tui_draft;

/* Creates the review view of a draft (takes ownership of d). */
tui_view *draft_view_new(tui_draft *d);
void draft_free(tui_draft *d);
/* The draft a view holds, or NULL when it is not a draft view. */
tui_draft *draft_of(tui_view *v);

/* A pager over the output of a command (out and err are copied). */
tui_view *pager_view_new(const char *title, const char *out, const char *err);

/* Renders a word diff of old -> new as a flow (markers when monochrome);
 * side: 0 inline, else the left (-1) or right (1) column's text only. */
int diff_flow(tui *t, tui_flow *f, const char *old, const char *new, int side);
/* Appends the diff of old -> new to d: inline, or side by side in two
 * columns headed left and right (what each shows; NULL: "now" and
 * "proposed") when side_by_side and width allows. */
int diff_doc(tui *t, tui_doc *d, const char *old, const char *new, size_t width, int side_by_side,
	     const char *left, const char *right);

#endif
