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
#    recount of the vote files (an elector without one: the chair's recorded
#    vote, none while contested in its round); an adopted replacement put exactly the
#    amendment's text into the clause;
#  - the root is the chair's init and holds only convention, toc, clauses/,
#    orgs/ and translations/ (each with its clause's blob as Base); every message is the one its action writes, rebuilt here
#    from the files the commit wrote; dates never go backwards; every entry
#    is a plain file (100644) or a folder; no key is registered twice.
#  - every ratified-N and notification-N tag (see the blocks before the end).
#  - no file a commit writes, and no message, holds text the record may not
#    hold (controls, invalid UTF-8, bidi overrides and isolates,
#    noncharacters: text_ok).
#  - comment threads: comments/ORG/N only by ORG, numbered in turn, as its
#    delegate; a reply in a thread that exists and is not resolved, about
#    the thread's item; --on words found in the item's text; a thread
#    resolved once, by its author organisation or the chair.
#  - compromise texts only by the chair or a Facilitator of the convention,
#    superseding pending amendments to the same clause; a proposal
#    supersedes nothing; a withdrawal in favour of a compromise names one
#    that supersedes it; adopting a compromise makes the amendments it
#    supersedes fall, and a close that adopts nothing makes nothing fall.
#  - a roll-call recorded (<ballot>/recorded) only by the chair while the
#    ballot is open, every elector once, rounds counting up; an answer to
#    it (responses/ORG) and an explanation of vote (explanations/ORG) only
#    by ORG, the answer while open, the explanation once the ballot opened.
#  - a merge only as a gather of pending votes (gather_check): each other
#    parent one organisation's chain of signed single-parent votes,
#    started on the branch, not gathered before, on ballots still open;
#    the tree is the first parent's with those vote files; the message
#    counts them (Accord-Votes) and names each chain (Accord-Gathered).
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
#  - a translation (translations/LANG/CLAUSE) only by the Translators the
#    convention names (else the chair), into one of its Languages other
#    than the negotiation Language, with Base (file and trailer) the blob
#    of the clause it translates in the parent (for translations/LANG/title
#    and .../preamble: `git hash-object` of the title line, of the
#    convention record's body, with Convention the record's blob); the ratification (the
#    adoption ballot) never opens while an authentic translation is stale,
#    and its message counts the missing ones (Accord-Not-Established),
#    unless it adopts the negotiation-language text only (its ballot's
#    Negotiation-Language-Only, the Language, kept by its close; both
#    messages end with Accord-Negotiation-Language-Only).
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
# What the record never holds (issue 18), as bytes: C0 controls but tab
# and newline, DEL, C1 controls (U+0080-U+009F), bidi embeddings and
# overrides (U+202A-U+202E) and isolates (U+2066-U+2069), noncharacters
# (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF), code points above U+10FFFF; iconv
# refuses the rest of invalid UTF-8 (overlongs, surrogates, cut sequences).
forbidden='[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
forbidden="$forbidden"'|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]'
forbidden="$forbidden"'|\xf4[\x90-\xbf]|[\xf5-\xff]'
text_ok() { # file -> 0 when it holds only text the record may hold
	! LC_ALL=C grep -aqP "$forbidden" "$1" && iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}
