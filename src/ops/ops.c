/* ops: the use cases, shared by the command line and the interface. */
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

#define MAX_TRIES 20

int acc_ctx_open(acc_ctx **out, const char *path, const char *actor)
{
	acc_ctx *c = acc_calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return ACC_ENOMEM;
	if ((rc = acc_store_open(&c->store, path)) < 0) {
		free(c);
		return rc;
	}
	if (actor && !(c->actor = acc_strdup(actor))) {
		acc_ctx_free(c);
		return ACC_ENOMEM;
	}
	*out = c;
	return 0;
}

void acc_ctx_free(acc_ctx *c)
{
	if (!c)
		return;
	acc_index_free(c->index);
	acc_store_free(c->store);
	free(c->actor);
	free(c->key);
	free(c->key_pub);
	free(c);
}

acc_store *acc_ctx_store(const acc_ctx *c)
{
	return c->store;
}

const char *acc_ctx_actor(const acc_ctx *c)
{
	return c->actor;
}

/* Replaces *slot with a copy of value (NULL clears it). */
static int set_string(char **slot, const char *value)
{
	char *copy = NULL;

	if (value && !(copy = acc_strdup(value)))
		return ACC_ENOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

int acc_ctx_set_actor(acc_ctx *c, const char *email)
{
	return set_string(&c->actor, email);
}

const char *acc_ctx_key(const acc_ctx *c)
{
	return c->key;
}

int acc_ctx_set_key(acc_ctx *c, const char *path)
{
	int rc = set_string(&c->key, path);

	if (rc == 0) {
		free(c->key_pub);
		c->key_pub = NULL;
	}
	return rc;
}

long long acc_ctx_now(const acc_ctx *c)
{
	return c->now;
}

void acc_ctx_set_now(acc_ctx *c, long long now)
{
	c->now = now;
}

int acc_ctx_index_rebuilt(const acc_ctx *c)
{
	return c->index_rebuilt;
}

/* ---- init ------------------------------------------------------------- */

/* Adds every file under root/dir (recursively) to files (relative paths). */
static int collect_files(acc_strlist *files, acc_source *src, const char *dir)
{
	acc_strlist names = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if ((rc = src->list(src, dir, &names)) < 0)
		return rc;
	for (i = 0; i < names.count && rc == 0; i++) {
		char *path =
		    dir[0] ? acc_sprintf("%s/%s", dir, names.items[i]) : acc_strdup(names.items[i]);
		char *data = NULL;
		size_t len;

		if (!path) {
			rc = ACC_ENOMEM;
			break;
		}
		rc = src->read(src, path, &data, &len, NULL);
		free(data);
		if (rc == ACC_ENOTFOUND)
			rc = collect_files(files, src, path);
		else if (rc == 0)
			rc = acc_strlist_add(files, path);
		free(path);
	}
	acc_strlist_free(&names);
	return rc;
}

/* Checks that every file of a proposal is one the layout knows. */
static int check_proposal_files(const acc_strlist *files)
{
	size_t i;

	for (i = 0; i < files->count; i++) {
		const char *p = files->items[i];

		if (strcmp(p, "convention") == 0 || strcmp(p, "toc") == 0)
			continue;
		if ((strncmp(p, "clauses/", 8) == 0 && !strchr(p + 8, '/')) ||
		    (strncmp(p, "orgs/", 5) == 0 && !strchr(p + 5, '/')))
			continue;
		return acc_error_set(ACC_EINVAL,
				     "%s: unexpected file in a proposal (expected convention, toc, "
				     "clauses/<id> and orgs/<id>)",
				     p);
	}
	return 0;
}

/* Adds to org record r (in place) the public key of each delegate that has
 * none, generating a key pair for it in keydir/<email>. */
static int add_demo_keys(char **data, size_t *len, const char *path, const char *keydir)
{
	acc_record *r = NULL;
	acc_buf out = ACC_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = acc_record_parse(&r, *data, *len, path)) < 0)
		return rc;
	for (i = 0; i < r->nfields && rc == 0; i++) {
		acc_field *f = &r->fields[i];
		const char *lt = strchr(f->value, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		char *email, *key = NULL, *pub = NULL, *value;

		if (strcmp(f->key, "Delegate") != 0 || !gt || gt[1])
			continue; /* not a delegate, or it has a key already */
		if (!(email = acc_strndup(lt + 1, (size_t)(gt - lt - 1))))
			return ACC_ENOMEM;
		if (!acc_email_valid(email) || !(key = acc_sprintf("%s/%s", keydir, email)))
			rc = acc_email_valid(email)
				 ? ACC_ENOMEM
				 : acc_error_set(ACC_EINVAL, "%s: bad email", path);
		if (rc == 0 && (rc = acc_sign_keygen(key, email)) == 0 &&
		    (rc = acc_sign_pubkey(&pub, key)) == 0) {
			value = acc_sprintf("%s %s", f->value, pub);
			if (!value)
				rc = ACC_ENOMEM;
			else {
				free(f->value);
				f->value = value;
			}
		}
		free(pub);
		free(key);
		free(email);
	}
	if (rc == 0 && (rc = acc_record_write(&out, r)) == 0) {
		free(*data);
		*len = out.size;
		*data = acc_buf_detach(&out);
	}
	acc_buf_free(&out);
	acc_record_free(r);
	return rc;
}

/* Moves every file of from into to (same file system), then removes from. */
static int move_keys(const char *from, const char *to)
{
	acc_source *src = NULL;
	acc_strlist names = ACC_STRLIST_INIT;
	size_t i;
	int rc;

	if (mkdir(to, 0700) < 0 && errno != EEXIST)
		return acc_error_set(ACC_ERROR, "cannot create %s: %s", to, strerror(errno));
	if ((rc = acc_source_dir(&src, from)) < 0 || (rc = src->list(src, "", &names)) < 0)
		goto done;
	for (i = 0; i < names.count && rc == 0; i++) {
		char *a = acc_sprintf("%s/%s", from, names.items[i]);
		char *b = acc_sprintf("%s/%s", to, names.items[i]);

		if (!a || !b)
			rc = ACC_ENOMEM;
		else if (rename(a, b) < 0)
			rc = acc_error_set(ACC_ERROR, "cannot move %s: %s", a, strerror(errno));
		free(a);
		free(b);
	}
	if (rc == 0)
		rmdir(from);
done:
	acc_strlist_free(&names);
	acc_source_free(src);
	return rc;
}

