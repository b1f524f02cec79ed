#!/usr/bin/env bash
# Builds the small test APKs in Tests/ManifestsTests/Artefacts/apk/ with the real Android tools,
# and records what aapt itself says about each, so the Swift AXML decoder is checked against it.
#
# For each case NAME it writes:
#   NAME.xml              the source manifest (the text reader is checked against it too)
#   NAME.apk              built by aapt (UTF-16 string pool), aapt2 link (UTF-16, aapt2's layout)
#                         or aapt2 compile (a res/xml file: UTF-8 string pool) repackaged as
#                         the APK's AndroidManifest.xml
#   NAME.permissions.txt  `aapt dump permissions NAME.apk`, verbatim
#
# Needs: apt-get install -y aapt aapt2 android-framework-res python3. Output is deterministic
# (the tools stamp entries 1980-01-01), so re-running gives identical files.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/Tests/ManifestsTests/Artefacts/apk"
corpus="${CORPUS:-$here/../shared/corpus/manifests-android}"
framework="${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}"
for tool in aapt aapt2 python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y aapt aapt2 android-framework-res)" >&2; exit 2; }
done
[ -f "$framework" ] || { echo "missing $framework (apt-get install -y android-framework-res)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

ns='xmlns:android="http://schemas.android.com/apk/res/android"'
header='<?xml version="1.0" encoding="utf-8"?>'

# build NAME TOOL < manifest.xml   (TOOL: aapt | aapt2 | aapt2-utf8)
build() {
    local name="$1" tool="$2" dir="$work/$1"
    mkdir -p "$dir"
    cat > "$dir/AndroidManifest.xml"
    cp "$dir/AndroidManifest.xml" "$out/$name.xml"
    case "$tool" in
        aapt)
            aapt package -f -M "$dir/AndroidManifest.xml" -I "$framework" -F "$out/$name.apk" >/dev/null
            ;;
        aapt2)
            aapt2 link -o "$out/$name.apk" -I "$framework" --manifest "$dir/AndroidManifest.xml"
            ;;
        aapt2-utf8)
            # aapt2 writes manifests with UTF-16 pools but other XML with UTF-8 ones: compile the
            # manifest as a res/xml file (min SDK 30 so nothing is split into -vNN copies) and put
            # the compiled bytes where an APK's manifest goes.
            mkdir -p "$dir/res/xml"
            cp "$dir/AndroidManifest.xml" "$dir/res/xml/manifest.xml"
            printf '%s\n<manifest %s package="com.example.shell"/>\n' "$header" "$ns" > "$dir/Shell.xml"
            aapt2 compile -o "$dir/compiled.zip" --dir "$dir/res"
            aapt2 link --min-sdk-version 30 -o "$dir/shell.apk" -I "$framework" --manifest "$dir/Shell.xml" "$dir/compiled.zip"
            python3 - "$dir/shell.apk" "$out/$name.apk" <<'PY'
