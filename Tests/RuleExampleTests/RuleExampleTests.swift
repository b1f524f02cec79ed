import Audit
import Findings
import Rules
import Testing

/// Every example of every bundled rule runs here: a violating example must give findings exactly
/// at its `↓` marks, a compliant one none. Failures name the YAML line of the example.
@Suite struct RuleExampleTests {
    static let loaded = Result { () throws(RuleFileError) -> RuleSet in try RuleSet.bundled() }
    static var ruleSet: RuleSet { (try? loaded.get()) ?? RuleSet() }
    static var ruleIds: [String] { ruleSet.rules.map(\.id) }

    @Test func bundledRulesLoad() {
        if case .failure(let error) = Self.loaded {
            Issue.record("the bundled rules do not load: \(error)")
        }
        #expect(Self.ruleIds.count >= 2)
    }

    @Test(arguments: ruleIds)
    func examplesBehave(ruleId: String) throws {
        let rule = try #require(Self.ruleSet.rule(id: ruleId))
        let outcomes = try ExampleRunner(ruleSet: Self.ruleSet).run(rule)
        #expect(outcomes.contains { $0.kind == .violating })
        #expect(outcomes.contains { $0.kind == .compliant })
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(outcome.place): \(outcome.kind.rawValue) example: \(outcome.detail)")
        }
    }

    @Test func everyRuleCitesKnownNorms() {
        for descriptor in Self.ruleSet.descriptors {
            #expect(!descriptor.norms.isEmpty, "\(descriptor.id) cites no norm the catalogue knows")
        }
    }

    @Test func bundledPermissionMappingLoads() throws {
        let catalogue = try Self.ruleSet.permissionCatalogue()
        #expect(catalogue.category(platform: .android, name: "android.permission.READ_CONTACTS") == "contacts")
    }
}
