/*
 * record: the strict parser and writer of accord's file format.
 *
 * A record is UTF-8 text:
 *
 *     Key: value\n          zero or more header lines
 *     Key: value\n
 *     \n                    one empty line, always present
 *     body                  anything (possibly empty) up to the end
 *
 * Keys match [A-Z][A-Za-z0-9-]* (at most 64 bytes).  A header line is the
 * key, ": ", and a value of at least one byte that has no control
 * character (U+0000-U+001F, U+007F, U+0080-U+009F) and neither begins nor
 * ends with a space; at most ACC_RECORD_MAX_LINE bytes per line.  A key may
 * repeat: the parser keeps every field in order, and callers that want a
 * single value use acc_record_get(), which refuses repeats.  The body is
 * any valid UTF-8 without NUL bytes; when it is not empty it ends with
 * "\n".  The whole record is at most ACC_RECORD_MAX_SIZE bytes.
 *
 * acc_record_write(acc_record_parse(x)) == x for every x the parser
 * accepts: there is exactly one spelling of each record.
 *
 * Every error message starts with "<file>:<line>: ", where file is the name
 * given to the parser and line is 1-based.
 */
#ifndef ACCORD_RECORD_H
#define ACCORD_RECORD_H

#include <stddef.h>

#include "accord/util.h"

#define ACC_RECORD_MAX_LINE 4096
#define ACC_RECORD_MAX_SIZE (16u * 1024u * 1024u)
#define ACC_RECORD_MAX_KEY  64

typedef struct {
	char *key;
	char *value;
	int line; /* 1-based line of the field in its file (0 when built) */
} acc_field;

typedef struct {
	acc_field *fields;
	size_t nfields;
	size_t afields;
	char *body; /* never NULL; "" when empty */
	size_t body_len;
	int body_line; /* line where the body starts */
	char *file;    /* name used in error messages (owned), may be NULL */
} acc_record;

/* Parses len bytes of data; name is used in error messages.  On success
 * *out is a new record to free with acc_record_free(). */
int acc_record_parse(acc_record **out, const char *data, size_t len, const char *name);

/* Parses data as a record without header fields: its body, after an
 * optional leading empty line (both forms are accepted). */
int acc_record_parse_body(acc_record **out, const char *data, size_t len, const char *name);

/* Parses data as a record (name for errors) and hands back a copy of
 * its body in *out (the caller's). */
int acc_record_body_of(char **out, const char *data, size_t len, const char *name);

/* A new empty record (no fields, empty body). */
int acc_record_new(acc_record **out);

void acc_record_free(acc_record *r);

/* Appends a field; validates key and value (ACC_EINVAL otherwise). */
int acc_record_add(acc_record *r, const char *key, const char *value);

/* Sets the single field key (replacing every existing one) */
int acc_record_set(acc_record *r, const char *key, const char *value);

/* Removes every field named key. */
void acc_record_unset(acc_record *r, const char *key);

/* Replaces the body; validates it (ACC_EINVAL otherwise).  A non-empty
 * body without a final newline is refused: callers normalise first. */
int acc_record_set_body(acc_record *r, const char *body, size_t len);

/*
 * The value of the single field key.  Returns 0 and sets *value; returns
 * ACC_ENOTFOUND (no message set) when absent; returns ACC_EINVAL with a
 * "<file>:<line>: duplicate key 'K'" message when the key repeats.
 */
int acc_record_get(const acc_record *r, const char *key, const char **value);

/* Like acc_record_get, but a missing key is an ACC_EINVAL error naming
 * the file ("<file>: missing key 'K'"). */
int acc_record_require(const acc_record *r, const char *key, const char **value);

/* The line of the first field named key, or 0. */
int acc_record_line(const acc_record *r, const char *key);

/* Number of fields named key; and the i-th of them (NULL past the end). */
size_t acc_record_count(const acc_record *r, const char *key);
const char *acc_record_nth(const acc_record *r, const char *key, size_t i);

/* Refuses any field whose key is not in the NULL-terminated list allowed
 * ("<file>:<line>: unknown key 'K'"). */
int acc_record_check_keys(const acc_record *r, const char *const *allowed);

/* Serialises r (fields in order, empty line, body) into out. */
int acc_record_write(acc_buf *out, const acc_record *r);

/* Checks that s is a valid header value (see above). */
int acc_record_value_valid(const char *s);

/* Turns arbitrary user text into a valid body: CRLF -> LF, trailing
 * whitespace of the text trimmed, exactly one final "\n" (or empty).  Text
 * must be valid UTF-8 without NUL (ACC_EINVAL otherwise, naming what). */
int acc_record_normalize_body(char **out, const char *text, size_t len, const char *what);

#endif
