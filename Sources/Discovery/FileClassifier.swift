import Findings

/// Decides from a file's name (and where it sits in its app) what kind of input it is, if any.
public enum FileClassifier {
    /// Names of app configuration files, in order of preference.
    public static let configurationFileNames = ["lendaudit.yml", "lendaudit.yaml"]

    /// Folders never entered: build output and vendored code hold copies (merged manifests,
    /// third-party READMEs) that are not what the app ships or shows. Compared case-insensitively.
    public static let skippedFolderNames: Set<String> = [".build", "build", "node_modules", "deriveddata", "pods", ".git"]

    /// The kind of the file at `pathInApp` (its path components inside the app folder, the last
    /// being its name), or nil when lendaudit does not audit such a file.
    public static func kind(forPath pathInApp: [String]) -> InputKind? {
        guard let name = pathInApp.last else { return nil }
        let lowered = name.lowercased()
        let folders = pathInApp.dropLast().map { $0.lowercased() }

        // HarmonyOS string tables are resources the manifest stage reads for `$string:` labels,
        // not inputs of their own.
        if lowered == "string.json" && folders.contains("resources") { return nil }

        // Whole names first: they are more specific than extensions.
        switch lowered {
        case "androidmanifest.xml": return .androidManifest
        case "project.pbxproj": return .xcodeProject
        case "module.json5", "module.json": return .harmonyModule
        case "app.json": return .miniProgramAppJSON
        default: break
        }
        // Any `…Info.plist`: Xcode names per-target plists `Foo-Info.plist`.
        if lowered.hasSuffix("info.plist") { return .infoPlist }

        let fileExtension = pathExtension(of: lowered)
        switch fileExtension {
        case "html", "htm", "xhtml": return .html
        case "txt":
            // The shared corpus ships Xcode build settings extracted to `….pbxproj.txt`.
            return lowered.contains("pbxproj") ? .xcodeProject : .text
        case "apk": return .apk
        case "ipa": return .ipa
        default: return nil
        }
    }

    /// The kind of a file known only by its name (a single-file root).
    public static func kind(forFileName name: String) -> InputKind? {
        kind(forPath: [name])
    }

    /// Whether a folder or file with this name is never examined (hidden, build output, vendored).
    public static func isSkipped(name: String) -> Bool {
        name.hasPrefix(".") || skippedFolderNames.contains(name.lowercased())
    }

    /// The text after the last `.`, or "" (a leading dot alone does not start an extension).
    static func pathExtension(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// The name without its last extension: the identity of a single-file app.
    static func baseName(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
