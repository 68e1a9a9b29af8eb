#!/bin/sh
# accord export --format pdf (issue 18): the bundled convention and the
# demo's editions in Arabic, Chinese and Russian (a translation entered with
# `accord translate` among them) laid out for print.  poppler-utils reads
# them back: pdftotext finds every article heading in order and the words
# of each script, pdfinfo the page count and the paper (A4, Letter),
# pdffonts every font embedded; two exports of one revision are the same
# bytes; the paper and extension options are checked; a ratified text
# names its tag on every page and carries its roll-call and signatures.
. "$(dirname "$0")/lib.sh"

# under ASan: full stacks through Cairo (built without frame pointers),
# which tests/lsan.supp's suppression of cairo 1.16's leak needs
if [ -n "${ACCORD_SANITIZED:-}" ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
fi

for c in pdftotext pdfinfo pdffonts; do
	command -v $c >/dev/null 2>&1 || fail "$c is missing (Debian package poppler-utils: make deps)"
done

# text FILE.pdf: its text with every run of white space (and the bidi marks
# pdftotext adds around right-to-left runs) made one space
text() {
	pdftotext "$1" - | python3 -c '
import re, sys
t = sys.stdin.read()
t = re.sub("[\u200e\u200f\u202a-\u202e]", "", t)
print(re.sub(r"\s+", " ", t))'
}

# squeezed FILE.pdf: its text with no white space at all (pdftotext splits
# words of joined scripts where their glyphs' spacing misleads it)
squeezed() {
	pdftotext "$1" - | python3 -c '
import re, sys
print(re.sub("[\\s\u200e\u200f\u202a-\u202e]", "", sys.stdin.read()))'
}

# in_order FILE.txt FILE.json: every clause heading of the JSON export is
# in the text, in order, after the contents (which end with the annex)
in_order() {
	python3 - "$1" "$2" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
doc = json.load(open(sys.argv[2], encoding="utf-8"))
pos = text.find("Annex: Adoption record")
assert pos >= 0, "no contents line for the annex"
n = 0
for c in doc["clauses"]:
    want = re.sub(r"\s+", " ", "%s. %s" % (c["label"], c["heading"]))
    at = text.find(want, pos)
    if at < 0:
        sys.exit("not found in order after offset %d: %s" % (pos, want))
    pos = at + len(want)
    n += 1
assert text.find("Annex: Adoption record", pos) >= 0, "the annex after the articles"
print(n)
PY
}

# all_embedded FILE.pdf: pdffonts lists fonts, each embedded
all_embedded() {
	pdffonts "$1" >"$T/fonts"
	python3 - "$T/fonts" <<'PY'
import re, sys
rows = open(sys.argv[1]).read().splitlines()[2:]
assert rows, "no fonts"
for r in rows:
    m = re.search(r"(yes|no) +(yes|no) +(yes|no) +\d+ +\d+$", r)
    assert m and m.group(1) == "yes", "not embedded: " + r
PY
}

# ---- the bundled convention -----------------------------------------------------
C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
acc "$C" export --format json -o "$T/conv.json" >/dev/null
acc "$C" export --format pdf -o "$T/conv.pdf" >"$T/msg"
assert_contains "$T/msg" "as pdf to $T/conv.pdf"
head -c 5 "$T/conv.pdf" | grepq -x '%PDF-' || fail "not a PDF file"
text "$T/conv.pdf" >"$T/conv.txt"
n=$(in_order "$T/conv.txt" "$T/conv.json") || fail "the articles are not all there in order"
[ "$n" -gt 30 ] || fail "only $n clauses"
assert_contains "$T/conv.txt" "Contents"
assert_contains "$T/conv.txt" "Digital Geneva Convention"
# the footer: the revision and page N of M on every page
pdfinfo "$T/conv.pdf" >"$T/info"
pages=$(sed -n 's/^Pages: *//p' "$T/info")
[ "$pages" -ge 5 ] || fail "only $pages pages"
assert_contains "$T/info" "(A4)"
rev=$(git -C "$C" rev-parse --short=12 main)
for p in 1 2 "$pages"; do
	pdftotext -f "$p" -l "$p" "$T/conv.pdf" - | tr -s ' \n' '  ' >"$T/page"
	assert_contains "$T/page" "commit $rev"
	assert_contains "$T/page" "page $p of $pages"
	assert_contains "$T/page" "Digital Geneva Convention"
done
# the contents give the page of each article: Article 1's page holds it
p1=$(sed -n 's/.*Article 1\. Purpose \([0-9][0-9]*\) .*/\1/p' "$T/conv.txt")
[ -n "$p1" ] || fail "no page number for Article 1 in the contents"
pdftotext -f "$p1" -l "$p1" "$T/conv.pdf" - | grepq "The purpose of this Convention" ||
	fail "Article 1 is not on the page the contents give ($p1)"
all_embedded "$T/conv.pdf" || fail "a font is not embedded"
# the dates are the commit's, as PDF dates ("D:" added to cairo 1.16's), and
# every cross-reference offset still points at its object
assert_contains "$T/conv.pdf" "/CreationDate (D:20260101000000Z)"
assert_contains "$T/conv.pdf" "/ModDate (D:20260101000000Z)"
python3 - "$T/conv.pdf" <<'PY' || fail "the cross-reference table is wrong"
import sys
b = open(sys.argv[1], "rb").read()
x = b.rindex(b"\nxref\n0 ")
n = int(b[x + 8:b.index(b"\n", x + 8)])
p = b.index(b"\n", x + 8) + 1
for i in range(1, n):
    off = int(b[p + 20 * i:p + 20 * i + 10])
    assert b[off:].startswith(b"%d 0 obj" % i), i
sx = int(b[b.rindex(b"startxref\n") + 10:].split(b"\n")[0])
assert b[sx:sx + 4] == b"xref"
PY

# links FILE.pdf MIN: the contents are links: each contents line points to a
# named destination on the page it gives, at the heading it names
# (pdftotext reads both places); prints how many
links() {
	python3 - "$1" "$2" <<'PY'
import re, subprocess, sys
f = sys.argv[1]
b = open(f, "rb").read()
objs = {int(m.group(1)): m.group(2) for m in
        re.finditer(rb"(?s)\n(\d+) 0 obj\n(.*?)\nendobj", b)}
def kids(n):  # the page objects under the page tree node n, in order
    o = objs[n]
    if re.search(rb"/Type /Page\b(?!s)", o):
        return [n]
    return [p for k in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[([^\]]*)\]", o).group(1))
            for p in kids(int(k))]
root = int(re.search(rb"/Type /Catalog\s+/Pages (\d+) 0 R", b).group(1))
pages = kids(root)
pageno = {p: i + 1 for i, p in enumerate(pages)}
height = float(re.search(rb"/MediaBox \[ ?0 0 [\d.]+ ([\d.]+) ?\]", b).group(1))
dests = {}
for o in objs.values():
    m = re.search(rb"(?s)/Names \[(.*)\]", o)
    if m and b"/XYZ" in o:
        for name, page, x, y in re.findall(
                rb"\((\w+)\) \[(\d+) 0 R /XYZ ([\d.]+) ([\d.]+) 0\]", m.group(1)):
            dests[name.decode()] = (pageno[int(page)], float(x), float(y))
def crop(page, x, top, w, h):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x)),
                           "-y", str(int(top)), "-W", str(int(w)), "-H", str(int(h)),
                           f, "-"], capture_output=True, text=True, check=True).stdout
