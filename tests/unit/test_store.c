/* Unit tests of store: real bare repositories in temporary folders,
 * checked both through the store and through the git command line
 * (show, log, rev-list, fsck), including two processes committing at
 * once through the compare-and-swap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "accord/store.h"
#include "helpers/testutil.h"

/* ---------------------------------------------------------------- helpers */

/* The group's temporary folder; HOME points at its "home" folder. */
static char *tmp_root;

/* Counter that names each repository uniquely. */
static int repo_seq;

/* Creates the group's temporary folder and isolates git from the user's
 * configuration (before libgit2 is first used). */
static int group_setup(void **state)
{
	char home[512];

	(void)state;
	if (!(tmp_root = tu_mkdtemp()))
		return -1;
	snprintf(home, sizeof(home), "%s/home", tmp_root);
	if (tu_mkdirs(home) < 0 || tu_isolate(home) < 0)
		return -1;
	return tu_write_str(home, ".gitconfig",
			    "[user]\n\tname = Home Config\n\temail = home@example.org\n");
}

/* Removes the group's temporary folder. */
static int group_teardown(void **state)
{
	int rc = tu_rmrf(tmp_root);

	(void)state;
	free(tmp_root);
	tmp_root = NULL;
	return rc;
}

/* A new path for a repository under the group folder (static buffer). */
static const char *new_repo_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s-%d.git", tmp_root, name, ++repo_seq);
	return path;
}

/* An author at a given time (seconds since the epoch) and offset. */
static acc_person person(const char *name, const char *email, long long when, int offset)
{
	acc_person p = {name, email, when, offset};

	return p;
}

/* The default author of the tests, at time base + t. */
static acc_person alice(long long t)
{
	return person("Alice Example", "alice@example.org", 1700000000 + t, 0);
}

/* Commits one file (data NULL removes it) on parent; asserts success. */
static void commit_one(acc_store *s, acc_oid_hex out, const char *parent, const char *path,
		       const char *data, const char *msg, long long t)
{
	acc_change ch = {path, data, data ? strlen(data) : 0};
	acc_person who = alice(t);

	if (acc_store_commit(s, out, parent, &ch, 1, msg, &who) != 0)
		fail_msg("commit of %s failed: %s", path, acc_error_last());
	assert_int_equal(strlen(out), ACC_OID_HEXLEN);
}

/* Runs a command and returns its standard output with the final newline
 * removed (caller frees); fails the test unless it exits with 0. */
