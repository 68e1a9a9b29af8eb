/* store: the convention repository, through libgit2. */
#include "accord/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accord/record.h"

static int agent_credentials(git_credential **out, const char *url, const char *user,
			     unsigned int allowed, void *payload);

struct acc_store {
	git_repository *repo;
	char *branch; /* "refs/heads/main" */
	/* the registry last read by acc_store_load_part, and the ids of the
	 * convention file and orgs/ folder it was read from */
	acc_state *reg;
	char reg_key[2 * ACC_OID_HEXLEN + 2];
};

/* Records libgit2's last error as ours, prefixed with what we were doing. */
static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return acc_error_set(code, "%s: %s", what, e && e->message ? e->message : "git error");
}

/* Releases libgit2's global state when the process ends (caches, per-thread
 * data of the libraries it uses), so leak checkers see only real leaks. */
static void lib_shutdown(void)
{
	git_libgit2_shutdown();
}

/* Initialises libgit2 once per process, with fsync of the git dir on. */
static int lib_init(void)
{
	static int done;

	if (done)
		return 0;
	if (git_libgit2_init() < 0)
		return git_fail(ACC_ERROR, "cannot initialise libgit2");
	atexit(lib_shutdown);
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* the index and tests read objects right after writing them */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	/* like git, do not hash every object again on each read (a quarter of
	 * loading a large state): zlib's checksum still catches damage, and
	 * verify turns the check back on (acc_store_check_hashes) */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* keep folders of a few hundred entries (amendments/, a ballot's
	 * votes/) in libgit2's cache too */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)64 * 1024);
	/* but not a quarter of a gigabyte of commits read once by a walk */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)32 * 1024 * 1024);
	done = 1;
	return 0;
}

void acc_store_check_hashes(int on)
{
	if (lib_init() == 0)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on ? 1 : 0);
}

/* Finds which branch HEAD names. */
static int read_branch(acc_store *s)
{
	git_reference *head = NULL;
	int rc;

	if (git_reference_lookup(&head, s->repo, "HEAD") < 0)
		return git_fail(ACC_ERROR, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return acc_error_set(ACC_ERROR,
				     "HEAD is detached: check out the convention branch first");
	}
	s->branch = acc_strdup(git_reference_symbolic_target(head));
	rc = s->branch ? 0 : ACC_ENOMEM;
	git_reference_free(head);
	return rc;
}

