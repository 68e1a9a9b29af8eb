/* keys: the request table, key bindings and key names. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "accord/util.h"
#include "draw.h"
#include "keys.h"

#define GROUP_(title)		  {REQ_NONE, title, NULL, {0}},
#define REQ_(id, name, help, ...) {REQ_##id, name, help, {__VA_ARGS__, 0}},

static const tui_key_entry table[] = {TUI_REQUESTS(GROUP_, REQ_)};

/* The request table, groups included. */
const tui_key_entry *tui_key_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

/* The request bound to a key. */
tui_request tui_key_request(int key)
{
	size_t i, k;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (k = 0; k < TK_MAX_KEYS && table[i].keys[k]; k++)
			if (table[i].keys[k] == key)
				return table[i].req;
	return REQ_NONE;
}

/* Names of the keys that are not plain characters. */
static const struct {
	int key;
	const char *name;
} names[] = {
    {TK_ENTER, "Enter"},
    {'\r', "Enter"},
    {TK_ESC, "Esc"},
    {TK_TAB, "Tab"},
    {TK_BACKTAB, "S-Tab"},
    {' ', "Space"},
    {'<', "LT"},
    {127, "Backspace"},
    {TK_FN(KEY_BACKSPACE), "Backspace"},
    {TK_FN(KEY_UP), "Up"},
    {TK_FN(KEY_DOWN), "Down"},
    {TK_FN(KEY_LEFT), "Left"},
    {TK_FN(KEY_RIGHT), "Right"},
    {TK_FN(KEY_PPAGE), "PgUp"},
    {TK_FN(KEY_NPAGE), "PgDn"},
    {TK_FN(KEY_HOME), "Home"},
    {TK_FN(KEY_END), "End"},
    {TK_FN(KEY_DC), "Del"},
    {TK_FN(KEY_F(1)), "F1"},
    {TK_RESIZE, "Resize"},
};

/* The display name of a key, as the help and the scripts spell it. */
const char *tui_key_name(char *buf, size_t size, int key)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key) {
			snprintf(buf, size, "<%s>", names[i].name);
			return buf;
		}
	if (key > 0 && key < 32) {
		snprintf(buf, size, "<C-%c>", key + 'a' - 1);
	} else if (key >= 32 && key < 0x110000) {
		char u[5] = {0};

		utf8_encode(u, (unsigned)key);
		snprintf(buf, size, "%s", u);
	} else {
		snprintf(buf, size, "<key %#x>", (unsigned)key);
	}
	return buf;
}

/* Reads one key name or character from a script line. */
size_t tui_key_parse(int *key, const char *s)
{
	size_t i, len;
	uint32_t cp;
	int n;

	if (s[0] == '<' && s[1] && s[1] != '>') {
		const char *end = strchr(s, '>');

		if (!end)
			return 0;
		len = (size_t)(end - s - 1);
		if (len == 3 && s[1] == 'C' && s[2] == '-' && s[3] >= 'a' && s[3] <= 'z') {
			*key = s[3] - 'a' + 1;
			return 5;
		}
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == len &&
			    memcmp(names[i].name, s + 1, len) == 0 && names[i].key != '\r' &&
			    names[i].key != 127) {
				*key = names[i].key;
				return len + 2;
			}
		return 0;
	}
	n = acc_utf8_decode(s, strlen(s), &cp);
	if (n <= 0)
		return 0;
	*key = (int)cp;
	return (size_t)n;
}
