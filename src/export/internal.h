/*
 * export internal: what the files of the export module share (private to
 * src/export; callers use include/accord/export.h).
 *
 * doc.c      the document: format names, the loader, the entry point and
 *            small facts about the revision (dates, ratified or not)
 * record.c   the adoption record as facts every format shows: a ballot's
 *            figures and roll-call, an amendment's record, the signatures
 * text.c     the sticky-error text writer and the paragraphs of a text
 * xml.c      the sticky-error XML writer over libxml2 (html and akn)
 * md.c txt.c html.c akn.c json.c csv.c pdf.c   one renderer per format
 * pdf_load.c  loads pdf.c, built as the module accord-pdf.so
 * import.c import_lang.c   a json or akn export read back into files, and
 *            its translations (accord init --from)
 *
 * Renderers write through a sticky-error writer (the first failure is
 * kept, later writes are skipped), so the code reads as the document it
 * produces.
 *
 * Decisions beyond the public header:
 *  - Containers are named by depth (Part, Chapter, Section, Subsection)
 *    with the number model.c derives; other clauses are Articles.
 *  - A paragraph is a run of non-blank lines; a single "\n" inside one is
 *    a line break (txt keeps the line, html and akn write <br/>, md keeps
 *    the soft break).
 *  - The roll-call of a ballot lists every member organisation (absent
 *    ones as "absent") and any other organisation with a recorded vote,
 *    marked as not counted.
 *  - Tallies of closed ballots are the figures recorded when they closed
 *    (what was decided); an open ballot shows its running count.
 */
#ifndef ACCORD_EXPORT_INTERNAL_H
#define ACCORD_EXPORT_INTERNAL_H

#include <libxml/xmlwriter.h>

#include "accord/export.h"
#include "accord/sanitize.h"
#include "accord/textcheck.h"

/* ---- text.c: a writer that keeps its first error ------------------------ */

typedef struct {
	acc_buf *b;
	int rc;
} wr;

/* Appends len bytes unless an earlier write failed. */
void wr_put(wr *w, const char *s, size_t len);
/* Appends a string (NULL appends nothing). */
void wr_puts(wr *w, const char *s);
/* Appends formatted text. */
void wr_printf(wr *w, const char *fmt, ...) ACC_ATTR_PRINTF(2, 3);
/* Appends n copies of c. */
void wr_repeat(wr *w, char c, size_t n);
/* Records the result of an operation that returns an ACC_E* code. */
void wr_check(wr *w, int rc);

/* Finds the next paragraph at *p (before end): a run of non-blank lines.
 * Returns 1 with [*s, *s+*len) (no final "\n"), or 0 at the end. */
int ex_next_para(const char **p, const char *end, const char **s, size_t *len);

/* ---- doc.c: the revision ------------------------------------------------ */

enum { DATE_ISO, DATE_DAY, DATE_HUMAN };

/* Formats t (UTC) into buf: DATE_ISO "2023-11-14T22:45:00Z", DATE_DAY
 * "2023-11-14" or DATE_HUMAN "2023-11-14 22:45 UTC". */
void ex_date_fmt(char *buf, size_t size, long long t, int how);
/* 1 when the ratification ballot of st closed adopted. */
int ex_is_ratified(const acc_state *st);
/* The word naming a clause: Article, or Part/Chapter/Section/Subsection. */
const char *ex_clause_word(const acc_clause *cl);
/* "Article 6", "Part I" (malloc'd). */
char *ex_clause_label(const acc_clause *cl);
/* A language tag fit for lang="" (letters, digits and '-'), else "und". */
const char *ex_lang_tag(const acc_state *st);
/* lang.c: whether st's language is written right to left. */
int ex_lang_rtl(const acc_state *st);
/* Whether the language tag l is written right to left. */
int ex_tag_rtl(const char *l);
/* One language's text of a clause (or the title, the preamble) in a
 * multilingual edition: note is NULL for a current translation, else why
 * it is not shown (stale: the text is still given; missing: "" texts). */