static char *run_ok(const char *cmd)
{
	char *out = NULL;
	int st = tu_run(&out, "%s", cmd);
	size_t n;

	if (st != 0)
		fail_msg("command failed (%d): %s", st, cmd);
	assert_non_null(out);
	n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

/* Output of `git -C dir <args>` (fails unless it exits with 0). */
static char *git_out(const char *dir, const char *args)
{
	char cmd[1024];
	char *q = tu_shquote(dir), *out;

	assert_non_null(q);
	snprintf(cmd, sizeof(cmd), "git -C %s %s 2>/dev/null", q, args);
	free(q);
	out = run_ok(cmd);
	return out;
}

/* Exit status of `git -C dir <args>`, its output discarded. */
static int git_status(const char *dir, const char *args)
{
	char *q = tu_shquote(dir);
	int st;

	assert_non_null(q);
	st = tu_run(NULL, "git -C %s %s >/dev/null 2>&1", q, args);
	free(q);
	return st;
}

/* Asserts that `git fsck --strict` finds nothing wrong. */
static void assert_fsck(const char *dir)
{
	char *q = tu_shquote(dir), *out = NULL;
	int st;

	assert_non_null(q);
	st = tu_run(&out, "git -C %s fsck --strict --no-dangling 2>&1", q);
	free(q);
	if (st != 0)
		fail_msg("git fsck --strict failed (%d): %s", st, out ? out : "");
	free(out);
}

/* Compares two strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Asserts that list holds exactly the NULL-terminated want, in any order
 * (list is sorted in place). */
static void assert_paths(acc_strlist *list, const char *const *want)
{
	size_t i, n = 0;

	while (want[n])
		n++;
	if (list->count)
		qsort(list->items, list->count, sizeof(char *), cmp_str);
	for (i = 0; i < list->count || i < n; i++) {
		const char *got = i < list->count ? list->items[i] : "(none)";
		const char *exp = i < n ? want[i] : "(none)";

		if (strcmp(got, exp) != 0) {
			size_t k;

			for (k = 0; k < list->count; k++)
				print_message("  got: %s\n", list->items[k]);
			fail_msg("path %zu: got %s, expected %s (%zu paths, expected %zu)", i, got,
				 exp, list->count, n);
		}
	}
}

/* Reads path from the tree of commit into a new string; returns the
 * source's result code. */
static int read_at(acc_store *s, const char *commit, const char *path, char **data, size_t *len,
		   char *oid)
{
	acc_source *src = NULL;
	int rc;

	*data = NULL;
	assert_int_equal(acc_store_source(&src, s, commit), 0);
	rc = src->read(src, path, data, len, oid);
	acc_source_free(src);
	return rc;
}

/* -------------------------------------------------------------------- init */

/* A new bare repository: HEAD names main, no commit yet; an existing
 * repository or file is refused. */
static void test_init(void **state)
{
	char path[512], *out;
	const char *gd;
	acc_store *s = NULL, *s2 = NULL;
	acc_oid_hex head;

	(void)state;
	snprintf(path, sizeof(path), "%s/nested/deeper/conv.git", tmp_root);
	if (acc_store_init(&s, path) != 0)
		fail_msg("init failed: %s", acc_error_last());
	gd = acc_store_gitdir(s);
	assert_true(strlen(gd) > 0 && gd[strlen(gd) - 1] == '/');
	assert_int_equal(acc_store_head(s, head), ACC_ENOTFOUND);
	assert_string_equal(head, "");
	out = git_out(path, "rev-parse --is-bare-repository");
	assert_string_equal(out, "true");
	free(out);
	out = git_out(path, "symbolic-ref HEAD");
	assert_string_equal(out, "refs/heads/main");
	free(out);

	/* the same path again: refused, and the repository is untouched */
	assert_int_equal(acc_store_init(&s2, path), ACC_EEXISTS);
	assert_null(s2);
	acc_store_free(s);

	/* it can be opened, also from a folder inside it */
	assert_int_equal(acc_store_open(&s, path), 0);
	acc_store_free(s);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/objects");
	assert_int_equal(acc_store_open(&s, path), 0);
	acc_store_free(s);

	/* a regular file is refused */
	snprintf(path, sizeof(path), "%s/plain-file", tmp_root);
	assert_int_equal(tu_write_str(tmp_root, "plain-file", "x\n"), 0);
	assert_int_equal(acc_store_init(&s, path), ACC_EEXISTS);
	assert_null(s);

	/* an empty folder is fine */
	snprintf(path, sizeof(path), "%s/empty-folder", tmp_root);
	assert_int_equal(tu_mkdirs(path), 0);
	assert_int_equal(acc_store_init(&s, path), 0);
	acc_store_free(s);

	/* not a repository: nothing to open */
	snprintf(path, sizeof(path), "%s/not-a-repo", tmp_root);
	assert_int_equal(tu_mkdirs(path), 0);
	assert_int_equal(acc_store_open(&s, path), ACC_ENOTFOUND);
	assert_null(s);
}

/* store.h: init takes a path that "must not exist or be an empty folder":
 * a folder holding someone's files is not made into a repository. */
static void test_init_refuses_nonempty_folder(void **state)
{
	char path[512];
	acc_store *s = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/my-documents", tmp_root);
	assert_int_equal(tu_write_str(path, "notes.txt", "private notes\n"), 0);
	if (acc_store_init(&s, path) == 0) {
		acc_store_free(s);
		fail_msg("init made a repository inside a non-empty folder %s", path);
	}
	assert_null(s);
	assert_false(tu_exists(strcat(path, "/HEAD")));
}

/* ------------------------------------------------------------ committing */

/* Commits of writes, overwrites and removals (nested paths included) are
 * read back through the store and through git itself. */
static void test_commit_and_read(void **state)
{
	const char *path = new_repo_path("commit");
	acc_store *s = NULL;
	acc_oid_hex c1, c2, head, oid;
	acc_person who = person("Beatriz Núñez", "beatriz@example.org", 1700000100, 120);
	const acc_change first[] = {
	    {"convention", "Title: T\n\n", 10},
	    {"clauses/a", "Heading: A\n\nOld text.\n", 22},
	    {"clauses/b", "Heading: B\n\n", 12},
	    {"amendments/x/1/amendment", "Clause: a\n\nNew.\n", 16},
	    {"amendments/x/1/votes/y", "Vote: yes\n\n", 11},
	    {"blobs/nul", "a\0b", 3},
	    {"blobs/empty", "", 0},
	};
	const acc_change second[] = {
	    {"clauses/a", "Heading: A\n\nNew text.\n", 22},
	    {"amendments/x/1/votes/y", NULL, 0},
	    {"amendments/x/1/ballot", "Status: open\n\n", 14},
	};
	acc_strlist names = ACC_STRLIST_INIT;
	acc_source *src = NULL;
	acc_commit_info ci;
	char *data = NULL, *out;
	size_t len = 99;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	if (acc_store_commit(s, c1, NULL, first, 7, "First\n\nAccord-Action: test\n", &who) != 0)
		fail_msg("first commit: %s", acc_error_last());
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c1);
	if (acc_store_commit(s, c2, c1, second, 3, "Second\n", &who) != 0)
		fail_msg("second commit: %s", acc_error_last());
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c2);
	assert_string_not_equal(c1, c2);

	/* the old commit still reads the old text, the new one the new */
	assert_int_equal(read_at(s, c1, "clauses/a", &data, &len, oid), 0);
	assert_int_equal(len, 22);
	assert_string_equal(data, "Heading: A\n\nOld text.\n");
	free(data);
	assert_int_equal(read_at(s, c2, "clauses/a", &data, &len, oid), 0);
	assert_string_equal(data, "Heading: A\n\nNew text.\n");
	free(data);
	{
		acc_oid_hex h;

		assert_int_equal(acc_store_hash_blob(h, "Heading: A\n\nNew text.\n", 22), 0);
		assert_string_equal(oid, h);
		out = git_out(path, "rev-parse main:clauses/a");
		assert_string_equal(out, h);
		free(out);
		assert_int_equal(acc_store_read_blob(&data, &len, s, h), 0);
		assert_int_equal(len, 22);
		assert_string_equal(data, "Heading: A\n\nNew text.\n");
		free(data);
	}
	/* bytes survive exactly, NUL and empty files included */
	assert_int_equal(read_at(s, c2, "blobs/nul", &data, &len, NULL), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(data, "a\0b", 3);
	free(data);
	assert_int_equal(read_at(s, c2, "blobs/empty", &data, &len, oid), 0);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	assert_string_equal(oid, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	free(data);

	/* absent files, folders read as files, and removed files */
	strcpy(oid, "x");
	assert_int_equal(read_at(s, c2, "clauses/zz", &data, &len, oid), ACC_ENOTFOUND);
	assert_string_equal(oid, "");
	assert_int_equal(read_at(s, c2, "clauses", &data, &len, NULL), ACC_ENOTFOUND);
	assert_int_equal(read_at(s, c2, "amendments/x/1/votes/y", &data, &len, NULL),
			 ACC_ENOTFOUND);
	assert_int_equal(read_at(s, c1, "amendments/x/1/votes/y", &data, &len, NULL), 0);
	free(data);
	assert_int_equal(read_at(s, c1, "no/such/deep/path", &data, &len, NULL), ACC_ENOTFOUND);

	/* listings: sorted, absent folders empty; the emptied votes/ is gone */
	assert_int_equal(acc_store_source(&src, s, c2), 0);
	assert_int_equal(src->list(src, "amendments/x/1", &names), 0);
	{
		static const char *const want[] = {"amendment", "ballot", NULL};

		assert_paths(&names, want);
	}
	acc_strlist_free(&names);
	assert_int_equal(src->list(src, "nothing-here", &names), 0);
	assert_int_equal(names.count, 0);
	assert_int_equal(src->list(src, "convention", &names), 0);
	assert_int_equal(names.count, 0);
	acc_source_free(src);

	/* git sees the same */
	out = git_out(path, "show main:clauses/a");
	assert_string_equal(out, "Heading: A\n\nNew text.");
	free(out);
	out = git_out(path, "show main~1:clauses/a");
	assert_string_equal(out, "Heading: A\n\nOld text.");
	free(out);
	out = git_out(path, "ls-tree -r --name-only main");
	assert_string_equal(out, "amendments/x/1/amendment\namendments/x/1/ballot\nblobs/empty\n"
				 "blobs/nul\nclauses/a\nclauses/b\nconvention");
	free(out);
	out = git_out(path, "log --format=%an%x09%ae%x09%at%x09%ai%x09%s main");
	assert_string_equal(
	    out,
	    "Beatriz Núñez\tbeatriz@example.org\t1700000100\t2023-11-15 00:15:00 +0200\tSecond\n"
	    "Beatriz Núñez\tbeatriz@example.org\t1700000100\t2023-11-15 00:15:00 +0200\tFirst");
	free(out);
	out = git_out(path, "log -1 --format=%cn%x09%ce main");
	assert_string_equal(out, "Beatriz Núñez\tbeatriz@example.org");
	free(out);
	assert_fsck(path);

	/* commit_info */
	assert_int_equal(acc_store_commit_info(&ci, s, c2), 0);
	assert_string_equal(ci.id, c2);
	assert_string_equal(ci.parent, c1);
	assert_int_equal(ci.nparents, 1);
	assert_int_equal(ci.time, 1700000100);
	assert_int_equal(ci.offset, 120);
	assert_string_equal(ci.author_name, "Beatriz Núñez");
	assert_string_equal(ci.author_email, "beatriz@example.org");
	assert_string_equal(ci.message, "Second\n");
	acc_commit_info_clear(&ci);
	assert_int_equal(acc_store_commit_info(&ci, s, c1), 0);
	assert_string_equal(ci.parent, "");
	assert_int_equal(ci.nparents, 0);
	assert_string_equal(ci.message, "First\n\nAccord-Action: test\n");
	acc_commit_info_clear(&ci);

	assert_int_equal(acc_store_is_ancestor(s, c1, c2), 1);
	assert_int_equal(acc_store_is_ancestor(s, c2, c1), 0);
	assert_int_equal(acc_store_is_ancestor(s, c2, c2), 1);
	acc_store_free(s);
}

/* A commit that changes nothing, or removes what is not there, or writes
 * a path git could not check out, is refused and moves nothing. */
static void test_commit_refusals(void **state)
{
	const char *path = new_repo_path("refuse");
	static const char *const hostile[] = {
	    "../evil", ".git/config", "a/../../b", "/abs",	   "",
	    "a//b",    "a/./b",	      ".",	   "clauses/.git", NULL};
	acc_store *s = NULL;
	acc_oid_hex c1, out, head;
	acc_change same = {"clauses/a", "A\n", 2};
	acc_change gone = {"clauses/absent", NULL, 0};
	acc_person who = alice(0);
	size_t i;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	commit_one(s, c1, NULL, "clauses/a", "A\n", "one", 0);
	assert_int_equal(acc_store_commit(s, out, c1, &same, 1, "same", &who), ACC_EINVAL);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c1);
	assert_true(acc_store_commit(s, out, c1, &gone, 1, "gone", &who) < 0);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c1);
	assert_int_equal(acc_store_commit(s, out, "not-a-commit-id", &same, 1, "bad", &who),
			 ACC_EINVAL);
	for (i = 0; hostile[i]; i++) {
		acc_change ch = {hostile[i], "evil\n", 5};

		if (acc_store_commit(s, out, c1, &ch, 1, "hostile", &who) == 0)
			fail_msg("a commit writing path '%s' was accepted", hostile[i]);
		assert_int_equal(acc_store_head(s, head), 0);
		assert_string_equal(head, c1);
	}
	assert_fsck(path);
	acc_store_free(s);
}

