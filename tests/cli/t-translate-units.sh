#!/bin/sh
# Issue 21: the convention's title and preamble translate like clauses
# (translations/LANG/title and .../preamble, a base, staleness, listed,
# shown), a change of the voting rules leaves them current, a change of
# the preamble makes them stale, and both verifiers reject a title or
# preamble translation by someone the record does not allow, or with a
# base that is not the source text it claims.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"

# ---- translate the title and the preamble ----------------------------------
printf 'Convention de Genève numérique\n' >"$T/title.fr"
acc "$D" --as "$CHAIR" translate title --lang fr --text-file "$T/title.fr" >/dev/null
cat >"$T/pre.fr" <<'EOF'
Reconnaissant que les technologies de l'information et des communications sont devenues indispensables au fonctionnement des sociétés modernes, à la prestation des services publics essentiels et à la jouissance des droits de l'homme,

Sont convenus de ce qui suit :
EOF
acc "$D" --as "$CHAIR" translate preamble --lang fr --text-file "$T/pre.fr" >/dev/null
git -C "$D" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Translate preamble into fr (by secretariat)"
assert_contains "$T/msg" "Accord-Clause: preamble"
pbase=$(git -C "$D" show main:convention | awk 'f {print} NF == 0 && !f {f = 1}' | git hash-object --stdin)
assert_contains "$T/msg" "Accord-Base: $pbase"
git -C "$D" show main:translations/fr/preamble >"$T/rec"
assert_contains "$T/rec" "Convention: $(git -C "$D" rev-parse main:convention)"
tbase=$(printf 'Digital Geneva Convention\n' | git hash-object --stdin)
assert_eq "$(git -C "$D" show main:translations/fr/title | sed -n 's/^Base: //p')" "$tbase" "the title's base is its text"

acc "$D" show title --lang fr >"$T/o"
assert_contains "$T/o" "Convention de Genève numérique"
acc "$D" show title | grepq "Digital Geneva Convention" || fail "the title in the negotiation language"
acc "$D" show preamble --lang fr --json | json_get '["status"]' | grepq -x current || fail "the preamble is current"
expect_status 1 "$ACCORD" -C "$D" show preamble --lang es
assert_contains "$T/err" "preamble has no es text yet"
acc "$D" translations --lang fr --json >"$T/tr.json"
json_eval '[(x["clause"], x["status"]) for x in v][:3]' <"$T/tr.json" >"$T/got"
assert_eq "$(cat "$T/got")" "[('title', 'current'), ('preamble', 'current'), ('part-general', 'missing')]" \
	"the title and the preamble come first"
acc "$D" translations --lang es | grepq "^title  *es  missing" || fail "the Spanish title is missing"

# ---- refusals -------------------------------------------------------------------
expect_status 3 "$ACCORD" -C "$D" --as "$TAVIRA" translate title --lang es --text-file "$T/title.fr"
assert_contains "$T/err" "only the chair (secretariat) may enter translations"
expect_status 2 "$ACCORD" -C "$D" --as "$CHAIR" translate title --lang es --heading X --text-file "$T/title.fr"
assert_contains "$T/err" "the title has no heading"
printf 'Convenio\nde Ginebra\n' >"$T/two"
expect_status 2 "$ACCORD" -C "$D" --as "$CHAIR" translate title --lang es --text-file "$T/two"
assert_contains "$T/err" "the translation of the title is one line"
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" translate title --lang en --text-file "$T/title.fr"
assert_contains "$T/err" "negotiation language: its text is the title itself"
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" translate title --lang fr --text-file "$T/title.fr"
assert_contains "$T/err" "title in fr already reads so"

# ---- the voting rules change the record, not its title or preamble ----------------
acc "$D" --as "$CHAIR" rules --quorum 2/3 >/dev/null
acc "$D" translations --stale >"$T/stale"
[ ! -s "$T/stale" ] || fail "a change of the rules makes nothing stale"
# the record read changes, so the same text again is an update
acc "$D" --as "$CHAIR" translate title --lang fr --text-file "$T/title.fr" >/dev/null
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"

# ---- a changed preamble makes its translation stale ---------------------------------
# No action changes the preamble yet: a forged change (the verifiers reject
# it) shows what the readers make of one.
S="$T/stale-repo"
cp -r "$D" "$S"
git -C "$S" show main:convention | sed 's/^Recognising that information/Recognising that digital information/' >"$T/conv"
forge "$S" "$CHAIR" "$CHAIR" "Change the rules" \
	"$(printf 'Accord-Action: rules\nAccord-Org: secretariat')" "convention=$T/conv" >/dev/null
acc "$S" translations --lang fr >"$T/fr"
grepq "^preamble  *fr  stale (1 word of the source changed)" <"$T/fr" || fail "the preamble is stale by one word"
grepq "^title  *fr  current" <"$T/fr" || fail "the title stays current"
acc "$S" diff preamble --lang fr --source-changes --color=never >"$T/sc"
assert_contains "$T/sc" "Recognising that {+digital +}information"
acc "$S" show preamble --lang fr | grepq "stale" || fail "show says the preamble is stale"
acc "$S" --as "$CHAIR" close meridian-cloud-1 >/dev/null
expect_status 3 "$ACCORD" -C "$S" --as "$CHAIR" open ratification
assert_contains "$T/err" "preamble (fr)"

