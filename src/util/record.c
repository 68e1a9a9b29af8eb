/* record: the strict parser and writer of accord's "Key: value" format. */
#include "accord/record.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of a quoted key shown in a message before it is cut with "...". */
#define QUOTE_MAX 64

/* Room for a "<file>:<line>: " prefix (long names are cut). */
#define PREFIX_MAX 512

enum { KEY_OK, KEY_EMPTY, KEY_BAD, KEY_LONG };

enum { VAL_OK, VAL_EMPTY, VAL_LEADING, VAL_TRAILING, VAL_CONTROL, VAL_UTF8 };

/* The name a record goes by in messages; r may be NULL. */
static const char *rec_name(const acc_record *r)
{
	return r && r->file ? r->file : "<record>";
}

/* Whether code point cp must never reach a message unescaped: controls,
 * C1, bidi controls and invisible format characters. */
static int cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x61C ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Writes the n bytes at s into dst (at least QUOTE_MAX + 4 bytes) as text
 * safe for a message: unsafe code points and invalid UTF-8 become \xNN per
 * byte, and text longer than QUOTE_MAX bytes is cut with "...". */
static void quote(char *dst, const char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		char piece[20];
		size_t plen = 0;
		uint32_t cp;
		int len = acc_utf8_decode(s + i, n - i, &cp);

		if (len < 0) {
			plen = (size_t)snprintf(piece, sizeof(piece), "\\x%02X",
						(unsigned)(unsigned char)s[i]);
			len = 1;
		} else if (cp_unsafe(cp)) {
			int k;

			for (k = 0; k < len; k++)
				plen +=
				    (size_t)snprintf(piece + plen, sizeof(piece) - plen, "\\x%02X",
						     (unsigned)(unsigned char)s[i + (size_t)k]);
		} else {
			memcpy(piece, s + i, (size_t)len);
			plen = (size_t)len;
		}
		if (o + plen > QUOTE_MAX) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(dst + o, piece, plen);
		o += plen;
		i += (size_t)len;
	}
	dst[o] = '\0';
}

/* Classifies the n bytes at k as a key (KEY_OK or the reason it is not). */
static int key_status(const char *k, size_t n)
{
	size_t i;

	if (n == 0)
		return KEY_EMPTY;
	if (k[0] < 'A' || k[0] > 'Z')
		return KEY_BAD;
	for (i = 1; i < n; i++) {
		char c = k[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return KEY_BAD;
	}
	return n > ACC_RECORD_MAX_KEY ? KEY_LONG : KEY_OK;
}

/* Sets an ACC_EINVAL message "<pfx><reason>" when the n bytes at k are not
 * a valid key, and returns it; returns 0 for a valid key. */
static int key_check(const char *pfx, const char *k, size_t n)
{
	char q[QUOTE_MAX + 4];

	switch (key_status(k, n)) {
	case KEY_OK:
		return 0;
	case KEY_EMPTY:
		return acc_error_set(ACC_EINVAL, "%sempty key", pfx);
	case KEY_LONG:
		quote(q, k, n);
		return acc_error_set(ACC_EINVAL, "%skey '%s' longer than %d bytes", pfx, q,
				     ACC_RECORD_MAX_KEY);
	default:
		quote(q, k, n);
		return acc_error_set(ACC_EINVAL, "%sinvalid key '%s'", pfx, q);
	}
}

/* Classifies the n bytes at v as a header value; for VAL_CONTROL, *cp
 * receives the offending code point. */
static int value_status(const char *v, size_t n, uint32_t *cp)
{
	size_t i = 0;

	if (n == 0)
		return VAL_EMPTY;
	if (v[0] == ' ')
		return VAL_LEADING;
	if (v[n - 1] == ' ')
		return VAL_TRAILING;
	while (i < n) {
		int len = acc_utf8_decode(v + i, n - i, cp);

		if (len < 0)
			return VAL_UTF8;
		if (*cp < 0x20 || (*cp >= 0x7F && *cp <= 0x9F))
			return VAL_CONTROL;
		i += (size_t)len;
	}
	return VAL_OK;
}

/* Sets an ACC_EINVAL message "<pfx><reason>" when the n bytes at v are not
 * a valid value and returns it (0 when valid); key (klen bytes, may be
 * NULL) names the field in the message. */
static int value_check(const char *pfx, const char *key, size_t klen, const char *v, size_t n)
{
	char what[QUOTE_MAX + 32], q[QUOTE_MAX + 4];
	uint32_t cp = 0;
	int st = value_status(v, n, &cp);

	if (st == VAL_OK)
		return 0;
	if (key) {
		quote(q, key, klen);
		snprintf(what, sizeof(what), "value of '%s'", q);
	} else {
		snprintf(what, sizeof(what), "value");
	}
	switch (st) {
	case VAL_EMPTY:
		return acc_error_set(ACC_EINVAL, "%s%s is empty", pfx, what);
	case VAL_LEADING:
		return acc_error_set(ACC_EINVAL, "%s%s begins with a space", pfx, what);
	case VAL_TRAILING:
		return acc_error_set(ACC_EINVAL, "%s%s ends with a space", pfx, what);
	case VAL_CONTROL:
		return acc_error_set(ACC_EINVAL, "%s%s contains control character U+%04X", pfx,
				     what, (unsigned)cp);
	default:
		return acc_error_set(ACC_EINVAL, "%s%s is not valid utf-8", pfx, what);
	}
}

/* Checks a whole field (key, value and line length) for add and write,
 * with pfx before any message. */
static int field_check(const char *pfx, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);
	int rc;

	if ((rc = key_check(pfx, key, klen)) < 0 ||
	    (rc = value_check(pfx, key, klen, value, vlen)) < 0)
		return rc;
	if (klen + 2 + vlen > ACC_RECORD_MAX_LINE)
		return acc_error_set(ACC_EINVAL, "%sfield '%s' longer than %d bytes", pfx, key,
				     ACC_RECORD_MAX_LINE);
	return 0;
}

