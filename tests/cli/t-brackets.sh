#!/bin/sh
# Bracketed text: two delegations put disputed words of a clause in
# brackets with their alternatives, organisations support options (each in
# its own file), the rolling text shows the brackets inline, one bracket is
# settled by a ballot and one by the chair's consensus, each writing the
# chosen option into the clause exactly (an amendment drafted before goes
# stale), and the whole text cannot be put to the vote while a bracket is
# open.  Both verifiers accept the history, and reject forged resolutions
# and a support written into another organisation's file.
. "$(dirname "$0")/lib.sh"

C="$T/conv"
INDEPENDENT="$ROOT/tests/verify/independent.sh"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys

# two delegations bracket words of Article 1, one option a deletion
b1=$(acc "$C" --as "$NORLAND" bracket purpose --span "binding commitments" \
	--option "binding commitments" --option "voluntary commitments" --option "")
assert_eq "$b1" norland-b1 "first bracket id"
printf 'independent mechanism\n' >"$T/o1"
printf 'independent and impartial mechanism\n\n' >"$T/o2"
b2=$(acc "$C" --as "$ASTORIA" bracket purpose --span "independent mechanism" \
	--text-file "$T/o1" --text-file "$T/o2")
assert_eq "$b2" astoria-b1 "second bracket id"
git -C "$C" show main:brackets/astoria/1/options/2 >"$T/opt"
assert_eq "$(cat "$T/opt")" "
independent and impartial mechanism" "an option file: its text as the body"

# refusals: each one line, nothing committed
before=$(head_of "$C")
expect_status 3 "$ACCORD" -C "$C" --as "$ASTORIA" bracket purpose --span "the" --option a --option b
assert_contains "$T/err" "the span occurs 5 times in clause purpose"
expect_status 3 "$ACCORD" -C "$C" --as "$ASTORIA" bracket purpose --span "no such words" --option a --option b
assert_contains "$T/err" "does not occur in clause purpose"
expect_status 3 "$ACCORD" -C "$C" --as "$VALMORA" bracket purpose --span "commitments of restraint" --option a --option b
assert_contains "$T/err" "overlaps the words of norland-b1"
expect_status 2 "$ACCORD" -C "$C" --as "$VALMORA" bracket purpose --span "civilians" --option a
expect_status 2 "$ACCORD" -C "$C" --as "$VALMORA" bracket purpose --option a --option b
expect_status 1 "$ACCORD" -C "$C" --as "$VALMORA" bracket no-such-clause --span x --option a --option b
assert_eq "$(wc -l <"$T/err")" 1 "a one-line error"
assert_eq "$(head_of "$C")" "$before" "nothing committed by the refusals"
# --occurrence picks one of several (in a copy)
cp -r "$C" "$T/occ"
expect_status 0 "$ACCORD" -C "$T/occ" --as "$VALMORA" bracket purpose --span "the" --occurrence 2 --option the --option a
git -C "$T/occ" show main:brackets/valmora/1/bracket >"$T/rec"
assert_contains "$T/rec" "Occurrence: 2"

# supporters, each in its own file
acc "$C" --as "$ASTORIA" support "$b1" 2 >/dev/null
acc "$C" --as "$MERIDIAN" support "$b1" "voluntary commitments" >/dev/null
acc "$C" --as "$NORLAND" support "$b1" 1 >/dev/null
acc "$C" --as "$KESTRIA" support "$b2" 2 >/dev/null
acc "$C" --as "$KESTRIA" support "$b2" 2 --withdraw >/dev/null
expect_status 3 "$ACCORD" -C "$C" --as "$KESTRIA" support "$b2" 2 --withdraw
assert_contains "$T/err" "does not support option 2"
expect_status 2 "$ACCORD" -C "$C" --as "$KESTRIA" support "$b2" 7
expect_status 2 "$ACCORD" -C "$C" --as "$KESTRIA" support "$b2" "no such option"
git -C "$C" show main:brackets/norland/1/support/meridian-cloud >"$T/rec"
assert_contains "$T/rec" "Option: 2"
assert_contains "$T/rec" "Delegate: $MERIDIAN"

