/*
 * export akn: the Akoma Ntoso 3.0 document.
 *
 * A ratified text is an <act name="convention">, a draft a
 * <bill name="convention">; FRBRcountry is "int" (an international
 * instrument has no ISO 3166 country); the source and author of the
 * record is the chair organisation; ballots are <voting> elements in
 * <analysis>/<parliamentary>, one <count> per kind of vote whose
 * refersTo names the concept and the organisations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/structure.h"
#include "internal.h"

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

/* The Akoma Ntoso element of a clause (see accord/export.h): an article,
 * or the element of its level's name (part, chapter, section, title, ...;
 * an <hcontainer> for a name Akoma Ntoso has no element for). */
const char *acc_export_akn_element(const acc_clause *cl)
{
	static const char *const elems[] = {"book",	  "chapter",	"division",    "part",
					    "section",	  "subchapter", "subdivision", "subpart",
					    "subsection", "subtitle",	"title",       "tome"};
	const char *w = ex_clause_word(cl);
	size_t i, k;

	if (!cl->container || cl->annex)
		return "article";
	for (i = 0; i < sizeof(elems) / sizeof(*elems); i++) {
		for (k = 0; elems[i][k] && w[k] && (w[k] | 0x20) == elems[i][k]; k++)
			;
		if (!elems[i][k] && !w[k])
			return elems[i];
	}
	return "hcontainer";
}

/* The eId prefix of an Akoma Ntoso element (naming convention). */
static const char *eid_prefix(const char *element)
{
	static const char *const map[][2] = {
	    {"article", "art"},	       {"chapter", "chp"},	     {"section", "sec"},
	    {"subsection", "subsec"},  {"division", "dvs"},	     {"subchapter", "subchp"},
	    {"subdivision", "subdvs"}, {"hcontainer", "hcontainer"}, {"book", "book"},
	    {"title", "title"},	       {"subtitle", "subtitle"},     {"subpart", "subpart"},
	    {"tome", "tome"}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strcmp(element, map[i][0]) == 0)
			return map[i][1];
	return "part";
}

/* Appends the eId of a clause: element prefix, "_", the clause id. */
int acc_export_eid(acc_buf *out, const acc_clause *cl)
{
	return acc_buf_printf(out, "%s_%s", eid_prefix(acc_export_akn_element(cl)), cl->id);
}

/* The three-letter code Akoma Ntoso's FRBRlanguage expects. */
static const char *lang3(const acc_state *st)
{
	static const char *const map[][2] = {{"ar", "ara"}, {"de", "deu"}, {"en", "eng"},
					     {"es", "spa"}, {"fr", "fra"}, {"it", "ita"},
					     {"ja", "jpn"}, {"nl", "nld"}, {"pt", "por"},
					     {"ru", "rus"}, {"zh", "zho"}};
	const char *l = ex_lang_tag(st);
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strncmp(l, map[i][0], 2) == 0 && (l[2] == '\0' || l[2] == '-'))
			return map[i][1];
	return strcmp(l, "und") == 0 ? "und" : l;
}

/* 1 when s is an xsd:date ("2023-11-14") or a UTC xsd:dateTime
 * ("2023-11-14T22:45:00Z"), the forms accord writes. */
