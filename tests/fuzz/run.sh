#!/bin/sh
# Runs accord's libFuzzer targets (built by `make fuzz-bins`); usually
# called through `make fuzz` and `make fuzz-merge`.
#
#   run.sh fuzz TARGET...    fuzzes each target for FUZZ_TIME seconds
#                            (FUZZ_JOBS at once), then prints per target the
#                            executions, coverage, corpus size and crashes
#   run.sh merge TARGET...   minimises the committed corpus plus what fuzzing
#                            found into tests/fuzz/corpus/TARGET (-merge=1);
#                            inputs under tests/fuzz/findings/TARGET stay in
#   run.sh seed              rebuilds the seed corpora from the bundled
#                            proposal, a demo convention (needs ACCORD, the
#                            accord binary, default ./accord) and the
#                            hand-written hostile seeds (tests/fuzz/seeds.sh)
#
# Environment: FUZZ_BUILD (build-fuzz), FUZZ_TIME (60), FUZZ_JOBS (1),
# FUZZ_ARGS (extra libFuzzer flags).  Exit status 1 when a target crashed.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${FUZZ_BUILD:-build-fuzz}
TIME=${FUZZ_TIME:-60}
JOBS=${FUZZ_JOBS:-1}
ARGS=${FUZZ_ARGS:-}

# fuzz_one TARGET: runs one target, output in $B/logs/TARGET.log.
fuzz_one() {
	t=$1
	mkdir -p "$B/corpus/$t" "$B/artifacts/$t" "$B/logs"
	# new inputs go to the first folder; the committed corpus is only read
	# shellcheck disable=SC2086
	"$B/fuzz_$t" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$B/artifacts/$t/" $ARGS \
		"$B/corpus/$t" "tests/fuzz/corpus/$t" >"$B/logs/$t.log" 2>&1
	echo $? >"$B/logs/$t.status"
}

# report TARGET: one summary line from its log.
report() {
	t=$1
	log="$B/logs/$t.log"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | sed 's/ft: //')
	corp=$(grep -o 'corp: [0-9]*/[0-9]*[bKM]*' "$log" | tail -n 1 | sed 's/corp: //')
	crashes=$(find "$B/artifacts/$t" -type f 2>/dev/null | wc -l)
	status=$(cat "$B/logs/$t.status" 2>/dev/null || echo '?')
	printf '%-9s execs %-10s cov %-6s ft %-6s corpus %-12s artifacts %s (exit %s)\n' \
		"$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes" "$status"
	[ "$status" = 0 ]
}

case "${1:-}" in
fuzz)
	shift
	running=0
	for t in "$@"; do
		[ -x "$B/fuzz_$t" ] || { echo "run.sh: $B/fuzz_$t not built (make fuzz-bins)" >&2; exit 1; }
		echo "fuzzing $t for ${TIME}s"
		fuzz_one "$t" &
		running=$((running + 1))
		if [ "$running" -ge "$JOBS" ]; then
			wait
			running=0
		fi
	done
	wait
	bad=0
	for t in "$@"; do
		report "$t" || bad=1
	done
	[ $bad = 0 ] || echo "crashes: see $B/artifacts/<target>/ and $B/logs/<target>.log" >&2
	exit $bad
	;;
merge)
	shift
	for t in "$@"; do
		new="$B/merge/$t"
		rm -rf "$new"
		mkdir -p "$new" "$B/corpus/$t"
		# inputs that crash are left out (and kept as $B/merge/T-crash-*):
		# merge with the FUZZ_KNOWN of the run to keep those of known bugs
		"$B/fuzz_$t" -merge=1 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix="$B/merge/$t-" "$new" \
			"tests/fuzz/corpus/$t" "$B/corpus/$t" >"$B/merge/$t.log" 2>&1 ||
			{ echo "merge of $t failed: see $B/merge/$t.log" >&2; exit 1; }
		# findings stay in the corpus, fixed or not, so the replayer guards them
		if [ -d "tests/fuzz/findings/$t" ]; then
			for f in "tests/fuzz/findings/$t"/*; do
				case "$f" in *.txt | */README*) continue ;; esac
				[ -f "$f" ] && cp "$f" "$new/"
			done
		fi
		rm -rf "tests/fuzz/corpus/$t"
		mv "$new" "tests/fuzz/corpus/$t"
		echo "$t: $(find "tests/fuzz/corpus/$t" -type f | wc -l) inputs"
	done
	;;
seed)
	exec sh tests/fuzz/seeds.sh
	;;
*)
	echo "usage: run.sh fuzz|merge TARGET... | run.sh seed" >&2
	exit 2
	;;
esac
