/*
 * Tests of history (src/history.c, src/ops_rebase.c):
 *
 *  - the word-level three-way merge, by hand (different words of one
 *    paragraph merge, the same or adjacent words conflict, the same change
 *    on both sides is taken once, the conflict is shown diff3-style) and by
 *    property over random edits from a fixed-seed PRNG; and the reason for
 *    it: git's line merge makes a conflict of two edits to one paragraph;
 *  - the clause-by-clause comparison of two states (order, kinds);
 *  - on real repositories made through the ops API: the texts an
 *    amendment's diff compares, the rebase action (clean, refused,
 *    conflicting through an amendment to an amendment, a deletion), and
 *    blame after two adoptions, after a rebase, through an adopted
 *    amendment to an amendment, of an inserted clause and of a clause
 *    never amended.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/history.h"
#include "accord/merge3.h"
#include "accord/ops.h"
#include "accord/store.h"
#include "helpers/testutil.h"

/* ---------------------------------------------------------------- helpers */

/* Fails with the last error unless rc is 0. */
#define OK(expr)                                                                                   \
	do {                                                                                       \
		int rc_ = (expr);                                                                  \
		if (rc_ != 0)                                                                      \
			fail_msg("%s: %d: %s", #expr, rc_, acc_error_last());                      \
	} while (0)

/* Merges and checks the result and the conflict count. */
static void merge_is(const char *base, const char *ours, const char *theirs, const char *want,
		     int want_conflict)
{
	char *out = NULL;
	int conflict = -1;

	OK(acc_merge3_words(&out, &conflict, base, ours, theirs));
	if (conflict != want_conflict || (want && strcmp(out, want) != 0))
		fail_msg("merge of\n  base   %s  ours   %s  theirs %sgave (%d conflicts)\n%s\n"
			 "wanted (%d)\n%s",
			 base, ours, theirs, conflict, out, want_conflict, want ? want : "?");
	free(out);
}

/* ------------------------------------------------------------------ merge */

/* Edits of different words of one paragraph merge. */
static void test_merge_different_words(void **state)
{
	(void)state;
	merge_is("The quick brown fox jumps over the lazy dog.\n",
		 "The slow brown fox jumps over the lazy dog.\n",
		 "The quick brown fox jumps over the sleepy dog.\n",
		 "The slow brown fox jumps over the sleepy dog.\n", 0);
	/* an insertion and a deletion, far apart */
	merge_is("States shall respond without undue delay to a request.\n",
		 "States Parties shall respond without undue delay to a request.\n",
		 "States shall respond without delay to a request.\n",
		 "States Parties shall respond without delay to a request.\n", 0);
	/* two paragraphs */
	merge_is("1. One two three.\n\n2. Four five six.\n",
		 "1. One 2 three.\n\n2. Four five six.\n", "1. One two three.\n\n2. Four five 6.\n",
		 "1. One 2 three.\n\n2. Four five 6.\n", 0);
	/* accents and non-Latin words are words too */
	merge_is("Les États parties coopèrent en toute bonne foi.\n",
		 "Les Hautes Parties coopèrent en toute bonne foi.\n",
		 "Les États parties coopèrent pleinement en toute bonne foi.\n",
		 "Les Hautes Parties coopèrent pleinement en toute bonne foi.\n", 0);
}

/* One side unchanged: the other side's text. */
static void test_merge_one_side(void **state)
{
	const char *base = "Alpha beta gamma.\n", *x = "Alpha delta gamma epsilon.\n";

	(void)state;
	merge_is(base, base, x, x, 0);
	merge_is(base, x, base, x, 0);
	merge_is(base, base, base, base, 0);
	merge_is("", "", "New text.\n", "New text.\n", 0);
}

/* The same change on both sides is no conflict and is made once. */
static void test_merge_same_change(void **state)
{
	(void)state;
	merge_is("respond without undue delay to requests\n",
		 "respond within 72 hours to requests\n", "respond within 72 hours to requests\n",
		 "respond within 72 hours to requests\n", 0);
	merge_is("a b c d e f\n", "a B c d e f\n", "a B c d E f\n", "a B c d E f\n", 0);
}

/* The same word changed two ways conflicts, shown diff3-style. */
static void test_merge_conflict_same_word(void **state)
{
	char *out = NULL;
	int conflict = 0;

	(void)state;
	OK(acc_merge3_words(&out, &conflict, "shall respond without undue delay to a request\n",
			    "shall respond within 72 hours to a request\n",
			    "shall respond without undue delay and in good faith to a request\n"));
	assert_int_equal(conflict, 1);
	/* the region takes in the blank next to the insertion; nothing is
	 * trimmed: the text is exact, markers on lines of their own */
	assert_string_equal(out, "shall respond \n"
				 "<<<<<<< current text\n"
				 "within 72 hours \n"
				 "||||||| drafted against\n"
				 "without undue delay \n"
				 "=======\n"
				 "without undue delay and in good faith \n"
				 ">>>>>>> amendment\n"
				 "to a request\n");
	free(out);
	merge_is("one two three\n", "one 2 three\n", "one II three\n", NULL, 1);
}

/* Changes with no unchanged token between them conflict (abutting). */
static void test_merge_conflict_adjacent(void **state)
{
	(void)state;
	/* "quick" replaced, and a word inserted right before it */
	merge_is("The quick fox.\n", "The slow fox.\n", "The very quick fox.\n", NULL, 1);
	/* two insertions at the same place */
	merge_is("a b\n", "a x b\n", "a y b\n", NULL, 1);
	/* a deletion that reaches the other side's word */
	merge_is("a b c\n", "a c\n", "a b C\n", NULL, 1);
	/* an insertion next to a changed word conflicts on either side of the
	 * blank between them, wherever the diff put it */
	merge_is("respond without delay to all\n", "respond promptly to all\n",
		 "respond without delay and in good faith to all\n", NULL, 1);
	merge_is("a b c\n", "a B c\n", "a b x c\n", NULL, 1);
	merge_is("a b c\n", "a b x c\n", "a B c\n", NULL, 1);
	/* but a word between them keeps them apart */
	merge_is("a b c\n", "A b c\n", "a b x c\n", "A b x c\n", 0);
	/* two neighbouring words, each replaced by one side, merge */
	merge_is("the quick brown fox\n", "the slow brown fox\n", "the quick red fox\n",
		 "the slow red fox\n", 0);
	/* two conflicts in one text, a clean change between them */
	merge_is("a b c d e\n", "A b C d E\n", "1 b c d 5\n", NULL, 2);
}

/* Why not git_merge_file: a paragraph is one line, so two edits to
 * different words of it conflict in a line merge. */
static void test_merge_line_merge_conflicts(void **state)
{
	char *out = NULL;
	int conflict = 0;

	(void)state;
	OK(acc_store_merge3(&out, &conflict, "The quick brown fox jumps over the lazy dog.\n",
			    "The slow brown fox jumps over the lazy dog.\n",
			    "The quick brown fox jumps over the sleepy dog.\n"));
	assert_true(conflict != 0);
	free(out);
}

/* A small deterministic PRNG (splitmix64). */
static uint64_t rng_state;

/* The next 64 random bits. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Joins words with spaces (and a final newline) into a malloc'd text. */
static char *join(char **w, size_t n)
{
	acc_buf b = ACC_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i][0])
			acc_buf_printf(&b, "%s%s", b.size ? " " : "", w[i]);
	acc_buf_putc(&b, '\n');
	return acc_buf_detach(&b);
}

