import Findings
import Foundation
import Testing

@testable import Reporters

@Suite struct HTMLReporterTests {
    let html = HTMLReporter().render(Fixtures.report)

    /// Tag names in `html`: every `<` must open one of the tags the reporter writes, or input text
    /// has become markup.
    static func tagNames(_ html: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "<(/?)([^\\s>/]*)")
        let range = NSRange(html.startIndex..., in: html)
        return Set(pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 2), in: html).map { String(html[$0]).lowercased() }
        })
    }

    static let allowedTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section", "figure",
        "figcaption", "svg", "g", "rect", "text", "table", "thead", "tbody", "tr", "th", "td", "a", "code", "strong",
        "span", "ol", "ul", "li", "blockquote", "mark",
    ]

    @Test func pageIsSelfContainedWithAStrictPolicyAndNoScript() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:;"))
        #expect(html.contains("<title>lendaudit findings</title>"))
        #expect(Self.tagNames(html).isSubset(of: Self.allowedTags), "\(Self.tagNames(html).subtracting(Self.allowedTags))")
        #expect(!html.contains(" src="))
        #expect(!html.contains("url("))
        #expect(html.hasSuffix("</body>\n</html>\n"))
    }

    @Test func chartsShowSeveritiesCategoriesAndAppsByRisk() {
        #expect(html.components(separatedBy: "<svg ").count == 4)
        #expect(html.contains("<figure id=\"chart-severity\">"))
        #expect(html.contains("<figure id=\"chart-category\">"))
        #expect(html.contains("<figure id=\"chart-apps\">"))
        // The riskiest app's bar comes first, with its total.
        let apps = html.components(separatedBy: "<figure id=\"chart-apps\">").last ?? ""
        #expect(apps.contains("<g><title>Acme 贷: 4</title>"))
        #expect(apps.range(of: "Acme 贷: 4")!.lowerBound < apps.range(of: "Beta | Loans: 2")!.lowerBound)
    }

    @Test func memoContentMatchesTheMarkdownOrderAndWords() throws {
        #expect(html.contains("<strong>6 findings</strong> in 2 of 3 apps: 1 critical, 2 high, 2 medium, 1 low."))
        #expect(html.contains("<td class=\"n\">1</td><td><a href=\"#\(HTMLText.anchor("Acme 贷", "acme loan"))\">Acme 贷</a></td>"))
        let acme = try #require(html.range(of: "<h3>Acme 贷</h3>")).lowerBound
        let beta = try #require(html.range(of: "<h3>Beta | Loans</h3>")).lowerBound
        #expect(acme < beta)
        #expect(html.contains("<p class=\"breaks\">Breaks CN-CONTACTS-READ (<span class=\"sev-critical\">critical</span>) — PIPL art. 13, 16.</p>"))
        #expect(html.contains("<h2>Norms cited</h2>"))
        #expect(html.contains("<h2>Configuration applied</h2>"))
        #expect(html.contains("<section id=\"inputs-that-could-not-be-audited\">"))
    }

    @Test func matchedWordsAreMarkedAndQuotesEscaped() {
        #expect(html.contains("<blockquote>我们将<mark>读取</mark>并上传您的<mark>通讯录</mark>信息，用于风险评估。</blockquote>"))
        #expect(html.contains("如您<mark>拒绝授权*通讯录*</mark>，我们将<mark>无法提供</mark>借款服务 | 详见&lt;附件&gt;&amp;amp;说明\u{FFFD}。"))
        #expect(html.contains("&lt;uses-permission android:name=&quot;android.permission.<mark>READ_CONTACTS</mark>&quot;/&gt;"))
    }

    @Test func hostileNamesPathsQuotesAndRulesStayText() throws {
        let hostileName = "<script>alert(1)</script>\u{202E}gpj.exe\" onmouseover=\"x"
        let hostileQuote = "</blockquote><script>fetch('http://evil.example/')</script>\u{2066}读取通讯录\u{2069}<img src=x onerror=alert(2)>"
        let hostileRule = RuleDescriptor(
            id: "EVIL<b>", title: "<iframe src=//evil.example>", titleZh: nil, category: .contactsCollection, severity: .critical,
            appliesTo: .agreement, appCategories: [], message: "<style>body{display:none}</style>", remediation: "'; DROP",
            norms: [NormCitation(id: "N", citation: "<a href=x>", titleZh: nil, titleEn: "\u{202E}evil", summary: "<svg onload=alert(3)>",
                                 url: "javascript:alert(4)")],
            pack: "evil")
        let quote = Array(hostileQuote.unicodeScalars)
        let start = quote.firstIndex(of: "读")!
        var finding = Fixtures.finding(hostileRule, app: hostileName, path: "x/\"><script>.html", line: 1, quote: hostileQuote, highlight: [])
        finding.excerpt.highlights = [HighlightRange(start: start, end: start + 5)]
        let report = AuditReport(
            tool: ToolInfo(name: "lendaudit", version: "<1>"), roots: ["<root>"], rulePacks: [RulePackSummary(name: "<p>", ruleCount: 1, source: "<s>")],
            rules: [hostileRule],
            apps: [AppReport(name: hostileName, path: "x/\"><script>", version: "<v>", category: "<c>", categoryInferred: false,
                             jurisdictions: ["<j>"], documents: [DocumentSummary(path: "x/\"><script>.html", kind: .agreement, format: "html", encoding: "<e>", units: 1)],
                             permissions: [], findings: [finding])],
            inputErrors: [InputError(path: "<img src=x>", app: hostileName, reason: "\u{202E}<script>")])
        let html = HTMLReporter().render(report)
        #expect(Self.tagNames(html).isSubset(of: Self.allowedTags), "\(Self.tagNames(html).subtracting(Self.allowedTags))")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.unicodeScalars.contains { HTMLText.isBidiControl($0) })
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;\u{FFFD}gpj.exe&quot; onmouseover=&quot;x"))
        #expect(html.contains("<mark>读取通讯录</mark>"))
        #expect(html.contains("\u{FFFD}<mark>读取通讯录</mark>\u{FFFD}") || html.contains("<mark>\u{FFFD}读取通讯录\u{FFFD}</mark>")
            || html.contains("<mark>读取通讯录\u{FFFD}</mark>") || html.contains("\u{FFFD}<mark>读取通讯录</mark>"))
        // Attribute values (ids, links) never carry input text unescaped.
        #expect(!html.contains("\"><script>"))
    }

    @Test func renderingTwiceGivesTheSameBytesAndShuffledInputTheSame() {
        #expect(HTMLReporter().render(Fixtures.report) == html)
        #expect(HTMLReporter().render(Fixtures.shuffled) == html)
    }
}
