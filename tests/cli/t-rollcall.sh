#!/bin/sh
# Roll-calls recorded by the chair and explanations of vote (issue 19): the
# chair records the roll-call taken in the room in one action (every
# elector once, a refusal names the line); a delegation confirms or
# contests the record of its vote, and its own signed vote outranks the
# record; a vote is set back to absent; a contest holds the close until
# the chair records again or the delegation votes; the tally and the close
# say how many votes were recorded and how many signed; explanations of
# vote are each delegation's own file, shown with the roll-call; verify
# and the independent verifier accept the whole history.
. "$(dirname "$0")/lib.sh"

C="$T/conv"
INDEPENDENT="$ROOT/tests/verify/independent.sh"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
printf 'Vendors shall remedy reported vulnerabilities within ninety days.\n' >"$T/new.txt"
id=$(acc "$C" --as "$NORLAND" propose vulnerability-disclosure --replace --text-file "$T/new.txt")
DIR=amendments/norland/1
acc "$C" --as "$CHAIR" open "$id" >/dev/null

# an explanation before the vote
expect_status 0 "$ACCORD" -C "$C" --as "$KESTRIA" explain "$id" -m "Kestria supports a firm deadline."
git -C "$C" show "main:$DIR/explanations/kestria" >"$T/ex"
assert_contains "$T/ex" "Delegate: $KESTRIA"
assert_contains "$T/ex" "Kestria supports a firm deadline."

cat >"$T/roll" <<'ROLL'
astoria yes
bluefjord-telecom yes
halcyon-systems no
kestria yes
meridian-cloud abstain
norland yes
open-networks yes
safe-connectivity absent
san-teodoro no
tavira yes
valmora yes
ROLL
# refusals: a non-chair, a line that is not a vote, an unknown organisation,
# one named twice, one left out; each names the line
before=$(head_of "$C")
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND" record "$id" --roll-call "$T/roll"
assert_contains "$T/err" "only the chair (secretariat) records roll-calls"
sed 's/^tavira yes$/tavira maybe/' "$T/roll" >"$T/bad"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/bad"
assert_contains "$T/err" "roll-call line 10: 'maybe' is not yes, no, abstain or absent"
sed 's/^tavira yes$/humanitarian-tech yes/' "$T/roll" >"$T/bad"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/bad"
assert_contains "$T/err" "roll-call line 10: humanitarian-tech is not in the electorate"
sed 's/^tavira yes$/norland no/' "$T/roll" >"$T/bad"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/bad"
assert_contains "$T/err" "roll-call line 10: norland named twice (first on line 6)"
grep -v '^tavira' "$T/roll" >"$T/bad"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/bad"
assert_contains "$T/err" "the roll-call does not name tavira"
[ "$(wc -l <"$T/err")" = 1 ] || fail "a refusal is one line"
assert_eq "$(head_of "$C")" "$before" "nothing committed by the refusals"

# norland votes itself before the record: its own vote outranks it
acc "$C" --as "$NORLAND" vote "$id" no >/dev/null
expect_status 0 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/roll"
git -C "$C" show "main:$DIR/recorded" >"$T/rec"
assert_contains "$T/rec" "Round: 1"
assert_contains "$T/rec" "Delegate: $CHAIR"
assert_contains "$T/rec" "Recorded: safe-connectivity absent"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Record the roll-call on $id: 7 yes, 2 no, 1 abstain, 1 absent (round 1)"
assert_contains "$T/msg" "Accord-Action: record"
assert_contains "$T/msg" "Accord-Round: 1"

acc "$C" tally "$id" --json >"$T/tally.json"
assert_eq "$(json_get '["recorded_votes"]' <"$T/tally.json")" 9 "recorded votes"
assert_eq "$(json_get '["signed_votes"]' <"$T/tally.json")" 1 "signed votes"
assert_eq "$(json_get '["yes"]' <"$T/tally.json")" 6 "yes (norland's own no outranks)"
assert_eq "$(json_get '["no"]' <"$T/tally.json")" 3 "no"

