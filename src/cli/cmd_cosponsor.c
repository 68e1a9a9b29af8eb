/* cmd_cosponsor: `accord cosponsor`, an invited organisation's consent. */
#include <getopt.h>
#include <stdio.h>

#include "accord/ops.h"
#include "out.h"

int acc_cmd_cosponsor(acc_cli *c, int argc, char **argv);

enum { OPT_WITHDRAW = 2101 };

/* accord cosponsor AMENDMENT [--withdraw] */
int acc_cmd_cosponsor(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"withdraw", no_argument, NULL, OPT_WITHDRAW},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_oid_hex commit;
	int o, rc, withdraw = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_WITHDRAW)
			withdraw = 1;
		else
			return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_cosponsor(commit, c->ctx, argv[optind], withdraw)) < 0)
		return out_fail(c, rc);
	out_printf(c, "%s %s (%.12s)\n", withdraw ? "no longer co-sponsoring" : "co-sponsoring",
		   argv[optind], commit);
	return 0;
}
