#!/bin/sh
# accord init --from with translations (issue 18): a convention negotiated
# in six equally authentic languages keeps every translation through its
# exports.  Its text is in six scripts (Latin, Arabic, Chinese, Cyrillic,
# Devanagari, Greek) with ZWJ, ZWNJ, RLM, combining marks and soft
# hyphens, nested points, annexes and footnotes, translated (title,
# preamble, clauses, an annex) into fr, ar, zh, ru and es.  Round trips:
# json (one file, every language) and Akoma Ntoso (one file a language,
# `init --from en.xml --from fr.xml ...`): every translation comes back
# byte for byte and current, `show --lang` of every clause is the same,
# verify passes.  A stale translation is left out with a warning; a
# translation whose clauses differ from the source's is refused in one
# line naming the file and the element; a foreign document's translation.
. "$(dirname "$0")/lib.sh"

XSD="$ROOT/tests/schema/akn/akomantoso30.xsd"
P="$T/proposal"
LANGS="ar zh fr ru es"
cp -R "$PROPOSAL" "$P"
python3 - "$P" <<'PY'
import os, sys
p = sys.argv[1]
ZWJ, ZWNJ, RLM, SHY, ACUTE, DIAER = "\u200d", "\u200c", "\u200f", "\u00ad", "\u0301", "\u0308"
def put(path, heading, body):
    os.makedirs(os.path.dirname(os.path.join(p, path)), exist_ok=True)
    with open(os.path.join(p, path), "w") as f:
        if heading is not None:
            f.write("Heading: %s\n" % heading)
        f.write("\n" + body)
def clause(intro, a, b, i, A, c, para2, note):
    return (f"1. {intro}[^a]\n\n  (a) {a};\n\n  (b) {b};\n\n    (i) {i};\n\n"
            f"      (A) {A};\n\n  (c) {c}.\n\n2. {para2}\n\n[^a]: {note}\n")
scripts = {
 "en": ("Texts in six scripts", clause(
    "The following texts are equally valid:", f"Arabic: تتساوى النصوص في الحجية ١٢{RLM} ل{ZWJ}ا",
    "Chinese: 各文本同等作准", f"Devanagari: क्{ZWJ}ष सभी पाठ समान{ZWNJ} रूप से प्रामाणिक हैं",
    "Cyrillic: все тексты равно аутентичны", f"Greek and combining marks: Καλημέρα, cafe{ACUTE}, nai{DIAER}ve, inter{SHY}national{SHY}isation",
    "A second paragraph.", "A note in Arabic: ملاحظة, and in Chinese: 注释.")),
 "fr": ("Textes en six écritures", clause(
    "Les textes suivants font également foi :", f"arabe : تتساوى النصوص في الحجية ١٢{RLM} ل{ZWJ}ا",
    "chinois : 各文本同等作准", f"devanagari : क्{ZWJ}ष सभी पाठ समान{ZWNJ} रूप",
    "cyrillique : все тексты", f"signes combinants : e{ACUTE}te{ACUTE}, inter{SHY}natio{SHY}nal",
    "Un second paragraphe.", "Une note : ملاحظة, 注释.")),
 "ar": (f"نصوص بست كتابات{RLM}", clause(
    "النصوص التالية متساوية في الحجية:", f"العربية: ل{ZWJ}ا ١٢{RLM}", "الصينية: 各文本同等作准",
    f"الديفاناغارية: क्{ZWJ}ष{ZWNJ}", "السيريلية: все тексты", f"علامات: e{ACUTE}{SHY}",
    "فقرة ثانية.", f"حاشية{RLM}: 注释.")),
 "zh": ("六种文字的文本", clause(
    "下列文本同等作准：", f"阿拉伯文：ل{ZWJ}ا{RLM}", "中文：各文本同等作准", f"天城文：क्{ZWJ}ष{ZWNJ}",
    "西里尔文：все тексты", f"组合符号：e{ACUTE}{SHY}", "第二款。", "注：ملاحظة。")),
 "ru": ("Тексты на шести письменностях", clause(
    "Следующие тексты равно аутентичны:", f"арабский: ل{ZWJ}ا{RLM}", "китайский: 各文本",
    f"деванагари: क्{ZWJ}ष{ZWNJ}", "кириллица: все тексты", f"знаки: и{DIAER}{SHY}",
    "Второй пункт.", "Примечание: 注释.")),
 "es": ("Textos en seis escrituras", clause(
    "Los textos siguientes son igualmente auténticos:", f"árabe: ل{ZWJ}ا{RLM}", "chino: 各文本",
    f"devanagari: क्{ZWJ}ष{ZWNJ}", "cirílico: все тексты", f"marcas: n{chr(0x303)}{SHY}",
    "Un segundo párrafo.", "Nota: ملاحظة.")),
}
annex = {
 "en": ("Second annex", "1. An annex with a paragraph,[^n1] and points:\n\n  (a) first;\n\n  (b) second.\n\n[^n1]: Its footnote.\n"),
 "fr": ("Deuxième annexe", "1. Une annexe avec un paragraphe,[^n1] et des points :\n\n  (a) premier ;\n\n  (b) second.\n\n[^n1]: Sa note.\n"),
 "ar": ("المرفق الثاني", "1. مرفق بفقرة،[^n1] ونقاط:\n\n  (a) أولا؛\n\n  (b) ثانيا.\n\n[^n1]: حاشيته.\n"),
}
for lang, (h, body) in scripts.items():
    put("clauses/scripts" if lang == "en" else f"translations/{lang}/scripts", h, body)
