/* Unit tests of export: the pure pieces (wrapping by display width,
 * Markdown escaping, CSV quoting, eIds) and every renderer run on the
 * bundled proposal with hostile text put into it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>

#include "accord/export.h"
#include "accord/sanitize.h"
#include "accord/textcheck.h"
#include "helpers/testutil.h"

/* ---------------------------------------------------------------- helpers */

/* The buffer's text, "" when nothing was ever put in it. */
static const char *text(const acc_buf *b)
{
	return b->ptr ? b->ptr : "";
}

/* Wraps in at width/indent/hang and checks the result is expect. */
static void check_wrap(const char *in, size_t width, size_t indent, size_t hang, const char *expect)
{
	acc_buf b = ACC_BUF_INIT;

	assert_int_equal(acc_export_wrap(&b, in, strlen(in), width, indent, hang), 0);
	assert_string_equal(text(&b), expect);
	acc_buf_free(&b);
}

/* Fails unless every line of s is at most width display columns and s
 * ends with a newline. */
static void assert_lines_fit(const char *s, size_t width)
{
	const char *p = s;

	assert_true(s[0] == '\0' || s[strlen(s) - 1] == '\n');
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t w = acc_display_width(p, len);

		if (w > width)
			fail_msg("line \"%.*s\" is %zu columns wide (limit %zu)", (int)len, p, w,
				 width);
		p += len + (nl ? 1 : 0);
	}
}

/* Fails unless every line of s fits in width columns or holds a single
 * word (after its indentation), and s ends with a newline. */
static void assert_lines_fit_or_one_word(const char *s, size_t width)
{
	const char *p = s;

	assert_true(s[0] == '\0' || s[strlen(s) - 1] == '\n');
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), lead = 0;

		while (lead < len && p[lead] == ' ')
			lead++;
		if (acc_export_text_width(p, len) > width && memchr(p + lead, ' ', len - lead))
			fail_msg("line \"%.*s\" is wider than %zu columns and holds two words",
				 (int)len, p, width);
		p += len + (nl ? 1 : 0);
	}
}

/* s without spaces, tabs and newlines (what wrapping must not change). */
static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t')
			*o++ = *s;
	*o = '\0';
	return out;
}

/* Escapes in for Markdown and checks the result is expect. */
static void check_md(const char *in, const char *expect)
{
	acc_buf b = ACC_BUF_INIT;

	assert_int_equal(acc_export_md_escape(&b, in, strlen(in)), 0);
	assert_string_equal(text(&b), expect);
	acc_buf_free(&b);
}

/* Quotes in as a CSV field and checks the result is expect. */
static void check_csv(const char *in, const char *expect)
{
	acc_buf b = ACC_BUF_INIT;

	assert_int_equal(acc_export_csv_field(&b, in, strlen(in)), 0);
	assert_string_equal(text(&b), expect);
	acc_buf_free(&b);
}

/* ---------------------------------------------------------------- wrapping */

/* Words fill lines greedily; spaces collapse; every line ends with "\n". */
static void test_wrap_ascii(void **state)
{
	(void)state;
	check_wrap("aaa bbb ccc", 7, 0, 0, "aaa bbb\nccc\n");
	check_wrap("aaa bbb ccc", 11, 0, 0, "aaa bbb ccc\n");
	check_wrap("aaa    bbb   ", 72, 0, 0, "aaa bbb\n");
	check_wrap("", 72, 0, 0, "\n");
	check_wrap("   ", 72, 4, 4, "\n");
	/* exactly the width fits; one more column does not */
	check_wrap("abcd efgh", 9, 0, 0, "abcd efgh\n");
	check_wrap("abcd efghi", 9, 0, 0, "abcd\nefghi\n");
}

/* The first line takes indent, the following ones hang. */
static void test_wrap_indent_hang(void **state)
{
	(void)state;
	check_wrap("1. one two three four", 10, 0, 3, "1. one two\n   three\n   four\n");
	check_wrap("a b c d e f", 5, 2, 4, "  a b\n    c\n    d\n    e\n    f\n");
}

