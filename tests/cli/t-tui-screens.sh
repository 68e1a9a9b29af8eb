#!/bin/sh
# Screen tests of the interface: every tests/tui/NAME.keys is run in the
# scripted mode (keys from the file, screen in memory) on a fresh copy of
# the demo, and the screen it ends on must equal tests/tui/NAME.screen
# (see tests/tui/README).  ACCORD_TUI_UPDATE=1 rewrites the expected
# screens instead.
. "$(dirname "$0")/strict.sh"
: "${ACCORD:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
export TERM=xterm ACCORD_DATE=1795000000
unset ACCORD_AS ACCORD_KEY VISUAL NO_COLOR ACCORD_TUI_SCRIPT ACCORD_TUI_DUMP ACCORD_TUI_SIZE
mkdir -p "$HOME"
export EDITOR="$root/tests/tui/fake-editor.sh"

if ! "$ACCORD" help tui >/dev/null 2>&1; then
	echo "accord has no 'tui' command: the command line does not call acc_tui_main yet"
	exit 1
fi
timeout 120 "$ACCORD" demo "$tmp/demo" >/dev/null

fail=0
n=0
for keys in "$root"/tests/tui/*.keys; do
	name=$(basename "$keys" .keys)
	expect="$root/tests/tui/$name.screen"
	start=$(sed -n 's/^# start: //p' "$keys")
	as=$(sed -n 's/^# as: //p' "$keys")
	size=$(sed -n 's/^# size: //p' "$keys")
	color=$(sed -n 's/^# color: //p' "$keys")
	mask=$(sed -n 's/^# mask: //p' "$keys")
	rm -rf "$tmp/conv"
	cp -R "$tmp/demo" "$tmp/conv"
	{
		cat "$keys"
		echo "@dump $tmp/screen"
	} >"$tmp/script"
	rm -f "$tmp/screen"
	set +e
	if [ "$color" = yes ]; then nc=; else nc=1; fi
	NO_COLOR=$nc ACCORD_TUI_SIZE=${size:-80x24} ACCORD_TUI_SCRIPT="$tmp/script" \
		timeout 30 "$ACCORD" -C "$tmp/conv" --as "${as:-ingrid.halvorsen@mfa.norland.example}" \
		tui ${start:+"$start"} >"$tmp/out" 2>&1
	rc=$?
	set -e
	n=$((n + 1))
	if [ $rc != 0 ] || [ ! -f "$tmp/screen" ]; then
		echo "FAIL $name: exit status $rc"
		cat "$tmp/out"
		fail=1
		continue
	fi
	sed -E 's/[0-9a-f]{10,40}/<id>/g' "$tmp/screen" >"$tmp/got"
	if [ -n "$mask" ]; then
		sed -E "s|$mask|<masked>|g" "$tmp/got" >"$tmp/masked"
		mv "$tmp/masked" "$tmp/got"
	fi
	if [ "${ACCORD_TUI_UPDATE:-}" = 1 ]; then
		cp "$tmp/got" "$expect"
		echo "updated $name"
	elif [ ! -f "$expect" ]; then
		echo "FAIL $name: no expected screen $expect (ACCORD_TUI_UPDATE=1 writes it)"
		fail=1
	elif ! diff -u "$expect" "$tmp/got"; then
		echo "FAIL $name: the screen differs (expected: -, got: +)"
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "no key scripts found"; exit 1; }
echo "$n screens checked"
exit $fail
