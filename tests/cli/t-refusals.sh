#!/bin/sh
# Refusals: every action a delegate may not take, or that the procedure
# does not allow, exits 3 with a one-line reason and commits nothing.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
open=meridian-cloud-1
ci=no-targeting-critical-infrastructure
printf 'Some new text for the clause.\n' >"$T/text"

refused() { # reason-fragment accord-args...
	frag=$1
	shift
	before=$(head_of "$D")
	expect_status 3 "$ACCORD" -C "$D" "$@"
	assert_contains "$T/err" "$frag"
	assert_eq "$(wc -l <"$T/err" | tr -d ' ')" 1 "one-line reason for: $*"
	assert_eq "$(head_of "$D")" "$before" "branch after refused: $*"
}

refused "not a delegate" --as stranger@nowhere.example vote $open yes
refused "who is acting" vote $open yes
refused "observers do not vote" --as "$OBSERVER" vote $open yes
refused "does not vote" --as "$CHAIR" vote $open yes
refused "is closed" --as "$NORLAND" vote norland-1 yes
refused "has not been opened" --as "$NORLAND" vote kestria-1 yes
refused "has not been opened" --as "$NORLAND" vote ratification yes
refused "only the chair" --as "$NORLAND" open kestria-1
refused "only the chair" --as "$NORLAND" close $open
refused "only the chair" --as "$NORLAND" open ratification
refused "only the chair" --as "$NORLAND" order $ci
refused "does not sponsor" --as "$CHAIR" propose $ci --replace --text-file "$T/text"
refused "only its sponsor" --as "$ASTORIA" withdraw kestria-1
refused "can no longer be withdrawn" --as "$NORLAND" withdraw norland-1
refused "one level" --as "$TAVIRA" propose --amends astoria-1 --replace --text-file "$T/text"
refused "is stale" --as "$CHAIR" open kestria-1
refused "not open" --as "$CHAIR" close kestria-1
refused "still open for vote" --as "$CHAIR" open ratification
refused "nothing to sign" --as "$NORLAND" sign
refused "already voted yes" --as "$MERIDIAN" vote $open yes
refused "contains other clauses" --as "$NORLAND" propose part-general --delete
acc "$D" show purpose --json | json_get '["text"]' >"$T/purpose"
refused "same as the current text" --as "$NORLAND" propose purpose --replace --text-file "$T/purpose"

# not found and usage errors are not refusals
expect_status 1 "$ACCORD" -C "$D" --as "$NORLAND" vote nobody-9 yes
expect_status 2 "$ACCORD" -C "$D" --as "$NORLAND" vote $open maybe
expect_status 2 "$ACCORD" -C "$D" --as "$NORLAND" propose $ci --text-file "$T/text"
expect_status 2 "$ACCORD" -C "$D" --as "$NORLAND" propose "../x" --delete
expect_status 2 "$ACCORD" -C "$D" show 'A'
expect_status 1 "$ACCORD" -C "$T" status
assert_contains "$T/err" "not in a convention"

# hostile identity strings never reach the terminal raw
expect_status 3 "$ACCORD" -C "$D" --as "$(printf 'x\033[2Jy@z.example')" vote $open yes
grep -q "$(printf '\033')" "$T/err" && fail "escape byte in an error message"

# an amendment is not withdrawn while its ballot is open (issue 15: the
# order of procedure); its sponsor may withdraw it before and after
refused "cannot be withdrawn while its ballot is open" --as "$MERIDIAN" withdraw $open
acc "$D" amendment $open --json | json_get '["status"]' >"$T/st"
assert_eq "$(cat "$T/st")" voting "status after the refused withdrawal"
git -C "$D" fsck --strict >/dev/null 2>&1 || fail "fsck after refusals"

# signatures: a key that is not the delegate's, or no key at all where the
# convention requires signed actions, is refused before anything is written
ssh-keygen -q -t ed25519 -N '' -C other -f "$T/other-key"
refused "is not the one registered" --as "$NORLAND" --key "$T/other-key" propose purpose --delete
ACCORD_KEY="$T/other-key" expect_status 3 "$ACCORD" -C "$D" --as "$TAVIRA" propose purpose --delete
assert_contains "$T/err" "is not the one registered"
C="$T/unkeyed"
expect_status 3 "$ACCORD" init "$C" --from "$PROPOSAL"
assert_contains "$T/err" "requires signed actions"
assert_eq "$(wc -l <"$T/err")" 1 "a one-line refusal of an unkeyed init"
[ ! -e "$C" ] || fail "an unkeyed init wrote $C"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
rm -r "$C/accord/keys" # a clone without the keys
before=$(head_of "$C")
expect_status 3 "$ACCORD" -C "$C" --as "$NORLAND" propose purpose --delete
assert_contains "$T/err" "requires signed actions"
assert_eq "$(head_of "$C")" "$before" "branch after an unsigned action was refused"
