/*
 * export site: the public static site (see accord/site.h): the frame every
 * page shares, the front page, one page per clause, and the entry point
 * that makes them all.
 *
 * Every page is plain HTML (HTML5 elements, XHTML-compatible syntax from
 * libxml2's writer) with one stylesheet and no script: header, nav, main
 * and footer landmarks, a skip link, headings in order (one h1), the
 * language of the text on <html> (dir="rtl" for a right-to-left one), and
 * word diffs written as <ins> and <del> that the stylesheet also marks
 * with text ("{+ +}", "[- -]"), so no meaning rests on colour alone.
 * Links are relative, so the folder works from file:// as from a host.
 */
#include <stdlib.h>
#include <string.h>

#include "site.h"

/* The stylesheet (style.css). */
static const char site_css[] =
    "body{font-family:Georgia,'Noto Serif',serif;line-height:1.55;color:#111;"
    "background:#fff;margin:0}\n"
    "header,nav,main,footer{max-width:46em;margin:0 auto;padding:0 1em}\n"
    "header{border-bottom:1px solid #888;padding-top:.8em}\n"
    ".site-title{font-size:1.2em;font-weight:bold;margin:0}\n"
    ".site-title a{color:#111;text-decoration:none}\n"
    ".status{margin:.2em 0 .6em;color:#333}\n"
    "nav ul{list-style:none;padding:0;margin:.6em auto;display:flex;flex-wrap:wrap;gap:.3em "
    "1.2em}\n"
    "nav a[aria-current]{font-weight:bold;text-decoration:none;border-bottom:3px solid "
    "#1a4f9c}\n"
    "a{color:#1a4f9c;text-decoration:underline}\n"
    "a:visited{color:#5a2a82}\n"
    "a:focus,a:focus-visible{outline:3px solid #b35900;outline-offset:2px;"
    "background:#fff3cd}\n"
    /* hidden until focused, without moving it off the page (which a
     * right-to-left page would scroll to) */
    ".skip{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);"
    "white-space:nowrap}\n"
    ".skip:focus{position:static;width:auto;height:auto;clip-path:none;display:block;"
    "padding:.4em 1em}\n"
    "h1{font-size:1.8em;line-height:1.25;margin:.8em 0 .4em}\n"
    "h2{font-size:1.35em;margin-top:1.8em}\n"
    "h3{font-size:1.1em;margin-top:1.5em}\n"
    "h4{font-size:1em;margin-top:1.2em}\n"
    ".num{font-weight:bold;margin-inline-end:.4em}\n"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.15em 1em}\n"
    "dl.facts dt{font-weight:bold}\n"
    "dl.facts dd{margin:0;overflow-wrap:anywhere}\n"
    "ol.toc,ol.toc ol{list-style:none;padding-inline-start:1.4em}\n"
    "ol.toc{padding-inline-start:0}\n"
    "ol.toc li{margin:.15em 0}\n"
    ".diff{white-space:pre-wrap;border-inline-start:3px solid #888;padding-inline-start:.8em}\n"
    "ins{background:#e3f4e3;text-decoration:underline}\n"
    "del{background:#fbe3e3;text-decoration:line-through}\n"
    "ins::before{content:'{+'}ins::after{content:'+}'}\n"
    "del::before{content:'[-'}del::after{content:'-]'}\n"
    "ins::before,ins::after,del::before,del::after{font-weight:bold;display:inline-block;text-"
    "decoration:none}\n"
    "table{border-collapse:collapse;width:100%;margin:1em 0}\n"
    "caption{text-align:start;font-weight:bold;padding:.3em 0}\n"
    "th,td{border:1px solid #888;padding:.2em .5em;text-align:start;vertical-align:top}\n"
    "td code,dd code,p code{overflow-wrap:anywhere}\n"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.6em;"
    "border:1px solid #ccc}\n"
    ".pager{display:flex;gap:1.2em}\n"
    "footer{border-top:1px solid #888;margin-top:3em;padding-bottom:2em;font-size:.92em}\n"
    "@media print{nav,.skip{display:none}a{color:inherit}ins,del{background:none}}\n";

/* Adds a file named name holding len bytes of data to the site. */
int site_add(site_ctx *s, const char *name, const char *data, size_t len)
{
	acc_site *o = s->out;
	acc_site_file *f;

	if (o->count == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		acc_site_file *v = realloc(o->files, cap * sizeof(*v));

		if (!v)
			return acc_error_set(ACC_ENOMEM, "out of memory");
		o->files = v;
		o->cap = cap;
	}
	f = &o->files[o->count];
	memset(f, 0, sizeof(*f));
	if (!(f->name = acc_strdup(name)))
		return ACC_ENOMEM;
	if (acc_buf_put(&f->data, data, len) < 0) {
		free(f->name);
		return ACC_ENOMEM;
	}
	o->count++;
	return 0;
}

