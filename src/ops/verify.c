/* ops_verify: the audit of a convention's history, by replaying it. */
#include "accord/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "accord/textcheck.h"
#include "internal.h"
#include "verify_commit.h"
#include "verify_sigs.h"
#include "verify_snap.h"

/* Commits checked between two releases of the packs' pages (whose indexes
 * alone are 170 MB at design scale): what stays resident is what the walk
 * touched since.  Every few commits at first, so that a short walk (verify
 * --since) keeps few: a release costs some 40 us. */
#define RELEASE_EVERY 128
#define RELEASE_FIRST 1024
#define RELEASE_EARLY 4
/* Commits checked between two reopenings of the repository: libgit2 keeps
 * up to 16 MB of delta bases for each pack read while it is open. */
#define REOPEN_EVERY 65536

typedef struct {
	acc_ctx *c;
	acc_verify_report *r;
	acc_state *prev;
	acc_oid_hex prev_id;
	long long prev_author, prev_committer; /* times of the previous commit */
	int have_times;
	acc_strlist changed;	/* paths the commit being checked changes */
	acc_mode_entries modes; /* and its entries whose id or mode changes */
	int have_modes;		/* modes was read (with changed, in one walk) */
	acc_source *src;	/* the tree of the commit being checked, read once for
				 * its view, the comparison and the apply */
	int broken;		/* the previous tree was unreadable: nothing more to replay */
	int crosscheck;		/* ACCORD_VERIFY_CROSSCHECK: compare prev with a whole load */
	acc_sigq *sigs;		/* signatures checked ahead in a second thread (or NULL) */
} walker;

/* Records a problem with commit id. */
static int problem(acc_verify_report *r, const char *id, const char *fmt, ...)
    ACC_ATTR_PRINTF(3, 4);

static int problem(acc_verify_report *r, const char *id, const char *fmt, ...)
{
	acc_problem *p;
	va_list ap;
	acc_buf b = ACC_BUF_INIT;
	int rc;

	if (r->count == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 16;

		if (!(p = acc_realloc(r->problems, na * sizeof(*p))))
			return ACC_ENOMEM;
		r->problems = p;
		r->alloc = na;
	}
	va_start(ap, fmt);
	rc = acc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		acc_buf_free(&b);
		return rc;
	}
	p = &r->problems[r->count++];
	snprintf(p->commit, sizeof(p->commit), "%s", id);
	p->message = acc_buf_detach(&b);
	return p->message ? 0 : ACC_ENOMEM;
}

void acc_verify_report_free(acc_verify_report *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		free(r->problems[i].message);
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

/* The signer's key of ci, as acc_sigq_next gives it: from the thread that
 * checks signatures ahead, or checked here when it has no outcome for ci. */
static int signature(char **pub, walker *w, const acc_commit_info *ci)
{
	char *sig = NULL, *data = NULL;
	size_t len = 0;
	int rc = w->sigs ? acc_sigq_next(w->sigs, pub, ci->id) : 1;

	if (rc <= 0)
		return rc;
	rc = acc_store_commit_signature(&sig, &data, &len, w->c->store, ci->id);
	if (rc == 0 && acc_sign_check(pub, sig, data, len) < 0)
		rc = ACC_EVERIFY;
	free(sig);
	free(data);
	return rc;
}

/* Finds who made commit ci under registry reg: the signer, or (when
 * signatures are optional and it is unsigned) its author.  Records
 * problems; *org stays NULL when nobody can be held to it. */
static int identify(const acc_org **org, const acc_delegate **del, walker *w,
		    const acc_commit_info *ci, const acc_state *reg)
{
	char *pub = NULL;
	int rc;

	*org = NULL;
	*del = NULL;
	rc = signature(&pub, w, ci);
	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		if (reg->conv.signatures_required)
			return problem(w->r, ci->id,
				       "unsigned action (this convention requires "
				       "signatures)");
		if (acc_state_delegate(org, del, reg, ci->author_email) < 0)
			return problem(w->r, ci->id, "unsigned action by %s, who is not a delegate",
				       ci->author_email);
		return 0;
	}
	if (rc < 0 && rc != ACC_EVERIFY)
		return rc;
	if (rc == ACC_EVERIFY) {
		rc = problem(w->r, ci->id, "bad signature: %s", acc_error_last());
	} else {
		w->r->signed_commits++;
		if (acc_state_key_owner(org, del, reg, pub) < 0)
			rc = problem(
			    w->r, ci->id,
			    "signed by a key that is not registered (as of its parent): %.60s",
			    pub);
		else if (strcmp((*del)->email, ci->author_email) != 0)
			rc = problem(w->r, ci->id, "the author claims to be %s but %s signed it",
				     ci->author_email, (*del)->email);
		if (rc == 0 && *org == NULL)
			*del = NULL;
	}
	free(pub);
	return rc;
}

