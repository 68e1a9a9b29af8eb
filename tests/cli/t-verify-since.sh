#!/bin/sh
# verify --since REV (issue 15) starts from the state the last verify left
# at REV (accord/verified-state) and checks the new commits exactly as a
# walk from the root does:
#  - a verified tip T0 (a ballot closed, so kept as counts only, and one
#    open with its votes) grows honestly: --since T0 passes, and the kept
#    state is the tree's, field by field (ACCORD_VERIFY_CROSSCHECK);
#  - generated forgeries among the new commits (a message, dates going
#    backwards, a mode, a vote on the ballot closed before T0, a forged
#    tally of the ballot opened before T0, another's key) are reported by
#    --since T0 line for line as by a full verify: with the kept state,
#    without one, with a damaged one, with another commit's, with one of
#    another format, with it kept as the previous one (verified-state.1);
#  - a damaged kept state is not used: it is rebuilt from the tree; one
#    changed with its checksum made again is read (it is a cache in the git
#    folder, as trusted as the refs there), and the cross-check names it.
. "$(dirname "$0")/lib.sh"

CASES=${ACCORD_SINCE_CASES:-3}

F="$T/conv"
SNAP="$F/accord/verified-state"
expect_status 0 "$ACCORD" init "$F" --from "$PROPOSAL" --demo-keys
KEYS="$F/accord/keys"
printf 'A kept-state text.\n' >"$T/text"
acc "$F" --as "$NORLAND" propose purpose --replace --text-file "$T/text" >/dev/null
acc "$F" --as "$CHAIR" open norland-1 >/dev/null
acc "$F" --as "$NORLAND" vote norland-1 yes >/dev/null
acc "$F" --as "$ASTORIA" vote norland-1 no >/dev/null
# Valmora's vote, made while the ballot is open and put aside (replayed
# after the close by git alone)
B=$(head_of "$F")
acc "$F" --as "$VALMORA" vote norland-1 yes >/dev/null
LATE=$(head_of "$F")
git -C "$F" update-ref refs/heads/main "$B"
acc "$F" --as "$KESTRIA" vote norland-1 yes >/dev/null
acc "$F" --as "$CHAIR" close norland-1 >/dev/null
printf 'Another kept-state text.\n' >"$T/text2"
acc "$F" --as "$ASTORIA" propose scope --replace --text-file "$T/text2" >/dev/null
acc "$F" --as "$CHAIR" open astoria-1 >/dev/null
acc "$F" --as "$NORLAND" vote astoria-1 yes >/dev/null
acc "$F" --as "$VALMORA" vote astoria-1 no >/dev/null
T0=$(head_of "$F")

# snap_commit: the commit the kept state is bound to (after its header line)
snap_commit() {
	hl=$(head -n 1 "$SNAP" | wc -c)
	head -c $((hl + 40)) "$SNAP" | tail -c 40
}

expect_status 0 "$ACCORD" -C "$F" verify
[ -f "$SNAP" ] || fail "verify kept no state"
assert_eq "$(snap_commit)" "$T0" "the kept state's commit"
cp "$SNAP" "$T/snap-T0"

# the new commits, honest
acc "$F" --as "$TAVIRA" vote astoria-1 abstain >/dev/null
acc "$F" --as "$KESTRIA" vote astoria-1 yes >/dev/null
acc "$F" --as "$CHAIR" close astoria-1 >/dev/null
N3=$(head_of "$F")
export ACCORD_VERIFY_CROSSCHECK=1
expect_status 0 "$ACCORD" -C "$F" verify --since "$T0"
unset ACCORD_VERIFY_CROSSCHECK
assert_contains "$T/out" "3 commits checked, 3 signed: no problems"
assert_eq "$(snap_commit)" "$N3" "the kept state after --since"
cmp -s "$SNAP.1" "$T/snap-T0" || fail "the state kept before is not kept as the previous one"
cp "$SNAP" "$T/snap-N3"

