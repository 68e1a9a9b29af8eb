/* lang: the language the interface shows clauses in (the L key). */
#include <string.h>

#include "app.h"

/* The language at position k of t's cycle: the negotiation language,
 * then the convention's other languages in their order; NULL past it. */
static const char *lang_at(const acc_state *st, int k)
{
	size_t i;

	if (k == 0)
		return st->conv.language;
	for (i = 0; i < st->conv.languages.count; i++)
		if (strcmp(st->conv.languages.items[i], st->conv.language) != 0 && --k == 0)
			return st->conv.languages.items[i];
	return NULL;
}

/* The name of the first key bound to req in the key table (keys.c). */
static const char *request_key(tui_request req)
{
	static char buf[32];
	size_t i, n;
	const tui_key_entry *e = tui_key_table(&n);

	for (i = 0; i < n; i++)
		if (e[i].req == req && e[i].keys[0])
			return tui_key_name(buf, sizeof(buf), e[i].keys[0]);
	return "?";
}

void tui_lang_next(tui *t)
{
	acc_state *st = tui_state(t);
	const char *l;

	if (!st) {
		tui_message(t, "the convention cannot be read");
		return;
	}
	t->lang = lang_at(st, t->lang + 1) ? t->lang + 1 : 0;
	l = lang_at(st, t->lang);
	if (t->lang)
		tui_message(t, "clauses shown in %s; %s: a clause beside its translation", l,
			    request_key(REQ_TRANSLATION));
	else
		tui_message(t, "clauses shown in %s (the negotiation language)", l);
}

int tui_lang_clause(tui *t, const acc_clause *c, const char **heading, const char **text,
		    const char **note)
{
	const acc_state *st = t->st;
	const char *l = st ? lang_at(st, t->lang) : NULL;
	const acc_translation *tr;

	*heading = c->heading;
	*text = c->text;
	*note = NULL;
	if (!l || t->lang == 0)
		return 0;
	if (!(tr = acc_state_translation(st, l, c->id))) {
		*note = "not yet established in this language: the source text";
		return 0;
	}
	*heading = tr->heading;
	*text = tr->text;
	if (acc_translation_status(st, l, c->id) == ACC_TR_STALE)
		*note = "stale: the source changed since (accord diff CLAUSE --lang L "
			"--source-changes)";
	return 0;
}

const char *tui_lang_name(tui *t)
{
	return t->st ? lang_at(t->st, t->lang) : NULL;
}

void tui_lang_side(tui *t, tui_view *v)
{
	const char *l = tui_lang_name(t);
	tui_view *n;

	if (!v || v->ops != &tui_clause_ops || !v->clause) {
		tui_message(t, "open a clause first: T compares it with its translation");
		return;
	}
	if (!l || t->lang == 0) {
		tui_message(t, "choose a language first with L: T compares the clause with it");
		return;
	}
	if (!(n = view_new(&tui_translation_ops, v->clause, NULL, l)) || view_push(t, n) < 0)
		tui_message(t, "%s", acc_error_last());
}
