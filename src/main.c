/*
 * accord: the program, in accord's core library (libaccord-core.so), which
 * the front (src/front.c, the executable) loads and calls for every
 * command it does not run itself.  acc_program_main is the only place
 * that sees both faces: it
 * hands the command line what it needs to start the interface, and the
 * interface the command line's runner for its ':' prompt, so that neither
 * face calls the other (tests/layers.txt).
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "accord/cli.h"
#include "accord/tui.h"

int acc_program_main(int argc, char **argv);

/* Runs the interface with the command line's runner and its commands
 * listed in the help screen. */
static int open_interface(const char *dir, const char *as, const char *key, const char *start)
{
	static acc_tui_command cmds[64];
	acc_tui_options o;
	size_t i, n = 0;

	for (i = 0; acc_cli_commands[i].name && n + 1 < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cmds[n].name = acc_cli_commands[i].name;
		cmds[n].summary = acc_cli_commands[i].summary;
		cmds[n].reads = (acc_cli_commands[i].flags & ACC_CMD_READS) != 0;
		cmds[n++].elsewhere = (acc_cli_commands[i].flags & ACC_CMD_OTHER) != 0;
	}
	memset(&cmds[n], 0, sizeof(cmds[n]));
	memset(&o, 0, sizeof(o));
	o.key = key;
	o.run = acc_cli_run_key;
	o.commands = cmds;
	o.start = start;
	return acc_tui_main(dir, as, &o);
}

/* The interface's key table, as text or (roff) as the man page lists it. */
static void print_keys(FILE *out, int roff)
{
	acc_tui_print_keys(out, roff);
}

/* The whole program: what main would be; the front calls it. */
int acc_program_main(int argc, char **argv)
{
	static const acc_cli_interface ui = {open_interface, print_keys};
	int rc;

	setlocale(LC_CTYPE, "");
	rc = acc_cli_main(argc, argv, &ui);
	/* output that could not be written (a full disk, a closed pipe) is
	 * an error, not a silent success */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "accord: cannot write the output: %s\n", strerror(errno));
		if (rc == ACC_EXIT_OK)
			rc = ACC_EXIT_ERROR;
	}
	return rc;
}
