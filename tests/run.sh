#!/bin/sh
# Runs the whole suite: every cmocka unit binary, the layer check, and every
# command-line scenario (tests/cli/t-*.sh).  Each prints its own details;
# the last line is the summary "N passed, N failed, N skipped".  A test
# that exits 77 was skipped (as with automake): its last line of output
# says why, and it counts as skipped, never as passed.
# Environment: ACCORD (the binary under test), BUILD (the build folder).
set -u
: "${ACCORD:?}" "${BUILD:?}"
export ACCORD
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
skip=0
failed=""
log=$(mktemp)
only=${TESTS:-}

run_one() { # name command...
	name=$1
	shift
	case "$name" in *"$only"*) ;; *) return ;; esac
	"$@" >"$log" 2>&1
	rc=$?
	if [ "$rc" = 0 ]; then
		pass=$((pass + 1))
		printf 'ok   %s\n' "$name"
		# a cmocka case skipped inside a passing binary is shown, not hidden
		grep '^\[  SKIPPED \]' "$log" | sed 's/^/     | /' || true
	elif [ "$rc" = 77 ] && [ "${name#unit/}" = "$name" ]; then
		# (a cmocka binary's status counts its failures: 77 is no skip there)
		skip=$((skip + 1))
		why=$(sed '/^[[:space:]]*$/d' "$log" | tail -n 1)
		printf 'SKIP %s: %s\n' "$name" "${why:-no reason given}"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		printf 'FAIL %s (exit status %s)\n' "$name" "$rc"
		sed 's/^/     | /' "$log" | tail -n 60
	fi
}

run_one check-layers sh tests/check-layers.sh
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	# shellcheck disable=SC2086
	run_one "unit/$(basename "$t")" ${VALGRIND:-} "$t"
done
for t in tests/cli/t-*.sh; do
	[ -f "$t" ] || continue
	run_one "cli/$(basename "$t" .sh)" bash "$t"
done
rm -f "$log"
[ -z "$failed" ] || echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
