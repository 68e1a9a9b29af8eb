/* out: sanitised text and JSON output for the command line. */
#include "out.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

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
	int rc;

	if (!v) {
		acc_error_set(ACC_ENOMEM, "out of memory");
		return ACC_ENOMEM;
	}
	rc = json_dumpf(v, c->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', c->out);
	json_decref(v);
	return rc < 0 ? acc_error_set(ACC_ERROR, "cannot write JSON") : 0;
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
