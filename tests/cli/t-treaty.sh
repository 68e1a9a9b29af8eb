#!/bin/sh
# After the vote: a convention that allows reservations (but not to its
# purpose) is carried from adoption to entry into force: signatures with a
# reservation and declarations, an objection, deposits, the depositary's
# notifications (entry into force on the right day, and for a later party)
# and `accord treaty --json` against a table computed by hand; verify and
# the independent verifier agree.  Refusals write nothing.  The same flow
# on the bundled convention refuses the reservation.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
DAY=86400
BASE=$ACCORD_DATE # 2026-01-01
on() { # DAY-NUMBER EMAIL ARGS...: accord in $D as EMAIL on that day
	d=$1 who=$2
	shift 2
	ACCORD_DATE=$((BASE + d * DAY + 3600)) "$ACCORD" -C "$D" --as "$who" "$@"
}
# refused DAY EMAIL TEXT ARGS...: exit 3, one line containing TEXT, nothing written
refused() {
	d=$1 who=$2 text=$3
	shift 3
	before=$(head_of "$D")
	expect_status 3 on "$d" "$who" "$@"
	assert_contains "$T/err" "$text"
	assert_eq "$(wc -l <"$T/err")" 1 "one line for $*"
	assert_eq "$(head_of "$D")" "$before" "nothing written by $*"
}
adopt() { # adopts the text of $D on day 0
	on 0 "$CHAIR" open adoption >/dev/null
	for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
		"$HALCYON" "$OPENNET" "$SAFECON"; do
		on 0 "$who" vote adoption yes >/dev/null
	done
	on 0 "$CHAIR" close adoption >"$T/close"
	assert_contains "$T/close" "tagged ratified-1"
}

# ---- a convention with reservations allowed, three instruments needed --------
cp -r "$PROPOSAL" "$T/prop"
sed -i -e 's/^Entry-Into-Force-Instruments: .*/Entry-Into-Force-Instruments: 3/' \
	-e 's/^Entry-Into-Force-Days: .*/Entry-Into-Force-Days: 30/' \
	-e 's/^Later-Party-Days: .*/Later-Party-Days: 30/' \
	-e 's/^Reservations: .*/Reservations: all-except purpose/' \
	-e 's/^Instruments: .*/Instruments: ratification acceptance approval/' "$T/prop/convention"
D="$T/c"
expect_status 0 "$ACCORD" init "$D" --from "$T/prop" --demo-keys
echo "The Republic reserves its position on the scope of the Convention." >"$T/res"
echo "Astoria reads Article 3 as covering only State organs." >"$T/decl"
echo "Meridian Cloud accepts the commitments of the technology sector." >"$T/mdecl"

refused 0 "$NORLAND" "nothing to sign yet" sign
adopt
git -C "$D" show main:ratification/ballot >"$T/ballot"
assert_contains "$T/ballot" "Adopted: 2026-01-01T01:00:00Z"

refused 5 "$NORLAND" "no reservation to purpose" sign --reservation purpose --text-file "$T/res"
refused 5 "$NORLAND" "no article 'nowhere'" sign --reservation nowhere --text-file "$T/res"
expect_status 0 on 10 "$NORLAND" sign --reservation scope --text-file "$T/res"
refused 10 "$NORLAND" "norland has already signed" sign
expect_status 0 on 11 "$ASTORIA" sign --declaration-file "$T/decl"
expect_status 0 on 12 "$VALMORA" sign
expect_status 0 on 13 "$MERIDIAN" sign --declaration-file "$T/mdecl"
expect_status 0 on 14 "$TAVIRA" sign
refused 400 "$SANTEO" "open for signature until 2026-12-31" sign
git -C "$D" show main:ratification/reservations/norland/scope >"$T/r"
assert_contains "$T/r" "reserves its position"
git -C "$D" show main:ratification/signatures/astoria >"$T/s"
assert_contains "$T/s" "Subject-To-Ratification: yes"
assert_contains "$T/s" "Article 3"
git -C "$D" show main:ratification/signatures/meridian-cloud >"$T/s"
assert_contains "$T/s" "Subject-To-Ratification: no"

# an objection, within twelve months of the reservation
refused 20 "$NORLAND" "its own reservation" object norland:scope
refused 20 "$ASTORIA" "made no reservation" object norland:purpose
refused 500 "$ASTORIA" "ended on 2027-01-11" object norland:scope
expect_status 0 on 20 "$ASTORIA" object norland:scope --precludes-entry-into-force
refused 21 "$ASTORIA" "already objected" object norland:scope