static int iso_date_ok(const char *s)
{
	static const char day[] = "dddd-dd-dd", full[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = s ? strlen(s) : 0, i;
	const char *pat = n == sizeof(day) - 1 ? day : n == sizeof(full) - 1 ? full : NULL;

	if (!pat)
		return 0;
	for (i = 0; i < n; i++)
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
			return 0;
	return 1;
}

/* The work's name in its IRI: the short title (else the title) in lower
 * case, other characters as '-' (malloc'd; "convention" when empty). */
static char *akn_slug(const acc_state *st)
{
	const char *s =
	    st->conv.short_title && st->conv.short_title[0] ? st->conv.short_title : st->conv.title;
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	for (i = 0; s && s[i] && b.size < 40; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			acc_buf_putc(&b, c);
		else if (b.size && b.ptr[b.size - 1] != '-')
			acc_buf_putc(&b, '-');
	}
	while (b.size && b.ptr[b.size - 1] == '-')
		b.ptr[--b.size] = '\0';
	if (!b.size)
		acc_buf_puts(&b, "convention");
	return acc_buf_detach(&b);
}

/* <name value="value"/> */
static void akn_value(xw *x, const char *name, const char *value)
{
	xw_start(x, name);
	xw_attr(x, "value", value);
	xw_endl(x);
}

/* <FRBRdate date="..." name="..."/> */
static void akn_frbr_date(xw *x, const char *date, const char *name)
{
	xw_start(x, "FRBRdate");
	xw_attr(x, "date", date);
	xw_attr(x, "name", name);
	xw_endl(x);
}

/* <FRBRthis value="base/leaf"/> */
static void akn_frbr_this(xw *x, const char *base, const char *leaf)
{
	xw_start(x, "FRBRthis");
	xw_attrf(x, "value", "%s/%s", base, leaf);
	xw_endl(x);
}

/* <FRBRauthor href="#chair"/> */
static void akn_frbr_author(xw *x, const acc_state *st)
{
	xw_start(x, "FRBRauthor");
	xw_attrf(x, "href", "#%s", st->conv.chair);
	xw_endl(x);
}

/* The identification block: Work, Expression and Manifestation. */
static void akn_identification(xw *x, const acc_export_doc *d, const char *type, const char *leaf)
{
	const acc_state *st = d->st;
	int ratified = ex_is_ratified(st) && d->tag;
	char wdate[16], edate[16];
	char *slug = akn_slug(st), *work = NULL, *expr = NULL, *s = NULL;

	ex_date_fmt(wdate, sizeof(wdate), ratified ? d->tag_rev.time : d->rev.time, DATE_DAY);
	ex_date_fmt(edate, sizeof(edate), d->rev.time, DATE_DAY);
	if (!slug || !(work = acc_sprintf("/akn/int/%s/%s/%s", type, wdate, slug)) ||
	    !(expr = acc_sprintf("%s/%s@%s", work, lang3(st), edate))) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		goto done;
	}
	xw_start(x, "identification");
	xw_attrf(x, "source", "#%s", st->conv.chair);
	xw_raw(x, "\n");
	xw_start(x, "FRBRWork");
	xw_raw(x, "\n");
	akn_frbr_this(x, work, leaf);
	akn_value(x, "FRBRuri", work);
	akn_frbr_date(x, wdate, ratified ? "ratification" : "draft");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRcountry", "int");
	akn_value(x, "FRBRname", st->conv.title);
	xw_endl(x);
	xw_start(x, "FRBRExpression");
	xw_raw(x, "\n");
	akn_frbr_this(x, expr, leaf);
	akn_value(x, "FRBRuri", expr);
	akn_frbr_date(x, edate, "revision");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRversionNumber", d->rev.commit);
	xw_start(x, "FRBRlanguage");
	xw_attr(x, "language", lang3(st));
	xw_endl(x);
	xw_endl(x);
	xw_start(x, "FRBRManifestation");
	xw_raw(x, "\n");
	if (!(s = acc_sprintf("%s.xml", leaf)))
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
	akn_frbr_this(x, expr, s ? s : "");
	free(s);
	if (!(s = acc_sprintf("%s.akn", expr)))
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
	akn_value(x, "FRBRuri", s);
	akn_frbr_date(x, edate, "export");
	akn_frbr_author(x, st);
	akn_value(x, "FRBRformat", "application/akn+xml");
	xw_endl(x);
	xw_endl(x);
done:
	free(s);
	free(slug);
	free(work);
	free(expr);
}

#define ACCORD_NS "https://accord.invalid/ns/records/1"

/* In an edition in another language (--lang L): which of its units are
 * translations, <accord:record path="translations/L/UNIT" status="current"
 * or "stale"> with the record's fields (its text is the document's), so
 * `accord init --from SOURCE --from THIS` takes them and only them (in
 * the order of the record, one pass whatever the number of clauses). */
static void akn_translation_records(xw *x, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	size_t i, k;

	for (i = 0; d->lang && i < st->ntranslations && x->rc == 0; i++) {
		const acc_translation *t = &st->translations[i];
		const char *id = t->clause, *blob, *h, *text;
		int clause = acc_tr_unit(id) == ACC_TR_CLAUSE;
		const char *f[][2] = {
		    {"Base", t->base},
		    {"By", t->by ? t->by : ""},
		    {clause ? "Heading" : "Convention", clause ? t->heading : t->convention}};

		if (strcmp(t->lang, d->lang) != 0 || acc_tr_source(&blob, &h, &text, st, id) < 0)
			continue; /* another language, or a clause since deleted */
		xw_fail(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "accord", BAD_CAST "record",
						       BAD_CAST ACCORD_NS));
		xw_attrf(x, "path", "translations/%s/%s", d->lang, id);
		xw_attr(x, "status", strcmp(t->base, blob) == 0 ? "current" : "stale");
		xw_raw(x, "\n");
		for (k = 0; k < sizeof(f) / sizeof(*f); k++) {
			xw_fail(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "accord",
							       BAD_CAST "field", NULL));
			xw_attr(x, "key", f[k][0]);
			xw_str(x, f[k][1]);
			xw_endl(x);
		}
		xw_endl(x);
	}
}

