/* cli: the command table, global options and the commands themselves. */
#include "accord/cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* Adds a clause as JSON. */
static json_t *clause_json(const acc_clause *cl, int with_text)
{
	json_t *o = json_object();

	json_object_set_new(o, "number", js(cl->number));
	json_object_set_new(o, "id", js(cl->id));
	json_object_set_new(o, "heading", js(cl->heading));
	json_object_set_new(o, "depth", json_integer(cl->depth));
	json_object_set_new(o, "part", json_boolean(cl->container));
	if (with_text)
		json_object_set_new(o, "text", js(cl->text));
	return o;
}

/* Prints a list of clauses as text or JSON. */
static int print_clauses(acc_cli *c, const acc_clause *cl, size_t n, int json)
{
	size_t i;

	if (json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(a, clause_json(&cl[i], 0));
		return out_json(c, a);
	}
	for (i = 0; i < n; i++)
		out_printf(c, "%*s%s%s %s  [%s]\n", cl[i].depth * 2, "",
			   cl[i].container ? "Part " : "", cl[i].number, cl[i].heading, cl[i].id);
	return 0;
}

static const struct option read_opts[] = {{"json", no_argument, NULL, OPT_JSON},
					  {"at", required_argument, NULL, OPT_AT},
					  {"help", no_argument, NULL, OPT_HELP},
					  {NULL, 0, NULL, 0}};

