/*
 * cli: the command-line face.  Parses arguments, calls ops, renders the
 * results as text (every byte of repository text through the sanitiser)
 * or JSON (through jansson), and maps errors to exit statuses:
 *
 *   0 success   1 error   2 usage   3 refused   4 verification problems
 *
 * The table of commands is the one source of `accord --help`, each
 * command's --help and the man page's synopsis.
 */
#ifndef ACCORD_CLI_H
#define ACCORD_CLI_H

#include <getopt.h>
#include <stdio.h>

enum {
	ACC_EXIT_OK = 0,
	ACC_EXIT_ERROR = 1,
	ACC_EXIT_USAGE = 2,
	ACC_EXIT_REFUSED = 3,
	ACC_EXIT_VERIFY = 4,
};

typedef struct acc_cli acc_cli;

/* What the set-up of a command does before it runs (its table entry's
 * flags), as git's cmd_struct: with ACC_CMD_PARSE the dispatcher parses
 * --help, the options the other flags name and the command's own (kept in
 * order for it), checks the operand count and the first operand's id, and
 * opens what the command reads; the command starts at its operands. */
enum {
	ACC_CMD_PARSE = 1 << 0, /* the dispatcher parses the options and operands */
	ACC_CMD_JSON = 1 << 1,	/* takes --json */
	ACC_CMD_AT = 1 << 2,	/* takes --at REV */
	ACC_CMD_NO_AT = 1 << 3, /* refuses --at: "--at is not supported here" */
	ACC_CMD_CTX = 1 << 4,	/* needs the convention, with the actor and the key */
	ACC_CMD_INDEX = 1 << 5, /* needs the index, brought up to date */
	ACC_CMD_STATE = 1 << 6, /* needs the state at --at (else the tip) */
	/* for the interface's ':' prompt, which runs any command: */
	ACC_CMD_READS = 1 << 7, /* signs nothing: run without asking */
	ACC_CMD_OTHER = 1 << 8, /* makes or opens another convention: refused there */
};

typedef struct {
	const char *name;
	int (*run)(acc_cli *cli, int argc, char **argv);
	const char *synopsis; /* arguments after the name */
	const char *summary;  /* one line */
	const char *options;  /* option lines for --help, "" when none */
	unsigned flags;	      /* ACC_CMD_*; 0: the command parses its arguments itself */
	int min_args;	      /* operands (with ACC_CMD_PARSE); -1: the command checks */
	int max_args;
	const char *operand;	   /* the first operand is an id of this kind ("clause",
				      "amendment", or "ballot": an amendment or
				      "ratification"), checked first; NULL: not checked */
	const struct option *opts; /* the command's own options, kept in acc_cli */
	const char *shorts;	   /* their short forms for getopt ("" or NULL: none) */
} acc_cli_command;

/* The table of commands, ending with a zeroed entry. */
extern const acc_cli_command acc_cli_commands[];

/*
 * How the command line starts the full-screen interface.  main, which
 * alone sees both faces, supplies it: the CLI never calls the interface
 * and the interface never calls the CLI (it receives acc_cli_run_key as
 * its runner).  NULL where no interface may start (inside the interface's
 * ':' prompt): `accord tui` and `accord demo` then say so.
 */
typedef struct {
	/* Runs the interface on dir as `as` with key, opening start (a clause
	 * or an amendment; NULL: the contents); a negative ACC_E* on failure. */
	int (*open)(const char *dir, const char *as, const char *key, const char *start);
	/* Prints the interface's key table as plain text, or as roff for
	 * the man page (roff 1). */
	void (*print_keys)(FILE *out, int roff);
} acc_cli_interface;

/* Runs accord with argv; returns the exit status.  ui may be NULL. */
int acc_cli_main(int argc, char **argv, const acc_cli_interface *ui);

/* Runs one command line (argv[0] is the command name) with the given
 * globals; output goes to out and errors to err.  For the interface's
 * ':' prompt. */
int acc_cli_run(int argc, char **argv, const char *dir, const char *as, FILE *out, FILE *err);

/* As acc_cli_run, with a signing key (--key). */
int acc_cli_run_key(int argc, char **argv, const char *dir, const char *as, const char *key,
		    FILE *out, FILE *err);

/* Maps an ACC_E* code to an exit status. */
int acc_cli_exit_status(int code);

#endif
