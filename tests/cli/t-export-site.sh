#!/bin/sh
# accord export --format site DIR (issue 18): the public static site.
#
#  - what it holds: per-clause pages, amendments with their word diff,
#    roll-calls (recorded vs signed, contested, explanations), the log, the
#    audit page and the allowed signers; the same revision gives the same
#    bytes; an edition in Arabic is right to left;
#  - the audit page's own instructions, run on a clone: they pass;
#  - refusals: a non-empty folder that is not a site, a file, bad usage;
#    an export killed at any point before the exchange leaves the old site;
#  - the Nu Html Checker (vnu-jar, Debian's Java) on every page of the
#    site and on --format html; axe-core in Debian's chromium (through
#    playwright-core, no browser downloaded) on the index and clause,
#    amendment, log and audit pages; the same chromium opens the site from
#    file:// and follows every internal link; the Tab key reaches the skip
#    link with a visible outline; screenshots of the front page and a
#    clause page (SITE_SHOTS=DIR keeps them, to look at).
# Each checker is first shown a page it must reject, so a checker that
# checks nothing fails the test.
#
# The npm packages (tests/package.json, package-lock.json) are installed
# into build/npm with `npm ci --ignore-scripts` when the lock changed.
. "$(dirname "$0")/lib.sh"

# ---- the tools ----------------------------------------------------------------
CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || fail "chromium is missing (Debian package chromium; make deps installs it)"
for c in java node npm; do
	command -v $c >/dev/null 2>&1 || fail "$c is missing (make deps installs it)"
