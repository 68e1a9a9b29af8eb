/* store: writing trees, commits, branches and tags. */
#include "accord/store.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accord/record.h"

#include "internal.h"

/* ---- writing ---------------------------------------------------------- */

/* Makes a git signature for who. */
static int make_sig(git_signature **out, const acc_person *who)
{
	if (git_signature_new(out, who->name, who->email, (git_time_t)who->when, who->offset) < 0)
		return acc_store_git_fail(ACC_EINVAL, "invalid author");
	return 0;
}

/* Builds a tree holding only the written files of changes, through an
 * in-memory index (so that no empty tree is left dangling). */
static int build_root_tree(git_tree **out, acc_store *s, const acc_change *changes, size_t n)
{
	git_index *ix = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	if (git_index_new(&ix) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot build a tree");
	for (i = 0; i < n && rc == 0; i++) {
		git_index_entry e;

		if (!changes[i].data)
			continue;
		memset(&e, 0, sizeof(e));
		e.path = changes[i].path;
		e.mode = GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&e.id, s->repo, changes[i].data, changes[i].len) <
			0 ||
		    git_index_add(ix, &e) < 0)
			rc = acc_store_git_fail(ACC_ERROR, changes[i].path);
	}
	if (rc == 0 && git_index_write_tree_to(&id, ix, s->repo) < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot write the tree");
	if (rc == 0 && git_tree_lookup(out, s->repo, &id) < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot read the new tree");
	git_index_free(ix);
	return rc;
}

/* Folders deep enough for every path of the record (amendments/<org>/<n>/votes/<org>). */
#define SPLICE_DEPTH 8

/* The 20-byte id of the entry name (nl bytes) of mode in the raw tree
 * data (len bytes), or NULL when it has no such entry. */
static unsigned char *raw_entry(unsigned char *data, size_t len, const char *name, size_t nl,
				const char *mode)
{
	size_t pos = 0, ml = strlen(mode);

	while (pos < len) {
		unsigned char *sp = memchr(data + pos, ' ', len - pos), *nul;

		if (!sp || !(nul = memchr(sp + 1, '\0', len - (size_t)(sp + 1 - data))) ||
		    (size_t)(nul + 1 - data) + GIT_OID_RAWSZ > len)
			return NULL;
		if ((size_t)(nul - sp - 1) == nl && memcmp(sp + 1, name, nl) == 0)
			return (size_t)(sp - data - pos) == ml && memcmp(data + pos, mode, ml) == 0
				   ? nul + 1
				   : NULL;
		pos = (size_t)(nul + 1 - data) + GIT_OID_RAWSZ;
	}
	return NULL;
}

/*
 * Makes room for a new file entry name (nl bytes) in the raw tree *data
 * (*len bytes) where git sorts it, and returns where its 20-byte id goes;
 * NULL when the name is there already, in whatever mode, or the entries
 * are not in git's order (the general way decides).  A folder's name
 * sorts as if it ended with '/'.
 */
static unsigned char *raw_insert(unsigned char **data, size_t *len, const char *name, size_t nl)
{
	unsigned char *d = *data, *nd, *prev = NULL;
	size_t pos = 0, at = *len, prevl = 0, add = 7 + nl + 1 + GIT_OID_RAWSZ, i;

	/* names of ids alone ("corp-002"): anything else (".", ".git", a byte
	 * git refuses) takes the general way, whose checks refuse it */
	if (nl == 0 || name[0] == '.')
		return NULL;
	for (i = 0; i < nl; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("-_.@+", name[i]))
			return NULL;
	while (pos < *len) {
		unsigned char *sp = memchr(d + pos, ' ', *len - pos), *nul;
		size_t el, n;
		int cmp, dir;

		if (!sp || !(nul = memchr(sp + 1, '\0', *len - (size_t)(sp + 1 - d))) ||
		    (size_t)(nul + 1 - d) + GIT_OID_RAWSZ > *len)
			return NULL;
		el = (size_t)(nul - sp - 1);
		dir = (size_t)(sp - d - pos) == 5 && memcmp(d + pos, "40000", 5) == 0;
		/* the entries must already be strictly in git's order */
		if (prev) {
			n = prevl < el ? prevl : el;
			cmp = memcmp(prev, sp + 1, n);
			if (cmp > 0 || (cmp == 0 && prevl >= el))
				return NULL;
		}
		prev = sp + 1;
		prevl = el;
		n = el < nl ? el : nl;
		cmp = memcmp(sp + 1, name, n);
		if (cmp == 0) {
			unsigned char ce = el > n ? sp[1 + n] : dir ? '/' : 0;
			unsigned char cn = nl > n ? (unsigned char)name[n] : 0;

			if (el == nl)
				return NULL; /* there already */
			cmp = (int)ce - (int)cn;
		}
		if (cmp > 0 && at == *len)
			at = pos;
		pos = (size_t)(nul + 1 - d) + GIT_OID_RAWSZ;
	}
	if (!(nd = acc_malloc(*len + add)))
		return NULL;
	memcpy(nd, d, at);
	memcpy(nd + at, "100644 ", 7);
	memcpy(nd + at + 7, name, nl);
	nd[at + 7 + nl] = '\0';
	memset(nd + at + 8 + nl, 0, GIT_OID_RAWSZ);
	memcpy(nd + at + add, d + at, *len - at);
	free(d);
	*data = nd;
	*len += add;
	return nd + at + 8 + nl;
}

/*
 * The common action, one file of base rewritten (a vote changed): the new
 * id is put in place in each folder's raw tree on the way up, which is
 * the tree libgit2 would write (the entries, their order and modes are
 * unchanged), without parsing, sorting and formatting folders of hundreds
 * of entries; a new file in a folder that exists (an organisation's first
 * vote on a ballot) is put in its place (raw_insert).  1 when done (*out
 * the new root), 0 when the change is not of that kind (a removed file, a
 * new folder, another mode): the general way.
 */
static int splice_one(git_oid *out, acc_store *s, git_tree *base, const acc_change *c)
{
	git_odb_object *objs[SPLICE_DEPTH] = {NULL};
	unsigned char *bufs[SPLICE_DEPTH] = {NULL}, *slots[SPLICE_DEPTH];
	size_t lens[SPLICE_DEPTH], depth = 0, i;
	const char *p = c->path;
	git_odb *odb = NULL;
	git_oid cur = *git_tree_id(base), id;
	int rc = 0;

	if (!c->data || git_repository_odb(&odb, s->repo) < 0) {
		git_error_clear();
		return 0;
	}
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t nl = slash ? (size_t)(slash - p) : strlen(p);

		if (depth == SPLICE_DEPTH || nl == 0 || git_odb_read(&objs[depth], odb, &cur) < 0 ||
		    git_odb_object_type(objs[depth]) != GIT_OBJECT_TREE)
			goto done;
		lens[depth] = git_odb_object_size(objs[depth]);
		if (!(bufs[depth] = acc_malloc(lens[depth] ? lens[depth] : 1))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		memcpy(bufs[depth], git_odb_object_data(objs[depth]), lens[depth]);
		if (!(slots[depth] =
			  raw_entry(bufs[depth], lens[depth], p, nl, slash ? "40000" : "100644")) &&
		    (slash || !(slots[depth] = raw_insert(&bufs[depth], &lens[depth], p, nl))))
			goto done;
		git_oid_fromraw(&cur, slots[depth]);
		depth++;
		if (!slash)
			break;
		p = slash + 1;
	}
	if (git_blob_create_from_buffer(&id, s->repo, c->data, c->len) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, c->path);
		goto done;
	}
	for (i = depth; i-- > 0;) {
		memcpy(slots[i], id.id, GIT_OID_RAWSZ);
		if (git_odb_write(&id, odb, bufs[i], lens[i], GIT_OBJECT_TREE) < 0) {
			rc = acc_store_git_fail(ACC_ERROR, "cannot write the new tree");
			goto done;
		}
	}
	*out = id;
	rc = 1;
done:
	git_error_clear();
	for (i = 0; i < SPLICE_DEPTH; i++) {
		free(bufs[i]);
		git_odb_object_free(objs[i]);
	}
	git_odb_free(odb);
	return rc;
}

