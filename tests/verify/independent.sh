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
#  - the registry (orgs/) changed only by the chair, in its own actions,
#    one org at a time, never one key for two delegates;
#  - a co-sponsor's file amendments/*/*/cosponsors/ORG only by ORG, never
#    the sponsor, and never while the ballot is open; no Cosponsor line
#    written by a sponsor into its amendment (it only invites);
#  - votes only while the ballot is open; a close's recorded counts equal a
#    recount of the vote files; an adopted replacement put exactly the
#    amendment's text into the clause;
#  - the root is the chair's init and holds only convention, toc, clauses/
#    and orgs/; every message is the one its action writes, rebuilt here
#    from the files the commit wrote; dates never go backwards; every entry
#    is a plain file (100644) or a folder; no key is registered twice.
#  - every ratified-N tag (see the block before the end).
#  - what plain git shows is what accord writes: the header holds only
#    tree, one parent, author, committer (the author, same date) and
#    gpgsig; the author is the signing delegate as the registry names
#    them; no date more than a day ahead of the clock.  git runs with
#    GIT_NO_REPLACE_OBJECTS; refs/replace/ and refs/notes/ refs are
#    reported (see the end).
#  - registry and co-sponsor messages are rebuilt from the Delegate lines
#    and consent files they changed, like the others.
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

# plain git as accord reads it: never through a replace ref (reported below)
g() { GIT_NO_REPLACE_OBJECTS=1 git -C "$repo" "$@"; }
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
message() { # commit -> its exact message
	g cat-file commit "$1" | sed '1,/^$/d'
}
fallen_ok() { # commit parent ballot-dir: the Fallen trailers name exactly
	# the other amendments whose ballot this close changed (they fell)
	g diff-tree -r --no-commit-id --name-only "$2" "$1" |
		sed -n 's|^amendments/\([^/]*\)/\([0-9]*\)/ballot$|\1-\2|p' |
		grep -vx "$(echo "$3" | sed 's|^amendments/\([^/]*\)/\([0-9]*\)$|\1-\2|')" | sort >"$tmp/fa"
	message "$1" | sed -n 's/^Accord-Fallen: //p' | sort >"$tmp/fb"
	cmp -s "$tmp/fa" "$tmp/fb"
}
cosponsor_lines() { # rev:path -> the Cosponsor header lines of a record
	g show "$1" 2>/dev/null | awk 'NF == 0 {exit} /^Cosponsor: /'
}
electors() { # rev -> "Elector: org weight" for every member of its registry
	for f in $(g ls-tree --name-only "$1" orgs/); do
		[ "$(field "$1:$f" Role)" = member ] || continue
		w=$(field "$1:$f" Weight)
		echo "Elector: ${f#orgs/} ${w:-1}"
	done
}
dlines() { # rev org -> "email key" for each Delegate line of orgs/ORG
	g show "$1:orgs/$2" 2>/dev/null | awk 'NF == 0 {exit} /^Delegate: / {
		lt = index($0, "<"); gt = index($0, ">")
		print substr($0, lt + 1, gt - lt - 1) substr($0, gt + 1)}'
}
delegate_name() { # rev org email -> the name its Delegate line gives
	g show "$1:orgs/$2" 2>/dev/null | awk -v e=" <$3>" 'NF == 0 {exit}
		/^Delegate: / {i = index($0, e); if (i) {print substr($0, 11, i - 11); exit}}'
}
header_rule() { # commit -> the first rule its header breaks (accord writes
	# tree, at most one parent, author, committer, an optional gpgsig; the
	# committer is the author, same date; the date not after $not_after)
	g cat-file commit "$1" | awk -v na="$not_after" '
		NF == 0 {exit}
		bad != "" {next}
		/^ / {if (last != "gpgsig") bad = "a continued header other than gpgsig"; next}
		{
			k = $1
			if (k == "tree" && last == "") ;
			else if (k == "parent" && (last == "tree" || last == "parent")) ;
			else if (k == "author" && (last == "tree" || last == "parent")) a = substr($0, 8)
			else if (k == "committer" && last == "author") cm = substr($0, 11)
			else if (k == "gpgsig" && last == "committer") ;
			else bad = "a header accord never writes: " k
			last = k
		}
		END {
			if (bad == "" && (a == "" || cm == "")) bad = "no author or no committer"
			if (bad == "" && a != cm) bad = "the committer is not its author (person and date)"
			n = split(a, f, " ")
			if (bad == "" && f[n - 1] + 0 > na + 0) bad = "dated in the future"
			print bad
		}'
}
waiting() { # rev clause -> "id pos del" for each amendment of the clause
	# that waits for its ballot (tabled: no ballot, not withdrawn, not a
	# sub-amendment, drafted on the clause's current text); pos is its
	# place in the chair's agenda (999999 when unlisted), del 0 for a
	# deletion (deletions go first), else 1
	g show "$1:agenda/$2" 2>/dev/null | awk 'NF > 0' >"$tmp/agenda"
	w_cb=$(g rev-parse -q --verify "$1:clauses/$2" 2>/dev/null)
	for w_f in $(g ls-tree -r --name-only "$1" amendments/ | grep '/amendment$'); do
		w_d=${w_f%/amendment}
		[ "$(field "$1:$w_f" Clause)" = "$2" ] && [ -z "$(field "$1:$w_f" Amends)" ] || continue
		[ "$(field "$1:$w_f" Status)" != withdrawn ] || continue
		g cat-file -e "$1:$w_d/ballot" 2>/dev/null && continue
		w_op=$(field "$1:$w_f" Operation)
		[ "$w_op" = insert-after ] || [ "$(field "$1:$w_f" Base)" = "$w_cb" ] || continue
		w_id=$(echo "$w_d" | sed 's|^amendments/\([^/]*\)/\([0-9]*\)$|\1-\2|')
		w_pos=$(grep -nx -- "$w_id" "$tmp/agenda" | cut -d: -f1 | head -n 1)
		w_del=1
		[ "$w_op" = delete ] && w_del=0
		echo "$w_id ${w_pos:-999999} $w_del"
	done
}
ballot_dir() { # ballot id -> folder
	case $1 in
	ratification) echo ratification ;;
	*) echo "amendments/${1%-*}/${1##*-}" ;;
	esac
}

