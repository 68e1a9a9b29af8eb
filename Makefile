# accord: plain GNU make.  `make` builds ./accord; `make test` runs the suite;
# `make test SANITIZE=1` runs it under ASan+UBSan; V=1 shows full commands.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DESTDIR  ?=

CC       ?= cc
PKGS     := libgit2 sqlite3 ncursesw cmocka jansson libxml-2.0 libcrypto icu-uc icu-i18n
DEB_PKGS := build-essential pkg-config libncurses-dev libgit2-dev libsqlite3-dev \
            libcmocka-dev libjansson-dev libxml2-dev libxml2-utils libssl-dev libicu-dev git openssh-client \
            tmux strace python3 cmark-gfm
DEB_CMDS := cc pkg-config git ssh-keygen tmux xmllint strace python3 cmark-gfm
# The pdf export (src/export/pdf.c alone): Pango and Cairo, the Noto fonts
# it embeds (Latin, Cyrillic, Greek, Arabic, Hebrew..., and CJK), and
# poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) for its tests.
PDF_PKGS := pangocairo cairo-pdf
PKGS     += $(PDF_PKGS)
DEB_PKGS += libpango1.0-dev libcairo2-dev fontconfig fonts-noto-core fonts-noto-cjk poppler-utils
DEB_CMDS += pdftotext pdfinfo pdffonts pdftoppm
# t-export-site: a real browser, Java for the Nu Html Checker, node for
# playwright-core and axe-core (npm packages in tests/package.json)
DEB_PKGS += chromium default-jre-headless nodejs
DEB_CMDS += chromium java node npm

# The runtime libraries of accord itself (cmocka is for the tests only).
# ICU is not linked: the word diff loads it the first time it meets
# non-ASCII words (src/text/tokens.c), so no other process pays for it.
LIB_PKGS := libgit2 sqlite3 ncursesw jansson libxml-2.0 libcrypto
HDR_PKGS := $(LIB_PKGS) icu-uc

ifeq ($(SANITIZE),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD    ?= build
SANFLAGS :=
endif

OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
            -Wno-unused-parameter
PKG_CFLAGS = $(shell pkg-config --cflags $(HDR_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(LIB_PKGS) 2>/dev/null)
PDF_CFLAGS = $(shell pkg-config --cflags $(PDF_PKGS) 2>/dev/null)
PDF_LIBS   = $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null)
TEST_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null)

VERSION  := 0.1.0
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -DACCORD_VERSION='"$(VERSION)"' -Iinclude -fPIC \
              $(OPT) $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-6s %s\n'
endif

