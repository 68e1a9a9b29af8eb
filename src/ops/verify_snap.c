/* ops: the state verify keeps between runs (see verify_snap.h): the file
 * <git dir>/accord/verified-state, written whole to a temporary name and
 * renamed, so a reader sees the old file or the new one.  The one it
 * replaces (of another commit) stays as verified-state.1: a sync verifies
 * what arrived, then its own commits from where the two histories part,
 * then what it sends from the remote's tip, and two starting points serve
 * all three. */
#include "verify_snap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accord/snapshot.h"
#include "internal.h"

/* The file's path (malloc'd), or NULL. */
static char *snap_path(acc_ctx *c, const char *suffix)
{
	return acc_sprintf("%saccord/verified-state%s", acc_store_gitdir(c->store), suffix);
}

/* 1 when files a and b (from their start) hold the same bytes. */
static int same_bytes(FILE *a, FILE *b)
{
	char x[1 << 14], y[1 << 14];
	size_t n, m;

	rewind(a);
	rewind(b);
	do {
		n = fread(x, 1, sizeof(x), a);
		m = fread(y, 1, sizeof(y), b);
		if (n != m || memcmp(x, y, n) != 0)
			return 0;
	} while (n);
	return 1;
}

/* With ACCORD_VERIFY_CROSSCHECK: the kept state st is the one read from
 * commit's tree, field by field (both written as snapshots, compared). */
static int crosscheck(acc_ctx *c, const acc_state *st, const char *commit)
{
	acc_state *fresh = NULL;
	FILE *a = tmpfile(), *b = tmpfile();
	int rc = a && b ? 0 : acc_error_set(ACC_ERROR, "cannot make a temporary file");

	if (rc == 0 && (rc = acc_store_load_trimmed(&fresh, c->store, commit)) == 0) {
		acc_state_trim(fresh, NULL);
		snprintf(fresh->commit, sizeof(fresh->commit), "%s", commit);
		if ((rc = acc_state_snapshot_write(a, st)) == 0 &&
		    (rc = acc_state_snapshot_write(b, fresh)) == 0 && !same_bytes(a, b))
			rc = acc_error_set(ACC_ERROR,
					   "the state kept at %.12s differs from its tree", commit);
	}
	acc_state_free(fresh);
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	return rc;
}

/* Reads the kept state at commit from the file path: as
 * acc_state_snapshot_read, ACC_ENOTFOUND when there is no such file. */
static int read_kept(acc_state **out, const char *path, const char *commit)
{
	FILE *f = path ? fopen(path, "rb") : NULL;
	int rc;

	*out = NULL;
	if (!path)
		return ACC_ENOMEM;
	if (!f)
		return ACC_ENOTFOUND;
	rc = acc_state_snapshot_read(out, f, commit);
	fclose(f);
	return rc;
}

int acc_verify_snap_load(acc_state **out, acc_ctx *c, const char *commit)
{
	char *path = snap_path(c, ""), *prev = snap_path(c, ".1");
	int rc = read_kept(out, path, commit);

	if (rc == ACC_ENOTFOUND)
		rc = read_kept(out, prev, commit);
	free(path);
	free(prev);
	if (rc == ACC_ENOMEM)
		return rc;
	if (rc < 0) { /* none for commit, or damaged: the tree says */
		acc_error_clear();
		return 1;
	}
	if (getenv("ACCORD_VERIFY_CROSSCHECK") && (rc = crosscheck(c, *out, commit)) < 0) {
		acc_state_free(*out);
		*out = NULL;
		return rc;
	}
	return 0;
}

/* 1 when the file at path is a kept state of another commit than commit
 * (worth keeping as the previous one). */
static int of_another(const char *path, const char *commit)
{
	FILE *f = fopen(path, "rb");
	char line[256], id[ACC_OID_HEXLEN + 1];
	int other;

	if (!f)
		return 0;
	other = fgets(line, sizeof(line), f) && strncmp(line, "accord-verified-state ", 22) == 0 &&
		fread(id, 1, ACC_OID_HEXLEN, f) == ACC_OID_HEXLEN &&
		memcmp(id, commit, ACC_OID_HEXLEN) != 0;
	fclose(f);
	return other;
}

int acc_verify_snap_save(acc_ctx *c, const acc_state *st)
{
	char suffix[32];
	char *dir = acc_sprintf("%saccord", acc_store_gitdir(c->store)), *path = snap_path(c, ""),
	     *prev = snap_path(c, ".1"), *tmp;
	FILE *f = NULL;
	int rc = ACC_ENOMEM;

	/* what a walk followed is what the tree holds, field by field */
	if (getenv("ACCORD_VERIFY_CROSSCHECK") && (rc = crosscheck(c, st, st->commit)) < 0) {
		free(dir);
		free(path);
		free(prev);
		return rc;
	}
	snprintf(suffix, sizeof(suffix), ".%ld.tmp", (long)getpid());
	tmp = snap_path(c, suffix);
	if (dir && path && prev && tmp && (mkdir(dir, 0777) == 0 || errno == EEXIST) &&
	    (f = fopen(tmp, "wb"))) {
		rc = acc_state_snapshot_write(f, st);
		if (fclose(f) != 0 && rc == 0)
			rc = ACC_ERROR;
		if (rc == 0 && of_another(path, st->commit))
			rename(path, prev); /* kept too, when it can be */
		if (rc == 0 && rename(tmp, path) != 0)
			rc = ACC_ERROR;
		if (rc < 0)
			remove(tmp);
	}
	acc_error_clear(); /* a cache: the next verify reads the tree */
	free(dir);
	free(path);
	free(prev);
	free(tmp);
	return 0;
}
