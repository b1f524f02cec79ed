#!/usr/bin/env bash
# Copies seed inputs for one fuzz target into a corpus folder: the committed seeds in
# Fuzz/Seeds/TARGET plus matching fixtures and test artefacts from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1 corpus=$2
copy() { for file in "$@"; do [ -f "$file" ] && cp "$file" "$corpus/seed-$(echo "$file" | tr '/' '_')"; done; return 0; }
[ -d "Fuzz/Seeds/$target" ] && copy Fuzz/Seeds/"$target"/*
case $target in
    agreement) copy $(find fixtures Tests -name '*.html' -o -name '*.htm' -o -name '*.txt' | grep -v '/Expected/' | sort | head -60) ;;
    binaryxml)
        # The compiled manifests inside the test APKs.
        # Not the hostile ones: their manifests are 10-20 MB of padding, useless as seeds.
        for apk in $(find Tests/ManifestsTests/Artefacts -name '*.apk' -not -path '*/hostile/*' | sort); do
            name=$corpus/seed-$(basename "$apk").axml
            python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("AndroidManifest.xml"))' "$apk" > "$name" 2>/dev/null || rm -f "$name"
        done ;;
    infoplist) copy $(find fixtures Tests -name '*.plist' | sort) ;;
    json5) copy $(find fixtures Tests -name '*.json5' -o -name 'app.json' -o -name 'module.json' | sort) ;;
    rules) copy rules/cn-pi/*.yaml ;;
esac
