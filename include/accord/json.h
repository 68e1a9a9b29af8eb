/*
 * json: the JSON shapes of accord, built in one place (jansson) for every
 * face and export, so one object is spelt the same everywhere.  Keys come
 * in a fixed order (dump with JSON_PRESERVE_ORDER); the command line's
 * tests and the manual page depend on the bytes.
 *
 * Every function returns a new reference (the caller's to json_decref),
 * or NULL when memory ran out.
 */
#ifndef ACCORD_JSON_H
#define ACCORD_JSON_H

#include <jansson.h>

#include "accord/index.h"
#include "accord/query.h"

/* A JSON string of s: exact when valid UTF-8, else sanitised (JSON cannot
 * carry invalid UTF-8); null for NULL. */
json_t *acc_json_str(const char *s);

/* The text of v, indented by 2, keys in order, every character that could
 * reorder or hide text on a terminal escaped (acc_sanitize_json); no
 * trailing newline.  Frees v (also on failure).  *out is malloc'd. */
int acc_json_dump(char **out, json_t *v);

/* A clause: number, id, heading, depth, part[, text]. */
json_t *acc_json_clause(const acc_clause *cl, int with_text);

/*
 * Sets the fields of amendment a on o, in the order of the NULL-ended
 * list of names: "id", "amendment" (the id under that key), "clause",
 * "operation", "status", "sponsor", "cosponsors" (an array), "amends",
 * "new_clause", "heading", "base", "base?" (null when empty, under the
 * key "base"), "rationale", "text".  Each shape keeps its own order; the
 * way each field is written is decided here.  Returns o.
 */
json_t *acc_json_amendment_fields(json_t *o, const acc_amendment *a, const char *const *fields);

/* An amendment row of a list (index or state): id, clause, operation,
 * status, sponsor, cosponsors, amends, rationale, votes. */
json_t *acc_json_amendment_row(const acc_amendment_row *r);

/* Fills r from a state amendment, borrowing its strings; cosponsors is
 * the comma-separated list (kept by the caller). */
void acc_json_row_of(acc_amendment_row *r, const acc_amendment *a, char *cosponsors);

/* The roll-call of a ballot: [{org, vote, delegate, by_chair}...]. */
json_t *acc_json_votes(const acc_ballot *b);

/* A ballot as `accord amendment` shows it: status, rule, quorum,
 * [fallen_by,] votes. */
json_t *acc_json_ballot(const acc_ballot *b);

/* Sets the figures of a count on o: yes, no, abstain, absent, members,
 * weighted[, weighted_yes, weighted_no, weighted_abstain, weighted_absent],
 * quorum_met.  Returns o. */
json_t *acc_json_tally_counts(json_t *o, const acc_tally *t);

/* A ballot's count as `accord tally --json` writes it: ballot, status,
 * rule, quorum, the figures, result, reason, [recorded, closed_at,]
 * roll_call, recorded_votes, signed_votes, and acc_json_record's keys. */
json_t *acc_json_tally(const char *bid, const acc_query_tally *q);
/* Sets on o the roll-call the chair recorded on b (round, recorded_by,
 * record: [{org, vote, response, reason, overridden}...]) and the
 * explanations of vote given on now (the same ballot, perhaps later):
 * explanations: [{org, delegate, text}...].  Returns o. */
json_t *acc_json_record(json_t *o, const acc_ballot *b, const acc_ballot *now);

/* An action of the log: commit, time, author, email, action, subject,
 * org, clause, amendment, ballot, fallen (from its Accord-Fallen
 * trailers). */
json_t *acc_json_log_entry(const acc_log_entry *e);

/* The ids of its Accord-Fallen trailers of a commit message, as an array. */
json_t *acc_json_fallen(const char *body);

/* The status of the convention after its adoption (accord treaty --json):
 * depositary, adopted, signature_until, deposits, required,
 * entry_into_force, in_force and parties[] (src/query/treaty.c). */
json_t *acc_json_treaty(const acc_state *st, const acc_treaty_status *s);

#endif