/* <proprietary source="#chair">: the records that are not text (the
 * convention's header, the organisations), field by field, so that
 * `accord init --from` rebuilds the convention. */
static void akn_records(xw *x, const acc_export_doc *d)
{
	size_t i, k;

	if (!d->record_paths.count)
		return;
	xw_start(x, "proprietary");
	xw_attrf(x, "source", "#%s", d->st->conv.chair);
	xw_raw(x, "\n");
	for (i = 0; i < d->record_paths.count && x->rc == 0; i++) {
		const char *path = d->record_paths.items[i], *data = d->record_data.items[i];
		acc_record *r = NULL;

		if (acc_record_parse(&r, data, strlen(data), path) < 0) {
			acc_error_clear();
			continue;
		}
		xw_fail(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "accord", BAD_CAST "record",
						       BAD_CAST ACCORD_NS));
		xw_attr(x, "path", path);
		xw_raw(x, "\n");
		for (k = 0; k < r->nfields; k++) {
			xw_fail(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "accord",
							       BAD_CAST "field", NULL));
			xw_attr(x, "key", r->fields[k].key);
			xw_str(x, r->fields[k].value);
			xw_endl(x);
		}
		if (strcmp(path, "convention") != 0 && r->body_len) {
			xw_fail(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "accord",
							       BAD_CAST "body", NULL));
			xw_text(x, r->body, r->body_len);
			xw_endl(x);
		}
		xw_endl(x);
		acc_record_free(r);
	}
	akn_translation_records(x, d);
	xw_endl(x);
}

/* <name eId=".." href=".." showAs=".."/> in the references. */
static void akn_tlc(xw *x, const char *name, const char *eid, const char *href, const char *show)
{
	xw_start(x, name);
	xw_attr(x, "eId", eid);
	xw_attr(x, "href", href);
	xw_attr(x, "showAs", show);
	xw_endl(x);
}

/* The references: organisations, their delegates, the ballots as events,
 * and the concepts and roles the document refers to. */
static void akn_references(xw *x, const acc_state *st, const char *slug)
{
	static const char *const concepts[] = {
	    "yes",	"no",	      "abstain",	"absent",  "adopted",
	    "rejected", "quorum-met", "quorum-not-met", "weighted"};
	size_t i, k;
	char eid[ACC_ID_MAX + 32], href[ACC_ID_MAX * 2 + 80];

	xw_start(x, "references");
	xw_attrf(x, "source", "#%s", st->conv.chair);
	xw_raw(x, "\n");
	for (i = 0; i < st->namendments && x->rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		char *show;

		if (!ex_ballot_held(&a->ballot))
			continue;
		snprintf(eid, sizeof(eid), "ballot_%s", a->id);
		snprintf(href, sizeof(href), "/akn/ontology/event/int/%s/ballot/%s", slug, a->id);
		show = acc_sprintf("Ballot on amendment %s", a->id);
		if (!show)
			x->rc = x->rc ? x->rc : ACC_ENOMEM;
		else
			akn_tlc(x, "TLCEvent", eid, href, show);
		free(show);
	}
	if (ex_ballot_held(&st->ratification)) {
		snprintf(href, sizeof(href), "/akn/ontology/event/int/%s/ballot/ratification",
			 slug);
		akn_tlc(x, "TLCEvent", "ballot_ratification", href, "Ratification ballot");
	}
	for (i = 0; i < st->norgs && x->rc == 0; i++) {
		const acc_org *o = &st->orgs[i];

		snprintf(href, sizeof(href), "/akn/ontology/organization/int/%s", o->id);
		akn_tlc(x, "TLCOrganization", o->id, href, o->name);
		for (k = 0; k < o->ndelegates; k++) {
			snprintf(eid, sizeof(eid), "dlg_%s_%zu", o->id, k + 1);
			snprintf(href, sizeof(href), "/akn/ontology/person/int/%s/%zu", o->id,
				 k + 1);
			akn_tlc(x, "TLCPerson", eid, href, o->delegates[k].name);
		}
	}
	for (i = 0; i < sizeof(concepts) / sizeof(*concepts); i++) {
		snprintf(eid, sizeof(eid), "concept_%s", concepts[i]);
		snprintf(href, sizeof(href), "/akn/ontology/concept/accord/%s", concepts[i]);
		akn_tlc(x, "TLCConcept", eid, href, concepts[i]);
	}
	akn_tlc(x, "TLCRole", "role_signatory", "/akn/ontology/role/accord/signatory", "signatory");
	xw_endl(x);
}

