#!/bin/sh
# A full negotiation on the bundled draft, from the command line: tabling
# (replace, insert, delete, an amendment to an amendment), ballots, a
# changed vote, adoption into the text, a competitor falling, ratification
# and signatures; then git itself checks the record.
. "$(dirname "$0")/lib.sh"

C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
ci=no-targeting-critical-infrastructure

# Norland replaces paragraph 4's deadline; Open Networks rewrites the same
# words (a competitor); Kestria deletes the reservations clause; Meridian
# inserts a clause with a co-sponsor (invited, who consents); Astoria amends Norland's amendment.
acc "$C" show $ci --json | json_get '["text"]' >"$T/ci.txt"
sed 's/respond without undue delay/respond within 72 hours/' "$T/ci.txt" >"$T/nor.txt"
sed 's/respond without undue delay/respond in good faith/' "$T/ci.txt" >"$T/onet.txt"
sed 's/within 72 hours/within 96 hours/' "$T/nor.txt" >"$T/ast.txt"
printf 'Vendors shall remedy reported vulnerabilities within ninety days.\n' >"$T/new.txt"

nor=$(acc "$C" --as "$NORLAND" propose $ci --replace --text-file "$T/nor.txt" --rationale "A deadline is verifiable.")
assert_eq "$nor" norland-1 "first Norland amendment id"
onet=$(acc "$C" --as "$OPENNET" propose $ci --replace --text-file - --rationale "Good faith." <"$T/onet.txt")
assert_eq "$onet" open-networks-1 "Open Networks amendment id"
kes=$(acc "$C" --as "$KESTRIA" propose reservations --delete)
mer=$(acc "$C" --as "$MERIDIAN" propose vulnerability-disclosure --insert-after \
	--heading "Remedy timelines" --id remedy-timelines --cosponsor halcyon-systems \
	--text-file "$T/new.txt")
ast=$(acc "$C" --as "$ASTORIA" propose --amends "$nor" --replace --text-file "$T/ast.txt")
assert_eq "$ast" astoria-1 "sub-amendment id"
# invited by Meridian, Halcyon consents by its own action
acc "$C" --as "$HALCYON" cosponsor "$mer" >/dev/null
acc "$C" amendment "$mer" --json | json_get '["cosponsors"]' >"$T/co"
assert_eq "$(cat "$T/co")" "['halcyon-systems']" "co-sponsors"
acc "$C" amendment "$nor" --json | json_get '["base"]' >"$T/base"
assert_eq "$(cat "$T/base")" "$(git -C "$C" rev-parse main:clauses/$ci)" "base is the clause blob"

# voting order on the clause: the one furthest removed first
acc "$C" amendments --clause $ci --json | json_eval '[x["id"] for x in v if x["voting_order"]]' >"$T/order"
assert_eq "$(cat "$T/order")" "['norland-1', 'open-networks-1']" "voting order (norland changes more words)"
# the chair may set another order
acc "$C" --as "$CHAIR" order $ci "$onet" "$nor" >/dev/null
acc "$C" amendments --clause $ci --json | json_eval '[x["id"] for x in v if x["voting_order"]]' >"$T/order"
assert_eq "$(cat "$T/order")" "['open-networks-1', 'norland-1']" "chair's order"
acc "$C" --as "$CHAIR" order $ci >/dev/null
# an unknown clause is the same one-line error in text and in JSON
expect_status 1 "$ACCORD" -C "$C" amendments --clause nosuch
assert_eq "$(cat "$T/err")" "accord: no clause 'nosuch'" "unknown clause (text)"
expect_status 1 "$ACCORD" -C "$C" amendments --clause nosuch --json
assert_eq "$(cat "$T/err")" "accord: no clause 'nosuch'" "unknown clause (json)"
assert_eq "$(cat "$T/out")" "" "no JSON for an unknown clause"

# the amendment to the amendment is voted first: the parent cannot open yet
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" open "$nor"
assert_contains "$T/err" "vote on that first"
acc "$C" --as "$CHAIR" open "$ast" >/dev/null
for who in "$ASTORIA"; do acc "$C" --as "$who" vote "$ast" yes >/dev/null; done
for who in "$NORLAND" "$VALMORA" "$MERIDIAN" "$OPENNET" "$TAVIRA" "$SAFECON"; do
	acc "$C" --as "$who" vote "$ast" no >/dev/null
done
acc "$C" --as "$CHAIR" close "$ast" >"$T/close"
assert_contains "$T/close" "rejected"

# Norland's amendment: Valmora changes its vote; one vote per organisation
acc "$C" --as "$CHAIR" open "$nor" --rule two-thirds >/dev/null
acc "$C" --as "$VALMORA" vote "$nor" no >/dev/null
for who in "$NORLAND" "$ASTORIA" "$MERIDIAN" "$SAFECON" "$HALCYON" "$BLUEFJ"; do
	acc "$C" --as "$who" vote "$nor" yes >/dev/null
