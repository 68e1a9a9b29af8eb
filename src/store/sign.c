/* sign: SSH signatures through ssh-keygen, checked in-process. */
#include "accord/sign.h"
#include "accord/sshsig.h"
#include "sshwire.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 30000
#define MAX_OUTPUT (1u << 20)

int acc_sign_tool(const char **path)
{
	static char found[4096];
	const char *p = getenv("PATH");

	if (found[0]) {
		*path = found;
		return 0;
	}
	if (!p || !p[0])
		p = "/usr/bin:/bin";
	while (*p) {
		size_t n = strcspn(p, ":");

		/* only absolute folders: never run a tool from a relative PATH entry */
		if (n && p[0] == '/' && n + 12 < sizeof(found)) {
			snprintf(found, sizeof(found), "%.*s/ssh-keygen", (int)n, p);
			if (access(found, X_OK) == 0) {
				*path = found;
				return 0;
			}
		}
		p += n + (p[n] == ':');
	}
	found[0] = '\0';
	return acc_error_set(ACC_ERROR, "ssh-keygen not found (install openssh-client)");
}

/* Milliseconds on a monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Runs argv[0] (an absolute path) with argv, feeding in on standard input
 * and collecting standard output and error; kills it after TIMEOUT_MS.
 * *status receives its exit status (-1 when killed).  SIGPIPE is blocked
 * in this thread while writing, so a tool that exits early cannot kill us.
 */
static int run(int *status, acc_buf *out, acc_buf *err, char *const argv[], const char *in,
	       size_t inlen)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
	sigset_t block, old;
	pid_t pid;
	size_t written = 0;
	long long deadline = now_ms() + TIMEOUT_MS;
	int rc = 0, open_out = 1, open_err = 1, ws = 0;

	*status = -1;
	if (pipe(pin) < 0 || pipe(pout) < 0 || pipe(perr) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot run %s: %s", argv[0], strerror(errno));
		goto closeall;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot run %s: %s", argv[0], strerror(errno));
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		goto closeall;
	}
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		pthread_sigmask(SIG_SETMASK, &none, NULL);
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		close(pin[0]), close(pin[1]), close(pout[0]), close(pout[1]);
		close(perr[0]), close(perr[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pin[0]), close(pout[1]), close(perr[1]);
	pin[0] = pout[1] = perr[1] = -1;
	fcntl(pin[1], F_SETFL, O_NONBLOCK);
	if (inlen == 0) {
		close(pin[1]);
		pin[1] = -1;
	}
	while (pin[1] >= 0 || open_out || open_err) {
		struct pollfd fds[3];
		nfds_t nf = 0;
		long long left = deadline - now_ms();
		int i;

		if (left <= 0) {
			kill(pid, SIGKILL);
			rc = acc_error_set(ACC_ERROR, "%s took longer than %d s: stopped it",
					   argv[0], TIMEOUT_MS / 1000);
			break;
		}
		if (pin[1] >= 0)
			fds[nf++] = (struct pollfd){pin[1], POLLOUT, 0};
		if (open_out)
			fds[nf++] = (struct pollfd){pout[0], POLLIN, 0};
		if (open_err)
			fds[nf++] = (struct pollfd){perr[0], POLLIN, 0};
		if (poll(fds, nf, (int)(left > 1000 ? 1000 : left)) < 0) {
			if (errno == EINTR)
				continue;
			rc = acc_error_set(ACC_ERROR, "poll: %s", strerror(errno));
			kill(pid, SIGKILL);
			break;
		}
		for (i = 0; i < (int)nf; i++) {
			if (!fds[i].revents)
				continue;
			if (fds[i].fd == pin[1]) {
				ssize_t w = write(pin[1], in + written, inlen - written);

				if (w > 0)
					written += (size_t)w;
				if ((w < 0 && errno != EAGAIN) || written == inlen) {
					close(pin[1]);
					pin[1] = -1;
				}
			} else {
				char chunk[4096];
				ssize_t r = read(fds[i].fd, chunk, sizeof(chunk));
				acc_buf *b = fds[i].fd == pout[0] ? out : err;

				if (r > 0 && b->size + (size_t)r <= MAX_OUTPUT) {
					acc_buf_put(b, chunk, (size_t)r);
				} else if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
					if (fds[i].fd == pout[0])
						open_out = 0;
					else
						open_err = 0;
				}
			}
		}
	}
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	{
		/* drop a SIGPIPE raised by writing to a tool that had exited */
		struct timespec zero = {0, 0};

		while (sigtimedwait(&block, NULL, &zero) > 0)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
closeall:
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
	}
	return rc;
}

