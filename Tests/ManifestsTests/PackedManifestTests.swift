import Findings
import Foundation
@testable import Manifests
import Testing
import TestSupport

/// Binary manifests as Android reads them, and archives at real sizes: the artefacts are aapt's
/// output and byte-level edits of it (scripts/make-packer-artefacts.sh); large APKs are written
/// to a temporary folder here.
struct PackedManifestTests {
    static let expected = ["android.permission.READ_CONTACTS", "android.permission.READ_SMS", "android.permission.ACCESS_FINE_LOCATION"]

    /// What `unzip app.apk` leaves: the compiled manifest, read as what it is.
    @Test func standaloneBinaryManifestIsDecoded() throws {
        let result = try readArtefact("packed/AndroidManifest.xml", as: .androidManifest)
        let aapt = try Artefacts.text("packed/lending.permissions.txt").split(separator: "\n").map(String.init).sorted()
        #expect(result.aaptDumpLines == aapt)
        #expect(result.format == .androidManifest)
        #expect(result.permissions.map(\.location) == (3 ... 5).map { SourceLocation(path: "packed/AndroidManifest.xml", line: $0, column: 1) })
        #expect(result.permissions.map(\.category) == ["contacts", "sms", "location"])
    }

    /// One byte changed: the outer type is no longer 0x0003, yet Android reads the file, so the
    /// requests are read too, on their own and inside an APK.
    @Test func outerBlockOfAnotherTypeIsReadAsAndroidDoes() throws {
        let plain = try readArtefact("packed/lending.apk", as: .apk)
        let alone = try readArtefact("packed/outer-type-AndroidManifest.xml", as: .androidManifest)
        let packed = try readArtefact("packed/outer-type.apk", as: .apk)
        #expect(Array(try Artefacts.bytes("packed/outer-type-AndroidManifest.xml").prefix(2)) == [0x00, 0x00])
        #expect(alone.names == Self.expected)
        #expect(packed.names == Self.expected)
        #expect(packed.permissions.map(\.location.line) == plain.permissions.map(\.location.line))
        #expect(packed.appIdentifier == "com.example.packed")
    }

    /// A text manifest can never pass the outer-size test, so it still goes to the XML parser.
    @Test func textManifestsAreStillText() throws {
        #expect(!BinaryXMLDecoder.hasValidOuterHeader(Array("<?xml version=\"1.0\"?><manifest/>".utf8)))
        #expect(!BinaryXMLDecoder.hasValidOuterHeader([0xFF, 0xFE] + Array("<manifest/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })))
        let error = readError(Array("<manifest><uses-permission".utf8), as: .androidManifest)
        #expect(error?.reason.hasPrefix("the manifest is not well-formed XML") == true)
    }

    @Test func unterminatedStringIsRefusedByName() throws {
        let error = readError(try Artefacts.bytes("packed/unterminated-string.apk"), as: .apk)
        #expect(error?.reason == "the binary AndroidManifest.xml is malformed: string 18 of its string pool (\"android.permission.READ_CONTACT\") does not end with the terminator its length promises, so Android would not read it")
    }

    /// The same edit in a UTF-8 pool (aapt2's layout): the byte length cut by one.
    @Test func unterminatedUTF8StringIsRefusedByName() throws {
        let apk = try Artefacts.bytes("apk/utf8-pool-lending.apk")
        var manifest = try extractManifest(apk)
        let name = Array("android.permission.READ_CONTACTS".utf8)
        let at = try #require(manifest.firstRange(of: [UInt8(name.count), UInt8(name.count)] + name + [0]))
        manifest[at.lowerBound + 1] -= 1
        let error = try #require(throws: ManifestError.self) { try AndroidManifestReader.readBinary(manifest, path: "x") }
        #expect(error.reason.contains("(\"android.permission.READ_CONTACT\") does not end with the terminator"))
    }

