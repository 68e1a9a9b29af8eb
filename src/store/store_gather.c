/* store: the commits a gather reads and writes (merges of pending votes;
 * see src/ops/act_gather.c): a commit's parents, and a merge written from
 * its first parent's tree. */
#include "accord/store.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int acc_store_commit_parents(acc_strlist *out, acc_store *s, const char *commit)
{
	git_commit *c = NULL;
	git_oid id;
	unsigned i, n;
	int rc = 0;

	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	if (git_commit_lookup(&c, s->repo, &id) < 0)
		return acc_store_git_fail(ACC_ENOTFOUND, commit);
	n = git_commit_parentcount(c);
	for (i = 0; i < n && rc == 0; i++) {
		char hex[ACC_OID_HEXLEN + 1];

		git_oid_tostr(hex, sizeof(hex), git_commit_parent_id(c, i));
		rc = acc_strlist_add(out, hex);
	}
	git_commit_free(c);
	return rc;
}

int acc_store_merge_object(acc_store *s, acc_oid_hex out, const acc_strlist *parents,
			   const acc_change *changes, size_t n, const char *message,
			   const acc_person *who, acc_sign_fn sign, void *payload)
{
	git_commit **pc = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_buf buf = {0};
	char *ssh = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	if (!parents->count)
		return acc_error_set(ACC_EINVAL, "a merge without parents");
	if (!(pc = acc_calloc(parents->count, sizeof(*pc))))
		return ACC_ENOMEM;
	for (i = 0; i < parents->count; i++)
		if (git_oid_fromstr(&id, parents->items[i]) < 0 ||
		    git_commit_lookup(&pc[i], s->repo, &id) < 0) {
			rc = acc_store_git_fail(ACC_ERROR, "cannot read a parent commit");
			goto done;
		}
	if (git_commit_tree(&base, pc[0]) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot read the first parent's tree");
		goto done;
	}
	if ((rc = acc_store_build_tree(&tree, s, base, changes, n)) < 0)
		goto done;
	if (git_signature_new(&sig, who->name, who->email, (git_time_t)who->when, who->offset) <
	    0) {
		rc = acc_store_git_fail(ACC_EINVAL, "invalid author");
		goto done;
	}
	if (git_commit_create_buffer(&buf, s->repo, sig, sig, NULL, message, tree, parents->count,
				     (const git_commit **)pc) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot build the commit");
		goto done;
	}
	if (sign) {
		if ((rc = sign(&ssh, buf.ptr, buf.size, payload)) < 0)
			goto done;
		if (git_commit_create_with_signature(&id, s->repo, buf.ptr, ssh, NULL) < 0) {
			rc = acc_store_git_fail(ACC_ERROR, "cannot write the signed commit");
			goto done;
		}
	} else {
		git_odb *odb = NULL;

		if (git_repository_odb(&odb, s->repo) < 0 ||
		    git_odb_write(&id, odb, buf.ptr, buf.size, GIT_OBJECT_COMMIT) < 0)
			rc = acc_store_git_fail(ACC_ERROR, "cannot write the commit");
		git_odb_free(odb);
		if (rc < 0)
			goto done;
	}
	if ((rc = acc_store_flush_objects(s)) < 0)
		goto done;
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
done:
	free(ssh);
	git_buf_dispose(&buf);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	for (i = 0; pc && i < parents->count; i++)
		git_commit_free(pc[i]);
	free(pc);
	return rc;
}
