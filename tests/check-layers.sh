#!/bin/sh
# Enforces the layering of CONTRIBUTING.md, as tests/layers.txt describes
# it: no include from a lower layer to a higher one, no loop between
# folders, the faces (cli, tui) neither include nor call each other, no
# source file (.c, .h) in src/ or include/ over 1,200 lines; only src/store/store*.c
# includes libgit2, only src/index/ SQLite, only src/tui/ curses, and
# nothing below the faces exits the process or writes to the terminal; a
# private header (src/FOLDER/*.h) is included only in its folder.
# Usage: check-layers.sh [ROOT] (default: this source tree).  Each
# violation is one line "layer violation: KIND WHERE [WHAT]"; exit 1 if any
# is not in the table's allow-list, or if an allow line matches nothing.
ROOT=${1:-$(dirname "$0")/..}
cd "$ROOT" || exit 1
exec python3 - <<'PY'
import os, re, sys

MAX_LINES = 1200
errors = []      # (id, explanation)


def violation(vid, why):
    """Records one violation: its stable id and a human explanation."""
    errors.append((vid, why))


def read(path):
    """The text of a file (bytes that are not UTF-8 replaced)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


# --- the table -------------------------------------------------------------
rank, kind, headers, allowed = {}, {}, {}, {}
level = 0
for n, line in enumerate(read("tests/layers.txt").splitlines(), 1):
    words = line.split("#", 1)[0].split()
    if not words:
        continue
    if words[0] in ("layer", "face", "top") and len(words) >= 3:
        # the faces share one level; each layer and the top get their own
        if words[0] != "face" or not any(k == "face" for k in kind.values()):
            level += 1
        for p in words[2:]:
            rank[p.rstrip("/")] = level
            kind[p.rstrip("/")] = words[0]
    elif words[0] == "header" and len(words) == 3:
        headers[words[1]] = words[2].rstrip("/")
    elif words[0] == "allow" and len(words) >= 2:
        allowed[" ".join(words[1:])] = n
    else:
        sys.exit("tests/layers.txt:%d: cannot read '%s'" % (n, line))


def unit_of(path):
    """The table's entry (folder or file) a source path belongs to, or None."""
    best = None
    for u in rank:
        if path == u or path.startswith(u + "/"):
            if best is None or len(u) > len(best):
                best = u
    return best


sources = []
for top in ("src", "include"):
    for d, _, files in os.walk(top):
        for f in files:
            sources.append(os.path.join(d, f).replace(os.sep, "/"))
sources.sort()
code = [p for p in sources if p.endswith((".c", ".h"))]
src_code = [p for p in code if p.startswith("src/")]

for p in src_code:
    if unit_of(p) is None:
        violation("unplaced %s" % p, "a file in no layer of tests/layers.txt")

# --- size: source files (the man page and other documents are not code) ------
for p in code:
    try:
        n = read(p).count("\n")
    except OSError:
        continue
    if n > MAX_LINES:
        violation("size %s" % p, "%d lines, over %d" % (n, MAX_LINES))

# --- which folder each public header belongs to ------------------------------
DECL = re.compile(r"^(?!typedef|static|#|\s|/|\*)[A-Za-z_][\w \t\*]*?\b(acc_\w+)\s*\(", re.M)
defined = {}     # function -> unit of the .c defining it
for p in src_code:
    if p.endswith(".c"):
        for m in re.finditer(r"^(?!static)[A-Za-z_][\w \t\*]*?\b(acc_\w+)\s*\([^;{]*\)\s*\{",
                             read(p), re.M):
            defined.setdefault(m.group(1), unit_of(p))
hdr_unit = {}
debug = os.environ.get("LAYERS_DEBUG")
for p in code:
    if not p.startswith("include/accord/"):
        continue
    name = p[len("include/accord/"):]
    if name in headers:
        hdr_unit[p] = headers[name]
        continue
    votes = {}
    for m in DECL.finditer(read(p)):
        u = defined.get(m.group(1))
        if u:
            votes[u] = votes.get(u, 0) + 1
    if not votes:
        violation("unmapped %s" % p,
                  "defines nothing found in src/: name its folder with a header line")
        continue
    hdr_unit[p] = max(votes, key=lambda u: (votes[u], u))
    if debug:
        print("%s -> %s %s" % (p, hdr_unit[p], votes))
    if len(votes) > 1:
        print("note: %s declares functions of %s; taken as %s" %
              (p, ", ".join(sorted(votes)), hdr_unit[p]))


