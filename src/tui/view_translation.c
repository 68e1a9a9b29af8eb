/*
 * view_translation: a clause (or the title, the preamble) and its
 * translation side by side.  The source column is the word diff of the
 * source from the translation's base to now, so a stale translation shows
 * exactly the words the translator must carry over ([-deleted-],
 * {+inserted+}); the other column is the translation.  Opened with T from
 * a clause when a language is shown (L); v->arg is the language.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/langs.h"
#include "app.h"

typedef struct {
	char *then, *now; /* the source at the translation's base, and now */
	const acc_translation *tr;
	acc_tr_status status;
	size_t changed; /* words of the source changed since the base */
} tr_data;

/* Frees the view's data. */
static void tr_free(tui_view *v)
{
	tr_data *d = v->data;

	if (d) {
		free(d->then);
		free(d->now);
		free(d);
	}
	v->data = NULL;
}

/* Reads the translation of v->clause into v->arg and its source. */
static int tr_open(tui *t, tui_view *v)
{
	acc_state *st = tui_state(t);
	tr_data *d;
	int rc;

	tr_free(v);
	if (!st)
		return acc_error_set(ACC_ERROR, "the convention cannot be read");
	if (!(d = acc_calloc(1, sizeof(*d))))
		return ACC_ENOMEM;
	v->data = d;
	d->tr = acc_state_translation(st, v->arg, v->clause);
	d->status = acc_translation_status(st, v->arg, v->clause);
	if (d->tr) {
		if ((rc = acc_query_translation_source(&d->then, &d->now, t->ctx, st, d->tr)) < 0 ||
		    (rc = acc_query_changed_words(&d->changed, d->then, d->now)) < 0)
			return rc;
	}
	return view_set_title(v, "%s: %s and %s side by side", v->clause, st->conv.language,
			      v->arg);
}

/* The status line, the column titles and the two columns. */
static int tr_layout(tui *t, tui_view *v, int width)
{
	tr_data *d = v->data;
	acc_state *st = t->st;
	size_t w = (size_t)width, cw = w > 8 ? (w - 4) / 2 : 2;
	tui_flow l = {ACC_BUF_INIT, NULL, 0}, r = {ACC_BUF_INIT, NULL, 0};
	tui_row *row;
	char *line = NULL;
	int rc = 0;

	if (!d || !st)
		return doc_para(&v->doc, ST_ERROR, "This translation cannot be shown.", w, 1);
	if (!d->tr)
		return doc_para(&v->doc, ST_DIM,
				"Not yet established in this language: there is no translation "
				"to compare.",
				w, 1);
	if (d->status == ACC_TR_STALE)
		line = acc_sprintf("stale: %zu word%s of the source changed since the "
				   "translation's base %.12s (marked on the left)",
				   d->changed, d->changed == 1 ? "" : "s", d->tr->base);
	else
		line = acc_sprintf("current: the translation's base is the source now (%.12s)",
				   d->tr->base);
	if (!line)
		return ACC_ENOMEM;
	rc = doc_para(&v->doc, d->status == ACC_TR_STALE ? ST_STALE : ST_OK, line, w, 1);
	free(line);
	if (rc < 0 || !(row = doc_row(&v->doc)) || !(row = doc_row(&v->doc)))
		return rc < 0 ? rc : ACC_ENOMEM;
	row_pad(row, 1);
	row_fit(row, ST_HEADING, st->conv.language, cw, 0);
	row_pad(row, cw + 1);
	row_puts(row, ST_DIM, " ");
	row_put(row, ST_DIM, glyph_vline(), strlen(glyph_vline()));
	row_puts(row, ST_DIM, " ");
	row_fit(row, ST_HEADING, v->arg, cw, 0);
	/* the source as changed since the base; the translation */
	if ((rc = diff_flow(t, &l, d->then, d->now, 0)) == 0 && d->tr->heading[0] &&
	    (rc = flow_puts(&r, ST_HEADING, d->tr->heading)) == 0)
		rc = flow_puts(&r, ST_NORMAL, "\n\n");
	if (rc == 0)
		rc = flow_puts(&r, ST_NORMAL, d->tr->text);
	if (rc == 0)
		rc = flow_side_by_side(&v->doc, &l, &r, cw);
	flow_free(&l);
	flow_free(&r);
	return rc;
}

const tui_view_ops tui_translation_ops = {"translation", tr_open, tr_layout, NULL, NULL, tr_free};
