#!/bin/sh
# A ballot's terms are fixed when it opens (issue 15): the rule, the quorum
# and the electorate (members with their weights) are copied into the
# ballot file by the opening; a change of the rules (`accord rules`) or of
# the registry afterwards changes nothing for that ballot, only for the
# ballots opened after it.  A forged ballot file whose terms differ from
# what its opening writes is caught by accord verify and by the
# independent verifier; a closed ballot never re-opens.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
ci=no-targeting-critical-infrastructure
MEMBERS="astoria bluefjord-telecom halcyon-systems kestria meridian-cloud norland open-networks safe-connectivity san-teodoro tavira valmora"

acc "$C" show $ci --json | json_get '["text"]' >"$T/ci.txt"
sed 's/respond without undue delay/respond within 72 hours/' "$T/ci.txt" >"$T/nor.txt"
nor=$(acc "$C" --as "$NORLAND" propose $ci --replace --text-file "$T/nor.txt")
kes=$(acc "$C" --as "$KESTRIA" propose reservations --delete)

# 1. the opening records the terms: rule, quorum, every member (not the
# observer, not the chair) with its weight, in id order
acc "$C" --as "$CHAIR" open "$nor" >/dev/null
git -C "$C" show main:amendments/norland/1/ballot >"$T/ballot"
{
	printf 'Status: open\nRule: simple\nQuorum: 1/2\n'
	for m in $MEMBERS; do echo "Elector: $m 1"; done
	echo
} >"$T/want"
diff "$T/want" "$T/ballot" >&2 || fail "the opening's ballot file"
grep -q "Accord-Rule" "$(git -C "$C" log -1 --format=%B main >"$T/msg" && echo "$T/msg")" &&
	fail "an opening on the convention's terms names a rule"

# 2. the chair changes the rules: its own signed action, writing only the
# convention; only the chair may; nothing to change is a usage error
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND" rules --rule unanimity
assert_contains "$T/err" "only the chair"
expect_status 2 "$ACCORD" -C "$C" --as "$CHAIR" rules
expect_status 2 "$ACCORD" -C "$C" --as "$CHAIR" rules --rule most
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" rules --rule simple
assert_contains "$T/err" "already so"
before=$(git -C "$C" rev-parse main)
acc "$C" --as "$CHAIR" rules --rule unanimity --quorum 1 >/dev/null
[ "$(git -C "$C" diff --name-only "$before" main)" = convention ] || fail "rules writes only the convention"
git -C "$C" diff "$before" main -- convention | grep '^[-+][A-Z]' >"$T/cdiff"
printf -- '-Rule: simple\n-Quorum: 1/2\n+Rule: unanimity\n+Quorum: 1/1\n' >"$T/want"
diff "$T/want" "$T/cdiff" >&2 || fail "the convention change"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Change the rules: Rule simple -> unanimity, Quorum 1/2 -> 1/1"
assert_contains "$T/msg" "Accord-Action: rules"
assert_contains "$T/msg" "Accord-Rule: unanimity"
assert_contains "$T/msg" "Accord-Quorum: 1/1"
grep -q "Accord-Ratification" "$T/msg" && fail "the ratification's terms did not change"
acc "$C" log -n 1 --json | json_get '[0]["action"]' >"$T/act"
assert_eq "$(cat "$T/act")" rules "the log shows the change of the rules"
acc "$C" tally "$nor" >"$T/tally"
assert_contains "$T/tally" "rule: simple majority; quorum 1/2"

# 3. the registry changes (forged: there is no registry action yet):
# Astoria becomes an observer, the observer a member, Valmora weighs 10
forged_registry=$(
	git -C "$C" show main:orgs/astoria | sed 's/^Role: member/Role: observer/' >"$T/astoria"
	git -C "$C" show main:orgs/humanitarian-tech | sed 's/^Role: observer/Role: member/' >"$T/iht"
	git -C "$C" show main:orgs/valmora | sed 's/^Weight: 1/Weight: 10/' >"$T/valmora"
	forge "$C" "$CHAIR" "$CHAIR" "Change the registry" \
		"$(printf 'Accord-Action: registry\nAccord-Org: secretariat')" \
		"orgs/astoria=$T/astoria" "orgs/humanitarian-tech=$T/iht" "orgs/valmora=$T/valmora"
)

