#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 seconds each; all targets)
#
# Targets: policy-text (lexer, parser, checker, deep checks, formatter on any bytes), claims (claim
# JSON, CSV and both batch formats), evaluation (the bundled policies on generated claims, the
# explained and the batch compilation compared). Each is the library's sources compiled into one
# module with Tests/PolicyLanguageTests/FuzzHarness.swift and Tests/Fuzz/TARGET.swift, so the
# harness is the same code the tests run on every input kept in Fixtures/fuzz/TARGET/.
#
# Seeds come from policies/, Grammar/examples/, the test fixtures and examples/. The corpus grows
# in .build/fuzz/corpus/TARGET; a crash, a sanitizer report, a hang or a broken property leaves its
# input in .build/fuzz/findings/TARGET: copy it to Tests/PolicyLanguageTests/Fixtures/fuzz/TARGET/
# so that `swift test` replays it from then on. Exits 1 if any target found anything.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(policy-text claims evaluation)

out=.build/fuzz
mkdir -p "$out"
mapfile -t sources < <(find Sources/PolicyLanguage -name '*.swift' | sort)

seed() {
    local target="$1" corpus="$out/corpus/$1"
    mkdir -p "$corpus"
    case "$target" in
        policy-text) cp policies/*.policy Grammar/examples/*.policy Tests/PolicyLanguageTests/Fixtures/diagnostics/*.policy "$corpus"/ ;;
        claims) cp examples/*.json examples/*.csv Tests/PolicyLanguageTests/Fixtures/golden/*.claims.jsonl "$corpus"/ ;;
        evaluation) for n in 0 1 2 3 4 5 6 7 8 9; do head -c 64 /dev/urandom > "$corpus/random-$n"; done ;;
    esac
    if [ -d "Tests/PolicyLanguageTests/Fixtures/fuzz/$target" ]; then
        cp "Tests/PolicyLanguageTests/Fixtures/fuzz/$target"/* "$corpus"/ 2>/dev/null || true
    fi
}

found=0
for target in "${targets[@]}"; do
    [ -f "Tests/Fuzz/$target.swift" ] || { echo "no fuzz target $target (Tests/Fuzz/)" >&2; exit 64; }
    echo "== $target: building" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library -O -D FUZZING -module-name PolicyLanguage -package-name policy \
        "${sources[@]}" Tests/PolicyLanguageTests/FuzzHarness.swift "Tests/Fuzz/$target.swift" \
        -o "$out/$target" 2> >(grep -v 'Cannot export local symbol' >&2)
    seed "$target"
    findings="$out/findings/$target"
    mkdir -p "$findings"
    echo "== $target: fuzzing for ${seconds}s" >&2
    log="$out/$target.log"
    set +e
    # Leak detection is off: LeakSanitizer scans memory for pointers and does not see Swift's,
    # which carry tag bits (indirect enum payloads, side tables), so it reports objects that are
    # still referenced (llvm/llvm-project#56751, swift-corelibs-xctest#342). Memory that grows
    # is still caught by -rss_limit_mb and -malloc_limit_mb.
    ASAN_OPTIONS=detect_leaks=0 "$out/$target" "$out/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -malloc_limit_mb=2048 -detect_leaks=0 -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 \
        > "$log" 2>&1
    status=$?
    set -e
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
    units=$(find "$out/corpus/$target" -type f | wc -l)
    echo "$target: ${runs:-?} executions in ${seconds}s, corpus $units inputs, exit $status" >&2
    if [ "$status" -ne 0 ] || [ -n "$(ls -A "$findings")" ]; then
        found=1
        echo "$target: FOUND something; see $log and $findings" >&2
        grep -E 'ERROR|Fatal error|SUMMARY|==[0-9]+==' "$log" | head -20 >&2 || true
    fi
done
exit $found
