# Shared helpers for the command-line scenario tests (bash, through strict.sh).
# Each test: `. "$(dirname "$0")/lib.sh"`, then uses $T (a fresh temporary
# folder, removed on exit), $ACCORD (the binary under test), $ROOT (the
# source tree) and the functions below.
. "$(dirname "$0")/strict.sh"
: "${ACCORD:?set ACCORD to the accord binary}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/accord-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
mkdir -p "$HOME"
unset ACCORD_AS VISUAL EDITOR || true
export ACCORD_DATE=1767225600 # 2026-01-01T00:00:00Z
export ACCORD_PROPOSALS="$ROOT/proposals"
PROPOSAL="$ROOT/proposals/digital-geneva-convention"

CHAIR=helena.marchetti@dgc-secretariat.example
NORLAND=ingrid.halvorsen@mfa.norland.example
NORLAND2=tomas.berg@mfa.norland.example
ASTORIA=daniel.whitcombe@state.astoria.example
VALMORA=ines.carvalho@exteriores.valmora.example
KESTRIA=aleksander.novak@foreign.kestria.example
TAVIRA=mariam.haddad@mofa.tavira.example
SANTEO=jose.rivas@cancilleria.santeodoro.example
MERIDIAN=rebecca.lindqvist@meridiancloud.example
HALCYON=kenji.morita@halcyon-systems.example
OPENNET=amira.nasser@opennetworks.example
SAFECON=chidi.okafor@safeconnectivity.example
BLUEFJ=sigrid.aune@bluefjord.example
OBSERVER=elodie.fournier@iht.example

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status N cmd...: runs cmd, fails unless it exits with N.
# Its output is kept in $T/out and $T/err.
expect_status() {
	want=$1
	shift
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "command: $*" >&2
		echo "stdout:" >&2
		cat "$T/out" >&2
		echo "stderr:" >&2
		cat "$T/err" >&2
		fail "expected exit status $want, got $got"
	fi
}

# acc DIR [--as EMAIL] ARGS...: runs accord in DIR.
acc() {
	d=$1
	shift
	"$ACCORD" -C "$d" "$@"
}

# assert_eq A B WHAT
assert_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# assert_contains FILE TEXT
assert_contains() {
	grep -qF -- "$2" "$1" || {
		cat "$1" >&2
		fail "$1 does not contain '$2'"
	}
}

# head_of DIR: the commit at the tip of the convention branch.
head_of() {
	git -C "$1" rev-parse refs/heads/main
}

# json_get: reads JSON on stdin and prints the value at a path given as
# python-style subscripts, e.g. json_get '["yes"]'.
json_get() {
	python3 -c 'import json,sys; v=json.load(sys.stdin); print(eval("v"+sys.argv[1]))' "$1"
}

# json_eval EXPR: reads JSON on stdin as v and prints the Python EXPR.
json_eval() {
	python3 -c 'import json,sys; v=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# msg_of COMMIT FILE: the exact message of COMMIT (in the copy $F) into FILE
msg_of() {
	git -C "$F" cat-file commit "$1" | sed '1,/^$/d' >"$2"
}

# tree_with BASE MODE,OBJECT,PATH...: the tree of BASE (a commit or tree of
# the copy $F) with those entries set (git update-index --cacheinfo);
# prints its id
tree_with() {
	rm -f "$T/idx"
	GIT_INDEX_FILE="$T/idx" git -C "$F" read-tree "$1"
	shift
	for e in "$@"; do
		GIT_INDEX_FILE="$T/idx" git -C "$F" update-index --add --cacheinfo "$e"
	done
	GIT_INDEX_FILE="$T/idx" git -C "$F" write-tree
}

# forge COPY KEY-EMAIL AUTHOR-EMAIL SUBJECT TRAILERS PATH=FILE...: commits
# on the branch of COPY with git alone, signed by KEY-EMAIL's demo key
# ("-" for unsigned, or a key file path), authored by AUTHOR-EMAIL under
# the name the registry gives them; prints the new commit id.
forge() {
	copy=$1 keyemail=$2 author=$3 subject=$4 trailers=$5
	shift 5
	idx="$T/index.$$"
	rm -f "$idx"
	GIT_INDEX_FILE="$idx" git -C "$copy" read-tree main
	for pf in "$@"; do
		p=${pf%%=*}
		f=${pf#*=}
		if [ "$f" = "-" ]; then
			GIT_INDEX_FILE="$idx" git -C "$copy" update-index --force-remove "$p"
		else
			b=$(git -C "$copy" hash-object -w "$f")
			GIT_INDEX_FILE="$idx" git -C "$copy" update-index --add --cacheinfo "100644,$b,$p"
		fi
	done
	tree=$(GIT_INDEX_FILE="$idx" git -C "$copy" write-tree)
	msg=$(printf '%s\n\n%s\n' "$subject" "$trailers")
	case $keyemail in
	-) sign="" ;;
	/*) sign="-S" key=$keyemail ;;
	*) sign="-S" key="$copy/accord/keys/$keyemail" ;;
	esac
	# the name accord writes for the author (the registry's), so that a
	# forgery breaks only the rule it is made for
	name=$(git -C "$copy" grep -h "<$author>" main -- orgs 2>/dev/null | sed -n '1s/^Delegate: \(.*\) <.*/\1/p' || true)
	name=${name:-Forger}
	new=$(GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$author GIT_COMMITTER_NAME=$name \
		GIT_COMMITTER_EMAIL=$author git -C "$copy" -c gpg.format=ssh \
		-c user.signingkey="${key:-none}" commit-tree $sign -p main -m "$msg" "$tree")
	git -C "$copy" update-ref refs/heads/main "$new"
	echo "$new"
}
