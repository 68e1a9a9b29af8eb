/*
 * store_tls: the certificate authorities of https remotes, loaded when a
 * remote is reached rather than at every start.
 *
 * Debian's libgit2 1.5 is built with mbedTLS, whose git_libgit2_init
 * parses the whole system CA bundle (/etc/ssl/certs/ca-certificates.crt,
 * some 140 PEM certificates): 4.3 ms of CPU at the start of every process
 * that opens a repository, more than all the rest of a vote, and only an
 * https clone, fetch or push needs it.  accord defines mbedTLS's two
 * loaders itself, so libgit2's calls reach these first (the core library
 * comes before libmbedx509 in its lookup order; a program linked with this
 * archive exports them): until acc_store_tls_ready, they only note the
 * location libgit2 asked for; acc_store_tls_ready, called before every
 * clone, fetch and push, lets them through and has libgit2 load that
 * location with GIT_OPT_SET_SSL_CERT_LOCATIONS, so https remotes are
 * checked exactly as before.  With a libgit2 built on OpenSSL these
 * functions are never called and change nothing.
 */
#include <dlfcn.h>
#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* mbedTLS's loaders, as accord defines them (see above). */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static int tls_wanted;		     /* loaders pass through */
static char *asked_file, *asked_dir; /* what libgit2 asked for before */

/* Notes path in *slot (the latest request). */
static void note(char **slot, const char *path)
{
	char *copy = path ? strdup(path) : NULL;

	pthread_mutex_lock(&tls_lock);
	free(*slot);
	*slot = copy;
	pthread_mutex_unlock(&tls_lock);
}

/* Whether the loaders pass through now. */
static int wanted(void)
{
	int w;

	pthread_mutex_lock(&tls_lock);
	w = tls_wanted;
	pthread_mutex_unlock(&tls_lock);
	return w;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *);

	if (!wanted()) {
		note(&asked_file, path);
		return 0;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : -1;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	int (*real)(void *, const char *);

	if (!wanted()) {
		note(&asked_dir, path);
		return 0;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_path");
	return real ? real(chain, path) : -1;
}

int acc_store_tls_ready(void)
{
	int first;

	pthread_mutex_lock(&tls_lock);
	first = !tls_wanted;
	tls_wanted = 1;
	pthread_mutex_unlock(&tls_lock);
	if (!first || (!asked_file && !asked_dir))
		return 0;
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, asked_file, asked_dir) < 0)
		return acc_store_git_fail(ACC_ERROR, "cannot load the certificate authorities");
	return 0;
}
