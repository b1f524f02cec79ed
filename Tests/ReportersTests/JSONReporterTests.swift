import Findings
import Foundation
import Testing

@testable import Reporters

@Suite struct JSONReporterTests {
    let json = JSONReporter().render(Fixtures.report)

    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func roundTripGivesBackTheSameReport() throws {
        #expect(try JSONReportReader.read(Array(json.utf8)) == Fixtures.report)
        let clean = JSONReporter().render(Fixtures.clean)
        #expect(try JSONReportReader.read(Array(clean.utf8)) == Fixtures.clean)
    }

    @Test func roundTripOfAnUnsortedReportGivesItInReportOrder() throws {
        let shuffled = JSONReporter().render(Fixtures.shuffled)
        #expect(try JSONReportReader.read(Array(shuffled.utf8)) == Fixtures.shuffled.inReportOrder())
        #expect(Fixtures.shuffled.inReportOrder() == Fixtures.report)
    }

    @Test func validatesAgainstTheDocumentedSchema() throws {
        try SchemaValidation.validate(json, against: "lendaudit-report-1.0.schema.json")
        try SchemaValidation.validate(JSONReporter().render(Fixtures.clean), against: "lendaudit-report-1.0.schema.json")
    }

    @Test func topLevelHasTheDocumentedKeysAndVersion() throws {
        let report = try object()
        #expect(Set(report.keys) == [
            "schemaVersion", "tool", "roots", "rulePacks", "rules", "summary", "apps", "inputErrors", "baseline",
            "unusedSuppressions", "warnings", "skippedFiles", "failOn", "shard",
        ])
        #expect(report["schemaVersion"] as? String == "1.3")
        #expect(JSONReporter.schemaVersion == "1.3")
        #expect((report["tool"] as? [String: String]) == ["name": "lendaudit", "version": "0.9.0"])
    }

    @Test func summaryCountsEverySeverityAndCategoryIncludingZeros() throws {
        let summary = try #require(try object()["summary"] as? [String: Any])
        #expect(summary["apps"] as? Int == 3)
        #expect(summary["documents"] as? Int == 4)
        #expect(summary["findings"] as? Int == 6)
        #expect(summary["inputErrors"] as? Int == 3)
        #expect((summary["bySeverity"] as? [String: Int]) == ["critical": 1, "high": 2, "medium": 2, "low": 1, "info": 0])
        let byCategory = try #require(summary["byCategory"] as? [String: Int])
        #expect(Set(byCategory.keys) == Set(FindingCategory.allCases.map(\.rawValue)))
        #expect(byCategory["contradiction"] == 0 && byCategory["refusal-to-serve"] == 1)
    }

    @Test func findingsCarryLocationQuoteHighlightsAndFingerprint() throws {
        let apps = try #require(try object()["apps"] as? [[String: Any]])
        #expect(apps.map { $0["name"] as? String } == ["Acme 贷", "Beta | Loans", "Quiet Cash"])
        let findings = try #require(apps[0]["findings"] as? [[String: Any]])
        #expect(findings.map { $0["ruleId"] as? String } == [
            "CN-CONTACTS-PERMISSION", "CN-CONTACTS-READ", "CN-REFUSE-WITHOUT-CONTACTS", "CN-THIRD-PARTY-CALLS",
        ])
        let read = findings[1]
        #expect(Set(read.keys) == [
            "ruleId", "category", "severity", "title", "message", "remediation", "norms", "app", "path", "line",
            "column", "quote", "highlights", "fingerprint",
        ])
        #expect(read["path"] as? String == "acme loan/隐私政策.html")
        #expect(read["line"] as? Int == 12 && read["column"] as? Int == 5)
        #expect(read["quote"] as? String == Fixtures.contactsQuote)
        #expect((read["highlights"] as? [[String: Int]]) == [["start": 3, "end": 5], ["start": 10, "end": 13]])
        #expect((read["fingerprint"] as? String)?.count == 32)
    }

    @Test func absentValuesAreWrittenAsNullNeverOmitted() throws {
        #expect(json.contains(#""version" : null"#))
        #expect(json.contains(#""encoding" : null"#))
        #expect(json.contains(#""titleZh" : null"#))
        #expect(json.contains(#""app" : null"#))
        let beta = try #require((try object()["apps"] as? [[String: Any]])?[1])
        #expect(beta["version"] is NSNull && beta["category"] is NSNull)
    }

    @Test func outputIsPrettySortedUnescapedAndCompactWhenEmpty() {
        #expect(json.hasPrefix("{\n  \"apps\" : [\n"))
        #expect(json.contains(#""url" : "http://www.npc.gov.cn/npc/c30834/"#))  // slashes not escaped
        #expect(json.contains(#""jurisdictions" : []"#))
        #expect(json.contains(#""qualifiers" : {}"#))
        #expect(!json.contains("[\n\n"))
        #expect(json.contains(#"说明\u0007。"#))  // control characters are escaped, CJK is not
    }

    @Test func emptyContainerCollapseLeavesStringsAlone() {
        let input = Array("{\n  \"a\" : [\n\n  ],\n  \"b\" : \"[ ]\",\n  \"c\" : {\n\n  }\n}".utf8)
        #expect(String(decoding: JSONOutput.collapsingEmptyContainers(input), as: UTF8.self)
            == "{\n  \"a\" : [],\n  \"b\" : \"[ ]\",\n  \"c\" : {}\n}")
    }
}

