/*
 * Tests of in-process SSH signing (src/sshsig.c) against OpenSSH itself:
 * for the same Ed25519 key and data, the signature must be byte-identical
 * to what `ssh-keygen -Y sign -n git` prints (Ed25519 is deterministic),
 * and both acc_sign_check (sign.h) and `ssh-keygen -Y verify` must accept
 * it.  Keys it does not handle (encrypted, RSA, public only, damaged) are
 * refused with ACC_EINVAL, so callers can fall back to ssh-keygen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "accord/sign.h"
#include "accord/sshsig.h"
#include "helpers/testutil.h"

static char *dir;
static char edkey[4200], edkey2[4200], enckey[4200], rsakey[4200];

/* Makes a temporary folder with two Ed25519 keys, an encrypted one and an
 * RSA one. */
static int setup(void **state)
{
	char cmd[20000];

	(void)state;
	if (!(dir = tu_mkdtemp()))
		return -1;
	snprintf(edkey, sizeof(edkey), "%s/ed", dir);
	snprintf(edkey2, sizeof(edkey2), "%s/ed2", dir);
	snprintf(enckey, sizeof(enckey), "%s/enc", dir);
	snprintf(rsakey, sizeof(rsakey), "%s/rsa", dir);
	if (acc_sign_keygen(edkey, "ed@test.example") < 0 ||
	    acc_sign_keygen(edkey2, "a comment with spaces") < 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "ssh-keygen -q -t ed25519 -N 'secret words' -C enc -f '%s' && "
		 "ssh-keygen -q -t rsa -b 2048 -N '' -C rsa -f '%s'",
		 enckey, rsakey);
	return system(cmd) == 0 ? 0 : -1;
}

/* Removes the folder. */
static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

/* Signs data with key both ways and checks that all verifiers agree. */
static void sign_both_ways(const char *key, const char *data, size_t len)
{
	char *ours = NULL, *theirs = NULL, *pub = NULL, *checked = NULL;

	assert_int_equal(acc_sshsig_sign_file(&ours, key, data, len), 0);
	assert_int_equal(acc_sign(&theirs, key, data, len), 0);
	/* Ed25519 is deterministic: the very same bytes */
	assert_string_equal(ours, theirs);
	assert_int_equal(acc_sign_pubkey(&pub, key), 0);
	assert_int_equal(acc_sign_check(&checked, ours, data, len), 0);
	assert_string_equal(checked, pub);
	assert_true(tu_openssh_accepts(dir, ours, data, len, pub));
	free(ours);
	free(theirs);
	free(pub);
	free(checked);
}

/* Identical to ssh-keygen for empty, short, binary and large data. */
static void test_identical_to_ssh_keygen(void **state)
{
	static const char commit[] =
	    "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	    "author A <a@example.org> 1767225600 +0000\n"
	    "committer A <a@example.org> 1767225600 +0000\n\nVote yes on x-1 (x)\n";
	char bin[256], *big;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (char)i;
	sign_both_ways(edkey, "", 0);
	sign_both_ways(edkey, "x", 1);
	sign_both_ways(edkey, commit, strlen(commit));
	sign_both_ways(edkey2, commit, strlen(commit));
	sign_both_ways(edkey, bin, sizeof(bin));
	big = malloc(200000);
	assert_non_null(big);
	for (i = 0; i < 200000; i++)
		big[i] = (char)('a' + (i * 7919) % 26);
	sign_both_ways(edkey2, big, 200000);
	free(big);
}

/* The armour is what ssh-keygen prints: 70 columns, final newline. */
static void test_armour(void **state)
{
	char *sig = NULL, *p, *nl;
	size_t lines = 0;

	(void)state;
	assert_int_equal(acc_sshsig_sign_file(&sig, edkey, "data", 4), 0);
	assert_true(strncmp(sig, "-----BEGIN SSH SIGNATURE-----\n", 30) == 0);
	assert_true(strlen(sig) > 30);
	assert_string_equal(sig + strlen(sig) - 28, "-----END SSH SIGNATURE-----\n");
	for (p = sig + 30; (nl = strchr(p, '\n')) && strncmp(p, "-----END", 8) != 0; p = nl + 1) {
		assert_true(nl - p <= 70);
		lines++;
	}
	assert_true(lines >= 4);
	free(sig);
}

/* The public key and comment come from the file; a loaded key signs many
 * times with the same result as one-shot signing. */
static void test_key_fields(void **state)
{
	acc_sshsig_key *k = NULL;
	char *pub = NULL, *a = NULL, *b = NULL;

	(void)state;
	assert_int_equal(acc_sshsig_key_load(&k, edkey2), 0);
	assert_int_equal(acc_sign_pubkey(&pub, edkey2), 0);
	assert_string_equal(acc_sshsig_key_public(k), pub);
	assert_string_equal(acc_sshsig_key_comment(k), "a comment with spaces");
	assert_int_equal(acc_sshsig_sign(&a, k, "git", "abc", 3), 0);
	assert_int_equal(acc_sshsig_sign_file(&b, edkey2, "abc", 3), 0);
	assert_string_equal(a, b);
	free(a);
	/* another namespace is signed as such, and is not a git signature */
	assert_int_equal(acc_sshsig_sign(&a, k, "file", "abc", 3), 0);
	assert_string_not_equal(a, b);
	{
		char *who = NULL;

		assert_int_equal(acc_sign_check(&who, a, "abc", 3), ACC_EINVAL);
		free(who);
	}
	free(a);
	free(b);
	free(pub);
	acc_sshsig_key_free(k);
}

/* Keys it cannot use are refused with ACC_EINVAL (callers fall back). */
static void test_refusals(void **state)
{
	char *sig = NULL, pubpath[4300], *text;
	acc_sshsig_key *k = NULL;
	size_t len;

	(void)state;
	assert_int_equal(acc_sshsig_sign_file(&sig, enckey, "x", 1), ACC_EINVAL);
	assert_non_null(strstr(acc_error_last(), "encrypted"));
	assert_int_equal(acc_sshsig_sign_file(&sig, rsakey, "x", 1), ACC_EINVAL);
	assert_non_null(strstr(acc_error_last(), "ssh-rsa"));
	snprintf(pubpath, sizeof(pubpath), "%s.pub", edkey);
	assert_int_equal(acc_sshsig_sign_file(&sig, pubpath, "x", 1), ACC_EINVAL);
	assert_null(sig);
	/* missing file */
	snprintf(pubpath, sizeof(pubpath), "%s/none", dir);
	assert_true(acc_sshsig_sign_file(&sig, pubpath, "x", 1) < 0);
	/* truncated and damaged copies */
	text = tu_read(dir, "ed", &len);
	assert_non_null(text);
	assert_int_equal(acc_sshsig_key_parse(&k, text, len / 2, "half"), ACC_EINVAL);
	assert_null(k);
	{
		char *b = strstr(text, "\n") + 1;

		b[60] = b[60] == 'A' ? 'B' : 'A'; /* flips bits of the private section */
		assert_int_equal(acc_sshsig_key_parse(&k, text, len, "flipped"), ACC_EINVAL);
		assert_null(k);
	}
	assert_int_equal(acc_sshsig_key_parse(&k, "", 0, "empty"), ACC_EINVAL);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identical_to_ssh_keygen),
	    cmocka_unit_test(test_armour),
	    cmocka_unit_test(test_key_fields),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
