import Findings

/// Baseline comparison and shard merging: operations on finished reports.
public enum ReportCombination {
    /// Drops the findings the baseline already has (they neither repeat nor fail the run) and lists
    /// the baseline's findings that no longer occur as fixed.
    public static func applyBaseline(_ baseline: AuditReport, file: String, to report: inout AuditReport) {
        let filter = BaselineFilter(baseline, file: file, shard: nil)
        var present = Set<String>()
        var unchanged = 0
        for index in report.apps.indices {
            let outcome = filter.apply(to: &report.apps[index])
            present.formUnion(outcome.present)
            unchanged += outcome.unchanged
        }
        report.baseline = filter.comparison(unchanged: unchanged, present: present)
    }

    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// One report from shard reports, equal to a single run over everything: apps and input errors
    /// are unions, a baseline's counts add up, and a suppression is unused only if no shard used it.
    public static func merge(_ reports: [AuditReport], names: [String], allowPartial: Bool = false) throws(MergeError) -> AuditReport {
        guard var merged = reports.first else { throw MergeError(description: "name at least one report to merge") }
        let missingShards = try shardsMissing(reports, names: names, allowPartial: allowPartial)
        for (report, name) in zip(reports, names).dropFirst() {
            guard report.tool == merged.tool else {
                throw MergeError(description: "\(name) was written by \(report.tool.name) \(report.tool.version), not \(merged.tool.version) like \(names[0])")
            }
            guard report.rules == merged.rules, report.rulePacks == merged.rulePacks else {
                throw MergeError(description: "\(name) used other rules than \(names[0]); shards must run with the same rule packs and config")
            }
            guard report.roots == merged.roots else {
                throw MergeError(description: "\(name) scanned \(report.roots.joined(separator: " ")), not \(merged.roots.joined(separator: " ")) like \(names[0])")
            }
        }
        var apps: [AppReport] = []
        var seenApps = Set<String>()
        var errors = Set<InputError>()
        var warnings = Set<InputWarning>()
        var skipped = Set<SkippedFile>()
        var fixed: [String: BaselineEntry] = [:]
        var unchanged = 0
        var unusedCounts: [UnusedSuppression: Int] = [:]
        for (report, name) in zip(reports, names) {
            for app in report.apps {
                guard seenApps.insert("\(app.name)\u{1F}\(app.path)").inserted else {
                    throw MergeError(description: "the app \(app.name) (\(app.path)) is in more than one report, e.g. \(name): were the shards overlapping?")
                }
                apps.append(app)
            }
            errors.formUnion(report.inputErrors)
            // Shards each list the warnings and skipped files of no app: one of each is kept.
            warnings.formUnion(report.warnings)
            skipped.formUnion(report.skippedFiles)
            if let baseline = report.baseline {
                unchanged += baseline.unchanged
                for entry in baseline.fixed { fixed[entry.fingerprint] = entry }
            }
            for unused in report.unusedSuppressions { unusedCounts[unused, default: 0] += 1 }
        }
        merged.apps = apps.sorted(by: AppReport.reportOrder)
        merged.inputErrors = errors.sorted()
        merged.warnings = warnings.sorted()
        merged.skippedFiles = skipped.sorted()
        if let file = reports.compactMap(\.baseline).first?.file {
            merged.baseline = BaselineComparison(
                file: file, unchanged: unchanged,
                fixed: fixed.values.sorted()
            )
        }
        merged.unusedSuppressions = unusedCounts.filter { $0.value == reports.count }.keys.sorted()
        // Said where every format says what it could not vouch for: the survey is incomplete.
        merged.warnings = (merged.warnings + missingShards.map { shard in
            InputWarning(path: "shard \(shard)", reason: "not among the merged reports (--allow-partial): the apps of this shard were not audited")
        }).sorted()
        merged.shard = nil
        return merged
    }

    /// Shard reports (`--shard K/N`) must come as one complete set: the same N, each K once.
    /// Returns the shards missing from a set `--allow-partial` lets through.
    static func shardsMissing(_ reports: [AuditReport], names: [String], allowPartial: Bool) throws(MergeError) -> [ShardNumber] {
        let sharded = zip(reports, names).filter { $0.0.shard != nil }
        guard !sharded.isEmpty else { return [] }
        var seen: [ShardNumber: String] = [:]
        for (report, name) in sharded {
            guard let shard = report.shard else { continue }
            if let other = seen[shard] {
                throw MergeError(description: "\(name) and \(other) are both shard \(shard)")
            }
            seen[shard] = name
        }
        let counts = Set(seen.keys.map(\.count))
        let unsharded = zip(reports, names).filter { $0.0.shard == nil }.map(\.1)
        if !allowPartial {
            if counts.count > 1 {
                throw MergeError(description: "the reports come from different shardings (\(counts.sorted().map { "N=\($0)" }.joined(separator: ", "))); give --allow-partial to merge them anyway")
            }
            if let name = unsharded.first {
                throw MergeError(description: "\(name) is not a shard report, but \(sharded[0].1) is (\(sharded[0].0.shard.map(\.description) ?? "")); give --allow-partial to merge them anyway")
            }
        }
        var missing: [ShardNumber] = []
        for count in counts.sorted() {
            for index in 1...count where seen[ShardNumber(index: index, count: count)] == nil {
                missing.append(ShardNumber(index: index, count: count))
            }
        }
        if !missing.isEmpty && !allowPartial {
            let list = missing.map(\.description).joined(separator: ", ")
            throw MergeError(description: "shard\(missing.count == 1 ? "" : "s") \(list) missing: the merged survey would be incomplete; give --allow-partial to merge what is there (the report then lists what is missing)")
        }
        return missing
    }

