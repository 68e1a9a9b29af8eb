/* store: reading a commit's tree as a source, states and blobs. */
#include "accord/store.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accord/record.h"

#include "internal.h"

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
	char *memo; /* the memo file, read once (tree_memo_get) */
	size_t memo_len;
	int memo_read;
	/* not NULL: the objects read are kept in this object memo when it
	 * does not hold them (a whole state for an export: load_state) */
	acc_blob_memo *keep;
} tree_ctx;

/* The memo file: lines "<folder id> <tag> <name>,<name>...", appended. */
#define MEMO_FILE "accord/memo"
/* A memo grown past this is dropped and starts again. */
#define MEMO_MAX (8u * 1024u * 1024u)

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
		int rc, kept;

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
		kept = !t->keep || acc_blob_memo_has(t->keep, git_tree_entry_id(e));
		if (acc_store_tree_lookup(&sub, t->store, git_tree_entry_id(e)) < 0) {
			rc = acc_store_git_fail(ACC_ERROR, key);
			free(key);
			return rc;
		}
		if (!kept)
			acc_blob_memo_keep_tree(t->keep, git_tree_entry_id(e));
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

/* While acc_store_load_clause reads (a view of the interface), the pages
 * of the packs are let go every READS_HELD records: a view that reads a
 * hundred amendments spread over a dozen packs keeps its peak memory.
 * A clause view reads every vote record of its amendments' ballots: at
 * the full preset letting go every 32 cost it 3-4 ms of CPU in page
 * faults; every 128 costs 2 MB more of peak memory. */
#define READS_HELD 128
static int reads_light;
static unsigned reads_count;

