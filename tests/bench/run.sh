#!/bin/sh
# The benchmark driver (`make bench`): makes (or reuses) the generated
# conventions, runs accord-bench on them, prints one table and writes it to
# tests/bench/RESULTS.md, in the section of the scale that ran, with the
# machine and the date.
#
# Environment: ACCORD, BENCH_GEN, BENCH_PROG (the programs), BENCH_SCALE
# (tiny|small|medium|full), BENCH_DIR (where conventions are kept), and the
# optional BENCH_REPS, BENCH_BUDGET, BENCH_VERIFY_CAP, BENCH_ROWS,
# BENCH_RESULTS (the file to update; "-" for none).
set -eu
: "${ACCORD:?}" "${BENCH_GEN:?}" "${BENCH_PROG:?}" "${BENCH_DIR:?}"
cd "$(dirname "$0")/../.." || exit 1
scale=${BENCH_SCALE:-small}
results=${BENCH_RESULTS:-tests/bench/RESULTS.md}
case $scale in
tiny) reps=${BENCH_REPS:-3} budget=${BENCH_BUDGET:-10} cap=${BENCH_VERIFY_CAP:-60} ;;
small) reps=${BENCH_REPS:-5} budget=${BENCH_BUDGET:-30} cap=${BENCH_VERIFY_CAP:-120} ;;
medium) reps=${BENCH_REPS:-5} budget=${BENCH_BUDGET:-60} cap=${BENCH_VERIFY_CAP:-600} ;;
full) reps=${BENCH_REPS:-3} budget=${BENCH_BUDGET:-120} cap=${BENCH_VERIFY_CAP:-600} ;;
*)
	echo "BENCH_SCALE is tiny, small, medium or full, not '$scale'" >&2
	exit 2
	;;
