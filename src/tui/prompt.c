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
		if (*key == TK_MOUSE)
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

/* Removes the last character (code point) of b. */
static void erase_char(acc_buf *b)
{
	while (b->size > 0) {
		unsigned char c = (unsigned char)b->ptr[--b->size];

		if ((c & 0xc0) != 0x80)
			break;
	}
	if (b->ptr)
		b->ptr[b->size] = '\0';
}

/* Removes the last word of b (and the spaces after it). */
static void erase_word(acc_buf *b)
{
	while (b->size > 0 && b->ptr[b->size - 1] == ' ')
		b->size--;
	while (b->size > 0 && b->ptr[b->size - 1] != ' ')
		b->size--;
	if (b->ptr)
		b->ptr[b->size] = '\0';
}

/* A one-line editor on the message line (Backspace, ^U, ^W, Enter, Esc). */
int tui_readline(tui *t, char **out, const char *label, const char *initial)
{
	int key = 0, rc = 1;

	*out = NULL;
	free(t->prompt);
	t->prompt = acc_strdup(label);
	t->prompt_line = 1;
	acc_buf_clear(&t->input);
	acc_buf_puts(&t->input, initial ? initial : "");
	free(t->msg);
	t->msg = NULL;
	for (;;) {
		if (!prompt_key(t, &key))
			break;
		if (key == TK_ENTER) {
			*out = acc_strdup(t->input.ptr ? t->input.ptr : "");
			rc = *out ? 0 : ACC_ENOMEM;
			break;
		}
		if (key == TK_ESC || key == TK_CTRL('g') ||
		    ((key == 127 || key == 8 || key == TK_FN(KEY_BACKSPACE)) && !t->input.size)) {
			/* Esc, or erasing past the start, cancels */
			break;
		}
		if (key == 127 || key == 8 || key == TK_FN(KEY_BACKSPACE))
			erase_char(&t->input);
		else if (key == TK_CTRL('u'))
			acc_buf_clear(&t->input);
		else if (key == TK_CTRL('w'))
			erase_word(&t->input);
		else if (key == TK_TAB)
			acc_buf_putc(&t->input, ' ');
		else if (key >= 32 && key < 0x110000 && key != 127 &&
			 !(key >= 0x80 && key < 0xa0) && !(key >= 0xd800 && key < 0xe000)) {
			char u[4];

			if (t->input.size < 4096)
				acc_buf_put(&t->input, u, utf8_encode(u, (unsigned)key));
		}
	}
	end_prompt(t);
	curs_set(0);
	return rc;
}
