/*
 * model rollcall: a closed ballot's Roll-Call and Elector lines read in one
 * pass over the file, without a record of 2,000 fields on the way: what
 * the Akoma Ntoso and CSV exports of a design-scale convention (6,500
 * ballots, a million roll-call lines) spend most of their load on.  Any
 * line it does not read exactly as the record parser and the ballot
 * loader would (ballots.c) is left to them, so that they say what is
 * wrong: the result is the same either way.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Copies the n bytes at v to out when they are a value the record parser
 * takes as is: printable ASCII, not empty, no space at either end; 0 when
 * they are not (out then holds part of them).  One pass, byte by byte: a
 * value is some thirty bytes, which a block copy only starts on. */
static int plain_copy(char *out, const char *v, size_t n)
{
	unsigned bad = 0;
	size_t i;

	if (n == 0 || v[0] == ' ' || v[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		bad |= (unsigned)(c < 0x20) | (unsigned)(c > 0x7e);
		out[i] = (char)c;
	}
	return !bad;
}

/* Reads "<org> <weight>" into the next elector of b (as load_electors):
 * 1 when the line is not one it takes. */
static int fast_elector(acc_ballot *b, size_t *alloc, char *v)
{
	char *sp = strchr(v, ' ');
	acc_elector *el;

	if (!sp)
		return 1;
	if (b->nelectors == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 64;
		acc_elector *ne = acc_realloc(b->electors, na * sizeof(*ne));

		if (!ne)
			return ACC_ENOMEM;
		b->electors = ne;
		*alloc = na;
	}
	el = &b->electors[b->nelectors];
	memset(el, 0, sizeof(*el));
	*sp = '\0'; /* the organisation, in place in the pool */
	el->org = v;
	b->nelectors++;
	b->has_electorate = 1;
	if (!acc_id_valid(el->org) || acc_model_uint_parse(&el->weight, sp + 1) < 0 ||
	    el->weight == 0 || el->weight > 1000000 ||
	    (b->nelectors > 1 && strcmp(b->electors[b->nelectors - 2].org, el->org) >= 0))
		return 1;
	return 0;
}

/* Reads "<org> <vote>[ recorded] [<delegate>]" into the next vote of b
 * (as load_roll_call): 1 when the line is not one it takes; *at: where in
 * st->orgs the last line's organisation was, *next: past it. */
static int fast_vote(acc_ballot *b, size_t *alloc, const acc_state *st, size_t *at, size_t *next,
		     char *v)
{
	char *sp1 = strchr(v, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	acc_vote_rec *rec;
	char word[16];
	size_t len;
	int c = -1;

	if (!sp1)
		return 1;
	if (b->nvotes == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 64;
		acc_vote_rec *nv = acc_realloc(b->votes, na * sizeof(*nv));

		if (!nv)
			return ACC_ENOMEM;
		b->votes = nv;
		*alloc = na;
	}
	rec = &b->votes[b->nvotes];
	memset(rec, 0, sizeof(*rec));
	*sp1 = '\0'; /* the organisation, in place in the pool */
	rec->org = v;
	b->nvotes++;
	/* the organisations are sorted and each once (acc_state_org), and so
	 * are the lines: the next one is found from the last, and a line in
	 * order is one found past the last line's (a line that is not is left
	 * to the loader) */
	while (*at < st->norgs && st->orgs[*at].id && (c = strcmp(st->orgs[*at].id, rec->org)) < 0)
		(*at)++;
	if (*at >= st->norgs || !st->orgs[*at].id || c != 0 || (b->nvotes > 1 && *at < *next))
		return 1;
	*next = *at + 1;
	len = sp2 ? (size_t)(sp2 - sp1 - 1) : strlen(sp1 + 1);
	if (len >= 15)
		return 1;
	/* the three words a roll-call holds, else as acc_vote_parse reads */
	if (len == 3 && memcmp(sp1 + 1, "yes", 3) == 0)
		rec->vote = ACC_VOTE_YES;
	else if (len == 2 && memcmp(sp1 + 1, "no", 2) == 0)
		rec->vote = ACC_VOTE_NO;
	else if (len == 7 && memcmp(sp1 + 1, "abstain", 7) == 0)
		rec->vote = ACC_VOTE_ABSTAIN;
	else {
		memcpy(word, sp1 + 1, len);
		word[len] = '\0';
		if (acc_vote_parse(&rec->vote, word) < 0)
			return 1;
	}
	if (sp2 && strncmp(sp2 + 1, "recorded ", 9) == 0) {
		rec->recorded = 1;
		sp2 += 9;
	}
	if (sp2)
		rec->delegate = sp2 + 1; /* in place in the pool */
	return 0;
}

/* Empties what acc_model_rolls_fast put in b. */
static void rolls_drop(acc_ballot *b)
{
	free(b->votes);
	free(b->electors);
	free(b->roll_pool);
	b->votes = NULL;
	b->electors = NULL;
	b->roll_pool = NULL;
	b->nvotes = b->nelectors = 0;
	b->has_electorate = 0;
}

/* Gives each elector of b its own string and lets the pool go. */
static int pool_leave(acc_ballot *b)
{
	size_t i;

	for (i = 0; i < b->nelectors; i++)
		if (!(b->electors[i].org = acc_strdup(b->electors[i].org))) {
			while (i-- > 0)
				free(b->electors[i].org);
			b->nelectors = 0;
			return ACC_ENOMEM;
		}
	free(b->roll_pool);
	b->roll_pool = NULL;
	return 0;
}

/* Reads the roll-call and electorate of a closed ballot in one pass
 * (see internal.h). */
int acc_model_rolls_fast(acc_ballot *b, const acc_state *st, const char *data, size_t len)
{
	size_t pos = 0, nv = 0, ne = 0, at = 0, next = 0, used = 0;
	int rc = 0;

	/* the values, each ended by a NUL, side by side in one block the
	 * ballot keeps: a million roll-call lines, not two million strings */
	if (!(b->roll_pool = acc_malloc(len + 1)))
		return ACC_ENOMEM;
	/* room for the lines a file of len bytes holds (some forty bytes a
	 * line), given back below: not grown line by line */
	nv = ne = len / 40 + 16;
	if (!(b->votes = acc_malloc(nv * sizeof(*b->votes))) ||
	    !(b->electors = acc_malloc(ne * sizeof(*b->electors)))) {
		rolls_drop(b);
		return ACC_ENOMEM;
	}
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
			char *v = b->roll_pool + used;

			if (k > ACC_RECORD_MAX_LINE || !plain_copy(v, s + key, k - key)) {
				rc = 1;
				break;
			}
			v[k - key] = '\0';
			used += k - key + 1;
			rc = key == 11 ? fast_vote(b, &nv, st, &at, &next, v)
				       : fast_elector(b, &ne, v);
		}
		pos += k + 1;
	}
	if (rc != 0) {
		rolls_drop(b);
		return rc;
	}
	/* no roll-call line: the loader reads the votes/ folder into b, each
	 * string its own, so the electors' are made so too */
	if (b->nvotes == 0 && (rc = pool_leave(b)) < 0) {
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
