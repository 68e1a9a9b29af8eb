#!/bin/sh
# Stale amendments: after an adoption changes the clause an amendment was
# drafted against, the amendment is stale; its sponsor rebases it (a word
# merge, one commit) when its edits touch other words, and gets the
# conflict, exit 1 and nothing written when they overlap.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
ci=no-targeting-critical-infrastructure

# body TEXT-FILE: prints the body of a record (after the first empty line).
body() {
	sed '1,/^$/d' "$1"
}

# adopt ID: the chair opens the ballot, seven members vote yes, it closes.
adopt() {
	acc "$D" --as "$CHAIR" open "$1" >/dev/null
	for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$MERIDIAN" "$HALCYON" "$BLUEFJ" "$SAFECON"; do
		acc "$D" --as "$who" vote "$1" yes >/dev/null
	done
	acc "$D" --as "$CHAIR" close "$1" >"$T/close"
	assert_contains "$T/close" "adopted"
}

status_of() {
	acc "$D" amendment "$1" --json | json_get '["status"]'
}

# ---- the demo's stale amendment merges: Kestria's words are in paragraph 3,
# Norland's adopted deadline in paragraph 4
assert_eq "$(status_of kestria-1)" stale "kestria-1 in the demo"
acc "$D" amendments --status stale >"$T/list"
assert_contains "$T/list" kestria-1
acc "$D" diff kestria-1 --color=never >"$T/diff"
assert_contains "$T/diff" "merges its changes cleanly"
acc "$D" diff kestria-1 --json | json_get '["rebase"]' >"$T/r"
assert_eq "$(cat "$T/r")" clean "diff --json rebase preview"

# only the sponsor; nobody else, not the chair
before=$(head_of "$D")
expect_status 3 "$ACCORD" -C "$D" --as "$NORLAND" rebase kestria-1
assert_contains "$T/err" "only its sponsor (kestria)"
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" rebase kestria-1
expect_status 1 "$ACCORD" -C "$D" --as "$KESTRIA" rebase kestria-9
assert_contains "$T/err" "no amendment 'kestria-9'"
expect_status 2 "$ACCORD" -C "$D" --as "$KESTRIA" rebase
expect_status 2 "$ACCORD" -C "$D" --as "$KESTRIA" rebase 'Bad/Id'
assert_eq "$(head_of "$D")" "$before" "refusals write nothing"
# a tabled (up to date) or settled amendment is not rebased
expect_status 3 "$ACCORD" -C "$D" --as "$NORLAND" rebase norland-1
assert_contains "$T/err" "only a stale amendment"

cp -R "$D" "$T/forge" # kept stale, for a forged rebase below
expect_status 0 "$ACCORD" -C "$D" --as "$KESTRIA" rebase kestria-1
assert_contains "$T/out" "rebased kestria-1"
assert_eq "$(git -C "$D" rev-parse "$(head_of "$D")~1")" "$before" "one commit"
assert_eq "$(status_of kestria-1)" tabled "after the rebase"
acc "$D" amendment kestria-1 --json >"$T/a.json"
json_get '["text"]' <"$T/a.json" >"$T/text"
assert_contains "$T/text" "allow its territory, its nationals, or information"
assert_contains "$T/text" "shall respond within 72 hours to a request"
assert_eq "$(json_get '["base"]' <"$T/a.json")" "$(git -C "$D" rev-parse main:clauses/$ci)" \
	"Base is the clause's current blob"
# the commit: only the amendment file, by Kestria's delegate, with trailers
git -C "$D" diff-tree --no-commit-id --name-only -r main >"$T/files"
assert_eq "$(cat "$T/files")" "amendments/kestria/1/amendment" "files of the rebase commit"
git -C "$D" log -1 --format='%ae%n%B' main >"$T/msg"
assert_contains "$T/msg" "$KESTRIA"
assert_contains "$T/msg" "Accord-Action: rebase"
assert_contains "$T/msg" "Accord-Org: kestria"
assert_contains "$T/msg" "Accord-Amendment: kestria-1"
assert_contains "$T/msg" "Accord-Clause: $ci"
# now only its own words differ from the clause
acc "$D" diff kestria-1 --color=never >"$T/diff"
assert_contains "$T/diff" "compared with: the clause as it stands"
[ "$(grep -o '{+[^+]*+}' "$T/diff")" = "{+its nationals, +}" ] || {
	cat "$T/diff" >&2
	fail "diff after the rebase shows more than Kestria's words"
}
grep -q '\[-' "$T/diff" && fail "diff after the rebase deletes something"
# twice is refused: nothing left to rebase
expect_status 3 "$ACCORD" -C "$D" --as "$KESTRIA" rebase kestria-1
assert_contains "$T/err" "nothing to rebase"
# and it can now be put to the vote (a stale one cannot)
acc "$D" --as "$CHAIR" open kestria-1 >/dev/null
acc "$D" log --clause $ci -n 3 >"$T/log"
assert_contains "$T/log" "Rebase kestria-1"

