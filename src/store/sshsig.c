/* sshsig: in-process SSH signatures with Ed25519 key files (OpenSSL). */
#include "accord/sshsig.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"
#include "sshwire.h"

#define KEY_LABEL   "OPENSSH PRIVATE KEY"
#define KEY_MAGIC   "openssh-key-v1"
#define KEYFILE_MAX 65536

struct acc_sshsig_key {
	EVP_PKEY *pkey;
	unsigned char pub[32];
	unsigned char blob[51]; /* string "ssh-ed25519", string pub */
	char *public_line;	/* "ssh-ed25519 <base64 of blob>" */
	char *comment;
};

void acc_sshsig_key_free(acc_sshsig_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k->public_line);
	free(k->comment);
	free(k);
}

/* Parses the decoded openssh-key-v1 bytes into k. */
static int parse_key(acc_sshsig_key *k, const unsigned char *d, size_t dl, const char *name)
{
	acc_sshwire c = {d, dl}, pc, priv;
	const unsigned char *cipher, *kdf, *kdfopt, *pubblob, *sec, *type, *pk, *sk, *comment;
	size_t cl, kl, kol, pbl, secl, tl, pkl, skl, coml, i;
	const unsigned char *ptype, *ppk;
	size_t ptl, ppkl;
	uint32_t nkeys, check1, check2;
	unsigned char derived[32];
	size_t dlen = sizeof(derived);

	if (dl < sizeof(KEY_MAGIC) || memcmp(d, KEY_MAGIC, sizeof(KEY_MAGIC)) != 0)
		return acc_error_set(ACC_EINVAL, "%s: not an openssh-key-v1 private key", name);
	c.p += sizeof(KEY_MAGIC);
	c.n -= sizeof(KEY_MAGIC);
	if (acc_sshwire_string(&c, &cipher, &cl) < 0 || acc_sshwire_string(&c, &kdf, &kl) < 0 ||
	    acc_sshwire_string(&c, &kdfopt, &kol) < 0 || acc_sshwire_u32(&c, &nkeys) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed private key", name);
	if (!acc_sshwire_is(cipher, cl, "none") || !acc_sshwire_is(kdf, kl, "none"))
		return acc_error_set(ACC_EINVAL, "%s: the key is encrypted (passphrase)", name);
	if (nkeys != 1)
		return acc_error_set(ACC_EINVAL, "%s: %u keys in one file (expected one)", name,
				     (unsigned)nkeys);
	if (acc_sshwire_string(&c, &pubblob, &pbl) < 0 || acc_sshwire_string(&c, &sec, &secl) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed private key", name);
	pc.p = pubblob, pc.n = pbl;
	if (acc_sshwire_string(&pc, &ptype, &ptl) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed public key", name);
	if (!acc_sshwire_is(ptype, ptl, "ssh-ed25519"))
		return acc_error_set(ACC_EINVAL, "%s: a %.*s key (only ssh-ed25519 is signed here)",
				     name, (int)(ptl > 40 ? 40 : ptl), (const char *)ptype);
	if (acc_sshwire_string(&pc, &ppk, &ppkl) < 0 || ppkl != 32 || pc.n)
		return acc_error_set(ACC_EINVAL, "%s: malformed ed25519 public key", name);
	priv.p = sec, priv.n = secl;
	if (acc_sshwire_u32(&priv, &check1) < 0 || acc_sshwire_u32(&priv, &check2) < 0 ||
	    acc_sshwire_string(&priv, &type, &tl) < 0 || acc_sshwire_string(&priv, &pk, &pkl) < 0 ||
	    acc_sshwire_string(&priv, &sk, &skl) < 0 ||
	    acc_sshwire_string(&priv, &comment, &coml) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed private section", name);
	if (check1 != check2)
		return acc_error_set(ACC_EINVAL, "%s: the key's check numbers differ", name);
	if (!acc_sshwire_is(type, tl, "ssh-ed25519") || pkl != 32 || skl != 64 ||
	    memcmp(pk, ppk, 32) != 0 || memcmp(sk + 32, pk, 32) != 0)
		return acc_error_set(ACC_EINVAL, "%s: inconsistent ed25519 key", name);
	/* padding: 1, 2, 3... up to the cipher block size */
	for (i = 0; i < priv.n; i++)
		if (priv.p[i] != (unsigned char)(i + 1))
			return acc_error_set(ACC_EINVAL, "%s: bad padding in the key", name);
	if (!(k->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sk, 32)))
		return acc_error_set(ACC_ERROR, "%s: libcrypto refused the ed25519 key", name);
	/* the seed must give the stated public key */
	if (EVP_PKEY_get_raw_public_key(k->pkey, derived, &dlen) != 1 || dlen != 32 ||
	    memcmp(derived, pk, 32) != 0)
		return acc_error_set(ACC_EINVAL,
				     "%s: the public key does not match the private key", name);
	memcpy(k->pub, pk, 32);
	memcpy(k->blob, pubblob, sizeof(k->blob));
	if (pbl != sizeof(k->blob))
		return acc_error_set(ACC_EINVAL, "%s: malformed ed25519 public key", name);
	{
		char *enc = acc_sshwire_b64(k->blob, sizeof(k->blob));

		if (!enc || !(k->public_line = acc_sprintf("ssh-ed25519 %s", enc))) {
			free(enc);
			return ACC_ENOMEM;
		}
		free(enc);
	}
	if (!(k->comment = acc_strndup((const char *)comment, coml)))
		return ACC_ENOMEM;
	return 0;
}

int acc_sshsig_key_parse(acc_sshsig_key **out, const char *data, size_t len, const char *name)
{
	acc_sshsig_key *k = NULL;
	unsigned char *bin = NULL;
	size_t blen = 0;
	int rc;

	*out = NULL;
	rc = acc_sshwire_unarmour(&bin, &blen, data, len, KEY_LABEL);
	if (rc == ACC_ENOTFOUND)
		return acc_error_set(ACC_EINVAL, "%s: not an OpenSSH private key", name);
	if (rc == ACC_EINVAL)
		return acc_error_set(ACC_EINVAL, "%s: invalid or truncated base64 in the key",
				     name);
	if (rc < 0)
		return rc;
	if (!(k = acc_calloc(1, sizeof(*k)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((rc = parse_key(k, bin, blen, name)) < 0)
		goto done;
	*out = k;
	k = NULL;
done:
	acc_sshsig_key_free(k);
	if (bin) {
		OPENSSL_cleanse(bin, blen);
		free(bin);
	}
	return rc;
}

int acc_sshsig_key_load(acc_sshsig_key **out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = acc_file_read(&data, &len, path, KEYFILE_MAX)) < 0)
		return rc;
	rc = acc_sshsig_key_parse(out, data, len, path);
	OPENSSL_cleanse(data, len);
	free(data);
	return rc;
}

const char *acc_sshsig_key_public(const acc_sshsig_key *k)
{
	return k->public_line;
}

const char *acc_sshsig_key_comment(const acc_sshsig_key *k)
{
	return k->comment;
}

int acc_sshsig_sign(char **sig, const acc_sshsig_key *k, const char *ns, const char *data,
		    size_t len)
{
	unsigned char digest[64], raw[64];
	size_t rawlen = sizeof(raw);
	acc_buf msg = ACC_BUF_INIT, blob = ACC_BUF_INIT, sigblob = ACC_BUF_INIT;
	EVP_MD_CTX *md = NULL;
	int rc = 0;

	*sig = NULL;
	if (!EVP_Digest(data, len, digest, NULL, EVP_sha512(), NULL)) {
		rc = acc_error_set(ACC_ERROR, "cannot hash the data to sign");
		goto done;
	}
	if ((rc = acc_sshwire_signed_message(&msg, ns, strlen(ns), "sha512", digest,
					     sizeof(digest))) < 0)
		goto done;
	if (!(md = EVP_MD_CTX_new()) || EVP_DigestSignInit(md, NULL, NULL, NULL, k->pkey) != 1 ||
	    EVP_DigestSign(md, raw, &rawlen, (const unsigned char *)msg.ptr, msg.size) != 1 ||
	    rawlen != 64) {
		rc = acc_error_set(ACC_ERROR, "ed25519 signing failed");
		goto done;
	}
	if ((rc = acc_sshwire_put_string(&sigblob, "ssh-ed25519", 11)) < 0 ||
	    (rc = acc_sshwire_put_string(&sigblob, raw, 64)) < 0)
		goto done;
	/* the SSHSIG blob: magic, version 1, key, namespace, reserved, hash, signature */
	if ((rc = acc_buf_put(&blob, "SSHSIG\0\0\0\1", 10)) < 0 ||
	    (rc = acc_sshwire_put_string(&blob, k->blob, sizeof(k->blob))) < 0 ||
	    (rc = acc_sshwire_put_string(&blob, ns, strlen(ns))) < 0 ||
	    (rc = acc_sshwire_put_string(&blob, "", 0)) < 0 ||
	    (rc = acc_sshwire_put_string(&blob, "sha512", 6)) < 0 ||
	    (rc = acc_sshwire_put_string(&blob, sigblob.ptr, sigblob.size)) < 0)
		goto done;
	rc = acc_sshwire_armour(sig, (const unsigned char *)blob.ptr, blob.size);
done:
	EVP_MD_CTX_free(md);
	acc_buf_free(&msg);
	acc_buf_free(&blob);
	acc_buf_free(&sigblob);
	return rc;
}

int acc_sshsig_sign_file(char **sig, const char *keyfile, const char *data, size_t len)
{
	acc_sshsig_key *k = NULL;
	int rc;

	*sig = NULL;
	if ((rc = acc_sshsig_key_load(&k, keyfile)) < 0)
		return rc;
	rc = acc_sshsig_sign(sig, k, ACC_SIGN_NAMESPACE, data, len);
	acc_sshsig_key_free(k);
	return rc;
}
