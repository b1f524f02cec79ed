import Documents
import Findings
import Foundation
import Testing

@testable import Rules

/// Rules written inline, loaded with the bundled norms catalogue, run on inline agreements.
@Suite struct RuleEngineTests {
    static func ruleSet(_ ruleYAML: String) throws -> RuleSet {
        var set = RuleSet()
        let norms = try #require(RuleSet.bundledNormsText)
        let readings = try #require(RuleSet.bundledReadingsText)
        try set.add(
            files: [("rules/norms.yaml", norms), ("rules/readings.yaml", readings), ("rules/t/r.yaml", ruleYAML)], source: "test", root: "rules/")
        return set
    }

    static func rule(match: String, category: String = "contacts-collection", app: String = "") -> String {
        """
        id: T-RULE
        title: Test rule
        category: \(category)
        severity: high
        applies_to: agreement
        \(app)
        norms: [PIPL-16]
        message: m
        remediation: r
        match:
        \(match)
        examples:
          violating: ["<p>x</p>"]
          compliant: ["<p>y</p>"]
        """
    }

    static func findings(_ ruleYAML: String, _ html: String, appCategory: String? = "lending") throws -> [Finding] {
        let engine = RuleEngine(ruleSet: try ruleSet(ruleYAML))
        let agreement = try AgreementReader.read(Array(html.utf8), kind: .html)
        return engine.findings(
            app: "a", appCategory: appCategory,
            agreements: [AgreementEvidence(displayPath: "a/p.html", pathInApp: "p.html", agreement: agreement)], permissions: []
        )
    }

    static let readContacts = rule(match: """
          all: [[读取, 上传], [通讯录]]
          near: 10
          unless: [不会, 不得]
          none: [紧急联系人]
        """)

    @Test func allGroupsMustOccurWithinTheWindow() throws {
        #expect(try Self.findings(Self.readContacts, "<p>我们读取您的通讯录。</p>").count == 1)
        #expect(try Self.findings(Self.readContacts, "<p>我们读取您的位置。</p>").isEmpty)
        let far = "<p>我们读取您的设备型号、系统版本、网络状态、屏幕尺寸和通讯录。</p>"
        #expect(try Self.findings(Self.readContacts, far).isEmpty)
    }

    @Test func negatorsCancelWithinTheirPhraseOnly() throws {
        #expect(try Self.findings(Self.readContacts, "<p>我们不会读取您的通讯录。</p>").isEmpty)
        #expect(try Self.findings(Self.readContacts, "<p>未经您同意，我们不得读取或上传通讯录。</p>").isEmpty)
        // The comma closes the negator's phrase: the second phrase is a real reading.
        #expect(try Self.findings(Self.readContacts, "<p>我们不会出售信息，会读取通讯录。</p>").count == 1)
    }

    @Test func exceptionTermsSilenceTheClause() throws {
        #expect(try Self.findings(Self.readContacts, "<p>我们读取通讯录中的紧急联系人。</p>").isEmpty)
    }

    @Test func findingsQuoteOriginalWordsAndHighlightTheMatch() throws {
        let found = try #require(try Self.findings(Self.readContacts, "<p>我们 读取 您的通讯 录。</p>").first)
        #expect(found.excerpt.text == "我们 读取 您的通讯 录。")
        let scalars = Array(found.excerpt.text.unicodeScalars)
        let marked = found.excerpt.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        #expect(marked == ["读取", "通讯 录"])
        #expect(found.location == SourceLocation(path: "a/p.html", line: 1, column: 4))
    }

    @Test func appCategoryFilterLimitsRules() throws {
        let lendingOnly = Self.rule(match: "  any: [通讯录]", app: "app: {category: lending}")
        #expect(try Self.findings(lendingOnly, "<p>通讯录。</p>", appCategory: "lending").count == 1)
        #expect(try Self.findings(lendingOnly, "<p>通讯录。</p>", appCategory: "transport").isEmpty)
        #expect(try Self.findings(lendingOnly, "<p>通讯录。</p>", appCategory: nil).isEmpty)
    }

    @Test func regexMatchesTheNormalizedClause() throws {
        let rule = Self.rule(match: "  regex: \"至少[三3四4五5]位紧急联系人\"", category: "emergency-contacts")
        #expect(try Self.findings(rule, "<p>请填写至少 ３ 位紧急联系人。</p>").count == 1)
        #expect(try Self.findings(rule, "<p>请填写两位紧急联系人。</p>").isEmpty)
    }

