@testable import Audit
import Findings
import Foundation
import Rules
import Testing

@Suite struct ScanConfigurationTests {
    /// Reports show paths from where the command ran (`apps/quickcash/…`); patterns written
    /// relative to the scanned root (`quickcash/*`) keep matching them.
    @Test func rootRelativePatternsMatchPathsShownAsTyped() throws {
        var config = try ScanConfiguration.parse("""
            category: lending
            exclude: ["vendor/*"]
            suppressions:
              - rule: CN-CONTACTS-READ
                path: "quickcash/*"
                reason: reviewed
            """, file: ".lendaudit.yml")
        #expect(config.category == "lending")
        config.roots = ["apps/"]
        #expect(config.excludes("apps/vendor/x.html"))
        #expect(config.excludes("vendor/x.html"))
        #expect(!config.excludes("apps/quickcash/x.html"))
        #expect(config.rootRelative("apps/quickcash/privacy.html") == "quickcash/privacy.html")
        var finding = Fixtures.finding("CN-CONTACTS-READ", line: 3)
        finding.location.path = "apps/quickcash/privacy.html"
        var app = Fixtures.report(findings: [finding]).apps[0]
        #expect(config.applySuppressions(to: &app, today: "2026-01-01") == [0])
        #expect(app.suppressed.count == 1 && app.findings.isEmpty)
    }

    @Test func anUnknownCategoryIsAConfigErrorListingTheKnownOnes() throws {
        let config = try ScanConfiguration.parse("fail_on: high\ncategory: lendng\n", file: ".lendaudit.yml")
        var rules = try RuleSet.bundled()
        #expect(throws: RuleFileError.self) { try config.apply(to: &rules) }
        do {
            try config.apply(to: &rules)
        } catch {
            #expect(error.description.contains(".lendaudit.yml:2:11"))
            #expect(error.description.contains("unknown category 'lendng' (known: banking,"))
        }
    }

    @Test func parsesEveryKey() throws {
        let config = try ScanConfiguration.parse("""
            fail_on: high
            disable: [CN-REFUSE-WITHOUT-CONTACTS]
            severity:
              CN-CONTACTS-READ: critical
            exclude: ["vendor/*"]
            suppressions:
              - rule: CN-CONTACTS-READ
                path: "a/*"
                reason: Reviewed by legal; removed in 3.3
                expires: 2026-12-31
            """, file: ".lendaudit.yml")
        #expect(config.failOn == "high")
        #expect(config.disabledRules == ["CN-REFUSE-WITHOUT-CONTACTS"])
        #expect(config.severities == ["CN-CONTACTS-READ": .critical])
        #expect(config.excludes("vendor/x/privacy.html"))
        #expect(!config.excludes("app/privacy.html"))
        #expect(config.suppressions.first?.source == ".lendaudit.yml:7")
    }

    @Test func aSuppressionWithoutAReasonIsRefusedWithItsLine() {
        #expect {
            try ScanConfiguration.parse("suppressions:\n  - rule: CN-CONTACTS-READ\n", file: "c.yml")
        } throws: { error in
            "\(error)".hasPrefix("c.yml:2:5: error: a suppression must give a reason")
        }
    }

    @Test func unknownKeysAndBadSeveritiesAreErrors() {
        #expect(throws: RuleFileError.self) { try ScanConfiguration.parse("sevrity: {}\n", file: "c.yml") }
        #expect(throws: RuleFileError.self) { try ScanConfiguration.parse("severity: {X: severe}\n", file: "c.yml") }
        #expect(throws: RuleFileError.self) { try ScanConfiguration.parse("suppressions:\n  - rule: X\n    reason: r\n    expires: soon\n", file: "c.yml") }
    }

    @Test func configChangesTheRulesThatRun() throws {
        var ruleSet = try RuleSet.bundled()
        let config = try ScanConfiguration.parse("disable: [CN-REFUSE-WITHOUT-CONTACTS]\nseverity: {CN-CONTACTS-READ: low}\n", file: "c.yml")
        try config.apply(to: &ruleSet)
        #expect(ruleSet.rule(id: "CN-REFUSE-WITHOUT-CONTACTS") == nil)
        #expect(ruleSet.rule(id: "CN-CONTACTS-READ")?.severity == .low)
        var unknown = try RuleSet.bundled()
        #expect(throws: RuleFileError.self) { try ScanConfiguration.parse("disable: [NO-SUCH]\n", file: "c.yml").apply(to: &unknown) }
    }

    @Test func suppressionsMoveFindingsAsideExpireAndReportUnused() throws {
        let config = try ScanConfiguration.parse("""
            suppressions:
              - rule: R-A
                reason: accepted risk
              - rule: R-B
                reason: old decision
                expires: 2026-01-01
              - rule: R-C
                reason: nothing matches
            """, file: "c.yml")
        var report = Fixtures.report(findings: [Fixtures.finding("R-A", line: 1), Fixtures.finding("R-B", line: 2)])
        config.applySuppressions(to: &report, today: "2026-11-24")
        #expect(report.apps[0].findings.map(\.ruleId) == ["R-B"])
        #expect(report.apps[0].suppressed.map(\.ruleId) == ["R-A"])
        #expect(report.apps[0].suppressed[0].suppression?.reason == "accepted risk")
        #expect(report.unusedSuppressions.map(\.rule) == ["R-B", "R-C"])
        #expect(report.unusedSuppressions.map(\.expired) == [true, false])
    }
}

