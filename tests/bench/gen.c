/*
 * accord-bench-gen: generates a convention at negotiation scale through
 * accord's own store, for the benchmarks (tests/bench/README in RESULTS.md).
 *
 *   accord-bench-gen [--seed N] [--unsigned] PRESET DIR
 *
 * PRESET is tiny, small (1/100 of design scale), medium (1/10) or full
 * (design scale: 200 organisations, 2,000 clauses, 20,000 amendments,
 * 1,000,000 votes).  DIR must not exist.
 *
 * The convention is opened by `accord init --demo-keys` on a generated
 * proposal (acc_ops_init: 200 organisations, one delegate and one demo key
 * each), then every action is written as the action itself would write it
 * (the same records, paths, messages and trailers as src/ops.c, signed by
 * the acting delegate's key through sshsig, in-process), in bulk through
 * store_bulk (packs, not loose objects).  `accord verify` accepts the
 * result: the tiny scenario test checks it, and the driver checks the
 * small preset.
 *
 * The simulated negotiation runs in sessions: a few clauses are put on
 * the table, organisations propose amendments (replacements with scattered
 * word edits, insertions, deletions, amendments to amendments), some are
 * withdrawn, the chair sometimes sets the voting order, then the chair puts
 * some of them to the vote one clause at a time (ballots on different
 * clauses run together, votes interleaved, a few votes changed) and closes
 * each ballot: an adoption changes the text, and competing amendments fall
 * (conflicting edits, as accord decides with a three-way merge) or become
 * stale.  At the end a clause gets two open ballots for the benchmarks:
 * one on which every member has voted, one on which nobody has.  What the
 * benchmarks need is written to <gitdir>/accord/bench.manifest.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accord/history.h"
#include "accord/merge3.h"
#include "accord/model.h"
#include "accord/ops.h"
#include "accord/record.h"
#include "accord/rules.h"
#include "accord/sshsig.h"
#include "accord/store.h"
#include "store_bulk.h"
#include "tool.h"

/* ---- presets -------------------------------------------------------------- */

typedef struct {
	const char *name;
	unsigned orgs, clauses, amendments;
	unsigned long votes;
} preset;

static const preset presets[] = {
    {"tiny", 12, 10, 24, 200},
    {"small", 200, 20, 200, 10000},
    {"medium", 200, 200, 2000, 100000},
    {"full", 200, 2000, 20000, 1000000},
};

#define BALLOT_FRAC 0.35 /* share of amendments put to the vote */
#define CHECKPOINT  100000
#define BASE_TIME   1704067200LL /* 2024-01-01: a million commits (40 s apart) end in 2025 */
#define PER_PART    50

