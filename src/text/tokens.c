/*
 * tokens: the word diff's tokenizer (acc_token_next), ICU's word
 * boundaries, and the token sequences textdiff.c diffs (internal.h).
 *
 * Decisions beyond the header:
 *  - Tokens.  Whitespace is ASCII space, tab, LF, VT, FF, CR and the
 *    Unicode White_Space code points (U+0085, U+00A0, U+1680,
 *    U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).  Punctuation
 *    is ASCII punctuation, the Latin-1 punctuation and symbols (not the
 *    soft hyphen, the ordinals, superscripts or fractions), the General
 *    and Supplemental Punctuation blocks, currency symbols, CJK and
 *    fullwidth punctuation and a few script-specific marks (Greek, Armenian,
 *    Hebrew, Arabic, Devanagari, Thai); see punct_ranges.  Controls, NUL,
 *    format characters and emoji are word characters, as the header says.
 *  - Han ideographs, kana and halfwidth katakana are one word token each
 *    in acc_token_next (with any combining marks or variation selectors
 *    that follow), not runs: Chinese and Japanese put no spaces between
 *    words, so a run would be a whole sentence and one changed character
 *    would show the sentence replaced.  The class stays ACC_TOK_WORD.
 *  - Word boundaries in every script come from ICU's word break iterator
 *    (Unicode segmentation, UAX #29, with ICU's dictionaries for Chinese,
 *    Japanese, Thai, Lao, Khmer and Burmese).  The diff cuts a text with
 *    acc_token_next, then every stretch of consecutive word tokens that
 *    holds a non-ASCII character is re-cut at ICU's boundaries inside it:
 *    so 缔约方 is one word, not three ideographs, and Thai words split.
 *    Whitespace and punctuation still end words exactly as before (ICU
 *    keeps "don't" or "1,000" whole; the diff does not), and stretches of
 *    ASCII are never re-cut, so English diffs are unchanged and skip ICU.
 *    One iterator is opened per process and reused (opening one loads
 *    rules and dictionaries: far dearer than a diff); a second caller at
 *    the same time opens its own.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accord/textdiff.h"
#include "accord/util.h"
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* ---------------------------------------------------------------------- */
/* Tokenizer */

/* An inclusive range of code points. */
struct cp_range {
	uint32_t lo, hi;
};

/* Non-ASCII code points that are single punctuation tokens, sorted and
 * disjoint. */
