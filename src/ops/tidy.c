/* tidy: packing loose objects after actions (see acc_store_tidy). */
#include <stdlib.h>

#include "accord/ops.h"
#include "internal.h"

/* Loose objects that trigger a pack (about 140 votes), and packs that
 * trigger a repack into one; ACCORD_AUTOPACK overrides the first (0: never). */
#define TIDY_LOOSE 1000
#define TIDY_PACKS 20

int acc_ops_tidy(acc_ctx *c, acc_tidy_result *res)
{
	const char *env = getenv("ACCORD_AUTOPACK");
	unsigned threshold = TIDY_LOOSE;
	acc_tidy_result ignored;
	int lock = -1, rc;

	if (!res)
		res = &ignored;
	if (env && env[0]) {
		char *end;
		unsigned long v = strtoul(env, &end, 10);

		if (*end || v > 1000000)
			return acc_error_set(
			    ACC_EUSAGE, "ACCORD_AUTOPACK is a number of loose objects, not '%s'",
			    env);
		threshold = (unsigned)v;
	}
	if (threshold == 0)
		return 0;
	if ((rc = acc_store_lock(c->store, &lock)) < 0)
		return rc;
	rc = acc_store_tidy(c->store, threshold, TIDY_PACKS, res);
	acc_store_unlock(lock);
	return rc;
}
