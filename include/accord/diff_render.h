/*
 * diff_render: word diffs drawn for the command line (diff_render.c).
 * Needs no repository: the program's front links it on its own.
 */
#ifndef ACCORD_DIFF_RENDER_H
#define ACCORD_DIFF_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "accord/textdiff.h"
#include "accord/util.h"

/* Styles of text: unchanged, deleted, inserted. */
enum { ST_EQUAL, ST_DEL, ST_INS };

/* Sets *color from --color's WHEN (auto, always, never; NULL is auto:
 * out is a terminal, NO_COLOR unset or empty, TERM set and not dumb).
 * Returns -1 for another word. */
int acc_cli_want_color(FILE *out, const char *when, int *color);

/* Columns of the terminal: COLUMNS, else out's window size, else 80. */
size_t acc_cli_term_columns(FILE *out);

/* Appends the diff as track changes (markers without colour). */
int acc_cli_render_inline(acc_buf *o, const acc_diff *d, int color);

/* Appends the diff side by side in cols columns, under two headings. */
int acc_cli_render_side(acc_buf *o, const acc_diff *d, int color, size_t cols, const char *lhead,
			const char *rhead);

/* Appends text wrapped to cols columns, sanitised. */
int acc_cli_wrap_text(acc_buf *o, const char *text, size_t len, size_t cols);

/* Adds the diff's runs ({op, text}) and totals to the JSON object j. */
void acc_cli_diff_json(json_t *j, const acc_diff *d);

/* Whether the arguments of `diff` (argv[0] is "diff") hold --no-index. */
int acc_cli_diff_files_wanted(int argc, char **argv);

/* accord diff --no-index OLD NEW: the word diff of two files, with the
 * options of `accord diff` (--format, --json, --color).  Prints to out and
 * its errors to err; returns the program's exit code. */
int acc_cli_diff_files(int argc, char **argv, FILE *out, FILE *err);

#endif