# 4. votes on the ballot opened before: Astoria (an elector, now an
# observer) still votes; the new member is not an elector
for who in "$NORLAND" "$ASTORIA" "$HALCYON" "$MERIDIAN"; do acc "$C" --as "$who" vote "$nor" yes >/dev/null; done
for who in "$VALMORA" "$KESTRIA"; do acc "$C" --as "$who" vote "$nor" no >/dev/null; done
expect_status 3 "$ACCORD" -C "$C" --as "$OBSERVER" vote "$nor" yes
assert_contains "$T/err" "not in the electorate"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" vote "$nor" yes
assert_contains "$T/err" "does not vote"
# by hand, under the terms of the opening (simple, 1/2, 11 members of
# weight 1): yes 4, no 2, abstain 0, absent 5; 6 of 11 voted, quorum met;
# 4 > 2: adopted.  Under today's rules (unanimity) or registry (Valmora
# 10, Astoria not counted: yes 3, no 11) it would be rejected.
acc "$C" tally "$nor" --json >"$T/tj"
json_eval '[v["yes"], v["no"], v["abstain"], v["absent"], v["members"], v["weighted"], v["quorum_met"], v["rule"], v["quorum"]]' <"$T/tj" >"$T/got"
assert_eq "$(cat "$T/got")" "[4, 2, 0, 5, 11, False, True, 'simple', '1/2']" "running tally under the opening's terms"
acc "$C" --as "$CHAIR" close "$nor" >"$T/close"
assert_contains "$T/close" "adopted (yes 4, no 2, abstain 0, absent 5)"
git -C "$C" show main:amendments/norland/1/ballot >"$T/ballot"
grep -c '^Elector: ' "$T/ballot" | grep -qx 11 || fail "the closed ballot keeps its electorate"
assert_contains "$T/ballot" "Elector: valmora 1"
assert_contains "$T/ballot" "Roll-Call: astoria yes $ASTORIA"
grep -q "Weighted" "$T/ballot" && fail "no weights differ in the electorate"
acc "$C" tally "$nor" --json >"$T/tj"
json_eval '[v["result"], v["yes"], v["no"], v["absent"], v["recorded"]["result"]]' <"$T/tj" >"$T/got"
assert_eq "$(cat "$T/got")" "['adopted', 4, 2, 5, 'adopted']" "closed tally recount"

# 5. a ballot opened after both changes takes the new terms
acc "$C" --as "$CHAIR" open "$kes" >/dev/null
git -C "$C" show main:amendments/kestria/1/ballot >"$T/ballot"
{
	printf 'Status: open\nRule: unanimity\nQuorum: 1/1\n'
	for m in bluefjord-telecom halcyon-systems humanitarian-tech kestria meridian-cloud norland open-networks safe-connectivity san-teodoro tavira; do
		echo "Elector: $m 1"
	done
	echo "Elector: valmora 10"
	echo
} >"$T/want"
diff "$T/want" "$T/ballot" >&2 || fail "the ballot opened after the changes"
expect_status 3 "$ACCORD" -C "$C" --as "$ASTORIA" vote "$kes" yes
assert_contains "$T/err" "observers do not vote"
acc "$C" --as "$VALMORA" vote "$kes" yes >/dev/null
acc "$C" --as "$OBSERVER" vote "$kes" abstain >/dev/null
# 11 electors of weight 20: yes 10, abstain 1, absent 9 (weighted)
acc "$C" tally "$kes" --json >"$T/tj"
json_eval '[v["yes"], v["abstain"], v["absent"], v["members"], v["weighted_yes"], v["weighted_abstain"], v["weighted_absent"], v["rule"]]' <"$T/tj" >"$T/got"
assert_eq "$(cat "$T/got")" "[1, 1, 9, 11, 10, 1, 9, 'unanimity']" "tally under the new terms"
# exports count with the same electorates
acc "$C" export --format json --at main >"$T/ej"
json_eval '[(a["id"], a["ballot"]["tally"]["yes"], a["ballot"]["tally"]["absent"], a["ballot"]["tally"].get("weighted_yes")) for a in v["amendments"]]' <"$T/ej" >"$T/got"
assert_eq "$(cat "$T/got")" "[('kestria-1', 1, 9, 10), ('norland-1', 4, 5, None)]" "the export's tallies"

