import Findings
import Testing

@testable import Reporters

@Suite struct DeterminismTests {
    @Test(arguments: ReportFormat.allCases)
    func renderingTwiceGivesTheSameBytes(_ format: ReportFormat) {
        #expect(format.reporter.renderUTF8(Fixtures.report) == format.reporter.renderUTF8(Fixtures.report))
    }

    @Test(arguments: ReportFormat.allCases)
    func inputListOrderDoesNotChangeTheOutput(_ format: ReportFormat) {
        #expect(format.reporter.render(Fixtures.shuffled) == format.reporter.render(Fixtures.report))
    }

    @Test(arguments: ReportFormat.allCases)
    func outputEndsWithExactlyOneNewline(_ format: ReportFormat) {
        for report in [Fixtures.report, Fixtures.clean] {
            let text = format.reporter.render(report)
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
            #expect(!text.contains("\r"))
        }
    }

    @Test(arguments: ReportFormat.allCases)
    func outputIsIndependentOfThreadTiming(_ format: ReportFormat) async {
        let expected = format.reporter.render(Fixtures.report)
        let outputs = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { format.reporter.render(Fixtures.shuffled) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.allSatisfy { $0 == expected })
    }

    @Test func formatsNameTheirReporterAndExtension() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["markdown", "json", "sarif", "junit", "html", "github", "gitlab"])
        #expect(ReportFormat.allCases.map(\.fileExtension) == ["md", "json", "sarif", "xml", "html", "txt", "json"])
        #expect(ReportFormat.markdown.reporter is MarkdownReporter)
        #expect(ReportFormat.json.reporter is JSONReporter)
        #expect(ReportFormat.sarif.reporter is SARIFReporter)
        #expect(ReportFormat.junit.reporter is JUnitReporter)
        #expect(ReportFormat.html.reporter is HTMLReporter)
    }
}
