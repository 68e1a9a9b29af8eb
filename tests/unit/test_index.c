/* Unit tests of index: real SQLite files in a temporary folder: creation,
 * reopening, files that must be moved aside and rebuilt (garbage, another
 * application's database, another schema, damaged pages), the log, the
 * state tables loaded from the bundled proposal, search and counts.  The
 * sqlite3 command-line tool makes and inspects foreign files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>
#include <ctype.h>

#include <cmocka.h>

#include "accord/index.h"
#include "accord/model.h"
#include "helpers/testutil.h"

#define HEAD_A "0123456789abcdef0123456789abcdef01234567"
#define HEAD_B "fedcba9876543210fedcba9876543210fedcba98"

/* ---------------------------------------------------------------- helpers */

/* The group's temporary folder. */
static char *tmp_root;

/* Counter that names each index file uniquely. */
static int file_seq;

/* Creates the group's temporary folder. */
static int group_setup(void **state)
{
	(void)state;
	tmp_root = tu_mkdtemp();
	return tmp_root ? 0 : -1;
}

/* Removes the group's temporary folder. */
static int group_teardown(void **state)
{
	int rc = tu_rmrf(tmp_root);

	(void)state;
	free(tmp_root);
	tmp_root = NULL;
	return rc;
}

/* A new path for an index file (static buffer; the file does not exist). */
static const char *new_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s-%d.sqlite", tmp_root, name, ++file_seq);
	return path;
}

/* Opens path, expecting success and the given rebuilt flag. */
static acc_index *open_ok(const char *path, int want_rebuilt)
{
	acc_index *ix = NULL;
	int rebuilt = -1;

	if (acc_index_open(&ix, path, &rebuilt) != 0)
		fail_msg("cannot open %s: %s", path, acc_error_last());
	assert_non_null(ix);
	if (rebuilt != want_rebuilt)
		fail_msg("%s: rebuilt is %d, expected %d", path, rebuilt, want_rebuilt);
	return ix;
}

/* Output of the sqlite3 tool on db for sql, final newline removed (caller
 * frees); fails unless it exits with 0. */
