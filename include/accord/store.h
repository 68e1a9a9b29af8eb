/*
 * store: the convention repository.  The only module that includes
 * <git2.h>.
 *
 * A convention is a bare git repository whose branch (the one HEAD names,
 * "main" for new conventions) holds the history of actions.  Every write
 * is one commit made from its parent's tree with a few changed paths
 * (git_tree_create_updated), then one compare-and-swap update of the branch
 * (git_reference_create_matching): if another writer moved the branch in
 * between, the write fails with ACC_EMODIFIED and nothing is lost; the
 * caller re-reads and retries.  Object and ref writes are fsynced.
 */
#ifndef ACCORD_STORE_H
#define ACCORD_STORE_H

#include <stddef.h>

#include "accord/model.h"
#include "accord/util.h"

typedef struct acc_store acc_store;

typedef char acc_oid_hex[ACC_OID_HEXLEN + 1];

/* Opens the convention that contains path (walking up as git does). */
int acc_store_open(acc_store **out, const char *path);

/* Creates a new bare repository at path (which must not exist or be an
 * empty folder) with HEAD naming refs/heads/main. */
int acc_store_init(acc_store **out, const char *path);

/* Clones url into a new bare repository at path; ACC_ENET when the
 * connection failed. */
int acc_store_clone(acc_store **out, const char *url, const char *path);

void acc_store_free(acc_store *s);

/* The repository's git directory (with a trailing slash). */
const char *acc_store_gitdir(const acc_store *s);

/* The commit at the tip of the branch: ACC_ENOTFOUND when none yet. */
int acc_store_head(acc_store *s, acc_oid_hex out);

/* Resolves any revision (id, tag, "HEAD~2", branch) to a commit id. */
int acc_store_resolve(acc_store *s, acc_oid_hex out, const char *rev);

/* 1 when ancestor is an ancestor of (or equal to) descendant, 0 if not. */
int acc_store_is_ancestor(acc_store *s, const char *ancestor, const char *descendant);

/* Whether every object read is hashed again and compared with its id (off
 * by default, as in git: zlib's checksum catches damage; verify turns it
 * on, since an object swapped for another that inflates cleanly is what
 * only the hash reveals).  Process-wide. */
void acc_store_check_hashes(int on);

/*
 * Lets go of this process's view of the pack files' pages: the indexes
 * (.idx, mapped whole by libgit2: 28 bytes an object, 170 MB at six
 * million objects, and every page of them touched by a walk of the whole
 * history) and the pack windows.  The pages stay in the kernel's page
 * cache and are mapped again, without a read, when a lookup next touches
 * them; what a walk keeps resident is then what it touched since the last
 * call.  Verify calls it every few thousand commits.  Best effort
 * (Linux: /proc/self/maps and madvise); process-wide.
 */
void acc_store_release_maps(void);

/*
 * Closes the repository of s and opens it again, in place (s stays valid;
 * nothing read from it may be held across the call): libgit2 keeps, for
 * each pack file while any repository of the process has it open, a cache
 * of delta bases of up to 16 MB, so a walk through twelve packs would keep
 * twelve of them.  Verify calls it every so many commits, with the thread
 * that checks signatures holding no repository at that moment.  The new
 * repository is opened before the old one is let go: on failure the store
 * keeps the old one (and its caches) and works on.
 */
int acc_store_reopen(acc_store *s);

/* A source reading files from the tree of commit. */
int acc_store_source(acc_source **out, acc_store *s, const char *commit);

/* Loads the whole state at commit. */
int acc_store_load_state(acc_state **out, acc_store *s, const char *commit);
/* The same with closed ballots trimmed as they are read (verify:
 * acc_state_load_trimmed). */
int acc_store_load_trimmed(acc_state **out, acc_store *s, const char *commit);
/* The same with closed amendment ballots read without their roll-call
 * (the exports of the text: acc_state_load_summary). */
int acc_store_load_summary(acc_state **out, acc_store *s, const char *commit);
/* The same with the amendments whose ballot was held alone (the akn and
 * csv exports: acc_state_load_ballots). */
int acc_store_load_ballots(acc_state **out, acc_store *s, const char *commit);
/* Loads what an action on one ballot reads at commit (acc_state_load_part:
 * amendment is an amendment id, "ratification" or NULL). */
