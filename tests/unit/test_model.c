/* Unit tests of model: ids, emails, fractions, amendment ids, and loading
 * a convention from a folder (the bundled proposal and hostile variants
 * of a small one, each error naming its file and line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/model.h"
#include "accord/record.h"
#include "helpers/testutil.h"

/* ---------------------------------------------------------------- helpers */

/* Fails unless message m starts with prefix. */
static void assert_prefix(const char *m, const char *prefix)
{
	if (strncmp(m, prefix, strlen(prefix)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", m, prefix);
}

/* Fails unless message m contains part. */
static void assert_contains(const char *m, const char *part)
{
	if (!strstr(m, part))
		fail_msg("message \"%s\" does not contain \"%s\"", m, part);
}

/* Fails unless m is printable ASCII (no control or non-ASCII byte). */
static void assert_printable(const char *m)
{
	size_t i;

	for (i = 0; m[i]; i++)
		if ((unsigned char)m[i] < 0x20 || (unsigned char)m[i] >= 0x7f)
			fail_msg("message \"%s\" has byte 0x%02x at %zu", m, (unsigned char)m[i],
				 i);
}

/* ------------------------------------------------------------------- ids */

/* Well-formed ids are accepted, at every length up to the limit. */
static void test_id_valid_good(void **state)
{
	static const char *const good[] = {"a",		 "z",		"0",	 "9",
					   "norland",	 "san-teodoro", "a-b-c", "part-2",
					   "2024-draft", "x0-y1",	NULL};
	char id[ACC_ID_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; good[i]; i++) {
		if (!acc_id_valid(good[i]))
			fail_msg("'%s' should be a valid id", good[i]);
		acc_error_clear();
		assert_int_equal(acc_id_check(good[i], "clause"), 0);
	}
	memset(id, 'a', ACC_ID_MAX);
	id[ACC_ID_MAX] = '\0';
	assert_true(acc_id_valid(id)); /* exactly 48 */
	id[ACC_ID_MAX - 1] = '7';
	assert_true(acc_id_valid(id));
}

/* Hostile ids are refused by acc_id_valid and acc_id_check. */
static void test_id_valid_hostile(void **state)
{
	static const char *const bad[] = {"../x", "A",	  "",	 "a--b", "-a",	    "a-",
					  "a b",  "a/b",  "é",	 "x.y",	 "a_b",	    "a\tb",
					  "a\nb", ".",	  "..",	 "-",	 "Norland", "norland ",
					  " a",	  "a\\b", "a:b", "a*",	 "ab\x7f",  NULL};
	char id[ACC_ID_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		if (acc_id_valid(bad[i]))
			fail_msg("'%s' should not be a valid id", bad[i]);
		acc_error_clear();
		assert_int_equal(acc_id_check(bad[i], "clause"), ACC_EINVAL);
		assert_int_equal(acc_error_code(), ACC_EINVAL);
		assert_prefix(acc_error_last(), "invalid clause id '");
	}
	memset(id, 'a', ACC_ID_MAX + 1);
	id[ACC_ID_MAX + 1] = '\0';
	assert_false(acc_id_valid(id)); /* 49 characters */
}

/* The message of acc_id_check names what and shows the id safely: no
 * control bytes, no raw non-ASCII, bounded length. */
static void test_id_check_message(void **state)
{
	char longid[300];

	(void)state;
	assert_int_equal(acc_id_check("Bad", "organisation"), ACC_EINVAL);
	assert_prefix(acc_error_last(), "invalid organisation id 'Bad'");

	assert_int_equal(acc_id_check("a\x1b[31mred\x1b[0m\r\n\xc3\xa9", "clause"), ACC_EINVAL);
	assert_printable(acc_error_last());
	assert_prefix(acc_error_last(), "invalid clause id '");

	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	assert_int_equal(acc_id_check(longid, "clause"), ACC_EINVAL);
	assert_printable(acc_error_last());
	assert_true(strlen(acc_error_last()) < 200);
}

/* ---------------------------------------------------------------- emails */

/* Plain addresses are accepted. */
static void test_email_good(void **state)
{
	static const char *const good[] = {"ingrid.halvorsen@mfa.norland.example",
					   "a@b.org",
					   "first.last+tag@sub.example.com",
					   "x_y@example.org",
					   "n1@e2.io",
					   NULL};
	char buf[300];
	size_t i;

	(void)state;
	for (i = 0; good[i]; i++)
		if (!acc_email_valid(good[i]))
			fail_msg("'%s' should be a valid email", good[i]);
	/* 254 bytes is the limit */
	memset(buf, 'a', 250);
	memcpy(buf + 250 - 8, "@example.org", 13);
	assert_int_equal(strlen(buf), 254);
	assert_true(acc_email_valid(buf));
	memmove(buf + 1, buf, 255);
	buf[0] = 'b';
	assert_int_equal(strlen(buf), 255);
	assert_false(acc_email_valid(buf));
}

/* Hostile addresses (that could break a list, a shell, a signature
 * principals file or a pattern) are refused. */
static void test_email_hostile(void **state)
{
	static const char *const bad[] = {"a,b@example.org", /* comma: separates principals */
					  "a@example.org,b@example.org",
					  "a b@example.org",
					  " a@example.org",
					  "a@example.org ",
					  "\"a\"@example.org",
					  "'a'@example.org",
					  "*@example.org", /* wildcard in allowed_signers */
					  "a@*.org",
					  "a?@example.org",
					  "-a@example.org", /* option injection */
					  "example.org",    /* no '@' */
					  "a@b@example.org",
					  "@example.org",
					  "a@",
					  "",
					  "a@localhost", /* no dot in the domain */
					  "a@.example.org",
					  "a@example.org.",
					  "a@example..org",
					  "\xc3\xa9@example.org",
					  "a\t@example.org",
					  "a\n@example.org",
					  "<a@example.org>",
					  "a;b@example.org",
					  "a\\b@example.org",
					  "a`id`@example.org",
					  "a(b)@example.org",
					  "a|b@example.org",
					  NULL};
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++)
		if (acc_email_valid(bad[i]))
			fail_msg("'%s' should not be a valid email", bad[i]);
}

/* ------------------------------------------------------------- fractions */

/* Fractions parse to the right value and format back. */
static void test_fraction_parse(void **state)
{
	static const struct {
		const char *in;
		unsigned num, den; /* the value, compared by cross-multiplying */
	} good[] = {{"1/2", 1, 2}, {"2/3", 2, 3},  {"0", 0, 1},	   {"1", 1, 1},
		    {"0.5", 1, 2}, {"0.25", 1, 4}, {"1/1", 1, 1},  {"0/3", 0, 1},
		    {"3/4", 3, 4}, {"0.75", 3, 4}, {"10/20", 1, 2}};
	static const char *const bad[] = {"",	  "/",	  "1/",	  "/2",	   "1/0",  "3/2",
					  "-1/2", "1/-2", "abc",  "1/2/3", "0.",   ".5",
					  "1.5",  "2",	  "1 /2", " 1/2",  "1/2 ", "0.5x",
					  "x/2",  "1/2x", "+1/2", "01/2",  "1/02", NULL};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++) {
		unsigned n = 99, d = 99;

		if (acc_fraction_parse(&n, &d, good[i].in) != 0)
			fail_msg("'%s' should parse: %s", good[i].in, acc_error_last());
		assert_true(d > 0);
		if ((unsigned long long)n * good[i].den != (unsigned long long)good[i].num * d)
			fail_msg("'%s' parsed as %u/%u", good[i].in, n, d);
	}
	for (i = 0; bad[i]; i++) {
		unsigned n = 0, d = 0;

		acc_error_clear();
		if (acc_fraction_parse(&n, &d, bad[i]) != ACC_EINVAL)
			fail_msg("'%s' should not parse (got %u/%u)", bad[i], n, d);
		assert_prefix(acc_error_last(), "invalid fraction");
	}
}

