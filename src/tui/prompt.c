/* prompt: questions and line input on the message line. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* Sets the prompt text (formatted). */
static void set_prompt(tui *t, const char *fmt, va_list ap) ACC_ATTR_PRINTF(2, 0);

static void set_prompt(tui *t, const char *fmt, va_list ap)
{
	acc_buf b = ACC_BUF_INIT;

	acc_buf_vprintf(&b, fmt, ap);
	free(t->prompt);
	t->prompt = acc_buf_detach(&b);
	if (!t->prompt)
		t->prompt = acc_strdup("?");
}

/* Clears the prompt. */
static void end_prompt(tui *t)
{
	free(t->prompt);
	t->prompt = NULL;
	t->prompt_line = 0;
	acc_buf_clear(&t->input);
	t->input_at = 0;
}

/* Waits for a key while a prompt shows, repainting after a resize.
 * Returns 0 at the end of input (the interface then quits). */
static int prompt_key(tui *t, int *key)
{
	for (;;) {
		tui_draw(t);
		if (tui_getkey(t, key) != TUI_KEY) {
			t->quit = 1;
			return 0;
		}
		if (*key == TK_RESIZE) {
			tui_resized(t);
			continue;
		}
		if (*key == TK_MOUSE || *key == TK_TICK)
			continue;
		return 1;
	}
}

/* Asks a yes/no question; anything but y is no. */
int tui_confirm(tui *t, const char *fmt, ...)
{
	va_list ap;
	int key = 0, yes;

	va_start(ap, fmt);
	set_prompt(t, fmt, ap);
	va_end(ap);
	free(t->msg);
	t->msg = NULL;
	yes = prompt_key(t, &key) && (key == 'y' || key == 'Y');
	end_prompt(t);
	return yes;
}

/* Asks for one of a few keys; Esc, q or ^G cancel. */
int tui_choose(tui *t, const char *choices, const char *fmt, ...)
{
	va_list ap;
	int key = 0;

	va_start(ap, fmt);
	set_prompt(t, fmt, ap);
	va_end(ap);
	free(t->msg);
	t->msg = NULL;
	for (;;) {
		if (!prompt_key(t, &key) || key == TK_ESC || key == 'q' || key == TK_CTRL('g')) {
			key = 0;
			break;
		}
		if (key > 0 && key < 128 && strchr(choices, key))
			break;
	}
	end_prompt(t);
	return key;
}

/* Earlier answers of one prompt (by its label), oldest first. */
struct tui_history {
	struct tui_history *next;
	char *label;
	char *lines[TUI_HISTORY_MAX];
	size_t n;
};

/* The history of label (made on first use), or NULL without memory. */
static struct tui_history *history_of(tui *t, const char *label)
{
	struct tui_history *h;

	for (h = t->history; h; h = h->next)
		if (strcmp(h->label, label) == 0)
			return h;
	if (!(h = acc_calloc(1, sizeof(*h))) || !(h->label = acc_strdup(label))) {
		free(h);
		return NULL;
	}
	h->next = t->history;
	t->history = h;
	return h;
}

/* Remembers an answer (not an empty one, nor a repeat of the last). */
static void history_add(struct tui_history *h, const char *line)
{
	if (!h || !line[0] || (h->n && strcmp(h->lines[h->n - 1], line) == 0))
		return;
	if (h->n == TUI_HISTORY_MAX) {
		free(h->lines[0]);
		memmove(h->lines, h->lines + 1, (h->n - 1) * sizeof(h->lines[0]));
		h->n--;
	}
	if ((h->lines[h->n] = acc_strdup(line)))
		h->n++;
}

/* Frees every prompt's history. */
void tui_history_free(tui *t)
{
	struct tui_history *h, *next;
	size_t i;

	for (h = t->history; h; h = next) {
		next = h->next;
		for (i = 0; i < h->n; i++)
			free(h->lines[i]);
		free(h->label);
		free(h);
	}
	t->history = NULL;
}

/* Whether byte c continues a UTF-8 sequence. */
static int cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* The offset of the code point before at in b. */
static size_t prev_char(const acc_buf *b, size_t at)
{
	while (at > 0 && cont((unsigned char)b->ptr[--at]))
		;
	return at;
}

/* The offset of the code point after at in b. */
static size_t next_char(const acc_buf *b, size_t at)
{
	if (at < b->size)
		at++;
	while (at < b->size && cont((unsigned char)b->ptr[at]))
		at++;
	return at;
}

/* The start of the word before at (spaces before the cursor skipped). */
static size_t prev_word(const acc_buf *b, size_t at)
{
	while (at > 0 && b->ptr[at - 1] == ' ')
		at--;
	while (at > 0 && b->ptr[at - 1] != ' ')
		at--;
	return at;
}

/* The end of the word after at. */
static size_t next_word(const acc_buf *b, size_t at)
{
	while (at < b->size && b->ptr[at] == ' ')
		at++;
	while (at < b->size && b->ptr[at] != ' ')
		at++;
	return at;
}

