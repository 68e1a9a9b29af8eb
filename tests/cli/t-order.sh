#!/bin/sh
# The order of procedure: the chair may open ballots out of the voting
# order, and the commit says so (subject and Accord-Out-Of-Order), so the
# log and verify show the departure; opening in order says nothing.
. "$(dirname "$0")/lib.sh"

C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
ci=no-targeting-critical-infrastructure
acc "$C" show $ci --json | json_get '["text"]' >"$T/ci.txt"
sed 's/respond without undue delay/respond within 72 hours/' "$T/ci.txt" >"$T/nor.txt"
sed 's/respond without undue delay/respond in good faith/' "$T/ci.txt" >"$T/onet.txt"
nor=$(acc "$C" --as "$NORLAND" propose $ci --replace --text-file "$T/nor.txt")
onet=$(acc "$C" --as "$OPENNET" propose $ci --replace --text-file "$T/onet.txt")
acc "$C" amendments --clause $ci --json | json_eval '[x["id"] for x in v if x["voting_order"]]' >"$T/order"
assert_eq "$(cat "$T/order")" "['$nor', '$onet']" "voting order"

# out of order: open-networks-1 before norland-1
acc "$C" --as "$CHAIR" open "$onet" >/dev/null
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Open the ballot on $onet (simple majority, quorum 1/2), out of the voting order: before $nor"
assert_contains "$T/msg" "Accord-Out-Of-Order: $nor"
acc "$C" log -n 1 >"$T/log"
assert_contains "$T/log" "out of the voting order"
expect_status 0 "$ACCORD" -C "$C" verify

# in order: the first of the order says nothing more
acc "$C" --as "$CHAIR" close "$onet" >/dev/null
acc "$C" amendment "$nor" --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" tabled "the other amendment after the first ballot"
acc "$C" --as "$CHAIR" open "$nor" >/dev/null
git -C "$C" log -1 --format=%B main >"$T/msg"
if grep -q 'Out-Of-Order' "$T/msg"; then fail "an opening in order is marked out of order"; fi
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$C"

# the chair's order, and a forged opening that hides its departure from it:
# an opening of the second of the chair's order, made again by the chair
# without its Accord-Out-Of-Order (and the subject's note), is a problem
# for both verifiers (the independent one ranks by the agenda and
# deletions-first)
sc=scope
acc "$C" show $sc --json | json_get '["text"]' >"$T/sc.txt"
printf 'A narrower scope.\n' >"$T/sc1.txt"
printf 'A wider scope.\n' >"$T/sc2.txt"
first=$(acc "$C" --as "$NORLAND" propose $sc --replace --text-file "$T/sc1.txt")
second=$(acc "$C" --as "$OPENNET" propose $sc --replace --text-file "$T/sc2.txt")
acc "$C" --as "$CHAIR" order $sc "$second" "$first" >/dev/null
acc "$C" --as "$CHAIR" open "$first" >/dev/null
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Out-Of-Order: $second"
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$C"
open=$(git -C "$C" rev-parse main)
tree=$(git -C "$C" rev-parse "$open^{tree}")
sed -e "s/, out of the voting order: before $second//" -e '/^Accord-Out-Of-Order: /d' "$T/msg" >"$T/hidden"
git -C "$C" update-ref refs/heads/main "$open^"
id=$(forge "$C" "$CHAIR" "$CHAIR" "$(sed -n 1p "$T/hidden")" "$(sed '1,2d' "$T/hidden")" \
	"amendments/${first%-*}/${first##*-}/ballot=$(git -C "$C" show "$open:amendments/${first%-*}/${first##*-}/ballot" >"$T/b" && echo "$T/b")")
expect_status 4 "$ACCORD" -C "$C" verify
grepq "^$(echo "$id" | cut -c1-12) " "$T/out" || fail "accord verify missed a hidden departure from the order"
expect_status 4 sh "$ROOT/tests/verify/independent.sh" "$C"
grepq "^$id opened out of the voting order without saying so: $second" "$T/out" ||
	fail "the independent verifier missed a hidden departure from the order: $(cat "$T/out")"
