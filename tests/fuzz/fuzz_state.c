/*
 * fuzz_state: acc_state_load over a convention built in memory from the
 * input (no disk, no git).  The first byte picks the mode:
 *
 *  even: the rest is the toc of an otherwise valid convention; every
 *        clause it names exists (a wildcard clause file).  When it loads,
 *        acc_toc_write gives back the same bytes.
 *  odd:  the rest is cut at NUL bytes into the files below (in order);
 *        missing or empty pieces keep the default file (the first four)
 *        or leave the file out (the others).  clauses/a is also served
 *        for any other clause id the toc names.
 *
 * Every state that loads must pass fuzz_check_state (fuzz_common.c).
 */
#include <stdlib.h>
#include <string.h>

#include "accord/model.h"
#include "fuzz.h"

static const char def_convention[] = "Title: Fuzz Convention\n"
				     "Chair: chair\n"
				     "Rule: simple\n"
				     "Quorum: 1/2\n"
				     "Signatures: optional\n"
				     "\n"
				     "Preamble.\n";
static const char def_toc[] = "\na\n";
static const char def_clause[] = "Heading: A clause\n\nText of the clause.\n";
static const char def_chair[] = "Name: The Chair\n"
				"Role: chair\n"
				"Delegate: C Hair <chair@example.org>\n"
				"\n";
static const char def_x[] = "Name: Org X\n"
			    "Role: member\n"
			    "Weight: 2\n"
			    "Delegate: X Ray <x@example.org> ssh-ed25519 "
			    "AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1\n"
			    "\n";
static const char def_y[] = "Name: Org Y\nRole: member\nDelegate: Y Ves <y@example.org>\n\n";
static const char def_z[] = "Name: Org Z\nRole: observer\n\n";

/* The files of the split mode, in the order of the pieces. */
static const char *const split_paths[] = {
    "convention",
    "toc",
    "clauses/a",
    "orgs/x",
    "amendments/x/1/amendment",
    "amendments/x/1/ballot",
    "amendments/x/1/votes/x",
    "amendments/x/1/votes/y",
    "amendments/y/1/amendment",
    "amendments/y/1/ballot",
    "ratification/ballot",
    "ratification/votes/x",
    "ratification/signatures/x",
    "agenda/a",
};
#define NSPLIT (sizeof(split_paths) / sizeof(*split_paths))

/* The valid convention the input is put into. */
static void defaults(fuzz_fs *fs)
{
	memset(fs, 0, sizeof(*fs));
	fuzz_fs_sets(fs, "convention", def_convention);
	fuzz_fs_sets(fs, "toc", def_toc);
	fuzz_fs_sets(fs, "clauses/a", def_clause);
	fuzz_fs_sets(fs, "orgs/chair", def_chair);
	fuzz_fs_sets(fs, "orgs/x", def_x);
	fuzz_fs_sets(fs, "orgs/y", def_y);
	fuzz_fs_sets(fs, "orgs/z", def_z);
	fs->wild_dir = "clauses";
	fs->wild_data = def_clause;
	fs->wild_len = sizeof(def_clause) - 1;
}

/* Loads fs; checks the state, or the error. */
static void load(fuzz_fs *fs, const uint8_t *toc, size_t toclen)
{
	acc_source src;
	acc_state *st = NULL;
	int rc;

	fuzz_fs_source(&src, fs);
	rc = acc_state_load(&st, &src);
	if (rc < 0) {
		fuzz_note("state: %s", acc_error_last());
		FUZZ_CHECK(st == NULL);
		FUZZ_CHECK(rc == ACC_EINVAL || rc == ACC_ENOMEM);
		FUZZ_CHECK(fuzz_error_ok());
		return;
	}
	FUZZ_CHECK(st != NULL);
	fuzz_note("state: loaded %zu clauses, %zu orgs, %zu amendments", st->nclauses, st->norgs,
		  st->namendments);
	fuzz_check_state(st);
	if (toc) {
		/* written back with its leading empty line, which the input may omit */
		size_t skip = !(toclen && toc[0] == '\n');
		acc_buf b = ACC_BUF_INIT;

		FUZZ_CHECK(acc_toc_write(&b, st->clauses, st->nclauses) == 0);
		FUZZ_CHECK(b.size == toclen + skip && b.ptr[0] == '\n' &&
			   memcmp(b.ptr + skip, toc, toclen) == 0);
		acc_buf_free(&b);
	}
	acc_state_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_fs fs;

	if (size < 1)
		return 0;
	defaults(&fs);
	if (!(data[0] & 1)) {
		/* the toc alone; clauses come from the wildcard only */
		fuzz_fs_set(&fs, "clauses/a", NULL, 0);
		fuzz_fs_set(&fs, "toc", (const char *)data + 1, size - 1);
		load(&fs, data + 1, size - 1);
	} else {
		const uint8_t *piece[NSPLIT];
		size_t plen[NSPLIT], n, i;

		n = fuzz_split(data + 1, size - 1, 0, piece, plen, NSPLIT);
		for (i = 0; i < n; i++) {
			if (!plen[i])
				continue;
			fuzz_fs_set(&fs, split_paths[i], (const char *)piece[i], plen[i]);
			if (i == 2) {
				fs.wild_data = (const char *)piece[i];
				fs.wild_len = plen[i];
			}
		}
		load(&fs, n > 1 && plen[1] ? piece[1] : NULL, n > 1 ? plen[1] : 0);
	}
	acc_error_clear();
	return 0;
}