/* store.h: "Refuses a commit that changes nothing" -- a first commit
 * whose tree is empty changes nothing either, and would leave a branch
 * with an empty convention. */
static void test_commit_refuses_empty_root(void **state)
{
	const char *path = new_repo_path("empty-root");
	acc_store *s = NULL;
	acc_oid_hex out, head;
	acc_change gone = {"clauses/absent", NULL, 0};
	acc_person who = alice(0);

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(acc_store_commit(s, out, NULL, NULL, 0, "empty", &who), ACC_EINVAL);
	assert_int_equal(acc_store_head(s, head), ACC_ENOTFOUND);
	assert_int_equal(acc_store_commit(s, out, NULL, &gone, 1, "empty", &who), ACC_EINVAL);
	assert_int_equal(acc_store_head(s, head), ACC_ENOTFOUND);
	acc_store_free(s);
}

/* The compare-and-swap: a commit on a parent that is no longer the tip
 * fails with ACC_EMODIFIED and leaves the branch where it was. */
static void test_commit_stale_parent(void **state)
{
	const char *path = new_repo_path("cas");
	acc_store *s = NULL;
	acc_oid_hex c1, c2, out = "", head;
	acc_change ch = {"votes/late", "Vote: no\n\n", 10};
	acc_person who = alice(5);
	char *before, *after;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	commit_one(s, c1, NULL, "clauses/a", "A\n", "one", 0);
	commit_one(s, c2, c1, "clauses/b", "B\n", "two", 1);
	before = git_out(path, "rev-parse main");
	assert_string_equal(before, c2);

	assert_int_equal(acc_store_commit(s, out, c1, &ch, 1, "stale", &who), ACC_EMODIFIED);
	assert_int_equal(acc_error_code(), ACC_EMODIFIED);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c2);
	after = git_out(path, "rev-parse main");
	assert_string_equal(after, c2);
	free(after);

	/* a root commit when the branch already has one */
	assert_int_equal(acc_store_commit(s, out, NULL, &ch, 1, "root", &who), ACC_EMODIFIED);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c2);

	/* the same change on the fresh tip goes through */
	assert_int_equal(acc_store_commit(s, out, c2, &ch, 1, "fresh", &who), 0);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, out);
	after = git_out(path, "rev-list --count main");
	assert_string_equal(after, "3");
	free(after);
	free(before);
	assert_fsck(path);
	acc_store_free(s);
}

/* A root commit written aside, then made the branch's first commit. */
static void test_commit_files_and_initial(void **state)
{
	const char *path = new_repo_path("initial");
	const acc_change files[] = {{"convention", "Title: T\n\n", 10},
				    {"orgs/a", "Name: A\n\n", 9},
				    {"clauses/x", "Heading: X\n\nText.\n", 18}};
	acc_store *s = NULL;
	acc_oid_hex root, head;
	acc_person who = alice(0);
	char *out;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(
	    acc_store_commit_files(s, root, files, 3, "Open the draft\n", &who, NULL, NULL), 0);
	assert_int_equal(acc_store_head(s, head), ACC_ENOTFOUND);
	assert_int_equal(acc_store_set_initial(s, root), 0);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, root);
	assert_int_equal(acc_store_set_initial(s, root), ACC_EMODIFIED);
	out = git_out(path, "ls-tree -r --name-only main");
	assert_string_equal(out, "clauses/x\nconvention\norgs/a");
	free(out);
	assert_fsck(path);
	acc_store_free(s);
}

/* What the test signer saw and returns. */
typedef struct {
	char *seen; /* the bytes it was asked to sign */
	size_t len;
	int fail; /* refuse to sign */
	int calls;
} fake_signer;

static const char fake_sig[] = "-----BEGIN SSH SIGNATURE-----\n"
			       "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg\n"
			       "-----END SSH SIGNATURE-----\n";

/* A signer that records the bytes and returns a fixed armoured text. */
static int fake_sign(char **sig, const char *data, size_t len, void *payload)
{
	fake_signer *f = payload;

	f->calls++;
	if (f->fail)
		return acc_error_set(ACC_EREFUSED, "the test signer refuses");
	free(f->seen);
	f->seen = malloc(len + 1);
	if (!f->seen)
		return ACC_ENOMEM;
	memcpy(f->seen, data, len);
	f->seen[len] = '\0';
	f->len = len;
	*sig = strdup(fake_sig);
	return *sig ? 0 : ACC_ENOMEM;
}

