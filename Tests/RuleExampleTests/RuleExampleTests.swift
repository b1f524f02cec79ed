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

    /// Issue 17: every shipped norm was checked against the instrument's text (docs/norms-verification.md);
    /// what could not be confirmed is cited without its number, never marked "unverified".
    @Test func noBundledNormIsMarkedUnverified() {
        for rule in Self.ruleSet.descriptors {
            for norm in rule.norms {
                #expect(!(norm.summary ?? "").localizedCaseInsensitiveContains("unverified"), "\(norm.id)")
                #expect(!norm.citation.hasSuffix(" "), "\(norm.id): \(norm.citation)")
            }
        }
    }

    /// A permission no agreement discloses fails to list purpose, method and scope (认定方法 二.1) and to
    /// tell the purpose when the permission is asked for (二.3); 五.1 is about sending data to third parties.
    @Test func undisclosedPermissionsCiteItems2Point1And2Point3() throws {
        let rule = try #require(Self.ruleSet.descriptors.first { $0.id == "CN-UNDISCLOSED-PERMISSION" })
        let citations = rule.norms.map(\.citation)
        #expect(citations.contains("认定方法 2019 item 2.1"))
        #expect(citations.contains("认定方法 2019 item 2.3"))
        #expect(!rule.norms.contains { $0.id == "METHOD-2019-5.1" })
    }

    /// A norm whose number could not be confirmed cites the instrument alone.
    @Test func normsWithoutAnArticleCiteTheInstrumentAlone() throws {
        let norms = Self.ruleSet.descriptors.flatMap(\.norms)
        let method = try #require(norms.first { $0.id == "METHOD-2019-4.5" })
        #expect(method.citation == "认定方法 2019")
        let taf = try #require(norms.first { $0.id == "TAF-077.4-2020-CONTACTS" })
        #expect(taf.citation == "T/TAF 077.4-2020")
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