/* Wide characters count two columns, combining marks none. */
static void test_wrap_display_width(void **state)
{
	/* 中文 is 4 columns, é (e + U+0301) is 1 */
	static const char cjk[] = "\xe4\xb8\xad\xe6\x96\x87";
	static const char e_acute[] = "e\xcc\x81";
	char in[256], expect[256];

	(void)state;
	snprintf(in, sizeof(in), "%s %s %s", cjk, cjk, cjk);
	snprintf(expect, sizeof(expect), "%s %s\n%s\n", cjk, cjk, cjk);
	check_wrap(in, 9, 0, 0, expect);
	snprintf(expect, sizeof(expect), "%s\n%s\n%s\n", cjk, cjk, cjk);
	check_wrap(in, 8, 0, 0, expect);
	/* five combining sequences are five columns */
	snprintf(in, sizeof(in), "%s%s%s%s%s %s", e_acute, e_acute, e_acute, e_acute, e_acute,
		 e_acute);
	snprintf(expect, sizeof(expect), "%s%s%s%s%s\n%s\n", e_acute, e_acute, e_acute, e_acute,
		 e_acute, e_acute);
	check_wrap(in, 6, 0, 0, expect);
	snprintf(expect, sizeof(expect), "%s%s%s%s%s %s\n", e_acute, e_acute, e_acute, e_acute,
		 e_acute, e_acute);
	check_wrap(in, 7, 0, 0, expect);
}

/* A word wider than a line is never cut: it stays whole on its own line
 * (issue 18: the words adopted, never a piece of one). */
static void test_wrap_long_words(void **state)
{
	static const char cjk5[] = "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94";
	acc_buf b = ACC_BUF_INIT;

	(void)state;
	check_wrap("abcdefghij", 4, 0, 0, "abcdefghij\n");
	check_wrap("x abcdefghij", 4, 0, 0, "x\nabcdefghij\n");
	check_wrap("x abcdefghij y", 4, 0, 0, "x\nabcdefghij\ny\n");
	check_wrap("abcdefgh", 6, 2, 2, "  abcdefgh\n");
	check_wrap("ab-cd ef", 4, 0, 0, "ab-cd\nef\n");
	/* 一二三四五: Chinese breaks between words (ICU), never inside a character */
	assert_int_equal(acc_export_wrap(&b, cjk5, strlen(cjk5), 5, 0, 0), 0);
	{
		char *z = squeeze(text(&b));

		assert_string_equal(z, cjk5); /* only line breaks were added */
		free(z);
	}
	acc_buf_free(&b);
	check_wrap("abe\xcc\x81"
		   "cd",
		   3, 0, 0,
		   "abe\xcc\x81"
		   "cd\n");
}

/* Nested items keep their indentation: a line's own leading blanks add to
 * the indent and the hang. */
static void test_wrap_keeps_indentation(void **state)
{
	(void)state;
	check_wrap("    (a) one two three", 12, 0, 4, "    (a) one\n        two\n        three\n");
	check_wrap("\t(i) x", 72, 2, 2, "          (i) x\n");
	check_wrap("  ", 72, 0, 0, "\n");
}

/* The text is written exactly: joiners, marks and no-break spaces pass
 * and count no column; what the record may not hold (only in a forged
 * history) becomes U+FFFD. */
static void test_wrap_exact(void **state)
{
	(void)state;
	check_wrap("a\033[31mred\033[0m b", 72, 0, 0, "a\xef\xbf\xbd[31mred\xef\xbf\xbd[0m b\n");
	check_wrap("x\xe2\x80\xaey", 72, 0, 0, "x\xef\xbf\xbdy\n");
	check_wrap("bad \xff byte", 72, 0, 0, "bad \xef\xbf\xbd byte\n");
	check_wrap("tab\there", 72, 0, 0, "tab here\n"); /* a tab separates words */
	check_wrap("\xd9\x85\xe2\x80\x8c\xd9\x8a \xe2\x80\x8f\xc2\xad", 72, 0, 0,
		   "\xd9\x85\xe2\x80\x8c\xd9\x8a \xe2\x80\x8f\xc2\xad\n");
	/* ZWJ, RLM, soft hyphen: zero columns; NBSP joins, one column */
	check_wrap("ab\xe2\x80\x8d\xe2\x80\x8f\xc2\xad cd", 5, 0, 0,
		   "ab\xe2\x80\x8d\xe2\x80\x8f\xc2\xad cd\n");
	check_wrap("ab\xc2\xa0"
		   "cd ef",
		   5, 0, 0,
		   "ab\xc2\xa0"
		   "cd\nef\n");
	/* an emoji ZWJ sequence is one glyph of two columns */
	check_wrap("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x94\xac ab", 5, 0, 0,
		   "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x94\xac ab\n");
}

