/*
 * Tests of SSH signing and verification (src/sign.c) against OpenSSH
 * itself: signatures made through ssh-keygen must check in-process, and
 * every verdict of the in-process check must agree with
 * `ssh-keygen -Y verify` on the same signature, data and key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "accord/sign.h"
#include "helpers/testutil.h"

static char *dir;
static char edkey[4200], rsakey[4200];

/* Makes a temporary folder with an Ed25519 and an RSA key. */
static int setup(void **state)
{
	(void)state;
	if (!(dir = tu_mkdtemp()))
		return -1;
	snprintf(edkey, sizeof(edkey), "%s/ed", dir);
	snprintf(rsakey, sizeof(rsakey), "%s/rsa", dir);
	if (acc_sign_keygen(edkey, "ed@test.example") < 0)
		return -1;
	{
		char cmd[9000];

		snprintf(cmd, sizeof(cmd), "ssh-keygen -q -t rsa -b 2048 -N '' -C rsa -f '%s'",
			 rsakey);
		if (system(cmd) != 0)
			return -1;
	}
	return 0;
}

/* Removes the folder. */
static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

/* A signature made by ssh-keygen checks, names its key, and OpenSSH agrees. */
static void test_sign_and_check(void **state)
{
	const char *data = "tree 0123\nauthor x\n\nVote yes\n";
	char *sig = NULL, *pub = NULL, *who = NULL;

	(void)state;
	assert_int_equal(acc_sign(&sig, edkey, data, strlen(data)), 0);
	assert_non_null(strstr(sig, "-----BEGIN SSH SIGNATURE-----"));
	assert_int_equal(acc_sign_pubkey(&pub, edkey), 0);
	assert_int_equal(strncmp(pub, "ssh-ed25519 AAAA", 16), 0);
	assert_null(strchr(pub + 12, ' ')); /* no comment */
	assert_int_equal(acc_sign_check(&who, sig, data, strlen(data)), 0);
	assert_string_equal(who, pub);
	assert_true(tu_openssh_accepts(dir, sig, data, strlen(data), pub));
	free(sig);
	free(pub);
	free(who);
}

/* Any change to the data, or to the signature, is rejected by both. */
static void test_tampering(void **state)
{
	const char *data = "Close the ballot: adopted\nAccord-Tally: yes=7 no=0\n";
	char *sig = NULL, *pub = NULL, *who = NULL, *bad;
	size_t i, n;

	(void)state;
	assert_int_equal(acc_sign(&sig, edkey, data, strlen(data)), 0);
	assert_int_equal(acc_sign_pubkey(&pub, edkey), 0);
	bad = strdup(data);
	bad[strlen(bad) - 3] = '9'; /* no=0 -> no=9 */
	assert_int_equal(acc_sign_check(&who, sig, bad, strlen(bad)), ACC_EINVAL);
	assert_null(who);
	assert_false(tu_openssh_accepts(dir, sig, bad, strlen(bad), pub));
	free(bad);
	/* flip single base64 characters of the signature body */
	n = strlen(sig);
	for (i = 40; i < n - 40; i += 37) {
		char *s2 = strdup(sig);
		int ours, theirs;

		if (s2[i] == '\n' || s2[i] == '-') {
			free(s2);
			continue;
		}
		s2[i] = s2[i] == 'A' ? 'B' : 'A';
		ours = acc_sign_check(&who, s2, data, strlen(data)) == 0;
		theirs = tu_openssh_accepts(dir, s2, data, strlen(data), pub);
		assert_int_equal(ours, theirs);
		free(who);
		who = NULL;
		free(s2);
	}
	free(sig);
	free(pub);
}

