/* out: sanitised text and JSON output for the command line. */
#include "out.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	int rc;

	if (!v) {
		acc_error_set(ACC_ENOMEM, "out of memory");
		return ACC_ENOMEM;
	}
	{
		char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		acc_buf safe = ACC_BUF_INIT;

		json_decref(v);
		if (!text)
			return acc_error_set(ACC_ENOMEM, "out of memory");
		rc = acc_sanitize_json(&safe, text, strlen(text));
		free(text);
		if (rc == 0) {
			fwrite(safe.ptr ? safe.ptr : "", 1, safe.size, c->out);
			fputc('\n', c->out);
		}
		acc_buf_free(&safe);
	}
	return rc;
}

json_t *js(const char *s)
{
	acc_buf b = ACC_BUF_INIT;
	json_t *v;

	if (!s)
		return json_null();
	if (acc_utf8_valid(s, strlen(s), NULL))
		return json_string(s);
	if (acc_sanitize(&b, s, strlen(s), ACC_SAN_NEWLINES) < 0)
		return NULL;
	v = json_string(b.ptr ? b.ptr : "");
	acc_buf_free(&b);
	return v;
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

/* The acting delegate's email: --as, ACCORD_AS, else git's user.email. */
char *acc_cli_actor_email(acc_cli *c, acc_store *store)
{
	const char *env = getenv("ACCORD_AS");
	char *email = NULL;
	int rc;

	if (c->as)
		return acc_strdup(c->as);
	if (env && env[0])
		return acc_strdup(env);
	rc = acc_store_config(&email, store, "user.email");
	if (rc == 0)
		return email;
	if (rc == ACC_ENOMEM)
		acc_error_set(ACC_ENOMEM, "out of memory");
	else
		acc_error_clear();
	return NULL;
}

/* Applies ACCORD_DATE (seconds since the epoch) to commit times. */
static void apply_date(acc_ctx *ctx)
{
	const char *d = getenv("ACCORD_DATE");
	char *end;
	long long v;

	if (!d || !d[0])
		return;
	v = strtoll(d, &end, 10);
	if (*end == '\0' && v > 0)
		acc_ctx_set_now(ctx, v);
}

/* Chooses the signing key: --key, ACCORD_KEY, the demo key kept for the
 * actor in <gitdir>/accord/keys/, else git's user.signingkey. */
static int find_key(acc_cli *c)
{
	const char *env = getenv("ACCORD_KEY");
	char *path = NULL;
	int rc;

	if (c->key)
		path = acc_strdup(c->key);
	else if (env && env[0])
		path = acc_strdup(env);
	if ((c->key || (env && env[0])) && !path)
		return ACC_ENOMEM;
	if (!path && acc_ctx_actor(c->ctx) && acc_email_valid(acc_ctx_actor(c->ctx))) {
		path = acc_sprintf("%saccord/keys/%s", acc_store_gitdir(acc_ctx_store(c->ctx)),
				   acc_ctx_actor(c->ctx));
		if (!path)
			return ACC_ENOMEM;
		if (access(path, R_OK) != 0) {
			free(path);
			path = NULL;
		}
	}
	if (!path && acc_store_config(&path, acc_ctx_store(c->ctx), "user.signingkey") == 0 &&
	    path[0] == '~' && path[1] == '/' && getenv("HOME")) {
		char *home = acc_sprintf("%s%s", getenv("HOME"), path + 1);

		free(path);
		if (!home)
			return ACC_ENOMEM;
		path = home;
	}
	acc_error_clear();
	rc = acc_ctx_set_key(c->ctx, path);
	free(path);
	return rc;
}

/* Opens the convention (once). */
int acc_cli_need_ctx(acc_cli *c)
{
	int rc;

	if (c->ctx)
		return 0;
	if ((rc = acc_ctx_open(&c->ctx, c->dir, NULL)) < 0)
		return rc;
	acc_error_clear();
	{
		char *email = acc_cli_actor_email(c, acc_ctx_store(c->ctx));

		if (!email && acc_error_code() == ACC_ENOMEM)
			return ACC_ENOMEM;
		rc = acc_ctx_set_actor(c->ctx, email);
		free(email);
		if (rc < 0)
			return rc;
	}
	apply_date(c->ctx);
	return find_key(c);
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
