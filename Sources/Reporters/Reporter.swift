import Findings

/// Renders an audit report in one output format: a pure function, so the same report gives the same bytes.
public protocol Reporter: Sendable {
    /// The whole document, ending in exactly one newline.
    func render(_ report: AuditReport) -> String
}

extension Reporter {
    /// The rendered document as UTF-8 bytes, ready to be written to a file.
    public func renderUTF8(_ report: AuditReport) -> [UInt8] {
        Array(render(report).utf8)
    }
}
