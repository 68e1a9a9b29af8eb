#!/bin/sh
# An independent verifier of an accord convention, written only with the
# git and ssh-keygen command lines (and POSIX tools), sharing no code with
# accord.  It checks what `accord verify` checks, in its own way:
#
#  - linear history; every commit signed (when the convention requires it)
#    by a key registered, in the parent's orgs/, to the commit's author;
#  - the files each action changes are those its organisation may write
#    (its own amendments, its own vote files; ballots, agenda and text only
#    by the chair);
#  - a proposal's Base is its target's text where it was drafted; no
#    withdrawal while the amendment's ballot is open;
#  - votes only while the ballot is open; a close's recorded counts equal a
#    recount of the vote files; an adopted replacement put exactly the
#    amendment's text into the clause;
#  - every ratified-N tag (see the block before the end).
#
# usage: independent.sh REPO [BRANCH]; prints "COMMIT problem" lines and
# exits 4 when there are any, 0 when there are none.
set -u
repo=$1
branch=${2:-main}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/independent.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
problems=0

g() { git -C "$repo" "$@"; }
report() { # commit message
	echo "$1 $2"
	problems=$((problems + 1))
}
field() { # rev:path key -> value of the first "key: value" header line
	g show "$1" 2>/dev/null | awk -v k="$2: " 'NF == 0 {exit} index($0, k) == 1 {print substr($0, length(k) + 1); exit}'
}
body() { # rev:path -> the body after the first empty line
	g show "$1" 2>/dev/null | awk 'found {print} NF == 0 && !found {found = 1}'
}
trailer() { # commit key
	g log -1 --format=%B "$1" | sed -n "s/^Accord-$2: //p" | head -n 1
}
registry() { # rev -> "email org role key..." lines
	for f in $(g ls-tree --name-only "$1" orgs/); do
		org=${f#orgs/}
		role=$(field "$1:$f" Role)
		g show "$1:$f" | awk -v org="$org" -v role="$role" '
			NF == 0 {exit}
			/^Delegate: / {
				lt = index($0, "<"); gt = index($0, ">")
				email = substr($0, lt + 1, gt - lt - 1)
				key = substr($0, gt + 2)
				print email, org, role, key
			}'
	done
}
ballot_dir() { # ballot id -> folder
	case $1 in
	ratification) echo ratification ;;
	*) echo "amendments/${1%-*}/${1##*-}" ;;
	esac
}

