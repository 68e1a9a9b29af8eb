# Bracketed text, for the independent verifier (sourced by independent.sh,
# which gives g, field, body, trailer, report, electors, and sets c, p, org,
# chair, action, last, tmp).  In its own words:
#  - a bracket is written only by its organisation, into its own folder
#    brackets/ORG/N/ (bracket and options/1..K, K >= 2, added once), its
#    Base the clause's blob in the parent, its words found in the clause;
#  - support/ORG and votes/ORG only by ORG; a choice only while the
#    bracket's ballot is open and by an elector of it;
#  - ballot and resolution only by the chair; an opening fixes the
#    convention's rule and quorum and the registry's members; a close
#    recounts each option (its choosers yes, the others no) under the rule,
#    and the option chosen (or none) is the one the rule adopts;
#  - a resolution names the option its close chose, or (by consensus) the
#    option its trailer names, while no ballot on it is open, and the
#    clause becomes exactly the parent's text with that option in place
#    of the bracketed words;
#  - the whole text is not put to the vote while a bracket is open.

bracket_dir_of() { # path -> brackets/ORG/N
	echo "$1" | sed 's|^\(brackets/[^/]*/[^/]*\)/.*|\1|'
}

bracket_id_of() { # brackets/ORG/N -> ORG-bN
	echo "$1" | sed 's|^brackets/\([^/]*\)/\([0-9]*\)$|\1-b\2|'
}

bracket_path_ok() { # action status path: 0 when org may write path in that action
	case $1 in
	bracket)
		case $3 in brackets/"$org"/*/bracket | brackets/"$org"/*/options/*) [ "$2" = A ] ;; *) false ;; esac ;;
	support)
		case $3 in brackets/*/*/support/"$org") true ;; *) false ;; esac ;;
	bracket-vote)
		case $3 in brackets/*/*/votes/"$org") true ;; *) false ;; esac ;;
	bracket-open)
		case $3 in brackets/*/*/ballot) [ "$org" = "$chair" ] ;; *) false ;; esac ;;
	bracket-close)
		case $3 in brackets/*/*/ballot | brackets/*/*/resolution | clauses/*) [ "$org" = "$chair" ] ;; *) false ;; esac ;;
	resolve)
		case $3 in brackets/*/*/resolution | clauses/*) [ "$org" = "$chair" ] ;; *) false ;; esac ;;
	*) false ;;
	esac
}

# apply_option TEXT SPAN OPTION K: prints TEXT with OPTION in place of the
# K-th occurrence of SPAN (files holding record bodies); a deletion takes
# one neighbouring space.  Exits 1 when the span is not there.
apply_option() {
	awk -v k="$4" '
	function slurp(f,   s, l, n) {
		s = ""; n = 0
		while ((getline l < f) > 0) s = s (n++ ? "\n" : "") l
		close(f)
		return s
	}
	BEGIN {
		t = slurp(ARGV[1]); s = slurp(ARGV[2]); o = slurp(ARGV[3]); L = length(t)
		from = 1; n = 0; at = 0
		while (s != "" && (i = index(substr(t, from), s)) > 0) {
			pos = from + i - 1
			if (++n == k + 0) { at = pos; break }
			from = pos + 1
		}
		if (!at) exit 1
		st = at - 1; e = at - 1 + length(s) # bytes before the span, and up to its end
		if (o == "") {
			ch = e < L ? substr(t, e + 1, 1) : ""
			if (st > 0 && substr(t, st, 1) == " " && ch != "" && (ch == " " || index(",.;:)", ch)))
				st--
			else if (e < L && ch == " " && (st == 0 || substr(t, st, 1) == "\n"))
				e++
		}
		printf "%s%s%s\n", substr(t, 1, st), o, substr(t, e + 1)
		exit 0
	}' "$1" "$2" "$3"
}

span_count() { # TEXT SPAN files -> occurrences of the span in the text
	awk '
	function slurp(f,   s, l, n) {
		s = ""; n = 0
		while ((getline l < f) > 0) s = s (n++ ? "\n" : "") l
		close(f)
		return s
	}
	BEGIN {
		t = slurp(ARGV[1]); s = slurp(ARGV[2]); from = 1; n = 0
		while (s != "" && (i = index(substr(t, from), s)) > 0) { n++; from = from + i }
		print n
		exit 0
	}' "$1" "$2"
}

brackets_open() { # rev: 0 when a bracket at rev is open (unresolved, words in its clause)
	for bd in $(g ls-tree -d --name-only "$1" brackets/ 2>/dev/null); do
		for d in $(g ls-tree -d --name-only "$1" "$bd/"); do
			g cat-file -e "$1:$d/resolution" 2>/dev/null && continue
			cl=$(field "$1:$d/bracket" Clause)
			body "$1:clauses/$cl" >"$tmp/bo.text" || continue
			body "$1:$d/bracket" >"$tmp/bo.span"
			n=$(span_count "$tmp/bo.text" "$tmp/bo.span")
			[ "$n" -ge "$(field "$1:$d/bracket" Occurrence)" ] && return 0
		done
	done
	return 1
}

# check_resolution DIR K BY: the resolution and the clause text of the
# commit put option K of the bracket in DIR into its clause
check_resolution() {
	[ "$(field "$c:$1/resolution" Option)" = "$2" ] || report "$c" "its resolution names option $(field "$c:$1/resolution" Option), not $2"
	[ "$(field "$c:$1/resolution" By)" = "$3" ] || report "$c" "its resolution is not by $3"
	g cat-file -e "$p:$1/resolution" 2>/dev/null && report "$c" "a bracket resolved twice"
	cl=$(field "$p:$1/bracket" Clause)
	awk '$2 ~ /^clauses\// {print $2}' "$tmp/changes" | grep -vqx "clauses/$cl" && report "$c" "it changes a clause other than $cl"
	body "$p:clauses/$cl" >"$tmp/br.text"
	body "$p:$1/bracket" >"$tmp/br.span"
	body "$p:$1/options/$2" >"$tmp/br.opt"
	if apply_option "$tmp/br.text" "$tmp/br.span" "$tmp/br.opt" "$(field "$p:$1/bracket" Occurrence)" >"$tmp/br.want"; then
		body "$c:clauses/$cl" >"$tmp/br.got"
		cmp -s "$tmp/br.got" "$tmp/br.want" || report "$c" "the text of $cl is not option $2 in place of the bracketed words"
	else
		report "$c" "resolves a bracket whose words are no longer in $cl"
	fi
}

# bracket_tally DIR: prints "K VOTES WEIGHT ADOPTED" per option of the
# ballot of DIR at the commit (votes counted against the electorate
# recorded at its opening, under its rule and quorum)
bracket_tally() {
	bf="$c:$1/ballot"
	g show "$p:$1/ballot" | sed -n 's/^Elector: //p' >"$tmp/bt.el"
	: >"$tmp/bt.votes"
	for v in $(g ls-tree --name-only "$c" "$1/votes/"); do
		echo "${v##*/} $(field "$c:$v" Option)" >>"$tmp/bt.votes"
	done
	n=$(g ls-tree --name-only "$p" "$1/options/" | wc -l)
	q=$(field "$p:$1/ballot" Quorum)
	awk -v n="$n" -v rule="$(field "$p:$1/ballot" Rule)" -v q="$q" '
	FNR == NR { w[$1] = $2; wall += $2; next }
	($1 in w) { ch[$1] = $2; cnt[$2]++; wt[$2] += w[$1]; cast += w[$1] }
	END {
		qn = q; qd = 1
		if (index(q, "/")) { qn = substr(q, 1, index(q, "/") - 1); qd = substr(q, index(q, "/") + 1) }
		quorum = (qn == 0) || (cast * qd >= qn * wall)
		for (k = 1; k <= n; k++) {
			y = wt[k] + 0; no = cast - y; ok = 0
			if (rule == "simple") ok = y > no
			else if (rule == "two-thirds") ok = y > 0 && 3 * y >= 2 * (y + no)
			else if (rule == "absolute") ok = 2 * y > wall
			else if (rule == "unanimity") ok = y == wall
			else if (rule == "consensus") ok = no == 0 && y > 0
			print k, cnt[k] + 0, y, (ok && quorum) ? 1 : 0
		}
	}' "$tmp/bt.el" "$tmp/bt.votes"
}