/* Generated mixtures of ASCII, wide, combining and invalid bytes: every
 * line fits and no character is lost. */
static void test_wrap_property(void **state)
{
	static const char *const pieces[] = {"a",
					     "Zz",
					     " ",
					     " ",
					     "  ",
					     "\xe4\xb8\xad",
					     "e\xcc\x81",
					     "\xc3\xa9",
					     "ab-cd",
					     "\xf0\x9f\x98\x80",
					     "longerword",
					     ",",
					     "\xe2\x80\x8d",
					     "\xc2\xa0",
					     "\xe2\x80\x8f",
					     "\xc2\xad",
					     "\t",
					     "\xd8\xa7\xd9\x84",
					     "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x94\xac",
					     "\xe4\xb8\xad\xe5\x8d\x8e\xe4\xba\xba\xe6\xb0\x91",
					     "\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2"};
	unsigned long seed = 12345;
	size_t round;

	(void)state;
	for (round = 0; round < 300; round++) {
		char in[400];
		size_t n = 0, width = 4 + round % 40, k, indent = round % 3, hang = round % 4;
		acc_buf b = ACC_BUF_INIT, clean = ACC_BUF_INIT;
		char *a, *z;

		in[0] = '\0';
		for (k = 0; k < 40; k++) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(*pieces))];
			if (n + strlen(p) + 1 >= sizeof(in))
				break;
			strcpy(in + n, p);
			n += strlen(p);
		}
		assert_int_equal(acc_export_wrap(&b, in, n, width, indent, hang), 0);
		assert_lines_fit_or_one_word(text(&b), width);
		assert_int_equal(acc_text_exact(&clean, in, n), 0);
		a = squeeze(text(&clean));
		z = squeeze(text(&b));
		assert_string_equal(a, z);
		free(a);
		free(z);
		acc_buf_free(&b);
		acc_buf_free(&clean);
	}
}

/* ---------------------------------------------------------------- Markdown */

/* Characters that make inline markup are escaped anywhere. */
static void test_md_inline(void **state)
{
	(void)state;
	check_md("plain text, (a) and 3.5 stay", "plain text, (a) and 3.5 stay");
	check_md("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>");
	check_md("a *b* _c_ `d` [e](f) |g| ~h~ & #i \\j",
		 "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\|g\\| \\~h\\~ \\& \\#i \\\\j");
	check_md("&amp; &#60;", "\\&amp; \\&\\#60;");
	check_md("mid-line - + = 1. stay", "mid-line - + = 1. stay");
}

/* At a line start: headings, lists, quotes, setext lines and indented
 * code are neutralised. */
static void test_md_line_starts(void **state)
{
	(void)state;
	check_md("# title", "\\# title");
	check_md("- item\n+ item\n= line\n> quote", "\\- item\n\\+ item\n\\= line\n\\> quote");
	check_md("1. one\n12) twelve\n2024 was", "1\\. one\n12\\) twelve\n2024 was");
	check_md("    code block\n\tand tab", "code block\nand tab");
	check_md("para\n===\n---", "para\n\\===\n\\---");
}

/* The text passes exactly (joiners, marks, no-break spaces); what the
 * record may not hold (only in a forged history) becomes U+FFFD. */