int acc_store_load_part(acc_state **out, acc_store *s, const char *commit, const char *amendment);
/* Loads what the view of one clause reads at commit (acc_state_load_clause). */
int acc_store_load_clause(acc_state **out, acc_store *s, const char *commit, const char *clause,
			  const acc_strlist *amendments);

/* Reads the blob with id oid (at most ACC_RECORD_MAX_SIZE bytes). */
int acc_store_read_blob(char **out, size_t *len, acc_store *s, const char *oid);

/* The git blob id that data would have (without writing it). */
int acc_store_hash_blob(acc_oid_hex out, const char *data, size_t len);

/* One change to the tree: data != NULL writes the file, NULL removes it. */
typedef struct {
	const char *path;
	const char *data;
	size_t len;
} acc_change;

typedef struct {
	const char *name, *email;
	long long when; /* seconds since the epoch */
	int offset;	/* minutes east of UTC */
} acc_person;

/*
 * Writes one commit: the tree of parent (or an empty tree when parent is
 * NULL) with changes applied, the message, author and committer who; then
 * moves the branch from parent to it.  Refuses a commit that changes
 * nothing.  ACC_EMODIFIED when the branch is no longer at parent.
 */
int acc_store_commit(acc_store *s, acc_oid_hex out, const char *parent, const acc_change *changes,
		     size_t n, const char *message, const acc_person *who);

/* Signs the bytes of a commit object: *sig receives an armoured SSH
 * signature (malloc'd) for its gpgsig header. */
typedef int (*acc_sign_fn)(char **sig, const char *data, size_t len, void *payload);

/* As acc_store_commit, signing the commit with sign(payload) when sign is
 * not NULL (git_commit_create_buffer, then git_commit_create_with_signature). */
int acc_store_commit_signed(acc_store *s, acc_oid_hex out, const char *parent,
			    const acc_change *changes, size_t n, const char *message,
			    const acc_person *who, acc_sign_fn sign, void *payload);

/* The parents of commit, in order (store_gather.c). */
int acc_store_commit_parents(acc_strlist *out, acc_store *s, const char *commit);
/* Writes (durably, no ref moves) a commit whose parents are parents (the
 * first's tree with changes applied), signed when sign is set: a gather. */
int acc_store_merge_object(acc_store *s, acc_oid_hex out, const acc_strlist *parents,
			   const acc_change *changes, size_t n, const char *message,
			   const acc_person *who, acc_sign_fn sign, void *payload);

/* Writes the commit object only (no ref moves); see acc_store_commit. */
int acc_store_commit_object(acc_store *s, acc_oid_hex out, const char *parent,
			    const acc_change *changes, size_t n, const char *message,
			    const acc_person *who, acc_sign_fn sign, void *payload);

/*
 * Takes the writers' lock (<gitdir>/accord/write.lock, an flock released
 * by the kernel when its holder dies) for a write, and removes a branch
 * lock file left by a writer that was killed: while accord holds the
 * writers' lock no other accord process can be writing the branch.
 * acc_store_unlock(fd) releases it.
 */
int acc_store_lock(acc_store *s, int *fd);
void acc_store_unlock(int fd);

/* What acc_store_tidy did. */
typedef struct {
	unsigned loose;	  /* loose objects found (0: under the threshold, nothing done) */
	unsigned packed;  /* objects written into the new pack */
	unsigned removed; /* loose copies (and packed duplicates) removed */
	int repacked;	  /* the smallest packs were merged into one */
} acc_tidy_result;

/*
 * Keeps the repository small, as `git gc --auto` does: with at least
 * threshold loose objects (0: never; from 256 on, estimated first from one
 * fan-out folder, as git does), writes them into one pack (libgit2's
 * pack builder) and then removes the loose copies the pack holds; with more
 * than max_packs packs (0: no limit), merges the smallest (up to 8 MB of
 * them, so the work is bounded and large packs stay as they are) into one
 * and removes each that the new pack wholly holds.  Nothing is removed before the new
 * pack is durable, so a kill at any point loses no object.  The caller
 * holds the writers' lock.
 */
int acc_store_tidy(acc_store *s, unsigned threshold, unsigned max_packs, acc_tidy_result *res);

/* Moves the convention branch from `from` to `to` (compare-and-swap). */
int acc_store_move_branch(acc_store *s, const char *to, const char *from, const char *why);

/* Reads a reference (ACC_ENOTFOUND when absent); sets one (forced). */
int acc_store_ref(acc_store *s, acc_oid_hex out, const char *name);
int acc_store_set_ref(acc_store *s, const char *name, const char *to, const char *why);