# --- includes ------------------------------------------------------------------
def target_of(p, inc):
    """The file an #include "inc" in p names (its folder first, then include/)."""
    here = os.path.normpath(os.path.join(os.path.dirname(p), inc)).replace(os.sep, "/")
    if os.path.exists(here):
        return here
    there = "include/" + inc
    return there if os.path.exists(there) else None


def owner(p):
    """The unit a file belongs to (a public header: its folder)."""
    return hdr_unit.get(p) if p.startswith("include/") else unit_of(p)


edges = {}       # unit -> {unit: first "file include" making the edge}
FACES = [u for u in rank if kind[u] == "face"]
for p in code:
    src = owner(p)
    if src is None:
        continue
    text = read(p)
    for m in re.finditer(r'^\s*#\s*include\s*"([^"]+)"', text, re.M):
        t = target_of(p, m.group(1))
        dst = owner(t) if t else None
        if dst is None or dst == src:
            continue
        edges.setdefault(src, {}).setdefault(dst, "%s %s" % (p, m.group(1)))
        if t.startswith("src/"):
            violation("private-include %s %s" % (p, m.group(1)),
                      "a private header of %s used outside it" % dst)
        if kind[src] == "face" and kind[dst] == "face":
            violation("face-include %s %s" % (p, m.group(1)),
                      "the face %s includes the face %s" % (src, dst))
        elif rank[dst] > rank[src]:
            violation("up-include %s %s" % (p, m.group(1)),
                      "%s (below) includes %s (above)" % (src, dst))
    # a face calls another face's functions (acc_cli_*, acc_tui_*)
    if kind[src] == "face":
        for other in FACES:
            if other == src:
                continue
            prefix = "acc_%s_" % os.path.basename(other)
            for fn in sorted(set(re.findall(r"\b(%s\w*)\s*\(" % prefix, text))):
                violation("face-call %s %s" % (p, fn),
                          "the face %s calls %s of the face %s" % (src, fn, other))

# loops between folders, over the include graph
seen_loops = set()


def walk(u, path, on_path, done):
    """Depth-first search of the include graph reporting every cycle once."""
    on_path.add(u)
    path.append(u)
    for v in sorted(edges.get(u, {})):
        if v in on_path:
            loop = path[path.index(v):]
            i = loop.index(min(loop))
            loop = loop[i:] + loop[:i]
            key = " ".join(loop)
            if key not in seen_loops:
                seen_loops.add(key)
                via = "; ".join(edges[a][b] for a, b in zip(loop, loop[1:] + loop[:1]))
                violation("loop %s" % key, "folders include each other: %s" % via)
        elif v not in done:
            walk(v, path, on_path, done)
    path.pop()
    on_path.discard(u)
    done.add(u)


done = set()
for u in sorted(edges):
    if u not in done:
        walk(u, [], set(), done)

# --- libraries and terminal ------------------------------------------------------
RULES = [
    ("git2", r"#include <git2", r"^src/store/(store[a-z_]*\.c|internal\.h)$", "libgit2 outside src/store/store*.c and its private header"),
    ("sqlite", r"#include <sqlite3", r"^src/index/", "SQLite outside src/index"),
    ("curses", r"#include <n?curses", r"^src/tui/", "curses outside src/tui"),
    ("pango", r"#include <(pango|cairo)", r"^src/export/pdf\.c$", "Pango or Cairo outside src/export/pdf.c"),
    ("exit", r"\bexit *\(", None, "exit() below the faces"),
    ("print", r"\b(printf|puts|putchar) *\(", None, "terminal output below the faces"),
]
for p in code:
    text = read(p)
    for what, pat, ok, why in RULES:
        if ok is None:  # only the faces and the top (their headers too)
            good = owner(p) is not None and kind[owner(p)] in ("face", "top")
        else:
            good = re.search(ok, p)
        if re.search(pat, text) and not good:
            violation("%s %s" % (what, p), why)

# --- verdict ---------------------------------------------------------------------------
bad = 0
ids = set()
for vid, why in errors:
    ids.add(vid)
    if vid in allowed:
        print("allowed: %s (%s)" % (vid, why))
    else:
        print("layer violation: %s (%s)" % (vid, why))
        bad = 1
for vid, n in sorted(allowed.items(), key=lambda x: x[1]):
    if vid not in ids:
        print("tests/layers.txt:%d: 'allow %s' matches nothing: delete the line" % (n, vid))
        bad = 1
sys.exit(bad)
PY
