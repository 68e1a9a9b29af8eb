/* util: errors, buffers, string lists, UTF-8 and small parsers. */
#include "accord/util.h"

#include <errno.h>
#include <openssl/evp.h>
#include <ftw.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char err_msg[1024];
static _Thread_local int err_code;

int acc_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
	va_end(ap);
	err_code = code;
	return code;
}

int acc_error_prefix(int code, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err_msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err_msg, sizeof(old));
	{
		size_t pl = strlen(prefix), ol = strlen(old), room = sizeof(err_msg) - 1;

		if (pl > room - 2)
			pl = room - 2;
		memcpy(err_msg, prefix, pl);
		memcpy(err_msg + pl, ": ", 2);
		if (ol > room - pl - 2)
			ol = room - pl - 2;
		memcpy(err_msg + pl + 2, old, ol);
		err_msg[pl + 2 + ol] = '\0';
	}
	err_code = code;
	return code;
}

const char *acc_error_last(void)
{
	return err_msg;
}

int acc_error_code(void)
{
	return err_code;
}

void acc_error_clear(void)
{
	err_msg[0] = '\0';
	err_code = ACC_OK;
}

/* Fault injection for tests: ACCORD_FAULT_ALLOC=N makes the Nth
 * allocation through acc_fault_alloc() fail (and every later one when
 * ACCORD_FAULT_ALLOC_PERSIST is set). */
static long fault_at = -1, fault_count;
static int fault_persist, fault_read;

int acc_fault_alloc(void)
{
	if (!fault_read) {
		const char *e = getenv("ACCORD_FAULT_ALLOC");

		fault_read = 1;
		fault_at = e && *e ? atol(e) : -1;
		fault_persist = getenv("ACCORD_FAULT_ALLOC_PERSIST") != NULL;
	}
	if (fault_at < 0)
		return 0;
	fault_count++;
	return fault_count == fault_at || (fault_persist && fault_count > fault_at);
}

void *acc_malloc(size_t n)
{
	void *p = acc_fault_alloc() ? NULL : malloc(n ? n : 1);

	if (!p)
		acc_error_set(ACC_ENOMEM, "out of memory");
	return p;
}

void *acc_calloc(size_t n, size_t size)
{
	void *p = acc_fault_alloc() ? NULL : calloc(n ? n : 1, size ? size : 1);

	if (!p)
		acc_error_set(ACC_ENOMEM, "out of memory");
	return p;
}

void *acc_realloc(void *p, size_t n)
{
	void *q = acc_fault_alloc() ? NULL : realloc(p, n ? n : 1);

	if (!q)
		acc_error_set(ACC_ENOMEM, "out of memory");
	return q;
}

char *acc_strndup(const char *s, size_t n)
{
	char *p = acc_malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *acc_strdup(const char *s)
{
	return acc_strndup(s, strlen(s));
}

char *acc_sprintf(const char *fmt, ...)
{
	acc_buf b = ACC_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		acc_buf_free(&b);
		return NULL;
	}
	return acc_buf_detach(&b);
}

int acc_buf_grow(acc_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > SIZE_MAX - b->size - 1)
		return acc_error_set(ACC_ENOMEM, "buffer too large");
	need = b->size + extra + 1;
	if (need <= b->asize)
		return 0;
	n = b->asize ? b->asize : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = acc_realloc(b->ptr, n);
	if (!p)
		return ACC_ENOMEM;
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->asize = n;
	return 0;
}

int acc_buf_put(acc_buf *b, const char *data, size_t len)
{
	if (acc_buf_grow(b, len) < 0)
		return ACC_ENOMEM;
	if (len)
		memcpy(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = '\0';
	return 0;
}

int acc_buf_puts(acc_buf *b, const char *s)
{
	return acc_buf_put(b, s, strlen(s));
}

int acc_buf_putc(acc_buf *b, char c)
{
	return acc_buf_put(b, &c, 1);
}

int acc_buf_vprintf(acc_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return acc_error_set(ACC_ERROR, "bad format string");
	if (acc_buf_grow(b, (size_t)n) < 0)
		return ACC_ENOMEM;
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	b->size += (size_t)n;
	return 0;
}

int acc_buf_printf(acc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = acc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void acc_buf_clear(acc_buf *b)
{
	b->size = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *acc_buf_detach(acc_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = acc_strdup("");
	b->ptr = NULL;
	b->size = b->asize = 0;
	return p;
}

void acc_buf_free(acc_buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->size = b->asize = 0;
}

int acc_strlist_addn(acc_strlist *l, const char *s, size_t n)
{
	char *copy;

	if (l->count == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 8;
		char **items = acc_realloc(l->items, na * sizeof(*items));

		if (!items)
			return ACC_ENOMEM;
		l->items = items;
		l->alloc = na;
	}
	if (!(copy = acc_strndup(s, n)))
		return ACC_ENOMEM;
	l->items[l->count++] = copy;
	return 0;
}

int acc_strlist_add(acc_strlist *l, const char *s)
{
	return acc_strlist_addn(l, s, strlen(s));
}

long acc_strlist_find(const acc_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i], s) == 0)
			return (long)i;
	return -1;
}

void acc_strlist_free(acc_strlist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = l->alloc = 0;
}

int acc_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	int n, i;

	if (len == 0)
		return -1;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = s[0];
		return -1;
	}
	if ((size_t)n > len) {
		*cp = s[0];
		return -1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = s[0];
			return -1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = s[0];
		return -1;
	}
	*cp = c;
	return n;
}

int acc_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = acc_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)n;
	}
	return 1;
}

int acc_file_read(char **out, size_t *len, const char *path, size_t max)
{
	acc_buf b = ACC_BUF_INIT;
	FILE *f;
	char chunk[65536];
	size_t n;
	int rc = 0;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else if (!(f = fopen(path, "rb"))) {
		return acc_error_set(ACC_ERROR, "cannot open %s: %s", path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.size + n > max) {
			rc = acc_error_set(ACC_EINVAL, "%s: larger than %zu bytes", path, max);
			goto done;
		}
		if ((rc = acc_buf_put(&b, chunk, n)) < 0)
			goto done;
	}
	if (ferror(f))
		rc = acc_error_set(ACC_ERROR, "cannot read %s: %s", path, strerror(errno));
done:
	if (f != stdin)
		fclose(f);
	if (rc < 0) {
		acc_buf_free(&b);
		return rc;
	}
	if (len)
		*len = b.size;
	*out = acc_buf_detach(&b);
	return *out ? 0 : ACC_ENOMEM;
}

/* Removes one entry during acc_rmtree's depth-first walk. */
static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -1 : 0;
}

int acc_rmtree(const char *path)
{
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
		return acc_error_set(ACC_ERROR, "cannot remove %s: %s", path, strerror(errno));
	return 0;
}

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