/* Compares what the replayed action writes with what the commit changed. */
static int compare(walker *w, const acc_commit_info *ci, const acc_action *act,
		   const acc_action_def *def, const acc_org *org)
{
	const char *action = def->spec.name;
	const acc_strlist *changed = &w->changed;
	acc_source *after = w->src;
	size_t i, j;
	int rc = 0;

	if (!after && (rc = acc_store_source(&w->src, w->c->store, ci->id)) < 0)
		return rc;
	after = w->src;
	for (i = 0; i < changed->count && rc == 0; i++) {
		int expected = 0;

		for (j = 0; j < act->n && !expected; j++)
			expected = strcmp(act->changes[j].path, changed->items[i]) == 0;
		if (!expected)
			rc = problem(w->r, ci->id, "changes %s, which a %s by %s does not write",
				     changed->items[i], action, org->id);
	}
	for (j = 0; j < act->n && rc == 0; j++) {
		const acc_change *ch = &act->changes[j];
		char *data = NULL;
		size_t len = 0;
		int got = after->read(after, ch->path, &data, &len, NULL);

		if (got == ACC_ENOMEM) {
			rc = got;
		} else if (got < 0 && got != ACC_ENOTFOUND) {
			/* an unreadable tree: state_advance's whole load words it */
			rc = problem(w->r, ci->id, "%s", acc_error_last());
		} else if (!ch->data && got == 0) {
			rc = problem(w->r, ci->id, "keeps %s, which its %s removes", ch->path,
				     action);
		} else if (ch->data && got == ACC_ENOTFOUND) {
			rc = problem(w->r, ci->id, "lacks %s, which its %s writes", ch->path,
				     action);
		} else if (ch->data && (len != ch->len || memcmp(data, ch->data, len) != 0)) {
			rc = problem(w->r, ci->id, "%s is not what its %s writes%s%s%s", ch->path,
				     action, def->mismatch ? " (" : "",
				     def->mismatch ? def->mismatch : "", def->mismatch ? ")" : "");
		}
		free(data);
	}
	acc_error_clear();
	return rc;
}

/* Records, for a message that is not the one its action writes, the first
 * line where they differ. */
static int check_message(walker *w, const acc_commit_info *ci, const char *want, const char *action)
{
	const char *a = ci->message, *b = want;

	if (strcmp(a, b) == 0)
		return 0;
	for (;;) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

		if (la != lb || memcmp(a, b, la) != 0 || !a[la] || !b[lb])
			return problem(w->r, ci->id,
				       "its message is not what its %s writes: \"%.*s\" where it "
				       "writes \"%.*s\"",
				       action, (int)(la > 120 ? 120 : la), a,
				       (int)(lb > 120 ? 120 : lb), b);
		a += la + 1;
		b += lb + 1;
	}
}

/* Only plain files: every entry the commit adds or changes is a regular
 * non-executable file (100644) or a folder, and no mode changes. */
static int check_modes(walker *w, const acc_commit_info *ci)
{
	const acc_mode_entries *m = &w->modes;
	size_t i;
	int rc = 0;

	/* read by state_next with the changed paths; read here again when that
	 * walk failed, for its error */
	if (!w->have_modes &&
	    (rc = acc_store_changed_modes(&w->modes, w->c->store, w->prev_id, ci->id)) < 0)
		return rc;
	for (i = 0; i < m->count && rc == 0; i++) {
		const acc_mode_entry *e = &m->items[i];

		if (e->new_mode && e->new_mode != 0100644)
			rc = problem(w->r, ci->id,
				     "only plain files: %s has mode %06o (%s), not 100644", e->path,
				     e->new_mode,
				     e->new_mode == 0120000   ? "a symbolic link"
				     : e->new_mode == 0160000 ? "a submodule"
				     : e->new_mode == 0100755 ? "an executable"
							      : "not a plain file");
		else if (e->old_mode && e->new_mode && e->old_mode != e->new_mode)
			rc = problem(w->r, ci->id, "only plain files: the mode of %s changes",
				     e->path);
	}
	return rc;
}

