/* fuzz_common: checks, UTF-8 oracle and in-memory source for the targets. */
#include "fuzz.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accord/rules.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	fprintf(stderr, "last accord error: %s\n", acc_error_last());
	abort();
}

void fuzz_note(const char *fmt, ...)
{
	static int verbose = -1;
	va_list ap;

	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	if (!verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int fuzz_known(const char *name)
{
	static const char *known;
	const char *p;
	size_t n = strlen(name);

	if (!known && !(known = getenv("FUZZ_KNOWN")))
		known = "";
	for (p = known; (p = strstr(p, name)) != NULL; p += n)
		if ((p == known || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

char *fuzz_cstr(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);

	FUZZ_CHECK(s != NULL);
	if (n)
		memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

/* Length of the well-formed sequence at s (n bytes left), or 0. */
static int utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return (int)len;
}

int fuzz_utf8_ok(const char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		int l = utf8_seq((const unsigned char *)s + i, n - i, &cp);

		if (!l) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)l;
	}
	return 1;
}

int fuzz_utf8_seq(const char *s, size_t n, uint32_t *cp)
{
	return utf8_seq((const unsigned char *)s, n, cp);
}

int fuzz_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	int l = utf8_seq((const unsigned char *)s, n, cp);

	FUZZ_CHECK(l > 0);
	return l;
}

int fuzz_error_ok(void)
{
	const char *m = acc_error_last();

	return m[0] != '\0' && strchr(m, '\n') == NULL;
}

/* ---- in-memory source ------------------------------------------------- */

void fuzz_fs_set(fuzz_fs *fs, const char *path, const char *data, size_t len)
{
	size_t i, freeslot = FUZZ_FS_MAX;

	for (i = 0; i < FUZZ_FS_MAX; i++) {
		if (fs->files[i].path && strcmp(fs->files[i].path, path) == 0) {
			if (!data)
				fs->files[i].path = NULL;
			else
				fs->files[i].data = data, fs->files[i].len = len;
			return;
		}
		if (!fs->files[i].path && freeslot == FUZZ_FS_MAX)
			freeslot = i;
	}
	if (!data)
		return;
	FUZZ_CHECK(freeslot < FUZZ_FS_MAX);
	fs->files[freeslot] = (fuzz_file){path, data, len};
}

void fuzz_fs_sets(fuzz_fs *fs, const char *path, const char *text)
{
	fuzz_fs_set(fs, path, text, text ? strlen(text) : 0);
}

/* Writes the git blob id of the len bytes at data as hex into oid. */
static void blob_id(char oid[ACC_OID_HEXLEN + 1], const char *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char head[32];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int hl = snprintf(head, sizeof(head), "blob %zu", len);

	FUZZ_CHECK(ctx != NULL);
	FUZZ_CHECK(EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1);
	FUZZ_CHECK(EVP_DigestUpdate(ctx, head, (size_t)hl + 1) == 1);
	FUZZ_CHECK(EVP_DigestUpdate(ctx, data, len) == 1);
	FUZZ_CHECK(EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 20);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 20; i++) {
		oid[2 * i] = hex[md[i] >> 4];
		oid[2 * i + 1] = hex[md[i] & 15];
	}
	oid[40] = '\0';
}

/* The file at path, or NULL; *wild tells whether it came from the wildcard. */
static const fuzz_file *fs_find(fuzz_fs *fs, const char *path, fuzz_file *wild)
{
	size_t i, dl;

	for (i = 0; i < FUZZ_FS_MAX; i++)
		if (fs->files[i].path && strcmp(fs->files[i].path, path) == 0)
			return &fs->files[i];
	if (fs->wild_dir && (dl = strlen(fs->wild_dir)) && strncmp(path, fs->wild_dir, dl) == 0 &&
	    path[dl] == '/' && path[dl + 1] && !strchr(path + dl + 1, '/')) {
		*wild = (fuzz_file){path, fs->wild_data, fs->wild_len};
		return wild;
	}
	return NULL;
}

/* acc_source.read over a fuzz_fs. */
static int fs_read(acc_source *src, const char *path, char **data, size_t *len,
		   char oid[ACC_OID_HEXLEN + 1])
{
	fuzz_file wild;
	const fuzz_file *f = fs_find(src->ctx, path, &wild);

	if (oid)
		oid[0] = '\0';
	if (!f)
		return ACC_ENOTFOUND;
	if (!(*data = acc_malloc(f->len + 1)))
		return ACC_ENOMEM;
	if (f->len)
		memcpy(*data, f->data, f->len);
	(*data)[f->len] = '\0';
	if (len)
		*len = f->len;
	if (oid)
		blob_id(oid, f->data, f->len);
	return 0;
}

