/*
 * sanitize: makes repository text safe to show on a terminal (and only
 * there: the exports write stored text exactly, see textcheck.c).
 *
 * The text is walked one element at a time (a printable code point, a
 * control, an invalid byte); each element becomes a short "unit" of safe
 * output (the code point itself, "^[", "<U+202E>", "\xFF", spaces for a tab)
 * with its display width.  acc_sanitize appends units, acc_display_width
 * adds up their widths and acc_sanitize_fit cuts their code points to a
 * column budget, so the three always agree.
 *
 * Decisions beyond the header:
 *  - Widths come from built-in tables, never from the process locale, so
 *    the result is the same under any LC_CTYPE.  The tables were generated
 *    from Unicode 14.0: zero width = General_Category Mn or Me plus the
 *    Hangul medial vowels and final consonants (U+1160-U+11FF,
 *    U+D7B0-U+D7FF); wide = East_Asian_Width W or F (CJK planes 2 and 3
 *    whole).  Unassigned code points inside a range were merged into it.
 *  - Besides the characters the header lists, these invisible format
 *    characters are also shown as "<U+XXXX>": U+180E, U+2028-U+2029 (line
 *    and paragraph separators), U+2060-U+206F whole (invisible operators,
 *    deprecated shaping controls), U+FFF9-U+FFFB (interlinear annotation,
 *    which hides text) and the whole tags block U+E0000-U+E007F
 *    (invisible, usable to smuggle text).
 *  - A backslash in the text is not escaped: "\xFF" typed by an author
 *    looks the same as an invalid byte.  The output is for eyes, not for
 *    reversing.
 *  - acc_sanitize's tab stops count columns from the start of the output
 *    of each call (column 0) and restart after each kept "\n".
 *  - acc_display_width of text holding "\n" is the width of its widest
 *    line; given text that was not sanitised it returns the width that
 *    acc_sanitize(..., ACC_SAN_NEWLINES) would produce.
 *  - acc_sanitize_fit sanitises with no flags (a fit is one line: "\n"
 *    shows as "^J", "\t" as "^I").  Zero-width code points right after
 *    the last character that fits are kept, so "e" + U+0301 is not split.
 *  - On failure (out of memory) out is restored to its previous content.
 */
#include "accord/sanitize.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

/* An inclusive range of code points. */
struct cp_range {
	uint32_t first;
	uint32_t last;
};

