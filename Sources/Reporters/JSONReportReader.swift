import Findings
import Foundation

/// Reads a JSON report (schema 1.x) back into the model, for baselines, merges and diffs.
public enum JSONReportReader {
    /// Decodes a report written by `JSONReporter`. The derived `summary` is ignored, unknown keys
    /// are ignored (newer 1.x files), and missing optional keys read as nil.
    ///
    /// - Throws: `JSONReportReadError` only. (Not declared as a typed throw: Swift 6.3's compiler
    ///   crashes on some `catch let error as …` patterns around typed-throwing calls.)
    public static func read(_ bytes: [UInt8]) throws -> AuditReport {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let version: String
        do {
            version = try decoder.decode(JSONReportSchema.VersionProbe.self, from: data).schemaVersion
        } catch let error as DecodingError {
            throw JSONReportReadError.notAReport(describe(error).reason)
        } catch {
            throw JSONReportReadError.notAReport("\(error)")
        }
        guard version == JSONReportSchema.majorVersion || version.hasPrefix(JSONReportSchema.majorVersion + ".") else {
            throw JSONReportReadError.unsupportedSchemaVersion(version)
        }
        do {
            return try decoder.decode(JSONReportSchema.Report.self, from: data).model
        } catch let error as DecodingError {
            let (path, reason) = describe(error)
            throw JSONReportReadError.invalidField(path: path, reason: reason)
        } catch {
            throw JSONReportReadError.invalidField(path: "", reason: "\(error)")
        }
    }

    /// The field path (`apps[0].findings[2].severity`) and a short reason for a decoding error.
    private static func describe(_ error: DecodingError) -> (path: String, reason: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "missing key '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "expected \(type), found null")
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }
}
