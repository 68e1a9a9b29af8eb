/* act_init: the root action, which creates a convention from a proposal. */
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
#include "accord/textcheck.h"
#include "internal.h"

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
		if (strncmp(p, "translations/", 13) == 0 && strchr(p + 13, '/') &&
		    !strchr(strchr(p + 13, '/') + 1, '/'))
			continue; /* translations/<lang>/<clause> (act_translate.c) */
		return acc_error_set(ACC_EINVAL,
				     "%s: unexpected file in a proposal (expected convention, toc, "
				     "clauses/<id>, orgs/<id> and translations/<lang>/<id>)",
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

/* Refuses a proposal file (path under dir) holding text the record may
 * not hold, naming the file as the user gave it. */
static int check_text(const char *dir, const char *path, const char *data, size_t len)
{
	char *name = acc_sprintf("%s/%s", dir, path);
	int rc;

	if (!name)
		return ACC_ENOMEM;
	rc = acc_text_check(name, data, len);
	free(name);
	return rc;
}

/* Creates the convention dir from the files of src (named proposal in
 * messages); src is the caller's. */
static int init_from(acc_oid_hex out, const char *dir, acc_source *src, const char *proposal,
		     const acc_person *who, const char *key, int demo_keys)
{
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
		if ((rc = check_text(proposal, files.items[i], datas[i], changes[i].len)) < 0)
			goto done;
		if (keydir && strncmp(files.items[i], "orgs/", 5) == 0 &&
		    (rc = add_demo_keys(&datas[i], &changes[i].len, files.items[i], keydir)) < 0)
			goto done;
		if (strncmp(files.items[i], "translations/", 13) == 0 &&
		    (rc = acc_translation_stamp(&datas[i], &changes[i].len, files.items[i], src,
						st)) < 0)
			goto done;
		changes[i].data = datas[i];
	}
	if (st->conv.signatures_required && !key && !demo_keys) {
		/* refused before anything is written */
		rc = acc_error_set(ACC_EREFUSED,
				   "%s requires signed actions: give a delegate's signing key "
				   "(--key FILE or ACCORD_KEY), or --demo-keys for throwaway keys",
				   proposal);
		goto done;
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
	{
		/* the author is the delegate who opens it, as verify expects: the
		 * key's owner, else the delegate with the actor's email */
		const acc_org *o = NULL;
		const acc_delegate *d = NULL;

		if ((pub && acc_state_key_owner(&o, &d, st, pub) == 0 && d) ||
		    (!pub && acc_state_delegate(&o, &d, st, author.email) == 0 && d)) {
			author.name = d->name;
			author.email = d->email;
			plan.email = key ? author.email : plan.email;
		}
		acc_error_clear();
	}
	if ((rc = acc_store_init(&store, dir)) < 0) {
		created = 0;
		goto done;
	}
	{
		acc_buf msg = ACC_BUF_INIT;

		rc = acc_buf_printf(
		    &msg, "Open the draft: %s\n\nAccord-Action: %s\nAccord-Proposal: %s\n",
		    st->conv.title, acc_action_init.spec.name,
		    st->conv.short_title ? st->conv.short_title : "");
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
	return rc;
}

/* Creates the convention dir from the proposal folder proposal. */
int acc_ops_init(acc_oid_hex out, const char *dir, const char *proposal, const acc_person *who,
		 const char *key, int demo_keys)
{
	acc_source *src = NULL;
	int rc;

	if ((rc = acc_source_dir(&src, proposal)) < 0)
		return rc;
	rc = init_from(out, dir, src, proposal, who, key, demo_keys);
	acc_source_free(src);
	return rc;
}

/* Creates the convention dir from the files of src (named name). */
int acc_ops_init_source(acc_oid_hex out, const char *dir, acc_source *src, const char *name,
			const acc_person *who, const char *key, int demo_keys)
{
	return init_from(out, dir, src, name, who, key, demo_keys);
}

static const char *const init_writes[] = {"convention", "toc", "clauses/*", "orgs/*", NULL};
static const char *const init_trailers[] = {"Proposal", NULL};

/* The root: it is the first commit, never replayed on another tip. */
const acc_action_def acc_action_init = {
    .spec = {.name = "init",
	     .summary = "create the convention from a proposal (the root commit)",
	     .who = ACC_WHO_CHAIR,
	     .verb = "creates the convention",
	     .writes = init_writes,
	     .trailers = init_trailers},
};
