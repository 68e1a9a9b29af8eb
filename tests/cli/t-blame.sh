#!/bin/sh
# Blame: each word of a clause is credited to the adopted amendment that put
# it there (its sponsor, the ballot that adopted it), or to the original
# text; through two adoptions and a rebase, an amendment to an amendment,
# an inserted clause, and at an earlier revision.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
ci=no-targeting-critical-infrastructure

# adopt ID: the chair opens the ballot, seven members vote yes, it closes.
adopt() {
	acc "$D" --as "$CHAIR" open "$1" >/dev/null
	for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$MERIDIAN" "$HALCYON" "$BLUEFJ" "$SAFECON"; do
		acc "$D" --as "$who" vote "$1" yes >/dev/null
	done
	acc "$D" --as "$CHAIR" close "$1" >"$T/close"
	assert_contains "$T/close" "adopted"
}

# closing ID: the commit that closed the ballot on ID.
closing() {
	git -C "$D" log --format=%H --grep="^Close the ballot on $1:" main
}

# credited CLAUSE [--at REV]: checks that the runs rebuild the clause's
# text, and prints the credited runs as "amendment|sponsor|via|words".
credited() {
	acc "$D" blame "$@" --json >"$T/b.json"
	python3 - "$T/b.json" <<'PY' || fail "blame runs of $*"
import json, sys
b = json.load(open(sys.argv[1]))
assert "".join(r["text"] for r in b["runs"]) == b["text"], "runs rebuild the text"
assert all(r["text"] for r in b["runs"])
for r in b["runs"]:
    assert r["origin"] in ("original", "amendment"), r["origin"]
    if r["origin"] == "amendment":
        print("%s|%s|%s|%s" % (r["amendment"], r["sponsor"], r["via"] or "", r["text"].strip()))
PY
}

# ---- the demo: Norland's adopted deadline, the rest original
acc "$D" show $ci --json | json_get '["text"]' >"$T/text"
credited $ci >"$T/c"
assert_eq "$(cat "$T/c")" "norland-1|norland||within 72 hours" "credited words in the demo"
python3 - "$T/b.json" "$(closing norland-1)" <<'PY' || fail "norland-1's ballot"
import json, sys
b = json.load(open(sys.argv[1]))
r = [r for r in b["runs"] if r["amendment"]][0]
assert r["ballot"] == sys.argv[2] and r["commit"] == sys.argv[2], r
assert (r["tally"]["yes"], r["tally"]["no"], r["tally"]["abstain"]) == (6, 1, 1), r["tally"]
assert b["adoptions"] == 1
assert [x["origin"] for x in b["runs"]] == ["original", "amendment", "original"]
PY
json_get '["text"]' <"$T/b.json" >"$T/btext"
cmp -s "$T/btext" "$T/text" || fail "blame is of the current text"
acc "$D" blame $ci >"$T/out"
assert_contains "$T/out" "original text"
assert_contains "$T/out" "norland-1 (sponsor norland), adopted by ballot norland-1 on 2026-01-01"
assert_contains "$T/out" "    within 72 hours"
# a clause never amended: one run, the original text
credited scope >"$T/c"
assert_eq "$(cat "$T/c")" "" "nothing credited in an unamended clause"
assert_eq "$(json_get '["adoptions"]' <"$T/b.json")" 0 "no adoptions"

# ---- a second adoption, after a rebase: each word to its own amendment
acc "$D" --as "$KESTRIA" rebase kestria-1 >/dev/null
mid=$(head_of "$D")
adopt kestria-1
credited $ci >"$T/c"
assert_eq "$(cat "$T/c")" "kestria-1|kestria||its nationals,
norland-1|norland||within 72 hours" "credited words after two adoptions"
assert_eq "$(json_get '["adoptions"]' <"$T/b.json")" 2 "two adoptions"
# as it was before the second
credited $ci --at "$mid" >"$T/c"
assert_eq "$(cat "$T/c")" "norland-1|norland||within 72 hours" "blame --at"

