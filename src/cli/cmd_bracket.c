/* cmd_bracket: the commands on bracketed text (bracket, support, resolve,
 * brackets, and open/vote/close when their operand is a bracket). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "accord/bracket_ops.h"
#include "accord/bracket_query.h"
#include "accord/record.h"
#include "out.h"

#define MAX_OPTIONS 32

/* accord bracket CLAUSE --span WORDS (--option TEXT | --text-file F)... */
int acc_cmd_bracket(acc_cli *c, int argc, char **argv)
{
	const char *opts[MAX_OPTIONS];
	char *owned[2 * MAX_OPTIONS], *id = NULL; /* texts read, then trimmed copies */
	acc_bracket_args a;
	acc_oid_hex commit;
	size_t k, nowned = 0;
	int rc = 0;

	memset(&a, 0, sizeof(a));
	a.options = opts;
	a.clause = argv[optind];
	for (k = 0; k < c->nopts && rc == 0; k++) {
		const char *arg = c->opts[k].arg;

		switch (c->opts[k].opt) {
		case 's':
			a.span = arg;
			break;
		case 'O': {
			char *end = NULL;
			unsigned long v = strtoul(arg, &end, 10);

			if (!*arg || *end || v == 0 || v > 100000 || arg[0] == '-')
				rc = out_usage(c, "--occurrence is a number from 1");
			a.occurrence = (unsigned)v;
			break;
		}
		case 'o':
		case 't':
			if (a.noptions == MAX_OPTIONS) {
				rc = out_usage(c, "at most %d options", MAX_OPTIONS);
				break;
			}
			if (c->opts[k].opt == 't') {
				size_t len;
				char *text = NULL;

				if ((rc = acc_file_read(&text, &len, arg,
							ACC_RECORD_MAX_SIZE / 4)) < 0) {
					rc = out_fail(c, rc);
					break;
				}
				owned[nowned++] = text;
				arg = text;
			}
			/* trailing spaces and newlines are not part of an option */
			opts[a.noptions++] = arg;
			break;
		}
	}
	if (rc == 0 && !a.span)
		rc = out_usage(c, "the bracketed words are needed: --span \"WORDS\"");
	if (rc == 0 && a.noptions < 2)
		rc = out_usage(c, "a bracket needs at least two options (--option or --text-file)");
	if (rc == 0) {
		for (k = 0; k < a.noptions; k++) {
			char *t = acc_strdup(opts[k]);
			size_t l = t ? strlen(t) : 0;

			while (l && strchr(" \t\r\n", t[l - 1]))
				t[--l] = '\0';
			if (!t) {
				rc = out_fail(c, ACC_ENOMEM);
				break;
			}
			owned[nowned++] = t;
			opts[k] = t;
		}
		if (rc == 0 && (rc = acc_cli_need_ctx(c)) == 0)
			rc = acc_ops_bracket(&id, commit, c->ctx, &a);
		rc = rc < 0 ? out_fail(c, rc) : rc;
		if (rc == 0)
			out_printf(c, "%s\n", id);
	}
	for (k = 0; k < nowned; k++)
		free(owned[k]);
	free(id);
	return rc;
}

/* accord support BRACKET OPTION [--withdraw] */
int acc_cmd_support(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc, withdraw = c->nopts > 0;

	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_support(commit, c->ctx, argv[optind], argv[optind + 1], withdraw)) < 0)
		return out_fail(c, rc);
	out_printf(c, "%s option %s of %s (%.12s)\n",
		   withdraw ? "no longer supporting" : "supporting", argv[optind + 1], argv[optind],
		   commit);
	return 0;
}

/* accord resolve BRACKET OPTION */
int acc_cmd_resolve(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc;

	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_resolve(commit, c->ctx, argv[optind], argv[optind + 1])) < 0)
		return out_fail(c, rc);
	out_printf(c, "resolved %s: option %s is in the text (%.12s)\n", argv[optind],
		   argv[optind + 1], commit);
	return 0;
}

/* Prints bracket b of st as `accord brackets` and `accord show` list it. */
static void print_bracket(acc_cli *c, const acc_state *st, const acc_bracket *b)
{
	size_t k;

	out_printf(c, "%s  %s  %s  \"%s\"\n", b->id, b->clause,
		   acc_bracket_status_name(acc_bracket_status_of(st, b)), b->span);
	for (k = 0; k < b->noptions; k++) {
		char *sup = acc_bracket_supporters(b, (unsigned)(k + 1));

		out_printf(c, "  %zu [%s]%s%s\n", k + 1, b->options[k], sup && *sup ? "  " : "",
			   sup ? sup : "");
		free(sup);
	}
}

