/*
 * index: the SQLite index of a convention.  The only module that includes
 * <sqlite3.h>.
 *
 * The index is derived data, rebuildable at any time from the repository
 * (the fossil `rebuild` idea).  It lives in the git directory
 * (<gitdir>/accord/index.sqlite), never in the tracked tree.  It holds the
 * log of actions (one row per commit, from the commit trailers), the state
 * at the indexed commit in table form (clauses, organisations,
 * amendments) and a full-text index.  It is opened in WAL mode with a busy
 * timeout; its application_id and user_version are checked, and a file
 * that is not ours, of another schema version or corrupt is moved aside
 * (to index.sqlite.corrupt) and created afresh.
 *
 * Nothing here decides anything: tallies for decisions are computed from
 * trees, never from the index.
 */
#ifndef ACCORD_INDEX_H
#define ACCORD_INDEX_H

#include <stddef.h>

#include "accord/model.h"
#include "accord/util.h"

#define ACC_INDEX_SCHEMA 11

typedef struct acc_index acc_index;

/* Opens (creating when missing) the index at path.  *rebuilt is set when
 * an unusable file was moved aside. */
int acc_index_open(acc_index **out, const char *path, int *rebuilt);
void acc_index_free(acc_index *ix);

/* The commit the index describes ("" when empty). */
int acc_index_head(acc_index *ix, char head[ACC_OID_HEXLEN + 1]);

/* Write transactions (BEGIN IMMEDIATE): every change between begin and
 * commit lands together or not at all. */
int acc_index_begin(acc_index *ix);
int acc_index_commit(acc_index *ix);
void acc_index_rollback(acc_index *ix);

/* Empties every table (for a rebuild). */
int acc_index_clear(acc_index *ix);

/* One action of the log. */
typedef struct {
	char id[ACC_OID_HEXLEN + 1];
	long long seq; /* position in history, from 1 */
	long long time;
	int offset;
	char *author, *email;
	char *action; /* the Accord-Action trailer, or "" */
	char *subject;
	char *clause, *amendment, *org, *ballot; /* trailers, "" when absent */
	char *body;				 /* the message after the subject */
} acc_log_entry;

void acc_log_entry_clear(acc_log_entry *e);
void acc_log_free(acc_log_entry *v, size_t n);

int acc_index_add_log(acc_index *ix, const acc_log_entry *e);

/* Replaces the state tables with st, and records head as indexed. */
int acc_index_put_state(acc_index *ix, const acc_state *st, const char *head);
/* Updates amendment id's counts for one organisation's vote changing from
 * `from` (ACC_VOTE_NONE: a first vote) to `to`, weighing it by weight: the
 * org's weight in the electorate recorded when the ballot opened (0: not
 * an elector, so not counted), or (weight < 0: a ballot without a
 * recorded electorate) by the org table; ACC_ENOTFOUND when the row or
 * the organisation is missing. */
int acc_index_vote_delta(acc_index *ix, const char *id, const char *org, acc_vote from, acc_vote to,
			 long long weight);
/* The running count of amendment id's ballot from the index: the members'
 * votes by head and weight kept in its row and the electorate recorded at
 * opening (the registry's members for an older ballot), as acc_rules_tally
 * counts them (result PENDING, reason what it would be).
 * For display: decisions are counted from trees.  ACC_ENOTFOUND when the
 * index has no such amendment (the ratification is not in it). */
int acc_index_tally(acc_index *ix, const char *id, acc_tally *t);
/* Records head as the indexed commit. */
int acc_index_set_head(acc_index *ix, const char *head);

/* The log, newest first; clause filters on the clause trailer; limit 0
 * means all. */
int acc_index_log(acc_index *ix, acc_log_entry **out, size_t *n, const char *clause, size_t limit);
/* The commit that closed ballot (the last one), or ACC_ENOTFOUND. */
int acc_index_closing_commit(acc_index *ix, char out[ACC_OID_HEXLEN + 1], const char *ballot);
/* Number of log rows: the last seq, since acc_ops_index numbers them from
 * 1 without gaps (read from the primary key, not by counting rows). */
int acc_index_log_count(acc_index *ix, long long *n);

/* Clauses in order (id, depth, number, heading, text, blob). */
int acc_index_clauses(acc_index *ix, acc_clause **out, size_t *n);
void acc_clauses_free(acc_clause *c, size_t n);

