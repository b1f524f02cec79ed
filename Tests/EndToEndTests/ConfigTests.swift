import Foundation
import Testing
import TestSupport

/// The config file as a pipeline meets it: found from a subfolder, honoured by diff, and every
/// mistake named.
@Suite struct ConfigTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("app"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestPackage.root.appendingPathComponent("fixtures/quickcash"), to: folder.appendingPathComponent("app/quickcash"))
    }

    func write(_ text: String, to path: String) throws {
        try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    func run(_ arguments: [String]) throws -> BinaryRun {
        try BinaryRun.lendaudit(arguments, in: folder.path)
    }

    /// The ```yaml block under "## Config file" in docs/ci.md.
    static func documentedConfig() throws -> String {
        let text = try String(contentsOf: TestPackage.root.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Config file").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first)
        return try #require(block.components(separatedBy: "```").first)
    }

    @Test func theDocumentedExampleLoadsAsPasted() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(try Self.documentedConfig(), to: "example.yml")
        let result = try run(["scan", "app", "--config", "example.yml", "--format", "json", "--output", "out.json"])
        // fail_on: high from the file; the run is judged, not refused (exit 2).
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out.json"))) as? [String: Any])
        #expect(report["failOn"] as? String == "high")
        let rules = try #require(report["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(!rules.contains("CN-ACCOUNTS-PERMISSION"))
    }

    @Test func theRepositoryRootsConfigIsFoundWhenScanningASubfolder() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("disable: [CN-CONTACTS-PERMISSION]\nfail_on: none\n", to: ".lendaudit.yml")
        let result = try run(["scan", "app/quickcash", "--format", "json", "--output", "out.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8)
        #expect(!json.contains("\"CN-CONTACTS-PERMISSION\""))
        #expect(json.contains("\"failOn\" : \"none\""))
        // The nearest file wins.
        try write("fail_on: critical\n", to: "app/.lendaudit.yml")
        let nearer = try run(["scan", "app/quickcash", "--format", "json", "--output", "out.json"])
        #expect(try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8).contains("\"failOn\" : \"critical\""))
        #expect(nearer.status == 1)
    }

    @Test func mistakesAreNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try run(["scan", "app", "--config", "missing.yml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.yml") && missing.stderr.contains("no such file"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("UTF-8"))
        try write("suppressions:\n  - rule: CN-CONTACS-READ\n    reason: typo\n", to: "typo.yml")
        let typo = try run(["scan", "app", "--config", "typo.yml"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("typo.yml:2:") && typo.stderr.contains("unknown rule 'CN-CONTACS-READ'"), "\(typo.stderr)")
        #expect(try run(["scan", "app", "--fail-on", "NONE", "--format", "md", "--output", "out.md"]).status == 0)
    }

    @Test func diffHonoursTheConfig() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("old")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try write("name: QuickCash\ncategory: lending\n", to: "old/lendaudit.yml")
        try write("本协议约定借款金额、利率与还款方式。\n", to: "old/terms.txt")
        // Without a config, the new version adds findings and fails.
        #expect(try run(["diff", "old", "app/quickcash"]).status == 1)
        try write("fail_on: none\n", to: ".lendaudit.yml")
        #expect(try run(["diff", "old", "app/quickcash"]).status == 0)
        try write("fail_on: low\n", to: "other.yml")
        #expect(try run(["diff", "old", "app/quickcash", "--config", "other.yml"]).status == 1)
    }
}