done
acc "$C" --as "$TAVIRA" vote "$nor" abstain >/dev/null
acc "$C" --as "$NORLAND2" vote "$nor" yes 2>"$T/err" && fail "same vote twice accepted"
acc "$C" --as "$VALMORA" vote "$nor" yes >/dev/null
acc "$C" tally "$nor" --json >"$T/tally"
assert_eq "$(json_get '["yes"]' <"$T/tally")" 7 "yes after the change"
assert_eq "$(json_get '["no"]' <"$T/tally")" 0 "no after the change"
assert_eq "$(json_get '["status"]' <"$T/tally")" open "status while open"
assert_eq "$(json_get '["result"]' <"$T/tally")" pending "result while open"
[ "$(git -C "$C" log --format=%s main | grep -c 'on norland-1 (valmora)')" = 2 ] || fail "history keeps both Valmora votes"
acc "$C" --as "$CHAIR" close "$nor" >"$T/close"
assert_contains "$T/close" "adopted"

# the adopted text is in the clause; the competitor fell
acc "$C" show $ci >"$T/show"
assert_contains "$T/show" "respond within 72 hours"
acc "$C" amendment "$onet" --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" fallen "competing amendment"
git -C "$C" show main:clauses/$ci | grepq "within 72 hours" || fail "git sees the adopted text"

# deletion and insertion change the table of contents
acc "$C" --as "$CHAIR" open "$kes" >/dev/null
acc "$C" --as "$CHAIR" open "$mer" --rule simple --quorum 1/3 >/dev/null
for who in "$NORLAND" "$ASTORIA" "$KESTRIA" "$MERIDIAN" "$HALCYON"; do
	acc "$C" --as "$who" vote "$kes" yes >/dev/null
	acc "$C" --as "$who" vote "$mer" yes >/dev/null
done
acc "$C" --as "$OPENNET" vote "$kes" no >/dev/null
# ratification is refused while ballots are open
expect_status 3 "$ACCORD" -C "$C" --as "$CHAIR" open ratification
acc "$C" --as "$CHAIR" close "$kes" >/dev/null
acc "$C" --as "$CHAIR" close "$mer" >/dev/null
acc "$C" clauses --json | json_eval '[c["id"] for c in v]' >"$T/ids"
grep -q "'reservations'" "$T/ids" && fail "deleted clause still listed"
python3 - "$T/ids" <<'PY'
import ast, sys
ids = ast.literal_eval(open(sys.argv[1]).read())
i = ids.index("vulnerability-disclosure")
assert ids[i + 1] == "remedy-timelines", ids[i:i+3]
PY
git -C "$C" show main:toc | grepq '^  remedy-timelines$' || fail "toc has the inserted clause"
git -C "$C" cat-file -e main:clauses/reservations 2>/dev/null && fail "deleted clause file remains"

# every closed ballot's recorded tally equals a recount from its closing tree
for b in "$ast" "$nor" "$kes" "$mer"; do
	acc "$C" tally "$b" --json >"$T/t.json"
	python3 - "$T/t.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
r = t["recorded"]
for k in ("yes", "no", "abstain", "absent", "quorum_met", "result"):
    assert r[k] == t[k], (t["ballot"], k, r[k], t[k])
PY
done

# ratification: a two-thirds ballot on the whole text, a tag, signatures
acc "$C" --as "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$BLUEFJ"; do
	acc "$C" --as "$who" vote ratification yes >/dev/null
done
acc "$C" --as "$OPENNET" vote ratification no >/dev/null
acc "$C" --as "$CHAIR" close ratification >"$T/close"
assert_contains "$T/close" "adopted"
assert_contains "$T/close" "tagged ratified-1"
git -C "$C" cat-file -t ratified-1 | grepq tag || fail "ratified-1 is not an annotated tag"
git -C "$C" tag -n5 ratified-1 | grepq "9 yes, 1 no" || fail "tag message names the tally"
acc "$C" --as "$NORLAND" sign >/dev/null
acc "$C" --as "$ASTORIA" sign >/dev/null
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND2" sign
expect_status 3 "$ACCORD" -C "$C" --as "$OBSERVER" sign
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND" propose $ci --delete
git -C "$C" ls-tree --name-only main ratification/signatures/ >"$T/sigs"
assert_eq "$(cat "$T/sigs" | tr '\n' ' ')" "ratification/signatures/astoria ratification/signatures/norland " "signatures"

# git tells the story
git -C "$C" fsck --strict >"$T/fsck" 2>&1 || { cat "$T/fsck"; fail "git fsck --strict"; }
assert_eq "$(git -C "$C" rev-list --merges main | wc -l)" 0 "merge commits"
git -C "$C" log --format=%B main >"$T/log"
for t in "Accord-Action: propose" "Accord-Action: vote" "Accord-Action: open" \
	"Accord-Action: close" "Accord-Action: sign" "Accord-Result: adopted" \
	"Accord-Fallen: open-networks-1" "Accord-Tally: yes=7 no=0 abstain=1 absent=3"; do
	assert_contains "$T/log" "$t"
done
git -C "$C" log --format='%an <%ae>|%s' main | grepq "^Inés Carvalho <$VALMORA>|Vote yes on norland-1 (valmora)$" ||
	fail "author and subject of Valmora's vote"

# the whole negotiation verifies, with accord and independently
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$C"
