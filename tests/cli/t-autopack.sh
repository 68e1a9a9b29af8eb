#!/bin/sh
# accord keeps its repository tidy by itself: past a threshold of loose
# objects (ACCORD_AUTOPACK) an action packs them with libgit2's pack
# builder and removes the loose copies; past 20 packs all are packed into
# one.  git fsck, accord verify and the independent verifier accept the
# result, and a vote killed (SIGKILL, injected by strace) at sampled
# system calls of its packing loses no object and leaves the branch
# consistent.
. "$(dirname "$0")/lib.sh"

loose() { # dir: loose objects
	git -C "$1" count-objects -v | sed -n 's/^count: //p'
}
packs() {
	git -C "$1" count-objects -v | sed -n 's/^packs: //p'
}

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
[ "$(loose "$D")" -gt 200 ] || fail "the demo has only $(loose "$D") loose objects"
[ "$(packs "$D")" = 0 ] || fail "the demo starts with packs"
before=$(du -sk "$D/objects" | cut -f1)

# under the threshold nothing happens; past it, one pack and no loose object
ACCORD_AUTOPACK=100000 acc "$D" --as "$ASTORIA" vote meridian-cloud-1 yes >/dev/null
[ "$(packs "$D")" = 0 ] || fail "packed under the threshold"
ACCORD_AUTOPACK=100 acc "$D" --as "$ASTORIA" vote meridian-cloud-1 no >/dev/null
[ "$(packs "$D")" = 1 ] || fail "no pack past the threshold: $(packs "$D") packs"
[ "$(loose "$D")" = 0 ] || fail "$(loose "$D") loose objects left after packing"
after=$(du -sk "$D/objects" | cut -f1)
[ "$after" -lt $((before / 4)) ] || fail "objects take $after KB after packing, $before KB before"
git -C "$D" fsck --strict --no-dangling >"$T/fsck" 2>&1 || { cat "$T/fsck"; fail "fsck after packing"; }
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$D"

# many small packs become one
i=0
while [ $i -lt 24 ]; do
	v=yes
	[ $((i % 2)) = 1 ] && v=no
	ACCORD_AUTOPACK=1 acc "$D" --as "$ASTORIA" vote meridian-cloud-1 $v >/dev/null
	i=$((i + 1))
done
[ "$(packs "$D")" -le 20 ] || fail "$(packs "$D") packs: never repacked into one"
git -C "$D" fsck --strict --no-dangling >"$T/fsck" 2>&1 || { cat "$T/fsck"; fail "fsck after repacking"; }
expect_status 0 "$ACCORD" -C "$D" verify
# ACCORD_AUTOPACK=0 never packs; a bad value is one line and the action stands
n=$(loose "$D")
ACCORD_AUTOPACK=0 acc "$D" --as "$ASTORIA" vote meridian-cloud-1 yes >/dev/null
[ "$(loose "$D")" -gt "$n" ] || fail "ACCORD_AUTOPACK=0 packed"
head=$(head_of "$D")
ACCORD_AUTOPACK=lots acc "$D" --as "$ASTORIA" vote meridian-cloud-1 no >/dev/null 2>"$T/err"
assert_contains "$T/err" "ACCORD_AUTOPACK is a number of loose objects, not 'lots'"
[ "$(head_of "$D")" != "$head" ] || fail "the vote did not stand when packing was refused"

# crash safety of packing
if [ -n "${ACCORD_SANITIZED:-}" ]; then
	echo "the kill loop runs in the plain pass"
	exit 0
fi
command -v strace >/dev/null || fail "strace is needed (make deps installs it)"
B=$(mktemp -d /dev/shm/accord-pack.XXXXXX 2>/dev/null || mktemp -d "$T/pack.XXXXXX")
trap 'rm -rf "$T" "$B"' EXIT INT TERM
expect_status 0 "$ACCORD" demo "$B/tpl"
acc "$B/tpl" status >/dev/null
old=$(head_of "$B/tpl")
cp -a "$B/tpl" "$B/run"
ACCORD_AUTOPACK=100 strace -qq -o "$T/trace" "$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no \
	>/dev/null || fail "the traced vote failed"
[ "$(packs "$B/run")" = 1 ] || fail "the traced vote did not pack"
sed -n 's/^\([a-z_0-9]*\)(.*/\1/p' "$T/trace" | awk '{ k[$1]++; print $1, k[$1] }' >"$T/points"
# every point that changes the file system, sampled to about 80
grep -E '^(write|pwrite64|fsync|fdatasync|rename|renameat|renameat2|unlink|unlinkat|link|linkat|close|ftruncate|syncfs) ' "$T/points" >"$T/changing"
total=$(wc -l <"$T/changing")
step=$((total / 80 + 1))
awk -v s="$step" 'NR % s == 0' "$T/changing" >"$T/sample"
n=0
while read -r name k; do
	n=$((n + 1))
	rm -rf "$B/run"
	cp -a "$B/tpl" "$B/run"
	ACCORD_AUTOPACK=100 strace -qq -o /dev/null -e trace="$name" -e inject="$name:signal=SIGKILL:when=$k" \
		"$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null 2>&1 || true
	git -C "$B/run" fsck --strict --no-dangling >"$T/fsck" 2>&1 ||
		{ cat "$T/fsck"; fail "fsck after a kill at $name #$k"; }
	git -C "$B/run" cat-file -e "$old^{tree}" || fail "kill at $name #$k lost the old tree"
	head=$(head_of "$B/run")
	if [ "$head" != "$old" ]; then
		[ "$(git -C "$B/run" rev-parse "$head^")" = "$old" ] ||
			fail "kill at $name #$k: the branch moved somewhere unexpected"
	fi
	ACCORD_AUTOPACK=100 acc "$B/run" --as "$TAVIRA" vote meridian-cloud-1 yes >"$T/next" 2>&1 ||
		{ cat "$T/next"; fail "the next action failed after a kill at $name #$k"; }
	git -C "$B/run" fsck --strict --no-dangling >"$T/fsck" 2>&1 ||
		{ cat "$T/fsck"; fail "fsck after the action that followed a kill at $name #$k"; }
done <"$T/sample"
[ "$n" -gt 20 ] || fail "only $n kill points"
echo "$n kill points (of $total that change files): no object lost"
