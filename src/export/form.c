/*
 * export form: what every format shares about the structure of the text
 * (accord/structure.h): the final block, annex subtrees, heading levels.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/structure.h"
#include "internal.h"

/* Appends "the Arabic, Chinese and English languages" for the authentic
 * languages of st (else its languages, else its language). */
static int languages_phrase(acc_buf *b, const acc_state *st)
{
	const acc_strlist *l = st->conv.authentic.count ? &st->conv.authentic : &st->conv.languages;
	size_t i, n = l->count;
	int rc = acc_buf_puts(b, "the ");

	if (!n)
		return rc < 0
			   ? rc
			   : acc_buf_printf(b, "%s language", acc_language_name(st->conv.language));
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_buf_printf(b, "%s%s",
				    i == 0	 ? ""
				    : i + 1 == n ? " and "
						 : ", ",
				    acc_language_name(l->items[i]));
	return rc < 0 ? rc : acc_buf_puts(b, n == 1 ? " language" : " languages");
}

/* Fills f for d; f->done is NULL when the convention has no final block. */
int ex_final_get(ex_final *f, const acc_export_doc *d)
{
	const acc_state *st = d->st, *ss = ex_sig_state(d);
	const acc_text_form *form = &st->conv.form;
	acc_buf b = ACC_BUF_INIT;
	size_t i;
	int rc;

	memset(f, 0, sizeof(*f));
	if (!form->done_at)
		return 0;
	f->testimonium = form->testimonium;
	rc = acc_buf_printf(&b, "Done at %s", form->done_at);
	if (rc == 0 && ex_is_ratified(st) && st->treaty.adopted)
		rc = acc_buf_printf(&b, " on %.10s", st->treaty.adopted); /* the day */
	if (rc == 0)
		rc = acc_buf_puts(&b, ", in a single original, in ");
	if (rc == 0)
		rc = languages_phrase(&b, st);
	if (rc == 0)
		rc = acc_buf_puts(&b, st->conv.authentic.count > 1
					  ? ", each text being equally authentic."
					  : ".");
	if (rc < 0 || !(f->done = acc_buf_detach(&b)))
		goto fail;
	if (ss->nsignatures && (!(f->sigs = acc_calloc(ss->nsignatures, sizeof(char *))) ||
				!(f->sig = acc_calloc(ss->nsignatures, sizeof(*f->sig)))))
		goto fail;
	for (i = 0; i < ss->nsignatures; i++) {
		const acc_signature *s = &ss->signatures[i];
		char *by = ex_delegate_text(ss, s->org, s->delegate);

		f->sig[i] = s;
		f->sigs[i] =
		    by ? acc_sprintf("For %s: %s, %s", ex_org_name(ss, s->org), by, s->date) : NULL;
		free(by);
		f->nsigs++;
		if (!f->sigs[i])
			goto fail;
	}
	return 0;
fail:
	acc_buf_free(&b);
	ex_final_clear(f);
	return ACC_ENOMEM;
}

/* Frees what ex_final_get filled. */
void ex_final_clear(ex_final *f)
{
	size_t i;

	for (i = 0; i < f->nsigs; i++)
		free(f->sigs[i]);
	free(f->sigs);
	free(f->sig);
	free(f->done);
	memset(f, 0, sizeof(*f));
}

/* The index after clause i's subtree. */
size_t ex_subtree_end(const acc_state *st, size_t i)
{
	size_t j = i + 1;

	while (j < st->nclauses && st->clauses[j].depth > st->clauses[i].depth)
		j++;
	return j;
}

/* 1 when st has an annex clause. */
int ex_has_annex(const acc_state *st)
{
	size_t i;

	for (i = 0; i < st->nclauses; i++)
		if (st->clauses[i].annex)
			return 1;
	return 0;
}

/* The heading level of a clause: 2 + depth. */
int ex_heading_level(const acc_clause *cl)
{
	return 2 + cl->depth;
}
