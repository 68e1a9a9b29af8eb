#!/bin/sh
# The rules of issue 15, each tried with generated forgeries: a short
# honest history, then for every rule many forged commits (random paths,
# trailers, amounts), each re-signed with the forger's own registered key
# so that only that rule can catch it; accord verify and the independent
# verifier must both flag the forged commit.
#  root:     the first commit is the chair's init of a bare convention
#  message:  the whole message is the one the action writes
#  dates:    author and committer times never go backwards
#  modes:    only plain files (100644) and folders
#  keys:     one key, one delegate
. "$(dirname "$0")/lib.sh"

CASES=${ACCORD_VERIFY_RULE_CASES:-4}
INDEPENDENT="$ROOT/tests/verify/independent.sh"
MEMBERS="$NORLAND $ASTORIA $VALMORA $KESTRIA $TAVIRA $MERIDIAN"

# an honest history: propose, open, votes, close
C="$T/honest"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
printf 'A forged-rules text.\n' >"$T/text"
acc "$C" --as "$NORLAND" propose purpose --replace --text-file "$T/text" >/dev/null
acc "$C" --as "$CHAIR" open norland-1 >/dev/null
acc "$C" --as "$NORLAND" vote norland-1 yes >/dev/null
acc "$C" --as "$ASTORIA" vote norland-1 no >/dev/null
acc "$C" --as "$KESTRIA" vote norland-1 yes >/dev/null
# a delegate whose clock is behind the last action still acts honestly:
# the action is dated as its parent, never before it
parent_time=$(git -C "$C" log -1 --format=%ct main)
ACCORD_DATE=$((parent_time - 86400)) acc "$C" --as "$VALMORA" vote norland-1 abstain >/dev/null 2>&1 ||
	fail "a vote from a slow clock was refused"
[ "$(git -C "$C" log -1 --format=%ct main)" -ge "$parent_time" ] || fail "an action dated before its parent"
acc "$C" --as "$CHAIR" close norland-1 >/dev/null
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"
ROOTC=$(git -C "$C" rev-list --max-parents=0 main)
TIP=$(git -C "$C" rev-parse main)
F="$T/forged"
cp -r "$C" "$F"
KEYS="$F/accord/keys"

# rand N: a deterministic random number below N (awk, seeded per call)
SEED=0
rand() {
	SEED=$((SEED + 1))
	awk -v s="$SEED" -v n="$1" 'BEGIN {srand(s * 7919 + 17); print int(rand() * n)}'
}
pick() { # word...: one of them at random
	shift $(rand $#)
	echo "$1"
}

# commit PARENT("-" for a root) TREE MSGFILE SIGNER [AUTHOR-DATE COMMITTER-DATE]:
# a commit signed with SIGNER's own key; prints its id.
commit() {
	par=""
	[ "$1" = - ] || par="-p $1"
	ad=${6:-@1767225600}
	cd_=${7:-$ad}
	GIT_AUTHOR_NAME=F GIT_AUTHOR_EMAIL=$4 GIT_COMMITTER_NAME=F GIT_COMMITTER_EMAIL=$4 \
		GIT_AUTHOR_DATE="$ad +0000" GIT_COMMITTER_DATE="$cd_ +0000" \
		git -C "$F" -c gpg.format=ssh -c user.signingkey="$KEYS/$4" \
		commit-tree -S $par -F "$3" "$2"
}

# caught COMMIT WHAT: both verifiers flag COMMIT on the forged branch
# (accord's report is kept in $T/accord-out)
caught() {
	git -C "$F" update-ref refs/heads/main "$1"
	expect_status 4 "$ACCORD" -C "$F" verify
	grep -q "^$(echo "$1" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $2"; }
	cp "$T/out" "$T/accord-out"
	expect_status 4 sh "$INDEPENDENT" "$F"
	grep -q "^$1 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $2"; }
}

