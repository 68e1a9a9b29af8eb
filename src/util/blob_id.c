/* blob_id: the id git gives a blob of given bytes (SHA-1 of "blob LEN\0"
 * and the bytes), computed without a repository.  A file of its own so
 * that programs linking util.c alone (the front, src/front.c) do not need
 * OpenSSL. */
#include "accord/util.h"

#include <openssl/evp.h>
#include <stdio.h>

int acc_git_blob_id(char out[41], const char *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	char head[32];
	int n = snprintf(head, sizeof(head), "blob %zu", len);
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int ok = m && EVP_DigestInit_ex(m, EVP_sha1(), NULL) == 1 &&
		 EVP_DigestUpdate(m, head, (size_t)n + 1) == 1 &&
		 EVP_DigestUpdate(m, data, len) == 1 && EVP_DigestFinal_ex(m, md, &mdlen) == 1;

	EVP_MD_CTX_free(m);
	out[0] = '\0';
	if (!ok || mdlen != 20)
		return acc_error_set(ACC_ERROR, "cannot hash a blob");
	for (i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[40] = '\0';
	return 0;
}