/* ---- deterministic randomness ---------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* Next pseudo-random 64 bits (splitmix64). */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static size_t rndn(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* Uniform in [0, 1). */
static double rndf(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* ---- failure ------------------------------------------------------------------ */

/* ---- text ------------------------------------------------------------------------ */

static const char *const words[] = {
    "State",
    "Party",
    "shall",
    "not",
    "conduct",
    "support",
    "cyber",
    "operations",
    "against",
    "civilian",
    "infrastructure",
    "critical",
    "services",
    "including",
    "health",
    "care",
    "electoral",
    "processes",
    "financial",
    "systems",
    "the",
    "of",
    "and",
    "to",
    "in",
    "any",
    "other",
    "which",
    "would",
    "may",
    "each",
    "its",
    "territory",
    "jurisdiction",
    "reasonable",
    "measures",
    "prevent",
    "mitigate",
    "harm",
    "users",
    "technology",
    "sector",
    "companies",
    "vulnerabilities",
    "disclosure",
    "coordinated",
    "manner",
    "without",
    "undue",
    "delay",
    "consistent",
    "with",
    "international",
    "law",
    "humanitarian",
    "principles",
    "distinction",
    "proportionality",
    "precaution",
    "attribution",
    "council",
    "independent",
    "experts",
    "evidence",
    "publicly",
    "report",
    "findings",
    "request",
    "assistance",
    "cooperation",
    "mutual",
    "legal",
    "obligations",
    "under",
    "this",
    "Convention",
    "article",
    "paragraph",
    "provided",
    "that",
    "such",
    "as",
    "are",
    "necessary",
    "for",
    "protection",
    "all",
    "persons",
    "data",
    "networks",
    "devices",
    "software",
    "supply",
    "chains",
    "integrity",
    "availability",
    "confidentiality",
    "weapons",
    "proliferation",
    "export",
    "controls",
    "national",
    "authorities",
    "competent",
    "designate",
    "point",
    "contact",
    "notify",
    "Secretariat",
    "within",
    "days",
    "receipt",
    "information",
    "exchange",
    "best",
    "practices",
    "capacity",
    "building",
    "developing",
    "countries",
};
#define NWORDS (sizeof(words) / sizeof(*words))

/* Appends n random words (a sentence) to b. */
static void sentence(acc_buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *w = words[rndn(NWORDS)];

		if (i == 0)
			acc_buf_printf(b, "%c%s", w[0] >= 'a' ? w[0] - 32 : w[0], w + 1);
		else
			acc_buf_printf(b, " %s", w);
	}
	acc_buf_puts(b, ".");
}

/* A clause text: paragraphs of sentences, one paragraph per line. */
static char *clause_text(void)
{
	acc_buf b = ACC_BUF_INIT;
	size_t p, np = 1 + rndn(4), s;

	for (p = 0; p < np; p++) {
		size_t ns = 2 + rndn(4);

		if (p)
			acc_buf_puts(&b, "\n\n");
		acc_buf_printf(&b, "%zu. ", p + 1);
		for (s = 0; s < ns; s++) {
			if (s)
				acc_buf_putc(&b, ' ');
			sentence(&b, 8 + rndn(18));
		}
	}
	acc_buf_putc(&b, '\n');
	return acc_buf_detach(&b);
}

/* A copy of text with a few words replaced, inserted or removed in one to
 * three places (never identical to text). */
static char *edit_text(const char *text)
{
	size_t len = strlen(text), nedits = 1 + rndn(3), i;
	char *cur = strdup(text);

	for (i = 0; i < nedits; i++) {
		size_t at = rndn(len), k;
		acc_buf b = ACC_BUF_INIT;
		int kind = (int)rndn(3);

		/* move to the start of a word */
		while (at > 0 && cur[at - 1] != ' ')
			at--;
		if (cur[at] == '\n' || !cur[at])
			continue;
		acc_buf_put(&b, cur, at);
		if (kind == 0 || kind == 1) { /* insert (and maybe replace) words */
			for (k = 0; k < 1 + rndn(4); k++)
				acc_buf_printf(&b, "%s ", words[rndn(NWORDS)]);
		}
		if (kind == 1 || kind == 2) { /* drop one word */
			size_t e = at;

			while (cur[e] && cur[e] != ' ' && cur[e] != '\n')
				e++;
			if (cur[e] == ' ' && e > at && cur[e - 1] != '.')
				at = e + 1;
		}
		acc_buf_puts(&b, cur + at);
		free(cur);
		cur = acc_buf_detach(&b);
		len = strlen(cur);
	}
	if (strcmp(cur, text) == 0) {
		acc_buf b = ACC_BUF_INIT;

		acc_buf_put(&b, cur, len - 1);
		acc_buf_puts(&b, " Amended.\n");
		free(cur);
		cur = acc_buf_detach(&b);
	}
	return cur;
}

/* ---- the model ------------------------------------------------------------------- */

typedef struct {
	char *id, *name, *email, *type;
	acc_role role;
	acc_sshsig_key *key;
	unsigned next_seq;
} gorg;

typedef struct {
	char *id, *heading, *text;
	char blob[ACC_OID_HEXLEN + 1];
	int depth, alive, part;
	int *ams; /* amendments targeting it, in creation order */
	size_t nams, aams;
} gclause;

enum { A_TABLED, A_VOTING, A_ADOPTED, A_REJECTED, A_WITHDRAWN, A_FALLEN };

typedef struct {
	char *id, *new_clause, *heading, *rationale, *text;
	const char *base_text; /* the text it was drafted against (shared) */
	int sponsor, clause, parent, first_sub, next_sub;
	unsigned seq;
	acc_amend_op op;
	char base[ACC_OID_HEXLEN + 1], blob[ACC_OID_HEXLEN + 1];
	int cos[2], ncos;
	int state;
	acc_rule rule;
	unsigned qn, qd;
	unsigned char *votes; /* per organisation (acc_vote), while a ballot exists */
} gam;

typedef struct {
	acc_store *store;
	acc_bulk *bulk;
	int sign;
	gorg *orgs;
	size_t norgs;
	int chair;
	int *members, *sponsors;
	size_t nmembers, nsponsors;
	gclause *cl;
	size_t ncl, acl;
	int *toc;
	size_t ntoc, atoc;
	gam *am;
	size_t nam, aam;
	acc_rule rule;
	unsigned qn, qd;
	long long now;
	char **keep; /* texts referenced as bases, freed at the end */
	size_t nkeep, akeep;
	unsigned long commits, votes, counts[8];
	time_t started;
} gen;

enum { K_PROPOSE, K_WITHDRAW, K_ORDER, K_OPEN, K_VOTE, K_CLOSE, K_ADOPTED, K_FALLEN };
static const char *const kind_names[] = {"propose", "withdraw", "order",   "open",
					 "vote",    "close",	"adopted", "fallen"};

/* Keeps a text alive until the end (old clause versions are bases). */
static const char *keep(gen *g, char *text)
{
	grow(&g->keep, &g->akeep, g->nkeep + 1, sizeof(char *));
	g->keep[g->nkeep++] = text;
	return text;
}

/* 1 when amendment i comes before j in accord's order (sponsor, number). */
static int am_before(const gen *g, int i, int j)
{
	const gam *a = &g->am[i], *b = &g->am[j];

	return a->sponsor != b->sponsor ? a->sponsor < b->sponsor : a->seq < b->seq;
}

/* Status as the first pass of accord's derive_statuses gives it. */
static acc_status first_pass(const gam *a)
{
	switch (a->state) {
	case A_WITHDRAWN:
		return ACC_ST_WITHDRAWN;
	case A_FALLEN:
		return ACC_ST_FALLEN;
	case A_ADOPTED:
		return ACC_ST_ADOPTED;
	case A_REJECTED:
		return ACC_ST_REJECTED;
	case A_VOTING:
		return ACC_ST_VOTING;
	}
	return ACC_ST_TABLED;
}

/* The status accord derives for amendment i (src/model/load.c derive_statuses,
 * including its order: a parent later in the list is seen un-derived). */
static acc_status status_of(const gen *g, int i)
{
	const gam *a = &g->am[i];
	acc_status s = first_pass(a);

	if (s != ACC_ST_TABLED)
		return s;
	if (a->parent >= 0) {
		const gam *p = &g->am[a->parent];
		acc_status ps =
		    am_before(g, a->parent, i) ? status_of(g, a->parent) : first_pass(p);

		if (ps != ACC_ST_TABLED && ps != ACC_ST_VOTING && ps != ACC_ST_STALE)
			return ACC_ST_FALLEN;
		if (strcmp(p->blob, a->base) != 0)
			return ACC_ST_STALE;
	} else if (a->op != ACC_OP_INSERT_AFTER) {
		const gclause *c = &g->cl[a->clause];

		if (!c->alive)
			return ACC_ST_FALLEN;
		if (strcmp(c->blob, a->base) != 0)
			return ACC_ST_STALE;
	} else if (!g->cl[a->clause].alive) {
		return ACC_ST_FALLEN;
	}
	return ACC_ST_TABLED;
}

/* 1 when status s is pending (tabled, voting or stale). */
static int pending(acc_status s)
{
	return s == ACC_ST_TABLED || s == ACC_ST_VOTING || s == ACC_ST_STALE;
}

/* The text an amendment would put in the clause (its first adopted
 * sub-amendment's in accord's order, else its own). */
static const char *effective_text(const gen *g, int i)
{
	int s, best = -1;

	for (s = g->am[i].first_sub; s >= 0; s = g->am[s].next_sub)
		if (g->am[s].state == A_ADOPTED && (best < 0 || am_before(g, s, best)))
			best = s;
	return best >= 0 ? g->am[best].text : g->am[i].text;
}

/* ---- writing actions ---------------------------------------------------------------- */

typedef struct {
	acc_change *ch;
	char **own;
	size_t n, nown, ach, aown;
	acc_buf msg;
} action;

/* Makes room for one more change (two owned strings) in a. */
static void room(action *a)
{
	grow(&a->ch, &a->ach, a->n + 1, sizeof(acc_change));
	grow(&a->own, &a->aown, a->nown + 2, sizeof(char *));
}

/* Adds a change writing record r at path (both copied). */
static void put_record(action *a, const char *path, acc_record *r)
{
	acc_buf b = ACC_BUF_INIT;

	CHECK(acc_record_write(&b, r), path);
	room(a);
	a->own[a->nown++] = strdup(path);
	a->ch[a->n].path = a->own[a->nown - 1];
	a->ch[a->n].len = b.size;
	a->ch[a->n].data = a->own[a->nown++] = acc_buf_detach(&b);
	a->n++;
	acc_record_free(r);
}

/* Adds a change removing path. */
static void put_remove(action *a, const char *path)
{
	room(a);
	a->own[a->nown++] = strdup(path);
	a->ch[a->n].path = a->own[a->nown - 1];
	a->ch[a->n].data = NULL;
	a->ch[a->n].len = 0;
	a->n++;
}

/* Adds a change writing raw data at path. */
static void put_data(action *a, const char *path, char *data)
{
	room(a);
	a->own[a->nown++] = strdup(path);
	a->ch[a->n].path = a->own[a->nown - 1];
	a->ch[a->n].len = strlen(data);
	a->ch[a->n].data = a->own[a->nown++] = data;
	a->n++;
}

/* Signs commit data with the acting delegate's key. */
static int sign_cb(char **sig, const char *data, size_t len, void *payload)
{
	return acc_sshsig_sign(sig, payload, "git", data, len);
}

/* Commits action a for organisation org, as its delegate. */
static void commit(gen *g, action *a, int org)
{
	acc_person who;
	acc_oid_hex id;
	size_t i;

	g->now += 20 + (long long)rndn(40);
	who.name = g->orgs[org].name;
	who.email = g->orgs[org].email;
	who.when = g->now;
	who.offset = 0;
	CHECK(acc_bulk_commit(g->bulk, id, a->ch, a->n, a->msg.ptr, &who, g->sign ? sign_cb : NULL,
			      g->orgs[org].key),
	      "commit");
	for (i = 0; i < a->nown; i++)
		free(a->own[i]);
	free(a->own);
	free(a->ch);
	acc_buf_free(&a->msg);
	memset(a, 0, sizeof(*a));
	if (++g->commits % CHECKPOINT == 0)
		CHECK(acc_bulk_checkpoint(g->bulk), "checkpoint");
	if (g->commits % 20000 == 0) {
		double el = difftime(time(NULL), g->started);

		fprintf(stderr, "  %lu commits, %lu votes, %zu amendments (%.0f s, %.0f/s)\n",
			g->commits, g->votes, g->nam, el, el > 0 ? g->commits / el : 0.0);
	}
}

/* Appends the standard trailers. */
static void trailers(action *a, const char *name, const gorg *o)
{
	acc_buf_printf(&a->msg, "\nAccord-Action: %s\nAccord-Org: %s\n", name, o->id);
}

/* The clause record text. */
static char *clause_record(const char *heading, const char *text)
{
	acc_record *r = NULL;
	acc_buf b = ACC_BUF_INIT;

	CHECK(acc_record_new(&r), "record");
	CHECK(acc_record_add(r, "Heading", heading), "clause heading");
	CHECK(acc_record_set_body(r, text, strlen(text)), "clause text");
	CHECK(acc_record_write(&b, r), "clause");
	acc_record_free(r);
	return acc_buf_detach(&b);
}

/* The toc record text from the current order. */
static char *toc_record(const gen *g)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	acc_buf_putc(&b, '\n');
	for (i = 0; i < g->ntoc; i++) {
		const gclause *c = &g->cl[g->toc[i]];

		acc_buf_printf(&b, "%*s%s\n", c->depth * 2, "", c->id);
	}
	return acc_buf_detach(&b);
}