/* <p>text</p> with line breaks as <br/>. */
static void akn_p(xw *x, const char *s, size_t len)
{
	xw_start(x, "p");
	xw_lines(x, s, len);
	xw_endl(x);
}

/* <p>s</p> of a NUL-terminated string. */
static void akn_ps(xw *x, const char *s)
{
	akn_p(x, s, strlen(s));
}

/* The paragraphs of text as <p>s inside element name (after its start
 * tag, sep), or nothing when text has none. */
static void akn_paras_in(xw *x, const char *name, const char *sep, const char *text)
{
	const char *p = text ? text : "", *end = p + strlen(p), *s;
	size_t len;

	if (!ex_next_para(&p, end, &s, &len))
		return;
	xw_start(x, name);
	if (sep[0])
		xw_raw(x, sep);
	do {
		akn_p(x, s, len);
	} while (ex_next_para(&p, end, &s, &len));
	xw_endl(x);
}

/* A clause's text as it is read: its blocks (accord/structure.h). */
typedef struct {
	acc_block *b;
	size_t n;
	const char *eid; /* the clause's eId: notes are named after it */
} akn_text;

/* Writes [s, s+len) with line breaks as <br/> and each footnote reference
 * "[^ID]" of t as an <authorialNote> holding the note (a reference
 * without a note stays text). */
static void akn_inline(xw *x, const akn_text *t, const char *s, size_t len)
{
	const char *end = s + len, *ref, *id;
	size_t id_len;

	while (x->rc == 0 && (ref = acc_text_note_ref(s, end, &id, &id_len))) {
		const acc_block *note = acc_blocks_note(t->b, t->n, id, id_len);

		if (!note) {
			xw_lines(x, s, (size_t)(ref + id_len + 3 - s));
			s = ref + id_len + 3;
			continue;
		}
		xw_lines(x, s, (size_t)(ref - s));
		xw_start(x, "authorialNote");
		xw_attrf(x, "eId", "%s__note_%.*s", t->eid, (int)id_len, id);
		xw_fail(x, xmlTextWriterWriteFormatAttribute(x->w, BAD_CAST "marker", "%.*s",
							     (int)id_len, id));
		xw_attr(x, "placement", "bottom");
		xw_start(x, "p");
		xw_lines(x, note->text, note->len);
		xw_end(x);
		xw_end(x);
		s = ref + id_len + 3;
	}
	xw_lines(x, s, (size_t)(end - s));
}

/* <p>inline text</p> */
static void akn_inline_p(xw *x, const akn_text *t, const char *s, size_t len)
{
	xw_start(x, "p");
	akn_inline(x, t, s, len);
	xw_endl(x);
}

/* 1 when note block k of t is referred to in a text of t. */
static int akn_note_used(const akn_text *t, const acc_block *k)
{
	size_t i, id_len;
	const char *id, *s;

	for (i = 0; i < t->n; i++)
		for (s = t->b[i].text;
		     (s = acc_text_note_ref(s, t->b[i].text + t->b[i].len, &id, &id_len));
		     s += id_len + 3)
			if (id_len == k->label_len && memcmp(id, k->label, id_len) == 0)
				return 1;
	return 0;
}

/* Writes block *i of t (and the blocks nested under it) as a <paragraph>
 * (depth 0) or a <point>; blocks nested under it make a <list> whose
 * <intro> is its own text. */
static void akn_block(xw *x, const akn_text *t, size_t *i, const char *parent, size_t k)
{
	const acc_block *b = &t->b[*i];
	const char *el = b->depth ? "point" : "paragraph";
	char *eid = acc_sprintf("%s__%s_%zu", parent, b->depth ? "point" : "para", k);
	size_t j = 0;

	if (!eid) {
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
		return;
	}
	xw_start(x, el);
	xw_attr(x, "eId", eid);
	if (b->label) {
		xw_start(x, "num");
		xw_text(x, b->label, b->label_len);
		xw_end(x);
	}
	if (!b->nested) {
		xw_start(x, "content");
		akn_inline_p(x, t, b->text, b->len);
		xw_end(x);
	} else {
		char *list = acc_sprintf("%s__list_1", eid);

		xw_raw(x, "\n");
		xw_start(x, "list");
		xw_attr(x, "eId", list ? list : "");
		xw_raw(x, "\n");
		xw_start(x, "intro");
		akn_inline_p(x, t, b->text, b->len);
		xw_endl(x);
		for (*i += 1; *i < t->n && x->rc == 0;) {
			if (t->b[*i].note) {
				*i += 1;
				continue;
			}
			if (t->b[*i].depth <= b->depth)
				break;
			akn_block(x, t, i, list ? list : "", ++j);
		}
		*i -= 1;
		xw_end(x);
		free(list);
	}
	xw_endl(x);
	*i += 1;
	free(eid);
}