/* Dates do not go backwards: the commit's author and committer times are
 * not before its parent's. */
static int check_times(walker *w, const acc_commit_info *ci)
{
	long long at, ct;
	int rc;

	if ((rc = acc_store_commit_times(&at, &ct, w->c->store, ci->id)) < 0)
		return rc;
	if (w->have_times && ct < w->prev_committer)
		rc = problem(w->r, ci->id,
			     "dates go backwards: committed at %lld, before its parent (%lld)", ct,
			     w->prev_committer);
	else if (w->have_times && at < w->prev_author)
		rc = problem(w->r, ci->id,
			     "dates go backwards: authored at %lld, before its parent (%lld)", at,
			     w->prev_author);
	w->prev_author = at;
	w->prev_committer = ct;
	w->have_times = 1;
	return rc;
}

/* What plain git shows of ci is what accord writes (verify_commit.c): its
 * headers, one date not in the future, and (del not NULL) the signer as
 * author and committer. */
static int check_header(walker *w, const acc_commit_info *ci, const acc_delegate *del)
{
	char *why = NULL;
	int rc = acc_verify_commit_header(&why, w->c, ci->id, del, acc_verify_not_after(w->c));

	if (rc == 0 && why)
		rc = problem(w->r, ci->id, "%s", why);
	free(why);
	return rc;
}

/* 1 when path is what a new convention may hold: convention, toc,
 * clauses/<id> and orgs/<id> (as init takes from a proposal). */
static int root_path(const char *p)
{
	return strcmp(p, "convention") == 0 || strcmp(p, "toc") == 0 ||
	       (strncmp(p, "clauses/", 8) == 0 && p[8] && !strchr(p + 8, '/')) ||
	       (strncmp(p, "orgs/", 5) == 0 && p[5] && !strchr(p + 5, '/')) ||
	       acc_translation_root_path(p);
}

/* The root's files hold only text the record may hold (what init
 * refuses; the later commits are checked by their replay). */
static int check_root_text(walker *w, const acc_commit_info *ci, const acc_strlist *files)
{
	acc_source *src = NULL;
	size_t i;
	int rc;

	if ((rc = acc_store_source(&src, w->c->store, ci->id)) < 0)
		return rc;
	for (i = 0; i < files->count && rc == 0; i++) {
		char *data = NULL;
		size_t len = 0;

		if (src->read(src, files->items[i], &data, &len, NULL) == 0 &&
		    acc_text_check(files->items[i], data, len) < 0)
			rc = problem(w->r, ci->id, "%s", acc_error_last());
		free(data);
	}
	acc_error_clear();
	acc_source_free(src);
	return rc;
}

/* The root holds only what a new convention holds (checked before its
 * tree is read as a convention). */
static int check_root_files(walker *w, const acc_commit_info *ci)
{
	acc_strlist files = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = acc_store_changed_paths(&files, w->c->store, NULL, ci->id)) < 0)
		return rc;
	for (i = 0; i < files.count && rc == 0; i++)
		if (!root_path(files.items[i]))
			rc = problem(w->r, ci->id,
				     "the root holds %s: a new convention holds only convention, "
				     "toc, clauses/ and orgs/",
				     files.items[i]);
	if (rc == 0)
		rc = check_root_text(w, ci, &files);
	acc_strlist_free(&files);
	return rc;
}

/* The root: the chair's init, with the message init writes. */
static int check_root(walker *w, const acc_commit_info *ci, const acc_state *st, const acc_org *org)
{
	acc_buf msg = ACC_BUF_INIT;
	int rc = 0;

	if (org && strcmp(org->id, st->conv.chair) != 0)
		rc = problem(w->r, ci->id, "the root is not the chair's: %s of %s opened it",
			     ci->author_email, org->id);
	if (rc == 0) { /* translations in the root: what init stamps (act_translate.c) */
		char *why = NULL;

		if ((rc = acc_translation_root_check(&why, st)) == 0 && why)
			rc = problem(w->r, ci->id, "%s", why);
		free(why);
	}
	/* the message acc_ops_init writes */
	if (rc == 0 &&
	    (rc = acc_buf_printf(
		 &msg, "Open the draft: %s\n\nAccord-Action: init\nAccord-Proposal: %s\n",
		 st->conv.title, st->conv.short_title ? st->conv.short_title : "")) == 0)
		rc = check_message(w, ci, msg.ptr, "init");
	acc_buf_free(&msg);
	return rc;
}

