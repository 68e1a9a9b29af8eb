#!/bin/sh
# Comment threads and compromise texts (issue 19): a thread with a reply
# on words of a clause, its resolution by its author, the chair resolving
# another; a compromise text tabled by the chair (and by a facilitator the
# convention names) superseding two amendments, one withdrawn in its
# favour, the other falling when it is adopted; the voting list as text,
# JSON, Markdown and HTML; verify and the independent verifier clean, and
# forged histories both reject.
. "$(dirname "$0")/lib.sh"

INDEPENDENT="$ROOT/tests/verify/independent.sh"
MEMBERS="$NORLAND $ASTORIA $VALMORA $KESTRIA $TAVIRA $SANTEO $MERIDIAN $HALCYON $OPENNET $SAFECON $BLUEFJ"
C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys

# ---- comment threads ----------------------------------------------------
expect_status 0 acc "$C" --as "$NORLAND" comment purpose --on "binding commitments of restraint" -m "Too weak: say 'obligations'."
assert_eq "$(cat "$T/out")" "norland-c1" "first comment id"
assert_eq "$(git -C "$C" show main:comments/norland/1 | sed -n 1p)" "Target: clause purpose" "the record"
expect_status 0 acc "$C" --as "$ASTORIA" comment --reply-to norland-c1 -m "We prefer 'commitments'."
assert_eq "$(cat "$T/out")" "astoria-c1" "reply id"
printf 'Agreed to revisit.\nSecond line.\n' >"$T/reply"
expect_status 0 acc "$C" --as "$NORLAND" comment purpose --reply-to astoria-c1 --text-file "$T/reply"
assert_eq "$(cat "$T/out")" "norland-c2" "the organisation numbers its own comments"
# words that are not in the text; an unknown item; a reply about another item
before=$(head_of "$C")
expect_status 3 acc "$C" --as "$ASTORIA" comment purpose --on "no such words here" -m x
assert_contains "$T/err" "are not in the text of clause purpose"
expect_status 1 acc "$C" --as "$ASTORIA" comment no-such-clause -m x
assert_contains "$T/err" "nothing to comment on is called 'no-such-clause'"
expect_status 3 acc "$C" --as "$ASTORIA" comment scope --reply-to norland-c1 -m x
assert_contains "$T/err" "norland-c1 is about clause purpose, not clause scope"
expect_status 2 acc "$C" --as "$ASTORIA" comment purpose
assert_eq "$(head_of "$C")" "$before" "nothing committed by refusals"
# a comment on an amendment, and one by the chair
printf 'The Parties shall cooperate.\n' >"$T/text"
acc "$C" --as "$KESTRIA" propose scope --replace --text-file "$T/text" >/dev/null
expect_status 0 acc "$C" --as "$VALMORA" comment kestria-1 --on "cooperate" -m "Cooperate how?"
assert_eq "$(cat "$T/out")" "valmora-c1" "comment on an amendment"
expect_status 0 acc "$C" --as "$CHAIR" comment amendment:kestria-1 -m "Please be specific."
assert_eq "$(cat "$T/out")" "secretariat-c1" "the chair comments"

# listing: threads with nested replies
expect_status 0 acc "$C" comments purpose
assert_contains "$T/out" "norland-c1 clause purpose: open"
assert_contains "$T/out" "      astoria-c1  astoria"
assert_contains "$T/out" "          norland-c2  norland"
assert_contains "$T/out" 'on "binding commitments of restraint"'
expect_status 0 acc "$C" comments --json
assert_eq "$(json_eval 'len(v["threads"])' <"$T/out")" 3 "three threads"
assert_eq "$(json_eval '[t["replies"][0]["replies"][0]["id"] for t in v["threads"] if t["id"] == "norland-c1"][0]' <"$T/out")" norland-c2 "nested reply"
assert_eq "$(json_eval '[t["target"]["kind"] + " " + t["target"]["id"] for t in v["threads"] if t["id"] == "valmora-c1"][0]' <"$T/out")" "amendment kestria-1" "target"
expect_status 0 acc "$C" comments astoria-c1
assert_contains "$T/out" "norland-c1 clause purpose: open"

