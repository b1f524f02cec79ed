import Foundation
import Testing
import TestSupport

/// One run of the built binary: its exit status and what it wrote.
struct BinaryRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs lendaudit in `folder` with its standard streams in files under `logs` (a fresh
    /// temporary folder when nil) — not pipes, so a chatty run cannot block on a full pipe — and
    /// kills it after 120 s so a hang fails the test instead of stalling the suite.
    /// `environment` entries replace the inherited ones.
    static func lendaudit(
        _ arguments: [String], in folder: String, logs: String? = nil, environment: [String: String] = [:]
    ) throws -> BinaryRun {
        let logFolder = logs ?? FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-run-\(UUID().uuidString)").path
        if logs == nil { try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true) }
        defer { if logs == nil { try? FileManager.default.removeItem(atPath: logFolder) } }
        let id = UUID().uuidString
        let outPath = logFolder + "/\(id).out", errPath = logFolder + "/\(id).err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = TestPackage.binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + 120) == .timedOut {
            process.terminate()
            finished.wait()
            Issue.record("lendaudit \(arguments.joined(separator: " ")) did not finish in 120 s")
        }
        return BinaryRun(status: process.terminationStatus,
                         stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