/* accord clauses */
static int cmd_clauses(acc_cli *c, int argc, char **argv)
{
	int o, json = 0, rc;
	const char *at = NULL;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else if (o == OPT_AT)
			at = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0)
		return out_fail(c, rc);
	if (at) {
		acc_state *st = NULL;
		acc_oid_hex id;

		if ((rc = acc_ops_state(&st, id, c->ctx, at)) < 0)
			return out_fail(c, rc);
		rc = print_clauses(c, st->clauses, st->nclauses, json);
		acc_state_free(st);
	} else {
		acc_index *ix;
		acc_clause *cl = NULL;
		size_t n = 0;

		if ((rc = acc_ops_index(&ix, c->ctx)) < 0 ||
		    (rc = acc_index_clauses(ix, &cl, &n)) < 0)
			return out_fail(c, rc);
		rc = print_clauses(c, cl, n, json);
		acc_clauses_free(cl, n);
	}
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord show CLAUSE */
static int cmd_show(acc_cli *c, int argc, char **argv)
{
	int o, json = 0, rc;
	const char *at = NULL;
	acc_state *st = NULL;
	const acc_clause *cl;
	acc_oid_hex id;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else if (o == OPT_AT)
			at = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if ((rc = acc_id_check(argv[optind], "clause")) < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, id, c->ctx, at)) < 0)
		return out_fail(c, rc);
	if (!(cl = acc_state_clause(st, argv[optind]))) {
		acc_error_set(ACC_ENOTFOUND, "no clause '%s' at %.12s", argv[optind], id);
		acc_state_free(st);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (json) {
		json_t *j = clause_json(cl, 1);

		json_object_set_new(j, "revision", js(id));
		rc = out_json(c, j);
	} else {
		out_printf(c, "%s%s %s\n", cl->container ? "Part " : "Article ", cl->number,
			   cl->heading);
		if (cl->text[0])
			out_printf(c, "\n%s", cl->text);
	}
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord orgs */
static int cmd_orgs(acc_cli *c, int argc, char **argv)
{
	int o, json = 0, rc;
	acc_index *ix;
	acc_org_row *r = NULL;
	size_t i, n = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else
			return o == OPT_AT ? out_usage(c, "--at is not supported here")
					   : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_index(&ix, c->ctx)) < 0 ||
	    (rc = acc_index_orgs(ix, &r, &n)) < 0)
		return out_fail(c, rc);
	if (json) {
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

/* The amendments an action made fall (its Accord-Fallen trailers). */
static json_t *log_fallen_json(const char *body)
{
	json_t *a = json_array();
	const char *p = body;

	while (p && (p = strstr(p, "Accord-Fallen: "))) {
		size_t n;
		char *id;

		if (p != body && p[-1] != '\n') {
			p++;
			continue;
		}
		p += strlen("Accord-Fallen: ");
		n = strcspn(p, "\n");
		id = acc_strndup(p, n);
		json_array_append_new(a, js(id ? id : ""));
		free(id);
		p += n;
	}
	return a;
}

/* Prints "fallen: X, Y" under an action that made amendments fall. */
static void log_fallen_text(acc_cli *c, const char *body)
{
	json_t *a = log_fallen_json(body);
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
	static const struct option opts[] = {{"json", no_argument, NULL, OPT_JSON},
					     {"clause", required_argument, NULL, 'c'},
					     {"max-count", required_argument, NULL, 'n'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	int o, json = 0, rc;
	const char *clause = NULL;
	long limit = 0;
	acc_index *ix;
	acc_log_entry *v = NULL;
	size_t i, n = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "n:", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON) {
			json = 1;
		} else if (o == 'c') {
			clause = optarg;
		} else if (o == 'n') {
			char *end;

			limit = strtol(optarg, &end, 10);
			if (*end || limit <= 0)
				return out_usage(c, "-n takes a positive number");
		} else {
			return ACC_EXIT_USAGE;
		}
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if (clause && acc_id_check(clause, "clause") < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_index(&ix, c->ctx)) < 0 ||
	    (rc = acc_index_log(ix, &v, &n, clause, (size_t)limit)) < 0)
		return out_fail(c, rc);
	if (json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++) {
			json_t *j = json_object();

			json_object_set_new(j, "commit", js(v[i].id));
			json_object_set_new(j, "time", json_integer(v[i].time));
			json_object_set_new(j, "author", js(v[i].author));
			json_object_set_new(j, "email", js(v[i].email));
			json_object_set_new(j, "action", js(v[i].action));
			json_object_set_new(j, "subject", js(v[i].subject));
			json_object_set_new(j, "org", js(v[i].org));
			json_object_set_new(j, "clause", js(v[i].clause));
			json_object_set_new(j, "amendment", js(v[i].amendment));
			json_object_set_new(j, "ballot", js(v[i].ballot));
			json_object_set_new(j, "fallen", log_fallen_json(v[i].body));
			json_array_append_new(a, j);
		}
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
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_index *ix;
	long long n = 0;
	acc_oid_hex head;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_index(&ix, c->ctx)) < 0)
		return out_fail(c, rc);
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
	int o, json = 0, rc;
	acc_index *ix;
	acc_state *st = NULL;
	acc_oid_hex head;
	unsigned counts[7];
	long long actions = 0;
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	size_t i, open = 0, nclauses = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else
			return o == OPT_AT ? out_usage(c, "--at is not supported here")
					   : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_index(&ix, c->ctx)) < 0 ||
	    (rc = acc_index_status_counts(ix, counts)) < 0 ||
	    (rc = acc_index_log_count(ix, &actions)) < 0 ||
	    (rc = acc_index_clause_count(ix, &nclauses)) < 0 ||
	    (rc = acc_ops_state_part(&st, head, c->ctx, NULL, NULL)) < 0)
		return out_fail(c, rc);
	if (acc_ops_whoami(&org, &del, c->ctx, st) < 0) {
		org = NULL;
		acc_error_clear();
	}
	open = counts[ACC_ST_VOTING] + (st->ratification.state == ACC_BALLOT_OPEN);
	if (json) {
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
	int o, json = 0, rc;
	acc_index *ix;
	acc_search_hit *h = NULL;
	acc_buf q = ACC_BUF_INIT;
	size_t i, n = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else
			return o == OPT_AT ? out_usage(c, "--at is not supported here")
					   : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, INT_MAX)))
		return rc;
	for (i = (size_t)optind; i < (size_t)argc; i++)
		acc_buf_printf(&q, "%s%s", q.size ? " " : "", argv[i]);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_index(&ix, c->ctx)) < 0 ||
	    (rc = acc_index_search(ix, &h, &n, q.ptr ? q.ptr : "")) < 0) {
		acc_buf_free(&q);
		return out_fail(c, rc);
	}
	acc_buf_free(&q);
	if (json) {
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

/* Fills an amendment summary row from the state (for voting order). */
static json_t *amendment_row_json(const acc_amendment_row *r)
{
	json_t *j = json_object(), *co = json_array();
	const char *p = r->cosponsors;

	json_object_set_new(j, "id", js(r->id));
	json_object_set_new(j, "clause", js(r->clause));
	json_object_set_new(j, "operation", js(r->op));
	json_object_set_new(j, "status", js(r->status));
	json_object_set_new(j, "sponsor", js(r->sponsor));
	while (p && *p) {
		size_t l = strcspn(p, ",");
		char *one = acc_strndup(p, l);

		json_array_append_new(co, js(one));
		free(one);
		p += l + (p[l] == ',');
	}
	json_object_set_new(j, "cosponsors", co);
	json_object_set_new(j, "amends", r->amends[0] ? js(r->amends) : json_null());
	json_object_set_new(j, "rationale", js(r->rationale));
	json_object_set_new(j, "votes", json_integer(r->votes));
	return j;
}

/* Prints one amendment row as a line. */
static void amendment_row_text(acc_cli *c, const acc_amendment_row *r)
{
	out_printf(c, "%-22s %-9s %-12s %-36s %s%s%s\n", r->id, r->status, r->op, r->clause,
		   r->sponsor, r->amends[0] ? " amends " : "", r->amends);
}

/* Turns a state amendment into a row (borrowing its strings). */
static void row_of(acc_amendment_row *r, const acc_amendment *a, char *cosponsors)
{
	memset(r, 0, sizeof(*r));
	r->id = a->id;
	r->sponsor = a->sponsor;
	r->clause = a->clause;
	r->op = (char *)acc_op_name(a->op);
	r->status = (char *)acc_status_name(a->status);
	r->amends = a->amends ? a->amends : "";
	r->rationale = a->rationale ? a->rationale : "";
	r->text = a->text;
	r->cosponsors = cosponsors;
	r->seq = a->seq;
	r->votes = (unsigned)a->ballot.nvotes;
}

/* accord amendments */
static int cmd_amendments(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, OPT_JSON},
					     {"clause", required_argument, NULL, 'c'},
					     {"status", required_argument, NULL, 's'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	const char *clause = NULL, *status = NULL;
	int o, json = 0, rc = 0;
	acc_status sv;
	json_t *arr = NULL;
	size_t i;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else if (o == 'c')
			clause = optarg;
		else if (o == 's')
			status = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
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
		const acc_amendment **order = NULL;
		size_t n = 0, pass;

		if ((rc = acc_ops_state(&st, head, c->ctx, NULL)) < 0)
			goto fail;
		if (!acc_state_clause(st, clause) && !json) {
			int found = 0;

			for (i = 0; i < st->namendments; i++)
				found |= strcmp(st->amendments[i].clause, clause) == 0;
			if (!found) {
				acc_state_free(st);
				rc = acc_error_set(ACC_ENOTFOUND, "no clause '%s'", clause);
				goto fail;
			}
		}
		if ((rc = acc_ops_voting_order(&order, &n, st, clause)) < 0) {
			acc_state_free(st);
			goto fail;
		}
		for (pass = 0; pass < 2; pass++) {
			size_t m = pass == 0 ? n : st->namendments;

			for (i = 0; i < m; i++) {
				const acc_amendment *a = pass == 0 ? order[i] : &st->amendments[i];
				acc_amendment_row r;
				acc_buf co = ACC_BUF_INIT;
				size_t k;
				int pending = 0;

				for (k = 0; k < n; k++)
					pending |= order[k] == a;
				if (pass == 1 && (pending || strcmp(a->clause, clause) != 0))
					continue;
				if (status && a->status != sv)
					continue;
				for (k = 0; k < a->cosponsors.count; k++)
					acc_buf_printf(&co, "%s%s", k ? "," : "",
						       a->cosponsors.items[k]);
				row_of(&r, a, co.ptr ? co.ptr : "");
				if (json) {
					json_t *j = amendment_row_json(&r);

					json_object_set_new(j, "voting_order",
							    pass == 0
								? json_integer((json_int_t)i + 1)
								: json_null());
					json_array_append_new(arr, j);
				} else {
					if (pass == 0)
						out_printf(c, "%2zu. ", i + 1);
					else
						out_printf(c, "    ");
					amendment_row_text(c, &r);
				}
				acc_buf_free(&co);
			}
		}
		free(order);
		acc_state_free(st);
	} else {
		acc_index *ix;
		acc_amendment_row *rows = NULL;
		size_t n = 0;

		if ((rc = acc_ops_index(&ix, c->ctx)) < 0 ||
		    (rc = acc_index_amendments(ix, &rows, &n, NULL, status)) < 0)
			goto fail;
		for (i = 0; i < n; i++) {
			if (json)
				json_array_append_new(arr, amendment_row_json(&rows[i]));
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

/* The roll-call of a ballot: one object per vote cast. */
static json_t *votes_json(const acc_ballot *b)
{
	json_t *votes = json_array();
	size_t i;

	for (i = 0; i < b->nvotes; i++) {
		json_t *v = json_object();

		json_object_set_new(v, "org", js(b->votes[i].org));
		json_object_set_new(v, "vote", js(acc_vote_name(b->votes[i].vote)));
		json_object_set_new(v, "delegate", js(b->votes[i].delegate));
		json_array_append_new(votes, v);
	}
	return votes;
}

/* The JSON of a ballot's recorded state and votes. */
static json_t *ballot_json(const acc_state *st, const acc_ballot *b)
{
	json_t *j = json_object();
	char q[32];

	json_object_set_new(j, "status",
			    js(b->state == ACC_BALLOT_NONE     ? "not opened"
			       : b->state == ACC_BALLOT_OPEN   ? "open"
			       : b->state == ACC_BALLOT_CLOSED ? "closed"
							       : "fallen"));
	json_object_set_new(j, "rule", js(acc_rule_name(b->rule)));
	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	json_object_set_new(j, "quorum", js(q));
	if (b->state == ACC_BALLOT_FALLEN)
		json_object_set_new(j, "fallen_by", js(b->fallen_by));
	json_object_set_new(j, "votes", votes_json(b));
	(void)st;
	return j;
}

/* accord amendment ID */
static int cmd_amendment(acc_cli *c, int argc, char **argv)
{
	int o, json = 0, rc;
	const char *at = NULL;
	acc_state *st = NULL;
	const acc_amendment *a;
	acc_oid_hex id;
	size_t i;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else if (o == OPT_AT)
			at = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if (acc_id_check(argv[optind], "amendment") < 0)
		return out_fail(c, ACC_EUSAGE);
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, id, c->ctx, at)) < 0)
		return out_fail(c, rc);
	if (!(a = acc_state_amendment(st, argv[optind]))) {
		acc_error_set(ACC_ENOTFOUND, "no amendment '%s'", argv[optind]);
		acc_state_free(st);
		return out_fail(c, ACC_ENOTFOUND);
	}
	if (json) {
		json_t *j = json_object(), *co = json_array();

		json_object_set_new(j, "id", js(a->id));
		json_object_set_new(j, "clause", js(a->clause));
		json_object_set_new(j, "operation", js(acc_op_name(a->op)));
		json_object_set_new(j, "status", js(acc_status_name(a->status)));
		json_object_set_new(j, "sponsor", js(a->sponsor));
		for (i = 0; i < a->cosponsors.count; i++)
			json_array_append_new(co, js(a->cosponsors.items[i]));
		json_object_set_new(j, "cosponsors", co);
		json_object_set_new(j, "amends", js(a->amends));
		json_object_set_new(j, "new_clause", js(a->new_clause));
		json_object_set_new(j, "heading", js(a->heading));
		json_object_set_new(j, "base", js(a->base));
		json_object_set_new(j, "rationale", js(a->rationale));
		json_object_set_new(j, "text", js(a->text));
		json_object_set_new(j, "ballot", ballot_json(st, &a->ballot));
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
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
}

/* accord tally ID */
static int cmd_tally(acc_cli *c, int argc, char **argv)
{
	int o, json = 0, rc;
	const char *at = NULL, *bid;
	acc_state *st = NULL, *closing = NULL;
	const acc_ballot *b = NULL;
	acc_tally t;
	acc_oid_hex id, cid;
	char q[32];

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else if (o == OPT_AT)
			at = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	bid = argv[optind];
	if (strcmp(bid, "ratification") != 0 && acc_id_check(bid, "amendment") < 0)
		return out_fail(c, ACC_EUSAGE);
	/* only the ballot, its amendment and the registry are read: a tally
	 * costs the same in a convention of a million votes */
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_state_part(&st, id, c->ctx, at, bid)) < 0)
		goto fail;
	if ((rc = acc_ops_ballot(&b, st, bid)) < 0)
		goto fail;
	if (b->state == ACC_BALLOT_NONE || b->state == ACC_BALLOT_FALLEN) {
		rc = acc_error_set(ACC_EREFUSED, "%s has no ballot%s", bid,
				   b->state == ACC_BALLOT_FALLEN ? ": it fell" : " yet");
		goto fail;
	}
	if (b->state == ACC_BALLOT_CLOSED) {
		/* recount from the tree of the commit that closed it */
		acc_index *ix;

		if ((rc = acc_ops_index(&ix, c->ctx)) < 0 ||
		    (rc = acc_index_closing_commit(ix, cid, bid)) < 0)
			goto fail;
		if (at && !acc_store_is_ancestor(acc_ctx_store(c->ctx), cid, id)) {
			rc = acc_error_set(ACC_ERROR, "cannot find the commit closing %s", bid);
			goto fail;
		}
		if ((rc = acc_store_load_part(&closing, acc_ctx_store(c->ctx), cid, bid)) < 0 ||
		    (rc = acc_ops_ballot(&b, closing, bid)) < 0 ||
		    (rc = acc_ops_tally(&t, closing, b)) < 0)
			goto fail;
	} else if ((rc = acc_ops_tally(&t, st, b)) < 0) {
		goto fail;
	}
	acc_fraction_format(q, sizeof(q), b->quorum_num, b->quorum_den);
	if (json) {
		json_t *j = json_object();

		json_object_set_new(j, "ballot", js(bid));
		json_object_set_new(j, "status",
				    js(b->state == ACC_BALLOT_OPEN ? "open" : "closed"));
		json_object_set_new(j, "rule", js(acc_rule_name(b->rule)));
		json_object_set_new(j, "quorum", js(q));
		json_object_set_new(j, "yes", json_integer(t.yes));
		json_object_set_new(j, "no", json_integer(t.no));
		json_object_set_new(j, "abstain", json_integer(t.abstain));
		json_object_set_new(j, "absent", json_integer(t.absent));
		json_object_set_new(j, "members", json_integer(t.members));
		json_object_set_new(j, "weighted", json_boolean(t.weighted));
		if (t.weighted) {
			json_object_set_new(j, "weighted_yes", json_integer((json_int_t)t.w_yes));
			json_object_set_new(j, "weighted_no", json_integer((json_int_t)t.w_no));
			json_object_set_new(j, "weighted_abstain",
					    json_integer((json_int_t)t.w_abstain));
			json_object_set_new(j, "weighted_absent",
					    json_integer((json_int_t)t.w_absent));
		}
		json_object_set_new(j, "quorum_met", json_boolean(t.quorum_met));
		json_object_set_new(j, "result", js(acc_result_name(t.result)));
		json_object_set_new(j, "reason", js(t.reason));
		if (b->state == ACC_BALLOT_CLOSED) {
			json_t *r = json_object();

			json_object_set_new(r, "result", js(acc_result_name(b->result)));
			json_object_set_new(r, "yes", json_integer(b->yes));
			json_object_set_new(r, "no", json_integer(b->no));
			json_object_set_new(r, "abstain", json_integer(b->abstain));
			json_object_set_new(r, "absent", json_integer(b->absent));
			json_object_set_new(r, "quorum_met", json_boolean(b->quorum_met));
			json_object_set_new(j, "recorded", r);
			json_object_set_new(j, "closed_at", js(cid));
		}
		json_object_set_new(j, "roll_call", votes_json(b));
		rc = out_json(c, j);
	} else {
		size_t i;

		out_printf(c, "ballot on %s: %s%s%s\n", bid,
			   b->state == ACC_BALLOT_OPEN ? "open" : "closed",
			   t.result == ACC_RESULT_PENDING ? "" : ", ",
			   t.result == ACC_RESULT_PENDING ? "" : acc_result_name(t.result));
		out_printf(c, "rule: %s majority; quorum %s (%s)\n", acc_rule_name(b->rule), q,
			   t.quorum_met ? "met" : "not met");
		out_printf(c, "yes %u, no %u, abstain %u, absent %u (of %u members)\n", t.yes, t.no,
			   t.abstain, t.absent, t.members);
		if (t.weighted)
			out_printf(c, "weighted: yes %lu, no %lu, abstain %lu, absent %lu\n",
				   t.w_yes, t.w_no, t.w_abstain, t.w_absent);
		out_printf(c, "%s: %s\n", t.result == ACC_RESULT_PENDING ? "standing" : "because",
			   t.reason);
		for (i = 0; i < b->nvotes; i++)
			out_printf(c, "  %-20s %s\n", b->votes[i].org,
				   acc_vote_name(b->votes[i].vote));
	}
	acc_state_free(closing);
	acc_state_free(st);
	return rc < 0 ? out_fail(c, rc) : 0;
