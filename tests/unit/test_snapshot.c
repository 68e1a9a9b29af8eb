/* Unit tests of the state snapshot (accord/snapshot.h): the bundled
 * proposal written and read back is the same state, field by field; a
 * snapshot of another commit is not used, and a damaged one (a byte
 * changed, cut short) is refused, never read as a state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/model.h"
#include "accord/snapshot.h"
#include "helpers/testutil.h"

#define COMMIT "0123456789abcdef0123456789abcdef01234567"
#define OTHER  "89abcdef0123456789abcdef0123456789abcdef"

/* The bundled proposal's state, bound to COMMIT. */
static acc_state *proposal(void)
{
	const char *dir = tu_proposal_dir();
	acc_source *src = NULL;
	acc_state *st = NULL;

	if (!dir)
		fail_msg("cannot find the bundled proposal (set ACCORD_SRCDIR)");
	assert_int_equal(acc_source_dir(&src, dir), 0);
	if (acc_state_load_trimmed(&st, src) != 0)
		fail_msg("the bundled proposal does not load: %s", acc_error_last());
	acc_source_free(src);
	snprintf(st->commit, sizeof(st->commit), "%s", COMMIT);
	return st;
}

/* The bytes of f (malloc'd) and their count. */
static char *slurp(FILE *f, size_t *n)
{
	long len;
	char *p;

	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	p = malloc((size_t)len);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	*n = (size_t)len;
	return p;
}

/* A file holding the n bytes of p, rewound. */
static FILE *file_of(const char *p, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	rewind(f);
	return f;
}

/* Written, read back and written again: the same bytes, the same state. */
static void test_round_trip(void **state)
{
	acc_state *st = proposal(), *back = NULL;
	FILE *a = tmpfile(), *b = tmpfile();
	char *x, *y, *diff = NULL;
	size_t nx, ny;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(acc_state_snapshot_write(a, st), 0);
	rewind(a);
	if (acc_state_snapshot_read(&back, a, COMMIT) != 0)
		fail_msg("the snapshot does not read back: %s", acc_error_last());
	assert_int_equal(acc_state_diff(&diff, st, back), 0);
	if (diff)
		fail_msg("the state read back differs: %s", diff);
	assert_int_equal(back->nclauses, st->nclauses);
	assert_int_equal(back->ntranslations, st->ntranslations);
	assert_true(back->ntranslations > 0);
	assert_string_equal(back->commit, COMMIT);
	assert_non_null(acc_state_clause(back, st->clauses[3].id));
	assert_int_equal(acc_state_snapshot_write(b, back), 0);
	x = slurp(a, &nx);
	y = slurp(b, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	free(x);
	free(y);
	fclose(a);
	fclose(b);
	acc_state_free(back);
	acc_state_free(st);
}

/* Of another commit: ACC_ENOTFOUND; a byte changed anywhere or the file
 * cut short: refused, *out NULL. */
static void test_refused(void **state)
{
	acc_state *st = proposal(), *back = (acc_state *)&st;
	FILE *a = tmpfile(), *f;
	char *x;
	size_t n, at;

	(void)state;
	assert_int_equal(acc_state_snapshot_write(a, st), 0);
	x = slurp(a, &n);
	fclose(a);
	f = file_of(x, n);
	assert_int_equal(acc_state_snapshot_read(&back, f, OTHER), ACC_ENOTFOUND);
	assert_null(back);
	fclose(f);
	for (at = 5; at < n; at += n / 7) {
		x[at] ^= 0x20;
		f = file_of(x, n);
		back = (acc_state *)&st;
		/* in the header line or the commit id: not a snapshot of COMMIT */
		assert_int_equal(acc_state_snapshot_read(&back, f, COMMIT),
				 at < 128 ? ACC_ENOTFOUND : ACC_EINVAL);
		assert_null(back);
		fclose(f);
		x[at] ^= 0x20;
	}
	x[n - 1] ^= 1; /* the checksum itself */
	f = file_of(x, n);
	assert_int_equal(acc_state_snapshot_read(&back, f, COMMIT), ACC_EINVAL);
	fclose(f);
	x[n - 1] ^= 1;
	f = file_of(x, n / 2);
	assert_true(acc_state_snapshot_read(&back, f, COMMIT) < 0);
	assert_null(back);
	fclose(f);
	f = file_of(x, n);
	assert_int_equal(acc_state_snapshot_read(&back, f, COMMIT), 0);
	assert_non_null(back);
	fclose(f);
	acc_state_free(back);
	free(x);
	acc_state_free(st);
}

/* Runs the snapshot tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests_name("snapshot", tests, NULL, NULL);
}
