import ArgumentParser
import Audit
import Findings
import Foundation
import Reporters
import Rules

/// `lendaudit diff OLD NEW`: what a new version of an app adds and removes.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the findings and permissions a new version of an app adds and removes.",
        discussion: """
            OLD and NEW are app folders or files (audited now, as one app under NEW's identity, so moving or renaming the folder does not matter), or JSON reports written by 'lendaudit scan --format json' (compared by fingerprint, so the app identity must match: give it a lendaudit.yml name). Exit 1 when the new version adds a finding at or above --fail-on: a CI gate on exactly what changed.
            """
    )

    @Argument(help: "The old version: an app folder, a file, or a JSON report.")
    var old: String

    @Argument(help: "The new version: an app folder, a file, or a JSON report.")
    var new: String

    @Option(name: .shortAndLong, help: "markdown or json.")
    var format: String = "markdown"

    @Option(name: .shortAndLong, help: "Write the diff here instead of standard output.")
    var output: String?

    @Option(help: "Exit 1 when an added finding is at or above this severity, or 'none' (default: the config's fail_on, else low).")
    var failOn: String?

    @Option(help: "Config file (default: .lendaudit.yml found from NEW's folder up to the repository root, as scan finds it).")
    var config: String?

    @Option(help: .hidden)
    var today: String?

    @Option(name: .customLong("rules"), help: "Add the rule packs in this folder (repeatable).")
    var ruleDirectories: [String] = []

    func validate() throws {
        guard ["markdown", "md", "json"].contains(format.lowercased()) else { throw ValidationError("--format takes markdown (md) or json") }
        try FailOn.validate(failOn)
    }

    func run() throws {
        var ruleSet = try RuleLoading.load(extraDirectories: ruleDirectories)
        // The config that scan would use on NEW: its rule changes, suppressions, excludes and fail_on.
        var configuration = try ConfigLoading.load(explicit: config, roots: [new])
        configuration.roots = [new]
        try Console.orExit { () throws(RuleFileError) in try configuration.apply(to: &ruleSet) }
        let pipeline = try RuleLoading.pipeline(ruleSet)
        var scanOptions = AuditOptions()
        scanOptions.defaultCategory = configuration.category
        if !configuration.excludedPaths.isEmpty {
            let excluding = configuration
            scanOptions.excluded = { path in excluding.excludes(path) }
        }
        let isReport = { (path: String) in path.lowercased().hasSuffix(".json") && !path.lowercased().hasSuffix("app.json") }
        let newReport: AuditReport
        let oldReport: AuditReport
        if isReport(new) {
            newReport = try ReportLoading.load(new)
        } else {
            newReport = pipeline.run(roots: [new], options: scanOptions)
        }
        if isReport(old) {
            oldReport = try ReportLoading.load(old)
        } else {
            // One identity for both versions, so fingerprints line up across the two folders.
            var options = scanOptions
            options.identityOverride = newReport.apps.count == 1 ? newReport.apps[0].name : nil
            oldReport = pipeline.run(roots: [old], options: options)
        }
        // Suppressed findings leave `findings` on both sides, so a suppressed one is never "added".
        let today = self.today ?? Scan.currentDate()
        var (oldSide, newSide) = (oldReport, newReport)
        var oldConfiguration = configuration
        oldConfiguration.roots = [old]
        oldConfiguration.applySuppressions(to: &oldSide, today: today)
        configuration.applySuppressions(to: &newSide, today: today)
        let diff = ReportCombination.diff(old: oldSide, new: newSide, oldName: old, newName: new)
        let text = format.lowercased() == "json" ? DiffReporter().json(diff) : DiffReporter().markdown(diff)
        try ReportWriting.emit(Array(text.utf8), to: output)
        throw ExitStatus.of(inputErrors: diff.inputErrors.count, findings: diff.added, gate: FailOn.gate(failOn ?? configuration.failOn ?? "low")).exitCode
    }
}
