/* store: what plain git shows beside the branch (raw commit headers and
 * every ref), for the checks of verify that git's own tools would see. */
#include "accord/store.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int acc_store_commit_header(char **out, acc_store *s, const char *commit)
{
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	git_oid id;
	const char *data, *end;
	size_t len;
	int rc = 0;

	*out = NULL;
	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	if (git_repository_odb(&odb, s->repo) < 0 || git_odb_read(&obj, odb, &id) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, commit);
		goto done;
	}
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		rc = acc_error_set(ACC_EINVAL, "%.12s is not a commit", commit);
		goto done;
	}
	data = git_odb_object_data(obj);
	len = git_odb_object_size(obj);
	/* the header ends at the first empty line (or with the object) */
	end = data;
	while ((size_t)(end - data) < len) {
		const char *nl = memchr(end, '\n', len - (size_t)(end - data));

		if (!nl || nl == end)
			break;
		end = nl + 1;
	}
	if (memchr(data, '\0', (size_t)(end - data)))
		rc = acc_error_set(ACC_EINVAL, "%.12s: a NUL byte in its header", commit);
	else if (!(*out = acc_strndup(data, (size_t)(end - data))))
		rc = ACC_ENOMEM;
done:
	git_odb_object_free(obj);
	git_odb_free(odb);
	return rc;
}

int acc_store_ref_list(acc_strlist *out, acc_store *s)
{
	git_strarray refs = {NULL, 0};
	size_t i;
	int rc = 0;

	if (git_reference_list(&refs, s->repo) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot list the refs");
	for (i = 0; i < refs.count && rc == 0; i++)
		rc = acc_strlist_add(out, refs.strings[i]);
	git_strarray_dispose(&refs);
	return rc;
}