# deposits and the depositary's notifications
refused 25 "$KESTRIA" "not open for accession" deposit ratification
refused 25 "$KESTRIA" "provides for no instrument of accession" deposit accession
refused 25 "$MERIDIAN" "technology signatory" deposit ratification
expect_status 0 on 30 "$NORLAND" deposit ratification
refused 30 "$NORLAND" "already deposited" deposit approval
refused 31 "$NORLAND" "only the depositary (secretariat)" notify norland
refused 31 "$CHAIR" "kestria has deposited no instrument" notify kestria
expect_status 0 on 31 "$CHAIR" notify norland
assert_contains "$T/out" "tagged notification-1"
refused 31 "$CHAIR" "notified already (notification 1)" notify norland
expect_status 0 on 40 "$ASTORIA" deposit acceptance
expect_status 0 on 50 "$VALMORA" deposit ratification
refused 51 "$CHAIR" "notify the deposit of astoria first" notify valmora
expect_status 0 on 51 "$CHAIR" notify astoria
expect_status 0 on 51 "$CHAIR" notify valmora
git -C "$D" show main:ratification/notifications/3 >"$T/n3"
assert_contains "$T/n3" "Count: 3"
assert_contains "$T/n3" "Entry-Into-Force: 2026-03-22"
assert_contains "$T/n3" "will enter into force on 2026-03-22 in accordance with its final clauses."
expect_status 0 on 60 "$TAVIRA" deposit ratification
expect_status 0 on 61 "$CHAIR" notify tavira
git -C "$D" show main:ratification/notifications/4 >"$T/n4"
assert_contains "$T/n4" "Entry-Into-Force: 2026-04-01"
assert_contains "$T/n4" "will enter into force for tavira on 2026-04-01."

# the status on day 85 (2026-03-27): in force since 2026-03-22, not yet for tavira
ACCORD_DATE=$((BASE + 85 * DAY)) "$ACCORD" -C "$D" treaty --json >"$T/treaty.json"
python3 - "$T/treaty.json" <<'PY' || fail "accord treaty --json differs from the table computed by hand"
import json, sys
got = json.load(open(sys.argv[1]))
def row(org, signed=None, subject=None, decl=False, res=(), instr=None, dep=None,
        notified=False, made=(), received=(), since=None, now=False):
    return {"signed": signed, "subject_to_ratification": subject, "declaration": decl,
            "reservations": list(res), "instrument": instr, "deposited": dep,
            "notified": notified, "objections_made": list(made),
            "objections_received": list(received), "in_force_from": since, "in_force": now,
            "denounced": None}
want = {
    "norland": row("norland", "2026-01-11", True, False, ["scope"], "ratification", "2026-01-31",
                   True, [], ["astoria:scope"], "2026-03-22", True),
    "astoria": row("astoria", "2026-01-12", True, True, [], "acceptance", "2026-02-10", True,
                   ["norland:scope"], [], "2026-03-22", True),
    "valmora": row("valmora", "2026-01-13", True, False, [], "ratification", "2026-02-20", True,
                   [], [], "2026-03-22", True),
    "meridian-cloud": row("meridian-cloud", "2026-01-14", False, True, [], None, None, False,
                          [], [], "2026-03-22", True),
    "tavira": row("tavira", "2026-01-15", True, False, [], "ratification", "2026-03-02", True,
                  [], [], "2026-04-01", False),
    "kestria": row("kestria"),
    "secretariat": row("secretariat"),
}
top = {"depositary": "secretariat", "adopted": "2026-01-01", "signature_until": "2026-12-31",
       "deposits": 4, "required": 3, "entry_into_force": "2026-03-22", "in_force": True}
bad = [k for k in top if got[k] != top[k]]
rows = {r["org"]: r for r in got["parties"]}
for org, w in want.items():
    r = {k: v for k, v in rows[org].items() if k not in ("org", "name")}
    if r != w:
        bad.append("%s: %s" % (org, {k: (r[k], w[k]) for k in w if r[k] != w[k]}))
if "iht" in rows:
    bad.append("an observer is listed")
if bad:
    print(bad)
    sys.exit(1)
PY
expect_status 0 env ACCORD_DATE=$((BASE + 85 * DAY)) "$ACCORD" -C "$D" treaty
assert_contains "$T/out" "instruments 4 of 3; entry into force 2026-03-22 (in force)"

expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"