/* A signed commit carries the signer's text in its gpgsig header, and
 * acc_store_commit_signature gives back the signature and exactly the
 * bytes that were signed; a failing signer writes nothing. */
static void test_commit_signed(void **state)
{
	const char *path = new_repo_path("signed");
	acc_store *s = NULL;
	acc_oid_hex c1, c2, out, head;
	acc_change ch = {"votes/norland", "Vote: yes\n\n", 11};
	acc_person who = alice(1);
	fake_signer f = {NULL, 0, 0, 0};
	char *sig = NULL, *data = NULL, *raw;
	size_t len = 0, n;
	char cmd[64];

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	commit_one(s, c1, NULL, "convention", "Title: T\n\n", "init", 0);
	assert_int_equal(acc_store_commit_signature(&sig, &data, &len, s, c1), ACC_ENOTFOUND);
	assert_null(sig);

	if (acc_store_commit_signed(s, c2, c1, &ch, 1, "Vote\n", &who, fake_sign, &f) != 0)
		fail_msg("signed commit: %s", acc_error_last());
	assert_int_equal(f.calls, 1);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c2);
	assert_int_equal(acc_store_commit_signature(&sig, &data, &len, s, c2), 0);
	assert_int_equal(len, f.len);
	assert_memory_equal(data, f.seen, len);
	n = strlen(sig);
	/* the armour may come back without its final newline */
	assert_true(n == strlen(fake_sig) || n + 1 == strlen(fake_sig));
	assert_memory_equal(sig, fake_sig, n);
	free(sig);
	free(data);

	/* git sees the header, and the signed bytes are the commit without it */
	snprintf(cmd, sizeof(cmd), "cat-file commit %s", c2);
	raw = git_out(path, cmd);
	assert_non_null(strstr(raw, "\ngpgsig -----BEGIN SSH SIGNATURE-----\n"));
	assert_non_null(
	    strstr(f.seen, "\nauthor Alice Example <alice@example.org> 1700000001 +0000\n"));
	assert_null(strstr(f.seen, "gpgsig"));
	free(raw);
	assert_fsck(path);

	/* a signer that fails: nothing is committed */
	f.fail = 1;
	ch.data = "Vote: no\n\n";
	ch.len = 10;
	assert_int_equal(acc_store_commit_signed(s, out, c2, &ch, 1, "Vote\n", &who, fake_sign, &f),
			 ACC_EREFUSED);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_string_equal(head, c2);
	free(f.seen);
	acc_store_free(s);
}

/* Revisions: HEAD~n, branch, abbreviated ids and tags resolve to commits;
 * anything else is ACC_ENOTFOUND. */
static void test_resolve(void **state)
{
	const char *path = new_repo_path("resolve");
	acc_store *s = NULL;
	acc_oid_hex c[3], out;
	acc_person who = alice(10);
	char abbrev[13];

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	commit_one(s, c[0], NULL, "f", "1\n", "one", 0);
	commit_one(s, c[1], c[0], "f", "2\n", "two", 1);
	commit_one(s, c[2], c[1], "f", "3\n", "three", 2);
	assert_int_equal(acc_store_resolve(s, out, "HEAD"), 0);
	assert_string_equal(out, c[2]);
	assert_int_equal(acc_store_resolve(s, out, "HEAD~1"), 0);
	assert_string_equal(out, c[1]);
	assert_int_equal(acc_store_resolve(s, out, "main~2"), 0);
	assert_string_equal(out, c[0]);
	assert_int_equal(acc_store_resolve(s, out, "main"), 0);
	assert_string_equal(out, c[2]);
	assert_int_equal(acc_store_resolve(s, out, c[1]), 0);
	assert_string_equal(out, c[1]);
	memcpy(abbrev, c[0], 12);
	abbrev[12] = '\0';
	assert_int_equal(acc_store_resolve(s, out, abbrev), 0);
	assert_string_equal(out, c[0]);
	assert_int_equal(acc_store_tag(s, "draft-1", c[1], "First reading\n", &who), 0);
	assert_int_equal(acc_store_resolve(s, out, "draft-1"), 0);
	assert_string_equal(out, c[1]);
	assert_int_equal(acc_store_resolve(s, out, "refs/tags/draft-1"), 0);
	assert_string_equal(out, c[1]);
	assert_int_equal(acc_store_resolve(s, out, "draft-1~1"), 0);
	assert_string_equal(out, c[0]);

	assert_int_equal(acc_store_resolve(s, out, "no-such-rev"), ACC_ENOTFOUND);
	assert_int_equal(acc_store_resolve(s, out, "HEAD~3"), ACC_ENOTFOUND);
	assert_int_equal(acc_store_resolve(s, out, "HEAD:f"), ACC_ENOTFOUND); /* a blob */
	assert_int_equal(acc_store_resolve(s, out, "HEAD^{tree}"), ACC_ENOTFOUND);
	assert_int_equal(acc_store_resolve(s, out, ""), ACC_ENOTFOUND);
	acc_store_free(s);
}

/* Adds every file of the proposal folder under dir ("" for the top) to
 * changes/datas (n counts them). */
static void collect_proposal(acc_source *src, const char *dir, acc_change *changes, char **datas,
			     size_t *n)
{
	acc_strlist names = ACC_STRLIST_INIT;
	size_t i;

	assert_int_equal(src->list(src, dir, &names), 0);
	for (i = 0; i < names.count; i++) {
		char rel[256];
		size_t len = 0;
		char *data = NULL;

		snprintf(rel, sizeof(rel), "%s%s%s", dir, dir[0] ? "/" : "", names.items[i]);
		if (src->read(src, rel, &data, &len, NULL) == ACC_ENOTFOUND) {
			collect_proposal(src, rel, changes, datas, n);
			continue;
		}
		assert_true(*n < 128);
		datas[*n] = data;
		changes[*n].path = strdup(rel);
		changes[*n].data = data;
		changes[*n].len = len;
		(*n)++;
	}
	acc_strlist_free(&names);
}

/* The bundled proposal committed as a root commit loads from the commit
 * like it does from the folder, with every blob id filled in; a bad file
 * in a later commit makes that commit's state invalid, naming it. */