/*
 * Property: on random texts, two sides that each replace or delete words
 * at their own positions, at least two words apart from the other side's,
 * merge cleanly into the text with both edits; and when both sides change
 * one same word differently, the merge reports a conflict.
 */
static void test_merge_property(void **state)
{
	static const char *const vocab[] = {"state",  "party", "shall", "not",	 "attack", "the",
					    "civil",  "cyber", "infra", "of",	 "and",	   "to",
					    "public", "harm",  "any",	"other", "user",   "data"};
	int round;

	(void)state;
	rng_state = 20240601;
	for (round = 0; round < 400; round++) {
		size_t n = 6 + rng_next() % 40, i;
		char *bw[64], *ow[64], *tw[64], *both[64], fresh[3][64][16];
		char side[64]; /* 0 untouched, 1 ours, 2 theirs */
		char *base, *ours, *theirs, *want, *out = NULL;
		int conflict = -1, clash = (round % 4 == 3);
		size_t at = 0;

		memset(side, 0, sizeof(side));
		for (i = 0; i < n; i++)
			bw[i] = (char *)vocab[rng_next() % (sizeof(vocab) / sizeof(*vocab))];
		/* pick positions, alternating sides, leaving two words between */
		for (i = rng_next() % 3; i < n; i += 3 + rng_next() % 3)
			side[i] = (char)(1 + (at++ % 2));
		for (i = 0; i < n; i++) {
			snprintf(fresh[1][i], sizeof(fresh[1][i]), "O%zu", i);
			snprintf(fresh[2][i], sizeof(fresh[2][i]), "T%zu", i);
			ow[i] = tw[i] = both[i] = bw[i];
			if (side[i] == 1)
				ow[i] = both[i] = rng_next() % 4 ? fresh[1][i] : (char *)"";
			else if (side[i] == 2)
				tw[i] = both[i] = rng_next() % 4 ? fresh[2][i] : (char *)"";
		}
		if (clash) {
			/* both sides change one word of ours differently */
			for (i = 0; i < n && side[i] != 1; i++)
				;
			if (i == n)
				continue;
			ow[i] = fresh[1][i];
			tw[i] = fresh[2][i];
		}
		base = join(bw, n);
		ours = join(ow, n);
		theirs = join(tw, n);
		want = join(both, n);
		OK(acc_merge3_words(&out, &conflict, base, ours, theirs));
		if (clash ? conflict == 0 : (conflict != 0 || strcmp(out, want) != 0))
			fail_msg(
			    "round %d: merge of\n  base   %s  ours   %s  theirs %sgave (%d)\n%s"
			    "wanted %s%s",
			    round, base, ours, theirs, conflict, out, clash ? "a conflict" : "",
			    clash ? "\n" : want);
		free(base);
		free(ours);
		free(theirs);
		free(want);
		free(out);
	}
}

