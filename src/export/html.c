/*
 * export html: the self-contained HTML document, with a change view
 * (--changes-since) that shows insertions and deletions.
 *
 * HTML uses only elements HTML 4 also knows (div with ARIA roles rather
 * than section/nav/main), so both libxml2's HTML parser and any XML
 * parser read it without complaint.  Anchors: "clause-<id>" and
 * "amendment-<id>", from the stable ids.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/structure.h"
#include "internal.h"

/* The stylesheet: no characters the writer would escape (no < > & or
 * quotes), since a <style> element's text is not unescaped by browsers. */
static const char html_css[] =
    "\nbody{font-family:Georgia,serif;line-height:1.5;max-width:44em;margin:2em auto;"
    "padding:0 1em;color:#111;background:#fff}\n"
    "h1{font-size:1.9em;margin:0 0 .3em}\n"
    "h2{font-size:1.4em;margin-top:2em}\n"
    "h3{font-size:1.15em;margin-top:1.6em}\n"
    "h4{font-size:1em;margin-top:1.4em}\n"
    ".num{font-weight:bold;margin-right:.4em}\n"
    "p.h7,p.h8,p.h9{font-weight:bold;margin-top:1.2em}\n"
    "p.h8{font-style:italic}\n"
    "p.h9{font-weight:normal;font-style:italic;text-decoration:underline}\n"
    "ul.points,ul.recitals{list-style:none;padding-left:2em}\n"
    ".notes{border-top:1px solid #999;font-size:.9em}\n"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}\n"
    "dl.facts dt{font-weight:bold}\n"
    "dl.facts dd{margin:0}\n"
    ".toc ol{list-style:none;padding-left:0}\n"
    ".toc li.depth-1{padding-left:1.5em}\n"
    ".toc li.depth-2{padding-left:3em}\n"
    ".toc li.depth-3{padding-left:4.5em}\n"
    ".diff{white-space:pre-wrap}\n"
    "ins{background:#dfd;text-decoration:underline}\n"
    "del{background:#fdd;text-decoration:line-through}\n"
    ".removed{opacity:.8}\n"
    "table{border-collapse:collapse;width:100%;margin:1em 0}\n"
    "caption{text-align:left;font-weight:bold}\n"
    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}\n"
    "@media print{\n"
    "body{max-width:none;margin:0;padding:0;font-size:11pt}\n"
    ".toc{display:none}\n"
    "a{color:inherit;text-decoration:none}\n"
    "h1,h2,h3,h4{page-break-after:avoid}\n"
    ".article,tr{page-break-inside:avoid}\n"
    "ins,del{background:none}\n"
    "}\n";

/* A definition list of fields. */
static void html_fields(xw *x, const field *f, size_t n)
{
	size_t i;

	if (!n)
		return;
	xw_start(x, "dl");
	xw_attr(x, "class", "facts");
	xw_raw(x, "\n");
	for (i = 0; i < n; i++) {
		xw_elem(x, "dt", f[i].key);
		xw_elem(x, "dd", f[i].value);
		xw_raw(x, "\n");
	}
	xw_endl(x);
}

/* The paragraphs of text as <p> elements (inside ins or del when wrap is
 * not NULL). */
static void html_paras(xw *x, const char *text, const char *wrap)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (ex_next_para(&p, end, &s, &len) && x->rc == 0) {
		xw_start(x, "p");
		if (wrap)
			xw_start(x, wrap);
		xw_lines(x, s, len);
		if (wrap)
			xw_end(x);
		xw_endl(x);
	}
}

/* One language's text in a multilingual edition (ex_lang_each): a block
 * with its own lang and, for a right-to-left script, dir="rtl". */
