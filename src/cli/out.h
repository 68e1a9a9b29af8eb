/*
 * out: output helpers of the command-line face (private to src/cli).
 * Text goes through the sanitiser; JSON through jansson.
 */
#ifndef ACCORD_CLI_OUT_H
#define ACCORD_CLI_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "accord/cli.h"
#include "accord/ops.h"

struct acc_cli {
	const char *dir; /* -C, or "." */
	const char *as;	 /* --as, or ACCORD_AS */
	FILE *out, *err;
	acc_ctx *ctx;
	const acc_cli_command *cmd;
};

/* Prints formatted text to the output, sanitised (newlines and tabs kept). */
void out_printf(acc_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a JSON value (indented, one trailing newline) and frees it. */
int out_json(acc_cli *c, json_t *v);

/* A JSON string of s (NULL gives null; invalid UTF-8 is made visible). */
json_t *js(const char *s);

/* Prints "accord: <last error>" and returns the exit status for code. */
int out_fail(acc_cli *c, int code);

/* Prints a usage error for the current command and returns 2. */
int out_usage(acc_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats a commit time as "YYYY-MM-DD HH:MM" (UTC) into buf. */
void out_date(char *buf, size_t size, long long t);

#endif
