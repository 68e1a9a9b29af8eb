#!/bin/sh
# The plenary vote (issue 17): one bare repository behind a real `git
# daemon` on the loopback address, N delegations (default 193) each with
# its own clone and key; the chair opens a ballot, then every delegation
# votes and runs `accord sync` at the same moment (at most J processes at a
# time, default all of them).  A sync that loses the race to push the
# branch leaves its vote on the server's refs/accord/pending/ORG.  Then the
# chair syncs (gathering every pending vote into the branch), closes the
# ballot and syncs again; the tally must equal the votes cast, and the
# final history must pass accord verify and git fsck.  Prints one TSV line:
#
#   delegations  jobs  seconds-until-all-on-server  retries  votes-on-server
#   lost  doubled  verify-status  failed-syncs  pending  chair-gather-seconds
#   gathered  tally-yes  fsck-status  cpu-seconds(user+sys of the plenary)
#   load-average(1 min, before and after)
#
# and exits non-zero when a vote is lost or counted twice, the tally is
# not the votes cast, or the final history does not verify.  Runnable alone:
#
#   ACCORD=./accord sh tests/bench/plenary.sh [N [J]]
#
# Environment: ACCORD (the binary), PLENARY_DIR (work folder, default a new
# temporary one, removed at the end), PLENARY_CAP (give up after this many
# seconds, default 600), PLENARY_MAXCONN (git daemon --max-connections;
# default git's own, 32).
set -eu
: "${ACCORD:?}"
ACCORD=$(cd "$(dirname "$ACCORD")" && pwd)/$(basename "$ACCORD")
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-193}
jobs=${2:-$n}
cap=${PLENARY_CAP:-600}
export GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C HOME="${HOME:-/tmp}"
unset ACCORD_AS ACCORD_KEY ACCORD_DATE || true
own=
if [ -z "${PLENARY_DIR:-}" ]; then
	PLENARY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/accord-plenary.XXXXXX")
	own=1
fi
W=$PLENARY_DIR
daemon=
cleanup() {
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null || true
	[ -n "$own" ] && rm -rf "$W"
}
trap cleanup EXIT INT TERM

# the bundled convention with n member delegations d001..dN
mkdir -p "$W/proposal"
cp -r "$root/proposals/digital-geneva-convention/." "$W/proposal/"
find "$W/proposal/orgs" -type f ! -name secretariat -delete
i=1
while [ $i -le "$n" ]; do
	id=$(printf 'd%03d' $i)
	printf 'Name: Delegation %s\nType: government\nRole: member\nWeight: 1\nDelegate: Delegate %s <%s@plenary.example>\n\nA delegation of the plenary benchmark.\n' \
		"$id" "$id" "$id" >"$W/proposal/orgs/$id"
	i=$((i + 1))
done
chair=$(sed -n 's/^Delegate: .*<\(.*\)>.*/\1/p' "$W/proposal/orgs/secretariat" | head -n 1)
"$ACCORD" init "$W/conv" --from "$W/proposal" --demo-keys >/dev/null
clause=$(sed -n '/^  /{s/^ *//p;q}' "$W/proposal/toc")
"$ACCORD" -C "$W/conv" show "$clause" --json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["text"] + " (plenary)")' >"$W/text"
amend=$("$ACCORD" -C "$W/conv" --as d001@plenary.example propose "$clause" --replace --text-file "$W/text")
"$ACCORD" -C "$W/conv" --as "$chair" open "$amend" >/dev/null
git clone -q --bare "$W/conv" "$W/srv/plenary.git"
keys=$(git -C "$W/conv" rev-parse --absolute-git-dir)/accord/keys

# a git daemon on a free loopback port
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# PLENARY_MAXCONN: the daemon's --max-connections (git's default is 32;
# past it the daemon sleeps a second for every new connection, in its one
# accepting process)
git daemon --listen=127.0.0.1 --port="$port" --base-path="$W/srv" --export-all \
	${PLENARY_MAXCONN:+--max-connections="$PLENARY_MAXCONN"} \
	--enable=receive-pack --reuseaddr "$W/srv" 2>"$W/daemon.log" &
