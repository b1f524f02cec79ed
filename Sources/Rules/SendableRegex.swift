import Foundation

/// NSRegularExpression is immutable once built; it is only read here.
struct SendableRegex: @unchecked Sendable {
    let expression: NSRegularExpression
    /// Decides without ICU whether the pattern matches at all, when it is simple enough.
    let screen: RegexScreen?

    init?(pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        self.expression = expression
        screen = RegexScreen.compile(pattern)
    }

    /// Match ranges in Unicode scalars of `text`. `known`: a match is known to exist.
    func matches(in text: String, known: Bool) -> [Range<Int>] {
        // Most clauses do not match: find that out before indexing the text.
        let length = text.utf16.count
        if !known {
            guard expression.firstMatch(in: text, range: NSRange(location: 0, length: length)) != nil else { return [] }
        }
        let utf16 = Array(text.utf16)
        var scalarIndex = [Int](repeating: 0, count: utf16.count + 1)
        var scalars = 0
        for (index, unit) in utf16.enumerated() {
            scalarIndex[index] = scalars
            if !UTF16.isLeadSurrogate(unit) { scalars += 1 }
        }
        scalarIndex[utf16.count] = scalars
        return expression.matches(in: text, range: NSRange(location: 0, length: length)).map {
            scalarIndex[$0.range.location]..<scalarIndex[$0.range.location + $0.range.length]
        }
    }
}
