/// One path the user asked to scan, and how paths under it are displayed.
///
/// With one root, reports show paths relative to it, so the same folder gives the same report
/// wherever it is. With several, each path starts with its root as typed, so they stay apart.
struct ScanRoot: Equatable, Sendable {
    /// The path as typed, trailing `/` trimmed ("" becomes "."): used for the root's own errors.
    let typed: String
    /// Prepended to every display path when scanning several roots; nil when scanning one.
    let displayPrefix: String?

    init(typed raw: String, severalRoots: Bool) {
        typed = Self.trimmed(raw)
        displayPrefix = severalRoots ? typed : nil
    }

    /// A single-file root displays from the file's folder: its file shows as its name (one root)
    /// or as typed (several), and its app folder as `.` or the typed folder.
    func forSingleFile() -> ScanRoot {
        ScanRoot(typed: typed, displayPrefix: displayPrefix.flatMap { Self.parent(of: $0) })
    }

    private init(typed: String, displayPrefix: String?) {
        self.typed = typed
        self.displayPrefix = displayPrefix
    }

    /// The display path of a place under the root, given as components, with `/` separators.
    func display(_ components: [String]) -> String {
        let relative = components.joined(separator: "/")
        guard let displayPrefix else { return relative.isEmpty ? "." : relative }
        if relative.isEmpty { return displayPrefix }
        return displayPrefix.hasSuffix("/") ? displayPrefix + relative : displayPrefix + "/" + relative
    }

    /// The name of the root folder itself, for an app without a configured name. `.` and `..`
    /// are no names, so then we use the last component of the canonical path (`lendaudit scan .`
    /// inside `acme` gives `acme`). A typed name is kept even if it is a link to another name,
    /// because that is the name the user chose.
    func folderName(canonicalPath: String) -> String {
        let components = typed.split(separator: "/").filter { $0 != "." }
        if let last = components.last, last != ".." { return String(last) }
        if let last = canonicalPath.split(separator: "/").last { return String(last) }
        return "/"
    }

    /// The last component of the typed path: a single-file root's name.
    var lastComponent: String {
        typed.split(separator: "/").last.map(String.init) ?? typed
    }

    // MARK: - Private

    private static func trimmed(_ raw: String) -> String {
        if raw.isEmpty { return "." }
        var text = Substring(raw)
        while text.count > 1 && text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// The folder part of a typed file path, or nil when it has none (`terms.html`).
    private static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}
