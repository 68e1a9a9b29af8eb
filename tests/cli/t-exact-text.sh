#!/bin/sh
# Issue 18, "publish exactly the words that were adopted": generated texts
# (tests/cli/exact_text.py: scripts, joiners, directional marks, soft
# hyphens, no-break spaces, combining marks, emoji sequences, Markdown and
# HTML specials) are accepted by init and propose, stored byte for byte,
# and every export carries them exactly, decoded from its format (json,
# html and akn as xmllint reads them, csv as Python's csv reads it,
# Markdown as cmark-gfm renders it: the same text and no element the text
# did not have; txt: the words in order, wrapped at word boundaries).
# Forbidden characters (controls, invalid UTF-8, bidi overrides and
# isolates, noncharacters) are refused by every action that writes text,
# with a one-line error naming the file or argument and the line, and
# nothing written; a history holding them, written with git alone, fails
# both verifiers.
. "$(dirname "$0")/lib.sh"

command -v cmark-gfm >/dev/null 2>&1 || {
	echo "skipped: cmark-gfm is not installed (make deps)"
	exit 77
}
GEN="$ROOT/tests/cli/exact_text.py"
INDEPENDENT="$ROOT/tests/verify/independent.sh"
rounds=${ACCORD_EXACT_ROUNDS:-4}
seed=${ACCORD_EXACT_SEED:-18}

