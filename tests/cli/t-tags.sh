#!/bin/sh
# Ratification tags: an honest ratified-N tag (signed by the chair's
# delegate who closed the ballot, naming the closing commit and the text)
# verifies with accord verify, the independent verifier and git
# verify-tag; each kind of forged tag made with the git command line is
# rejected by both verifiers (naming the tag) and never used by export,
# which warns about it.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
KEYS="$D/accord/keys"

# ---- an honest ratification ----------------------------------------------------

acc "$D" --as "$CHAIR" close meridian-cloud-1 >/dev/null
acc "$D" --as "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$OPENNET" "$SAFECON"; do
	acc "$D" --as "$who" vote ratification yes >/dev/null
done
acc "$D" --as "$CHAIR" close ratification >"$T/close"
assert_contains "$T/close" "tagged ratified-1"
CLOSE=$(head_of "$D")
OPEN=$(git -C "$D" rev-parse "$CLOSE^")
ROOT_COMMIT=$(git -C "$D" rev-list --max-parents=0 main)
HONEST=$(git -C "$D" rev-parse refs/tags/ratified-1)
acc "$D" --as "$NORLAND" sign >/dev/null
SIGNED=$(head_of "$D")

mkdir -p "$T/objs"
textid() { # repo commit: the text id, as the tag message gives it
	git -C "$1" ls-tree "$2" convention toc clauses |
		GIT_OBJECT_DIRECTORY="$T/objs" git -C "$1" mktree --missing
}

git -C "$D" cat-file tag ratified-1 >"$T/tag"
assert_eq "$(git -C "$D" cat-file -t ratified-1)" tag "an annotated tag"
assert_contains "$T/tag" "tagger Helena Marchetti <$CHAIR>"
assert_contains "$T/tag" "Accord-Commit: $CLOSE"
assert_contains "$T/tag" "Accord-Text: $(textid "$D" "$CLOSE")"
assert_contains "$T/tag" "-----BEGIN SSH SIGNATURE-----"
expect_status 0 "$ACCORD" -C "$D" verify
assert_contains "$T/out" "no problems"
expect_status 0 sh "$INDEPENDENT" "$D"
acc "$D" allowed-signers >"$T/allowed"
git -C "$D" -c gpg.ssh.allowedSignersFile="$T/allowed" verify-tag ratified-1 2>"$T/vt" ||
	fail "git verify-tag rejects the honest tag"
assert_contains "$T/vt" "Good \"git\" signature for $CHAIR"
expect_status 0 "$ACCORD" -C "$D" export --format json
assert_eq "$(json_get '["ratification_tag"]["name"]' <"$T/out")" ratified-1 "export uses the tag"
assert_eq "$(json_get '["revision"]["commit"]' <"$T/out")" "$CLOSE" "export reads the tagged text"
assert_contains "$T/err" "ratified-1 ($(echo "$CLOSE" | cut -c1-12))"

DEMO_TEXT=$(textid "$D" "$CLOSE") # another text than the short history's

# ---- forgeries -------------------------------------------------------------------

# on a short history of their own (the independent verifier runs a few git
# processes per commit, and runs once per forgery)
D="$T/short"
"$ACCORD" init "$D" --from "$PROPOSAL" --demo-keys >/dev/null
KEYS="$D/accord/keys"
acc "$D" --as "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$OPENNET" "$SAFECON"; do
	acc "$D" --as "$who" vote ratification yes >/dev/null
done
acc "$D" --as "$CHAIR" close ratification >"$T/close"
assert_contains "$T/close" "tagged ratified-1"
CLOSE=$(head_of "$D")
OPEN=$(git -C "$D" rev-parse "$CLOSE^")
ROOT_COMMIT=$(git -C "$D" rev-list --max-parents=0 main)
HONEST=$(git -C "$D" rev-parse refs/tags/ratified-1)
acc "$D" --as "$NORLAND" sign >/dev/null
SIGNED=$(head_of "$D")
acc "$D" allowed-signers >"$T/allowed"
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"
export GIT_AUTHOR_NAME=Forger GIT_AUTHOR_EMAIL=forger@example.org \
	GIT_COMMITTER_NAME=Forger GIT_COMMITTER_EMAIL=forger@example.org

fresh() { # name [keep]: a copy of the ratified convention, without its tag unless keep
	rm -rf "${T:?}/$1"
	cp -r "$D" "$T/$1"
	[ "${2:-}" = keep ] || git -C "$T/$1" tag -d ratified-1 >/dev/null
	echo "$T/$1"
}

