#!/bin/sh
# An amendment's Base is the text its drafter saw, whichever way it
# reaches the record: drafted offline and carried onto a new tip by sync,
# or tabled with --drafted-on after the clause changed meanwhile.  When
# the clause changed since, the amendment is stale and goes through the
# word-level rebase; it never silently undoes the adopted words.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
git clone -q --bare "$D" "$T/server.git"
for who in north chair; do
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$who"
	mkdir -p "$T/$who/accord"
	cp -r "$D/accord/keys" "$T/$who/accord/"
done
old=$(acc "$T/north" show purpose --json | json_get '["text"]')

# elsewhere, "civilians" becomes "all civilians" and is adopted
printf '%s\n' "$old" | sed 's/to protect civilians/to protect all civilians/' >"$T/chair.txt"
id=$(acc "$T/chair" --as "$ASTORIA" propose purpose --replace --text-file "$T/chair.txt")
acc "$T/chair" --as "$CHAIR" open "$id" >/dev/null
for v in "$ASTORIA" "$NORLAND" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
	acc "$T/chair" --as "$v" vote "$id" yes >/dev/null
done
acc "$T/chair" --as "$CHAIR" close "$id" >/dev/null
acc "$T/chair" show purpose | grepq "all civilians" || fail "the chair's clone adopted the change"

# offline in north, drafted against the old text: "harmful" becomes "grave"
printf '%s\n' "$old" | sed 's/the harmful effects/the grave effects/' >"$T/north.txt"
nid=$(acc "$T/north" --as "$NORLAND" propose purpose --replace --text-file "$T/north.txt")
acc "$T/north" amendment "$nid" --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" tabled "north's amendment before sync"

expect_status 0 "$ACCORD" -C "$T/chair" sync
expect_status 0 "$ACCORD" -C "$T/north" sync
nid=$(acc "$T/north" amendments --clause purpose --json | json_eval '[a["id"] for a in v if a["sponsor"] == "norland"][-1]')
acc "$T/north" amendment "$nid" --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" stale "north's amendment carried onto the adopted text"
git -C "$T/north" log -1 --format=%B main | grepq '^Accord-Drafted-On: ' ||
	fail "the replayed proposal says which text it was drafted on"
expect_status 0 "$ACCORD" -C "$T/north" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$T/north"

# its rebase keeps the adopted words and adds its own; adopting it keeps both
acc "$T/north" --as "$NORLAND" rebase "$nid" >/dev/null
acc "$T/north" --as "$CHAIR" open "$nid" >/dev/null
for v in "$ASTORIA" "$NORLAND" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
	acc "$T/north" --as "$v" vote "$nid" yes >/dev/null
done
acc "$T/north" --as "$CHAIR" close "$nid" >/dev/null
acc "$T/north" show purpose >"$T/text"
assert_contains "$T/text" "to protect all civilians"
assert_contains "$T/text" "the grave effects"
expect_status 0 "$ACCORD" -C "$T/north" verify

# forged Bases, signed by the sponsor's own key: an old text claimed
# without saying where it was drafted, and a Drafted-On naming a commit
# where the clause had another text; both verifiers reject each
before=$(git -C "$T/north" rev-list --reverse main | sed -n 2p)
oldblob=$(git -C "$T/north" rev-parse "$before:clauses/purpose")
seq=$(git -C "$T/north" ls-tree --name-only main amendments/norland/ | sed 's|.*/||' | sort -n | tail -n 1)
seq=$((seq + 1))
n=0
for drafted in "" "$(git -C "$T/north" rev-parse main~1)"; do
	n=$((n + 1))
	rm -rf "$T/forged$n"
	git clone -q --bare "$T/north" "$T/forged$n"
	printf 'Clause: purpose\nOperation: replace\nSponsor: norland\nBase: %s\n\nThe purpose is peace.\n' \
		"$oldblob" >"$T/forged.amendment"
	trailers="Accord-Action: propose
Accord-Org: norland
Accord-Amendment: norland-$seq
Accord-Clause: purpose"
	[ -n "$drafted" ] && trailers="$trailers
Accord-Drafted-On: $drafted"
	c=$(forge "$T/forged$n" "$D/accord/keys/$NORLAND" "$NORLAND" \
		"Propose norland-$seq: replace the text of purpose (by norland)" "$trailers" \
		amendments/norland/$seq/amendment="$T/forged.amendment")
	expect_status 4 "$ACCORD" -C "$T/forged$n" verify
	assert_contains "$T/out" "$(echo "$c" | cut -c1-12)"
	assert_contains "$T/out" "amendments/norland/$seq/amendment is not what its propose writes"
	expect_status 4 sh "$ROOT/tests/verify/independent.sh" "$T/forged$n"
	assert_contains "$T/out" "$c its Base is not the text of clauses/purpose where it was drafted"
done
