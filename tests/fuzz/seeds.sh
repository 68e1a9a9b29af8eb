#!/bin/sh
# Writes the seed inputs of every fuzz target into $SEEDS/<target>/ (default
# build-fuzz/seeds): every file of the bundled proposal, the files, commit
# messages and signatures of a demo convention (made with $ACCORD demo,
# default ./accord), and hand-written hostile inputs (invalid UTF-8, escape
# sequences, bidi overrides, NUL bytes, huge lines).  `run.sh merge` then
# folds them into tests/fuzz/corpus/<target>; to start over:
#   sh tests/fuzz/seeds.sh && cp build-fuzz/seeds/T/* tests/fuzz/corpus/T/ && make fuzz-merge
# Needs git, base64 and sed.
set -eu
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
S=${SEEDS:-build-fuzz/seeds}
ACCORD=${ACCORD:-$ROOT/accord}
P=proposals/digital-geneva-convention
rm -rf "$S"
for t in record ids trailers state textdiff sanitize signers sign rules; do
	mkdir -p "$S/$t"
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/accord-seeds.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# put TARGET NAME PRINTF-FORMAT...: writes a seed with printf.
put() {
	t=$1 n=$2
	shift 2
	# shellcheck disable=SC2059
	printf "$@" >"$S/$t/$n"
}

# ---- the bundled proposal -------------------------------------------------
for f in "$P/convention" "$P/toc" "$P"/clauses/* "$P"/orgs/*; do
	n=proposal-$(echo "${f#"$P"/}" | tr / -)
	cp "$f" "$S/record/$n"
done
for f in "$P"/orgs/*; do
	cp "$f" "$S/signers/proposal-$(basename "$f")"
	sed -n 's/^Delegate: //p' "$f" | head -n 1 | tr -d '\n' >"$S/signers/delegate-$(basename "$f")"
	sed -n 's/^Delegate: .*<\(.*\)>.*/\1/p' "$f" | head -n 1 | tr -d '\n' >"$S/ids/email-$(basename "$f")"
	printf '%s' "$(basename "$f")" >"$S/ids/org-$(basename "$f")"
done
for f in definitions scope purpose; do
	printf '%s' "$f" >"$S/ids/clause-$f"
	# sanitize: first byte is the column budget
	{ printf '\120'; sed '1,/^$/d' "$P/clauses/$f"; } >"$S/sanitize/clause-$f"
done
{ printf '\000'; cat "$P/toc"; } >"$S/state/toc-proposal"

