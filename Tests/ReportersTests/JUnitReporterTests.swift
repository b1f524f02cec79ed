import Findings
import Foundation
import FoundationXML
import Testing

@testable import Reporters

@Suite struct JUnitReporterTests {
    let xml = JUnitReporter().render(Fixtures.report)

    func document(_ text: String? = nil) throws -> XMLDocument {
        try XMLDocument(data: Data((text ?? xml).utf8), options: [])
    }

    func suites(_ document: XMLDocument) throws -> [XMLElement] {
        try #require(document.rootElement()).elements(forName: "testsuite")
    }

    func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attribute(forName: name)?.stringValue
    }

    @Test func parsesAndTotalsMatchTheCases() throws {
        let root = try #require(try document().rootElement())
        #expect(root.name == "testsuites")
        #expect(attribute(root, "name") == "lendaudit")
        let cases = try suites(try document()).flatMap { $0.elements(forName: "testcase") }
        #expect(attribute(root, "tests") == "\(cases.count)")
        #expect(attribute(root, "failures") == "\(cases.filter { !$0.elements(forName: "failure").isEmpty }.count)")
        #expect(attribute(root, "errors") == "\(cases.filter { !$0.elements(forName: "error").isEmpty }.count)")
        #expect(attribute(root, "failures") == "6" && attribute(root, "errors") == "3")
        for suite in try suites(try document()) {
            let own = suite.elements(forName: "testcase")
            #expect(attribute(suite, "tests") == "\(own.count)")
            #expect(attribute(suite, "failures") == "\(own.filter { !$0.elements(forName: "failure").isEmpty }.count)")
        }
    }

    @Test func oneSuitePerAppThenSuitesForInputsOutsideThem() throws {
        #expect(try suites(try document()).map { attribute($0, "name") } == [
            "Acme 贷", "Beta | Loans", "Quiet Cash", "Lost App", "inputs",
        ])
    }

    @Test func everyRuleThatAppliesIsACaseSoPassingChecksShow() throws {
        let quiet = try suites(try document())[2]
        let names = quiet.elements(forName: "testcase").map { attribute($0, "name") }
        // LOCAL-NOTE is limited to payments apps, and Quiet Cash is a lending app.
        #expect(names == [
            "CN-CONTACTS-PERMISSION: Manifest asks for the address book",
            "CN-CONTACTS-READ: Agreement reads the address book",
            "CN-REFUSE-WITHOUT-CONTACTS: Service refused unless the address book is shared",
            "CN-THIRD-PARTY-CALLS: Contacts may be called about the debt",
        ])
        #expect(quiet.elements(forName: "testcase").allSatisfy { attribute($0, "classname") == "Quiet Cash" && $0.childCount == 0 })
        // Beta has no category: lending-only rules do not apply, but a rule with findings always shows.
        let beta = try suites(try document())[1].elements(forName: "testcase").compactMap { attribute($0, "name") }
        #expect(beta == [
            "CN-CONTACTS-PERMISSION: Manifest asks for the address book",
            "CN-REFUSE-WITHOUT-CONTACTS: Service refused unless the address book is shared",
            "GHOST-RULE: Ghost rule", "LOCAL-NOTE: Local note",
        ])
    }

    @Test func failureGivesCountSeverityLocationsAndQuotes() throws {
        let acme = try suites(try document())[0].elements(forName: "testcase")
        let refusal = try #require(acme.first { attribute($0, "name")?.hasPrefix("CN-REFUSE") == true })
        let failure = try #require(refusal.elements(forName: "failure").first)
        #expect(attribute(failure, "message") == "1 finding")
        #expect(attribute(failure, "type") == "high")
        #expect(failure.stringValue == "acme loan/隐私政策.html:30:1: [high] 如您拒绝授权*通讯录*，我们将无法提供借款服务 | 详见<附件>&amp;说明\u{FFFD}。")
    }

    @Test func severalFindingsOfOneRuleAreOneFailureWithTheHighestSeverity() throws {
        var report = Fixtures.report
        var second = report.apps[0].findings[1]
        second.location.line = 40
        second.severity = .low
        report.apps[0].findings.append(second)
        let document = try document(JUnitReporter().render(report))
        let read = try #require(try suites(document)[0].elements(forName: "testcase").first {
            attribute($0, "name")?.hasPrefix("CN-CONTACTS-READ") == true
        })
        let failure = read.elements(forName: "failure").first
        #expect(attribute(failure, "message") == "2 findings")
        #expect(attribute(failure, "type") == "critical")
        #expect(failure?.stringValue?.split(separator: "\n").count == 2)
    }

    @Test func inputErrorsAreErrorCasesInTheirAppSuite() throws {
        let suites = try suites(try document())
        let broken = try #require(suites[0].elements(forName: "testcase").last)
        #expect(attribute(broken, "name") == "input: acme loan/broken.html")
        let error = broken.elements(forName: "error").first
        #expect(attribute(error, "message") == "cannot decode the bytes as GB18030 | UTF-8")
        #expect(error?.stringValue == "acme loan/broken.html: cannot decode the bytes as GB18030 | UTF-8")
        let stray = suites[4].elements(forName: "testcase").first
        #expect(attribute(stray, "name") == "input: stray.bin")
        #expect(attribute(stray?.elements(forName: "error").first, "message") == "not an agreement or manifest <binary>")
    }

    @Test func appsSharingANameKeepTheirInputErrorsInTheFirstSuite() throws {
        var report = Fixtures.report
        var twin = Fixtures.quietApp
        twin.name = Fixtures.acme
        twin.path = "acme copy"
        report.apps.append(twin)
        report.inputErrors.append(InputError(path: "acme copy/late.html", app: Fixtures.acme, reason: "unreadable"))
        let suites = try suites(try document(JUnitReporter().render(report)))
        #expect(suites.map { attribute($0, "name") } == [Fixtures.acme, Fixtures.acme, "Beta | Loans", "Quiet Cash", "Lost App", "inputs"])
        let firstErrors = suites[0].elements(forName: "testcase").filter { !$0.elements(forName: "error").isEmpty }
        #expect(firstErrors.map { attribute($0, "name") } == ["input: acme copy/late.html", "input: acme loan/broken.html"])
        #expect(attribute(suites[0], "errors") == "2")
        #expect(attribute(suites[1], "errors") == "0")
    }

    /// A scan hands each app's errors to the assembler with the app; a rendered report has them
    /// all up front. Both must give the same document.
    @Test func errorsArrivingWithTheirAppGiveTheSameDocument() throws {
        let report = Fixtures.report.inReportOrder()
        let reporter = JUnitReporter()
        let context = SectionContext(rules: report.rules + [Fixtures.localNote], baselineActive: false,
                                     knownErrors: report.inputErrors.filter { $0.app != Fixtures.acme })
        let assembler = reporter.assembler(context: context)
        var frame = ReportFrame(tool: report.tool, roots: report.roots, rulePacks: report.rulePacks, rules: report.rules,
                                inputErrors: report.inputErrors)
        var body = ""
        for app in report.apps {
            frame.add(AppDigest(app))
            body += assembler.append(reporter.section(app, context: context), app: AppDigest(app),
                                     errors: report.inputErrors.filter { $0.app == Fixtures.acme && app.name == Fixtures.acme })
        }
        let (head, tail) = assembler.finish(frame)
        #expect(head + body + tail == reporter.render(report))
    }

    @Test func controlCharactersAndMarkupNeverBreakTheXML() throws {
        var report = Fixtures.report
        report.apps[0].name = "Evil\u{1}\"app\" <&>\ttab"
        report.apps[0].findings = report.apps[0].findings.map { finding in
            var finding = finding
            finding.app = report.apps[0].name
            finding.title = "Title ]]> \u{0}\u{FFFF}\r\n"
            return finding
        }
        report.rules = report.rules.map { rule in
            var rule = rule
            if rule.id == "CN-CONTACTS-READ" { rule.title = "Title ]]> \u{0}\u{FFFF}\r\n" }
            return rule
        }
        report.inputErrors[0].app = report.apps[0].name
        let text = JUnitReporter().render(report)
        let bytes = Array(text.utf8)
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A })
        let document = try document(text)
        let suite = try #require(try suites(document).first { attribute($0, "name")?.hasPrefix("Evil") == true })
        // Tabs survive as references; the forbidden characters become U+FFFD.
        #expect(attribute(suite, "name") == "Evil\u{FFFD}\"app\" <&>\ttab")
        let names = suite.elements(forName: "testcase").compactMap { attribute($0, "name") }
        #expect(names.contains("CN-CONTACTS-READ: Title ]]> \u{FFFD}\u{FFFD}\r\n"))
        #expect(names.last == "input: acme loan/broken.html")
    }

    @Test func xmlTextEscapesPerContext() {
        #expect(XMLText.text("a<b>&c\"d\te\n\r") == "a&lt;b&gt;&amp;c\"d\te\n&#13;")
        #expect(XMLText.attribute("a<b>&c\"d\te\n\r") == "a&lt;b&gt;&amp;c&quot;d&#9;e&#10;&#13;")
        #expect(XMLText.text("\u{0}\u{8}\u{B}\u{1F}\u{FFFE}通讯录") == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}通讯录")
    }

    @Test func hasNoTimestampsOrHostnames() {
        #expect(!xml.contains("timestamp="))
        #expect(!xml.contains("hostname="))
        #expect(!xml.contains("time="))
    }
}
