import Foundation

/// NSRegularExpression is immutable once built; it is only read here.
struct SendableRegex: @unchecked Sendable {
    let expression: NSRegularExpression
    /// Decides without ICU whether the pattern matches at all, when it is simple enough.
    let screen: RegexScreen?
    /// For a pattern the screen cannot decide because of anchors, word boundaries or `\s`/`\d`:
    /// the screen of a looser pattern (those dropped or widened to `.`), which matches wherever the
    /// pattern does. It can only say no; a yes still asks ICU. Clause readings' cues use it.
    let prefilter: RegexScreen?

    init?(pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        self.expression = expression
        screen = RegexScreen.compile(pattern)
        prefilter = screen == nil ? Self.loosened(pattern).flatMap(RegexScreen.compile) : nil
    }

    /// `pattern` without a leading `^`, a trailing `$` or `\b`, and with `\s` and `\d` as `.`
    /// (clause text holds no line breaks, so `.` takes every character they take). Nil when
    /// nothing changes, or when the rewriting would not be looser: an escape inside a character
    /// class (`[^)\s]` with `.` would take less), or an escaped backslash.
    static func loosened(_ pattern: String) -> String? {
        var loose = ""
        var inClass = false
        var characters = Array(pattern)
        if characters.first == "^" { characters.removeFirst() }
        if characters.last == "$", characters.dropLast().last != "\\" { characters.removeLast() }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                let escaped = characters[index + 1]
                if escaped == "\\" || (inClass && "sdb".contains(escaped)) { return nil }
                switch escaped {
                case "b": break
                case "s", "d": loose.append(".")
                default: loose.append(character); loose.append(escaped)
                }
                index += 2
                continue
            }
            if character == "[" { inClass = true } else if character == "]" { inClass = false }
            loose.append(character)
            index += 1
        }
        return loose == pattern ? nil : loose
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
