/* index: the rebuildable SQLite index of a convention: opening, its schema
 * and health, transactions and the statement helpers. */
#include "accord/index.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* 'ACRD' */
#define APPLICATION_ID 0x41435244

/* The whole schema; its version is ACC_INDEX_SCHEMA. */
static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE log(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER, "
    "  offset INTEGER, author TEXT, email TEXT, action TEXT, subject TEXT, clause TEXT, "
    "  amendment TEXT, org TEXT, ballot TEXT, body TEXT);"
    "CREATE INDEX log_clause ON log(clause, seq);"
    "CREATE INDEX log_ballot ON log(ballot, action);"
    "CREATE TABLE clause(pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, depth INTEGER, "
    "  number TEXT, heading TEXT, text TEXT, blob TEXT, word TEXT, annex INTEGER);"
    "CREATE TABLE org(id TEXT PRIMARY KEY, name TEXT, type TEXT, role TEXT, weight INTEGER, "
    "  delegates INTEGER);"
    "CREATE TABLE amendment(id TEXT PRIMARY KEY, sponsor TEXT, seq INTEGER, clause TEXT, "
    /* invited before the texts: the inbox scans it without reading them */
    "  op TEXT, status TEXT, invited TEXT, amends TEXT, rationale TEXT, text TEXT, "
    "  cosponsors TEXT, "
    "  yes INTEGER, no INTEGER, abstain INTEGER, votes INTEGER, "
    "  rule TEXT, quorum_num INTEGER, quorum_den INTEGER, "
    "  m_yes INTEGER, m_no INTEGER, m_abstain INTEGER, "
    "  w_yes INTEGER, w_no INTEGER, w_abstain INTEGER, "
    /* the electorate recorded at opening: its members by head and weight
     * (NULL for a ballot not opened, or opened before electorates were
     * recorded: then the org table's members count) */
    "  e_members INTEGER, e_weight INTEGER);"
    "CREATE INDEX amendment_clause ON amendment(clause);"
    /* the inbox and its count in the status line: the open ballots, an
     * organisation's stale amendments, the few rows with invitations */
    "CREATE INDEX amendment_status ON amendment(status, sponsor);"
    /* (status, invited, sponsor): the inbox tests the invitation in the
     * index and reads only the invited rows (7,800 of 20,000 have one) */
    "CREATE INDEX amendment_invited ON amendment(status, invited, sponsor) "
    "  WHERE invited <> '';"
    /* the first screen's contents, one blob (see acc_index_contents_put) */
    "CREATE TABLE contents(data BLOB NOT NULL);"
    "CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, id UNINDEXED, title, body, "
    "  tokenize='unicode61 remove_diacritics 2');"
    /* the translations, in every script (index_lang.c) */
    "CREATE VIRTUAL TABLE search_lang USING fts5(lang UNINDEXED, id UNINDEXED, title, body, "
    "  tokenize='trigram');";

/* Records SQLite's message for the failed call. */
int acc_index_db_fail(acc_index *ix, const char *what)
{
	return acc_error_set(ACC_ERROR, "index %s: %s", what, sqlite3_errmsg(ix->db));
}

/* Runs SQL without results. */
int acc_index_exec(acc_index *ix, const char *sql)
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
int acc_index_pragma_int(acc_index *ix, const char *sql, long *out)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL) != SQLITE_OK)
		return acc_index_db_fail(ix, "check");
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(st, 0);
	else
		rc = acc_index_db_fail(ix, "check");
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
		return ix->db ? acc_index_db_fail(ix, "open")
			      : acc_error_set(ACC_ENOMEM, "out of memory");
	sqlite3_busy_timeout(ix->db, 10000);
	sqlite3_extended_result_codes(ix->db, 1);
	/* one read transaction: a concurrent creator's commit must not fall
	 * between the three reads */
	if (acc_index_exec(ix, "BEGIN") < 0)
		return ACC_EINVAL;
	if ((rc = acc_index_pragma_int(ix, "PRAGMA application_id", &app)) < 0 ||
	    (rc = acc_index_pragma_int(ix, "PRAGMA user_version", &ver)) < 0 ||
	    (rc = acc_index_pragma_int(ix, "SELECT count(*) FROM sqlite_schema", &tables)) < 0) {
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		return ACC_EINVAL; /* not a database, or corrupt */
	}
	acc_index_exec(ix, "COMMIT");
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

	if ((rc = acc_index_exec(ix, "BEGIN IMMEDIATE")) < 0)
		return rc;
	/* another process may have created it while we waited for the lock */
	if ((rc = acc_index_pragma_int(ix, "PRAGMA application_id", &app)) < 0) {
		acc_index_exec(ix, "ROLLBACK");
		return rc;
	}
	if (app == APPLICATION_ID)
		return acc_index_exec(ix, "COMMIT");
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d;",
		 APPLICATION_ID, ACC_INDEX_SCHEMA);
	if ((rc = acc_index_exec(ix, schema)) < 0 || (rc = acc_index_exec(ix, sql)) < 0) {
		acc_index_exec(ix, "ROLLBACK");
		return rc;
	}
	return acc_index_exec(ix, "COMMIT");
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
	return rc == SQLITE_OK ? 0 : acc_index_db_fail(ix, "open");
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
	if (set_wal(ix) < 0 || acc_index_exec(ix, "PRAGMA synchronous=NORMAL") < 0) {
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
	sqlite3_finalize(ix->head);
	sqlite3_finalize(ix->log_count);
	sqlite3_finalize(ix->begin);
	sqlite3_finalize(ix->commit);
	/* the last connection to close checkpoints the log into the file:
	 * its identity is taken after that */
	if (sqlite3_close(ix->db) == SQLITE_OK && ix->ok)
		stamp_record(ix->path);
	free(ix->path);
	free(ix);
}

