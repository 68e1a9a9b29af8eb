/*
 * keys: the one table of requests of the interface.  It produces the
 * request enum, the default key bindings, the help screen and the key
 * list of the manual, so keys, help and documentation cannot drift.
 *
 * A key is an int: a Unicode code point for characters (control keys are
 * their control codes, Enter is '\n', Esc is 27), TK_FN(KEY_x) for a
 * curses function key, or one of the TK_* pseudo keys below.
 */
#ifndef ACCORD_TUI_KEYS_H
#define ACCORD_TUI_KEYS_H

#include <stddef.h>

#define TK_FN(k)   (0x1000000 | (k))
#define TK_CTRL(c) ((c)&0x1f)
#define TK_ESC	   27
#define TK_ENTER   '\n'
#define TK_TAB	   '\t'
#define TK_RESIZE  0x2000001 /* the terminal changed size */
#define TK_MOUSE   0x2000002 /* a mouse event (details in the app) */
#define TK_BACKTAB 0x2000003
#define TK_TICK	   0x2000004 /* a second passed without a key */
/* A flag on a key that arrived inside a bracketed paste: it is text only
 * (a prompt or the editor takes it), never a command nor an answer. */
#define TK_PASTED   0x4000000
#define TK_MAX_KEYS 6

/*
 * G(title) starts a group of the help; R(ID, name, help, keys...) is one
 * request with its default keys (at most TK_MAX_KEYS).  Its name is the
 * word the hint line shows after its first key ("v vote"; see hint.c).
 */
