#!/bin/sh
# Co-sponsors consent: a sponsor only invites (propose --cosponsor writes
# Invited lines); an organisation becomes a co-sponsor through its own
# signed action (accord cosponsor writes its own file cosponsors/<org>) and
# leaves by its own action (--withdraw), while the amendment is pending.
# A sponsor who lists a co-sponsor itself is caught by accord verify and by
# the independent verifier; sync carries a co-sponsorship made offline.
. "$(dirname "$0")/lib.sh"

C="$T/conv"
INDEPENDENT="$ROOT/tests/verify/independent.sh"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
printf 'Vendors shall remedy reported vulnerabilities within ninety days.\n' >"$T/new.txt"
mer=$(acc "$C" --as "$MERIDIAN" propose vulnerability-disclosure --insert-after \
	--heading "Remedy timelines" --id remedy-timelines --text-file "$T/new.txt" \
	--cosponsor halcyon-systems --cosponsor bluefjord-telecom)
assert_eq "$mer" meridian-cloud-1 "amendment id"
DIR=amendments/meridian-cloud/1

lists() { # the co-sponsors and the invited of amendment $1, as JSON lists
	acc "$C" amendment "$1" --json | json_eval '[v["cosponsors"], v["invited"]]'
}
# invited, nobody has consented yet: the amendment file says Invited only
assert_eq "$(lists "$mer")" "[[], ['halcyon-systems', 'bluefjord-telecom']]" "after the invitation"
git -C "$C" show "main:$DIR/amendment" >"$T/am"
assert_contains "$T/am" "Invited: halcyon-systems"
grep -q '^Cosponsor:' "$T/am" && fail "the sponsor's file lists a co-sponsor"

# neither the sponsor, the chair nor an organisation not invited co-sponsors
before=$(head_of "$C")
expect_status 3 "$ACCORD" -C "$C" --as "$MERIDIAN" cosponsor "$mer"
assert_contains "$T/err" "sponsor"
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" cosponsor "$mer"
assert_contains "$T/err" "does not co-sponsor amendments"
expect_status 3 "$ACCORD" -C "$C" --as "$KESTRIA" cosponsor "$mer"
assert_contains "$T/err" "has not invited kestria"
expect_status 3 "$ACCORD" -C "$C" --as "$HALCYON" cosponsor "$mer" --withdraw
assert_contains "$T/err" "does not co-sponsor"
assert_eq "$(head_of "$C")" "$before" "nothing committed by the refusals"

# Halcyon consents, then withdraws; Blue Fjord consents
expect_status 0 "$ACCORD" -C "$C" --as "$HALCYON" cosponsor "$mer"
assert_contains "$T/out" "co-sponsoring $mer"
assert_eq "$(lists "$mer")" "[['halcyon-systems'], ['halcyon-systems', 'bluefjord-telecom']]" "after Halcyon's consent"
git -C "$C" show "main:$DIR/cosponsors/halcyon-systems" >"$T/file"
assert_contains "$T/file" "Amendment: $mer"
assert_contains "$T/file" "Delegate: $HALCYON"
expect_status 3 "$ACCORD" -C "$C" --as "$HALCYON" cosponsor "$mer"
assert_contains "$T/err" "already co-sponsors"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Action: cosponsor"
assert_contains "$T/msg" "Accord-Org: halcyon-systems"
expect_status 0 "$ACCORD" -C "$C" --as "$HALCYON" cosponsor "$mer" --withdraw
assert_contains "$T/out" "no longer co-sponsoring $mer"
git -C "$C" cat-file -e "main:$DIR/cosponsors/halcyon-systems" 2>/dev/null && fail "the withdrawn consent's file remains"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Withdraw: yes"
expect_status 0 "$ACCORD" -C "$C" --as "$BLUEFJ" cosponsor "$mer"
assert_eq "$(lists "$mer")" "[['bluefjord-telecom'], ['halcyon-systems', 'bluefjord-telecom']]" "both lists"
acc "$C" amendment "$mer" >"$T/text"
assert_contains "$T/text" "cosponsors: bluefjord-telecom"
assert_contains "$T/text" "invited:   halcyon-systems bluefjord-telecom"
# the list of amendments and the exports agree
acc "$C" amendments --json | json_eval '[a["cosponsors"] for a in v if a["id"] == "'"$mer"'"][0]' >"$T/row"
assert_eq "$(cat "$T/row")" "['bluefjord-telecom']" "amendments --json"
acc "$C" export --format json | json_eval '[[a["cosponsors"], a["invited"]] for a in v["amendments"] if a["id"] == "'"$mer"'"][0]' >"$T/exp"
assert_eq "$(cat "$T/exp")" "[['bluefjord-telecom'], ['halcyon-systems', 'bluefjord-telecom']]" "export json"
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"

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