int acc_index_begin(acc_index *ix)
{
	sqlite3_stmt *st = NULL;
	int rc = acc_index_kept(&st, ix, &ix->begin, "BEGIN IMMEDIATE");

	return rc < 0 ? rc : acc_index_step_kept(ix, st, "begin");
}

int acc_index_commit(acc_index *ix)
{
	sqlite3_stmt *st = NULL;
	int rc = acc_index_kept(&st, ix, &ix->commit, "COMMIT");

	return rc < 0 ? rc : acc_index_step_kept(ix, st, "commit");
}

void acc_index_rollback(acc_index *ix)
{
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
}

int acc_index_clear(acc_index *ix)
{
	return acc_index_exec(
	    ix, "DELETE FROM meta; DELETE FROM log; DELETE FROM clause; DELETE FROM org; "
		"DELETE FROM amendment; DELETE FROM search; DELETE FROM contents; "
		"DELETE FROM search_lang;");
}

/* Prepares sql; on failure records the error. */
int acc_index_prepare(sqlite3_stmt **st, acc_index *ix, const char *sql)
{
	if (sqlite3_prepare_v2(ix->db, sql, -1, st, NULL) != SQLITE_OK)
		return acc_index_db_fail(ix, "query");
	return 0;
}

/* Binds a string (NULL binds NULL) as static text. */
void acc_index_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a statement expected to finish without rows, then finalises it. */
int acc_index_step_done(acc_index *ix, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : acc_index_db_fail(ix, what);

	sqlite3_finalize(st);
	return rc;
}

/* Copies column i as a new string ("" for NULL). */
char *acc_index_col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return acc_strdup(t ? (const char *)t : "");
}

/* Steps st, expected to give at most one row: 1 on a row, 0 when there is
 * none, or the error. */
int acc_index_row_step(acc_index *ix, sqlite3_stmt *st)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : acc_index_db_fail(ix, "read");
}

/* Reads every row of st (then finalised) into a new array of zeroed
 * elements of size bytes, *out with *n of them, each with fn; what names
 * the query in errors.  On failure *out and *n are what was read, for the
 * caller to free. */
int acc_index_rows_read(void **out, size_t *n, acc_index *ix, sqlite3_stmt *st, size_t size,
			acc_index_row_fn fn, const char *what)
{
	size_t alloc = 0;
	int rc = 0, step;

	*out = NULL;
	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		void *item;

		if (*n == alloc) {
			void *nv;

			alloc = alloc ? alloc * 2 : 32;
			if (!(nv = acc_realloc(*out, alloc * size))) {
				rc = ACC_ENOMEM;
				goto done;
			}
			*out = nv;
		}
		item = (char *)*out + (*n)++ * size;
		memset(item, 0, size);
		if ((rc = fn(item, st)) < 0)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = acc_index_db_fail(ix, what);
done:
	sqlite3_finalize(st);
	return rc;
}

/* The statement kept in *slot, prepared on first use (parsing SQL again
 * for every row was a sixth of a full rebuild). */
int acc_index_kept(sqlite3_stmt **st, acc_index *ix, sqlite3_stmt **slot, const char *sql)
{
	if (!*slot &&
	    sqlite3_prepare_v3(ix->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
		return acc_index_db_fail(ix, "query");
	*st = *slot;
	return 0;
}

/* Runs a kept statement to completion and resets it for the next use. */
int acc_index_step_kept(acc_index *ix, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : acc_index_db_fail(ix, what);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
