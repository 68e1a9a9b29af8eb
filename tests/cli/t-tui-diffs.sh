#!/bin/sh
# Diffs that read well in every terminal (issue 16), in a real terminal
# (tmux): where the terminal has strikethrough (terminfo smxx, here
# tmux-256color), deleted words are struck through (SGR 9 on the cells
# of the deleted words, and no [-...-] markers); with NO_COLOR they carry
# [-...-] and {+...+} markers; side by side, each column says what it
# shows ("adopted text" or the text it was drafted on | "amendment ID by
# ORG").
. "$(dirname "$0")/tmux-lib.sh"
conv="$tmp/conv"
ingrid=ingrid.halvorsen@mfa.norland.example
infocmp -x tmux-256color 2>/dev/null | grepq 'smxx=' || {
	echo "skipped: no tmux-256color terminfo with smxx here"
	exit 77
}
timeout 120 "$ACCORD" demo "$conv" >/dev/null
$T new-session -d -s main -x 100 -y 30 "env TERM=tmux-256color PS1='ready\$ ' sh"
waitfor 'ready$'

# 1. Colour and strikethrough: struck through, no markers.
run "\"$ACCORD\" -C $conv --as $ingrid tui norland-1$AFTER"
waitfor "[amendment] Amendment norland-1 (adopted)"
keys Tab
waitfor "jurisdiction, and shall respond"
sleep 0.5
$T capture-pane -p -e -t main >"$tmp/ansi"
grep -F 'without undue' "$tmp/ansi" >"$tmp/line" || fail "no deleted words on screen"
sgr9="$(printf '\033')\[([0-9]+;)*9(;[0-9]+)*m"
grep -Eq "$sgr9" "$tmp/line" || fail "the deleted words are not struck through: $(cat -v "$tmp/line")"
screen | grepq -F -- '[-' && fail "markers beside strikethrough"
# side by side: the columns are labelled
keys s
waitfor "text drafted on"
waitfor "amendment norland-1 by norland"
keys Q
ended 0

# 2. NO_COLOR: markers, whatever the terminal can do.
run "NO_COLOR=1 \"$ACCORD\" -C $conv --as $ingrid tui norland-1$AFTER"
waitfor "[amendment] Amendment norland-1 (adopted)"
keys Tab
waitfor "[-without undue"
screen | grepq -F -- '{+' || fail "no {+...+} markers in NO_COLOR"
$T capture-pane -p -e -t main | grep -F 'without undue' >"$tmp/line" || fail "no deleted words"
grep -Eq "$sgr9" "$tmp/line" && fail "struck through in NO_COLOR"
keys Q
ended 0

# 3. A terminal without smxx (screen), in colour: markers for deletions.
# (the new session first: a server without sessions exits)
$T new-session -d -s other -x 100 -y 30 "env TERM=screen PS1='ready\$ ' sh"
$T kill-session -t main
$T rename-session -t other main
waitfor 'ready$'
run "\"$ACCORD\" -C $conv --as $ingrid tui norland-1$AFTER"
waitfor "[amendment] Amendment norland-1 (adopted)"
keys Tab
waitfor "[-without undue"
keys Q
ended 0
