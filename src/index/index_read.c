/* index: reading the log, clauses, amendments, organisations and tallies. */
#include "accord/index.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int acc_index_head(acc_index *ix, char head[ACC_OID_HEXLEN + 1])
{
	sqlite3_stmt *st = NULL;
	int rc;

	head[0] = '\0';
	if ((rc = acc_index_kept(&st, ix, &ix->head, "SELECT value FROM meta WHERE key='head'")) <
	    0)
		return rc;
	if ((rc = acc_index_row_step(ix, st)) == 1) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		if (t && strlen((const char *)t) == ACC_OID_HEXLEN)
			memcpy(head, t, ACC_OID_HEXLEN + 1);
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

void acc_log_entry_clear(acc_log_entry *e)
{
	free(e->author);
	free(e->email);
	free(e->action);
	free(e->subject);
	free(e->clause);
	free(e->amendment);
	free(e->org);
	free(e->ballot);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

void acc_log_free(acc_log_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		acc_log_entry_clear(&v[i]);
	free(v);
}

int acc_index_tally(acc_index *ix, const char *id, acc_tally *t)
{
	sqlite3_stmt *s = NULL;
	acc_rule rule = ACC_RULE_SIMPLE;
	unsigned qn = 0, qd = 1;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = acc_index_prepare(&s, ix,
				    "SELECT a.rule, a.quorum_num, a.quorum_den, a.m_yes, a.m_no, "
				    "a.m_abstain, a.w_yes, a.w_no, a.w_abstain, "
				    "coalesce(a.e_members, "
				    "(SELECT count(*) FROM org WHERE role = 'member')), "
				    "coalesce(a.e_weight, "
				    "(SELECT total(weight) FROM org WHERE role = 'member')) "
				    "FROM amendment a WHERE a.id = ?")) < 0)
		return rc;
	acc_index_bind_text(s, 1, id);
	if ((rc = acc_index_row_step(ix, s)) == 1) {
		const unsigned char *r = sqlite3_column_text(s, 0);

		rc = 0;
		if (!r || acc_rule_parse(&rule, (const char *)r) < 0)
			rc = acc_error_set(ACC_EINVAL, "index: no rule for %s", id);
		qn = (unsigned)sqlite3_column_int64(s, 1);
		qd = (unsigned)sqlite3_column_int64(s, 2);
		t->yes = (unsigned)sqlite3_column_int64(s, 3);
		t->no = (unsigned)sqlite3_column_int64(s, 4);
		t->abstain = (unsigned)sqlite3_column_int64(s, 5);
		t->w_yes = (unsigned long)sqlite3_column_int64(s, 6);
		t->w_no = (unsigned long)sqlite3_column_int64(s, 7);
		t->w_abstain = (unsigned long)sqlite3_column_int64(s, 8);
		t->members = (unsigned)sqlite3_column_int64(s, 9);
		t->w_members = (unsigned long)sqlite3_column_double(s, 10);
	} else if (rc == 0) {
		rc = acc_error_set(ACC_ENOTFOUND, "no amendment '%s' in the index", id);
	}
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	if (t->yes + t->no + t->abstain > t->members ||
	    t->w_yes + t->w_no + t->w_abstain > t->w_members)
		return acc_error_set(ACC_EINVAL, "index: more votes on %s than members", id);
	t->absent = t->members - t->yes - t->no - t->abstain;
	t->w_absent = t->w_members - t->w_yes - t->w_no - t->w_abstain;
	/* weights are at least 1: they sum to the head count only when all are 1 */
	t->weighted = t->w_members != t->members;
	acc_rules_decide(t, rule, qn, qd, 0);
	return 0;
}

/* Reads a log row (an acc_index_row_fn). */
static int log_row(void *item, sqlite3_stmt *st)
{
	acc_log_entry *e = item;
	const unsigned char *id = sqlite3_column_text(st, 1);

	e->seq = sqlite3_column_int64(st, 0);
	snprintf(e->id, sizeof(e->id), "%s", id ? (const char *)id : "");
	e->time = sqlite3_column_int64(st, 2);
	e->offset = sqlite3_column_int(st, 3);
	e->author = acc_index_col_str(st, 4);
	e->email = acc_index_col_str(st, 5);
	e->action = acc_index_col_str(st, 6);
	e->subject = acc_index_col_str(st, 7);
	e->clause = acc_index_col_str(st, 8);
	e->amendment = acc_index_col_str(st, 9);
	e->org = acc_index_col_str(st, 10);
	e->ballot = acc_index_col_str(st, 11);
	e->body = acc_index_col_str(st, 12);
	return e->author && e->email && e->action && e->subject && e->clause && e->amendment &&
		       e->org && e->ballot && e->body
		   ? 0
		   : ACC_ENOMEM;
}

