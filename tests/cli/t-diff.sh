#!/bin/sh
# Word diffs: every amendment's diff rebuilds the text it compares and the
# amendment's text, marks only the words that change, colours only on a
# terminal (or when asked), never lets repository text reach the terminal
# unsanitised, fits side by side in the width; and what changed between two
# revisions, clause by clause, insertions and deletions whole.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
ci=no-targeting-critical-infrastructure
root=$(git -C "$D" rev-list --max-parents=0 main)

# check_amendment ID: the JSON runs rebuild the old text (the clause, the
# parent's text, nothing, or the record it was drafted against) and the
# amendment's text; the text output, markers read back, rebuilds both too.
check_amendment() {
	id=$1
	acc "$D" diff "$id" --format=json >"$T/d.json"
	acc "$D" amendment "$id" --json >"$T/a.json"
	case $(json_get '["against"]' <"$T/d.json") in
	clause) acc "$D" show "$(json_get '["clause"]' <"$T/a.json")" --json | json_get '["text"]' ;;
	parent) acc "$D" amendment "$(json_get '["amends"]' <"$T/a.json")" --json | json_get '["text"]' ;;
	empty) printf '\n' ;;
	base) git -C "$D" cat-file blob "$(json_get '["base"]' <"$T/a.json")" | sed '1,/^$/d' ;;
	*) fail "$id: unknown 'against'" ;;
	esac >"$T/old.txt"
	acc "$D" diff "$id" --color=never >"$T/inline.txt"
	python3 - "$T/d.json" "$T/a.json" "$T/old.txt" "$T/inline.txt" <<'PY' || fail "$id: the diff does not rebuild its texts"
import json, re, sys
d = json.load(open(sys.argv[1]))
a = json.load(open(sys.argv[2]))
old = open(sys.argv[3], encoding="utf-8").read()
if d["against"] == "empty":
    old = ""
new = "" if a["operation"] == "delete" else a["text"]
runs = d["runs"]
assert all(r["text"] for r in runs), "an empty run"
assert all(runs[i]["op"] != runs[i + 1]["op"] for i in range(len(runs) - 1)), "repeated op"
got_old = "".join(r["text"] for r in runs if r["op"] != "insert")
got_new = "".join(r["text"] for r in runs if r["op"] != "delete")
assert got_old.rstrip("\n") == old.rstrip("\n"), ("old", got_old, old)
assert got_new == new, ("new", got_new, new)
assert d["deleted_bytes"] == sum(len(r["text"].encode()) for r in runs if r["op"] == "delete")
assert d["inserted_bytes"] == sum(len(r["text"].encode()) for r in runs if r["op"] == "insert")
# the text output: a header, an empty line, then the marked text
text = open(sys.argv[4], encoding="utf-8").read()
body = text.split("\n\n", 1)[1]
dele = re.compile(r"\[-(.*?)-\]", re.S)
ins = re.compile(r"\{\+(.*?)\+\}", re.S)
t_new = dele.sub("", ins.sub(lambda m: m.group(1), body))
t_old = ins.sub("", dele.sub(lambda m: m.group(1), body))
assert t_new.rstrip("\n") == new.rstrip("\n"), ("inline new", t_new, new)
assert t_old.rstrip("\n") == old.rstrip("\n"), ("inline old", t_old, old)
# marked words are exactly the changed runs
assert [m.group(1) for m in dele.finditer(body)] == [r["text"].rstrip("\n") or r["text"] for r in runs if r["op"] == "delete"]
assert [m.group(1) for m in ins.finditer(body)] == [r["text"].rstrip("\n") or r["text"] for r in runs if r["op"] == "insert"]
PY
}

# changed ID DELETED INSERTED: the marked words of the diff, exactly
# (several joined with '|').
changed() {
	acc "$D" diff "$1" --color=never >"$T/inline.txt"
	# (no deletion or no insertion is a valid answer: grep finding nothing is not a failure)
	dels=$({ grep -o '\[-[^]]*-\]' "$T/inline.txt" || true; } | sed 's/^\[-//; s/-\]$//' | paste -sd'|' -)
	inss=$({ grep -o '{+[^}]*+}' "$T/inline.txt" || true; } | sed 's/^{+//; s/+}$//' | paste -sd'|' -)
	assert_eq "$dels" "$2" "$1: deleted words"
	assert_eq "$inss" "$3" "$1: inserted words"
}