/* <a href="href">text</a> */
void site_link(xw *x, const char *href, const char *text)
{
	xw_start(x, "a");
	xw_attr(x, "href", href);
	xw_str(x, text);
	xw_end(x);
}

/* One entry of the site's navigation; the current page is marked. */
static void nav_item(xw *x, const char *href, const char *text, const char *current)
{
	xw_start(x, "li");
	xw_start(x, "a");
	xw_attr(x, "href", href);
	if (current && strcmp(current, href) == 0)
		xw_attr(x, "aria-current", "page");
	xw_str(x, text);
	xw_end(x);
	xw_endl(x);
}

/* Marks an element whose words are accord's own (English) as such, left to
 * right, when the text is in another language. */
void site_english(xw *x, const acc_state *st)
{
	const char *l = ex_lang_tag(st);

	if (strcmp(l, "en") == 0 || strncmp(l, "en-", 3) == 0)
		return;
	xw_attr(x, "lang", "en");
	xw_attr(x, "dir", "ltr");
}

/* The one-line status of the text: ratified (with its tag) or a draft. */
static char *status_line(const acc_export_doc *d)
{
	if (ex_is_ratified(d->st) && d->tag)
		return acc_sprintf("Adopted text (tag %s)", d->tag);
	if (ex_is_ratified(d->st))
		return acc_strdup("Adopted text");
	return acc_strdup("Draft text, not adopted");
}

/* Starts page name: head, skip link, header and navigation; opens main. */
int site_page_open(site_page *p, site_ctx *s, const char *name, const char *title, const char *nav,
		   int english)
{
	const acc_state *st = s->st;
	xw *x = &p->x;
	char *full = acc_sprintf("%s - %s", title, st->conv.title), *status = status_line(s->d);
	int rc;

	p->name = name;
	if (!full || !status) {
		free(full);
		free(status);
		return ACC_ENOMEM;
	}
	if ((rc = xw_open(x, &p->buf, 1)) < 0) {
		free(full);
		free(status);
		return rc;
	}
	xw_fail(x, xmlTextWriterWriteDTD(x->w, BAD_CAST "html", NULL, NULL, NULL));
	xw_raw(x, "\n");
	xw_start(x, "html");
	xw_attr(x, "lang", ex_lang_tag(st));
	if (ex_lang_rtl(st))
		xw_attr(x, "dir", "rtl");
	xw_raw(x, "\n");
	xw_start(x, "head");
	xw_raw(x, "\n");
	xw_start(x, "meta");
	xw_attr(x, "charset", "utf-8");
	xw_end_void(x);
	xw_raw(x, "\n");
	xw_start(x, "meta");
	xw_attr(x, "name", "viewport");
	xw_attr(x, "content", "width=device-width, initial-scale=1");
	xw_end_void(x);
	xw_raw(x, "\n");
	xw_elem(x, "title", full);
	xw_raw(x, "\n");
	xw_start(x, "link");
	xw_attr(x, "rel", "stylesheet");
	xw_attr(x, "href", "style.css");
	xw_end_void(x);
	xw_raw(x, "\n");
	xw_endl(x);
	xw_start(x, "body");
	xw_raw(x, "\n");
	xw_start(x, "a");
	xw_attr(x, "class", "skip");
	xw_attr(x, "href", "#main");
	xw_str(x, "Skip to the content");
	xw_endl(x);
	xw_start(x, "header");
	site_english(x, st);
	xw_raw(x, "\n");
	xw_start(x, "p");
	xw_attr(x, "class", "site-title");
	site_link(x, "index.html", st->conv.title);
	xw_endl(x);
	xw_start(x, "p");
	xw_attr(x, "class", "status");
	xw_str(x, status);
	xw_endl(x);
	xw_endl(x);
	xw_start(x, "nav");
	xw_attr(x, "aria-label", "Site");
	site_english(x, st);
	xw_raw(x, "\n");
	xw_start(x, "ul");
	xw_raw(x, "\n");
	nav_item(x, "index.html", "Text", nav);
	nav_item(x, "amendments.html", "Amendments and ballots", nav);
	nav_item(x, "adoption.html", "Adoption and signatures", nav);
	nav_item(x, "log.html", "Log", nav);
	nav_item(x, "audit.html", "Check this record", nav);
	xw_endl(x);
	xw_endl(x);
	xw_start(x, "main");
	xw_attr(x, "id", "main");
	if (english)
		site_english(x, st);
	xw_raw(x, "\n");
	free(full);
	free(status);
	return 0; /* later failures stay in x->rc for site_page_close */
}

