#!/bin/sh
# The object memo of exports (<git dir>/accord/blobs, src/store/store_blobs.c):
# derived data, safe to delete.  An export writes the same bytes with no
# memo, with the memo the first export wrote, and with a memo that was
# tampered with (every entry's bytes changed, its id kept), cut short, made
# of garbage, or taken from another convention: an entry whose bytes do
# not hash to its id is never used, so an export never publishes bytes the
# repository does not hold.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
GITDIR=$(git -C "$D" rev-parse --absolute-git-dir)
MEMO="$GITDIR/accord/blobs"
FORMATS="akn csv html"

# export_all PREFIX: exports the demo in every format of $FORMATS to PREFIX.<fmt>.
export_all() {
	for f in $FORMATS; do
		acc "$D" export --format "$f" -o "$1.$f" >/dev/null
	done
}

# same PREFIX WHAT: every export at PREFIX is the one made without a memo.
same() {
	for f in $FORMATS; do
		cmp -s "$1.$f" "$T/none.$f" || fail "$2: the $f export differs"
	done
}

rm -f "$MEMO"
export_all "$T/none"
[ -s "$MEMO" ] || fail "an export keeps no object memo"
grep -q 'Roll-Call: ' "$MEMO" || fail "the memo holds no ballot"
size=$(wc -c <"$MEMO")

# from the memo: the same bytes, and nothing kept twice
export_all "$T/kept"
same "$T/kept" "from the memo"
assert_eq "$(wc -c <"$MEMO")" "$size" "memo size after an export that read it"

# tampered: every vote of every ballot turned, and every "the" of every text,
# each entry keeping its id and its length
cp "$MEMO" "$T/good"
LC_ALL=C sed -e 's/^\(Roll-Call: [a-z0-9-]*\) yes/\1 no /' -e 's/ the / THE /g' \
	"$T/good" >"$MEMO"
! cmp -s "$MEMO" "$T/good" || fail "the memo was not tampered with"
export_all "$T/forged"
same "$T/forged" "from a tampered memo"
! grep -q ' THE ' "$T/forged.akn" || fail "a tampered text was published"
# the entries found false are read from the repository and kept again
[ "$(wc -c <"$MEMO")" -gt "$size" ] || fail "the false entries were not kept again"
export_all "$T/forged2"
same "$T/forged2" "from a tampered memo kept again"

# cut short, garbage, another convention's, deleted
head -c "$((size / 2))" "$T/good" >"$MEMO"
export_all "$T/cut"
same "$T/cut" "from a memo cut short"
head -c 100000 /dev/urandom >"$MEMO"
export_all "$T/garbage"
same "$T/garbage" "from a memo of garbage"
O="$T/other"
expect_status 0 "$ACCORD" demo "$O"
acc "$O" export --format akn -o "$T/other.akn" >/dev/null
cp "$(git -C "$O" rev-parse --absolute-git-dir)/accord/blobs" "$MEMO"
export_all "$T/foreign"
same "$T/foreign" "from another convention's memo"
rm -f "$MEMO"
export_all "$T/deleted"
same "$T/deleted" "after the memo was deleted"
[ -s "$MEMO" ] || fail "the memo was not written again"

# an entry whose id is a real object's but whose bytes are another's
id=$(git -C "$D" rev-parse 'main:amendments/norland/1/ballot')
other=$(git -C "$D" rev-parse 'main:amendments/norland/1/amendment')
n=$(git -C "$D" cat-file -s "$other")
{
	printf '%s b %s\n' "$id" "$n"
	git -C "$D" cat-file blob "$other"
	printf '\n'
} >"$MEMO"
export_all "$T/swapped"
same "$T/swapped" "from a memo naming a ballot by an amendment's bytes"
exit 0
