import Testing

@testable import Discovery

/// Issue 7, lendaudit.yml: an app folder's config is untrusted input like the rest of it.
@Suite struct HostileMetadataTests {
    @Test func nestingTwoHundredThousandDeepIsOneProblemInPlainWords() {
        let text = "name: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n"
        let outcome = AppMetadataLoader.load(bytes: Array(text.utf8))
        #expect(outcome.metadata == nil)
        #expect(outcome.problems.count == 1)
        let problem = outcome.problems.first ?? ""
        #expect(problem.contains("nests lists or mappings too deeply"), "\(problem)")
        #expect(!problem.contains("yaml_set_max_nest_level"), "\(problem)")
    }

    @Test func billionLaughsAliasesAreNotExpanded() {
        // Nine levels of nine aliases each: 9^9 "lol"s if anything expanded them. Yams keeps
        // aliases as references and the loader reads only scalars, so this is instant.
        var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        let letters = Array("abcdefghij")
        for level in 1 ..< 10 {
            let previous = String(letters[level - 1]), current = String(letters[level])
            lines.append("\(current): &\(current) [" + Array(repeating: "*" + previous, count: 9).joined(separator: ", ") + "]")
        }
        lines.append("name: *j")
        let outcome = AppMetadataLoader.load(bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.problems.contains { $0.contains("'name' must be a single value, found a list") }, "\(outcome.problems)")
        #expect(outcome.metadata?.name == nil)
    }
}