/* Closes <main>, writes the footer and adds the page to the site. */
int site_page_close(site_page *p, site_ctx *s)
{
	const acc_export_doc *d = s->d;
	acc_buf out = ACC_BUF_INIT;
	xw *x = &p->x;
	char date[40];
	int rc;

	ex_date_fmt(date, sizeof(date), d->rev.time, DATE_HUMAN);
	xw_endl(x);
	xw_start(x, "footer");
	site_english(x, s->st);
	xw_raw(x, "\n");
	xw_start(x, "p");
	xw_str(x, "This page was made by accord from commit ");
	xw_elem(x, "code", d->rev.commit);
	xw_str(x, " (");
	xw_str(x, date);
	xw_str(x, ")");
	if (strcmp(s->record_rev, d->rev.commit) != 0) {
		xw_str(x, "; the record (log, signatures) runs to commit ");
		xw_elem(x, "code", s->record_rev);
	}
	xw_str(x, ". ");
	site_link(x, "audit.html", "How to check it");
	xw_str(x, ".");
	xw_endl(x);
	xw_endl(x);
	xw_endl(x);
	xw_endl(x);
	rc = xw_close(x, p->buf, &out);
	if (rc == 0)
		rc = site_add(s, p->name, out.ptr ? out.ptr : "", out.size);
	if (rc == 0 && acc_strlist_add(&s->pages, p->name) < 0)
		rc = ACC_ENOMEM;
	acc_buf_free(&out);
	return rc;
}

/* A definition list of fields, leaving out the one called skip. */
void site_fields(xw *x, const field *f, size_t n, const char *skip)
{
	size_t i;

	if (!n)
		return;
	xw_start(x, "dl");
	xw_attr(x, "class", "facts");
	xw_raw(x, "\n");
	for (i = 0; i < n; i++) {
		if (skip && strcmp(f[i].key, skip) == 0)
			continue;
		xw_elem(x, "dt", f[i].key);
		xw_elem(x, "dd", f[i].value);
		xw_raw(x, "\n");
	}
	xw_endl(x);
}

/* The paragraphs of text as <p> elements. */
void site_paras(xw *x, const char *text)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	while (ex_next_para(&p, end, &s, &len) && x->rc == 0) {
		xw_start(x, "p");
		/* the direction of its own words: an edition's untranslated
		 * parts keep the source language's */
		xw_attr(x, "dir", "auto");
		xw_lines(x, s, len);
		xw_endl(x);
	}
}

/* The legend of a word diff: how insertions and deletions are marked. */
void site_diff_legend(xw *x)
{
	xw_start(x, "p");
	xw_attr(x, "class", "legend");
	xw_str(x, "Inserted words are shown ");
	xw_elem(x, "ins", "like this");
	xw_str(x, " (underlined, between {+ and +}), deleted words ");
	xw_elem(x, "del", "like this");
	xw_str(x, " (struck through, between [- and -]).");
	xw_endl(x);
}

/* "clause-<id>.html" (malloc'd). */
static char *clause_page(const acc_clause *cl)
{
	return acc_sprintf("clause-%s.html", cl->id);
}

/* "Article 6. Heading" (malloc'd). */
static char *clause_title(const acc_clause *cl)
{
	return acc_sprintf("%s %s. %s", ex_clause_word(cl), cl->number,
			   cl->heading ? cl->heading : "");
}

/* A link to clause cl's page, its label as the text. */
static void clause_link(xw *x, const acc_clause *cl)
{
	char *href = clause_page(cl), *t = clause_title(cl);

	if (href && t)
		site_link(x, href, t);
	else if (x->rc == 0)
		x->rc = ACC_ENOMEM;
	free(href);
	free(t);
}

/* 1 when the words of cl are not in the edition's language (an edition in
 * another language than the negotiation's, where cl is not translated). */
static int untranslated(const site_ctx *s, const acc_clause *cl)
{
	return s->d->lang && acc_translation_status(s->st, s->d->lang, cl->id) != ACC_TR_CURRENT;
}