int acc_ops_init(acc_oid_hex out, const char *dir, const char *proposal, const acc_person *who,
		 const char *key, int demo_keys)
{
	acc_source *src = NULL;
	acc_state *st = NULL;
	acc_store *store = NULL;
	acc_strlist files = ACC_STRLIST_INIT;
	acc_change *changes = NULL;
	char **datas = NULL, *keydir = NULL, *chairkey = NULL, *pub = NULL;
	acc_person author = *who;
	acc_signing plan;
	size_t i;
	struct stat sb;
	int created = 0, rc;

	memset(&plan, 0, sizeof(plan));
	if ((rc = acc_source_dir(&src, proposal)) < 0)
		return rc;
	if ((rc = acc_state_load(&st, src)) < 0)
		goto done;
	if (st->namendments || st->ratification.state != ACC_BALLOT_NONE || st->nsignatures) {
		rc = acc_error_set(ACC_EINVAL, "%s: a proposal holds no amendments or ballots",
				   proposal);
		goto done;
	}
	if ((rc = collect_files(&files, src, "")) < 0 || (rc = check_proposal_files(&files)) < 0)
		goto done;
	if (!(changes = acc_calloc(files.count, sizeof(*changes))) ||
	    !(datas = acc_calloc(files.count, sizeof(char *)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	created = stat(dir, &sb) != 0;
	if (demo_keys) {
		/* beside dir, so the keys can be renamed into its git dir */
		if (!(keydir = acc_sprintf("%s.keys-XXXXXX", dir))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if (!mkdtemp(keydir)) {
			rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", keydir,
					   strerror(errno));
			free(keydir);
			keydir = NULL;
			goto done;
		}
	}
	for (i = 0; i < files.count; i++) {
		changes[i].path = files.items[i];
		if ((rc = src->read(src, files.items[i], &datas[i], &changes[i].len, NULL)) < 0)
			goto done;
		if (keydir && strncmp(files.items[i], "orgs/", 5) == 0 &&
		    (rc = add_demo_keys(&datas[i], &changes[i].len, files.items[i], keydir)) < 0)
			goto done;
		changes[i].data = datas[i];
	}
	if (keydir) {
		/* the chair's first delegate opens the convention, signed */
		const acc_org *ch = acc_state_org(st, st->conv.chair);

		if (!ch->ndelegates) {
			rc =
			    acc_error_set(ACC_EINVAL, "orgs/%s: the chair has no delegate", ch->id);
			goto done;
		}
		if (!(chairkey = acc_sprintf("%s/%s", keydir, ch->delegates[0].email))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		key = chairkey;
		author.name = ch->delegates[0].name;
		author.email = ch->delegates[0].email;
	}
	if (key) {
		/* the signer must be registered with this key in the new registry */
		size_t k;
		int found = 0;

		if ((rc = acc_sign_pubkey(&pub, key)) < 0)
			goto done;
		for (k = 0; k < files.count && !found; k++) {
			if (strncmp(files.items[k], "orgs/", 5) != 0)
				continue;
			found = strstr(datas[k], pub) != NULL;
		}
		if (!found) {
			rc = acc_error_set(ACC_EREFUSED,
					   "the signing key %s is not registered for any delegate",
					   key);
			goto done;
		}
		plan.key = key;
		plan.expect = pub;
		plan.email = author.email;
	}
	if ((rc = acc_store_init(&store, dir)) < 0) {
		created = 0;
		goto done;
	}
	{
		acc_buf msg = ACC_BUF_INIT;

		rc = acc_buf_printf(
		    &msg, "Open the draft: %s\n\nAccord-Action: init\nAccord-Proposal: %s\n",
		    st->conv.title, st->conv.short_title ? st->conv.short_title : "");
		if (rc == 0)
			rc = acc_store_commit_files(store, out, changes, files.count, msg.ptr,
						    &author, plan.key ? acc_sign_commit : NULL,
						    &plan);
		acc_buf_free(&msg);
	}
	if (rc == 0)
		rc = acc_store_set_initial(store, out);
	if (rc == 0 && keydir) {
		char *gitkeys = acc_sprintf("%saccord", acc_store_gitdir(store));
		char *dest = gitkeys ? acc_sprintf("%s/keys", gitkeys) : NULL;

		if (!dest)
			rc = ACC_ENOMEM;
		else if (mkdir(gitkeys, 0777) < 0 && errno != EEXIST)
			rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", gitkeys,
					   strerror(errno));
		else
			rc = move_keys(keydir, dest);
		free(gitkeys);
		free(dest);
	}
done:
	if (rc < 0 && created) {
		/* leave nothing half-made behind */
		int keep = acc_error_code();
		char saved[1024];

		snprintf(saved, sizeof(saved), "%s", acc_error_last());
		acc_store_free(store);
		store = NULL;
		/* remove the repository we created, and only that */
		acc_rmtree(dir);
		acc_error_set(keep, "%s", saved);
	}
	if (keydir && stat(keydir, &sb) == 0) {
		int keep = acc_error_code();
		char saved[1024];

		snprintf(saved, sizeof(saved), "%s", acc_error_last());
		acc_rmtree(keydir);
		acc_error_set(keep, "%s", saved);
	}
	free(keydir);
	free(chairkey);
	free(pub);
	acc_store_free(store);
	if (datas)
		for (i = 0; i < files.count; i++)
			free(datas[i]);
	free(datas);
	free(changes);
	acc_strlist_free(&files);
	acc_state_free(st);
	acc_source_free(src);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

/* Resolves rev (NULL: the tip) into commit. */
static int resolve(acc_oid_hex commit, acc_ctx *c, const char *rev)
{
	return rev ? acc_store_resolve(c->store, commit, rev) : acc_store_head(c->store, commit);
}

int acc_ops_state(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev)
{
	int rc;

	*out = NULL;
	if ((rc = resolve(commit, c, rev)) < 0)
		return rc;
	return acc_store_load_state(out, c->store, commit);
}

int acc_ops_state_part(acc_state **out, acc_oid_hex commit, acc_ctx *c, const char *rev,
		       const char *ballot)
{
	int rc;

	*out = NULL;
	if ((rc = resolve(commit, c, rev)) < 0)
		return rc;
	return acc_store_load_part(out, c->store, commit, ballot);
}

char *acc_trailer(const char *message, const char *key)
{
	size_t kl = strlen(key);
	const char *p = message;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 7 + kl + 2 && strncmp(p, "Accord-", 7) == 0 &&
		    strncmp(p + 7, key, kl) == 0 && p[7 + kl] == ':' && p[8 + kl] == ' ')
			return acc_strndup(p + 9 + kl, len - 9 - kl);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

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

		if (!id) {
			done = 0;			      /* not a vote */
		} else if (strcmp(id, "ratification") != 0) { /* not in the index */
			if (((rc = vote_at(&from, before, paths.items[i])) == 0 ||
			     rc == ACC_ENOTFOUND) &&
			    (rc = vote_at(&to, after, paths.items[i])) == 0)
				rc = acc_index_vote_delta(
				    c->index, id, strrchr(paths.items[i], '/') + 1, from, to);
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

int acc_ops_whoami(const acc_org **org, const acc_delegate **del, const acc_ctx *c,
		   const acc_state *st)
{
	if (!c->actor || !c->actor[0])
		return acc_error_set(ACC_EREFUSED,
				     "who is acting? give --as EMAIL, set ACCORD_AS, or set git's "
				     "user.email");
	if (acc_state_delegate(org, del, st, c->actor) < 0) {
		char safe[80];
		size_t i;

		snprintf(safe, sizeof(safe), "%s", c->actor);
		for (i = 0; safe[i]; i++)
			if ((unsigned char)safe[i] < 0x20 || safe[i] == 0x7f)
				safe[i] = '?';
		return acc_error_set(ACC_EREFUSED, "%s is not a delegate of any organisation",
				     safe);
	}
	return 0;
}

/* ---- derived views -------------------------------------------------------- */

int acc_ops_ballot(const acc_ballot **out, const acc_state *st, const char *id)
{
	const acc_amendment *a;

	if (strcmp(id, "ratification") == 0) {
		*out = &st->ratification;
		return 0;
	}
	if (!(a = acc_state_amendment(st, id)))
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
	*out = &a->ballot;
	return 0;
}

int acc_ops_tally(acc_tally *out, const acc_state *st, const acc_ballot *b)
{
	acc_ballot_entry *e = NULL;
	int rc;

	if ((rc = acc_state_electorate(&e, st, b)) < 0)
		return rc;
	acc_rules_tally(out, e, st->norgs, b->rule, b->quorum_num, b->quorum_den,
			b->state == ACC_BALLOT_CLOSED);
	free(e);
	return 0;
}

const char *acc_ops_target_text(const acc_state *st, const acc_amendment *a)
{
	if (a->amends) {
		const acc_amendment *p = acc_state_amendment(st, a->amends);

		return p ? p->text : "";
	}
	if (a->op == ACC_OP_INSERT_AFTER)
		return "";
	{
		const acc_clause *cl = acc_state_clause(st, a->clause);

		return cl ? cl->text : "";
	}
}

typedef struct {
	const acc_amendment *a;
	long agenda; /* position in the chair's order, or LONG_MAX */
	size_t changed;
} order_item;

/* Orders by agenda, deletions first, most changed, then id. */
static int cmp_order(const void *x, const void *y)
{
	const order_item *a = x, *b = y;

	if (a->agenda != b->agenda)
		return a->agenda < b->agenda ? -1 : 1;
	if ((a->a->op == ACC_OP_DELETE) != (b->a->op == ACC_OP_DELETE))
		return a->a->op == ACC_OP_DELETE ? -1 : 1;
	if (a->changed != b->changed)
		return a->changed > b->changed ? -1 : 1;
	if (a->a->sponsor && b->a->sponsor && strcmp(a->a->sponsor, b->a->sponsor) != 0)
		return strcmp(a->a->sponsor, b->a->sponsor);
	return a->a->seq < b->a->seq ? -1 : a->a->seq > b->a->seq;
}

int acc_ops_voting_order(const acc_amendment ***out, size_t *n, const acc_state *st,
			 const char *clause)
{
	order_item *items = acc_calloc(st->namendments ? st->namendments : 1, sizeof(*items));
	const acc_strlist *agenda = NULL;
	size_t i, k = 0;
	long ai = acc_strlist_find(&st->agenda_clause, clause);
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!items)
		return ACC_ENOMEM;
	if (ai >= 0)
		agenda = &st->agenda[ai];
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];
		acc_diff d = {0};
		const char *old, *new;
		long pos;

		if (a->amends || strcmp(a->clause, clause) != 0 ||
		    (a->status != ACC_ST_TABLED && a->status != ACC_ST_VOTING &&
		     a->status != ACC_ST_STALE))
			continue;
		old = acc_ops_target_text(st, a);
		new = a->op == ACC_OP_DELETE ? "" : acc_amendment_effective_text(st, a);
		if ((rc = acc_textdiff(&d, old, strlen(old), new, strlen(new))) < 0)
			goto done;
		items[k].a = a;
		items[k].changed = d.changed_tokens;
		pos = agenda ? acc_strlist_find(agenda, a->id) : -1;
		items[k].agenda = pos >= 0 ? pos : 0x7fffffffL;
		acc_diff_free(&d);
		k++;
	}
	qsort(items, k, sizeof(*items), cmp_order);
	{
		const acc_amendment **v = acc_calloc(k ? k : 1, sizeof(*v));

		if (!v) {
			rc = ACC_ENOMEM;
			goto done;
		}
		for (i = 0; i < k; i++)
			v[i] = items[i].a;
		*out = v;
		*n = k;
	}
done:
	free(items);
	return rc;
}

/* ---- the action machinery -------------------------------------------------- */

/* Adds a change (copies path and data; data NULL removes the path). */
int acc_action_put(acc_action *a, const char *path, const char *data, size_t len)
{
	char *p, *d = NULL;

	if (a->n == a->alloc) {
		size_t na = a->alloc ? a->alloc * 2 : 8;
		acc_change *nc = acc_realloc(a->changes, na * sizeof(*nc));
		char **no;

		if (!nc)
			return ACC_ENOMEM;
		a->changes = nc;
		if (!(no = acc_realloc(a->owned, na * 2 * sizeof(char *))))
			return ACC_ENOMEM;
		a->owned = no;
		a->alloc = na;
	}
	if (!(p = acc_strdup(path)) || (data && !(d = acc_strndup(data, len)))) {
		free(p);
		return ACC_ENOMEM;
	}
	a->owned[2 * a->n] = p;
	a->owned[2 * a->n + 1] = d;
	a->changes[a->n].path = p;
	a->changes[a->n].data = d;
	a->changes[a->n].len = data ? len : 0;
	a->n++;
	return 0;
}

/* Adds a change writing record r at path. */
int acc_action_put_record(acc_action *a, const char *path, const acc_record *r)
{
	acc_buf b = ACC_BUF_INIT;
	int rc = acc_record_write(&b, r);

	if (rc == 0)
		rc = acc_action_put(a, path, b.ptr ? b.ptr : "", b.size);
	acc_buf_free(&b);
	return rc;
}

/* Frees what an action holds (not result_id/tag, handed to the caller). */
void acc_action_reset(acc_action *a)
{
	size_t i;

	for (i = 0; i < 2 * a->n; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->changes);
	acc_buf_free(&a->msg);
	free(a->result_id);
	free(a->tag);
	memset(a, 0, sizeof(*a));
}

/* The current time for commits. */
long long acc_now(const acc_ctx *c)
{
	return c->now ? c->now : (long long)time(NULL);
}

int acc_sign_commit(char **sig, const char *data, size_t len, void *payload)
{
	const acc_signing *plan = payload;
	char *pub = NULL;
	int rc;

	if ((rc = acc_sign(sig, plan->key, data, len)) < 0)
		return rc;
	/* check what ssh-keygen gave before it goes into the record */
	if ((rc = acc_sign_check(&pub, *sig, data, len)) < 0)
		acc_error_prefix(rc, "the new signature does not verify");
	else if (plan->expect && strcmp(pub, plan->expect) != 0)
		rc = acc_error_set(ACC_EREFUSED,
				   "the signature was not made with %s's registered key",
				   plan->email);
	free(pub);
	if (rc < 0) {
		free(*sig);
		*sig = NULL;
	}
	return rc;
}

int acc_signing_plan(acc_signing *plan, acc_ctx *c, const acc_state *st, const acc_delegate *del)
{
	int rc;

	memset(plan, 0, sizeof(*plan));
	plan->email = del->email;
	if (!c->key) {
		if (st->conv.signatures_required)
			return REFUSE("this convention requires signed actions: give --key FILE, "
				      "set ACCORD_KEY, or set git's user.signingkey");
		return 0;
	}
	if (!c->key_pub && (rc = acc_sign_pubkey(&c->key_pub, c->key)) < 0)
		return rc;
	if (del->key && strcmp(del->key, c->key_pub) != 0)
		return REFUSE("the key %s is not the one registered for %s", c->key, del->email);
	if (!del->key && st->conv.signatures_required)
		return REFUSE("%s has no registered key, and this convention requires signed "
			      "actions",
			      del->email);
	plan->key = c->key;
	plan->expect = c->key_pub;
	return 0;
}

/*
 * Runs one action: reads the tip, checks and builds through fn, commits,
 * and retries from a fresh read when another writer moved the branch.
 */
int acc_action_run(acc_oid_hex commit, acc_action *out, acc_ctx *c, acc_build_fn fn, void *arg)
{
	return acc_action_run_part(commit, out, c, NULL, fn, arg);
}

int acc_action_run_part(acc_oid_hex commit, acc_action *out, acc_ctx *c, const char *ballot,
			acc_build_fn fn, void *arg)
{
	int tries, rc = 0, froze = !c->now;

	/* one time for the whole action: its records and its commit agree */
	if (froze)
		c->now = (long long)time(NULL);

	for (tries = 0; tries < MAX_TRIES; tries++) {
		acc_oid_hex head;
		acc_state *st = NULL;
		const acc_org *org = NULL;
		const acc_delegate *del = NULL;
		acc_signing plan;
		acc_person who;
		int lock = -1;

		acc_action_reset(out);
		/* accord writers take turns from reading the tip to moving the
		 * branch; compare-and-swap still guards against other writers */
		if ((rc = acc_store_lock(c->store, &lock)) < 0)
			break;
		if ((rc = acc_store_head(c->store, head)) < 0 ||
		    (rc = ballot ? acc_store_load_part(&st, c->store, head, ballot)
				 : acc_store_load_state(&st, c->store, head)) < 0) {
			acc_store_unlock(lock);
			break;
		}
		acc_ctx_not_before(c, head); /* dates never go backwards */
		if ((rc = acc_ops_whoami(&org, &del, c, st)) < 0 ||
		    (rc = fn(out, c, st, org, del, arg)) < 0 ||
		    (rc = acc_signing_plan(&plan, c, st, del)) < 0) {
			acc_state_free(st);
			acc_store_unlock(lock);
			break;
		}
		who.name = del->name;
		who.email = del->email;
		who.when = acc_now(c);
		who.offset = c->offset;
		rc = acc_store_commit_signed(c->store, commit, head, out->changes, out->n,
					     out->msg.ptr, &who, plan.key ? acc_sign_commit : NULL,
					     &plan);
		acc_store_unlock(lock);
		acc_state_free(st);
		if (rc != ACC_EMODIFIED)
			break;
		/* someone else committed first: back off a little, then re-check */
		usleep((useconds_t)(1000 * (1 + (tries * 7) % 13)));
	}
	if (froze)
		c->now = 0;
	if (rc == 0 && c->index) {
		acc_index *ix;

		/* best effort: the next read brings the index up to date anyway */
		if (acc_ops_index(&ix, c) < 0)
			acc_error_clear();
	}
	return rc;
}

/* Appends the standard trailers for org acting. */
int acc_action_trailers(acc_buf *m, const char *action_name, const acc_org *org)
{
	return acc_buf_printf(m, "\nAccord-Action: %s\nAccord-Org: %s\n", action_name, org->id);
}

/* True when the convention has been ratified (no more changes of text). */
int acc_ratified(const acc_state *st)
{
	return st->ratification.state == ACC_BALLOT_CLOSED &&
	       st->ratification.result == ACC_RESULT_ADOPTED;
}

/* ---- propose ---------------------------------------------------------- */

/* Builds a proposal. */
static int build_propose(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const acc_propose_args *a = arg;
	const acc_clause *cl;
	const acc_amendment *parent = NULL;
	acc_record *r = NULL;
	unsigned seq = 0;
	size_t i;
	char *text = NULL, *dir = NULL, *path = NULL, *id = NULL, *new_clause = NULL;
	acc_oid_hex base;
	int rc;

	if (org->role == ACC_ROLE_CHAIR)
		return REFUSE("the chair (%s) does not sponsor amendments", org->id);
	if (acc_ratified(st))
		return REFUSE("the convention is ratified: its text is final");
	if (a->amends) {
		if (!(parent = acc_state_amendment(st, a->amends)))
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", a->amends);
		if (parent->amends)
			return REFUSE("%s is itself an amendment to an amendment: amendments go "
				      "one level deep",
				      parent->id);
		if (parent->status != ACC_ST_TABLED && parent->status != ACC_ST_STALE)
			return REFUSE("%s is %s: only a tabled amendment can be amended",
				      parent->id, acc_status_name(parent->status));
		if (a->op != ACC_OP_REPLACE)
			return REFUSE("an amendment to an amendment replaces its text (--replace)");
		if (a->clause && strcmp(a->clause, parent->clause) != 0)
			return REFUSE("%s amends clause %s, not %s", parent->id, parent->clause,
				      a->clause);
		memcpy(base, parent->blob, sizeof(base));
	} else {
		if (!a->clause)
			return acc_error_set(ACC_EUSAGE, "which clause?");
		if ((rc = acc_id_check(a->clause, "clause")) < 0)
			return rc;
		if (!(cl = acc_state_clause(st, a->clause)))
			return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", a->clause);
		if (a->op == ACC_OP_DELETE && cl->container)
			return REFUSE("clause %s contains other clauses: delete those first",
				      cl->id);
		if (a->op == ACC_OP_REPLACE && cl->container)
			return REFUSE("clause %s is a part heading without text", cl->id);
		memcpy(base, cl->blob, sizeof(base));
	}
	for (i = 0; i < a->ncosponsors; i++) {
		const acc_org *co = acc_state_org(st, a->cosponsors[i]);

		if (!co)
			return acc_error_set(ACC_ENOTFOUND, "no organisation '%s'",
					     a->cosponsors[i]);
		if (co == org)
			return REFUSE("%s is the sponsor; it cannot also co-sponsor", org->id);
		if (co->role == ACC_ROLE_CHAIR)
			return REFUSE("the chair does not co-sponsor amendments");
	}
	for (i = 0; i < st->namendments; i++)
		if (strcmp(st->amendments[i].sponsor, org->id) == 0 && st->amendments[i].seq > seq)
			seq = st->amendments[i].seq;
	seq++;
	if (!(id = acc_sprintf("%s-%u", org->id, seq))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (strlen(id) > ACC_ID_MAX) {
		rc = REFUSE("amendment id '%s' would be too long", id);
		goto done;
	}
	if (a->op == ACC_OP_DELETE) {
		if (a->text && a->len) {
			rc = acc_error_set(ACC_EUSAGE, "a deletion takes no text");
			goto done;
		}
		text = acc_strdup("");
	} else {
		if (!a->text) {
			rc =
			    acc_error_set(ACC_EUSAGE, "the proposed text is missing (--text-file)");
			goto done;
		}
		if ((rc = acc_record_normalize_body(&text, a->text, a->len, "proposed text")) < 0)
			goto done;
		if (!text[0]) {
			rc = acc_error_set(ACC_EUSAGE, "the proposed text is empty");
			goto done;
		}
		if (a->op == ACC_OP_REPLACE &&
		    strcmp(text, parent ? parent->text : acc_state_clause(st, a->clause)->text) ==
			0) {
			rc = REFUSE("the proposed text is the same as the current text");
			goto done;
		}
	}
	if (!text) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if (a->op == ACC_OP_INSERT_AFTER) {
		new_clause = acc_strdup(a->new_clause ? a->new_clause : id);
		if (!new_clause) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if ((rc = acc_id_check(new_clause, "clause")) < 0)
			goto done;
		if (acc_state_clause(st, new_clause)) {
			rc = REFUSE("clause '%s' already exists", new_clause);
			goto done;
		}
		if (!a->heading || !a->heading[0]) {
			rc = acc_error_set(ACC_EUSAGE,
					   "an inserted clause needs a heading (--heading)");
			goto done;
		}
	}
	if ((rc = acc_record_new(&r)) < 0 ||
	    (rc = acc_record_add(r, "Clause", parent ? parent->clause : a->clause)) < 0 ||
	    (rc = acc_record_add(r, "Operation", acc_op_name(a->op))) < 0 ||
	    (rc = acc_record_add(r, "Sponsor", org->id)) < 0)
		goto done;
	for (i = 0; i < a->ncosponsors && rc == 0; i++)
		rc = acc_record_add(r, "Cosponsor", a->cosponsors[i]);
	if (rc == 0 && parent)
		rc = acc_record_add(r, "Amends", parent->id);
	if (rc == 0 && new_clause)
		rc = acc_record_add(r, "New-Clause", new_clause);
	if (rc == 0 && a->op == ACC_OP_INSERT_AFTER)
		rc = acc_record_add(r, "Heading", a->heading);
	if (rc == 0)
		rc = acc_record_add(r, "Base", base);
	if (rc == 0 && a->rationale && a->rationale[0])
		rc = acc_record_add(r, "Rationale", a->rationale);
	if (rc == 0)
		rc = acc_record_set_body(r, text, strlen(text));
	if (rc < 0)
		goto done;
	if (!(dir = acc_path_amendment_dir(org->id, seq)) ||
	    !(path = acc_sprintf("%s/amendment", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if (parent)
		rc = acc_buf_printf(&act->msg, "Propose %s: amend %s (by %s)\n", id, parent->id,
				    org->id);
	else
		rc = acc_buf_printf(&act->msg, "Propose %s: %s %s (by %s)\n", id,
				    a->op == ACC_OP_REPLACE  ? "replace the text of"
				    : a->op == ACC_OP_DELETE ? "delete"
							     : "insert a clause after",
				    a->clause, org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, "propose", org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", id,
				    parent ? parent->clause : a->clause);
	if (rc == 0) {
		act->result_id = id;
		id = NULL;
	}
done:
	acc_record_free(r);
	free(text);
	free(dir);
	free(path);
	free(id);
	free(new_clause);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_propose(char **id, acc_oid_hex commit, acc_ctx *c, const acc_propose_args *a)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, build_propose, (void *)a);

	*id = NULL;
	if (rc == 0) {
		*id = act.result_id;
		act.result_id = NULL;
	}
	acc_action_reset(&act);
	return rc;
}

/* ---- withdraw ------------------------------------------------------------ */

/* Reads the amendment file of a as a record (from the state's source). */
int acc_amendment_record(acc_record **out, const acc_amendment *a, const acc_state *st)
{
	size_t i;
	int rc;

	/* rebuild from the parsed fields: the writer is canonical, so this is
	 * byte-identical to the file the sponsor wrote */
	if ((rc = acc_record_new(out)) < 0)
		return rc;
	rc = acc_record_add(*out, "Clause", a->clause);
	if (rc == 0)
		rc = acc_record_add(*out, "Operation", acc_op_name(a->op));
	if (rc == 0)
		rc = acc_record_add(*out, "Sponsor", a->sponsor);
	for (i = 0; i < a->cosponsors.count && rc == 0; i++)
		rc = acc_record_add(*out, "Cosponsor", a->cosponsors.items[i]);
	if (rc == 0 && a->amends)
		rc = acc_record_add(*out, "Amends", a->amends);
	if (rc == 0 && a->new_clause)
		rc = acc_record_add(*out, "New-Clause", a->new_clause);
	if (rc == 0 && a->heading)
		rc = acc_record_add(*out, "Heading", a->heading);
	if (rc == 0)
		rc = acc_record_add(*out, "Base", a->base);
	if (rc == 0 && a->rationale)
		rc = acc_record_add(*out, "Rationale", a->rationale);
	if (rc == 0)
		rc = acc_record_set_body(*out, a->text, strlen(a->text));
	(void)st;
	if (rc < 0) {
		acc_record_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Builds a withdrawal. */
static int build_withdraw(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			  const acc_delegate *del, void *arg)
{
	const char *id = arg;
	const acc_amendment *a = acc_state_amendment(st, id);
	acc_record *r = NULL;
	char *path = NULL;
	int rc;

	if (!a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", id);
	if (strcmp(a->sponsor, org->id) != 0)
		return REFUSE("only its sponsor (%s) may withdraw %s", a->sponsor, a->id);
	if (a->status != ACC_ST_TABLED && a->status != ACC_ST_VOTING && a->status != ACC_ST_STALE)
		return REFUSE("%s is %s: it can no longer be withdrawn", a->id,
			      acc_status_name(a->status));
	if ((rc = acc_amendment_record(&r, a, st)) < 0 ||
	    (rc = acc_record_set(r, "Status", "withdrawn")) < 0)
		goto done;
	{
		char *dir = acc_path_amendment_dir(a->sponsor, a->seq);

		path = dir ? acc_sprintf("%s/amendment", dir) : NULL;
		free(dir);
	}
	if (!path) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_action_put_record(act, path, r)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Withdraw %s (by %s)\n", a->id, org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, "withdraw", org)) < 0)
		goto done;
	rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
			    a->clause);
done:
	free(path);
	acc_record_free(r);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_withdraw(acc_oid_hex commit, acc_ctx *c, const char *id)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, build_withdraw, (void *)id);

	acc_action_reset(&act);
	return rc;
}

/* ---- ballots ------------------------------------------------------------- */

/* The folder holding the ballot of id ("ratification" or an amendment). */
static char *ballot_dir(const acc_state *st, const char *id)
{
	const acc_amendment *a;

	if (strcmp(id, "ratification") == 0)
		return acc_strdup("ratification");
	a = acc_state_amendment(st, id);
	return a ? acc_path_amendment_dir(a->sponsor, a->seq) : NULL;
}

/* Writes the rule and quorum of a ballot into r. */
static int ballot_head(acc_record *r, const char *status, acc_rule rule, unsigned qn, unsigned qd)
{
	char q[32];
	int rc;

	acc_fraction_format(q, sizeof(q), qn, qd);
	if ((rc = acc_record_add(r, "Status", status)) < 0 ||
	    (rc = acc_record_add(r, "Rule", acc_rule_name(rule))) < 0)
		return rc;
	return acc_record_add(r, "Quorum", q);
}

typedef struct {
	const char *id, *rule, *quorum;
} open_args;

/* Builds the opening of a ballot. */
static int build_open(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	const open_args *o = arg;
	int is_rat = strcmp(o->id, "ratification") == 0;
	const acc_amendment *a = is_rat ? NULL : acc_state_amendment(st, o->id);
	acc_rule rule = is_rat ? st->conv.ratification_rule : st->conv.rule;
	unsigned qn = is_rat ? st->conv.rat_quorum_num : st->conv.quorum_num;
	unsigned qd = is_rat ? st->conv.rat_quorum_den : st->conv.quorum_den;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL;
	size_t i;
	int rc;

	if (!is_rat && !a)
		return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", o->id);
	if (org->role != ACC_ROLE_CHAIR)
		return REFUSE("only the chair (%s) opens ballots", st->conv.chair);
	if (o->rule && acc_rule_parse(&rule, o->rule) < 0)
		return acc_error_set(ACC_EUSAGE,
				     "unknown rule '%s' (simple, two-thirds, absolute, unanimity, "
				     "consensus)",
				     o->rule);
	if (o->quorum && (rc = acc_fraction_parse(&qn, &qd, o->quorum)) < 0)
		return ACC_EUSAGE;
	if (acc_ratified(st))
		return REFUSE("the convention is already ratified");
	if (is_rat) {
		if (st->ratification.state == ACC_BALLOT_OPEN)
			return REFUSE("the ratification ballot is already open");
		for (i = 0; i < st->namendments; i++)
			if (st->amendments[i].status == ACC_ST_VOTING)
				return REFUSE(
				    "%s is still open for vote: close it before ratification",
				    st->amendments[i].id);
	} else {
		if (a->status == ACC_ST_STALE)
			return REFUSE("%s is stale: its text was drafted against an older version; "
				      "its sponsor must rebase it first",
				      a->id);
		if (a->status != ACC_ST_TABLED)
			return REFUSE("%s is %s: only a tabled amendment can be put to the vote",
				      a->id, acc_status_name(a->status));
		if (st->ratification.state == ACC_BALLOT_OPEN)
			return REFUSE("the ratification ballot is open");
		for (i = 0; i < st->namendments; i++) {
			const acc_amendment *s = &st->amendments[i];

			if (s->amends && strcmp(s->amends, a->id) == 0 &&
			    (s->status == ACC_ST_TABLED || s->status == ACC_ST_VOTING ||
			     s->status == ACC_ST_STALE))
				return REFUSE("%s has a pending amendment (%s): vote on that first",
					      a->id, s->id);
		}
	}
	if (!(dir = ballot_dir(st, o->id)) || !(path = acc_sprintf("%s/ballot", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = ballot_head(r, "open", rule, qn, qd)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	{
		char q[32];

		acc_fraction_format(q, sizeof(q), qn, qd);
		rc = acc_buf_printf(&act->msg, "Open the ballot on %s (%s majority, quorum %s)\n",
				    is_rat ? "ratification" : a->id, acc_rule_name(rule), q);
	}
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, "open", org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Ballot: %s\n", o->id);
	if (rc == 0 && a)
		rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
				    a->clause);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_open(acc_oid_hex commit, acc_ctx *c, const char *id, const char *rule,
		 const char *quorum)
{
	open_args o = {id, rule, quorum};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, build_open, &o);

	acc_action_reset(&act);
	return rc;
}

typedef struct {
	const char *id;
	acc_vote vote;
} vote_args;

/* Builds a vote. */
static int build_vote(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	const vote_args *v = arg;
	const acc_ballot *b = NULL;
	acc_record *r = NULL;
	char *dir = NULL, *path = NULL;
	size_t i;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, v->id)) < 0)
		return rc;
	if (org->role == ACC_ROLE_OBSERVER)
		return REFUSE("%s is an observer: observers do not vote", org->id);
	if (org->role == ACC_ROLE_CHAIR)
		return REFUSE("the chair (%s) does not vote", org->id);
	if (b->state == ACC_BALLOT_NONE)
		return REFUSE("the ballot on %s has not been opened", v->id);
	if (b->state != ACC_BALLOT_OPEN)
		return REFUSE("the ballot on %s is closed", v->id);
	if (strcmp(v->id, "ratification") != 0 &&
	    acc_state_amendment(st, v->id)->status == ACC_ST_WITHDRAWN)
		return REFUSE("%s has been withdrawn: its ballot is closed", v->id);
	for (i = 0; i < b->nvotes; i++)
		if (strcmp(b->votes[i].org, org->id) == 0 && b->votes[i].vote == v->vote)
			return REFUSE("%s has already voted %s on %s", org->id,
				      acc_vote_name(v->vote), v->id);
	if (!(dir = ballot_dir(st, v->id)) || !(path = acc_sprintf("%s/votes/%s", dir, org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 ||
	    (rc = acc_record_add(r, "Vote", acc_vote_name(v->vote))) < 0 ||
	    (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Vote %s on %s (%s)\n", acc_vote_name(v->vote), v->id,
				 org->id)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, "vote", org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Ballot: %s\nAccord-Vote: %s\n", v->id,
				 acc_vote_name(v->vote))) < 0)
		goto done;
	if (strcmp(v->id, "ratification") != 0) {
		const acc_amendment *a = acc_state_amendment(st, v->id);

		rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
				    a->clause);
	}
done:
	acc_record_free(r);
	free(dir);
	free(path);
	(void)c;
	return rc;
}

int acc_ops_vote(acc_oid_hex commit, acc_ctx *c, const char *id, acc_vote vote)
{
	vote_args v = {id, vote};
	acc_action act = {0};
	int rc = acc_action_run_part(commit, &act, c, id, build_vote, &v);

	acc_action_reset(&act);
	return rc;
}

/* Adds the record of a tally to r. */
static int tally_fields(acc_record *r, const acc_tally *t)
{
	char buf[32];
	int rc;

	rc = acc_record_add(r, "Result", acc_result_name(t->result));
#define NUM(key, v)                                                                                \
	do {                                                                                       \
		snprintf(buf, sizeof(buf), "%lu", (unsigned long)(v));                             \
		if (rc == 0)                                                                       \
			rc = acc_record_add(r, key, buf);                                          \
	} while (0)
	NUM("Yes", t->yes);
	NUM("No", t->no);
	NUM("Abstain", t->abstain);
	NUM("Absent", t->absent);
	if (t->weighted) {
		NUM("Weighted-Yes", t->w_yes);
		NUM("Weighted-No", t->w_no);
		NUM("Weighted-Abstain", t->w_abstain);
		NUM("Weighted-Absent", t->w_absent);
	}
#undef NUM
	if (rc == 0)
		rc = acc_record_add(r, "Quorum-Met", t->quorum_met ? "yes" : "no");
	return rc;
}

/* Adds the roll-call of b to r: "Roll-Call: <org> <vote>[ <delegate>]" per
 * vote, in organisation order (as votes/ lists them), so that reading a
 * closed ballot does not need its votes/ folder. */
static int roll_call_fields(acc_record *r, const acc_ballot *b)
{
	acc_buf line = ACC_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->nvotes && rc == 0; i++) {
		const acc_vote_rec *v = &b->votes[i];

		acc_buf_clear(&line);
		if ((rc = acc_buf_printf(&line, "%s %s%s%s", v->org, acc_vote_name(v->vote),
					 v->delegate ? " " : "", v->delegate ? v->delegate : "")) ==
		    0)
			rc = acc_record_add(r, "Roll-Call", line.ptr);
	}
	acc_buf_free(&line);
	return rc;
}

/* Writes clause id with heading and text. */
static int put_clause(acc_action *act, const char *id, const char *heading, const char *text)
{
	acc_record *r = NULL;
	char *path = acc_path_clause(id);
	int rc;

	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_record_new(&r)) == 0 && (rc = acc_record_add(r, "Heading", heading)) == 0 &&
	    (rc = acc_record_set_body(r, text, strlen(text))) == 0)
		rc = acc_action_put_record(act, path, r);
	acc_record_free(r);
	free(path);
	return rc;
}

/* Writes the toc with clause `skip` removed and/or `insert` (at depth of
 * `after`) placed after the subtree of `after`. */
static int put_toc(acc_action *act, const acc_state *st, const char *skip, const char *after,
		   const char *insert)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;
	int rc = acc_buf_putc(&b, '\n'), depth = 0, pending = 0;

	for (i = 0; i < st->nclauses && rc == 0; i++) {
		const acc_clause *cl = &st->clauses[i];

		if (pending && cl->depth <= depth) {
			rc = acc_buf_printf(&b, "%*s%s\n", depth * 2, "", insert);
			pending = 0;
		}
		if (rc == 0 && !(skip && strcmp(cl->id, skip) == 0))
			rc = acc_buf_printf(&b, "%*s%s\n", cl->depth * 2, "", cl->id);
		if (after && strcmp(cl->id, after) == 0) {
			pending = 1;
			depth = cl->depth;
		}
	}
	if (rc == 0 && pending)
		rc = acc_buf_printf(&b, "%*s%s\n", depth * 2, "", insert);
	if (rc == 0)
		rc = acc_action_put(act, "toc", b.ptr, b.size);
	acc_buf_free(&b);
	return rc;
}

