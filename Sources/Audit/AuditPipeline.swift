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
    /// Called after each app with (apps done, apps in all); used for the terminal progress line.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Only the apps of this shard (`--shard K/N`).
    public var shard: Shard?
    /// Files whose display path matches are not audited (config `exclude`).
    public var excluded: (@Sendable (String) -> Bool)?
    /// Audits every app under this identity (for `diff`, where two folders are one app's versions).
    public var identityOverride: String?

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
    private let catalogue: PermissionCatalogue

    public init(ruleSet: RuleSet) throws(RuleFileError) {
        engine = RuleEngine(ruleSet: ruleSet)
        catalogue = try ruleSet.permissionCatalogue()
    }

    public func run(roots: [String], options: AuditOptions = AuditOptions()) -> AuditReport {
        let discovery = Discovery.discover(roots: roots, options: DiscoveryOptions(maximumFileSize: options.maximumFileSize))
        var selected = discovery.apps
        var discoveryErrors = discovery.errors
        if let identity = options.identityOverride {
            for index in selected.indices { selected[index].identity = identity }
        }
        if let excluded = options.excluded {
            for index in selected.indices { selected[index].files.removeAll { excluded($0.displayPath) } }
            selected.removeAll { $0.files.isEmpty }
            discoveryErrors.removeAll { excluded($0.path) }
        }
        if let shard = options.shard {
            selected.removeAll { !shard.contains(app: $0.identity) }
            // Errors of no app stand in every shard; merging keeps one of each.
            discoveryErrors.removeAll { error in error.app.map { !shard.contains(app: $0) } ?? false }
        }
        let apps = selected
        let results = ResultSlots<AppOutcome>(count: apps.count)
        let workers = min(options.jobs, max(1, apps.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = results.claimNext() {
                results.store(audit(apps[index]), at: index)
                options.progress?(results.completed, apps.count)
            }
        }
        let outcomes = results.values()
        var inputErrors = discoveryErrors
        for outcome in outcomes { inputErrors += outcome.errors }
        return AuditReport(
            tool: Self.tool,
            roots: roots,
            rulePacks: engine.ruleSet.packs,
            rules: engine.ruleSet.descriptors,
            apps: outcomes.map(\.report).sorted(by: AppReport.reportOrder),
            inputErrors: inputErrors.sorted()
        )
    }

    private struct AppOutcome: Sendable {
        var report: AppReport
        var errors: [InputError]
    }

    private func audit(_ app: AppBundle) -> AppOutcome {
        var agreements: [AgreementEvidence] = []
        var permissions: [PermissionEvidence] = []
        var documents: [DocumentSummary] = []
        var errors: [InputError] = []
        for file in app.files {
            let bytes: [UInt8]
            do {
                bytes = try Self.contents(of: file.absolutePath)
            } catch {
                errors.append(InputError(path: file.displayPath, app: app.identity, reason: error.reason))
                continue
            }
            if file.kind.isAgreement {
                do {
                    let agreement = try AgreementReader.read(bytes, kind: file.kind)
                    agreements.append(AgreementEvidence(displayPath: file.displayPath, pathInApp: file.pathInApp, agreement: agreement))
                    documents.append(DocumentSummary(
                        path: file.displayPath, kind: .agreement, format: file.kind.rawValue,
                        encoding: agreement.encoding, units: agreement.clauses.count
                    ))
                } catch {
                    errors.append(InputError(path: file.displayPath, app: app.identity, reason: error.description))
                }
            } else {
                do {
                    let manifest = try ManifestReader.read(
                        bytes, kind: file.kind, path: file.displayPath, absolutePath: file.absolutePath, catalogue: catalogue
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

        var category = app.metadata?.category
        var inferred = false
        if category == nil, let guess = AppCategoryInference.infer(from: agreements.map(\.agreement)) {
            category = guess
            inferred = true
        }
        let findings = engine.findings(app: app.identity, appCategory: category, agreements: agreements, permissions: permissions)
        let report = AppReport(
            name: app.identity, path: app.displayPath, version: app.metadata?.version, category: category,
            categoryInferred: inferred, jurisdictions: app.metadata?.jurisdictions ?? [], documents: documents,
            permissions: permissions.map(\.permission).sorted(), findings: findings
        )
        return AppOutcome(report: report, errors: errors)
    }

    private struct ReadFailure: Error {
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

/// Result slots filled by parallel workers and read in index order, so the output never depends
/// on which worker finished first.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]
    private var next = 0
    private(set) var completedCount = 0

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func claimNext() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ value: Value, at index: Int) {
        lock.withLock {
            slots[index] = value
            completedCount += 1
        }
    }

    var completed: Int { lock.withLock { completedCount } }

    func values() -> [Value] {
        lock.withLock {
            slots.map { slot in
                guard let slot else { preconditionFailure("a result slot was never filled") }
                return slot
            }
        }
    }
}
