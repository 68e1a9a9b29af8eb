#!/bin/sh
# Every kind of forgery of issue 15, generated: for each seed a random
# honest history (random texts, voters and votes, a co-sponsorship, a
# revoked key), which both verifiers accept; then for each kind of forgery
# CASES random variants on it (random victims, names, dates, headers,
# counts, signers), each of which accord verify and the independent
# verifier must both reject, naming the forged commit (and accord the
# rule).  The kinds:
#  author, committer, future   what git shows of who and when
#  header, merge               headers accord never writes
#  replace, notes              refs that change what plain git shows
#  smuggle                    a file outside the commit's own change
#                              changed, added or removed by its signer
#  signer, message, dates, modes, tally, open, registry, revoked,
#  consent, withdraw           the rules that landed before (wrong signer,
#                              message lie, moved dates, mode change,
#                              forged tally, non-chair open/close,
#                              registry change by a non-chair, revoked key,
#                              co-sponsor without consent, withdraw while
#                              the ballot is open)
# ACCORD_FORGE_SEEDS and ACCORD_FORGE_CASES make it heavier (1 and 1 here:
# about 50 s of CPU; e.g. 3 and 4 try twelve variants of each kind).
. "$(dirname "$0")/lib.sh"

SEEDS=${ACCORD_FORGE_SEEDS:-1}
CASES=${ACCORD_FORGE_CASES:-1}
INDEPENDENT="$ROOT/tests/verify/independent.sh"
VOTERS="$NORLAND $ASTORIA $VALMORA $KESTRIA $TAVIRA $SANTEO"
MEMBERS="$NORLAND $VALMORA $KESTRIA $TAVIRA $MERIDIAN $HALCYON"

SEED=0
rand() { # N: a deterministic random number below N
	SEED=$((SEED + 1))
	awk -v s="$SEED" -v n="$1" 'BEGIN {srand(s * 7919 + 17); print int(rand() * n)}'
}
pick() { # word...: one of them at random
	shift $(rand $#)
	echo "$1"
}

g() { git -C "$F" "$@"; }
name_of() { # email: the delegate's name in the registry of the tip
	g grep -h "<$1>" "$TIP" -- orgs | sed -n '1s/^Delegate: \(.*\) <.*/\1/p'
}
date_of() { # commit: its author date "T +hhmm"
	g cat-file commit "$1" | sed -n 's/^author .*> //p'
}
author_of() { g log -1 --format=%ae "$1"; }

# raw KEY-EMAIL("-": unsigned) PARENTS TREE AUTHOR COMMITTER EXTRA MSGFILE:
# writes a commit object byte by byte (AUTHOR/COMMITTER "Name <email> T
# +hhmm", EXTRA more header lines), signed as git signs with gpg.format=ssh
# by the demo key of KEY-EMAIL; prints its id.
raw() {
	{
		echo "tree $3"
		for p in $2; do echo "parent $(g rev-parse "$p")"; done
		echo "author $4"
		echo "committer $5"
		[ -z "$6" ] || printf '%s\n' "$6"
		echo
		cat "$7"
	} >"$T/raw"
	if [ "$1" != - ]; then
		ssh-keygen -Y sign -n git -f "$F/accord/keys/$1" <"$T/raw" >"$T/raw.sig" 2>/dev/null
		awk -v sig="$T/raw.sig" 'NF == 0 && !done {
			first = 1
			while ((getline l <sig) > 0) {print (first ? "gpgsig " : " ") l; first = 0}
			done = 1
		} {print}' "$T/raw" >"$T/raw.signed"
		mv "$T/raw.signed" "$T/raw"
	fi
	g hash-object -t commit -w --stdin <"$T/raw"
}

