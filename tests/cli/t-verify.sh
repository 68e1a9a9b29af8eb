#!/bin/sh
# accord verify: an honest signed history verifies, git agrees about every
# signature, and each kind of forgery made with the git command line is
# caught (exit 4, naming the forged commit) by accord verify and by the
# independent verifier (tests/verify/independent.sh: git and ssh-keygen
# only).
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
KEYS="$D/accord/keys"
INDEPENDENT="$ROOT/tests/verify/independent.sh"

expect_status 0 "$ACCORD" -C "$D" verify
assert_contains "$T/out" "no problems"
# the state verify follows equals a whole load of every commit's tree
expect_status 0 env ACCORD_VERIFY_CROSSCHECK=1 "$ACCORD" -C "$D" verify
assert_contains "$T/out" "no problems"
# --since REV checks only the commits after REV, from the state at REV
expect_status 0 "$ACCORD" -C "$D" verify --since main~5
assert_contains "$T/out" "5 commits checked, 5 signed: no problems"
expect_status 0 env ACCORD_VERIFY_CROSSCHECK=1 "$ACCORD" -C "$D" verify --since main~5
expect_status 0 "$ACCORD" -C "$D" verify --since main
assert_contains "$T/out" "0 commits checked"
expect_status 1 "$ACCORD" -C "$D" verify --since main --at main~3
assert_contains "$T/err" "is not an ancestor"
expect_status 0 sh "$INDEPENDENT" "$D"

# git verifies every commit with the allowed-signers file accord prints
acc "$D" allowed-signers >"$T/allowed"
grep -q '[*,"'"'"'!]' "$T/allowed" && grep -v '^#' "$T/allowed" | grep -v ' namespaces="git" ssh-' && fail "odd characters in allowed signers"
for c in $(git -C "$D" rev-list main); do
	git -C "$D" -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit "$c" 2>/dev/null ||
		fail "git verify-commit rejects $c"
done

fresh() { # name: a copy of the demo to tamper with
	rm -rf "$T/$1"
	cp -r "$D" "$T/$1"
	echo "$T/$1"
}

caught() { # copy commit what: both verifiers flag the commit
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -q "^$(echo "$2" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -q "^$2 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
}

vote_file() { # org email vote
	printf 'Vote: %s\nDelegate: %s\n\n' "$3" "$2" >"$T/vote-$1"
	echo "$T/vote-$1"
}
VDIR=amendments/meridian-cloud/1/votes
TR_VOTE='Accord-Action: vote
Accord-Org: norland
Accord-Ballot: meridian-cloud-1
Accord-Vote: yes
Accord-Amendment: meridian-cloud-1
Accord-Clause: vulnerability-disclosure'

# 1. an unsigned action
C=$(fresh unsigned)
id=$(forge "$C" - "$NORLAND" "Vote yes on meridian-cloud-1 (norland)" "$TR_VOTE" \
	"$VDIR/norland=$(vote_file norland "$NORLAND" yes)")
caught "$C" "$id" "an unsigned action"
assert_contains "$T/out" "unsigned"

# 2. an action signed by an unregistered key
C=$(fresh stranger)
ssh-keygen -q -t ed25519 -N '' -C stranger -f "$T/stranger-key"
id=$(forge "$C" "$T/stranger-key" "$NORLAND" "Vote yes on meridian-cloud-1 (norland)" "$TR_VOTE" \
	"$VDIR/norland=$(vote_file norland "$NORLAND" yes)")
caught "$C" "$id" "a key that is not registered"

# 3. a commit whose author claims another organisation
C=$(fresh author)
id=$(forge "$C" "$NORLAND" "$ASTORIA" "Vote yes on meridian-cloud-1 (astoria)" \
	"$(echo "$TR_VOTE" | sed 's/Org: norland/Org: astoria/')" \
	"$VDIR/astoria=$(vote_file astoria "$ASTORIA" yes)")
caught "$C" "$id" "an author claiming another organisation"

# 4. one delegation writing another's vote file
C=$(fresh othervote)
id=$(forge "$C" "$NORLAND" "$NORLAND" "Vote yes on meridian-cloud-1 (norland)" "$TR_VOTE" \
	"$VDIR/astoria=$(vote_file astoria "$ASTORIA" yes)")
