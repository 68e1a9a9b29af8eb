/*
 * act_registry: the chair changes the registry (orgs/<id>) during the
 * negotiation: a delegate's key is added (or replaced) or revoked, a
 * delegate is added or removed, a new organisation is admitted.
 *
 * Each is its own action.  The commit names the organisation changed
 * (Accord-Org-Changed) and the delegate (Accord-Delegate); what else it
 * needs (a new delegate's name and key, an admitted organisation's
 * record) its replay reads from the tree after it, and the builder,
 * run against the tree before, must write exactly that file.
 *
 * One key, one delegate: a key registered to any delegate of any
 * organisation is refused to every other, so that a signature always
 * names one delegate of one organisation.
 */
#include "accord/ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "accord/sign.h"
#include "internal.h"

/* The arguments of the actions on one delegate. */
typedef struct {
	const char *org;
	const char *email;
	const char *person; /* add-delegate: "Name <email>" */
	const char *key;    /* add-key, add-delegate: "type base64" or NULL */
} reg_args;

/* How write_org changes org's delegate lines. */
typedef struct {
	const char *email;  /* the delegate edited, or NULL */
	int remove;	    /* remove that delegate */
	int set_key;	    /* give it key (NULL: no key) */
	const char *key;    /* its new key */
	const char *append; /* a new "Delegate:" value, or NULL */
} org_edit;

