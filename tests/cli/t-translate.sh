#!/bin/sh
# Issue 21: six equally authentic texts kept in step.  The demo ships the
# purpose and the authentic-texts clauses in all six languages; an adopted
# amendment to the English authentic-texts clause makes exactly its five
# translations stale; the source-change diff shows what a translator must
# carry over; the adoption (ratification) ballot is refused until the
# translations are updated, then opens and reports the texts not yet
# established.  Verify (accord's and the independent one) rejects a
# translation by an organisation the record does not allow and one whose
# recorded base is not the source it claims.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
LANGS="ar zh fr ru es"
AT=authentic-texts

# ---- the record: languages, and the bundled translations, current --------------
acc "$D" translations --json >"$T/tr.json"
json_eval 'sorted((x["clause"], x["lang"]) for x in v if x["status"] == "current")' <"$T/tr.json" >"$T/cur"
assert_eq "$(cat "$T/cur")" "$(python3 -c '
print(sorted((c, l) for c in ["purpose", "authentic-texts"] for l in ["ar", "zh", "fr", "ru", "es"]))')" \
	"the bundled translations are current"
json_eval 'sorted(set(x["lang"] for x in v))' <"$T/tr.json" >"$T/langs"
assert_eq "$(cat "$T/langs")" "['ar', 'es', 'fr', 'ru', 'zh']" "every language but the negotiation one"
json_eval 'all(x["authentic"] for x in v)' <"$T/tr.json" | grepq -x True || fail "all six are authentic"
acc "$D" translations --stale >"$T/stale"
[ ! -s "$T/stale" ] || fail "nothing is stale in the demo"
acc "$D" show purpose --lang zh >"$T/zh"
assert_contains "$T/zh" "宗旨"
assert_contains "$T/zh" "民用物体"
acc "$D" show $AT --lang ar --json | json_get '["heading"]' >"$T/h"
assert_eq "$(cat "$T/h")" "حجية النصوص" "the Arabic heading"
acc "$D" show purpose --lang en | grepq "The purpose of this Convention" || fail "en is the source"
expect_status 1 "$ACCORD" -C "$D" show scope --lang fr
assert_contains "$T/err" "has no fr text yet"

# ---- editions in each language: HTML lang and dir, Akoma Ntoso valid -----------
XSD="$ROOT/tests/schema/akn/akomantoso30.xsd"
for l in ar zh; do
	acc "$D" export --format akn --lang $l -o "$T/$l.akn.xml" >/dev/null 2>&1
	xmllint --noout --schema "$XSD" "$T/$l.akn.xml" 2>"$T/xmllint" || {
		cat "$T/xmllint" >&2
		fail "the $l Akoma Ntoso edition does not validate"
	}
	assert_contains "$T/$l.akn.xml" "xml:lang=\"$l\""
done
assert_contains "$T/ar.akn.xml" '<FRBRlanguage language="ara"/>'
assert_contains "$T/zh.akn.xml" '<FRBRlanguage language="zho"/>'
assert_contains "$T/zh.akn.xml" "作准文本"
acc "$D" export --format html --lang ar >"$T/ar.html"
assert_contains "$T/ar.html" 'lang="ar" xml:lang="ar" dir="rtl"'
assert_contains "$T/ar.html" "حجية النصوص"
assert_contains "$T/ar.html" "[ar: not yet established]"
acc "$D" export --format html --lang fr | grepq 'dir="rtl"' && fail "French is not right to left"

# ---- search finds words in every language, and says which ----------------------
acc "$D" search 平民 >"$T/s"
assert_contains "$T/s" "[zh] 宗旨"
acc "$D" search Конвенции --json | json_eval 'sorted((x["id"], x["lang"]) for x in v)' >"$T/s"
assert_eq "$(cat "$T/s")" "[('authentic-texts', 'ru'), ('purpose', 'ru')]" "a Russian search"
acc "$D" search المدنيين --json | json_eval '[(x["id"], x["lang"]) for x in v]' >"$T/s"
assert_eq "$(cat "$T/s")" "[('purpose', 'ar')]" "an Arabic search"
acc "$D" search civilian --json | json_eval 'all(x["lang"] is None for x in v) and len(v) > 0' | grepq -x True ||
	fail "source hits have no language"

