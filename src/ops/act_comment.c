/* act_comment: comment threads.  A delegation comments on a clause or an
 * amendment (or replies in a thread), and the author of a thread or the
 * chair resolves it; each writes only its own comments/<org>/<n>. */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "accord/comment.h"
#include "accord/record.h"
#include "internal.h"

/* The comments of the tree st was read from (st->commit). */
static int comments_of(acc_comments **out, acc_ctx *c, const char *commit)
{
	acc_source *src = NULL;
	int rc;

	*out = NULL;
	if (!commit || !commit[0])
		return acc_error_set(ACC_EINVAL, "comments are read from a commit");
	if ((rc = acc_store_source(&src, c->store, commit)) == 0)
		rc = acc_comments_load(out, src);
	acc_source_free(src);
	return rc;
}

/* The next comment number of org in cs, and its id and path. */
static int next_comment(char **id, char **path, const acc_comments *cs, const acc_org *org)
{
	unsigned seq = 0;
	size_t i;

	*id = *path = NULL;
	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].org, org->id) == 0 && cs->v[i].seq > seq)
			seq = cs->v[i].seq;
	seq++;
	if (!(*id = acc_sprintf("%s-c%u", org->id, seq)) ||
	    !(*path = acc_path_comment(org->id, seq)))
		return ACC_ENOMEM;
	if (strlen(*id) > ACC_ID_MAX)
		return REFUSE("comment id '%s' would be too long", *id);
	return 0;
}

/* Builds a comment (a new thread, or a reply in one). */
static int build_comment(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const acc_comment_args *a = arg;
	acc_comments *cs = NULL;
	const acc_comment *parent = NULL, *root = NULL;
	const char *kind = NULL, *target = NULL, *text = NULL;
	acc_record *r = NULL;
	char *body = NULL, *id = NULL, *path = NULL, *tgt = NULL, *spec = NULL;
	int rc;

	if ((rc = comments_of(&cs, c, st->commit)) < 0)
		return rc;
	if (a->reply_to) {
		if (!(parent = acc_comments_find(cs, a->reply_to)) || parent->resolves) {
			rc = acc_error_set(ACC_ENOTFOUND, "no comment '%s'", a->reply_to);
			goto done;
		}
		root = acc_comments_find(cs, parent->thread);
		if (root->resolved_by) {
			rc = REFUSE("the thread %s is resolved (by %s)", root->id,
				    root->resolved_by);
			goto done;
		}
	}
	if (a->target) {
		if ((rc = acc_comment_target(&kind, &target, &text, st, a->target)) < 0)
			goto done;
		if (root && (strcmp(kind, root->kind) != 0 || strcmp(target, root->target) != 0)) {
			rc = REFUSE("%s is about %s %s, not %s %s", root->id, root->kind,
				    root->target, kind, target);
			goto done;
		}
	} else if (root) {
		if (!(spec = acc_sprintf("%s:%s", root->kind, root->target))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if ((rc = acc_comment_target(&kind, &target, &text, st, spec)) < 0)
			goto done;
	} else {
		rc =
		    acc_error_set(ACC_EUSAGE, "what is the comment about? (a clause or amendment)");
		goto done;
	}
	if (a->words) {
		if ((rc = acc_record_value_valid(a->words)) < 0)
			goto done;
		if (!a->words[0] || !strstr(text, a->words)) {
			rc = REFUSE("the words \"%s\" are not in the text of %s %s", a->words, kind,
				    target);
			goto done;
		}
	}
	if (!a->text) {
		rc = acc_error_set(ACC_EUSAGE, "the comment's text is missing (-m or --text-file)");
		goto done;
	}
	if ((rc = acc_ops_user_text(&body, a->text, a->len, "comment")) < 0)
		goto done;
	if (!body[0]) {
		rc = acc_error_set(ACC_EUSAGE, "the comment is empty");
		goto done;
	}
	if ((rc = next_comment(&id, &path, cs, org)) < 0)
		goto done;
	if (!(tgt = acc_sprintf("%s %s", kind, target))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Target", tgt)) < 0 ||
	    (a->words && (rc = acc_record_add(r, "On", a->words)) < 0) ||
	    (parent && (rc = acc_record_add(r, "Reply-To", parent->id)) < 0) ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_record_set_body(r, body, strlen(body))) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if (parent)
		rc = acc_buf_printf(&act->msg, "Reply %s to %s on %s %s (by %s)\n", id, parent->id,
				    kind, target, org->id);
	else
		rc = acc_buf_printf(&act->msg, "Comment %s on %s %s (by %s)\n", id, kind, target,
				    org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, &acc_action_comment, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Comment: %s\nAccord-Target: %s\n", id, tgt);
	if (rc == 0 && parent)
		rc = acc_buf_printf(&act->msg, "Accord-Reply-To: %s\n", parent->id);
	if (rc == 0) {
		act->result_id = id;
		id = NULL;
	}
done:
	acc_record_free(r);
	acc_comments_free(cs);
	free(body);
	free(id);
	free(path);
	free(tgt);
	free(spec);
	return rc;
}

/* Builds the resolution of the thread of comment arg->reply_to. */
static int build_resolve(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const acc_comment_args *a = arg;
	acc_comments *cs = NULL;
	const acc_comment *x, *root;
	acc_record *r = NULL;
	char *body = NULL, *id = NULL, *path = NULL;
	int rc;

	if ((rc = comments_of(&cs, c, st->commit)) < 0)
		return rc;
	if (!a->reply_to || !(x = acc_comments_find(cs, a->reply_to)) || x->resolves) {
		rc =
		    acc_error_set(ACC_ENOTFOUND, "no comment '%s'", a->reply_to ? a->reply_to : "");
		goto done;
	}
	root = acc_comments_find(cs, x->thread);
	if (root->resolved_by) {
		rc = REFUSE("the thread %s is already resolved (by %s)", root->id,
			    root->resolved_by);
		goto done;
	}
	if (strcmp(root->org, org->id) != 0 && org->role != ACC_ROLE_CHAIR) {
		rc = REFUSE("only the author of the thread (%s) or the chair (%s) resolves %s",
			    root->org, st->conv.chair, root->id);
		goto done;
	}
	if (a->text && (rc = acc_ops_user_text(&body, a->text, a->len, "note")) < 0)
		goto done;
	if ((rc = next_comment(&id, &path, cs, org)) < 0)
		goto done;
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Resolves", root->id)) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (body && (rc = acc_record_set_body(r, body, strlen(body))) < 0) ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Resolve the thread %s on %s %s (by %s)\n", root->id,
				 root->kind, root->target, org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, &acc_action_resolve_thread, org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Comment: %s\nAccord-Resolves: %s\n", id,
				 root->id)) < 0)
		goto done;
	act->result_id = id;
	id = NULL;
