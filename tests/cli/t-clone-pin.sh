#!/bin/sh
# accord clone --expect-root / --expect-key: a pinned clone refuses any
# other convention before anything is written into DIR; an unpinned clone
# prints the root and the chair's key fingerprint to compare out of band,
# and status shows them.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
git clone -q --bare "$D" "$T/server.git"
ROOTC=$(git -C "$D" rev-list --max-parents=0 main)
FP=$(ssh-keygen -lf "$D/accord/keys/$CHAIR" | cut -d' ' -f2)
case $FP in SHA256:*) ;; *) fail "no fingerprint from ssh-keygen: $FP" ;; esac

# another convention (its own keys, so its own root) posing as the same
O="$T/other"
expect_status 0 "$ACCORD" init "$O" --from "$PROPOSAL" --demo-keys
git clone -q --bare "$O" "$T/impostor.git"
[ "$(git -C "$O" rev-list --max-parents=0 main)" != "$ROOTC" ] || fail "the impostor has the same root"

# unpinned: the anchor is printed, and status shows it
expect_status 0 "$ACCORD" clone "$T/server.git" "$T/plain"
assert_contains "$T/out" "root $ROOTC, opened with key $FP"
expect_status 0 "$ACCORD" -C "$T/plain" status
assert_contains "$T/out" "root $ROOTC, opened with key $FP"
acc "$T/plain" status --json >"$T/j"
assert_eq "$(json_get '["root"]' <"$T/j")" "$ROOTC" "status --json root"
assert_eq "$(json_get '["root_key"]' <"$T/j")" "$FP" "status --json root_key"
# status of the original (not a clone) finds the same anchor by walking
expect_status 0 "$ACCORD" -C "$D" status
assert_contains "$T/out" "root $ROOTC, opened with key $FP"

# pinned to the right convention: root (full or a prefix), key, or both
expect_status 0 "$ACCORD" clone --expect-root "$ROOTC" "$T/server.git" "$T/p1"
expect_status 0 "$ACCORD" clone --expect-root "$(echo "$ROOTC" | cut -c1-10)" "$T/server.git" "$T/p2"
expect_status 0 "$ACCORD" clone "$T/server.git" "$T/p3" --expect-key "$FP"
expect_status 0 "$ACCORD" clone --expect-root "$ROOTC" --expect-key "$FP" "$T/server.git" "$T/p4"
assert_contains "$T/out" "as expected"
expect_status 0 "$ACCORD" -C "$T/p4" verify

# pinned, facing the impostor: refused, DIR absent afterwards
for pin in "--expect-root $ROOTC" "--expect-key $FP" "--expect-root $(echo "$ROOTC" | cut -c1-7)"; do
	expect_status 4 "$ACCORD" clone $pin "$T/impostor.git" "$T/x"
	assert_contains "$T/err" "not the expected convention"
	[ ! -e "$T/x" ] || fail "clone $pin wrote $T/x"
done
# an empty DIR that existed stays empty, and nothing is left beside it
mkdir "$T/empty"
expect_status 4 "$ACCORD" clone --expect-key "$FP" "$T/impostor.git" "$T/empty"
[ -d "$T/empty" ] && [ -z "$(ls -A "$T/empty")" ] || fail "the empty folder was written into"
ls "$T" | grep -q clone- && fail "a temporary clone was left behind"
# the right convention into that empty folder works
expect_status 0 "$ACCORD" clone --expect-key "$FP" "$T/server.git" "$T/empty"
expect_status 0 "$ACCORD" -C "$T/empty" verify
# a folder that is not empty is refused, untouched
mkdir "$T/full"
echo keep >"$T/full/file"
expect_status 1 "$ACCORD" clone "$T/server.git" "$T/full"
assert_eq "$(ls -A "$T/full")" file "a non-empty folder"
# a wrong key pin on an unsigned root is refused too
cp -r "$PROPOSAL" "$T/optional"
sed -i 's/^Signatures: required$/Signatures: optional/' "$T/optional/convention"
expect_status 0 "$ACCORD" init "$T/unsigned" --from "$T/optional"
expect_status 4 "$ACCORD" clone --expect-key "$FP" "$T/unsigned" "$T/u"
[ ! -e "$T/u" ] || fail "clone of an unsigned root wrote $T/u"

# The certificate authorities of https remotes are read when a remote is
# reached, not at every start (src/store/store_tls.c): status never opens
# the system CA bundle; a clone over https does, before it connects.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
strace -f -e trace=openat -o "$T/trace" "$ACCORD" -C "$D" status >/dev/null
grepq "ca-certificates" "$T/trace" && fail "status read the CA bundle"
if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
	strace -f -e trace=openat -o "$T/trace" "$ACCORD" clone https://127.0.0.1:9/x "$T/tls" \
		>/dev/null 2>&1 && fail "a clone from a closed port succeeded"
	grepq "ca-certificates" "$T/trace" || fail "an https clone did not load the CA bundle"
fi
echo "ok: CA bundle read only for remotes"
