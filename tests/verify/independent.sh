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
#  - a ballot's terms are fixed when it opens: an opening writes the
#    convention's rule and quorum (unless its Accord-Rule/-Quorum say
#    otherwise) and every member of the registry with its weight (Elector
#    lines); votes and recounts use those electors; only the chair's
#    'rules' action changes the convention afterwards; no ballot re-opens.
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
electors() { # rev -> "Elector: org weight" for every member of its registry
	for f in $(g ls-tree --name-only "$1" orgs/); do
		[ "$(field "$1:$f" Role)" = member ] || continue
		w=$(field "$1:$f" Weight)
		echo "Elector: ${f#orgs/} ${w:-1}"
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
		rules)
			case $path in convention) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
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
		if g show "$p:$dir/ballot" | grep -q '^Elector: '; then
			g show "$p:$dir/ballot" | grep -q "^Elector: $org " || report "$c" "vote by $org, not an elector"
		else
			[ "$role" = member ] || report "$c" "vote by a $role"
		fi
		;;
	close)
		b=$(trailer "$c" Ballot)
		dir=$(ballot_dir "$b")
		[ "$(field "$p:$dir/ballot" Status)" = open ] || report "$c" "close of a ballot that was not open"
		# the electorate recorded at opening (older ballots: the registry)
		g show "$p:$dir/ballot" | sed -n 's/^Elector: //p' >"$tmp/electors"
		[ -s "$tmp/electors" ] || registry "$c" | awk '$3 == "member" {print $2, 1}' | sort -u >"$tmp/electors"
		cut -d' ' -f1 "$tmp/electors" >"$tmp/members"
		yes=0 no=0 abstain=0 wy=0 wn=0 wa=0
		for v in $(g ls-tree --name-only "$c" "$dir/votes/"); do
			w=$(awk -v o="${v##*/}" '$1 == o {print $2}' "$tmp/electors")
			[ -n "$w" ] || continue
			case $(field "$c:$v" Vote) in
			yes) yes=$((yes + 1)) wy=$((wy + w)) ;;
			no) no=$((no + 1)) wn=$((wn + w)) ;;
			abstain) abstain=$((abstain + 1)) wa=$((wa + w)) ;;
			esac
		done
		members=$(wc -l <"$tmp/members")
		absent=$((members - yes - no - abstain))
		wall=$(awk '{s += $2} END {print s + 0}' "$tmp/electors")
		set -- Yes:$yes No:$no Abstain:$abstain Absent:$absent
		[ "$wall" = "$members" ] || set -- "$@" Weighted-Yes:$wy Weighted-No:$wn \
			Weighted-Abstain:$wa Weighted-Absent:$((wall - wy - wn - wa))
		for k in "$@"; do
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
	open)
		# the terms of the convention and the registry of the parent
		b=$(trailer "$c" Ballot)
		dir=$(ballot_dir "$b")
		g cat-file -e "$p:$dir/ballot" 2>/dev/null && report "$c" "a ballot opened twice"
		k=; [ "$b" = ratification ] && k=Ratification-
		rule=$(trailer "$c" Rule)
		[ -n "$rule" ] || rule=$(field "$p:convention" "${k}Rule")
		[ -n "$rule" ] || rule=$(field "$p:convention" Rule)
		quorum=$(trailer "$c" Quorum)
		[ -n "$quorum" ] || quorum=$(field "$p:convention" "${k}Quorum")
		[ -n "$quorum" ] || quorum=$(field "$p:convention" Quorum)
		[ "$(field "$c:$dir/ballot" Rule)" = "$rule" ] || report "$c" "opened under a rule other than $rule"
		[ "$(field "$c:$dir/ballot" Quorum)" = "$quorum" ] || report "$c" "opened with a quorum other than $quorum"
		electors "$p" >"$tmp/want"
		g show "$c:$dir/ballot" | grep '^Elector: ' >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" || report "$c" "its electorate is not the registry's members"
		;;
	rebase | sign | order | rules) ;;
	*) report "$c" "unknown action '$action'" ;;
	esac
done
[ "$problems" = 0 ] || exit 4
exit 0