# the rolling text shows the brackets inline, with ids and supporters
acc "$C" show purpose >"$T/show"
assert_contains "$T/show" "by establishing [binding commitments][voluntary commitments][]{norland-b1} of restraint"
assert_contains "$T/show" "an [independent mechanism][independent and impartial mechanism]{astoria-b1} for"
assert_contains "$T/show" "  2 [voluntary commitments]  astoria, meridian-cloud"
acc "$C" show purpose --json | json_eval 'v["brackets"]' >"$T/ids"
assert_eq "$(cat "$T/ids")" "['norland-b1', 'astoria-b1']" "show --json brackets, in text order"
acc "$C" brackets >"$T/list"
assert_contains "$T/list" 'norland-b1  purpose  open  "binding commitments"'
assert_contains "$T/list" "  1 [binding commitments]  norland"
acc "$C" brackets --json | json_eval '[(b["id"], b["status"], [o["supporters"] for o in b["options"]]) for b in v]' >"$T/json"
assert_eq "$(cat "$T/json")" "[('astoria-b1', 'open', [[], []]), ('norland-b1', 'open', [['norland'], ['astoria', 'meridian-cloud'], []])]" "brackets --json"
acc "$C" brackets --clause scope --json >"$T/json"
assert_eq "$(cat "$T/json")" "[]" "brackets of another clause"
# every export of the draft shows them inline (the AKN stays valid)
acc "$C" export --format md >"$T/md"
assert_contains "$T/md" '\[binding commitments\]\[voluntary commitments\]\[\]{norland-b1}'
acc "$C" export --format txt >"$T/txt"
assert_contains "$T/txt" "{astoria-b1}"
acc "$C" export --format json | json_eval '[c["text"] for c in v["clauses"] if c["id"] == "purpose"][0]' >"$T/js"
assert_contains "$T/js" "[binding commitments][voluntary commitments][]{norland-b1}"
for f in html akn; do
	acc "$C" export --format $f >"$T/doc.$f"
	assert_contains "$T/doc.$f" "[binding commitments][voluntary commitments][]{norland-b1}"
done
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout --schema "$ROOT/tests/schema/akn/akomantoso30.xsd" "$T/doc.akn" 2>"$T/xmllint" ||
		{ cat "$T/xmllint" >&2; fail "the export does not validate"; }
fi

# an amendment drafted against the bracketed text
printf 'The purpose of this Convention is to protect civilians.\n' >"$T/new.txt"
am=$(acc "$C" --as "$VALMORA" propose purpose --replace --text-file "$T/new.txt")

# the whole text cannot be put to the vote while a bracket is open
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" open ratification
assert_contains "$T/err" "while 2 brackets are open: astoria-b1 (purpose), norland-b1 (purpose)"

# a ballot settles norland-b1: each organisation chooses one option
acc "$C" --as "$CHAIR" open "$b1" >/dev/null
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" resolve "$b1" 1
assert_contains "$T/err" "the ballot on norland-b1 is open"
for who in "$ASTORIA" "$MERIDIAN" "$VALMORA" "$KESTRIA"; do
	acc "$C" --as "$who" vote "$b1" 2 >/dev/null
done
acc "$C" --as "$TAVIRA" vote "$b1" "binding commitments" >/dev/null
acc "$C" --as "$NORLAND" vote "$b1" 1 >/dev/null
expect_status 3 "$ACCORD" -C "$C" --as "$OBSERVER" vote "$b1" 1
assert_contains "$T/err" "not in the electorate"
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND" close "$b1"
acc "$C" --as "$CHAIR" close "$b1" >"$T/close"
assert_contains "$T/close" "closed the ballot on norland-b1: option 2 is in the text"
git -C "$C" show main:brackets/norland/1/ballot >"$T/rec"
assert_contains "$T/rec" "Chosen: 2"
assert_contains "$T/rec" "Count: 2 4 4"
git -C "$C" show main:brackets/norland/1/resolution >"$T/rec"
assert_contains "$T/rec" "By: ballot"
acc "$C" show purpose >"$T/show"
assert_contains "$T/show" "by establishing voluntary commitments of restraint"

