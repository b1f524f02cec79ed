import Findings
import Foundation
import Testing

@testable import Reporters

/// Suppressed findings stay visible with their reason; baselines and unused suppressions show up
/// in every format that has a place for them.
@Suite struct SuppressionAndBaselineRenderingTests {
    static var report: AuditReport {
        var report = Fixtures.report
        var suppressed = report.apps[0].findings.removeFirst()
        suppressed.suppression = Suppression(reason: "Reviewed by legal", expires: "2027-01-31", source: ".lendaudit.yml:4")
        report.apps[0].suppressed = [suppressed]
        report.baseline = BaselineComparison(file: "old.json", unchanged: 3, fixed: [
            BaselineEntry(ruleId: "CN-GONE", title: "Gone", app: "Acme 贷", location: SourceLocation(path: "a/p.html", line: 2, column: 1),
                          quote: "旧条款", fingerprint: "f00d"),
        ])
        report.unusedSuppressions = [UnusedSuppression(rule: "CN-X", path: nil, reason: "r", source: ".lendaudit.yml:9", expired: true)]
        return report
    }

    @Test func markdownListsSuppressedWithReasonBaselineAndUnused() {
        let markdown = MarkdownReporter().render(Self.report)
        #expect(markdown.contains("**Suppressed (1)**"))
        #expect(markdown.contains("suppressed by `.lendaudit.yml:4`: Reviewed by legal (until 2027-01-31)."))
        #expect(markdown.contains("## Compared with the baseline"))
        #expect(markdown.contains("3 known findings not repeated above, 1 finding fixed since."))
        #expect(markdown.contains("## Suppressions that matched nothing"))
        #expect(markdown.contains("| expired |"))
    }

    @Test func suppressedFindingsAreNotCounted() {
        let original = MarkdownReporter().render(Fixtures.report)
        let total = Fixtures.report.findings.count
        #expect(original.contains("**\(total) findings**"))
        #expect(MarkdownReporter().render(Self.report).contains("**\(total - 1) findings**"))
    }

    @Test func sarifMarksSuppressedResultsAndBaselineState() throws {
        let sarif = SARIFReporter().render(Self.report)
        #expect(sarif.contains("\"justification\" : \"Reviewed by legal\""))
        #expect(sarif.contains("\"baselineState\" : \"new\""))
        try SchemaValidation.validate(sarif, against: "sarif-schema-2.1.0.json")
    }

    @Test func jsonRoundTripsTheNewFields() throws {
        let json = JSONReporter().render(Self.report)
        #expect(try JSONReportReader.read(Array(json.utf8)) == Self.report.inReportOrder())
        try SchemaValidation.validate(json, against: "lendaudit-report-1.0.schema.json")
    }
}
