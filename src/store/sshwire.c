/* sshwire: SSH wire format, armour and in-process signature checks. */
#include "sshwire.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MPINT_MAX   (16384 / 8) /* OpenSSH's SSHBUF_MAX_BIGNUM, in bytes */
#define RSA_MINBITS 1024	/* OpenSSH's SSH_RSA_MINIMUM_MODULUS_SIZE */

int acc_sshwire_u32(acc_sshwire *w, uint32_t *v)
{
	if (w->n < 4)
		return -1;
	*v = (uint32_t)w->p[0] << 24 | (uint32_t)w->p[1] << 16 | (uint32_t)w->p[2] << 8 | w->p[3];
	w->p += 4;
	w->n -= 4;
	return 0;
}

int acc_sshwire_string(acc_sshwire *w, const unsigned char **s, size_t *len)
{
	uint32_t l;

	if (acc_sshwire_u32(w, &l) < 0 || l > w->n)
		return -1;
	*s = w->p;
	*len = l;
	w->p += l;
	w->n -= l;
	return 0;
}

int acc_sshwire_mpint(acc_sshwire *w, const unsigned char **s, size_t *len)
{
	if (acc_sshwire_string(w, s, len) < 0)
		return -1;
	if (*len && (**s & 0x80))
		return -1; /* negative */
	if (*len > MPINT_MAX + 1 || (*len == MPINT_MAX + 1 && **s))
		return -1;
	while (*len && !**s)
		(*s)++, (*len)--;
	return 0;
}

int acc_sshwire_is(const unsigned char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

int acc_sshwire_put_string(acc_buf *b, const void *s, size_t len)
{
	unsigned char l[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
			      (unsigned char)(len >> 8), (unsigned char)len};
	int rc = acc_buf_put(b, (const char *)l, 4);

	return rc < 0 ? rc : acc_buf_put(b, s, len);
}

int acc_sshwire_signed_message(acc_buf *msg, const void *ns, size_t nslen, const char *hash,
			       const unsigned char *digest, size_t dlen)
{
	int rc;

	if ((rc = acc_buf_put(msg, "SSHSIG", 6)) < 0 ||
	    (rc = acc_sshwire_put_string(msg, ns, nslen)) < 0 ||
	    (rc = acc_sshwire_put_string(msg, "", 0)) < 0 ||
	    (rc = acc_sshwire_put_string(msg, hash, strlen(hash))) < 0)
		return rc;
	return acc_sshwire_put_string(msg, digest, dlen);
}

char *acc_sshwire_b64(const unsigned char *p, size_t len)
{
	char *out = acc_malloc(4 * ((len + 2) / 3) + 1);

	if (out)
		EVP_EncodeBlock((unsigned char *)out, p, (int)len);
	return out;
}

/* The first occurrence of the n bytes at pat in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *pat, size_t n)
{
	for (; p && p + n <= end; p++)
		if (memcmp(p, pat, n) == 0)
			return p;
	return NULL;
}

int acc_sshwire_unarmour(unsigned char **out, size_t *len, const char *text, size_t tlen,
			 const char *label)
{
	char begin[64], end[64];
	const char *b, *e, *p;
	acc_buf s = ACC_BUF_INIT;
	int bl, el, n, rc = 0;

	*out = NULL;
	*len = 0;
	bl = snprintf(begin, sizeof(begin), "-----BEGIN %s-----", label);
	el = snprintf(end, sizeof(end), "-----END %s-----", label);
	if (bl < 0 || el < 0 || (size_t)bl >= sizeof(begin) || (size_t)el >= sizeof(end))
		return ACC_EINVAL;
	if (!(b = find(text, text + tlen, begin, (size_t)bl)))
		return ACC_ENOTFOUND;
	b += bl;
	if (!(e = find(b, text + tlen, end, (size_t)el)))
		return ACC_ENOTFOUND;
	for (p = b; p < e && rc == 0; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			continue;
		if (!*p ||
		    !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
			    *p))
			rc = ACC_EINVAL;
		else
			rc = acc_buf_putc(&s, *p);
	}
	if (rc == 0 && (!s.ptr || s.size % 4))
		rc = ACC_EINVAL;
	if (rc == 0 && !(*out = acc_malloc(s.size / 4 * 3 + 1)))
		rc = ACC_ENOMEM;
	if (rc == 0 &&
	    (n = EVP_DecodeBlock(*out, (const unsigned char *)s.ptr, (int)s.size)) >= 0) {
		/* EVP_DecodeBlock counts the padding as zero bytes */
		if (s.ptr[s.size - 1] == '=')
			n--;
		if (s.ptr[s.size - 2] == '=')
			n--;
		*len = (size_t)n;
	} else if (rc == 0) {
		rc = ACC_EINVAL;
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	acc_buf_free(&s);
	return rc;
}