    /// `uses-permission` twice (the first capped at maxSdkVersion 28): one request, at the first
    /// location, the second listed, and no cap, since the second request has none.
    @Test func permissionRequestedTwiceIsOneRequest() throws {
        let binary = try readArtefact("packed/duplicate-request.apk", as: .apk)
        let text = try readArtefact("packed/duplicate-request.xml", as: .androidManifest)
        #expect(binary.names == ["android.permission.READ_CONTACTS", "android.permission.CAMERA"])
        #expect(binary.permissions[0].location.line == 3)
        #expect(binary.permissions[0].qualifiers == ["alsoRequestedAt": "line 5, column 1"])
        #expect(text.names == binary.names)
        #expect(text.permissions[0].qualifiers == ["alsoRequestedAt": "line 5, column 5"])
        // aapt's duplicates: three elements, one request.
        let three = try readArtefact("apk/duplicates.apk", as: .apk)
        #expect(three.names == ["android.permission.READ_CONTACTS"])
        #expect(three.permissions[0].qualifiers == ["alsoRequestedAt": "line 4, column 1; line 5, column 1"])
    }

    @Test func narrowingQualifiersSurviveOnlyWhenEveryRequestHasThem() {
        func request(_ line: Int, _ qualifiers: [String: String]) -> Permission {
            Permission(platform: .android, name: "p", location: SourceLocation(path: "m", line: line, column: 1), qualifiers: qualifiers)
        }
        let merged = AndroidManifestReader.mergingRepeatedRequests([
            request(1, ["maxSdkVersion": "28", "sdk23": "true", "required": "false"]),
            request(2, ["maxSdkVersion": "30", "sdk23": "true"]),
        ])
        #expect(merged.count == 1)
        #expect(merged[0].qualifiers == ["maxSdkVersion": "30", "sdk23": "true", "alsoRequestedAt": "line 2, column 1"])
    }

    /// An APK over the old 32 MB limit is read, and reading it costs its central directory and
    /// one entry, not its size. 40 MB here, 300 MB under LENDAUDIT_LONG_TESTS=1.
    @Test func largeAPKIsReadBySeeking() throws {
        let megabytes = TestSize.pick(quick: 40, long: 300)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.apk").path
        let manifest = try Artefacts.bytes("packed/AndroidManifest.xml")
        try LargeAPK.write(to: path, manifest: manifest, megabytes: megabytes)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > megabytes << 20)

        let (result, bytesRead) = try ManifestReader.readArchiveCountingBytes(
            atPath: path, kind: .apk, path: "big.apk", maximumSize: 32 << 20, catalogue: Artefacts.catalogue
        )
        #expect(result.names == Self.expected)
        // The 64 KB tail, the directory (about 60 bytes an entry) and the manifest's 1.5 KB.
        #expect(bytesRead < 64 << 10 + UInt64(megabytes) * 80 + 4096, "read \(bytesRead) of \(size) bytes")
        // The same bytes in memory give the same result.
        #expect(try ManifestReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: path))), kind: .apk, path: "big.apk",
                                        catalogue: Artefacts.catalogue) == result)
    }

    /// The size limit is on what the entry inflates to: a lower --max-file-size says so.
    @Test func limitAppliesToTheInflatedEntry() throws {
        let path = Artefacts.url("packed/lending.apk").path
        #expect(throws: ManifestError("the APK's AndroidManifest.xml is 1 KB uncompressed, over the 1000 bytes limit; raise it with --max-file-size")) {
            try ManifestReader.readArchive(atPath: path, kind: .apk, path: "x", maximumSize: 1000, catalogue: Artefacts.catalogue)
        }
        #expect(throws: ManifestError("the file cannot be opened (check that it exists and is readable)")) {
            try ManifestReader.readArchive(atPath: "/nonexistent/app.apk", kind: .apk, path: "x", catalogue: Artefacts.catalogue)
        }
    }

    private func extractManifest(_ apk: [UInt8]) throws -> [UInt8] {
        var source = ArchiveSource(bytes: apk)
        return try ArchiveReader.extract(
            from: &source, archive: "the APK", entryName: "AndroidManifest.xml",
            select: { $0 == "AndroidManifest.xml" }, choose: { (paths: [String]) throws(ManifestError) -> String in paths[0] }
        ).bytes
    }
}
