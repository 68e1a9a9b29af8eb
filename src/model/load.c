/* model: loading a whole or partial state from a source, and the
 * statuses derived from it. */
#include "accord/model.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* The status of an amendment from its own records only. */
static acc_status own_status(const acc_amendment *a)
{
	if (a->withdrawn)
		return ACC_ST_WITHDRAWN;
	if (a->ballot.state == ACC_BALLOT_FALLEN)
		return ACC_ST_FALLEN;
	if (a->ballot.state == ACC_BALLOT_CLOSED)
		return a->ballot.result == ACC_RESULT_ADOPTED ? ACC_ST_ADOPTED : ACC_ST_REJECTED;
	if (a->ballot.state == ACC_BALLOT_OPEN)
		return ACC_ST_VOTING;
	return ACC_ST_TABLED;
}

/* Derives the status of amendment i from its records, the current text and
 * its parent: the parent's derived status when the parent comes before it,
 * else the parent's own status (as one pass in order over the amendments
 * sees them). */
void acc_model_derive_status(acc_state *st, size_t i)
{
	acc_amendment *a = &st->amendments[i];

	a->status = own_status(a);
	if (a->status != ACC_ST_TABLED)
		return;
	/* staleness and sub-amendments whose parent is settled */
	if (a->amends) {
		const acc_amendment *p = acc_state_amendment(st, a->amends);
		acc_status ps = ACC_ST_TABLED;

		if (p)
			ps = (size_t)(p - st->amendments) < i ? p->status : own_status(p);
		if (!p || (ps != ACC_ST_TABLED && ps != ACC_ST_VOTING && ps != ACC_ST_STALE))
			a->status = ACC_ST_FALLEN;
		else if (strcmp(p->blob, a->base) != 0)
			a->status = ACC_ST_STALE;
	} else if (a->op != ACC_OP_INSERT_AFTER) {
		const acc_clause *c = acc_state_clause(st, a->clause);

		if (!c)
			a->status = ACC_ST_FALLEN;
		else if (strcmp(c->blob, a->base) != 0 && c->blob[0])
			a->status = ACC_ST_STALE;
	} else if (!acc_state_clause(st, a->clause)) {
		a->status = ACC_ST_FALLEN;
	}
}

/* Derives each amendment's status from its records and the current text. */
static void derive_statuses(acc_state *st)
{
	size_t i;

	for (i = 0; i < st->namendments; i++)
		acc_model_derive_status(st, i);
}

/* Checks what amendment i amends: a known amendment that amends nothing. */
int acc_model_check_amends(const acc_state *st, size_t i)
{
	const acc_amendment *a = &st->amendments[i], *p;

	if (!a->amends)
		return 0;
	p = acc_state_amendment(st, a->amends);
	if (!p)
		return acc_error_set(ACC_EINVAL, "amendments/%s/%u/amendment: amends unknown '%s'",
				     a->sponsor, a->seq, a->amends);
	if (p->amends)
		return acc_error_set(ACC_EINVAL,
				     "amendments/%s/%u/amendment: '%s' is itself an "
				     "amendment to an amendment (one level only)",
				     a->sponsor, a->seq, a->amends);
	return 0;
}

/* Cross-checks references between amendments. */
static int check_amendments(const acc_state *st)
{
	size_t i;
	int rc;

	for (i = 0; i < st->namendments; i++)
		if ((rc = acc_model_check_amends(st, i)) < 0)
			return rc;
	return 0;
}

/* Loads the state of src into *out, trimming closed ballots when trim;
 * summary 1: the adopted amendments alone, without their ballots'
 * roll-calls (acc_state_load_summary), 2: the amendments with a ballot
 * held (acc_state_load_ballots). */
static int load_state(acc_state **out, acc_source *src, int trim, int summary)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (!st)
		return ACC_ENOMEM;
	st->trim_closed = trim;
	st->summary = summary;
	/* the ballots' roll-calls read in one pass keep their strings here */
	if ((summary == 2 && (rc = acc_model_roll_strings_new(st)) < 0) ||
	    (rc = acc_model_load_convention(st, src)) < 0 ||
	    (rc = acc_model_load_clauses(st, src)) < 0 || (rc = acc_model_load_orgs(st, src)) < 0 ||
	    (rc = acc_model_load_amendments(st, src)) < 0 ||
	    (rc = acc_model_order_build(&st->amendment_order, st->amendments, st->namendments,
					sizeof(acc_amendment), offsetof(acc_amendment, id))) < 0 ||
	    (!summary && (rc = check_amendments(st)) < 0) ||
	    (rc = acc_model_load_ratification(st, src)) < 0 ||
	    (rc = acc_model_load_agenda(st, src)) < 0 ||
	    (rc = acc_model_load_brackets(st, src)) < 0 ||
	    (rc = acc_model_load_translations(st, src)) < 0) {
		acc_state_free(st);
		return rc;
	}
	derive_statuses(st);
	*out = st;
	return 0;
}

