/*
 * export import: a convention's files read back from a JSON or Akoma
 * Ntoso export (`accord init --from FILE`), as a source init reads like a
 * proposal folder.
 *
 * The text comes from the document's structure (accord/structure.h read
 * backwards: blocks joined by a blank line, a nested block indented two
 * spaces a level, footnotes last); the records that are not text (the
 * convention's header, the organisations) from the records the export
 * carries (json "records", akn <proprietary>).  A canonical text (one
 * blank line between blocks, footnotes last, annexes last in the toc)
 * comes back byte for byte.
 */
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* ---- a source over files in memory ------------------------------------- */

/* struct ex_memsrc (internal.h): the files, the notes for the user, and
 * the element each clause was read from (for messages). */
typedef struct ex_memsrc memsrc;

/* Reads a file of the memory source. */
static int mem_read(acc_source *src, const char *path, char **data, size_t *len,
		    char oid[ACC_OID_HEXLEN + 1])
{
	memsrc *m = src->ctx;
	size_t i;

	if (oid)
		oid[0] = '\0';
	for (i = 0; i < m->paths.count; i++)
		if (strcmp(m->paths.items[i], path) == 0) {
			*len = strlen(m->datas.items[i]);
			return (*data = acc_strdup(m->datas.items[i])) ? 0 : ACC_ENOMEM;
		}
	return ACC_ENOTFOUND;
}

/* Compares two strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the entries under dir of the memory source, sorted. */
static int mem_list(acc_source *src, const char *dir, acc_strlist *names)
{
	memsrc *m = src->ctx;
	size_t i, dl = strlen(dir);
	int rc = 0;

	for (i = 0; i < m->paths.count && rc == 0; i++) {
		const char *p = m->paths.items[i], *rest, *sl;

		if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/'))
			continue;
		rest = dl ? p + dl + 1 : p;
		sl = strchr(rest, '/');
		if (acc_strlist_find(names, sl ? "" : rest) >= 0 && !sl)
			continue;
		if (sl) {
			char *n = acc_strndup(rest, (size_t)(sl - rest));

			if (!n)
				return ACC_ENOMEM;
			if (acc_strlist_find(names, n) < 0)
				rc = acc_strlist_add(names, n);
			free(n);
		} else {
			rc = acc_strlist_add(names, rest);
		}
	}
	if (names->count)
		qsort(names->items, names->count, sizeof(char *), cmp_str);
	return rc;
}

/* Frees the files of the memory source (acc_source_free frees src). */
static void mem_free(acc_source *src)
{
	memsrc *m = src->ctx;

	ex_memsrc_clear(m);
	free(m);
}

void ex_memsrc_clear(memsrc *m)
{
	acc_strlist_free(&m->paths);
	acc_strlist_free(&m->datas);
	acc_strlist_free(&m->notes);
	acc_strlist_free(&m->elids);
	acc_strlist_free(&m->els);
}

const char *ex_mem_get(const memsrc *m, const char *path)
{
	long i = acc_strlist_find(&m->paths, path);

	return i < 0 ? NULL : m->datas.items[i];
}

/* Adds a file to the memory source. */
int ex_mem_put(memsrc *m, const char *path, const char *data)
{
	int rc;

	if (acc_strlist_find(&m->paths, path) >= 0)
		return acc_error_set(ACC_EINVAL, "%s appears twice in the document", path);
	if ((rc = acc_strlist_add(&m->paths, path)) < 0)
		return rc;
	return acc_strlist_add(&m->datas, data);
}

/* Writes a record of fields (keys[i], values[i]) and body to path. */
int ex_put_record(memsrc *m, const char *path, const acc_strlist *keys, const acc_strlist *values,
		  const char *body)
{
	acc_record *r = NULL;
	acc_buf b = ACC_BUF_INIT;
	size_t i;
	int rc = acc_record_new(&r);

	for (i = 0; i < keys->count && rc == 0; i++)
		rc = acc_record_add(r, keys->items[i], values->items[i]);
	if (rc == 0)
		rc = acc_record_set_body(r, body, strlen(body));
	if (rc == 0)
		rc = acc_record_write(&b, r);
	if (rc == 0)
		rc = ex_mem_put(m, path, b.ptr ? b.ptr : "");
	if (rc < 0)
		acc_error_prefix(rc, "%s", path);
	acc_record_free(r);
	acc_buf_free(&b);
	return rc;
}

/* Writes clauses/<id> with heading and text. */
static int put_clause(memsrc *m, const char *id, const char *heading, const char *text)
{
	acc_strlist k = ACC_STRLIST_INIT, v = ACC_STRLIST_INIT;
	char *path = acc_sprintf("clauses/%s", id);
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if (!acc_id_valid(id))
		rc = acc_error_set(ACC_EINVAL, "invalid clause id '%.60s' in the document", id);
	else if ((rc = acc_strlist_add(&k, "Heading")) == 0 &&
		 (rc = acc_strlist_add(&v, heading)) == 0)
		rc = ex_put_record(m, path, &k, &v, text);
	acc_strlist_free(&k);
	acc_strlist_free(&v);
	free(path);
	return rc;
}