# the chair resolves astoria-b1 by consensus; nobody else may
expect_status 3 "$ACCORD" -C "$C" --as "$ASTORIA" resolve "$b2" 2
assert_contains "$T/err" "only the chair (secretariat) resolves brackets"
acc "$C" --as "$CHAIR" resolve "$b2" "independent and impartial mechanism" >/dev/null
resolved=$(head_of "$C")
acc "$C" show purpose >"$T/show"
assert_contains "$T/show" "and an independent and impartial mechanism for the attribution"
grep -q '{' "$T/show" && fail "a resolved bracket is still shown"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" resolve "$b2" 1
assert_contains "$T/err" "astoria-b1 is resolved"

# blame names the brackets whose options are in the text
acc "$C" blame purpose >"$T/blame"
assert_contains "$T/blame" "bracket norland-b1 (opened by norland), option 2 resolved by ballot"
assert_contains "$T/blame" "bracket astoria-b1 (opened by astoria), option 2 resolved by consensus"
acc "$C" blame purpose --json | json_eval '[(r["origin"], r["amendment"]) for r in v["runs"] if r["origin"] == "bracket"]' >"$T/bj"
assert_eq "$(cat "$T/bj")" "[('bracket', 'norland-b1'), ('bracket', 'astoria-b1')]" "blame --json"
# the word diff between revisions shows the brackets of the rolling text
acc "$C" diff --from "$resolved^" purpose >"$T/wd"
assert_contains "$T/wd" "[-[independent mechanism][-]independent and impartial mechanism[-]{astoria-b1}-] for"

# the amendment drafted before the resolutions is stale
acc "$C" amendment "$am" --json | json_eval 'v["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" stale "an amendment over resolved brackets"
acc "$C" brackets --json >"$T/json"
assert_eq "$(cat "$T/json")" "[]" "no open bracket"

# verify and the independent verifier agree the history is sound
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"
# and the whole text may now be put to the vote
# (once the secretariat has brought the authentic translations of the
# resolved clause up to date: adoption checks the languages)
cp -r "$C" "$T/rat"
for l in ar zh fr ru es; do
	acc "$T/rat" show purpose --lang "$l" --json | json_get '["text"]' >"$T/tr-$l"
	acc "$T/rat" --as "$CHAIR" translate purpose --lang "$l" --text-file "$T/tr-$l" >/dev/null
done
expect_status 0 "$ACCORD" -C "$T/rat" --as "$CHAIR" open ratification

fresh() { # name: a copy of the convention to tamper with
	rm -rf "$T/$1"
	cp -r "$C" "$T/$1"
	echo "$T/$1"
}
caught() { # copy commit what: both verifiers flag the commit
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -q "^$(echo "$2" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	cp "$T/out" "$T/accord-report"
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -q "^$2 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
}
git -C "$C" log -1 --format=%B "$resolved" >"$T/rmsg"
git -C "$C" show "$resolved:brackets/astoria/1/resolution" >"$T/resolution"
git -C "$C" show "$resolved^:clauses/purpose" >"$T/before"

# 1. a resolution that applies another option than the one it names
F=$(fresh other-option)
git -C "$F" update-ref refs/heads/main "$resolved^"
sed 's/independent mechanism/international mechanism/' "$T/before" >"$T/text"
id=$(forge "$F" "$CHAIR" "$CHAIR" "$(head -n 1 "$T/rmsg")" "$(sed '1,2d' "$T/rmsg")" \
	"brackets/astoria/1/resolution=$T/resolution" "clauses/purpose=$T/text")
caught "$F" "$id" "a resolution applying another option"
assert_contains "$T/out" "is not option 2 in place of the bracketed words"

# 2. a resolution with neither ballot nor consensus: a delegation resolves
F=$(fresh by-delegate)
git -C "$F" update-ref refs/heads/main "$resolved^"
git -C "$C" show "$resolved:clauses/purpose" >"$T/text"
id=$(forge "$F" "$ASTORIA" "$ASTORIA" "$(head -n 1 "$T/rmsg")" \
	"$(sed '1,2d; s/^Accord-Org: .*/Accord-Org: astoria/' "$T/rmsg")" \
	"brackets/astoria/1/resolution=$T/resolution" "clauses/purpose=$T/text")