/* Checks that the len bytes at b form a valid body (no NUL, valid UTF-8,
 * final newline when not empty, not too large); pfx leads any message. */
static int body_check(const char *pfx, const char *b, size_t len)
{
	const char *nul;
	size_t bad = 0;

	if (len > ACC_RECORD_MAX_SIZE - 1)
		return acc_error_set(ACC_EINVAL, "%sbody larger than %u bytes", pfx,
				     ACC_RECORD_MAX_SIZE - 1);
	if (len && (nul = memchr(b, '\0', len)) != NULL)
		return acc_error_set(ACC_EINVAL, "%sbody contains a nul byte at byte %zu", pfx,
				     (size_t)(nul - b));
	if (!acc_utf8_valid(b, len, &bad))
		return acc_error_set(ACC_EINVAL, "%sbody has invalid utf-8 at byte %zu", pfx, bad);
	if (len && b[len - 1] != '\n')
		return acc_error_set(ACC_EINVAL, "%sbody does not end with a newline", pfx);
	return 0;
}

/* 1-based line of byte off of data, counting from line first at data. */
static int line_at(const char *data, size_t off, int first)
{
	const char *p = data, *end = data + off, *nl;
	int line = first;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p = nl + 1;
	}
	return line;
}

/* Makes room for one more field in r. */
static int fields_grow(acc_record *r)
{
	size_t na;
	acc_field *f;

	if (r->nfields < r->afields)
		return 0;
	na = r->afields ? r->afields * 2 : 8;
	if (!(f = acc_realloc(r->fields, na * sizeof(*f))))
		return ACC_ENOMEM;
	r->fields = f;
	r->afields = na;
	return 0;
}

/* Appends a copy of key (klen bytes) and value (vlen bytes) to r at line,
 * without validating them. */
static int field_append(acc_record *r, const char *key, size_t klen, const char *value, size_t vlen,
			int line)
{
	char *k = NULL, *v = NULL;

	if (fields_grow(r) < 0 || !(k = acc_strndup(key, klen)) ||
	    !(v = acc_strndup(value, vlen))) {
		free(k);
		return ACC_ENOMEM;
	}
	r->fields[r->nfields].key = k;
	r->fields[r->nfields].value = v;
	r->fields[r->nfields].line = line;
	r->nfields++;
	return 0;
}

/* Validates one header line (n bytes at s, without its newline) and
 * appends its field to r; pfx is "<file>:<line>: ". */
static int parse_header_line(acc_record *r, const char *s, size_t n, int line, const char *pfx)
{
	size_t bad = 0, i;
	int rc;

	if (memchr(s, '\0', n))
		return acc_error_set(ACC_EINVAL, "%scontains a nul byte", pfx);
	if (!acc_utf8_valid(s, n, &bad))
		return acc_error_set(ACC_EINVAL, "%sinvalid utf-8 byte \\x%02X at column %zu", pfx,
				     (unsigned)(unsigned char)s[bad], bad + 1);
	if (memchr(s, '\r', n))
		return acc_error_set(ACC_EINVAL, "%scarriage return in header", pfx);
	for (i = 0; i + 1 < n; i++)
		if (s[i] == ':' && s[i + 1] == ' ')
			break;
	if (i + 1 >= n)
		return acc_error_set(ACC_EINVAL, "%sheader line without ': '", pfx);
	if ((rc = key_check(pfx, s, i)) < 0 ||
	    (rc = value_check(pfx, s, i, s + i + 2, n - i - 2)) < 0)
		return rc;
	return field_append(r, s, i, s + i + 2, n - i - 2, line);
}