/* Appends a toc line: id indented two spaces a level. */
static int toc_line(acc_buf *toc, int depth, const char *id)
{
	int rc = toc->size ? 0 : acc_buf_putc(toc, '\n'), i; /* as accord writes it */

	for (i = 0; i < depth && rc == 0; i++)
		rc = acc_buf_puts(toc, "  ");
	return rc < 0 ? rc : acc_buf_printf(toc, "%s\n", id);
}

/* Refuses as the source an export of accord in another language (tag,
 * NULL when unknown) than the convention's own (export --lang L): its text
 * is a translation, given after the source (--from SOURCE --from THIS). */
static int check_source_lang(const memsrc *m, const char *tag)
{
	const char *conv = ex_mem_get(m, "convention"), *l = NULL;
	acc_record *r = NULL;
	int rc = 0;

	if (!tag || !conv || acc_record_parse(&r, conv, strlen(conv), "convention") < 0) {
		acc_error_clear();
		return 0;
	}
	if (acc_record_get(r, "Language", &l) == 0 && l &&
	    (strncmp(l, tag, strlen(tag)) != 0 || (l[strlen(tag)] && l[strlen(tag)] != '-')))
		rc = acc_error_set(ACC_EINVAL,
				   "the document is the %s text of a convention negotiated in %s: "
				   "import its %s export (an akn translation goes after it: --from "
				   "SOURCE --from THIS)",
				   tag, l, l);
	else
		acc_error_clear();
	acc_record_free(r);
	return rc;
}

/* ---- json --------------------------------------------------------------- */

/* A string member of o, or NULL. */
static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Puts the records of the json export (fields and body) into m. */
static int json_records(memsrc *m, json_t *root)
{
	json_t *recs = json_object_get(root, "records"), *r;
	size_t i, k;
	int rc = 0, conv = 0;

	json_array_foreach(recs, i, r)
	{
		acc_strlist keys = ACC_STRLIST_INIT, values = ACC_STRLIST_INIT;
		const char *path = jstr(r, "path");
		json_t *f, *kv;

		if (!path || (strcmp(path, "convention") != 0 && strncmp(path, "orgs/", 5) != 0))
			return acc_error_set(ACC_EINVAL,
					     "a record of the document has no known path");
		f = json_object_get(r, "fields");
		json_array_foreach(f, k, kv)
		{
			const char *a = json_string_value(json_array_get(kv, 0));
			const char *b = json_string_value(json_array_get(kv, 1));

			if (!a || !b) {
				rc = acc_error_set(ACC_EINVAL, "%s: a field is not [key, value]",
						   path);
				break;
			}
			if ((rc = acc_strlist_add(&keys, a)) < 0 ||
			    (rc = acc_strlist_add(&values, b)) < 0)
				break;
		}
		conv |= strcmp(path, "convention") == 0;
		if (rc == 0)
			rc = ex_put_record(
			    m, path, &keys, &values,
			    strcmp(path, "convention") == 0
				? (jstr(root, "preamble") ? jstr(root, "preamble") : "")
				: (jstr(r, "body") ? jstr(r, "body") : ""));
		acc_strlist_free(&keys);
		acc_strlist_free(&values);
		if (rc < 0)
			return rc;
	}
	if (!conv)
		return acc_error_set(ACC_EINVAL, "the document carries no convention record (an "
						 "export of accord with records is needed)");
	return 0;
}

/* Reads a json export into m. */
static int import_json(memsrc *m, const char *data, size_t len)
{
	json_error_t err;
	json_t *root = json_loadb(data, len, 0, &err), *cl;
	acc_buf toc = ACC_BUF_INIT;
	size_t i;
	int rc;

	if (!root || !json_is_object(root) || !json_object_get(root, "accord_export")) {
		rc = acc_error_set(ACC_EINVAL, "not an accord json export%s%s", root ? "" : ": ",
				   root ? "" : err.text);
		goto done;
	}
	m->json = 1;
	if ((rc = json_records(m, root)) < 0 ||
	    (rc = check_source_lang(m, jstr(root, "language"))) < 0)
		goto done;
	json_array_foreach(json_object_get(root, "clauses"), i, cl)
	{
		const char *id = jstr(cl, "id"), *h = jstr(cl, "heading"), *t = jstr(cl, "text");

		if (!id || !h || !t) {
			rc = acc_error_set(ACC_EINVAL, "clause %zu has no id, heading or text",
					   i + 1);
			goto done;
		}
		if ((rc = toc_line(&toc, (int)json_integer_value(json_object_get(cl, "depth")),
				   id)) < 0 ||
		    (rc = put_clause(m, id, h, t)) < 0)
			goto done;
	}
	if ((rc = ex_mem_put(m, "toc", toc.ptr ? toc.ptr : "\n")) == 0)
		rc = ex_import_json_translations(m, root);
done:
	acc_buf_free(&toc);
	json_decref(root);
	return rc;
}

/* ---- akoma ntoso ------------------------------------------------------- */

