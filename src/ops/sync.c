/* ops_sync: sharing a convention through a git remote (see sync.h). */
#include "accord/sync.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/sign.h"
#include "internal.h"

#define MAX_ROUNDS 8

void acc_sync_report_free(acc_sync_report *r)
{
	acc_strlist_free(&r->dropped);
	acc_verify_report_free(&r->problems);
	memset(r, 0, sizeof(*r));
}

void acc_ctx_not_before(acc_ctx *c, const char *commit)
{
	long long at, ct;

	if (acc_store_commit_times(&at, &ct, c->store, commit) < 0) {
		acc_error_clear(); /* the action itself will say what is wrong */
		return;
	}
	if (c->now < at)
		c->now = at;
	if (c->now < ct)
		c->now = ct;
}

/* 1 when name is a plain remote name. */
static int remote_valid(const char *name)
{
	size_t n = strlen(name);

	return n && n < 64 && name[0] != '-' && name[0] != '.' &&
	       strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
		   n &&
	       !strstr(name, "..");
}

/* The file recording when remote was last synced. */
static char *stamp_path(acc_ctx *c, const char *remote)
{
	return acc_sprintf("%saccord/sync-%s", acc_store_gitdir(c->store), remote);
}

int acc_sync_status(size_t *unshared, long long *last, acc_ctx *c, const char *remote)
{
	acc_oid_hex head, theirs;
	char *ref = acc_sprintf("refs/remotes/%s/main", remote), *stamp = NULL, *data = NULL;
	int rc;

	*unshared = 0;
	*last = 0;
	if (!ref)
		return ACC_ENOMEM;
	rc = acc_store_ref(c->store, theirs, ref);
	free(ref);
	if (rc < 0)
		return rc;
	if ((rc = acc_store_head(c->store, head)) < 0 ||
	    (rc = acc_store_count(c->store, unshared, head, theirs)) < 0)
		return rc;
	if ((stamp = stamp_path(c, remote)) && acc_file_read(&data, NULL, stamp, 64) == 0)
		*last = atoll(data);
	acc_error_clear();
	free(stamp);
	free(data);
	return 0;
}

/* The key this clone holds for del: the configured key when it is del's,
 * else the demo key kept in the git dir; NULL when there is none. */
static char *key_for(acc_ctx *c, const acc_delegate *del)
{
	char *path, *pub = NULL;

	if (!del->key)
		return NULL;
	if (c->key && acc_sign_pubkey(&pub, c->key) == 0 && strcmp(pub, del->key) == 0) {
		free(pub);
		return acc_strdup(c->key);
	}
	free(pub);
	pub = NULL;
	path = acc_sprintf("%saccord/keys/%s", acc_store_gitdir(c->store), del->email);
	if (path && access(path, R_OK) == 0 && acc_sign_pubkey(&pub, path) == 0 &&
	    strcmp(pub, del->key) == 0) {
		free(pub);
		return path;
	}
	acc_error_clear();
	free(pub);
	free(path);
	return NULL;
}

/* Who made local commit id: its signer (the key registered in the state
 * before it), else its author when it is unsigned. */
static int signer_of(const acc_org **org, const acc_delegate **del, acc_ctx *c,
		     const acc_state *before, const acc_commit_info *ci)
{
	char *sig = NULL, *data = NULL, *pub = NULL;
	size_t len;
	int rc = acc_store_commit_signature(&sig, &data, &len, c->store, ci->id);

	if (rc == ACC_ENOTFOUND)
		return acc_state_delegate(org, del, before, ci->author_email);
	if (rc < 0)
		return rc;
	rc = acc_sign_check(&pub, sig, data, len);
	free(sig);
	free(data);
	if (rc < 0)
		return rc;
	rc = acc_state_key_owner(org, del, before, pub);
	free(pub);
	return rc;
}

typedef struct {
	acc_commit_info *v;
	size_t n, alloc;
} commits;