/* ---------------------------------------------------------------- compare */

/* Builds a clause (borrowed strings). */
static acc_clause clause(const char *id, const char *heading, const char *text)
{
	acc_clause c;

	memset(&c, 0, sizeof(c));
	c.id = (char *)id;
	c.heading = (char *)heading;
	c.text = (char *)text;
	snprintf(c.number, sizeof(c.number), "%s", id);
	return c;
}

/* Clauses pair up by id, in the new order, deletions where they stood
 * and before insertions at the same place. */
static void test_compare(void **state)
{
	acc_clause a[] = {clause("a", "A", "one\n"), clause("b", "B", "two\n"),
			  clause("c", "C", "three\n"), clause("d", "D", "four\n"),
			  clause("e", "E", "five\n")};
	acc_clause b[] = {clause("a", "A", "one\n"), clause("x", "X", "new\n"),
			  clause("c", "C", "THREE\n"), clause("d", "Dee", "four\n"),
			  clause("y", "Y", "last\n")};
	acc_state from, to;
	acc_clause_change *v = NULL;
	size_t n = 0, i;
	static const struct {
		const char *id;
		acc_change_kind kind;
	} want[] = {{"a", ACC_CHANGE_NONE},	{"b", ACC_CHANGE_DELETED},
		    {"x", ACC_CHANGE_INSERTED}, {"c", ACC_CHANGE_AMENDED},
		    {"d", ACC_CHANGE_AMENDED},	{"e", ACC_CHANGE_DELETED},
		    {"y", ACC_CHANGE_INSERTED}};

	(void)state;
	memset(&from, 0, sizeof(from));
	memset(&to, 0, sizeof(to));
	from.clauses = a;
	from.nclauses = 5;
	to.clauses = b;
	to.nclauses = 5;
	OK(acc_history_compare(&v, &n, &from, &to));
	assert_int_equal(n, sizeof(want) / sizeof(*want));
	for (i = 0; i < n; i++) {
		const acc_clause *cl = v[i].to ? v[i].to : v[i].from;

		if (strcmp(cl->id, want[i].id) != 0 || v[i].kind != want[i].kind)
			fail_msg("change %zu: %s %s, wanted %s %s", i, cl->id,
				 acc_change_name(v[i].kind), want[i].id,
				 acc_change_name(want[i].kind));
	}
	free(v);
	/* against an empty state: all inserted, in order */
	from.nclauses = 0;
	OK(acc_history_compare(&v, &n, &from, &to));
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].kind, ACC_CHANGE_INSERTED);
		assert_ptr_equal(v[i].to, &b[i]);
	}
	free(v);
}

/* ------------------------------------------------------- real repositories */

static char *tmp_root;
static int conv_seq;

#define CHAIR "carla@chair.example"
#define ANN   "ann@a.example"
#define CY    "cy@b.example"
#define DEE   "dee@c.example"

static const char alpha_text[] = "Alpha one two three four five six.\n";
static const char beta_text[] = "Beta one two.\n\nBeta three four.\n";

/* Creates the group's temporary folder and isolates git. */
static int group_setup(void **state)
{
	char *home;
	int rc;

	(void)state;
	if (!(tmp_root = tu_mkdtemp()))
		return -1;
	home = acc_sprintf("%s/home", tmp_root);
	rc = home && tu_mkdirs(home) == 0 && tu_isolate(home) == 0 ? 0 : -1;
	free(home);
	return rc;
}

