/* act_propose: tabling an amendment. */
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

/* The blob id of path at commit `drafted` (st's commit or an ancestor of
 * it; resolved into at) into base: the text a drafter saw there. */
static int drafted_base(acc_oid_hex base, acc_oid_hex at, acc_ctx *c, const acc_state *st,
			const char *drafted, const char *path)
{
	acc_source *src = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = acc_store_resolve(c->store, at, drafted)) < 0)
		return rc;
	if (strcmp(at, st->commit) != 0 && !acc_store_is_ancestor(c->store, at, st->commit))
		return REFUSE("the text was drafted on %.12s, which is not in this history", at);
	if ((rc = acc_store_source(&src, c->store, at)) < 0)
		return rc;
	rc = src->read(src, path, &data, &len, base);
	if (rc == ACC_ENOTFOUND)
		rc = REFUSE("%s did not exist yet at %.12s, where the text was drafted", path, at);
	free(data);
	acc_source_free(src);
	return rc;
}

/* Builds a proposal. */
static int build_propose(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
			 const acc_delegate *del, void *arg)
{
	const acc_propose_args *a = arg;

	if (a->nsupersedes)
		return REFUSE("only a compromise text supersedes amendments (tabled by the chair "
			      "or a facilitator)");
	return acc_propose_build(act, c, st, org, del, a, &acc_action_propose);
}

