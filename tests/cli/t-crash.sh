#!/bin/sh
# Crash safety: a vote is killed (SIGKILL, injected by strace) at every
# system call it makes, in turn.  After each kill: git fsck is clean, the
# branch is at the old commit or at the complete new one, the next action
# succeeds (a branch lock left by the killed writer is recovered), and the
# index agrees with the branch at the next start.
. "$(dirname "$0")/lib.sh"

if [ -n "${ACCORD_SANITIZED:-}" ]; then
	echo "skipped under the sanitizers: the crash loop runs in the plain pass"
	exit 77
fi
command -v strace >/dev/null || fail "strace is needed (make deps installs it)"
# a tmpfs keeps a thousand copies of the repository cheap
B=$(mktemp -d /dev/shm/accord-crash.XXXXXX 2>/dev/null || mktemp -d "$T/crash.XXXXXX")
trap 'rm -rf "$T" "$B"' EXIT INT TERM

expect_status 0 "$ACCORD" demo "$B/tpl"
acc "$B/tpl" status >/dev/null # the index is up to date in the template
old=$(head_of "$B/tpl")
vote() { # dir: the action under test
	"$ACCORD" -C "$1" --as "$NORLAND" vote meridian-cloud-1 no
}

cp -a "$B/tpl" "$B/run"
strace -qq -o "$T/trace" "$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null ||
	fail "the traced vote failed"
# "name(" at the start of each line; resumed/unfinished lines do not occur
# without -f; signals and exits are not system calls
sed -n 's/^\([a-z_0-9]*\)(.*/\1/p' "$T/trace" >"$T/calls"
total=$(wc -l <"$T/calls")
[ "$total" -gt 100 ] || fail "only $total system calls traced"

n=0
awk '{ k[$1]++; print $1, k[$1] }' "$T/calls" >"$T/points"
while read -r name k; do
	n=$((n + 1))
	rm -rf "$B/run"
	cp -a "$B/tpl" "$B/run"
	strace -qq -o /dev/null -e trace="$name" -e inject="$name:signal=SIGKILL:when=$k" \
		"$ACCORD" -C "$B/run" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null 2>&1 || true
	git -C "$B/run" fsck --strict --no-dangling >"$T/fsck" 2>&1 ||
		{ cat "$T/fsck"; fail "fsck after a kill at $name #$k"; }
	head=$(head_of "$B/run")
	if [ "$head" != "$old" ]; then
		[ "$(git -C "$B/run" rev-parse "$head^")" = "$old" ] ||
			fail "kill at $name #$k: the branch moved somewhere unexpected"
		git -C "$B/run" log -1 --format=%s "$head" | grepq "^Vote no on meridian-cloud-1 (norland)$" ||
			fail "kill at $name #$k: the branch holds a strange commit"
	fi
	"$ACCORD" -C "$B/run" --as "$TAVIRA" vote meridian-cloud-1 yes >"$T/next" 2>&1 ||
		{ cat "$T/next"; fail "the next action failed after a kill at $name #$k"; }
	last=$("$ACCORD" -C "$B/run" log -n 1 | cut -d' ' -f1)
	case $(head_of "$B/run") in "$last"*) ;; *) fail "index behind the branch after a kill at $name #$k" ;; esac
done <"$T/points"
echo "$n kill points of $total system calls: every one left the convention consistent"