daemon=$!
url="git://127.0.0.1:$port/plenary.git"
t=0
until git ls-remote "$url" >/dev/null 2>&1; do
	t=$((t + 1))
	[ $t -lt 100 ] || {
		echo "plenary: git daemon did not start: $(cat "$W/daemon.log")" >&2
		exit 1
	}
	sleep 0.1
done

# waitall PID...: waits for those (a bare `wait` would wait for the daemon)
waitall() {
	for p in "$@"; do
		wait "$p" || true
	done
}

# the clones, a few at a time (not timed)
mkdir -p "$W/c"
i=1
pids=
while [ $i -le "$n" ]; do
	id=$(printf 'd%03d' $i)
	(
		"$ACCORD" clone "$url" "$W/c/$id" >/dev/null 2>"$W/clone-$id.err" &&
			mkdir -p "$(git -C "$W/c/$id" rev-parse --absolute-git-dir)/accord/keys" &&
			cp "$keys/$id@plenary.example" "$keys/$id@plenary.example.pub" \
				"$(git -C "$W/c/$id" rev-parse --absolute-git-dir)/accord/keys/"
	) &
	pids="$pids $!"
	if [ $((i % 4)) = 0 ]; then
		# shellcheck disable=SC2086
		waitall $pids
		pids=
	fi
	i=$((i + 1))
done
# shellcheck disable=SC2086
waitall $pids
"$ACCORD" clone "$url" "$W/chair" >/dev/null 2>"$W/clone-chair.err" || {
	echo "plenary: the chair's clone failed: $(cat "$W/clone-chair.err")" >&2
	exit 1
}
mkdir -p "$W/chair/accord/keys"
cp "$keys/$chair" "$keys/$chair.pub" "$W/chair/accord/keys/"
i=1
while [ $i -le "$n" ]; do
	id=$(printf 'd%03d' $i)
	[ -d "$W/c/$id" ] || {
		echo "plenary: the clone of $id failed: $(cat "$W/clone-$id.err")" >&2
		exit 1
	}
	i=$((i + 1))
done

# the plenary: every delegation votes and syncs at once (j at a time)
vote() { # id
	d="$W/c/$1"
	t0=$(date +%s.%N)
	"$ACCORD" -C "$d" --as "$1@plenary.example" vote "$amend" yes >/dev/null 2>"$W/vote-$1.err" &&
		"$ACCORD" -C "$d" sync --json >"$W/sync-$1.json" 2>"$W/sync-$1.err"
	echo $? >"$W/rc-$1"
	echo "$t0 $(date +%s.%N)" >"$W/t-$1"
}
# cpu: user+sys seconds of the waited-for children so far (from `times`,
# run in this shell: in a command substitution it would see none)
cpu() {
	times >"$W/times"
	awk 'NR == 2 {
		s = 0
		for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] }
		printf "%.1f\n", s }' "$W/times"
}
load0=$(cut -d' ' -f1 /proc/loadavg)
cpu >"$W/cpu0"
cpu0=$(cat "$W/cpu0")
start=$(date +%s.%N)
i=1
pids=
running=0
while [ $i -le "$n" ]; do
	vote "$(printf 'd%03d' $i)" &
	pids="$pids $!"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		# shellcheck disable=SC2086
		waitall $pids
		pids=
		running=0
	fi
	i=$((i + 1))
done
# shellcheck disable=SC2086
waitall $pids
end=$(date +%s.%N)
secs=$(python3 -c "print(round($end - $start, 1))")

