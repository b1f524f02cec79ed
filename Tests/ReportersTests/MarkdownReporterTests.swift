import Findings
import Testing

@testable import Reporters

@Suite struct MarkdownReporterTests {
    let markdown = MarkdownReporter().render(Fixtures.report)
    var lines: [Substring] { markdown.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The lines between a heading and the next heading of the same or a higher level.
    func section(_ heading: String) -> String {
        let all = lines
        guard let start = all.firstIndex(where: { $0 == heading }) else { return "" }
        let level = heading.prefix { $0 == "#" }.count
        let end = all[(start + 1)...].firstIndex { line in
            let hashes = line.prefix { $0 == "#" }.count
            return hashes > 0 && hashes <= level && line.dropFirst(hashes).first == " "
        } ?? all.endIndex
        return all[start..<end].joined(separator: "\n")
    }

    @Test func headerSaysWhatWasScannedWithWhichPacksAndVersion() {
        #expect(markdown.hasPrefix("# lendaudit findings\n\nThis report covers `apps`: 3 apps and 4 documents "))
        #expect(markdown.contains("4 documents (3 agreements, 1 manifest)"))
        #expect(markdown.contains("the rule packs cn-pi (4 rules, bundled) and local (1 rule, from `my rules`)"))
        #expect(markdown.contains("by lendaudit 0.9.0."))
    }

    @Test func summaryParagraphCountsFindingsAppsCategoriesAndNamesTheWorstApp() throws {
        let paragraph = try #require(lines.first { $0.hasPrefix("This report covers") })
        #expect(paragraph.contains(" **6 findings** in 2 of 3 apps: 1 critical, 2 high, 2 medium, 1 low. "))
        #expect(paragraph.contains(" 1 of 3 apps read or ask for the address book or contact third parties about the debt."))
        #expect(paragraph.contains("Highest risk: Acme 贷 (1 critical, 2 high, 1 medium)."))
        #expect(paragraph.contains(
            "3 inputs could not be audited; see [Inputs that could not be audited](#inputs-that-could-not-be-audited)."))
    }

    @Test func cleanReportSaysNoFindingsListsTheAppAndNoFailedInputs() {
        let clean = MarkdownReporter().render(Fixtures.clean)
        #expect(clean.contains(" No findings.\n\n## Apps without findings"))
        #expect(clean.contains("| Quiet Cash | `quiet` | lending (inferred) | 1 | 0 |"))
        #expect(!clean.contains("## Apps ranked by risk"))
        #expect(!clean.contains("| category | meaning |"))
        #expect(clean.contains("## Findings\n\nNo findings.\n\n## Configuration applied"))
        #expect(clean.hasSuffix("## Inputs that could not be audited\n\nNone.\n"))
    }

    @Test func appsAreRankedByCriticalThenHighThenLowerSeveritiesWithCounts() {
        let table = section("## Apps ranked by risk")
        #expect(table.contains("""
            | rank | app | critical | high | medium | low | info | findings | category |
            | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
            | 1 | Acme 贷 | 1 | 2 | 1 |  |  | 4 | lending |
            | 2 | Beta \\| Loans |  |  | 1 | 1 |  | 2 | — |
            """))
        #expect(!table.contains("Quiet Cash"))
    }

    @Test func rankingBreaksTiesBySeverityDownTheScaleThenByName() {
        func app(_ name: String, _ severities: [Severity]) -> AppDigest {
            let findings = severities.map { severity in
                Fixtures.finding(Fixtures.refusal, app: name, path: "\(name)/a.html", line: 1, quote: "拒绝", highlight: [], severity: severity)
            }
            return AppDigest(AppReport(
                name: name, path: name, version: nil, category: "lending", categoryInferred: false, jurisdictions: [],
                documents: [], permissions: [], findings: findings))
        }
        let apps = [
            app("a-clean", []), app("b-two-high", [.high, .high]), app("c-one-critical", [.critical]),
            app("d-critical-low", [.critical, .low]), app("e-two-high", [.high, .high]), app("f-critical-medium", [.critical, .medium]),
        ]
        let order = MemoRanking(apps).order.map { apps[$0].name }
        #expect(order == ["f-critical-medium", "d-critical-low", "c-one-critical", "b-two-high", "e-two-high", "a-clean"])
    }

    @Test func matrixHasOneRowPerAppWithFindingsAndCountsAppsPerCategory() {
        let matrix = section("## Apps × category")
        #expect(matrix.contains(
            "| app | `contacts-permission` | `contacts-collection` | `refusal-to-serve` | `third-party-collection` | `liability-waiver` | `excessive-permission` |"))
        #expect(matrix.contains("| Acme 贷 | 1 | 1 | 1 | 1 |  |  |"))
        #expect(matrix.contains("| Beta \\| Loans |  |  |  |  | 1 | 1 |"))
        #expect(matrix.contains("| **apps** | **1** | **1** | **1** | **1** | **1** | **1** |"))
    }

    @Test func categoryTableHasOnlyCategoriesWithFindingsInVocabularyOrder() {
        let table = section("## Findings by category")
        #expect(table.contains("| category | meaning | critical | high | medium | low | info | total |"))
        #expect(table.contains(
            "| `contacts-collection` | an agreement reads, uploads, stores or analyses the address book | 1 | 0 | 0 | 0 | 0 | 1 |"))
        #expect(table.contains("| **total** |  | 1 | 2 | 2 | 1 | 0 | **6** |"))
        #expect(!table.contains("debt-disclosure"))
        let order = ["contacts-permission", "contacts-collection", "refusal-to-serve", "third-party-collection",
                     "liability-waiver", "excessive-permission"].compactMap { table.range(of: "`\($0)`")?.lowerBound }
        #expect(order.count == 6 && order == order.sorted())
    }

    @Test func appSectionsComeInRiskOrderAndCleanAppsHaveNone() throws {
        let acme = try #require(markdown.range(of: "\n### Acme 贷\n")).lowerBound
        let beta = try #require(markdown.range(of: "\n### Beta \\| Loans\n")).lowerBound
        #expect(acme < beta)
        #expect(!markdown.contains("### Quiet Cash"))
        #expect(section("### Acme 贷").contains(
            "`acme loan` · version 2.3.1 · category lending · jurisdictions CN. 4 findings: 1 critical, 2 high, 1 medium."))
        #expect(section("### Beta \\| Loans").contains(
            "`beta` · version not given · category unknown (lending rules not applied). 2 findings: 1 medium, 1 low."))
    }

    @Test func clausesAreNumberedMostSevereFirstWithTitleLocationQuoteAndRulesBroken() throws {
        let acme = section("### Acme 贷")
        #expect(acme.contains("""
            1. **Agreement reads the address book** — `acme loan/隐私政策.html:12:5`

               > 我们将**读取**并上传您的**通讯录**信息，用于风险评估。

               Breaks CN-CONTACTS-READ (critical) — PIPL art. 13, 16.
            """))
        let markers = ["1. **Agreement reads", "2. **Service refused", "3. **Contacts may be called", "4. **Manifest asks", "Inventory: "]
        let positions = try markers.map { try #require(acme.range(of: $0), "missing \($0)").lowerBound }
        #expect(positions == positions.sorted())
        // Messages and remediations are in the rules table, once, not under every finding.
        #expect(!acme.contains("Remediation"))
    }

    @Test func findingsOfOneClauseShareOneQuoteAndListEveryRuleIncludingAlsoMatched() throws {
        var report = Fixtures.report
        var second = Fixtures.finding(
            Fixtures.thirdParty, app: Fixtures.acme, path: "acme loan/隐私政策.html", line: 12, column: 5,
            quote: Fixtures.contactsQuote, highlight: ["上传"])
        second.alsoMatched = ["CN-REFUSE-WITHOUT-CONTACTS", "UNKNOWN-RULE"]
        report.apps[0].findings.append(second)
        let markdown = MarkdownReporter().render(report)
        #expect(markdown.contains("""
            1. **Agreement reads the address book** — `acme loan/隐私政策.html:12:5`

               > 我们将**读取**并**上传**您的**通讯录**信息，用于风险评估。

               Breaks CN-CONTACTS-READ (critical), CN-THIRD-PARTY-CALLS (high), \
            CN-REFUSE-WITHOUT-CONTACTS (high, also matched), UNKNOWN-RULE (also matched) — PIPL art. 13, 16.
            """))
        #expect(markdown.components(separatedBy: "用于风险评估").count == 2)
        #expect(markdown.contains("5 findings: 1 critical, 3 high, 1 medium."))
    }

    @Test func shortCitationsJoinNumberedArticlesOfOneInstrumentAndPrintEachOnce() {
        func norm(_ id: String, _ citation: String) -> NormCitation {
            NormCitation(id: id, citation: citation, titleZh: nil, titleEn: "", summary: nil, url: nil)
        }
        let norms = [
            norm("PIPL-16", "PIPL art. 16"), norm("CN-2021-4", "CN-2021 art. 4"), norm("PIPL-6", "PIPL art. 6"),
            norm("CBA", "CBA guideline chapter third parties"), norm("PIPL-16", "PIPL art. 16"), norm("X", "Odd *law* art. 5"),
        ]
        #expect(MarkdownReporter.shortCitations(norms)
            == "PIPL art. 6, 16 · CN-2021 art. 4 · CBA guideline chapter third parties · Odd \\*law\\* art. 5")
    }

    @Test func quoteEscapesMarkdownAndKeepsBoldOffPunctuation() {
        // `*` inside the highlight is escaped and the trailing one stays outside the bold run, so
        // `**` always sits next to a letter and renders as bold; BEL becomes U+FFFD.
        #expect(markdown.contains(
            "   > 如您**拒绝授权\\*通讯录**\\*，我们将**无法提供**借款服务 \\| 详见\\<附件\\>\\&amp;说明\u{FFFD}。\n"))
        #expect(markdown.contains(
            "   > \\<uses-permission android:name=\"android.permission.**READ\\_CONTACTS**\"/\\>\n"))
        #expect(markdown.contains("   > \\* We may **share data** with partners & more\n"))
    }

    @Test func highlightsCountUnicodeScalarsNotCharacters() {
        // 👍🏽 is one Character but two scalars; the highlight must still land on 通讯录.
        let quote = "👍🏽请授权通讯录"
        let excerpt = Excerpt(text: quote, highlights: [HighlightRange(start: 5, end: 8)])
        #expect(MarkdownQuote(excerpt, limit: 400).markdown == "👍🏽请授权**通讯录**")
        let decomposed = Excerpt(text: "Cafe\u{301} contacts", highlights: [HighlightRange(start: 0, end: 5)])
        #expect(MarkdownQuote(decomposed, limit: 400).markdown == "**Cafe\u{301}** contacts")
    }

    @Test func longQuoteIsShortenedAroundTheMatchedWords() throws {
        let line = try #require(lines.first { $0.hasPrefix("   > … ") })
        #expect(line.contains("**联系其通讯录中的联系人**告知其欠款情况。"))
        #expect(line.unicodeScalars.count < 420)
        #expect(Fixtures.longQuote.unicodeScalars.count > 500)
    }

    @Test func normsArePrintedOnceAtTheEndByInstrumentAndLinkOnlyToWebURLs() {
        let norms = section("## Norms cited")
        #expect(!markdown.contains("javascript:"))
        #expect(norms.contains("**Click me**\n\n| citation | summary |\n| --- | --- |\n| Evil \\[norm\\] | — |"))
        #expect(norms.contains(
            "**个人信息保护法 (Personal Information Protection Law)** — <http://www.npc.gov.cn/npc/c30834/202108/a8c4e3672c74491a80b53a172bb753fe.shtml>"
                + "\n\n| citation | summary |\n| --- | --- |\n| PIPL art. 16 | No refusal of service for declining non-necessary processing. |"))
        #expect(norms.contains("**Personal Information Protection Law**\n\n| citation | summary |\n| --- | --- |\n| PIPL art. 13 | — |"))
        // Each norm once in the memo's table, though two rules and two findings cite PIPL art. 16.
        #expect(norms.components(separatedBy: "| PIPL art. 16 |").count == 2)
        #expect(!markdown.contains("个人信息保护法 (Personal Information Protection Law); "))
    }

    @Test func rulesCitedHoldEachRulesMessageAndRemediationAsSentencesOnce() {
        let rules = section("## Rules cited")
        #expect(rules.contains(
            "| CN-REFUSE-WITHOUT-CONTACTS | high | Service refused unless the address book is shared | "
                + "Service is refused when the user declines address-book access. | Serve users who decline; ask only for necessary information. | PIPL art. 16 |"))
        #expect(rules.contains("| GHOST-RULE | — | — | not among the rules of this scan | — | — |"))
        #expect(!markdown.contains(".."))
        // A finding whose words its rule does not have keeps them, beside its quote.
        #expect(section("### Beta \\| Loans").contains("GHOST-RULE: Not in the rule list."))
    }

    @Test func inventoryIsOneParagraphOfDocumentsAndPersonalInformationPermissions() {
        let acme = section("### Acme 贷")
        #expect(acme.contains(
            "Inventory: `acme loan/AndroidManifest.xml` (android-manifest, 2 permissions); `acme loan/隐私政策.html` (html, GB18030, 42 clauses). "
                + "2 permissions requested; personal information: camera, contacts."))
        #expect(!acme.contains("| platform | permission |"))
    }

    @Test func configurationAppliedNamesFileRulesSeveritiesExclusionsThresholdAndWhatWasNotChecked() {
        var report = Fixtures.report
        report.configuration = AppliedConfiguration(
            file: "ci/.lendaudit.yml", disabledRules: ["CN-Z", "CN-A"],
            severityChanges: [.init(rule: "CN-CONTACTS-READ", from: .high, to: .critical)], excludedPaths: ["vendor/*"],
            failOn: "high", failOnSource: "--fail-on", defaultCategory: nil, suppressions: 2)
        let markdown = MarkdownReporter().render(report)
        let applied = markdown.components(separatedBy: "## Configuration applied").last ?? ""
        #expect(applied.contains("""
            - Config file: `ci/.lendaudit.yml`.
            - Disabled rules: CN-A, CN-Z.
            - Severity changes: CN-CONTACTS-READ high → critical.
            - Excluded paths: `vendor/*`.
            - Suppressions in the config: 2.
            - Default category: none (taken from lendaudit.yml or inferred).
            - Threshold (--fail-on): high (--fail-on).
            """))
        #expect(applied.contains("Not checked: Lending rules were not applied to 1 app whose category is unknown (Beta \\| Loans)."))
        #expect(applied.contains("3 inputs could not be audited"))
        #expect(applied.contains("The disabled rules above were not run."))
        #expect(self.markdown.contains("- Not recorded: this report was assembled from JSON reports"))
    }

    @Test func surveyKeepsTheTopRowsAndOneLinePerClause() {
        let survey = MarkdownReporter(surveyThreshold: 2, surveyRows: 1, surveyQuoteLimit: 20).render(Fixtures.report)
        #expect(survey.contains("| 1 | Acme 贷 | 1 | 2 | 1 |  |  | 4 | lending |"))
        #expect(!survey.contains("| 2 | Beta"))
        #expect(survey.contains("1 more app with findings follows in the same order under [Findings](#findings)."))
        #expect(survey.contains("- `acme loan/隐私政策.html:12:5` CN-CONTACTS-READ (critical): 我们将**读取**并上传您的**通讯录**信息，用于风险 …\n"))
        #expect(survey.contains("This survey holds 3 apps, more than 2: each clause is one line"))
        #expect(!survey.contains("Inventory:"))
        // Shortened quotes keep the matched words.
        #expect(survey.contains("**联系其通讯录中的联系人**"))
    }

    @Test func failedInputsAreTabledWithEscapedCells() {
        let inputs = section("## Inputs that could not be audited")
        #expect(inputs.contains("""
            | path | app | reason |
            | --- | --- | --- |
            | `acme loan/broken.html` | Acme 贷 | cannot decode the bytes as GB18030 \\| UTF-8 |
            | `lost/app.json` | Lost App | unexpected end of file |
            | `stray.bin` | — | not an agreement or manifest \\<binary\\> |
            """))
    }

    @Test func everyTableRowHasItsHeadersNumberOfCells() {
        // An unescaped `|` in a cell would add a column; count cells outside code spans and escapes.
        var expected: Int?
        for line in lines {
            guard line.hasPrefix("| ") else { expected = nil; continue }
            var cells = 0
            var escaped = false
            for character in line {
                if escaped { escaped = false; continue }
                if character == "\\" { escaped = true } else if character == "|" { cells += 1 }
            }
            if let expected { #expect(cells == expected, "\(line)") } else { expected = cells }
        }
    }
}

@Suite struct MarkdownTextTests {
    @Test(arguments: [
        ("a*b_c", "a\\*b\\_c"),
        ("[link](x)", "\\[link\\](x)"),
        ("<script>", "\\<script\\>"),
        ("x | y", "x \\| y"),
        ("#1 ~strike~ $5", "\\#1 \\~strike\\~ \\$5"),
        ("a\\b`c`", "a\\\\b\\`c\\`"),
        ("&amp; &#35; & x", "\\&amp; \\&\\#35; & x"),
        ("通讯录（必填）", "通讯录（必填）"),
        ("line\nbreak\u{0}", "line break\u{FFFD}"),
    ])
    func inlineEscapes(input: String, expected: String) {
        #expect(MarkdownText.inline(input) == expected)
    }

    @Test(arguments: [
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("=====", "\\====="),
        ("2021年", "2021年"),
    ])
    func paragraphStartsNeverOpenABlock(input: String, expected: String) {
        #expect(MarkdownText.paragraph(input) == expected)
    }

    @Test func codeSpansHoldBackticksAndPipes() {
        #expect(MarkdownText.code("a/b c.html") == "`a/b c.html`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x") == "`` `x ``")
        #expect(MarkdownText.code("a|b", inTable: true) == "`a\\|b`")
    }

    @Test func plainCodeSpansAreWhatTheGeneralPathMakes() {
        // Every string of up to four characters over an alphabet of the characters that matter.
        let alphabet = [" ", "a", "`", "|", "\t", "\u{85}", "\u{7F}", "中"]
        var texts = [""]
        var previous = [""]
        for _ in 1...4 {
            previous = previous.flatMap { text in alphabet.map { text + $0 } }
            texts += previous
        }
        for text in texts {
            for inTable in [false, true] {
                #expect(MarkdownText.code(text, inTable: inTable) == MarkdownText.fencedCode(text, inTable: inTable), "\(text.debugDescription)")
            }
        }
    }

    @Test func linksAreWebOnlyAndPercentEncoded() {
        #expect(MarkdownText.link("PIPL", url: "https://example.org/a b<c>") == "[PIPL](<https://example.org/a%20b%3Cc%3E>)")
        #expect(MarkdownText.link("PIPL", url: "JavaScript:alert(1)") == "PIPL")
        #expect(MarkdownText.link("PIPL", url: "file:///etc/passwd") == "PIPL")
        #expect(MarkdownText.link("PIPL", url: nil) == "PIPL")
    }
}
