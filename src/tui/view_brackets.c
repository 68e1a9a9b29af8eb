/*
 * view_brackets: bracketed text in the interface.  The clause view draws
 * its text with each open bracket inline ([option][option]{id}, the
 * options highlighted), then the brackets with their options and
 * supporters; the top bar counts the open brackets.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/bracket_query.h"
#include "app.h"

/* Appends cl's text with its open brackets inline to f. */
int tui_clause_text_flow(tui_flow *f, const acc_state *st, const acc_clause *c)
{
	acc_bracket_at *at = NULL;
	size_t n = 0, i, k, pos = 0;
	int rc;

	if (!c->text[0])
		return flow_puts(f, ST_NORMAL, "(no text)");
	if ((rc = acc_brackets_in_clause(&at, &n, st, c)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		const acc_bracket *b = at[i].b;

		if (at[i].start < pos)
			continue; /* overlapping: shown by the first only */
		rc = flow_put(f, ST_NORMAL, c->text + pos, at[i].start - pos);
		for (k = 0; k < b->noptions && rc == 0; k++) {
			if ((rc = flow_puts(f, ST_STALE, "[")) == 0 &&
			    (rc = flow_puts(f, ST_STALE, b->options[k])) == 0)
				rc = flow_puts(f, ST_STALE, "]");
		}
		if (rc == 0 && (rc = flow_puts(f, ST_DIM, "{")) == 0 &&
		    (rc = flow_puts(f, ST_ID, b->id)) == 0)
			rc = flow_puts(f, ST_DIM, "}");
		pos = at[i].end;
	}
	if (rc == 0)
		rc = flow_puts(f, ST_NORMAL, c->text + pos);
	free(at);
	return rc;
}

/* Appends the open brackets of c, their options and supporters, to doc. */
int tui_brackets_layout(tui_doc *doc, const acc_state *st, const acc_clause *c, size_t w)
{
	acc_bracket_at *at = NULL;
	size_t n = 0, i, k;
	tui_row *r;
	int rc;

	if ((rc = acc_brackets_in_clause(&at, &n, st, c)) < 0 || !n)
		goto done;
	if (!doc_row(doc) || !(r = doc_row(doc))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	row_puts(r, ST_NORMAL, " ");
	row_printf(r, ST_HEADING, "Open brackets (%zu)", n);
	for (i = 0; i < n && rc == 0; i++) {
		const acc_bracket *b = at[i].b;

		if (!(r = doc_row(doc))) {
			rc = ACC_ENOMEM;
			break;
		}
		row_puts(r, ST_NORMAL, "  ");
		row_fit(r, ST_ID, b->id, 20, 1);
		row_puts(r, ST_NORMAL, " ");
		row_puts(r, ST_DIM, acc_bracket_status_name(acc_bracket_status_of(st, b)));
		for (k = 0; k < b->noptions && rc == 0; k++) {
			tui_flow f = {ACC_BUF_INIT, NULL, 0};
			char *sup = acc_bracket_supporters(b, (unsigned)(k + 1));
			char num[24];

			snprintf(num, sizeof(num), "%zu ", k + 1);
			if (!sup || (rc = flow_puts(&f, ST_NUMBER, num)) < 0 ||
			    (rc = flow_puts(&f, ST_STALE, "[")) < 0 ||
			    (rc = flow_puts(&f, ST_STALE, b->options[k])) < 0 ||
			    (rc = flow_puts(&f, ST_STALE, "]")) < 0 ||
			    (rc = flow_puts(&f, ST_DIM, *sup ? "  " : "")) < 0 ||
			    (rc = flow_puts(&f, ST_NORMAL, sup)) < 0)
				rc = rc < 0 ? rc : ACC_ENOMEM;
			if (rc == 0)
				rc = flow_wrap(doc, &f, w > 2 ? w - 1 : w, 4, LINK_NONE, NULL);
			flow_free(&f);
			free(sup);
		}
	}
done:
	free(at);
	return rc;
}

/* Counts the open brackets of the loaded state (0 when not loaded). */
size_t tui_brackets_open(tui *t)
{
	return t->st ? acc_brackets_open_count(t->st) : 0;
}
