/*
 * export: the convention as a document.  Renders one revision as Markdown,
 * plain text, HTML, Akoma Ntoso 3.0 XML, JSON or CSV into a buffer; the
 * caller writes the buffer where it wants (nothing here prints).
 *
 * What every format carries: the title, the preamble, the clauses in order
 * with their display numbers and headings, the revision (commit id and
 * date) and whether the text is ratified, and the adoption record: each
 * adopted amendment with its sponsor, co-sponsors and recorded tally, the
 * ratification ballot with its full roll-call, and the signatories with
 * the date each signed.  (csv is the exception: it is the roll-call of
 * every ballot, one vote per row.)
 *
 * Determinism: a document is a pure function of the revisions it names.
 * No current time, host or version appears in the output; dates are
 * commit dates in UTC.  The same revision exports the same bytes.
 *
 * Exactness: every string from the repository is written exactly as stored
 * (every character the record accepts: include/accord/textcheck.h) and
 * escaped only for its format: md escapes what would create structure,
 * links or line breaks; html and akn are written through libxml2's
 * xmlTextWriter; csv quotes every field (RFC 4180) and defuses spreadsheet
 * formulas; json is jansson's.  Text the record may not hold (only in a
 * history written by other means, which verify reports) becomes U+FFFD
 * (acc_text_exact), or a \u escape in json.  acc_sanitize is for terminals
 * and is never used here.
 */
#ifndef ACCORD_EXPORT_H
#define ACCORD_EXPORT_H

#include <stddef.h>

#include "accord/model.h"
#include "accord/ops.h"
#include "accord/util.h"

typedef enum {
	ACC_EXPORT_MD = 0,
	ACC_EXPORT_TXT,
	ACC_EXPORT_HTML,
	ACC_EXPORT_AKN,
	ACC_EXPORT_JSON,
	ACC_EXPORT_CSV,
	ACC_EXPORT_PDF,
} acc_export_format;

/* The paper of a pdf export. */
typedef enum {
	ACC_PAPER_A4 = 0,
	ACC_PAPER_LETTER,
} acc_export_paper;

/* "md" "txt" "html" "akn" "json" "csv" "pdf". */
const char *acc_export_format_name(acc_export_format f);
/* 0, or ACC_EUSAGE "unknown export format '<name>' (...)". */
int acc_export_format_parse(acc_export_format *out, const char *name);

/* A revision as the document names it. */
typedef struct {
	acc_oid_hex commit;
	long long time; /* commit time, seconds since the epoch */
} acc_export_rev;

/*
 * What a renderer reads.  The states are borrowed by the renderers; a
 * document made by acc_export_load owns them (acc_export_doc_free).  A
 * caller may also fill one by hand (the unit tests do), leaving the
 * optional parts zero.
 */
typedef struct {
	const acc_state *st; /* the convention at the revision */
	acc_export_rev rev;
	/* the ratification tag at or before rev when st is ratified, or NULL */
	char *tag;
	acc_export_rev tag_rev;
	/* where the signatures are read: st itself (sig_st NULL), or a later
	 * revision (the tip, when the default picked the ratification tag and
	 * organisations signed after it) */
	const acc_state *sig_st;
	acc_export_rev sig_rev;
	/* html only: the state to show changes against (--changes-since), or
	 * NULL */
	const acc_state *since;
	acc_export_rev since_rev;
	/* owned by acc_export_load */
	acc_state *own[3];
	/* the language of the edition when acc_export_set_lang made it one
	 * (NULL: the negotiation language) */
	const char *lang;
	/* a multilingual edition (--lang all): each text in the source
	 * language, then in each other language (md, txt, html) */
	int all_langs;
	/* ratified-* tags that do not verify and were not used, as "name:
	 * rule" (see accord/verify.h), for the face to warn about */
	acc_strlist skipped_tags;
	/* pdf only: the paper (acc_export_paper_parse) */
	acc_export_paper paper;
	/* the records that are not text, as written at rev: "convention" and
	 * each "orgs/<id>" (record_paths[i] holds record_data[i]), which the
	 * json and akn exports carry so that `accord init --from` rebuilds
	 * the convention (empty in a document filled by hand) */
	acc_strlist record_paths, record_data;
	/* loaded by acc_export_load_format: 1 for md, txt, html or pdf (the
	 * adopted amendments alone, without their roll-calls:
	 * acc_state_load_summary), which akn, json and csv refuse; 2 for akn
	 * or csv (the amendments with a ballot held: acc_state_load_ballots),
	 * which json refuses */
	int summary;
} acc_export_doc;

/* 0, or ACC_EUSAGE "unknown paper size '<name>' (a4 or letter)"
 * (src/export/pdf.c). */
int acc_export_paper_parse(acc_export_paper *out, const char *name);

/*
 * Loads what an export needs.  at NULL picks the default revision: the
 * latest ratification tag (ratified-N) that verifies (acc_verify_tag_pick:
 * a tag that does not is skipped, named in skipped_tags) and is an
 * ancestor of the tip,
 * with the signatures recorded up to the tip; else the tip (the current
 * text).  at given: that revision alone (ACC_EINVAL when at names a
 * ratified-* tag that does not verify).  since (may be NULL) is the
 * revision to show changes against.
 */
int acc_export_load(acc_export_doc **out, acc_ctx *c, const char *at, const char *since);
/* The same, loading only what format f shows: md, txt, html and pdf read
 * the states with acc_store_load_summary (the adopted amendments, no
 * roll-call of theirs), akn and csv with acc_store_load_ballots (the
 * amendments put to a vote): the same output at a fraction of the cost
 * at scale. */