static void html_lang(void *arg, const char *lang, int rtl, const char *heading, const char *text,
		      const char *note)
{
	xw *x = arg;

	xw_start(x, "div");
	xw_attr(x, "class", note ? "translation not-current" : "translation");
	xw_attr(x, "lang", lang);
	xw_attr(x, "xml:lang", lang);
	if (rtl)
		xw_attr(x, "dir", "rtl");
	xw_raw(x, "\n");
	xw_start(x, "p");
	xw_attr(x, "class", "lang-heading");
	xw_start(x, "span");
	xw_attr(x, "class", "lang");
	xw_attr(x, "dir", "ltr");
	xw_str(x, lang);
	xw_end(x);
	if (heading[0]) {
		xw_str(x, " ");
		xw_start(x, "strong");
		xw_str(x, heading);
		xw_end(x);
	}
	if (note) {
		xw_str(x, " ");
		xw_start(x, "em");
		xw_attr(x, "lang", "en");
		xw_attr(x, "dir", "ltr");
		xw_str(x, note);
		xw_end(x);
	}
	xw_endl(x);
	if (text[0])
		html_paras(x, text, NULL);
	xw_endl(x);
}

/* <hN><span class="num">Article 6</span> heading</hN> (beyond <h6>, a
 * <p role="heading"> of its own level and class), the heading shown as a
 * diff against old_heading when that is not NULL, or inside wrap. */
static void html_heading(xw *x, const acc_clause *cl, const char *old_heading, const char *wrap)
{
	int level = ex_heading_level(cl);
	char h[4] = "h2";

	h[1] = (char)('0' + level);
	xw_start(x, level <= 6 ? h : "p");
	if (level > 6) {
		xw_attr(x, "role", "heading");
		xw_attrf(x, "aria-level", "%d", level);
		xw_attr(x, "class", h);
	}
	if (wrap)
		xw_start(x, wrap);
	xw_start(x, "span");
	xw_attr(x, "class", "num");
	xw_str(x, ex_clause_word(cl));
	xw_str(x, " ");
	xw_str(x, cl->number);
	xw_end(x);
	xw_str(x, " ");
	if (old_heading)
		xw_diff(x, old_heading, cl->heading);
	else
		xw_str(x, cl->heading);
	if (wrap)
		xw_end(x);
	xw_endl(x);
}

/* A clause removed since the compared revision, struck through whole. */
static void html_removed(xw *x, const acc_clause *old)
{
	xw_start(x, "div");
	xw_attrf(x, "class", "%s removed", old->container ? "part" : "article");
	xw_attrf(x, "id", "clause-%s", old->id);
	xw_raw(x, "\n");
	html_heading(x, old, NULL, "del");
	html_paras(x, old->text, "del");
	xw_endl(x);
}

/* Where the removed clauses go: anchor[j] for old clause j is the index
 * in st of the nearest earlier old clause that still exists (-1: before
 * the first), or -2 when j was not removed.  *out malloc'd. */
static int removed_anchors(long **out, const acc_state *st, const acc_state *old)
{
	long *a = acc_calloc(old->nclauses ? old->nclauses : 1, sizeof(long));
	size_t j;

	*out = a;
	if (!a)
		return ACC_ENOMEM;
	for (j = 0; j < old->nclauses; j++) {
		size_t k;

		a[j] = -2;
		if (acc_state_clause_index(st, old->clauses[j].id) >= 0)
			continue;
		a[j] = -1;
		for (k = j; k-- > 0;) {
			long at = acc_state_clause_index(st, old->clauses[k].id);

			if (at >= 0) {
				a[j] = at;
				break;
			}
		}
	}
	return 0;
}

/* Writes the removed clauses anchored at index at. */
static void html_removed_at(xw *x, const acc_state *old, const long *anchor, long at)
{
	size_t j;

	for (j = 0; old && j < old->nclauses; j++)
		if (anchor[j] == at)
			html_removed(x, &old->clauses[j]);
}

static void html_blocks(xw *x, const char *cid, const char *text);

/* One clause: heading and text, with changes against old (may be NULL)
 * when a change view is on. */