caught "$C" "$id" "a vote written into another organisation's file"

# 5. a vote after its ballot closed
C=$(fresh late)
id=$(forge "$C" "$NORLAND" "$NORLAND" "Vote no on norland-1 (norland)" \
	"$(printf 'Accord-Action: vote\nAccord-Org: norland\nAccord-Ballot: norland-1\nAccord-Vote: no')" \
	"amendments/norland/1/votes/norland=$(vote_file norland "$NORLAND" no)")
caught "$C" "$id" "a vote after the close"

# 6. a close whose recorded tally is false
C=$(fresh tally)
printf 'Status: closed\nRule: simple\nQuorum: 1/2\nResult: adopted\nYes: 9\nNo: 0\nAbstain: 0\nAbsent: 2\nQuorum-Met: yes\n\n' >"$T/ballot"
id=$(forge "$C" "$CHAIR" "$CHAIR" "Close the ballot on meridian-cloud-1: adopted" \
	"$(printf 'Accord-Action: close\nAccord-Org: secretariat\nAccord-Ballot: meridian-cloud-1\nAccord-Result: adopted')" \
	"amendments/meridian-cloud/1/ballot=$T/ballot")
caught "$C" "$id" "a false tally"

# 7. an amended commit that keeps its old signature
C=$(fresh amended)
git -C "$C" cat-file commit main >"$T/raw"
sed 's/^Vote abstain on meridian-cloud-1 (kestria)$/Vote yes on meridian-cloud-1 (kestria)/' "$T/raw" >"$T/raw2"
cmp -s "$T/raw" "$T/raw2" && fail "the tip is not the commit this test expects"
id=$(git -C "$C" hash-object -t commit -w "$T/raw2")
git -C "$C" update-ref refs/heads/main "$id"
caught "$C" "$id" "an amended commit with its old signature"

# 8. a registry change that adds its own signer
C=$(fresh registry)
ssh-keygen -q -t ed25519 -N '' -C norland -f "$T/newkey"
sed "s|^Delegate: Ingrid Halvorsen <$NORLAND> .*|Delegate: Ingrid Halvorsen <$NORLAND> $(cut -d' ' -f1,2 "$T/newkey.pub")|" \
	"$PROPOSAL/orgs/norland" >"$T/org"
git -C "$C" show main:orgs/norland | sed "s|^\(Delegate: Ingrid Halvorsen <$NORLAND>\) .*|\1 $(cut -d' ' -f1,2 "$T/newkey.pub")|" >"$T/org"
id=$(forge "$C" "$T/newkey" "$NORLAND" "Register a new key for Norland" \
	"$(printf 'Accord-Action: registry\nAccord-Org: norland')" "orgs/norland=$T/org")
caught "$C" "$id" "a registry change adding its own signer"

# 9. a merge commit
C=$(fresh merge)
tip=$(git -C "$C" rev-parse main)
m=$(GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=$CHAIR GIT_COMMITTER_NAME=x GIT_COMMITTER_EMAIL=$CHAIR \
	git -C "$C" commit-tree -p "$tip" -p "$tip~1" -m "Merge" "$tip^{tree}")
git -C "$C" update-ref refs/heads/main "$m"
caught "$C" "$m" "a merge commit"

# 10. an object swapped for another that inflates cleanly: only its hash
# tells (everyday reads skip that check, as git's do; verify does not)
C=$(fresh swapped)
blob=$(git -C "$C" rev-parse "main:$VDIR/kestria")
obj="$C/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
[ -f "$obj" ] || fail "the vote blob is not a loose object"
chmod u+w "$obj"
python3 -c 'import sys, zlib
body = b"Vote: yes\nDelegate: nobody@example.org\n\n"
open(sys.argv[1], "wb").write(zlib.compress(b"blob %d\0" % len(body) + body))' "$obj"
expect_status 4 "$ACCORD" -C "$C" verify
assert_contains "$T/out" "hash mismatch"
git -C "$C" fsck >"$T/fsck" 2>&1 && fail "git fsck accepts the swapped object"