/* Formatting gives "n/d" or "0", and what it writes parses back to the
 * same value. */
static void test_fraction_format(void **state)
{
	static const unsigned pairs[][2] = {{1, 2}, {2, 3}, {1, 1}, {3, 4}, {7, 10}};
	char buf[32];
	size_t i;

	(void)state;
	acc_fraction_format(buf, sizeof(buf), 1, 2);
	assert_string_equal(buf, "1/2");
	acc_fraction_format(buf, sizeof(buf), 2, 3);
	assert_string_equal(buf, "2/3");
	acc_fraction_format(buf, sizeof(buf), 0, 1);
	assert_string_equal(buf, "0");
	acc_fraction_format(buf, sizeof(buf), 0, 0);
	assert_string_equal(buf, "0");
	for (i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		unsigned n = 0, d = 0;

		acc_fraction_format(buf, sizeof(buf), pairs[i][0], pairs[i][1]);
		assert_int_equal(acc_fraction_parse(&n, &d, buf), 0);
		assert_int_equal(n, pairs[i][0]);
		assert_int_equal(d, pairs[i][1]);
	}
	/* a small buffer is never overrun and stays terminated */
	memset(buf, 'z', sizeof(buf));
	acc_fraction_format(buf, 4, 123, 456);
	assert_int_equal(strlen(buf), 3);
	assert_int_equal(buf[4], 'z');
}

/* -------------------------------------------------------- amendment ids */

/* "<org>-<n>" splits at the last dash; anything else is refused. */
static void test_amendment_id_split(void **state)
{
	static const char *const bad[] = {
	    "norland",	  "norland-0",	"norland-x",	      "norland-",   "-3",
	    "norland-03", "Norland-3",	"norland--3",	      "norland-3x", "",
	    "../x-1",	  "norland-1-", "norland-1234567890", NULL};
	char *org = NULL;
	unsigned seq = 0;
	size_t i;

	(void)state;
	assert_int_equal(acc_amendment_id_split(&org, &seq, "norland-3"), 0);
	assert_string_equal(org, "norland");
	assert_int_equal(seq, 3);
	free(org);

	assert_int_equal(acc_amendment_id_split(&org, &seq, "san-teodoro-12"), 0);
	assert_string_equal(org, "san-teodoro");
	assert_int_equal(seq, 12);
	free(org);

	assert_int_equal(acc_amendment_id_split(&org, &seq, "x-1"), 0);
	assert_string_equal(org, "x");
	assert_int_equal(seq, 1);
	free(org);

	for (i = 0; bad[i]; i++) {
		org = (char *)"sentinel";
		acc_error_clear();
		if (acc_amendment_id_split(&org, &seq, bad[i]) != ACC_EINVAL)
			fail_msg("'%s' should not split (got %s, %u)", bad[i], org ? org : "?",
				 seq);
		assert_null(org);
		assert_prefix(acc_error_last(), "invalid amendment id");
	}
}

/* Paths of the layout are built from ids. */
static void test_paths(void **state)
{
	char *p;

	(void)state;
	p = acc_path_clause("purpose");
	assert_string_equal(p, "clauses/purpose");
	free(p);
	p = acc_path_org("norland");
	assert_string_equal(p, "orgs/norland");
	free(p);
	p = acc_path_amendment_dir("san-teodoro", 12);
	assert_string_equal(p, "amendments/san-teodoro/12");
	free(p);
	p = acc_path_agenda("purpose");
	assert_string_equal(p, "agenda/purpose");
	free(p);
}

/* ------------------------------------------------- loading: the proposal */

/* The toc of the bundled proposal as (depth, id) read independently of the
 * model: n entries into ids/depths (caller frees ids). */