# the exports' annex "Status of the convention"
expect_status 0 "$ACCORD" -C "$D" export --format html -o "$T/c.html"
assert_contains "$T/c.html" "Annex: Status of the convention"
assert_contains "$T/c.html" "4 instruments deposited of the 3 required; entered into force on 2026-03-22."
assert_contains "$T/c.html" "<td>reservation to scope</td>"
assert_contains "$T/c.html" "<td>to norland's reservation to scope (precluding entry into force)</td>"
expect_status 0 "$ACCORD" -C "$D" export --format akn -o "$T/c.akn"
assert_contains "$T/c.akn" '<container name="status" eId="container_status">'
xmllint --noout --schema "$ROOT/tests/schema/akn/akomantoso30.xsd" "$T/c.akn" 2>"$T/xerr" ||
	{ cat "$T/xerr"; fail "the annex breaks the Akoma Ntoso schema"; }

# ---- tampered histories: both verifiers reject them ---------------------------
expect_status 0 on 70 "$SANTEO" sign
expect_status 0 on 71 "$SANTEO" deposit ratification
STAMP=$(date -u -d "@$((BASE + 72 * DAY + 3600))" +%Y-%m-%dT%H:%M:%SZ)
export GIT_AUTHOR_DATE="@$((BASE + 72 * DAY + 3600)) +0000" GIT_COMMITTER_DATE="@$((BASE + 72 * DAY + 3600)) +0000"
# rejected COPY COMMIT WHAT: accord verify and independent.sh both name COMMIT
rejected() {
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -q "^$(echo "$2" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -q "^$2 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
}
# notification RECORD-FILE N ORG KIND DEPOSITED COUNT [EIF]: writes a notification record
notification() {
	f=$1 n=$2 o=$3 k=$4 dep=$5 cnt=$6 eif=${7:-}
	{
		printf 'Delegate: %s\nDate: %s\nOrganisation: %s\nInstrument: %s\nDeposited: %s\nCount: %s\n' \
			"$8" "$STAMP" "$o" "$k" "$dep" "$cnt"
		[ -z "$eif" ] || printf 'Entry-Into-Force: %s\n' "$eif"
		printf '\nDigital Geneva Convention: depositary notification %s\n' "$n"
	} >"$f"
}
trailers() { # ORG N DEPOSIT [EIF]: a notification's trailers
	printf 'Accord-Action: notify\nAccord-Org: %s\nAccord-Notification: %s\nAccord-Deposit: %s' "$1" "$2" "$3"
	[ -z "${4:-}" ] || printf '\nAccord-Entry-Into-Force: %s' "$4"
}
SDEP=$(git -C "$D" show main:ratification/instruments/san-teodoro | sed -n 's/^Date: //p')
# a notification not signed by the depositary
cp -r "$D" "$T/f1"
notification "$T/rec" 5 san-teodoro ratification "$SDEP" 5 2026-04-12 "$NORLAND"
bad=$(forge "$T/f1" "$NORLAND" "$NORLAND" "Depositary notification 5: deposit by san-teodoro (ratification)" \
	"$(trailers norland 5 san-teodoro 2026-04-12)" ratification/notifications/5="$T/rec")
rejected "$T/f1" "$bad" "a notification by norland"
assert_contains "$T/out" "norland may not change ratification/notifications/5 in a 'notify'"
# a deposit counted twice
cp -r "$D" "$T/f2"
TDEP=$(git -C "$D" show main:ratification/instruments/tavira | sed -n 's/^Date: //p')
notification "$T/rec" 5 tavira ratification "$TDEP" 5 2026-04-01 "$CHAIR"
bad=$(forge "$T/f2" "$CHAIR" "$CHAIR" "Depositary notification 5: deposit by tavira (ratification)" \
	"$(trailers secretariat 5 tavira 2026-04-01)" ratification/notifications/5="$T/rec")
rejected "$T/f2" "$bad" "tavira's deposit counted twice"
assert_contains "$T/out" "the deposit of tavira counted twice"
# an entry into force that does not follow from the deposits (honest: 2026-04-12)
cp -r "$D" "$T/f3"
ACCORD_DATE=$((BASE + 72 * DAY + 3600)) "$ACCORD" -C "$T/f3" --as "$CHAIR" notify san-teodoro >/dev/null
git -C "$T/f3" show main:ratification/notifications/5 >"$T/honest"
assert_contains "$T/honest" "Entry-Into-Force: 2026-04-12"
sed 's/2026-04-12/2026-05-01/' "$T/honest" >"$T/rec"
git -C "$T/f3" update-ref refs/heads/main main^
bad=$(forge "$T/f3" "$CHAIR" "$CHAIR" "Depositary notification 5: deposit by san-teodoro (ratification)" \
	"$(trailers secretariat 5 san-teodoro 2026-05-01)" ratification/notifications/5="$T/rec")
