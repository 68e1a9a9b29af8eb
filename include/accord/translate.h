/*
 * translate: translations as actions (src/ops/act_translate.c) and the
 * language check of the adoption ballot (src/ops/adoption_langs.c).
 */
#ifndef ACCORD_TRANSLATE_H
#define ACCORD_TRANSLATE_H

#include "accord/model.h"
#include "accord/ops.h"

/* What `accord translate` records. */
typedef struct {
	const char *clause, *lang;
	const char *heading; /* NULL: keep the heading of the translation it replaces */
	const char *text;    /* the clause's text in lang */
	size_t len;
	/* the blob of clauses/<clause> translated (NULL: the current one);
	 * refused when it is not the current one */
	const char *base;
} acc_translate_args;

/* Records clause's text in lang and the exact source blob it translates,
 * writing translations/<lang>/<clause>.  Only the organisations the
 * convention record names as Translators (by default the chair) may. */
int acc_ops_translate(acc_oid_hex commit, acc_ctx *c, const acc_translate_args *a);
/* Whether the actor may enter a translation of clause into lang now. */
int acc_ops_may_translate(acc_ctx *c, const acc_state *st, const char *clause, const char *lang);

/* The languages' part of the adoption ballot: ACC_EREFUSED listing every
 * clause and authentic language whose translation is stale; 0 otherwise
 * (missing translations do not block). */
int acc_adoption_check_languages(const acc_state *st);
/* Appends "Accord-Not-Established: <lang> <clause> ..." lines to msg, one
 * per authentic language with missing translations. */
int acc_adoption_missing_trailers(acc_buf *msg, const acc_state *st);

#endif