# verification replays a rebase: the honest one passes; one that slips words
# in under the co-sponsors' names, though signed with Kestria's own key, is
# caught
expect_status 0 "$ACCORD" -C "$D" verify
git -C "$D" show main~1:amendments/kestria/1/amendment |
	sed 's/its nationals,/its nationals, its corporations,/' >"$T/forged"
git -C "$D" log -1 --skip=1 --format=%B main >"$T/forged-msg"
grep -q "Accord-Action: rebase" "$T/forged-msg" || fail "test setup: not the rebase message"
git clone -q "$T/forge" "$T/forge-wc"
cp "$T/forged" "$T/forge-wc/amendments/kestria/1/amendment"
git -C "$T/forge-wc" -c user.name="Aleksander Novak" -c user.email="$KESTRIA" -c gpg.format=ssh \
	-c user.signingkey="$T/forge/accord/keys/$KESTRIA" commit -q -S -a -F "$T/forged-msg"
git -C "$T/forge-wc" push -q origin HEAD:main
expect_status 4 "$ACCORD" -C "$T/forge" verify
assert_contains "$T/out" "amendments/kestria/1/amendment is not what its rebase writes"

# ---- an overlapping edit: Valmora drafted offline against the text before
# Norland's adoption (as `sync` would replay it) and rewrote the same words
old=$(acc "$D" amendment open-networks-1 --json | json_get '["base"]')
git -C "$D" cat-file blob "$old" >"$T/old-record"
body "$T/old-record" | sed 's/respond without undue delay/respond forthwith/' >"$T/val.txt"
grep -q "respond forthwith" "$T/val.txt" || fail "test setup: no edit"
git clone -q "$D" "$T/wc"
mkdir -p "$T/wc/amendments/valmora/1"
{
	printf 'Clause: %s\nOperation: replace\nSponsor: valmora\nBase: %s\n' $ci "$old"
	printf 'Rationale: Assistance cannot wait.\n\n'
	cat "$T/val.txt"
} >"$T/wc/amendments/valmora/1/amendment"
git -C "$T/wc" add amendments
git -C "$T/wc" -c user.name="Inés Carvalho" -c user.email="$VALMORA" commit -q \
	-m "Propose valmora-1: replace the text of $ci (by valmora)" \
	-m "Accord-Action: propose
Accord-Org: valmora
Accord-Amendment: valmora-1
Accord-Clause: $ci"
git -C "$T/wc" push -q origin HEAD:main
assert_eq "$(status_of valmora-1)" stale "an amendment drafted against the old text"
acc "$D" diff valmora-1 --color=never >"$T/diff"
assert_contains "$T/diff" "cannot merge it"
before=$(head_of "$D")
expect_status 1 "$ACCORD" -C "$D" --as "$VALMORA" rebase valmora-1
assert_eq "$(cat "$T/err")" "accord: cannot rebase valmora-1: its changes overlap the adopted text" \
	"the one-line error"
# the conflict, with markers, both versions and what it was drafted against
assert_contains "$T/out" "<<<<<<< current text"
assert_contains "$T/out" "within 72 hours"
assert_contains "$T/out" "||||||| drafted against"
assert_contains "$T/out" "without undue delay"
assert_contains "$T/out" "======="
assert_contains "$T/out" "forthwith"
assert_contains "$T/out" ">>>>>>> amendment"
assert_eq "$(head_of "$D")" "$before" "a conflict writes nothing"
assert_eq "$(status_of valmora-1)" stale "still stale after the conflict"