static void test_load_state_at_commit(void **state)
{
	const char *path = new_repo_path("state");
	acc_change changes[128];
	char *datas[128];
	size_t n = 0, i;
	acc_source *dir = NULL;
	acc_store *s = NULL;
	acc_state *st = NULL;
	acc_oid_hex root, bad;
	acc_person who = alice(0);
	acc_change badch = {"clauses/Bad", "Heading: Bad\n\nText.\n", 20};

	(void)state;
	assert_non_null(tu_proposal_dir());
	assert_int_equal(acc_source_dir(&dir, tu_proposal_dir()), 0);
	collect_proposal(dir, "", changes, datas, &n);
	acc_source_free(dir);
	/* convention, toc, 44 clauses, 13 orgs, 2 clauses in 5 languages */
	assert_int_equal(n, 2 + 44 + 13 + 10);

	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(acc_store_commit_files(s, root, changes, n, "Open\n", &who, NULL, NULL),
			 0);
	assert_int_equal(acc_store_set_initial(s, root), 0);
	if (acc_store_load_state(&st, s, root) != 0)
		fail_msg("load at the root commit: %s", acc_error_last());
	assert_int_equal(st->nclauses, 44);
	assert_int_equal(st->norgs, 13);
	for (i = 0; i < n; i++) {
		acc_oid_hex h;

		assert_int_equal(acc_store_hash_blob(h, changes[i].data, changes[i].len), 0);
		if (strncmp(changes[i].path, "clauses/", 8) == 0) {
			const acc_clause *c = acc_state_clause(st, changes[i].path + 8);

			assert_non_null(c);
			assert_string_equal(c->blob, h);
		} else if (strcmp(changes[i].path, "toc") == 0) {
			assert_string_equal(st->toc_blob, h);
		}
	}
	acc_state_free(st);

	assert_int_equal(acc_store_commit(s, bad, root, &badch, 1, "bad\n", &who), 0);
	assert_int_equal(acc_store_load_state(&st, s, bad), ACC_EINVAL);
	assert_null(st);
	{
		char want[64];

		snprintf(want, sizeof(want), "invalid convention at %.12s: clauses/Bad", bad);
		if (strncmp(acc_error_last(), want, strlen(want)) != 0)
			fail_msg("message \"%s\" does not start with \"%s\"", acc_error_last(),
				 want);
	}
	for (i = 0; i < n; i++) {
		free((char *)changes[i].path);
		free(datas[i]);
	}
	acc_store_free(s);
}

/* ------------------------------------------------------- changed paths */

/* Paths changed between commits: exact, with removals and nested paths;
 * a NULL commit is the empty tree. */
static void test_changed_paths(void **state)
{
	const char *path = new_repo_path("changed");
	const acc_change first[] = {
	    {"convention", "C\n", 2},
	    {"toc", "\na\nb\n", 5},
	    {"clauses/a", "A\n", 2},
	    {"clauses/b", "B\n", 2},
	    {"amendments/x/1/amendment", "X1\n", 3},
	    {"amendments/x/1/votes/y", "yes\n", 4},
	};
	const acc_change second[] = {
	    {"clauses/a", "A2\n", 3},
	    {"amendments/x/1/votes/y", NULL, 0},
	    {"amendments/x/1/votes/z", "no\n", 3},
	    {"amendments/q/2/amendment", "Q2\n", 3},
	};
	static const char *const all_first[] = {"amendments/x/1/amendment",
						"amendments/x/1/votes/y",
						"clauses/a",
						"clauses/b",
						"convention",
						"toc",
						NULL};
	static const char *const diff12[] = {"amendments/q/2/amendment", "amendments/x/1/votes/y",
					     "amendments/x/1/votes/z", "clauses/a", NULL};
	static const char *const none[] = {NULL};
	acc_store *s = NULL;
	acc_oid_hex c1, c2;
	acc_strlist l = ACC_STRLIST_INIT;
	acc_person who = alice(0);

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(acc_store_commit(s, c1, NULL, first, 6, "one", &who), 0);
	assert_int_equal(acc_store_commit(s, c2, c1, second, 4, "two", &who), 0);

	assert_int_equal(acc_store_changed_paths(&l, s, NULL, c1), 0);
	assert_paths(&l, all_first);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c1, NULL), 0);
	assert_paths(&l, all_first);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c1, c2), 0);
	assert_paths(&l, diff12);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c2, c1), 0);
	assert_paths(&l, diff12);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c2, c2), 0);
	assert_paths(&l, none);
	acc_strlist_free(&l);
	acc_store_free(s);
}

/* A reopening that fails (here: HEAD moved away, so the folder is not a
 * repository for a while) leaves the store with its repository: it reads
 * on, and reopens once the folder is whole again. */
static void test_reopen_keeps_repository(void **state)
{
	const char *path = new_repo_path("reopen");
	const acc_change first[] = {{"convention", "C\n", 2}, {"toc", "\na\n", 3}};
	acc_store *s = NULL;
	acc_oid_hex c1;
	acc_strlist l = ACC_STRLIST_INIT;
	acc_person who = alice(0);
	char head[600], moved[600];

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(acc_store_commit(s, c1, NULL, first, 2, "one", &who), 0);
	snprintf(head, sizeof(head), "%s/HEAD", acc_store_gitdir(s));
	snprintf(moved, sizeof(moved), "%s/HEAD.away", acc_store_gitdir(s));
	assert_int_equal(rename(head, moved), 0);
	assert_true(acc_store_reopen(s) < 0);
	assert_int_equal(acc_store_changed_paths(&l, s, NULL, c1), 0);
	assert_int_equal(l.count, 2);
	acc_strlist_free(&l);
	assert_int_equal(rename(moved, head), 0);
	assert_int_equal(acc_store_reopen(s), 0);
	assert_int_equal(acc_store_changed_paths(&l, s, NULL, c1), 0);
	assert_int_equal(l.count, 2);
	acc_strlist_free(&l);
	acc_store_free(s);
}

/* Git orders a folder "q" as "q/", after a file "q-r" ('-' < '/'), while
 * strcmp puts "q" first: the comparison of two trees must follow git's
 * order, or unchanged files are reported (and removed ones twice).  A
 * file replaced by a folder of the same name is reported too. */