/* Marks amendment x fallen because of `by`. */
static int put_fallen(acc_action *act, const acc_amendment *x, const char *by)
{
	acc_record *r = NULL;
	char *dir = acc_path_amendment_dir(x->sponsor, x->seq), *path = NULL;
	int rc;

	if (!dir || !(path = acc_sprintf("%s/ballot", dir))) {
		free(dir);
		return ACC_ENOMEM;
	}
	if ((rc = acc_record_new(&r)) == 0 &&
	    (rc = ballot_head(r, "fallen", x->ballot.rule, x->ballot.quorum_num,
			      x->ballot.quorum_den)) == 0 &&
	    (rc = acc_record_add(r, "Fallen-By", by)) == 0)
		rc = acc_action_put_record(act, path, r);
	acc_record_free(r);
	free(dir);
	free(path);
	return rc;
}

/* Applies an adopted amendment a to the text, and lets the amendments it
 * makes impossible fall; appends the fallen ids to the message. */
static int adopt(acc_action *act, acc_ctx *c, const acc_state *st, const acc_amendment *a)
{
	const char *text = acc_amendment_effective_text(st, a);
	const acc_clause *cl = acc_state_clause(st, a->clause);
	char *merged = NULL;
	size_t i;
	int rc = 0;

	if (a->amends)
		return 0; /* a sub-amendment changes its parent's text, not the clause */
	if (!cl && a->op != ACC_OP_INSERT_AFTER)
		return REFUSE("clause %s no longer exists", a->clause);
	if (a->op == ACC_OP_REPLACE && strcmp(a->base, cl->blob) != 0) {
		/* voted on while another adoption changed the clause: apply its
		 * changes to the text as it now stands, never the old text over it */
		char *base = NULL;
		int conflict = 0;

		if ((rc = acc_ops_base_text(&base, c->store, a)) < 0)
			return rc;
		rc = acc_merge3_words(&merged, &conflict, base, cl->text, text);
		free(base);
		if (rc < 0)
			return rc;
		if (conflict) {
			free(merged);
			return REFUSE("%s was drafted against an older text of clause %s and its "
				      "changes overlap the adopted text",
				      a->id, a->clause);
		}
		text = merged;
	}
	switch (a->op) {
	case ACC_OP_REPLACE:
		rc = put_clause(act, cl->id, cl->heading, text);
		break;
	case ACC_OP_DELETE: {
		char *path = acc_path_clause(cl->id);

		rc = path ? acc_action_put(act, path, NULL, 0) : ACC_ENOMEM;
		free(path);
		if (rc == 0)
			rc = put_toc(act, st, cl->id, NULL, NULL);
		break;
	}
	case ACC_OP_INSERT_AFTER:
		if (!cl)
			return REFUSE("clause %s no longer exists", a->clause);
		if (acc_state_clause(st, a->new_clause))
			return REFUSE("clause %s already exists", a->new_clause);
		rc = put_clause(act, a->new_clause, a->heading, text);
		if (rc == 0)
			rc = put_toc(act, st, NULL, cl->id, a->new_clause);
		break;
	}
	/* competing amendments to the same clause, pending or being voted on */
	for (i = 0; i < st->namendments && rc == 0; i++) {
		const acc_amendment *x = &st->amendments[i];
		int falls = 0;

		if (x == a || x->amends || strcmp(x->clause, a->clause) != 0 ||
		    (x->status != ACC_ST_TABLED && x->status != ACC_ST_STALE &&
		     x->status != ACC_ST_VOTING))
			continue;
		if (a->op == ACC_OP_DELETE) {
			falls = 1; /* nothing left to amend */
		} else if (a->op == ACC_OP_REPLACE && x->op == ACC_OP_REPLACE) {
			/* incompatible when both change the same words of the text
			 * (a word merge: see src/ops_rebase.c) */
			char *m = NULL, *base = NULL;
			int conflict = 0;

			if ((rc = acc_ops_base_text(&base, c->store, x)) < 0)
				break;
			rc = acc_merge3_words(&m, &conflict, base, text, x->text);
			free(m);
			free(base);
			falls = conflict;
		}
		if (rc == 0 && falls) {
			rc = put_fallen(act, x, a->id);
			if (rc == 0)
				rc = acc_buf_printf(&act->msg, "Accord-Fallen: %s\n", x->id);
		}
	}
	free(merged);
	return rc;
}

