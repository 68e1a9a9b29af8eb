/* index: the rebuildable SQLite index of a convention. */
#include "accord/index.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'ACRD' */
#define APPLICATION_ID 0x41435244

struct acc_index {
	sqlite3 *db;
	char *path;
	int ok; /* opened and checked: its stamp is recorded when closed */
	/* statements kept prepared: a rebuild inserts a million log rows, and
	 * every action updates a row and the head */
	sqlite3_stmt *add_log, *set_head, *vote_delta;
};

/* The whole schema; its version is ACC_INDEX_SCHEMA. */
static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE log(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER, "
    "  offset INTEGER, author TEXT, email TEXT, action TEXT, subject TEXT, clause TEXT, "
    "  amendment TEXT, org TEXT, ballot TEXT, body TEXT);"
    "CREATE INDEX log_clause ON log(clause, seq);"
    "CREATE INDEX log_ballot ON log(ballot, action);"
    "CREATE TABLE clause(pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, depth INTEGER, "
    "  number TEXT, heading TEXT, text TEXT, blob TEXT);"
    "CREATE TABLE org(id TEXT PRIMARY KEY, name TEXT, type TEXT, role TEXT, weight INTEGER, "
    "  delegates INTEGER);"
    "CREATE TABLE amendment(id TEXT PRIMARY KEY, sponsor TEXT, seq INTEGER, clause TEXT, "
    "  op TEXT, status TEXT, amends TEXT, rationale TEXT, text TEXT, cosponsors TEXT, "
    "  yes INTEGER, no INTEGER, abstain INTEGER, votes INTEGER, "
    "  rule TEXT, quorum_num INTEGER, quorum_den INTEGER, "
    "  m_yes INTEGER, m_no INTEGER, m_abstain INTEGER, "
    "  w_yes INTEGER, w_no INTEGER, w_abstain INTEGER);"
    "CREATE INDEX amendment_clause ON amendment(clause);"
    /* the first screen's contents, one blob (see put_contents) */
    "CREATE TABLE contents(data BLOB NOT NULL);"
    "CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, id UNINDEXED, title, body, "
    "  tokenize='unicode61 remove_diacritics 2');";

/* Records SQLite's message for the failed call. */
static int db_fail(acc_index *ix, const char *what)
{
	return acc_error_set(ACC_ERROR, "index %s: %s", what, sqlite3_errmsg(ix->db));
}

/* Runs SQL without results. */
static int exec(acc_index *ix, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(ix->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		acc_error_set(ACC_ERROR, "index: %s", err ? err : sqlite3_errmsg(ix->db));
		sqlite3_free(err);
		return ACC_ERROR;
	}
	return 0;
}

/* Reads one integer pragma. */
static int pragma_int(acc_index *ix, const char *sql, long *out)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(ix, "check");
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(st, 0);
	else
		rc = db_fail(ix, "check");
	sqlite3_finalize(st);
	return rc;
}

/*
 * PRAGMA quick_check reads every page: 800 ms for the index of a million
 * actions, on every command.  So it runs only when the file is not as
 * accord left it: when an index is closed, the identity of its file
 * (inode, size, modification and change times to the nanosecond) is kept
 * in <index>.checked, and a file that still has that identity was last
 * written by SQLite on accord's behalf.  Anything else (a garbled or
 * replaced file, a process killed before it closed, an older accord) gets
 * the check.
 */
static int file_stamp(char *buf, size_t size, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return -1;
	snprintf(buf, size, "%llu %llu %lld.%09ld %lld.%09ld\n", (unsigned long long)sb.st_ino,
		 (unsigned long long)sb.st_size, (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
		 (long long)sb.st_ctim.tv_sec, sb.st_ctim.tv_nsec);
	return 0;
}

/* Reads at most size - 1 bytes of a small file into buf (NUL-terminated);
 * the length, or -1.  Plain system calls: the stamp is best effort and
 * must not touch the error being reported (an index is often closed on the
 * way out of a failed command). */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* 1 when the file at ix->path has the identity recorded at its last close. */
static int stamp_matches(acc_index *ix)
{
	char now[160], kept[160], path[4200];

	if ((size_t)snprintf(path, sizeof(path), "%s.checked", ix->path) >= sizeof(path) ||
	    file_stamp(now, sizeof(now), ix->path) < 0 || read_small(path, kept, sizeof(kept)) < 0)
		return 0;
	return strcmp(kept, now) == 0;
}

/* Records the identity of the file at path after a clean close (best
 * effort: without it the next open only checks again). */
static void stamp_record(const char *path)
{
	char now[160], kept[160], file[4200], tmp[4300];
	int fd, ok;

	if ((size_t)snprintf(file, sizeof(file), "%s.checked", path) >= sizeof(file) ||
	    file_stamp(now, sizeof(now), path) < 0)
		return;
	if (read_small(file, kept, sizeof(kept)) >= 0 && strcmp(kept, now) == 0)
		return; /* already recorded */
	snprintf(tmp, sizeof(tmp), "%s.%ld", file, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		return;
	ok = write(fd, now, strlen(now)) == (ssize_t)strlen(now);
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, file) < 0)
		unlink(tmp);
}

/* Opens the file and checks that it is a usable index of our schema:
 * 0 when usable, 1 when new (empty), ACC_EINVAL when it must be rebuilt. */