int acc_index_log(acc_index *ix, acc_log_entry **out, size_t *n, const char *clause, size_t limit)
{
	sqlite3_stmt *st = NULL;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	rc = acc_index_prepare(
	    &st, ix,
	    clause ? "SELECT seq, id, time, offset, author, email, action, subject, clause, "
		     "amendment, org, ballot, body FROM log WHERE clause = ?1 ORDER BY seq DESC "
		     "LIMIT ?2"
		   : "SELECT seq, id, time, offset, author, email, action, subject, clause, "
		     "amendment, org, ballot, body FROM log ORDER BY seq DESC LIMIT ?2");
	if (rc < 0)
		return rc;
	if (clause)
		acc_index_bind_text(st, 1, clause);
	sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : -1);
	if ((rc = acc_index_rows_read(&v, n, ix, st, sizeof(acc_log_entry), log_row, "read")) < 0) {
		acc_log_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int acc_index_closing_commit(acc_index *ix, char out[ACC_OID_HEXLEN + 1], const char *ballot)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	if ((rc = acc_index_prepare(&st, ix,
				    "SELECT id FROM log WHERE ballot = ?1 AND action = 'close' "
				    "ORDER BY seq DESC LIMIT 1")) < 0)
		return rc;
	acc_index_bind_text(st, 1, ballot);
	if ((rc = acc_index_row_step(ix, st)) == 1) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		snprintf(out, ACC_OID_HEXLEN + 1, "%s", t ? (const char *)t : "");
		rc = 0;
	} else if (rc == 0) {
		rc = ACC_ENOTFOUND;
	}
	sqlite3_finalize(st);
	return rc;
}

int acc_index_log_count(acc_index *ix, long long *n)
{
	sqlite3_stmt *st = NULL;
	/* seq counts from 1 without gaps: the largest is the count, found
	 * in the primary key's b-tree without reading every row */
	int rc = acc_index_kept(&st, ix, &ix->log_count, "SELECT coalesce(max(seq), 0) FROM log");

	*n = 0;
	if (rc < 0)
		return rc;
	if ((rc = acc_index_row_step(ix, st)) == 1)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

void acc_clauses_free(acc_clause *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].heading);
		free(c[i].text);
	}
	free(c);
}

/* Reads a clause row (an acc_index_row_fn). */
static int clause_row(void *item, sqlite3_stmt *st)
{
	acc_clause *c = item;
	const unsigned char *num = sqlite3_column_text(st, 2), *blob = sqlite3_column_text(st, 5);

	c->id = acc_index_col_str(st, 0);
	c->depth = sqlite3_column_int(st, 1);
	snprintf(c->number, sizeof(c->number), "%s", num ? (const char *)num : "");
	c->heading = acc_index_col_str(st, 3);
	c->text = acc_index_col_str(st, 4);
	snprintf(c->blob, sizeof(c->blob), "%s", blob ? (const char *)blob : "");
	blob = sqlite3_column_text(st, 6);
	snprintf(c->word, sizeof(c->word), "%s", blob ? (const char *)blob : "");
	c->annex = sqlite3_column_int(st, 7);
	return c->id && c->heading && c->text ? 0 : ACC_ENOMEM;
}

int acc_index_clauses(acc_index *ix, acc_clause **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	acc_clause *v;
	void *p;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = acc_index_prepare(&st, ix,
				    "SELECT id, depth, number, heading, text, blob, word, annex "
				    "FROM clause ORDER BY pos")) < 0)
		return rc;
	if ((rc = acc_index_rows_read(&p, n, ix, st, sizeof(acc_clause), clause_row, "read")) < 0) {
		acc_clauses_free(p, *n);
		*n = 0;
		return rc;
	}
	v = p;
	for (i = 0; i < *n; i++)
		v[i].container = i + 1 < *n && v[i + 1].depth > v[i].depth;
	*out = v;
	return 0;
}