    /// What a new version of an app adds and removes: findings by fingerprint, permissions by
    /// platform and name.
    public static func diff(old: AuditReport, new: AuditReport, oldName: String, newName: String) -> AppDiff {
        let oldFindings = old.apps.flatMap(\.findings)
        let newFindings = new.apps.flatMap(\.findings)
        let oldPrints = Set(oldFindings.map(\.fingerprint))
        let newPrints = Set(newFindings.map(\.fingerprint))
        func key(_ permission: Permission) -> String { "\(permission.platform.rawValue)\u{1F}\(permission.name)" }
        let oldPermissions = old.apps.flatMap(\.permissions)
        let newPermissions = new.apps.flatMap(\.permissions)
        let oldKeys = Set(oldPermissions.map(key))
        let newKeys = Set(newPermissions.map(key))
        func unique(_ permissions: [Permission]) -> [Permission] {
            var seen = Set<String>()
            return permissions.sorted().filter { seen.insert(key($0)).inserted }
        }
        return AppDiff(
            old: oldName, new: newName,
            added: newFindings.filter { !oldPrints.contains($0.fingerprint) }.sorted(by: Finding.reportOrder),
            removed: oldFindings.filter { !newPrints.contains($0.fingerprint) }.sorted(by: Finding.reportOrder),
            unchanged: newFindings.filter { oldPrints.contains($0.fingerprint) }.count,
            permissionsAdded: unique(newPermissions.filter { !oldKeys.contains(key($0)) }),
            permissionsRemoved: unique(oldPermissions.filter { !newKeys.contains(key($0)) }),
            inputErrors: (old.inputErrors + new.inputErrors).sorted()
        )
    }
}

/// `applyBaseline` one app at a time, for a scan that writes apps as they are audited.
public struct BaselineFilter: Sendable {
    private let file: String
    private let findings: [Finding]
    private let known: Set<String>

    public init(_ baseline: AuditReport, file: String, shard: Shard?) {
        self.file = file
        // A report made with a baseline keeps that baseline's findings aside (`baselined`): they
        // are still accepted when the report becomes the next baseline.
        findings = baseline.apps.flatMap { $0.findings + $0.baselined }.filter { shard?.contains(app: $0.app) ?? true }
        known = Set(findings.map(\.fingerprint))
    }

    /// Drops the app's findings the baseline has. Returns how many, and which of the baseline's
    /// fingerprints the app still has, suppressed findings included (a suppressed finding is not
    /// fixed): only those matter to `comparison`, so only those travel back from a worker.
    public func apply(to app: inout AppReport) -> (unchanged: Int, present: [String]) {
        // A finding is known by its own fingerprint or by one of the rules it stands for: the
        // baseline may have been made when another of them led the same clause or permission.
        func prints(_ finding: Finding) -> [String] { [finding.fingerprint] + finding.alsoMatchedFingerprints }
        let present = (app.findings + app.suppressed).flatMap(prints).filter(known.contains)
        let before = app.findings.count
        // Kept aside, not dropped: SARIF lists them as unchanged so that an upload keeps their alerts open.
        app.baselined += app.findings.filter { prints($0).contains(where: known.contains) }
        app.findings.removeAll { prints($0).contains(where: known.contains) }
        return (before - app.findings.count, present)
    }

    /// The comparison, once every app went through `apply`.
    public func comparison(unchanged: Int, present: Set<String>) -> BaselineComparison {
        var seen = Set<String>()
        let fixed = findings.filter { !present.contains($0.fingerprint) && seen.insert($0.fingerprint).inserted }.map {
            BaselineEntry(ruleId: $0.ruleId, title: $0.title, app: $0.app, location: $0.location, quote: $0.excerpt.text, fingerprint: $0.fingerprint)
        }
        return BaselineComparison(file: file, unchanged: unchanged, fixed: fixed.sorted())
    }
}