static void test_md_exact(void **state)
{
	(void)state;
	check_md("a\033[1mb", "a\xef\xbf\xbd\\[1mb");
	check_md("x\xe2\x80\xaey", "x\xef\xbf\xbdy");
	check_md("\xd9\x85\xe2\x80\x8c\xd9\x8a \xe2\x80\x8f\xc2\xad\xc2\xa0\xe2\x80\x8d",
		 "\xd9\x85\xe2\x80\x8c\xd9\x8a \xe2\x80\x8f\xc2\xad\xc2\xa0\xe2\x80\x8d");
}

/* Bare URLs, www. and e-mail addresses make no autolink; trailing blanks
 * make no hard line break. */
static void test_md_autolinks(void **state)
{
	(void)state;
	check_md("see https://example.org/x now", "see https\\://example.org/x now");
	check_md("www.example.org and (www.x.y)", "www\\.example.org and (www\\.x.y)");
	check_md("mailto a@b.example, @x, y@ and z@@",
		 "mailto a@<!-- -->b.example, @x, y@ and z@<!-- -->@");
	check_md("line one  \nline two\t\nthree", "line one\nline two\nthree");
	check_md("awww.no", "awww.no");
}

/* ---------------------------------------------------------------- CSV */

/* Every field is quoted, inner quotes doubled, formulas defused. */
static void test_csv_quoting(void **state)
{
	(void)state;
	check_csv("", "\"\"");
	check_csv("norland", "\"norland\"");
	check_csv("a,b", "\"a,b\"");
	check_csv("say \"yes\"", "\"say \"\"yes\"\"\"");
	check_csv("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	check_csv("+1", "\"'+1\"");
	check_csv("-1", "\"'-1\"");
	check_csv("@SUM(A1)", "\"'@SUM(A1)\"");
	check_csv("two\nlines\r", "\"two\nlines\xef\xbf\xbd\""); /* a CR is never stored */
	check_csv("tab\there", "\"tab\there\"");
	check_csv("\xe2\x80\x8f\xd9\x85\xe2\x80\x8d", "\"\xe2\x80\x8f\xd9\x85\xe2\x80\x8d\"");
}

/* ---------------------------------------------------------------- eIds */

/* eIds are the element's prefix and the clause id unchanged. */
static void test_eids(void **state)
{
	static const struct {
		const char *id;
		int depth, container;
		const char *element, *eid;
	} cases[] = {
	    {"purpose", 1, 0, "article", "art_purpose"},
	    {"no-targeting-critical-infrastructure", 1, 0, "article",
	     "art_no-targeting-critical-infrastructure"},
	    {"part-general", 0, 1, "part", "part_part-general"},
	    {"chapter-x", 1, 1, "chapter", "chp_chapter-x"},
	    {"s1", 2, 1, "section", "sec_s1"},
	    {"deep", 5, 1, "subsection", "subsec_deep"},
	    {"top-article", 0, 0, "article", "art_top-article"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		acc_clause cl;
		acc_buf b = ACC_BUF_INIT;

		memset(&cl, 0, sizeof(cl));
		cl.id = (char *)cases[i].id;
		cl.depth = cases[i].depth;
		cl.container = cases[i].container;
		assert_string_equal(acc_export_akn_element(&cl), cases[i].element);
		assert_int_equal(acc_export_eid(&b, &cl), 0);
		assert_string_equal(text(&b), cases[i].eid);
		acc_buf_free(&b);
	}
}

/* Format names parse and print back; others are usage errors. */
static void test_format_names(void **state)
{
	static const char *const names[] = {"md", "txt", "html", "akn", "json", "csv", "pdf"};
	acc_export_format f;
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++) {
		assert_int_equal(acc_export_format_parse(&f, names[i]), 0);
		assert_string_equal(acc_export_format_name(f), names[i]);
	}
	assert_int_equal(acc_export_format_parse(&f, "odt"), ACC_EUSAGE);
	assert_int_equal(acc_export_format_parse(&f, "MD"), ACC_EUSAGE);
}