/* The amendment record of a (propose; with Status when withdrawn). */
static acc_record *amendment_record(const gen *g, const gam *a, int withdrawn)
{
	acc_record *r = NULL;
	int i;

	CHECK(acc_record_new(&r), "record");
	CHECK(acc_record_add(r, "Clause", g->cl[a->clause].id), "record");
	CHECK(acc_record_add(r, "Operation", acc_op_name(a->op)), "record");
	CHECK(acc_record_add(r, "Sponsor", g->orgs[a->sponsor].id), "record");
	for (i = 0; i < a->ncos; i++)
		CHECK(acc_record_add(r, "Invited", g->orgs[a->cos[i]].id), "record");
	if (a->parent >= 0)
		CHECK(acc_record_add(r, "Amends", g->am[a->parent].id), "record");
	if (a->new_clause)
		CHECK(acc_record_add(r, "New-Clause", a->new_clause), "record");
	if (a->heading)
		CHECK(acc_record_add(r, "Heading", a->heading), "record");
	CHECK(acc_record_add(r, "Base", a->base), "record");
	if (a->rationale)
		CHECK(acc_record_add(r, "Rationale", a->rationale), "record");
	if (withdrawn)
		CHECK(acc_record_set(r, "Status", "withdrawn"), "record");
	CHECK(acc_record_set_body(r, a->text, strlen(a->text)), "record");
	return r;
}

/* The folder of amendment a. */
static char *am_dir(const gen *g, const gam *a)
{
	return xsprintf("amendments/%s/%u", g->orgs[a->sponsor].id, a->seq);
}

/* A ballot record head: status, rule, quorum. */
static acc_record *ballot_head(const char *status, acc_rule rule, unsigned qn, unsigned qd)
{
	acc_record *r = NULL;
	char q[32];

	acc_fraction_format(q, sizeof(q), qn, qd);
	CHECK(acc_record_new(&r), "record");
	CHECK(acc_record_add(r, "Status", status), "record");
	CHECK(acc_record_add(r, "Rule", acc_rule_name(rule)), "record");
	CHECK(acc_record_add(r, "Quorum", q), "record");
	return r;
}

/* Adds the electorate an opening records (every member, weight 1, in id
 * order, as accord's open writes it) to r. */
static void add_electors(const gen *g, acc_record *r)
{
	size_t k;

	for (k = 0; k < g->norgs; k++)
		if (g->orgs[k].role == ACC_ROLE_MEMBER) {
			char *line = xsprintf("%s 1", g->orgs[k].id);

			CHECK(acc_record_add(r, "Elector", line), "record");
			free(line);
		}
}

/* ---- the actions ---------------------------------------------------------------------- */

/* Proposes an amendment by sponsor: op on clause ci, or (parent >= 0) an
 * amendment to amendment parent.  Returns its index. */
