import Findings

/// JUnit XML for CI servers (Jenkins, GitLab): a test suite per app, a test case per rule that
/// applies to the app (so passing checks show too), a failure per rule with findings, and an
/// error per input that could not be audited.
public struct JUnitReporter: Reporter {
    /// The suite for input errors that belong to no app.
    public static let inputsSuiteName = "inputs"

    /// Longest quote in a failure, in Unicode scalars.
    public var quoteLimit: Int

    public init(quoteLimit: Int = 400) {
        self.quoteLimit = quoteLimit
    }

    public func render(_ report: AuditReport) -> String {
        let report = report.inReportOrder()
        var suites = report.apps.map { Suite(name: $0.name, cases: ruleCases($0, report.rules)) }
        // Input errors go to their app's suite; an app that could not be read at all still gets a
        // suite of its own, so the CI page shows it under its name.
        for error in report.inputErrors {
            let name = error.app ?? Self.inputsSuiteName
            let errorCase = TestCase(
                name: "input: \(error.path)", className: name,
                outcome: .error(message: error.reason, body: "\(error.path): \(error.reason)"))
            if let index = suites.firstIndex(where: { $0.name == name }) {
                suites[index].cases.append(errorCase)
            } else {
                suites.append(Suite(name: name, cases: [errorCase]))
            }
        }
        let appCount = report.apps.count
        // Apps keep report order; suites added for input errors follow, sorted, "inputs" last.
        suites = Array(suites[..<appCount]) + suites[appCount...].sorted {
            ($0.name == Self.inputsSuiteName ? 1 : 0, $0.name) < ($1.name == Self.inputsSuiteName ? 1 : 0, $1.name)
        }

        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let all = suites.flatMap(\.cases)
        lines.append(
            "<testsuites name=\"lendaudit\" tests=\"\(all.count)\" failures=\"\(all.filter(\.isFailure).count)\" "
                + "errors=\"\(all.filter(\.isError).count)\">")
        for suite in suites {
            lines += suite.xml
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One case per rule that applies to the app, in rule-id order, plus one for any rule id a
    /// finding names that the report does not describe.
    private func ruleCases(_ app: AppReport, _ rules: [RuleDescriptor]) -> [TestCase] {
        let byRule = Dictionary(grouping: app.findings, by: \.ruleId)
        var titles: [String: String] = [:]
        for rule in rules where Self.applies(rule, to: app) || byRule[rule.id] != nil {
            titles[rule.id] = titles[rule.id] ?? rule.title
        }
        for finding in app.findings where titles[finding.ruleId] == nil {
            titles[finding.ruleId] = finding.title
        }
        return titles.keys.sorted().map { id in
            let name = "\(id): \(titles[id] ?? "")"
            guard let findings = byRule[id], !findings.isEmpty else {
                return TestCase(name: name, className: app.name, outcome: .passed)
            }
            let severity = findings.map(\.severity).max() ?? .info
            let body = findings.map { finding in
                let quote = QuoteWindow(finding.excerpt, limit: quoteLimit).plainText
                return "\(finding.location): [\(finding.severity)] \(quote)"
            }.joined(separator: "\n")
            let count = findings.count == 1 ? "1 finding" : "\(findings.count) findings"
            return TestCase(
                name: name, className: app.name, outcome: .failure(message: count, type: severity.rawValue, body: body))
        }
    }

    /// A rule limited to app categories applies only to apps of those categories.
    static func applies(_ rule: RuleDescriptor, to app: AppReport) -> Bool {
        rule.appCategories.isEmpty || app.category.map(rule.appCategories.contains) == true
    }

    private struct Suite {
        var name: String
        var cases: [TestCase]

        var xml: [String] {
            let failures = cases.filter(\.isFailure).count
            let errors = cases.filter(\.isError).count
            let open = "  <testsuite name=\"\(XMLText.attribute(name))\" tests=\"\(cases.count)\" "
                + "failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\""
            guard !cases.isEmpty else { return [open + "/>"] }
            return [open + ">"] + cases.flatMap(\.xml) + ["  </testsuite>"]
        }
    }

    private struct TestCase {
        enum Outcome {
            case passed
            case failure(message: String, type: String, body: String)
            case error(message: String, body: String)
        }

        var name: String
        var className: String
        var outcome: Outcome

        var isFailure: Bool {
            if case .failure = outcome { return true }
            return false
        }

        var isError: Bool {
            if case .error = outcome { return true }
            return false
        }

        var xml: [String] {
            let open = "    <testcase classname=\"\(XMLText.attribute(className))\" name=\"\(XMLText.attribute(name))\""
            switch outcome {
            case .passed:
                return [open + "/>"]
            case .failure(let message, let type, let body):
                return [
                    open + ">",
                    "      <failure message=\"\(XMLText.attribute(message))\" type=\"\(XMLText.attribute(type))\">"
                        + XMLText.text(body) + "</failure>",
                    "    </testcase>",
                ]
            case .error(let message, let body):
                return [
                    open + ">",
                    "      <error message=\"\(XMLText.attribute(message))\" type=\"input-error\">"
                        + XMLText.text(body) + "</error>",
                    "    </testcase>",
                ]
            }
        }
    }
}
