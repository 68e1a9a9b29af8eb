/*
 * store_pack: the repository kept tidy by accord itself, as `git gc
 * --auto` keeps git's.  Every action writes a handful of loose objects
 * (about 8 KB a vote); past a threshold they are written into one pack
 * with libgit2's pack builder (deltas between them) and only then are the
 * loose copies removed; past a number of small packs, they are merged.
 *
 * Never losing an object if killed: the pack and its index are complete
 * and durable (libgit2 writes them with fsync, then renames them into
 * place) before any loose file or old pack is removed, and what is removed
 * is only what the new pack holds.  A kill at any point leaves every object
 * readable, at worst twice.  The caller holds the writers' lock.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2/sys/odb_backend.h>

#include "internal.h"

/* When there are too many packs, the smallest are merged, at most this
 * many bytes of them at a time: accord's own packs (some 100 KB each)
 * merge at once, a clone's or a generator's large packs stay alone. */
#define MERGE_BUDGET (8 * 1024 * 1024)

/* The objects folder of s (allocated, no trailing slash). */
static char *objects_dir(acc_store *s)
{
	return acc_sprintf("%sobjects", git_repository_path(s->repo));
}

/* Whether name is a loose object's file name in a fan-out folder. */
static int loose_name(const char *name)
{
	return strlen(name) == ACC_OID_HEXLEN - 2 &&
	       strspn(name, "0123456789abcdef") == ACC_OID_HEXLEN - 2;
}

/* Calls fn(hex, payload) for every loose object (stops at an error). */
static int each_loose(acc_store *s, int (*fn)(const char *hex, void *payload), void *payload)
{
	char *objects = objects_dir(s);
	int i, rc = 0;

	if (!objects)
		return ACC_ENOMEM;
	for (i = 0; i < 256 && rc == 0; i++) {
		char dir[4096], hex[ACC_OID_HEXLEN + 1];
		struct dirent *e;
		DIR *d;

		snprintf(dir, sizeof(dir), "%s/%02x", objects, i);
		if (!(d = opendir(dir)))
			continue;
		while (rc == 0 && (e = readdir(d))) {
			if (!loose_name(e->d_name))
				continue;
			snprintf(hex, sizeof(hex), "%02x%s", i, e->d_name);
			rc = fn(hex, payload);
		}
		closedir(d);
	}
	free(objects);
	return rc;
}

/* Counts one loose object. */
static int count_one(const char *hex, void *payload)
{
	(void)hex;
	(*(unsigned *)payload)++;
	return 0;
}

/* The loose objects of one fan-out folder, objects/17: about a 256th of
 * them all, as `git gc --auto` estimates (an action does not read the
 * other 255 folders to learn that there is nothing to pack). */
static unsigned sample_loose(acc_store *s)
{
	char *dir = acc_sprintf("%sobjects/17", git_repository_path(s->repo));
	unsigned n = 0;
	struct dirent *e;
	DIR *d = dir ? opendir(dir) : NULL;

	while (d && (e = readdir(d)))
		n += loose_name(e->d_name) != 0;
	if (d)
		closedir(d);
	free(dir);
	return n;
}