/* Code points of width 0 (combining marks), sorted. */
static const struct cp_range zero_width[] = {
    {0x0300, 0x036F},	{0x0483, 0x0489},   {0x0591, 0x05BD},	{0x05BF, 0x05BF},
    {0x05C1, 0x05C2},	{0x05C4, 0x05C5},   {0x05C7, 0x05C7},	{0x0610, 0x061A},
    {0x064B, 0x065F},	{0x0670, 0x0670},   {0x06D6, 0x06DC},	{0x06DF, 0x06E4},
    {0x06E7, 0x06E8},	{0x06EA, 0x06ED},   {0x0711, 0x0711},	{0x0730, 0x074A},
    {0x07A6, 0x07B0},	{0x07EB, 0x07F3},   {0x07FD, 0x07FD},	{0x0816, 0x0819},
    {0x081B, 0x0823},	{0x0825, 0x0827},   {0x0829, 0x082D},	{0x0859, 0x085B},
    {0x0898, 0x089F},	{0x08CA, 0x08E1},   {0x08E3, 0x0902},	{0x093A, 0x093A},
    {0x093C, 0x093C},	{0x0941, 0x0948},   {0x094D, 0x094D},	{0x0951, 0x0957},
    {0x0962, 0x0963},	{0x0981, 0x0981},   {0x09BC, 0x09BC},	{0x09C1, 0x09C4},
    {0x09CD, 0x09CD},	{0x09E2, 0x09E3},   {0x09FE, 0x0A02},	{0x0A3C, 0x0A3C},
    {0x0A41, 0x0A51},	{0x0A70, 0x0A71},   {0x0A75, 0x0A75},	{0x0A81, 0x0A82},
    {0x0ABC, 0x0ABC},	{0x0AC1, 0x0AC8},   {0x0ACD, 0x0ACD},	{0x0AE2, 0x0AE3},
    {0x0AFA, 0x0B01},	{0x0B3C, 0x0B3C},   {0x0B3F, 0x0B3F},	{0x0B41, 0x0B44},
    {0x0B4D, 0x0B56},	{0x0B62, 0x0B63},   {0x0B82, 0x0B82},	{0x0BC0, 0x0BC0},
    {0x0BCD, 0x0BCD},	{0x0C00, 0x0C00},   {0x0C04, 0x0C04},	{0x0C3C, 0x0C3C},
    {0x0C3E, 0x0C40},	{0x0C46, 0x0C56},   {0x0C62, 0x0C63},	{0x0C81, 0x0C81},
    {0x0CBC, 0x0CBC},	{0x0CBF, 0x0CBF},   {0x0CC6, 0x0CC6},	{0x0CCC, 0x0CCD},
    {0x0CE2, 0x0CE3},	{0x0D00, 0x0D01},   {0x0D3B, 0x0D3C},	{0x0D41, 0x0D44},
    {0x0D4D, 0x0D4D},	{0x0D62, 0x0D63},   {0x0D81, 0x0D81},	{0x0DCA, 0x0DCA},
    {0x0DD2, 0x0DD6},	{0x0E31, 0x0E31},   {0x0E34, 0x0E3A},	{0x0E47, 0x0E4E},
    {0x0EB1, 0x0EB1},	{0x0EB4, 0x0EBC},   {0x0EC8, 0x0ECD},	{0x0F18, 0x0F19},
    {0x0F35, 0x0F35},	{0x0F37, 0x0F37},   {0x0F39, 0x0F39},	{0x0F71, 0x0F7E},
    {0x0F80, 0x0F84},	{0x0F86, 0x0F87},   {0x0F8D, 0x0FBC},	{0x0FC6, 0x0FC6},
    {0x102D, 0x1030},	{0x1032, 0x1037},   {0x1039, 0x103A},	{0x103D, 0x103E},
    {0x1058, 0x1059},	{0x105E, 0x1060},   {0x1071, 0x1074},	{0x1082, 0x1082},
    {0x1085, 0x1086},	{0x108D, 0x108D},   {0x109D, 0x109D},	{0x1160, 0x11FF},
    {0x135D, 0x135F},	{0x1712, 0x1714},   {0x1732, 0x1733},	{0x1752, 0x1753},
    {0x1772, 0x1773},	{0x17B4, 0x17B5},   {0x17B7, 0x17BD},	{0x17C6, 0x17C6},
    {0x17C9, 0x17D3},	{0x17DD, 0x17DD},   {0x180B, 0x180D},	{0x180F, 0x180F},
    {0x1885, 0x1886},	{0x18A9, 0x18A9},   {0x1920, 0x1922},	{0x1927, 0x1928},
    {0x1932, 0x1932},	{0x1939, 0x193B},   {0x1A17, 0x1A18},	{0x1A1B, 0x1A1B},
    {0x1A56, 0x1A56},	{0x1A58, 0x1A60},   {0x1A62, 0x1A62},	{0x1A65, 0x1A6C},
    {0x1A73, 0x1A7F},	{0x1AB0, 0x1B03},   {0x1B34, 0x1B34},	{0x1B36, 0x1B3A},
    {0x1B3C, 0x1B3C},	{0x1B42, 0x1B42},   {0x1B6B, 0x1B73},	{0x1B80, 0x1B81},
    {0x1BA2, 0x1BA5},	{0x1BA8, 0x1BA9},   {0x1BAB, 0x1BAD},	{0x1BE6, 0x1BE6},
    {0x1BE8, 0x1BE9},	{0x1BED, 0x1BED},   {0x1BEF, 0x1BF1},	{0x1C2C, 0x1C33},
    {0x1C36, 0x1C37},	{0x1CD0, 0x1CD2},   {0x1CD4, 0x1CE0},	{0x1CE2, 0x1CE8},
    {0x1CED, 0x1CED},	{0x1CF4, 0x1CF4},   {0x1CF8, 0x1CF9},	{0x1DC0, 0x1DFF},
    {0x20D0, 0x20F0},	{0x2CEF, 0x2CF1},   {0x2D7F, 0x2D7F},	{0x2DE0, 0x2DFF},
    {0x302A, 0x302D},	{0x3099, 0x309A},   {0xA66F, 0xA672},	{0xA674, 0xA67D},
    {0xA69E, 0xA69F},	{0xA6F0, 0xA6F1},   {0xA802, 0xA802},	{0xA806, 0xA806},
    {0xA80B, 0xA80B},	{0xA825, 0xA826},   {0xA82C, 0xA82C},	{0xA8C4, 0xA8C5},
    {0xA8E0, 0xA8F1},	{0xA8FF, 0xA8FF},   {0xA926, 0xA92D},	{0xA947, 0xA951},
    {0xA980, 0xA982},	{0xA9B3, 0xA9B3},   {0xA9B6, 0xA9B9},	{0xA9BC, 0xA9BD},
    {0xA9E5, 0xA9E5},	{0xAA29, 0xAA2E},   {0xAA31, 0xAA32},	{0xAA35, 0xAA36},
    {0xAA43, 0xAA43},	{0xAA4C, 0xAA4C},   {0xAA7C, 0xAA7C},	{0xAAB0, 0xAAB0},
    {0xAAB2, 0xAAB4},	{0xAAB7, 0xAAB8},   {0xAABE, 0xAABF},	{0xAAC1, 0xAAC1},
    {0xAAEC, 0xAAED},	{0xAAF6, 0xAAF6},   {0xABE5, 0xABE5},	{0xABE8, 0xABE8},
    {0xABED, 0xABED},	{0xD7B0, 0xD7FB},   {0xFB1E, 0xFB1E},	{0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F},	{0x101FD, 0x101FD}, {0x102E0, 0x102E0}, {0x10376, 0x1037A},
    {0x10A01, 0x10A0F}, {0x10A38, 0x10A3F}, {0x10AE5, 0x10AE6}, {0x10D24, 0x10D27},
    {0x10EAB, 0x10EAC}, {0x10F46, 0x10F50}, {0x10F82, 0x10F85}, {0x11001, 0x11001},
    {0x11038, 0x11046}, {0x11070, 0x11070}, {0x11073, 0x11074}, {0x1107F, 0x11081},
    {0x110B3, 0x110B6}, {0x110B9, 0x110BA}, {0x110C2, 0x110C2}, {0x11100, 0x11102},
    {0x11127, 0x1112B}, {0x1112D, 0x11134}, {0x11173, 0x11173}, {0x11180, 0x11181},
    {0x111B6, 0x111BE}, {0x111C9, 0x111CC}, {0x111CF, 0x111CF}, {0x1122F, 0x11231},
    {0x11234, 0x11234}, {0x11236, 0x11237}, {0x1123E, 0x1123E}, {0x112DF, 0x112DF},
    {0x112E3, 0x112EA}, {0x11300, 0x11301}, {0x1133B, 0x1133C}, {0x11340, 0x11340},
    {0x11366, 0x11374}, {0x11438, 0x1143F}, {0x11442, 0x11444}, {0x11446, 0x11446},
    {0x1145E, 0x1145E}, {0x114B3, 0x114B8}, {0x114BA, 0x114BA}, {0x114BF, 0x114C0},
    {0x114C2, 0x114C3}, {0x115B2, 0x115B5}, {0x115BC, 0x115BD}, {0x115BF, 0x115C0},
    {0x115DC, 0x115DD}, {0x11633, 0x1163A}, {0x1163D, 0x1163D}, {0x1163F, 0x11640},
    {0x116AB, 0x116AB}, {0x116AD, 0x116AD}, {0x116B0, 0x116B5}, {0x116B7, 0x116B7},
    {0x1171D, 0x1171F}, {0x11722, 0x11725}, {0x11727, 0x1172B}, {0x1182F, 0x11837},
    {0x11839, 0x1183A}, {0x1193B, 0x1193C}, {0x1193E, 0x1193E}, {0x11943, 0x11943},
    {0x119D4, 0x119DB}, {0x119E0, 0x119E0}, {0x11A01, 0x11A0A}, {0x11A33, 0x11A38},
    {0x11A3B, 0x11A3E}, {0x11A47, 0x11A47}, {0x11A51, 0x11A56}, {0x11A59, 0x11A5B},
    {0x11A8A, 0x11A96}, {0x11A98, 0x11A99}, {0x11C30, 0x11C3D}, {0x11C3F, 0x11C3F},
    {0x11C92, 0x11CA7}, {0x11CAA, 0x11CB0}, {0x11CB2, 0x11CB3}, {0x11CB5, 0x11CB6},
    {0x11D31, 0x11D45}, {0x11D47, 0x11D47}, {0x11D90, 0x11D91}, {0x11D95, 0x11D95},
    {0x11D97, 0x11D97}, {0x11EF3, 0x11EF4}, {0x16AF0, 0x16AF4}, {0x16B30, 0x16B36},
    {0x16F4F, 0x16F4F}, {0x16F8F, 0x16F92}, {0x16FE4, 0x16FE4}, {0x1BC9D, 0x1BC9E},
    {0x1CF00, 0x1CF46}, {0x1D167, 0x1D169}, {0x1D17B, 0x1D182}, {0x1D185, 0x1D18B},
    {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244}, {0x1DA00, 0x1DA36}, {0x1DA3B, 0x1DA6C},
    {0x1DA75, 0x1DA75}, {0x1DA84, 0x1DA84}, {0x1DA9B, 0x1DAAF}, {0x1E000, 0x1E02A},
    {0x1E130, 0x1E136}, {0x1E2AE, 0x1E2AE}, {0x1E2EC, 0x1E2EF}, {0x1E8D0, 0x1E8D6},
    {0x1E944, 0x1E94A}, {0xE0100, 0xE01EF},
};

