#!/bin/sh
# Gathers made with git alone (issue 17): an honest gather of pending votes
# verifies with both verifiers; then, for generated sets of voters, forged
# gathers each breaking one rule, re-signed with the gatherer's own key, are
# flagged by accord verify and the independent verifier, each naming the
# commit and the rule:
#  nonvote:   a gather whose tree adds a file no vote writes, or whose
#             chain holds a commit that is not a vote
#  otherkey:  a vote of one organisation signed by another's key
#  twice:     a vote gathered again by a later gather
#  tree:      a tree that is not the votes replayed (one left out, or changed)
#  closed:    a vote gathered after its ballot closed
#  count:     a wrong count in the message
#  order:     the organisations' parents out of order
. "$(dirname "$0")/lib.sh"

CASES=${ACCORD_GATHER_CASES:-2}
INDEPENDENT="$ROOT/tests/verify/independent.sh"
MEMBERS="$NORLAND $ASTORIA $VALMORA $KESTRIA $TAVIRA $MERIDIAN"

C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
printf 'A gathered text.\n' >"$T/text"
acc "$C" --as "$NORLAND" propose purpose --replace --text-file "$T/text" >/dev/null
acc "$C" --as "$CHAIR" open norland-1 >/dev/null
B=$(git -C "$C" rev-parse main)
KEYS="$C/accord/keys"

# the pending votes: each made by accord on B (the branch put back after)
for who in $MEMBERS; do
	acc "$C" --as "$who" vote norland-1 yes >/dev/null
	echo "$(git -C "$C" log -1 --format=%B main | sed -n 's/^Accord-Org: //p') $(git -C "$C" rev-parse main)" >>"$T/votes"
	git -C "$C" update-ref refs/heads/main "$B"
done
sort -o "$T/votes" "$T/votes"

