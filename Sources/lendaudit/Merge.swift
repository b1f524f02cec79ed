import ArgumentParser
import Audit
import Findings
import Foundation
import Reporters

/// `lendaudit merge REPORT.json…`: shard reports back into one report of any format.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine JSON reports of --shard runs into one report, as a single run would have written it.",
        discussion: """
            Example (a CI matrix of 4 machines, then one merge step):
              lendaudit scan market/ --shard 1/4 --format json --output shard-1.json   # … 2/4, 3/4, 4/4
              lendaudit merge shard-*.json --output findings.md --sarif findings.sarif
            """
    )

    @Argument(help: "JSON reports written by 'lendaudit scan --format json'.", completion: .file(extensions: ["json"]))
    var reports: [String]

    @OptionGroup var outputs: OutputOptions

    @Option(help: "Exit 1 when a merged finding is at or above this severity, or 'none'.")
    var failOn: String = "low"

    @Flag(help: "Merge an incomplete or mixed set of shard reports; the merged report lists each missing shard as a warning.")
    var allowPartial = false

    @Flag(help: "Exit by the gate alone (0 or 1) even when some inputs could not be audited; they are still listed.")
    var allowInputErrors = false

    func validate() throws {
        if reports.isEmpty { throw ValidationError("name at least one JSON report") }
        try FailOn.validate(failOn)
    }

    func run() throws {
        let loaded = try reports.map(ReportLoading.load)
        let merged = try Console.orExit { () throws(ReportCombination.MergeError) in
            try ReportCombination.merge(loaded, names: reports, allowPartial: allowPartial)
        }
        let gate = FailOn.gate(failOn)
        try outputs.write(merged, gate: gate)
        RunSummary(merged, gate: gate).print(gate: gate, inputErrors: merged.inputErrors.count, outputs: outputs)
        throw ExitStatus.of(
            inputErrors: allowInputErrors ? 0 : merged.inputErrors.count, findings: merged.findings, gate: gate
        ).exitCode
    }
}