static int do_propose(gen *g, int sponsor, int ci, acc_amend_op op, int parent)
{
	gam *a;
	action act = {0};
	char *dir, *path;
	int i;

	grow(&g->am, &g->aam, g->nam + 1, sizeof(gam));
	a = &g->am[g->nam];
	memset(a, 0, sizeof(*a));
	a->sponsor = sponsor;
	a->seq = ++g->orgs[sponsor].next_seq;
	a->id = xsprintf("%s-%u", g->orgs[sponsor].id, a->seq);
	a->parent = parent;
	a->first_sub = a->next_sub = -1;
	a->op = parent >= 0 ? ACC_OP_REPLACE : op;
	a->clause = parent >= 0 ? g->am[parent].clause : ci;
	a->rule = g->rule;
	a->qn = g->qn;
	a->qd = g->qd;
	if (parent >= 0) {
		gam *p = &g->am[parent];

		memcpy(a->base, p->blob, sizeof(a->base));
		a->base_text = p->text;
		a->text = edit_text(p->text);
	} else {
		gclause *c = &g->cl[ci];

		memcpy(a->base, c->blob, sizeof(a->base));
		a->base_text = c->text;
		if (op == ACC_OP_REPLACE)
			a->text = edit_text(c->text);
		else if (op == ACC_OP_DELETE)
			a->text = strdup("");
		else
			a->text = clause_text();
		if (op == ACC_OP_INSERT_AFTER) {
			acc_buf h = ACC_BUF_INIT;

			a->new_clause = strdup(a->id);
			acc_buf_puts(&h, "Additional provision: ");
			sentence(&h, 2 + rndn(4));
			h.ptr[h.size - 1] = '\0'; /* drop the final period */
			a->heading = acc_buf_detach(&h);
		}
	}
	if (rndn(10) < 7) {
		acc_buf r = ACC_BUF_INIT;

		sentence(&r, 6 + rndn(14));
		a->rationale = acc_buf_detach(&r);
	}
	a->ncos = (int)rndn(3);
	for (i = 0; i < a->ncos; i++) {
		int co;

		do
			co = g->sponsors[rndn(g->nsponsors)];
		while (co == sponsor || (i == 1 && co == a->cos[0]));
		a->cos[i] = co;
	}
	a->state = A_TABLED;
	dir = am_dir(g, a);
	path = xsprintf("%s/amendment", dir);
	put_record(&act, path, amendment_record(g, a, 0));
	CHECK(acc_store_hash_blob(a->blob, act.ch[0].data, act.ch[0].len), "hash");
	if (parent >= 0)
		acc_buf_printf(&act.msg, "Propose %s: amend %s (by %s)\n", a->id, g->am[parent].id,
			       g->orgs[sponsor].id);
	else
		acc_buf_printf(&act.msg, "Propose %s: %s %s (by %s)\n", a->id,
			       op == ACC_OP_REPLACE  ? "replace the text of"
			       : op == ACC_OP_DELETE ? "delete"
						     : "insert a clause after",
			       g->cl[a->clause].id, g->orgs[sponsor].id);
	trailers(&act, "propose", &g->orgs[sponsor]);
	acc_buf_printf(&act.msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
		       g->cl[a->clause].id);
	free(dir);
	free(path);
	if (parent >= 0) {
		a->next_sub = g->am[parent].first_sub;
		g->am[parent].first_sub = (int)g->nam;
	}
	{
		gclause *c = &g->cl[a->clause];

		grow(&c->ams, &c->aams, c->nams + 1, sizeof(int));
		c->ams[c->nams++] = (int)g->nam;
	}
	g->nam++;
	commit(g, &act, sponsor);
	g->counts[K_PROPOSE]++;
	return (int)g->nam - 1;
}

/* The sponsor withdraws amendment i. */
static void do_withdraw(gen *g, int i)
{
	gam *a = &g->am[i];
	action act = {0};
	char *dir = am_dir(g, a), *path = xsprintf("%s/amendment", dir);

	put_record(&act, path, amendment_record(g, a, 1));
	CHECK(acc_store_hash_blob(a->blob, act.ch[0].data, act.ch[0].len), "hash");
	acc_buf_printf(&act.msg, "Withdraw %s (by %s)\n", a->id, g->orgs[a->sponsor].id);
	trailers(&act, "withdraw", &g->orgs[a->sponsor]);
	acc_buf_printf(&act.msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
		       g->cl[a->clause].id);
	a->state = A_WITHDRAWN;
	free(dir);
	free(path);
	commit(g, &act, a->sponsor);
	g->counts[K_WITHDRAW]++;
}

/* The chair sets the voting order of clause ci to ids. */
static void do_order(gen *g, int ci, const int *ids, size_t n)
{
	action act = {0};
	acc_record *r = NULL;
	acc_buf body = ACC_BUF_INIT;
	char *path = xsprintf("agenda/%s", g->cl[ci].id);
	size_t i;

	for (i = 0; i < n; i++)
		acc_buf_printf(&body, "%s\n", g->am[ids[i]].id);
	CHECK(acc_record_new(&r), "record");
	CHECK(acc_record_set_body(r, body.ptr, body.size), "agenda");
	put_record(&act, path, r);
	acc_buf_printf(&act.msg, "Set the voting order on clause %s\n", g->cl[ci].id);
	trailers(&act, "order", &g->orgs[g->chair]);
	acc_buf_printf(&act.msg, "Accord-Clause: %s\n", g->cl[ci].id);
	acc_buf_free(&body);
	free(path);
	commit(g, &act, g->chair);
	g->counts[K_ORDER]++;
}

/* 1 when the chair may open a ballot on amendment i now. */
static int openable(const gen *g, int i)
{
	int s;

	if (status_of(g, i) != ACC_ST_TABLED)
		return 0;
	for (s = g->am[i].first_sub; s >= 0; s = g->am[s].next_sub)
		if (pending(status_of(g, s)))
			return 0;
	return 1;
}

/* The chair opens the ballot on amendment i.  The generator does not
 * rank amendments as the voting order does (by words changed): when others
 * wait on the clause, the chair first puts i at the head of the order, so
 * that no opening departs from it (accord would record the departure). */
static void do_open(gen *g, int i)
{
	gam *a = &g->am[i];
	action act = {0};
	char *dir, *path, q[32];
	size_t k;

	if (a->parent < 0) {
		const gclause *c = &g->cl[a->clause];

		for (k = 0; k < c->nams; k++)
			if (c->ams[k] != i && g->am[c->ams[k]].parent < 0 &&
			    status_of(g, c->ams[k]) == ACC_ST_TABLED) {
				do_order(g, a->clause, &i, 1);
				break;
			}
	}
	dir = am_dir(g, a);
	path = xsprintf("%s/ballot", dir);

	{
		acc_record *r = ballot_head("open", a->rule, a->qn, a->qd);

		add_electors(g, r);
		put_record(&act, path, r);
	}
	acc_fraction_format(q, sizeof(q), a->qn, a->qd);
	acc_buf_printf(&act.msg, "Open the ballot on %s (%s majority, quorum %s)\n", a->id,
		       acc_rule_name(a->rule), q);
	trailers(&act, "open", &g->orgs[g->chair]);
	acc_buf_printf(&act.msg, "Accord-Ballot: %s\n", a->id);
	acc_buf_printf(&act.msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
		       g->cl[a->clause].id);
	a->state = A_VOTING;
	a->votes = xcalloc(g->norgs, 1);
	free(dir);
	free(path);
	commit(g, &act, g->chair);
	g->counts[K_OPEN]++;
}

/* Organisation org votes v on amendment i. */
static void do_vote(gen *g, int i, int org, acc_vote v)
{
	gam *a = &g->am[i];
	action act = {0};
	acc_record *r = NULL;
	char *dir = am_dir(g, a), *path = xsprintf("%s/votes/%s", dir, g->orgs[org].id);

	CHECK(acc_record_new(&r), "record");
	CHECK(acc_record_add(r, "Vote", acc_vote_name(v)), "record");
	CHECK(acc_record_add(r, "Delegate", g->orgs[org].email), "record");
	put_record(&act, path, r);
	acc_buf_printf(&act.msg, "Vote %s on %s (%s)\n", acc_vote_name(v), a->id, g->orgs[org].id);
	trailers(&act, "vote", &g->orgs[org]);
	acc_buf_printf(&act.msg, "Accord-Ballot: %s\nAccord-Vote: %s\n", a->id, acc_vote_name(v));
	acc_buf_printf(&act.msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
		       g->cl[a->clause].id);
	a->votes[org] = (unsigned char)v;
	free(dir);
	free(path);
	commit(g, &act, org);
	g->votes++;
	g->counts[K_VOTE]++;
}

