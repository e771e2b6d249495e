#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for a bounded time.
#
#   scripts/fuzz.sh [-j WORKERS] [SECONDS] [TARGET...]   fuzz (default: 60 seconds each, 1 worker, all targets)
#   scripts/fuzz.sh --build [TARGET...]                  build only
#   scripts/fuzz.sh --minimize TARGET...                 keep a small corpus of what it reached
#
# Targets: policy-text (lexer, parser, checker, deep checks, formatter on any bytes), claims (claim
# JSON, CSV and both batch formats), evaluation (the bundled policies on generated claims, the
# explained and the batch compilation compared), and generated (well-typed policies written from
# the fuzzer's bytes, Tests/PolicyLanguageTests/Generated/) when its files exist. The library's
# sources, Tests/PolicyLanguageTests/FuzzHarness.swift and Tests/PolicyLanguageTests/Generated/
# are compiled once into one module (.build/fuzz/lib, rebuilt when one of them changes); each
# target is Tests/Fuzz/TARGET.swift linked against it, so the harness is the same code the tests
# run on every input kept in Fixtures/fuzz/TARGET/.
#
# -j WORKERS runs that many fuzzing processes on each target at once (libFuzzer's -jobs and
# -workers), sharing one corpus; the executions per second printed are all of theirs together.
#
# Seeds come from policies/, Grammar/examples/, the test fixtures, examples/ and the corpus kept in
# Fixtures/fuzz/TARGET/. The corpus grows in .build/fuzz/corpus/TARGET; a crash, a sanitizer
# report, a hang or a broken property leaves its input in .build/fuzz/findings/TARGET: copy it to
# Tests/PolicyLanguageTests/Fixtures/fuzz/TARGET/ so that `swift test` replays it from then on.
# `--minimize` replaces the kept corpus of a target (the files named corpus-* in
# Fixtures/fuzz/TARGET/) with the few inputs, of it and of the grown corpus, that add the most
# coverage to what the other kept files reach.
# Exits 1 if any target found anything, 64 on a wrong argument.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.build/fuzz"
kept="$root/Tests/PolicyLanguageTests/Fixtures/fuzz"

usage() {
    sed -n '4,6p' "$0" | sed 's/^# *//' >&2
    exit 64
}

mode=fuzz
workers=1
seconds=60
while [ $# -gt 0 ]; do
    case "$1" in
        -j) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage; workers="$2"; shift 2 ;;
        --build) mode=build; shift ;;
        --minimize) mode=minimize; shift ;;
        -h | --help) usage ;;
        -*) echo "unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
if [ "$mode" = fuzz ] && [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
    seconds="$1"
    shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    [ "$mode" = minimize ] && usage
    targets=(policy-text claims evaluation)
    [ -f Tests/Fuzz/generated.swift ] && [ -d Tests/PolicyLanguageTests/Generated ] && targets+=(generated)
fi
for target in "${targets[@]}"; do
    [ -f "Tests/Fuzz/$target.swift" ] || { echo "no fuzz target $target (Tests/Fuzz/)" >&2; exit 64; }
done

# Per target: the largest input libFuzzer makes (-max_len) and its dictionary, if any. A policy
# file that checks fits in 4 KB (the bundled ones are cut there, which keeps their headers, enums and
# first rules); a batch of a few claims in 2 KB; the evaluation target reads two bytes a choice, a
# few for each input of a claim, and past the end of its bytes every choice is the first; the
# generated target reads its choices of a policy from 2 KB. Those two read choices, not text: no dictionary.
max_len() {
    case "$1" in
        policy-text) echo 4096 ;;
        claims) echo 2048 ;;
        evaluation) echo 512 ;;
        generated) echo 2048 ;;
        *) echo 4096 ;;
    esac
}
dictionary() {
    case "$1" in
        policy-text) echo "$root/Tests/Fuzz/policy-text.dict" ;;
        claims) echo "$root/Tests/Fuzz/claims.dict" ;;
        *) echo "" ;;
    esac
}