#define TUI_REQUESTS(G, R)                                                                         \
	G("Moving")                                                                                \
	R(DOWN, "down", "Move the cursor down a line", TK_FN(KEY_DOWN), 'j', TK_CTRL('n'))         \
	R(UP, "up", "Move the cursor up a line", TK_FN(KEY_UP), 'k', TK_CTRL('p'))                 \
	R(PAGE_DOWN, "page-down", "Move down a screen", TK_FN(KEY_NPAGE), ' ', TK_CTRL('f'))       \
	R(PAGE_UP, "page-up", "Move up a screen", TK_FN(KEY_PPAGE), TK_CTRL('b'))                  \
	R(HALF_DOWN, "half-down", "Move down half a screen", TK_CTRL('d'))                         \
	R(HALF_UP, "half-up", "Move up half a screen", TK_CTRL('u'))                               \
	R(FIRST, "first", "Go to the first line", 'g', TK_FN(KEY_HOME))                            \
	R(LAST, "last", "Go to the last line", 'G', TK_FN(KEY_END))                                \
	R(NEXT_PANE, "next link", "Switch panes; in one pane, go to the next link", TK_TAB)        \
	G("Views")                                                                                 \
	R(ENTER, "open", "Open what is under the cursor; fold or unfold a part", TK_ENTER,         \
	  TK_FN(KEY_RIGHT))                                                                        \
	R(BACK, "back", "Back a view (q quits from the contents, Esc never)", 'q', TK_ESC,         \
	  TK_FN(KEY_LEFT))                                                                         \
	R(QUIT, "quit", "Quit accord", 'Q')                                                        \
	R(HELP, "help", "Show this help", '?', TK_FN(KEY_F(1)))                                    \
	R(HISTORY, "history", "History of actions (of the clause, in a clause or amendment)", 'l') \
	R(COMMENTS, "comments", "Comment threads (of the clause or amendment); Enter opens one",   \
	  'c')                                                                                     \
	R(INBOX, "inbox",                                                                          \
	  "What waits for your organisation: ballots, invitations, stale amendments", 'i')         \
	R(SEARCH, "search", "Search clauses and amendments; matches stay highlighted", '/')        \
	R(FIND_NEXT, "next match", "Go to the next line matching the search", 'n')                 \
	R(FIND_PREV, "previous match", "Go to the previous line matching the search", 'N')         \
	R(SEARCH_FILTER, "filter",                                                                 \
	  "In search results: everywhere, clause texts, amendments or rationales", 'f')            \
	R(NEXT_AMENDMENT, "next amendment",                                                        \
	  "Go to the next amendment of this clause (in voting order)", ']')                        \
	R(PREV_AMENDMENT, "previous amendment", "Go to the previous amendment of this clause",     \
	  '[')                                                                                     \
	R(DIFF_MODE, "inline/side", "Show changes inline or side by side", 's')                    \
	R(TREATY, "treaty", "Status of the convention: signatures, instruments, entry into force", \
	  'S')                                                                                     \
	R(LANG, "language", "Show clauses in the next of the convention's languages", 'L')         \
	R(TRANSLATION, "translation",                                                              \
	  "In a clause shown in another language: source and translation side by side, the "       \
	  "source words changed since the translation marked",                                     \
	  'T')                                                                                     \
	R(PROMPT, "command", "Run an accord command, e.g. :tally ID (output in a pager)", ':')     \
	R(REFRESH, "refresh", "Reread the convention and redraw the screen", 'R', TK_CTRL('l'))    \
	G("Acting (every action asks for confirmation first)")                                     \
	R(DRAFT, "draft", "Draft an amendment of the clause (or of the amendment) in $EDITOR",     \
	  'e')                                                                                     \
	R(DRAFT_INSERT, "insert after",                                                            \
	  "Draft a new clause to insert after the clause (its heading asked)", 'a')                \
	R(DRAFT_DELETE, "delete", "Draft the deletion of the clause", 'D')                         \
	R(INVITE, "invite", "In a draft: the organisations you invite to co-sponsor it", 'I')      \
	R(TABLE, "table", "Table the reviewed draft, with a rationale", 't')                       \
	R(REBASE, "rebase",                                                                        \
	  "Rebase your stale amendment (a conflict opens in $EDITOR, both sides marked)", 'b')     \
	R(VOTE, "vote", "Vote yes, no or abstain on the amendment for your organisation", 'v')     \
	R(WITHDRAW, "withdraw", "Withdraw your organisation's amendment", 'W')                     \
	R(COSPONSOR, "co-sponsor",                                                                 \
	  "Co-sponsor the amendment for your organisation (again: withdraw that consent)", 'J')    \
	R(OPEN_BALLOT, "open ballot", "Open the ballot on the amendment (chair)", 'O')             \
	R(CLOSE_BALLOT, "close ballot", "Close the ballot after a preview of its result (chair)",  \
	  'C')                                                                                     \
	R(EXPORT, "export", "Export the convention to a file (the format from its extension)", 'x')

#define TUI_REQ_ENUM_(id, name, help, ...) REQ_##id,
#define TUI_GROUP_NONE_(title)

typedef enum { REQ_NONE = 0, TUI_REQUESTS(TUI_GROUP_NONE_, TUI_REQ_ENUM_) REQ_COUNT } tui_request;

/* One request of the table, for the help screen and the bindings. */
typedef struct {
	tui_request req;       /* REQ_NONE for a group title */
	const char *name;      /* request name, or the group title */
	const char *help;      /* one line */
	int keys[TK_MAX_KEYS]; /* default keys, 0-terminated */
} tui_key_entry;

/* The table in order, groups included; *n receives its length. */
const tui_key_entry *tui_key_table(size_t *n);

/* The request bound to key, or REQ_NONE. */
tui_request tui_key_request(int key);

/* The display name of key ("j", "<Enter>", "<C-d>", "<PgDn>") in buf; the
 * same spelling the script format reads. */
const char *tui_key_name(char *buf, size_t size, int key);

/* Parses one key name at s ("<Down>", "<C-d>", or one UTF-8 character);
 * returns the bytes used, or 0 when s starts with an unknown <name>. */
size_t tui_key_parse(int *key, const char *s);

#endif
