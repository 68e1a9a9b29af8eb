/* query: the status of the convention after its adoption as JSON (accord
 * treaty --json, and the export annex's data). */
#include "accord/json.h"

#include <stdlib.h>
#include <string.h>

#include "accord/model.h"

/* A JSON string of a day, or null when it is "". */
static json_t *day_or_null(const char *d)
{
	return d[0] ? acc_json_str(d) : json_null();
}

/* A JSON yes/no/unknown. */
static json_t *tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

/* The objections org made (made) or received, as "ORG:ARTICLE". */
static json_t *objections(const acc_state *st, const char *org, int made)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < st->treaty.nobjections; i++) {
		const acc_objection *o = &st->treaty.objections[i];
		char *s;

		if (strcmp(made ? o->org : o->reserver, org) != 0)
			continue;
		s = acc_sprintf("%s:%s", made ? o->reserver : o->org, o->article);
		json_array_append_new(a, acc_json_str(s));
		free(s);
	}
	return a;
}

json_t *acc_json_treaty(const acc_state *st, const acc_treaty_status *s)
{
	json_t *j = json_object(), *rows = json_array();
	size_t i, k;

	if (!j || !rows) {
		json_decref(j);
		json_decref(rows);
		return NULL;
	}
	json_object_set_new(j, "depositary", acc_json_str(st->conv.final.depositary));
	json_object_set_new(j, "adopted", day_or_null(s->adopted));
	json_object_set_new(j, "signature_until", day_or_null(s->signature_until));
	json_object_set_new(j, "deposits", json_integer(s->deposits));
	json_object_set_new(j, "required", json_integer(s->required));
	json_object_set_new(j, "entry_into_force", day_or_null(s->entry_into_force));
	json_object_set_new(j, "in_force", json_boolean(s->in_force));
	{
		char *note = NULL;

		json_object_set_new(j, "texts",
				    acc_texts_note(&note, st, 0) == 0 && note ? json_string(note)
									      : json_null());
		free(note);
	}
	for (i = 0; i < s->nrows; i++) {
		const acc_treaty_row *r = &s->rows[i];
		json_t *o = json_object(), *res = json_array();

		for (k = 0; k < st->treaty.nreservations; k++)
			if (strcmp(st->treaty.reservations[k].org, r->org) == 0 &&
			    !st->treaty.reservations[k].withdrawn)
				json_array_append_new(
				    res, acc_json_str(st->treaty.reservations[k].article));
		json_object_set_new(o, "org", acc_json_str(r->org));
		json_object_set_new(o, "name", acc_json_str(r->name));
		json_object_set_new(o, "signed", day_or_null(r->signed_on));
		json_object_set_new(o, "subject_to_ratification", tristate(r->subject));
		json_object_set_new(o, "declaration", json_boolean(r->declaration));
		json_object_set_new(o, "reservations", res);
		json_object_set_new(o, "instrument", acc_json_str(r->instrument));
		json_object_set_new(o, "deposited", day_or_null(r->deposited));
		json_object_set_new(o, "notified", json_boolean(r->notified));
		json_object_set_new(o, "objections_made", objections(st, r->org, 1));
		json_object_set_new(o, "objections_received", objections(st, r->org, 0));
		json_object_set_new(o, "in_force_from", day_or_null(r->in_force_from));
		json_object_set_new(o, "in_force", json_boolean(r->in_force));
		json_object_set_new(o, "denounced", day_or_null(r->denounced));
		json_array_append_new(rows, o);
	}
	json_object_set_new(j, "parties", rows);
	return j;
}
