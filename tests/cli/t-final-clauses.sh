#!/bin/sh
# The bundled convention's final clauses as data: its convention record
# says exactly what its own final articles say (entry into force, later
# parties, reservations, declarations, technology signatories, authentic
# texts, depositary, signature period, instruments, withdrawal), each key
# checked against the words of the article that states it.
. "$(dirname "$0")/lib.sh"

REC="$PROPOSAL/convention"
C="$PROPOSAL/clauses"

# key NAME: the value of NAME in the convention record
key() {
	sed -n "s/^$1: //p" "$REC"
}
# says ARTICLE TEXT: the article contains TEXT
says() {
	grep -qF -- "$2" "$C/$1" || fail "clauses/$1 does not say '$2'"
}
# number WORD: the number an ordinal or cardinal word stands for
number() {
	case $1 in
	twentieth) echo 20 ;;
	thirtieth) echo 30 ;;
	ninetieth) echo 90 ;;
	six) echo 6 ;;
	twelve) echo 12 ;;
	*) fail "no number for $1" ;;
	esac
}
# word_in ARTICLE SED-EXPR: the word the expression captures in the article
word_in() {
	w=$(sed -n "s/.*$2.*/\\1/p" "$C/$1" | sed -n 1p)
	[ -n "$w" ] || fail "clauses/$1: nothing matches $2"
	echo "$w"
}

# entry into force: the Nth day after the Mth instrument; later parties
assert_eq "$(key Entry-Into-Force-Instruments)" \
	"$(number "$(word_in entry-into-force 'deposit of the \([a-z]*\) instrument of ratification')")" \
	"instruments needed for entry into force"
assert_eq "$(key Entry-Into-Force-Days)" \
	"$(number "$(word_in entry-into-force 'enter into force on the \([a-z]*\) day after the date of deposit of the')")" \
	"days after the last instrument"
assert_eq "$(key Later-Party-Days)" \
	"$(number "$(word_in entry-into-force 'this Convention shall enter into force on the \([a-z]*\) day after the date of deposit of its instrument')")" \
	"days after a later party's own deposit"
says entry-into-force "For each State that deposits its instrument after the deposit of the twentieth instrument"
# the technology signatory's declaration: later of entry into force and the Nth day
says entry-into-force "shall take effect on the date of entry into force of this Convention or on the"
says entry-into-force "whichever is later"
assert_eq "$(key Technology-Declaration-Days)" \
	"$(number "$(word_in entry-into-force 'or on the \([a-z]*\) day after its deposit, whichever is later')")" \
	"technology declaration delay"
says signature "Entities of the technology sector may sign this Convention by depositing with the Depositary a declaration"
grep -q '^Type: company$' "$PROPOSAL/orgs/meridian-cloud" || fail "meridian-cloud is not a company"
assert_eq "$(key Technology-Signatory-Type)" company "technology signatories"

# reservations and declarations
says reservations "No reservations may be made to this Convention."
assert_eq "$(key Reservations)" none "reservations"
says reservations "A State may, upon signature or ratification, make a declaration concerning the interpretation"
assert_eq "$(key Declarations)" "signature ratification" "declarations"

# authentic languages: Arabic, Chinese, English, French, Russian and Spanish
says authentic-texts "the Arabic, Chinese, English, French, Russian and Spanish texts are equally authentic"
langs=$(key Authentic)
n=$(echo "$langs" | wc -w)
assert_eq "$n" 6 "six authentic languages"
for l in ar zh en fr ru es; do
	case " $langs " in *" $l "*) ;; *) fail "authentic languages lack $l" ;; esac
done

# the depositary
says depositary "The Secretary-General of the United Nations is hereby designated as the Depositary"
assert_eq "$(key Depositary-Title)" "Secretary-General of the United Nations" "depositary"
assert_eq "$(key Depositary)" secretariat "the depositary's organisation"
[ -f "$PROPOSAL/orgs/$(key Depositary)" ] || fail "the depositary is no organisation"

# signature: from adoption, for twelve months
assert_eq "$(key Signature-Months)" \
	"$(number "$(word_in signature 'from the date of its adoption for a period of \([a-z]*\) months')")" \
	"signature period"

# instruments: ratification, acceptance, approval; accession by non-signatories
says ratification "subject to ratification, acceptance or approval by the signatory States"
says ratification "open for accession by any State that has not signed it"
assert_eq "$(key Instruments)" "ratification acceptance approval accession" "instruments"

# withdrawal: twelve months after the notification
assert_eq "$(key Withdrawal-Months)" \
	"$(number "$(word_in withdrawal 'Withdrawal shall take effect \([a-z]*\) months after receipt')")" \
	"withdrawal notice"
assert_eq "$(key Objection-Months)" 12 "objection period (VCLT art. 20(5))"

# accord reads the record as it is written: a convention made from it verifies
expect_status 0 "$ACCORD" init "$T/dgc" --from "$PROPOSAL" --demo-keys
expect_status 0 "$ACCORD" -C "$T/dgc" verify
echo "final clauses: ok"
