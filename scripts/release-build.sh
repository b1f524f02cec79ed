#!/usr/bin/env bash
# Builds the release binary a pipeline downloads instead of building lendaudit on every run:
# Linux, the Swift runtime linked in statically (no Swift toolchain needed to run it), with its
# SHA-256 beside it. libxml2 stays a shared library — the one runtime dependency
# (`apt-get install libxml2`, which brings the ICU, zlib and liblzma it links; besides it only the
# C and C++ runtimes every distribution has): linking it statically drags in ICU, zlib and liblzma,
# and Debian ships no static ICU to match. Measured on the 2-core build VM: about 11 minutes, a
# 63 MB binary (Foundation and its ICU data are in it).
#
#   scripts/release-build.sh [OUT_DIR]      (default: dist/)
#
# Output: OUT_DIR/lendaudit-VERSION-linux-ARCH and OUT_DIR/lendaudit-VERSION-linux-ARCH.sha256.
# Dependencies are pinned exact in Package.swift, so one tag gives one set of sources.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}

swift build -c release --static-swift-stdlib
binary=.build/release/lendaudit
version=$("$binary" --version)
name="lendaudit-$version-linux-$(uname -m)"
mkdir -p "$out"
cp "$binary" "$out/$name"
strip "$out/$name" 2>/dev/null || true

# Self-contained apart from libxml2 and the C library: no Swift runtime library may be needed.
if ldd "$out/$name" | grep -E 'libswift|libFoundation|lib_FoundationICU|libdispatch'; then
  echo "error: $name still needs the Swift runtime above" >&2
  exit 1
fi
echo "runtime libraries:"
ldd "$out/$name" | sed 's/^/  /'

(cd "$out" && sha256sum "$name" > "$name.sha256")
"$out/$name" --version >/dev/null
echo "built $out/$name"
cat "$out/$name.sha256"