# again VICTIM [SIGNER [AUTHOR [COMMITTER [EXTRA [MSGFILE [TREE [PARENTS]]]]]]]:
# VICTIM made again with what is given changed (defaults: its own)
again() {
	v=$1
	s=${2:-$(author_of "$v")}
	a=${3:-$(name_of "$s") <$s> $(date_of "$v")}
	msg_of "$v" "$T/again.msg"
	raw "$s" "${8:-$(g rev-parse "$v^")}" "${7:-$(g rev-parse "$v^{tree}")}" "$a" "${4:-$a}" \
		"${5:-}" "${6:-$T/again.msg}"
}

# honestly AT ARGS...: the commit an accord action makes on AT (in $F,
# whose branch is then put back at $TIP)
honestly() {
	at=$1
	shift
	g update-ref refs/heads/main "$at"
	"$ACCORD" -C "$F" "$@" >/dev/null
	g rev-parse main
	g update-ref refs/heads/main "$TIP"
}

# moved COMMIT ONTO: the tree of ONTO with the files COMMIT added or changed
moved() {
	set -- "$1" "$2" $(g diff-tree -r --no-commit-id --raw "$1^" "$1" | awk '{print "100644," $4 "," $6}')
	shift
	tree_with "$@"
}

# caught COMMIT WHAT [RULE]: both verifiers reject the branch at COMMIT,
# naming it (accord's report: $T/accord-out, containing RULE if given)
caught() {
	g update-ref refs/heads/main "$1"
	expect_status 4 "$ACCORD" -C "$F" verify
	grep -q "^$(echo "$1" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "seed $seed: accord verify missed: $2"; }
	[ -z "${3:-}" ] || assert_contains "$T/out" "$3"
	cp "$T/out" "$T/accord-out"
	expect_status 4 sh "$INDEPENDENT" "$F"
	grep -q "^$1 " "$T/out" || { cat "$T/out"; fail "seed $seed: the independent verifier missed: $2"; }
	g update-ref refs/heads/main "$TIP"
}

