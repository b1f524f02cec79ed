#!/bin/sh
# lendaudit benchmark: throughput, peak memory and ratios against libxml2's own speed.
#
#   Benchmarks/run.sh [--apps N] [--sizes "N1 N2"] [--seed S] [--repeat R] [--work DIR] [--no-build] [--lxml]
#
# Builds lendaudit (release, scratch path .build-bench) and Benchmarks/libxml2-extract.c,
# generates the corpus (Benchmarks/gen_corpus.py, deterministic from the seed) under --work
# (default /tmp/lendaudit-bench), and prints the figures documented in docs/benchmarks.md.
# Needs python3, cc, pkg-config, libxml2-dev and /usr/bin/time (Debian package `time`).
set -eu
# Linux groups processes into one "autogroup" per session and shares the CPU between groups, so a
# background job at nice 19 in another session (a fuzzer) still takes a whole core from us. Run
# in a session of our own and, when allowed (root), give it priority; the figures then show what
# the two cores can do. LENDAUDIT_BENCH_SHARED=1 skips this.
if [ -z "${LENDAUDIT_BENCH_SESSION:-}" ] && [ -z "${LENDAUDIT_BENCH_SHARED:-}" ] && command -v setsid >/dev/null 2>&1; then
    LENDAUDIT_BENCH_SESSION=1 exec setsid -w "$0" "$@"
fi
if [ -n "${LENDAUDIT_BENCH_SESSION:-}" ] && [ -w /proc/self/autogroup ]; then
    echo -10 > /proc/self/autogroup 2>/dev/null || true
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=/tmp/lendaudit-bench
build=1
pass=""
while [ $# -gt 0 ]; do
    case "$1" in
        --work) work=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --lxml) pass="$pass --lxml"; shift ;;
        --apps|--sizes|--seed|--repeat) pass="$pass $1 '$2'"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$work"
if [ $build = 1 ]; then
    (cd "$root" && swift build -c release --scratch-path .build-bench >&2)
fi
cc -O2 -o "$work/libxml2-extract" "$here/libxml2-extract.c" $(pkg-config --cflags --libs libxml-2.0)
echo "autogroup: $(cat /proc/self/autogroup 2>/dev/null || echo none)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
eval "set -- $pass"
exec python3 "$here/bench.py" --lendaudit "$root/.build-bench/release/lendaudit" --extract "$work/libxml2-extract" --work "$work" "$@"
