import Findings
import Foundation
@testable import Manifests

/// Test artefacts (real APKs, plists, corpus manifests, hostile archives) and the bundled mapping.
enum Artefacts {
    static let root: URL = {
        guard let url = Bundle.module.url(forResource: "Artefacts", withExtension: nil) else {
            preconditionFailure("the Artefacts resource folder is missing from the test bundle")
        }
        return url
    }()

    static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// File names in an artefact folder, sorted.
    static func names(in folder: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
            .filter { $0.hasSuffix(suffix) }
            .sorted()
    }

    /// `rules/permissions.yaml` from the source tree: the same text the rules stage embeds.
    static let mappingYAML: String = {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = repository.appendingPathComponent("rules/permissions.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            preconditionFailure("cannot read \(file.path)")
        }
        return text
    }()

    static let catalogue: PermissionCatalogue = {
        do {
            return try PermissionCatalogue(yaml: mappingYAML)
        } catch {
            preconditionFailure("rules/permissions.yaml does not load: \(error)")
        }
    }()
}

/// Reads an artefact as `kind`, with its artefact path as display path.
func readArtefact(_ relativePath: String, as kind: InputKind) throws -> ManifestReadResult {
    try ManifestReader.read(
        Artefacts.bytes(relativePath), kind: kind, path: relativePath,
        absolutePath: Artefacts.url(relativePath).path, catalogue: Artefacts.catalogue
    )
}

/// Reads inline text as `kind`.
func readInline(_ text: String, as kind: InputKind, path: String = "inline") throws(ManifestError) -> ManifestReadResult {
    try ManifestReader.read(Array(text.utf8), kind: kind, path: path, catalogue: Artefacts.catalogue)
}

/// The error reading `bytes` gives, or nil if it read.
func readError(_ bytes: [UInt8], as kind: InputKind) -> ManifestError? {
    do {
        _ = try ManifestReader.read(bytes, kind: kind, path: "x", catalogue: Artefacts.catalogue)
        return nil
    } catch {
        return error
    }
}

extension ManifestReadResult {
    /// What `aapt dump permissions` would print for this manifest, lines sorted (aapt prints in
    /// document order; the decoder sorts by location, so compare as sorted lines).
    var aaptDumpLines: [String] {
        var lines: [String] = []
        if let appIdentifier { lines.append("package: \(appIdentifier)") }
        for name in declaredPermissions { lines.append("permission: \(name)") }
        for permission in permissions {
            let tag = permission.qualifiers["sdk23"] == "true" ? "uses-permission-sdk-23" : "uses-permission"
            var line = "\(tag): name='\(permission.name)'"
            if let maxSdk = permission.qualifiers["maxSdkVersion"] { line += " maxSdkVersion='\(maxSdk)'" }
            lines.append(line)
            if tag == "uses-permission", permission.qualifiers["required"] == "false" { lines.append("optional-permission: name='\(permission.name)'") }
        }
        return lines.sorted()
    }

    var names: [String] { permissions.map(\.name) }
}
