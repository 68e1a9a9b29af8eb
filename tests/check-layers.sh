#!/bin/sh
# Enforces the layering of CONTRIBUTING.md: only store.c includes libgit2,
# only index.c includes SQLite, only the interface includes curses, and
# nothing below the faces exits the process or writes to the terminal.
cd "$(dirname "$0")/.." || exit 1
bad=0
check() { # pattern allowed-files-regex what
	hits=$(grep -ln "$1" src/*.c src/*/*.c 2>/dev/null | grep -Ev "$2")
	if [ -n "$hits" ]; then
		echo "layer violation ($3):" $hits
		bad=1
	fi
}
check '#include <git2' '^src/store/store[a-z_]*\.c$' 'libgit2 outside store'
check '#include <sqlite3' '^src/index/' 'sqlite outside index'
check '#include <n\?curses' '^src/tui/' 'curses outside the interface'
check '\bexit *(' '^src/(cli|tui)/|^src/main\.c$' 'exit() below the faces'
check '\b\(printf\|puts\|putchar\) *(' '^src/(cli|tui)/|^src/main\.c$' 'terminal output below the faces'
check '#include "accord/cli.h"\|acc_cli_' '^src/(cli)/|^src/main\.c$' 'the command line called from below or beside it'
exit $bad
