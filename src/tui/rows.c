/* rows: the clause and amendment rows of the index the interface has
 * read, looked up by id in hash tables (a search looks up thousands). */
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* FNV-1a of s. */
static size_t id_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Puts index i (of an item whose id is id) into the table of cap slots
 * (a power of two, never full). */
static void slot_put(size_t *slots, size_t cap, const char *id, size_t i)
{
	size_t k = id_hash(id) & (cap - 1);

	while (slots[k])
		k = (k + 1) & (cap - 1);
	slots[k] = i + 1;
}

/* The clause row of the index with that id (a table by id, built on
 * first use: a search looks up thousands). */
const acc_clause *tui_clause(tui *t, const char *id)
{
	size_t k, i;

	if (!id || !t->nclauses)
		return NULL;
	if (!t->clause_slots) {
		for (t->clause_cap = 64; t->clause_cap < t->nclauses * 2; t->clause_cap *= 2)
			;
		if (!(t->clause_slots = acc_calloc(t->clause_cap, sizeof(size_t)))) {
			acc_error_clear();
			for (i = 0; i < t->nclauses; i++) /* without the table */
				if (strcmp(t->clauses[i].id, id) == 0)
					return &t->clauses[i];
			return NULL;
		}
		for (i = 0; i < t->nclauses; i++)
			slot_put(t->clause_slots, t->clause_cap, t->clauses[i].id, i);
	}
	for (k = id_hash(id) & (t->clause_cap - 1); t->clause_slots[k];
	     k = (k + 1) & (t->clause_cap - 1))
		if (strcmp(t->clauses[t->clause_slots[k] - 1].id, id) == 0)
			return &t->clauses[t->clause_slots[k] - 1];
	return NULL;
}

/* Makes room in the table of amendment rows for one more (1 done, 0 out
 * of memory). */
static int arow_room(tui *t)
{
	size_t cap = t->arow_cap ? t->arow_cap : 64, i, *slots;

	while ((t->narows + 1) * 2 > cap)
		cap *= 2;
	if (cap == t->arow_cap)
		return 1;
	if (!(slots = acc_calloc(cap, sizeof(size_t))))
		return 0;
	for (i = 0; i < t->narows; i++)
		slot_put(slots, cap, t->arows[i]->id, i);
	free(t->arow_slots);
	t->arow_slots = slots;
	t->arow_cap = cap;
	return 1;
}

/* The amendment row of the index with that id: from the rows already
 * read, else read now and kept (the index has it in one lookup; the first
 * screen reads none). */
const acc_amendment_row *tui_amendment_row(tui *t, const char *id)
{
	acc_amendment_row *r = NULL, **nv;
	size_t i;

	if (!id)
		return NULL;
	for (i = t->arow_cap ? id_hash(id) & (t->arow_cap - 1) : 0; t->arow_cap && t->arow_slots[i];
	     i = (i + 1) & (t->arow_cap - 1))
		if (strcmp(t->arows[t->arow_slots[i] - 1]->id, id) == 0)
			return t->arows[t->arow_slots[i] - 1];
	if (!arow_room(t) || acc_index_amendment(t->ix, &r, id) < 0 ||
	    !(nv = acc_realloc(t->arows, (t->narows + 1) * sizeof(*nv)))) {
		/* not an amendment (or unreadable): as absent */
		acc_error_clear();
		acc_amendment_rows_free(r, r ? 1 : 0);
		return NULL;
	}
	/* a search can look up thousands: their texts are not kept */
	free(r->text);
	free(r->rationale);
	r->text = r->rationale = NULL;
	t->arows = nv;
	slot_put(t->arow_slots, t->arow_cap, r->id, t->narows);
	t->arows[t->narows++] = r;
	return r;
}

/* Forgets the amendment rows read so far (and the table of clauses). */
void tui_rows_clear(tui *t)
{
	size_t i;

	for (i = 0; i < t->narows; i++)
		acc_amendment_rows_free(t->arows[i], 1);
	free(t->arows);
	t->arows = NULL;
	t->narows = 0;
	free(t->arow_slots);
	t->arow_slots = NULL;
	t->arow_cap = 0;
	free(t->clause_slots); /* the clauses are read again with the rows */
	t->clause_slots = NULL;
	t->clause_cap = 0;
}