/* The text of an article: one <content> of <p>s when it is plain text
 * (no label, nesting or footnote), else a <paragraph> per top-level block
 * with its points nested inside. */
static void akn_article_text(xw *x, const acc_clause *cl, const char *eid)
{
	akn_text t = {NULL, 0, eid};
	size_t i, k = 0;
	int plain = 1, rc;

	if ((rc = acc_text_blocks(&t.b, &t.n, cl->text)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	for (i = 0; i < t.n; i++)
		if (t.b[i].note || t.b[i].label || t.b[i].depth)
			plain = 0;
	if (plain) {
		xw_start(x, "content");
		xw_raw(x, "\n");
		for (i = 0; i < t.n; i++)
			akn_inline_p(x, &t, t.b[i].text, t.b[i].len);
		if (!t.n)
			akn_ps(x, "");
		xw_endl(x);
		free(t.b);
		return;
	}
	for (i = 0; i < t.n && x->rc == 0;) {
		if (t.b[i].note && akn_note_used(&t, &t.b[i])) {
			i++;
			continue;
		}
		if (t.b[i].note) { /* a note nothing refers to: kept as written */
			xw_start(x, "paragraph");
			xw_attrf(x, "eId", "%s__para_%zu", eid, ++k);
			xw_start(x, "content");
			xw_start(x, "p");
			xw_lines(x, t.b[i].label - 2,
				 (size_t)(t.b[i].text + t.b[i].len - t.b[i].label + 2));
			xw_end(x);
			xw_end(x);
			xw_endl(x);
			i++;
			continue;
		}
		akn_block(x, &t, &i, eid, ++k);
	}
	free(t.b);
}

/* A <tblock> of fields with a heading. */
static void akn_fields_block(xw *x, const char *eid, const char *heading, const field *f, size_t n)
{
	size_t i;

	xw_start(x, "tblock");
	xw_attr(x, "eId", eid);
	xw_raw(x, "\n");
	xw_elem(x, "heading", heading);
	xw_raw(x, "\n");
	for (i = 0; i < n; i++) {
		xw_start(x, "p");
		xw_str(x, f[i].key);
		xw_str(x, ": ");
		xw_str(x, f[i].value);
		xw_endl(x);
	}
	if (!n)
		akn_ps(x, "");
}

/* A table row of text cells. */
static void akn_row(xw *x, const char *cell, char *const *cells, size_t n)
{
	size_t c;

	xw_start(x, "tr");
	for (c = 0; c < n; c++) {
		xw_start(x, cell);
		xw_start(x, "p");
		xw_str(x, cells[c]);
		xw_end(x);
		xw_end(x);
	}
	xw_endl(x);
}

/* One signature: <p><signature> with the party, the person and the date. */
static void akn_signature(xw *x, const acc_state *ss, const acc_signature *s)
{
	size_t k = ex_delegate_index(ss, s->org, s->delegate);
	char *by = ex_delegate_text(ss, s->org, s->delegate);

	xw_start(x, "p");
	xw_start(x, "signature");
	xw_start(x, "party");
	xw_attrf(x, "refersTo", "#%s", s->org);
	xw_attr(x, "as", "#role_signatory");
	xw_str(x, ex_org_name(ss, s->org));
	xw_end(x);
	xw_str(x, ", signed by ");
	if (k) {
		xw_start(x, "person");
		xw_attrf(x, "refersTo", "#dlg_%s_%zu", s->org, k);
		xw_str(x, by);
		xw_end(x);
	} else {
		xw_str(x, by);
	}
	xw_str(x, " on ");
	if (iso_date_ok(s->date)) {
		xw_start(x, "date");
		xw_attr(x, "date", s->date);
		xw_str(x, s->date);
		xw_end(x);
	} else {
		xw_str(x, s->date);
	}
	xw_end(x);
	xw_endl(x);
	free(by);
}

/* An adopted amendment: its record as a <tblock>. */
static void akn_adopted(void *arg, const acc_amendment *a, const field *f, size_t n)
{
	xw *x = arg;
	char eid[ACC_ID_MAX + 16], *head;

	snprintf(eid, sizeof(eid), "record_%s", a->id);
	head = acc_sprintf("Amendment %s", a->id);
	if (!head)
		x->rc = x->rc ? x->rc : ACC_ENOMEM;
	else
		akn_fields_block(x, eid, head, f, n);
	xw_endl(x);
	free(head);
}

/* The annex "Status of the convention", once the text is adopted: a
 * container of its summary and a table. */
static void akn_treaty(xw *x, const acc_state *ss)
{
	char **cells = NULL, *sum = NULL;
	size_t rows = 0, i;
	int rc;

	if (!ex_is_ratified(ss) || x->rc)
		return;
	xw_start(x, "container");
	xw_attr(x, "name", "status");
	xw_attr(x, "eId", "container_status");
	xw_raw(x, "\n");
	akn_ps(x, "Status of the convention");
	if ((rc = ex_treaty_summary(&sum, ss)) < 0 ||
	    (rc = ex_treaty_cells(&cells, &rows, ss)) < 0) {
		x->rc = rc;
	} else {
		akn_ps(x, sum);
		xw_start(x, "table");
		xw_attr(x, "eId", "container_status__table");
		xw_raw(x, "\n");
		akn_row(x, "th", (char *const *)ex_treaty_head, EX_TREATY_COLS);
		for (i = 0; i < rows; i++)
			akn_row(x, "td", cells + i * EX_TREATY_COLS, EX_TREATY_COLS);
		xw_endl(x);
	}
	ex_cells_free(cells, rows * EX_TREATY_COLS);
	free(sum);
	xw_endl(x);
}

/* The clauses [i0, i1) of st as a hierarchy of parts and articles, the
 * first at depth base (annexes, not in an annex already, are skipped). */
static void akn_clauses(xw *x, const acc_state *st, size_t i0, size_t i1, int base)
{
	acc_buf eid = ACC_BUF_INIT;
	int open = base;
	size_t i;

	for (i = i0; i < i1 && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];
		const char *el;

		if (cl->annex && base == 0) {
			i = ex_subtree_end(st, i) - 1;
			continue;
		}
		for (; open > cl->depth; open--) {
			xw_endl(x);
		}
		acc_buf_clear(&eid);
		if ((x->rc = acc_export_eid(&eid, cl)) < 0)
			break;
		el = acc_export_akn_element(cl);
		xw_start(x, el);
		if (strcmp(el, "hcontainer") == 0)
			xw_attr(x, "name", ex_clause_word(cl));
		xw_attr(x, "eId", eid.ptr);
		xw_raw(x, "\n");
		xw_start(x, "num");
		xw_str(x, ex_clause_word(cl));
		xw_str(x, " ");
		xw_str(x, cl->number);
		xw_endl(x);
		xw_elem(x, "heading", cl->heading);
		xw_raw(x, "\n");
		if (!cl->container) {
			akn_article_text(x, cl, eid.ptr);
			xw_endl(x);
			continue;
		}
		open++;
		akn_paras_in(x, "intro", "", cl->text);
	}
	for (; open > base; open--) {
		xw_endl(x);
	}
	acc_buf_free(&eid);
}

/* The body: the clauses but the annexes (in lang, an edition's language,
 * when not NULL). */
static void akn_body(xw *x, const acc_state *st, const char *lang)
{
	size_t i, n = 0;

	xw_start(x, "body");
	if (lang)
		xw_attr(x, "xml:lang", lang);
	xw_raw(x, "\n");
	for (i = 0; i < st->nclauses; i++)
		n += !st->clauses[i].annex;
	if (!n) {
		xw_start(x, "hcontainer");
		xw_attr(x, "name", "empty");
		xw_attr(x, "eId", "hcontainer_empty");
		xw_start(x, "content");
		akn_ps(x, "");
		xw_end(x);
		xw_endl(x);
	}
	akn_clauses(x, st, 0, st->nclauses, 0);
	xw_endl(x);
}

/* The preamble: its recitals, and the enacting formula. */
static void akn_preamble(xw *x, const acc_state *st)
{
	acc_block *b = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = acc_text_blocks(&b, &n, st->conv.preamble)) < 0) {
		x->rc = x->rc ? x->rc : rc;
		return;
	}
	if (n) {
		akn_text t = {b, n, "preamble"};
		int formula = acc_preamble_formula(b, n - 1, n);

		xw_start(x, "preamble");
		xw_raw(x, "\n");
		if (n > (size_t)formula) {
			xw_start(x, "recitals");
			xw_attr(x, "eId", "recitals");
			xw_raw(x, "\n");
		}
		for (i = 0; i < n; i++) {
			if (i + 1 == n && formula) {
				if (n > 1)
					xw_endl(x);
				xw_start(x, "formula");
				xw_attr(x, "name", "enactingFormula");
				xw_raw(x, "\n");
			} else {
				xw_start(x, "recital");
				xw_attrf(x, "eId", "recitals__recital_%zu", i + 1);
			}
			xw_start(x, "p");
			if (b[i].label)
				xw_text(x, b[i].label, b[i].label_len + 1);
			akn_inline(x, &t, b[i].text, b[i].len);
			xw_end(x);
			xw_endl(x);
		}
		if (!formula)
			xw_endl(x);
		xw_endl(x);
	}
	free(b);
}