static char *sql_out(const char *db, const char *sql)
{
	char *qd = tu_shquote(db), *qs = tu_shquote(sql), *out = NULL;
	size_t n;
	int st;

	assert_non_null(qd);
	assert_non_null(qs);
	st = tu_run(&out, "sqlite3 -batch %s %s 2>&1", qd, qs);
	free(qd);
	free(qs);
	if (st != 0)
		fail_msg("sqlite3 %s failed (%d): %s", sql, st, out ? out : "");
	assert_non_null(out);
	n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

/* Fails the test unless the sqlite3 tool is installed. */
static void need_sqlite3_tool(void)
{
	if (tu_run(NULL, "command -v sqlite3 >/dev/null 2>&1") != 0)
		fail_msg("the sqlite3 command-line tool is needed (apt-get install sqlite3)");
}

/* A log entry with the given fields (strings are borrowed). */
static acc_log_entry entry(long long seq, const char *clause, const char *action)
{
	acc_log_entry e;

	memset(&e, 0, sizeof(e));
	snprintf(e.id, sizeof(e.id), "%040llx", seq * 0x1111);
	e.seq = seq;
	e.time = 1700000000 + seq;
	e.offset = 60;
	e.author = (char *)"Ingrid Halvorsen";
	e.email = (char *)"ingrid@example.org";
	e.action = (char *)action;
	e.subject = (char *)"A subject";
	e.clause = (char *)clause;
	e.amendment = (char *)"";
	e.org = (char *)"norland";
	e.body = (char *)"Body line one.\n\nAccord-Action: x\n";
	return e;
}

/* Loads the state of a folder (the bundled proposal or a variant). */
static acc_state *load_dir(const char *dir)
{
	acc_source *src = NULL;
	acc_state *st = NULL;

	assert_non_null(dir);
	assert_int_equal(acc_source_dir(&src, dir), 0);
	if (acc_state_load(&st, src) != 0)
		fail_msg("%s does not load: %s", dir, acc_error_last());
	acc_source_free(src);
	return st;
}

/* Puts st in ix as of head, in one transaction. */
static void put_state(acc_index *ix, const acc_state *st, const char *head)
{
	assert_int_equal(acc_index_begin(ix), 0);
	if (acc_index_put_state(ix, st, head) != 0)
		fail_msg("put_state: %s", acc_error_last());
	assert_int_equal(acc_index_commit(ix), 0);
}

/* 1 when word occurs in s as a whole word (not inside a longer one),
 * ignoring ASCII case: what a unicode61 token match finds. */
static int has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = s; p && (p = strcasestr(p, word)) != NULL; p++) {
		int before =
		    p > s && ((unsigned char)p[-1] >= 0x80 || isalnum((unsigned char)p[-1]));
		int after = (unsigned char)p[n] >= 0x80 || isalnum((unsigned char)p[n]);

		if (!before && !after)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------- opening */

/* A missing file becomes a new, empty index of our schema, in WAL mode. */
static void test_open_new(void **state)
{
	const char *path = new_path("new");
	acc_index *ix = open_ok(path, 0);
	char head[ACC_OID_HEXLEN + 1] = "x";
	unsigned counts[7];
	long long n = -1;
	acc_clause *cl = NULL;
	acc_org_row *orgs = NULL;
	acc_log_entry *log = NULL;
	size_t k = 99;
	char *out;
	int i;

	(void)state;
	need_sqlite3_tool();
	assert_true(tu_exists(path));
	assert_int_equal(acc_index_head(ix, head), 0);
	assert_string_equal(head, "");
	assert_int_equal(acc_index_log_count(ix, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(acc_index_log(ix, &log, &k, NULL, 0), 0);
	assert_int_equal(k, 0);
	free(log);
	assert_int_equal(acc_index_clauses(ix, &cl, &k), 0);
	assert_int_equal(k, 0);
	free(cl);
	assert_int_equal(acc_index_orgs(ix, &orgs, &k), 0);
	assert_int_equal(k, 0);
	free(orgs);
	assert_int_equal(acc_index_status_counts(ix, counts), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(counts[i], 0);
	acc_index_free(ix);

	out = sql_out(path, "PRAGMA application_id; PRAGMA user_version; PRAGMA journal_mode;");
	{
		char want[64];

		snprintf(want, sizeof(want), "1094931012\n%d\nwal", ACC_INDEX_SCHEMA);
		assert_string_equal(out, want);
	}
	free(out);
	{
		char aside[600];

		snprintf(aside, sizeof(aside), "%s.corrupt", path);
		assert_false(tu_exists(aside));
	}
}

/* Reopening keeps everything; a missing rebuilt pointer is allowed. */
static void test_reopen_keeps_data(void **state)
{
	const char *p = new_path("reopen");
	char path[512], head[ACC_OID_HEXLEN + 1];
	acc_index *ix;
	acc_log_entry e = entry(1, "purpose", "propose");
	acc_state *st = load_dir(tu_proposal_dir());
	acc_clause *cl = NULL;
	long long n = 0;
	size_t k = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s", p);
	ix = open_ok(path, 0);
	assert_int_equal(acc_index_begin(ix), 0);
	assert_int_equal(acc_index_add_log(ix, &e), 0);
	assert_int_equal(acc_index_commit(ix), 0);
	put_state(ix, st, HEAD_A);
	acc_index_free(ix);

	ix = NULL;
	assert_int_equal(acc_index_open(&ix, path, NULL), 0);
	assert_int_equal(acc_index_head(ix, head), 0);
	assert_string_equal(head, HEAD_A);
	assert_int_equal(acc_index_log_count(ix, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(acc_index_clauses(ix, &cl, &k), 0);
	assert_int_equal(k, st->nclauses);
	acc_clauses_free(cl, k);
	acc_index_free(ix);

	/* and again, through the rebuilt flag */
	ix = open_ok(path, 0);
	assert_int_equal(acc_index_log_count(ix, &n), 0);
	assert_int_equal(n, 1);
	acc_index_free(ix);
	acc_state_free(st);
}

/* A file of garbage is moved aside to <path>.corrupt (bytes intact), with
 * its stale journals dropped, and a new index is made. */
static void test_open_garbage(void **state)
{
	const char *p = new_path("garbage");
	char path[512], aside[600], wal[600];
	char junk[8192];
	char *back;
	size_t i, len = 0;
	acc_index *ix;
	acc_log_entry e = entry(1, "", "vote");
	long long n = 0;
	uint32_t x = 12345;

	(void)state;
	snprintf(path, sizeof(path), "%s", p);
	snprintf(aside, sizeof(aside), "%s.corrupt", path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	memcpy(junk, "this is not a database, just junk.", 34);
	for (i = 34; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	assert_int_equal(tu_write("/", path + 1, junk, sizeof(junk)), 0);
	assert_int_equal(tu_write("/", wal + 1, junk, 100), 0);

	ix = open_ok(path, 1);
	assert_true(tu_exists(aside));
	back = tu_read("/", aside + 1, &len);
	assert_non_null(back);
	assert_int_equal(len, sizeof(junk));
	assert_memory_equal(back, junk, sizeof(junk));
	free(back);
	/* the new index works */
	assert_int_equal(acc_index_add_log(ix, &e), 0);
	assert_int_equal(acc_index_log_count(ix, &n), 0);
	assert_int_equal(n, 1);
	acc_index_free(ix);
	/* and is not rebuilt again */
	ix = open_ok(path, 0);
	assert_int_equal(acc_index_log_count(ix, &n), 0);
	assert_int_equal(n, 1);
	acc_index_free(ix);
}

/* A valid SQLite database of another application is not ours: it is
 * moved aside, whole, and a new index is made. */
static void test_open_foreign_database(void **state)
{
	const char *p = new_path("foreign");
	char path[512], aside[600];
	acc_index *ix;
	char *out;

	(void)state;
	need_sqlite3_tool();
	snprintf(path, sizeof(path), "%s", p);
	snprintf(aside, sizeof(aside), "%s.corrupt", path);
	out = sql_out(path, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('keep me');");
	free(out);

	ix = open_ok(path, 1);
	acc_index_free(ix);
	out = sql_out(aside, "SELECT x FROM notes;");
	assert_string_equal(out, "keep me");
	free(out);
	out = sql_out(path, "PRAGMA application_id;");
	assert_string_equal(out, "1094931012");
	free(out);
	out = sql_out(path, "SELECT count(*) FROM sqlite_schema WHERE name='notes';");
	assert_string_equal(out, "0");
	free(out);
}

/* Our application id with another schema version is rebuilt too. */
static void test_open_other_schema_version(void **state)
{
	const char *p = new_path("version");
	char path[512];
	acc_index *ix;
	char *out;

	(void)state;
	need_sqlite3_tool();
	snprintf(path, sizeof(path), "%s", p);
	out = sql_out(path, "PRAGMA application_id=1094931012; PRAGMA user_version=99; "
			    "CREATE TABLE log(seq INTEGER PRIMARY KEY);");
	free(out);
	ix = open_ok(path, 1);
	acc_index_free(ix);
	out = sql_out(path, "PRAGMA user_version;");
	{
		char want[16];

		snprintf(want, sizeof(want), "%d", ACC_INDEX_SCHEMA);
		assert_string_equal(out, want);
	}
	free(out);
}

/* An empty file is an empty database: made into a new index, nothing
 * moved aside. */
static void test_open_empty_file(void **state)
{
	const char *p = new_path("empty");
	char path[512], aside[600];
	acc_index *ix;
	char head[ACC_OID_HEXLEN + 1];

	(void)state;
	snprintf(path, sizeof(path), "%s", p);
	snprintf(aside, sizeof(aside), "%s.corrupt", path);
	assert_int_equal(tu_write("/", path + 1, "", 0), 0);
	ix = open_ok(path, 0);
	assert_int_equal(acc_index_head(ix, head), 0);
	assert_string_equal(head, "");
	acc_index_free(ix);
	assert_false(tu_exists(aside));
}

/* An index whose pages were damaged on disk (its first page intact) is
 * detected and rebuilt. */
static void test_open_damaged_pages(void **state)
{
	const char *p = new_path("damaged");
	char path[512];
	acc_state *st = load_dir(tu_proposal_dir());
	acc_index *ix;
	char *data, *out;
	size_t len = 0, i;

	(void)state;
	need_sqlite3_tool();
	snprintf(path, sizeof(path), "%s", p);
	ix = open_ok(path, 0);
	put_state(ix, st, HEAD_A);
	acc_index_free(ix);
	acc_state_free(st);
	out = sql_out(path, "PRAGMA page_size;");
	assert_string_equal(out, "4096");
	free(out);

	data = tu_read("/", path + 1, &len);
	assert_non_null(data);
	assert_true(len >= 6 * 4096);
	for (i = 4096; i < len; i++)
		data[i] = (char)(0xA5 ^ (i * 7));
	assert_int_equal(tu_write("/", path + 1, data, len), 0);
	free(data);

	ix = open_ok(path, 1);
	{
		char head[ACC_OID_HEXLEN + 1];

		assert_int_equal(acc_index_head(ix, head), 0);
		assert_string_equal(head, "");
	}
	acc_index_free(ix);
}

/* ------------------------------------------------------------------ log */

/* The log comes newest first, filtered by clause, limited; fields come
 * back as written; transactions land whole or not at all. */
static void test_log(void **state)
{
	const char *path = new_path("log");
	acc_index *ix = open_ok(path, 0);
	static const char *const clauses[] = {"purpose", "scope",   "purpose",
					      "",	 "purpose", "scope"};
	acc_log_entry *v = NULL, e;
	size_t n = 0, i;
	long long count = 0;

	(void)state;
	assert_int_equal(acc_index_begin(ix), 0);
	for (i = 0; i < 6; i++) {
		e = entry((long long)i + 1, clauses[i], i % 2 ? "vote" : "propose");
		if (i == 5) {
			e.author = (char *)"Beatriz Núñez \xe2\x80\x94 “quoted”";
			e.subject = (char *)"It's a 'subject'; DROP TABLE log; --";
			e.body = (char *)"";
		}
		if (acc_index_add_log(ix, &e) != 0)
			fail_msg("add_log %zu: %s", i, acc_error_last());
	}
	assert_int_equal(acc_index_commit(ix), 0);

	assert_int_equal(acc_index_log(ix, &v, &n, NULL, 0), 0);
	assert_int_equal(n, 6);
	for (i = 0; i < 6; i++) {
		acc_log_entry want = entry(6 - (long long)i, clauses[5 - i], "");

		assert_int_equal(v[i].seq, 6 - (long long)i);
		assert_string_equal(v[i].id, want.id);
		assert_int_equal(v[i].time, want.time);
		assert_int_equal(v[i].offset, 60);
		assert_string_equal(v[i].clause, clauses[5 - i]);
		assert_string_equal(v[i].action, (5 - i) % 2 ? "vote" : "propose");
		assert_string_equal(v[i].org, "norland");
		assert_string_equal(v[i].amendment, "");
	}
	assert_string_equal(v[0].author, "Beatriz Núñez \xe2\x80\x94 “quoted”");
	assert_string_equal(v[0].subject, "It's a 'subject'; DROP TABLE log; --");
	assert_string_equal(v[0].body, "");
	assert_string_equal(v[1].body, "Body line one.\n\nAccord-Action: x\n");
	assert_string_equal(v[1].email, "ingrid@example.org");
	acc_log_free(v, n);

	assert_int_equal(acc_index_log(ix, &v, &n, NULL, 2), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].seq, 6);
	assert_int_equal(v[1].seq, 5);
	acc_log_free(v, n);

	assert_int_equal(acc_index_log(ix, &v, &n, "purpose", 0), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].seq, 5);
	assert_int_equal(v[1].seq, 3);
	assert_int_equal(v[2].seq, 1);
	acc_log_free(v, n);

	assert_int_equal(acc_index_log(ix, &v, &n, "purpose", 1), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].seq, 5);
	acc_log_free(v, n);

	assert_int_equal(acc_index_log(ix, &v, &n, "no-such-clause", 0), 0);
	assert_int_equal(n, 0);
	acc_log_free(v, n);

	/* the same commit twice is an error and changes nothing */
	e = entry(3, "purpose", "propose");
	e.seq = 99;
	assert_true(acc_index_add_log(ix, &e) < 0);
	assert_int_equal(acc_index_log_count(ix, &count), 0);
	assert_int_equal(count, 6);

	/* rolled back: gone; committed: there */
	assert_int_equal(acc_index_begin(ix), 0);
	e = entry(7, "scope", "vote");
	assert_int_equal(acc_index_add_log(ix, &e), 0);
	acc_index_rollback(ix);
	assert_int_equal(acc_index_log_count(ix, &count), 0);
	assert_int_equal(count, 6);
	assert_int_equal(acc_index_begin(ix), 0);
	assert_int_equal(acc_index_add_log(ix, &e), 0);
	assert_int_equal(acc_index_commit(ix), 0);
	assert_int_equal(acc_index_log_count(ix, &count), 0);
	assert_int_equal(count, 7);

	/* clear empties it all */
	assert_int_equal(acc_index_begin(ix), 0);
	assert_int_equal(acc_index_clear(ix), 0);
	assert_int_equal(acc_index_commit(ix), 0);
	assert_int_equal(acc_index_log_count(ix, &count), 0);
	assert_int_equal(count, 0);
	acc_index_free(ix);
}

/* ---------------------------------------------------------------- state */

/* The state tables give back exactly the clauses and organisations of the
 * state, and putting a state again replaces rather than adds. */
static void test_put_state(void **state)
{
	const char *path = new_path("state");
	acc_state *st = load_dir(tu_proposal_dir());
	acc_index *ix = open_ok(path, 0);
	acc_clause *cl = NULL;
	acc_org_row *orgs = NULL;
	acc_search_hit *hits = NULL;
	char head[ACC_OID_HEXLEN + 1];
	size_t n = 0, i, nhits, first_hits = 0;
	int round;

	(void)state;
	for (round = 0; round < 2; round++) {
		put_state(ix, st, round ? HEAD_B : HEAD_A);
		assert_int_equal(acc_index_head(ix, head), 0);
		assert_string_equal(head, round ? HEAD_B : HEAD_A);

		assert_int_equal(acc_index_clauses(ix, &cl, &n), 0);
		assert_int_equal(n, st->nclauses);
		for (i = 0; i < n; i++) {
			const acc_clause *want = &st->clauses[i];

			assert_string_equal(cl[i].id, want->id);
			assert_int_equal(cl[i].depth, want->depth);
			assert_int_equal(cl[i].container, want->container);
			assert_string_equal(cl[i].number, want->number);
			assert_string_equal(cl[i].heading, want->heading);
			assert_string_equal(cl[i].text, want->text);
			assert_string_equal(cl[i].blob, want->blob);
		}
		acc_clauses_free(cl, n);

		assert_int_equal(acc_index_orgs(ix, &orgs, &n), 0);
		assert_int_equal(n, st->norgs);
		for (i = 0; i < n; i++) {
			const acc_org *want = &st->orgs[i];

			assert_string_equal(orgs[i].id, want->id);
			assert_string_equal(orgs[i].name, want->name);
			assert_string_equal(orgs[i].type, want->type ? want->type : "");
			assert_string_equal(orgs[i].role, acc_role_name(want->role));
			assert_int_equal(orgs[i].weight, want->weight);
			assert_int_equal(orgs[i].delegates, want->ndelegates);
		}
		assert_string_equal(orgs[10].id, "secretariat");
		assert_string_equal(orgs[10].role, "chair");
		acc_org_rows_free(orgs, n);

		/* the search documents are replaced too */
		assert_int_equal(acc_index_search(ix, &hits, &nhits, "purpose"), 0);
		assert_true(nhits > 0);
		if (round == 0)
			first_hits = nhits;
		else
			assert_int_equal(nhits, first_hits);
		acc_search_hits_free(hits, nhits);
	}
	acc_index_free(ix);
	acc_state_free(st);
}

/* A word of the text finds exactly the clauses that contain it, in any
 * letter case; several words must all occur. */
static void test_search(void **state)
{
	const char *path = new_path("search");
	acc_state *st = load_dir(tu_proposal_dir());
	acc_index *ix = open_ok(path, 0);
	acc_search_hit *hits = NULL;
	size_t n = 0, i, expected = 0, both = 0;

	(void)state;
	put_state(ix, st, HEAD_A);
	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *c = &st->clauses[i];

		if (has_word(c->text, "vulnerabilities") || has_word(c->heading, "vulnerabilities"))
			expected++;
		if ((has_word(c->text, "vulnerabilities") ||
		     has_word(c->heading, "vulnerabilities")) &&
		    (has_word(c->text, "remedied") || has_word(c->heading, "remedied")))
			both++;
	}
	assert_true(expected >= 3);
	assert_true(both >= 1 && both < expected);

	assert_int_equal(acc_index_search(ix, &hits, &n, "vulnerabilities"), 0);
	assert_int_equal(n, expected);
	for (i = 0; i < n; i++) {
		const acc_clause *c = acc_state_clause(st, hits[i].id);

		assert_string_equal(hits[i].kind, "clause");
		assert_non_null(c);
		assert_string_equal(hits[i].title, c->heading);
		assert_true(has_word(c->text, "vulnerabilities") ||
			    has_word(c->heading, "vulnerabilities"));
		assert_true(has_word(hits[i].snippet, "vulnerabilities"));
	}
	acc_search_hits_free(hits, n);

	assert_int_equal(acc_index_search(ix, &hits, &n, "VULNERABILITIES"), 0);
	assert_int_equal(n, expected);
	acc_search_hits_free(hits, n);

	assert_int_equal(acc_index_search(ix, &hits, &n, "  vulnerabilities \t remedied\n"), 0);
	assert_int_equal(n, both);
	acc_search_hits_free(hits, n);

	assert_int_equal(acc_index_search(ix, &hits, &n, "xylophonequartz"), 0);
	assert_int_equal(n, 0);
	acc_search_hits_free(hits, n);
	acc_index_free(ix);
	acc_state_free(st);
}

/* Words are always plain terms: FTS5 syntax in a query never makes an
 * error (nor matches everything). */
static void test_search_hostile(void **state)
{
	static const char *const queries[] = {"\"",
					      "\"\"",
					      "\"unbalanced",
					      "*",
					      "vulnerabilit*",
					      "NEAR(",
					      "NEAR(cyber weapons, 2)",
					      "-",
					      "- cyber",
					      "cyber -weapons",
					      "AND",
					      "OR",
					      "NOT",
					      "cyber NOT weapons",
					      "(",
					      ")",
					      "((cyber)",
					      "title:purpose",
					      "{title body}: cyber",
					      "^cyber",
					      "+",
					      ":",
					      "'",
					      "\\",
					      "cyber\" OR \"",
					      "\xc3\xa9t\xc3\xa9",
					      "\xe2\x80\xae",
					      NULL};
	const char *path = new_path("hostile");
	acc_state *st = load_dir(tu_proposal_dir());
	acc_index *ix = open_ok(path, 0);
	acc_search_hit *hits = NULL;
	size_t n = 0, i, total;
	char *huge;

	(void)state;
	put_state(ix, st, HEAD_A);
	assert_int_equal(acc_index_search(ix, &hits, &n, "cyber"), 0);
	total = n;
	acc_search_hits_free(hits, n);
	assert_true(total > 0);
	for (i = 0; queries[i]; i++) {
		hits = NULL;
		n = 0;
		if (acc_index_search(ix, &hits, &n, queries[i]) != 0)
			fail_msg("query '%s' failed: %s", queries[i], acc_error_last());
		assert_true(n <= total || strstr(queries[i], "cyber") == NULL);
		acc_search_hits_free(hits, n);
	}
	/* "vulnerabilit*" is a word, not a prefix query */
	assert_int_equal(acc_index_search(ix, &hits, &n, "vulnerabilit*"), 0);
	assert_int_equal(n, 0);
	acc_search_hits_free(hits, n);
	/* "OR" is a word, not an operator: "cyber OR xylophonequartz" finds nothing */
	assert_int_equal(acc_index_search(ix, &hits, &n, "cyber OR xylophonequartz"), 0);
	assert_int_equal(n, 0);
	acc_search_hits_free(hits, n);

	/* an empty query is refused, not an error of the database */
	assert_true(acc_index_search(ix, &hits, &n, "") < 0);
	assert_true(acc_index_search(ix, &hits, &n, " \t\n") < 0);

	huge = malloc(20001);
	assert_non_null(huge);
	for (i = 0; i < 20000; i++)
		huge[i] = "ab\" *()-:"[i % 9];
	huge[20000] = '\0';
	assert_int_equal(acc_index_search(ix, &hits, &n, huge), 0);
	acc_search_hits_free(hits, n);
	free(huge);
	acc_index_free(ix);
	acc_state_free(st);
}

/* --------------------------------------------------------- amendments */

/* A copy of the bundled proposal with four amendments in four statuses;
 * returns its folder (static buffer). */
static const char *make_amended(void)
{
	static char dir[512];
	static const char base[] = "Base: 0000000000000000000000000000000000000000\n";
	char rec[1024];

	snprintf(dir, sizeof(dir), "%s/amended", tmp_root);
	if (tu_exists(dir))
		return dir;
	assert_int_equal(tu_copy_tree(tu_proposal_dir(), dir), 0);
	snprintf(rec, sizeof(rec),
		 "Clause: purpose\nOperation: replace\nSponsor: norland\nCosponsor: kestria\n"
		 "Cosponsor: tavira\n%sRationale: Name hospitals expressly (quokka).\n\n"
		 "The purpose of this Convention is to protect civilians and hospitals.\n",
		 base);
	assert_int_equal(tu_write_str(dir, "amendments/norland/1/amendment", rec), 0);
	snprintf(rec, sizeof(rec),
		 "Clause: scope\nOperation: delete\nSponsor: norland\n%s"
		 "Rationale: Redundant with the definitions.\n\n",
		 base);
	assert_int_equal(tu_write_str(dir, "amendments/norland/2/amendment", rec), 0);
	assert_int_equal(tu_write_str(dir, "amendments/norland/2/ballot", "Status: open\n\n"), 0);
	assert_int_equal(tu_write_str(dir, "amendments/norland/2/votes/astoria", "Vote: yes\n\n"),
			 0);
	assert_int_equal(tu_write_str(dir, "amendments/norland/2/votes/kestria", "Vote: no\n\n"),
			 0);
	assert_int_equal(tu_write_str(dir, "amendments/norland/2/votes/tavira", "Vote: yes\n\n"),
			 0);
	snprintf(rec, sizeof(rec),
		 "Clause: purpose\nOperation: replace\nSponsor: kestria\n%sStatus: withdrawn\n\n"
		 "A withdrawn xylophone text.\n",
		 base);
	assert_int_equal(tu_write_str(dir, "amendments/kestria/1/amendment", rec), 0);
	snprintf(rec, sizeof(rec),
		 "Clause: definitions\nOperation: replace\nSponsor: valmora\n%s\n"
		 "Rejected definitions text.\n",
		 base);
	assert_int_equal(tu_write_str(dir, "amendments/valmora/1/amendment", rec), 0);
	assert_int_equal(
	    tu_write_str(dir, "amendments/valmora/1/ballot",
			 "Status: closed\nResult: rejected\nYes: 1\nNo: 5\nAbstain: 0\n"
			 "Absent: 6\nQuorum-Met: yes\n\n"),
	    0);
	assert_int_equal(tu_write_str(dir, "amendments/valmora/1/votes/norland", "Vote: no\n\n"),
			 0);
	return dir;
}

/* Amendment rows, filters, and counts by status. */
static void test_amendments_and_counts(void **state)
{
	const char *path = new_path("amend");
	acc_state *st = load_dir(make_amended());
	acc_index *ix = open_ok(path, 0);
	acc_amendment_row *rows = NULL;
	unsigned counts[7];
	size_t n = 0;

	(void)state;
	assert_int_equal(st->namendments, 4);
	put_state(ix, st, HEAD_A);

	assert_int_equal(acc_index_status_counts(ix, counts), 0);
	assert_int_equal(counts[ACC_ST_TABLED], 1);
	assert_int_equal(counts[ACC_ST_VOTING], 1);
	assert_int_equal(counts[ACC_ST_WITHDRAWN], 1);
	assert_int_equal(counts[ACC_ST_REJECTED], 1);
	assert_int_equal(counts[ACC_ST_ADOPTED], 0);
	assert_int_equal(counts[ACC_ST_FALLEN], 0);
	assert_int_equal(counts[ACC_ST_STALE], 0);

	assert_int_equal(acc_index_amendments(ix, &rows, &n, NULL, NULL), 0);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].id, "kestria-1");
	assert_string_equal(rows[0].status, "withdrawn");
	assert_string_equal(rows[1].id, "norland-1");
	assert_string_equal(rows[1].clause, "purpose");
	assert_string_equal(rows[1].op, "replace");
	assert_string_equal(rows[1].status, "tabled");
	assert_string_equal(rows[1].cosponsors, "kestria,tavira");
	assert_string_equal(rows[1].rationale, "Name hospitals expressly (quokka).");
	assert_string_equal(
	    rows[1].text,
	    "The purpose of this Convention is to protect civilians and hospitals.\n");
	assert_int_equal(rows[1].seq, 1);
	assert_string_equal(rows[2].id, "norland-2");
	assert_string_equal(rows[2].op, "delete");
	assert_string_equal(rows[2].status, "voting");
	assert_int_equal(rows[2].yes, 2);
	assert_int_equal(rows[2].no, 1);
	assert_int_equal(rows[2].abstain, 0);
	assert_int_equal(rows[2].votes, 3);
	assert_string_equal(rows[3].id, "valmora-1");
	assert_string_equal(rows[3].status, "rejected");
	acc_amendment_rows_free(rows, n);

	assert_int_equal(acc_index_amendments(ix, &rows, &n, "purpose", NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].id, "kestria-1");
	assert_string_equal(rows[1].id, "norland-1");
	acc_amendment_rows_free(rows, n);
	assert_int_equal(acc_index_amendments(ix, &rows, &n, NULL, "voting"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].id, "norland-2");
	acc_amendment_rows_free(rows, n);
	assert_int_equal(acc_index_amendments(ix, &rows, &n, "purpose", "voting"), 0);
	assert_int_equal(n, 0);
	acc_amendment_rows_free(rows, n);
	acc_index_free(ix);
	acc_state_free(st);
}

/* The first screen's reads: the contents without texts and with counts
 * per clause as the state has them, one clause's text, one amendment's
 * row; nothing on an empty index; an error, not a crash, on a damaged
 * contents row. */
static void test_contents(void **state)
{
	const char *path = new_path("contents");
	acc_state *st = load_dir(make_amended());
	acc_index *ix = open_ok(path, 0);
	acc_contents *co = NULL;
	acc_amendment_row *rows = NULL, *one = NULL;
	unsigned want[7], all[7];
	char *text = NULL, *out;
	size_t nrows = 0, i, j;
	int s;

	(void)state;
	/* empty */
	assert_int_equal(acc_index_contents(ix, &co), 0);
	assert_int_equal(co->n, 0);
	for (s = 0; s < 7; s++)
		assert_int_equal(co->totals[s], 0);
	acc_contents_free(co);

	put_state(ix, st, HEAD_A);
	assert_int_equal(acc_index_contents(ix, &co), 0);
	assert_int_equal(co->n, st->nclauses);
	for (i = 0; i < co->n; i++) {
		const acc_clause *c = &st->clauses[i], *got = &co->clauses[i];

		assert_string_equal(got->id, c->id);
		assert_int_equal(got->depth, c->depth);
		assert_int_equal(got->container, c->container);
		assert_string_equal(got->number, c->number);
		assert_string_equal(got->heading, c->heading);
		assert_null(got->text);
		assert_string_equal(got->blob, "");
		memset(want, 0, sizeof(want));
		for (j = 0; j < st->namendments; j++)
			if (!strcmp(st->amendments[j].clause, c->id))
				want[st->amendments[j].status]++;
		for (s = 0; s < 7; s++)
			assert_int_equal(co->counts[i][s], want[s]);

		assert_int_equal(acc_index_clause_text(ix, &text, c->id), 0);
		assert_string_equal(text, c->text);
		free(text);
	}
	/* two amendments to purpose: tabled and withdrawn */
	for (i = 0; i < co->n && strcmp(co->clauses[i].id, "purpose"); i++)
		;
	assert_true(i < co->n);
	assert_int_equal(co->counts[i][ACC_ST_TABLED], 1);
	assert_int_equal(co->counts[i][ACC_ST_WITHDRAWN], 1);
	assert_int_equal(acc_index_status_counts(ix, all), 0);
	for (s = 0; s < 7; s++)
		assert_int_equal(co->totals[s], all[s]);
	acc_contents_free(co);
	acc_contents_free(NULL);
	assert_int_equal(acc_index_clause_text(ix, &text, "no-such-clause"), ACC_ENOTFOUND);
	assert_null(text);

	/* one amendment row: as in the list */
	assert_int_equal(acc_index_amendments(ix, &rows, &nrows, NULL, NULL), 0);
	for (i = 0; i < nrows; i++) {
		assert_int_equal(acc_index_amendment(ix, &one, rows[i].id), 0);
		assert_string_equal(one->id, rows[i].id);
		assert_string_equal(one->sponsor, rows[i].sponsor);
		assert_string_equal(one->clause, rows[i].clause);
		assert_string_equal(one->op, rows[i].op);
		assert_string_equal(one->status, rows[i].status);
		assert_string_equal(one->amends, rows[i].amends);
		assert_string_equal(one->rationale, rows[i].rationale);
		assert_string_equal(one->text, rows[i].text);
		assert_string_equal(one->cosponsors, rows[i].cosponsors);
		assert_int_equal(one->seq, rows[i].seq);
		assert_int_equal(one->yes, rows[i].yes);
		assert_int_equal(one->no, rows[i].no);
		assert_int_equal(one->abstain, rows[i].abstain);
		assert_int_equal(one->votes, rows[i].votes);
		acc_amendment_rows_free(one, 1);
	}
	acc_amendment_rows_free(rows, nrows);
	assert_int_equal(acc_index_amendment(ix, &one, "nobody-1"), ACC_ENOTFOUND);
	assert_null(one);
	acc_index_free(ix);

	/* a cut or garbled contents row is an error */
	need_sqlite3_tool();
	out = sql_out(path, "UPDATE contents SET data = substr(data, 1, length(data) - 3);");
	free(out);
	ix = open_ok(path, 0);
	assert_int_equal(acc_index_contents(ix, &co), ACC_ERROR);
	assert_null(co);
	acc_index_free(ix);
	out = sql_out(path, "UPDATE contents SET data = x'ffffff7f00';");
	free(out);
	ix = open_ok(path, 0);
	assert_int_equal(acc_index_contents(ix, &co), ACC_ERROR);
	assert_null(co);
	acc_index_free(ix);
	acc_state_free(st);
}

/* Amendments are found by the words of their text and rationale, each
 * amendment once per search. */
static void test_search_amendments(void **state)
{
	const char *path = new_path("amend-search");
	acc_state *st = load_dir(make_amended());
	acc_index *ix = open_ok(path, 0);
	acc_search_hit *hits = NULL;
	size_t n = 0, i, norland1 = 0;

	(void)state;
	put_state(ix, st, HEAD_A);

	/* only in norland-1's rationale */
	assert_int_equal(acc_index_search(ix, &hits, &n, "quokka"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].kind, "amendment");
	assert_string_equal(hits[0].id, "norland-1");
	acc_search_hits_free(hits, n);

	/* only in kestria-1's text */
	assert_int_equal(acc_index_search(ix, &hits, &n, "xylophone"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, "kestria-1");
	acc_search_hits_free(hits, n);

	/* in norland-1's rationale and its text: one hit for it, not two */
	assert_int_equal(acc_index_search(ix, &hits, &n, "hospitals"), 0);
	for (i = 0; i < n; i++)
		if (strcmp(hits[i].kind, "amendment") == 0 && strcmp(hits[i].id, "norland-1") == 0)
			norland1++;
	assert_int_equal(norland1, 1);
	acc_search_hits_free(hits, n);
	acc_index_free(ix);
	acc_state_free(st);
}

/* A search hit inside an 8 MB amendment: its snippet is made in one pass
 * (FTS5's grows with the square of the matches; the time is the bench's,
 * row 14): twelve words around the best cluster of matches, the matched
 * words marked, an ellipsis at each end where the text goes on. */
static void test_search_long_snippet(void **state)
{
	static const char *const filler[] = {"critical", "the",	     "parties",	 "shall",
					     "ensure",	 "critical", "measures", "of",
					     "national", "critical", "law",	 "and"};
	const char *path = new_path("long-snippet");
	acc_state *st = load_dir(make_amended());
	acc_index *ix = open_ok(path, 0);
	acc_search_hit *hits = NULL;
	acc_amendment *a = NULL;
	acc_buf b = ACC_BUF_INIT;
	size_t n = 0, i, words = 0;
	const char *p;

	(void)state;
	for (i = 0; i < st->namendments; i++)
		if (!strcmp(st->amendments[i].id, "kestria-1"))
			a = &st->amendments[i];
	assert_non_null(a);
	/* 8 MB of words; once, in the middle, "zebra quokkafish" next to a
	 * "critical" (the only window holding all three words) */
	for (i = 0; b.size < 8u << 20; i++) {
		if (i == 700000)
			assert_int_equal(acc_buf_puts(&b, "critical zebra quokkafish "), 0);
		assert_int_equal(acc_buf_printf(&b, "%s%s", filler[i % 12], i % 97 ? " " : ".\n"),
				 0);
	}
	free(a->text);
	a->text = acc_buf_detach(&b);
	put_state(ix, st, HEAD_A);

	assert_int_equal(acc_index_search(ix, &hits, &n, "quokkafish"), 0);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, "kestria-1");
	assert_non_null(strstr(hits[0].snippet, "\2quokkafish\3"));
	assert_true(!strncmp(hits[0].snippet, "\xe2\x80\xa6", 3));
	assert_true(strlen(hits[0].snippet) > 6 &&
		    !strcmp(hits[0].snippet + strlen(hits[0].snippet) - 3, "\xe2\x80\xa6"));
	/* twelve words, the match in the middle */
	for (p = hits[0].snippet + 3; *p; words++) {
		while (*p && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
			p++;
		if (!*p)
			break;
		while ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
			p++;
	}
	assert_int_equal(words, 12);
	acc_search_hits_free(hits, n);

	/* three words: the window that holds them all, each marked */
	assert_int_equal(acc_index_search(ix, &hits, &n, "critical zebra quokkafish"), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(hits[0].snippet, "\2critical\3 \2zebra\3 \2quokkafish\3"));
	acc_search_hits_free(hits, n);

	/* by prefix: the words it begins are marked whole */
	assert_int_equal(acc_index_search_in(ix, &hits, &n, "quokka", ACC_SEARCH_ALL), 0);
	for (i = 0; i < n && strcmp(hits[i].id, "kestria-1"); i++)
		;
	assert_true(i < n);
	assert_non_null(strstr(hits[i].snippet, "\2quokkafish\3"));
	acc_search_hits_free(hits, n);
	acc_index_free(ix);
	acc_state_free(st);
}

/* Two processes opening the same new index at once both succeed (one
 * creates the schema, the other finds it), on every one of many tries. */
static void test_open_concurrently(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 20; round++) {
		char path[512];
		pid_t pids[2];
		int k, failed = 0;

		snprintf(path, sizeof(path), "%s", new_path("race"));
		fflush(NULL);
		for (k = 0; k < 2; k++) {
			pids[k] = fork();
			assert_true(pids[k] >= 0);
			if (pids[k] == 0) {
				acc_index *ix = NULL;
				int rebuilt = 0, rc = acc_index_open(&ix, path, &rebuilt);

				if (rc != 0)
					fprintf(stderr, "open %d: %s\n", k, acc_error_last());
				acc_index_free(ix);
				_exit(rc != 0 ? 1 : rebuilt ? 2 : 0);
			}
		}
		for (k = 0; k < 2; k++) {
			int st = 0;

			assert_int_equal(waitpid(pids[k], &st, 0), pids[k]);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				failed++;
		}
		if (failed)
			fail_msg("round %d: %d of 2 concurrent opens of a new index failed or "
				 "rebuilt",
				 round, failed);
	}
}

/* Runs the index tests in one temporary folder. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_new),
	    cmocka_unit_test(test_reopen_keeps_data),
	    cmocka_unit_test(test_open_garbage),
	    cmocka_unit_test(test_open_foreign_database),
	    cmocka_unit_test(test_open_other_schema_version),
	    cmocka_unit_test(test_open_empty_file),
	    cmocka_unit_test(test_open_damaged_pages),
	    cmocka_unit_test(test_open_concurrently),
	    cmocka_unit_test(test_log),
	    cmocka_unit_test(test_put_state),
	    cmocka_unit_test(test_search),
	    cmocka_unit_test(test_search_hostile),
	    cmocka_unit_test(test_amendments_and_counts),
	    cmocka_unit_test(test_contents),
	    cmocka_unit_test(test_search_amendments),
	    cmocka_unit_test(test_search_long_snippet),
	};

	if (!tu_proposal_dir()) {
		fprintf(stderr, "test_index: cannot find proposals/digital-geneva-convention "
				"(run from the source folder or set ACCORD_SRCDIR)\n");
		return 1;
	}
	return cmocka_run_group_tests_name("index", tests, group_setup, group_teardown);
}