/* Removes the group's temporary folder. */
static int group_teardown(void **state)
{
	int rc = tu_rmrf(tmp_root);

	(void)state;
	free(tmp_root);
	tmp_root = NULL;
	return rc;
}

/* Makes a convention with three members and clauses alpha, beta, gamma;
 * returns a context on it (no actor yet). */
static acc_ctx *conv_new(void)
{
	char prop[512], dir[512];
	static const struct {
		const char *path, *data;
	} files[] = {
	    {"convention", "Title: Test Convention\nChair: chair-org\nRule: simple\nQuorum: "
			   "1/2\n\nPreamble.\n"},
	    {"toc", "\nalpha\nbeta\ngamma\n"},
	    {"clauses/alpha", NULL},
	    {"clauses/beta", NULL},
	    {"clauses/gamma", "Heading: Gamma\n\nGamma text stays.\n"},
	    {"orgs/chair-org", "Name: The Chair\nType: secretariat\nRole: chair\nWeight: "
			       "1\nDelegate: Carla Chair <" CHAIR ">\n\n"},
	    {"orgs/member-a", "Name: Member A\nType: government\nRole: member\nWeight: "
			      "1\nDelegate: Ann A <" ANN ">\n\n"},
	    {"orgs/member-b", "Name: Member B\nType: company\nRole: member\nWeight: 1\nDelegate: "
			      "Cy B <" CY ">\n\n"},
	    {"orgs/member-c", "Name: Member C\nType: civil-society\nRole: member\nWeight: "
			      "1\nDelegate: Dee C <" DEE ">\n\n"},
	};
	acc_person who = {"Carla Chair", CHAIR, 1700000000, 0};
	acc_oid_hex commit;
	acc_ctx *c = NULL;
	size_t i;

	conv_seq++;
	snprintf(prop, sizeof(prop), "%s/prop-%d", tmp_root, conv_seq);
	snprintf(dir, sizeof(dir), "%s/conv-%d", tmp_root, conv_seq);
	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char *data = files[i].data ? acc_strdup(files[i].data)
			     : strcmp(files[i].path, "clauses/alpha") == 0
				 ? acc_sprintf("Heading: Alpha\n\n%s", alpha_text)
				 : acc_sprintf("Heading: Beta\n\n%s", beta_text);

		assert_int_equal(tu_write_str(prop, files[i].path, data), 0);
		free(data);
	}
	OK(acc_ops_init(commit, dir, prop, &who, NULL, 0));
	OK(acc_ctx_open(&c, dir, NULL));
	acc_ctx_set_now(c, 1700000000);
	return c;
}

/* Acts as email from now on, a minute later. */
static void as(acc_ctx *c, const char *email)
{
	acc_ctx_set_actor(c, email);
	acc_ctx_set_now(c, acc_ctx_now(c) + 60);
}

/* Proposes text for clause (or for the amendment `amends`); returns the id. */
static char *propose(acc_ctx *c, const char *email, const char *clause, const char *amends,
		     const char *text)
{
	acc_propose_args a;
	acc_oid_hex commit;
	char *id = NULL;

	memset(&a, 0, sizeof(a));
	a.clause = clause;
	a.amends = amends;
	a.op = ACC_OP_REPLACE;
	a.text = text;
	a.len = strlen(text);
	as(c, email);
	OK(acc_ops_propose(&id, commit, c, &a));
	return id;
}

/* Opens the ballot on id, all three members vote yes, closes it; the
 * closing commit goes to close. */
static void adopt(acc_ctx *c, const char *id, acc_oid_hex close)
{
	static const char *const voters[] = {ANN, CY, DEE};
	acc_oid_hex commit;
	acc_tally t;
	size_t i;

	as(c, CHAIR);
	OK(acc_ops_open(commit, c, id, NULL, NULL));
	for (i = 0; i < 3; i++) {
		as(c, voters[i]);
		OK(acc_ops_vote(commit, c, id, ACC_VOTE_YES));
	}
	as(c, CHAIR);
	OK(acc_ops_close(close, &t, NULL, c, id));
	assert_int_equal(t.result, ACC_RESULT_ADOPTED);
}

/* The state at the tip. */
static acc_state *tip(acc_ctx *c)
{
	acc_state *st = NULL;
	acc_oid_hex head;

	OK(acc_ops_state(&st, head, c, NULL));
	return st;
}

/* The status of amendment id at the tip. */
static acc_status status_of(acc_ctx *c, const char *id)
{
	acc_state *st = tip(c);
	const acc_amendment *a = acc_state_amendment(st, id);
	acc_status s;

	assert_non_null(a);
	s = a->status;
	acc_state_free(st);
	return s;
}

