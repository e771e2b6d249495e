#!/usr/bin/env bash
# Kills `policy run --ledger` at random points of a batch of a million claims and checks, after
# each kill, what a bureau relies on:
#   - the ledger is the old one or the new one, byte for byte, never something between;
#   - --out holds the old results or the whole new results, never half a batch;
#   - the new ledger is never there without the new results (results are put in place first);
#   - running the batch again gives the same results file as a run never interrupted, and the
#     same ledger, and leaves no temporary file behind.
#
#   scripts/ledger-faults.sh                 # 50 kills, 1,000,000 claims
#   scripts/ledger-faults.sh 20 200000       # 20 kills, 200,000 claims
#
# Half the kills fall at a random time of the run; the other half at a random point of its end,
# chosen by what is on disk: the results' temporary file part written, the ledger's temporary file
# part written, or the moment the results were renamed into place. Needs python3; builds the release
# executable unless POLICY names one. Work files go to ${FAULTS_WORK:-/tmp/policy-faults}.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-50}
claims=${2:-1000000}
work=${FAULTS_WORK:-/tmp/policy-faults}
if [[ -z "${POLICY:-}" ]]; then
    swift build -c release --product policy >/dev/null
    POLICY="$(swift build -c release --show-bin-path)/policy"
fi
policies="$PWD/policies"
rm -rf "$work"
mkdir -p "$work"

# A year's claims in 陵川县, where a person gets at most three subsidised trainings a year and one
# a trade and level: an earlier batch that makes the old ledger, and the batch that is killed.
python3 - "$work" "$claims" <<'PY'
import datetime, random, sys
work, count = sys.argv[1], int(sys.argv[2])
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def identity(serial):
    # 陵川县's area code, a birth date from 1950-01-01 on, a sequence number, the check character.
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=serial // 1000)
    body = "140524" + born.strftime("%Y%m%d") + "%03d" % (serial % 1000)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
trades = ["电工", "焊工", "厨师", "育婴员", "叉车司机", "电商", "花艺"]
groups = ["贫困劳动力", "退役军人", "两后生", "下岗失业人员"]
def batch(path, prefix, n, people, seed):
    rng = random.Random(seed)
    with open(path, "w") as out:
        out.write(header)
        for i in range(n):
            day = "2021-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
            out.write("%s%d,%s,陵川县,普惠制培训补贴,%s,%s,初级,%d,%s\n" % (
                prefix, i, day, identity(rng.randrange(people)), rng.choice(trades), rng.randint(1, 12), rng.choice(groups)))
batch(work + "/earlier.csv", "E", count // 5, count // 3, 1)
batch(work + "/batch.csv", "B", count, count // 3, 2)
PY

# The old ledger, and what an uninterrupted run makes of it.
"$POLICY" run "$work/earlier.csv" --policies "$policies" --ledger "$work/old.ledger" --out "$work/earlier.out" 2>/dev/null || [[ $? == 1 ]]
mkdir -p "$work/clean"
cp "$work/old.ledger" "$work/clean/year.ledger"
echo "old results" >"$work/clean/results.csv"
started=$(date +%s.%N)
"$POLICY" run "$work/batch.csv" --policies "$policies" --ledger "$work/clean/year.ledger" --out "$work/clean/results.csv" 2>/dev/null
seconds=$(python3 -c "print($(date +%s.%N) - $started)")
cp "$work/clean/year.ledger" "$work/new.ledger"
cp "$work/clean/results.csv" "$work/new.results"
cmp -s "$work/old.ledger" "$work/new.ledger" && { echo "the batch did not change the ledger" >&2; exit 1; }
printf 'uninterrupted run: %s claims in %.2f s; ledger %s → %s bytes\n' "$claims" "$seconds" \
    "$(stat -c %s "$work/old.ledger")" "$(stat -c %s "$work/new.ledger")"

deciding=0 between=0 saved=0 failures=0
for ((kill = 1; kill <= kills; kill++)); do
    dir="$work/kill-$kill"
    mkdir -p "$dir"
    cp "$work/old.ledger" "$dir/year.ledger"
    echo "old results" >"$dir/results.csv"
    "$POLICY" run "$work/batch.csv" --policies "$policies" --ledger "$dir/year.ledger" --out "$dir/results.csv" 2>/dev/null &
    pid=$!
    if ((kill % 2)); then
        at=$(python3 -c "import random; print('%.2f' % random.uniform(0, $seconds))")
        sleep "$at"
        when="after $at s"
    else
        # The end of the run: results part written, the ledger part written, or just renamed.
        read -r phase fraction < <(python3 -c "import random; print(random.choice(['results', 'ledger', 'renamed']), '%.2f' % random.random())")
        case $phase in
            results) pattern=".results.csv.*.tmp" size=$(stat -c %s "$work/new.results") ;;
            ledger) pattern=".year.ledger.*.tmp" size=$(stat -c %s "$work/new.ledger") ;;
            renamed) pattern="" size=0 ;;
        esac
        target=$(python3 -c "print(int($size * $fraction))")
        while kill -0 "$pid" 2>/dev/null; do
            if [[ $phase == renamed ]]; then
                [[ "$(head -c 11 "$dir/results.csv")" != "old results" ]] && break
            else
                file=$(find "$dir" -maxdepth 1 -name "$pattern" -size +"$target"c 2>/dev/null | head -1)
                [[ -n "$file" ]] && break
            fi
            sleep 0.005
        done
        when="with the $phase file at $fraction"
        [[ $phase == renamed ]] && when="just after the results were renamed"
    fi
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true

    problem=""
    if cmp -s "$dir/year.ledger" "$work/old.ledger"; then ledger=old
    elif cmp -s "$dir/year.ledger" "$work/new.ledger"; then ledger=new
    else ledger=other; problem="the ledger is neither the old nor the new one"; fi
    if [[ "$(cat "$dir/results.csv")" == "old results" ]]; then results=old
    elif cmp -s "$dir/results.csv" "$work/new.results"; then results=new
    else results=other; problem="--out holds neither the old results nor the whole new ones"; fi
    [[ $ledger == new && $results != new ]] && problem="the new ledger was saved without its results"

    case "$ledger/$results" in
        old/old) deciding=$((deciding + 1)) ;;
        old/new) between=$((between + 1)) ;;
        new/new) saved=$((saved + 1)) ;;
    esac
    if [[ -z "$problem" && $ledger == old ]]; then
        # The batch again, from the ledger the kill left: the same results, the same ledger.
        "$POLICY" run "$work/batch.csv" --policies "$policies" --ledger "$dir/year.ledger" --out "$dir/results.csv" 2>/dev/null \
            || [[ $? == 1 ]] || problem="the re-run failed"
        cmp -s "$dir/results.csv" "$work/new.results" || problem="the re-run gave other results"
        cmp -s "$dir/year.ledger" "$work/new.ledger" || problem="the re-run gave another ledger"
    fi
    leftovers=$(find "$dir" -name '*.tmp' | wc -l)
    if [[ $ledger == old && $leftovers != 0 ]]; then problem="the re-run left $leftovers temporary files"; fi
    printf 'kill %2d %s: ledger %s, results %s%s\n' "$kill" "$when" "$ledger" "$results" "${problem:+  FAILED: $problem}"
    if [[ -n "$problem" ]]; then failures=$((failures + 1)); else rm -rf "$dir"; fi
done

echo "$kills kills: $deciding while deciding (old ledger, old results), $between between the renames" \
    "(old ledger, new results), $saved after the ledger was saved; $failures failed"
((failures == 0))
