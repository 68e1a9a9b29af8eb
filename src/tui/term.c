/* term: checks that the terminal can show the interface (terminfo). */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accord/sanitize.h"
#include "app.h"
/* after app.h: term.h defines macros (lines, columns) that clash with
 * field names of the public headers */
#include <term.h>

/* Refuses to start without a terminal that can be drawn on. */
int tui_check_terminal(void)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return acc_error_set(ACC_EUSAGE,
				     "the interface needs a terminal (standard %s is not one); "
				     "the commands work without one: see accord --help",
				     isatty(STDIN_FILENO) ? "output" : "input");
	if (!term || !term[0])
		return acc_error_set(ACC_EUSAGE, "TERM is not set: the interface cannot draw");
	if (strcmp(term, "dumb") == 0)
		return acc_error_set(ACC_EUSAGE,
				     "the terminal is dumb (TERM=dumb): the interface "
				     "needs cursor movement; the commands work anywhere");
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		acc_buf safe = ACC_BUF_INIT;

		acc_sanitize(&safe, term, strlen(term), 0);
		acc_error_set(ACC_EUSAGE, "unknown terminal type '%s' (no terminfo entry)",
			      safe.ptr ? safe.ptr : "");
		acc_buf_free(&safe);
		return ACC_EUSAGE;
	}
	if (!tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		del_curterm(cur_term);
		return acc_error_set(ACC_EUSAGE, "the terminal '%s' cannot move the cursor", term);
	}
	del_curterm(cur_term);
	return 0;
}
