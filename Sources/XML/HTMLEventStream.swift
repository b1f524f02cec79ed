/// What the HTML reader hands out: element boundaries and text in document order, with the byte
/// offset of every character in the UTF-8 input. Text and offsets sit in two flat buffers shared
/// by all events, so a page costs a few arrays rather than a string and an array per text run.
/// No C pointer leaves `XML`.
public struct HTMLEventStream: Sendable, Equatable {
    /// One element boundary or text run.
    public enum Event: Sendable, Equatable {
        /// An element opens (also for elements the parser implied); the index of its name in `names`.
        case start(Int)
        /// An element closes; the index of its name in `names`.
        case end(Int)
        /// Character data with entities decoded: a range of `scalars` (and of `offsets`).
        case text(Range<Int>)
    }

    public internal(set) var events: [Event] = []
    /// Every element name the page uses, lowercased, each once: a caller classifies a name once
    /// per page instead of once per element.
    public internal(set) var names: [String] = []
    /// The text of every `.text` event, one run after the other.
    public internal(set) var scalars: [Unicode.Scalar] = []
    /// `offsets[i]` is the byte offset in the UTF-8 input where `scalars[i]` came from (an
    /// entity's characters all point at its `&`).
    public internal(set) var offsets: [Int32] = []

    public init() {}
}
