#!/bin/sh
# accord registry: keys over time, one key for one delegate.  The chair
# admits an organisation, adds a delegate with a key (who votes), revokes
# a key (a later commit signed with it is rejected by accord verify and by
# the independent verifier; an earlier one still verifies); a key given
# to two delegates is refused; each refusal is one line, exit 3, nothing
# written; sync carries a registry action made offline; a proposal whose
# orgs give one key to two delegates is refused with file and line.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
INDEPENDENT="$ROOT/tests/verify/independent.sh"
for k in ana bo cy; do
	ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$T/$k"
done
ANA=ana.lumen@mfa.lumen.example
BO=bo.lumen@mfa.lumen.example
CY=cy.lumen@mfa.lumen.example
VDIR=amendments/meridian-cloud/1/votes

both_verify() { # copy: both verifiers accept its whole history
	expect_status 0 "$ACCORD" -C "$1" verify
	assert_contains "$T/out" "no problems"
	expect_status 0 sh "$INDEPENDENT" "$1"
}
caught() { # copy commit what: both verifiers flag the commit
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -q "^$(echo "$2" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -q "^$2 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
}
refused() { # copy args...: exit 3, one line, nothing written
	r_copy=$1
	shift
	r_before=$(head_of "$r_copy")
	expect_status 3 "$ACCORD" -C "$r_copy" "$@"
	[ "$(wc -l <"$T/err")" = 1 ] || { cat "$T/err"; fail "not one line: $*"; }
	[ ! -s "$T/out" ] || fail "output on a refusal: $*"
	assert_eq "$(head_of "$r_copy")" "$r_before" "the tip after a refused '$*'"
}
lumen_vote() { # email vote: a vote file of lumen
	printf 'Vote: %s\nDelegate: %s\n\n' "$2" "$1" >"$T/vote-lumen"
	echo "$T/vote-lumen"
}
TR_VOTE='Accord-Action: vote
Accord-Org: lumen
Accord-Ballot: meridian-cloud-1
Accord-Vote: no
Accord-Amendment: meridian-cloud-1
Accord-Clause: vulnerability-disclosure'

# before its admission, lumen's delegate signs nothing
cp -r "$D" "$T/early"
id=$(forge "$T/early" "$T/ana" "$ANA" "Vote no on meridian-cloud-1 (lumen)" "$TR_VOTE" \
	"$VDIR/lumen=$(lumen_vote "$ANA" no)")
caught "$T/early" "$id" "a vote before the organisation's admission"
assert_contains "$T/out" "unregistered"

# only the chair changes the registry
refused "$D" --as "$NORLAND" registry admit lumen --name "Republic of Lumen" --role member
assert_contains "$T/err" "only the chair"

# the chair admits lumen with one delegate; the delegate votes in the next
# ballot the chair opens (the electorate of a ballot is fixed when it opens)
expect_status 0 "$ACCORD" -C "$D" --as "$CHAIR" registry admit lumen --name "Republic of Lumen" \
	--type government --role member --delegate "Ana Lumen <$ANA>" --key-file "$T/ana.pub"
assert_contains "$T/out" "admitted lumen as a member"
git -C "$D" show main:orgs/lumen >"$T/lumen"
assert_contains "$T/lumen" "Role: member"
assert_contains "$T/lumen" "Delegate: Ana Lumen <$ANA> $(cut -d' ' -f1,2 "$T/ana.pub")"
git -C "$D" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Action: admit"
assert_contains "$T/msg" "Accord-Org-Changed: lumen"
assert_contains "$T/msg" "Accord-Delegate: $ANA"
acc "$D" show purpose --json | json_get '["text"]' | sed 's/civilians/all civilians/' >"$T/new.txt"
NEW=$(acc "$D" --as "$NORLAND" propose purpose --replace --text-file "$T/new.txt")
acc "$D" --as "$CHAIR" open "$NEW" >/dev/null
expect_status 3 "$ACCORD" -C "$D" --as "$ANA" --key "$T/ana" vote meridian-cloud-1 yes
assert_contains "$T/err" "not in the electorate"
expect_status 0 "$ACCORD" -C "$D" --as "$ANA" --key "$T/ana" vote "$NEW" yes
both_verify "$D"
acc "$D" tally "$NEW" --json | json_get '["yes"]' >"$T/yes"