/* Code points of width 2 (East Asian wide and fullwidth), sorted. */
static const struct cp_range wide[] = {
    {0x1100, 0x115F},	{0x231A, 0x231B},   {0x2329, 0x232A},	{0x23E9, 0x23EC},
    {0x23F0, 0x23F0},	{0x23F3, 0x23F3},   {0x25FD, 0x25FE},	{0x2614, 0x2615},
    {0x2648, 0x2653},	{0x267F, 0x267F},   {0x2693, 0x2693},	{0x26A1, 0x26A1},
    {0x26AA, 0x26AB},	{0x26BD, 0x26BE},   {0x26C4, 0x26C5},	{0x26CE, 0x26CE},
    {0x26D4, 0x26D4},	{0x26EA, 0x26EA},   {0x26F2, 0x26F3},	{0x26F5, 0x26F5},
    {0x26FA, 0x26FA},	{0x26FD, 0x26FD},   {0x2705, 0x2705},	{0x270A, 0x270B},
    {0x2728, 0x2728},	{0x274C, 0x274C},   {0x274E, 0x274E},	{0x2753, 0x2755},
    {0x2757, 0x2757},	{0x2795, 0x2797},   {0x27B0, 0x27B0},	{0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},	{0x2B50, 0x2B50},   {0x2B55, 0x2B55},	{0x2E80, 0x3029},
    {0x302E, 0x303E},	{0x3041, 0x3096},   {0x309B, 0x3247},	{0x3250, 0x4DBF},
    {0x4E00, 0xA4C6},	{0xA960, 0xA97C},   {0xAC00, 0xD7A3},	{0xF900, 0xFAD9},
    {0xFE10, 0xFE19},	{0xFE30, 0xFE6B},   {0xFF01, 0xFF60},	{0xFFE0, 0xFFE6},
    {0x16FE0, 0x16FE3}, {0x16FF0, 0x1B2FB}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F320}, {0x1F32D, 0x1F335},
    {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
    {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
    {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
    {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6DF},
    {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7F0}, {0x1F90C, 0x1F93A},
    {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAF6}, {0x20000, 0x3FFFD},
};

/* Invisible format characters shown as "<U+XXXX>" (bidi controls, zero
 * width characters, BOM, soft hyphen, separators and tags). */
static const struct cp_range shown_format[] = {
    {0x00AD, 0x00AD}, {0x061C, 0x061C}, {0x180E, 0x180E}, {0x200B, 0x200F},   {0x2028, 0x202E},
    {0x2060, 0x206F}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0xE0000, 0xE007F},
};

/* Longest unit: 8 spaces of a tab, "<U+10FFFF>" (10 bytes) or 4 bytes of
 * one code point. */
#define UNIT_MAX 16

/* The safe output for one element of the input. */
struct unit {
	char text[UNIT_MAX]; /* valid UTF-8, no control but a kept "\n" */
	size_t len;	     /* bytes in text */
	size_t width;	     /* display columns of text ("\n" counts 0) */
	size_t consumed;     /* input bytes this unit stands for */
	int newline;	     /* text is a kept "\n": the column restarts */
};

/* Whether cp lies in one of the n sorted, disjoint ranges of table. */
static int in_table(const struct cp_range *table, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < table[0].first || cp > table[n - 1].last)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < table[mid].first)
			hi = mid;
		else if (cp > table[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

#define TABLE_SIZE(t) (sizeof(t) / sizeof((t)[0]))

/* Whether cp is an invisible format character that is shown as
 * "<U+XXXX>" rather than passed through. */
static int is_shown_format(uint32_t cp)
{
	return in_table(shown_format, TABLE_SIZE(shown_format), cp);
}

int acc_cp_width(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return -1;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	if (cp < 0xAD)
		return 1;
	if (is_shown_format(cp))
		return 0;
	if (in_table(zero_width, TABLE_SIZE(zero_width), cp))
		return 0;
	if (in_table(wide, TABLE_SIZE(wide), cp))
		return 2;
	return 1;
}

/* Sets u to the ASCII text s (at most UNIT_MAX bytes, one column each). */
static void unit_ascii(struct unit *u, const char *s, size_t n)
{
	memcpy(u->text, s, n);
	u->len = n;
	u->width = n;
}

/* Sets u to "<U+XXXX>" for cp, with at least four uppercase hex digits. */
static void unit_codepoint(struct unit *u, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char digits[8];
	size_t n = 0, i;

	do {
		digits[n++] = hex[cp & 0xF];
		cp >>= 4;
	} while (cp || n < 4);
	memcpy(u->text, "<U+", 3);
	u->len = 3;
	for (i = n; i > 0; i--)
		u->text[u->len++] = digits[i - 1];
	u->text[u->len++] = '>';
	u->width = u->len;
}

/* Fills u with the safe output for the element at s (len > 0 bytes left),
 * given the flags and the current output column (used for tab stops). */
static void next_unit(struct unit *u, const char *s, size_t len, unsigned flags, size_t col)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;
	int n, w;

	u->newline = 0;
	u->consumed = 1;
	if (c < 0x20 || c == 0x7F) {
		if (c == '\n' && (flags & ACC_SAN_NEWLINES)) {
			unit_ascii(u, "\n", 1);
			u->width = 0;
			u->newline = 1;
		} else if (c == '\t' && (flags & ACC_SAN_TABS)) {
			unit_ascii(u, "        ", 8 - col % 8);
		} else {
			char caret[2] = {'^', (char)(c ^ 0x40)};

			unit_ascii(u, caret, 2);
		}
		return;
	}
	if (c < 0x80) {
		unit_ascii(u, s, 1);
		return;
	}
	n = acc_utf8_decode(s, len, &cp);
	if (n < 0) {
		char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 0xF]};

		unit_ascii(u, esc, 4);
		return;
	}
	u->consumed = (size_t)n;
	w = acc_cp_width(cp);
	if (w < 0 || is_shown_format(cp)) {
		unit_codepoint(u, cp);
		return;
	}
	memcpy(u->text, s, (size_t)n);
	u->len = (size_t)n;
	u->width = (size_t)w;
}

