#!/bin/sh
# Issue 21: the adoption ballot may adopt the negotiation-language text
# only.  With a stale authentic translation the whole-text ballot is
# refused; `open ratification --negotiation-language-only` opens it, the
# ballot and both commits (open, close) record it, and `accord treaty`,
# `show --lang` and every export say "adopted in English only; the other
# authentic texts are not yet established".  An ordinary adoption's
# exports name the languages whose translations are missing.  Both
# verifiers reject a ballot that says so without its trailer, and one
# that opens the ordinary adoption while a translation is stale.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
AT=authentic-texts
NOTE="adopted in English only; the other authentic texts are not yet established"

# ---- an ordinary adoption ballot's exports name the missing translations -----------
O="$T/ordinary"
cp -r "$D" "$O"
acc "$O" --as "$CHAIR" close meridian-cloud-1 >/dev/null
acc "$O" --as "$CHAIR" open ratification >/dev/null
acc "$O" export --format md >"$T/o.md"
assert_contains "$T/o.md" "**Authentic texts:** not yet established: Arabic (the title, the preamble, "
assert_contains "$T/o.md" "; Spanish (the title, the preamble, "
acc "$O" export --format json | json_get '["texts"]' | grepq "^not yet established: Arabic" ||
	fail "the JSON export names the missing translations"
acc "$O" treaty --json | json_get '["texts"]' | grepq -x None || fail "treaty says nothing of an ordinary ballot"

# ---- a stale authentic translation ----------------------------------------------------
acc "$D" show $AT --json | json_get '["text"]' >"$T/en"
sed 's/United Nations\./United Nations, who shall transmit certified copies thereof to all States./' "$T/en" >"$T/en2"
acc "$D" --as "$CHAIR" close meridian-cloud-1 >/dev/null
id=$(acc "$D" --as "$NORLAND" propose $AT --replace --text-file "$T/en2")
acc "$D" --as "$CHAIR" open "$id" >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
	acc "$D" --as "$who" vote "$id" yes >/dev/null
done
acc "$D" --as "$CHAIR" close "$id" | grepq adopted || fail "the amendment is adopted"
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" open ratification
assert_contains "$T/err" "$AT (fr)"
expect_status 2 "$ACCORD" -C "$D" --as "$CHAIR" open "$id" --negotiation-language-only
assert_contains "$T/err" "goes with the ratification ballot"

# the interface: the clause beside its French translation marks the nine
# source words changed since the translation's base
printf 'LLLT\n@dump %s\n' "$T/screen" >"$T/keys"
TERM=xterm NO_COLOR=1 ACCORD_TUI_SIZE=100x40 ACCORD_TUI_SCRIPT="$T/keys" \
	timeout 60 "$ACCORD" -C "$D" --as "$NORLAND" tui $AT >"$T/tui.out" 2>&1 || {
	cat "$T/tui.out" >&2
	fail "the scripted interface"
}
assert_contains "$T/screen" "stale: 9 words of the source changed since the translation's base"
assert_contains "$T/screen" "{+, who shall transmit"
assert_contains "$T/screen" "Textes faisant foi"

# (a forgery, before the real opening: the ordinary adoption opened anyway)
F1="$T/f1"
cp -r "$D" "$F1"

# ---- the English text only ---------------------------------------------------------
acc "$D" --as "$CHAIR" open ratification --negotiation-language-only >/dev/null
git -C "$D" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Negotiation-Language-Only: en"
grepq "Accord-Not-Established" <"$T/msg" && fail "no missing-translation count: every other text is not established"
git -C "$D" show main:ratification/ballot >"$T/ballot"
assert_contains "$T/ballot" "Negotiation-Language-Only: en"
acc "$D" treaty --json | json_get '["texts"]' | grepq "the adoption ballot is on the English text only" ||
	fail "treaty says what the open ballot adopts"
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" "$HALCYON" "$OPENNET" "$SAFECON" "$BLUEFJ"; do
	acc "$D" --as "$who" vote ratification yes >/dev/null
done
acc "$D" --as "$CHAIR" close ratification | grepq adopted || fail "the English text is adopted"
git -C "$D" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Negotiation-Language-Only: en"
git -C "$D" show main:ratification/ballot >"$T/ballot"
assert_contains "$T/ballot" "Negotiation-Language-Only: en"

acc "$D" treaty >"$T/treaty"
assert_contains "$T/treaty" "$NOTE"
acc "$D" treaty --json | json_get '["texts"]' >"$T/t"
assert_eq "$(cat "$T/t")" "$NOTE" "treaty --json"
acc "$D" show purpose --lang fr >"$T/show"
assert_contains "$T/show" "($NOTE)"
for f in md txt html; do
	acc "$D" export --format $f >"$T/x.$f"
	# the text edition wraps its lines
	tr '\n' ' ' <"$T/x.$f" | tr -s ' ' | grepq "$NOTE" || fail "the $f export says $NOTE"
done
acc "$D" export --format json | json_get '["texts"]' >"$T/t"
assert_eq "$(cat "$T/t")" "$NOTE" "export --format json"
acc "$D" export --format akn -o "$T/x.akn.xml" >/dev/null 2>&1
assert_contains "$T/x.akn.xml" "$NOTE"
xmllint --noout --schema "$ROOT/tests/schema/akn/akomantoso30.xsd" "$T/x.akn.xml" 2>"$T/xmllint" || {
	cat "$T/xmllint" >&2
	fail "the Akoma Ntoso export does not validate"
}
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"

# ---- forgeries: both verifiers refuse -------------------------------------------------
forged() { # copy what: both verifiers must flag the tip
	tip=$(git -C "$1" rev-parse main)
	expect_status 4 "$ACCORD" -C "$1" verify
	grepq "$(echo "$tip" | cut -c1-12)" <"$T/out" || grepq "$(echo "$tip" | cut -c1-12)" <"$T/err" ||
		fail "$2: accord verify does not name the forged commit"
	expect_status 4 sh "$INDEPENDENT" "$1"
	grepq "^$tip " <"$T/out" || fail "$2: the independent verifier does not flag it"
}
# 1. the ballot adopts the English text only, but its message does not say so
#    (it reads as the ordinary adoption, opened while translations are stale)
F2="$T/f2"
cp -r "$F1" "$F2"
git -C "$D" show main~12:ratification/ballot >"$T/f.ballot"
grepq "Negotiation-Language-Only" <"$T/f.ballot" || fail "main~12 is the opening"
git -C "$D" log -1 --format=%B main~12 | sed -n 's/^\(Accord-[A-Za-z-]*: .*\)$/\1/p' | grep -v Negotiation-Language-Only >"$T/f.tr"
forge "$F2" "$CHAIR" "$CHAIR" "$(git -C "$D" log -1 --format=%s main~12)" "$(cat "$T/f.tr")" \
	"ratification/ballot=$T/f.ballot" >/dev/null
forged "$F2" "a ballot on the English text only without its trailer"
# 2. the ordinary adoption (no such key), opened while translations are stale
sed '/^Negotiation-Language-Only/d' "$T/f.ballot" >"$T/f3.ballot"
forge "$F1" "$CHAIR" "$CHAIR" "$(git -C "$D" log -1 --format=%s main~12)" "$(cat "$T/f.tr")" \
	"ratification/ballot=$T/f3.ballot" >/dev/null
forged "$F1" "the ordinary adoption opened while translations are stale"
echo "ok"
