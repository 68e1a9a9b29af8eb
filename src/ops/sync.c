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
#include "gather.h"
#include "internal.h"

/* Retries of a connection failure or of a race with another push, in all:
 * delays of 50 ms doubling up to 1 s, with jitter, about 4 s at most. */
#define MAX_RETRIES	 8 /* connection failures before the remote was reached */
#define BACKOFF_MAX_MS	 1000
#define BACKOFF_FIRST_MS 50
#define RACE_MAX_MS	 4000 /* ceiling of the wait after a lost race */
#define RACE_BUDGET_S	 600  /* races are retried this long */
#define GATHER_TRIES	 3    /* gathers pushed and lost, per sync */

void acc_sync_report_free(acc_sync_report *r)
{
	acc_strlist_free(&r->dropped);
	acc_strlist_free(&r->unverified);
	acc_strlist_free(&r->pending_invalid);
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

/* The problem verify found in commit id, or NULL. */
static const char *problem_of(const acc_verify_report *bad, const char *id)
{
	size_t i;

	for (i = 0; bad && i < bad->count; i++)
		if (strcmp(bad->problems[i].commit, id) == 0)
			return bad->problems[i].message;
	return NULL;
}

/* The outcome a closing records: its Accord-Result, -Tally,
 * -Weighted-Tally, -Fallen and -Clause lines, in order (malloc'd). */
static char *outcome_of(const char *msg)
{
	static const char *const keys[] = {
	    "Accord-Result: ", "Accord-Tally: ", "Accord-Weighted-Tally: ", "Accord-Fallen: ",
	    "Accord-Clause: "};
	acc_buf b = ACC_BUF_INIT;
	const char *p = msg;

	while (*p) {
		size_t len = strcspn(p, "\n"), k;

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (strncmp(p, keys[k], strlen(keys[k])) == 0) {
				acc_buf_printf(&b, "%s%.*s", b.size ? ", " : "", (int)(len - 7),
					       p + 7);
				break;
			}
		p += len + (p[len] == '\n');
	}
	acc_buf_put(&b, "", 0);
	return acc_buf_detach(&b);
}

/* Deletes the ratified-N (and notification-N) tags on old and, when its
 * close (or notification) was carried onto
 * made (with count t) by the chair's delegate del with key, tags made
 * anew as del: a tag is signed over the commit it names, so it is made
 * again, never moved. */
static int follow_tags(acc_ctx *c, const char *old, const char *made, const acc_tally *t,
		       const acc_delegate *del, const char *key)
{
	char *name = NULL, *actor = c->actor, *ckey = c->key, *pub = c->key_pub;
	size_t n = 0, notified = 0;
	int rc;

	if ((rc = acc_store_untag(&n, c->store, "ratified-", old)) < 0 ||
	    (rc = acc_store_untag(&notified, c->store, "notification-", old)) < 0 || !made ||
	    !(n || notified))
		return rc;
	/* the tag is the replayed close's (or notification's): made by its signer */
	c->actor = del->email;
	c->key = (char *)key;
	c->key_pub = NULL;
	rc = n ? acc_ratification_tag(&name, c, made, t) : acc_notification_tag(&name, c, made);
	free(c->key_pub);
	c->actor = actor;
	c->key = ckey;
	c->key_pub = pub;
	free(name);
	return rc;
}

/* This sync's retries so far (reset by acc_sync and the clone): when it
 * first lost a race to another writer (0: not yet), how many races and
 * how many connection failures.  Races are retried for RACE_BUDGET_S from
 * the first, connection failures MAX_RETRIES times (as long as races once
 * the remote was reached), each counted apart so that many lost races
 * never use up the tries of a connection reset. */
static double race_started;
static size_t races, net_failures;
/* Gathers this sync pushed and lost to another push (at most GATHER_TRIES:
 * then the next sync gathers what is still pending). */
static size_t gather_races;
/* Whether this sync has reached the remote once: then a connection
 * failure is a busy server's (a reset) and is retried as long as races
 * are; before, an unreachable remote is given up after MAX_RETRIES. */
static int reached;

/* Forgets the retries of an earlier sync or clone. */
static void retries_reset(void)
{
	race_started = 0;
	races = net_failures = gather_races = 0;
	reached = 0;
}

/* Seconds of the monotonic clock. */
static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits before retrying (exponential backoff with full jitter, from
 * BACKOFF_FIRST_MS to RACE_MAX_MS) and counts it in *retries.  A race (rc
 * ACC_EMODIFIED: someone else pushed first, so the remote is making
 * progress) is retried as long as the race budget lasts, so that a
 * plenary of many delegations syncing at once spreads out instead of
 * giving up, and so is a connection failure once the remote was reached
 * (a busy server resets connections); a remote never reached is given up
 * after MAX_RETRIES (at most BACKOFF_MAX_MS apart).  Returns the failure
 * when spent. */
static int backoff_n(size_t *retries, int rc)
{
	static unsigned seed;
	int race = rc == ACC_EMODIFIED, busy = race || reached;
	size_t *n = race ? &races : &net_failures, i;
	unsigned ms = BACKOFF_FIRST_MS, cap = busy ? RACE_MAX_MS : BACKOFF_MAX_MS;
	struct timespec ts;

	if (busy && race_started == 0)
		race_started = mono_s();
	if (busy ? mono_s() - race_started > RACE_BUDGET_S : *n >= MAX_RETRIES)
		return race ? acc_error_set(ACC_EMODIFIED,
					    "the remote kept moving for %d s: try again",
					    RACE_BUDGET_S)
			    : rc;
	for (i = 0; i < *n && ms < cap; i++)
		ms *= 2;
	if (ms > cap)
		ms = cap;
	if (!seed)
		seed = (unsigned)getpid() ^ (unsigned)time(NULL) ^ 0x5bd1e995u;
	ms = BACKOFF_FIRST_MS / 2 + (unsigned)rand_r(&seed) % (ms + 1); /* full jitter */
	(*n)++;
	(*retries)++;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	acc_error_clear();
	return 0;
}

/* backoff_n for a sync report. */
static int backoff(acc_sync_report *r, int rc)
{
	return backoff_n(&r->retries, rc);
}

/* Clones url into a new bare repository at path (acc_store_clone),
 * retrying connection failures with sync's backoff; *retries counts them. */
static int clone_retrying(acc_store **out, size_t *retries, const char *url, const char *path)
{
	int rc;

	*retries = 0;
	retries_reset();
	while ((rc = acc_store_clone(out, url, path)) == ACC_ENET && backoff_n(retries, rc) == 0)
		;
	return rc;
}

/*
 * Replays the local commits base..local on top of `onto`; *tip receives
 * the new tip.  Actions that are no longer allowed, or whose outcome
 * would change, are dropped into r; commits in bad (which failed verify)
 * are left out into r->unverified; a good commit already on the new tip's
 * line is kept as it is.
 */
static int replay(acc_oid_hex tip, acc_sync_report *r, acc_ctx *c, const char *base,
		  const char *local, const char *onto, const acc_verify_report *bad)
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
		} else if (problem_of(bad, ci->id)) {
			/* never carried on, whatever its trailers claim */
			char *line = acc_sprintf("%s: %s", subject, problem_of(bad, ci->id));

			rc = line ? acc_strlist_add(&r->unverified, line) : ACC_ENOMEM;
			free(line);
			if (rc == 0)
				rc = follow_tags(c, ci->id, NULL, NULL, NULL, NULL);
		} else if (strcmp(ci->parent, tip) == 0) {
			memcpy(tip, ci->id, sizeof(acc_oid_hex)); /* already in place */
		} else if ((rc = acc_store_load_state(&before, c->store, ci->parent)) == 0 &&
			   (rc = acc_store_load_state(&after, c->store, ci->id)) == 0 &&
			   (rc = acc_store_load_state(&now, c->store, tip)) == 0) {
			int why = signer_of(&org, &del, c, before, ci);

			const acc_action_def *def = NULL;

			if (why < 0) {
				rc = acc_strlist_add(&r->dropped, subject);
				acc_error_clear();
				if (rc == 0)
					rc = follow_tags(c, ci->id, NULL, NULL, NULL, NULL);
				goto next;
			}
			key = key_for(c, del);
			acc_action_reset(&act);
			acc_ctx_not_before(c, tip);
			{
				acc_replay_in in = {now, after, org, del, msg, base};

				why = acc_ops_replay(&act, &def, c, &in);
			}
			if (why == 0 && !key && now->conv.signatures_required)
				why = acc_error_set(ACC_EREFUSED, "no key here for %s", del->email);
			if (why == 0 && def == &acc_action_close) {
				/* a count is never redone silently on other votes */
				char *was = outcome_of(msg), *now_is = outcome_of(act.msg.ptr);

				if (!was || !now_is)
					why = ACC_ENOMEM;
				else if (strcmp(was, now_is) != 0)
					why = acc_error_set(
					    ACC_EREFUSED,
					    "not replayed: its outcome would change on top of what "
					    "arrived meanwhile (recorded %s; now %s): close the "
					    "ballot again",
					    was, now_is);
				free(was);
				free(now_is);
			}
			if (why == ACC_ENOMEM) {
				rc = why;
			} else if (why < 0) {
				/* no longer allowed: drop it, say why */
				char *line = acc_sprintf("%s: %s", subject, acc_error_last());

				rc = line ? acc_strlist_add(&r->dropped, line) : ACC_ENOMEM;
				free(line);
				acc_error_clear();
				if (rc == 0)
					rc = follow_tags(c, ci->id, NULL, NULL, NULL, NULL);
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
					rc = follow_tags(c, ci->id, made, &act.tally, del, key);
					/* a proposal may get a new number on top of theirs */
					if (rc == 0 && act.result_id && old &&
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

/* The refs sync keeps for remote. */
typedef struct {
	char *incoming, *verified, *tracking, *unverified;
	char *gathering, *pending_spec; /* the remote's pending votes, fetched */
} sync_refs;

/* Names the refs of remote (after checking its name). */
static int refs_init(sync_refs *f, const char *remote)
{
	memset(f, 0, sizeof(*f));
	if (!remote_valid(remote))
		return acc_error_set(ACC_EUSAGE, "invalid remote name '%s'", remote);
	if (!(f->incoming = acc_sprintf("refs/accord/incoming/%s", remote)) ||
	    !(f->verified = acc_sprintf("refs/accord/verified/%s", remote)) ||
	    !(f->tracking = acc_sprintf("refs/remotes/%s/main", remote)) ||
	    !(f->unverified = acc_sprintf("refs/accord/unverified/%s", remote)) ||
	    !(f->gathering = acc_sprintf("refs/accord/gathering/%s/", remote)) ||
	    !(f->pending_spec = acc_sprintf("+%s*:%s*", ACC_PENDING_REFS, f->gathering)))
		return ACC_ENOMEM;
	return 0;
}

/* Frees the ref names. */
static void refs_free(sync_refs *f)
{
	free(f->incoming);
	free(f->verified);
	free(f->tracking);
	free(f->unverified);
	free(f->gathering);
	free(f->pending_spec);
}

/* Fetches remote into *theirs, retrying connection failures with backoff. */
static int fetch(acc_oid_hex theirs, acc_sync_report *out, acc_ctx *c, const char *remote,
		 const sync_refs *f, int pending)
{
	int rc;

	while ((rc = acc_store_fetch_also(c->store, theirs, remote, f->incoming,
					  pending ? f->pending_spec : NULL)) == ACC_ENET &&
	       backoff(out, rc) == 0)
		;
	if (rc == 0)
		reached = 1; /* the remote is there: later failures are its load */
	return rc;
}

/* Refuses a remote whose tip theirs does not descend from last, the tip
 * verified from it before, and says how to go on. */
static int refuse_rewritten(acc_sync_report *out, acc_ctx *c, const char *remote,
			    const char *theirs, const char *last)
{
	out->rewritten = 1;
	if (acc_store_is_ancestor(c->store, theirs, last))
		return acc_error_set(
		    ACC_EVERIFY,
		    "refusing %s: its history was rewritten: rolled back to %.12s, behind "
		    "%.12s verified before; nothing changed here; `accord sync --publish-local` "
		    "pushes this clone's verified history back",
		    remote, theirs, last);
	return acc_error_set(
	    ACC_EVERIFY,
	    "refusing %s: its history was rewritten (%.12s does not descend from "
	    "%.12s, verified before); nothing changed here; if this clone's "
	    "history is the right one, `accord sync --publish-local` pushes it back",
	    remote, theirs, last);
}

/* Verifies this clone's commits base..local: *bad receives the problems
 * of the ones that fail (kept out of the push). */
static int verify_local(acc_verify_report *bad, acc_ctx *c, const char *base, const char *local)
{
	memset(bad, 0, sizeof(*bad));
	if (strcmp(base, local) == 0)
		return 0;
	return acc_verify_since(bad, c, base, local);
}

/* Checks, before it is pushed, that tip verifies on top of theirs. */
static int verify_outgoing(acc_ctx *c, const char *remote, const char *theirs, const char *tip)
{
	acc_verify_report v;
	int rc;

	if (strcmp(theirs, tip) == 0)
		return 0;
	memset(&v, 0, sizeof(v));
	if ((rc = acc_verify_since(&v, c, theirs, tip)) == 0 && v.count)
		rc = acc_error_set(
		    ACC_EVERIFY,
		    "refusing to push to %s: %.12s fails verify here: %s; nothing sent", remote,
		    v.problems[0].commit, v.problems[0].message);
	acc_verify_report_free(&v);
	return rc;
}

/* Points the verified and tracking refs of remote at tip, and stamps. */
static int record_synced(acc_sync_report *out, acc_ctx *c, const char *remote, const sync_refs *f,
			 const char *tip)
{
	int rc;

	if ((rc = acc_store_set_ref(c->store, f->verified, tip, "accord: verified")) < 0 ||
	    (rc = acc_store_set_ref(c->store, f->tracking, tip, "accord: sync")) < 0)
		return rc;
	memcpy(out->tip, tip, sizeof(acc_oid_hex));
	stamp(c, remote);
	return 0;
}

/* 1 when this clone has work of its own to push: local is neither in
 * theirs nor on one of the remote's pending refs (fetched under f). */
static int own_work(acc_ctx *c, const sync_refs *f, const char *local, const char *theirs)
{
	acc_strlist refs = ACC_STRLIST_INIT;
	size_t i, plen = strlen(f->gathering);
	int own = acc_store_is_ancestor(c->store, local, theirs) != 1;

	if (own && acc_store_ref_list(&refs, c->store) == 0)
		for (i = 0; i < refs.count && own; i++) {
			acc_oid_hex tip;

			if (strncmp(refs.items[i], f->gathering, plen) == 0 &&
			    acc_store_ref(c->store, tip, refs.items[i]) == 0 &&
			    acc_store_is_ancestor(c->store, local, tip) == 1)
				own = 0;
		}
	acc_error_clear();
	acc_strlist_free(&refs);
	return own;
}

/* Gathers the pending votes fetched from remote that are not in theirs
 * yet into one signed gather on theirs, verified here and pushed; theirs
 * becomes the gather.  *again is set when the push lost a race. */
static int gather(acc_oid_hex theirs, int *again, acc_sync_report *out, acc_ctx *c,
		  const char *remote, const sync_refs *f)
{
	acc_oid_hex made;
	size_t n = 0;
	int rc;

	acc_strlist_free(&out->pending_invalid);
	if (gather_races >= GATHER_TRIES)
		return 0;
	rc = acc_gather_pending(made, &n, &out->pending_invalid, c, theirs, f->gathering);
	if (rc == ACC_EREFUSED) { /* no key to sign with here: others gather */
		acc_error_clear();
		return 0;
	}
	if (rc < 0 || !made[0] || (rc = verify_outgoing(c, remote, theirs, made)) < 0)
		return rc;
	rc = acc_store_push_commit(c->store, remote, made, 0);
	if (rc == ACC_EMODIFIED || rc == ACC_ENET) {
		gather_races += rc == ACC_EMODIFIED;
		*again = rc; /* fetch and gather again */
		return 0;
	}
	if (rc < 0)
		return rc;
	out->gathered += n;
	memcpy(theirs, made, sizeof(acc_oid_hex));
	return acc_store_set_ref(c->store, f->incoming, made, "accord: gathered");
}

/* The organisation whose votes all of theirs..tip are (malloc'd), or
 * NULL when any of those commits is something else. */
static char *votes_only(acc_ctx *c, const char *theirs, const char *tip)
{
	commits l = {0};
	char *org = NULL;
	size_t i;
	int ok;

	ok = acc_store_walk(c->store, tip, theirs, collect, &l) == 0 && l.n;
	for (i = 0; ok && i < l.n; i++) {
		char *a = acc_trailer(l.v[i].message, "Action"),
		     *o = acc_trailer(l.v[i].message, "Org");

		ok = a && o && strcmp(a, "vote") == 0 && (!org || strcmp(org, o) == 0) &&
		     l.v[i].nparents == 1;
		if (ok && !org) {
			org = o;
			o = NULL;
		}
		free(a);
		free(o);
	}
	acc_error_clear();
	commits_free(&l);
	if (!ok) {
		free(org);
		org = NULL;
	}
	return org;
}

/* After the push of tip lost a race: when theirs..tip are all votes of
 * one organisation, pushes them to the remote's refs/accord/pending/ORG
 * and records the sync (*done set); else leaves it to another round. */
static int push_pending(int *done, acc_sync_report *out, acc_ctx *c, const char *remote,
			const sync_refs *f, const char *theirs, const char *tip, size_t n)
{
	char *org = votes_only(c, theirs, tip), *ref = NULL;
	int rc = 0;

	*done = 0;
	if (!org || !remote_valid(org))
		goto out;
	if (!(ref = acc_sprintf("%s%s", ACC_PENDING_REFS, org))) {
		rc = ACC_ENOMEM;
		goto out;
	}
	/* the organisation's own ref: forced, nobody else writes it */
	rc = acc_store_push_to(c->store, remote, tip, ref, 1);
	if (rc == ACC_ENET) {
		acc_error_clear();
		rc = 0; /* the round is run again */
		goto out;
	}
	if (rc < 0 || (rc = record_synced(out, c, remote, f, theirs)) < 0)
		goto out;
	memcpy(out->tip, tip, sizeof(acc_oid_hex));
	out->pending = n;
	*done = 1;
out:
	free(org);
	free(ref);
	return rc;
}

/* One round of sync: fetch, verify, fast-forward or replay, push.  *again
 * receives why the round must be run again (ACC_EMODIFIED: a race,
 * ACC_ENET: the connection dropped), else 0. */
static int sync_round(int *again, acc_sync_report *out, acc_ctx *c, const char *remote,
		      const sync_refs *f)
{
	acc_oid_hex theirs, last, local, base, tip;
	acc_verify_report bad;
	size_t n = 0;
	int rc, have_last, checked = 0, pending = 1;

	*again = 0;
	memset(&bad, 0, sizeof(bad));
	/* the pending votes are fetched (to gather) only by a clone with
	 * nothing of its own to push: a plenary's voters fetch just the branch */
	if (acc_store_ref(c->store, tip, f->tracking) == 0 && acc_store_head(c->store, local) == 0)
		pending = !own_work(c, f, local, tip);
	acc_error_clear();
	if ((rc = fetch(theirs, out, c, remote, f, pending)) < 0)
		return rc;
	have_last = acc_store_ref(c->store, last, f->verified) == 0;
	if (have_last && !acc_store_is_ancestor(c->store, last, theirs))
		return refuse_rewritten(out, c, remote, theirs, last);
	acc_error_clear();
	acc_verify_report_free(&out->problems);
	/* what was verified before is not audited again: only what
	 * arrived since, from the state it left */
	if ((rc = have_last ? acc_verify_since(&out->problems, c, last, theirs)
			    : acc_verify(&out->problems, c, theirs)) < 0)
		return rc;
	if (out->problems.count)
		return acc_error_set(ACC_EVERIFY,
				     "refusing %s: %zu problems in its history, the first at "
				     "%.12s: %s",
				     remote, out->problems.count, out->problems.problems[0].commit,
				     out->problems.problems[0].message);
	if ((rc = acc_store_head(c->store, local)) < 0)
		return rc;
	/* a clone with actions of its own pushes them first (its next sync
	 * gathers): in a plenary, each vote reaches the server without
	 * waiting for the others' gathers */
	if (pending && !own_work(c, f, local, theirs) &&
	    ((rc = gather(theirs, again, out, c, remote, f)) < 0 || *again))
		return rc;
	if (acc_store_count(c->store, &n, theirs, local) == 0)
		out->fetched += n;
	acc_strlist_free(&out->unverified);
	acc_strlist_free(&out->dropped);
	out->replayed = 0;
	if (acc_store_is_ancestor(c->store, local, theirs)) {
		memcpy(tip, theirs, sizeof(tip));
	} else {
		if ((rc = acc_store_merge_base(c->store, base, local, theirs)) < 0) {
			if (rc == ACC_ENOTFOUND)
				rc = acc_error_set(ACC_EVERIFY,
						   "refusing %s: it shares no history with this "
						   "convention",
						   remote);
			return rc;
		}
		/* this clone's own commits are verified as well: nothing
		 * unverified is ever carried on or pushed */
		if ((rc = verify_local(&bad, c, base, local)) < 0)
			goto done;
		if (!bad.count && strcmp(base, theirs) == 0) {
			memcpy(tip, local, sizeof(tip));
			checked = 1; /* verify_local audited exactly theirs..tip */
		} else if ((rc = replay(tip, out, c, base, local, theirs, &bad)) < 0)
			goto done;
		if (bad.count && (rc = acc_store_set_ref(c->store, f->unverified, local,
							 "accord: unverified commits")) < 0)
			goto done;
	}
	if (!checked && (rc = verify_outgoing(c, remote, theirs, tip)) < 0)
		goto done;
	if (strcmp(tip, local) != 0) {
		int lock = -1;

		if ((rc = acc_store_lock(c->store, &lock)) == 0) {
			rc = acc_store_move_branch(c->store, tip, local, "accord: sync");
			acc_store_unlock(lock);
		}
		if (rc == ACC_EMODIFIED) { /* a local action landed meanwhile */
			*again = rc;
			rc = 0;
			goto done;
		}
		if (rc < 0)
			goto done;
	}
	out->pushed = 0;
	if (acc_store_count(c->store, &n, tip, theirs) == 0 && n) {
		rc = acc_store_push_commit(c->store, remote, tip, 0);
		if (rc == ACC_EMODIFIED) { /* lost a race: votes wait on their own ref */
			int done = 0;

			acc_error_clear();
			if ((rc = push_pending(&done, out, c, remote, f, theirs, tip, n)) < 0 ||
			    done)
				goto done;
			rc = ACC_EMODIFIED;
		}
		if (rc == ACC_EMODIFIED || rc == ACC_ENET) {
			*again = rc; /* someone pushed first, or the line dropped */
			rc = 0;
			goto done;
		}
		if (rc < 0)
			goto done;
		out->pushed = n;
	}
	rc = record_synced(out, c, remote, f, tip);
done:
	acc_verify_report_free(&bad);
	return rc;
}

/* Runs sync rounds until one completes, backing off between them. */
static int sync_rounds(acc_sync_report *out, acc_ctx *c, const char *remote, const sync_refs *f)
{
	int rc, again;

	while ((rc = sync_round(&again, out, c, remote, f)) == 0 && again)
		if ((rc = backoff(out, again)) < 0)
			break;
	return rc;
}

int acc_sync(acc_sync_report *out, acc_ctx *c, const char *remote)
{
	sync_refs f;
	int rc, froze = !c->now;

	memset(out, 0, sizeof(*out));
	retries_reset();
	if ((rc = refs_init(&f, remote)) == 0) {
		if (froze)
			c->now = (long long)time(NULL);
		rc = sync_rounds(out, c, remote, &f);
		if (froze)
			c->now = 0;
	}
	refs_free(&f);
	return rc;
}

/* Pushes local (verified here) over remote's rewritten branch theirs. */
static int publish(acc_sync_report *out, acc_ctx *c, const char *remote, const sync_refs *f,
		   const char *theirs, const char *last)
{
	acc_oid_hex local;
	acc_verify_report v;
	size_t n = 0;
	int rc;

	memset(&v, 0, sizeof(v));
	if ((rc = acc_store_head(c->store, local)) < 0)
		return rc;
	/* the history sent must verify here, from what was verified before */
	rc = acc_store_is_ancestor(c->store, last, local) ? acc_verify_since(&v, c, last, local)
							  : acc_verify(&v, c, local);
	if (rc == 0 && v.count)
		rc = acc_error_set(
		    ACC_EVERIFY,
		    "not publishing: this clone's history has %zu problems, the first "
		    "at %.12s: %s; nothing sent",
		    v.count, v.problems[0].commit, v.problems[0].message);
	acc_verify_report_free(&v);
	if (rc < 0)
		return rc;
	if (theirs[0] && acc_store_count(c->store, &n, local, theirs) < 0)
		acc_error_clear();
	while ((rc = acc_store_push_commit(c->store, remote, local, 1)) == ACC_ENET &&
	       backoff(out, rc) == 0)
		;
	if (rc < 0)
		return rc;
	out->pushed = n;
	out->rewritten = 1;
	return record_synced(out, c, remote, f, local);
}

int acc_sync_publish(acc_sync_report *out, acc_ctx *c, const char *remote)
{
	acc_oid_hex theirs, last;
	sync_refs f;
	int rc, froze = !c->now;

	memset(out, 0, sizeof(*out));
	if ((rc = refs_init(&f, remote)) < 0)
		goto done;
	if (froze)
		c->now = (long long)time(NULL);
	rc = fetch(theirs, out, c, remote, &f, 0);
	if (rc == ACC_ENOTFOUND) /* the branch is gone: publish it again */
		theirs[0] = '\0';
	else if (rc < 0)
		goto unfreeze;
	acc_error_clear();
	if (acc_store_ref(c->store, last, f.verified) < 0) {
		rc = acc_error_set(ACC_EREFUSED,
				   "nothing verified from %s before: nothing to publish back (use "
				   "accord sync)",
				   remote);
	} else if (theirs[0] && acc_store_is_ancestor(c->store, last, theirs)) {
		acc_error_clear();
		rc = sync_rounds(out, c, remote, &f); /* it did not move backwards */
	} else {
		acc_error_clear();
		rc = publish(out, c, remote, &f, theirs, last);
	}
unfreeze:
	if (froze)
		c->now = 0;
done:
	refs_free(&f);
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
	size_t retries = 0;
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
	if ((rc = clone_retrying(&s, &retries, url, tmp)) < 0 || (rc = anchor_of(out, s)) < 0)
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