/* Inserts clause index nc into the toc after the subtree of clause after
 * (accord's put_toc). */
static void toc_insert_after(gen *g, int after, int nc)
{
	size_t i, pos = g->ntoc;
	int depth = -1;

	for (i = 0; i < g->ntoc; i++) {
		if (depth >= 0 && g->cl[g->toc[i]].depth <= depth) {
			pos = i;
			break;
		}
		if (g->toc[i] == after)
			depth = g->cl[after].depth;
	}
	grow(&g->toc, &g->atoc, g->ntoc + 1, sizeof(int));
	memmove(g->toc + pos + 1, g->toc + pos, (g->ntoc - pos) * sizeof(int));
	g->toc[pos] = nc;
	g->ntoc++;
	g->cl[nc].depth = g->cl[after].depth;
}

/* Removes clause ci from the toc. */
static void toc_remove(gen *g, int ci)
{
	size_t i;

	for (i = 0; i < g->ntoc; i++)
		if (g->toc[i] == ci) {
			memmove(g->toc + i, g->toc + i + 1, (g->ntoc - i - 1) * sizeof(int));
			g->ntoc--;
			return;
		}
}

/* Compares amendment indices in accord's order (for qsort). */
static const gen *sort_gen;
static int cmp_am(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return a == b ? 0 : am_before(sort_gen, a, b) ? -1 : 1;
}

/* Applies adopted amendment i to the text (accord's adopt()), adding the
 * changes and the Accord-Fallen trailers to act. */
static void adopt(gen *g, action *act, int i)
{
	gam *a = &g->am[i];
	gclause *c = &g->cl[a->clause];
	const char *text = effective_text(g, i);
	int *comp, nc = -1;
	size_t k, ncomp;

	if (a->parent >= 0)
		return;
	/* competitors, judged on the state before this commit */
	comp = xcalloc(c->nams, sizeof(int));
	for (k = ncomp = 0; k < c->nams; k++) {
		int x = c->ams[k];

		if (x != i && g->am[x].parent < 0 && g->am[x].clause == a->clause &&
		    (status_of(g, x) == ACC_ST_TABLED || status_of(g, x) == ACC_ST_STALE ||
		     status_of(g, x) == ACC_ST_VOTING))
			comp[ncomp++] = x;
	}
	sort_gen = g;
	qsort(comp, ncomp, sizeof(int), cmp_am);
	switch (a->op) {
	case ACC_OP_REPLACE: {
		char *path = xsprintf("clauses/%s", c->id);

		put_data(act, path, clause_record(c->heading, text));
		c->text = (char *)keep(g, strdup(text));
		CHECK(
		    acc_store_hash_blob(c->blob, act->ch[act->n - 1].data, act->ch[act->n - 1].len),
		    "hash");
		free(path);
		break;
	}
	case ACC_OP_DELETE: {
		char *path = xsprintf("clauses/%s", c->id);

		put_remove(act, path);
		free(path);
		toc_remove(g, a->clause);
		c->alive = 0;
		put_data(act, "toc", toc_record(g));
		break;
	}
	case ACC_OP_INSERT_AFTER: {
		gclause *n;
		char *path;

		grow(&g->cl, &g->acl, g->ncl + 1, sizeof(gclause));
		c = &g->cl[a->clause];
		nc = (int)g->ncl++;
		n = &g->cl[nc];
		memset(n, 0, sizeof(*n));
		n->id = strdup(a->new_clause);
		n->heading = strdup(a->heading);
		n->text = (char *)keep(g, strdup(text));
		n->alive = 1;
		path = xsprintf("clauses/%s", n->id);
		put_data(act, path, clause_record(n->heading, n->text));
		CHECK(
		    acc_store_hash_blob(n->blob, act->ch[act->n - 1].data, act->ch[act->n - 1].len),
		    "hash");
		free(path);
		toc_insert_after(g, a->clause, nc);
		put_data(act, "toc", toc_record(g));
		break;
	}
	}
	for (k = 0; k < ncomp; k++) {
		gam *x = &g->am[comp[k]];
		int falls = 0;

		if (a->op == ACC_OP_DELETE) {
			falls = 1;
		} else if (a->op == ACC_OP_REPLACE && x->op == ACC_OP_REPLACE) {
			char *merged = NULL;
			int conflict = 0;

			/* a word merge, as accord decides (src/ops.c adopt) */
			CHECK(acc_merge3_words(&merged, &conflict, x->base_text, text, x->text),
			      "merge");
			free(merged);
			falls = conflict;
		}
		if (falls) {
			char *dir = am_dir(g, x), *path = xsprintf("%s/ballot", dir);
			acc_record *r = ballot_head("fallen", x->rule, x->qn, x->qd);

			if (x->state == A_VOTING)
				add_electors(g, r);
			CHECK(acc_record_add(r, "Fallen-By", a->id), "record");
			put_record(act, path, r);
			acc_buf_printf(&act->msg, "Accord-Fallen: %s\n", x->id);
			x->state = A_FALLEN;
			free(dir);
			free(path);
			g->counts[K_FALLEN]++;
		}
	}
	free(comp);
}

