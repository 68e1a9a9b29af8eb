#!/bin/sh
# The interface drafts every kind of amendment the command line can (issue
# 16): a new clause inserted after one (a, its heading asked), a deletion
# (D), a replacement (e) and an amendment of an amendment (e on it), each
# with a rationale and the organisations it invites to co-sponsor it (I);
# a kept draft keeps its kind and invitations.  A stale amendment whose
# changes overlap the adopted text opens in $EDITOR with both sides marked
# (b); what comes back, markers gone, is a draft of the same target.
. "$(dirname "$0")/tui-script-lib.sh"
ingrid=ingrid.halvorsen@mfa.norland.example
valmora=ines.carvalho@exteriores.valmora.example
clause=vulnerability-disclosure
timeout 120 "$ACCORD" demo "$conv" >/dev/null
gitdir=$(git -C "$conv" rev-parse --absolute-git-dir)
field() { # amendment key: the JSON value of key
	"$ACCORD" -C "$conv" amendment "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}
last_id() {
	git -C "$conv" log -1 --format=%B | sed -n 's/^Accord-Amendment: //p'
}

# 1. A new clause after Article 8, inviting Kestria and Astoria.
before=$(commits)
FAKE_EDITOR_TEXT="Vendors shall publish remedy timelines." tui "$ingrid" $clause \
	a 'Remedy timelines<Enter>' I 'kestria, astoria<Enter>' "@dump $tmp/review" t 'Deadlines help.<Enter>' y
grep -qF 'Your draft inserting a new clause "Remedy timelines" after Article 8' "$tmp/review" ||
	fail "the review does not say what the draft does"
grep -qF "Invites to co-sponsor: kestria, astoria" "$tmp/review" || fail "the review lacks the invitations"
[ "$(commits)" = $((before + 1)) ] || fail "the new clause was not tabled"
id=$(last_id)
[ "$(field "$id" operation)" = insert-after ] || fail "not an insertion: $(field "$id" operation)"
[ "$(field "$id" heading)" = "Remedy timelines" ] || fail "heading"
[ "$(field "$id" invited)" = "['kestria', 'astoria']" ] || fail "invited: $(field "$id" invited)"
[ "$(field "$id" rationale)" = "Deadlines help." ] || fail "rationale"

# 2. A deletion of Article 8 (no editor), with a rationale.
before=$(commits)
: >"$FAKE_EDITOR_LOG"
tui "$ingrid" $clause D g "@dump $tmp/review" t 'It belongs elsewhere.<Enter>' y
grep -qF "Your draft deleting Article 8" "$tmp/review" || fail "the review does not say it deletes"
grep -qF "[-1. States Parties" "$tmp/review" || fail "the deleted text is not marked"
[ ! -s "$FAKE_EDITOR_LOG" ] || fail "a deletion opened the editor"
id=$(last_id)
[ "$(field "$id" operation)" = delete ] || fail "not a deletion"

# 3. An amendment of that amendment (e on it) replacing its... a deletion
# has no text: amend the new clause instead.
before=$(commits)
first=$(git -C "$conv" log --format=%B | sed -n 's/^Accord-Amendment: //p' | sed -n 2p)
FAKE_EDITOR_SED='s/publish/promptly publish/' tui "$ingrid" "$first" e t 'Sooner.<Enter>' y
id=$(last_id)
[ "$(field "$id" amends)" = "$first" ] || fail "not an amendment of $first"

# 4. A kept draft keeps its kind, heading and invitations.
FAKE_EDITOR_TEXT="Kept text." tui "$ingrid" $clause a 'Kept heading<Enter>' I 'kestria<Enter>'
grep -l "op insert-after" "$gitdir"/accord/drafts/*.draft >/dev/null || fail "the kept draft lost its kind"
grep -h "^invite kestria$" "$gitdir"/accord/drafts/*.draft >/dev/null || fail "the kept draft lost its invitations"
tui "$ingrid" '' "@dump $tmp/again" q y
grep -qF 'Your draft inserting a new clause "Kept heading" after Article 8' "$tmp/again" ||
	fail "the draft offered again lost its kind"
grep -qF "Invites to co-sponsor: kestria" "$tmp/again" || fail "the draft offered again lost its invitations"

# invitations are checked against the registry
FAKE_EDITOR_TEXT="x" tui "$ingrid" $clause a 'H<Enter>' I 'nowhere<Enter>' "@dump $tmp/ref" q y
grep -qF "refused: nowhere is no organisation of the registry" "$tmp/ref" || fail "unknown organisation invited"

# 5. A rebase conflict opens in the editor with both sides marked.
ci=no-targeting-critical-infrastructure
root=$(git -C "$conv" rev-list --max-parents=0 HEAD)
git -C "$conv" cat-file blob "$root:clauses/$ci" | sed '1,/^$/d' |
	sed 's/respond without undue delay/respond forthwith/' >"$tmp/val.txt"
grep -q forthwith "$tmp/val.txt" || fail "test setup: no edit"
val=$("$ACCORD" -C "$conv" --as "$valmora" propose $ci --replace --text-file "$tmp/val.txt" \
	--drafted-on "$root" --rationale "Assistance cannot wait.")
[ "$("$ACCORD" -C "$conv" amendment "$val" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" = stale ] ||
	fail "test setup: $val is not stale"
before=$(commits)
# the editor leaves the markers: nothing drafted
tui "$valmora" "$val" b y
said "refused: the conflict markers of $val are still there"
[ "$(commits)" = "$before" ] || fail "a conflict committed something"
# the editor sees both sides and settles for the amendment's words
FAKE_EDITOR_SED="$(printf 'w %s\n/^<<<<<<< /,/^=======/d\n/^>>>>>>> /d' "$tmp/seen")" \
	tui "$valmora" "$val" b y "@dump $tmp/settled"
for m in "<<<<<<< current text" "within 72 hours" "||||||| drafted against" "without undue delay" \
	"=======" "forthwith" ">>>>>>> amendment"; do
	grep -qF -- "$m" "$tmp/seen" || fail "the editor was not shown: $m"
done
grep -qF "[draft] draft of $val, settled" "$tmp/settled" || fail "no draft after settling"
grep -qF "settled: t tables it as a new amendment" "$tmp/settled" || fail "no word on what to do next"
grep -qF "[- within 72 hours" "$tmp/settled" || fail "the settled draft does not change the adopted words"
grep -qF "forthwith" "$tmp/settled" || fail "the settled draft does not propose forthwith"