static size_t read_toc(const char *dir, char ***ids, int **depths)
{
	char *toc = tu_read(dir, "toc", NULL), *line, *save = NULL;
	size_t n = 0;

	assert_non_null(toc);
	*ids = calloc(256, sizeof(char *));
	*depths = calloc(256, sizeof(int));
	assert_non_null(*ids);
	assert_non_null(*depths);
	for (line = strtok_r(toc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t sp = strspn(line, " ");

		assert_true(n < 256);
		(*ids)[n] = strdup(line + sp);
		(*depths)[n] = (int)(sp / 2);
		n++;
	}
	free(toc);
	return n;
}

/* The heading and text of a clause file, read independently: the text
 * after "Heading: " on the first line, and everything after the first
 * empty line. */
static void read_clause(const char *dir, const char *id, char **heading, char **text)
{
	char rel[128];
	char *data, *nl, *body;

	snprintf(rel, sizeof(rel), "clauses/%s", id);
	data = tu_read(dir, rel, NULL);
	assert_non_null(data);
	assert_prefix(data, "Heading: ");
	nl = strchr(data, '\n');
	assert_non_null(nl);
	*heading = strndup(data + 9, (size_t)(nl - data - 9));
	body = strstr(data, "\n\n");
	assert_non_null(body);
	*text = strdup(body + 2);
	free(data);
}

/* Converts 1..39 to a roman numeral (independently of the model). */
static void to_roman(char *buf, unsigned n)
{
	static const char *const tens[] = {"", "X", "XX", "XXX"};
	static const char *const ones[] = {"",	"I",  "II",  "III",  "IV",
					   "V", "VI", "VII", "VIII", "IX"};

	snprintf(buf, 16, "%s%s", tens[n / 10], ones[n % 10]);
}

/* The bundled proposal loads: clauses in toc order with derived numbers,
 * headings and texts; organisations sorted; the chair. */
static void test_load_proposal(void **state)
{
	const char *dir = tu_proposal_dir();
	acc_source *src = NULL;
	acc_state *st = NULL;
	const acc_org *org = NULL;
	const acc_delegate *del = NULL;
	char **ids = NULL;
	int *depths = NULL;
	size_t n, i, chairs = 0;
	unsigned parts = 0, articles = 0;

	(void)state;
	if (!dir)
		fail_msg("cannot find proposals/digital-geneva-convention (run from the source "
			 "folder or set ACCORD_SRCDIR)");
	assert_int_equal(acc_source_dir(&src, dir), 0);
	if (acc_state_load(&st, src) != 0)
		fail_msg("the bundled proposal does not load: %s", acc_error_last());
	assert_non_null(st);

	/* the convention record */
	assert_string_equal(st->conv.title, "Digital Geneva Convention");
	assert_string_equal(st->conv.short_title, "DGC");
	assert_string_equal(st->conv.language, "en");
	assert_string_equal(st->conv.chair, "secretariat");
	assert_int_equal(st->conv.rule, ACC_RULE_SIMPLE);
	assert_int_equal(st->conv.ratification_rule, ACC_RULE_TWO_THIRDS);
	assert_int_equal(st->conv.quorum_num * 2, st->conv.quorum_den);
	assert_int_equal(st->conv.rat_quorum_num * 3, st->conv.rat_quorum_den * 2);
	assert_int_equal(st->conv.signatures_required, 1);
	assert_prefix(st->conv.preamble, "Recognising that information");

	/* clauses: order, depth, numbers, headings and texts */
	n = read_toc(dir, &ids, &depths);
	assert_int_equal(n, 44); /* 43 and Annex I */
	assert_int_equal(st->nclauses, n);
	for (i = 0; i < n; i++) {
		const acc_clause *c = &st->clauses[i];
		char want[16], *heading, *text;
		int container = i + 1 < n && depths[i + 1] > depths[i];

		assert_string_equal(c->id, ids[i]);
		assert_int_equal(c->depth, depths[i]);
		assert_int_equal(c->container, container);
		if (strcmp(c->id, "annex-critical-infrastructure") == 0) {
			to_roman(want, 1); /* the annex: numbered apart */
			assert_true(c->annex);
		} else if (container) {
			to_roman(want, ++parts);
		} else {
			snprintf(want, sizeof(want), "%u", ++articles);
		}
		if (strcmp(c->number, want) != 0)
			fail_msg("clause %s is numbered '%s', expected '%s'", c->id, c->number,
				 want);
		read_clause(dir, c->id, &heading, &text);
		assert_string_equal(c->heading, heading);
		assert_string_equal(c->text, text);
		assert_string_equal(c->blob, ""); /* a folder knows no blob ids */
		assert_ptr_equal(acc_state_clause(st, c->id), c);
		assert_int_equal(acc_state_clause_index(st, c->id), (long)i);
		free(heading);
		free(text);
		free(ids[i]);
	}
	free(ids);
	free(depths);
	assert_int_equal(parts, 7);
	assert_int_equal(articles, 36);
	/* spot checks, written out */
	assert_string_equal(acc_state_clause(st, "part-general")->number, "I");
	assert_string_equal(acc_state_clause(st, "purpose")->number, "1");
	assert_string_equal(acc_state_clause(st, "relationship-to-international-law")->number, "4");
	assert_string_equal(acc_state_clause(st, "part-state-obligations")->number, "II");
	assert_string_equal(acc_state_clause(st, "no-targeting-technology-sector")->number, "5");
	assert_string_equal(acc_state_clause(st, "part-final")->number, "VII");
	assert_string_equal(acc_state_clause(st, "authentic-texts")->number, "36");
	assert_string_equal(acc_state_clause(st, "purpose")->heading, "Purpose");
	assert_string_equal(acc_state_clause(st, "part-general")->heading, "General provisions");
	assert_string_equal(acc_state_clause(st, "part-general")->text, "");
	assert_null(acc_state_clause(st, "no-such-clause"));
	assert_int_equal(acc_state_clause_index(st, "no-such-clause"), -1);

	/* organisations: sorted, one chair, delegates */
	assert_int_equal(st->norgs, 13);
	for (i = 0; i < st->norgs; i++) {
		if (i > 0 && strcmp(st->orgs[i - 1].id, st->orgs[i].id) >= 0)
			fail_msg("orgs not sorted: %s before %s", st->orgs[i - 1].id,
				 st->orgs[i].id);
		if (st->orgs[i].role == ACC_ROLE_CHAIR)
			chairs++;
		assert_ptr_equal(acc_state_org(st, st->orgs[i].id), &st->orgs[i]);
		assert_true(st->orgs[i].weight >= 1);
	}
	assert_int_equal(chairs, 1);
	assert_string_equal(st->orgs[0].id, "astoria");
	assert_string_equal(st->orgs[12].id, "valmora");
	assert_int_equal(acc_state_org(st, "secretariat")->role, ACC_ROLE_CHAIR);
	assert_int_equal(acc_state_org(st, "humanitarian-tech")->role, ACC_ROLE_OBSERVER);
	assert_int_equal(acc_state_org(st, "norland")->role, ACC_ROLE_MEMBER);
	assert_string_equal(acc_state_org(st, "norland")->name, "Republic of Norland");
	assert_string_equal(acc_state_org(st, "norland")->type, "government");
	assert_int_equal(acc_state_org(st, "norland")->ndelegates, 2);
	assert_string_equal(acc_state_org(st, "norland")->delegates[0].name, "Ingrid Halvorsen");
	assert_string_equal(acc_state_org(st, "norland")->delegates[0].email,
			    "ingrid.halvorsen@mfa.norland.example");
	assert_null(acc_state_org(st, "aaa"));
	assert_null(acc_state_org(st, "zzz"));
	assert_null(acc_state_org(st, "norlan"));
	assert_int_equal(
	    acc_state_delegate(&org, &del, st, "helena.marchetti@dgc-secretariat.example"), 0);
	assert_string_equal(org->id, "secretariat");
	assert_string_equal(del->name, "Helena Marchetti");
	assert_int_equal(acc_state_delegate(&org, &del, st, "nobody@example.org"), ACC_ENOTFOUND);

	/* nothing else yet */
	assert_int_equal(st->namendments, 0);
	assert_int_equal(st->nsignatures, 0);
	assert_int_equal(st->ratification.state, ACC_BALLOT_NONE);

	acc_state_free(st);
	acc_source_free(src);
}

/* acc_source_dir reads files, reports absent ones, and lists sorted. */
static void test_source_dir(void **state)
{
	const char *dir = tu_proposal_dir();
	acc_source *src = NULL;
	acc_strlist names = ACC_STRLIST_INIT;
	char *data = NULL, oid[ACC_OID_HEXLEN + 1] = "x";
	size_t len = 0, i;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(acc_source_dir(&src, "/nonexistent/accord/folder"), ACC_ERROR);
	assert_int_equal(acc_source_dir(&src, dir), 0);
	assert_int_equal(src->read(src, "toc", &data, &len, oid), 0);
	assert_int_equal(len, strlen(data));
	assert_string_equal(oid, "");
	assert_prefix(data, "\npart-general\n");
	free(data);
	data = NULL;
	assert_int_equal(src->read(src, "clauses/absent", &data, &len, NULL), ACC_ENOTFOUND);
	assert_int_equal(src->read(src, "clauses", &data, &len, NULL), ACC_ENOTFOUND);
	assert_int_equal(src->list(src, "orgs", &names), 0);
	assert_int_equal(names.count, 13);
	for (i = 1; i < names.count; i++)
		assert_true(strcmp(names.items[i - 1], names.items[i]) < 0);
	acc_strlist_free(&names);
	assert_int_equal(src->list(src, "amendments", &names), 0);
	assert_int_equal(names.count, 0);
	acc_strlist_free(&names);
	acc_source_free(src);
}

/* ----------------------------------------- loading: a small convention */

/* Temporary folder of the loading tests (a group state). */
static char *tmp_root;

/* Creates the temporary folder of the group. */
static int group_setup(void **state)
{
	(void)state;
	tmp_root = tu_mkdtemp();
	return tmp_root ? 0 : -1;
}

/* Removes the temporary folder of the group. */
static int group_teardown(void **state)
{
	int rc = tu_rmrf(tmp_root);

	(void)state;
	free(tmp_root);
	tmp_root = NULL;
	return rc;
}

static const char small_convention[] = "Title: Small Convention\n"
				       "Chair: chair-org\n"
				       "Rule: simple\n"
				       "Quorum: 1/2\n"
				       "\n"
				       "A short preamble.\n";

/* toc lines: 2 part-one, 3 alpha, 4 beta, 5 part-two, 6 gamma */
static const char small_toc[] = "\n"
				"part-one\n"
				"  alpha\n"
				"  beta\n"
				"part-two\n"
				"  gamma\n";

static const char small_chair[] = "Name: The Chair\n"
				  "Type: secretariat\n"
				  "Role: chair\n"
				  "Weight: 1\n"
				  "Delegate: Carla Chair <carla@chair.example>\n"
				  "\n";

/* Role on line 3; delegates on lines 5 and 6 */
static const char small_member_a[] = "Name: Member A\n"
				     "Type: government\n"
				     "Role: member\n"
				     "Weight: 1\n"
				     "Delegate: Ann A <ann@a.example>\n"
				     "Delegate: Bob A <bob@a.example>\n"
				     "\n";

static const char small_member_b[] = "Name: Member B\n"
				     "Type: company\n"
				     "Role: member\n"
				     "Weight: 2\n"
				     "Delegate: Cy B <cy@b.example>\n"
				     "\n";

/* Counter that names each fixture folder uniquely. */
static int fixture_seq;

/* Writes the small convention into a new folder under the group's temp
 * folder and returns its path (static buffer). */
static const char *make_small(void)
{
	static char dir[512];
	static const struct {
		const char *path, *data;
	} files[] = {
	    {"convention", small_convention},
	    {"toc", small_toc},
	    {"clauses/part-one", "Heading: Part one\n\n"},
	    {"clauses/alpha", "Heading: Alpha\n\nAlpha text.\n"},
	    {"clauses/beta", "Heading: Beta\n\nBeta text,\nin two lines.\n"},
	    {"clauses/part-two", "Heading: Part two\n\n"},
	    {"clauses/gamma", "Heading: Gamma\n\nGamma text.\n"},
	    {"orgs/chair-org", small_chair},
	    {"orgs/member-a", small_member_a},
	    {"orgs/member-b", small_member_b},
	};
	size_t i;

	assert_non_null(tmp_root);
	snprintf(dir, sizeof(dir), "%s/fixture-%d", tmp_root, ++fixture_seq);
	for (i = 0; i < sizeof(files) / sizeof(*files); i++)
		assert_int_equal(tu_write_str(dir, files[i].path, files[i].data), 0);
	return dir;
}

/* Loads dir, expecting success; returns the state. */
static acc_state *load_ok(const char *dir)
{
	acc_source *src = NULL;
	acc_state *st = NULL;

	assert_int_equal(acc_source_dir(&src, dir), 0);
	if (acc_state_load(&st, src) != 0)
		fail_msg("%s should load: %s", dir, acc_error_last());
	acc_source_free(src);
	return st;
}

/* Loads dir with load, expecting ACC_EINVAL with a message that starts with prefix
 * and contains part (when not NULL). */
static void load_fails_with(int (*load)(acc_state **, acc_source *), const char *dir,
			    const char *prefix, const char *part)
{
	acc_source *src = NULL;
	acc_state *st = (acc_state *)&st;
	int rc;

	assert_int_equal(acc_source_dir(&src, dir), 0);
	acc_error_clear();
	rc = load(&st, src);
	acc_source_free(src);
	if (rc != ACC_EINVAL) {
		acc_state_free(rc == 0 ? st : NULL);
		fail_msg("expected ACC_EINVAL (\"%s...\"), got %d: %s", prefix, rc,
			 acc_error_last());
	}
	assert_null(st);
	if (getenv("TEST_VERBOSE"))
		print_message("  error: %s\n", acc_error_last());
	assert_int_equal(acc_error_code(), ACC_EINVAL);
	assert_prefix(acc_error_last(), prefix);
	if (part)
		assert_contains(acc_error_last(), part);
	assert_printable(acc_error_last());
}

/* load_fails for the whole state (acc_state_load). */
static void load_fails(const char *dir, const char *prefix, const char *part)
{
	load_fails_with(acc_state_load, dir, prefix, part);
}

/* The small convention loads with the expected numbers and fields. */
static void test_load_small(void **state)
{
	acc_state *st = load_ok(make_small());
	static const char *const ids[] = {"part-one", "alpha", "beta", "part-two", "gamma"};
	static const char *const nums[] = {"I", "1", "2", "II", "3"};
	static const char *const heads[] = {"Part one", "Alpha", "Beta", "Part two", "Gamma"};
	static const int depth[] = {0, 1, 1, 0, 1};
	size_t i;

	(void)state;
	assert_int_equal(st->nclauses, 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(st->clauses[i].id, ids[i]);
		assert_string_equal(st->clauses[i].number, nums[i]);
		assert_string_equal(st->clauses[i].heading, heads[i]);
		assert_int_equal(st->clauses[i].depth, depth[i]);
		assert_int_equal(st->clauses[i].container, depth[i] == 0);
	}
	assert_string_equal(st->clauses[2].text, "Beta text,\nin two lines.\n");
	assert_string_equal(st->conv.preamble, "A short preamble.\n");
	assert_string_equal(st->conv.language, "en"); /* default */
	assert_int_equal(st->conv.ratification_rule, ACC_RULE_SIMPLE);
	assert_int_equal(st->conv.signatures_required, 0);
	assert_int_equal(st->norgs, 3);
	assert_string_equal(st->orgs[0].id, "chair-org");
	assert_string_equal(st->orgs[1].id, "member-a");
	assert_string_equal(st->orgs[2].id, "member-b");
	assert_int_equal(st->orgs[2].weight, 2);
	assert_int_equal(st->orgs[1].ndelegates, 2);
	acc_state_free(st);
}

/* A closed ballot's roll-call is what the whole state reads (not its
 * votes/ folder); a partial state recounts from votes/; a roll-call that
 * names an unknown organisation, repeats one, has an invalid vote or sits
 * in a ballot that is not closed is an error with its line. */
static void test_roll_call(void **state)
{
	static const char amendment[] = "Clause: alpha\nOperation: replace\nSponsor: member-a\n"
					"Base: 0000000000000000000000000000000000000000\n\n"
					"New alpha text.\n";
	static const char head[] = "Status: closed\nRule: simple\nQuorum: 0\nResult: adopted\n"
				   "Yes: 1\nNo: 1\nAbstain: 0\nAbsent: 0\nQuorum-Met: yes\n";
	const char *dir = make_small();
	char ballot[1024];
	acc_source *src = NULL;
	acc_state *st;
	const acc_ballot *b;

	(void)state;
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/amendment", amendment), 0);
	/* votes/ says otherwise: only the partial state may see it */
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/votes/member-a",
				      "Vote: abstain\nDelegate: a@member-a.example\n\n"),
			 0);
	snprintf(ballot, sizeof(ballot),
		 "%sRoll-Call: member-a yes a@member-a.example\nRoll-Call: member-b no\n\n", head);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot), 0);
	st = load_ok(dir);
	b = &acc_state_amendment(st, "member-a-1")->ballot;
	assert_int_equal(b->nvotes, 2);
	assert_string_equal(b->votes[0].org, "member-a");
	assert_int_equal(b->votes[0].vote, ACC_VOTE_YES);
	assert_string_equal(b->votes[0].delegate, "a@member-a.example");
	assert_string_equal(b->votes[1].org, "member-b");
	assert_int_equal(b->votes[1].vote, ACC_VOTE_NO);
	assert_null(b->votes[1].delegate);
	acc_state_free(st);
	assert_int_equal(acc_source_dir(&src, dir), 0);
	assert_int_equal(acc_state_load_part(&st, src, "member-a-1"), 0);
	acc_source_free(src);
	b = &acc_state_amendment(st, "member-a-1")->ballot;
	assert_int_equal(b->nvotes, 1);
	assert_int_equal(b->votes[0].vote, ACC_VOTE_ABSTAIN);
	acc_state_free(st);

	snprintf(ballot, sizeof(ballot), "%sRoll-Call: member-z yes\n\n", head);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot), 0);
	load_fails(dir, "amendments/member-a/1/ballot:10:", "unknown organisation 'member-z'");
	snprintf(ballot, sizeof(ballot), "%sRoll-Call: member-b yes\nRoll-Call: member-a no\n\n",
		 head);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot), 0);
	load_fails(dir, "amendments/member-a/1/ballot:11:", "'member-a' out of order or twice");
	snprintf(ballot, sizeof(ballot), "%sRoll-Call: member-b maybe\n\n", head);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot), 0);
	load_fails(dir, "amendments/member-a/1/ballot:10:", "invalid vote 'maybe'");
	snprintf(ballot, sizeof(ballot), "%sRoll-Call: member-b\n\n", head);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot), 0);
	load_fails(dir, "amendments/member-a/1/ballot:10:", "expected '<org> <vote>'");
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot",
				      "Status: open\nRoll-Call: member-b yes\n\n"),
			 0);
	load_fails(dir, "amendments/member-a/1/ballot:2:", "not closed");
}