# ---- right-to-left words keep their markers in place (first-strong isolates) ------
printf 'يجب على الدول الأطراف حماية الأطفال.\n' >"$T/ar1"
printf 'يجب على الدول الأطراف حماية المدنيين.\n' >"$T/ar2"
a1=$(acc "$D" --as "$TAVIRA" propose scope --replace --text-file "$T/ar1")
a2=$(acc "$D" --as "$VALMORA" propose --amends "$a1" --replace --text-file "$T/ar2")
acc "$D" diff "$a2" --color=never >"$T/rtl"
FSI=$(printf '\342\201\250') PDI=$(printf '\342\201\251')
assert_contains "$T/rtl" "حماية [-${FSI}الأطفال${PDI}-]{+${FSI}المدنيين${PDI}+}."
acc "$D" diff norland-1 --color=never | grepq "$FSI" && fail "no isolates around left-to-right words"

# ---- who may translate: the chair here (no Translators in the record) ----------
printf 'Texte.\n' >"$T/t"
expect_status 3 "$ACCORD" -C "$D" --as "$TAVIRA" translate purpose --lang ar --text-file "$T/t"
assert_contains "$T/err" "only the chair (secretariat) may enter translations"
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" translate purpose --lang en --text-file "$T/t"
assert_contains "$T/err" "negotiation language"
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" translate purpose --lang de --text-file "$T/t"
expect_status 2 "$ACCORD" -C "$D" --as "$CHAIR" translate scope --lang fr --text-file "$T/t"
assert_contains "$T/err" "needs its heading"

# ---- an amendment to the English text makes exactly its translations stale ------
acc "$D" show $AT --json | json_get '["text"]' >"$T/en"
sed 's/deposited with the Secretary-General of the United Nations\./deposited with the Secretary-General of the United Nations, who shall transmit certified copies thereof to all States./' \
	"$T/en" >"$T/en2"
cmp -s "$T/en" "$T/en2" && fail "the amendment changes the text"
acc "$D" --as "$CHAIR" close meridian-cloud-1 >/dev/null
id=$(acc "$D" --as "$NORLAND" propose $AT --replace --text-file "$T/en2")
acc "$D" --as "$CHAIR" open "$id" >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
	acc "$D" --as "$who" vote "$id" yes >/dev/null
done
acc "$D" --as "$CHAIR" close "$id" | grepq adopted || fail "the amendment is adopted"

acc "$D" translations --stale --json >"$T/st.json"
json_eval 'sorted((x["clause"], x["lang"]) for x in v)' <"$T/st.json" >"$T/got"
assert_eq "$(cat "$T/got")" "[('$AT', 'ar'), ('$AT', 'es'), ('$AT', 'fr'), ('$AT', 'ru'), ('$AT', 'zh')]" \
	"exactly the translations of the amended clause are stale"
# "who shall transmit certified copies thereof to all States" and the comma: 9 words
json_eval 'set(x["changed_words"] for x in v)' <"$T/st.json" | grepq -x '{9}' || {
	cat "$T/st.json" >&2
	fail "nine source words changed"
}
acc "$D" translations --lang fr >"$T/fr"
grepq "^$AT  *fr  stale (9 words of the source changed)" <"$T/fr" || fail "stale with its count"
grepq "^purpose  *fr  current" <"$T/fr" || fail "purpose stays current"
grepq "^scope  *fr  missing" <"$T/fr" || fail "scope is missing"
acc "$D" show $AT --lang fr | grepq "stale" || fail "show says a stale text is stale"