/* Checks the blame of clause: runs given as text, amendment id ("" for
 * the original text) pairs, NULL-terminated. */
static acc_blame *blame_is(acc_ctx *c, const char *clause, const char *const *want)
{
	acc_blame *b = NULL;
	acc_buf all = ACC_BUF_INIT;
	size_t i, n = 0;

	OK(acc_history_blame(&b, c, clause, NULL));
	while (want[2 * n])
		n++;
	for (i = 0; i < b->nruns && i < n; i++) {
		const acc_origin *o = &b->origins[b->runs[i].origin];
		const char *who = o->kind == ACC_ORIGIN_ORIGINAL ? "" : o->amendment;

		if (b->runs[i].len != strlen(want[2 * i]) ||
		    memcmp(b->text + b->runs[i].start, want[2 * i], b->runs[i].len) != 0 || !who ||
		    strcmp(who, want[2 * i + 1]) != 0)
			fail_msg("run %zu is \"%.*s\" from '%s', wanted \"%s\" from '%s'", i,
				 (int)b->runs[i].len, b->text + b->runs[i].start, who ? who : "?",
				 want[2 * i], want[2 * i + 1]);
	}
	for (i = 0; i < b->nruns; i++) {
		assert_int_equal(b->runs[i].start, all.size);
		acc_buf_put(&all, b->text + b->runs[i].start, b->runs[i].len);
	}
	assert_string_equal(all.ptr ? all.ptr : "", b->text);
	acc_buf_free(&all);
	if (b->nruns != n)
		fail_msg("%zu runs, wanted %zu", b->nruns, n);
	return b;
}

/* The origin of run i of b. */
static const acc_origin *origin(const acc_blame *b, size_t i)
{
	return &b->origins[b->runs[i].origin];
}

/* A clause never amended is all original text. */
static void test_blame_original(void **state)
{
	acc_ctx *c = conv_new();
	static const char *const want[] = {"Gamma text stays.\n", "", NULL};
	acc_blame *b = blame_is(c, "gamma", want);

	(void)state;
	assert_int_equal(b->adoptions, 0);
	assert_int_equal(origin(b, 0)->kind, ACC_ORIGIN_ORIGINAL);
	acc_blame_free(b);
	/* a clause that does not exist */
	assert_int_equal(acc_history_blame(&b, c, "nope", NULL), ACC_ENOTFOUND);
	assert_null(b);
	acc_ctx_free(c);
}

/* Two adoptions, one after the other: each word goes to its amendment,
 * with its sponsor, ballot and tally. */
static void test_blame_two_adoptions(void **state)
{
	acc_ctx *c = conv_new();
	acc_oid_hex close1, close2;
	char *a1, *a2;
	acc_blame *b;

	(void)state;
	a1 = propose(c, ANN, "alpha", NULL, "Alpha one TWO three four five six.\n");
	adopt(c, a1, close1);
	a2 = propose(c, CY, "alpha", NULL, "Alpha one TWO three four FIVE and more six.\n");
	adopt(c, a2, close2);
	{
		const char *const want[] = {
		    "Alpha one ", "",	     "TWO", a1,	 " three four ", "", "FIVE and more",
		    a2,		  " six.\n", "",    NULL};

		b = blame_is(c, "alpha", want);
	}
	assert_int_equal(b->adoptions, 2);
	assert_string_equal(origin(b, 1)->sponsor, "member-a");
	assert_string_equal(origin(b, 1)->ballot, close1);
	assert_string_equal(origin(b, 1)->commit, close1);
	assert_int_equal(origin(b, 1)->yes, 3);
	assert_int_equal(origin(b, 1)->no, 0);
	assert_null(origin(b, 1)->via);
	assert_string_equal(origin(b, 3)->sponsor, "member-b");
	assert_string_equal(origin(b, 3)->ballot, close2);
	assert_true(origin(b, 3)->time > origin(b, 1)->time);
	acc_blame_free(b);
	/* at the first adoption, only the first amendment's words */
	{
		const char *const want[] = {"Alpha one ", "",  "TWO", a1, " three four five six.\n",
					    "",		  NULL};
		acc_blame *b1 = NULL;

		OK(acc_history_blame(&b1, c, "alpha", close1));
		assert_string_equal(b1->revision, close1);
		assert_int_equal(b1->nruns, 3);
		assert_string_equal(b1->text, "Alpha one TWO three four five six.\n");
		assert_string_equal(origin(b1, 1)->amendment, want[3]);
		acc_blame_free(b1);
	}
	free(a1);
	free(a2);
	acc_ctx_free(c);
}

