#!/usr/bin/env bash
# Time and peak memory of auditing one large APK (docs/benchmarks.md, "Archives at real sizes").
# Writes a seeded APK of SIZE_MB stored 1 MB random entries (nothing compresses) with a real
# aapt-built manifest half way through, to a temporary folder, then runs the scan once under
# getrusage. Usage: Benchmarks/large-apk.sh [BINARY] [SIZE_MB]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
binary="${1:-$here/.build/release/lendaudit}"
size="${2:-300}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/big"
python3 - "$here/Tests/ManifestsTests/Artefacts/packed/AndroidManifest.xml" "$work/big/app.apk" "$size" <<'PY'
import random, sys, zipfile
manifest = open(sys.argv[1], "rb").read()
block = random.Random(0x1A7EA9C0).randbytes(1 << 20)
size = int(sys.argv[3])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED) as apk:
    for index in range(size):
        if index == size // 2:
            apk.writestr(zipfile.ZipInfo("AndroidManifest.xml", (1980, 1, 1, 0, 0, 0)), manifest)
        apk.writestr(zipfile.ZipInfo(f"assets/padding-{index}.bin", (1980, 1, 1, 0, 0, 0)), block)
PY
ls -l "$work/big/app.apk"
python3 - "$binary" "$work" <<'PY'
import resource, subprocess, sys, time
binary, work = sys.argv[1], sys.argv[2]
start = time.monotonic()
run = subprocess.run([binary, "scan", work + "/big", "--format", "json", "--output", work + "/report.json", "--fail-on", "none"],
                     capture_output=True, text=True)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"exit {run.returncode}; {elapsed:.3f} s wall; peak RSS {peak:.1f} MB")
if run.stderr: print(run.stderr, end="")
PY
