#!/bin/sh
# The interface in a real terminal (tmux), driven as a user would: a new
# user finds a clause, opens an amendment, reads the change and votes; a
# delegate drafts an amendment in the editor, another votes on it, the
# chair opens and closes its ballot; `accord tally` and `git log` must say
# what the screens said.  Then robustness: resize storms, a 20x5
# terminal, SIGTERM, SIGINT, a hang-up, end of input, and the polite
# refusals (no terminal, dumb or unknown TERM).
. "$(dirname "$0")/tmux-lib.sh"
conv="$tmp/conv"
chair=helena.marchetti@dgc-secretariat.example
ingrid=ingrid.halvorsen@mfa.norland.example
ed="$root/tests/tui/fake-editor.sh"

timeout 120 "$ACCORD" demo "$conv" >/dev/null

# A shell in a 100x30 terminal; commands are typed into it.
$T new-session -d -s main -x 100 -y 30 "env PS1='ready\$ ' EDITOR='$ed' sh"
waitfor 'ready$'

# 1. A new user: find a clause, open an amendment, read it, vote.
run "accord() { \"$ACCORD\" \"\$@\"; }; accord -C $conv --as $ingrid tui$AFTER"
waitfor "1 open ballot"
screen | sed -n 1p | grepq "DGC | Ingrid Halvorsen, Republic of Norland (norland)" || fail "status bar"
keys /
waitfor "Search clauses and amendments:"
type_text "reporting vulnerabilities"
keys Enter
waitfor '[search] "reporting vulnerabilities"'
waitfor "Article 8  Reporting of vulnerabilities"
keys Enter
waitfor "[clause] Article 8 Reporting of vulnerabilities"
keys G
waitfor "meridian-cloud-1"
keys Enter
waitfor "Amendment meridian-cloud-1  voting"
waitfor "1. Vendors notified of a vulnerability under the preceding article"
keys v
waitfor "Vote on meridian-cloud-1 for norland"
keys y
waitfor "Cast norland's vote YES on meridian-cloud-1? [y/N]"
keys y
waitfor "norland voted yes on meridian-cloud-1"
keys PageDown
waitfor "yes (you)"
screen | grepq -E 'norland +Republic of Norland +yes \(you\)' || fail "the roll-call does not show the vote"
keys q q q q
ended 0
git -C "$conv" log -1 --format='%an|%s' | grepq -x "Ingrid Halvorsen|Vote yes on meridian-cloud-1 (norland)" ||
	fail "git log: $(git -C "$conv" log -1 --format='%an|%s')"
"$ACCORD" -C "$conv" tally meridian-cloud-1 | grepq -E '^ +norland +yes$' || fail "accord tally lacks the vote"

# 2. Ingrid drafts in the editor (which gets the terminal), reviews, tables.
run "FAKE_EDITOR_ASK=1 FAKE_EDITOR_SED='s/within 72 hours/within 24 hours/' accord -C $conv --as $ingrid tui$AFTER"
waitfor "1 open ballot"
keys j j j j j j
waitfor "[text] Article 6"
keys e
waitfor "fake editor: Enter saves accord-no-targeting-critical-infrastructure-"
keys Enter
waitfor "[draft] draft of Article 6"
waitfor "within 7224 hours"
keys t
waitfor "Rationale (why, in one line; Esc cancels):"
type_text "A day is enough to answer."
keys Enter
waitfor "Table this amendment to no-targeting-critical-infrastructure for norland? [y/N]"
keys y
waitfor "tabled norland-2 for norland"
keys Q
ended 0

# 3. The chair opens its ballot.
run "accord -C $conv --as $chair tui norland-2$AFTER"
waitfor "Amendment norland-2  tabled"
keys O
waitfor "Open the ballot on norland-2 (simple majority, quorum 1/2)? [y/N]"
keys y
waitfor "opened the ballot on norland-2"
keys Q
ended 0

