/* comments: comment threads (comments/<org>/<n>), loaded apart from the
 * state; see include/accord/comment.h. */
#include "accord/comment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* The text of clause id in st, or NULL when there is none. */
static const char *clause_text(const acc_state *st, const char *id)
{
	const acc_clause *cl = acc_state_clause(st, id);

	return cl ? cl->text : NULL;
}

/* The proposed text of amendment id in st, or NULL when there is none. */
static const char *amendment_text(const acc_state *st, const char *id)
{
	const acc_amendment *a = acc_state_amendment(st, id);

	return a ? a->text : NULL;
}

/* What a comment may be about: one line per kind (a bracket adds one). */
static const struct {
	const char *kind;
	const char *(*text)(const acc_state *st, const char *id);
} kinds[] = {
    {"clause", clause_text},
    {"amendment", amendment_text},
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

int acc_comment_target(const char **kind, const char **id, const char **text, const acc_state *st,
		       const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t i, found = 0;

	*kind = *id = *text = NULL;
	for (i = 0; i < NKINDS; i++) {
		const char *want = spec, *t;

		if (colon) {
			if (strlen(kinds[i].kind) != (size_t)(colon - spec) ||
			    memcmp(kinds[i].kind, spec, (size_t)(colon - spec)) != 0)
				continue;
			want = colon + 1;
		}
		if (!(t = kinds[i].text(st, want)))
			continue;
		if (found++)
			return acc_error_set(ACC_EUSAGE,
					     "'%s' is both a %s and a %s: say which (%s:%s)", spec,
					     *kind, kinds[i].kind, kinds[i].kind, spec);
		*kind = kinds[i].kind;
		*id = want;
		*text = t;
	}
	if (!found)
		return acc_error_set(ACC_ENOTFOUND, "nothing to comment on is called '%s'", spec);
	return 0;
}

/* 1 when kind is one of the kinds above. */
static int kind_known(const char *kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return 1;
	return 0;
}

int acc_comment_id_split(char **org, unsigned *seq, const char *id)
{
	const char *dash = strrchr(id, '-');

	*org = NULL;
	if (!acc_id_valid(id) || !dash || dash == id || dash[1] != 'c' ||
	    acc_model_uint_parse(seq, dash + 2) < 0)
		return acc_error_set(ACC_EINVAL, "'%s' is not a comment id (ORG-cN)", id);
	if (!(*org = acc_strndup(id, (size_t)(dash - id))))
		return ACC_ENOMEM;
	return 0;
}

char *acc_path_comment(const char *org, unsigned seq)
{
	return acc_sprintf("comments/%s/%u", org, seq);
}

static const char *const comment_keys[] = {"Target",   "On",	   "Reply-To",
					   "Resolves", "Delegate", NULL};

/* Reads comments/<org>/<num> into c. */
static int load_one(acc_comment *c, acc_source *src, const char *org, const char *num)
{
	acc_record *r = NULL;
	char *path = acc_sprintf("comments/%s/%s", org, num);
	const char *v;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_model_record_load(&r, src, path, 1, NULL)) < 0)
		goto done;
	if (acc_model_uint_parse(&c->seq, num) < 0) {
		rc = acc_error_set(ACC_EINVAL, "%s: not a comment number", path);
		goto done;
	}
	if (!(c->org = acc_strdup(org)) || !(c->id = acc_sprintf("%s-c%u", org, c->seq))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (strlen(c->id) > ACC_ID_MAX) {
		rc = acc_error_set(ACC_EINVAL, "%s: comment id '%s' is too long", path, c->id);
		goto done;
	}
	if ((rc = acc_record_check_keys(r, comment_keys)) < 0 ||
	    (rc = acc_model_req_str(&c->delegate, r, "Delegate")) < 0 ||
	    (rc = acc_model_opt_str(&c->words, r, "On")) < 0 ||
	    (rc = acc_model_opt_id(&c->reply_to, r, "Reply-To", "comment")) < 0 ||
	    (rc = acc_model_opt_id(&c->resolves, r, "Resolves", "comment")) < 0)
		goto done;
	if (c->resolves && c->reply_to) {
		rc = acc_model_error_at(r, acc_record_line(r, "Reply-To"),
					"a resolution replies to nothing");
		goto done;
	}
	if (!(c->text = acc_strdup(r->body))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	rc = acc_record_get(r, "Target", &v);
	if (rc == ACC_ENOTFOUND) {
		rc = 0;
		if (!c->resolves)
			rc = acc_model_error_at(r, 1, "a comment needs a Target (or Resolves)");
		goto done;
	}
	if (rc < 0)
		goto done;
	if (c->resolves) {
		rc = acc_model_error_at(r, acc_record_line(r, "Target"),
					"a resolution has no Target");
		goto done;
	}
	{
		const char *sp = strchr(v, ' ');

		if (!sp || !(c->kind = acc_strndup(v, (size_t)(sp - v))) ||
		    !(c->target = acc_strdup(sp + 1))) {
			rc = sp ? ACC_ENOMEM
				: acc_model_error_at(r, acc_record_line(r, "Target"),
						     "expected 'KIND ID', not '%s'", v);
			goto done;
		}
		if (!kind_known(c->kind) || !acc_id_valid(c->target))
			rc = acc_model_error_at(r, acc_record_line(r, "Target"),
						"unknown target '%s'", v);
	}
	if (rc == 0 && c->words && !c->words[0])
		rc = acc_model_error_at(r, acc_record_line(r, "On"), "empty On");
done:
	acc_record_free(r);
	free(path);
	return rc;
}

/* Frees what c owns. */
static void comment_clear(acc_comment *c)
{
	free(c->id);
	free(c->org);
	free(c->kind);
	free(c->target);
	free(c->words);
	free(c->reply_to);
	free(c->resolves);
	free(c->delegate);
	free(c->text);
}

void acc_comments_free(acc_comments *cs)
{
	size_t i;

	if (!cs)
		return;
	for (i = 0; i < cs->n; i++)
		comment_clear(&cs->v[i]);
	free(cs->v);
	free(cs);
}

const acc_comment *acc_comments_find(const acc_comments *cs, const char *id)
{
	size_t i;

	for (i = 0; cs && id && i < cs->n; i++)
		if (strcmp(cs->v[i].id, id) == 0)
			return &cs->v[i];
	return NULL;
}

/* Orders comments by org, then number. */
static int cmp_comment(const void *x, const void *y)
{
	const acc_comment *a = x, *b = y;
	int k = strcmp(a->org, b->org);

	return k ? k : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Derives each comment's thread and depth and each thread's resolution;
 * refuses replies to missing comments, loops and second resolutions. */
static int derive(acc_comments *cs)
{
	size_t i, d;

	for (i = 0; i < cs->n; i++) {
		acc_comment *c = &cs->v[i];
		const acc_comment *p = c;

		if (c->resolves)
			continue;
		for (d = 0; p->reply_to; d++) {
			const acc_comment *q = acc_comments_find(cs, p->reply_to);

			if (!q || q->resolves || d > cs->n)
				return acc_error_set(
				    ACC_EINVAL, "comments/%s/%u: Reply-To '%s' is not a comment",
				    c->org, c->seq, p->reply_to);
			p = q;
		}
		c->thread = p->id;
		c->depth = d;
	}
	for (i = 0; i < cs->n; i++) {
		acc_comment *c = &cs->v[i], *t;

		if (!c->resolves)
			continue;
		t = (acc_comment *)acc_comments_find(cs, c->resolves);
		if (!t || t->resolves || t->reply_to)
			return acc_error_set(
			    ACC_EINVAL,
			    "comments/%s/%u: Resolves '%s' is not a thread's first "
			    "comment",
			    c->org, c->seq, c->resolves);
		if (t->resolved_by)
			return acc_error_set(ACC_EINVAL,
					     "comments/%s/%u: thread %s is already resolved by %s",
					     c->org, c->seq, t->id, t->resolved_by);
		t->resolved_by = c->id;
		c->thread = t->id;
	}
	return 0;
}

int acc_comments_load(acc_comments **out, acc_source *src)
{
	acc_strlist orgs = ACC_STRLIST_INIT, nums = ACC_STRLIST_INIT;
	acc_comments *cs = acc_calloc(1, sizeof(*cs));
	size_t i, j, alloc = 0;
	int rc;

	*out = NULL;
	if (!cs)
		return ACC_ENOMEM;
	if ((rc = src->list(src, "comments", &orgs)) < 0)
		goto done;
	for (i = 0; i < orgs.count && rc == 0; i++) {
		char *dir;

		if (!acc_id_valid(orgs.items[i])) {
			rc = acc_error_set(ACC_EINVAL, "comments/%s: not an organisation id",
					   orgs.items[i]);
			break;
		}
		if (!(dir = acc_sprintf("comments/%s", orgs.items[i]))) {
			rc = ACC_ENOMEM;
			break;
		}
		acc_strlist_free(&nums);
		rc = src->list(src, dir, &nums);
		free(dir);
		for (j = 0; j < nums.count && rc == 0; j++) {
			if (cs->n == alloc) {
				size_t na = alloc ? alloc * 2 : 16;
				acc_comment *v = acc_realloc(cs->v, na * sizeof(*v));

				if (!v) {
					rc = ACC_ENOMEM;
					break;
				}
				memset(v + alloc, 0, (na - alloc) * sizeof(*v));
				cs->v = v;
				alloc = na;
			}
			rc = load_one(&cs->v[cs->n++], src, orgs.items[i], nums.items[j]);
		}
	}
	if (rc == 0 && cs->n) {
		qsort(cs->v, cs->n, sizeof(*cs->v), cmp_comment);
		rc = derive(cs);
	}
done:
	acc_strlist_free(&orgs);
	acc_strlist_free(&nums);
	if (rc < 0)
		acc_comments_free(cs);
	else
		*out = cs;
	return rc;
}

size_t acc_comments_open(const acc_comments *cs, const char *kind, const char *id)
{
	size_t i, n = 0;

	for (i = 0; cs && i < cs->n; i++) {
		const acc_comment *c = &cs->v[i];

		if (!c->resolves && !c->reply_to && !c->resolved_by && c->kind &&
		    strcmp(c->kind, kind) == 0 && strcmp(c->target, id) == 0)
			n++;
	}
	return n;
}
