/// One violation: which rule, where, the original words, and the norm it breaks.
public struct Finding: Sendable, Hashable, Codable {
    public var ruleId: String
    public var category: FindingCategory
    public var severity: Severity
    public var title: String
    public var message: String
    public var remediation: String
    public var norms: [NormCitation]
    /// App identity: lendaudit.yml `name`, else the app folder's name.
    public var app: String
    public var location: SourceLocation
    public var excerpt: Excerpt
    /// Stable across reformatting and line shifts: see `Fingerprint`.
    public var fingerprint: String
    /// Set when a config-file suppression covers the finding (it then sits in
    /// `AppReport.suppressed`, not in `findings`).
    public var suppression: Suppression?
    /// Other rules of the same category that matched the same clause: one finding per clause and
    /// category names the most specific rule and lists these (sorted ids).
    public var alsoMatched: [String] = []
    /// The fingerprints the `alsoMatched` rules' findings would have had. A baseline made when one
    /// of them led the clause or permission (before a more severe rule or another pack joined)
    /// still recognises this finding. Not written to reports: a baseline keeps the fingerprint.
    public var alsoMatchedFingerprints: [String] = []

    public init(
        ruleId: String, category: FindingCategory, severity: Severity, title: String, message: String,
        remediation: String, norms: [NormCitation], app: String, location: SourceLocation, excerpt: Excerpt,
        fingerprint: String, suppression: Suppression? = nil
    ) {
        self.ruleId = ruleId
        self.category = category
        self.severity = severity
        self.title = title
        self.message = message
        self.remediation = remediation
        self.norms = norms
        self.app = app
        self.location = location
        self.excerpt = excerpt
        self.fingerprint = fingerprint
        self.suppression = suppression
    }

    /// The report order: app, path, line, column, rule id.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.app, lhs.location.path, lhs.location.line, lhs.location.column, lhs.ruleId)
            < (rhs.app, rhs.location.path, rhs.location.line, rhs.location.column, rhs.ruleId)
    }
}