/* The final block in the conclusions: "In witness whereof", "Done at",
 * one signature per signing organisation. */
static void akn_final(xw *x, const acc_export_doc *d)
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
	xw_start(x, "container");
	xw_attr(x, "name", "finalBlock");
	xw_attr(x, "eId", "container_final-block");
	xw_raw(x, "\n");
	if (f.testimonium)
		akn_ps(x, f.testimonium);
	akn_ps(x, f.done);
	for (i = 0; i < f.nsigs; i++)
		akn_signature(x, ex_sig_state(d), f.sig[i]);
	xw_endl(x);
	ex_final_clear(&f);
}

/* The annexes as <attachments>: each a <doc name="annex"> of its own. */
static void akn_annexes(xw *x, const acc_export_doc *d, const char *type)
{
	const acc_state *st = d->st;
	acc_buf eid = ACC_BUF_INIT;
	size_t i, k = 0;

	if (!ex_has_annex(st))
		return;
	xw_start(x, "attachments");
	xw_raw(x, "\n");
	for (i = 0; i < st->nclauses && x->rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];
		size_t end = ex_subtree_end(st, i);
		char leaf[32];

		if (!cl->annex)
			continue;
		snprintf(leaf, sizeof(leaf), "annex_%zu", ++k);
		xw_start(x, "attachment");
		xw_attrf(x, "eId", "att_%zu", k);
		xw_raw(x, "\n");
		xw_start(x, "doc");
		xw_attr(x, "name", "annex");
		xw_raw(x, "\n");
		xw_start(x, "meta");
		xw_raw(x, "\n");
		akn_identification(x, d, type, leaf);
		xw_endl(x);
		xw_start(x, "preface");
		xw_raw(x, "\n");
		xw_start(x, "p");
		xw_start(x, "docNumber");
		xw_str(x, ex_clause_word(cl));
		xw_str(x, " ");
		xw_str(x, cl->number);
		xw_end(x);
		xw_endl(x);
		xw_start(x, "p");
		xw_elem(x, "docTitle", cl->heading);
		xw_endl(x);
		xw_endl(x);
		xw_start(x, "mainBody");
		xw_raw(x, "\n");
		acc_buf_clear(&eid);
		if ((x->rc = acc_buf_printf(&eid, "annex_%s", cl->id)) < 0)
			break;
		xw_start(x, "hcontainer");
		xw_attr(x, "name", "annex");
		xw_attr(x, "eId", eid.ptr);
		xw_raw(x, "\n");
		xw_start(x, "num");
		xw_str(x, ex_clause_word(cl));
		xw_str(x, " ");
		xw_str(x, cl->number);
		xw_endl(x);
		xw_elem(x, "heading", cl->heading);
		xw_raw(x, "\n");
		if (end == i + 1) {
			akn_article_text(x, cl, eid.ptr);
		} else {
			akn_paras_in(x, "intro", "", cl->text);
			akn_clauses(x, st, i + 1, end, 1);
		}
		xw_endl(x);
		xw_endl(x);
		xw_endl(x);
		xw_endl(x);
		i = end - 1;
	}
	xw_endl(x);
	acc_buf_free(&eid);
}