@Suite struct JSONReportReaderTests {
    let json = JSONReporter().render(Fixtures.report)

    /// The report with one textual replacement, which must occur exactly once.
    func edited(_ target: String, _ replacement: String) throws -> [UInt8] {
        #expect(json.components(separatedBy: target).count == 2, "'\(target)' must occur once")
        return Array(json.replacingOccurrences(of: target, with: replacement).utf8)
    }

    @Test func rejectsAnotherMajorVersion() throws {
        #expect(throws: JSONReportReadError.unsupportedSchemaVersion("2.0")) {
            try JSONReportReader.read(try edited(#""schemaVersion" : "1.3""#, #""schemaVersion" : "2.0""#))
        }
    }

    @Test func readsANewerMinorVersionIgnoringUnknownKeys() throws {
        let newer = try edited(#""schemaVersion" : "1.3","#, #""schemaVersion" : "1.4", "futureField" : {"x" : [1]},"#)
        #expect(try JSONReportReader.read(newer) == Fixtures.report)
    }

    /// Reports written before 1.2 have no `warnings`, `skippedFiles` or their summary counts:
    /// they still load for --baseline, merge and diff, with both lists empty.
    @Test func readsA1_1ReportWrittenBeforeWarningsAndSkippedFiles() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["schemaVersion"] = "1.1"
        object.removeValue(forKey: "warnings")
        object.removeValue(forKey: "skippedFiles")
        var summary = try #require(object["summary"] as? [String: Any])
        summary.removeValue(forKey: "warnings")
        summary.removeValue(forKey: "skippedFiles")
        object["summary"] = summary
        let old = try JSONSerialization.data(withJSONObject: object)
        let report = try JSONReportReader.read(Array(old))
        #expect(report == Fixtures.report)
        #expect(report.warnings.isEmpty && report.skippedFiles.isEmpty)
    }

    @Test func warningsAndSkippedFilesRoundTrip() throws {
        var report = Fixtures.report
        report.warnings = [InputWarning(path: "acme/cut.html", app: "Acme", reason: "ends inside a character: the saved file may be cut short")]
        report.skippedFiles = [SkippedFile(path: "acme/terms.docx", app: "Acme", reason: "lendaudit does not read .docx files; save the document as HTML or text")]
        let written = JSONReporter().render(report)
        try SchemaValidation.validate(written, against: "lendaudit-report-1.0.schema.json")
        #expect(try JSONReportReader.read(Array(written.utf8)) == report)
    }

    @Test func readsMissingOptionalKeysAsNil() throws {
        let report = try JSONReportReader.read(try edited(#""path" : "beta",\#n      "suppressed" : [],\#n      "version" : null"#, #""path" : "beta""#))
        #expect(report.apps[1].version == nil)
    }

    @Test func pointsAtTheFieldThatIsWrong() throws {
        // The second finding of the first app is the only critical one.
        let bad = try edited(#""severity" : "critical",\#n          "title" : "Agreement reads"#,
                             #""severity" : "severe",\#n          "title" : "Agreement reads"#)
        let error = #expect(throws: JSONReportReadError.self) { try JSONReportReader.read(bad) }
        guard case .invalidField(let path, let reason) = error else {
            Issue.record("expected an invalid field, got \(String(describing: error))")
            return
        }
        #expect(path == "apps[0].findings[1].severity")
        #expect(reason.contains("severe"))
        #expect(error?.description.hasPrefix("invalid report at apps[0].findings[1].severity: ") == true)
    }

    @Test func reportsAMissingRequiredKey() throws {
        let bad = try edited(#""fingerprint" : "0123456789abcdef0123456789abcdef","#, "")
        #expect(throws: JSONReportReadError.invalidField(path: "apps[1].findings[0].fingerprint", reason: "missing key 'fingerprint'")) {
            try JSONReportReader.read(bad)
        }
    }

    @Test(arguments: ["", "not json", "[1, 2]", #"{"apps": []}"#])
    func rejectsWhatIsNotAReport(_ text: String) {
        #expect {
            try JSONReportReader.read(Array(text.utf8))
        } throws: { error in
            guard case .notAReport = error as? JSONReportReadError else { return false }
            return true
        }
    }
}
