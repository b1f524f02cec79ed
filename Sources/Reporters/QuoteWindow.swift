import Findings

/// Which parts of an excerpt a report quotes: all of it when it is short, otherwise windows
/// around the matched words that never cut a highlight.
///
/// Offsets are Unicode-scalar offsets, the unit `HighlightRange` counts in.
struct QuoteWindow: Equatable, Sendable {
    /// The excerpt's scalars, with control characters made printable (see `printable`).
    let scalars: [Unicode.Scalar]
    /// Highlights clamped to the text, merged and sorted.
    let highlights: [HighlightRange]
    /// The quoted parts, in order and disjoint; an ellipsis stands for each gap and each cut end.
    let segments: [Range<Int>]

    /// Context kept on each side of a highlight when highlights lie too far apart for one window.
    static let context = 40
    /// How far a window edge may move to land on a space instead of inside a Latin word.
    static let wordSnap = 16

    init(_ excerpt: Excerpt, limit: Int) {
        let scalars = excerpt.text.unicodeScalars.map(Self.printable)
        let count = scalars.count
        let highlights = HighlightRange.merged(
            excerpt.highlights.map { HighlightRange(start: max(0, $0.start), end: min(count, $0.end)) })
        self.scalars = scalars
        self.highlights = highlights
        self.segments = Self.segments(scalars, highlights, limit: max(limit, 1))
    }

    var isShortened: Bool { segments != [0..<scalars.count] }

    /// The quote as plain text, gaps and cut ends shown as "…".
    var plainText: String {
        var text = ""
        for (index, segment) in segments.enumerated() {
            if index > 0 {
                text += " … "
            } else if segment.lowerBound > 0 {
                text += "… "
            }
            text.unicodeScalars.append(contentsOf: scalars[segment])
        }
        if let last = segments.last, last.upperBound < scalars.count { text += " …" }
        return text
    }

    /// Control characters would end a Markdown line or make XML ill-formed: white space becomes
    /// a space and anything else U+FFFD, one scalar for one so that highlight offsets stay valid.
    static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        // General category Cc is exactly C0, DEL and C1; a range check, not a property look-up,
        // because every character of every quote passes here.
        switch scalar.value {
        case 0x09...0x0D, 0x85: " "  // the controls that are White_Space
        case 0x00...0x1F, 0x7F...0x9F: "\u{FFFD}"
        default: scalar
        }
    }

    private static func segments(
        _ scalars: [Unicode.Scalar], _ highlights: [HighlightRange], limit: Int
    ) -> [Range<Int>] {
        let count = scalars.count
        guard count > limit else { return [0..<count] }
        guard let first = highlights.first, let last = highlights.last else {
            return [0..<snapEnd(scalars, limit, floor: 0)]
        }
        if last.end - first.start <= limit {
            // One window: centre the matched words, then slide so the window stays inside the text.
            let slack = limit - (last.end - first.start)
            var start = max(0, first.start - slack / 2)
            let end = min(count, start + limit)
            start = max(0, min(start, end - limit))
            return [snapStart(scalars, start, ceiling: first.start)..<snapEnd(scalars, max(end, last.end), floor: last.end)]
        }
        // Matches far apart: one window per highlight, merged where they meet.
        var windows: [Range<Int>] = []
        for highlight in highlights {
            let start = snapStart(scalars, max(0, highlight.start - context), ceiling: highlight.start)
            let end = snapEnd(scalars, min(count, highlight.end + context), floor: highlight.end)
            if let previous = windows.last, start <= previous.upperBound + 3 {
                windows[windows.count - 1] = previous.lowerBound..<max(previous.upperBound, end)
            } else {
                windows.append(start..<end)
            }
        }
        return windows
    }

    /// Moves a window start forward (never past `ceiling`) so it does not begin inside a Latin
    /// word or a grapheme cluster, and skips leading white space.
    private static func snapStart(_ scalars: [Unicode.Scalar], _ start: Int, ceiling: Int) -> Int {
        var start = start
        if start > 0, !scalars[start - 1].properties.isWhitespace, isWordScalar(scalars[start]) {
            let limit = min(ceiling, start + wordSnap)
            if let space = (start..<limit).first(where: { scalars[$0].properties.isWhitespace }) {
                start = space
            }
        }
        while start < ceiling, isClusterContinuation(scalars, start) || scalars[start].properties.isWhitespace {
            start += 1
        }
        return start
    }

    /// Moves a window end back (never before `floor`) so it does not end inside a Latin word,
    /// then forward over combining marks so no grapheme cluster is split.
    private static func snapEnd(_ scalars: [Unicode.Scalar], _ end: Int, floor: Int) -> Int {
        var end = end
        if end < scalars.count, end > 0, isWordScalar(scalars[end - 1]), isWordScalar(scalars[end]) {
            let limit = max(floor, end - wordSnap)
            if let space = (limit..<end).reversed().first(where: { scalars[$0].properties.isWhitespace }) {
                end = space
            }
        }
        while end < scalars.count, isClusterContinuation(scalars, end) { end += 1 }
        while end > floor, scalars[end - 1].properties.isWhitespace { end -= 1 }
        return end
    }

    /// Latin-like letters and digits, where cutting mid-word reads badly; CJK text has no spaces
    /// to snap to and may be cut anywhere.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            : scalar.properties.isAlphabetic && !scalar.properties.isIdeographic
                && scalar.value < 0x2E80
    }

    /// True when the scalar at `index` belongs to the cluster before it (combining mark,
    /// variation selector, emoji modifier, or anything after a zero-width joiner).
    private static func isClusterContinuation(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        let scalar = scalars[index]
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        if scalar == "\u{200D}" || (0x1F3FB...0x1F3FF).contains(scalar.value) { return true }
        return index > 0 && scalars[index - 1] == "\u{200D}"
    }
}
