/* cli: the command table, global options and the commands themselves. */
#include "accord/cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accord/json.h"
#include "accord/query.h"
#include "accord/record.h"
#include "accord/sanitize.h"
#include "accord/sign.h"
#include "accord/sync.h"
#include "accord/tui.h"
#include "accord/verify.h"
#include "demo.h"
#include "out.h"

int acc_cli_exit_status(int code)
{
	switch (code) {
	case ACC_OK:
		return ACC_EXIT_OK;
	case ACC_EUSAGE:
		return ACC_EXIT_USAGE;
	case ACC_EREFUSED:
		return ACC_EXIT_REFUSED;
	case ACC_EVERIFY:
		return ACC_EXIT_VERIFY;
	default:
		return ACC_EXIT_ERROR;
	}
}

/* ---- read commands ----------------------------------------------------- */

/* Prints a list of clauses as text or JSON. */
static int print_clauses(acc_cli *c, const acc_clause *cl, size_t n, int json)
{
	size_t i;

	if (json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(a, acc_json_clause(&cl[i], 0));
		return out_json(c, a);
	}
	for (i = 0; i < n; i++)
		out_printf(c, "%*s%s%s %s  [%s]\n", cl[i].depth * 2, "",
			   cl[i].container ? "Part " : "", cl[i].number, cl[i].heading, cl[i].id);
	return 0;
}

