#!/bin/sh
# Faults: out of memory at every allocation of accord's own code and of
# SQLite (ACCORD_FAULT_ALLOC=N fails the Nth), and ENOSPC / EIO on every
# write, rename and fsync of a vote (strace fault injection).  Each run
# ends with exit 0, or exit 1 and one clear line; the repository stays
# consistent and the next action succeeds.  A corrupted object is
# reported, and no tally is made from it.
. "$(dirname "$0")/lib.sh"

if [ "${ACCORD_SANITIZED:-}" = valgrind ]; then
	echo "skipped under valgrind: the fault loops run in the plain and sanitizer passes"
	exit 77
fi
B=$(mktemp -d /dev/shm/accord-faults.XXXXXX 2>/dev/null || mktemp -d "$T/faults.XXXXXX")
trap 'rm -rf "$T" "$B"' EXIT INT TERM
expect_status 0 "$ACCORD" demo "$B/tpl"
acc "$B/tpl" status >/dev/null
old=$(head_of "$B/tpl")

consistent() { # what: the copy in $B/run is sound and usable
	git -C "$B/run" fsck --strict --no-dangling >"$T/fsck" 2>&1 || { cat "$T/fsck"; fail "fsck after $1"; }
	head=$(head_of "$B/run")
	if [ "$head" != "$old" ]; then
		[ "$(git -C "$B/run" rev-parse "$head^")" = "$old" ] || fail "branch after $1"
	fi
	"$ACCORD" -C "$B/run" --as "$TAVIRA" vote meridian-cloud-1 yes >"$T/next" 2>&1 ||
		{ cat "$T/next"; fail "the next action after $1"; }
	last=$("$ACCORD" -C "$B/run" log -n 1 | cut -d' ' -f1)
	case $(head_of "$B/run") in "$last"*) ;; *) fail "index behind the branch after $1" ;; esac
}

clean_failure() { # status what: exit 1 with one line, or exit 0
	case $1 in
	0) ;;
	1) [ "$(wc -l <"$T/err" | tr -d ' ')" = 1 ] && grep -q '^accord: ' "$T/err" ||
		{ cat "$T/err"; fail "$2: not one clear line"; } ;;
	*) cat "$T/err"; fail "$2: exit status $1" ;;
	esac
}

# out of memory, at each allocation in turn, until the vote gets through
n=0
while :; do
	n=$((n + 1))
	rm -rf "$B/run"
	cp -a "$B/tpl" "$B/run"
	set +e
	ACCORD_FAULT_ALLOC=$n "$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no \
		>/dev/null 2>"$T/err"
	st=$?
	set -e
	clean_failure $st "allocation $n failing"
	[ $st = 1 ] && ! grep -q "out of memory" "$T/err" && { cat "$T/err"; fail "allocation $n: not reported as out of memory"; }
	# the whole check where anything may have been written; else the
	# branch must simply not have moved
	if [ $st = 0 ] || [ "$(head_of "$B/run")" != "$old" ] || [ $((n % 25)) = 0 ]; then
		consistent "allocation $n failing"
	elif [ -e "$B/run/refs/heads/main.lock" ]; then
		fail "allocation $n: a lock was left behind"
	fi
	[ $st = 0 ] && break
	[ $n -lt 20000 ] || fail "the vote never succeeded"
done
echo "$n allocation failures: each reported cleanly"

# out of memory while reading: every read command fails cleanly too
for cmd in status clauses "amendments --json" "tally norland-1 --json" log; do
	m=0
	while :; do
		m=$((m + 1))
		set +e
		# shellcheck disable=SC2086
		ACCORD_FAULT_ALLOC=$m "$ACCORD" -C "$B/tpl" $cmd >/dev/null 2>"$T/err"
		st=$?
		set -e
		clean_failure $st "$cmd with allocation $m failing"
		[ $st = 0 ] && break
		[ $m -lt 20000 ] || fail "$cmd never succeeded"
	done
done

# ENOSPC and EIO on every write, rename, fsync and syncfs of a vote
command -v strace >/dev/null || fail "strace is needed"
rm -rf "$B/run"
cp -a "$B/tpl" "$B/run"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -qq -o "$T/trace" -e trace=write,pwrite64,rename,renameat,renameat2,fsync,fdatasync,syncfs \
	"$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null
sed -n 's/^\([a-z_0-9]*\)(.*/\1/p' "$T/trace" | awk '{ k[$1]++; print $1, k[$1] }' >"$T/points"
points=$(wc -l <"$T/points")
[ "$points" -gt 5 ] || fail "only $points write points traced"
i=0
while read -r name k; do
	i=$((i + 1))
	err=ENOSPC
	[ $((i % 2)) = 0 ] && err=EIO
	rm -rf "$B/run"
	cp -a "$B/tpl" "$B/run"
	set +e
	# LeakSanitizer cannot run under ptrace: the other passes check leaks
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -qq -o /dev/null -e trace="$name" -e inject="$name:error=$err:when=$k" \
		"$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null 2>"$T/err"
	st=$?
	set -e
	clean_failure $st "$err at $name #$k"
	consistent "$err at $name #$k"
done <"$T/points"
echo "$points write points failed with ENOSPC or EIO: each handled"

# a corrupted object: reported with its id, and no tally is made from it
rm -rf "$B/run"
cp -a "$B/tpl" "$B/run"
blob=$(git -C "$B/run" rev-parse main:amendments/meridian-cloud/1/votes/tavira)
obj="$B/run/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
[ -f "$obj" ] || fail "expected a loose object"
chmod u+w "$obj"
printf 'garbage' >"$obj"
expect_status 1 "$ACCORD" -C "$B/run" tally meridian-cloud-1
[ ! -s "$T/out" ] || { cat "$T/out"; fail "a tally was printed from a corrupted object"; }
assert_contains "$T/err" "$blob"
expect_status 1 "$ACCORD" -C "$B/run" --as "$CHAIR" close meridian-cloud-1
[ "$(head_of "$B/run")" = "$old" ] || fail "a ballot was closed over a corrupted vote"