# bracket_check: the procedure of a bracket action; sets bracket_want, the
# message the action writes
bracket_check() {
	dir=$(bracket_dir_of "$(awk '$2 ~ /^brackets\// {print $2; exit}' "$tmp/changes")")
	[ "$(awk '$2 ~ /^brackets\// {print $2}' "$tmp/changes" | sed 's|^\(brackets/[^/]*/[^/]*\)/.*|\1|' | sort -u | wc -l)" = 1 ] ||
		report "$c" "a $action changes more than one bracket"
	id=$(bracket_id_of "$dir")
	bhead=$(printf 'Accord-Action: %s\nAccord-Org: %s' "$action" "$org")
	cl=$(field "$p:$dir/bracket" Clause)
	bracket_want=""
	case $action in
	bracket)
		cl=$(field "$c:$dir/bracket" Clause)
		g cat-file -e "$p:$dir/bracket" 2>/dev/null && report "$c" "a bracket written twice"
		[ "$(g rev-parse -q --verify "$p:clauses/$cl" 2>/dev/null)" = "$(field "$c:$dir/bracket" Base)" ] ||
			report "$c" "its Base is not the text of clause $cl"
		body "$p:clauses/$cl" >"$tmp/bc.text"
		body "$c:$dir/bracket" >"$tmp/bc.span"
		[ "$(span_count "$tmp/bc.text" "$tmp/bc.span")" -ge "$(field "$c:$dir/bracket" Occurrence)" ] ||
			report "$c" "its words are not in clause $cl"
		k=$(g ls-tree --name-only "$c" "$dir/options/" | wc -l)
		[ "$k" -ge 2 ] || report "$c" "a bracket with fewer than two options"
		[ "$(field "$p:ratification/ballot" Status)" = open ] && report "$c" "a bracket while the text is frozen"
		bracket_want=$(printf 'Bracket words of %s with %s options (%s)\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s' \
			"$cl" "$k" "$id" "$bhead" "$id" "$cl") ;;
	support)
		g cat-file -e "$p:$dir/resolution" 2>/dev/null && report "$c" "support of a resolved bracket"
		if g cat-file -e "$c:$last" 2>/dev/null; then
			k=$(field "$c:$last" Option)
			bracket_want=$(printf 'Support option %s of %s (%s)\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %s' \
				"$k" "$id" "$org" "$bhead" "$id" "$cl" "$k")
		else
			k=$(field "$p:$last" Option)
			bracket_want=$(printf 'Withdraw support of option %s of %s (%s)\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %s\nAccord-Withdraw: yes' \
				"$k" "$id" "$org" "$bhead" "$id" "$cl" "$k")
		fi
		g cat-file -e "$p:$dir/options/$k" 2>/dev/null || report "$c" "support of an option the bracket lacks" ;;
	bracket-vote)
		[ "$(field "$p:$dir/ballot" Status)" = open ] || report "$c" "a choice on a ballot that is not open"
		g show "$p:$dir/ballot" 2>/dev/null | grep -q "^Elector: $org " || report "$c" "a choice by $org, not an elector"
		k=$(field "$c:$last" Option)
		g cat-file -e "$p:$dir/options/$k" 2>/dev/null || report "$c" "a choice of an option the bracket lacks"
		bracket_want=$(printf 'Choose option %s on %s (%s)\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %s' \
			"$k" "$id" "$org" "$bhead" "$id" "$cl" "$k") ;;
	bracket-open)
		g cat-file -e "$p:$dir/ballot" 2>/dev/null && report "$c" "a ballot on a bracket opened twice"
		g cat-file -e "$p:$dir/resolution" 2>/dev/null && report "$c" "a ballot on a resolved bracket"
		rule=$(trailer "$c" Rule)
		[ -n "$rule" ] || rule=$(field "$p:convention" Rule)
		quorum=$(trailer "$c" Quorum)
		[ -n "$quorum" ] || quorum=$(field "$p:convention" Quorum)
		[ "$(field "$c:$dir/ballot" Rule)" = "$rule" ] || report "$c" "opened under a rule other than $rule"
		[ "$(field "$c:$dir/ballot" Quorum)" = "$quorum" ] || report "$c" "opened with a quorum other than $quorum"
		electors "$p" >"$tmp/want"
		g show "$c:$dir/ballot" | grep '^Elector: ' >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" || report "$c" "its electorate is not the registry's members"
		rq=""
		[ -n "$(trailer "$c" Rule)" ] && rq=$(printf '\nAccord-Rule: %s' "$rule")
		[ -n "$(trailer "$c" Quorum)" ] && rq=$(printf '%s\nAccord-Quorum: %s' "$rq" "$quorum")
		bracket_want=$(printf 'Open the ballot on %s (%s majority, quorum %s)\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s%s' \
			"$id" "$(field "$c:$dir/ballot" Rule)" "$(field "$c:$dir/ballot" Quorum)" "$bhead" "$id" "$cl" "$rq") ;;
	bracket-close)
		[ "$(field "$p:$dir/ballot" Status)" = open ] || report "$c" "close of a ballot that was not open"
		bracket_tally "$dir" >"$tmp/bt.out"
		chosen=$(awk '$4 == 1 {print $1; exit}' "$tmp/bt.out")
		awk '{print "Count: " $1 " " $2 " " $3}' "$tmp/bt.out" >"$tmp/want"
		g show "$c:$dir/ballot" | grep '^Count: ' >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" || report "$c" "its counts are not a recount of the choices"
		[ "$(field "$c:$dir/ballot" Chosen)" = "${chosen:-none}" ] || report "$c" "it records option $(field "$c:$dir/ballot" Chosen), the rule chose ${chosen:-none}"
		counts=$(awk '{printf "\nAccord-Count: %s %s", $1, $2}' "$tmp/bt.out")
		if [ -n "$chosen" ]; then
			check_resolution "$dir" "$chosen" ballot
			bracket_want=$(printf 'Close the ballot on %s: option %s into %s\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %s%s' \
				"$id" "$chosen" "$cl" "$bhead" "$id" "$cl" "$chosen" "$counts")
		else
			g cat-file -e "$c:$dir/resolution" 2>/dev/null && report "$c" "a resolution that no option of the ballot reached"
			bracket_want=$(printf 'Close the ballot on %s: no option reached the rule, the bracket stays\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s%s' \
				"$id" "$bhead" "$id" "$cl" "$counts")
		fi ;;
	resolve)
		[ "$(field "$p:$dir/ballot" Status)" = open ] && report "$c" "a resolution while the bracket's ballot is open"
		k=$(trailer "$c" Option)
		check_resolution "$dir" "$k" consensus
		bracket_want=$(printf 'Resolve %s by consensus: option %s into %s\n\n%s\nAccord-Bracket: %s\nAccord-Clause: %s\nAccord-Option: %s' \
			"$id" "$k" "$cl" "$bhead" "$id" "$cl" "$k") ;;
	esac
}
