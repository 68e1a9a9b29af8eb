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

# The helpers of the scenarios (each needs the session "main").
fail() {
	echo "FAIL: $*"
	$T capture-pane -p -t main 2>/dev/null | sed 's/^/  | /' || true
	exit 1
}

screen() {
	$T capture-pane -p -t main
}

# waitfor TEXT [SECONDS]: until the pane shows TEXT.
waitfor() {
	n=$((${2:-10} * 10))
	while [ $n -gt 0 ]; do
		screen | grepq -F -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	fail "the terminal never showed: $1"
}

keys() {
	$T send-keys -t main "$@"
}

type_text() {
	$T send-keys -t main -l "$1"
}

# run COMMAND: types it at the shell prompt.
run() {
	$T send-keys -t main "clear" Enter
	type_text "$1"
	keys Enter
}

# The pid of the accord the shell is running.
accord_pid() {
	shpid=$($T display-message -p -t main '#{pane_pid}')
	for f in /proc/[0-9]*/stat; do
		line=$(cat "$f" 2>/dev/null) || continue
		case $line in *"(accord) "*) ;; *) continue ;; esac
		rest=${line#*") "}
		# shellcheck disable=SC2086
		set -- $rest
		if [ "$2" = "$shpid" ]; then
			p=${f#/proc/}
			echo "${p%/stat}"
			return 0
		fi
	done
	return 1
}

# ended STATUS: accord has ended with STATUS and the terminal is sane again.
ended() {
	n=100
	while ! $T capture-pane -p -J -t main | grepq -E "(^|[$] )exit=$1 "; do
		[ $n -gt 0 ] || fail "accord did not end with status $1"
		sleep 0.1
		n=$((n - 1))
	done
	modes=$($T capture-pane -p -J -t main | grep -E "(^|[$] )exit=$1 " | tail -1)
	for m in icanon echo isig; do
		case "$modes " in
		*" $m "*) ;;
		*) fail "the terminal was left without $m: $modes" ;;
		esac
	done
}
AFTER='; echo "exit=$? $(stty -a | tr "\n" " ")"'

