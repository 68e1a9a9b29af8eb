/*
 * fuzz_sign: acc_sign_check, the in-process SSHSIG parser and Ed25519,
 * RSA and ECDSA checks (src/store/sshwire.c) that verify runs on the
 * gpgsig header of every fetched commit.
 *
 * The first byte picks the mode, the rest is:
 *   0: the armoured signature text, checked against FIXED_DATA;
 *   1: the signed data, checked against FIXED_SIG (a valid signature of
 *      FIXED_DATA by FIXED_PUB): it verifies exactly when data is
 *      FIXED_DATA;
 *   2: the binary SSHSIG blob, armoured here as ssh-keygen does (so the
 *      fuzzer works on the wire format, not on base64), checked against
 *      FIXED_DATA.
 * Whatever verifies was signed by FIXED_PUB (no forgery, no other key).
 *
 * Key types other than ssh-ed25519, ssh-rsa and ecdsa-sha2-nistp* are
 * handed to ssh-keygen by sign.c (the corpus holds RSA and ECDSA seeds,
 * signatures of other data, so they never verify): the
 * target sets PATH to a folder without it once, so that path ends at once
 * with "ssh-keygen not found" instead of a process per input.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "fuzz.h"

static const char FIXED_DATA[] = "accord fuzz fixed data\n";
static const char FIXED_PUB[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1";
static const char FIXED_SIG[] =
    "-----BEGIN SSH SIGNATURE-----\n"
    "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg7Va6B8Npx8pIDznvSAISWHFXMm\n"
    "R8sLIJ5l0G1rQW2/UAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
    "AAAAQBMKIAXyLojwXLNKdoypjJmcZmeiBJHEos9L5Gs/Nx81SLTilsfbtff8E7kIygO82Y\n"
    "Ts1XdqYtgkDBopcPSdhAI=\n"
    "-----END SSH SIGNATURE-----\n";

/* Armours the n bytes at blob as ssh-keygen does (base64, 70 columns). */
static char *armour(const uint8_t *blob, size_t n)
{
	unsigned char *b64 = malloc(4 * ((n + 2) / 3) + 1);
	acc_buf out = ACC_BUF_INIT;
	size_t bl, i;

	FUZZ_CHECK(b64 != NULL);
	bl = (size_t)EVP_EncodeBlock(b64, blob, (int)n);
	FUZZ_CHECK(acc_buf_puts(&out, "-----BEGIN SSH SIGNATURE-----\n") == 0);
	for (i = 0; i < bl; i += 70) {
		FUZZ_CHECK(acc_buf_put(&out, (char *)b64 + i, bl - i < 70 ? bl - i : 70) == 0);
		FUZZ_CHECK(acc_buf_putc(&out, '\n') == 0);
	}
	FUZZ_CHECK(acc_buf_puts(&out, "-----END SSH SIGNATURE-----\n") == 0);
	free(b64);
	return acc_buf_detach(&out);
}

/* Runs acc_sign_check and its common invariants; returns its code. */
static int check(const char *sig, const char *data, size_t len)
{
	char *pub = (char *)"unset";
	int rc = acc_sign_check(&pub, sig, data, len);

	fuzz_note("sign: %d %s", rc, rc ? acc_error_last() : pub);

	if (rc == 0) {
		FUZZ_CHECK(pub && strcmp(pub, FIXED_PUB) == 0);
	} else {
		FUZZ_CHECK(pub == NULL);
		FUZZ_CHECK(rc == ACC_EINVAL || rc == ACC_ERROR || rc == ACC_ENOMEM);
		FUZZ_CHECK(fuzz_error_ok());
	}
	free(pub);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	char *s;
	int rc;

	if (!once) {
		setenv("PATH", "/nonexistent-accord-fuzz", 1);
		once = 1;
	}
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		s = fuzz_cstr(data + 1, size - 1);
		rc = check(s, FIXED_DATA, sizeof(FIXED_DATA) - 1);
		if (strcmp(s, FIXED_SIG) == 0)
			FUZZ_CHECK(rc == 0);
		free(s);
		break;
	case 1:
		/* data with an exact-size copy, so reads past it are caught */
		s = malloc(size - 1 ? size - 1 : 1);
		FUZZ_CHECK(s != NULL);
		memcpy(s, data + 1, size - 1);
		rc = check(FIXED_SIG, s, size - 1);
		FUZZ_CHECK((rc == 0) == (size - 1 == sizeof(FIXED_DATA) - 1 &&
					 memcmp(s, FIXED_DATA, size - 1) == 0));
		free(s);
		break;
	default:
		s = armour(data + 1, size - 1);
		rc = check(s, FIXED_DATA, sizeof(FIXED_DATA) - 1);
		if (strcmp(s, FIXED_SIG) == 0)
			FUZZ_CHECK(rc == 0);
		free(s);
		break;
	}
	acc_error_clear();
	return 0;
}