static int open_check(acc_index *ix)
{
	long app = 0, ver = 0, tables = 0;
	int rc;

	if (sqlite3_open_v2(ix->path, &ix->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		return ix->db ? db_fail(ix, "open") : acc_error_set(ACC_ENOMEM, "out of memory");
	sqlite3_busy_timeout(ix->db, 10000);
	sqlite3_extended_result_codes(ix->db, 1);
	/* one read transaction: a concurrent creator's commit must not fall
	 * between the three reads */
	if (exec(ix, "BEGIN") < 0)
		return ACC_EINVAL;
	if ((rc = pragma_int(ix, "PRAGMA application_id", &app)) < 0 ||
	    (rc = pragma_int(ix, "PRAGMA user_version", &ver)) < 0 ||
	    (rc = pragma_int(ix, "SELECT count(*) FROM sqlite_schema", &tables)) < 0) {
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		return ACC_EINVAL; /* not a database, or corrupt */
	}
	exec(ix, "COMMIT");
	if (tables == 0 && app == 0)
		return 1;
	if (app != APPLICATION_ID || ver != ACC_INDEX_SCHEMA)
		return acc_error_set(ACC_EINVAL, "index is of another schema");
	if (stamp_matches(ix))
		return 0;
	{
		long ok = 0;
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(ix->db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
			return ACC_EINVAL;
		if (sqlite3_step(st) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);

			ok = t && strcmp((const char *)t, "ok") == 0;
		}
		sqlite3_finalize(st);
		if (!ok)
			return acc_error_set(ACC_EINVAL, "index is corrupt");
	}
	return 0;
}

/* Creates the schema in a new, empty database. */
static int create_schema(acc_index *ix)
{
	char sql[128];
	long app = 0;
	int rc;

	if ((rc = exec(ix, "BEGIN IMMEDIATE")) < 0)
		return rc;
	/* another process may have created it while we waited for the lock */
	if ((rc = pragma_int(ix, "PRAGMA application_id", &app)) < 0) {
		exec(ix, "ROLLBACK");
		return rc;
	}
	if (app == APPLICATION_ID)
		return exec(ix, "COMMIT");
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d;",
		 APPLICATION_ID, ACC_INDEX_SCHEMA);
	if ((rc = exec(ix, schema)) < 0 || (rc = exec(ix, sql)) < 0) {
		exec(ix, "ROLLBACK");
		return rc;
	}
	return exec(ix, "COMMIT");
}

/* Switches to WAL mode.  SQLite does not call the busy handler for this
 * pragma, so a concurrent opener's lock is waited out here (up to ~5 s). */
static int set_wal(acc_index *ix)
{
	int i, rc = SQLITE_BUSY;

	for (i = 0; i < 500 && (rc & 0xff) == SQLITE_BUSY; i++) {
		rc = sqlite3_exec(ix->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if ((rc & 0xff) == SQLITE_BUSY)
			usleep(10000);
	}
	return rc == SQLITE_OK ? 0 : db_fail(ix, "open");
}

static sqlite3_mem_methods sqlite_mem;

/* SQLite's allocator, failing where the fault injection says so. */
static void *fault_malloc(int n)
{
	return acc_fault_alloc() ? NULL : sqlite_mem.xMalloc(n);
}

/* As fault_malloc, for reallocations. */
static void *fault_realloc(void *p, int n)
{
	return acc_fault_alloc() ? NULL : sqlite_mem.xRealloc(p, n);
}

/* Routes SQLite's allocations through the fault injection of tests
 * (ACCORD_FAULT_ALLOC), once, before SQLite initialises. */
static void install_fault_allocator(void)
{
	static int done;
	sqlite3_mem_methods m;

	if (done || !getenv("ACCORD_FAULT_ALLOC"))
		return;
	done = 1;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK)
		return;
	m = sqlite_mem;
	m.xMalloc = fault_malloc;
	m.xRealloc = fault_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

int acc_index_open(acc_index **out, const char *path, int *rebuilt)
{
	acc_index *ix = acc_calloc(1, sizeof(*ix));
	int rc;

	*out = NULL;
	if (rebuilt)
		*rebuilt = 0;
	install_fault_allocator();
	if (!ix || !(ix->path = acc_strdup(path))) {
		free(ix);
		return ACC_ENOMEM;
	}
	rc = open_check(ix);
	if (rc == ACC_EINVAL) {
		char *aside = acc_sprintf("%s.corrupt", path);

		sqlite3_close(ix->db);
		ix->db = NULL;
		if (!aside) {
			rc = ACC_ENOMEM;
			goto fail;
		}
		/* keep the bad file for inspection; drop its journals */
		if (rename(path, aside) < 0 && errno != ENOENT) {
			rc = acc_error_set(ACC_ERROR, "cannot move aside %s: %s", path,
					   strerror(errno));
			free(aside);
			goto fail;
		}
		free(aside);
		{
			char *wal = acc_sprintf("%s-wal", path), *shm = acc_sprintf("%s-shm", path);

			if (wal)
				unlink(wal);
			if (shm)
				unlink(shm);
			free(wal);
			free(shm);
		}
		if (rebuilt)
			*rebuilt = 1;
		rc = open_check(ix);
	}
	if (rc < 0)
		goto fail;
	if (set_wal(ix) < 0 || exec(ix, "PRAGMA synchronous=NORMAL") < 0) {
		rc = ACC_ERROR;
		goto fail;
	}
	if (rc == 1 && (rc = create_schema(ix)) < 0)
		goto fail;
	ix->ok = 1;
	*out = ix;
	return 0;
fail:
	acc_index_free(ix);
	return rc;
}

void acc_index_free(acc_index *ix)
{
	if (!ix)
		return;
	sqlite3_finalize(ix->add_log);
	sqlite3_finalize(ix->set_head);
	sqlite3_finalize(ix->vote_delta);
	/* the last connection to close checkpoints the log into the file:
	 * its identity is taken after that */
	if (sqlite3_close(ix->db) == SQLITE_OK && ix->ok)
		stamp_record(ix->path);
	free(ix->path);
	free(ix);
}

int acc_index_begin(acc_index *ix)
{
	return exec(ix, "BEGIN IMMEDIATE");
}

int acc_index_commit(acc_index *ix)
{
	return exec(ix, "COMMIT");
}

void acc_index_rollback(acc_index *ix)
{
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
}

int acc_index_clear(acc_index *ix)
{
	return exec(ix, "DELETE FROM meta; DELETE FROM log; DELETE FROM clause; DELETE FROM org; "
			"DELETE FROM amendment; DELETE FROM search; DELETE FROM contents;");
}

/* Prepares sql; on failure records the error. */
static int prepare(sqlite3_stmt **st, acc_index *ix, const char *sql)
{
	if (sqlite3_prepare_v2(ix->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(ix, "query");
	return 0;
}

/* Binds a string (NULL binds NULL) as static text. */
static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a statement expected to finish without rows, then finalises it. */
static int step_done(acc_index *ix, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(ix, what);

	sqlite3_finalize(st);
	return rc;
}

/* Copies column i as a new string ("" for NULL). */
static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return acc_strdup(t ? (const char *)t : "");
}

int acc_index_head(acc_index *ix, char head[ACC_OID_HEXLEN + 1])
{
	sqlite3_stmt *st = NULL;
	int rc;

	head[0] = '\0';
	if ((rc = prepare(&st, ix, "SELECT value FROM meta WHERE key='head'")) < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		if (t && strlen((const char *)t) == ACC_OID_HEXLEN)
			memcpy(head, t, ACC_OID_HEXLEN + 1);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_fail(ix, "read");
	}
	sqlite3_finalize(st);
	return rc;
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

/* The statement kept in *slot, prepared on first use (parsing SQL again
 * for every row was a sixth of a full rebuild). */
static int kept(sqlite3_stmt **st, acc_index *ix, sqlite3_stmt **slot, const char *sql)
{
	if (!*slot &&
	    sqlite3_prepare_v3(ix->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
		return db_fail(ix, "query");
	*st = *slot;
	return 0;
}

/* Runs a kept statement to completion and resets it for the next use. */
static int step_kept(acc_index *ix, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(ix, what);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int acc_index_add_log(acc_index *ix, const acc_log_entry *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = kept(&st, ix, &ix->add_log,
		       "INSERT INTO log(seq, id, time, offset, author, email, action, subject, "
		       "clause, amendment, org, ballot, body) "
		       "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->seq);
	bind_text(st, 2, e->id);
	sqlite3_bind_int64(st, 3, e->time);
	sqlite3_bind_int(st, 4, e->offset);
	bind_text(st, 5, e->author);
	bind_text(st, 6, e->email);
	bind_text(st, 7, e->action);
	bind_text(st, 8, e->subject);
	bind_text(st, 9, e->clause);
	bind_text(st, 10, e->amendment);
	bind_text(st, 11, e->org);
	bind_text(st, 12, e->ballot);
	bind_text(st, 13, e->body);
	return step_kept(ix, st, "write");
}

/* Inserts one search document. */
static int put_search(acc_index *ix, const char *kind, const char *id, const char *title,
		      const char *body)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = prepare(&st, ix, "INSERT INTO search(kind, id, title, body) VALUES(?,?,?,?)")) <
	    0)
		return rc;
	bind_text(st, 1, kind);
	bind_text(st, 2, id);
	bind_text(st, 3, title);
	bind_text(st, 4, body);
	return step_done(ix, st, "write");
}

/* Writes the clause rows of st. */
static int put_clauses(acc_index *ix, const acc_state *st)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < st->nclauses && rc == 0; i++) {
		const acc_clause *c = &st->clauses[i];
		sqlite3_stmt *s = NULL;

		if ((rc = prepare(&s, ix,
				  "INSERT INTO clause(pos, id, depth, number, heading, text, blob) "
				  "VALUES(?,?,?,?,?,?,?)")) < 0)
			break;
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i);
		bind_text(s, 2, c->id);
		sqlite3_bind_int(s, 3, c->depth);
		bind_text(s, 4, c->number);
		bind_text(s, 5, c->heading);
		bind_text(s, 6, c->text);
		bind_text(s, 7, c->blob);
		if ((rc = step_done(ix, s, "write")) == 0)
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

		if ((rc = prepare(&s, ix,
				  "INSERT INTO org(id, name, type, role, weight, delegates) "
				  "VALUES(?,?,?,?,?,?)")) < 0)
			break;
		bind_text(s, 1, o->id);
		bind_text(s, 2, o->name);
		bind_text(s, 3, o->type ? o->type : "");
		bind_text(s, 4, acc_role_name(o->role));
		sqlite3_bind_int64(s, 5, o->weight);
		sqlite3_bind_int64(s, 6, (sqlite3_int64)o->ndelegates);
		rc = step_done(ix, s, "write");
	}
	return rc;
}

/* The counts of an amendment row: every vote (yes, no, abstain, votes),
 * and those of members alone, by head and by weight, for acc_index_tally. */
typedef struct {
	unsigned all[4], m[4];
	unsigned long long w[4];
} row_counts;

static void count_row(row_counts *rc, const acc_state *st, const acc_ballot *b)
{
	size_t j;

	memset(rc, 0, sizeof(*rc));
	for (j = 0; j < b->nvotes; j++) {
		const acc_org *o = acc_state_org(st, b->votes[j].org);
		unsigned v = (unsigned)b->votes[j].vote & 3;

		rc->all[v]++;
		if (o && o->role == ACC_ROLE_MEMBER) {
			rc->m[v]++;
			rc->w[v] += o->weight ? o->weight : 1;
		}
	}
}

/* Binds the ballot columns of an amendment row from first on: yes, no,
 * abstain, votes, rule, quorum, then the members' counts by head and by
 * weight (13 columns). */
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
	bind_text(s, first + 4, acc_rule_name(b->rule));
	sqlite3_bind_int64(s, first + 5, b->quorum_num);
	sqlite3_bind_int64(s, first + 6, b->quorum_den);
}

/* Writes the amendment rows of st. */
static int put_amendments(acc_index *ix, const acc_state *st)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < st->namendments && rc == 0; i++) {
		const acc_amendment *a = &st->amendments[i];
		acc_buf co = ACC_BUF_INIT;
		sqlite3_stmt *s = NULL;

		for (j = 0; j < a->cosponsors.count && rc == 0; j++)
			rc = acc_buf_printf(&co, "%s%s", j ? "," : "", a->cosponsors.items[j]);
		if (rc == 0)
			rc =
			    prepare(&s, ix,
				    "INSERT INTO amendment(id, sponsor, seq, clause, op, status, "
				    "amends, rationale, text, cosponsors, yes, no, abstain, votes, "
				    "rule, quorum_num, quorum_den, m_yes, m_no, m_abstain, "
				    "w_yes, w_no, w_abstain) "
				    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
		if (rc < 0) {
			acc_buf_free(&co);
			break;
		}
		bind_text(s, 1, a->id);
		bind_text(s, 2, a->sponsor);
		sqlite3_bind_int64(s, 3, a->seq);
		bind_text(s, 4, a->clause);
		bind_text(s, 5, acc_op_name(a->op));
		bind_text(s, 6, acc_status_name(a->status));
		bind_text(s, 7, a->amends ? a->amends : "");
		bind_text(s, 8, a->rationale ? a->rationale : "");
		bind_text(s, 9, a->text);
		bind_text(s, 10, co.ptr ? co.ptr : "");
		bind_ballot(s, 11, st, &a->ballot);
		rc = step_done(ix, s, "write");
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
	}
	return rc;
}