# ---- every amendment of the demo
acc "$D" amendments --json | json_eval '"\n".join(x["id"] for x in v)' >"$T/ids"
[ "$(wc -l <"$T/ids")" -ge 5 ] || fail "the demo has amendments"
while read -r id; do check_amendment "$id"; done <"$T/ids"
changed norland-1 "without undue delay" "within 72 hours"
changed astoria-1 "72" "96"
changed kestria-1 "" "its nationals, "
grep -c '{+' "$T/inline.txt" | grepq -x 1 || fail "kestria-1: one insertion"
acc "$D" diff open-networks-1 --color=never | grep -o '{+[^}]*+}' >"$T/onet"
assert_contains "$T/onet" "and in good faith"
acc "$D" diff meridian-cloud-1 --color=never >"$T/mer"
assert_contains "$T/mer" "compared with: nothing (the whole new clause)"
assert_contains "$T/mer" "{+1. Vendors notified"
# a deletion, an amendment to a pending amendment, a text with wide
# characters: the same checks
acc "$D" --as "$TAVIRA" propose reservations --delete >"$T/id"
del=$(cat "$T/id")
check_amendment "$del"
acc "$D" diff "$del" --color=never >"$T/del"
assert_contains "$T/del" "deletes Article"
[ "$(grep -c '{+' "$T/del")" = 0 ] || fail "a deletion inserts nothing"
acc "$D" show purpose --json | json_get '["text"]' >"$T/purpose"
sed 's/civilians/民間人 (civilians)/' "$T/purpose" >"$T/wide.txt"
wide=$(acc "$D" --as "$SANTEO" propose purpose --replace --text-file "$T/wide.txt")
check_amendment "$wide"
sed 's/民間人/平民/' "$T/wide.txt" >"$T/sub.txt"
sub=$(acc "$D" --as "$TAVIRA" propose --amends "$wide" --replace --text-file "$T/sub.txt")
check_amendment "$sub"
acc "$D" diff "$sub" --json | json_get '["against"]' >"$T/ag"
assert_eq "$(cat "$T/ag")" parent "a sub-amendment is compared with its parent"
# words in scripts without spaces come from ICU (UAX #29 and its
# dictionaries): 民間人 and 平民 are whole words, each marked whole
# (before issue 21 every ideograph was a word: "間人" / "平")
changed "$sub" "民間人" "平民"

# ---- colour: asked for, or on a terminal without NO_COLOR and not dumb
acc "$D" diff norland-1 --color=always >"$T/c"
grep -q "$(printf '\033')\[31;9mwithout undue delay$(printf '\033')\[0m" "$T/c" || fail "no deleted colour"
grep -q "$(printf '\033')\[32;4mwithin 72 hours$(printf '\033')\[0m" "$T/c" || fail "no inserted colour"
grep -qF '[-' "$T/c" && fail "markers with colour"
acc "$D" diff norland-1 >"$T/c"
grep -q "$(printf '\033')" "$T/c" && fail "colour on a pipe"
python3 - "$ACCORD" "$D" <<'PY' || fail "colour on a terminal"
import os, pty, subprocess, sys

