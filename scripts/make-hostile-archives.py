#!/usr/bin/env python3
"""Builds the hostile inputs in Tests/ManifestsTests/Artefacts/hostile/.

Each file attacks one limit of the manifest readers; the Swift tests expect a ManifestError
(never a crash, a hang, a file read or an entity expansion) and check the reason's words.
The valid AndroidManifest.xml bytes come from a real aapt-built test APK (run
scripts/make-test-apks.sh first). Output is deterministic: fixed timestamps, no randomness.

    python3 scripts/make-hostile-archives.py
"""
import io
import os
import shutil
import struct
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTEFACTS = os.path.join(ROOT, "Tests", "ManifestsTests", "Artefacts")
OUT = os.path.join(ARTEFACTS, "hostile")
STAMP = (1980, 1, 1, 0, 0, 0)


def real_manifest():
    """A real compiled AndroidManifest.xml, from the aapt-built test APK."""
    with zipfile.ZipFile(os.path.join(ARTEFACTS, "apk", "contacts-sms-calllog.apk")) as apk:
        return apk.read("AndroidManifest.xml")


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    """entries: list of (name, bytes) or (ZipInfo, bytes). Duplicate names are kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, STAMP)
            if info.compress_type == zipfile.ZIP_STORED and compression != zipfile.ZIP_STORED:
                info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(data)


def patch_sizes(data, entry_name, new_uncompressed):
    """Rewrites an entry's stated uncompressed size in its local header and central directory,
    leaving the deflated stream (which inflates to far more) untouched."""
    name = entry_name.encode()
    out = bytearray(data)
    # Local file header: signature PK\3\4, uncompressed size at offset 22, name at 30.
    at = out.find(b"PK\x03\x04")
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 26)[0]
        if bytes(out[at + 30:at + 30 + name_len]) == name:
            struct.pack_into("<I", out, at + 22, new_uncompressed)
        at = out.find(b"PK\x03\x04", at + 4)
    # Central directory header: signature PK\1\2, uncompressed size at 24, name at 46.
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46:at + 46 + name_len]) == name:
            struct.pack_into("<I", out, at + 24, new_uncompressed)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    manifest = real_manifest()
    billion_laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE manifest [\n <!ENTITY lol "lol">\n'
        + b"".join(
            b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="&lol9;">\n'
        b'    <uses-permission android:name="&lol9;"/>\n</manifest>\n'
    )

    # 10 MB of zeros deflates to about 10 KB: a ratio near 1000:1.
    write("bomb-ratio.apk", zip_bytes([("AndroidManifest.xml", bytes(10 << 20))]))
    # 20 MB stated: over the 16 MB entry limit before any inflating.
    write("oversize.apk", zip_bytes([("AndroidManifest.xml", bytes(20 << 20))]))
    # States 1,000 bytes but inflates to 4 MB: the limit must hold while inflating.
    lying = zip_bytes([("AndroidManifest.xml", bytes(4 << 20))])
    write("lying-size.apk", patch_sizes(lying, "AndroidManifest.xml", 1000))
    write("dot-dot-name.apk", zip_bytes([("AndroidManifest.xml", manifest), ("../../evil.sh", b"echo pwned\n")]))
    write("absolute-name.apk", zip_bytes([("AndroidManifest.xml", manifest), ("/etc/cron.d/evil", b"* * * * * root true\n")]))
    write("windows-absolute-name.apk", zip_bytes([("AndroidManifest.xml", manifest), ("C:\\Windows\\evil.dll", b"MZ")]))
    good = zip_bytes([("AndroidManifest.xml", manifest), ("classes.dex", b"dex\n035\0" + bytes(200))])
    write("truncated.apk", good[: len(good) // 2])
    write("fake.apk", b"This is not a ZIP archive, whatever its name says.\n" * 20)
    write("empty-zip.apk", zip_bytes([]))
    write("no-manifest.apk", zip_bytes([("classes.dex", b"dex\n035\0" + bytes(200)), ("res/raw/a.txt", b"hello")]))
    # Python warns on a repeated name but writes it: the "one name, two files" trick.
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write("duplicate-manifest.apk", zip_bytes([("AndroidManifest.xml", manifest), ("AndroidManifest.xml", manifest)]))
    link = zipfile.ZipInfo("AndroidManifest.xml", STAMP)
    link.create_system = 3
    link.external_attr = (0o120777 << 16)
    write("symlink-manifest.apk", zip_bytes([(link, b"/etc/passwd")], compression=zipfile.ZIP_STORED))
    # A flipped byte in the deflated stream: inflating fails or the CRC disagrees.
    corrupt = bytearray(zip_bytes([("AndroidManifest.xml", manifest)]))
    data_start = 30 + len("AndroidManifest.xml")
    corrupt[data_start + 40] ^= 0xFF
    write("corrupt-data.apk", bytes(corrupt))
    # A nested APK with other permissions: only the outer manifest counts.
    inner = zip_bytes([("AndroidManifest.xml", bytes(64))])
    write("nested-archive.apk", zip_bytes([("AndroidManifest.xml", manifest), ("assets/plugin.apk", inner)]))
    # Binary-looking garbage where the manifest should be.
    write("garbage-manifest.apk", zip_bytes([("AndroidManifest.xml", b"\x03\x00\x08\x00\xff\xff\xff\x7f" + bytes(range(256)) * 4)]))
    write("billion-laughs-in-apk.apk", zip_bytes([("AndroidManifest.xml", billion_laughs)]))

    # Text manifests with entity attacks.
    write("billion-laughs-AndroidManifest.xml", billion_laughs)
    write(
        "external-entity-AndroidManifest.xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE manifest [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
        b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.evil">\n'
        b'    <uses-permission android:name="&xxe;"/>\n</manifest>\n',
    )
    write(
        "external-dtd-AndroidManifest.xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE manifest SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
        b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.evil">\n'
        b'    <uses-permission android:name="android.permission.READ_CONTACTS"/>\n</manifest>\n',
    )
    write(
        "billion-laughs-Info.plist",
        billion_laughs.replace(b"<!DOCTYPE manifest", b"<!DOCTYPE plist").split(b"<manifest")[0]
        + b'<plist version="1.0"><dict><key>NSContactsUsageDescription</key><string>&lol9;</string></dict></plist>\n',
    )

    # IPA attacks.
    write("dot-dot-name.ipa", zip_bytes([("Payload/Acme.app/Info.plist", b"bplist00"), ("Payload/../../evil", b"x")]))
    write("no-info-plist.ipa", zip_bytes([("Payload/Acme.app/Acme", b"\xcf\xfa\xed\xfe"), ("Payload/Acme.app/PlugIns/W.appex/Info.plist", b"bplist00")]))
    print("wrote", len(os.listdir(OUT)), "hostile inputs to", OUT)


if __name__ == "__main__":
    main()