/* 1 when n is an element called name. */
static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element of n called name, or NULL. */
static xmlNode *child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* An attribute of n (malloc'd by libxml2: xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, BAD_CAST name);
}

/* Notes that clause id was read from the element described as el (what
 * a translation whose structure differs is refused with). */
static int note_el(memsrc *m, const char *id, const char *el)
{
	int rc = acc_strlist_add(&m->elids, id);

	return rc < 0 ? rc : acc_strlist_add(&m->els, el);
}

/* Notes that clause id was read from element n: "<name eId="...">". */
static int note_node(memsrc *m, const char *id, const xmlNode *n)
{
	char *eid = attr(n, "eId"), *el;
	int rc;

	el = acc_sprintf("<%s eId=\"%s\">", (const char *)n->name, eid ? eid : "");
	xmlFree(eid);
	if (!el)
		return ACC_ENOMEM;
	rc = note_el(m, id, el);
	free(el);
	return rc;
}

/* A clause's text being rebuilt: its blocks and its footnotes. */
typedef struct {
	acc_buf text, notes;
} rebuild;

/* Appends the inline text of n: text, <br/> as "\n", an <authorialNote>
 * as "[^marker]" with its note kept for the end. */
static int inline_text(acc_buf *out, rebuild *rb, const xmlNode *n)
{
	const xmlNode *c;
	int rc = 0;

	for (c = n->children; c && rc == 0; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			rc = acc_buf_puts(out, (const char *)c->content);
		} else if (is_el(c, "br")) {
			rc = acc_buf_putc(out, '\n');
		} else if (is_el(c, "authorialNote") && rb) {
			char *mk = attr(c, "marker");
			const xmlNode *p = child(c, "p");

			rc = acc_buf_printf(out, "[^%s]", mk ? mk : "");
			if (rc == 0 &&
			    (rc = acc_buf_printf(&rb->notes,
						 "%s[^%s]: ", rb->notes.size ? "\n\n" : "",
						 mk ? mk : "")) == 0 &&
			    p)
				rc = inline_text(&rb->notes, NULL, p);
			xmlFree(mk);
		} else if (c->type == XML_ELEMENT_NODE) {
			rc = inline_text(out, rb, c);
		}
	}
	return rc;
}

/* Starts a block of text at depth with label (may be NULL). */
static int block_start(rebuild *rb, int depth, const xmlNode *num)
{
	int rc = rb->text.size ? acc_buf_puts(&rb->text, "\n\n") : 0, i;

	for (i = 0; i < depth && rc == 0; i++)
		rc = acc_buf_puts(&rb->text, "  ");
	if (rc == 0 && num && (rc = inline_text(&rb->text, NULL, num)) == 0)
		rc = acc_buf_putc(&rb->text, ' ');
	return rc;
}

/* Appends the <p>s inside n (a content, intro or formula) as blocks. */
static int ps_blocks(rebuild *rb, const xmlNode *n, int depth, const xmlNode *num)
{
	const xmlNode *p;
	int rc = 0;

	for (p = n->children; p && rc == 0; p = p->next) {
		if (!is_el(p, "p"))
			continue;
		if ((rc = block_start(rb, depth, num)) == 0)
			rc = inline_text(&rb->text, rb, p);
		num = NULL;
	}
	return rc;
}

/* Appends a <paragraph> or <point> and what is nested in it. */
static int para_blocks(rebuild *rb, const xmlNode *n, int depth)
{
	const xmlNode *num = child(n, "num"), *c = child(n, "content"), *l = child(n, "list");
	const xmlNode *k;
	int rc = 0;

	if (c)
		return ps_blocks(rb, c, depth, num);
	if (!l)
		return 0;
	if (child(l, "intro") && (rc = ps_blocks(rb, child(l, "intro"), depth, num)) < 0)
		return rc;
	for (k = l->children; k && rc == 0; k = k->next)
		if (is_el(k, "point") || is_el(k, "paragraph"))
			rc = para_blocks(rb, k, depth + 1);
	return rc;
}

/* The text of an article-like element: content, or paragraphs. */
static int article_text(char **out, const xmlNode *n)
{
	rebuild rb = {ACC_BUF_INIT, ACC_BUF_INIT};
	const xmlNode *c;
	int rc = 0;

	for (c = n->children; c && rc == 0; c = c->next) {
		if (is_el(c, "content") || is_el(c, "intro"))
			rc = ps_blocks(&rb, c, 0, NULL);
		else if (is_el(c, "paragraph"))
			rc = para_blocks(&rb, c, 0);
	}
	if (rc == 0 && rb.notes.size)
		rc = acc_buf_printf(&rb.text, "%s%s", rb.text.size ? "\n\n" : "", rb.notes.ptr);
	if (rc == 0 && rb.text.size)
		rc = acc_buf_putc(&rb.text, '\n');
	acc_buf_free(&rb.notes);
	if (rc < 0) {
		acc_buf_free(&rb.text);
		return rc;
	}
	*out = rb.text.ptr ? acc_buf_detach(&rb.text) : acc_strdup("");
	return *out ? 0 : ACC_ENOMEM;
}

