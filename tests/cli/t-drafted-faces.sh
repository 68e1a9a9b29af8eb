#!/bin/sh
# An amendment's Base is the text its drafter saw, from either face: a
# draft kept open in the interface while the clause is changed and adopted
# elsewhere, and a CLI proposal naming --drafted-on.  Each is stale when
# tabled (never a clean amendment that undoes the adopted words), its
# rebase keeps the adopted words and adds its own, and both verifiers
# accept the history.
. "$(dirname "$0")/lib.sh"

export TERM=xterm NO_COLOR=1 LANG=C.UTF-8 LC_ALL=C.UTF-8
unset ACCORD_TUI_SCRIPT ACCORD_TUI_DUMP ACCORD_TUI_SIZE VISUAL
export EDITOR="$ROOT/tests/tui/fake-editor.sh"
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"

# adopt CLAUSE SED: Astoria's amendment to CLAUSE, adopted by all
cat >"$T/adopt.sh" <<EOS
set -e
a() { "$ACCORD" -C "$D" --as "\$@"; }
"$ACCORD" -C "$D" show "\$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["text"])' |
	sed "\$2" >"$T/adopt.txt"
id=\$(a $ASTORIA propose "\$1" --replace --text-file "$T/adopt.txt")
a $CHAIR open "\$id"
for v in $ASTORIA $NORLAND $VALMORA $KESTRIA $TAVIRA $SANTEO $MERIDIAN; do a "\$v" vote "\$id" yes; done
a $CHAIR close "\$id"
EOS

# stale_then_rebased ID CLAUSE ADOPTED OWN: ID is stale, says where it was
# drafted, and once rebased and adopted the clause has both changes
stale_then_rebased() {
	acc "$D" amendment "$1" --json | json_get '["status"]' >"$T/st"
	assert_eq "$(cat "$T/st")" stale "$1 tabled on a text changed meanwhile"
	git -C "$D" log -1 --format=%B main | grepq '^Accord-Drafted-On: ' ||
		fail "$1's commit does not say which text it was drafted on"
	acc "$D" --as "$NORLAND" rebase "$1" >/dev/null
	acc "$D" --as "$CHAIR" open "$1" >/dev/null
	for v in "$ASTORIA" "$NORLAND" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
		acc "$D" --as "$v" vote "$1" yes >/dev/null
	done
	acc "$D" --as "$CHAIR" close "$1" >/dev/null
	acc "$D" show "$2" >"$T/text"
	assert_contains "$T/text" "$3"
	assert_contains "$T/text" "$4"
}

# 1. the interface: Norland's draft is open in the editor while Astoria's
# change to the same clause is adopted by everyone else
printf '%s\n' e t 'Graver words.<Enter>' y "@dump $T/screen" >"$T/keys"
FAKE_EDITOR_MEANWHILE="sh $T/adopt.sh purpose 's/to protect civilians/to protect all civilians/'" \
	FAKE_EDITOR_SED='s/the harmful effects/the grave effects/' \
	ACCORD_TUI_SCRIPT="$T/keys" timeout 120 "$ACCORD" -C "$D" --as "$NORLAND" tui purpose \
	>"$T/tui.out" 2>&1 || fail "accord tui exited with $?: $(cat "$T/tui.out")"
acc "$D" show purpose | grepq "all civilians" || fail "the change meanwhile was not adopted"
grep -F "tabled norland-" "$T/screen" >"$T/said" || fail "the draft was not tabled: $(cat "$T/screen")"
id=$(sed 's/.*tabled \(norland-[0-9]*\).*/\1/' "$T/said")
stale_then_rebased "$id" purpose "to protect all civilians" "the grave effects"

# 2. the command line: drafted on an older commit, tabled after a change
at=$(git -C "$D" rev-parse main)
old=$(acc "$D" show purpose --json | json_get '["text"]')
sh "$T/adopt.sh" purpose 's/binding commitments/firm commitments/' >/dev/null
acc "$D" show purpose | grepq "firm commitments" || fail "the second change was not adopted"
printf '%s\n' "$old" | sed 's/the grave effects/the gravest effects/' >"$T/cli.txt"
id=$(acc "$D" --as "$NORLAND" propose purpose --replace --text-file "$T/cli.txt" --drafted-on "$at")
stale_then_rebased "$id" purpose "firm commitments" "the gravest effects"

# a --drafted-on that is unknown, or a commit outside this history, is
# refused with one line, and nothing is written
n=$(git -C "$D" rev-list --count main)
stray=$(git -C "$D" -c user.name=x -c user.email=x@example.org commit-tree -m stray "$(git -C "$D" rev-parse 'main^{tree}')")
expect_status 1 "$ACCORD" -C "$D" --as "$NORLAND" propose purpose --replace \
	--text-file "$T/cli.txt" --drafted-on 0000000000000000000000000000000000000001
assert_contains "$T/err" "unknown revision"
expect_status 3 "$ACCORD" -C "$D" --as "$NORLAND" propose purpose --replace \
	--text-file "$T/cli.txt" --drafted-on "$stray"
assert_contains "$T/err" "which is not in this history"
assert_eq "$(git -C "$D" rev-list --count main)" "$n" "commits after a refused --drafted-on"

expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$D"
