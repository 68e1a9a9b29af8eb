/* store: the convention repository through libgit2: opening, refs, the
 * write lock, remotes and config. */
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
#include <sys/mman.h>
#include <sys/stat.h>

#include "accord/record.h"
#include "internal.h"

static int agent_credentials(git_credential **out, const char *url, const char *user,
			     unsigned int allowed, void *payload);
static int net_fail(int code, const char *what);

/* Records libgit2's last error as ours, prefixed with what we were doing. */
int acc_store_git_fail(int code, const char *what)
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
int acc_store_lib_init(void)
{
	static int done;

	if (done)
		return 0;
	if (git_libgit2_init() < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot initialise libgit2");
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
	/* and map packs by windows of 32 MB, at most 96 MB at a time: a walk
	 * of the whole history (verify) touches every pack */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)32 * 1024 * 1024);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)96 * 1024 * 1024);
	done = 1;
	return 0;
}

/* An audit is on (acc_store_check_hashes), or a walk reads commits once
 * (acc_store_cache_pause): libgit2's object cache is off. */
static int audit_on, cache_paused;

void acc_store_check_hashes(int on)
{
	if (acc_store_lib_init() < 0)
		return;
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on ? 1 : 0);
	/* an audit reads each object about once: libgit2's cache would only
	 * churn (its eviction scans the whole table from the start, a fifth of
	 * verify's time), so it is off while the store's small cache keeps
	 * what the next commit reads again */
	audit_on = on;
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, audit_on || cache_paused ? 0 : 1);
}

void acc_store_cache_pause(int pause)
{
	cache_paused = pause;
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, audit_on || cache_paused ? 0 : 1);
}

int acc_store_blob_lookup(git_blob **out, acc_store *s, const git_oid *id)
{
	/* two ways: the slot of the id and its neighbour, the latest first (a
	 * few hundred vote texts recur, and one way would let a fifth of them
	 * push each other out) */
	size_t slot = ((size_t)id->id[0] << 8 | id->id[1]) % ACC_STORE_BLOBS, k;
	int err;

	for (k = 0; k < 2; k++) {
		git_object *o = s->blobs[slot ^ k];

		if (o && git_oid_equal(git_object_id(o), id))
			return git_object_dup((git_object **)out, o);
	}
	if ((err = git_blob_lookup(out, s->repo, id)) < 0)
		return err;
	if (git_blob_rawsize(*out) <= ACC_STORE_BLOB_MAX) {
		git_object_free(s->blobs[slot ^ 1]);
		s->blobs[slot ^ 1] = s->blobs[slot];
		if (git_object_dup(&s->blobs[slot], (git_object *)*out) < 0)
			s->blobs[slot] = NULL;
	}
	return 0;
}

/* Drops the store's caches of objects (before its repository goes). */
static void drop_objects(acc_store *s)
{
	size_t i;

	for (i = 0; i < ACC_STORE_OBJS; i++) {
		git_object_free(s->objs[i]);
		s->objs[i] = NULL;
	}
	for (i = 0; i < ACC_STORE_BLOBS; i++) {
		git_object_free(s->blobs[i]);
		s->blobs[i] = NULL;
	}
}

int acc_store_reopen(acc_store *s)
{
	char *path = acc_strdup(git_repository_path(s->repo));
	git_repository *repo = NULL;
	int rc = 0;

	if (!path)
		return ACC_ENOMEM;
	/* the new one first: a store is never left without a repository */
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		rc = acc_store_git_fail(ACC_ERROR, "cannot open the repository again");
	} else {
		drop_objects(s);
		acc_blob_memo_flush(s->memo);
		git_repository_free(s->repo); /* and its object memo */
		s->memo = NULL;
		s->repo = repo;
	}
	free(path);
	return rc;
}

/* 1 when the mapped file name is a pack or a pack index of a repository. */
static int pack_map(const char *name)
{
	size_t n = strlen(name);

	return strstr(name, "/objects/pack/pack-") &&
	       ((n > 4 && strcmp(name + n - 4, ".idx") == 0) ||
		(n > 5 && strcmp(name + n - 5, ".pack") == 0));
}

void acc_store_release_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4200];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[8];
		size_t n = strlen(line);
		int at = -1;

		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		/* "lo-hi perms offset dev inode name" (the name may hold spaces) */
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &at) != 3 ||
		    at < 0 || perms[1] == 'w' || !pack_map(line + at))
			continue;
		/* a read-only file mapping: its pages are dropped from this
		 * process only, and fault back in from the page cache */
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
	}
	fclose(f);
}