/* Checks the body of a record (blen bytes from its line line: no nul,
 * valid utf-8, ending with a newline) and stores a copy of it in r. */
static int take_body(acc_record *r, const char *body, size_t blen, int line, const char *nm)
{
	const char *nul;
	size_t bad = 0;

	r->body_line = line;
	if (blen && (nul = memchr(body, '\0', blen)) != NULL)
		return acc_error_set(ACC_EINVAL, "%s:%d: contains a nul byte", nm,
				     line_at(body, (size_t)(nul - body), line));
	if (!acc_utf8_valid(body, blen, &bad))
		return acc_error_set(ACC_EINVAL, "%s:%d: invalid utf-8 byte \\x%02X", nm,
				     line_at(body, bad, line), (unsigned)(unsigned char)body[bad]);
	if (blen && body[blen - 1] != '\n')
		return acc_error_set(ACC_EINVAL, "%s:%d: body does not end with a newline", nm,
				     line_at(body, blen - 1, line));
	free(r->body);
	if (!(r->body = acc_strndup(body, blen)))
		return ACC_ENOMEM;
	r->body_len = blen;
	return 0;
}

int acc_record_parse(acc_record **out, const char *data, size_t len, const char *name)
{
	const char *nm = name ? name : "<record>";
	char pfx[PREFIX_MAX];
	acc_record *r = NULL;
	size_t pos = 0;
	int line = 1, rc = 0;

	assert(out && (data || len == 0));
	*out = NULL;
	if (!data)
		data = "";
	if (len > ACC_RECORD_MAX_SIZE) {
		rc = acc_error_set(ACC_EINVAL, "%s:%d: record larger than %u bytes", nm,
				   line_at(data, ACC_RECORD_MAX_SIZE, 1), ACC_RECORD_MAX_SIZE);
		goto done;
	}
	if ((rc = acc_record_new(&r)) < 0)
		goto done;
	if (name && !(r->file = acc_strdup(name))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (;;) {
		const char *s = data + pos, *nl = pos < len ? memchr(s, '\n', len - pos) : NULL;
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		snprintf(pfx, sizeof(pfx), "%s:%d: ", nm, line);
		if (n > ACC_RECORD_MAX_LINE) {
			rc = acc_error_set(ACC_EINVAL, "%sheader line longer than %d bytes", pfx,
					   ACC_RECORD_MAX_LINE);
			goto done;
		}
		if (nl && n == 0)
			break;
		if (n == 0) {
			rc =
			    acc_error_set(ACC_EINVAL, "%smissing empty line after the header", pfx);
			goto done;
		}
		if ((rc = parse_header_line(r, s, n, line, pfx)) < 0)
			goto done;
		if (!nl) {
			rc =
			    acc_error_set(ACC_EINVAL, "%smissing empty line after the header", pfx);
			goto done;
		}
		pos += n + 1;
		line++;
	}
	if ((rc = take_body(r, data + pos + 1, len - pos - 1, line + 1, nm)) < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	acc_record_free(r);
	return rc;
}

int acc_record_parse_body(acc_record **out, const char *data, size_t len, const char *name)
{
	const char *nm = name ? name : "<record>";
	acc_record *r = NULL;
	size_t skip = len && data[0] == '\n';
	int rc;

	assert(out && (data || len == 0));
	*out = NULL;
	if (len > ACC_RECORD_MAX_SIZE)
		return acc_error_set(ACC_EINVAL, "%s:%d: record larger than %u bytes", nm,
				     line_at(data, ACC_RECORD_MAX_SIZE, 1), ACC_RECORD_MAX_SIZE);
	if ((rc = acc_record_new(&r)) < 0)
		return rc;
	if (name && !(r->file = acc_strdup(name)))
		rc = ACC_ENOMEM;
	else
		rc = take_body(r, len ? data + skip : "", len - skip, 1 + (int)skip, nm);
	if (rc < 0) {
		acc_record_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int acc_record_new(acc_record **out)
{
	acc_record *r;

	assert(out);
	*out = NULL;
	if (!(r = acc_calloc(1, sizeof(*r))))
		return ACC_ENOMEM;
	if (!(r->body = acc_strdup(""))) {
		free(r);
		return ACC_ENOMEM;
	}
	*out = r;
	return 0;
}

void acc_record_free(acc_record *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nfields; i++) {
		free(r->fields[i].key);
		free(r->fields[i].value);
	}
	free(r->fields);
	free(r->body);
	free(r->file);
	free(r);
}

int acc_record_add(acc_record *r, const char *key, const char *value)
{
	int rc;

	assert(r && key && value);
	if ((rc = field_check("", key, value)) < 0)
		return rc;
	return field_append(r, key, strlen(key), value, strlen(value), 0);
}

/* Removes the fields named key from index from on, keeping the order of
 * the others. */
static void drop_fields(acc_record *r, const char *key, size_t from)
{
	size_t i, j;

	for (i = j = from; i < r->nfields; i++) {
		if (strcmp(r->fields[i].key, key) == 0) {
			free(r->fields[i].key);
			free(r->fields[i].value);
		} else {
			r->fields[j++] = r->fields[i];
		}
	}
	r->nfields = j;
}

int acc_record_set(acc_record *r, const char *key, const char *value)
{
	size_t i, first = SIZE_MAX;
	char *v;
	int rc;

	assert(r && key && value);
	if ((rc = field_check("", key, value)) < 0)
		return rc;
	for (i = 0; i < r->nfields && first == SIZE_MAX; i++)
		if (strcmp(r->fields[i].key, key) == 0)
			first = i;
	if (first == SIZE_MAX)
		return field_append(r, key, strlen(key), value, strlen(value), 0);
	if (!(v = acc_strdup(value)))
		return ACC_ENOMEM;
	free(r->fields[first].value);
	r->fields[first].value = v;
	r->fields[first].line = 0;
	drop_fields(r, key, first + 1);
	return 0;
}

void acc_record_unset(acc_record *r, const char *key)
{
	assert(r && key);
	drop_fields(r, key, 0);
}

int acc_record_set_body(acc_record *r, const char *body, size_t len)
{
	char *copy;
	int rc;

	assert(r && (body || len == 0));
	if ((rc = body_check("invalid body: ", body ? body : "", len)) < 0)
		return rc;
	if (!(copy = acc_strndup(body ? body : "", len)))
		return ACC_ENOMEM;
	free(r->body);
	r->body = copy;
	r->body_len = len;
	r->body_line = 0;
	return 0;
}

int acc_record_get(const acc_record *r, const char *key, const char **value)
{
	char q[QUOTE_MAX + 4];
	size_t i, found = SIZE_MAX;

	assert(r && key && value);
	*value = NULL;
	for (i = 0; i < r->nfields; i++) {
		if (strcmp(r->fields[i].key, key) != 0)
			continue;
		if (found != SIZE_MAX) {
			quote(q, key, strlen(key));
			if (r->fields[i].line > 0)
				return acc_error_set(ACC_EINVAL, "%s:%d: duplicate key '%s'",
						     rec_name(r), r->fields[i].line, q);
			return acc_error_set(ACC_EINVAL, "%s: duplicate key '%s'", rec_name(r), q);
		}
		found = i;
	}
	if (found == SIZE_MAX)
		return ACC_ENOTFOUND;
	*value = r->fields[found].value;
	return 0;
}

int acc_record_require(const acc_record *r, const char *key, const char **value)
{
	char q[QUOTE_MAX + 4];
	int rc = acc_record_get(r, key, value);

	if (rc == ACC_ENOTFOUND) {
		quote(q, key, strlen(key));
		rc = acc_error_set(ACC_EINVAL, "%s: missing key '%s'", rec_name(r), q);
	}
	return rc;
}

int acc_record_line(const acc_record *r, const char *key)
{
	size_t i;

	assert(r && key);
	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].key, key) == 0)
			return r->fields[i].line;
	return 0;
}