# recommit COPY COMMIT SIGNER TREE [PARENT|-] [DATE]: COMMIT's message on
# TREE, signed by SIGNER's own demo key, as the new branch tip
recommit() {
	git -C "$1" cat-file commit "$2" | sed '1,/^$/d' >"$T/msg"
	par="-p $2^"
	[ "${5:-}" = - ] && par=""
	new=$(GIT_AUTHOR_NAME=F GIT_AUTHOR_EMAIL=$3 GIT_COMMITTER_NAME=F GIT_COMMITTER_EMAIL=$3 \
		GIT_COMMITTER_DATE="${6:-@1767225600} +0000" GIT_AUTHOR_DATE="@1767225600 +0000" \
		git -C "$1" -c gpg.format=ssh -c user.signingkey="$1/accord/keys/$3" \
		commit-tree -S $par -F "$T/msg" "$4")
	git -C "$1" update-ref refs/heads/main "$new"
	echo "$new"
}
ROOTC=$(git -C "$D" rev-list --max-parents=0 main)

# 11. a message that lies: the vote file says yes, the subject says no
C=$(fresh lie)
id=$(forge "$C" "$NORLAND" "$NORLAND" "Vote no on meridian-cloud-1 (norland)" "$TR_VOTE" \
	"$VDIR/norland=$(vote_file norland "$NORLAND" yes)")
caught "$C" "$id" "a message that is not what its action writes"
expect_status 4 "$ACCORD" -C "$C" verify
assert_contains "$T/out" "its message is not what its vote writes"

# 12. a commit dated before its parent
C=$(fresh dates)
id=$(recommit "$C" "$(head_of "$C")" "$KESTRIA" "main^{tree}" "" "@1767225000")
caught "$C" "$id" "a commit dated before its parent"

# 13. an executable file
C=$(fresh modes)
idx="$T/index.modes"
GIT_INDEX_FILE="$idx" git -C "$C" read-tree main
GIT_INDEX_FILE="$idx" git -C "$C" update-index --cacheinfo "100755,$(git -C "$C" rev-parse main:clauses/purpose),clauses/purpose"
id=$(recommit "$C" "$(head_of "$C")" "$KESTRIA" "$(GIT_INDEX_FILE="$idx" git -C "$C" write-tree)")
caught "$C" "$id" "an executable file"
expect_status 4 "$ACCORD" -C "$C" verify
assert_contains "$T/out" "only plain files: clauses/purpose has mode 100755"

# 14. a root opened by a delegate who is not the chair's
C=$(fresh notchair)
id=$(recommit "$C" "$ROOTC" "$NORLAND" "$ROOTC^{tree}" -)
caught "$C" "$id" "a root not opened by the chair"
expect_status 4 "$ACCORD" -C "$C" verify
assert_contains "$T/out" "the root is not the chair's"

# 15. a root whose registry gives the chair's key to Norland too
C=$(fresh twokeys)
chairkey=$(git -C "$C" show "$ROOTC:orgs/secretariat" | sed -n "s|^Delegate: .*<$CHAIR> ||p")
git -C "$C" show "$ROOTC:orgs/norland" | sed "s|^\(Delegate: .*<$NORLAND>\) .*|\1 $chairkey|" >"$T/org"
idx="$T/index.keys"
GIT_INDEX_FILE="$idx" git -C "$C" read-tree "$ROOTC"
GIT_INDEX_FILE="$idx" git -C "$C" update-index --cacheinfo "100644,$(git -C "$C" hash-object -w "$T/org"),orgs/norland"
id=$(recommit "$C" "$ROOTC" "$CHAIR" "$(GIT_INDEX_FILE="$idx" git -C "$C" write-tree)" -)
caught "$C" "$id" "a key registered twice"
expect_status 4 "$ACCORD" -C "$C" verify
assert_contains "$T/out" "one key, one delegate"

# the honest demo is still clean, and --json says so
acc "$D" verify --json | json_get '["ok"]' >"$T/ok"
assert_eq "$(cat "$T/ok")" True "verify --json"