# ---- a demo convention -------------------------------------------------------
D=$TMP/demo
if "$ACCORD" demo "$D" </dev/null >/dev/null 2>&1; then
	git -C "$D" ls-tree -r --name-only main >"$TMP/files"
	while read -r f; do
		git -C "$D" show "main:$f" >"$S/record/demo-$(echo "$f" | tr / -)"
	done <"$TMP/files"
	for o in kestria norland meridian-cloud secretariat; do
		git -C "$D" show "main:orgs/$o" >"$S/signers/demo-$o"
		git -C "$D" show "main:orgs/$o" | sed -n 's/^Delegate: //p' | head -n 1 | tr -d '\n' \
			>"$S/signers/demo-delegate-$o"
		git -C "$D" show "main:orgs/$o" | sed -n 's/^Delegate: .*> //p' | head -n 1 | tr -d '\n' \
			>"$S/ids/key-$o"
	done
	printf 'norland-1' >"$S/ids/amendment-norland-1"
	printf 'meridian-cloud-12' >"$S/ids/amendment-meridian-12"
	i=0
	for c in $(git -C "$D" rev-list main); do
		i=$((i + 1))
		# trailers: first byte picks the key (0 Action 1 Clause 2 Amendment 3 Org 4 Ballot 5 Vote)
		# shellcheck disable=SC2059
		{ printf "\\$(printf '%03o' $((i % 6)))"; git -C "$D" log -1 --format=%B "$c"; } \
			>"$S/trailers/demo-$i"
		# sign: the armoured signature (mode 0) and its blob (mode 2)
		git -C "$D" cat-file commit "$c" |
			sed -n '/^gpgsig /,/END SSH SIGNATURE/p' | sed 's/^gpgsig //; s/^ //' >"$TMP/sig"
		if [ -s "$TMP/sig" ] && [ "$i" -le 8 ]; then
			{ printf '\000'; cat "$TMP/sig"; } >"$S/sign/demo-armoured-$i"
			{ printf '\002'; sed '1d;$d' "$TMP/sig" | tr -d '\n' | base64 -d; } \
				>"$S/sign/demo-blob-$i"
		fi
	done
	# textdiff: a clause against the amendment that replaces it (separator \001)
	for a in norland kestria meridian-cloud; do
		am=$(git -C "$D" show "main:amendments/$a/1/amendment")
		cl=$(printf '%s\n' "$am" | sed -n 's/^Clause: //p')
		{
			printf '\001'
			git -C "$D" show "main:clauses/$cl" | sed '1,/^$/d'
			printf '\001'
			printf '%s\n' "$am" | sed '1,/^$/d'
		} >"$S/textdiff/demo-$a"
	done
	git -C "$D" show main:toc >"$TMP/toc"
	{ printf '\002'; cat "$TMP/toc"; } >"$S/state/toc-demo"

	# state, split mode: a small convention with amendments, ballots, votes,
	# ratification and an agenda, pieces cut by NUL (see fuzz_state.c)
	printf 'Heading: A\n\nThe text of a.\n' >"$TMP/clause"
	base=$(git hash-object --stdin <"$TMP/clause")
	git -C "$D" show main:amendments/norland/1/amendment |
		sed "s/^Sponsor: .*/Sponsor: x/; s/^Clause: .*/Clause: a/; s/^Base: .*/Base: $base/" \
			>"$TMP/amx"
	abase=$(git hash-object --stdin <"$TMP/amx")
	git -C "$D" show main:amendments/astoria/1/amendment |
		sed "s/^Sponsor: .*/Sponsor: y/; s/^Clause: .*/Clause: a/; s/^Amends: .*/Amends: x-1/; s/^Base: .*/Base: $abase/" \
			>"$TMP/amy"
	git -C "$D" show main:convention | sed 's/^Chair: .*/Chair: chair/' >"$TMP/conv"
	git -C "$D" show main:orgs/kestria >"$TMP/orgx"
	git -C "$D" show main:amendments/norland/1/ballot >"$TMP/ballot"
	printf 'Status: open\n\n' >"$TMP/open"
	printf 'Vote: yes\nDelegate: x@example.org\n\n' >"$TMP/vyes"
	printf 'Vote: no\n\n' >"$TMP/vno"
	printf 'Status: fallen\nFallen-By: x-1\n\n' >"$TMP/fallen"
	printf 'Delegate: x@example.org\nDate: 2026-01-01\n\n' >"$TMP/signature"
	printf '\nx-1\ny-1\n' >"$TMP/agenda"
	printf '\na\n  b\n  c\nd\n' >"$TMP/toc2"
	nul() { printf '\000'; }
	{
		printf '\001'
		cat "$TMP/conv"; nul; cat "$TMP/toc2"; nul; cat "$TMP/clause"; nul
		cat "$TMP/orgx"; nul; cat "$TMP/amx"; nul; cat "$TMP/ballot"; nul
		cat "$TMP/vyes"; nul; cat "$TMP/vno"; nul; cat "$TMP/amy"; nul
		cat "$TMP/fallen"; nul; cat "$TMP/open"; nul; cat "$TMP/vyes"; nul
		cat "$TMP/signature"; nul; cat "$TMP/agenda"
	} >"$S/state/split-full"
	{
		printf '\001'
		nul; nul; nul; nul; cat "$TMP/amx"; nul; cat "$TMP/open"; nul; cat "$TMP/vyes"
	} >"$S/state/split-open-ballot"
	{
		printf '\001'
		nul; nul; nul; nul; cat "$TMP/amx"; nul; nul; nul; nul; cat "$TMP/amy"
	} >"$S/state/split-subamendment"
	{ printf '\001'; cat "$TMP/conv"; } >"$S/state/split-convention"
	{ printf '\001'; nul; nul; nul; cat "$TMP/orgx"; } >"$S/state/split-org"
