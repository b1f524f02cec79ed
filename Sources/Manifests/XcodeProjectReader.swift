import Findings

/// Reads the Info.plist keys an Xcode project sets through build settings
/// (`INFOPLIST_KEY_NSContactsUsageDescription = "…";` in `project.pbxproj`). Projects that
/// generate their Info.plist keep usage strings only there.
///
/// `project.pbxproj` is an old-style (OpenStep) property list; a small tokenizer reads its
/// strings, comments and punctuation, which is all these assignments need.
enum XcodeProjectReader {
    private static let settingPrefix = "INFOPLIST_KEY_"

    static func read(_ bytes: [UInt8], path: String) throws(ManifestError) -> ManifestReadResult {
        guard let scalars = TextLines.scalars(of: bytes) else {
            throw ManifestError("the Xcode project file is not UTF-8 text")
        }
        let lines = TextLines(scalars)
        let tokens = try OpenStepTokenizer.tokens(in: scalars)

        var permissions: [Permission] = []
        var seen: Set<String> = []
        // Identity comes from the first build configuration that sets usage keys: the app
        // target's, not a test target's.
        var identity: [String: String]?
        var blocks: [(isBuildSettings: Bool, settings: [String: String], hasUsageKeys: Bool)] = []

        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .open("{"):
                let isBuildSettings = index >= 2 && tokens[index - 1].kind == .punctuation("=")
                    && tokens[index - 2].kind == .string("buildSettings")
                blocks.append((isBuildSettings, [:], false))
            case .close("}"):
                if let block = blocks.popLast(), block.isBuildSettings, block.hasUsageKeys, identity == nil {
                    identity = block.settings
                }
            case .string(let name) where index + 3 < tokens.count
                && tokens[index + 1].kind == .punctuation("=") && tokens[index + 3].kind == .punctuation(";"):
                guard case .string(let value) = tokens[index + 2].kind else { break }
                if !blocks.isEmpty { blocks[blocks.count - 1].settings[name] = value }
                guard name.hasPrefix(settingPrefix) else { break }
                let key = String(name.dropFirst(settingPrefix.count))
                guard InfoPlistReader.isUsageDescriptionKey(key) else { break }
                if !blocks.isEmpty { blocks[blocks.count - 1].hasUsageKeys = true }
                // The same key is set once per build configuration (Debug, Release…): keep the first.
                guard seen.insert(key).inserted else { break }
                let position = lines.position(of: token.offset)
                permissions.append(Permission(
                    platform: .ios, name: key, purpose: value,
                    location: SourceLocation(path: path, line: position.line, column: position.column)
                ))
                index += 3
            default:
                break
            }
            index += 1
        }
        return ManifestReadResult(
            permissions: permissions,
            format: .xcodeProject,
            appIdentifier: identity?["PRODUCT_BUNDLE_IDENTIFIER"],
            versionName: identity?["MARKETING_VERSION"],
            versionCode: identity?["CURRENT_PROJECT_VERSION"]
        )
    }
}