static void html_clause(xw *x, const acc_clause *cl, const acc_state *since)
{
	const acc_clause *old = since ? acc_state_clause(since, cl->id) : NULL;
	int added = since && !old;
	int changed_text = old && strcmp(old->text, cl->text) != 0;
	int changed_head = old && strcmp(old->heading, cl->heading) != 0;

	xw_start(x, "div");
	xw_attrf(x, "class", "%s%s%s", cl->container ? "part" : "article", added ? " added" : "",
		 changed_text || changed_head ? " changed" : "");
	xw_attrf(x, "id", "clause-%s", cl->id);
	xw_raw(x, "\n");
	html_heading(x, cl, changed_head ? old->heading : NULL, added ? "ins" : NULL);
	if (changed_text) {
		xw_start(x, "div");
		xw_attr(x, "class", "diff");
		xw_diff(x, old->text, cl->text);
		xw_endl(x);
	} else if (added) {
		html_paras(x, cl->text, "ins");
	} else {
		html_blocks(x, cl->id, cl->text);
	}
}

/* <li><a href="href">text</a></li> in the table of contents. */
static void html_toc_link(xw *x, const char *href, const char *text)
{
	xw_start(x, "li");
	xw_start(x, "a");
	xw_attr(x, "href", href);
	xw_str(x, text);
	xw_end(x);
	xw_endl(x);
}

/* The table of contents. */
static void html_toc(xw *x, const acc_state *st)
{
	size_t i;

	xw_start(x, "div");
	xw_attr(x, "class", "toc");
	xw_attr(x, "role", "navigation");
	xw_attr(x, "aria-labelledby", "contents");
	xw_raw(x, "\n");
	xw_start(x, "h2");
	xw_attr(x, "id", "contents");
	xw_str(x, "Contents");
	xw_endl(x);
	xw_start(x, "ol");
	xw_raw(x, "\n");
	if (st->conv.preamble && st->conv.preamble[0]) {
		html_toc_link(x, "#preamble", "Preamble");
	}
	for (i = 0; i < st->nclauses && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		xw_start(x, "li");
		xw_attrf(x, "class", "depth-%d", cl->depth < 3 ? cl->depth : 3);
		xw_start(x, "a");
		xw_attrf(x, "href", "#clause-%s", cl->id);
		xw_str(x, ex_clause_word(cl));
		xw_str(x, " ");
		xw_str(x, cl->number);
		xw_str(x, ". ");
		xw_str(x, cl->heading);
		xw_end(x);
		xw_endl(x);
	}
	html_toc_link(x, "#adoption-record", "Adoption record");
	html_toc_link(x, "#signatories", "Signatories");
	xw_endl(x);
	xw_endl(x);
}

/* Opens a table up to its <tbody> (see internal.h). */
void ex_html_table_open(xw *x, const char *cls, const char *caption, const char *const *head,
			size_t n)
{
	size_t c;

	xw_start(x, "table");
	if (cls)
		xw_attr(x, "class", cls);
	xw_raw(x, "\n");
	xw_elem(x, "caption", caption);
	xw_raw(x, "\n");
	xw_start(x, "thead");
	xw_start(x, "tr");
	for (c = 0; c < n; c++) {
		xw_start(x, "th");
		xw_attr(x, "scope", "col");
		xw_str(x, head[c]);
		xw_end(x);
	}
	xw_end(x);
	xw_endl(x);
	xw_start(x, "tbody");
	xw_raw(x, "\n");
}

/* A table: caption, header cells, then rows of n cells (cells[r*n+c]). */
void ex_html_table(xw *x, const char *cls, const char *caption, const char *const *head, size_t n,
		   char *const *cells, size_t rows)
{
	size_t r, c;

	ex_html_table_open(x, cls, caption, head, n);
	for (r = 0; r < rows && x->rc == 0; r++) {
		xw_start(x, "tr");
		for (c = 0; c < n; c++)
			xw_elem(x, "td", cells[r * n + c]);
		xw_endl(x);
	}
	xw_endl(x);
	xw_endl(x);
}

