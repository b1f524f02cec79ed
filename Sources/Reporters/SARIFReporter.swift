import Findings
import Foundation

/// SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, VS Code SARIF viewer): one run, one rule
/// per rule descriptor, one result per finding, input errors as tool execution notifications.
public struct SARIFReporter: SectionedReporter {
    /// The `uriBaseId` every artifact location is relative to: the scanned root.
    public static let rootBaseId = "SRCROOT"
    /// The `partialFingerprints` key; bump the suffix if `Fingerprint` ever changes meaning.
    public static let fingerprintKey = "lendaudit/v1"

    /// GitHub's partial fingerprint: the line's hash as upload-sarif computes it (`GitHubLineHash`).
    public static let lineHashKey = "primaryLocationLineHash"
    /// GitHub reads at most 10 locations of a result; related locations are capped the same.
    public static let maximumLocations = 10

    /// Longest quote in a result message, in Unicode scalars; the snippet always has all of it.
    public var quoteLimit: Int
    /// Where URIs start and how to read the files (for line hashes and region ends).
    public var settings: ReportSettings

    public init(quoteLimit: Int = 400, settings: ReportSettings = ReportSettings()) {
        self.quoteLimit = quoteLimit
        self.settings = settings
    }

    /// The app's findings as elements of `runs[0].results` (four levels deep): active ones,
    /// suppressed ones, and with a baseline those it already had (`unchanged`), so that an upload
    /// keeps every open alert open.
    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        let files = SourceFileCache(settings.sourceFiles)
        let baseline = context.baselineActive
        var results = (app.findings + app.suppressed).map {
            result($0, app: app, state: baseline ? "new" : nil, context: context, files: files)
        }
        results += app.baselined.map { result($0, app: app, state: "unchanged", context: context, files: files) }
        return AppSection(text: JSONWriter.elements(results, level: 4) { $1.write(to: &$0) })
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        SeparatedAssembler(separator: ",\n") { frame, wroteAny in
            // Baseline findings no longer found, known only once every app is in: after the apps' results.
            let absent = (frame.baseline?.fixed ?? []).map { absentResult($0, context: context) }
            let absentText = JSONWriter.elements(absent, level: 4) { $1.write(to: &$0) }
            // Keys are sorted; the log is encoded with no results and they go where the empty array was.
            let document = JSONOutput.render(log(frame, rules: context.rules))
            let (head, tail) = JSONOutput.frame(
                document, aroundEmptyArray: "results", indent: 6, filled: wroteAny || !absent.isEmpty)
            guard !absent.isEmpty else { return (head, tail) }
            return (head, (wroteAny ? ",\n" : "") + absentText + tail)
        }
    }

    public func rules(of report: AuditReport) -> [RuleDescriptor] { Self.rules(report) }

    private func result(
        _ finding: Finding, app: AppReport, state: String?, context: SectionContext, files: SourceFileCache
    ) -> SARIFLog.Result {
        guard let index = context.ruleIndex[finding.ruleId] else {
            preconditionFailure("rule \(finding.ruleId) missing from the SARIF rules, which cover every finding")
        }
        let line = max(1, finding.location.line)
        let column = max(1, finding.location.column)
        let (artifactLocation, inArchive) = artifact(finding.location.path)
        var region: SARIFLog.Region?
        var fingerprints = [Self.fingerprintKey: finding.fingerprint]
        if !inArchive {
            region = .init(startLine: line, startColumn: column, snippet: .init(text: finding.excerpt.text))
            if let file = files.file(finding.location.path) {
                fingerprints[Self.lineHashKey] = file.hash(line: line)
                if let end = file.endColumn(line: line), end > column {
                    region?.endLine = line
                    region?.endColumn = end
                }
            }
        }
        var text = "\(finding.title): “\(QuoteWindow(finding.excerpt, limit: quoteLimit).plainText)”"
        let related = relatedLocations(finding, app: app)
        if let first = related.first {
            // GitHub shows related locations only when the message links them.
            text += " — the manifest asks for it: [\(first.message?.text ?? "request")](1)"
        }
        return SARIFLog.Result(
            ruleId: finding.ruleId,
            ruleIndex: index,
            level: Self.level(finding.severity),
            message: .init(text: text),
            locations: [.init(physicalLocation: .init(artifactLocation: artifactLocation, region: region))],
            relatedLocations: related.isEmpty ? nil : related,
            partialFingerprints: fingerprints,
            suppressions: finding.suppression.map { [.init(kind: "external", status: "accepted", justification: $0.reason)] },
            baselineState: state,
            properties: .init(
                category: finding.category.rawValue, app: finding.app, severity: finding.severity.rawValue,
                alsoMatched: finding.alsoMatched.isEmpty ? nil : finding.alsoMatched))
    }

    /// A contradiction's other side: the manifest requests its message names ("the manifest
    /// requests A, B at path:line:col"), found among the app's permissions, at most 10.
    private func relatedLocations(_ finding: Finding, app: AppReport) -> [SARIFLog.Location] {
        guard finding.category == .contradiction,
              let start = finding.message.range(of: "the manifest requests ", options: .backwards),
              let at = finding.message.range(of: " at ", range: start.upperBound..<finding.message.endIndex)
        else { return [] }
        let names = Set(finding.message[start.upperBound..<at.lowerBound].components(separatedBy: ", "))
        let requests = app.permissions.filter { names.contains($0.name) }.prefix(Self.maximumLocations)
        return requests.enumerated().map { offset, permission in
            let (artifactLocation, inArchive) = artifact(permission.location.path)
            return SARIFLog.Location(
                id: offset + 1,
                message: .init(text: "\(permission.name) at \(permission.location)"),
                physicalLocation: .init(
                    artifactLocation: artifactLocation,
                    region: inArchive ? nil : .init(
                        startLine: max(1, permission.location.line), startColumn: max(1, permission.location.column))))
        }
    }

    /// A baseline finding no longer found: listed so that a viewer can close its alert.
    private func absentResult(_ entry: BaselineEntry, context: SectionContext) -> SARIFLog.Result {
        let index = context.ruleIndex[entry.ruleId]
        let rule = index.map { context.rules[$0] }
        let (artifactLocation, inArchive) = artifact(entry.location.path)
        return SARIFLog.Result(
            ruleId: entry.ruleId,
            ruleIndex: index,
            level: rule.map { Self.level($0.severity) },
            message: .init(text: "\(entry.title): “\(entry.quote)” (in the baseline, no longer found)"),
            locations: [.init(physicalLocation: .init(
                artifactLocation: artifactLocation,
                region: inArchive ? nil : .init(
                    startLine: max(1, entry.location.line), startColumn: max(1, entry.location.column))))],
            partialFingerprints: [Self.fingerprintKey: entry.fingerprint],
            baselineState: "absent",
            properties: .init(category: rule?.category.rawValue, app: entry.app, severity: rule?.severity.rawValue))
    }

    /// The log without results.
    private func log(_ report: ReportFrame, rules: [RuleDescriptor]) -> SARIFLog {
        func notification(_ level: String, _ path: String, app: String?, reason: String, text: String, skipped: Bool? = nil) -> SARIFLog.Notification {
            SARIFLog.Notification(
                level: level, message: .init(text: text),
                locations: [.init(physicalLocation: .init(artifactLocation: artifact(path).location))],
                properties: .init(app: app, reason: reason, skipped: skipped))
        }
        // Warnings (read with a caveat) and skipped files (not read, by design) do not make the
        // run unsuccessful; they are notifications of their own levels.
        let notifications = report.inputErrors.map { notification("error", $0.path, app: $0.app, reason: $0.reason, text: "\($0.path): \($0.reason)") }
            + report.warnings.map { notification("warning", $0.path, app: $0.app, reason: $0.reason, text: "\($0.path): \($0.reason)") }
            + report.skippedFiles.map {
                notification("note", $0.path, app: $0.app, reason: $0.reason, text: "\($0.path): not read: \($0.reason)", skipped: true)
            }

        let rootsText = report.roots.isEmpty ? "" : ": " + report.roots.joined(separator: ", ")
        let run = SARIFLog.Run(
            tool: .init(driver: .init(name: "lendaudit", version: report.tool.version, rules: rules.map(Self.descriptor))),
            invocations: [
                .init(
                    executionSuccessful: report.inputErrors.isEmpty,
                    toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
            ],
            // No `uri`: SARIF wants an absolute URI there, and reports carry no machine paths.
            // A viewer asks the user where SRCROOT is, or resolves it against the repository.
            originalUriBaseIds: [
                Self.rootBaseId: .init(description: .init(
                    text: "The folder URIs are relative to: --sarif-root, else the folder lendaudit ran in (run from a checkout's root, the repository); the scanned paths, as typed\(rootsText)"))
            ],
            results: [],
            properties: .init(
                roots: report.roots,
                rulePacks: report.rulePacks.map { .init(name: $0.name, ruleCount: $0.ruleCount, source: $0.source) }))
        return SARIFLog(runs: [run])
    }

    /// `report.rules`, plus a descriptor made from the finding for any rule id a finding names
    /// that the report does not describe, so that every result has a valid `ruleIndex`.
    static func rules(_ report: AuditReport) -> [RuleDescriptor] {
        var rules = report.rules
        var known = Set(rules.map(\.id))
        for finding in report.findings where !known.contains(finding.ruleId) {
            known.insert(finding.ruleId)
            rules.append(RuleDescriptor(
                id: finding.ruleId, title: finding.title, titleZh: nil, category: finding.category,
                severity: finding.severity, appliesTo: .agreement, appCategories: [], message: finding.message,
                remediation: finding.remediation, norms: finding.norms, pack: ""))
        }
        // In any order: `SectionContext` puts them in report order.
        return rules
    }

    static func descriptor(_ rule: RuleDescriptor) -> SARIFLog.ReportingDescriptor {
        let norms = rule.norms
        var helpText = SARIFReporter.sentence(rule.remediation)
        var helpMarkdown = MarkdownText.paragraph(SARIFReporter.sentence(rule.remediation))
        if !norms.isEmpty {
            helpText += "\n\nNorms:\n" + norms.map { norm in
                let title = norm.displayTitle.isEmpty ? "" : ": \(norm.displayTitle)"
                let url = PercentEncoding.httpURL(norm.url).map { " <\($0)>" } ?? ""
                return "- \(norm.citation)\(title)\(url)"
            }.joined(separator: "\n")
            helpMarkdown += "\n\nNorms:\n\n" + norms.map { "- " + MarkdownReporter.norm($0) }.joined(separator: "\n")
        }
        return SARIFLog.ReportingDescriptor(
            id: rule.id,
            name: name(rule),
            shortDescription: .init(text: rule.title),
            fullDescription: .init(text: rule.message),
            help: .init(text: helpText, markdown: helpMarkdown),
            helpUri: norms.lazy.compactMap { PercentEncoding.httpURL($0.url) }.first,
            defaultConfiguration: .init(level: level(rule.severity)),
            properties: .init(
                category: rule.category.rawValue, severity: rule.severity.rawValue,
                securitySeverity: securitySeverity(rule.severity), precision: precision(rule),
                tags: tags(rule),
                norms: norms.map {
                    .init(id: $0.id, citation: $0.citation, titleZh: $0.titleZh, titleEn: $0.titleEn, url: $0.url)
                }))
    }

    /// GitHub's bands: 9.0 and above critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
    static func securitySeverity(_ severity: Severity) -> String? {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info: nil
        }
    }

    /// How often a result of the rule is right: a manifest request is read, not judged
    /// (very-high); a clause is judged from its words (high); an app-level rule judges from what
    /// the agreements do not say (medium).
    static func precision(_ rule: RuleDescriptor) -> String {
        switch rule.appliesTo {
        case .manifest: "very-high"
        case .agreement: "high"
        case .app: "medium"
        }
    }

    /// `security` (GitHub reads security-severity only on rules so tagged), the category, and the
    /// jurisdiction: the pack's first word (`cn-pi` -> `CN`).
    static func tags(_ rule: RuleDescriptor) -> [String] {
        var tags = ["security", rule.category.rawValue]
        if let jurisdiction = rule.pack.split(separator: "-").first, !jurisdiction.isEmpty {
            tags.append(jurisdiction.uppercased())
        }
        return tags
    }

    /// SARIF has three levels: critical and high fail a build (error), medium warns, low and info are notes.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// SARIF's `name` is an identifier-like form ("SpecifyMarshalingForPInvokeStringArguments"):
    /// the English title in PascalCase, or the id when the title has no Latin words.
    static func name(_ rule: RuleDescriptor) -> String {
        var name = ""
        var startOfWord = true
        for scalar in rule.title.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                name += startOfWord ? String(scalar).uppercased() : String(scalar)
                startOfWord = false
            } else if scalar != "'" && scalar != "’" {
                startOfWord = true
            }
        }
        return name.isEmpty ? rule.id : name
    }

    /// A reported path as SARIF's artifact: relative to SRCROOT when it lies under the root,
    /// else an absolute `file://` URI (GitHub then cannot place it). A member of an archive
    /// (`app.apk!AndroidManifest.xml`) is the archive itself: its lines are not the archive's.
    func artifact(_ path: String) -> (location: SARIFLog.ArtifactLocation, inArchive: Bool) {
        var path = path
        var inArchive = false
        if let bang = path.firstIndex(of: "!"),
           Self.archiveSuffixes.contains(where: { path[..<bang].lowercased().hasSuffix($0) }) {
            path = String(path[..<bang])
            inArchive = true
        }
        guard let files = settings.sourceFiles else {
            return (.init(uri: PercentEncoding.path(path), uriBaseId: Self.rootBaseId), inArchive)
        }
        guard let relative = files.relativeToRoot(path) else {
            return (.init(uri: "file://" + PercentEncoding.path(files.absolute(path))), inArchive)
        }
        return (.init(uri: PercentEncoding.path(relative), uriBaseId: Self.rootBaseId), inArchive)
    }

    static let archiveSuffixes = [".apk", ".ipa", ".hap", ".aab", ".zip"]

    static func sentence(_ text: String) -> String { MarkdownReporter.sentence(text) }
}