# resolving: not by a replier; by the author; then no more replies
expect_status 3 acc "$C" --as "$ASTORIA" comment --resolve norland-c1
assert_contains "$T/err" "only the author of the thread (norland) or the chair (secretariat) resolves norland-c1"
expect_status 0 acc "$C" --as "$NORLAND" comment --resolve astoria-c1 -m "Settled in the room."
assert_contains "$T/out" "resolved the thread of astoria-c1 (norland-c3"
expect_status 3 acc "$C" --as "$ASTORIA" comment --reply-to norland-c2 -m "late"
assert_contains "$T/err" "the thread norland-c1 is resolved (by norland-c3)"
expect_status 3 acc "$C" --as "$NORLAND" comment --resolve norland-c1
assert_contains "$T/err" "already resolved"
# the chair resolves another's thread
expect_status 0 acc "$C" --as "$CHAIR" comment --resolve valmora-c1
expect_status 0 acc "$C" comments --open
assert_contains "$T/out" "secretariat-c1 amendment kestria-1: open"
grep -q "norland-c1\|valmora-c1" "$T/out" && fail "resolved threads listed with --open"
expect_status 0 acc "$C" comments --json
assert_eq "$(json_eval '[t["status"] + " " + t["resolved_by"] for t in v["threads"] if t["id"] == "norland-c1"][0]' <"$T/out")" "resolved norland-c3" "resolved in json"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Accord-Action: resolve-thread"
assert_contains "$T/msg" "Accord-Resolves: valmora-c1"

# the interface: open threads beside the clause, the list ('c'), a thread (Enter)
printf '@dump %s\nc\n@dump %s\n<Enter>\n@dump %s\n' "$T/s1" "$T/s2" "$T/s3" >"$T/keys"
TERM=xterm NO_COLOR=1 ACCORD_TUI_SIZE=100x24 ACCORD_TUI_SCRIPT="$T/keys" \
	acc "$C" --as "$NORLAND" tui scope >/dev/null 2>&1 || fail "the interface failed"
assert_contains "$T/s1" "Scope of application"
TERM=xterm NO_COLOR=1 ACCORD_TUI_SIZE=100x24 ACCORD_TUI_SCRIPT="$T/keys" \
	acc "$C" --as "$NORLAND" tui >/dev/null 2>&1 || fail "the interface failed"
assert_contains "$T/s1" "1 Purpose"
grep -q "open thread" "$T/s1" && fail "a resolved thread counted as open"
assert_contains "$T/s2" "[comments] comment threads"
assert_contains "$T/s2" "resolved norland-c1"
assert_contains "$T/s2" "2 replies  Too weak"
assert_contains "$T/s3" "[comments] thread norland-c1"
assert_contains "$T/s3" "on clause purpose: resolved (by norland, norland-c3)"
assert_contains "$T/s3" "         norland-c2  norland"
acc "$C" --as "$TAVIRA" comment definitions -m "Define 'cyber operation'." >/dev/null
TERM=xterm NO_COLOR=1 ACCORD_TUI_SIZE=100x24 ACCORD_TUI_SCRIPT="$T/keys" \
	acc "$C" --as "$NORLAND" tui >/dev/null 2>&1 || fail "the interface failed"
assert_contains "$T/s1" "2 Definitions [1 open thread]"

# ---- compromise texts ---------------------------------------------------
P1="The purpose of this Convention is to protect civilians, civilian objects and the technology on which they depend from the harmful effects of cyber operations"
echo "$P1, by establishing binding commitments of restraint for States Parties." >"$T/a1"
echo "$P1, by establishing commitments for States Parties and the technology sector, and an independent mechanism for the attribution of serious cyber operations." >"$T/a2"
echo "$P1, by establishing binding commitments for States Parties and the technology sector." >"$T/a3"
acc "$C" --as "$NORLAND" propose purpose --replace --text-file "$T/a1" >/dev/null
acc "$C" --as "$ASTORIA" propose purpose --replace --text-file "$T/a2" >/dev/null
before=$(head_of "$C")
expect_status 3 acc "$C" --as "$KESTRIA" propose purpose --replace --text-file "$T/a3" --supersedes norland-1,astoria-1
assert_contains "$T/err" "only the chair (secretariat) or a facilitator tables compromise texts"
expect_status 3 acc "$C" --as "$CHAIR" propose purpose --replace --text-file "$T/a3" --supersedes norland-1,kestria-1
assert_contains "$T/err" "kestria-1 does not amend clause purpose"
assert_eq "$(head_of "$C")" "$before" "no compromise committed by refusals"
expect_status 0 acc "$C" --as "$CHAIR" propose purpose --replace --text-file "$T/a3" --supersedes norland-1,astoria-1
assert_eq "$(cat "$T/out")" "secretariat-1" "the compromise's id"
git -C "$C" show main:amendments/secretariat/1/amendment >"$T/rec"
assert_contains "$T/rec" "Supersedes: norland-1"
assert_contains "$T/rec" "Supersedes: astoria-1"
assert_eq "$(git -C "$C" log -1 --format=%s main)" "Table the compromise secretariat-1 on clause purpose, superseding norland-1, astoria-1 (by secretariat)" "subject"