SEED=0
rand() { # N: a deterministic random number below N
	SEED=$((SEED + 1))
	awk -v s="$SEED" -v n="$1" 'BEGIN {srand(s * 7919 + 17); print int(rand() * n)}'
}
# commit PARENT TREE MSGFILE SIGNER [AUTHOR-DATE COMMITTER-DATE]: a commit
# signed with SIGNER's own key; prints its id
commit() {
	ad=${5:-@1767225600}
	cd_=${6:-$ad}
	GIT_AUTHOR_NAME=F GIT_AUTHOR_EMAIL=$4 GIT_COMMITTER_NAME=F GIT_COMMITTER_EMAIL=$4 \
		GIT_AUTHOR_DATE="$ad +0000" GIT_COMMITTER_DATE="$cd_ +0000" \
		git -C "$F" -c gpg.format=ssh -c user.signingkey="$KEYS/$4" \
		commit-tree -S -p "$1" -F "$3" "$2"
}
problems() { # FILE: the problem lines of a verify's output (its summary left out)
	grep -v 'commits checked' "$T/out" >"$1" || true
}

# same_as_full ID WHAT: with main at ID, a full verify flags ID, and
# --since T0 reports the same lines, whatever the kept state
same_as_full() {
	git -C "$F" update-ref refs/heads/main "$1"
	cp "$T/snap-T0" "$SNAP"
	expect_status 4 "$ACCORD" -C "$F" verify
	problems "$T/full"
	grep -q "^$(echo "$1" | cut -c1-12) " "$T/full" || {
		cat "$T/full"
		fail "verify missed: $2"
	}
	for kept in T0 previous none damaged other format; do
		rm -f "$SNAP.1"
		case $kept in
		T0) cp "$T/snap-T0" "$SNAP" ;;
		previous) cp "$T/snap-N3" "$SNAP" && cp "$T/snap-T0" "$SNAP.1" ;;
		none) rm -f "$SNAP" ;;
		damaged)
			cp "$T/snap-T0" "$SNAP"
			printf 'X' | dd of="$SNAP" bs=1 seek=$(($(wc -c <"$SNAP") / 2)) conv=notrunc 2>/dev/null
			;;
		other) cp "$T/snap-N3" "$SNAP" ;;
		format) sed '1s/^accord-verified-state [0-9]* /accord-verified-state 0 /' "$T/snap-T0" >"$SNAP" ;;
		esac
		expect_status 4 "$ACCORD" -C "$F" verify --since "$T0"
		problems "$T/since"
		cmp -s "$T/full" "$T/since" || {
			diff "$T/full" "$T/since" >&2 || true
			fail "verify --since $T0 (kept state: $kept) differs from a full verify on $2"
		}
		# a verify that found problems keeps nothing
		[ "$kept" != T0 ] || cmp -s "$SNAP" "$T/snap-T0" || fail "a failing verify rewrote the kept state"
	done
}

NEW="$(git -C "$F" rev-list --reverse "$T0..$N3")"
i=0
while [ $i -lt "$CASES" ]; do
	i=$((i + 1))
	n=$(rand 100000)
	victim=$(echo "$NEW" | sed -n "$(($(rand 3) + 1))p")
	signer=$(git -C "$F" log -1 --format=%ae "$victim")
	msg_of "$victim" "$T/m"

	# a message with one line changed
	k=$(($(rand "$(wc -l <"$T/m")") + 1))
	awk -v k=$k -v n=$n 'NR == k {$0 = $0 " " n} {print}' "$T/m" >"$T/m2"
	same_as_full "$(commit "$victim^" "$victim^{tree}" "$T/m2" "$signer")" "a changed message"

	# dates going backwards
	same_as_full "$(commit "$victim^" "$victim^{tree}" "$T/m" "$signer" "@$((1767225599 - n))" \
		@1767225600)" "an author date before its parent's"

	# a file the action writes, made executable
	path=$(git -C "$F" diff-tree -r --no-commit-id --name-only "$victim^" "$victim" | sed -n 1p)
	same_as_full "$(commit "$victim^" "$(tree_with "$victim" "100755,$(git -C "$F" rev-parse "$victim:$path"),$path")" \
		"$T/m" "$signer")" "$path made executable"

	# Valmora's vote on norland-1, closed before T0 (kept as counts only)
	parent=$(printf '%s\n%s\n' "$T0" "$NEW" | sed -n "$(($(rand 4) + 1))p")
	msg_of "$LATE" "$T/late"
	vp=amendments/norland/1/votes/valmora
	same_as_full "$(commit "$parent" "$(tree_with "$parent" "100644,$(git -C "$F" rev-parse "$LATE:$vp"),$vp")" \
		"$T/late" "$VALMORA")" "a vote on a ballot closed before T0"

	# the close of astoria-1 (opened before T0) with a forged tally
	git -C "$F" show "$N3:amendments/astoria/1/ballot" |
		awk -v n=$n '/^(Yes|No|Abstain): / && !done {sub(/[0-9]+$/, n % 7 + 3); done = 1} {print}' >"$T/ballot"
	msg_of "$N3" "$T/m3"
	same_as_full "$(commit "$N3^" "$(tree_with "$N3" "100644,$(git -C "$F" hash-object -w "$T/ballot"),amendments/astoria/1/ballot")" \
		"$T/m3" "$CHAIR")" "a forged tally"

	# a vote signed with another member's key
	other=$(echo "$NORLAND $ASTORIA $MERIDIAN" | tr ' ' '\n' | sed -n "$(($(rand 3) + 1))p")
	first=$(echo "$NEW" | sed -n 1p)
	msg_of "$first" "$T/m1"
	same_as_full "$(commit "$first^" "$first^{tree}" "$T/m1" "$other")" "a vote signed by $other"
