/* cmd_act: the commands that act (propose, withdraw, open, close, vote,
 * sign, order). */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accord/bracket.h"
#include "accord/json.h"
#include "accord/query.h"
#include "accord/record.h"
#include "accord/sanitize.h"
#include "accord/sign.h"
#include "accord/sync.h"
#include "accord/verify.h"
#include "demo.h"
#include "out.h"

/* ---- actions --------------------------------------------------------------- */

/* accord propose CLAUSE ... */
int acc_cmd_propose(acc_cli *c, int argc, char **argv)
{
	acc_propose_args a;
	const char *cos[64], *sup[64];
	char suplist[4096];
	const char *textfile = NULL;
	char *text = NULL, *id = NULL;
	size_t len = 0, k;
	acc_oid_hex commit;
	int rc, nops = 0;

	memset(&a, 0, sizeof(a));
	a.cosponsors = cos;
	for (k = 0; k < c->nopts; k++) {
		const char *optarg_ = c->opts[k].arg;

		switch (c->opts[k].opt) {
		case 'r':
			a.op = ACC_OP_REPLACE, nops++;
			break;
		case 'i':
			a.op = ACC_OP_INSERT_AFTER, nops++;
			break;
		case 'd':
			a.op = ACC_OP_DELETE, nops++;
			break;
		case 't':
			textfile = optarg_;
			break;
		case 'R':
			a.rationale = optarg_;
			break;
		case 'a':
			a.amends = optarg_;
			break;
		case 'H':
			a.heading = optarg_;
			break;
		case 'I':
			a.new_clause = optarg_;
			break;
		case 'D':
			a.drafted_on = optarg_;
			break;
		case 'S': {
			char *p, *save = NULL;

			if (strlen(optarg_) >= sizeof(suplist))
				return out_usage(c, "--supersedes: too long");
			snprintf(suplist, sizeof(suplist), "%s", optarg_);
			a.nsupersedes = 0;
			a.supersedes = sup;
			for (p = strtok_r(suplist, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
				if (a.nsupersedes == 64)
					return out_usage(c, "too many superseded amendments");
				sup[a.nsupersedes++] = p;
			}
			break;
		}
		case 'c':
			if (a.ncosponsors == 64)
				return out_usage(c, "too many co-sponsors");
			cos[a.ncosponsors++] = optarg_;
			break;
		}
	}
	if (nops != 1)
		return out_usage(c, "give exactly one of --replace, --insert-after, --delete");
	if ((rc = acc_cli_want_args(c, argc, argv, a.amends ? 0 : 1, 1)))
		return rc;
	a.clause = optind < argc ? argv[optind] : NULL;
	if (a.clause && acc_id_check(a.clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if (a.amends && acc_id_check(a.amends, "amendment") < 0)
		return out_fail(c, ACC_EUSAGE);
	if (a.rationale && acc_record_value_valid(a.rationale) < 0) {
		acc_error_prefix(ACC_EUSAGE, "--rationale");
		return out_fail(c, ACC_EUSAGE);
	}
	if (a.heading && acc_record_value_valid(a.heading) < 0) {
		acc_error_prefix(ACC_EUSAGE, "--heading");
		return out_fail(c, ACC_EUSAGE);
	}
	if (a.op != ACC_OP_DELETE && !textfile)
		return out_usage(c, "the proposed text is needed: --text-file FILE (or - for "
				    "standard input)");
	if (a.op == ACC_OP_DELETE && textfile)
		return out_usage(c, "a deletion takes no text");
	if (textfile) {
		if ((rc = acc_file_read(&text, &len, textfile, ACC_RECORD_MAX_SIZE / 2)) < 0)
			return out_fail(c, rc);
		a.text = text;
		a.len = len;
	}
	if ((rc = acc_cli_need_ctx(c)) == 0)
		rc = acc_ops_propose(&id, commit, c->ctx, &a);
	free(text);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "%s\n", id);
	free(id);
	return 0;
}

/* accord withdraw ID */
int acc_cmd_withdraw(acc_cli *c, int argc, char **argv)
{
	const char *favour = c->nopts ? c->opts[c->nopts - 1].arg : NULL;
	acc_oid_hex commit;
	int rc;

	if ((rc = acc_ops_withdraw_for(commit, c->ctx, argv[optind], favour)) < 0)
		return out_fail(c, rc);
	out_printf(c, "withdrew %s%s%s (%.12s)\n", argv[optind], favour ? " in favour of " : "",
		   favour ? favour : "", commit);
	return 0;
}

/* accord open ID */
int acc_cmd_open(acc_cli *c, int argc, char **argv)
{
	const char *rule = NULL, *quorum = NULL;
	acc_oid_hex commit;
	size_t k;
	int rc, only = 0;

	if (acc_bracket_id_shape(argv[optind]))
		return acc_cmd_bracket_ballot(c, argc, argv, "open");
	for (k = 0; k < c->nopts; k++) {
		if (c->opts[k].opt == 'r')
			rule = c->opts[k].arg;
		else if (c->opts[k].opt == 'q')
			quorum = c->opts[k].arg;
		else if (c->opts[k].opt == 'N')
			only = 1;
	}
	if (only && strcmp(argv[optind], "ratification") != 0)
		return out_usage(c,
				 "--negotiation-language-only goes with the ratification ballot");
	rc = only ? acc_ops_open_adoption(commit, c->ctx, rule, quorum, 1)
		  : acc_ops_open(commit, c->ctx, argv[optind], rule, quorum);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "opened the ballot on %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord close ID */
int acc_cmd_close(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	acc_tally t;
	char *tag = NULL;
	int rc;

	if (acc_bracket_id_shape(argv[optind]))
		return acc_cmd_bracket_ballot(c, argc, argv, "close");
	if ((rc = acc_ops_close(commit, &t, &tag, c->ctx, argv[optind])) < 0)
		return out_fail(c, rc);
	out_printf(
	    c, "closed the ballot on %s: %s (yes %u, no %u, abstain %u, absent %u) (%.12s)\n",
	    argv[optind], acc_result_name(t.result), t.yes, t.no, t.abstain, t.absent, commit);
	if (tag)
		out_printf(c, "tagged %s\n", tag);
	free(tag);
	return 0;
}

/* accord vote ID yes|no|abstain|absent */
int acc_cmd_vote(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	acc_vote v;
	int rc;

	if (acc_bracket_id_shape(argv[optind]))
		return acc_cmd_bracket_ballot(c, argc, argv, "vote");
	if (strcmp(argv[optind + 1], "absent") == 0)
		v = ACC_VOTE_NONE; /* set back to not voting */
	else if (acc_vote_parse(&v, argv[optind + 1]) < 0)
		return out_usage(c, "a vote is yes, no, abstain or absent, not '%s'",
				 argv[optind + 1]);
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_vote(commit, c->ctx, argv[optind], v)) < 0)
		return out_fail(c, rc);
	out_printf(c, "voted %s on %s (%.12s)\n", acc_vote_name(v), argv[optind], commit);
	return 0;
}

/* accord order CLAUSE ID... */
int acc_cmd_order(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc;

	if ((rc =
		 acc_ops_order(commit, c->ctx, argv[optind], (const char *const *)argv + optind + 1,
			       (size_t)(argc - optind - 1))) < 0)
		return out_fail(c, rc);
	out_printf(c, "set the voting order of %s (%.12s)\n", argv[optind], commit);
	return 0;
}
