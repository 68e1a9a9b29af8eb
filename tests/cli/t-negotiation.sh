#!/bin/sh
# A negotiation, start to finish, on the bundled convention (issue 19):
# brackets opened by two delegations with supporters, a comment thread, a
# compromise text that supersedes two amendments, a roll-call recorded by
# the chair with one contested entry settled by the delegation's own vote,
# explanations of vote, a bracket settled by ballot, and the whole text
# refused its final ballot while a bracket is open.  Then verify is clean,
# the independent verifier agrees, and the exports show each record.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
a() { # EMAIL ARGS...: accord as that delegate in the convention
	who=$1
	shift
	"$ACCORD" -C "$D" --as "$who" "$@"
}
chair() {
	a "$CHAIR" "$@"
}
text_of() { # CLAUSE
	acc "$D" show "$1" --json | json_get '["text"]'
}

# 1. two delegations bracket disputed words; others support options
b1=$(a "$NORLAND" bracket purpose --span "binding commitments" --option "binding commitments" \
	--option "voluntary commitments")
b2=$(a "$ASTORIA" bracket no-targeting-critical-infrastructure --span "appropriate measures" \
	--option "appropriate measures" --option "all necessary measures")
a "$ASTORIA" support "$b1" 2 >/dev/null
a "$KESTRIA" support "$b1" 1 >/dev/null
a "$VALMORA" support "$b2" 2 >/dev/null
acc "$D" brackets --json | json_eval 'len(v)' >"$T/n"
assert_eq "$(cat "$T/n")" 2 "open brackets"
acc "$D" show purpose >"$T/show"
assert_contains "$T/show" "[binding commitments][voluntary commitments]{$b1}"

# 2. a comment thread on the very words, answered
c1=$(a "$TAVIRA" comment purpose --on "civilian objects" -m "Does this cover dual-use systems?")
a "$NORLAND" comment --reply-to "$c1" -m "Yes, when they serve civilians." >/dev/null
acc "$D" comments purpose --json | json_eval 'len(v["threads"][0]["replies"])' >"$T/n"
assert_eq "$(cat "$T/n")" 1 "replies in the thread"

# 3. two amendments to Article 3, and the chair's compromise superseding both
text_of scope | sed 's/in time of peace/at all times, in peace/' >"$T/a1"
text_of scope | sed 's/in time of peace/in time of peace, of crisis/' >"$T/a2"
text_of scope | sed 's/in time of peace/in every circumstance, in time of peace/' >"$T/comp"
am1=$(a "$OPENNET" propose scope --replace --text-file "$T/a1")
am2=$(a "$SAFECON" propose scope --replace --text-file "$T/a2")
comp=$(chair propose scope --replace --text-file "$T/comp" --supersedes "$am1,$am2")
a "$SAFECON" withdraw "$am2" --in-favour-of "$comp" >/dev/null

# 4. its ballot, taken in the room: the chair records the roll-call; one
# delegation contests its entry and votes itself; explanations of vote
chair open "$comp" >/dev/null
cat >"$T/roll" <<ROLL
astoria yes
bluefjord-telecom yes
halcyon-systems yes
kestria no
meridian-cloud yes
norland yes
open-networks yes
safe-connectivity abstain
san-teodoro yes
tavira absent
valmora yes
ROLL
chair record "$comp" --roll-call "$T/roll" >/dev/null
a "$KESTRIA" contest "$comp" -m "Kestria voted yes in the room." >/dev/null
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" close "$comp"
a "$KESTRIA" vote "$comp" yes >/dev/null
a "$KESTRIA" explain "$comp" -m "Kestria joins the consensus on the compromise." >/dev/null
a "$TAVIRA" explain "$comp" -m "Tavira was absent for the vote and would have abstained." >/dev/null
chair close "$comp" >/dev/null
acc "$D" tally "$comp" --json >"$T/tally"
json_eval 'v["result"]' <"$T/tally" >"$T/r"
assert_eq "$(cat "$T/r")" adopted "the compromise"
acc "$D" tally "$comp" >"$T/tally.txt"
assert_contains "$T/tally.txt" "Kestria joins the consensus"
assert_contains "$T/tally.txt" "recorded"
acc "$D" amendment "$am1" --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" fallen "an amendment the adopted compromise supersedes"
acc "$D" show scope | grepq "in every circumstance" || fail "the compromise is not the text"

# 5. the bracket on Article 1 is settled by ballot
chair open "$b1" >/dev/null
for v in "$ASTORIA" "$NORLAND" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
	a "$v" vote "$b1" 1 >/dev/null
done
chair close "$b1" >"$T/out"
acc "$D" show purpose | grepq "by establishing binding commitments of restraint" ||
	fail "the chosen option is not the text: $(acc "$D" show purpose)"

# 6. the whole text cannot be put to its final ballot while b2 is open
# (once the demo's last open ballot is closed)
chair close meridian-cloud-1 >/dev/null
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" open ratification
assert_contains "$T/err" "$b2"

# 7. both verifiers accept the history; the exports show each record
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$D"
acc "$D" export --format html >"$T/x.html"
assert_contains "$T/x.html" "$b2"
assert_contains "$T/x.html" "Kestria joins the consensus"
acc "$D" export --format json >"$T/x.json"
assert_contains "$T/x.json" "Tavira was absent for the vote"
acc "$D" voting-list --format md >"$T/vl.md"
acc "$D" comments --json >"$T/c.json"
assert_contains "$T/c.json" "Does this cover dual-use systems?"