void acc_amendment_rows_free(acc_amendment_row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].id);
		free(r[i].sponsor);
		free(r[i].clause);
		free(r[i].op);
		free(r[i].status);
		free(r[i].amends);
		free(r[i].rationale);
		free(r[i].text);
		free(r[i].cosponsors);
		free(r[i].invited);
	}
	free(r);
}

/* The columns of an amendment row, as amendment_row() reads them. */
#define AMENDMENT_ROW                                                                              \
	"SELECT id, sponsor, clause, op, status, amends, rationale, text, cosponsors, seq, yes, "  \
	"no, abstain, votes, invited FROM amendment "

/* Reads the current row of st (selected with AMENDMENT_ROW) into r. */
static int amendment_row(void *item, sqlite3_stmt *st)
{
	acc_amendment_row *r = item;

	r->id = acc_index_col_str(st, 0);
	r->sponsor = acc_index_col_str(st, 1);
	r->clause = acc_index_col_str(st, 2);
	r->op = acc_index_col_str(st, 3);
	r->status = acc_index_col_str(st, 4);
	r->amends = acc_index_col_str(st, 5);
	r->rationale = acc_index_col_str(st, 6);
	r->text = acc_index_col_str(st, 7);
	r->cosponsors = acc_index_col_str(st, 8);
	r->seq = (unsigned)sqlite3_column_int64(st, 9);
	r->yes = (unsigned)sqlite3_column_int(st, 10);
	r->no = (unsigned)sqlite3_column_int(st, 11);
	r->abstain = (unsigned)sqlite3_column_int(st, 12);
	r->votes = (unsigned)sqlite3_column_int(st, 13);
	r->invited = acc_index_col_str(st, 14);
	return r->id && r->sponsor && r->clause && r->op && r->status && r->amends &&
		       r->rationale && r->text && r->cosponsors && r->invited
		   ? 0
		   : ACC_ENOMEM;
}

int acc_index_amendments(acc_index *ix, acc_amendment_row **out, size_t *n, const char *clause,
			 const char *status)
{
	sqlite3_stmt *st = NULL;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	/* "clause = ?1" alone lets SQLite use amendment_clause, "status = ?2"
	 * amendment_status; "?1 IS NULL OR" would make it read all 20,000 rows
	 * (the status line's count of open ballots did) */
	if ((rc = acc_index_prepare(
		 &st, ix,
		 clause	  ? AMENDMENT_ROW "WHERE clause = ?1 AND (?2 IS NULL OR status = ?2) "
					  "ORDER BY sponsor, seq"
		 : status ? AMENDMENT_ROW "WHERE status = ?2 ORDER BY sponsor, seq"
			  : AMENDMENT_ROW "ORDER BY sponsor, seq")) < 0)
		return rc;
	if (clause)
		acc_index_bind_text(st, 1, clause);
	acc_index_bind_text(st, 2, status);
	if ((rc = acc_index_rows_read(&v, n, ix, st, sizeof(acc_amendment_row), amendment_row,
				      "read")) < 0) {
		acc_amendment_rows_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

void acc_org_rows_free(acc_org_row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].id);
		free(r[i].name);
		free(r[i].type);
		free(r[i].role);
	}
	free(r);
}

/* Reads an organisation row (an acc_index_row_fn). */
static int org_row(void *item, sqlite3_stmt *st)
{
	acc_org_row *r = item;

	r->id = acc_index_col_str(st, 0);
	r->name = acc_index_col_str(st, 1);
	r->type = acc_index_col_str(st, 2);
	r->role = acc_index_col_str(st, 3);
	r->weight = (unsigned)sqlite3_column_int64(st, 4);
	r->delegates = (unsigned)sqlite3_column_int64(st, 5);
	return r->id && r->name && r->type && r->role ? 0 : ACC_ENOMEM;
}

int acc_index_orgs(acc_index *ix, acc_org_row **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = acc_index_prepare(
		 &st, ix, "SELECT id, name, type, role, weight, delegates FROM org ORDER BY id")) <
	    0)
		return rc;
	if ((rc = acc_index_rows_read(&v, n, ix, st, sizeof(acc_org_row), org_row, "read")) < 0) {
		acc_org_rows_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int acc_index_clause_count(acc_index *ix, size_t *n)
{
	long v = 0;
	int rc = acc_index_pragma_int(ix, "SELECT count(*) FROM clause", &v);

	*n = (size_t)v;
	return rc;
}

int acc_index_status_counts(acc_index *ix, unsigned counts[7])
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	memset(counts, 0, 7 * sizeof(unsigned));
	if ((rc = acc_index_prepare(&st, ix,
				    "SELECT status, count(*) FROM amendment GROUP BY status")) < 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		acc_status s;

		if (t && acc_status_parse(&s, (const char *)t) == 0)
			counts[s] = (unsigned)sqlite3_column_int(st, 1);
	}
	acc_error_clear();
	if (step != SQLITE_DONE)
		rc = acc_index_db_fail(ix, "read");
	sqlite3_finalize(st);
	return rc;
}

