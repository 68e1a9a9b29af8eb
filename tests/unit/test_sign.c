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
#include <openssl/evp.h>
#include <openssl/pem.h>

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

/* An RSA signature checks (in-process since RSA is verified with
 * libcrypto), and not over other data. */
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

/* ---- every common key type, in-process, against ssh-keygen -Y verify ---- */

/* The keys made for the in-process group: ssh-keygen arguments and file. */
static const struct kind {
	const char *name, *args;
} kinds[] = {
    {"rsa2048", "-t rsa -b 2048"},   {"rsa3072", "-t rsa -b 3072"},
    {"ecdsa256", "-t ecdsa -b 256"}, {"ecdsa384", "-t ecdsa -b 384"},
    {"ecdsa521", "-t ecdsa -b 521"}, {"ed25519", "-t ed25519"},
};
#define NKINDS (sizeof(kinds) / sizeof(*kinds))

static const char kdata[] = "Close the ballot: adopted\nAccord-Tally: yes=7 no=0\n";
static char *kdir;
static char *kpub[NKINDS];    /* "type base64" of each key */
static char *ksig[NKINDS][2]; /* signatures of kdata: sha512, sha256 */

/* The file kdir/name. */
static const char *kpath(const char *name)
{
	static char path[4400];

	snprintf(path, sizeof(path), "%s/%s", kdir, name);
	return path;
}

/* Makes one key of each kind and has ssh-keygen sign kdata with each
 * (stdin to stdout, hash sha512 and sha256); only through the shell, so
 * that acc_sign_tool has not yet found ssh-keygen when the group runs. */
static int setup_kinds(void **state)
{
	size_t i;

	(void)state;
	if (!(kdir = tu_mkdtemp()) || tu_write_str(kdir, "data", kdata) < 0)
		return -1;
	for (i = 0; i < NKINDS; i++) {
		char *line;

		if (tu_run(NULL, "ssh-keygen -q %s -N '' -C %s -f '%s/%s'", kinds[i].args,
			   kinds[i].name, kdir, kinds[i].name) != 0 ||
		    tu_run(&ksig[i][0], "ssh-keygen -q -Y sign -n git -f '%s/%s' < '%s/data'", kdir,
			   kinds[i].name, kdir) != 0 ||
		    tu_run(&ksig[i][1],
			   "ssh-keygen -q -Y sign -n git -O hashalg=sha256 -f '%s/%s' < '%s/data'",
			   kdir, kinds[i].name, kdir) != 0)
			return -1;
		{
			char rel[64];

			snprintf(rel, sizeof(rel), "%s.pub", kinds[i].name);
			if (!(line = tu_read(kdir, rel, NULL)))
				return -1;
		}
		if (acc_sign_key_normalize(&kpub[i], line) < 0) {
			free(line);
			return -1;
		}
		free(line);
	}
	return 0;
}

/* Removes the keys. */
static int teardown_kinds(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NKINDS; i++)
		free(kpub[i]), free(ksig[i][0]), free(ksig[i][1]);
	tu_rmrf(kdir);
	free(kdir);
	return 0;
}

/* 1 when acc_sign_check accepts sig over data as signed by pub. */
static int ours(const char *sig, const char *data, size_t len, const char *pub)
{
	char *who = NULL;
	int ok = acc_sign_check(&who, sig, data, len) == 0;

	if (!ok)
		assert_null(who);
	ok = ok && strcmp(who, pub) == 0;
	free(who);
	return ok;
}

/* Asserts that acc_sign_check and `ssh-keygen -Y verify` (pub the only
 * allowed signer) decide sig over data the same way; returns the verdict. */
static int same(const char *sig, const char *data, size_t len, const char *pub)
{
	int a = ours(sig, data, len, pub), b = tu_openssh_accepts(kdir, sig, data, len, pub);

	if (a != b)
		fail_msg("in-process %d, ssh-keygen %d on\n%s", a, b, sig);
	return a;
}

