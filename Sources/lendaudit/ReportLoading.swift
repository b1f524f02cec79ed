import Findings
import Foundation
import Reporters

/// Reads a JSON report written by lendaudit (baseline, merge, diff); a bad one is exit 2.
enum ReportLoading {
    static func load(_ path: String) throws -> AuditReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("\(path): cannot read the report")
            throw ExitStatus.usage.exitCode
        }
        do {
            return try JSONReportReader.read(Array(data))
        } catch {
            Console.error("\(path): not a lendaudit JSON report: \(error)")
            throw ExitStatus.usage.exitCode
        }
    }
}
