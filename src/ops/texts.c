/*
 * texts: the texts an amendment is about: the one it was drafted against,
 * the two its word diff compares, and the one it would have once rebased.
 */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "accord/merge3.h"
#include "accord/record.h"

int acc_ops_base_text(char **out, acc_store *s, const acc_amendment *a)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = acc_store_read_blob(&data, &len, s, a->base)) < 0)
		return acc_error_prefix(rc, "cannot read the text %s was drafted against", a->id);
	rc = acc_record_body_of(out, data, len, a->base);
	free(data);
	return rc;
}

const char *acc_against_name(acc_against k)
{
	switch (k) {
	case ACC_AGAINST_CLAUSE:
		return "clause";
	case ACC_AGAINST_PARENT:
		return "parent";
	case ACC_AGAINST_EMPTY:
		return "empty";
	default:
		return "base";
	}
}

/* 1 when a's target (its clause, or the amendment it amends) is still
 * the text a was drafted against.  Not so for a stale amendment, nor for
 * one put to the vote while another adoption changed its clause. */
static int up_to_date(const acc_state *st, const acc_amendment *a)
{
	const acc_amendment *p = a->amends ? acc_state_amendment(st, a->amends) : NULL;
	const acc_clause *cl = a->amends ? NULL : acc_state_clause(st, a->clause);
	const char *blob = p ? p->blob : cl ? cl->blob : "";

	return strcmp(blob, a->base) == 0;
}

int acc_ops_amendment_texts(char **old_text, char **new_text, acc_against *against, acc_store *s,
			    const acc_state *st, const acc_amendment *a)
{
	int rc = 0;

	*old_text = *new_text = NULL;
	if (a->op == ACC_OP_INSERT_AFTER) {
		*against = ACC_AGAINST_EMPTY;
		*old_text = acc_strdup("");
	} else if ((a->status == ACC_ST_TABLED || a->status == ACC_ST_VOTING) &&
		   up_to_date(st, a)) {
		*against = a->amends ? ACC_AGAINST_PARENT : ACC_AGAINST_CLAUSE;
		*old_text = acc_strdup(acc_ops_target_text(st, a));
	} else {
		*against = ACC_AGAINST_BASE;
		if ((rc = acc_ops_base_text(old_text, s, a)) < 0)
			return rc;
	}
	if (*old_text)
		*new_text = acc_strdup(a->op == ACC_OP_DELETE ? "" : a->text);
	if (!*old_text || !*new_text) {
		free(*old_text);
		free(*new_text);
		*old_text = *new_text = NULL;
		return ACC_ENOMEM;
	}
	return 0;
}

int acc_ops_rebased_text(char **out, int *conflict, acc_store *s, const acc_state *st,
			 const acc_amendment *a)
{
	char *base = NULL;
	int rc;

	*out = NULL;
	*conflict = 0;
	if (a->op == ACC_OP_DELETE)
		return (*out = acc_strdup("")) ? 0 : ACC_ENOMEM;
	if (a->op == ACC_OP_INSERT_AFTER)
		return (*out = acc_strdup(a->text)) ? 0 : ACC_ENOMEM;
	if ((rc = acc_ops_base_text(&base, s, a)) < 0)
		return rc;
	rc = acc_merge3_words(out, conflict, base, acc_ops_target_text(st, a), a->text);
	free(base);
	return rc;
}