/* Opens <div class="cls" id="id"> and its line. */
static void html_div(xw *x, const char *cls, const char *id)
{
	xw_start(x, "div");
	xw_attr(x, "class", cls);
	xw_attr(x, "id", id);
	xw_raw(x, "\n");
}

/* An adopted amendment: its heading and record. */
static void html_adopted(void *arg, const acc_amendment *a, const field *f, size_t n)
{
	xw *x = arg;

	xw_start(x, "div");
	xw_attr(x, "class", "amendment");
	xw_attrf(x, "id", "amendment-%s", a->id);
	xw_raw(x, "\n");
	xw_start(x, "h4");
	xw_str(x, "Amendment ");
	xw_str(x, a->id);
	xw_endl(x);
	html_fields(x, f, n);
	xw_endl(x);
}

/* The adoption record: the adopted amendments and the ratification. */
static void html_record(xw *x, const acc_export_doc *d)
{
	static const char *const roll_head[] = {"Organisation", "Vote", "Cast by"};
	const acc_state *st = d->st;
	field f[MAX_FIELDS];
	char **cells = NULL;
	size_t n = 0, rows = 0;
	int rc;

	html_div(x, "record", "adoption-record");
	xw_elem(x, "h2", "Adoption record");
	xw_raw(x, "\n");
	xw_elem(x, "h3", "Adopted amendments");
	xw_raw(x, "\n");
	if (!ex_adopted_count(st)) {
		xw_elem(x, "p", "No amendment was adopted.");
		xw_raw(x, "\n");
	}
	ex_each_adopted(&x->rc, st, html_adopted, x);
	xw_start(x, "h3");
	xw_attr(x, "id", "ratification");
	xw_str(x, "Ratification");
	xw_endl(x);
	if (x->rc == 0 && (rc = ex_ratification_fields(f, &n, st)) < 0)
		x->rc = rc;
	if (x->rc == 0) {
		html_fields(x, f, n);
		ex_fields_free(f, n);
	}
	if (x->rc == 0 && ex_ballot_held(&st->ratification)) {
		if ((rc = ex_roll_cells(&cells, &rows, st, &st->ratification)) < 0)
			x->rc = rc;
		else
			ex_html_table(x, "roll-call", "Roll-call of the ratification ballot",
				      roll_head, 3, cells, rows);
		ex_cells_free(cells, rows * 3);
	}
	xw_endl(x);
}

/* The signatories as a table, or why there are none. */
static void html_signatories(xw *x, const acc_export_doc *d)
{
	static const char *const sig_head[] = {"Organisation", "Signed by", "Date"};
	const char *none = ex_no_signatures(d);
	char **cells = NULL;
	size_t rows = 0;
	int rc;

	html_div(x, "signatories", "signatories");
	xw_elem(x, "h2", "Signatories");
	xw_raw(x, "\n");
	if (none) {
		xw_elem(x, "p", none);
		xw_raw(x, "\n");
	} else if (x->rc == 0) {
		if ((rc = ex_signature_cells(&cells, &rows, ex_sig_state(d))) < 0)
			x->rc = rc;
		else
			ex_html_table(x, "signatures", "Signatures", sig_head, 3, cells, rows);
		ex_cells_free(cells, rows * 3);
	}
	xw_endl(x);
}

/* The annex "Status of the convention", once the text is adopted. */
static void html_treaty(xw *x, const acc_export_doc *d)
{
	const acc_state *ss = ex_sig_state(d);
	char **cells = NULL, *sum = NULL;
	size_t rows = 0;
	int rc;

	if (!ex_is_ratified(ss) || x->rc)
		return;
	html_div(x, "annex", "status");
	xw_elem(x, "h2", "Annex: Status of the convention");
	xw_raw(x, "\n");
	if ((rc = ex_treaty_summary(&sum, ss)) < 0 ||
	    (rc = ex_treaty_cells(&cells, &rows, ss)) < 0) {
		x->rc = rc;
	} else {
		xw_elem(x, "p", sum);
		xw_raw(x, "\n");
		ex_html_table(x, "status", "Status of the convention", ex_treaty_head,
			      EX_TREATY_COLS, cells, rows);
	}
	ex_cells_free(cells, rows * EX_TREATY_COLS);
	free(sum);
	xw_endl(x);
}

