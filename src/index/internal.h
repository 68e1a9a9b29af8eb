/* index: what the files of src/index share; private to src/index (the
 * only includers of SQLite). */
#ifndef ACC_INDEX_INTERNAL_H
#define ACC_INDEX_INTERNAL_H

#include <sqlite3.h>

#include "accord/index.h"

/* An open index. */
struct acc_index {
	sqlite3 *db;
	char *path;
	int ok; /* opened and checked: its stamp is recorded when closed */
	/* statements kept prepared: a rebuild inserts a million log rows, and
	 * every action updates a row and the head, reading the head three
	 * times and the log's length, in a transaction of its own */
	sqlite3_stmt *add_log, *set_head, *vote_delta, *head, *log_count, *begin, *commit;
};

/* Records SQLite's message for the failed call. */
int acc_index_db_fail(acc_index *ix, const char *what);

/* Runs SQL without results. */
int acc_index_exec(acc_index *ix, const char *sql);

/* Reads one integer pragma (or the integer of a one-row query). */
int acc_index_pragma_int(acc_index *ix, const char *sql, long *out);

/* Prepares sql; on failure records the error. */
int acc_index_prepare(sqlite3_stmt **st, acc_index *ix, const char *sql);

/* Binds a string (NULL binds NULL) as static text. */
void acc_index_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Steps a statement expected to finish without rows, then finalises it. */
int acc_index_step_done(acc_index *ix, sqlite3_stmt *st, const char *what);

/* Copies column i as a new string ("" for NULL). */
char *acc_index_col_str(sqlite3_stmt *st, int i);

/* Steps st, expected to give at most one row: 1 on a row, 0 when there is
 * none, or the error. */
int acc_index_row_step(acc_index *ix, sqlite3_stmt *st);

/* Reads the current row of a statement into item; ACC_ENOMEM when a copy
 * fails. */
typedef int (*acc_index_row_fn)(void *item, sqlite3_stmt *st);

/* Reads every row of st (then finalised) into a new array of zeroed
 * elements of size bytes, *out with *n of them, each with fn; what names
 * the query in errors.  On failure *out and *n are what was read, for the
 * caller to free. */
int acc_index_rows_read(void **out, size_t *n, acc_index *ix, sqlite3_stmt *st, size_t size,
			acc_index_row_fn fn, const char *what);

/* The statement kept in *slot, prepared on first use. */
int acc_index_kept(sqlite3_stmt **st, acc_index *ix, sqlite3_stmt **slot, const char *sql);

/* Runs a kept statement to completion and resets it for the next use. */
int acc_index_step_kept(acc_index *ix, sqlite3_stmt *st, const char *what);

/* index_contents.c: writes the first screen's contents row of st. */
int acc_index_contents_put(acc_index *ix, const acc_state *st);

#endif
