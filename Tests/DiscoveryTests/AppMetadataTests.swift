import Testing
@testable import Discovery
import Findings

/// lendaudit.yml: good files fill `AppMetadata`; bad ones are reported and the app still audited.
struct AppMetadataTests {
    /// An app folder `acme` with one agreement and the given config, scanned as the only root.
    private func scan(config: String, named name: String = "lendaudit.yml") throws -> (DiscoveryResult, TemporaryTree) {
        let tree = try TemporaryTree()
        try tree.file("acme/privacy.html")
        try tree.file("acme/\(name)", config)
        return (Discovery.discoverRootRelative(roots: [tree.path("acme")]), tree)
    }

    @Test func goodConfigFillsMetadataAndIdentity() throws {
        let (result, tree) = try scan(config: """
            name: Acme Loans
            version: 1.20
            category: lending
            jurisdictions: [CN, HK]
            """)
        defer { tree.remove() }

        #expect(result.errors.isEmpty)
        let app = try #require(result.apps.first)
        #expect(app.identity == "Acme Loans")
        // `1.20` is kept as written, not read as the number 1.2.
        #expect(app.metadata == AppMetadata(name: "Acme Loans", version: "1.20", category: "lending", jurisdictions: ["CN", "HK"]))
        #expect(app.files.map(\.pathInApp) == ["privacy.html"])
    }

    @Test func singleJurisdictionMayBeAPlainString() throws {
        let (result, tree) = try scan(config: "jurisdictions: CN\n", named: "lendaudit.yaml")
        defer { tree.remove() }

        #expect(result.errors.isEmpty)
        #expect(result.apps.first?.metadata == AppMetadata(jurisdictions: ["CN"]))
        #expect(result.apps.first?.identity == "acme")
    }

    @Test func malformedConfigIsReportedWithItsLineAndTheAppIsStillAudited() throws {
        let (result, tree) = try scan(config: "name: Acme\ncategory: [lending\n")
        defer { tree.remove() }

        let app = try #require(result.apps.first)
        #expect(app.identity == "acme")
        #expect(app.metadata == nil)
        #expect(app.files.count == 1)
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.path == "lendaudit.yml")
        #expect(error.app == "acme")
        #expect(error.reason.hasPrefix("line 3, column 1: the file is not valid YAML"), "\(error.reason)")
    }

    @Test func unknownKeyIsReportedAndKnownKeysStillApply() throws {
        let (result, tree) = try scan(config: "name: Acme\ncatgory: lending\n")
        defer { tree.remove() }

        #expect(result.apps.first?.identity == "Acme")
        #expect(result.apps.first?.metadata == AppMetadata(name: "Acme"))
        #expect(result.errors == [InputError(
            path: "lendaudit.yml",
            app: "Acme",
            reason: "line 2, column 1: unknown key 'catgory' (expected: name, version, category, jurisdictions)"
        )])
    }

    @Test func wrongTypeIsReportedAndThatKeyDefaults() throws {
        let (result, tree) = try scan(config: "name:\n  - a\n  - b\ncategory: lending\n")
        defer { tree.remove() }

        #expect(result.apps.first?.identity == "acme")
        #expect(result.apps.first?.metadata == AppMetadata(category: "lending"))
        #expect(result.errors.map(\.reason) == ["line 2, column 3: 'name' must be a single value, found a list"])
    }

    @Test func bothConfigSpellingsReadOnlyTheYmlOne() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/privacy.html")
        try tree.file("acme/lendaudit.yml", "name: From yml\n")
        try tree.file("acme/lendaudit.yaml", "name: From yaml\n")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.map(\.identity) == ["From yml"])
        #expect(result.errors.map(\.path) == ["lendaudit.yaml"])
    }

    @Test func configProblemsInANestedAppNameThatApp() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/acme/privacy.html")
        try tree.file("market/acme/lite/lendaudit.yml", "nme: Lite\n")
        try tree.file("market/acme/lite/terms.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.apps.map(\.identity) == ["acme", "lite"])
        #expect(result.errors.map(\.path) == ["acme/lite/lendaudit.yml"])
        #expect(result.errors.map(\.app) == ["lite"])
    }

    // MARK: - The loader on its own

    @Test(arguments: [
        ("", AppMetadata()),
        ("# only a comment\n", AppMetadata()),
        ("name: ~\nversion: 2\n", AppMetadata(version: "2")),
        ("name: '  Acme  '\n", AppMetadata(name: "Acme")),
        ("jurisdictions:\n  - CN\n  - EU\n", AppMetadata(jurisdictions: ["CN", "EU"])),
        ("\u{FEFF}category: lending\n", AppMetadata(category: "lending")),
    ])
    func loaderAcceptsValidConfigs(_ text: String, _ expected: AppMetadata) {
        let outcome = AppMetadataLoader.load(bytes: Array(text.utf8))
        #expect(outcome == .init(metadata: expected, problems: []))
    }

    @Test(arguments: [
        ("- name\n- version\n", "expected a mapping of keys"),
        ("name: ''\n", "'name' is empty"),
        ("jurisdictions: {cn: true}\n", "'jurisdictions' must be a value or a list of values, found a mapping"),
        ("jurisdictions: [CN, [HK]]\n", "each entry of 'jurisdictions' must be a single value, found a list"),
        ("name: a\n\tversion: 2\n", "the file is not valid YAML"),
        ("name: a\nname: b\n", "name"),
    ])
    func loaderReportsProblems(_ text: String, _ expectedFragment: String) {
        let outcome = AppMetadataLoader.load(bytes: Array(text.utf8))
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems.first?.contains(expectedFragment) == true, "\(outcome.problems)")
        #expect(outcome.problems.first?.hasPrefix("line ") == true, "\(outcome.problems)")
    }

    @Test func loaderRejectsInvalidUTF8() {
        let outcome = AppMetadataLoader.load(bytes: [0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE])
        #expect(outcome == .init(metadata: nil, problems: ["the file is not valid UTF-8 text"]))
    }
}