static void test_changed_paths_git_order(void **state)
{
	const char *path = new_repo_path("order");
	const acc_change first[] = {
	    {"p/q-r", "blob beside a folder\n", 21},
	    {"p/q/s", "inside\n", 7},
	    {"p/q.t", "dot\n", 4},
	    {"k", "file\n", 5},
	    {"m/q-r", "alone beside a folder\n", 22},
	    {"m/q/s", "inside\n", 7},
	};
	const acc_change second[] = {{"p/q-r", NULL, 0}, {"m/q-r", NULL, 0}};
	const acc_change third[] = {{"k", NULL, 0}};
	const acc_change fourth[] = {{"k/inner", "now a folder\n", 13}};
	const acc_change fifth[] = {{"p/q-r", "back\n", 5}, {"p/q/s", "changed\n", 8}};
	static const char *const want12[] = {"m/q-r", "p/q-r", NULL};
	static const char *const want24[] = {"k", "k/inner", NULL};
	static const char *const want45[] = {"p/q-r", "p/q/s", NULL};
	acc_store *s = NULL;
	acc_oid_hex c1, c2, c3, c4, c5;
	acc_strlist l = ACC_STRLIST_INIT;
	acc_person who = alice(0);

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(acc_store_commit(s, c1, NULL, first, 6, "one", &who), 0);
	assert_int_equal(acc_store_commit(s, c2, c1, second, 2, "two", &who), 0);
	assert_int_equal(acc_store_commit(s, c3, c2, third, 1, "three", &who), 0);
	assert_int_equal(acc_store_commit(s, c4, c3, fourth, 1, "four", &who), 0);
	assert_int_equal(acc_store_commit(s, c5, c4, fifth, 2, "five", &who), 0);

	/* a listing is bytewise sorted, not in git's tree order */
	{
		acc_source *src = NULL;
		size_t i;
		static const char *const names[] = {"q", "q-r", "q.t"};

		assert_int_equal(acc_store_source(&src, s, c1), 0);
		assert_int_equal(src->list(src, "p", &l), 0);
		assert_int_equal(l.count, 3);
		for (i = 0; i < 3; i++)
			assert_string_equal(l.items[i], names[i]);
		acc_strlist_free(&l);
		acc_source_free(src);
	}
	assert_int_equal(acc_store_changed_paths(&l, s, c1, c2), 0);
	assert_paths(&l, want12);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c2, c1), 0);
	assert_paths(&l, want12);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c2, c4), 0);
	assert_paths(&l, want24);
	acc_strlist_free(&l);
	assert_int_equal(acc_store_changed_paths(&l, s, c4, c5), 0);
	assert_paths(&l, want45);
	acc_strlist_free(&l);
	acc_store_free(s);
}

/* -------------------------------------------------------------- history */

/* Collects walked commit ids into an array (payload). */
typedef struct {
	acc_oid_hex ids[16];
	char msgs[16][32];
	size_t n;
	size_t stop_after; /* return 7 after this many (0: never) */
} walk_log;

/* Records one walked commit; stops when asked. */
static int walk_cb(const acc_commit_info *c, void *payload)
{
	walk_log *w = payload;

	if (w->n < 16) {
		memcpy(w->ids[w->n], c->id, sizeof(acc_oid_hex));
		snprintf(w->msgs[w->n], sizeof(w->msgs[0]), "%s", c->message);
	}
	w->n++;
	return w->stop_after && w->n == w->stop_after ? 7 : 0;
}

/* The walk goes oldest first, stops before `stop`, and returns what the
 * callback returns. */
static void test_walk(void **state)
{
	const char *path = new_repo_path("walk");
	acc_store *s = NULL;
	acc_oid_hex c[5];
	walk_log w;
	size_t i;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	for (i = 0; i < 5; i++) {
		char msg[16], data[16];

		snprintf(msg, sizeof(msg), "step %zu\n", i);
		snprintf(data, sizeof(data), "%zu\n", i);
		commit_one(s, c[i], i ? c[i - 1] : NULL, "f", data, msg, (long long)i);
	}
	memset(&w, 0, sizeof(w));
	assert_int_equal(acc_store_walk(s, c[4], NULL, walk_cb, &w), 0);
	assert_int_equal(w.n, 5);
	for (i = 0; i < 5; i++) {
		char msg[16];

		snprintf(msg, sizeof(msg), "step %zu\n", i);
		assert_string_equal(w.ids[i], c[i]);
		assert_string_equal(w.msgs[i], msg);
	}
	memset(&w, 0, sizeof(w));
	assert_int_equal(acc_store_walk(s, c[4], c[1], walk_cb, &w), 0);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.ids[0], c[2]);
	assert_string_equal(w.ids[2], c[4]);
	memset(&w, 0, sizeof(w));
	assert_int_equal(acc_store_walk(s, c[4], "", walk_cb, &w), 0);
	assert_int_equal(w.n, 5);
	memset(&w, 0, sizeof(w));
	assert_int_equal(acc_store_walk(s, c[4], c[4], walk_cb, &w), 0);
	assert_int_equal(w.n, 0);
	memset(&w, 0, sizeof(w));
	assert_int_equal(acc_store_walk(s, c[2], NULL, walk_cb, &w), 0);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.ids[2], c[2]);
	memset(&w, 0, sizeof(w));
	w.stop_after = 2;
	assert_int_equal(acc_store_walk(s, c[4], NULL, walk_cb, &w), 7);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.ids[1], c[1]);
	acc_store_free(s);
}

/* Annotated tags, and the newest tag with a prefix on the ancestry of a
 * commit. */
static void test_tags(void **state)
{
	const char *path = new_repo_path("tags");
	acc_store *s = NULL;
	acc_oid_hex c[5], target, side;
	acc_person chair = person("Helena Marchetti", "helena@example.org", 1700000500, 60);
	acc_person late = alice(9999);
	acc_change aside = {"side", "side\n", 5};
	char *name = NULL, *out;
	size_t i;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	for (i = 0; i < 5; i++) {
		char data[16];

		snprintf(data, sizeof(data), "%zu\n", i);
		commit_one(s, c[i], i ? c[i - 1] : NULL, "f", data, "step", (long long)i * 10);
	}
	assert_int_equal(acc_store_tag(s, "ratified-1", c[1], "Ratified once\n", &chair), 0);
	assert_int_equal(acc_store_tag(s, "ratified-2", c[3], "Ratified again\n", &chair), 0);
	assert_int_equal(acc_store_tag(s, "other-1", c[4], "Other\n", &chair), 0);
	assert_int_equal(acc_store_tag(s, "ratified-1", c[4], "Again\n", &chair), ACC_EEXISTS);

	/* a newer tag on a commit that is not on the branch is ignored */
	assert_int_equal(acc_store_commit_files(s, side, &aside, 1, "side\n", &late, NULL, NULL),
			 0);
	assert_int_equal(acc_store_tag(s, "ratified-9", side, "Elsewhere\n", &chair), 0);

	assert_int_equal(acc_store_latest_tag(&name, target, s, "ratified-", c[4]), 0);
	assert_string_equal(name, "ratified-2");
	assert_string_equal(target, c[3]);
	free(name);
	assert_int_equal(acc_store_latest_tag(&name, target, s, "ratified-", c[3]), 0);
	assert_string_equal(name, "ratified-2");
	free(name);
	assert_int_equal(acc_store_latest_tag(&name, target, s, "ratified-", c[2]), 0);
	assert_string_equal(name, "ratified-1");
	assert_string_equal(target, c[1]);
	free(name);
	assert_int_equal(acc_store_latest_tag(&name, target, s, "ratified-", c[0]), ACC_ENOTFOUND);
	assert_null(name);
	assert_int_equal(acc_store_latest_tag(&name, target, s, "none-", c[4]), ACC_ENOTFOUND);
	assert_null(name);
	assert_int_equal(acc_store_latest_tag(&name, target, s, "ratified-", side), 0);
	assert_string_equal(name, "ratified-9");
	free(name);

	/* git sees annotated tags with the tagger given */
	out = git_out(path, "cat-file -t ratified-1");
	assert_string_equal(out, "tag");
	free(out);
	out = git_out(path,
		      "for-each-ref '--format=%(refname:short)%09%(taggername)%09%(*objectname)' "
		      "refs/tags/ratified-2");
	{
		char want[256];

		snprintf(want, sizeof(want), "ratified-2\tHelena Marchetti\t%s", c[3]);
		assert_string_equal(out, want);
	}
	free(out);
	out = git_out(path, "tag -l '--format=%(contents:subject)' ratified-2");
	assert_string_equal(out, "Ratified again");
	free(out);
	assert_fsck(path);
	acc_store_free(s);
}

