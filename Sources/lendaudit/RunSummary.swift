import Findings
import Foundation
import Reporters

/// What a run prints on stderr when its reports go to files: one summary line, then one
/// `path:line:col: severity RULE — title` line per finding that fails the gate, capped, so that a
/// blocked pull request's log says why.
struct RunSummary: Sendable {
    /// Lines per failing finding before "… and N more".
    static let cap = 20

    var apps = 0
    var bySeverity: [Severity: Int] = [:]
    var baselined = 0
    var suppressed = 0
    /// The first `cap` failing findings in report order, and how many there were in all.
    var failing: [Finding] = []
    var failingCount = 0

    /// One app's part (computed on the worker that audited it).
    init(_ app: AppReport, gate: Gate) {
        apps = 1
        for finding in app.findings { bySeverity[finding.severity, default: 0] += 1 }
        baselined = app.baselined.count
        suppressed = app.suppressed.count
        let failing = app.findings.filter { gate.fails($0.severity) }
        failingCount = failing.count
        self.failing = Array(failing.prefix(Self.cap))
    }

    init() {}

    /// The findings of a finished report (merge).
    init(_ report: AuditReport, gate: Gate) {
        for app in report.apps { add(RunSummary(app, gate: gate)) }
    }

    /// Adds the next app's part, in report order.
    mutating func add(_ other: RunSummary) {
        apps += other.apps
        bySeverity.merge(other.bySeverity, uniquingKeysWith: +)
        baselined += other.baselined
        suppressed += other.suppressed
        failing += other.failing.prefix(max(0, Self.cap - failing.count))
        failingCount += other.failingCount
    }

    func lines(gate: Gate, inputErrors: Int, reports: [String]) -> [String] {
        let total = bySeverity.values.reduce(0, +)
        let severities = Severity.descending.compactMap { severity in bySeverity[severity].map { "\($0) \(severity)" } }
        var summary = "\(total) finding\(total == 1 ? "" : "s") in \(apps) app\(apps == 1 ? "" : "s")"
        if !severities.isEmpty { summary += " (\(severities.joined(separator: ", ")))" }
        if baselined > 0 { summary += ", \(baselined) already in the baseline" }
        if suppressed > 0 { summary += ", \(suppressed) suppressed" }
        summary += gate.threshold == nil
            ? "; --fail-on none" : "; \(failingCount) at or above --fail-on \(gate.text)"
        if inputErrors > 0 { summary += "; \(inputErrors) input\(inputErrors == 1 ? "" : "s") not audited" }
        if !reports.isEmpty { summary += "; reports: " + reports.joined(separator: ", ") }
        var lines = [summary]
        lines += failing.map { "\($0.location): \($0.severity) \($0.ruleId) — \($0.title)" }
        if failingCount > failing.count { lines.append("… and \(failingCount - failing.count) more") }
        return lines
    }

    /// Printed when the reports went to files, or only GitHub annotations to standard output
    /// (a log, like stderr); a report a person reads on standard output says all this itself.
    func print(gate: Gate, inputErrors: Int, outputs: OutputOptions) {
        let targets = outputs.targets
        guard !targets.contains(where: { ($0.path == nil || $0.path == "-") && $0.format != .github }) else { return }
        let lines = lines(gate: gate, inputErrors: inputErrors, reports: targets.compactMap(\.path))
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}