/* Decodes the armoured sig into *len bytes (malloc'd). */
static unsigned char *unarmour(const char *sig, size_t *len)
{
	const char *b = strchr(sig, '\n') + 1, *e = strstr(sig, "-----END");
	char *clean = malloc((size_t)(e - b) + 1);
	unsigned char *out = malloc((size_t)(e - b) + 1);
	size_t n = 0;
	int l;

	for (; b < e; b++)
		if (*b != '\n')
			clean[n++] = *b;
	l = EVP_DecodeBlock(out, (unsigned char *)clean, (int)n);
	assert_true(l >= 0);
	*len = (size_t)l - (n && clean[n - 1] == '=') - (n > 1 && clean[n - 2] == '=');
	free(clean);
	return out;
}

/* Armours len bytes at blob as ssh-keygen does (malloc'd). */
static char *armour(const unsigned char *blob, size_t len)
{
	unsigned char *b64 = malloc(4 * ((len + 2) / 3) + 1);
	char *out = malloc(4 * ((len + 2) / 3) + 128);
	size_t bl = (size_t)EVP_EncodeBlock(b64, blob, (int)len), i, o;

	o = (size_t)sprintf(out, "-----BEGIN SSH SIGNATURE-----\n");
	for (i = 0; i < bl; i += 70)
		o += (size_t)sprintf(out + o, "%.*s\n", (int)(bl - i < 70 ? bl - i : 70),
				     (char *)b64 + i);
	sprintf(out + o, "-----END SSH SIGNATURE-----\n");
	free(b64);
	return out;
}

/* Replaces the first occurrence of the n bytes at from in blob with to
 * (same length); 0 when absent. */
static int patch(unsigned char *blob, size_t len, const char *from, const char *to, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(blob + i, from, n) == 0) {
			memcpy(blob + i, to, n);
			return 1;
		}
	return 0;
}

static char *saved_path; /* PATH while test_kinds_in_process hides ssh-keygen */

/* Reads the big-endian uint32 at p. */
static size_t be32(const unsigned char *p)
{
	return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
}

