/*
 * store blobs: the object memo, `<git dir>/accord/blobs`: an undeltified
 * copy of the objects (files and folders) that an export of a whole
 * convention reads, kept by object id.  Reading 6,545 ballots and their
 * folders through the packs' delta chains was most of an Akoma Ntoso
 * export's reading at the full preset.
 *
 * Entries "<id> <b|t> <n>\n<n bytes>\n" (a blob or a tree), appended.
 * Derived data, safe to delete: the memo is an object database libgit2
 * asks before the packs, and it hashes every entry again ("blob <n>\0" or
 * "tree <n>\0" and its bytes) before it answers: an entry whose hash is
 * not its id (a tampered or damaged file) is not used, the object is read
 * from the packs as without a memo.  An export never publishes bytes the
 * repository does not hold.
 */
#include <errno.h>
#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The memo's file under the git dir. */
#define MEMO_FILE "accord/blobs"
/* A memo grown past this is dropped and starts again. */
#define MEMO_MAX (256u * 1024u * 1024u)
/* An object bigger than this is read from the packs each time, not kept. */
#define MEMO_ONE_MAX (256u * 1024u)
/* libgit2 asks the memo before the packs (2) and loose objects (1). */
#define MEMO_PRIORITY 100

/* One entry of the memo file: its id and type, where its bytes lie, and
 * whether they were hashed (1: they are the object's, -1: not: never
 * used, 0: not yet). */
typedef struct {
	git_oid id;
	char type;
	int checked;
	size_t off, len;
} memo_at;

struct acc_blob_memo {
	git_odb_backend parent; /* first: libgit2 hands this back */
	acc_store *store;
	const char *map; /* the file, mapped (NULL: none) */
	size_t map_len;
	memo_at *at; /* its entries, sorted by id */
	size_t nat;
	acc_buf fresh; /* entries to append (acc_blob_memo_flush) */
	EVP_MD *sha1;  /* what entry_is hashes with, made on first use */
	EVP_MD_CTX *ctx;
};

/* Orders two entries by id, for qsort and bsearch. */
static int cmp_at(const void *a, const void *b)
{
	return git_oid_cmp(&((const memo_at *)a)->id, &((const memo_at *)b)->id);
}

/* The path of the memo file (malloc'd). */
static char *memo_path(acc_store *s)
{
	return acc_sprintf("%s%s", git_repository_path(s->repo), MEMO_FILE);
}

/* Indexes the entries of the mapped file; an entry cut short (or not one)
 * ends the index. */
static void memo_index(acc_blob_memo *m)
{
	const char *p = m->map, *end = m->map + m->map_len;
	size_t alloc = 0;

	while (end - p > ACC_OID_HEXLEN + 4) {
		memo_at e;
		char *q;
		unsigned long long n;

		memset(&e, 0, sizeof(e));
		if (git_oid_fromstrn(&e.id, p, ACC_OID_HEXLEN) < 0 || p[ACC_OID_HEXLEN] != ' ' ||
		    (p[ACC_OID_HEXLEN + 1] != 'b' && p[ACC_OID_HEXLEN + 1] != 't') ||
		    p[ACC_OID_HEXLEN + 2] != ' ' || p[ACC_OID_HEXLEN + 3] < '0' ||
		    p[ACC_OID_HEXLEN + 3] > '9')
			break;
		e.type = p[ACC_OID_HEXLEN + 1];
		errno = 0;
		n = strtoull(p + ACC_OID_HEXLEN + 3, &q, 10);
		if (errno || q >= end || *q != '\n' || n >= (unsigned long long)(end - q - 1) ||
		    q[1 + n] != '\n')
			break;
		e.off = (size_t)(q + 1 - m->map);
		e.len = (size_t)n;
		if (m->nat == alloc) {
			memo_at *na = acc_realloc(m->at, (alloc = alloc * 2 + 1024) * sizeof(*na));

			if (!na)
				break;
			m->at = na;
		}
		m->at[m->nat++] = e;
		p = q + 2 + n;
	}
	acc_error_clear();
	if (m->nat > 1)
		qsort(m->at, m->nat, sizeof(*m->at), cmp_at);
}

/* Allocates for libgit2 (a memo_copy alloc: arg is the backend). */
static void *odb_alloc(void *arg, size_t n)
{
	return git_odb_backend_data_alloc(arg, n);
}

