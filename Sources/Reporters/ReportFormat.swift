import Findings

/// The output formats `--format` accepts, each with its reporter.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, json, sarif, junit, html

    /// The reporter that writes this format, with its default settings.
    public var reporter: any SectionedReporter {
        switch self {
        case .markdown: MarkdownReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .html: HTMLReporter()
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
        case .html: "html"
        }
    }
}