/* Collects a commit (for the replay). */
static int collect(const acc_commit_info *ci, void *payload)
{
	commits *l = payload;
	acc_commit_info *c;

	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 16;
		acc_commit_info *nv = acc_realloc(l->v, na * sizeof(*nv));

		if (!nv)
			return ACC_ENOMEM;
		l->v = nv;
		l->alloc = na;
	}
	c = &l->v[l->n];
	*c = *ci;
	c->author_name = acc_strdup(ci->author_name);
	c->author_email = acc_strdup(ci->author_email);
	c->message = acc_strdup(ci->message);
	l->n++;
	return c->author_name && c->author_email && c->message ? 0 : ACC_ENOMEM;
}

/* Frees collected commits. */
static void commits_free(commits *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		acc_commit_info_clear(&l->v[i]);
	free(l->v);
}

/* Rewrites "Accord-Amendment: from" and "Accord-Ballot: from" lines of a
 * message to name `to` (an amendment renumbered by the replay). */
static char *remap(const char *msg, const acc_strlist *from, const acc_strlist *to)
{
	acc_buf b = ACC_BUF_INIT;
	const char *p = msg;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p), i;
		int done = 0;

		for (i = 0; i < from->count && !done; i++) {
			const char *keys[] = {"Accord-Amendment: ", "Accord-Ballot: "};
			size_t k;

			for (k = 0; k < 2 && !done; k++) {
				size_t kl = strlen(keys[k]), il = strlen(from->items[i]);

				if (strncmp(p, keys[k], kl) == 0 &&
				    strncmp(p + kl, from->items[i], il) == 0 &&
				    (p[kl + il] == '\n' || !p[kl + il])) {
					acc_buf_printf(&b, "%s%s%s", keys[k], to->items[i],
						       p[kl + il] ? "\n" : "");
					done = 1;
				}
			}
		}
		if (!done)
			acc_buf_put(&b, p, len);
		p += len;
	}
	return acc_buf_detach(&b);
}

/*
 * Replays the local commits base..local on top of `onto`; *tip receives
 * the new tip.  Actions that are no longer allowed are dropped into r.
 */
static int replay(acc_oid_hex tip, acc_sync_report *r, acc_ctx *c, const char *base,
		  const char *local, const char *onto)
{
	commits l = {NULL, 0, 0};
	acc_strlist from = ACC_STRLIST_INIT, to = ACC_STRLIST_INIT;
	acc_action act;
	size_t i;
	int rc;

	memset(&act, 0, sizeof(act));
	memcpy(tip, onto, sizeof(acc_oid_hex));
	if ((rc = acc_store_walk(c->store, local, base, collect, &l)) < 0)
		goto done;
	for (i = 0; i < l.n && rc == 0; i++) {
		acc_commit_info *ci = &l.v[i];
		acc_state *before = NULL, *after = NULL, *now = NULL;
		const acc_org *org = NULL;
		const acc_delegate *del = NULL;
		char *msg = remap(ci->message, &from, &to), *key = NULL, *subject;
		acc_signing plan;
		acc_person who;
		acc_oid_hex made;

		memset(&plan, 0, sizeof(plan));
		subject = acc_strndup(ci->message, strcspn(ci->message, "\n"));
		if (!msg || !subject) {
			rc = ACC_ENOMEM;
		} else if ((rc = acc_store_load_state(&before, c->store, ci->parent)) == 0 &&
			   (rc = acc_store_load_state(&after, c->store, ci->id)) == 0 &&
			   (rc = acc_store_load_state(&now, c->store, tip)) == 0) {
			int why = signer_of(&org, &del, c, before, ci);

			if (why < 0) {
				rc = acc_strlist_add(&r->dropped, subject);
				acc_error_clear();
				goto next;
			}
			key = key_for(c, del);
			acc_action_reset(&act);
			acc_ctx_not_before(c, tip);
			{
				acc_replay_in in = {now, after, org, del, msg, base};

				why = acc_ops_replay(&act, NULL, c, &in);
			}
			if (why == 0 && !key && now->conv.signatures_required)
				why = acc_error_set(ACC_EREFUSED, "no key here for %s", del->email);
			if (why == ACC_ENOMEM) {
				rc = why;
			} else if (why < 0) {
				/* no longer allowed: drop it, say why */
				char *line = acc_sprintf("%s: %s", subject, acc_error_last());

				rc = line ? acc_strlist_add(&r->dropped, line) : ACC_ENOMEM;
				free(line);
				acc_error_clear();
			} else {
				plan.key = key;
				plan.email = del->email;
				plan.expect = del->key;
				who.name = del->name;
				who.email = del->email;
				who.when = acc_now(c);
				who.offset = c->offset;
				rc = acc_store_commit_object(c->store, made, tip, act.changes,
							     act.n, act.msg.ptr, &who,
							     key ? acc_sign_commit : NULL, &plan);
				if (rc == 0) {
					char *old = acc_trailer(ci->message, "Amendment");

					memcpy(tip, made, sizeof(acc_oid_hex));
					r->replayed++;
					/* a proposal may get a new number on top of theirs */
					if (act.result_id && old &&
					    strcmp(old, act.result_id) != 0 &&
					    (rc = acc_strlist_add(&from, old)) == 0)
						rc = acc_strlist_add(&to, act.result_id);
					free(old);
				}
			}
		}
	next:
		free(key);
		free(msg);
		free(subject);
		acc_state_free(before);
		acc_state_free(after);
		acc_state_free(now);
	}
done:
	acc_action_reset(&act);
	acc_strlist_free(&from);
	acc_strlist_free(&to);
	commits_free(&l);
	return rc;
}

