import Discovery
import Documents
import Findings
import Foundation
import Manifests
import Rules

/// What a scan needs besides the paths.
public struct AuditOptions: Sendable {
    /// Worker threads; apps are audited in parallel, results merged in a fixed order.
    public var jobs: Int
    public var maximumFileSize: Int
    /// Called after each app with (files done, files in all); used for the terminal progress line.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Only the apps of this shard (`--shard K/N`).
    public var shard: Shard?
    /// Files whose display path matches are not audited (config `exclude`).
    public var excluded: (@Sendable (String) -> Bool)?
    /// Audits every app under this identity (for `diff`, where two folders are one app's versions).
    public var identityOverride: String?
    /// The category of apps whose lendaudit.yml does not give one (`--category`, else the config
    /// file's `category:`); it wins over inference. Nil: inferred from the text, if it can be.
    public var defaultCategory: String?
    /// `--app-per-file`: each file of a folder is an app of its own.
    public var appPerFile = false
    /// Categories a lendaudit.yml may name (built in, and those the rule packs filter on).
    public var knownCategories: [String] = AppCategories.builtIn
    /// `--jurisdiction`: the jurisdictions every app is audited for, over its lendaudit.yml.
    public var jurisdictions: [String] = []
    /// The config file's `jurisdictions:`, for apps whose lendaudit.yml names none.
    public var defaultJurisdictions: [String] = []

    public init(
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        maximumFileSize: Int = DiscoveryOptions.defaultMaximumFileSize,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.jobs = max(1, jobs)
        self.maximumFileSize = maximumFileSize
        self.progress = progress
    }
}

/// paths → Discovery → agreements and manifests read → rules → one `AuditReport`.
///
/// Apps are the unit of work: each worker takes the next app, reads its files, evaluates them and
/// keeps only the findings and the inventory, so memory holds one app per worker, not the corpus.
public struct AuditPipeline: Sendable {
    public static let tool = ToolInfo(name: "lendaudit", version: "0.1.0")

    private let engine: RuleEngine
    /// One engine per set of jurisdictions met so far, holding only the rules that apply.
    private let engines: EnginesByJurisdiction
    private let catalogue: PermissionCatalogue
    /// Rules that join an app's agreements to its manifests: not applied to a folder that seems
    /// to hold several apps.
    private let appLevelRules: Set<String>

    public init(ruleSet: RuleSet) throws(RuleFileError) {
        engine = RuleEngine(ruleSet: ruleSet)
        engines = EnginesByJurisdiction(ruleSet: ruleSet)
        catalogue = try ruleSet.permissionCatalogue()
        appLevelRules = Set(ruleSet.descriptors.filter { $0.appliesTo == .app }.map(\.id))
    }

    /// A pipeline over an already parsed permission mapping (`ExampleRunner` builds one per rule).
    init(ruleSet: RuleSet, catalogue: PermissionCatalogue) {
        engine = RuleEngine(ruleSet: ruleSet)
        engines = EnginesByJurisdiction(ruleSet: ruleSet)
        self.catalogue = catalogue
        appLevelRules = Set(ruleSet.descriptors.filter { $0.appliesTo == .app }.map(\.id))
    }

    /// The categories a lendaudit.yml, `--category` or the config may name: the built-in ones
    /// and any the rule packs filter on.
    public var knownCategories: [String] {
        AppCategories.known(ruleCategories: engine.ruleSet.descriptors.flatMap(\.appCategories))
    }

    /// The whole report in memory: for tests, `diff`, and anything small.
    public func run(roots: [String], options: AuditOptions = AuditOptions()) -> AuditReport {
        let plan = plan(roots: roots, options: options)
        var apps: [AppReport] = []
        var inputErrors = plan.errors
        var warnings: [InputWarning] = []
        audit(plan, options: options, process: { $0 }) { app in
            apps.append(app.report)
            inputErrors += app.errors
            warnings += app.warnings
        }
        return AuditReport(
            tool: Self.tool,
            roots: roots,
            rulePacks: engine.ruleSet.packs,
            rules: engine.ruleSet.descriptors,
            apps: apps,
            inputErrors: inputErrors.sorted(),
            warnings: warnings.sorted(),
            skippedFiles: plan.skipped,
            shard: options.shard.map { ShardNumber(index: $0.index, count: $0.count) }
        )
    }

