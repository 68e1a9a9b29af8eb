#!/bin/sh
# The SQLite index is derived data: deleting it, corrupting it, replacing
# it with another database, or moving the branch with git itself never
# changes what a read command prints.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
IX="$D/accord/index.sqlite"

snapshot() { # name: every read command's output into $T/snap-name
	out="$T/snap-$1"
	: >"$out"
	for cmd in "status" "status --json" "clauses" "clauses --json" "orgs" "orgs --json" \
		"log" "log --json" "log --clause no-targeting-critical-infrastructure" \
		"amendments" "amendments --json" "amendments --status stale" \
		"amendments --clause no-targeting-critical-infrastructure --json" \
		"amendment norland-1 --json" "tally norland-1 --json" "tally meridian-cloud-1" \
		"show no-targeting-critical-infrastructure" "search critical infrastructure" \
		"search hours --json"; do
		echo "== $cmd" >>"$out"
		# shellcheck disable=SC2086
		"$ACCORD" -C "$D" --as "$NORLAND" $cmd >>"$out" 2>&1 || echo "exit $?" >>"$out"
	done
}

snapshot before
[ -f "$IX" ] || fail "no index at $IX"
git -C "$D" ls-tree -r --name-only main >"$T/tracked"
! grep -q sqlite "$T/tracked" || fail "index is tracked"

rm -f "$IX" "$IX-wal" "$IX-shm"
snapshot deleted
cmp "$T/snap-before" "$T/snap-deleted" || { diff "$T/snap-before" "$T/snap-deleted"; fail "output changed after deleting the index"; }

head -c 4096 /dev/urandom >"$IX"
rm -f "$IX-wal" "$IX-shm"
snapshot garbage
cmp "$T/snap-before" "$T/snap-garbage" || fail "output changed after corrupting the index"
[ -f "$IX.corrupt" ] || fail "the corrupt index was not moved aside"

# a valid SQLite database that is not ours
rm -f "$IX" "$IX-wal" "$IX-shm"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()" "$IX"
snapshot foreign
cmp "$T/snap-before" "$T/snap-foreign" || fail "output changed with a foreign database"

# truncate the index mid-file (a torn copy)
size=$(wc -c <"$IX")
head -c $((size / 2)) "$IX" >"$IX.half" && mv "$IX.half" "$IX"
rm -f "$IX-wal" "$IX-shm"
snapshot torn
cmp "$T/snap-before" "$T/snap-torn" || fail "output changed with a torn index"

# move the branch back with git: the index must follow (rebuild)
tip=$(head_of "$D")
git -C "$D" update-ref refs/heads/main "$tip~3"
acc "$D" log --json | json_get '[0]["commit"]' >"$T/first"
assert_eq "$(cat "$T/first")" "$(git -C "$D" rev-parse "$tip~3")" "log after moving the branch back"
acc "$D" tally meridian-cloud-1 --json | json_get '["yes"]' >"$T/yes"
assert_eq "$(cat "$T/yes")" 3 "yes votes three commits earlier"
git -C "$D" update-ref refs/heads/main "$tip"
snapshot restored
cmp "$T/snap-before" "$T/snap-restored" || { diff "$T/snap-before" "$T/snap-restored"; fail "output changed after restoring the branch"; }

# an action made with another index open is picked up incrementally
acc "$D" --as "$KESTRIA" vote meridian-cloud-1 no >/dev/null
acc "$D" log -n 1 >"$T/last"
assert_contains "$T/last" "Vote no on meridian-cloud-1 (kestria)"
n=$(acc "$D" log --json | json_eval 'len(v)')
assert_eq "$n" "$(git -C "$D" rev-list --count main)" "log rows against git rev-list"

# reindex rebuilds from scratch with the same answers
acc "$D" reindex >"$T/reindex"
assert_contains "$T/reindex" "indexed $n actions"
