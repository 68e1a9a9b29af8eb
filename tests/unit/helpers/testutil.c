/* testutil: temporary folders, files, commands and environment for the
 * unit tests. */
#include "helpers/testutil.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Makes a fresh folder under /tmp (mkdtemp). */
char *tu_mkdtemp(void)
{
	char tmpl[] = "/tmp/accord-test-XXXXXX";
	char *dir = mkdtemp(tmpl);

	return dir ? strdup(dir) : NULL;
}

/* Removes one entry of the depth-first walk of tu_rmrf. */
static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

/* Removes a tree depth first, without following symlinks. */
int tu_rmrf(const char *path)
{
	struct stat st;

	if (!path)
		return 0;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* Creates each missing component of path in turn. */
int tu_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		buf[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* Joins root and rel into a new string ("root/rel"). */
static char *join(const char *root, const char *rel)
{
	size_t a = strlen(root), b = strlen(rel);
	char *s = malloc(a + b + 2);

	if (!s)
		return NULL;
	memcpy(s, root, a);
	s[a] = '/';
	memcpy(s + a + 1, rel, b + 1);
	return s;
}

/* Writes a file below root, creating its folders. */
int tu_write(const char *root, const char *rel, const char *data, size_t len)
{
	char *full = join(root, rel), *slash;
	FILE *f;
	int rc = 0;

	if (!full)
		return -1;
	slash = strrchr(full, '/');
	*slash = '\0';
	if (tu_mkdirs(full) < 0) {
		free(full);
		return -1;
	}
	*slash = '/';
	if (!(f = fopen(full, "wb"))) {
		free(full);
		return -1;
	}
	if (len && fwrite(data, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	free(full);
	return rc;
}

/* Writes a string as a file below root. */
int tu_write_str(const char *root, const char *rel, const char *s)
{
	return tu_write(root, rel, s, strlen(s));
}

/* Reads a whole stream into a new NUL-terminated string. */
static char *slurp(FILE *f, size_t *len)
{
	size_t size = 0, alloc = 4096, n;
	char *buf = malloc(alloc), *nb;

	if (!buf)
		return NULL;
	while ((n = fread(buf + size, 1, alloc - size - 1, f)) > 0) {
		size += n;
		if (alloc - size - 1 == 0) {
			if (!(nb = realloc(buf, alloc * 2))) {
				free(buf);
				return NULL;
			}
			buf = nb;
			alloc *= 2;
		}
	}
	buf[size] = '\0';
	if (len)
		*len = size;
	return buf;
}

/* Reads a file below root whole. */
char *tu_read(const char *root, const char *rel, size_t *len)
{
	char *full = join(root, rel), *data;
	FILE *f;

	if (!full)
		return NULL;
	f = fopen(full, "rb");
	free(full);
	if (!f)
		return NULL;
	data = slurp(f, len);
	fclose(f);
	return data;
}

/* Unlinks a file below root. */
int tu_remove(const char *root, const char *rel)
{
	char *full = join(root, rel);
	int rc;

	if (!full)
		return -1;
	rc = unlink(full) < 0 ? -1 : 0;
	free(full);
	return rc;
}

/* Tells whether anything exists at path (lstat). */
int tu_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Copies the regular file src to dst. */
static int copy_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb"), *out;
	char buf[8192];
	size_t n;
	int rc = 0;

	if (!in)
		return -1;
	if (!(out = fopen(dst, "wb"))) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

/* Copies folders and regular files recursively. */
int tu_copy_tree(const char *src, const char *dst)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (tu_mkdirs(dst) < 0 || !(d = opendir(src)))
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char *from, *to;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		from = join(src, e->d_name);
		to = join(dst, e->d_name);
		if (!from || !to || lstat(from, &st) < 0)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = tu_copy_tree(from, to);
		else if (S_ISREG(st.st_mode))
			rc = copy_file(from, to);
		free(from);
		free(to);
	}
	closedir(d);
	return rc;
}

/* Wraps s in single quotes, escaping the quotes inside. */
char *tu_shquote(const char *s)
{
	size_t i, n = 2;
	char *q, *p;

	for (i = 0; s[i]; i++)
		n += s[i] == '\'' ? 4 : 1;
	if (!(q = malloc(n + 1)))
		return NULL;
	p = q;
	*p++ = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = s[i];
		}
	}
	*p++ = '\'';
	*p = '\0';
	return q;
}