/* The table of contents as nested lists, one level per depth. */
static void site_toc(xw *x, const site_ctx *s)
{
	const acc_state *st = s->st;
	size_t i;
	int cur = 0;

	xw_start(x, "ol");
	xw_attr(x, "class", "toc");
	xw_raw(x, "\n");
	for (i = 0; i < st->nclauses && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];
		int d = cl->depth < 0 ? 0 : cl->depth;

		if (i > 0 && d > cur) {
			/* one level deeper, inside the open item */
			d = cur + 1;
			xw_raw(x, "\n");
			xw_start(x, "ol");
			xw_raw(x, "\n");
		} else if (i > 0) {
			xw_endl(x); /* </li> */
			for (; cur > d; cur--) {
				xw_endl(x); /* </ol> */
				xw_endl(x); /* </li> */
			}
		} else {
			d = 0;
		}
		cur = d;
		xw_start(x, "li");
		if (untranslated(s, cl))
			xw_attr(x, "dir", "auto");
		clause_link(x, cl);
	}
	if (st->nclauses)
		xw_endl(x);
	for (; cur > 0; cur--) {
		xw_endl(x);
		xw_endl(x);
	}
	xw_endl(x);
}

/* index.html: the title, the facts of the revision, the preamble, the
 * contents and where the record is. */
static int site_index(site_ctx *s)
{
	const acc_state *st = s->st;
	field f[MAX_FIELDS];
	site_page p;
	size_t n = 0;
	xw *x = &p.x;
	int rc;

	if ((rc = site_page_open(&p, s, "index.html", "Text", "index.html", 0)) < 0)
		return rc;
	xw_elem(x, "h1", st->conv.title);
	xw_raw(x, "\n");
	if (x->rc == 0 && (x->rc = ex_revision_fields(f, &n, s->d)) == 0) {
		if (st->conv.short_title) {
			memmove(f + 1, f, n * sizeof(*f));
			f[0].key = "Short title";
			f[0].value = acc_strdup(st->conv.short_title);
			n++;
			if (!f[0].value)
				x->rc = ACC_ENOMEM;
		}
		xw_start(x, "div");
		site_english(x, st);
		site_fields(x, f, n, NULL);
		xw_endl(x);
		ex_fields_free(f, n);
	}
	if (st->conv.preamble && st->conv.preamble[0]) {
		xw_start(x, "section");
		xw_attr(x, "aria-labelledby", "preamble");
		xw_raw(x, "\n");
		xw_start(x, "h2");
		xw_attr(x, "id", "preamble");
		xw_str(x, "Preamble");
		xw_endl(x);
		site_paras(x, st->conv.preamble);
		xw_endl(x);
	}
	xw_start(x, "h2");
	xw_attr(x, "id", "contents");
	xw_str(x, "Contents");
	xw_endl(x);
	site_toc(x, s);
	xw_start(x, "div");
	site_english(x, st);
	xw_elem(x, "h2", "The record");
	xw_raw(x, "\n");
	xw_start(x, "ul");
	xw_raw(x, "\n");
	xw_start(x, "li");
	site_link(x, "amendments.html", "Amendments and ballots");
	xw_str(x, ": every amendment, its word diff and its roll-call.");
	xw_endl(x);
	xw_start(x, "li");
	site_link(x, "adoption.html", "Adoption and signatures");
	xw_str(x, ": the ballot on the whole text and who signed.");
	xw_endl(x);
	xw_start(x, "li");
	site_link(x, "log.html", "Log");
	xw_str(x, ": every action, with its commit and author.");
	xw_endl(x);
	xw_start(x, "li");
	site_link(x, "audit.html", "Check this record");
	xw_str(x, ": the keys, the commits, and how to verify them.");
	xw_endl(x);
	xw_endl(x);
	xw_endl(x);
	return site_page_close(&p, s);
}

/* The amendments about clause cl, as a list of links with their status. */
static void clause_amendments(xw *x, const acc_state *st, const acc_clause *cl)
{
	size_t i, k = 0;

	xw_start(x, "div");
	site_english(x, st);
	xw_raw(x, "\n");
	xw_elem(x, "h2", "Amendments");
	xw_raw(x, "\n");
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		char *href;

		if (strcmp(a->clause, cl->id) != 0 &&
		    !(a->new_clause && strcmp(a->new_clause, cl->id) == 0))
			continue;
		if (k++ == 0) {
			xw_start(x, "ul");
			xw_raw(x, "\n");
		}
		if (!(href = acc_sprintf("amendment-%s.html", a->id))) {
			x->rc = ACC_ENOMEM;
			break;
		}
		xw_start(x, "li");
		xw_start(x, "a");
		xw_attr(x, "href", href);
		xw_str(x, "Amendment ");
		xw_str(x, a->id);
		xw_end(x);
		xw_str(x, " by ");
		xw_str(x, ex_org_name(st, a->sponsor));
		xw_str(x, ": ");
		xw_str(x, acc_status_name(a->status));
		xw_endl(x);
		free(href);
	}
	if (k)
		xw_endl(x);
	else
		xw_elem(x, "p", "No amendment was tabled to this clause.");
	xw_raw(x, "\n");
	xw_endl(x);
}

