import Foundation
@testable import Rules
import TestSupport
import Testing

/// Matcher documentation is generated from the code, once: `rules show` from `ClauseMatch`, the
/// README's key table from `MatcherKinds.all`. These fail when a copy drifts.
@Suite struct MatcherDocumentationTests {
    static let readme = TestPackage.root.appendingPathComponent("README.md")
    static let begin = "<!-- generated from MatcherKinds.all; MatcherDocumentationTests checks it -->\n"
    static let end = "\n<!-- end of generated table -->"

    /// `RECORD_SNAPSHOTS=1 swift test` rewrites the README's table, and fails so the diff is seen.
    @Test func readmeMatcherTableIsGeneratedFromTheMatcherList() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "README.md lost the generated-table marker")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let current = String(text[start.upperBound..<stop.lowerBound])
        if current != MatcherKinds.markdownTable, ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: MatcherKinds.markdownTable)
                .write(to: Self.readme, atomically: true, encoding: .utf8)
            Issue.record("README.md's matcher table was rewritten; review the diff")
            return
        }
        #expect(current == MatcherKinds.markdownTable, "README.md's matcher table is stale: run RECORD_SNAPSHOTS=1 swift test")
        for kind in MatcherKinds.all {
            #expect(current.contains("| `\(kind.key)` |"))
        }
    }

    /// Every value a clause matcher holds, as text `rules show` must print somewhere.
    static func texts(of value: Any) -> [String] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.flatMap { texts(of: $0.value) }
        case .collection, .struct: return mirror.children.flatMap { texts(of: $0.value) }
        default: return ["\(value)"]
        }
    }

    static let everyField = ClauseMatch(
        groups: [["first-a", "first-b"], ["second"]], regex: "re(gex)+", near: 41, unless: ["negator"],
        negationScope: 17, none: ["exception"], notIn: [.hypothetical, .negated], context: [.leadIn, .tableRow]
    )

    @Test func ruleDocumentationShowsEveryPartOfAClauseMatcher() {
        let match = Self.everyField
        // Every field is set, so a field added to ClauseMatch without a value here fails too.
        for child in Mirror(reflecting: match).children {
            #expect(!Self.texts(of: child.value).isEmpty, "\(child.label ?? "?") has no value in this test")
        }
        let shown = match.documentation.joined(separator: "\n")
        for text in Self.texts(of: match) {
            #expect(shown.contains(text), "rules show drops \(text)")
        }
    }

    /// The contradiction rules printed "the denial:" and then nothing of a regex or negators.
    @Test func contradictionDocumentationShowsTheWholeDenial() {
        let lines = AppMatch.contradiction(categories: ["contacts"], denial: Self.everyField).documentation
        #expect(lines.first?.hasSuffix("the denial:") == true)
        #expect(Array(lines.dropFirst()) == Self.everyField.documentation.map { "  " + $0 })
    }
}