int acc_index_vote_delta(acc_index *ix, const char *id, const char *org, acc_vote from, acc_vote to)
{
	sqlite3_stmt *s = NULL;
	long long d[4] = {0}, m[4] = {0}, w[4] = {0}, weight = 1;
	int rc, step, member = 0, k;

	if ((rc = prepare(&s, ix, "SELECT role, weight FROM org WHERE id = ?")) < 0)
		return rc;
	bind_text(s, 1, org);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const unsigned char *role = sqlite3_column_text(s, 0);

		member = role && strcmp((const char *)role, "member") == 0;
		weight = sqlite3_column_int64(s, 1);
	} else {
		rc = step == SQLITE_DONE
			 ? acc_error_set(ACC_ENOTFOUND, "index: no organisation '%s'", org)
			 : db_fail(ix, "read");
	}
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	d[from & 3]--;
	d[to & 3]++;
	for (k = 1; k < 4; k++) {
		m[k] = member ? d[k] : 0;
		w[k] = member ? d[k] * (weight ? weight : 1) : 0;
	}
	if ((rc = kept(&s, ix, &ix->vote_delta,
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
	bind_text(s, 11, id);
	if ((rc = step_kept(ix, s, "write")) < 0)
		return rc;
	if (sqlite3_changes(ix->db) != 1)
		return acc_error_set(ACC_ENOTFOUND, "index has no row for %s", id);
	return 0;
}

int acc_index_tally(acc_index *ix, const char *id, acc_tally *t)
{
	sqlite3_stmt *s = NULL;
	acc_rule rule = ACC_RULE_SIMPLE;
	unsigned qn = 0, qd = 1;
	int rc, step;

	memset(t, 0, sizeof(*t));
	if ((rc = prepare(&s, ix,
			  "SELECT a.rule, a.quorum_num, a.quorum_den, a.m_yes, a.m_no, "
			  "a.m_abstain, a.w_yes, a.w_no, a.w_abstain, "
			  "(SELECT count(*) FROM org WHERE role = 'member'), "
			  "(SELECT total(weight) FROM org WHERE role = 'member') "
			  "FROM amendment a WHERE a.id = ?")) < 0)
		return rc;
	bind_text(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const unsigned char *r = sqlite3_column_text(s, 0);

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
	} else if (step == SQLITE_DONE) {
		rc = acc_error_set(ACC_ENOTFOUND, "no amendment '%s' in the index", id);
	} else {
		rc = db_fail(ix, "read");
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

int acc_index_set_head(acc_index *ix, const char *head)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = kept(&s, ix, &ix->set_head,
		       "INSERT OR REPLACE INTO meta(key, value) VALUES('head', ?)")) < 0)
		return rc;
	bind_text(s, 1, head);
	return step_kept(ix, s, "write");
}

static int put_contents(acc_index *ix, const acc_state *st);

int acc_index_put_state(acc_index *ix, const acc_state *st, const char *head)
{
	int rc;

	if ((rc = exec(ix, "DELETE FROM clause; DELETE FROM org; DELETE FROM amendment; "
			   "DELETE FROM search;")) < 0 ||
	    (rc = put_clauses(ix, st)) < 0 || (rc = put_orgs(ix, st)) < 0 ||
	    (rc = put_amendments(ix, st)) < 0 || (rc = put_contents(ix, st)) < 0)
		return rc;
	return acc_index_set_head(ix, head);
}

int acc_index_log(acc_index *ix, acc_log_entry **out, size_t *n, const char *clause, size_t limit)
{
	sqlite3_stmt *st = NULL;
	acc_log_entry *v = NULL;
	size_t alloc = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	rc = prepare(
	    &st, ix,
	    clause ? "SELECT seq, id, time, offset, author, email, action, subject, clause, "
		     "amendment, org, ballot, body FROM log WHERE clause = ?1 ORDER BY seq DESC "
		     "LIMIT ?2"
		   : "SELECT seq, id, time, offset, author, email, action, subject, clause, "
		     "amendment, org, ballot, body FROM log ORDER BY seq DESC LIMIT ?2");
	if (rc < 0)
		return rc;
	if (clause)
		bind_text(st, 1, clause);
	sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : -1);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_log_entry *e;
		const unsigned char *id = sqlite3_column_text(st, 1);

		if (*n == alloc) {
			acc_log_entry *nv;

			alloc = alloc ? alloc * 2 : 64;
			if (!(nv = acc_realloc(v, alloc * sizeof(*v)))) {
				rc = ACC_ENOMEM;
				goto done;
			}
			v = nv;
		}
		e = &v[(*n)++];
		memset(e, 0, sizeof(*e));
		e->seq = sqlite3_column_int64(st, 0);
		snprintf(e->id, sizeof(e->id), "%s", id ? (const char *)id : "");
		e->time = sqlite3_column_int64(st, 2);
		e->offset = sqlite3_column_int(st, 3);
		e->author = col_str(st, 4);
		e->email = col_str(st, 5);
		e->action = col_str(st, 6);
		e->subject = col_str(st, 7);
		e->clause = col_str(st, 8);
		e->amendment = col_str(st, 9);
		e->org = col_str(st, 10);
		e->ballot = col_str(st, 11);
		e->body = col_str(st, 12);
		if (!e->author || !e->email || !e->action || !e->subject || !e->clause ||
		    !e->amendment || !e->org || !e->ballot || !e->body) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(ix, "read");
done:
	sqlite3_finalize(st);
	if (rc < 0) {
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
	if ((rc = prepare(&st, ix,
			  "SELECT id FROM log WHERE ballot = ?1 AND action = 'close' "
			  "ORDER BY seq DESC LIMIT 1")) < 0)
		return rc;
	bind_text(st, 1, ballot);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		snprintf(out, ACC_OID_HEXLEN + 1, "%s", t ? (const char *)t : "");
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = ACC_ENOTFOUND;
	} else {
		rc = db_fail(ix, "read");
	}
	sqlite3_finalize(st);
	return rc;
}

