#!/bin/sh
# Acting through the interface, scripted (keys from a file, screen in
# memory): a delegate drafts an amendment in the (fake) editor, reviews and
# tables it; the chair opens its ballot; other delegates vote (one changes
# its mind, one cancels); a delegate who is not the chair is refused the
# close; the chair closes it after the preview.  What the screens said must
# agree with `accord tally`, `accord amendment` and `git log`.
. "$(dirname "$0")/tui-script-lib.sh"
chair=helena.marchetti@dgc-secretariat.example
ingrid=ingrid.halvorsen@mfa.norland.example

timeout 120 "$ACCORD" demo "$conv" >/dev/null

# 1. Ingrid (norland) drafts an amendment to Article 6 in the editor.
clause=no-targeting-critical-infrastructure
before=$(commits)
FAKE_EDITOR_SED='s/within 72 hours/within 48 hours/' tui $ingrid $clause \
	e "@dump $tmp/draft" t 'Forty-eight hours suffice for a first answer.<Enter>' y
grep -qx "edit accord-$clause-XXXXXX.txt 7" "$tmp/editor.log" ||
	fail "the editor was not given the clause: $(cat "$tmp/editor.log")"
grep -qF -- '[-72-]{+48+}' "$tmp/draft" || fail "the review did not show the word diff"
said "tabled norland-2 for norland"
said "Amendment norland-2  tabled"
[ "$(commits)" = $((before + 1)) ] || fail "tabling made $(($(commits) - before)) commits"
git -C "$conv" log -1 --format='%an|%s' | grepq -x 'Ingrid Halvorsen|Propose norland-2: replace the text of no-targeting-critical-infrastructure (by norland)' ||
	fail "git log: $(git -C "$conv" log -1 --format='%an|%s')"
"$ACCORD" -C "$conv" amendment norland-2 >"$tmp/a"
grep -q '^status: *tabled' "$tmp/a" || fail "accord amendment: $(cat "$tmp/a")"
grep -q '^rationale: Forty-eight hours suffice for a first answer.$' "$tmp/a" || fail "rationale: $(cat "$tmp/a")"
grep -q 'within 48 hours' "$tmp/a" || fail "the proposed text is not the edited one"

# 2. A draft that changes nothing cannot be tabled; a discarded one leaves no trace.
before=$(commits)
FAKE_EDITOR_SED= tui $ingrid $clause e t
said "refused: the draft changes nothing"
FAKE_EDITOR_SED='s/States/Nations/' tui $ingrid $clause e q y
said "Article 6  Protection of critical infrastructure"
FAKE_EDITOR_EXIT=3 ACCORD_TUI_SIZE=160x24 tui $ingrid $clause e
said "failed (exit status 3); nothing was drafted"
[ "$(commits)" = "$before" ] || fail "a draft not tabled made a commit"

# 3. Only the chair opens the ballot; the chair does, after confirming.
tui $ingrid norland-2 O
said "refused: only the chair (secretariat) opens ballots"
tui $chair norland-2 O "@dump $tmp/ask" n
grep -qF "Open the ballot on norland-2 (simple majority, quorum 1/2)? [y/N]" "$tmp/ask" ||
	fail "no confirmation before opening"
said "the ballot stays closed"
[ "$(commits)" = "$before" ] || fail "opening without confirmation made a commit"
tui $chair norland-2 O y
said "opened the ballot on norland-2"
git -C "$conv" log -1 --format='%an|%s' | grepq -x 'Helena Marchetti|Open the ballot on norland-2 (simple majority, quorum 1/2)' ||
	fail "git log: $(git -C "$conv" log -1 --format='%an|%s')"

# 4. Delegates vote from the amendment; one changes its vote; one cancels.
vote() { # email org key
	tui "$1" norland-2 v "$3" y
	said "$2 voted"
}
vote $ingrid norland y
vote aleksander.novak@foreign.kestria.example kestria n
vote daniel.whitcombe@state.astoria.example astoria y
vote sigrid.aune@bluefjord.example bluefjord-telecom a
vote amira.nasser@opennetworks.example open-networks y
vote chidi.okafor@safeconnectivity.example safe-connectivity n
vote chidi.okafor@safeconnectivity.example safe-connectivity y
before=$(commits)
tui mariam.haddad@mofa.tavira.example norland-2 v n n
said "no vote cast"
tui mariam.haddad@mofa.tavira.example norland-2 v '<Esc>'
said "no vote cast"
[ "$(commits)" = "$before" ] || fail "a cancelled vote made a commit"
# the clause view lists it with its running tally
tui $ingrid $clause G
grep -E '^ +[0-9]+\. norland-2 +voting +replace +Republic of Norland +4 +1 +1$' "$tmp/screen" >/dev/null ||
	fail "the clause view does not show the running tally 4 1 1"

# 5. Only the chair closes; the chair sees the result before confirming.
tui $ingrid norland-2 C
said "refused: only the chair (secretariat) closes ballots"
tui $chair norland-2 C "@dump $tmp/ask" y
grep -qF "Close norland-2? It would be ADOPTED: yes 4, no 1, abstain 1, absent 5." "$tmp/ask" ||
	fail "the close preview: $(tail -3 "$tmp/ask")"
said "closed the ballot on norland-2: adopted (yes 4, no 1, abstain 1, absent 5)"
"$ACCORD" -C "$conv" tally norland-2 >"$tmp/t"
grep -qx 'yes 4, no 1, abstain 1, absent 5 (of 11 members)' "$tmp/t" || fail "accord tally: $(cat "$tmp/t")"
grep -q 'closed, adopted' "$tmp/t" || fail "accord tally: $(cat "$tmp/t")"
git -C "$conv" log -1 --format='%an|%s' | grepq -x 'Helena Marchetti|Close the ballot on norland-2: adopted (4 yes, 1 no, 1 abstain)' ||
	fail "git log: $(git -C "$conv" log -1 --format='%an|%s')"
# safe-connectivity's last vote is the one counted, and the log keeps both
[ "$(git -C "$conv" log --format=%s | grep -c '^Vote .* on norland-2 (safe-connectivity)$')" = 2 ] ||
	fail "the changed vote is not in the history twice"
grep -q 'safe-connectivity *yes' "$tmp/t" || fail "the roll-call: $(cat "$tmp/t")"

# 6. The adopted text is the clause now, and the amendment view says so.
"$ACCORD" -C "$conv" show $clause | grepq 'within 48 hours' || fail "the clause was not amended"
tui $ingrid norland-2 '<PgDn>'
said "result: adopted (recorded yes 4, no 1, abstain 1, absent 5)"

# 7. Export, through the export command, to a file named at the prompt.
tui $ingrid '' x '<C-u>'"$tmp/dgc.md"'<Enter>'
said "exported the convention to $tmp/dgc.md"
grep -q 'Digital Geneva Convention' "$tmp/dgc.md" || fail "the export has no title"
grep -q 'within 48 hours' "$tmp/dgc.md" || fail "the export lacks the adopted text"
: >"$tmp/dgc.md"
tui $ingrid '' x '<C-u>'"$tmp/dgc.md"'<Enter>' n
said "not exported"
[ ! -s "$tmp/dgc.md" ] || fail "a refused replacement wrote the file"
echo ok
