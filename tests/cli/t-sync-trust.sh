#!/bin/sh
# accord sync never spreads nor hides a problem (issue 15): a local commit
# that fails verify is reported and never pushed; a closing whose count
# would change is dropped, and ratified-N tags follow their closing; a
# rolled-back remote is reported and `sync --publish-local --yes` restores
# it; remote text reaches the terminal only through the sanitiser; an
# unreachable remote is retried with backoff, a few seconds in all.
. "$(dirname "$0")/lib.sh"

D="$T/demo"
expect_status 0 "$ACCORD" demo "$D"
git clone -q --bare "$D" "$T/server.git"

clone() { # name: a delegation's clone, holding the demo keys
	expect_status 0 "$ACCORD" clone "$T/server.git" "$T/$1"
	mkdir -p "$T/$1/accord"
	cp -r "$D/accord/keys" "$T/$1/accord/"
}
clone north
clone tech
clone chair

subjects() { # DIR: the subjects of the convention branch
	git -C "$1" log --format=%s main
}
no_control_bytes() { # FILE...: no ESC, BEL, CSI or bidi override
	for f in "$@"; do
		if LC_ALL=C grep -q "$(printf '[\033\007\233]')" "$f" ||
			grep -q "$(printf '\342\200\256')" "$f"; then
			od -c "$f" | head -20 >&2
			fail "raw control bytes in $f"
		fi
	done
}

# ---- 1. a local commit that fails verify is never pushed ----------------
git -C "$T/north" show main:convention >"$T/conv"
printf 'Title: A forged title\n' >>"$T/conv"
acc "$T/north" --as "$NORLAND" vote meridian-cloud-1 yes >/dev/null
# made with plain git, unsigned
forge "$T/north" - "$CHAIR" "Retitle the convention" "" convention="$T/conv" >/dev/null
# forged: signed with kestria's key, claims a vote, writes something else
forged=$(forge "$T/north" "$KESTRIA" "$KESTRIA" "Vote yes on meridian-cloud-1 (kestria)" \
	"$(printf 'Accord-Action: vote\nAccord-Org: kestria\nAccord-Ballot: meridian-cloud-1\nAccord-Vote: yes\nAccord-Amendment: meridian-cloud-1\nAccord-Clause: vulnerability-disclosure')" \
	convention="$T/conv")
acc "$T/north" --as "$TAVIRA" vote meridian-cloud-1 yes >/dev/null
old_north=$(head_of "$T/north")
# meanwhile tech shares a vote, so north's actions are replayed
acc "$T/tech" --as "$HALCYON" vote meridian-cloud-1 no >/dev/null
expect_status 0 "$ACCORD" -C "$T/tech" sync
expect_status 0 "$ACCORD" -C "$T/north" sync
assert_contains "$T/out" "not sent, fails verify: Retitle the convention"
assert_contains "$T/out" "not sent, fails verify: Vote yes on meridian-cloud-1 (kestria)"
assert_contains "$T/out" "2 unverified kept back"
assert_contains "$T/out" "refs/accord/unverified/origin"
subjects "$T/server.git" >"$T/log"
grep -q "Retitle" "$T/log" && fail "an unverified commit reached the remote"
grep -q "Vote yes on meridian-cloud-1 (kestria)" "$T/log" && fail "a forged commit was laundered"
git -C "$T/server.git" cat-file -e "$forged" 2>/dev/null && fail "the forged commit was sent"
assert_eq "$(head_of "$T/north")" "$(head_of "$T/server.git")" "north after keeping back"
assert_eq "$(git -C "$T/north" rev-parse refs/accord/unverified/origin)" "$old_north" \
	"the history before the sync is kept"
assert_eq "$(git -C "$T/north" rev-parse refs/accord/verified/origin)" "$(head_of "$T/server.git")" \
	"the verified ref"
expect_status 0 "$ACCORD" -C "$T/server.git" verify
# the good actions on either side of the bad ones were carried on
grepq "Vote yes on meridian-cloud-1 (norland)" "$T/log" || fail "norland's vote"
grepq "Vote yes on meridian-cloud-1 (tavira)" "$T/log" || fail "tavira's vote"

# fast-forward case: only a plain git commit on top, nothing to push
forge "$T/north" - "$CHAIR" "Another plain commit" "" convention="$T/conv" >/dev/null
before=$(head_of "$T/server.git")
expect_status 0 "$ACCORD" -C "$T/north" sync --json
assert_eq "$(json_eval 'v["unverified"][0].split(":")[0]' <"$T/out")" "Another plain commit" \
	"unverified in --json"
assert_eq "$(json_get '["pushed"]' <"$T/out")" 0 "nothing pushed"
assert_eq "$(head_of "$T/server.git")" "$before" "the remote after a bad local commit"
assert_eq "$(head_of "$T/north")" "$before" "north is back on the verified line"