/* Amendment summary rows, in id order (sponsor then number). */
typedef struct {
	char *id, *sponsor, *clause, *op, *status, *amends, *rationale, *text;
	char *cosponsors; /* comma separated */
	char *invited;	  /* the organisations invited to co-sponsor it, comma separated */
	unsigned seq;
	unsigned yes, no, abstain, votes;
} acc_amendment_row;

int acc_index_amendments(acc_index *ix, acc_amendment_row **out, size_t *n, const char *clause,
			 const char *status);
void acc_amendment_rows_free(acc_amendment_row *r, size_t n);

/* What the inbox of organisation org counts besides its votes: the
 * tabled or stale amendments of others inviting it to co-sponsor them that
 * it has not consented to, and its own stale amendments. */
int acc_index_inbox_counts(acc_index *ix, unsigned *invitations, unsigned *stale, const char *org);

/* The rows of the amendments the inbox of org may list, in id order (by
 * sponsor and number), read in one query: every open ballot, and what
 * acc_index_inbox_counts counts.  Only id, sponsor, clause, op, status,
 * amends, seq and invited are filled (the texts, rationale and
 * co-sponsors are empty, the counts 0): the texts are never read. */
int acc_index_inbox_rows(acc_index *ix, acc_amendment_row **out, size_t *n, const char *org);

/* Organisation rows in id order. */
typedef struct {
	char *id, *name, *type, *role;
	unsigned weight, delegates;
} acc_org_row;

int acc_index_orgs(acc_index *ix, acc_org_row **out, size_t *n);
void acc_org_rows_free(acc_org_row *r, size_t n);

/* Number of clauses (parts included). */
int acc_index_clause_count(acc_index *ix, size_t *n);

/* Counts of amendments by status (indexed by acc_status). */
int acc_index_status_counts(acc_index *ix, unsigned counts[7]);

/* Full-text search over clauses and amendments. */
typedef struct {
	char *kind; /* "clause" or "amendment" */
	char *id, *title, *snippet;
	char *lang; /* the language of a translation that matched; NULL: the source */
} acc_search_hit;

int acc_index_search(acc_index *ix, acc_search_hit **out, size_t *n, const char *query);
/* The scopes of acc_index_search_in. */
#define ACC_SEARCH_CLAUSES    1u /* clause texts (and their translations) */
#define ACC_SEARCH_TEXTS      2u /* amendments whose proposed text matches */
#define ACC_SEARCH_RATIONALES 4u /* amendments whose rationale matches */
#define ACC_SEARCH_ALL	      7u
/* As acc_index_search, each word matching the words it begins ("cyber"
 * finds "cyberattack"), keeping the hits in scope (ACC_SEARCH_*): an
 * amendment is in when a word of the query begins a word of its text (or
 * of its rationale) as asked.  Hits in no particular order. */
int acc_index_search_in(acc_index *ix, acc_search_hit **out, size_t *n, const char *query,
			unsigned scope);
void acc_search_hits_free(acc_search_hit *h, size_t n);
/* index_lang.c: writes the translations of st into the search; searches
 * them (every term must match, in any script), each hit with its lang. */
int acc_index_put_translations(acc_index *ix, const acc_state *st);
int acc_index_search_lang(acc_index *ix, acc_search_hit **out, size_t *n, const char *query);

/* What the interface's first screen needs, read without the texts. */

/* The table of contents as the first screen shows it, from one row
 * written with the state: no clause text nor amendment row is read. */
typedef struct {
	acc_clause *clauses;   /* in order, without text (text NULL, blob "") */
	size_t n;	       /* clauses */
	unsigned (*counts)[7]; /* counts[i][s]: clause i's amendments in acc_status s */
	unsigned totals[7];    /* every amendment by acc_status, whatever its clause */
} acc_contents;

/* Reads the contents (empty for an empty index).  *out is one block: free
 * it with acc_contents_free, never its clauses or their strings. */
int acc_index_contents(acc_index *ix, acc_contents **out);
void acc_contents_free(acc_contents *c);
/* The text of clause id (malloc'd, the caller's), or ACC_ENOTFOUND. */
int acc_index_clause_text(acc_index *ix, char **out, const char *id);
/* The amendment row with id (free with acc_amendment_rows_free(*out, 1)),
 * or ACC_ENOTFOUND. */
int acc_index_amendment(acc_index *ix, acc_amendment_row **out, const char *id);

#endif
