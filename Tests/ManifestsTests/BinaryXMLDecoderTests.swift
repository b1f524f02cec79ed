import Findings
import Foundation
@testable import Manifests
import Testing
import TestSupport
import ZIPFoundation

/// The AXML decoder on damaged and obfuscated versions of real aapt output: it must throw a
/// ManifestError or decode, never trap or hang.
struct BinaryXMLDecoderTests {
    /// The compiled AndroidManifest.xml of a test APK.
    static func compiledManifest(_ apk: String) throws -> [UInt8] {
        let archive = try Archive(data: Data(try Artefacts.bytes("apk/\(apk)")), accessMode: .read)
        let entry = try #require(archive["AndroidManifest.xml"])
        var bytes: [UInt8] = []
        _ = try archive.extract(entry) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) throws(ManifestError) -> ManifestReadResult {
        try AndroidManifestReader.readBinary(bytes, path: "x.apk!AndroidManifest.xml")
    }

    @Test(arguments: ["custom-permissions.apk", "utf8-pool-lending.apk", "aapt2-sdk23-maxsdk.apk"])
    func everyTruncationFailsCleanlyOrDecodes(_ apk: String) throws {
        let bytes = try Self.compiledManifest(apk)
        for length in 0 ..< bytes.count {
            do {
                _ = try Self.decode(Array(bytes[..<length]))
            } catch {
                #expect(!error.reason.isEmpty)
            }
        }
    }

    /// Deterministic pseudo-random byte flips (a fixed-seed generator, so failures reproduce).
    @Test(arguments: ["contacts-sms-calllog.apk", "utf8-pool-non-ascii.apk", "aapt2-lending.apk"])
    func randomByteDamageFailsCleanlyOrDecodes(_ apk: String) throws {
        let original = try Self.compiledManifest(apk)
        var generator = SplitMix64(seed: 0x1E4D_A0D1)
        for _ in 0 ..< 3000 {
            var bytes = original
            for _ in 0 ..< Int(generator.next() % 4) + 1 {
                let at = Int(generator.next() % UInt64(bytes.count))
                bytes[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                _ = try Self.decode(bytes)
            } catch {
                #expect(!error.reason.isEmpty)
            }
        }
    }

    /// Obfuscators blank or rename attribute-name strings; the platform goes by resource ID, and
    /// so must the decoder. Renaming "name" to "zzzz" in a real aapt pool changes nothing.
    @Test func attributeNamesResolveThroughTheResourceMap() throws {
        var bytes = try Self.compiledManifest("contacts-sms-calllog.apk")
        let name: [UInt8] = [4, 0] + Array("name".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let renamed: [UInt8] = [4, 0] + Array("zzzz".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let at = try #require(bytes.firstRange(of: name))
        bytes.replaceSubrange(at, with: renamed)
        let result = try Self.decode(bytes)
        #expect(result.names == [
            "android.permission.READ_CONTACTS", "android.permission.READ_CALL_LOG",
            "android.permission.READ_SMS", "android.permission.INTERNET",
        ])
    }

    @Test func plainTextManifestInsideAnAPKIsReadAsText() throws {
        let manifest = Array("""
            <manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.repacked">
                <uses-permission android:name="android.permission.READ_CONTACTS"/>
            </manifest>
            """.utf8)
        let archive = try Archive(accessMode: .create)
        try archive.addEntry(with: "AndroidManifest.xml", type: .file, uncompressedSize: Int64(manifest.count),
                             compressionMethod: .deflate) { position, size in
            Data(manifest[Int(position) ..< Int(position) + size])
        }
        let data = try #require(archive.data)
        let result = try ManifestReader.read([UInt8](data), kind: .apk, path: "r.apk", catalogue: Artefacts.catalogue)
        #expect(result.format == .apk)
        #expect(result.appIdentifier == "com.repacked")
        #expect(result.permissions.first?.location == SourceLocation(path: "r.apk!AndroidManifest.xml", line: 2, column: 5))
    }

    @Test func tooShortAndWrongHeaderAreExplained() {
        #expect(throws: ManifestError("the binary AndroidManifest.xml is 4 bytes long, too short to hold anything")) {
            try Self.decode([3, 0, 8, 0])
        }
        // Sizes that do not fit: the type words the error.
        #expect(throws: ManifestError("the binary AndroidManifest.xml does not start with an Android binary XML header (found block type 0x0002)")) {
            try Self.decode([2, 0, 8, 0, 9, 0, 0, 0])
        }
        #expect(throws: ManifestError("the binary AndroidManifest.xml has a header that claims 9 bytes, but the file has 8")) {
            try Self.decode([3, 0, 8, 0, 9, 0, 0, 0])
        }
        // Sizes that fit: read whatever the type, as Android's ResXMLTree::setTo does.
        #expect(throws: ManifestError("the binary AndroidManifest.xml holds no elements")) {
            try Self.decode([2, 0, 8, 0, 8, 0, 0, 0])
        }
    }

    @Test func cesu8SurrogatesInUTF8PoolsAreJoined() {
        // U+1F4F1 as two UTF-8-encoded surrogates (how aapt2 writes it), then plain ASCII.
        let bytes: ArraySlice<UInt8> = [0xED, 0xA0, 0xBD, 0xED, 0xB3, 0xB1, 0x41]
        #expect(StringPool.decodeUTF8(bytes) == "📱A")
        #expect(StringPool.decodeUTF8([0xF0, 0x9F, 0x93, 0xB1]) == "📱")
        #expect(StringPool.decodeUTF8([0xFF, 0x41]) == "\u{FFFD}A")
    }
}