/* accord clauses */
static int cmd_clauses(acc_cli *c, int argc, char **argv)
{
	int rc;

	if (c->at) {
		acc_state *st = NULL;
		acc_oid_hex id;

		if ((rc = acc_ops_state(&st, id, c->ctx, c->at)) < 0)
			return out_fail(c, rc);
		rc = print_clauses(c, st->clauses, st->nclauses, c->json);
		acc_state_free(st);
	} else {
		acc_clause *cl = NULL;
		size_t n = 0;

		if ((rc = acc_cli_need_index(c)) < 0 ||
		    (rc = acc_index_clauses(c->ix, &cl, &n)) < 0)
			return out_fail(c, rc);
		rc = print_clauses(c, cl, n, c->json);
		acc_clauses_free(cl, n);
	}
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord show CLAUSE */
static int cmd_show(acc_cli *c, int argc, char **argv)
{
	acc_state *st = c->st;
	const acc_clause *cl;
	const char *id = c->rev;
	int rc = 0;

	if (!(cl = acc_state_clause(st, argv[optind]))) {
		acc_error_set(ACC_ENOTFOUND, "no clause '%s' at %.12s", argv[optind], id);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (c->json) {
		json_t *j = acc_json_clause(cl, 1);

		json_object_set_new(j, "revision", js(id));
		rc = out_json(c, j);
	} else {
		out_printf(c, "%s%s %s\n", cl->container ? "Part " : "Article ", cl->number,
			   cl->heading);
		if (cl->text[0])
			out_printf(c, "\n%s", cl->text);
	}
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord orgs */
static int cmd_orgs(acc_cli *c, int argc, char **argv)
{
	int rc;
	acc_org_row *r = NULL;
	size_t i, n = 0;

	if ((rc = acc_index_orgs(c->ix, &r, &n)) < 0)
		return out_fail(c, rc);
	if (c->json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++) {
			json_t *j = json_object();

			json_object_set_new(j, "id", js(r[i].id));
			json_object_set_new(j, "name", js(r[i].name));
			json_object_set_new(j, "type", js(r[i].type));
			json_object_set_new(j, "role", js(r[i].role));
			json_object_set_new(j, "weight", json_integer(r[i].weight));
			json_object_set_new(j, "delegates", json_integer(r[i].delegates));
			json_array_append_new(a, j);
		}
		rc = out_json(c, a);
	} else {
		for (i = 0; i < n; i++)
			out_printf(c, "%-20s %-9s %-14s %s\n", r[i].id, r[i].role, r[i].type,
				   r[i].name);
	}
	acc_org_rows_free(r, n);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* Prints "fallen: X, Y" under an action that made amendments fall. */
static void log_fallen_text(acc_cli *c, const char *body)
{
	json_t *a = acc_json_fallen(body);
	size_t i;

	for (i = 0; i < json_array_size(a); i++)
		out_printf(c, "%s%s", i ? ", " : "                            fallen: ",
			   json_string_value(json_array_get(a, i)));
	if (json_array_size(a))
		out_printf(c, "\n");
	json_decref(a);
}

/* accord log */
static int cmd_log(acc_cli *c, int argc, char **argv)
{
	int rc;
	const char *clause = NULL;
	long limit = 0;
	acc_log_entry *v = NULL;
	size_t i, n = 0;

	for (i = 0; i < c->nopts; i++) {
		if (c->opts[i].opt == 'c') {
			clause = c->opts[i].arg;
		} else if (c->opts[i].opt == 'n') {
			char *end;

			limit = strtol(c->opts[i].arg, &end, 10);
			if (*end || limit <= 0)
				return out_usage(c, "-n takes a positive number");
		}
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if (clause && acc_id_check(clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_index(c)) < 0 ||
	    (rc = acc_index_log(c->ix, &v, &n, clause, (size_t)limit)) < 0)
		return out_fail(c, rc);
	if (c->json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(a, acc_json_log_entry(&v[i]));
		rc = out_json(c, a);
	} else {
		for (i = 0; i < n; i++) {
			char date[32];

			out_date(date, sizeof(date), v[i].time);
			out_printf(c, "%.10s %s  %s\n", v[i].id, date, v[i].subject);
			log_fallen_text(c, v[i].body);
		}
	}
	acc_log_free(v, n);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord reindex */
static int cmd_reindex(acc_cli *c, int argc, char **argv)
{
	acc_index *ix = c->ix;
	long long n = 0;
	acc_oid_hex head;
	int rc;

	/* forget what was indexed, then index everything again */
	if ((rc = acc_index_begin(ix)) < 0)
		return out_fail(c, rc);
	if ((rc = acc_index_clear(ix)) < 0 || (rc = acc_index_commit(ix)) < 0) {
		acc_index_rollback(ix);
		return out_fail(c, rc);
	}
	if ((rc = acc_ops_index(&ix, c->ctx)) < 0 || (rc = acc_index_log_count(ix, &n)) < 0 ||
	    (rc = acc_index_head(ix, head)) < 0)
		return out_fail(c, rc);
	out_printf(c, "indexed %lld actions up to %.12s\n", n, head);
	return 0;
}

/* accord status */
static int cmd_status(acc_cli *c, int argc, char **argv)
{
	int rc;
	acc_state *st = NULL;
	acc_oid_hex head;
	unsigned counts[7];
	long long actions = 0;
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	size_t i, open = 0, nclauses = 0;

	if ((rc = acc_index_status_counts(c->ix, counts)) < 0 ||
	    (rc = acc_index_log_count(c->ix, &actions)) < 0 ||
	    (rc = acc_index_clause_count(c->ix, &nclauses)) < 0 ||
	    (rc = acc_ops_state_part(&st, head, c->ctx, NULL, NULL)) < 0)
		return out_fail(c, rc);
	if (acc_ops_whoami(&org, &del, c->ctx, st) < 0) {
		org = NULL;
		acc_error_clear();
	}
	open = counts[ACC_ST_VOTING] + (st->ratification.state == ACC_BALLOT_OPEN);
	if (c->json) {
		json_t *j = json_object(), *cnt = json_object(), *me = json_null();

		json_object_set_new(j, "title", js(st->conv.title));
		json_object_set_new(j, "short_title", js(st->conv.short_title));
		json_object_set_new(j, "revision", js(head));
		json_object_set_new(j, "actions", json_integer(actions));
		json_object_set_new(j, "clauses", json_integer((json_int_t)nclauses));
		json_object_set_new(j, "organisations", json_integer((json_int_t)st->norgs));
		for (i = 0; i < 7; i++)
			json_object_set_new(cnt, acc_status_name((acc_status)i),
					    json_integer(counts[i]));
		json_object_set_new(j, "amendments", cnt);
		json_object_set_new(j, "open_ballots", json_integer((json_int_t)open));
		json_object_set_new(j, "ratification",
				    js(st->ratification.state == ACC_BALLOT_NONE   ? "not opened"
				       : st->ratification.state == ACC_BALLOT_OPEN ? "open"
				       : st->ratification.result == ACC_RESULT_ADOPTED
					   ? "adopted"
					   : "rejected"));
		if (org) {
			me = json_object();
			json_object_set_new(me, "name", js(del->name));
			json_object_set_new(me, "email", js(del->email));
			json_object_set_new(me, "org", js(org->id));
			json_object_set_new(me, "role", js(acc_role_name(org->role)));
		}
		json_object_set_new(j, "you", me);
		{
			size_t unshared;
			long long last;

			if (acc_sync_status(&unshared, &last, c->ctx, "origin") == 0) {
				json_t *o2 = json_object();

				json_object_set_new(o2, "unshared",
						    json_integer((json_int_t)unshared));
				json_object_set_new(o2, "last_sync",
						    last ? json_integer(last) : json_null());
				json_object_set_new(j, "origin", o2);
			}
			acc_error_clear();
		}
		rc = out_json(c, j);
	} else {
		out_printf(c, "%s%s%s%s\n", st->conv.title, st->conv.short_title ? " (" : "",
			   st->conv.short_title ? st->conv.short_title : "",
			   st->conv.short_title ? ")" : "");
		out_printf(c, "at %.12s after %lld actions; %zu clauses, %zu organisations\n", head,
			   actions, nclauses, st->norgs);
		out_printf(c, "amendments:");
		for (i = 0; i < 7; i++)
			if (counts[i])
				out_printf(c, " %u %s", counts[i], acc_status_name((acc_status)i));
		out_printf(c, "%s\n",
			   counts[0] + counts[1] + counts[2] + counts[3] + counts[4] + counts[5] +
				   counts[6]
			       ? ""
			       : " none");
		out_printf(c, "open ballots: %zu\n", open);
		if (st->ratification.state == ACC_BALLOT_CLOSED)
			out_printf(c, "ratification: %s, %zu signatures\n",
				   acc_result_name(st->ratification.result), st->nsignatures);
		{
			size_t unshared;
			long long last;

			if (acc_sync_status(&unshared, &last, c->ctx, "origin") == 0) {
				char date[32] = "never";

				if (last)
					out_date(date, sizeof(date), last);
				out_printf(c, "origin: %zu actions not yet shared; last sync %s\n",
					   unshared, date);
			}
			acc_error_clear();
		}
		if (org)
			out_printf(c, "you: %s <%s>, %s (%s)\n", del->name, del->email, org->id,
				   acc_role_name(org->role));
		else
			out_printf(c, "you: %s (not a registered delegate)\n",
				   acc_ctx_actor(c->ctx) ? acc_ctx_actor(c->ctx) : "unknown");
	}
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord search QUERY */
static int cmd_search(acc_cli *c, int argc, char **argv)
{
	int rc;
	acc_search_hit *h = NULL;
	acc_buf q = ACC_BUF_INIT;
	size_t i, n = 0;

	for (i = (size_t)optind; i < (size_t)argc; i++)
		acc_buf_printf(&q, "%s%s", q.size ? " " : "", argv[i]);
	if ((rc = acc_index_search(c->ix, &h, &n, q.ptr ? q.ptr : "")) < 0) {
		acc_buf_free(&q);
		return out_fail(c, rc);
	}
	acc_buf_free(&q);
	if (c->json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++) {
			json_t *j = json_object();
			acc_buf plain = ACC_BUF_INIT;
			const char *p;

			/* the JSON snippet carries the match as [..] */
			for (p = h[i].snippet; *p; p++)
				acc_buf_putc(&plain, *p == 2 ? '[' : *p == 3 ? ']' : *p);
			json_object_set_new(j, "kind", js(h[i].kind));
			json_object_set_new(j, "id", js(h[i].id));
			json_object_set_new(j, "title", js(h[i].title));
			json_object_set_new(j, "snippet", js(plain.ptr ? plain.ptr : ""));
			json_array_append_new(a, j);
			acc_buf_free(&plain);
		}
		rc = out_json(c, a);
	} else {
		for (i = 0; i < n; i++) {
			acc_buf plain = ACC_BUF_INIT;
			const char *p;

			for (p = h[i].snippet; *p; p++)
				acc_buf_putc(&plain, *p == 2	  ? '['
						     : *p == 3	  ? ']'
						     : *p == '\n' ? ' '
								  : *p);
			out_printf(c, "%-9s %-40s %s\n          %s\n", h[i].kind, h[i].id,
				   h[i].title, plain.ptr ? plain.ptr : "");
			acc_buf_free(&plain);
		}
		if (!n)
			out_printf(c, "no match\n");
	}
	acc_search_hits_free(h, n);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* ---- amendments --------------------------------------------------------- */

/* Prints one amendment row as a line. */
static void amendment_row_text(acc_cli *c, const acc_amendment_row *r)
{
	out_printf(c, "%-22s %-9s %-12s %-36s %s%s%s\n", r->id, r->status, r->op, r->clause,
		   r->sponsor, r->amends[0] ? " amends " : "", r->amends);
}

/* accord amendments */
static int cmd_amendments(acc_cli *c, int argc, char **argv)
{
	const char *clause = NULL, *status = NULL;
	int json = c->json, rc = 0;
	acc_status sv;
	json_t *arr = NULL;
	size_t i;

	for (i = 0; i < c->nopts; i++) {
		if (c->opts[i].opt == 'c')
			clause = c->opts[i].arg;
		else if (c->opts[i].opt == 's')
			status = c->opts[i].arg;
	}
	if (status && acc_status_parse(&sv, status) < 0)
		return out_usage(c,
				 "unknown status '%s' (tabled, voting, adopted, rejected, "
				 "withdrawn, fallen, stale)",
				 status);
	if (clause && acc_id_check(clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0)
		return out_fail(c, rc);
	if (json)
		arr = json_array();
	if (clause) {
		/* one clause: pending ones in voting order, then the rest */
		acc_state *st = NULL;
		acc_oid_hex head;
		const acc_amendment **list = NULL;
		size_t n = 0, npending = 0;

		if ((rc = acc_ops_state(&st, head, c->ctx, NULL)) < 0)
			goto fail;
		if ((rc = acc_query_clause_amendments(&list, &n, &npending, st, clause)) < 0) {
			acc_state_free(st);
			goto fail;
		}
		for (i = 0; i < n; i++) {
			const acc_amendment *a = list[i];
			acc_amendment_row r;
			acc_buf co = ACC_BUF_INIT;
			size_t k;

			if (status && a->status != sv)
				continue;
			for (k = 0; k < a->cosponsors.count; k++)
				acc_buf_printf(&co, "%s%s", k ? "," : "", a->cosponsors.items[k]);
			acc_json_row_of(&r, a, co.ptr ? co.ptr : "");
			if (json) {
				json_t *j = acc_json_amendment_row(&r);

				json_object_set_new(j, "voting_order",
						    i < npending ? json_integer((json_int_t)i + 1)
								 : json_null());
				json_array_append_new(arr, j);
			} else {
				if (i < npending)
					out_printf(c, "%2zu. ", i + 1);
				else
					out_printf(c, "    ");
				amendment_row_text(c, &r);
			}
			acc_buf_free(&co);
		}
		free(list);
		acc_state_free(st);
	} else {
		acc_amendment_row *rows = NULL;
		size_t n = 0;

		if ((rc = acc_cli_need_index(c)) < 0 ||
		    (rc = acc_index_amendments(c->ix, &rows, &n, NULL, status)) < 0)
			goto fail;
		for (i = 0; i < n; i++) {
			if (json)
				json_array_append_new(arr, acc_json_amendment_row(&rows[i]));
			else
				amendment_row_text(c, &rows[i]);
		}
		acc_amendment_rows_free(rows, n);
	}
	if (json)
		return out_json(c, arr) < 0 ? out_fail(c, ACC_ERROR) : 0;
	return 0;
fail:
	json_decref(arr);
	return out_fail(c, rc);
}

/* accord amendment ID */
static int cmd_amendment(acc_cli *c, int argc, char **argv)
{
	acc_state *st = c->st;
	const acc_amendment *a;
	const char *id = c->rev;
	int rc = 0;
	size_t i;

	if (!(a = acc_state_amendment(st, argv[optind]))) {
		acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", argv[optind]);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (c->json) {
		static const char *const fields[] = {
		    "id",	  "clause", "operation",  "status",  "sponsor",
		    "cosponsors", "amends", "new_clause", "heading", "base",
		    "rationale",  "text",   NULL};
		json_t *j = acc_json_amendment_fields(json_object(), a, fields);

		json_object_set_new(j, "ballot", acc_json_ballot(&a->ballot));
		json_object_set_new(j, "revision", js(id));
		rc = out_json(c, j);
	} else {
		out_printf(c, "amendment %s: %s %s%s%s\n", a->id, acc_op_name(a->op), a->clause,
			   a->amends ? ", amending " : "", a->amends ? a->amends : "");
		out_printf(c, "status:    %s\n", acc_status_name(a->status));
		out_printf(c, "sponsor:   %s\n", a->sponsor);
		if (a->cosponsors.count) {
			out_printf(c, "cosponsors:");
			for (i = 0; i < a->cosponsors.count; i++)
				out_printf(c, " %s", a->cosponsors.items[i]);
			out_printf(c, "\n");
		}
		if (a->new_clause)
			out_printf(c, "new clause: %s (%s)\n", a->new_clause, a->heading);
		out_printf(c, "base:      %.12s\n", a->base);
		if (a->rationale)
			out_printf(c, "rationale: %s\n", a->rationale);
		if (a->ballot.state != ACC_BALLOT_NONE) {
			char q[32];

			acc_fraction_format(q, sizeof(q), a->ballot.quorum_num,
					    a->ballot.quorum_den);
			out_printf(c, "ballot:    %s, %s majority, quorum %s, %zu votes cast\n",
				   a->ballot.state == ACC_BALLOT_OPEN	  ? "open"
				   : a->ballot.state == ACC_BALLOT_CLOSED ? "closed"
									  : "fallen",
				   acc_rule_name(a->ballot.rule), q, a->ballot.nvotes);
			if (a->ballot.state == ACC_BALLOT_FALLEN && a->ballot.fallen_by)
				out_printf(c, "fallen by: %s\n", a->ballot.fallen_by);
		}
		if (a->op != ACC_OP_DELETE)
			out_printf(c, "\n%s", a->text);
	}
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord tally ID */
static int cmd_tally(acc_cli *c, int argc, char **argv)
{
	const char *at = c->at, *bid = argv[optind];
	int rc;
	acc_state *st = NULL;
	acc_query_tally q;
	acc_oid_hex id;

	/* only the ballot, its amendment and the registry are read: a tally
	 * costs the same in a convention of a million votes */
	if ((rc = acc_ops_state_part(&st, id, c->ctx, at, bid)) < 0 ||
	    (rc = acc_query_tally_of(&q, c->ctx, st, at ? id : NULL, bid)) < 0) {
		acc_state_free(st);
		return out_fail(c, rc);
	}
	if (c->json) {
		rc = out_json(c, acc_json_tally(bid, &q));
	} else {
		const acc_ballot *b = q.ballot;
		const acc_tally *t = &q.tally;
		char quorum[32];
		size_t i;

		acc_fraction_format(quorum, sizeof(quorum), b->quorum_num, b->quorum_den);
		out_printf(c, "ballot on %s: %s%s%s\n", bid, q.closed ? "closed" : "open",
			   t->result == ACC_RESULT_PENDING ? "" : ", ",
			   t->result == ACC_RESULT_PENDING ? "" : acc_result_name(t->result));
		out_printf(c, "rule: %s majority; quorum %s (%s)\n", acc_rule_name(b->rule), quorum,
			   t->quorum_met ? "met" : "not met");
		out_printf(c, "yes %u, no %u, abstain %u, absent %u (of %u members)\n", t->yes,
			   t->no, t->abstain, t->absent, t->members);
		if (t->weighted)
			out_printf(c, "weighted: yes %lu, no %lu, abstain %lu, absent %lu\n",
				   t->w_yes, t->w_no, t->w_abstain, t->w_absent);
		out_printf(c, "%s: %s\n", t->result == ACC_RESULT_PENDING ? "standing" : "because",
			   t->reason);
		for (i = 0; i < b->nvotes; i++)
			out_printf(c, "  %-20s %s\n", b->votes[i].org,
				   acc_vote_name(b->votes[i].vote));
	}
	acc_query_tally_free(&q);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* ---- actions --------------------------------------------------------------- */

/* accord propose CLAUSE ... */
static int cmd_propose(acc_cli *c, int argc, char **argv)
{
	acc_propose_args a;
	const char *cos[64];
	const char *textfile = NULL;
	char *text = NULL, *id = NULL;
	size_t len = 0, k;
	acc_oid_hex commit;
	int rc, nops = 0;

	memset(&a, 0, sizeof(a));
	a.cosponsors = cos;
	for (k = 0; k < c->nopts; k++) {
		const char *optarg_ = c->opts[k].arg;

		switch (c->opts[k].opt) {
		case 'r':
			a.op = ACC_OP_REPLACE, nops++;
			break;
		case 'i':
			a.op = ACC_OP_INSERT_AFTER, nops++;
			break;
		case 'd':
			a.op = ACC_OP_DELETE, nops++;
			break;
		case 't':
			textfile = optarg_;
			break;
		case 'R':
			a.rationale = optarg_;
			break;
		case 'a':
			a.amends = optarg_;
			break;
		case 'H':
			a.heading = optarg_;
			break;
		case 'I':
			a.new_clause = optarg_;
			break;
		case 'c':
			if (a.ncosponsors == 64)
				return out_usage(c, "too many co-sponsors");
			cos[a.ncosponsors++] = optarg_;
			break;
		}
	}
	if (nops != 1)
		return out_usage(c, "give exactly one of --replace, --insert-after, --delete");
	if ((rc = acc_cli_want_args(c, argc, argv, a.amends ? 0 : 1, 1)))
		return rc;
	a.clause = optind < argc ? argv[optind] : NULL;
	if (a.clause && acc_id_check(a.clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if (a.amends && acc_id_check(a.amends, "amendment") < 0)
		return out_fail(c, ACC_EUSAGE);
	if (a.rationale && acc_record_value_valid(a.rationale) < 0) {
		acc_error_prefix(ACC_EUSAGE, "--rationale");
		return out_fail(c, ACC_EUSAGE);
	}
	if (a.heading && acc_record_value_valid(a.heading) < 0) {
		acc_error_prefix(ACC_EUSAGE, "--heading");
		return out_fail(c, ACC_EUSAGE);
	}
	if (a.op != ACC_OP_DELETE && !textfile)
		return out_usage(c, "the proposed text is needed: --text-file FILE (or - for "
				    "standard input)");
	if (a.op == ACC_OP_DELETE && textfile)
		return out_usage(c, "a deletion takes no text");
	if (textfile) {
		if ((rc = acc_file_read(&text, &len, textfile, ACC_RECORD_MAX_SIZE / 2)) < 0)
			return out_fail(c, rc);
		a.text = text;
		a.len = len;
	}
	if ((rc = acc_cli_need_ctx(c)) == 0)
		rc = acc_ops_propose(&id, commit, c->ctx, &a);
	free(text);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "%s\n", id);
	free(id);
	return 0;
}

/* accord withdraw ID */
static int cmd_withdraw(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc;

	if ((rc = acc_ops_withdraw(commit, c->ctx, argv[optind])) < 0)
		return out_fail(c, rc);
	out_printf(c, "withdrew %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord open ID */
static int cmd_open(acc_cli *c, int argc, char **argv)
{
	const char *rule = NULL, *quorum = NULL;
	acc_oid_hex commit;
	size_t k;
	int rc;

	for (k = 0; k < c->nopts; k++) {
		if (c->opts[k].opt == 'r')
			rule = c->opts[k].arg;
		else if (c->opts[k].opt == 'q')
			quorum = c->opts[k].arg;
	}
	if ((rc = acc_ops_open(commit, c->ctx, argv[optind], rule, quorum)) < 0)
		return out_fail(c, rc);
	out_printf(c, "opened the ballot on %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord close ID */
static int cmd_close(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	acc_tally t;
	char *tag = NULL;
	int rc;

	if ((rc = acc_ops_close(commit, &t, &tag, c->ctx, argv[optind])) < 0)
		return out_fail(c, rc);
	out_printf(
	    c, "closed the ballot on %s: %s (yes %u, no %u, abstain %u, absent %u) (%.12s)\n",
	    argv[optind], acc_result_name(t.result), t.yes, t.no, t.abstain, t.absent, commit);
	if (tag)
		out_printf(c, "tagged %s\n", tag);
	free(tag);
	return 0;
}

/* accord vote ID yes|no|abstain */
static int cmd_vote(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	acc_vote v;
	int rc;

	if (acc_vote_parse(&v, argv[optind + 1]) < 0)
		return out_usage(c, "a vote is yes, no or abstain, not '%s'", argv[optind + 1]);
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_vote(commit, c->ctx, argv[optind], v)) < 0)
		return out_fail(c, rc);
	out_printf(c, "voted %s on %s (%.12s)\n", acc_vote_name(v), argv[optind], commit);
	return 0;
}

/* accord sign */
static int cmd_sign(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc;

	if ((rc = acc_ops_sign(commit, c->ctx)) < 0)
		return out_fail(c, rc);
	out_printf(c, "signed (%.12s)\n", commit);
	return 0;
}

/* accord order CLAUSE ID... */
static int cmd_order(acc_cli *c, int argc, char **argv)
{
	acc_oid_hex commit;
	int rc;

	if ((rc =
		 acc_ops_order(commit, c->ctx, argv[optind], (const char *const *)argv + optind + 1,
			       (size_t)(argc - optind - 1))) < 0)
		return out_fail(c, rc);
	out_printf(c, "set the voting order of %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord allowed-signers [--at REV] */
static int cmd_allowed_signers(acc_cli *c, int argc, char **argv)
{
	acc_state *st = c->st;
	const char *id = c->rev;
	size_t i, j;

	out_printf(c, "# allowed signers of %s at %s, from its registry\n", st->conv.title, id);
	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++) {
			const acc_delegate *d = &st->orgs[i].delegates[j];
			char *key = NULL;

			/* the registry validated the email; the key is normalised
			 * again so nothing but "type base64" reaches the file */
			if (!d->key || !acc_email_valid(d->email) ||
			    acc_sign_key_normalize(&key, d->key) < 0) {
				acc_error_clear();
				continue;
			}
			out_printf(c, "%s namespaces=\"git\" %s\n", d->email, key);
			free(key);
		}
	return 0;
}

/* accord verify [--at REV] [--json] */
static int cmd_verify(acc_cli *c, int argc, char **argv)
{
	int rc;
	acc_verify_report r;
	size_t i;

	if ((rc = acc_verify(&r, c->ctx, c->at)) < 0)
		return out_fail(c, rc);
	if (c->json) {
		json_t *j = json_object(), *a = json_array();

		json_object_set_new(j, "commits", json_integer((json_int_t)r.commits));
		json_object_set_new(j, "signed", json_integer((json_int_t)r.signed_commits));
		for (i = 0; i < r.count; i++) {
			json_t *p = json_object();

			json_object_set_new(p, "commit", js(r.problems[i].commit));
			json_object_set_new(p, "problem", js(r.problems[i].message));
			json_array_append_new(a, p);
		}
		json_object_set_new(j, "problems", a);
		json_object_set_new(j, "ok", json_boolean(r.count == 0));
		rc = out_json(c, j);
	} else {
		for (i = 0; i < r.count; i++)
			out_printf(c, "%.12s %s\n", r.problems[i].commit, r.problems[i].message);
		out_printf(c, "%zu commits checked, %zu signed: %s\n", r.commits, r.signed_commits,
			   r.count ? "problems found" : "no problems");
	}
	rc = r.count ? ACC_EXIT_VERIFY : 0;
	acc_verify_report_free(&r);
	return rc;
}

/* accord sync [REMOTE] */
static int cmd_sync(acc_cli *c, int argc, char **argv)
{
	const char *remote = "origin";
	acc_sync_report r;
	int rc;
	size_t i;

	if (optind < argc)
		remote = argv[optind];
	rc = acc_sync(&r, c->ctx, remote);
	for (i = 0; i < r.problems.count; i++)
		fprintf(c->err, "accord: %.12s %s\n", r.problems.problems[i].commit,
			r.problems.problems[i].message);
	if (rc < 0) {
		acc_sync_report_free(&r);
		return out_fail(c, rc);
	}
	if (c->json) {
		json_t *j = json_object(), *d = json_array();

		json_object_set_new(j, "remote", js(remote));
		json_object_set_new(j, "tip", js(r.tip));
		json_object_set_new(j, "fetched", json_integer((json_int_t)r.fetched));
		json_object_set_new(j, "replayed", json_integer((json_int_t)r.replayed));
		json_object_set_new(j, "pushed", json_integer((json_int_t)r.pushed));
		for (i = 0; i < r.dropped.count; i++)
			json_array_append_new(d, js(r.dropped.items[i]));
		json_object_set_new(j, "dropped", d);
		rc = out_json(c, j);
	} else {
		for (i = 0; i < r.dropped.count; i++)
			out_printf(c, "dropped: %s\n", r.dropped.items[i]);
		out_printf(c,
			   "synced with %s at %.12s: %zu actions received, %zu replayed, %zu sent, "
			   "%zu dropped\n",
			   remote, r.tip, r.fetched, r.replayed, r.pushed, r.dropped.count);
	}
	acc_sync_report_free(&r);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord clone URL DIR */
static int cmd_clone(acc_cli *c, int argc, char **argv)
{
	acc_state *st = NULL;
	acc_verify_report r;
	acc_ctx *ctx = NULL;
	acc_oid_hex head;
	int rc;

	rc = acc_sync_clone(&ctx, &r, head, argv[optind], argv[optind + 1]);
	if (rc == ACC_EVERIFY && r.count)
		fprintf(c->err, "accord: %.12s %s\n", r.problems[0].commit, r.problems[0].message);
	acc_verify_report_free(&r);
	if (rc == 0)
		rc = acc_ops_state(&st, head, ctx, NULL);
	if (rc == 0)
		out_printf(c, "cloned %s into %s at %.12s (%zu clauses), verified\n",
			   st->conv.title, argv[optind + 1], head, st->nclauses);
	acc_state_free(st);
	acc_ctx_free(ctx);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* ---- init and demo ------------------------------------------------------ */

/* The interface's options as the command line starts it: its key, this
 * face's runner for the ':' prompt, and the commands for its help. */
static void tui_options(acc_tui_options *o, acc_cli *c)
{
	static acc_tui_command cmds[64];
	size_t i, n = 0;

	for (i = 0; acc_cli_commands[i].name && n + 1 < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cmds[n].name = acc_cli_commands[i].name;
		cmds[n++].summary = acc_cli_commands[i].summary;
	}
	cmds[n].name = cmds[n].summary = NULL;
	memset(o, 0, sizeof(*o));
	o->key = c->key;
	o->run = acc_cli_run_key;
	o->commands = cmds;
}

/* The author of an initial commit: the actor, else git's user, else accord. */
static void init_person(acc_cli *c, acc_person *who, char **name, char **email)
{
	const char *d = getenv("ACCORD_DATE");

	*name = NULL;
	if (acc_query_actor(email, NULL, c->as) < 0)
		*email = NULL;
	if (acc_store_config(name, NULL, "user.name") < 0)
		acc_error_clear();
	who->name = *name ? *name : "accord";
	who->email = *email ? *email : "accord@localhost";
	who->when = d && atoll(d) > 0 ? atoll(d) : (long long)time(NULL);
	who->offset = 0;
}

/* accord init DIR --from PROPOSAL */
static int cmd_init(acc_cli *c, int argc, char **argv)
{
	const char *from = NULL;
	int demo_keys = 0;
	acc_oid_hex commit;
	acc_person who;
	char *name, *email;
	size_t k;
	int rc;

	for (k = 0; k < c->nopts; k++) {
		if (c->opts[k].opt == 'f')
			from = c->opts[k].arg;
		else if (c->opts[k].opt == 'k')
			demo_keys = 1;
	}
	if (!from)
		return out_usage(c, "which proposal? give --from PROPOSAL_DIR");
	init_person(c, &who, &name, &email);
	rc = acc_ops_init(
	    commit, argv[optind], from, &who,
	    c->key
		? c->key
		: (getenv("ACCORD_KEY") && getenv("ACCORD_KEY")[0] ? getenv("ACCORD_KEY") : NULL),
	    demo_keys);
	free(name);
	free(email);
	if (rc < 0)
		return out_fail(c, rc);
	out_printf(c, "created the convention %s from %s (%.12s)\n", argv[optind], from, commit);
	return 0;
}

/* accord demo [DIR] */
static int cmd_demo(acc_cli *c, int argc, char **argv)
{
	char *dir = NULL;
	int rc, created = 0;

	if ((rc = acc_demo_prepare(&dir, &created, optind < argc ? argv[optind] : NULL)) < 0)
		return out_fail(c, rc);
	if (created)
		out_printf(c, "created the demo convention in %s\n", dir);
	else
		out_printf(c, "the demo convention is in %s\n", dir);
	out_printf(c,
		   "\nlook around:\n"
		   "  accord -C %s status\n"
		   "  accord -C %s clauses\n"
		   "  accord -C %s amendments\n"
		   "  accord -C %s log\n"
		   "act as a delegate (see `accord -C %s orgs`), for example:\n"
		   "  accord -C %s --as ingrid.halvorsen@mfa.norland.example vote %s yes\n",
		   dir, dir, dir, dir, dir, dir, ACC_DEMO_OPEN_BALLOT);
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		acc_tui_options topts;
		const char *as = c->as ? c->as : getenv("ACCORD_AS");

		if (!as || !as[0])
			as = "ingrid.halvorsen@mfa.norland.example";
		tui_options(&topts, c);
		out_printf(c, "\nopening the interface as %s (? for help, Q quits)\n", as);
		fflush(c->out);
		if ((rc = acc_tui_main(dir, as, &topts)) < 0) {
			free(dir);
			return out_fail(c, rc);
		}
	}
	free(dir);
	return 0;
}

/* accord tui [CLAUSE | AMENDMENT] [--keys] */
static int cmd_tui(acc_cli *c, int argc, char **argv)
{
	acc_tui_options o;
	int rc;

	if (c->nopts) {
		/* --keys: the key table, as the man page lists it */
		acc_tui_print_keys(c->out, 1);
		return 0;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
		return rc;
	tui_options(&o, c);
	o.start = optind < argc ? argv[optind] : NULL;
	fflush(c->out);
	if ((rc = acc_tui_main(c->dir, c->as, &o)) < 0)
		return out_fail(c, rc);
	return 0;
}

/* ---- the table -------------------------------------------------------------- */

static int cmd_help(acc_cli *c, int argc, char **argv);
int acc_cmd_diff(acc_cli *c, int argc, char **argv);
int acc_cmd_rebase(acc_cli *c, int argc, char **argv);
int acc_cmd_blame(acc_cli *c, int argc, char **argv);
int acc_cmd_export(acc_cli *c, int argc, char **argv);

#define JSON_OPT "  --json           machine-readable output\n"
#define AT_OPT	 "  --at REV         read the convention as it was at REV\n"

/* The commands' own options (--help, --json and --at come from the flags). */
static const struct option log_opts[] = {{"clause", required_argument, NULL, 'c'},
					 {"max-count", required_argument, NULL, 'n'},
					 {NULL, 0, NULL, 0}};
static const struct option amendments_opts[] = {{"clause", required_argument, NULL, 'c'},
						{"status", required_argument, NULL, 's'},
						{NULL, 0, NULL, 0}};
static const struct option propose_opts[] = {
    {"replace", no_argument, NULL, 'r'},	 {"insert-after", no_argument, NULL, 'i'},
    {"delete", no_argument, NULL, 'd'},		 {"text-file", required_argument, NULL, 't'},
    {"rationale", required_argument, NULL, 'R'}, {"amends", required_argument, NULL, 'a'},
    {"cosponsor", required_argument, NULL, 'c'}, {"heading", required_argument, NULL, 'H'},
    {"id", required_argument, NULL, 'I'},	 {NULL, 0, NULL, 0}};
static const struct option open_opts[] = {{"rule", required_argument, NULL, 'r'},
					  {"quorum", required_argument, NULL, 'q'},
					  {NULL, 0, NULL, 0}};
static const struct option init_opts[] = {{"from", required_argument, NULL, 'f'},
					  {"demo-keys", no_argument, NULL, 'k'},
					  {NULL, 0, NULL, 0}};
static const struct option tui_opts[] = {{"keys", no_argument, NULL, 'k'}, {NULL, 0, NULL, 0}};

#define P      ACC_CMD_PARSE
#define JSON_F ACC_CMD_JSON
#define AT_F   ACC_CMD_AT
#define NO_AT  ACC_CMD_NO_AT
#define CTX    ACC_CMD_CTX
#define INDEX  ACC_CMD_INDEX
#define STATE  ACC_CMD_STATE

const acc_cli_command acc_cli_commands[] = {
    {"init", cmd_init, "DIR --from PROPOSAL_DIR",
     "Create a convention repository from a proposal folder, in one commit.",
     "  --from DIR       the proposal (convention, toc, clauses/, orgs/)\n", P, 1, 1, NULL,
     init_opts, NULL},
    {"demo", cmd_demo, "[DIR]",
     "Create (if absent) the demo convention, with a short real history.", "", P, 0, 1, NULL, NULL,
     NULL},
    {"status", cmd_status, "[--json]",
     "Show the convention, its amendments and open ballots, and who you are.", JSON_OPT,
     P | JSON_F | NO_AT | INDEX, 0, 0, NULL, NULL, NULL},
    {"clauses", cmd_clauses, "[--at REV] [--json]",
     "List the clauses in order with their display numbers.", AT_OPT JSON_OPT,
     P | JSON_F | AT_F | CTX, 0, 0, NULL, NULL, NULL},
    {"show", cmd_show, "CLAUSE [--at REV] [--json]", "Show one clause's text.", AT_OPT JSON_OPT,
     P | JSON_F | AT_F | STATE, 1, 1, "clause", NULL, NULL},
    {"orgs", cmd_orgs, "[--json]", "List the signatory organisations.", JSON_OPT,
     P | JSON_F | NO_AT | INDEX, 0, 0, NULL, NULL, NULL},
    {"log", cmd_log, "[--clause ID] [-n N] [--json]", "List the actions, newest first.",
     "  --clause ID      only actions that touched clause ID\n"
     "  -n, --max-count N  at most N actions\n" JSON_OPT,
     P | JSON_F, -1, 0, NULL, log_opts, "n:"},
    {"search", cmd_search, "QUERY... [--json]",
     "Search clauses and amendments (every word must match).", JSON_OPT, P | JSON_F | NO_AT | INDEX,
     1, INT_MAX, NULL, NULL, NULL},
    {"amendments", cmd_amendments, "[--clause ID] [--status S] [--json]",
     "List amendments; with --clause, pending ones in voting order.",
     "  --clause ID      amendments to clause ID, in voting order\n"
     "  --status S       tabled, voting, adopted, rejected, withdrawn, fallen or stale\n" JSON_OPT,
     P | JSON_F, 0, 0, NULL, amendments_opts, NULL},
    {"amendment", cmd_amendment, "ID [--at REV] [--json]", "Show everything about one amendment.",
     AT_OPT JSON_OPT, P | JSON_F | AT_F | STATE, 1, 1, "amendment", NULL, NULL},
    {"propose", cmd_propose,
     "CLAUSE (--replace | --insert-after | --delete) [--text-file FILE|-] [--rationale TEXT] "
     "[--amends AMENDMENT] [--cosponsor ORG]... [--heading TEXT] [--id NEW-CLAUSE]",
     "Table an amendment for your organisation; prints its id.",
     "  --replace        replace the clause's text\n"
     "  --insert-after   insert a new clause after CLAUSE (needs --heading)\n"
     "  --delete         delete the clause\n"
     "  --text-file F    the proposed text (- reads standard input)\n"
     "  --rationale T    why (one line)\n"
     "  --amends A       amend the pending amendment A instead (CLAUSE may be omitted)\n"
     "  --cosponsor ORG  a co-sponsoring organisation (repeatable)\n"
     "  --heading T      heading of an inserted clause\n"
     "  --id ID          id of an inserted clause (default: the amendment's id)\n",
     P, -1, 0, NULL, propose_opts, NULL},
    {"withdraw", cmd_withdraw, "AMENDMENT", "Withdraw your organisation's amendment.", "", P | CTX,
     1, 1, NULL, NULL, NULL},
    {"open", cmd_open, "(AMENDMENT | ratification) [--rule RULE] [--quorum FRACTION]",
     "Open a ballot (chair only).",
     "  --rule R         simple, two-thirds, absolute, unanimity or consensus\n"
     "  --quorum F       fraction of members that must vote, e.g. 1/2\n",
     P | CTX, 1, 1, NULL, open_opts, NULL},
    {"vote", cmd_vote, "(AMENDMENT | ratification) (yes | no | abstain)",
     "Vote for your organisation; a later vote replaces an earlier one.", "", P, 2, 2, NULL, NULL,
     NULL},
    {"close", cmd_close, "(AMENDMENT | ratification)",
     "Close a ballot (chair only): count, record, and apply an adopted amendment.", "", P | CTX, 1,
     1, NULL, NULL, NULL},
    {"tally", cmd_tally, "(AMENDMENT | ratification) [--at REV] [--json]",
     "Count a ballot: the running count, or a closed ballot's recount.", AT_OPT JSON_OPT,
     P | JSON_F | AT_F | CTX, 1, 1, "ballot", NULL, NULL},
    {"sign", cmd_sign, "", "Sign the ratified convention for your organisation.", "", P | CTX, 0, 0,
     NULL, NULL, NULL},
    {"order", cmd_order, "CLAUSE [AMENDMENT...]",
     "Set the voting order of a clause's amendments (chair only; none resets it).", "", P | CTX, 1,
     INT_MAX, NULL, NULL, NULL},
    {"export", acc_cmd_export,
     "[--format md|txt|html|akn|json|csv] [--at REV] [--changes-since REV] [-o FILE]",
     "Export the convention as a document (by default its latest ratified text).",
     "  -f, --format F   md, txt, html, akn (Akoma Ntoso XML), json or csv (default: from\n"
     "                   the -o file's extension, else md)\n"
     "  --at REV         export the convention as it was at REV (default: the latest\n"
     "                   ratification tag, else the current text)\n"
     "  --changes-since REV  html: show insertions and deletions since REV\n"
     "  -o, --output F   write to F (replaced whole) instead of standard output\n",
     0, 0, 0, NULL, NULL, NULL},
    {"allowed-signers", cmd_allowed_signers, "[--at REV]",
     "Print a git allowed_signers file built from the registry.", AT_OPT, P | AT_F | STATE, 0, 0,
     NULL, NULL, NULL},
    {"verify", cmd_verify, "[--at REV] [--json]",
     "Audit the whole history: signatures, permissions and procedure (exit 4 on problems).",
     AT_OPT JSON_OPT, P | JSON_F | AT_F | CTX, 0, 0, NULL, NULL, NULL},
    {"clone", cmd_clone, "URL DIR", "Clone a convention from a git remote into DIR, and verify it.",
     "", P, 2, 2, NULL, NULL, NULL},
    {"sync", cmd_sync, "[REMOTE] [--json]",
     "Fetch, verify, replay your unshared actions on top, and push (default: origin).", JSON_OPT,
     P | JSON_F | CTX, 0, 1, NULL, NULL, NULL},
    {"diff", acc_cmd_diff,
     "AMENDMENT [--format=inline|side|json] [--color=WHEN] [--at REV] | --from REV [--to REV] "
     "[CLAUSE]",
     "Show an amendment, or what changed between two revisions, as a word diff.",
     "  --format=F       inline (track changes, the default), side (side by side) or json\n"
     "  --color=WHEN     auto (on a terminal, unless NO_COLOR or TERM=dumb), always or\n"
     "                   never; without colour: [-deleted-] and {+inserted+}\n"
     "  --json           the same as --format=json\n" AT_OPT
     "  --from REV       what changed from the convention at REV...\n"
     "  --to REV         ...to the convention at REV (default: the tip)\n",
     0, 0, 0, NULL, NULL, NULL},
    {"rebase", acc_cmd_rebase, "AMENDMENT",
     "Carry your stale amendment onto the current text (a word merge), or show the conflict.", "",
     P | CTX, 1, 1, "amendment", NULL, NULL},
    {"blame", acc_cmd_blame, "CLAUSE [--at REV] [--json]",
     "Show which adopted amendment, and ballot, put each word of a clause there.", AT_OPT JSON_OPT,
     P | JSON_F | AT_F | CTX, 1, 1, "clause", NULL, NULL},
    {"reindex", cmd_reindex, "", "Rebuild the index from the repository.", "", P | INDEX, 0, 0,
     NULL, NULL, NULL},
    {"tui", cmd_tui, "[CLAUSE | AMENDMENT] [--keys]",
     "Open the full-screen interface (at a clause or amendment when given).",
     "  --keys           print the interface's keys (the man page's list)\n", P, -1, 0, NULL,
     tui_opts, NULL},
    {"help", cmd_help, "[COMMAND]", "Show help for accord or one command.", "", 0, 0, 0, NULL, NULL,
     NULL},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL},
};

/* Finds a command by name. */
static const acc_cli_command *find_command(const char *name)
{
	const acc_cli_command *k;

	for (k = acc_cli_commands; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* Prints the program's help. */
static void program_help(FILE *f)
{
	const acc_cli_command *k;

	fprintf(f, "usage: accord [-C DIR] [--as EMAIL] [--key FILE] COMMAND [ARGS]\n\n"
		   "Draft, amend and vote on a multi-party convention kept in git.\n\n"
		   "commands:\n");
	for (k = acc_cli_commands; k->name; k++)
		fprintf(f, "  %-11s %s\n", k->name, k->summary);
	fprintf(f, "\nglobal options:\n"
		   "  -C DIR           run as if started in DIR\n"
		   "  --as EMAIL       act as this delegate (also ACCORD_AS; default: git's "
		   "user.email)\n"
		   "  --key FILE       sign with this SSH key (also ACCORD_KEY; default: the demo\n"
		   "                   key of the delegate, then git's user.signingkey)\n"
		   "  --help           this help; `accord COMMAND --help` for one command\n"
		   "  --version        print the version\n"
		   "\nexit status: 0 success, 1 error, 2 usage, 3 refused, 4 verification "
		   "problems\n");
}

/* accord help [COMMAND] */
static int cmd_help(acc_cli *c, int argc, char **argv)
{
	const acc_cli_command *k;

	if (argc > 2)
		return out_usage(c, "unexpected argument '%s'", argv[2]);
	if (argc < 2) {
		program_help(c->out);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0)
		return acc_cli_command_help(c);
	if (!(k = find_command(argv[1])))
		return out_usage(c, "no command '%s'", argv[1]);
	c->cmd = k;
	return acc_cli_command_help(c);
}

int acc_cli_run(int argc, char **argv, const char *dir, const char *as, FILE *out, FILE *err)
{
	return acc_cli_run_key(argc, argv, dir, as, NULL, out, err);
}

int acc_cli_run_key(int argc, char **argv, const char *dir, const char *as, const char *key,
		    FILE *out, FILE *err)
{
	acc_cli c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.dir = dir ? dir : ".";
	c.as = as;
	c.key = key;
	c.out = out;
	c.err = err;
	if (argc < 1)
		return ACC_EXIT_USAGE;
	if (!(c.cmd = find_command(argv[0]))) {
		acc_buf safe = ACC_BUF_INIT;

		acc_sanitize(&safe, argv[0], strlen(argv[0]), 0);
		fprintf(err, "accord: no command '%s' (see accord --help)\n",
			safe.ptr ? safe.ptr : "");
		acc_buf_free(&safe);
		return ACC_EXIT_USAGE;
	}
	acc_error_clear();
	/* the set-up the table names, then the command itself */
	if ((rc = acc_cli_setup(&c, argc, argv)) < 0)
		rc = c.cmd->run(&c, argc, argv);
	acc_state_free(c.st);
	acc_ctx_free(c.ctx);
	fflush(out);
	return rc;
}

int acc_cli_main(int argc, char **argv)
{
	const char *dir = NULL, *as = NULL, *key = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-C") == 0 || strcmp(a, "--as") == 0 || strcmp(a, "--key") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "accord: %s needs a value\n", a);
				return ACC_EXIT_USAGE;
			}
			if (a[1] == 'C')
				dir = argv[++i];
			else if (a[2] == 'a')
				as = argv[++i];
			else
				key = argv[++i];
		} else if (strncmp(a, "--as=", 5) == 0) {
			as = a + 5;
		} else if (strncmp(a, "--key=", 6) == 0) {
			key = a + 6;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			program_help(stdout);
			return ACC_EXIT_OK;
		} else if (strcmp(a, "--version") == 0) {
			printf("accord %s\n", ACCORD_VERSION);
			return ACC_EXIT_OK;
		} else if (a[0] == '-') {
			fprintf(stderr, "accord: unknown option '%s' (see accord --help)\n", a);
			return ACC_EXIT_USAGE;
		} else {
			break;
		}
	}
	if (i >= argc) {
		acc_ctx *probe = NULL;

		/* inside a convention, on a terminal, accord alone is the interface */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
		    acc_ctx_open(&probe, dir ? dir : ".", NULL) == 0) {
			char *tui_argv[] = {"tui", NULL};

			acc_ctx_free(probe);
			return acc_cli_run_key(1, tui_argv, dir, as, key, stdout, stderr);
		}
		acc_error_clear();
		program_help(stderr);
		return ACC_EXIT_USAGE;
	}
	return acc_cli_run_key(argc - i, argv + i, dir, as, key, stdout, stderr);
}