else
	echo "seeds.sh: no demo convention ($ACCORD demo failed): proposal and hand seeds only" >&2
fi

# ---- hand-written hostile seeds ---------------------------------------------
long=$(head -c 5000 /dev/zero | tr '\0' A)
longer=$(head -c 4500 /dev/zero | tr '\0' 'b')
key65=$(head -c 65 /dev/zero | tr '\0' K)
# record
put record empty ''
put record blank '\n'
put record no-blank 'Title: x\n'
put record body-no-newline 'Title: x\n\nbody'
put record crlf 'Title: x\r\n\r\nbody\r\n'
put record nul-header 'Title: a\000b\n\n'
put record nul-body 'Title: a\n\nbo\000dy\n'
put record bad-utf8-header 'Title: \377\376\n\n'
put record bad-utf8-body 'Title: a\n\n\300\257 \355\240\200 \364\220\200\200\n'
put record truncated-utf8 'Title: a\n\n\342\202'
put record esc 'Title: \033[2J\033]0;owned\007\n\n\033[31mred\033[0m\n'
put record bidi 'Title: safe\342\200\256evil\n\n\342\201\246isolate\342\201\251\n'
put record c1 'Title: a\302\205b\n\n\302\233[2J\n'
put record spaces 'Title:  lead\nKey: trail \n\n'
put record lower-key 'title: x\n\n'
put record empty-value 'Title: \n\n'
put record no-space 'Title:x\n\n'
put record colon-in-value 'Title: a: b: c\n\n'
put record repeat 'Delegate: a\nDelegate: b\nDelegate: c\n\n'
put record long-line "Title: $long\\n\\n"
put record long-key "$key65: v\\n\\n"
put record long-body "Title: x\\n\\n$longer\\n"
put record tabs 'Title: a\tb\n\n\tindented\n'
# ids
for s in a a- -a a--b 'a b' A norland-0 norland-01 norland-1 x-4294967296 \
	'1/2' '2/3' '0.5' '0.50000' '0.123456' '0' '1' '3/2' '0/1' '/2' '1/' '1/0' \
	simple two-thirds absolute unanimity consensus yes no abstain absent member chair observer \
	tabled voting adopted rejected withdrawn fallen stale replace insert-after delete \
	'a@b.c' '-a@b.c' 'a"b@c.d' 'a,b@c.d' '*@c.d' 'a@b@c.d' 'a@.b' 'a@b.' 'a..b@c.d' \
	'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1 comment' \
	'ssh-ed25519 AAAA' 'ssh-ed25519  AAAAC3NzaC1lZDI1NTE5AAAA' ' ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA'; do
	n=$(printf '%s' "$s" | tr -c 'a-zA-Z0-9.-' _ | cut -c1-40)
	printf '%s' "$s" >"$S/ids/v-$n"
