import Testing
import TestSupport

@testable import Rules

/// The deterministic automaton and the per-clause term checks against plain reference code, on
/// generated terms, texts and rules.
@Suite struct TermAutomatonTests {
    /// Few characters, so terms overlap, nest and share prefixes and suffixes; two blocks of CJK,
    /// ASCII, one scalar outside the BMP and one (in the text only) that no term contains.
    static let alphabet: [Unicode.Scalar] = ["a", "b", "通", "讯", "录", "读", "取", "\u{9FA5}", "😀"]
    static let textOnly: [Unicode.Scalar] = ["。", "\u{10FFFF}"]

    /// Every occurrence of every term, by end position and at one end longest first (the order
    /// findings and highlights depend on).
    static func reference(_ terms: [[Unicode.Scalar]], _ text: [Unicode.Scalar]) -> [[Int]] {
        let indexByTerm = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1, $0) })
        let longest = terms.map(\.count).max() ?? 0
        var found: [[Int]] = []
        for end in text.indices.map({ $0 + 1 }) {
            for length in stride(from: min(longest, end), through: 1, by: -1) {
                if let index = indexByTerm[Array(text[(end - length)..<end])] {
                    found.append([index, end - length, end])
                }
            }
        }
        return found
    }

    static func randomTerms(_ count: Int, maxLength: Int, _ random: inout SplitMix64) -> [[Unicode.Scalar]] {
        var terms: [[Unicode.Scalar]] = []
        while terms.count < count {
            let term = (0..<Int.random(in: 1...maxLength, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            if !terms.contains(term) { terms.append(term) }
        }
        return terms
    }

    @Test func findsWhatThePlainSearchFindsInTheSameOrder() {
        var random = SplitMix64(seed: 20_251_124)
        var occurrences = 0
        let rounds = TestSize.pick(quick: 60, long: 300)
        for round in 0..<rounds {
            // Some automata small, some with thousands of states and long rows to pack.
            let terms = Self.randomTerms(round % 10 == 0 ? 1500 : Int.random(in: 1...40, using: &random), maxLength: 6, &random)
            var automaton = TermAutomaton()
            for (index, term) in terms.enumerated() {
                #expect(automaton.add(term) == index)
            }
            #expect(automaton.add(terms[0]) == 0)
            automaton.build()
            for _ in 0..<20 {
                let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in
                    Int.random(in: 0..<10, using: &random) == 0
                        ? Self.textOnly.randomElement(using: &random)! : Self.alphabet.randomElement(using: &random)!
                }
                let expected = Self.reference(terms, text)
                occurrences += expected.count
                #expect(automaton.occurrences(in: text).map { [$0.term, $0.start, $0.end] } == expected, "\(terms) in \(text)")
            }
        }
        #expect(occurrences > rounds * 30)
    }

    /// Terms added after a build are found once it runs again.
    @Test func rebuildsAfterMoreTerms() {
        var automaton = TermAutomaton()
        let contacts = automaton.add(Array("通讯录".unicodeScalars))
        automaton.build()
        let reading = automaton.add(Array("读取".unicodeScalars))
        automaton.build()
        let found = automaton.occurrences(in: Array("读取通讯录".unicodeScalars))
        #expect(found == [.init(term: reading, start: 0, end: 2), .init(term: contacts, start: 2, end: 5)])
    }

    /// A pack may use more distinct characters than 16 bits number: every CJK ideograph of the
    /// BMP and the supplementary planes' first 50,000 as one-character terms, then two-character ones.
    @Test func moreThanSixtyFiveThousandDistinctCharacters() {
        var automaton = TermAutomaton()
        let scalars = (Array(0x4E00...0x9FFF) + Array(0x20000..<0x20000 + 50_000)).map { Unicode.Scalar(UInt32($0))! }
        for scalar in scalars { _ = automaton.add([scalar]) }
        let pair = automaton.add([scalars[70_000], scalars[1]])
        automaton.build()
        let text = [scalars[70_000], scalars[1], "a", scalars[0]]
        #expect(automaton.occurrences(in: text) == [
            .init(term: 70_000, start: 0, end: 1), .init(term: pair, start: 0, end: 2), .init(term: 1, start: 1, end: 2),
            .init(term: 0, start: 3, end: 4),
        ])
    }

    /// Random rules' conditions on random clauses: `TermConditions` answers as the nested arrays
    /// would, and `ClauseTerms` groups occurrences as filtering them would.
    @Test func clauseChecksAgreeWithPlainCode() {
        var random = SplitMix64(seed: 42)
        let termCount = 30
        func list() -> [Int] {
            (0..<Int.random(in: 0...4, using: &random)).map { _ in Int.random(in: 0..<termCount, using: &random) }
        }
        var rules: [(groups: [[Int]], none: [Int], branches: [[[Int]]]?)] = []
        var conditions = TermConditions()
        for _ in 0..<200 {
            let groups = (0..<Int.random(in: 0...3, using: &random)).map { _ in list() }
            let none = list()
            let branches: [[[Int]]]? = Bool.random(using: &random)
                ? nil : (0..<Int.random(in: 0...3, using: &random)).map { _ in (0..<Int.random(in: 0...3, using: &random)).map { _ in list() } }
            rules.append((groups, none, branches))
            conditions.append(groups: groups, none: none, branches: branches)
        }
        var terms = ClauseTerms(termCount: termCount)
        var allowed = 0
        for _ in 0..<300 {
            let occurrences = (0..<Int.random(in: 0...12, using: &random)).map { end in
                TermAutomaton.Occurrence(term: Int.random(in: 0..<termCount, using: &random), start: end, end: end + 1)
            }
            terms.occurrences = occurrences
            terms.record()
            let present = Set(occurrences.map(\.term))
            #expect(terms.terms == occurrences.map(\.term).reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
            for (index, rule) in rules.enumerated() {
                let expected = rule.groups.allSatisfy { $0.contains(where: present.contains) }
                    && !rule.none.contains(where: present.contains)
                    && (rule.branches.map { $0.contains { $0.allSatisfy { $0.contains(where: present.contains) } } } ?? true)
                if expected { allowed += 1 }
                #expect(conditions.allow(index, terms) == expected)
            }
            terms.group()
            for term in 0..<termCount {
                #expect(Array(terms.occurrences(of: term)) == occurrences.filter { $0.term == term })
            }
        }
        #expect(allowed > 1000 && allowed < 50_000, "\(allowed)")
    }
}