typedef void (*ex_lang_fn)(void *arg, const char *lang, int rtl, const char *heading,
			   const char *text, const char *note);
/* Calls fn for each language but the negotiation one, in the convention's
 * order, when d is a multilingual edition (--lang all); else nothing. */
int ex_lang_each(const acc_export_doc *d, const char *id, ex_lang_fn fn, void *arg);
/* The state the signatures are read from. */
const acc_state *ex_sig_state(const acc_export_doc *d);
/* The number of adopted amendments. */
size_t ex_adopted_count(const acc_state *st);

/* ---- form.c: the structure of the text (accord/structure.h) ------------ */

/* The final block: "In witness whereof...", "Done at ...", one line per
 * signature (only when the convention names a place: Done-At). */
typedef struct {
	const char *testimonium;   /* NULL: none */
	char *done;		   /* "Done at Geneva on ..., in a single original, ..." */
	char **sigs;		   /* "For Norland: Ann <ann@x.org>, 2026-01-05" */
	const acc_signature **sig; /* the signature of each line */
	size_t nsigs;
} ex_final;

/* Fills f for d; f->done is NULL when the convention has no final block. */
int ex_final_get(ex_final *f, const acc_export_doc *d);
/* Frees what ex_final_get filled. */
void ex_final_clear(ex_final *f);
/* The index after clause i's subtree (i itself and every deeper clause
 * after it). */
size_t ex_subtree_end(const acc_state *st, size_t i);
/* 1 when st has an annex clause. */
int ex_has_annex(const acc_state *st);
/* The heading level of a clause: 2 + depth (an HTML hN up to 6, beyond
 * that a heading of level 7, 8 or 9 kept distinct). */
int ex_heading_level(const acc_clause *cl);

/* ---- record.c: the adoption record as facts ----------------------------- */

/* The figures of a ballot: recorded at close, or the running count. */
typedef struct {
	unsigned yes, no, abstain, absent, members;
	unsigned long w_yes, w_no, w_abstain, w_absent;
	int weighted, quorum_met, final;
	acc_result result;
} counts;

/* One line of a roll-call. */
typedef struct {
	const acc_org *org;
	acc_vote vote; /* ACC_VOTE_NONE: absent */
	const char *delegate;
	int counted;  /* a member: its vote counts */
	int recorded; /* recorded by the chair, not signed by the organisation */
} roll_row;

/* A labelled fact: key and a malloc'd value. */
typedef struct {
	const char *key;
	char *value;
} field;

#define MAX_FIELDS 10

/* An organisation's name, or its id when unknown. */
const char *ex_org_name(const acc_state *st, const char *id);
/* The index (1-based) of the delegate with email in org, or 0. */
size_t ex_delegate_index(const acc_state *st, const char *org, const char *email);
/* "Name <email>", or the email alone (malloc'd; "" for none). */
char *ex_delegate_text(const acc_state *st, const char *org, const char *email);
/* Fills c for ballot b of st (zero for a ballot never opened or fallen). */
int ex_ballot_counts(counts *c, const acc_state *st, const acc_ballot *b);
/* The roll-call of b: every member organisation, and any other with a
 * recorded vote, in the order of st->orgs (by id).  *out malloc'd. */
int ex_roll_call(roll_row **out, size_t *n, const acc_state *st, const acc_ballot *b);
/* "yes", "absent", or "yes (not counted: observer)" (malloc'd). */
char *ex_roll_vote_text(const roll_row *r);
/* Frees the values of f. */
void ex_fields_free(field *f, size_t n);
/* The facts about the revision: what text it is, commit and dates. */
int ex_revision_fields(field *f, size_t *n, const acc_export_doc *d);
/* The record of an adopted amendment as fields. */
int ex_amendment_fields(field *f, size_t *n, const acc_state *st, const acc_amendment *a);
/* The ratification ballot as fields (no roll-call). */
int ex_ratification_fields(field *f, size_t *n, const acc_state *st);
/* 1 when ballot b was opened (open or closed): it has votes and figures. */
int ex_ballot_held(const acc_ballot *b);
/* Why no signature is listed ("The text has not been ratified: nobody has
 * signed." or "No organisation has signed yet."), or NULL when some are. */