size_t acc_record_count(const acc_record *r, const char *key)
{
	size_t i, n = 0;

	assert(r && key);
	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].key, key) == 0)
			n++;
	return n;
}

const char *acc_record_nth(const acc_record *r, const char *key, size_t nth)
{
	size_t i;

	assert(r && key);
	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].key, key) == 0 && nth-- == 0)
			return r->fields[i].value;
	return NULL;
}

int acc_record_check_keys(const acc_record *r, const char *const *allowed)
{
	char q[QUOTE_MAX + 4];
	size_t i, j, last = 0;

	assert(r && allowed);
	for (i = 0; i < r->nfields; i++) {
		const acc_field *f = &r->fields[i];

		/* repeated keys (a roll-call) come in runs: try the last one first */
		if (allowed[last] && strcmp(allowed[last], f->key) == 0)
			continue;
		for (j = 0; allowed[j]; j++)
			if (strcmp(allowed[j], f->key) == 0)
				break;
		if (allowed[j]) {
			last = j;
			continue;
		}
		quote(q, f->key, strlen(f->key));
		if (f->line > 0)
			return acc_error_set(ACC_EINVAL, "%s:%d: unknown key '%s'", rec_name(r),
					     f->line, q);
		return acc_error_set(ACC_EINVAL, "%s: unknown key '%s'", rec_name(r), q);
	}
	return 0;
}