    /// Finds the apps under `roots` and applies the options' identity, exclusions and shard.
    /// Apps come in report order, so that results can be written as they arrive.
    public func plan(roots: [String], options: AuditOptions) -> ScanPlan {
        let discovery = Discovery.discover(roots: roots, options: DiscoveryOptions(
            maximumFileSize: options.maximumFileSize, appPerFile: options.appPerFile, knownCategories: options.knownCategories))
        var selected = discovery.apps
        var discoveryErrors = discovery.errors
        var skipped = discovery.skipped
        if let identity = options.identityOverride {
            for index in selected.indices { selected[index].identity = identity }
        }
        if let excluded = options.excluded {
            for index in selected.indices { selected[index].files.removeAll { excluded($0.displayPath) } }
            selected.removeAll { $0.files.isEmpty }
            discoveryErrors.removeAll { excluded($0.path) }
            skipped.removeAll { excluded($0.path) }
        }
        if let shard = options.shard {
            selected.removeAll { !shard.contains(app: $0.identity) }
            // Errors of no app stand in every shard; merging keeps one of each.
            discoveryErrors.removeAll { error in error.app.map { !shard.contains(app: $0) } ?? false }
            skipped.removeAll { file in file.app.map { !shard.contains(app: $0) } ?? false }
        }
        if let category = options.defaultCategory {
            for index in selected.indices where selected[index].metadata?.category == nil {
                selected[index].defaultCategory = category
            }
        }
        for index in selected.indices {
            if !options.jurisdictions.isEmpty {
                selected[index].declaredJurisdictions = options.jurisdictions
            } else if !options.defaultJurisdictions.isEmpty, selected[index].metadata?.jurisdictions.isEmpty ?? true {
                selected[index].declaredJurisdictions = options.defaultJurisdictions
            }
        }
        // `AppReport.reportOrder` (an app's report name is its identity, its path the display path):
        // sections are streamed in this order and must come out as `merge` sorts whole reports.
        selected.sort { ($0.identity, $0.displayPath) < ($1.identity, $1.displayPath) }
        return ScanPlan(apps: selected, errors: discoveryErrors.sorted(), skipped: skipped.sorted())
    }

    /// Audits the plan's apps on `options.jobs` threads. `process` runs on the worker that audited
    /// the app (render its report sections there); `consume` gets the results one at a time, on
    /// the calling thread, in plan order. At most a few apps per worker are in flight, so memory
    /// holds what `process` keeps, never the corpus or the report.
    public func audit<Piece: Sendable>(
        _ plan: ScanPlan, options: AuditOptions, process: @escaping @Sendable (AuditedApp) -> Piece,
        consume: (Piece) throws -> Void
    ) rethrows {
        let apps = plan.apps
        let workers = min(options.jobs, max(1, apps.count))
        let handoff = OrderedHandoff<Piece>(count: apps.count, window: 4 * workers)
        let files = FileTally(total: apps.reduce(0) { $0 + $1.files.count })
        let workersDone = DispatchGroup()
        for _ in 0..<workers {
            workersDone.enter()
            let thread = Thread {
                while let index = handoff.claim() {
                    handoff.store(process(audit(apps[index], maximumFileSize: options.maximumFileSize)), at: index)
                    let filesDone = files.add(apps[index].files.count)
                    options.progress?(filesDone, files.total)
                }
                workersDone.leave()
            }
            // Parsers of hostile input need room to unwind deep nesting; a worker gets what the
            // main thread has.
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            handoff.cancel()
            workersDone.wait()
        }
        while let piece = handoff.next() {
            try consume(piece)
        }
    }

    private func audit(_ app: AppBundle, maximumFileSize: Int) -> AuditedApp {
        audit(app, onDisk: true, maximumFileSize: maximumFileSize) { file throws(ReadFailure) in try Self.contents(of: file.absolutePath) }
    }