int acc_index_inbox_counts(acc_index *ix, unsigned *invitations, unsigned *stale, const char *org)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*invitations = *stale = 0;
	if ((rc = acc_index_prepare(
		 &st, ix,
		 "SELECT (SELECT count(*) FROM amendment WHERE invited <> '' "
		 "AND status IN ('tabled', 'stale') AND sponsor <> ?1 "
		 "AND instr(',' || invited || ',', ',' || ?1 || ',') > 0 "
		 "AND instr(',' || cosponsors || ',', ',' || ?1 || ',') = 0), "
		 "(SELECT count(*) FROM amendment WHERE status = 'stale' AND sponsor = ?1)")) < 0)
		return rc;
	acc_index_bind_text(st, 1, org);
	if ((rc = acc_index_row_step(ix, st)) == 1) {
		*invitations = (unsigned)sqlite3_column_int(st, 0);
		*stale = (unsigned)sqlite3_column_int(st, 1);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

int acc_index_inbox_rows(acc_index *ix, acc_amendment_row **out, size_t *n, const char *org)
{
	sqlite3_stmt *st = NULL;
	void *v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	/* one query for every row; only the columns stored before the texts,
	 * so that no row's overflow pages (its text) are read */
#define INBOX_ROW                                                                                  \
	"SELECT id, sponsor, clause, op, status, amends, '', '', '', seq, 0, 0, 0, 0, invited "    \
	"FROM amendment "
	if ((rc = acc_index_prepare(
		 &st, ix,
		 INBOX_ROW
		 "WHERE status = 'voting' UNION ALL " INBOX_ROW "WHERE invited <> '' "
		 "AND status IN ('tabled', 'stale') AND sponsor <> ?1 "
		 "AND instr(',' || invited || ',', ',' || ?1 || ',') > 0 "
		 "AND instr(',' || cosponsors || ',', ',' || ?1 || ',') = 0 UNION ALL " INBOX_ROW
		 "WHERE status = 'stale' AND sponsor = ?1 "
		 "ORDER BY sponsor, seq")) < 0)
		return rc;
#undef INBOX_ROW
	acc_index_bind_text(st, 1, org);
	if ((rc = acc_index_rows_read(&v, n, ix, st, sizeof(acc_amendment_row), amendment_row,
				      "read")) < 0) {
		acc_amendment_rows_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int acc_index_clause_text(acc_index *ix, char **out, const char *id)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if ((rc = acc_index_prepare(&st, ix, "SELECT text FROM clause WHERE id = ?1")) < 0)
		return rc;
	acc_index_bind_text(st, 1, id);
	if ((rc = acc_index_row_step(ix, st)) == 1)
		rc = (*out = acc_index_col_str(st, 0)) ? 0 : ACC_ENOMEM;
	else if (rc == 0)
		rc = acc_error_set(ACC_ENOTFOUND, "no clause %s in the index", id);
	sqlite3_finalize(st);
	return rc;
}

int acc_index_amendment(acc_index *ix, acc_amendment_row **out, const char *id)
{
	sqlite3_stmt *st = NULL;
	acc_amendment_row *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = acc_index_prepare(&st, ix, AMENDMENT_ROW "WHERE id = ?1")) < 0)
		return rc;
	acc_index_bind_text(st, 1, id);
	if ((rc = acc_index_row_step(ix, st)) <= 0) {
		if (rc == 0)
			rc = acc_error_set(ACC_ENOTFOUND, "no amendment %s in the index", id);
		goto done;
	}
	if (!(r = acc_calloc(1, sizeof(*r)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	rc = amendment_row(r, st);
done:
	sqlite3_finalize(st);
	if (rc < 0) {
		acc_amendment_rows_free(r, r ? 1 : 0);
		return rc;
	}
	*out = r;
	return 0;
}