/* Builds the closing of a ballot. */
static int build_close(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const char *id = arg;
	int is_rat = strcmp(id, "ratification") == 0;
	const acc_amendment *a = is_rat ? NULL : acc_state_amendment(st, id);
	const acc_ballot *b = NULL;
	acc_record *r = NULL;
	acc_tally t;
	char *dir = NULL, *path = NULL;
	int rc;

	if ((rc = acc_ops_ballot(&b, st, id)) < 0)
		return rc;
	if (org->role != ACC_ROLE_CHAIR)
		return REFUSE("only the chair (%s) closes ballots", st->conv.chair);
	if (b->state != ACC_BALLOT_OPEN || (a && a->status == ACC_ST_WITHDRAWN))
		return REFUSE("the ballot on %s is not open%s", id,
			      a && a->status == ACC_ST_WITHDRAWN ? ": it was withdrawn" : "");
	/* votes do not change in this commit: this count is the count of
	 * the closing commit's tree */
	{
		acc_ballot closing = *b;

		closing.state = ACC_BALLOT_CLOSED;
		if ((rc = acc_ops_tally(&t, st, &closing)) < 0)
			return rc;
	}
	act->tally = t;
	if (!(dir = ballot_dir(st, id)) || !(path = acc_sprintf("%s/ballot", dir))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 ||
	    (rc = ballot_head(r, "closed", b->rule, b->quorum_num, b->quorum_den)) < 0 ||
	    (rc = tally_fields(r, &t)) < 0 || (rc = roll_call_fields(r, b)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg,
				 "Close the ballot on %s: %s (%u yes, %u no, %u abstain)\n", id,
				 acc_result_name(t.result), t.yes, t.no, t.abstain)) < 0 ||
	    (rc = acc_action_trailers(&act->msg, "close", org)) < 0 ||
	    (rc = acc_buf_printf(&act->msg,
				 "Accord-Ballot: %s\nAccord-Result: %s\nAccord-Tally: yes=%u "
				 "no=%u abstain=%u absent=%u\n",
				 id, acc_result_name(t.result), t.yes, t.no, t.abstain, t.absent)) <
		0)
		goto done;
	if (t.weighted &&
	    (rc = acc_buf_printf(&act->msg,
				 "Accord-Weighted-Tally: yes=%lu no=%lu abstain=%lu absent=%lu\n",
				 t.w_yes, t.w_no, t.w_abstain, t.w_absent)) < 0)
		goto done;
	if (a && (rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
				      a->clause)) < 0)
		goto done;
	if (a && t.result == ACC_RESULT_ADOPTED)
		rc = adopt(act, c, st, a);
