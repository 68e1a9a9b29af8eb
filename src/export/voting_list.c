/* voting_list: the voting list for the next meeting as Markdown and HTML
 * (accord voting-list --format md|html). */
#include <string.h>

#include "internal.h"

/* Appends s to w as HTML text: exactly (acc_text_exact), with & < > "
 * escaped. */
static void html_text(wr *w, const char *s)
{
	acc_buf safe = ACC_BUF_INIT;
	const char *p;

	if (w->rc == 0)
		w->rc = acc_text_exact(&safe, s, strlen(s));
	for (p = safe.ptr; w->rc == 0 && p && *p; p++) {
		switch (*p) {
		case '&':
			wr_puts(w, "&amp;");
			break;
		case '<':
			wr_puts(w, "&lt;");
			break;
		case '>':
			wr_puts(w, "&gt;");
			break;
		case '"':
			wr_puts(w, "&quot;");
			break;
		default:
			wr_put(w, p, 1);
		}
	}
	acc_buf_free(&safe);
}

/* Appends s to w as Markdown text. */
static void md_text(wr *w, const char *s)
{
	if (w->rc == 0)
		w->rc = acc_export_md_escape(w->b, s, strlen(s));
}

/* Appends the ids of l, comma-separated, or "nothing". */
static void id_list(wr *w, const acc_strlist *l)
{
	size_t i;

	if (!l->count)
		wr_puts(w, "nothing");
	for (i = 0; i < l->count; i++)
		wr_printf(w, "%s%s", i ? ", " : "", l->items[i]);
}

/* What item it proposes: "replace the text of art-3 (3)" and the like
 * (ids and numbers only: no repository text needs escaping here). */
static void what(wr *w, const acc_state *st, const acc_vote_item *it)
{
	const acc_amendment *a = it->a;
	const acc_clause *cl = a ? acc_state_clause(st, a->clause) : NULL;

	if (!a) {
		wr_puts(w, "the ratification of the whole text");
		return;
	}
	if (a->amends) {
		wr_printf(w, "amend %s", a->amends);
	} else {
		wr_printf(w, "%s %s",
			  a->op == ACC_OP_REPLACE  ? "replace the text of"
			  : a->op == ACC_OP_DELETE ? "delete"
						   : "insert a clause after",
			  a->clause);
		if (cl && cl->number[0])
			wr_printf(w, " (%s)", cl->number);
	}
	if (a->supersedes.count) {
		wr_puts(w, "; compromise superseding ");
		id_list(w, &a->supersedes);
	}
}

int acc_export_voting_list(acc_buf *out, const acc_state *st, const acc_vote_item *v, size_t n,
			   acc_export_format f)
{
	wr w = {out, 0};
	size_t i;

	if (f != ACC_EXPORT_MD && f != ACC_EXPORT_HTML)
		return acc_error_set(ACC_EUSAGE, "the voting list is exported as md or html");
	if (f == ACC_EXPORT_MD) {
		wr_puts(&w, "# Voting list: ");
		md_text(&w, st->conv.title);
		wr_puts(&w, "\n\nIn voting order; each line says what falls if it is adopted.\n\n");
		wr_puts(&w, "| # | Ballot | Sponsor | Status | Proposes | Falls if adopted |\n"
			    "|---|---|---|---|---|---|\n");
		for (i = 0; i < n; i++) {
			const acc_amendment *a = v[i].a;

			wr_printf(&w, "| %zu | %s | %s | %s | ", i + 1, a ? a->id : "ratification",
				  a ? a->sponsor : "-", a ? acc_status_name(a->status) : "voting");
			what(&w, st, &v[i]);
			wr_puts(&w, " | ");
			id_list(&w, &v[i].falls);
			wr_puts(&w, " |\n");
		}
		if (!n)
			wr_puts(&w, "| - | nothing is pending | | | | |\n");
		return w.rc;
	}
	wr_puts(&w,
		"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n<title>Voting list: ");
	html_text(&w, st->conv.title);
	wr_puts(&w, "</title>\n</head>\n<body>\n<h1>Voting list: ");
	html_text(&w, st->conv.title);
	wr_puts(&w, "</h1>\n<p>In voting order; each row says what falls if it is adopted.</p>\n"
		    "<table>\n<thead><tr><th>#</th><th>Ballot</th><th>Sponsor</th><th>Status</th>"
		    "<th>Proposes</th><th>Falls if adopted</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		const acc_amendment *a = v[i].a;

		wr_printf(&w,
			  "<tr id=\"ballot-%s\"><td>%zu</td><td>%s</td><td>%s</td><td>%s</td><td>",
			  a ? a->id : "ratification", i + 1, a ? a->id : "ratification",
			  a ? a->sponsor : "-", a ? acc_status_name(a->status) : "voting");
		what(&w, st, &v[i]);
		wr_puts(&w, "</td><td>");
		id_list(&w, &v[i].falls);
		wr_puts(&w, "</td></tr>\n");
	}
	wr_puts(&w, "</tbody>\n</table>\n</body>\n</html>\n");
	return w.rc;
}