# ---- the source changes since the translation's base --------------------------
acc "$D" diff $AT --lang fr --source-changes --color=never >"$T/sc"
assert_contains "$T/sc" "United Nations{+, who shall transmit certified copies thereof to all States+}."
[ "$(grep -c '\[-' "$T/sc")" = 0 ] || fail "nothing was deleted from the source"
acc "$D" diff $AT --lang zh --source-changes --json >"$T/sc.json"
json_eval '[r["text"] for r in v["runs"] if r["op"] == "insert"]' <"$T/sc.json" >"$T/ins"
assert_eq "$(cat "$T/ins")" "[', who shall transmit certified copies thereof to all States']" "json runs"
acc "$D" diff purpose --lang fr --source-changes | grepq "is current" || fail "a current translation has no source changes"

# ---- adoption is refused while an authentic translation is stale ----------------
expect_status 3 "$ACCORD" -C "$D" --as "$CHAIR" open ratification
for l in $LANGS; do assert_contains "$T/err" "$AT ($l)"; done
assert_contains "$T/err" "5 translations are stale"

# ---- updated translations -------------------------------------------------------
tr() { # lang: the text on stdin becomes the translation of $AT in lang
	acc "$D" --as "$CHAIR" translate $AT --lang "$1" - >/dev/null
}
cat >"$T/fr.txt" <<'EOF'
L'original de la présente Convention, dont les textes anglais, arabe, chinois, espagnol, français et russe font également foi, sera déposé auprès du Secrétaire général de l'Organisation des Nations Unies, qui en fera tenir copie certifiée conforme à tous les États.

En foi de quoi les soussignés, à ce dûment autorisés, ont signé la présente Convention.
EOF
cat >"$T/es.txt" <<'EOF'
El original de la presente Convención, cuyos textos en árabe, chino, español, francés, inglés y ruso son igualmente auténticos, se depositará en poder del Secretario General de las Naciones Unidas, quien enviará copias certificadas de él a todos los Estados.

En testimonio de lo cual, los infrascritos, debidamente autorizados para ello, han firmado la presente Convención.
EOF
cat >"$T/ru.txt" <<'EOF'
Подлинник настоящей Конвенции, английский, арабский, испанский, китайский, русский и французский тексты которой являются равно аутентичными, сдается на хранение Генеральному секретарю Организации Объединенных Наций, который препровождает его заверенные копии всем государствам.

В удостоверение чего нижеподписавшиеся, должным образом на то уполномоченные, подписали настоящую Конвенцию.
EOF
cat >"$T/ar.txt" <<'EOF'
يودع أصل هذه الاتفاقية، التي تتساوى في الحجية نصوصها الإسبانية والإنكليزية والروسية والصينية والعربية والفرنسية، لدى الأمين العام للأمم المتحدة، الذي يرسل نسخا مصدقة منه إلى جميع الدول.

وإثباتا لذلك، قام الموقعون أدناه، المفوضون بذلك حسب الأصول، بالتوقيع على هذه الاتفاقية.
EOF
cat >"$T/zh.txt" <<'EOF'
本公约正本交联合国秘书长保存，其阿拉伯文、中文、英文、法文、俄文和西班牙文文本同等作准；秘书长应将本公约经核证无误的副本分送所有国家。

下列签字人经正式授权在本公约上签字，以昭信守。
EOF
for l in $LANGS; do tr "$l" <"$T/$l.txt"; done
git -C "$D" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Update the translation of $AT into es (by secretariat)"
assert_contains "$T/msg" "Accord-Base: $(git -C "$D" rev-parse main:clauses/$AT)"
acc "$D" translations --stale >"$T/stale"
[ ! -s "$T/stale" ] || fail "nothing is stale after the updates"
acc "$D" show $AT --lang ru | grepq "заверенные копии" || fail "the new Russian text"
# the Chinese update diffs by words (ICU), not by ideograph
acc "$D" show $AT --lang zh --json | json_get '["status"]' | grepq -x current || fail "zh current"

acc "$D" --as "$CHAIR" open ratification >/dev/null
git -C "$D" log -1 --format=%B main >"$T/msg"
for l in $LANGS; do assert_contains "$T/msg" "Accord-Not-Established: $l "; done
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"