/* Paper names, case aside; others are usage errors. */
static void test_paper_names(void **state)
{
	acc_export_paper p = ACC_PAPER_LETTER;

	(void)state;
	assert_int_equal(acc_export_paper_parse(&p, "a4"), 0);
	assert_int_equal(p, ACC_PAPER_A4);
	assert_int_equal(acc_export_paper_parse(&p, "Letter"), 0);
	assert_int_equal(p, ACC_PAPER_LETTER);
	assert_int_equal(acc_export_paper_parse(&p, "a5"), ACC_EUSAGE);
}

/* ---------------------------------------------------------------- rendering */

#define HOSTILE                                                                                    \
	"<script>alert(\"x\")</script> & ]]> 'q' \033[2J\xe2\x80\xae\n\n"                          \
	"# heading?\n<!-- c --> [l](javascript:x) &amp;\n"

/* The bundled proposal with hostile text in the purpose clause's text and
 * heading and in Norland's name. */
static acc_state *hostile_state(void)
{
	acc_source *src = NULL;
	acc_state *st = NULL;
	acc_clause *cl;
	acc_org *org;
	const char *dir = tu_proposal_dir();

	assert_non_null(dir);
	assert_int_equal(acc_source_dir(&src, dir), 0);
	assert_int_equal(acc_state_load(&st, src), 0);
	acc_source_free(src);
	cl = (acc_clause *)acc_state_clause(st, "purpose");
	assert_non_null(cl);
	free(cl->text);
	cl->text = strdup(HOSTILE);
	free(cl->heading);
	cl->heading = strdup("Purpose <i>&</i> ]]>");
	org = (acc_org *)acc_state_org(st, "norland");
	assert_non_null(org);
	free(org->name);
	org->name = strdup("Norland <b>\"&\"</b>");
	assert_non_null(cl->text);
	assert_non_null(cl->heading);
	assert_non_null(org->name);
	return st;
}

/* A document over st at a made-up revision. */
static void make_doc(acc_export_doc *d, const acc_state *st)
{
	memset(d, 0, sizeof(*d));
	d->st = st;
	memset(d->rev.commit, 'a', ACC_OID_HEXLEN);
	d->rev.commit[ACC_OID_HEXLEN] = '\0';
	d->rev.time = 1767225600; /* 2026-01-01 */
}

/* Renders d in f (twice: the bytes must agree) into *out. */
static void render(acc_buf *out, const acc_export_doc *d, acc_export_format f)
{
	acc_buf again = ACC_BUF_INIT;

	assert_int_equal(acc_export_render(out, d, f), 0);
	assert_int_equal(acc_export_render(&again, d, f), 0);
	assert_int_equal(out->size, again.size);
	assert_memory_equal(out->ptr, again.ptr, out->size);
	acc_buf_free(&again);
}

