#!/usr/bin/env bash
# Builds the artefacts in Tests/ManifestsTests/Artefacts/packed/: a real manifest compiled by
# aapt, then the byte-level edits packers make to it, each one a case the Manifests and
# end-to-end tests read:
#   lending.xml                       the source manifest
#   lending.apk                       built by aapt; `aapt dump permissions` in lending.permissions.txt
#   AndroidManifest.xml               its binary manifest on its own, as `unzip lending.apk` leaves it
#   outer-type.apk                    the outer block's type 0x0003 changed to 0x0000 (one byte):
#                                     Android's parser checks only the sizes and reads it
#   outer-type-AndroidManifest.xml    the same bytes on their own
#   unterminated-string.apk           READ_CONTACTS's string-pool length cut by one, so it no longer
#                                     ends at its terminator: Android reads no such string, and a
#                                     reader trusting the length reads "…READ_CONTACT"
#   duplicate-request.apk             READ_CONTACTS requested twice (aapt keeps both elements)
#
# Needs: apt-get install -y aapt android-framework-res python3. Deterministic: aapt stamps
# entries 1980-01-01 and the edits are fixed.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/Tests/ManifestsTests/Artefacts/packed"
framework="${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}"
for tool in aapt python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y aapt android-framework-res)" >&2; exit 2; }
done
[ -f "$framework" ] || { echo "missing $framework (apt-get install -y android-framework-res)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

ns='xmlns:android="http://schemas.android.com/apk/res/android"'
header='<?xml version="1.0" encoding="utf-8"?>'

# build NAME < manifest.xml
build() {
    mkdir -p "$work/$1"
    cat > "$work/$1/AndroidManifest.xml"
    aapt package -f -M "$work/$1/AndroidManifest.xml" -I "$framework" -F "$work/$1.apk" >/dev/null
}

build lending <<XML
$header
<manifest $ns package="com.example.packed" android:versionCode="5" android:versionName="1.5">
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission android:name="android.permission.READ_SMS"/>
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION"/>
    <application android:label="Packed"/>
</manifest>
XML
cp "$work/lending/AndroidManifest.xml" "$out/lending.xml"
cp "$work/lending.apk" "$out/lending.apk"
aapt dump permissions "$out/lending.apk" > "$out/lending.permissions.txt"

build duplicate <<XML
$header
<manifest $ns package="com.example.twice">
    <uses-permission android:name="android.permission.READ_CONTACTS" android:maxSdkVersion="28"/>
    <uses-permission android:name="android.permission.CAMERA"/>
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
</manifest>
XML
cp "$work/duplicate/AndroidManifest.xml" "$out/duplicate-request.xml"
cp "$work/duplicate.apk" "$out/duplicate-request.apk"

python3 - "$out" <<'PY'
import os, struct, sys, zipfile
out = sys.argv[1]
stamp = (1980, 1, 1, 0, 0, 0)
manifest = zipfile.ZipFile(os.path.join(out, "lending.apk")).read("AndroidManifest.xml")
assert manifest[:2] == b"\x03\x00", "aapt's manifest starts with RES_XML_TYPE"
assert manifest[8:10] == b"\x01\x00" and manifest[25] & 1 == 0, "aapt writes a UTF-16 string pool"

def apk(name, data):
    with zipfile.ZipFile(os.path.join(out, name), "w") as archive:
        archive.writestr(zipfile.ZipInfo("AndroidManifest.xml", stamp), data, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("classes.dex", stamp), b"dex\n035\0" + bytes(200), zipfile.ZIP_DEFLATED)

def write(name, data):
    with open(os.path.join(out, name), "wb") as handle:
        handle.write(data)

write("AndroidManifest.xml", manifest)

outer = bytearray(manifest)
outer[0] = 0x00
write("outer-type-AndroidManifest.xml", bytes(outer))
apk("outer-type.apk", bytes(outer))

name = "android.permission.READ_CONTACTS"
encoded = struct.pack("<H", len(name)) + name.encode("utf-16-le") + b"\0\0"
at = manifest.find(encoded)
assert at > 0 and manifest.find(encoded, at + 1) == -1, "the name is in the pool once"
cut = bytearray(manifest)
struct.pack_into("<H", cut, at, len(name) - 1)
apk("unterminated-string.apk", bytes(cut))
PY
echo "wrote $(ls "$out" | wc -l) files in $out"
