import Findings

/// SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, VS Code SARIF viewer): one run, one rule
/// per rule descriptor, one result per finding, input errors as tool execution notifications.
public struct SARIFReporter: SectionedReporter {
    /// The `uriBaseId` every artifact location is relative to: the scanned root.
    public static let rootBaseId = "SRCROOT"
    /// The `partialFingerprints` key; bump the suffix if `Fingerprint` ever changes meaning.
    public static let fingerprintKey = "lendaudit/v1"

    /// Longest quote in a result message, in Unicode scalars; the snippet always has all of it.
    public var quoteLimit: Int

    public init(quoteLimit: Int = 400) {
        self.quoteLimit = quoteLimit
    }

    /// The app's findings, suppressed ones included, as elements of `runs[0].results` (four levels deep).
    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        let results = (app.findings + app.suppressed).map { result($0, context: context) }
        return AppSection(text: JSONWriter.elements(results, level: 4) { $1.write(to: &$0) })
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        SeparatedAssembler(separator: ",\n") { frame, wroteAny in
            // Keys are sorted; the log is encoded with no results and they go where the empty array was.
            let document = JSONOutput.render(log(frame, rules: context.rules))
            return JSONOutput.frame(document, aroundEmptyArray: "results", indent: 6, filled: wroteAny)
        }
    }

    public func rules(of report: AuditReport) -> [RuleDescriptor] { Self.rules(report) }

    private func result(_ finding: Finding, context: SectionContext) -> SARIFLog.Result {
        guard let index = context.ruleIndex[finding.ruleId] else {
            preconditionFailure("rule \(finding.ruleId) missing from the SARIF rules, which cover every finding")
        }
        return SARIFLog.Result(
            ruleId: finding.ruleId,
            ruleIndex: index,
            level: Self.level(finding.severity),
            message: .init(text: "\(finding.title): “\(QuoteWindow(finding.excerpt, limit: quoteLimit).plainText)”"),
            locations: [
                .init(physicalLocation: .init(
                    artifactLocation: Self.artifact(finding.location.path),
                    region: .init(
                        startLine: max(1, finding.location.line), startColumn: max(1, finding.location.column),
                        snippet: .init(text: finding.excerpt.text))))
            ],
            partialFingerprints: [Self.fingerprintKey: finding.fingerprint],
            suppressions: finding.suppression.map { [.init(kind: "external", status: "accepted", justification: $0.reason)] },
            baselineState: context.baselineActive ? "new" : nil,
            properties: .init(
                category: finding.category.rawValue, app: finding.app, severity: finding.severity.rawValue,
                alsoMatched: finding.alsoMatched.isEmpty ? nil : finding.alsoMatched))
    }

    /// The log without results.
    private func log(_ report: ReportFrame, rules: [RuleDescriptor]) -> SARIFLog {
        let errors = report.inputErrors.map { error in
            SARIFLog.Notification(
                level: "error",
                message: .init(text: "\(error.path): \(error.reason)"),
                locations: [.init(physicalLocation: .init(artifactLocation: Self.artifact(error.path)))],
                properties: .init(app: error.app, reason: error.reason))
        }
        // Warnings (read with a caveat) and skipped files (not read, by design) do not make the
        // run unsuccessful; they are notifications of their own levels.
        let warnings = report.warnings.map { warning in
            SARIFLog.Notification(
                level: "warning",
                message: .init(text: "\(warning.path): \(warning.reason)"),
                locations: [.init(physicalLocation: .init(artifactLocation: Self.artifact(warning.path)))],
                properties: .init(app: warning.app, reason: warning.reason))
        }
        let skipped = report.skippedFiles.map { file in
            SARIFLog.Notification(
                level: "note",
                message: .init(text: "\(file.path): not read: \(file.reason)"),
                locations: [.init(physicalLocation: .init(artifactLocation: Self.artifact(file.path)))],
                properties: .init(app: file.app, reason: file.reason, skipped: true))
        }
        let notifications = errors + warnings + skipped

        let rootsText = report.roots.isEmpty ? "" : ": " + report.roots.joined(separator: ", ")
        let run = SARIFLog.Run(
            tool: .init(driver: .init(name: "lendaudit", version: report.tool.version, rules: rules.map(Self.descriptor))),
            invocations: [
                .init(
                    executionSuccessful: errors.isEmpty,
                    toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
            ],
            // No `uri`: SARIF wants an absolute URI there, and reports carry no machine paths.
            // A viewer asks the user where SRCROOT is, or resolves it against the repository.
            originalUriBaseIds: [
                Self.rootBaseId: .init(description: .init(text: "The folder lendaudit ran in; the scanned paths, as typed\(rootsText)"))
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
                category: rule.category.rawValue, severity: rule.severity.rawValue, tags: [rule.category.rawValue],
                norms: norms.map {
                    .init(id: $0.id, citation: $0.citation, titleZh: $0.titleZh, titleEn: $0.titleEn, url: $0.url)
                }))
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

    static func artifact(_ path: String) -> SARIFLog.ArtifactLocation {
        .init(uri: PercentEncoding.path(path), uriBaseId: rootBaseId)
    }

    static func sentence(_ text: String) -> String { MarkdownReporter.sentence(text) }
}