/* Allocates with malloc (a memo_copy alloc). */
static void *heap_alloc(void *arg, size_t n)
{
	(void)arg;
	return acc_malloc(n);
}

/* 1 when the len bytes at p are object id of type ('b' or 't'): "blob <n>\0"
 * or "tree <n>\0" and the bytes hash to id. */
static int bytes_are(acc_blob_memo *m, char type, const char *p, size_t len, const git_oid *id)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char head[48];
	int n = snprintf(head, sizeof(head), "%s %zu", type == 't' ? "tree" : "blob", len);
	int ok;

	/* the digest fetched and its context made once: 13,000 entries */
	if (!m->sha1 && !(m->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL)))
		return 0;
	if (!m->ctx && !(m->ctx = EVP_MD_CTX_new()))
		return 0;
	ok = EVP_DigestInit_ex(m->ctx, m->sha1, NULL) == 1 &&
	     EVP_DigestUpdate(m->ctx, head, (size_t)n + 1) == 1 &&
	     EVP_DigestUpdate(m->ctx, p, len) == 1 && EVP_DigestFinal_ex(m->ctx, md, &mdlen) == 1;
	return ok && mdlen == GIT_OID_RAWSZ && memcmp(md, id->id, GIT_OID_RAWSZ) == 0;
}

/* The first entry of id not found false, or NULL; check: hash the entry
 * in the file (the answer kept) and skip it when false.  What is handed
 * out is hashed again once copied (memo_copy): the file may change under
 * the mapping. */
static memo_at *memo_find(acc_blob_memo *m, const git_oid *id, memo_at *from, int check)
{
	memo_at key, *hit = from;

	if (!hit) {
		if (!m->nat)
			return NULL;
		git_oid_cpy(&key.id, id);
		if (!(hit = bsearch(&key, m->at, m->nat, sizeof(*m->at), cmp_at)))
			return NULL;
		while (hit > m->at && git_oid_equal(&hit[-1].id, id))
			hit--; /* an id kept twice: the first that holds the object */
	}
	for (; hit < m->at + m->nat && git_oid_equal(&hit->id, id); hit++) {
		if (check && hit->checked == 0)
			hit->checked =
			    bytes_are(m, hit->type, m->map + hit->off, hit->len, id) ? 1 : -1;
		if (hit->checked >= 0)
			return hit;
	}
	return NULL;
}

/* Copies object id from the memo into *out (made by alloc(arg, len)),
 * hashed once copied: 0 with its type, or ACC_ENOTFOUND when no entry
 * holds it (an entry that does not is marked, and never used), or
 * ACC_ENOMEM. */
static int memo_copy(acc_blob_memo *m, const git_oid *id, void *(*alloc)(void *, size_t), void *arg,
		     char **out, size_t *len, char *type)
{
	memo_at *e = NULL;

	*out = NULL;
	while ((e = memo_find(m, id, e, 0))) {
		char *d = alloc(arg, e->len + 1);

		if (!d)
			return ACC_ENOMEM;
		memcpy(d, m->map + e->off, e->len);
		d[e->len] = '\0';
		if (bytes_are(m, e->type, d, e->len, id)) {
			e->checked = 1;
			*out = d;
			*len = e->len;
			*type = e->type;
			return 0;
		}
		e->checked = -1;
		if (alloc == odb_alloc)
			git_odb_backend_data_free(arg, d);
		else
			free(d);
		e++;
	}
	return ACC_ENOTFOUND;
}

/* Reads object id from the memo (a git_odb_backend read): GIT_ENOTFOUND
 * when it holds no entry that hashes to id. */
static int memo_read(void **data, size_t *len, git_object_t *type, git_odb_backend *b,
		     const git_oid *id)
{
	char *d = NULL, t = 0;
	int rc = memo_copy((acc_blob_memo *)b, id, odb_alloc, b, &d, len, &t);

	if (rc == ACC_ENOTFOUND)
		return GIT_ENOTFOUND;
	if (rc < 0)
		return GIT_ERROR;
	*data = d;
	*type = t == 't' ? GIT_OBJECT_TREE : GIT_OBJECT_BLOB;
	return 0;
}

/* Frees the memo with its repository (a git_odb_backend free): what was
 * kept and not yet written is dropped. */
