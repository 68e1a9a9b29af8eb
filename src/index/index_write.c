/* index: writing a state and the log into the index. */
#include "accord/index.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int acc_index_add_log(acc_index *ix, const acc_log_entry *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = acc_index_kept(
		 &st, ix, &ix->add_log,
		 "INSERT INTO log(seq, id, time, offset, author, email, action, subject, "
		 "clause, amendment, org, ballot, body) "
		 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->seq);
	acc_index_bind_text(st, 2, e->id);
	sqlite3_bind_int64(st, 3, e->time);
	sqlite3_bind_int(st, 4, e->offset);
	acc_index_bind_text(st, 5, e->author);
	acc_index_bind_text(st, 6, e->email);
	acc_index_bind_text(st, 7, e->action);
	acc_index_bind_text(st, 8, e->subject);
	acc_index_bind_text(st, 9, e->clause);
	acc_index_bind_text(st, 10, e->amendment);
	acc_index_bind_text(st, 11, e->org);
	acc_index_bind_text(st, 12, e->ballot);
	acc_index_bind_text(st, 13, e->body);
	return acc_index_step_kept(ix, st, "write");
}

/* Inserts one search document. */
static int put_search(acc_index *ix, const char *kind, const char *id, const char *title,
		      const char *body)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = acc_index_prepare(
		 &st, ix, "INSERT INTO search(kind, id, title, body) VALUES(?,?,?,?)")) < 0)
		return rc;
	acc_index_bind_text(st, 1, kind);
	acc_index_bind_text(st, 2, id);
	acc_index_bind_text(st, 3, title);
	acc_index_bind_text(st, 4, body);
	return acc_index_step_done(ix, st, "write");
}

/* Writes the clause rows of st. */
static int put_clauses(acc_index *ix, const acc_state *st)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < st->nclauses && rc == 0; i++) {
		const acc_clause *c = &st->clauses[i];
		sqlite3_stmt *s = NULL;

		if ((rc = acc_index_prepare(
			 &s, ix,
			 "INSERT INTO clause(pos, id, depth, number, heading, text, blob, word, "
			 "annex) VALUES(?,?,?,?,?,?,?,?,?)")) < 0)
			break;
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i);
		acc_index_bind_text(s, 2, c->id);
		sqlite3_bind_int(s, 3, c->depth);
		acc_index_bind_text(s, 4, c->number);
		acc_index_bind_text(s, 5, c->heading);
		acc_index_bind_text(s, 6, c->text);
		acc_index_bind_text(s, 7, c->blob);
		acc_index_bind_text(s, 8, c->word);
		sqlite3_bind_int(s, 9, c->annex);
		if ((rc = acc_index_step_done(ix, s, "write")) == 0)
			rc = put_search(ix, "clause", c->id, c->heading, c->text);
	}
	return rc;
}

/* Writes the organisation rows of st. */
static int put_orgs(acc_index *ix, const acc_state *st)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < st->norgs && rc == 0; i++) {
		const acc_org *o = &st->orgs[i];
		sqlite3_stmt *s = NULL;

		if ((rc = acc_index_prepare(
			 &s, ix,
			 "INSERT INTO org(id, name, type, role, weight, delegates) "
			 "VALUES(?,?,?,?,?,?)")) < 0)
			break;
		acc_index_bind_text(s, 1, o->id);
		acc_index_bind_text(s, 2, o->name);
		acc_index_bind_text(s, 3, o->type ? o->type : "");
		acc_index_bind_text(s, 4, acc_role_name(o->role));
		sqlite3_bind_int64(s, 5, o->weight);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)o->ndelegates);
		rc = acc_index_step_done(ix, s, "write");
	}
	return rc;
}

/* The counts of an amendment row: every vote (yes, no, abstain, votes),
 * and those of members alone, by head and by weight, for acc_index_tally. */
typedef struct {
	unsigned all[4], m[4];
	unsigned long long w[4];
} row_counts;

/* Counts the votes of ballot b into rc: members' votes are those of its
 * recorded electorate (of the registry for an older ballot). */
