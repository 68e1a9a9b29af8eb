/* cmd_export: `accord export`, the convention as a document. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accord/export.h"
#include "accord/sanitize.h"
#include "accord/site.h"
#include "out.h"

/* The extension of the last component of path (".html" of "a/b.html"), or
 * NULL when it has none (no dot, a leading dot or a final dot). */
static const char *path_ext(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot && dot > base && dot[1] ? dot : NULL;
}

/* The format an extension names (case aside), or -1. */
static int format_of_ext(const char *ext)
{
	static const struct {
		const char *ext;
		acc_export_format f;
	} map[] = {
	    {".md", ACC_EXPORT_MD},	{".markdown", ACC_EXPORT_MD}, {".txt", ACC_EXPORT_TXT},
	    {".html", ACC_EXPORT_HTML}, {".htm", ACC_EXPORT_HTML},    {".xhtml", ACC_EXPORT_HTML},
	    {".akn", ACC_EXPORT_AKN},	{".xml", ACC_EXPORT_AKN},     {".json", ACC_EXPORT_JSON},
	    {".csv", ACC_EXPORT_CSV},	{".pdf", ACC_EXPORT_PDF}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strcasecmp(ext, map[i].ext) == 0)
			return (int)map[i].f;
	return -1;
}

/* Picks the format of an export to path (NULL or "-": standard output):
 * the format asked (*f already set when asked is 1), else the one its
 * extension names, else md when it has none.  ACC_EUSAGE when the
 * extension names no format, or another than the one asked, so that a
 * file never holds a format its name belies. */
static int pick_format(acc_export_format *f, int asked, const char *path)
{
	const char *ext = path && strcmp(path, "-") != 0 ? path_ext(path) : NULL;
	int g = ext ? format_of_ext(ext) : -1;

	if (!ext)
		return 0;
	if (g < 0 && !asked)
		return acc_error_set(
		    ACC_EUSAGE,
		    "no export format has the extension '%.40s' of %.200s "
		    "(.md .markdown .txt .html .htm .xhtml .akn .xml .json .csv .pdf)",
		    ext, path);
	if (asked && g != (int)*f)
		return acc_error_set(ACC_EUSAGE,
				     "the extension '%.40s' of %.200s does not match --format %s",
				     ext, path, acc_export_format_name(*f));
	*f = (acc_export_format)g;
	return 0;
}

/* Writes data to path through a temporary file renamed into place, so a
 * reader never sees half a document. */
static int write_file(const char *path, const char *data, size_t len)
{
	char *tmp = acc_sprintf("%s.tmp-%ld", path, (long)getpid());
	FILE *f;
	int rc = 0;

	if (!tmp)
		return ACC_ENOMEM;
	if (!(f = fopen(tmp, "wb"))) {
		rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", tmp, strerror(errno));
		goto done;
	}
	if ((len && fwrite(data, 1, len, f) != len) || fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = acc_error_set(ACC_ERROR, "cannot write %s: %s", tmp, strerror(errno));
	if (fclose(f) != 0 && rc == 0)
		rc = acc_error_set(ACC_ERROR, "cannot write %s: %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = acc_error_set(ACC_ERROR, "cannot rename %s to %s: %s", tmp, path,
				   strerror(errno));
	if (rc < 0)
		unlink(tmp);
done:
	free(tmp);
	return rc;
}

/* Writes one line of repository text (sanitised) to standard error. */
static void err_line(acc_cli *c, const char *prefix, const char *text)
{
	acc_buf safe = ACC_BUF_INIT;

	if (acc_sanitize(&safe, text, strlen(text), 0) == 0)
		fprintf(c->err, "%s%s\n", prefix, safe.ptr ? safe.ptr : "");
	acc_buf_free(&safe);
}

/* accord export --format site DIR [--at REV] [--lang L]: the static site. */
static int export_site(acc_cli *c, const char *dir, const char *at, const char *lang)
{
	acc_export_doc *d = NULL;
	acc_site site = ACC_SITE_INIT;
	size_t k;
	int rc;

	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_export_load(&d, c->ctx, at, NULL)) < 0 ||
	    (lang && (rc = acc_export_set_lang(d, lang)) < 0) ||
	    (rc = acc_export_site(&site, c->ctx, d)) < 0 ||
	    (rc = acc_export_site_write(dir, &site)) < 0)
		goto done;
	for (k = 0; k < d->skipped_tags.count; k++)
		err_line(c, "accord: warning: ignoring the tag ", d->skipped_tags.items[k]);
	if (d->tag)
		out_printf(c, "exported %s (%.12s) as a site of %zu files to %s\n", d->tag,
			   d->rev.commit, site.count, dir);
	else
		out_printf(c, "exported %.12s as a site of %zu files to %s\n", d->rev.commit,
			   site.count, dir);