/* The texts an amendment's diff compares, as its status changes. */
static void test_amendment_texts(void **state)
{
	acc_ctx *c = conv_new();
	acc_oid_hex close;
	acc_against k;
	acc_state *st;
	char *old = NULL, *new = NULL, *a1, *a2, *sub;

	(void)state;
	a1 = propose(c, ANN, "beta", NULL, "Beta ONE two.\n\nBeta three four.\n");
	a2 = propose(c, CY, "beta", NULL, "Beta one two.\n\nBeta three FOUR.\n");
	sub = propose(c, DEE, NULL, a2, "Beta one two.\n\nBeta three 4.\n");
	st = tip(c);
	OK(acc_ops_amendment_texts(&old, &new, &k, acc_ctx_store(c), st,
				   acc_state_amendment(st, a1)));
	assert_int_equal(k, ACC_AGAINST_CLAUSE);
	assert_string_equal(old, beta_text);
	assert_string_equal(new, "Beta ONE two.\n\nBeta three four.\n");
	free(old);
	free(new);
	OK(acc_ops_amendment_texts(&old, &new, &k, acc_ctx_store(c), st,
				   acc_state_amendment(st, sub)));
	assert_int_equal(k, ACC_AGAINST_PARENT);
	assert_string_equal(old, "Beta one two.\n\nBeta three FOUR.\n");
	free(old);
	free(new);
	acc_state_free(st);
	adopt(c, a1, close);
	assert_int_equal(status_of(c, a2), ACC_ST_STALE);
	st = tip(c);
	/* stale: against the text it was drafted against, not the new one */
	OK(acc_ops_amendment_texts(&old, &new, &k, acc_ctx_store(c), st,
				   acc_state_amendment(st, a2)));
	assert_int_equal(k, ACC_AGAINST_BASE);
	assert_string_equal(old, beta_text);
	assert_string_equal(new, "Beta one two.\n\nBeta three FOUR.\n");
	free(old);
	free(new);
	/* adopted: against what it replaced */
	OK(acc_ops_amendment_texts(&old, &new, &k, acc_ctx_store(c), st,
				   acc_state_amendment(st, a1)));
	assert_int_equal(k, ACC_AGAINST_BASE);
	assert_string_equal(old, beta_text);
	free(old);
	free(new);
	acc_state_free(st);
	/* put to the vote, then its clause changed by another adoption: against
	 * what it was drafted against, not the new text */
	{
		char *x = propose(c, ANN, "gamma", NULL, "Gamma text stays put.\n");
		char *y = propose(c, CY, "gamma", NULL, "The Gamma text stays.\n");
		acc_oid_hex commit;

		as(c, CHAIR);
		OK(acc_ops_open(commit, c, y, NULL, NULL));
		adopt(c, x, close);
		assert_int_equal(status_of(c, y), ACC_ST_VOTING);
		st = tip(c);
		OK(acc_ops_amendment_texts(&old, &new, &k, acc_ctx_store(c), st,
					   acc_state_amendment(st, y)));
		assert_int_equal(k, ACC_AGAINST_BASE);
		assert_string_equal(old, "Gamma text stays.\n");
		free(old);
		free(new);
		acc_state_free(st);
		free(x);
		free(y);
	}
	free(a1);
	free(a2);
	free(sub);
	acc_ctx_free(c);
}

/* A stale amendment rebased, then adopted: the words it carried over stay
 * with the amendment that first adopted them. */