/* Reads a blob at path of the tree; ACC_ENOTFOUND when absent. */
static int tree_read(acc_source *src, const char *path, char **data, size_t *len,
		     char oid[ACC_OID_HEXLEN + 1])
{
	tree_ctx *t = src->ctx;

	if (reads_light && ++reads_count % READS_HELD == 0)
		acc_store_release_maps();
	const git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc = tree_entry(&e, t, path), kept;

	if (oid)
		oid[0] = '\0';
	if (rc < 0)
		return rc;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return ACC_ENOTFOUND;
	if (t->keep)
		rc = acc_blob_memo_blob(t->keep, git_tree_entry_id(e), data, len);
	else
		rc = ACC_ENOTFOUND;
	if (rc == 0) {
		/* kept whole, and hashed: one copy, not libgit2's two */
		if (*len > ACC_RECORD_MAX_SIZE) {
			free(*data);
			*data = NULL;
			return acc_error_set(ACC_EINVAL, "%s: larger than %u bytes", path,
					     ACC_RECORD_MAX_SIZE);
		}
		if (oid)
			git_oid_tostr(oid, ACC_OID_HEXLEN + 1, git_tree_entry_id(e));
		return 0;
	}
	if (rc != ACC_ENOTFOUND)
		return rc;
	rc = 0;
	kept = !t->keep;
	if (acc_store_blob_lookup(&blob, t->store, git_tree_entry_id(e)) < 0) {
		char what[4200];

		snprintf(what, sizeof(what), "%s (object %s)", path,
			 git_oid_tostr_s(git_tree_entry_id(e)));
		rc = acc_store_git_fail(ACC_ERROR, what);
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
	if (!kept)
		acc_blob_memo_keep(t->keep, git_tree_entry_id(e), GIT_OBJECT_BLOB, *data, *len);
done:
	git_blob_free(blob);
	return rc;
}

/* The id of the folder dir of the tree, read from its parent's entry
 * (the folder itself is not read); ACC_ENOTFOUND when absent. */
static int tree_dir_id(char hex[ACC_OID_HEXLEN + 1], tree_ctx *t, const char *dir)
{
	const char *slash = strrchr(dir, '/');
	const git_tree_entry *e;
	git_tree *parent = NULL;
	int rc = tree_dir(&parent, t, dir, slash ? (size_t)(slash - dir) : 0);

	if (rc < 0)
		return rc;
	e = git_tree_entry_byname(parent, slash ? slash + 1 : dir);
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return ACC_ENOTFOUND;
	git_oid_tostr(hex, ACC_OID_HEXLEN + 1, git_tree_entry_id(e));
	return 0;
}

/* The path of the memo file (malloc'd). */
static char *memo_path(tree_ctx *t)
{
	return acc_sprintf("%s%s", git_repository_path(t->store->repo), MEMO_FILE);
}

/* Reads the memo file once (none, unreadable or too big: empty). */
static void memo_load(tree_ctx *t)
{
	char *path;

	if (t->memo_read)
		return;
	t->memo_read = 1;
	if (!(path = memo_path(t)))
		return;
	if (acc_file_read(&t->memo, &t->memo_len, path, MEMO_MAX) < 0) {
		acc_error_clear();
		t->memo = NULL;
		t->memo_len = 0;
		if (access(path, F_OK) == 0)
			unlink(path); /* grown too big: start again */
	}
	free(path);
}

/* The names kept for folder dir (by its id) under tag (an acc_source
 * memo_get). */
static int tree_memo_get(acc_source *src, const char *dir, const char *tag, acc_strlist *names)
{
	tree_ctx *t = src->ctx;
	char hex[ACC_OID_HEXLEN + 1], *key;
	const char *p, *end;
	size_t klen;
	int rc;

	if ((rc = tree_dir_id(hex, t, dir)) < 0)
		return rc == ACC_ENOTFOUND ? ACC_ENOTFOUND : rc;
	memo_load(t);
	if (!t->memo || !(key = acc_sprintf("%s %s ", hex, tag)))
		return t->memo ? ACC_ENOMEM : ACC_ENOTFOUND;
	klen = strlen(key);
	p = t->memo;
	end = t->memo + t->memo_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break; /* a line being written: not kept yet */
		/* a line cut short (a full disk) runs into the next, whose
		 * spaces no list of names holds: not taken */
		if ((size_t)(nl - p) >= klen && memcmp(p, key, klen) == 0 &&
		    !memchr(p + klen, ' ', (size_t)(nl - p) - klen)) {
			const char *q = p + klen;

			free(key);
			while (q < nl && rc == 0) {
				const char *c = memchr(q, ',', (size_t)(nl - q));
				size_t n = c ? (size_t)(c - q) : (size_t)(nl - q);

				if (n && !(n == 1 && *q == '-'))
					rc = acc_strlist_addn(names, q, n);
				q += n + 1;
			}
			return rc;
		}
		p = nl + 1;
	}
	free(key);
	return ACC_ENOTFOUND;
}

/* Appends the names for folder dir (by its id) under tag to the memo
 * file, one line written at once (an acc_source memo_put). */
static void tree_memo_put(acc_source *src, const char *dir, const char *tag,
			  const acc_strlist *names)
{
	tree_ctx *t = src->ctx;
	acc_buf line = ACC_BUF_INIT;
	char hex[ACC_OID_HEXLEN + 1], *path = NULL;
	size_t i;
	int rc;

	if (tree_dir_id(hex, t, dir) < 0 || strchr(tag, ' ') || strchr(tag, '\n'))
		goto done;
	rc = acc_buf_printf(&line, "%s %s ", hex, tag);
	for (i = 0; i < names->count && rc == 0; i++) {
		if (strpbrk(names->items[i], ", \n") || !names->items[i][0] ||
		    strcmp(names->items[i], "-") == 0)
			goto done; /* not a name a line can hold */
		rc = acc_buf_printf(&line, "%s%s", i ? "," : "", names->items[i]);
	}
	if (rc < 0 || acc_buf_puts(&line, names->count ? "\n" : "-\n") < 0 ||
	    !(path = memo_path(t)))
		goto done;
	/* best effort: when it fails, the next export computes it again */
	acc_store_derived_append(t->store, path, line.ptr, line.size);
done:
	acc_error_clear();
	free(path);
	acc_buf_free(&line);
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
	free(t->memo);
	acc_blob_memo_flush(t->keep);
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
	if ((rc = acc_store_tree_of(&t->tree, NULL, s, commit)) < 0) {
		free(src);
		free(t);
		return rc;
	}
	src->read = tree_read;
	src->list = tree_list;
	src->blob_id = tree_blob_id;
	src->memo_get = tree_memo_get;
	src->memo_put = tree_memo_put;
	src->free = tree_free;
	src->ctx = t;
	*out = src;
	return 0;
}