/* Fails unless s parses as well-formed XML without a single error. */
static void assert_xml(const char *s, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(s, (int)len, "export.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (!doc)
		fail_msg("the document is not well-formed XML");
	xmlFreeDoc(doc);
}

/* XML formats: well-formed, hostile strings only escaped. */
static void test_render_xml_escapes(void **state)
{
	acc_state *st = hostile_state();
	acc_export_doc d;
	acc_export_format fs[] = {ACC_EXPORT_HTML, ACC_EXPORT_AKN};
	size_t i;

	(void)state;
	make_doc(&d, st);
	for (i = 0; i < 2; i++) {
		acc_buf b = ACC_BUF_INIT;
		const char *s;

		render(&b, &d, fs[i]);
		s = text(&b);
		assert_xml(s, b.size);
		assert_null(strstr(s, "<script"));
		assert_null(strstr(s, "<i>"));
		assert_null(strstr(s, "<b>"));
		assert_null(strstr(s, "]]>"));
		assert_null(strstr(s, "<!--"));
		assert_null(strstr(s, "\033"));
		assert_null(strstr(s, "\xe2\x80\xae"));
		assert_non_null(strstr(s, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
					  "]]&gt;"));
		if (fs[i] == ACC_EXPORT_AKN) /* names show in the references */
			assert_non_null(
			    strstr(s, "showAs=\"Norland &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;\""));
		assert_non_null(strstr(s, "&amp;amp;"));
		acc_buf_free(&b);
	}
	acc_state_free(st);
}

/* Markdown: nothing that makes markup survives unescaped. */
static void test_render_md_escapes(void **state)
{
	acc_state *st = hostile_state();
	acc_export_doc d;
	acc_buf b = ACC_BUF_INIT;
	const char *s;
	size_t i;

	(void)state;
	make_doc(&d, st);
	render(&b, &d, ACC_EXPORT_MD);
	s = text(&b);
	assert_non_null(strstr(s, "### Article 1. Purpose \\<i\\>\\&\\</i\\> \\]\\]\\>\n"));
	assert_non_null(strstr(s, "\\<script\\>alert(\"x\")\\</script\\> \\& \\]\\]\\>"));
	assert_non_null(strstr(s, "\n\\# heading?\n"));
	/* every < > & [ ] in the document is escaped, but the footnotes
	 * accord writes for the clauses' own footnotes ("[^<clause>-<id>]") */
	for (i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			continue;
		}
		if (s[i] == '[' && s[i + 1] == '^') {
			size_t k = i + 2;

			while (s[k] && strchr("abcdefghijklmnopqrstuvwxyz0123456789-", s[k]))
				k++;
			if (s[k] == ']' && k > i + 2) {
				i = k;
				continue;
			}
		}
		if (strchr("<>&[]", s[i]))
			fail_msg("unescaped '%c' at byte %zu: \"%.40s\"", s[i], i,
				 s + (i > 20 ? i - 20 : 0));
	}
	assert_null(strstr(s, "\033"));
	acc_buf_free(&b);
	acc_state_free(st);
}

/* Plain text: exact (U+FFFD for what the record may not hold) and at most
 * 72 columns a line. */
static void test_render_txt(void **state)
{
	acc_state *st = hostile_state();
	acc_export_doc d;
	acc_buf b = ACC_BUF_INIT;

	(void)state;
	make_doc(&d, st);
	render(&b, &d, ACC_EXPORT_TXT);
	assert_lines_fit(text(&b), 72);
	assert_null(strstr(text(&b), "\033"));
	assert_non_null(strstr(text(&b), "\xef\xbf\xbd[2J\xef\xbf\xbd"));
	assert_non_null(strstr(text(&b), "Text: draft, not ratified\n"));
	assert_non_null(strstr(text(&b), "Article 6. Protection of critical infrastructure\n"));
	acc_buf_free(&b);
	acc_state_free(st);
}

/* JSON: parses, and carries the text exactly. */
static void test_render_json(void **state)
{
	acc_state *st = hostile_state();
	acc_export_doc d;
	acc_buf b = ACC_BUF_INIT;
	json_error_t err;
	json_t *root, *clauses;
	size_t i;
	int found = 0;

	(void)state;
	make_doc(&d, st);
	render(&b, &d, ACC_EXPORT_JSON);
	/* terminal-safe: no raw escape or bidi override */
	assert_null(strstr(text(&b), "\033"));
	assert_null(strstr(text(&b), "\xe2\x80\xae"));
	assert_non_null(strstr(text(&b), "\\u202e"));
	root = json_loads(text(&b), 0, &err);
	if (!root)
		fail_msg("json: %s at line %d", err.text, err.line);
	clauses = json_object_get(root, "clauses");
	assert_int_equal(json_array_size(clauses), st->nclauses);
	for (i = 0; i < json_array_size(clauses); i++) {
		json_t *c = json_array_get(clauses, i);

		if (strcmp(json_string_value(json_object_get(c, "id")), "purpose") == 0) {
			assert_string_equal(json_string_value(json_object_get(c, "text")), HOSTILE);
			found = 1;
		}
	}
	assert_true(found);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(root, "revision"), "date")),
	    "2026-01-01T00:00:00Z");
	assert_true(json_is_false(json_object_get(root, "ratified")));
	json_decref(root);
	acc_buf_free(&b);
	acc_state_free(st);
}