rejected "$T/f3" "$bad" "an entry into force on the wrong day"
assert_contains "$T/out" "an entry into force that does not follow from the deposits (2026-04-12)"
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
# a notification-N tag made by another than the depositary
cp -r "$D" "$T/f4"
N1=$(git -C "$T/f4" rev-parse 'notification-1^{commit}')
git -C "$T/f4" cat-file tag notification-1 | sed '1,/^$/d' |
	sed '/^-----BEGIN SSH SIGNATURE-----$/,$d' >"$T/tagmsg"
git -C "$T/f4" tag -d notification-1 >/dev/null
GIT_COMMITTER_NAME=Ingrid GIT_COMMITTER_EMAIL=$NORLAND git -C "$T/f4" -c gpg.format=ssh \
	-c user.signingkey="$T/f4/accord/keys/$NORLAND" tag -s -F "$T/tagmsg" notification-1 "$N1"
expect_status 4 "$ACCORD" -C "$T/f4" verify
assert_contains "$T/out" "notification-1"
expect_status 4 sh "$INDEPENDENT" "$T/f4"
assert_contains "$T/out" "tag notification-1: $NORLAND is not a delegate of the depositary"

# withdrawal of a reservation, and denunciation (twelve months' notice)
expect_status 0 on 80 "$NORLAND" withdraw-reservation scope
refused 80 "$NORLAND" "withdrew its reservation to scope on 2026-03-22" withdraw-reservation scope
refused 81 "$VALMORA" "norland withdrew its reservation to scope" object norland:scope
refused 81 "$KESTRIA" "kestria is not bound by the convention" denounce
expect_status 0 on 90 "$VALMORA" denounce
assert_eq "$(git -C "$D" show main:ratification/denunciations/valmora | sed -n 's/^Effective: //p')" \
	2027-04-01 "valmora's withdrawal takes effect"
refused 91 "$VALMORA" "already denounced" denounce
ACCORD_DATE=$((BASE + 100 * DAY)) "$ACCORD" -C "$D" treaty --json >"$T/t2.json"
assert_eq "$(json_eval '[(r["org"], r["reservations"], r["denounced"], r["in_force"]) for r in v["parties"] if r["org"] in ("norland", "valmora")]' <"$T/t2.json")" \
	"[('norland', [], None, True), ('valmora', [], '2027-04-01', True)]" "after a withdrawal and a denunciation"
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"

# ---- the bundled convention: no reservations --------------------------------
D="$T/dgc"
expect_status 0 "$ACCORD" init "$D" --from "$PROPOSAL" --demo-keys
adopt
refused 10 "$NORLAND" "the convention allows no reservations" sign --reservation scope --text-file "$T/res"
expect_status 0 on 10 "$NORLAND" sign --declaration-file "$T/decl"
expect_status 0 on 20 "$KESTRIA" deposit accession
expect_status 0 on 21 "$CHAIR" notify kestria
assert_contains "$T/out" "tagged notification-1"
git -C "$D" show main:ratification/notifications/1 >"$T/n1"
assert_contains "$T/n1" "The Secretary-General of the United Nations communicates that on 2026-01-21 United Provinces of Kestria (kestria) deposited its instrument of accession. 1 instrument(s) of the 20 required have been deposited."
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"

# ---- an older convention (no final clauses): ratification as before ---------
cp -r "$PROPOSAL" "$T/old"
sed -i '/^Format: 1$/,/^$/{/^Format: 1$/!{/^$/!d}}' "$T/old/convention"
grep -q '^Depositary' "$T/old/convention" && fail "the old convention still has final clauses"
D="$T/oldc"
expect_status 0 "$ACCORD" init "$D" --from "$T/old" --demo-keys
on 0 "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$OPENNET" "$SAFECON"; do
	on 0 "$who" vote ratification yes >/dev/null
done
on 0 "$CHAIR" close ratification >/dev/null
# (300 days on: late, yet not after today, which verify would call the future)
expect_status 0 on 300 "$NORLAND" sign
git -C "$D" show main:ratification/ballot >"$T/ob"
grep -q '^Adopted:' "$T/ob" && fail "an older convention's adoption records a date"
assert_eq "$(git -C "$D" show main:ratification/signatures/norland)" \
	"$(printf 'Delegate: %s\nDate: 2026-10-28T01:00:00Z' "$NORLAND")" "an older signature"
expect_status 0 "$ACCORD" -C "$D" verify
expect_status 0 sh "$INDEPENDENT" "$D"
echo "treaty: ok"