done:
	acc_site_free(&site);
	acc_export_doc_free(d);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord export [--format F] [--at REV] [--changes-since REV] [--lang L]
 * [--paper P] [-o FILE] (or --format site DIR) */
int acc_cmd_export(acc_cli *c, int argc, char **argv)
{
	const char *format = NULL, *at = c->at, *since = NULL, *output = NULL, *lang = NULL;
	const char *paper = NULL;
	acc_export_format f = ACC_EXPORT_MD;
	acc_export_paper pp = ACC_PAPER_A4;
	acc_export_doc *d = NULL;
	acc_buf doc = ACC_BUF_INIT;
	size_t k;
	int rc;

	for (k = 0; k < c->nopts; k++) {
		if (c->opts[k].opt == OPT_FORMAT)
			format = c->opts[k].arg;
		else if (c->opts[k].opt == OPT_SINCE)
			since = c->opts[k].arg;
		else if (c->opts[k].opt == OPT_OUTPUT)
			output = c->opts[k].arg;
		else if (c->opts[k].opt == 'L')
			lang = c->opts[k].arg;
		else if (c->opts[k].opt == 'P')
			paper = c->opts[k].arg;
	}
	if (format && strcmp(format, "site") == 0) {
		if (argc - optind != 1 || output || since)
			return out_usage(c, "--format site writes a folder: accord export --format "
					    "site DIR [--at REV] [--lang L]");
		return export_site(c, argv[optind], at, lang);
	}
	if (argc > optind)
		return out_usage(c, "a folder is written only by --format site");
	if (format && acc_export_format_parse(&f, format) < 0)
		return out_usage(c, "%s", acc_error_last());
	if ((rc = pick_format(&f, format != NULL, output)) < 0)
		return out_fail(c, rc);
	if (since && f != ACC_EXPORT_HTML)
		return out_usage(c, "--changes-since needs --format html");
	if (paper && f != ACC_EXPORT_PDF)
		return out_usage(c, "--paper needs --format pdf");
	if (paper && acc_export_paper_parse(&pp, paper) < 0)
		return out_usage(c, "%s", acc_error_last());
	if (f == ACC_EXPORT_PDF && (!output || strcmp(output, "-") == 0) && isatty(fileno(c->out)))
		return out_usage(c, "a pdf is not for a terminal: write it with -o FILE");
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_export_load_format(&d, c->ctx, at, since, f)) < 0)
		goto done;
	d->paper = pp;
	if ((lang && (rc = acc_export_set_lang(d, lang)) < 0) ||
	    (rc = acc_export_render(&doc, d, f)) < 0)
		goto done;
	for (k = 0; k < d->skipped_tags.count; k++)
		err_line(c, "accord: warning: ignoring the tag ", d->skipped_tags.items[k]);
	if (d->tag && (!output || strcmp(output, "-") == 0)) {
		char line[256];

		snprintf(line, sizeof(line), "%s (%.12s)", d->tag, d->tag_rev.commit);
		err_line(c, "accord: the ratified text of the tag ", line);
	}
	if (output && strcmp(output, "-") != 0) {
		if ((rc = write_file(output, doc.ptr ? doc.ptr : "", doc.size)) < 0)
			goto done;
		if (d->tag)
			out_printf(c, "exported %s (%.12s) as %s to %s\n", d->tag, d->rev.commit,
				   acc_export_format_name(f), output);
		else
			out_printf(c, "exported %.12s as %s to %s\n", d->rev.commit,
				   acc_export_format_name(f), output);
	} else if (doc.size && fwrite(doc.ptr, 1, doc.size, c->out) != doc.size) {
		rc = acc_error_set(ACC_ERROR, "cannot write the document: %s", strerror(errno));
	}
done:
	acc_buf_free(&doc);
	acc_export_doc_free(d);
	return rc < 0 ? out_fail(c, rc) : 0;
}
