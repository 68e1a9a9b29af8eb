/*
 * view_help: the help screen, generated from the key table (keys.h) and
 * the command table of the command line; and the pager that shows the
 * output of a command run from the ':' prompt.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"

/* The help is a reading view. */
static int help_open(tui *t, tui_view *v)
{
	(void)t;
	v->nocursor = 1;
	return view_set_title(v, "keys and commands");
}

/* The keys of one request, as "j, <Down>, <C-n>". */
static void key_list(acc_buf *b, const tui_key_entry *e)
{
	size_t k;

	for (k = 0; k < TK_MAX_KEYS && e->keys[k]; k++) {
		char name[32];

		acc_buf_printf(b, "%s%s", k ? ", " : "",
			       tui_key_name(name, sizeof(name), e->keys[k]));
	}
}

/* A two-column line: term, then the wrapped description. */
static int term_row(tui_doc *d, size_t col, tui_style st, const char *term, const char *desc,
		    size_t w)
{
	tui_flow f = {ACC_BUF_INIT, NULL, 0};
	acc_buf pad = ACC_BUF_INIT;
	int rc;

	acc_buf_printf(&pad, "%-*s ", (int)col - 3, term);
	if ((rc = flow_puts(&f, st, pad.ptr)) == 0 && (rc = flow_puts(&f, ST_NORMAL, desc)) == 0)
		rc = flow_wrap_hang(d, &f, w, 2, col, LINK_NONE, NULL);
	flow_free(&f);
	acc_buf_free(&pad);
	return rc;
}

/* Lays out the help from the key table and the command table. */
static int help_layout(tui *t, tui_view *v, int width)
{
	const tui_key_entry *e;
	const acc_tui_command *c;
	size_t n, i, w = (size_t)width;
	int rc = 0;

	e = tui_key_table(&n);
	rc = doc_para(&v->doc, ST_NORMAL,
		      "accord shows the convention kept in git: the contents beside the text of "
		      "a clause, each clause with its amendments in voting order, each amendment "
		      "with its change and its ballot, the history of actions, and search. "
		      "Actions are the same as on the command line, and each asks first.",
		      w, 1);
	for (i = 0; i < n && rc == 0; i++) {
		if (e[i].req == REQ_NONE) {
			tui_row *r;

			if (!doc_row(&v->doc) || !(r = doc_row(&v->doc)))
				return ACC_ENOMEM;
			row_puts(r, ST_NORMAL, " ");
			row_puts(r, ST_HEADING, e[i].name);
			continue;
		}
		{
			acc_buf keys = ACC_BUF_INIT;

			key_list(&keys, &e[i]);
			rc = term_row(&v->doc, 26, ST_ID, keys.ptr ? keys.ptr : "", e[i].help, w);
			acc_buf_free(&keys);
		}
	}
	if (rc == 0 && doc_row(&v->doc)) {
		tui_row *r = doc_row(&v->doc);

		row_puts(r, ST_NORMAL, " ");
		row_puts(r, ST_HEADING, "Reading the screens");
	}
	if (rc == 0)
		rc = term_row(&v->doc, 26, t->theme.color ? ST_DEL : ST_NORMAL,
			      t->theme.strike  ? "red, struck through"
			      : t->theme.color ? "[-red-]"
					       : "[-words-]",
			      "words the change deletes", w);
	if (rc == 0)
		rc = term_row(&v->doc, 26, t->theme.color ? ST_INS : ST_NORMAL,
			      t->theme.color ? "green, underlined" : "{+words+}",
			      "words the change inserts", w);
	if (rc == 0)
		rc = term_row(&v->doc, 26, ST_NORMAL, "[+++---~~~....]",
			      "a ballot: yes (+), no (-), abstain (~), not voted (.), in "
			      "proportion to the members' weight",
			      w);
	if (rc == 0)
		rc = term_row(&v->doc, 26, ST_NORMAL, "Pend, Open",
			      "in the contents: the clause's pending amendments (tabled, voting "
			      "or stale) and those whose ballot is open",
			      w);
	if (rc == 0)
		rc = term_row(&v->doc, 26, ST_NORMAL, "N in inbox",
			      "in the top bar: ballots waiting for your organisation's vote, "
			      "invitations to co-sponsor, your stale amendments (i lists them)",
			      w);
	if (rc == 0 && doc_row(&v->doc)) {
		tui_row *r = doc_row(&v->doc);

		row_puts(r, ST_NORMAL, " ");
		row_puts(r, ST_HEADING, "Mouse");
	}
	if (rc == 0)
		rc = term_row(&v->doc, 26, ST_ID, "click",
			      "moves the cursor to the row under the pointer (a heading: nothing)",
			      w);
	if (rc == 0)
		rc = term_row(&v->doc, 26, ST_ID, "double click",
			      "(or a click on the cursor's row) opens the row under the pointer, "
			      "never another",
			      w);
	if (rc == 0)
		rc = term_row(&v->doc, 26, ST_ID, "wheel",
			      "scrolls three rows; any column of a wide terminal works (SGR "
			      "reports); ACCORD_TUI_MOUSE=0 leaves the mouse to the terminal",
			      w);
	if (rc == 0 && doc_row(&v->doc)) {
		tui_row *r = doc_row(&v->doc);

		row_puts(r, ST_NORMAL, " ");
		row_puts(r, ST_HEADING, "Commands at the : prompt (as on the command line)");
	}
	for (c = t->commands; c && c->name && rc == 0; c++) {
		if (!strcmp(c->name, "tui"))
			continue;
		rc = term_row(&v->doc, 26, ST_ID, c->name, c->summary, w);
	}
	return rc;
}