for c in $(g rev-list --first-parent --reverse "$branch"); do
	parents=$(g rev-list --parents -n 1 "$c" | wc -w)
	if [ "$parents" -gt 2 ]; then
		report "$c" "merge commit"
	fi
	p=$(g rev-parse -q --verify "$c^1" 2>/dev/null || true)
	reg=${p:-$c}
	registry "$reg" >"$tmp/reg"
	awk 'NF >= 5 {print $1 " namespaces=\"git\" " $4 " " $5}' "$tmp/reg" >"$tmp/allowed"
	required=$(field "$reg:convention" Signatures)
	author=$(g log -1 --format=%ae "$c")
	signer=""
	if g cat-file commit "$c" | grep -q '^gpgsig '; then
		if g -c gpg.ssh.allowedSignersFile="$tmp/allowed" verify-commit "$c" >"$tmp/v" 2>&1; then
			signer=$(sed -n 's/^Good "git" signature for \([^ ]*\) with.*/\1/p' "$tmp/v")
		else
			report "$c" "bad or unregistered signature"
			continue
		fi
	elif [ "$required" = required ]; then
		report "$c" "unsigned"
		continue
	else
		signer=$author
	fi
	if [ "$signer" != "$author" ]; then
		report "$c" "author $author is not the signer $signer"
		continue
	fi
	org=$(awk -v e="$signer" '$1 == e {print $2}' "$tmp/reg")
	if [ -z "$org" ]; then
		report "$c" "signer $signer is not a delegate"
		continue
	fi
	action=$(trailer "$c" Action)
	if [ -z "$p" ]; then
		[ "$action" = init ] || report "$c" "root is not an init"
		continue
	fi
	chair=$(field "$p:convention" Chair)
	g diff-tree -r --no-commit-id --name-status "$p" "$c" >"$tmp/changes"
	bad=""
	last=""
	while read -r status path; do
		ok=0
		case $action in
		propose)
			case $path in amendments/"$org"/*/amendment) [ "$status" = A ] && ok=1 ;; esac ;;
		withdraw | rebase)
			case $path in amendments/"$org"/*/amendment) [ "$status" = M ] && ok=1 ;; esac ;;
		vote)
			case $path in amendments/*/*/votes/"$org" | ratification/votes/"$org") ok=1 ;; esac ;;
		sign)
			case $path in ratification/signatures/"$org") [ "$status" = A ] && ok=1 ;; esac ;;
		open)
			case $path in */ballot) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		order)
			case $path in agenda/*) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		close)
			case $path in */ballot | clauses/* | toc) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		esac
		[ $ok = 1 ] || bad="$bad $path"
		last=$path
	done <"$tmp/changes"
	if [ -n "$bad" ]; then
		report "$c" "$org may not change$bad in a '$action'"
		continue
	fi
	case $action in
	vote)
		dir=${last%/votes/*}
		st=$(field "$p:$dir/ballot" Status)
		[ "$st" = open ] || report "$c" "vote on a ballot that is not open"
		[ "$(field "$p:$dir/amendment" Status)" = withdrawn ] && report "$c" "vote on a withdrawn amendment"
		role=$(awk -v e="$signer" '$1 == e {print $3}' "$tmp/reg")
		[ "$role" = member ] || report "$c" "vote by a $role"
		;;
	close)
		b=$(trailer "$c" Ballot)
		dir=$(ballot_dir "$b")
		[ "$(field "$p:$dir/ballot" Status)" = open ] || report "$c" "close of a ballot that was not open"
		registry "$c" | awk '$3 == "member" {print $2}' | sort -u >"$tmp/members"
		yes=0 no=0 abstain=0
		for v in $(g ls-tree --name-only "$c" "$dir/votes/"); do
			grep -qx "${v##*/}" "$tmp/members" || continue
			case $(field "$c:$v" Vote) in
			yes) yes=$((yes + 1)) ;;
			no) no=$((no + 1)) ;;
			abstain) abstain=$((abstain + 1)) ;;
			esac
		done
		members=$(wc -l <"$tmp/members")
		absent=$((members - yes - no - abstain))
		for k in Yes:$yes No:$no Abstain:$abstain Absent:$absent; do
			rec=$(field "$c:$dir/ballot" "${k%%:*}")
			[ "$rec" = "${k#*:}" ] || report "$c" "recorded ${k%%:*} $rec, recount ${k#*:}"
		done
		if [ "$b" != ratification ] && [ "$(field "$c:$dir/ballot" Result)" = adopted ] &&
			[ "$(field "$p:$dir/amendment" Operation)" = replace ] &&
			[ -z "$(field "$p:$dir/amendment" Amends)" ]; then
			clause=$(field "$p:$dir/amendment" Clause)
			body "$c:clauses/$clause" >"$tmp/text"
			body "$p:$dir/amendment" >"$tmp/want"
			cmp -s "$tmp/text" "$tmp/want" || report "$c" "adopted text differs from the amendment"
		fi
		;;
	propose)
		# the Base is the text its target had where it was drafted: the
		# parent, or the ancestor its Accord-Drafted-On names
		at=$(trailer "$c" Drafted-On)
		at=${at:-$p}
		if ! g merge-base --is-ancestor "$at" "$p" 2>/dev/null; then
			report "$c" "drafted on $at, which is not in its history"
		else
			amends=$(field "$c:$last" Amends)
			if [ -n "$amends" ]; then
				target=$(ballot_dir "$amends")/amendment
			else
				target=clauses/$(field "$c:$last" Clause)
			fi
			[ "$(g rev-parse -q --verify "$at:$target" 2>/dev/null)" = "$(field "$c:$last" Base)" ] ||
				report "$c" "its Base is not the text of $target where it was drafted"
		fi
		;;
	withdraw)
		[ "$(field "$p:${last%/amendment}/ballot" Status)" = open ] &&
			report "$c" "withdrawal of an amendment whose ballot is open"
		;;
	rebase | sign | open | order) ;;
	*) report "$c" "unknown action '$action'" ;;
	esac