/* Drops the problems recorded after the first mark ones. */
static void forget_problems(acc_verify_report *r, size_t mark)
{
	while (r->count > mark)
		free(r->problems[--r->count].message);
}

/* Reads what checking ci needs of its tree into *after: the whole state of
 * a root commit, else a view of what its replay reads beside w->prev.
 * 1 when the tree is unreadable (reported: nothing more is replayed). */
static int state_next(acc_state **after, walker *w, const acc_commit_info *ci)
{
	int rc = 0;

	*after = NULL;
	acc_strlist_free(&w->changed);
	acc_mode_entries_free(&w->modes);
	acc_source_free(w->src);
	w->src = NULL;
	/* one walk of the two trees gives the paths and the modes (check_modes) */
	w->have_modes =
	    (rc = acc_store_changes(&w->changed, &w->modes, w->c->store, w->prev_id, ci->id)) == 0;
	if (rc == 0 && w->prev && (rc = acc_store_source(&w->src, w->c->store, ci->id)) == 0)
		rc = acc_state_view(after, w->src, w->prev, &w->changed);
	if (rc == 0 && *after) /* what a replay reads of the tree besides the state */
		snprintf((*after)->commit, sizeof((*after)->commit), "%s", ci->id);
	if (rc == ACC_ENOMEM)
		return rc;
	if (!w->prev || rc < 0) {
		/* the whole load words what is wrong with the tree */
		if (acc_store_load_state(after, w->c->store, ci->id) < 0) {
			w->broken = 1;
			return (rc = problem(w->r, ci->id, "%s", acc_error_last())) < 0 ? rc : 1;
		}
		acc_error_clear();
	}
	return 0;
}

/* Makes w->prev the state at ci, which was checked with after (freed here):
 * applies its changed paths when its replay wrote them (clean: nothing
 * reported from the replay on; a wrong date or header says nothing of the
 * tree), else (or when that fails) loads its tree whole, a tree that does
 * not load being the one problem of the commit (those since mark), as when
 * nothing was replayed. */
static int state_advance(walker *w, const acc_commit_info *ci, acc_state **after, size_t mark,
			 size_t signed_mark, int clean)
{
	acc_state *whole = NULL;
	int rc = ACC_EINVAL;

	if (!w->prev || !(*after)->partial) { /* a whole state already */
		whole = *after;
		*after = NULL;
		rc = 0;
	}
	acc_state_view_free(*after, w->prev);
	*after = NULL;
	if (!whole && clean &&
	    (w->src || (rc = acc_store_source(&w->src, w->c->store, ci->id)) == 0))
		rc = acc_state_apply(w->prev, w->src, &w->changed);
	if (rc == ACC_ENOMEM)
		return rc;
	if (rc < 0 && acc_store_load_trimmed(&whole, w->c->store, ci->id) < 0) {
		forget_problems(w->r, mark);
		w->r->signed_commits = signed_mark;
		w->broken = 1;
		return problem(w->r, ci->id, "%s", acc_error_last());
	}
	acc_error_clear();
	if (whole) {
		acc_state_free(w->prev);
		w->prev = whole;
		acc_state_trim(w->prev, NULL); /* closed ballots: counts only */
	} else if (acc_state_trim(w->prev, &w->changed),
		   w->crosscheck && (rc = acc_store_load_state(&whole, w->c->store, ci->id)) == 0) {
		char *diff = NULL;

		acc_state_trim(whole, NULL);
		if ((rc = acc_state_diff(&diff, w->prev, whole)) == 0 && diff)
			rc = problem(w->r, ci->id, "the state followed differs from the tree: %s",
				     diff);
		free(diff);
		acc_state_free(whole);
		if (rc < 0)
			return rc;
	}
	snprintf(w->prev->commit, sizeof(w->prev->commit), "%s", ci->id);
	memcpy(w->prev_id, ci->id, sizeof(w->prev_id));
	return 0;
}

