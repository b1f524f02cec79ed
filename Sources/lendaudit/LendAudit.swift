import ArgumentParser
import Findings
import Foundation
import Reporters
import Rules

/// The `lendaudit` command: flags → configuration → pipeline → exit code.
@main
struct LendAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lendaudit",
        abstract: "Audit lending apps' agreements and permission manifests against personal-information law.",
        discussion: """
            Points at saved user agreements, privacy policies and manifests, and reports every clause and permission that breaks the "necessary personal information" norms, quoting the original words with file, line and column, and citing the norm each one breaks.

            Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or configuration error (bad rule file, unknown option); 3 some inputs could not be audited (the report still lists everything else).
            """,
        version: AuditVersion.string,
        subcommands: [Scan.self, RulesCommand.self, Diff.self, Merge.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser exits 64 on usage errors; lendaudit promises 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                exit(withError: error)
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

enum AuditVersion {
    static let string = "0.1.0"
}

extension Severity: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
