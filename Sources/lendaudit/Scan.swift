import ArgumentParser
import Audit
import Discovery
import Findings
import Foundation
import Reporters
import Rules
import XML

/// `lendaudit scan PATH…`: audit agreements and manifests, write the reports, exit by the gate.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit a file, an app folder, or a folder of app folders.",
        discussion: """
            A PATH may be one agreement or manifest, one app folder (with an optional lendaudit.yml giving name, version, category and jurisdictions), or a folder of app folders. Agreements: .html .htm .xhtml .mht .mhtml .txt, and pages saved as .jsp .php .asp .shtml (recognised by their content). Manifests: AndroidManifest.xml, .apk, Info.plist, .ipa, project.pbxproj, module.json5, app.json, also under a prefixed name (easypeso-AndroidManifest.xml). Every other file is listed in the report as not read, with the reason.

            Apps whose category is unknown (no lendaudit.yml category, no --category, not inferable from the text) get no lending rules, and the report says so.

            Examples:
              lendaudit scan fixtures --output findings.md
              lendaudit scan apps/ --format sarif --output findings.sarif --fail-on high
              lendaudit scan apps/ --output findings.md --json findings.json --junit junit.xml
              lendaudit scan apps/ --baseline last-release.json --sarif new.sarif
              lendaudit scan market/ --shard 3/8 --format json --output shard-3.json
              lendaudit scan apks/ --category lending --output findings.md
              lendaudit scan saved-pages/ --app-per-file --output findings.md
            """
    )

    @Argument(help: "Files or folders to audit.", completion: .file())
    var paths: [String]

    @OptionGroup var outputs: OutputOptions

    @Option(help: "Exit 1 when a finding is at or above this severity (critical, high, medium, low, info), or 'none' (default: the config's fail_on, else low).")
    var failOn: String?

    @Option(help: "Config file (default: .lendaudit.yml in the first scanned folder, if there is one).")
    var config: String?

    @Option(help: "The category of apps whose lendaudit.yml does not give one, e.g. lending (default: the config's category, else inferred from the text).")
    var category: String?

    @Flag(help: "Audit every file of a folder as an app of its own (flat folders of unrelated documents).")
    var appPerFile = false

    @Option(help: "An earlier JSON report: its findings are not reported again and do not fail the run; those gone are listed as fixed.")
    var baseline: String?

    @Option(help: "Audit only shard K of N (e.g. 2/8), chosen by a hash of the app identity; combine with 'lendaudit merge'.")
    var shard: String?

    @Option(help: .hidden)
    var today: String?

    @Option(name: .customLong("rules"), help: "Add the rule packs in this folder (repeatable).")
    var ruleDirectories: [String] = []

    @Option(name: .shortAndLong, help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Skip files larger than this many megabytes, reporting them as input errors.")
    var maxFileSize: Int = DiscoveryOptions.defaultMaximumFileSize / (1024 * 1024)

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to audit") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1 (megabytes)") }
        try FailOn.validate(failOn)
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8, not '\(shard)'")
        }
    }

    func run() throws {
        ProcessMemory.keepFreedBlocks()
        var ruleSet = try RuleLoading.load(extraDirectories: ruleDirectories)
        var loaded = try ConfigLoading.load(explicit: config, roots: paths)
        loaded.roots = paths
        let configuration = loaded
        let baselineReport = try baseline.map { path in (path: path, report: try ReportLoading.load(path)) }
        try Console.orExit { () throws(RuleFileError) in try configuration.apply(to: &ruleSet) }
        let pipeline = try RuleLoading.pipeline(ruleSet)
        let knownCategories = pipeline.knownCategories
        if let category, !knownCategories.contains(category) {
            Console.error("--category: " + AppCategories.unknownReason(category, known: knownCategories))
            throw ExitStatus.usage.exitCode
        }
        let progress: ProgressLine? = Console.stderrIsTerminal ? ProgressLine() : nil
        var options = AuditOptions(jobs: jobs, maximumFileSize: maxFileSize * 1024 * 1024)
        if let progress {
            options.progress = { done, total in progress.update(done: done, total: total) }
        }
        options.shard = shard.flatMap(Shard.init)
        options.defaultCategory = category ?? configuration.category
        options.appPerFile = appPerFile
        options.knownCategories = knownCategories
        if !configuration.excludedPaths.isEmpty {
            options.excluded = { path in configuration.excludes(path) }
        }
        let plan = pipeline.plan(roots: paths, options: options)
        let today = self.today ?? Self.currentDate()
        let filter = baselineReport.map { BaselineFilter($0.report, file: $0.path, shard: options.shard) }
        let context = SectionContext(
            rules: ruleSet.descriptors, baselineActive: filter != nil, knownErrors: plan.errors)
        var streams: [ReportStream] = []
        defer { streams.forEach { $0.discard() } }
        do {
            for target in outputs.targets {
                let destination = try OutputDestination.resolve(target.path)
                streams.append(try ReportStream(format: target.format, destination: destination, context: context))
            }
        } catch {
            Console.error(error.localizedDescription)
            throw ExitStatus.usage.exitCode
        }
        let reporters = streams.map(\.reporter)

        var frame = ReportFrame(
            tool: AuditPipeline.tool, roots: paths, rulePacks: ruleSet.packs, rules: ruleSet.descriptors)
        var inputErrors = plan.errors
        var warnings: [InputWarning] = []
        var usedSuppressions = Set<Int>()
        var unchanged = 0
        var present = Set<String>()
        do {
            // Suppressions, the baseline and rendering run on the worker that audited the app;
            // only the rendered sections and a digest come back here.
            try pipeline.audit(plan, options: options, process: { audited in
                var app = audited.report
                let used = configuration.applySuppressions(to: &app, today: today)
                let known = filter?.apply(to: &app)
                app = app.inReportOrder()
                return ScannedApp(
                    digest: AppDigest(app), sections: reporters.map { $0.section(app, context: context) },
                    errors: audited.errors, warnings: audited.warnings, usedSuppressions: used, unchanged: known?.unchanged ?? 0,
                    present: known?.present ?? [])
            }, consume: { scanned in
                for (stream, section) in zip(streams, scanned.sections) {
                    try stream.append(section, app: scanned.digest, errors: scanned.errors)
                }
                frame.add(scanned.digest)
                inputErrors += scanned.errors
                warnings += scanned.warnings
                usedSuppressions.formUnion(scanned.usedSuppressions)
                unchanged += scanned.unchanged
                present.formUnion(scanned.present)
            })
            progress?.finish()
            frame.inputErrors = inputErrors
            frame.warnings = warnings
            frame.skippedFiles = plan.skipped
            frame.unusedSuppressions = configuration.unusedSuppressions(used: usedSuppressions, today: today)
            frame.baseline = filter?.comparison(unchanged: unchanged, present: present)
            frame.sortForReport()
            for stream in streams { try stream.finish(frame) }
        } catch {
            progress?.finish()
            Console.error(error.localizedDescription)
            throw ExitStatus.usage.exitCode
        }
        let failOn = self.failOn ?? configuration.failOn ?? "low"

        for warning in frame.warnings {
            Console.error("\(warning.path): warning: \(warning.reason)")
        }
        if !frame.skippedFiles.isEmpty {
            Console.error(SkippedFile.summary(frame.skippedFiles) + " (each listed in the report, with its reason)")
        }
        for inputError in frame.inputErrors {
            Console.error("\(inputError.path): \(inputError.reason)")
        }
        throw Self.exitStatus(inputErrors: frame.inputErrors.count, highestSeverity: frame.highestSeverity, failOn: failOn).exitCode
    }

    /// What a worker hands back for one app: its sections in every requested format and a digest.
    private struct ScannedApp: Sendable {
        var digest: AppDigest
        var sections: [AppSection]
        var errors: [InputError]
        var warnings: [InputWarning]
        var usedSuppressions: Set<Int>
        var unchanged: Int
        var present: [String]
    }

    /// 3 when any input could not be audited (the audit is incomplete), else 1 when a finding is at
    /// or above --fail-on, else 0. Suppressed and baseline-known findings are not in `findings`.
    static func exitStatus(inputErrors: Int, findings: [Finding], failOn: String) -> ExitStatus {
        exitStatus(inputErrors: inputErrors, highestSeverity: findings.map(\.severity).max(), failOn: failOn)
    }

    static func exitStatus(inputErrors: Int, highestSeverity: Severity?, failOn: String) -> ExitStatus {
        if inputErrors > 0 { return .inputErrors }
        if let threshold = Severity(rawValue: failOn), let highestSeverity, highestSeverity >= threshold {
            return .findings
        }
        return .clean
    }

    /// Today as YYYY-MM-DD (UTC), for suppression expiry only; reports carry no dates.
    static func currentDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}

