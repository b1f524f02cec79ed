import Findings

/// The whole report as JSON, schema version 1.x (`docs/json-schema.md`): the format for tools,
/// and the one `JSONReportReader` reads back for baselines, merges and diffs.
public struct JSONReporter: SectionedReporter {
    /// The schema version this reporter writes.
    public static let schemaVersion = JSONReportSchema.version

    /// The gate goes into `failOn`.
    public var settings: ReportSettings

    public init(settings: ReportSettings = ReportSettings()) {
        self.settings = settings
    }

    /// The app as an element of the top-level `apps` array (two levels deep: four spaces).
    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        AppSection(text: JSONWriter.elements([JSONReportSchema.App(app)], level: 2) { $1.write(to: &$0) })
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        SeparatedAssembler(separator: ",\n") { frame, wroteAny in
            // Keys are sorted and `apps` comes first: the rest of the document is encoded with an
            // empty array, and the apps go where it was.
            let document = JSONOutput.render(JSONReportSchema.Report(frame, gate: settings.gate))
            return JSONOutput.frame(document, aroundEmptyArray: "apps", indent: 2, filled: wroteAny)
        }
    }
}
