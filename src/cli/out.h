/*
 * out: output helpers of the command-line face (private to src/cli).
 * Text goes through the sanitiser; JSON through jansson.
 */
#ifndef ACCORD_CLI_OUT_H
#define ACCORD_CLI_OUT_H

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "accord/cli.h"
#include "accord/ops.h"

struct acc_cli {
	const char *dir; /* -C, or "." */
	const char *as;	 /* --as, or ACCORD_AS */
	const char *key; /* --key */
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

#define OPT_HELP 1000
#define OPT_JSON 1001
#define OPT_AT	 1002

/* The acting delegate's email: --as, ACCORD_AS, else git's user.email
 * (store may be NULL: the user's configuration only). */
char *acc_cli_actor_email(acc_cli *c, acc_store *store);

/* Opens the convention once (c->ctx), with the actor and ACCORD_DATE. */
int acc_cli_need_ctx(acc_cli *c);

/* Starts the option parsing of a command (resets getopt). */
void acc_cli_opts_begin(void);

/* The next option (getopt_long); on an unknown one prints usage and
 * returns '?'; -1 at the end. */
int acc_cli_next_opt(acc_cli *c, int argc, char **argv, const char *shorts,
		     const struct option *longs);

/* Prints the current command's --help; returns 0. */
int acc_cli_command_help(acc_cli *c);

/* Checks the operand count (min..max); prints usage and returns 2 if off. */
int acc_cli_want_args(acc_cli *c, int argc, char **argv, int min, int max);

/* Formats a commit time as "YYYY-MM-DD HH:MM" (UTC) into buf. */
void out_date(char *buf, size_t size, long long t);

/* accord rules (src/cli/cmd_rules.c). */
int acc_cmd_rules(acc_cli *c, int argc, char **argv);

#endif
