#!/bin/sh
# The plenary vote, small (issue 17): delegations vote at the same moment,
# each from its own clone, through one git daemon.  A sync that loses the
# race to push the branch leaves its vote on the remote's
# refs/accord/pending/ORG and succeeds; any delegation's sync gathers the
# pending votes into the branch with one signed merge (a gather).  After
# the chair's sync every vote is in the record once, the chair's close
# counts them, and both verifiers accept the history.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
BALLOT=meridian-cloud-1
port=$((20000 + ($$ + 7919) % 20000))
git clone -q --bare "$D" "$T/daemon/conv.git"
git daemon --base-path="$T/daemon" --export-all --enable=receive-pack --listen=127.0.0.1 \
	--port=$port --reuseaddr --detach --pid-file="$T/daemon.pid" "$T/daemon"
trap 'kill "$(cat "$T/daemon.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
URL="git://127.0.0.1:$port/conv.git"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	git ls-remote "$URL" >/dev/null 2>&1 && break
	sleep 0.2
done
SRV="$T/daemon/conv.git"

clone() { # name
	expect_status 0 "$ACCORD" clone "$URL" "$T/$1"
	mkdir -p "$T/$1/accord"
	cp -r "$D/accord/keys" "$T/$1/accord/"
}
# five electors who have not voted yet in the demo, and kestria, who
# abstained and now votes yes
VOTERS="$ASTORIA $NORLAND $OPENNET $SAFECON $VALMORA $KESTRIA"
n=0
for who in $VOTERS; do
	n=$((n + 1))
	clone "v$n"
done
clone chair

# every delegation votes, then all sync at the same moment
n=0
for who in $VOTERS; do
	n=$((n + 1))
	acc "$T/v$n" --as "$who" vote "$BALLOT" yes >/dev/null
done
before=$(acc "$D" tally "$BALLOT" --json | json_get '["yes"]')
pids=""
n=0
for who in $VOTERS; do
	n=$((n + 1))
	(
		rc=0
		"$ACCORD" -C "$T/v$n" sync --json >"$T/sync-$n.json" 2>"$T/sync-$n.err" || rc=$?
		echo $rc >"$T/rc-$n"
	) &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
pending=0
for n in 1 2 3 4 5 6; do
	[ "$(cat "$T/rc-$n")" = 0 ] || fail "sync $n: $(cat "$T/sync-$n.err")"
	p=$(json_get '["pending"]' <"$T/sync-$n.json")
	pending=$((pending + p))
done
echo "pending after the plenary syncs: $pending"
# every vote is on the server: in the branch or on a pending ref
on=0
n=0
for who in $VOTERS; do
	n=$((n + 1))
	c=$(git -C "$T/v$n" rev-parse main)
	if git -C "$SRV" merge-base --is-ancestor "$c" main 2>/dev/null; then
		on=$((on + 1))
	elif git -C "$SRV" for-each-ref --format='%(objectname)' refs/accord/pending/ | grepq "$c"; then
		on=$((on + 1))
	fi
done
assert_eq "$on" 6 "votes on the server"

# the chair's sync gathers what is pending; then closes
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" sync
cat "$T/out"
expect_status 0 "$ACCORD" -C "$T/chair" tally "$BALLOT" --json
assert_eq "$(json_get '["yes"]' <"$T/out")" $((before + 6)) "yes votes after the gather"
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" close "$BALLOT"
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" sync
git clone -q --bare "$SRV" "$T/final.git"
expect_status 0 "$ACCORD" -C "$T/final.git" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$T/final.git"
git -C "$T/final.git" fsck --strict >/dev/null 2>&1 || fail "git fsck"
git -C "$T/final.git" log --format=%s main | grep -c "^Vote yes on $BALLOT" >"$T/nv" || true
git -C "$T/final.git" log --format=%s main | sort | uniq -d >"$T/dups"
[ ! -s "$T/dups" ] || fail "a subject twice: $(cat "$T/dups")"
merges=$(git -C "$T/final.git" rev-list --merges main | wc -l)
echo "gathers: $merges"
# a merge is a gather, and nothing else
for m in $(git -C "$T/final.git" rev-list --merges main); do
	git -C "$T/final.git" log -1 --format=%B "$m" | grepq "^Accord-Action: gather$" || fail "a merge that is no gather"
done
# deterministic: the server refuses the branch's push once (as when
# another delegation pushed first), so the vote waits on its pending ref
clone late
cat >"$SRV/hooks/pre-receive" <<'HOOK'
#!/bin/sh
while read -r old new ref; do
	if [ "$ref" = refs/heads/main ] && [ -f "$GIT_DIR/refuse-once" ]; then
		rm -f "$GIT_DIR/refuse-once"
		exit 1
	fi
done
exit 0
HOOK
chmod +x "$SRV/hooks/pre-receive"
touch "$SRV/refuse-once"
B2=$(acc "$T/chair" --as "$TAVIRA" propose purpose --delete)
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" open "$B2"
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" sync
touch "$SRV/refuse-once"
expect_status 0 "$ACCORD" -C "$T/late" sync
acc "$T/late" --as "$HALCYON" vote "$B2" yes >/dev/null
expect_status 0 "$ACCORD" -C "$T/late" sync
assert_contains "$T/out" "1 vote on origin, waiting to be gathered"
git -C "$SRV" rev-parse -q --verify refs/accord/pending/halcyon-systems >/dev/null || fail "no pending ref"
# a pending vote on a ballot closed before it is gathered is reported,
# never gathered; the vote still pending is gathered by the chair's sync
acc "$D" --as "$BLUEFJ" vote "$BALLOT" no >/dev/null
git -C "$D" push -q "$URL" main:refs/accord/pending/bluefjord-telecom
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" sync
assert_contains "$T/out" "1 pending votes gathered"
expect_status 0 "$ACCORD" -C "$T/chair" --as "$CHAIR" sync --json
json_get '["not_gathered"]' <"$T/out" | grepq "bluefjord-telecom: .*closed" || {
	cat "$T/out"
	fail "a pending vote on a closed ballot not reported"
}
expect_status 0 "$ACCORD" -C "$T/chair" tally "$B2" --json
assert_eq "$(json_get '["yes"]' <"$T/out")" 1 "the late vote gathered"
expect_status 0 "$ACCORD" -C "$SRV" verify
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$SRV"

# the others' later syncs fast-forward onto the gathered history
for n in 1 2 3; do
	expect_status 0 "$ACCORD" -C "$T/v$n" sync
	assert_eq "$(head_of "$T/v$n")" "$(head_of "$SRV")" "v$n after the close"
done
echo "t-plenary: ok"
