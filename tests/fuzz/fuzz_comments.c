/*
 * fuzz_comments: acc_comments_load over comment files built in memory from
 * the input, cut at NUL bytes into comments/x/1, comments/x/2,
 * comments/y/1, comments/y/2 and comments/x/3 (an empty piece leaves the
 * file out).  A load that fails names one line and returns nothing; one
 * that succeeds gives comments whose threads, depths and resolutions agree
 * with their Reply-To and Resolves lines.
 */
#include <string.h>

#include "accord/comment.h"
#include "fuzz.h"

static const char *const paths[] = {"comments/x/1", "comments/x/2", "comments/y/1", "comments/y/2",
				    "comments/x/3"};
#define NPATHS (sizeof(paths) / sizeof(*paths))

/* Checks what a successful load derived. */
static void check(const acc_comments *cs)
{
	size_t i, resolved = 0, roots = 0;

	for (i = 0; i < cs->n; i++) {
		const acc_comment *c = &cs->v[i], *p;

		FUZZ_CHECK(acc_id_valid(c->id) && c->delegate && c->text);
		/* sorted by organisation, then number */
		FUZZ_CHECK(i == 0 || strcmp(cs->v[i - 1].org, c->org) < 0 ||
			   (strcmp(cs->v[i - 1].org, c->org) == 0 && cs->v[i - 1].seq < c->seq));
		FUZZ_CHECK(acc_comments_find(cs, c->id) == c); /* ids are unique */
		FUZZ_CHECK(c->thread && acc_comments_find(cs, c->thread));
		if (c->resolves) {
			FUZZ_CHECK(!c->kind && !c->reply_to && strcmp(c->thread, c->resolves) == 0);
			resolved++;
			continue;
		}
		FUZZ_CHECK(c->kind && c->target && acc_id_valid(c->target));
		if (!c->reply_to) {
			FUZZ_CHECK(c->depth == 0 && strcmp(c->thread, c->id) == 0);
			roots++;
			if (c->resolved_by)
				FUZZ_CHECK(strcmp(acc_comments_find(cs, c->resolved_by)->resolves,
						  c->id) == 0);
			continue;
		}
		FUZZ_CHECK(!c->resolved_by);
		p = acc_comments_find(cs, c->reply_to);
		FUZZ_CHECK(p && !p->resolves && p->depth + 1 == c->depth &&
			   strcmp(p->thread, c->thread) == 0);
	}
	FUZZ_CHECK(resolved <= roots);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *piece[NPATHS];
	size_t plen[NPATHS], n, i;
	acc_comments *cs = NULL;
	acc_source src;
	fuzz_fs fs;
	int rc;

	memset(&fs, 0, sizeof(fs));
	n = fuzz_split(data, size, 0, piece, plen, NPATHS);
	for (i = 0; i < n; i++)
		if (plen[i])
			fuzz_fs_set(&fs, paths[i], (const char *)piece[i], plen[i]);
	fuzz_fs_source(&src, &fs);
	rc = acc_comments_load(&cs, &src);
	if (rc < 0) {
		fuzz_note("comments: %s", acc_error_last());
		FUZZ_CHECK(cs == NULL);
		FUZZ_CHECK(rc == ACC_EINVAL || rc == ACC_ENOMEM);
		FUZZ_CHECK(fuzz_error_ok());
	} else {
		FUZZ_CHECK(cs != NULL);
		check(cs);
		acc_comments_free(cs);
	}
	acc_error_clear();
	return 0;
}
