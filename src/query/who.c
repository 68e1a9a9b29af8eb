/* who: the first screen's facts read from a few records (who the actor
 * is, the convention's title, whether ratification is open), without
 * loading the whole state. */
#include <stdlib.h>
#include <string.h>

#include "accord/query.h"
#include "accord/record.h"

/* Reads and parses one record of src; NULL when absent or malformed. */
static acc_record *read_record(acc_source *src, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	acc_record *r = NULL;

	if (src->read(src, path, &data, &len, NULL) < 0) {
		acc_error_clear();
		return NULL;
	}
	if (acc_record_parse(&r, data, len, path) < 0) {
		acc_error_clear();
		r = NULL;
	}
	free(data);
	return r;
}

/* A single field of r as a new string, or NULL. */
static char *field(const acc_record *r, const char *key)
{
	const char *v = NULL;

	if (!r || acc_record_get(r, key, &v) < 0 || !v) {
		acc_error_clear();
		return NULL;
	}
	return acc_strdup(v);
}

/* Frees the strings of a who. */
void acc_query_who_free(acc_query_who *w)
{
	if (!w)
		return;
	free(w->name);
	free(w->org);
	free(w->org_name);
	memset(w, 0, sizeof(*w));
	w->role = -1;
}

/* Finds email among the delegates of orgs/ at commit. */
void acc_query_who_at(acc_query_who *out, acc_ctx *c, const char *commit, const char *email)
{
	acc_strlist orgs = ACC_STRLIST_INIT;
	acc_source *src = NULL;
	size_t i, k, el;

	memset(out, 0, sizeof(*out));
	out->role = -1;
	if (!email || acc_store_source(&src, acc_ctx_store(c), commit) < 0 ||
	    src->list(src, "orgs", &orgs) < 0) {
		acc_error_clear();
		acc_source_free(src);
		return;
	}
	el = strlen(email);
	for (i = 0; i < orgs.count && out->role < 0; i++) {
		char *path = acc_sprintf("orgs/%s", orgs.items[i]);
		acc_record *r = path ? read_record(src, path) : NULL;

		free(path);
		for (k = 0; r && k < acc_record_count(r, "Delegate"); k++) {
			const char *d = acc_record_nth(r, "Delegate", k), *lt = strchr(d, '<');
			acc_role role = ACC_ROLE_MEMBER;
			const char *rs = NULL;

			if (!lt || lt == d || strncmp(lt + 1, email, el) != 0 || lt[el + 1] != '>')
				continue;
			out->name = acc_strndup(d, (size_t)(lt - d - (lt[-1] == ' ')));
			out->org = acc_strdup(orgs.items[i]);
			out->org_name = field(r, "Name");
			if (acc_record_get(r, "Role", &rs) == 0 && rs)
				acc_role_parse(&role, rs);
			acc_error_clear();
			out->role = (int)role;
			break;
		}
		acc_record_free(r);
	}
	acc_strlist_free(&orgs);
	acc_source_free(src);
}

/* Frees the strings of a header. */
void acc_query_header_free(acc_query_header *h)
{
	if (!h)
		return;
	free(h->title);
	free(h->short_title);
	memset(h, 0, sizeof(*h));
}

/* Reads the title and the ratification's status at commit. */
int acc_query_header_at(acc_query_header *out, acc_ctx *c, const char *commit)
{
	acc_source *src = NULL;
	acc_record *r;
	char *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = acc_store_source(&src, acc_ctx_store(c), commit)) < 0)
		return rc;
	r = read_record(src, "convention");
	out->title = field(r, "Title");
	out->short_title = field(r, "Short-Title");
	acc_record_free(r);
	r = read_record(src, "ratification/ballot");
	s = field(r, "Status");
	out->ratification_open = s && strcmp(s, "open") == 0;
	free(s);
	acc_record_free(r);
	acc_source_free(src);
	return 0;
}