    /// Reads, evaluates and summarises one app whose files' bytes come from `contents`: the disk
    /// for a scan, the rule file for a rule's example (`ExampleRunner`), so that an example is read
    /// exactly as a scan reads that file. `onDisk` lets a manifest reader look beside its file
    /// (HarmonyOS `$string:` resources); an example has nothing beside it. An APK or IPA on disk
    /// is not read whole: the manifest reader seeks to the one entry it needs, and
    /// `maximumFileSize` limits what that entry inflates to.
    func audit(
        _ app: AppBundle, onDisk: Bool, maximumFileSize: Int = DiscoveryOptions.defaultMaximumFileSize,
        contents: (InputFile) throws(ReadFailure) -> [UInt8]
    ) -> AuditedApp {
        var agreements: [AgreementEvidence] = []
        var permissions: [PermissionEvidence] = []
        var documents: [DocumentSummary] = []
        var errors: [InputError] = []
        var warnings: [InputWarning] = []
        for file in app.files {
            let bytes: [UInt8]
            let archiveOnDisk = onDisk && (file.kind == .apk || file.kind == .ipa)
            do {
                bytes = archiveOnDisk ? [] : try contents(file)
            } catch {
                errors.append(InputError(path: file.displayPath, app: app.identity, reason: error.reason))
                continue
            }
            if file.kind.isAgreement {
                do {
                    let reading = try AgreementReader.reading(bytes, kind: file.kind)
                    let agreement = reading.agreement
                    agreements.append(AgreementEvidence(displayPath: file.displayPath, pathInApp: file.pathInApp, agreement: agreement))
                    documents.append(DocumentSummary(
                        path: file.displayPath, kind: .agreement, format: reading.format,
                        encoding: agreement.encoding, units: agreement.clauses.count
                    ))
                    warnings += reading.warnings.map { InputWarning(path: file.displayPath, app: app.identity, reason: $0) }
                } catch {
                    errors.append(InputError(path: file.displayPath, app: app.identity, reason: error.description))
                }
            } else {
                do {
                    let manifest = archiveOnDisk
                        ? try ManifestReader.readArchive(
                            atPath: file.absolutePath, kind: file.kind, path: file.displayPath, maximumSize: maximumFileSize, catalogue: catalogue
                        )
                        : try ManifestReader.read(
                            bytes, kind: file.kind, path: file.displayPath, absolutePath: onDisk ? file.absolutePath : nil, catalogue: catalogue
                        )
                    permissions += manifest.permissions.map { PermissionEvidence(permission: $0, pathInApp: file.pathInApp) }
                    documents.append(DocumentSummary(
                        path: file.displayPath, kind: .manifest, format: file.kind.rawValue, encoding: nil,
                        units: manifest.permissions.count
                    ))
                } catch {
                    errors.append(InputError(path: file.displayPath, app: app.identity, reason: error.reason))
                }
            }
        }

        var category = app.metadata?.category ?? app.defaultCategory
        var inferred = false
        if category == nil, let guess = AppCategoryInference.infer(from: agreements.map(\.agreement)) {
            category = guess
            inferred = true
        }
        if category == nil {
            // Rules limited to lending apps are off for this app: say so, never a silent "clean".
            warnings.append(InputWarning(path: app.displayPath, app: app.identity, reason: AppCategories.unknownNotice))
        }
        // Must come after the files are read: the platforms found bring in their app stores' packs.
        let selection = JurisdictionSelection(
            declared: app.declaredJurisdictions ?? app.metadata?.jurisdictions ?? [],
            platforms: Set(app.files.compactMap { Platform(manifestKind: $0.kind) }),
            packs: engine.ruleSet.packDeclarations.values.sorted { $0.name < $1.name })
        let selected = engines.engine(for: selection)
        var findings = selected.engine.findings(app: app.identity, appCategory: category, agreements: agreements, permissions: permissions)
        if let several = app.severalApps {
            // One company's agreement must not be joined to another's manifest.
            findings.removeAll { appLevelRules.contains($0.ruleId) }
            warnings.append(InputWarning(
                path: app.displayPath, app: app.identity,
                reason: "this folder seems to hold several apps: \(several); app-level rules (undisclosed permissions, "
                    + "contradictions) were not applied — put each app in a folder of its own, or pass --app-per-file"))
        }
        var report = AppReport(
            name: app.identity, path: app.displayPath, version: app.metadata?.version, category: category,
            categoryInferred: inferred, jurisdictions: app.metadata?.jurisdictions ?? [], documents: documents,
            permissions: permissions.map(\.permission).sorted(), findings: findings
        )
        report.jurisdictionsApplied = selection.jurisdictions
        report.packs = selected.packs
        return AuditedApp(report: report, errors: errors, warnings: warnings.sorted())
    }