def run(extra_env, *args):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(extra_env)
    m, s = pty.openpty()
    p = subprocess.Popen([sys.argv[1], "-C", sys.argv[2], "diff", "norland-1", *args],
                         stdout=s, stderr=s, env=env)
    os.close(s)
    out = b""
    while True:
        try:
            chunk = os.read(m, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(m)
    assert p.wait() == 0
    return out

assert b"\x1b[31;9m" in run({"TERM": "xterm"}), "a terminal gets colour"
assert b"\x1b" not in run({"TERM": "xterm", "NO_COLOR": "1"}), "NO_COLOR"
assert b"\x1b" not in run({"TERM": "dumb"}), "TERM=dumb"
assert b"\x1b" not in run({"TERM": "xterm"}, "--color=never"), "--color=never"
assert b"[-without undue delay-]" in run({"TERM": "dumb"})
PY

# ---- hostile text: escapes, bidi overrides and C1 controls are shown, not
# obeyed, in every format; the only escapes are our own colours
printf 'Article text \033[2J\033]0;owned\007 with \342\200\256reversed\342\200\254 and \302\233 C1.\n' >"$T/evil.txt"
# no action stores it (issue 18): the amendment is proposed clean, then its
# text is replaced with git alone, as an attacker would
expect_status 1 "$ACCORD" -C "$D" --as "$ASTORIA" propose purpose --replace --text-file "$T/evil.txt"
printf 'PLACEHOLDER\n' >"$T/clean.txt"
evil=$(acc "$D" --as "$ASTORIA" propose purpose --replace --text-file "$T/clean.txt")
am="amendments/${evil%-*}/${evil##*-}/amendment"
git -C "$D" show "main:$am" | sed '/^PLACEHOLDER$/d' >"$T/evil-amendment"
cat "$T/evil.txt" >>"$T/evil-amendment"
forge "$D" - z@z.example "Smuggled text" "" "$am=$T/evil-amendment" >/dev/null
for args in "--color=never" "--color=always" "--format=side --color=never" "--format=side --color=always"; do
	# shellcheck disable=SC2086
	COLUMNS=70 acc "$D" diff "$evil" $args >"$T/evil.out"
	python3 - "$T/evil.out" <<'PY' || fail "unsafe output with $args"
import re, sys
out = open(sys.argv[1], "rb").read()
rest = re.sub(rb"\x1b\[(31;9|32;4|0)m", b"", out)
assert b"\x1b" not in rest, "a raw escape"
assert b"\x07" not in rest and b"\xe2\x80\xae" not in rest and b"\xc2\x9b" not in rest
assert b"^[" in rest and b"<U+202E>" in rest
PY
done
# JSON keeps the exact text (escaped by JSON)
acc "$D" diff "$evil" --json | json_eval 'any("\x1b[2J" in r["text"] for r in v["runs"])' >"$T/j"
assert_eq "$(cat "$T/j")" True "JSON carries the exact text"

# ---- side by side: fits the width (COLUMNS, else 80 on a pipe)
for cols in 40 61 100; do
	COLUMNS=$cols acc "$D" diff "$wide" --format=side --color=always >"$T/side"
	python3 - "$T/side" "$cols" <<'PY' || fail "side by side wider than $cols"
import re, sys, unicodedata
cols = int(sys.argv[2])
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
body = lines[lines.index("") + 1:]
def width(s):
    s = re.sub(r"\x1b\[[0-9;]*m", "", s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
rows = [l for l in body if l]
assert re.fullmatch(r"-+-\+-+", rows[1]), "a rule under the labels"
assert rows and all(" |" in l for i, l in enumerate(rows) if i != 1), "rows have two sides"
assert max(width(l) for l in rows) <= cols, max(width(l) for l in rows)
assert any("民間人" in l for l in rows)
PY
done
unset COLUMNS || true
acc "$D" diff norland-1 --format=side >"$T/side"
assert_contains "$T/side" "[-without"
assert_contains "$T/side" "{+within"
awk '{ if (length($0) > 80) bad = 1 } END { exit bad }' "$T/side" || fail "over 80 columns by default"
awk '{ if (length($0) > 70) wide = 1 } END { exit !wide }' "$T/side" || fail "the default width is not used"

# ---- two revisions: the adopted change, then an insertion and a deletion
acc "$D" diff --from "$root" --json >"$T/rev.json"
python3 - "$T/rev.json" <<'PY' || fail "diff --from root"
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["amended"], d["inserted"], d["deleted"]) == (1, 0, 0), d
assert [c["id"] for c in d["clauses"]] == ["no-targeting-critical-infrastructure"]
PY
json_eval '"".join(r["text"] for r in v["clauses"][0]["runs"] if r["op"] != "insert")' <"$T/rev.json" >"$T/o"
acc "$D" show $ci --at "$root" --json | json_get '["text"]' >"$T/o2"
cmp -s "$T/o" "$T/o2" || fail "runs rebuild the old clause"
json_eval '"".join(r["text"] for r in v["clauses"][0]["runs"] if r["op"] != "delete")' <"$T/rev.json" >"$T/n"
acc "$D" show $ci --json | json_get '["text"]' >"$T/n2"
cmp -s "$T/n" "$T/n2" || fail "runs rebuild the new clause"
acc "$D" diff --from "$root" --to "$root" >"$T/none"
assert_contains "$T/none" "0 amended, 0 inserted, 0 deleted"

before=$(head_of "$D")
acc "$D" --as "$CHAIR" close meridian-cloud-1 >"$T/close"
assert_contains "$T/close" adopted
acc "$D" --as "$CHAIR" open "$del" >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO"; do
	acc "$D" --as "$who" vote "$del" yes >/dev/null
done
acc "$D" --as "$CHAIR" close "$del" >/dev/null
acc "$D" diff --from "$before" --color=never >"$T/rev"
assert_contains "$T/rev" "0 amended, 1 inserted, 1 deleted"
assert_contains "$T/rev" "inserted: Article"
assert_contains "$T/rev" "Coordinated disclosure timelines [coordinated-disclosure]"
assert_contains "$T/rev" "deleted: Article"
assert_contains "$T/rev" "[reservations]"
assert_contains "$T/rev" "{+1. Vendors notified"
grep -q '^\[-.' "$T/rev" || fail "the deleted clause's text is shown deleted"
acc "$D" diff --from "$before" --json | json_eval '[(c["id"], c["change"]) for c in v["clauses"]]' >"$T/kinds"
assert_eq "$(cat "$T/kinds")" "[('coordinated-disclosure', 'inserted'), ('reservations', 'deleted')]" \
	"clauses in order, with their kind"
acc "$D" diff --from "$before" --to HEAD coordinated-disclosure --format=side >"$T/one"
assert_contains "$T/one" "inserted: Article"
acc "$D" diff --from "$before" purpose >"$T/one"
assert_contains "$T/one" "unchanged: Article"
expect_status 1 "$ACCORD" -C "$D" diff --from "$before" no-such-clause
expect_status 1 "$ACCORD" -C "$D" diff --from no-such-revision

# ---- usage and errors
expect_status 2 "$ACCORD" -C "$D" diff
expect_status 2 "$ACCORD" -C "$D" diff norland-1 astoria-1
expect_status 2 "$ACCORD" -C "$D" diff norland-1 --format=xml
expect_status 2 "$ACCORD" -C "$D" diff norland-1 --color=sometimes
expect_status 2 "$ACCORD" -C "$D" diff --to HEAD
expect_status 2 "$ACCORD" -C "$D" diff 'Bad/Id'
expect_status 1 "$ACCORD" -C "$D" diff norland-99
assert_contains "$T/err" "no amendment 'norland-99'"
expect_status 0 "$ACCORD" -C "$D" diff --help
assert_contains "$T/out" "usage: accord diff"
# --at: the amendment as it was (kestria-1 was tabled before the adoption)
acc "$D" diff kestria-1 --at "$root~0" >/dev/null 2>&1 && fail "kestria-1 did not exist at the root"
at=$(git -C "$D" log --format=%H --grep='^Propose kestria-1' main)
acc "$D" diff kestria-1 --at "$at" --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" tabled "kestria-1 at its proposal"

# ---- two files, outside any convention: accord diff --no-index OLD NEW
printf 'The Parties shall not target civilian infrastructure.\n' >"$T/old.txt"
printf 'The Parties shall never target civilian infrastructure.\n' >"$T/new.txt"
expect_status 1 "$ACCORD" diff --no-index "$T/old.txt" "$T/new.txt"
assert_eq "$(cat "$T/out")" "The Parties shall [-not-]{+never+} target civilian infrastructure." \
	"the word diff of two files"
expect_status 0 "$ACCORD" diff --no-index "$T/old.txt" "$T/old.txt"
assert_eq "$(cat "$T/out")" "The Parties shall not target civilian infrastructure." "equal files"
# the same through the command line's own parser (a global option first)
expect_status 1 "$ACCORD" -C "$D" diff --no-index "$T/old.txt" "$T/new.txt"
assert_contains "$T/out" "[-not-]{+never+}"
expect_status 1 "$ACCORD" diff --no-index --json "$T/old.txt" "$T/new.txt"
json_get '["runs"][1]' <"$T/out" | grepq "'op': 'delete'"
expect_status 2 "$ACCORD" diff --no-index "$T/old.txt" "$T/missing.txt"
assert_contains "$T/err" "cannot open $T/missing.txt"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "one line of error for a missing file"
expect_status 2 "$ACCORD" diff --no-index "$T/old.txt"
expect_status 2 "$ACCORD" diff --no-index --at HEAD "$T/old.txt" "$T/new.txt"
# --version and the diff of two files never load accord's core library
# (nor libgit2, SQLite...): that is what makes them start like git does
# (LeakSanitizer cannot run under ptrace: off for these runs)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
strace -f -e trace=openat -o "$T/trace" "$ACCORD" diff --no-index "$T/old.txt" "$T/new.txt" \
	>/dev/null || true
grepq libaccord-core "$T/trace" && fail "diff --no-index loaded the core library"
grepq libgit2 "$T/trace" && fail "diff --no-index loaded libgit2"
strace -f -e trace=openat -o "$T/trace" "$ACCORD" --version >/dev/null
grepq libaccord-core "$T/trace" && fail "--version loaded the core library"
strace -f -e trace=openat -o "$T/trace" "$ACCORD" -C "$D" status >/dev/null
grepq libaccord-core "$T/trace" || fail "status did not load the core library"
echo "diff --no-index: ok"