/* Length of the run of printable ASCII (0x20-0x7E) at the start of s. */
static size_t ascii_run(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
		i++;
	return i;
}

/* Cuts out back to start (what a failed call had written) and returns rc. */
static int cut_back(acc_buf *out, size_t start, int rc)
{
	if (out->ptr) {
		out->size = start;
		out->ptr[start] = '\0';
	}
	return rc;
}

/* Puts the sanitised form of s into out, starting at column 0; on failure
 * truncates out back to its previous size.  Assumes out is valid. */
static int sanitize_into(acc_buf *out, const char *s, size_t len, unsigned flags)
{
	size_t start = out->size, col = 0, i = 0;
	struct unit u;
	int rc;

	/* Reserve about the input size at once; escapes grow it later. */
	if ((rc = acc_buf_grow(out, len)) < 0)
		goto fail;
	while (i < len) {
		size_t run = ascii_run(s + i, len - i);

		if (run > 0) {
			if ((rc = acc_buf_put(out, s + i, run)) < 0)
				goto fail;
			i += run;
			col += run;
			continue;
		}
		next_unit(&u, s + i, len - i, flags, col);
		if ((rc = acc_buf_put(out, u.text, u.len)) < 0)
			goto fail;
		i += u.consumed;
		col = u.newline ? 0 : col + u.width;
	}
	return 0;
fail:
	return cut_back(out, start, rc);
}