/* 1 when n is a clause of the body: an element with an eId "x_<id>" and a
 * heading (article, part, chapter, ..., hcontainer). */
static int is_clause(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE && child(n, "heading") &&
	       xmlHasProp(n, BAD_CAST "eId");
}

/* Reads the clause n at depth and those inside it into m and toc. */
static int akn_clause(memsrc *m, acc_buf *toc, const xmlNode *n, int depth)
{
	char *eid = attr(n, "eId"), *heading = NULL, *text = NULL;
	const char *id = eid ? strchr(eid, '_') : NULL;
	const xmlNode *c;
	int rc;

	if (!id) {
		rc = acc_error_set(ACC_EINVAL, "an element <%s> has no eId naming its clause",
				   (const char *)n->name);
		goto done;
	}
	id++;
	heading = (char *)xmlNodeGetContent(child(n, "heading"));
	if ((rc = article_text(&text, n)) < 0 || (rc = toc_line(toc, depth, id)) < 0 ||
	    (rc = put_clause(m, id, heading ? heading : "", text)) < 0 ||
	    (rc = note_node(m, id, n)) < 0)
		goto done;
	for (c = n->children; c && rc == 0; c = c->next)
		if (is_clause(c) && !is_el(c, "paragraph"))
			rc = akn_clause(m, toc, c, depth + 1);
done:
	free(text);
	xmlFree(heading);
	xmlFree(eid);
	return rc;
}

/* Puts the <accord:record>s of <proprietary> into m; the convention's
 * body is preamble. */
static int akn_records(memsrc *m, const xmlNode *meta, const char *preamble, ex_akn_info *info)
{
	const xmlNode *pr, *r, *f;
	int rc = 0, conv = 0;

	for (pr = meta ? meta->children : NULL; pr && rc == 0; pr = pr->next) {
		if (!is_el(pr, "proprietary"))
			continue;
		for (r = pr->children; r && rc == 0; r = r->next) {
			acc_strlist keys = ACC_STRLIST_INIT, values = ACC_STRLIST_INIT;
			char *path, *body = NULL;

			if (!is_el(r, "record"))
				continue;
			path = attr(r, "path");
			for (f = r->children; f && rc == 0; f = f->next) {
				char *k, *v;

				if (is_el(f, "body")) {
					xmlFree(body);
					body = (char *)xmlNodeGetContent(f);
				}
				if (!is_el(f, "field"))
					continue;
				k = attr(f, "key");
				v = (char *)xmlNodeGetContent(f);
				if ((rc = acc_strlist_add(&keys, k ? k : "")) == 0)
					rc = acc_strlist_add(&values, v ? v : "");
				xmlFree(k);
				xmlFree(v);
			}
			if (rc == 0 && path && info && strncmp(path, "translations/", 13) == 0) {
				char *st = attr(r, "status");

				if ((rc = acc_strlist_add(&info->units, path)) == 0)
					rc = acc_strlist_add(&info->status, st ? st : "current");
				xmlFree(st);
			}
			if (rc == 0 && path &&
			    (strcmp(path, "convention") == 0 || strncmp(path, "orgs/", 5) == 0)) {
				conv |= strcmp(path, "convention") == 0;
				rc = ex_put_record(m, path, &keys, &values,
						   strcmp(path, "convention") == 0 ? preamble
						   : body			   ? body
										   : "");
			}
			xmlFree(path);
			xmlFree(body);
			acc_strlist_free(&keys);
			acc_strlist_free(&values);
		}
	}
	if (rc == 0 && !conv)
		rc = acc_error_set(ACC_EINVAL, "the document carries no convention record (an "
					       "export of accord with its records is needed)");
	return rc;
}

/* The preamble: each recital and the formula a block (malloc'd). */
static int akn_preamble(char **out, const xmlNode *pre)
{
	rebuild rb = {ACC_BUF_INIT, ACC_BUF_INIT};
	const xmlNode *c, *r;
	int rc = 0;

	for (c = pre ? pre->children : NULL; c && rc == 0; c = c->next) {
		if (is_el(c, "recitals")) {
			for (r = c->children; r && rc == 0; r = r->next)
				if (is_el(r, "recital"))
					rc = ps_blocks(&rb, r, 0, NULL);
		} else if (is_el(c, "formula") || is_el(c, "p")) {
			rc = is_el(c, "p") ? ps_blocks(&rb, pre, 0, NULL)
					   : ps_blocks(&rb, c, 0, NULL);
			if (is_el(c, "p"))
				break;
		}
	}
	if (rc == 0 && rb.text.size)
		rc = acc_buf_putc(&rb.text, '\n');
	acc_buf_free(&rb.notes);
	*out = rc == 0 ? (rb.text.ptr ? acc_buf_detach(&rb.text) : acc_strdup("")) : NULL;
	acc_buf_free(&rb.text);
	return rc < 0 ? rc : *out ? 0 : ACC_ENOMEM;
}

/* ---- a foreign Akoma Ntoso document ------------------------------------ */

