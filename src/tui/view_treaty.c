/*
 * view_treaty: the status of the convention after its adoption, the same
 * table as `accord treaty`: per organisation its signature, instrument,
 * declarations, reservations and objections, and from when the
 * convention is in force for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"

/* The status is a reading view over the whole state. */
static int treaty_open(tui *t, tui_view *v)
{
	(void)t;
	v->nocursor = 1;
	return view_set_title(v, "status of the convention");
}

/* A day, or "-". */
static const char *day_or_dash(const char *d)
{
	return d && d[0] ? d : "-";
}

/* The summary lines, then one row per organisation. */
static int treaty_layout(tui *t, tui_view *v, int width)
{
	acc_state *st = tui_state(t);
	long long now = acc_ctx_now(t->ctx);
	acc_treaty_status s;
	size_t w = (size_t)width, i;
	char line[256];
	int rc;

	if (!st)
		return ACC_ENOMEM;
	if (!now)
		now = (long long)time(NULL);
	if ((rc = acc_treaty_status_get(&s, st, (long)(now / 86400))) < 0)
		return rc;
	snprintf(line, sizeof(line),
		 "Adopted %s; open for signature until %s; depositary %s. Instruments %u of %u; "
		 "entry into force %s%s.",
		 day_or_dash(s.adopted), day_or_dash(s.signature_until), st->conv.final.depositary,
		 s.deposits, s.required, day_or_dash(s.entry_into_force),
		 s.in_force ? " (in force)" : "");
	rc = doc_para(&v->doc, ST_NORMAL, line, w, 1);
	for (i = 0; i < s.nrows && rc == 0; i++) {
		const acc_treaty_row *r = &s.rows[i];
		tui_row *row = doc_row(&v->doc);

		if (!row) {
			rc = ACC_ENOMEM;
			break;
		}
		row_puts(row, ST_NORMAL, " ");
		row_fit(row, ST_ID, r->org, 18, 1);
		snprintf(line, sizeof(line), " %-10s %-12s %-10s %-4s %-4s res %zu obj %zu/%zu  %s",
			 day_or_dash(r->signed_on), r->instrument ? r->instrument : "-",
			 day_or_dash(r->deposited), r->declaration ? "decl" : "-",
			 r->technology ? "tech" : "-", r->reservations, r->objections_made,
			 r->objections_received,
			 r->in_force ? "in force" : day_or_dash(r->in_force_from));
		if (w > row->width)
			row_fit(row, r->in_force ? ST_ADOPTED : ST_NORMAL, line, w - row->width, 0);
	}
	acc_treaty_status_free(&s);
	return rc;
}

const tui_view_ops tui_treaty_ops = {"treaty", treaty_open, treaty_layout, NULL, NULL, NULL};