/* Builds the tree of base (or a new tree) with changes applied. */
int acc_store_build_tree(git_tree **out, acc_store *s, git_tree *base, const acc_change *changes,
			 size_t n)
{
	git_tree_update *ups = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!base)
		return build_root_tree(out, s, changes, n);
	if (n == 1 && (rc = splice_one(&id, s, base, changes)) != 0) {
		if (rc == 1 && git_tree_lookup(out, s->repo, &id) < 0)
			return acc_store_git_fail(ACC_ERROR, "cannot read the new tree");
		return rc < 0 ? rc : 0;
	}
	if (!(ups = acc_calloc(n ? n : 1, sizeof(*ups)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		ups[i].path = changes[i].path;
		if (changes[i].data) {
			ups[i].action = GIT_TREE_UPDATE_UPSERT;
			ups[i].filemode = GIT_FILEMODE_BLOB;
			if (git_blob_create_from_buffer(&ups[i].id, s->repo, changes[i].data,
							changes[i].len) < 0) {
				rc = acc_store_git_fail(ACC_ERROR, changes[i].path);
				goto done;
			}
		} else {
			ups[i].action = GIT_TREE_UPDATE_REMOVE;
		}
	}
	if (git_tree_create_updated(&id, s->repo, base, n, ups) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot build the new tree");
		goto done;
	}
	if (git_tree_lookup(out, s->repo, &id) < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot read the new tree");
done:
	free(ups);
	return rc;
}

/* Moves the branch from parent (NULL: unborn) to id, atomically. */
static int move_branch(acc_store *s, const git_oid *id, const char *parent, const char *msg)
{
	git_reference *ref = NULL;
	git_oid old;
	int err;

	if (parent) {
		git_oid_fromstr(&old, parent);
		err = git_reference_create_matching(&ref, s->repo, s->branch, id, 1, &old, msg);
	} else {
		err = git_reference_create(&ref, s->repo, s->branch, id, 0, msg);
	}
	git_reference_free(ref);
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS || err == GIT_ELOCKED)
		return acc_error_set(ACC_EMODIFIED,
				     "the convention changed while this action was being written");
	if (err < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot update the convention branch");
	return 0;
}

/* Writes a commit object of tree on parent, signed when sign is set;
 * does not move refs. */
static int write_commit(git_oid *out, acc_store *s, const char *parent, git_tree *tree,
			const char *message, const acc_person *who, acc_sign_fn sign, void *payload)
{
	git_signature *sig = NULL;
	git_commit *pc = NULL;
	git_buf buf = {0};
	char *ssh = NULL;
	git_oid pid;
	int rc = 0;

	if ((rc = make_sig(&sig, who)) < 0)
		return rc;
	if (parent) {
		if (git_oid_fromstr(&pid, parent) < 0 ||
		    git_commit_lookup(&pc, s->repo, &pid) < 0) {
			rc = acc_store_git_fail(ACC_ERROR, "cannot read the parent commit");
			goto done;
		}
	}
	if (!sign) {
		if (git_commit_create(out, s->repo, NULL, sig, sig, NULL, message, tree, pc ? 1 : 0,
				      (const git_commit **)&pc) < 0)
			rc = acc_store_git_fail(ACC_ERROR, "cannot write the commit");
		goto done;
	}
	if (git_commit_create_buffer(&buf, s->repo, sig, sig, NULL, message, tree, pc ? 1 : 0,
				     (const git_commit **)&pc) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot build the commit");
		goto done;
	}
	if ((rc = sign(&ssh, buf.ptr, buf.size, payload)) < 0)
		goto done;
	if (git_commit_create_with_signature(out, s->repo, buf.ptr, ssh, NULL) < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot write the signed commit");
done:
	free(ssh);
	git_buf_dispose(&buf);
	git_commit_free(pc);
	git_signature_free(sig);
	return rc;
}

int acc_store_commit_object(acc_store *s, acc_oid_hex out, const char *parent,
			    const acc_change *changes, size_t n, const char *message,
			    const acc_person *who, acc_sign_fn sign, void *payload)
{
	git_tree *base = NULL, *tree = NULL;
	git_oid id;
	int rc;

	if (parent && (rc = acc_store_tree_of(&base, NULL, s, parent)) < 0)
		return rc;
	if ((rc = acc_store_build_tree(&tree, s, base, changes, n)) < 0)
		goto done;
	if (base ? git_oid_equal(git_tree_id(base), git_tree_id(tree))
		 : git_tree_entrycount(tree) == 0) {
		rc = acc_error_set(ACC_EINVAL, "nothing to change");
		goto done;
	}
	if ((rc = write_commit(&id, s, parent, tree, message, who, sign, payload)) < 0)
		goto done;
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
done:
	git_tree_free(tree);
	git_tree_free(base);
	return rc;
}

/* Makes everything written to the repository's file system durable with
 * one barrier (syncfs), as git's core.fsyncMethod=batch does. */
int acc_store_flush_objects(acc_store *s)
{
	char *dir = acc_sprintf("%sobjects", git_repository_path(s->repo));
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1, rc = 0;

	if (!dir)
		return ACC_ENOMEM;
	if (fd < 0 || syncfs(fd) < 0)
		rc = acc_error_set(ACC_ERROR, "cannot make the new objects durable in %s: %s", dir,
				   strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

/* Whether moving the branch writes a reflog (libgit2's rule: the log
 * exists, or core.logAllRefUpdates asks for one, true by default in a
 * repository with a work tree). */
static int branch_logged(acc_store *s)
{
	git_config *cfg = NULL;
	int on = 0, err;

	if (git_reference_has_log(s->repo, s->branch) != 0)
		return 1;
	if (git_repository_config_snapshot(&cfg, s->repo) < 0)
		return 1;
	err = git_config_get_bool(&on, cfg, "core.logAllRefUpdates");
	if (err == GIT_ENOTFOUND) {
		on = !git_repository_is_bare(s->repo);
	} else if (err < 0) {
		on = 1; /* "always", or a value we do not read: libgit2 decides */
		git_error_clear();
	}
	git_config_free(cfg);
	return on;
}

/* Fsyncs the folder holding path (the last '/' ends it). */
static int sync_parent(const char *path)
{
	char *dir = acc_strndup(path, (size_t)(strrchr(path, '/') - path));
	int fd, rc = 0;

	if (!dir)
		return ACC_ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		rc = acc_error_set(ACC_ERROR, "cannot make %s durable: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

/*
 * Moves the branch from parent to id as git's lock protocol does (the
 * file <branch>.lock, created exclusively, renamed over the branch), with
 * the objects and the lock's content made durable by one barrier and the
 * rename by the fsync of its folder: two waits where libgit2 makes three
 * (the barrier, the lock file, the folder).  The branch is compared with
 * parent under the lock.  Without a reflog to write; see branch_logged.
 * 1 when the lock cannot be made here (nothing done: move_branch's turn).
 */
static int commit_ref(acc_store *s, const git_oid *id, const char *parent)
{
	char *path = acc_sprintf("%s%s", git_repository_path(s->repo), s->branch);
	char *lock = path ? acc_sprintf("%s.lock", path) : NULL, line[ACC_OID_HEXLEN + 2];
	int fd = -1, rc = 0, err;
	git_oid old, cur;

	if (!lock) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0) {
		/* no folder for it (the branch only in packed-refs, say): libgit2's way */
		rc = errno == ENOENT ? 1
		     : errno == EEXIST
			 ? acc_error_set(ACC_EMODIFIED, "the convention changed while this action "
							"was being written")
			 : acc_error_set(ACC_ERROR, "cannot update the convention branch: %s: %s",
					 lock, strerror(errno));
		goto done;
	}
	git_oid_fromstr(&old, parent);
	err = git_reference_name_to_id(&cur, s->repo, s->branch);
	if (err < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot read the convention branch");
		goto fail;
	}
	if (!git_oid_equal(&cur, &old)) {
		rc = acc_error_set(ACC_EMODIFIED,
				   "the convention changed while this action was being written");
		goto fail;
	}
	git_oid_tostr(line, ACC_OID_HEXLEN + 1, id);
	line[ACC_OID_HEXLEN] = '\n';
	errno = 0;
	err = write(fd, line, ACC_OID_HEXLEN + 1) == ACC_OID_HEXLEN + 1 ? 0
	      : errno							? errno
									: ENOSPC;
	if (close(fd) < 0 && !err)
		err = errno;
	fd = -1;
	if (err) {
		rc = acc_error_set(ACC_ERROR, "cannot update the convention branch: %s",
				   strerror(err));
		goto fail;
	}
	/* one barrier: the action's objects and the lock's content */
	if ((rc = acc_store_flush_objects(s)) < 0)
		goto fail;
	if (rename(lock, path) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot update the convention branch: %s",
				   strerror(errno));
		goto fail;
	}
	rc = sync_parent(path);
	goto done;
fail:
	if (fd >= 0)
		close(fd);
	unlink(lock);
done:
	free(lock);
	free(path);
	return rc;
}

int acc_store_commit_signed(acc_store *s, acc_oid_hex out, const char *parent,
			    const acc_change *changes, size_t n, const char *message,
			    const acc_person *who, acc_sign_fn sign, void *payload)
{
	acc_oid_hex id;
	char subject[80];
	git_oid oid;
	int rc;

	/* one durable write per action: the objects go out without an fsync
	 * each (two per object: the file and its folder), then one barrier
	 * (with the branch's lock file, commit_ref) before the branch moves;
	 * a crash before the rename leaves the branch where it was */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	rc = acc_store_commit_object(s, id, parent, changes, n, message, who, sign, payload);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if (rc < 0)
		return rc;
	git_oid_fromstr(&oid, id);
	if (parent && !branch_logged(s)) {
		if ((rc = commit_ref(s, &oid, parent)) < 0)
			return rc;
		if (rc == 0) {
			memcpy(out, id, sizeof(acc_oid_hex));
			return 0;
		}
	}
	if ((rc = acc_store_flush_objects(s)) < 0)
		return rc;
	snprintf(subject, sizeof(subject), "accord: %.*s", (int)strcspn(message, "\n"), message);
	if ((rc = move_branch(s, &oid, parent, subject)) < 0)
		return rc;
	memcpy(out, id, sizeof(acc_oid_hex));
	return 0;
}

int acc_store_move_branch(acc_store *s, const char *to, const char *from, const char *why)
{
	git_oid id;

	if (git_oid_fromstr(&id, to) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", to);
	return move_branch(s, &id, from, why);
}

int acc_store_commit(acc_store *s, acc_oid_hex out, const char *parent, const acc_change *changes,
		     size_t n, const char *message, const acc_person *who)
{
	return acc_store_commit_signed(s, out, parent, changes, n, message, who, NULL, NULL);
}

int acc_store_commit_files(acc_store *s, acc_oid_hex out, const acc_change *changes, size_t n,
			   const char *message, const acc_person *who, acc_sign_fn sign,
			   void *payload)
{
	git_tree *tree = NULL;
	git_oid id;
	int rc;

	if ((rc = acc_store_build_tree(&tree, s, NULL, changes, n)) < 0)
		return rc;
	if ((rc = write_commit(&id, s, NULL, tree, message, who, sign, payload)) == 0)
		git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
	git_tree_free(tree);
	return rc;
}

int acc_store_commit_signature(char **sig, char **signed_data, size_t *len, acc_store *s,
			       const char *commit)
{
	git_buf b1 = {0}, b2 = {0};
	git_oid id;
	int err, rc = 0;

	*sig = *signed_data = NULL;
	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	err = git_commit_extract_signature(&b1, &b2, s->repo, &id, NULL);
	if (err == GIT_ENOTFOUND) {
		acc_error_clear();
		return ACC_ENOTFOUND;
	}
	if (err < 0)
		return acc_store_git_fail(ACC_ERROR, commit);
	if (!(*sig = acc_strndup(b1.ptr, b1.size)) ||
	    !(*signed_data = acc_strndup(b2.ptr, b2.size))) {
		free(*sig);
		*sig = NULL;
		rc = ACC_ENOMEM;
	} else {
		*len = b2.size;
	}
	git_buf_dispose(&b1);
	git_buf_dispose(&b2);
	return rc;
}

int acc_store_set_initial(acc_store *s, const char *commit)
{
	git_oid id;

	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	return move_branch(s, &id, NULL, "accord: init");
}

int acc_store_tag(acc_store *s, const char *name, const char *commit, const char *message,
		  const acc_person *who)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_oid id;
	int rc = 0, err;

	if (git_oid_fromstr(&id, commit) < 0 ||
	    git_object_lookup(&target, s->repo, &id, GIT_OBJECT_COMMIT) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot read the commit to tag");
	if ((rc = make_sig(&sig, who)) < 0)
		goto done;
	err = git_tag_create(&id, s->repo, name, target, sig, message, 0);
	if (err == GIT_EEXISTS)
		rc = acc_error_set(ACC_EEXISTS, "tag '%s' already exists", name);
	else if (err < 0)
		rc = acc_store_git_fail(ACC_ERROR, "cannot create the tag");
done:
	git_signature_free(sig);
	git_object_free(target);
	return rc;
}

int acc_store_latest_tag(char **name, acc_oid_hex target, acc_store *s, const char *prefix,
			 const char *commit)
{
	git_strarray tags = {NULL, 0};
	char *pattern = acc_sprintf("%s*", prefix);
	long long best_time = -1;
	size_t i;
	int rc = 0;

	*name = NULL;
	if (!pattern)
		return ACC_ENOMEM;
	if (git_tag_list_match(&tags, pattern, s->repo) < 0) {
		free(pattern);
		return acc_store_git_fail(ACC_ERROR, "cannot list tags");
	}
	free(pattern);
	for (i = 0; i < tags.count; i++) {
		acc_oid_hex id;
		acc_commit_info ci = {0};
		char *ref = acc_sprintf("refs/tags/%s", tags.strings[i]);

		if (!ref) {
			rc = ACC_ENOMEM;
			break;
		}
		if (acc_store_resolve(s, id, ref) < 0 || !acc_store_is_ancestor(s, id, commit) ||
		    acc_store_commit_info(&ci, s, id) < 0) {
			free(ref);
			acc_commit_info_clear(&ci);
			continue;
		}
		free(ref);
		if (ci.time > best_time ||
		    (ci.time == best_time && *name && strcmp(tags.strings[i], *name) > 0)) {
			free(*name);
			if (!(*name = acc_strdup(tags.strings[i]))) {
				acc_commit_info_clear(&ci);
				rc = ACC_ENOMEM;
				break;
			}
			memcpy(target, id, sizeof(acc_oid_hex));
			best_time = ci.time;
		}
		acc_commit_info_clear(&ci);
	}
	git_strarray_dispose(&tags);
	acc_error_clear();
	if (rc == 0 && !*name)
		rc = ACC_ENOTFOUND;
	return rc;
}

int acc_store_untag(size_t *n, acc_store *s, const char *prefix, const char *commit)
{
	git_strarray tags = {NULL, 0};
	char *pattern = acc_sprintf("%s*", prefix);
	size_t i;
	int rc = 0;

	*n = 0;
	if (!pattern)
		return ACC_ENOMEM;
	if (git_tag_list_match(&tags, pattern, s->repo) < 0) {
		free(pattern);
		return acc_store_git_fail(ACC_ERROR, "cannot list tags");
	}
	free(pattern);
	for (i = 0; i < tags.count && rc == 0; i++) {
		acc_oid_hex id;
		char *ref = acc_sprintf("refs/tags/%s", tags.strings[i]);

		if (!ref) {
			rc = ACC_ENOMEM;
			break;
		}
		if (acc_store_resolve(s, id, ref) < 0)
			acc_error_clear();
		else if (strcmp(id, commit) == 0 && git_tag_delete(s->repo, tags.strings[i]) < 0)
			rc = acc_store_git_fail(ACC_ERROR, "cannot delete the tag");
		else if (strcmp(id, commit) == 0)
			(*n)++;
		free(ref);
	}
	git_strarray_dispose(&tags);
	return rc;
}