int acc_propose_build(acc_action *act, acc_ctx *c, const acc_state *st, const acc_org *org,
		      const acc_delegate *del, const acc_propose_args *a, const acc_action_def *def)
{
	const acc_clause *cl;
	const acc_amendment *parent = NULL;
	acc_record *r = NULL;
	unsigned seq = 0;
	size_t i;
	char *text = NULL, *dir = NULL, *path = NULL, *id = NULL, *new_clause = NULL;
	acc_oid_hex base, drafted_at;
	int rc, drafted = 0;

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
	if (a->drafted_on) {
		char *pdir = parent ? acc_path_amendment_dir(parent->sponsor, parent->seq) : NULL;
		char *target = parent ? (pdir ? acc_sprintf("%s/amendment", pdir) : NULL)
				      : acc_path_clause(a->clause);

		free(pdir);
		rc = target ? drafted_base(base, drafted_at, c, st, a->drafted_on, target)
			    : ACC_ENOMEM;
		free(target);
		if (rc < 0)
			return rc;
		drafted = strcmp(base, parent ? parent->blob
					      : acc_state_clause(st, a->clause)->blob) != 0;
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
		if ((rc = acc_ops_user_text(&text, a->text, a->len, "proposed text")) < 0)
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
		rc = acc_record_add(r, "Invited", a->cosponsors[i]);
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
	for (i = 0; i < a->nsupersedes && rc == 0; i++)
		rc = acc_record_add(r, "Supersedes", a->supersedes[i]);
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
	if (a->nsupersedes) {
		rc = acc_buf_printf(&act->msg, "Table the compromise %s on clause %s, superseding ",
				    id, a->clause);
		for (i = 0; i < a->nsupersedes && rc == 0; i++)
			rc = acc_buf_printf(&act->msg, "%s%s", i ? ", " : "", a->supersedes[i]);
		if (rc == 0)
			rc = acc_buf_printf(&act->msg, " (by %s)\n", org->id);
	} else if (parent)
		rc = acc_buf_printf(&act->msg, "Propose %s: amend %s (by %s)\n", id, parent->id,
				    org->id);
	else
		rc = acc_buf_printf(&act->msg, "Propose %s: %s %s (by %s)\n", id,
				    a->op == ACC_OP_REPLACE  ? "replace the text of"
				    : a->op == ACC_OP_DELETE ? "delete"
							     : "insert a clause after",
				    a->clause, org->id);
	if (rc == 0)
		rc = acc_action_trailers(&act->msg, def, org);
	if (rc == 0)
		rc = acc_buf_printf(&act->msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", id,
				    parent ? parent->clause : a->clause);
	if (rc == 0 && drafted)
		rc = acc_buf_printf(&act->msg, "Accord-Drafted-On: %s\n", drafted_at);
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
	int rc = acc_action_run(commit, &act, c,
				a->nsupersedes ? &acc_action_compromise : &acc_action_propose,
				(void *)a);

	*id = NULL;
	if (rc == 0) {
		*id = act.result_id;
		act.result_id = NULL;
	}
	acc_action_reset(&act);
	return rc;
}

/* Rebuilds a proposal from the amendment it created. */
static int replay_propose(acc_action *act, acc_ctx *c, const acc_replay_in *in)
{
	return acc_propose_replay(act, c, in, &acc_action_propose);
}

int acc_propose_replay(acc_action *act, acc_ctx *c, const acc_replay_in *in,
		       const acc_action_def *def)
{
	const acc_amendment *a;
	acc_propose_args args;
	char *id = NULL, *drafted;
	int rc;

	if ((rc = acc_replay_trailer(&id, in, "proposal", "Amendment")) < 0)
		return rc;
	if (!(a = acc_state_amendment(in->after, id))) {
		rc = acc_error_set(ACC_EINVAL, "the proposed amendment %s is not in the tree", id);
		free(id);
		return rc;
	}
	free(id);
	memset(&args, 0, sizeof(args));
	args.clause = a->amends ? NULL : a->clause;
	args.op = a->op;
	args.text = a->text;
	args.len = strlen(a->text);
	args.rationale = a->rationale;
	args.amends = a->amends;
	args.heading = a->heading;
	args.new_clause = a->new_clause;
	/* the invitations only: a Cosponsor line is never the sponsor's to
	 * write, so a proposal carrying one differs from its replay */
	args.cosponsors = (const char *const *)a->invited.items;
	args.ncosponsors = a->invited.count;
	/* carried onto a new tip (sync): the text its drafter saw is at the
	 * commit it was first built on; verified: the trailer says where */
	drafted = in->origin ? NULL : acc_trailer(in->message, "Drafted-On");
	args.drafted_on = in->origin ? in->origin : drafted;
	args.supersedes = (const char *const *)a->supersedes.items;
	args.nsupersedes = a->supersedes.count;
	rc = def->build(act, c, in->before, in->org, in->del, &args);
	free(drafted);
	return rc;
}

static const char *const propose_writes[] = {"amendments/{org}/*/amendment", NULL};
static const char *const propose_trailers[] = {"Amendment", "Clause", "Drafted-On", NULL};

const acc_action_def acc_action_propose = {
    .spec = {.name = "propose",
	     .summary = "table an amendment (replace, insert after or delete a clause, or "
			"amend an amendment)",
	     .who = ACC_WHO_NOT_CHAIR,
	     .verb = "sponsor amendments",
	     .writes = propose_writes,
	     .trailers = propose_trailers},
    .build = build_propose,
    .replay = replay_propose,
    .mismatch = "a sponsor invites co-sponsors (Invited) and never lists them: each "
		"consents in its own cosponsors/ file, by accord cosponsor",
};

int acc_ops_may_propose(acc_ctx *c, const acc_state *st, const char *clause)
{
	const acc_clause *cl = clause ? acc_state_clause(st, clause) : NULL;
	acc_propose_args args;
	char *text;
	size_t i;
	int rc;

	for (i = 0; !clause && i < st->nclauses && !cl; i++)
		if (!st->clauses[i].container)
			cl = &st->clauses[i];
	memset(&args, 0, sizeof(args));
	args.clause = cl ? cl->id : clause;
	args.op = ACC_OP_REPLACE;
	/* a stand-in for the text the drafter has not written yet */
	if (!(text = acc_sprintf("%s\n\n(draft)", cl && cl->text ? cl->text : "")))
		return ACC_ENOMEM;
	args.text = text;
	args.len = strlen(text);
	rc = acc_action_try(c, st, &acc_action_propose, &args);
	free(text);
	return rc;
}