# forge_tag COPY NAME TARGET KEY TAGGER [COMMIT-CLAIM [TEXT-CLAIM]]: an
# annotated tag made by git, signed with KEY (an email's demo key, a key
# file, or "-" for unsigned), tagged by TAGGER, whose message claims the
# commit and text (by default TARGET's, truthfully)
forge_tag() {
	copy=$1 name=$2 target=$3 key=$4 tagger=$5
	claim=${6:-$target}
	text=${7:-$(textid "$copy" "$target")}
	printf 'Forged ratification\n\nAccord-Commit: %s\nAccord-Text: %s\n' "$claim" "$text" >"$T/msg"
	k=none sign=-a
	case $key in
	-) ;;
	/*) sign=-s k=$key ;;
	*) sign=-s k="$copy/accord/keys/$key" ;;
	esac
	GIT_COMMITTER_NAME=Forger GIT_COMMITTER_EMAIL=$tagger git -C "$copy" -c gpg.format=ssh \
		-c user.signingkey="$k" tag -f $sign -F "$T/msg" "$name" "$target" >/dev/null 2>&1
}

cases=0
# rejected COPY TAG WHAT [EXPORT-TAG]: both verifiers name the tag; export
# warns about it and uses EXPORT-TAG (ratified-1, the honest one, or none)
rejected() {
	cases=$((cases + 1))
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -qF " tag $2: " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -qF " tag $2: " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
	expect_status 0 "$ACCORD" -C "$1" export --format json
	assert_contains "$T/err" "warning: ignoring the tag $2: "
	if [ "${4:-none}" = ratified-1 ]; then
		assert_eq "$(json_get '["ratification_tag"]["name"]' <"$T/out")" ratified-1 "$3: export tag"
		assert_eq "$(json_get '["revision"]["commit"]' <"$T/out")" "$CLOSE" "$3: export revision"
	else
		assert_eq "$(json_get '["ratification_tag"]' <"$T/out")" None "$3: export tag"
		assert_eq "$(json_get '["revision"]["commit"]' <"$T/out")" "$(head_of "$1")" \
			"$3: export revision"
	fi
	expect_status 4 "$ACCORD" -C "$1" export --format json --at "$2"
	assert_contains "$T/err" "tag $2 does not verify"
}

# unsigned (this convention requires signatures), by the chair or anyone
for tagger in "$CHAIR" "$NORLAND" "$OBSERVER"; do
	C=$(fresh unsigned)
	forge_tag "$C" ratified-1 "$CLOSE" - "$tagger"
	rejected "$C" ratified-1 "unsigned tag by $tagger"
done
C=$(fresh unsigned2 keep)
forge_tag "$C" ratified-2 "$CLOSE" - "$CHAIR"
rejected "$C" ratified-2 "a second, unsigned tag" ratified-1

# signed by a delegate who is not the chair's (also claiming to be the chair)
for who in "$NORLAND" "$MERIDIAN" "$OBSERVER"; do
	C=$(fresh member)
	forge_tag "$C" ratified-1 "$CLOSE" "$who" "$who"
	rejected "$C" ratified-1 "signed by $who"
	C=$(fresh member2)
	forge_tag "$C" ratified-1 "$CLOSE" "$who" "$CHAIR"
	rejected "$C" ratified-1 "signed by $who as the chair"
done

# signed by a key nobody registered
for i in 1 2; do
	ssh-keygen -q -t ed25519 -N '' -C "forger$i" -f "$T/forger$i"
	C=$(fresh unregistered)
	forge_tag "$C" ratified-1 "$CLOSE" "$T/forger$i" "$CHAIR"
	if git -C "$C" -c gpg.ssh.allowedSignersFile="$T/allowed" verify-tag ratified-1 2>/dev/null; then
		fail "git verify-tag accepts an unregistered key"
	fi
	rejected "$C" ratified-1 "signed by an unregistered key"
done

# signed by the chair, truthful message, but not the ratification's close
for target in "$OPEN" "$ROOT_COMMIT" "$SIGNED" "$(git -C "$D" rev-parse "$CLOSE~5")"; do
	C=$(fresh elsewhere)
	forge_tag "$C" ratified-1 "$target" "$CHAIR" "$CHAIR"
	rejected "$C" ratified-1 "a tag of $target"
done

# signed by the chair, pointing at a commit not on the branch: a copy of
# the close beside it, a commit after the tip, one on a side branch
C=$(fresh side)
side=$(git -C "$C" -c gpg.format=ssh -c user.signingkey="$KEYS/$CHAIR" commit-tree -S \
	-p "$OPEN" -m "$(git -C "$C" log -1 --format=%B "$CLOSE")" "$CLOSE^{tree}")
forge_tag "$C" ratified-1 "$side" "$CHAIR" "$CHAIR"
rejected "$C" ratified-1 "a copy of the close beside the branch"
C=$(fresh side2 keep)
after=$(git -C "$C" -c gpg.format=ssh -c user.signingkey="$KEYS/$CHAIR" commit-tree -S \
	-p "$SIGNED" -m "$(git -C "$C" log -1 --format=%B "$CLOSE")" "$CLOSE^{tree}")
forge_tag "$C" ratified-2 "$after" "$CHAIR" "$CHAIR"
rejected "$C" ratified-2 "a commit after the tip" ratified-1

# lightweight tags
C=$(fresh light)
git -C "$C" tag ratified-1 "$CLOSE"
rejected "$C" ratified-1 "a lightweight tag of the close"
C=$(fresh light2 keep)
git -C "$C" tag ratified-2 "$SIGNED"
rejected "$C" ratified-2 "a lightweight second tag" ratified-1

# the message claims another text or another commit
for text in "$DEMO_TEXT" "$(git -C "$D" rev-parse "$CLOSE^{tree}")" \
	"$(git -C "$D" rev-parse "$CLOSE:clauses")" 0000000000000000000000000000000000000000; do
	C=$(fresh text)
	forge_tag "$C" ratified-1 "$CLOSE" "$CHAIR" "$CHAIR" "$CLOSE" "$text"
	rejected "$C" ratified-1 "Accord-Text $text"
done
C=$(fresh claim)
forge_tag "$C" ratified-1 "$CLOSE" "$CHAIR" "$CHAIR" "$OPEN"
rejected "$C" ratified-1 "Accord-Commit of another commit"

# re-numbered: the honest tag object under another name, and new tags
# signed by the chair with numbers that do not count the ratifications
C=$(fresh renamed)
git -C "$C" update-ref refs/tags/ratified-2 "$HONEST"
rejected "$C" ratified-2 "the honest tag object under ratified-2"
for n in 2 3 0 01; do
	C=$(fresh renumbered keep)
	forge_tag "$C" "ratified-$n" "$CLOSE" "$CHAIR" "$CHAIR"
	rejected "$C" "ratified-$n" "a tag numbered $n" ratified-1
done
C=$(fresh renumbered2)
forge_tag "$C" ratified-2 "$CLOSE" "$CHAIR" "$CHAIR"
rejected "$C" ratified-2 "the only tag, numbered 2"

# the honest tag, made again by git with the chair's key, verifies
C=$(fresh again)
forge_tag "$C" ratified-1 "$CLOSE" "$CHAIR" "$CHAIR"
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"
[ "$cases" -ge 28 ] || fail "only $cases forgeries tried"

# ---- where signatures are optional, the chair's delegate tags unsigned -----------

P="$T/proposal"
cp -r "$PROPOSAL" "$P"
sed -i 's/^Signatures: required$/Signatures: optional/' "$P/convention"
U="$T/optional"
"$ACCORD" --as "$CHAIR" init "$U" --from "$P" >/dev/null
acc "$U" --as "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$OPENNET" "$SAFECON"; do
	acc "$U" --as "$who" vote ratification yes >/dev/null
done
acc "$U" --as "$CHAIR" close ratification >"$T/close"
assert_contains "$T/close" "tagged ratified-1"
git -C "$U" cat-file tag ratified-1 | grep -q "BEGIN SSH SIGNATURE" && fail "a signature without a key"
expect_status 0 "$ACCORD" -C "$U" verify
expect_status 0 sh "$INDEPENDENT" "$U"
UCLOSE=$(head_of "$U")
for tagger in "$NORLAND" "$OBSERVER" nobody@example.org; do
	rm -rf "$T/u2"
	cp -r "$U" "$T/u2"
	git -C "$T/u2" tag -d ratified-1 >/dev/null
	forge_tag "$T/u2" ratified-1 "$UCLOSE" - "$tagger"
	expect_status 4 "$ACCORD" -C "$T/u2" verify
	assert_contains "$T/out" " tag ratified-1: "
	expect_status 4 sh "$INDEPENDENT" "$T/u2"
	assert_contains "$T/out" " tag ratified-1: "
done
echo "ok ($cases forgeries)"
