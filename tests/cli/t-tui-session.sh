#!/bin/sh
# Input that cannot act by accident, in a real terminal (tmux): a paste
# arrives as a bracketed paste (tmux paste-buffer -p), so a pasted "y" at
# a confirmation is no answer and nothing is signed; a pasted rationale
# goes into the prompt as text.  Then the terminal is closed (a hang-up)
# with a draft under review: the draft is kept, the terminal modes were
# restored, and the next start offers the draft again.  Last, votes cast
# by other processes while the interface shows their ballot appear within
# a second or two, said on the message line, the view where it was.
. "$(dirname "$0")/tmux-lib.sh"
conv="$tmp/conv"
ingrid=ingrid.halvorsen@mfa.norland.example
ed="$root/tests/tui/fake-editor.sh"

timeout 120 "$ACCORD" demo "$conv" >/dev/null
gitdir=$(git -C "$conv" rev-parse --absolute-git-dir)
commits() {
	git -C "$conv" rev-list --count HEAD
}
# paste TEXT: TEXT as the terminal pastes it
paste() {
	$T set-buffer -- "$1"
	$T paste-buffer -p -t main
}

$T new-session -d -s main -x 100 -y 30 "env PS1='ready\$ ' EDITOR='$ed' sh"
waitfor 'ready$'

# 1. A pasted "y" never confirms; a pasted line is text in a prompt.
before=$(commits)
run "FAKE_EDITOR_SED='s/within 72 hours/within 24 hours/' \"$ACCORD\" -C $conv --as $ingrid tui no-targeting-critical-infrastructure$AFTER"
waitfor "[clause] Article 6"
paste "qQ"
waitfor "pasted text is only text"
keys e
waitfor "[draft] draft of Article 6"
keys t
waitfor "Rationale (why, in one line; Esc cancels):"
paste "A day
is enough."
waitfor "Rationale (why, in one line; Esc cancels): A day is enough."
keys Enter
waitfor "Table this amendment to no-targeting-critical-infrastructure for norland? [y/N]"
paste "y"
waitfor "not tabled"
[ "$(commits)" = "$before" ] || fail "a pasted y signed an action"

# 2. The terminal goes away with the draft under review: kept, and the
# shell's terminal is sane (the interface ended through its own path).
pid=$(accord_pid) || fail "accord is not running"
kill -HUP "$pid"
ended 129
ls "$gitdir/accord/drafts" | grepq '\.draft$' || fail "the draft was not kept on a hang-up"
[ "$(commits)" = "$before" ] || fail "the hang-up made a commit"

# 3. The next start offers it; tabling it signs exactly that text.
run "\"$ACCORD\" -C $conv --as $ingrid tui$AFTER"
waitfor "1 unsent draft kept from an earlier session"
waitfor "[draft] draft of Article 6"
keys t
waitfor "Rationale (why, in one line; Esc cancels):"
keys Up
waitfor "Rationale (why, in one line; Esc cancels):"
type_text "Kept across a hang-up."
keys Enter
waitfor "[y/N]"
keys y
waitfor "tabled norland-"
keys Q
ended 0
[ "$(commits)" = $((before + 1)) ] || fail "tabling the kept draft made $(($(commits) - before)) commits"
"$ACCORD" -C "$conv" show no-targeting-critical-infrastructure >/dev/null
git -C "$conv" log -1 --format=%s | grepq '^Propose norland-' || fail "git log: $(git -C "$conv" log -1 --format=%s)"
ls "$gitdir/accord/drafts" | grepq '\.draft$' && fail "the tabled draft is still kept"

# 4. Live: the ballot's roll-call is on screen; others vote meanwhile.
run "\"$ACCORD\" -C $conv --as $ingrid tui meridian-cloud-1$AFTER"
waitfor "Amendment meridian-cloud-1  voting"
keys PageDown
waitfor "── Roll-call"
where=$(screen | tail -n 2 | head -n 1)
"$ACCORD" -C "$conv" --as daniel.whitcombe@state.astoria.example vote meridian-cloud-1 yes >/dev/null
waitfor "arrived: Vote yes on meridian-cloud-1 (astoria)" 5
screen | grepq -E 'astoria +Federal Republic of Astoria +yes' || fail "the roll-call was not redrawn"
"$ACCORD" -C "$conv" --as ines.carvalho@exteriores.valmora.example vote meridian-cloud-1 no >/dev/null
"$ACCORD" -C "$conv" --as jose.rivas@cancilleria.santeodoro.example vote meridian-cloud-1 yes >/dev/null
waitfor "arrived: 2 new votes on meridian-cloud-1" 5
[ "$(screen | tail -n 2 | head -n 1)" = "$where" ] || fail "the view moved: $(screen | tail -n 2 | head -n 1), was $where"
keys Q
ended 0
exit 0
