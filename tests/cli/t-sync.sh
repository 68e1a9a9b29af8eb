#!/bin/sh
# accord sync: delegations in separate clones of one bare remote work
# offline and sync in any order; every clone ends with the same linear,
# verified history; an action made impossible meanwhile is dropped with a
# report; a rewritten remote is refused; git:// works as well as paths.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
git clone -q --bare "$D" "$T/server.git"

clone() { # name: a delegation's clone, holding the demo keys
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$1"
	assert_contains "$T/out" "verified"
	mkdir -p "$T/$1/accord"
	cp -r "$D/accord/keys" "$T/$1/accord/"
}
clone north
clone tech
clone chair

printf 'A clause on the protection of satellites.\n' >"$T/sat.txt"

# offline: proposals and votes in every clone at once
acc "$T/north" --as "$NORLAND" vote meridian-cloud-1 yes >/dev/null
acc "$T/north" --as "$NORLAND2" propose protection-of-civilians --insert-after --heading "Satellites" \
	--id satellites --text-file "$T/sat.txt" >"$T/north-id"
acc "$T/tech" --as "$HALCYON" vote meridian-cloud-1 no >/dev/null
acc "$T/tech" --as "$BLUEFJ" vote meridian-cloud-1 no >/dev/null
acc "$T/tech" --as "$NORLAND" propose health-care --delete >"$T/tech-id"
assert_eq "$(cat "$T/north-id")" norland-2 "north's new amendment"
assert_eq "$(cat "$T/tech-id")" norland-2 "the same number, chosen offline in another clone"
acc "$T/chair" --as "$VALMORA" vote meridian-cloud-1 yes >/dev/null

acc "$T/tech" status | grepq "origin: 3 actions not yet shared" || fail "status counts unshared actions"

# sync in an arbitrary order, twice round so everyone has everything
for who in tech north chair tech north chair; do
	expect_status 0 "$ACCORD" -C "$T/$who" sync
done
tip=$(head_of "$T/server.git")
for who in north tech chair; do
	assert_eq "$(head_of "$T/$who")" "$tip" "$who's tip after syncing"
	expect_status 0 "$ACCORD" -C "$T/$who" verify
done
[ "$(git -C "$T/server.git" rev-list --merges main | wc -l)" = 0 ] || fail "merge commits"
# the renumbered proposal kept its text, under the next free number
acc "$T/north" amendment norland-3 --json | json_get '["operation"]' >"$T/op"
acc "$T/north" amendment norland-2 --json | json_get '["operation"]' >"$T/op2"
sort "$T/op" "$T/op2" | tr '\n' ' ' >"$T/ops"
assert_eq "$(cat "$T/ops")" "delete insert-after " "both proposals survive, numbered apart"
# every vote counted once
acc "$T/chair" tally meridian-cloud-1 --json >"$T/tally"
assert_eq "$(json_get '["yes"]' <"$T/tally")" 3 "yes votes after sync"
assert_eq "$(json_get '["no"]' <"$T/tally")" 3 "no votes after sync"
# git agrees about every signature
acc "$T/chair" allowed-signers >"$T/allowed"
for c in $(git -C "$T/chair" rev-list main); do
	git -C "$T/chair" -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit "$c" 2>/dev/null ||
		fail "git verify-commit rejects $c"
done
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$T/chair"

# a vote cast offline on a ballot the chair closes meanwhile is dropped
acc "$T/north" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null
acc "$T/chair" --as "$CHAIR" close meridian-cloud-1 >/dev/null
expect_status 0 "$ACCORD" -C "$T/chair" sync
expect_status 0 "$ACCORD" -C "$T/north" sync
assert_contains "$T/out" "dropped: Vote no on meridian-cloud-1 (norland)"
assert_contains "$T/out" "closed"
assert_eq "$(head_of "$T/north")" "$(head_of "$T/server.git")" "north after the drop"

# a forged commit that arrives after a verified sync is audited all the
# same (sync verifies from what it verified before, not from the root)
expect_status 0 "$ACCORD" -C "$T/tech" sync
good=$(head_of "$T/server.git")
git clone -q "$T/server.git" "$T/forger"
printf 'Title: A forged title\n' >>"$T/forger/convention"
git -C "$T/forger" -c user.name=Forger -c user.email="$CHAIR" commit -qam "Retitle the convention"
git -C "$T/forger" push -q origin HEAD:main
before=$(head_of "$T/tech")
expect_status 4 "$ACCORD" -C "$T/tech" sync
assert_contains "$T/err" "problems in its history"
assert_eq "$(head_of "$T/tech")" "$before" "tech after refusing a forged commit"
git -C "$T/server.git" update-ref refs/heads/main "$good"

# a force-pushed remote is refused, and nothing changes locally
before=$(head_of "$T/tech")
expect_status 0 "$ACCORD" -C "$T/tech" sync
git -C "$T/server.git" update-ref refs/heads/main "$(git -C "$T/server.git" rev-parse main~3)"
before=$(head_of "$T/tech")
expect_status 4 "$ACCORD" -C "$T/tech" sync
assert_contains "$T/err" "rewritten"
assert_eq "$(head_of "$T/tech")" "$before" "tech after refusing a rewritten remote"

# git:// on the loopback address, through git daemon
port=$((20000 + $$ % 20000))
git clone -q --bare "$T/north" "$T/daemon/conv.git"
touch "$T/daemon/conv.git/git-daemon-export-ok"
git -C "$T/daemon/conv.git" config daemon.receivepack true
git daemon --base-path="$T/daemon" --export-all --enable=receive-pack --listen=127.0.0.1 \
	--port=$port --reuseaddr --detach --pid-file="$T/daemon.pid" "$T/daemon"
trap 'kill "$(cat "$T/daemon.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
for i in 1 2 3 4 5 6 7 8 9 10; do
	git ls-remote "git://127.0.0.1:$port/conv.git" >/dev/null 2>&1 && break
	sleep 0.2
done
expect_status 0 "$ACCORD" clone "git://127.0.0.1:$port/conv.git" "$T/remote-one"
mkdir -p "$T/remote-one/accord" && cp -r "$D/accord/keys" "$T/remote-one/accord/"
acc "$T/remote-one" --as "$TAVIRA" propose reservations --delete >/dev/null
expect_status 0 "$ACCORD" -C "$T/remote-one" sync
assert_eq "$(head_of "$T/daemon/conv.git")" "$(head_of "$T/remote-one")" "pushed over git://"
expect_status 0 "$ACCORD" -C "$T/daemon/conv.git" verify