# ---- allowed text, exactly, in every format --------------------------------
r=0
while [ "$r" -lt "$rounds" ]; do
	P="$T/p$r" C="$T/c$r" O="$T/o$r"
	cp -R "$PROPOSAL" "$P"
	python3 "$GEN" gen $((seed + r)) "$P"
	expect_status 0 "$ACCORD" init "$C" --from "$P" --demo-keys
	for f in "$P"/clauses/*; do
		git -C "$C" show "main:${f#"$P"/}" | cmp -s - "$f" ||
			fail "round $r: the record does not hold ${f#"$P"/} exactly"
	done
	for f in "$P"/orgs/*; do # (--demo-keys adds keys: the name line)
		[ "$(git -C "$C" show "main:${f#"$P"/}" | grep '^Name: ')" = "$(grep '^Name: ' "$f")" ] ||
			fail "round $r: the record does not hold the name in ${f#"$P"/} exactly"
	done
	# a ballot, so that the csv has a roll-call, on a generated amendment
	id=$(acc "$C" --as "$NORLAND" propose purpose --replace --text-file "$P.amendment")
	git -C "$C" show "main:amendments/norland/1/amendment" | sed '1,/^$/d' | cmp -s - "$P.amendment" ||
		fail "round $r: the amendment's text is not stored exactly"
	acc "$C" --as "$CHAIR" open "$id" >/dev/null
	acc "$C" --as "$ASTORIA" vote "$id" yes >/dev/null
	mkdir "$O"
	for fmt in md txt html akn json csv; do
		acc "$C" export --format "$fmt" >"$O/x.$fmt"
	done
	cmark-gfm -e autolink -e table -e strikethrough -e tagfilter "$O/x.md" >"$O/md.html"
	xmllint --xpath 'string(/)' "$O/x.html" >"$O/html.txt"
	xmllint --xpath 'string(/)' "$O/x.akn" >"$O/akn.txt"
	python3 "$GEN" check "$P.expect.json" "$O" || fail "round $r (ACCORD_EXACT_SEED=$((seed + r)))"
	expect_status 0 "$ACCORD" -C "$C" verify
	expect_status 0 sh "$INDEPENDENT" "$C"
	r=$((r + 1))
done

# ---- forbidden text, refused where it is written ---------------------------
D="$T/d"
expect_status 0 "$ACCORD" init "$D" --from "$PROPOSAL" --demo-keys
python3 "$GEN" forbidden >"$T/forbidden"
printf 'PLACEHOLDER\n' >"$T/clean"
refused() { # what where: the last command failed with one line naming where, nothing written
	[ "$(wc -l <"$T/err")" = 1 ] || { cat "$T/err"; fail "$1: not a one-line error"; }
	grepq "$2" <"$T/err" || { cat "$T/err"; fail "$1: the error does not say $2"; }
	[ "$(head_of "$D")" = "$before" ] || fail "$1: something was committed"
}
status_of() { # command...: runs it, its output in $T/out and $T/err; prints its status
	set +e
	"$@" >"$T/out" 2>"$T/err"
	echo $?
	set -e
}
n=0
while IFS="$(printf '\t')" read -r name esc; do
	n=$((n + 1))
	before=$(head_of "$D")
	# shellcheck disable=SC2059 # esc holds octal escapes for printf
	printf "A first line.\nthen ${esc} here\n" >"$T/bad"
	expect_status 1 "$ACCORD" -C "$D" --as "$NORLAND" propose purpose --replace --text-file "$T/bad"
	case $name in
	NUL) where="proposed text: contains a nul byte" ;; # (bytes: found before the lines)
	byte-FF | overlong | surrogate | beyond-10FFFF | cut) where="proposed text: invalid utf-8 at byte 19" ;;
	*) where="proposed text: line 2: .* may not be stored" ;;
	esac
	refused "propose ($name)" "$where"
	# init: the proposal's file, named with its line
	cp -R "$PROPOSAL" "$T/bp$n"
	# shellcheck disable=SC2059
	printf "Heading: Purpose\n\nFine.\nthen ${esc} here\n" >"$T/bp$n/clauses/purpose"
	expect_status 1 "$ACCORD" init "$T/bc$n" --from "$T/bp$n"
	[ ! -e "$T/bc$n" ] || fail "init ($name): a repository was left"
	grepq "clauses/purpose:4: \|clauses/purpose: line 4: " <"$T/err" || { cat "$T/err"; fail "init ($name): the file and line are not named"; }
	[ "$name" = NUL ] && continue # an argument cannot hold it
	# shellcheck disable=SC2059
	arg=$(printf "x ${esc} y")
	case $name in
	byte-FF | overlong | surrogate | beyond-10FFFF | cut) where="utf-8" ;;
	*) where="line 1\|control character" ;;
	esac
	st=$(status_of "$ACCORD" -C "$D" --as "$NORLAND" comment purpose -m "$arg")
	[ "$st" != 0 ] || fail "comment ($name) accepted"
	refused "comment ($name)" "$where"
	st=$(status_of "$ACCORD" -C "$D" --as "$NORLAND" bracket purpose --span "protect civilians" \
		--option "$arg" --option "shield civilians")
	[ "$st" != 0 ] || fail "bracket ($name) accepted"
	refused "bracket ($name)" "$where"
	st=$(status_of "$ACCORD" -C "$D" --as "$NORLAND" propose purpose --replace --text-file "$T/clean" \
		--rationale "$arg")
	[ "$st" != 0 ] || fail "rationale ($name) accepted"
	refused "rationale ($name)" "rationale\|line [0-9]"
	st=$(status_of "$ACCORD" -C "$D" --as "$CHAIR" registry admit newland --name "New $arg land" \
		--role member)
	[ "$st" != 0 ] || fail "registry ($name) accepted"
	refused "registry ($name)" "orgs/newland: line [0-9]\|invalid name"
done <"$T/forbidden"
[ "$n" -ge 20 ] || fail "only $n forbidden samples"

# ---- a history written with git alone: both verifiers flag it --------------
id=$(acc "$D" --as "$NORLAND" propose purpose --replace --text-file "$T/clean")
good=$(head_of "$D")
msg=$(git -C "$D" cat-file commit "$good" | sed '1,/^$/d')
subject=$(printf '%s\n' "$msg" | head -n 1)
trailers=$(printf '%s\n' "$msg" | sed '1,/^$/d')
rlo=$(printf '\342\200\256')
git -C "$D" show "$good:amendments/norland/1/amendment" | sed "s/PLACEHOLDER/then ${rlo} here/" >"$T/forged"
grepq "$(printf '\342\200\256')" <"$T/forged" || fail "the forged text lacks its override"
git -C "$D" update-ref refs/heads/main "$good^"
bad=$(forge "$D" "$NORLAND" "$NORLAND" "$subject" "$trailers" "amendments/norland/1/amendment=$T/forged")
expect_status 4 "$ACCORD" -C "$D" verify
grepq "may not be stored" <"$T/out" || { cat "$T/out"; fail "accord verify: not flagged as forbidden text"; }
expect_status 4 sh "$INDEPENDENT" "$D"
grepq "^$bad amendments/norland/1/amendment holds text the record may not hold" <"$T/out" ||
	{ cat "$T/out"; fail "the independent verifier missed the forbidden text"; }
[ "$id" = norland-1 ] || fail "unexpected id $id"
# and a root (what init would have refused), signed by the chair with git
root=$(git -C "$D" rev-list --max-parents=0 "$good")
git -C "$D" show "$root:clauses/purpose" | sed "s/protect civilians/protect ${rlo}civilians/" >"$T/root-purpose"
GIT_INDEX_FILE="$T/root-index" git -C "$D" read-tree "$root"
GIT_INDEX_FILE="$T/root-index" git -C "$D" update-index --cacheinfo \
	"100644,$(git -C "$D" hash-object -w "$T/root-purpose"),clauses/purpose"
tree=$(GIT_INDEX_FILE="$T/root-index" git -C "$D" write-tree)
git -C "$D" cat-file commit "$root" | sed '1,/^$/d' >"$T/root-msg"
name=$(git -C "$D" log -1 --format=%an "$root")
new=$(GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$CHAIR GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$CHAIR \
	git -C "$D" -c gpg.format=ssh -c user.signingkey="$D/accord/keys/$CHAIR" commit-tree -S -F "$T/root-msg" "$tree")
git -C "$D" update-ref refs/heads/main "$new"
expect_status 4 "$ACCORD" -C "$D" verify
grepq "clauses/purpose: line 3: a bidi embedding or override (U+202E) may not be stored" <"$T/out" ||
	{ cat "$T/out"; fail "accord verify: the root's forbidden text not flagged"; }
expect_status 4 sh "$INDEPENDENT" "$D"
grepq "^$new clauses/purpose holds text the record may not hold" <"$T/out" ||
	{ cat "$T/out"; fail "the independent verifier missed the root's forbidden text"; }
echo "ok: $rounds rounds of generated text, $n forbidden samples"