int acc_sshwire_armour(char **out, const unsigned char *blob, size_t len)
{
	acc_buf b = ACC_BUF_INIT;
	char *enc = acc_sshwire_b64(blob, len);
	size_t i, n;
	int rc;

	*out = NULL;
	if (!enc)
		return ACC_ENOMEM;
	n = strlen(enc);
	rc = acc_buf_puts(&b, "-----BEGIN SSH SIGNATURE-----\n");
	for (i = 0; i < n && rc == 0; i += ACC_SSHWIRE_COLS) {
		rc = acc_buf_put(&b, enc + i, n - i < ACC_SSHWIRE_COLS ? n - i : ACC_SSHWIRE_COLS);
		if (rc == 0)
			rc = acc_buf_putc(&b, '\n');
	}
	if (rc == 0)
		rc = acc_buf_puts(&b, "-----END SSH SIGNATURE-----\n");
	if (rc == 0 && !(*out = acc_buf_detach(&b)))
		rc = ACC_ENOMEM;
	acc_buf_free(&b);
	free(enc);
	return rc;
}

/* The ECDSA curves: SSH key type, curve name, OpenSSL group, field bytes,
 * and the hash OpenSSH signs with (RFC 5656 section 6.2.1). */
static const struct curve {
	const char *type, *name, *group;
	size_t field;
	const char *hash;
} curves[] = {
    {"ecdsa-sha2-nistp256", "nistp256", "P-256", 32, "SHA256"},
    {"ecdsa-sha2-nistp384", "nistp384", "P-384", 48, "SHA384"},
    {"ecdsa-sha2-nistp521", "nistp521", "P-521", 66, "SHA512"},
};

/* The curve whose key type is the len bytes at type, or NULL. */
static const struct curve *curve_of(const unsigned char *type, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(curves) / sizeof(*curves); i++)
		if (acc_sshwire_is(type, len, curves[i].type))
			return &curves[i];
	return NULL;
}

int acc_sshwire_inprocess(const unsigned char *type, size_t len)
{
	return acc_sshwire_is(type, len, "ssh-ed25519") || acc_sshwire_is(type, len, "ssh-rsa") ||
	       curve_of(type, len) != NULL;
}

/* Makes *out from the OSSL_PARAMs built in bld for algorithm alg ("RSA",
 * "EC"); ACC_EINVAL when libcrypto refuses them (a bad key). */
static int from_params(EVP_PKEY **out, const char *alg, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	int rc = 0;

	*out = NULL;
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1)
		rc = acc_error_set(ACC_ERROR, "cannot set up an %s key", alg);
	else if (EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1)
		rc = acc_error_set(ACC_EINVAL, "invalid %s public key in signature", alg);
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