int acc_store_lookup(git_object **out, acc_store *s, const git_oid *id, git_object_t type)
{
	size_t slot = ((size_t)id->id[0] << 8 | id->id[1]) % ACC_STORE_OBJS;
	git_object *o = s->objs[slot];
	int err;

	if (o && git_object_type(o) == type && git_oid_equal(git_object_id(o), id))
		return git_object_dup(out, o);
	if ((err = git_object_lookup(out, s->repo, id, type)) < 0)
		return err;
	git_object_free(s->objs[slot]);
	s->objs[slot] = NULL;
	if (git_object_dup(&s->objs[slot], *out) < 0)
		s->objs[slot] = NULL;
	return 0;
}

/* Finds which branch HEAD names. */
static int read_branch(acc_store *s)
{
	git_reference *head = NULL;
	int rc;

	if (git_reference_lookup(&head, s->repo, "HEAD") < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot read HEAD");
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

/* Clears *out, initialises libgit2 and allocates an empty store in *s. */
static int store_new(acc_store **s, acc_store **out)
{
	int rc;

	*out = NULL;
	if ((rc = acc_store_lib_init()) < 0)
		return rc;
	return (*s = acc_calloc(1, sizeof(**s))) ? 0 : ACC_ENOMEM;
}

/* Reads which branch HEAD of the new store s names and hands s out in
 * *out, or frees it on failure. */
static int store_finish(acc_store **out, acc_store *s)
{
	int rc = read_branch(s);

	if (rc < 0) {
		acc_store_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int acc_store_open(acc_store **out, const char *path)
{
	acc_store *s;
	int rc;

	if ((rc = store_new(&s, out)) < 0)
		return rc;
	if (git_repository_open_ext(&s->repo, path, 0, NULL) < 0) {
		free(s);
		return acc_error_set(ACC_ENOTFOUND,
				     "not in a convention: no git repository at or above %s", path);
	}
	return store_finish(out, s);
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
	if ((rc = acc_store_lib_init()) < 0)
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
	if ((rc = store_new(&s, out)) < 0)
		return rc;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags =
	    GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	opts.description = "An accord convention: see `accord --help`.";
	if (git_repository_init_ext(&s->repo, path, &opts) < 0) {
		free(s);
		return acc_store_git_fail(ACC_ERROR, path);
	}
	return store_finish(out, s);
}

int acc_store_clone(acc_store **out, const char *url, const char *path)
{
	git_clone_options opts;
	acc_store *s;
	int rc;

	if ((rc = store_new(&s, out)) < 0)
		return rc;
	if ((rc = acc_store_tls_ready()) < 0) {
		free(s);
		return rc;
	}
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.bare = 1;
	opts.fetch_opts.callbacks.credentials = agent_credentials;
	if (git_clone(&s->repo, url, path, &opts) < 0) {
		free(s);
		return net_fail(ACC_ERROR, "cannot clone");
	}
	return store_finish(out, s);
}

void acc_store_free(acc_store *s)
{
	if (!s)
		return;
	drop_objects(s);
	acc_blob_memo_flush(s->memo);
	git_repository_free(s->repo); /* and its object memo */
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
		return acc_store_git_fail(ACC_ERROR, "cannot read the convention branch");
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

/* Looks up the tree of a commit given in hex. */
int acc_store_tree_of(git_tree **out, git_commit **commit_out, acc_store *s, const char *commit)
{
	git_oid id;
	git_commit *c = NULL;

	*out = NULL;
	if (git_oid_fromstr(&id, commit) < 0)
		return acc_error_set(ACC_EINVAL, "invalid commit id '%s'", commit);
	if (acc_store_commit_lookup(&c, s, &id) < 0)
		return acc_store_git_fail(ACC_ERROR, commit);
	if (acc_store_tree_lookup(out, s, git_commit_tree_id(c)) < 0) {
		git_commit_free(c);
		return acc_store_git_fail(ACC_ERROR, commit);
	}
	if (commit_out)
		*commit_out = c;
	else
		git_commit_free(c);
	return 0;
}

void acc_store_derived_append(acc_store *s, const char *path, const void *bytes, size_t n)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 && errno == ENOENT) { /* no accord/ folder yet */
		char *adir = acc_sprintf("%saccord", git_repository_path(s->repo));

		if (adir && mkdir(adir, 0755) == 0)
			fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		free(adir);
	}
	if (fd < 0)
		return;
	if (write(fd, bytes, n) < 0) {
		/* derived data: the caller computes it again next time */
	}
	close(fd);
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
		return acc_store_git_fail(ACC_ERROR, name);
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
		return acc_store_git_fail(ACC_ERROR, name);
	git_reference_free(ref);
	return 0;
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

/* Records libgit2's last error of a transfer: ACC_ENET when the connection
 * itself failed (worth retrying), else code. */
static int net_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	if (e &&
	    (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_OS || e->klass == GIT_ERROR_SSL ||
	     e->klass == GIT_ERROR_SSH || e->klass == GIT_ERROR_HTTP))
		code = ACC_ENET;
	return acc_store_git_fail(code, what);
}

int acc_store_fetch(acc_store *s, acc_oid_hex out, const char *remote, const char *into)
{
	return acc_store_fetch_also(s, out, remote, into, NULL);
}

int acc_store_fetch_also(acc_store *s, acc_oid_hex out, const char *remote, const char *into,
			 const char *also)
{
	git_remote *r = NULL;
	git_fetch_options fo;
	char *spec = acc_sprintf("+%s:%s", s->branch, into);
	char *specs[2];
	git_strarray arr = {specs, also ? 2 : 1};
	int rc = 0;

	out[0] = '\0';
	if (!spec)
		return ACC_ENOMEM;
	specs[0] = spec;
	specs[1] = (char *)also;
	if (git_remote_lookup(&r, s->repo, remote) < 0) {
		rc = acc_error_set(ACC_ENOTFOUND, "no remote '%s' (add one with git remote add)",
				   remote);
		goto done;
	}
	if ((rc = acc_store_tls_ready()) < 0)
		goto done;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks.credentials = agent_credentials;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	if (git_remote_fetch(r, &arr, &fo, "accord: fetch") < 0) {
		rc = net_fail(ACC_ERROR, "cannot fetch");
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

		if ((rc = acc_store_lib_init()) < 0)
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

/* For a remote that is a folder on this machine, takes a lock in its git
 * directory (*fd, -1 when the remote is reached over a network) for the
 * length of a push.  A server's receive-pack moves a branch only from the
 * value the pusher saw; libgit2's local transport moves it whatever it is
 * now, so two clones pushing to one folder at once could each overwrite
 * the other's commit.  Holding this lock from reading the remote's branch
 * to moving it makes a local push compare-and-swap too. */
static int lock_local_remote(int *fd, git_remote *r)
{
	const char *url = git_remote_url(r);
	char *dot = NULL, *path = NULL;
	struct stat st;
	int rc = 0;

	*fd = -1;
	if (url && strncmp(url, "file://", 7) == 0)
		url += 7;
	if (!url || stat(url, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* over a network: the server compares and swaps */
	if (!(dot = acc_sprintf("%s/.git", url)))
		return ACC_ENOMEM;
	path = acc_sprintf("%s/accord-push.lock",
			   stat(dot, &st) == 0 && S_ISDIR(st.st_mode) ? dot : url);
	if (!path) {
		rc = ACC_ENOMEM;
	} else if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
		   flock(*fd, LOCK_EX) < 0) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		rc = 0; /* a folder we cannot write: pushing will say so */
	}
	free(dot);
	free(path);
	return rc;
}

int acc_store_push_commit(acc_store *s, const char *remote, const char *commit, int force)
{
	return acc_store_push_to(s, remote, commit, NULL, force);
}

int acc_store_push_to(acc_store *s, const char *remote, const char *commit, const char *dst,
		      int force)
{
	char *out = dst ? acc_sprintf("refs/accord/outgoing-ref/%s", remote)
			: acc_sprintf("refs/accord/outgoing/%s", remote);
	char *spec =
	    acc_sprintf("%s%s:%s", force ? "+" : "", out ? out : "", dst ? dst : s->branch);
	char *specs[1];
	git_strarray arr = {specs, 1};
	git_remote *r = NULL;
	git_push_options po;
	int rc, rejected = 0, err, lock = -1;

	if (!out || !spec) {
		rc = ACC_ENOMEM;
		goto done;
	}
	specs[0] = spec;
	if ((rc = acc_store_set_ref(s, out, commit, "accord: outgoing")) < 0)
		goto done;
	if (git_remote_lookup(&r, s->repo, remote) < 0) {
		rc = acc_error_set(ACC_ENOTFOUND, "no remote '%s'", remote);
		goto done;
	}
	if ((rc = acc_store_tls_ready()) < 0)
		goto done;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.credentials = agent_credentials;
	po.callbacks.push_update_reference = push_status;
	po.callbacks.payload = &rejected;
	if ((rc = lock_local_remote(&lock, r)) < 0)
		goto done;
	err = git_remote_push(r, &arr, &po);
	if (lock >= 0)
		close(lock); /* releases the flock */
	if (err == GIT_ENONFASTFORWARD || rejected)
		rc = acc_error_set(ACC_EMODIFIED, "the remote moved on meanwhile");
	else if (err < 0)
		rc = net_fail(ACC_ERROR, "cannot push");
done:
	git_remote_free(r);
	free(out);
	free(spec);
	return rc;
}
