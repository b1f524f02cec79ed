import Findings
import Testing

@testable import Reporters

@Suite struct QuoteWindowTests {
    @Test func shortQuoteIsQuotedWhole() {
        let window = QuoteWindow(Excerpt(text: "我们将读取您的通讯录", highlights: [.init(start: 7, end: 10)]), limit: 400)
        #expect(window.segments == [0..<10])
        #expect(!window.isShortened)
        #expect(window.plainText == "我们将读取您的通讯录")
    }

    @Test func longQuoteKeepsItsHighlightWholeAndMarksTheCuts() {
        let text = String(repeating: "甲", count: 1000)
        let window = QuoteWindow(Excerpt(text: text, highlights: [.init(start: 600, end: 610)]), limit: 400)
        #expect(window.segments.count == 1)
        let segment = window.segments[0]
        #expect(segment.count == 400)
        #expect(segment.contains(600) && segment.upperBound >= 610)
        #expect(window.plainText.hasPrefix("… ") && window.plainText.hasSuffix(" …"))
    }

    @Test func windowSlidesToTheEndWhenTheMatchIsLast() {
        let text = String(repeating: "乙", count: 500) + "通讯录"
        let window = QuoteWindow(Excerpt(text: text, highlights: [.init(start: 500, end: 503)]), limit: 400)
        #expect(window.segments == [103..<503])
        #expect(!window.plainText.hasSuffix("…"))
    }

    @Test func farApartHighlightsGetOneWindowEach() {
        let text = String(repeating: "丙", count: 1000)
        let window = QuoteWindow(
            Excerpt(text: text, highlights: [.init(start: 10, end: 14), .init(start: 900, end: 990)]), limit: 400)
        #expect(window.segments.count == 2)
        #expect(window.segments[0].contains(10) && window.segments[0].upperBound >= 14)
        #expect(window.segments[1].lowerBound <= 900 && window.segments[1].upperBound >= 990)
        #expect(window.plainText.contains(" … "))
    }

    @Test func highlightLongerThanTheLimitIsNeverCut() {
        let text = String(repeating: "丁", count: 1000)
        let window = QuoteWindow(Excerpt(text: text, highlights: [.init(start: 100, end: 700)]), limit: 400)
        #expect(window.segments.allSatisfy { $0.lowerBound <= 100 && $0.upperBound >= 700 })
    }

    @Test func latinCutsLandBetweenWords() {
        let text = (0..<120).map { "word\($0)" }.joined(separator: " ")
        let start = text.unicodeScalars.count / 2
        let window = QuoteWindow(Excerpt(text: text, highlights: [.init(start: start, end: start + 3)]), limit: 100)
        let quoted = window.plainText.dropFirst(2).dropLast(2)  // "… " and " …"
        #expect(quoted.hasPrefix("word"))
        #expect(quoted.last?.isNumber == true)
    }

    @Test func outOfRangeHighlightsAreClampedNotTrapped() {
        let window = QuoteWindow(Excerpt(text: "abc", highlights: [.init(start: 2, end: 99), .init(start: -5, end: 1)]), limit: 400)
        #expect(window.highlights == [.init(start: 0, end: 1), .init(start: 2, end: 3)])
    }

    @Test func controlCharactersBecomePrintableOneForOne() {
        let window = QuoteWindow(Excerpt(text: "a\u{7}b\nc\u{0}", highlights: []), limit: 400)
        #expect(window.scalars.count == 6)
        #expect(window.plainText == "a\u{FFFD}b c\u{FFFD}")
    }

    @Test func noHighlightsQuotesTheStart() {
        let text = String(repeating: "戊", count: 500)
        let window = QuoteWindow(Excerpt(text: text), limit: 400)
        #expect(window.segments == [0..<400])
    }
}