int acc_state_load(acc_state **out, acc_source *src)
{
	return load_state(out, src, 0, 0);
}

int acc_state_load_trimmed(acc_state **out, acc_source *src)
{
	return load_state(out, src, 1, 0);
}

int acc_state_load_summary(acc_state **out, acc_source *src)
{
	return load_state(out, src, 0, 1);
}

int acc_state_load_ballots(acc_state **out, acc_source *src)
{
	return load_state(out, src, 0, 2);
}

/* Adds amendment id to the partial state st when its file exists. */
int acc_model_part_amendment(acc_state *st, acc_source *src, const char *id)
{
	char *org = NULL, *path = NULL, *data = NULL, num[16];
	unsigned seq;
	size_t len;
	int rc;

	if (acc_state_amendment(st, id))
		return 0;
	if ((rc = acc_amendment_id_split(&org, &seq, id)) < 0) {
		if (rc != ACC_EINVAL)
			return rc;
		acc_error_clear(); /* not an amendment id: nothing to load */
		return 0;
	}
	snprintf(num, sizeof(num), "%u", seq);
	if (!acc_state_org(st, org)) {
		free(org);
		return 0;
	}
	if (!(path = acc_sprintf("amendments/%s/%s/amendment", org, num))) {
		free(org);
		return ACC_ENOMEM;
	}
	rc = src->read(src, path, &data, &len, NULL);
	free(data);
	free(path);
	if (rc == 0) {
		acc_amendment *a = &st->amendments[st->namendments++];

		memset(a, 0, sizeof(*a));
		rc = acc_model_load_amendment(a, st, src, org, num);
		free(st->amendment_order);
		st->amendment_order = NULL;
		if (rc == 0)
			rc = acc_model_order_build(&st->amendment_order, st->amendments,
						   st->namendments, sizeof(acc_amendment),
						   offsetof(acc_amendment, id));
	} else if (rc == ACC_ENOTFOUND) {
		rc = 0;
	}
	free(org);
	return rc;
}

/* Adds clause id to the partial state st when its file exists. */
int acc_model_part_clause(acc_state *st, acc_source *src, const char *id)
{
	acc_clause *c;
	int rc;

	if (!id || acc_state_clause(st, id))
		return 0;
	c = &st->clauses[st->nclauses++];
	memset(c, 0, sizeof(*c));
	if (!(c->id = acc_strdup(id)))
		return ACC_ENOMEM;
	if (src->blob_id) {
		/* statuses need only the clause's blob id: its text is not read */
		char *path = acc_path_clause(id);

		rc = path ? src->blob_id(src, path, c->blob) : ACC_ENOMEM;
		free(path);
		if (rc == 0 && (!(c->heading = acc_strdup("")) || !(c->text = acc_strdup(""))))
			rc = ACC_ENOMEM;
	} else {
		rc = acc_model_load_clause_file(c, src);
	}
	if (rc == ACC_ENOTFOUND) {
		free(c->id);
		st->nclauses--;
		return 0;
	}
	free(st->clause_order);
	st->clause_order = NULL;
	if (rc == 0)
		rc = acc_model_order_build(&st->clause_order, st->clauses, st->nclauses,
					   sizeof(acc_clause), offsetof(acc_clause, id));
	return rc;
}

/* Copies a string that may be NULL (*ok cleared when out of memory). */
static char *dup_opt(const char *s, int *ok)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = acc_strdup(s)))
		*ok = 0;
	return d;
}