/* Compares two strings bytewise for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* acc_source.list over a fuzz_fs: the next path component of every file
 * under dir, once each, sorted. */
static int fs_list(acc_source *src, const char *dir, acc_strlist *names)
{
	fuzz_fs *fs = src->ctx;
	size_t i, dl = strlen(dir);
	int rc;

	for (i = 0; i < FUZZ_FS_MAX; i++) {
		const char *p = fs->files[i].path, *name, *slash;
		size_t nl;
		char *tmp;

		if (!p || strncmp(p, dir, dl) != 0 || p[dl] != '/')
			continue;
		name = p + dl + 1;
		slash = strchr(name, '/');
		nl = slash ? (size_t)(slash - name) : strlen(name);
		if (!(tmp = acc_strndup(name, nl)))
			return ACC_ENOMEM;
		rc = acc_strlist_find(names, tmp) >= 0 ? 0 : acc_strlist_add(names, tmp);
		free(tmp);
		if (rc < 0)
			return rc;
	}
	if (names->count)
		qsort(names->items, names->count, sizeof(char *), cmp_str);
	return 0;
}

void fuzz_fs_source(acc_source *src, fuzz_fs *fs)
{
	memset(src, 0, sizeof(*src));
	src->read = fs_read;
	src->list = fs_list;
	src->free = NULL;
	src->ctx = fs;
}

size_t fuzz_split(const uint8_t *d, size_t n, uint8_t sep, const uint8_t **piece, size_t *plen,
		  size_t max)
{
	size_t k = 0, start = 0, i;

	for (i = 0; i < n && k + 1 < max; i++)
		if (d[i] == sep) {
			piece[k] = d + start;
			plen[k++] = i - start;
			start = i + 1;
		}
	piece[k] = d + start;
	plen[k++] = n - start;
	return k;
}

/* ---- state invariants ----------------------------------------------- */

/* Checks a ballot's tally against its electorate in st. */
static void check_ballot(const acc_state *st, const acc_ballot *b)
{
	acc_ballot_entry *e = NULL;
	acc_tally t;
	size_t i, n = 0;

	FUZZ_CHECK(b->quorum_den > 0 && b->quorum_num <= b->quorum_den);
	for (i = 0; i < b->nvotes; i++) {
		FUZZ_CHECK(b->votes[i].org && acc_state_org(st, b->votes[i].org));
		FUZZ_CHECK(b->votes[i].vote >= ACC_VOTE_YES &&
			   b->votes[i].vote <= ACC_VOTE_ABSTAIN);
		FUZZ_CHECK(i == 0 || strcmp(b->votes[i - 1].org, b->votes[i].org) < 0);
	}
	if (b->state == ACC_BALLOT_CLOSED)
		FUZZ_CHECK(b->result == ACC_RESULT_ADOPTED || b->result == ACC_RESULT_REJECTED);
	for (i = 1; i < b->nelectors; i++)
		FUZZ_CHECK(strcmp(b->electors[i - 1].org, b->electors[i].org) < 0);
	FUZZ_CHECK(acc_state_electorate(&e, &n, st, b) == 0);
	acc_rules_tally(&t, e, n, b->rule, b->quorum_num, b->quorum_den, 1);
	FUZZ_CHECK(t.yes + t.no + t.abstain + t.absent == t.members);
	FUZZ_CHECK(t.result == ACC_RESULT_ADOPTED || t.result == ACC_RESULT_REJECTED);
	FUZZ_CHECK(t.reason != NULL);
	free(e);
}

