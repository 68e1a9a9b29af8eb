/* out: sanitised text and JSON output for the command line. */
#include "out.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accord/json.h"
#include "accord/query.h"
#include "accord/sanitize.h"

void out_printf(acc_cli *c, const char *fmt, ...)
{
	acc_buf raw = ACC_BUF_INIT, safe = ACC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	if (acc_buf_vprintf(&raw, fmt, ap) == 0 &&
	    acc_sanitize(&safe, raw.ptr, raw.size, ACC_SAN_NEWLINES | ACC_SAN_TABS) == 0)
		fwrite(safe.ptr, 1, safe.size, c->out);
	va_end(ap);
	acc_buf_free(&raw);
	acc_buf_free(&safe);
}

void out_errf(acc_cli *c, const char *fmt, ...)
{
	acc_buf raw = ACC_BUF_INIT, safe = ACC_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	if (acc_buf_vprintf(&raw, fmt, ap) == 0 &&
	    acc_sanitize(&safe, raw.ptr, raw.size, ACC_SAN_NEWLINES | ACC_SAN_TABS) == 0)
		fwrite(safe.ptr, 1, safe.size, c->err);
	va_end(ap);
	acc_buf_free(&raw);
	acc_buf_free(&safe);
}

int out_json(acc_cli *c, json_t *v)
{
	char *text = NULL;
	int rc;

	if ((rc = acc_json_dump(&text, v)) < 0)
		return rc;
	fputs(text, c->out);
	fputc('\n', c->out);
	free(text);
	return 0;
}

json_t *js(const char *s)
{
	return acc_json_str(s);
}

int out_fail(acc_cli *c, int code)
{
	acc_buf safe = ACC_BUF_INIT;
	const char *msg = acc_error_last();

	if (!msg[0])
		msg = "unknown error";
	if (acc_sanitize(&safe, msg, strlen(msg), 0) == 0)
		fprintf(c->err, "accord: %s\n", safe.ptr);
	acc_buf_free(&safe);
	return acc_cli_exit_status(code);
}

int out_usage(acc_cli *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	acc_error_set(ACC_EUSAGE, "%s", msg);
	{
		acc_buf safe = ACC_BUF_INIT;

		if (acc_sanitize(&safe, msg, strlen(msg), 0) == 0)
			fprintf(c->err, "accord %s: %s\n", c->cmd ? c->cmd->name : "", safe.ptr);
		acc_buf_free(&safe);
	}
	if (c->cmd)
		fprintf(c->err, "usage: accord %s %s\n", c->cmd->name, c->cmd->synopsis);
	return ACC_EXIT_USAGE;
}

