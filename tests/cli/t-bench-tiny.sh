#!/bin/sh
# The benchmark programs run on the tiny preset (issue 8).  No figure is
# asserted: this only checks that `make bench` works end to end, that the
# generated convention is one accord and git accept (the generator writes
# what accord's own actions write), and that store_bulk writes commits
# byte for byte as the store does.
. "$(dirname "$0")/lib.sh"

BUILD=${BUILD:-build}
GEN="$ROOT/$BUILD/bench/accord-bench-gen"
PROG="$ROOT/$BUILD/bench/accord-bench"
# always through make, which rebuilds them when their sources changed (a
# program left from an older checkout would test the old generator)
{
	# built by `make bench-bins` (tests/bench/bench.mk, included by the Makefile)
	if grep -q 'tests/bench/bench.mk' "$ROOT/Makefile"; then
		mk="make -C $ROOT"
	else
		mk="make -C $ROOT -f Makefile -f tests/bench/bench.mk"
	fi
	san=
	[ "$BUILD" = build-san ] && san="SANITIZE=1"
	$mk --no-print-directory -s bench-bins BUILD="$BUILD" $san >"$T/build.log" 2>&1 || {
		cat "$T/build.log" >&2
		fail "cannot build the benchmark programs"
	}
}
# the programs are tools: they leave their memory to the exit
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# the driver, as `make bench BENCH_SCALE=tiny` runs it
expect_status 0 env BENCH_GEN="$GEN" BENCH_PROG="$PROG" BENCH_SCALE=tiny \
	BENCH_DIR="$T/bench" BENCH_REPS=1 BENCH_BUDGET=1 BENCH_VERIFY_CAP=60 BENCH_RESULTS=- \
	sh "$ROOT/tests/bench/run.sh"
assert_contains "$T/out" "| # | measure | figure | baseline |"
tsv="$T/bench/results-tiny.tsv"
for row in 1 2 3 4 5 6 7 8 9 10 11 12 14; do
	awk -F '\t' -v r="$row" '$1 == r { found = 1 } END { exit !found }' "$tsv" ||
		fail "row $row is missing from the results"
done
awk -F '\t' 'NF != 10 { exit 1 }' "$tsv" || fail "a result line without its 10 fields"

# the generated convention: git and accord accept it, and it is as generated
conv="$T/bench/conv-tiny"
git -C "$conv" fsck --strict >"$T/fsck" 2>&1 || {
	cat "$T/fsck" >&2
	fail "git fsck refuses the generated convention"
}
tip=$(sed -n 's/^tip=//p' "$conv/accord/bench.manifest")
assert_eq "$(head_of "$conv")" "$tip" "the branch after the benchmarks"
expect_status 0 "$ACCORD" -C "$conv" verify
# the state verify follows equals a whole load of every commit's tree
expect_status 0 env ACCORD_VERIFY_CROSSCHECK=1 "$ACCORD" -C "$conv" verify
assert_contains "$T/out" "signed: no problems"
expect_status 0 "$PROG" bulk-check "$conv"
assert_contains "$T/out" "written identically"
