/*
 * fuzz_record: the record parser (every file of a convention goes through
 * it) and the body normaliser.
 *
 * Invariants:
 *  - anything acc_record_parse accepts is written back byte for byte by
 *    acc_record_write (one spelling per record), and rebuilding it field by
 *    field through acc_record_add / acc_record_set_body (the checks of the
 *    writing side) gives the same bytes: parser and writer agree on what
 *    is valid;
 *  - fields have keys of [A-Z][A-Za-z0-9-]*, values without controls, line
 *    numbers increasing from 1; the body is valid UTF-8, without NUL, ends
 *    with "\n" when not empty;
 *  - a refusal is ACC_EINVAL with a one-line message "fuzz:<line>: ...";
 *  - acc_record_normalize_body gives a valid body and is idempotent.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/record.h"
#include "fuzz.h"

/* Checks one parsed field. */
static void check_field(const acc_field *f, int prev_line)
{
	size_t i, kl = strlen(f->key), vl = strlen(f->value);

	FUZZ_CHECK(kl >= 1 && kl <= ACC_RECORD_MAX_KEY);
	FUZZ_CHECK(f->key[0] >= 'A' && f->key[0] <= 'Z');
	for (i = 1; i < kl; i++)
		FUZZ_CHECK(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-",
				  f->key[i]) != NULL);
	FUZZ_CHECK(vl >= 1 && f->value[0] != ' ' && f->value[vl - 1] != ' ');
	FUZZ_CHECK(kl + 2 + vl <= ACC_RECORD_MAX_LINE);
	FUZZ_CHECK(fuzz_utf8_ok(f->value, vl, NULL));
	for (i = 0; i < vl;) {
		uint32_t cp;

		i += (size_t)fuzz_utf8_next(f->value + i, vl - i, &cp);
		FUZZ_CHECK(cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F));
	}
	FUZZ_CHECK(acc_record_value_valid(f->value) == 0);
	FUZZ_CHECK(f->line == prev_line + 1);
}

/* Parses, checks and round-trips data. */
static void fuzz_parse(const uint8_t *data, size_t size)
{
	acc_record *r = NULL, *copy = NULL;
	acc_buf out = ACC_BUF_INIT, out2 = ACC_BUF_INIT;
	int rc;
	size_t i;

	rc = acc_record_parse(&r, (const char *)data, size, "fuzz");
	if (rc < 0) {
		const char *m = acc_error_last();

		FUZZ_CHECK(r == NULL);
		FUZZ_CHECK(rc == ACC_EINVAL);
		FUZZ_CHECK(fuzz_error_ok());
		FUZZ_CHECK(strncmp(m, "fuzz:", 5) == 0 && m[5] >= '1' && m[5] <= '9');
		return;
	}
	FUZZ_CHECK(r != NULL && r->body != NULL);
	FUZZ_CHECK(strcmp(r->file, "fuzz") == 0);
	for (i = 0; i < r->nfields; i++)
		check_field(&r->fields[i], i ? r->fields[i - 1].line : 0);
	FUZZ_CHECK(r->body_line == (int)r->nfields + 2);
	FUZZ_CHECK(strlen(r->body) == r->body_len);
	FUZZ_CHECK(fuzz_utf8_ok(r->body, r->body_len, NULL));
	FUZZ_CHECK(r->body_len == 0 || r->body[r->body_len - 1] == '\n');

	/* one spelling */
	FUZZ_CHECK(acc_record_write(&out, r) == 0);
	FUZZ_CHECK(out.size == size && (size == 0 || memcmp(out.ptr, data, size) == 0));

	/* the writing side accepts what the reading side accepted */
	FUZZ_CHECK(acc_record_new(&copy) == 0);
	for (i = 0; i < r->nfields; i++)
		FUZZ_CHECK(acc_record_add(copy, r->fields[i].key, r->fields[i].value) == 0);
	FUZZ_CHECK(acc_record_set_body(copy, r->body, r->body_len) == 0);
	FUZZ_CHECK(acc_record_write(&out2, copy) == 0);
	FUZZ_CHECK(out2.size == out.size &&
		   (out.size == 0 || memcmp(out.ptr, out2.ptr, out.size) == 0));

	/* lookups agree with the field list */
	for (i = 0; i < r->nfields; i++) {
		const char *k = r->fields[i].key, *v = NULL;
		size_t n = acc_record_count(r, k);

		FUZZ_CHECK(n >= 1);
		FUZZ_CHECK(acc_record_nth(r, k, n) == NULL);
		FUZZ_CHECK(acc_record_line(r, k) >= 1);
		rc = acc_record_get(r, k, &v);
		if (n == 1)
			FUZZ_CHECK(rc == 0 && v == acc_record_nth(r, k, 0));
		else
			FUZZ_CHECK(rc == ACC_EINVAL && fuzz_error_ok());
	}
	acc_record_free(copy);
	acc_record_free(r);
	acc_buf_free(&out);
	acc_buf_free(&out2);
}

/* Normalises data as a body, twice. */
static void fuzz_normalize(const uint8_t *data, size_t size)
{
	char *once = NULL, *twice = NULL;
	acc_record *r = NULL;
	size_t l1;

	if (acc_record_normalize_body(&once, (const char *)data, size, "text") < 0) {
		FUZZ_CHECK(once == NULL && fuzz_error_ok());
		FUZZ_CHECK(memchr(data, '\0', size) ||
			   !fuzz_utf8_ok((const char *)data, size, NULL));
		return;
	}
	FUZZ_CHECK(fuzz_utf8_ok((const char *)data, size, NULL));
	l1 = strlen(once);
	FUZZ_CHECK(l1 == 0 || (once[l1 - 1] == '\n' && (l1 == 1 || once[l1 - 2] != '\n')));
	FUZZ_CHECK(!strstr(once, "\r\n"));
	FUZZ_CHECK(acc_record_new(&r) == 0);
	FUZZ_CHECK(acc_record_set_body(r, once, l1) == 0);
	FUZZ_CHECK(acc_record_normalize_body(&twice, once, l1, "text") == 0);
	FUZZ_CHECK(strcmp(once, twice) == 0);
	acc_record_free(r);
	free(once);
	free(twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(data, size);
	fuzz_normalize(data, size);
	acc_error_clear();
	return 0;
}
