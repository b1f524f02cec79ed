import Documents
import Testing
@testable import Rules

/// The scan's shortcuts must give the same answers as the plain code they stand in for.
@Suite struct HotPathTests {
    @Test func regexRequiredLiterals() {
        #expect(RegexLiterals.required("(不同意|不接受)[^。]{0,6}条款|(?:must|have to) accept|grant all (the )?permissions")
            == ["不同意", "不接受", " accept", "permissions"])
        #expect(RegexLiterals.required("abc?d") == ["ab"])
        #expect(RegexLiterals.required("(a|b)?c") == ["c"])
        #expect(RegexLiterals.required("^loan") == ["loan"])
        #expect(RegexLiterals.required("\\bloan") == ["loan"])
        #expect(RegexLiterals.required("[ab|]c") == ["c"])
        #expect(RegexLiterals.required("(a|b|)c") == ["c"])
        // An escaped mark is a plain character; a code point escape is read whole, not as digits.
        #expect(RegexLiterals.required("ab\\|c|d") == ["ab|c", "d"])
        #expect(RegexLiterals.required("x\\x41yz|\\u4e00借款") == ["yz", "借款"])
        #expect(RegexLiterals.required("(ab){2}x*") == ["ab"])
        #expect(RegexLiterals.required("(ab){0,2}x*y") == ["y"])
        #expect(RegexLiterals.required("\\p{L}{2}借款") == ["借款"])
        #expect(RegexLiterals.required("\\pL借款") == ["借款"])
        #expect(RegexLiterals.required("(借)\\1款|\\k<n>贷") == ["借", "贷"])
        // An item that must occur at least once is required, however often it may repeat.
        #expect(RegexLiterals.required("x+") == ["x"])
        #expect(RegexLiterals.required("(ab(cd|ef))+") == ["ab"])
        // Flags, lookaround, a branch with nothing required: no filter.
        #expect(RegexLiterals.required("(?i)loan") == nil)
        #expect(RegexLiterals.required("(?=a)b") == nil)
        #expect(RegexLiterals.required("a|") == nil)
        #expect(RegexLiterals.required("a|[bc]") == nil)
        // Read by scalar, as ICU reads: a combining mark after a metacharacter hides nothing.
        #expect(RegexLiterals.required("(\u{301}a|b)c") == ["c"])
    }

    @Test func automatonFindsEveryOccurrence() {
        let terms = ["通讯录", "通讯", "讯录", "手机通讯录", "a", "ab", "bc", "😀x", "x通"].map { Array($0.unicodeScalars) }
        var automaton = TermAutomaton()
        for term in terms { _ = automaton.add(term) }
        automaton.build()
        let text = Array("读取手机通讯录abcab😀x通讯通讯录".unicodeScalars)
        let expected = TermAutomatonTests.reference(terms, text)
        let found = automaton.occurrences(in: text).map { [$0.term, $0.start, $0.end] }
        #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(found.map { $0[2] } == found.map { $0[2] }.sorted())
    }

    @Test func clauseStringsMatchScalarViews() {
        let scalars = Array("Ａb 通讯录 é😀\u{0}".unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let clause = Clause(display: scalars, line: 1, column: 1)
        #expect(clause.text == String(view))
        var normalized = String.UnicodeScalarView()
        normalized.append(contentsOf: clause.normalized)
        #expect(clause.normalizedText == String(normalized))
    }
}
