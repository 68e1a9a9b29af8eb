/* model: the agenda, the chair's voting order of the amendments to each
 * clause (agenda/<clause>). */
#include "accord/model.h"

#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

int acc_model_load_agenda_file(acc_strlist *out, acc_source *src, const char *clause)
{
	static const char *const no_keys[] = {NULL};
	char *path = acc_path_agenda(clause);
	acc_record *r = NULL;
	const char *p, *end;
	int rc, line;

	if (!path)
		return ACC_ENOMEM;
	if (!acc_id_valid(clause)) {
		acc_id_check(clause, "clause");
		rc = acc_error_prefix(ACC_EINVAL, "%s", path);
		free(path);
		return rc;
	}
	if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) == 0)
		rc = acc_record_check_keys(r, no_keys); /* a body of ids, no header */
	line = r ? r->body_line : 0;
	p = r ? r->body : "";
	for (end = p + (r ? r->body_len : 0); rc == 0 && p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if ((rc = acc_strlist_addn(out, p, (size_t)(nl - p))) == 0 &&
		    !acc_id_valid(out->items[out->count - 1])) {
			acc_id_check(out->items[out->count - 1], "amendment");
			rc = acc_error_prefix(ACC_EINVAL, "%s:%d", path, line);
		}
		p = nl + 1;
	}
	free(path);
	acc_record_free(r);
	return rc;
}

/* Loads agenda/<clause> files (the chair's voting orders). */
int acc_model_load_agenda(acc_state *st, acc_source *src)
{
	acc_strlist ids = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = src->list(src, "agenda", &ids)) < 0 || !ids.count)
		goto done;
	if (!(st->agenda = acc_calloc(ids.count, sizeof(acc_strlist)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < ids.count && rc == 0; i++)
		if ((rc = acc_strlist_add(&st->agenda_clause, ids.items[i])) == 0)
			rc = acc_model_load_agenda_file(&st->agenda[i], src, ids.items[i]);
done:
	acc_strlist_free(&ids);
	return rc;
}
