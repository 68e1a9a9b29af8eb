/* index: the first screen's contents, one ready-made row. */
#include "accord/index.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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
int acc_index_contents_put(acc_index *ix, const acc_state *st)
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
	if (rc < 0 || (rc = acc_index_exec(ix, "DELETE FROM contents")) < 0 ||
	    (rc = acc_index_prepare(&s, ix, "INSERT INTO contents(data) VALUES(?)")) < 0) {
		acc_buf_free(&b);
		return rc;
	}
	sqlite3_bind_blob64(s, 1, b.ptr ? b.ptr : "", (sqlite3_uint64)b.size, SQLITE_STATIC);
	rc = acc_index_step_done(ix, s, "write");
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
	if ((rc = acc_index_prepare(&st, ix, "SELECT data FROM contents")) < 0)
		return rc;
	step = sqlite3_step(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = acc_index_db_fail(ix, "read");
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