SEED=0
rand() { # N: a deterministic random number below N
	SEED=$((SEED + 1))
	awk -v s="$SEED" -v n="$1" 'BEGIN {srand(s * 7919 + 17); print int(rand() * n)}'
}
name_of() { # email: the name the registry gives
	git -C "$C" grep -h "<$1>" "$B" -- orgs | sed -n '1s/^Delegate: \(.*\) <.*/\1/p'
}
# gather PARENTS-FILE("org tip" lines, in order) FIRST SIGNER [EXTRA-ENTRY] [MSG-FILE]:
# a merge of FIRST and the tips, its tree FIRST's with each tip's vote
# file, signed by SIGNER; prints its id
gather() {
	idx="$T/idx"
	rm -f "$idx"
	GIT_INDEX_FILE="$idx" git -C "$C" read-tree "$2"
	ps="-p $2"
	n=0
	lines=""
	while read -r org tip; do
		for v in $(git -C "$C" rev-list --reverse "$tip" "^$2"); do
			p=$(git -C "$C" diff-tree -r --no-commit-id --name-only "$v^" "$v")
			GIT_INDEX_FILE="$idx" git -C "$C" update-index --add --cacheinfo \
				"100644,$(git -C "$C" rev-parse "$v:$p"),$p"
			n=$((n + 1))
		done
		ps="$ps -p $tip"
		lines=$(printf '%s\nAccord-Gathered: %s %s' "$lines" "$org" "$tip")
	done <"$1"
	[ -z "${4:-}" ] || GIT_INDEX_FILE="$idx" git -C "$C" update-index --add --cacheinfo "$4"
	tree=$(GIT_INDEX_FILE="$idx" git -C "$C" write-tree)
	s=s
	[ $n = 1 ] && s=""
	sorg=$(git -C "$C" grep -l "<$3>" "$B" -- orgs | sed -n '1s|.*orgs/||p')
	if [ -n "${5:-}" ]; then
		cp "$5" "$T/gmsg"
	else
		printf 'Gather %s vote%s\n\nAccord-Action: gather\nAccord-Org: %s\nAccord-Votes: %s%s\n' \
			"$n" "$s" "$sorg" "$n" "$lines" >"$T/gmsg"
	fi
	nm=$(name_of "$3")
	# shellcheck disable=SC2086
	GIT_AUTHOR_NAME=$nm GIT_AUTHOR_EMAIL=$3 GIT_COMMITTER_NAME=$nm GIT_COMMITTER_EMAIL=$3 \
		GIT_AUTHOR_DATE="1767225600 +0000" GIT_COMMITTER_DATE="1767225600 +0000" \
		git -C "$C" -c gpg.format=ssh -c user.signingkey="$KEYS/$3" \
		commit-tree -S $ps -F "$T/gmsg" "$tree"
}
ok() { # COMMIT: both verifiers accept the branch at COMMIT
	git -C "$C" update-ref refs/heads/main "$1"
	expect_status 0 "$ACCORD" -C "$C" verify
	expect_status 0 sh "$INDEPENDENT" "$C"
}
caught() { # COMMIT WHAT RULE: both verifiers flag COMMIT, accord naming RULE
	echo "case: $2" >&2
	git -C "$C" update-ref refs/heads/main "$1"
	expect_status 4 "$ACCORD" -C "$C" verify
	grep -q "^$(echo "$1" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $2"; }
	grep "^$(echo "$1" | cut -c1-12) " "$T/out" | grepq "$3" || { cat "$T/out"; fail "accord verify: $2 without '$3'"; }
	expect_status 4 sh "$INDEPENDENT" "$C"
	grep -q "^$1 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $2"; }
}
vote_commit() { # SIGNER-KEY-EMAIL ORG VOTE PARENT: a vote commit of ORG made with git
	f="$T/vote.$$"
	printf 'Vote: %s\nDelegate: %s\n\n' "$3" "$1" >"$f"
	idx="$T/vidx"
	rm -f "$idx"
	GIT_INDEX_FILE="$idx" git -C "$C" read-tree "$4"
	GIT_INDEX_FILE="$idx" git -C "$C" update-index --add --cacheinfo \
		"100644,$(git -C "$C" hash-object -w "$f"),amendments/norland/1/votes/$2"
	tree=$(GIT_INDEX_FILE="$idx" git -C "$C" write-tree)
	printf 'Vote %s on norland-1 (%s)\n\nAccord-Action: vote\nAccord-Org: %s\nAccord-Ballot: norland-1\nAccord-Vote: %s\nAccord-Amendment: norland-1\nAccord-Clause: purpose\n' \
		"$3" "$2" "$2" "$3" >"$T/vmsg"
	nm=$(name_of "$1")
	GIT_AUTHOR_NAME=$nm GIT_AUTHOR_EMAIL=$1 GIT_COMMITTER_NAME=$nm GIT_COMMITTER_EMAIL=$1 \
		GIT_AUTHOR_DATE="1767225600 +0000" GIT_COMMITTER_DATE="1767225600 +0000" \
		git -C "$C" -c gpg.format=ssh -c user.signingkey="$KEYS/$1" \
		commit-tree -S -p "$4" -F "$T/vmsg" "$tree"
}

# honest: all the votes in one gather by the chair, then a member's
# gather of one vote made later
head -n 4 "$T/votes" >"$T/p"
G1=$(gather "$T/p" "$B" "$CHAIR")
ok "$G1"
sed -n '5p' "$T/votes" >"$T/p"
G2=$(gather "$T/p" "$G1" "$ASTORIA")
ok "$G2"
acc "$C" tally norland-1 --json | json_get '["yes"]' >"$T/yes"
assert_eq "$(cat "$T/yes")" 5 "votes counted after two gathers"
git -C "$C" fsck --strict >/dev/null 2>&1 || fail "git fsck of the gathers"

