/* store_bulk: many commits written as packs, as git fast-import does. */
#include "store_bulk.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_DEPTH   50		 /* longest delta chain (git's pack.depth) */
#define FLUSH_BYTES (256u << 20) /* write a pack when this much is pending */
#define MODE_TREE   0040000
#define MODE_BLOB   0100644

enum { OBJ_COMMIT = 1, OBJ_TREE = 2, OBJ_BLOB = 3, OBJ_OFS_DELTA = 6 };

/* A growable byte array. */
typedef struct {
	unsigned char *p;
	size_t len, cap;
} bytes;

/* A file or folder of the session's tree.  A folder's children are read
 * from the repository the first time they are needed (loaded). */
typedef struct node {
	char *name;
	unsigned mode;
	unsigned char oid[20];
	struct node **kids;
	size_t nkids, akids;
	int loaded, dirty;
	/* the last version written in this session, as a delta base */
	unsigned char *last;
	size_t last_len;
	unsigned long long last_ofs;
	unsigned last_pack, depth;
} node;

/* One object of the pending pack, for its index. */
typedef struct {
	unsigned char oid[20];
	uint32_t crc;
	unsigned long long ofs;
} entry;

struct acc_bulk {
	acc_store *store;
	git_repository *repo;
	node *root;
	acc_oid_hex tip, moved; /* the last commit; where the branch is */
	int broken;
	/* every object written in the session: an open-addressing set */
	unsigned char *seen;
	size_t nseen, aseen;
	/* the pending pack */
	bytes pack; /* entries only: the 12-byte header comes at flush */
	entry *ents;
	size_t nents, aents;
	unsigned pack_no; /* 1 + number of packs written */
	z_stream z;
	int z_ready;
	EVP_MD_CTX *md;
	EVP_MD *sha1;
	bytes scratch, delta, zout;
	acc_bulk_stats stats;
};

/* ---- small helpers ------------------------------------------------------ */

/* Records libgit2's last error as ours. */
static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return acc_error_set(code, "%s: %s", what, e && e->message ? e->message : "git error");
}

