/* model: a whole state written to a file and read back, field by field
 * (accord/snapshot.h).  One visitor per structure serves both directions,
 * so what is written is what is read.  The file: a header line naming the
 * format version and the layout of the structures, the commit it is bound
 * to, the fields (numbers as LEB128, strings as length + 1 then bytes, 0
 * for NULL), and the SHA-256 of all that. */
#include "accord/snapshot.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "accord/bracket.h"
#include "internal.h"

/* The format: a change of what is written bumps it. */
#define SNAPSHOT_VERSION 2
#define DIGEST_LEN	 32

/*
 * Every field of these structures is written below.  A field added to one
 * of them must be added to its visitor (and SNAPSHOT_VERSION bumped): the
 * sizes, checked here on the usual 64-bit platforms, make the build say so.
 */
#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(acc_state) == 3408, "acc_state changed: update snapshot.c");
_Static_assert(sizeof(acc_convention) == 2864, "acc_convention changed: update snapshot.c");
_Static_assert(sizeof(acc_final_clauses) == 2504, "acc_final_clauses changed: update snapshot.c");
_Static_assert(sizeof(acc_text_form) == 64, "acc_text_form changed: update snapshot.c");
_Static_assert(sizeof(acc_strlist) == 24, "acc_strlist changed: update snapshot.c");
_Static_assert(sizeof(acc_clause) == 144, "acc_clause changed: update snapshot.c");
_Static_assert(sizeof(acc_org) == 64, "acc_org changed: update snapshot.c");
_Static_assert(sizeof(acc_delegate) == 32, "acc_delegate changed: update snapshot.c");
_Static_assert(sizeof(acc_amendment) == 464, "acc_amendment changed: update snapshot.c");
_Static_assert(sizeof(acc_ballot) == 192, "acc_ballot changed: update snapshot.c");
_Static_assert(sizeof(acc_elector) == 16, "acc_elector changed: update snapshot.c");
_Static_assert(sizeof(acc_vote_rec) == 24, "acc_vote_rec changed: update snapshot.c");
_Static_assert(sizeof(acc_recorded_vote) == 32, "acc_recorded_vote changed: update snapshot.c");
_Static_assert(sizeof(acc_explanation) == 24, "acc_explanation changed: update snapshot.c");
_Static_assert(sizeof(acc_signature) == 40, "acc_signature changed: update snapshot.c");
_Static_assert(sizeof(acc_treaty) == 88, "acc_treaty changed: update snapshot.c");
_Static_assert(sizeof(acc_reservation) == 48, "acc_reservation changed: update snapshot.c");
_Static_assert(sizeof(acc_objection) == 56, "acc_objection changed: update snapshot.c");
_Static_assert(sizeof(acc_instrument) == 40, "acc_instrument changed: update snapshot.c");
_Static_assert(sizeof(acc_notification) == 72, "acc_notification changed: update snapshot.c");
_Static_assert(sizeof(acc_denunciation) == 40, "acc_denunciation changed: update snapshot.c");
_Static_assert(sizeof(acc_bracket) == 192, "acc_bracket changed: update snapshot.c");
_Static_assert(sizeof(acc_bracket_choice) == 24, "acc_bracket_choice changed: update snapshot.c");
_Static_assert(sizeof(acc_translation) == 168, "acc_translation changed: update snapshot.c");
#endif

/* One direction of the copy, and how it went. */
typedef struct {
	FILE *f;
	int reading;
	int bad;	/* reading: it does not parse; writing: a write failed */
	int nomem;	/* an allocation failed */
	uint64_t left;	/* reading: bytes of fields left */
	EVP_MD_CTX *md; /* writing: the running checksum */
} codec;

/* Copies n bytes between p and the file. */
static void raw(codec *k, void *p, size_t n)
{
	if (k->bad || k->nomem || !n)
		return;
	if (!k->reading) {
		if (fwrite(p, 1, n, k->f) != n || EVP_DigestUpdate(k->md, p, n) != 1)
			k->bad = 1;
		return;
	}
	if (n > k->left || fread(p, 1, n, k->f) != n) {
		k->bad = 1;
		memset(p, 0, n);
		return;
	}
	k->left -= n;
}