caught "$F" "$id" "a resolution by a delegation"
assert_contains "$T/accord-report" "only the chair"

# 3. the close of a ballot that records another option than the count
F=$(fresh other-choice)
closed=$(git -C "$C" log --format=%H --grep='^Accord-Action: bracket-close$' main)
git -C "$F" update-ref refs/heads/main "$closed^"
git -C "$C" log -1 --format=%B "$closed" | sed 's/^Accord-Option: 2$/Accord-Option: 1/; 1s/option 2/option 1/' >"$T/cmsg"
git -C "$C" show "$closed:brackets/norland/1/ballot" | sed 's/^Chosen: 2$/Chosen: 1/' >"$T/ballot"
git -C "$C" show "$closed:brackets/norland/1/resolution" | sed 's/^Option: 2$/Option: 1/' >"$T/res"
git -C "$C" show "$closed^:clauses/purpose" >"$T/text"
id=$(forge "$F" "$CHAIR" "$CHAIR" "$(head -n 1 "$T/cmsg")" "$(sed '1,2d' "$T/cmsg")" \
	"brackets/norland/1/ballot=$T/ballot" "brackets/norland/1/resolution=$T/res" "clauses/purpose=$T/text")
caught "$F" "$id" "a close choosing another option than the count"

# 4. a support written into another organisation's file
F=$(fresh other-file)
printf 'Option: 1\nDelegate: %s\n\n' "$MERIDIAN" >"$T/sup"
id=$(forge "$F" "$ASTORIA" "$ASTORIA" "Support option 1 of astoria-b1 (meridian-cloud)" "Accord-Action: support
Accord-Org: meridian-cloud
Accord-Bracket: astoria-b1
Accord-Clause: purpose
Accord-Option: 1" "brackets/astoria/1/support/meridian-cloud=$T/sup")
caught "$F" "$id" "a support in another organisation's file"
assert_contains "$T/out" "may not change brackets/astoria/1/support/meridian-cloud"

# 5. the whole text put to the vote while a bracket is open
F=$(fresh rat-open)
before=$(git -C "$C" log --format=%H --grep='^Accord-Action: bracket-open$' main)
git -C "$F" update-ref refs/heads/main "$before^"
git -C "$T/rat" show main:ratification/ballot >"$T/rb"
git -C "$T/rat" log -1 --format=%B main >"$T/rbmsg"
id=$(forge "$F" "$CHAIR" "$CHAIR" "$(head -n 1 "$T/rbmsg")" "$(sed '1,2d' "$T/rbmsg")" \
	"ratification/ballot=$T/rb")
caught "$F" "$id" "the whole text opened while brackets are open"
assert_contains "$T/accord-report" "bracket"

# sync carries a bracket and a support made offline onto a newer tip
git clone -q --bare "$C" "$T/server.git"
expect_status 0 "$ACCORD" clone "$T/server.git" "$T/clone"
mkdir -p "$T/clone/accord"
cp -r "$C/accord/keys" "$T/clone/accord/"
off=$(acc "$T/clone" --as "$KESTRIA" bracket scope --span "in time of peace" \
	--option "in time of peace" --option "")
acc "$T/clone" --as "$TAVIRA" support "$off" 2 >/dev/null
acc "$C" --as "$VALMORA" bracket purpose --span "civilian objects" \
	--option "civilian objects" --option "civilian infrastructure" >/dev/null
git -C "$C" push -q "$T/server.git" main
acc "$T/clone" sync >"$T/sync"
assert_contains "$T/sync" "1 actions received, 2 replayed, 2 sent, 0 dropped"
acc "$T/clone" brackets --json | json_eval '[(b["id"], [o["supporters"] for o in b["options"]]) for b in v]' >"$T/json"
assert_eq "$(cat "$T/json")" "[('kestria-b1', [[], ['tavira']]), ('valmora-b1', [[], []])]" "brackets after sync"
expect_status 0 "$ACCORD" -C "$T/clone" verify
expect_status 0 sh "$INDEPENDENT" "$T/clone"