/* The previous and next clauses, as a navigation of its own. */
static void clause_pager(xw *x, const acc_state *st, size_t i)
{
	xw_start(x, "nav");
	xw_attr(x, "aria-label", "Clauses");
	xw_attr(x, "class", "pager");
	site_english(x, st);
	xw_raw(x, "\n");
	if (i > 0) {
		xw_str(x, "Previous: ");
		clause_link(x, &st->clauses[i - 1]);
		xw_raw(x, "\n");
	}
	site_link(x, "index.html#contents", "Contents");
	xw_raw(x, "\n");
	if (i + 1 < st->nclauses) {
		xw_str(x, "Next: ");
		clause_link(x, &st->clauses[i + 1]);
		xw_raw(x, "\n");
	}
	xw_endl(x);
}

/* clause-<id>.html: the clause i, its text (a part: its clauses), and the
 * amendments about it. */
static int site_clause(site_ctx *s, size_t i)
{
	const acc_state *st = s->st;
	const acc_clause *cl = &st->clauses[i];
	char *name = clause_page(cl), *title = clause_title(cl);
	site_page p;
	size_t j;
	xw *x = &p.x;
	int rc;

	if (!name || !title) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = site_page_open(&p, s, name, title, NULL, 0)) < 0)
		goto done;
	xw_start(x, "h1");
	if (untranslated(s, cl))
		xw_attr(x, "dir", "auto");
	xw_start(x, "span");
	xw_attr(x, "class", "num");
	xw_str(x, ex_clause_word(cl));
	xw_str(x, " ");
	xw_str(x, cl->number);
	xw_end(x);
	xw_str(x, " ");
	xw_str(x, cl->heading);
	xw_endl(x);
	if (cl->container) {
		xw_start(x, "ul");
		xw_raw(x, "\n");
		for (j = i + 1; j < st->nclauses && st->clauses[j].depth > cl->depth; j++) {
			if (st->clauses[j].depth != cl->depth + 1)
				continue;
			xw_start(x, "li");
			clause_link(x, &st->clauses[j]);
			xw_endl(x);
		}
		xw_endl(x);
	}
	xw_start(x, "div");
	xw_attr(x, "class", "clause-text");
	xw_raw(x, "\n");
	site_paras(x, cl->text);
	xw_endl(x);
	clause_amendments(x, st, cl);
	clause_pager(x, st, i);
	rc = site_page_close(&p, s);
done:
	free(name);
	free(title);
	return rc;
}

/* style.css and the mark that says what the folder is. */
static int site_files(site_ctx *s)
{
	acc_buf m = ACC_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = site_add(s, "style.css", site_css, sizeof(site_css) - 1)) < 0)
		return rc;
	rc = acc_buf_printf(&m,
			    "accord site\n"
			    "commit %s\n"
			    "record %s\n",
			    s->d->rev.commit, s->record_rev);
	for (i = 0; i < s->out->count && rc == 0; i++)
		rc = acc_buf_printf(&m, "file %s\n", s->out->files[i].name);
	if (rc == 0)
		rc = site_add(s, ACC_SITE_MARK, m.ptr, m.size);
	acc_buf_free(&m);
	return rc;
}

/* Renders the site of d into *out. */
int acc_export_site(acc_site *out, acc_ctx *c, const acc_export_doc *d)
{
	site_ctx s;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.d = d;
	s.st = d->st;
	s.out = out;
	s.record_rev = d->sig_st ? d->sig_rev.commit : d->rev.commit;
	if ((rc = acc_store_text_id(s.text_id, acc_ctx_store(c), d->rev.commit)) < 0)
		goto done;
	if ((rc = site_index(&s)) < 0)
		goto done;
	for (i = 0; i < s.st->nclauses && rc == 0; i++)
		rc = site_clause(&s, i);
	if (rc == 0)
		rc = site_amendments(&s);
	if (rc == 0)
		rc = site_adoption(&s);
	if (rc == 0)
		rc = site_log(&s);
	if (rc == 0)
		rc = site_audit(&s);
	if (rc == 0)
		rc = site_files(&s);
done:
	acc_strlist_free(&s.pages);
	if (rc < 0)
		acc_site_free(out);
	return rc;
}

/* Frees the files of s. */
void acc_site_free(acc_site *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->count; i++) {
		free(s->files[i].name);
		acc_buf_free(&s->files[i].data);
	}
	free(s->files);
	memset(s, 0, sizeof(*s));
}
