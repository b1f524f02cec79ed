import Foundation
import Testing
import TestSupport

/// Issue "Nothing silent, nothing damaged": binary manifests as Android reads them and archives at
/// real sizes, through the built binary. The manifests are aapt's output and byte-level edits of
/// it (Tests/ManifestsTests/Artefacts/packed, scripts/make-packer-artefacts.sh); the large APK is
/// written to a temporary folder.
@Suite(.serialized) struct PackedManifestEndToEndTests {
    static let packed = TestPackage.root.appendingPathComponent("Tests/ManifestsTests/Artefacts/packed")
    static let lending = ["android.permission.ACCESS_FINE_LOCATION", "android.permission.READ_CONTACTS", "android.permission.READ_SMS"]

    struct Scan {
        var run: BinaryRun
        var permissions: [String: [[String: Any]]] = [:]   // app path -> inventory permissions
        var errors: [String: String] = [:]                  // input path -> reason
    }

    /// Copies `files` (artefact name -> path in the scanned folder) and scans the folder to JSON.
    static func scan(_ files: [String: String], extra: [String] = [], prepare: (String) throws -> Void = { _ in }) throws -> Scan {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-packed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let folder = base + "/apps"
        for (artefact, target) in files {
            let destination = folder + "/" + target
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: packed.appendingPathComponent(artefact).path, toPath: destination)
        }
        try prepare(folder)
        let output = base + "/report.json"
        var scan = Scan(run: try BinaryRun.lendaudit(["scan", folder, "--format", "json", "--output", output, "--fail-on", "none"] + extra, in: base))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        // Reports give paths as typed (here the absolute folder); the expectations name them within it.
        let relative = { (path: String?) -> String in
            let path = path ?? ""
            return path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
        }
        for app in report?["apps"] as? [[String: Any]] ?? [] {
            let inventory = app["inventory"] as? [String: Any]
            scan.permissions[relative(app["path"] as? String)] = (inventory?["permissions"] as? [[String: Any]] ?? []).map { permission in
                permission.merging(["path": relative(permission["path"] as? String)]) { _, new in new }
            }
        }
        for error in report?["inputErrors"] as? [[String: Any]] ?? [] {
            scan.errors[relative(error["path"] as? String)] = error["reason"] as? String
        }
        return scan
    }

    static func names(_ permissions: [[String: Any]]?) -> [String] {
        (permissions ?? []).compactMap { $0["name"] as? String }.sorted()
    }

    @Test func androidReadsWhatWeRead() throws {
        let scan = try Self.scan([
            "AndroidManifest.xml": "standalone/AndroidManifest.xml",
            "outer-type.apk": "outer-type/app.apk",
            "outer-type-AndroidManifest.xml": "outer-type-alone/AndroidManifest.xml",
            "unterminated-string.apk": "unterminated/app.apk",
            "duplicate-request.apk": "twice/app.apk",
        ])
        #expect(scan.run.status == 3, "stderr: \(scan.run.stderr)")
        // What `unzip app.apk` leaves is decoded, not refused as "not well-formed XML".
        #expect(Self.names(scan.permissions["standalone"]) == Self.lending)
        #expect(scan.permissions["standalone"]?.compactMap { $0["path"] as? String }.allSatisfy { $0 == "standalone/AndroidManifest.xml" } == true)
        // One byte changed in the outer block's type hides nothing.
        #expect(Self.names(scan.permissions["outer-type"]) == Self.lending)
        #expect(Self.names(scan.permissions["outer-type-alone"]) == Self.lending)
        // A string without its terminator is refused, naming it.
        #expect(scan.errors["unterminated/app.apk"]?.contains("string 18 of its string pool (\"android.permission.READ_CONTACT\") does not end with the terminator") == true,
                "errors: \(scan.errors)")
        #expect(scan.permissions["unterminated"]?.isEmpty ?? true)
        // Requested twice: one request, both locations.
        let twice = scan.permissions["twice"] ?? []
        #expect(Self.names(twice) == ["android.permission.CAMERA", "android.permission.READ_CONTACTS"])
        let contacts = twice.first { $0["name"] as? String == "android.permission.READ_CONTACTS" }
        #expect(contacts?["line"] as? Int == 3)
        #expect((contacts?["qualifiers"] as? [String: String]) == ["alsoRequestedAt": "line 5, column 1"])
        #expect(scan.errors.keys.sorted() == ["unterminated/app.apk"])
        #expect(scan.run.stderr.contains("unterminated/app.apk: the binary AndroidManifest.xml is malformed: string 18"))
    }

    /// Over the 32 MB default limit, yet audited: the limit is on what is inflated (here a
    /// 1.5 KB manifest), not on the archive. 40 MB here, 300 MB under LENDAUDIT_LONG_TESTS=1.
    @Test func largeAPKIsAuditedWhole() throws {
        let megabytes = TestSize.pick(quick: 40, long: 300)
        let manifest = [UInt8](try Data(contentsOf: Self.packed.appendingPathComponent("AndroidManifest.xml")))
        for extra in [[], ["--max-file-size", "1"]] {
            let scan = try Self.scan([:], extra: extra) { folder in
                try FileManager.default.createDirectory(atPath: folder + "/big", withIntermediateDirectories: true)
                try LargeAPK.write(to: folder + "/big/app.apk", manifest: manifest, megabytes: megabytes)
                let size = try FileManager.default.attributesOfItem(atPath: folder + "/big/app.apk")[.size] as? Int ?? 0
                #expect(size > 32 << 20)
            }
            #expect(scan.run.status == 0, "stderr: \(scan.run.stderr)")
            #expect(scan.errors.isEmpty, "errors: \(scan.errors)")
            #expect(Self.names(scan.permissions["big"]) == Self.lending)
        }
    }
}
