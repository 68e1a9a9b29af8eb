#!/bin/sh
# Many generated histories: random delegates take random actions (some
# refused, which must commit nothing), then accord verify and the
# independent verifier must both find each honest history clean, and both
# flag the same commit after it is replaced by a forgery.
. "$(dirname "$0")/lib.sh"

# may_refuse CMD...: runs a random action, which may succeed, fail with one
# line (1) or be refused (3); anything else (a crash, a usage error) fails.
may_refuse() {
	set +e
	"$@" >/dev/null 2>"$T/action.err"
	rc=$?
	set -e
	case $rc in
	0 | 1 | 3) ;;
	*)
		cat "$T/action.err" >&2
		fail "exit status $rc from: $*"
		;;
	esac
}

SEEDS=${ACCORD_VERIFY_SEEDS:-3}
ACTIONS=${ACCORD_VERIFY_ACTIONS:-30}
MEMBERS="$NORLAND $ASTORIA $VALMORA $KESTRIA $TAVIRA $SANTEO $MERIDIAN $HALCYON $OPENNET $SAFECON $BLUEFJ $OBSERVER"
CLAUSES="purpose definitions scope health-care neutrality withdrawal depositary signature"

seed=1
while [ $seed -le "$SEEDS" ]; do
	C="$T/h$seed"
	expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
	# a tiny deterministic generator (awk) drives the choices
	awk -v seed=$seed -v n="$ACTIONS" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) print int(rand() * 1000000)
	}' >"$T/rand"
	i=0
	while read -r r; do
		i=$((i + 1))
		set -- $MEMBERS
		shift $((r % $#))
		who=$1
		set -- $CLAUSES
		shift $(((r / 7) % $#))
		clause=$1
		ids=$(acc "$C" amendments --json | json_eval '" ".join(x["id"] for x in v)')
		set -- $ids
		target=""
		[ $# -gt 0 ] && { shift $(((r / 13) % $#)); target=$1; }
		case $(((r / 3) % 6)) in
		0) printf 'Text %s of the %s.\n' "$r" "$clause" >"$T/text"
		   may_refuse acc "$C" --as "$who" propose "$clause" --replace --text-file "$T/text" ;;
		1) [ -z "$target" ] || may_refuse acc "$C" --as "$CHAIR" open "$target" ;;
		2|3) [ -z "$target" ] || may_refuse acc "$C" --as "$who" vote "$target" \
			"$(echo yes no abstain | cut -d' ' -f$(((r / 5) % 3 + 1)))" ;;
		4) [ -z "$target" ] || may_refuse acc "$C" --as "$CHAIR" close "$target" ;;
		5) [ -z "$target" ] || may_refuse acc "$C" --as "$who" withdraw "$target" ;;
		esac
	done <"$T/rand"
	n=$(git -C "$C" rev-list --count main)
	[ "$n" -gt 5 ] || fail "seed $seed: only $n commits were generated"
	expect_status 0 "$ACCORD" -C "$C" verify
	# the state verify follows commit by commit is, at every commit, the
	# state a whole load of its tree gives
	expect_status 0 env ACCORD_VERIFY_CROSSCHECK=1 "$ACCORD" -C "$C" verify
	expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$C"

	# forge: re-commit a random vote (or the tip) as another organisation's
	victim=$(git -C "$C" log --format=%H --grep='^Accord-Action: vote$' main | sed -n 1p)
	if [ -n "$victim" ]; then
		F="$T/f$seed"
		cp -r "$C" "$F"
		git -C "$F" update-ref refs/heads/main "$victim"
		path=$(git -C "$F" diff-tree -r --no-commit-id --name-only "$victim^" "$victim" | sed -n 1p)
		dir=${path%/votes/*}
		blob=$(git -C "$F" rev-parse "$victim:$path")
		idx="$T/idx$seed"
		GIT_INDEX_FILE="$idx" git -C "$F" read-tree "$victim^"
		GIT_INDEX_FILE="$idx" git -C "$F" update-index --add --cacheinfo "100644,$blob,$dir/votes/forged"
		tree=$(GIT_INDEX_FILE="$idx" git -C "$F" write-tree)
		signer=$(git -C "$F" log -1 --format=%ae "$victim")
		forged=$(GIT_AUTHOR_NAME=F GIT_AUTHOR_EMAIL=$signer GIT_COMMITTER_NAME=F \
			GIT_COMMITTER_EMAIL=$signer git -C "$F" -c gpg.format=ssh \
			-c user.signingkey="$F/accord/keys/$signer" commit-tree -S -p "$victim^" \
			-m "$(git -C "$F" log -1 --format=%B "$victim")" "$tree")
		git -C "$F" update-ref refs/heads/main "$forged"
		expect_status 4 "$ACCORD" -C "$F" verify
		grep -q "^$(echo "$forged" | cut -c1-12) " "$T/out" || fail "seed $seed: accord missed the forgery"
		expect_status 4 sh "$ROOT/tests/verify/independent.sh" "$F"
		grep -q "^$forged " "$T/out" || fail "seed $seed: the independent verifier missed it"
	fi
	seed=$((seed + 1))
done
