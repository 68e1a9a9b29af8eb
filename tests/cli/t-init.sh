#!/bin/sh
# accord init: a convention from the bundled proposal is a clean git
# repository; the clause list matches the toc; a malformed proposal gives
# exit 1 naming file and line, and leaves no repository behind.
. "$(dirname "$0")/lib.sh"

C="$T/conv"
expect_status 0 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
git -C "$C" fsck --strict >"$T/fsck" 2>&1 || { cat "$T/fsck"; fail "git fsck --strict"; }
[ ! -s "$T/fsck" ] || { cat "$T/fsck"; fail "git fsck printed something"; }
assert_eq "$(git -C "$C" rev-list --count main)" 1 "commits after init"
git -C "$C" log -1 --format=%B | grepq '^Accord-Action: init$' || fail "init trailer"

# clauses --json: every clause in toc order, with number, id and heading
acc "$C" clauses --json >"$T/clauses.json"
grep -v '^ *$' "$PROPOSAL/toc" | sed 's/^ *//' >"$T/toc-ids"
python3 - "$T/clauses.json" "$T/toc-ids" "$PROPOSAL" <<'PY'
import json, sys, os
clauses = json.load(open(sys.argv[1]))
ids = open(sys.argv[2]).read().split()
assert [c["id"] for c in clauses] == ids, "order differs from toc"
article = 0
for c in clauses:
    head = open(os.path.join(sys.argv[3], "clauses", c["id"]), encoding="utf-8").readline()
    assert head == "Heading: " + c["heading"] + "\n", (c["id"], head)
    if c["annex"]:  # annexes are numbered apart: Annex I, II, ...
        assert c["number"][0] in "IVX" and c["depth"] == 0, c["number"]
    elif not c["part"]:
        article += 1
        assert c["number"] == str(article), (c["id"], c["number"])
    else:
        assert c["number"][0] in "IVX", c["number"]
PY

# what git shows is what accord shows
acc "$C" show purpose --json | json_get '["text"]' >"$T/accord-text"
git -C "$C" show main:clauses/purpose | sed '1,/^$/d' >"$T/git-text"
printf '\n' >>"$T/git-text"
cmp "$T/accord-text" "$T/git-text" || fail "show differs from git show"

# a second init on the same folder is refused, the repository untouched
before=$(head_of "$C")
expect_status 1 "$ACCORD" init "$C" --from "$PROPOSAL" --demo-keys
assert_contains "$T/err" "already a repository"
assert_eq "$(head_of "$C")" "$before" "branch after refused init"

# malformed proposals: exit 1, file and line named, nothing created
bad() { # name: copy the proposal to $T/bad-name, then the caller edits it
	rm -rf "$T/bad-$1"
	cp -r "$PROPOSAL" "$T/bad-$1"
}
check_bad() { # name expected-message
	expect_status 1 "$ACCORD" init "$T/repo-$1" --from "$T/bad-$1"
	assert_contains "$T/err" "$2"
	[ ! -e "$T/repo-$1" ] || fail "$1: a repository was left behind"
}

bad heading
printf 'Heading: Purpose\nHeading: Twice\n\nText.\n' >"$T/bad-heading/clauses/purpose"
check_bad heading "clauses/purpose:2: duplicate key 'Heading'"

bad utf8
printf 'Heading: Purpose\n\nBad \377 byte.\n' >"$T/bad-utf8/clauses/purpose"
check_bad utf8 "clauses/purpose:3"

bad toc
printf '\npart-general\n   purpose\n' >"$T/bad-toc/toc"
check_bad toc "toc:3"

bad missing
rm "$T/bad-missing/clauses/scope"
check_bad missing "scope"

bad unlisted
printf 'Heading: Extra\n\nNot in the toc.\n' >"$T/bad-unlisted/clauses/extra"
check_bad unlisted "clauses/extra: clause not listed in toc"

bad role
sed -i 's/^Role: member$/Role: emperor/' "$T/bad-role/orgs/norland"
check_bad role "orgs/norland:3: unknown role 'emperor'"

bad id
cp "$T/bad-id/clauses/purpose" "$T/bad-id/clauses/Purpose"
check_bad id "clauses/Purpose"

bad nul
printf 'Heading: Purpose\n\nA NUL \000 byte.\n' >"$T/bad-nul/clauses/purpose"
check_bad nul "clauses/purpose:3"

bad email
sed -i 's/<tomas.berg@mfa.norland.example>/<ingrid.halvorsen@mfa.norland.example>/' \
	"$T/bad-email/orgs/norland"
check_bad email "already registered"

# an existing non-empty folder is never used
mkdir -p "$T/full" && echo keep >"$T/full/file"
expect_status 1 "$ACCORD" init "$T/full" --from "$PROPOSAL" --demo-keys
assert_eq "$(cat "$T/full/file")" keep "existing file"

# usage errors exit 2
expect_status 2 "$ACCORD" init
expect_status 2 "$ACCORD" init "$T/x"
expect_status 2 "$ACCORD" frobnicate
expect_status 0 "$ACCORD" --help
expect_status 0 "$ACCORD" init --help
expect_status 0 "$ACCORD" --version
