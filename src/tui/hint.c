/*
 * hint: the hint line at the bottom of the screen, made from the key
 * table (keys.h): for the view on top and the row under the cursor, the
 * requests that do something there, each as its first key and its name
 * ("Enter open  v vote  l history ..."), as many as fit on one line.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"

#define HINT_MAX 16

/* The requests of an amendment, by its status and who the user is. */
static size_t amendment_reqs(tui *t, tui_request *out, size_t n, const char *id)
{
	const acc_amendment_row *a = tui_amendment_row(t, id);
	int chair = t->me_role == ACC_ROLE_CHAIR, member = t->me_role == ACC_ROLE_MEMBER;
	int mine = a && t->me_org && strcmp(a->sponsor, t->me_org) == 0;

	if (!a)
		return n;
	if (!strcmp(a->status, "voting")) {
		if (member)
			out[n++] = REQ_VOTE;
		if (chair)
			out[n++] = REQ_CLOSE_BALLOT;
	} else if (!strcmp(a->status, "tabled") || !strcmp(a->status, "stale")) {
		if (mine)
			out[n++] = REQ_WITHDRAW;
		else if (member && t->st) {
			/* invited? only when the state is loaded already: a hint
			 * never costs a load */
			const acc_amendment *sa = acc_state_amendment(t->st, id);

			if (sa && acc_strlist_find(&sa->invited, t->me_org) >= 0)
				out[n++] = REQ_COSPONSOR;
		}
		if (chair && !strcmp(a->status, "tabled"))
			out[n++] = REQ_OPEN_BALLOT;
	}
	return n;
}

/* The requests worth showing for the focused view and its cursor row. */
static size_t hint_reqs(tui *t, tui_request *out)
{
	tui_view *v = view_focus(t), *top = view_top(t);
	const tui_row *r = v ? view_cursor_row(v) : NULL;
	int acts = t->me_role == ACC_ROLE_MEMBER || t->me_role == ACC_ROLE_CHAIR;
	size_t n = 0;

	if (!v)
		return 0;
	if (r && !v->nocursor && r->link && r->link_id)
		out[n++] = REQ_ENTER;
	if (v->ops == &tui_draft_ops) {
		out[n++] = REQ_TABLE;
		out[n++] = REQ_DRAFT;
		out[n++] = REQ_DIFF_MODE;
	} else if (v->ops == &tui_amendment_ops) {
		n = amendment_reqs(t, out, n, v->amendment);
		out[n++] = REQ_DIFF_MODE;
		if (acts)
			out[n++] = REQ_DRAFT;
		out[n++] = REQ_COMMENTS;
		out[n++] = REQ_HISTORY;
	} else if (v->ops == &tui_search_ops) {
		out[n++] = REQ_FIND_NEXT;
		out[n++] = REQ_FIND_PREV;
	} else if (r && !v->nocursor && r->link == LINK_AMENDMENT) {
		/* an amendment's row in a list: its own actions */
		n = amendment_reqs(t, out, n, r->link_id);
		if (v->ops == &tui_clause_ops)
			out[n++] = REQ_NEXT_PANE;
	} else if (v->ops == &tui_clause_ops || (r && r->link == LINK_CLAUSE)) {
		if (acts)
			out[n++] = REQ_DRAFT;
		out[n++] = REQ_COMMENTS;
		out[n++] = REQ_HISTORY;
		if (v->ops == &tui_clause_ops)
			out[n++] = REQ_NEXT_PANE;
	}
	if (t->pattern && t->pattern[0] && v->ops != &tui_search_ops)
		out[n++] = REQ_FIND_NEXT;
	out[n++] = REQ_HELP;
	out[n++] = REQ_BACK;
	if (t->me_role >= 0 && top->ops != &tui_inbox_ops)
		out[n++] = REQ_INBOX;
	out[n++] = REQ_SEARCH;
	out[n++] = REQ_PROMPT;
	return n;
}

/* The first key of req and its name, from the key table. */
static const tui_key_entry *entry_of(tui_request req)
{
	const tui_key_entry *e;
	size_t n, i;

	e = tui_key_table(&n);
	for (i = 0; i < n; i++)
		if (e[i].req == req)
			return &e[i];
	return NULL;
}

/* Appends the hint line to f: at most width columns, whole items only. */
int tui_hint(tui *t, tui_flow *f, size_t width)
{
	tui_request reqs[HINT_MAX];
	size_t n = hint_reqs(t, reqs), i, used = 0;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const tui_key_entry *e = entry_of(reqs[i]);
		char name[32], item[96];
		const char *k, *word;
		size_t len;

		if (!e || !e->keys[0])
			continue;
		k = tui_key_name(name, sizeof(name), e->keys[0]);
		len = strlen(k);
		if (len > 2 && k[0] == '<' && k[len - 1] == '>') {
			/* "<Enter>" reads as "Enter" here */
			memmove(name, k + 1, len - 2);
			name[len - 2] = '\0';
			k = name;
		}
		word = e->name;
		if (reqs[i] == REQ_BACK && t->depth <= 1)
			word = "quit";
		snprintf(item, sizeof(item), "%s%s %s", used ? "  " : "", k, word);
		len = text_width(item, strlen(item));
		if (used + len > width)
			break;
		rc = flow_puts(f, ST_DIM, item);
		used += len;
	}
	return rc;
}