i=0
while [ $i -lt "$CASES" ]; do
	i=$((i + 1))
	n=$(rand 100000)

	# root: extra files a new convention may not hold, signed by the chair
	msg_of "$ROOTC" "$T/rootmsg"
	blob=$(printf 'Status: open\nRule: simple\nQuorum: 1/2\n\n' | git -C "$F" hash-object -w --stdin)
	path=$(pick "amendments/norland/$n/amendment" "ratification/ballot" "agenda/purpose" \
		"ratification/signatures/norland" "amendments/astoria/$n/votes/norland" "notes-$n")
	id=$(commit - "$(tree_with "$ROOTC" "100644,$blob,$path")" "$T/rootmsg" "$CHAIR")
	caught "$id" "a root holding $path"
	assert_contains "$T/accord-out" "root holds $path"

	# root: the same convention opened by a delegate who is not the chair's
	who=$(pick $MEMBERS)
	id=$(commit - "$ROOTC^{tree}" "$T/rootmsg" "$who")
	caught "$id" "a root opened by $who"

	# message: a random commit's message with one thing changed
	victim=$(git -C "$F" rev-list "$ROOTC..$TIP" | sed -n "$(($(rand 6) + 1))p")
	signer=$(git -C "$F" log -1 --format=%ae "$victim")
	msg_of "$victim" "$T/m"
	lines=$(wc -l <"$T/m")
	k=$(($(rand "$lines") + 1))
	case $(rand 4) in
	0) awk -v k=$k -v n=$n 'NR == k && /^Accord-/ {sub(/: .*/, ": x" n)} NR == k && !/^Accord-/ {$0 = $0 " " n} {print}' \
		"$T/m" >"$T/m2" ;;
	1) awk -v n=$n '{print} NR == 1 {getline; print; print "Accord-Result: adopted-" n}' "$T/m" >"$T/m2" ;;
	2) awk -v n=$n '{print} END {print "Accord-Fallen: norland-" n}' "$T/m" >"$T/m2" ;;
	3) awk -v n=$n 'NR == 1 {$0 = "Vote yes (" n ")"} {print}' "$T/m" >"$T/m2" ;;
	esac
	cmp -s "$T/m" "$T/m2" && echo "Accord-Tally: yes=$n" >>"$T/m2"
	id=$(commit "$victim^" "$victim^{tree}" "$T/m2" "$signer")
	caught "$id" "a message that is not the action's"

	# dates: the tip's action, dated before its parent
	signer=$(git -C "$F" log -1 --format=%ae "$TIP")
	msg_of "$TIP" "$T/m"
	back=$((1767225600 - 1 - n))
	if [ $((n % 2)) = 0 ]; then
		id=$(commit "$TIP^" "$TIP^{tree}" "$T/m" "$signer" "@$back" "@1767225600")
	else
		id=$(commit "$TIP^" "$TIP^{tree}" "$T/m" "$signer" "@1767225600" "@$back")
	fi
	caught "$id" "dates going backwards by $((1767225600 - back)) s"
	assert_contains "$T/accord-out" "dates go backwards"

	# modes: the tip's action with an entry that is not a plain file
	path=$(pick "$(git -C "$F" diff-tree -r --no-commit-id --name-only "$TIP^" "$TIP" | sed -n 1p)" \
		clauses/purpose clauses/scope convention toc "orgs/$(pick norland astoria kestria)")
	mode=$(pick 100755 120000)
	blob=$(git -C "$F" rev-parse "$TIP:$path")
	if [ "$(rand 3)" = 0 ]; then
		mode=160000 blob=$ROOTC path="$path-sub$n"
	fi
	id=$(commit "$TIP^" "$(tree_with "$TIP" "$mode,$blob,$path")" "$T/m" "$signer")
	caught "$id" "$path with mode $mode"

	# keys: a root whose registry gives one delegate's key to another
	a=$(pick $MEMBERS $NORLAND2)
	b=$(pick $MEMBERS $CHAIR)
	[ "$a" = "$b" ] && b=$CHAIR
	org=$(git -C "$F" grep -l "<$a>" "$ROOTC" -- orgs | sed "s|^$ROOTC:||")
	key=$(git -C "$F" show "$ROOTC:orgs/$(git -C "$F" grep -l "<$b>" "$ROOTC" -- orgs | sed 's|.*orgs/||')" |
		sed -n "s|^Delegate: .*<$b> ||p")
	git -C "$F" show "$ROOTC:$org" | sed "s|^\(Delegate: .*<$a>\) .*|\1 $key|" >"$T/org"
	blob=$(git -C "$F" hash-object -w "$T/org")
	id=$(commit - "$(tree_with "$ROOTC" "100644,$blob,$org")" "$T/rootmsg" "$CHAIR")
	caught "$id" "the key of $b given to $a too"
	assert_contains "$T/accord-out" "one key, one delegate"
done

# one key, one delegate from the start: init refuses a proposal that gives
# one key to two delegates (of one organisation, or of two)
ssh-keygen -q -t ed25519 -N '' -C dup -f "$T/dupkey"
K=$(cut -d' ' -f1,2 "$T/dupkey.pub")
for pair in "norland:$NORLAND norland:$NORLAND2" "norland:$NORLAND astoria:$ASTORIA"; do
	rm -rf "$T/prop"
	cp -r "$PROPOSAL" "$T/prop"
	for od in $pair; do
		o=${od%%:*} e=${od#*:}
		sed "s|^\(Delegate: .*<$e>\).*|\1 $K|" "$T/prop/orgs/$o" >"$T/org" && mv "$T/org" "$T/prop/orgs/$o"
	done
	expect_status 1 "$ACCORD" init "$T/dup" --from "$T/prop"
	assert_contains "$T/err" "one key, one delegate"
	[ ! -e "$T/dup" ] || fail "init left a convention with one key twice"
done

# the honest history is still clean for both
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"
