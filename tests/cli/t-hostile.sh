#!/bin/sh
# Hostile text: clause text, names, rationales and commit messages holding
# escape sequences (CSI, OSC, DCS), C1 controls, backspace, carriage
# return, tabs, bidi overrides, zero-width characters and invalid UTF-8.
# No action stores them (issue 18: refused at write), so the history that
# holds them is written with git alone, as an attacker would; no command's
# output or error message may carry any of them raw, and no export any
# but the zero-width space, which the record accepts and exports carry.
. "$(dirname "$0")/lib.sh"

P="$T/p"
cp -r "$PROPOSAL" "$P"
ESC=$(printf '\033')
CSI="${ESC}[2J${ESC}[31m"
OSC="${ESC}]0;pwned$(printf '\007')"
DCS="${ESC}Pq#0;2;0;0;0${ESC}\\"
C1=$(printf '\302\233')        # U+009B, the 8-bit CSI
RLO=$(printf '\342\200\256')   # U+202E
ZW=$(printf '\342\200\213')    # U+200B
BS=$(printf '\010')
CR=$(printf '\r')
TAB=$(printf '\t')
HOSTILE="Evil ${CSI}red${OSC} ${DCS} c1${C1}2J back${BS}${BS}space over${CR}write tab${TAB}x ${RLO}txet desrever${ZW} end"
printf 'Heading: Purpose\n\n%s\n\nSecond paragraph.\n' "$HOSTILE" >"$T/purpose"
# header values take no controls; bidi overrides are refused by actions
sed "s/^Name: Republic of Norland$/Name: Republic of ${RLO}dnalroN${ZW}/" "$P/orgs/norland" >"$T/norland"
cp "$T/purpose" "$P/clauses/purpose"
C="$T/c"
expect_status 1 "$ACCORD" init "$C" --from "$P" --demo-keys
assert_contains "$T/err" "clauses/purpose: line 3: a control character (U+001B) may not be stored"
[ ! -e "$C" ] || fail "a refused init left a repository"
cp "$PROPOSAL/clauses/purpose" "$P/clauses/purpose"
expect_status 0 "$ACCORD" init "$C" --from "$P" --demo-keys
printf '%s amended\n' "$HOSTILE" >"$T/text"
before=$(git -C "$C" rev-parse main)
expect_status 1 "$ACCORD" -C "$C" --as "$NORLAND" propose purpose --replace --text-file "$T/text"
[ "$(git -C "$C" rev-parse main)" = "$before" ] || fail "a refused proposal was committed"
printf 'PLACEHOLDER amended\n' >"$T/clean"
id=$(acc "$C" --as "$NORLAND" propose purpose --replace --text-file "$T/clean" --rationale "Because REASON")
acc "$C" --as "$CHAIR" open "$id" >/dev/null
acc "$C" --as "$ASTORIA" vote "$id" yes >/dev/null
# the hostile text, written with git alone
am=$(git -C "$C" ls-tree -r --name-only main amendments | grep '/amendment$')
git -C "$C" show "main:$am" | sed "s/PLACEHOLDER/$(printf '%s' "$HOSTILE" | sed 's/[\\/&]/\\&/g')/;s/REASON/${RLO}sgniht${ZW}/" >"$T/amendment"
grepq "$RLO" "$T/amendment" || fail "the smuggled amendment lacks its override"
forge "$C" - z@z.example "Smuggled text" "" "clauses/purpose=$T/purpose" "orgs/norland=$T/norland" \
	"$am=$T/amendment" >/dev/null
# a commit message with raw escapes and invalid UTF-8, made with git
tree=$(git -C "$C" rev-parse main^{tree})
bad=$(printf 'Vote %s\377\376 (forged)\n\nAccord-Action: vote\n' "$CSI$C1$RLO")
forged=$(GIT_AUTHOR_NAME="x${CR}y" GIT_AUTHOR_EMAIL=z@z.example GIT_COMMITTER_NAME=x \
	GIT_COMMITTER_EMAIL=z@z.example git -C "$C" commit-tree -p main -m "$bad" "$tree" 2>/dev/null)
git -C "$C" update-ref refs/heads/main "$forged"

scan() { # what file: no raw escape, C1, bidi, zero-width, BS or CR bytes
	python3 - "$2" "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
import re
if re.search(rb"\r(?!\n)", data):  # CRLF ends CSV records; a lone CR moves the cursor
    sys.exit("%s: raw carriage return in the output" % sys.argv[2])
bad = {b"\x1b": "ESC", b"\x08": "backspace", b"\x07": "BEL",
       b"\xc2\x9b": "C1 CSI", b"\xe2\x80\xae": "RLO", b"\xe2\x80\x8b": "zero-width space",
       b"\xff": "invalid UTF-8"}
if " export " in sys.argv[2]:  # files carry what the record accepts exactly
    del bad[b"\xe2\x80\x8b"]
for k, v in bad.items():
    if k in data:
        sys.exit("%s: raw %s in the output" % (sys.argv[2], v))
PY
}
run() { # accord args...: every byte of stdout and stderr is scanned
	set +e
	"$ACCORD" -C "$C" "$@" >"$T/o" 2>"$T/e"
	set -e
	scan "accord $* (stdout)" "$T/o"
	scan "accord $* (stderr)" "$T/e"
}
for args in "show purpose" "show purpose --json" "clauses" "orgs" "orgs --json" "log" "log --json" \
	"amendments" "amendments --json" "amendment $id" "amendment $id --json" "tally $id" \
	"tally $id --json" "search Evil" "search Evil --json" "status" "verify" "verify --json" \
	"export --format md" "export --format txt" "export --format html" "export --format akn" \
	"export --format json" "export --format csv"; do
	# shellcheck disable=SC2086
	run $args
done
# the text is shown, visibly: markers where the controls were
"$ACCORD" -C "$C" show purpose >"$T/show"
assert_contains "$T/show" "^[[2J"
assert_contains "$T/show" "<U+202E>"
assert_contains "$T/show" "^H^H"
assert_contains "$T/show" "^M"
# hostile operands in error messages
run show "$(printf 'x\033[2Jy')"
run --as "$(printf 'a\033]0;t\007@b.example')" vote "$id" no
run amendment "$(printf '\342\200\256evil-1')"
# and the JSON gives back the exact text, escaped
acc "$C" show purpose --json | python3 -c '
import json, sys
t = json.load(sys.stdin)["text"]
assert "\x1b[2J" in t and "\u202e" in t and "\u009b" in t and "\b" in t and "\r" in t, t' ||
	fail "JSON does not carry the exact text"