# a second delegate with a key; they vote (replacing Ana's vote)
expect_status 0 "$ACCORD" -C "$D" --as "$CHAIR" registry add-delegate lumen "Bo Lumen <$BO>" \
	--key-file "$T/bo.pub"
expect_status 0 "$ACCORD" -C "$D" --as "$BO" --key "$T/bo" vote "$NEW" no
bo_vote=$(head_of "$D")
both_verify "$D"

# one key, one delegate: a key someone has is refused to anyone else
refused "$D" --as "$CHAIR" registry add-key lumen "$BO" --key-file "$T/ana.pub"
assert_contains "$T/err" "already registered to $ANA of lumen"
refused "$D" --as "$CHAIR" registry add-key norland "$NORLAND" "$(cat "$T/bo.pub")"
assert_contains "$T/err" "already registered to $BO"
refused "$D" --as "$CHAIR" registry add-delegate norland "Cy Lumen <$CY>" --key-file "$T/ana.pub"
refused "$D" --as "$CHAIR" registry admit oriel --name "Oriel" --role observer \
	--delegate "Cy Oriel <$CY>" --key-file "$T/cy.pub" \
	--delegate "Dee Oriel <dee@oriel.example>" --key-file "$T/cy.pub"
assert_contains "$T/err" "one key is given to both"
refused "$D" --as "$CHAIR" registry add-key lumen "$BO" --key-file "$T/bo.pub"
assert_contains "$T/err" "already has this key"

# the other refusals
refused "$D" --as "$CHAIR" registry admit lumen --name "Lumen again" --role member
assert_contains "$T/err" "already registered"
refused "$D" --as "$CHAIR" registry admit Not_An_Id --name "Bad" --role member
refused "$D" --as "$CHAIR" registry admit oriel --name "Oriel" --role chair
refused "$D" --as "$CHAIR" registry add-delegate lumen "Cy Lumen <not-an-email>"
refused "$D" --as "$CHAIR" registry add-delegate lumen "no brackets $CY"
refused "$D" --as "$CHAIR" registry add-delegate lumen "Ana Again <$ANA>"
refused "$D" --as "$CHAIR" registry add-key lumen "$CY" --key-file "$T/cy.pub"
refused "$D" --as "$CHAIR" registry add-key lumen "$BO" "ssh-ed25519 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
refused "$D" --as "$CHAIR" registry add-key lumen "$BO" "not a key"
expect_status 0 "$ACCORD" -C "$D" --as "$CHAIR" registry remove-delegate secretariat \
	kwame.asante@dgc-secretariat.example
refused "$D" --as "$CHAIR" registry remove-delegate secretariat "$CHAIR"
assert_contains "$T/err" "the chair's last delegate"

# revoking Bo's key: Bo stays a delegate but signs nothing from now on
expect_status 0 "$ACCORD" -C "$D" --as "$CHAIR" registry revoke-key lumen "$BO"
git -C "$D" show main:orgs/lumen | grepq "^Delegate: Bo Lumen <$BO>\$" || fail "Bo stays, without a key"
refused "$D" --as "$CHAIR" registry revoke-key lumen "$BO"
assert_contains "$T/err" "no registered key"
expect_status 3 "$ACCORD" -C "$D" --as "$BO" --key "$T/bo" vote "$NEW" yes
both_verify "$D" # Bo's earlier vote still verifies
git -C "$D" merge-base --is-ancestor "$bo_vote" main || fail "Bo's vote is in the history"
cp -r "$D" "$T/late"
id=$(forge "$T/late" "$T/bo" "$BO" "Vote no on meridian-cloud-1 (lumen)" "$TR_VOTE" \
	"$VDIR/lumen=$(lumen_vote "$BO" no)")
caught "$T/late" "$id" "a vote signed with a revoked key"
expect_status 4 "$ACCORD" -C "$T/late" verify
assert_contains "$T/out" "not registered (as of its parent)"

