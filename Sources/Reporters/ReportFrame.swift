import Findings

/// Everything a report says outside the apps' own sections: what was scanned, the summary
/// tables, the baseline, unused suppressions and input errors.
///
/// A scan renders each app's section as soon as the app is audited and keeps only its digest, so
/// memory holds the frame (a few numbers per app), never the whole report; `render` builds the
/// same frame from a finished `AuditReport`, which is why both give the same bytes.
public struct ReportFrame: Sendable {
    public var tool: ToolInfo
    public var roots: [String]
    public var rulePacks: [RulePackSummary]
    public var rules: [RuleDescriptor]
    /// One digest per app, in report order.
    public var apps: [AppDigest]
    public var inputErrors: [InputError]
    public var baseline: BaselineComparison?
    public var unusedSuppressions: [UnusedSuppression]
    /// Inputs audited with a caveat; they never fail the run.
    public var warnings: [InputWarning]
    /// Files and companion folders looked at and not read.
    public var skippedFiles: [SkippedFile]
    /// The shard a `--shard` run audited.
    public var shard: ShardNumber?
    /// The settings the scan ran with, when known (not for reports merged from JSON).
    public var configuration: AppliedConfiguration?
    var tally = FindingTally([])
    /// Every norm a finding of any app cites, by id (the memo prints each once).
    private(set) var citedNorms: [String: NormCitation] = [:]
    /// Every rule a finding names, as its rule or among `alsoMatched`.
    private(set) var citedRules: Set<String> = []

    /// The highest severity of the findings of every app added.
    public var highestSeverity: Severity? { tally.highestSeverity }

    /// The frame of a scan whose apps were added one by one with `add`.
    public init(
        tool: ToolInfo, roots: [String], rulePacks: [RulePackSummary], rules: [RuleDescriptor],
        inputErrors: [InputError] = [], baseline: BaselineComparison? = nil, unusedSuppressions: [UnusedSuppression] = [],
        warnings: [InputWarning] = [], skippedFiles: [SkippedFile] = [], configuration: AppliedConfiguration? = nil
    ) {
        self.configuration = configuration
        self.warnings = warnings
        self.skippedFiles = skippedFiles
        self.tool = tool
        self.roots = roots
        self.rulePacks = rulePacks
        self.rules = rules
        self.apps = []
        self.inputErrors = inputErrors
        self.baseline = baseline
        self.unusedSuppressions = unusedSuppressions
    }

    /// Appends the next app in report order.
    public mutating func add(_ digest: AppDigest) {
        tally.add(digest.tally)
        for norm in digest.citedNorms where citedNorms[norm.id] == nil { citedNorms[norm.id] = norm }
        citedRules.formUnion(digest.citedRules)
        var kept = digest
        // The frame holds the cited norms and rules now; ten thousand apps need not keep them each.
        // The tally stays: the memo ranks apps and draws the apps × category matrix from it.
        kept.citedNorms = []
        kept.citedRules = []
        apps.append(kept)
    }

    /// Lists in report order (see `AuditReport.inReportOrder`), for a frame whose parts were
    /// gathered out of order.
    public mutating func sortForReport() {
        let ordered = AuditReport(
            tool: tool, roots: roots, rulePacks: rulePacks, rules: rules, apps: [], inputErrors: inputErrors,
            baseline: baseline, unusedSuppressions: unusedSuppressions, warnings: warnings, skippedFiles: skippedFiles
        ).inReportOrder()
        warnings = ordered.warnings
        skippedFiles = ordered.skippedFiles
        rulePacks = ordered.rulePacks
        rules = ordered.rules
        inputErrors = ordered.inputErrors
        baseline = ordered.baseline
        unusedSuppressions = ordered.unusedSuppressions
    }

    var documentCount: Int { apps.reduce(0) { $0 + $1.documents } }
}

/// What the summary parts of a report need to know of one app.
public struct AppDigest: Sendable {
    public var name: String
    /// The app folder relative to the scanned root.
    public var path: String
    public var version: String?
    public var jurisdictions: [String]
    public var category: String?
    public var categoryInferred: Bool
    public var documents: Int
    public var agreements: Int
    public var permissions: Int
    public let findings: Int
    public let highestSeverity: Severity?
    /// Findings a suppression covers (listed in the memo, never counted).
    public let suppressed: Int
    var tally: FindingTally
    /// The norms the app's findings cite, and the rules they name (with `alsoMatched`).
    var citedNorms: [NormCitation]
    var citedRules: [String]

    public init(_ app: AppReport) {
        name = app.name
        path = app.path
        version = app.version
        jurisdictions = app.jurisdictions
        category = app.category
        categoryInferred = app.categoryInferred
        documents = app.documents.count
        agreements = app.documents.filter { $0.kind == .agreement }.count
        permissions = app.permissions.count
        tally = FindingTally(app.findings)
        findings = tally.total
        highestSeverity = tally.highestSeverity
        suppressed = app.suppressed.count
        var norms: [NormCitation] = []
        var seen = Set<String>()
        var rules = Set<String>()
        for finding in app.findings + app.suppressed {
            for norm in finding.norms where seen.insert(norm.id).inserted { norms.append(norm) }
            rules.insert(finding.ruleId)
            rules.formUnion(finding.alsoMatched)
        }
        citedNorms = norms
        citedRules = rules.sorted()
    }

    /// Findings per severity, most severe first: the memo's ranking key.
    var severityCounts: [Int] { Severity.descending.map { tally.count($0) } }
}
