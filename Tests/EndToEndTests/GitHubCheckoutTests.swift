import Foundation
import Reporters
import Testing
import TestSupport

/// The documented GitHub setup, run as a workflow runs it: a checkout with the app in a
/// subfolder, lendaudit run from the checkout's root. Every SARIF result must land on a file and
/// line of the checkout, with what GitHub's SARIF page asks for; a baselined run keeps the
/// accepted findings; JUnit fails exactly the rules with findings at or above the gate.
@Suite struct GitHubCheckoutTests {
    let repo: URL

    init() throws {
        repo = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-checkout-\(UUID().uuidString)")
        let app = repo.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        for fixture in ["pesoloan-ios", "quickcash"] {
            try FileManager.default.copyItem(
                at: TestPackage.root.appendingPathComponent("fixtures/\(fixture)"), to: app.appendingPathComponent(fixture))
        }
        // A real checkout when git is there; the test does not depend on it otherwise.
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "-q", repo.path]
        git.standardError = FileHandle.nullDevice
        if (try? git.run()) != nil { git.waitUntilExit() }
    }

    func file(_ path: String) -> URL { repo.appendingPathComponent(path) }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file(path))) as? [String: Any])
    }

    @Test func documentedGitHubRunPointsEveryResultAtTheCheckoutAndKeepsHistory() throws {
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: file("compliance"), withIntermediateDirectories: true)
        let baseline = try BinaryRun.lendaudit(
            ["scan", "app/", "--format", "json", "--output", "compliance/baseline.json", "--fail-on", "none"], in: repo.path)
        #expect(baseline.status == 0, "\(baseline.stderr)")

        // The next version: one accepted clause removed, one new violation added.
        let terms = file("app/pesoloan-ios/terms.html")
        var page = try String(contentsOf: terms, encoding: .utf8)
        let removed = "<p>If you are overdue, we may contact your emergency contacts and the people in your contact list to inform them of your debt.</p>\n"
        #expect(page.contains(removed))
        page = page.replacingOccurrences(of: removed, with: "")
        try page.write(to: terms, atomically: true, encoding: .utf8)
        // The new violation in the Chinese app (pesoloan-ios is declared for the Philippines).
        let privacy = file("app/quickcash/privacy.html")
        let chinese = try String(contentsOf: privacy, encoding: .utf8)
            .replacingOccurrences(of: "</body>", with: "<p>若您不同意我们读取您的手机联系人，您将不能申请借款。</p>\n</body>")
        try chinese.write(to: privacy, atomically: true, encoding: .utf8)

        // docs/ci/github-actions.yml's command.
        let run = try BinaryRun.lendaudit([
            "scan", "app/", "--baseline", "compliance/baseline.json",
            "--output", "findings.md", "--sarif", "findings.sarif", "--json", "findings.json", "--github", "-",
            "--junit", "junit.xml", "--fail-on", "high",
        ], in: repo.path)
        #expect(run.status == 1, "\(run.stderr)")
        // The annotations on standard output, repository-relative: the new finding is an error.
        #expect(run.stdout.contains("::error file=app/quickcash/privacy.html,line="), "\(run.stdout)")
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("::") })
        // Said on stderr: the summary, then the failing finding with its place.
        #expect(run.stderr.contains("at or above --fail-on high"), "\(run.stderr)")
        #expect(run.stderr.contains("app/quickcash/privacy.html:"), "\(run.stderr)")
        #expect(run.stderr.contains(" CN-REFUSE-WITHOUT-CONTACTS — "), "\(run.stderr)")

        let sarif = try json("findings.sarif")
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        try checkRules(rules)
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        var states: [String: Set<String>] = [:]
        for result in results {
            try checkResult(result, rules: rules)
            let state = try #require(result["baselineState"] as? String)
            let print = try #require((result["partialFingerprints"] as? [String: String])?["lendaudit/v1"])
            states[state, default: []].insert(print)
        }
        #expect(Set(states.keys).isSubset(of: ["new", "unchanged", "absent"]))

        // History: every baseline finding is either still there (unchanged) or absent; the
        // findings of the new version are new or unchanged, and nothing is lost.
        let baselineReport = try json("compliance/baseline.json")
        let baselinePrints = Set(try findings(baselineReport).map { try #require($0["fingerprint"] as? String) })
        #expect((states["unchanged", default: []].union(states["absent", default: []])) == baselinePrints)
        #expect(states["absent", default: []].count == 1, "the removed clause is absent: \(states)")
        #expect(states["new", default: []].count >= 1)
        let report = try json("findings.json")
        #expect(report["failOn"] as? String == "high")
        let active = try findings(report)
        #expect(Set(try active.map { try #require($0["fingerprint"] as? String) }) == states["new", default: []])

        // One gate: JUnit fails exactly the (app, rule) cases with an active finding at or above high.
        let junit = try String(contentsOf: file("junit.xml"), encoding: .utf8)
        let failedCases = Set(junit.components(separatedBy: "<testcase ").dropFirst().compactMap { chunk -> String? in
            guard chunk.prefix(while: { $0 != "\n" }).hasSuffix(">"), chunk.contains("<failure") else { return nil }
            return Self.attribute("classname", chunk) + "|" + Self.attribute("name", chunk).prefix { $0 != ":" }
        })
        let gated = Set(try active.filter { ["high", "critical"].contains(try #require($0["severity"] as? String)) }.map {
            "\($0["app"] as? String ?? "")|\($0["ruleId"] as? String ?? "")"
        })
        #expect(!gated.isEmpty)
        #expect(failedCases == gated)
        let markdown = try String(contentsOf: file("findings.md"), encoding: .utf8)
        #expect(markdown.contains("Gate: `--fail-on high`"))
    }

    static func attribute(_ name: String, _ chunk: String) -> String {
        guard let start = chunk.range(of: " \(name)=\"") ?? (chunk.hasPrefix("\(name)=\"") ? chunk.range(of: "\(name)=\"") : nil)
        else { return "" }
        return String(chunk[start.upperBound...].prefix { $0 != "\"" })
    }

    func findings(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["apps"] as? [[String: Any]]).flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
    }

    /// GitHub's reportingDescriptor: security-severity a number string in 0.1–10 on rules tagged
    /// `security`, a precision it knows, at most 20 tags, a short description, help URIs on the web.
    func checkRules(_ rules: [[String: Any]]) throws {
        for rule in rules {
            let id = rule["id"] as? String ?? "?"
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(id)")
            let properties = try #require(rule["properties"] as? [String: Any])
            let tags = try #require(properties["tags"] as? [String])
            #expect(tags.contains("security") && tags.count <= 20, "\(id): \(tags)")
            #expect(tags.contains(properties["category"] as? String ?? "-"), "\(id): \(tags)")
            #expect(["very-high", "high", "medium", "low"].contains(properties["precision"] as? String ?? ""), "\(id)")
            if properties["severity"] as? String != "info" {
                let score = try #require(Double(properties["security-severity"] as? String ?? ""), "\(id)")
                #expect(score >= 0.1 && score <= 10, "\(id): \(score)")
                let band = switch score { case 9...: "critical"; case 7..<9: "high"; case 4..<7: "medium"; default: "low" }
                #expect(band == properties["severity"] as? String, "\(id): \(score) is GitHub's \(band)")
            }
            if let help = rule["helpUri"] as? String { #expect(help.hasPrefix("http"), "\(id): \(help)") }
        }
    }

    /// GitHub's result: a rule, a message, 1–10 locations whose URI is relative to the checkout
    /// (uriBaseId SRCROOT) and names a file there, a region inside the file, the line hash
    /// upload-sarif would compute, related locations that resolve too.
    func checkResult(_ result: [String: Any], rules: [[String: Any]]) throws {
        let ruleId = try #require(result["ruleId"] as? String)
        #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
        if let index = result["ruleIndex"] as? Int { #expect(rules[index]["id"] as? String == ruleId) }
        let locations = try #require(result["locations"] as? [[String: Any]])
        #expect((1...10).contains(locations.count))
        let related = result["relatedLocations"] as? [[String: Any]] ?? []
        #expect(related.count <= 10)
        for (offset, location) in (locations + related).enumerated() {
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: Any])
            let uri = try #require(artifact["uri"] as? String)
            #expect(artifact["uriBaseId"] as? String == "SRCROOT")
            #expect(uri.hasPrefix("app/") && !uri.contains(".."), "\(ruleId): \(uri)")
            let path = try #require(uri.removingPercentEncoding)
            let bytes = try #require(FileManager.default.contents(atPath: file(path).path), "\(ruleId): no file \(path)")
            let region = try #require(physical["region"] as? [String: Any])
            let line = try #require(region["startLine"] as? Int)
            let hashes = GitHubLineHash.lineHashes(of: [UInt8](bytes))
            // The last entry is the line after the final line break.
            #expect(line >= 1 && line < hashes.count - (bytes.last == 0x0A ? 1 : 0), "\(ruleId): \(path) has no line \(line)")
            if let endLine = region["endLine"] as? Int {
                #expect(endLine >= line)
                #expect((region["endColumn"] as? Int ?? 0) > (region["startColumn"] as? Int ?? 0))
            }
            guard offset == 0, result["baselineState"] as? String != "absent" else { continue }
            let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
            #expect(fingerprints["primaryLocationLineHash"] == hashes[line], "\(ruleId) at \(path):\(line)")
            if ruleId.hasSuffix("-CONTRADICTION") { #expect(!related.isEmpty, "\(ruleId): no related manifest line") }
        }
    }
}

/// `--sarif-root` and the stderr cap, run from outside the checkout.
@Suite struct SARIFRootAndSummaryTests {
    @Test func sarifRootMakesURIsRepositoryRelativeFromAnywhere() throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-elsewhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let root = TestPackage.root.path
        let run = try BinaryRun.lendaudit([
            "scan", root + "/fixtures/quickcash", "--sarif-root", root, "--format", "sarif", "--output", "out.sarif",
            "--gitlab", "out.gitlab.json", "--fail-on", "none",
        ], in: elsewhere.path)
        #expect(run.status == 0, "\(run.stderr)")
        let sarif = try String(contentsOf: elsewhere.appendingPathComponent("out.sarif"), encoding: .utf8)
        #expect(sarif.contains("\"uri\" : \"fixtures/quickcash/AndroidManifest.xml\""))
        // Every URI is relative (the roots as typed still appear where the report names them).
        #expect(!sarif.contains("\"uri\" : \"file://") && !sarif.contains("\"uri\" : \"/"))
        #expect(sarif.contains("\"primaryLocationLineHash\""))
        let gitlab = try String(contentsOf: elsewhere.appendingPathComponent("out.gitlab.json"), encoding: .utf8)
        #expect(gitlab.contains("\"path\" : \"fixtures/quickcash/"))
        // Without it, paths outside the folder lendaudit runs in are absolute file URIs: GitHub cannot place them.
        let outside = try BinaryRun.lendaudit(
            ["scan", root + "/fixtures/quickcash", "--format", "sarif", "--fail-on", "none"], in: elsewhere.path)
        #expect(outside.stdout.contains("\"uri\" : \"file://" + root + "/fixtures/quickcash/"))
    }

    @Test func stderrListsFailingFindingsUpToTwentyThenCounts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try BinaryRun.lendaudit(
            ["scan", "fixtures", "--output", folder.appendingPathComponent("f.md").path, "--fail-on", "info"],
            in: TestPackage.root.path)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("lendaudit: ") }
        let summary = try #require(lines.first)
        let total = try #require(Int(summary.prefix { $0.isNumber }))
        #expect(total > 20, "the fixtures should give more than 20 findings: \(summary)")
        #expect(summary.contains("\(total) at or above --fail-on info"))
        #expect(lines.dropFirst().prefix(20).allSatisfy { $0.hasPrefix("fixtures/") && $0.contains(" — ") })
        #expect(lines.count == 22)
        #expect(lines.last == "… and \(total - 20) more")
        // A report on standard output says it all itself: no summary then.
        let toStdout = try BinaryRun.lendaudit(["scan", "fixtures/quickcash", "--fail-on", "info"], in: TestPackage.root.path)
        #expect(!toStdout.stderr.contains("at or above --fail-on"))
    }
}