# ---- the same through an amendment to an amendment, from the command line
# only: P changes paragraph 1; S (amending P) the word "substantially" of
# paragraph 2 and S2 the word "general"; A, adopted, changes
# "substantially" too.  P rebases cleanly; then S conflicts and S2, another
# word of the same paragraph, merges.
acc "$D" show $ci --json | json_get '["text"]' >"$T/ci.txt"
sed 's/intentionally damage/intentionally or recklessly damage/' "$T/ci.txt" >"$T/p.txt"
sed 's/substantially harm/gravely harm/' "$T/p.txt" >"$T/s.txt"
sed 's/the general availability/the availability/' "$T/p.txt" >"$T/s2.txt"
sed 's/substantially harm/significantly harm/' "$T/ci.txt" >"$T/a.txt"
p=$(acc "$D" --as "$TAVIRA" propose $ci --replace --text-file "$T/p.txt")
s=$(acc "$D" --as "$SANTEO" propose --amends "$p" --replace --text-file "$T/s.txt")
s2=$(acc "$D" --as "$HALCYON" propose --amends "$p" --replace --text-file "$T/s2.txt")
a=$(acc "$D" --as "$BLUEFJ" propose $ci --replace --text-file "$T/a.txt")
adopt "$a"
assert_eq "$(status_of "$p")" stale "P after A"
assert_eq "$(status_of "$s")" tabled "S before P's rebase"
acc "$D" --as "$TAVIRA" rebase "$p" >/dev/null
assert_eq "$(status_of "$s")" stale "S after P's rebase"
assert_eq "$(status_of "$s2")" stale "S2 after P's rebase"
expect_status 1 "$ACCORD" -C "$D" --as "$SANTEO" rebase "$s"
assert_contains "$T/err" "cannot rebase $s: its changes overlap the current text of $p"
assert_contains "$T/out" "significantly"
assert_contains "$T/out" "gravely"
acc "$D" --as "$HALCYON" rebase "$s2" >/dev/null
acc "$D" amendment "$s2" --json | json_get '["text"]' >"$T/s2now"
assert_contains "$T/s2now" "intentionally or recklessly damage"
assert_contains "$T/s2now" "would significantly harm the availability or integrity"
assert_eq "$(status_of "$s2")" tabled "S2 after its rebase"

# ---- (after the word-level adopt() in src/ops.c) two amendments to different
# words of one paragraph: the second is stale, not fallen, and merges
acc "$D" show entry-into-force --json | json_get '["text"]' >"$T/e.txt"
sed 's/ninetieth day/sixtieth day/' "$T/e.txt" >"$T/e1.txt"
sed 's/deposit of the/deposit with the depositary of the/' "$T/e.txt" >"$T/e2.txt"
cmp -s "$T/e.txt" "$T/e1.txt" && fail "test setup: no first edit"
cmp -s "$T/e.txt" "$T/e2.txt" && fail "test setup: no second edit"
e1=$(acc "$D" --as "$TAVIRA" propose entry-into-force --replace --text-file "$T/e1.txt")
e2=$(acc "$D" --as "$SANTEO" propose entry-into-force --replace --text-file "$T/e2.txt")
adopt "$e1"
assert_eq "$(status_of "$e2")" stale "a competitor changing other words of the paragraph"
acc "$D" --as "$SANTEO" rebase "$e2" >/dev/null
acc "$D" amendment "$e2" --json | json_get '["text"]' >"$T/e2now"
assert_contains "$T/e2now" "sixtieth day"
assert_contains "$T/e2now" "deposit with the depositary of the"

# ---- two ballots open on one clause: the second adoption keeps the first's
# words (it used to write its old text over them)
acc "$D" show purpose --json | json_get '["text"]' >"$T/pu.txt"
sed 's/protect civilians/protect all civilians/' "$T/pu.txt" >"$T/pu1.txt"
sed 's/binding commitments/binding and verifiable commitments/' "$T/pu.txt" >"$T/pu2.txt"
x=$(acc "$D" --as "$TAVIRA" propose purpose --replace --text-file "$T/pu1.txt")
y=$(acc "$D" --as "$SANTEO" propose purpose --replace --text-file "$T/pu2.txt")
acc "$D" --as "$CHAIR" open "$x" >/dev/null
adopt "$y"
acc "$D" amendment "$x" --json | json_get '["status"]' >"$T/xs"
assert_eq "$(cat "$T/xs")" voting "x still being voted on"
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$MERIDIAN" "$HALCYON" "$BLUEFJ" "$SAFECON"; do
	acc "$D" --as "$who" vote "$x" yes >/dev/null
done
acc "$D" --as "$CHAIR" close "$x" >/dev/null
acc "$D" show purpose >"$T/pu-now"
assert_contains "$T/pu-now" "protect all civilians"
assert_contains "$T/pu-now" "binding and verifiable commitments"