done
put ids long-id 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklm'
put ids nul 'a\000b'
# trailers
put trailers action '\000Subject\n\nAccord-Action: vote\nAccord-Org: x\n'
put trailers first-wins '\000s\n\nAccord-Action: vote\nAccord-Action: close\n'
put trailers empty-value '\000s\n\nAccord-Action: \nAccord-Action:\n'
put trailers crlf '\000s\r\n\r\nAccord-Action: vote\r\n'
put trailers esc '\003s\n\nAccord-Org: \033[2J\342\200\256\n'
put trailers no-newline '\002Accord-Amendment: x-1'
put trailers empty-key '\012Accord-: v\n'
# textdiff
put textdiff words '\001the quick brown fox\001the slow brown dog\n'
put textdiff same '|same text|same text'
put textdiff empty-old '\001\001new text'
put textdiff empty-new '\001old text\001'
put textdiff no-separator '\001only old'
put textdiff invalid '\001\377\376abc \300\257\001\377abc \355\240\200'
put textdiff nul '|a\000b c|a\000c c'
put textdiff cjk '|\344\270\255\346\226\207\345\255\227|\344\270\255\345\233\275\345\255\227'
put textdiff combining '|cafe\314\201 au lait|caf\303\251 au lait'
put textdiff space-absorb '|a b c d|x b y d'
put textdiff punct '|a, b; c.|a. b, c;'
put textdiff repeat "|$(head -c 600 /dev/zero | tr '\0' a | sed 's/a/a /g')|$(head -c 600 /dev/zero | tr '\0' b | sed 's/b/b a /g')"
# sanitize (first byte: columns, high bit: ellipsis)
put sanitize esc '\220\033[2J\033]0;title\007text\033[0m'
put sanitize bidi '\020abc\342\200\256def\342\201\246ghi\342\201\251\330\234'
put sanitize c1 '\010\302\200\302\205\302\233\302\237'
put sanitize controls '\040\000\001\010\011\012\015\177 end'
put sanitize invalid '\010\377\376\300\257\355\240\200\364\220\200\200\342\202'
put sanitize tabs '\012a\tbc\tdef\n\tx'
put sanitize wide '\205\344\270\255\346\226\207\345\255\227\357\274\241'
put sanitize combining '\203e\314\201e\314\201e\314\201'
put sanitize zero-width '\020a\342\200\213b\342\200\215c\357\273\277d\302\255e'
put sanitize tags '\020\363\240\201\201\363\240\200\201'
put sanitize emoji '\003\360\237\230\200\360\237\221\215'
put sanitize zero-cols '\000abc'
put sanitize long-line "\\177$longer"
# signers
put signers with-key 'Name: X\nRole: member\nDelegate: X Y <x@example.org> ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1\n\n'
put signers two 'Name: X\nRole: member\nDelegate: A <a@example.org> ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1\nDelegate: B <b@example.org> ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==\n\n'
put signers wildcard 'X <*@example.org> ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1'
put signers comma 'X <a@b.c,*@d.e> ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1'
put signers dash 'X <-x@b.c> ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO1WugfDacfKSA8570gCElhxVzJkfLCyCeZdBta0Ftv1'
put signers options 'X <x@b.c> cert-authority,namespaces="*" ssh-ed25519 AAAA'
put signers short-key 'X <x@b.c> ssh-ed25519 AAAA'
# sign
sigblob() { sed '1d;$d' | tr -d '\n' | base64 -d; }
FIXED='-----BEGIN SSH SIGNATURE-----
U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg7Va6B8Npx8pIDznvSAISWHFXMm
R8sLIJ5l0G1rQW2/UAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5
AAAAQBMKIAXyLojwXLNKdoypjJmcZmeiBJHEos9L5Gs/Nx81SLTilsfbtff8E7kIygO82Y
Ts1XdqYtgkDBopcPSdhAI=
-----END SSH SIGNATURE-----'
{ printf '\000'; printf '%s\n' "$FIXED"; } >"$S/sign/fixed-armoured"
{ printf '\002'; printf '%s\n' "$FIXED" | sigblob; } >"$S/sign/fixed-blob"
put sign fixed-data '\001accord fuzz fixed data\n'
put sign other-data '\001accord fuzz fixed datA\n'
put sign empty-data '\001'
put sign no-armour '\000U1NIU0lH'
put sign bad-base64 '\000-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n'
put sign rsa-blob '\002SSHSIG\000\000\000\001\000\000\000\017\000\000\000\007ssh-rsa\000\000\000\000\000\000\000\003git\000\000\000\000\000\000\000\006sha512\000\000\000\000'
put sign truncated '\002SSHSIG\000\000\000\001\377\377\377\377'
# rules: rule, quorum num, den, then role/vote/weight triples
put rules simple '\000\001\002\000\001\001\000\002\001\000\003\001\000\000\001\002\001\001'
put rules two-thirds '\001\002\003\000\001\001\000\001\001\000\002\001'
put rules absolute-half '\002\000\000\000\001\001\000\002\001'
put rules unanimity '\003\001\001\000\001\001\000\001\001\000\001\003'
put rules consensus '\004\000\000\000\001\001\000\003\001\001\002\001'
put rules weighted '\000\001\002\000\001\377\000\002\377\000\002\001'
put rules no-members '\000\001\002\001\001\001\002\002\001'
put rules bad-values '\006\377\000\003\004\000\007\011\000'
for t in record ids trailers state textdiff sanitize signers sign rules; do
	echo "$t: $(find "$S/$t" -type f | wc -l) seeds"
done