fail:
	acc_state_free(closing);
	acc_state_free(st);
	return out_fail(c, rc);
}

/* ---- actions --------------------------------------------------------------- */

/* accord propose CLAUSE ... */
static int cmd_propose(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"replace", no_argument, NULL, 'r'},
					     {"insert-after", no_argument, NULL, 'i'},
					     {"delete", no_argument, NULL, 'd'},
					     {"text-file", required_argument, NULL, 't'},
					     {"rationale", required_argument, NULL, 'R'},
					     {"amends", required_argument, NULL, 'a'},
					     {"cosponsor", required_argument, NULL, 'c'},
					     {"heading", required_argument, NULL, 'H'},
					     {"id", required_argument, NULL, 'I'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_propose_args a;
	const char *cos[64];
	const char *textfile = NULL;
	char *text = NULL, *id = NULL;
	size_t len = 0;
	acc_oid_hex commit;
	int o, rc, nops = 0;

	memset(&a, 0, sizeof(a));
	a.cosponsors = cos;
	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		switch (o) {
		case OPT_HELP:
			return acc_cli_command_help(c);
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
			textfile = optarg;
			break;
		case 'R':
			a.rationale = optarg;
			break;
		case 'a':
			a.amends = optarg;
			break;
		case 'H':
			a.heading = optarg;
			break;
		case 'I':
			a.new_clause = optarg;
			break;
		case 'c':
			if (a.ncosponsors == 64)
				return out_usage(c, "too many co-sponsors");
			cos[a.ncosponsors++] = optarg;
			break;
		default:
			return ACC_EXIT_USAGE;
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
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_oid_hex commit;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_withdraw(commit, c->ctx, argv[optind])) < 0)
		return out_fail(c, rc);
	out_printf(c, "withdrew %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord open ID */
static int cmd_open(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"rule", required_argument, NULL, 'r'},
					     {"quorum", required_argument, NULL, 'q'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	const char *rule = NULL, *quorum = NULL;
	acc_oid_hex commit;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == 'r')
			rule = optarg;
		else if (o == 'q')
			quorum = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_open(commit, c->ctx, argv[optind], rule, quorum)) < 0)
		return out_fail(c, rc);
	out_printf(c, "opened the ballot on %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord close ID */
static int cmd_close(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_oid_hex commit;
	acc_tally t;
	char *tag = NULL;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = acc_ops_close(commit, &t, &tag, c->ctx, argv[optind])) < 0)
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
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_oid_hex commit;
	acc_vote v;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 2, 2)))
		return rc;
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
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_oid_hex commit;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_sign(commit, c->ctx)) < 0)
		return out_fail(c, rc);
	out_printf(c, "signed (%.12s)\n", commit);
	return 0;
}