# ---- 2. a closing is never re-counted silently --------------------------
for who in tech chair; do expect_status 0 "$ACCORD" -C "$T/$who" sync; done
# the chair closes offline while norland's changed vote arrives meanwhile
acc "$T/chair" --as "$CHAIR" close meridian-cloud-1 >/dev/null
acc "$T/north" --as "$NORLAND" vote meridian-cloud-1 no >/dev/null
expect_status 0 "$ACCORD" -C "$T/north" sync
expect_status 0 "$ACCORD" -C "$T/chair" sync
assert_contains "$T/out" "dropped: "
assert_contains "$T/out" "outcome would change"
assert_contains "$T/out" "close the ballot again"
assert_eq "$(head_of "$T/chair")" "$(head_of "$T/server.git")" "chair after the dropped closing"
acc "$T/chair" status | grepq "open ballots: 1" || fail "the ballot stays open"
# closing again counts what is there; an unrelated action meanwhile does
# not change its count, so that closing is replayed as it was
acc "$T/chair" --as "$CHAIR" close meridian-cloud-1 >/dev/null
acc "$T/tech" --as "$HALCYON" propose health-care --delete >/dev/null
expect_status 0 "$ACCORD" -C "$T/tech" sync
expect_status 0 "$ACCORD" -C "$T/chair" sync --json
assert_eq "$(json_get '["replayed"]' <"$T/out")" 1 "the closing replayed"
assert_eq "$(json_eval 'len(v["dropped"])' <"$T/out")" 0 "nothing dropped"
acc "$T/chair" status | grepq "open ballots: 0" || fail "the ballot closed"
expect_status 0 "$ACCORD" -C "$T/server.git" verify

# ---- 3. a ratified-N tag never points off the branch --------------------
on_branch_tags() { # DIR: every ratified-N tag points at a commit on main
	for t in $(git -C "$1" tag -l 'ratified-*'); do
		git -C "$1" merge-base --is-ancestor "$t^{commit}" main ||
			fail "$t points off the branch in $1"
	done
}
for who in north tech chair; do expect_status 0 "$ACCORD" -C "$T/$who" sync; done
acc "$T/chair" --as "$CHAIR" open ratification --rule simple --quorum 1/2 >/dev/null
for who in "$NORLAND" "$VALMORA" "$KESTRIA" "$TAVIRA" "$SANTEO" "$ASTORIA"; do
	acc "$T/chair" --as "$who" vote ratification yes >/dev/null
done
expect_status 0 "$ACCORD" -C "$T/chair" sync
expect_status 0 "$ACCORD" -C "$T/north" sync
# dropped: meridian's vote arrives while the chair closes offline (still
# adopted, but on other counts)
acc "$T/chair" --as "$CHAIR" close ratification >/dev/null
git -C "$T/chair" rev-parse -q --verify ratified-1 >/dev/null || fail "the closing tags"
acc "$T/north" --as "$MERIDIAN" vote ratification no >/dev/null
expect_status 0 "$ACCORD" -C "$T/north" sync
expect_status 0 "$ACCORD" -C "$T/chair" sync
assert_contains "$T/out" "outcome would change"
git -C "$T/chair" rev-parse -q --verify ratified-1 >/dev/null && fail "the tag outlived its closing"
on_branch_tags "$T/chair"
# replayed: a proposal arrives meanwhile (the count stays the same), so
# the closing is replayed and its tag moves with it
acc "$T/chair" --as "$CHAIR" close ratification >/dev/null
acc "$T/north" --as "$TAVIRA" propose reservations --delete >/dev/null
expect_status 0 "$ACCORD" -C "$T/north" sync
expect_status 0 "$ACCORD" -C "$T/chair" sync
assert_contains "$T/out" "1 replayed"
on_branch_tags "$T/chair"
assert_eq "$(git -C "$T/chair" rev-parse 'ratified-1^{commit}')" "$(head_of "$T/server.git")" \
	"the tag on the shared closing"
git -C "$T/chair" cat-file -p ratified-1 | grepq "adopted under the simple rule" || fail "tag message"

# ---- 4. a rolled-back remote is reported, and restored on request -------
for who in north tech chair; do expect_status 0 "$ACCORD" -C "$T/$who" sync; done
good=$(head_of "$T/server.git")
git -C "$T/server.git" update-ref refs/heads/main "$(git -C "$T/server.git" rev-parse main~3)"
expect_status 4 "$ACCORD" -C "$T/tech" sync
assert_eq "$(wc -l <"$T/err")" 1 "a one-line report"
assert_contains "$T/err" "rolled back"
assert_contains "$T/err" "accord sync --publish-local"
assert_eq "$(head_of "$T/tech")" "$good" "tech after the refusal"
# no confirmation, no terminal: refused, nothing pushed
expect_status 2 "$ACCORD" -C "$T/tech" sync --publish-local </dev/null
assert_contains "$T/err" "--yes"
assert_eq "$(git -C "$T/server.git" rev-parse main)" "$(git -C "$T/tech" rev-parse main~3)" \
	"the remote without confirmation"