# 1. the sponsor writes another organisation's consent file
F=$(fresh forged-file)
printf 'Amendment: %s\nDelegate: %s\n\n' "$mer" "$KESTRIA" >"$T/consent"
id=$(forge "$F" "$MERIDIAN" "$MERIDIAN" "Co-sponsor $mer (by kestria)" "Accord-Action: cosponsor
Accord-Org: meridian-cloud
Accord-Amendment: $mer
Accord-Clause: vulnerability-disclosure" "$DIR/cosponsors/kestria=$T/consent")
caught "$F" "$id" "a sponsor writing another organisation's consent"
assert_contains "$T/accord-report" "sponsor"
assert_contains "$T/out" "may not change $DIR/cosponsors/kestria"

# 2. a proposal whose sponsor lists a co-sponsor itself (Cosponsor line):
# the real proposal's commit, with Invited turned into Cosponsor
F=$(fresh forged-line)
parent=$(head_of "$F")
acc "$F" --as "$MERIDIAN" propose health-care --delete --cosponsor kestria >/dev/null
git -C "$F" log -1 --format=%B main >"$T/pmsg"
git -C "$F" show main:amendments/meridian-cloud/2/amendment | sed 's/^Invited: /Cosponsor: /' >"$T/line"
git -C "$F" update-ref refs/heads/main "$parent"
id=$(forge "$F" "$MERIDIAN" "$MERIDIAN" "$(head -n 1 "$T/pmsg")" "$(sed '1,2d' "$T/pmsg")" \
	"amendments/meridian-cloud/2/amendment=$T/line")
expect_status 0 "$ACCORD" -C "$F" amendment meridian-cloud-2
assert_contains "$T/out" "cosponsors: kestria" # an old-style line is still read
caught "$F" "$id" "a Cosponsor line written by the sponsor"
assert_contains "$T/accord-report" "amendments/meridian-cloud/2/amendment is not what its propose writes"
assert_contains "$T/accord-report" "never lists them"
assert_contains "$T/out" "the sponsor lists a co-sponsor itself"

# 3. an organisation that was not invited writes its own consent file:
# its own file, but accord verify re-checks the procedure
F=$(fresh uninvited)
id=$(forge "$F" "$KESTRIA" "$KESTRIA" "Co-sponsor $mer (by kestria)" "Accord-Action: cosponsor
Accord-Org: kestria
Accord-Amendment: $mer
Accord-Clause: vulnerability-disclosure" "$DIR/cosponsors/kestria=$T/consent")
expect_status 4 "$ACCORD" -C "$F" verify
assert_contains "$T/out" "has not invited kestria"

# no change of co-sponsors while the ballot is open
V=$(fresh voting)
acc "$V" --as "$CHAIR" open "$mer" >/dev/null
expect_status 3 "$ACCORD" -C "$V" --as "$HALCYON" cosponsor "$mer"
before=$(head_of "$V")
assert_contains "$T/err" "being voted on"
expect_status 3 "$ACCORD" -C "$V" --as "$BLUEFJ" cosponsor "$mer" --withdraw
assert_contains "$T/err" "being voted on"
assert_eq "$(head_of "$V")" "$before" "nothing committed while voting"

# sync carries a co-sponsorship made offline onto a tip that moved
mer2=$(acc "$C" --as "$MERIDIAN" propose reservations --delete --cosponsor kestria)
git clone -q --bare "$C" "$T/server.git"
for who in north tech; do
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$who"
	mkdir -p "$T/$who/accord"
	cp -r "$C/accord/keys" "$T/$who/accord/"
done
acc "$T/north" --as "$NORLAND" propose health-care --delete >/dev/null
acc "$T/tech" --as "$KESTRIA" cosponsor "$mer2" >/dev/null
for who in north tech north; do
	expect_status 0 "$ACCORD" -C "$T/$who" sync
done
assert_eq "$(head_of "$T/north")" "$(head_of "$T/tech")" "one history after syncing"
git -C "$T/north" log -1 --format=%s main | grepq "Co-sponsor $mer2 (by kestria)" || fail "the co-sponsorship is not last"
acc "$T/north" amendment "$mer2" --json | json_get '["cosponsors"]' >"$T/co"
assert_eq "$(cat "$T/co")" "['kestria']" "co-sponsors after sync"
expect_status 0 "$ACCORD" -C "$T/north" verify
expect_status 0 sh "$INDEPENDENT" "$T/north"
echo ok