/* Makes room for extra more bytes. */
static int bytes_grow(bytes *b, size_t extra)
{
	size_t want = b->len + extra, cap = b->cap ? b->cap : 256;
	unsigned char *np;

	if (want <= b->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	if (!(np = acc_realloc(b->p, cap)))
		return ACC_ENOMEM;
	b->p = np;
	b->cap = cap;
	return 0;
}

/* Appends len bytes. */
static int bytes_put(bytes *b, const void *data, size_t len)
{
	if (bytes_grow(b, len) < 0)
		return ACC_ENOMEM;
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

/* Hex of a binary id into out (41 bytes). */
static void to_hex(char *out, const unsigned char *oid)
{
	static const char hx[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 20; i++) {
		out[2 * i] = hx[oid[i] >> 4];
		out[2 * i + 1] = hx[oid[i] & 15];
	}
	out[40] = '\0';
}

/* The git id of an object: SHA-1 of "<type> <len>\0" and the content. */
static int hash_object(acc_bulk *b, unsigned char *oid, int type, const void *data, size_t len)
{
	char head[32];
	int hl = snprintf(head, sizeof(head), "%s %zu",
			  type == OBJ_COMMIT ? "commit"
			  : type == OBJ_TREE ? "tree"
					     : "blob",
			  len);

	if (EVP_DigestInit_ex2(b->md, b->sha1, NULL) != 1 ||
	    EVP_DigestUpdate(b->md, head, (size_t)hl + 1) != 1 ||
	    EVP_DigestUpdate(b->md, data, len) != 1 || EVP_DigestFinal_ex(b->md, oid, NULL) != 1)
		return acc_error_set(ACC_ERROR, "cannot hash an object");
	return 0;
}

/* ---- the set of objects written ------------------------------------------ */

/* Slot of oid in the set (where it is, or the empty slot where it goes). */
static size_t seen_slot(const acc_bulk *b, const unsigned char *oid)
{
	size_t mask = b->aseen - 1, i;
	uint64_t h;

	memcpy(&h, oid, sizeof(h));
	for (i = (size_t)h & mask;; i = (i + 1) & mask) {
		const unsigned char *s = b->seen + 20 * i;
		static const unsigned char zero[20];

		if (memcmp(s, zero, 20) == 0 || memcmp(s, oid, 20) == 0)
			return i;
	}
}

/* 1 when oid was written in this session. */
static int seen_has(const acc_bulk *b, const unsigned char *oid)
{
	static const unsigned char zero[20];

	return b->aseen && memcmp(b->seen + 20 * seen_slot(b, oid), zero, 20) != 0;
}

/* Adds oid to the set (growing it at half load). */
static int seen_add(acc_bulk *b, const unsigned char *oid)
{
	if (2 * (b->nseen + 1) > b->aseen) {
		size_t old = b->aseen, i;
		unsigned char *prev = b->seen;
		static const unsigned char zero[20];

		b->aseen = old ? old * 2 : 1u << 16;
		if (!(b->seen = acc_calloc(b->aseen, 20))) {
			b->seen = prev;
			b->aseen = old;
			return ACC_ENOMEM;
		}
		for (i = 0; i < old; i++)
			if (memcmp(prev + 20 * i, zero, 20) != 0)
				memcpy(b->seen + 20 * seen_slot(b, prev + 20 * i), prev + 20 * i,
				       20);
		free(prev);
	}
	memcpy(b->seen + 20 * seen_slot(b, oid), oid, 20);
	b->nseen++;
	return 0;
}

/* ---- the pending pack ---------------------------------------------------- */

/* Deflates len bytes into b->zout. */
static int deflate_into(acc_bulk *b, const void *data, size_t len)
{
	int zr;

	if (!b->z_ready) {
		memset(&b->z, 0, sizeof(b->z));
		if (deflateInit(&b->z, Z_BEST_SPEED) != Z_OK)
			return acc_error_set(ACC_ENOMEM, "cannot set up zlib");
		b->z_ready = 1;
	} else if (deflateReset(&b->z) != Z_OK) {
		return acc_error_set(ACC_ERROR, "zlib failed");
	}
	b->zout.len = 0;
	if (bytes_grow(&b->zout, deflateBound(&b->z, (uLong)len)) < 0)
		return ACC_ENOMEM;
	b->z.next_in = (Bytef *)(uintptr_t)data;
	b->z.avail_in = (uInt)len;
	b->z.next_out = b->zout.p;
	b->z.avail_out = (uInt)b->zout.cap;
	zr = deflate(&b->z, Z_FINISH);
	if (zr != Z_STREAM_END)
		return acc_error_set(ACC_ERROR, "zlib failed");
	b->zout.len = b->zout.cap - b->z.avail_out;
	return 0;
}

/*
 * Appends one pack entry: type and size, for a delta the distance back to
 * its base, then the deflated data.  *ofs receives where it starts.
 */
static int pack_append(acc_bulk *b, const unsigned char *oid, int type, size_t size,
		       unsigned long long base_ofs, const void *data, size_t len,
		       unsigned long long *ofs)
{
	unsigned char hdr[32];
	size_t hl = 0, s = size;
	entry *e;
	int rc;

	/* offsets count the 12-byte header written at flush */
	*ofs = 12 + b->pack.len;
	hdr[hl++] = (unsigned char)((type << 4) | (s & 15));
	s >>= 4;
	while (s) {
		hdr[hl - 1] |= 0x80;
		hdr[hl++] = (unsigned char)(s & 0x7f);
		s >>= 7;
	}
	if (type == OBJ_OFS_DELTA) {
		unsigned long long d = *ofs - base_ofs;
		unsigned char tmp[16];
		size_t pos = sizeof(tmp) - 1;

		tmp[pos] = (unsigned char)(d & 0x7f);
		while (d >>= 7)
			tmp[--pos] = (unsigned char)(0x80 | (--d & 0x7f));
		memcpy(hdr + hl, tmp + pos, sizeof(tmp) - pos);
		hl += sizeof(tmp) - pos;
	}
	if ((rc = deflate_into(b, data, len)) < 0)
		return rc;
	if (b->nents == b->aents) {
		size_t na = b->aents ? b->aents * 2 : 4096;
		entry *ne = acc_realloc(b->ents, na * sizeof(*ne));

		if (!ne)
			return ACC_ENOMEM;
		b->ents = ne;
		b->aents = na;
	}
	if ((rc = bytes_put(&b->pack, hdr, hl)) < 0 ||
	    (rc = bytes_put(&b->pack, b->zout.p, b->zout.len)) < 0)
		return rc;
	e = &b->ents[b->nents++];
	memcpy(e->oid, oid, 20);
	e->ofs = *ofs;
	e->crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), hdr, (uInt)hl);
	e->crc = (uint32_t)crc32(e->crc, b->zout.p, (uInt)b->zout.len);
	b->stats.objects++;
	b->stats.pack_bytes += hl + b->zout.len;
	return 0;
}

