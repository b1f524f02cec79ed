import Findings

/// JUnit XML for CI servers (Jenkins, GitLab): a test suite per app, a test case per rule that
/// applies to the app (so passing checks show too), a failure per rule with findings, and an
/// error per input that could not be audited.
public struct JUnitReporter: SectionedReporter {
    /// The suite for input errors that belong to no app.
    public static let inputsSuiteName = "inputs"

    /// Longest quote in a failure, in Unicode scalars.
    public var quoteLimit: Int
    /// The gate: only findings at or above it fail a case; the others go to the case's
    /// system-out. Without one, every finding fails.
    public var settings: ReportSettings

    public init(quoteLimit: Int = 400, settings: ReportSettings = ReportSettings()) {
        self.quoteLimit = quoteLimit
        self.settings = settings
    }

    /// The app's rule cases; its suite is opened and closed by the assembler, which also adds the
    /// cases of the app's input errors.
    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        let cases = ruleCases(app, context.rules)
        return AppSection(
            text: cases.flatMap(\.xml).joined(separator: "\n"), tests: cases.count, failures: cases.filter(\.isFailure).count)
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        Assembler(knownErrors: context.knownErrors)
    }

    /// Input errors go to the suite of their app, the first of that name (names may repeat;
    /// apps of one name are consecutive in report order, so a name's suites are held back until
    /// the next name begins). Errors of no audited app get suites of their own, after the apps,
    /// sorted by name, `inputs` last.
    private final class Assembler: ReportAssembler {
        private var errorsByApp: [String: [InputError]] = [:]
        private var held: [(name: String, section: AppSection)] = []
        private var seenNames = Set<String>()
        private var tests = 0
        private var failures = 0
        private var errors = 0

        init(knownErrors: [InputError]) {
            for error in knownErrors {
                errorsByApp[error.app ?? JUnitReporter.inputsSuiteName, default: []].append(error)
            }
        }

        func append(_ section: AppSection, app: AppDigest, errors: [InputError]) -> String {
            let flushed = held.first?.name == app.name ? "" : flush()
            held.append((app.name, section))
            seenNames.insert(app.name)
            for error in errors { errorsByApp[app.name, default: []].append(error) }
            return flushed
        }

        func finish(_ frame: ReportFrame) -> (head: String, tail: String) {
            var tail = flush()
            let orphans = Dictionary(grouping: frame.inputErrors) { $0.app ?? JUnitReporter.inputsSuiteName }
                .filter { !seenNames.contains($0.key) }
            // Warnings and files not read, of every app, are cases of the `inputs` suite: they are
            // known only once every app is in, and an app's suite is written by then.
            let noteCases = frame.warnings.map { warning in
                TestCase(name: "warning: \(warning.path)", className: warning.app ?? JUnitReporter.inputsSuiteName,
                         outcome: .warning(message: warning.reason))
            } + frame.skippedFiles.map { file in
                TestCase(name: "not read: \(file.path)", className: file.app ?? JUnitReporter.inputsSuiteName,
                         outcome: .skipped(message: file.reason))
            }
            var names = Set(orphans.keys)
            if !noteCases.isEmpty { names.insert(JUnitReporter.inputsSuiteName) }
            let sortedNames = names.sorted {
                ($0 == JUnitReporter.inputsSuiteName ? 1 : 0, $0) < ($1 == JUnitReporter.inputsSuiteName ? 1 : 0, $1)
            }
            for name in sortedNames {
                tail += suite(
                    name: name, ruleCases: AppSection(text: ""), errors: orphans[name] ?? [],
                    notes: name == JUnitReporter.inputsSuiteName ? noteCases : [])
            }
            let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"lendaudit\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">"
            return (head, tail + "\n</testsuites>\n")
        }

        /// The held suites of one name, the first with that name's input errors.
        private func flush() -> String {
            var text = ""
            for (index, entry) in held.enumerated() {
                let errors = index == 0 ? (errorsByApp.removeValue(forKey: entry.name) ?? []).sorted() : []
                text += suite(name: entry.name, ruleCases: entry.section, errors: errors)
            }
            held.removeAll()
            return text
        }

        private func suite(
            name: String, ruleCases: AppSection, errors inputErrors: [InputError], notes: [TestCase] = []
        ) -> String {
            let errorCases = inputErrors.map { error in
                TestCase(
                    name: "input: \(error.path)", className: name,
                    outcome: .error(message: error.reason, body: "\(error.path): \(error.reason)"))
            }
            let skippedCount = notes.filter { if case .skipped = $0.outcome { true } else { false } }.count
            let count = ruleCases.tests + errorCases.count + notes.count
            tests += count
            failures += ruleCases.failures
            errors += errorCases.count
            let open = "  <testsuite name=\"\(XMLText.attribute(name))\" tests=\"\(count)\" "
                + "failures=\"\(ruleCases.failures)\" errors=\"\(errorCases.count)\" skipped=\"\(skippedCount)\""
            guard count > 0 else { return "\n" + open + "/>" }
            var lines = [open + ">"]
            if !ruleCases.text.isEmpty { lines.append(ruleCases.text) }
            lines += errorCases.flatMap(\.xml)
            lines += notes.flatMap(\.xml)
            lines.append("  </testsuite>")
            return "\n" + lines.joined(separator: "\n")
        }
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
            func lines(_ findings: [Finding]) -> String {
                findings.map { finding in
                    let quote = QuoteWindow(finding.excerpt, limit: quoteLimit).plainText
                    return "\(finding.location): [\(finding.severity)] \(quote)"
                }.joined(separator: "\n")
            }
            let gate = settings.gate
            let failing = findings.filter { gate?.fails($0.severity) ?? true }
            let below = findings.filter { !(gate?.fails($0.severity) ?? true) }
            // Findings under the gate are shown, not failed: a green pipeline has no red tests.
            let belowText = below.isEmpty ? nil : "below --fail-on \(gate?.text ?? "")\n" + lines(below)
            guard !failing.isEmpty else {
                return TestCase(name: name, className: app.name, outcome: .passed, systemOut: belowText)
            }
            let severity = failing.map(\.severity).max() ?? .info
            var count = failing.count == 1 ? "1 finding" : "\(failing.count) findings"
            if let gate { count += " at or above \(gate.text)" }
            return TestCase(
                name: name, className: app.name, outcome: .failure(message: count, type: severity.rawValue, body: lines(failing)),
                systemOut: belowText)
        }
    }

    /// A rule limited to app categories applies only to apps of those categories.
    static func applies(_ rule: RuleDescriptor, to app: AppReport) -> Bool {
        rule.appCategories.isEmpty || app.category.map(rule.appCategories.contains) == true
    }

    fileprivate struct TestCase {
        enum Outcome {
            case passed
            case failure(message: String, type: String, body: String)
            case error(message: String, body: String)
            /// A file looked at and not read.
            case skipped(message: String)
            /// An input audited with a caveat: passes, with the caveat on its standard error.
            case warning(message: String)
        }

        var name: String
        var className: String
        var outcome: Outcome
        /// Findings of the case under the gate, listed and not failed.
        var systemOut: String? = nil

        var isFailure: Bool {
            if case .failure = outcome { return true }
            return false
        }

        var xml: [String] {
            let open = "    <testcase classname=\"\(XMLText.attribute(className))\" name=\"\(XMLText.attribute(name))\""
            let out = systemOut.map { ["      <system-out>" + XMLText.text($0) + "</system-out>"] } ?? []
            switch outcome {
            case .passed:
                return out.isEmpty ? [open + "/>"] : [open + ">"] + out + ["    </testcase>"]
            case .failure(let message, let type, let body):
                return [
                    open + ">",
                    "      <failure message=\"\(XMLText.attribute(message))\" type=\"\(XMLText.attribute(type))\">"
                        + XMLText.text(body) + "</failure>",
                ] + out + ["    </testcase>"]
            case .error(let message, let body):
                return [
                    open + ">",
                    "      <error message=\"\(XMLText.attribute(message))\" type=\"input-error\">"
                        + XMLText.text(body) + "</error>",
                    "    </testcase>",
                ]
            case .skipped(let message):
                return [open + ">", "      <skipped message=\"\(XMLText.attribute(message))\"/>", "    </testcase>"]
            case .warning(let message):
                return [open + ">", "      <system-err>warning: " + XMLText.text(message) + "</system-err>", "    </testcase>"]
            }
        }
    }
}
