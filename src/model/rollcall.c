/*
 * model rollcall: a closed ballot's Roll-Call and Elector lines read in one
 * pass over the file, without a record of 2,000 fields on the way: what
 * the Akoma Ntoso and CSV exports of a design-scale convention (6,500
 * ballots, a million roll-call lines) spend most of their load on.  Any
 * line it does not read exactly as the record parser and the ballot
 * loader would (ballots.c) is left to them, so that they say what is
 * wrong: the result is the same either way.
 *
 * A ballot read so owns none of its votes' and electors' strings
 * (acc_ballot.roll_shared): each organisation is the state's own id
 * (st->orgs[i].id), each delegate a string kept once in the state's
 * acc_roll_strings, freed with the state (acc_state_free).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* One block of kept strings, chained to the one filled before it. */
typedef struct roll_block {
	struct roll_block *prev;
	size_t used, cap;
	char data[];
} roll_block;

struct acc_roll_strings {
	roll_block *top; /* the block being filled */
	/* by organisation (index in st->orgs): the last delegate kept for
	 * its own votes, and whether its id is valid (acc_id_valid) */
	char **last;
	unsigned char *valid;
	size_t norgs;
	char *last_recorded; /* the last recording delegate kept */
};

int acc_model_roll_strings_new(acc_state *st)
{
	if (st->roll_strings)
		return 0;
	return (st->roll_strings = acc_calloc(1, sizeof(*st->roll_strings))) ? 0 : ACC_ENOMEM;
}

void acc_model_roll_strings_free(acc_roll_strings *p)
{
	roll_block *b, *prev;

	if (!p)
		return;
	for (b = p->top; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	free(p->last);
	free(p->valid);
	free(p);
}

/* Sizes p's tables to st's organisations (kept as they were when they
 * have not changed in number; an organisation's slot only caches). */
static int strings_fit(acc_roll_strings *p, const acc_state *st)
{
	size_t i;

	if (p->norgs == st->norgs && (p->last || !st->norgs))
		return 0;
	free(p->last);
	free(p->valid);
	p->norgs = 0;
	if (!(p->last = acc_calloc(st->norgs + 1, sizeof(*p->last))) ||
	    !(p->valid = acc_calloc(st->norgs + 1, 1)))
		return ACC_ENOMEM;
	for (i = 0; i < st->norgs; i++)
		p->valid[i] = st->orgs[i].id && acc_id_valid(st->orgs[i].id);
	p->norgs = st->norgs;
	return 0;
}

/* 1 when the n bytes at v are printable ASCII. */
static int plain(const char *v, size_t n)
{
	unsigned bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		bad |= (unsigned)(c < 0x20) | (unsigned)(c > 0x7e);
	}
	return !bad;
}

/* The string of the n bytes at s kept in p: *slot when it holds them (a
 * delegate votes for its organisation ballot after ballot), else a new
 * copy, which *slot then holds; "" (not kept) when they are not printable
 * ASCII, NULL when out of memory. */
static char *strings_keep(acc_roll_strings *p, char **slot, const char *s, size_t n)
{
	roll_block *b = p->top;
	char *out;

	if (*slot && strncmp(*slot, s, n) == 0 && (*slot)[n] == '\0')
		return *slot; /* the same bytes, checked when kept */
	if (!plain(s, n))
		return (char *)""; /* not printable: the caller leaves the line */
	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;

		if (!(b = acc_malloc(sizeof(*b) + cap)))
			return NULL;
		b->prev = p->top;
		b->used = 0;
		b->cap = cap;
		p->top = b;
	}
	out = b->data + b->used;
	memcpy(out, s, n);
	out[n] = '\0';
	b->used += n + 1;
	return *slot = out;
}

/* Compares the id with the n bytes at s, as strcmp would compare them as
 * a string (s holds no NUL). */
static int id_cmp(const char *id, const char *s, size_t n)
{
	size_t i;

	/* byte by byte: an id is some ten bytes, shorter than a call */
	for (i = 0; i < n; i++)
		if (id[i] != s[i] || !id[i]) /* an id's end sorts first */
			return (unsigned char)id[i] < (unsigned char)s[i] ? -1 : 1;
	return id[n] != '\0';
}

