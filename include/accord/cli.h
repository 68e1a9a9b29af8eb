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

#include <stdio.h>

enum {
	ACC_EXIT_OK = 0,
	ACC_EXIT_ERROR = 1,
	ACC_EXIT_USAGE = 2,
	ACC_EXIT_REFUSED = 3,
	ACC_EXIT_VERIFY = 4,
};

typedef struct acc_cli acc_cli;

typedef struct {
	const char *name;
	int (*run)(acc_cli *cli, int argc, char **argv);
	const char *synopsis; /* arguments after the name */
	const char *summary;  /* one line */
	const char *options;  /* option lines for --help, "" when none */
} acc_cli_command;

/* The table of commands, ending with a zeroed entry. */
extern const acc_cli_command acc_cli_commands[];

/* Runs accord with argv; returns the exit status. */
int acc_cli_main(int argc, char **argv);

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
