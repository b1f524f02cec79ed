import Findings

/// The whole report as JSON, schema version 1.0 (`docs/json-schema.md`): the format for tools,
/// and the one `JSONReportReader` reads back for baselines, merges and diffs.
public struct JSONReporter: Reporter {
    /// The schema version this reporter writes.
    public static let schemaVersion = JSONReportSchema.version

    public init() {}

    public func render(_ report: AuditReport) -> String {
        JSONOutput.render(JSONReportSchema.Report(report.inReportOrder()))
    }
}
