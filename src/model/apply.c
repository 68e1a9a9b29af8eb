/* model: following a history, by applying each commit's changed paths to one
 * state instead of loading every tree whole. */
#include "accord/model.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "internal.h"

/* What the changed paths of one commit touch. */
typedef struct {
	int whole; /* the convention, the registry or an unknown path */
	int toc, ratification, agenda, translations;
	int agenda_whole;	/* something else than agenda/<clause> changed */
	acc_strlist agendas;	/* clause ids whose agenda file changed */
	acc_strlist clauses;	/* clause ids whose file changed */
	acc_strlist amendments; /* "<org>/<n>" whose folder changed */
	acc_strlist votes_only; /* of those, the ones where only votes/ changed */
	acc_strlist votes;	/* "<org>/<n>/votes/<voter>": changed votes */
} touched;

/* Frees what t owns. */
static void touched_free(touched *t)
{
	acc_strlist_free(&t->agendas);
	acc_strlist_free(&t->clauses);
	acc_strlist_free(&t->amendments);
	acc_strlist_free(&t->votes_only);
	acc_strlist_free(&t->votes);
}

/* Adds s to l unless it is there already. */
static int add_once(acc_strlist *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strlen(l->items[i]) == n && memcmp(l->items[i], s, n) == 0)
			return 0;
	return acc_strlist_addn(l, s, n);
}

/* Sorts the changed paths into what they touch. */
static int classify(touched *t, const acc_strlist *changed)
{
	acc_strlist other = ACC_STRLIST_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < changed->count && rc == 0; i++) {
		const char *p = changed->items[i], *s1, *s2;

		if (strcmp(p, "toc") == 0)
			t->toc = 1;
		else if (strncmp(p, "clauses/", 8) == 0 && !strchr(p + 8, '/'))
			rc = add_once(&t->clauses, p + 8, strlen(p + 8));
		else if (strncmp(p, "ratification/", 13) == 0)
			t->ratification = 1;
		else if (strncmp(p, "agenda/", 7) == 0 && p[7] && !strchr(p + 7, '/'))
			t->agenda = 1, rc = add_once(&t->agendas, p + 7, strlen(p + 7));
		else if (strncmp(p, "agenda/", 7) == 0)
			t->agenda = t->agenda_whole = 1;
		else if (strncmp(p, "comments/", 9) == 0)
			; /* comments are not part of the state (accord/comment.h) */
		else if (strncmp(p, "translations/", 13) == 0)
			t->translations = 1;
		else if (strncmp(p, "amendments/", 11) == 0 && (s1 = strchr(p + 11, '/')) &&
			 (s2 = strchr(s1 + 1, '/'))) {
			size_t n = (size_t)(s2 - (p + 11));

			rc = add_once(&t->amendments, p + 11, n);
			if (rc == 0 && strncmp(s2, "/votes/", 7) == 0 && !strchr(s2 + 7, '/'))
				rc = acc_strlist_add(&t->votes, p + 11);
			else if (rc == 0)
				rc = add_once(&other, p + 11, n);
		} else {
			t->whole = 1;
		}
	}
	for (i = 0; i < t->amendments.count && rc == 0; i++)
		if (acc_strlist_find(&other, t->amendments.items[i]) < 0)
			rc = acc_strlist_add(&t->votes_only, t->amendments.items[i]);
	acc_strlist_free(&other);
	return rc;
}

/* 1 when src has a file at path, 0 when not. */
static int file_exists(acc_source *src, const char *path)
{
	char oid[ACC_OID_HEXLEN + 1], *data = NULL;
	size_t len = 0;
	int rc;

	if (src->blob_id)
		rc = src->blob_id(src, path, oid);
	else
		rc = src->read(src, path, &data, &len, NULL);
	free(data);
	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		return 0;
	}
	return rc < 0 ? rc : 1;
}