/* CSV of a proposal with no ballot is the header alone. */
static void test_render_csv_empty(void **state)
{
	acc_state *st = hostile_state();
	acc_export_doc d;
	acc_buf b = ACC_BUF_INIT;

	(void)state;
	make_doc(&d, st);
	render(&b, &d, ACC_EXPORT_CSV);
	assert_string_equal(text(&b), "\"ballot\",\"clause\",\"status\",\"result\",\"org\","
				      "\"org_name\",\"vote\",\"delegate\"\r\n");
	acc_buf_free(&b);
	acc_state_free(st);
}

/* The PDF of hostile text: the same bytes twice, the paper asked, the
 * revision's date as a PDF date, no /ID. */
static void test_render_pdf(void **state)
{
	acc_state *st = hostile_state();
	acc_export_doc d;
	acc_buf b = ACC_BUF_INIT;

	(void)state;
	make_doc(&d, st);
	render(&b, &d, ACC_EXPORT_PDF);
	assert_true(b.size > 1000);
	assert_memory_equal(b.ptr, "%PDF-1.5", 8);
	assert_non_null(memmem(b.ptr, b.size, "/MediaBox [ 0 0 595.2756 841.8898 ]", 35));
	assert_non_null(memmem(b.ptr, b.size, "/CreationDate (D:20260101000000Z)", 33));
	assert_null(memmem(b.ptr, b.size, "/ID [", 5));
	acc_buf_free(&b);
	d.paper = ACC_PAPER_LETTER;
	render(&b, &d, ACC_EXPORT_PDF);
	assert_non_null(memmem(b.ptr, b.size, "/MediaBox [ 0 0 612 792 ]", 25));
	acc_buf_free(&b);
	acc_state_free(st);
}

/* The change view marks a changed clause with ins/del and is only for
 * html. */
static void test_render_changes(void **state)
{
	acc_state *st = hostile_state(), *old = hostile_state();
	acc_clause *cl = (acc_clause *)acc_state_clause(old, "purpose");
	acc_export_doc d;
	acc_buf b = ACC_BUF_INIT;

	(void)state;
	free(cl->text);
	cl->text = strdup("An older & shorter text.\n");
	assert_non_null(cl->text);
	make_doc(&d, st);
	d.since = old;
	memset(d.since_rev.commit, 'b', ACC_OID_HEXLEN);
	render(&b, &d, ACC_EXPORT_HTML);
	assert_xml(text(&b), b.size);
	assert_non_null(strstr(text(&b), "<div class=\"article changed\" id=\"clause-purpose\">"));
	assert_non_null(strstr(text(&b), "<del>"));
	assert_non_null(strstr(text(&b), "<ins>"));
	assert_non_null(strstr(text(&b), "1 clause changed, 0 added, 0 removed."));
	acc_buf_clear(&b);
	assert_int_equal(acc_export_render(&b, &d, ACC_EXPORT_MD), ACC_EUSAGE);
	assert_int_equal(b.size, 0);
	acc_buf_free(&b);
	acc_state_free(old);
	acc_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wrap_ascii),
	    cmocka_unit_test(test_wrap_indent_hang),
	    cmocka_unit_test(test_wrap_display_width),
	    cmocka_unit_test(test_wrap_long_words),
	    cmocka_unit_test(test_wrap_exact),
	    cmocka_unit_test(test_wrap_keeps_indentation),
	    cmocka_unit_test(test_wrap_property),
	    cmocka_unit_test(test_md_inline),
	    cmocka_unit_test(test_md_line_starts),
	    cmocka_unit_test(test_md_exact),
	    cmocka_unit_test(test_md_autolinks),
	    cmocka_unit_test(test_csv_quoting),
	    cmocka_unit_test(test_eids),
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_paper_names),
	    cmocka_unit_test(test_render_xml_escapes),
	    cmocka_unit_test(test_render_md_escapes),
	    cmocka_unit_test(test_render_txt),
	    cmocka_unit_test(test_render_json),
	    cmocka_unit_test(test_render_csv_empty),
	    cmocka_unit_test(test_render_pdf),
	    cmocka_unit_test(test_render_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