int acc_sanitize(acc_buf *out, const char *s, size_t len, unsigned flags)
{
	assert(out != NULL);
	assert(s != NULL || len == 0);
	return sanitize_into(out, s, len, flags);
}

/* Width of the widest line of the sanitised form of s under flags. */
static size_t measure(const char *s, size_t len, unsigned flags)
{
	size_t col = 0, widest = 0, i = 0;
	struct unit u;

	while (i < len) {
		size_t run = ascii_run(s + i, len - i);

		if (run > 0) {
			i += run;
			col += run;
			continue;
		}
		next_unit(&u, s + i, len - i, flags, col);
		i += u.consumed;
		if (u.newline) {
			if (col > widest)
				widest = col;
			col = 0;
		} else {
			col += u.width;
		}
	}
	return col > widest ? col : widest;
}

size_t acc_display_width(const char *s, size_t len)
{
	assert(s != NULL || len == 0);
	return measure(s, len, ACC_SAN_NEWLINES);
}

/* Appends to out the code points of the sanitised s that fit in budget
 * columns, stopping at the first that does not; *col receives the columns
 * written.  Assumes the sanitised s is wider than budget. */
static int put_prefix(acc_buf *out, size_t *col, const char *s, size_t len, size_t budget)
{
	size_t i = 0;
	struct unit u;
	int rc;

	*col = 0;
	while (i < len) {
		size_t j = 0;

		next_unit(&u, s + i, len - i, 0, *col);
		while (j < u.len) {
			uint32_t cp;
			int n = acc_utf8_decode(u.text + j, u.len - j, &cp);
			int w = acc_cp_width(cp);

			/* Units are valid and printable by construction. */
			assert(n > 0 && w >= 0);
			if (*col + (size_t)w > budget)
				return 0;
			if ((rc = acc_buf_put(out, u.text + j, (size_t)n)) < 0)
				return rc;
			*col += (size_t)w;
			j += (size_t)n;
		}
		i += u.consumed;
	}
	return 0;
}