/* Writes v big-endian at p. */
static void put32(unsigned char *p, size_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* The SSHSIG blob with the raw signature (the last string of the last
 * field) one byte shorter (grow 0) or with a zero byte in front (grow 1),
 * its two lengths fixed, armoured (malloc'd). */
static char *resize_raw(const unsigned char *blob, size_t len, int grow)
{
	unsigned char *b = malloc(len + 1);
	size_t o = 10, k, sg, type, raw, rawl;
	char *s;

	for (k = 0; k < 4; k++) /* key, namespace, reserved, hash */
		o += 4 + be32(blob + o);
	sg = o;
	type = sg + 4;
	raw = type + 4 + be32(blob + type);
	rawl = be32(blob + raw);
	assert_int_equal(raw + 4 + rawl, len);
	memcpy(b, blob, raw + 4);
	if (grow) {
		b[raw + 4] = 0;
		memcpy(b + raw + 5, blob + raw + 4, rawl);
	} else {
		memcpy(b + raw + 4, blob + raw + 4, rawl - 1);
	}
	put32(b + raw, grow ? rawl + 1 : rawl - 1);
	put32(b + sg, grow ? be32(blob + sg) + 1 : be32(blob + sg) - 1);
	s = armour(b, grow ? len + 1 : len - 1);
	free(b);
	return s;
}

/* Checks every kind in-process with no ssh-keygen to be found: PATH names
 * only a missing folder, so a fallback to the tool would fail (as the
 * crafted key type of another kind shows). */
static void test_kinds_in_process(void **state)
{
	char *who = NULL;
	size_t i, h;

	(void)state;
	saved_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent-accord-test", 1);
	for (i = 0; i < NKINDS; i++)
		for (h = 0; h < 2; h++) {
			assert_int_equal(acc_sign_check(&who, ksig[i][h], kdata, strlen(kdata)), 0);
			assert_string_equal(who, kpub[i]);
			free(who);
			who = NULL;
			assert_int_equal(acc_sign_check(&who, ksig[i][h], kdata, 10), ACC_EINVAL);
		}
	{
		/* an ssh-dss key goes to ssh-keygen, which is not there */
		static const unsigned char blob[] = "SSHSIG\0\0\0\1"
						    "\0\0\0\x0f\0\0\0\x07ssh-dss\0\0\0\0"
						    "\0\0\0\3git\0\0\0\0\0\0\0\6sha512"
						    "\0\0\0\0";
		char *s = armour(blob, sizeof(blob) - 1);

		assert_int_equal(acc_sign_check(&who, s, kdata, strlen(kdata)), ACC_ERROR);
		assert_non_null(strstr(acc_error_last(), "ssh-keygen not found"));
		free(s);
	}
}

/* Puts back the PATH test_kinds_in_process replaced, even when it failed. */
static int restore_path(void **state)
{
	(void)state;
	if (saved_path)
		setenv("PATH", saved_path, 1);
	free(saved_path);
	saved_path = NULL;
	return 0;
}

/* Each kind: the good signatures, and tampered ones (data, signature
 * bytes, version, hash name, namespace, truncation, another key), are
 * decided by acc_sign_check exactly as by ssh-keygen -Y verify. */
static void test_kinds_agree(void **state)
{
	char *bad = strdup(kdata), *s;
	size_t i, h, j, len, n = strlen(kdata);
	unsigned char *blob, *b2;

	(void)state;
	for (i = 0; i < NKINDS; i++)
		for (h = 0; h < 2; h++) {
			const char *sig = ksig[i][h];

			assert_true(same(sig, kdata, n, kpub[i]));
			/* another key of the same size, and of another type */
			assert_false(same(sig, kdata, n, kpub[(i + 1) % NKINDS]));
			/* a flipped bit in the data, and truncated data */
			bad[n / 2] ^= 1;
			assert_false(same(sig, bad, n, kpub[i]));
			bad[n / 2] ^= 1;
			assert_false(same(sig, kdata, n - 1, kpub[i]));
			blob = unarmour(sig, &len);
			b2 = malloc(len);
			/* one flipped bit at bytes across the whole blob */
			for (j = 0; j < len; j += h ? 23 : 11) {
				memcpy(b2, blob, len);
				b2[j] ^= (unsigned char)(1u << (j % 8));
				s = armour(b2, len);
				/* only the version (bytes 6-9) is not signed */
				if (same(s, kdata, n, kpub[i]))
					assert_true(j == 9 && b2[9] == 0);
				free(s);
			}
			/* the version: 0 is accepted by ssh-keygen, 2 is not */
			for (j = 0; j < 3; j++) {
				memcpy(b2, blob, len);
				b2[9] = (unsigned char)j;
				s = armour(b2, len);
				assert_int_equal(same(s, kdata, n, kpub[i]), j < 2);
				free(s);
			}
			/* another hash name, another namespace */
			memcpy(b2, blob, len);
			assert_true(
			    patch(b2, len, h ? "sha256" : "sha512", h ? "sha512" : "sha256", 6));
			s = armour(b2, len);
			assert_false(same(s, kdata, n, kpub[i]));
			free(s);
			memcpy(b2, blob, len);
			assert_true(patch(b2, len, "\0\0\0\3git", "\0\0\0\3gjt", 7));
			s = armour(b2, len);
			assert_false(same(s, kdata, n, kpub[i]));
			free(s);
			/* truncated blobs (cut and shortened length fields) */
			for (j = 1; j < 80; j += 13) {
				s = armour(blob, len - j);
				assert_false(same(s, kdata, n, kpub[i]));
				free(s);
			}
			/* the raw signature one byte shorter, or with a zero byte
			 * in front (lengths fixed) */
			for (j = 0; j < 2; j++) {
				s = resize_raw(blob, len, (int)j);
				assert_false(same(s, kdata, n, kpub[i]));
				free(s);
			}
			free(b2);
			free(blob);
			/* the armour cut off */
			s = strdup(sig);
			s[strlen(s) / 2] = '\0';
			assert_false(same(s, kdata, n, kpub[i]));
			free(s);
		}
	free(bad);
}

/* Appends an SSH string to the n bytes at b (room assumed); new n. */
static size_t put_str(unsigned char *b, size_t n, const void *s, size_t len)
{
	put32(b + n, len);
	memcpy(b + n + 4, s, len);
	return n + 4 + len;
}

/* An SSHSIG of kdata by the RSA key pk (PEM) with signature algorithm alg
 * computed with digest md (what ssh-keygen cannot be made to write). */
static char *rsa_sshsig(EVP_PKEY *pk, const unsigned char *keyblob, size_t kl, const char *alg,
			const EVP_MD *md)
{
	unsigned char h[64], msg[256], raw[1024], sig[1200], blob[2600];
	size_t ml = 6, rl = sizeof(raw), sl = 0, bl = 10;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char *s;

	assert_true(EVP_Digest(kdata, strlen(kdata), h, NULL, EVP_sha512(), NULL));
	memcpy(msg, "SSHSIG", 6);
	ml = put_str(msg, ml, "git", 3);
	ml = put_str(msg, ml, "", 0);
	ml = put_str(msg, ml, "sha512", 6);
	ml = put_str(msg, ml, h, 64);
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, md, NULL, pk), 1);
	assert_int_equal(EVP_DigestSign(ctx, raw, &rl, msg, ml), 1);
	EVP_MD_CTX_free(ctx);
	sl = put_str(sig, sl, alg, strlen(alg));
	sl = put_str(sig, sl, raw, rl);
	memcpy(blob, "SSHSIG\0\0\0\1", 10);
	bl = put_str(blob, bl, keyblob, kl);
	bl = put_str(blob, bl, "git", 3);
	bl = put_str(blob, bl, "", 0);
	bl = put_str(blob, bl, "sha512", 6);
	bl = put_str(blob, bl, sig, sl);
	s = armour(blob, bl);
	return s;
}

