#!/usr/bin/env python3
"""Builds the committed part of the hostile mixed folder in Tests/EndToEndTests/Hostile/.

One app folder per hostile input (so each bad file is the only file its app could fail on),
next to apps whose files are awkward but valid and must still be audited. The end-to-end test
(Tests/EndToEndTests/HostileInputTests.swift) copies this folder and the good fixtures into a
temporary folder and adds what cannot be committed: symbolic-link loops, an unreadable file, a
file name that is not UTF-8, a named pipe, a 33 MB (sparse) file and 200,000-deep nesting.

Output is deterministic (no randomness, no timestamps in the files), so re-running it gives
the same bytes and `git status` shows nothing:

    python3 scripts/make-hostile-corpus.py [OUT]
"""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE_ARCHIVES = os.path.join(ROOT, "Tests", "ManifestsTests", "Artefacts", "hostile")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "EndToEndTests", "Hostile")

# A clause every bundled contacts rule catches, in English and Chinese.
VIOLATION_ZH = "如您拒绝授权通讯录，我们将无法为您提供借款服务。"
VIOLATION_EN = "If you do not authorize access to your contacts, we will not provide loans."


def write(relative, data):
    path = os.path.join(OUT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def pseudo_random(count, seed=0x2545F491):
    """xorshift32 bytes: binary-looking, and the same on every run."""
    out = bytearray()
    state = seed
    for _ in range(count):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        out.append(state & 0xFF)
    return bytes(out)


def page(body):
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>协议</title></head><body>" + body + "</body></html>"


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)

    # --- awkward but valid: each must be audited and give a finding ---------------------------
    # UTF-16LE with a byte-order mark, as Windows "Save as Unicode" writes it.
    write("ok-utf16-bom/agreement.html", b"\xff\xfe" + page("<p>" + VIOLATION_ZH + "</p>").encode("utf-16-le"))
    # Unclosed markup everywhere: browsers and libxml2's recovery still find the text.
    write("ok-unclosed-markup/agreement.html",
          "<html><body><div><p>借款协议<p><b>" + VIOLATION_ZH + "<span><i><table><tr><td>第二条")
    # The bundled rules apply to lending apps; say so rather than rely on inference from two lines.
    for app in ["ok-utf16-bom", "ok-unclosed-markup"]:
        write(app + "/lendaudit.yml", "name: " + app + "\ncategory: lending\n")

    # --- bad agreements: each is one input error -------------------------------------------------
    write("bad-empty/agreement.html", b"")
    # NUL bytes in an otherwise valid UTF-8 page: the reader treats any NUL as binary (a page
    # saved by a browser never has one), so this is an input error that says so.
    write("bad-nul-bytes/agreement.html", page("<p>" + VIOLATION_ZH + "</p>\x00\x00<p>第二条\x00</p>"))
    # A PNG saved with an .html name: binary, not a page.
    write("bad-binary-named-html/agreement.html", b"\x89PNG\r\n\x1a\n" + pseudo_random(4096))
    # Bytes that are neither UTF-8 nor any legacy encoding the sniffer accepts, in a .txt.
    write("bad-invalid-utf8/agreement.txt", b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc\xff\xfe\xfd" * 64)
    # Only markup: nothing a person could read.
    write("bad-markup-only/agreement.html", "<html><head><script>var a = 1;</script></head><body><div></div></body></html>")

    # --- bad metadata and manifests -------------------------------------------------------------
    write("bad-lendaudit-yml/lendaudit.yml", "name: [unclosed\ncategory: lending\n  jurisdictions: : :\n")
    write("bad-lendaudit-yml/agreement.html", page("<p>" + VIOLATION_ZH + "</p>"))
    write("bad-module-json5/entry/src/main/module.json5", "{ module: { requestPermissions: [ { name: 'ohos.permission.READ_CONTACTS', } ")
    write("bad-app-json/app.json", "{\"pages\": [\"pages/index/index\"], \"permission\": {\"scope.userLocation\": ")
    write("bad-info-plist/Info.plist",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict><key>NSContactsUsageDescription</key><string>x</dict>")
    write("bad-android-manifest/AndroidManifest.xml",
          "<?xml version=\"1.0\"?>\n<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"x\"><uses-permission android:name=")

    # --- hostile archives and XML, from the manifest readers' own artefacts ----------------------
    for name, target in [
        ("billion-laughs-AndroidManifest.xml", "bad-billion-laughs-android/AndroidManifest.xml"),
        ("billion-laughs-Info.plist", "bad-billion-laughs-plist/Info.plist"),
        ("external-entity-AndroidManifest.xml", "bad-external-entity/AndroidManifest.xml"),
        ("external-dtd-AndroidManifest.xml", "bad-external-dtd/AndroidManifest.xml"),
        ("bomb-ratio.apk", "bad-zip-bomb-ratio/app.apk"),
        ("oversize.apk", "bad-zip-bomb-size/app.apk"),
        ("lying-size.apk", "bad-zip-lying-size/app.apk"),
        ("dot-dot-name.apk", "bad-zip-dot-dot/app.apk"),
        ("absolute-name.apk", "bad-zip-absolute/app.apk"),
        ("dot-dot-name.ipa", "bad-ipa-dot-dot/app.ipa"),
        ("truncated.apk", "bad-zip-truncated/app.apk"),
        ("fake.apk", "bad-zip-fake/app.apk"),
        ("empty-zip.apk", "bad-zip-empty/app.apk"),
        ("corrupt-data.apk", "bad-zip-corrupt/app.apk"),
    ]:
        with open(os.path.join(HOSTILE_ARCHIVES, name), "rb") as handle:
            write(target, handle.read())


if __name__ == "__main__":
    main()