static void count_row(row_counts *rc, const acc_state *st, const acc_ballot *b)
{
	size_t j;

	memset(rc, 0, sizeof(*rc));
	for (j = 0; j < b->nvotes; j++) {
		unsigned v = (unsigned)b->votes[j].vote & 3, w;

		rc->all[v]++;
		if (acc_ballot_counts(&w, st, b, b->votes[j].org)) {
			rc->m[v]++;
			rc->w[v] += w;
		}
	}
}

/* Binds the ballot columns of an amendment row from first on: yes, no,
 * abstain, votes, rule, quorum, then the members' counts by head and by
 * weight, then the recorded electorate's size and weight (15 columns). */
static void bind_ballot(sqlite3_stmt *s, int first, const acc_state *st, const acc_ballot *b)
{
	row_counts c;
	int k;

	count_row(&c, st, b);
	for (k = 0; k < 3; k++) {
		sqlite3_bind_int64(s, first + k, c.all[ACC_VOTE_YES + k]);
		sqlite3_bind_int64(s, first + 7 + k, c.m[ACC_VOTE_YES + k]);
		sqlite3_bind_int64(s, first + 10 + k, (sqlite3_int64)c.w[ACC_VOTE_YES + k]);
	}
	sqlite3_bind_int64(s, first + 3, (sqlite3_int64)b->nvotes);
	acc_index_bind_text(s, first + 4, acc_rule_name(b->rule));
	sqlite3_bind_int64(s, first + 5, b->quorum_num);
	sqlite3_bind_int64(s, first + 6, b->quorum_den);
	if (b->has_electorate) {
		unsigned long long w = 0;
		size_t i;

		for (i = 0; i < b->nelectors; i++)
			w += b->electors[i].weight;
		sqlite3_bind_int64(s, first + 13, (sqlite3_int64)b->nelectors);
		sqlite3_bind_int64(s, first + 14, (sqlite3_int64)w);
	} else {
		sqlite3_bind_null(s, first + 13);
		sqlite3_bind_null(s, first + 14);
	}
}

/* Writes the amendment rows of st. */
static int put_amendments(acc_index *ix, const acc_state *st)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < st->namendments && rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		acc_buf co = ACC_BUF_INIT, inv = ACC_BUF_INIT;
		sqlite3_stmt *s = NULL;

		for (j = 0; j < a->cosponsors.count && rc == 0; j++)
			rc = acc_buf_printf(&co, "%s%s", j ? "," : "", a->cosponsors.items[j]);
		for (j = 0; j < a->invited.count && rc == 0; j++)
			rc = acc_buf_printf(&inv, "%s%s", j ? "," : "", a->invited.items[j]);
		if (rc == 0)
			rc = acc_index_prepare(
			    &s, ix,
			    "INSERT INTO amendment(id, sponsor, seq, clause, op, status, "
			    "amends, rationale, text, cosponsors, yes, no, abstain, votes, "
			    "rule, quorum_num, quorum_den, m_yes, m_no, m_abstain, "
			    "w_yes, w_no, w_abstain, e_members, e_weight, invited) "
			    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
		if (rc < 0) {
			acc_buf_free(&co);
			acc_buf_free(&inv);
			break;
		}
		acc_index_bind_text(s, 1, a->id);
		acc_index_bind_text(s, 2, a->sponsor);
		sqlite3_bind_int64(s, 3, a->seq);
		acc_index_bind_text(s, 4, a->clause);
		acc_index_bind_text(s, 5, acc_op_name(a->op));
		acc_index_bind_text(s, 6, acc_status_name(a->status));
		acc_index_bind_text(s, 7, a->amends ? a->amends : "");
		acc_index_bind_text(s, 8, a->rationale ? a->rationale : "");
		acc_index_bind_text(s, 9, a->text);
		acc_index_bind_text(s, 10, co.ptr ? co.ptr : "");
		bind_ballot(s, 11, st, &a->ballot);
		acc_index_bind_text(s, 26, inv.ptr ? inv.ptr : "");
		rc = acc_index_step_done(ix, s, "write");
		if (rc == 0) {
			char *title = acc_sprintf("%s on %s", a->id, a->clause);
			char *body =
			    acc_sprintf("%s\n%s", a->rationale ? a->rationale : "", a->text);

			rc = title && body ? put_search(ix, "amendment", a->id, title, body)
					   : ACC_ENOMEM;
			free(body);
			free(title);
		}
		acc_buf_free(&co);
		acc_buf_free(&inv);
	}
	return rc;
}