prev_times=""
not_after=$(($(date +%s) + 86400)) # a day of clock skew
for c in $(g rev-list --first-parent --reverse "$branch"); do
	parents=$(g rev-list --parents -n 1 "$c" | wc -w)
	if [ "$parents" -gt 2 ]; then
		report "$c" "merge commit"
	fi
	p=$(g rev-parse -q --verify "$c^1" 2>/dev/null || true)
	# dates never go backwards (author and committer)
	times=$(g log -1 --format='%at %ct' "$c")
	if [ -n "$prev_times" ]; then
		set -- $prev_times $times
		[ "$3" -ge "$1" ] && [ "$4" -ge "$2" ] || report "$c" "dates go backwards"
	fi
	prev_times=$times
	why=$(header_rule "$c")
	[ -z "$why" ] || report "$c" "$why"
	# only plain files and folders, and no mode changes
	if [ -z "$p" ]; then
		g ls-tree -r -t "$c" | awk '$1 != "100644" && $1 != "040000" {print $4}' >"$tmp/modes"
	else
		g diff-tree -r -t --no-commit-id --raw "$p" "$c" | awk '{
			o = substr($1, 2); n = $2
			if ((n != "100644" && n != "040000" && n != "000000") ||
			    (o != "000000" && n != "000000" && o != n)) print $6}' >"$tmp/modes"
	fi
	[ -s "$tmp/modes" ] && report "$c" "only plain files: $(tr '\n' ' ' <"$tmp/modes")"
	reg=${p:-$c}
	registry "$reg" >"$tmp/reg"
	# one key, one delegate
	dup=$(awk 'NF >= 5 {print $5}' "$tmp/reg" | sort | uniq -d | head -n 1)
	[ -n "$dup" ] && report "$c" "a key registered twice"
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
	# author and committer: the delegate who signed, as accord writes them
	case $(g cat-file commit "$c" | sed -n 's/^author //p') in
	"$(delegate_name "$reg" "$org" "$signer") <$signer> "*) ;;
	*) report "$c" "its author is not the delegate who signed it, as accord writes them" ;;
	esac
	action=$(trailer "$c" Action)
	if [ -z "$p" ]; then
		[ "$action" = init ] || report "$c" "root is not an init"
		[ "$org" = "$(field "$c:convention" Chair)" ] || report "$c" "root not opened by the chair"
		odd=$(g ls-tree -r --name-only "$c" | grep -Ev '^(convention|toc|clauses/[^/]+|orgs/[^/]+)$' | head -n 1)
		[ -z "$odd" ] || report "$c" "the root holds $odd"
		printf 'Open the draft: %s\n\nAccord-Action: init\nAccord-Proposal: %s\n' \
			"$(field "$c:convention" Title)" "$(field "$c:convention" Short-Title)" >"$tmp/want"
		message "$c" | cmp -s - "$tmp/want" || report "$c" "its message is not what init writes"
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
		cosponsor)
			case $path in amendments/"$org"/*) ;; amendments/*/*/cosponsors/"$org") ok=1 ;; esac ;;
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
		admit)
			case $path in orgs/*) [ "$org" = "$chair" ] && [ "$status" = A ] && ok=1 ;; esac ;;
		add-key | revoke-key | add-delegate | remove-delegate)
			case $path in orgs/*) [ "$org" = "$chair" ] && [ "$status" = M ] && ok=1 ;; esac ;;
		esac
		[ $ok = 1 ] || bad="$bad $path"
		last=$path
		laststatus=$status
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
	admit | add-key | revoke-key | add-delegate | remove-delegate)
		# the registry: the org its trailer names; one key, one delegate;
		# never the chair without a delegate
		[ "$last" = "orgs/$(trailer "$c" Org-Changed)" ] || report "$c" "changes $last, not the org it names"
		dup=$(registry "$c" | awk 'NF >= 5 {print $4 " " $5}' | sort | uniq -d | head -n 1)
		[ -z "$dup" ] || report "$c" "one key registered to two delegates"
		[ -n "$(registry "$c" | awk -v ch="$chair" '$2 == ch')" ] || report "$c" "the chair has no delegate left"
		;;
	cosponsor)
		[ "$(field "$p:${last%/cosponsors/*}/ballot" Status)" = open ] &&
			report "$c" "co-sponsorship changed while the ballot is open"
		# a consent names the amendment and the delegate who gave it
		if [ "$laststatus" != D ]; then
			a=$(echo "${last%/cosponsors/*}" | sed 's|^amendments/\([^/]*\)/\([0-9]*\)$|\1-\2|')
			[ "$(field "$c:$last" Amendment)" = "$a" ] && [ "$(field "$c:$last" Delegate)" = "$signer" ] ||
				report "$c" "its consent does not name $a and $signer"
		fi
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
	# the message is the one the action writes, rebuilt from what it wrote
	want=""
	case $last in
	amendments/*/*/*) adir=$(echo "$last" | sed 's|^\(amendments/[^/]*/[^/]*\)/.*|\1|') ;;
	*) adir=ratification ;;
	esac
	case $adir in
	amendments/*) id=$(echo "$adir" | sed 's|^amendments/\([^/]*\)/\([0-9]*\)$|\1-\2|')
		clause=$(field "$c:$adir/amendment" Clause)
		amends=$(field "$c:$adir/amendment" Amends)
		tail=$(printf 'Accord-Amendment: %s\nAccord-Clause: %s' "$id" "$clause") ;;
	*) id=ratification tail="" ;;
	esac
	head=$(printf 'Accord-Action: %s\nAccord-Org: %s' "$action" "$org")
	case $action in
	propose)
		case $(field "$c:$adir/amendment" Operation) in
		replace) what="replace the text of $clause" ;;
		delete) what="delete $clause" ;;
		*) what="insert a clause after $clause" ;;
		esac
		[ -n "$amends" ] && what="amend $amends"
		want=$(printf 'Propose %s: %s (by %s)\n\n%s\n%s' "$id" "$what" "$org" "$head" "$tail")
		drafted=$(trailer "$c" Drafted-On) # its Base was checked against it above
		[ -n "$drafted" ] && want=$(printf '%s\nAccord-Drafted-On: %s' "$want" "$drafted") ;;
	withdraw)
		want=$(printf 'Withdraw %s (by %s)\n\n%s\n%s' "$id" "$org" "$head" "$tail") ;;
	rebase)
		onto="clause $clause"
		[ -n "$amends" ] && onto=$amends
		want=$(printf 'Rebase %s onto the current text of %s (by %s)\n\n%s\n%s\nAccord-Base: %s' \
			"$id" "$onto" "$org" "$head" "$tail" "$(field "$c:$adir/amendment" Base)") ;;
	vote)
		v=$(field "$c:$last" Vote)
		want=$(printf 'Vote %s on %s (%s)\n\n%s\nAccord-Ballot: %s\nAccord-Vote: %s\n%s' \
			"$v" "$id" "$org" "$head" "$id" "$v" "$tail") ;;
	sign)
		want=$(printf 'Sign the convention (%s)\n\n%s' "$org" "$head") ;;
	cosponsor)
		if [ "$laststatus" = D ]; then
			want=$(printf 'Withdraw co-sponsorship of %s (by %s)\n\n%s\n%s\nAccord-Withdraw: yes' \
				"$id" "$org" "$head" "$tail")
		else
			want=$(printf 'Co-sponsor %s (by %s)\n\n%s\n%s' "$id" "$org" "$head" "$tail")
		fi ;;
	admit | add-key | revoke-key | add-delegate | remove-delegate)
		# rebuilt from the Delegate lines the commit changed
		o=${last#orgs/}
		dlines "$p" "$o" | sort >"$tmp/dp"
		dlines "$c" "$o" | sort >"$tmp/dc"
		plus=$(comm -13 "$tmp/dp" "$tmp/dc")
		minus=$(comm -23 "$tmp/dp" "$tmp/dc")
		e=$(printf '%s\n' "${plus:-$minus}" | sed -n '1{s/ .*//;p;}')
		k=$(printf '%s\n' "$plus" | sed -n '1s/^[^ ]* *//p')
		case $action in
		admit)
			role=$(field "$c:$last" Role)
			an=a
			[ "$role" = member ] || an=an
			want=$(printf 'Admit %s as %s %s\n\n%s\nAccord-Org-Changed: %s' "$o" "$an" "$role" "$head" "$o")
			for d in $(dlines "$c" "$o" | cut -d' ' -f1); do
				want=$(printf '%s\nAccord-Delegate: %s' "$want" "$d")
			done ;;
		add-key) want=$(printf 'Register a key for %s (%s)\n\n%s\nAccord-Org-Changed: %s\nAccord-Delegate: %s\nAccord-Key: %s' \
			"$e" "$o" "$head" "$o" "$e" "$k") ;;
		revoke-key) want=$(printf 'Revoke the key of %s (%s)\n\n%s\nAccord-Org-Changed: %s\nAccord-Delegate: %s' \
			"$e" "$o" "$head" "$o" "$e") ;;
		add-delegate) want=$(printf 'Add %s as a delegate of %s\n\n%s\nAccord-Org-Changed: %s\nAccord-Delegate: %s' \
			"$e" "$o" "$head" "$o" "$e") ;;
		remove-delegate) want=$(printf 'Remove %s as a delegate of %s\n\n%s\nAccord-Org-Changed: %s\nAccord-Delegate: %s' \
			"$e" "$o" "$head" "$o" "$e") ;;
		esac ;;
	order)
		cl=${last#agenda/}
		want=$(printf 'Set the voting order on clause %s\n\n%s\nAccord-Clause: %s' "$cl" "$head" "$cl") ;;
	open)
		id=$(trailer "$c" Ballot)
		bd=$(ballot_dir "$id")
		[ "$bd/ballot" = "$last" ] || report "$c" "its message names a ballot it does not open"
		# an opening out of the voting order names an amendment to the same
		# clause that was waiting
		ooo=$(trailer "$c" Out-Of-Order)
		suffix=""
		if [ -n "$ooo" ]; then
			od=$(ballot_dir "$ooo")
			{ [ "$(field "$p:$od/amendment" Clause)" = "$(field "$c:$bd/amendment" Clause)" ] &&
				[ -z "$(field "$p:$od/ballot" Status)" ]; } ||
				report "$c" "it names $ooo as skipped, which was not waiting on its clause"
			suffix=", out of the voting order: before $ooo"
		fi
		# the ranking, as far as the chair's agenda and deletions-first
		# decide it (ties are ranked by words changed: accord verify checks
		# those): no waiting amendment certainly ranks before the opened
		# one unless the opening names one, and the one it names is not
		# certainly after the opened one nor after another that waits
		if [ "$id" != ratification ]; then
			waiting "$p" "$(field "$p:$bd/amendment" Clause)" >"$tmp/waiting"
			me=$(awk -v a="$id" '$1 == a {print $2 " " $3}' "$tmp/waiting")
			if [ -n "$me" ]; then
				set -- $me
				awk -v a="$id" -v p="$1" -v d="$2" '$1 != a && ($2 < p || ($2 == p && $3 < d)) {print $1, $2, $3}' \
					"$tmp/waiting" >"$tmp/ahead"
				if [ -z "$ooo" ] && [ -s "$tmp/ahead" ]; then
					report "$c" "opened out of the voting order without saying so: $(sed -n '1s/ .*//p' "$tmp/ahead") waits before it"
				elif [ -n "$ooo" ]; then
					set -- $(awk -v o="$ooo" '$1 == o {print $2, $3}' "$tmp/waiting")
					if [ $# = 2 ] && ! grep -q "^$ooo " "$tmp/ahead" &&
						awk -v p="$1" -v d="$2" -v ap="$(echo "$me" | cut -d' ' -f1)" -v ad="$(echo "$me" | cut -d' ' -f2)" \
							'BEGIN {exit !(p > ap || (p == ap && d > ad))}'; then
						report "$c" "it names $ooo as skipped, which ranks after it"
					elif [ $# = 2 ] && awk -v p="$1" -v d="$2" '$2 < p || ($2 == p && $3 < d) {f = 1} END {exit !f}' "$tmp/ahead"; then
						report "$c" "it names $ooo as skipped, but another waits before $ooo"
					fi
				fi
			fi
		fi
		rq=""
		r=$(trailer "$c" Rule)
		[ -n "$r" ] && rq=$(printf '%s\nAccord-Rule: %s' "$rq" "$r")
		q=$(trailer "$c" Quorum)
		[ -n "$q" ] && rq=$(printf '%s\nAccord-Quorum: %s' "$rq" "$q")
		want=$(printf 'Open the ballot on %s (%s majority, quorum %s)%s\n\n%s\nAccord-Ballot: %s%s\n%s' \
			"$id" "$(field "$c:$bd/ballot" Rule)" "$(field "$c:$bd/ballot" Quorum)" "$suffix" "$head" "$id" \
			"$rq" "$(if [ "$id" != ratification ]; then printf 'Accord-Amendment: %s\nAccord-Clause: %s' \
				"$id" "$(field "$c:$bd/amendment" Clause)"; fi)")
		[ -n "$ooo" ] && want=$(printf '%s\nAccord-Out-Of-Order: %s' "$want" "$ooo") ;;
	close)
		bf="$c:$dir/ballot"
		set -- "$(field "$bf" Result)" "$(field "$bf" Yes)" "$(field "$bf" No)" "$(field "$bf" Abstain)" "$(field "$bf" Absent)"
		want=$(printf 'Close the ballot on %s: %s (%s yes, %s no, %s abstain)\n\n%s\nAccord-Ballot: %s\nAccord-Result: %s\nAccord-Tally: yes=%s no=%s abstain=%s absent=%s' \
			"$b" "$1" "$2" "$3" "$4" "$head" "$b" "$1" "$2" "$3" "$4" "$5")
		wy=$(field "$bf" Weighted-Yes)
		[ -n "$wy" ] && want=$(printf '%s\nAccord-Weighted-Tally: yes=%s no=%s abstain=%s absent=%s' "$want" \
			"$wy" "$(field "$bf" Weighted-No)" "$(field "$bf" Weighted-Abstain)" "$(field "$bf" Weighted-Absent)")
		[ "$b" != ratification ] && want=$(printf '%s\nAccord-Amendment: %s\nAccord-Clause: %s' "$want" "$b" \
			"$(field "$c:$dir/amendment" Clause)")
		fallen_ok "$c" "$p" "$dir" || report "$c" "its Accord-Fallen trailers are not the amendments that fell" ;;
	esac
	if [ -n "$want" ]; then
		printf '%s\n' "$want" | sed '/^$/{N;/^\n$/D}' >"$tmp/want"
		message "$c" | grep -v '^Accord-Fallen: ' >"$tmp/got"
		cmp -s "$tmp/got" "$tmp/want" || report "$c" "its message is not what its $action writes"
	fi
	case $action in propose | withdraw | rebase)
		[ "$(cosponsor_lines "$c:$last")" = "$(cosponsor_lines "$p:$last")" ] ||
			report "$c" "the sponsor lists a co-sponsor itself (a Cosponsor line)"
		;;
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
# refs that change what plain git shows: a replace ref (git would show
# another object in place of one of these; this verifier never follows one)
# and notes (git log prints them under the commits); other refs (branches,
# tags accord gives no meaning to) change nothing git shows of the branch
g for-each-ref --format='%(refname) %(objectname)' refs/replace refs/notes >"$tmp/refs"
while read -r ref obj; do
	case $ref in
	refs/replace/*) report "${ref#refs/replace/}" "$ref: a replace ref (plain git would show another object)" ;;
	refs/notes/*) report "$obj" "$ref: notes (git log would print them under the commits)" ;;
	esac
done <"$tmp/refs"
[ "$problems" = 0 ] || exit 4
exit 0
