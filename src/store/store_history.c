/* store: walks and history queries: ancestry, counts, commit info,
 * changed paths and three-way merges. */
#include "accord/store.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"

#include "internal.h"

/* Commits walked back before asking libgit2 (see acc_store_is_ancestor). */
#define ANCESTOR_WALK 512

/* The nearest commits of a short walk (the action just made, the one
 * before it): read through the store's cache, which the question whether
 * the index is behind, its walk and the walk's reading of each commit all
 * ask in turn, rather than three times from a loose object. */
#define NEAR_CHAIN 4

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

			const git_oid *id = &queue[head++];

			/* the nearest through the store's cache: the walk of the
			 * index reads them again next */
			if ((head <= NEAR_CHAIN ? acc_store_commit_lookup(&c, s, id)
						: git_commit_lookup(&c, s->repo, id)) < 0) {
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
		return acc_store_git_fail(ACC_ERROR, "cannot find a common ancestor");
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
		return acc_store_git_fail(ACC_ERROR, "cannot walk history");
	if (git_oid_fromstr(&id, from) < 0 || git_revwalk_push(w, &id) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	if (hide && hide[0] && (git_oid_fromstr(&id, hide) < 0 || git_revwalk_hide(w, &id) < 0)) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	while ((err = git_revwalk_next(&id, w)) == 0)
		(*n)++;
	if (err != GIT_ITEROVER)
		rc = acc_store_git_fail(ACC_ERROR, "cannot walk history");
done:
	git_revwalk_free(w);
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
		return acc_store_git_fail(ACC_ERROR, commit);
	rc = fill_info(out, c);
	git_commit_free(c);
	return rc;
}

/* First-parent commits walked back, when the walk stops at a commit,
 * before handing the walk to libgit2. */
#define WALK_CHAIN 4096

/* First parents read between two releases of the packs' pages (a million
 * lookups touch every page of their indexes). */
#define RELEASE_CHAIN 4096

/* The commits a walk visits, oldest first. */
struct acc_chain {
	git_oid *ids;
	size_t count, alloc;
};

/* Appends id to the chain. */
static int chain_add(acc_chain *ch, const git_oid *id)
{
	if (ch->count == ch->alloc) {
		size_t na = ch->alloc ? ch->alloc * 2 : 32;
		git_oid *p = acc_realloc(ch->ids, na * sizeof(*p));

		if (!p)
			return ACC_ENOMEM;
		ch->ids = p;
		ch->alloc = na;
	}
	ch->ids[ch->count++] = *id;
	return 0;
}

/* Reads the first parent of commit id from its raw object (*has 0 for a
 * root): without libgit2's object cache, which a walk of a million commits
 * read once would only churn, nor parsing what the walk does not need. */
static int first_parent(git_oid *out, int *has, git_odb *odb, const git_oid *id)
{
	git_odb_object *o = NULL;
	const char *p;
	size_t n;
	int rc = 0;

	*has = 0;
	if (git_odb_read(&o, odb, id) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot read a commit");
	p = git_odb_object_data(o);
	n = git_odb_object_size(o);
	/* "tree <hex>\n" then the parents, each "parent <hex>\n" */
	if (git_odb_object_type(o) != GIT_OBJECT_COMMIT || n < 46 || memcmp(p, "tree ", 5) != 0 ||
	    p[45] != '\n')
		rc = acc_error_set(ACC_ERROR, "cannot read a commit: not a commit");
	else if (n >= 46 + 48 && memcmp(p + 46, "parent ", 7) == 0 && p[46 + 47] == '\n') {
		if (git_oid_fromstrn(out, p + 46 + 7, GIT_OID_HEXSZ) < 0)
			rc = acc_store_git_fail(ACC_ERROR, "cannot read a commit");
		else
			*has = 1;
	}
	git_odb_object_free(o);
	return rc;
}

/* first_parent of one of the nearest commits, through the store's cache. */
static int near_parent(git_oid *out, int *has, acc_store *s, const git_oid *id)
{
	git_commit *c = NULL;

	*has = 0;
	if (acc_store_commit_lookup(&c, s, id) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot read a commit");
	if (git_commit_parentcount(c) > 0) {
		git_oid_cpy(out, git_commit_parent_id(c, 0));
		*has = 1;
	}
	git_commit_free(c);
	return 0;
}

/* Fills ch with what git_revwalk gives from `from`, hiding stop (NULL:
 * none), first parents only, oldest first. */
static int chain_revwalk(acc_chain *ch, acc_store *s, const git_oid *from, const git_oid *stop)
{
	git_revwalk *w = NULL;
	git_oid id;
	int rc = 0, err;

	if (git_revwalk_new(&w, s->repo) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot walk history");
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	git_revwalk_simplify_first_parent(w);
	if (git_revwalk_push(w, from) < 0 || (stop && git_revwalk_hide(w, stop) < 0)) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	while (rc == 0 && (err = git_revwalk_next(&id, w)) == 0)
		rc = chain_add(ch, &id);
	if (rc == 0 && err != GIT_ITEROVER)
		rc = acc_store_git_fail(ACC_ERROR, "cannot walk history");
done:
	git_revwalk_free(w);
	return rc;
}

/*
 * Follows first parents from `from` back to stop (or the root), then
 * reverses them.  With a commit hidden and topological order, libgit2
 * paints far back into the history (three seconds at a million commits)
 * even when stop is the parent, and without one it keeps a node for every
 * commit while sorting; so git_revwalk is asked only when stop is not
 * among the first WALK_CHAIN first parents.
 */
int acc_store_chain(acc_chain **out, acc_store *s, const char *from, const char *stop)
{
	acc_chain *ch = acc_calloc(1, sizeof(*ch));
	git_odb *odb = NULL;
	git_oid cur, sid;
	int rc = 0, has = 1, found = 0, hide = stop && stop[0];

	*out = NULL;
	if (!ch)
		return ACC_ENOMEM;
	if (git_oid_fromstr(&cur, from) < 0 || (hide && git_oid_fromstr(&sid, stop) < 0)) {
		rc = acc_error_set(ACC_EINVAL, "cannot walk history: invalid commit id");
		goto done;
	}
	if (git_repository_odb(&odb, s->repo) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot walk history");
		goto done;
	}
	acc_store_cache_pause(1); /* each commit is read once here */
	while (rc == 0 && has) {
		if (hide && git_oid_equal(&cur, &sid)) {
			found = 1;
			break;
		}
		if (hide && ch->count == WALK_CHAIN)
			break;
		if ((rc = chain_add(ch, &cur)) == 0)
			rc = hide && ch->count <= NEAR_CHAIN ? near_parent(&cur, &has, s, &cur)
							     : first_parent(&cur, &has, odb, &cur);
		if (ch->count % RELEASE_CHAIN == 0)
			acc_store_release_maps(); /* the pack indexes it touched */
	}
	acc_store_cache_pause(0);
	if (rc == 0 && hide && !found) {
		git_oid fid;

		ch->count = 0;
		git_oid_fromstr(&fid, from);
		rc = chain_revwalk(ch, s, &fid, &sid);
	} else if (rc == 0) {
		size_t i;

		for (i = 0; i < ch->count / 2; i++) {
			git_oid t = ch->ids[i];

			ch->ids[i] = ch->ids[ch->count - 1 - i];
			ch->ids[ch->count - 1 - i] = t;
		}
	}
done:
	git_odb_free(odb);
	if (rc < 0)
		acc_store_chain_free(ch);
	else
		*out = ch;
	return rc;
}

size_t acc_store_chain_count(const acc_chain *ch)
{
	return ch ? ch->count : 0;
}

void acc_store_chain_id(acc_oid_hex out, const acc_chain *ch, size_t i)
{
	git_oid_tostr(out, ACC_OID_HEXLEN + 1, &ch->ids[i]);
}

void acc_store_chain_free(acc_chain *ch)
{
	if (!ch)
		return;
	free(ch->ids);
	free(ch);
}

int acc_store_chain_walk(acc_store *s, const acc_chain *ch,
			 int (*cb)(const acc_commit_info *c, void *payload), void *payload)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < ch->count && rc == 0; i++) {
		git_commit *c = NULL;
		acc_commit_info ci;

		if (acc_store_commit_lookup(&c, s, &ch->ids[i]) < 0)
			return acc_store_git_fail(ACC_ERROR, "cannot read a commit");
		rc = fill_info(&ci, c);
		git_commit_free(c);
		if (rc < 0)
			return rc;
		rc = cb(&ci, payload);
		acc_commit_info_clear(&ci);
	}
	return rc;
}

int acc_store_walk(acc_store *s, const char *from, const char *stop,
		   int (*cb)(const acc_commit_info *c, void *payload), void *payload)
{
	acc_chain *ch = NULL;
	int rc = acc_store_chain(&ch, s, from, stop);

	if (rc == 0)
		rc = acc_store_chain_walk(s, ch, cb, payload);
	acc_store_chain_free(ch);
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

/* What diff_both collects. */
#define WANT_PATHS 1 /* paths whose blobs differ (acc_store_changed_paths) */
#define WANT_MODES 2 /* entries whose id or mode differ (acc_store_changed_modes) */

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

/*
 * Compares trees a and b (either may be NULL) in one walk for both lists
 * that `want` asks for: into paths the blobs whose ids differ (recursing
 * only into subtrees whose ids differ), into modes every entry whose id or
 * stored mode differs (recursing into subtrees that differ either way; a
 * folder listed itself only when its own mode is not 040000).
 */
static int diff_both(acc_strlist *paths, acc_mode_entries *modes, acc_store *s, const git_tree *a,
		     const git_tree *b, const char *prefix, int want)
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
		int same = e1 && e2 && git_oid_equal(git_tree_entry_id(e1), git_tree_entry_id(e2));
		int p = (want & WANT_PATHS) && !same;
		int m = (want & WANT_MODES) && !(same && m1 == m2);
		int d1, d2;
		git_tree *t1 = NULL, *t2 = NULL;
		char *path;

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (!p && !m)
			continue;
		d1 = e1 && git_tree_entry_type(e1) == GIT_OBJECT_TREE;
		d2 = e2 && git_tree_entry_type(e2) == GIT_OBJECT_TREE;
		if (!(path = acc_sprintf("%s%s", prefix, git_tree_entry_name(e1 ? e1 : e2))))
			return ACC_ENOMEM;
		if (d1 && acc_store_tree_lookup(&t1, s, git_tree_entry_id(e1)) < 0)
			rc = acc_store_git_fail(ACC_ERROR, path);
		if (rc == 0 && d2 && acc_store_tree_lookup(&t2, s, git_tree_entry_id(e2)) < 0)
			rc = acc_store_git_fail(ACC_ERROR, path);
		if (rc == 0 && m && d2 && m2 != 040000)
			rc = mode_add(modes, path, d1 ? m1 : 0, m2);
		if (rc == 0 && (d1 || d2)) {
			char *sub = acc_sprintf("%s/", path);

			rc = sub ? diff_both(paths, modes, s, t1, t2, sub,
					     (p ? WANT_PATHS : 0) | (m ? WANT_MODES : 0))
				 : ACC_ENOMEM;
			free(sub);
		}
		if (rc == 0 && ((e1 && !d1) || (e2 && !d2))) {
			if (p)
				rc = acc_strlist_add(paths, path);
			if (rc == 0 && m)
				rc = mode_add(modes, path, d1 ? 0 : m1, d2 ? 0 : m2);
		}
		git_tree_free(t1);
		git_tree_free(t2);
		free(path);
	}
	return rc;
}

int acc_store_changes(acc_strlist *paths, acc_mode_entries *modes, acc_store *s,
		      const char *old_commit, const char *new_commit)
{
	git_tree *a = NULL, *b = NULL;
	acc_mode_entries none;
	int rc = 0;

	memset(&none, 0, sizeof(none));
	if (modes)
		memset(modes, 0, sizeof(*modes));
	if (old_commit && old_commit[0] && (rc = acc_store_tree_of(&a, NULL, s, old_commit)) < 0)
		return rc;
	if (new_commit && new_commit[0] && (rc = acc_store_tree_of(&b, NULL, s, new_commit)) < 0)
		goto done;
	rc = diff_both(paths, modes ? modes : &none, s, a, b, "",
		       (paths ? WANT_PATHS : 0) | (modes ? WANT_MODES : 0));
done:
	git_tree_free(a);
	git_tree_free(b);
	if (rc < 0 && modes)
		acc_mode_entries_free(modes);
	return rc;
}

int acc_store_changed_paths(acc_strlist *out, acc_store *s, const char *old_commit,
			    const char *new_commit)
{
	return acc_store_changes(out, NULL, s, old_commit, new_commit);
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
	if ((rc = acc_store_lib_init()) < 0)
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
		return acc_store_git_fail(ACC_ERROR, "cannot merge");
	*conflict = !res.automergeable;
	if (!(*out = acc_strndup(res.ptr ? res.ptr : "", res.ptr ? res.len : 0)))
		rc = ACC_ENOMEM;
	git_merge_file_result_free(&res);
	return rc;
}

/* ---- modes and times (verify) -------------------------------------------- */

int acc_store_changed_modes(acc_mode_entries *out, acc_store *s, const char *old_commit,
			    const char *new_commit)
{
	return acc_store_changes(NULL, out, s, old_commit, new_commit);
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
	if (acc_store_commit_lookup(&c, s, &id) < 0)
		return acc_store_git_fail(ACC_ERROR, commit);
	*author = (long long)git_commit_author(c)->when.time;
	*committer = (long long)git_commit_committer(c)->when.time;
	git_commit_free(c);
	return 0;
}