static void test_rebase_then_blame(void **state)
{
	acc_ctx *c = conv_new();
	acc_oid_hex close1, close3, commit, head;
	acc_commit_info ci;
	acc_state *st;
	const acc_amendment *a;
	char *a1, *a3, *conflict = NULL, *t;

	(void)state;
	a1 = propose(c, ANN, "beta", NULL, "Beta ONE two.\n\nBeta three four.\n");
	a3 = propose(c, CY, "beta", NULL, "Beta one two.\n\nBeta three four and five.\n");
	adopt(c, a1, close1);
	assert_int_equal(status_of(c, a3), ACC_ST_STALE);
	/* only the sponsor rebases */
	as(c, ANN);
	acc_error_clear();
	assert_int_equal(acc_ops_rebase(commit, &conflict, c, a3), ACC_EREFUSED);
	assert_non_null(strstr(acc_error_last(), "only its sponsor (member-b)"));
	assert_null(conflict);
	as(c, CY);
	OK(acc_ops_rebase(commit, &conflict, c, a3));
	assert_null(conflict);
	assert_int_equal(status_of(c, a3), ACC_ST_TABLED);
	st = tip(c);
	a = acc_state_amendment(st, a3);
	assert_string_equal(a->text, "Beta ONE two.\n\nBeta three four and five.\n");
	assert_string_equal(a->base, acc_state_clause(st, "beta")->blob);
	acc_state_free(st);
	/* one commit, with its trailers */
	OK(acc_store_head(acc_ctx_store(c), head));
	assert_string_equal(head, commit);
	memset(&ci, 0, sizeof(ci));
	OK(acc_store_commit_info(&ci, acc_ctx_store(c), commit));
	t = acc_trailer(ci.message, "Action");
	assert_string_equal(t, "rebase");
	free(t);
	t = acc_trailer(ci.message, "Amendment");
	assert_string_equal(t, a3);
	free(t);
	t = acc_trailer(ci.message, "Org");
	assert_string_equal(t, "member-b");
	free(t);
	t = acc_trailer(ci.message, "Clause");
	assert_string_equal(t, "beta");
	free(t);
	assert_string_equal(ci.author_email, CY);
	acc_commit_info_clear(&ci);
	/* not stale any more: nothing to rebase */
	acc_error_clear();
	assert_int_equal(acc_ops_rebase(commit, NULL, c, a3), ACC_EREFUSED);
	adopt(c, a3, close3);
	{
		const char *const want[] = {
		    "Beta ", "",    "ONE", a1,	" two.\n\nBeta three four", "", " and five",
		    a3,	     ".\n", "",	   NULL};
		acc_blame *b = blame_is(c, "beta", want);

		assert_string_equal(origin(b, 1)->ballot, close1);
		assert_string_equal(origin(b, 3)->ballot, close3);
		acc_blame_free(b);
	}
	free(a1);
	free(a3);
	acc_ctx_free(c);
}

/* An adopted amendment to an amendment: its words are credited to it,
 * adopted into its parent; the parent's own words to the parent. */
static void test_blame_sub_amendment(void **state)
{
	acc_ctx *c = conv_new();
	acc_oid_hex closes, closep;
	char *p, *s;
	acc_blame *b;

	(void)state;
	p = propose(c, ANN, "alpha", NULL, "Alpha ONE two three four five six.\n");
	s = propose(c, CY, NULL, p, "Alpha ONE two three four five SIX.\n");
	adopt(c, s, closes);
	adopt(c, p, closep);
	{
		const char *const want[] = {
		    "Alpha ", "", "ONE", p, " two three four five ", "", "SIX", s, ".\n", "", NULL};

		b = blame_is(c, "alpha", want);
	}
	assert_int_equal(b->adoptions, 1);
	assert_null(origin(b, 1)->via);
	assert_string_equal(origin(b, 1)->ballot, closep);
	assert_string_equal(origin(b, 3)->via, p);
	assert_string_equal(origin(b, 3)->ballot, closes);
	assert_string_equal(origin(b, 3)->commit, closep);
	assert_string_equal(origin(b, 3)->sponsor, "member-b");
	acc_blame_free(b);
	free(p);
	free(s);
	acc_ctx_free(c);
}

/* An inserted clause: every word is the inserting amendment's. */
static void test_blame_inserted_clause(void **state)
{
	acc_ctx *c = conv_new();
	acc_propose_args a;
	acc_oid_hex commit, close;
	char *id = NULL;
	static const char text[] = "Delta is new.\n\nIt has two paragraphs.\n";

	(void)state;
	memset(&a, 0, sizeof(a));
	a.clause = "alpha";
	a.op = ACC_OP_INSERT_AFTER;
	a.text = text;
	a.len = strlen(text);
	a.heading = "Delta";
	a.new_clause = "delta";
	as(c, DEE);
	OK(acc_ops_propose(&id, commit, c, &a));
	adopt(c, id, close);
	{
		const char *const want[] = {text, id, NULL};
		acc_blame *b = blame_is(c, "delta", want);

		assert_string_equal(origin(b, 0)->sponsor, "member-c");
		assert_string_equal(origin(b, 0)->commit, close);
		acc_blame_free(b);
	}
	free(id);
	acc_ctx_free(c);
}

/*
 * A conflict, reached through an amendment to an amendment: P changes the
 * first paragraph, S (amending P) the word "three" of the second; A, also
 * changing "three", is adopted.  P stays clean (another paragraph) and is
 * rebased; S, drafted against P's old text, now overlaps: the rebase
 * fails, shows the conflict and writes nothing.  S2, changing "four"
 * (a different word of the same paragraph), rebases cleanly.
 */