/* RSA signatures with SHA-1 (algorithm ssh-rsa) are refused by both, as
 * ssh-keygen -Y verify does; the same construction with rsa-sha2-256 is
 * accepted by both (so the refusal is about SHA-1 alone). */
static void test_kinds_sha1(void **state)
{
	char *pub = NULL, *line, *s;
	unsigned char *kb;
	size_t kl;
	EVP_PKEY *pk;
	FILE *f;
	int l;

	(void)state;
	assert_int_equal(
	    tu_run(NULL, "ssh-keygen -q -m PEM -t rsa -b 2048 -N '' -C pem -f '%s'", kpath("pem")),
	    0);
	assert_non_null(line = tu_read(kdir, "pem.pub", NULL));
	assert_int_equal(acc_sign_key_normalize(&pub, line), 0);
	free(line);
	kb = malloc(strlen(pub));
	l = EVP_DecodeBlock(kb, (unsigned char *)strchr(pub, ' ') + 1,
			    (int)strlen(strchr(pub, ' ') + 1));
	assert_true(l > 0);
	kl = (size_t)l - (pub[strlen(pub) - 1] == '=') - (pub[strlen(pub) - 2] == '=');
	assert_non_null(f = fopen(kpath("pem"), "r"));
	assert_non_null(pk = PEM_read_PrivateKey(f, NULL, NULL, NULL));
	fclose(f);
	s = rsa_sshsig(pk, kb, kl, "rsa-sha2-256", EVP_sha256());
	assert_true(same(s, kdata, strlen(kdata), pub));
	free(s);
	s = rsa_sshsig(pk, kb, kl, "ssh-rsa", EVP_sha1());
	assert_false(same(s, kdata, strlen(kdata), pub));
	assert_false(ours(s, kdata, strlen(kdata), pub));
	assert_non_null(strstr(acc_error_last(), "sha-1"));
	free(s);
	/* the algorithm named must be the one used */
	s = rsa_sshsig(pk, kb, kl, "rsa-sha2-512", EVP_sha256());
	assert_false(same(s, kdata, strlen(kdata), pub));
	free(s);
	EVP_PKEY_free(pk);
	free(kb);
	free(pub);
}

/* A signature made for another namespace is refused by both. */
static void test_kinds_namespace(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NKINDS; i++) {
		char *sig = NULL;

		assert_int_equal(tu_run(&sig, "ssh-keygen -q -Y sign -n file -f '%s' < '%s'",
					kpath(kinds[i].name), kpath("data")),
				 0);
		assert_false(same(sig, kdata, strlen(kdata), kpub[i]));
		free(sig);
	}
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

	const struct CMUnitTest kind_tests[] = {
	    cmocka_unit_test_teardown(test_kinds_in_process, restore_path),
	    cmocka_unit_test(test_kinds_sha1),
	    cmocka_unit_test(test_kinds_agree),
	    cmocka_unit_test(test_kinds_namespace),
	};
	int failed;

	/* first, before anything has looked for ssh-keygen (see
	 * test_kinds_in_process) */
	failed = cmocka_run_group_tests(kind_tests, setup_kinds, teardown_kinds);
	return failed + cmocka_run_group_tests(tests, setup, teardown);
}
