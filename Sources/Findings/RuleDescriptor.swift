/// What reporters need to know of a rule (SARIF's `tool.driver.rules`, `rules show`), without
/// seeing the rule engine.
public struct RuleDescriptor: Sendable, Hashable, Codable {
    public enum Scope: String, Sendable, Codable, CaseIterable {
        case agreement, manifest, app
    }

    public var id: String
    public var title: String
    public var titleZh: String?
    public var category: FindingCategory
    public var severity: Severity
    public var appliesTo: Scope
    /// The app categories the rule is limited to (empty: every app).
    public var appCategories: [String]
    public var message: String
    public var remediation: String
    public var norms: [NormCitation]
    /// The pack it came from, e.g. `cn-pi`.
    public var pack: String

    public init(
        id: String, title: String, titleZh: String?, category: FindingCategory, severity: Severity, appliesTo: Scope,
        appCategories: [String], message: String, remediation: String, norms: [NormCitation], pack: String
    ) {
        self.id = id
        self.title = title
        self.titleZh = titleZh
        self.category = category
        self.severity = severity
        self.appliesTo = appliesTo
        self.appCategories = appCategories
        self.message = message
        self.remediation = remediation
        self.norms = norms
        self.pack = pack
    }
}

extension RuleDescriptor {
    /// Report order of rules: id, then pack (a `--rules` pack may reuse a bundled id).
    public static func reportOrder(_ lhs: RuleDescriptor, _ rhs: RuleDescriptor) -> Bool {
        (lhs.id, lhs.pack) < (rhs.id, rhs.pack)
    }
}