done

# a damaged kept state is not used, and the next verify that passes keeps
# a good one again
git -C "$F" update-ref refs/heads/main "$N3"
rm -f "$SNAP.1"
cp "$T/snap-T0" "$SNAP"
printf 'XXXX' | dd of="$SNAP" bs=1 seek=200 conv=notrunc 2>/dev/null
export ACCORD_VERIFY_CROSSCHECK=1
expect_status 0 "$ACCORD" -C "$F" verify --since "$T0"
assert_eq "$(snap_commit)" "$N3" "the kept state rebuilt"
cmp -s "$SNAP" "$T/snap-N3" || fail "the rebuilt state is not the one a walk keeps"
unset ACCORD_VERIFY_CROSSCHECK

# a kept state changed and its checksum made again is read: the cross-check
# (the kept state against the tree's) names it
cp "$T/snap-T0" "$SNAP"
LC_ALL=C sed 's/kept-state text/kept-STATE text/' "$SNAP" | head -c -32 >"$T/body"
rm -f "$SNAP.1"
cmp -s "$T/body" <(head -c -32 "$SNAP") && fail "the test's change of the kept state changed nothing"
sha256sum "$T/body" | cut -c1-64 | xxd -r -p >>"$T/body"
cp "$T/body" "$SNAP"
export ACCORD_VERIFY_CROSSCHECK=1
expect_status 1 "$ACCORD" -C "$F" verify --since "$T0"
unset ACCORD_VERIFY_CROSSCHECK
assert_contains "$T/err" "the state kept at $(echo "$T0" | cut -c1-12) differs from its tree"

# sync audits what arrived from the state its last audit kept: a changed
# kept state (checksum made again) is what the cross-check then names
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
git clone -q --bare "$D" "$T/server.git"
for who in north tech; do
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$who"
	mkdir -p "$T/$who/accord"
	cp -r "$D/accord/keys" "$T/$who/accord/"
done
acc "$T/north" --as "$NORLAND" vote meridian-cloud-1 yes >/dev/null
expect_status 0 "$ACCORD" -C "$T/north" sync
SNAP="$T/north/accord/verified-state"
assert_eq "$(snap_commit)" "$(git -C "$T/north" rev-parse refs/accord/verified/origin)" "the state sync kept"
cp "$SNAP" "$T/north-snap"
acc "$T/tech" --as "$HALCYON" vote meridian-cloud-1 no >/dev/null
expect_status 0 "$ACCORD" -C "$T/tech" sync
LC_ALL=C sed 's/Digital Geneva Convention/Digital Geneva ConventioN/' "$SNAP" | head -c -32 >"$T/body"
cmp -s "$T/body" <(head -c -32 "$SNAP") && fail "the test's change of the kept state changed nothing"
sha256sum "$T/body" | cut -c1-64 | xxd -r -p >>"$T/body"
cp "$T/body" "$SNAP"
export ACCORD_VERIFY_CROSSCHECK=1
expect_status 1 "$ACCORD" -C "$T/north" sync
assert_contains "$T/err" "differs from its tree"
cp "$T/north-snap" "$SNAP"
expect_status 0 "$ACCORD" -C "$T/north" sync
unset ACCORD_VERIFY_CROSSCHECK
assert_eq "$(snap_commit)" "$(git -C "$T/north" rev-parse refs/accord/verified/origin)" "the state sync kept"
