/*
 * site: the convention as a public static site (src/export/site*.c).
 *
 * A folder of plain HTML pages and one stylesheet, readable without any
 * script from a file:// folder or any static host:
 *
 *   index.html            the title, the status, the preamble, the contents
 *   clause-<id>.html      one page per clause (a part lists its clauses)
 *   amendments.html       every amendment, its status and its ballot
 *   amendment-<id>.html   one amendment: its record, its word diff, its
 *                         ballot with the roll-call and explanations of vote
 *   adoption.html         the ballot on the whole text, the signatures
 *   log.html, log-N.html  the commits, newest first (1,000 a page)
 *   audit.html            what a reader needs to check it all
 *   allowed_signers       the registry's keys, as git reads them
 *   style.css             the stylesheet
 *   accord-site.txt       the mark of an accord site: revision and files
 *
 * Determinism: like every export, the same revisions give the same bytes
 * (no clock, host or version in the pages), so a reader can rebuild the
 * site from a clone and compare.
 */
#ifndef ACCORD_SITE_H
#define ACCORD_SITE_H

#include "accord/export.h"

/* One file of a site: its name in the folder and its bytes. */
typedef struct {
	char *name;
	acc_buf data;
} acc_site_file;

/* The files of a site, in the order they are written. */
typedef struct {
	acc_site_file *files;
	size_t count, cap;
} acc_site;

#define ACC_SITE_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* The name of the file that marks a folder as an accord site. */
#define ACC_SITE_MARK "accord-site.txt"

/* Renders the site of d into *out (c reads the history and the texts
 * amendments were drafted against).  On failure *out holds nothing. */
int acc_export_site(acc_site *out, acc_ctx *c, const acc_export_doc *d);

/*
 * Writes site into the folder dir: built whole in a hidden folder beside
 * it (".<name>.accord-tmp-<pid>"), each file synced, then exchanged with
 * dir in one rename (RENAME_EXCHANGE; a plain rename when dir does not
 * exist), and the old contents removed.  A killed export leaves dir as it
 * was (or, between the exchange and the removal, the old site in the
 * hidden folder, removed by the next export).  ACC_EREFUSED with one line
 * when dir exists and is not a folder, or is a non-empty folder without
 * ACC_SITE_MARK saying it is an accord site.
 */
int acc_export_site_write(const char *dir, const acc_site *site);

void acc_site_free(acc_site *s);

/* Appends the registry's keys of st as a git allowed_signers file (one
 * "email namespaces="git" type base64" line per delegate with a key),
 * after a comment line naming rev. */
int acc_export_allowed_signers(acc_buf *out, const acc_state *st, const char *rev);

#endif
