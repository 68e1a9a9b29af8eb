/* ops: what the bracket actions share, and the check that no bracket is
 * open when the whole text goes to its final ballot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "brackets.h"

/* The folder of bracket b (malloc'd). */
char *acc_bracket_dir(const acc_bracket *b)
{
	return acc_sprintf("brackets/%s/%u", b->org, b->seq);
}

/* Looks up bracket id in st, or fails with one line. */
int acc_bracket_get(const acc_bracket **out, const acc_state *st, const char *id)
{
	if (!(*out = acc_state_bracket(st, id)))
		return acc_error_set(ACC_ENOTFOUND, "no bracket '%.60s'", id);
	return 0;
}

/* Refuses unless b can still be settled in st. */
int acc_bracket_check_pending(const acc_state *st, const acc_bracket *b)
{
	acc_bracket_status s = acc_bracket_status_of(st, b);

	if (acc_ratified(st))
		return REFUSE("the convention is already ratified");
	if (s == ACC_BRACKET_RESOLVED)
		return REFUSE("%s is resolved: option %u is in the text", b->id, b->resolved);
	if (s == ACC_BRACKET_LOST)
		return REFUSE("%s is lost: its words are no longer in clause %s", b->id, b->clause);
	if (st->ratification.state == ACC_BALLOT_OPEN)
		return REFUSE("the ratification ballot is open: the text is frozen");
	return 0;
}

/* Writes b's resolution and its clause with option k in place. */
int acc_bracket_put_resolution(acc_action *act, const acc_state *st, const acc_bracket *b,
			       unsigned k, const char *by)
{
	const acc_clause *cl = acc_state_clause(st, b->clause);
	char *dir = acc_bracket_dir(b), *path = NULL, *text = NULL, *cpath = NULL, num[16];
	acc_record *r = NULL, *cr = NULL;
	size_t start, end;
	int rc;

	if (!dir) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (!cl || acc_bracket_locate(&start, &end, st, b) < 0) {
		rc = REFUSE("%s is lost: its words are no longer in clause %s", b->id, b->clause);
		goto done;
	}
	snprintf(num, sizeof(num), "%u", k);
	if (!(path = acc_sprintf("%s/resolution", dir)) || !(cpath = acc_path_clause(cl->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Option", num)) < 0 ||
	    (rc = acc_record_add(r, "By", by)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	/* the option goes into the text exactly, as an adoption writes it */
	if ((rc = acc_bracket_apply(&text, cl->text, start, end, b->options[k - 1])) < 0 ||
	    (rc = acc_record_new(&cr)) < 0 ||
	    (rc = acc_record_add(cr, "Heading", cl->heading)) < 0 ||
	    (rc = acc_record_set_body(cr, text, strlen(text))) < 0)
		goto done;
	rc = acc_action_put_record(act, cpath, cr);
done:
	acc_record_free(r);
	acc_record_free(cr);
	free(dir);
	free(path);
	free(cpath);
	free(text);
	return rc;
}

/* Refuses the whole-text ballot while brackets are open, listing them. */
int acc_brackets_check_whole_text(const acc_state *st)
{
	acc_buf ids = ACC_BUF_INIT;
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < st->nbrackets && rc == 0; i++)
		if (acc_bracket_pending(st, &st->brackets[i]) && n++ < 20)
			rc = acc_buf_printf(&ids, "%s%s (%s)", n > 1 ? ", " : "",
					    st->brackets[i].id, st->brackets[i].clause);
	if (rc == 0 && n)
		rc = REFUSE("the whole text cannot be put to the vote while %zu bracket%s %s "
			    "open: %s%s",
			    n, n == 1 ? "" : "s", n == 1 ? "is" : "are", ids.ptr,
			    n > 20 ? ", ..." : "");
	acc_buf_free(&ids);
	return rc;
}
