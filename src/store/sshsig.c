/* sshsig: in-process SSH signatures with Ed25519 key files (OpenSSL). */
#include "accord/sshsig.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accord/sign.h"

#define KEY_BEGIN   "-----BEGIN OPENSSH PRIVATE KEY-----"
#define KEY_END	    "-----END OPENSSH PRIVATE KEY-----"
#define SIG_BEGIN   "-----BEGIN SSH SIGNATURE-----\n"
#define SIG_END	    "-----END SSH SIGNATURE-----\n"
#define KEY_MAGIC   "openssh-key-v1"
#define SIG_COLS    70 /* ssh-keygen wraps the armoured base64 at 70 columns */
#define KEYFILE_MAX 65536

struct acc_sshsig_key {
	EVP_PKEY *pkey;
	unsigned char pub[32];
	unsigned char blob[51]; /* string "ssh-ed25519", string pub */
	char *public_line;	/* "ssh-ed25519 <base64 of blob>" */
	char *comment;
};

/* A cursor over SSH wire-format bytes. */
typedef struct {
	const unsigned char *p;
	size_t n;
} cursor;

/* Reads a big-endian uint32; -1 when too short. */
static int get_u32(cursor *c, uint32_t *v)
{
	if (c->n < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	c->n -= 4;
	return 0;
}

/* Reads an SSH string (uint32 length, bytes); -1 when truncated. */
static int get_string(cursor *c, const unsigned char **s, size_t *len)
{
	uint32_t l;

	if (get_u32(c, &l) < 0 || l > c->n)
		return -1;
	*s = c->p;
	*len = l;
	c->p += l;
	c->n -= l;
	return 0;
}

/* 1 when the string s (len bytes) is the NUL-terminated word w. */
static int is_word(const unsigned char *s, size_t len, const char *w)
{
	return len == strlen(w) && memcmp(s, w, len) == 0;
}

/* Appends an SSH string to b. */
static int put_string(acc_buf *b, const void *s, size_t len)
{
	unsigned char l[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
			      (unsigned char)(len >> 8), (unsigned char)len};
	int rc = acc_buf_put(b, (const char *)l, 4);

	return rc < 0 ? rc : acc_buf_put(b, s, len);
}

/* Base64 of len bytes, unwrapped (malloc'd), or NULL. */
static char *b64(const unsigned char *p, size_t len)
{
	char *out = acc_malloc(4 * ((len + 2) / 3) + 1);

	if (out)
		EVP_EncodeBlock((unsigned char *)out, p, (int)len);
	return out;
}

/*
 * Decodes the base64 between the armour lines begin and end of text
 * (whitespace ignored).  *out (malloc'd) and *len receive the bytes.
 */
static int unarmour(unsigned char **out, size_t *len, const char *text, size_t tlen,
		    const char *begin, const char *end, const char *name)
{
	const char *b = NULL, *e = NULL, *p;
	acc_buf s = ACC_BUF_INIT;
	size_t i, bl = strlen(begin), el = strlen(end);
	int n, rc = 0;

	*out = NULL;
	for (i = 0; i + bl <= tlen && !b; i++)
		if (memcmp(text + i, begin, bl) == 0)
			b = text + i + bl;
	for (p = b; p && p + el <= text + tlen && !e; p++)
		if (memcmp(p, end, el) == 0)
			e = p;
	if (!b || !e)
		return acc_error_set(ACC_EINVAL, "%s: not an OpenSSH private key", name);
	for (p = b; p < e && rc == 0; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			continue;
		if (!*p ||
		    !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
			    *p))
			rc = acc_error_set(ACC_EINVAL, "%s: invalid base64 in the key", name);
		else
			rc = acc_buf_putc(&s, *p);
	}
	if (rc < 0 || !s.ptr || s.size % 4) {
		acc_buf_free(&s);
		return rc < 0 ? rc : acc_error_set(ACC_EINVAL, "%s: truncated key", name);
	}
	if (!(*out = acc_malloc(s.size / 4 * 3 + 1))) {
		acc_buf_free(&s);
		return ACC_ENOMEM;
	}
	n = EVP_DecodeBlock(*out, (const unsigned char *)s.ptr, (int)s.size);
	if (n < 0) {
		free(*out);
		*out = NULL;
		acc_buf_free(&s);
		return acc_error_set(ACC_EINVAL, "%s: invalid base64 in the key", name);
	}
	/* EVP_DecodeBlock counts the padding as zero bytes */
	if (s.ptr[s.size - 1] == '=')
		n--;
	if (s.ptr[s.size - 2] == '=')
		n--;
	*len = (size_t)n;
	acc_buf_free(&s);
	return 0;
}

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
	cursor c = {d, dl}, pc, priv;
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
	if (get_string(&c, &cipher, &cl) < 0 || get_string(&c, &kdf, &kl) < 0 ||
	    get_string(&c, &kdfopt, &kol) < 0 || get_u32(&c, &nkeys) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed private key", name);
	if (!is_word(cipher, cl, "none") || !is_word(kdf, kl, "none"))
		return acc_error_set(ACC_EINVAL, "%s: the key is encrypted (passphrase)", name);
	if (nkeys != 1)
		return acc_error_set(ACC_EINVAL, "%s: %u keys in one file (expected one)", name,
				     (unsigned)nkeys);
	if (get_string(&c, &pubblob, &pbl) < 0 || get_string(&c, &sec, &secl) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed private key", name);
	pc.p = pubblob, pc.n = pbl;
	if (get_string(&pc, &ptype, &ptl) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed public key", name);
	if (!is_word(ptype, ptl, "ssh-ed25519"))
		return acc_error_set(ACC_EINVAL, "%s: a %.*s key (only ssh-ed25519 is signed here)",
				     name, (int)(ptl > 40 ? 40 : ptl), (const char *)ptype);
	if (get_string(&pc, &ppk, &ppkl) < 0 || ppkl != 32 || pc.n)
		return acc_error_set(ACC_EINVAL, "%s: malformed ed25519 public key", name);
	priv.p = sec, priv.n = secl;
	if (get_u32(&priv, &check1) < 0 || get_u32(&priv, &check2) < 0 ||
	    get_string(&priv, &type, &tl) < 0 || get_string(&priv, &pk, &pkl) < 0 ||
	    get_string(&priv, &sk, &skl) < 0 || get_string(&priv, &comment, &coml) < 0)
		return acc_error_set(ACC_EINVAL, "%s: malformed private section", name);
	if (check1 != check2)
		return acc_error_set(ACC_EINVAL, "%s: the key's check numbers differ", name);
	if (!is_word(type, tl, "ssh-ed25519") || pkl != 32 || skl != 64 ||
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
		char *enc = b64(k->blob, sizeof(k->blob));

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
	if ((rc = unarmour(&bin, &blen, data, len, KEY_BEGIN, KEY_END, name)) < 0)
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
	size_t rawlen = sizeof(raw), i, n;
	acc_buf msg = ACC_BUF_INIT, blob = ACC_BUF_INIT, sigblob = ACC_BUF_INIT, out = ACC_BUF_INIT;
	EVP_MD_CTX *md = NULL;
	char *enc = NULL;
	int rc = 0;

	*sig = NULL;
	if (!EVP_Digest(data, len, digest, NULL, EVP_sha512(), NULL)) {
		rc = acc_error_set(ACC_ERROR, "cannot hash the data to sign");
		goto done;
	}
	/* what is signed: magic, namespace, reserved, hash name, H(data) */
	if ((rc = acc_buf_put(&msg, "SSHSIG", 6)) < 0 ||
	    (rc = put_string(&msg, ns, strlen(ns))) < 0 || (rc = put_string(&msg, "", 0)) < 0 ||
	    (rc = put_string(&msg, "sha512", 6)) < 0 ||
	    (rc = put_string(&msg, digest, sizeof(digest))) < 0)
		goto done;
	if (!(md = EVP_MD_CTX_new()) || EVP_DigestSignInit(md, NULL, NULL, NULL, k->pkey) != 1 ||
	    EVP_DigestSign(md, raw, &rawlen, (const unsigned char *)msg.ptr, msg.size) != 1 ||
	    rawlen != 64) {
		rc = acc_error_set(ACC_ERROR, "ed25519 signing failed");
		goto done;
	}
	if ((rc = put_string(&sigblob, "ssh-ed25519", 11)) < 0 ||
	    (rc = put_string(&sigblob, raw, 64)) < 0)
		goto done;
	/* the SSHSIG blob: magic, version 1, key, namespace, reserved, hash, signature */
	if ((rc = acc_buf_put(&blob, "SSHSIG\0\0\0\1", 10)) < 0 ||
	    (rc = put_string(&blob, k->blob, sizeof(k->blob))) < 0 ||
	    (rc = put_string(&blob, ns, strlen(ns))) < 0 || (rc = put_string(&blob, "", 0)) < 0 ||
	    (rc = put_string(&blob, "sha512", 6)) < 0 ||
	    (rc = put_string(&blob, sigblob.ptr, sigblob.size)) < 0)
		goto done;
	if (!(enc = b64((const unsigned char *)blob.ptr, blob.size))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	n = strlen(enc);
	rc = acc_buf_puts(&out, SIG_BEGIN);
	for (i = 0; i < n && rc == 0; i += SIG_COLS) {
		rc = acc_buf_put(&out, enc + i, n - i < SIG_COLS ? n - i : SIG_COLS);
		if (rc == 0)
			rc = acc_buf_putc(&out, '\n');
	}
	if (rc == 0)
		rc = acc_buf_puts(&out, SIG_END);
	if (rc == 0)
		*sig = acc_buf_detach(&out);
done:
	EVP_MD_CTX_free(md);
	free(enc);
	acc_buf_free(&msg);
	acc_buf_free(&blob);
	acc_buf_free(&sigblob);
	acc_buf_free(&out);
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
