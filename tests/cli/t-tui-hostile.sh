#!/bin/sh
# Hostile text in a clause cannot move the cursor or spoof the screen:
# escape sequences, backspaces, carriage returns and bidi overrides in the
# text (and a bidi override in a heading) are drawn as visible markers,
# scripted and in a real terminal (tmux), and the rest of the screen stays
# where it belongs.
. "$(dirname "$0")/tmux-lib.sh"
export TERM=xterm

fail() {
	echo "FAIL: $*"
	for f in "$tmp"/screen*; do [ -f "$f" ] && sed 's/^/  | /' "$f"; done
	exit 1
}

# The bundled proposal, with hostile text in Article 1.
cp -R "$root/proposals/digital-geneva-convention" "$tmp/proposal"
esc=$(printf '\033')
bs=$(printf '\010')
cr=$(printf '\015')
rlo=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
{
	printf 'Heading: Purpose %sevil\n\n' "$rlo"
	printf 'CLEAR%s[2J%s[HGONE before%sXover and%sREWRITE then %sreversed%s tail.\n' \
		"$esc" "$esc" "$bs" "$cr" "$rlo" "$esc[0m"
} >"$tmp/proposal/clauses/purpose"
# the record refuses such text (issue 18) ...
if timeout 60 "$ACCORD" init "$tmp/conv" --from "$tmp/proposal" --demo-keys >/dev/null 2>&1; then
	fail "init stored a bidi override"
fi
# ... so it is written with git alone, as an attacker would
timeout 60 "$ACCORD" init "$tmp/conv" --from "$root/proposals/digital-geneva-convention" \
	--demo-keys >/dev/null
blob=$(git -C "$tmp/conv" hash-object -w "$tmp/proposal/clauses/purpose")
GIT_INDEX_FILE="$tmp/index" git -C "$tmp/conv" read-tree main
GIT_INDEX_FILE="$tmp/index" git -C "$tmp/conv" update-index --cacheinfo "100644,$blob,clauses/purpose"
tree=$(GIT_INDEX_FILE="$tmp/index" git -C "$tmp/conv" write-tree)
smuggled=$(GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x.example GIT_COMMITTER_NAME=x \
	GIT_COMMITTER_EMAIL=x@x.example git -C "$tmp/conv" commit-tree -p main -m "Smuggled" "$tree")
git -C "$tmp/conv" update-ref refs/heads/main "$smuggled"

check() { # file what
	grep -qF 'CLEAR^[[2J^[[HGONE before^HXover and^MREWRITE then <U+202E>reversed^[[0m tail.' "$1" ||
		fail "$2: the clause text is not shown with markers"
	head -1 "$1" | grepq '^ DGC | ' || fail "$2: the status bar moved"
	case $(cat "$1") in *"$esc"* | *"$bs"* | *"$cr"* | *"$rlo"*) fail "$2: raw control characters on the screen" ;; esac
}

# Scripted: the contents (heading), the pane beside, the clause view.
printf '@dump %s\n<Enter>\n@dump %s\n' "$tmp/screen-toc" "$tmp/screen-clause" >"$tmp/keys"
ACCORD_TUI_SIZE=120x24 ACCORD_TUI_SCRIPT="$tmp/keys" timeout 30 "$ACCORD" -C "$tmp/conv" tui ||
	fail "accord tui exited with $?"
grep -qF '1 Purpose <U+202E>evil' "$tmp/screen-toc" || fail "the heading's override is not shown"
check "$tmp/screen-clause" scripted
[ "$(wc -l <"$tmp/screen-clause")" = 24 ] || fail "the dump is not 24 rows"

# In a real terminal: the pane must show the same, nothing cleared or
# overwritten (ESC [2J would clear it, \r would overwrite the row).
$T new-session -d -s main -x 120 -y 30 "env TERM=xterm-256color '$ACCORD' -C '$tmp/conv' tui purpose; sleep 60"
n=100
while [ $n -gt 0 ] && ! $T capture-pane -p -t main | grepq -F '[clause]'; do
	sleep 0.1
	n=$((n - 1))
done
$T capture-pane -p -t main >"$tmp/screen-tmux"
check "$tmp/screen-tmux" tmux
grep -qF ' Article 1  Purpose <U+202E>evil' "$tmp/screen-tmux" || fail "tmux: the heading"
grep -qF '[clause] Article 1 Purpose <U+202E>evil' "$tmp/screen-tmux" || fail "tmux: the title bar"
[ "$(wc -l <"$tmp/screen-tmux")" = 30 ] || fail "tmux: the screen is not 30 rows"
echo ok
