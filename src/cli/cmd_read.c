/* cmd_read: the commands that read the convention (status, clauses, show,
 * orgs, log, search, amendments, amendment, tally, allowed-signers,
 * verify, reindex). */
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
#include "accord/site.h"
#include "accord/sync.h"
#include "accord/verify.h"
#include "demo.h"
#include "out.h"

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
		out_printf(c, "%*s%s%s%s %s  [%s]\n", cl[i].depth * 2, "",
			   cl[i].container || cl[i].annex ? (cl[i].word[0] ? cl[i].word : "Part")
							  : "",
			   cl[i].container || cl[i].annex ? " " : "", cl[i].number, cl[i].heading,
			   cl[i].id);
	return 0;
}

/* accord clauses */
int acc_cmd_clauses(acc_cli *c, int argc, char **argv)
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
int acc_cmd_show(acc_cli *c, int argc, char **argv)
{
	acc_state *st = c->st;
	const acc_clause *cl;
	const char *id = c->rev;
	int rc = 0, lang = c->nopts && c->opts[0].opt == 'L';

	/* the title and the preamble, in any language (cmd_translate.c) */
	if (acc_tr_unit(argv[optind]) != ACC_TR_CLAUSE)
		return acc_cli_show_lang(c, st, argv[optind], lang ? c->opts[0].arg : NULL);
	if (!(cl = acc_state_clause(st, argv[optind]))) {
		acc_error_set(ACC_ENOTFOUND, "no clause '%s' at %.12s", argv[optind], id);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (lang && strcmp(c->opts[0].arg, st->conv.language) != 0)
		return acc_cli_show_lang(c, st, cl->id, c->opts[0].arg);
	if (c->json) {
		json_t *j = acc_json_clause(cl, 1);

		if ((rc = acc_cli_show_brackets_json(c, j, cl)) < 0) {
			json_decref(j);
			return out_fail(c, rc);
		}
		json_object_set_new(j, "revision", js(id));
		rc = out_json(c, j);
	} else {
		out_printf(c, "%s %s %s\n",
			   cl->word[0]	   ? cl->word
			   : cl->container ? "Part"
					   : "Article",
			   cl->number, cl->heading);
		rc = acc_cli_show_brackets(c, cl); /* the text, brackets inline */
	}
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord orgs */
int acc_cmd_orgs(acc_cli *c, int argc, char **argv)
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
int acc_cmd_log(acc_cli *c, int argc, char **argv)
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
int acc_cmd_reindex(acc_cli *c, int argc, char **argv)
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
int acc_cmd_status(acc_cli *c, int argc, char **argv)
{
	int rc;
	acc_state *st = NULL;
	acc_oid_hex head;
	unsigned counts[7];
	long long actions = 0;
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	size_t i, open = 0, nclauses = 0;
	acc_anchor anchor;

	memset(&anchor, 0, sizeof(anchor));
	if ((rc = acc_index_status_counts(c->ix, counts)) < 0 ||
	    (rc = acc_index_log_count(c->ix, &actions)) < 0 ||
	    (rc = acc_index_clause_count(c->ix, &nclauses)) < 0 ||
	    (rc = acc_ops_state_part(&st, head, c->ctx, NULL, NULL)) < 0)
		return out_fail(c, rc);
	if (acc_ops_whoami(&org, &del, c->ctx, st) < 0) {
		org = NULL;
		acc_error_clear();
	}
	open = acc_query_open_ballots(counts, st->ratification.state == ACC_BALLOT_OPEN);
	if (acc_sync_anchor(&anchor, c->ctx) < 0)
		acc_error_clear(); /* the trust anchor is shown when it can be read */
	if (c->json) {
		json_t *j = json_object(), *cnt = json_object(), *me = json_null();

		json_object_set_new(j, "root", anchor.root[0] ? js(anchor.root) : json_null());
		json_object_set_new(j, "root_key", js(anchor.fingerprint));

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
		if (anchor.root[0])
			out_printf(c, "root %s, opened with key %s\n", anchor.root,
				   anchor.fingerprint ? anchor.fingerprint : "(none: unsigned)");
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
	acc_anchor_clear(&anchor);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord search QUERY */
int acc_cmd_search(acc_cli *c, int argc, char **argv)
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
			json_object_set_new(j, "lang", js(h[i].lang));
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
			out_printf(c, "%-9s %-40s %s%s%s%s\n          %s\n", h[i].kind, h[i].id,
				   h[i].lang ? "[" : "", h[i].lang ? h[i].lang : "",
				   h[i].lang ? "] " : "", h[i].title, plain.ptr ? plain.ptr : "");
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
int acc_cmd_amendments(acc_cli *c, int argc, char **argv)
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
int acc_cmd_amendment(acc_cli *c, int argc, char **argv)
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
		    "id",	  "clause",    "operation", "status",	  "sponsor",
		    "cosponsors", "invited",   "amends",    "new_clause", "heading",
		    "base",	  "rationale", "text",	    NULL};
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
		if (a->invited.count) {
			out_printf(c, "invited:  ");
			for (i = 0; i < a->invited.count; i++)
				out_printf(c, " %s", a->invited.items[i]);
			out_printf(c, "\n");
		}
		if (a->supersedes.count) { /* a compromise text */
			out_printf(c, "supersedes:");
			for (i = 0; i < a->supersedes.count; i++)
				out_printf(c, " %s", a->supersedes.items[i]);
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
int acc_cmd_tally(acc_cli *c, int argc, char **argv)
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
			out_rollcall_vote(c, b, &b->votes[i]);
		out_rollcall(c, &q);
	}
	acc_query_tally_free(&q);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord allowed-signers [--at REV] */
int acc_cmd_allowed_signers(acc_cli *c, int argc, char **argv)
{
	acc_buf b = ACC_BUF_INIT;
	int rc = acc_export_allowed_signers(&b, c->st, c->rev);

	if (rc == 0 && b.size)
		out_printf(c, "%s", b.ptr);
	acc_buf_free(&b);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord verify [--at REV] [--json] */
int acc_cmd_verify(acc_cli *c, int argc, char **argv)
{
	int rc;
	acc_verify_report r;
	const char *since = NULL;
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if (c->opts[i].opt == OPT_SINCE)
			since = c->opts[i].arg;
	if ((rc = since ? acc_verify_since(&r, c->ctx, since, c->at)
			: acc_verify(&r, c->ctx, c->at)) < 0)
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