/* Records the time of the sync with remote. */
static void stamp(acc_ctx *c, const char *remote)
{
	char *path = stamp_path(c, remote);
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fprintf(f, "%lld\n", acc_now(c));
		fclose(f);
	}
	free(path);
}

int acc_sync(acc_sync_report *out, acc_ctx *c, const char *remote)
{
	char *incoming = NULL, *verified = NULL, *tracking = NULL;
	int rc = 0, round, froze = !c->now;

	memset(out, 0, sizeof(*out));
	if (!remote_valid(remote))
		return acc_error_set(ACC_EUSAGE, "invalid remote name '%s'", remote);
	if (!(incoming = acc_sprintf("refs/accord/incoming/%s", remote)) ||
	    !(verified = acc_sprintf("refs/accord/verified/%s", remote)) ||
	    !(tracking = acc_sprintf("refs/remotes/%s/main", remote))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (froze)
		c->now = (long long)time(NULL);
	for (round = 0; round < MAX_ROUNDS; round++) {
		acc_oid_hex theirs, last, local, base, tip;
		size_t n = 0;
		int have_last;

		if ((rc = acc_store_fetch(c->store, theirs, remote, incoming)) < 0)
			break;
		have_last = acc_store_ref(c->store, last, verified) == 0;
		if (have_last && !acc_store_is_ancestor(c->store, last, theirs)) {
			rc = acc_error_set(
			    ACC_EVERIFY,
			    "refusing %s: its history was rewritten (%.12s does not "
			    "descend from %.12s, verified before); nothing changed here",
			    remote, theirs, last);
			break;
		}
		acc_error_clear();
		acc_verify_report_free(&out->problems);
		/* what was verified before is not audited again: only what
		 * arrived since, from the state it left */
		if ((rc = have_last ? acc_verify_since(&out->problems, c, last, theirs)
				    : acc_verify(&out->problems, c, theirs)) < 0)
			break;
		if (out->problems.count) {
			rc = acc_error_set(ACC_EVERIFY,
					   "refusing %s: %zu problems in its history, the first at "
					   "%.12s: %s",
					   remote, out->problems.count,
					   out->problems.problems[0].commit,
					   out->problems.problems[0].message);
			break;
		}
		if ((rc = acc_store_head(c->store, local)) < 0)
			break;
		if (acc_store_count(c->store, &n, theirs, local) == 0)
			out->fetched += n;
		if (acc_store_is_ancestor(c->store, local, theirs)) {
			memcpy(tip, theirs, sizeof(tip));
		} else if (acc_store_is_ancestor(c->store, theirs, local)) {
			memcpy(tip, local, sizeof(tip));
		} else {
			if ((rc = acc_store_merge_base(c->store, base, local, theirs)) < 0) {
				if (rc == ACC_ENOTFOUND)
					rc = acc_error_set(
					    ACC_EVERIFY,
					    "refusing %s: it shares no history with this "
					    "convention",
					    remote);
				break;
			}
			if ((rc = replay(tip, out, c, base, local, theirs)) < 0)
				break;
		}
		if (strcmp(tip, local) != 0) {
			int lock = -1;

			if ((rc = acc_store_lock(c->store, &lock)) == 0) {
				rc = acc_store_move_branch(c->store, tip, local, "accord: sync");
				acc_store_unlock(lock);
			}
		}
		if (rc < 0) {
			if (rc == ACC_EMODIFIED)
				continue; /* a local action landed meanwhile: start again */
			break;
		}
		if (acc_store_count(c->store, &n, tip, theirs) == 0)
			out->pushed = n;
		if (n && (rc = acc_store_push(c->store, remote)) < 0) {
			if (rc == ACC_EMODIFIED) {
				out->pushed = 0;
				continue; /* someone pushed first: fetch and replay again */
			}
			break;
		}
		if ((rc = acc_store_set_ref(c->store, verified, tip, "accord: verified")) < 0 ||
		    (rc = acc_store_set_ref(c->store, tracking, tip, "accord: sync")) < 0)
			break;
		memcpy(out->tip, tip, sizeof(tip));
		stamp(c, remote);
		break;
	}
	if (rc == 0 && round == MAX_ROUNDS)
		rc = acc_error_set(ACC_EMODIFIED, "the remote kept moving: try again");
	if (froze)
		c->now = 0;
done:
	free(incoming);
	free(verified);
	free(tracking);
	return rc;
}

/* ---- the trust anchor: root commit and the key that opened it ------------ */

void acc_anchor_clear(acc_anchor *a)
{
	free(a->key);
	free(a->fingerprint);
	memset(a, 0, sizeof(*a));
}

/* A walk callback keeping the first (oldest) commit and stopping there. */
static int first_commit(const acc_commit_info *ci, void *payload)
{
	memcpy(payload, ci->id, sizeof(acc_oid_hex));
	return 1;
}

/* Fills a with the root of s's branch (from refs/accord/root when an
 * earlier clone recorded it, else by walking) and its signing key. */
static int anchor_of(acc_anchor *a, acc_store *s)
{
	acc_oid_hex head;
	char *sig = NULL, *data = NULL;
	size_t len = 0;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = acc_store_head(s, head)) < 0)
		return rc;
	if (acc_store_ref(s, a->root, "refs/accord/root") < 0) {
		acc_error_clear();
		rc = acc_store_walk(s, head, NULL, first_commit, a->root);
		if (rc < 0)
			return rc;
	}
	rc = acc_store_commit_signature(&sig, &data, &len, s, a->root);
	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		return 0; /* an unsigned root: no key */
	}
	if (rc == 0 && (rc = acc_sign_check(&a->key, sig, data, len)) == 0)
		rc = acc_sign_fingerprint(&a->fingerprint, a->key);
	free(sig);
	free(data);
	if (rc < 0)
		acc_anchor_clear(a);
	return rc;
}

