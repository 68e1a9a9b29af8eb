/* accord: entry point. */
#include <locale.h>

#include "accord/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	return acc_cli_main(argc, argv);
}
