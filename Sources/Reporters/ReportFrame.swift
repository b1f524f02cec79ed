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
    var tally = FindingTally([])

    /// The highest severity of the findings of every app added.
    public var highestSeverity: Severity? { tally.highestSeverity }

    /// The frame of a scan whose apps were added one by one with `add`.
    public init(
        tool: ToolInfo, roots: [String], rulePacks: [RulePackSummary], rules: [RuleDescriptor],
        inputErrors: [InputError] = [], baseline: BaselineComparison? = nil, unusedSuppressions: [UnusedSuppression] = [],
        warnings: [InputWarning] = [], skippedFiles: [SkippedFile] = []
    ) {
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
        var kept = digest
        // The frame's tally has the counts now; ten thousand apps need not keep fifty each.
        kept.tally = FindingTally.empty
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
    public var category: String?
    public var categoryInferred: Bool
    public var documents: Int
    public var agreements: Int
    public var permissions: Int
    public let findings: Int
    public let highestSeverity: Severity?
    var tally: FindingTally

    public init(_ app: AppReport) {
        name = app.name
        category = app.category
        categoryInferred = app.categoryInferred
        documents = app.documents.count
        agreements = app.documents.filter { $0.kind == .agreement }.count
        permissions = app.permissions.count
        tally = FindingTally(app.findings)
        findings = tally.total
        highestSeverity = tally.highestSeverity
    }
}
