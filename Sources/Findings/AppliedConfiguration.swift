/// The settings a scan ran with, for the memo's "Configuration applied" section: a memo an
/// officer signs must say which rules were off, which severities were changed and what was left out.
///
/// Not part of the JSON report (whose content this issue keeps unchanged); a report merged from
/// JSON shards has none.
public struct AppliedConfiguration: Sendable, Codable, Equatable {
    /// A severity the config file changed.
    public struct SeverityChange: Sendable, Codable, Equatable, Comparable {
        public var rule: String
        /// The rule's own severity, when the rule was loaded.
        public var from: Severity?
        public var to: Severity

        public init(rule: String, from: Severity?, to: Severity) {
            self.rule = rule
            self.from = from
            self.to = to
        }

        public static func < (lhs: SeverityChange, rhs: SeverityChange) -> Bool { lhs.rule < rhs.rule }
    }

    /// The config file as given or found, nil when none was used.
    public var file: String?
    public var disabledRules: [String]
    public var severityChanges: [SeverityChange]
    /// `exclude` patterns: paths not audited.
    public var excludedPaths: [String]
    /// The gate: a severity, or `none`.
    public var failOn: String
    /// Where the gate came from: `--fail-on`, the config file, or the default.
    public var failOnSource: String
    /// The category given to apps whose lendaudit.yml gives none (`--category` or the config).
    public var defaultCategory: String?
    /// Number of suppressions the config file holds.
    public var suppressions: Int

    public init(
        file: String?, disabledRules: [String], severityChanges: [SeverityChange], excludedPaths: [String],
        failOn: String, failOnSource: String, defaultCategory: String?, suppressions: Int
    ) {
        self.file = file
        self.disabledRules = disabledRules.sorted()
        self.severityChanges = severityChanges.sorted()
        self.excludedPaths = excludedPaths
        self.failOn = failOn
        self.failOnSource = failOnSource
        self.defaultCategory = defaultCategory
        self.suppressions = suppressions
    }
}
