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
        hostileFinding.alsoMatched = [hostile, "CN-OTHER"]
        var hostileApp = AppReport(
            name: hostile, path: hostile, version: hostile, category: hostile, categoryInferred: true,
            jurisdictions: [hostile, "CN", ""],
            documents: [DocumentSummary(path: hostile, kind: .manifest, format: hostile, encoding: hostile, units: -1)],
            permissions: [Permission(
                platform: .ios, name: hostile, category: hostile, purpose: hostile,
                location: SourceLocation(path: hostile, line: Int.max, column: Int.min),
                qualifiers: ["b": "1", "B": "2", "a": hostile, "é": "3", "Z": "", "aa": "4", hostile: "5"])],
            findings: [hostileFinding], suppressed: [hostileFinding], baselined: [hostileFinding])
        hostileApp.jurisdictionsApplied = [hostile, "GOOGLE-PLAY"]
        hostileApp.packs = [hostile, "store-loans"]
        apps.append(hostileApp)
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

    /// SARIF results that between them set every field, every optional both ways.
    static var sarifResults: [SARIFLog.Result] {
        let message = SARIFLog.Message(text: Self.hostile, markdown: "**\(Self.hostile)**")
        let artifacts = [
            SARIFLog.ArtifactLocation(uri: Self.hostile, uriBaseId: "SRCROOT", description: nil),
            SARIFLog.ArtifactLocation(uri: nil, uriBaseId: nil, description: message),
            SARIFLog.ArtifactLocation(uri: "a/b.html", uriBaseId: nil, description: .init(text: "", markdown: nil)),
        ]
        return artifacts.enumerated().map { index, artifact in
            let region = index == 1 ? nil : SARIFLog.Region(
                startLine: 3, startColumn: 7, endLine: index == 0 ? 3 : nil, endColumn: index == 0 ? 12 : nil,
                snippet: index == 2 ? nil : message)
            return SARIFLog.Result(
                ruleId: Self.hostile, ruleIndex: index == 2 ? nil : index, level: index == 2 ? nil : "error", message: index == 0 ? message : .init(text: "t"),
                locations: index == 2 ? [] : [.init(physicalLocation: .init(artifactLocation: artifact, region: region))],
                relatedLocations: index == 1 ? nil : [
                    .init(id: 1, message: message, physicalLocation: .init(artifactLocation: artifact, region: region)),
                    .init(physicalLocation: .init(artifactLocation: artifact, region: nil)),
                ],
                partialFingerprints: index == 2 ? [:] : ["lendaudit/v1": Self.hostile, "A": "b"],
                suppressions: index == 0 ? nil : [.init(kind: "external", status: "accepted", justification: Self.hostile)],
                baselineState: index == 1 ? nil : "new",
                properties: .init(
                    category: index == 2 ? nil : "c", app: Self.hostile, severity: index == 2 ? nil : "high",
                    alsoMatched: index == 0 ? [Self.hostile, "B"] : nil))
        }
    }

    @Test func sarifResultsAreWrittenAsJSONEncoderWroteThem() throws {
        for result in Self.sarifResults {
            #expect(Self.written(level: 4) { result.write(to: &$0) } == (try Self.encoderFragment(result, level: 4)))
        }
    }

    /// Whether a stored property holds something the encoder writes: a value, a non-empty list.
    static func isSet(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional, .collection, .dictionary, .set: return !mirror.children.isEmpty
        default:
            // `@Null`, `@EmptyWhenAbsent`: what they wrap.
            if let wrapped = mirror.children.first(where: { $0.label == "wrappedValue" }) { return isSet(wrapped.value) }
            return true
        }
    }

    /// For every type reached from `value`, each stored property and whether some value set it.
    static func fields(of value: Any, into seen: inout [String: [String: Bool]]) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct where !mirror.children.contains(where: { $0.label == "wrappedValue" }):
            let type = String(reflecting: Swift.type(of: value))
            for child in mirror.children {
                let label = child.label ?? "?"
                seen[type, default: [:]][label] = (seen[type]?[label] ?? false) || isSet(child.value)
                fields(of: child.value, into: &seen)
            }
        case .struct, .optional, .collection, .dictionary, .set, .tuple:
            for child in mirror.children { fields(of: child.value, into: &seen) }
        default:
            break
        }
    }

    /// The comparisons above prove the writer and the encoder agree only on the fields their values
    /// set: an optional left nil everywhere is dropped by both, written or not. So every field of
    /// every written type must be set by some test value; a field added to a type and not given a
    /// value here fails this test, and once given one, fails the comparison until it is written.
    @Test func testValuesSetEveryFieldOfEveryWrittenType() {
        var seen: [String: [String: Bool]] = [:]
        for app in Self.apps { Self.fields(of: JSONReportSchema.App(app), into: &seen) }
        for result in Self.sarifResults { Self.fields(of: result, into: &seen) }
        let written = [
            "JSONReportSchema.App", "JSONReportSchema.Inventory", "JSONReportSchema.Document",
            "JSONReportSchema.PermissionEntry", "JSONReportSchema.FindingEntry", "JSONReportSchema.Norm",
            "JSONReportSchema.Highlight", "JSONReportSchema.SuppressionEntry", "SARIFLog.Result", "SARIFLog.Message",
            "SARIFLog.Location", "SARIFLog.PhysicalLocation", "SARIFLog.ArtifactLocation", "SARIFLog.Region",
            "SARIFLog.ResultSuppression", "SARIFLog.ResultProperties",
        ].map { "Reporters." + $0 }
        #expect(Set(seen.keys) == Set(written), "types reached: \(seen.keys.sorted())")
        for (type, labels) in seen.sorted(by: { $0.key < $1.key }) {
            let unset = labels.filter { !$0.value }.keys.sorted()
            #expect(unset.isEmpty, "\(type): no test value sets \(unset)")
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
