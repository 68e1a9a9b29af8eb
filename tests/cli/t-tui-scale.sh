#!/bin/sh
# The interface at scale (issues 16 and 17): the views read what they show
# from the index and the records they name, never the whole state, and
# show the same; ACCORD_TUI_TIMING prints each key's time (the bench's
# clock).  The screens themselves are tests/tui's (t-tui-screens) and the
# inbox's t-inbox's; here: the timing, the inbox count and view as
# `accord inbox` counts, and the contents laid out lazily (moved to the
# end, and searched with n).
. "$(dirname "$0")/tui-script-lib.sh"
ingrid=ingrid.halvorsen@mfa.norland.example
timeout 120 "$ACCORD" demo "$conv" >/dev/null

# every key timed, from the key read to its paint
printf '%s\n' j '<Enter>' G '<Enter>' '<Esc>' '<Esc>' i '<Esc>' >"$tmp/keys"
ACCORD_TUI_TIMING=1 ACCORD_TUI_SCRIPT="$tmp/keys" ACCORD_TUI_DUMP="$tmp/screen" \
	timeout 60 "$ACCORD" -C "$conv" --as "$ingrid" tui >"$tmp/out" 2>&1 ||
	fail "accord tui exited with $?: $(cat "$tmp/out")"
grep -q "^accord: first screen in [0-9.]* ms" "$tmp/out" || fail "no first-screen time"
[ "$(grep -c '^accord: key [^ ]*: [0-9.]* ms, CPU [0-9.]* ms$' "$tmp/out")" = 8 ] ||
	fail "not one time a key: $(cat "$tmp/out")"
grep -q '^accord: key <Enter>: ' "$tmp/out" || fail "no time for Enter"

# the inbox's count in the bar and the inbox itself, from the index
n=$("$ACCORD" -C "$conv" --as "$ingrid" inbox --json | sed -n 's/^  "count": \([0-9]*\),$/\1/p')
[ -n "$n" ] || fail "no count from accord inbox"
tui "$ingrid" '' i
said "$n in inbox"
said "inbox of norland: $n waiting"

# the contents: the last clause, reached by moving, shows whole (lazily
# laid out rows), and n finds a row laid out only for the search
tui "$ingrid" '' G
said "Part V"
tui "$ingrid" '' /attribution'<Enter>' '<Esc>' n
said "[text] Part V"