/* ------------------------------------------------------------ merge3 */

/* Three-way merges of text: disjoint edits merge, overlapping ones give
 * conflict markers. */
static void test_merge3(void **state)
{
	const char *base = "one\ntwo\nthree\nfour\nfive\n";
	char *out = NULL;
	int conflict = -1;

	(void)state;
	assert_int_equal(acc_store_merge3(&out, &conflict, base, "ONE\ntwo\nthree\nfour\nfive\n",
					  "one\ntwo\nthree\nfour\nFIVE\n"),
			 0);
	assert_int_equal(conflict, 0);
	assert_string_equal(out, "ONE\ntwo\nthree\nfour\nFIVE\n");
	free(out);

	/* the same edit on both sides */
	assert_int_equal(acc_store_merge3(&out, &conflict, base, "one\nTWO\nthree\nfour\nfive\n",
					  "one\nTWO\nthree\nfour\nfive\n"),
			 0);
	assert_int_equal(conflict, 0);
	assert_string_equal(out, "one\nTWO\nthree\nfour\nfive\n");
	free(out);

	/* nothing changed on our side: theirs wins */
	assert_int_equal(
	    acc_store_merge3(&out, &conflict, base, base, "one\ntwo\n3\nfour\nfive\nsix\n"), 0);
	assert_int_equal(conflict, 0);
	assert_string_equal(out, "one\ntwo\n3\nfour\nfive\nsix\n");
	free(out);

	/* overlapping edits */
	assert_int_equal(acc_store_merge3(&out, &conflict, base,
					  "one\ntwo\nTHREE (ours)\nfour\nfive\n",
					  "one\ntwo\nthree (theirs)\nfour\nfive\n"),
			 0);
	assert_int_equal(conflict, 1);
	assert_non_null(strstr(out, "<<<<<<<"));
	assert_non_null(strstr(out, "======="));
	assert_non_null(strstr(out, ">>>>>>>"));
	assert_non_null(strstr(out, "THREE (ours)"));
	assert_non_null(strstr(out, "three (theirs)"));
	assert_true(strstr(out, "THREE (ours)") < strstr(out, "three (theirs)"));
	free(out);

	/* empty texts */
	assert_int_equal(acc_store_merge3(&out, &conflict, "", "", ""), 0);
	assert_int_equal(conflict, 0);
	assert_string_equal(out, "");
	free(out);
}

/* -------------------------------------------------------- configuration */

/* Configuration values come from the repository, then the user's file
 * (in the isolated HOME); absent keys are ACC_ENOTFOUND. */
static void test_config(void **state)
{
	const char *path = new_repo_path("config");
	acc_store *s = NULL;
	char *v = NULL;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	assert_int_equal(acc_store_config(&v, NULL, "user.email"), 0);
	assert_string_equal(v, "home@example.org");
	free(v);
	assert_int_equal(acc_store_config(&v, s, "user.email"), 0);
	assert_string_equal(v, "home@example.org");
	free(v);
	acc_store_free(s);
	assert_int_equal(git_status(path, "config user.email repo@example.org"), 0);
	assert_int_equal(acc_store_open(&s, path), 0);
	assert_int_equal(acc_store_config(&v, s, "user.email"), 0);
	assert_string_equal(v, "repo@example.org");
	free(v);
	assert_int_equal(acc_store_config(&v, s, "accord.nothing"), ACC_ENOTFOUND);
	assert_null(v);
	acc_store_free(s);
}

