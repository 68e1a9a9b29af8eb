#!/bin/sh
# README's "A session" works as written: its commands, run in order from
# the source tree's parent of proposals/, all succeed; and init on the
# bundled draft (which requires signatures) refuses without a key, in one
# line, writing nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/work/bin"
cp -r "$ROOT/proposals" "$T/work/"
ln -s "$ACCORD" "$T/work/bin/accord"

cd "$T/work"
expect_status 3 "$ACCORD" init dgc --from proposals/digital-geneva-convention
assert_eq "$(wc -l <"$T/err")" 1 "a one-line refusal"
assert_contains "$T/err" "--demo-keys"
assert_contains "$T/err" "--key"
[ ! -e dgc ] || fail "a refused init wrote dgc"
[ -z "$(ls -A . | grep -v '^proposals$' | grep -v '^bin$')" ] || fail "a refused init wrote something"

# the session: "    $ " lines of the section, with their continuations
# readme_commands SECTION: the commands of README's section SECTION
readme_commands() {
	python3 - "$ROOT/README.md" "$1" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
sec = text.split("## " + sys.argv[2], 1)[1].split("\n## ", 1)[0]
cmd = None
for line in sec.splitlines():
    if line.startswith("    $ "):
        cmd = line[6:]
    elif cmd is not None and line.startswith("      "):
        cmd += "\n" + line
    else:
        cmd = None if not line.startswith("    ") else cmd
        continue
    if not cmd.rstrip().endswith("\\"):
        print(cmd.split("  #")[0])
        cmd = None
PY
}
readme_commands "A session" >"$T/session.sh"
grepq "accord init" "$T/session.sh" || fail "no session found in README"
PATH="$T/work/bin:$PATH" bash -euo pipefail "$T/session.sh" >"$T/out" 2>"$T/err" || {
	cat "$T/session.sh" "$T/out" "$T/err" >&2
	fail "README's session does not work as written"
}
assert_contains "$T/out" "norland-1"
expect_status 0 "$ACCORD" -C "$T/work/dgc" verify

# "A day of negotiation": brackets, threads, the voting list, an
# explanation of vote, a settled bracket; then both verifiers
readme_commands "A day of negotiation" >"$T/day.sh"
grepq "accord demo day" "$T/day.sh" || fail "no day of negotiation found in README"
(cd "$T/work" && PATH="$T/work/bin:$PATH" bash -euo pipefail "$T/day.sh" >"$T/out" 2>"$T/err") || {
	cat "$T/day.sh" "$T/out" "$T/err" >&2
	fail "README's day of negotiation does not work as written"
}
assert_contains "$T/out" "norland-b1"
assert_contains "$T/out" "Tavira supports disclosure"
assert_contains "$T/out" "no problems"
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$T/work/day"
