import Findings

/// One app to audit: its identity, its metadata and the files that belong to it.
public struct AppBundle: Sendable, Equatable {
    /// App identity: lendaudit.yml `name`, else the app folder's name.
    public var identity: String
    /// The app folder relative to the scanned root (`.` when the root itself is the app).
    public var displayPath: String
    /// Absolute path of the app folder (a single-file app uses the file's folder).
    public var absolutePath: String
    /// Parsed lendaudit.yml, when the folder has one that parsed.
    public var metadata: AppMetadata?
    /// Auditable files, sorted by `displayPath`.
    public var files: [InputFile]

    public init(identity: String, displayPath: String, absolutePath: String, metadata: AppMetadata?, files: [InputFile]) {
        self.identity = identity
        self.displayPath = displayPath
        self.absolutePath = absolutePath
        self.metadata = metadata
        self.files = files
    }
}

/// The optional lendaudit.yml of an app folder.
public struct AppMetadata: Sendable, Equatable, Codable {
    public var name: String?
    public var version: String?
    public var category: String?
    public var jurisdictions: [String]

    public init(name: String? = nil, version: String? = nil, category: String? = nil, jurisdictions: [String] = []) {
        self.name = name
        self.version = version
        self.category = category
        self.jurisdictions = jurisdictions
    }
}

/// A file to audit.
public struct InputFile: Sendable, Equatable, Hashable {
    public var absolutePath: String
    /// Relative to the scanned root: what reports print.
    public var displayPath: String
    /// Relative to the app folder: what fingerprints use, so moving an app keeps them.
    public var pathInApp: String
    public var kind: InputKind

    public init(absolutePath: String, displayPath: String, pathInApp: String, kind: InputKind) {
        self.absolutePath = absolutePath
        self.displayPath = displayPath
        self.pathInApp = pathInApp
        self.kind = kind
    }
}