/* Writes [s, s+len) with line breaks as <br/> and each footnote reference
 * "[^ID]" with a note in blocks as a link to the note (id "note-<cid>-ID"). */
static void html_inline(xw *x, const acc_block *b, size_t n, const char *cid, const char *s,
			size_t len)
{
	const char *end = s + len, *ref, *id;
	size_t id_len;

	while (x->rc == 0 && (ref = acc_text_note_ref(s, end, &id, &id_len))) {
		if (!acc_blocks_note(b, n, id, id_len)) {
			xw_lines(x, s, (size_t)(ref + id_len + 3 - s));
			s = ref + id_len + 3;
			continue;
		}
		xw_lines(x, s, (size_t)(ref - s));
		xw_start(x, "sup");
		xw_start(x, "a");
		xw_attrf(x, "href", "#note-%s-%.*s", cid, (int)id_len, id);
		xw_text(x, id, id_len);
		xw_end(x);
		xw_end(x);
		s = ref + id_len + 3;
	}
	xw_lines(x, s, (size_t)(end - s));
}

/* <p>label text</p> of block k. */
static void html_block_p(xw *x, const acc_block *b, size_t n, const char *cid, const acc_block *k)
{
	xw_start(x, "p");
	if (k->label) {
		xw_start(x, "span");
		xw_attr(x, "class", "num");
		xw_text(x, k->label, k->label_len);
		xw_end(x);
		xw_str(x, " ");
	}
	html_inline(x, b, n, cid, k->text, k->len);
	xw_endl(x);
}

/* Block *i of b and the blocks nested under it, these as a list. */
static void html_block(xw *x, const acc_block *b, size_t n, const char *cid, size_t *i)
{
	const acc_block *k = &b[*i];

	html_block_p(x, b, n, cid, k);
	*i += 1;
	if (!k->nested)
		return;
	xw_start(x, "ul");
	xw_attrf(x, "class", "points depth-%d", k->depth + 1);
	xw_raw(x, "\n");
	while (*i < n && x->rc == 0 && (b[*i].note || b[*i].depth > k->depth)) {
		if (b[*i].note) {
			*i += 1;
			continue;
		}
		xw_start(x, "li");
		html_block(x, b, n, cid, i);
		xw_endl(x);
	}
	xw_endl(x);
}

/* The text of clause cl: its blocks, points nested as lists, then its
 * footnotes. */