# 6. verify: only the forged registry change is a problem
expect_status 4 "$ACCORD" -C "$C" verify
grep -c "^[0-9a-f]\{12\} " "$T/out" | grep -qx 1 || { cat "$T/out"; fail "one problem only"; }
grep -q "^$(echo "$forged_registry" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "the registry forgery"; }
expect_status 4 sh "$INDEPENDENT" "$C"
[ "$(cut -d' ' -f1 "$T/out" | sort -u)" = "$forged_registry" ] || { cat "$T/out"; fail "independent: one problem only"; }

# 7. a closed ballot never re-opens
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" open "$nor"

# 8. forged openings: a copy rewound to before Kestria's opening, where the
# chair's signed commit writes a ballot file other than the opening's
open_commit=$(git -C "$C" log --format=%H --grep="Accord-Ballot: $kes" --grep="Accord-Action: open" --all-match main)
git -C "$C" show "$open_commit:amendments/kestria/1/ballot" >"$T/real"
TR_OPEN=$(git -C "$C" log -1 --format=%B "$open_commit" | grep '^Accord-')
SUBJ_OPEN=$(git -C "$C" log -1 --format=%s "$open_commit")
check_forgery() { # name file what
	F="$T/forge-$1"
	rm -rf "$F"
	cp -r "$C" "$F"
	git -C "$F" update-ref refs/heads/main "$open_commit^"
	id=$(forge "$F" "$CHAIR" "$CHAIR" "$SUBJ_OPEN" "$TR_OPEN" "amendments/kestria/1/ballot=$2")
	expect_status 4 "$ACCORD" -C "$F" verify
	grep -q "^$(echo "$id" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	expect_status 4 sh "$INDEPENDENT" "$F"
	grep -q "^$id " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
	forgeries=$((forgeries + 1))
}
forgeries=0
# the honest opening, rebuilt this way, is clean for both but for the registry forgery
F="$T/forge-honest"
cp -r "$C" "$F"
git -C "$F" update-ref refs/heads/main "$open_commit^"
id=$(forge "$F" "$CHAIR" "$CHAIR" "$SUBJ_OPEN" "$TR_OPEN" "amendments/kestria/1/ballot=$T/real")
expect_status 4 "$ACCORD" -C "$F" verify
grep -q "^$(echo "$id" | cut -c1-12) " "$T/out" && { cat "$T/out"; fail "the honest opening is flagged"; }
sed 's/^Rule: unanimity/Rule: simple/' "$T/real" >"$T/f-rule"
check_forgery rule "$T/f-rule" "a rule other than the convention's"
sed 's/^Quorum: 1\/1$/Quorum: 1\/3/' "$T/real" >"$T/f-quorum"
check_forgery quorum "$T/f-quorum" "a quorum other than the convention's"
RANDOM=15
n=0
while [ $n -lt 6 ]; do
	n=$((n + 1))
	lines=$(grep -c '^Elector: ' "$T/real")
	k=$((RANDOM % lines + 1))
	case $((n % 3)) in
	0) # a random weight change
		w=$((RANDOM % 50 + 2))
		awk -v k="$k" -v w="$w" '/^Elector: / && ++i == k {$3 = w} {print}' "$T/real" >"$T/f"
		what="elector $k weighs $w" ;;
	1) # a dropped elector
		awk -v k="$k" '/^Elector: / && ++i == k {next} {print}' "$T/real" >"$T/f"
		what="elector $k dropped" ;;
	2) # an added elector (the chair, Astoria now an observer, or a stranger)
		extra=$(echo "secretariat astoria zz-stranger" | cut -d' ' -f$((RANDOM % 3 + 1)))
		{
			grep -v '^Elector: ' "$T/real"
			{ grep '^Elector: ' "$T/real"; echo "Elector: $extra $((RANDOM % 5 + 1))"; } | sort
		} >"$T/f"
		what="elector $extra added" ;;
	esac
	cmp -s "$T/f" "$T/real" && continue
	check_forgery "e$n" "$T/f" "$what"