/* The ballots' load (akn, csv) reads a closed ballot's Roll-Call and
 * Elector lines in one pass: the same votes and electors as the whole
 * state, and a line it does not take (an error, or one beyond printable
 * ASCII) read whole: the same error, at the same line. */
static void test_roll_call_fast(void **state)
{
	static const char amendment[] = "Clause: alpha\nOperation: replace\nSponsor: member-a\n"
					"Base: 0000000000000000000000000000000000000000\n\n"
					"New alpha text.\n";
	static const char head[] = "Status: closed\nRule: simple\nQuorum: 0\n"
				   "Elector: member-a 1\nElector: member-b 2\nResult: adopted\n"
				   "Yes: 1\nNo: 1\nAbstain: 0\nAbsent: 0\nQuorum-Met: yes\n";
	static const char *const rolls[] = {
	    "Roll-Call: member-a yes a@member-a.example\nRoll-Call: member-b no recorded "
	    "c@chair.example\n",
	    "Roll-Call: member-a yes d\xc3\xa9l\xc3\xa9gu\xc3\xa9@member-a.example\n"
	    "Roll-Call: member-b no\n",
	    "",
	};
	const char *dir = make_small();
	char ballot[1024];
	size_t k, i;

	(void)state;
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/amendment", amendment), 0);
	for (k = 0; k < sizeof(rolls) / sizeof(*rolls); k++) {
		acc_source *src = NULL;
		acc_state *st = NULL, *fast = NULL;
		const acc_ballot *a, *b;

		snprintf(ballot, sizeof(ballot), "%s%s\n", head, rolls[k]);
		assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot), 0);
		st = load_ok(dir);
		assert_int_equal(acc_source_dir(&src, dir), 0);
		if (acc_state_load_ballots(&fast, src) != 0)
			fail_msg("should load: %s", acc_error_last());
		acc_source_free(src);
		a = &acc_state_amendment(st, "member-a-1")->ballot;
		b = &acc_state_amendment(fast, "member-a-1")->ballot;
		assert_int_equal(a->nvotes, b->nvotes);
		assert_int_equal(b->nvotes, k < 2 ? 2 : 0);
		for (i = 0; i < a->nvotes; i++) {
			assert_string_equal(a->votes[i].org, b->votes[i].org);
			assert_int_equal(a->votes[i].vote, b->votes[i].vote);
			assert_int_equal(a->votes[i].recorded, b->votes[i].recorded);
			if (a->votes[i].delegate)
				assert_string_equal(a->votes[i].delegate, b->votes[i].delegate);
			else
				assert_null(b->votes[i].delegate);
		}
		assert_int_equal(b->nelectors, 2);
		assert_int_equal(a->has_electorate, b->has_electorate);
		for (i = 0; i < a->nelectors; i++) {
			assert_string_equal(a->electors[i].org, b->electors[i].org);
			assert_int_equal(a->electors[i].weight, b->electors[i].weight);
		}
		acc_state_free(st);
		acc_state_free(fast);
	}
	{
		static const struct {
			const char *lines, *at, *what;
		} bad[] = {
		    {"Roll-Call: member-z yes\n", ":12:", "unknown organisation 'member-z'"},
		    {"Roll-Call: member-b yes\nRoll-Call: member-a no\n",
		     ":13:", "'member-a' out of order or twice"},
		    {"Roll-Call: member-b maybe\n", ":12:", "invalid vote 'maybe'"},
		    {"Roll-Call: member-b\n", ":12:", "expected '<org> <vote>'"},
		    {"Roll-Call: member-b yes \n", ":12:", "ends with a space"},
		    {"Elector: member-c 0\n", ":12:", "invalid weight '0'"},
		    {"Roll-Call: member-b yes\x01\n", ":12:", "control character"},
		};

		for (k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
			snprintf(ballot, sizeof(ballot), "%s%s\n", head, bad[k].lines);
			assert_int_equal(tu_write_str(dir, "amendments/member-a/1/ballot", ballot),
					 0);
			load_fails_with(acc_state_load, dir, "amendments/member-a/1/ballot",
					bad[k].at);
			load_fails_with(acc_state_load_ballots, dir, "amendments/member-a/1/ballot",
					bad[k].what);
			assert_contains(acc_error_last(), bad[k].at);
		}
	}
}