done:
	acc_record_free(r);
	free(dir);
	free(path);
	(void)del;
	return rc;
}

int acc_ops_close(acc_oid_hex commit, acc_tally *tally, char **tag, acc_ctx *c, const char *id)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, build_close, (void *)id);

	if (tag)
		*tag = NULL;
	if (rc == 0 && tally)
		*tally = act.tally;
	if (rc == 0 && strcmp(id, "ratification") == 0 && act.tally.result == ACC_RESULT_ADOPTED) {
		acc_state *st = NULL;
		const acc_org *org;
		const acc_delegate *del;
		char *name = NULL, *msg = NULL;
		unsigned n = 1;
		acc_person who;

		/* the tag names the tally; its number counts earlier ratifications */
		if ((rc = acc_store_load_state(&st, c->store, commit)) < 0 ||
		    (rc = acc_ops_whoami(&org, &del, c, st)) < 0)
			goto tagdone;
		for (;; n++) {
			acc_oid_hex t;

			free(name);
			if (!(name = acc_sprintf("ratified-%u", n))) {
				rc = ACC_ENOMEM;
				goto tagdone;
			}
			{
				char *ref = acc_sprintf("refs/tags/%s", name);

				if (!ref) {
					rc = ACC_ENOMEM;
					goto tagdone;
				}
				rc = acc_store_resolve(c->store, t, ref);
				free(ref);
			}
			if (rc < 0)
				break;
		}
		acc_error_clear();
		msg =
		    acc_sprintf("%s ratified\n\nRatification adopted under the %s rule: %u yes, %u "
				"no, %u abstain, %u absent.\n",
				st->conv.title, acc_rule_name(st->ratification.rule), act.tally.yes,
				act.tally.no, act.tally.abstain, act.tally.absent);
		who.name = del->name;
		who.email = del->email;
		who.when = acc_now(c);
		who.offset = c->offset;
		rc = msg ? acc_store_tag(c->store, name, commit, msg, &who) : ACC_ENOMEM;
		if (rc == 0 && tag) {
			*tag = name;
			name = NULL;
		}
	tagdone:
		free(name);
		free(msg);
		acc_state_free(st);
	}
	acc_action_reset(&act);
	return rc;
}