/* Loads the whole state at commit: how 0 whole, 1 trimmed, 2 summary,
 * 3 ballots (acc_store_load_state and its variants). */
static int load_state(acc_state **out, acc_store *s, const char *commit, int how)
{
	acc_source *src = NULL;
	int rc;

	*out = NULL;
	if ((rc = acc_store_source(&src, s, commit)) < 0)
		return rc;
	/* an export's whole state: what it reads is kept undeltified for the
	 * next (a memo that cannot be opened is no memo) */
	if ((how == 2 || how == 3) && acc_blob_memo_use(&((tree_ctx *)src->ctx)->keep, s) < 0)
		acc_error_clear();
	rc = how == 1	? acc_state_load_trimmed(out, src)
	     : how == 2 ? acc_state_load_summary(out, src)
	     : how == 3 ? acc_state_load_ballots(out, src)
			: acc_state_load(out, src);
	if (rc == ACC_EINVAL)
		acc_error_prefix(rc, "invalid convention at %.12s", commit);
	if (rc == 0)
		snprintf((*out)->commit, sizeof((*out)->commit), "%s", commit);
	acc_source_free(src);
	return rc;
}

int acc_store_load_state(acc_state **out, acc_store *s, const char *commit)
{
	return load_state(out, s, commit, 0);
}

int acc_store_load_trimmed(acc_state **out, acc_store *s, const char *commit)
{
	return load_state(out, s, commit, 1);
}

int acc_store_load_summary(acc_state **out, acc_store *s, const char *commit)
{
	return load_state(out, s, commit, 2);
}

int acc_store_load_ballots(acc_state **out, acc_store *s, const char *commit)
{
	return load_state(out, s, commit, 3);
}

/* The identity of the registry at commit: the ids of its convention file
 * and orgs/ folder ("" when either is missing). */
static int registry_key(char *key, size_t size, acc_store *s, const char *commit)
{
	git_tree *tree = NULL;
	const git_tree_entry *conv, *orgs;
	int rc;

	key[0] = '\0';
	if ((rc = acc_store_tree_of(&tree, NULL, s, commit)) < 0)
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
	if (rc == 0)
		snprintf((*out)->commit, sizeof((*out)->commit), "%s", commit);
	return rc;
}

int acc_store_load_clause(acc_state **out, acc_store *s, const char *commit, const char *clause,
			  const acc_strlist *amendments)
{
	acc_source *src = NULL;
	char key[sizeof(s->reg_key)];
	int rc;

	*out = NULL;
	if ((rc = registry_key(key, sizeof(key), s, commit)) < 0 ||
	    (rc = acc_store_source(&src, s, commit)) < 0)
		return rc;
	/* the registry kept by acc_store_load_part, when it is this one */
	reads_light = 1;
	rc = acc_state_load_clause(out, src, clause, amendments,
				   key[0] && s->reg && !strcmp(key, s->reg_key) ? s->reg : NULL);
	reads_light = 0;
	if (rc == ACC_EINVAL)
		acc_error_prefix(rc, "invalid convention at %.12s", commit);
	acc_source_free(src);
	if (rc == 0)
		snprintf((*out)->commit, sizeof((*out)->commit), "%s", commit);
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
		return acc_store_git_fail(ACC_ENOTFOUND, oid);
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

	if (acc_store_lib_init() < 0)
		return ACC_ERROR;
	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot hash a blob");
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &id);
	return 0;
}
