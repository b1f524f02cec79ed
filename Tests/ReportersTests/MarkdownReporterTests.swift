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

    @Test func verdictCountsFindingsAffectedAppsAndSeverities() {
        #expect(markdown.contains("\n\n**6 findings** in 2 of 3 apps: 1 critical, 2 high, 2 medium, 1 low. "))
        #expect(markdown.contains(
            "3 inputs could not be audited; see [Inputs that could not be audited](#inputs-that-could-not-be-audited)."))
    }

    @Test func cleanReportSaysNoFindingsAndNoFailedInputs() {
        let clean = MarkdownReporter().render(Fixtures.clean)
        #expect(clean.contains("\n\nNo findings.\n\n## Summary"))
        #expect(clean.contains("No findings in any category."))
        #expect(!clean.contains("| category | meaning |"))
        #expect(clean.hasSuffix("## Inputs that could not be audited\n\nNone.\n"))
    }

    @Test func severityTableListsEverySeverityMostSevereFirst() {
        let table = section("### By severity")
        #expect(table.contains("""
            | severity | findings |
            | --- | ---: |
            | Critical | 1 |
            | High | 2 |
            | Medium | 2 |
            | Low | 1 |
            | Info | 0 |
            | **total** | **6** |
            """))
    }

    @Test func categoryTableHasOnlyCategoriesWithFindingsInVocabularyOrder() {
        let table = section("### By category")
        #expect(table.contains("| category | meaning | critical | high | medium | low | info | total |"))
        #expect(table.contains(
            "| `contacts-collection` | an agreement reads, uploads, stores or analyses the address book | 1 | 0 | 0 | 0 | 0 | 1 |"))
        #expect(table.contains("| **total** |  | 1 | 2 | 2 | 1 | 0 | **6** |"))
        #expect(!table.contains("debt-disclosure"))
        let order = ["contacts-permission", "contacts-collection", "refusal-to-serve", "third-party-collection",
                     "liability-waiver", "excessive-permission"].compactMap { table.range(of: "`\($0)`")?.lowerBound }
        #expect(order.count == 6 && order == order.sorted())
    }

    @Test func appsTableMarksInferredCategoriesAndEscapesPipes() {
        let table = section("### Apps")
        #expect(table.contains("| Acme 贷 | lending | 2 | 2 | 4 | Critical |"))
        #expect(table.contains("| Beta \\| Loans | — | 1 | 0 | 2 | Medium |"))
        #expect(table.contains("| Quiet Cash | lending (inferred) | 1 | 0 | 0 | — |"))
    }

    @Test func findingsAreGroupedByAppThenSeverityAndNumberedThroughTheApp() throws {
        let acme = section("### Acme 贷")
        #expect(acme.contains("Folder `acme loan`, version 2.3.1, category lending, jurisdictions CN."))
        let markers = [
            "#### Critical (1)", "1. **CN-CONTACTS-READ — Agreement reads the address book**",
            "#### High (2)", "2. **CN-REFUSE-WITHOUT-CONTACTS — ", "3. **CN-THIRD-PARTY-CALLS — ",
            "#### Medium (1)", "4. **CN-CONTACTS-PERMISSION — ", "#### Inventory",
        ]
        let positions = try markers.map { try #require(acme.range(of: $0), "missing \($0)").lowerBound }
        #expect(positions == positions.sorted())
        #expect(!acme.contains("#### Low"))
        let apps = ["### Acme 贷", "### Beta \\| Loans", "### Quiet Cash"].compactMap { markdown.range(of: "\n\($0)\n")?.lowerBound }
        #expect(apps.count == 3 && apps == apps.sorted())
    }

    @Test func entryShowsLocationQuoteNormMessageAndRemediationInThatOrder() throws {
        let entry = section("#### Critical (1)")
        let expected = """
            1. **CN-CONTACTS-READ — Agreement reads the address book**

               Location: `acme loan/隐私政策.html:12:5`

               > 我们将**读取**并上传您的**通讯录**信息，用于风险评估。

               Norms: [PIPL art. 16](<http://www.npc.gov.cn/npc/c30834/202108/a8c4e3672c74491a80b53a172bb753fe.shtml>), \
            个人信息保护法 (Personal Information Protection Law); PIPL art. 13, Personal Information Protection Law.

               The agreement lets the app read or upload the address book.

               Remediation: Do not collect the address book.
            """
        #expect(entry.contains(expected))
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

    @Test func normsLinkOnlyToWebURLs() {
        #expect(!markdown.contains("javascript:"))
        #expect(markdown.contains("   Norm: Evil \\[norm\\], Click me.\n"))
    }

    @Test func messagesAndRemediationsReadAsSentences() {
        #expect(markdown.contains("   Remediation: Serve users who decline; ask only for necessary information.\n"))
        #expect(!markdown.contains(".."))
        #expect(markdown.contains("   Service is refused when the user declines address-book access.\n"))
    }

    @Test func appWithoutFindingsSaysSoAndStillShowsItsInventory() {
        let quiet = section("### Quiet Cash")
        #expect(quiet.contains("Folder `quiet`, version 1.0, category lending (inferred), jurisdictions CN.\n\nNo findings.\n"))
        #expect(quiet.contains("| `quiet/agreement.htm` | agreement | html | UTF-8 | 9 clauses |"))
        #expect(!quiet.contains("Permissions requested:"))
        #expect(section("### Beta \\| Loans").contains("Folder `beta`, version not given, category unknown (lending rules not applied)."))
    }

    @Test func inventoryListsDocumentsAndPermissions() {
        let inventory = section("### Acme 贷")
        #expect(inventory.contains("| `acme loan/AndroidManifest.xml` | manifest | android-manifest | — | 2 permissions |"))
        #expect(inventory.contains("| `acme loan/隐私政策.html` | agreement | html | GB18030 | 42 clauses |"))
        #expect(inventory.contains("| platform | permission | category | purpose | location |"))
        #expect(inventory.contains(
            "| Android | `android.permission.READ_CONTACTS` | contacts | — | `acme loan/AndroidManifest.xml:12:5` |"))
        #expect(inventory.contains(
            "| Android | `android.permission.CAMERA` (maxSdkVersion: 28) | camera | 扫描 \\| 身份证 | `acme loan/AndroidManifest.xml:14:5` |"))
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