int acc_store_open(acc_store **out, const char *path)
{
	acc_store *s;
	int rc;

	*out = NULL;
	if ((rc = lib_init()) < 0)
		return rc;
	if (!(s = acc_calloc(1, sizeof(*s))))
		return ACC_ENOMEM;
	if (git_repository_open_ext(&s->repo, path, 0, NULL) < 0) {
		free(s);
		return acc_error_set(ACC_ENOTFOUND,
				     "not in a convention: no git repository at or above %s", path);
	}
	if ((rc = read_branch(s)) < 0) {
		acc_store_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* 1 when the folder at path has no entries (or cannot be read). */
static int dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 1;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

int acc_store_init(acc_store **out, const char *path)
{
	git_repository_init_options opts;
	acc_store *s;
	struct stat st;
	int rc;

	*out = NULL;
	if ((rc = lib_init()) < 0)
		return rc;
	if (stat(path, &st) == 0) {
		git_repository *r = NULL;

		if (git_repository_open_ext(&r, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
			git_repository_free(r);
			return acc_error_set(ACC_EEXISTS, "%s: already a repository", path);
		}
		if (!S_ISDIR(st.st_mode))
			return acc_error_set(ACC_EEXISTS, "%s: exists and is not a folder", path);
		if (!dir_empty(path))
			return acc_error_set(ACC_EEXISTS, "%s: exists and is not empty", path);
	}
	if (!(s = acc_calloc(1, sizeof(*s))))
		return ACC_ENOMEM;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags =
	    GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	opts.description = "An accord convention: see `accord --help`.";
	if (git_repository_init_ext(&s->repo, path, &opts) < 0) {
		free(s);
		return git_fail(ACC_ERROR, path);
	}
	if ((rc = read_branch(s)) < 0) {
		acc_store_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int acc_store_clone(acc_store **out, const char *url, const char *path)
{
	git_clone_options opts;
	acc_store *s;
	int rc;

	*out = NULL;
	if ((rc = lib_init()) < 0)
		return rc;
	if (!(s = acc_calloc(1, sizeof(*s))))
		return ACC_ENOMEM;
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.bare = 1;
	opts.fetch_opts.callbacks.credentials = agent_credentials;
	if (git_clone(&s->repo, url, path, &opts) < 0) {
		free(s);
		return git_fail(ACC_ERROR, "cannot clone");
	}
	if ((rc = read_branch(s)) < 0) {
		acc_store_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void acc_store_free(acc_store *s)
{
	if (!s)
		return;
	git_repository_free(s->repo);
	acc_state_free(s->reg);
	free(s->branch);
	free(s);
}

const char *acc_store_gitdir(const acc_store *s)
{
	return git_repository_path(s->repo);
}

int acc_store_head(acc_store *s, acc_oid_hex out)
{
	git_oid id;
	int rc = git_reference_name_to_id(&id, s->repo, s->branch);

	out[0] = '\0';
	if (rc == GIT_ENOTFOUND)
		return acc_error_set(ACC_ENOTFOUND, "the convention has no commit yet");
	if (rc < 0)
		return git_fail(ACC_ERROR, "cannot read the convention branch");
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
	return 0;
}

int acc_store_resolve(acc_store *s, acc_oid_hex out, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int rc = 0;

	if (git_revparse_single(&obj, s->repo, rev) < 0)
		return acc_error_set(ACC_ENOTFOUND, "unknown revision '%s'", rev);
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		rc = acc_error_set(ACC_ENOTFOUND, "revision '%s' is not a commit", rev);
	else
		git_oid_tostr(out, ACC_OID_HEXLEN + 1, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

/* Commits walked back before asking libgit2 (see acc_store_is_ancestor). */
#define ANCESTOR_WALK 512

int acc_store_is_ancestor(acc_store *s, const char *ancestor, const char *descendant)
{
	git_oid a, d;

	if (git_oid_fromstr(&a, ancestor) < 0 || git_oid_fromstr(&d, descendant) < 0)
		return 0;
	if (git_oid_equal(&a, &d))
		return 1;
	/*
	 * The common question is whether what was indexed or synced a few
	 * actions ago is behind the tip.  libgit2 answers it by a merge-base
	 * search that reads the whole history (a second at a million
	 * commits), so first walk back a little from the descendant.
	 */
	{
		git_oid queue[ANCESTOR_WALK];
		size_t head = 0, tail = 0;
		int found = 0, done = 0;

		queue[tail++] = d;
		while (head < tail && !found) {
			git_commit *c = NULL;
			unsigned i, n;

			if (git_commit_lookup(&c, s->repo, &queue[head++]) < 0) {
				git_error_clear();
				break;
			}
			n = git_commit_parentcount(c);
			for (i = 0; i < n && !found; i++) {
				const git_oid *p = git_commit_parent_id(c, i);

				if (git_oid_equal(p, &a))
					found = 1;
				else if (tail < ANCESTOR_WALK)
					queue[tail++] = *p;
				else
					done = -1; /* too far: ask libgit2 */
			}
			git_commit_free(c);
		}
		if (found)
			return 1;
		if (done == 0 && head == tail)
			return 0; /* the whole history was walked */
	}
	return git_graph_descendant_of(s->repo, &d, &a) == 1;
}

/* Looks up the tree of a commit given in hex. */
static int commit_tree(git_tree **out, git_commit **commit_out, acc_store *s, const char *commit)
{
	git_oid id;
	git_commit *c = NULL;

	*out = NULL;
	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	if (git_commit_lookup(&c, s->repo, &id) < 0)
		return git_fail(ACC_ERROR, commit);
	if (git_commit_tree(out, c) < 0) {
		git_commit_free(c);
		return git_fail(ACC_ERROR, commit);
	}
	if (commit_out)
		*commit_out = c;
	else
		git_commit_free(c);
	return 0;
}

/* ---- tree source ---------------------------------------------------- */

#define TREE_CACHE 16

/* A tree being read, with its recently used folders kept parsed: a big
 * folder (thousands of clauses) is parsed once, not once per file. */
typedef struct {
	acc_store *store;
	git_tree *tree;
	struct {
		char *dir;
		git_tree *tree;
		unsigned long used;
	} cache[TREE_CACHE];
	unsigned long clock;
} tree_ctx;

/* Finds the folder dir of the tree (*out stays owned by the cache):
 * ACC_ENOTFOUND when absent or not a folder. */
static int tree_dir(git_tree **out, tree_ctx *t, const char *dir, size_t len)
{
	const git_tree_entry *e = NULL;
	git_tree *sub = NULL;
	char *key;
	size_t i, victim = 0;

	*out = NULL;
	if (len == 0) {
		*out = t->tree;
		return 0;
	}
	for (i = 0; i < TREE_CACHE; i++)
		if (t->cache[i].dir && strlen(t->cache[i].dir) == len &&
		    memcmp(t->cache[i].dir, dir, len) == 0) {
			t->cache[i].used = ++t->clock;
			*out = t->cache[i].tree;
			return 0;
		}
	/* descend from the parent folder, itself found (and kept) the same
	 * way: amendments/ is parsed once for 20,000 amendments, not once each */
	{
		const char *slash = memrchr(dir, '/', len);
		size_t plen = slash ? (size_t)(slash - dir) : 0;
		const char *name = slash ? slash + 1 : dir;
		git_tree *parent = NULL;
		int rc;

		if ((rc = tree_dir(&parent, t, dir, plen)) < 0)
			return rc;
		if (!(key = acc_strndup(name, len - (size_t)(name - dir))))
			return ACC_ENOMEM;
		e = git_tree_entry_byname(parent, key);
		free(key);
		if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
			return ACC_ENOTFOUND;
		if (!(key = acc_strndup(dir, len)))
			return ACC_ENOMEM;
		if (git_tree_lookup(&sub, t->store->repo, git_tree_entry_id(e)) < 0) {
			rc = git_fail(ACC_ERROR, key);
			free(key);
			return rc;
		}
	}
	for (i = 1; i < TREE_CACHE; i++)
		if (t->cache[i].used < t->cache[victim].used)
			victim = i;
	free(t->cache[victim].dir);
	git_tree_free(t->cache[victim].tree);
	t->cache[victim].dir = key;
	t->cache[victim].tree = sub;
	t->cache[victim].used = ++t->clock;
	*out = sub;
	return 0;
}

/* Finds the entry at path (borrowed from a cached folder). */
static int tree_entry(const git_tree_entry **out, tree_ctx *t, const char *path)
{
	const char *slash = strrchr(path, '/');
	git_tree *dir;
	int rc = tree_dir(&dir, t, path, slash ? (size_t)(slash - path) : 0);

	*out = NULL;
	if (rc < 0)
		return rc;
	*out = git_tree_entry_byname(dir, slash ? slash + 1 : path);
	return *out ? 0 : ACC_ENOTFOUND;
}

/* The blob id at path of the tree; ACC_ENOTFOUND when absent. */
static int tree_blob_id(acc_source *src, const char *path, char oid[ACC_OID_HEXLEN + 1])
{
	const git_tree_entry *e = NULL;
	int rc = tree_entry(&e, src->ctx, path);

	oid[0] = '\0';
	if (rc < 0)
		return rc;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return ACC_ENOTFOUND;
	git_oid_tostr(oid, ACC_OID_HEXLEN + 1, git_tree_entry_id(e));
	return 0;
}

/* Reads a blob at path of the tree; ACC_ENOTFOUND when absent. */
static int tree_read(acc_source *src, const char *path, char **data, size_t *len,
		     char oid[ACC_OID_HEXLEN + 1])
{
	tree_ctx *t = src->ctx;
	const git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc = tree_entry(&e, t, path);

	if (oid)
		oid[0] = '\0';
	if (rc < 0)
		return rc;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return ACC_ENOTFOUND;
	if (git_blob_lookup(&blob, t->store->repo, git_tree_entry_id(e)) < 0) {
		char what[4200];

		snprintf(what, sizeof(what), "%s (object %s)", path,
			 git_oid_tostr_s(git_tree_entry_id(e)));
		rc = git_fail(ACC_ERROR, what);
		goto done;
	}
	if (git_blob_rawsize(blob) > ACC_RECORD_MAX_SIZE) {
		rc = acc_error_set(ACC_EINVAL, "%s: larger than %u bytes", path,
				   ACC_RECORD_MAX_SIZE);
		goto done;
	}
	*len = (size_t)git_blob_rawsize(blob);
	if (!(*data = acc_strndup(git_blob_rawcontent(blob), *len))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (oid)
		git_oid_tostr(oid, ACC_OID_HEXLEN + 1, git_tree_entry_id(e));
done:
	git_blob_free(blob);
	return rc;
}

/* Compares two strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the names in a folder of the tree, sorted bytewise. */
static int tree_list(acc_source *src, const char *dir, acc_strlist *names)
{
	tree_ctx *t = src->ctx;
	git_tree *sub = NULL;
	size_t i, n;
	int rc = tree_dir(&sub, t, dir, strlen(dir));

	if (rc == ACC_ENOTFOUND)
		return 0; /* an absent folder lists nothing */
	if (rc < 0)
		return rc;
	n = git_tree_entrycount(sub);
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_strlist_add(names, git_tree_entry_name(git_tree_entry_byindex(sub, i)));
	if (names->count > 1)
		qsort(names->items, names->count, sizeof(char *), cmp_str);
	return rc;
}

/* Frees the tree context. */
static void tree_free(acc_source *src)
{
	tree_ctx *t = src->ctx;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < TREE_CACHE; i++) {
		free(t->cache[i].dir);
		git_tree_free(t->cache[i].tree);
	}
	git_tree_free(t->tree);
	free(t);
}

int acc_store_source(acc_source **out, acc_store *s, const char *commit)
{
	acc_source *src = acc_calloc(1, sizeof(*src));
	tree_ctx *t = acc_calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (!src || !t) {
		free(src);
		free(t);
		return ACC_ENOMEM;
	}
	t->store = s;
	if ((rc = commit_tree(&t->tree, NULL, s, commit)) < 0) {
		free(src);
		free(t);
		return rc;
	}
	src->read = tree_read;
	src->list = tree_list;
	src->blob_id = tree_blob_id;
	src->free = tree_free;
	src->ctx = t;
	*out = src;
	return 0;
}

int acc_store_load_state(acc_state **out, acc_store *s, const char *commit)
{
	acc_source *src = NULL;
	int rc;

	*out = NULL;
	if ((rc = acc_store_source(&src, s, commit)) < 0)
		return rc;
	rc = acc_state_load(out, src);
	if (rc == ACC_EINVAL)
		acc_error_prefix(rc, "invalid convention at %.12s", commit);
	acc_source_free(src);
	return rc;
}

/* The identity of the registry at commit: the ids of its convention file
 * and orgs/ folder ("" when either is missing). */
static int registry_key(char *key, size_t size, acc_store *s, const char *commit)
{
	git_tree *tree = NULL;
	const git_tree_entry *conv, *orgs;
	int rc;

	key[0] = '\0';
	if ((rc = commit_tree(&tree, NULL, s, commit)) < 0)
		return rc;
	conv = git_tree_entry_byname(tree, "convention");
	orgs = git_tree_entry_byname(tree, "orgs");
	if (conv && orgs) {
		char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];

		git_oid_tostr(a, sizeof(a), git_tree_entry_id(conv));
		git_oid_tostr(b, sizeof(b), git_tree_entry_id(orgs));
		snprintf(key, size, "%s:%s", a, b);
	}
	git_tree_free(tree);
	return 0;
}

int acc_store_load_part(acc_state **out, acc_store *s, const char *commit, const char *amendment)
{
	acc_source *src = NULL;
	char key[sizeof(s->reg_key)];
	int rc, same;

	*out = NULL;
	if ((rc = registry_key(key, sizeof(key), s, commit)) < 0 ||
	    (rc = acc_store_source(&src, s, commit)) < 0)
		return rc;
	same = key[0] && s->reg && strcmp(key, s->reg_key) == 0;
	rc = acc_state_load_part_reg(out, src, amendment, same ? s->reg : NULL);
	if (rc == ACC_EINVAL)
		acc_error_prefix(rc, "invalid convention at %.12s", commit);
	acc_source_free(src);
	if (rc == 0 && !same && key[0]) {
		/* keep this registry for the next action (best effort) */
		acc_state *reg = NULL;

		acc_state_free(s->reg);
		s->reg = NULL;
		s->reg_key[0] = '\0';
		if (acc_state_registry_copy(&reg, *out) == 0) {
			s->reg = reg;
			memcpy(s->reg_key, key, sizeof(key));
		} else {
			acc_error_clear();
		}
	}
	return rc;
}

int acc_store_read_blob(char **out, size_t *len, acc_store *s, const char *oid)
{
	git_blob *blob = NULL;
	git_oid id;
	int rc = 0;

	*out = NULL;
	if (git_oid_fromstr(&id, oid) < 0)
		return acc_error_set(ACC_EINVAL, "invalid blob id '%s'", oid);
	if (git_blob_lookup(&blob, s->repo, &id) < 0)
		return git_fail(ACC_ENOTFOUND, oid);
	if (git_blob_rawsize(blob) > ACC_RECORD_MAX_SIZE)
		rc = acc_error_set(ACC_EINVAL, "blob %s: larger than %u bytes", oid,
				   ACC_RECORD_MAX_SIZE);
	else if (!(*out = acc_strndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob))))
		rc = ACC_ENOMEM;
	else
		*len = (size_t)git_blob_rawsize(blob);
	git_blob_free(blob);
	return rc;
}

int acc_store_hash_blob(acc_oid_hex out, const char *data, size_t len)
{
	git_oid id;

	if (lib_init() < 0)
		return ACC_ERROR;
	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) < 0)
		return git_fail(ACC_ERROR, "cannot hash a blob");
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
	return 0;
}

/* ---- writing ---------------------------------------------------------- */

/* Makes a git signature for who. */
static int make_sig(git_signature **out, const acc_person *who)
{
	if (git_signature_new(out, who->name, who->email, (git_time_t)who->when, who->offset) < 0)
		return git_fail(ACC_EINVAL, "invalid author");
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
		return git_fail(ACC_ERROR, "cannot build a tree");
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
			rc = git_fail(ACC_ERROR, changes[i].path);
	}
	if (rc == 0 && git_index_write_tree_to(&id, ix, s->repo) < 0)
		rc = git_fail(ACC_ERROR, "cannot write the tree");
	if (rc == 0 && git_tree_lookup(out, s->repo, &id) < 0)
		rc = git_fail(ACC_ERROR, "cannot read the new tree");
	git_index_free(ix);
	return rc;
}

/* Builds the tree of base (or a new tree) with changes applied. */
static int build_tree(git_tree **out, acc_store *s, git_tree *base, const acc_change *changes,
		      size_t n)
{
	git_tree_update *ups = NULL;
	git_oid id;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!base)
		return build_root_tree(out, s, changes, n);
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
				rc = git_fail(ACC_ERROR, changes[i].path);
				goto done;
			}
		} else {
			ups[i].action = GIT_TREE_UPDATE_REMOVE;
		}
	}
	if (git_tree_create_updated(&id, s->repo, base, n, ups) < 0) {
		rc = git_fail(ACC_ERROR, "cannot build the new tree");
		goto done;
	}
	if (git_tree_lookup(out, s->repo, &id) < 0)
		rc = git_fail(ACC_ERROR, "cannot read the new tree");
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
		return git_fail(ACC_ERROR, "cannot update the convention branch");
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
			rc = git_fail(ACC_ERROR, "cannot read the parent commit");
			goto done;
		}
	}
	if (!sign) {
		if (git_commit_create(out, s->repo, NULL, sig, sig, NULL, message, tree, pc ? 1 : 0,
				      (const git_commit **)&pc) < 0)
			rc = git_fail(ACC_ERROR, "cannot write the commit");
		goto done;
	}
	if (git_commit_create_buffer(&buf, s->repo, sig, sig, NULL, message, tree, pc ? 1 : 0,
				     (const git_commit **)&pc) < 0) {
		rc = git_fail(ACC_ERROR, "cannot build the commit");
		goto done;
	}
	if ((rc = sign(&ssh, buf.ptr, buf.size, payload)) < 0)
		goto done;
	if (git_commit_create_with_signature(out, s->repo, buf.ptr, ssh, NULL) < 0)
		rc = git_fail(ACC_ERROR, "cannot write the signed commit");
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

	if (parent && (rc = commit_tree(&base, NULL, s, parent)) < 0)
		return rc;
	if ((rc = build_tree(&tree, s, base, changes, n)) < 0)
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

