#!/usr/bin/env bash
# Builds one libFuzzer harness from Fuzz/Harnesses/ against lendaudit's library modules and
# runs it for a set time. See docs/fuzzing.md.
#
#   scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags…]
#   TARGET: agreement | binaryxml | infoplist | json5 | rules
#
# Why not `-sanitize=fuzzer` on the whole package: the rules-embedding build tool (EmbedRules)
# has its own `main`, and linking it with libFuzzer's fails. So the package's modules are built
# with ASan plus libFuzzer's coverage flavour (inline 8-bit counters, PC table, comparison
# tracing), and only the harness is linked with -sanitize=fuzzer (which brings libFuzzer's main).
# Debug builds keep -enable-testing, so a harness may `@testable import` an internal reader.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2

scratch=${FUZZ_SCRATCH:-.build-fuzz}
work=${FUZZ_WORK:-$scratch/fuzz}
build=$scratch/debug

case $target in
    agreement) modules="Documents XML Findings"; libs="-lxml2" ;;
    binaryxml | infoplist | json5) modules="Manifests XML Findings ZIPFoundation Yams"; libs="-lxml2 -lz" ;;
    rules) modules="Rules Documents Manifests Discovery XML Findings ZIPFoundation Yams"; libs="-lxml2 -lz" ;;
    *) echo "unknown target '$target' (agreement, binaryxml, infoplist, json5, rules)" >&2; exit 2 ;;
esac

swift build --scratch-path "$scratch" -c debug --target Rules \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp

objects=()
for module in $modules; do objects+=("$build/$module.build"/*.o); done
case " $modules " in *" Yams "*) objects+=($(find "$build/CYaml.build" -name '*.o')) ;; esac

mkdir -p "$work"
binary=$work/fuzz-$target
swiftc -sanitize=fuzzer,address -parse-as-library -g -Onone \
    -I "$build/Modules" -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2 \
    -I "$scratch/checkouts/Yams/Sources/CYaml/include" -I "$scratch/checkouts/ZIPFoundation/Sources/CZLib" \
    "Fuzz/Harnesses/$target.swift" "${objects[@]}" $libs -o "$binary" 2> >(grep -v 'Cannot export local symbol' >&2)

# The corpus grows in $work/corpus-TARGET, seeded from the committed seeds and test fixtures.
corpus=$work/corpus-$target
mkdir -p "$corpus"
Fuzz/seed.sh "$target" "$corpus"

crashes=$work/crashes-$target
mkdir -p "$crashes"
# -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or blow-up is a finding.
# -detect_leaks=0 (and detect_leaks=0 for ASan's exit check, ahead of any ASAN_OPTIONS given): LeakSanitizer
# flags the Swift runtime's and Foundation's allocations (metadata caches, and NSRegularExpression,
# which leaks when a pattern fails to compile), not leaks of ours; per-input memory growth is
# caught by the RSS limit instead. ASAN_OPTIONS=detect_leaks=1 shows the exit report.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# -max_len: 64 KiB lets libFuzzer build deep nesting and long string pools.
"$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -detect_leaks=0 -artifact_prefix="$crashes/" -print_final_stats=1 "$@"
