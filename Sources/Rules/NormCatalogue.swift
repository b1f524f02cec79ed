import Findings
import Yams
import YAMLFiles

/// The norms rules cite, as data (rules/norms.yaml): instruments (laws, regulations, standards)
/// and the articles of them that rules reference by id, e.g. `PIPL-16`.
public struct NormCatalogue: Sendable {
    public struct Instrument: Sendable, Equatable {
        public var id: String
        /// Short name used in citations: `PIPL`, `CN-2021`.
        public var short: String
        public var titleZh: String?
        public var titleEn: String
        public var issuer: String?
        public var date: String?
        public var url: String?
        /// What its parts are called: `art.`, `item`, `para.`, `clause`.
        public var unit: String
    }

    public struct Norm: Sendable, Equatable {
        public var id: String
        public var instrument: String
        public var article: String
        public var summary: String?
        public var url: String?
    }

    public private(set) var instruments: [String: Instrument] = [:]
    public private(set) var norms: [String: Norm] = [:]

    public init() {}

    /// Adds the instruments and norms of one catalogue file; later files may add, not redefine.
    public mutating func load(yaml text: String, file: String) throws(RuleFileError) {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(text) else { return }
        for (key, node, keyNode) in try reader.mapping(root, key: "norms file", allowed: ["instruments", "norms"]) {
            switch key {
            case "instruments":
                for (id, entry, idNode) in try reader.mapping(node, key: "instruments", allowed: instrumentKeys(node)) {
                    let instrument = try instrument(id: id, entry, reader)
                    // The same definition again is no redefinition: `rules test rules` reads the
                    // bundled catalogue's own file over the bundled copy.
                    guard instruments[id] == nil || instruments[id] == instrument else {
                        throw reader.error(idNode, .message("instrument '\(id)' is defined twice"))
                    }
                    instruments[id] = instrument
                }
            case "norms":
                for (id, entry, idNode) in try reader.mapping(node, key: "norms", allowed: instrumentKeys(node)) {
                    let norm = try self.norm(id: id, entry, reader)
                    guard norms[id] == nil || norms[id] == norm else { throw reader.error(idNode, .message("norm '\(id)' is defined twice")) }
                    guard instruments[norm.instrument] != nil else {
                        throw reader.error(entry, .message("norm '\(id)' names the unknown instrument '\(norm.instrument)'"))
                    }
                    norms[id] = norm
                }
            default:
                throw reader.error(keyNode, .unknownKey(key, allowed: ["instruments", "norms"]))
            }
        }
    }

    /// Any key is an id here; the entries' own keys are checked below.
    private func instrumentKeys(_ node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap(\.string)
    }

    private func instrument(id: String, _ node: Node, _ reader: YAMLReader) throws(RuleFileError) -> Instrument {
        let allowed = ["short", "title_zh", "title_en", "issuer", "date", "url", "unit"]
        var result = Instrument(id: id, short: id, titleZh: nil, titleEn: "", issuer: nil, date: nil, url: nil, unit: "art.")
        for (key, value, _) in try reader.mapping(node, key: id, allowed: allowed) {
            let text = try reader.nonEmptyString(value, key: key)
            switch key {
            case "short": result.short = text
            case "title_zh": result.titleZh = text
            case "title_en": result.titleEn = text
            case "issuer": result.issuer = text
            case "date": result.date = text
            case "url": result.url = text
            default: result.unit = text
            }
        }
        guard !result.titleEn.isEmpty else { throw reader.error(node, .missingKey("title_en")) }
        return result
    }

    private func norm(id: String, _ node: Node, _ reader: YAMLReader) throws(RuleFileError) -> Norm {
        var result = Norm(id: id, instrument: "", article: "", summary: nil, url: nil)
        for (key, value, _) in try reader.mapping(node, key: id, allowed: ["instrument", "article", "summary", "url"]) {
            let text = try reader.nonEmptyString(value, key: key)
            switch key {
            case "instrument": result.instrument = text
            case "article": result.article = text
            case "summary": result.summary = text
            default: result.url = text
            }
        }
        guard !result.instrument.isEmpty else { throw reader.error(node, .missingKey("instrument")) }
        // No `article`: the norm cites the instrument as a whole, where its number could not be
        // confirmed against the instrument's text (the entry's summary says so).
        return result
    }

    /// The citation reports print for a norm id, or nil when the catalogue lacks it.
    public func citation(for id: String) -> NormCitation? {
        guard let norm = norms[id], let instrument = instruments[norm.instrument] else { return nil }
        return NormCitation(
            id: id,
            citation: norm.article.isEmpty ? instrument.short : "\(instrument.short) \(instrument.unit) \(norm.article)",
            titleZh: instrument.titleZh,
            titleEn: instrument.titleEn,
            summary: norm.summary,
            url: norm.url ?? instrument.url
        )
    }
}
