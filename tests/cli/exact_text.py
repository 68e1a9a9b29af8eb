#!/usr/bin/env python3
"""Generator and checker for t-exact-text.sh (issue 18: publish exactly the
words that were adopted).

  exact_text.py gen SEED PROPOSAL      fills the proposal in place with random
                                       hostile-but-allowed text; writes the
                                       expected texts to PROPOSAL.expect.json
  exact_text.py check EXPECT.json DIR  checks DIR/x.{md,md.html,txt,html,akn,
                                       json,csv} (md.html: the Markdown as
                                       cmark-gfm renders it; html.txt and
                                       akn.txt: their text as xmllint reads
                                       it) against the expected texts
  exact_text.py forbidden              prints the forbidden samples, one
                                       "name<TAB>octal escapes" a line

Only the standard library: random, json, csv, html.parser, unicodedata.
"""
import csv
import html
import html.parser
import json
import os
import random
import re
import sys
import unicodedata

# hostile but allowed: scripts, joiners, marks, spaces, emoji, markup
POOL = [
    "word", "text", "Article", "the", "of", " ", " ", " ", "  ", "\t",
    "\u200d", "\u200c", "\u200e", "\u200f", "\u061c", "\u00ad", "\u00a0", "\u202f",
    "\u2060", "\ufeff", "\u200b",
    "e\u0301", "a\u0308\u0323", "\u1e9b\u0323",
    "\u0627\u0644\u0633\u0644\u0627\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "\u0915\u094d\u0937", "\u0915\u094d\u200d\u0937", "\u0915\u094d\u200c\u0937",
    "\u0938\u0902\u0935\u093f\u0927\u093e\u0928",
    "\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd", "\u3001", "\u3002", "\uff08", "\uff09",
    "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22", "\u05e9\u05dc\u05d5\u05dd",
    "\u0421\u043e\u0433\u043b\u0430\u0448\u0435\u043d\u0438\u0435",
    "\U0001f469\u200d\U0001f52c", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1eb\U0001f1f7", "\U0001f44d\U0001f3fd", "\u2764\ufe0f",
    "*", "**", "_", "__", "#", "##", "`", "```", "~", "~~", "<", ">", "[", "]", "(", ")",
    "|", "!", "&", "&amp;", "&#60;", "\\", "\\*", "=", "+", "-", "---", "1.", "2)", ":",
    "<script>alert(1)</script>", "<b>", "<!--", "-->", "]]>", "\"", "'", "\"q\"",
    "http://example.org/a_b*c", "https://x.example", "www.example.org", "a@b.example",
    "{", "}", "$", "%", "^", "@", "/", "?", ";", ",", ".",
]
# the line starts Markdown reads as structure
STARTS = ["- ", "+ ", "* ", "# ", "> ", "1. ", "12) ", "= ", "=== ", "--- ", "```", "~~~",
          "    ", "\t", "<div>", "| a | b |", "[x]: http://e.example", ""]
# header values: one line, no tab, no leading or trailing space
HEAD_POOL = [p for p in POOL if "\t" not in p]


LABEL = re.compile(r"(\d{1,6}[.)]|\([A-Za-z0-9]{1,5}\)) ")


def rand_text(r, pieces):
    return "".join(r.choice(POOL) for _ in range(pieces))


def rand_line(r):
    """One line: a random start, then random pieces; never blank."""
    line = r.choice(STARTS) + rand_text(r, r.randint(3, 14))
    if not line.strip(" \t"):
        line += "word"
    return line


def rand_head(r):
    h = "".join(r.choice(HEAD_POOL) for _ in range(r.randint(2, 8))).strip(" ")
    return h or "Heading"