body() { # rev:path -> the body after the first empty line
	g show "$1" 2>/dev/null | awk 'found {print} NF == 0 && !found {found = 1}'
}
unit_source() { # rev id -> the blob a translation of clause id (or the title, the preamble) translates
	case $2 in
	title) printf '%s\n' "$(field "$1:convention" Title)" | g hash-object --stdin ;;
	preamble) body "$1:convention" | g hash-object --stdin ;;
	*) g rev-parse -q --verify "$1:clauses/$2" 2>/dev/null ;;
	esac
}
unit_record() { # rev id -> the Convention a translation of id names: the record's blob (title, preamble), else none
	case $2 in title | preamble) g rev-parse -q --verify "$1:convention" ;; esac
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
. "$(dirname "$0")/independent-brackets.sh" # bracketed text
words_has() { # "list of words" word -> success when word is in the list
	case " $1 " in *" $2 "*) return 0 ;; esac
	return 1
}
authentic_others() { # rev -> the authentic languages other than the negotiation one
	lang=$(field "$1:convention" Language)
	lang=${lang:-en}
	langs=$(field "$1:convention" Authentic)
	[ -n "$langs" ] || langs=$(field "$1:convention" Languages)
	for l in $langs; do [ "$l" = "$lang" ] || echo "$l"; done
}
toc_ids() { # rev -> the clause ids of its toc
	g show "$1:toc" | awk 'NF {print $1}'
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

# after the adoption (sign, object, deposit, notify): the adoption came
# first; every record is dated (UTC) as its commit; the final clauses of
# the convention record: the signature period from Adopted, the
# reservations allowed, the objection period, the instruments accepted
# (accession only without a signature, ratification, acceptance or
# approval only after one subject to ratification; none by a technology
# signatory), and the depositary's notifications numbered 1, 2, ... one
# per deposit (never one deposit twice), with the Count and the
# Entry-Into-Force that follow from the deposits.
conv_key() { # key default: the parent's final clause
	v=$(field "$p:convention" "$1")
	echo "${v:-$2}"
}
treaty_check() {
	[ "$(field "$p:ratification/ballot" Result)" = adopted ] || report "$c" "a '$action' before the adoption"
	stamp=$(date -u -d "@$(g log -1 --format=%at "$c")" +%Y-%m-%dT%H:%M:%SZ)
	today=${stamp%%T*}
	k=Date
	[ "$action" = withdraw-reservation ] && k=Withdrawn
	while read -r status path; do
		[ "$(field "$c:$path" $k)" = "$stamp" ] || report "$c" "$path is not dated as its commit ($stamp)"
	done <"$tmp/changes"
	case $action in
	sign)
		g cat-file -e "$p:ratification/instruments/$org" 2>/dev/null && report "$c" "signature after a deposit"
		adopted=$(field "$p:ratification/ballot" Adopted)
		months=$(conv_key Signature-Months 0)
		if [ -n "$adopted" ] && [ "$months" != 0 ]; then
			end=$(date -u -d "${adopted%%T*} +$months months" +%F)
			[ "$today" \< "$end" ] || report "$c" "signed after the signature period (until $end)"
		fi
		policy=$(conv_key Reservations all)
		for r in $(sed -n "s|^A	ratification/reservations/$org/||p" "$tmp/changes"); do
			g cat-file -e "$p:clauses/$r" 2>/dev/null || report "$c" "a reservation to $r, no article"
			case $policy in
			none) report "$c" "a reservation to $r: the convention allows none" ;;
			all-except*) case " ${policy#all-except} " in *" $r "*) report "$c" "a reservation to $r, which may not be reserved" ;; esac ;;
			only*) case " ${policy#only} " in *" $r "*) ;; *) report "$c" "a reservation to $r, which may not be reserved" ;; esac ;;
			esac
		done ;;
	object)
		rr=$(echo "$last" | sed 's|^ratification/objections/[^/]*/||')
		rdate=$(field "$p:ratification/reservations/$rr" Date)
		if [ -z "$rdate" ] || [ "${rr%%/*}" = "$org" ]; then
			report "$c" "an objection to no reservation of another party"
		else
			end=$(date -u -d "${rdate%%T*} +$(conv_key Objection-Months 12) months" +%F)
			[ "$today" \> "$end" ] && report "$c" "an objection after its period (until $end)"
		fi ;;
	deposit)
		k=$(field "$c:$last" Kind)
		case " $(conv_key Instruments "ratification acceptance approval accession") " in
		*" $k "*) ;; *) report "$c" "an instrument of $k, which the convention does not provide for" ;;
		esac
		tt=$(conv_key Technology-Signatory-Type "")
		[ -n "$tt" ] && [ "$(field "$p:orgs/$org" Type)" = "$tt" ] && report "$c" "a deposit by a technology signatory"
		subj=$(field "$p:ratification/signatures/$org" Subject-To-Ratification)
		if g cat-file -e "$p:ratification/signatures/$org" 2>/dev/null; then
			[ "$k" = accession ] && report "$c" "accession by a signatory"
			[ "$subj" = no ] && report "$c" "a deposit after a signature not subject to ratification"
		else
			[ "$k" = accession ] || report "$c" "an instrument of $k without a signature"
		fi ;;
	withdraw-reservation)
		[ -z "$(field "$p:$last" Withdrawn)" ] || report "$c" "a reservation withdrawn twice"
		{ [ "$(field "$c:$last" Delegate)" = "$(field "$p:$last" Delegate)" ] &&
			[ "$(field "$c:$last" Date)" = "$(field "$p:$last" Date)" ] &&
			[ "$(body "$c:$last")" = "$(body "$p:$last")" ]; } ||
			report "$c" "a withdrawal that changes the reservation" ;;
	denounce)
		g ls-tree --name-only "$p" ratification/notifications/ | while read -r f; do
			field "$p:$f" Organisation
		done | grep -qx "$org" ||
			{ tt=$(conv_key Technology-Signatory-Type "")
			[ -n "$tt" ] && [ "$(field "$p:orgs/$org" Type)" = "$tt" ] &&
				g cat-file -e "$p:ratification/signatures/$org" 2>/dev/null; } ||
			report "$c" "a denunciation by $org, which is not bound"
		want=$(date -u -d "$today +$(conv_key Withdrawal-Months 12) months" +%F)
		[ "$(field "$c:$last" Effective)" = "$want" ] || report "$c" "a denunciation effective on another day than $want" ;;
	notify)
		n=${last##*/}
		prev=$(g ls-tree --name-only "$p" ratification/notifications/ | wc -l)
		[ "$n" = $((prev + 1)) ] || report "$c" "notification $n, not $((prev + 1))"
		who=$(field "$c:$last" Organisation)
		dep=$(field "$p:ratification/instruments/$who" Date)
		[ -n "$dep" ] || report "$c" "a notification of no deposit"
		for f in $(g ls-tree --name-only "$p" ratification/notifications/); do
			[ "$(field "$p:$f" Organisation)" = "$who" ] && report "$c" "the deposit of $who counted twice"
		done
		[ "$(field "$c:$last" Deposited)" = "$dep" ] || report "$c" "Deposited is not the deposit's date"
		[ "$(field "$c:$last" Instrument)" = "$(field "$p:ratification/instruments/$who" Kind)" ] ||
			report "$c" "Instrument is not the deposit's"
		[ "$(field "$c:$last" Count)" = "$n" ] || report "$c" "Count is not the number of deposits"
		need=$(conv_key Entry-Into-Force-Instruments 1)
		days=$(conv_key Entry-Into-Force-Days 0)
		want=""
		if [ "$n" = "$need" ]; then
			want=$(date -u -d "${dep%%T*} +$days days" +%F)
		elif [ "$n" -gt "$need" ]; then
			want=$(date -u -d "${dep%%T*} +$(conv_key Later-Party-Days "$days") days" +%F)
			all=$(field "$p:ratification/notifications/$need" Entry-Into-Force)
			[ "$all" \> "$want" ] && want=$all
		fi
		[ "$(field "$c:$last" Entry-Into-Force)" = "$want" ] ||
			report "$c" "an entry into force that does not follow from the deposits (${want:-none})" ;;
	esac
}

