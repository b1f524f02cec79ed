import Findings

/// What a run tells its reporters beyond the report itself: the gate it applied, and for SARIF
/// where artifact URIs start and how to read the files they name. The defaults write what a
/// report alone can say (no gate stated, paths as reported, no line hashes).
public struct ReportSettings: Sendable {
    /// The `--fail-on` the run applied; nil when none was stated (a rendered report of no run).
    public var gate: Gate?
    /// How SARIF names files; nil: the paths as reported, relative to an unnamed SRCROOT.
    public var sourceFiles: SourceFiles?

    public init(gate: Gate? = nil, sourceFiles: SourceFiles? = nil) {
        self.gate = gate
        self.sourceFiles = sourceFiles
    }
}

/// The severity at or above which a finding fails the run (`--fail-on`), or none.
public struct Gate: Sendable, Equatable {
    /// nil: `--fail-on none`, nothing fails.
    public var threshold: Severity?

    public init(threshold: Severity?) {
        self.threshold = threshold
    }

    /// `--fail-on`'s value: a severity, any case, or `none`; nil for anything else.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        if lowered == "none" {
            threshold = nil
        } else if let severity = Severity(rawValue: lowered) {
            threshold = severity
        } else {
            return nil
        }
    }

    /// `high`, or `none`: as the option is written.
    public var text: String { threshold?.rawValue ?? "none" }

    public func fails(_ severity: Severity) -> Bool {
        guard let threshold else { return false }
        return severity >= threshold
    }
}

/// The files findings point at, as SARIF consumers resolve them: URIs relative to `root` (GitHub
/// resolves them against the repository, so run from the checkout they are repository-relative),
/// and the files' bytes, for GitHub's `primaryLocationLineHash` and the region's end.
public struct SourceFiles: Sendable {
    /// The absolute folder the command ran in: reported paths that are relative start here.
    public var workingDirectory: String
    /// The absolute folder URIs are relative to (`SRCROOT`): `--sarif-root`, else the working folder.
    public var root: String
    /// The bytes of a regular file at a path as reported, or nil (missing, a folder, unreadable).
    public var read: @Sendable (String) -> [UInt8]?

    public init(workingDirectory: String, root: String, read: @escaping @Sendable (String) -> [UInt8]?) {
        self.workingDirectory = Self.normalized(workingDirectory)
        self.root = Self.normalized(root)
        self.read = read
    }

    /// A reported path relative to `root` (`app/AndroidManifest.xml`), or nil when it lies outside it.
    public func relativeToRoot(_ path: String) -> String? {
        let absolute = Self.normalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
        if absolute == root { return nil }
        let prefix = root == "/" ? "/" : root + "/"
        guard absolute.hasPrefix(prefix) else { return nil }
        return String(absolute.dropFirst(prefix.count))
    }

    /// The absolute form of a reported path, `.` and `..` resolved without the file system.
    public func absolute(_ path: String) -> String {
        Self.normalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
    }

    /// `/a/./b//c/../d` -> `/a/b/d`.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
