import Documents
import Findings
import Foundation
import Yams
import YAMLFiles

/// What kind of statement a clause is, beyond the words a rule looks for: a heading is not an
/// operative clause, "if a later version needs your address book we will ask again" describes no
/// processing, "only with your separate consent will we share" is the lawful form of sharing.
///
/// Readings come from cues kept as data (rules/readings.yaml), so they can be read, reviewed and
/// extended without Swift. A rule names the readings under which its words are not a finding
/// (`not_in:`); the reading is worked out only for clauses a rule has already matched.
public enum Reading: String, CaseIterable, Sendable {
    case heading
    case definition
    case hypothetical
    case consentConditioned = "consent-conditioned"
    case instruction
    case permissionInventory = "permission-inventory"
    case pickerOnly = "picker-only"
    case negated
    case featureScoped = "feature-scoped"
    case inbound
    case userCaused = "user-caused"
    case thirdPartyContent = "third-party-content"
    case serviceOutage = "service-outage"
    case userActs = "user-acts"
    case publishedNotice = "published-notice"
    case namedRecipients = "named-recipients"
    case allocation
    case safeguard
    case legalOrder = "legal-order"
    case deIdentified = "de-identified"
    case moderation
    case faultBased = "fault-based"
    case personalisation
    case exampleOfOthers = "example-of-others"
}

/// The cues of every reading (rules/readings.yaml, plus any a `--rules` folder adds).
public struct ReadingLexicon: Sendable {
    /// Where a cue must stand relative to the words the rule matched.
    public enum Anchor: String, Sendable {
        /// Anywhere in the clause.
        case clause
        /// Starting before the end of one of the matched words: "例如" before "通讯录".
        case before
        /// Overlapping one of the matched words: the negation must reach the verb the rule found,
        /// not another verb of the same clause.
        case overlaps
    }

    public struct Entry: Sendable {
        public var reading: Reading
        public var meaning: String
        public var anchor: Anchor
        /// Patterns over the normalized clause; one match gives the reading.
        public var cues: [String]
        /// Patterns that cancel the reading wherever they match in the clause.
        public var cancelledBy: [String]
        /// Back-references ("依据所要求的…", "上述情形"): a clause holding one also has the reading
        /// when the clause before it has a cue (clause-anchored readings only).
        public var carriedBy: [String]
        /// Section titles under which every clause has the reading ("二、定义" makes its clauses
        /// definitions): matched against the nearest heading above the clause.
        public var underHeading: [String]
        /// Patterns that give the reading when they match another sentence of the clause's block
        /// (paragraph, list item, table row): "仅读取您指定的号码，不读取全量通讯录" scopes its paragraph.
        public var inBlock: [String]
        let compiledCues: [SendableRegex]
        let compiledCancels: [SendableRegex]
        let compiledCarriers: [SendableRegex]
        let compiledHeadings: [SendableRegex]
        let compiledBlockCues: [SendableRegex]
    }

    public private(set) var entries: [Reading: Entry] = [:]

    public init() {}

    /// Adds the cues of one `readings.yaml`; a reading named again gets the new cues too.
    public mutating func load(yaml text: String, file: String) throws(RuleFileError) {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(text) else { return }
        for (name, node, keyNode) in try reader.mapping(root, key: "readings file", allowed: Reading.allCases.map(\.rawValue)) {
            guard let reading = Reading(rawValue: name) else { throw reader.error(keyNode, .unknownKey(name, allowed: Reading.allCases.map(\.rawValue))) }
            var meaning = entries[reading]?.meaning ?? ""
            var anchor = entries[reading]?.anchor ?? .clause
            var cues = entries[reading]?.cues ?? []
            var cancels = entries[reading]?.cancelledBy ?? []
            var carriers = entries[reading]?.carriedBy ?? []
            var headings = entries[reading]?.underHeading ?? []
            var blockCues = entries[reading]?.inBlock ?? []
            for (key, value, _) in try reader.mapping(node, key: name, allowed: ["meaning", "anchor", "cues", "cancelled_by", "carried_by", "under_heading", "in_block"]) {
                switch key {
                case "meaning":
                    meaning = try reader.nonEmptyString(value, key: key)
                case "anchor":
                    let text = try reader.nonEmptyString(value, key: key)
                    guard let parsed = Anchor(rawValue: text) else {
                        throw reader.error(value, .invalidValue(key: key, value: text, allowed: ["clause", "before", "overlaps"]))
                    }
                    anchor = parsed
                case "cues":
                    cues += try Self.patterns(value, key: key, reader: reader)
                case "carried_by":
                    carriers += try Self.patterns(value, key: key, reader: reader)
                case "under_heading":
                    headings += try Self.patterns(value, key: key, reader: reader)
                case "in_block":
                    blockCues += try Self.patterns(value, key: key, reader: reader)
                default:
                    cancels += try Self.patterns(value, key: key, reader: reader)
                }
            }
            guard !cues.isEmpty else { throw reader.error(node, .missingKey("cues")) }
            if !carriers.isEmpty, anchor != .clause {
                throw reader.error(node, .message("'carried_by' needs 'anchor: clause': the matched words are in this clause, not the one before"))
            }
            entries[reading] = Entry(
                reading: reading, meaning: meaning, anchor: anchor, cues: cues, cancelledBy: cancels, carriedBy: carriers,
                underHeading: headings, inBlock: blockCues,
                compiledCues: cues.compactMap(SendableRegex.init(pattern:)), compiledCancels: cancels.compactMap(SendableRegex.init(pattern:)),
                compiledCarriers: carriers.compactMap(SendableRegex.init(pattern:)),
                compiledHeadings: headings.compactMap(SendableRegex.init(pattern:)),
                compiledBlockCues: blockCues.compactMap(SendableRegex.init(pattern:))
            )
        }
    }