gather_check() { # gather first-parent gatherer-org: a merge of pending
	# votes: each other parent a chain of single-parent vote commits of one
	# organisation (in order of organisation, one parent each) starting on
	# the first parent's first-parent history, none already in it; each
	# signed by a delegate of its organisation (registry of the first
	# parent: $tmp/allowed), writing exactly its vote file as a vote writes
	# it, with a vote's message, on a ballot still open at the first
	# parent; the tree is the first parent's with those files; the message
	# counts them
	gc=$1 gp=$2 gorg=$3
	: >"$tmp/gfiles"
	glines="" gtotal=0 gprev=""
	gt=$(g log -1 --format=%at "$gc")
	for tip in $(g rev-list --parents -n 1 "$gc" | cut -d' ' -f3-); do
		chain="" cur=$tip
		while ! g merge-base --is-ancestor "$cur" "$gp" 2>/dev/null; do
			[ "$(g rev-list --parents -n 1 "$cur" | wc -w)" = 2 ] || {
				report "$gc" "gather: $cur has more than one parent (a pending vote has one)"; return; }
			chain="$cur $chain"
			cur=$(g rev-parse "$cur^1")
		done
		[ -n "$chain" ] || { report "$gc" "gather: $tip is already in the history (a vote gathered twice)"; return; }
		g rev-list --first-parent "$gp" | grep -qx "$cur" ||
			{ report "$gc" "gather: the votes of $tip do not start on the branch's first-parent history"; return; }
		vorg=""
		for v in $chain; do
			[ "$(trailer "$v" Action)" = vote ] || { report "$gc" "gather: $v is not a vote (a gather gathers only votes)"; return; }
			vs=""
			if g cat-file commit "$v" | grep -q '^gpgsig '; then
				if g -c gpg.ssh.allowedSignersFile="$tmp/allowed" verify-commit "$v" >"$tmp/v" 2>&1; then
					vs=$(sed -n 's/^Good "git" signature for \([^ ]*\) with.*/\1/p' "$tmp/v")
				fi
			elif [ "$required" != required ]; then
				vs=$(g log -1 --format=%ae "$v")
			fi
			vo=$(awk -v e="$vs" '$1 == e {print $2}' "$tmp/reg")
			[ -n "$vs" ] && [ -n "$vo" ] || { report "$gc" "gather: the vote $v is not signed by a registered delegate (registry of the first parent)"; return; }
			[ "$(g log -1 --format=%ae "$v")" = "$vs" ] || { report "$gc" "gather: the vote $v's author is not its signer"; return; }
			[ -z "$vorg" ] || [ "$vo" = "$vorg" ] || { report "$gc" "gather: the vote $v is of $vo, not $vorg (one organisation per parent)"; return; }
			vorg=$vo
			why=$(header_rule "$v")
			[ -z "$why" ] || { report "$gc" "gather: the vote $v: $why"; return; }
			[ "$(g log -1 --format=%at "$v")" -le "$gt" ] || { report "$gc" "gather: the vote $v is dated after the gather"; return; }
			vp=$(g diff-tree -r --no-commit-id --name-only "$v^" "$v")
			case $vp in
			amendments/*/*/votes/"$vo" | ratification/votes/"$vo") ;;
			*) report "$gc" "gather: the vote $v changes $(echo $vp) (a vote changes exactly its vote file)"; return ;;
			esac
			dir=${vp%/votes/*}
			[ "$(field "$gp:$dir/ballot" Status)" = open ] || { report "$gc" "gather: the vote $v on a ballot not open at the gather's first parent (gathered after its close)"; return; }
			[ "$(field "$gp:$dir/amendment" Status)" = withdrawn ] && { report "$gc" "gather: the vote $v on a withdrawn amendment"; return; }
			if g show "$gp:$dir/ballot" | grep -q '^Elector: '; then
				g show "$gp:$dir/ballot" | grep -q "^Elector: $vo " || { report "$gc" "gather: the vote $v by $vo, not an elector"; return; }
			else
				[ "$(awk -v e="$vs" '$1 == e {print $3}' "$tmp/reg")" = member ] || { report "$gc" "gather: the vote $v by a non-member"; return; }
			fi
			vv=$(field "$v:$vp" Vote)
			[ "$(g rev-parse "$v:$vp")" = "$(printf 'Vote: %s\nDelegate: %s\n\n' "$vv" "$vs" | g hash-object --stdin)" ] ||
				{ report "$gc" "gather: the vote $v: $vp is not what a vote writes"; return; }
			case $dir in
			amendments/*) vid=$(echo "$dir" | sed 's|^amendments/\([^/]*\)/\([0-9]*\)$|\1-\2|')
				vtail=$(printf 'Accord-Amendment: %s\nAccord-Clause: %s' "$vid" "$(field "$gp:$dir/amendment" Clause)") ;;
			*) vid=ratification vtail="" ;;
			esac
			printf 'Vote %s on %s (%s)\n\nAccord-Action: vote\nAccord-Org: %s\nAccord-Ballot: %s\nAccord-Vote: %s\n%s\n' \
				"$vv" "$vid" "$vo" "$vo" "$vid" "$vv" "$vtail" | sed '/^$/{N;/^\n$/D}' >"$tmp/want"
			message "$v" >"$tmp/got"
			cmp -s "$tmp/got" "$tmp/want" || { report "$gc" "gather: the vote $v: its message is not what its vote writes"; return; }
			echo "$vp $(g rev-parse "$v:$vp")" >>"$tmp/gfiles"
			gtotal=$((gtotal + 1))
		done
		if [ -n "$gprev" ] && ! expr "$vorg" \> "$gprev" >/dev/null; then
			report "$gc" "gather: the votes of $vorg after $gprev (one parent per organisation, in order)"
			return
		fi
		gprev=$vorg
		glines=$(printf '%s\nAccord-Gathered: %s %s' "$glines" "$vorg" "$tip")
	done
	awk '{b[$1] = $2} END {for (p in b) print p, b[p]}' "$tmp/gfiles" | sort >"$tmp/gwant"
	g diff-tree -r --no-commit-id --raw "$gp" "$gc" | awk '{print $6, $4}' | sort >"$tmp/ggot"
	cmp -s "$tmp/ggot" "$tmp/gwant" || report "$gc" "gather: its tree is not its first parent's with the gathered votes replayed"
	gs=s
	[ "$gtotal" = 1 ] && gs=""
	printf 'Gather %s vote%s\n\nAccord-Action: gather\nAccord-Org: %s\nAccord-Votes: %s%s\n' \
		"$gtotal" "$gs" "$gorg" "$gtotal" "$glines" >"$tmp/want"
	message "$gc" | cmp -s - "$tmp/want" || report "$gc" "gather: its message is not what a gather of $gtotal votes writes"
}

prev_times=""
not_after=$(($(date +%s) + 86400)) # a day of clock skew
for c in $(g rev-list --first-parent --reverse "$branch"); do
	parents=$(g rev-list --parents -n 1 "$c" | wc -w)
	if [ "$parents" -gt 2 ] && [ "$(trailer "$c" Action)" != gather ]; then
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
	# text the record may never hold, in the files it wrote and its message
	if [ -z "$p" ]; then
		g ls-tree -r --name-only "$c"
	else
		g diff-tree -r --no-commit-id --diff-filter=AM --name-only "$p" "$c"
	fi >"$tmp/texts"
	# (all at once; one by one only to name the file)
	while read -r f; do
		g cat-file blob "$c:$f" 2>/dev/null && echo
	done <"$tmp/texts" >"$tmp/blob"
	if ! text_ok "$tmp/blob"; then
		while read -r f; do
			g cat-file blob "$c:$f" >"$tmp/blob" 2>/dev/null || continue
			text_ok "$tmp/blob" || report "$c" "$f holds text the record may not hold"
		done <"$tmp/texts"
	fi
	g cat-file commit "$c" | sed '1,/^$/d' >"$tmp/blob"
	text_ok "$tmp/blob" || report "$c" "its message holds text the record may not hold"
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
		odd=$(g ls-tree -r --name-only "$c" | grep -Ev '^(convention|toc|clauses/[^/]+|orgs/[^/]+|translations/[^/]+/[^/]+)$' | head -n 1)
		[ -z "$odd" ] || report "$c" "the root holds $odd"
		# a proposal's translations: init stamps the blob of the clause and the chair
		for f in $(g ls-tree -r --name-only "$c" translations/); do
			k=${f##*/}
			[ "$(field "$c:$f" Base)" = "$(unit_source "$c" "$k")" ] &&
				[ "$(field "$c:$f" By)" = "$(field "$c:convention" Chair)" ] &&
				[ "$(field "$c:$f" Convention)" = "$(unit_record "$c" "$k")" ] ||
				report "$c" "the root's $f is not what init writes"
		done
		printf 'Open the draft: %s\n\nAccord-Action: init\nAccord-Proposal: %s\n' \
			"$(field "$c:convention" Title)" "$(field "$c:convention" Short-Title)" >"$tmp/want"
		message "$c" | cmp -s - "$tmp/want" || report "$c" "its message is not what init writes"
		continue
	fi
	if [ "$action" = gather ]; then
		if [ "$parents" -le 2 ]; then
			report "$c" "a gather that merges nothing (a gather has more than one parent)"
		else
			gather_check "$c" "$p" "$org"
		fi
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
		compromise)
			case $path in amendments/"$org"/*/amendment)
				[ "$status" = A ] && { [ "$org" = "$chair" ] ||
					g show "$p:convention" | sed '/^$/q' | grep -qx "Facilitator: $org"; } && ok=1 ;;
			esac ;;
		comment | resolve-thread)
			case $path in comments/"$org"/*) [ "$status" = A ] && ok=1 ;; esac ;;
		withdraw | rebase)
			case $path in amendments/"$org"/*/amendment) [ "$status" = M ] && ok=1 ;; esac ;;
		vote)
			case $path in amendments/*/*/votes/"$org" | ratification/votes/"$org") ok=1 ;; esac ;;
		record)
			case $path in amendments/*/*/recorded | ratification/recorded) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		respond)
			case $path in amendments/*/*/responses/"$org" | ratification/responses/"$org") ok=1 ;; esac ;;
		explain)
			case $path in amendments/*/*/explanations/"$org" | ratification/explanations/"$org") ok=1 ;; esac ;;
		cosponsor)
			case $path in amendments/"$org"/*) ;; amendments/*/*/cosponsors/"$org") ok=1 ;; esac ;;
		sign)
			case $path in ratification/signatures/"$org" | ratification/reservations/"$org"/*)
				[ "$status" = A ] && ok=1 ;; esac ;;
		object)
			case $path in ratification/objections/"$org"/*/*) [ "$status" = A ] && ok=1 ;; esac ;;
		withdraw-reservation)
			case $path in ratification/reservations/"$org"/*) [ "$status" = M ] && ok=1 ;; esac ;;
		denounce)
			case $path in ratification/denunciations/"$org") [ "$status" = A ] && ok=1 ;; esac ;;
		deposit)
			case $path in ratification/instruments/"$org") [ "$status" = A ] && ok=1 ;; esac ;;
		notify)
			dep=$(field "$p:convention" Depositary)
			case $path in ratification/notifications/*)
				[ "$status" = A ] && [ "$org" = "${dep:-$chair}" ] && ok=1 ;; esac ;;
		open)
			case $path in */ballot) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		order)
			case $path in agenda/*) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		rules)
			case $path in convention) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		translate)
			tr=$(field "$p:convention" Translators)
			[ -n "$tr" ] || tr=$chair
			case $path in translations/*/*) words_has "$tr" "$org" && [ "$status" != D ] && ok=1 ;; esac ;;
		close)
			case $path in */ballot | clauses/* | toc) [ "$org" = "$chair" ] && ok=1 ;; esac ;;
		admit)
			case $path in orgs/*) [ "$org" = "$chair" ] && [ "$status" = A ] && ok=1 ;; esac ;;
		add-key | revoke-key | add-delegate | remove-delegate)
			case $path in orgs/*) [ "$org" = "$chair" ] && [ "$status" = M ] && ok=1 ;; esac ;;
		bracket | support | resolve | bracket-open | bracket-vote | bracket-close)
			bracket_path_ok "$action" "$status" "$path" && ok=1 ;;
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
		yes=0 no=0 abstain=0 wy=0 wn=0 wa=0 nrec=0 nsig=0
		# an elector's own vote file, else the chair's recorded vote
		g show "$c:$dir/recorded" 2>/dev/null | sed -n 's/^Recorded: //p' >"$tmp/recorded"
		g ls-tree --name-only "$c" "$dir/votes/" | sed 's|.*/||' >"$tmp/own"
		for o in $(cat "$tmp/members"); do
			w=$(awk -v o="$o" '$1 == o {print $2}' "$tmp/electors")
			if grep -qx "$o" "$tmp/own"; then
				v=$(field "$c:$dir/votes/$o" Vote) src=nsig
			else
				v=$(awk -v o="$o" '$1 == o {print $2}' "$tmp/recorded") src=nrec
				# a contest of this round holds the close
				[ -n "$v" ] && [ "$(field "$c:$dir/responses/$o" Response)" = contest ] &&
					[ "$(field "$c:$dir/responses/$o" Round)" = "$(field "$c:$dir/recorded" Round)" ] &&
					report "$c" "closed while $o contests its recorded vote"
			fi
			case $v in
			yes) yes=$((yes + 1)) wy=$((wy + w)) ;;
			no) no=$((no + 1)) wn=$((wn + w)) ;;
			abstain) abstain=$((abstain + 1)) wa=$((wa + w)) ;;
			*) continue ;;
			esac
			eval "$src=\$((\$$src + 1))"
		done
		members=$(wc -l <"$tmp/members")
		absent=$((members - yes - no - abstain))
		wall=$(awk '{s += $2} END {print s + 0}' "$tmp/electors")
		set -- Yes:$yes No:$no Abstain:$abstain Absent:$absent
		[ "$wall" = "$members" ] || set -- "$@" Weighted-Yes:$wy Weighted-No:$wn \
			Weighted-Abstain:$wa Weighted-Absent:$((wall - wy - wn - wa))
		if [ -s "$tmp/recorded" ]; then
			set -- "$@" Recorded-Votes:$nrec Signed-Votes:$nsig
		else
			set -- "$@" Recorded-Votes: Signed-Votes:
		fi
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
		if [ "$b" != ratification ] && [ "$(field "$c:$dir/ballot" Result)" = adopted ]; then
			for x in $(g show "$p:$dir/amendment" | sed '/^$/q' | sed -n 's/^Supersedes: //p'); do
				xd=$(ballot_dir "$x")
				[ "$(field "$p:$xd/amendment" Status)" = withdrawn ] && continue
				case $(field "$p:$xd/ballot" Status) in "" | open) ;; *) continue ;; esac
				[ "$(field "$c:$xd/ballot" Status)" = fallen ] && [ "$(field "$c:$xd/ballot" Fallen-By)" = "$b" ] ||
					report "$c" "$x, superseded by the adopted $b, did not fall"
			done
		elif g diff-tree -r --no-commit-id --name-only "$p" "$c" | grep -v "^$dir/ballot\$" | grep -q '/ballot$'; then
			report "$c" "a close that adopts nothing makes amendments fall"
		fi
		;;
	propose | compromise)
		sup=$(g show "$c:$last" | sed '/^$/q' | sed -n 's/^Supersedes: //p')
		if [ "$action" = propose ]; then
			[ -z "$sup" ] || report "$c" "a proposal that supersedes amendments (only a compromise does)"
		else
			[ -n "$sup" ] || report "$c" "a compromise that supersedes nothing"
			for x in $sup; do
				xd=$(ballot_dir "$x")
				{ [ "$(field "$p:$xd/amendment" Clause)" = "$(field "$c:$last" Clause)" ] &&
					[ -z "$(field "$p:$xd/amendment" Amends)" ] &&
					[ "$(field "$p:$xd/amendment" Status)" != withdrawn ] &&
					! g cat-file -e "$p:$xd/ballot" 2>/dev/null; } ||
					report "$c" "supersedes $x, which is no pending amendment to its clause"
			done
		fi
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
	record)
		# the chair, on an open ballot, every elector once; the next round
		b=$(trailer "$c" Ballot)
		dir=$(ballot_dir "$b")
		[ "$last" = "$dir/recorded" ] || report "$c" "its message names a ballot it does not record"
		[ "$(field "$p:$dir/ballot" Status)" = open ] || report "$c" "a roll-call recorded on a ballot that is not open"
		[ "$(field "$p:$dir/amendment" Status)" = withdrawn ] && report "$c" "a roll-call recorded on a withdrawn amendment"
		g show "$p:$dir/ballot" 2>/dev/null | sed -n 's/^Elector: \([^ ]*\) .*/\1/p' >"$tmp/want"
		[ -s "$tmp/want" ] || registry "$p" | awk '$3 == "member" {print $2}' | sort -u >"$tmp/want"
		g show "$c:$last" | sed -n 's/^Recorded: \([^ ]*\) .*/\1/p' >"$tmp/got"
		cmp -s "$tmp/want" "$tmp/got" || report "$c" "its roll-call does not name every elector once"
		g show "$c:$last" | sed -n 's/^Recorded: [^ ]* //p' | grep -vxE 'yes|no|abstain|absent' >/dev/null &&
			report "$c" "its roll-call holds a vote that is not yes, no, abstain or absent"
		prev=$(field "$p:$last" Round)
		[ "$(field "$c:$last" Round)" = $((${prev:-0} + 1)) ] || report "$c" "its round does not follow the last"
		[ "$(field "$c:$last" Delegate)" = "$signer" ] || report "$c" "recorded by another delegate than its signer"
		;;
	respond)
		dir=${last%/responses/*}
		[ "$(field "$p:$dir/ballot" Status)" = open ] || report "$c" "an answer to a recorded vote on a ballot that is not open"
		rv=$(g show "$p:$dir/recorded" 2>/dev/null | sed -n "s/^Recorded: $org //p")
		[ -n "$rv" ] || report "$c" "an answer by $org, whose vote the chair did not record"
		[ "$(field "$c:$last" Vote)" = "$rv" ] || report "$c" "it answers another vote than the one recorded"
		[ "$(field "$c:$last" Round)" = "$(field "$p:$dir/recorded" Round)" ] || report "$c" "it answers another round than the last"
		case $(field "$c:$last" Response) in confirm | contest) ;; *) report "$c" "a response that is neither confirm nor contest" ;; esac
		;;
	explain)
		dir=${last%/explanations/*}
		case $(field "$p:$dir/ballot" Status) in open | closed) ;; *) report "$c" "an explanation of vote on a ballot never held" ;; esac
		if g show "$p:$dir/ballot" | grep -q '^Elector: '; then
			g show "$p:$dir/ballot" | grep -q "^Elector: $org " || report "$c" "an explanation by $org, not an elector"
		fi
		;;
	withdraw)
		[ "$(field "$p:${last%/amendment}/ballot" Status)" = open ] &&
			report "$c" "withdrawal of an amendment whose ballot is open"
		fav=$(trailer "$c" In-Favour-Of)
		if [ -n "$fav" ]; then
			wid=$(echo "$last" | sed 's|^amendments/\([^/]*\)/\([0-9]*\)/amendment$|\1-\2|')
			g show "$p:$(ballot_dir "$fav")/amendment" 2>/dev/null | sed '/^$/q' | grep -qx "Supersedes: $wid" ||
				report "$c" "withdrawn in favour of $fav, which does not supersede it"
		fi
		;;
	comment | resolve-thread)
		n=${last##*/}
		max=$(g ls-tree --name-only "$p" "comments/$org/" | sed 's|.*/||' | sort -n | tail -n 1)
		[ "$n" = $((${max:-0} + 1)) ] || report "$c" "comment $org-c$n is not numbered in turn"
		[ "$(field "$c:$last" Delegate)" = "$signer" ] || report "$c" "a comment not written as its signer"
		cfile() { echo "comments/${1%-c*}/${1##*-c}"; } # comment id -> its file
		root() { # rev comment -> the first comment of its thread
			r=$2 k=0
			while [ -n "$(field "$1:$(cfile "$r")" Reply-To)" ] && [ $k -lt 1000 ]; do
				r=$(field "$1:$(cfile "$r")" Reply-To) k=$((k + 1))
			done
			echo "$r"
		}
		resolved() { # rev thread -> 0 when some comment resolves it (its
			# header says so: candidates found by git grep, then read)
			for f in $(g grep -l -e "^Resolves: $2\$" "$1" -- comments/ 2>/dev/null); do
				[ "$(field "$f" Resolves)" = "$2" ] && return 0
			done
			return 1
		}
		if [ "$action" = comment ]; then
			tg=$(field "$c:$last" Target)
			[ -n "$tg" ] && [ -z "$(field "$c:$last" Resolves)" ] || report "$c" "a comment without its Target"
			case ${tg%% *} in
			clause) tfile=clauses/${tg#* } ;;
			amendment) tfile=$(ballot_dir "${tg#* }")/amendment ;;
			*) tfile=none ;;
			esac
			g cat-file -e "$p:$tfile" 2>/dev/null || report "$c" "a comment on $tg, which does not exist"
			on=$(field "$c:$last" On)
			if [ -n "$on" ]; then
				body "$p:$tfile" | W=$on awk 'BEGIN {RS = "\001"} {exit !(index($0, ENVIRON["W"]) > 0)}' ||
					report "$c" "its words \"$on\" are not in the text of $tg"
			fi
			rt=$(field "$c:$last" Reply-To)
			if [ -n "$rt" ]; then
				if ! g cat-file -e "$p:$(cfile "$rt")" 2>/dev/null || [ -n "$(field "$p:$(cfile "$rt")" Resolves)" ]; then
					report "$c" "a reply to $rt, which is not a comment"
				else
					th=$(root "$p" "$rt")
					resolved "$p" "$th" && report "$c" "a reply in the resolved thread $th"
					[ "$(field "$p:$(cfile "$th")" Target)" = "$tg" ] || report "$c" "a reply about another item than its thread"
				fi
			fi
		else
			th=$(field "$c:$last" Resolves)
			if ! g cat-file -e "$p:$(cfile "$th")" 2>/dev/null || [ -n "$(field "$p:$(cfile "$th")" Reply-To)" ] ||
				[ -n "$(field "$p:$(cfile "$th")" Resolves)" ]; then
				report "$c" "resolves $th, which is not the first comment of a thread"
			else
				resolved "$p" "$th" && report "$c" "thread $th resolved twice"
				[ "$org" = "${th%-c*}" ] || [ "$org" = "$chair" ] ||
					report "$c" "$org resolves $th: only its author or the chair does"
			fi
		fi
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
		[ "$b" = ratification ] && brackets_open "$p" && report "$c" "the whole text put to the vote while a bracket is open"
		;;
	sign | object | deposit | notify | withdraw-reservation | denounce) treaty_check ;;
	rebase | order | rules) ;;
	bracket | support | resolve | bracket-open | bracket-vote | bracket-close) bracket_check ;;
	translate)
		tl=${last#translations/} tc=${last##*/}
		tl=${tl%%/*}
		langs=$(field "$p:convention" Languages)
		nl=$(field "$p:convention" Language)
		{ words_has "$langs" "$tl" && [ "$tl" != "${nl:-en}" ]; } || report "$c" "a translation into $tl, not a language to translate into"
		src=$(unit_source "$p" "$tc")
		[ -n "$src" ] && [ "$(field "$c:$last" Base)" = "$src" ] && [ "$(trailer "$c" Base)" = "$src" ] &&
			[ "$(field "$c:$last" Convention)" = "$(unit_record "$p" "$tc")" ] ||
			report "$c" "the translation of $tc into $tl does not translate its source text"
		[ "$(field "$c:$last" By)" = "$org" ] || report "$c" "a translation by $org that names another translator"
		;;
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
		want=$(printf 'Withdraw %s (by %s)\n\n%s\n%s' "$id" "$org" "$head" "$tail")
		fav=$(trailer "$c" In-Favour-Of)
		[ -n "$fav" ] && want=$(printf 'Withdraw %s in favour of %s (by %s)\n\n%s\n%s\nAccord-In-Favour-Of: %s' \
			"$id" "$fav" "$org" "$head" "$tail" "$fav") ;;
	compromise)
		sups=$(g show "$c:$adir/amendment" | sed '/^$/q' | sed -n 's/^Supersedes: //p' | awk '{printf "%s%s", (NR > 1 ? ", " : ""), $0}')
		want=$(printf 'Table the compromise %s on clause %s, superseding %s (by %s)\n\n%s\n%s' \
			"$id" "$clause" "$sups" "$org" "$head" "$tail")
		drafted=$(trailer "$c" Drafted-On)
		[ -n "$drafted" ] && want=$(printf '%s\nAccord-Drafted-On: %s' "$want" "$drafted") ;;
	comment)
		cid=$org-c${last##*/}
		tg=$(field "$c:$last" Target)
		rt=$(field "$c:$last" Reply-To)
		if [ -n "$rt" ]; then
			want=$(printf 'Reply %s to %s on %s (by %s)\n\n%s\nAccord-Comment: %s\nAccord-Target: %s\nAccord-Reply-To: %s' \
				"$cid" "$rt" "$tg" "$org" "$head" "$cid" "$tg" "$rt")
		else
			want=$(printf 'Comment %s on %s (by %s)\n\n%s\nAccord-Comment: %s\nAccord-Target: %s' \
				"$cid" "$tg" "$org" "$head" "$cid" "$tg")
		fi ;;
	resolve-thread)
		cid=$org-c${last##*/}
		th=$(field "$c:$last" Resolves)
		want=$(printf 'Resolve the thread %s on %s (by %s)\n\n%s\nAccord-Comment: %s\nAccord-Resolves: %s' \
			"$th" "$(field "$c:comments/${th%-c*}/${th##*-c}" Target)" "$org" "$head" "$cid" "$th") ;;
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
		want=$(printf 'Sign the convention (%s)\n\n%s' "$org" "$head")
		for r in $(sed -n "s|^A	ratification/reservations/$org/||p" "$tmp/changes"); do
			want=$(printf '%s\nAccord-Reservation: %s' "$want" "$r")
		done ;;
	record)
		rf="$c:$last"
		set -- $(g show "$rf" | sed -n 's/^Recorded: [^ ]* //p' | awk '{n[$1]++} END {print n["yes"]+0, n["no"]+0, n["abstain"]+0, n["absent"]+0}')
		want=$(printf 'Record the roll-call on %s: %s yes, %s no, %s abstain, %s absent (round %s)\n\n%s\nAccord-Ballot: %s\nAccord-Round: %s\n%s' \
			"$id" "$1" "$2" "$3" "$4" "$(field "$rf" Round)" "$head" "$id" "$(field "$rf" Round)" "$tail") ;;
	respond)
		rs=$(field "$c:$last" Response)
		case $rs in contest) verb=Contest ;; *) verb=Confirm ;; esac
		want=$(printf '%s the recorded vote %s on %s (%s)\n\n%s\nAccord-Ballot: %s\nAccord-Response: %s\nAccord-Round: %s\n%s' \
			"$verb" "$(field "$c:$last" Vote)" "$id" "$org" "$head" "$id" "$rs" "$(field "$c:$last" Round)" "$tail") ;;
	explain)
		want=$(printf 'Explain the vote of %s on %s\n\n%s\nAccord-Ballot: %s\n%s' "$org" "$id" "$head" "$id" "$tail") ;;
	object)
		set -- $(echo "$last" | sed 's|^ratification/objections/[^/]*/\([^/]*\)/\([^/]*\)$|\1 \2|')
		want=$(printf 'Object to the reservation of %s to %s (%s)\n\n%s\nAccord-Reservation: %s:%s' \
			"$1" "$2" "$org" "$head" "$1" "$2") ;;
	withdraw-reservation)
		want=$(printf 'Withdraw the reservation to %s (%s)\n\n%s\nAccord-Article: %s' "${last##*/}" "$org" "$head" "${last##*/}") ;;
	denounce)
		e=$(field "$c:$last" Effective)
		want=$(printf 'Denounce the convention (%s), effective %s\n\n%s\nAccord-Effective: %s' "$org" "$e" "$head" "$e") ;;
	deposit)
		k=$(field "$c:$last" Kind)
		want=$(printf 'Deposit an instrument of %s (%s)\n\n%s\nAccord-Instrument: %s' "$k" "$org" "$head" "$k") ;;
	notify)
		n=${last##*/}
		want=$(printf 'Depositary notification %s: deposit by %s (%s)\n\n%s\nAccord-Notification: %s\nAccord-Deposit: %s' \
			"$n" "$(field "$c:$last" Organisation)" "$(field "$c:$last" Instrument)" "$head" "$n" \
			"$(field "$c:$last" Organisation)")
		e=$(field "$c:$last" Entry-Into-Force)
		[ -n "$e" ] && want=$(printf '%s\nAccord-Entry-Into-Force: %s' "$want" "$e") ;;
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
		[ -n "$ooo" ] && want=$(printf '%s\nAccord-Out-Of-Order: %s' "$want" "$ooo")
		nlo=$(field "$c:$bd/ballot" Negotiation-Language-Only)
		if [ "$id" = ratification ] && [ -n "$nlo" ]; then
			# the negotiation-language text only: said in ballot and message
			nl=$(field "$p:convention" Language)
			[ "$nlo" = "${nl:-en}" ] || report "$c" "adopts the $nlo text only, which is not the negotiation language"
			want=$(printf '%s\nAccord-Negotiation-Language-Only: %s' "$want" "$nlo")
		elif [ -n "$nlo" ]; then
			report "$c" "an amendment's ballot on one language's text only"
		elif [ "$id" = ratification ]; then
			# the languages: no stale authentic translation; missing ones counted
			toc_ids "$p" >"$tmp/ids"
			total=$(wc -l <"$tmp/ids")
			for l in $(authentic_others "$p"); do
				miss=0
				while read -r k; do
					tb=$(field "$p:translations/$l/$k" Base)
					if [ -z "$tb" ]; then miss=$((miss + 1))
					elif [ "$tb" != "$(g rev-parse -q --verify "$p:clauses/$k")" ]; then
						report "$c" "adoption opened while $k ($l) is stale"
					fi
				done <"$tmp/ids"
				for k in title preamble; do
					tb=$(field "$p:translations/$l/$k" Base)
					[ -z "$tb" ] || [ "$tb" = "$(unit_source "$p" $k)" ] ||
						report "$c" "adoption opened while $k ($l) is stale"
				done
				[ "$miss" = 0 ] || want=$(printf '%s\nAccord-Not-Established: %s %s of %s clauses' "$want" "$l" "$miss" "$total")
			done
		fi ;;
	translate)
		tl=${last#translations/} tc=${last##*/}
		tl=${tl%%/*}
		verb="Translate"
		g cat-file -e "$p:$last" 2>/dev/null && verb="Update the translation of"
		want=$(printf '%s %s into %s (by %s)\n\n%s\nAccord-Clause: %s\nAccord-Language: %s\nAccord-Base: %s' \
			"$verb" "$tc" "$tl" "$org" "$head" "$tc" "$tl" "$(field "$c:$last" Base)") ;;
	close)
		bf="$c:$dir/ballot"
		set -- "$(field "$bf" Result)" "$(field "$bf" Yes)" "$(field "$bf" No)" "$(field "$bf" Abstain)" "$(field "$bf" Absent)"
		want=$(printf 'Close the ballot on %s: %s (%s yes, %s no, %s abstain)\n\n%s\nAccord-Ballot: %s\nAccord-Result: %s\nAccord-Tally: yes=%s no=%s abstain=%s absent=%s' \
			"$b" "$1" "$2" "$3" "$4" "$head" "$b" "$1" "$2" "$3" "$4" "$5")
		wy=$(field "$bf" Weighted-Yes)
		[ -n "$wy" ] && want=$(printf '%s\nAccord-Weighted-Tally: yes=%s no=%s abstain=%s absent=%s' "$want" \
			"$wy" "$(field "$bf" Weighted-No)" "$(field "$bf" Weighted-Abstain)" "$(field "$bf" Weighted-Absent)")
		rv=$(field "$bf" Recorded-Votes)
		[ -n "$rv" ] && want=$(printf '%s\nAccord-Votes: recorded=%s signed=%s' "$want" "$rv" "$(field "$bf" Signed-Votes)")
		nlo=$(field "$bf" Negotiation-Language-Only)
		[ "$nlo" = "$(field "$p:$dir/ballot" Negotiation-Language-Only)" ] ||
			report "$c" "the close changes the languages the ballot adopts"
		[ -n "$nlo" ] && want=$(printf '%s\nAccord-Negotiation-Language-Only: %s' "$want" "$nlo")
		[ "$b" != ratification ] && want=$(printf '%s\nAccord-Amendment: %s\nAccord-Clause: %s' "$want" "$b" \
			"$(field "$c:$dir/amendment" Clause)")
		fallen_ok "$c" "$p" "$dir" || report "$c" "its Accord-Fallen trailers are not the amendments that fell" ;;
	bracket | support | resolve | bracket-open | bracket-vote | bracket-close) want=$bracket_want ;;
	esac
	if [ -n "$want" ]; then
		printf '%s\n' "$want" | sed '/^$/{N;/^\n$/D}' >"$tmp/want"
		message "$c" | grep -v '^Accord-Fallen: ' >"$tmp/got"
		cmp -s "$tmp/got" "$tmp/want" || report "$c" "its message is not what its $action writes"
	fi
	case $action in propose | compromise | withdraw | rebase)
		[ "$(cosponsor_lines "$c:$last")" = "$(cosponsor_lines "$p:$last")" ] ||
			report "$c" "the sponsor lists a co-sponsor itself (a Cosponsor line)"
		;;
	esac
	case $action in withdraw | rebase) # what a compromise supersedes is fixed when tabled
		sup() { g show "$1" 2>/dev/null | sed '/^$/q' | grep '^Supersedes: '; }
		[ "$(sup "$c:$last")" = "$(sup "$p:$last")" ] || report "$c" "its Supersedes lines changed after tabling"
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
# notification-N tags: the same rules, on the Nth depositary notification
# (Accord-Action: notify, one more notification in its tree), made by a
# delegate of the depositary (the convention's Depositary, else the chair).
g log --first-parent --reverse --format='@@ %H%n%B' "$branch" | awk '
	/^@@ / {c = $2} /^Accord-Action: notify$/ && c != "" {print c; c = ""}' >"$tmp/notified"
for t in $(g for-each-ref --format='%(refname:strip=2)' 'refs/tags/notification-*'); do
	obj=$(g rev-parse -q --verify "refs/tags/$t")
	n=${t#notification-} why=""
	g cat-file tag "$obj" >"$tmp/tag" 2>/dev/null || true
	target=$(hdr object)
	nth=$(grep -nx "$target" "$tmp/notified" 2>/dev/null | cut -d: -f1)
	tp=$(g rev-parse -q --verify "$target^1" 2>/dev/null || true)
	if ! printf '%s\n' "$n" | grep -qx '[1-9][0-9]*'; then why="its name is not notification-N"
	elif [ "$(g cat-file -t "$obj")" != tag ]; then why="a lightweight tag"
	elif [ "$(hdr tag)" != "$t" ]; then why="the tag object is named $(hdr tag)"
	elif [ "$(hdr type)" != commit ]; then why="does not name a commit"
	elif ! g merge-base --is-ancestor "$target" "$branch" 2>/dev/null; then why="not on the branch"
	elif [ -z "$nth" ] || [ -z "$tp" ] ||
		[ "$(g ls-tree --name-only "$target" ratification/notifications/ | wc -l)" != \
			"$(($(g ls-tree --name-only "$tp" ratification/notifications/ | wc -l) + 1))" ]; then
		why="not a depositary notification"
	elif [ "$nth" != "$n" ]; then why="numbered $n, but it tags notification $nth"
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
		dep=$(field "$target:convention" Depositary)
		[ -n "$dep" ] || dep=$(field "$target:convention" Chair)
		if [ -n "$why" ]; then :
		elif [ "$signer" != "$tagger" ]; then why="tagger $tagger is not the signer $signer"
		elif [ -z "$org" ] || [ "$org" != "$dep" ]; then why="$signer is not a delegate of the depositary"
		elif [ "$(g log -1 --format=%ae "$target")" != "$signer" ]; then why="$signer did not make the notification"
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
