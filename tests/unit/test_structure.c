/*
 * Tests of the structure of a text read from its lines
 * (src/model/structure.c): blocks, labels, nesting (clamped to one level
 * deeper than the block before), footnotes and their references, the
 * preamble's enacting formula, level names and language names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accord/structure.h"

/* Asserts block b: depth, label (NULL: none), text, note. */
static void check(const acc_block *b, int depth, const char *label, const char *text, int note)
{
	assert_int_equal(b->depth, depth);
	assert_int_equal(b->note, note);
	if (label) {
		assert_non_null(b->label);
		assert_int_equal(b->label_len, strlen(label));
		assert_memory_equal(b->label, label, strlen(label));
	} else {
		assert_null(b->label);
	}
	assert_int_equal(b->len, strlen(text));
	assert_memory_equal(b->text, text, strlen(text));
}

/* Paragraphs, points nested by indentation, a footnote, blank lines of
 * spaces, an indentation jump clamped to one level. */
static void test_blocks(void **state)
{
	const char *t = "Intro:\n\n1. First[^n1] para\nsecond line\n\n  (a) point\n   \n"
			"    (i) sub\n\n        (A) too deep\n\n2. Next\n\n[^n1]: The note.\n";
	acc_block *b = NULL;
	const char *id, *ref;
	size_t n = 0, idl;

	(void)state;
	assert_int_equal(acc_text_blocks(&b, &n, t), 0);
	assert_int_equal(n, 7);
	check(&b[0], 0, NULL, "Intro:", 0);
	check(&b[1], 0, "1.", "First[^n1] para\nsecond line", 0);
	check(&b[2], 1, "(a)", "point", 0);
	check(&b[3], 2, "(i)", "sub", 0);
	check(&b[4], 3, "(A)", "too deep", 0);
	check(&b[5], 0, "2.", "Next", 0);
	check(&b[6], 0, "n1", "The note.", 1);
	assert_false(b[0].nested);
	assert_true(b[1].nested);
	assert_true(b[2].nested);
	assert_false(b[4].nested);
	assert_false(acc_label_is_point(b[1].label, b[1].label_len));
	assert_true(acc_label_is_point(b[2].label, b[2].label_len));
	ref = acc_text_note_ref(b[1].text, b[1].text + b[1].len, &id, &idl);
	assert_non_null(ref);
	assert_int_equal(idl, 2);
	assert_ptr_equal(acc_blocks_note(b, n, id, idl), &b[6]);
	assert_null(acc_blocks_note(b, n, "x", 1));
	free(b);

	assert_int_equal(acc_text_blocks(&b, &n, ""), 0);
	assert_int_equal(n, 0);
	assert_null(b);
	/* a first block indented is at the top; "[^]" and "[^x y]" are no reference */
	assert_int_equal(acc_text_blocks(&b, &n, "    (a) x [^] [^x y]\n"), 0);
	assert_int_equal(n, 1);
	check(&b[0], 0, "(a)", "x [^] [^x y]", 0);
	assert_null(acc_text_note_ref(b[0].text, b[0].text + b[0].len, &id, &idl));
	free(b);
}

/* The enacting formula is the last block ending in ':' after a recital. */
static void test_preamble(void **state)
{
	acc_block *b = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(acc_text_blocks(&b, &n, "Recalling x,\n\nNoting y,\n\nHave agreed:\n"), 0);
	assert_int_equal(n, 3);
	assert_false(acc_preamble_formula(b, 1, n));
	assert_true(acc_preamble_formula(b, 2, n));
	free(b);
	assert_int_equal(acc_text_blocks(&b, &n, "Have agreed:\n"), 0);
	assert_false(acc_preamble_formula(b, 0, n));
	free(b);
}

/* Level names from the convention, else the defaults; language names. */
static void test_words(void **state)
{
	acc_text_form f;
	acc_clause cl;

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(&cl, 0, sizeof(cl));
	assert_string_equal(acc_form_word(&f, &cl), "Article");
	cl.container = 1;
	cl.depth = 5;
	assert_string_equal(acc_form_word(&f, &cl), "Subsection");
	cl.depth = 0;
	assert_string_equal(acc_form_word(NULL, &cl), "Part");
	assert_int_equal(acc_strlist_add(&f.levels, "Title"), 0);
	assert_string_equal(acc_form_word(&f, &cl), "Title");
	cl.annex = 1;
	assert_string_equal(acc_form_word(&f, &cl), "Annex");
	acc_strlist_free(&f.levels);
	assert_string_equal(acc_language_name("zh-Hant"), "Chinese");
	assert_string_equal(acc_language_name("xx"), "xx");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blocks),
	    cmocka_unit_test(test_preamble),
	    cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