/* 1 when meta carries accord's records (<proprietary><record>). */
static int has_records(const xmlNode *meta)
{
	const xmlNode *pr;

	for (pr = meta ? meta->children : NULL; pr; pr = pr->next)
		if (is_el(pr, "proprietary") && child(pr, "record"))
			return 1;
	return 0;
}

/* The first element called name at or under n, depth first, or NULL. */
static const xmlNode *find(const xmlNode *n, const char *name)
{
	const xmlNode *c, *f;

	if (is_el(n, name))
		return n;
	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (f = find(c, name)))
			return f;
	return NULL;
}

/* The text of n with its runs of white space made one space, trimmed
 * (malloc'd; "" for NULL). */
static char *squeezed(const xmlNode *n)
{
	char *t = n ? (char *)xmlNodeGetContent(n) : NULL, *o;
	size_t i, k = 0;

	if (!(o = acc_malloc(t ? strlen(t) + 1 : 1))) {
		xmlFree(t);
		return NULL;
	}
	for (i = 0; t && t[i]; i++) {
		if (strchr(" \t\r\n", t[i])) {
			if (k && o[k - 1] != ' ')
				o[k++] = ' ';
		} else {
			o[k++] = t[i];
		}
	}
	while (k && o[k - 1] == ' ')
		k--;
	o[k] = '\0';
	xmlFree(t);
	return o;
}

/* The accord language tag of an AKN FRBRlanguage code (ISO 639-2, or
 * already two letters), or NULL. */
const char *ex_akn_lang(const char *code)
{
	static const char *const map[][2] = {
	    {"eng", "en"}, {"fra", "fr"}, {"fre", "fr"}, {"spa", "es"}, {"ara", "ar"},
	    {"rus", "ru"}, {"zho", "zh"}, {"chi", "zh"}, {"deu", "de"}, {"ger", "de"},
	    {"ita", "it"}, {"por", "pt"}, {"nld", "nl"}, {"dut", "nl"}, {"jpn", "ja"},
	    {"fas", "fa"}, {"per", "fa"}, {"hin", "hi"}, {"swa", "sw"}, {"tur", "tr"},
	    {"ukr", "uk"}};
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strcmp(code, map[i][0]) == 0)
			return map[i][1];
	return strlen(code) == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' &&
		       code[1] <= 'z'
		   ? code
		   : NULL;
}

/* What a foreign document is read into besides the files: the toc, the
 * level names by depth, the annexes. */
typedef struct {
	acc_buf toc;
	acc_strlist levels, annexes;
	int nannex;
} foreign;

/* 1 when n is an element of the body accord reads as a container. */
static int is_container(const xmlNode *n)
{
	static const char *const names[] = {"book",	  "tome",	"part",	    "subpart",
					    "title",	  "subtitle",	"chapter",  "subchapter",
					    "section",	  "subsection", "division", "subdivision",
					    "hcontainer", NULL};
	size_t i;

	for (i = 0; names[i]; i++)
		if (is_el(n, names[i]))
			return 1;
	return 0;
}

/* A clause id from the eId of n ("chp_1__art_2" -> "chp-1-art-2"), or
 * NULL with an error. */
static char *foreign_id(const xmlNode *n)
{
	char *eid = attr(n, "eId"), *id;
	size_t i, k = 0;

	if (!eid) {
		acc_error_set(ACC_EINVAL, "an element <%s> of the body has no eId",
			      (const char *)n->name);
		return NULL;
	}
	if ((id = acc_malloc(strlen(eid) + 1))) {
		for (i = 0; eid[i]; i++) {
			char ch =
			    eid[i] >= 'A' && eid[i] <= 'Z' ? (char)(eid[i] - 'A' + 'a') : eid[i];

			if (ch == '_' || ch == '.')
				ch = '-';
			if (ch != '-' || (k && id[k - 1] != '-'))
				id[k++] = ch;
		}
		while (k && id[k - 1] == '-')
			k--;
		id[k] = '\0';
		if (!acc_id_valid(id)) {
			acc_error_set(ACC_EINVAL, "eId '%.60s' makes no valid clause id", eid);
			free(id);
			id = NULL;
		}
	} else {
		acc_error_set(ACC_ENOMEM, "out of memory");
	}
	xmlFree(eid);
	return id;
}