done
[ "$forgeries" -ge 7 ] || fail "only $forgeries forgeries were checked"

# 9. the ratification is voted once: a rejected one never re-opens (a new
# vote would be a new ballot, which this convention does not hold)
acc "$C" --as "$CHAIR" close "$kes" >/dev/null
acc "$C" --as "$CHAIR" open ratification >/dev/null
acc "$C" --as "$NORLAND" vote ratification no >/dev/null
acc "$C" --as "$CHAIR" close ratification >"$T/close"
assert_contains "$T/close" "rejected"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" open ratification
assert_contains "$T/err" "never re-opens"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" open "$kes"
# a re-opening forged with git, signed by the chair, is caught by both
{
	echo "Status: open"
	git -C "$C" show main:ratification/ballot | grep -E '^(Rule|Quorum|Elector): '
	echo
} >"$T/reopen"
id=$(forge "$C" "$CHAIR" "$CHAIR" "Open the ballot on ratification" \
	"$(printf 'Accord-Action: open\nAccord-Org: secretariat\nAccord-Ballot: ratification')" \
	"ratification/ballot=$T/reopen")
expect_status 4 "$ACCORD" -C "$C" verify
grep -q "^$(echo "$id" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed a re-opening"; }
expect_status 4 sh "$INDEPENDENT" "$C"
grep -q "^$id a ballot opened twice" "$T/out" || { cat "$T/out"; fail "the independent verifier missed a re-opening"; }

# 10. only the chair's 'rules' changes the convention record: the same
# change under another action's name, or a 'rules' that changes more than
# the rules, is caught
git -C "$C" show main:convention | sed 's/^Rule: unanimity/Rule: simple/' >"$T/convention-rule"
git -C "$C" show main:convention | sed 's/^Title: .*/Title: Another Convention/' >"$T/convention-title"
for action in order close open; do
	F="$T/conv-$action"
	cp -r "$C" "$F"
	id=$(forge "$F" "$CHAIR" "$CHAIR" "Set the rules" \
		"$(printf 'Accord-Action: %s\nAccord-Org: secretariat\nAccord-Ballot: norland-1' "$action")" \
		"convention=$T/convention-rule")
	expect_status 4 "$ACCORD" -C "$F" verify
	grep -q "^$(echo "$id" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed a convention change in a '$action'"; }
	expect_status 4 sh "$INDEPENDENT" "$F"
	grep -q "^$id .*may not change convention" "$T/out" || { cat "$T/out"; fail "independent missed a convention change in a '$action'"; }
done
F="$T/conv-title"
cp -r "$C" "$F"
id=$(forge "$F" "$CHAIR" "$CHAIR" "Change the rules: Rule unanimity -> simple" \
	"$(printf 'Accord-Action: rules\nAccord-Org: secretariat\nAccord-Rule: simple')" \
	"convention=$T/convention-title")
expect_status 4 "$ACCORD" -C "$F" verify
grep -q "^$(echo "$id" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed a title change in a 'rules'"; }