# the voting list: the compromise first on its clause, with what falls
expect_status 0 acc "$C" voting-list
assert_contains "$T/out" "voting list: 4 pending"
assert_contains "$T/out" "1. secretariat-1  replace purpose (1) (secretariat, tabled)"
assert_contains "$T/out" "compromise, supersedes: norland-1 astoria-1"
expect_status 0 acc "$C" voting-list --json
assert_eq "$(json_eval 'v["items"][0]["ballot"] + " " + ",".join(v["items"][0]["falls"])' <"$T/out")" "secretariat-1 astoria-1,norland-1" "falls of the compromise"
assert_eq "$(json_eval '",".join(i["ballot"] for i in v["items"])' <"$T/out")" "secretariat-1,norland-1,astoria-1,kestria-1" "voting order"
expect_status 0 acc "$C" voting-list --format md
assert_contains "$T/out" "| # | Ballot | Sponsor | Status | Proposes | Falls if adopted |"
assert_contains "$T/out" "| 1 | secretariat-1 | secretariat | tabled | replace the text of purpose (1); compromise superseding norland-1, astoria-1 | astoria-1, norland-1 |"
expect_status 0 acc "$C" voting-list --format html
assert_contains "$T/out" '<tr id="ballot-secretariat-1"><td>1</td><td>secretariat-1</td>'
assert_contains "$T/out" "</table>"
expect_status 2 acc "$C" voting-list --format pdf

# a sponsor withdraws in favour of the compromise (only of one that supersedes it)
expect_status 3 acc "$C" --as "$ASTORIA" withdraw astoria-1 --in-favour-of norland-1
assert_contains "$T/err" "norland-1 is not a compromise text superseding astoria-1"
expect_status 0 acc "$C" --as "$ASTORIA" withdraw astoria-1 --in-favour-of secretariat-1
assert_contains "$T/out" "withdrew astoria-1 in favour of secretariat-1"
git -C "$C" log -1 --format=%B main >"$T/msg"
assert_contains "$T/msg" "Withdraw astoria-1 in favour of secretariat-1 (by astoria)"
assert_contains "$T/msg" "Accord-In-Favour-Of: secretariat-1"
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"

# adopting the compromise: the amendments it supersedes fall
OPENED="$T/opened"
acc "$C" --as "$CHAIR" open secretariat-1 >/dev/null
for m in $MEMBERS; do acc "$C" --as "$m" vote secretariat-1 yes >/dev/null; done
rm -rf "$OPENED"
cp -r "$C" "$OPENED"
expect_status 0 acc "$C" --as "$CHAIR" close secretariat-1
assert_contains "$T/out" "adopted"
git -C "$C" log -1 --format=%B main >"$T/close-msg"
assert_contains "$T/close-msg" "Accord-Fallen: norland-1"
assert_eq "$(git -C "$C" show main:amendments/norland/1/ballot | sed -n 's/^Fallen-By: //p')" secretariat-1 "fallen by the compromise"
expect_status 0 acc "$C" amendment norland-1
assert_contains "$T/out" "status:    fallen"
expect_status 0 acc "$C" voting-list
assert_contains "$T/out" "voting list: 1 pending"
expect_status 0 "$ACCORD" -C "$C" verify
expect_status 0 sh "$INDEPENDENT" "$C"

