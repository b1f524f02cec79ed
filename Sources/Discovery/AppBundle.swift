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
    /// Why the folder seems to hold several apps, when it does (several manifests of one
    /// platform, documents named after different apps): app-level rules, which join an app's
    /// agreements to its manifests, are then not applied, and the report says how to split it.
    public var severalApps: String?
    /// The category to use when lendaudit.yml gives none (`--category`, the config's `category:`).
    public var defaultCategory: String?
    /// The jurisdictions to audit the app for when set: `--jurisdiction`, which wins over
    /// lendaudit.yml; or the config's `jurisdictions:` when lendaudit.yml names none.
    public var declaredJurisdictions: [String]?

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
///
/// Discovery keeps every file of every app until the scan ends, so a file's size is what a survey
/// of many apps holds. Its display path and its path in the app are nearly always the tail of its
/// absolute path: they are kept as where that tail starts instead of as two more strings.
public struct InputFile: Sendable, Equatable, Hashable {
    public let absolutePath: String
    public var kind: InputKind
    private let display: PathTail
    private let inApp: PathTail

    /// Relative to the scanned root: what reports print.
    public var displayPath: String { display.path(in: absolutePath) }
    /// Relative to the app folder: what fingerprints use, so moving an app keeps them.
    public var pathInApp: String { inApp.path(in: absolutePath) }

    public init(absolutePath: String, displayPath: String, pathInApp: String, kind: InputKind) {
        self.absolutePath = absolutePath
        self.kind = kind
        display = PathTail(displayPath, of: absolutePath)
        inApp = PathTail(pathInApp, of: absolutePath)
    }

    /// A path that is the absolute path's last bytes, or one of its own (a root typed as `../x`,
    /// a linked file).
    private enum PathTail: Sendable, Hashable {
        case from(Int)
        case own(String)

        init(_ path: String, of absolutePath: String) {
            let start = absolutePath.utf8.count - path.utf8.count
            if start > 0, absolutePath.utf8.dropFirst(start).elementsEqual(path.utf8) {
                self = .from(start)
            } else {
                self = .own(path)
            }
        }

        func path(in absolutePath: String) -> String {
            switch self {
            case .from(let start): String(decoding: absolutePath.utf8.dropFirst(start), as: UTF8.self)
            case .own(let path): path
            }
        }
    }
}