/* Reads the article or container n at depth, and what it holds. */
static int foreign_clause(memsrc *m, foreign *f, const xmlNode *n, int depth)
{
	char *id = foreign_id(n), *heading = NULL, *text = NULL;
	const xmlNode *c;
	int rc = 0, container = !is_el(n, "article");

	if (!id)
		return ACC_EINVAL;
	if (container) {
		/* the level's name is the element's, as the convention's Levels */
		char word[32];

		snprintf(word, sizeof(word), "%s",
			 is_el(n, "hcontainer") ? "Part" : (const char *)n->name);
		word[0] = (char)(word[0] >= 'a' && word[0] <= 'z' ? word[0] - 'a' + 'A' : word[0]);
		if ((size_t)depth == f->levels.count)
			rc = acc_strlist_add(&f->levels, word);
		else if ((size_t)depth > f->levels.count ||
			 strcmp(f->levels.items[depth], word) != 0)
			rc = acc_error_set(ACC_EINVAL,
					   "<%s eId> %s: level %d is already named %s (one name "
					   "a level)",
					   (const char *)n->name, id, depth + 1,
					   (size_t)depth < f->levels.count ? f->levels.items[depth]
									   : "?");
	}
	if (rc == 0 && !(heading = squeezed(child(n, "heading"))))
		rc = ACC_ENOMEM;
	if (rc == 0 && !heading[0]) {
		free(heading);
		if (!(heading = squeezed(child(n, "num"))))
			rc = ACC_ENOMEM;
		else if (!heading[0])
			rc = acc_error_set(ACC_EINVAL, "%s: neither a heading nor a number", id);
	}
	if (rc == 0 && (rc = article_text(&text, n)) == 0 &&
	    (rc = toc_line(&f->toc, depth, id)) == 0 &&
	    (rc = put_clause(m, id, heading, text)) == 0)
		rc = note_node(m, id, n);
	for (c = n->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_el(c, "num") || is_el(c, "heading") ||
		    is_el(c, "subheading") || is_el(c, "content") || is_el(c, "intro") ||
		    is_el(c, "paragraph"))
			continue;
		if (!container || (!is_el(c, "article") && !is_container(c)))
			rc = acc_error_set(ACC_EINVAL, "%s: cannot map <%s> inside <%s>", id,
					   (const char *)c->name, (const char *)n->name);
		else
			rc = foreign_clause(m, f, c, depth + 1);
	}
	free(id);
	free(heading);
	free(text);
	return rc;
}

