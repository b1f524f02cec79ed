/// The original words of the offending clause (or manifest line), with the parts that matched.
public struct Excerpt: Sendable, Hashable, Codable {
    /// The text as a reader sees it: entities decoded, runs of white space folded to one space.
    public var text: String
    /// Ranges (in `text`, counted in Unicode scalars) of the words that matched, sorted
    /// and non-overlapping.
    public var highlights: [HighlightRange]

    public init(text: String, highlights: [HighlightRange] = []) {
        self.text = text
        self.highlights = highlights
    }
}

/// A half-open Unicode-scalar range `[start, end)` within an excerpt.
public struct HighlightRange: Sendable, Hashable, Codable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public static func < (lhs: HighlightRange, rhs: HighlightRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    /// Sorted, overlapping and touching ranges merged.
    public static func merged(_ ranges: [HighlightRange]) -> [HighlightRange] {
        var result: [HighlightRange] = []
        for range in ranges.sorted() where range.end > range.start {
            if let last = result.last, range.start <= last.end {
                result[result.count - 1].end = max(last.end, range.end)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
