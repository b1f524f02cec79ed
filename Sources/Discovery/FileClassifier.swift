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
        // Manifests kept under a prefixed name, as a corpus of many apps keeps them
        // (`easypeso-AndroidManifest.xml`, `ohos-module.json5`, `wallet-app.json`).
        for (suffix, kind) in prefixedManifestNames where hasPrefixedName(lowered, suffix) {
            return kind
        }
        // Any `…Info.plist`: Xcode names per-target plists `Foo-Info.plist`.
        if lowered.hasSuffix("info.plist") { return .infoPlist }

        let fileExtension = pathExtension(of: lowered)
        switch fileExtension {
        // MHTML web archives are HTML inside MIME: the agreement reader finds the page part.
        case "html", "htm", "xhtml", "mht", "mhtml": return .html
        case "txt":
            // The shared corpus ships Xcode build settings extracted to `….pbxproj.txt`.
            return lowered.contains("pbxproj") ? .xcodeProject : .text
        case "apk": return .apk
        case "ipa": return .ipa
        default: return nil
        }
    }

    static let prefixedManifestNames: [(String, InputKind)] = [
        ("androidmanifest.xml", .androidManifest), ("module.json5", .harmonyModule), ("module.json", .harmonyModule),
        ("app.json", .miniProgramAppJSON),
    ]

    /// `prefix-name`, `prefix_name`, `prefix.name` or `prefix name`, with a non-empty prefix.
    private static func hasPrefixedName(_ lowered: String, _ suffix: String) -> Bool {
        guard lowered.hasSuffix(suffix), lowered.utf8.count > suffix.utf8.count + 1 else { return false }
        let separator = lowered.utf8[lowered.utf8.index(lowered.utf8.endIndex, offsetBy: -(suffix.utf8.count + 1))]
        return separator == UInt8(ascii: "-") || separator == UInt8(ascii: "_") || separator == UInt8(ascii: ".")
            || separator == UInt8(ascii: " ")
    }

    // MARK: - Files the name does not place

    /// Bytes read from the start of a file whose name does not say what it is.
    public static let sniffLength = 2048

    /// Extensions of server pages a browser or wget saves under the server's name: the content
    /// is HTML when the page was saved, so it is sniffed.
    static let serverPageExtensions: Set<String> = [
        "jsp", "jspx", "php", "php3", "asp", "aspx", "shtml", "shtm", "cfm", "do", "action", "cgi", "pl", "jhtml",
    ]

    /// Documents lendaudit cannot read, with the advice to convert them.
    static let documentExtensions = SkippedFile.documentExtensions

    /// Files never sniffed: their extension says what they are, and it is not an agreement.
    static let plainlyOtherExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "svg", "css", "js", "mjs", "map", "woff", "woff2", "ttf",
        "otf", "eot", "mp3", "mp4", "webm", "wav", "zip", "gz", "tgz", "rar", "7z", "md", "csv", "yml", "yaml",
        "dex", "so", "jar", "class", "car", "nib", "storyboard", "strings", "dat",
    ]

    /// Whether a file of this name, unclassified by its name, is worth reading the start of.
    public static func shouldSniff(name: String) -> Bool {
        let fileExtension = pathExtension(of: name.lowercased())
        return !documentExtensions.contains(fileExtension) && !plainlyOtherExtensions.contains(fileExtension)
    }

    /// What the first bytes of a file say it is: binary Android XML by its header (chunk type
    /// 0x0003, header size 0x0008), an MHTML archive by its MIME header, a text Android manifest,
    /// an HTML page. Nil when they say none of these.
    public static func kind(sniffing head: [UInt8]) -> InputKind? {
        if head.starts(with: [0x03, 0x00, 0x08, 0x00]) { return .androidManifest }
        var text = head[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        // UTF-16 pages: look at every other byte.
        if text.starts(with: [0xFF, 0xFE]) || text.starts(with: [0xFE, 0xFF]) {
            let bigEndian = text.first == 0xFE
            text = text.dropFirst(2)
            let ascii = text.enumerated().filter { $0.offset % 2 == (bigEndian ? 1 : 0) }.map(\.element)
            return looksLikeHTML(ascii[...]) ? .html : nil
        }
        let lowered = text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        if startsAsMIME(lowered) { return .html }
        if contains(lowered, "<manifest"), contains(lowered, "xmlns:android") { return .androidManifest }
        return looksLikeHTML(text) ? .html : nil
    }

    private static func looksLikeHTML(_ text: ArraySlice<UInt8>) -> Bool {
        let lowered = text.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        return ["<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<p>", "<div", "<table"].contains {
            contains(lowered, $0)
        }
    }

    private static func startsAsMIME(_ lowered: [UInt8]) -> Bool {
        let headers = ["mime-version:", "from:", "snapshot-content-location:", "content-type: multipart/", "subject:", "date:"]
        let start = lowered.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard headers.contains(where: { start.starts(with: $0.utf8) }) else { return false }
        return contains(lowered, "content-type: multipart/") || contains(lowered, "content-type: text/html")
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    /// Why a file looked at is not read, in words that say what to do.
    public static func skipReason(name: String, sniffed: Bool) -> String {
        let fileExtension = pathExtension(of: name.lowercased())
        if documentExtensions.contains(fileExtension) {
            return "lendaudit does not read .\(fileExtension) files; save the document as HTML or text"
        }
        if serverPageExtensions.contains(fileExtension) {
            return "named .\(fileExtension) but holds no HTML page at its start; lendaudit reads saved pages and manifests"
        }
        if fileExtension.isEmpty {
            return "not an agreement or manifest (no extension, and its first bytes are not HTML or a manifest)"
        }
        return sniffed
            ? "not an agreement or manifest (.\(fileExtension), and its first bytes are not HTML or a manifest)"
            : "not an agreement or manifest (.\(fileExtension))"
    }

    // MARK: - Companion folders

    /// The page a browser's companion folder belongs to: `x_files/` (Chrome, Firefox: "web
    /// page, complete") or `x.files/` (Word's "web page") beside `x.htm(l)`. Nil when `folder` is
    /// not named like one or no such page is among `fileNames`.
    public static func companionPage(ofFolder folder: String, fileNames: [String]) -> String? {
        let lowered = folder.lowercased()
        let stem: Substring
        if lowered.hasSuffix("_files") {
            stem = folder.dropLast(6)
        } else if lowered.hasSuffix(".files") {
            stem = folder.dropLast(6)
        } else {
            return nil
        }
        guard !stem.isEmpty else { return nil }
        let pageExtensions = ["html", "htm", "xhtml", "shtml", "mht", "mhtml", "php", "jsp", "asp", "aspx"]
        return fileNames.sorted().first { name in
            let base = baseName(of: name)
            return base == stem && pageExtensions.contains(pathExtension(of: name.lowercased()))
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