/* Builds the RSA public key from the rest of its blob (mpint e, mpint n). */
static int rsa_key(EVP_PKEY **out, acc_sshwire *k)
{
	const unsigned char *e, *n;
	size_t el, nl, bits;
	BIGNUM *be = NULL, *bn = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	int rc;

	*out = NULL;
	if (acc_sshwire_mpint(k, &e, &el) < 0 || acc_sshwire_mpint(k, &n, &nl) < 0 || k->n)
		return acc_error_set(ACC_EINVAL, "malformed rsa key in signature");
	bits = nl ? nl * 8 - ((size_t)__builtin_clz(n[0]) - 24) : 0; /* n[0] != 0 */
	if (bits < RSA_MINBITS)
		return acc_error_set(ACC_EINVAL, "rsa key in signature is too small (%zu bits)",
				     bits);
	if (!(be = BN_bin2bn(e, (int)el, NULL)) || !(bn = BN_bin2bn(n, (int)nl, NULL)) ||
	    !(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
		rc = acc_error_set(ACC_ERROR, "cannot set up an rsa key");
	else
		rc = from_params(out, "RSA", bld);
	OSSL_PARAM_BLD_free(bld);
	BN_free(be);
	BN_free(bn);
	return rc;
}

/* Builds the ECDSA public key on curve c from the rest of its blob
 * (string curve name, string uncompressed point). */
static int ec_key(EVP_PKEY **out, const struct curve *c, acc_sshwire *k)
{
	const unsigned char *name, *q;
	size_t namel, ql;
	OSSL_PARAM_BLD *bld = NULL;
	int rc;

	*out = NULL;
	if (acc_sshwire_string(k, &name, &namel) < 0 || acc_sshwire_string(k, &q, &ql) < 0 ||
	    k->n || !acc_sshwire_is(name, namel, c->name) || ql != 1 + 2 * c->field ||
	    q[0] != POINT_CONVERSION_UNCOMPRESSED)
		return acc_error_set(ACC_EINVAL, "malformed ecdsa key in signature");
	if (!(bld = OSSL_PARAM_BLD_new()) ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, c->group, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, q, ql))
		rc = acc_error_set(ACC_ERROR, "cannot set up an ecdsa key");
	else
		rc = from_params(out, "EC", bld);
	OSSL_PARAM_BLD_free(bld);
	return rc;
}

/* DER-encodes the ECDSA signature (mpint r, mpint s) in raw, as
 * libcrypto verifies it (*der malloc'd by OpenSSL, OPENSSL_free). */
static int ec_der(unsigned char **der, size_t *derlen, const unsigned char *raw, size_t rawl)
{
	acc_sshwire w = {raw, rawl};
	const unsigned char *r, *s;
	size_t rl, sl;
	BIGNUM *br = NULL, *bs = NULL;
	ECDSA_SIG *es = NULL;
	int n, rc = 0;

	*der = NULL;
	if (acc_sshwire_mpint(&w, &r, &rl) < 0 || acc_sshwire_mpint(&w, &s, &sl) < 0 || w.n)
		return acc_error_set(ACC_EINVAL, "malformed ecdsa signature");
	if (!(br = BN_bin2bn(r, (int)rl, NULL)) || !(bs = BN_bin2bn(s, (int)sl, NULL)) ||
	    !(es = ECDSA_SIG_new()) || !ECDSA_SIG_set0(es, br, bs)) {
		rc = acc_error_set(ACC_ERROR, "cannot set up an ecdsa signature");
		goto done;
	}
	br = bs = NULL; /* es owns them */
	if ((n = i2d_ECDSA_SIG(es, der)) <= 0) {
		rc = acc_error_set(ACC_ERROR, "cannot encode an ecdsa signature");
		goto done;
	}
	*derlen = (size_t)n;
done:
	BN_free(br);
	BN_free(bs);
	ECDSA_SIG_free(es);
	return rc;
}

int acc_sshwire_verify(const unsigned char *key, size_t keylen, const unsigned char *sig,
		       size_t siglen, const unsigned char *msg, size_t msglen)
{
	acc_sshwire k = {key, keylen}, s = {sig, siglen};
	const unsigned char *ktype, *stype, *raw, *edpub;
	size_t ktl, stl, rawl, edl;
	const struct curve *c = NULL;
	const char *hash = NULL;
	unsigned char *buf = NULL;
	size_t buflen = 0;
	EVP_PKEY *pkey = NULL;
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	int rc = 0;

	if (acc_sshwire_string(&k, &ktype, &ktl) < 0 || acc_sshwire_string(&s, &stype, &stl) < 0 ||
	    acc_sshwire_string(&s, &raw, &rawl) < 0 || s.n)
		return acc_error_set(ACC_EINVAL, "malformed ssh signature");
	if (acc_sshwire_is(ktype, ktl, "ssh-ed25519")) {
		if (acc_sshwire_string(&k, &edpub, &edl) < 0 || edl != 32 || k.n)
			return acc_error_set(ACC_EINVAL, "malformed ed25519 key in signature");
		if (!acc_sshwire_is(stype, stl, "ssh-ed25519") || rawl != 64)
			return acc_error_set(ACC_EINVAL, "malformed ed25519 signature");
		if (!(pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, edpub, 32))) {
			rc = acc_error_set(ACC_ERROR, "cannot set up ed25519 verification");
			goto done;
		}
	} else if (acc_sshwire_is(ktype, ktl, "ssh-rsa")) {
		/* ssh-keygen -Y verify accepts only these (SHA-1 is refused) */
		if (acc_sshwire_is(stype, stl, "rsa-sha2-256"))
			hash = "SHA256";
		else if (acc_sshwire_is(stype, stl, "rsa-sha2-512"))
			hash = "SHA512";
		else if (acc_sshwire_is(stype, stl, "ssh-rsa"))
			return acc_error_set(ACC_EINVAL, "ssh-rsa (sha-1) signatures are refused");
		else
			return acc_error_set(ACC_EINVAL, "malformed rsa signature");
		if ((rc = rsa_key(&pkey, &k)) < 0)
			goto done;
		buflen = (size_t)EVP_PKEY_get_size(pkey);
		if (rawl > buflen) {
			rc = acc_error_set(ACC_EINVAL, "rsa signature longer than its key");
			goto done;
		}
		/* as OpenSSH: a shorter signature is the same number with its
		 * leading zero bytes left out */
		if (!(buf = acc_calloc(1, buflen ? buflen : 1))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		memcpy(buf + buflen - rawl, raw, rawl);
		raw = buf, rawl = buflen;
	} else if ((c = curve_of(ktype, ktl))) {
		if (!acc_sshwire_is(stype, stl, c->type))
			return acc_error_set(ACC_EINVAL, "malformed ecdsa signature");
		hash = c->hash;
		if ((rc = ec_key(&pkey, c, &k)) < 0 || (rc = ec_der(&buf, &buflen, raw, rawl)) < 0)
			goto done;
		raw = buf, rawl = buflen;
	} else {
		return acc_error_set(ACC_EINVAL, "%.*s keys are not checked in-process",
				     (int)(ktl > 40 ? 40 : ktl), (const char *)ktype);
	}
	if (!(md = EVP_MD_CTX_new()) ||
	    EVP_DigestVerifyInit_ex(md, &pctx, hash, NULL, NULL, pkey, NULL) != 1) {
		rc = acc_error_set(ACC_ERROR, "cannot set up signature verification");
		goto done;
	}
	if (EVP_DigestVerify(md, raw, rawl, msg, msglen) != 1)
		rc = acc_error_set(ACC_EINVAL, "the signature does not match the signed data");
done:
	if (c)
		OPENSSL_free(buf);
	else
		free(buf);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	return rc;
}