/* The first line of a tool's error output, for messages. */
static const char *first_line(acc_buf *b)
{
	char *nl;

	if (!b->ptr)
		return "no message";
	if ((nl = strchr(b->ptr, '\n')))
		*nl = '\0';
	return b->ptr[0] ? b->ptr : "no message";
}

int acc_sign(char **sig, const char *keyfile, const char *data, size_t len)
{
	const char *tool;
	acc_buf out = ACC_BUF_INIT, err = ACC_BUF_INIT;
	int rc, status;

	*sig = NULL;
	/* an unencrypted Ed25519 key file is signed in-process: the same
	 * bytes ssh-keygen would print, without a process per action */
	rc = acc_sshsig_sign_file(sig, keyfile, data, len);
	if (rc != ACC_EINVAL)
		return rc;
	acc_error_clear();
	if ((rc = acc_sign_tool(&tool)) < 0)
		return rc;
	{
		char *const argv[] = {
		    (char *)tool,    "-q", "-Y", "sign", "-n", ACC_SIGN_NAMESPACE, "-f",
		    (char *)keyfile, NULL};

		rc = run(&status, &out, &err, argv, data, len);
	}
	if (rc == 0 && status != 0)
		rc = acc_error_set(ACC_ERROR, "cannot sign with %s: %s", keyfile, first_line(&err));
	else if (rc == 0 && (!out.ptr || !strstr(out.ptr, "-----BEGIN SSH SIGNATURE-----")))
		rc = acc_error_set(ACC_ERROR, "ssh-keygen gave no signature");
	if (rc == 0)
		*sig = acc_buf_detach(&out);
	acc_buf_free(&out);
	acc_buf_free(&err);
	return rc;
}