/// Finds and parses the config file; a broken one is exit 2.
enum ConfigLoading {
    static func load(explicit: String?, roots: [String]) throws -> ScanConfiguration {
        var path = explicit
        if path == nil, let root = roots.first {
            var isDirectory: ObjCBool = false
            let candidate = URL(fileURLWithPath: root).appendingPathComponent(".lendaudit.yml").path
            if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
               FileManager.default.fileExists(atPath: candidate) {
                path = candidate
            }
        }
        guard let path else { return ScanConfiguration() }
        return try Console.orExit { () throws(RuleFileError) in try ScanConfiguration.load(path: path) }
    }
}

/// Reads a JSON report written by lendaudit (baseline, merge, diff); a bad one is exit 2.
enum ReportLoading {
    static func load(_ path: String) throws -> AuditReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("\(path): cannot read the report")
            throw ExitStatus.usage.exitCode
        }
        do {
            return try JSONReportReader.read(Array(data))
        } catch {
            Console.error("\(path): not a lendaudit JSON report: \(error)")
            throw ExitStatus.usage.exitCode
        }
    }
}

/// Loads the bundled packs and any `--rules` folders; a broken rule file is exit 2.
enum RuleLoading {
    static func load(extraDirectories: [String]) throws -> RuleSet {
        try Console.orExit { () throws(RuleFileError) -> RuleSet in
            var ruleSet = try RuleSet.bundled()
            for directory in extraDirectories {
                try ruleSet.add(directory: directory)
            }
            return ruleSet
        }
    }

    static func pipeline(_ ruleSet: RuleSet) throws -> AuditPipeline {
        try Console.orExit { () throws(RuleFileError) in try AuditPipeline(ruleSet: ruleSet) }
    }
}

/// "files 350/12000 · 105.2/s · 1m50s left" on stderr, redrawn in place; only on a terminal.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var lastDrawn = Date.distantPast

    func update(done: Int, total: Int) {
        lock.withLock {
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
            lastDrawn = now
            let elapsed = max(now.timeIntervalSince(start), 0.001)
            let rate = Double(done) / elapsed
            let left = rate > 0 ? Double(total - done) / rate : 0
            let line = String(format: "\rfiles %d/%d · %.1f/s · %@ left ", done, total, rate, Self.duration(left))
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