# a registry change by anyone but the chair is caught by both verifiers
cp -r "$D" "$T/selfkey"
git -C "$D" show main:orgs/norland | sed "s|^\(Delegate: .*<$NORLAND2>\).*|\1 $(cut -d' ' -f1,2 "$T/cy.pub")|" >"$T/norland"
id=$(forge "$T/selfkey" "$NORLAND" "$NORLAND" "Register a key for $NORLAND2 (norland)" \
	"$(printf 'Accord-Action: add-key\nAccord-Org: norland\nAccord-Org-Changed: norland\nAccord-Delegate: %s\nAccord-Key: %s' \
		"$NORLAND2" "$(cut -d' ' -f1,2 "$T/cy.pub")")" "orgs/norland=$T/norland")
caught "$T/selfkey" "$id" "a registry change by a member"

# and one key given to two delegates by the chair with git alone as well
cp -r "$D" "$T/dupkey"
ana_key=$(cut -d' ' -f1,2 "$T/ana.pub")
git -C "$D" show main:orgs/norland | sed "s|^\(Delegate: .*<$NORLAND2>\).*|\1 $ana_key|" >"$T/norland"
id=$(forge "$T/dupkey" "$CHAIR" "$CHAIR" "Register a key for $NORLAND2 (norland)" \
	"$(printf 'Accord-Action: add-key\nAccord-Org: secretariat\nAccord-Org-Changed: norland\nAccord-Delegate: %s\nAccord-Key: %s' \
		"$NORLAND2" "$ana_key")" "orgs/norland=$T/norland")
caught "$T/dupkey" "$id" "one key given to two delegates"

# a new key for Bo: Bo signs again
expect_status 0 "$ACCORD" -C "$D" --as "$CHAIR" registry add-key lumen "$BO" --key-file "$T/cy.pub"
expect_status 0 "$ACCORD" -C "$D" --as "$BO" --key "$T/cy" vote "$NEW" abstain
expect_status 0 "$ACCORD" -C "$D" --as "$CHAIR" registry remove-delegate lumen "$ANA"
both_verify "$D"

# sync carries a registry action made offline onto the new tip
git clone -q --bare "$D" "$T/server.git"
for who in chair north; do
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$who"
	mkdir -p "$T/$who/accord"
	cp -r "$D/accord/keys" "$T/$who/accord/"
done
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" registry add-delegate lumen \
	"Ana Lumen <$ANA>" --key-file "$T/ana.pub"
expect_status 0 "$ACCORD" -C "$T/north" --as "$NORLAND" vote "$NEW" no
expect_status 0 "$ACCORD" -C "$T/north" sync
expect_status 0 "$ACCORD" -C "$T/chair" sync
git -C "$T/chair" log -1 --format=%B main | grepq "^Accord-Action: add-delegate$" ||
	fail "the offline add-delegate replayed on top"
expect_status 0 "$ACCORD" -C "$T/chair" --as "$ANA" --key "$T/ana" vote "$NEW" yes
expect_status 0 "$ACCORD" -C "$T/chair" sync
expect_status 0 "$ACCORD" -C "$T/north" sync
assert_eq "$(head_of "$T/north")" "$(head_of "$T/server.git")" "north after the sync"
both_verify "$T/north"

# a proposal whose orgs give one key to two delegates is refused, naming
# the file and the line of the second
cp -r "$PROPOSAL" "$T/proposal"
key=$(cut -d' ' -f1,2 "$T/ana.pub")
sed -i "s|^\(Delegate: .*<$NORLAND>\)\$|\1 $key|; s|^\(Delegate: .*<$NORLAND2>\)\$|\1 $key|" \
	"$T/proposal/orgs/norland"
line=$(grep -n "<$NORLAND2>" "$T/proposal/orgs/norland" | cut -d: -f1)
expect_status 1 "$ACCORD" init "$T/dup" --from "$T/proposal"
assert_contains "$T/err" "orgs/norland:$line:"
assert_contains "$T/err" "one key, one delegate"
[ ! -e "$T/dup" ] || fail "a refused init left a repository behind"
# across two organisations as well
cp "$PROPOSAL/orgs/norland" "$T/proposal/orgs/norland"
sed -i "s|^\(Delegate: .*<$ASTORIA>\)\$|\1 $key|" "$T/proposal/orgs/astoria"
sed -i "s|^\(Delegate: .*<$NORLAND2>\)\$|\1 $key|" "$T/proposal/orgs/norland"
expect_status 1 "$ACCORD" init "$T/dup" --from "$T/proposal"
assert_contains "$T/err" "orgs/norland:$line: the key of $NORLAND2 is already registered to $ASTORIA of astoria"
