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

    @Option(help: "Config file (default: the nearest .lendaudit.yml from the first scanned folder up to the repository root, or up to the current folder outside a repository).")
    var config: String?

    @Option(help: "The category of apps whose lendaudit.yml does not give one, e.g. lending (default: the config's category, else inferred from the text).")
    var category: String?

    @Option(help: "Audit for these jurisdictions, over each app's lendaudit.yml (repeatable or a comma list): CN, IN, ID, PH, KE, NG, GOOGLE-PLAY, APPLE. Default: lendaudit.yml, else the config's jurisdictions, else CN plus the app stores of the platforms found.")
    var jurisdiction: [String] = []

    @Flag(help: "Audit every file of a folder as an app of its own (flat folders of unrelated documents).")
    var appPerFile = false

    @Option(help: "An earlier JSON report: its findings are not reported again and do not fail the run; those gone are listed as fixed.")
    var baseline: String?

    @Option(help: "Audit only shard K of N (e.g. 2/8), chosen by a hash of the app identity; combine with 'lendaudit merge'.")
    var shard: String?

    @Option(help: .hidden)
    var today: String?

    @Flag(help: "Exit by the gate alone (0 or 1) even when some inputs could not be audited; they are still listed in every report and on stderr. For survey shards, where one unreadable page must not fail the job.")
    var allowInputErrors = false

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

    /// The whole pipeline, in order. Each step is named below; where the order matters, the line
    /// says why.
    func run() throws {
        // Before the work starts: the allocator keeps the blocks every page frees.
        ProcessMemory.keepFreedBlocks()
        let (ruleSet, configuration, baselineReport, originalSeverities) = try loadRulesConfigurationAndBaseline()
        let gate = FailOn.gate(failOn ?? configuration.failOn ?? "low")
        let pipeline = try RuleLoading.pipeline(ruleSet)
        // Must come after the pipeline: the known categories are those its rules filter on.
        try checkCategory(known: pipeline.knownCategories)
        try checkJurisdictions(configuration: configuration, known: JurisdictionSelection.known(in: Array(ruleSet.packDeclarations.values)))
        let progress: ProgressLine? = Console.stderrIsTerminal ? ProgressLine() : nil
        let options = auditOptions(configuration: configuration, progress: progress, knownCategories: pipeline.knownCategories)
        let plan = pipeline.plan(roots: paths, options: options)
        let today = self.today ?? Self.currentDate()
        let filter = baselineReport.map { BaselineFilter($0.report, file: $0.path, shard: options.shard) }
        // After the plan: the errors discovery found are known to every report before the first app.
        let context = SectionContext(
            rules: ruleSet.descriptors, baselineActive: filter != nil, knownErrors: plan.errors, appCount: plan.apps.count)
        // Must come before the audit: a target that cannot be written fails before the scan, not after it.
        let streams = try openReportStreams(context: context, settings: outputs.settings(gate: gate))
        defer { streams.forEach { $0.discard() } }
        let finishApp = AppFinishing(
            configuration: configuration, today: today, filter: filter, reporters: streams.map(\.reporter), context: context,
            gate: gate)

        var start = ReportFrame(
            tool: AuditPipeline.tool, roots: paths, rulePacks: ruleSet.packs, rules: ruleSet.descriptors,
            configuration: applied(configuration, originalSeverities: originalSeverities))
        // Recorded so that `merge` can tell whether it has every shard.
        start.shard = options.shard.map { ShardNumber(index: $0.index, count: $0.count) }
        let (frame, summary) = try auditAndWriteReports(
            plan, pipeline: pipeline, options: options, finishApp: finishApp, streams: streams, progress: progress,
            frame: start)
        printWarningsAndInputErrors(frame)
        summary.print(gate: gate, inputErrors: frame.inputErrors.count, outputs: outputs)
        throw ExitStatus.of(
            inputErrors: allowInputErrors ? 0 : frame.inputErrors.count, highestSeverity: frame.highestSeverity, gate: gate
        ).exitCode
    }

    /// The bundled and `--rules` packs, the config file with its rule changes applied, and the
    /// baseline report; any of them broken is exit 2, before anything is audited.
    private func loadRulesConfigurationAndBaseline() throws
        -> (ruleSet: RuleSet, configuration: ScanConfiguration, baselineReport: (path: String, report: AuditReport)?,
            originalSeverities: [String: Severity])
    {
        var ruleSet = try RuleLoading.load(extraDirectories: ruleDirectories)
        var loaded = try ConfigLoading.load(explicit: config, roots: paths)
        loaded.roots = paths
        let configuration = loaded
        let baselineReport = try baseline.map { path in (path: path, report: try ReportLoading.load(path)) }
        // The memo's "Configuration applied" says what each changed severity was.
        var originalSeverities: [String: Severity] = [:]
        for id in configuration.severities.keys {
            if let rule = ruleSet.rule(id: id) { originalSeverities[id] = rule.severity }
        }
        // Must come before the pipeline compiles the rules: the config disables rules and changes severities.
        try Console.orExit { () throws(RuleFileError) in try configuration.apply(to: &ruleSet) }
        return (ruleSet, configuration, baselineReport, originalSeverities)
    }

    /// The settings the memo's "Configuration applied" lists.
    private func applied(_ configuration: ScanConfiguration, originalSeverities: [String: Severity]) -> AppliedConfiguration {
        let failOnSource = self.failOn != nil ? "--fail-on" : configuration.failOn != nil ? "config file" : "default"
        return AppliedConfiguration(
            file: configuration.file, disabledRules: configuration.disabledRules,
            severityChanges: configuration.severities.map { rule, severity in
                AppliedConfiguration.SeverityChange(rule: rule, from: originalSeverities[rule], to: severity)
            },
            excludedPaths: configuration.excludedPaths, failOn: self.failOn ?? configuration.failOn ?? "low",
            failOnSource: failOnSource, defaultCategory: category ?? configuration.category,
            suppressions: configuration.suppressions.count)
    }

    /// Workers, file size limit, progress, shard and the config's excluded paths.
    /// `--category` names a category some rule filters on, or the run stops (exit 2).
    private func checkCategory(known: [String]) throws {
        guard let category, !known.contains(category) else { return }
        Console.error("--category: " + AppCategories.unknownReason(category, known: known))
        throw ExitStatus.usage.exitCode
    }

    /// `--jurisdiction` split on commas, upper case.
    private var jurisdictions: [String] {
        jurisdiction.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
    }

    /// Every jurisdiction of `--jurisdiction` and the config is one some pack declares, or the run
    /// stops (exit 2): a typo would otherwise audit the app for nothing and report it clean.
    private func checkJurisdictions(configuration: ScanConfiguration, known: [String]) throws {
        for (source, codes) in [("--jurisdiction", jurisdictions), (configuration.file ?? "config", configuration.jurisdictions)] {
            for code in codes where !known.contains(code.uppercased()) {
                Console.error("\(source): unknown jurisdiction '\(code)'; the rule packs declare \(known.joined(separator: ", "))")
                throw ExitStatus.usage.exitCode
            }
        }
    }

    private func auditOptions(configuration: ScanConfiguration, progress: ProgressLine?, knownCategories: [String]) -> AuditOptions {
        var options = AuditOptions(jobs: jobs, maximumFileSize: maxFileSize * 1024 * 1024)
        if let progress {
            options.progress = { done, total in progress.update(done: done, total: total) }
        }
        options.shard = shard.flatMap(Shard.init)
        options.defaultCategory = category ?? configuration.category
        options.appPerFile = appPerFile
        options.knownCategories = knownCategories
        options.jurisdictions = jurisdictions
        options.defaultJurisdictions = configuration.jurisdictions.map { $0.uppercased() }
        if !configuration.excludedPaths.isEmpty {
            options.excluded = { path in configuration.excludes(path) }
        }
        return options
    }

    /// One stream per requested report; a target that cannot be opened is exit 2.
    private func openReportStreams(context: SectionContext, settings: ReportSettings) throws -> [ReportStream] {
        var streams: [ReportStream] = []
        do {
            for target in outputs.targets {
                let destination = try OutputDestination.resolve(target.path)
                streams.append(try ReportStream(format: target.format, destination: destination, context: context, settings: settings))
            }
        } catch {
            // Those opened before the failure leave nothing behind.
            streams.forEach { $0.discard() }
            Console.error(error.localizedDescription)
            throw ExitStatus.usage.exitCode
        }
        return streams
    }

    /// The per-app end of the pipeline: suppressions, the baseline, report order and rendering, on
    /// the worker that audited the app. Only the rendered sections and a digest come back.
    private struct AppFinishing: Sendable {
        let configuration: ScanConfiguration
        let today: String
        let filter: BaselineFilter?
        let reporters: [any SectionedReporter]
        let context: SectionContext
        let gate: Gate

        func callAsFunction(_ audited: AuditedApp) -> ScannedApp {
            var app = audited.report
            // Suppressions must come before the baseline: a finding both suppressed and known is
            // counted as suppressed, not unchanged (and, still present, not as fixed).
            let used = configuration.applySuppressions(to: &app, today: today)
            let known = filter?.apply(to: &app)
            // Report order must come after both, and before rendering: it orders what is left to report.
            app = app.inReportOrder()
            return ScannedApp(
                digest: AppDigest(app), sections: reporters.map { $0.section(app, context: context) },
                errors: audited.errors, warnings: audited.warnings, usedSuppressions: used, unchanged: known?.unchanged ?? 0,
                present: known?.present ?? [], summary: RunSummary(app, gate: gate))
        }
    }

    /// Audits every app of the plan, appends each app's sections to the streams as it comes back,
    /// then writes every report's head and tail around them. Returns the frame the reports were
    /// finished with.
    private func auditAndWriteReports(
        _ plan: ScanPlan, pipeline: AuditPipeline, options: AuditOptions, finishApp: AppFinishing, streams: [ReportStream],
        progress: ProgressLine?, frame: ReportFrame
    ) throws -> (ReportFrame, RunSummary) {
        var frame = frame
        var summary = RunSummary()
        var inputErrors = plan.errors
        var warnings: [InputWarning] = []
        var usedSuppressions = Set<Int>()
        var unchanged = 0
        var present = Set<String>()
        do {
            try pipeline.audit(plan, options: options, process: { audited in finishApp(audited) }, consume: { scanned in
                for (stream, section) in zip(streams, scanned.sections) {
                    try stream.append(section, app: scanned.digest, errors: scanned.errors)
                }
                frame.add(scanned.digest)
                inputErrors += scanned.errors
                warnings += scanned.warnings
                usedSuppressions.formUnion(scanned.usedSuppressions)
                unchanged += scanned.unchanged
                present.formUnion(scanned.present)
                summary.add(scanned.summary)
            })
            progress?.finish()
            // The frame is complete only once every app is in: unused suppressions, fixed
            // baseline findings and the sort need them all.
            frame.inputErrors = inputErrors
            frame.warnings = warnings
            frame.skippedFiles = plan.skipped
            frame.unusedSuppressions = finishApp.configuration.unusedSuppressions(used: usedSuppressions, today: finishApp.today)
            frame.baseline = finishApp.filter?.comparison(unchanged: unchanged, present: present)
            frame.sortForReport()
            for stream in streams { try stream.finish(frame) }
        } catch {
            progress?.finish()
            Console.error(error.localizedDescription)
            throw ExitStatus.usage.exitCode
        }
        return (frame, summary)
    }

    /// Warnings, the files not read, and every input that could not be audited, on stderr, after
    /// the reports are written.
    private func printWarningsAndInputErrors(_ frame: ReportFrame) {
        for warning in frame.warnings {
            Console.error("\(warning.path): warning: \(warning.reason)")
        }
        if !frame.skippedFiles.isEmpty {
            Console.error(SkippedFile.summary(frame.skippedFiles) + " (each listed in the report, with its reason)")
        }
        for inputError in frame.inputErrors {
            Console.error("\(inputError.path): \(inputError.reason)")
        }
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
        var summary: RunSummary
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