seed=1
while [ "$seed" -le "$SEEDS" ]; do
	SEED=$((seed * 1000))
	# a random honest history
	C="$T/honest$seed"
	expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
	printf 'Vendors shall remedy reported vulnerabilities within %s days.\n' "$(rand 400)" >"$T/new.txt"
	acc "$C" --as "$MERIDIAN" propose vulnerability-disclosure --insert-after --heading Remedies \
		--id remedies --text-file "$T/new.txt" --cosponsor halcyon-systems --cosponsor bluefjord-telecom >/dev/null
	acc "$C" --as "$HALCYON" cosponsor meridian-cloud-1 >/dev/null
	printf 'A purpose, version %s.\n' "$(rand 100000)" >"$T/text"
	acc "$C" --as "$NORLAND" propose purpose --replace --text-file "$T/text" >/dev/null
	acc "$C" --as "$CHAIR" open norland-1 >/dev/null
	for who in $VOTERS; do
		v=$(pick yes yes no abstain skip)
		[ "$v" = skip ] || acc "$C" --as "$who" vote norland-1 "$v" >/dev/null
	done
	acc "$C" --as "$CHAIR" close norland-1 >/dev/null
	acc "$C" --as "$CHAIR" open meridian-cloud-1 >/dev/null
	acc "$C" --as "$CHAIR" registry revoke-key astoria "$ASTORIA" >/dev/null
	expect_status 0 "$ACCORD" -C "$C" verify
	expect_status 0 sh "$INDEPENDENT" "$C"
	F="$T/forged$seed"
	cp -r "$C" "$F"
	TIP=$(g rev-parse main)
	ROOTC=$(g rev-list --max-parents=0 main)
	COMMITS=$(g rev-list "$ROOTC..$TIP")
	VOTES=$(g log --format=%H --grep='^Accord-Action: vote$' main)
	CLOSE=$(g log -1 --format=%H --grep='^Accord-Action: close$' main)
	OPEN=$(g log -1 --format=%H --grep='^Accord-Action: open$' main)
	REVOKE=$TIP
	# the actions the forgeries below are made of, made honestly elsewhere
	ASTORIA_VOTE=$(honestly "$TIP^" --as "$ASTORIA" vote meridian-cloud-1 yes)
	WITHDRAW=$(honestly "$OPEN^" --as "$MERIDIAN" withdraw meridian-cloud-1)
	CONSENT=$(honestly "$OPEN^" --as "$BLUEFJ" cosponsor meridian-cloud-1)

	i=0
	while [ $i -lt "$CASES" ]; do
		i=$((i + 1))
		n=$(rand 100000)
		victim=$(pick $COMMITS)
		s=$(author_of "$victim")
		d=$(date_of "$victim")

		# author: another name, or another delegate's email (signed by s)
		other=$(pick $MEMBERS $CHAIR)
		[ "$other" != "$s" ] || other=$NORLAND2
		a=$(pick "Someone $n <$s> $d" "$(name_of "$s") $n <$s> $d" "$(name_of "$other") <$other> $d")
		caught "$(again "$victim" "$s" "$a")" "the author $a" "author"

		# committer: another person or another date than the author's
		c=$(pick "Someone $n <$s> $d" "$(name_of "$other") <$other> $d" \
			"$(name_of "$s") <$s> $((${d% *} + 1 + n % 1000)) +0000" "$(name_of "$s") <$s> ${d% *} +0100")
		caught "$(again "$victim" "$s" "" "$c")" "the committer $c" "commit"

		# future: the tip dated more than a day after the verifier's clock
		fut=$(($(date +%s) + 86400 + 60 + n))
		caught "$(again "$TIP" "$CHAIR" "$(name_of "$CHAIR") <$CHAIR> $fut +0000")" "a date $fut" "in the future"

		# header: a header accord never writes
		h=$(pick "encoding ISO-8859-$((n % 9 + 1))" "x-accord-$n yes" "mergetag object $ROOTC" \
			"committer $(name_of "$s") <$s> $d")
		caught "$(again "$victim" "" "" "" "$h")" "the header $h" "header accord never writes"

		# merge: a second parent
		second=$(pick $COMMITS)
		caught "$(again "$TIP" "" "" "" "" "" "" "$TIP^ $second")" "a merge with $second" "merge commit"

		# replace: plain git would show another commit in place of victim
		# (accord never honours it: the history still verifies as written)
		fake=$(again "$victim" "" "Someone $n <$s> $d")
		g replace "$victim" "$fake"
		expect_status 4 "$ACCORD" -C "$F" verify
		assert_eq "$(grep -c '^[0-9a-f]\{12\} ' "$T/out")" 1 "accord's problems with only a replace ref"
		assert_contains "$T/out" "refs/replace/$victim"
		expect_status 4 sh "$INDEPENDENT" "$F"
		grep -q "^$victim refs/replace/" "$T/out" || { cat "$T/out"; fail "the independent verifier missed a replace ref"; }
		g replace -d "$victim" >/dev/null

		# notes: git log would print them under the commit
		g -c user.name=N -c user.email=n@example notes add -m "Adopted unanimously ($n)" "$victim"
		expect_status 4 "$ACCORD" -C "$F" verify
		assert_contains "$T/out" "refs/notes/commits"
		expect_status 4 sh "$INDEPENDENT" "$F"
		grep -q "refs/notes/commits" "$T/out" || fail "the independent verifier missed notes"
		g update-ref -d refs/notes/commits

		# smuggle: a file outside the victim's own change changed, added or
		# removed, signed by the victim's own signer: no action wrote it
		own=$(g diff-tree -r --no-commit-id --name-only "$victim^" "$victim")
		p=$(pick $(g ls-tree -r --name-only "$victim" | awk -v own="$own" '
			BEGIN { n = split(own, o, "\n"); for (j = 1; j <= n; j++) mine[o[j]] = 1 }
			!($0 in mine)'))
		case $(rand 3) in
		0) how="$p changed"
		   blob=$({ g show "$victim:$p"; echo "Smuggled $n."; } | g hash-object -w --stdin)
		   tree=$(tree_with "$victim" "100644,$blob,$p") ;;
		1) pd=$(dirname "$p")
		   q=$(pick "$pd/smuggled-$n" "smuggled-$n" "amendments/${p#*/}-$n")
		   q=${q#./}
		   how="$q added"
		   blob=$(echo "Adopted: yes ($n)" | g hash-object -w --stdin)
		   tree=$(tree_with "$victim" "100644,$blob,$q") ;;
		*) how="$p removed"
		   rm -f "$T/idx"
		   GIT_INDEX_FILE="$T/idx" g read-tree "$victim"
		   GIT_INDEX_FILE="$T/idx" g update-index --force-remove "$p"
		   tree=$(GIT_INDEX_FILE="$T/idx" g write-tree) ;;
		esac
		caught "$(again "$victim" "" "" "" "" "" "$tree")" \
			"$how in $(g log -1 --format=%s "$victim")"

		# signer: a vote made again by another voter's delegate
		v=$(pick $VOTES)
		w=$(pick $MEMBERS)
		[ "$w" != "$(author_of "$v")" ] || w=$SANTEO
		caught "$(again "$v" "$w")" "a vote re-signed by $w"

		# message: one word of a random commit's message changed
		msg_of "$victim" "$T/m"
		k=$(($(rand "$(wc -l <"$T/m")") + 1))
		awk -v k=$k -v n=$n 'NR == k {$0 = $0 "x" n} {print}' "$T/m" >"$T/m2"
		caught "$(again "$victim" "" "" "" "" "$T/m2")" "line $k of a message changed"

		# dates: the tip dated before its parent
		back="$(name_of "$CHAIR") <$CHAIR> $((${d% *} - 1 - n)) +0000"
		caught "$(again "$TIP" "$CHAIR" "$back" "" "" "" "" "$TIP^")" "the tip dated back" "dates go backwards"

		# modes: an entry of the victim's tree made executable or a link
		path=$(pick clauses/purpose convention toc orgs/norland "$(g diff-tree -r --no-commit-id --name-only "$victim^" "$victim" | sed -n 1p)")
		mode=$(pick 100755 120000)
		caught "$(again "$victim" "" "" "" "" "" "$(tree_with "$victim" "$mode,$(g rev-parse "$victim:$path"),$path")")" \
			"$path with mode $mode" "only plain files"

		# tally: the close records other counts
		bf=amendments/norland/1/ballot
		key=$(pick Yes No Abstain Absent)
		g show "$CLOSE:$bf" | awk -v k="$key: " -v d=$((n % 3 + 1)) 'index($0, k) == 1 {$0 = k (substr($0, length(k) + 1) + d)} {print}' >"$T/ballot"
		caught "$(again "$CLOSE" "" "" "" "" "" "$(tree_with "$CLOSE" "100644,$(g hash-object -w "$T/ballot"),$bf")")" \
			"a close whose $key is off"

		# open: the chair's opening (or closing) signed by a member
		w=$(pick $MEMBERS)
		caught "$(again "$(pick "$OPEN" "$CLOSE")" "$w")" "a ballot opened or closed by $w"

		# registry: the chair's revocation signed by a member
		caught "$(again "$REVOKE" "$w")" "a registry change by $w"

		# revoked: Astoria votes with the key revoked in the parent
		caught "$(again "$ASTORIA_VOTE" "" "" "" "" "" "$(moved "$ASTORIA_VOTE" "$TIP")" "$TIP")" \
			"a vote with a revoked key" "not registered"

		# consent: the sponsor lists a co-sponsor itself
		caught "$(again "$CONSENT" "$MERIDIAN")" "a co-sponsor listed by the sponsor"

		# withdraw: while the amendment's ballot is open
		onto=$(pick "$OPEN" "$TIP")
		caught "$(again "$WITHDRAW" "" "" "" "" "" "$(moved "$WITHDRAW" "$onto")" "$onto")" \
			"a withdrawal while the ballot is open"
	done
	# the honest history is still clean for both
	expect_status 0 "$ACCORD" -C "$F" verify
	expect_status 0 sh "$INDEPENDENT" "$F"
	seed=$((seed + 1))
done