    @Test func fingerprintsIgnoreLinesAndMarkup() throws {
        let first = try #require(try Self.findings(Self.readContacts, "<p>我们读取您的通讯录。</p>").first)
        let moved = try #require(try Self.findings(Self.readContacts, "<div>\n\n<p>前言。</p>\n<p>我们<b>读取</b>您的 通讯录。</p></div>").first)
        #expect(first.location.line != moved.location.line)
        #expect(first.fingerprint == moved.fingerprint)
    }

    @Test func automatonFindsOverlappingTerms() {
        var automaton = TermAutomaton()
        let short = automaton.add(Array("通讯".unicodeScalars))
        let long = automaton.add(Array("通讯录".unicodeScalars))
        automaton.build()
        let found = automaton.occurrences(in: Array("读通讯录".unicodeScalars))
        #expect(found.contains(.init(term: short, start: 1, end: 3)))
        #expect(found.contains(.init(term: long, start: 1, end: 4)))
    }
}

@Suite struct RuleFileErrorTests {
    func error(_ yaml: String) -> String {
        do {
            _ = try RuleEngineTests.ruleSet(yaml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func unknownKeysNameFileLineAndTheAllowedKeys() {
        let message = error(RuleEngineTests.rule(match: "  any: [x]").replacingOccurrences(of: "severity:", with: "sevrity:"))
        #expect(message.hasPrefix("rules/t/r.yaml:4:1: error: unknown key 'sevrity' (expected: id, aliases,"))
    }

    @Test func badValuesAndMissingPartsAreExplained() {
        #expect(error(RuleEngineTests.rule(match: "  any: [x]", category: "contact")).contains("'contact' is not a valid category"))
        #expect(error(RuleEngineTests.rule(match: "  near: 3")).contains("a clause matcher needs 'all', 'any' or 'regex'"))
        #expect(error(RuleEngineTests.rule(match: "  regex: \"(\"")).contains("does not compile"))
        #expect(error(RuleEngineTests.rule(match: "  any: [x]").replacingOccurrences(of: "[PIPL-16]", with: "[NO-SUCH]"))
            .contains("norm 'NO-SUCH' is not in the norms catalogue"))
        #expect(error("id: [unclosed\n").hasPrefix("rules/t/r.yaml:2:1: error: invalid YAML"))
    }
}

@Suite struct AppCategoryInferenceTests {
    func infer(_ html: String) throws -> String? {
        AppCategoryInference.infer(from: [try AgreementReader.read(Array(html.utf8), kind: .html)])
    }

    @Test func repeatedLoanVocabularyMeansLending() throws {
        #expect(try infer("<p>借款人应按期还款。</p><p>逾期将产生费用。</p><p>放款后生效。</p>") == "lending")
        #expect(try infer("<p>Your loan is due. Repay on time. Overdue loans incur fees.</p>") == "lending")
    }

    @Test func strayMentionsOrWeakWordsAloneAreNotEnough() throws {
        #expect(try infer("<p>我们会查询您的征信，以便开通分期付款。</p><p>打车费用可分期。</p>") == nil)
        #expect(try infer("<p>我们重视您的隐私。</p><p>如有疑问请联系我们。</p>") == nil)
    }

    /// 征信 inside 特征信息 (特征 + 信息) and "loan" inside "download" are not loans.
    @Test func signalsCountAsWordsNotSubstrings() throws {
        let features = String(repeating: "<p>我们会收集您的面部特征信息用于登录。</p>", count: 10)
        #expect(try infer(features) == nil)
        #expect(try infer(String(repeating: "<p>You can download the app and upload files.</p>", count: 10)) == nil)
        #expect(try infer(String(repeating: "<p>我们会查询您的征信报告。</p>", count: 10)) == "lending")
    }

    @Test func negatedMentionsCountForNothing() throws {
        let denial = String(repeating: "<p>本产品不涉及借贷服务，也不提供贷款。</p>", count: 6)
        #expect(try infer(denial) == nil)
        #expect(try infer(String(repeating: "<p>本产品提供借贷服务和贷款。</p>", count: 3)) == "lending")
    }

    /// The app's own description weighs most: it decides when it names lending, and raises the bar
    /// when it names something else.
    @Test func theAppsOwnSelfDescriptionWeighsMost() throws {
        #expect(try infer("<p>快借是一款为用户提供小额借款服务的应用。</p>") == "lending")
        let installments = String(repeating: "<p>您可以使用分期付款购买会员，逾期未付将暂停会员。</p>", count: 3)
        #expect(try infer(installments) == "lending")
        #expect(try infer("<p>悦听是一款音乐播放软件。</p>" + installments) == nil)
        #expect(try infer("<p>悦听是一款音乐播放软件，不提供借款服务。</p>" + String(repeating: "<p>借款人应按期还款。</p>", count: 2)) == nil)
    }
}
