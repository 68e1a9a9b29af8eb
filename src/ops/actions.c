/*
 * actions: the table of every action, and what is driven by it: who may
 * take an action, which paths it may write, and the replay of a commit
 * (for sync and verify) through the action's own definition.
 *
 * Adding an action is one file src/ops/act_<name>.c defining an
 * acc_action_def, and one row in the table below (CONTRIBUTING.md).
 */
#include "accord/ops.h"

#include <stdlib.h>
#include <string.h>

#include "accord/textcheck.h"
#include "brackets.h"
#include "internal.h"

/* Every action, in the order of a negotiation. */
static const acc_action_def *const table[] = {
    &acc_action_init,
    &acc_action_propose,
    &acc_action_compromise,
    &acc_action_rebase,
    &acc_action_withdraw,
    &acc_action_cosponsor,
    &acc_action_order,
    &acc_action_open,
    &acc_action_vote,
    &acc_action_gather,
    &acc_action_record,
    &acc_action_respond,
    &acc_action_explain,
    &acc_action_close,
    &acc_action_sign,
    &acc_action_object,
    &acc_action_deposit,
    &acc_action_notify,
    &acc_action_unreserve,
    &acc_action_denounce,
    &acc_action_rules,
    /* bracketed text (src/ops/act_bracket*.c, act_resolve.c) */
    &acc_action_bracket,
    &acc_action_support,
    &acc_action_bracket_open,
    &acc_action_bracket_vote,
    &acc_action_bracket_close,
    &acc_action_resolve,
    &acc_action_comment,
    &acc_action_resolve_thread,
    &acc_action_translate,
    /* the registry, changed by the chair at any time */
    &acc_action_admit,
    &acc_action_add_delegate,
    &acc_action_remove_delegate,
    &acc_action_add_key,
    &acc_action_revoke_key,
};

#define NACTIONS (sizeof(table) / sizeof(table[0]))

/* The definition of the action called name, or NULL. */
static const acc_action_def *find_def(const char *name)
{
	size_t i;

	for (i = 0; name && i < NACTIONS; i++)
		if (strcmp(table[i]->spec.name, name) == 0)
			return table[i];
	return NULL;
}

const acc_action_spec *acc_action_find(const char *name)
{
	const acc_action_def *d = find_def(name);

	return d ? &d->spec : NULL;
}

const acc_action_spec *acc_action_at(size_t i)
{
	return i < NACTIONS ? &table[i]->spec : NULL;
}

int acc_action_permit(const acc_action_spec *spec, const acc_state *st, const acc_org *org)
{
	switch (spec->who) {
	case ACC_WHO_CHAIR:
		if (org->role != ACC_ROLE_CHAIR)
			return REFUSE("only the chair (%s) %s", st->conv.chair, spec->verb);
		break;
	case ACC_WHO_NOT_CHAIR:
		if (org->role == ACC_ROLE_CHAIR)
			return REFUSE("the chair (%s) does not %s", org->id, spec->verb);
		break;
	case ACC_WHO_MEMBER:
		if (org->role == ACC_ROLE_OBSERVER)
			return REFUSE("%s is an observer: observers do not %s", org->id,
				      spec->verb);
		if (org->role == ACC_ROLE_CHAIR)
			return REFUSE("the chair (%s) does not %s", org->id, spec->verb);
		break;
	case ACC_WHO_DELEGATE:
		break;
	}
	return 0;
}

/* 1 when the first len bytes of seg match pattern segment pat for org. */
static int segment_matches(const char *pat, size_t plen, const char *seg, size_t len,
			   const acc_org *org)
{
	if (plen == 1 && pat[0] == '*')
		return len > 0;
	if (plen == 5 && memcmp(pat, "{org}", 5) == 0)
		return strlen(org->id) == len && memcmp(org->id, seg, len) == 0;
	return plen == len && memcmp(pat, seg, len) == 0;
}

/* 1 when path matches pattern (segment by segment) for org. */
static int path_matches(const char *pattern, const char *path, const acc_org *org)
{
	for (;;) {
		size_t plen = strcspn(pattern, "/"), len = strcspn(path, "/");

		if (!segment_matches(pattern, plen, path, len, org))
			return 0;
		pattern += plen;
		path += len;
		if (!*pattern || !*path)
			return !*pattern && !*path;
		pattern++;
		path++;
	}
}

int acc_action_may_write(const acc_action_spec *spec, const acc_org *org, const char *path)
{
	const char *const *p;

	for (p = spec->writes; p && *p; p++)
		if (path_matches(*p, path, org))
			return 1;
	return 0;
}

int acc_action_check_writes(const acc_action_def *def, const acc_org *org, const acc_action *act)
{
	size_t i;

	for (i = 0; i < act->n; i++)
		if (!acc_action_may_write(&def->spec, org, act->changes[i].path))
			return acc_error_set(ACC_ERROR, "internal error: a %s may not write %s",
					     def->spec.name, act->changes[i].path);
	/* the files were checked as they were put (acc_action_put) */
	return acc_text_check("the commit message", act->msg.ptr ? act->msg.ptr : "",
			      act->msg.size);
}

int acc_replay_trailer(char **out, const acc_replay_in *in, const char *action, const char *key)
{
	if (!(*out = acc_trailer(in->message, key)))
		return acc_error_set(ACC_EINVAL, "a %s without Accord-%s", action, key);
	return 0;
}

int acc_ops_replay(acc_action *act, const acc_action_def **def, acc_ctx *c, const acc_replay_in *in)
{
	char *name = acc_trailer(in->message, "Action");
	const acc_action_def *d = find_def(name);
	int rc;

	acc_action_reset(act);
	if (def)
		*def = d;
	if (!name)
		rc = acc_error_set(ACC_EINVAL, "not an accord action (no Accord-Action trailer)");
	else if (!d || !d->replay)
		rc = acc_error_set(ACC_EINVAL, "unknown action '%s'", name);
	else if ((rc = acc_action_permit(&d->spec, in->before, in->org)) == 0 &&
		 (rc = d->replay(act, c, in)) == 0)
		rc = acc_action_check_writes(d, in->org, act);
	free(name);
	return rc;
}