const char *ex_no_signatures(const acc_export_doc *d);
/* What ex_each_adopted calls: one adopted amendment and its record. */
typedef void (*ex_adopted_fn)(void *arg, const acc_amendment *a, const field *f, size_t n);
/* Calls fn for each adopted amendment of st, in order, with its record as
 * fields, while *rc is 0; a failure to build the fields is kept in *rc. */
void ex_each_adopted(int *rc, const acc_state *st, ex_adopted_fn fn, void *arg);
/* Frees a table of malloc'd cells. */
void ex_cells_free(char **cells, size_t n);
/* The roll-call of b as rows of three cells (organisation, vote, cast
 * by); *cells malloc'd. */
int ex_roll_cells(char ***cells, size_t *rows, const acc_state *st, const acc_ballot *b);
/* The signatures as rows of three cells (organisation, signed by, date). */
int ex_signature_cells(char ***cells, size_t *rows, const acc_state *ss);

/* ---- treaty.c: the annex "Status of the convention" ---------------------- */

#define EX_TREATY_COLS 6
/* Its header: organisation, signature, instrument, declarations and
 * reservations, objections, in force from. */
extern const char *const ex_treaty_head[EX_TREATY_COLS];
/* One line: the instruments deposited, and the day of entry into force
 * (*out malloc'd). */
int ex_treaty_summary(char **out, const acc_state *st);
/* One row of EX_TREATY_COLS cells per organisation that signed or
 * deposited, by id (*cells malloc'd). */
int ex_treaty_cells(char ***cells, size_t *rows, const acc_state *st);

/* ---- xml.c: XML through libxml2's writer (html and akn) ----------------- */

typedef struct {
	xmlTextWriterPtr w;
	int rc;	  /* first error */
	int html; /* end non-void elements with a full end tag */
	acc_buf tmp;
} xw;

/* Notes a writer failure. */
void xw_fail(xw *x, int r);
/* Opens element name. */
void xw_start(xw *x, const char *name);
/* Closes the open element (HTML: always with an end tag). */
void xw_end(xw *x);
/* Closes the open element and ends the line. */
void xw_endl(xw *x);
/* Closes a void element (<br/>, <meta/>). */
void xw_end_void(xw *x);
/* Writes an attribute; repository text in value exactly (acc_text_exact). */
void xw_attr(xw *x, const char *name, const char *value);
/* Writes an attribute from a format (ids and numbers, not free text). */
void xw_attrf(xw *x, const char *name, const char *fmt, ...) ACC_ATTR_PRINTF(3, 4);
/* Writes text exactly (acc_text_exact), escaped by the writer. */
void xw_text(xw *x, const char *s, size_t len);
/* xw_text of a NUL-terminated string. */
void xw_str(xw *x, const char *s);
/* Writes markup of our own (newlines between blocks, the stylesheet). */
void xw_raw(xw *x, const char *s);
/* <name>text</name> */
void xw_elem(xw *x, const char *name, const char *text);
/* Writes the lines of s separated by <br/>. */
void xw_lines(xw *x, const char *s, size_t len);
/* Writes the word diff of old against new: equal text, <del> and <ins>. */
void xw_diff(xw *x, const char *old, const char *new);
/* akn_voting.c: the analysis block of the Akoma Ntoso export: every
 * ballot held, as <voting>. */
void ex_akn_analysis(xw *x, const acc_state *st);

/* Starts a writer into memory. */
int xw_open(xw *x, xmlBufferPtr *buf, int html);
/* Ends the writer and appends what it wrote to out. */
int xw_close(xw *x, xmlBufferPtr buf, acc_buf *out);

/* ---- the renderers: each appends the whole document to out -------------- */