/* Co-sponsors are the organisations with their own file cosponsors/<org>
 * (after any old Cosponsor line, each once); Invited lines are the
 * invitations; a consent file naming another amendment, or of an unknown
 * organisation, is an error. */
static void test_cosponsors(void **state)
{
	static const char amendment[] = "Clause: alpha\nOperation: replace\nSponsor: member-a\n"
					"Cosponsor: chair-org\nInvited: member-b\n"
					"Base: 0000000000000000000000000000000000000000\n\n"
					"New alpha text.\n";
	const char *dir = make_small();
	const acc_amendment *a;
	acc_state *st;

	(void)state;
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/amendment", amendment), 0);
	st = load_ok(dir);
	a = acc_state_amendment(st, "member-a-1");
	assert_int_equal(a->cosponsors.count, 1); /* the old line alone */
	assert_string_equal(a->cosponsors.items[0], "chair-org");
	assert_int_equal(a->cosponsor_lines.count, 1);
	assert_int_equal(a->invited.count, 1);
	assert_string_equal(a->invited.items[0], "member-b");
	acc_state_free(st);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/cosponsors/member-b",
				      "Amendment: member-a-1\nDelegate: b@member-b.example\n\n"),
			 0);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/cosponsors/chair-org",
				      "Amendment: member-a-1\n\n"),
			 0);
	st = load_ok(dir);
	a = acc_state_amendment(st, "member-a-1");
	assert_int_equal(a->cosponsors.count, 2);
	assert_string_equal(a->cosponsors.items[0], "chair-org");
	assert_string_equal(a->cosponsors.items[1], "member-b");
	acc_state_free(st);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/cosponsors/member-b",
				      "Amendment: member-a-2\n\n"),
			 0);
	load_fails(dir, "amendments/member-a/1/cosponsors/member-b:", "not member-a-1");
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/cosponsors/member-b",
				      "Amendment: member-a-1\nVote: yes\n\n"),
			 0);
	load_fails(dir, "amendments/member-a/1/cosponsors/member-b:2:", "Vote");
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/cosponsors/member-b",
				      "Amendment: member-a-1\n\n"),
			 0);
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/cosponsors/member-z",
				      "Amendment: member-a-1\n\n"),
			 0);
	load_fails(dir, "amendments/member-a/1/cosponsors/member-z:", "unknown organisation");
	assert_int_equal(tu_write_str(dir, "amendments/member-a/1/amendment",
				      "Clause: alpha\nOperation: replace\nSponsor: member-a\n"
				      "Invited: member-q\n"
				      "Base: 0000000000000000000000000000000000000000\n\nX\n"),
			 0);
	load_fails(dir, "amendments/member-a/1/amendment:4:", "unknown organisation 'member-q'");
}