/* Appends a copy instruction (base offset, length) to a delta. */
static int delta_copy(bytes *d, size_t off, size_t len)
{
	while (len) {
		size_t n = len > 0xffffff ? 0xffffff : len;
		unsigned char ins[8];
		size_t k = 1, i;

		ins[0] = 0x80;
		for (i = 0; i < 4; i++)
			if ((off >> (8 * i)) & 0xff) {
				ins[0] |= (unsigned char)(1u << i);
				ins[k++] = (unsigned char)((off >> (8 * i)) & 0xff);
			}
		for (i = 0; i < 3; i++)
			if ((n >> (8 * i)) & 0xff) {
				ins[0] |= (unsigned char)(0x10u << i);
				ins[k++] = (unsigned char)((n >> (8 * i)) & 0xff);
			}
		if (bytes_put(d, ins, k) < 0)
			return ACC_ENOMEM;
		off += n;
		len -= n;
	}
	return 0;
}

/* Appends literal bytes to a delta (127 at most per instruction). */
static int delta_insert(bytes *d, const unsigned char *p, size_t len)
{
	while (len) {
		unsigned char n = (unsigned char)(len > 127 ? 127 : len);

		if (bytes_put(d, &n, 1) < 0 || bytes_put(d, p, n) < 0)
			return ACC_ENOMEM;
		p += n;
		len -= n;
	}
	return 0;
}

/* Appends a size as a delta header varint. */
static int delta_size(bytes *d, size_t s)
{
	unsigned char c;

	do {
		c = (unsigned char)(s & 0x7f);
		s >>= 7;
		if (s)
			c |= 0x80;
		if (bytes_put(d, &c, 1) < 0)
			return ACC_ENOMEM;
	} while (s);
	return 0;
}

/* A delta from base to target that keeps their common prefix and suffix
 * (one changed tree entry costs a few dozen bytes), into b->delta. */
static int make_delta(acc_bulk *b, const unsigned char *base, size_t bl, const unsigned char *t,
		      size_t tl)
{
	size_t pre = 0, suf = 0;
	int rc;

	while (pre < bl && pre < tl && base[pre] == t[pre])
		pre++;
	while (suf < bl - pre && suf < tl - pre && base[bl - 1 - suf] == t[tl - 1 - suf])
		suf++;
	b->delta.len = 0;
	if ((rc = delta_size(&b->delta, bl)) < 0 || (rc = delta_size(&b->delta, tl)) < 0 ||
	    (rc = delta_copy(&b->delta, 0, pre)) < 0 ||
	    (rc = delta_insert(&b->delta, t + pre, tl - pre - suf)) < 0 ||
	    (rc = delta_copy(&b->delta, bl - suf, suf)) < 0)
		return rc;
	return 0;
}

/*
 * Writes an object unless the session wrote it already; oid receives its
 * id.  A tree node n is stored as a delta against its previous version
 * when that is in the pending pack and the chain is short enough.
 */