int acc_sync_anchor(acc_anchor *out, acc_ctx *c)
{
	acc_oid_hex known;
	int rc = anchor_of(out, c->store);

	/* the walk to the root is kept, as the index is, for the next status
	 * (a read-only repository just walks again) */
	if (rc == 0 && acc_store_ref(c->store, known, "refs/accord/root") < 0) {
		(void)acc_store_set_ref(c->store, "refs/accord/root", out->root, "accord: root");
		acc_error_clear();
	}
	return rc;
}

/* 1 when id matches the pinned root pin (a full id or a prefix of at
 * least 7 hex digits, any case). */
static int root_matches(const char *id, const char *pin)
{
	size_t n = strlen(pin), i;

	if (n < 7 || n > ACC_OID_HEXLEN)
		return 0;
	for (i = 0; i < n; i++)
		if (id[i] != (pin[i] >= 'A' && pin[i] <= 'F' ? pin[i] - 'A' + 'a' : pin[i]))
			return 0;
	return 1;
}

/* 1 when the folder path holds nothing. */
static int dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = d != NULL;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	if (d)
		closedir(d);
	return empty;
}

/* Clones url into dir when its root is the one expected (see
 * acc_sync_clone), filling out with its anchor. */
static int clone_pinned(acc_anchor *out, const char *url, const char *dir, const char *expect_root,
			const char *expect_key)
{
	acc_store *s = NULL;
	char *tmp = NULL;
	struct stat sb;
	int existed = stat(dir, &sb) == 0, rc;

	memset(out, 0, sizeof(*out));
	if (existed && (!S_ISDIR(sb.st_mode) || !dir_empty(dir)))
		return acc_error_set(ACC_EINVAL, "%s exists and is not an empty folder", dir);
	/* beside dir, so nothing is written into dir before the root is known
	 * and a rename moves it into place */
	if (!(tmp = acc_sprintf("%s.clone-XXXXXX", dir)))
		return ACC_ENOMEM;
	if (!mkdtemp(tmp)) {
		rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return rc;
	}
	if ((rc = acc_store_clone(&s, url, tmp)) < 0 || (rc = anchor_of(out, s)) < 0)
		goto done;
	if (expect_root && !root_matches(out->root, expect_root)) {
		rc = acc_error_set(ACC_EVERIFY,
				   "%s is not the expected convention: its root is %s, not %s", url,
				   out->root, expect_root);
		goto done;
	}
	if (expect_key && (!out->fingerprint || strcmp(out->fingerprint, expect_key) != 0)) {
		rc = acc_error_set(
		    ACC_EVERIFY,
		    "%s is not the expected convention: its root is signed by %s, not %s", url,
		    out->fingerprint ? out->fingerprint : "no key", expect_key);
		goto done;
	}
	if ((rc = acc_store_set_ref(s, "refs/accord/root", out->root, "accord: clone")) < 0)
		goto done;
	acc_store_free(s);
	s = NULL;
	if (existed && rmdir(dir) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot replace %s: %s", dir, strerror(errno));
		goto done;
	}
	if (rename(tmp, dir) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot move the clone into %s: %s", dir,
				   strerror(errno));
		if (existed)
			mkdir(dir, 0777); /* as it was: an empty folder */
	}