int acc_sign_key_normalize(char **out, const char *line)
{
	const char *sp = strchr(line, ' ');
	size_t tl, bl;
	const char *b64;

	*out = NULL;
	if (!sp || sp == line)
		goto bad;
	tl = (size_t)(sp - line);
	b64 = sp + 1;
	bl = strcspn(b64, " \n\r\t");
	if (bl < 16 || strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789@.-") < tl ||
	    strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") < bl)
		goto bad;
	*out = acc_sprintf("%.*s %.*s", (int)tl, line, (int)bl, b64);
	return *out ? 0 : ACC_ENOMEM;
bad:
	return acc_error_set(ACC_EINVAL, "not an ssh public key");
}

int acc_sign_pubkey(char **out, const char *keyfile)
{
	char *data = NULL, *pub = NULL;
	int rc;

	*out = NULL;
	if (acc_file_read(&data, NULL, keyfile, 65536) == 0 && strncmp(data, "ssh-", 4) == 0) {
		rc = acc_sign_key_normalize(out, data);
		free(data);
		return rc;
	}
	free(data);
	data = NULL;
	if (!(pub = acc_sprintf("%s.pub", keyfile)))
		return ACC_ENOMEM;
	if (acc_file_read(&data, NULL, pub, 65536) == 0) {
		rc = acc_sign_key_normalize(out, data);
	} else {
		const char *tool;
		acc_buf o = ACC_BUF_INIT, e = ACC_BUF_INIT;
		int status;

		acc_error_clear();
		if ((rc = acc_sign_tool(&tool)) == 0) {
			char *const argv[] = {(char *)tool, "-y", "-f", (char *)keyfile, NULL};

			rc = run(&status, &o, &e, argv, NULL, 0);
			if (rc == 0 && status != 0)
				rc = acc_error_set(ACC_ERROR, "cannot read the key %s: %s", keyfile,
						   first_line(&e));
			if (rc == 0)
				rc = acc_sign_key_normalize(out, o.ptr ? o.ptr : "");
		}
		acc_buf_free(&o);
		acc_buf_free(&e);
	}
	free(data);
	free(pub);
	return rc;
}

int acc_sign_keygen(const char *path, const char *comment)
{
	const char *tool;
	acc_buf o = ACC_BUF_INIT, e = ACC_BUF_INIT;
	int rc, status;

	if ((rc = acc_sign_tool(&tool)) < 0)
		return rc;
	{
		char *const argv[] = {(char *)tool, "-q",	  "-t", "ed25519",
				      "-N",	    "",		  "-C", (char *)comment,
				      "-f",	    (char *)path, NULL};

		rc = run(&status, &o, &e, argv, NULL, 0);
	}
	if (rc == 0 && status != 0)
		rc =
		    acc_error_set(ACC_ERROR, "cannot create a key at %s: %s", path, first_line(&e));
	acc_buf_free(&o);
	acc_buf_free(&e);
	return rc;
}

/* ---- SSHSIG ------------------------------------------------------------ */

/* Verifies with ssh-keygen (for key types not checked in-process). */
static int check_with_tool(const char *sig, const char *data, size_t len)
{
	char path[] = "/tmp/accord-sig-XXXXXX";
	const char *tool;
	acc_buf o = ACC_BUF_INIT, e = ACC_BUF_INIT;
	int fd, rc, status;

	if ((rc = acc_sign_tool(&tool)) < 0)
		return rc;
	if ((fd = mkstemp(path)) < 0)
		return acc_error_set(ACC_ERROR, "cannot create a temporary file: %s",
				     strerror(errno));
	if (write(fd, sig, strlen(sig)) != (ssize_t)strlen(sig)) {
		close(fd);
		unlink(path);
		return acc_error_set(ACC_ERROR, "cannot write a temporary file");
	}
	close(fd);
	{
		char *const argv[] = {
		    (char *)tool, "-Y", "check-novalidate", "-n", ACC_SIGN_NAMESPACE, "-s",
		    path,	  NULL};

		rc = run(&status, &o, &e, argv, data, len);
	}
	unlink(path);
	if (rc == 0 && status != 0)
		rc = acc_error_set(ACC_EINVAL, "bad signature: %s", first_line(&e));
	acc_buf_free(&o);
	acc_buf_free(&e);
	return rc;
}

int acc_sign_check(char **pubkey, const char *sig, const char *data, size_t len)
{
	unsigned char *blob = NULL, digest[64];
	size_t blen = 0;
	acc_sshwire w, k;
	const unsigned char *pk, *ns, *res, *halg, *sg, *ktype;
	size_t pkl, nsl, resl, halgl, sgl, ktl;
	uint32_t version;
	acc_buf msg = ACC_BUF_INIT;
	const EVP_MD *alg;
	const char *hname;
	unsigned int dl = 0;
	int rc = ACC_EINVAL;

	*pubkey = NULL;
	if ((rc = acc_sshwire_unarmour(&blob, &blen, sig, strlen(sig), "SSH SIGNATURE")) < 0) {
		if (rc != ACC_ENOMEM)
			rc = acc_error_set(ACC_EINVAL, "not an ssh signature");
		goto done;
	}
	w.p = blob;
	w.n = blen;
	/* as ssh-keygen: version 1 and below (the version is not signed) */
	if (w.n < 6 || memcmp(w.p, "SSHSIG", 6) != 0) {
		rc = acc_error_set(ACC_EINVAL, "not an SSHSIG version 1 signature");
		goto done;
	}
	w.p += 6, w.n -= 6;
	if (acc_sshwire_u32(&w, &version) < 0 || version > 1) {
		rc = acc_error_set(ACC_EINVAL, "not an SSHSIG version 1 signature");
		goto done;
	}
	if (acc_sshwire_string(&w, &pk, &pkl) < 0 || acc_sshwire_string(&w, &ns, &nsl) < 0 ||
	    acc_sshwire_string(&w, &res, &resl) < 0 || acc_sshwire_string(&w, &halg, &halgl) < 0 ||
	    acc_sshwire_string(&w, &sg, &sgl) < 0 || w.n) {
		rc = acc_error_set(ACC_EINVAL, "malformed ssh signature");
		goto done;
	}
	if (!acc_sshwire_is(ns, nsl, ACC_SIGN_NAMESPACE)) {
		rc = acc_error_set(ACC_EINVAL, "signature is not for the git namespace");
		goto done;
	}
	k.p = pk, k.n = pkl;
	if (acc_sshwire_string(&k, &ktype, &ktl) < 0) {
		rc = acc_error_set(ACC_EINVAL, "malformed public key in signature");
		goto done;
	}
	{
		char *b = acc_sshwire_b64(pk, pkl);

		if (!b || !(*pubkey = acc_sprintf("%.*s %s", (int)ktl, ktype, b))) {
			free(b);
			rc = ACC_ENOMEM;
			goto done;
		}
		free(b);
	}
	if (!acc_sshwire_inprocess(ktype, ktl)) {
		/* other key types (security keys, certificates...): OpenSSH checks them */
		rc = check_with_tool(sig, data, len);
		goto done;
	}
	if (acc_sshwire_is(halg, halgl, "sha512"))
		alg = EVP_sha512(), hname = "sha512";
	else if (acc_sshwire_is(halg, halgl, "sha256"))
		alg = EVP_sha256(), hname = "sha256";
	else {
		rc = acc_error_set(ACC_EINVAL, "unsupported signature hash");
		goto done;
	}
	if (!EVP_Digest(data, len, digest, &dl, alg, NULL)) {
		rc = acc_error_set(ACC_ERROR, "cannot hash the signed data");
		goto done;
	}
	/* as ssh-keygen: the reserved field signed is the empty one, whatever
	 * the signature carries (res is read only to find the next fields) */
	(void)res, (void)resl;
	if ((rc = acc_sshwire_signed_message(&msg, ns, nsl, hname, digest, dl)) < 0)
		goto done;
	rc = acc_sshwire_verify(pk, pkl, sg, sgl, (const unsigned char *)msg.ptr, msg.size);
done:
	if (rc < 0) {
		free(*pubkey);
		*pubkey = NULL;
	}
	acc_buf_free(&msg);
	free(blob);
	return rc;
}

int acc_sign_fingerprint(char **out, const char *pubkey)
{
	const char *b64 = pubkey ? strchr(pubkey, ' ') : NULL;
	unsigned char *blob = NULL, md[32];
	size_t n, len;
	char *enc = NULL;
	int dec;

	*out = NULL;
	if (!b64 || !(n = strlen(++b64)) || n % 4 || strchr(b64, ' '))
		return acc_error_set(ACC_EINVAL, "not a public key: %.40s", pubkey ? pubkey : "");
	if (!(blob = acc_malloc(n / 4 * 3 + 1)))
		return ACC_ENOMEM;
	dec = EVP_DecodeBlock(blob, (const unsigned char *)b64, (int)n);
	if (dec < 0) {
		free(blob);
		return acc_error_set(ACC_EINVAL, "not a public key: %.40s", pubkey);
	}
	/* EVP_DecodeBlock counts padding as zero bytes */
	len = (size_t)dec - (b64[n - 1] == '=') - (b64[n - 2] == '=');
	if (!EVP_Digest(blob, len, md, NULL, EVP_sha256(), NULL)) {
		free(blob);
		return acc_error_set(ACC_ERROR, "cannot hash the key");
	}
	free(blob);
	if (!(enc = acc_sshwire_b64(md, sizeof(md))))
		return ACC_ENOMEM;
	enc[strcspn(enc, "=")] = '\0'; /* ssh-keygen prints it unpadded */
	*out = acc_sprintf("SHA256:%s", enc);
	free(enc);
	return *out ? 0 : ACC_ENOMEM;
}
