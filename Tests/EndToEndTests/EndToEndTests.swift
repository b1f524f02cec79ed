import Foundation
import Reporters
import Testing
import TestSupport

/// Runs the built `lendaudit` binary as a user would and compares its reports on fixtures/ with
/// the checked-in files in Expected/. `RECORD_SNAPSHOTS=1 swift test` rewrites them and fails, so
/// the diff gets reviewed.
@Suite(.serialized) struct EndToEndTests {
    static let packageRoot = TestPackage.root
    static let expected = packageRoot.appendingPathComponent("Tests/EndToEndTests/Expected")

    /// Runs lendaudit in the package folder.
    @discardableResult
    static func lendaudit(_ arguments: [String]) throws -> BinaryRun {
        try BinaryRun.lendaudit(arguments, in: packageRoot.path)
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-e2e-\(UUID().uuidString)-\(name)")
    }

    func compare(_ actual: URL, with name: String) throws {
        let actualText = try String(contentsOf: actual, encoding: .utf8)
        let expectedURL = Self.expected.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try actualText.write(to: expectedURL, atomically: true, encoding: .utf8)
            Issue.record("recorded \(expectedURL.path); review the diff and run the tests again without RECORD_SNAPSHOTS")
            return
        }
        let expectedText = try String(contentsOf: expectedURL, encoding: .utf8)
        if actualText != expectedText {
            let actualLines = actualText.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expectedText.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
            let line = firstDifference.map { $0.offset + 1 } ?? min(actualLines.count, expectedLines.count) + 1
            Issue.record("""
                \(name) differs from the report at line \(line):
                expected: \(firstDifference.map { String($0.element.1) } ?? "(end)")
                actual:   \(firstDifference.map { String($0.element.0) } ?? "(end)")
                Run RECORD_SNAPSHOTS=1 swift test --filter EndToEndTests to rewrite it after review.
                """)
        }
    }

    @Test func markdownReportOnFixturesMatchesTheExpectedMemo() throws {
        let output = Self.temporaryFile("findings.md")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try Self.lendaudit(["scan", "fixtures", "--output", output.path, "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        try compare(output, with: "findings.md")
    }

    @Test func jsonReportOnFixturesMatchesTheExpectedFile() throws {
        let output = Self.temporaryFile("findings.json")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try Self.lendaudit(["scan", "fixtures", "--format", "json", "--output", output.path, "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        try compare(output, with: "findings.json")
    }

    @Test func everyFormatIsByteIdenticalAcrossRunsAndJobCounts() throws {
        for format in ReportFormat.allCases.map(\.rawValue) {
            var outputs: [Data] = []
            for jobs in ["1", "2", "7"] {
                let run = try Self.lendaudit(["scan", "fixtures", "--format", format, "--jobs", jobs, "--fail-on", "none"])
                #expect(run.status == 0)
                outputs.append(Data(run.stdout.utf8))
            }
            #expect(Set(outputs).count == 1, "\(format) output differs between --jobs 1, 2 and 7")
        }
    }

    /// Yams prints a notice to standard output, into a report written there, on every parse when
    /// YAMS_DEFAULT_ENCODING is set, unless the parse names its encoding (rules, norms, the
    /// permission catalogue and the apps' lendaudit.yml are all parsed here).
    @Test func reportOnStandardOutputIgnoresTheYAMLLibrarysEnvironment() throws {
        let arguments = ["scan", "fixtures", "--format", "json", "--fail-on", "none"]
        let plain = try Self.lendaudit(arguments)
        let withVariable = try BinaryRun.lendaudit(arguments, in: Self.packageRoot.path, environment: ["YAMS_DEFAULT_ENCODING": "UTF16"])
        #expect(withVariable.status == 0, "stderr: \(withVariable.stderr)")
        #expect(withVariable.stdout.hasPrefix("{"))
        #expect(withVariable.stdout == plain.stdout)
    }

    @Test func findingsFailTheRunAtTheDefaultThreshold() throws {
        let run = try Self.lendaudit(["scan", "fixtures/quickcash"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("CN-CONTACTS-READ"))
    }

    @Test func lawfulLookAlikesGiveNoFindingAndExitZero() throws {
        let run = try Self.lendaudit(["scan", "fixtures/lawful-lender", "--format", "json"])
        #expect(run.status == 0, "stdout: \(run.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let apps = report?["apps"] as? [[String: Any]]
        #expect((apps?.first?["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func unreadableInputsAreListedAndExitThree() throws {
        let run = try Self.lendaudit(["scan", "Tests/EndToEndTests/Broken", "--fail-on", "none"])
        #expect(run.status == 3)
        #expect(run.stdout.contains("## Inputs that could not be audited"))
        #expect(run.stdout.contains("empty.html"))
        #expect(run.stdout.contains("the file is empty"))
        #expect(run.stderr.contains("empty.html: the file is empty"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Self.lendaudit(["scan", "fixtures", "--no-such-flag"]).status == 2)
        #expect(try Self.lendaudit(["scan", "fixtures", "--fail-on", "severe"]).status == 2)
        #expect(try Self.lendaudit(["scan"]).status == 2)
    }

    /// `--jurisdiction` takes a comma list or repeats, wins over lendaudit.yml, and a code no pack
    /// declares stops the run (exit 2) rather than auditing for nothing.
    @Test func jurisdictionOptionSelectsThePacks() throws {
        let run = try Self.lendaudit(["scan", "fixtures/pesoloan-ios", "--format", "json", "--fail-on", "none", "--jurisdiction", "in,Apple"])
        #expect(run.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let app = try #require((report?["apps"] as? [[String: Any]])?.first)
        #expect(app["jurisdictions"] as? [String] == ["PH"])
        #expect(app["jurisdictionsApplied"] as? [String] == ["APPLE", "IN"])
        #expect(app["packs"] as? [String] == ["in-rbi", "store-loans"])
        let repeated = try Self.lendaudit(["scan", "fixtures/pesoloan-ios", "--format", "json", "--fail-on", "none",
                                           "--jurisdiction", "IN", "--jurisdiction", "APPLE"])
        #expect(repeated.stdout == run.stdout)

        let unknown = try Self.lendaudit(["scan", "fixtures", "--jurisdiction", "PH,XX"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown jurisdiction 'XX'"), "stderr: \(unknown.stderr)")
    }

    @Test func brokenRuleFileExitsTwoNamingFileAndLine() throws {
        let folder = Self.temporaryFile("rules")
        let pack = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: MY-RULE\ntitle: x\nsevrity: high\n".write(to: pack.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let run = try Self.lendaudit(["scan", "fixtures", "--rules", folder.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:3:1: error: unknown key 'sevrity'"), "stderr: \(run.stderr)")
    }

    @Test func rulesTestRunsEveryBundledExample() throws {
        let run = try Self.lendaudit(["rules", "test"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains(" 0 failed"))
    }

    /// `scan` and `merge` type their format lists by hand in their help; it must be the code's list.
    @Test func helpListsEveryReportFormat() throws {
        for command in ["scan", "merge"] {
            let help = try Self.lendaudit([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let names = ReportFormat.allCases.map(\.rawValue)
            #expect(help.contains("Format of --output (or of standard output): \(names.joined(separator: ", "))."), "\(command): \(help)")
            for name in names {
                #expect(help.contains("--\(name) <\(name)>"), "\(command) --help has no --\(name)")
            }
        }
    }

    @Test func rulesTestOfABundledPackFolderTestsThatPackAlone() throws {
        // The bundled pack's own folder is not loaded beside its bundled copy (no duplicate ids).
        for folder in ["rules/cn-pi", "rules/cn-pi/", "rules"] {
            let run = try Self.lendaudit(["rules", "test", folder])
            #expect(run.status == 0, "\(folder): \(run.stdout) \(run.stderr)")
            #expect(run.stdout.contains(" 0 failed"), "\(folder): \(run.stdout)")
        }
    }

    @Test func rulesListAndShowDocumentTheRules() throws {
        let list = try Self.lendaudit(["rules", "list", "--format", "json"])
        #expect(list.status == 0)
        let decoded = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let rules = decoded?["rules"] as? [[String: Any]] ?? []
        #expect(!rules.isEmpty)
        #expect(rules.allSatisfy { ($0["norms"] as? [Any])?.isEmpty == false })
        let show = try Self.lendaudit(["rules", "show", "CN-CONTACTS-READ"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("## Norms"))
        #expect(show.stdout.contains("## Violating examples"))
    }

    /// A memo (Markdown or HTML) without its "Configuration applied" section.
    static func withoutConfiguration(_ memo: String) -> String {
        // The HTML memo: the section element.
        if let start = memo.range(of: "<section id=\"configuration-applied\">"),
           let end = memo.range(of: "</section>\n", range: start.upperBound..<memo.endIndex) {
            return String(memo[..<start.lowerBound] + memo[end.upperBound...])
        }
        guard let start = memo.range(of: "\n## Configuration applied\n") else { return memo }
        let end = memo.range(of: "\n## ", range: start.upperBound..<memo.endIndex)?.lowerBound ?? memo.endIndex
        return String(memo[..<start.lowerBound] + memo[end...])
    }

    @Test func shardReportsMergeIntoTheSingleRunReport() throws {
        let folder = Self.temporaryFile("shards")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var shards: [String] = []
        for index in 1...3 {
            let path = folder.appendingPathComponent("shard-\(index).json").path
            #expect(try Self.lendaudit(["scan", "fixtures", "--shard", "\(index)/3", "--format", "json", "--output", path, "--fail-on", "none"]).status == 0)
            shards.append(path)
        }
        let single = try Self.lendaudit(["scan", "fixtures", "--fail-on", "none"])
        let merged = try Self.lendaudit(["merge"] + shards + ["--fail-on", "none"])
        #expect(merged.status == 0, "\(merged.stderr)")
        // JSON does not carry the configuration, so a merged memo says it was not recorded; the
        // rest is the same bytes.
        #expect(Self.withoutConfiguration(merged.stdout) == Self.withoutConfiguration(single.stdout))
        #expect(merged.stdout.contains("- Not recorded: this report was assembled from JSON reports"))
        #expect(single.stdout.contains("- Threshold (--fail-on): none (--fail-on)."))
    }

    @Test func diffGatesOnTheFindingsANewVersionAdds() throws {
        let run = try Self.lendaudit(["diff", "fixtures/lawful-lender", "fixtures/quickcash"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("## Findings added"))
        #expect(run.stdout.contains("android.permission.READ_CONTACTS"))
        let same = try Self.lendaudit(["diff", "fixtures/quickcash", "fixtures/quickcash"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("0 findings added"))
    }

    @Test func suppressionsNeedAReasonAndStayVisible() throws {
        let folder = Self.temporaryFile("config")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.yml")
        try "suppressions:\n  - rule: CN-CONTACTS-CREDIT-INCENTIVE\n    reason: Reviewed by legal\n".write(to: config, atomically: true, encoding: .utf8)
        let run = try Self.lendaudit(["scan", "fixtures/fenqile-split", "--config", config.path, "--format", "sarif", "--fail-on", "none"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"justification\" : \"Reviewed by legal\""))
        try "suppressions:\n  - rule: CN-CONTACTS-READ\n".write(to: config, atomically: true, encoding: .utf8)
        let refused = try Self.lendaudit(["scan", "fixtures/fenqile-split", "--config", config.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("a suppression must give a reason"))
    }

    @Test func rerunningReplacesTheOutputFileAndLeavesNoTemporaryFile() throws {
        let folder = Self.temporaryFile("rerun")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("findings.md")
        try "old".write(to: output, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            #expect(try Self.lendaudit(["scan", "fixtures/quickcash", "--output", output.path, "--fail-on", "none"]).status == 0)
            #expect(try String(contentsOf: output, encoding: .utf8).hasPrefix("# lendaudit findings"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["findings.md"])
    }

    /// A scan writes its reports app by app (streamed through files beside the output); `merge`
    /// renders a report held whole in memory. With a baseline, suppressions (used, unused,
    /// expired) and input errors in play, both must give the same bytes in every format.
    @Test func streamedReportsEqualReportsRenderedWhole() throws {
        let folder = Self.temporaryFile("streamed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let baseline = path("baseline.json")
        #expect(try Self.lendaudit(["scan", "fixtures/quickcash", "--format", "json", "--output", baseline, "--fail-on", "none"]).status == 0)
        try """
            suppressions:
              - rule: CN-CONTACTS-READ
                reason: Reviewed by legal
              - rule: CN-DEBT-PUBLICATION
                path: nowhere/*
                reason: Kept for the next release
              - rule: CN-CONTACTS-READ
                path: nowhere/*
                reason: Expired waiver
                expires: 2020-01-01
            """.write(toFile: path("config.yml"), atomically: true, encoding: .utf8)
        let streamed = try Self.lendaudit([
            "scan", "fixtures", "Tests/EndToEndTests/Broken", "--config", path("config.yml"), "--baseline", baseline,
            "--today", "2026-01-01", "--jobs", "2", "--fail-on", "none",
            "--output", path("scan.json"), "--format", "json",
            "--markdown", path("scan.md"), "--sarif", path("scan.sarif"), "--junit", path("scan.xml"), "--html", path("scan.html"),
            "--github", path("scan.txt"), "--gitlab", path("scan.gitlab.json"),
        ])
        #expect(streamed.status == 3, "\(streamed.stderr)")
        // gitlab's .json would overwrite the JSON report: it goes to scan.gitlab.json.
        for (format, ext) in ReportFormat.allCases.map({ ($0.rawValue, $0 == .gitlab ? "gitlab.json" : $0.fileExtension) }) {
            let whole = try Self.lendaudit(["merge", path("scan.json"), "--format", format, "--output", path("whole.\(ext)"), "--fail-on", "none"])
            #expect(whole.status == 3, "\(whole.stderr)")
            var streamedBytes = try Data(contentsOf: URL(fileURLWithPath: path("scan.\(ext)")))
            var wholeBytes = try Data(contentsOf: URL(fileURLWithPath: path("whole.\(ext)")))
            if format == "markdown" || format == "html" {
                // The memo's configuration section is the one part JSON does not carry.
                streamedBytes = Data(Self.withoutConfiguration(String(decoding: streamedBytes, as: UTF8.self)).utf8)
                wholeBytes = Data(Self.withoutConfiguration(String(decoding: wholeBytes, as: UTF8.self)).utf8)
            }
            #expect(streamedBytes == wholeBytes, "\(format): the streamed report differs from the one rendered whole")
        }
        let markdown = try String(contentsOfFile: path("scan.md"), encoding: .utf8)
        #expect(markdown.contains("## Compared with the baseline"))
        #expect(markdown.contains("suppressed by"))
        #expect(markdown.contains("## Suppressions that matched nothing"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "temporary files left behind: \(left)")
    }

    @Test func unwritableOutputStopsBeforeTheScanWithExitTwo() throws {
        let run = try Self.lendaudit(["scan", "fixtures", "--output", "/nonexistent-lendaudit-folder/findings.md"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot write /nonexistent-lendaudit-folder/findings.md"))
    }

    /// libxml2 made its global locks lazily: two workers' first parsers could create one each
    /// and wait on each other for ever (about one scan in 150 with eight workers). Every run
    /// must end; a hung one is killed and reported. A few runs in the edit-test loop; the soak
    /// (300 runs: a hang that frequent shows up with 86% odds) under LENDAUDIT_LONG_TESTS=1.
    @Test func manyWorkersStartingAtOnceNeverHang() throws {
        for run in 0..<TestSize.pick(quick: 4, long: 300) {
            // The runner kills a run that hangs and records it; one is enough to stop.
            let result = try Self.lendaudit(["scan", "fixtures", "--jobs", "8", "--fail-on", "none"])
            #expect(result.status == 0, "run \(run) of scan --jobs 8")
            if result.status != 0 { return }
        }
    }
}
