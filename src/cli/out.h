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
#include "accord/query.h"
#include "accord/textdiff.h"

struct acc_cli {
	const char *dir; /* -C, or "." */
	const char *as;	 /* --as, or ACCORD_AS */
	const char *key; /* --key */
	FILE *out, *err;
	const acc_cli_interface *ui; /* how to start the interface, or NULL */
	acc_ctx *ctx;
	const acc_cli_command *cmd;
	/* what the set-up found or opened (see ACC_CMD_* in cli.h) */
	int json;	 /* --json */
	const char *at;	 /* --at REV, or NULL */
	acc_index *ix;	 /* ACC_CMD_INDEX (owned by ctx) */
	acc_state *st;	 /* ACC_CMD_STATE (freed after the command) */
	acc_oid_hex rev; /* ACC_CMD_STATE: the commit st was read at */
	size_t nopts;	 /* the command's own options, in order */
	struct {
		int opt;	 /* getopt's value */
		const char *arg; /* its argument, or NULL */
	} opts[128];
};

/* Prints formatted text to the output, sanitised (newlines and tabs kept). */
void out_printf(acc_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints formatted text to the error stream, sanitised (remote data). */
void out_errf(acc_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/* export's own options (its table entry in cli.c) */
enum { OPT_FORMAT = 'f', OPT_OUTPUT = 'o', OPT_SINCE = 2001, OPT_PUBLISH, OPT_YES };

/* Opens the convention once (c->ctx), with the actor and ACCORD_DATE. */
int acc_cli_need_ctx(acc_cli *c);

/* The set-up of c->cmd from its table entry (see ACC_CMD_* in cli.h):
 * returns -1 when the command should run, else the exit status to
 * return at once (its --help, a usage error, a convention that does not
 * open). */
int acc_cli_setup(acc_cli *c, int argc, char **argv);

/* The index (c->ix), opened with the convention when needed. */
int acc_cli_need_index(acc_cli *c);

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

/* The commands (cmd_read.c, cmd_act.c, cmd_share.c, cmd_diff.c,
 * cmd_export.c), as the table in cli.c names them. */
int acc_cmd_clauses(acc_cli *c, int argc, char **argv);
int acc_cmd_registry(acc_cli *c, int argc, char **argv);
int acc_cmd_cosponsor(acc_cli *c, int argc, char **argv);
int acc_cmd_record(acc_cli *c, int argc, char **argv);
/* Prints one line of a tally's roll-call: the vote, marked when the chair
 * recorded it (and confirmed or contested). */
void out_rollcall_vote(acc_cli *c, const acc_ballot *b, const acc_vote_rec *v);
/* Prints what a tally adds for a roll-call recorded by the chair (the
 * counts by source, the record's absences and contests) and the
 * explanations of vote; nothing when there are neither. */
void out_rollcall(acc_cli *c, const acc_query_tally *q);
int acc_cmd_confirm(acc_cli *c, int argc, char **argv);
int acc_cmd_contest(acc_cli *c, int argc, char **argv);
int acc_cmd_explain(acc_cli *c, int argc, char **argv);
/* cmd_translate.c: translations, and the --lang forms of show and diff */
int acc_cmd_translate(acc_cli *c, int argc, char **argv);
int acc_cmd_translations(acc_cli *c, int argc, char **argv);
int acc_cli_show_lang(acc_cli *c, const acc_state *st, const char *id, const char *lang);
int acc_cli_diff_source(acc_cli *c, int argc, char **argv, const char *lang, int json, int color);
int acc_cmd_show(acc_cli *c, int argc, char **argv);
int acc_cmd_orgs(acc_cli *c, int argc, char **argv);
int acc_cmd_log(acc_cli *c, int argc, char **argv);
int acc_cmd_reindex(acc_cli *c, int argc, char **argv);
int acc_cmd_status(acc_cli *c, int argc, char **argv);
int acc_cmd_inbox(acc_cli *c, int argc, char **argv); /* cmd_inbox.c */
int acc_cmd_search(acc_cli *c, int argc, char **argv);
int acc_cmd_amendments(acc_cli *c, int argc, char **argv);
int acc_cmd_amendment(acc_cli *c, int argc, char **argv);
int acc_cmd_tally(acc_cli *c, int argc, char **argv);
int acc_cmd_propose(acc_cli *c, int argc, char **argv);
int acc_cmd_withdraw(acc_cli *c, int argc, char **argv);
int acc_cmd_open(acc_cli *c, int argc, char **argv);
int acc_cmd_close(acc_cli *c, int argc, char **argv);
int acc_cmd_vote(acc_cli *c, int argc, char **argv);
int acc_cmd_sign(acc_cli *c, int argc, char **argv);
int acc_cmd_object(acc_cli *c, int argc, char **argv);
int acc_cmd_deposit(acc_cli *c, int argc, char **argv);
int acc_cmd_notify(acc_cli *c, int argc, char **argv);
int acc_cmd_treaty(acc_cli *c, int argc, char **argv);
int acc_cmd_withdraw_reservation(acc_cli *c, int argc, char **argv);
int acc_cmd_denounce(acc_cli *c, int argc, char **argv);
int acc_cmd_order(acc_cli *c, int argc, char **argv);
int acc_cmd_allowed_signers(acc_cli *c, int argc, char **argv);
int acc_cmd_verify(acc_cli *c, int argc, char **argv);
int acc_cmd_sync(acc_cli *c, int argc, char **argv);
int acc_cmd_clone(acc_cli *c, int argc, char **argv);
int acc_cmd_init(acc_cli *c, int argc, char **argv);
int acc_cmd_demo(acc_cli *c, int argc, char **argv);
int acc_cmd_tui(acc_cli *c, int argc, char **argv);
int acc_cmd_diff(acc_cli *c, int argc, char **argv);
int acc_cmd_rebase(acc_cli *c, int argc, char **argv);
int acc_cmd_blame(acc_cli *c, int argc, char **argv);
int acc_cmd_export(acc_cli *c, int argc, char **argv);
int acc_cmd_rules(acc_cli *c, int argc, char **argv);
/* cmd_bracket.c: bracketed text */
int acc_cmd_bracket(acc_cli *c, int argc, char **argv);
int acc_cmd_support(acc_cli *c, int argc, char **argv);
int acc_cmd_resolve(acc_cli *c, int argc, char **argv);
int acc_cmd_brackets(acc_cli *c, int argc, char **argv);
/* open, vote or close (what) on a bracket */
int acc_cmd_bracket_ballot(acc_cli *c, int argc, char **argv, const char *what);
/* accord show's text of cl, with its brackets inline and listed */
int acc_cli_show_brackets(acc_cli *c, const acc_clause *cl);
/* accord show --json's rolling_text and brackets of cl, set on j */
int acc_cli_show_brackets_json(acc_cli *c, json_t *j, const acc_clause *cl);
/* cmd_comment.c */
int acc_cmd_comment(acc_cli *c, int argc, char **argv);
int acc_cmd_comments(acc_cli *c, int argc, char **argv);
int acc_cmd_voting_list(acc_cli *c, int argc, char **argv);

#endif
