/* store: signed annotated tags, read back as raw objects for verification. */
#include "accord/store.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SSH_SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"

/* Appends "tagger Name <email> time +hhmm" as git writes it. */
static int put_tagger(acc_buf *b, const acc_person *who)
{
	int off = who->offset < 0 ? -who->offset : who->offset;

	return acc_buf_printf(b, "tagger %s <%s> %lld %c%02d%02d\n", who->name, who->email,
			      who->when, who->offset < 0 ? '-' : '+', off / 60, off % 60);
}

int acc_store_tag_signed(acc_store *s, const char *name, const char *commit, const char *message,
			 const acc_person *who, acc_sign_fn sign, void *payload)
{
	acc_buf b = ACC_BUF_INIT;
	git_object *target = NULL;
	git_oid id;
	char *sig = NULL;
	size_t mlen = strlen(message);
	int rc = 0, err;

	if (!sign)
		return acc_store_tag(s, name, commit, message, who);
	if (strchr(who->name, '\n') || strchr(who->name, '<') || strchr(who->email, '>') ||
	    strchr(who->email, '\n') || mlen == 0 || message[mlen - 1] != '\n')
		return acc_error_set(ACC_EINVAL, "invalid tagger or message for tag '%s'", name);
	if (git_oid_fromstr(&id, commit) < 0 ||
	    git_object_lookup(&target, s->repo, &id, GIT_OBJECT_COMMIT) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot read the commit to tag");
	/* the object git_tag_create would write; git signs exactly these bytes
	 * and appends the armoured signature to the message */
	if ((rc = acc_buf_printf(&b, "object %s\ntype commit\ntag %s\n", commit, name)) < 0 ||
	    (rc = put_tagger(&b, who)) < 0 || (rc = acc_buf_printf(&b, "\n%s", message)) < 0 ||
	    (rc = sign(&sig, b.ptr, b.size, payload)) < 0 || (rc = acc_buf_puts(&b, sig)) < 0)
		goto done;
	err = git_tag_create_from_buffer(&id, s->repo, b.ptr, 0);
	if (err == GIT_EEXISTS)
		rc = acc_error_set(ACC_EEXISTS, "tag '%s' already exists", name);
	else if (err < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot create the tag");
done:
	free(sig);
	acc_buf_free(&b);
	git_object_free(target);
	return rc;
}

int acc_store_tag_list(acc_strlist *out, acc_store *s, const char *prefix)
{
	git_strarray tags = {NULL, 0};
	char *pattern = acc_sprintf("%s*", prefix);
	size_t i;
	int rc = 0;

	if (!pattern)
		return ACC_ENOMEM;
	if (git_tag_list_match(&tags, pattern, s->repo) < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot list tags");
	for (i = 0; i < tags.count && rc == 0; i++)
		rc = acc_strlist_add(out, tags.strings[i]);
	free(pattern);
	git_strarray_dispose(&tags);
	return rc;
}

void acc_tag_info_clear(acc_tag_info *t)
{
	free(t->header_name);
	free(t->tagger_email);
	free(t->message);
	free(t->signature);
	free(t->signed_data);
	memset(t, 0, sizeof(*t));
}

/* The value of header line key (up to the first empty line) in raw, or NULL. */
static char *header(const char *raw, size_t len, const char *key)
{
	size_t klen = strlen(key), i = 0;

	while (i < len && raw[i] != '\n') {
		const char *nl = memchr(raw + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - raw) : len;

		if (end - i > klen && memcmp(raw + i, key, klen) == 0 && raw[i + klen] == ' ')
			return acc_strndup(raw + i + klen + 1, end - i - klen - 1);
		i = end + 1;
	}
	return NULL;
}

/* Splits a tag's email out of its tagger line "Name <email> time tz". */
static char *tagger_email(const char *line)
{
	const char *lt = line ? strrchr(line, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;

	return gt ? acc_strndup(lt + 1, (size_t)(gt - lt - 1)) : NULL;
}

/* A NUL-terminated copy of n bytes that may hold NULs (malloc'd). */
static char *bytes_dup(const char *data, size_t n)
{
	char *p = acc_malloc(n + 1);

	if (p) {
		memcpy(p, data, n);
		p[n] = '\0';
	}
	return p;
}

/* Fills t from the raw bytes of a tag object: headers, the message, and
 * the signature at the start of the last line that opens one (as git's
 * parse_signature splits it). */
static int parse_tag(acc_tag_info *t, const char *raw, size_t len)
{
	const char *body = NULL, *sig = NULL;
	char *tagger = header(raw, len, "tagger");
	size_t i;
	int rc = 0;

	for (i = 0; i + 1 < len; i++)
		if (raw[i] == '\n' && raw[i + 1] == '\n') {
			body = raw + i + 2;
			break;
		}
	for (i = body ? (size_t)(body - raw) : len; i < len; i++) {
		const char *p = raw + i;

		if ((p == body || p[-1] == '\n') && len - i >= strlen(SSH_SIG_BEGIN) &&
		    memcmp(p, SSH_SIG_BEGIN, strlen(SSH_SIG_BEGIN)) == 0)
			sig = p;
	}
	t->header_name = header(raw, len, "tag");
	t->tagger_email = tagger_email(tagger);
	free(tagger);
	if (!body)
		body = raw + len;
	if (!(t->message = acc_strndup(body, (size_t)((sig ? sig : raw + len) - body))))
		rc = ACC_ENOMEM;
	else if (sig && (!(t->signature = acc_strndup(sig, len - (size_t)(sig - raw))) ||
			 !(t->signed_data = bytes_dup(raw, (size_t)(sig - raw)))))
		rc = ACC_ENOMEM;
	else if (sig)
		t->signed_len = (size_t)(sig - raw);
	return rc;
}

int acc_store_tag_read(acc_tag_info *t, acc_store *s, const char *name)
{
	git_reference *ref = NULL;
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	char *refname = acc_sprintf("refs/tags/%s", name);
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!refname)
		return ACC_ENOMEM;
	if (git_reference_lookup(&ref, s->repo, refname) < 0 ||
	    git_reference_type(ref) != GIT_REFERENCE_DIRECT) {
		rc = acc_error_set(ACC_ENOTFOUND, "no tag '%s'", name);
		goto done;
	}
	git_oid_tostr(t->object, sizeof(t->object), git_reference_target(ref));
	if (git_repository_odb(&odb, s->repo) < 0 ||
	    git_odb_read(&obj, odb, git_reference_target(ref)) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot read the tag");
		goto done;
	}
	if (git_odb_object_type(obj) != GIT_OBJECT_TAG) {
		t->lightweight = 1;
		if (git_odb_object_type(obj) == GIT_OBJECT_COMMIT)
			memcpy(t->target, t->object, sizeof(t->target));
		goto done;
	}
	if ((rc = parse_tag(t, git_odb_object_data(obj), git_odb_object_size(obj))) < 0)
		goto done;
	{
		const char *raw = git_odb_object_data(obj);
		size_t len = git_odb_object_size(obj);
		char *type = header(raw, len, "type"), *target = header(raw, len, "object");
		git_oid tid;

		/* only a tag of a commit names a commit (a tag of a tag does not) */
		if (type && target && strcmp(type, "commit") == 0 &&
		    strlen(target) == ACC_OID_HEXLEN && git_oid_fromstr(&tid, target) == 0)
			memcpy(t->target, target, sizeof(t->target));
		free(type);
		free(target);
	}
done:
	if (rc < 0)
		acc_tag_info_clear(t);
	git_odb_object_free(obj);
	git_odb_free(odb);
	git_reference_free(ref);
	free(refname);
	return rc;
}

/* Appends one entry of a tree object for path's entry in tree (if any). */
static int put_entry(acc_buf *b, git_tree *tree, const char *path)
{
	const git_tree_entry *e = git_tree_entry_byname(tree, path);
	int rc;

	if (!e)
		return 0;
	if ((rc = acc_buf_printf(b, "%o %s", (unsigned)git_tree_entry_filemode(e), path)) < 0 ||
	    (rc = acc_buf_putc(b, '\0')) < 0)
		return rc;
	return acc_buf_put(b, (const char *)git_tree_entry_id(e)->id, GIT_OID_RAWSZ);
}

int acc_store_text_id(acc_oid_hex out, acc_store *s, const char *commit)
{
	git_tree *tree = NULL;
	acc_buf b = ACC_BUF_INIT;
	git_oid id;
	int rc;

	if ((rc = acc_store_tree_of(&tree, NULL, s, commit)) < 0)
		return rc;
	/* git's order: "clauses/" sorts before "convention", then "toc" */
	if ((rc = put_entry(&b, tree, "clauses")) < 0 ||
	    (rc = put_entry(&b, tree, "convention")) < 0 || (rc = put_entry(&b, tree, "toc")) < 0)
		goto done;
	if (git_odb_hash(&id, b.ptr ? b.ptr : "", b.size, GIT_OBJECT_TREE) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot hash the text");
		goto done;
	}
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
done:
	acc_buf_free(&b);
	git_tree_free(tree);
	return rc;
}
