/*
 * verify_tags: the tags accord gives meaning to (ratified-N), checked the
 * way verify checks commits: who signed them (the registry as of the
 * tagged commit), what they point at (an event on the branch), what their
 * message claims (the commit and the text), and their numbering.
 *
 * A kind of tag is one row of `kinds`: its name prefix, the commits that
 * are its events (found by their trailers on the first-parent history of
 * the branch, and confirmed from the trees), and which organisation's
 * delegates may tag them.  adoption-* and notification-* tags are meant
 * to be further rows.
 */
#include "accord/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "internal.h"

/* One kind of tag that accord gives meaning to. */
typedef struct {
	const char *prefix; /* "ratified-": the tags are <prefix>N, N = 1, 2, ... */
	const char *event;  /* what the tagged commit must be, for messages */
	/* 1 when the commit's trailers claim it is one of the kind's events */
	int (*claims)(const acc_commit_info *ci);
	/* 1 when the trees confirm it: before is the state at its parent */
	int (*happened)(const acc_state *before, const acc_state *after);
	/* the organisation whose delegates tag it, as of the tagged commit */
	const char *(*tagger)(const acc_state *st);
} tag_kind;

/* A commit whose trailers say it closed the ratification ballot, adopted. */
static int claims_ratification(const acc_commit_info *ci)
{
	char *action = acc_trailer(ci->message, "Action");
	char *ballot = acc_trailer(ci->message, "Ballot");
	char *result = acc_trailer(ci->message, "Result");
	int yes = action && ballot && result && strcmp(action, "close") == 0 &&
		  strcmp(ballot, "ratification") == 0 && strcmp(result, "adopted") == 0;

	free(action);
	free(ballot);
	free(result);
	return yes;
}

/* The ratification was adopted by this commit: not before it, and after. */
static int ratification_happened(const acc_state *before, const acc_state *after)
{
	return !acc_ratified(before) && acc_ratified(after);
}

/* The chair: it tags the adoption. */
static const char *chair_of(const acc_state *st)
{
	return st->conv.chair;
}

/* A commit whose trailers say it is a depositary notification. */
static int claims_notification(const acc_commit_info *ci)
{
	char *action = acc_trailer(ci->message, "Action");
	int yes = action && strcmp(action, "notify") == 0;

	free(action);
	return yes;
}

/* One notification more after the commit than before it. */
static int notification_happened(const acc_state *before, const acc_state *after)
{
	return after->treaty.nnotifications == before->treaty.nnotifications + 1;
}

/* The depositary: it tags its notifications. */
static const char *depositary_of(const acc_state *st)
{
	return st->conv.final.depositary;
}

static const tag_kind kinds[] = {
    {"ratified-", "the closing of the ratification ballot with result adopted", claims_ratification,
     ratification_happened, chair_of},
    {"notification-", "a depositary notification", claims_notification, notification_happened,
     depositary_of},
};
#define NKINDS (sizeof(kinds) / sizeof(*kinds))

/* The events of every kind on the branch, oldest first. */
typedef struct {
	acc_strlist events[NKINDS];
	int walked;
} tag_walk;

/* acc_store_walk callback: collects the commits that claim an event. */
static int collect(const acc_commit_info *ci, void *payload)
{
	tag_walk *w = payload;
	size_t k;
	int rc = 0;

	for (k = 0; k < NKINDS && rc == 0; k++)
		if (kinds[k].claims(ci))
			rc = acc_strlist_add(&w->events[k], ci->id);
	return rc;
}

/* Walks the branch from tip once (the first call), collecting events. */
static int walk_events(tag_walk *w, acc_ctx *c, const char *tip)
{
	if (w->walked)
		return 0;
	w->walked = 1;
	return acc_store_walk(c->store, tip, NULL, collect, w);
}

/* Frees what a walk collected. */
static void walk_free(tag_walk *w)
{
	size_t k;

	for (k = 0; k < NKINDS; k++)
		acc_strlist_free(&w->events[k]);
}

/* The number N of a tag named <prefix>N (N >= 1, no leading zero), or 0. */
static unsigned long tag_number(const char *name, const char *prefix)
{
	const char *p = name + strlen(prefix);
	unsigned long n = 0;

	if (*p < '1' || *p > '9' || strlen(p) > 9)
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		n = n * 10 + (unsigned long)(*p - '0');
	}
	return n;
}

/* 1 when the trees confirm that commit is an event of kind k. */
static int confirmed(acc_ctx *c, const tag_kind *k, const char *commit)
{
	acc_commit_info ci = {0};
	acc_state *before = NULL, *after = NULL;
	int yes = 0;

	if (acc_store_commit_info(&ci, c->store, commit) == 0 && ci.nparents == 1 &&
	    acc_store_load_state(&before, c->store, ci.parent) == 0 &&
	    acc_store_load_state(&after, c->store, commit) == 0)
		yes = k->happened(before, after);
	acc_error_clear();
	acc_state_free(before);
	acc_state_free(after);
	acc_commit_info_clear(&ci);
	return yes;
}

