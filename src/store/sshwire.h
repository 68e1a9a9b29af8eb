/*
 * sshwire: the SSH wire format (RFC 4251 section 5) shared by sign.c and
 * sshsig.c, private to src/store: a read cursor (uint32, string, mpint),
 * string writing, base64 and the armour around SSHSIG blobs and OpenSSH
 * private keys, and the check of a signature blob against a public key
 * blob with OpenSSL's libcrypto for the common key types (ssh-ed25519,
 * ssh-rsa with rsa-sha2-256/512, ecdsa-sha2-nistp256/384/521).
 *
 * Readers return -1 when the data is too short (the cursor is then left
 * where it was for u32, undefined for the others); nothing here prints.
 */
#ifndef ACCORD_STORE_SSHWIRE_H
#define ACCORD_STORE_SSHWIRE_H

#include <stddef.h>
#include <stdint.h>

#include "accord/util.h"

#define ACC_SSHWIRE_COLS 70 /* ssh-keygen wraps armoured base64 at 70 columns */

/* A read cursor over n bytes of SSH wire-format data at p. */
typedef struct {
	const unsigned char *p;
	size_t n;
} acc_sshwire;

/* Reads a big-endian uint32; -1 when fewer than 4 bytes are left. */
int acc_sshwire_u32(acc_sshwire *w, uint32_t *v);

/* Reads an SSH string (uint32 length, bytes); *s points into the data. */
int acc_sshwire_string(acc_sshwire *w, const unsigned char **s, size_t *len);

/* Reads an mpint as OpenSSH does: refuses negative and overlong values
 * and drops leading zero bytes (*s, *len: the unsigned big-endian value). */
int acc_sshwire_mpint(acc_sshwire *w, const unsigned char **s, size_t *len);

/* 1 when the len bytes at s are the NUL-terminated word, else 0. */
int acc_sshwire_is(const unsigned char *s, size_t len, const char *word);

/* Appends an SSH string (uint32 length, bytes) to b; 0 or ACC_ENOMEM. */
int acc_sshwire_put_string(acc_buf *b, const void *s, size_t len);

/* Appends to msg what an SSHSIG signs (PROTOCOL.sshsig): "SSHSIG",
 * string namespace, an empty reserved string, string hash name, string
 * digest of the data.  0 or ACC_ENOMEM. */
int acc_sshwire_signed_message(acc_buf *msg, const void *ns, size_t nslen, const char *hash,
			       const unsigned char *digest, size_t dlen);

/* Base64 of len bytes, unwrapped, NUL-terminated (malloc'd), or NULL. */
char *acc_sshwire_b64(const unsigned char *p, size_t len);

/*
 * Decodes the base64 between "-----BEGIN <label>-----" and the next
 * "-----END <label>-----" in the tlen bytes of text (white space
 * ignored).  *out (malloc'd, the caller's) and *len receive the bytes.
 * Sets no message (callers name what they read): ACC_ENOTFOUND without
 * both armour lines, ACC_EINVAL for invalid or truncated base64,
 * ACC_ENOMEM.
 */
int acc_sshwire_unarmour(unsigned char **out, size_t *len, const char *text, size_t tlen,
			 const char *label);

/* Armours len bytes as ssh-keygen prints an SSHSIG: BEGIN line, base64
 * wrapped at 70 columns, END line, each ending with a newline (*out
 * malloc'd, the caller's). */
int acc_sshwire_armour(char **out, const unsigned char *blob, size_t len);

/* 1 when keys of this type name are verified in-process (ssh-ed25519,
 * ssh-rsa, ecdsa-sha2-nistp256/384/521), else 0. */
int acc_sshwire_inprocess(const unsigned char *type, size_t len);

/*
 * Checks that sig (an SSH signature blob: string algorithm, signature)
 * is a signature of msg by the public key blob key, as OpenSSH's
 * sshkey_verify does; RSA signatures must use rsa-sha2-256 or
 * rsa-sha2-512 (ssh-rsa, SHA-1, is refused as ssh-keygen -Y verify
 * does).  0 when it verifies; ACC_EINVAL with a reason when it is
 * malformed or does not verify, or the key type is not one
 * acc_sshwire_inprocess accepts; ACC_ERROR when libcrypto fails.
 */
int acc_sshwire_verify(const unsigned char *key, size_t keylen, const unsigned char *sig,
		       size_t siglen, const unsigned char *msg, size_t msglen);

#endif
