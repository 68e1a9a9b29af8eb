/* refresh: bringing the index up to date with the history. */
#include "accord/ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/merge3.h"
#include "accord/record.h"
#include "accord/sign.h"
#include "internal.h"

typedef struct {
	acc_index *ix;
	long long seq;
} log_walk;

/* Adds one commit to the index log. */
static int index_commit_cb(const acc_commit_info *ci, void *payload)
{
	log_walk *w = payload;
	acc_log_entry e;
	const char *nl = strchr(ci->message, '\n');
	int rc;

	memset(&e, 0, sizeof(e));
	memcpy(e.id, ci->id, sizeof(e.id));
	e.seq = ++w->seq;
	e.time = ci->time;
	e.offset = ci->offset;
	e.author = ci->author_name;
	e.email = ci->author_email;
	e.subject =
	    nl ? acc_strndup(ci->message, (size_t)(nl - ci->message)) : acc_strdup(ci->message);
	e.body = acc_strdup(nl ? nl + 1 : "");
	e.action = acc_trailer(ci->message, "Action");
	e.clause = acc_trailer(ci->message, "Clause");
	e.amendment = acc_trailer(ci->message, "Amendment");
	e.org = acc_trailer(ci->message, "Org");
	e.ballot = acc_trailer(ci->message, "Ballot");
	rc = (!e.subject || !e.body) ? ACC_ENOMEM : acc_index_add_log(w->ix, &e);
	free(e.subject);
	free(e.body);
	free(e.action);
	free(e.clause);
	free(e.amendment);
	free(e.org);
	free(e.ballot);
	return rc;
}

/* The amendment id of a vote file's path (amendments/<o>/<n>/votes/<x>),
 * "ratification" for ratification/votes/<x>, or NULL for any other path. */
static char *vote_path_ballot(const char *path)
{
	const char *p = path, *org, *num;
	size_t ol, nl;

	if (strncmp(p, "ratification/votes/", 19) == 0 && !strchr(p + 19, '/'))
		return acc_strdup("ratification");
	if (strncmp(p, "amendments/", 11) != 0)
		return NULL;
	org = p + 11;
	if (!(p = strchr(org, '/')))
		return NULL;
	ol = (size_t)(p - org);
	num = p + 1;
	if (!(p = strchr(num, '/')))
		return NULL;
	nl = (size_t)(p - num);
	if (strncmp(p, "/votes/", 7) != 0 || strchr(p + 7, '/'))
		return NULL;
	return acc_sprintf("%.*s-%.*s", (int)ol, org, (int)nl, num);
}

/* The vote recorded in the file at path of src: 0, ACC_ENOTFOUND when
 * there is none, ACC_EINVAL when it is not a vote record. */
static int vote_at(acc_vote *out, acc_source *src, const char *path)
{
	acc_record *r = NULL;
	char *data = NULL;
	const char *v;
	size_t len = 0;
	int rc;

	*out = ACC_VOTE_NONE;
	if ((rc = src->read(src, path, &data, &len, NULL)) == 0 &&
	    (rc = acc_record_parse(&r, data, len, path)) == 0 &&
	    (rc = acc_record_require(r, "Vote", &v)) == 0 && acc_vote_parse(out, v) < 0)
		rc = acc_error_set(ACC_EINVAL, "%s: not a vote", path);
	acc_record_free(r);
	free(data);
	return rc;
}

/* The weight the electorate recorded in the ballot beside the vote file at
 * path gives its organisation: 0 when it is not an elector, -1 when the
 * ballot records no electorate (counted by the registry). */
static int elector_at(long long *weight, acc_source *src, const char *path)
{
	const char *v = strstr(path, "/votes/"), *org = strrchr(path, '/') + 1;
	char *bpath = acc_sprintf("%.*s/ballot", (int)(v - path), path), *data = NULL;
	acc_record *r = NULL;
	size_t i, len = 0, ol = strlen(org);
	int rc;

	*weight = -1;
	if (!bpath)
		return ACC_ENOMEM;
	if ((rc = src->read(src, bpath, &data, &len, NULL)) == 0 &&
	    (rc = acc_record_parse(&r, data, len, bpath)) == 0) {
		/* one pass over the fields (the electorate has up to 200 lines) */
		for (i = 0; i < r->nfields; i++) {
			const char *e = r->fields[i].value;

			if (strcmp(r->fields[i].key, "Elector") != 0)
				continue;
			if (*weight < 0)
				*weight = 0;
			if (strncmp(e, org, ol) == 0 && e[ol] == ' ')
				*weight = strtoll(e + ol + 1, NULL, 10);
		}
	}
	acc_record_free(r);
	free(data);
	free(bpath);
	return rc;
}

/* 1 when the ballot beside the vote file at path of src has a roll-call
 * recorded by the chair (its count is not moved by one vote alone). */
static int recorded_beside(acc_source *src, const char *path)
{
	const char *v = strstr(path, "/votes/");
	char *rpath = v ? acc_sprintf("%.*s/recorded", (int)(v - path), path) : NULL, *data = NULL;
	size_t len = 0;
	int rc;

	if (!rpath)
		return 1;
	rc = src->read(src, rpath, &data, &len, NULL);
	free(data);
	free(rpath);
	if (rc == ACC_ENOTFOUND)
		acc_error_clear();
	return rc != ACC_ENOTFOUND;
}

