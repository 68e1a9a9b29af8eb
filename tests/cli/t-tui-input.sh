#!/bin/sh
# Input that cannot act by accident, and leaving that never loses work
# (scripted: keys from a file, screen in memory).  A pasted "y" or
# newline never confirms a signed action and pasted keys never run
# commands; the prompt line is a small editor with a history per prompt;
# Esc steps back and never quits; a draft left open when the interface
# ends is kept in the git directory and offered again at the next start,
# then tabled exactly as drafted, its kept copy gone.
. "$(dirname "$0")/strict.sh"
: "${ACCORD:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
export TERM=xterm NO_COLOR=1 ACCORD_DATE=1795000000
unset ACCORD_AS ACCORD_KEY VISUAL ACCORD_TUI_SCRIPT ACCORD_TUI_DUMP ACCORD_TUI_SIZE
mkdir -p "$HOME"
export EDITOR="$root/tests/tui/fake-editor.sh" FAKE_EDITOR_LOG="$tmp/editor.log"
conv="$tmp/conv"
ingrid=ingrid.halvorsen@mfa.norland.example
clause=no-targeting-critical-infrastructure

fail() {
	echo "FAIL: $*"
	[ -f "$tmp/screen" ] && sed 's/^/  | /' "$tmp/screen"
	exit 1
}

# tui START KEYS...: runs the keys as Ingrid and dumps the last screen.
tui() {
	start=$1
	shift
	printf '%s\n' "$@" "@dump $tmp/screen" >"$tmp/keys"
	rm -f "$tmp/screen"
	ACCORD_TUI_SCRIPT="$tmp/keys" timeout 60 "$ACCORD" -C "$conv" --as $ingrid tui $start \
		>"$tmp/out" 2>"$tmp/err" || fail "accord tui exited with $?: $(cat "$tmp/err")"
	[ -f "$tmp/screen" ] || fail "no screen dump"
}

said() {
	grep -qF -- "$1" "$tmp/screen" || fail "the screen does not say: $1"
}

commits() {
	git -C "$conv" rev-list --count HEAD
}

kept() {
	ls "$gitdir/accord/drafts" 2>/dev/null | grep -c '\.draft$' || true
}

timeout 120 "$ACCORD" demo "$conv" >/dev/null
gitdir=$(git -C "$conv" rev-parse --absolute-git-dir)
export FAKE_EDITOR_SED='s/within 72 hours/within 48 hours/'

# 1. A paste at the confirmation is no answer: nothing is tabled.  Pasted
# keys on a view run nothing (a pasted q does not leave the review).
before=$(commits)
tui $clause e '@paste qQt' t 'Why<Enter>' '@paste y' "@dump $tmp/ans" '@paste <Enter>y'
grep -qF "not tabled" "$tmp/ans" || fail "a pasted y was taken as an answer: $(cat "$tmp/ans")"
said "[draft] draft of Article 6"
[ "$(commits)" = "$before" ] || fail "a pasted y tabled the amendment"
grep -qF "edit accord-$clause-XXXXXX.txt" "$tmp/editor.log" || fail "the editor did not run"
tui $clause e '@paste t' "@dump $tmp/paste"
grep -qF "pasted text is only text" "$tmp/paste" || fail "a pasted t was not refused: $(cat "$tmp/paste")"
grep -qF "[draft] draft of Article 6" "$tmp/paste" || fail "the pasted keys left the review"
rm -rf "$gitdir/accord/drafts"

# 2. The prompt line edits in place; a paste goes into it as text (its
# line break a space); the answer is exactly what the line showed.
tui $clause e t 'Fourty<Left><Left><Left><Backspace><End> hours<C-a>Only <C-e>.' \
	'@paste  (see<Enter>annex)' '<Enter>' y
said "tabled norland-2 for norland"
"$ACCORD" -C "$conv" amendment norland-2 --json >"$tmp/a.json"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rationale"])' "$tmp/a.json" >"$tmp/r"
[ "$(cat "$tmp/r")" = "Only Forty hours. (see annex)" ] || fail "the rationale: $(cat "$tmp/r")"

# 3. Words go by ^W and ^K; Up brings back this prompt's last answer.
FAKE_EDITOR_SED='s/States/Nations/' tui $clause e t 'one two three<C-w><C-w>four<Left><Left><C-k><Enter>' \
	y q e t '<Up><Enter>' y