i=0
while [ $i -lt "$CASES" ]; do
	i=$((i + 1))
	k=$(($(rand 4) + 1))
	# k voters, in order, starting at a random one
	start=$(($(rand $((6 - k + 1))) + 1))
	sed -n "${start},$((start + k - 1))p" "$T/votes" >"$T/p"
	signer=$(echo "$CHAIR $MEMBERS" | tr ' ' '\n' | sed -n "$(($(rand 7) + 1))p")
	honest=$(gather "$T/p" "$B" "$signer")
	ok "$honest"

	# nonvote: an extra file in the tree, a vote nobody cast (or the
	# amendment's own record changed)
	xo=$(echo "halcyon-systems bluefjord-telecom safe-connectivity open-networks" | tr ' ' '\n' | sed -n "$(($(rand 4) + 1))p")
	blob=$(printf 'Vote: yes\nDelegate: someone@%s.example\n\n' "$xo" | git -C "$C" hash-object -w --stdin)
	path=amendments/norland/1/votes/$xo
	if [ $((i % 3)) = 0 ]; then
		path=amendments/norland/1/amendment
		blob=$( (git -C "$C" show "$B:$path"; echo "A sentence $i more.") | git -C "$C" hash-object -w --stdin)
	fi
	caught "$(gather "$T/p" "$B" "$signer" "100644,$blob,$path")" "a gather adding $path" "gather"

	# nonvote: a chain holding a proposal
	org=$(sed -n '1s/ .*//p' "$T/p")
	email=$(git -C "$C" grep -h "^Delegate: " "$B" -- "orgs/$org" | sed -n '1s/.*<\(.*\)>.*/\1/p')
	git -C "$C" update-ref refs/heads/main "$B"
	printf 'Another text %s.\n' "$i" >"$T/t2"
	acc "$C" --as "$email" propose purpose --replace --text-file "$T/t2" >/dev/null
	prop=$(git -C "$C" rev-parse main)
	echo "$org $prop" >"$T/p1"
	caught "$(gather "$T/p1" "$B" "$signer")" "a gather of a proposal" "not a vote"

	# otherkey: org's vote signed by another organisation's key
	other=$(echo "$MEMBERS" | tr ' ' '\n' | grep -v "^$email$" | sed -n "$(($(rand 5) + 1))p")
	forged=$(vote_commit "$other" "$org" yes "$B")
	echo "$org $forged" >"$T/p1"
	caught "$(gather "$T/p1" "$B" "$signer")" "$org's vote signed by $other" "gather"

	# twice: the honest gather's first vote gathered again on top of it
	first=$(sed -n '1p' "$T/p")
	echo "$first" >"$T/p1"
	caught "$(gather "$T/p1" "$honest" "$signer")" "a vote gathered twice" "gathered twice"

	# tree: one vote file of the tree changed to another vote
	vp=amendments/norland/1/votes/$org
	blob=$(printf 'Vote: no\nDelegate: %s\n\n' "$email" | git -C "$C" hash-object -w --stdin)
	caught "$(gather "$T/p" "$B" "$signer" "100644,$blob,$vp")" "a tree that is not the replay" "gather"

	# closed: gathered after the chair closed the ballot
	git -C "$C" update-ref refs/heads/main "$B"
	acc "$C" --as "$CHAIR" close norland-1 >/dev/null
	closed=$(git -C "$C" rev-parse main)
	caught "$(gather "$T/p" "$closed" "$signer")" "votes gathered after the close" "closed"

	# count: the message counts one vote more (or less)
	gather "$T/p" "$B" "$signer" >/dev/null
	awk -v d=$(($(rand 2) * 2 - 1)) '/^Accord-Votes: / {$2 = $2 + d} {print}' "$T/gmsg" >"$T/badmsg"
	caught "$(gather "$T/p" "$B" "$signer" "" "$T/badmsg")" "a wrong count" "message"

	# order: two organisations' parents swapped
	if [ "$k" -ge 2 ]; then
		tac "$T/p" >"$T/p2"
		caught "$(gather "$T/p2" "$B" "$signer")" "parents out of order" "in order"
	fi
done
echo "t-gather-forge: $CASES cases ok"
