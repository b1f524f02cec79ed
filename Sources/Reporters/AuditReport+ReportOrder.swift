import Findings

extension AuditReport {
    /// The same report with every list in report order, so output never depends on the order
    /// in which parallel stages happened to finish.
    ///
    /// Apps sort by name then path; findings by app, path, line, column, rule id (fingerprint
    /// breaks the remaining ties); documents by path; permissions by location; rules by id; rule
    /// packs by name; input errors by path. Roots keep the order the user typed them in, and the
    /// norms of a finding keep the order its rule lists them in: both orders carry meaning.
    public func inReportOrder() -> AuditReport {
        var sorted = self
        sorted.rulePacks.sort { ($0.name, $0.source, $0.ruleCount) < ($1.name, $1.source, $1.ruleCount) }
        sorted.rules.sort(by: RuleDescriptor.reportOrder)
        sorted.apps = apps.map { $0.inReportOrder() }.sorted(by: AppReport.reportOrder)
        sorted.inputErrors.sort { ($0.path, $0.reason, $0.app ?? "") < ($1.path, $1.reason, $1.app ?? "") }
        sorted.baseline?.fixed.sort()
        sorted.unusedSuppressions.sort()
        sorted.warnings.sort()
        sorted.skippedFiles.sort()
        return sorted
    }
}

extension AppReport {
    /// The same app with documents, permissions and findings in report order.
    public func inReportOrder() -> AppReport {
        var sorted = self
        sorted.jurisdictions.sort()
        sorted.documents.sort { ($0.path, $0.kind.rawValue, $0.format) < ($1.path, $1.kind.rawValue, $1.format) }
        sorted.permissions.sort()
        sorted.findings.sort(by: Finding.totalReportOrder)
        sorted.suppressed.sort(by: Finding.totalReportOrder)
        sorted.baselined.sort(by: Finding.totalReportOrder)
        return sorted
    }
}

extension Finding {
    /// `reportOrder`, with the fingerprint and severity as tie-breakers so that two findings of
    /// one rule at one place (possible with overlapping clauses) still sort the same way every time.
    static func totalReportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if reportOrder(lhs, rhs) { return true }
        if reportOrder(rhs, lhs) { return false }
        return (lhs.fingerprint, rhs.severity, lhs.excerpt.text) < (rhs.fingerprint, lhs.severity, rhs.excerpt.text)
    }
}