void out_date(char *buf, size_t size, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

/* Opens the convention (once), with the actor, the key and ACCORD_DATE
 * decided by the query layer, as for the interface. */
int acc_cli_need_ctx(acc_cli *c)
{
	if (c->ctx)
		return 0;
	return acc_query_open(&c->ctx, c->dir, c->as, c->key);
}

/* Resets getopt and parses the options of a command; returns the option
 * or -1 at the end.  Unknown options print usage (returns '?'). */
int acc_cli_next_opt(acc_cli *c, int argc, char **argv, const char *shorts,
		     const struct option *longs)
{
	int o = getopt_long(argc, argv, shorts, longs, NULL);

	if (o == '?')
		out_usage(c, "unknown or incomplete option '%s'",
			  optind > 0 && optind <= argc ? argv[optind - 1] : "?");
	return o;
}

/* Starts option parsing of a command. */
void acc_cli_opts_begin(void)
{
	optind = 0; /* GNU: re-initialise */
	opterr = 0;
}

#define OPT_HELP 1000
#define OPT_JSON 1001
#define OPT_AT	 1002

/* Prints the --help of the current command. */
int acc_cli_command_help(acc_cli *c)
{
	fprintf(c->out, "usage: accord %s %s\n\n%s\n", c->cmd->name, c->cmd->synopsis,
		c->cmd->summary);
	if (c->cmd->options[0])
		fprintf(c->out, "\noptions:\n%s", c->cmd->options);
	return ACC_EXIT_OK;
}

/* Refuses extra operands beyond the expected count. */
int acc_cli_want_args(acc_cli *c, int argc, char **argv, int min, int max)
{
	int n = argc - optind;

	if (n < min)
		return out_usage(c, "missing argument");
	if (n > max)
		return out_usage(c, "unexpected argument '%s'", argv[optind + max]);
	return 0;
}

/* Opens the index (c->ix) once, with the convention. */
int acc_cli_need_index(acc_cli *c)
{
	int rc;

	if (c->ix)
		return 0;
	if ((rc = acc_cli_need_ctx(c)) < 0)
		return rc;
	return acc_ops_index(&c->ix, c->ctx);
}

/* Checks the first operand as an id of kind ("ballot": "ratification" or
 * an amendment id); ACC_EUSAGE with the reason. */
static int operand_check(const char *id, const char *kind)
{
	if (strcmp(kind, "ballot") == 0)
		return strcmp(id, "ratification") == 0 ? 0 : acc_id_check(id, "amendment");
	return acc_id_check(id, kind);
}

/* Parses the options of c->cmd: --help, --json and --at as its flags say,
 * and its own (kept in c->opts).  -1 when all parsed, else the exit
 * status to return. */
static int parse_options(acc_cli *c, int argc, char **argv)
{
	const acc_cli_command *k = c->cmd;
	struct option longs[32];
	size_t n = 0;
	const struct option *e;
	int o;

	for (e = k->opts; e && e->name && n < 28; e++)
		longs[n++] = *e;
	if (k->flags & ACC_CMD_JSON)
		longs[n++] = (struct option){"json", no_argument, NULL, OPT_JSON};
	if (k->flags & (ACC_CMD_AT | ACC_CMD_NO_AT))
		longs[n++] = (struct option){"at", required_argument, NULL, OPT_AT};
	longs[n++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	longs[n] = (struct option){NULL, 0, NULL, 0};
	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, k->shorts ? k->shorts : "", longs)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == '?')
			return ACC_EXIT_USAGE;
		if (o == OPT_JSON) {
			c->json = 1;
		} else if (o == OPT_AT) {
			if (k->flags & ACC_CMD_NO_AT)
				return out_usage(c, "--at is not supported here");
			c->at = optarg;
		} else {
			if (c->nopts == sizeof(c->opts) / sizeof(c->opts[0]))
				return out_usage(c, "too many options");
			c->opts[c->nopts].opt = o;
			c->opts[c->nopts++].arg = optarg;
		}
	}
	return -1;
}

/* The set-up a command's table entry names; -1 to run it. */
int acc_cli_setup(acc_cli *c, int argc, char **argv)
{
	const acc_cli_command *k = c->cmd;
	int rc;

	if (!(k->flags & ACC_CMD_PARSE))
		return -1;
	if ((rc = parse_options(c, argc, argv)) >= 0)
		return rc;
	if (k->min_args >= 0 && (rc = acc_cli_want_args(c, argc, argv, k->min_args, k->max_args)))
		return rc;
	/* the ballot on the whole text is its adoption; "ratification" is its
	 * older name, and its folder's */
	if (optind < argc && strcmp(argv[optind], "adoption") == 0 &&
	    (strcmp(k->name, "open") == 0 || strcmp(k->name, "vote") == 0 ||
	     strcmp(k->name, "close") == 0 || strcmp(k->name, "tally") == 0))
		argv[optind] = (char *)"ratification";
	if (k->operand && optind < argc && operand_check(argv[optind], k->operand) < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((k->flags & (ACC_CMD_CTX | ACC_CMD_INDEX | ACC_CMD_STATE)) &&
	    (rc = acc_cli_need_ctx(c)) < 0)
		return out_fail(c, rc);
	if ((k->flags & ACC_CMD_INDEX) && (rc = acc_cli_need_index(c)) < 0)
		return out_fail(c, rc);
	if ((k->flags & ACC_CMD_STATE) && (rc = acc_ops_state(&c->st, c->rev, c->ctx, c->at)) < 0)
		return out_fail(c, rc);
	return -1;
}