cpu >"$W/cpu1"
cpu1=$(cat "$W/cpu1")
# each delegation's vote and sync: when it started and how long it took
cat "$W"/t-d* | python3 -c '
import sys
s = float(sys.argv[1]); r = [tuple(map(float, l.split())) for l in sys.stdin]
d = sorted(b - a for a, b in r); st = sorted(a - s for a, b in r)
print("plenary: one vote and sync took %.1f s (median), %.1f s (slowest); the last started %.1f s in" % (d[len(d) // 2], d[-1], st[-1]))' "$start" >&2 || true
load1=$(cut -d' ' -f1 /proc/loadavg)

# what reached the server: each delegation's vote (its clone's tip) is in
# the branch or on a pending ref
git --git-dir="$W/srv/plenary.git" rev-list main \
	$(git --git-dir="$W/srv/plenary.git" for-each-ref --format='%(refname)' refs/accord/pending/) \
	>"$W/reachable"
on=0
failed=0
retries=0
pending=0
i=1
while [ $i -le "$n" ]; do
	id=$(printf 'd%03d' $i)
	tip=$(git -C "$W/c/$id" rev-parse main)
	git -C "$W/c/$id" log -1 --format=%B main | grep -q "^Accord-Action: vote$" &&
		grep -qx "$tip" "$W/reachable" && on=$((on + 1))
	[ "$(cat "$W/rc-$id" 2>/dev/null || echo 1)" = 0 ] || failed=$((failed + 1))
	set -- $(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j.get("retries", 0), j.get("pending", 0))' \
		"$W/sync-$id.json" 2>/dev/null || echo 0 0)
	retries=$((retries + $1))
	pending=$((pending + $2))
	i=$((i + 1))
done

# the chair gathers, closes, and shares the close
g0=$(date +%s.%N)
set +e
"$ACCORD" -C "$W/chair" --as "$chair" sync --json >"$W/chair-sync.json" 2>"$W/chair-sync.err"
gs=$?
g1=$(date +%s.%N)
"$ACCORD" -C "$W/chair" --as "$chair" close "$amend" >"$W/close.out" 2>&1 &&
	"$ACCORD" -C "$W/chair" --as "$chair" sync >"$W/chair-sync2.out" 2>&1
cs=$?
set -e
[ "$gs" = 0 ] && [ "$cs" = 0 ] || echo "plenary: the chair's sync or close failed: $(cat "$W/chair-sync.err" "$W/close.out" "$W/chair-sync2.out" | tail -n 2)" >&2
gsecs=$(python3 -c "print(round($g1 - $g0, 1))")
gathered=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("gathered", 0))' \
	"$W/chair-sync.json" 2>/dev/null || echo 0)

git clone -q --bare "$W/srv/plenary.git" "$W/final.git"
# votes in the record: one file per delegation; a vote commit of one
# delegation reachable twice would be counted twice
yes=$("$ACCORD" -C "$W/final.git" tally "$amend" --json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["yes"])' 2>/dev/null || echo 0)
git --git-dir="$W/final.git" log --format=%s main | grep "^Vote yes on $amend (" | sort >"$W/subjects"
doubled=$(uniq -d "$W/subjects" | wc -l)
lost=$((n - on))
set +e
"$ACCORD" -C "$W/final.git" verify >"$W/verify.out" 2>&1
vs=$?
git --git-dir="$W/final.git" fsck --strict >"$W/fsck.out" 2>&1
fs=$?
set -e
[ "$vs" = 0 ] || echo "plenary: verify: $(tail -n 3 "$W/verify.out")" >&2
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s %s\n' "$n" "$jobs" "$secs" \
	"$retries" "$on" "$lost" "$doubled" "$vs" "$failed" "$pending" "$gsecs" "$gathered" "$yes" \
	"$fs" "$(python3 -c "print(round($cpu1 - $cpu0, 1))")" "$load0" "$load1"
if [ "$failed" -gt 0 ]; then
	for f in "$W"/sync-*.err "$W"/vote-*.err; do
		[ -s "$f" ] && { echo "$(basename "$f"): $(tail -n 1 "$f")" >&2; break; }
	done
fi
[ "$lost" = 0 ] && [ "$doubled" = 0 ] && [ "$vs" = 0 ] && [ "$fs" = 0 ] && [ "$yes" = "$n" ] &&
	[ "$gs" = 0 ] && [ "$cs" = 0 ]