static const struct cp_range punct_ranges[] = {
    {0xA1, 0xA9},     {0xAB, 0xAC},	{0xAE, 0xB1},	  {0xB4, 0xB4},	    {0xB6, 0xB8},
    {0xBB, 0xBB},     {0xBF, 0xBF},	{0xD7, 0xD7},	  {0xF7, 0xF7},	    {0x37E, 0x37E},
    {0x387, 0x387},   {0x55A, 0x55F},	{0x589, 0x58A},	  {0x5BE, 0x5BE},   {0x5C0, 0x5C0},
    {0x5C3, 0x5C3},   {0x5C6, 0x5C6},	{0x5F3, 0x5F4},	  {0x609, 0x60D},   {0x61B, 0x61B},
    {0x61D, 0x61F},   {0x66A, 0x66D},	{0x6D4, 0x6D4},	  {0x964, 0x965},   {0x970, 0x970},
    {0xE4F, 0xE4F},   {0xE5A, 0xE5B},	{0x2010, 0x2027}, {0x2030, 0x205E}, {0x20A0, 0x20C0},
    {0x2E00, 0x2E7F}, {0x3001, 0x3003}, {0x3008, 0x3011}, {0x3014, 0x301F}, {0x30A0, 0x30A0},
    {0x30FB, 0x30FB}, {0xFE10, 0xFE19}, {0xFE30, 0xFE4F}, {0xFE50, 0xFE6B}, {0xFF01, 0xFF0F},
    {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
};

/* Code points that are one word token each (Han, kana), sorted. */
static const struct cp_range ideo_ranges[] = {
    {0x3005, 0x3007}, {0x3041, 0x3096}, {0x309D, 0x30FF}, {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0xFF66, 0xFF9D}, {0x20000, 0x3FFFF},
};

/* Marks that stay with the ideograph before them, sorted. */
static const struct cp_range mark_ranges[] = {
    {0x300, 0x36F},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF},   {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFF9E, 0xFF9F}, {0xE0100, 0xE01EF},
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* The class of one code point inside the tokenizer. */
enum ch_class { CH_WORD, CH_SPACE, CH_PUNCT, CH_IDEO, CH_MARK };

/* Whether cp lies in one of the n sorted, disjoint ranges of table. */
static int in_table(const struct cp_range *table, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < table[0].lo || cp > table[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < table[mid].lo)
			hi = mid;
		else if (cp > table[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Whether cp is whitespace (ASCII blanks and Unicode White_Space). */
static int is_space(uint32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '\n':
	case '\v':
	case '\f':
	case '\r':
	case 0x85:
	case 0xA0:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202F:
	case 0x205F:
	case 0x3000:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

/* The class of each ASCII character (CH_WORD, 0, when not listed). */
static const unsigned char ascii_class[128] = {
    ['\t'] = CH_SPACE, ['\n'] = CH_SPACE, ['\v'] = CH_SPACE, ['\f'] = CH_SPACE, ['\r'] = CH_SPACE,
    [' '] = CH_SPACE,  ['!'] = CH_PUNCT,  ['"'] = CH_PUNCT,  ['#'] = CH_PUNCT,	['$'] = CH_PUNCT,
    ['%'] = CH_PUNCT,  ['&'] = CH_PUNCT,  ['\''] = CH_PUNCT, ['('] = CH_PUNCT,	[')'] = CH_PUNCT,
    ['*'] = CH_PUNCT,  ['+'] = CH_PUNCT,  [','] = CH_PUNCT,  ['-'] = CH_PUNCT,	['.'] = CH_PUNCT,
    ['/'] = CH_PUNCT,  [':'] = CH_PUNCT,  [';'] = CH_PUNCT,  ['<'] = CH_PUNCT,	['='] = CH_PUNCT,
    ['>'] = CH_PUNCT,  ['?'] = CH_PUNCT,  ['@'] = CH_PUNCT,  ['['] = CH_PUNCT,	['\\'] = CH_PUNCT,
    [']'] = CH_PUNCT,  ['^'] = CH_PUNCT,  ['_'] = CH_PUNCT,  ['`'] = CH_PUNCT,	['{'] = CH_PUNCT,
    ['|'] = CH_PUNCT,  ['}'] = CH_PUNCT,  ['~'] = CH_PUNCT,
};

/* The tokenizer class of the valid code point cp. */
static enum ch_class char_class(uint32_t cp)
{
	if (cp < 0x80)
		return (enum ch_class)ascii_class[cp];
	if (is_space(cp))
		return CH_SPACE;
	if (in_table(punct_ranges, COUNT(punct_ranges), cp))
		return CH_PUNCT;
	if (in_table(mark_ranges, COUNT(mark_ranges), cp))
		return CH_MARK;
	if (in_table(ideo_ranges, COUNT(ideo_ranges), cp))
		return CH_IDEO;
	return CH_WORD;
}

/* Decodes the code point at s (len > 0 bytes) and returns its length and
 * class through *n and *c; returns 0 when the byte at s is invalid. */
static int next_char(size_t *n, enum ch_class *c, const char *s, size_t len)
{
	uint32_t cp = (unsigned char)*s;
	int r = 1;

	if (cp >= 0x80 && (r = acc_utf8_decode(s, len, &cp)) < 0)
		return 0;
	*n = (size_t)r;
	*c = char_class(cp);
	return 1;
}

size_t acc_token_next(const char *s, size_t len, acc_tok_class *cls)
{
	acc_tok_class out = ACC_TOK_WORD;
	enum ch_class first, c;
	size_t i, n;

	if (len == 0) {
		i = 0;
		goto done;
	}
	if (!next_char(&i, &first, s, len)) {
		out = ACC_TOK_INVALID;
		i = 1;
		goto done;
	}
	if (first == CH_PUNCT) {
		out = ACC_TOK_PUNCT;
		goto done;
	}
	if (first == CH_SPACE)
		out = ACC_TOK_SPACE;
	while (i < len) {
		unsigned char b = (unsigned char)s[i];

		if (b < 0x80) /* most text: no decoding */
			c = (enum ch_class)ascii_class[b], n = 1;
		else if (!next_char(&n, &c, s + i, len - i))
			break;
		if (first == CH_SPACE  ? c != CH_SPACE
		    : first == CH_IDEO ? c != CH_MARK
				       : c != CH_WORD && c != CH_MARK)
			break;
		i += n;
	}
done:
	if (cls)
		*cls = out;
	return i;
}

/* ---------------------------------------------------------------------- */
/* Token sequences and interning */

void acc_text_tokseq_free(tokseq *t)
{
	free(t->start);
	free(t->cls);
	free(t->id);
	free(t->chg);
	memset(t, 0, sizeof(*t));
}

/* Makes room in t for at least need tokens (and the end offset); *cap is
 * the current room.  Returns 0 or ACC_ENOMEM (t keeps its arrays). */
static int tokseq_grow(tokseq *t, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	while (ncap < need)
		ncap *= 2;
	if (!(p = acc_realloc(t->start, ncap * sizeof(*t->start))))
		return ACC_ENOMEM;
	t->start = p;
	if (!(p = acc_realloc(t->cls, ncap)))
		return ACC_ENOMEM;
	t->cls = p;
	*cap = ncap;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Word boundaries from ICU */

/* ICU is loaded when a diff first meets non-ASCII words, not when the
 * program starts: its libraries cost about a millisecond of every process
 * start (dynamic loading and relocation), and most processes never diff
 * text outside ASCII.  The entry points are looked up by the versioned
 * names the ICU headers give them (ubrk_open is ubrk_open_72 in ICU 72). */
#define ICU_STR2(x) #x
#define ICU_STR(x)  ICU_STR2(x)
#define ICU_LIB	    "libicuuc.so." ICU_STR(U_ICU_VERSION_MAJOR_NUM)

/* The ICU functions the diff calls, once loaded. */
static struct {
	UBreakIterator *(*open)(UBreakIteratorType, const char *, const UChar *, int32_t,
				UErrorCode *);
	void (*close)(UBreakIterator *);
	void (*set_text)(UBreakIterator *, UText *, UErrorCode *);
	int32_t (*first)(UBreakIterator *);
	int32_t (*next)(UBreakIterator *);
	UText *(*open_utf8)(UText *, const char *, int64_t, UErrorCode *);
	UText *(*close_text)(UText *);
} icu;
static int icu_loaded;
static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

/* Loads ICU's common library and looks up the functions above; leaves
 * icu_loaded 0 when any is missing. */
static void icu_load(void)
{
	void *h = dlopen(ICU_LIB, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return;
	*(void **)&icu.open = dlsym(h, ICU_STR(ubrk_open));
	*(void **)&icu.close = dlsym(h, ICU_STR(ubrk_close));
	*(void **)&icu.set_text = dlsym(h, ICU_STR(ubrk_setUText));
	*(void **)&icu.first = dlsym(h, ICU_STR(ubrk_first));
	*(void **)&icu.next = dlsym(h, ICU_STR(ubrk_next));
	*(void **)&icu.open_utf8 = dlsym(h, ICU_STR(utext_openUTF8));
	*(void **)&icu.close_text = dlsym(h, ICU_STR(utext_close));
	icu_loaded = icu.open && icu.close && icu.set_text && icu.first && icu.next &&
		     icu.open_utf8 && icu.close_text;
}

/* Whether ICU is loaded (loading it on the first call). */
static int icu_ready(void)
{
	pthread_once(&icu_once, icu_load);
	return icu_loaded;
}

/* The process's word break iterator (NULL until first used) and whether a
 * caller holds it. */
static UBreakIterator *cached_breaker;
static atomic_flag breaker_busy = ATOMIC_FLAG_INIT;

/* Takes a word break iterator: the cached one when free, else a new one
 * (*own set).  Returns NULL when ICU cannot open one. */
static UBreakIterator *breaker_take(int *own)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi;

	*own = 1;
	if (!icu_ready())
		return NULL;
	if (!atomic_flag_test_and_set(&breaker_busy)) {
		*own = 0;
		if (!cached_breaker) {
			cached_breaker = icu.open(UBRK_WORD, "", NULL, 0, &st);
			if (U_FAILURE(st))
				cached_breaker = NULL;
		}
		if (cached_breaker)
			return cached_breaker;
		atomic_flag_clear(&breaker_busy);
		return NULL;
	}
	bi = icu.open(UBRK_WORD, "", NULL, 0, &st);
	return U_FAILURE(st) ? NULL : bi;
}

/* Gives back an iterator from breaker_take. */
static void breaker_give(UBreakIterator *bi, int own)
{
	if (own)
		icu.close(bi);
	else
		atomic_flag_clear(&breaker_busy);
}

/* Fills *out (malloc'd, *n entries, ascending) with ICU's word boundaries
 * in text (len bytes of UTF-8), as byte offsets.  Returns 0, ACC_ENOMEM,
 * or ACC_ERROR when ICU fails (the caller keeps its own tokens). */
static int icu_boundaries(size_t **out, size_t *n, const char *text, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	UBreakIterator *bi;
	size_t *b = NULL, cap = len / 3 + 2, k = 0;
	int32_t p;
	int own, rc = 0;

	*out = NULL;
	*n = 0;
	if (len > INT32_MAX || !(bi = breaker_take(&own)))
		return ACC_ERROR;
	icu.open_utf8(&ut, text, (int64_t)len, &st);
	icu.set_text(bi, &ut, &st);
	if (U_FAILURE(st)) {
		rc = ACC_ERROR;
		goto done;
	}
	if (!(b = acc_calloc(cap, sizeof(*b)))) {
		rc = ACC_ENOMEM;
		goto done;
	}
	for (p = icu.first(bi); p != UBRK_DONE; p = icu.next(bi)) {
		if (k == cap) {
			void *q = acc_realloc(b, 2 * cap * sizeof(*b));

			if (!q) {
				rc = ACC_ENOMEM;
				goto done;
			}
			b = q;
			cap *= 2;
		}
		b[k++] = (size_t)p;
	}
	*out = b, *n = k, b = NULL;
done:
	free(b);
	if (icu_loaded)
		icu.close_text(&ut);
	breaker_give(bi, own);
	return rc;
}

int acc_word_bounds(size_t **out, size_t *n, const char *text, size_t len)
{
	return icu_boundaries(out, n, text, len);
}

/* Whether bytes [from, to) of s are all ASCII. */
static int all_ascii(const char *s, size_t from, size_t to)
{
	for (; from < to; from++)
		if ((unsigned char)s[from] >= 0x80)
			return 0;
	return 1;
}

/* Re-cuts the stretches of word tokens of t that hold non-ASCII text at
 * ICU's word boundaries (see the decisions above).  Leaves t as it was
 * when ICU fails.  Returns 0 or ACC_ENOMEM. */
static int tokseq_icu(tokseq *t)
{
	size_t *bnd = NULL, nb = 0, bi = 0, i = 0, j, n = 0, cap;
	size_t *start = NULL;
	unsigned char *cls = NULL;
	const char *s = t->text;
	size_t len = t->start[t->n];
	int rc;

	if ((rc = icu_boundaries(&bnd, &nb, s, len)) < 0)
		return rc == ACC_ENOMEM ? rc : 0;
	cap = t->n + nb + 2;
	start = acc_calloc(cap, sizeof(*start));
	cls = acc_calloc(cap, 1);
	if (!start || !cls) {
		rc = ACC_ENOMEM;
		goto done;
	}
	while (i < t->n) {
		size_t from = t->start[i], to;

		if (t->cls[i] != ACC_TOK_WORD) {
			start[n] = from, cls[n++] = t->cls[i++];
			continue;
		}
		for (j = i; j < t->n && t->cls[j] == ACC_TOK_WORD; j++)
			;
		to = t->start[j];
		if (all_ascii(s, from, to)) {
			for (; i < j; i++)
				start[n] = t->start[i], cls[n++] = ACC_TOK_WORD;
			continue;
		}
		start[n] = from, cls[n++] = ACC_TOK_WORD;
		while (bi < nb && bnd[bi] <= from)
			bi++;
		for (; bi < nb && bnd[bi] < to; bi++)
			if (((unsigned char)s[bnd[bi]] & 0xC0) != 0x80)
				start[n] = bnd[bi], cls[n++] = ACC_TOK_WORD;
		i = j;
	}
	start[n] = len;
	free(t->start);
	free(t->cls);
	t->start = start, t->cls = cls, t->n = n;
	start = NULL, cls = NULL;
	rc = 0;
done:
	free(start);
	free(cls);
	free(bnd);
	return rc;
}

/* The token at s (len > 0 bytes) as acc_token_next cuts it, when it is
 * ASCII and so is the byte after it (most text: no decoding, no call);
 * returns its length and class, or 0 when acc_token_next must decide. */
static size_t ascii_token(const char *s, size_t len, acc_tok_class *cls)
{
	const unsigned char *u = (const unsigned char *)s;
	enum ch_class first;
	size_t i = 1;

	if (u[0] >= 0x80)
		return 0;
	first = (enum ch_class)ascii_class[u[0]];
	if (first == CH_PUNCT) {
		*cls = ACC_TOK_PUNCT;
		return 1;
	}
	while (i < len && u[i] < 0x80 && ascii_class[u[i]] == first)
		i++;
	if (i < len && u[i] >= 0x80)
		return 0; /* a mark, a word or a space may go on: decode */
	*cls = first == CH_SPACE ? ACC_TOK_SPACE : ACC_TOK_WORD;
	return i;
}

int acc_text_tokseq_init(tokseq *t, const char *text, size_t len)
{
	acc_tok_class cls;
	size_t pos = 0, n = 0, cap = 0, i;
	int wide = 0;

	t->text = text;
	/* Legal prose averages about 3.5 bytes per token. */
	if (tokseq_grow(t, &cap, len / 3 + 2) < 0)
		return ACC_ENOMEM;
	while (pos < len) {
		if (n + 2 > cap && tokseq_grow(t, &cap, n + 2) < 0)
			return ACC_ENOMEM;
		t->start[n] = pos;
		if ((i = ascii_token(text + pos, len - pos, &cls)) > 0) {
			pos += i;
		} else {
			pos += acc_token_next(text + pos, len - pos, &cls);
			if (cls == ACC_TOK_WORD && !wide)
				wide = !all_ascii(text, t->start[n], pos);
		}
		t->cls[n++] = (unsigned char)cls;
	}
	t->start[n] = pos;
	t->n = n;
	if (wide && tokseq_icu(t) < 0)
		return ACC_ENOMEM;
	t->id = acc_calloc(t->n + 1, sizeof(*t->id));
	t->chg = acc_calloc(t->n + 1, 1);
	if (!t->id || !t->chg)
		return ACC_ENOMEM;
	return 0;
}