void fuzz_check_state(const acc_state *st)
{
	size_t i, j, chairs = 0;
	acc_buf toc = ACC_BUF_INIT;

	FUZZ_CHECK(st->conv.title && st->conv.chair && st->conv.language && st->conv.preamble);
	FUZZ_CHECK(acc_id_valid(st->conv.chair));
	FUZZ_CHECK(st->conv.quorum_den > 0 && st->conv.quorum_num <= st->conv.quorum_den);
	FUZZ_CHECK(st->conv.rat_quorum_den > 0 &&
		   st->conv.rat_quorum_num <= st->conv.rat_quorum_den);
	for (i = 0; i < st->nclauses; i++) {
		const acc_clause *c = &st->clauses[i];

		FUZZ_CHECK(acc_id_valid(c->id));
		FUZZ_CHECK(c->depth >= 0 && c->depth < 8);
		FUZZ_CHECK(i > 0 ? c->depth <= st->clauses[i - 1].depth + 1 : c->depth == 0);
		FUZZ_CHECK(c->container ==
			   (i + 1 < st->nclauses && st->clauses[i + 1].depth > c->depth));
		FUZZ_CHECK(memchr(c->number, '\0', sizeof(c->number)) != NULL && c->number[0]);
		FUZZ_CHECK(c->heading && c->text);
		FUZZ_CHECK(acc_state_clause(st, c->id) == c);
		FUZZ_CHECK(strlen(c->blob) == ACC_OID_HEXLEN);
	}
	FUZZ_CHECK(acc_toc_write(&toc, st->clauses, st->nclauses) == 0);
	acc_buf_free(&toc);
	for (i = 0; i < st->norgs; i++) {
		const acc_org *o = &st->orgs[i];

		FUZZ_CHECK(acc_id_valid(o->id) && o->name);
		FUZZ_CHECK(i == 0 || strcmp(st->orgs[i - 1].id, o->id) < 0);
		FUZZ_CHECK(acc_state_org(st, o->id) == o);
		FUZZ_CHECK(o->weight >= 1 && o->weight <= 1000000);
		FUZZ_CHECK(o->role <= ACC_ROLE_OBSERVER);
		chairs += o->role == ACC_ROLE_CHAIR;
		for (j = 0; j < o->ndelegates; j++) {
			const acc_org *owner = NULL;
			const acc_delegate *d = NULL;

			FUZZ_CHECK(o->delegates[j].name && o->delegates[j].email);
			FUZZ_CHECK(acc_email_valid(o->delegates[j].email));
			FUZZ_CHECK(acc_state_delegate(&owner, &d, st, o->delegates[j].email) == 0);
			FUZZ_CHECK(owner == o && d == &o->delegates[j]); /* emails are unique */
		}
	}
	FUZZ_CHECK(chairs == 1);
	FUZZ_CHECK(acc_state_org(st, st->conv.chair)->role == ACC_ROLE_CHAIR);
	for (i = 0; i < st->namendments; i++) {
		const acc_amendment *a = &st->amendments[i];
		char *org = NULL, *id;
		unsigned seq = 0;

		FUZZ_CHECK(a->id && a->sponsor && a->clause && a->text);
		FUZZ_CHECK(acc_state_org(st, a->sponsor) != NULL);
		FUZZ_CHECK(acc_amendment_id_split(&org, &seq, a->id) == 0);
		FUZZ_CHECK(strcmp(org, a->sponsor) == 0 && seq == a->seq);
		free(org);
		FUZZ_CHECK((id = acc_sprintf("%s-%u", a->sponsor, a->seq)) != NULL);
		FUZZ_CHECK(strcmp(id, a->id) == 0);
		free(id);
		FUZZ_CHECK(acc_state_amendment(st, a->id) == a);
		FUZZ_CHECK(a->status <= ACC_ST_STALE);
		FUZZ_CHECK(a->op <= ACC_OP_DELETE);
		FUZZ_CHECK(strlen(a->base) == ACC_OID_HEXLEN);
		FUZZ_CHECK(acc_amendment_effective_text(st, a) != NULL);
		if (a->amends)
			FUZZ_CHECK(acc_state_amendment(st, a->amends) != NULL);
		check_ballot(st, &a->ballot);
	}
	check_ballot(st, &st->ratification);
	/* the chair's voting orders name clauses and amendments by id, as
	 * build_order writes them (model.h: the loader checks "ids") */
	if (!fuzz_known("state-agenda-unchecked"))
		for (i = 0; i < st->agenda_clause.count; i++) {
			FUZZ_CHECK(acc_id_valid(st->agenda_clause.items[i]));
			for (j = 0; j < st->agenda[i].count; j++)
				FUZZ_CHECK(acc_id_valid(st->agenda[i].items[j]));
		}
	for (i = 0; i < st->nsignatures; i++)
		FUZZ_CHECK(acc_state_org(st, st->signatures[i].org) && st->signatures[i].delegate &&
			   st->signatures[i].date);
}
