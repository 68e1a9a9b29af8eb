# Sourced by the scenarios that drive the interface in a real terminal
# (tmux): a fresh $tmp and HOME, a private tmux server $T killed on exit,
# fixed time and locale, and none of the user's accord settings.
. "$(dirname "$0")/strict.sh"
: "${ACCORD:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
T="tmux -L accord-test-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
unset TMUX ACCORD_AS ACCORD_KEY VISUAL NO_COLOR ACCORD_TUI_SCRIPT ACCORD_TUI_DUMP ACCORD_TUI_SIZE
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
export ACCORD_DATE=1795000000 TMUX_TMPDIR="$tmp"
mkdir -p "$HOME"
