import Findings

/// The output formats `--format` accepts, each with its reporter.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, json, sarif, junit, html, github, gitlab

    /// The reporter that writes this format, with its default settings.
    public var reporter: any SectionedReporter { reporter(ReportSettings()) }

    /// The reporter that writes this format for a run with these settings.
    public func reporter(_ settings: ReportSettings) -> any SectionedReporter {
        switch self {
        case .markdown: MarkdownReporter(settings: settings)
        case .json: JSONReporter(settings: settings)
        case .sarif: SARIFReporter(settings: settings)
        case .junit: JUnitReporter(settings: settings)
        case .html: HTMLReporter()
        case .github: GitHubAnnotationsReporter(settings: settings)
        case .gitlab: GitLabCodeQualityReporter(settings: settings)
        }
    }

    /// A `--format` value: a format's name, or `md` for markdown; any case.
    public init?(argument: String) {
        let lowered = argument.lowercased()
        guard let format = lowered == "md" ? .markdown : ReportFormat(rawValue: lowered) else { return nil }
        self = format
    }

    /// `markdown|json|sarif|junit|github|gitlab`: the formats as usage lines write them (README, docs, help).
    public static var usage: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// The usual file name extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .json: "json"
        case .sarif: "sarif"
        case .junit: "xml"
        case .html: "html"
        case .github: "txt"
        case .gitlab: "json"
        }
    }
}