/* Finds the organisation named by the n bytes at s in st->orgs, from *at
 * on (lines and organisations are both sorted): 0 with *at on it, 1 when
 * it is not there (the line is left to the loader). */
static int org_step(const acc_state *st, size_t *at, const char *s, size_t n)
{
	int c = -1;

	while (*at < st->norgs && st->orgs[*at].id && (c = id_cmp(st->orgs[*at].id, s, n)) < 0)
		(*at)++;
	return *at < st->norgs && st->orgs[*at].id && c == 0 ? 0 : 1;
}

/* Reads "<org> <weight>" (the n bytes at v) into the next elector of b
 * (as load_electors): 1 when the line is not one it takes; *at: where in
 * st->orgs the last elector was, *next: past it. */
static int fast_elector(acc_ballot *b, const acc_state *st, const acc_roll_strings *p, size_t *at,
			size_t *next, const char *v, size_t n)
{
	const char *sp = memchr(v, ' ', n), *w;
	size_t wn, i;
	unsigned long weight = 0;
	acc_elector *el;

	if (!sp)
		return 1;
	/* the weight, as acc_model_uint_parse reads it */
	w = sp + 1;
	wn = n - (size_t)(w - v);
	if (wn == 0 || wn > 9 || (w[0] == '0' && wn > 1))
		return 1;
	for (i = 0; i < wn; i++) {
		if (w[i] < '0' || w[i] > '9')
			return 1;
		weight = weight * 10 + (unsigned long)(w[i] - '0');
	}
	if (weight == 0 || weight > 1000000)
		return 1;
	/* an organisation of the registry (one that is not, though it may
	 * vote, is left to the loader), past the last */
	if (org_step(st, at, v, (size_t)(sp - v)) != 0 || !p->valid[*at] ||
	    (b->nelectors > 0 && *at < *next))
		return 1;
	*next = *at + 1;
	el = &b->electors[b->nelectors++];
	el->org = st->orgs[*at].id;
	el->weight = (unsigned)weight;
	b->has_electorate = 1;
	return 0;
}

/* Reads "<org> <vote>[ recorded] [<delegate>]" (the n bytes at v) into
 * the next vote of b (as load_roll_call): 1 when the line is not one it
 * takes; *at: where in st->orgs the last line's organisation was, *next:
 * past it. */
static int fast_vote(acc_ballot *b, const acc_state *st, acc_roll_strings *p, size_t *at,
		     size_t *next, const char *v, size_t n)
{
	const char *end = v + n, *sp1 = memchr(v, ' ', n), *sp2, *word;
	acc_vote_rec *rec;
	char buf[16];
	size_t len;
	acc_vote vote;

	if (!sp1)
		return 1;
	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	/* the organisations are sorted and each once (acc_state_org), and so
	 * are the lines: the next one is found from the last, and a line in
	 * order is one found past the last line's */
	if (org_step(st, at, v, (size_t)(sp1 - v)) != 0 || (b->nvotes > 0 && *at < *next))
		return 1;
	*next = *at + 1;
	word = sp1 + 1;
	len = sp2 ? (size_t)(sp2 - word) : (size_t)(end - word);
	if (len >= 15)
		return 1;
	/* the three words a roll-call holds, else as acc_vote_parse reads */
	if (len == 3 && memcmp(word, "yes", 3) == 0)
		vote = ACC_VOTE_YES;
	else if (len == 2 && memcmp(word, "no", 2) == 0)
		vote = ACC_VOTE_NO;
	else if (len == 7 && memcmp(word, "abstain", 7) == 0)
		vote = ACC_VOTE_ABSTAIN;
	else {
		if (!plain(word, len))
			return 1;
		memcpy(buf, word, len);
		buf[len] = '\0';
		if (acc_vote_parse(&vote, buf) < 0)
			return 1;
	}
	rec = &b->votes[b->nvotes++];
	rec->org = st->orgs[*at].id;
	rec->vote = vote;
	rec->recorded = 0;
	rec->delegate = NULL;
	if (sp2 && (size_t)(end - sp2 - 1) >= 9 && memcmp(sp2 + 1, "recorded ", 9) == 0) {
		rec->recorded = 1;
		sp2 += 9;
	}
	if (sp2) {
		const char *d = sp2 + 1;
		size_t dn = (size_t)(end - d);

		if (!(rec->delegate = strings_keep(
			  p, rec->recorded ? &p->last_recorded : &p->last[*at], d, dn)))
			return ACC_ENOMEM;
		if (!*rec->delegate) {
			rec->delegate = NULL; /* not printable: left to the loader */
			return 1;
		}
	}
	return 0;
}