expect_status 0 "$ACCORD" -C "$T/tech" sync --publish-local --yes
assert_contains "$T/out" "published"
assert_eq "$(head_of "$T/server.git")" "$good" "the remote restored"
expect_status 0 "$ACCORD" -C "$T/server.git" verify
acc "$T/north" --as "$NORLAND" sign >/dev/null
for who in north chair tech; do
	expect_status 0 "$ACCORD" -C "$T/$who" sync
	assert_eq "$(head_of "$T/$who")" "$(head_of "$T/server.git")" "$who syncs normally again"
done
# an unrelated history in place of the remote's: reported the same way
good=$(head_of "$T/server.git")
expect_status 0 "$ACCORD" demo "$T/other"
git -C "$T/server.git" fetch -q "$T/other" "+main:main"
expect_status 4 "$ACCORD" -C "$T/chair" sync
assert_contains "$T/err" "does not descend"
assert_contains "$T/err" "--publish-local"
expect_status 0 "$ACCORD" -C "$T/chair" sync --publish-local --yes --json
assert_eq "$(json_get '["published"]' <"$T/out")" True "published in --json"
assert_eq "$(head_of "$T/server.git")" "$good" "the remote restored again"
# on a remote that did not move backwards, --publish-local is a plain sync
expect_status 0 "$ACCORD" -C "$T/north" sync --publish-local --yes
assert_eq "$(head_of "$T/server.git")" "$good" "nothing forced"

# ---- 5. remote text reaches the terminal only through the sanitiser -----
evil=$(printf 'Retitle \033[2J\033]0;pwned\007 \342\200\256dlrow\342\200\254 \233')
git clone -q "$T/server.git" "$T/forger"
git -C "$T/forger" show main:convention >"$T/conv2"
printf 'Title: T \033[31m\342\200\256x\n' >>"$T/conv2"
forge "$T/forger" "$D/accord/keys/$CHAIR" "$CHAIR" "$evil" "$(printf 'Accord-Action: %s' "$evil")" \
	convention="$T/conv2" >/dev/null
git -C "$T/forger" push -q origin main:main 2>/dev/null
expect_status 4 "$ACCORD" -C "$T/north" sync
no_control_bytes "$T/out" "$T/err"
assert_contains "$T/err" "^["
expect_status 4 "$ACCORD" clone "$T/server.git" "$T/hostile-clone"
no_control_bytes "$T/out" "$T/err"
git -C "$T/server.git" update-ref refs/heads/main "$good"
# a local commit with a hostile subject, reported as kept back
forge "$T/north" - "$CHAIR" "$evil" "" convention="$T/conv" >/dev/null
expect_status 0 "$ACCORD" -C "$T/north" sync
assert_contains "$T/out" "not sent, fails verify: Retitle ^[[2J"
no_control_bytes "$T/out" "$T/err"
expect_status 0 "$ACCORD" -C "$T/north" sync --json
no_control_bytes "$T/out" "$T/err"

# ---- 6. an unreachable remote is retried, a few seconds in all ----------
port=$((20000 + ($$ + 7) % 20000))
git -C "$T/north" remote add dead "git://127.0.0.1:$port/nothing.git"
start=$(date +%s)
expect_status 1 "$ACCORD" -C "$T/north" sync dead
took=$(($(date +%s) - start))
assert_contains "$T/err" "cannot fetch"
[ "$took" -ge 1 ] || fail "no backoff before giving up ($took s)"
[ "$took" -le 10 ] || fail "backoff unbounded ($took s)"
start=$(date +%s)
expect_status 1 "$ACCORD" clone "git://127.0.0.1:$port/nothing.git" "$T/never"
took=$(($(date +%s) - start))
assert_contains "$T/err" "cannot clone"
[ "$took" -ge 1 ] && [ "$took" -le 10 ] || fail "clone's backoff took $took s"
[ ! -e "$T/never" ] || fail "a failed clone left $T/never behind"

# ---- 7. clones pushing at once all get through, retrying the races ------
git -C "$T/server.git" update-ref refs/heads/main "$good"
for who in north tech chair; do expect_status 0 "$ACCORD" -C "$T/$who" sync; done
acc "$T/north" --as "$NORLAND" sign >/dev/null 2>&1 || true
acc "$T/tech" --as "$HALCYON" sign >/dev/null
acc "$T/chair" --as "$KESTRIA" sign >/dev/null
for who in north tech chair; do
	"$ACCORD" -C "$T/$who" sync --json >"$T/par-$who.json" 2>"$T/par-$who.err" &
done
for who in north tech chair; do
	wait -n || { cat "$T"/par-*.err >&2; fail "a parallel sync failed"; }
done
for who in north tech chair; do expect_status 0 "$ACCORD" -C "$T/$who" sync; done
for who in north tech chair; do
	assert_eq "$(head_of "$T/$who")" "$(head_of "$T/server.git")" "$who after parallel syncs"
done
expect_status 0 "$ACCORD" -C "$T/server.git" verify
cat "$T"/par-*.json | python3 -c '
import json, sys
text = sys.stdin.read()
dec, i, n = json.JSONDecoder(), 0, 0
while i < len(text.strip()):
    v, j = dec.raw_decode(text, i)
    assert isinstance(v["retries"], int)
    n += v["retries"]
    i = j + 1
print("retries in parallel syncs:", n)' >&2
