#!/usr/bin/env bash
# Copies the corpus manifests the Manifests tests use into Tests/ManifestsTests/Artefacts/corpus/
# and builds the iOS artefacts in Artefacts/ios/ from them:
#   *.binary.plist   the corpus XML Info.plists converted by plistutil (binary plist)
#   Acme.ipa         an IPA (ZIP) whose Payload/Acme.app/Info.plist is one of those binary plists,
#                    with an app extension's and a framework's Info.plist that must be ignored
#   sample.pbxproj   an Xcode project whose app target sets the corpus INFOPLIST_KEY_* lines in
#                    its Debug and Release configurations, plus a test target
#
# Needs: apt-get install -y libplist-utils python3; the corpus in ../shared/corpus (or $CORPUS).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS:-$here/../shared/corpus}"
artefacts="$here/Tests/ManifestsTests/Artefacts"
command -v plistutil >/dev/null || { echo "missing plistutil (apt-get install -y libplist-utils)" >&2; exit 2; }

rm -rf "$artefacts/corpus" "$artefacts/ios"
mkdir -p "$artefacts/corpus" "$artefacts/ios"
for folder in manifests-android manifests-ios manifests-harmony manifests-miniprogram; do
    cp "$corpus/$folder"/* "$artefacts/corpus/"
done

for plist in "$artefacts"/corpus/*-Info.plist; do
    name="$(basename "$plist" -Info.plist)"
    plistutil -i "$plist" -o "$artefacts/ios/$name.binary.plist" -f bin
done

python3 - "$artefacts" <<'PY'
import io, os, plistlib, sys, zipfile
artefacts = sys.argv[1]
stamp = (1980, 1, 1, 0, 0, 0)
main = open(os.path.join(artefacts, "ios", "xingdai.binary.plist"), "rb").read()
extension = plistlib.dumps({"CFBundleIdentifier": "com.acme.widget", "NSContactsUsageDescription": "extension, not the app"},
                           fmt=plistlib.FMT_BINARY)
with zipfile.ZipFile(os.path.join(artefacts, "ios", "Acme.ipa"), "w") as ipa:
    for name, data in [
        ("Payload/Acme.app/Info.plist", main),
        ("Payload/Acme.app/Acme", b"\xcf\xfa\xed\xfe" + bytes(60)),
        ("Payload/Acme.app/PlugIns/Widget.appex/Info.plist", extension),
        ("Payload/Acme.app/Frameworks/Kit.framework/Info.plist", extension),
        ("iTunesMetadata.plist", plistlib.dumps({"itemName": "Acme"})),
    ]:
        ipa.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
PY

keys="$artefacts/corpus/zoompeso-pbxproj-infoplist-keys.txt"
settings() {  # settings CONFIGURATION
    printf '\t\t\t\tCURRENT_PROJECT_VERSION = 14;\n'
    printf '\t\t\t\tGENERATE_INFOPLIST_FILE = YES;\n'
    sed 's/^/\t\t\t\t/' "$keys"
    printf '\t\t\t\tINFOPLIST_KEY_CFBundleDisplayName = "Zoom Peso";\n'
    printf '\t\t\t\tMARKETING_VERSION = 1.0.3;\n'
    printf '\t\t\t\tPRODUCT_BUNDLE_IDENTIFIER = com.zoompeso.app;\n'
    printf '\t\t\t\tPRODUCT_NAME = "$(TARGET_NAME)";\n'
    printf '\t\t\t\tSWIFT_VERSION = 5.0;\n'
}
{
    printf '// !$*UTF8*$!\n{\n\tarchiveVersion = 1;\n\tclasses = {\n\t};\n\tobjectVersion = 56;\n\tobjects = {\n\n'
    printf '/* Begin XCBuildConfiguration section */\n'
    printf '\t\tA1000001 /* Debug */ = {\n\t\t\tisa = XCBuildConfiguration;\n\t\t\tbuildSettings = {\n'
    printf '\t\t\t\tBUNDLE_LOADER = "$(TEST_HOST)";\n\t\t\t\tCURRENT_PROJECT_VERSION = 1;\n'
    printf '\t\t\t\tPRODUCT_BUNDLE_IDENTIFIER = com.zoompeso.appTests;\n\t\t\t};\n\t\t\tname = Debug;\n\t\t};\n'
    for configuration in Debug Release; do
        printf '\t\tB200000%s /* %s */ = {\n\t\t\tisa = XCBuildConfiguration;\n\t\t\tbuildSettings = {\n' "${#configuration}" "$configuration"
        printf '\t\t\t\tASSETCATALOG_COMPILER_APPICON_NAME = AppIcon;\n'
        printf '\t\t\t\tLD_RUNPATH_SEARCH_PATHS = (\n\t\t\t\t\t"$(inherited)",\n\t\t\t\t\t"@executable_path/Frameworks",\n\t\t\t\t);\n'
        settings "$configuration"
        printf '\t\t\t};\n\t\t\tname = %s;\n\t\t};\n' "$configuration"
    done
    printf '/* End XCBuildConfiguration section */\n\t};\n\trootObject = C3000001 /* Project object */;\n}\n'
} > "$artefacts/ios/sample.pbxproj"
echo "wrote $(ls "$artefacts/corpus" | wc -l) corpus files and $(ls "$artefacts/ios" | wc -l) iOS artefacts"