int acc_record_write(acc_buf *out, const acc_record *r)
{
	char pfx[PREFIX_MAX];
	size_t i, total = 1, start;
	int rc = 0;

	assert(out && r);
	start = out->size;
	snprintf(pfx, sizeof(pfx), "%s: cannot write record: ", rec_name(r));
	for (i = 0; i < r->nfields; i++) {
		if ((rc = field_check(pfx, r->fields[i].key, r->fields[i].value)) < 0)
			return rc;
		total += strlen(r->fields[i].key) + 2 + strlen(r->fields[i].value) + 1;
	}
	if ((rc = body_check(pfx, r->body, r->body_len)) < 0)
		return rc;
	total += r->body_len;
	if (total > ACC_RECORD_MAX_SIZE)
		return acc_error_set(ACC_EINVAL, "%slarger than %u bytes", pfx,
				     ACC_RECORD_MAX_SIZE);
	if ((rc = acc_buf_grow(out, total)) < 0)
		goto done;
	for (i = 0; i < r->nfields; i++) {
		if ((rc = acc_buf_puts(out, r->fields[i].key)) < 0 ||
		    (rc = acc_buf_put(out, ": ", 2)) < 0 ||
		    (rc = acc_buf_puts(out, r->fields[i].value)) < 0 ||
		    (rc = acc_buf_putc(out, '\n')) < 0)
			goto done;
	}
	if ((rc = acc_buf_putc(out, '\n')) < 0 || (rc = acc_buf_put(out, r->body, r->body_len)) < 0)
		goto done;
done:
	if (rc < 0 && out->ptr) {
		out->size = start;
		out->ptr[start] = '\0';
	}
	return rc;
}

int acc_record_value_valid(const char *s)
{
	assert(s);
	return value_check("", NULL, 0, s, strlen(s));
}

int acc_record_normalize_body(char **out, const char *text, size_t len, const char *what)
{
	const char *nm = what ? what : "text", *nul;
	size_t bad = 0, i, o = 0;
	char *p;

	assert(out && (text || len == 0));
	*out = NULL;
	if (len && (nul = memchr(text, '\0', len)) != NULL)
		return acc_error_set(ACC_EINVAL, "%s: contains a nul byte", nm);
	if (!acc_utf8_valid(text, len, &bad))
		return acc_error_set(ACC_EINVAL, "%s: invalid utf-8 at byte %zu", nm, bad);
	if (!(p = acc_malloc(len + 2)))
		return ACC_ENOMEM;
	for (i = 0; i < len; i++) {
		size_t j = i;

		/* a run of CRs ending a line is a line ending, "\r\r\n" as well as
		 * "\r\n": else the result could hold a CRLF, and normalising it
		 * again would change it */
		while (j < len && text[j] == '\r')
			j++;
		if (j == i) {
			p[o++] = text[i];
		} else if (j < len && text[j] == '\n') {
			p[o++] = '\n';
			i = j;
		} else {
			memcpy(p + o, text + i, j - i);
			o += j - i;
			i = j - 1;
		}
	}
	/* trailing CRs count as whitespace for the same reason */
	while (o > 0 &&
	       (p[o - 1] == ' ' || p[o - 1] == '\t' || p[o - 1] == '\n' || p[o - 1] == '\r'))
		o--;
	if (o > 0)
		p[o++] = '\n';
	p[o] = '\0';
	*out = p;
	return 0;
}

int acc_record_body_of(char **out, const char *data, size_t len, const char *name)
{
	acc_record *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = acc_record_parse(&r, data, len, name)) < 0)
		return rc;
	rc = (*out = acc_strdup(r->body)) ? 0 : ACC_ENOMEM;
	acc_record_free(r);
	return rc;
}