/* accord order CLAUSE ID... */
static int cmd_order(acc_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_oid_hex commit;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 1, INT_MAX)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc =
		 acc_ops_order(commit, c->ctx, argv[optind], (const char *const *)argv + optind + 1,
			       (size_t)(argc - optind - 1))) < 0)
		return out_fail(c, rc);
	out_printf(c, "set the voting order of %s (%.12s)\n", argv[optind], commit);
	return 0;
}

/* accord allowed-signers [--at REV] */
static int cmd_allowed_signers(acc_cli *c, int argc, char **argv)
{
	int o, rc;
	const char *at = NULL;
	acc_state *st = NULL;
	acc_oid_hex id;
	size_t i, j;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", read_opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_AT)
			at = optarg;
		else
			return o == OPT_JSON ? acc_cli_want_args(c, 0, NULL, 1, 1) : ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 || (rc = acc_ops_state(&st, id, c->ctx, at)) < 0)
		return out_fail(c, rc);
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
	acc_state_free(st);
	return 0;
}

/* accord verify [--at REV] [--since REV] [--json] */
static int cmd_verify(acc_cli *c, int argc, char **argv)
{
	int o, json = 0, rc;
	const char *at = NULL, *since = NULL;
	acc_verify_report r;
	size_t i;
	static const struct option opts[] = {{"json", no_argument, NULL, OPT_JSON},
					     {"at", required_argument, NULL, OPT_AT},
					     {"since", required_argument, NULL, OPT_AT + 100},
					     {"help", no_argument, NULL, OPT_HELP},
					     {0, 0, 0, 0}};

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else if (o == OPT_AT)
			at = optarg;
		else if (o == OPT_AT + 100)
			since = optarg;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 0)))
		return rc;
	if ((rc = acc_cli_need_ctx(c)) < 0 ||
	    (rc = since ? acc_verify_since(&r, c->ctx, since, at) : acc_verify(&r, c->ctx, at)) < 0)
		return out_fail(c, rc);
	if (json) {
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
	static const struct option opts[] = {{"json", no_argument, NULL, OPT_JSON},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	const char *remote = "origin";
	acc_sync_report r;
	int o, rc, json = 0;
	size_t i;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == OPT_JSON)
			json = 1;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
		return rc;
	if (optind < argc)
		remote = argv[optind];
	if ((rc = acc_cli_need_ctx(c)) < 0)
		return out_fail(c, rc);
	rc = acc_sync(&r, c->ctx, remote);
	for (i = 0; i < r.problems.count; i++)
		fprintf(c->err, "accord: %.12s %s\n", r.problems.problems[i].commit,
			r.problems.problems[i].message);
	if (rc < 0) {
		acc_sync_report_free(&r);
		return out_fail(c, rc);
	}
	if (json) {
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
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_store *s = NULL;
	acc_state *st = NULL;
	acc_verify_report r;
	acc_ctx *ctx = NULL;
	acc_oid_hex head;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 2, 2)))
		return rc;
	if ((rc = acc_store_clone(&s, argv[optind], argv[optind + 1])) < 0)
		return out_fail(c, rc);
	acc_store_free(s);
	/* what arrived is verified before it is trusted */
	if ((rc = acc_ctx_open(&ctx, argv[optind + 1], NULL)) < 0 ||
	    (rc = acc_verify(&r, ctx, NULL)) < 0) {
		acc_ctx_free(ctx);
		return out_fail(c, rc);
	}
	if (r.count) {
		fprintf(c->err, "accord: %.12s %s\n", r.problems[0].commit, r.problems[0].message);
		acc_error_set(ACC_EVERIFY,
			      "the cloned history has %zu problems (see accord verify)", r.count);
		acc_verify_report_free(&r);
		acc_ctx_free(ctx);
		return out_fail(c, ACC_EVERIFY);
	}
	acc_verify_report_free(&r);
	if ((rc = acc_store_head(acc_ctx_store(ctx), head)) == 0)
		rc = acc_store_set_ref(acc_ctx_store(ctx), "refs/accord/verified/origin", head,
				       "accord: clone");
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