for lang, (h, body) in annex.items():
    put("clauses/annex-two" if lang == "en" else f"translations/{lang}/annex-two", h, body)
titles = {"fr": "Convention de Genève numérique", "ar": f"اتفاقية جنيف الرقمية{RLM}",
          "zh": "数字日内瓦公约", "ru": "Цифровая Женевская конвенция", "es": "Convenio de Ginebra Digital"}
for lang, t in titles.items():
    put(f"translations/{lang}/title", None, t + "\n")
put("translations/fr/preamble", None, "Reconnaissant que les technologies sont indispensables,\n\n"
    f"Convaincus de la ne{ACUTE}cessite{ACUTE} d'agir,\n\nSont convenus de ce qui suit :\n")
put("translations/ar/preamble", None, f"إذ تدرك أهمية التكنولوجيا{RLM}،\n\nقد اتفقت على ما يلي:\n")
lines = open(os.path.join(p, "toc")).read().splitlines()
lines.insert(lines.index("  purpose") + 1, "  scripts")
lines.append("annex-two")
open(os.path.join(p, "toc"), "w").write("\n".join(lines) + "\n")
conv = open(os.path.join(p, "convention")).read()
conv = conv.replace("Annex: annex-critical-infrastructure\n",
                    "Annex: annex-critical-infrastructure\nAnnex: annex-two\n")
open(os.path.join(p, "convention"), "w").write(conv)
PY

C1="$T/c1"
"$ACCORD" init "$C1" --from "$P" --demo-keys >/dev/null
KEY="$C1/accord/keys/$CHAIR"
# one translation entered by the translate action, after the root
printf 'La présente Convention s’applique aux cyber\302\255opérations.\n' >"$T/scope.fr"
acc "$C1" --as "$CHAIR" translate scope --lang fr --heading "Champ d'application" --text-file "$T/scope.fr" >/dev/null
# an adopted amendment to the purpose makes its five translations stale
acc "$C1" show purpose --json | json_get '["text"]' >"$T/purpose"
sed 's/^The purpose/The sole purpose/' "$T/purpose" >"$T/purpose2"
id=$(acc "$C1" --as "$NORLAND" propose purpose --replace --text-file "$T/purpose2")
acc "$C1" --as "$CHAIR" open "$id" >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN"; do
	acc "$C1" --as "$who" vote "$id" yes >/dev/null
done
acc "$C1" --as "$CHAIR" close "$id" | grepq adopted || fail "the amendment to the purpose is adopted"
acc "$C1" translations --json >"$T/tr1.json"
json_eval 'sorted(x["lang"] for x in v if x["status"] == "stale")' <"$T/tr1.json" >"$T/stale"
assert_eq "$(cat "$T/stale")" "['ar', 'es', 'fr', 'ru', 'zh']" "the purpose's translations are stale"

