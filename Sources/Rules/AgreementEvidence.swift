import Documents

/// An agreement of one app, ready for matching.
public struct AgreementEvidence: Sendable {
    public var displayPath: String
    public var pathInApp: String
    public var agreement: Agreement

    public init(displayPath: String, pathInApp: String, agreement: Agreement) {
        self.displayPath = displayPath
        self.pathInApp = pathInApp
        self.agreement = agreement
    }
}
