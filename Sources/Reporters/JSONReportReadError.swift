/// Why a JSON report could not be read back, with the place in the file where it went wrong.
public enum JSONReportReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not JSON, or not a JSON object with a `schemaVersion`.
    case notAReport(String)
    /// A `schemaVersion` this build does not read (another major version).
    case unsupportedSchemaVersion(String)
    /// A field is missing or has the wrong type or value; `path` is like `apps[0].findings[2].severity`.
    case invalidField(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAReport(let reason):
            "not a lendaudit JSON report: \(reason)"
        case .unsupportedSchemaVersion(let version):
            "unsupported schema version '\(version)' (this lendaudit reads \(JSONReportSchema.majorVersion).x)"
        case .invalidField(let path, let reason):
            "invalid report at \(path.isEmpty ? "top level" : path): \(reason)"
        }
    }
}
