import Findings

/// One app's part of a report in one format, rendered by the worker that audited the app.
public struct AppSection: Sendable {
    public var text: String
    /// JUnit only: the rule test cases in `text` and how many of them failed, for the suite's counts.
    var tests = 0
    var failures = 0
}

/// What every app's section needs to know of the whole scan, fixed before the first app.
public struct SectionContext: Sendable {
    /// Every rule a finding can name, in report order (id, then pack); the position is SARIF's
    /// `ruleIndex`.
    let rules: [RuleDescriptor]
    let ruleIndex: [String: Int]
    /// Set when the scan is compared with a baseline (SARIF marks results `new`).
    let baselineActive: Bool
    /// Input errors known before any app is audited (from discovery); the apps' own come with them.
    let knownErrors: [InputError]
    /// How many apps the report will hold (the memo becomes a survey beyond a threshold); 0 when unknown.
    public let appCount: Int

    public init(rules: [RuleDescriptor], baselineActive: Bool, knownErrors: [InputError], appCount: Int = 0) {
        self.appCount = appCount
        let sorted = rules.sorted(by: RuleDescriptor.reportOrder)
        self.rules = sorted
        ruleIndex = Dictionary(sorted.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.baselineActive = baselineActive
        self.knownErrors = knownErrors
    }

    /// The rule a finding names, by id (the first in report order when packs share an id).
    func rule(_ id: String) -> RuleDescriptor? {
        ruleIndex[id].map { rules[$0] }
    }
}

/// A format written in parts — a head, every app's section in report order, a tail — so that a
/// scan of ten thousand apps streams to the file instead of holding the report in memory.
///
/// `render` goes through the same parts, so a streamed report and a rendered one are the same bytes.
public protocol SectionedReporter: Reporter {
    /// One app's section; `app` must be in report order (`AppReport.inReportOrder()`).
    func section(_ app: AppReport, context: SectionContext) -> AppSection
    /// A fresh assembler, which joins the sections and writes head and tail.
    func assembler(context: SectionContext) -> any ReportAssembler
    /// The rules a finished report's findings can name (SARIF adds any a merged report lacks).
    func rules(of report: AuditReport) -> [RuleDescriptor]
}

/// Joins the sections of one report, fed in report order from one thread.
public protocol ReportAssembler: AnyObject {
    /// The text to write after what was written before; `errors` are the app's own input errors.
    func append(_ section: AppSection, app: AppDigest, errors: [InputError]) -> String
    /// Once every app is in: what goes before the first section, and what follows the last.
    func finish(_ frame: ReportFrame) -> (head: String, tail: String)
    /// The order the appended sections are written in, as indices into `frame.apps` (one each), or
    /// nil to keep report order. The memo puts the riskiest app first, which is known only at the end.
    func sectionOrder(_ frame: ReportFrame) -> [Int]?
}

extension ReportAssembler {
    public func sectionOrder(_ frame: ReportFrame) -> [Int]? { nil }
}

extension SectionedReporter {
    public func rules(of report: AuditReport) -> [RuleDescriptor] { report.rules }

    public func render(_ report: AuditReport) -> String {
        let report = report.inReportOrder()
        let context = SectionContext(
            rules: rules(of: report), baselineActive: report.baseline != nil, knownErrors: report.inputErrors,
            appCount: report.apps.count)
        let assembler = assembler(context: context)
        var frame = ReportFrame(
            tool: report.tool, roots: report.roots, rulePacks: report.rulePacks, rules: report.rules,
            inputErrors: report.inputErrors, baseline: report.baseline, unusedSuppressions: report.unusedSuppressions,
            warnings: report.warnings, skippedFiles: report.skippedFiles, configuration: report.configuration)
        frame.shard = report.shard
        var sections: [String] = []
        for app in report.apps {
            let digest = AppDigest(app)
            sections.append(assembler.append(section(app, context: context), app: digest, errors: []))
            frame.add(digest)
        }
        let (head, tail) = assembler.finish(frame)
        let order = assembler.sectionOrder(frame) ?? Array(sections.indices)
        return head + order.map { sections[$0] }.joined() + tail
    }
}

/// Sections joined by a separator, empty ones skipped: the body of the JSON and SARIF arrays.
final class SeparatedAssembler: ReportAssembler {
    private let separator: String
    private let finishing: (ReportFrame, Bool) -> (head: String, tail: String)
    private var wroteAny = false

    /// `finishing` gets the frame and whether any section was written.
    init(separator: String, finishing: @escaping (ReportFrame, Bool) -> (head: String, tail: String)) {
        self.separator = separator
        self.finishing = finishing
    }

    func append(_ section: AppSection, app: AppDigest, errors: [InputError]) -> String {
        guard !section.text.isEmpty else { return "" }
        defer { wroteAny = true }
        return wroteAny ? separator + section.text : section.text
    }

    func finish(_ frame: ReportFrame) -> (head: String, tail: String) {
        finishing(frame, wroteAny)
    }
}
