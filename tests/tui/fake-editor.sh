#!/bin/sh
# A fake $EDITOR for the interface's tests: records what it was asked to
# edit, then changes the file as told, without a terminal.
#
#   FAKE_EDITOR_LOG   file to which "edit NAME LINES" is appended (NAME
#                     with its random part replaced by XXXXXX)
#   FAKE_EDITOR_SED   sed expression applied to the file (when set)
#   FAKE_EDITOR_TEXT  new content of the file (when set; wins over SED)
#   FAKE_EDITOR_EXIT  exit with this status without touching the file
#   FAKE_EDITOR_ASK   when set, first print "fake editor: Enter saves NAME"
#                     on the terminal and wait for a line from it (proves
#                     the interface gave the terminal to the editor)
#   FAKE_EDITOR_MEANWHILE  a shell command run before the file is changed:
#                     what other delegations do while this draft is open
set -eu
f=$1
if [ -n "${FAKE_EDITOR_LOG:-}" ]; then
	name=$(basename "$f" | sed 's/-[A-Za-z0-9]\{6\}\.txt$/-XXXXXX.txt/')
	echo "edit $name $(wc -l <"$f" | tr -d ' ')" >>"$FAKE_EDITOR_LOG"
fi
if [ -n "${FAKE_EDITOR_ASK:-}" ]; then
	printf 'fake editor: Enter saves %s\n' "$(basename "$f")" >/dev/tty
	read -r _ </dev/tty
fi
if [ -n "${FAKE_EDITOR_MEANWHILE:-}" ]; then
	sh -c "$FAKE_EDITOR_MEANWHILE" >/dev/null
fi
if [ -n "${FAKE_EDITOR_EXIT:-}" ]; then
	exit "$FAKE_EDITOR_EXIT"
fi
if [ -n "${FAKE_EDITOR_TEXT:-}" ]; then
	printf '%s\n' "$FAKE_EDITOR_TEXT" >"$f"
elif [ -n "${FAKE_EDITOR_SED:-}" ]; then
	sed "$FAKE_EDITOR_SED" "$f" >"$f.new"
	mv "$f.new" "$f"
fi