# ---- an amendment to an amendment: its own words are its own
acc "$D" show purpose --json | json_get '["text"]' >"$T/purpose"
grep -q "protect civilians" "$T/purpose" || fail "test setup: purpose text changed"
sed 's/protect civilians/protect all civilians/' "$T/purpose" >"$T/p.txt"
sed 's/binding commitments/binding and verifiable commitments/' "$T/p.txt" >"$T/s.txt"
cmp -s "$T/p.txt" "$T/s.txt" && fail "test setup: no second edit"
p=$(acc "$D" --as "$TAVIRA" propose purpose --replace --text-file "$T/p.txt")
s=$(acc "$D" --as "$SANTEO" propose --amends "$p" --replace --text-file "$T/s.txt")
adopt "$s"
adopt "$p"
credited purpose >"$T/c"
assert_eq "$(cat "$T/c")" "$p|tavira||all
$s|san-teodoro|$p|and verifiable" "credited words through an amendment to an amendment"
python3 - "$T/b.json" "$(closing "$s")" "$(closing "$p")" <<'PY' || fail "the sub-amendment's ballot"
import json, sys
b = json.load(open(sys.argv[1]))
sub = [r for r in b["runs"] if r["via"]][0]
assert sub["ballot"] == sys.argv[2], "its own ballot"
assert sub["commit"] == sys.argv[3], "entered the text with its parent"
PY
acc "$D" blame purpose >"$T/out"
assert_contains "$T/out" "$s (sponsor san-teodoro), adopted by ballot $s"
assert_contains "$T/out" "into the text with $p"

# ---- an inserted clause is wholly its amendment's, co-sponsors included
acc "$D" --as "$CHAIR" close meridian-cloud-1 >"$T/close"
assert_contains "$T/close" adopted
credited coordinated-disclosure >"$T/c"
assert_eq "$(json_eval 'len(v["runs"])' <"$T/b.json")" 1 "runs of an inserted clause"
grep -q '^meridian-cloud-1|meridian-cloud||1\. Vendors notified' "$T/c" || fail "inserted clause credited"
assert_eq "$(json_eval 'v["runs"][0]["cosponsors"]' <"$T/b.json")" "['halcyon-systems']" "co-sponsors"

# ---- the log of the clause names the amendments and ballots involved
acc "$D" log --clause $ci >"$T/log"
assert_contains "$T/log" "Rebase kestria-1"
assert_contains "$T/log" "Close the ballot on kestria-1: adopted"
assert_contains "$T/log" "Close the ballot on norland-1: adopted"

# ---- usage and errors
expect_status 2 "$ACCORD" -C "$D" blame
expect_status 2 "$ACCORD" -C "$D" blame 'Bad/Id'
expect_status 1 "$ACCORD" -C "$D" blame no-such-clause
assert_contains "$T/err" "no clause 'no-such-clause'"
expect_status 1 "$ACCORD" -C "$D" blame reservations --at no-such-revision
expect_status 0 "$ACCORD" -C "$D" blame --help
assert_contains "$T/out" "usage: accord blame"

# ---- the clause is named as the convention names its level (Levels:)
acc "$D" blame part-general >"$T/out"
assert_contains "$T/out" "Part I General provisions [part-general]"
acc "$D" blame purpose >"$T/out"
assert_contains "$T/out" "Article 1 "
P="$T/levels"
cp -R "$PROPOSAL" "$P"
sed -i 's/^Levels: .*/Levels: Title Chapter Section/' "$P/convention"
"$ACCORD" init "$T/lv" --from "$P" --demo-keys >/dev/null
acc "$T/lv" blame part-general >"$T/out"
assert_contains "$T/out" "Title I General provisions [part-general]"
if grep -q '^Part ' "$T/out"; then fail "blame says Part for a Title"; fi
