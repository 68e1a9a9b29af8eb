#!/bin/sh
# Co-sponsoring through the interface, scripted (keys from a file, screen in
# memory): an invited organisation presses J on the amendment, confirms and
# is listed; J again takes the consent back; an answer other than y changes
# nothing; an organisation that was not invited, and the sponsor, are
# refused in the words of the command line (src/query/may.c).  What the
# screens said must agree with `accord amendment` and `git log`.
. "$(dirname "$0")/tui-script-lib.sh"
meridian=rebecca.lindqvist@meridiancloud.example
halcyon=kenji.morita@halcyon-systems.example
kestria=aleksander.novak@foreign.kestria.example

cosponsors() { # the co-sponsors of amendment $1, one line
	"$ACCORD" -C "$conv" amendment "$1" --json |
		python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["cosponsors"]))'
}

timeout 120 "$ACCORD" demo "$conv" >/dev/null
printf 'Vendors shall remedy reported vulnerabilities within ninety days.\n' >"$tmp/new.txt"
id=$("$ACCORD" -C "$conv" --as "$meridian" propose vulnerability-disclosure --insert-after \
	--heading "Remedy timelines" --id remedy-timelines --text-file "$tmp/new.txt" \
	--cosponsor halcyon-systems)

# 1. The invited organisation co-sponsors, after confirming.
before=$(commits)
tui $halcyon "$id" J y
said "halcyon-systems co-sponsors $id"
[ "$(commits)" = $((before + 1)) ] || fail "co-sponsoring made $(($(commits) - before)) commits"
[ "$(cosponsors "$id")" = halcyon-systems ] || fail "accord amendment lists: $(cosponsors "$id")"
git -C "$conv" log -1 --format='%an|%s' | grepq -x "Kenji Morita|Co-sponsor $id (by halcyon-systems)" ||
	fail "git log: $(git -C "$conv" log -1 --format='%an|%s')"

# 2. Pressing J again offers to withdraw the consent; n keeps it, y takes it back.
before=$(commits)
tui $halcyon "$id" J n
said "co-sponsorship kept"
[ "$(commits)" = "$before" ] || fail "an answer other than y made a commit"
tui $halcyon "$id" J y
said "halcyon-systems no longer co-sponsors $id"
[ "$(cosponsors "$id")" = "" ] || fail "still listed: $(cosponsors "$id")"
git -C "$conv" log -1 --format=%B | grepq -x "Accord-Withdraw: yes" || fail "the withdrawal's trailer"

# 3. Refusals come from the action itself, before any question.
before=$(commits)
tui $kestria "$id" J
said "refused:"
tui $meridian "$id" J
said "refused:"
[ "$(commits)" = "$before" ] || fail "a refused co-sponsorship made a commit"
"$ACCORD" -C "$conv" verify >/dev/null || fail "the history does not verify"
