# tests/bench/bench.mk: the benchmarks of issue 8 ("Performance at negotiation
# scale"), included by the top-level Makefile.
#
#   make bench                     the 1/100 preset (BENCH_SCALE=small)
#   make bench BENCH_SCALE=full    design scale: 200 organisations, 2,000 clauses,
#                                  20,000 amendments, 1,000,000 votes
#   make bench BENCH_SCALE=tiny    seconds; what tests/cli/t-bench-tiny.sh runs
#   make bench-bins                only build the two programs
#
# Generated conventions are kept in $(BENCH_DIR) (one per scale, regenerated
# when the generator or the code that defines the record format changes).
# The table is printed and written to tests/bench/RESULTS.md (the section of
# that scale).  Knobs: BENCH_REPS (runs per figure, median reported),
# BENCH_BUDGET (seconds before a figure stops repeating), BENCH_VERIFY_CAP
# (seconds before `accord verify` is stopped), BENCH_ROWS (e.g. 1,2,9).

BENCH_SCALE ?= small
BENCH_DIR   ?= $(BUILD)/bench
BENCH_GEN   := $(BUILD)/bench/accord-bench-gen
BENCH_PROG  := $(BUILD)/bench/accord-bench
# store_bulk (the generator's pack writer) deflates packs with zlib, which libgit2 itself links
BENCH_LIBS   = $(PKG_LIBS) $(shell pkg-config --libs zlib 2>/dev/null || echo -lz) -lutil

.PHONY: bench bench-bins bench-deps

# the baselines: tig (row 4) and GNU time (peak memory, row 12)
bench-deps: deps
	@missing=0; \
	command -v tig >/dev/null 2>&1 || missing=1; \
	[ -x /usr/bin/time ] || missing=1; \
	if [ $$missing = 1 ]; then $(call apt_install,tig time); fi

BENCH_SHARED := tests/bench/tool.c tests/bench/store_bulk.c
BENCH_HDRS   := tests/bench/tool.h tests/bench/store_bulk.h

$(BENCH_GEN): tests/bench/gen.c $(BENCH_SHARED) $(BENCH_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BENCH_SHARED) $(LIB) $(BENCH_LIBS) $(ALL_LDFLAGS)

$(BENCH_PROG): tests/bench/bench.c $(BENCH_SHARED) $(BENCH_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BENCH_SHARED) $(LIB) $(BENCH_LIBS) $(ALL_LDFLAGS)

bench-bins: $(BENCH_GEN) $(BENCH_PROG)

bench: bench-deps $(BIN) bench-bins
	@ACCORD=$(abspath $(BIN)) BENCH_GEN=$(abspath $(BENCH_GEN)) \
	 BENCH_PROG=$(abspath $(BENCH_PROG)) BENCH_SCALE=$(BENCH_SCALE) \
	 BENCH_DIR=$(abspath $(BENCH_DIR)) sh tests/bench/run.sh
