import Findings

/// The memo as one self-contained, printable HTML page: the same content as the Markdown memo
/// (`MarkdownReporter`), plus inline SVG charts (findings by severity and by category, apps by
/// risk) and the matched words of each quote highlighted with `<mark>`.
///
/// No script, no external style, font or image: a Content-Security-Policy meta tag forbids every
/// fetch (`default-src 'none'`), so the page shows the same offline, in a mail attachment or
/// printed. Described in `docs/report-format.md`.
public struct HTMLReporter: SectionedReporter {
    /// The memo's settings (quote limit, survey threshold and rows); HTML follows them.
    public var memo: MarkdownReporter
    /// Apps the "apps by risk" chart shows.
    public var chartApps: Int

    public init(memo: MarkdownReporter = MarkdownReporter(), chartApps: Int = 20) {
        self.memo = memo
        self.chartApps = chartApps
    }

    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        guard !app.findings.isEmpty || !app.suppressed.isEmpty else { return AppSection(text: "") }
        return AppSection(text: self.app(app, context: context, survey: memo.isSurvey(context.appCount)))
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        Assembler(reporter: self, context: context)
    }

    private final class Assembler: ReportAssembler {
        let reporter: HTMLReporter
        let context: SectionContext

        init(reporter: HTMLReporter, context: SectionContext) {
            self.reporter = reporter
            self.context = context
        }

        func append(_ section: AppSection, app: AppDigest, errors: [InputError]) -> String { section.text }

        func finish(_ frame: ReportFrame) -> (head: String, tail: String) {
            reporter.finish(frame, context: context)
        }

        func sectionOrder(_ frame: ReportFrame) -> [Int]? { MemoRanking(frame.apps).order }
    }

    // MARK: - Page

    /// Forbids every fetch: no script, no frame, no image or font from anywhere; styles only inline.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    static let style = """
        body{font:15px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
        h1{font-size:1.7rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}h3{margin-top:1.6rem}
        table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.2rem .45rem;vertical-align:top;text-align:left}
        td.n,th.n{text-align:right}code{font:.85em ui-monospace,monospace;background:#f3f3f3;padding:0 .2em;overflow-wrap:anywhere}
        blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #c33;background:#fbf6f6}
        mark{background:#ffe08a;font-weight:600}ol.clauses>li{margin-bottom:1rem}.breaks{margin:.2rem 0}
        .sev-critical{color:#8b0000;font-weight:600}.sev-high{color:#c0392b}.sev-medium{color:#b9770e}.sev-low{color:#2e6da4}.sev-info{color:#555}
        figure{margin:1rem 0;break-inside:avoid}figcaption{font-weight:600}svg text{font:12px system-ui,sans-serif}
        td,th,p,li{unicode-bidi:plaintext}
        @media print{body{max-width:none;margin:0;font-size:11pt}a{color:inherit;text-decoration:none}section.app,tr,blockquote{break-inside:avoid}}
        """

    private func finish(_ frame: ReportFrame, context: SectionContext) -> (head: String, tail: String) {
        let ranked = MemoRanking(frame.apps)
        let survey = memo.isSurvey(context.appCount)
        var head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        head += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(Self.contentSecurityPolicy)\">\n"
        head += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        head += "<meta name=\"generator\" content=\"\(HTMLText.text(frame.tool.name)) \(HTMLText.text(frame.tool.version))\">\n"
        head += "<title>lendaudit findings</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        head += "<h1>lendaudit findings</h1>\n<p id=\"summary\">" + scope(frame) + " " + Self.html(MemoSummary.verdict(frame, ranked: ranked)) + "</p>\n"
        head += charts(frame, ranked: ranked)
        head += ranking(frame, ranked: ranked, survey: survey)
        head += categoryTable(frame)
        head += "<section id=\"findings\">\n<h2>Findings</h2>\n"
        if frame.apps.isEmpty {
            head += "<p>No apps were audited.</p>\n"
        } else if frame.tally.total == 0 && !frame.apps.contains(where: { $0.suppressed > 0 }) {
            head += "<p>No findings.</p>\n"
        } else if survey {
            head += "<p>This survey holds \(MarkdownReporter.count(frame.apps.count, "app")), more than \(memo.surveyThreshold): "
                + "each clause is one line (quote shortened to \(memo.surveyQuoteLimit) characters); the JSON report has every "
                + "quote, message and inventory in full.</p>\n"
        }
        var tail = "</section>\n"
        tail += rulesCited(frame, context: context) + normsCited(frame, context: context) + configuration(frame)
        tail += baseline(frame) + notices(frame)
        tail += "</body>\n</html>\n"
        return (head, tail)
    }

    private func scope(_ report: ReportFrame) -> String {
        let documents = report.documentCount
        let agreements = report.apps.reduce(0) { $0 + $1.agreements }
        let roots = report.roots.isEmpty ? "no paths" : MarkdownReporter.list(report.roots.map { "<code>\(HTMLText.text($0))</code>" })
        let packs = report.rulePacks.map { pack in
            let source = pack.source == "bundled" ? "bundled" : "from <code>\(HTMLText.text(pack.source))</code>"
            return "\(HTMLText.text(pack.name)) (\(MarkdownReporter.count(pack.ruleCount, "rule")), \(source))"
        }
        let packText = switch packs.count {
        case 0: "no rule packs"
        case 1: "the rule pack \(packs[0])"
        default: "the rule packs \(MarkdownReporter.list(packs))"
        }
        return "This report covers \(roots): \(MarkdownReporter.count(report.apps.count, "app")) and "
            + "\(MarkdownReporter.count(documents, "document")) (\(MarkdownReporter.count(agreements, "agreement")), "
            + "\(MarkdownReporter.count(documents - agreements, "manifest"))), checked against \(packText) "
            + "by \(HTMLText.text(report.tool.name)) \(HTMLText.text(report.tool.version))."
    }

    static func html(_ runs: [MemoRun]) -> String {
        runs.map { run in
            switch run {
            case .text(let text): HTMLText.text(text)
            case .strong(let text): "<strong>\(HTMLText.text(text))</strong>"
            case .code(let text): "<code>\(HTMLText.text(text))</code>"
            case .link(let text, let anchor): "<a href=\"#\(anchor)\">\(HTMLText.text(text))</a>"
            }
        }.joined()
    }

    // MARK: - Charts

    static let severityColours: [Severity: String] = [
        .critical: "#8b0000", .high: "#d9534f", .medium: "#f0ad4e", .low: "#5bc0de", .info: "#999999",
    ]

    private func charts(_ report: ReportFrame, ranked: MemoRanking) -> String {
        let tally = report.tally
        guard tally.total > 0 else { return "" }
        var html = "<section id=\"charts\">\n<h2>Charts</h2>\n"
        html += SVGBarChart(
            caption: "Findings by severity", id: "chart-severity",
            bars: Severity.descending.map { .init(label: $0.rawValue, parts: [(tally.count($0), Self.severityColours[$0]!)]) }
        ).html
        html += SVGBarChart(
            caption: "Findings by category", id: "chart-category",
            bars: tally.categoriesWithFindings.map { category in
                .init(label: category.rawValue, parts: Severity.descending.map { (tally.count(category, $0), Self.severityColours[$0]!) })
            }
        ).html
        let risky = ranked.order.filter { report.apps[$0].findings > 0 }.prefix(chartApps)
        html += SVGBarChart(
            caption: risky.count < report.apps.filter({ $0.findings > 0 }).count
                ? "Apps by risk (the \(risky.count) riskiest; findings by severity)" : "Apps by risk (findings by severity)",
            id: "chart-apps",
            bars: risky.map { index in
                let app = report.apps[index]
                return .init(label: app.name, parts: Severity.descending.map { (app.tally.count($0), Self.severityColours[$0]!) })
            }
        ).html
        html += "<p>Colours: " + Severity.descending.map { severity in
            "<span style=\"color:\(Self.severityColours[severity]!)\">■</span> \(severity.rawValue)"
        }.joined(separator: " ") + "</p>\n</section>\n"
        return html
    }

    // MARK: - Tables

    /// A table; cells are already-escaped HTML. Columns named in `numeric` are right-aligned.
    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var html = "<table>\n<thead><tr>"
        for (index, header) in headers.enumerated() {
            html += numeric.contains(index) ? "<th class=\"n\">\(header)</th>" : "<th>\(header)</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += numeric.contains(index) ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private func ranking(_ report: ReportFrame, ranked: MemoRanking, survey: Bool) -> String {
        var html = ""
        let risky = ranked.order.filter { report.apps[$0].findings > 0 }
        let clean = ranked.order.filter { report.apps[$0].findings == 0 }
        let shown = survey ? Array(risky.prefix(memo.surveyRows)) : risky
        if !risky.isEmpty {
            html += "<section id=\"apps-ranked-by-risk\">\n<h2>Apps ranked by risk</h2>\n"
            let rows = shown.enumerated().map { rank, index -> [String] in
                let app = report.apps[index]
                return ["\(rank + 1)", "<a href=\"#\(HTMLText.anchor(app.name, app.path))\">\(HTMLText.text(app.name))</a>"]
                    + app.severityCounts.map { $0 == 0 ? "" : "\($0)" }
                    + ["\(app.findings)", category(app)]
            }
            html += Self.table(["rank", "app"] + Severity.descending.map(\.rawValue) + ["findings", "category"], rows,
                               numeric: [0, 2, 3, 4, 5, 6, 7])
            if risky.count > shown.count {
                html += "<p>\(MarkdownReporter.count(risky.count - shown.count, "more app")) with findings "
                    + "\(risky.count - shown.count == 1 ? "follows" : "follow") in the same order under <a href=\"#findings\">Findings</a>.</p>\n"
            }
            html += "</section>\n<section id=\"apps-category\">\n<h2>Apps × category</h2>\n"
            let categories = report.tally.categoriesWithFindings
            var matrix = shown.map { index -> [String] in
                let app = report.apps[index]
                return [HTMLText.text(app.name)] + categories.map { app.tally.count($0) == 0 ? "" : "\(app.tally.count($0))" }
            }
            matrix.append(["<strong>apps</strong>"] + categories.map { category in
                "<strong>\(report.apps.filter { $0.tally.count(category) > 0 }.count)</strong>"
            })
            html += "<p>Findings per app and category; the last row counts the apps.</p>\n"
            html += Self.table(["app"] + categories.map { "<code>\($0.rawValue)</code>" }, matrix, numeric: Set(1...max(1, categories.count)))
            html += "</section>\n"
        }
        if !clean.isEmpty {
            let shownClean = survey ? Array(clean.prefix(memo.surveyRows)) : clean
            html += "<section id=\"apps-without-findings\">\n<h2>Apps without findings</h2>\n"
            html += Self.table(["app", "folder", "category", "documents", "permissions"], shownClean.map { index in
                let app = report.apps[index]
                return [HTMLText.text(app.name), "<code>\(HTMLText.text(app.path))</code>",
                        category(app, unknown: "unknown (lending rules not applied)"), "\(app.documents)", "\(app.permissions)"]
            }, numeric: [3, 4])
            if clean.count > shownClean.count {
                html += "<p>\(MarkdownReporter.count(clean.count - shownClean.count, "more app")) without findings are listed in the JSON report.</p>\n"
            }
            html += "</section>\n"
        }
        return html
    }

    private func category(_ app: AppDigest, unknown: String = "—") -> String {
        guard let category = app.category else { return unknown }
        return HTMLText.text(category) + (app.categoryInferred ? " (inferred)" : "")
    }

    private func categoryTable(_ report: ReportFrame) -> String {
        let tally = report.tally
        guard tally.total > 0 else { return "" }
        var rows = tally.categoriesWithFindings.map { category in
            ["<code>\(category.rawValue)</code>", HTMLText.text(category.meaning)]
                + Severity.descending.map { "\(tally.count(category, $0))" } + ["\(tally.count(category))"]
        }
        rows.append(["<strong>total</strong>", ""] + Severity.descending.map { "\(tally.count($0))" } + ["<strong>\(tally.total)</strong>"])
        return "<section id=\"findings-by-category\">\n<h2>Findings by category</h2>\n"
            + Self.table(["category", "meaning"] + Severity.descending.map(\.rawValue) + ["total"], rows, numeric: Set(2...7))
            + "</section>\n"
    }

    // MARK: - Apps

    private func app(_ app: AppReport, context: SectionContext, survey: Bool) -> String {
        var html = "<section class=\"app\" id=\"\(HTMLText.anchor(app.name, app.path))\">\n<h3>\(HTMLText.text(app.name))</h3>\n"
        var facts = ["<code>\(HTMLText.text(app.path))</code>"]
        facts.append(app.version.map { "version \(HTMLText.text($0))" } ?? "version not given")
        facts.append("category " + (app.category.map { HTMLText.text($0) + (app.categoryInferred ? " (inferred)" : "") }
            ?? "unknown (lending rules not applied)"))
        if !app.jurisdictions.isEmpty { facts.append("jurisdictions " + app.jurisdictions.map(HTMLText.text).joined(separator: ", ")) }
        let tally = FindingTally(app.findings)
        var counts = MarkdownReporter.count(tally.total, "finding")
        if tally.total > 0 {
            counts += ": " + Severity.descending.filter { tally.count($0) > 0 }.map { "\(tally.count($0)) \($0)" }.joined(separator: ", ")
        }
        if !app.suppressed.isEmpty { counts += " (\(app.suppressed.count) suppressed)" }
        html += "<p>" + facts.joined(separator: " · ") + ". " + counts + ".</p>\n"
        let groups = ClauseGroup.groups(app.findings)
        if !groups.isEmpty {
            html += clauses(groups, context: context, survey: survey, suppressed: false)
        }
        if !app.suppressed.isEmpty {
            html += "<p><strong>Suppressed (\(app.suppressed.count))</strong></p>\n"
            html += clauses(ClauseGroup.groups(app.suppressed), context: context, survey: survey, suppressed: true, start: groups.count + 1)
        }
        if !survey { html += inventory(app) }
        return html + "</section>\n"
    }

    private func clauses(_ groups: [ClauseGroup], context: SectionContext, survey: Bool, suppressed: Bool, start: Int = 1) -> String {
        if survey {
            return "<ul class=\"clauses\">\n" + groups.map { group in
                "<li><code>\(HTMLText.text(group.location.description))</code> " + breaks(group, context: context, citations: false)
                    + ": " + HTMLQuote(group.excerpt, limit: memo.surveyQuoteLimit).html
                    + (suppressed ? " " + suppressions(group) : "") + "</li>\n"
            }.joined() + "</ul>\n"
        }
        return "<ol class=\"clauses\" start=\"\(start)\">\n" + groups.map { group in
            var item = "<li><p><strong>\(HTMLText.text(group.title))</strong> — <code>\(HTMLText.text(group.location.description))</code></p>\n"
            item += "<blockquote>" + HTMLQuote(group.excerpt, limit: memo.quoteLimit).html + "</blockquote>\n"
            item += "<p class=\"breaks\">Breaks " + breaks(group, context: context, citations: true) + ".</p>\n"
            for finding in group.findings {
                let rule = context.rule(finding.ruleId)
                if rule?.message != finding.message {
                    item += "<p>\(HTMLText.text(finding.ruleId)): \(HTMLText.text(MarkdownReporter.sentence(finding.message)))</p>\n"
                }
                if rule?.remediation != finding.remediation {
                    item += "<p>Remediation (\(HTMLText.text(finding.ruleId))): \(HTMLText.text(MarkdownReporter.sentence(finding.remediation)))</p>\n"
                }
            }
            if suppressed { item += "<p>" + suppressions(group) + "</p>\n" }
            return item + "</li>\n"
        }.joined() + "</ol>\n"
    }

    private func suppressions(_ group: ClauseGroup) -> String {
        group.findings.compactMap { finding -> String? in
            guard let suppression = finding.suppression else { return nil }
            var line = "\(HTMLText.text(finding.ruleId)) suppressed by <code>\(HTMLText.text(suppression.source))</code>: "
                + HTMLText.text(suppression.reason)
            if let expires = suppression.expires { line += " (until \(HTMLText.text(expires)))" }
            return line + "."
        }.joined(separator: " ")
    }

    private func breaks(_ group: ClauseGroup, context: SectionContext, citations: Bool) -> String {
        var listed = Set<String>()
        var parts: [String] = []
        var norms: [NormCitation] = []
        for finding in group.findings where listed.insert(finding.ruleId).inserted {
            parts.append("\(HTMLText.text(finding.ruleId)) (<span class=\"sev-\(finding.severity)\">\(finding.severity)</span>)")
            norms += finding.norms
        }
        for finding in group.findings {
            for id in finding.alsoMatched where listed.insert(id).inserted {
                let rule = context.rule(id)
                parts.append("\(HTMLText.text(id)) (" + (rule.map { "<span class=\"sev-\($0.severity)\">\($0.severity)</span>, " } ?? "")
                    + "also matched)")
            }
        }
        let text = parts.joined(separator: ", ")
        guard citations, !norms.isEmpty else { return text }
        return text + " — " + HTMLText.text(MarkdownReporter.shortCitationText(norms))
    }

    private func inventory(_ app: AppReport) -> String {
        guard !app.documents.isEmpty else { return "<p>Inventory: no documents were read.</p>\n" }
        let documents = app.documents.map { document in
            let unit = document.kind == .agreement ? "clause" : "permission"
            let details = [HTMLText.text(document.format)] + (document.encoding.map { [HTMLText.text($0)] } ?? [])
                + [MarkdownReporter.count(document.units, unit)]
            return "<code>\(HTMLText.text(document.path))</code> (" + details.joined(separator: ", ") + ")"
        }
        var text = "<p>Inventory: " + documents.joined(separator: "; ") + "."
        if !app.permissions.isEmpty {
            let categories = Set(app.permissions.compactMap(\.category)).sorted()
            text += " \(MarkdownReporter.count(app.permissions.count, "permission")) requested"
            text += categories.isEmpty ? "." : "; personal information: " + categories.map(HTMLText.text).joined(separator: ", ") + "."
        }
        return text + "</p>\n"
    }

    // MARK: - Rules, norms, configuration

    private func rulesCited(_ report: ReportFrame, context: SectionContext) -> String {
        guard !report.citedRules.isEmpty else { return "" }
        let rows = report.citedRules.sorted().map { id -> [String] in
            guard let rule = context.rule(id) else { return [HTMLText.text(id), "—", "—", "not among the rules of this scan", "—", "—"] }
            return [
                HTMLText.text(rule.id), "<span class=\"sev-\(rule.severity)\">\(rule.severity)</span>", HTMLText.text(rule.title),
                HTMLText.text(MarkdownReporter.sentence(rule.message)), HTMLText.text(MarkdownReporter.sentence(rule.remediation)),
                rule.norms.isEmpty ? "—" : HTMLText.text(MarkdownReporter.shortCitationText(rule.norms)),
            ]
        }
        return "<section id=\"rules-cited\">\n<h2>Rules cited</h2>\n<p>Each rule a finding above names, once.</p>\n"
            + Self.table(["rule", "severity", "title", "what it means", "remediation", "norms"], rows) + "</section>\n"
    }

    private func normsCited(_ report: ReportFrame, context: SectionContext) -> String {
        let instruments = MarkdownReporter.normsByInstrument(report, context: context)
        guard !instruments.isEmpty else { return "" }
        var html = "<section id=\"norms-cited\">\n<h2>Norms cited</h2>\n<p>Each norm the rules above cite, once, by instrument. "
            + "Summaries are paraphrases; the instrument's own text is the authority.</p>\n"
        for instrument in instruments {
            let urls = Set(instrument.norms.map { PercentEncoding.httpURL($0.url) ?? "" })
            let shared = urls.count == 1 ? urls.first.flatMap { $0.isEmpty ? nil : $0 } : nil
            let title = instrument.title.isEmpty ? "(untitled)" : instrument.title
            html += "<h3>" + (shared.map { HTMLText.link(title, url: $0) } ?? HTMLText.text(title)) + "</h3>\n"
            let perRow = urls.count > 1
            html += Self.table(["citation", "summary"] + (perRow ? ["source"] : []), instrument.norms.map { norm in
                [HTMLText.text(norm.citation), norm.summary.map { HTMLText.text(MarkdownReporter.sentence($0)) } ?? "—"]
                    + (perRow ? [norm.url.map { HTMLText.link($0, url: $0) } ?? "—"] : [])
            })
        }
        return html + "</section>\n"
    }

    private func configuration(_ report: ReportFrame) -> String {
        let (items, notChecked) = MemoSummary.configuration(report)
        return "<section id=\"configuration-applied\">\n<h2>Configuration applied</h2>\n<ul>\n"
            + items.map { "<li>" + Self.html($0) + ".</li>\n" }.joined() + "</ul>\n<p>" + Self.html(notChecked) + "</p>\n</section>\n"
    }

    private func baseline(_ report: ReportFrame) -> String {
        var html = ""
        if let baseline = report.baseline {
            html += "<section id=\"compared-with-the-baseline\">\n<h2>Compared with the baseline</h2>\n"
            html += "<p>Baseline <code>\(HTMLText.text(baseline.file))</code>: \(MarkdownReporter.count(baseline.unchanged, "known finding")) "
                + "not repeated above, \(MarkdownReporter.count(baseline.fixed.count, "finding")) fixed since.</p>\n"
            if !baseline.fixed.isEmpty {
                html += Self.table(["rule", "app", "was at", "quote"], baseline.fixed.map { entry in
                    ["<code>\(HTMLText.text(entry.ruleId))</code>", HTMLText.text(entry.app),
                     "<code>\(HTMLText.text(entry.location.description))</code>", HTMLText.text(entry.quote)]
                })
            }
            html += "</section>\n"
        }
        if !report.unusedSuppressions.isEmpty {
            html += "<section id=\"suppressions-that-matched-nothing\">\n<h2>Suppressions that matched nothing</h2>\n"
            html += Self.table(["rule", "path", "written at", "why unused"], report.unusedSuppressions.map { unused in
                ["<code>\(HTMLText.text(unused.rule))</code>", unused.path.map { "<code>\(HTMLText.text($0))</code>" } ?? "any",
                 "<code>\(HTMLText.text(unused.source))</code>", unused.expired ? "expired" : "no finding matches it"]
            }) + "</section>\n"
        }
        return html
    }

    private func notices(_ report: ReportFrame) -> String {
        var html = ""
        func rows(_ items: [(String, String?, String)]) -> [[String]] {
            items.map { ["<code>\(HTMLText.text($0.0))</code>", $0.1.map(HTMLText.text) ?? "—", HTMLText.text($0.2)] }
        }
        if !report.warnings.isEmpty {
            html += "<section id=\"warnings\">\n<h2>Warnings</h2>\n<p>These inputs were audited, with a caveat; warnings do not fail the run.</p>\n"
                + Self.table(["path", "app", "warning"], rows(report.warnings.map { ($0.path, $0.app, $0.reason) })) + "</section>\n"
        }
        if !report.skippedFiles.isEmpty {
            html += "<section id=\"files-not-read\">\n<h2>Files not read</h2>\n<p>" + HTMLText.text(SkippedFile.summary(report.skippedFiles))
                + ". Each was looked at and left alone, for the reason given.</p>\n"
                + Self.table(["path", "app", "reason"], rows(report.skippedFiles.map { ($0.path, $0.app, $0.reason) })) + "</section>\n"
        }
        html += "<section id=\"inputs-that-could-not-be-audited\">\n<h2>Inputs that could not be audited</h2>\n"
        html += report.inputErrors.isEmpty ? "<p>None.</p>\n"
            : Self.table(["path", "app", "reason"], rows(report.inputErrors.map { ($0.path, $0.app, $0.reason) }))
        return html + "</section>\n"
    }
}

/// An excerpt as HTML: the original words escaped, the matched words in `<mark>`, long clauses
/// shortened around them as in the Markdown memo.
struct HTMLQuote {
    let window: QuoteWindow

    init(_ excerpt: Excerpt, limit: Int) {
        window = QuoteWindow(excerpt, limit: limit)
    }

    var html: String {
        let scalars = window.scalars
        var output = ""
        for (index, segment) in window.segments.enumerated() {
            if index > 0 {
                output += " … "
            } else if segment.lowerBound > 0 {
                output += "… "
            }
            for offset in segment {
                // Segments never cut a highlight, so every <mark> opened here is closed here.
                if window.highlights.contains(where: { $0.start == offset }) { output += "<mark>" }
                HTMLText.append(scalars[offset], to: &output)
                if window.highlights.contains(where: { $0.end == offset + 1 }) { output += "</mark>" }
            }
        }
        if let last = window.segments.last, last.upperBound < scalars.count { output += " …" }
        return output
    }
}