def gen(seed, proposal):
    r = random.Random(seed)
    expect = {"clauses": {}, "orgs": {}}
    cdir = os.path.join(proposal, "clauses")
    for name in sorted(os.listdir(cdir)):
        path = os.path.join(cdir, name)
        with open(path, encoding="utf-8") as f:
            head, _, old = f.read().partition("\n\n")
        if not old.strip():
            continue  # a container (Part, Chapter): a heading alone
        heading = rand_head(r)
        paras = [[rand_line(r) for _ in range(r.randint(1, 3))] for _ in range(r.randint(1, 3))]
        for p in paras:
            # a paragraph's first line that starts with indentation, a
            # label ("1. ", "(a) ") or a footnote ("[^") is the text's
            # structure (CONTRIBUTING.md, "The structure of a text"), not its
            # words: such a start is tested inside the paragraph instead
            if p[0][:1] in (" ", "\t") or LABEL.match(p[0]) or p[0].startswith("[^"):
                p[0] = "word " + p[0]
        body = "\n\n".join("\n".join(p) for p in paras) + "\n"
        lines = [l for l in head.split("\n") if not l.startswith("Heading: ")]
        lines.insert(0, "Heading: " + heading)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines) + "\n\n" + body)
        expect["clauses"][name] = {"heading": heading, "text": body,
                                   "lines": [l for p in paras for l in p]}
    odir = os.path.join(proposal, "orgs")
    for name in sorted(os.listdir(odir)):
        path = os.path.join(odir, name)
        with open(path, encoding="utf-8") as f:
            data = f.read()
        out = []
        for l in data.split("\n"):
            if l.startswith("Name: "):
                n = rand_head(r)
                expect["orgs"][name] = n
                l = "Name: " + n
            out.append(l)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(out))
    with open(proposal.rstrip("/") + ".amendment", "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(rand_line(r) for _ in range(3)) + "\n")
    with open(proposal.rstrip("/") + ".expect.json", "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False)


class Tree(html.parser.HTMLParser):
    """The elements of rendered Markdown: for each, its tag, its text and
    whether it holds another element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.done = [], []

    def handle_starttag(self, tag, attrs):
        for e in self.stack:
            e["children"].append(tag)
        self.stack.append({"tag": tag, "text": "", "children": []})

    def handle_endtag(self, tag):
        while self.stack:
            e = self.stack.pop()
            self.done.append(e)
            if e["tag"] == tag:
                break

    def handle_data(self, data):
        for e in self.stack:
            e["text"] += data


def width(s):
    """Display columns as the txt export counts them."""
    w, prev = 0, ""
    for ch in s:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me", "Cf") or prev == "\u200d" or "\U0001f3fb" <= ch <= "\U0001f3ff":
            pass
        elif unicodedata.east_asian_width(ch) in "WF":
            w += 2
        else:
            w += 1
        prev = ch
    return w


def squeeze(s):
    return "".join(s.split(" ")).replace("\n", "").replace("\t", "")


def fail(msg):
    sys.exit("FAIL: " + msg)


def check(expect_path, d):
    with open(expect_path, encoding="utf-8") as f:
        expect = json.load(f)

    def read(name):
        with open(os.path.join(d, name), encoding="utf-8", newline="") as f:
            return f.read()

    # json: the text exactly
    v = json.loads(read("x.json"))
    got = {c["id"]: c for c in v["clauses"]}
    for cid, e in expect["clauses"].items():
        if got[cid]["text"] != e["text"]:
            fail("json %s: %r != %r" % (cid, got[cid]["text"], e["text"]))
        if got[cid]["heading"] != e["heading"]:
            fail("json heading %s: %r != %r" % (cid, got[cid]["heading"], e["heading"]))
    names = {o["id"]: o["name"] for o in v["organisations"]}
    for oid, n in expect["orgs"].items():
        if names[oid] != n:
            fail("json org %s: %r != %r" % (oid, names[oid], n))
    # html and akn: every line and heading in the text xmllint reads
    for fmt in ("html", "akn"):
        t = read(fmt + ".txt")
        for cid, e in expect["clauses"].items():
            for line in e["lines"] + [e["heading"]]:
                # a paragraph's label ("1. ", "(a) ") is its own element,
                # and a line's indentation (two spaces a level) nests its
                # block, so it is structure, not text
                found = False
                for cand in (line, line.lstrip(" ")):
                    m = LABEL.match(cand)
                    if cand in t or (m and m.group(1) + cand[m.end():] in t):
                        found = True
                if not found:
                    fail("%s %s: %r not in the document's text" % (fmt, cid, line))
    # md rendered (GFM): each line is the text of a paragraph line and the
    # paragraph holds no element; each heading holds no element
    tree = Tree()
    tree.feed(read("md.html"))
    paras = [e for e in tree.done if e["tag"] == "p"]
    heads = [e for e in tree.done if e["tag"] in ("h1", "h2", "h3", "h4", "h5", "h6")]
    texts = {}
    for p in paras:
        for line in p["text"].split("\n"):
            texts[line] = p
    head_texts = {h["text"]: h for h in heads}
    for cid, e in expect["clauses"].items():
        for line in e["lines"]:
            want = line.strip(" \t")
            p = texts.get(want)
            if p is None:
                fail("md %s: no paragraph line reads %r" % (cid, want))
            if p["children"]:
                fail("md %s: %r made elements %s" % (cid, want, p["children"]))
        h = [k for k in head_texts if k.endswith(". " + e["heading"].strip(" \t"))]
        if not h:
            fail("md %s: no heading reads %r" % (cid, e["heading"]))
        if head_texts[h[0]]["children"]:
            fail("md %s: heading %r made elements" % (cid, e["heading"]))
    for el in tree.done:
        if el["tag"] in ("a", "img", "script", "em", "del", "pre", "blockquote", "ol", "hr"):
            fail("md: an element <%s> from the text: %r" % (el["tag"], el["text"][:80]))
    # txt: the words in order, lines of at most 72 columns or one word
    t = read("x.txt")
    st = squeeze(t)
    for cid, e in expect["clauses"].items():
        for line in e["lines"]:
            if squeeze(line) not in st:
                fail("txt %s: %r not in the text" % (cid, line))
    for line in t.split("\n"):
        if width(line) > 72 and " " in line.strip(" ") and "\t" not in line:
            fail("txt: a line of %d columns with two words: %r" % (width(line), line))
    # csv: the organisations' names exactly (a formula gets its apostrophe)
    rows = list(csv.reader(open(os.path.join(d, "x.csv"), encoding="utf-8", newline="")))
    seen = {r[4]: r[5] for r in rows[1:]}
    for oid, n in expect["orgs"].items():
        want = "'" + n if n[:1] in ("=", "+", "-", "@") else n
        if oid in seen and seen[oid] != want:
            fail("csv org %s: %r != %r" % (oid, seen[oid], want))
    if not seen:
        fail("csv: no roll-call row")


FORBIDDEN = [
    ("NUL", b"\x00"), ("SOH", b"\x01"), ("ESC", b"\x1b"), ("CR", b"\r"), ("DEL", b"\x7f"),
    ("NEL", b"\xc2\x85"), ("CSI", b"\xc2\x9b"), ("LRE", b"\xe2\x80\xaa"),
    ("RLE", b"\xe2\x80\xab"), ("PDF", b"\xe2\x80\xac"), ("LRO", b"\xe2\x80\xad"),
    ("RLO", b"\xe2\x80\xae"), ("LRI", b"\xe2\x81\xa6"), ("RLI", b"\xe2\x81\xa7"),
    ("FSI", b"\xe2\x81\xa8"), ("PDI", b"\xe2\x81\xa9"), ("U+FDD0", b"\xef\xb7\x90"),
    ("U+FFFE", b"\xef\xbf\xbe"), ("U+FFFF", b"\xef\xbf\xbf"), ("U+1FFFF", b"\xf0\x9f\xbf\xbf"),
    ("byte-FF", b"\xff"), ("overlong", b"\xc0\xaf"), ("surrogate", b"\xed\xa0\x80"),
    ("beyond-10FFFF", b"\xf4\x90\x80\x80"), ("cut", b"\xe2\x80"),
]


def main():
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "forbidden":
        for name, b in FORBIDDEN:
            print("%s\t%s" % (name, "".join("\\%03o" % c for c in b)))


if __name__ == "__main__":
    main()