/* The chair closes the ballot on amendment i; returns 1 when adopted. */
static int do_close(gen *g, int i)
{
	gam *a = &g->am[i];
	action act = {0};
	acc_ballot_entry *e = xcalloc(g->norgs, sizeof(*e));
	acc_tally t;
	acc_record *r;
	char *dir = am_dir(g, a), *path = xsprintf("%s/ballot", dir), buf[32];
	size_t k;

	for (k = 0; k < g->norgs; k++) {
		e[k].role = g->orgs[k].role;
		e[k].weight = 1;
		e[k].vote = (acc_vote)a->votes[k];
	}
	acc_rules_tally(&t, e, g->norgs, a->rule, a->qn, a->qd, 1);
	free(e);
	r = ballot_head("closed", a->rule, a->qn, a->qd);
	add_electors(g, r);
	CHECK(acc_record_add(r, "Result", acc_result_name(t.result)), "record");
#define NUM(key, v)                                                                                \
	snprintf(buf, sizeof(buf), "%lu", (unsigned long)(v));                                     \
	CHECK(acc_record_add(r, key, buf), "record")
	NUM("Yes", t.yes);
	NUM("No", t.no);
	NUM("Abstain", t.abstain);
	NUM("Absent", t.absent);
#undef NUM
	CHECK(acc_record_add(r, "Quorum-Met", t.quorum_met ? "yes" : "no"), "record");
	/* the roll-call, as accord's close writes it (orgs are in id order) */
	for (k = 0; k < g->norgs; k++)
		if (a->votes[k]) {
			char *line =
			    xsprintf("%s %s %s", g->orgs[k].id,
				     acc_vote_name((acc_vote)a->votes[k]), g->orgs[k].email);

			CHECK(acc_record_add(r, "Roll-Call", line), "record");
			free(line);
		}
	put_record(&act, path, r);
	acc_buf_printf(&act.msg, "Close the ballot on %s: %s (%u yes, %u no, %u abstain)\n", a->id,
		       acc_result_name(t.result), t.yes, t.no, t.abstain);
	trailers(&act, "close", &g->orgs[g->chair]);
	acc_buf_printf(&act.msg,
		       "Accord-Ballot: %s\nAccord-Result: %s\nAccord-Tally: yes=%u no=%u "
		       "abstain=%u absent=%u\n",
		       a->id, acc_result_name(t.result), t.yes, t.no, t.abstain, t.absent);
	acc_buf_printf(&act.msg, "Accord-Amendment: %s\nAccord-Clause: %s\n", a->id,
		       g->cl[a->clause].id);
	if (t.result == ACC_RESULT_ADOPTED)
		adopt(g, &act, i);
	a->state = t.result == ACC_RESULT_ADOPTED ? A_ADOPTED : A_REJECTED;
	free(dir);
	free(path);
	commit(g, &act, g->chair);
	g->counts[K_CLOSE]++;
	if (t.result == ACC_RESULT_ADOPTED)
		g->counts[K_ADOPTED]++;
	return t.result == ACC_RESULT_ADOPTED;
}

/* ---- the negotiation ----------------------------------------------------------------------- */

/* A ballot being voted on: its amendment and the votes still to come. */
typedef struct {
	int am;
	int *org;
	unsigned char *vote;
	size_t n, next;
} ballot_run;

/* Plans the votes of a ballot: about want members, in random order, a
 * few of them changing their vote later. */
static void plan_votes(gen *g, ballot_run *b, size_t want)
{
	int *pool = xcalloc(g->nmembers, sizeof(int));
	size_t k, n = want > g->nmembers ? g->nmembers : want, cap = 2 * n + 2;
	double py = rndf() < 0.4 ? 0.65 : 0.3, pn = py > 0.5 ? 0.25 : 0.55;

	memcpy(pool, g->members, g->nmembers * sizeof(int));
	b->org = xcalloc(cap, sizeof(int));
	b->vote = xcalloc(cap, 1);
	b->n = b->next = 0;
	for (k = 0; k < n; k++) {
		size_t j = k + rndn(g->nmembers - k);
		int t = pool[k];
		double x = rndf();

		pool[k] = pool[j];
		pool[j] = t;
		b->org[b->n] = pool[k];
		b->vote[b->n] = (unsigned char)(x < py	      ? ACC_VOTE_YES
						: x < py + pn ? ACC_VOTE_NO
							      : ACC_VOTE_ABSTAIN);
		b->n++;
		if (rndn(100) < 3 && b->n < cap) { /* changes its mind later */
			unsigned char prev = b->vote[b->n - 1];

			b->org[b->n] = pool[k];
			b->vote[b->n] =
			    (unsigned char)(prev == ACC_VOTE_YES ? ACC_VOTE_NO : ACC_VOTE_YES);
			b->n++;
		}
	}
	/* spread the changes: swap each change with a random later slot
	 * while keeping it after the original vote */
	for (k = 1; k < b->n; k++)
		if (b->org[k] == b->org[k - 1]) {
			size_t j = k + rndn(b->n - k);
			int to = b->org[j];
			unsigned char tv = b->vote[j];
			size_t m;
			int clash = 0;

			for (m = k; m < j && !clash; m++)
				clash = b->org[m] == to && m != k;
			if (!clash && j != k) {
				b->org[j] = b->org[k];
				b->vote[j] = b->vote[k];
				b->org[k] = to;
				b->vote[k] = tv;
			}
		}
	free(pool);
}

/* Picks a leaf clause with text (alive). */
static int pick_clause(gen *g)
{
	for (;;) {
		size_t i = rndn(g->ntoc);
		const gclause *c = &g->cl[g->toc[i]];

		if (!c->part && c->alive && c->text[0])
			return g->toc[i];
	}
}

/* 1 when clause ci may be deleted (not the only article of its part). */
static int deletable(const gen *g, int ci)
{
	size_t i;

	for (i = 0; i < g->ntoc; i++)
		if (g->toc[i] == ci)
			return i > 0 && g->cl[g->toc[i - 1]].depth == g->cl[ci].depth;
	return 0;
}

