/*
 * textdiff: word-level diff of clause text.
 *
 * Both texts are cut into tokens (acc_token_next), every token is interned
 * to an integer id (equal bytes, equal id) so the diff compares integers,
 * Myers' linear-space algorithm marks the tokens it deletes from the old
 * text and inserts into the new one, and the marks are turned into runs.
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
 *  - Cost bound.  Each search for a middle snake may spend mxcost =
 *    max(256, sqrt(tokens)) rounds of edits in each direction.  Past it,
 *    the furthest-reaching points are looked at: when one direction made
 *    good progress (at least 4 tokens per edit: the texts are alike but
 *    far apart) the box is split at that point, as xdiff does; otherwise
 *    (texts mostly different) the explored ends of the box are reported as
 *    delete + insert and the search continues on the middle only.  A total
 *    work budget (WORK_PER_TOKEN per token plus WORK_MIN) is a backstop
 *    for repetitive input: once spent, every remaining box is reported as
 *    delete + insert.  Below the cap the result is minimal.
 *  - Two steps for long texts.  Whitespace tokens are about half of every
 *    text, and a search's cost grows with the tokens it walks, so texts of
 *    more than TWO_STEP_MIN tokens together are diffed as git's word diff
 *    does, on their words and punctuation only; between each two words
 *    that step left unchanged every word is changed, and so is the
 *    whitespace there but what the two texts share at the gap's ends.  A
 *    rewritten 100 KB clause takes half the time.  Shorter texts keep
 *    the one-step diff, minimal below the cost bound.
 *  - Whitespace absorption merges two change regions separated only by
 *    whitespace when the merged region both deletes and inserts something
 *    besides that whitespace; two plain deletions ("[-a-] [-b-]") or two
 *    plain insertions are left apart, so no whitespace-only delete or
 *    insert is made up.  Absorbed whitespace counts in deleted_bytes,
 *    inserted_bytes and changed_tokens (they describe the runs).
 *  - On failure *out is left empty (and may be passed to acc_diff_free).
 */
#include "accord/textdiff.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accord/util.h"

#include <dlfcn.h>
#include <pthread.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* The least number of edit rounds per search before the heuristics. */
#define MXCOST_MIN 256
/* Progress (tokens advanced per edit) above which a costly box is alike. */
#define ALIKE_RATIO 4
/* The work budget: per token of both texts, plus a constant. */
#define WORK_PER_TOKEN 64
#define WORK_MIN       ((size_t)1 << 22)

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

/* One text cut into tokens. */
typedef struct {
	const char *text;
	size_t n;	    /* number of tokens */
	size_t *start;	    /* n + 1 offsets: token i is text[start[i], start[i + 1]) */
	unsigned char *cls; /* acc_tok_class of each token */
	uint32_t *id;	    /* interned id of each token */
	unsigned char *chg; /* 1 when the token is deleted (old) or inserted (new) */
} tokseq;

/* Frees the arrays of t (which may be partly filled) and empties it. */
static void tokseq_free(tokseq *t)
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

/* Cuts text (len bytes; NULL only when len is 0) into t, which must be
 * zeroed.  Returns 0 or ACC_ENOMEM (t then holds what to free). */