/* ---- sign and order ------------------------------------------------------- */

/* Builds a signature of the ratified text. */
static int build_sign(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, void *arg)
{
	acc_record *r = NULL;
	char *path = NULL, date[32];
	time_t t = (time_t)acc_now(c);
	struct tm tm;
	size_t i;
	int rc;

	(void)arg;
	if (!acc_ratified(st))
		return REFUSE("the convention has not been ratified: nothing to sign yet");
	if (org->role != ACC_ROLE_MEMBER)
		return REFUSE("%s is %s: only member organisations sign", org->id,
			      org->role == ACC_ROLE_CHAIR ? "the chair" : "an observer");
	for (i = 0; i < st->nsignatures; i++)
		if (strcmp(st->signatures[i].org, org->id) == 0)
			return REFUSE("%s has already signed", org->id);
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!(path = acc_sprintf("ratification/signatures/%s", org->id))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Delegate", del->email)) < 0 ||
	    (rc = acc_record_add(r, "Date", date)) < 0 ||
	    (rc = acc_action_put_record(act, path, r)) < 0)
		goto done;
	if ((rc = acc_buf_printf(&act->msg, "Sign the convention (%s)\n", org->id)) == 0)
		rc = acc_action_trailers(&act->msg, "sign", org);
done:
	acc_record_free(r);
	free(path);
	return rc;
}