int acc_export_load_format(acc_export_doc **out, acc_ctx *c, const char *at, const char *since,
			   acc_export_format f);
void acc_export_doc_free(acc_export_doc *d);

/* Reads a JSON or Akoma Ntoso export at path (told apart by its first
 * character) back into the files of a convention (src/export/import.c):
 * a source that acc_ops_init_source creates a convention from.  The text
 * comes from the document's structure, the convention's header and the
 * organisations from the records the export carries; a canonical text
 * comes back byte for byte.  Free with acc_source_free. */
int acc_import_source(acc_source **out, const char *path);
/* The same, reading also a foreign Akoma Ntoso document (one without
 * accord's records): its title (<docTitle>, else the work's FRBRname), its
 * language (FRBRlanguage), the preamble (recitals, formula), the body's
 * articles (paragraphs and points nested) and containers (the element
 * names become the convention's Levels; ids from the eIds), the
 * attachments as annexes; the registry is one organisation, secretariat,
 * the chair, whose delegate is chair.  Anything else in the body or an
 * annex is refused with a one-line error naming it. */
int acc_import_source_for(acc_source **out, const char *path, const acc_person *chair);
/* The same for several documents: the first is the source (json or Akoma
 * Ntoso), each further one an Akoma Ntoso translation of it, one language
 * expression (accord export --format akn --lang L, or a foreign document
 * whose body has the same clauses, eIds and places as the source's); a
 * json export carries its translations itself.  Each translation becomes
 * translations/<lang>/<unit> (the title, the preamble, each clause), which
 * init stamps as translating the imported text, by the chair; one stale
 * in the document is left out and noted (acc_import_notes).  A document
 * whose clauses differ from the source's is refused in one line naming
 * it and the element. */
int acc_import_sources(acc_source **out, const char *const *paths, size_t n,
		       const acc_person *chair);
/* What the user should be told of an imported source (one line each:
 * translations left out), or NULL for another source. */
const acc_strlist *acc_import_notes(const acc_source *src);

/* Appends the document in format f to out.  ACC_EUSAGE when a change view
 * (since) is asked of a format other than html. */
int acc_export_render(acc_buf *out, const acc_export_doc *d, acc_export_format f);

/* Makes d an edition in lang (src/export/lang.c): each clause's current
 * translation replaces its text and heading; a clause not yet established
 * in lang, or whose translation is stale, keeps the source text with its
 * heading saying so; the convention's language becomes lang (HTML lang and
 * dir, Akoma Ntoso FRBRlanguage and xml:lang). */
int acc_export_set_lang(acc_export_doc *d, const char *lang);
/* lang "all" makes d a multilingual edition instead (all_langs). */

/* ---- pieces, exposed for tests ---------------------------------------- */

/*
 * Wraps one line of text (no "\n" in it) to width display columns: words
 * (runs separated by spaces or tabs) fill lines greedily; the first line
 * starts with indent spaces, the following with hang spaces, both after
 * the line's own leading blanks (a tab to the next multiple of 8), so
 * nested items keep their indentation; runs of blanks collapse to one
 * space.  Inside a run a line may also break at a word boundary (ICU)
 * beside a CJK character or emoji, or in Thai, Lao, Myanmar or Khmer; a
 * word wider than a line is never cut: it stands alone on its line.  Wide
 * characters count two columns, marks, joiners and what a ZWJ joins none.
 * Every output line ends with "\n".  The text is written exactly
 * (acc_text_exact).
 */
int acc_export_wrap(acc_buf *out, const char *s, size_t len, size_t width, size_t indent,
		    size_t hang);

/* Display columns of exact text as acc_export_wrap counts them (wide 2;
 * marks, joiners, format characters and what a ZWJ joins 0). */
size_t acc_export_text_width(const char *s, size_t len);

/*
 * Appends s (len bytes, may hold "\n") as Markdown text that renders as
 * itself (CommonMark and GitHub Flavored Markdown, autolinks included):
 * exact (acc_text_exact); each line's leading and trailing blanks dropped
 * (indented code, hard breaks); at a line start, "-", "+", "=" and an
 * ordered-list marker ("12." "3)") escaped; anywhere, the characters
 * \ ` * _ [ ] < > | ~ & # escaped with a backslash, as are the ":" of "://"
 * and the "." of a "www." starting a word; "@" between the parts of an
 * e-mail address is followed by an empty HTML comment (GFM links an
 * address whatever is escaped in it).
 */
int acc_export_md_escape(acc_buf *out, const char *s, size_t len);

/* Appends s as one RFC 4180 field: exact, always in double quotes
 * (inner quotes doubled); a value starting with = + - @ gets a leading
 * apostrophe so that no spreadsheet evaluates it. */
int acc_export_csv_field(acc_buf *out, const char *s, size_t len);

/* The Akoma Ntoso element of a clause: "article", or for a container at
 * depth 0, 1, 2, 3+: "part", "chapter", "section", "subsection". */
const char *acc_export_akn_element(const acc_clause *cl);

/* Appends the eId of a clause: the element's prefix ("art", "part", "chp",
 * "sec", "subsec"), "_", then the clause id unchanged (ids are
 * [a-z0-9-], which eIds allow).  Stable as long as the id is. */
int acc_export_eid(acc_buf *out, const acc_clause *cl);

/* Appends the voting list v (n items, from acc_ops_voting_list over st)
 * in format f: ACC_EXPORT_MD (a table) or ACC_EXPORT_HTML (a page);
 * ACC_EUSAGE for any other format (src/export/voting_list.c). */
int acc_export_voting_list(acc_buf *out, const acc_state *st, const acc_vote_item *v, size_t n,
			   acc_export_format f);

#endif