done:
	acc_store_free(s);
	if (rc < 0) {
		int keep = acc_error_code();
		char saved[1024];

		snprintf(saved, sizeof(saved), "%s", acc_error_last());
		acc_rmtree(tmp);
		acc_error_set(keep, "%s", saved);
		acc_anchor_clear(out);
	}
	free(tmp);
	return rc;
}

int acc_sync_clone(acc_ctx **out, acc_anchor *anchor, acc_verify_report *problems, acc_oid_hex head,
		   const char *url, const char *dir, const char *expect_root,
		   const char *expect_key)
{
	acc_ctx *c = NULL;
	int rc;

	*out = NULL;
	memset(problems, 0, sizeof(*problems));
	if ((rc = clone_pinned(anchor, url, dir, expect_root, expect_key)) < 0)
		return rc;
	/* what arrived is verified before it is trusted */
	if ((rc = acc_ctx_open(&c, dir, NULL)) < 0 || (rc = acc_verify(problems, c, NULL)) < 0)
		goto done;
	if (problems->count) {
		rc = acc_error_set(ACC_EVERIFY,
				   "the cloned history has %zu problems (see accord verify)",
				   problems->count);
		goto done;
	}
	/* sync audits only what arrives after this */
	if ((rc = acc_store_head(c->store, head)) < 0 ||
	    (rc = acc_store_set_ref(c->store, "refs/accord/verified/origin", head,
				    "accord: clone")) < 0)
		goto done;
	*out = c;
	c = NULL;
done:
	acc_ctx_free(c);
	return rc;
}
