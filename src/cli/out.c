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