# a vote is set back to absent by the delegation (its own, outranking)
acc "$C" --as "$ASTORIA" vote "$id" absent >/dev/null
git -C "$C" show "main:$DIR/votes/astoria" >"$T/v"
assert_contains "$T/v" "Vote: absent"
expect_status 3 "$ACCORD" -C "$C" --as "$ASTORIA" vote "$id" absent
assert_contains "$T/err" "no vote on $id to set back to absent"

# confirm, contest; the contest holds the close
expect_status 0 "$ACCORD" -C "$C" --as "$TAVIRA" confirm "$id"
expect_status 3 "$ACCORD" -C "$C" --as "$TAVIRA" confirm "$id"
assert_contains "$T/err" "already confirmed"
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND" contest "$id"
assert_contains "$T/err" "its own vote outranks the record"
expect_status 0 "$ACCORD" -C "$C" --as "$HALCYON" contest "$id" -m "Halcyon voted yes in the room."
git -C "$C" show "main:$DIR/responses/halcyon-systems" >"$T/resp"
assert_contains "$T/resp" "Response: contest"
assert_contains "$T/resp" "Halcyon voted yes in the room."
acc "$C" tally "$id" >"$T/tally"
assert_contains "$T/tally" "contested"
assert_contains "$T/tally" "Halcyon voted yes in the room."
assert_contains "$T/tally" "recorded by the chair"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" close "$id"
assert_contains "$T/err" "halcyon-systems contests the vote the chair recorded"
# the chair records again: a new round clears the contest (and answers)
sed 's/^halcyon-systems no$/halcyon-systems yes/' "$T/roll" >"$T/roll2"
expect_status 0 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/roll2"
acc "$C" tally "$id" --json >"$T/tally.json"
assert_eq "$(json_get '["round"]' <"$T/tally.json")" 2 "round"
# a second contest, settled by the delegation's own vote this time
expect_status 0 "$ACCORD" -C "$C" --as "$SANTEO" contest "$id"
acc "$C" --as "$SANTEO" vote "$id" yes >/dev/null
# explanations after voting, and a replaced one
acc "$C" --as "$NORLAND" explain "$id" -m "Norland wants ninety days to be a floor." >/dev/null
printf 'Kestria supports a firm deadline,\nand a review after two years.\n' >"$T/kx"
acc "$C" --as "$KESTRIA" explain "$id" --text-file "$T/kx" >/dev/null
expect_status 3 "$ACCORD" -C "$C" --as "$OBSERVER" explain "$id" -m "We observe."
expect_status 2 "$ACCORD" -C "$C" --as "$KESTRIA" explain "$id"

cp -r "$C" "$T/open" # for the tampered histories below

# the close: 7 recorded (astoria absent by its own vote), 2 signed
expect_status 0 "$ACCORD" -C "$C" --as "$CHAIR" close "$id"
git -C "$C" show "main:$DIR/ballot" >"$T/ballot"
assert_contains "$T/ballot" "Recorded-Votes: 7"
assert_contains "$T/ballot" "Signed-Votes: 2"
assert_contains "$T/ballot" "Roll-Call: halcyon-systems yes recorded $CHAIR"
assert_contains "$T/ballot" "Roll-Call: norland no $NORLAND"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Votes: recorded=7 signed=2"
acc "$C" tally "$id" --json >"$T/tally.json"
assert_eq "$(json_get '["recorded_votes"]' <"$T/tally.json")" 7 "recorded votes at close"
assert_eq "$(json_get '["signed_votes"]' <"$T/tally.json")" 2 "signed votes at close"
json_eval '[e["org"] for e in v["explanations"]]' <"$T/tally.json" >"$T/ex"
assert_contains "$T/ex" "['kestria', 'norland']"
# after the close: no record, no answer, no vote; an explanation is allowed
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" record "$id" --roll-call "$T/roll2"
assert_contains "$T/err" "is closed"
expect_status 3 "$ACCORD" -C "$C" --as "$TAVIRA" contest "$id"
expect_status 0 "$ACCORD" -C "$C" --as "$TAVIRA" explain "$id" -m "Tavira explains after the vote."
acc "$C" tally "$id" >"$T/tally"
assert_contains "$T/tally" "Tavira explains after the vote."

expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"
rm -f "$C/accord/index.sqlite"
acc "$C" tally "$id" >"$T/tally2"
cmp -s "$T/tally" "$T/tally2" || fail "the tally differs once the index is rebuilt"
# the ballot's record in the exports
for f in md html json; do
	acc "$C" export --format "$f" --at main -o "$T/out.$f" >/dev/null
	assert_contains "$T/out.$f" "Tavira explains after the vote."
	[ "$f" = json ] || assert_contains "$T/out.$f" "7 recorded by the chair, 2 signed by the delegations"
done
json_eval '[[a["ballot"]["recorded_votes"], a["ballot"]["signed_votes"], a["ballot"]["round"]] for a in v["amendments"] if a["id"] == "'"$id"'"][0]' <"$T/out.json" >"$T/ej"
assert_eq "$(cat "$T/ej")" "[7, 2, 2]" "export json: recorded, signed, round"

# sync carries an explanation made offline onto a tip that moved, and drops
# an answer to a record the chair has recorded again meanwhile
git clone -q --bare "$T/open" "$T/server.git"
for who in desk tech; do
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$who"
	mkdir -p "$T/$who/accord"
	cp -r "$C/accord/keys" "$T/$who/accord/"
done
acc "$T/tech" --as "$TAVIRA" confirm "$id" >/dev/null
acc "$T/tech" --as "$VALMORA" explain "$id" -m "Valmora explains offline." >/dev/null
acc "$T/desk" --as "$CHAIR" record "$id" --roll-call "$T/roll2" >/dev/null
expect_status 0 "$ACCORD" -C "$T/desk" sync
expect_status 0 "$ACCORD" -C "$T/tech" sync
assert_contains "$T/out" "dropped: Confirm the recorded vote yes on $id (tavira)"
acc "$T/tech" tally "$id" --json >"$T/st.json"
assert_eq "$(json_get '["round"]' <"$T/st.json")" 3 "round after sync"
json_eval '[e["org"] for e in v["explanations"]]' <"$T/st.json" >"$T/ex"
assert_contains "$T/ex" "'valmora'"
json_eval '[r["response"] for r in v["record"] if r["org"] == "tavira"][0]' <"$T/st.json" >"$T/resp"
assert_eq "$(cat "$T/resp")" "none" "tavira's answer to round 2 is not carried to round 3"
expect_status 0 "$ACCORD" -C "$T/tech" verify
expect_status 0 sh "$INDEPENDENT" "$T/tech"

# the interface's ballot view marks recorded and contested votes, and shows
# the explanations
acc "$T/tech" --as "$HALCYON" contest "$id" -m "Not what we said." >/dev/null
printf '@dump %s\n' "$T/screen" >"$T/script"
ACCORD_TUI_SIZE=100x90 ACCORD_TUI_SCRIPT="$T/script" NO_COLOR=1 TERM=xterm \
	"$ACCORD" -C "$T/tech" --as "$TAVIRA" tui "$id" >"$T/tui.out" 2>&1 || { cat "$T/tui.out"; fail "tui"; }
assert_contains "$T/screen" "[recorded, contested]"
assert_contains "$T/screen" "[recorded absent]"
assert_contains "$T/screen" "votes recorded by the chair (round 3)"
assert_contains "$T/screen" "Explanations of vote"
assert_contains "$T/screen" "valmora: Valmora explains offline."

