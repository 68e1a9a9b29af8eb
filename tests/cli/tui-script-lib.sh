# Sourced by the scenarios that drive the interface scripted (keys from a
# file, screen in memory): a fresh $tmp and HOME, fixed time and locale,
# the fake editor, none of the user's accord settings, and the helpers
# tui, said and commits over the convention $conv.
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

fail() {
	echo "FAIL: $*"
	[ -f "$tmp/screen" ] && sed 's/^/  | /' "$tmp/screen"
	exit 1
}

# tui AS START KEYS...: runs the keys (one argument a line) and dumps the
# screen to $tmp/screen at the end.
tui() {
	as=$1 start=$2
	shift 2
	printf '%s\n' "$@" "@dump $tmp/screen" >"$tmp/keys"
	rm -f "$tmp/screen"
	ACCORD_TUI_SCRIPT="$tmp/keys" timeout 60 "$ACCORD" -C "$conv" --as "$as" tui $start \
		>"$tmp/out" 2>&1 || fail "accord tui exited with $?: $(cat "$tmp/out")"
	[ -f "$tmp/screen" ] || fail "no screen dump"
}

# said TEXT: the last screen shows TEXT.
said() {
	grep -qF -- "$1" "$tmp/screen" || fail "the screen does not say: $1"
}

# commits: how many commits the convention has.
commits() {
	git -C "$conv" rev-list --count HEAD
}