esac
export GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C
unset ACCORD_AS ACCORD_KEY || true
mkdir -p "$BENCH_DIR"
# what a convention depends on: regenerated when any of it changes
stamp=$(cat tests/bench/gen.c tests/bench/store_bulk.c src/ops/*.c src/model/*.c \
	src/util/record.c src/store/sshsig.c 2>/dev/null | cksum | cut -d' ' -f1)

# conv NAME: the path of a generated convention of preset NAME (made when
# missing or stale; never inside a timed loop)
conv() {
	c="$BENCH_DIR/conv-$1"
	if [ ! -f "$c.stamp" ] || [ "$(cat "$c.stamp")" != "$stamp" ]; then
		rm -rf "$c" "$c.proposal" "$c.stamp" "$c.gen"
		echo "generating the $1 convention in $c ..." >&2
		start=$(date +%s)
		"$BENCH_GEN" "$1" "$c" 2>"$c.gen" || {
			cat "$c.gen" >&2
			exit 1
		}
		echo "generated in $(($(date +%s) - start)) s: $(tail -n 1 "$c.gen")" >"$c.gen"
		echo "$stamp" >"$c.stamp"
	fi
	echo "$c"
}

repo=$(conv "$scale")
if [ "$scale" = tiny ]; then
	small=$repo # the tiny run only checks that everything runs
else
	small=$(conv small)
fi
tsv="$BENCH_DIR/results-$scale.tsv"
tmp="$BENCH_DIR/tmp-$scale"
mkdir -p "$tmp"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "${BENCH_REUSE:-}" = 1 ] && [ -s "$tsv" ]; then
	# only make the table again from the last run's figures
	load0=$(sed -n 's/^# load //p' "$tsv.load" 2>/dev/null | cut -d' ' -f1-3)
else
	echo "benchmarking $repo (this takes a while at larger scales) ..." >&2
	"$BENCH_PROG" --accord "$ACCORD" --small "$small" --reps "$reps" --budget "$budget" \
		--verify-cap "$cap" --tmp "$tmp" ${BENCH_ROWS:+--rows "$BENCH_ROWS"} "$repo" \
		>"$tsv.new"
	# row 13, the plenary: delegations vote and sync at once through one
	# git daemon (tests/bench/plenary.sh; 193, and 1000 at full scale)
	case ",${BENCH_ROWS:-13}," in
	*,13,*)
		sizes=193
		[ "$scale" = tiny ] && sizes=4
		[ "$scale" = full ] && sizes="193 1000"
		for pn in $sizes; do
			echo "plenary of $pn delegations ..." >&2
			line=$(ACCORD="$ACCORD" PLENARY_CAP="$cap" sh tests/bench/plenary.sh "$pn" 2>"$tmp/plenary.err") ||
				true
			if [ -z "$line" ]; then
				printf '13\tplenary: %s delegations vote and sync at once\t-\ts\t-\t-\t-\t< 60 s\tMISSED\tdid not run: %s\n' \
					"$pn" "$(tail -n 1 "$tmp/plenary.err")" >>"$tsv.new"
				continue
			fi
			echo "$line" | awk -F '\t' '{
				ok = ($6 == 0 && $7 == 0 && $8 == 0 && $9 == 0 && $13 == $1 && $14 == 0)
				printf "13\tplenary: %s delegations vote and sync at once, until every vote is on the server (in the branch or pending)\t%s\ts\t-\t-\t-\t< 60 s, none lost\t%s\t%s at a time through one git daemon; %s retries; %s votes on the server (%s pending), %s lost, %s twice; %s syncs failed; the chair gathered %s in %s s; tally %s yes; verify exit %s, fsck exit %s; %s s of CPU (accord); load %s\n",
					$1, $3, (ok && $3 < 60) ? "met" : "MISSED", $2, $4, $5, $10, $6, $7, $9, $12, $11, $13, $8, $14, $15, $16
			}' >>"$tsv.new"
		done
		;;
	esac
	mv "$tsv.new" "$tsv"
	printf '# load %s\n# after %s\n# date %s\n' "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)" \
		"$(date -u '+%Y-%m-%d %H:%M UTC')" >"$tsv.load"
fi

manifest="$repo/accord/bench.manifest"
get() { sed -n "s/^$1=//p" "$manifest" | head -n 1; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
cores=$(getconf _NPROCESSORS_ONLN)
mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
fs=$(df -PT "$BENCH_DIR" | awk 'NR == 2 { print $2 }')
load1=$(sed -n 's/^# after //p' "$tsv.load" 2>/dev/null)
when=$(sed -n 's/^# date //p' "$tsv.load" 2>/dev/null)
table=$(mktemp)
{
	echo "### Scale: $scale"
	echo
	echo "Run on $when: $cpu, $cores cores, $mem RAM, $fs," \
		"$(uname -sr); $(git --version), libgit2 $(pkg-config --modversion libgit2)," \
		"SQLite $(pkg-config --modversion sqlite3). Load average before: $load0; after: $load1" \
		"(other work on the machine shares its $cores cores)."
	echo
	echo "Convention: $(get commits) commits ($(get vote) votes, $(get propose) proposals," \
		"$(get withdraw) withdrawals, $(get order) voting orders, $(get open) ballots opened," \
		"$(get close) closed, $(get adopted) adoptions, $(get fallen) amendments fallen)," \
		"$(get orgs) organisations ($(get members) members), $(get clauses) clauses," \
		"every commit signed. $(cat "$BENCH_DIR/conv-$scale.gen" 2>/dev/null)"
	echo
	echo "Each figure is the median of up to $reps runs measured in this run, against its" \
		"baseline measured in the same run (ratio = figure / baseline)."
	echo
	echo "| # | measure | figure | baseline | ratio | goal | verdict | notes |"
	echo "|---|---|---|---|---|---|---|---|"
	sort -s -t "$(printf '\t')" -k1,1n "$tsv" | awk -F '\t' '{
		v = ($3 == "-") ? "-" : $3 " " $4
		b = ($5 == "-") ? "-" : $5 " " $4 " (" $6 ")"
		printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, v, b, $7, $8, $9, $10
	}' 
} >"$table"
cat "$table"

if [ "$results" != - ]; then
	[ -f "$results" ] || printf '# accord benchmarks\n' >"$results"
	begin="<!-- bench:$scale:begin -->"
	end="<!-- bench:$scale:end -->"
	if grep -qF "$begin" "$results"; then
		awk -v b="$begin" -v e="$end" -v t="$table" '
			$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
			$0 == e { skip = 0 }
			!skip { print }' "$results" >"$results.new"
	else
		{
			cat "$results"
			echo
			echo "$begin"
			cat "$table"
			echo "$end"
		} >"$results.new"
	fi
	mv "$results.new" "$results"
	echo "written to $results (section $scale)" >&2
fi
rm -f "$table"