/* The bytes a copy of s takes in the registry's block (0 for NULL). */
static size_t str_room(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies s (may be NULL) to *at and moves *at past it. */
static char *str_put(char **at, const char *s)
{
	char *d = *at;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*at += n;
	return d;
}

/* Copies the organisations of from into st as one allocation (the org
 * array first, then every delegate array, then every string): a vote
 * copies the registry at every action, and thousands of small copies cost
 * more to make and free than the records they hold (st->orgs_block). */
static int copy_orgs(acc_state *st, const acc_state *from)
{
	size_t i, j, ndel = 0, strs = 0, head;
	acc_delegate *dels;
	char *block, *at;

	for (i = 0; i < from->norgs; i++) {
		const acc_org *f = &from->orgs[i];

		strs += str_room(f->id) + str_room(f->name) + str_room(f->type) +
			str_room(f->description);
		ndel += f->ndelegates;
		for (j = 0; j < f->ndelegates; j++)
			strs += str_room(f->delegates[j].name) + str_room(f->delegates[j].email) +
				str_room(f->delegates[j].key);
	}
	head = from->norgs * sizeof(acc_org) + ndel * sizeof(acc_delegate);
	if (!(block = acc_malloc(head + strs)))
		return ACC_ENOMEM;
	st->orgs = (acc_org *)(void *)block;
	dels = (acc_delegate *)(void *)(block + from->norgs * sizeof(acc_org));
	at = block + head;
	for (i = 0; i < from->norgs; i++) {
		const acc_org *f = &from->orgs[i];
		acc_org *o = &st->orgs[i];

		*o = *f;
		o->id = str_put(&at, f->id);
		o->name = str_put(&at, f->name);
		o->type = str_put(&at, f->type);
		o->description = str_put(&at, f->description);
		o->delegates = f->ndelegates ? dels : NULL;
		for (j = 0; j < f->ndelegates; j++) {
			acc_delegate *d = dels++;

			*d = f->delegates[j];
			d->name = str_put(&at, f->delegates[j].name);
			d->email = str_put(&at, f->delegates[j].email);
			d->key = str_put(&at, f->delegates[j].key);
		}
	}
	st->norgs = from->norgs;
	st->orgs_block = 1;
	return 0;
}

/* Copies the convention record and the registry of from into st (empty). */
static int copy_registry(acc_state *st, const acc_state *from)
{
	size_t i;
	int ok = 1;

	st->conv = from->conv;
	st->conv.title = dup_opt(from->conv.title, &ok);
	st->conv.short_title = dup_opt(from->conv.short_title, &ok);
	st->conv.language = dup_opt(from->conv.language, &ok);
	st->conv.chair = dup_opt(from->conv.chair, &ok);
	st->conv.preamble = dup_opt(from->conv.preamble, &ok);
	memset(&st->conv.facilitators, 0, sizeof(st->conv.facilitators));
	for (i = 0; ok && i < from->conv.facilitators.count; i++)
		ok = acc_strlist_add(&st->conv.facilitators, from->conv.facilitators.items[i]) == 0;
	if (!ok || acc_model_languages_copy(&st->conv, &from->conv) < 0 ||
	    acc_model_form_copy(&st->conv, &from->conv) < 0)
		return ACC_ENOMEM;
	return from->norgs ? copy_orgs(st, from) : 0;
}

int acc_state_registry_copy(acc_state **out, const acc_state *from)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (!st)
		return ACC_ENOMEM;
	st->partial = 1;
	if ((rc = copy_registry(st, from)) < 0) {
		acc_state_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* Reads agenda/<clause> into st->agenda[0] when the file exists. */
static int agenda_of(acc_state *st, acc_source *src, const char *clause)
{
	char *path = acc_path_agenda(clause), *data = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		return ACC_ENOMEM;
	rc = src->read(src, path, &data, &len, NULL);
	free(data);
	free(path);
	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		return 0;
	}
	return rc < 0 ? rc : acc_model_load_agenda_file(&st->agenda[0], src, clause);
}

/* Adds clause whole (with its text) to the partial state st; nothing when
 * it is gone (an amendment of a deleted clause: as in the whole state). */
static int clause_whole(acc_state *st, acc_source *src, const char *clause)
{
	acc_clause *c = &st->clauses[st->nclauses++];
	int rc;

	if (!(c->id = acc_strdup(clause)))
		return ACC_ENOMEM;
	if ((rc = acc_model_load_clause_file(c, src)) == ACC_ENOTFOUND) {
		acc_error_clear();
		free(c->id);
		free(c->heading);
		free(c->text);
		memset(c, 0, sizeof(*c));
		st->nclauses--;
		rc = 0;
	}
	if (rc < 0)
		return rc;
	return acc_model_order_build(&st->clause_order, st->clauses, st->nclauses,
				     sizeof(acc_clause), offsetof(acc_clause, id));
}

/* *out: a partial state with room for na amendments and nc clauses,
 * holding the convention record and the registry (a copy of reg's when
 * given); NULL on failure. */
static int partial_new(acc_state **out, acc_source *src, const acc_state *reg, size_t na, size_t nc)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (!st)
		return ACC_ENOMEM;
	st->partial = 1;
	if (!(st->amendments = acc_calloc(na, sizeof(acc_amendment))) ||
	    !(st->clauses = acc_calloc(nc, sizeof(acc_clause)))) {
		acc_state_free(st);
		return ACC_ENOMEM;
	}
	if (reg)
		rc = copy_registry(st, reg);
	else if ((rc = acc_model_load_convention(st, src)) == 0)
		rc = acc_model_load_orgs(st, src);
	if (rc < 0) {
		acc_state_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

int acc_state_load_clause(acc_state **out, acc_source *src, const char *clause,
			  const acc_strlist *amendments, const acc_state *reg)
{
	acc_state *st;
	size_t i, n = amendments ? amendments->count : 0;
	int rc;

	*out = NULL;
	/* room for each amendment and its parent, and their clauses */
	if ((rc = partial_new(&st, src, reg, 2 * n + 1, 2 * n + 2)) < 0)
		return rc;
	st->partial = 2; /* a view: closed ballots as recorded at close */
	if ((rc = acc_model_roll_strings_new(st)) < 0 ||
	    (clause && (rc = clause_whole(st, src, clause)) < 0))
		goto fail;
	for (i = 0; i < n; i++)
		if ((rc = acc_model_part_amendment(st, src, amendments->items[i])) < 0)
			goto fail;
	for (i = 0; i < st->namendments; i++)
		if ((st->amendments[i].amends &&
		     (rc = acc_model_part_amendment(st, src, st->amendments[i].amends)) < 0) ||
		    (rc = acc_model_part_clause(st, src, st->amendments[i].clause)) < 0)
			goto fail;
	if (clause && ((rc = acc_strlist_add(&st->agenda_clause, clause)) < 0 ||
		       !(st->agenda = acc_calloc(1, sizeof(acc_strlist))))) {
		rc = rc < 0 ? rc : ACC_ENOMEM;
		goto fail;
	}
	if ((clause && (rc = agenda_of(st, src, clause)) < 0) ||
	    (rc = acc_model_load_ratification(st, src)) < 0 ||
	    (rc = acc_model_load_brackets(st, src)) < 0)
		goto fail;
	derive_statuses(st);
	*out = st;
	return 0;
fail:
	acc_state_free(st);
	return rc;
}

int acc_state_load_part(acc_state **out, acc_source *src, const char *amendment)
{
	return acc_state_load_part_reg(out, src, amendment, NULL);
}

int acc_state_load_part_reg(acc_state **out, acc_source *src, const char *amendment,
			    const acc_state *reg)
{
	acc_state *st;
	size_t i;
	int rc;

	*out = NULL;
	/* room for the amendment and its parent, and their clauses */
	if ((rc = partial_new(&st, src, reg, 2, 2)) < 0)
		return rc;
	if (amendment && strcmp(amendment, "ratification") != 0) {
		if ((rc = acc_model_part_amendment(st, src, amendment)) < 0)
			goto fail;
		if (st->namendments && st->amendments[0].amends &&
		    (rc = acc_model_part_amendment(st, src, st->amendments[0].amends)) < 0)
			goto fail;
		if (st->namendments == 2 && st->amendments[1].amends) {
			rc = acc_error_set(ACC_EINVAL,
					   "amendments/%s/%u/amendment: '%s' is itself an "
					   "amendment to an amendment (one level only)",
					   st->amendments[0].sponsor, st->amendments[0].seq,
					   st->amendments[0].amends);
			goto fail;
		}
		for (i = 0; i < st->namendments; i++)
			if ((rc = acc_model_part_clause(st, src, st->amendments[i].clause)) < 0)
				goto fail;
	}
	if ((rc = acc_model_load_ratification(st, src)) < 0)
		goto fail;
	derive_statuses(st);
	*out = st;
	return 0;
fail:
	acc_state_free(st);
	return rc;
}
