/*
 * sshsig: SSH signatures made in-process with an Ed25519 key file.
 *
 * `ssh-keygen -Y sign` costs a process per signature (a few milliseconds,
 * most of it starting ssh-keygen and reading the key).  For an unencrypted
 * OpenSSH Ed25519 private key ("openssh-key-v1", what `ssh-keygen -t
 * ed25519 -N ''` writes, and what `accord init --demo-keys` keeps in
 * <gitdir>/accord/keys/) this module makes the same signature in-process
 * with OpenSSL's libcrypto: an armoured SSHSIG (PROTOCOL.sshsig: magic
 * "SSHSIG", version 1, the public key, the namespace, an empty reserved
 * field, hash "sha512", and the Ed25519 signature of
 * "SSHSIG" || string(namespace) || string("") || string("sha512") ||
 * string(SHA-512(data))), base64 wrapped at 70 columns between the BEGIN
 * and END lines.  Ed25519 is deterministic, so the text is byte-identical
 * to what `ssh-keygen -Y sign -n <namespace>` prints for the same key and
 * data (tests/unit/test_sshsig.c holds it to that).
 *
 * Encrypted keys, other key types and keys held only by ssh-agent are not
 * handled here (ACC_EINVAL): callers fall back to acc_sign() (sign.h).
 * A loaded key may be used from several threads at once.
 */
#ifndef ACCORD_SSHSIG_H
#define ACCORD_SSHSIG_H

#include <stddef.h>

#include "accord/util.h"

typedef struct acc_sshsig_key acc_sshsig_key;

/*
 * Parses the text of an OpenSSH private key file (len bytes; name is used
 * in messages).  ACC_EINVAL with a reason when it is not an unencrypted
 * Ed25519 key in the openssh-key-v1 format, or when its halves disagree.
 * *out is the caller's, to free with acc_sshsig_key_free().
 */
int acc_sshsig_key_parse(acc_sshsig_key **out, const char *data, size_t len, const char *name);

/* Reads and parses the key file at path (see acc_sshsig_key_parse). */
int acc_sshsig_key_load(acc_sshsig_key **out, const char *path);

void acc_sshsig_key_free(acc_sshsig_key *k);

/* The public key as "ssh-ed25519 <base64>" (no comment); owned by k. */
const char *acc_sshsig_key_public(const acc_sshsig_key *k);

/* The comment stored with the key ("" when none); owned by k. */
const char *acc_sshsig_key_comment(const acc_sshsig_key *k);

/*
 * Signs len bytes of data in namespace ns (ACC_SIGN_NAMESPACE, "git", for
 * commits).  *sig receives the armoured signature, ending with a newline,
 * exactly as ssh-keygen prints it (malloc'd, the caller's).
 */
int acc_sshsig_sign(char **sig, const acc_sshsig_key *k, const char *ns, const char *data,
		    size_t len);

/*
 * acc_sign() (sign.h) without a process when it can be: loads keyfile and
 * signs in namespace "git".  ACC_EINVAL when keyfile is not an unencrypted
 * Ed25519 private key (then acc_sign() handles it); other errors as
 * acc_sshsig_key_load.
 */
int acc_sshsig_sign_file(char **sig, const char *keyfile, const char *data, size_t len);

#endif
