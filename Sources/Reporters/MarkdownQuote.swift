import Findings

/// An excerpt as Markdown: the original words, escaped, with the matched words in bold and long
/// clauses shortened around them.
struct MarkdownQuote {
    let window: QuoteWindow

    init(_ excerpt: Excerpt, limit: Int) {
        window = QuoteWindow(excerpt, limit: limit)
    }

    /// The quote's text for one line of a blockquote (without the `> ` marker).
    var markdown: String {
        let scalars = window.scalars
        let bold = window.highlights.compactMap { Self.emphasisRange($0, in: scalars) }
        var output = String.UnicodeScalarView()
        for (index, segment) in window.segments.enumerated() {
            if index > 0 {
                output.append(contentsOf: " … ".unicodeScalars)
            } else if segment.lowerBound > 0 {
                output.append(contentsOf: "… ".unicodeScalars)
            }
            for offset in segment {
                // Segments never cut a highlight, so every "**" opened here is closed here.
                if bold.contains(where: { $0.lowerBound == offset }) { output.append(contentsOf: "**".unicodeScalars) }
                let next = offset + 1 < scalars.count ? scalars[offset + 1] : nil
                MarkdownText.appendEscaped(scalars[offset], next: next, to: &output)
                if bold.contains(where: { $0.upperBound == offset + 1 }) { output.append(contentsOf: "**".unicodeScalars) }
            }
        }
        if let last = window.segments.last, last.upperBound < scalars.count {
            output.append(contentsOf: " …".unicodeScalars)
        }
        return MarkdownText.escapeBlockStart(String(output))
    }

    /// The highlight without white space, punctuation or symbols at its edges.
    ///
    /// CommonMark only treats `**` as emphasis when it is "flanking": a `**` next to punctuation
    /// such as `（` or an escaped `\*` often is not, and then the reader sees stray asterisks.
    /// Trimmed edges always sit next to a letter or digit, which flanks in every position.
    private static func emphasisRange(_ highlight: HighlightRange, in scalars: [Unicode.Scalar]) -> Range<Int>? {
        var start = highlight.start
        var end = highlight.end
        while start < end, !isWordLike(scalars[start]) { start += 1 }
        while end > start, !isWordLike(scalars[end - 1]) { end -= 1 }
        return start < end ? start..<end : nil
    }

    private static func isWordLike(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber,
            // A combining mark belongs to the letter before it; trimming it would split the letter.
            .nonspacingMark, .spacingMark, .enclosingMark:
            true
        default:
            false
        }
    }
}
