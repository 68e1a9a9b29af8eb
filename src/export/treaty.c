/* export: the annex "Status of the convention" (as the UN Treaty
 * Collection shows a treaty's status), shared by the formats. */
#include <stdlib.h>
#include <string.h>

#include "accord/model.h"
#include "internal.h"

/* Joins what org reserved (or the objections it made, made set) as
 * "scope, purpose" (malloc'd). */
static char *joined(const acc_state *st, const char *org, int objections)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	acc_buf_puts(&b, "");
	if (!objections)
		for (i = 0; i < st->treaty.nreservations; i++) {
			if (strcmp(st->treaty.reservations[i].org, org) == 0)
				acc_buf_printf(&b, "%sreservation to %s", b.size ? "; " : "",
					       st->treaty.reservations[i].article);
		}
	else
		for (i = 0; i < st->treaty.nobjections; i++) {
			const acc_objection *o = &st->treaty.objections[i];

			if (strcmp(o->org, org) == 0)
				acc_buf_printf(&b, "%sto %s's reservation to %s%s",
					       b.size ? "; " : "", o->reserver, o->article,
					       o->precludes ? " (precluding entry into force)"
							    : "");
		}
	return acc_buf_detach(&b);
}

int ex_treaty_summary(char **out, const acc_state *st)
{
	acc_treaty_status s;
	int rc = acc_treaty_status_get(&s, st, 0);

	*out = NULL;
	if (rc < 0)
		return rc;
	if (s.entry_into_force[0])
		*out =
		    acc_sprintf("%u instruments deposited of the %u required; entered into force "
				"on %s.",
				s.deposits, s.required, s.entry_into_force);
	else
		*out = acc_sprintf("%u instruments deposited of the %u required for entry into "
				   "force.",
				   s.deposits, s.required);
	acc_treaty_status_free(&s);
	return *out ? 0 : ACC_ENOMEM;
}

int ex_treaty_cells(char ***cells, size_t *rows, const acc_state *st)
{
	acc_treaty_status s;
	size_t i, n = 0;
	int rc = acc_treaty_status_get(&s, st, 0);

	*cells = NULL;
	*rows = 0;
	if (rc < 0)
		return rc;
	if (s.nrows && !(*cells = acc_calloc(s.nrows * EX_TREATY_COLS, sizeof(char *)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < s.nrows; i++) {
		const acc_treaty_row *r = &s.rows[i];
		char **c = *cells + n * EX_TREATY_COLS;
		char *res;

		if (!r->signed_on[0] && !r->instrument)
			continue;
		n++;
		res = joined(st, r->org, 0);
		c[0] = acc_strdup(ex_org_name(st, r->org));
		c[1] = r->signed_on[0] ? acc_sprintf("%s%s", r->signed_on,
						     r->subject == 0 ? " (definitive)" : "")
				       : acc_strdup("");
		c[2] = r->instrument ? acc_sprintf("%s, %s", r->instrument, r->deposited)
				     : acc_strdup("");
		c[3] = acc_sprintf("%s%s%s", r->declaration ? "declaration" : "",
				   r->declaration && res && res[0] ? "; " : "", res ? res : "");
		c[4] = joined(st, r->org, 1);
		c[5] = acc_strdup(r->in_force_from);
		free(res);
		if (!c[0] || !c[1] || !c[2] || !c[3] || !c[4] || !c[5]) {
			rc = ACC_ENOMEM;
			break;
		}
	}
	*rows = n;
done:
	acc_treaty_status_free(&s);
	return rc;
}

const char *const ex_treaty_head[EX_TREATY_COLS] = {"Organisation", "Signature",
						    "Instrument",   "Declarations and reservations",
						    "Objections",   "In force from"};
