/*
 * nav: going places by name or by order.  ":12", ":12.3" and ":ID" (a
 * clause's number, a paragraph of it, a clause or an amendment id), and
 * [ / ] to the previous or next amendment of the clause on screen, in
 * voting order then the decided ones (acc_query_clause_amendments).
 */
#include <stdlib.h>
#include <string.h>

#include "accord/query.h"
#include "app.h"

/* ":12", ":12.3", ":CLAUSE-ID" or ":AMENDMENT-ID" opens it (a paragraph
 * with the cursor on its first line); 0 when word names nothing. */
int tui_goto(tui *t, const char *word)
{
	size_t i, n = strcspn(word, ".");
	tui_view *v;
	int rc;

	for (i = 0; i < t->nclauses; i++) {
		const acc_clause *c = &t->clauses[i];

		if (c->container)
			continue;
		if ((n > 0 && strlen(c->number) == n && strncmp(c->number, word, n) == 0 &&
		     (!word[n] || strspn(word + n + 1, "0123456789") == strlen(word + n + 1))) ||
		    strcmp(c->id, word) == 0)
			break;
	}
	if (i == t->nclauses) {
		if (!tui_amendment_row(t, word))
			return 0;
		if ((rc = view_push(t, view_new(&tui_amendment_ops, NULL, word, NULL))) < 0)
			tui_error(t, rc, NULL);
		return 1;
	}
	if ((rc = view_push(t, view_new(&tui_clause_ops, t->clauses[i].id, NULL, NULL))) < 0) {
		tui_error(t, rc, NULL);
		return 1;
	}
	v = view_top(t);
	if (word[n] == '.' && word[n + 1] && strcmp(t->clauses[i].id, word) != 0) {
		v->want_para = atoi(word + n + 1);
		tui_message(t, "Article %s: paragraph %d is in its text, at the cursor",
			    t->clauses[i].number, v->want_para);
	}
	return 1;
}

/* The ids of clause's amendments in voting order, then the others (the
 * clause and its amendments read alone, as the clause view reads them). */
static int clause_list(tui *t, acc_strlist *out, const char *clause)
{
	const acc_amendment **order = NULL;
	acc_amendment_row *rows = NULL;
	acc_strlist ids = ACC_STRLIST_INIT;
	acc_state *st = NULL;
	acc_oid_hex at;
	size_t n = 0, npending = 0, nrows = 0, i;
	int rc;

	rc = acc_index_amendments(t->ix, &rows, &nrows, clause, NULL);
	for (i = 0; i < nrows && rc == 0; i++)
		rc = acc_strlist_add(&ids, rows[i].id);
	acc_amendment_rows_free(rows, nrows);
	if (rc == 0)
		rc = acc_ops_state_clause(&st, at, t->ctx, t->head, clause, &ids);
	acc_strlist_free(&ids);
	if (rc == 0)
		rc = acc_query_clause_amendments(&order, &n, &npending, st, clause);
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_strlist_add(out, order[i]->id);
	free(order);
	acc_state_free(st);
	return rc;
}

/* [ and ]: the previous or next amendment of the clause on screen; in an
 * amendment view it takes the view's place (q still goes back to where it
 * was), in a clause view the cursor goes to its row. */
void tui_next_amendment(tui *t, int dir)
{
	tui_view *v = view_top(t);
	acc_strlist ids = ACC_STRLIST_INIT;
	const char *clause = NULL, *cur = NULL;
	long at = -1, to;
	size_t i;
	int rc;

	if (v->ops == &tui_amendment_ops) {
		const acc_amendment_row *a = tui_amendment_row(t, v->amendment);

		clause = a ? a->clause : NULL;
		cur = v->amendment;
	} else if (v->ops == &tui_clause_ops) {
		const tui_row *r = view_cursor_row(v);

		clause = v->clause;
		cur = r && r->link == LINK_AMENDMENT ? r->link_id : NULL;
	}
	if (!clause) {
		tui_message(t, "[ and ] go through the amendments of a clause: open a clause or "
			       "an amendment first");
		return;
	}
	if ((rc = clause_list(t, &ids, clause)) < 0) {
		tui_error(t, rc, NULL);
		goto done;
	}
	for (i = 0; cur && i < ids.count; i++)
		if (!strcmp(ids.items[i], cur))
			at = (long)i;
	to = at < 0 ? (dir > 0 ? 0 : (long)ids.count - 1) : at + dir;
	if (!ids.count || to < 0 || to >= (long)ids.count) {
		tui_message(t, "no %s amendment of this clause", dir > 0 ? "next" : "previous");
		goto done;
	}
	if (v->ops == &tui_amendment_ops) {
		tui_view *nv = view_new(&tui_amendment_ops, NULL, ids.items[to], NULL);

		if (!nv) {
			tui_error(t, ACC_ENOMEM, NULL);
			goto done;
		}
		if ((rc = nv->ops->open(t, nv)) < 0) {
			view_free(nv);
			tui_error(t, rc, NULL);
			goto done;
		}
		view_free(v);
		t->stack[t->depth - 1] = nv;
	} else {
		for (i = 0; i < v->doc.n; i++)
			if (v->doc.rows[i].link == LINK_AMENDMENT && v->doc.rows[i].link_id &&
			    !strcmp(v->doc.rows[i].link_id, ids.items[to])) {
				view_goto(t, v, i);
				break;
			}
	}
	tui_message(t, "amendment %ld of %zu to this clause: %s", to + 1, ids.count, ids.items[to]);
done:
	acc_strlist_free(&ids);
}