/* Empties what acc_model_rolls_fast put in b. */
static void rolls_drop(acc_ballot *b)
{
	free(b->votes);
	free(b->electors);
	b->votes = NULL;
	b->electors = NULL;
	b->roll_shared = 0;
	b->nvotes = b->nelectors = 0;
	b->has_electorate = 0;
}

/* Gives each elector of b its own string (its votes are read apart). */
static int shared_leave(acc_ballot *b)
{
	size_t i;

	for (i = 0; i < b->nelectors; i++)
		if (!(b->electors[i].org = acc_strdup(b->electors[i].org))) {
			while (i-- > 0)
				free(b->electors[i].org);
			b->nelectors = 0;
			return ACC_ENOMEM;
		}
	b->roll_shared = 0;
	return 0;
}

/* Reads the roll-call and electorate of a closed ballot in one pass
 * (see internal.h). */
int acc_model_rolls_fast(acc_ballot *b, const acc_state *st, const char *data, size_t len)
{
	acc_roll_strings *p = st->roll_strings;
	size_t pos = 0, nv, ne, at = 0, next = 0, eat = 0, enext = 0;
	int rc = 0;

	if (!p)
		return 1; /* a state without its strings reads them as the loader */
	if ((rc = strings_fit(p, st)) < 0)
		return rc;
	/* room for the lines a file of len bytes holds (some forty bytes a
	 * line), given back below: not grown line by line */
	nv = ne = len / 40 + 16;
	if (!(b->votes = acc_malloc(nv * sizeof(*b->votes))) ||
	    !(b->electors = acc_malloc(ne * sizeof(*b->electors)))) {
		rolls_drop(b);
		return ACC_ENOMEM;
	}
	b->roll_shared = 1;
	while (pos < len && rc == 0) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t k = nl ? (size_t)(nl - s) : len - pos, key = 0;

		if (k == 0)
			break; /* the end of the header */
		if (k > 11 && memcmp(s, "Roll-Call: ", 11) == 0)
			key = 11;
		else if (k > 9 && memcmp(s, "Elector: ", 9) == 0)
			key = 9;
		if (key) {
			const char *v = s + key;
			size_t n = k - key;

			/* as the record parser takes a value: not empty, no
			 * space at either end (the rest is matched or checked
			 * printable as read) */
			if (k > ACC_RECORD_MAX_LINE || v[0] == ' ' || v[n - 1] == ' ') {
				rc = 1;
				break;
			}
			if (key == 11)
				rc = b->nvotes < nv ? fast_vote(b, st, p, &at, &next, v, n) : 1;
			else
				rc = b->nelectors < ne ? fast_elector(b, st, p, &eat, &enext, v, n)
						       : 1;
		}
		pos += k + 1;
	}
	if (rc != 0) {
		rolls_drop(b);
		return rc;
	}
	/* no roll-call line: the loader reads the votes/ folder into b, each
	 * string its own, so the electors' are made so too */
	if (b->nvotes == 0 && (rc = shared_leave(b)) < 0) {
		rolls_drop(b);
		return rc;
	}
	/* no room kept past the lines: 6,500 ballots hold them at once */
	if (b->nvotes == 0) {
		free(b->votes);
		b->votes = NULL;
	} else if (b->nvotes < nv) {
		acc_vote_rec *v2 = acc_realloc(b->votes, b->nvotes * sizeof(*v2));

		if (v2)
			b->votes = v2;
	}
	if (b->nelectors == 0) { /* none: no array, as the loader leaves it */
		free(b->electors);
		b->electors = NULL;
	} else if (b->nelectors < ne) {
		acc_elector *e2 = acc_realloc(b->electors, b->nelectors * sizeof(*e2));

		if (e2)
			b->electors = e2;
	}
	return 0;
}
