#!/bin/sh
# Several processes voting and proposing at once on one repository: every
# action is committed or refused with a clear message, none is lost, and
# the history stays linear and verifiable.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
start=$(git -C "$D" rev-list --count main)
printf 'Concurrent text.\n' >"$T/text"

worker() { # n email: five actions in a row
	n=$1
	who=$2
	i=0
	while [ $i -lt 5 ]; do
		i=$((i + 1))
		case $((i % 3)) in
		0) args="vote meridian-cloud-1 yes" ;;
		1) args="vote meridian-cloud-1 no" ;;
		2) args="propose health-care --replace --text-file $T/text" ;;
		esac
		rc=0
		# shellcheck disable=SC2086
		"$ACCORD" -C "$D" --as "$who" $args >"$T/w$n.$i.out" 2>"$T/w$n.$i.err" || rc=$?
		echo $rc >"$T/w$n.$i.rc"
	done
}

n=0
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$OPENNET" "$SAFECON" "$BLUEFJ" "$NORLAND2"; do
	n=$((n + 1))
	worker $n "$who" &
done
wait

ok=0
for f in "$T"/w*.rc; do
	rc=$(cat "$f")
	base=${f%.rc}
	case $rc in
	0) ok=$((ok + 1)) ;;
	3) [ "$(wc -l <"$base.err")" = 1 ] || { cat "$base.err"; fail "$base: refusal is not one line"; } ;;
	*) cat "$base.err"; fail "$base: exit status $rc" ;;
	esac
done
total=$(git -C "$D" rev-list --count main)
assert_eq "$((total - start))" "$ok" "commits against successful actions"
[ "$(git -C "$D" rev-list --merges main | wc -l)" = 0 ] || fail "merge commits"
expect_status 0 "$ACCORD" -C "$D" verify
git -C "$D" fsck --strict >/dev/null 2>&1 || fail "fsck"
# the first votes were put into their folder's raw tree in place: each
# folder on the way is the tree git itself writes for its entries
for dir in amendments amendments/meridian-cloud amendments/meridian-cloud/1 \
	amendments/meridian-cloud/1/votes; do
	assert_eq "$(git -C "$D" ls-tree "main:$dir" | git -C "$D" mktree)" \
		"$(git -C "$D" rev-parse "main:$dir")" "$dir as git writes it"
done
# every proposal got its own number, and each organisation's last vote counts
for n in 1 2 3 4 5 6 7 8; do
	for i in 2 5; do
		[ "$(cat "$T/w$n.$i.rc")" = 0 ] || continue
		id=$(cat "$T/w$n.$i.out")
		acc "$D" amendment "$id" --json >/dev/null || fail "proposal $id was lost"
	done
done
[ "$(cat "$T"/w*.out | grep -c -- '-[0-9]*$')" = "$(cat "$T"/w*.out | grep -- '-[0-9]*$' | sort -u | wc -l)" ] ||
	fail "two proposals got the same id"
echo "$ok of $((n * 5)) concurrent actions committed, the rest refused cleanly"
