/*
 * export doc: the document every format renders: the format names, the
 * loader that picks the revisions, the entry point that hands the document
 * to its renderer, and small facts about the revision.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accord/verify.h"

#include "accord/bracket_query.h"
#include "accord/structure.h"
#include "internal.h"

/* The formats in acc_export_format order: name and renderer. */
static const struct {
	const char *name;
	int (*render)(acc_buf *out, const acc_export_doc *d);
} formats[] = {
    {"md", ex_render_md},   {"txt", ex_render_txt},   {"html", ex_render_html},
    {"akn", ex_render_akn}, {"json", ex_render_json}, {"csv", ex_render_csv},
    {"pdf", ex_render_pdf},
};

#define NFORMATS (sizeof(formats) / sizeof(*formats))

/* The name of format f, or "?". */
const char *acc_export_format_name(acc_export_format f)
{
	return (unsigned)f < NFORMATS ? formats[f].name : "?";
}

/* Sets *out to the format called name. */
int acc_export_format_parse(acc_export_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(name, formats[i].name) == 0) {
			*out = (acc_export_format)i;
			return 0;
		}
	return acc_error_set(ACC_EUSAGE,
			     "unknown export format '%.40s' (md, txt, html, akn, json, csv or pdf)",
			     name);
}

/* Formats t (UTC) into buf: DATE_ISO "2023-11-14T22:45:00Z", DATE_DAY
 * "2023-11-14" or DATE_HUMAN "2023-11-14 22:45 UTC". */
void ex_date_fmt(char *buf, size_t size, long long t, int how)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	if (how == DATE_ISO)
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else if (how == DATE_DAY)
		strftime(buf, size, "%Y-%m-%d", &tm);
	else
		strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
}

/* 1 when the ratification ballot of st closed adopted. */
int ex_is_ratified(const acc_state *st)
{
	return st->ratification.state == ACC_BALLOT_CLOSED &&
	       st->ratification.result == ACC_RESULT_ADOPTED;
}

/* The word naming a clause: Article, Annex, or the convention's name for
 * its level (else Part/Chapter/Section/Subsection). */
const char *ex_clause_word(const acc_clause *cl)
{
	return cl->word[0] ? cl->word : acc_form_word(NULL, cl);
}

/* "Article 6", "Part I" (malloc'd). */
char *ex_clause_label(const acc_clause *cl)
{
	return acc_sprintf("%s %s", ex_clause_word(cl), cl->number);
}

/* A language tag fit for lang="" (letters, digits and '-'), else "und". */
const char *ex_lang_tag(const acc_state *st)
{
	const char *l = st->conv.language;
	size_t i;

	if (!l || !l[0] || strlen(l) > 35)
		return "und";
	for (i = 0; l[i]; i++)
		if (!((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= 'A' && l[i] <= 'Z') ||
		      (l[i] >= '0' && l[i] <= '9') || (l[i] == '-' && i > 0)))
			return "und";
	return l;
}

/* The state the signatures are read from. */
const acc_state *ex_sig_state(const acc_export_doc *d)
{
	return d->sig_st ? d->sig_st : d->st;
}

/* The number of adopted amendments. */
size_t ex_adopted_count(const acc_state *st)
{
	size_t i, n = 0;

	for (i = 0; i < st->namendments; i++)
		n += st->amendments[i].status == ACC_ST_ADOPTED;
	return n;
}

/* Fills r with commit and its time. */
static int load_rev(acc_export_rev *r, acc_ctx *c, const char *commit)
{
	acc_commit_info ci;
	int rc;

	memset(&ci, 0, sizeof(ci));
	if ((rc = acc_store_commit_info(&ci, acc_ctx_store(c), commit)) < 0)
		return rc;
	memcpy(r->commit, commit, sizeof(r->commit));
	r->time = ci.time;
	acc_commit_info_clear(&ci);
	return 0;
}