/*
 * Brings the state tables from ixhead to head when only votes changed in
 * between (the common case by far: a million votes against a few thousand
 * other actions): each changed vote file moves its ballot's counts by that
 * one vote, without reading the ballot's other votes.  1 when done, 0
 * when something else changed or a vote cannot be applied so (a file that
 * is not a vote, a row the index lacks): the caller puts the whole state.
 */
static int index_votes_only(acc_ctx *c, const char *ixhead, const char *head)
{
	acc_strlist paths = ACC_STRLIST_INIT;
	acc_source *before = NULL, *after = NULL;
	size_t i;
	int rc, done = 1;

	if ((rc = acc_store_changed_paths(&paths, c->store, ixhead, head)) < 0)
		return rc;
	/* a long way behind, a whole refresh is cheaper than many votes */
	if (paths.count == 0 || paths.count > 64 ||
	    (rc = acc_store_source(&before, c->store, ixhead)) < 0 ||
	    (rc = acc_store_source(&after, c->store, head)) < 0)
		done = 0;
	for (i = 0; i < paths.count && done && rc == 0; i++) {
		char *id = vote_path_ballot(paths.items[i]);
		acc_vote from, to;
		long long weight;

		if (!id || recorded_beside(after, paths.items[i])) {
			done = 0; /* not a vote, or one that moves a recorded roll-call */
		} else if (strcmp(id, "ratification") != 0) { /* not in the index */
			if (((rc = vote_at(&from, before, paths.items[i])) == 0 ||
			     rc == ACC_ENOTFOUND) &&
			    (rc = vote_at(&to, after, paths.items[i])) == 0 &&
			    (rc = elector_at(&weight, after, paths.items[i])) == 0)
				rc = acc_index_vote_delta(c->index, id,
							  strrchr(paths.items[i], '/') + 1, from,
							  to, weight);
			if (rc < 0 && rc != ACC_ENOMEM) {
				acc_error_clear();
				rc = 0;
				done = 0;
			}
		}
		free(id);
	}
	acc_source_free(before);
	acc_source_free(after);
	acc_strlist_free(&paths);
	if (rc == 0 && done)
		rc = acc_index_set_head(c->index, head);
	return rc < 0 ? rc : done;
}

int acc_ops_index(acc_index **out, acc_ctx *c)
{
	acc_oid_hex head, ixhead;
	acc_state *st = NULL;
	log_walk w = {NULL, 0};
	int rc, rebuilt = 0;

	*out = NULL;
	if ((rc = acc_store_head(c->store, head)) < 0)
		return rc;
	if (!c->index) {
		char *dir = acc_sprintf("%saccord", acc_store_gitdir(c->store));
		char *path = dir ? acc_sprintf("%s/index.sqlite", dir) : NULL;

		if (!path) {
			free(dir);
			return ACC_ENOMEM;
		}
		if (mkdir(dir, 0777) < 0 && errno != EEXIST)
			rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", dir, strerror(errno));
		else
			rc = acc_index_open(&c->index, path, &rebuilt);
		free(dir);
		free(path);
		if (rc < 0)
			return rc;
	}
	if ((rc = acc_index_head(c->index, ixhead)) < 0)
		return rc;
	if (strcmp(ixhead, head) == 0) {
		*out = c->index;
		return 0;
	}
	if ((rc = acc_index_begin(c->index)) < 0)
		return rc;
	/* another process may have indexed meanwhile */
	if ((rc = acc_index_head(c->index, ixhead)) < 0)
		goto fail;
	if (strcmp(ixhead, head) == 0) {
		acc_index_rollback(c->index);
		*out = c->index;
		return 0;
	}
	w.ix = c->index;
	if (ixhead[0] && acc_store_is_ancestor(c->store, ixhead, head)) {
		if ((rc = acc_index_log_count(c->index, &w.seq)) < 0 ||
		    (rc = acc_store_walk(c->store, head, ixhead, index_commit_cb, &w)) < 0 ||
		    (rc = index_votes_only(c, ixhead, head)) < 0)
			goto fail;
		if (rc == 1) {
			if ((rc = acc_index_commit(c->index)) < 0)
				goto fail;
			c->index_rebuilt = 0;
			*out = c->index;
			return 0;
		}
	} else {
		rebuilt = 1;
		if ((rc = acc_index_clear(c->index)) < 0 ||
		    (rc = acc_store_walk(c->store, head, NULL, index_commit_cb, &w)) < 0)
			goto fail;
	}
	if ((rc = acc_store_load_state(&st, c->store, head)) < 0 ||
	    (rc = acc_index_put_state(c->index, st, head)) < 0 ||
	    (rc = acc_index_commit(c->index)) < 0)
		goto fail;
	acc_state_free(st);
	c->index_rebuilt = rebuilt;
	*out = c->index;
	return 0;
fail:
	acc_state_free(st);
	acc_index_rollback(c->index);
	return rc;
}
