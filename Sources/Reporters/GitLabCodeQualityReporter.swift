import Findings

/// GitLab Code Quality JSON (`artifacts: reports: codequality:`): one issue per active finding,
/// shown in the merge request's widget and diff. Paths are repository-relative when the file
/// lies under the root (`--sarif-root`, else the working folder), as GitLab resolves them.
public struct GitLabCodeQualityReporter: SectionedReporter {
    public var settings: ReportSettings

    public init(settings: ReportSettings = ReportSettings()) {
        self.settings = settings
    }

    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        AppSection(text: JSONWriter.elements(app.findings, level: 1) { json, finding in write(finding, to: &json) })
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        SeparatedAssembler(separator: ",\n") { _, wroteAny in
            wroteAny ? ("[\n", "\n]\n") : ("[]", "\n")
        }
    }

    /// GitLab's five severities: info, minor, major, critical, blocker.
    public static func severity(_ severity: Severity) -> String {
        switch severity {
        case .info: "info"
        case .low: "minor"
        case .medium: "major"
        case .high: "critical"
        case .critical: "blocker"
        }
    }

    private func write(_ finding: Finding, to json: inout JSONWriter) {
        let path = settings.sourceFiles?.relativeToRoot(finding.location.path) ?? finding.location.path
        json.beginObject()
        json.member("categories", ["Security"]) { $0.string($1) }
        json.member("check_name", finding.ruleId)
        json.member("description", "\(finding.title): “\(QuoteWindow(finding.excerpt, limit: 300).plainText)”")
        json.member("fingerprint", finding.fingerprint)
        json.member("location") { json in
            json.beginObject()
            json.member("lines") { json in
                json.beginObject()
                json.member("begin", max(1, finding.location.line))
                json.endObject()
            }
            json.member("path", path)
            json.endObject()
        }
        json.member("severity", Self.severity(finding.severity))
        json.member("type", "issue")
        json.endObject()
    }
}