static void test_rebase_conflict(void **state)
{
	acc_ctx *c = conv_new();
	acc_oid_hex close, commit, before, after;
	char *p, *s, *s2, *a, *conflict = NULL;
	acc_state *st;

	(void)state;
	p = propose(c, ANN, "beta", NULL, "Beta ONE two.\n\nBeta three four.\n");
	s = propose(c, CY, NULL, p, "Beta ONE two.\n\nBeta THREE four.\n");
	s2 = propose(c, DEE, NULL, p, "Beta ONE two.\n\nBeta three FOUR.\n");
	a = propose(c, DEE, "beta", NULL, "Beta one two.\n\nBeta 3 four.\n");
	adopt(c, a, close);
	assert_int_equal(status_of(c, p), ACC_ST_STALE);
	assert_int_equal(status_of(c, s), ACC_ST_TABLED);
	as(c, ANN);
	OK(acc_ops_rebase(commit, NULL, c, p));
	assert_int_equal(status_of(c, s), ACC_ST_STALE);
	assert_int_equal(status_of(c, s2), ACC_ST_STALE);
	OK(acc_store_head(acc_ctx_store(c), before));
	as(c, CY);
	acc_error_clear();
	assert_int_equal(acc_ops_rebase(commit, &conflict, c, s), ACC_ERROR);
	assert_non_null(strstr(acc_error_last(), "its changes overlap"));
	assert_non_null(conflict);
	assert_string_equal(conflict, "Beta ONE two.\n\nBeta \n"
				      "<<<<<<< current text\n"
				      "3\n"
				      "||||||| drafted against\n"
				      "three\n"
				      "=======\n"
				      "THREE\n"
				      ">>>>>>> amendment\n"
				      " four.\n");
	free(conflict);
	OK(acc_store_head(acc_ctx_store(c), after));
	assert_string_equal(before, after);
	assert_int_equal(status_of(c, s), ACC_ST_STALE);
	/* the other sub-amendment merges word by word */
	as(c, DEE);
	OK(acc_ops_rebase(commit, NULL, c, s2));
	st = tip(c);
	assert_string_equal(acc_state_amendment(st, s2)->text, "Beta ONE two.\n\nBeta 3 FOUR.\n");
	assert_int_equal(acc_state_amendment(st, s2)->status, ACC_ST_TABLED);
	acc_state_free(st);
	free(p);
	free(s);
	free(s2);
	free(a);
	acc_ctx_free(c);
}

/* A stale deletion is rebased by moving its base: it still deletes the
 * clause, now as amended. */
static void test_rebase_deletion(void **state)
{
	acc_ctx *c = conv_new();
	acc_propose_args pa;
	acc_oid_hex commit, close;
	acc_state *st;
	char *del = NULL, *a1;

	(void)state;
	memset(&pa, 0, sizeof(pa));
	pa.clause = "gamma";
	pa.op = ACC_OP_DELETE;
	as(c, CY);
	OK(acc_ops_propose(&del, commit, c, &pa));
	a1 = propose(c, ANN, "gamma", NULL, "Gamma text changes.\n");
	adopt(c, a1, close);
	assert_int_equal(status_of(c, del), ACC_ST_STALE);
	as(c, CY);
	OK(acc_ops_rebase(commit, NULL, c, del));
	st = tip(c);
	assert_int_equal(acc_state_amendment(st, del)->status, ACC_ST_TABLED);
	assert_string_equal(acc_state_amendment(st, del)->text, "");
	assert_string_equal(acc_state_amendment(st, del)->base,
			    acc_state_clause(st, "gamma")->blob);
	acc_state_free(st);
	free(del);
	free(a1);
	acc_ctx_free(c);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_merge_different_words),
	    cmocka_unit_test(test_merge_one_side),
	    cmocka_unit_test(test_merge_same_change),
	    cmocka_unit_test(test_merge_conflict_same_word),
	    cmocka_unit_test(test_merge_conflict_adjacent),
	    cmocka_unit_test(test_merge_line_merge_conflicts),
	    cmocka_unit_test(test_merge_property),
	    cmocka_unit_test(test_compare),
	};
	const struct CMUnitTest repo[] = {
	    cmocka_unit_test(test_blame_original),
	    cmocka_unit_test(test_blame_two_adoptions),
	    cmocka_unit_test(test_amendment_texts),
	    cmocka_unit_test(test_rebase_then_blame),
	    cmocka_unit_test(test_blame_sub_amendment),
	    cmocka_unit_test(test_blame_inserted_clause),
	    cmocka_unit_test(test_rebase_conflict),
	    cmocka_unit_test(test_rebase_deletion),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("history: merge and compare", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("history: rebase and blame", repo, group_setup,
					      group_teardown);
	return failed ? 1 : 0;
}
