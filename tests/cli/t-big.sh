#!/bin/sh
# Big inputs, in bounded time and memory: 100,000 clauses in the table of
# contents, a 10 MB clause, a 1 MB single line; and clear refusals past the
# documented limits (a record above 16 MiB, proposed text above 8 MiB).
. "$(dirname "$0")/lib.sh"

B=$(mktemp -d /dev/shm/accord-big.XXXXXX 2>/dev/null || mktemp -d "$T/big.XXXXXX")
trap 'rm -rf "$T" "$B"' EXIT INT TERM
limit() { # seconds command...: runs it with a time limit and a memory cap
	secs=$1
	shift
	# AddressSanitizer reserves terabytes of address space: no -v there
	if [ -n "${ACCORD_SANITIZED:-}" ]; then
		timeout $((secs * 4)) "$@"
	else
		(ulimit -v 2000000 && timeout "$secs" "$@")
	fi
}

# 100,000 clauses
cp -r "$PROPOSAL" "$B/p"
python3 - "$B/p" <<'PY'
import sys
p = sys.argv[1]
lines = [l for l in open(p + "/toc").read().split("\n")[1:] if l]
for i in range(100000):
    cid = "gen-%06d" % i
    lines.append("  " + cid)
    with open("%s/clauses/%s" % (p, cid), "w") as f:
        f.write("Heading: Generated clause %d\n\nText of generated clause %d.\n" % (i, i))
open(p + "/toc", "w").write("\n" + "\n".join(lines) + "\n")
PY
limit 120 "$ACCORD" init "$B/c" --from "$B/p" --demo-keys >/dev/null || fail "init of 100,000 clauses"
rm -rf "$B/p"
limit 60 "$ACCORD" -C "$B/c" clauses >"$T/clauses" || fail "clauses"
assert_eq "$(wc -l <"$T/clauses" | tr -d ' ')" 100044 "clauses listed" # 44 and 100,000
tail -n 1 "$T/clauses" | grepq "^  100036 Generated clause 99999  \[gen-099999\]$" || fail "last clause"
limit 60 "$ACCORD" -C "$B/c" --as "$NORLAND" propose gen-050000 --delete >/dev/null || fail "propose"
limit 60 "$ACCORD" -C "$B/c" show gen-099999 | grepq "^Article 100036 " || fail "show"
limit 60 "$ACCORD" -C "$B/c" search "generated clause 77777" --json >"$T/s" || fail "search"
grep -q '"id": "gen-077777"' "$T/s" || fail "search finds one clause of 100,000"
rm -rf "$B/c"

# a 10 MB clause and a 1 MB line
cp -r "$PROPOSAL" "$B/q"
python3 - "$B/q" <<'PY'
import sys
q = sys.argv[1]
para = "States Parties shall cooperate in good faith. " * 20
with open(q + "/clauses/purpose", "w") as f:
    f.write("Heading: Purpose\n\n")
    n = 0
    while n < 10 * 1024 * 1024:
        f.write(para + "\n\n")
        n += len(para) + 2
    f.write("End.\n")
with open(q + "/clauses/scope", "w") as f:
    f.write("Heading: Scope\n\n" + "word " * 209715 + "end.\n")
PY
limit 60 "$ACCORD" init "$B/d" --from "$B/q" --demo-keys >/dev/null || fail "init with a 10 MB clause"
limit 60 "$ACCORD" -C "$B/d" show purpose | tail -n 1 | grepq "^End\.$" || fail "show the 10 MB clause"
limit 60 "$ACCORD" -C "$B/d" show scope --json >"$T/scope" || fail "show the 1 MB line"
[ "$(wc -c <"$T/scope")" -gt 1000000 ] || fail "the 1 MB line came back short"
# replace the 1 MB line with an edit of it
sed 's/word word word/word WORD word/' "$B/q/clauses/scope" | sed '1,2d' >"$T/scope.txt"
limit 60 "$ACCORD" -C "$B/d" --as "$NORLAND" propose scope --replace --text-file "$T/scope.txt" >/dev/null ||
	fail "propose an edit of the 1 MB line"
limit 60 "$ACCORD" -C "$B/d" verify >/dev/null || fail "verify with big clauses"

# past the limits: clear one-line refusals, nothing written
head -c 9000000 /dev/zero | tr '\0' 'a' >"$T/huge.txt"
before=$(head_of "$B/d")
expect_status 1 "$ACCORD" -C "$B/d" --as "$NORLAND" propose scope --replace --text-file "$T/huge.txt"
assert_contains "$T/err" "larger than"
assert_eq "$(head_of "$B/d")" "$before" "branch after an oversize proposal"
python3 -c "
import sys; f=open(sys.argv[1] + '/clauses/purpose','w'); f.write('Heading: Purpose\n\n' + 'x'*(17*1024*1024) + '\n')" "$B/q"
expect_status 1 "$ACCORD" init "$B/e" --from "$B/q"
assert_contains "$T/err" "larger than"
[ ! -e "$B/e" ] || fail "a repository was left behind"