/* accord brackets [--clause C] [--json] */
int acc_cmd_brackets(acc_cli *c, int argc, char **argv)
{
	const char *clause = NULL;
	json_t *arr = NULL;
	size_t i, k;

	for (k = 0; k < c->nopts; k++)
		if (c->opts[k].opt == 'c')
			clause = c->opts[k].arg;
	if (clause && !acc_state_clause(c->st, clause)) {
		acc_error_set(ACC_ENOTFOUND, "no clause '%s'", clause);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (c->json)
		arr = json_array();
	for (i = 0; i < c->st->nbrackets; i++) {
		const acc_bracket *b = &c->st->brackets[i];

		if ((clause && strcmp(b->clause, clause) != 0) || !acc_bracket_pending(c->st, b))
			continue;
		if (arr)
			json_array_append_new(arr, acc_json_bracket(c->st, b));
		else
			print_bracket(c, c->st, b);
	}
	return arr ? (out_json(c, arr) < 0 ? out_fail(c, ACC_ENOMEM) : 0) : 0;
}

/* Prints the clause text of cl with its brackets inline, and each
 * bracket's options with their supporters (for accord show). */
int acc_cli_show_brackets(acc_cli *c, const acc_clause *cl)
{
	acc_bracket_at *at = NULL;
	char *text = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = acc_brackets_inline(&text, c->st, cl)) < 0 ||
	    (rc = acc_brackets_in_clause(&at, &n, c->st, cl)) < 0)
		goto done;
	if (text[0])
		out_printf(c, "\n%s", text);
	if (n)
		out_printf(c, "\nBrackets:\n");
	for (i = 0; i < n; i++)
		print_bracket(c, c->st, at[i].b);
done:
	free(text);
	free(at);
	return rc;
}

/* accord open|vote|close BRACKET ...: the ballot on a bracket. */
int acc_cmd_bracket_ballot(acc_cli *c, int argc, char **argv, const char *what)
{
	acc_oid_hex commit;
	unsigned chosen = 0;
	size_t k;
	int rc;

	if ((rc = acc_cli_need_ctx(c)) < 0)
		return out_fail(c, rc);
	if (strcmp(what, "open") == 0) {
		const char *rule = NULL, *quorum = NULL;

		for (k = 0; k < c->nopts; k++) {
			if (c->opts[k].opt == 'r')
				rule = c->opts[k].arg;
			else if (c->opts[k].opt == 'q')
				quorum = c->opts[k].arg;
		}
		if ((rc = acc_ops_bracket_open(commit, c->ctx, argv[optind], rule, quorum)) < 0)
			return out_fail(c, rc);
		out_printf(c, "opened the ballot on %s (%.12s)\n", argv[optind], commit);
	} else if (strcmp(what, "vote") == 0) {
		if ((rc = acc_ops_bracket_vote(commit, c->ctx, argv[optind], argv[optind + 1])) < 0)
			return out_fail(c, rc);
		out_printf(c, "chose option %s on %s (%.12s)\n", argv[optind + 1], argv[optind],
			   commit);
	} else {
		if ((rc = acc_ops_bracket_close(commit, &chosen, c->ctx, argv[optind])) < 0)
			return out_fail(c, rc);
		if (chosen)
			out_printf(c, "closed the ballot on %s: option %u is in the text (%.12s)\n",
				   argv[optind], chosen, commit);
		else
			out_printf(c,
				   "closed the ballot on %s: no option reached the rule, the "
				   "bracket stays (%.12s)\n",
				   argv[optind], commit);
	}
	return 0;
}

/* Sets show --json's rolling_text and brackets of cl on j. */
int acc_cli_show_brackets_json(acc_cli *c, json_t *j, const acc_clause *cl)
{
	acc_bracket_at *at = NULL;
	json_t *ids = json_array();
	char *text = NULL;
	size_t n = 0, i;
	int rc = ids ? 0 : ACC_ENOMEM;

	if (rc == 0 && (rc = acc_brackets_inline(&text, c->st, cl)) == 0 &&
	    (rc = acc_brackets_in_clause(&at, &n, c->st, cl)) == 0)
		for (i = 0; i < n && rc == 0; i++)
			rc = json_array_append_new(ids, js(at[i].b->id)) ? ACC_ENOMEM : 0;
	if (rc == 0) { /* each set takes its value, also when it fails */
		int bad = json_object_set_new(j, "rolling_text", js(text));

		bad |= json_object_set_new(j, "brackets", ids);
		if (bad)
			rc = acc_error_set(ACC_ENOMEM, "out of memory");
	} else {
		json_decref(ids);
	}
	free(text);
	free(at);
	return rc;
}