    private static func patterns(_ node: Node, key: String, reader: YAMLReader) throws(RuleFileError) -> [String] {
        let values = try reader.strings(node, key: key)
        for (index, pattern) in values.enumerated() {
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                let item = (try? reader.sequence(node, key: key))?[index] ?? node
                throw reader.error(item, .invalidRegex(pattern, reason: error.localizedDescription))
            }
        }
        return values
    }
}

/// The readings of one clause, worked out cue by cue as rules ask: most matched clauses are asked
/// about two or three readings, and no clause that no rule matched is read at all.
struct ClauseReadings {
    private let lexicon: ReadingLexicon
    private let text: String
    /// The clause before, for back-references; made only when a carrier matches.
    /// The clauses before, nearest first, for back-references: the one right before, and those
    /// before it in the same paragraph ("…需自行删除数据；重要资料需自行备份。我们不承担由此引发的…").
    private let previous: () -> [String]
    /// The nearest heading above the clause, for section readings; found only when asked.
    private let headingAbove: () -> String?
    /// The other sentences of the clause's block, for `in_block` cues; made only when asked.
    private let blockNeighbours: () -> [String]
    private var heading: String??
    /// `previous()` and `blockNeighbours()` once worked out: several readings may ask.
    private var clausesBefore: [String]?
    private var neighbours: [String]?
    private var cueRanges: [Reading: [Range<Int>]] = [:]
    private var cancelled: [Reading: Bool] = [:]
    /// The text's scalars, for the regex screen: most cues are decided without ICU.
    private lazy var scalars: [Unicode.Scalar] = Array(text.unicodeScalars)

    init(
        lexicon: ReadingLexicon, normalizedText: String, previous: @escaping () -> [String] = { [] },
        headingAbove: @escaping () -> String? = { nil }, blockNeighbours: @escaping () -> [String] = { [] }
    ) {
        self.lexicon = lexicon
        self.text = normalizedText
        self.previous = previous
        self.headingAbove = headingAbove
        self.blockNeighbours = blockNeighbours
    }

    /// The first of `readings` the clause has, given the ranges (normalized scalars) the rule matched.
    mutating func first(of readings: [Reading], matched: [Range<Int>]) -> Reading? {
        readings.first { has($0, matched: matched) }
    }

    /// Where `regex` matches the clause; the screen says no without ICU for most clauses.
    private mutating func rangesMatched(by regex: SendableRegex) -> [Range<Int>] {
        if let screen = regex.screen { return screen.matches(scalars) ? regex.matches(in: text, known: true) : [] }
        if let prefilter = regex.prefilter, !prefilter.matches(scalars) { return [] }
        return regex.matches(in: text, known: false)
    }

    private mutating func matches(_ regex: SendableRegex) -> Bool {
        if let screen = regex.screen { return screen.matches(scalars) }
        if let prefilter = regex.prefilter, !prefilter.matches(scalars) { return false }
        return !regex.matches(in: text, known: false).isEmpty
    }

    mutating func has(_ reading: Reading, matched: [Range<Int>]) -> Bool {
        guard let entry = lexicon.entries[reading] else { return false }
        if cancelled[reading] == nil {
            cancelled[reading] = entry.compiledCancels.contains { matches($0) }
        }
        if cancelled[reading] == true { return false }
        let ranges: [Range<Int>]
        if let known = cueRanges[reading] {
            ranges = known
        } else {
            ranges = entry.compiledCues.flatMap { rangesMatched(by: $0) }
            cueRanges[reading] = ranges
        }
        // Beyond the clause: the section's title, the other sentences of its paragraph.
        if ranges.isEmpty, !entry.compiledHeadings.isEmpty {
            if heading == nil { heading = .some(headingAbove()) }
            if let title = heading ?? nil, Self.anyMatches(entry.compiledHeadings, in: [title]) { return true }
        }
        if ranges.isEmpty, !entry.compiledBlockCues.isEmpty {
            if neighbours == nil { neighbours = blockNeighbours() }
            if Self.anyMatches(entry.compiledBlockCues, in: neighbours!) { return true }
        }
        switch entry.anchor {
        case .clause:
            if !ranges.isEmpty { return true }
            // "我们会依据所要求的…公开披露": the order is named in the clause before.
            guard entry.compiledCarriers.contains(where: { matches($0) }) else { return false }
            if clausesBefore == nil { clausesBefore = previous() }
            return Self.anyMatches(entry.compiledCues, in: clausesBefore!)
        case .before:
            return ranges.contains { cue in matched.contains { cue.lowerBound < $0.lowerBound } }
        case .overlaps:
            return ranges.contains { cue in matched.contains { $0.overlaps(cue) } }
        }
    }

    /// Whether one of `patterns` matches one of `texts` (another clause, or a title).
    private static func anyMatches(_ patterns: [SendableRegex], in texts: [String]) -> Bool {
        texts.contains { text in patterns.contains { !$0.matches(in: text, known: false).isEmpty } }
    }
}

/// Printed as written in rule files.
extension Reading: CustomStringConvertible {
    public var description: String { rawValue }
}
