#!/bin/sh
# The inbox (issue 16): what waits for an organisation, decided once in
# src/query/inbox.c for both faces.  Kestria in the demo has a stale
# amendment; an invitation to co-sponsor joins it and leaves once
# answered; Norland has an open ballot to vote on until it votes.  The
# interface's inbox (i) lists the same items, and its top bar the count.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
"$ACCORD" demo "$D" >/dev/null
count() { # the inbox's count for delegate $1
	acc "$D" --as "$1" inbox --json | json_eval 'v["count"]'
}
kinds() { # the kinds and ids of the inbox of delegate $1, one line
	acc "$D" --as "$1" inbox --json | json_eval '" ".join(i["kind"] + ":" + i["id"] for i in v["items"])'
}
assert_eq "$(kinds "$KESTRIA")" "stale:kestria-1" "Kestria's inbox in the demo (it abstained)"
assert_eq "$(kinds "$NORLAND")" "vote:meridian-cloud-1" "Norland's inbox in the demo"
expect_status 0 "$ACCORD" -C "$D" --as "$KESTRIA" inbox
assert_contains "$T/out" "(kestria): 1 waiting"
assert_contains "$T/out" "stale: rebase it on the current text (clause"
# an observer votes on nothing; somebody outside the registry is refused
assert_eq "$(count "$OBSERVER")" 0 "the observer's inbox"
expect_status 3 "$ACCORD" -C "$D" --as nobody@nowhere.example inbox
assert_contains "$T/err" "not a delegate"

# Norland invites Kestria to co-sponsor: in the inbox until it consents
printf 'States Parties shall publish their critical infrastructure lists.\n' >"$T/new.txt"
id=$(acc "$D" --as "$NORLAND" propose vulnerability-disclosure --insert-after \
	--heading "Published lists" --text-file "$T/new.txt" --cosponsor kestria)
assert_eq "$(kinds "$KESTRIA")" "cosponsor:$id stale:kestria-1" "after the invitation"
# the interface lists the same, and counts it in the top bar
printf 'i\n@dump %s\n' "$T/screen" >"$T/keys"
ACCORD_TUI_SCRIPT="$T/keys" ACCORD_TUI_SIZE=100x24 TERM=xterm "$ACCORD" -C "$D" --as "$KESTRIA" tui \
	>"$T/tui.out" 2>&1 || fail "accord tui: $(cat "$T/tui.out")"
assert_contains "$T/screen" "2 in inbox"
assert_contains "$T/screen" "[inbox] inbox of kestria: 2 waiting"
for want in "Open ballots waiting for your vote: 0" "no ballot waits for your vote" \
	"Invitations to co-sponsor: 1" "Your stale amendments: 1" "$id" kestria-1; do
	assert_contains "$T/screen" "$want"
done
# the cursor starts on the first item, never on a heading: Enter opens it
printf 'i\n<Enter>\n@dump %s\n' "$T/screen" >"$T/keys"
ACCORD_TUI_SCRIPT="$T/keys" TERM=xterm "$ACCORD" -C "$D" --as "$KESTRIA" tui >"$T/tui.out" 2>&1 ||
	fail "accord tui: $(cat "$T/tui.out")"
assert_contains "$T/screen" "Amendment $id  tabled"

expect_status 0 "$ACCORD" -C "$D" --as "$KESTRIA" cosponsor "$id"
assert_eq "$(kinds "$KESTRIA")" "stale:kestria-1" "after consenting"
expect_status 0 "$ACCORD" -C "$D" --as "$NORLAND" vote meridian-cloud-1 yes
assert_eq "$(count "$NORLAND")" 0 "Norland's inbox after its vote"
expect_status 0 "$ACCORD" -C "$D" --as "$KESTRIA" rebase kestria-1
assert_eq "$(count "$KESTRIA")" 0 "after the rebase"
expect_status 0 "$ACCORD" -C "$D" --as "$KESTRIA" inbox
assert_contains "$T/out" "(kestria): 0 waiting"