/* Refuses a revision that names a ratified-* tag that does not verify. */
static int check_named_tag(acc_ctx *c, const char *at)
{
	acc_strlist skipped = ACC_STRLIST_INIT;
	char *name = NULL;
	acc_oid_hex target;
	const char *tag = at;
	size_t i, n;
	int rc = 0;

	if (strncmp(tag, "refs/", 5) == 0)
		tag += 5;
	if (strncmp(tag, "tags/", 5) == 0)
		tag += 5;
	if (strncmp(tag, "ratified-", 9) != 0)
		return 0;
	n = strlen(tag);
	if (acc_store_head(acc_ctx_store(c), target) < 0 ||
	    (rc = acc_verify_tag_pick(&name, target, &skipped, c, "ratified-", target)) ==
		ACC_ENOTFOUND)
		rc = 0;
	acc_error_clear();
	for (i = 0; i < skipped.count && rc == 0; i++)
		if (strncmp(skipped.items[i], tag, n) == 0 && skipped.items[i][n] == ':')
			rc = acc_error_set(ACC_EVERIFY, "tag %s does not verify:%s", tag,
					   skipped.items[i] + n + 1);
	free(name);
	acc_strlist_free(&skipped);
	return rc;
}

/* Reads the convention record and the organisations' records at d->rev. */
static int load_records(acc_export_doc *d, acc_ctx *c)
{
	acc_source *src = NULL;
	acc_strlist orgs = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = acc_store_source(&src, acc_ctx_store(c), d->rev.commit)) < 0)
		return rc;
	if ((rc = src->list(src, "orgs", &orgs)) < 0)
		goto done;
	for (i = 0; i <= orgs.count && rc == 0; i++) {
		char *path =
		    i ? acc_sprintf("orgs/%s", orgs.items[i - 1]) : acc_strdup("convention");
		char *data = NULL;
		size_t len = 0;

		if (!path) {
			rc = ACC_ENOMEM;
			break;
		}
		if ((rc = src->read(src, path, &data, &len, NULL)) == 0 &&
		    (rc = acc_strlist_add(&d->record_paths, path)) == 0)
			rc = acc_strlist_addn(&d->record_data, data, len);
		free(data);
		free(path);
	}
done:
	acc_strlist_free(&orgs);
	acc_source_free(src);
	return rc;
}

/* Loads the state at commit: whole (summary 0), the adopted amendments
 * alone (1: acc_store_load_summary) or those with a ballot held (2:
 * acc_store_load_ballots). */
static int load_state(acc_state **out, acc_ctx *c, const char *commit, int summary)
{
	return summary == 1   ? acc_store_load_summary(out, acc_ctx_store(c), commit)
	       : summary == 2 ? acc_store_load_ballots(out, acc_ctx_store(c), commit)
			      : acc_store_load_state(out, acc_ctx_store(c), commit);
}

/* Loads the revisions an export names, the states whole or (summary) as
 * the exports of the text read them. */
static int load_doc(acc_export_doc **out, acc_ctx *c, const char *at, const char *since,
		    int summary)
{
	acc_export_doc *d = acc_calloc(1, sizeof(*d));
	acc_oid_hex head, target;
	char *tag = NULL;
	int rc;

	*out = NULL;
	if (!d)
		return ACC_ENOMEM;
	if (at) {
		if ((rc = check_named_tag(c, at)) < 0 ||
		    (rc = acc_store_resolve(acc_ctx_store(c), d->rev.commit, at)) < 0 ||
		    (rc = load_state(&d->own[0], c, d->rev.commit, summary)) < 0)
			goto fail;
	} else {
		if ((rc = acc_store_head(acc_ctx_store(c), head)) < 0)
			goto fail;
		rc = acc_verify_tag_pick(&tag, target, &d->skipped_tags, c, "ratified-", head);
		if (rc == ACC_ENOTFOUND) {
			acc_error_clear();
			memcpy(target, head, sizeof(target));
		} else if (rc < 0) {
			goto fail;
		}
		if ((rc = load_state(&d->own[0], c, target, summary)) < 0)
			goto fail;
		memcpy(d->rev.commit, target, sizeof(target));
		if (strcmp(target, head) != 0) {
			/* signatures come after the ratification: read them at the tip */
			if ((rc = load_state(&d->own[1], c, head, summary)) < 0 ||
			    (rc = load_rev(&d->sig_rev, c, head)) < 0)
				goto fail;
			d->sig_st = d->own[1];
		}
	}
	d->st = d->own[0];
	d->summary = summary;
	if ((rc = acc_brackets_inline_state(d->own[0])) < 0 || /* a draft's brackets, inline */
	    (rc = load_rev(&d->rev, c, d->rev.commit)) < 0 || (rc = load_records(d, c)) < 0)
		goto fail;
	if (ex_is_ratified(d->st) && tag) {
		/* the default revision is the verified tag's commit */
		d->tag = tag;
		tag = NULL;
		if ((rc = load_rev(&d->tag_rev, c, target)) < 0)
			goto fail;
	} else if (ex_is_ratified(d->st)) {
		rc = acc_verify_tag_pick(&d->tag, target, at ? &d->skipped_tags : NULL, c,
					 "ratified-", d->rev.commit);
		if (rc == ACC_ENOTFOUND)
			acc_error_clear();
		else if (rc < 0 || (rc = load_rev(&d->tag_rev, c, target)) < 0)
			goto fail;
	}
	if (since) {
		if ((rc = acc_ops_state(&d->own[2], d->since_rev.commit, c, since)) < 0 ||
		    (rc = load_rev(&d->since_rev, c, d->since_rev.commit)) < 0)
			goto fail;
		d->since = d->own[2];
	}
	free(tag);
	*out = d;
	return 0;
fail:
	free(tag);
	acc_export_doc_free(d);
	return rc;
}