# what must come back: every current translation, and show --lang of every clause
acc "$C1" export --format json -o "$T/c1.json" >/dev/null
json_eval 'sum(len(l["clauses"]) + (l["title"] is not None) + (l["preamble"] is not None) for l in v["translations"])' \
	<"$T/c1.json" >"$T/n"
assert_eq "$(cat "$T/n")" 25 "the json export carries every translation (5 titles, 2 preambles, 18 clauses)"
# current(FILE): the current translations of a json export, exactly
current() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for l in d["translations"]:
    for k in ("title", "preamble"):
        if l[k] and l[k]["status"] == "current":
            print(json.dumps([l["language"], k, l[k]["text"], l[k]["base"]]))
    for c in l["clauses"]:
        if c["status"] == "current":
            print(json.dumps([l["language"], c["id"], c["heading"], c["text"], c["base"]]))
PY
}
current "$T/c1.json" >"$T/cur1"
assert_eq "$(wc -l <"$T/cur1")" 20 "20 current translations (the purpose's 5 are stale)"
# shows DIR: show --lang in DIR of each clause current in c1 in each language
acc "$C1" translations --json |
	json_eval '"\n".join(x["lang"] + " " + x["clause"] for x in v if x["status"] == "current" and x["clause"] not in ("title", "preamble"))' >"$T/pairs"
assert_eq "$(wc -l <"$T/pairs")" 13 "13 clauses translated and current"
shows() {
	while read -r l c; do
		acc "$1" show "$c" --lang "$l"
	done <"$T/pairs"
}
shows "$C1" >"$T/shows1"

# check DIR LABEL: the import in DIR has every current translation of c1,
# current, the same clauses and show --lang, verify passes
check() {
	git -C "$1" fsck --strict >/dev/null 2>&1 || fail "$2: git fsck"
	acc "$1" verify >/dev/null || fail "$2: verify"
	sh "$ROOT/tests/verify/independent.sh" "$1" >"$T/indep" 2>&1 || {
		cat "$T/indep" >&2
		fail "$2: the independent verifier"
	}
	acc "$1" translations --stale >"$T/st2"
	[ ! -s "$T/st2" ] || fail "$2: an imported translation is stale"
	acc "$1" export --format json -o "$T/$2.json" >/dev/null
	current "$T/$2.json" >"$T/cur2"
	diff "$T/cur1" "$T/cur2" >&2 || fail "$2: the translations differ"
	git -C "$C1" ls-tree -r main clauses toc >"$T/t1"
	git -C "$1" ls-tree -r main clauses toc >"$T/t2"
	diff "$T/t1" "$T/t2" >&2 || fail "$2: the clauses differ"
	shows "$1" >"$T/shows2"
	diff "$T/shows1" "$T/shows2" >&2 || fail "$2: show --lang differs"
	# export of the import, imported again: the same files
	"$ACCORD" --key "$KEY" init --from "$T/$2.json" "$1.again" >/dev/null 2>&1 || fail "$2: init again"
	git -C "$1" ls-tree -r main >"$T/t1"
	git -C "$1.again" ls-tree -r main >"$T/t2"
	diff "$T/t1" "$T/t2" >&2 || fail "$2: a second round trip differs"
}

# ---- json: one file, every language ------------------------------------------
"$ACCORD" --key "$KEY" init --from "$T/c1.json" "$T/from-json" >"$T/out" 2>"$T/err" || {
	cat "$T/err" >&2
	fail "init --from json"
}
assert_eq "$(grep -c 'warning: .*purpose into .* is stale there' "$T/err")" 5 "each stale translation is named"
check "$T/from-json" json

# ---- akn: one file a language, the source first ------------------------------------
for l in en $LANGS; do
	acc "$C1" export --format akn --lang $l -o "$T/$l.xml" >/dev/null
	xmllint --noout --schema "$XSD" "$T/$l.xml" 2>"$T/xmllint" || { cat "$T/xmllint" >&2; fail "$l.xml"; }