/* The conclusions: the adoption record and the signatures. */
static void akn_conclusions(xw *x, const acc_export_doc *d)
{
	static const char *const roll_head[] = {"Organisation", "Vote", "Cast by"};
	const acc_state *st = d->st, *ss = ex_sig_state(d);
	field f[MAX_FIELDS];
	char **cells = NULL;
	size_t n = 0, i, rows = 0;
	int rc;

	xw_start(x, "conclusions");
	xw_raw(x, "\n");
	akn_final(x, d);
	xw_start(x, "container");
	xw_attr(x, "name", "adoptionRecord");
	xw_attr(x, "eId", "container_adoption-record");
	xw_raw(x, "\n");
	if (!ex_adopted_count(st))
		akn_ps(x, "No amendment was adopted.");
	ex_each_adopted(&x->rc, st, akn_adopted, x);
	if (x->rc == 0 && (rc = ex_ratification_fields(f, &n, st)) < 0)
		x->rc = rc;
	if (x->rc == 0) {
		akn_fields_block(x, "record_ratification", "Ratification", f, n);
		ex_fields_free(f, n);
		if (ex_ballot_held(&st->ratification)) {
			if ((rc = ex_roll_cells(&cells, &rows, st, &st->ratification)) < 0) {
				x->rc = x->rc ? x->rc : rc;
			} else {
				xw_start(x, "table");
				xw_attr(x, "eId", "record_ratification__roll-call");
				xw_raw(x, "\n");
				akn_row(x, "th", (char *const *)roll_head, 3);
				for (i = 0; i < rows; i++)
					akn_row(x, "td", cells + i * 3, 3);
				xw_endl(x);
			}
			ex_cells_free(cells, rows * 3);
		}
		xw_endl(x);
	}
	xw_endl(x);
	xw_start(x, "container");
	xw_attr(x, "name", "signatures");
	xw_attr(x, "eId", "container_signatures");
	xw_raw(x, "\n");
	if (ex_no_signatures(d))
		akn_ps(x, ex_no_signatures(d));
	for (i = 0; i < ss->nsignatures && x->rc == 0; i++)
		akn_signature(x, ss, &ss->signatures[i]);
	xw_endl(x);
	akn_treaty(x, ss);
	xw_endl(x);
}