/* The best common ancestor of two commits (ACC_ENOTFOUND when none). */
int acc_store_merge_base(acc_store *s, acc_oid_hex out, const char *a, const char *b);

/* Number of commits reachable from `from` but not from `hide` (may be NULL). */
int acc_store_count(acc_store *s, size_t *n, const char *from, const char *hide);

/* Fetches the remote's convention branch into the local ref `into`
 * (forced, so a rewritten remote is seen as such) and its tags; *out is
 * the fetched tip.  Any transport libgit2 has: local paths, file://, git://,
 * ssh:// (ssh-agent) and https://.  ACC_ENET when the connection failed. */
int acc_store_fetch(acc_store *s, acc_oid_hex out, const char *remote, const char *into);
/* As acc_store_fetch, in the same connection also fetching the refspec
 * also ("+refs/x/...:refs/y/..." globs allowed; NULL: none). */
int acc_store_fetch_also(acc_store *s, acc_oid_hex out, const char *remote, const char *into,
			 const char *also);

/* Pushes commit (not the branch, which may have moved since) as the
 * remote's convention branch, through the local ref
 * refs/accord/outgoing/<remote>; force replaces a branch that does not
 * lead to commit.  ACC_EMODIFIED when the remote's branch moved on
 * meanwhile (a push never overwrites it); ACC_ENET, like acc_store_fetch,
 * when the connection failed (refused, reset, timed out). */
int acc_store_push_commit(acc_store *s, const char *remote, const char *commit, int force);
/* As acc_store_push_commit, to the remote's ref dst (NULL: the branch). */
int acc_store_push_to(acc_store *s, const char *remote, const char *commit, const char *dst,
		      int force);

/* The signature of a commit and the exact bytes it signs (both malloc'd);
 * ACC_ENOTFOUND when the commit is not signed. */
int acc_store_commit_signature(char **sig, char **signed_data, size_t *len, acc_store *s,
			       const char *commit);

/* Writes every file under dir (a folder on disk) as the tree of a root
 * commit; does not move any ref.  For `accord init`. */
int acc_store_commit_files(acc_store *s, acc_oid_hex out, const acc_change *changes, size_t n,
			   const char *message, const acc_person *who, acc_sign_fn sign,
			   void *payload);

/* Points the branch at commit when it has no commit yet. */
int acc_store_set_initial(acc_store *s, const char *commit);

/* Creates the annotated tag name on commit (fails if it exists). */
int acc_store_tag(acc_store *s, const char *name, const char *commit, const char *message,
		  const acc_person *who);

/* Deletes every tag whose name starts with prefix and that points at
 * commit; *n receives how many.  (A signed tag is never moved: its
 * signature covers the commit it names.) */
int acc_store_untag(size_t *n, acc_store *s, const char *prefix, const char *commit);

/* As acc_store_tag, signed with sign(payload) as `git tag -s` signs with
 * gpg.format=ssh: the armoured signature of the tag object's bytes is
 * appended to its message (which must end with a newline).  sign NULL:
 * an unsigned annotated tag. */
int acc_store_tag_signed(acc_store *s, const char *name, const char *commit, const char *message,
			 const acc_person *who, acc_sign_fn sign, void *payload);

/* Adds to out the names of the tags that start with prefix. */
int acc_store_tag_list(acc_strlist *out, acc_store *s, const char *prefix);

/* A tag as its raw object says, for verification (strings malloc'd). */
typedef struct {
	acc_oid_hex object; /* what refs/tags/<name> points at */
	int lightweight;    /* 1 when that is not a tag object */
	acc_oid_hex target; /* the commit it names ("" when it names no commit) */
	char *header_name;  /* the tag object's "tag" header (NULL if none) */
	char *tagger_email; /* NULL when no tagger */
	char *message;	    /* the message without its signature */
	char *signature;    /* the armoured SSH signature, or NULL */
	char *signed_data;  /* the bytes the signature signs */
	size_t signed_len;
} acc_tag_info;

/* Reads refs/tags/<name>; ACC_ENOTFOUND when there is no such tag. */
int acc_store_tag_read(acc_tag_info *t, acc_store *s, const char *name);
void acc_tag_info_clear(acc_tag_info *t);

/* The id of the text at commit: the git tree id of a tree holding only
 * the commit's convention, toc and clauses/ entries (what `git ls-tree
 * COMMIT convention toc clauses | git mktree` prints).  Writes nothing. */