static int put_object(acc_bulk *b, unsigned char *oid, int type, const unsigned char *data,
		      size_t len, node *n)
{
	unsigned long long ofs;
	int rc, as_delta = 0;

	if ((rc = hash_object(b, oid, type, data, len)) < 0)
		return rc;
	if (seen_has(b, oid)) {
		if (n)
			n->last_pack = 0; /* no known offset: next version goes whole */
		return 0;
	}
	if (n && n->last && n->last_pack == b->pack_no && n->depth < MAX_DEPTH) {
		if ((rc = make_delta(b, n->last, n->last_len, data, len)) < 0)
			return rc;
		as_delta = b->delta.len < len / 2;
	}
	if (as_delta)
		rc = pack_append(b, oid, OBJ_OFS_DELTA, b->delta.len, n->last_ofs, b->delta.p,
				 b->delta.len, &ofs);
	else
		rc = pack_append(b, oid, type, len, 0, data, len, &ofs);
	if (rc < 0 || (rc = seen_add(b, oid)) < 0)
		return rc;
	b->stats.raw_bytes += len;
	if (as_delta)
		b->stats.deltas++;
	if (n) {
		if (len > n->last_len || !n->last) {
			unsigned char *np = acc_realloc(n->last, len ? len : 1);

			if (!np)
				return ACC_ENOMEM;
			n->last = np;
		}
		memcpy(n->last, data, len);
		n->last_len = len;
		n->last_ofs = ofs;
		n->last_pack = b->pack_no;
		n->depth = as_delta ? n->depth + 1 : 0;
	}
	return 0;
}

/* Writes 12-byte-header + pending entries + checksum, and the index. */
static int write_pack(acc_bulk *b);

/* ---- the tree ------------------------------------------------------------ */

/* Frees a node and everything below it. */
static void node_free(node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->last);
	free(n);
}

/* A new node (name copied). */
static node *node_new(const char *name, size_t len, unsigned mode)
{
	node *n = acc_calloc(1, sizeof(*n));

	if (n && !(n->name = acc_strndup(name, len))) {
		free(n);
		return NULL;
	}
	if (n)
		n->mode = mode;
	return n;
}

/* Orders entries as git does: a folder's name compares as if it ended
 * with '/'. */