static int tokseq_init(tokseq *t, const char *text, size_t len)
{
	acc_tok_class cls;
	size_t pos = 0, n = 0, cap = 0;
	int wide = 0;

	t->text = text;
	/* Legal prose averages about 3.5 bytes per token. */
	if (tokseq_grow(t, &cap, len / 3 + 2) < 0)
		return ACC_ENOMEM;
	while (pos < len) {
		if (n + 2 > cap && tokseq_grow(t, &cap, n + 2) < 0)
			return ACC_ENOMEM;
		t->start[n] = pos;
		pos += acc_token_next(text + pos, len - pos, &cls);
		if (cls == ACC_TOK_WORD && !wide)
			wide = !all_ascii(text, t->start[n], pos);
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

/* Pointer to the first byte of token i of t. */
static const char *tok_ptr(const tokseq *t, size_t i)
{
	return t->text + t->start[i];
}

/* Length in bytes of token i of t. */
static size_t tok_len(const tokseq *t, size_t i)
{
	return t->start[i + 1] - t->start[i];
}

/* A hash of the len bytes at p (FNV-1a, then a 64-bit finaliser so the
 * low bits used by the table depend on every byte). */
static uint64_t hash_bytes(const char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3u;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/* One slot of the interning table; len 0 marks an empty slot (tokens are
 * never empty). */
typedef struct {
	const char *p;
	size_t len;
	uint64_t hash;
	uint32_t id;
} slot;

/* Gives every token of a and b an id such that two tokens have the same id
 * exactly when their bytes are equal.  Returns 0 or ACC_ENOMEM. */
static int intern(tokseq *a, tokseq *b)
{
	tokseq *seqs[2] = {a, b};
	size_t cap = 16, mask, s, k, i;
	uint32_t next_id = 0;
	slot *table;

	if (a->n + b->n >= UINT32_MAX) /* ids are 32 bits: half the memory traffic */
		return acc_error_set(ACC_ENOMEM, "text too large to diff");
	while (cap < 2 * (a->n + b->n))
		cap *= 2;
	if (!(table = acc_calloc(cap, sizeof(*table))))
		return ACC_ENOMEM;
	mask = cap - 1;
	for (s = 0; s < 2; s++) {
		tokseq *t = seqs[s];

		for (k = 0; k < t->n; k++) {
			const char *p = tok_ptr(t, k);
			size_t len = tok_len(t, k);
			uint64_t h = hash_bytes(p, len);

			for (i = (size_t)h & mask; table[i].len; i = (i + 1) & mask)
				if (table[i].hash == h && table[i].len == len &&
				    memcmp(table[i].p, p, len) == 0)
					break;
			if (!table[i].len) {
				table[i].p = p;
				table[i].len = len;
				table[i].hash = h;
				table[i].id = next_id++;
			}
			t->id[k] = table[i].id;
		}
	}
	free(table);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Myers' algorithm */

/* "No point reached" on a forward diagonal (x is never negative). */
#define NONE_F ((ptrdiff_t)-1)
/* "No point reached" on a backward diagonal. */
#define NONE_B PTRDIFF_MAX

/* The state of one diff: token ids, change marks and the diagonal vectors. */
typedef struct {
	const uint32_t *ha, *hb; /* ids of the old and new tokens */
	unsigned char *ca, *cb;	 /* change marks of the old and new tokens */
	ptrdiff_t *kf, *kb;	 /* furthest x per diagonal k = x - y, forward and
				    backward; valid for k in [-nb - 1, na + 1] */
	ptrdiff_t mxcost;	 /* edit rounds per search before the heuristics */
	size_t work, budget;	 /* work done (diagonals and token compares), allowed */
} myers;

/* What find_split decided about a box. */
typedef enum {
	SPLIT_AT,  /* diff [off, (x1, y1)) and [(x1, y1), lim) separately */
	SPLIT_CUT, /* [off, (x1, y1)) and [(x2, y2), lim) are replaced wholesale */
	SPLIT_ALL, /* the budget is spent: replace the whole box */
} split_kind;

/* A decision of find_split, with its points. */
typedef struct {
	split_kind kind;
	ptrdiff_t x1, y1, x2, y2;
} split;

/* After ec rounds without meeting (ec >= mxcost), chooses between a
 * heuristic split at the furthest-reaching point (texts alike) and a cut
 * of both explored ends (texts mostly different).  fmin..fmax and
 * bmin..bmax are the diagonals of the last round. */
static void split_heuristic(split *sp, const myers *m, ptrdiff_t ec, ptrdiff_t off1, ptrdiff_t lim1,
			    ptrdiff_t off2, ptrdiff_t lim2, ptrdiff_t fmin, ptrdiff_t fmax,
			    ptrdiff_t bmin, ptrdiff_t bmax)
{
	ptrdiff_t d, fx = NONE_F, fd = 0, bx = NONE_B, bd = 0, pf = 0, pb = 0;

	for (d = fmax; d >= fmin; d -= 2)
		if (m->kf[d] != NONE_F && (fx == NONE_F || 2 * m->kf[d] - d > 2 * fx - fd))
			fx = m->kf[d], fd = d;
	for (d = bmax; d >= bmin; d -= 2)
		if (m->kb[d] != NONE_B && (bx == NONE_B || 2 * m->kb[d] - d < 2 * bx - bd))
			bx = m->kb[d], bd = d;
	if (fx == NONE_F || bx == NONE_B) {
		sp->kind = SPLIT_ALL;
		return;
	}
	pf = 2 * fx - fd - (off1 + off2);
	pb = lim1 + lim2 - (2 * bx - bd);
	if (pf >= ALIKE_RATIO * ec || pb >= ALIKE_RATIO * ec) {
		sp->kind = SPLIT_AT;
		if (pf >= pb)
			sp->x1 = fx, sp->y1 = fx - fd;
		else
			sp->x1 = bx, sp->y1 = bx - bd;
		return;
	}
	sp->kind = SPLIT_CUT;
	sp->x1 = fx, sp->y1 = fx - fd;
	sp->x2 = bx, sp->y2 = bx - bd;
}

/* Finds where to split the box a[off1, lim1) x b[off2, lim2): the middle
 * snake while the cost stays under mxcost, else a heuristic decision.
 * Assumes the box is not empty on either side and that its first and last
 * tokens differ (common prefix and suffix stripped). */
static void find_split(split *sp, myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2,
		       ptrdiff_t lim2)
{
	ptrdiff_t *kf = m->kf, *kb = m->kb;
	const uint32_t *ha = m->ha, *hb = m->hb;
	const ptrdiff_t dmin = off1 - lim2, dmax = lim1 - off2;
	const ptrdiff_t fmid = off1 - off2, bmid = lim1 - lim2;
	const int odd = (fmid - bmid) % 2 != 0;
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	ptrdiff_t ec, d, x, y, from;
	size_t work = m->work; /* a local: the stores to kf and kb may not alias it */

	kf[fmid] = off1;
	kb[bmid] = lim1;
	for (ec = 1;; ec++) {
		/* Forward: extend the range of diagonals, with sentinels outside. */
		if (fmin > dmin)
			kf[--fmin - 1] = NONE_F;
		else
			++fmin;
		if (fmax < dmax)
			kf[++fmax + 1] = NONE_F;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			/* From d - 1 by deleting a[x], from d + 1 by inserting b[y]. */
			x = NONE_F;
			from = kf[d - 1];
			if (from != NONE_F && from < lim1)
				x = from + 1;
			from = kf[d + 1];
			if (from != NONE_F && from - (d + 1) < lim2 && from >= x)
				x = from;
			kf[d] = x;
			work++;
			if (x == NONE_F)
				continue;
			y = x - d;
			while (x < lim1 && y < lim2 && ha[x] == hb[y])
				x++, y++, work++;
			kf[d] = x;
			if (odd && bmin <= d && d <= bmax && kb[d] != NONE_B && kb[d] <= x) {
				sp->kind = SPLIT_AT;
				sp->x1 = x, sp->y1 = y;
				m->work = work;
				return;
			}
		}

		/* Backward, the mirror image. */
		if (bmin > dmin)
			kb[--bmin - 1] = NONE_B;
		else
			++bmin;
		if (bmax < dmax)
			kb[++bmax + 1] = NONE_B;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			/* From d + 1 by deleting a[x - 1], from d - 1 by inserting
			 * b[y - 1]. */
			x = NONE_B;
			from = kb[d + 1];
			if (from != NONE_B && from > off1)
				x = from - 1;
			from = kb[d - 1];
			if (from != NONE_B && from - (d - 1) > off2 && from <= x)
				x = from;
			kb[d] = x;
			work++;
			if (x == NONE_B)
				continue;
			y = x - d;
			while (x > off1 && y > off2 && ha[x - 1] == hb[y - 1])
				x--, y--, work++;
			kb[d] = x;
			if (!odd && fmin <= d && d <= fmax && kf[d] != NONE_F && kf[d] >= x) {
				sp->kind = SPLIT_AT;
				sp->x1 = x, sp->y1 = y;
				m->work = work;
				return;
			}
		}

		m->work = work;
		if (work > m->budget) {
			sp->kind = SPLIT_ALL;
			return;
		}
		if (ec >= m->mxcost) {
			split_heuristic(sp, m, ec, off1, lim1, off2, lim2, fmin, fmax, bmin, bmax);
			return;
		}
	}
}

/* Marks marks[from, to) as changed. */
static void mark(unsigned char *marks, ptrdiff_t from, ptrdiff_t to)
{
	if (to > from)
		memset(marks + from, 1, (size_t)(to - from));
}

/* Marks the changes that turn a[off1, lim1) into b[off2, lim2).  Recurses
 * into the smaller half of each split and loops on the larger, so the
 * depth stays logarithmic. */
static void diff_box(myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2)
{
	split sp;

	for (;;) {
		while (off1 < lim1 && off2 < lim2 && m->ha[off1] == m->hb[off2])
			off1++, off2++, m->work++;
		while (off1 < lim1 && off2 < lim2 && m->ha[lim1 - 1] == m->hb[lim2 - 1])
			lim1--, lim2--, m->work++;
		if (off1 == lim1 || off2 == lim2 || m->work > m->budget)
			break;
		find_split(&sp, m, off1, lim1, off2, lim2);
		if (sp.kind == SPLIT_CUT) {
			mark(m->ca, off1, sp.x1);
			mark(m->cb, off2, sp.y1);
			off1 = sp.x1, off2 = sp.y1;
			if (sp.x2 >= off1 && sp.y2 >= off2) {
				mark(m->ca, sp.x2, lim1);
				mark(m->cb, sp.y2, lim2);
				lim1 = sp.x2, lim2 = sp.y2;
			}
			continue;
		}
		/* A split must leave two smaller boxes; anything else (never
		 * expected) is treated like a spent budget. */
		if (sp.kind != SPLIT_AT || sp.x1 + sp.y1 <= off1 + off2 ||
		    sp.x1 + sp.y1 >= lim1 + lim2)
			break;
		if ((sp.x1 - off1) + (sp.y1 - off2) <= (lim1 - sp.x1) + (lim2 - sp.y1)) {
			diff_box(m, off1, sp.x1, off2, sp.y1);
			off1 = sp.x1, off2 = sp.y1;
		} else {
			diff_box(m, sp.x1, lim1, sp.y1, lim2);
			lim1 = sp.x1, lim2 = sp.y1;
		}
	}
	mark(m->ca, off1, lim1);
	mark(m->cb, off2, lim2);
}

/* The integer square root of n, rounded down. */
static size_t isqrt(size_t n)
{
	size_t r = 0, bit = (size_t)1 << (sizeof(size_t) * 4 - 1);

	for (; bit; bit >>= 1)
		if ((r + bit) * (r + bit) <= n)
			r += bit;
	return r;
}

/* Texts with more tokens than this, together, are diffed in two steps
 * (see the decisions above). */
#define TWO_STEP_MIN 4096

/* Marks the tokens of a[off1, lim1) and b[off2, lim2) changed but for
 * their common first and last tokens: the gap between two matched words
 * of the two-step diff, where every word is changed and only whitespace
 * can still be equal. */
static void mark_gap(myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2)
{
	while (off1 < lim1 && off2 < lim2 && m->ha[off1] == m->hb[off2])
		off1++, off2++;
	while (off1 < lim1 && off2 < lim2 && m->ha[lim1 - 1] == m->hb[lim2 - 1])
		lim1--, lim2--;
	mark(m->ca, off1, lim1);
	mark(m->cb, off2, lim2);
}

/* The two-step diff of a and b with m set up for their whole token
 * sequences (kf and kb as in mark_changes): the sequences of their
 * non-whitespace tokens first, then the gaps between the words that step
 * matched (mark_gap).  Returns 0 or ACC_ENOMEM. */
static int mark_two_step(myers *m, tokseq *a, tokseq *b, ptrdiff_t *kf, ptrdiff_t *kb)
{
	size_t *xa, *xb, na = 0, nb = 0, i, j;
	uint32_t *ida, *idb;
	unsigned char *ca, *cb;
	ptrdiff_t pa = 0, pb = 0;
	myers w;

	xa = acc_calloc(a->n + 1, sizeof(*xa));
	xb = acc_calloc(b->n + 1, sizeof(*xb));
	ida = acc_calloc(a->n + 1, sizeof(*ida));
	idb = acc_calloc(b->n + 1, sizeof(*idb));
	ca = acc_calloc(a->n + 1, 1);
	cb = acc_calloc(b->n + 1, 1);
	if (!xa || !xb || !ida || !idb || !ca || !cb) {
		free(xa), free(xb), free(ida), free(idb), free(ca), free(cb);
		return ACC_ENOMEM;
	}
	for (i = 0; i < a->n; i++)
		if (a->cls[i] != ACC_TOK_SPACE)
			xa[na] = i, ida[na++] = a->id[i];
	for (i = 0; i < b->n; i++)
		if (b->cls[i] != ACC_TOK_SPACE)
			xb[nb] = i, idb[nb++] = b->id[i];
	w = *m;
	w.ha = ida, w.hb = idb, w.ca = ca, w.cb = cb;
	w.kf = kf + nb + 1, w.kb = kb + nb + 1;
	w.mxcost = (ptrdiff_t)isqrt(na + nb);
	if (w.mxcost < MXCOST_MIN)
		w.mxcost = MXCOST_MIN;
	diff_box(&w, 0, (ptrdiff_t)na, 0, (ptrdiff_t)nb);
	m->work = w.work;
	/* the words left unchanged pair in order; diff what lies between */
	for (i = 0, j = 0;; i++, j++) {
		while (i < na && ca[i])
			i++;
		while (j < nb && cb[j])
			j++;
		if (i == na || j == nb)
			break;
		mark_gap(m, pa, (ptrdiff_t)xa[i], pb, (ptrdiff_t)xb[j]);
		pa = (ptrdiff_t)xa[i] + 1, pb = (ptrdiff_t)xb[j] + 1;
	}
	mark_gap(m, pa, (ptrdiff_t)a->n, pb, (ptrdiff_t)b->n);
	free(xa), free(xb), free(ida), free(idb), free(ca), free(cb);
	return 0;
}

/* Marks the changed tokens of a and b (their chg arrays).  Returns 0 or
 * ACC_ENOMEM. */
static int mark_changes(tokseq *a, tokseq *b)
{
	myers m = {0};
	ptrdiff_t *kf = NULL, *kb = NULL;
	size_t total = a->n + b->n, slots;

	if (total > (size_t)(PTRDIFF_MAX / 4) / sizeof(ptrdiff_t))
		return acc_error_set(ACC_ENOMEM, "text too large to diff");
	slots = total + 3;
	kf = acc_calloc(slots, sizeof(*kf));
	kb = acc_calloc(slots, sizeof(*kb));
	if (!kf || !kb) {
		free(kf);
		free(kb);
		return ACC_ENOMEM;
	}
	m.ha = a->id;
	m.hb = b->id;
	m.ca = a->chg;
	m.cb = b->chg;
	m.kf = kf + b->n + 1;
	m.kb = kb + b->n + 1;
	m.mxcost = (ptrdiff_t)isqrt(total);
	if (m.mxcost < MXCOST_MIN)
		m.mxcost = MXCOST_MIN;
	m.budget =
	    WORK_MIN + (total > (SIZE_MAX - WORK_MIN) / WORK_PER_TOKEN ? SIZE_MAX - WORK_MIN
								       : total * WORK_PER_TOKEN);
	if (total > TWO_STEP_MIN) {
		int rc = mark_two_step(&m, a, b, kf, kb);

		free(kf);
		free(kb);
		return rc;
	}
	diff_box(&m, 0, (ptrdiff_t)a->n, 0, (ptrdiff_t)b->n);
	free(kf);
	free(kb);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Runs */

/* A change region: old tokens [a0, a1) replaced by new tokens [b0, b1). */
typedef struct {
	size_t a0, a1, b0, b1;
} hunk;

/* Collects the change regions of the marks of a and b into hunks (room for
 * min(a->n, b->n) + 1) and returns their number.  Between two regions lies
 * at least one unchanged token. */
static size_t collect_hunks(hunk *hunks, const tokseq *a, const tokseq *b)
{
	size_t i = 0, j = 0, n = 0;
	hunk h;

	while (i < a->n || j < b->n) {
		if (i < a->n && j < b->n && !a->chg[i] && !b->chg[j]) {
			assert(a->id[i] == b->id[j]);
			i++, j++;
			continue;
		}
		h.a0 = i, h.b0 = j;
		while (i < a->n && a->chg[i])
			i++;
		while (j < b->n && b->chg[j])
			j++;
		if (i == h.a0 && j == h.b0) {
			/* Unpaired unchanged tokens: impossible with a valid
			 * script; keep the output true to both texts anyway. */
			assert(0);
			i = a->n, j = b->n;
		}
		h.a1 = i, h.b1 = j;
		hunks[n++] = h;
	}
	return n;
}

/* Whether old tokens [from, to) are all whitespace; from < to. */
static int all_space(const tokseq *a, size_t from, size_t to)
{
	for (; from < to; from++)
		if (a->cls[from] != ACC_TOK_SPACE)
			return 0;
	return 1;
}

/* Merges, in place, neighbouring hunks separated only by whitespace when
 * the result deletes and inserts something; returns the new count. */
static size_t absorb_space(hunk *hunks, size_t n, const tokseq *a)
{
	size_t i, k = 0;

	if (n == 0)
		return 0;
	for (i = 1; i < n; i++) {
		hunk *cur = &hunks[k], *nx = &hunks[i];
		int del = cur->a1 > cur->a0 || nx->a1 > nx->a0;
		int ins = cur->b1 > cur->b0 || nx->b1 > nx->b0;

		if (del && ins && all_space(a, cur->a1, nx->a0)) {
			cur->a1 = nx->a1;
			cur->b1 = nx->b1;
		} else {
			hunks[++k] = *nx;
		}
	}
	return k + 1;
}

/* Appends a run of tokens [from, to) of t to d (room was reserved). */
static void add_run(acc_diff *d, acc_diff_op op, const tokseq *t, size_t from, size_t to)
{
	acc_diff_run *r;

	if (to <= from)
		return;
	r = &d->runs[d->count++];
	r->op = op;
	r->text = tok_ptr(t, from);
	r->len = t->start[to] - t->start[from];
	if (op == ACC_DIFF_DELETE) {
		d->deleted_bytes += r->len;
		d->changed_tokens += to - from;
	} else if (op == ACC_DIFF_INSERT) {
		d->inserted_bytes += r->len;
		d->changed_tokens += to - from;
	}
}

/* Turns the marks of a and b into the runs of out.  Returns 0 or
 * ACC_ENOMEM. */
static int build_runs(acc_diff *out, const tokseq *a, const tokseq *b)
{
	hunk *hunks;
	size_t n, i, pos = 0, room;

	hunks = acc_calloc((a->n < b->n ? a->n : b->n) + 1, sizeof(*hunks));
	if (!hunks)
		return ACC_ENOMEM;
	n = collect_hunks(hunks, a, b);
	n = absorb_space(hunks, n, a);
	room = 3 * n + 1;
	if (!(out->runs = acc_calloc(room, sizeof(*out->runs)))) {
		free(hunks);
		return ACC_ENOMEM;
	}
	out->alloc = room;
	for (i = 0; i < n; i++) {
		add_run(out, ACC_DIFF_EQUAL, a, pos, hunks[i].a0);
		add_run(out, ACC_DIFF_DELETE, a, hunks[i].a0, hunks[i].a1);
		add_run(out, ACC_DIFF_INSERT, b, hunks[i].b0, hunks[i].b1);
		pos = hunks[i].a1;
	}
	add_run(out, ACC_DIFF_EQUAL, a, pos, a->n);
	free(hunks);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Public functions */

int acc_textdiff(acc_diff *out, const char *a, size_t alen, const char *b, size_t blen)
{
	tokseq ta = {0}, tb = {0};
	int rc;

	assert(out && (a || !alen) && (b || !blen));
	memset(out, 0, sizeof(*out));
	if ((rc = tokseq_init(&ta, a, alen)) < 0 || (rc = tokseq_init(&tb, b, blen)) < 0 ||
	    (rc = intern(&ta, &tb)) < 0 || (rc = mark_changes(&ta, &tb)) < 0 ||
	    (rc = build_runs(out, &ta, &tb)) < 0)
		acc_diff_free(out);
	tokseq_free(&ta);
	tokseq_free(&tb);
	return rc;
}

void acc_diff_free(acc_diff *d)
{
	if (!d)
		return;
	free(d->runs);
	memset(d, 0, sizeof(*d));
}

/* Concatenates the runs of d whose op is EQUAL or other into a malloc'd
 * string.  Returns 0 or ACC_ENOMEM. */
static int concat_runs(char **out, size_t *len, const acc_diff *d, acc_diff_op other)
{
	acc_buf buf = ACC_BUF_INIT;
	size_t i, total = 0;
	int rc = 0;

	assert(out && d);
	*out = NULL;
	for (i = 0; i < d->count; i++)
		if (d->runs[i].op == ACC_DIFF_EQUAL || d->runs[i].op == other)
			total += d->runs[i].len;
	if ((rc = acc_buf_grow(&buf, total)) < 0)
		goto cleanup;
	for (i = 0; i < d->count; i++)
		if (d->runs[i].op == ACC_DIFF_EQUAL || d->runs[i].op == other)
			if ((rc = acc_buf_put(&buf, d->runs[i].text, d->runs[i].len)) < 0)
				goto cleanup;
	if (!(*out = acc_buf_detach(&buf)))
		rc = ACC_ENOMEM;
	else if (len)
		*len = total;
cleanup:
	acc_buf_free(&buf);
	return rc;
}

int acc_diff_apply(char **out, size_t *len, const acc_diff *d)
{
	return concat_runs(out, len, d, ACC_DIFF_INSERT);
}

int acc_diff_old(char **out, size_t *len, const acc_diff *d)
{
	return concat_runs(out, len, d, ACC_DIFF_DELETE);
}
