/*
 * fuzz_signers: the allowed_signers lines that `accord allowed-signers`
 * (cmd_allowed_signers in src/cli/cli.c) builds from the registry, which
 * git and ssh-keygen then trust to map a signature to a principal.
 *
 * The input is the record orgs/x of an otherwise valid convention, loaded
 * with acc_state_load from memory; an input without a newline is taken as
 * the value of one "Delegate:" line of that record.  For every delegate
 * that loads, the line is built exactly as cmd_allowed_signers builds it,
 * and must have the shape
 *
 *   ^[^ ,*?!"'#-][^ ,*?!"']* namespaces="git" [a-z0-9@.-]+ [A-Za-z0-9+/=]+$
 *
 * (no wildcard, negation, list, quote, space or option in the principal,
 * nothing that starts a comment or looks like an option).
 */
#include <stdlib.h>
#include <string.h>

#include "accord/model.h"
#include "accord/sign.h"
#include "fuzz.h"

static const char convention[] = "Title: Fuzz\nChair: chair\n\n";
static const char toc[] = "\na\n";
static const char clause[] = "Heading: A\n\nText.\n";
static const char chair[] =
    "Name: The Chair\nRole: chair\n"
    "Delegate: C Hair <chair@example.org> ssh-ed25519 "
    "AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1\n\n";

/* Whether c may be in a principal (after its first byte). */
static int principal_char(char c)
{
	return c && !strchr(" ,*?!\"'", c);
}

/* Checks line against the shape above; returns 1 when it matches. */
static int shape_ok(const char *line)
{
	static const char opt[] = " namespaces=\"git\" ";
	const char *p = line, *sp;

	if (!*p || strchr(" ,*?!\"'#-", *p))
		return 0;
	while (principal_char(*p))
		p++;
	if (strncmp(p, opt, sizeof(opt) - 1) != 0)
		return 0;
	p += sizeof(opt) - 1;
	sp = strchr(p, ' ');
	if (!sp || sp == p ||
	    (size_t)(sp - p) != strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789@.-"))
		return 0;
	p = sp + 1;
	return *p &&
	       strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
		   strlen(p);
}

/* The core of cmd_allowed_signers: one line per delegate with a key. */
static void check_signers(const acc_state *st)
{
	size_t i, j;

	for (i = 0; i < st->norgs; i++)
		for (j = 0; j < st->orgs[i].ndelegates; j++) {
			const acc_delegate *d = &st->orgs[i].delegates[j];
			char *key = NULL, *line;

			if (!d->key || !acc_email_valid(d->email) ||
			    acc_sign_key_normalize(&key, d->key) < 0) {
				acc_error_clear();
				continue;
			}
			FUZZ_CHECK((line = acc_sprintf("%s namespaces=\"git\" %s", d->email,
						       key)) != NULL);
			fuzz_note("signers: %s", line);
			FUZZ_CHECK(shape_ok(line));
			free(line);
			free(key);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_fs fs;
	acc_source src;
	acc_state *st = NULL;
	char *org;

	memset(&fs, 0, sizeof(fs));
	if (memchr(data, '\n', size)) {
		org = fuzz_cstr(data, size);
	} else {
		char *v = fuzz_cstr(data, size);

		FUZZ_CHECK((org = acc_sprintf("Name: X\nRole: member\nDelegate: %s\n\n", v)) !=
			   NULL);
		free(v);
	}
	fuzz_fs_sets(&fs, "convention", convention);
	fuzz_fs_sets(&fs, "toc", toc);
	fuzz_fs_sets(&fs, "clauses/a", clause);
	fuzz_fs_sets(&fs, "orgs/chair", chair);
	/* the record as it is, NUL bytes included */
	if (memchr(data, '\n', size))
		fuzz_fs_set(&fs, "orgs/x", (const char *)data, size);
	else
		fuzz_fs_sets(&fs, "orgs/x", org);
	fuzz_fs_source(&src, &fs);
	if (acc_state_load(&st, &src) == 0) {
		fuzz_check_state(st);
		check_signers(st);
		acc_state_free(st);
	} else {
		fuzz_note("signers: %s", acc_error_last());
		FUZZ_CHECK(st == NULL && fuzz_error_ok());
	}
	free(org);
	acc_error_clear();
	return 0;
}