int acc_store_commit_signed(acc_store *s, acc_oid_hex out, const char *parent,
			    const acc_change *changes, size_t n, const char *message,
			    const acc_person *who, acc_sign_fn sign, void *payload)
{
	acc_oid_hex id;
	char subject[80];
	git_oid oid;
	int rc;

	if ((rc = acc_store_commit_object(s, id, parent, changes, n, message, who, sign, payload)) <
	    0)
		return rc;
	snprintf(subject, sizeof(subject), "accord: %.*s", (int)strcspn(message, "\n"), message);
	git_oid_fromstr(&oid, id);
	if ((rc = move_branch(s, &oid, parent, subject)) < 0)
		return rc;
	memcpy(out, id, sizeof(acc_oid_hex));
	return 0;
}

int acc_store_lock(acc_store *s, int *fd)
{
	char *dir = acc_sprintf("%saccord", git_repository_path(s->repo));
	char *path = dir ? acc_sprintf("%s/write.lock", dir) : NULL;
	char *stale = acc_sprintf("%s%s.lock", git_repository_path(s->repo), s->branch);
	int rc = 0;

	*fd = -1;
	if (!path || !stale) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", dir, strerror(errno));
		goto done;
	}
	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot open %s: %s", path, strerror(errno));
		goto done;
	}
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			rc = acc_error_set(ACC_ERROR, "cannot lock %s: %s", path, strerror(errno));
			close(*fd);
			*fd = -1;
			goto done;
		}
	}
	/* we are the only accord writer now: a branch lock file left behind
	 * can only be the remains of a writer that was killed */
	if (unlink(stale) == 0)
		acc_error_clear();
