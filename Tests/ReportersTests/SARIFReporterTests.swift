import Findings
import Foundation
import Testing

@testable import Reporters

@Suite struct SARIFReporterTests {
    let sarif = SARIFReporter().render(Fixtures.report)

    func run() throws -> [String: Any] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return runs[0]
    }

    func rules() throws -> [[String: Any]] {
        let driver = try #require((try run()["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "lendaudit")
        #expect(driver["version"] as? String == "0.9.0")
        #expect(driver["informationUri"] == nil)
        return try #require(driver["rules"] as? [[String: Any]])
    }

    func results() throws -> [[String: Any]] {
        try #require(try run()["results"] as? [[String: Any]])
    }

    @Test func validatesAgainstTheSARIF210Schema() throws {
        try SchemaValidation.validate(sarif, against: "sarif-schema-2.1.0.json")
        try SchemaValidation.validate(SARIFReporter().render(Fixtures.clean), against: "sarif-schema-2.1.0.json")
        let empty = AuditReport(
            tool: ToolInfo(name: "lendaudit", version: "0.9.0"), roots: [], rulePacks: [], rules: [], apps: [],
            inputErrors: [])
        try SchemaValidation.validate(SARIFReporter().render(empty), against: "sarif-schema-2.1.0.json")
    }

    @Test func everyRuleIsDescribedOnceSortedWithFindingOnlyRulesAdded() throws {
        let rules = try rules()
        #expect(rules.map { $0["id"] as? String } == [
            "CN-CONTACTS-PERMISSION", "CN-CONTACTS-READ", "CN-REFUSE-WITHOUT-CONTACTS", "CN-THIRD-PARTY-CALLS",
            "GHOST-RULE", "LOCAL-NOTE",
        ])
        let read = rules[1]
        #expect(read["name"] as? String == "AgreementReadsTheAddressBook")
        #expect((read["shortDescription"] as? [String: String])?["text"] == "Agreement reads the address book")
        #expect((read["fullDescription"] as? [String: String])?["text"]
            == "The agreement lets the app read or upload the address book")
        #expect((read["defaultConfiguration"] as? [String: String])?["level"] == "error")
        #expect(read["helpUri"] as? String == Fixtures.pipl16.url)
        let properties = try #require(read["properties"] as? [String: Any])
        #expect(properties["category"] as? String == "contacts-collection")
        #expect(properties["severity"] as? String == "critical")
        #expect(properties["tags"] as? [String] == ["security", "contacts-collection", "CN"])
        #expect(properties["security-severity"] as? String == "9.5")
        #expect(properties["precision"] as? String == "high")
        #expect((properties["norms"] as? [[String: Any]])?.map { $0["id"] as? String } == ["PIPL-16", "PIPL-13"])
    }

    @Test func helpGivesRemediationAndNormsWithLinks() throws {
        let help = try #require(try rules()[1]["help"] as? [String: String])
        #expect(help["text"]?.hasPrefix("Do not collect the address book.\n\nNorms:\n- PIPL art. 16: 个人信息保护法 (Personal Information Protection Law) <http://") == true)
        #expect(help["markdown"]?.contains("- [PIPL art. 16](<http://www.npc.gov.cn/") == true)
        // A rule whose only norm URL is not http(s) gets no helpUri and no link.
        let permission = try rules()[0]
        #expect(permission["helpUri"] == nil)
        #expect((permission["help"] as? [String: String])?["markdown"]?.contains("javascript:") == false)
    }

    @Test func resultsPointAtTheirRuleAndFollowReportOrder() throws {
        let rules = try rules()
        let results = try results()
        #expect(results.count == 6)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        #expect(results.map { $0["ruleId"] as? String } == [
            "CN-CONTACTS-PERMISSION", "CN-CONTACTS-READ", "CN-REFUSE-WITHOUT-CONTACTS", "CN-THIRD-PARTY-CALLS",
            "GHOST-RULE", "LOCAL-NOTE",
        ])
    }

    @Test func levelsFollowSeverity() throws {
        #expect(try results().map { $0["level"] as? String } == ["warning", "error", "error", "error", "warning", "note"])
        #expect(Severity.descending.map(SARIFReporter.level) == ["error", "error", "warning", "note", "note"])
    }

    @Test func resultCarriesLocationSnippetFingerprintAndProperties() throws {
        let result = try results()[1]
        #expect((result["message"] as? [String: String])?["text"]
            == "Agreement reads the address book: “\(Fixtures.contactsQuote)”")
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: String])
        #expect(artifact == ["uri": "acme%20loan/%E9%9A%90%E7%A7%81%E6%94%BF%E7%AD%96.html", "uriBaseId": "SRCROOT"])
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 12 && region["startColumn"] as? Int == 5)
        #expect((region["snippet"] as? [String: String])?["text"] == Fixtures.contactsQuote)
        let fingerprint = Fixtures.acmeApp.findings[0].fingerprint
        #expect(result["partialFingerprints"] as? [String: String] == ["lendaudit/v1": fingerprint])
        #expect(result["properties"] as? [String: String]
            == ["category": "contacts-collection", "app": "Acme 贷", "severity": "critical"])
        #expect(try run()["columnKind"] as? String == "unicodeCodePoints")
    }

    @Test func longQuotesAreShortenedInMessagesButWholeInSnippets() throws {
        let result = try results()[3]
        let message = try #require((result["message"] as? [String: String])?["text"])
        #expect(message.hasPrefix("Contacts may be called about the debt: “… "))
        #expect(message.contains("联系其通讯录中的联系人"))
        let snippet = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            .flatMap { $0["region"] as? [String: Any] }.flatMap { $0["snippet"] as? [String: String] }?["text"]
        #expect(snippet == Fixtures.longQuote)
    }

    @Test func rootIsAnUnresolvedBaseWithoutMachinePaths() throws {
        let bases = try #require(try run()["originalUriBaseIds"] as? [String: [String: Any]])
        #expect(Array(bases.keys) == ["SRCROOT"])
        #expect(bases["SRCROOT"]?["uri"] == nil)
        #expect((bases["SRCROOT"]?["description"] as? [String: String])?["text"] == "The folder URIs are relative to: --sarif-root, else the folder lendaudit ran in (run from a checkout's root, the repository); the scanned paths, as typed: apps")
    }

    @Test func inputErrorsAreErrorNotificationsAndTheRunDidNotSucceed() throws {
        let invocation = try #require((try run()["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notifications.map { $0["level"] as? String } == ["error", "error", "error"])
        #expect((notifications[0]["message"] as? [String: String])?["text"]
            == "acme loan/broken.html: cannot decode the bytes as GB18030 | UTF-8")
        let uri = ((notifications[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            .flatMap { $0["artifactLocation"] as? [String: String] }
        #expect(uri == ["uri": "acme%20loan/broken.html", "uriBaseId": "SRCROOT"])
    }

    @Test func cleanRunSucceedsWithoutNotifications() throws {
        let clean = SARIFReporter().render(Fixtures.clean)
        #expect(clean.contains(#""executionSuccessful" : true"#))
        #expect(!clean.contains("toolExecutionNotifications"))
        #expect(clean.contains(#""results" : []"#))
    }

    @Test(arguments: [
        ("acme loan/隐私.html", "acme%20loan/%E9%9A%90%E7%A7%81.html"),
        ("./a/b.txt", "a/b.txt"),
        ("a#b?c%d.html", "a%23b%3Fc%25d.html"),
        ("x/[1] (copy)+y~z.htm", "x/%5B1%5D%20%28copy%29%2By~z.htm"),
    ])
    func artifactPathsArePercentEncoded(path: String, uri: String) {
        #expect(PercentEncoding.path(path) == uri)
    }

    @Test func ruleNamesArePascalCaseOrTheIdWithoutLatinWords() {
        var rule = Fixtures.refusal
        #expect(SARIFReporter.name(rule) == "ServiceRefusedUnlessTheAddressBookIsShared")
        rule.title = "Lender's 3rd-party calls"
        #expect(SARIFReporter.name(rule) == "Lenders3rdPartyCalls")
        rule.title = "读取通讯录"
        #expect(SARIFReporter.name(rule) == "CN-REFUSE-WITHOUT-CONTACTS")
    }
}