/* Replaces the contents of st with a whole load of src. */
static int reload_whole(acc_state *st, acc_source *src)
{
	acc_state *fresh = NULL, old;
	int rc;

	if ((rc = st->trim_closed ? acc_state_load_trimmed(&fresh, src)
				  : acc_state_load(&fresh, src)) < 0)
		return rc;
	old = *st;
	*st = *fresh;
	*fresh = old;
	acc_state_free(fresh);
	return 0;
}

/* Reads the toc and every clause again (the files that kept their blob
 * are copied from the clauses st held). */
static int reload_clauses(acc_state *st, acc_source *src)
{
	acc_state old;
	size_t i;
	int rc;

	memset(&old, 0, sizeof(old));
	old.clauses = st->clauses;
	old.clause_order = st->clause_order;
	old.nclauses = st->nclauses;
	st->clauses = NULL;
	st->clause_order = NULL;
	st->nclauses = 0;
	rc = acc_model_load_clauses_reuse(st, src, &old);
	for (i = 0; i < old.nclauses; i++) {
		free(old.clauses[i].id);
		free(old.clauses[i].heading);
		free(old.clauses[i].text);
	}
	free(old.clauses);
	free(old.clause_order);
	return rc;
}

/* Reads the file of clause id again (the toc unchanged). */
static int reload_clause(acc_state *st, acc_source *src, const char *id)
{
	long i = acc_state_clause_index(st, id);
	acc_clause *c;
	int rc;

	if (i < 0)
		return acc_error_set(ACC_EINVAL, "clauses/%s: clause not listed in toc", id);
	c = &st->clauses[i];
	free(c->heading);
	free(c->text);
	c->heading = c->text = NULL;
	rc = acc_model_load_clause_file(c, src);
	if (rc == ACC_ENOTFOUND)
		rc = acc_error_set(ACC_EINVAL, "toc:%d: clause '%s' has no file clauses/%s",
				   c->toc_line, c->id, c->id);
	return rc;
}

/* Compares amendment a with (sponsor, seq) in the order of st->amendments. */
static int amendment_cmp(const acc_amendment *a, const char *sponsor, unsigned seq)
{
	int c = strcmp(a->sponsor, sponsor);

	return c ? c : (a->seq < seq ? -1 : a->seq > seq);
}

