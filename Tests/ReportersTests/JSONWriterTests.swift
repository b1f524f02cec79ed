import Findings
import Foundation
import Testing

@testable import Reporters

/// `JSONWriter` writes the per-app JSON and the SARIF results by hand; these check that it writes
/// exactly what `JSONEncoder` wrote for them before (sorted keys, pretty printed, slashes as they
/// are, empty containers collapsed), on values that use every field, every optional both ways and
/// every kind of character a string can need escaped.
@Suite struct JSONWriterTests {
    /// What the reporters wrote before: `JSONEncoder`'s output, empty containers collapsed, every
    /// line indented by `level` levels.
    static func encoderFragment(_ value: some Encodable, level: Int) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let bytes = JSONOutput.collapsingEmptyContainers(Array(try encoder.encode(value)))
        let indent = String(repeating: "  ", count: level)
        return indent + String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\n" + indent)
    }

    static func written(level: Int, _ write: (inout JSONWriter) -> Void) -> String {
        JSONWriter.elements([()], level: level) { json, _ in write(&json) }
    }

    /// Every control character, the characters JSON escapes, and some it must not.
    static let hostile = String(decoding: Array(0x00...0x1F), as: UTF8.self) + #"" \ / \" \\ \u{7F} é 贷 😀 \u{2028} </script>"#

    /// The fixtures' apps, one with a suppressed finding, and one whose every string is hostile.
    static var apps: [AppReport] {
        var apps = SuppressionAndBaselineRenderingTests.report.apps
        var hostileFinding = Fixtures.finding(
            Fixtures.refusal, app: hostile, path: hostile, line: 0, column: 99, quote: "x" + hostile, highlight: ["x"])
        hostileFinding.norms.append(NormCitation(id: hostile, citation: hostile, titleZh: hostile, titleEn: hostile, summary: hostile, url: hostile))
        hostileFinding.suppression = Suppression(reason: hostile, expires: nil, source: hostile)
        apps.append(AppReport(
            name: hostile, path: hostile, version: hostile, category: hostile, categoryInferred: true,
            jurisdictions: [hostile, "CN", ""],
            documents: [DocumentSummary(path: hostile, kind: .manifest, format: hostile, encoding: hostile, units: -1)],
            permissions: [Permission(
                platform: .ios, name: hostile, category: hostile, purpose: hostile,
                location: SourceLocation(path: hostile, line: Int.max, column: Int.min),
                qualifiers: ["b": "1", "B": "2", "a": hostile, "é": "3", "Z": "", "aa": "4", hostile: "5"])],
            findings: [hostileFinding], suppressed: [hostileFinding]))
        apps.append(AppReport(
            name: "", path: "", version: nil, category: nil, categoryInferred: false, jurisdictions: [],
            documents: [], permissions: [], findings: []))
        return apps
    }

    @Test func appsAreWrittenAsJSONEncoderWroteThem() throws {
        for app in Self.apps {
            let wire = JSONReportSchema.App(app)
            for level in [0, 2, 5] {
                #expect(Self.written(level: level) { wire.write(to: &$0) } == (try Self.encoderFragment(wire, level: level)))
            }
        }
    }

    @Test func sarifResultsAreWrittenAsJSONEncoderWroteThem() throws {
        let message = SARIFLog.Message(text: Self.hostile, markdown: "**\(Self.hostile)**")
        let artifacts = [
            SARIFLog.ArtifactLocation(uri: Self.hostile, uriBaseId: "SRCROOT", description: nil),
            SARIFLog.ArtifactLocation(uri: nil, uriBaseId: nil, description: message),
            SARIFLog.ArtifactLocation(uri: "a/b.html", uriBaseId: nil, description: .init(text: "", markdown: nil)),
        ]
        for (index, artifact) in artifacts.enumerated() {
            let region = index == 1 ? nil : SARIFLog.Region(startLine: 3, startColumn: 7, snippet: message)
            let result = SARIFLog.Result(
                ruleId: Self.hostile, ruleIndex: index, level: "error", message: index == 0 ? message : .init(text: "t"),
                locations: index == 2 ? [] : [.init(physicalLocation: .init(artifactLocation: artifact, region: region))],
                partialFingerprints: index == 2 ? [:] : ["lendaudit/v1": Self.hostile, "A": "b"],
                suppressions: index == 0 ? nil : [.init(kind: "external", status: "accepted", justification: Self.hostile)],
                baselineState: index == 1 ? nil : "new",
                properties: .init(category: "c", app: Self.hostile, severity: "high"))
            #expect(Self.written(level: 4) { result.write(to: &$0) } == (try Self.encoderFragment(result, level: 4)))
        }
    }

    @Test func reportersWriteWholeReportsThatReadBack() throws {
        var report = SuppressionAndBaselineRenderingTests.report
        report.apps = Self.apps.sorted(by: AppReport.reportOrder)
        let json = JSONReporter().render(report)
        #expect(try JSONReportReader.read(Array(json.utf8)) == report.inReportOrder())
        #expect(try JSONSerialization.jsonObject(with: Data(SARIFReporter().render(report).utf8)) is [String: Any])
    }
}
