#!/bin/sh
# Rewrites the key lists of the man page (accord tui --keys=roff) and of
# the README (accord tui --keys) from the key table, after a change of
# src/tui/keys.h; t-docs checks that they agree.  Usage: keydocs.sh ACCORD
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
accord=${1:-$root/accord}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$accord" tui --keys=roff >"$tmp/roff"
"$accord" tui --keys >"$tmp/text"
python3 - "$root" "$tmp" <<'PY'
import re, sys
root, tmp = sys.argv[1:]
roff = open(tmp + "/roff").read()
text = open(tmp + "/text").read()
p = root + "/src/accord.1"
s = open(p).read()
s = re.sub(r'(^\.\\" BEGIN KEYS[^\n]*\n).*?(^\.\\" END KEYS)', lambda m: m.group(1) + roff + m.group(2), s, flags=re.M | re.S)
open(p, "w").write(s)
p = root + "/README.md"
s = open(p).read()
s = re.sub(r'(^<!-- BEGIN KEYS[^\n]*\n```text\n).*?(^```\n<!-- END KEYS)', lambda m: m.group(1) + text + m.group(2), s, flags=re.M | re.S)
open(p, "w").write(s)
PY
