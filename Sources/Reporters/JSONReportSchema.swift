import Findings

/// The wire shape of the JSON report, schema 1.x (documented in `docs/json-schema.md`).
///
/// Kept apart from the model so that the model can be refactored without changing the schema,
/// and so that the writer and `JSONReportReader` share one definition. Optional values are
/// always written, as `null`: every documented key is present in every file. Readers accept a
/// missing optional key as well, and ignore keys they do not know (additive minor versions).
enum JSONReportSchema {
    /// Written into every report; readers accept any 1.x.
    static let version = "1.3"
    static let majorVersion = "1"

    struct Report: Codable {
        var schemaVersion: String
        var tool: Tool
        var roots: [String]
        var rulePacks: [RulePack]
        var rules: [Rule]
        /// Derived from `apps` and `inputErrors`; written for consumers, ignored when reading.
        @Null var summary: Summary?
        var apps: [App]
        var inputErrors: [InputErrorEntry]
        /// 1.1: the comparison with `--baseline`, null without one.
        @Null var baseline: Baseline?
        /// 1.1: config-file suppressions that matched nothing.
        @EmptyWhenAbsent var unusedSuppressions: [UnusedSuppression]
        /// 1.2: inputs audited with a caveat (cut-short pages, unknown category, several apps).
        @EmptyWhenAbsent var warnings: [InputErrorEntry]
        /// 1.2: files and companion folders looked at and not read, with the reason.
        @EmptyWhenAbsent var skippedFiles: [InputErrorEntry]
        /// 1.3: the `--fail-on` the run applied (`high`, `none`); null when no run stated one.
        @Null var failOn: String?
        /// 1.3: `{index, count}` of a `--shard K/N` run; null otherwise.
        @Null var shard: ShardEntry?
    }

    struct ShardEntry: Codable {
        var index: Int
        var count: Int
    }

    struct Baseline: Codable {
        var file: String
        var unchanged: Int
        var fixed: [BaselineFinding]
    }

    struct BaselineFinding: Codable {
        var ruleId: String
        var title: String
        var app: String
        var path: String
        var line: Int
        var column: Int
        var quote: String
        var fingerprint: String
    }

    struct UnusedSuppression: Codable {
        var rule: String
        @Null var path: String?
        var reason: String
        var source: String
        var expired: Bool
    }

    struct SuppressionEntry: Codable {
        var reason: String
        @Null var expires: String?
        var source: String
    }

    struct Tool: Codable {
        var name: String
        var version: String
    }

    struct RulePack: Codable {
        var name: String
        var ruleCount: Int
        var source: String
    }

    struct Rule: Codable {
        var id: String
        var title: String
        @Null var titleZh: String?
        var category: FindingCategory
        var severity: Severity
        var appliesTo: RuleDescriptor.Scope
        var appCategories: [String]
        var message: String
        var remediation: String
        var norms: [Norm]
        var pack: String
    }

    struct Norm: Codable {
        var id: String
        var citation: String
        @Null var titleZh: String?
        var titleEn: String
        @Null var summary: String?
        @Null var url: String?
    }

    struct Summary: Codable {
        var apps: Int
        var documents: Int
        var findings: Int
        /// Every severity, zeros included, so consumers need no default.
        var bySeverity: [String: Int]
        /// Every category of the vocabulary, zeros included.
        var byCategory: [String: Int]
        var inputErrors: Int
        /// 1.2 (absent from older files, which is why these two are optional).
        var warnings: Int?
        var skippedFiles: Int?
    }

    struct App: Codable {
        var name: String
        var path: String
        @Null var version: String?
        @Null var category: String?
        var categoryInferred: Bool
        var jurisdictions: [String]
        /// 1.3: the jurisdictions whose rules ran, and the packs that ran (empty in older files).
        @EmptyWhenAbsent var jurisdictionsApplied: [String]
        @EmptyWhenAbsent var packs: [String]
        var inventory: Inventory
        var findings: [FindingEntry]
        /// 1.1: findings covered by a config-file suppression, each with its reason.
        @EmptyWhenAbsent var suppressed: [FindingEntry]
        /// 1.3: with `--baseline`, this app's findings the baseline already has (not in `findings`,
        /// not counted, never failing); kept so that SARIF re-rendered from the report still lists them.
        @EmptyWhenAbsent var baselined: [FindingEntry]
    }

    struct Inventory: Codable {
        var documents: [Document]
        var permissions: [PermissionEntry]
    }

    struct Document: Codable {
        var path: String
        var kind: DocumentSummary.Kind
        var format: String
        @Null var encoding: String?
        var units: Int
    }

    struct PermissionEntry: Codable {
        var platform: Platform
        var name: String
        @Null var category: String?
        @Null var purpose: String?
        var path: String
        var line: Int
        var column: Int
        var qualifiers: [String: String]
    }

    struct FindingEntry: Codable {
        var ruleId: String
        var category: FindingCategory
        var severity: Severity
        var title: String
        var message: String
        var remediation: String
        var norms: [Norm]
        var app: String
        var path: String
        var line: Int
        var column: Int
        var quote: String
        var highlights: [Highlight]
        var fingerprint: String
        /// 1.1: set on entries of `suppressed`.
        var suppression: SuppressionEntry?
        /// Additive: other rules of the same category that matched the same clause; absent when none.
        var alsoMatched: [String]?
    }

    struct Highlight: Codable {
        var start: Int
        var end: Int
    }

    struct InputErrorEntry: Codable {
        var path: String
        @Null var app: String?
        var reason: String
    }

    /// Just the version, decoded first so that a file of another major version fails with
    /// "unsupported schema version" rather than with whatever field changed.
    struct VersionProbe: Decodable {
        var schemaVersion: String
    }
}