# ---- a facilitator the convention record names --------------------------
cp -r "$PROPOSAL" "$T/prop"
sed -i 's/^Chair: secretariat$/Chair: secretariat\nFacilitator: kestria/' "$T/prop/convention"
FC="$T/fac"
expect_status 0 "$ACCORD" init "$FC" --from "$T/prop" --demo-keys
acc "$FC" --as "$NORLAND" propose purpose --replace --text-file "$T/a1" >/dev/null
acc "$FC" --as "$ASTORIA" propose purpose --replace --text-file "$T/a2" >/dev/null
expect_status 3 acc "$FC" --as "$VALMORA" propose purpose --replace --text-file "$T/a3" --supersedes norland-1
expect_status 0 acc "$FC" --as "$KESTRIA" propose purpose --replace --text-file "$T/a3" --supersedes norland-1,astoria-1
assert_eq "$(cat "$T/out")" "kestria-1" "a facilitator's compromise"
expect_status 0 "$ACCORD" -C "$FC" verify
expect_status 0 sh "$INDEPENDENT" "$FC"

# ---- shared offline: sync carries comments onto a new tip -----------------
git clone -q --bare "$C" "$T/server.git"
for who in one two; do
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$who"
	mkdir -p "$T/$who/accord"
	cp -r "$C/accord/keys" "$T/$who/accord/"
done
acc "$T/one" --as "$NORLAND" comment scope -m "From the first clone." >"$T/id1"
acc "$T/two" --as "$NORLAND2" comment scope -m "From the second clone." >"$T/id2"
assert_eq "$(cat "$T/id1")" "$(cat "$T/id2")" "the same number, chosen offline in two clones"
expect_status 0 "$ACCORD" -C "$T/one" sync
expect_status 0 "$ACCORD" -C "$T/two" sync
expect_status 0 acc "$T/two" comments scope --json
assert_eq "$(json_eval '" ".join(sorted(t["text"].strip() for t in v["threads"]))' <"$T/out")" \
	"From the first clone. From the second clone." "both comments after sync"
expect_status 0 "$ACCORD" -C "$T/two" verify
expect_status 0 sh "$INDEPENDENT" "$T/two"

# ---- forged histories: both verifiers reject ------------------------------
caught() { # copy commit what: both verifiers flag the commit
	expect_status 4 "$ACCORD" -C "$1" verify
	grep -q "^$(echo "$2" | cut -c1-12) " "$T/out" || { cat "$T/out"; fail "accord verify missed: $3"; }
	cp "$T/out" "$T/accord-report"
	expect_status 4 sh "$INDEPENDENT" "$1"
	grep -q "^$2 " "$T/out" || { cat "$T/out"; fail "the independent verifier missed: $3"; }
}
fresh() { # from name: a copy of a convention to tamper with
	rm -rf "$T/$2"
	cp -r "$1" "$T/$2"
	echo "$T/$2"
}