# 4. Delegates of six organisations vote on it (a quorum of 11 members).
for who in aleksander.novak@foreign.kestria.example:kestria:n \
	daniel.whitcombe@state.astoria.example:astoria:y \
	sigrid.aune@bluefjord.example:bluefjord-telecom:y \
	amira.nasser@opennetworks.example:open-networks:a \
	chidi.okafor@safeconnectivity.example:safe-connectivity:y \
	$ingrid:norland:y; do
	email=${who%%:*}
	rest=${who#*:}
	org=${rest%%:*}
	v=${rest#*:}
	run "accord -C $conv --as $email tui norland-2$AFTER"
	waitfor "Amendment norland-2  voting"
	keys v
	waitfor "Vote on norland-2 for $org"
	keys "$v"
	waitfor "[y/N]"
	keys y
	waitfor "$org voted"
	keys Q
	ended 0
done

# 5. The chair closes it after the preview; everything must agree.
run "accord -C $conv --as $chair tui norland-2$AFTER"
waitfor "Amendment norland-2  voting"
keys PageDown
waitfor "if closed now: adopted"
keys C
waitfor "Close norland-2? It would be"
preview=$(screen | tr '\n' ' ' | sed -n 's/.*It would be \([A-Z]*\): yes \([0-9]*\), no \([0-9]*\), abstain \([0-9]*\), absent \([0-9]*\).*/\1 \2 \3 \4 \5/p')
[ "$preview" = "ADOPTED 4 1 1 5" ] || fail "the preview said: $preview"
keys y
waitfor "closed the ballot on norland-2: adopted (yes 4, no 1, abstain 1, absent 5)"
waitfor "result: adopted (recorded yes 4, no 1, abstain 1, absent 5)"
keys Q
ended 0
"$ACCORD" -C "$conv" tally norland-2 >"$tmp/tally"
grep -qx 'yes 4, no 1, abstain 1, absent 5 (of 11 members)' "$tmp/tally" || fail "accord tally: $(cat "$tmp/tally")"
grep -q 'closed, adopted' "$tmp/tally" || fail "accord tally: $(cat "$tmp/tally")"
git -C "$conv" log -1 --format='%an|%s' |
	grepq -x 'Helena Marchetti|Close the ballot on norland-2: adopted (4 yes, 1 no, 1 abstain)' ||
	fail "git log: $(git -C "$conv" log -1 --format='%an|%s')"
git -C "$conv" log --format='%an|%s' | grepq -x 'Ingrid Halvorsen|Propose norland-2: replace the text of no-targeting-critical-infrastructure (by norland)' ||
	fail "the proposal is not in git log"
"$ACCORD" -C "$conv" show no-targeting-critical-infrastructure | grepq 'within 24 hours' ||
	fail "the adopted text is not the clause's"

# 6. Resize storms, down to 20x5 and back: the screen is whole afterwards.
run "accord -C $conv --as $ingrid tui meridian-cloud-1$AFTER"
waitfor "Amendment meridian-cloud-1"
for size in 80x24 200x60 20x5 41x9 39x7 120x10 60x40 1x1 100x30 33x12 150x50 \
	70x20 20x5 90x25 10x3 100x30 64x16 180x45 45x12 100x30; do
	$T resize-window -t main -x "${size%x*}" -y "${size#*x}"
done
$T resize-window -t main -x 20 -y 5
waitfor "terminal too small"
waitfor "20x5, needs 40x8"
$T resize-window -t main -x 100 -y 30
waitfor "[amendment] Amendment meridian-cloud-1"
screen | sed -n 1p | grepq "^ DGC | Ingrid Halvorsen" || fail "the status bar is not whole after resizing"
[ "$(screen | wc -l)" = 30 ] || fail "the screen has $(screen | wc -l) rows"
keys j
waitfor "[amendment] Amendment meridian-cloud-1 (voting)"
keys Q
ended 0

# 7. Signals and end of input end it cleanly, the terminal restored.
run "accord -C $conv tui$AFTER"
waitfor "open ballot"
pid=$(accord_pid) || fail "cannot find accord's pid"
kill -TERM "$pid"
ended 143
run "accord -C $conv tui$AFTER"
waitfor "open ballot"
pid=$(accord_pid) || fail "cannot find accord's pid"
keys C-c
# killed by SIGINT (raised again after the terminal was restored), so the
# shell drops the rest of the line as for any interrupted command
n=50
while kill -0 "$pid" 2>/dev/null && [ $n -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
kill -0 "$pid" 2>/dev/null && fail "accord did not stop on SIGINT"
run 'echo "exit=int $(stty -a | tr "\n" " ")"'
ended int
# (LeakSanitizer's check at exit hangs in an orphaned process whose
# terminal is gone: no leak check for this one under SANITIZE=1)
run "(trap '' HUP; ASAN_OPTIONS=detect_leaks=0 exec \"$ACCORD\" -C $conv tui)$AFTER"
waitfor "open ballot"
pid=$(accord_pid) || fail "cannot find accord's pid"
# the terminal goes away while the hang-up signal is ignored: accord must
# see the end of input and stop, not spin
$T kill-server
n=50
while kill -0 "$pid" 2>/dev/null && [ $n -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL "$pid"
	fail "accord did not stop at the end of input"
fi

# 8. Polite refusals.
set +e
"$ACCORD" -C "$conv" tui </dev/null >"$tmp/out" 2>&1
rc=$?
set -e
[ $rc = 2 ] || fail "without a terminal: exit status $rc"
grep -q "the interface needs a terminal" "$tmp/out" || fail "without a terminal: $(cat "$tmp/out")"
$T new-session -d -s main -x 100 -y 30 "env PS1='ready\$ ' sh"
waitfor 'ready$'
run "TERM=dumb \"$ACCORD\" -C $conv tui$AFTER"
waitfor "the terminal is dumb (TERM=dumb)"
ended 2
run "TERM=no-such-terminal \"$ACCORD\" -C $conv tui$AFTER"
waitfor "unknown terminal type 'no-such-terminal'"
ended 2
echo ok