/* Nested parts: roman numerals per level, restarting under each parent;
 * articles are counted through the whole document; a part with no
 * children is numbered as an article. */
static void test_load_nested_numbers(void **state)
{
	const char *dir = make_small();
	static const char toc[] = "\n"
				  "part-a\n"
				  "  chapter-x\n"
				  "    art-1\n"
				  "  chapter-y\n"
				  "    art-2\n"
				  "part-b\n"
				  "  chapter-z\n"
				  "    art-3\n"
				  "  art-4\n"
				  "lonely\n";
	static const char *const ids[] = {"part-a", "chapter-x", "art-1", "chapter-y", "art-2",
					  "part-b", "chapter-z", "art-3", "art-4",     "lonely"};
	static const char *const nums[] = {"I", "I", "1", "II", "2", "II", "I", "3", "4", "5"};
	char rel[64];
	acc_state *st;
	size_t i;

	(void)state;
	assert_int_equal(tu_write_str(dir, "toc", toc), 0);
	assert_int_equal(tu_rmrf(strcat(strcpy(rel, dir), "/clauses")), 0);
	for (i = 0; i < 10; i++) {
		char text[64];

		snprintf(rel, sizeof(rel), "clauses/%s", ids[i]);
		snprintf(text, sizeof(text), "Heading: H %s\n\nText.\n", ids[i]);
		assert_int_equal(tu_write_str(dir, rel, text), 0);
	}
	st = load_ok(dir);
	assert_int_equal(st->nclauses, 10);
	for (i = 0; i < 10; i++) {
		assert_string_equal(st->clauses[i].id, ids[i]);
		if (strcmp(st->clauses[i].number, nums[i]) != 0)
			fail_msg("%s numbered '%s', expected '%s'", ids[i], st->clauses[i].number,
				 nums[i]);
	}
	acc_state_free(st);
}

/* A clause listed in the toc without a file. */
static void test_bad_missing_clause_file(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_remove(dir, "clauses/beta"), 0);
	load_fails(dir, "toc", "clauses/beta");
}

/* A clause file that the toc does not list. */
static void test_bad_clause_not_in_toc(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_write_str(dir, "clauses/extra", "Heading: Extra\n\nText.\n"), 0);
	load_fails(dir, "clauses/extra", "toc");
}

/* The same id twice in the toc, reported at the second occurrence. */
static void test_bad_duplicate_toc(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "toc", "\npart-one\n  alpha\n  beta\n  alpha\npart-two\n  gamma\n"),
	    0);
	load_fails(dir, "toc:5:", "alpha");
}

/* Indentation by an odd number of spaces. */
static void test_bad_toc_odd_indent(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "toc", "\npart-one\n  alpha\n   beta\npart-two\n  gamma\n"), 0);
	load_fails(dir, "toc:4:", NULL);
	assert_int_equal(tu_write_str(dir, "toc", "\n part-one\n  alpha\n"), 0);
	load_fails(dir, "toc:2:", NULL);
}

/* Indentation deeper than one level below the previous entry, and more
 * levels than allowed. */
static void test_bad_toc_too_deep(void **state)
{
	const char *dir = make_small();
	char toc[512];
	size_t i, len = 0;

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "toc", "\npart-one\n  alpha\n      beta\npart-two\n  gamma\n"), 0);
	load_fails(dir, "toc:4:", "beta");
	/* the first entry cannot be indented */
	assert_int_equal(tu_write_str(dir, "toc", "\n  part-one\n  alpha\n"), 0);
	load_fails(dir, "toc:2:", "part-one");
	/* nine levels: the ninth (line 10) is too deep */
	toc[len++] = '\n';
	for (i = 0; i < 9; i++) {
		memset(toc + len, ' ', 2 * i);
		len += 2 * i;
		len += (size_t)sprintf(toc + len, "level-%zu\n", i);
	}
	toc[len] = '\0';
	assert_int_equal(tu_write_str(dir, "toc", toc), 0);
	load_fails(dir, "toc:10:", NULL);
}

/* The toc may start with an empty line or not: both load the same
 * clauses, with line numbers counted from the file's first line, and the
 * toc is written back with its empty line. */
static void test_toc_leading_blank_optional(void **state)
{
	static const char *const tocs[] = {small_toc, small_toc + 1};
	static const char *const ids[] = {"part-one", "alpha", "beta", "part-two", "gamma"};
	static const int depths[] = {0, 1, 1, 0, 1};
	size_t t, i;

	(void)state;
	for (t = 0; t < 2; t++) {
		const char *dir = make_small();
		acc_buf b = ACC_BUF_INIT;
		acc_state *st;

		assert_int_equal(tu_write_str(dir, "toc", tocs[t]), 0);
		st = load_ok(dir);
		assert_int_equal(st->nclauses, 5);
		for (i = 0; i < 5; i++) {
			assert_string_equal(st->clauses[i].id, ids[i]);
			assert_int_equal(st->clauses[i].depth, depths[i]);
			assert_int_equal(st->clauses[i].toc_line, (int)(i + 2 - t));
		}
		assert_int_equal(acc_toc_write(&b, st->clauses, st->nclauses), 0);
		assert_int_equal(b.size, strlen(small_toc));
		assert_memory_equal(b.ptr, small_toc, b.size);
		acc_buf_free(&b);
		acc_state_free(st);
		/* an error names the same line either way */
		assert_int_equal(
		    tu_write_str(dir, "toc", t ? "part-one\n  Alpha\n" : "\npart-one\n  Alpha\n"),
		    0);
		load_fails(dir, t ? "toc:2:" : "toc:3:", "invalid clause id");
	}
}

/* A toc entry that is not an id, or a toc with headers. */
static void test_bad_toc_entries(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_write_str(dir, "toc", "\npart-one\n  Alpha\n"), 0);
	load_fails(dir, "toc:3:", "invalid clause id");
	assert_int_equal(tu_write_str(dir, "toc", "\npart-one\n  ../alpha\n"), 0);
	load_fails(dir, "toc:3:", "invalid clause id");
	assert_int_equal(tu_write_str(dir, "toc", "\npart-one\n\n  alpha\n"), 0);
	load_fails(dir, "toc:3:", NULL);
	assert_int_equal(tu_write_str(dir, "toc", "\npart-one\n  alpha \n"), 0);
	load_fails(dir, "toc:3:", NULL);
	assert_int_equal(tu_write_str(dir, "toc", "\npart-one\n\talpha\n"), 0);
	load_fails(dir, "toc:3:", NULL);
	assert_int_equal(tu_write_str(dir, "toc", "Title: x\n\npart-one\n"), 0);
	load_fails(dir, "toc:1:", NULL);
}

/* A key a clause may not have. */
static void test_bad_clause_unknown_key(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "clauses/alpha", "Heading: Alpha\nColour: red\n\nAlpha text.\n"), 0);
	load_fails(dir, "clauses/alpha:2:", "Colour");
}

