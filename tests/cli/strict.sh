# Sourced first by every scenario (through lib.sh or tmux-lib.sh): runs it
# under bash with errexit, nounset and pipefail, so that a failing command
# anywhere in a pipeline (`acc ... | json_get ...`) fails the test.  /bin/sh
# is dash, which has no pipefail: a scenario started with sh re-executes
# itself under bash.
if [ -z "${BASH_VERSION:-}" ]; then
	case $0 in
	*.sh) exec bash "$0" "$@" ;;
	*)
		echo "strict.sh: run the scenario with bash" >&2
		exit 1
		;;
	esac
fi
set -euo pipefail

# grepq ARGS...: grep -q that reads all of its input.  grep -q stops at
# the first match; under pipefail the writer of a long output would then
# die of SIGPIPE and fail the pipeline.  Use it after a pipe.
grepq() {
	grep "$@" >/dev/null
}
