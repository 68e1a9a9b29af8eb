/*
 * fuzz_trailers: acc_trailer, which reads the Accord-* trailers of commit
 * messages written by anyone who can push to a remote.
 *
 * The first input byte picks the key; the rest (NUL-terminated) is the
 * message.  Invariants: a found value is the rest of the first line that
 * starts with "Accord-<key>: ", holds no newline, and is not empty.
 */
#include <stdlib.h>
#include <string.h>

#include "accord/ops.h"
#include "fuzz.h"

static const char *const keys[] = {"Action", "Clause", "Amendment", "Org", "Ballot", "Vote",
				   "Result", "Fallen", "Tally",	    "A",   ""};

/* The first line of msg that starts with prefix: its value, or NULL. */
static const char *first_line_with(const char *msg, const char *prefix, size_t *len)
{
	const char *p = msg;
	size_t pl = strlen(prefix);

	while (p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (l > pl && strncmp(p, prefix, pl) == 0) {
			*len = l - pl;
			return p + pl;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *key;
	char *msg, *prefix, *v;
	const char *want;
	size_t wl = 0;

	if (size < 1)
		return 0;
	key = keys[data[0] % (sizeof(keys) / sizeof(*keys))];
	msg = fuzz_cstr(data + 1, size - 1);
	FUZZ_CHECK((prefix = acc_sprintf("Accord-%s: ", key)) != NULL);
	v = acc_trailer(msg, key);
	want = first_line_with(msg, prefix, &wl);
	if (!want) {
		FUZZ_CHECK(v == NULL);
	} else {
		FUZZ_CHECK(v != NULL);
		FUZZ_CHECK(strlen(v) == wl && memcmp(v, want, wl) == 0);
		FUZZ_CHECK(wl > 0 && !strchr(v, '\n'));
	}
	free(v);
	free(prefix);
	free(msg);
	acc_error_clear();
	return 0;
}