int acc_sanitize_fit(acc_buf *out, const char *s, size_t len, size_t cols, int ellipsis,
		     size_t *used)
{
	size_t start, total, budget, col = 0;
	int rc;

	assert(out != NULL && used != NULL);
	assert(s != NULL || len == 0);
	*used = 0;
	if (cols == 0)
		return 0;
	total = measure(s, len, 0);
	if (total <= cols) {
		if ((rc = sanitize_into(out, s, len, 0)) < 0)
			return rc;
		*used = total;
		return 0;
	}
	start = out->size;
	budget = ellipsis ? cols - 1 : cols;
	if ((rc = put_prefix(out, &col, s, len, budget)) < 0)
		goto fail;
	if (ellipsis) {
		if ((rc = acc_buf_puts(out, "\xe2\x80\xa6")) < 0)
			goto fail;
		col++;
	}
	*used = col;
	return 0;
fail:
	return cut_back(out, start, rc);
}

int acc_sanitize_json(acc_buf *out, const char *s, size_t len)
{
	acc_buf one = ACC_BUF_INIT;
	size_t i = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		size_t j = i;
		uint32_t cp;
		int n;

		while (j < len && (unsigned char)s[j] < 0x7f)
			j++;
		if ((rc = acc_buf_put(out, s + i, j - i)) < 0 || (i = j) >= len)
			break;
		n = acc_utf8_decode(s + i, len - i, &cp);
		if (n < 0) { /* not from a JSON writer: keep the byte as it is */
			rc = acc_buf_put(out, s + i++, 1);
			continue;
		}
		acc_buf_clear(&one);
		if ((rc = acc_sanitize(&one, s + i, (size_t)n, 0)) < 0)
			break;
		if (one.size == (size_t)n && memcmp(one.ptr, s + i, (size_t)n) == 0)
			rc = acc_buf_put(out, s + i, (size_t)n);
		else if (cp > 0xffff)
			rc = acc_buf_printf(out, "\\u%04x\\u%04x",
					    (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
					    (unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
		else
			rc = acc_buf_printf(out, "\\u%04x", (unsigned)cp);
		i += (size_t)n;
	}
	acc_buf_free(&one);
	return rc;
}
