/// Everything one scan produced, in report order: the single input of every reporter.
public struct AuditReport: Sendable, Codable, Equatable {
    public var tool: ToolInfo
    /// The paths the user asked to scan, as typed.
    public var roots: [String]
    public var rulePacks: [RulePackSummary]
    /// Every rule that was run, sorted by id (SARIF lists them; reports cite them).
    public var rules: [RuleDescriptor]
    public var apps: [AppReport]
    /// Inputs that could not be audited, sorted by path.
    public var inputErrors: [InputError]
    /// Set when the scan was compared with a baseline report.
    public var baseline: BaselineComparison?
    /// Config-file suppressions that matched nothing.
    public var unusedSuppressions: [UnusedSuppression]
    /// Inputs audited with a caveat (cut-short pages, unknown categories, folders of several apps).
    public var warnings: [InputWarning]
    /// Files and companion folders looked at and not read, each with its reason.
    public var skippedFiles: [SkippedFile]
    /// Set on the report of a `--shard K/N` run, so that `merge` can tell a complete set.
    public var shard: ShardNumber?
    /// The settings the scan ran with (the memo's "Configuration applied"); not written to JSON.
    public var configuration: AppliedConfiguration?

    public init(
        tool: ToolInfo, roots: [String], rulePacks: [RulePackSummary], rules: [RuleDescriptor], apps: [AppReport],
        inputErrors: [InputError], baseline: BaselineComparison? = nil, unusedSuppressions: [UnusedSuppression] = [],
        warnings: [InputWarning] = [], skippedFiles: [SkippedFile] = [], shard: ShardNumber? = nil,
        configuration: AppliedConfiguration? = nil
    ) {
        self.shard = shard
        self.configuration = configuration
        self.warnings = warnings
        self.skippedFiles = skippedFiles
        self.baseline = baseline
        self.unusedSuppressions = unusedSuppressions
        self.tool = tool
        self.roots = roots
        self.rulePacks = rulePacks
        self.rules = rules
        self.apps = apps
        self.inputErrors = inputErrors
    }

    public var findings: [Finding] { apps.flatMap(\.findings) }
    public var documentCount: Int { apps.reduce(0) { $0 + $1.documents.count } }
}

/// Shard K of N (`--shard K/N`), 1-based as the user writes it.
public struct ShardNumber: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    public static func < (lhs: ShardNumber, rhs: ShardNumber) -> Bool { (lhs.count, lhs.index) < (rhs.count, rhs.index) }
}

public struct ToolInfo: Sendable, Codable, Equatable {
    public var name: String
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// A rule pack used in the scan, for the report header.
public struct RulePackSummary: Sendable, Codable, Equatable {
    public var name: String
    public var ruleCount: Int
    /// "bundled", or the folder given with `--rules`.
    public var source: String

    public init(name: String, ruleCount: Int, source: String) {
        self.name = name
        self.ruleCount = ruleCount
        self.source = source
    }
}

/// One app's inventory and findings.
public struct AppReport: Sendable, Codable, Equatable {
    /// App identity: lendaudit.yml `name`, else the folder name.
    public var name: String
    /// The app folder relative to the scanned root (`.` when the root is the app).
    public var path: String
    public var version: String?
    /// `lending`, or another category; nil when unknown.
    public var category: String?
    /// True when the category was inferred from the text rather than given in lendaudit.yml.
    public var categoryInferred: Bool
    /// As the app's lendaudit.yml declares them (empty when it does not).
    public var jurisdictions: [String]
    /// The jurisdictions whose rules ran for the app: `--jurisdiction`, else lendaudit.yml, else
    /// the config file, else CN; plus the app stores of the platforms found where that applies.
    public var jurisdictionsApplied: [String] = []
    /// The rule packs that ran for the app (those with at least one rule of those jurisdictions).
    public var packs: [String] = []
    public var documents: [DocumentSummary]
    public var permissions: [Permission]
    /// Active findings: what counts and what fails the run.
    public var findings: [Finding]
    /// Findings a config-file suppression covers, each with its reason; listed, never counted.
    public var suppressed: [Finding]
    /// Findings the `--baseline` already has: not counted, not failing, listed only where a
    /// report keeps history (SARIF's `baselineState: unchanged`).
    public var baselined: [Finding] = []

    public init(
        name: String, path: String, version: String?, category: String?, categoryInferred: Bool,
        jurisdictions: [String], documents: [DocumentSummary], permissions: [Permission], findings: [Finding],
        suppressed: [Finding] = [], baselined: [Finding] = []
    ) {
        self.suppressed = suppressed
        self.baselined = baselined
        self.name = name
        self.path = path
        self.version = version
        self.category = category
        self.categoryInferred = categoryInferred
        self.jurisdictions = jurisdictions
        self.documents = documents
        self.permissions = permissions
        self.findings = findings
    }
}

extension AppReport {
    /// Report order of apps: name, then folder (two apps may share a name). A scan audits its apps
    /// in this order (`AuditPipeline.plan`) and streams their sections as they come.
    public static func reportOrder(_ lhs: AppReport, _ rhs: AppReport) -> Bool {
        (lhs.name, lhs.path) < (rhs.name, rhs.path)
    }
}

/// A document that was read: an agreement or a manifest.
public struct DocumentSummary: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case agreement, manifest
    }

    public var path: String
    public var kind: Kind
    /// `html`, `text`, `android-manifest`, `apk`, `info-plist`, `ipa`, `xcode-project`,
    /// `harmonyos-module`, `miniprogram-app-json`.
    public var format: String
    /// The encoding the bytes were read in (agreements only).
    public var encoding: String?
    /// Clauses for an agreement; permissions for a manifest.
    public var units: Int

    public init(path: String, kind: Kind, format: String, encoding: String?, units: Int) {
        self.path = path
        self.kind = kind
        self.format = format
        self.encoding = encoding
        self.units = units
    }
}
