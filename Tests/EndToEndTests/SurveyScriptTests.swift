import Foundation
import Testing
import TestSupport

/// scripts/survey-local.sh runs the CI's sharded survey on one machine: shards that finish green
/// with an unreadable page listed, a merge that checks the set, a result identical to one run.
@Suite struct SurveyScriptTests {
    @Test func theShardedSurveyRunsEndToEndAndEqualsOneRun() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-survey-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "scripts/survey-local.sh", "--check", "fixtures", "Tests/EndToEndTests/Broken", "--", "3"]
        process.currentDirectoryURL = TestPackage.root
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["LENDAUDIT": TestPackage.binary.path, "OUT": out.path]) { _, new in new }
        let log = out.appendingPathExtension("log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("check: the merged survey is byte-identical to a single run"), "\(text)")
        // The unreadable page is listed, not fatal.
        let survey = try String(contentsOf: out.appendingPathComponent("survey.json"), encoding: .utf8)
        #expect(survey.contains("Tests/EndToEndTests/Broken/empty.html"))
        // Merge refuses the set once a shard is lost.
        try FileManager.default.removeItem(at: out.appendingPathComponent("shard-2.json"))
        let merge = try BinaryRun.lendaudit(
            ["merge", out.appendingPathComponent("shard-1.json").path, out.appendingPathComponent("shard-3.json").path,
             "--output", out.appendingPathComponent("partial.md").path],
            in: TestPackage.root.path)
        #expect(merge.status == 2)
        #expect(merge.stderr.contains("shard 2/3 missing"), "\(merge.stderr)")
    }
}
