/* adoption_langs: the languages' part of the whole-text (adoption) ballot:
 * no authentic translation may be stale; missing ones are reported. */
#include "accord/translate.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

int acc_adoption_check_languages(const acc_state *st)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i, j, n = 0;
	int rc;

	/* the title, the preamble, then the clauses */
	for (i = 0; i < st->nclauses + 2; i++)
		for (j = 0; j < st->conv.authentic.count; j++) {
			const char *l = st->conv.authentic.items[j];
			const char *id = i == 0	  ? "title"
					 : i == 1 ? "preamble"
						  : st->clauses[i - 2].id;

			if (strcmp(l, st->conv.language) == 0 ||
			    acc_translation_status(st, l, id) != ACC_TR_STALE)
				continue;
			acc_buf_printf(&b, "%s%s (%s)", n++ ? ", " : "", id, l);
		}
	if (!n)
		return 0;
	rc = REFUSE("the authentic texts are not in step: %zu translation%s stale: %s; update "
		    "them with accord translate (accord translations --stale)",
		    n, n == 1 ? " is" : "s are", b.ptr ? b.ptr : "");
	acc_buf_free(&b);
	return rc;
}

int acc_adoption_missing_trailers(acc_buf *msg, const acc_state *st)
{
	size_t i, j, missing, total;
	int rc = 0;

	for (j = 0; j < st->conv.authentic.count && rc == 0; j++) {
		const char *l = st->conv.authentic.items[j];

		if (strcmp(l, st->conv.language) == 0)
			continue;
		for (i = 0, missing = 0, total = 0; i < st->nclauses; i++, total++)
			if (acc_translation_status(st, l, st->clauses[i].id) == ACC_TR_MISSING)
				missing++;
		if (missing)
			rc = acc_buf_printf(msg, "Accord-Not-Established: %s %zu of %zu clauses\n",
					    l, missing, total);
	}
	return rc;
}