int acc_index_log_count(acc_index *ix, long long *n)
{
	long v = 0;
	/* seq counts from 1 without gaps: the largest is the count, found
	 * in the primary key's b-tree without reading every row */
	int rc = pragma_int(ix, "SELECT coalesce(max(seq), 0) FROM log", &v);

	*n = v;
	return rc;
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

int acc_index_clauses(acc_index *ix, acc_clause **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	acc_clause *v = NULL;
	size_t alloc = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	if ((rc = prepare(
		 &st, ix,
		 "SELECT id, depth, number, heading, text, blob FROM clause ORDER BY pos")) < 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_clause *c;
		const unsigned char *num = sqlite3_column_text(st, 2),
				    *blob = sqlite3_column_text(st, 5);

		if (*n == alloc) {
			acc_clause *nv;

			alloc = alloc ? alloc * 2 : 64;
			if (!(nv = acc_realloc(v, alloc * sizeof(*v)))) {
				rc = ACC_ENOMEM;
				goto done;
			}
			v = nv;
		}
		c = &v[(*n)++];
		memset(c, 0, sizeof(*c));
		c->id = col_str(st, 0);
		c->depth = sqlite3_column_int(st, 1);
		snprintf(c->number, sizeof(c->number), "%s", num ? (const char *)num : "");
		c->heading = col_str(st, 3);
		c->text = col_str(st, 4);
		snprintf(c->blob, sizeof(c->blob), "%s", blob ? (const char *)blob : "");
		if (!c->id || !c->heading || !c->text) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(ix, "read");
done:
	sqlite3_finalize(st);
	if (rc < 0) {
		acc_clauses_free(v, *n);
		*n = 0;
		return rc;
	}
	{
		size_t i;

		for (i = 0; i < *n; i++)
			v[i].container = i + 1 < *n && v[i + 1].depth > v[i].depth;
	}
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
	}
	free(r);
}

/* The columns of an amendment row, as amendment_row() reads them. */
#define AMENDMENT_ROW                                                                              \
	"SELECT id, sponsor, clause, op, status, amends, rationale, text, cosponsors, seq, yes, "  \
	"no, abstain, votes FROM amendment "

/* Reads the current row of st (selected with AMENDMENT_ROW) into r. */
static int amendment_row(acc_amendment_row *r, sqlite3_stmt *st)
{
	r->id = col_str(st, 0);
	r->sponsor = col_str(st, 1);
	r->clause = col_str(st, 2);
	r->op = col_str(st, 3);
	r->status = col_str(st, 4);
	r->amends = col_str(st, 5);
	r->rationale = col_str(st, 6);
	r->text = col_str(st, 7);
	r->cosponsors = col_str(st, 8);
	r->seq = (unsigned)sqlite3_column_int64(st, 9);
	r->yes = (unsigned)sqlite3_column_int(st, 10);
	r->no = (unsigned)sqlite3_column_int(st, 11);
	r->abstain = (unsigned)sqlite3_column_int(st, 12);
	r->votes = (unsigned)sqlite3_column_int(st, 13);
	return r->id && r->sponsor && r->clause && r->op && r->status && r->amends &&
		       r->rationale && r->text && r->cosponsors
		   ? 0
		   : ACC_ENOMEM;
}

int acc_index_amendments(acc_index *ix, acc_amendment_row **out, size_t *n, const char *clause,
			 const char *status)
{
	sqlite3_stmt *st = NULL;
	acc_amendment_row *v = NULL;
	size_t alloc = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	/* "clause = ?1" alone lets SQLite use amendment_clause; "?1 IS NULL OR"
	 * would make it read all 20,000 rows for one clause */
	if ((rc =
		 prepare(&st, ix,
			 clause ? AMENDMENT_ROW "WHERE clause = ?1 AND (?2 IS NULL OR status = ?2) "
						"ORDER BY sponsor, seq"
				: AMENDMENT_ROW "WHERE ?2 IS NULL OR status = ?2 "
						"ORDER BY sponsor, seq")) < 0)
		return rc;
	if (clause)
		bind_text(st, 1, clause);
	bind_text(st, 2, status);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_amendment_row *r;

		if (*n == alloc) {
			acc_amendment_row *nv;

			alloc = alloc ? alloc * 2 : 64;
			if (!(nv = acc_realloc(v, alloc * sizeof(*v)))) {
				rc = ACC_ENOMEM;
				goto done;
			}
			v = nv;
		}
		r = &v[(*n)++];
		memset(r, 0, sizeof(*r));
		if ((rc = amendment_row(r, st)) < 0)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = db_fail(ix, "read");
done:
	sqlite3_finalize(st);
	if (rc < 0) {
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

int acc_index_orgs(acc_index *ix, acc_org_row **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	acc_org_row *v = NULL;
	size_t alloc = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	if ((rc = prepare(&st, ix,
			  "SELECT id, name, type, role, weight, delegates FROM org ORDER BY id")) <
	    0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_org_row *r;

		if (*n == alloc) {
			acc_org_row *nv;

			alloc = alloc ? alloc * 2 : 32;
			if (!(nv = acc_realloc(v, alloc * sizeof(*v)))) {
				rc = ACC_ENOMEM;
				goto done;
			}
			v = nv;
		}
		r = &v[(*n)++];
		memset(r, 0, sizeof(*r));
		r->id = col_str(st, 0);
		r->name = col_str(st, 1);
		r->type = col_str(st, 2);
		r->role = col_str(st, 3);
		r->weight = (unsigned)sqlite3_column_int64(st, 4);
		r->delegates = (unsigned)sqlite3_column_int64(st, 5);
		if (!r->id || !r->name || !r->type || !r->role) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(ix, "read");
done:
	sqlite3_finalize(st);
	if (rc < 0) {
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
	int rc = pragma_int(ix, "SELECT count(*) FROM clause", &v);

	*n = (size_t)v;
	return rc;
}

int acc_index_status_counts(acc_index *ix, unsigned counts[7])
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	memset(counts, 0, 7 * sizeof(unsigned));
	if ((rc = prepare(&st, ix, "SELECT status, count(*) FROM amendment GROUP BY status")) < 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		acc_status s;

		if (t && acc_status_parse(&s, (const char *)t) == 0)
			counts[s] = (unsigned)sqlite3_column_int(st, 1);
	}
	acc_error_clear();
	if (step != SQLITE_DONE)
		rc = db_fail(ix, "read");
	sqlite3_finalize(st);
	return rc;
}

void acc_search_hits_free(acc_search_hit *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(h[i].kind);
		free(h[i].id);
		free(h[i].title);
		free(h[i].snippet);
	}
	free(h);
}

/* Quotes each whitespace-separated word of q as an FTS5 string, so user
 * input is always a plain AND of terms (never FTS5 syntax). */
static char *fts_query(const char *q)
{
	acc_buf b = ACC_BUF_INIT;
	const char *p = q;
	int rc = 0;

	while (*p && rc == 0) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = strcspn(p, " \t\n");
		if (!n)
			break;
		if (b.size)
			rc = acc_buf_putc(&b, ' ');
		rc = rc ? rc : acc_buf_putc(&b, '"');
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = p[i] == '"' ? acc_buf_puts(&b, "\"\"") : acc_buf_putc(&b, p[i]);
		rc = rc ? rc : acc_buf_putc(&b, '"');
		p += n;
	}
	if (rc < 0) {
		acc_buf_free(&b);
		return NULL;
	}
	return acc_buf_detach(&b);
}

int acc_index_search(acc_index *ix, acc_search_hit **out, size_t *n, const char *query)
{
	sqlite3_stmt *st = NULL;
	acc_search_hit *v = NULL;
	size_t alloc = 0;
	char *q = fts_query(query);
	int rc, step;

	*out = NULL;
	*n = 0;
	if (!q)
		return ACC_ENOMEM;
	if (!q[0]) {
		free(q);
		return acc_error_set(ACC_EUSAGE, "empty search");
	}
	rc = prepare(&st, ix,
		     "SELECT kind, id, title, snippet(search, 3, char(2), char(3), '…', 12) "
		     "FROM search WHERE search MATCH ?1 ORDER BY rank, kind, id");
	if (rc < 0) {
		free(q);
		return rc;
	}
	bind_text(st, 1, q);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_search_hit *h;

		if (*n == alloc) {
			acc_search_hit *nv;

			alloc = alloc ? alloc * 2 : 32;
			if (!(nv = acc_realloc(v, alloc * sizeof(*v)))) {
				rc = ACC_ENOMEM;
				goto done;
			}
			v = nv;
		}
		h = &v[(*n)++];
		h->kind = col_str(st, 0);
		h->id = col_str(st, 1);
		h->title = col_str(st, 2);
		h->snippet = col_str(st, 3);
		if (!h->kind || !h->id || !h->title || !h->snippet) {
			rc = ACC_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_fail(ix, "search");
done:
	sqlite3_finalize(st);
	free(q);
	if (rc < 0) {
		acc_search_hits_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

/* ---- the first screen: nothing it does not show ---------------------------- */

/*
 * The contents row.  The interface's first screen shows the table of
 * contents with, per clause, counts of its amendments by status.  Read
 * from the clause and amendment tables that costs a row per clause and
 * per amendment (with their texts' pages); so put_state also writes it
 * ready-made, as one blob in the table contents, read in one step.  All
 * numbers are 32-bit little-endian:
 *
 *   n, totals[7]                     clauses; every amendment by acc_status
 *   n times: depth, counts[7],       its amendments by acc_status
 *            len, id, len, number, len, heading
 *
 * Whatever changes the clause rows or an amendment's clause or status
 * must write it again (put_state does; acc_index_vote_delta changes
 * neither).
 */

#define NSTATUS (ACC_ST_STALE + 1)
_Static_assert(NSTATUS == 7, "the counts of acc_index_contents are by acc_status");

/* Appends v as 4 little-endian bytes. */
static int put_u32(acc_buf *b, unsigned long v)
{
	char c[4] = {(char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff),
		     (char)((v >> 24) & 0xff)};

	return acc_buf_put(b, c, 4);
}

/* Appends a length and the bytes of s (NULL as ""). */
static int put_str(acc_buf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	int rc = put_u32(b, (unsigned long)len);

	return rc < 0 || !len ? rc : acc_buf_put(b, s, len);
}

/* Writes the contents row of st (see above). */
static int put_contents(acc_index *ix, const acc_state *st)
{
	unsigned(*counts)[NSTATUS] = acc_calloc(st->nclauses + 1, sizeof(*counts));
	unsigned totals[NSTATUS] = {0};
	acc_buf b = ACC_BUF_INIT;
	sqlite3_stmt *s = NULL;
	size_t i;
	int k, rc = 0;

	if (!counts)
		return ACC_ENOMEM;
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];
		long pos = a->clause ? acc_state_clause_index(st, a->clause) : -1;

		if ((unsigned)a->status >= NSTATUS)
			continue;
		totals[a->status]++;
		if (pos >= 0)
			counts[pos][a->status]++;
	}
	rc = put_u32(&b, (unsigned long)st->nclauses);
	for (k = 0; k < NSTATUS && rc == 0; k++)
		rc = put_u32(&b, totals[k]);
	for (i = 0; i < st->nclauses && rc == 0; i++) {
		const acc_clause *c = &st->clauses[i];

		rc = put_u32(&b, (unsigned long)c->depth);
		for (k = 0; k < NSTATUS && rc == 0; k++)
			rc = put_u32(&b, counts[i][k]);
		if (rc == 0 && (rc = put_str(&b, c->id)) == 0 && (rc = put_str(&b, c->number)) == 0)
			rc = put_str(&b, c->heading);
	}
	free(counts);
	if (rc < 0 || (rc = exec(ix, "DELETE FROM contents")) < 0 ||
	    (rc = prepare(&s, ix, "INSERT INTO contents(data) VALUES(?)")) < 0) {
		acc_buf_free(&b);
		return rc;
	}
	sqlite3_bind_blob64(s, 1, b.ptr ? b.ptr : "", (sqlite3_uint64)b.size, SQLITE_STATIC);
	rc = step_done(ix, s, "write");
	acc_buf_free(&b);
	return rc;
}

/* Reads a 32-bit number at *p, moving it on; -1 past end. */
static int get_u32(unsigned long *v, const unsigned char **p, const unsigned char *end)
{
	if (end - *p < 4)
		return -1;
	*v = (unsigned long)(*p)[0] | (unsigned long)(*p)[1] << 8 | (unsigned long)(*p)[2] << 16 |
	     (unsigned long)(*p)[3] << 24;
	*p += 4;
	return 0;
}

/* Reads a length and that many bytes at *p: *s points into the data. */
static int get_str(const char **s, size_t *len, const unsigned char **p, const unsigned char *end)
{
	unsigned long l;

	if (get_u32(&l, p, end) < 0 || (size_t)(end - *p) < l)
		return -1;
	*s = (const char *)*p;
	*len = l;
	*p += l;
	return 0;
}

/* Copies a string of the contents row into the strings area at *at
 * (NUL-terminated), moving *at on; NULL when the row is cut short. */
static char *get_string(char **at, const unsigned char **p, const unsigned char *end)
{
	const char *s;
	char *copy = *at;
	size_t len;

	if (get_str(&s, &len, p, end) < 0)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	*at += len + 1;
	return copy;
}

int acc_index_contents(acc_index *ix, acc_contents **out)
{
	const unsigned char *p, *end;
	sqlite3_stmt *st = NULL;
	acc_contents *c = NULL;
	unsigned long count = 0, x;
	size_t i, size, head;
	char *at;
	int k, rc, step;

	*out = NULL;
	if ((rc = prepare(&st, ix, "SELECT data FROM contents")) < 0)
		return rc;
	step = sqlite3_step(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = db_fail(ix, "read");
		goto done;
	}
	p = step == SQLITE_ROW ? sqlite3_column_blob(st, 0) : NULL;
	end = p ? p + sqlite3_column_bytes(st, 0) : p;
	if (step == SQLITE_ROW &&
	    (!p || get_u32(&count, &p, end) < 0 || (size_t)(end - p) / 44 < count))
		goto corrupt; /* each clause takes at least 44 bytes */
	/* one block: the struct, the clauses, their counts, their strings
	 * (no more bytes than the row, as each has a 4-byte length) */
	head = sizeof(*c) + (count + 1) * (sizeof(*c->clauses) + sizeof(*c->counts));
	size = head + (p ? (size_t)(end - p) : 0) + 1;
	if (!(c = acc_calloc(1, size))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	c->clauses = (acc_clause *)(void *)(c + 1);
	c->counts = (unsigned(*)[7])(void *)(c->clauses + count + 1);
	at = (char *)c + head;
	for (k = 0; k < NSTATUS && p; k++) {
		if (get_u32(&x, &p, end) < 0)
			goto corrupt;
		c->totals[k] = x;
	}
	for (i = 0; i < count; i++) {
		acc_clause *cl = &c->clauses[i];
		const char *num;
		size_t nl;

		if (get_u32(&x, &p, end) < 0)
			goto corrupt;
		cl->depth = (int)x;
		for (k = 0; k < NSTATUS; k++) {
			if (get_u32(&x, &p, end) < 0)
				goto corrupt;
			c->counts[i][k] = x;
		}
		if (!(cl->id = get_string(&at, &p, end)) || get_str(&num, &nl, &p, end) < 0 ||
		    !(cl->heading = get_string(&at, &p, end)))
			goto corrupt;
		if (nl >= sizeof(cl->number))
			nl = sizeof(cl->number) - 1;
		memcpy(cl->number, num, nl);
	}
	if (p != end)
		goto corrupt;
	for (i = 0; i < count; i++)
		c->clauses[i].container =
		    i + 1 < count && c->clauses[i + 1].depth > c->clauses[i].depth;
	c->n = count;
	goto done;
corrupt:
	rc = acc_error_set(ACC_ERROR, "index contents are corrupt");
done:
	sqlite3_finalize(st);
	if (rc < 0) {
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void acc_contents_free(acc_contents *c)
{
	free(c); /* one block */
}

int acc_index_clause_text(acc_index *ix, char **out, const char *id)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	*out = NULL;
	if ((rc = prepare(&st, ix, "SELECT text FROM clause WHERE id = ?1")) < 0)
		return rc;
	bind_text(st, 1, id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		rc = (*out = col_str(st, 0)) ? 0 : ACC_ENOMEM;
	else if (step == SQLITE_DONE)
		rc = acc_error_set(ACC_ENOTFOUND, "no clause %s in the index", id);
	else
		rc = db_fail(ix, "read");
	sqlite3_finalize(st);
	return rc;
}

int acc_index_amendment(acc_index *ix, acc_amendment_row **out, const char *id)
{
	sqlite3_stmt *st = NULL;
	acc_amendment_row *r = NULL;
	int rc, step;

	*out = NULL;
	if ((rc = prepare(&st, ix, AMENDMENT_ROW "WHERE id = ?1")) < 0)
		return rc;
	bind_text(st, 1, id);
	if ((step = sqlite3_step(st)) == SQLITE_DONE) {
		rc = acc_error_set(ACC_ENOTFOUND, "no amendment %s in the index", id);
		goto done;
	}
	if (step != SQLITE_ROW) {
		rc = db_fail(ix, "read");
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