int acc_ops_sign(acc_oid_hex commit, acc_ctx *c)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, build_sign, NULL);

	acc_action_reset(&act);
	return rc;
}

typedef struct {
	const char *clause;
	const char *const *ids;
	size_t n;
} order_args;

/* Builds the chair's voting order for a clause. */
static int build_order(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const order_args *o = arg;
	acc_record *r = NULL;
	acc_buf body = ACC_BUF_INIT;
	char *path = NULL;
	size_t i, j;
	int rc = 0;

	if (org->role != ACC_ROLE_CHAIR)
		return REFUSE("only the chair (%s) sets the voting order", st->conv.chair);
	if (!acc_state_clause(st, o->clause))
		return acc_error_set(ACC_ENOTFOUND, "no clause '%s'", o->clause);
	for (i = 0; i < o->n && rc == 0; i++) {
		const acc_amendment *a = acc_state_amendment(st, o->ids[i]);

		if (!a)
			return acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", o->ids[i]);
		if (strcmp(a->clause, o->clause) != 0 || a->amends)
			return REFUSE("%s does not amend clause %s", a->id, o->clause);
		for (j = 0; j < i; j++)
			if (strcmp(o->ids[j], o->ids[i]) == 0)
				return acc_error_set(ACC_EUSAGE, "%s is listed twice", a->id);
		rc = acc_buf_printf(&body, "%s\n", a->id);
	}
	if (rc < 0 || !(path = acc_path_agenda(o->clause))) {
		rc = rc < 0 ? rc : ACC_ENOMEM;
		goto done;
	}
	if (o->n == 0) {
		rc = acc_action_put(act, path, NULL, 0);
	} else if ((rc = acc_record_new(&r)) == 0 &&
		   (rc = acc_record_set_body(r, body.ptr, body.size)) == 0) {
		rc = acc_action_put_record(act, path, r);
	}
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Set the voting order on clause %s\n", o->clause);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, "order", org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Clause: %s\n", o->clause);
done:
	acc_record_free(r);
	acc_buf_free(&body);
	free(path);
	(void)c;
	(void)del;
	return rc;
}