def bidi(t):  # without the marks pdftotext puts around right-to-left runs
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", t)
links = []
for p in pages:
    m = re.search(rb"/Annots \[([^\]]*)\]", objs[p])
    for a in re.findall(rb"(\d+) 0 R", m.group(1)) if m else []:
        o = objs[int(a)]
        if b"/Subtype /Link" not in o:
            continue
        r = [float(v) for v in re.search(rb"/Rect \[ ?([^\]]*?) ?\]", o).group(1).split()]
        d = re.search(rb"/Dest \((\w+)\)", o)
        assert d, "a link without a named destination: %r" % o
        links.append((pageno[p], r, d.group(1).decode()))
assert len(links) >= int(sys.argv[2]), "%d links for %s contents lines" % (len(links), sys.argv[2])
for page, r, name in links:
    assert name in dests, "link to the unknown destination %s" % name
    dp, dx, dy = dests[name]
    line = " ".join(bidi(crop(page, r[0] - 1, height - r[3] - 1, r[2] - r[0] + 2, r[3] - r[1] + 2)).split())
    # the page number ends the line (starts it, right to left)
    m = re.match(r"(\d+) (.*\S)$", line)
    num, label = m.groups() if m else (None, None)
    m = m or re.match(r"(.*\S) (\d+)$", line)
    assert m, "contents line %r on page %d" % (line, page)
    label, num = (label, num) if num else m.groups()
    assert int(num) == dp, "%r links to page %d" % (line, dp)
    head = " ".join(bidi(crop(dp, 0, height - dy - 1, 1000, 20)).split())
    h, l = head.replace(" ", ""), label.replace(" ", "")
    assert h and (l.startswith(h) or h.startswith(l)), \
        "%r links to %r (page %d)" % (label, head, dp)
print(len(links))
PY
}
links "$T/conv.pdf" "$((n + 1))" >"$T/nlinks" || fail "the contents' links are wrong"
[ "$(cat "$T/nlinks")" -gt "$n" ] || fail "only $(cat "$T/nlinks") links in the contents"

