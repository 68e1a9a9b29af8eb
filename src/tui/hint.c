/*
 * hint: the hint line at the bottom of the screen, made from the key
 * table (keys.h): for the view on top and the row under the cursor, the
 * requests that do something there, each as its first key and its name
 * ("Enter open  v vote  l history ..."), as many as fit on one line.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"

#define HINT_MAX 20

/* Whether org is in the comma-separated list. */
static int invited(const char *list, const char *org)
{
	size_t n = strlen(org);
	const char *p = list;

	while (p && *p) {
		if (!strncmp(p, org, n) && (p[n] == ',' || !p[n]))
			return 1;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

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
		if (mine && !strcmp(a->status, "stale"))
			out[n++] = REQ_REBASE;
		if (mine)
			out[n++] = REQ_WITHDRAW;
		else if (member && invited(a->invited, t->me_org))
			out[n++] = REQ_COSPONSOR; /* invited (the index keeps who) */
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
		out[n++] = REQ_INVITE;
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
		if (acts) {
			out[n++] = REQ_DRAFT;
			out[n++] = REQ_DRAFT_INSERT;
			out[n++] = REQ_DRAFT_DELETE;
		}
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
	char items[HINT_MAX][64];
	size_t n = hint_reqs(t, reqs), i, used = 0, len[HINT_MAX];
	int keep[HINT_MAX], pass, rc = 0, first = 1;

	for (i = 0; i < n; i++) {
		const tui_key_entry *e = entry_of(reqs[i]);
		char name[32];
		const char *k;
		size_t kl;

		keep[i] = 0;
		len[i] = 0;
		if (!e || !e->keys[0])
			continue;
		k = tui_key_name(name, sizeof(name), e->keys[0]);
		kl = strlen(k);
		if (kl > 2 && k[0] == '<' && k[kl - 1] == '>') {
			/* "<Enter>" reads as "Enter" here */
			memmove(name, k + 1, kl - 2);
			name[kl - 2] = '\0';
			k = name;
		}
		snprintf(items[i], sizeof(items[i]), "%s %s", k,
			 reqs[i] == REQ_BACK && t->depth <= 1 ? "quit" : e->name);
		len[i] = text_width(items[i], strlen(items[i])) + 2;
	}
	/* help and back always have room; the others in order while they fit */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			int must = reqs[i] == REQ_HELP || reqs[i] == REQ_BACK;

			if (!len[i] || keep[i] || must != (pass == 0) || used + len[i] > width + 2)
				continue;
			keep[i] = 1;
			used += len[i];
		}
	for (i = 0; i < n && rc == 0; i++) {
		if (!keep[i])
			continue;
		if (!first)
			rc = flow_puts(f, ST_DIM, "  ");
		if (rc == 0)
			rc = flow_puts(f, ST_DIM, items[i]);
		first = 0;
	}
	return rc;
}