/* Checks who made tag t on commit (an event): a delegate of the chair,
 * the one who made the event, by signature (or, unsigned where the
 * convention allows it, as tagger).  *why receives the broken rule. */
static int check_signer(char **why, acc_ctx *c, const tag_kind *k, const acc_tag_info *t,
			const char *commit)
{
	const char *tagger;
	acc_state *st = NULL;
	acc_commit_info ci = {0};
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	char *pub = NULL;
	const char *who = NULL;
	int rc;

	*why = NULL;
	/* the registry as of the tagged commit */
	if ((rc = acc_store_load_state(&st, c->store, commit)) < 0 ||
	    (rc = acc_store_commit_info(&ci, c->store, commit)) < 0)
		goto done;
	if (!t->signature) {
		if (st->conv.signatures_required) {
			*why = acc_strdup("unsigned (this convention requires signatures)");
			goto done;
		}
		who = t->tagger_email ? t->tagger_email : "";
		if (acc_state_delegate(&org, &del, st, who) < 0) {
			acc_error_clear();
			*why = acc_sprintf("unsigned, and its tagger %s is not a delegate", who);
			goto done;
		}
	} else if (acc_sign_check(&pub, t->signature, t->signed_data, t->signed_len) < 0) {
		*why = acc_sprintf("bad signature: %s", acc_error_last());
		acc_error_clear();
		goto done;
	} else if (acc_state_key_owner(&org, &del, st, pub) < 0 || !del) {
		acc_error_clear();
		*why = acc_sprintf("signed by a key that is not registered (as of the tagged "
				   "commit): %.60s",
				   pub);
		goto done;
	} else {
		who = del->email;
		if (t->tagger_email && strcmp(t->tagger_email, who) != 0) {
			*why = acc_sprintf("the tagger claims to be %s but %s signed it",
					   t->tagger_email, who);
			goto done;
		}
	}
	tagger = k->tagger(st);
	if (!org)
		*why = acc_strdup("made by nobody the registry knows");
	else if (!tagger || strcmp(org->id, tagger) != 0)
		*why = acc_sprintf("made by %s of %s, not a delegate of the %s", who, org->id,
				   k->tagger == chair_of ? "chair" : "depositary");
	else if (!ci.author_email || strcmp(ci.author_email, who) != 0)
		*why = acc_sprintf("made by %s, but %s made the commit it tags", who,
				   ci.author_email ? ci.author_email : "nobody");
done:
	free(pub);
	acc_commit_info_clear(&ci);
	acc_state_free(st);
	return rc;
}

/* Checks tag name of kind k against the branch at tip; *why receives the
 * rule it breaks (NULL when it verifies), *target the commit it names. */
static int check_tag(char **why, acc_oid_hex target, acc_ctx *c, tag_walk *w, size_t kind,
		     const char *name, const char *tip)
{
	const tag_kind *k = &kinds[kind];
	acc_tag_info t;
	unsigned long n = tag_number(name, k->prefix);
	char *claim = NULL;
	acc_oid_hex text;
	long at;
	int rc;

	*why = NULL;
	target[0] = '\0';
	if ((rc = acc_store_tag_read(&t, c->store, name)) < 0) {
		if (rc == ACC_ENOMEM)
			return rc;
		*why = acc_sprintf("cannot be read as a tag: %s", acc_error_last());
		acc_error_clear();
		return *why ? 0 : ACC_ENOMEM;
	}
	memcpy(target, t.target, sizeof(acc_oid_hex));
	if (n == 0) {
		*why = acc_sprintf("its name is not %sN with N a number from 1", k->prefix);
	} else if (t.lightweight) {
		*why = acc_strdup("a lightweight tag, not an annotated (signed) one");
	} else if (!t.header_name || strcmp(t.header_name, name) != 0) {
		*why = acc_sprintf("the tag object is named %s, not %s",
				   t.header_name ? t.header_name : "nothing", name);
	} else if (!t.target[0]) {
		*why = acc_strdup("does not name a commit");
	} else if (!acc_store_is_ancestor(c->store, t.target, tip)) {
		acc_error_clear();
		*why = acc_strdup("points at a commit that is not on the branch");
	} else if ((rc = walk_events(w, c, tip)) < 0) {
		goto done;
	} else if ((at = acc_strlist_find(&w->events[kind], t.target)) < 0 ||
		   !confirmed(c, k, t.target)) {
		*why = acc_sprintf("points at a commit that is not %s", k->event);
	} else if ((unsigned long)at + 1 != n) {
		*why = acc_sprintf("numbered %lu, but the commit it tags is number %ld", n, at + 1);
	} else if (!(claim = acc_trailer(t.message, "Commit")) || strcmp(claim, t.target) != 0) {
		*why = acc_strdup("its Accord-Commit is not the commit it points at");
	} else if ((rc = acc_store_text_id(text, c->store, t.target)) < 0) {
		goto done;
	} else {
		free(claim);
		if (!(claim = acc_trailer(t.message, "Text")) || strcmp(claim, text) != 0)
			*why = acc_strdup("its Accord-Text is not the text of the commit it "
					  "points at");
		else
			rc = check_signer(why, c, k, &t, t.target);
	}
	if (rc == 0 && t.target[0] == '\0')
		memcpy(target, t.object, sizeof(acc_oid_hex));
done:
	free(claim);
	acc_tag_info_clear(&t);
	return rc;
}

