#!/bin/sh
# Replays every committed fuzz input (tests/fuzz/corpus/<target>/, the
# findings included) through its target built with the normal compiler and
# no libFuzzer (`make fuzz-replay`, tests/fuzz/fuzz.mk): a crash, a broken
# invariant, a failed assertion or (with SANITIZE=1) a sanitizer report
# fails the test.  Environment: BUILD, the build folder of the suite.
. "$(dirname "$0")/strict.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
set -- BUILD="$BUILD"
case "$BUILD" in
*-san | *-san/) set -- "$@" SANITIZE=1 ;;
esac
# until the Makefile includes the fragment, read it alongside
grep -q '^include tests/fuzz/fuzz.mk' Makefile || set -- -f Makefile -f tests/fuzz/fuzz.mk "$@"
# a make of our own, not a child of the one running the suite
unset MAKEFLAGS MFLAGS MAKELEVEL || true
make -s --no-print-directory "$@" fuzz-replay
