import Documents
import Foundation
import Testing
import TestSupport

@testable import Rules

/// `RegexScreen` stands in for ICU's "is there a match at all": it must say exactly what ICU
/// says, or refuse the pattern so ICU decides.
@Suite struct RegexScreenTests {
    /// Nil when ICU gave up (its backtracking stack overflowed): the engine then has no match
    /// either way, as the screen only ever spares ICU a "no".
    static func icuMatches(_ pattern: String, _ text: String) throws -> Bool? {
        let regex = try NSRegularExpression(pattern: pattern)
        var found = false
        var failed = false
        regex.enumerateMatches(in: text, options: [.reportCompletion], range: NSRange(location: 0, length: text.utf16.count)) {
            result, flags, stop in
            if flags.contains(.internalError) { failed = true }
            if result != nil {
                found = true
                stop.pointee = true
            }
        }
        return failed ? nil : found
    }

    static func screen(_ pattern: String) -> RegexScreen? {
        RegexScreen.compile(pattern)
    }

    @Test func decidesSimplePatterns() throws {
        let screen = try #require(Self.screen("(不同意|不接受)[^。]{0,3}(条款|内容)"))
        #expect(screen.matches(Array("我不同意本条款".unicodeScalars)))
        #expect(screen.matches(Array("不接受abc内容".unicodeScalars)))
        #expect(!screen.matches(Array("不接受abcd内容".unicodeScalars)))
        #expect(!screen.matches(Array("不同意。条款".unicodeScalars)))
        #expect(!screen.matches(Array("同意本条款".unicodeScalars)))
        #expect(!screen.matches([]))
    }

    @Test func aLaterEntryIntoARunKeepsTheLargerBudget() throws {
        // The first `a` starts a run that is too long by the `b`; the third starts one that is not.
        let screen = try #require(Self.screen("a[^x]{0,2}b"))
        #expect(screen.matches(Array("aaaab".unicodeScalars)))
        #expect(screen.matches(Array("accab".unicodeScalars)))
        #expect(!screen.matches(Array("acccb".unicodeScalars)))
        #expect(!screen.matches(Array("axb".unicodeScalars)))
    }

    @Test func emptyMatchesMatchEverywhere() throws {
        #expect(try #require(Self.screen("a?")).matches([]))
        #expect(try #require(Self.screen("(a|)")).matches(Array("b".unicodeScalars)))
    }

    @Test func leavesOtherSyntaxToICU() {
        for pattern in [
            "\\bloan", "^loan", "loan$", "(?i)loan", "(?=a)b", "(?<name>a)", "(a)\\1", "\\d+", "\\p{L}", "\\u4e00",
            "a++", "a*+", "[[ab]c]", "[a&&b]", "[ a]", "[:alpha:]", "[a-]", "[]a]", "a{,2}", "a{2000}", "x{", "}", "]", "a)",
            "(a", "[a", "\\", "(a|)+b", "(?:)+?.c", "(a?b?){2}",
        ] {
            #expect(Self.screen(pattern) == nil, "\(pattern)")
        }
    }

    @Test func decidesEveryBundledPattern() throws {
        let patterns = try Self.bundledPatterns()
        #expect(patterns.count >= 8)
        for pattern in patterns {
            #expect(Self.screen(pattern) != nil, "\(pattern)")
        }
    }

    static func bundledPatterns() throws -> [String] {
        try RuleSet.bundled().rules.compactMap { rule -> String? in
            switch rule.match {
            case .clause(let match): match.regex
            case .app(.contradiction(_, let denial)): denial.regex
            default: nil
            }
        }
    }

    @Test func branchLiteralsListWhatEveryBranchContains() throws {
        let screen = try #require(Self.screen("(不同意|不接受)[^。]{0,6}(条款|内容)(部分)?x|须同意|我们(a|b)+[^。]?cd"))
        #expect(screen.branchLiterals == [[["不同意", "不接受"], ["条款", "内容"]], [["须同意"]], [["我们"], ["cd"]]])
        // A branch with nothing required, or only one-character literals: nothing can be ruled out.
        #expect(try #require(Self.screen("ab|[xy]z")).branchLiterals == nil)
        #expect(try #require(Self.screen("ab|(须|需)要")).branchLiterals == nil)
        #expect(try #require(Self.screen("ab|(cd)*")).branchLiterals == nil)
        #expect(try #require(Self.screen("ab|(cd)+")).branchLiterals == [[["ab"]], [["cd"]]])
    }

    /// Random patterns of the supported kinds over a small alphabet, on random texts: the screen
    /// agrees with ICU on every one, and a text ICU matches has every literal list of some branch.
    @Test func agreesWithICUOnGeneratedPatterns() throws {
        var random = SplitMix64(seed: 20_240_611)
        var decided = 0
        var matched = 0
        var failed = 0
        let patterns = TestSize.pick(quick: 400, long: 3000)
        for _ in 0..<patterns {
            let pattern = PatternGenerator.pattern(&random)
            guard (try? NSRegularExpression(pattern: pattern)) != nil else { continue }
            guard let screen = Self.screen(pattern) else { continue }
            decided += 1
            for _ in 0..<25 {
                let text = PatternGenerator.text(&random)
                guard let expected = try Self.icuMatches(pattern, text) else {
                    failed += 1
                    continue
                }
                #expect(screen.matches(Array(text.unicodeScalars)) == expected, "\(pattern) on \(text.debugDescription)")
                if expected {
                    matched += 1
                    if let branches = screen.branchLiterals {
                        let present = branches.contains { $0.allSatisfy { $0.contains(where: text.contains) } }
                        #expect(present, "\(pattern) on \(text.debugDescription)")
                    }
                    if let literals = RegexLiterals.required(pattern) {
                        #expect(literals.contains(where: text.contains), "\(pattern) on \(text.debugDescription)")
                    }
                }
            }
        }
        // The generator must exercise both answers on most patterns, not just compile them.
        #expect(decided > patterns / 2)
        #expect(matched > decided * 25 / 5 && matched < decided * 25 * 4 / 5, "\(matched) of \(decided * 25)")
        #expect(failed < decided, "\(failed)")
    }