@Suite struct ReportCombinationTests {
    @Test func baselineHidesKnownFindingsAndListsFixedOnes() {
        let baseline = Fixtures.report(findings: [Fixtures.finding("R-A", line: 1), Fixtures.finding("R-GONE", line: 9)])
        var report = Fixtures.report(findings: [Fixtures.finding("R-A", line: 5), Fixtures.finding("R-NEW", line: 6)])
        ReportCombination.applyBaseline(baseline, file: "old.json", to: &report)
        // R-A moved from line 1 to 5: same fingerprint, so still known.
        #expect(report.apps[0].findings.map(\.ruleId) == ["R-NEW"])
        #expect(report.baseline?.unchanged == 1)
        #expect(report.baseline?.fixed.map(\.ruleId) == ["R-GONE"])
    }

    @Test func mergingShardsGivesTheSingleRunReport() throws {
        let pipeline = try AuditPipeline(ruleSet: try RuleSet.bundled())
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for index in 0..<9 {
            let folder = root.appendingPathComponent("app\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("<p>借款还款逾期利率放款。我们将读取您的通讯录信息。第\(index)条。</p>".utf8).write(to: folder.appendingPathComponent("p.html"))
        }
        try Data().write(to: root.appendingPathComponent("app0/empty.html"))
        let full = pipeline.run(roots: [root.path])
        var shards: [AuditReport] = []
        for index in 1...3 {
            var options = AuditOptions()
            options.shard = Shard("\(index)/3")
            shards.append(pipeline.run(roots: [root.path], options: options))
        }
        #expect(shards.map(\.apps.count).reduce(0, +) == 9)
        #expect(shards.map(\.shard?.description) == ["1/3", "2/3", "3/3"])
        let merged = try ReportCombination.merge(shards, names: ["1", "2", "3"])
        #expect(merged == full)
        // An incomplete set is refused, naming what is missing; --allow-partial merges it and says so.
        #expect(throws: ReportCombination.MergeError.self) { try ReportCombination.merge(Array(shards.prefix(2)), names: ["1", "2"]) }
        do {
            _ = try ReportCombination.merge([shards[0], shards[2]], names: ["1", "3"])
            Issue.record("a set without shard 2/3 was merged")
        } catch {
            #expect(error.description.contains("shard 2/3 missing"), "\(error)")
        }
        let partial = try ReportCombination.merge([shards[0], shards[2]], names: ["1", "3"], allowPartial: true)
        #expect(partial.warnings.contains { $0.path == "shard 2/3" && $0.reason.contains("--allow-partial") })
        #expect(partial.apps.count == shards[0].apps.count + shards[2].apps.count)
        // The same shard twice, shards of two shardings, or a shard with a whole run: refused.
        #expect(throws: ReportCombination.MergeError.self) { try ReportCombination.merge([shards[0], shards[0]], names: ["a", "b"]) }
        var other = shards[1]
        other.shard = ShardNumber(index: 2, count: 4)
        #expect(throws: ReportCombination.MergeError.self) { try ReportCombination.merge([shards[0], other, shards[2]], names: ["1", "2", "3"]) }
        #expect(throws: ReportCombination.MergeError.self) { try ReportCombination.merge([full] + shards, names: ["f", "1", "2", "3"]) }
        #expect(throws: ReportCombination.MergeError.self) { try ReportCombination.merge([full, full], names: ["a", "b"]) }
    }

    @Test func shardsAreStableAndCoverEveryApp() {
        let names = (0..<200).map { "app-\($0)" }
        let shards = (1...4).compactMap { Shard("\($0)/4") }
        for name in names {
            #expect(shards.filter { $0.contains(app: name) }.count == 1)
        }
        #expect(Shard("0/4") == nil)
        #expect(Shard("5/4") == nil)
        #expect(Shard("x") == nil)
    }

    @Test func diffListsAddedAndRemovedFindingsAndPermissions() {
        var old = Fixtures.report(findings: [Fixtures.finding("R-A", line: 1), Fixtures.finding("R-OLD", line: 2)])
        old.apps[0].permissions = [Permission(platform: .android, name: "android.permission.READ_SMS", location: SourceLocation(path: "m.xml"))]
        var new = Fixtures.report(findings: [Fixtures.finding("R-A", line: 3), Fixtures.finding("R-NEW", line: 4)])
        new.apps[0].permissions = [Permission(platform: .android, name: "android.permission.READ_CONTACTS", location: SourceLocation(path: "m.xml"))]
        let diff = ReportCombination.diff(old: old, new: new, oldName: "v1", newName: "v2")
        #expect(diff.added.map(\.ruleId) == ["R-NEW"])
        #expect(diff.removed.map(\.ruleId) == ["R-OLD"])
        #expect(diff.unchanged == 1)
        #expect(diff.permissionsAdded.map(\.name) == ["android.permission.READ_CONTACTS"])
        #expect(diff.permissionsRemoved.map(\.name) == ["android.permission.READ_SMS"])
    }
}

enum Fixtures {
    static func finding(_ rule: String, line: Int) -> Finding {
        Finding(
            ruleId: rule, category: .contactsCollection, severity: .high, title: rule, message: "m", remediation: "r",
            norms: [], app: "app", location: SourceLocation(path: "app/p.html", line: line, column: 1),
            excerpt: Excerpt(text: "clause of \(rule)"),
            fingerprint: Fingerprint.make(ruleId: rule, app: "app", pathInApp: "p.html", normalizedText: "clause of \(rule)")
        )
    }

    static func report(findings: [Finding]) -> AuditReport {
        AuditReport(
            tool: AuditPipeline.tool, roots: ["x"], rulePacks: [], rules: [],
            apps: [AppReport(name: "app", path: "app", version: nil, category: "lending", categoryInferred: false, jurisdictions: [],
                             documents: [], permissions: [], findings: findings)],
            inputErrors: []
        )
    }
}