/* Adds one loose object to the pack builder. */
static int insert_one(const char *hex, void *payload)
{
	git_oid id;

	if (git_oid_fromstr(&id, hex) < 0 || git_packbuilder_insert(payload, &id, NULL) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot add an object to the pack");
	return 0;
}

/* Removes the loose copy of an object that the new pack holds. */
static int remove_one(const char *hex, void *payload)
{
	struct {
		acc_store *s;
		git_odb *pack;
		unsigned removed;
	} *r = payload;
	char *path;
	git_oid id;

	if (git_oid_fromstr(&id, hex) < 0 || !git_odb_exists(r->pack, &id))
		return 0; /* written meanwhile, not in the pack: kept */
	if (!(path =
		  acc_sprintf("%sobjects/%.2s/%s", git_repository_path(r->s->repo), hex, hex + 2)))
		return ACC_ENOMEM;
	if (unlink(path) == 0)
		r->removed++;
	free(path);
	return 0;
}

/* Removes the fan-out folders left empty (as git prune-packed does). */
static void remove_empty_dirs(acc_store *s)
{
	char dir[4096];
	int i;

	for (i = 0; i < 256; i++) {
		snprintf(dir, sizeof(dir), "%sobjects/%02x", git_repository_path(s->repo), i);
		rmdir(dir); /* fails, harmlessly, when not empty or absent */
	}
}

/* An object database over the one pack whose index is idx, to check
 * what it holds before anything else is removed. */
static int open_pack(git_odb **out, const char *idx)
{
	git_odb_backend *b = NULL;

	*out = NULL;
	if (git_odb_new(out) < 0 || git_odb_backend_one_pack(&b, idx) < 0 ||
	    git_odb_add_backend(*out, b, 1) < 0) {
		if (b && *out)
			b->free(b);
		git_odb_free(*out);
		*out = NULL;
		return acc_store_git_fail(ACC_ERROR, "cannot read the new pack");
	}
	return 0;
}

/* A pack of the repository: its index's path and its size. */
typedef struct {
	char *idx;
	long long size;
} pack_file;

/* Orders packs by size, smallest first. */
static int by_size(const void *a, const void *b)
{
	const pack_file *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

/* The packs of s to merge into *out (paths of their .idx files): the
 * smallest, without a .keep file, up to MERGE_BUDGET bytes; *total
 * receives how many packs there are. */
static int packs_to_merge(acc_strlist *out, size_t *total, acc_store *s)
{
	char *dir = acc_sprintf("%sobjects/pack", git_repository_path(s->repo));
	pack_file *v = NULL;
	size_t n = 0, alloc = 0, i;
	long long used = 0;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	*total = 0;
	if (!dir)
		return ACC_ENOMEM;
	if ((d = opendir(dir))) {
		while (rc == 0 && (e = readdir(d))) {
			size_t l = strlen(e->d_name);
			char *pack, *keep;
			struct stat st;

			if (l <= 9 || strncmp(e->d_name, "pack-", 5) != 0 ||
			    strcmp(e->d_name + l - 4, ".idx") != 0)
				continue;
			(*total)++;
			pack = acc_sprintf("%s/%.*s.pack", dir, (int)(l - 4), e->d_name);
			keep = acc_sprintf("%s/%.*s.keep", dir, (int)(l - 4), e->d_name);
			if (!pack || !keep) {
				rc = ACC_ENOMEM;
			} else if (stat(pack, &st) == 0 && st.st_size < MERGE_BUDGET &&
				   access(keep, F_OK) != 0) {
				if (n == alloc) {
					pack_file *nv = acc_realloc(
					    v, (alloc = alloc ? 2 * alloc : 32) * sizeof(*nv));

					if (!nv)
						rc = ACC_ENOMEM;
					else
						v = nv;
				}
				if (rc == 0 && (v[n].idx = acc_sprintf("%s/%s", dir, e->d_name))) {
					v[n++].size = (long long)st.st_size;
				} else if (rc == 0) {
					rc = ACC_ENOMEM;
				}
			}
			free(pack);
			free(keep);
		}
		closedir(d);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_size);
	for (i = 0; i < n && rc == 0; i++) {
		if (used + v[i].size > MERGE_BUDGET)
			break;
		used += v[i].size;
		rc = acc_strlist_add(out, v[i].idx);
	}
	for (i = 0; i < n; i++)
		free(v[i].idx);
	free(v);
	free(dir);
	return rc;
}

/* Writes a pack of what pb holds; *idx receives its index's path. */
static int write_pack(char **idx, acc_store *s, git_packbuilder *pb)
{
	char *dir = acc_sprintf("%sobjects/pack", git_repository_path(s->repo));
	char hex[ACC_OID_HEXLEN + 1];
	int rc = 0;

	*idx = NULL;
	if (!dir)
		return ACC_ENOMEM;
	/* the indexer writes the pack and its index under temporary names,
	 * fsyncs them (GIT_OPT_ENABLE_FSYNC_GITDIR is on) and renames them */
	if (git_packbuilder_write(pb, dir, 0, NULL, NULL) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot write the pack");
		goto done;
	}
	git_oid_tostr(hex, sizeof(hex), git_packbuilder_hash(pb));
	if (!(*idx = acc_sprintf("%s/pack-%s.idx", dir, hex)))
		rc = ACC_ENOMEM;
done:
	free(dir);
	return rc;
}

/* Whether a pack's objects are all in another one (check_held). */
struct held {
	git_odb *fresh;
	int missing;
};

/* Notes an object that the new pack does not hold, and stops. */
static int check_held(const git_oid *id, void *payload)
{
	struct held *h = payload;

	if (git_odb_exists(h->fresh, id))
		return 0;
	h->missing = 1;
	return 1;
}

/* Adds one object of the object database to the pack builder. */
static int insert_odb_one(const git_oid *id, void *payload)
{
	return git_packbuilder_insert(payload, id, NULL);
}

/* Writes the objects of the given packs into one new pack, then removes
 * each of them that the new one wholly holds (its index first, so that no
 * reader finds an index without its pack). */
static int merge_packs(acc_store *s, const acc_strlist *packs)
{
	git_packbuilder *pb = NULL;
	git_odb *fresh = NULL;
	char *idx = NULL;
	size_t i;
	int rc = 0;

	if (git_packbuilder_new(&pb, s->repo) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot start a repack");
		goto done;
	}
	git_packbuilder_set_threads(pb, 1);
	for (i = 0; i < packs->count && rc == 0; i++) {
		git_odb *op = NULL;

		if ((rc = open_pack(&op, packs->items[i])) < 0)
			break;
		if (git_odb_foreach(op, insert_odb_one, pb) < 0)
			rc = acc_store_git_fail(ACC_ERROR, "cannot list the objects to repack");
		git_odb_free(op);
	}
	if (rc < 0 || (rc = write_pack(&idx, s, pb)) < 0 || (rc = open_pack(&fresh, idx)) < 0)
		goto done;
	for (i = 0; i < packs->count; i++) {
		static const char *const ext[] = {".idx", ".rev", ".pack"};
		const char *old = packs->items[i];
		struct held h = {fresh, 0};
		git_odb *op = NULL;
		size_t k;

		if (strcmp(old, idx) == 0 || open_pack(&op, old) < 0)
			continue;
		if (git_odb_foreach(op, check_held, &h) < 0 && !h.missing)
			h.missing = 1;
		git_odb_free(op);
		if (h.missing)
			continue;
		for (k = 0; k < 3; k++) {
			char *f = acc_sprintf("%.*s%s", (int)(strlen(old) - 4), old, ext[k]);

			if (f)
				unlink(f);
			free(f);
		}
	}
done:
	free(idx);
	git_odb_free(fresh);
	git_packbuilder_free(pb);
	return rc;
}

int acc_store_tidy(acc_store *s, unsigned threshold, unsigned max_packs, acc_tidy_result *res)
{
	git_packbuilder *pb = NULL;
	git_odb *fresh = NULL;
	acc_strlist packs = ACC_STRLIST_INIT;
	char *idx = NULL;
	unsigned loose = 0;
	size_t npacks = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if (threshold == 0)
		return 0;
	if (threshold >= 256 && sample_loose(s) * 256 < threshold)
		return 0;
	if ((rc = each_loose(s, count_one, &loose)) < 0 || loose < threshold)
		return rc;
	res->loose = loose;
	if (git_packbuilder_new(&pb, s->repo) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot start a pack");
		goto done;
	}
	git_packbuilder_set_threads(pb, 1);
	if ((rc = each_loose(s, insert_one, pb)) < 0 || (rc = write_pack(&idx, s, pb)) < 0 ||
	    (rc = open_pack(&fresh, idx)) < 0)
		goto done;
	res->packed = (unsigned)git_packbuilder_object_count(pb);
	{
		struct {
			acc_store *s;
			git_odb *pack;
			unsigned removed;
		} r = {s, fresh, 0};

		if ((rc = each_loose(s, remove_one, &r)) < 0)
			goto done;
		res->removed = r.removed;
		remove_empty_dirs(s);
	}
	if ((rc = packs_to_merge(&packs, &npacks, s)) < 0)
		goto done;
	if (max_packs && npacks > max_packs && packs.count > 1) {
		res->repacked = 1;
		rc = merge_packs(s, &packs);
	}
done:
	acc_strlist_free(&packs);
	free(idx);
	git_odb_free(fresh);
	git_packbuilder_free(pb);
	return rc;
}
