import ArgumentParser
import Findings
import Reporters

/// The exit codes DESIGN.md promises, in one place.
enum ExitStatus: Int32 {
    case clean = 0
    case findings = 1
    case usage = 2
    case inputErrors = 3

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// 3 when any input could not be audited (the audit is incomplete), else 1 when a finding is at
    /// or above --fail-on, else 0. Suppressed and baseline-known findings are not in `findings`.
    static func of(inputErrors: Int, findings: [Finding], gate: Gate) -> ExitStatus {
        of(inputErrors: inputErrors, highestSeverity: findings.map(\.severity).max(), gate: gate)
    }

    static func of(inputErrors: Int, highestSeverity: Severity?, gate: Gate) -> ExitStatus {
        if inputErrors > 0 { return .inputErrors }
        if let highestSeverity, gate.fails(highestSeverity) { return .findings }
        return .clean
    }
}