/* Blob ids agree with `git hash-object`. */
static void test_hash_blob(void **state)
{
	acc_oid_hex id;
	char *out;

	(void)state;
	assert_int_equal(acc_store_hash_blob(id, "hello\n", 6), 0);
	assert_string_equal(id, "ce013625030ba8dba906f756967f9e9ca394464a");
	out = run_ok("printf 'Heading: A\\n\\nText.\\n' | git hash-object --stdin");
	assert_int_equal(acc_store_hash_blob(id, "Heading: A\n\nText.\n", 18), 0);
	assert_string_equal(id, out);
	free(out);
	assert_int_equal(acc_store_hash_blob(id, "", 0), 0);
	assert_string_equal(id, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

/* ---------------------------------------------------------- concurrency */

#define CONCURRENT_N 20

/* One writer process: commits n votes, each retried from a fresh tip on
 * ACC_EMODIFIED.  Returns the process exit status (0 when all landed). */
static int writer(const char *path, int who)
{
	acc_store *s = NULL;
	int i, tries, retries = 0;

	if (acc_store_open(&s, path) != 0)
		return 10;
	for (i = 0; i < CONCURRENT_N; i++) {
		char vpath[128], msg[64];
		/* the same bytes in both processes: both write the same blob */
		acc_change ch = {vpath, "Vote: yes\n\n", 11};
		acc_person p = person(who ? "Writer B" : "Writer A",
				      who ? "b@example.org" : "a@example.org", 1700000000 + i, 0);

		snprintf(vpath, sizeof(vpath), "amendments/org-%d/%d/votes/org-%d", who, i + 1,
			 who);
		snprintf(msg, sizeof(msg), "Vote %d of writer %d\n", i, who);
		for (tries = 0; tries < 5000; tries++) {
			acc_oid_hex head, out;
			int rc;

			if (acc_store_head(s, head) != 0) {
				acc_store_free(s);
				return 11;
			}
			rc = acc_store_commit(s, out, head, &ch, 1, msg, &p);
			if (rc == 0)
				break;
			retries++;
			if (rc != ACC_EMODIFIED) {
				fprintf(stderr, "writer %d: %s\n", who, acc_error_last());
				acc_store_free(s);
				return 12;
			}
		}
		if (tries == 5000) {
			acc_store_free(s);
			return 13;
		}
	}
	if (getenv("TEST_VERBOSE"))
		fprintf(stderr, "writer %d: %d retries\n", who, retries);
	acc_store_free(s);
	return 0;
}

/* Two processes commit at once, retrying on ACC_EMODIFIED: every action
 * lands, history stays linear, and git finds the repository sound. */
static void test_concurrent_writers(void **state)
{
	char path[512];
	acc_store *s = NULL;
	acc_oid_hex root, head;
	acc_strlist l = ACC_STRLIST_INIT;
	pid_t pids[2];
	char *out, want[32];
	int k;

	(void)state;
	snprintf(path, sizeof(path), "%s", new_repo_path("concurrent"));
	assert_int_equal(acc_store_init(&s, path), 0);
	commit_one(s, root, NULL, "convention", "Title: T\n\n", "init", 0);
	acc_store_free(s);
	s = NULL;

	fflush(NULL);
	for (k = 0; k < 2; k++) {
		pids[k] = fork();
		assert_true(pids[k] >= 0);
		if (pids[k] == 0)
			_exit(writer(path, k));
	}
	for (k = 0; k < 2; k++) {
		int st = 0;

		assert_int_equal(waitpid(pids[k], &st, 0), pids[k]);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("writer %d failed (status 0x%x)", k, st);
	}

	out = git_out(path, "rev-list --count main");
	snprintf(want, sizeof(want), "%d", 2 * CONCURRENT_N + 1);
	assert_string_equal(out, want);
	free(out);
	out = git_out(path, "rev-list --merges main");
	assert_string_equal(out, "");
	free(out);
	out = git_out(path, "rev-list --max-parents=0 main");
	assert_string_equal(out, root);
	free(out);
	assert_fsck(path);

	/* no action lost: every vote file is in the final tree */
	assert_int_equal(acc_store_open(&s, path), 0);
	assert_int_equal(acc_store_head(s, head), 0);
	assert_int_equal(acc_store_changed_paths(&l, s, root, head), 0);
	assert_int_equal(l.count, 2 * CONCURRENT_N);
	acc_strlist_free(&l);
	out = git_out(path, "log --format=%an main");
	{
		int a = 0, b = 0;
		char *p;

		for (p = out; (p = strstr(p, "Writer ")) != NULL; p += 7) {
			a += p[7] == 'A';
			b += p[7] == 'B';
		}
		assert_int_equal(a, CONCURRENT_N);
		assert_int_equal(b, CONCURRENT_N);
	}
	free(out);
	acc_store_free(s);
}

/* Runs the store tests in one temporary folder with an isolated HOME. */
/* A tree source keeps names for a folder by the folder's git id
 * (memo_put, memo_get): kept across sources and processes, not for the
 * folder once it changes, under its tag alone; a line cut short is not
 * taken. */
static void test_memo(void **state)
{
	const char *path = new_repo_path("memo");
	acc_store *s = NULL;
	acc_oid_hex c1, c2;
	acc_person who = person("Ana", "ana@example.org", 1700000100, 0);
	const acc_change first[] = {
	    {"convention", "Title: T\n\n", 10},
	    {"amendments/x/1/amendment", "Clause: a\n\nNew.\n", 16},
	    {"amendments/x/2/amendment", "Clause: a\n\nNew.\n", 16},
	    {"amendments/y/1/amendment", "Clause: a\n\nNew.\n", 16},
	};
	const acc_change second[] = {
	    {"amendments/x/2/ballot", "Status: open\n\n", 14},
	};
	acc_strlist names = ACC_STRLIST_INIT, two = ACC_STRLIST_INIT, none = ACC_STRLIST_INIT;
	acc_source *src = NULL;
	char *memo, *xid, args[128];
	FILE *f;

	(void)state;
	assert_int_equal(acc_store_init(&s, path), 0);
	if (acc_store_commit(s, c1, NULL, first, 4, "First\n", &who) != 0 ||
	    acc_store_commit(s, c2, c1, second, 1, "Second\n", &who) != 0)
		fail_msg("commit: %s", acc_error_last());
	assert_int_equal(acc_strlist_add(&two, "1"), 0);
	assert_int_equal(acc_strlist_add(&two, "2"), 0);
	assert_int_equal(acc_store_source(&src, s, c1), 0);
	assert_non_null(src->memo_get);
	assert_int_equal(src->memo_get(src, "amendments/x", "t1", &names), ACC_ENOTFOUND);
	src->memo_put(src, "amendments/x", "t1", &two);
	src->memo_put(src, "amendments/y", "t1", &none);
	acc_source_free(src);
	/* a line cut short runs into the next: not taken */
	memo = acc_sprintf("%saccord/memo", acc_store_gitdir(s));
	snprintf(args, sizeof(args), "rev-parse %s:amendments/x", c1);
	xid = git_out(path, args);
	assert_non_null(f = fopen(memo, "a"));
	fprintf(f, "%s t2 9", xid);
	fclose(f);
	free(xid);
	assert_int_equal(acc_store_source(&src, s, c1), 0);
	src->memo_put(src, "amendments/x", "t2", &two);
	acc_source_free(src);

	assert_int_equal(acc_store_source(&src, s, c1), 0);
	assert_int_equal(src->memo_get(src, "amendments/x", "t1", &names), 0);
	assert_int_equal(names.count, 2);
	assert_string_equal(names.items[0], "1");
	assert_string_equal(names.items[1], "2");
	acc_strlist_free(&names);
	assert_int_equal(src->memo_get(src, "amendments/y", "t1", &names), 0);
	assert_int_equal(names.count, 0);
	assert_int_equal(src->memo_get(src, "amendments/x", "t2", &names), ACC_ENOTFOUND);
	assert_int_equal(src->memo_get(src, "amendments/x", "t3", &names), ACC_ENOTFOUND);
	assert_int_equal(src->memo_get(src, "amendments/z", "t1", &names), ACC_ENOTFOUND);
	acc_source_free(src);
	/* amendments/x changed: its names are not kept; y's still are */
	assert_int_equal(acc_store_source(&src, s, c2), 0);
	assert_int_equal(src->memo_get(src, "amendments/x", "t1", &names), ACC_ENOTFOUND);
	assert_int_equal(src->memo_get(src, "amendments/y", "t1", &names), 0);
	assert_int_equal(names.count, 0);
	acc_source_free(src);
	acc_strlist_free(&two);
	free(memo);
	acc_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),
	    cmocka_unit_test(test_init_refuses_nonempty_folder),
	    cmocka_unit_test(test_commit_and_read),
	    cmocka_unit_test(test_commit_refusals),
	    cmocka_unit_test(test_commit_refuses_empty_root),
	    cmocka_unit_test(test_commit_stale_parent),
	    cmocka_unit_test(test_commit_files_and_initial),
	    cmocka_unit_test(test_commit_signed),
	    cmocka_unit_test(test_resolve),
	    cmocka_unit_test(test_load_state_at_commit),
	    cmocka_unit_test(test_changed_paths),
	    cmocka_unit_test(test_reopen_keeps_repository),
	    cmocka_unit_test(test_changed_paths_git_order),
	    cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_tags),
	    cmocka_unit_test(test_merge3),
	    cmocka_unit_test(test_config),
	    cmocka_unit_test(test_hash_blob),
	    cmocka_unit_test(test_concurrent_writers),
	    cmocka_unit_test(test_memo),
	};

	return cmocka_run_group_tests_name("store", tests, group_setup, group_teardown);
}