# ---- forged translations: both verifiers refuse ----------------------------------
forged() { # copy what: both verifiers must flag the tip
	tip=$(git -C "$1" rev-parse main)
	expect_status 4 "$ACCORD" -C "$1" verify
	grepq "$(echo "$tip" | cut -c1-12)" <"$T/out" || grepq "$(echo "$tip" | cut -c1-12)" <"$T/err" ||
		fail "$2: accord verify does not name the forged commit"
	expect_status 4 sh "$INDEPENDENT" "$1"
	grepq "^$tip " <"$T/out" || fail "$2: the independent verifier does not flag it"
}
base=$(git -C "$D" rev-parse main:clauses/purpose)
oldbase=$(git -C "$D" rev-parse "$(git -C "$D" rev-list --max-parents=0 main):clauses/$AT")
# 1. by an organisation the record does not name (Tavira, with its own key)
F1="$T/f1"
cp -r "$D" "$F1"
printf 'Base: %s\nBy: tavira\nHeading: Objet\n\nUn autre texte.\n' "$base" >"$T/f1.rec"
forge "$F1" "$TAVIRA" "$TAVIRA" "Update the translation of purpose into fr (by tavira)" \
	"$(printf 'Accord-Action: translate\nAccord-Org: tavira\nAccord-Clause: purpose\nAccord-Language: fr\nAccord-Base: %s' "$base")" \
	"translations/fr/purpose=$T/f1.rec" >/dev/null
forged "$F1" "a translation by tavira"
# 2. by the chair, claiming the old source as its base
F2="$T/f2"
cp -r "$D" "$F2"
printf 'Base: %s\nBy: secretariat\nHeading: Textes faisant foi\n\nTexte ancien.\n' "$oldbase" >"$T/f2.rec"
forge "$F2" "$CHAIR" "$CHAIR" "Update the translation of $AT into fr (by secretariat)" \
	"$(printf 'Accord-Action: translate\nAccord-Org: secretariat\nAccord-Clause: %s\nAccord-Language: fr\nAccord-Base: %s' "$AT" "$oldbase")" \
	"translations/fr/$AT=$T/f2.rec" >/dev/null
forged "$F2" "a translation of an older source"
# 3. the base in the file differs from the one its message claims
F3="$T/f3"
cp -r "$D" "$F3"
cur=$(git -C "$D" rev-parse main:clauses/$AT)
printf 'Base: %s\nBy: secretariat\nHeading: Textes faisant foi\n\nTexte.\n' "$oldbase" >"$T/f3.rec"
forge "$F3" "$CHAIR" "$CHAIR" "Update the translation of $AT into fr (by secretariat)" \
	"$(printf 'Accord-Action: translate\nAccord-Org: secretariat\nAccord-Clause: %s\nAccord-Language: fr\nAccord-Base: %s' "$AT" "$cur")" \
	"translations/fr/$AT=$T/f3.rec" >/dev/null
forged "$F3" "a base other than the one claimed"
# ---- the record's language keys are checked ------------------------------------
bad() { # sed-expression message: a proposal whose convention record says so is refused
	rm -rf "$T/p" "$T/c"
	cp -r "$PROPOSAL" "$T/p"
	sed -i "$1" "$T/p/convention"
	expect_status 1 "$ACCORD" init "$T/c" --from "$T/p" --demo-keys
	assert_contains "$T/err" "$2"
}
bad 's/^Languages: .*/Languages: ar zh fr/' "the negotiation language 'en' is not in Languages"
bad 's/^Authentic: .*/Authentic: en de/' "authentic language 'de' is not in Languages"
bad 's/^Languages: .*/Languages: en EN/' "invalid language 'EN'"
bad 's/^Languages: .*/Languages: en fr fr/' "language 'fr' listed twice"
bad 's/^Languages: .*/Languages: en ar zh ru es/; s/^Authentic: .*/Authentic: en/' "translations/fr/authentic-texts: fr is not one of the convention's Languages"
echo "ok"