/* One session of the negotiation; votes_per_ballot sets the turnout. */
static void session(gen *g, size_t target_amendments, double votes_per_ballot)
{
	int clauses[8], *queue[8], *mine = NULL;
	size_t nq[8] = {0}, qpos[8] = {0}, k, c, nmine = 0, amine = 0, nclauses = 3 + rndn(5);
	ballot_run open[8];
	int open_slot[8];

	memset(open_slot, 0, sizeof(open_slot));
	/* distinct clauses: one ballot at a time on each */
	for (k = c = 0; k < g->ntoc; k++)
		c += !g->cl[g->toc[k]].part && g->cl[g->toc[k]].text[0];
	if (nclauses > c)
		nclauses = c;
	for (c = 0; c < nclauses; c++) {
		size_t d;

		do {
			clauses[c] = pick_clause(g);
			for (d = 0; d < c && clauses[d] != clauses[c]; d++)
				;
		} while (d < c);
		queue[c] = NULL;
	}
	/* proposals */
	for (c = 0; c < nclauses && g->nam < target_amendments; c++) {
		size_t m = 1 + rndn(4);

		for (k = 0; k < m && g->nam < target_amendments; k++) {
			int sponsor = g->sponsors[rndn(g->nsponsors)], x = (int)rndn(100), id;
			acc_amend_op op = ACC_OP_REPLACE;
			int parent = -1;

			if (x < 9 && nmine) {
				/* an amendment to a tabled amendment of this session */
				int p = mine[rndn(nmine)];

				if (g->am[p].parent < 0 && g->am[p].sponsor != sponsor &&
				    g->am[p].op == ACC_OP_REPLACE &&
				    status_of(g, p) == ACC_ST_TABLED)
					parent = p;
			} else if (x < 16) {
				op = ACC_OP_INSERT_AFTER;
			} else if (x < 19 && deletable(g, clauses[c])) {
				op = ACC_OP_DELETE;
			}
			id = do_propose(g, sponsor, clauses[c], op, parent);
			grow(&mine, &amine, nmine + 1, sizeof(int));
			mine[nmine++] = id;
		}
	}
	/* withdrawals */
	for (k = 0; k < nmine; k++)
		if (rndn(100) < 8 && status_of(g, mine[k]) == ACC_ST_TABLED)
			do_withdraw(g, mine[k]);
	/* what goes to the vote, per clause: sub-amendments before their parent */
	for (c = 0; c < nclauses; c++) {
		size_t n = 0;

		queue[c] = xcalloc(nmine + 1, sizeof(int));
		for (k = 0; k < nmine; k++) {
			int i = mine[k], s;

			if (g->am[i].clause != clauses[c] || g->am[i].parent >= 0 ||
			    g->am[i].state != A_TABLED || rndf() >= BALLOT_FRAC)
				continue;
			for (s = g->am[i].first_sub; s >= 0; s = g->am[s].next_sub)
				if (g->am[s].state == A_TABLED)
					queue[c][n++] = s;
			queue[c][n++] = i;
		}
		nq[c] = n;
		if (n >= 2 && rndn(4) == 0) {
			int *ids = xcalloc(n, sizeof(int));
			size_t m = 0;

			for (k = 0; k < n; k++)
				if (g->am[queue[c][k]].parent < 0)
					ids[m++] = queue[c][k];
			if (m >= 2)
				do_order(g, clauses[c], ids, m);
			free(ids);
		}
	}
	/* voting: one ballot at a time per clause, clauses interleaved */
	for (;;) {
		size_t nopen = 0, pick;

		for (c = 0; c < nclauses; c++) {
			while (!open_slot[c] && qpos[c] < nq[c]) {
				int i = queue[c][qpos[c]++];

				if (!openable(g, i))
					continue;
				do_open(g, i);
				open[c].am = i;
				{
					double want = votes_per_ballot * (0.85 + 0.3 * rndf());

					plan_votes(g, &open[c], (size_t)(want + 0.5));
				}
				open_slot[c] = 1;
			}
			nopen += (size_t)open_slot[c];
		}
		if (!nopen)
			break;
		pick = rndn(nopen);
		for (c = 0; c < nclauses; c++) {
			if (!open_slot[c])
				continue;
			if (pick--)
				continue;
			if (open[c].next < open[c].n) {
				size_t v = open[c].next++;

				do_vote(g, open[c].am, open[c].org[v], (acc_vote)open[c].vote[v]);
			} else {
				do_close(g, open[c].am);
				free(open[c].org);
				free(open[c].vote);
				free(g->am[open[c].am].votes);
				g->am[open[c].am].votes = NULL;
				open_slot[c] = 0;
			}
			break;
		}
	}
	for (c = 0; c < nclauses; c++)
		free(queue[c]);
	free(mine);
}

/* ---- the proposal ------------------------------------------------------------------------------
 */

/* Writes path under dir with text. */
static void write_file(const char *dir, const char *rel, const char *text)
{
	char *path = xsprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "accord-bench-gen: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
}

/* Creates the organisations and clauses and writes them as a proposal
 * folder at dir. */
static void make_proposal(gen *g, const preset *p, const char *dir)
{
	unsigned n = p->orgs, nobs = n >= 20 ? n * 7 / 100 : 1, nngo = n * 12 / 100 + 1,
		 ncorp = n * 20 / 100 + 1, nstate = n - 1 - nobs - nngo - ncorp, i, k = 0, part = 0;
	char *sub;

	g->norgs = n;
	g->orgs = xcalloc(n, sizeof(gorg));
	/* ids chosen so that their sorted order is this order */
	for (i = 0; i < ncorp; i++, k++) {
		g->orgs[k].id = xsprintf("corp-%03u", i + 1);
		g->orgs[k].type = "company";
	}
	for (i = 0; i < nngo; i++, k++) {
		g->orgs[k].id = xsprintf("ngo-%03u", i + 1);
		g->orgs[k].type = "civil-society";
	}
	for (i = 0; i < nobs; i++, k++) {
		g->orgs[k].id = xsprintf("observer-%03u", i + 1);
		g->orgs[k].type = "intergovernmental";
		g->orgs[k].role = ACC_ROLE_OBSERVER;
	}
	g->chair = (int)k;
	g->orgs[k].id = strdup("secretariat");
	g->orgs[k].type = "secretariat";
	g->orgs[k].role = ACC_ROLE_CHAIR;
	k++;
	for (i = 0; i < nstate; i++, k++) {
		g->orgs[k].id = xsprintf("state-%03u", i + 1);
		g->orgs[k].type = "government";
	}
	g->members = xcalloc(n, sizeof(int));
	g->sponsors = xcalloc(n, sizeof(int));
	sub = xsprintf("%s/orgs", dir);
	mkdir(sub, 0777);
	free(sub);
	for (i = 0; i < n; i++) {
		gorg *o = &g->orgs[i];
		char *rel = xsprintf("orgs/%s", o->id), *text;

		o->name = xsprintf("Delegate of %s", o->id);
		o->email = xsprintf("delegate@%s.example", o->id);
		if (o->role == ACC_ROLE_MEMBER)
			g->members[g->nmembers++] = (int)i;
		if (o->role != ACC_ROLE_CHAIR)
			g->sponsors[g->nsponsors++] = (int)i;
		text = xsprintf("Name: Organisation %s\nType: %s\nRole: %s\nWeight: 1\n"
				"Delegate: %s <%s>\n\nA generated delegation.\n",
				o->id, o->type, acc_role_name(o->role), o->name, o->email);
		write_file(dir, rel, text);
		free(rel);
		free(text);
	}
	write_file(dir, "convention",
		   "Title: Generated Convention at Negotiation Scale\nShort-Title: GEN\n"
		   "Language: en\nChair: secretariat\nRule: simple\nQuorum: 1/2\n"
		   "Ratification-Rule: two-thirds\nRatification-Quorum: 2/3\n"
		   "Signatures: optional\nFormat: 1\n\nThe Parties to this Convention, "
		   "generated for the benchmarks of accord, have agreed as follows:\n");
	g->rule = ACC_RULE_SIMPLE;
	g->qn = 1;
	g->qd = 2;
	sub = xsprintf("%s/clauses", dir);
	mkdir(sub, 0777);
	free(sub);
	for (i = 0; i < p->clauses; i++) {
		gclause *c;
		char *rel, *rec;

		if (i % PER_PART == 0) {
			grow(&g->cl, &g->acl, g->ncl + 1, sizeof(gclause));
			c = &g->cl[g->ncl];
			memset(c, 0, sizeof(*c));
			c->id = xsprintf("part-%02u", ++part);
			c->heading = xsprintf("Part %u", part);
			c->text = strdup("");
			c->part = 1;
			c->alive = 1;
			grow(&g->toc, &g->atoc, g->ntoc + 1, sizeof(int));
			g->toc[g->ntoc++] = (int)g->ncl++;
		}
		grow(&g->cl, &g->acl, g->ncl + 1, sizeof(gclause));
		c = &g->cl[g->ncl];
		memset(c, 0, sizeof(*c));
		c->id = xsprintf("art-%04u", i + 1);
		{
			acc_buf h = ACC_BUF_INIT;

			sentence(&h, 2 + rndn(5));
			h.ptr[h.size - 1] = '\0';
			c->heading = acc_buf_detach(&h);
		}
		c->text = clause_text();
		c->depth = 1;
		c->alive = 1;
		grow(&g->toc, &g->atoc, g->ntoc + 1, sizeof(int));
		g->toc[g->ntoc++] = (int)g->ncl++;
		(void)rel;
		(void)rec;
	}
	for (i = 0; i < g->ncl; i++) {
		gclause *c = &g->cl[i];
		char *rel = xsprintf("clauses/%s", c->id),
		     *rec = clause_record(c->heading, c->text);

		write_file(dir, rel, rec);
		CHECK(acc_store_hash_blob(c->blob, rec, strlen(rec)), "hash");
		keep(g, c->text);
		free(rel);
		free(rec);
	}
	{
		char *toc = toc_record(g);

		write_file(dir, "toc", toc);
		free(toc);
	}
}