done:
	acc_record_free(r);
	acc_comments_free(cs);
	free(body);
	free(id);
	free(path);
	return rc;
}

/* Reads the comment its Accord-Comment trailer names from the tree after
 * the commit into *out (with cs, which the caller frees). */
static int replayed_comment(const acc_comment **out, acc_comments **cs, acc_ctx *c,
			    const acc_replay_in *in, const char *what)
{
	char *id = NULL;
	int rc;

	*out = NULL;
	*cs = NULL;
	if ((rc = acc_replay_trailer(&id, in, what, "Comment")) < 0)
		return rc;
	if ((rc = comments_of(cs, c, in->after->commit)) == 0 &&
	    !(*out = acc_comments_find(*cs, id)))
		rc = acc_error_set(ACC_EINVAL, "the comment %s is not in the tree", id);
	free(id);
	return rc;
}

/* Rebuilds a comment from the record its commit wrote. */
static int replay_comment(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	acc_comments *cs = NULL;
	const acc_comment *x;
	acc_comment_args a;
	char *spec = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = replayed_comment(&x, &cs, c, in, "comment")) == 0 && x->resolves)
		rc = acc_error_set(ACC_EINVAL, "%s is a resolution, not a comment", x->id);
	if (rc == 0 && !(spec = acc_sprintf("%s:%s", x->kind, x->target)))
		rc = ACC_ENOMEM;
	if (rc == 0) {
		a.target = spec;
		a.words = x->words;
		a.reply_to = x->reply_to;
		a.text = x->text;
		a.len = strlen(x->text);
		rc = build_comment(act, c, in->before, in->org, in->del, &a);
	}
	free(spec);
	acc_comments_free(cs);
	return rc;
}

/* Rebuilds a resolution from the record its commit wrote. */
static int replay_resolve(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	acc_comments *cs = NULL;
	const acc_comment *x;
	acc_comment_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = replayed_comment(&x, &cs, c, in, "resolution")) == 0 && !x->resolves)
		rc = acc_error_set(ACC_EINVAL, "%s is a comment, not a resolution", x->id);
	if (rc == 0) {
		a.reply_to = x->resolves;
		a.text = x->text[0] ? x->text : NULL;
		a.len = strlen(x->text);
		rc = build_resolve(act, c, in->before, in->org, in->del, &a);
	}
	acc_comments_free(cs);
	return rc;
}

static const char *const comment_writes[] = {"comments/{org}/*", NULL};
static const char *const comment_trailers[] = {"Comment", "Target", "Reply-To", NULL};
static const char *const resolve_trailers[] = {"Comment", "Resolves", NULL};

const acc_action_def acc_action_comment = {
    .spec = {.name = "comment",
	     .summary = "comment on a clause or an amendment, or reply in a thread",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "comment",
	     .writes = comment_writes,
	     .trailers = comment_trailers},
    .build = build_comment,
    .replay = replay_comment,
    .mismatch = "each organisation writes only its own comments, numbered in turn",
};

const acc_action_def acc_action_resolve_thread = {
    .spec = {.name = "resolve-thread",
	     .summary = "mark a comment thread resolved (its author or the chair)",
	     .who = ACC_WHO_DELEGATE,
	     .verb = "resolve threads",
	     .writes = comment_writes,
	     .trailers = resolve_trailers},
    .build = build_resolve,
    .replay = replay_resolve,
    .mismatch = "each organisation writes only its own comments, numbered in turn",
};

/* Runs def with a and hands back the new comment's id. */
static int run_comment(char **id, acc_oid_hex commit, acc_ctx *c, const acc_action_def *def,
		       const acc_comment_args *a)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, def, (void *)a);

	*id = NULL;
	if (rc == 0) {
		*id = act.result_id;
		act.result_id = NULL;
	}
	acc_action_reset(&act);
	return rc;
}

int acc_ops_comment(char **id, acc_oid_hex commit, acc_ctx *c, const acc_comment_args *a)
{
	return run_comment(id, commit, c, &acc_action_comment, a);
}

int acc_ops_resolve_thread(char **id, acc_oid_hex commit, acc_ctx *c, const acc_comment_args *a)
{
	return run_comment(id, commit, c, &acc_action_resolve_thread, a);
}

int acc_ops_comments(acc_comments **out, acc_oid_hex commit, acc_ctx *c, const char *rev)
{
	int rc;

	*out = NULL;
	if ((rc = rev ? acc_store_resolve(c->store, commit, rev)
		      : acc_store_head(c->store, commit)) < 0)
		return rc;
	return comments_of(out, c, commit);
}
