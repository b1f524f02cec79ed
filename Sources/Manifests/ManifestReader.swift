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
        case .apk:
            result = try readAPK(bytes, path: path)
        case .ipa:
            result = try readIPA(bytes, path: path)
        case .androidManifest, .infoPlist, .xcodeProject, .harmonyModule, .miniProgramAppJSON:
            guard bytes.count <= maximumManifestSize else {
                throw ManifestError(
                    "the manifest is \(ArchiveReader.describe(bytes: UInt64(bytes.count))), over the \(ArchiveReader.describe(bytes: UInt64(maximumManifestSize))) limit for a manifest"
                )
            }
            switch kind {
            case .androidManifest: result = try AndroidManifestReader.readText(bytes, path: path)
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

    /// The binary `AndroidManifest.xml` at the APK's root, decoded in memory.
    private static func readAPK(_ bytes: [UInt8], path: String) throws(ManifestError) -> ManifestReadResult {
        let entry = try ArchiveReader.extract(
            from: bytes, archive: "the APK", entryName: "AndroidManifest.xml",
            select: { $0 == "AndroidManifest.xml" },
            choose: { (paths: [String]) throws(ManifestError) -> String in
                guard let first = paths.first else {
                    throw ManifestError("the APK has no AndroidManifest.xml at its root, so it is not an Android app package")
                }
                return first
            }
        )
        let entryPath = path + "!" + entry.path
        // Some repackaged APKs carry the manifest as plain text; the platform would refuse them,
        // but their requests are still worth reporting.
        if let first = entry.bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
           first == UInt8(ascii: "<") || first == 0xEF {
            var result = try AndroidManifestReader.readText(entry.bytes, path: entryPath)
            result.format = .apk
            return result
        }
        return try AndroidManifestReader.readBinary(entry.bytes, path: entryPath)
    }

    /// `Payload/<name>.app/Info.plist` from the IPA, read in memory. Plists of extensions and
    /// frameworks deeper in the bundle are not the app's and are ignored.
    private static func readIPA(_ bytes: [UInt8], path: String) throws(ManifestError) -> ManifestReadResult {
        let entry = try ArchiveReader.extract(
            from: bytes, archive: "the IPA", entryName: "Info.plist",
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