done:
	free(dir);
	free(path);
	free(stale);
	return rc;
}

void acc_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

int acc_store_move_branch(acc_store *s, const char *to, const char *from, const char *why)
{
	git_oid id;

	if (git_oid_fromstr(&id, to) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", to);
	return move_branch(s, &id, from, why);
}

int acc_store_ref(acc_store *s, acc_oid_hex out, const char *name)
{
	git_oid id;
	int err = git_reference_name_to_id(&id, s->repo, name);

	out[0] = '\0';
	if (err == GIT_ENOTFOUND) {
		acc_error_clear();
		return ACC_ENOTFOUND;
	}
	if (err < 0)
		return git_fail(ACC_ERROR, name);
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
	return 0;
}

int acc_store_set_ref(acc_store *s, const char *name, const char *to, const char *why)
{
	git_reference *ref = NULL;
	git_oid id;

	if (git_oid_fromstr(&id, to) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", to);
	if (git_reference_create(&ref, s->repo, name, &id, 1, why) < 0)
		return git_fail(ACC_ERROR, name);
	git_reference_free(ref);
	return 0;
}

int acc_store_merge_base(acc_store *s, acc_oid_hex out, const char *a, const char *b)
{
	git_oid x, y, m;
	int err;

	if (git_oid_fromstr(&x, a) < 0 || git_oid_fromstr(&y, b) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id");
	err = git_merge_base(&m, s->repo, &x, &y);
	if (err == GIT_ENOTFOUND) {
		acc_error_clear();
		return ACC_ENOTFOUND;
	}
	if (err < 0)
		return git_fail(ACC_ERROR, "cannot find a common ancestor");
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &m);
	return 0;
}

int acc_store_count(acc_store *s, size_t *n, const char *from, const char *hide)
{
	git_revwalk *w = NULL;
	git_oid id;
	int rc = 0, err;

	*n = 0;
	if (git_revwalk_new(&w, s->repo) < 0)
		return git_fail(ACC_ERROR, "cannot walk history");
	if (git_oid_fromstr(&id, from) < 0 || git_revwalk_push(w, &id) < 0) {
		rc = git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	if (hide && hide[0] && (git_oid_fromstr(&id, hide) < 0 || git_revwalk_hide(w, &id) < 0)) {
		rc = git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	while ((err = git_revwalk_next(&id, w)) == 0)
		(*n)++;
	if (err != GIT_ITEROVER)
		rc = git_fail(ACC_ERROR, "cannot walk history");
done:
	git_revwalk_free(w);
	return rc;
}

/* Credentials for ssh remotes: the user's ssh-agent. */
static int agent_credentials(git_credential **out, const char *url, const char *user,
			     unsigned int allowed, void *payload)
{
	(void)url;
	(void)payload;
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out, user ? user : "git");
	return GIT_PASSTHROUGH;
}

int acc_store_fetch(acc_store *s, acc_oid_hex out, const char *remote, const char *into)
{
	git_remote *r = NULL;
	git_fetch_options fo;
	char *spec = acc_sprintf("+%s:%s", s->branch, into);
	char *specs[1];
	git_strarray arr = {specs, 1};
	int rc = 0;

	out[0] = '\0';
	if (!spec)
		return ACC_ENOMEM;
	specs[0] = spec;
	if (git_remote_lookup(&r, s->repo, remote) < 0) {
		rc = acc_error_set(ACC_ENOTFOUND, "no remote '%s' (add one with git remote add)",
				   remote);
		goto done;
	}
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks.credentials = agent_credentials;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	if (git_remote_fetch(r, &arr, &fo, "accord: fetch") < 0) {
		rc = git_fail(ACC_ERROR, "cannot fetch");
		goto done;
	}
	rc = acc_store_ref(s, out, into);
	if (rc == ACC_ENOTFOUND)
		rc = acc_error_set(ACC_ENOTFOUND, "the remote '%s' has no %s", remote, s->branch);
done:
	git_remote_free(r);
	free(spec);
	return rc;
}

/* Records a rejected reference update reported by the remote. */
static int push_status(const char *ref, const char *status, void *payload)
{
	int *rejected = payload;

	(void)ref;
	if (status)
		*rejected = 1;
	return 0;
}

int acc_store_push(acc_store *s, const char *remote)
{
	git_remote *r = NULL;
	git_push_options po;
	char *spec = acc_sprintf("%s:%s", s->branch, s->branch);
	char *specs[1];
	git_strarray arr = {specs, 1};
	int rc = 0, rejected = 0, err;

	if (!spec)
		return ACC_ENOMEM;
	specs[0] = spec;
	if (git_remote_lookup(&r, s->repo, remote) < 0) {
		rc = acc_error_set(ACC_ENOTFOUND, "no remote '%s'", remote);
		goto done;
	}
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.credentials = agent_credentials;
	po.callbacks.push_update_reference = push_status;
	po.callbacks.payload = &rejected;
	err = git_remote_push(r, &arr, &po);
	if (err == GIT_ENONFASTFORWARD || rejected)
		rc = acc_error_set(ACC_EMODIFIED, "the remote moved on meanwhile");
	else if (err < 0)
		rc = git_fail(ACC_ERROR, "cannot push");
done:
	git_remote_free(r);
	free(spec);
	return rc;
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

	if ((rc = build_tree(&tree, s, NULL, changes, n)) < 0)
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
		return git_fail(ACC_ERROR, commit);
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
		return git_fail(ACC_ERROR, "cannot read the commit to tag");
	if ((rc = make_sig(&sig, who)) < 0)
		goto done;
	err = git_tag_create(&id, s->repo, name, target, sig, message, 0);
	if (err == GIT_EEXISTS)
		rc = acc_error_set(ACC_EEXISTS, "tag '%s' already exists", name);
	else if (err < 0)
		rc = git_fail(ACC_ERROR, "cannot create the tag");
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
		return git_fail(ACC_ERROR, "cannot list tags");
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

/* ---- reading history --------------------------------------------------- */

void acc_commit_info_clear(acc_commit_info *c)
{
	free(c->author_name);
	free(c->author_email);
	free(c->message);
	memset(c, 0, sizeof(*c));
}

/* Fills out from a looked-up commit. */
static int fill_info(acc_commit_info *out, const git_commit *c)
{
	const git_signature *a = git_commit_author(c);

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	out->nparents = git_commit_parentcount(c);
	if (out->nparents)
		git_oid_tostr(out->parent, sizeof(out->parent), git_commit_parent_id(c, 0));
	out->time = (long long)git_commit_time(c);
	out->offset = git_commit_time_offset(c);
	out->author_name = acc_strdup(a->name);
	out->author_email = acc_strdup(a->email);
	out->message = acc_strdup(git_commit_message(c));
	if (!out->author_name || !out->author_email || !out->message) {
		acc_commit_info_clear(out);
		return ACC_ENOMEM;
	}
	return 0;
}

int acc_store_commit_info(acc_commit_info *out, acc_store *s, const char *commit)
{
	git_commit *c = NULL;
	git_oid id;
	int rc;

	memset(out, 0, sizeof(*out));
	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	if (git_commit_lookup(&c, s->repo, &id) < 0)
		return git_fail(ACC_ERROR, commit);
	rc = fill_info(out, c);
	git_commit_free(c);
	return rc;
}

/* First-parent commits walked back before handing a walk to libgit2. */
#define WALK_CHAIN 4096

/*
 * The walk of the few commits since stop, as git_revwalk would give them
 * (first parents, oldest first), without git_revwalk: with a commit hidden
 * and topological order, libgit2 paints far back into the history (three
 * seconds at a million commits) even when stop is the parent.  *done is
 * set when stop is on the first-parent chain within WALK_CHAIN commits (cb
 * was called as the walk would; its non-zero return is returned), left 0
 * when not (the caller walks).
 */
static int walk_chain(int *done, acc_store *s, const git_oid *from, const git_oid *stop,
		      int (*cb)(const acc_commit_info *c, void *payload), void *payload)
{
	git_oid *chain = acc_calloc(WALK_CHAIN, sizeof(git_oid)), cur = *from;
	size_t n = 0;
	int rc = 0, found = 0;

	if (!chain)
		return ACC_ENOMEM;
	while (n < WALK_CHAIN) {
		git_commit *c = NULL;

		if (git_oid_equal(&cur, stop)) {
			found = 1;
			break;
		}
		if (git_commit_lookup(&c, s->repo, &cur) < 0) {
			rc = git_fail(ACC_ERROR, "cannot read a commit");
			break;
		}
		chain[n++] = cur;
		if (git_commit_parentcount(c) == 0) {
			git_commit_free(c);
			break;
		}
		cur = *git_commit_parent_id(c, 0);
		git_commit_free(c);
	}
	while (rc == 0 && found && n > 0) {
		git_commit *c = NULL;
		acc_commit_info ci;

		if (git_commit_lookup(&c, s->repo, &chain[--n]) < 0) {
			rc = git_fail(ACC_ERROR, "cannot read a commit");
			break;
		}
		rc = fill_info(&ci, c);
		git_commit_free(c);
		if (rc < 0)
			break;
		rc = cb(&ci, payload);
		acc_commit_info_clear(&ci);
	}
	free(chain);
	*done = found;
	return rc;
}

int acc_store_walk(acc_store *s, const char *from, const char *stop,
		   int (*cb)(const acc_commit_info *c, void *payload), void *payload)
{
	git_revwalk *w = NULL;
	git_oid id;
	int rc = 0, err;

	if (stop && stop[0]) {
		git_oid fid, sid;
		int done = 0;

		if (git_oid_fromstr(&fid, from) < 0 || git_oid_fromstr(&sid, stop) < 0)
			return acc_error_set(ACC_EINVAL, "cannot walk history: invalid commit id");
		rc = walk_chain(&done, s, &fid, &sid, cb, payload);
		if (rc || done)
			return rc;
	}

	if (git_revwalk_new(&w, s->repo) < 0)
		return git_fail(ACC_ERROR, "cannot walk history");
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	git_revwalk_simplify_first_parent(w);
	if (git_oid_fromstr(&id, from) < 0 || git_revwalk_push(w, &id) < 0) {
		rc = git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	if (stop && stop[0]) {
		git_oid sid;

		if (git_oid_fromstr(&sid, stop) < 0 || git_revwalk_hide(w, &sid) < 0) {
			rc = git_fail(ACC_ERROR, "cannot walk history");
			goto done;
		}
	}
	while ((err = git_revwalk_next(&id, w)) == 0) {
		git_commit *c = NULL;
		acc_commit_info ci;

		if (git_commit_lookup(&c, s->repo, &id) < 0) {
			rc = git_fail(ACC_ERROR, "cannot read a commit");
			goto done;
		}
		rc = fill_info(&ci, c);
		git_commit_free(c);
		if (rc < 0)
			goto done;
		rc = cb(&ci, payload);
		acc_commit_info_clear(&ci);
		if (rc)
			goto done;
	}
	if (err != GIT_ITEROVER)
		rc = git_fail(ACC_ERROR, "cannot walk history");
done:
	git_revwalk_free(w);
	return rc;
}

/* Adds every blob path under tree (prefix/) to out. */
static int list_all(acc_strlist *out, acc_store *s, const git_tree *tree, const char *prefix)
{
	size_t i, n = git_tree_entrycount(tree);
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		char *path = acc_sprintf("%s%s", prefix, git_tree_entry_name(e));

		if (!path)
			return ACC_ENOMEM;
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;
			char *p2 = acc_sprintf("%s/", path);

			if (!p2 || git_tree_lookup(&sub, s->repo, git_tree_entry_id(e)) < 0)
				rc = p2 ? git_fail(ACC_ERROR, path) : ACC_ENOMEM;
			else
				rc = list_all(out, s, sub, p2);
			git_tree_free(sub);
			free(p2);
		} else {
			rc = acc_strlist_add(out, path);
		}
		free(path);
	}
	return rc;
}

/* Orders tree entries as git does: a folder's name compares as if it
 * ended with '/', so "q-r" < "q/" < "q0". */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
	int c = memcmp(na, nb, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = n < la ? (unsigned char)na[n] : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	cb = n < lb ? (unsigned char)nb[n] : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

/* Compares trees a and b (either may be NULL), recursing only into
 * subtrees whose ids differ. */
static int diff_trees(acc_strlist *out, acc_store *s, const git_tree *a, const git_tree *b,
		      const char *prefix)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	       nb = b ? git_tree_entrycount(b) : 0;
	int rc = 0;

	while ((i < na || j < nb) && rc == 0) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
		const git_tree_entry *e1 = c <= 0 ? ea : NULL, *e2 = c >= 0 ? eb : NULL;
		const git_tree_entry *any = e1 ? e1 : e2;
		char *path;

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (e1 && e2 && git_oid_equal(git_tree_entry_id(e1), git_tree_entry_id(e2)))
			continue;
		if (!(path = acc_sprintf("%s%s", prefix, git_tree_entry_name(any))))
			return ACC_ENOMEM;
		{
			git_tree *t1 = NULL, *t2 = NULL;
			int d1 = e1 && git_tree_entry_type(e1) == GIT_OBJECT_TREE;
			int d2 = e2 && git_tree_entry_type(e2) == GIT_OBJECT_TREE;
			char *p2 = acc_sprintf("%s/", path);

			if (!p2)
				rc = ACC_ENOMEM;
			if (rc == 0 && d1 &&
			    git_tree_lookup(&t1, s->repo, git_tree_entry_id(e1)) < 0)
				rc = git_fail(ACC_ERROR, path);
			if (rc == 0 && d2 &&
			    git_tree_lookup(&t2, s->repo, git_tree_entry_id(e2)) < 0)
				rc = git_fail(ACC_ERROR, path);
			if (rc == 0 && (d1 || d2))
				rc = diff_trees(out, s, t1, t2, p2);
			if (rc == 0 && ((e1 && !d1) || (e2 && !d2)))
				rc = acc_strlist_add(out, path);
			git_tree_free(t1);
			git_tree_free(t2);
			free(p2);
		}
		free(path);
	}
	(void)list_all;
	return rc;
}

int acc_store_changed_paths(acc_strlist *out, acc_store *s, const char *old_commit,
			    const char *new_commit)
{
	git_tree *a = NULL, *b = NULL;
	int rc = 0;

	if (old_commit && old_commit[0] && (rc = commit_tree(&a, NULL, s, old_commit)) < 0)
		return rc;
	if (new_commit && new_commit[0] && (rc = commit_tree(&b, NULL, s, new_commit)) < 0)
		goto done;
	rc = diff_trees(out, s, a, b, "");
done:
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

int acc_store_merge3(char **out, int *conflict, const char *base, const char *ours,
		     const char *theirs)
{
	git_merge_file_input in[3];
	git_merge_file_options opts;
	git_merge_file_result res = {0};
	const char *texts[3] = {base, ours, theirs};
	int i, rc = 0;

	*out = NULL;
	*conflict = 0;
	if ((rc = lib_init()) < 0)
		return rc;
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	for (i = 0; i < 3; i++) {
		git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
		in[i].ptr = texts[i];
		in[i].size = strlen(texts[i]);
		in[i].path = "clause";
		in[i].mode = GIT_FILEMODE_BLOB;
	}
	opts.ancestor_label = "drafted against";
	opts.our_label = "current text";
	opts.their_label = "amendment";
	if (git_merge_file(&res, &in[0], &in[1], &in[2], &opts) < 0)
		return git_fail(ACC_ERROR, "cannot merge");
	*conflict = !res.automergeable;
	if (!(*out = acc_strndup(res.ptr ? res.ptr : "", res.ptr ? res.len : 0)))
		rc = ACC_ENOMEM;
	git_merge_file_result_free(&res);
	return rc;
}

int acc_store_config(char **out, acc_store *s, const char *key)
{
	git_config *cfg = NULL;
	git_buf buf = {0};
	int rc = 0, err;

	*out = NULL;
	if (s) {
		err = git_repository_config_snapshot(&cfg, s->repo);
	} else {
		git_config *live = NULL;

		if ((rc = lib_init()) < 0)
			return rc;
		err = git_config_open_default(&live);
		if (err == 0) {
			err = git_config_snapshot(&cfg, live);
			git_config_free(live);
		}
	}
	if (err < 0)
		return ACC_ENOTFOUND;
	err = git_config_get_string_buf(&buf, cfg, key);
	if (err < 0)
		rc = ACC_ENOTFOUND;
	else if (!(*out = acc_strdup(buf.ptr)))
		rc = ACC_ENOMEM;
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return rc;
}

/* ---- modes and times (verify) -------------------------------------------- */

/* Appends one entry to a growing array of mode entries. */
static int mode_add(acc_mode_entries *l, const char *path, unsigned old_mode, unsigned new_mode)
{
	if (l->count == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 16;
		acc_mode_entry *p = acc_realloc(l->items, na * sizeof(*p));

		if (!p)
			return ACC_ENOMEM;
		l->items = p;
		l->alloc = na;
	}
	if (!(l->items[l->count].path = acc_strdup(path)))
		return ACC_ENOMEM;
	l->items[l->count].old_mode = old_mode;
	l->items[l->count].new_mode = new_mode;
	l->count++;
	return 0;
}

/* Compares trees a and b (either may be NULL) by id and stored mode,
 * recursing only into subtrees that differ. */
static int diff_modes(acc_mode_entries *out, acc_store *s, const git_tree *a, const git_tree *b,
		      const char *prefix)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	       nb = b ? git_tree_entrycount(b) : 0;
	int rc = 0;

	while ((i < na || j < nb) && rc == 0) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
		const git_tree_entry *e1 = c <= 0 ? ea : NULL, *e2 = c >= 0 ? eb : NULL;
		unsigned m1 = e1 ? (unsigned)git_tree_entry_filemode_raw(e1) : 0;
		unsigned m2 = e2 ? (unsigned)git_tree_entry_filemode_raw(e2) : 0;
		int d1 = e1 && git_tree_entry_type(e1) == GIT_OBJECT_TREE;
		int d2 = e2 && git_tree_entry_type(e2) == GIT_OBJECT_TREE;
		git_tree *t1 = NULL, *t2 = NULL;
		char *path;

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (e1 && e2 && m1 == m2 &&
		    git_oid_equal(git_tree_entry_id(e1), git_tree_entry_id(e2)))
			continue;
		if (!(path = acc_sprintf("%s%s", prefix, git_tree_entry_name(e1 ? e1 : e2))))
			return ACC_ENOMEM;
		if (d1 && git_tree_lookup(&t1, s->repo, git_tree_entry_id(e1)) < 0)
			rc = git_fail(ACC_ERROR, path);
		if (rc == 0 && d2 && git_tree_lookup(&t2, s->repo, git_tree_entry_id(e2)) < 0)
			rc = git_fail(ACC_ERROR, path);
		if (rc == 0 && d2 && m2 != 040000)
			rc = mode_add(out, path, d1 ? m1 : 0, m2);
		if (rc == 0 && (d1 || d2)) {
			char *sub = acc_sprintf("%s/", path);

			rc = sub ? diff_modes(out, s, t1, t2, sub) : ACC_ENOMEM;
			free(sub);
		}
		if (rc == 0 && ((e1 && !d1) || (e2 && !d2)))
			rc = mode_add(out, path, d1 ? 0 : m1, d2 ? 0 : m2);
		git_tree_free(t1);
		git_tree_free(t2);
		free(path);
	}
	return rc;
}

int acc_store_changed_modes(acc_mode_entries *out, acc_store *s, const char *old_commit,
			    const char *new_commit)
{
	git_tree *a = NULL, *b = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (old_commit && old_commit[0] && (rc = commit_tree(&a, NULL, s, old_commit)) < 0)
		return rc;
	if (new_commit && new_commit[0] && (rc = commit_tree(&b, NULL, s, new_commit)) < 0)
		goto done;
	rc = diff_modes(out, s, a, b, "");
done:
	git_tree_free(a);
	git_tree_free(b);
	if (rc < 0)
		acc_mode_entries_free(out);
	return rc;
}

void acc_mode_entries_free(acc_mode_entries *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->items[i].path);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int acc_store_commit_times(long long *author, long long *committer, acc_store *s,
			   const char *commit)
{
	git_commit *c = NULL;
	git_oid id;

	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	if (git_commit_lookup(&c, s->repo, &id) < 0)
		return git_fail(ACC_ERROR, commit);
	*author = (long long)git_commit_author(c)->when.time;
	*committer = (long long)git_commit_committer(c)->when.time;
	git_commit_free(c);
	return 0;
}