"$ACCORD" -C "$conv" amendments --json >"$tmp/as.json"
python3 - "$tmp/as.json" <<'PY' >"$tmp/py" 2>&1 || fail "rationales: $(cat "$tmp/py")"
import json, sys
r = [a.get("rationale") for a in json.load(open(sys.argv[1])) if a["sponsor"] == "norland"]
assert r[-2:] == ["one fo", "one fo"], r
PY

# 4. Commands at ':' that may sign ask first, like their keys; one that
# would open another convention is refused; a number or id opens a clause.
before=$(commits)
tui '' ':vote meridian-cloud-1 yes<Enter>' "@dump $tmp/ask" n
grep -qF 'Run "vote meridian-cloud-1 yes" as norland? It may sign an action. [y/N]' "$tmp/ask" ||
	fail "no confirmation before a signing command: $(tail -3 "$tmp/ask")"
said "not run"
[ "$(commits)" = "$before" ] || fail "a refused :vote made a commit"
tui '' ':vote meridian-cloud-1 yes<Enter>' y
[ "$(commits)" = $((before + 1)) ] || fail "a confirmed :vote made no commit"
tui '' ":demo $tmp/other<Enter>"
said "refused: demo makes or opens another convention"
[ -e "$tmp/other" ] && fail ":demo made another convention"
tui '' ':status<Enter>'
grep -qF "It may sign" "$tmp/screen" && fail ":status asked for confirmation"
tui '' ':6<Enter>'
said "[clause] Article 6"
tui '' ':6.2<Enter>'
said "Article 6: paragraph 2 is in its text"

# 5. Esc steps back one level, and at the first one it stays.
tui '' '<Esc>' '<Esc>'
said "Esc steps back one level"
tui $clause '<Esc>'
said "▾ Part I General provisions"

# 6. Leaving with a draft keeps it; the next start offers it; tabling it
# records exactly the drafted text and forgets the kept copy.
printf '%s\n' e Q >"$tmp/keys"
FAKE_EDITOR_SED='s/within 72 hours/within 24 hours/' ACCORD_TUI_SCRIPT="$tmp/keys" \
	timeout 60 "$ACCORD" -C "$conv" --as $ingrid tui $clause >"$tmp/out" 2>"$tmp/err" ||
	fail "accord tui exited with $?: $(cat "$tmp/err")"
[ "$(kept)" = 1 ] || fail "the draft was not kept when leaving with Q"
grep -qF "1 unsent draft kept in" "$tmp/err" || fail "leaving did not say the draft was kept: $(cat "$tmp/err")"
git -C "$conv" ls-tree -r --name-only HEAD | grepq drafts && fail "the kept draft is tracked"
# another delegate sharing this clone is not offered Ingrid's draft
printf '%s\n' "@dump $tmp/screen" >"$tmp/keys"
ACCORD_TUI_SCRIPT="$tmp/keys" timeout 60 "$ACCORD" -C "$conv" \
	--as daniel.whitcombe@state.astoria.example tui >"$tmp/out" 2>"$tmp/err" ||
	fail "accord tui exited with $?: $(cat "$tmp/err")"
grep -qF "unsent draft" "$tmp/screen" && fail "Astoria was offered Norland's draft"
[ "$(kept)" = 1 ] || fail "the draft went away when another delegate started"
before=$(commits)
tui ''
said "1 unsent draft kept from an earlier session"
said "[draft] draft of Article 6"
said "{+24+}"
tui '' t 'Kept overnight.<Enter>' y
said "tabled norland-"
[ "$(commits)" = $((before + 1)) ] || fail "tabling the kept draft made $(($(commits) - before)) commits"
[ "$(kept)" = 0 ] || fail "the tabled draft is still kept"
"$ACCORD" -C "$conv" show $clause >"$tmp/text" || true
id=$(git -C "$conv" log -1 --format=%s | sed 's/^Propose \(norland-[0-9]*\).*/\1/')
"$ACCORD" -C "$conv" amendment "$id" | grepq 'within 24 hours' || fail "the kept draft's text was not tabled"

# a kept draft discarded with q y is gone; one that cannot be read is named
FAKE_EDITOR_SED='s/within 72 hours/within 12 hours/' tui $clause e
[ "$(kept)" = 1 ] || fail "the draft was not kept at the end of input"
tui '' q y
[ "$(kept)" = 0 ] || fail "a discarded draft is still kept"
printf 'not a draft\n' >"$gitdir/accord/drafts/broken.draft"
tui ''
said "a kept draft cannot be read"
[ -f "$gitdir/accord/drafts/broken.draft" ] || fail "an unreadable draft was deleted"
