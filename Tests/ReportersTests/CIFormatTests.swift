import Findings
import Foundation
import Testing

@testable import Reporters

/// The formats a pipeline reads besides SARIF, and the gate in each of them.
@Suite struct CIFormatTests {
    static let high = ReportSettings(gate: Gate(threshold: .high))

    @Test func workflowCommandsEscapeDataAndProperties() {
        #expect(GitHubAnnotationsReporter.escapeData("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext: a,b")
        #expect(GitHubAnnotationsReporter.escapeProperty("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext%3A a%2Cb")
        #expect(GitHubAnnotationsReporter.command("error", properties: [("file", "a,b.html"), ("title", "X: y")], message: "m\nn")
            == "::error file=a%2Cb.html,title=X%3A y::m%0An")
    }

    @Test func annotationsAreErrorsOnlyAtOrAboveTheGate() {
        let text = GitHubAnnotationsReporter(settings: Self.high).render(Fixtures.report)
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        let failing = Fixtures.report.findings.filter { $0.severity >= .high }.count
        let inputErrors = Fixtures.report.inputErrors.count
        #expect(lines.filter { $0.hasPrefix("::error ") }.count == failing + inputErrors)
        // One line per finding: a quote with a line break cannot split a command.
        #expect(lines.count == Fixtures.report.findings.count + inputErrors)
    }

    @Test func gitLabCodeQualityHasTheFieldsGitLabRequires() throws {
        let text = GitLabCodeQualityReporter().render(Fixtures.report)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(issues.count == Fixtures.report.findings.count)
        for issue in issues {
            #expect((issue["description"] as? String)?.isEmpty == false)
            #expect((issue["check_name"] as? String)?.isEmpty == false)
            #expect((issue["fingerprint"] as? String)?.isEmpty == false)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = try #require(issue["location"] as? [String: Any])
            #expect((location["path"] as? String)?.isEmpty == false)
            #expect(((location["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
        }
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == issues.count)
        let empty = AuditReport(tool: Fixtures.report.tool, roots: [], rulePacks: [], rules: [], apps: [], inputErrors: [])
        #expect(GitLabCodeQualityReporter().render(empty) == "[]\n")
    }

    @Test func junitFailsOnlyRulesWithFindingsAtOrAboveTheGate() throws {
        let xml = JUnitReporter(settings: Self.high).render(Fixtures.report)
        let failingRules = Set(Fixtures.report.apps.flatMap { app in
            app.findings.filter { $0.severity >= .high }.map { "\(app.name)|\($0.ruleId)" }
        })
        let failures = xml.components(separatedBy: "<failure ").count - 1
        #expect(failures == failingRules.count)
        #expect(xml.contains("failures=\"\(failures)\""))
        // Findings under the gate are listed, not failed.
        let below = Fixtures.report.findings.filter { $0.severity < .high }
        #expect(!below.isEmpty)
        #expect(xml.contains("<system-out>below --fail-on high"))
        // Without a gate (a report rendered on its own), every finding fails, as before.
        let ungated = JUnitReporter().render(Fixtures.report)
        #expect(ungated.components(separatedBy: "<failure ").count - 1 > failures)
        #expect(JUnitReporter(settings: ReportSettings(gate: Gate(threshold: nil))).render(Fixtures.report).contains("<failure ") == false)
    }

    @Test func markdownAndJSONStateTheGate() throws {
        let markdown = MarkdownReporter(settings: Self.high).render(Fixtures.report)
        let failing = Fixtures.report.findings.filter { $0.severity >= .high }.count
        #expect(markdown.contains("Gate: `--fail-on high`; \(failing) findings at or above it."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter(settings: Self.high).render(Fixtures.report).utf8)) as? [String: Any])
        #expect(json["failOn"] as? String == "high")
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter().render(Fixtures.report).utf8)) as? [String: Any])
        #expect(plain["failOn"] is NSNull)
    }

    @Test func gateReadsAnyCase() {
        #expect(Gate("HIGH")?.threshold == .high)
        #expect(Gate("None")?.threshold == nil)
        #expect(Gate("None") != nil)
        #expect(Gate("severe") == nil)
        #expect(ReportFormat(argument: "MD") == .markdown)
        #expect(ReportFormat(argument: "gitlab") == .gitlab)
    }
}
