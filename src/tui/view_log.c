/*
 * view_log: the history of actions (the whole convention, or one clause),
 * newest first, from the index; and one action: its commit, message and
 * the word diff of every file it changed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"

#define LOG_LIMIT    5000 /* actions listed at most (the command line lists all) */
#define ACTION_FILES 60	  /* files shown of one action */
#define ACTION_BYTES (256 * 1024)

typedef struct {
	acc_log_entry *e;
	size_t n;
	long long total;
} log_data;

/* Frees the view's data. */
static void log_free(tui_view *v)
{
	log_data *d = v->data;

	if (!d)
		return;
	acc_log_free(d->e, d->n);
	free(d);
	v->data = NULL;
}

/* Formats an epoch as "YYYY-MM-DD HH:MM" (UTC). */
static void format_date(char *buf, size_t size, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

/* Loads the log (of a clause, or all) from the index. */
static int log_open(tui *t, tui_view *v)
{
	log_data *d;
	int rc;

	log_free(v);
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	if ((rc = acc_index_log(t->ix, &d->e, &d->n, v->clause, LOG_LIMIT)) < 0)
		return rc;
	if (!v->clause && acc_index_log_count(t->ix, &d->total) < 0)
		acc_error_clear();
	if (v->clause) {
		const acc_clause *c = tui_clause(t, v->clause);

		return c ? view_set_title(v, "history of %s %s %s",
					  c->word[0]	 ? c->word
					  : c->container ? "Part"
							 : "Article",
					  c->number, c->heading)
			 : view_set_title(v, "history of %s", v->clause);
	}
	return view_set_title(v, "history of the convention");
}

/* Lays out row i (action i, left lazy by log_layout): date, kind,
 * subject. */
static int log_fill(tui *t, tui_view *v, size_t i)
{
	log_data *d = v->data;
	size_t w = v->width > 0 ? (size_t)v->width : 1;
	tui_row *r = &v->doc.rows[i];
	const acc_log_entry *e;
	char date[32];

	(void)t;
	if (!d || i >= d->n)
		return 0;
	e = &d->e[i];
	format_date(date, sizeof(date), e->time);
	row_puts(r, ST_NORMAL, " ");
	row_puts(r, ST_DIM, date);
	row_puts(r, ST_NORMAL, "  ");
	if (w > 60) {
		row_fit(r,
			!strcmp(e->action, "vote")	? ST_DIM
			: !strcmp(e->action, "close")	? ST_ADOPTED
			: !strcmp(e->action, "open")	? ST_VOTING
			: !strcmp(e->action, "propose") ? ST_TABLED
							: ST_NORMAL,
			e->action[0] ? e->action : "-", 9, 1);
		row_puts(r, ST_NORMAL, " ");
	}
	if (w > r->width)
		row_fit(r, ST_NORMAL, e->subject, w - r->width, 0);
	return 0;
}

/* One row per action, each left lazy with its link only (log_fill makes
 * the rows painted or searched: five thousand actions cost what fifty
 * do). */
static int log_layout(tui *t, tui_view *v, int width)
{
	log_data *d = v->data;
	size_t w = (size_t)width, i;
	tui_row *r;

	if (!d)
		return 0;
	if (!d->n)
		return doc_para(&v->doc, ST_DIM, "No action yet.", w, 1);
	v->fill = log_fill;
	for (i = 0; i < d->n; i++) {
		if (!(r = doc_row(&v->doc)) || row_link(r, LINK_COMMIT, d->e[i].id) < 0)
			return ACC_ENOMEM;
		r->lazy = 1;
	}
	if (d->total > (long long)d->n) {
		char note[96];

		snprintf(note, sizeof(note),
			 "... the newest %zu of %lld actions (accord log lists all)", d->n,
			 d->total);
		doc_para(&v->doc, ST_DIM, note, w, 1);
	}
	(void)t;
	return 0;
}

const tui_view_ops tui_log_ops = {"history", log_open, log_layout, NULL, NULL, log_free};

/* ---- one action ------------------------------------------------------------ */

typedef struct {
	char *path, *old, *new; /* old/new NULL when absent */
} file_change;

typedef struct {
	acc_commit_info ci;
	file_change *files;
	size_t n, more;
} action_data;

/* Frees the view's data. */
static void action_free(tui_view *v)
{
	action_data *d = v->data;
	size_t i;

	if (!d)
		return;
	acc_commit_info_clear(&d->ci);
	for (i = 0; i < d->n; i++) {
		free(d->files[i].path);
		free(d->files[i].old);
		free(d->files[i].new);
	}
	free(d->files);
	free(d);
	v->data = NULL;
}

/* Reads path from src (NULL when absent or too large to show). */
static char *read_file(acc_source *src, const char *path)
{
	char *data = NULL;
	size_t len = 0;

	if (!src || src->read(src, path, &data, &len, NULL) < 0) {
		acc_error_clear();
		return NULL;
	}
	if (len > ACTION_BYTES) {
		free(data);
		return acc_strdup("(too large to show here)\n");
	}
	return data;
}

/* Loads a commit, the files it changed and their texts before and after. */
static int action_open(tui *t, tui_view *v)
{
	acc_strlist paths = ACC_STRLIST_INIT;
	acc_source *a = NULL, *b = NULL;
	action_data *d;
	size_t i;
	int rc;

	action_free(v);
	v->nocursor = 1;
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	if ((rc = acc_store_commit_info(&d->ci, acc_ctx_store(t->ctx), v->arg)) < 0)
		return rc;
	view_set_title(v, "action %.12s", d->ci.id);
	if ((rc = acc_store_changed_paths(&paths, acc_ctx_store(t->ctx),
					  d->ci.parent[0] ? d->ci.parent : NULL, d->ci.id)) < 0 ||
	    (rc = acc_store_source(&b, acc_ctx_store(t->ctx), d->ci.id)) < 0 ||
	    (d->ci.parent[0] &&
	     (rc = acc_store_source(&a, acc_ctx_store(t->ctx), d->ci.parent)) < 0))
		goto done;
	if (!(d->files = acc_calloc(paths.count + 1, sizeof(*d->files)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < paths.count; i++) {
		if (d->n == ACTION_FILES) {
			d->more = paths.count - i;
			break;
		}
		d->files[d->n].path = acc_strdup(paths.items[i]);
		d->files[d->n].old = read_file(a, paths.items[i]);
		d->files[d->n].new = read_file(b, paths.items[i]);
		d->n++;
	}
done:
	acc_source_free(a);
	acc_source_free(b);
	acc_strlist_free(&paths);
	return rc;
}

/* Lays out the commit, its message and a word diff per file. */
static int action_layout(tui *t, tui_view *v, int width)
{
	action_data *d = v->data;
	size_t w = (size_t)width, i;
	char date[32];
	tui_row *r;
	int rc;

	if (!d || !d->ci.id[0])
		return doc_para(&v->doc, ST_ERROR, "This action cannot be shown.", w, 1);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_puts(r, ST_DIM, " commit ");
	row_puts(r, ST_ID, d->ci.id);
	format_date(date, sizeof(date), d->ci.time);
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_puts(r, ST_DIM, " by     ");
	row_fit(r, ST_NORMAL, d->ci.author_name, w > 40 ? w - 40 : 10, 0);
	row_puts(r, ST_NORMAL, " <");
	row_fit(r, ST_NORMAL, d->ci.author_email, 40, 0);
	row_puts(r, ST_NORMAL, ">");
	if (!(r = doc_row(&v->doc)))
		return ACC_ENOMEM;
	row_printf(r, ST_DIM, " on     %s UTC", date);
	doc_row(&v->doc);
	{
		/* the message: subject in bold, then the body and trailers */
		const char *msg = d->ci.message ? d->ci.message : "";
		const char *nl = strchr(msg, '\n');
		char *subject = acc_strndup(msg, nl ? (size_t)(nl - msg) : strlen(msg));

		rc = subject ? doc_para(&v->doc, ST_HEADING, subject, w, 1) : ACC_ENOMEM;
		free(subject);
		if (rc == 0 && nl && nl[1])
			rc = doc_para(&v->doc, ST_NORMAL, nl + 1, w, 1);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < d->n; i++) {
		const file_change *f = &d->files[i];

		doc_row(&v->doc);
		if (!(r = doc_row(&v->doc)))
			return ACC_ENOMEM;
		row_puts(r, ST_NORMAL, " ");
		row_fit(r, ST_HEADING, f->path, w > 14 ? w - 14 : 1, 0);
		row_puts(r, ST_DIM,
			 !f->old   ? "  (added)"
			 : !f->new ? "  (removed)"
				   : "  (changed)");
		if ((rc = diff_doc(t, &v->doc, f->old ? f->old : "", f->new ? f->new : "", w,
				   t->side_by_side, "before", "after")) < 0)
			return rc;
	}
	if (d->more) {
		char note[64];

		snprintf(note, sizeof(note), "... and %zu more files", d->more);
		doc_para(&v->doc, ST_DIM, note, w, 1);
	}
	return 0;
}

const tui_view_ops tui_action_ops = {"action", action_open, action_layout, NULL, NULL, action_free};