/* Index of the first amendment not before (sponsor, seq). */
static size_t amendment_slot(const acc_state *st, const char *sponsor, unsigned seq)
{
	size_t lo = 0, hi = st->namendments;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (amendment_cmp(&st->amendments[mid], sponsor, seq) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Inserts a (moved in) at index at, keeping the id order up to date. */
static int insert_amendment(acc_state *st, size_t at, acc_amendment *a)
{
	acc_amendment *na = acc_realloc(st->amendments, (st->namendments + 1) * sizeof(*na));
	size_t *no, i, lo = 0, hi = st->namendments;

	if (!na)
		return ACC_ENOMEM;
	st->amendments = na;
	if (!(no = acc_realloc(st->amendment_order, (st->namendments + 1) * sizeof(*no))))
		return ACC_ENOMEM;
	st->amendment_order = no;
	memmove(&na[at + 1], &na[at], (st->namendments - at) * sizeof(*na));
	na[at] = *a;
	memset(a, 0, sizeof(*a));
	for (i = 0; i < st->namendments; i++)
		if (no[i] >= at)
			no[i]++;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(na[no[mid]].id, na[at].id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&no[lo + 1], &no[lo], (st->namendments - lo) * sizeof(*no));
	no[lo] = at;
	st->namendments++;
	return 0;
}

/* Reads the vote "<org>/<n>/votes/<voter>" into a's open ballot again. */
static int reload_vote(acc_state *st, acc_source *src, acc_amendment *a, const char *key)
{
	acc_ballot *b = &a->ballot;
	const char *voter = strrchr(key, '/') + 1;
	char *path = acc_sprintf("amendments/%s", key);
	acc_vote_rec v;
	size_t i = 0;
	int rc, c = 1;

	if (!path)
		return ACC_ENOMEM;
	memset(&v, 0, sizeof(v));
	while (i < b->nvotes && (c = strcmp(b->votes[i].org, voter)) < 0)
		i++;
	if ((rc = file_exists(src, path)) > 0)
		rc = acc_model_load_vote(&v, st, src, path, voter);
	else if (rc == 0)
		rc = ACC_ENOTFOUND;
	if (rc == 0 && v.vote == ACC_VOTE_NONE) { /* set back to absent: as removed */
		free(v.org);
		free(v.delegate);
		memset(&v, 0, sizeof(v));
		rc = acc_error_set(ACC_ENOTFOUND, "absent");
	}
	free(path);
	if (rc == ACC_ENOTFOUND) { /* removed */
		acc_error_clear();
		if (c == 0) {
			free(b->votes[i].org);
			free(b->votes[i].delegate);
			memmove(&b->votes[i], &b->votes[i + 1],
				(b->nvotes - i - 1) * sizeof(*b->votes));
			b->nvotes--;
		}
		return 0;
	}
	if (rc < 0) {
		free(v.org);
		free(v.delegate);
		return rc;
	}
	if (c == 0) {
		free(b->votes[i].org);
		free(b->votes[i].delegate);
		b->votes[i] = v;
		return 0;
	}
	{
		acc_vote_rec *nv = acc_realloc(b->votes, (b->nvotes + 1) * sizeof(*nv));

		if (!nv) {
			free(v.org);
			free(v.delegate);
			return ACC_ENOMEM;
		}
		b->votes = nv;
		memmove(&nv[i + 1], &nv[i], (b->nvotes - i) * sizeof(*nv));
		nv[i] = v;
		b->nvotes++;
	}
	return 0;
}

/* Reads the folder "<org>/<n>" again (only its changed votes when only
 * votes of its open ballot changed, which cannot move a status: *moved 0);
 * *idx receives its index. */
static int reload_amendment(size_t *idx, int *moved, acc_state *st, acc_source *src,
			    const touched *t, const char *key)
{
	const char *slash = strchr(key, '/');
	char *org = acc_strndup(key, (size_t)(slash - key)), path[ACC_ID_MAX + 32];
	acc_amendment fresh;
	unsigned seq;
	size_t at, i;
	int rc, found;

	memset(&fresh, 0, sizeof(fresh));
	if (!org)
		return ACC_ENOMEM;
	if (acc_model_uint_parse(&seq, slash + 1) < 0 || seq == 0) {
		rc = acc_error_set(ACC_EINVAL,
				   "amendments/%s: not an amendment folder (expected a "
				   "number)",
				   key);
		goto done;
	}
	at = amendment_slot(st, org, seq);
	*idx = at;
	*moved = 1;
	found = at < st->namendments && amendment_cmp(&st->amendments[at], org, seq) == 0;
	/* with a recorded roll-call, a vote moves what the record counts:
	 * read the whole folder */
	if (found && st->amendments[at].ballot.state == ACC_BALLOT_OPEN &&
	    st->amendments[at].ballot.round == 0 && acc_strlist_find(&t->votes_only, key) >= 0) {
		*moved = 0;
		for (i = 0, rc = 0; i < t->votes.count && rc == 0; i++)
			if (strncmp(t->votes.items[i], key, strlen(key)) == 0 &&
			    t->votes.items[i][strlen(key)] == '/')
				rc = reload_vote(st, src, &st->amendments[at], t->votes.items[i]);
		goto done;
	}
	snprintf(path, sizeof(path), "amendments/%s/amendment", key);
	if ((rc = file_exists(src, path)) == 0)
		rc = ACC_ENOTFOUND;
	if (rc == ACC_ENOTFOUND && !found) {
		rc = 0; /* nothing there, nothing before */
		goto done;
	}
	if (rc == ACC_ENOTFOUND) {
		rc = acc_error_set(ACC_EINVAL, "%s: missing file", path);
		goto done;
	}
	if (rc < 0 || (rc = acc_model_load_amendment(&fresh, st, src, org, slash + 1)) < 0)
		goto done;
	if (found) {
		acc_model_amendment_clear(&st->amendments[at]);
		st->amendments[at] = fresh;
		memset(&fresh, 0, sizeof(fresh));
	} else {
		rc = insert_amendment(st, at, &fresh);
	}
done:
	acc_model_amendment_clear(&fresh);
	free(org);
	return rc;
}

/* Reads the ratification ballot, its votes and the signatures again. */
static int reload_ratification(acc_state *st, acc_source *src)
{
	size_t i;

	acc_model_ballot_clear(&st->ratification);
	acc_model_treaty_clear(st);
	for (i = 0; i < st->nsignatures; i++) {
		free(st->signatures[i].org);
		free(st->signatures[i].delegate);
		free(st->signatures[i].date);
	}
	free(st->signatures);
	st->signatures = NULL;
	st->nsignatures = 0;
	return acc_model_load_ratification(st, src);
}

/* Reads every agenda file again. */
static int reload_agenda(acc_state *st, acc_source *src)
{
	size_t i;

	for (i = 0; i < st->agenda_clause.count; i++)
		acc_strlist_free(&st->agenda[i]);
	free(st->agenda);
	st->agenda = NULL;
	acc_strlist_free(&st->agenda_clause);
	return acc_model_load_agenda(st, src);
}

/* Reads again the agenda file of clause (removed: its entry goes), keeping
 * the clauses in the bytewise order of a whole load. */
static int reload_agenda_file(acc_state *st, acc_source *src, const char *clause)
{
	acc_strlist ids = ACC_STRLIST_INIT, *cl = &st->agenda_clause;
	long i = acc_strlist_find(cl, clause);
	size_t at = 0, n = cl->count;
	int rc = acc_model_load_agenda_file(&ids, src, clause);

	if (rc == ACC_ENOTFOUND) {
		acc_error_clear();
		if (i >= 0) {
			free(cl->items[i]);
			acc_strlist_free(&st->agenda[i]);
			memmove(&cl->items[i], &cl->items[i + 1],
				(n - (size_t)i - 1) * sizeof(char *));
			memmove(&st->agenda[i], &st->agenda[i + 1],
				(n - (size_t)i - 1) * sizeof(acc_strlist));
			cl->count--;
		}
		return 0;
	}
	if (rc < 0 || i >= 0) {
		if (rc == 0) {
			acc_strlist_free(&st->agenda[i]);
			st->agenda[i] = ids;
		} else {
			acc_strlist_free(&ids);
		}
		return rc;
	}
	{
		acc_strlist *na = acc_realloc(st->agenda, (n + 1) * sizeof(*na));
		char *added;

		if (!na || (rc = acc_strlist_add(cl, clause)) < 0) {
			if (na)
				st->agenda = na;
			acc_strlist_free(&ids);
			return na ? rc : ACC_ENOMEM;
		}
		added = cl->items[n]; /* appended: moved to its place */
		st->agenda = na;
		while (at < n && strcmp(cl->items[at], clause) < 0)
			at++;
		memmove(&cl->items[at + 1], &cl->items[at], (n - at) * sizeof(char *));
		cl->items[at] = added;
		memmove(&na[at + 1], &na[at], (n - at) * sizeof(*na));
		na[at] = ids;
	}
	return 0;
}

/* 1 when amendment a is to a clause whose file changed. */
static int to_changed_clause(const acc_amendment *a, const touched *t)
{
	return t->clauses.count && a->clause && acc_strlist_find(&t->clauses, a->clause) >= 0;
}

/* 1 when i is among the n sorted indices of marked. */
static int is_marked(const size_t *marked, size_t n, size_t i)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (marked[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && marked[lo] == i;
}

/* Derives again the statuses that the change can move: those of the n
 * amendments whose folder moved (marked, sorted indices), of the
 * amendments to a changed clause, then of their sub-amendments; in the
 * order of a whole load.  Without a changed clause, only the marked ones
 * and the sub-amendments of them are visited (a vote changes none). */
static void rederive(acc_state *st, const touched *t, const size_t *marked, size_t n)
{
	size_t i, k;

	if (!n && !t->clauses.count)
		return;
	if (t->clauses.count) {
		for (i = 0; i < st->namendments; i++)
			if (is_marked(marked, n, i) || to_changed_clause(&st->amendments[i], t))
				acc_model_derive_status(st, i);
	} else {
		for (k = 0; k < n; k++)
			acc_model_derive_status(st, marked[k]);
	}
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i], *p = NULL;
		int hit = 0;

		if (!a->amends)
			continue;
		for (k = 0; k < n && !hit; k++)
			hit = strcmp(st->amendments[marked[k]].id, a->amends) == 0;
		if (!hit && t->clauses.count && (p = acc_state_amendment(st, a->amends)))
			hit = to_changed_clause(p, t);
		if (hit)
			acc_model_derive_status(st, i);
	}
}

/* Compares two indices for qsort. */
static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int acc_state_apply(acc_state *st, acc_source *src, const acc_strlist *changed)
{
	touched t;
	acc_strlist moved = ACC_STRLIST_INIT; /* amendments whose status may move */
	size_t *mark = NULL, nmark = 0;
	size_t i, idx;
	int rc, m;

	memset(&t, 0, sizeof(t));
	if ((rc = classify(&t, changed)) < 0)
		goto done;
	if (t.whole || st->partial) {
		rc = reload_whole(st, src);
		goto done;
	}
	if (t.toc)
		rc = reload_clauses(st, src);
	for (i = 0; i < t.clauses.count && rc == 0 && !t.toc; i++)
		rc = reload_clause(st, src, t.clauses.items[i]);
	for (i = 0; i < t.amendments.count && rc == 0; i++) {
		idx = (size_t)-1;
		m = 1;
		if ((rc = reload_amendment(&idx, &m, st, src, &t, t.amendments.items[i])) == 0 &&
		    idx < st->namendments)
			rc = acc_model_check_amends(st, idx);
		if (rc == 0 && m)
			rc = acc_strlist_add(&moved, t.amendments.items[i]);
	}
	if (rc == 0 && t.ratification)
		rc = reload_ratification(st, src);
	if (rc == 0 && t.agenda_whole)
		rc = reload_agenda(st, src);
	for (i = 0; i < t.agendas.count && rc == 0 && !t.agenda_whole; i++)
		rc = reload_agenda_file(st, src, t.agendas.items[i]);
	if (rc == 0 && t.translations) {
		acc_model_translations_free(st);
		rc = acc_model_load_translations(st, src);
	}
	if (rc < 0)
		goto done;
	if (t.toc) {
		for (i = 0; i < st->namendments; i++)
			acc_model_derive_status(st, i);
		goto done;
	}
	if (!(mark = acc_calloc(moved.count ? moved.count : 1, sizeof(*mark)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (i = 0; i < moved.count; i++) {
		const char *key = moved.items[i], *slash = strchr(key, '/');
		unsigned seq;
		char *org = acc_strndup(key, (size_t)(slash - key));

		if (!org) {
			rc = ACC_ENOMEM;
			goto done;
		}
		if (acc_model_uint_parse(&seq, slash + 1) == 0 &&
		    (idx = amendment_slot(st, org, seq)) < st->namendments &&
		    amendment_cmp(&st->amendments[idx], org, seq) == 0)
			mark[nmark++] = idx;
		free(org);
	}
	qsort(mark, nmark, sizeof(*mark), cmp_size);
	rederive(st, &t, mark, nmark);
done:
	free(mark);
	acc_strlist_free(&moved);
	touched_free(&t);
	return rc;
}

int acc_state_view(acc_state **out, acc_source *src, const acc_state *before,
		   const acc_strlist *changed)
{
	acc_state *st = acc_calloc(1, sizeof(*st));
	const char *key = NULL;
	touched t;
	size_t i;
	int rc;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	if (!st)
		return ACC_ENOMEM;
	st->partial = 1;
	if ((rc = classify(&t, changed)) < 0)
		goto fail;
	if (!(st->amendments = acc_calloc(2, sizeof(acc_amendment))) ||
	    !(st->clauses = acc_calloc(2, sizeof(acc_clause)))) {
		rc = ACC_ENOMEM;
		goto fail;
	}
	if (t.whole) { /* the registry may have changed: read it */
		if ((rc = acc_model_load_convention(st, src)) < 0 ||
		    (rc = acc_model_load_orgs(st, src)) < 0)
			goto fail;
	} else { /* shared with before, released by acc_state_view_free */
		st->conv = before->conv;
		st->orgs = before->orgs;
		st->norgs = before->norgs;
	}
	for (i = 0; i < t.amendments.count && !key; i++)
		if (acc_strlist_find(&t.votes_only, t.amendments.items[i]) < 0)
			key = t.amendments.items[i];
	if (key) { /* a vote's replay reads nothing of the tree after it */
		char *id = acc_strdup(key);

		if (!id) {
			rc = ACC_ENOMEM;
			goto fail;
		}
		id[strchr(key, '/') - key] = '-';
		rc = acc_model_part_amendment(st, src, id);
		free(id);
		if (rc == 0 && st->namendments && st->amendments[0].amends)
			rc = acc_model_part_amendment(st, src, st->amendments[0].amends);
		if (rc == 0 && st->namendments == 2 && st->amendments[1].amends)
			rc = acc_error_set(ACC_EINVAL,
					   "amendments/%s/%u/amendment: '%s' is itself an "
					   "amendment to an amendment (one level only)",
					   st->amendments[0].sponsor, st->amendments[0].seq,
					   st->amendments[0].amends);
		for (i = 0; i < st->namendments && rc == 0; i++)
			rc = acc_model_part_clause(st, src, st->amendments[i].clause);
		if (rc < 0)
			goto fail;
	}
	/* a voting order's replay reads the agenda file it wrote */
	for (i = 0; i < t.agendas.count && !t.agenda_whole && rc == 0; i++)
		rc = reload_agenda_file(st, src, t.agendas.items[i]);
	if (rc < 0)
		goto fail;
	if ((t.whole && (rc = acc_model_load_brackets(st, src)) < 0) ||
	    (t.ratification && (rc = acc_model_load_ratification(st, src)) < 0) ||
	    (t.agenda_whole && (rc = acc_model_load_agenda(st, src)) < 0) ||
	    (t.translations && (rc = acc_model_load_translations(st, src)) < 0))
		goto fail;
	for (i = 0; i < st->namendments; i++)
		acc_model_derive_status(st, i);
	touched_free(&t);
	*out = st;
	return 0;
fail:
	touched_free(&t);
	acc_state_view_free(st, before);
	return rc;
}

void acc_state_view_free(acc_state *view, const acc_state *before)
{
	if (view && before && view->orgs == before->orgs) {
		memset(&view->conv, 0, sizeof(view->conv));
		view->orgs = NULL;
		view->norgs = 0;
	}
	acc_state_free(view);
}

/* The index of the amendment of folder key "<org>/<n>" in st, or -1. */
static long amendment_at(const acc_state *st, const char *key)
{
	const char *slash = strchr(key, '/');
	char org[ACC_ID_MAX + 1];
	unsigned seq;
	size_t at, n = slash ? (size_t)(slash - key) : 0;

	if (!n || n > ACC_ID_MAX || acc_model_uint_parse(&seq, slash + 1) < 0)
		return -1;
	memcpy(org, key, n);
	org[n] = '\0';
	at = amendment_slot(st, org, seq);
	return at < st->namendments && amendment_cmp(&st->amendments[at], org, seq) == 0 ? (long)at
											 : -1;
}

void acc_state_trim(acc_state *st, const acc_strlist *changed)
{
	touched t;
	size_t i;
	long at;

	if (!changed) {
		st->trim_closed = 1;
		for (i = 0; i < st->namendments; i++)
			acc_model_ballot_trim(&st->amendments[i].ballot);
		return;
	}
	memset(&t, 0, sizeof(t));
	if (classify(&t, changed) == 0)
		for (i = 0; i < t.amendments.count; i++)
			if ((at = amendment_at(st, t.amendments.items[i])) >= 0)
				acc_model_ballot_trim(&st->amendments[at].ballot);
	acc_error_clear();
	touched_free(&t);
}

int acc_state_trimmed(const acc_state *st, const acc_strlist *changed)
{
	touched t;
	size_t i;
	long at;
	int any = 0;

	memset(&t, 0, sizeof(t));
	if (classify(&t, changed) < 0)
		any = 1; /* let acc_state_untrim say what is wrong */
	for (i = 0; i < t.amendments.count && !any; i++)
		any = (at = amendment_at(st, t.amendments.items[i])) >= 0 &&
		      st->amendments[at].ballot.trimmed;
	touched_free(&t);
	return any;
}

int acc_state_untrim(acc_state *st, acc_source *src, const acc_strlist *changed)
{
	touched t;
	size_t i;
	long at;
	int rc;

	memset(&t, 0, sizeof(t));
	rc = classify(&t, changed);
	for (i = 0; i < t.amendments.count && rc == 0; i++) {
		const char *key = t.amendments.items[i], *slash = strchr(key, '/');
		acc_amendment fresh;
		char *org;

		if ((at = amendment_at(st, key)) < 0 || !st->amendments[at].ballot.trimmed)
			continue;
		if (!(org = acc_strndup(key, (size_t)(slash - key)))) {
			rc = ACC_ENOMEM;
			break;
		}
		memset(&fresh, 0, sizeof(fresh));
		if ((rc = acc_model_load_amendment(&fresh, st, src, org, slash + 1)) == 0) {
			acc_model_amendment_clear(&st->amendments[at]);
			st->amendments[at] = fresh;
			acc_model_derive_status(st, (size_t)at);
		} else {
			acc_model_amendment_clear(&fresh);
		}
		free(org);
	}
	touched_free(&t);
	return rc;
}

/* Writes a ballot as text lines into b. */
static void dump_ballot(acc_buf *b, const char *what, const acc_ballot *x)
{
	size_t i;

	acc_buf_printf(b,
		       "%s ballot %d rule %s quorum %u/%u result %d %u %u %u %u %lu %lu %lu %lu "
		       "w%d q%d fallen-by %s lang-only %s\n",
		       what, (int)x->state, acc_rule_name(x->rule), x->quorum_num, x->quorum_den,
		       (int)x->result, x->yes, x->no, x->abstain, x->absent, x->w_yes, x->w_no,
		       x->w_abstain, x->w_absent, x->weighted, x->quorum_met,
		       x->fallen_by ? x->fallen_by : "-", x->lang_only ? x->lang_only : "-");
	for (i = 0; i < x->nvotes; i++)
		acc_buf_printf(b, "%s vote %s %s %s\n", what, x->votes[i].org,
			       acc_vote_name(x->votes[i].vote),
			       x->votes[i].delegate ? x->votes[i].delegate : "-");
}

/* Writes what acc_state_diff compares of st as text lines into b. */
static void dump(acc_buf *b, const acc_state *st)
{
	const acc_convention *c = &st->conv;
	size_t i, j;

	acc_buf_printf(b, "convention %s|%s|%s|%s|%s|%s|%s|%u/%u|%u/%u|%d|%d\n", c->title,
		       c->short_title ? c->short_title : "-", c->language, c->chair, c->preamble,
		       acc_rule_name(c->rule), acc_rule_name(c->ratification_rule), c->quorum_num,
		       c->quorum_den, c->rat_quorum_num, c->rat_quorum_den, c->signatures_required,
		       c->chair_line);
	for (i = 0; i < c->facilitators.count; i++)
		acc_buf_printf(b, "facilitator %s\n", c->facilitators.items[i]);
	acc_buf_printf(b, "toc %s\n", st->toc_blob);
	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *k = &st->clauses[i];

		acc_buf_printf(b, "clause %s %d %d %s %s %d %s|%s\n", k->id, k->depth, k->container,
			       k->number, k->blob, k->toc_line, k->heading, k->text);
		if (acc_state_clause(st, k->id) != k)
			acc_buf_printf(b, "clause %s not found by id\n", k->id);
	}
	for (i = 0; i < st->norgs; i++) {
		const acc_org *o = &st->orgs[i];

		acc_buf_printf(b, "org %s %s %s %d %u %d\n", o->id, o->name,
			       o->type ? o->type : "-", (int)o->role, o->weight, o->role_line);
		for (j = 0; j < o->ndelegates; j++)
			acc_buf_printf(b, "delegate %s %s %s %d\n", o->delegates[j].name,
				       o->delegates[j].email,
				       o->delegates[j].key ? o->delegates[j].key : "-",
				       o->delegates[j].line);
	}
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];

		acc_buf_printf(b, "amendment %s %s %u %s %s %s %s %d %s %s %d %s|%s|%s|%s\n", a->id,
			       a->sponsor, a->seq, a->clause ? a->clause : "-",
			       a->amends ? a->amends : "-", a->new_clause ? a->new_clause : "-",
			       acc_op_name(a->op), a->withdrawn, a->base, a->blob, (int)a->status,
			       acc_status_name(a->status), a->heading ? a->heading : "-",
			       a->rationale ? a->rationale : "-", a->text);
		for (j = 0; j < a->cosponsors.count; j++)
			acc_buf_printf(b, "cosponsor %s\n", a->cosponsors.items[j]);
		for (j = 0; j < a->supersedes.count; j++)
			acc_buf_printf(b, "supersedes %s\n", a->supersedes.items[j]);
		dump_ballot(b, a->id, &a->ballot);
		if (acc_state_amendment(st, a->id) != a)
			acc_buf_printf(b, "amendment %s not found by id\n", a->id);
	}
	for (i = 0; i < st->ntranslations; i++)
		acc_buf_printf(b, "translation %s %s %s %s %s %s|%s\n", st->translations[i].lang,
			       st->translations[i].clause, st->translations[i].base,
			       st->translations[i].blob, st->translations[i].by,
			       st->translations[i].heading, st->translations[i].text);
	dump_ballot(b, "ratification", &st->ratification);
	for (i = 0; i < st->nsignatures; i++)
		acc_buf_printf(b, "signature %s %s %s\n", st->signatures[i].org,
			       st->signatures[i].delegate, st->signatures[i].date);
	for (i = 0; i < st->agenda_clause.count; i++)
		for (j = 0; j < st->agenda[i].count; j++)
			acc_buf_printf(b, "agenda %s %s\n", st->agenda_clause.items[i],
				       st->agenda[i].items[j]);
	acc_model_dump_brackets(b, st);
}

int acc_state_diff(char **what, const acc_state *a, const acc_state *b)
{
	acc_buf x = ACC_BUF_INIT, y = ACC_BUF_INIT;
	const char *p, *q;
	int rc = 0;

	*what = NULL;
	dump(&x, a);
	dump(&y, b);
	if (!x.ptr || !y.ptr) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (p = x.ptr, q = y.ptr; *p && *p == *q; p++, q++)
		;
	if (*p || *q) {
		const char *ls = p, *ql = q;

		while (ls > x.ptr && ls[-1] != '\n')
			ls--, ql--;
		if (!(*what = acc_sprintf("%.200s <> %.200s", ls, ql)))
			rc = ACC_ENOMEM;
	}
done:
	acc_buf_free(&x);
	acc_buf_free(&y);
	return rc;
}