static void html_blocks(xw *x, const char *cid, const char *text)
{
	acc_block *b = NULL;
	size_t n = 0, i, notes = 0;
	int rc;

	if ((rc = acc_text_blocks(&b, &n, text)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	for (i = 0; i < n; i++)
		notes += (size_t)b[i].note;
	for (i = 0; i < n && x->rc == 0;) {
		if (b[i].note) {
			i++;
			continue;
		}
		html_block(x, b, n, cid, &i);
	}
	if (notes) {
		xw_start(x, "div");
		xw_attr(x, "class", "notes");
		xw_raw(x, "\n");
		for (i = 0; i < n; i++) {
			if (!b[i].note)
				continue;
			xw_start(x, "p");
			xw_attrf(x, "id", "note-%s-%.*s", cid, (int)b[i].label_len, b[i].label);
			xw_start(x, "sup");
			xw_text(x, b[i].label, b[i].label_len);
			xw_end(x);
			xw_str(x, " ");
			xw_lines(x, b[i].text, b[i].len);
			xw_endl(x);
		}
		xw_endl(x);
	}
	free(b);
}

/* The preamble: its recitals as a list, then the enacting formula. */
static void html_preamble(xw *x, const char *text)
{
	acc_block *b = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = acc_text_blocks(&b, &n, text)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	xw_start(x, "ul");
	xw_attr(x, "class", "recitals");
	xw_raw(x, "\n");
	for (i = 0; i < n && !acc_preamble_formula(b, i, n); i++) {
		xw_start(x, "li");
		html_block_p(x, b, n, "preamble", &b[i]);
		xw_endl(x);
	}
	xw_endl(x);
	if (i < n) {
		xw_start(x, "p");
		xw_attr(x, "class", "formula");
		xw_lines(x, b[i].text, b[i].len);
		xw_endl(x);
	}
	free(b);
}

/* The final block: "In witness whereof", "Done at", the signatures. */
static void html_final(xw *x, const acc_export_doc *d)
{
	ex_final f;
	size_t i;
	int rc;

	if ((rc = ex_final_get(&f, d)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	if (!f.done)
		return;
	html_div(x, "final", "final-block");
	if (f.testimonium) {
		xw_elem(x, "p", f.testimonium);
		xw_raw(x, "\n");
	}
	xw_elem(x, "p", f.done);
	xw_raw(x, "\n");
	if (f.nsigs) {
		xw_start(x, "ul");
		xw_attr(x, "class", "signature-lines");
		xw_raw(x, "\n");
		for (i = 0; i < f.nsigs; i++) {
			xw_elem(x, "li", f.sigs[i]);
			xw_raw(x, "\n");
		}
		xw_endl(x);
	}
	xw_endl(x);
	ex_final_clear(&f);
}

/* The summary of a change view: counts and a legend. */
static void html_change_summary(xw *x, const acc_state *st, const acc_state *old)
{
	size_t i, changed = 0, added = 0, removed = 0;
	char *s;

	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *o = acc_state_clause(old, st->clauses[i].id);

		if (!o)
			added++;
		else if (strcmp(o->text, st->clauses[i].text) ||
			 strcmp(o->heading, st->clauses[i].heading))
			changed++;
	}
	for (i = 0; i < old->nclauses; i++)
		removed += acc_state_clause_index(st, old->clauses[i].id) < 0;
	s = acc_sprintf("%zu clause%s changed, %zu added, %zu removed. ", changed,
			changed == 1 ? "" : "s", added, removed);
	if (!s) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		return;
	}
	xw_start(x, "p");
	xw_attr(x, "class", "legend");
	xw_str(x, s);
	xw_str(x, "Insertions are shown ");
	xw_elem(x, "ins", "like this");
	xw_str(x, ", deletions ");
	xw_elem(x, "del", "like this");
	xw_str(x, ".");
	xw_endl(x);
	free(s);
}

/* Clause i of d's state in the text, closing the parts it is not inside
 * and opening it when it is one (*depth_open counts them), with its
 * translations (--lang all) and the clauses removed since old (may be
 * NULL) after it. */
static void html_clause_tree(xw *x, const acc_export_doc *d, size_t i, const acc_state *old,
			     const long *anchor, int *depth_open)
{
	const acc_clause *cl = &d->st->clauses[i];

	for (; *depth_open > cl->depth; (*depth_open)--) {
		xw_endl(x);
	}
	html_clause(x, cl, old);
	ex_lang_each(d, cl->id, html_lang, x);
	if (cl->container) {
		(*depth_open)++;
	} else {
		xw_endl(x);
	}
	html_removed_at(x, old, anchor, (long)i);
}

/* The HTML document (XHTML syntax, self-contained). */
int ex_render_html(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st, *old = d->since;
	xmlBufferPtr buf = NULL;
	field f[MAX_FIELDS];
	long *anchor = NULL;
	size_t n = 0, i;
	int depth_open = 0, rc;
	xw x;

	if ((rc = xw_open(&x, &buf, 1)) < 0)
		return rc;
	if (old && (x.rc = removed_anchors(&anchor, st, old)) < 0)
		goto done;
	xw_fail(&x, xmlTextWriterWriteDTD(x.w, BAD_CAST "html", NULL, NULL, NULL));
	xw_raw(&x, "\n");
	xw_start(&x, "html");
	xw_attr(&x, "xmlns", "http://www.w3.org/1999/xhtml");
	xw_attr(&x, "lang", ex_lang_tag(st));
	xw_attr(&x, "xml:lang", ex_lang_tag(st));
	if (ex_lang_rtl(st))
		xw_attr(&x, "dir", "rtl");
	xw_raw(&x, "\n");
	xw_start(&x, "head");
	xw_raw(&x, "\n");
	xw_start(&x, "meta");
	xw_attr(&x, "charset", "utf-8");
	xw_end_void(&x);
	xw_raw(&x, "\n");
	xw_start(&x, "meta");
	xw_attr(&x, "name", "viewport");
	xw_attr(&x, "content", "width=device-width, initial-scale=1");
	xw_end_void(&x);
	xw_raw(&x, "\n");
	xw_elem(&x, "title", st->conv.title);
	xw_raw(&x, "\n");
	xw_start(&x, "style");
	xw_raw(&x, html_css);
	xw_endl(&x);
	xw_endl(&x);
	xw_start(&x, "body");
	xw_raw(&x, "\n");
	xw_start(&x, "div");
	xw_attr(&x, "class", "front");
	xw_raw(&x, "\n");
	xw_elem(&x, "h1", st->conv.title);
	xw_raw(&x, "\n");
	ex_lang_each(d, "title", html_lang, &x);
	if (x.rc == 0 && (x.rc = ex_revision_fields(f, &n, d)) == 0) {
		if (st->conv.short_title) {
			memmove(f + 1, f, n * sizeof(*f));
			f[0].key = "Short title";
			f[0].value = acc_strdup(st->conv.short_title);
			n++;
			if (!f[0].value)
				x.rc = ACC_ENOMEM;
		}
		html_fields(&x, f, n);
		ex_fields_free(f, n);
	}
	if (old)
		html_change_summary(&x, st, old);
	xw_endl(&x);
	html_toc(&x, st);
	xw_start(&x, "div");
	xw_attr(&x, "class", "text");
	xw_attr(&x, "role", "main");
	xw_raw(&x, "\n");
	if (st->conv.preamble && st->conv.preamble[0]) {
		html_div(&x, "preamble", "preamble");
		xw_elem(&x, "h2", "Preamble");
		xw_raw(&x, "\n");
		if (old && old->conv.preamble && strcmp(old->conv.preamble, st->conv.preamble)) {
			xw_start(&x, "div");
			xw_attr(&x, "class", "diff");
			xw_diff(&x, old->conv.preamble, st->conv.preamble);
			xw_endl(&x);
		} else {
			html_preamble(&x, st->conv.preamble);
		}
		ex_lang_each(d, "preamble", html_lang, &x);
		xw_endl(&x);
	}
	html_removed_at(&x, old, anchor, -1);
	for (i = 0; i < st->nclauses && x.rc == 0; i++) {
		if (st->clauses[i].annex) { /* after the final block */
			i = ex_subtree_end(st, i) - 1;
			continue;
		}
		html_clause_tree(&x, d, i, old, anchor, &depth_open);
	}
	for (; depth_open > 0; depth_open--) {
		xw_endl(&x);
	}
	html_final(&x, d);
	for (i = 0; i < st->nclauses && x.rc == 0; i++) {
		size_t end = ex_subtree_end(st, i), k;

		if (!st->clauses[i].annex)
			continue;
		for (k = i; k < end && x.rc == 0; k++)
			html_clause_tree(&x, d, k, old, anchor, &depth_open);
		for (; depth_open > 0; depth_open--) {
			xw_endl(&x);
		}
		i = end - 1;
	}
	xw_endl(&x);
	html_record(&x, d);
	html_signatories(&x, d);
	html_treaty(&x, d);
	xw_endl(&x);
	xw_endl(&x);
done:
	free(anchor);
	return xw_close(&x, buf, out);
}
