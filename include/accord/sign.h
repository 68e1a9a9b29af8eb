/*
 * sign: SSH signatures of commits, exactly as git makes them with
 * gpg.format=ssh (namespace "git", an armoured SSHSIG in the commit's
 * gpgsig header).
 *
 * Signing runs OpenSSH's `ssh-keygen -Y sign` (absolute path, argument
 * vector, no shell, a timeout) with the data on standard input and the
 * signature on standard output, so a key in ssh-agent works as well as a
 * key file.  Verification parses the SSHSIG in-process and checks the
 * common key types with OpenSSL's libcrypto (one process per commit would
 * make a long history slow to audit): ssh-ed25519, ssh-rsa (signature
 * algorithms rsa-sha2-256 and rsa-sha2-512; ssh-rsa with SHA-1 is refused,
 * as `ssh-keygen -Y verify` refuses it) and ecdsa-sha2-nistp256/384/521.
 * Other key types (security keys sk-*, certificates) are checked by
 * running `ssh-keygen -Y check-novalidate`.  The tests hold both paths to
 * agree with `ssh-keygen -Y verify` and with `git verify-commit`.
 */
#ifndef ACCORD_SIGN_H
#define ACCORD_SIGN_H

#include <stddef.h>

#include "accord/util.h"

#define ACC_SIGN_NAMESPACE "git"

/* Absolute path of ssh-keygen, found once in PATH (or /usr/bin). */
int acc_sign_tool(const char **path);

/* Signs data with the private key at keyfile (or, when keyfile is a
 * public key, with that key in ssh-agent).  *sig is the armoured text. */
int acc_sign(char **sig, const char *keyfile, const char *data, size_t len);

/* Reads the public key ("ssh-ed25519 AAAA...", no comment) that goes with
 * keyfile (keyfile itself if it is a public key, else keyfile.pub, else
 * derived with ssh-keygen -y). */
int acc_sign_pubkey(char **out, const char *keyfile);

/* Creates a new unencrypted Ed25519 key pair at path (and path.pub). */
int acc_sign_keygen(const char *path, const char *comment);

/*
 * Checks that sig is a valid SSH signature of data in namespace "git"
 * (hash sha512 or sha256, as the signature says) and returns in *pubkey
 * the signer's public key ("type base64").  ACC_EINVAL (with a reason)
 * when the signature is malformed or does not verify; ACC_ERROR when
 * ssh-keygen is needed (a key type not checked in-process) and cannot
 * run.  No process runs for the key types checked in-process.
 */
int acc_sign_check(char **pubkey, const char *sig, const char *data, size_t len);

/* Normalises a public key line to "type base64" (drops any comment);
 * ACC_EINVAL when it is not one. */
int acc_sign_key_normalize(char **out, const char *line);

/* The fingerprint of a public key ("type base64") as `ssh-keygen -l`
 * prints it: "SHA256:" and the unpadded base64 of the SHA-256 of the key
 * blob (*out malloc'd); ACC_EINVAL when pubkey is not a key. */
int acc_sign_fingerprint(char **out, const char *pubkey);

#endif