int acc_store_text_id(acc_oid_hex out, acc_store *s, const char *commit);

/* The newest tag whose name starts with prefix and that points at an
 * ancestor of (or at) commit; ACC_ENOTFOUND when none.  *name malloc'd. */
int acc_store_latest_tag(char **name, acc_oid_hex target, acc_store *s, const char *prefix,
			 const char *commit);

/* A commit as the log shows it. */
typedef struct {
	acc_oid_hex id;
	acc_oid_hex parent; /* "" for a root commit */
	unsigned nparents;
	long long time;
	int offset;
	char *author_name, *author_email;
	char *message;
} acc_commit_info;

void acc_commit_info_clear(acc_commit_info *c);

/* Reads one commit. */
int acc_store_commit_info(acc_commit_info *out, acc_store *s, const char *commit);

/*
 * Walks first parents from `from` back to (not including) `stop` (NULL: to
 * the root), calling cb oldest first.  A non-zero return from cb stops the
 * walk and is returned.
 */
int acc_store_walk(acc_store *s, const char *from, const char *stop,
		   int (*cb)(const acc_commit_info *c, void *payload), void *payload);

/* The commits acc_store_walk(from, stop) visits, in its order, kept as
 * 20-byte ids (20 MB for a million commits): a walk made once and shared
 * (verify's signature thread reads it beside the replay). */
typedef struct acc_chain acc_chain;

int acc_store_chain(acc_chain **out, acc_store *s, const char *from, const char *stop);
/* The number of commits in ch (0 for NULL). */
size_t acc_store_chain_count(const acc_chain *ch);
/* The id of the i-th commit of ch (oldest first). */
void acc_store_chain_id(acc_oid_hex out, const acc_chain *ch, size_t i);
/* Calls cb for each commit of ch as acc_store_walk does. */
int acc_store_chain_walk(acc_store *s, const acc_chain *ch,
			 int (*cb)(const acc_commit_info *c, void *payload), void *payload);
void acc_store_chain_free(acc_chain *ch);

/* Paths whose blobs differ between the trees of two commits (a NULL
 * commit is the empty tree), without descending into identical subtrees. */
int acc_store_changed_paths(acc_strlist *out, acc_store *s, const char *old_commit,
			    const char *new_commit);

/* The raw header of commit (its lines up to the first empty one, as
 * stored: what `git cat-file commit` prints before the message). */
int acc_store_commit_header(char **out, acc_store *s, const char *commit);

/* The names of every ref of the repository (refs/heads/..., refs/tags/...,
 * refs/notes/..., refs/replace/...), added to out. */
int acc_store_ref_list(acc_strlist *out, acc_store *s);

/* Three-way merge of text: base, ours, theirs.  *conflict is set when the
 * edits overlap; *out then holds the text with conflict markers. */
int acc_store_merge3(char **out, int *conflict, const char *base, const char *ours,
		     const char *theirs);

/* Value of a git config key (user.email...) from the repository's and the
 * user's configuration; ACC_ENOTFOUND when unset.  *out malloc'd. */
int acc_store_config(char **out, acc_store *s, const char *key);

/* One tree entry that differs between two trees: its path and its git
 * file modes as stored (0: absent on that side; 0100644 a plain file,
 * 0100755 an executable, 0120000 a symbolic link, 0160000 a submodule). */
typedef struct {
	char *path;
	unsigned old_mode, new_mode;
} acc_mode_entry;

typedef struct {
	acc_mode_entry *items;
	size_t count, alloc;
} acc_mode_entries;

/* Every entry whose id or mode differs between the trees of old_commit
 * and new_commit (NULL or "": the empty tree, so every entry of a root),
 * descending only into folders that differ; a folder is listed itself only
 * when its own mode is not 040000.  Free with acc_mode_entries_free. */
int acc_store_changed_modes(acc_mode_entries *out, acc_store *s, const char *old_commit,
			    const char *new_commit);
void acc_mode_entries_free(acc_mode_entries *l);

/* Both of the above from one walk of the two trees (verify needs both for
 * every commit): either list may be NULL. */
int acc_store_changes(acc_strlist *paths, acc_mode_entries *modes, acc_store *s,
		      const char *old_commit, const char *new_commit);

/* The author and committer times of commit (seconds since the epoch). */
int acc_store_commit_times(long long *author, long long *committer, acc_store *s,
			   const char *commit);

#endif