/* Two headings in one clause. */
static void test_bad_clause_duplicate_heading(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "clauses/alpha", "Heading: Alpha\nHeading: Beta\n\nAlpha text.\n"),
	    0);
	load_fails(dir, "clauses/alpha:2:", "Heading");
}

/* A clause without a heading. */
static void test_bad_clause_missing_heading(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_write_str(dir, "clauses/gamma", "\nGamma text.\n"), 0);
	load_fails(dir, "clauses/gamma", "Heading");
}

/* An organisation with an unknown role (Role is on line 3). */
static void test_bad_org_role(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_write_str(dir, "orgs/member-a",
				      "Name: Member A\nType: government\nRole: king\nWeight: 1\n"
				      "Delegate: Ann A <ann@a.example>\n\n"),
			 0);
	load_fails(dir, "orgs/member-a:3:", "king");
}

/* The same delegate email in two organisations. */
static void test_bad_duplicate_delegate(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b",
			 "Name: Member B\nRole: member\nDelegate: Cy B <cy@b.example>\n"
			 "Delegate: Impostor <ann@a.example>\n\n"),
	    0);
	load_fails(dir, "orgs/member-b", "ann@a.example");
	/* twice in one organisation is just as wrong */
	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b",
			 "Name: Member B\nRole: member\nDelegate: Cy B <cy@b.example>\n"
			 "Delegate: Cy Again <cy@b.example>\n\n"),
	    0);
	load_fails(dir, "orgs/member-b", "cy@b.example");
}

/* One key registered to two delegates, in two organisations or in one:
 * the error names the second Delegate: line. */
static void test_bad_shared_key(void **state)
{
	static const char key[] =
	    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE4aJCD9brrm6dQvtmO7Cg7rhR06q93V8vMQ0fJAanBN";
	const char *dir = make_small();
	char *a = acc_sprintf(
	    "Name: Member A\nRole: member\nDelegate: Ann A <ann@a.example> %s\n\n", key);
	char *b = acc_sprintf("Name: Member B\nRole: member\nDelegate: Cy B <cy@b.example>\n"
			      "Delegate: Dee B <dee@b.example> %s\n\n",
			      key);

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(tu_write_str(dir, "orgs/member-a", a), 0);
	assert_int_equal(tu_write_str(dir, "orgs/member-b", b), 0);
	load_fails(dir, "orgs/member-b:4:", "already registered to ann@a.example of member-a");
	dir = make_small();
	free(b);
	b = acc_sprintf("Name: Member B\nRole: member\nDelegate: Cy B <cy@b.example> %s\n"
			"Delegate: Dee B <dee@b.example> %s\n\n",
			key, key);
	assert_non_null(b);
	assert_int_equal(tu_write_str(dir, "orgs/member-b", b), 0);
	load_fails(dir, "orgs/member-b:4:", "one key, one delegate");
	free(a);
	free(b);
}

/* Two organisations with Role: chair. */
static void test_bad_two_chairs(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b", "Name: Member B\nRole: chair\nWeight: 2\n\n"), 0);
	load_fails(dir, "orgs/member-b:2", "chair");
}

/* The convention's Chair is not the organisation with Role: chair, or
 * not an organisation at all. */
static void test_bad_chair_mismatch(void **state)
{
	const char *dir = make_small();
	char conv[sizeof(small_convention) + 16];
	char *p;

	(void)state;
	strcpy(conv, small_convention);
	p = strstr(conv, "chair-org");
	memcpy(p, "member-a\n", 9);
	memmove(p + 8, p + 9, strlen(p + 9) + 1);
	assert_int_equal(tu_write_str(dir, "convention", conv), 0);
	load_fails(dir, "convention", "member-a");

	dir = make_small();
	strcpy(conv, small_convention);
	p = strstr(conv, "chair-org");
	memcpy(p, "nobody-xx", 9);
	assert_int_equal(tu_write_str(dir, "convention", conv), 0);
	load_fails(dir, "convention", "nobody-xx");

	dir = make_small();
	strcpy(conv, small_convention);
	p = strstr(conv, "chair-org");
	memcpy(p, "Chair-Org", 9);
	assert_int_equal(tu_write_str(dir, "convention", conv), 0);
	load_fails(dir, "convention:2:", "Chair-Org");
}

/* Invalid UTF-8 or a NUL byte in a clause body, at its line. */
static void test_bad_clause_bytes(void **state)
{
	static const char bad_utf8[] = "Heading: Beta\n\nFirst line.\nBad \xc3\x28 here.\n";
	static const char overlong[] = "Heading: Beta\n\nOverlong \xc0\xaf slash.\n";
	static const char nul[] = "Heading: Beta\n\nFirst line.\nA \0 nul.\n";
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_write(dir, "clauses/beta", bad_utf8, sizeof(bad_utf8) - 1), 0);
	load_fails(dir, "clauses/beta:4:", NULL);
	assert_int_equal(tu_write(dir, "clauses/beta", overlong, sizeof(overlong) - 1), 0);
	load_fails(dir, "clauses/beta:3:", NULL);
	assert_int_equal(tu_write(dir, "clauses/beta", nul, sizeof(nul) - 1), 0);
	load_fails(dir, "clauses/beta:4:", "nul");
	/* in a header value as well */
	assert_int_equal(tu_write_str(dir, "clauses/beta", "Heading: B\xffta\n\nText.\n"), 0);
	load_fails(dir, "clauses/beta:1:", NULL);
}

/* File names that are not ids: in clauses/ and in orgs/. */
static void test_bad_file_ids(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_write_str(dir, "clauses/Bad", "Heading: Bad\n\nText.\n"), 0);
	load_fails(dir, "clauses/Bad", NULL);

	dir = make_small();
	assert_int_equal(tu_write_str(dir, "orgs/Bad-Org", "Name: Bad\nRole: member\n\n"), 0);
	load_fails(dir, "orgs/Bad-Org", "invalid organisation id");

	dir = make_small();
	assert_int_equal(tu_write_str(dir, "orgs/a--b", "Name: Bad\nRole: member\n\n"), 0);
	load_fails(dir, "orgs/a--b", "invalid organisation id");
}

/* Missing top-level files, and bad values in the convention record. */
static void test_bad_convention(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(tu_remove(dir, "convention"), 0);
	load_fails(dir, "convention", "missing");

	dir = make_small();
	assert_int_equal(tu_remove(dir, "toc"), 0);
	load_fails(dir, "toc", "missing");

	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "convention", "Title: T\nChair: chair-org\nQuorum: 3/2\n\n"), 0);
	load_fails(dir, "convention:3:", "3/2");

	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "convention", "Title: T\nChair: chair-org\nRule: plurality\n\n"), 0);
	load_fails(dir, "convention:3:", "plurality");

	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "convention", "Title: T\nChair: chair-org\nColour: blue\n\n"), 0);
	load_fails(dir, "convention:3:", "Colour");

	dir = make_small();
	assert_int_equal(tu_write_str(dir, "convention", "Chair: chair-org\n\n"), 0);
	load_fails(dir, "convention", "Title");
}