/* Decodes one base64 character (-1 when it is none). */
static int b64val(char ch)
{
	static const char set[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = ch ? strchr(set, ch) : NULL;

	return p ? (int)(p - set) : -1;
}

/* Checks that key is "type base64" with no comment, whose blob starts with
 * its own type name as an ssh public key does; refuses otherwise. */
static int check_key(const char *key)
{
	char *norm = NULL;
	const char *sp = strchr(key, ' ');
	unsigned char head[64];
	size_t tl, i, n = 0;
	unsigned acc = 0, bits = 0, len;
	int ok;

	if (acc_sign_key_normalize(&norm, key) < 0) {
		acc_error_clear();
		return REFUSE("invalid key '%.40s' (expected an ssh public key line)", key);
	}
	ok = strcmp(norm, key) == 0 && sp;
	free(norm);
	if (!ok)
		return REFUSE("invalid key '%.40s' (expected 'type base64', one line)", key);
	tl = (size_t)(sp - key);
	for (i = 1; sp[i] && sp[i] != '=' && n < sizeof(head); i++) {
		int v = b64val(sp[i]);

		if (v < 0)
			return REFUSE("invalid key '%.40s' (bad base64)", key);
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			head[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	len = n >= 4 ? (unsigned)head[0] << 24 | (unsigned)head[1] << 16 | (unsigned)head[2] << 8 |
			   head[3]
		     : 0;
	if (n < 4 + tl || len != tl || memcmp(head + 4, key, tl) != 0 || n < 4 + tl + 4)
		return REFUSE("invalid key '%.40s' (its data is not a %.*s key)", key, (int)tl,
			      key);
	return 0;
}

/* Refuses a key that a delegate (of any organisation) already has. */
static int check_key_free(const acc_state *st, const char *key)
{
	const acc_org *o = NULL;
	const acc_delegate *d = NULL;

	if (acc_state_key_owner(&o, &d, st, key) == 0)
		return REFUSE("this key is already registered to %s of %s (one key, one "
			      "delegate)",
			      d->email, o->id);
	acc_error_clear();
	return 0;
}

/* 1 when s may be a record's value (one line, valid UTF-8...). */
static int value_ok(const char *s)
{
	if (acc_record_value_valid(s) == 0)
		return 1;
	acc_error_clear();
	return 0;
}

/* Splits "Name <email>" into its name and email (malloc'd); refuses
 * anything else, or an email already registered in st. */
static int parse_person(char **name, char **email, const acc_state *st, const char *s)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const acc_org *o = NULL;
	const acc_delegate *d = NULL;

	*name = *email = NULL;
	if (!lt || !gt || gt[1] || lt == s || lt[-1] != ' ' || lt - s < 2 || s[0] == ' ' ||
	    strchr(gt + 1, '<') || memchr(s, '>', (size_t)(lt - s)) || !value_ok(s))
		return REFUSE("invalid delegate '%.80s' (expected 'Full Name <email>')", s);
	if (!(*name = acc_strndup(s, (size_t)(lt - s - 1))) ||
	    !(*email = acc_strndup(lt + 1, (size_t)(gt - lt - 1))))
		return ACC_ENOMEM;
	if (!acc_email_valid(*email))
		return REFUSE("invalid email '%.80s'", *email);
	if (acc_state_delegate(&o, &d, st, *email) == 0)
		return REFUSE("%s is already a delegate of %s", *email, o->id);
	acc_error_clear();
	return 0;
}

/* Writes the canonical record of org o, with edit e applied, at orgs/<id>. */
static int write_org(acc_action *act, const acc_org *o, const org_edit *e)
{
	acc_record *r = NULL;
	char *path = acc_path_org(o->id), weight[16];
	size_t i;
	int rc;

	snprintf(weight, sizeof(weight), "%u", o->weight ? o->weight : 1);
	if (!path)
		return ACC_ENOMEM;
	if ((rc = acc_record_new(&r)) < 0 || (rc = acc_record_add(r, "Name", o->name)) < 0 ||
	    (o->type && (rc = acc_record_add(r, "Type", o->type)) < 0) ||
	    (rc = acc_record_add(r, "Role", acc_role_name(o->role))) < 0 ||
	    (rc = acc_record_add(r, "Weight", weight)) < 0)
		goto done;
	for (i = 0; i < o->ndelegates && rc == 0; i++) {
		const acc_delegate *d = &o->delegates[i];
		int mine = e->email && strcmp(d->email, e->email) == 0;
		const char *key = mine && e->set_key ? e->key : d->key;
		char *line;

		if (mine && e->remove)
			continue;
		line = key ? acc_sprintf("%s <%s> %s", d->name, d->email, key)
			   : acc_sprintf("%s <%s>", d->name, d->email);
		rc = line ? acc_record_add(r, "Delegate", line) : ACC_ENOMEM;
		free(line);
	}
	if (rc == 0 && e->append)
		rc = acc_record_add(r, "Delegate", e->append);
	if (rc == 0 && o->description && o->description[0])
		rc = acc_record_set_body(r, o->description, strlen(o->description));
	if (rc == 0)
		rc = acc_action_put_record(act, path, r);
done:
	acc_record_free(r);
	free(path);
	return rc;
}

/* Finds organisation id and its delegate email in st (refusals). */
static int find_delegate(const acc_org **o, const acc_delegate **d, const acc_state *st,
			 const char *id, const char *email)
{
	size_t i;

	*d = NULL;
	if (!id || !acc_id_valid(id))
		return REFUSE("invalid organisation id '%.80s'", id ? id : "");
	if (!(*o = acc_state_org(st, id)))
		return acc_error_set(ACC_ENOTFOUND, "no organisation '%s'", id);
	for (i = 0; email && i < (*o)->ndelegates; i++)
		if (strcmp((*o)->delegates[i].email, email) == 0)
			*d = &(*o)->delegates[i];
	if (email && !*d)
		return REFUSE("%.80s is not a delegate of %s", email, id);
	return 0;
}

/* Appends the standard trailers and the registry trailers (org changed,
 * delegate and key when not NULL) to act's message, whose subject is
 * already written. */
static int reg_trailers(acc_action *act, const acc_action_def *def, const acc_org *chair,
			const char *org, const char *email, const char *key)
{
	int rc;

	if ((rc = acc_action_trailers(&act->msg, def, chair)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Accord-Org-Changed: %s\n", org)) < 0)
		return rc;
	if (email && (rc = acc_buf_printf(&act->msg, "Accord-Delegate: %s\n", email)) < 0)
		return rc;
	if (key && (rc = acc_buf_printf(&act->msg, "Accord-Key: %s\n", key)) < 0)
		return rc;
	return 0;
}

/* ---- add-key ------------------------------------------------------------ */

/* Builds the registration of a key for a delegate (replacing any other). */
static int build_add_key(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const reg_args *a = arg;
	const acc_org *o;
	const acc_delegate *d;
	org_edit e = {0};
	int rc;

	(void)c;
	(void)del;
	if ((rc = find_delegate(&o, &d, st, a->org, a->email)) < 0)
		return rc;
	if (!a->key)
		return REFUSE("no key given");
	if ((rc = check_key(a->key)) < 0)
		return rc;
	if (d->key && strcmp(d->key, a->key) == 0)
		return REFUSE("%s already has this key", d->email);
	if ((rc = check_key_free(st, a->key)) < 0)
		return rc;
	e.email = d->email;
	e.set_key = 1;
	e.key = a->key;
	if ((rc = write_org(act, o, &e)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Register a key for %s (%s)\n", d->email, o->id)) < 0)
		return rc;
	return reg_trailers(act, &acc_action_add_key, org, o->id, d->email, a->key);
}

int acc_ops_registry_add_key(acc_oid_hex commit, acc_ctx *c, const char *org, const char *email,
			     const char *key)
{
	acc_action act = {0};
	reg_args a = {org, email, NULL, key};
	int rc = acc_action_run(commit, &act, c, &acc_action_add_key, &a);

	acc_action_reset(&act);
	return rc;
}

/* Reads the org and delegate trailers of a registry action. */
static int replay_args(char **org, char **email, const acc_replay_in *in, const char *what)
{
	int rc;

	*email = NULL;
	if ((rc = acc_replay_trailer(org, in, what, "Org-Changed")) < 0)
		return rc;
	return acc_replay_trailer(email, in, what, "Delegate");
}

/* Rebuilds a key registration from its trailers. */
static int replay_add_key(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *org = NULL, *email = NULL, *key = NULL;
	int rc;

	if ((rc = replay_args(&org, &email, in, "add-key")) == 0 &&
	    (rc = acc_replay_trailer(&key, in, "add-key", "Key")) == 0) {
		reg_args a = {org, email, NULL, key};

		rc = build_add_key(act, c, in->before, in->org, in->del, &a);
	}
	free(org);
	free(email);
	free(key);
	return rc;
}

/* ---- revoke-key --------------------------------------------------------- */

/* Builds the revocation of a delegate's key (the delegate stays). */
static int build_revoke_key(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			    const acc_delegate *del, void *arg)
{
	const reg_args *a = arg;
	const acc_org *o;
	const acc_delegate *d;
	org_edit e = {0};
	int rc;

	(void)c;
	(void)del;
	if ((rc = find_delegate(&o, &d, st, a->org, a->email)) < 0)
		return rc;
	if (!d->key)
		return REFUSE("%s has no registered key to revoke", d->email);
	e.email = d->email;
	e.set_key = 1;
	if ((rc = write_org(act, o, &e)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Revoke the key of %s (%s)\n", d->email, o->id)) < 0)
		return rc;
	return reg_trailers(act, &acc_action_revoke_key, org, o->id, d->email, NULL);
}

int acc_ops_registry_revoke_key(acc_oid_hex commit, acc_ctx *c, const char *org, const char *email)
{
	acc_action act = {0};
	reg_args a = {org, email, NULL, NULL};
	int rc = acc_action_run(commit, &act, c, &acc_action_revoke_key, &a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a key revocation from its trailers. */
static int replay_revoke_key(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *org = NULL, *email = NULL;
	int rc;

	if ((rc = replay_args(&org, &email, in, "revoke-key")) == 0) {
		reg_args a = {org, email, NULL, NULL};

		rc = build_revoke_key(act, c, in->before, in->org, in->del, &a);
	}
	free(org);
	free(email);
	return rc;
}

/* ---- add-delegate ------------------------------------------------------- */

/* Builds the addition of a delegate (with a key or none) to an org. */
static int build_add_delegate(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			      const acc_delegate *del, void *arg)
{
	const reg_args *a = arg;
	const acc_org *o;
	const acc_delegate *d;
	char *name = NULL, *email = NULL, *line = NULL;
	org_edit e = {0};
	int rc;

	(void)c;
	(void)del;
	if ((rc = find_delegate(&o, &d, st, a->org, NULL)) < 0 ||
	    (rc = parse_person(&name, &email, st, a->person ? a->person : "")) < 0 ||
	    (a->key && ((rc = check_key(a->key)) < 0 || (rc = check_key_free(st, a->key)) < 0)))
		goto done;
	line = a->key ? acc_sprintf("%s <%s> %s", name, email, a->key)
		      : acc_sprintf("%s <%s>", name, email);
	if (!line) {
		rc = ACC_ENOMEM;
		goto done;
	}
	e.append = line;
	if ((rc = write_org(act, o, &e)) == 0 &&
	    (rc = acc_buf_printf(&act->msg, "Add %s as a delegate of %s\n", email, o->id)) == 0)
		rc = reg_trailers(act, &acc_action_add_delegate, org, o->id, email, NULL);
done:
	free(name);
	free(email);
	free(line);
	return rc;
}

int acc_ops_registry_add_delegate(acc_oid_hex commit, acc_ctx *c, const char *org,
				  const char *person, const char *key)
{
	acc_action act = {0};
	reg_args a = {org, NULL, person, key};
	int rc = acc_action_run(commit, &act, c, &acc_action_add_delegate, &a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds the addition of a delegate: who from its trailers, their name
 * and key from the registry after it. */
static int replay_add_delegate(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *org = NULL, *email = NULL, *person = NULL;
	const acc_org *o;
	const acc_delegate *d;
	int rc;

	if ((rc = replay_args(&org, &email, in, "add-delegate")) < 0)
		goto done;
	if (find_delegate(&o, &d, in->after, org, email) < 0) {
		rc = acc_error_set(
		    ACC_EINVAL, "an add-delegate after which %s is no delegate of %s", email, org);
		goto done;
	}
	if (!(person = acc_sprintf("%s <%s>", d->name, d->email))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	{
		reg_args a = {org, NULL, person, d->key};

		rc = build_add_delegate(act, c, in->before, in->org, in->del, &a);
	}
done:
	free(org);
	free(email);
	free(person);
	return rc;
}

/* ---- remove-delegate ---------------------------------------------------- */

/* Builds the removal of a delegate (never the chair's last one). */
static int build_remove_delegate(acc_action *act, acc_ctx *c, const acc_state *st,
				 const acc_org *org, const acc_delegate *del, void *arg)
{
	const reg_args *a = arg;
	const acc_org *o;
	const acc_delegate *d;
	org_edit e = {0};
	int rc;

	(void)c;
	(void)del;
	if ((rc = find_delegate(&o, &d, st, a->org, a->email)) < 0)
		return rc;
	if (o->role == ACC_ROLE_CHAIR && o->ndelegates == 1)
		return REFUSE("%s is the chair's last delegate: add another one first", d->email);
	e.email = d->email;
	e.remove = 1;
	if ((rc = write_org(act, o, &e)) < 0 ||
	    (rc = acc_buf_printf(&act->msg, "Remove %s as a delegate of %s\n", d->email, o->id)) <
		0)
		return rc;
	return reg_trailers(act, &acc_action_remove_delegate, org, o->id, d->email, NULL);
}

int acc_ops_registry_remove_delegate(acc_oid_hex commit, acc_ctx *c, const char *org,
				     const char *email)
{
	acc_action act = {0};
	reg_args a = {org, email, NULL, NULL};
	int rc = acc_action_run(commit, &act, c, &acc_action_remove_delegate, &a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds the removal of a delegate from its trailers. */
static int replay_remove_delegate(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *org = NULL, *email = NULL;
	int rc;

	if ((rc = replay_args(&org, &email, in, "remove-delegate")) == 0) {
		reg_args a = {org, email, NULL, NULL};

		rc = build_remove_delegate(act, c, in->before, in->org, in->del, &a);
	}
	free(org);
	free(email);
	return rc;
}

/* ---- admit -------------------------------------------------------------- */

/* Checks the admitted delegates and fills o's delegates from them:
 * valid, new, and with keys no one else (nor each other) has. */
static int admit_delegates(acc_org *o, const acc_state *st, const acc_admit_args *a)
{
	size_t i, j;
	int rc;

	if (!(o->delegates = acc_calloc(a->ndelegates ? a->ndelegates : 1, sizeof(acc_delegate))))
		return ACC_ENOMEM;
	for (i = 0; i < a->ndelegates; i++) {
		acc_delegate *d = &o->delegates[o->ndelegates++];
		const char *key = a->keys ? a->keys[i] : NULL;

		if ((rc = parse_person(&d->name, &d->email, st, a->delegates[i])) < 0)
			return rc;
		if (key && ((rc = check_key(key)) < 0 || (rc = check_key_free(st, key)) < 0))
			return rc;
		if (key && !(d->key = acc_strdup(key)))
			return ACC_ENOMEM;
		for (j = 0; j < i; j++) {
			if (strcmp(o->delegates[j].email, d->email) == 0)
				return REFUSE("%s is given twice", d->email);
			if (key && o->delegates[j].key && strcmp(o->delegates[j].key, key) == 0)
				return REFUSE("one key is given to both %s and %s (one key, one "
					      "delegate)",
					      o->delegates[j].email, d->email);
		}
	}
	return 0;
}

/* Frees what admit_delegates allocated in o. */
static void admit_free(acc_org *o)
{
	size_t i;

	for (i = 0; i < o->ndelegates; i++) {
		free(o->delegates[i].name);
		free(o->delegates[i].email);
		free(o->delegates[i].key);
	}
	free(o->delegates);
}

/* Builds the admission of a new member or observer organisation. */
static int build_admit(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		       const acc_delegate *del, void *arg)
{
	const acc_admit_args *a = arg;
	acc_org o;
	org_edit e = {0};
	int rc;

	(void)c;
	(void)del;
	memset(&o, 0, sizeof(o));
	if (!a->id || !acc_id_valid(a->id))
		return REFUSE("invalid organisation id '%.80s' (lower-case letters, digits and "
			      "dashes)",
			      a->id ? a->id : "");
	if (acc_state_org(st, a->id))
		return REFUSE("the organisation '%s' is already registered", a->id);
	if (!a->name || !a->name[0] || !value_ok(a->name))
		return REFUSE("invalid name '%.80s' (one line)", a->name ? a->name : "");
	if (a->type && (!a->type[0] || !value_ok(a->type)))
		return REFUSE("invalid type '%.80s' (one line)", a->type);
	if (!a->role || acc_role_parse(&o.role, a->role) < 0 || o.role == ACC_ROLE_CHAIR)
		return REFUSE("an organisation is admitted as a member or an observer, not '%.40s'",
			      a->role ? a->role : "");
	if (a->weight > 1000000)
		return REFUSE("weight must be from 1 to 1000000");
	o.id = (char *)a->id;
	o.name = (char *)a->name;
	o.type = (char *)a->type;
	o.weight = a->weight ? a->weight : 1;
	if ((rc = admit_delegates(&o, st, a)) == 0 && (rc = write_org(act, &o, &e)) == 0 &&
	    (rc = acc_buf_printf(&act->msg, "Admit %s as %s %s\n", a->id,
				 o.role == ACC_ROLE_MEMBER ? "a" : "an", acc_role_name(o.role))) ==
		0 &&
	    (rc = reg_trailers(act, &acc_action_admit, org, a->id, NULL, NULL)) == 0) {
		size_t i;

		for (i = 0; i < o.ndelegates && rc == 0; i++)
			rc = acc_buf_printf(&act->msg, "Accord-Delegate: %s\n",
					    o.delegates[i].email);
	}
	admit_free(&o);
	return rc;
}

int acc_ops_registry_admit(acc_oid_hex commit, acc_ctx *c, const acc_admit_args *a)
{
	acc_action act = {0};
	int rc = acc_action_run(commit, &act, c, &acc_action_admit, (void *)a);

	acc_action_reset(&act);
	return rc;
}

/* Rebuilds an admission: the org from its trailer, its record's fields
 * from the registry after it. */
static int replay_admit(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	char *id = NULL, **people = NULL, **keys = NULL;
	const acc_org *o;
	acc_admit_args a;
	size_t i, n = 0;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = acc_replay_trailer(&id, in, "admit", "Org-Changed")) < 0)
		return rc;
	if (!(o = acc_state_org(in->after, id))) {
		rc = acc_error_set(ACC_EINVAL, "an admit after which there is no organisation %s",
				   id);
		goto done;
	}
	if (!(people = acc_calloc(o->ndelegates + 1, sizeof(char *))) ||
	    !(keys = acc_calloc(o->ndelegates + 1, sizeof(char *)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (n = 0; n < o->ndelegates; n++) {
		keys[n] = o->delegates[n].key;
		if (!(people[n] =
			  acc_sprintf("%s <%s>", o->delegates[n].name, o->delegates[n].email))) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	a.id = id;
	a.name = o->name;
	a.type = o->type;
	a.role = acc_role_name(o->role);
	a.weight = o->weight;
	a.delegates = (const char *const *)people;
	a.keys = (const char *const *)keys;
	a.ndelegates = n;
	rc = build_admit(act, c, in->before, in->org, in->del, &a);
done:
	for (i = 0; people && i < n; i++)
		free(people[i]);
	free(people);
	free(keys);
	free(id);
	return rc;
}

/* ---- the definitions ---------------------------------------------------- */

static const char *const reg_writes[] = {"orgs/*", NULL};
static const char *const delegate_trailers[] = {"Org-Changed", "Delegate", NULL};
static const char *const key_trailers[] = {"Org-Changed", "Delegate", "Key", NULL};

const acc_action_def acc_action_add_key = {
    .spec = {.name = "add-key",
	     .summary = "register (or replace) a delegate's key",
	     .who = ACC_WHO_CHAIR,
	     .verb = "changes the registry",
	     .writes = reg_writes,
	     .trailers = key_trailers},
    .build = build_add_key,
    .replay = replay_add_key,
    .mismatch = "not the organisation's record with that key",
};

const acc_action_def acc_action_revoke_key = {
    .spec = {.name = "revoke-key",
	     .summary = "revoke a delegate's key (the delegate stays, unable to sign)",
	     .who = ACC_WHO_CHAIR,
	     .verb = "changes the registry",
	     .writes = reg_writes,
	     .trailers = delegate_trailers},
    .build = build_revoke_key,
    .replay = replay_revoke_key,
    .mismatch = "not the organisation's record without that key",
};

const acc_action_def acc_action_add_delegate = {
    .spec = {.name = "add-delegate",
	     .summary = "add a delegate to an organisation",
	     .who = ACC_WHO_CHAIR,
	     .verb = "changes the registry",
	     .writes = reg_writes,
	     .trailers = delegate_trailers},
    .build = build_add_delegate,
    .replay = replay_add_delegate,
    .mismatch = "not the organisation's record with that delegate added",
};

const acc_action_def acc_action_remove_delegate = {
    .spec = {.name = "remove-delegate",
	     .summary = "remove a delegate from an organisation",
	     .who = ACC_WHO_CHAIR,
	     .verb = "changes the registry",
	     .writes = reg_writes,
	     .trailers = delegate_trailers},
    .build = build_remove_delegate,
    .replay = replay_remove_delegate,
    .mismatch = "not the organisation's record without that delegate",
};

const acc_action_def acc_action_admit = {
    .spec = {.name = "admit",
	     .summary = "admit a new member or observer organisation",
	     .who = ACC_WHO_CHAIR,
	     .verb = "changes the registry",
	     .writes = reg_writes,
	     .trailers = delegate_trailers},
    .build = build_admit,
    .replay = replay_admit,
    .mismatch = "not the record of the organisation admitted",
};
