/// What the HTML reader hands out: a flat stream, in document order, of element boundaries and
/// text with the byte offset of every character in the UTF-8 input. No C pointer leaves `XML`.
public enum HTMLEvent: Sendable, Equatable {
    /// An element opens (lowercased name; also for elements the parser implied).
    case start(String)
    /// An element closes.
    case end(String)
    /// Character data with entities decoded. `offsets[i]` is the byte offset in the UTF-8 input
    /// where the i-th Unicode scalar of `text` came from (an entity's characters all point at
    /// its `&`).
    case text(String, offsets: [Int32])
}
