/* export: a draft's open brackets shown inline in every format. */
#include <stdlib.h>
#include <string.h>

#include "accord/bracket_query.h"
#include "internal.h"

int ex_brackets_inline(acc_state *st)
{
	size_t i, n;
	int rc = 0;

	if (!st->nbrackets || !acc_brackets_open_count(st))
		return 0;
	for (i = 0; i < st->nclauses && rc == 0; i++) {
		acc_bracket_at *at = NULL;
		char *text = NULL;

		/* the brackets of a clause depend on its text alone: each clause
		 * is rendered before its own text is replaced */
		if ((rc = acc_brackets_in_clause(&at, &n, st, &st->clauses[i])) < 0)
			break;
		free(at);
		if (!n || (rc = acc_brackets_inline(&text, st, &st->clauses[i])) < 0)
			continue;
		free(st->clauses[i].text);
		st->clauses[i].text = text;
	}
	return rc;
}