done
"$ACCORD" --key "$KEY" init "$T/from-akn" --from "$T/en.xml" --from "$T/ar.xml" --from "$T/zh.xml" \
	--from "$T/fr.xml" --from "$T/ru.xml" --from "$T/es.xml" >"$T/out" 2>"$T/err" || {
	cat "$T/err" >&2
	fail "init --from akn"
}
assert_eq "$(grep -c 'warning: .*purpose into .* is stale there' "$T/err")" 5 "each stale translation is named (akn)"
check "$T/from-akn" akn
# the same root commit as the json import: the same files
assert_eq "$(git -C "$T/from-akn" rev-parse main)" "$(git -C "$T/from-json" rev-parse main)" "akn and json give one root"
# the import's own akn editions validate too
acc "$T/from-akn" export --format akn --lang ar -o "$T/ar2.xml" >/dev/null
xmllint --noout --schema "$XSD" "$T/ar2.xml" 2>"$T/xmllint" || { cat "$T/xmllint" >&2; fail "ar2.xml"; }

# ---- refusals: one line naming the file and the element; nothing created -------------
sed 's/eId="art_scripts"/eId="art_scripts-x"/' "$T/fr.xml" >"$T/fr-bad.xml"
grepq 'eId="art_scripts-x"' <"$T/fr-bad.xml" || fail "the bad translation is made"
! "$ACCORD" --key "$KEY" init "$T/bad" --from "$T/en.xml" --from "$T/fr-bad.xml" 2>"$T/err" ||
	fail "a translation of other clauses imported"
assert_eq "$(wc -l <"$T/err")" 1 "a one-line refusal"
assert_contains "$T/err" "fr-bad.xml: <article eId=\"art_scripts-x\"> is not in $T/en.xml"
[ ! -e "$T/bad" ] || fail "a refused import created its folder"
# a translation given first, the source after it
! "$ACCORD" --key "$KEY" init "$T/bad" --from "$T/fr.xml" --from "$T/en.xml" 2>"$T/err" || fail "a translation as the source"
assert_contains "$T/err" "is the fr text of a convention negotiated in en"
acc "$C1" export --format json --lang fr -o "$T/fr.json" >/dev/null
! "$ACCORD" --key "$KEY" init "$T/bad" --from "$T/fr.json" 2>"$T/err" || fail "a json edition in fr as the source"
assert_contains "$T/err" "is the fr text of a convention negotiated in en"
# the source's language again, and a json translation
! "$ACCORD" --key "$KEY" init "$T/bad" --from "$T/en.xml" --from "$T/en.xml" 2>"$T/err" || fail "en as a translation of en"
assert_contains "$T/err" "the language of $T/en.xml: not a translation"
! "$ACCORD" --key "$KEY" init "$T/bad" --from "$T/c1.json" --from "$T/fr.xml" 2>"$T/err" || fail "a translation of json"
assert_contains "$T/err" "a json export carries its translations itself"
[ ! -e "$T/bad" ] || fail "a refused import created its folder"

# ---- a foreign document and its translation (same eIds, another language) -----------
F="$ROOT/tests/golden/import/foreign.akn"
sed 's/language="fra"/language="eng"/; s/Traité sur les données océaniques/Treaty on ocean data/; s/Définitions/Definitions/' \
	"$F" >"$T/foreign-en.akn"
xmllint --noout --schema "$XSD" "$T/foreign-en.akn" 2>"$T/xmllint" || { cat "$T/xmllint" >&2; fail "foreign-en.akn"; }
expect_status 0 "$ACCORD" --as chair@ocean.example init "$T/fx" --from "$F" --from "$T/foreign-en.akn" --demo-keys
git -C "$T/fx" show main:convention >"$T/fx.conv"
assert_contains "$T/fx.conv" "Language: fr"
assert_contains "$T/fx.conv" "Languages: fr en"
acc "$T/fx" verify >/dev/null || fail "verify of the foreign import"
acc "$T/fx" show art-2 --lang en >"$T/fx.en"
assert_contains "$T/fx.en" "Definitions"
acc "$T/fx" translations --json | json_eval 'sorted(set(x["status"] for x in v if x["lang"] == "en"))' >"$T/fx.st"
assert_eq "$(cat "$T/fx.st")" "['current']" "the foreign translation is current"
exit 0