int acc_index_vote_delta(acc_index *ix, const char *id, const char *org, acc_vote from, acc_vote to,
			 long long elector)
{
	sqlite3_stmt *s = NULL;
	long long d[4] = {0}, m[4] = {0}, w[4] = {0}, weight = elector;
	int rc, member = elector > 0, k;

	/* an older ballot without a recorded electorate: the registry */
	if (elector < 0) {
		if ((rc = acc_index_prepare(&s, ix, "SELECT role, weight FROM org WHERE id = ?")) <
		    0)
			return rc;
		acc_index_bind_text(s, 1, org);
		if ((rc = acc_index_row_step(ix, s)) == 1) {
			const unsigned char *role = sqlite3_column_text(s, 0);

			member = role && strcmp((const char *)role, "member") == 0;
			weight = sqlite3_column_int64(s, 1);
			rc = 0;
		} else if (rc == 0) {
			rc = acc_error_set(ACC_ENOTFOUND, "index: no organisation '%s'", org);
		}
		sqlite3_finalize(s);
		if (rc < 0)
			return rc;
	}
	d[from & 3]--;
	d[to & 3]++;
	for (k = 1; k < 4; k++) {
		m[k] = member ? d[k] : 0;
		w[k] = member ? d[k] * (weight ? weight : 1) : 0;
	}
	if ((rc = acc_index_kept(
		 &s, ix, &ix->vote_delta,
		 "UPDATE amendment SET yes = yes + ?, no = no + ?, abstain = abstain + ?, "
		 "votes = votes + ?, m_yes = m_yes + ?, m_no = m_no + ?, "
		 "m_abstain = m_abstain + ?, w_yes = w_yes + ?, w_no = w_no + ?, "
		 "w_abstain = w_abstain + ? WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, d[ACC_VOTE_YES]);
	sqlite3_bind_int64(s, 2, d[ACC_VOTE_NO]);
	sqlite3_bind_int64(s, 3, d[ACC_VOTE_ABSTAIN]);
	sqlite3_bind_int64(s, 4, from == ACC_VOTE_NONE ? 1 : 0);
	sqlite3_bind_int64(s, 5, m[ACC_VOTE_YES]);
	sqlite3_bind_int64(s, 6, m[ACC_VOTE_NO]);
	sqlite3_bind_int64(s, 7, m[ACC_VOTE_ABSTAIN]);
	sqlite3_bind_int64(s, 8, w[ACC_VOTE_YES]);
	sqlite3_bind_int64(s, 9, w[ACC_VOTE_NO]);
	sqlite3_bind_int64(s, 10, w[ACC_VOTE_ABSTAIN]);
	acc_index_bind_text(s, 11, id);
	if ((rc = acc_index_step_kept(ix, s, "write")) < 0)
		return rc;
	if (sqlite3_changes(ix->db) != 1)
		return acc_error_set(ACC_ENOTFOUND, "index has no row for %s", id);
	return 0;
}

int acc_index_set_head(acc_index *ix, const char *head)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = acc_index_kept(&s, ix, &ix->set_head,
				 "INSERT OR REPLACE INTO meta(key, value) VALUES('head', ?)")) < 0)
		return rc;
	acc_index_bind_text(s, 1, head);
	return acc_index_step_kept(ix, s, "write");
}

int acc_index_put_state(acc_index *ix, const acc_state *st, const char *head)
{
	int rc;

	if ((rc = acc_index_exec(ix, "DELETE FROM clause; DELETE FROM org; DELETE FROM amendment; "
				     "DELETE FROM search;")) < 0 ||
	    (rc = put_clauses(ix, st)) < 0 || (rc = put_orgs(ix, st)) < 0 ||
	    (rc = put_amendments(ix, st)) < 0 || (rc = acc_index_contents_put(ix, st)) < 0 ||
	    (rc = acc_index_put_translations(ix, st)) < 0)
		return rc;
	return acc_index_set_head(ix, head);
}
