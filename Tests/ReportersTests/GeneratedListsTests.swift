import Findings
import Foundation
import Reporters
import Testing

/// Lists that documents keep beside the code: the report formats and the JSON schema's
/// enumerations. The code's list is the one source; these fail when a copy drifts from it.
@Suite struct GeneratedListsTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: ExternalTool.repositoryFile(path), encoding: .utf8)
    }

    @Test func readmeAndDocsListEveryReportFormat() throws {
        #expect(ReportFormat.usage == "markdown|json|sarif|junit|html|github|gitlab")
        let readme = try Self.text("README.md")
        #expect(readme.contains("[--format \(ReportFormat.usage)]"), "README's scan usage does not list \(ReportFormat.usage)")
        let perFormat = ReportFormat.allCases.map { "[--\($0.rawValue) FILE]" }.joined(separator: " ")
        #expect(readme.contains(perFormat), "README's scan usage does not list \(perFormat)")
        let formats = try Self.text("docs/report-format.md")
        #expect(formats.contains("--format \(ReportFormat.usage)`"))
        // One table row per format: its name, its reporter's type and its file extension.
        let table = try #require(formats.components(separatedBy: "| format | reporter | for | file |\n").dropFirst().first)
        let rows = table.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }.dropFirst()
        #expect(rows.count == ReportFormat.allCases.count, "docs/report-format.md's table: \(rows)")
        for format in ReportFormat.allCases {
            let row = rows.first { $0.hasPrefix("| `\(format.rawValue)` |") }
            #expect(row?.contains("| `\(type(of: format.reporter))` |") == true, "\(format.rawValue): \(row ?? "no row")")
            #expect(row?.hasSuffix("| `.\(format.fileExtension)` |") == true, "\(format.rawValue): \(row ?? "no row")")
        }
    }

    /// The schema's `enum`s, by their place in the schema.
    static func enumerations() throws -> [String: [String]] {
        let data = try Data(contentsOf: ExternalTool.repositoryFile("docs/schemas/lendaudit-report-1.0.schema.json"))
        var found: [String: [String]] = [:]
        func walk(_ node: Any, _ path: String) {
            if let object = node as? [String: Any] {
                for (key, value) in object {
                    if key == "enum", let values = value as? [String] { found[path] = values } else { walk(value, path + "/" + key) }
                }
            } else if let array = node as? [Any] {
                for (index, value) in array.enumerated() { walk(value, path + "/\(index)") }
            }
        }
        walk(try JSONSerialization.jsonObject(with: data), "")
        return found
    }

    @Test func schemaEnumerationsAreTheCodesValues() throws {
        let expected: [String: [String]] = [
            "/definitions/severity": Severity.descending.map(\.rawValue),
            "/definitions/category": FindingCategory.allCases.map(\.rawValue),
            "/definitions/rule/properties/appliesTo": RuleDescriptor.Scope.allCases.map(\.rawValue),
            "/definitions/document/properties/kind": DocumentSummary.Kind.allCases.map(\.rawValue),
            "/definitions/permission/properties/platform": Platform.allCases.map(\.rawValue),
        ]
        let found = try Self.enumerations()
        // Every enumeration the schema has is checked here, and each holds exactly the code's values.
        #expect(Set(found.keys) == Set(expected.keys), "schema enumerations: \(found.keys.sorted())")
        for (path, values) in expected {
            #expect(found[path] == values, "\(path): schema \(found[path] ?? []), code \(values)")
        }
        #expect(Severity.allCases.count == Severity.descending.count)
    }
}
