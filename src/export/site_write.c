/*
 * export site_write: a site written into its folder whole or not at all.
 *
 * The files go into a hidden folder beside the target, ".<name>.accord-tmp-
 * <pid>", each synced, the mark (accord-site.txt) last; then the folder is
 * exchanged with the target in one renameat2(RENAME_EXCHANGE) (a plain
 * rename when the target does not exist, or where the file system cannot
 * exchange: the old folder is moved aside first), and what was there is
 * removed.  So a reader of the target sees the old site or the new one,
 * never half of one, and a killed export leaves at most a hidden folder,
 * which the next export into the same place removes (when its process is
 * gone).  A non-empty folder is replaced only when it is an accord site.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site.h"

/* Writes len bytes of data to path (created, never replaced) and syncs it. */
static int write_synced(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	size_t off = 0;
	int rc = 0;

	if (fd < 0)
		return acc_error_set(ACC_ERROR, "cannot create %s: %s", path, strerror(errno));
	while (off < len && rc == 0) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = acc_error_set(ACC_ERROR, "cannot write %s: %s", path, strerror(errno));
		else
			off += (size_t)w;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = acc_error_set(ACC_ERROR, "cannot write %s: %s", path, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = acc_error_set(ACC_ERROR, "cannot write %s: %s", path, strerror(errno));
	return rc;
}

/* Syncs the folder path (its entries are then durable). */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return acc_error_set(ACC_ERROR, "cannot open %s: %s", path, strerror(errno));
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = acc_error_set(ACC_ERROR, "cannot sync %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* 1 when dir holds ACC_SITE_MARK starting with "accord site\n". */
static int is_site(const char *dir)
{
	char *path = acc_sprintf("%s/%s", dir, ACC_SITE_MARK), head[12];
	FILE *f = path ? fopen(path, "rb") : NULL;
	int ok = 0;

	if (f) {
		ok = fread(head, 1, sizeof(head), f) == sizeof(head) &&
		     memcmp(head, "accord site\n", sizeof(head)) == 0;
		fclose(f);
	}
	free(path);
	return ok;
}

/* Checks what is at dir: *exists 1 when it is a folder; refused when it
 * is something else, or a non-empty folder that is not an accord site. */
static int check_target(int *exists, const char *dir)
{
	struct stat sb;
	struct dirent *e;
	DIR *dh;
	int empty = 1;

	*exists = 0;
	if (lstat(dir, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		return acc_error_set(ACC_ERROR, "cannot read %s: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return acc_error_set(ACC_EREFUSED, "refusing to write a site to %s: not a folder",
				     dir);
	*exists = 1;
	if (!(dh = opendir(dir)))
		return acc_error_set(ACC_ERROR, "cannot read %s: %s", dir, strerror(errno));
	while (empty && (e = readdir(dh)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(dh);
	if (!empty && !is_site(dir))
		return acc_error_set(
		    ACC_EREFUSED,
		    "refusing to write a site into %s: the folder is not empty and "
		    "holds no accord site (no %s)",
		    dir, ACC_SITE_MARK);
	return 0;
}

/* Removes hidden folders ".<base>.accord-tmp-<pid>" in parent whose
 * process is gone (left by a killed export). */
static void remove_stale(const char *parent, const char *base)
{
	char *prefix = acc_sprintf(".%s.accord-tmp-", base);
	struct dirent *e;
	DIR *dh;

	if (!prefix || !(dh = opendir(parent))) {
		free(prefix);
		return;
	}
	while ((e = readdir(dh))) {
		size_t n = strlen(prefix);
		char *end, *path;
		long pid;

		if (strncmp(e->d_name, prefix, n) != 0)
			continue;
		pid = strtol(e->d_name + n, &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;
		if ((path = acc_sprintf("%s/%s", parent, e->d_name))) {
			if (acc_rmtree(path) < 0)
				acc_error_clear();
		}
		free(path);
	}
	closedir(dh);
	free(prefix);
}

/* Splits dir into its parent and last component (both malloc'd); a
 * trailing "/" is ignored. */
static int split_path(char **parent, char **base, const char *dir)
{
	char *d = acc_strdup(dir), *slash;
	size_t n;

	*parent = *base = NULL;
	if (!d)
		return ACC_ENOMEM;
	n = strlen(d);
	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	slash = strrchr(d, '/');
	if (!slash) {
		*parent = acc_strdup(".");
		*base = acc_strdup(d);
	} else {
		*base = acc_strdup(slash + 1);
		*parent = slash == d ? acc_strdup("/") : acc_strndup(d, (size_t)(slash - d));
	}
	free(d);
	if (!*parent || !*base) {
		free(*parent);
		free(*base);
		*parent = *base = NULL;
		return ACC_ENOMEM;
	}
	if (!(*base)[0] || strcmp(*base, ".") == 0 || strcmp(*base, "..") == 0 ||
	    strcmp(*base, "/") == 0) {
		free(*parent);
		free(*base);
		*parent = *base = NULL;
		return acc_error_set(ACC_EUSAGE, "name the site's folder by its own name, not %s",
				     dir);
	}
	return 0;
}

/* Exchanges the folders a and b (renameat2 RENAME_EXCHANGE); -1 with
 * errno where the system or the file system cannot. */
static int exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
	return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* Removes the folder path; a failure to remove it is not reported, and
 * the message of an earlier failure rc (< 0) is kept. */
static void remove_keeping_error(const char *path, int rc)
{
	char *msg = rc < 0 ? acc_strdup(acc_error_last()) : NULL;

	if (acc_rmtree(path) < 0) {
		acc_error_clear();
		if (msg)
			acc_error_set(rc, "%s", msg);
	}
	free(msg);
}

/* Writes site into dir (see accord/site.h). */
int acc_export_site_write(const char *dir, const acc_site *site)
{
	char *parent = NULL, *base = NULL, *tmp = NULL, *aside = NULL, *path = NULL;
	size_t i;
	int exists = 0, rc, made = 0;

	if ((rc = split_path(&parent, &base, dir)) < 0 || (rc = check_target(&exists, dir)) < 0)
		goto done;
	remove_stale(parent, base);
	if (!(tmp = acc_sprintf("%s/.%s.accord-tmp-%ld", parent, base, (long)getpid()))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (mkdir(tmp, 0755) != 0) {
		rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", tmp, strerror(errno));
		goto done;
	}
	made = 1;
	/* every file, the mark last: a folder without it is no site */
	for (i = 0; i < site->count && rc == 0; i++) {
		free(path);
		if (!(path = acc_sprintf("%s/%s", tmp, site->files[i].name))) {
			rc = ACC_ENOMEM;
			break;
		}
		rc = write_synced(path, site->files[i].data.ptr ? site->files[i].data.ptr : "",
				  site->files[i].data.size);
	}
	if (rc < 0 || (rc = sync_dir(tmp)) < 0)
		goto done;
	if (!exists) {
		if (rename(tmp, dir) != 0) {
			rc = acc_error_set(ACC_ERROR, "cannot rename %s to %s: %s", tmp, dir,
					   strerror(errno));
			goto done;
		}
		made = 0;
	} else if (exchange(tmp, dir) == 0) {
		/* tmp now holds the old site (or the empty folder) */
	} else {
		/* no exchange here: move the old folder aside, then the new in */
		if (!(aside = acc_sprintf("%s.old", tmp))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if (rename(dir, aside) != 0) {
			rc = acc_error_set(ACC_ERROR, "cannot rename %s: %s", dir, strerror(errno));
			goto done;
		}
		if (rename(tmp, dir) != 0) {
			rc = acc_error_set(ACC_ERROR, "cannot rename %s to %s: %s", tmp, dir,
					   strerror(errno));
			if (rename(aside, dir) != 0)
				acc_error_set(ACC_ERROR, "cannot rename %s back to %s: %s", aside,
					      dir, strerror(errno));
			goto done;
		}
		remove_keeping_error(aside, 0);
	}
	rc = sync_dir(parent);
done:
	if (made)
		remove_keeping_error(tmp, rc);
	free(parent);
	free(base);
	free(tmp);
	free(aside);
	free(path);
	return rc;
}