/* The kind of tag name, or -1 when accord gives it no meaning. */
static long kind_of(const char *name)
{
	size_t k;

	for (k = 0; k < NKINDS; k++)
		if (strncmp(name, kinds[k].prefix, strlen(kinds[k].prefix)) == 0)
			return (long)k;
	return -1;
}

int acc_verify_tags(acc_verify_problem_fn problem, void *payload, acc_ctx *c, const char *tip)
{
	tag_walk w;
	size_t k, i;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	for (k = 0; k < NKINDS && rc == 0; k++) {
		acc_strlist names = ACC_STRLIST_INIT;

		rc = acc_store_tag_list(&names, c->store, kinds[k].prefix);
		for (i = 0; i < names.count && rc == 0; i++) {
			char *why = NULL;
			acc_oid_hex target;

			if (kind_of(names.items[i]) != (long)k)
				continue;
			rc = check_tag(&why, target, c, &w, k, names.items[i], tip);
			if (rc == 0 && why)
				rc = problem(payload, target, names.items[i], why);
			free(why);
		}
		acc_strlist_free(&names);
	}
	walk_free(&w);
	return rc;
}

int acc_verify_tag_pick(char **name, acc_oid_hex target, acc_strlist *skipped, acc_ctx *c,
			const char *prefix, const char *commit)
{
	acc_strlist names = ACC_STRLIST_INIT;
	tag_walk w;
	acc_oid_hex tip;
	unsigned long best = 0;
	long k = kind_of(prefix);
	size_t i;
	int rc;

	*name = NULL;
	memset(&w, 0, sizeof(w));
	if (k < 0 || strcmp(prefix, kinds[k].prefix) != 0)
		return acc_error_set(ACC_EINVAL, "accord gives no meaning to %s tags", prefix);
	if ((rc = acc_store_head(c->store, tip)) < 0 ||
	    (rc = acc_store_tag_list(&names, c->store, prefix)) < 0)
		goto done;
	for (i = 0; i < names.count && rc == 0; i++) {
		char *why = NULL;
		acc_oid_hex t;

		if ((rc = check_tag(&why, t, c, &w, (size_t)k, names.items[i], tip)) < 0)
			break;
		if (why) {
			char *line = acc_sprintf("%s: %s", names.items[i], why);

			rc = line ? (skipped ? acc_strlist_add(skipped, line) : 0) : ACC_ENOMEM;
			free(line);
		} else if (acc_store_is_ancestor(c->store, t, commit) &&
			   tag_number(names.items[i], prefix) > best) {
			best = tag_number(names.items[i], prefix);
			free(*name);
			if (!(*name = acc_strdup(names.items[i])))
				rc = ACC_ENOMEM;
			memcpy(target, t, sizeof(acc_oid_hex));
		}
		free(why);
	}
done:
	acc_error_clear();
	if (rc == 0 && !*name)
		rc = ACC_ENOTFOUND;
	if (rc < 0 && rc != ACC_ENOTFOUND) {
		free(*name);
		*name = NULL;
	}
	acc_strlist_free(&names);
	walk_free(&w);
	return rc;
}

int acc_verify_tag_number(unsigned long *n, acc_ctx *c, const char *prefix, const char *commit)
{
	tag_walk w;
	long k = kind_of(prefix), at;
	int rc;

	memset(&w, 0, sizeof(w));
	*n = 0;
	if (k < 0)
		return acc_error_set(ACC_EINVAL, "accord gives no meaning to %s tags", prefix);
	if ((rc = walk_events(&w, c, commit)) == 0) {
		if ((at = acc_strlist_find(&w.events[k], commit)) < 0)
			rc = acc_error_set(ACC_EINVAL, "%.12s is not %s", commit, kinds[k].event);
		else
			*n = (unsigned long)at + 1;
	}
	walk_free(&w);
	return rc;
}