const tui_view_ops tui_help_ops = {"help", help_open, help_layout, NULL, NULL, NULL};

/* Prints the key table as text or roff. */
void acc_tui_print_keys(FILE *out, int roff)
{
	const tui_key_entry *e;
	size_t n, i, k;

	e = tui_key_table(&n);
	for (i = 0; i < n; i++) {
		acc_buf keys = ACC_BUF_INIT;

		if (e[i].req == REQ_NONE) {
			fprintf(out, roff ? ".SS %s\n" : "\n%s\n", e[i].name);
			continue;
		}
		for (k = 0; k < TK_MAX_KEYS && e[i].keys[k]; k++) {
			char name[32];

			acc_buf_printf(&keys, "%s%s", k ? ", " : "",
				       tui_key_name(name, sizeof(name), e[i].keys[k]));
		}
		if (roff) {
			const char *p;

			fputs(".TP\n.B ", out);
			for (p = keys.ptr; p && *p; p++)
				fputs(*p == '\\'  ? "\\e"
				      : *p == '-' ? "\\-"
						  : (char[2]){*p, 0},
				      out);
			fprintf(out, "\n%s\n", e[i].help);
		} else {
			fprintf(out, "  %-24s %s\n", keys.ptr ? keys.ptr : "", e[i].help);
		}
		acc_buf_free(&keys);
	}
}

/* ---- the pager ------------------------------------------------------------- */

typedef struct {
	char *out, *err;
} pager_data;

/* Frees the view's data. */
static void pager_free(tui_view *v)
{
	pager_data *d = v->data;

	if (!d)
		return;
	free(d->out);
	free(d->err);
	free(d);
	v->data = NULL;
}

/* A reading view over a command's output and errors. */
tui_view *pager_view_new(const char *title, const char *out, const char *err)
{
	tui_view *v = view_new(&tui_pager_ops, NULL, NULL, title);
	pager_data *d;

	if (!v)
		return NULL;
	if (!(d = acc_calloc(1, sizeof(*d))) || !(d->out = acc_strdup(out ? out : "")) ||
	    !(d->err = acc_strdup(err ? err : ""))) {
		if (d) {
			free(d->out);
			free(d);
		}
		view_free(v);
		return NULL;
	}
	v->data = d;
	v->nocursor = 1;
	return v;
}

/* Titles the pager with the command line. */
static int pager_open(tui *t, tui_view *v)
{
	(void)t;
	return view_set_title(v, ":%s", v->arg ? v->arg : "");
}

/* Wraps each line of s (untrusted) in style st, kept as it is laid out. */
static int pager_text(tui_doc *d, const char *s, tui_style st, size_t w)
{
	tui_flow f = {ACC_BUF_INIT, NULL, 0};
	size_t len = strlen(s);
	int rc;

	if (!len)
		return 0;
	if (s[len - 1] == '\n')
		len--;
	if ((rc = flow_put(&f, st, s, len)) == 0)
		rc = flow_wrap(d, &f, w, 0, LINK_NONE, NULL);
	flow_free(&f);
	return rc;
}

/* Lays out the output, errors in the error style. */
static int pager_layout(tui *t, tui_view *v, int width)
{
	pager_data *d = v->data;
	int rc;

	(void)t;
	if (!d)
		return 0;
	if ((rc = pager_text(&v->doc, d->out, ST_NORMAL, (size_t)width)) == 0)
		rc = pager_text(&v->doc, d->err, ST_ERROR, (size_t)width);
	if (rc == 0 && !v->doc.n)
		rc = doc_para(&v->doc, ST_DIM, "(no output)", (size_t)width, 0);
	return rc;
}

const tui_view_ops tui_pager_ops = {"output", pager_open, pager_layout, NULL, NULL, pager_free};