done
NPM_DIR="$ROOT/build/npm"
mkdir -p "$NPM_DIR"
# npm_install: npm ci into build/npm when its lock differs from tests/'s.
npm_install() {
	if ! cmp -s "$ROOT/tests/package-lock.json" "$NPM_DIR/package-lock.json" ||
		[ ! -f "$NPM_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
		cp "$ROOT/tests/package.json" "$ROOT/tests/package-lock.json" "$NPM_DIR/"
		(cd "$NPM_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 ||
			fail "npm ci in $NPM_DIR failed"
	fi
}
exec 9>"$NPM_DIR.lock"
flock 9
npm_install
flock -u 9
VNU_JAR="$NPM_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
export NODE_PATH="$NPM_DIR/node_modules" CHROMIUM
BROWSER="$ROOT/tests/site/browser.js"

# vnu [--lang-guess] FILE...: the Nu Html Checker finds no error and no
# warning.  Not counted: the note that a trailing slash on a void element
# has no effect (the pages are XHTML-compatible on purpose: libxml2 writes
# them, and XML tools read them), and with --lang-guess its guess that a
# page is in English: the demo's Arabic edition has two clauses of 45
# translated, and its pages say in which language each part is.
vnu() {
	filter='.*Trailing slash on void elements.*'
	if [ "$1" = --lang-guess ]; then
		filter='.*(Trailing slash on void elements|This document appears to be written in English).*'
		shift
	fi
	java -jar "$VNU_JAR" --Werror --also-check-css --filterpattern "$filter" "$@" >"$T/vnu" 2>&1 || {
		grep -v ': info: ' "$T/vnu" | head -n 30 >&2
		fail "the Nu Html Checker rejects $*"
	}
}
# browser ARGS...: tests/site/browser.js in chromium.
browser() {
	node "$BROWSER" "$@" >"$T/browser" 2>&1 || {
		cat "$T/browser" >&2
		fail "browser.js $1 found problems"
	}
}

# the checkers can fail: a page with a bad element, an image without text
# and a broken link
mkdir -p "$T/bad"
cat >"$T/bad/index.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bad</title></head>
<body><a class="skip" href="#main">skip</a><header></header><nav></nav>
<main id="main"><h1>bad</h1><img src="x.png"><p><div>no</div></p>
<a href="missing.html">broken</a></main><footer></footer></body></html>
HTML
! java -jar "$VNU_JAR" --Werror --filterpattern '.*Trailing slash on void elements.*' \
	"$T/bad/index.html" >"$T/vnu" 2>&1 || fail "vnu accepts anything"
assert_contains "$T/vnu" "error: No “p” element in scope"
! node "$BROWSER" axe "$T/bad/index.html" >"$T/browser" 2>&1 || fail "axe accepts anything"
assert_contains "$T/browser" "image-alt"
! node "$BROWSER" crawl "$T/bad" >"$T/browser" 2>&1 || fail "the crawl accepts anything"
assert_contains "$T/browser" "broken link missing.html"

# ---- the demo's site ----------------------------------------------------------
D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
HEAD=$(head_of "$D")
S="$T/site"
expect_status 0 "$ACCORD" -C "$D" export --format site "$S"
assert_contains "$T/out" "exported ${HEAD%"${HEAD#????????????}"} as a site of"
assert_contains "$T/out" "files to $S"
for f in index.html style.css log.html audit.html adoption.html amendments.html allowed_signers \
	accord-site.txt clause-purpose.html clause-part-general.html amendment-norland-1.html; do
	[ -f "$S/$f" ] || fail "the site has no $f"
done
[ "$(sed -n 1p "$S/accord-site.txt")" = "accord site" ] || fail "no mark"
assert_contains "$S/accord-site.txt" "commit $HEAD"
# every file the mark lists is there, and nothing else
sed -n 's/^file //p' "$S/accord-site.txt" | sort >"$T/listed"
(cd "$S" && ls | grep -vx accord-site.txt | sort) >"$T/present"
cmp -s "$T/listed" "$T/present" || fail "the mark lists other files than the site holds"
# no script anywhere, nothing from outside
! grep -Eil '<script|<iframe|<object|<embed|src="[a-z]+:|href="[a-z]+:' "$S"/*.html || fail "a page is not plain HTML"
assert_contains "$S/index.html" '<html lang="en">'
assert_contains "$S/index.html" '<title>Text - Digital Geneva Convention</title>'
assert_contains "$S/index.html" '<a href="clause-purpose.html">Article 1. Purpose</a>'
assert_contains "$S/index.html" 'Draft text, not adopted'
assert_contains "$S/clause-purpose.html" '<span class="num">Article 1</span>'
assert_contains "$S/clause-no-targeting-critical-infrastructure.html" 'href="amendment-norland-1.html"'
assert_contains "$S/amendment-norland-1.html" '<del>without undue delay</del>'
assert_contains "$S/amendment-norland-1.html" '<ins>within 72 hours</ins>'
assert_contains "$S/amendment-norland-1.html" 'Inserted words are shown'
assert_contains "$S/amendment-norland-1.html" '<caption>Roll-call on amendment norland-1</caption>'
assert_contains "$S/amendment-norland-1.html" '<td>signed by the delegation</td>'
assert_contains "$S/amendment-norland-1.html" '6 yes, 1 no, 1 abstain, 3 absent (of 11 members)'
assert_contains "$S/style.css" "ins::before{content:'{+'}"
# every page names its commit
for f in "$S"/*.html; do
	assert_contains "$f" "made by accord from commit <code>$HEAD</code>"
done
# the log: every commit, with its author and action
git -C "$D" log --format=%H main >"$T/commits"
while read -r c; do grep -q "id=\"c-$c\"" "$S"/log*.html || fail "the log has no commit $c"; done <"$T/commits"
assert_contains "$S/log.html" "<td>Helena Marchetti &lt;$CHAIR&gt;</td>"
assert_contains "$S/log.html" "<td>close</td>"
# the allowed signers are accord's own file
acc "$D" allowed-signers >"$T/signers"
cmp -s "$T/signers" "$S/allowed_signers" || fail "allowed_signers differs from accord allowed-signers"
# the same revision gives the same bytes
acc "$D" export --format site "$T/again" >/dev/null
diff -r "$S" "$T/again" >&2 || fail "the site is not deterministic"

# ---- the audit page's instructions, run on a clone -----------------------------
git clone -q --bare "$D" "$T/convention"
assert_contains "$S/audit.html" "git -C convention cat-file -t $HEAD"
assert_eq "$(git -C "$T/convention" cat-file -t "$HEAD")" commit "the commit is in the clone"
assert_contains "$S/audit.html" "accord -C convention verify --at $HEAD; echo \$?"
expect_status 0 "$ACCORD" -C "$T/convention" verify --at "$HEAD"
assert_contains "$S/audit.html" "sh tests/verify/independent.sh convention main"
expect_status 0 sh "$ROOT/tests/verify/independent.sh" "$T/convention" main
expect_status 0 git -C "$T/convention" -c gpg.ssh.allowedSignersFile="$S/allowed_signers" \
	verify-commit "$HEAD"
text_id=$(git -C "$T/convention" ls-tree "$HEAD" convention toc clauses | git -C "$T/convention" mktree)
assert_contains "$S/audit.html" "<dt>Text id</dt><dd><code>$text_id</code></dd>"
root=$(git -C "$T/convention" rev-list --max-parents=0 main)
assert_contains "$S/audit.html" "accord clone --expect-root $root --expect-key SHA256:"
acc "$T/convention" export --format site --at "$HEAD" "$T/copy" >/dev/null
diff -r "$S" "$T/copy" >&2 || fail "a clone rebuilds other pages"

# ---- a folder is replaced only when it is a site ------------------------------
mkdir "$T/mine"
echo "my notes" >"$T/mine/notes.txt"
expect_status 3 "$ACCORD" -C "$D" export --format site "$T/mine"
assert_contains "$T/err" "refusing to write a site into $T/mine: the folder is not empty"
[ "$(wc -l <"$T/err")" = 1 ] || fail "the refusal is one line"
[ "$(ls "$T/mine")" = notes.txt ] || fail "the refused folder was changed"
echo x >"$T/file"
expect_status 3 "$ACCORD" -C "$D" export --format site "$T/file"
assert_contains "$T/err" "not a folder"
mkdir "$T/empty"
expect_status 0 "$ACCORD" -C "$D" export --format site "$T/empty/"
diff -r "$S" "$T/empty" >&2 || fail "an empty folder receives the site"
expect_status 2 "$ACCORD" -C "$D" export --format site
expect_status 2 "$ACCORD" -C "$D" export --format site "$T/x" -o "$T/y"
expect_status 2 "$ACCORD" -C "$D" export --format html "$T/x"
# an earlier site is replaced whole: a page no longer made goes
touch "$S/clause-gone.html"
expect_status 0 "$ACCORD" -C "$D" export --format site "$S"
[ ! -e "$S/clause-gone.html" ] || fail "a page of the old site stayed"
! ls -A "$T" | grep -q 'accord-tmp' || fail "a hidden folder was left"

# ---- killed while writing: the old site stays, the next export tidies up -------
# A run traced once says where the site's own system calls fall (after the
# hidden folder is made); the export is then killed (strace injects SIGKILL
# before the call runs) at the folder's creation, a file's creation, a
# write, a sync, and the exchange itself.
if [ -z "${ACCORD_SANITIZED:-}" ] && command -v strace >/dev/null 2>&1; then
	acc "$D" --as "$NORLAND" comment purpose -m "A comment moves the tip." >/dev/null
	calls=mkdir,openat,write,fsync,renameat2
	cp -r "$S" "$T/scratch" # an earlier site: the export exchanges the folders
	strace -f -qq -o "$T/trace" -e trace=$calls "$ACCORD" -C "$D" export --format site "$T/scratch" >/dev/null
	# nth NAME K: the ordinal of the Kth NAME call after the hidden folder's mkdir
	nth() {
		awk -v name="$1" -v k="$2" '
			$0 ~ "(^|[ \t])" name "\\(" { n++ }
			!on && /mkdir\(".*\/\.scratch\.accord-tmp-/ { on = 1; m = 0 }
			on && $0 ~ "(^|[ \t])" name "\\(" { if (++m == k) { print n; exit } }' "$T/trace"
	}
	points="mkdir:$(nth mkdir 1) openat:$(nth openat 5) write:$(nth write 30) fsync:$(nth fsync 40) renameat2:$(nth renameat2 1)"
	cp -r "$S" "$T/before"
	for p in $points; do
		sys=${p%%:*} when=${p#*:}
		[ -n "$when" ] || fail "the traced export made no $sys call for the site ($points)"
		set +e
		(
			strace -f -qq -o /dev/null -e trace="$sys" -e inject="$sys:signal=SIGKILL:when=$when" \
				"$ACCORD" -C "$D" export --format site "$S" >/dev/null 2>&1
			exit $?
		) 2>/dev/null
		st=$?
		set -e
		[ "$st" != 0 ] || fail "the export was not killed at $p"
		diff -r "$T/before" "$S" >/dev/null || fail "killed at $p: the site changed"
	done
	ls -A "$T" | grepq '^\.site\.accord-tmp-' || fail "no killed export left a hidden folder"
	expect_status 0 "$ACCORD" -C "$D" export --format site "$S"
	! ls -A "$T" | grep -q 'accord-tmp' || fail "the next export did not remove the hidden folders"
	! diff -r "$T/before" "$S" >/dev/null || fail "the new site did not replace the old"
	acc "$D" export --format site --at "$HEAD" "$S" >/dev/null
	diff -r "$T/before" "$S" >&2 || fail "the site of HEAD is not what it was"
	rm -rf "$T/before" "$T/scratch"
fi

# ---- a recorded roll-call: recorded vs signed, contested, explanations ---------
C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
printf 'Vendors shall remedy reported vulnerabilities within ninety days.\n' >"$T/new.txt"
id=$(acc "$C" --as "$NORLAND" propose vulnerability-disclosure --replace --text-file "$T/new.txt")
acc "$C" --as "$CHAIR" open "$id" >/dev/null
acc "$C" --as "$KESTRIA" explain "$id" -m "Kestria supports a firm deadline." >/dev/null
acc "$C" --as "$NORLAND" vote "$id" no >/dev/null
cat >"$T/roll" <<'ROLL'
astoria yes
bluefjord-telecom yes
halcyon-systems no
kestria yes
meridian-cloud abstain
norland yes
open-networks yes
safe-connectivity absent
san-teodoro no
tavira yes
valmora yes
ROLL
acc "$C" --as "$CHAIR" record "$id" --roll-call "$T/roll" >/dev/null 2>&1
acc "$C" --as "$TAVIRA" confirm "$id" >/dev/null
acc "$C" --as "$HALCYON" contest "$id" -m "Halcyon voted yes in the room." >/dev/null
R="$T/rsite"
acc "$C" export --format site "$R" >/dev/null
A="$R/amendment-$id.html"
assert_contains "$A" "The ballot is still open"
assert_contains "$A" "<td>recorded by the chair; confirmed</td>"
assert_contains "$A" "<td>recorded by the chair; contested: Halcyon voted yes in the room.</td>"
assert_contains "$A" "<td>signed by the delegation (the chair had recorded yes)</td>"
assert_contains "$A" "<h3>Explanations of vote</h3>"
assert_contains "$A" "<p dir=\"auto\">Kestria supports a firm deadline.</p>"
assert_contains "$R/log.html" "<td>record</td>"

# ---- an adopted text: the tag, signatures after it, the audit on a clone ------
RT="$T/rat"
cp -r "$D" "$RT"
acc "$RT" --as "$CHAIR" close meridian-cloud-1 >/dev/null
acc "$RT" --as "$CHAIR" open ratification >/dev/null
for who in "$NORLAND" "$ASTORIA" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$MERIDIAN" \
	"$HALCYON" "$OPENNET" "$SAFECON"; do
	acc "$RT" --as "$who" vote ratification yes >/dev/null
done
acc "$RT" --as "$BLUEFJ" explain ratification -m "Bluefjord abstains: no seat for industry." >/dev/null
acc "$RT" --as "$CHAIR" close ratification >/dev/null
acc "$RT" --as "$NORLAND" sign >/dev/null
acc "$RT" --as "$ASTORIA" sign >/dev/null
TAGC=$(git -C "$RT" rev-parse 'ratified-1^{commit}')
RTIP=$(head_of "$RT")
RS="$T/ratsite"
acc "$RT" export --format site "$RS" >"$T/out"
assert_contains "$T/out" "exported ratified-1"
assert_contains "$RS/index.html" "Adopted text (tag ratified-1)"
assert_contains "$RS/index.html" "made by accord from commit <code>$TAGC</code>"
assert_contains "$RS/index.html" "the record (log, signatures) runs to commit <code>$RTIP</code>"
assert_contains "$RS/adoption.html" "<caption>Roll-call on the whole text</caption>"
assert_contains "$RS/adoption.html" "<p dir=\"auto\">Bluefjord abstains: no seat for industry.</p>"
assert_contains "$RS/adoption.html" "<caption>Signatures</caption>"
assert_contains "$RS/adoption.html" "<h2>Status of the convention</h2>"
grep -q "id=\"c-$RTIP\"" "$RS/log.html" || fail "the log runs to the tip"
git clone -q --bare "$RT" "$T/ratclone"
expect_status 0 git -C "$T/ratclone" -c gpg.ssh.allowedSignersFile="$RS/allowed_signers" \
	verify-tag ratified-1
assert_contains "$RS/audit.html" "verify-tag ratified-1"
expect_status 0 "$ACCORD" -C "$T/ratclone" verify
acc "$T/ratclone" export --format site "$T/ratcopy" >/dev/null
diff -r "$RS" "$T/ratcopy" >&2 || fail "a clone at the same tip rebuilds other pages"
assert_contains "$RS/audit.html" "accord -C convention export --format site copy"

# ---- hostile text: markup in the record stays text ------------------------------
P="$T/hostile-proposal"
cp -R "$PROPOSAL" "$P"
{
	printf 'Heading: Purpose <b>bold</b> & "co" ]]>\n\n'
	printf '<script>alert("x")</script> & ]]> "double" <a href="javascript:alert(1)">x</a>\n'
} >"$P/clauses/purpose"
sed 's/^Name: .*/Name: Republic of <script>Norland<\/script> \& "Co", ]]>/' \
	"$PROPOSAL/orgs/norland" >"$P/orgs/norland"
H="$T/hostile"
expect_status 0 "$ACCORD" init "$H" --from "$P" --demo-keys
printf 'Replaced <script>alert(1)</script> & ]]> text.\n' >"$T/new"
nor=$(acc "$H" --as "$NORLAND" propose purpose --replace --text-file "$T/new" \
	--rationale '<script>alert("r")</script> & ]]> "why"')
acc "$H" --as "$CHAIR" open "$nor" >/dev/null
acc "$H" --as "$NORLAND" vote "$nor" yes >/dev/null
acc "$H" --as "$NORLAND" explain "$nor" -m '<img src=x onerror=alert(1)> we explain' >/dev/null
HS="$T/hsite"
acc "$H" export --format site "$HS" >/dev/null
! grep -il '<script\|<img\|<b>\|href="javascript' "$HS"/*.html || fail "markup from the record reached the site"
assert_contains "$HS/clause-purpose.html" '<h1><span class="num">Article 1</span> Purpose &lt;b&gt;bold&lt;/b&gt; &amp; '
assert_contains "$HS/amendment-$nor.html" '&lt;script&gt;alert('
grep -q '<ins>Replaced' "$HS/amendment-$nor.html" || fail "no insertion in the hostile amendment"
assert_contains "$HS/amendment-$nor.html" 'Republic of &lt;script&gt;Norland&lt;/script&gt; &amp; '
assert_contains "$HS/amendment-$nor.html" '&lt;img src=x onerror=alert(1)&gt; we explain'

# ---- an edition right to left -------------------------------------------------
AR="$T/arsite"
acc "$D" export --format site --at "$HEAD" --lang ar "$AR" >/dev/null
assert_contains "$AR/index.html" '<html lang="ar" dir="rtl">'
assert_contains "$AR/audit.html" "export --format site --at $HEAD --lang ar copy"

# ---- the Nu Html Checker: every page, and the single-file HTML ----------------
acc "$D" export --format html --at "$HEAD" >"$T/demo.html"
acc "$D" export --format html --at "$HEAD" --lang ar >"$T/ar.html"
acc "$D" export --format html --changes-since "$(git -C "$D" rev-list --max-parents=0 main)" >"$T/since.html"
vnu "$S"/*.html "$S/style.css" "$R"/*.html "$RS"/*.html "$HS"/*.html "$T/demo.html" "$T/since.html"
vnu --lang-guess "$AR"/*.html "$T/ar.html"

# ---- chromium: accessibility, links, focus, screenshots -----------------------
browser axe "$S/index.html" "$S/clause-purpose.html" "$S/clause-part-general.html" \
	"$S/amendment-norland-1.html" "$S/amendments.html" "$S/adoption.html" "$S/log.html" \
	"$S/audit.html" "$A" "$RS/adoption.html" "$RS/audit.html" "$AR/index.html" \
	"$AR/clause-purpose.html" "$AR/log.html"
browser crawl "$S"
assert_contains "$T/browser" "crawled $(ls "$S"/*.html | wc -l | tr -d ' ') pages"
browser crawl "$AR"
browser crawl "$HS"
browser focus "$S/clause-purpose.html"
SHOTS=${SITE_SHOTS:-$T/shots}
mkdir -p "$SHOTS"
browser shot "$S/index.html" "$SHOTS/front.png"
browser shot "$S/clause-no-targeting-critical-infrastructure.html" "$SHOTS/clause.png"
browser shot "$S/amendment-norland-1.html" "$SHOTS/amendment.png"
browser shot "$AR/clause-purpose.html" "$SHOTS/clause-ar.png"
for p in front clause amendment clause-ar; do
	[ "$(head -c 8 "$SHOTS/$p.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		fail "$p.png is no PNG"
	[ "$(wc -c <"$SHOTS/$p.png")" -gt 20000 ] || fail "$p.png is (nearly) blank"
done
echo "ok: site of $(ls "$S" | wc -l | tr -d ' ') files checked; screenshots in $SHOTS"