static int entry_cmp(const char *a, size_t al, unsigned am, const char *b, size_t bl, unsigned bm)
{
	size_t n = al < bl ? al : bl;
	int c = memcmp(a, b, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = n < al ? (unsigned char)a[n] : am == MODE_TREE ? '/' : 0;
	cb = n < bl ? (unsigned char)b[n] : bm == MODE_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

/* Position of (name, mode) among t's children: *found is set when there. */
static size_t kid_pos(const node *t, const char *name, size_t len, unsigned mode, int *found)
{
	size_t lo = 0, hi = t->nkids;

	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const node *k = t->kids[mid];
		int c = entry_cmp(k->name, strlen(k->name), k->mode, name, len, mode);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Reads a folder's entries from the repository, once. */
static int node_load(acc_bulk *b, node *t)
{
	git_tree *tree = NULL;
	git_oid id;
	size_t i, n;
	int rc = 0;

	if (t->loaded)
		return 0;
	memcpy(id.id, t->oid, 20);
	if (git_tree_lookup(&tree, b->repo, &id) < 0)
		return git_fail(ACC_ERROR, "cannot read a tree");
	n = git_tree_entrycount(tree);
	if (!(t->kids = acc_calloc(n ? n : 1, sizeof(node *)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	t->akids = n ? n : 1;
	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_filemode_t m = git_tree_entry_filemode(e);
		const char *nm = git_tree_entry_name(e);
		node *k;

		if (m != GIT_FILEMODE_TREE && m != GIT_FILEMODE_BLOB) {
			rc = acc_error_set(ACC_EINVAL, "%s: unexpected file mode %o", nm,
					   (unsigned)m);
			goto done;
		}
		if (!(k = node_new(nm, strlen(nm),
				   m == GIT_FILEMODE_TREE ? MODE_TREE : MODE_BLOB))) {
			rc = ACC_ENOMEM;
			goto done;
		}
		memcpy(k->oid, git_tree_entry_id(e)->id, 20);
		t->kids[t->nkids++] = k;
	}
	t->loaded = 1;
done:
	git_tree_free(tree);
	return rc;
}

/* Inserts kid k into t at pos. */
static int kid_insert(node *t, size_t pos, node *k)
{
	if (t->nkids == t->akids) {
		size_t na = t->akids ? t->akids * 2 : 4;
		node **nk = acc_realloc(t->kids, na * sizeof(*nk));

		if (!nk)
			return ACC_ENOMEM;
		t->kids = nk;
		t->akids = na;
	}
	memmove(t->kids + pos + 1, t->kids + pos, (t->nkids - pos) * sizeof(node *));
	t->kids[pos] = k;
	t->nkids++;
	return 0;
}

/* Removes (and frees) kid pos of t. */
static void kid_remove(node *t, size_t pos)
{
	node_free(t->kids[pos]);
	memmove(t->kids + pos, t->kids + pos + 1, (t->nkids - pos - 1) * sizeof(node *));
	t->nkids--;
}

/*
 * Applies one change below folder t (path relative to it): writes the blob
 * or removes the file, creating or dropping folders on the way.  *changed
 * is set when t's entries changed (t is then dirty), *empty when t has no
 * entries left.
 */
static int apply(acc_bulk *b, node *t, const char *path, const acc_change *ch, int *changed,
		 int *empty)
{
	const char *slash = strchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : strlen(path), pos;
	int found, rc;

	*empty = 0;
	*changed = 0;
	if ((rc = node_load(b, t)) < 0)
		return rc;
	if (len == 0 || (len == 1 && path[0] == '.') || (len == 2 && !memcmp(path, "..", 2)))
		return acc_error_set(ACC_EINVAL, "%s: invalid path", ch->path);
	if (slash) {
		node *k;
		int kid_empty = 0, kid_changed = 0;

		pos = kid_pos(t, path, len, MODE_TREE, &found);
		if (!found) {
			int as_file;

			if (!ch->data)
				return acc_error_set(ACC_ENOTFOUND, "%s: not in the tree",
						     ch->path);
			(void)kid_pos(t, path, len, MODE_BLOB, &as_file);
			if (as_file)
				return acc_error_set(ACC_EINVAL, "%s: a file is in the way",
						     ch->path);
			if (!(k = node_new(path, len, MODE_TREE)))
				return ACC_ENOMEM;
			k->loaded = 1;
			if ((rc = kid_insert(t, pos, k)) < 0) {
				node_free(k);
				return rc;
			}
		}
		k = t->kids[pos];
		if ((rc = apply(b, k, slash + 1, ch, &kid_changed, &kid_empty)) < 0)
			return rc;
		if (kid_empty)
			kid_remove(t, pos);
		*changed = kid_changed || kid_empty;
	} else {
		pos = kid_pos(t, path, len, MODE_BLOB, &found);
		if (!ch->data) {
			if (!found)
				return acc_error_set(ACC_ENOTFOUND, "%s: not in the tree",
						     ch->path);
			kid_remove(t, pos);
			*changed = 1;
		} else {
			unsigned char oid[20];
			int as_dir;

			(void)kid_pos(t, path, len, MODE_TREE, &as_dir);
			if (as_dir)
				return acc_error_set(ACC_EINVAL, "%s: a folder is in the way",
						     ch->path);
			if ((rc = put_object(b, oid, OBJ_BLOB, (const unsigned char *)ch->data,
					     ch->len, NULL)) < 0)
				return rc;
			if (!found) {
				node *k = node_new(path, len, MODE_BLOB);

				if (!k)
					return ACC_ENOMEM;
				memcpy(k->oid, oid, 20);
				if ((rc = kid_insert(t, pos, k)) < 0) {
					node_free(k);
					return rc;
				}
				*changed = 1;
			} else if (memcmp(t->kids[pos]->oid, oid, 20) != 0) {
				memcpy(t->kids[pos]->oid, oid, 20);
				*changed = 1;
			}
		}
	}
	if (*changed)
		t->dirty = 1;
	*empty = t->nkids == 0;
	return 0;
}

/* Writes every changed folder below and including t, children first. */
static int flush_tree(acc_bulk *b, node *t)
{
	size_t i;
	int rc;

	if (!t->dirty)
		return 0;
	for (i = 0; i < t->nkids; i++)
		if (t->kids[i]->mode == MODE_TREE && (rc = flush_tree(b, t->kids[i])) < 0)
			return rc;
	b->scratch.len = 0;
	for (i = 0; i < t->nkids; i++) {
		const node *k = t->kids[i];
		const char *mode = k->mode == MODE_TREE ? "40000 " : "100644 ";

		if ((rc = bytes_put(&b->scratch, mode, strlen(mode))) < 0 ||
		    (rc = bytes_put(&b->scratch, k->name, strlen(k->name) + 1)) < 0 ||
		    (rc = bytes_put(&b->scratch, k->oid, 20)) < 0)
			return rc;
	}
	if ((rc = put_object(b, t->oid, OBJ_TREE, b->scratch.p, b->scratch.len, t)) < 0)
		return rc;
	t->dirty = 0;
	return 0;
}

/* ---- the session ---------------------------------------------------------- */

int acc_bulk_begin(acc_bulk **out, acc_store *s)
{
	acc_bulk *b = acc_calloc(1, sizeof(*b));
	git_commit *c = NULL;
	git_oid id;
	int rc;

	*out = NULL;
	if (!b)
		return ACC_ENOMEM;
	git_libgit2_init();
	b->store = s;
	b->pack_no = 1;
	if ((rc = acc_store_head(s, b->tip)) < 0)
		goto fail;
	memcpy(b->moved, b->tip, sizeof(b->moved));
	if (git_repository_open_bare(&b->repo, acc_store_gitdir(s)) < 0) {
		rc = git_fail(ACC_ERROR, acc_store_gitdir(s));
		goto fail;
	}
	if (git_oid_fromstr(&id, b->tip) < 0 || git_commit_lookup(&c, b->repo, &id) < 0) {
		rc = git_fail(ACC_ERROR, "cannot read the tip");
		goto fail;
	}
	if (!(b->root = node_new("", 0, MODE_TREE))) {
		rc = ACC_ENOMEM;
		goto fail;
	}
	memcpy(b->root->oid, git_commit_tree_id(c)->id, 20);
	if (!(b->md = EVP_MD_CTX_new()) || !(b->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL))) {
		rc = acc_error_set(ACC_ERROR, "cannot set up SHA-1");
		goto fail;
	}
	git_commit_free(c);
	*out = b;
	return 0;
fail:
	git_commit_free(c);
	acc_bulk_free(b);
	return rc;
}

const char *acc_bulk_tip(const acc_bulk *b)
{
	return b->tip;
}

/* Appends "<header> Name <email> time +hhmm\n" as libgit2 writes it. */
static int put_person(acc_buf *m, const char *header, const acc_person *who)
{
	int off = who->offset < 0 ? -who->offset : who->offset;

	if (strpbrk(who->name, "<>\n") || strpbrk(who->email, "<>\n"))
		return acc_error_set(ACC_EINVAL, "invalid author");
	return acc_buf_printf(m, "%s %s <%s> %lld %c%02d%02d\n", header, who->name, who->email,
			      who->when, who->offset < 0 ? '-' : '+', off / 60, off % 60);
}

int acc_bulk_commit(acc_bulk *b, acc_oid_hex out, const acc_change *changes, size_t n,
		    const char *message, const acc_person *who, acc_sign_fn sign, void *payload)
{
	unsigned char before[20], oid[20];
	acc_buf buf = ACC_BUF_INIT, full = ACC_BUF_INIT;
	char hex[41], *sig = NULL;
	size_t i;
	int rc = 0, empty, changed, unchanged = 0;

	if (b->broken)
		return acc_error_set(ACC_ERROR, "the bulk session failed earlier");
	memcpy(before, b->root->oid, 20);
	for (i = 0; i < n && rc == 0; i++)
		rc = apply(b, b->root, changes[i].path, &changes[i], &changed, &empty);
	if (rc == 0)
		rc = flush_tree(b, b->root);
	if (rc < 0)
		goto done;
	if (memcmp(before, b->root->oid, 20) == 0) {
		/* nothing was written but blobs; the tree is unchanged */
		unchanged = 1;
		rc = acc_error_set(ACC_EINVAL, "nothing to change");
		goto done;
	}
	to_hex(hex, b->root->oid);
	if ((rc = acc_buf_printf(&buf, "tree %s\nparent %s\n", hex, b->tip)) < 0 ||
	    (rc = put_person(&buf, "author", who)) < 0 ||
	    (rc = put_person(&buf, "committer", who)) < 0 ||
	    (rc = acc_buf_printf(&buf, "\n%s", message)) < 0)
		goto done;
	if (sign) {
		/* the signature goes in a gpgsig header, continuation lines
		 * indented by a space, as git_commit_create_with_signature */
		const char *end = strstr(buf.ptr, "\n\n"), *p;

		if ((rc = sign(&sig, buf.ptr, buf.size, payload)) < 0)
			goto done;
		if ((rc = acc_buf_put(&full, buf.ptr, (size_t)(end - buf.ptr) + 1)) < 0 ||
		    (rc = acc_buf_puts(&full, "gpgsig ")) < 0)
			goto done;
		for (p = sig; rc == 0 && *p; p++)
			rc = *p == '\n' ? acc_buf_puts(&full, "\n ") : acc_buf_putc(&full, *p);
		if (rc == 0)
			rc = acc_buf_putc(&full, '\n');
		if (rc == 0)
			rc = acc_buf_puts(&full, end + 1);
		if (rc < 0)
			goto done;
	}
	{
		const acc_buf *obj = sign ? &full : &buf;

		if ((rc = put_object(b, oid, OBJ_COMMIT, (const unsigned char *)obj->ptr, obj->size,
				     NULL)) < 0)
			goto done;
	}
	to_hex(b->tip, oid);
	memcpy(out, b->tip, sizeof(acc_oid_hex));
	b->stats.commits++;
	if (b->pack.len >= FLUSH_BYTES)
		rc = write_pack(b);
done:
	/* a failure after some changes were applied leaves the tree in memory
	 * out of step with the last commit */
	if (rc < 0 && !unchanged)
		b->broken = 1;
	free(sig);
	acc_buf_free(&buf);
	acc_buf_free(&full);
	return rc;
}

/* Compares index entries by id. */
static int cmp_entry(const void *x, const void *y)
{
	return memcmp(((const entry *)x)->oid, ((const entry *)y)->oid, 20);
}

/* Writes all of data to fd. */
static int write_all(int fd, const void *data, size_t len, const char *path)
{
	const unsigned char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return acc_error_set(ACC_ERROR, "cannot write %s: %s", path,
					     strerror(errno));
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Writes the n parts to a new file at dir/tmp, fsyncs it and renames it
 * to dir/name (read-only, as git keeps packs). */
static int write_file(const char *dir, const char *name, const bytes *parts, size_t n)
{
	char *tmp = acc_sprintf("%s/tmp_bulk_XXXXXX", dir),
	     *final = acc_sprintf("%s/%s", dir, name);
	int fd = -1, rc = 0;

	if (!tmp || !final) {
		rc = ACC_ENOMEM;
		goto done;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot create %s: %s", tmp, strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = write_all(fd, parts[i].p, parts[i].len, tmp)) < 0)
			goto done;
	if (fchmod(fd, 0444) < 0 || fsync(fd) < 0) {
		rc = acc_error_set(ACC_ERROR, "cannot sync %s: %s", tmp, strerror(errno));
		goto done;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, final) < 0)
		rc = acc_error_set(ACC_ERROR, "cannot rename %s: %s", tmp, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(final);
	return rc;
}

/* Appends a big-endian uint32. */
static int put_u32(bytes *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};

	return bytes_put(b, x, 4);
}

/* Writes the pending objects as objects/pack/pack-<sum>.{pack,idx}. */
static int write_pack(acc_bulk *b)
{
	bytes head = {0}, tail = {0}, idx = {0};
	unsigned char sum[20], isum[20];
	char hex[41], *dir = NULL, *name = NULL;
	size_t i, nlarge = 0;
	uint32_t fan[256] = {0};
	int rc = 0;

	if (!b->nents)
		return 0;
	/* the pack: header, entries, SHA-1 of both */
	if ((rc = bytes_put(&head, "PACK", 4)) < 0 || (rc = put_u32(&head, 2)) < 0 ||
	    (rc = put_u32(&head, (uint32_t)b->nents)) < 0)
		goto done;
	if (EVP_DigestInit_ex2(b->md, b->sha1, NULL) != 1 ||
	    EVP_DigestUpdate(b->md, head.p, head.len) != 1 ||
	    EVP_DigestUpdate(b->md, b->pack.p, b->pack.len) != 1 ||
	    EVP_DigestFinal_ex(b->md, sum, NULL) != 1) {
		rc = acc_error_set(ACC_ERROR, "cannot hash the pack");
		goto done;
	}
	if ((rc = bytes_put(&tail, sum, 20)) < 0)
		goto done;
	/* the index (version 2): fan-out, ids, CRCs, offsets, checksums */
	qsort(b->ents, b->nents, sizeof(entry), cmp_entry);
	for (i = 0; i < b->nents; i++)
		fan[b->ents[i].oid[0]]++;
	for (i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	rc = bytes_put(&idx, "\377tOc", 4);
	if (rc == 0)
		rc = put_u32(&idx, 2);
	for (i = 0; i < 256 && rc == 0; i++)
		rc = put_u32(&idx, fan[i]);
	for (i = 0; i < b->nents && rc == 0; i++)
		rc = bytes_put(&idx, b->ents[i].oid, 20);
	for (i = 0; i < b->nents && rc == 0; i++)
		rc = put_u32(&idx, b->ents[i].crc);
	for (i = 0; i < b->nents && rc == 0; i++) {
		if (b->ents[i].ofs < 0x80000000ull)
			rc = put_u32(&idx, (uint32_t)b->ents[i].ofs);
		else
			rc = put_u32(&idx, 0x80000000u | (uint32_t)nlarge++);
	}
	for (i = 0; i < b->nents && rc == 0; i++)
		if (b->ents[i].ofs >= 0x80000000ull &&
		    (rc = put_u32(&idx, (uint32_t)(b->ents[i].ofs >> 32))) == 0)
			rc = put_u32(&idx, (uint32_t)b->ents[i].ofs);
	if (rc == 0)
		rc = bytes_put(&idx, sum, 20);
	if (rc < 0)
		goto done;
	if (EVP_DigestInit_ex2(b->md, b->sha1, NULL) != 1 ||
	    EVP_DigestUpdate(b->md, idx.p, idx.len) != 1 ||
	    EVP_DigestFinal_ex(b->md, isum, NULL) != 1 || (rc = bytes_put(&idx, isum, 20)) < 0) {
		rc = rc < 0 ? rc : acc_error_set(ACC_ERROR, "cannot hash the pack index");
		goto done;
	}
	to_hex(hex, sum);
	if (!(dir = acc_sprintf("%sobjects/pack", acc_store_gitdir(b->store))) ||
	    !(name = acc_sprintf("pack-%s.pack", hex))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	/* the index last: readers find packs by their index */
	{
		bytes parts[3];

		parts[0] = head;
		parts[1] = b->pack;
		parts[2] = tail;
		if ((rc = write_file(dir, name, parts, 3)) < 0)
			goto done;
	}
	memcpy(name + strlen(name) - 4, "idx", 4);
	if ((rc = write_file(dir, name, &idx, 1)) < 0)
		goto done;
	{
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);

		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	b->pack.len = 0;
	b->nents = 0;
	b->pack_no++;
	b->stats.packs++;
	{
		git_odb *odb = NULL;

		if (git_repository_odb(&odb, b->repo) == 0) {
			git_odb_refresh(odb);
			git_odb_free(odb);
		}
	}
done:
	free(head.p);
	free(tail.p);
	free(idx.p);
	free(dir);
	free(name);
	return rc;
}

int acc_bulk_checkpoint(acc_bulk *b)
{
	int rc;

	if (b->broken)
		return acc_error_set(ACC_ERROR, "the bulk session failed earlier");
	if ((rc = write_pack(b)) < 0) {
		b->broken = 1;
		return rc;
	}
	if (strcmp(b->tip, b->moved) == 0)
		return 0;
	if ((rc = acc_store_move_branch(b->store, b->tip, b->moved, "accord: bulk write")) < 0)
		return rc;
	memcpy(b->moved, b->tip, sizeof(b->moved));
	return 0;
}

void acc_bulk_stats_get(acc_bulk_stats *out, const acc_bulk *b)
{
	*out = b->stats;
}

void acc_bulk_free(acc_bulk *b)
{
	if (!b)
		return;
	node_free(b->root);
	git_repository_free(b->repo);
	if (b->z_ready)
		deflateEnd(&b->z);
	EVP_MD_CTX_free(b->md);
	EVP_MD_free(b->sha1);
	free(b->seen);
	free(b->pack.p);
	free(b->ents);
	free(b->scratch.p);
	free(b->delta.p);
	free(b->zout.p);
	free(b);
	git_libgit2_shutdown();
}