/* Loads the revisions an export names (see accord/export.h). */
int acc_export_load(acc_export_doc **out, acc_ctx *c, const char *at, const char *since)
{
	return load_doc(out, c, at, since, 0);
}

/* Loads what format f shows: md, txt, html and pdf show the adopted
 * amendments without their ballots' roll-calls, akn and csv the ballots
 * held (see accord/export.h). */
int acc_export_load_format(acc_export_doc **out, acc_ctx *c, const char *at, const char *since,
			   acc_export_format f)
{
	int summary = 0;

	if (f == ACC_EXPORT_MD || f == ACC_EXPORT_TXT || f == ACC_EXPORT_HTML ||
	    f == ACC_EXPORT_PDF)
		summary = 1;
	else if (f == ACC_EXPORT_AKN || f == ACC_EXPORT_CSV)
		summary = 2;
	return load_doc(out, c, at, since, summary);
}

/* Frees a document and the states it owns. */
void acc_export_doc_free(acc_export_doc *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < sizeof(d->own) / sizeof(*d->own); i++)
		acc_state_free(d->own[i]);
	acc_strlist_free(&d->skipped_tags);
	acc_strlist_free(&d->record_paths);
	acc_strlist_free(&d->record_data);
	free(d->tag);
	free(d);
}

/* Appends the document in format f to out, leaving out as it was on failure. */
int acc_export_render(acc_buf *out, const acc_export_doc *d, acc_export_format f)
{
	size_t before = out->size;
	int rc;

	if (d->since && f != ACC_EXPORT_HTML)
		return acc_error_set(ACC_EUSAGE, "a change view is only available in html, not %s",
				     acc_export_format_name(f));
	if ((unsigned)f >= NFORMATS)
		return acc_error_set(ACC_EUSAGE, "unknown export format");
	if ((d->summary == 1 &&
	     (f == ACC_EXPORT_AKN || f == ACC_EXPORT_JSON || f == ACC_EXPORT_CSV)) ||
	    (d->summary == 2 && f == ACC_EXPORT_JSON))
		return acc_error_set(
		    ACC_EUSAGE, "a document loaded for %s cannot be rendered as %s",
		    d->summary == 1 ? "the text" : "the ballots", acc_export_format_name(f));
	/* an Akoma Ntoso document is one expression, in one language */
	if (d->all_langs && f != ACC_EXPORT_MD && f != ACC_EXPORT_TXT && f != ACC_EXPORT_HTML)
		return acc_error_set(ACC_EUSAGE,
				     "--lang all makes a multilingual edition in md, txt or html; "
				     "%s holds one language: export each with --lang LANG",
				     acc_export_format_name(f));
	rc = formats[f].render(out, d);
	if (rc < 0 && out->ptr) {
		/* leave out as it was */
		out->size = before;
		out->ptr[before] = '\0';
	}
	return rc;
}