/* The Akoma Ntoso document: an act once ratified, else a bill. */
int ex_render_akn(acc_buf *out, const acc_export_doc *d)
{
	const acc_state *st = d->st;
	const char *type = ex_is_ratified(st) ? "act" : "bill";
	xmlBufferPtr buf = NULL;
	char *slug = NULL, day[32];
	xw x;
	int rc;

	if ((rc = xw_open(&x, &buf, 0)) < 0)
		return rc;
	if (!(slug = akn_slug(st)))
		x.rc = ACC_ENOMEM;
	xw_fail(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	xw_start(&x, "akomaNtoso");
	xw_attr(&x, "xmlns", AKN_NS);
	xw_raw(&x, "\n");
	xw_start(&x, type);
	xw_attr(&x, "name", "convention");
	xw_raw(&x, "\n");
	xw_start(&x, "meta");
	xw_raw(&x, "\n");
	akn_identification(&x, d, type, "!main");
	ex_akn_analysis(&x, st);
	if (x.rc == 0)
		akn_references(&x, st, slug);
	akn_records(&x, d);
	xw_endl(&x);
	xw_start(&x, "preface");
	xw_raw(&x, "\n");
	xw_start(&x, "longTitle");
	xw_start(&x, "p");
	xw_elem(&x, "docTitle", st->conv.title);
	xw_end(&x);
	xw_endl(&x);
	if (st->conv.short_title) {
		xw_start(&x, "p");
		xw_elem(&x, "shortTitle", st->conv.short_title);
		xw_endl(&x);
	}
	xw_start(&x, "p");
	xw_elem(&x, "docStatus", ex_is_ratified(st) ? "Ratified text" : "Draft, not ratified");
	if (ex_is_ratified(st) && d->tag) {
		ex_date_fmt(day, sizeof(day), d->tag_rev.time, DATE_DAY);
		xw_str(&x, " (");
		xw_str(&x, d->tag);
		xw_str(&x, ", ");
		xw_start(&x, "docDate");
		xw_attr(&x, "date", day);
		xw_str(&x, day);
		xw_end(&x);
		xw_str(&x, ")");
	}
	xw_str(&x, "; revision ");
	xw_elem(&x, "docNumber", d->rev.commit);
	xw_str(&x, " of ");
	ex_date_fmt(day, sizeof(day), d->rev.time, DATE_ISO);
	xw_start(&x, "docDate");
	xw_attr(&x, "date", day);
	xw_str(&x, day);
	xw_end(&x);
	if (d->sig_st) {
		ex_date_fmt(day, sizeof(day), d->sig_rev.time, DATE_ISO);
		xw_str(&x, "; signatures as of ");
		xw_str(&x, d->sig_rev.commit);
		xw_str(&x, " (");
		xw_str(&x, day);
		xw_str(&x, ")");
	}
	xw_endl(&x);
	xw_endl(&x);
	akn_preamble(&x, st);
	akn_body(&x, st, d->lang);
	akn_conclusions(&x, d);
	akn_annexes(&x, d, type);
	xw_endl(&x);
	xw_endl(&x);
	free(slug);
	return xw_close(&x, buf, out);
}
