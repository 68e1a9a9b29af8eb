/*
 * cmd_rules: the command `rules`, by which the chair changes the
 * convention's voting rules for the ballots opened after it.
 */
#include <getopt.h>
#include <stdlib.h>

#include "out.h"

/* accord rules [--rule R] [--quorum F] [--ratification-rule R]
 * [--ratification-quorum F] */
int acc_cmd_rules(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"rule", required_argument, NULL, 'r'},
					     {"quorum", required_argument, NULL, 'q'},
					     {"ratification-rule", required_argument, NULL, 'R'},
					     {"ratification-quorum", required_argument, NULL, 'Q'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	const char *v[4] = {NULL, NULL, NULL, NULL};
	acc_oid_hex commit;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == 'r')
			v[0] = optarg;
		else if (o == 'q')
			v[1] = optarg;
		else if (o == 'R')
			v[2] = optarg;
		else if (o == 'Q')
			v[3] = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if (!v[0] && !v[1] && !v[2] && !v[3])
		return out_usage(c, "nothing to change: give --rule, --quorum, --ratification-rule "
				    "or --ratification-quorum");
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_rules(commit, c->ctx, v[0], v[1], v[2], v[3])) < 0)
		return out_fail(c, rc);
	out_printf(c, "changed the rules for ballots opened from now on (%.12s)\n", commit);
	return 0;
}