# reproducible: the same revision, later, through --at, gives the same bytes
sleep 1
acc "$C" export -o "$T/again.pdf" >/dev/null
cmp "$T/conv.pdf" "$T/again.pdf" || fail "two exports of one revision differ"
acc "$C" export --at "$(git -C "$C" rev-parse main)" --format pdf -o "$T/at.pdf" >/dev/null
cmp "$T/conv.pdf" "$T/at.pdf" || fail "--at the same commit differs"
grep -a -c '/ID \[' "$T/conv.pdf" >"$T/ids" || true
assert_eq "$(cat "$T/ids")" 0 "no random /ID"

# Letter paper
acc "$C" export --paper letter -o "$T/letter.pdf" >/dev/null
pdfinfo "$T/letter.pdf" | grepq "^Page size: *612 x 792 pts (letter)" || fail "letter paper"
acc "$C" export --paper A4 --format pdf -o "$T/a4.pdf" >/dev/null
cmp "$T/conv.pdf" "$T/a4.pdf" || fail "A4 is the default"
acc "$C" export --format pdf >"$T/stdout.pdf"
cmp "$T/conv.pdf" "$T/stdout.pdf" || fail "a pdf to standard output"
# but not to a terminal (script(1) gives it one)
if command -v script >/dev/null 2>&1; then
	st=0
	script -qec "$ACCORD -C $C export --format pdf" /dev/null >"$T/tty" 2>&1 || st=$?
	assert_eq "$st" 2 "a pdf to a terminal is refused"
	assert_contains "$T/tty" "a pdf is not for a terminal: write it with -o FILE"
fi

# refusals: a paper for another format, an unknown paper, an extension
expect_status 2 "$ACCORD" -C "$C" export --format md --paper letter
assert_contains "$T/err" "--paper needs --format pdf"
expect_status 2 "$ACCORD" -C "$C" export --format pdf --paper a5 -o "$T/a5.pdf"
assert_contains "$T/err" "unknown paper size 'a5' (a4 or letter)"
[ ! -e "$T/a5.pdf" ] || fail "a refused export wrote its file"
expect_status 2 "$ACCORD" -C "$C" export --format pdf -o "$T/doc.html"
assert_contains "$T/err" "does not match --format pdf"

# ---- hostile text: markup is text; a bidi override is shown, never obeyed -------
P="$T/hostile-proposal"
cp -R "$PROPOSAL" "$P"
{
	printf 'Heading: Purpose <b>bold</b> & "co"\n\n'
	printf 'soft\302\255hyphen zwj\342\200\215x %s\n' "$(printf '%03000d' 0 | tr 0 W)"
} >"$P/clauses/purpose"
expect_status 0 "$ACCORD" init "$T/hostile" --from "$P" --demo-keys
acc "$T/hostile" export -o "$T/hostile.pdf" >/dev/null
text "$T/hostile.pdf" >"$T/hostile.txt"
assert_contains "$T/hostile.txt" 'Article 1. Purpose <b>bold</b> & "co"'
assert_contains "$T/hostile.txt" "WWWWWWWWWW"
# a bidi override and an escape byte, where the record still takes them (the
# check at write that issue 18 asks for refuses them)
printf 'Heading: Purpose \342\200\256RLO\n\nesc \033[31mred\033[0m\n' >"$P/clauses/purpose"
if "$ACCORD" init "$T/hostile2" --from "$P" --demo-keys >/dev/null 2>&1; then
	acc "$T/hostile2" export -o "$T/hostile2.pdf" >/dev/null
	text "$T/hostile2.pdf" >"$T/hostile2.txt"
	assert_contains "$T/hostile2.txt" 'Article 1. Purpose <U+202E>RLO'
fi

# ---- editions in other scripts: Arabic (right to left), Chinese, Russian --------
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
# a translation entered now: scope in Arabic and in Chinese
cat >"$T/ar.txt" <<'EOF'
تنطبق هذه الاتفاقية على العمليات السيبرانية التي تجريها الدول أو ترعاها، في وقت السلم وفي وقت النزاع المسلح.
EOF
cat >"$T/zh.txt" <<'EOF'
本公约适用于国家在和平时期和武装冲突期间实施或支持的网络行动。
EOF
acc "$D" --as "$CHAIR" translate scope --lang ar --heading "نطاق التطبيق" --text-file "$T/ar.txt" >/dev/null
acc "$D" --as "$CHAIR" translate scope --lang zh --heading "适用范围" --text-file "$T/zh.txt" >/dev/null
acc "$D" export --lang ar -o "$T/ar.pdf" >/dev/null
squeezed "$T/ar.pdf" >"$T/ar.sq"
for w in نطاقالتطبيق السيبرانية حجيةالنصوص نصوصها والروسية; do
	assert_contains "$T/ar.sq" "$w"
