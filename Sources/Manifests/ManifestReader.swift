import Findings

/// Reads any manifest format lendaudit knows into one permission model. A pure function of its
/// inputs, except that HarmonyOS modules may read the `string.json` beside them.
public enum ManifestReader {
    /// Largest manifest read as a plain file (archives are limited per entry instead).
    public static let maximumManifestSize = ArchiveReader.maximumEntrySize

    /// Reads the manifest in `bytes`.
    ///
    /// - Parameters:
    ///   - kind: what the file is (from discovery).
    ///   - path: the display path used in every `Permission.location` (e.g. `acme/app.apk`);
    ///     entries inside archives get `acme/app.apk!AndroidManifest.xml`.
    ///   - absolutePath: where the file is on disk, used only to resolve HarmonyOS `$string:`
    ///     reasons from `resources/base/element/string.json` beside the module file.
    ///   - catalogue: fills each permission's category.
    /// - Returns: permissions sorted by location then name.
    public static func read(
        _ bytes: [UInt8], kind: InputKind, path: String, absolutePath: String? = nil,
        catalogue: PermissionCatalogue
    ) throws(ManifestError) -> ManifestReadResult {
        var result: ManifestReadResult
        switch kind {
        case .apk, .ipa:
            var source = ArchiveSource(bytes: bytes)
            return try readArchive(&source, kind: kind, path: path, catalogue: catalogue)
        case .androidManifest, .infoPlist, .xcodeProject, .harmonyModule, .miniProgramAppJSON:
            guard bytes.count <= maximumManifestSize else {
                throw ManifestError(
                    "the manifest is \(ArchiveReader.describe(bytes: UInt64(bytes.count))), over the \(ArchiveReader.describe(bytes: UInt64(maximumManifestSize))) limit for a manifest"
                )
            }
            switch kind {
            case .androidManifest: result = try AndroidManifestReader.read(bytes, path: path)
            case .infoPlist: result = try InfoPlistReader.read(bytes, path: path, format: .infoPlist)
            case .xcodeProject: result = try XcodeProjectReader.read(bytes, path: path)
            case .harmonyModule: result = try HarmonyModuleReader.read(bytes, path: path, absolutePath: absolutePath)
            default: result = try MiniProgramReader.read(bytes, path: path)
            }
        case .html, .text:
            throw ManifestError("this file is an agreement, not a manifest")
        }
        result.permissions = catalogue.categorize(result.permissions).sorted()
        return result
    }

    /// Reads the APK or IPA at `absolutePath` by seeking: its central directory and the one entry
    /// needed, never the whole archive, so a 300 MB APK costs what a small one does. The size
    /// limit applies to what the entry inflates to: at most `maximumSize` bytes (a scan's
    /// `--max-file-size`) and never over the archive limit, `ArchiveReader.maximumEntrySize`.
    public static func readArchive(
        atPath absolutePath: String, kind: InputKind, path: String, maximumSize: Int = maximumManifestSize,
        catalogue: PermissionCatalogue
    ) throws(ManifestError) -> ManifestReadResult {
        try readArchiveCountingBytes(atPath: absolutePath, kind: kind, path: path, maximumSize: maximumSize, catalogue: catalogue).result
    }

    /// `readArchive(atPath:…)`, and how many bytes of the archive it read.
    static func readArchiveCountingBytes(
        atPath absolutePath: String, kind: InputKind, path: String, maximumSize: Int, catalogue: PermissionCatalogue
    ) throws(ManifestError) -> (result: ManifestReadResult, bytesRead: UInt64) {
        var source = try ArchiveSource(path: absolutePath, archive: kind == .ipa ? "the IPA" : "the APK")
        defer { source.close() }
        let result = try readArchive(&source, kind: kind, path: path, maximumSize: maximumSize, catalogue: catalogue)
        return (result, source.bytesRead)
    }

    private static func readArchive(
        _ source: inout ArchiveSource, kind: InputKind, path: String, maximumSize: Int = maximumManifestSize,
        catalogue: PermissionCatalogue
    ) throws(ManifestError) -> ManifestReadResult {
        var result: ManifestReadResult
        switch kind {
        case .apk: result = try readAPK(&source, path: path, maximumSize: maximumSize)
        case .ipa: result = try readIPA(&source, path: path, maximumSize: maximumSize)
        default: throw ManifestError("this file is not an archive (APK or IPA)")
        }
        result.permissions = catalogue.categorize(result.permissions).sorted()
        return result
    }

    /// Added to a refusal when the user's `--max-file-size`, not the archive limit, refused it.
    private static let limitHint = "; raise it with --max-file-size"

    /// The binary `AndroidManifest.xml` at the APK's root.
    private static func readAPK(_ source: inout ArchiveSource, path: String, maximumSize: Int) throws(ManifestError) -> ManifestReadResult {
        let entry = try ArchiveReader.extract(
            from: &source, archive: "the APK", entryName: "AndroidManifest.xml", limit: maximumSize, limitHint: limitHint,
            select: { $0 == "AndroidManifest.xml" },
            choose: { (paths: [String]) throws(ManifestError) -> String in
                guard let first = paths.first else {
                    throw ManifestError("the APK has no AndroidManifest.xml at its root, so it is not an Android app package")
                }
                return first
            }
        )
        let entryPath = path + "!" + entry.path
        // Android reads the entry as binary XML whenever its outer sizes fit, whatever its first
        // byte. Some repackaged APKs carry the manifest as plain text; the platform would refuse
        // them, but their requests are still worth reporting.
        if !BinaryXMLDecoder.hasValidOuterHeader(entry.bytes),
           let first = entry.bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
           first == UInt8(ascii: "<") || first == 0xEF {
            var result = try AndroidManifestReader.readText(entry.bytes, path: entryPath)
            result.format = .apk
            return result
        }
        return try AndroidManifestReader.readBinary(entry.bytes, path: entryPath)
    }

    /// `Payload/<name>.app/Info.plist` from the IPA. Plists of extensions and frameworks deeper
    /// in the bundle are not the app's and are ignored.
    private static func readIPA(_ source: inout ArchiveSource, path: String, maximumSize: Int) throws(ManifestError) -> ManifestReadResult {
        let entry = try ArchiveReader.extract(
            from: &source, archive: "the IPA", entryName: "Info.plist", limit: maximumSize, limitHint: limitHint,
            select: { entryPath in
                let parts = entryPath.split(separator: "/", omittingEmptySubsequences: false)
                return parts.count == 3 && parts[0] == "Payload" && parts[1].hasSuffix(".app") && parts[1].count > 4
                    && parts[2] == "Info.plist"
            },
            choose: { (paths: [String]) throws(ManifestError) -> String in
                // An IPA holds one app; if a crafted one holds more, the first by name is read.
                guard let first = paths.first else {
                    throw ManifestError("the IPA has no Payload/<app>.app/Info.plist, so it is not an iOS app package")
                }
                return first
            }
        )
        return try InfoPlistReader.read(entry.bytes, path: path + "!" + entry.path, format: .ipa)
    }
}
