/// What the HTML reader hands out: element boundaries and text in document order, and where in
/// the UTF-8 input every character came from. The text sits in one flat buffer shared by all
/// events, and its positions in a short list of runs (most chunks of text stand in the input
/// byte for byte), so a page costs a few arrays rather than a string and an offset per character.
/// No C pointer leaves `XML`.
public struct HTMLEventStream: Sendable, Equatable {
    /// One element boundary or text run.
    public enum Event: Sendable, Equatable {
        /// An element opens (also for elements the parser implied); the index of its name in `names`.
        case start(Int)
        /// An element closes; the index of its name in `names`.
        case end(Int)
        /// Character data with entities decoded: a range of `scalars`.
        case text(Range<Int>)
    }

    public internal(set) var events: [Event] = []
    /// Every element name the page uses, lowercased, each once: a caller classifies a name once
    /// per page instead of once per element.
    public internal(set) var names: [String] = []
    /// The text of every `.text` event, one run after the other.
    public internal(set) var scalars: [Unicode.Scalar] = []
    /// Where `scalars` came from, in order of `SourceRun.firstScalar`; the first run starts at 0.
    public internal(set) var sources: [SourceRun] = []

    public init() {}

    /// `offsets[i]` is the byte offset in the UTF-8 input where `scalars[i]` came from (an
    /// entity's characters all point at its `&`). Built on demand; `SourceLocator` answers one
    /// character at a time without building it.
    public var offsets: [Int32] {
        var locator = SourceLocator(sources)
        return scalars.indices.map { Int32(locator.offset(ofScalar: $0, in: scalars)) }
    }
}

/// Scalars from `firstScalar` up to the next run's start came from the input at `offset`:
/// either literally, one after the other (`literal`), or all from that one place (a decoded entity).
public struct SourceRun: Sendable, Equatable {
    public var firstScalar: Int32
    public var offset: Int32
    public var literal: Bool

    public init(firstScalar: Int32, offset: Int32, literal: Bool) {
        self.firstScalar = firstScalar
        self.offset = offset
        self.literal = literal
    }
}

/// Answers "where did scalar i come from" for ascending i in amortized constant time: it walks
/// forward through the runs and, inside a literal run, through the UTF-8 widths of the scalars.
/// Asked for an earlier scalar, it starts over from the first run.
public struct SourceLocator: Sendable {
    private let runs: [SourceRun]
    private var run = 0
    /// Within `runs[run]`: the scalar reached and its offset.
    private var scalar = 0
    private var offset = 0

    public init(_ runs: [SourceRun]) {
        self.runs = runs
        if let first = runs.first {
            scalar = Int(first.firstScalar)
            offset = Int(first.offset)
        }
    }

    public mutating func offset(ofScalar index: Int, in scalars: [Unicode.Scalar]) -> Int {
        guard !runs.isEmpty else { return index }
        if index < scalar { self = SourceLocator(runs) }
        while run + 1 < runs.count, Int(runs[run + 1].firstScalar) <= index {
            run += 1
            scalar = Int(runs[run].firstScalar)
            offset = Int(runs[run].offset)
        }
        guard runs[run].literal else { return Int(runs[run].offset) }
        while scalar < index {
            offset += UTF8.width(scalars[scalar])
            scalar += 1
        }
        return offset
    }
}
