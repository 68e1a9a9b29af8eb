/*
 * export site: what the files of the static site share (private to
 * src/export/site*.c).
 *
 * site.c         the pages' frame (head, header, navigation, footer), the
 *                front page, the clause pages and the entry point
 * site_record.c  the amendments, the ballots with their roll-calls, the
 *                adoption, the log and the audit page
 * site_write.c   the folder written whole, then swapped in
 */
#ifndef ACCORD_EXPORT_SITE_H
#define ACCORD_EXPORT_SITE_H

#include "accord/site.h"
#include "internal.h"

/* What every page of one site reads. */
typedef struct {
	acc_ctx *c;
	const acc_export_doc *d;
	const acc_state *st;	/* d->st */
	const char *record_rev; /* the commit the record (log, signatures) runs to */
	acc_oid_hex text_id;	/* acc_store_text_id of the revision */
	acc_site *out;		/* the files made so far */
	acc_strlist pages;	/* the pages' names, for the audit page */
} site_ctx;

/* A page being written: its writer and buffer. */
typedef struct {
	xw x;
	xmlBufferPtr buf;
	const char *name;
} site_page;

/* Adds a file named name holding len bytes of data to the site. */
int site_add(site_ctx *s, const char *name, const char *data, size_t len);
/* Starts page name: the doctype, head with its title, the skip link, the
 * header and the site's navigation (nav is the entry of the navigation
 * this page is, or NULL), then opens <main> (marked English when english
 * is 1: a page of the record, whose words are accord's). */
int site_page_open(site_page *p, site_ctx *s, const char *name, const char *title, const char *nav,
		   int english);
/* Marks an element whose words are accord's own (English) as such, left to
 * right, when the text is in another language. */
void site_english(xw *x, const acc_state *st);
/* Closes <main>, writes the footer and adds the page to the site. */
int site_page_close(site_page *p, site_ctx *s);
/* A definition list of fields, leaving out the one called skip (may be
 * NULL). */
void site_fields(xw *x, const field *f, size_t n, const char *skip);
/* The paragraphs of text as <p> elements. */
void site_paras(xw *x, const char *text);
/* <a href="href">text</a> */
void site_link(xw *x, const char *href, const char *text);
/* The legend of a word diff: how insertions and deletions are marked. */
void site_diff_legend(xw *x);

/* site_record.c: the amendment pages and amendments.html. */
int site_amendments(site_ctx *s);
/* adoption.html: the ballot on the whole text and the signatures. */
int site_adoption(site_ctx *s);
/* log.html and its following pages. */
int site_log(site_ctx *s);
/* audit.html and allowed_signers. */
int site_audit(site_ctx *s);

#endif
