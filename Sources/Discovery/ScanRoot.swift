/// One path the user asked to scan, and how paths under it are displayed.
///
/// Every path starts with its root as the user typed it, so that `path:line:col` in a report
/// opens from the folder the command ran in (in a terminal, an editor, a CI log), the same
/// whatever the number of roots. `.` adds nothing: `lendaudit scan .` shows `quickcash/terms.html`.
struct ScanRoot: Equatable, Sendable {
    /// The path as typed, trailing `/` trimmed ("" becomes "."): used for the root's own errors.
    let typed: String
    /// Prepended to every display path; nil for `.`.
    let displayPrefix: String?

    /// `severalRoots` is kept for callers; paths no longer depend on it.
    init(typed raw: String, severalRoots: Bool = false) {
        typed = Self.trimmed(raw)
        displayPrefix = typed == "." ? nil : typed
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
