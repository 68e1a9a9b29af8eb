/*
 * diff_files: `accord diff --no-index OLD NEW`, the word diff of two files
 * outside any convention (a delegation comparing two drafts, or accord's
 * diff used as a wdiff).  It needs no repository, index or key, so the
 * program's front runs it without loading accord's core (src/front.c);
 * the command line's `diff` calls the same function.
 *
 * Exit codes follow diff(1) and `git diff --no-index`: 0 when the texts
 * are equal, 1 when they differ, 2 for a usage error or a file that
 * cannot be read.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "accord/cli.h"
#include "accord/diff_render.h"

/* The largest file diffed (a clause is far smaller). */
#define MAX_FILE (64u << 20)

enum { FMT_INLINE, FMT_SIDE, FMT_JSON };

static const struct option files_opts[] = {
    {"color", optional_argument, NULL, 'c'},  {"colour", optional_argument, NULL, 'c'},
    {"format", required_argument, NULL, 'f'}, {"json", no_argument, NULL, 'j'},
    {"no-index", no_argument, NULL, 'N'},     {NULL, 0, NULL, 0}};

/* Whether argv (argv[0] is "diff") asks for the diff of two files. */
int acc_cli_diff_files_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--no-index") == 0)
			return 1;
	return 0;
}

/* Prints the diff of a and b in format fmt. */
static int print_diff(FILE *out, const acc_diff *d, int fmt, int color, const char *pa,
		      const char *pb)
{
	acc_buf o = ACC_BUF_INIT;
	int rc;

	if (fmt == FMT_JSON) {
		json_t *j = json_object();
		char *s;

		if (!j)
			return ACC_ENOMEM;
		json_object_set_new(j, "old", json_string(pa));
		json_object_set_new(j, "new", json_string(pb));
		acc_cli_diff_json(j, d);
		s = json_dumps(j, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		json_decref(j);
		if (!s)
			return ACC_ENOMEM;
		fprintf(out, "%s\n", s);
		free(s);
		return 0;
	}
	if (fmt == FMT_SIDE)
		rc = acc_cli_render_side(&o, d, color, acc_cli_term_columns(out), pa, pb);
	else
		rc = acc_cli_render_inline(&o, d, color);
	if (rc == 0 && o.size)
		fwrite(o.ptr, 1, o.size, out);
	acc_buf_free(&o);
	return rc;
}

int acc_cli_diff_files(int argc, char **argv, FILE *out, FILE *err)
{
	const char *when = NULL;
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	acc_diff d = {0};
	int o, fmt = FMT_INLINE, color, rc;

	optind = 0; /* GNU: re-initialise */
	opterr = 0;
	while ((o = getopt_long(argc, argv, "+", files_opts, NULL)) != -1) {
		if (o == 'c') {
			when = optarg ? optarg : "always";
		} else if (o == 'f') {
			if (strcmp(optarg, "inline") == 0)
				fmt = FMT_INLINE;
			else if (strcmp(optarg, "side") == 0)
				fmt = FMT_SIDE;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else {
				fprintf(err, "accord: --format is inline, side or json, not '%s'\n",
					optarg);
				return ACC_EXIT_USAGE;
			}
		} else if (o == 'j') {
			fmt = FMT_JSON;
		} else if (o != 'N') {
			fprintf(err,
				"accord: diff --no-index takes --format, --json and --color, not "
				"'%s'\n",
				argv[optind - 1]);
			return ACC_EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fprintf(err, "accord: diff --no-index needs two files: OLD NEW\n");
		return ACC_EXIT_USAGE;
	}
	if (acc_cli_want_color(out, when, &color) < 0) {
		fprintf(err, "accord: --color is auto, always or never, not '%s'\n", when);
		return ACC_EXIT_USAGE;
	}
	if ((rc = acc_file_read(&a, &alen, argv[optind], MAX_FILE)) < 0 ||
	    (rc = acc_file_read(&b, &blen, argv[optind + 1], MAX_FILE)) < 0) {
		fprintf(err, "accord: %s\n", acc_error_last());
		free(a);
		return ACC_EXIT_USAGE;
	}
	if ((rc = acc_textdiff(&d, a, alen, b, blen)) == 0)
		rc = print_diff(out, &d, fmt, color, argv[optind], argv[optind + 1]);
	if (rc < 0)
		fprintf(err, "accord: %s\n", acc_error_last());
	else
		rc = (alen != blen || memcmp(a, b, alen) != 0) ? 1 : 0;
	acc_diff_free(&d);
	free(a);
	free(b);
	return rc < 0 ? ACC_EXIT_USAGE : rc;
}