done
# tags accord gives meaning to (ratified-N): an annotated tag named as its
# ref, on the branch, the Nth commit that closed the ratification ballot
# with result adopted (trailers, confirmed by the trees), its Accord-Commit
# and Accord-Text that commit and its text (`ls-tree convention toc
# clauses | mktree`), made by the chair delegate who made that commit:
# signed (`git verify-tag`) with the key the registry as of that commit
# gives them, or unsigned as tagger where signatures are optional.
g log --first-parent --reverse --format='@@ %H%n%B' "$branch" | awk '
	/^@@ / {c = $2; a = b = r = ""}
	/^Accord-Action: close$/ {a = 1} /^Accord-Ballot: ratification$/ {b = 1}
	/^Accord-Result: adopted$/ {r = 1}
	a && b && r && c != "" {print c; c = ""}' >"$tmp/ratified"
mkdir -p "$tmp/objects"
hdr() { sed -n "/^\$/q; s/^$1 //p" "$tmp/tag"; }   # a header of the tag read
msg() { sed -n '/^$/,$p' "$tmp/tag" | sed '/^-----BEGIN SSH SIGNATURE-----$/,$d' | sed -n "s/^Accord-$1: //p" | tail -n 1; }
for t in $(g for-each-ref --format='%(refname:strip=2)' 'refs/tags/ratified-*'); do
	obj=$(g rev-parse -q --verify "refs/tags/$t")
	n=${t#ratified-} why=""
	g cat-file tag "$obj" >"$tmp/tag" 2>/dev/null || true
	target=$(hdr object)
	nth=$(grep -nx "$target" "$tmp/ratified" 2>/dev/null | cut -d: -f1)
	tp=$(g rev-parse -q --verify "$target^1" 2>/dev/null || true)
	if ! printf '%s\n' "$n" | grep -qx '[1-9][0-9]*'; then why="its name is not ratified-N"
	elif [ "$(g cat-file -t "$obj")" != tag ]; then why="a lightweight tag"
	elif [ "$(hdr tag)" != "$t" ]; then why="the tag object is named $(hdr tag)"
	elif [ "$(hdr type)" != commit ]; then why="does not name a commit"
	elif ! g merge-base --is-ancestor "$target" "$branch" 2>/dev/null; then why="not on the branch"
	elif [ -z "$nth" ] || [ -z "$tp" ] || [ "$(field "$target:ratification/ballot" Result)" != adopted ] ||
		[ "$(field "$tp:ratification/ballot" Result)" = adopted ]; then why="not the adoption of the ratification"
	elif [ "$nth" != "$n" ]; then why="numbered $n, but it tags ratification $nth"
	elif [ "$(msg Commit)" != "$target" ]; then why="Accord-Commit is not the tagged commit"
	elif [ "$(msg Text)" != "$(g ls-tree "$target" convention toc clauses |
		GIT_OBJECT_DIRECTORY="$tmp/objects" g mktree --missing)" ]; then why="Accord-Text is not the tagged text"
	else
		registry "$target" >"$tmp/treg"
		awk 'NF >= 5 {print $1 " namespaces=\"git\" " $4 " " $5}' "$tmp/treg" >"$tmp/tallowed"
		tagger=$(hdr tagger | sed 's/.*<\(.*\)>.*/\1/')
		signer=$tagger
		if grep -q '^-----BEGIN SSH SIGNATURE-----$' "$tmp/tag"; then
			g -c gpg.ssh.allowedSignersFile="$tmp/tallowed" verify-tag "$obj" >"$tmp/v" 2>&1 || why="bad or unregistered signature"
			signer=$(sed -n 's/^Good "git" signature for \([^ ]*\) with.*/\1/p' "$tmp/v")
		elif [ "$(field "$target:convention" Signatures)" = required ]; then why="unsigned"
		fi
		org=$(awk -v e="$signer" '$1 == e {print $2}' "$tmp/treg")
		if [ -n "$why" ]; then :
		elif [ "$signer" != "$tagger" ]; then why="tagger $tagger is not the signer $signer"
		elif [ -z "$org" ] || [ "$org" != "$(field "$target:convention" Chair)" ]; then why="$signer is not a chair delegate"
		elif [ "$(g log -1 --format=%ae "$target")" != "$signer" ]; then why="$signer did not close the ballot"
		fi
	fi
	[ -z "$why" ] || report "$obj" "tag $t: $why"
done
[ "$problems" = 0 ] || exit 4
exit 0