# The coverage libFuzzer is given: the edges taken (inline 8-bit counters and the table of their
# places), not the comparisons made. -sanitize=fuzzer alone also reports every comparison to it
# (trace-cmp), which took three tenths of policy-text's time and gave nothing back: libFuzzer keeps
# comparisons of one and two bytes only for -use_value_profile, which these runs do not use, and
# offers those of four and eight bytes to its mutations, and here they are addresses and small
# numbers (the words of a policy and of a claim are looked up and compared by the standard library,
# which is not instrumented; the dictionaries give them). Side by side from the seeds for 240 s,
# every target ran faster without it and reached as many edges or more (README, Robustness).
flags=(-sanitize=fuzzer,address -sanitize-coverage=edge,inline-8bit-counters,pc-table
    -parse-as-library -O -D FUZZING -package-name policy)

build_library() {
    mkdir -p "$out/lib"
    local sources generated=()
    # Absolute paths: the harness finds policies/ from its own #filePath, wherever the fuzzer runs.
    mapfile -t sources < <(find "$root/Sources/PolicyLanguage" -name '*.swift' | sort)
    if [ -d Tests/PolicyLanguageTests/Generated ]; then
        mapfile -t generated < <(find "$root/Tests/PolicyLanguageTests/Generated" -name '*.swift' | sort)
    fi
    local all=("${sources[@]}" "$root/Tests/PolicyLanguageTests/FuzzHarness.swift" ${generated[@]+"${generated[@]}"})
    local stamp="$out/lib/sources"
    # Rebuilt when a file changed since the last build started, or the flags or the list of files changed.
    if [ -f "$stamp" ] && [ "$(printf '%s\n' "${flags[@]}" "${all[@]}")" = "$(cat "$stamp")" ] \
        && [ -z "$(find "${all[@]}" -newer "$stamp" | head -1)" ]; then
        return
    fi
    echo "== building the library with the harness (${#all[@]} files)" >&2
    rm -f "$stamp"
    touch "$out/lib/started"
    swiftc "${flags[@]}" -module-name PolicyLanguage -enable-testing -whole-module-optimization -c \
        -emit-module -emit-module-path "$out/lib/PolicyLanguage.swiftmodule" -o "$out/lib/PolicyLanguage.o" "${all[@]}" \
        2> >(grep -v 'Cannot export local symbol' >&2)
    printf '%s\n' "${flags[@]}" "${all[@]}" > "$stamp"
    touch -r "$out/lib/started" "$stamp"
}

build_target() {
    local target="$1" module
    module="Fuzz_${target//-/_}"
    # The entry point imports the library, which it once shared a module with.
    { echo "@testable import PolicyLanguage"; cat "Tests/Fuzz/$target.swift"; } > "$out/$target-main.swift"
    swiftc "${flags[@]}" -module-name "$module" -I "$out/lib" "$out/$target-main.swift" "$out/lib/PolicyLanguage.o" \
        -o "$out/$target" 2> >(grep -v 'Cannot export local symbol' >&2)
}