static void memo_free(git_odb_backend *b)
{
	acc_blob_memo *m = (acc_blob_memo *)b;

	if (m->map)
		munmap((void *)m->map, m->map_len);
	EVP_MD_CTX_free(m->ctx);
	EVP_MD_free(m->sha1);
	free(m->at);
	acc_buf_free(&m->fresh);
	free(m);
}

int acc_blob_memo_use(acc_blob_memo **out, acc_store *s)
{
	acc_blob_memo *m;
	git_odb *odb = NULL;
	char *path;
	struct stat sb;
	int fd;

	*out = s->memo;
	if (s->memo)
		return 0;
	if (!(m = acc_calloc(1, sizeof(*m))))
		return ACC_ENOMEM;
	m->store = s;
	if (!(path = memo_path(s))) {
		free(m);
		return ACC_ENOMEM;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
		if ((unsigned long long)sb.st_size > MEMO_MAX) {
			unlink(path); /* grown too big: start again */
		} else {
			/* populated at once: an export reads most of it */
			void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ,
				       MAP_PRIVATE | MAP_POPULATE, fd, 0);

			if (p != MAP_FAILED) {
				m->map = p;
				m->map_len = (size_t)sb.st_size;
				memo_index(m);
			}
		}
	}
	if (fd >= 0)
		close(fd);
	free(path);
	git_odb_init_backend(&m->parent, GIT_ODB_BACKEND_VERSION);
	m->parent.read = memo_read;
	m->parent.free = memo_free;
	if (git_repository_odb(&odb, s->repo) < 0 ||
	    git_odb_add_backend(odb, &m->parent, MEMO_PRIORITY) < 0) {
		git_odb_free(odb);
		memo_free(&m->parent);
		return acc_store_git_fail(ACC_ERROR, "cannot read the object memo");
	}
	git_odb_free(odb); /* the repository's odb owns m now */
	s->memo = m;
	*out = m;
	return 0;
}

int acc_blob_memo_has(acc_blob_memo *m, const git_oid *id)
{
	return m && memo_find(m, id, NULL, 1) != NULL;
}

int acc_blob_memo_blob(acc_blob_memo *m, const git_oid *id, char **data, size_t *len)
{
	char t = 0;
	int rc = m ? memo_copy(m, id, heap_alloc, NULL, data, len, &t) : ACC_ENOTFOUND;

	if (rc == 0 && t != 'b') { /* an id is one object's: not one to find */
		free(*data);
		*data = NULL;
		rc = ACC_ENOTFOUND;
	}
	return rc;
}

void acc_blob_memo_keep(acc_blob_memo *m, const git_oid *id, git_object_t type, const char *data,
			size_t len)
{
	char hex[ACC_OID_HEXLEN + 1];
	size_t mark;

	if (!m || len > MEMO_ONE_MAX || (type != GIT_OBJECT_BLOB && type != GIT_OBJECT_TREE))
		return;
	mark = m->fresh.size;
	git_oid_tostr(hex, sizeof(hex), id);
	if (acc_buf_printf(&m->fresh, "%s %c %zu\n", hex, type == GIT_OBJECT_TREE ? 't' : 'b',
			   len) < 0 ||
	    acc_buf_put(&m->fresh, data, len) < 0 || acc_buf_putc(&m->fresh, '\n') < 0) {
		m->fresh.size = mark; /* not kept */
		acc_error_clear();
	}
}

void acc_blob_memo_keep_tree(acc_blob_memo *m, const git_oid *id)
{
	git_odb *odb = NULL;
	git_odb_object *o = NULL;

	if (!m || git_repository_odb(&odb, m->store->repo) < 0) {
		git_error_clear();
		return;
	}
	if (git_odb_read(&o, odb, id) == 0 && git_odb_object_type(o) == GIT_OBJECT_TREE)
		acc_blob_memo_keep(m, id, GIT_OBJECT_TREE, git_odb_object_data(o),
				   git_odb_object_size(o));
	git_error_clear();
	git_odb_object_free(o);
	git_odb_free(odb);
}

void acc_blob_memo_flush(acc_blob_memo *m)
{
	char *path;

	if (!m || !m->fresh.size || !(path = memo_path(m->store)))
		return;
	/* best effort: when it fails, the next export reads them from the packs */
	acc_store_derived_append(m->store, path, m->fresh.ptr, m->fresh.size);
	free(path);
	acc_buf_clear(&m->fresh);
	acc_error_clear();
}