# The core library is every module folder of src/ but the two faces.
FACE_SRC := $(wildcard src/cli/*.c src/tui/*.c)
CORE_SRC := $(filter-out src/main.c src/front.c src/export/pdf.c $(FACE_SRC),$(wildcard src/*.c src/*/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
FACE_OBJ := $(FACE_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
LIB      := $(BUILD)/libaccord.a
# The program is a small front (src/front.c: --version and diff --no-index,
# with only what they need from the archive) that loads the core library
# (every module, both faces and main.c) for every other command, so a
# command pays for the libraries it uses (CONTRIBUTING.md, "Process start").
CORE_SO  := $(BUILD)/libaccord-core.so
FRONT_OBJ := $(BUILD)/src/front.o $(BUILD)/src/cli/diff_files.o $(BUILD)/src/cli/diff_render.o
FRONT_LIBS = $(shell pkg-config --libs jansson 2>/dev/null)
# The pdf export is a module of its own (Pango, Cairo, fontconfig and glib
# cost 2.6 ms of CPU at every start): src/export/pdf_load.c loads it, from
# the core's folder, the first time a pdf is made.
PDF_OBJ  := $(BUILD)/src/export/pdf.o
PDF_MOD  := $(BUILD)/accord-pdf.so
LIBDIR   ?= $(PREFIX)/lib

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_SRC := $(wildcard tests/unit/helpers/*.c)
HELPER_OBJ := $(HELPER_SRC:%.c=$(BUILD)/%.o)

# Another build folder (the sanitizer's, or BUILD=build-clang to check the
# other compiler's warnings) builds its own program beside its objects:
# sharing ./accord would leave that build "up to date" with nothing compiled.
ifneq ($(filter 1,$(SANITIZE))$(BUILD),build)
BIN := $(BUILD)/accord
else
BIN := accord
endif

.SECONDARY:

.PHONY: all deps run test test-valgrind unit-bins check-layers install uninstall clean format bench

all: $(BIN)

$(BIN): $(FRONT_OBJ) $(LIB) $(CORE_SO) $(PDF_MOD)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(FRONT_OBJ) $(LIB) $(FRONT_LIBS)

$(CORE_SO): $(MAIN_OBJ) $(FACE_OBJ) $(LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -shared -o $@ $(MAIN_OBJ) $(FACE_OBJ) $(LIB) $(PKG_LIBS)

$(PDF_MOD): $(PDF_OBJ)
	$(quiet) LD $@
	$(Q)$(CC) $(ALL_LDFLAGS) -shared -o $@ $(PDF_OBJ) $(PDF_LIBS)

# the front looks for the core where this tree's build puts it
$(BUILD)/src/front.o: ALL_CFLAGS += -DACCORD_CORE='"$(abspath $(CORE_SO))"'

$(LIB): $(CORE_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

# (every object depends on the Makefile: a change of flags rebuilds them)
$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# only the pdf export sees Pango's and Cairo's headers
$(BUILD)/src/export/pdf.o: ALL_CFLAGS += $(PDF_CFLAGS)

$(BUILD)/tests/unit/helpers/%.o: tests/unit/helpers/%.c
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(HELPER_OBJ) $(PDF_OBJ)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(HELPER_OBJ) $(PDF_OBJ) $(LIB) $(PKG_LIBS) $(PDF_LIBS) $(TEST_LIBS) $(ALL_LDFLAGS)

# $(call apt_install,PACKAGES): a shell command installing Debian packages
# (with sudo when not root; apt-get update only when the install fails).
apt_install = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "installing: $(1)"; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1) || \
	{ $$SUDO apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1); }

# Installs what is missing, by Debian package name; silent when all is there.
deps:
	@missing=0; \
	pkg-config --exists $(PKGS) 2>/dev/null || missing=1; \
	for c in $(DEB_CMDS); do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	for f in 'Noto Serif' 'Noto Naskh Arabic' 'Noto Serif CJK SC'; do \
	  fc-list -q "$$f" 2>/dev/null || missing=1; done; \
	if [ $$missing = 1 ]; then $(call apt_install,$(DEB_PKGS)); fi

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) demo

test: deps
	@$(MAKE) --no-print-directory all unit-bins
	@ACCORD=$(abspath $(BIN)) BUILD=$(BUILD) ACCORD_SANITIZED=$(SANITIZE:0=) \
	 LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	 sh tests/run.sh

unit-bins: $(UNIT_BIN)

# The unit and command-line tests under valgrind memcheck: no errors and no
# definite leaks.  The kill and fault loops run in the other passes.
test-valgrind: deps
	@$(MAKE) --no-print-directory all unit-bins
	@ACCORD=$(abspath tests/valgrind.sh) ACCORD_REAL=$(abspath $(BIN)) BUILD=$(BUILD) \
	 ACCORD_SANITIZED=valgrind VALGRIND="env -u ACCORD_REAL $(abspath tests/valgrind.sh)" sh tests/run.sh

check-layers:
	@sh tests/check-layers.sh

DATADIR  ?= $(PREFIX)/share/accord

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -d $(DESTDIR)$(LIBDIR)/accord
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/accord
	install -m 644 $(CORE_SO) $(DESTDIR)$(LIBDIR)/accord/libaccord-core.so
	install -m 644 $(PDF_MOD) $(DESTDIR)$(LIBDIR)/accord/accord-pdf.so
	install -m 644 src/accord.1 $(DESTDIR)$(MANDIR)/man1/accord.1
	cp -R proposals $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/accord $(DESTDIR)$(MANDIR)/man1/accord.1
	rm -rf $(DESTDIR)$(LIBDIR)/accord
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i $(wildcard src/*.c src/*/*.c src/*/*.h include/accord/*.h tests/unit/*.c tests/bench/*.c tests/bench/*.h)

clean:
	rm -rf build build-san build-fuzz accord

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

include tests/fuzz/fuzz.mk
include tests/bench/bench.mk