    struct ReadFailure: Error {
        var reason: String
    }

    private static func contents(of path: String) throws(ReadFailure) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadFailure(reason: "the file cannot be opened (check that it exists and is readable)")
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw ReadFailure(reason: "the file cannot be read: \(error.localizedDescription)")
        }
    }
}

/// The apps a scan will audit, in report order, and the inputs discovery could not take.
public struct ScanPlan: Sendable {
    public var apps: [AppBundle]
    /// Sorted.
    public var errors: [InputError]
    /// Files looked at and not read, sorted.
    public var skipped: [SkippedFile] = []
}

/// One audited app: its report, the files of it that could not be read, and its warnings.
public struct AuditedApp: Sendable {
    public var report: AppReport
    public var errors: [InputError]
    /// Cut-short pages, an unknown category, a folder of several apps.
    public var warnings: [InputWarning] = []
}

/// The rule engines of the jurisdiction sets met so far: apps of one market share one engine,
/// compiled the first time an app needs it (a scan meets few sets, each compiled once).
final class EnginesByJurisdiction: @unchecked Sendable {
    private let ruleSet: RuleSet
    private let lock = NSLock()
    private var engines: [[String]: (engine: RuleEngine, packs: [String])] = [:]

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    /// The engine with the rules the selection includes, and the names of the packs they come from.
    func engine(for selection: JurisdictionSelection) -> (engine: RuleEngine, packs: [String]) {
        lock.withLock {
            if let known = engines[selection.jurisdictions] { return known }
            var selected = ruleSet
            selected.retain { selection.includes($0, packs: ruleSet.packDeclarations) }
            let made = (RuleEngine(ruleSet: selected), Set(selected.rules.map(\.pack)).sorted())
            engines[selection.jurisdictions] = made
            return made
        }
    }
}

/// Files audited so far, across workers.
final class FileTally: @unchecked Sendable {
    let total: Int
    private let lock = NSLock()
    private var done = 0

    init(total: Int) {
        self.total = total
    }

    /// Adds `count` and returns the new number done.
    func add(_ count: Int) -> Int {
        lock.withLock {
            done += count
            return done
        }
    }
}

/// Work handed out by index to parallel workers, results handed on strictly in index order, so
/// the output never depends on which worker finished first. Workers stay within `window` of the
/// oldest result not yet taken, which bounds what waits in memory when one app is slow.
final class OrderedHandoff<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Int: Value] = [:]
    private let count: Int
    private let window: Int
    private var nextClaim = 0
    private var nextTake = 0
    private var cancelled = false

    init(count: Int, window: Int) {
        self.count = count
        self.window = max(1, window)
    }

    /// The next index to work on, or nil when there is none left (or the consumer stopped).
    func claim() -> Int? {
        condition.withLock {
            while !cancelled, nextClaim < count, nextClaim >= nextTake + window { condition.wait() }
            guard !cancelled, nextClaim < count else { return nil }
            defer { nextClaim += 1 }
            return nextClaim
        }
    }

    func store(_ value: Value, at index: Int) {
        condition.withLock {
            waiting[index] = value
            condition.broadcast()
        }
    }

    /// The result for the next index, waiting for it; nil after the last.
    func next() -> Value? {
        condition.withLock {
            guard nextTake < count else { return nil }
            while waiting[nextTake] == nil { condition.wait() }
            defer {
                nextTake += 1
                condition.broadcast()
            }
            return waiting.removeValue(forKey: nextTake)
        }
    }

    /// Lets waiting workers go when the consumer stops early (it threw).
    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }
}