    /// The bundled patterns on texts stitched from their own literals and filler, so that many
    /// come close to matching, and on every rule example.
    @Test func agreesWithICUOnBundledPatterns() throws {
        var random = SplitMix64(seed: 7)
        let examples = try RuleSet.bundled().rules.flatMap { rule in
            (rule.examples.violating + rule.examples.compliant + rule.examples.todo).map(\.text)
        }.map { TextNormalizer.normalizedString($0.replacingOccurrences(of: "↓", with: "")) }
        for pattern in try Self.bundledPatterns() {
            let screen = try #require(Self.screen(pattern))
            let pieces = PatternGenerator.literals(in: pattern) + ["。", ";", ",", "的", "我们", "您", " ", "!", "a", "."]
            var matched = 0
            var texts = examples
            for _ in 0..<TestSize.pick(quick: 300, long: 1500) {
                let count = Int.random(in: 1...14, using: &random)
                texts.append((0..<count).map { _ in pieces.randomElement(using: &random)! }.joined())
            }
            for text in texts {
                guard let expected = try Self.icuMatches(pattern, text) else {
                    Issue.record("ICU could not run \(pattern) on \(text)")
                    return
                }
                if expected { matched += 1 }
                #expect(screen.matches(Array(text.unicodeScalars)) == expected, "\(pattern) on \(text)")
            }
            #expect(matched > 0, "\(pattern)")
        }
    }

    @Test func engineFallsBackToICUForPatternsItCannotDecide() throws {
        let rule = RuleEngineTests.rule(match: "  regex: \"(?i)\\\\bloan\\\\b[^.]{0,10}contacts\"", category: "contacts-collection")
        #expect(RegexScreen.compile("(?i)\\bloan\\b[^.]{0,10}contacts") == nil)
        #expect(try RuleEngineTests.findings(rule, "<p>Your LOAN uses contacts.</p>").count == 1)
        #expect(try RuleEngineTests.findings(rule, "<p>Your loans use contacts.</p>").isEmpty)
    }

    @Test func engineHighlightsWhatICUMatches() throws {
        let rule = RuleEngineTests.rule(match: """
              all: [[通讯录]]
              regex: "(读取|上传)[^。]{0,4}通讯录"
            """)
        let found = try RuleEngineTests.findings(rule, "<p>我们会读取您的通讯录。我们上传了很多很多的通讯录。</p>")
        #expect(found.count == 1)
        let excerpt = try #require(found.first).excerpt
        let scalars = Array(excerpt.text.unicodeScalars)
        #expect(excerpt.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["读取您的通讯录"])
    }
}


/// Patterns of the kinds `RegexScreen` decides, and texts, over a few characters that include a
/// stop mark, a line separator and one outside the BMP.
enum PatternGenerator {
    static let characters = ["a", "b", "c", "。", "中", "😀"]
    static let textCharacters = characters + ["\n", "\u{2028}", " "]

    static func pattern(_ random: inout SplitMix64) -> String {
        alternation(&random, depth: 0)
    }

    static func text(_ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...14, using: &random)).map { _ in textCharacters.randomElement(using: &random)! }.joined()
    }

    private static func alternation(_ random: inout SplitMix64, depth: Int) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in sequence(&random, depth: depth) }.joined(separator: "|")
    }

    private static func sequence(_ random: inout SplitMix64, depth: Int) -> String {
        (0..<Int.random(in: 1...3, using: &random)).map { _ in atom(&random, depth: depth) + quantifier(&random) }.joined()
    }

    private static func atom(_ random: inout SplitMix64, depth: Int) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<4:
            return characters.randomElement(using: &random)!
        case 4, 5:
            let members = (0..<Int.random(in: 1...3, using: &random)).map { _ in characters.randomElement(using: &random)! }
            return "[" + (Bool.random(using: &random) ? "^" : "") + members.joined() + "]"
        case 6:
            return [".", "\\.", "[a-c]", "[^a-c。]"].randomElement(using: &random)!
        default:
            guard depth < 2 else { return characters.randomElement(using: &random)! }
            return (Bool.random(using: &random) ? "(" : "(?:") + alternation(&random, depth: depth + 1) + ")"
        }
    }

    private static func quantifier(_ random: inout SplitMix64) -> String {
        let quantifier = ["", "", "", "?", "*", "+", "{0,2}", "{1,3}", "{2}", "{2,}", "{0,4}"].randomElement(using: &random)!
        return quantifier.isEmpty || Int.random(in: 0..<5, using: &random) > 0 ? quantifier : quantifier + "?"
    }

    /// The runs of plain characters in a pattern: the words its matches are made of.
    static func literals(in pattern: String) -> [String] {
        pattern.split(whereSeparator: { "()|[]{}^?*+.,;!0123456789".contains($0) }).map(String.init)
    }
}