/* Loads every delegate's demo key from <gitdir>/accord/keys/. */
static void load_keys(gen *g)
{
	size_t i;

	for (i = 0; i < g->norgs; i++) {
		char *path =
		    xsprintf("%saccord/keys/%s", acc_store_gitdir(g->store), g->orgs[i].email);

		CHECK(acc_sshsig_key_load(&g->orgs[i].key, path), path);
		free(path);
	}
}

/* The benchmarks' ballots: on one clause, an open ballot every member has
 * voted on, and an open ballot nobody has voted on yet. */
static void bench_ballots(gen *g, int *full, int *empty)
{
	int ci = pick_clause(g);
	size_t k;

	*full = do_propose(g, g->sponsors[0], ci, ACC_OP_REPLACE, -1);
	*empty = do_propose(g, g->sponsors[1], ci, ACC_OP_REPLACE, -1);
	do_open(g, *full);
	do_open(g, *empty);
	for (k = 0; k < g->nmembers; k++)
		do_vote(g, *full, g->members[k], rndn(3) ? ACC_VOTE_YES : ACC_VOTE_NO);
}

int main(int argc, char **argv)
{
	const preset *p = NULL;
	const char *dir;
	char *proposal, *manifest;
	gen g;
	acc_oid_hex root;
	acc_person who = {"Generator", "generator@example.org", BASE_TIME, 0};
	int argi = 1, full, empty;
	size_t i;
	double vpb;
	FILE *f;

	tool_name = "accord-bench-gen";
	memset(&g, 0, sizeof(g));
	g.sign = 1;
	while (argi < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "--seed") == 0 && argi + 1 < argc) {
			rng_state = strtoull(argv[argi + 1], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
			argi += 2;
		} else if (strcmp(argv[argi], "--unsigned") == 0) {
			g.sign = 0;
			argi++;
		} else {
			break;
		}
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: accord-bench-gen [--seed N] [--unsigned] "
				"tiny|small|medium|full DIR\n");
		return 2;
	}
	for (i = 0; i < sizeof(presets) / sizeof(*presets); i++)
		if (strcmp(presets[i].name, argv[argi]) == 0)
			p = &presets[i];
	if (!p) {
		fprintf(stderr, "accord-bench-gen: unknown preset '%s'\n", argv[argi]);
		return 2;
	}
	dir = argv[argi + 1];
	g.started = time(NULL);
	proposal = xsprintf("%s.proposal", dir);
	if (mkdir(proposal, 0777) < 0) {
		fprintf(stderr, "accord-bench-gen: cannot create %s: %s\n", proposal,
			strerror(errno));
		return 1;
	}
	make_proposal(&g, p, proposal);
	fprintf(stderr,
		"accord-bench-gen: %s: %zu organisations, %u clauses; init with demo keys\n",
		p->name, g.norgs, p->clauses);
	CHECK(acc_ops_init(root, dir, proposal, &who, NULL, 1), "init");
	acc_rmtree(proposal);
	free(proposal);
	{
		/* init writes loose objects; a convention that size would have
		 * been packed (git looks in packs first; nothing is deleted) */
		char *cmd = xsprintf("git -C '%s' repack -q", dir);

		if (system(cmd) != 0)
			fprintf(stderr,
				"accord-bench-gen: git repack failed (objects stay loose)\n");
		free(cmd);
	}
	CHECK(acc_store_open(&g.store, dir), "open");
	load_keys(&g);
	CHECK(acc_bulk_begin(&g.bulk, g.store), "bulk");
	g.now = BASE_TIME;
	g.commits = 1;
	vpb = (double)p->votes / ((double)p->amendments * BALLOT_FRAC * 0.85);
	while (g.nam < p->amendments) {
		/* keep the total of votes near the preset's */
		size_t left = p->amendments - g.nam;
		double want = left ? (double)(p->votes > g.votes ? p->votes - g.votes : 0) /
					 ((double)left * BALLOT_FRAC * 0.85)
				   : vpb;

		session(&g, p->amendments, want > 0 ? want : 1);
	}
	bench_ballots(&g, &full, &empty);
	CHECK(acc_bulk_checkpoint(g.bulk), "checkpoint");
	{
		acc_bulk_stats s;

		acc_bulk_stats_get(&s, g.bulk);
		fprintf(stderr,
			"accord-bench-gen: %lu commits (%lu votes) in %.0f s; %zu objects (%zu "
			"deltas), %.1f MB of packs\n",
			g.commits, g.votes, difftime(time(NULL), g.started), s.objects, s.deltas,
			(double)s.pack_bytes / 1e6);
	}
	manifest = xsprintf("%saccord/bench.manifest", acc_store_gitdir(g.store));
	if (!(f = fopen(manifest, "w"))) {
		fprintf(stderr, "accord-bench-gen: cannot write %s\n", manifest);
		return 1;
	}
	fprintf(f, "preset=%s\ntip=%s\ncommits=%lu\norgs=%zu\nmembers=%zu\nclauses=%zu\n", p->name,
		acc_bulk_tip(g.bulk), g.commits, g.norgs, g.nmembers, g.ntoc);
	for (i = 0; i < 8; i++)
		fprintf(f, "%s=%lu\n", kind_names[i], g.counts[i]);
	fprintf(f, "amendments=%zu\nsigned=%d\n", g.nam, g.sign);
	fprintf(f, "full_ballot=%s\nopen_ballot=%s\nballot_clause=%s\n", g.am[full].id,
		g.am[empty].id, g.cl[g.am[full].clause].id);
	fprintf(f, "chair=%s\n", g.orgs[g.chair].email);
	for (i = 0; i < g.nmembers && i < 50; i++)
		fprintf(f, "voter=%s\n", g.orgs[g.members[i]].email);
	fclose(f);
	free(manifest);
	acc_bulk_free(g.bulk);
	for (i = 0; i < g.norgs; i++) {
		acc_sshsig_key_free(g.orgs[i].key);
		free(g.orgs[i].id);
		free(g.orgs[i].name);
		free(g.orgs[i].email);
	}
	acc_store_free(g.store);
	return 0;
}