/* Reads again, from the parent's tree, the closed ballots the commit
 * touches (acc_state_trim dropped their votes), for its replay. */
static int untrim(walker *w)
{
	acc_source *src = NULL;
	int rc;

	if (!acc_state_trimmed(w->prev, &w->changed))
		return 0;
	if ((rc = acc_store_source(&src, w->c->store, w->prev_id)) == 0)
		rc = acc_state_untrim(w->prev, src, &w->changed);
	acc_source_free(src);
	return rc;
}

/* Checks one commit (see verify.h). */
static int check_commit(const acc_commit_info *ci, void *payload)
{
	walker *w = payload;
	acc_state *after = NULL;
	const acc_state *reg;
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	char *action = acc_trailer(ci->message, "Action");
	char *claimed = acc_trailer(ci->message, "Org");
	const acc_action_def *def = NULL;
	acc_action act;
	size_t mark, rmark;
	size_t signed_mark, idmark;
	int rc = 0, clean = 0, modes_ok;

	memset(&act, 0, sizeof(act));
	w->r->commits++;
	if (w->r->commits % (w->r->commits <= RELEASE_FIRST ? RELEASE_EARLY : RELEASE_EVERY) == 0)
		acc_store_release_maps(); /* what the walk keeps mapped of the packs */
	/* and the delta caches of the packs it has gone past */
	if (w->r->commits % REOPEN_EVERY == 0 && acc_sigq_reopen(w->sigs, w->c->store) < 0)
		acc_error_clear(); /* the store kept its repository: only the caches stay */
	/* a merge is allowed only as a gather of pending votes, whose replay
	 * (act_gather.c, verify_gather.c) checks what it merges */
	if (ci->nparents > 1 && (!action || strcmp(action, "gather") != 0) &&
	    (rc = problem(w->r, ci->id,
			  "a merge commit: the history must be linear (only a gather of "
			  "pending votes merges)")) < 0)
		goto done;
	if (w->broken)
		goto done;
	mark = w->r->count;
	signed_mark = w->r->signed_commits;
	if (!w->prev && ci->nparents == 0 && (rc = check_root_files(w, ci)) < 0)
		goto done;
	if ((rc = state_next(&after, w, ci)) != 0)
		goto done;
	reg = w->prev ? w->prev : after;
	if ((rc = check_times(w, ci)) < 0)
		goto done;
	rmark = w->r->count;
	if ((rc = check_modes(w, ci)) < 0)
		goto done;
	modes_ok = w->r->count == rmark;
	idmark = w->r->count; /* a wrong author is reported once */
	if ((rc = identify(&org, &del, w, ci, reg)) < 0 ||
	    (rc = check_header(w, ci, w->r->count == idmark ? del : NULL)) < 0)
		goto done;
	if (!action) {
		rc = problem(w->r, ci->id, "not an accord action (no Accord-Action trailer)");
		goto next;
	}
	if (!w->prev) {
		if (strcmp(action, "init") != 0)
			rc = problem(w->r, ci->id, "the first commit is a %s, not an init", action);
		else
			rc = check_root(w, ci, after, org);
		goto next;
	}
	if (strcmp(action, "init") == 0) {
		rc = problem(w->r, ci->id, "an init in the middle of the history");
		goto next;
	}
	if (!org)
		goto next; /* already reported: nobody to replay it as */
	if (claimed && strcmp(claimed, org->id) != 0 &&
	    (rc = problem(w->r, ci->id, "claims to act for %s but %s signed it", claimed,
			  org->id)) < 0)
		goto done;
	if ((rc = untrim(w)) < 0)
		goto done;
	rmark = w->r->count;
	{
		long long saved = w->c->now;
		acc_replay_in in = {w->prev, after, org, del, ci->message, NULL};

		w->c->now = ci->time;
		rc = acc_ops_replay(&act, &def, w->c, &in);
		w->c->now = saved;
	}
	if (rc == ACC_ENOMEM)
		goto done;
	if (rc < 0) {
		rc = problem(w->r, ci->id, "%s by %s not allowed here: %s", action, org->id,
			     acc_error_last());
		goto next;
	}
	rc = compare(w, ci, &act, def, org);
	if (rc == 0 && act.msg.ptr)
		rc = check_message(w, ci, act.msg.ptr, action);
	/* its replay wrote what it changes: follow the change */
	clean = modes_ok && w->r->count == rmark;
next:
	if (rc == 0)
		rc = state_advance(w, ci, &after, mark, signed_mark, clean);
done:
	acc_source_free(w->src);
	w->src = NULL;
	acc_action_reset(&act);
	acc_state_view_free(after, w->prev);
	free(action);
	free(claimed);
	return rc < 0 ? rc : 0;
}