seed() {
    local target="$1" corpus="$out/corpus/$1"
    mkdir -p "$corpus"
    case "$target" in
        policy-text) cp policies/*.policy Grammar/examples/*.policy Tests/PolicyLanguageTests/Fixtures/diagnostics/*.policy "$corpus"/ ;;
        claims) cp examples/*.json examples/*.csv Tests/PolicyLanguageTests/Fixtures/golden/*.claims.jsonl "$corpus"/ ;;
        *) for n in 0 1 2 3 4 5 6 7 8 9; do head -c 64 /dev/urandom > "$corpus/random-$n"; done ;;
    esac
    if [ -d "$kept/$target" ]; then
        cp "$kept/$target"/* "$corpus"/ 2>/dev/null || true
    fi
}

# Leak detection is off: LeakSanitizer scans memory for pointers and does not see Swift's, which
# carry tag bits (indirect enum payloads, side tables), so it reports objects that are still
# referenced (llvm/llvm-project#56751, swift-corelibs-xctest#342). Memory that grows is still
# caught by -rss_limit_mb and -malloc_limit_mb. AddressSanitizer records the stack of every
# allocation and free for its reports: two frames (where, and its caller) instead of thirty make
# the targets, which allocate a lot, a sixth faster; options set before the script is run come
# after these and win (ASAN_OPTIONS=malloc_context_size=30 to see whole stacks in a report).
export ASAN_OPTIONS="detect_leaks=0:malloc_context_size=2${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

common_options() {
    local target="$1" dict
    dict=$(dictionary "$target")
    echo "-max_len=$(max_len "$target") -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=2048 -detect_leaks=0"
    [ -n "$dict" ] && [ -f "$dict" ] && echo "-dict=$dict"
    return 0
}

build_library
for target in "${targets[@]}"; do
    echo "== $target: linking" >&2
    build_target "$target"
done
[ "$mode" = build ] && exit 0

if [ "$mode" = minimize ]; then
    for target in "${targets[@]}"; do
        # The kept corpus is the files named corpus-* in Fixtures/fuzz/TARGET/; the others there
        # (seeds, findings) are left as they are. The old kept corpus and the grown one are merged
        # (libFuzzer -merge=1, by coverage edges) over what the others reach, and of the inputs
        # that add an edge the `keep` adding the most are kept: tens of small files that replay in
        # a second and reach most of what the fuzzer did.
        keep=40
        work="$out/minimize/$target"
        rm -rf "$work"
        mkdir -p "$work/base" "$work/candidates" "$out/corpus/$target" "$kept/$target"
        find "$kept/$target" -maxdepth 1 -type f ! -name 'corpus-*' -exec cp {} "$work/base/" \;
        find "$kept/$target" -maxdepth 1 -type f -name 'corpus-*' -exec cp {} "$work/candidates/" \;
        # shellcheck disable=SC2046
        "$out/$target" -merge=1 -use_counters=0 -merge_control_file="$work/control" $(common_options "$target") \
            "$work/base" "$work/candidates" "$out/corpus/$target" > "$work/merge.log" 2>&1 \
            || { echo "$target: the merge failed; see $work/merge.log" >&2; exit 1; }
        # The control file: the number of files, how many were the base, their paths, then for
        # each file it ran `FT INDEX FEATURES…`, the features that file added to those before it.
        awk 'NR == 1 { files = $1 } NR == 2 { base = $1 } NR > 2 && NR <= files + 2 { path[NR - 3] = $0 }
            $1 == "FT" && $2 >= base && NF > 2 { print NF - 2, path[$2] }' "$work/control" \
            | sort -k1,1nr -k2 | awk -v keep="$keep" 'NR <= keep { sub(/^[0-9]+ /, ""); print }' > "$work/chosen"
        find "$kept/$target" -maxdepth 1 -type f -name 'corpus-*' -delete
        while IFS= read -r file; do
            cp "$file" "$kept/$target/corpus-$(sha1sum "$file" | cut -c1-16)"
        done < "$work/chosen"
        echo "$target: kept $(wc -l < "$work/chosen") inputs, $(xargs -r -d '\n' cat < "$work/chosen" | wc -c) bytes" >&2
    done
    exit 0
fi

found=0
for target in "${targets[@]}"; do
    seed "$target"
    findings="$out/findings/$target"
    logs="$out/logs/$target"
    mkdir -p "$findings" "$logs"
    rm -f "$logs"/*.log
    echo "== $target: fuzzing for ${seconds}s with $workers worker(s)" >&2
    set +e
    # shellcheck disable=SC2046
    if [ "$workers" -gt 1 ]; then
        (cd "$logs" && "$out/$target" "$out/corpus/$target" -jobs="$workers" -workers="$workers" \
            -max_total_time="$seconds" $(common_options "$target") -artifact_prefix="$findings/" -print_final_stats=1 \
            > "$logs/main.log" 2>&1)
    else
        "$out/$target" "$out/corpus/$target" -max_total_time="$seconds" $(common_options "$target") \
            -artifact_prefix="$findings/" -print_final_stats=1 > "$logs/fuzz-0.log" 2>&1
    fi
    status=$?
    set -e
    runs=$(cat "$logs"/fuzz-*.log 2>/dev/null | awk '/^stat::number_of_executed_units/ { n += $2 } END { print n + 0 }')
    units=$(find "$out/corpus/$target" -type f | wc -l)
    echo "$target: $runs executions in ${seconds}s, $((runs / (seconds > 0 ? seconds : 1))) per second," \
        "corpus $units inputs, exit $status" >&2
    if [ "$status" -ne 0 ] || [ -n "$(ls -A "$findings")" ]; then
        found=1
        echo "$target: FOUND something; see $logs and $findings" >&2
        cat "$logs"/*.log | grep -E 'ERROR|Fatal error|SUMMARY|==[0-9]+==' | head -20 >&2 || true
    fi
done
exit $found
