# Fuzzing (included from the Makefile, after its variables).
#
#   make fuzz          builds every target with clang's libFuzzer (ASan+UBSan)
#                      in $(FUZZ_BUILD) and runs each for FUZZ_TIME seconds,
#                      starting from tests/fuzz/corpus/<target>; new inputs go
#                      to $(FUZZ_BUILD)/corpus/<target>, crashes to
#                      $(FUZZ_BUILD)/artifacts/<target>/
#   make fuzz-replay   builds every target with $(CC) and tests/fuzz/replay.c
#                      (no libFuzzer) against $(LIB), and runs every file of
#                      tests/fuzz/corpus/<target> through it once
#   make fuzz-merge    minimises $(FUZZ_BUILD)/corpus/<target> into the
#                      committed tests/fuzz/corpus/<target> (libFuzzer -merge=1)
#
# Variables: FUZZ_TIME (seconds per target, default 60), FUZZ_TARGETS (a
# subset), FUZZ_JOBS (targets run at once, default 1), FUZZ_CC (default
# clang), FUZZ_BUILD (default build-fuzz), FUZZ_ARGS (more libFuzzer flags);
# in the environment, FUZZ_KNOWN names reported findings to fuzz past
# (tests/fuzz/findings/README).  tests/fuzz/run.sh does the running.

FUZZ_TARGETS ?= record ids trailers state textdiff sanitize signers sign rules comments
FUZZ_TIME    ?= 60
FUZZ_JOBS    ?= 1
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_ARGS    ?=

FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -DACCORD_VERSION='"$(VERSION)"' -Iinclude -O1 -g \
                $(WARN) $(FUZZ_SAN) $(PKG_CFLAGS) -MMD -MP
FUZZ_LIB     := $(FUZZ_BUILD)/libaccord.a
FUZZ_CORE_OBJ := $(CORE_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
REPLAY_BINS  := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/replay_%)

.PHONY: fuzz fuzz-bins fuzz-replay fuzz-replay-bins fuzz-merge

# ---- libFuzzer builds (clang) ----

$(FUZZ_BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(quiet) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# The targets themselves are not instrumented for coverage: their checks
# would only slow the search (the library is what is explored).
$(FUZZ_BUILD)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(quiet) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_CORE_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/tests/fuzz/fuzz_common.o \
		      $(FUZZ_LIB)
	$(quiet) LD $@
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-bins: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_TIME=$(FUZZ_TIME) FUZZ_JOBS=$(FUZZ_JOBS) \
	 FUZZ_ARGS='$(FUZZ_ARGS)' sh tests/fuzz/run.sh fuzz $(FUZZ_TARGETS)

fuzz-merge: $(FUZZ_BINS)
	@FUZZ_BUILD=$(FUZZ_BUILD) sh tests/fuzz/run.sh merge $(FUZZ_TARGETS)

# ---- plain replayers ($(CC), linked with the library of $(BUILD)) ----
# The objects come from the Makefile's $(BUILD)/%.o rule, with ALL_CFLAGS
# (so SANITIZE=1 builds sanitised replayers).

$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/fuzz_common.o \
			      $(BUILD)/tests/fuzz/replay.o $(LIB)
	$(quiet) LD $@
	$(Q)$(CC) -o $@ $^ $(PKG_LIBS) $(ALL_LDFLAGS)

fuzz-replay-bins: $(REPLAY_BINS)

fuzz-replay: $(REPLAY_BINS)
	@fail=0; for t in $(FUZZ_TARGETS); do \
		$(BUILD)/tests/fuzz/replay_$$t tests/fuzz/corpus/$$t || { \
			echo "fuzz-replay: $$t failed" >&2; fail=1; }; \
	done; exit $$fail

-include $(shell find $(FUZZ_BUILD)/src $(FUZZ_BUILD)/tests -name '*.d' 2>/dev/null)