/* A signature for another namespace is not a git signature. */
static void test_namespace(void **state)
{
	char cmd[9000], *sig = NULL, *who = NULL;
	size_t len;

	(void)state;
	snprintf(cmd, sizeof(cmd),
		 "printf data | ssh-keygen -q -Y sign -n file -f '%s' > '%s/ns.sig' 2>/dev/null",
		 edkey, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/ns.sig", dir);
	assert_int_equal(acc_file_read(&sig, &len, cmd, 65536), 0);
	assert_int_equal(acc_sign_check(&who, sig, "data", 4), ACC_EINVAL);
	assert_non_null(strstr(acc_error_last(), "namespace"));
	free(sig);
}

/* Malformed signatures are refused with a message, never a crash. */
static void test_malformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    "hello",
	    "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
	    "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
	    "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
	    ("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQAAAP////8=\n-----END SSH "
	     "SIGNATURE-----\n"),
	    "-----BEGIN SSH SIGNATURE-----\nAAAA\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *who = NULL;

		assert_int_equal(acc_sign_check(&who, bad[i], "x", 1), ACC_EINVAL);
		assert_null(who);
		assert_true(acc_error_last()[0] != '\0');
	}
}

/* Key types other than Ed25519 are checked by OpenSSH: same verdicts. */
static void test_rsa(void **state)
{
	const char *data = "Vote no\n";
	char *sig = NULL, *pub = NULL, *who = NULL;

	(void)state;
	assert_int_equal(acc_sign(&sig, rsakey, data, strlen(data)), 0);
	assert_int_equal(acc_sign_pubkey(&pub, rsakey), 0);
	assert_int_equal(strncmp(pub, "ssh-rsa ", 8), 0);
	assert_int_equal(acc_sign_check(&who, sig, data, strlen(data)), 0);
	assert_string_equal(who, pub);
	free(who);
	who = NULL;
	assert_int_equal(acc_sign_check(&who, sig, "Vote yes\n", 9), ACC_EINVAL);
	free(sig);
	free(pub);
}

/* Large data goes through the pipes whole (the poll loop), both ways. */
static void test_large_data(void **state)
{
	size_t len = 3u << 20, i;
	char *data = malloc(len), *sig = NULL, *who = NULL;

	(void)state;
	for (i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(acc_sign(&sig, edkey, data, len), 0);
	assert_int_equal(acc_sign_check(&who, sig, data, len), 0);
	free(who);
	who = NULL;
	data[len / 2] ^= 1;
	assert_int_equal(acc_sign_check(&who, sig, data, len), ACC_EINVAL);
	free(sig);
	free(data);
}

/* A missing key gives an error naming it; so does a broken key file. */
static void test_bad_keys(void **state)
{
	char path[4300], *sig = NULL, *pub = NULL;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(acc_sign(&sig, path, "x", 1), ACC_ERROR);
	assert_non_null(strstr(acc_error_last(), "missing"));
	assert_null(sig);
	snprintf(path, sizeof(path), "%s/broken", dir);
	f = fopen(path, "w");
	fputs("not a key\n", f);
	fclose(f);
	chmod(path, 0600);
	assert_true(acc_sign(&sig, path, "x", 1) < 0);
	assert_true(acc_sign_pubkey(&pub, path) < 0);
}

/* Public key lines are normalised to "type base64"; junk is refused. */
static void test_key_normalize(void **state)
{
	char *k = NULL;

	(void)state;
	assert_int_equal(
	    acc_sign_key_normalize(&k, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabc x@y\n"), 0);
	assert_string_equal(k, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabc");
	free(k);
	assert_int_equal(acc_sign_key_normalize(&k, "ssh-ed25519"), ACC_EINVAL);
	assert_int_equal(acc_sign_key_normalize(&k, "ssh-ed25519 short"), ACC_EINVAL);
	assert_int_equal(acc_sign_key_normalize(&k, "SSH ED AAAAC3NzaC1lZDI1NTE5AAAA"), ACC_EINVAL);
	assert_int_equal(acc_sign_key_normalize(&k, "ssh-ed25519 AAAA\"C3NzaC1lZDI1NTE5AAAA"),
			 ACC_EINVAL);
	assert_int_equal(acc_sign_key_normalize(&k, "* AAAAC3NzaC1lZDI1NTE5AAAAIabc"), ACC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sign_and_check),
	    cmocka_unit_test(test_tampering),
	    cmocka_unit_test(test_namespace),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_rsa),
	    cmocka_unit_test(test_large_data),
	    cmocka_unit_test(test_bad_keys),
	    cmocka_unit_test(test_key_normalize),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