/* Runs a shell command through popen, capturing its output. */
int tu_run(char **out, const char *fmt, ...)
{
	va_list ap;
	char *cmd = NULL, *data;
	FILE *p;
	int n, status;

	if (out)
		*out = NULL;
	va_start(ap, fmt);
	n = vasprintf(&cmd, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	fflush(NULL);
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return -1;
	data = slurp(p, NULL);
	status = pclose(p);
	if (out)
		*out = data;
	else
		free(data);
	if (status == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Points HOME and git's configuration at a private folder. */
int tu_isolate(const char *home)
{
	static const char *const drop[] = {"GIT_DIR",
					   "GIT_WORK_TREE",
					   "GIT_INDEX_FILE",
					   "GIT_OBJECT_DIRECTORY",
					   "GIT_ALTERNATE_OBJECT_DIRECTORIES",
					   "GIT_CEILING_DIRECTORIES",
					   "GIT_COMMON_DIR",
					   "GIT_NAMESPACE",
					   "GIT_AUTHOR_NAME",
					   "GIT_AUTHOR_EMAIL",
					   "GIT_AUTHOR_DATE",
					   "GIT_COMMITTER_NAME",
					   "GIT_COMMITTER_EMAIL",
					   "GIT_COMMITTER_DATE",
					   "XDG_CONFIG_HOME",
					   NULL};
	char cfg[PATH_MAX];
	size_t i;

	if (snprintf(cfg, sizeof(cfg), "%s/.gitconfig", home) >= (int)sizeof(cfg))
		return -1;
	for (i = 0; drop[i]; i++)
		unsetenv(drop[i]);
	if (setenv("HOME", home, 1) < 0 || setenv("GIT_CONFIG_NOSYSTEM", "1", 1) < 0 ||
	    setenv("GIT_CONFIG_GLOBAL", cfg, 1) < 0 || setenv("TZ", "UTC", 1) < 0 ||
	    setenv("LC_ALL", "C", 1) < 0)
		return -1;
	return 0;
}

/* 1 when dir/convention is a regular file. */
static int is_proposal(const char *dir)
{
	char buf[PATH_MAX];
	struct stat st;

	if (snprintf(buf, sizeof(buf), "%s/convention", dir) >= (int)sizeof(buf))
		return 0;
	return stat(buf, &st) == 0 && S_ISREG(st.st_mode);
}

/* Finds the bundled proposal from $ACCORD_SRCDIR, the working folder or the binary. */
const char *tu_proposal_dir(void)
{
	static char found[PATH_MAX];
	static const char rel[] = "proposals/digital-geneva-convention";
	char exe[PATH_MAX], cwd[PATH_MAX];
	const char *env = getenv("ACCORD_SRCDIR");
	ssize_t n;
	int up;

	if (found[0])
		return found;
	if (env && snprintf(found, sizeof(found), "%s/%s", env, rel) < (int)sizeof(found) &&
	    is_proposal(found))
		return found;
	if (getcwd(cwd, sizeof(cwd)) &&
	    snprintf(found, sizeof(found), "%s/%s", cwd, rel) < (int)sizeof(found) &&
	    is_proposal(found))
		return found;
	/* build/tests/test_x or build-san/tests/test_x: the source is two or
	 * three folders up */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (up = 0; up < 4; up++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = '\0';
			if (snprintf(found, sizeof(found), "%s/%s", exe, rel) <
				(int)sizeof(found) &&
			    is_proposal(found))
				return found;
		}
	}
	found[0] = '\0';
	return NULL;
}

int tu_openssh_accepts(const char *dir, const char *sig, const char *data, size_t len,
		       const char *pubkey)
{
	char allowed[4300], line[4400];

	snprintf(allowed, sizeof(allowed), "%s/allowed", dir);
	snprintf(line, sizeof(line), "who@test.example namespaces=\"git\" %s\n", pubkey);
	if (tu_write_str(dir, "allowed", line) < 0 || tu_write_str(dir, "s.sig", sig) < 0 ||
	    tu_write(dir, "s.data", data, len) < 0)
		return 0;
	return tu_run(NULL,
		      "ssh-keygen -Y verify -f '%s' -I who@test.example -n git -s '%s/s.sig' "
		      "< '%s/s.data' >/dev/null 2>&1",
		      allowed, dir, dir) == 0;
}

int tu_demo_convention(acc_ctx **ctx, char **dir, char *conv, size_t size)
{
	acc_person who = {"Test", "test@example.org", 1767225600, 0};
	acc_oid_hex head;
	const char *proposal = tu_proposal_dir();

	*ctx = NULL;
	if (!proposal || !(*dir = tu_mkdtemp()) || tu_isolate(*dir) < 0)
		return -1;
	snprintf(conv, size, "%s/conv", *dir);
	if (acc_ops_init(head, conv, proposal, &who, NULL, 1) < 0 ||
	    acc_ctx_open(ctx, conv, NULL) < 0)
		return -1;
	acc_ctx_set_now(*ctx, 1767225600);
	return 0;
}

int tu_act_as(acc_ctx *ctx, const char *conv, const char *email)
{
	char *key = acc_sprintf("%s/accord/keys/%s", conv, email);
	int rc = key ? acc_ctx_set_actor(ctx, email) : ACC_ENOMEM;

	if (rc == 0)
		rc = acc_ctx_set_key(ctx, key);
	acc_ctx_set_now(ctx, acc_ctx_now(ctx) + 60);
	free(key);
	return rc;
}
