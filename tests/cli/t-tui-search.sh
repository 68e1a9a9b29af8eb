#!/bin/sh
# Finding things in the interface (issue 16): a search matches the words
# its words begin ("cyberatt" finds "cyberattacks"), lists the hits in the
# order of the document (a clause, then its amendments, then the next
# clause), and f narrows them to clause texts, amendments or rationales;
# ":8.3" opens Article 8 with the cursor on its paragraph 3, ":ID" opens
# an amendment, and [ / ] go through the amendments of the clause.
. "$(dirname "$0")/tui-script-lib.sh"
ingrid=ingrid.halvorsen@mfa.norland.example
timeout 120 "$ACCORD" demo "$conv" >/dev/null
# an amendment of Article 1 whose text and rationale say new words
printf 'This Convention protects civilians from cyberattacks and their effects.\n' >"$tmp/text"
id=$("$ACCORD" -C "$conv" --as "$ingrid" propose purpose --replace --text-file "$tmp/text" \
	--rationale "Blackouts at hospitals kill patients.")

# prefix matching, the matched word highlighted in the snippet
ACCORD_TUI_SIZE=120x24 tui "$ingrid" '' '/cyberatt<Enter>'
said '"cyberatt" everywhere: 1 match'
said "Amendment $id tabled"
said "cyberattacks"

# document order: Article 1, its amendment, then Article 2...
tui "$ingrid" '' '/cyber<Enter>'
line() { grep -n -F -- "$1" "$tmp/screen" | head -n 1 | cut -d: -f1; }
a1=$(line "Article 1  Purpose")
am=$(line "Amendment $id")
a2=$(line "Article 2  Definitions")
[ -n "$a1" ] && [ -n "$am" ] && [ -n "$a2" ] || fail "a hit is missing"
[ "$a1" -lt "$am" ] && [ "$am" -lt "$a2" ] || fail "not in document order: $a1 $am $a2"

# the filter: the rationale's word is in no clause text nor amendment text
tui "$ingrid" '' '/blackout<Enter>'
said '"blackout" everywhere: 1 match'
tui "$ingrid" '' '/blackout<Enter>' f
said '"blackout" in clause texts: 0 matches'
tui "$ingrid" '' '/blackout<Enter>' f f
said '"blackout" in amendments: 0 matches'
tui "$ingrid" '' '/blackout<Enter>' f f f
said '"blackout" in rationales: 1 match'
said "Amendment $id"
tui "$ingrid" '' '/cyberatt<Enter>' f f
said '"cyberatt" in amendments: 1 match'
# Enter opens the hit, the cursor having skipped nothing but headings
tui "$ingrid" '' '/cyberatt<Enter>' '<Enter>'
said "[amendment] Amendment $id"

# going places by number or id
tui "$ingrid" '' ':8.3<Enter>'
said "[clause] Article 8 Reporting of vulnerabilities"
said "Article 8: paragraph 3 is in its text, at the cursor"
grep -F "[clause]" "$tmp/screen" | grepq " 13/28 " || fail "the cursor is not on paragraph 3"
tui "$ingrid" '' ":$id<Enter>"
said "[amendment] Amendment $id (tabled)"
tui "$ingrid" '' ':no-such-thing<Enter>'
grep -qF "[amendment]" "$tmp/screen" && fail ":no-such-thing opened something"

# [ and ]: through the amendments of Article 6, in an amendment's place
tui "$ingrid" '' ':norland-1<Enter>' ']'
said "amendment 4 of 4 to this clause: open-networks-1"
said "[amendment] Amendment open-networks-1"
tui "$ingrid" '' ':norland-1<Enter>' ']' q
said "[contents]"
tui "$ingrid" '' ':6<Enter>' ']' ']'
said "amendment 2 of 4 to this clause: astoria-1"
tui "$ingrid" '' ':norland-1<Enter>' '[' '[' '['
said "no previous amendment of this clause"