/* The author of an initial commit: the actor, else git's user, else accord. */
static void init_person(acc_cli *c, acc_person *who, char **name, char **email)
{
	const char *d = getenv("ACCORD_DATE");

	*name = NULL;
	*email = acc_cli_actor_email(c, NULL);
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
	static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
					     {"demo-keys", no_argument, NULL, 'k'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	const char *from = NULL;
	int demo_keys = 0;
	acc_oid_hex commit;
	acc_person who;
	char *name, *email;
	int o, rc;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (o == OPT_HELP)
			return acc_cli_command_help(c);
		if (o == 'f')
			from = optarg;
		else if (o == 'k')
			demo_keys = 1;
		else
			return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 1, 1)))
		return rc;
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
	static const struct option opts[] = {{"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	char *dir = NULL;
	int o, rc, created = 0;

	acc_cli_opts_begin();
	while ((o = acc_cli_next_opt(c, argc, argv, "", opts)) != -1)
		return o == OPT_HELP ? acc_cli_command_help(c) : ACC_EXIT_USAGE;
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
		return rc;
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
		memset(&topts, 0, sizeof(topts));
		topts.key = c->key;
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
	static const struct option opts[] = {{"keys", no_argument, NULL, 'k'},
					     {"help", no_argument, NULL, OPT_HELP},
					     {NULL, 0, NULL, 0}};
	acc_tui_options o;
	int opt, rc;

	acc_cli_opts_begin();
	while ((opt = acc_cli_next_opt(c, argc, argv, "", opts)) != -1) {
		if (opt == OPT_HELP)
			return acc_cli_command_help(c);
		if (opt == 'k') {
			/* the key table, as the man page lists it */
			acc_tui_print_keys(c->out, 1);
			return 0;
		}
		return ACC_EXIT_USAGE;
	}
	if ((rc = acc_cli_want_args(c, argc, argv, 0, 1)))
		return rc;
	memset(&o, 0, sizeof(o));
	o.start = optind < argc ? argv[optind] : NULL;
	o.key = c->key;
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

const acc_cli_command acc_cli_commands[] = {
    {"init", cmd_init, "DIR --from PROPOSAL_DIR",
     "Create a convention repository from a proposal folder, in one commit.",
     "  --from DIR       the proposal (convention, toc, clauses/, orgs/)\n"},
    {"demo", cmd_demo, "[DIR]",
     "Create (if absent) the demo convention, with a short real history.", ""},
    {"status", cmd_status, "[--json]",
     "Show the convention, its amendments and open ballots, and who you are.", JSON_OPT},
    {"clauses", cmd_clauses, "[--at REV] [--json]",
     "List the clauses in order with their display numbers.", AT_OPT JSON_OPT},
    {"show", cmd_show, "CLAUSE [--at REV] [--json]", "Show one clause's text.", AT_OPT JSON_OPT},
    {"orgs", cmd_orgs, "[--json]", "List the signatory organisations.", JSON_OPT},
    {"log", cmd_log, "[--clause ID] [-n N] [--json]", "List the actions, newest first.",
     "  --clause ID      only actions that touched clause ID\n"
     "  -n, --max-count N  at most N actions\n" JSON_OPT},
    {"search", cmd_search, "QUERY... [--json]",
     "Search clauses and amendments (every word must match).", JSON_OPT},
    {"amendments", cmd_amendments, "[--clause ID] [--status S] [--json]",
     "List amendments; with --clause, pending ones in voting order.",
     "  --clause ID      amendments to clause ID, in voting order\n"
     "  --status S       tabled, voting, adopted, rejected, withdrawn, fallen or stale\n" JSON_OPT},
    {"amendment", cmd_amendment, "ID [--at REV] [--json]", "Show everything about one amendment.",
     AT_OPT JSON_OPT},
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
     "  --id ID          id of an inserted clause (default: the amendment's id)\n"},
    {"withdraw", cmd_withdraw, "AMENDMENT", "Withdraw your organisation's amendment.", ""},
    {"open", cmd_open, "(AMENDMENT | ratification) [--rule RULE] [--quorum FRACTION]",
     "Open a ballot (chair only).",
     "  --rule R         simple, two-thirds, absolute, unanimity or consensus\n"
     "  --quorum F       fraction of members that must vote, e.g. 1/2\n"},
    {"vote", cmd_vote, "(AMENDMENT | ratification) (yes | no | abstain)",
     "Vote for your organisation; a later vote replaces an earlier one.", ""},
    {"close", cmd_close, "(AMENDMENT | ratification)",
     "Close a ballot (chair only): count, record, and apply an adopted amendment.", ""},
    {"tally", cmd_tally, "(AMENDMENT | ratification) [--at REV] [--json]",
     "Count a ballot: the running count, or a closed ballot's recount.", AT_OPT JSON_OPT},
    {"sign", cmd_sign, "", "Sign the ratified convention for your organisation.", ""},
    {"order", cmd_order, "CLAUSE [AMENDMENT...]",
     "Set the voting order of a clause's amendments (chair only; none resets it).", ""},
    {"export", acc_cmd_export,
     "[--format md|txt|html|akn|json|csv] [--at REV] [--changes-since REV] [-o FILE]",
     "Export the convention as a document (by default its latest ratified text).",
     "  -f, --format F   md, txt, html, akn (Akoma Ntoso XML), json or csv (default: from\n"
     "                   the -o file's extension, else md)\n"
     "  --at REV         export the convention as it was at REV (default: the latest\n"
     "                   ratification tag, else the current text)\n"
     "  --changes-since REV  html: show insertions and deletions since REV\n"
     "  -o, --output F   write to F (replaced whole) instead of standard output\n"},
    {"allowed-signers", cmd_allowed_signers, "[--at REV]",
     "Print a git allowed_signers file built from the registry.", AT_OPT},
    {"verify", cmd_verify, "[--at REV] [--since REV] [--json]",
     "Audit the whole history: signatures, permissions and procedure (exit 4 on problems).",
     AT_OPT "  --since REV      check only the commits after REV (an ancestor)\n" JSON_OPT},
    {"clone", cmd_clone, "URL DIR", "Clone a convention from a git remote into DIR, and verify it.",
     ""},
    {"sync", cmd_sync, "[REMOTE] [--json]",
     "Fetch, verify, replay your unshared actions on top, and push (default: origin).", JSON_OPT},
    {"diff", acc_cmd_diff,
     "AMENDMENT [--format=inline|side|json] [--color=WHEN] [--at REV] | --from REV [--to REV] "
     "[CLAUSE]",
     "Show an amendment, or what changed between two revisions, as a word diff.",
     "  --format=F       inline (track changes, the default), side (side by side) or json\n"
     "  --color=WHEN     auto (on a terminal, unless NO_COLOR or TERM=dumb), always or\n"
     "                   never; without colour: [-deleted-] and {+inserted+}\n"
     "  --json           the same as --format=json\n" AT_OPT
     "  --from REV       what changed from the convention at REV...\n"
     "  --to REV         ...to the convention at REV (default: the tip)\n"},
    {"rebase", acc_cmd_rebase, "AMENDMENT",
     "Carry your stale amendment onto the current text (a word merge), or show the conflict.", ""},
    {"blame", acc_cmd_blame, "CLAUSE [--at REV] [--json]",
     "Show which adopted amendment, and ballot, put each word of a clause there.", AT_OPT JSON_OPT},
    {"reindex", cmd_reindex, "", "Rebuild the index from the repository.", ""},
    {"tui", cmd_tui, "[CLAUSE | AMENDMENT] [--keys]",
     "Open the full-screen interface (at a clause or amendment when given).",
     "  --keys           print the interface's keys (the man page's list)\n"},
    {"help", cmd_help, "[COMMAND]", "Show help for accord or one command.", ""},
    {NULL, NULL, NULL, NULL, NULL},
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
	rc = c.cmd->run(&c, argc, argv);
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
