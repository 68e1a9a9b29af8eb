#!/bin/sh
# The layer check checks: tests/check-layers.sh, run on a small fake tree,
# passes when the tree is clean and fails, naming it, on one violation of
# each kind; an allow line excuses exactly its violation, and an allow line
# that matches nothing fails.
. "$(dirname "$0")/lib.sh"
F="$T/fake"

# clean_tree: a fake tree with util < model < ops, the faces cli and tui,
# and main.c, that breaks no rule.
clean_tree() {
	rm -rf "$F"
	mkdir -p "$F/tests" "$F/include/accord" "$F/src/util" "$F/src/model" "$F/src/ops" \
		"$F/src/cli" "$F/src/tui"
	cat >"$F/tests/layers.txt" <<'TXT'
layer util src/util
layer model src/model
layer ops src/ops
face cli src/cli
face tui src/tui
top main src/main.c
TXT
	for m in util model ops cli tui; do
		printf 'int acc_%s_run(void);\n' "$m" >"$F/include/accord/$m.h"
	done
	printf '#include "accord/util.h"\nint acc_util_run(void) {\n\treturn 0;\n}\n' >"$F/src/util/util.c"
	printf '#include "accord/util.h"\n#include "accord/model.h"\nint acc_model_run(void) {\n\treturn acc_util_run();\n}\n' >"$F/src/model/model.c"
	printf 'int acc_ops_private(void);\n' >"$F/src/ops/internal.h"
	printf '#include "internal.h"\n#include "accord/model.h"\n#include "accord/ops.h"\nint acc_ops_run(void) {\n\treturn acc_model_run();\n}\n' >"$F/src/ops/ops.c"
	printf '#include <stdio.h>\n#include "accord/ops.h"\n#include "accord/cli.h"\nint acc_cli_run(void) {\n\tprintf("x");\n\treturn acc_ops_run();\n}\n' >"$F/src/cli/cli.c"
	printf '#include <curses.h>\n#include "accord/ops.h"\n#include "accord/tui.h"\nint acc_tui_run(void) {\n\treturn acc_ops_run();\n}\n' >"$F/src/tui/tui.c"
	printf '#include <stdlib.h>\n#include "accord/cli.h"\n#include "accord/tui.h"\nint main(void) {\n\texit(acc_cli_run() + acc_tui_run());\n}\n' >"$F/src/main.c"
}

# check_tree WANT: runs the checker on the fake tree, which must exit WANT.
check_tree() {
	expect_status "$1" sh "$ROOT/tests/check-layers.sh" "$F"
}

# violates ID: the checker fails on the fake tree and names ID.
violates() {
	check_tree 1
	grep -qxF "layer violation: $1" "$T/out" ||
		grep -qF "layer violation: $1 (" "$T/out" || {
		cat "$T/out" >&2
		fail "the checker did not report: $1"
	}
}

clean_tree
check_tree 0
[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "a clean tree makes the checker talk"; }

# an include from a lower layer to a higher one, and so a loop
clean_tree
printf '#include "accord/model.h"\n' >>"$F/src/util/util.c"
violates "up-include src/util/util.c accord/model.h"
violates "loop src/model src/util"

# a loop through a public header's own includes
clean_tree
printf '#include "accord/ops.h"\n' >>"$F/include/accord/model.h"
violates "up-include include/accord/model.h accord/ops.h"
violates "loop src/model src/ops"

# the faces include and call each other
clean_tree
printf '#include "accord/cli.h"\nint acc_tui_key(void) {\n\treturn acc_cli_run();\n}\n' >>"$F/src/tui/tui.c"
violates "face-include src/tui/tui.c accord/cli.h"
violates "face-call src/tui/tui.c acc_cli_run"
clean_tree
printf '#include "../tui/keys.h"\n' >>"$F/src/cli/cli.c"
: >"$F/src/tui/keys.h"
violates "face-include src/cli/cli.c ../tui/keys.h"

# another folder's private header
clean_tree
printf '#include "../ops/internal.h"\n' >>"$F/src/cli/cli.c"
violates "private-include src/cli/cli.c ../ops/internal.h"

# a file over 1,200 lines, in src/ and in include/
clean_tree
seq 1201 | sed 's/^/\/\/ /' >>"$F/src/ops/ops.c"
violates "size src/ops/ops.c"
clean_tree
seq 1201 | sed 's/^/\/\/ /' >>"$F/include/accord/util.h"
violates "size include/accord/util.h"

# the libraries and the terminal where they do not belong
clean_tree
printf '#include <git2.h>\n' >>"$F/src/ops/ops.c"
violates "git2 src/ops/ops.c"
clean_tree
printf '#include <sqlite3.h>\n' >>"$F/src/model/model.c"
violates "sqlite src/model/model.c"
clean_tree
printf '#include <ncurses.h>\n' >>"$F/src/cli/cli.c"
violates "curses src/cli/cli.c"
clean_tree
printf 'void acc_util_die(void) {\n\texit(1);\n}\n' >>"$F/src/util/util.c"
violates "exit src/util/util.c"
clean_tree
printf 'void acc_model_say(void) {\n\tputs("x");\n}\n' >>"$F/src/model/model.c"
violates "print src/model/model.c"

# a file in no layer, a header whose folder is unknown
clean_tree
mkdir -p "$F/src/extra"
: >"$F/src/extra/x.c"
violates "unplaced src/extra/x.c"
clean_tree
printf 'struct acc_nothing;\n' >"$F/include/accord/nothing.h"
violates "unmapped include/accord/nothing.h"
printf 'header nothing.h src/util\n' >>"$F/tests/layers.txt"
check_tree 0

# the allow-list excuses exactly what it names, and nothing stale
clean_tree
printf '#include <git2.h>\n' >>"$F/src/ops/ops.c"
printf 'allow git2 src/ops/ops.c  # known: being fixed\n' >>"$F/tests/layers.txt"
check_tree 0
assert_contains "$T/out" "allowed: git2 src/ops/ops.c"
printf '#include <sqlite3.h>\n' >>"$F/src/ops/ops.c"
violates "sqlite src/ops/ops.c"
clean_tree
printf 'allow git2 src/ops/ops.c  # known: being fixed\n' >>"$F/tests/layers.txt"
check_tree 1
assert_contains "$T/out" "'allow git2 src/ops/ops.c' matches nothing: delete the line"

# and the real tree passes (its known violations allowed)
expect_status 0 sh "$ROOT/tests/check-layers.sh"