int acc_ops_order(acc_oid_hex commit, acc_ctx *c, const char *clause, const char *const *ids,
		  size_t n)
{
	order_args o = {clause, ids, n};
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, build_order, &o);

	acc_action_reset(&act);
	return rc;
}

/* ---- replay (for verification and sync) ------------------------------- */

/* Builds the arguments of a proposal from the amendment it created. */
static int replay_propose(acc_action *act, acc_ctx *c, const acc_state *before,
			  const acc_state *after, const acc_org *org, const acc_delegate *del,
			  const char *id)
{
	const acc_amendment *a = acc_state_amendment(after, id);
	acc_propose_args args;

	if (!a)
		return acc_error_set(ACC_EINVAL, "the proposed amendment %s is not in the tree",
				     id);
	memset(&args, 0, sizeof(args));
	args.clause = a->amends ? NULL : a->clause;
	args.op = a->op;
	args.text = a->text;
	args.len = strlen(a->text);
	args.rationale = a->rationale;
	args.amends = a->amends;
	args.heading = a->heading;
	args.new_clause = a->new_clause;
	args.cosponsors = (const char *const *)a->cosponsors.items;
	args.ncosponsors = a->cosponsors.count;
	return build_propose(act, c, before, org, del, &args);
}

int acc_ops_replay(acc_action *act, acc_ctx *c, const acc_state *before, const acc_state *after,
		   const acc_org *org, const acc_delegate *del, const char *message)
{
	char *action = acc_trailer(message, "Action"), *ballot = acc_trailer(message, "Ballot");
	char *amendment = acc_trailer(message, "Amendment"),
	     *clause = acc_trailer(message, "Clause");
	char *vote = acc_trailer(message, "Vote");
	int rc;

	acc_action_reset(act);
	if (!action) {
		rc = acc_error_set(ACC_EINVAL, "not an accord action (no Accord-Action trailer)");
	} else if (strcmp(action, "propose") == 0) {
		rc = amendment ? replay_propose(act, c, before, after, org, del, amendment)
			       : acc_error_set(ACC_EINVAL, "a proposal without Accord-Amendment");
	} else if (strcmp(action, "withdraw") == 0) {
		rc = amendment ? build_withdraw(act, c, before, org, del, amendment)
			       : acc_error_set(ACC_EINVAL, "a withdrawal without Accord-Amendment");
	} else if (strcmp(action, "open") == 0) {
		const acc_ballot *b = NULL;
		char q[32];
		open_args o = {ballot, NULL, q};

		rc = ballot ? acc_ops_ballot(&b, after, ballot)
			    : acc_error_set(ACC_EINVAL, "an opening without Accord-Ballot");
		if (rc == 0) {
			o.rule = acc_rule_name(b->rule);
			acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
			rc = build_open(act, c, before, org, del, &o);
		}
	} else if (strcmp(action, "vote") == 0) {
		vote_args v = {ballot, ACC_VOTE_NONE};

		if (!ballot || !vote || acc_vote_parse(&v.vote, vote) < 0)
			rc = acc_error_set(ACC_EINVAL,
					   "a vote without Accord-Ballot and Accord-Vote");
		else
			rc = build_vote(act, c, before, org, del, &v);
	} else if (strcmp(action, "close") == 0) {
		rc = ballot ? build_close(act, c, before, org, del, ballot)
			    : acc_error_set(ACC_EINVAL, "a closing without Accord-Ballot");
	} else if (strcmp(action, "sign") == 0) {
		rc = build_sign(act, c, before, org, del, NULL);
	} else if (strcmp(action, "order") == 0) {
		long i = clause ? acc_strlist_find(&after->agenda_clause, clause) : -1;
		order_args o = {clause, NULL, 0};

		if (i >= 0) {
			o.ids = (const char *const *)after->agenda[i].items;
			o.n = after->agenda[i].count;
		}
		rc = clause ? build_order(act, c, before, org, del, &o)
			    : acc_error_set(ACC_EINVAL, "an order without Accord-Clause");
	} else if (strcmp(action, "rebase") == 0) {
		rc = acc_replay_rebase(act, c, before, after, org, del, amendment);
	} else {
		rc = acc_error_set(ACC_EINVAL, "unknown action '%s'", action);
	}
	free(action);
	free(ballot);
	free(amendment);
	free(clause);
	free(vote);
	return rc;
}
