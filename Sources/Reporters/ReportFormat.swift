import Findings

/// The output formats `--format` accepts, each with its reporter.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, json, sarif, junit

    /// The reporter that writes this format, with its default settings.
    public var reporter: any SectionedReporter { reporter(ReportSettings()) }

    /// The reporter that writes this format for a run with these settings.
    public func reporter(_ settings: ReportSettings) -> any SectionedReporter {
        switch self {
        case .markdown: MarkdownReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter(settings: settings)
        case .junit: JUnitReporter()
        }
    }

    /// `markdown|json|sarif|junit`: the formats as usage lines write them (README, docs, help).
    public static var usage: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// The usual file name extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .json: "json"
        case .sarif: "sarif"
        case .junit: "xml"
        }
    }
}