/* Copies an unsigned number (LEB128). */
static void num(codec *k, uint64_t *v)
{
	unsigned char b;
	unsigned shift = 0;
	uint64_t x = *v;

	if (!k->reading) {
		do {
			b = (unsigned char)(x & 0x7f);
			x >>= 7;
			if (x)
				b |= 0x80;
			raw(k, &b, 1);
		} while (x);
		return;
	}
	*v = 0;
	do {
		b = 0;
		raw(k, &b, 1);
		if (shift > 63) {
			k->bad = 1;
			return;
		}
		*v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while ((b & 0x80) && !k->bad);
}

/* Copies an unsigned. */
static void uns(codec *k, unsigned *v)
{
	uint64_t t = *v;

	num(k, &t);
	if (t > UINT32_MAX)
		k->bad = 1;
	if (k->reading)
		*v = (unsigned)t;
}

/* Copies an unsigned long. */
static void ulong_(codec *k, unsigned long *v)
{
	uint64_t t = *v;

	num(k, &t);
	if (k->reading)
		*v = (unsigned long)t;
}

/* Copies a size. */
static void size(codec *k, size_t *v)
{
	uint64_t t = *v;

	num(k, &t);
	if (k->reading)
		*v = (size_t)t;
}

/* Copies an int (zigzag). */
static void sint(codec *k, int *v)
{
	uint64_t t = ((uint64_t)(int64_t)*v << 1) ^ (uint64_t)((int64_t)*v >> 63);

	num(k, &t);
	if (k->reading)
		*v = (int)((int64_t)(t >> 1) ^ -(int64_t)(t & 1));
}

/* Copies an enumeration (held as an int). */
#define ENUM(k, p)                                                                                 \
	do {                                                                                       \
		int t_ = (int)*(p);                                                                \
		sint(k, &t_);                                                                      \
		if ((k)->reading)                                                                  \
			*(p) = t_;                                                                 \
	} while (0)

/* Copies a string that may be NULL. */
static void str(codec *k, char **p)
{
	uint64_t n = *p ? strlen(*p) + 1 : 0;

	num(k, &n);
	if (!k->reading) {
		raw(k, *p, n ? (size_t)n - 1 : 0);
		return;
	}
	*p = NULL;
	if (!n || k->bad)
		return;
	if (n - 1 > k->left) {
		k->bad = 1;
		return;
	}
	if (!(*p = acc_malloc((size_t)n))) {
		k->nomem = 1;
		return;
	}
	raw(k, *p, (size_t)n - 1);
	(*p)[n - 1] = '\0';
}

/* Copies a string held in a buffer of cap bytes. */
static void fixed(codec *k, char *buf, size_t cap)
{
	uint64_t n = strnlen(buf, cap - 1);

	num(k, &n);
	if (k->reading && n >= cap)
		k->bad = 1;
	raw(k, buf, k->bad ? 0 : (size_t)n);
	if (k->reading)
		buf[k->bad ? 0 : n] = '\0';
}
#define FIXED(k, a) fixed(k, a, sizeof(a))

/* Copies a list of strings. */
static void strlist(codec *k, acc_strlist *l)
{
	size_t i, n = l->count;

	size(k, &n);
	if (k->reading) {
		memset(l, 0, sizeof(*l));
		if (k->bad || !n)
			return;
		if (n > k->left) {
			k->bad = 1;
			return;
		}
		if (!(l->items = acc_calloc(n, sizeof(char *)))) {
			k->nomem = 1;
			return;
		}
		l->count = l->alloc = n;
	}
	for (i = 0; i < n; i++)
		str(k, &l->items[i]);
}

/* Copies an array of n elements of elsize bytes, each by fn; read, it is
 * allocated zeroed (what the state's free functions expect of a part
 * read). */
static void array(codec *k, void **arr, size_t *n, size_t elsize, void (*fn)(codec *, void *))
{
	size_t i;

	size(k, n);
	if (k->reading) {
		size_t want = *n;

		*arr = NULL;
		*n = 0;
		if (k->bad || !want)
			return;
		if (want > k->left) {
			k->bad = 1;
			return;
		}
		if (!(*arr = acc_calloc(want, elsize))) {
			k->nomem = 1;
			return;
		}
		*n = want;
	}
	for (i = 0; i < *n; i++)
		fn(k, (char *)*arr + i * elsize);
}
#define ARRAY(k, a, n, fn) array(k, (void **)&(a), &(n), sizeof(*(a)), fn)

/* An elector (an array element). */
static void e_elector(codec *k, void *p)
{
	acc_elector *e = p;

	str(k, &e->org);
	uns(k, &e->weight);
}

/* A vote that counts. */
static void e_vote(codec *k, void *p)
{
	acc_vote_rec *v = p;

	str(k, &v->org);
	ENUM(k, &v->vote);
	str(k, &v->delegate);
	sint(k, &v->recorded);
}

/* A vote recorded by the chair. */
static void e_recorded(codec *k, void *p)
{
	acc_recorded_vote *v = p;

	str(k, &v->org);
	ENUM(k, &v->vote);
	ENUM(k, &v->response);
	str(k, &v->reason);
	sint(k, &v->overridden);
}

/* An explanation of vote. */
static void e_explanation(codec *k, void *p)
{
	acc_explanation *x = p;

	str(k, &x->org);
	str(k, &x->delegate);
	str(k, &x->text);
}

/* A ballot, trimmed or not. */
static void ballot(codec *k, acc_ballot *b)
{
	ENUM(k, &b->state);
	ENUM(k, &b->rule);
	uns(k, &b->quorum_num);
	uns(k, &b->quorum_den);
	ARRAY(k, b->electors, b->nelectors, e_elector);
	sint(k, &b->has_electorate);
	ENUM(k, &b->result);
	uns(k, &b->yes);
	uns(k, &b->no);
	uns(k, &b->abstain);
	uns(k, &b->absent);
	ulong_(k, &b->w_yes);
	ulong_(k, &b->w_no);
	ulong_(k, &b->w_abstain);
	ulong_(k, &b->w_absent);
	sint(k, &b->weighted);
	sint(k, &b->quorum_met);
	str(k, &b->fallen_by);
	/* roll_shared is not written: the strings are, each read back its own */
	ARRAY(k, b->votes, b->nvotes, e_vote);
	ARRAY(k, b->recorded, b->nrecorded, e_recorded);
	uns(k, &b->round);
	str(k, &b->recorder);
	ARRAY(k, b->explanations, b->nexplanations, e_explanation);
	str(k, &b->lang_only);
	sint(k, &b->trimmed);
}

/* Copies n strings of the arrays of cap bytes at a (at most max). */
static void fixed_list(codec *k, char *a, size_t cap, size_t *n, size_t max)
{
	size_t i;

	size(k, n);
	if (*n > max) {
		k->bad = 1;
		*n = 0;
	}
	for (i = 0; i < *n; i++)
		fixed(k, a + i * cap, cap);
}

/* The final clauses (their strings up to their ends: what follows an end
 * in a buffer is not the record's). */
static void final_clauses(codec *k, acc_final_clauses *f)
{
	sint(k, &f->present);
	FIXED(k, f->depositary);
	FIXED(k, f->depositary_title);
	uns(k, &f->signature_months);
	uns(k, &f->instruments);
	uns(k, &f->eif_instruments);
	uns(k, &f->eif_days);
	uns(k, &f->later_days);
	ENUM(k, &f->reservations);
	fixed_list(k, &f->resv_articles[0][0], sizeof(f->resv_articles[0]), &f->nresv_articles,
		   ACC_FINAL_MAX);
	uns(k, &f->declarations);
	FIXED(k, f->tech_type);
	uns(k, &f->tech_days);
	fixed_list(k, &f->languages[0][0], sizeof(f->languages[0]), &f->nlanguages, ACC_FINAL_MAX);
	uns(k, &f->objection_months);
	uns(k, &f->withdrawal_months);
}

/* The convention record. */
static void convention(codec *k, acc_convention *c)
{
	str(k, &c->title);
	str(k, &c->short_title);
	str(k, &c->language);
	str(k, &c->chair);
	str(k, &c->preamble);
	ENUM(k, &c->rule);
	ENUM(k, &c->ratification_rule);
	uns(k, &c->quorum_num);
	uns(k, &c->quorum_den);
	uns(k, &c->rat_quorum_num);
	uns(k, &c->rat_quorum_den);
	sint(k, &c->signatures_required);
	sint(k, &c->chair_line);
	strlist(k, &c->facilitators);
	final_clauses(k, &c->final);
	strlist(k, &c->languages);
	strlist(k, &c->authentic);
	strlist(k, &c->translators);
	strlist(k, &c->form.levels);
	strlist(k, &c->form.annexes);
	str(k, &c->form.done_at);
	str(k, &c->form.testimonium);
	FIXED(k, c->blob);
	FIXED(k, c->title_blob);
	FIXED(k, c->preamble_blob);
}

/* A clause. */
static void e_clause(codec *k, void *p)
{
	acc_clause *c = p;

	str(k, &c->id);
	sint(k, &c->depth);
	sint(k, &c->container);
	FIXED(k, c->number);
	str(k, &c->heading);
	str(k, &c->text);
	FIXED(k, c->blob);
	sint(k, &c->toc_line);
	sint(k, &c->annex);
	FIXED(k, c->word);
}

/* A delegate. */
static void e_delegate(codec *k, void *p)
{
	acc_delegate *d = p;

	str(k, &d->name);
	str(k, &d->email);
	str(k, &d->key);
	sint(k, &d->line);
}

/* An organisation. */
static void e_org(codec *k, void *p)
{
	acc_org *o = p;

	str(k, &o->id);
	str(k, &o->name);
	str(k, &o->type);
	str(k, &o->description);
	ENUM(k, &o->role);
	uns(k, &o->weight);
	ARRAY(k, o->delegates, o->ndelegates, e_delegate);
	sint(k, &o->role_line);
}

/* An amendment and its ballot. */
static void e_amendment(codec *k, void *p)
{
	acc_amendment *a = p;

	str(k, &a->id);
	str(k, &a->sponsor);
	str(k, &a->clause);
	str(k, &a->amends);
	str(k, &a->new_clause);
	str(k, &a->heading);
	str(k, &a->rationale);
	uns(k, &a->seq);
	ENUM(k, &a->op);
	strlist(k, &a->cosponsors);
	strlist(k, &a->invited);
	strlist(k, &a->cosponsor_lines);
	strlist(k, &a->supersedes);
	FIXED(k, a->base);
	FIXED(k, a->blob);
	str(k, &a->text);
	sint(k, &a->withdrawn);
	ballot(k, &a->ballot);
	ENUM(k, &a->status);
}

/* A signature. */
static void e_signature(codec *k, void *p)
{
	acc_signature *s = p;

	str(k, &s->org);
	str(k, &s->delegate);
	str(k, &s->date);
	str(k, &s->declaration);
	sint(k, &s->subject);
}

/* A reservation. */
static void e_reservation(codec *k, void *p)
{
	acc_reservation *x = p;

	str(k, &x->org);
	str(k, &x->article);
	str(k, &x->delegate);
	str(k, &x->date);
	str(k, &x->text);
	str(k, &x->withdrawn);
}

/* An objection. */
static void e_objection(codec *k, void *p)
{
	acc_objection *x = p;

	str(k, &x->org);
	str(k, &x->reserver);
	str(k, &x->article);
	str(k, &x->delegate);
	str(k, &x->date);
	str(k, &x->text);
	sint(k, &x->precludes);
}

/* An instrument. */
static void e_instrument(codec *k, void *p)
{
	acc_instrument *x = p;

	str(k, &x->org);
	str(k, &x->kind);
	str(k, &x->delegate);
	str(k, &x->date);
	str(k, &x->text);
}

/* A notification. */
static void e_notification(codec *k, void *p)
{
	acc_notification *x = p;

	uns(k, &x->n);
	str(k, &x->delegate);
	str(k, &x->date);
	str(k, &x->org);
	str(k, &x->kind);
	str(k, &x->deposited);
	uns(k, &x->count);
	str(k, &x->entry_into_force);
	str(k, &x->text);
}

/* A denunciation. */
static void e_denunciation(codec *k, void *p)
{
	acc_denunciation *x = p;

	str(k, &x->org);
	str(k, &x->delegate);
	str(k, &x->date);
	str(k, &x->effective);
	str(k, &x->text);
}

/* What the parties did after the vote on the text. */
static void treaty(codec *k, acc_treaty *t)
{
	str(k, &t->adopted);
	ARRAY(k, t->reservations, t->nreservations, e_reservation);
	ARRAY(k, t->objections, t->nobjections, e_objection);
	ARRAY(k, t->instruments, t->ninstruments, e_instrument);
	ARRAY(k, t->notifications, t->nnotifications, e_notification);
	ARRAY(k, t->denunciations, t->ndenunciations, e_denunciation);
}

/* A bracket's choice (support or vote). */
static void e_choice(codec *k, void *p)
{
	acc_bracket_choice *c = p;

	str(k, &c->org);
	uns(k, &c->option);
	str(k, &c->delegate);
}

/* An option's text (an element of a bracket's options). */
static void e_text(codec *k, void *p)
{
	str(k, p);
}

/* A bracket. */
static void e_bracket(codec *k, void *p)
{
	acc_bracket *b = p;

	str(k, &b->id);
	str(k, &b->org);
	str(k, &b->clause);
	str(k, &b->span);
	str(k, &b->delegate);
	uns(k, &b->seq);
	uns(k, &b->occurrence);
	FIXED(k, b->base);
	ARRAY(k, b->options, b->noptions, e_text);
	ARRAY(k, b->support, b->nsupport, e_choice);
	ENUM(k, &b->ballot);
	ENUM(k, &b->rule);
	uns(k, &b->quorum_num);
	uns(k, &b->quorum_den);
	ARRAY(k, b->electors, b->nelectors, e_elector);
	ARRAY(k, b->votes, b->nvotes, e_choice);
	uns(k, &b->chosen);
	uns(k, &b->resolved);
	str(k, &b->resolved_by);
}

/* A translation. */
static void e_translation(codec *k, void *p)
{
	acc_translation *t = p;

	str(k, &t->lang);
	str(k, &t->clause);
	str(k, &t->heading);
	str(k, &t->text);
	str(k, &t->by);
	FIXED(k, t->base);
	FIXED(k, t->blob);
	FIXED(k, t->convention);
}

/* A sorted index of n elements (NULL when the state has none). */
static void order(codec *k, size_t **o, size_t n)
{
	int have = *o != NULL;
	size_t i;

	sint(k, &have);
	if (k->reading) {
		*o = NULL;
		if (!have || k->bad)
			return;
		if (n > k->left) {
			k->bad = 1;
			return;
		}
		if (!(*o = acc_calloc(n ? n : 1, sizeof(size_t)))) {
			k->nomem = 1;
			return;
		}
	}
	for (i = 0; i < n; i++) {
		size(k, &(*o)[i]);
		if (k->reading && (*o)[i] >= n)
			k->bad = 1;
	}
}

/* The whole state. */
static void state(codec *k, acc_state *st)
{
	size_t i, n;

	convention(k, &st->conv);
	ARRAY(k, st->clauses, st->nclauses, e_clause);
	ARRAY(k, st->orgs, st->norgs, e_org);
	ARRAY(k, st->amendments, st->namendments, e_amendment);
	ballot(k, &st->ratification);
	ARRAY(k, st->signatures, st->nsignatures, e_signature);
	treaty(k, &st->treaty);
	strlist(k, &st->agenda_clause);
	n = st->agenda_clause.count;
	/* one list per clause of agenda_clause (what acc_state_free walks) */
	if (k->reading && n && !(st->agenda = acc_calloc(n, sizeof(acc_strlist)))) {
		k->nomem = 1;
		acc_strlist_free(&st->agenda_clause);
		n = 0;
	}
	for (i = 0; i < n; i++)
		strlist(k, &st->agenda[i]);
	FIXED(k, st->toc_blob);
	ARRAY(k, st->brackets, st->nbrackets, e_bracket);
	sint(k, &st->trim_closed);
	order(k, &st->clause_order, st->nclauses);
	order(k, &st->amendment_order, st->namendments);
	ARRAY(k, st->translations, st->ntranslations, e_translation);
	sint(k, &st->partial); /* 0, as orgs_block (only a partial state has it) */
	FIXED(k, st->commit);
	/* roll_strings is not written: a whole state has none (an export's
	 * own, src/model/rollcall.c), and its ballots own their strings */
}

/* The header line: the format and the layout of the structures it holds. */
static void header(char *out, size_t n)
{
	snprintf(out, n, "accord-verified-state %d %zu.%zu.%zu.%zu.%zu\n", SNAPSHOT_VERSION,
		 sizeof(acc_state), sizeof(acc_amendment), sizeof(acc_ballot), sizeof(acc_bracket),
		 sizeof(acc_convention));
}

int acc_state_snapshot_write(FILE *f, const acc_state *st)
{
	codec k;
	char head[128];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	acc_state copy;

	if (st->partial || strlen(st->commit) != ACC_OID_HEXLEN)
		return acc_error_set(ACC_EINVAL, "a snapshot holds a whole state at a commit");
	memset(&k, 0, sizeof(k));
	k.f = f;
	if (!(k.md = EVP_MD_CTX_new()) || EVP_DigestInit_ex(k.md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(k.md);
		return acc_error_set(ACC_ERROR, "cannot hash the snapshot");
	}
	header(head, sizeof(head));
	raw(&k, head, strlen(head));
	raw(&k, (void *)st->commit, ACC_OID_HEXLEN);
	copy = *st; /* the visitor takes pointers; writing changes nothing */
	state(&k, &copy);
	if (EVP_DigestFinal_ex(k.md, md, &mdlen) != 1 || mdlen != DIGEST_LEN ||
	    fwrite(md, 1, DIGEST_LEN, f) != DIGEST_LEN)
		k.bad = 1;
	EVP_MD_CTX_free(k.md);
	if (k.bad || fflush(f) != 0 || ferror(f))
		return acc_error_set(ACC_ERROR, "cannot write the snapshot");
	return 0;
}

/* 0 when the SHA-256 of the first n bytes of f is the DIGEST_LEN bytes
 * after them. */
static int check_digest(FILE *f, uint64_t n)
{
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE], want[DIGEST_LEN];
	unsigned int mdlen = 0;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int ok = m && EVP_DigestInit_ex(m, EVP_sha256(), NULL) == 1;

	while (ok && n) {
		size_t step = n < sizeof(buf) ? (size_t)n : sizeof(buf);

		ok = fread(buf, 1, step, f) == step && EVP_DigestUpdate(m, buf, step) == 1;
		n -= step;
	}
	ok = ok && EVP_DigestFinal_ex(m, md, &mdlen) == 1 && mdlen == DIGEST_LEN &&
	     fread(want, 1, DIGEST_LEN, f) == DIGEST_LEN && memcmp(md, want, DIGEST_LEN) == 0;
	EVP_MD_CTX_free(m);
	return ok ? 0 : ACC_EINVAL;
}

int acc_state_snapshot_read(acc_state **out, FILE *f, const char *commit)
{
	codec k;
	char head[128], got[128], id[ACC_OID_HEXLEN + 1];
	struct stat sb;
	size_t hl;
	acc_state *st;

	*out = NULL;
	header(head, sizeof(head));
	hl = strlen(head);
	if (fstat(fileno(f), &sb) < 0 || (uint64_t)sb.st_size < hl + ACC_OID_HEXLEN + DIGEST_LEN ||
	    fread(got, 1, hl, f) != hl || memcmp(got, head, hl) != 0 ||
	    fread(id, 1, ACC_OID_HEXLEN, f) != ACC_OID_HEXLEN)
		return ACC_ENOTFOUND; /* another format (or not one) */
	id[ACC_OID_HEXLEN] = '\0';
	if (strcmp(id, commit) != 0)
		return ACC_ENOTFOUND;
	/* the whole file first: nothing is parsed from a damaged one */
	if (fseek(f, 0, SEEK_SET) != 0 || check_digest(f, (uint64_t)sb.st_size - DIGEST_LEN) < 0 ||
	    fseek(f, (long)(hl + ACC_OID_HEXLEN), SEEK_SET) != 0)
		return acc_error_set(ACC_EINVAL, "the snapshot of %.12s is damaged", commit);
	if (!(st = acc_calloc(1, sizeof(*st))))
		return ACC_ENOMEM;
	memset(&k, 0, sizeof(k));
	k.f = f;
	k.reading = 1;
	k.left = (uint64_t)sb.st_size - DIGEST_LEN - hl - ACC_OID_HEXLEN;
	state(&k, st);
	if (k.nomem) {
		acc_state_free(st);
		return ACC_ENOMEM;
	}
	if (k.bad || k.left || st->partial || strcmp(st->commit, commit) != 0) {
		acc_state_free(st);
		return acc_error_set(ACC_EINVAL, "the snapshot of %.12s does not parse", commit);
	}
	*out = st;
	return 0;
}