# 1. a comment written into another organisation's file
F=$(fresh "$C" forged-file)
printf 'Target: clause scope\nDelegate: %s\n\nWritten by norland.\n' "$ASTORIA" >"$T/cf"
id=$(forge "$F" "$NORLAND" "$NORLAND" "Comment astoria-c2 on clause scope (by norland)" "Accord-Action: comment
Accord-Org: norland
Accord-Comment: astoria-c2
Accord-Target: clause scope" "comments/astoria/2=$T/cf")
caught "$F" "$id" "a comment in another organisation's file"
assert_contains "$T/out" "may not change comments/astoria/2"

# 1b. a reply written into a resolved thread
F=$(fresh "$C" forged-reply)
n=$(( $(git -C "$F" ls-tree --name-only main comments/astoria/ | sed 's|.*/||' | sort -n | tail -n 1) + 1 ))
printf 'Target: clause purpose\nReply-To: norland-c2\nDelegate: %s\n\nToo late.\n' "$ASTORIA" >"$T/cr"
id=$(forge "$F" "$ASTORIA" "$ASTORIA" "Reply astoria-c$n to norland-c2 on clause purpose (by astoria)" "Accord-Action: comment
Accord-Org: astoria
Accord-Comment: astoria-c$n
Accord-Target: clause purpose
Accord-Reply-To: norland-c2" "comments/astoria/$n=$T/cr")
caught "$F" "$id" "a reply in a resolved thread"
assert_contains "$T/accord-report" "the thread norland-c1 is resolved"
assert_contains "$T/out" "a reply in the resolved thread norland-c1"

# 2. a compromise tabled by a delegation that is neither chair nor facilitator
F=$(fresh "$FC" forged-compromise)
acc "$F" --as "$KESTRIA" withdraw kestria-1 >/dev/null
base=$(git -C "$F" rev-parse main:clauses/purpose)
{ printf 'Clause: purpose\nOperation: replace\nSponsor: valmora\nBase: %s\n' "$base"
  printf 'Supersedes: norland-1\nSupersedes: astoria-1\n\n'; cat "$T/a3"; } >"$T/vc"
id=$(forge "$F" "$VALMORA" "$VALMORA" "Table the compromise valmora-1 on clause purpose, superseding norland-1, astoria-1 (by valmora)" "Accord-Action: compromise
Accord-Org: valmora
Accord-Amendment: valmora-1
Accord-Clause: purpose" "amendments/valmora/1/amendment=$T/vc")
caught "$F" "$id" "a compromise by a delegation"
assert_contains "$T/accord-report" "only the chair (secretariat) or a facilitator tables compromise texts"
assert_contains "$T/out" "valmora may not change amendments/valmora/1/amendment in a 'compromise'"

# 2b. a withdrawal that makes the amendment a compromise (a Supersedes line)
F=$(fresh "$FC" forged-withdraw)
parent=$(head_of "$F")
acc "$F" --as "$NORLAND" withdraw norland-1 >/dev/null
git -C "$F" log -1 --format=%B main >"$T/wmsg"
git -C "$F" show main:amendments/norland/1/amendment | sed '0,/^$/s//Supersedes: astoria-1\n/' >"$T/wrec"
assert_contains "$T/wrec" "Supersedes: astoria-1"
git -C "$F" update-ref refs/heads/main "$parent"
id=$(forge "$F" "$NORLAND" "$NORLAND" "$(head -n 1 "$T/wmsg")" "$(sed '1,2d' "$T/wmsg")" \
	"amendments/norland/1/amendment=$T/wrec")
caught "$F" "$id" "a withdrawal adding a Supersedes line"
assert_contains "$T/out" "its Supersedes lines changed after tabling"

# 3. the compromise adopted, and what it supersedes not falling
F=$(fresh "$OPENED" forged-nofall)
parent=$(head_of "$F")
acc "$F" --as "$CHAIR" close secretariat-1 >/dev/null
git -C "$F" log -1 --format=%B main | grep -v '^Accord-Fallen: ' >"$T/cmsg"
git -C "$F" show main:amendments/secretariat/1/ballot >"$T/cballot"
git -C "$F" show main:clauses/purpose >"$T/cclause"
git -C "$F" update-ref refs/heads/main "$parent"
id=$(forge "$F" "$CHAIR" "$CHAIR" "$(head -n 1 "$T/cmsg")" "$(sed '1,2d' "$T/cmsg")" \
	"amendments/secretariat/1/ballot=$T/cballot" "clauses/purpose=$T/cclause")
caught "$F" "$id" "superseded amendments not falling"
assert_contains "$T/out" "norland-1, superseded by the adopted secretariat-1, did not fall"

# 4. the superseded amendments falling although the compromise is rejected
F=$(fresh "$C" forged-fall)
acc "$F" --as "$NORLAND" propose scope --replace --text-file "$T/a1" >/dev/null
acc "$F" --as "$CHAIR" propose scope --replace --text-file "$T/a3" --supersedes norland-2 >/dev/null
acc "$F" --as "$CHAIR" open secretariat-2 >/dev/null
acc "$F" --as "$NORLAND" vote secretariat-2 no >/dev/null
parent=$(head_of "$F")
acc "$F" --as "$CHAIR" close secretariat-2 >/dev/null
git -C "$F" log -1 --format=%B main >"$T/cmsg"
assert_contains "$T/cmsg" "Accord-Result: rejected"
printf 'Accord-Fallen: norland-2\n' >>"$T/cmsg"
git -C "$F" show main:amendments/secretariat/2/ballot >"$T/cballot"
git -C "$F" show main:amendments/norland/1/ballot | sed 's/secretariat-1/secretariat-2/' >"$T/fballot"
git -C "$F" update-ref refs/heads/main "$parent"
id=$(forge "$F" "$CHAIR" "$CHAIR" "$(head -n 1 "$T/cmsg")" "$(sed '1,2d' "$T/cmsg")" \
	"amendments/secretariat/2/ballot=$T/cballot" "amendments/norland/2/ballot=$T/fballot")
caught "$F" "$id" "superseded amendments falling without the compromise adopted"
assert_contains "$T/out" "a close that adopts nothing makes amendments fall"
echo "ok"