done
pdfinfo "$T/ar.pdf" | grepq "^Pages: *[1-9]" || fail "the Arabic edition has pages"
all_embedded "$T/ar.pdf" || fail "a font of the Arabic edition is not embedded"
pdffonts "$T/ar.pdf" | grepq "NotoNaskhArabic" || fail "Arabic in Noto Naskh Arabic"
# right to left: short lines of Arabic (headings, a paragraph's last line)
# sit against the right margin, not the left (pdftotext -bbox gives each
# Arabic letter as a word; a line is the words at one height)
pdftotext -bbox "$T/ar.pdf" "$T/ar.bbox.html"
python3 - "$T/ar.bbox.html" <<'PY' || fail "the Arabic text is not set right to left"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
lines = {}
for page in h.split("<page ")[1:]:
    for x1, y, x2, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page):
        ar = any("\u0600" <= ch <= "\u06ff" for ch in w)
        lines.setdefault((id(page), round(float(y))), []).append((float(x1), float(x2), ar))
flush = [v for v in lines.values() if any(ar for a, b, ar in v) and
         max(b for a, b, ar in v) > 525 and min(a for a, b, ar in v) > 250]
assert len(flush) >= 3, "%d short lines against the right margin" % len(flush)
PY

acc "$D" export --lang zh --paper letter -o "$T/zh.pdf" >/dev/null
links "$T/ar.pdf" 10 >/dev/null || fail "the links of the Arabic edition"
links "$T/zh.pdf" 10 >/dev/null || fail "the links of the Chinese edition"
squeezed "$T/zh.pdf" >"$T/zh.sq"
for w in 适用范围 网络行动 宗旨 作准; do
	assert_contains "$T/zh.sq" "$w"
done
pdfinfo "$T/zh.pdf" | grepq "(letter)" || fail "the Chinese edition on letter paper"
all_embedded "$T/zh.pdf" || fail "a font of the Chinese edition is not embedded"
pdffonts "$T/zh.pdf" | grepq "CJKsc" || fail "Han characters in their simplified Chinese forms"
text "$T/zh.pdf" >"$T/zh.txt"
in_order "$T/zh.txt" <(acc "$D" export --lang zh --format json) >/dev/null ||
	fail "the Chinese edition's headings are not all there in order"

acc "$D" export --lang ru -o "$T/ru.pdf" >/dev/null
text "$T/ru.pdf" >"$T/ru.txt"
assert_contains "$T/ru.txt" "Конвенции"
all_embedded "$T/ru.pdf" || fail "a font of the Russian edition is not embedded"

acc "$D" export --lang ar -o "$T/ar2.pdf" >/dev/null
cmp "$T/ar.pdf" "$T/ar2.pdf" || fail "two Arabic exports differ"

# ---- ratified: the footer names the tag, the annex the roll-call and signatures --
acc "$D" --as "$CHAIR" close meridian-cloud-1 >/dev/null
acc "$D" --as "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$OPENNET" "$SAFECON"; do
	acc "$D" --as "$who" vote ratification yes >/dev/null
done
acc "$D" --as "$CHAIR" close ratification | grepq "tagged ratified-1" || fail "ratified"
acc "$D" --as "$NORLAND" sign >/dev/null
acc "$D" export -o "$T/rat.pdf" >"$T/msg"
assert_contains "$T/msg" "exported ratified-1"
tag=$(git -C "$D" rev-parse --short=12 'ratified-1^{commit}')
pages=$(pdfinfo "$T/rat.pdf" | sed -n 's/^Pages: *//p')
pdftotext -f "$pages" -l "$pages" "$T/rat.pdf" - | tr -s ' \n' '  ' >"$T/page"
assert_contains "$T/page" "ratified-1 ($tag) · page $pages of $pages"
text "$T/rat.pdf" >"$T/rat.txt"
assert_contains "$T/rat.txt" "Text: ratified (tag ratified-1,"
assert_contains "$T/rat.txt" "Signatories Republic of Norland (norland): Ingrid Halvorsen"
assert_contains "$T/rat.txt" "Bluefjord Telecom AS (bluefjord-telecom): absent"
# Pango and Cairo are a module of their own: loaded for a pdf, not by
# any other command (LeakSanitizer cannot run under ptrace: off here)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
strace -f -e trace=openat -o "$T/trace" "$ACCORD" -C "$D" status >/dev/null
grepq libpango "$T/trace" && fail "status loaded Pango"
strace -f -e trace=openat -o "$T/trace" "$ACCORD" -C "$D" export -o "$T/again.pdf" >/dev/null
grepq "accord-pdf.so" "$T/trace" || fail "the pdf export did not load its module"
echo "ok: pdf export"
