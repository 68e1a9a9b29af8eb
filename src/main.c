/* accord: entry point. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "accord/cli.h"

int main(int argc, char **argv)
{
	int rc;

	setlocale(LC_CTYPE, "");
	rc = acc_cli_main(argc, argv);
	/* output that could not be written (a full disk, a closed pipe) is
	 * an error, not a silent success */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "accord: cannot write the output: %s\n", strerror(errno));
		if (rc == ACC_EXIT_OK)
			rc = ACC_EXIT_ERROR;
	}
	return rc;
}
