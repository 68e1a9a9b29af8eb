/*
 * Tests of bracketed text in the model (src/model/brackets.c): finding a
 * span, applying an option (a deletion takes one neighbouring space),
 * naming options, bracket ids, and the count of a ballot on a bracket.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/bracket.h"

/* Applies option to the occurrence-th span of text and checks the result. */
static void check_apply(const char *text, const char *span, unsigned occ, const char *option,
			const char *want)
{
	size_t s, e;
	char *out = NULL;

	assert_int_equal(acc_bracket_find(&s, &e, text, span, occ), 0);
	assert_int_equal(acc_bracket_apply(&out, text, s, e, option), 0);
	assert_string_equal(out, want);
	free(out);
}

/* Spans are found by occurrence, counted with overlaps. */
static void test_find(void **state)
{
	size_t s, e;

	(void)state;
	assert_int_equal(acc_bracket_count("the cat and the hat\n", "the"), 2);
	assert_int_equal(acc_bracket_count("aaa", "aa"), 2);
	assert_int_equal(acc_bracket_count("abc", ""), 0);
	assert_int_equal(acc_bracket_find(&s, &e, "the cat and the hat\n", "the", 2), 0);
	assert_int_equal(s, 12);
	assert_int_equal(e, 15);
	assert_int_equal(acc_bracket_find(&s, &e, "the cat\n", "the", 2), ACC_ENOTFOUND);
	assert_int_equal(acc_bracket_find(&s, &e, "the cat\n", "dog", 1), ACC_ENOTFOUND);
}

/* An option replaces the span exactly; a deletion takes one space. */
static void test_apply(void **state)
{
	(void)state;
	check_apply("States shall refrain.\n", "shall", 1, "should", "States should refrain.\n");
	check_apply("States shall refrain.\n", "shall", 1, "", "States refrain.\n");
	check_apply("a binding commitment.\n", "binding", 1, "", "a commitment.\n");
	check_apply("States shall.\n", "shall", 1, "", "States.\n");
	check_apply("Shall it be.\n", "Shall", 1, "", "it be.\n");
	check_apply("x y x y\n", "x", 2, "z", "x y z y\n");
	check_apply("one\n\ntwo three\n", "two", 1, "", "one\n\nthree\n");
}

/* Options are named by number or exact text. */
static void test_options(void **state)
{
	char *opts[] = {"shall", "should", ""};
	acc_bracket b;
	unsigned k;

	(void)state;
	memset(&b, 0, sizeof(b));
	b.id = "norland-b1";
	b.options = opts;
	b.noptions = 3;
	assert_int_equal(acc_bracket_option_parse(&k, &b, "2"), 0);
	assert_int_equal(k, 2);
	assert_int_equal(acc_bracket_option_parse(&k, &b, "should"), 0);
	assert_int_equal(k, 2);
	assert_int_equal(acc_bracket_option_parse(&k, &b, ""), 0);
	assert_int_equal(k, 3);
	assert_int_equal(acc_bracket_option_parse(&k, &b, "4"), ACC_EUSAGE);
	assert_int_equal(acc_bracket_option_parse(&k, &b, "0"), ACC_EUSAGE);
	assert_int_equal(acc_bracket_option_parse(&k, &b, "must"), ACC_EUSAGE);
}

/* Bracket ids are "<org>-b<n>", never an amendment id. */
static void test_ids(void **state)
{
	char *org = NULL;
	unsigned seq = 0;

	(void)state;
	assert_true(acc_bracket_id_shape("norland-b1"));
	assert_true(acc_bracket_id_shape("meridian-cloud-b12"));
	assert_false(acc_bracket_id_shape("norland-1"));
	assert_false(acc_bracket_id_shape("ratification"));
	assert_false(acc_bracket_id_shape("norland-b0"));
	assert_false(acc_bracket_id_shape("-b1"));
	assert_int_equal(acc_bracket_id_split(&org, &seq, "meridian-cloud-b12"), 0);
	assert_string_equal(org, "meridian-cloud");
	assert_int_equal(seq, 12);
	free(org);
}

/* Each option is counted as yes by its choosers, no by the others. */
static void test_tally(void **state)
{
	char *opts[] = {"shall", "should"};
	acc_elector el[] = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
	acc_bracket_choice votes[] = {{"a", 2, NULL}, {"b", 2, NULL}, {"c", 1, NULL}};
	acc_tally per[2];
	acc_bracket b;
	unsigned chosen = 9;

	(void)state;
	memset(&b, 0, sizeof(b));
	b.options = opts;
	b.noptions = 2;
	b.electors = el;
	b.nelectors = 4;
	b.votes = votes;
	b.nvotes = 3;
	b.rule = ACC_RULE_SIMPLE;
	b.quorum_num = 1;
	b.quorum_den = 2;
	assert_int_equal(acc_bracket_tally(per, &chosen, &b, 1), 0);
	assert_int_equal(chosen, 2);
	assert_int_equal(per[1].yes, 2);
	assert_int_equal(per[1].no, 1);
	b.rule = ACC_RULE_CONSENSUS; /* c objects to option 2 */
	assert_int_equal(acc_bracket_tally(per, &chosen, &b, 1), 0);
	assert_int_equal(chosen, 0);
	b.rule = ACC_RULE_SIMPLE;
	b.nvotes = 1; /* quorum missed */
	assert_int_equal(acc_bracket_tally(per, &chosen, &b, 1), 0);
	assert_int_equal(chosen, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_find),    cmocka_unit_test(test_apply),
	    cmocka_unit_test(test_options), cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_tally),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