/* Bad delegates and weights in an organisation record. */
static void test_bad_org_fields(void **state)
{
	const char *dir = make_small();

	(void)state;
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b",
			 "Name: Member B\nRole: member\nDelegate: Cy B <cy@b.example>\n"
			 "Delegate: Eve <-oProxyCommand@evil.example>\n\n"),
	    0);
	load_fails(dir, "orgs/member-b:4:", "delegate");

	dir = make_small();
	assert_int_equal(tu_write_str(dir, "orgs/member-b",
				      "Name: Member B\nRole: member\nDelegate: no email here\n\n"),
			 0);
	load_fails(dir, "orgs/member-b:3:", "delegate");

	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b", "Name: Member B\nRole: member\nWeight: 0\n\n"), 0);
	load_fails(dir, "orgs/member-b:3:", "weight");

	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b", "Name: Member B\nRole: member\nWeight: -1\n\n"), 0);
	load_fails(dir, "orgs/member-b:3:", NULL);

	dir = make_small();
	assert_int_equal(tu_write_str(dir, "orgs/member-b", "Name: Member B\n\n"), 0);
	load_fails(dir, "orgs/member-b", "Role");
}

/* Loads dir expecting ACC_EINVAL whose message starts with prefix; on a
 * mismatch appends a line about it to report. */
static void check_error_prefix(char *report, size_t size, const char *dir, const char *prefix)
{
	acc_source *src = NULL;
	acc_state *st = NULL;
	size_t used = strlen(report);
	int rc;

	assert_int_equal(acc_source_dir(&src, dir), 0);
	acc_error_clear();
	rc = acc_state_load(&st, src);
	acc_source_free(src);
	acc_state_free(st);
	if (rc != ACC_EINVAL || strncmp(acc_error_last(), prefix, strlen(prefix)) != 0)
		snprintf(report + used, size - used, "\n  expected \"%s...\", got %d \"%s\"",
			 prefix, rc, acc_error_last());
}

/*
 * model.h promises "<path>:<line>: <what>" for every problem.  These are
 * the cases where the line is known to the loader (the toc entry, the
 * Delegate field, the Chair field, the second Role: chair) and so should
 * be named.  Every case is checked before the test fails.
 */
static void test_errors_name_lines(void **state)
{
	char report[2048] = "";
	const char *dir = make_small();

	(void)state;
	/* beta is listed on toc line 4 */
	assert_int_equal(tu_remove(dir, "clauses/beta"), 0);
	check_error_prefix(report, sizeof(report), dir, "toc:4:");

	/* the repeated address is the Delegate field on line 4 */
	dir = make_small();
	assert_int_equal(
	    tu_write_str(dir, "orgs/member-b",
			 "Name: Member B\nRole: member\nDelegate: Cy B <cy@b.example>\n"
			 "Delegate: Impostor <ann@a.example>\n\n"),
	    0);
	check_error_prefix(report, sizeof(report), dir, "orgs/member-b:4:");

	/* Chair (line 2) names a member, not the chair */
	dir = make_small();
	assert_int_equal(tu_write_str(dir, "convention", "Title: T\nChair: member-a\n\n"), 0);
	check_error_prefix(report, sizeof(report), dir, "convention:2:");

	/* the second Role: chair is on line 2 of orgs/member-b */
	dir = make_small();
	assert_int_equal(tu_write_str(dir, "orgs/member-b", "Name: Member B\nRole: chair\n\n"), 0);
	check_error_prefix(report, sizeof(report), dir, "orgs/member-b:2:");
	if (report[0])
		fail_msg("errors without the line that model.h promises:%s", report);
}

/* Hostile changes to a copy of the bundled proposal are caught too. */
static void test_bad_proposal_copy(void **state)
{
	const char *src = tu_proposal_dir();
	char dir[512];
	char *toc, *p;

	(void)state;
	assert_non_null(src);
	snprintf(dir, sizeof(dir), "%s/proposal-copy", tmp_root);
	assert_int_equal(tu_copy_tree(src, dir), 0);
	acc_state_free(load_ok(dir));

	/* a clause removed from the toc but left on disk */
	toc = tu_read(dir, "toc", NULL);
	assert_non_null(toc);
	p = strstr(toc, "  neutrality\n");
	assert_non_null(p);
	memmove(p, p + 13, strlen(p + 13) + 1);
	assert_int_equal(tu_write_str(dir, "toc", toc), 0);
	free(toc);
	load_fails(dir, "clauses/neutrality", NULL);

	/* the file removed as well: loads again, one clause fewer */
	assert_int_equal(tu_remove(dir, "clauses/neutrality"), 0);
	{
		acc_state *st = load_ok(dir);

		assert_int_equal(st->nclauses, 43);
		assert_null(acc_state_clause(st, "neutrality"));
		acc_state_free(st);
	}

	/* a file named with an uppercase id */
	assert_int_equal(tu_write_str(dir, "clauses/Bad", "Heading: Bad\n\nText.\n"), 0);
	load_fails(dir, "clauses/Bad", NULL);
	assert_int_equal(tu_remove(dir, "clauses/Bad"), 0);

	/* a clause listed twice: at its line in the toc (purpose is line 3) */
	toc = tu_read(dir, "toc", NULL);
	assert_non_null(toc);
	p = malloc(strlen(toc) + 32);
	assert_non_null(p);
	sprintf(p, "%s  purpose\n", toc);
	assert_int_equal(tu_write_str(dir, "toc", p), 0);
	free(p);
	free(toc);
	load_fails(dir, "toc:", "purpose");
}

/* Runs the pure checks, then the loading checks in a temporary folder. */
int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_id_valid_good),
	    cmocka_unit_test(test_id_valid_hostile),
	    cmocka_unit_test(test_id_check_message),
	    cmocka_unit_test(test_email_good),
	    cmocka_unit_test(test_email_hostile),
	    cmocka_unit_test(test_fraction_parse),
	    cmocka_unit_test(test_fraction_format),
	    cmocka_unit_test(test_amendment_id_split),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_load_proposal),
	    cmocka_unit_test(test_source_dir),
	};
	const struct CMUnitTest loading[] = {
	    cmocka_unit_test(test_load_small),
	    cmocka_unit_test(test_roll_call),
	    cmocka_unit_test(test_roll_call_fast),
	    cmocka_unit_test(test_cosponsors),
	    cmocka_unit_test(test_load_nested_numbers),
	    cmocka_unit_test(test_bad_missing_clause_file),
	    cmocka_unit_test(test_bad_clause_not_in_toc),
	    cmocka_unit_test(test_bad_duplicate_toc),
	    cmocka_unit_test(test_bad_toc_odd_indent),
	    cmocka_unit_test(test_bad_toc_too_deep),
	    cmocka_unit_test(test_bad_toc_entries),
	    cmocka_unit_test(test_toc_leading_blank_optional),
	    cmocka_unit_test(test_bad_clause_unknown_key),
	    cmocka_unit_test(test_bad_clause_duplicate_heading),
	    cmocka_unit_test(test_bad_clause_missing_heading),
	    cmocka_unit_test(test_bad_org_role),
	    cmocka_unit_test(test_bad_duplicate_delegate),
	    cmocka_unit_test(test_bad_shared_key),
	    cmocka_unit_test(test_bad_two_chairs),
	    cmocka_unit_test(test_bad_chair_mismatch),
	    cmocka_unit_test(test_bad_clause_bytes),
	    cmocka_unit_test(test_bad_file_ids),
	    cmocka_unit_test(test_bad_convention),
	    cmocka_unit_test(test_bad_org_fields),
	    cmocka_unit_test(test_bad_proposal_copy),
	    cmocka_unit_test(test_errors_name_lines),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("model: ids, emails, fractions", pure, NULL, NULL);
	failed +=
	    cmocka_run_group_tests_name("model: loading", loading, group_setup, group_teardown);
	return failed ? 1 : 0;
}