# tampered histories, rejected by both verifiers
fresh() { # name source: a copy of the convention to tamper with
	rm -rf "$T/$1"
	cp -r "$2" "$T/$1"
	echo "$T/$1"
}
caught() { # copy commit what: both verifiers flag the commit
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -q "^$(echo "$2" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	cp "$T/out" "$T/accord-report"
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -q "^$2 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
}
printf 'Round: 3\nDelegate: %s\n' "$NORLAND" >"$T/forged"
sed -n 's/^\(.*\) \(.*\)$/Recorded: \1 \2/p' "$T/roll2" >>"$T/forged"
printf '\n' >>"$T/forged"
rmsg() { # org: the message of a third round
	printf 'Accord-Action: record\nAccord-Org: %s\nAccord-Ballot: %s\nAccord-Round: 3\nAccord-Amendment: %s\nAccord-Clause: vulnerability-disclosure' "$1" "$id" "$id"
}
# 1. a roll-call recorded by a delegation, not the chair
F=$(fresh by-norland "$T/open")
bad=$(forge "$F" "$NORLAND" "$NORLAND" "Record the roll-call on $id: 7 yes, 2 no, 1 abstain, 1 absent (round 3)" \
	"$(rmsg norland)" "$DIR/recorded=$T/forged")
caught "$F" "$bad" "a recorded roll-call by a non-chair"
assert_contains "$T/accord-report" "only the chair (secretariat) records roll-calls"
assert_contains "$T/out" "norland may not change $DIR/recorded in a 'record'"
# 2. a roll-call recorded after the close
F=$(fresh after-close "$C")
sed "s/^Delegate: .*/Delegate: $CHAIR/" "$T/forged" >"$T/forged2"
bad=$(forge "$F" "$CHAIR" "$CHAIR" "Record the roll-call on $id: 7 yes, 2 no, 1 abstain, 1 absent (round 3)" \
	"$(rmsg secretariat)" "$DIR/recorded=$T/forged2")
caught "$F" "$bad" "a recorded roll-call after the close"
assert_contains "$T/accord-report" "the ballot on $id is closed"
assert_contains "$T/out" "a roll-call recorded on a ballot that is not open"
# 3. an explanation written into another organisation's file
F=$(fresh other-file "$C")
printf 'Delegate: %s\n\nKestria never said this.\n' "$NORLAND" >"$T/fx"
bad=$(forge "$F" "$NORLAND" "$NORLAND" "Explain the vote of norland on $id" "Accord-Action: explain
Accord-Org: norland
Accord-Ballot: $id
Accord-Amendment: $id
Accord-Clause: vulnerability-disclosure" "$DIR/explanations/kestria=$T/fx")
caught "$F" "$bad" "an explanation in another organisation's file"
assert_contains "$T/out" "norland may not change $DIR/explanations/kestria in a 'explain'"
# 4. a close whose recount leaves a recorded vote out (counted as absent)
F=$(fresh bad-count "$C")
cl=$(git -C "$F" log --format=%H --grep="^Accord-Action: close$" -1 main)
git -C "$F" show "$cl:$DIR/ballot" | sed 's/^Yes: 7$/Yes: 6/; s/^Absent: 2$/Absent: 3/; s/^Recorded-Votes: 7$/Recorded-Votes: 6/' >"$T/fb"
git -C "$F" log -1 --format=%B "$cl" | sed 's/(7 yes,/(6 yes,/; s/yes=7 /yes=6 /; s/absent=2$/absent=3/; s/recorded=7 /recorded=6 /' >"$T/fmsg"
git -C "$F" show "$cl:clauses/vulnerability-disclosure" >"$T/clause"
git -C "$F" update-ref refs/heads/main "$cl^"
bad=$(forge "$F" "$CHAIR" "$CHAIR" "$(head -n 1 "$T/fmsg")" "$(sed '1,2d' "$T/fmsg")" \
	"$DIR/ballot=$T/fb" "clauses/vulnerability-disclosure=$T/clause")
caught "$F" "$bad" "a close that leaves a recorded vote out"
assert_contains "$T/out" "recorded Yes 6, recount 7"
assert_contains "$T/out" "recorded Recorded-Votes 6, recount 7"
echo "ok"
