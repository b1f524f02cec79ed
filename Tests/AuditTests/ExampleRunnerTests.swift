@testable import Audit
import Findings
import Foundation
import Rules
import Testing

/// Rule examples run through the scan's own reading path, with the app category they state.
@Suite struct ExampleRunnerTests {
    /// A pack folder holding one rule, tested against the bundled catalogues.
    static func ruleSet(_ ruleYAML: String) throws -> RuleSet {
        let tree = AuditPipelineTests.Tree()
        try tree.file("pack/r.yaml", ruleYAML)
        var set = try RuleSet.bundledCatalogues()
        try set.add(directory: tree.root.appendingPathComponent("pack").path)
        return set
    }

    static func rule(app: String, examples: String) -> String {
        """
        id: T-RIDE-CONTACTS
        title: Test rule
        category: contacts-collection
        severity: high
        applies_to: agreement
        \(app)
        norms: [PIPL-16]
        message: m
        remediation: r
        match:
          any: [通讯录]
        examples:
        \(examples)
        """
    }

    static func outcomes(_ yaml: String) throws -> [ExampleRunner.Outcome] {
        let set = try ruleSet(yaml)
        let rule = try #require(set.rules.first)
        return try ExampleRunner(ruleSet: set).run(rule)
    }

    @Test func aRuleForAnotherKindOfAppPassesItsOwnExamples() throws {
        let outcomes = try Self.outcomes(Self.rule(app: "app: {category: ride-hailing}", examples: """
              violating: ["<p>↓我们读取您的通讯录。</p>"]
              compliant:
                - "<p>我们不收集位置。</p>"
                - app: {category: lending, jurisdictions: [CN]}
                  text: "<p>我们读取您的通讯录。</p>"
            """))
        #expect(outcomes.count == 3)
        #expect(outcomes.filter { !$0.passed }.isEmpty, "\(outcomes.map(\.detail))")
    }

    @Test func anExampleForAnotherCategoryFailsAndSaysWhy() throws {
        let outcomes = try Self.outcomes(Self.rule(app: "app: {category: ride-hailing}", examples: """
              violating:
                - app: {category: lending}
                  text: "<p>↓我们读取您的通讯录。</p>"
              compliant: ["<p>我们不收集位置。</p>"]
            """))
        let violating = try #require(outcomes.first { $0.kind == .violating })
        #expect(!violating.passed)
        #expect(violating.detail.contains("app category 'lending'"), "\(violating.detail)")
    }

    @Test func anExampleIsReadAsAScanReadsItsFile() throws {
        // A manifest in an example goes through the manifest reader and the bundled permission
        // mapping, and a file that does not parse is reported with the reader's reason.
        let outcomes = try Self.outcomes(Self.rule(app: "", examples: """
              violating: ["<p>↓我们读取您的通讯录。</p>"]
              compliant:
                - files:
                    - file: AndroidManifest.xml
                      text: "<manifest"
            """))
        let compliant = try #require(outcomes.first { $0.kind == .compliant })
        #expect(!compliant.passed)
        #expect(compliant.detail.hasPrefix("the example cannot be read: AndroidManifest.xml: "), "\(compliant.detail)")
    }

    @Test func anUnknownKeyInAnExampleAppIsRefused() throws {
        #expect(throws: RuleFileError.self) {
            try Self.ruleSet(Self.rule(app: "", examples: """
                  violating:
                    - app: {categry: lending}
                      text: "<p>↓我们读取您的通讯录。</p>"
                  compliant: ["<p>x</p>"]
                """))
        }
    }
}
