/// Why a finding is not counted: a reviewed decision from the config file. The finding itself
/// stays in every report, with the reason, so evidence is never withheld.
public struct Suppression: Sendable, Hashable, Codable {
    public var reason: String
    /// `YYYY-MM-DD`; after it the suppression no longer applies.
    public var expires: String?
    /// Where the suppression is written, `.lendaudit.yml:12`.
    public var source: String

    public init(reason: String, expires: String?, source: String) {
        self.reason = reason
        self.expires = expires
        self.source = source
    }
}

/// The outcome of comparing a scan with an earlier JSON report (`--baseline`).
public struct BaselineComparison: Sendable, Hashable, Codable {
    /// The baseline file as given on the command line.
    public var file: String
    /// Findings of this scan already in the baseline: not reported again, never failing.
    public var unchanged: Int
    /// Baseline findings that no longer occur.
    public var fixed: [BaselineEntry]

    public init(file: String, unchanged: Int, fixed: [BaselineEntry]) {
        self.file = file
        self.unchanged = unchanged
        self.fixed = fixed
    }
}

/// A finding remembered from a baseline report.
public struct BaselineEntry: Sendable, Hashable, Codable, Comparable {
    public var ruleId: String
    public var title: String
    public var app: String
    public var location: SourceLocation
    public var quote: String
    public var fingerprint: String

    public init(ruleId: String, title: String, app: String, location: SourceLocation, quote: String, fingerprint: String) {
        self.ruleId = ruleId
        self.title = title
        self.app = app
        self.location = location
        self.quote = quote
        self.fingerprint = fingerprint
    }

    /// Report order: app, location, rule id, fingerprint.
    public static func < (lhs: BaselineEntry, rhs: BaselineEntry) -> Bool {
        (lhs.app, lhs.location, lhs.ruleId, lhs.fingerprint) < (rhs.app, rhs.location, rhs.ruleId, rhs.fingerprint)
    }
}

/// A suppression from the config file that matched nothing in this scan.
public struct UnusedSuppression: Sendable, Hashable, Codable, Comparable {
    public var rule: String
    public var path: String?
    public var reason: String
    public var source: String
    /// True when it matched nothing because it has expired.
    public var expired: Bool

    public init(rule: String, path: String?, reason: String, source: String, expired: Bool) {
        self.rule = rule
        self.path = path
        self.reason = reason
        self.source = source
        self.expired = expired
    }

    /// Report order: where it is written, then the rule.
    public static func < (lhs: UnusedSuppression, rhs: UnusedSuppression) -> Bool {
        (lhs.source, lhs.rule) < (rhs.source, rhs.rule)
    }
}