# ---- forged title and preamble translations: both verifiers refuse -------------------
forged() { # copy what: both verifiers must flag the tip
	tip=$(git -C "$1" rev-parse main)
	expect_status 4 "$ACCORD" -C "$1" verify
	grepq "$(echo "$tip" | cut -c1-12)" <"$T/out" || grepq "$(echo "$tip" | cut -c1-12)" <"$T/err" ||
		fail "$2: accord verify does not name the forged commit"
	expect_status 4 sh "$INDEPENDENT" "$1"
	grepq "^$tip " <"$T/out" || fail "$2: the independent verifier does not flag it"
}
conv=$(git -C "$D" rev-parse main:convention)
# 1. the title, by an organisation the record does not name
F1="$T/f1"
cp -r "$D" "$F1"
printf 'Base: %s\nBy: tavira\nConvention: %s\n\nConvenio de Ginebra Digital\n' "$tbase" "$conv" >"$T/f1.rec"
forge "$F1" "$TAVIRA" "$TAVIRA" "Translate title into es (by tavira)" \
	"$(printf 'Accord-Action: translate\nAccord-Org: tavira\nAccord-Clause: title\nAccord-Language: es\nAccord-Base: %s' "$tbase")" \
	"translations/es/title=$T/f1.rec" >/dev/null
forged "$F1" "a title translation by tavira"
# 2. the preamble, by the chair, claiming another text as its base
F2="$T/f2"
cp -r "$D" "$F2"
other=$(printf 'Some other preamble.\n' | git hash-object --stdin)
printf 'Base: %s\nBy: secretariat\nConvention: %s\n\nUn autre préambule.\n' "$other" "$conv" >"$T/f2.rec"
forge "$F2" "$CHAIR" "$CHAIR" "Translate preamble into es (by secretariat)" \
	"$(printf 'Accord-Action: translate\nAccord-Org: secretariat\nAccord-Clause: preamble\nAccord-Language: es\nAccord-Base: %s' "$other")" \
	"translations/es/preamble=$T/f2.rec" >/dev/null
forged "$F2" "a preamble translation of another text"
# 3. the right base, but naming a record other than the one it was read from
F3="$T/f3"
cp -r "$D" "$F3"
oldconv=$(git -C "$D" rev-parse "$(git -C "$D" rev-list --max-parents=0 main):convention")
printf 'Base: %s\nBy: secretariat\nConvention: %s\n\nUn préambule.\n' "$pbase" "$oldconv" >"$T/f3.rec"
forge "$F3" "$CHAIR" "$CHAIR" "Translate preamble into es (by secretariat)" \
	"$(printf 'Accord-Action: translate\nAccord-Org: secretariat\nAccord-Clause: preamble\nAccord-Language: es\nAccord-Base: %s' "$pbase")" \
	"translations/es/preamble=$T/f3.rec" >/dev/null
forged "$F3" "a preamble translation naming another record"

# ---- --lang all: a multilingual edition -------------------------------------------
acc "$D" show purpose --lang all --json | json_eval '[(x["lang"], x["status"]) for x in v]' >"$T/got"
assert_eq "$(cat "$T/got")" "[('en', 'current'), ('ar', 'current'), ('zh', 'current'), ('fr', 'current'), ('ru', 'current'), ('es', 'current')]" \
	"show --lang all: the source first, then every language"
acc "$D" show scope --lang all >"$T/o"
assert_contains "$T/o" "[fr] not yet established"
acc "$D" export --format md --lang all >"$T/all.md"
# the source, then each language, under each clause
awk '/^### Article 1\. Purpose/ {f = 1} f && /^\*\*\[(ar|zh|fr|ru|es)\]\*\*/ {print $1} /^### Article 2/ {exit}' "$T/all.md" >"$T/order"
assert_eq "$(tr '\n' ' ' <"$T/order")" "**[ar]** **[zh]** **[fr]** **[ru]** **[es]** " "the languages under Article 1"
assert_contains "$T/all.md" "**[zh]** 宗旨"
assert_contains "$T/all.md" "Convention de Genève numérique"
assert_contains "$T/all.md" "**[es]** *(not yet established)*"
acc "$D" export --format html --lang all >"$T/all.html"
assert_contains "$T/all.html" '<div class="translation" lang="ar" xml:lang="ar" dir="rtl">'
assert_contains "$T/all.html" '<div class="translation" lang="zh" xml:lang="zh">'
assert_contains "$T/all.html" '<div class="translation not-current" lang="es" xml:lang="es">'
acc "$D" export --format txt --lang all | grepq "^\[ru\] Цель" || fail "the text edition has the Russian heading"
expect_status 2 "$ACCORD" -C "$D" export --format akn --lang all
assert_contains "$T/err" "akn holds one language: export each with --lang LANG"

# ---- a proposal's title translation is stamped by init ------------------------------
rm -rf "$T/p" "$T/c"
cp -r "$PROPOSAL" "$T/p"
printf '\nConvención de Ginebra Digital\n' >"$T/p/translations/es/title"
expect_status 0 "$ACCORD" init "$T/c" --from "$T/p" --demo-keys
git -C "$T/c" show main:translations/es/title >"$T/rec"
assert_contains "$T/rec" "Base: $tbase"
assert_contains "$T/rec" "By: secretariat"
assert_contains "$T/rec" "Convention: $(git -C "$T/c" rev-parse main:convention)"
acc "$T/c" translations --lang es | grepq "^title  *es  current" || fail "the stamped title is current"
expect_status 0 "$ACCORD" -C "$T/c" verify
expect_status 0 sh "$INDEPENDENT" "$T/c"
echo "ok"