/* Reads attachment n (a <doc> with a <mainBody>) as the next annex. */
static int foreign_annex(memsrc *m, foreign *f, const xmlNode *n)
{
	const xmlNode *doc = NULL, *body, *c;
	rebuild rb = {ACC_BUF_INIT, ACC_BUF_INIT};
	char id[32], *heading = NULL;
	int rc = 0;

	for (c = n->children; c && !doc; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			doc = c;
	if (!(body = child(doc, "mainBody")))
		return acc_error_set(ACC_EINVAL,
				     "an attachment without a <doc> and its <mainBody>");
	snprintf(id, sizeof(id), "annex-%d", ++f->nannex);
	if (!(heading = squeezed(find(child(doc, "preface"), "docTitle"))))
		return ACC_ENOMEM;
	if (!heading[0]) {
		char *name = attr(doc, "name");

		free(heading);
		heading =
		    acc_sprintf("Annex %d%s%s", f->nannex, name ? ": " : "", name ? name : "");
		xmlFree(name);
		if (!heading)
			return ACC_ENOMEM;
	}
	for (c = body->children; c && rc == 0; c = c->next) {
		if (is_el(c, "p")) {
			if ((rc = block_start(&rb, 0, NULL)) == 0)
				rc = inline_text(&rb.text, &rb, c);
		} else if (is_el(c, "paragraph")) {
			rc = para_blocks(&rb, c, 0);
		} else if (is_el(c, "content") || is_el(c, "intro")) {
			rc = ps_blocks(&rb, c, 0, NULL);
		} else if (c->type == XML_ELEMENT_NODE) {
			rc = acc_error_set(ACC_EINVAL, "%s: cannot map <%s> in an annex", id,
					   (const char *)c->name);
		}
	}
	if (rc == 0 && rb.notes.size)
		rc = acc_buf_printf(&rb.text, "%s%s", rb.text.size ? "\n\n" : "", rb.notes.ptr);
	if (rc == 0 && rb.text.size)
		rc = acc_buf_putc(&rb.text, '\n');
	if (rc == 0 && (rc = toc_line(&f->toc, 0, id)) == 0 &&
	    (rc = put_clause(m, id, heading, rb.text.ptr ? rb.text.ptr : "")) == 0 &&
	    (rc = acc_strlist_add(&f->annexes, id)) == 0) {
		char el[48];

		snprintf(el, sizeof(el), "<attachment> %d", f->nannex);
		rc = note_el(m, id, el);
	}
	acc_buf_free(&rb.text);
	acc_buf_free(&rb.notes);
	free(heading);
	return rc;
}

/* Adds field key: value to keys and values. */
static int kv(acc_strlist *keys, acc_strlist *values, const char *key, const char *value)
{
	int rc = acc_strlist_add(keys, key);

	return rc < 0 ? rc : acc_strlist_add(values, value);
}

/* The convention record and the registry of a foreign document: its title
 * and language, the preamble, one chair organisation (secretariat) whose
 * delegate is chair, the level names and annexes found. */
static int foreign_records(memsrc *m, const xmlNode *act, const char *preamble, const foreign *f,
			   const acc_person *chair)
{
	acc_strlist k = ACC_STRLIST_INIT, v = ACC_STRLIST_INIT;
	const xmlNode *id = find(child(act, "meta"), "identification");
	char *title = squeezed(find(child(act, "preface"), "docTitle")), *code = NULL, *del = NULL;
	const char *lang;
	acc_buf levels = ACC_BUF_INIT;
	size_t i;
	int rc = title ? 0 : ACC_ENOMEM;

	if (rc == 0 && !title[0]) { /* else the work's name */
		char *name = attr(find(find(id, "FRBRWork"), "FRBRname"), "value");

		free(title);
		title = acc_strdup(name ? name : "");
		xmlFree(name);
		if (!title)
			rc = ACC_ENOMEM;
		else if (!title[0])
			rc = acc_error_set(ACC_EINVAL, "the document has no title (<docTitle> in "
						       "<preface>, or FRBRname of the work)");
	}
	code = attr(find(find(id, "FRBRExpression"), "FRBRlanguage"), "language");
	lang = ex_akn_lang(code);
	if (rc == 0 && !lang)
		rc = acc_error_set(ACC_EINVAL,
				   "unknown language '%.20s' (FRBRlanguage of the "
				   "expression)",
				   code ? code : "");
	for (i = 0; i < f->levels.count && rc == 0; i++)
		rc = acc_buf_printf(&levels, "%s%s", i ? " " : "", f->levels.items[i]);
	{
		const char *conv[][2] = {{"Title", title},	   {"Language", lang},
					 {"Chair", "secretariat"}, {"Rule", "simple"},
					 {"Quorum", "1/2"},	   {"Format", "1"},
					 {"Levels", levels.ptr}};

		for (i = 0; i < sizeof(conv) / sizeof(*conv) && rc == 0; i++)
			if (conv[i][1])
				rc = kv(&k, &v, conv[i][0], conv[i][1]);
	}
	for (i = 0; i < f->annexes.count && rc == 0; i++)
		rc = kv(&k, &v, "Annex", f->annexes.items[i]);
	if (rc == 0)
		rc = ex_put_record(m, "convention", &k, &v, preamble);
	acc_strlist_free(&k);
	acc_strlist_free(&v);
	if (rc == 0 && !(del = acc_sprintf("%s <%s>", chair->name, chair->email)))
		rc = ACC_ENOMEM;
	{
		const char *org[][2] = {{"Name", "Secretariat"},
					{"Type", "secretariat"},
					{"Role", "chair"},
					{"Weight", "1"},
					{"Delegate", del}};

		for (i = 0; i < sizeof(org) / sizeof(*org) && rc == 0; i++)
			rc = kv(&k, &v, org[i][0], org[i][1]);
	}
	if (rc == 0)
		rc = ex_put_record(m, "orgs/secretariat", &k, &v, "");
	acc_strlist_free(&k);
	acc_strlist_free(&v);
	acc_buf_free(&levels);
	free(del);
	free(title);
	xmlFree(code);
	return rc;
}

/* Reads a foreign Akoma Ntoso document (no records of accord's): the
 * title, the language, the preamble, the body's articles and containers,
 * the attachments as annexes; chair: the delegate of its chair. */
static int import_foreign(memsrc *m, const xmlNode *act, const char *preamble,
			  const acc_person *chair)
{
	foreign f = {ACC_BUF_INIT, ACC_STRLIST_INIT, ACC_STRLIST_INIT, 0};
	const xmlNode *c, *body = child(act, "body"), *att = child(act, "attachments");
	int rc = 0;

	if (!chair)
		return acc_error_set(ACC_EINVAL, "the document carries no convention record (an "
						 "export of accord with its records is needed)");
	if (!chair->email || !acc_email_valid(chair->email))
		return acc_error_set(ACC_EUSAGE,
				     "a foreign document's chair is who runs init: give an e-mail "
				     "address (--as EMAIL or git config user.email), not '%.60s'",
				     chair->email ? chair->email : "");
	if (!body)
		return acc_error_set(ACC_EINVAL, "the document has no <body>");
	for (c = body->children; c && rc == 0; c = c->next) {
		if (is_el(c, "article") || is_container(c))
			rc = foreign_clause(m, &f, c, 0);
		else if (c->type == XML_ELEMENT_NODE)
			rc = acc_error_set(ACC_EINVAL, "cannot map <%s> in the body",
					   (const char *)c->name);
	}
	for (c = att ? att->children : NULL; c && rc == 0; c = c->next)
		if (is_el(c, "attachment"))
			rc = foreign_annex(m, &f, c);
	if (rc == 0 && !f.toc.size)
		rc = acc_error_set(ACC_EINVAL, "the document's body has no article");
	if (rc == 0 && (rc = foreign_records(m, act, preamble, &f, chair)) == 0)
		rc = ex_mem_put(m, "toc", f.toc.ptr);
	acc_buf_free(&f.toc);
	acc_strlist_free(&f.levels);
	acc_strlist_free(&f.annexes);
	return rc;
}

/* The language tag of the expression of the document act (its
 * FRBRlanguage; malloc'd), or NULL. */
static char *expression_lang(const xmlNode *act)
{
	const xmlNode *id = find(child(act, "meta"), "identification");
	char *code = attr(find(find(id, "FRBRExpression"), "FRBRlanguage"), "language");
	const char *tag = ex_akn_lang(code);
	char *out = tag ? acc_strdup(tag) : NULL;

	xmlFree(code);
	return out;
}

void ex_akn_info_clear(ex_akn_info *info)
{
	free(info->lang);
	free(info->title);
	acc_strlist_free(&info->units);
	acc_strlist_free(&info->status);
	memset(info, 0, sizeof(*info));
}

/* Reads an Akoma Ntoso export into m, or a foreign document (chair: the
 * delegate of its chair, NULL to refuse one); info: NULL for the source,
 * else what a translation's document says of itself. */
int ex_import_akn(memsrc *m, const char *data, size_t len, const acc_person *chair,
		  ex_akn_info *info)
{
	xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, "UTF-8", XML_PARSE_NONET);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *act = NULL, *c, *att;
	acc_buf toc = ACC_BUF_INIT;
	char *preamble = NULL, *elang = NULL;
	int rc;

	if (!is_el(root, "akomaNtoso")) {
		rc = acc_error_set(ACC_EINVAL, "not an Akoma Ntoso document");
		goto done;
	}
	for (c = root->children; c && !act; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			act = c;
	if ((rc = akn_preamble(&preamble, child(act, "preamble"))) < 0)
		goto done;
	if (info) {
		info->own = has_records(child(act, "meta"));
		info->title =
		    info->own ? (char *)xmlNodeGetContent(find(child(act, "preface"), "docTitle"))
			      : squeezed(find(child(act, "preface"), "docTitle"));
		if (info->own && info->title) { /* libxml2's: ours is malloc's */
			char *t = acc_strdup(info->title);

			xmlFree(info->title);
			info->title = t;
		}
		info->lang = expression_lang(act);
		if (!info->title) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	if (!has_records(child(act, "meta"))) {
		rc = import_foreign(m, act, preamble, chair);
		goto done;
	}
	if ((rc = akn_records(m, child(act, "meta"), preamble, info)) < 0)
		goto done;
	if (!info && (rc = check_source_lang(m, elang = expression_lang(act))) < 0)
		goto done;
	for (c = child(act, "body") ? child(act, "body")->children : NULL; c && rc == 0;
	     c = c->next)
		if (is_clause(c))
			rc = akn_clause(m, &toc, c, 0);
	att = child(act, "attachments");
	for (c = att ? att->children : NULL; c && rc == 0; c = c->next) {
		xmlNode *h = child(child(child(c, "doc"), "mainBody"), "hcontainer");

		if (is_el(c, "attachment") && is_clause(h))
			rc = akn_clause(m, &toc, h, 0);
	}
	if (rc == 0)
		rc = ex_mem_put(m, "toc", toc.ptr ? toc.ptr : "\n");
done:
	free(elang);
	free(preamble);
	acc_buf_free(&toc);
	xmlFreeDoc(doc);
	return rc;
}

int acc_import_source(acc_source **out, const char *path)
{
	return acc_import_sources(out, &path, 1, NULL);
}

/* Reads the json or Akoma Ntoso document at path (see accord/export.h). */
int acc_import_source_for(acc_source **out, const char *path, const acc_person *chair)
{
	return acc_import_sources(out, &path, 1, chair);
}

const acc_strlist *acc_import_notes(const acc_source *src)
{
	return src && src->free == mem_free ? &((const memsrc *)src->ctx)->notes : NULL;
}

/* Reads the first document (json or Akoma Ntoso) at path into m. */
static int import_first(memsrc *m, const char *path, const acc_person *chair)
{
	char *data = NULL;
	size_t len = 0, i = 0;
	int rc;

	if ((rc = acc_file_read(&data, &len, path, 64u * 1024u * 1024u)) < 0)
		return rc;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i < len && data[i] == '{')
		rc = import_json(m, data, len);
	else if (i < len && data[i] == '<')
		rc = ex_import_akn(m, data, len, chair, NULL);
	else
		rc = acc_error_set(ACC_EUSAGE, "%s: neither a json nor an Akoma Ntoso document",
				   path);
	if (rc < 0 && rc != ACC_EUSAGE)
		acc_error_prefix(rc, "%s", path);
	free(data);
	return rc;
}

int acc_import_sources(acc_source **out, const char *const *paths, size_t n,
		       const acc_person *chair)
{
	acc_source *src = acc_calloc(1, sizeof(*src));
	memsrc *m = acc_calloc(1, sizeof(*m));
	size_t k;
	int rc;

	*out = NULL;
	if (!src || !m) {
		free(src);
		free(m);
		return ACC_ENOMEM;
	}
	src->read = mem_read;
	src->list = mem_list;
	src->free = mem_free;
	src->ctx = m;
	rc = n ? import_first(m, paths[0], chair)
	       : acc_error_set(ACC_EUSAGE, "which document? give --from FILE");
	for (k = 1; k < n && rc == 0; k++)
		rc = ex_import_translation(m, paths[0], paths[k], chair);
	if (rc == 0 && n > 1)
		rc = ex_import_languages(m, paths[0]);
	if (rc < 0) {
		acc_source_free(src);
		return rc;
	}
	*out = src;
	return 0;
}
