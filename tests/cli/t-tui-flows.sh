#!/bin/sh
# Issue 16's finding and drafting, in a real terminal (tmux): a prefix
# search with its filter, :8.3 and ], a new clause drafted with a heading,
# an invitation and a rationale, and a rebase conflict settled in the
# editor (both sides marked), as a delegate would type them.
. "$(dirname "$0")/tmux-lib.sh"
conv="$tmp/conv"
ingrid=ingrid.halvorsen@mfa.norland.example
valmora=ines.carvalho@exteriores.valmora.example
ed="$root/tests/tui/fake-editor.sh"
timeout 120 "$ACCORD" demo "$conv" >/dev/null
printf 'This Convention protects civilians from cyberattacks.\n' >"$tmp/text"
"$ACCORD" -C "$conv" --as "$ingrid" propose purpose --replace --text-file "$tmp/text" \
	--rationale "Blackouts at hospitals kill patients." >/dev/null
$T new-session -d -s main -x 120 -y 35 "env PS1='ready\$ ' EDITOR='$ed' sh"
waitfor 'ready$'

# 1. Search by a word's beginning; f narrows to rationales.
run "FAKE_EDITOR_TEXT='Vendors shall publish remedy timelines.' \"$ACCORD\" -C $conv --as $ingrid tui$AFTER"
waitfor "[contents]"
keys /
waitfor "Search clauses and amendments:"
type_text "cyberatt"
keys Enter
waitfor '"cyberatt" everywhere: 1 match'
waitfor "Amendment norland-2 tabled"
keys q /
type_text "blackout"
keys Enter
waitfor '"blackout" everywhere: 1 match'
keys f
waitfor '"blackout" in clause texts: 0 matches'
keys f f
waitfor '"blackout" in rationales: 1 match'
keys q

# 2. :8.3 and ].
keys :
type_text "8.3"
keys Enter
waitfor "Article 8: paragraph 3 is in its text, at the cursor"
keys ]
waitfor "amendment 1 of 1 to this clause: meridian-cloud-1"

# 3. A new clause after Article 8, inviting Kestria, tabled with a rationale.
before=$(git -C "$conv" rev-list --count HEAD)
keys a
waitfor "Heading of the new clause after Article 8"
type_text "Remedy timelines"
keys Enter
waitfor 'Your draft inserting a new clause "Remedy timelines" after Article 8'
keys I
waitfor "Invite to co-sponsor"
type_text "kestria"
keys Enter
waitfor "Invites to co-sponsor: kestria"
keys t
waitfor "Rationale"
type_text "Deadlines help."
keys Enter
waitfor "Table this new-clause amendment to vulnerability-disclosure for norland, inviting kestria?"
keys y
waitfor "tabled norland-3 for norland"
[ "$(git -C "$conv" rev-list --count HEAD)" = $((before + 1)) ] || fail "nothing tabled"
"$ACCORD" -C "$conv" amendment norland-3 --json >"$tmp/am"
grepq '"operation": "insert-after"' <"$tmp/am" || fail "not an insertion"
grepq '"kestria"' <"$tmp/am" || fail "Kestria not invited"
keys Q
ended 0

# 4. A rebase conflict opens in the editor, both sides marked; settled.
ci=no-targeting-critical-infrastructure
first=$(git -C "$conv" rev-list --max-parents=0 HEAD)
git -C "$conv" cat-file blob "$first:clauses/$ci" | sed '1,/^$/d' |
	sed 's/respond without undue delay/respond forthwith/' >"$tmp/val.txt"
"$ACCORD" -C "$conv" --as "$valmora" propose $ci --replace --text-file "$tmp/val.txt" \
	--drafted-on "$first" >/dev/null
printf '/^<<<<<<< /,/^=======/d\n/^>>>>>>> /d\n' >"$tmp/settle.sed"
run "FAKE_EDITOR_ASK=1 FAKE_EDITOR_SED=\"\$(cat $tmp/settle.sed)\" \"$ACCORD\" -C $conv --as $valmora tui valmora-1$AFTER"
waitfor "[amendment] Amendment valmora-1 (stale)"
waitfor "b rebase"
keys b
waitfor "Rebase valmora-1 onto the current text for valmora?"
keys y
waitfor "fake editor: Enter saves accord-valmora-1-"
keys Enter
waitfor "[draft] draft of valmora-1, settled"
waitfor "forthwith"
keys Q
ended 0