/* Verifies the commits after since (NULL: from the root) up to tip. */
static int verify_range(acc_verify_report *out, acc_ctx *c, const char *since, const char *tip)
{
	walker w;
	acc_oid_hex id, from;
	acc_chain *chain = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.r = out;
	w.crosscheck = getenv("ACCORD_VERIFY_CROSSCHECK") != NULL;
	if (tip)
		rc = acc_store_resolve(c->store, id, tip);
	else
		rc = acc_store_head(c->store, id);
	if (rc < 0)
		return rc;
	/* an audit reads every object as what its id says it is */
	acc_store_check_hashes(1);
	if (since) {
		if ((rc = acc_store_resolve(c->store, from, since)) < 0)
			goto done;
		if (!acc_store_is_ancestor(c->store, from, id)) {
			rc = acc_error_set(ACC_EINVAL, "%.12s is not an ancestor of %.12s", from,
					   id);
			goto done;
		}
		/* the state the last verify ended with there, else the tree's */
		if ((rc = acc_verify_snap_load(&w.prev, c, from)) < 0 ||
		    (rc == 1 && (rc = acc_store_load_trimmed(&w.prev, c->store, from)) < 0) ||
		    (rc = acc_store_commit_times(&w.prev_author, &w.prev_committer, c->store,
						 from)) < 0)
			goto done;
		acc_state_trim(w.prev, NULL);
		snprintf(w.prev->commit, sizeof(w.prev->commit), "%s", from);
		w.have_times = 1;
		memcpy(w.prev_id, from, sizeof(w.prev_id));
	}
	/* one walk, shared with the thread that checks signatures ahead */
	if ((rc = acc_store_chain(&chain, c->store, id, since ? from : NULL)) < 0)
		goto done;
	acc_store_release_maps(); /* the chain touched every pack index */
	if (acc_sigq_start(&w.sigs, acc_store_gitdir(c->store), chain) < 0)
		acc_error_clear(); /* then each signature is checked in turn */
	rc = acc_store_chain_walk(c->store, chain, check_commit, &w);
	/* kept for the next verify from here, when all of it verified */
	if (rc == 0 && !out->count && !w.broken && w.prev && out->commits &&
	    strcmp(w.prev->commit, id) == 0)
		rc = acc_verify_snap_save(c, w.prev);
done:
	acc_sigq_free(w.sigs);
	acc_store_chain_free(chain);
	acc_store_check_hashes(0);
	acc_strlist_free(&w.changed);
	acc_mode_entries_free(&w.modes);
	acc_state_free(w.prev);
	if (rc < 0)
		acc_verify_report_free(out);
	return rc;
}

/* An acc_verify_problem_fn: records a ref that changes what git shows. */
static int ref_problem(void *payload, const char *commit, const char *ref, const char *why)
{
	return problem(payload, commit, "%s: %s", ref, why);
}

/* An acc_verify_problem_fn: records a tag that does not verify. */
static int tag_problem(void *payload, const char *commit, const char *tag, const char *why)
{
	return problem(payload, commit, "tag %s: %s", tag, why);
}

int acc_verify(acc_verify_report *out, acc_ctx *c, const char *tip)
{
	acc_oid_hex id, head;
	int rc = verify_range(out, c, NULL, tip);

	/* the tags (verify_tags.c), when the branch tip is what was verified */
	if (rc == 0 && acc_store_head(c->store, head) == 0 &&
	    (!tip || (acc_store_resolve(c->store, id, tip) == 0 && strcmp(id, head) == 0)) &&
	    (rc = acc_verify_tags(tag_problem, out, c, head)) < 0)
		acc_verify_report_free(out);
	if (rc == 0 && (rc = acc_verify_refs(ref_problem, out, c)) < 0)
		acc_verify_report_free(out);
	if (rc == 0)
		acc_error_clear();
	return rc;
}

int acc_verify_since(acc_verify_report *out, acc_ctx *c, const char *since, const char *tip)
{
	return verify_range(out, c, since, tip);
}