/* The Markdown document. */
int ex_render_md(acc_buf *out, const acc_export_doc *d);
/* The plain text document, wrapped at 72 columns. */
int ex_render_txt(acc_buf *out, const acc_export_doc *d);
/* An HTML table (html.c, also the site's): class cls (or none), caption,
 * header cells, then rows of n cells (cells[r*n+c]). */
void ex_html_table(xw *x, const char *cls, const char *caption, const char *const *head, size_t n,
		   char *const *cells, size_t rows);
/* Opens such a table up to its <tbody>, for rows the caller writes (then
 * two xw_endl close the body and the table). */
void ex_html_table_open(xw *x, const char *cls, const char *caption, const char *const *head,
			size_t n);
/* The HTML document (XHTML syntax, self-contained). */
int ex_render_html(acc_buf *out, const acc_export_doc *d);
/* The Akoma Ntoso document: an act once ratified, else a bill. */
int ex_render_akn(acc_buf *out, const acc_export_doc *d);
/* The whole convention at the revision as one JSON document. */
int ex_render_json(acc_buf *out, const acc_export_doc *d);
/* The roll-call of every ballot, one vote per row (RFC 4180). */
int ex_render_csv(acc_buf *out, const acc_export_doc *d);
/* The PDF document laid out for print: pdf_load.c loads the module built
 * from pdf.c (Pango and Cairo) and calls its acc_pdf_render. */
int ex_render_pdf(acc_buf *out, const acc_export_doc *d);
int acc_pdf_render(acc_buf *out, const acc_export_doc *d);

/* ---- import.c, import_lang.c: documents read back into files ----------- */

/* Files in memory, as the source init reads (paths and datas pair up);
 * notes: what the user is told was left out; elids/els: the element each
 * clause was read from, for a translation refused for its structure. */
struct ex_memsrc {
	acc_strlist paths, datas, notes, elids, els;
	int json; /* read from a json export */
};
typedef struct ex_memsrc ex_memsrc;

/* What an Akoma Ntoso document read as a translation says of itself. */
typedef struct {
	int own;	    /* 1: accord's export (records in <proprietary>) */
	char *lang;	    /* its FRBRlanguage as a tag, or NULL */
	char *title;	    /* its <docTitle> */
	acc_strlist units;  /* own: its translations/<lang>/<unit> records */
	acc_strlist status; /* each one's status: current or stale */
} ex_akn_info;

/* Frees what the memory source holds (not m itself). */
void ex_memsrc_clear(ex_memsrc *m);
/* The data of path in m, or NULL. */
const char *ex_mem_get(const ex_memsrc *m, const char *path);
/* Adds a file to m (ACC_EINVAL when path is there already). */
int ex_mem_put(ex_memsrc *m, const char *path, const char *data);
/* Writes a record of fields (keys[i], values[i]) and body to path. */
int ex_put_record(ex_memsrc *m, const char *path, const acc_strlist *keys,
		  const acc_strlist *values, const char *body);
/* The accord tag of an FRBRlanguage code (ISO 639-2, or two letters), or
 * NULL. */
const char *ex_akn_lang(const char *code);
/* Reads an Akoma Ntoso document into m (see import.c); info NULL for the
 * source, else filled for a translation. */
int ex_import_akn(ex_memsrc *m, const char *data, size_t len, const acc_person *chair,
		  ex_akn_info *info);
/* Frees what info holds (not info itself). */
void ex_akn_info_clear(ex_akn_info *info);
/* Puts the "translations" of a json export (current ones; stale ones are
 * noted) into m as translations/<lang>/<unit>. */
struct json_t;
int ex_import_json_translations(ex_memsrc *m, struct json_t *root);
/* Reads the Akoma Ntoso document path as a translation of the document
 * source, read into m: same clauses in the same places, another language. */
int ex_import_translation(ex_memsrc *m, const char *source, const char *path,
			  const acc_person *chair);
/* After the translations: the convention record names their languages
 * (Languages added to a record without it; refused when one is not in
 * it). */
int ex_import_languages(ex_memsrc *m, const char *source);

#endif
