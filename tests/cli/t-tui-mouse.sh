#!/bin/sh
# The mouse and the inbox in a real terminal (tmux), issue 16.  Mouse
# reports come in the SGR encoding (mode 1006), so a click beyond column
# 223 of a wide terminal still lands; a double click opens the row under
# the pointer, never the one the cursor was on; a click on a heading does
# nothing (the cursor never rests there).  The inbox (i) and its count in
# the top bar follow a vote cast by another process; the hint line
# follows the row under the cursor.
. "$(dirname "$0")/tmux-lib.sh"
conv="$tmp/conv"
ingrid=ingrid.halvorsen@mfa.norland.example
timeout 120 "$ACCORD" demo "$conv" >/dev/null
# click X Y [X Y]: left presses (and releases) at 1-based cells, as a
# terminal in SGR mode reports them; two at once make a double click
click() {
	s=""
	while [ $# -ge 2 ]; do
		s="$s$(printf '\033[<0;%s;%sM\033[<0;%s;%sm' "$1" "$2" "$1" "$2")"
		shift 2
	done
	$T send-keys -t main -l "$s"
}
title() { # the title bar of the view
	screen | grep -E '^ ?\[[a-z]+\]' | tail -n 1
}
$T new-session -d -s main -x 250 -y 30 "env TERM=tmux-256color PS1='ready\$ ' sh"
waitfor 'ready$'
run "\"$ACCORD\" -C $conv --as $ingrid tui$AFTER"
waitfor "1 in inbox, 1 open ballot"

# 1. A search; a click at column 241 (beyond the old 223) moves the
# cursor to that row; a double click elsewhere opens that row's hit.
keys /
waitfor "Search clauses and amendments:"
type_text "attribution council"
keys Enter
waitfor '"attribution council" everywhere: 7 matches'
title | grepq " 1/14 " || fail "the cursor does not start on the first hit"
click 241 6
sleep 0.5
title | grepq " 5/14 " || fail "a click at column 241 did not move the cursor: $(title)"
waitfor "Enter open  n next match"
# the cursor is on hit 3 (Article 22); a double click on hit 4 (Article 24)
click 241 8 241 8
waitfor "[clause] Article 24 Investigations and findings"
keys q
waitfor '"attribution council" everywhere'
keys q
waitfor "[contents]"

# 2. The inbox: a click on a heading does nothing; the hint offers the
# vote on the ballot row; a double click opens it.
keys i
waitfor "[inbox] inbox of norland: 1 waiting"
title | grepq " 2/" || fail "the inbox's cursor is not on its first item"
waitfor "Enter open  v vote"
click 10 2
click 10 4
sleep 0.5
title | grepq " 2/" || fail "a click on a heading moved the cursor: $(title)"
click 10 3 10 3
waitfor "Amendment meridian-cloud-1  voting"
keys q
waitfor "[inbox] inbox of norland: 1 waiting"

# 3. Norland's vote, cast by another process: the inbox and the count in
# the top bar follow within a second or two.
"$ACCORD" -C "$conv" --as "$ingrid" vote meridian-cloud-1 yes >/dev/null
waitfor "0 in inbox, 1 open ballot" 5
waitfor "[inbox] inbox of norland: 0 waiting" 5
waitfor "no ballot waits for your vote"
keys Q
ended 0