/* Removes the bytes [from, to) of the input, moving the cursor to from. */
static void input_cut(tui *t, size_t from, size_t to)
{
	acc_buf *b = &t->input;

	if (to <= from)
		return;
	memmove(b->ptr + from, b->ptr + to, b->size - to + 1);
	b->size -= to - from;
	t->input_at = from;
}

/* Inserts n bytes at the cursor (the line stays under 4096 bytes). */
static void input_insert(tui *t, const char *s, size_t n)
{
	acc_buf *b = &t->input;

	if (b->size + n >= 4096 || acc_buf_grow(b, n + 1) < 0)
		return;
	memmove(b->ptr + t->input_at + n, b->ptr + t->input_at, b->size - t->input_at);
	memcpy(b->ptr + t->input_at, s, n);
	b->size += n;
	b->ptr[b->size] = '\0';
	t->input_at += n;
}

/* Replaces the input with s (the cursor at its end). */
static void input_set(tui *t, const char *s)
{
	acc_buf_clear(&t->input);
	acc_buf_puts(&t->input, s ? s : "");
	t->input_at = t->input.size;
}

/* Whether key is a character that may be typed into a line. */
static int printable(int key)
{
	return key >= 32 && key < 0x110000 && key != 127 && !(key >= 0x80 && key < 0xa0) &&
	       !(key >= 0xd800 && key < 0xe000);
}

/* A one-line editor on the message line: Left/Right, Home/End (also ^A,
 * ^E), Backspace, Delete (^D), ^W and ^U delete the word or all before
 * the cursor, ^K all after it, Up/Down walk this prompt's earlier
 * answers, Enter answers, Esc (^G) cancels.  Pasted text is inserted as
 * typed, its line breaks and tabs as spaces. */
int tui_readline(tui *t, char **out, const char *label, const char *initial)
{
	struct tui_history *h = history_of(t, label);
	size_t walk = h ? h->n : 0; /* the history entry shown (n: the new line) */
	char *fresh = NULL;	    /* the new line, while walking the history */
	int key = 0, rc = 1;

	*out = NULL;
	free(t->prompt);
	t->prompt = acc_strdup(label);
	t->prompt_line = 1;
	input_set(t, initial);
	free(t->msg);
	t->msg = NULL;
	for (;;) {
		if (!prompt_key(t, &key))
			break;
		if (key & TK_PASTED) {
			char u[4];

			key &= ~TK_PASTED;
			if (key == '\n' || key == '\t')
				key = ' ';
			if (printable(key))
				input_insert(t, u, utf8_encode(u, (unsigned)key));
			continue;
		}
		if (key == TK_ENTER) {
			*out = acc_strdup(t->input.ptr ? t->input.ptr : "");
			rc = *out ? 0 : ACC_ENOMEM;
			if (*out)
				history_add(h, *out);
			break;
		}
		if (key == TK_ESC || key == TK_CTRL('g') ||
		    ((key == 127 || key == 8 || key == TK_FN(KEY_BACKSPACE)) && !t->input.size)) {
			/* Esc, or erasing past the start, cancels */
			break;
		}
		if (key == 127 || key == 8 || key == TK_FN(KEY_BACKSPACE))
			input_cut(t, prev_char(&t->input, t->input_at), t->input_at);
		else if (key == TK_FN(KEY_DC) || key == TK_CTRL('d'))
			input_cut(t, t->input_at, next_char(&t->input, t->input_at));
		else if (key == TK_FN(KEY_LEFT) || key == TK_CTRL('b'))
			t->input_at = prev_char(&t->input, t->input_at);
		else if (key == TK_FN(KEY_RIGHT) || key == TK_CTRL('f'))
			t->input_at = next_char(&t->input, t->input_at);
		else if (key == TK_FN(KEY_SLEFT))
			t->input_at = prev_word(&t->input, t->input_at);
		else if (key == TK_FN(KEY_SRIGHT))
			t->input_at = next_word(&t->input, t->input_at);
		else if (key == TK_FN(KEY_HOME) || key == TK_CTRL('a'))
			t->input_at = 0;
		else if (key == TK_FN(KEY_END) || key == TK_CTRL('e'))
			t->input_at = t->input.size;
		else if (key == TK_CTRL('u'))
			input_cut(t, 0, t->input_at);
		else if (key == TK_CTRL('k'))
			input_cut(t, t->input_at, t->input.size);
		else if (key == TK_CTRL('w'))
			input_cut(t, prev_word(&t->input, t->input_at), t->input_at);
		else if ((key == TK_FN(KEY_UP) || key == TK_CTRL('p')) && h && walk > 0) {
			if (walk == h->n) {
				free(fresh);
				fresh = acc_strdup(t->input.ptr ? t->input.ptr : "");
			}
			input_set(t, h->lines[--walk]);
		} else if ((key == TK_FN(KEY_DOWN) || key == TK_CTRL('n')) && h && walk < h->n) {
			walk++;
			input_set(t, walk == h->n ? fresh : h->lines[walk]);
		} else if (key == TK_TAB)
			input_insert(t, " ", 1);
		else if (printable(key)) {
			char u[4];

			input_insert(t, u, utf8_encode(u, (unsigned)key));
		}
	}
	free(fresh);
	end_prompt(t);
	curs_set(0);
	return rc;
}