import sys, zipfile
data = zipfile.ZipFile(sys.argv[1]).read("res/xml/manifest.xml")
assert data[8:10] == b"\x01\x00" and data[24] & 1 == 0 and data[25] & 1 == 1, "expected a UTF-8 string pool"
with zipfile.ZipFile(sys.argv[2], "w") as apk:
    apk.writestr(zipfile.ZipInfo("AndroidManifest.xml", (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
PY
            ;;
    esac
    aapt dump permissions "$out/$name.apk" > "$out/$name.permissions.txt"
}

# The uses-permission lines of a real lending app's manifest (the corpus files reference
# resources aapt cannot resolve here, so only their permission requests are kept).
corpus_permissions() {
    grep -o '<uses-permission[^>]*android:name="[^"]*"[^>]*/>' "$corpus/$1" | sed 's/^/    /'
}

build minimal aapt <<EOF
$header
<manifest $ns package="com.example.minimal">
    <application android:label="Minimal"/>
</manifest>
EOF

build contacts-sms-calllog aapt <<EOF
$header
<manifest $ns package="com.example.cashnow" android:versionCode="12" android:versionName="1.0.12">
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission android:name="android.permission.READ_CALL_LOG"/>
    <uses-permission android:name="android.permission.READ_SMS"/>
    <uses-permission android:name="android.permission.INTERNET"/>
    <application android:label="Cash Now"/>
</manifest>
EOF

for app in chaojidaikuan daikuanchaoshi diantu-daikuan easypeso jiaye-cashloan; do
    if [ -f "$corpus/$app-AndroidManifest.xml" ]; then
        build "corpus-$app" aapt <<EOF
$header
<manifest $ns package="com.example.corpus.${app//-/_}">
$(corpus_permissions "$app-AndroidManifest.xml")
    <application/>
</manifest>
EOF
    fi
done

build max-sdk aapt <<EOF
$header
<manifest $ns package="com.example.maxsdk">
    <uses-permission android:name="android.permission.WRITE_EXTERNAL_STORAGE" android:maxSdkVersion="18"/>
    <uses-permission android:name="android.permission.READ_EXTERNAL_STORAGE" android:maxSdkVersion="32"/>
    <uses-permission android:name="android.permission.READ_PHONE_STATE" android:maxSdkVersion="0x1c"/>
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION"/>
</manifest>
EOF

build sdk23 aapt <<EOF
$header
<manifest $ns package="com.example.sdk23">
    <uses-permission-sdk-23 android:name="android.permission.READ_CONTACTS"/>
    <uses-permission-sdk-23 android:name="android.permission.ACCESS_COARSE_LOCATION" android:maxSdkVersion="30"/>
    <uses-permission-sdk-m android:name="android.permission.CAMERA"/>
    <uses-permission android:name="android.permission.INTERNET"/>
</manifest>
EOF

build custom-permissions aapt <<EOF
$header
<manifest $ns package="com.example.custom">
    <permission-group android:name="com.example.custom.group.LOANS" android:label="Loans"/>
    <permission android:name="com.example.custom.permission.C2D_MESSAGE" android:protectionLevel="signature"/>
    <permission android:name="com.example.custom.permission.READ_LOANS" android:protectionLevel="dangerous"
        android:permissionGroup="com.example.custom.group.LOANS"/>
    <uses-permission android:name="com.example.custom.permission.C2D_MESSAGE"/>
    <uses-permission android:name="com.google.android.c2dm.permission.RECEIVE"/>
    <uses-permission android:name="com.google.android.gms.permission.AD_ID"/>
</manifest>
EOF

build non-ascii aapt <<EOF
$header
<manifest $ns package="com.example.pinjaman" android:versionCode="3" android:versionName="2.0 测试版 — édition">
    <permission android:name="com.example.pinjaman.permission.BACA" android:label="读取通讯录 · baca kontak 📇"/>
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission android:name="android.permission.CAMERA"/>
    <application android:label="借钱 Pinjaman Cepat ✓"/>
</manifest>
EOF

{
    echo "$header"
    echo "<manifest $ns package=\"com.example.many\">"
    for i in $(seq -w 1 300); do
        echo "    <uses-permission android:name=\"com.example.many.permission.P$i\"/>"
    done
    echo "    <uses-permission android:name=\"android.permission.READ_CONTACTS\"/>"
    echo "</manifest>"
} | build many-permissions aapt

build optional aapt <<EOF
$header
<manifest $ns package="com.example.optional">
    <uses-permission android:name="android.permission.CAMERA" android:required="false"/>
    <uses-permission android:name="android.permission.RECORD_AUDIO" android:required="true"/>
</manifest>
EOF

build nested-not-requests aapt <<EOF
$header
<manifest $ns package="com.example.nested">
    <uses-permission android:name="android.permission.INTERNET"/>
    <application android:label="Nested">
        <uses-permission android:name="android.permission.READ_SMS"/>
        <activity android:name=".Main" android:permission="android.permission.BIND_ACCESSIBILITY_SERVICE"/>
    </application>
</manifest>
EOF

build commented-out aapt <<EOF
$header
<manifest $ns package="com.example.comments">
    <!-- <uses-permission android:name="android.permission.READ_CONTACTS"/> -->
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION"/><!-- precise location -->
    <!--
    <uses-permission android:name="android.permission.READ_CALL_LOG"/>
    -->
</manifest>
EOF

build multi-line-tags aapt <<EOF
$header
<manifest $ns
    package="com.example.multiline"
    android:versionCode="0x10"
    android:versionName="1.6">

    <uses-permission
        android:name="android.permission.READ_PHONE_STATE"
        android:maxSdkVersion="29" />
    <uses-permission android:name="android.permission.SYSTEM_ALERT_WINDOW" /> <uses-permission android:name="android.permission.QUERY_ALL_PACKAGES" />
    <queries>
        <package android:name="com.whatsapp"/>
        <intent><action android:name="android.intent.action.MAIN"/></intent>
    </queries>
</manifest>
EOF

build duplicates aapt <<EOF
$header
<manifest $ns package="com.example.duplicates">
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission-sdk-23 android:name="android.permission.READ_CONTACTS"/>
</manifest>
EOF

build aapt2-lending aapt2 <<EOF
$header
<manifest $ns package="com.example.aapt2.lending" android:versionCode="40100" android:versionName="4.1.0">
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission android:name="android.permission.WRITE_CONTACTS"/>
    <uses-permission android:name="android.permission.GET_ACCOUNTS"/>
    <uses-permission android:name="android.permission.READ_CALENDAR"/>
    <uses-permission android:name="android.permission.ACCESS_BACKGROUND_LOCATION"/>
    <uses-permission android:name="android.permission.REQUEST_INSTALL_PACKAGES"/>
    <application android:label="Lending"/>
</manifest>
EOF

build aapt2-sdk23-maxsdk aapt2 <<EOF
$header
<manifest $ns package="com.example.aapt2.sdk23">
    <uses-permission-sdk-23 android:name="android.permission.READ_MEDIA_IMAGES" android:maxSdkVersion="34"/>
    <uses-permission android:name="android.permission.WRITE_EXTERNAL_STORAGE" android:maxSdkVersion="28"/>
    <uses-permission android:name="android.permission.CAMERA" android:required="false"/>
</manifest>
EOF

build aapt2-custom aapt2 <<EOF
$header
<manifest $ns package="com.example.aapt2.custom">
    <permission android:name="com.example.aapt2.custom.permission.SYNC" android:protectionLevel="signature"/>
    <uses-permission android:name="com.example.aapt2.custom.permission.SYNC"/>
    <uses-permission android:name="android.permission.BIND_NOTIFICATION_LISTENER_SERVICE"/>
</manifest>
EOF

build aapt2-non-ascii aapt2 <<EOF
$header
<manifest $ns package="com.example.aapt2.utang" android:versionName="版本 ٣.٠">
    <uses-permission android:name="android.permission.READ_CALL_LOG"/>
    <application android:label="Utang Agad — மொபைல் கடன்"/>
</manifest>
EOF

build utf8-pool-lending aapt2-utf8 <<EOF
$header
<manifest $ns package="com.example.utf8.lending" android:versionCode="7" android:versionName="1.2 测试">
    <permission android:name="com.example.utf8.lending.permission.C2D" android:protectionLevel="signature"/>
    <uses-permission android:name="android.permission.READ_CONTACTS"/>
    <uses-permission android:name="android.permission.WRITE_EXTERNAL_STORAGE" android:maxSdkVersion="18"/>
    <uses-permission-sdk-23 android:name="android.permission.CAMERA"/>
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION" android:required="false"/>
    <application android:label="贷款"/>
</manifest>
EOF

build utf8-pool-non-ascii aapt2-utf8 <<EOF
$header
<manifest $ns package="com.example.utf8.pinjaman" android:versionName="Versi 2 — 版本二 📱">
    <uses-permission android:name="android.permission.READ_SMS"/>
    <uses-permission android:name="android.permission.RECEIVE_SMS"/>
    <application android:label="Pinjaman Kilat ⚡ 快速贷款"/>
</manifest>
EOF

{
    echo "$header"
    echo "<manifest $ns package=\"com.example.utf8.many\">"
    for i in $(seq -w 1 150); do
        echo "    <uses-permission android:name=\"com.example.utf8.many.permission.PERMISSION_WITH_A_LONGER_NAME_$i\"/>"
    done
    echo "</manifest>"
} | build utf8-pool-many aapt2-utf8

count=$(ls "$out"/*.apk | wc -l)
echo "built $count APKs in $out"
