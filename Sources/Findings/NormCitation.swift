/// A norm a finding breaks, resolved from the norms catalogue so reports need no lookup.
public struct NormCitation: Sendable, Hashable, Codable {
    /// Catalogue id, e.g. `PIPL-16`.
    public var id: String
    /// "PIPL art. 16", the short form reports print.
    public var citation: String
    public var titleZh: String?
    public var titleEn: String
    public var summary: String?
    public var url: String?

    public init(id: String, citation: String, titleZh: String?, titleEn: String, summary: String?, url: String?) {
        self.id = id
        self.citation = citation
        self.titleZh = titleZh
        self.titleEn = titleEn
        self.summary = summary
        self.url = url
    }
}
