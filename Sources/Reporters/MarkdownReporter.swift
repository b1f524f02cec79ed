import Findings

/// The findings memo a compliance officer reads top-down and signs: what was audited and found in
/// one paragraph, the apps ranked by risk, an apps × category matrix, then per app the offending
/// clauses (one quote per clause, with every rule it breaks and their short citations), the rules
/// and norms cited (each once, at the end), the configuration applied and what was not checked.
///
/// Beyond `surveyThreshold` apps the memo is a survey: the ranked tables keep their first
/// `surveyRows` rows and each app's section is one line per clause. The complete detail is in the
/// JSON report. The layout is described in `docs/report-format.md`.
public struct MarkdownReporter: SectionedReporter {
    /// Longest quote, in Unicode scalars, before it is shortened around the matched words.
    public var quoteLimit: Int
    /// More apps than this make the memo a survey (compact per-app sections).
    public var surveyThreshold: Int
    /// Rows the ranked tables keep in a survey.
    public var surveyRows: Int
    /// Longest quote in a survey's one-line entries.
    public var surveyQuoteLimit: Int
    /// The gate the run applied, stated under the verdict.
    public var settings: ReportSettings

    public init(
        quoteLimit: Int = 400, surveyThreshold: Int = 200, surveyRows: Int = 100, surveyQuoteLimit: Int = 100,
        settings: ReportSettings = ReportSettings()
    ) {
        self.quoteLimit = quoteLimit
        self.settings = settings
        self.surveyThreshold = surveyThreshold
        self.surveyRows = surveyRows
        self.surveyQuoteLimit = surveyQuoteLimit
    }

    func isSurvey(_ appCount: Int) -> Bool { appCount > surveyThreshold }

    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        // Apps without findings are one row of one table; their inventory is in the JSON report.
        guard !app.findings.isEmpty || !app.suppressed.isEmpty else { return AppSection(text: "") }
        let survey = isSurvey(context.appCount)
        return AppSection(text: "\n\n" + self.app(app, context: context, survey: survey).joined(separator: "\n\n"))
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        Assembler(reporter: self, context: context)
    }

    /// Blocks are paragraphs, headings and tables joined by blank lines; each app's section
    /// starts with the blank line that ends the block before it.
    private final class Assembler: ReportAssembler {
        let reporter: MarkdownReporter
        let context: SectionContext

        init(reporter: MarkdownReporter, context: SectionContext) {
            self.reporter = reporter
            self.context = context
        }

        func append(_ section: AppSection, app: AppDigest, errors: [InputError]) -> String {
            section.text
        }

        func finish(_ frame: ReportFrame) -> (head: String, tail: String) {
            let survey = reporter.isSurvey(context.appCount)
            let ranked = MemoRanking(frame.apps)
            var head = reporter.header(frame, ranked: ranked) + reporter.ranking(frame, ranked: ranked, survey: survey)
            head += reporter.categoryTable(frame) + ["## Findings"]
            if frame.apps.isEmpty {
                head.append("No apps were audited.")
            } else if frame.tally.total == 0 && !frame.apps.contains(where: { $0.suppressed > 0 }) {
                head.append("No findings.")
            } else if survey {
                head.append(
                    "This survey holds \(Self.count(frame.apps.count, "app")), more than \(reporter.surveyThreshold): each clause is one line "
                        + "(quote shortened to \(reporter.surveyQuoteLimit) characters); the JSON report has every quote, "
                        + "message and inventory in full.")
            }
            let tail = reporter.rulesCited(frame, context: context) + reporter.normsCited(frame, context: context)
                + reporter.configurationApplied(frame) + reporter.baseline(frame) + reporter.unusedSuppressions(frame)
                + reporter.warnings(frame) + reporter.skippedFiles(frame) + reporter.inputErrors(frame)
            return (head.joined(separator: "\n\n"), "\n\n" + tail.joined(separator: "\n\n") + "\n")
        }

        func sectionOrder(_ frame: ReportFrame) -> [Int]? {
            MemoRanking(frame.apps).order
        }

        private static func count(_ number: Int, _ noun: String) -> String { MarkdownReporter.count(number, noun) }
    }

    // MARK: - Header

    private func header(_ report: ReportFrame, ranked: MemoRanking) -> [String] {
        let documents = report.documentCount
        let agreements = report.apps.reduce(0) { $0 + $1.agreements }
        let roots = report.roots.isEmpty ? "no paths" : Self.list(report.roots.map { MarkdownText.code($0) })
        let packs = report.rulePacks.map { pack in
            let source = pack.source == "bundled" ? "bundled" : "from \(MarkdownText.code(pack.source))"
            return "\(MarkdownText.inline(pack.name)) (\(Self.count(pack.ruleCount, "rule")), \(source))"
        }
        let packText = switch packs.count {
        case 0: "no rule packs"
        case 1: "the rule pack \(packs[0])"
        default: "the rule packs \(Self.list(packs))"
        }
        let scope = "This report covers \(roots): \(Self.count(report.apps.count, "app")) and "
            + "\(Self.count(documents, "document")) (\(Self.count(agreements, "agreement")), "
            + "\(Self.count(documents - agreements, "manifest"))), checked against \(packText) "
            + "by \(MarkdownText.inline(report.tool.name)) \(MarkdownText.inline(report.tool.version))."
        return ["# lendaudit findings", scope + " " + verdict(report, ranked: ranked)] + gate(report)
    }

    /// Which threshold decided the exit code, and how many findings reached it.
    private func gate(_ report: ReportFrame) -> [String] {
        guard let gate = settings.gate else { return [] }
        guard let threshold = gate.threshold else {
            return ["Gate: `--fail-on none`; no finding fails the run."]
        }
        let failing = Severity.allCases.filter { $0 >= threshold }.reduce(0) { $0 + report.tally.count($1) }
        return ["Gate: `--fail-on \(threshold)`; \(Self.count(failing, "finding")) at or above it."]
    }

    private func verdict(_ report: ReportFrame, ranked: MemoRanking) -> String {
        Self.markdown(MemoSummary.verdict(report, ranked: ranked))
    }

    /// The shared words as Markdown: text escaped, strong in `**`, code in backticks, links to anchors.
    static func markdown(_ runs: [MemoRun]) -> String {
        runs.map { run in
            switch run {
            case .text(let text): MarkdownText.inline(text)
            case .strong(let text): "**" + MarkdownText.inline(text) + "**"
            case .code(let text): MarkdownText.code(text)
            case .link(let text, let anchor): "[\(MarkdownText.inline(text))](#\(anchor))"
            }
        }.joined()
    }

    /// "2 critical, 3 high": the severities an app has findings of.
    static func severityCounts(_ app: AppDigest) -> String {
        Severity.descending.filter { app.tally.count($0) > 0 }.map { "\(app.tally.count($0)) \($0)" }
            .joined(separator: ", ")
    }

    // MARK: - Ranking and matrix

    private func ranking(_ report: ReportFrame, ranked: MemoRanking, survey: Bool) -> [String] {
        var blocks: [String] = []
        let risky = ranked.order.filter { report.apps[$0].findings > 0 }
        let clean = ranked.order.filter { report.apps[$0].findings == 0 }
        let shown = survey ? Array(risky.prefix(surveyRows)) : risky
        let more = risky.count - shown.count
        if !risky.isEmpty {
            blocks.append("## Apps ranked by risk")
            var table = MarkdownTable(
                [("rank", .right), ("app", .left)] + Severity.descending.map { ($0.rawValue, .right) }
                    + [("findings", .right), ("category", .left)])
            for (rank, index) in shown.enumerated() {
                let app = report.apps[index]
                table.append(
                    ["\(rank + 1)", MarkdownText.inline(app.name)] + app.severityCounts.map { $0 == 0 ? "" : "\($0)" }
                        + ["\(app.findings)", Self.category(app.category, inferred: app.categoryInferred)])
            }
            blocks.append(table.markdown)
            if more > 0 {
                blocks.append("\(Self.count(more, "more app")) with findings \(more == 1 ? "follows" : "follow") in the same order under [Findings](#findings).")
            }

            let categories = report.tally.categoriesWithFindings
            blocks.append("## Apps × category")
            blocks.append("Findings per app and category (the categories are explained under [Findings by category](#findings-by-category)); "
                + "the last row counts the apps.")
            var matrix = MarkdownTable([("app", .left)] + categories.map { ("`\($0.rawValue)`", .right) })
            for index in shown {
                let app = report.apps[index]
                matrix.append([MarkdownText.inline(app.name)] + categories.map { app.tally.count($0) == 0 ? "" : "\(app.tally.count($0))" })
            }
            matrix.append(["**apps**"] + categories.map { category in
                "**\(report.apps.filter { $0.tally.count(category) > 0 }.count)**"
            })
            blocks.append(matrix.markdown)
        }
        if !clean.isEmpty {
            blocks.append("## Apps without findings")
            let shownClean = survey ? Array(clean.prefix(surveyRows)) : clean
            var table = MarkdownTable([
                ("app", .left), ("folder", .left), ("category", .left), ("documents", .right), ("permissions", .right),
            ])
            for index in shownClean {
                let app = report.apps[index]
                table.append([
                    MarkdownText.inline(app.name), MarkdownText.code(app.path, inTable: true),
                    Self.category(app.category, inferred: app.categoryInferred, unknown: "unknown (lending rules not applied)"),
                    "\(app.documents)", "\(app.permissions)",
                ])
            }
            blocks.append(table.markdown)
            if clean.count > shownClean.count {
                blocks.append("\(Self.count(clean.count - shownClean.count, "more app")) without findings are listed in the JSON report.")
            }
        }
        return blocks
    }

    private func categoryTable(_ report: ReportFrame) -> [String] {
        let tally = report.tally
        guard tally.total > 0 else { return [] }
        var blocks = ["## Findings by category"]
        let columns: [(String, MarkdownTable.Alignment)] = [("category", .left), ("meaning", .left)]
            + Severity.descending.map { ($0.rawValue, .right) } + [("total", .right)]
        var categories = MarkdownTable(columns)
        for category in tally.categoriesWithFindings {
            categories.append(
                [MarkdownText.code(category.rawValue, inTable: true), MarkdownText.inline(category.meaning)]
                    + Severity.descending.map { "\(tally.count(category, $0))" } + ["\(tally.count(category))"])
        }
        categories.append(["**total**", ""] + Severity.descending.map { "\(tally.count($0))" } + ["**\(tally.total)**"])
        blocks.append(categories.markdown)
        return blocks
    }

    // MARK: - Findings

    private func app(_ app: AppReport, context: SectionContext, survey: Bool) -> [String] {
        var facts = [MarkdownText.code(app.path)]
        facts.append(app.version.map { "version \(MarkdownText.inline($0))" } ?? "version not given")
        facts.append("category \(Self.category(app.category, inferred: app.categoryInferred, unknown: "unknown (lending rules not applied)"))")
        if !app.jurisdictions.isEmpty {
            facts.append("jurisdictions \(app.jurisdictions.map(MarkdownText.inline).joined(separator: ", "))")
        }
        let tally = FindingTally(app.findings)
        var counts = Self.count(tally.total, "finding")
        if tally.total > 0 {
            counts += ": " + Severity.descending.filter { tally.count($0) > 0 }.map { "\(tally.count($0)) \($0)" }.joined(separator: ", ")
        }
        if !app.suppressed.isEmpty { counts += " (\(app.suppressed.count) suppressed)" }
        var blocks = ["### \(MarkdownText.inline(app.name))", facts.joined(separator: " · ") + ". " + counts + "."]
        // Which rules the findings below come from: an app declared for the Philippines is not
        // audited against the Chinese pack, and a reader must see that.
        if !app.packs.isEmpty {
            let applied = app.jurisdictionsApplied.isEmpty ? "" : " (for \(app.jurisdictionsApplied.map(MarkdownText.inline).joined(separator: ", ")))"
            blocks.append("Rule packs: \(app.packs.map { MarkdownText.code($0) }.joined(separator: ", "))\(applied).")
        }

        let groups = ClauseGroup.groups(app.findings)
        var number = 0
        if survey {
            if !groups.isEmpty { blocks.append(groups.map { line($0, context: context) }.joined(separator: "\n")) }
        } else {
            if !groups.isEmpty {
                blocks.append(groups.map { group in
                    number += 1
                    return entry(group, number: number, context: context)
                }.joined(separator: "\n\n"))
            }
        }
        if !app.suppressed.isEmpty {
            // Evidence is never withheld: a suppressed finding is listed with its reason, not counted.
            blocks.append("**Suppressed (\(app.suppressed.count))**")
            let suppressedGroups = ClauseGroup.groups(app.suppressed)
            if survey {
                blocks.append(suppressedGroups.map { line($0, context: context) + " " + suppressions($0) }.joined(separator: "\n"))
            } else {
                blocks.append(suppressedGroups.map { group in
                    number += 1
                    let indent = String(repeating: " ", count: "\(number). ".count)
                    return entry(group, number: number, context: context) + "\n\n" + indent + suppressions(group)
                }.joined(separator: "\n\n"))
            }
        }
        if !survey { blocks.append(inventory(app)) }
        return blocks
    }

    /// "Suppressed by `.lendaudit.yml:4`: reason (until 2026-12-31)." for each finding of a group.
    private func suppressions(_ group: ClauseGroup) -> String {
        group.findings.compactMap { finding -> String? in
            guard let suppression = finding.suppression else { return nil }
            var line = "\(MarkdownText.inline(finding.ruleId)) suppressed by \(MarkdownText.code(suppression.source)): "
                + MarkdownText.inline(suppression.reason)
            if let expires = suppression.expires { line += " (until \(MarkdownText.inline(expires)))" }
            return line + "."
        }.joined(separator: " ")
    }

    /// One clause: its title, location and quote once, then every rule it breaks.
    private func entry(_ group: ClauseGroup, number: Int, context: SectionContext) -> String {
        let marker = "\(number). "
        var paragraphs = [
            "**\(MarkdownText.inline(group.title))** — \(MarkdownText.code(group.location.description))",
            "> " + MarkdownQuote(group.excerpt, limit: quoteLimit).markdown,
            "Breaks " + breaks(group, context: context, citations: true) + ".",
        ]
        // A finding from elsewhere (a merged report of another version) may carry words its rule
        // here does not have; those are shown with it rather than lost.
        for finding in group.findings {
            let rule = context.rule(finding.ruleId)
            if rule?.message != finding.message {
                paragraphs.append("\(MarkdownText.inline(finding.ruleId)): " + MarkdownText.inline(Self.sentence(finding.message)))
            }
            if rule?.remediation != finding.remediation {
                paragraphs.append("Remediation (\(MarkdownText.inline(finding.ruleId))): " + MarkdownText.inline(Self.sentence(finding.remediation)))
            }
        }
        // Continuation paragraphs of a list item are indented to the item's content column.
        let indent = String(repeating: " ", count: marker.count)
        return marker + paragraphs.joined(separator: "\n\n" + indent)
    }

    /// A survey's one line per clause: location, rules, shortened quote.
    private func line(_ group: ClauseGroup, context: SectionContext) -> String {
        "- \(MarkdownText.code(group.location.description)) " + breaks(group, context: context, citations: false) + ": "
            + MarkdownQuote(group.excerpt, limit: surveyQuoteLimit).markdown
    }

    /// "CN-CONTACTS-READ (critical), CN-X (high, also matched) — PIPL art. 6, 16 · CN-2021 art. 4": every rule
    /// the clause breaks, then the norms its findings' rules cite, each once (an also-matched rule's
    /// norms are beside it in the table of rules cited).
    private func breaks(_ group: ClauseGroup, context: SectionContext, citations: Bool) -> String {
        var listed = Set<String>()
        var parts: [String] = []
        var norms: [NormCitation] = []
        for finding in group.findings where listed.insert(finding.ruleId).inserted {
            parts.append("\(MarkdownText.inline(finding.ruleId)) (\(finding.severity))")
            norms += finding.norms
        }
        for finding in group.findings {
            for id in finding.alsoMatched where listed.insert(id).inserted {
                let rule = context.rule(id)
                parts.append("\(MarkdownText.inline(id)) (" + (rule.map { "\($0.severity), " } ?? "") + "also matched)")
            }
        }
        let text = parts.joined(separator: ", ")
        guard citations, !norms.isEmpty else { return text }
        return text + " — " + Self.shortCitations(norms)
    }

    /// `shortCitationText`, escaped for Markdown.
    static func shortCitations(_ norms: [NormCitation]) -> String {
        MarkdownText.inline(shortCitationText(norms))
    }

    /// "PIPL art. 6, 16 · CN-2021 art. 4" (plain text): each norm once, in the order the rules list them, with
    /// numbered articles of one instrument joined; titles, summaries and links are in the table of
    /// norms at the end.
    static func shortCitationText(_ norms: [NormCitation]) -> String {
        var seen = Set<String>()
        var groups: [(prefix: String, numbers: [String])] = []
        var seenText = Set<String>()
        // Once per norm, and once per citation text: norms cited without a number share their instrument's.
        for norm in norms where seen.insert(norm.id).inserted && seenText.insert(norm.citation).inserted {
            let citation = norm.citation
            // "PIPL art. 16" -> ("PIPL art.", "16"); only numbered articles join.
            if let space = citation.lastIndex(of: " "), citation[citation.index(after: space)...].first?.isNumber == true {
                let prefix = String(citation[..<space])
                let number = String(citation[citation.index(after: space)...])
                if let index = groups.firstIndex(where: { $0.prefix == prefix && !$0.numbers.isEmpty }) {
                    groups[index].numbers.append(number)
                } else {
                    groups.append((prefix, [number]))
                }
            } else {
                groups.append((citation, []))
            }
        }
        return groups.map { group in
            let numbers = group.numbers.sorted { NormOrder.key($0).lexicographicallyPrecedes(NormOrder.key($1)) }
            return numbers.isEmpty ? group.prefix : group.prefix + " " + numbers.joined(separator: ", ")
        }.joined(separator: " · ")
    }

    /// "[PIPL art. 16](<url>), 个人信息保护法 (Personal Information Protection Law)" (SARIF's help text).
    static func norm(_ norm: NormCitation) -> String {
        let citation = MarkdownText.link(MarkdownText.inline(norm.citation), url: norm.url)
        let title = norm.displayTitle
        return title.isEmpty ? citation : "\(citation), \(MarkdownText.inline(title))"
    }

    /// The documents read and the permissions asked, in one paragraph; the full tables are in JSON.
    private func inventory(_ app: AppReport) -> String {
        guard !app.documents.isEmpty else { return "Inventory: no documents were read." }
        let documents = app.documents.map { document in
            let unit = document.kind == .agreement ? "clause" : "permission"
            let details = [MarkdownText.inline(document.format)] + (document.encoding.map { [MarkdownText.inline($0)] } ?? [])
                + [Self.count(document.units, unit)]
            return MarkdownText.code(document.path) + " (" + details.joined(separator: ", ") + ")"
        }
        var text = "Inventory: " + documents.joined(separator: "; ") + "."
        if !app.permissions.isEmpty {
            // The categories say why the permissions matter; each permission is in the JSON report.
            let categories = Set(app.permissions.compactMap(\.category)).sorted()
            text += " \(Self.count(app.permissions.count, "permission")) requested"
            text += categories.isEmpty ? "." : "; personal information: " + categories.map(MarkdownText.inline).joined(separator: ", ") + "."
        }
        return text
    }

    // MARK: - Rules and norms cited

    private func rulesCited(_ report: ReportFrame, context: SectionContext) -> [String] {
        guard !report.citedRules.isEmpty else { return [] }
        var table = MarkdownTable([
            ("rule", .left), ("severity", .left), ("title", .left), ("what it means", .left), ("remediation", .left),
            ("norms", .left),
        ])
        for id in report.citedRules.sorted() {
            guard let rule = context.rule(id) else {
                table.append([MarkdownText.inline(id), "—", "—", "not among the rules of this scan", "—", "—"])
                continue
            }
            table.append([
                MarkdownText.inline(rule.id), rule.severity.rawValue, MarkdownText.inline(rule.title),
                MarkdownText.inline(Self.sentence(rule.message)), MarkdownText.inline(Self.sentence(rule.remediation)),
                rule.norms.isEmpty ? "—" : Self.shortCitations(rule.norms),
            ])
        }
        return ["## Rules cited", "Each rule a finding above names, once.", table.markdown]
    }

    /// Every norm the findings and the cited rules cite, once, grouped by instrument (norms of one
    /// instrument share its titles), instruments and norms in citation order.
    static func normsByInstrument(_ report: ReportFrame, context: SectionContext) -> [(title: String, norms: [NormCitation])] {
        var norms = report.citedNorms
        for id in report.citedRules {
            for norm in context.rule(id)?.norms ?? [] where norms[norm.id] == nil { norms[norm.id] = norm }
        }
        var instruments: [(title: String, norms: [NormCitation])] = []
        for norm in norms.values.sorted(by: NormOrder.precedes) {
            if let index = instruments.firstIndex(where: { $0.title == norm.displayTitle }) {
                instruments[index].norms.append(norm)
            } else {
                instruments.append((norm.displayTitle, [norm]))
            }
        }
        return instruments
    }

    private func normsCited(_ report: ReportFrame, context: SectionContext) -> [String] {
        let instruments = Self.normsByInstrument(report, context: context)
        guard !instruments.isEmpty else { return [] }
        var blocks = ["## Norms cited", "Each norm the rules above cite, once, by instrument. Summaries are paraphrases; "
            + "the instrument's own text is the authority."]
        for instrument in instruments {
            let urls = Set(instrument.norms.map { PercentEncoding.httpURL($0.url) ?? "" })
            let shared = urls.count == 1 ? urls.first.flatMap { $0.isEmpty ? nil : $0 } : nil
            let title = instrument.title.isEmpty ? "(untitled)" : instrument.title
            blocks.append("**" + MarkdownText.inline(title) + "**" + (shared.map { " — <\($0)>" } ?? ""))
            let perRow = urls.count > 1
            var table = MarkdownTable([("citation", .left), ("summary", .left)] + (perRow ? [("source", .left)] : []))
            for norm in instrument.norms {
                table.append([MarkdownText.inline(norm.citation), norm.summary.map { MarkdownText.inline(Self.sentence($0)) } ?? "—"]
                    + (perRow ? [PercentEncoding.httpURL(norm.url).map { "<\($0)>" } ?? "—"] : []))
            }
            blocks.append(table.markdown)
        }
        return blocks
    }

    // MARK: - Configuration applied

    private func configurationApplied(_ report: ReportFrame) -> [String] {
        let (items, notChecked) = MemoSummary.configuration(report)
        return [
            "## Configuration applied",
            items.map { "- " + Self.markdown($0) + "." }.joined(separator: "\n"),
            Self.markdown(notChecked),
        ]
    }

    // MARK: - Baseline and suppressions

    private func baseline(_ report: ReportFrame) -> [String] {
        guard let baseline = report.baseline else { return [] }
        var blocks = ["## Compared with the baseline"]
        blocks.append(
            "Baseline \(MarkdownText.code(baseline.file)): \(Self.count(baseline.unchanged, "known finding")) not repeated above, "
                + "\(Self.count(baseline.fixed.count, "finding")) fixed since.")
        if !baseline.fixed.isEmpty {
            var table = MarkdownTable([("rule", .left), ("app", .left), ("was at", .left), ("quote", .left)])
            for entry in baseline.fixed {
                table.append([
                    MarkdownText.code(entry.ruleId, inTable: true), MarkdownText.inline(entry.app),
                    MarkdownText.code(entry.location.description, inTable: true),
                    MarkdownText.inline(String(entry.quote.prefix(120)) + (entry.quote.count > 120 ? "…" : "")),
                ])
            }
            blocks.append(table.markdown)
        }
        return blocks
    }

    private func unusedSuppressions(_ report: ReportFrame) -> [String] {
        guard !report.unusedSuppressions.isEmpty else { return [] }
        var blocks = ["## Suppressions that matched nothing"]
        var table = MarkdownTable([("rule", .left), ("path", .left), ("written at", .left), ("why unused", .left)])
        for unused in report.unusedSuppressions {
            table.append([
                MarkdownText.code(unused.rule, inTable: true), unused.path.map { MarkdownText.code($0, inTable: true) } ?? "any",
                MarkdownText.code(unused.source, inTable: true), unused.expired ? "expired" : "no finding matches it",
            ])
        }
        blocks.append(table.markdown)
        return blocks
    }

    // MARK: - Warnings and files not read

    /// "3 files lendaudit does not read: .docx, .pdf — save agreements as HTML or text".
    static func skippedSummary(_ skipped: [SkippedFile]) -> String {
        SkippedFile.summary(skipped)
    }

    private func warnings(_ report: ReportFrame) -> [String] {
        guard !report.warnings.isEmpty else { return [] }
        var table = MarkdownTable([("path", .left), ("app", .left), ("warning", .left)])
        for warning in report.warnings {
            table.append([
                MarkdownText.code(warning.path, inTable: true), warning.app.map(MarkdownText.inline) ?? "—",
                MarkdownText.inline(warning.reason),
            ])
        }
        return [
            "## Warnings",
            "These inputs were audited, with a caveat; warnings do not fail the run.",
            table.markdown,
        ]
    }

    private func skippedFiles(_ report: ReportFrame) -> [String] {
        guard !report.skippedFiles.isEmpty else { return [] }
        var table = MarkdownTable([("path", .left), ("app", .left), ("reason", .left)])
        for file in report.skippedFiles {
            table.append([
                MarkdownText.code(file.path, inTable: true), file.app.map(MarkdownText.inline) ?? "—",
                MarkdownText.inline(file.reason),
            ])
        }
        return [
            "## Files not read",
            Self.skippedSummary(report.skippedFiles) + ". Each was looked at and left alone, for the reason given.",
            table.markdown,
        ]
    }

    // MARK: - Input errors

    private func inputErrors(_ report: ReportFrame) -> [String] {
        var blocks = ["## Inputs that could not be audited"]
        if report.inputErrors.isEmpty {
            blocks.append("None.")
        } else {
            var table = MarkdownTable([("path", .left), ("app", .left), ("reason", .left)])
            for error in report.inputErrors {
                table.append([
                    MarkdownText.code(error.path, inTable: true), error.app.map(MarkdownText.inline) ?? "—",
                    MarkdownText.inline(error.reason),
                ])
            }
            blocks.append(table.markdown)
        }
        return blocks
    }

    // MARK: - Wording

    /// "lending", "lending (inferred)", or the placeholder when the category is unknown.
    private static func category(_ category: String?, inferred: Bool, unknown: String = "—") -> String {
        guard let category else { return unknown }
        return MarkdownText.inline(category) + (inferred ? " (inferred)" : "")
    }

    /// "1 app", "3 apps": every noun the report counts takes a plain "s".
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// Rule messages are written without a final period (STYLE.md); in the memo they are sentences.
    static func sentence(_ text: String) -> String {
        let text = text.trimmingWhitespace()
        guard let last = text.unicodeScalars.last else { return text }
        return ".!?。！？…".unicodeScalars.contains(last) ? text : text + "."
    }
}

/// The findings of one clause: one quote, every rule it breaks.
///
/// Findings share a clause when they have the same location and the same words; their matched
/// words are merged into one set of highlights.
struct ClauseGroup {
    var location: SourceLocation
    var excerpt: Excerpt
    /// Most severe first, then by rule id.
    var findings: [Finding]

    var severity: Severity { findings[0].severity }
    var title: String { findings[0].title }

    /// The groups of an app's findings, most severe clause first, then in report order.
    static func groups(_ findings: [Finding]) -> [ClauseGroup] {
        var groups: [ClauseGroup] = []
        var index: [GroupKey: Int] = [:]
        for finding in findings {
            let key = GroupKey(path: finding.location.path, line: finding.location.line, column: finding.location.column,
                               text: finding.excerpt.text)
            if let position = index[key] {
                groups[position].findings.append(finding)
                groups[position].excerpt.highlights = HighlightRange.merged(
                    groups[position].excerpt.highlights + finding.excerpt.highlights)
            } else {
                index[key] = groups.count
                groups.append(ClauseGroup(location: finding.location, excerpt: finding.excerpt, findings: [finding]))
            }
        }
        for position in groups.indices {
            groups[position].findings.sort { ($1.severity, $0.ruleId) < ($0.severity, $1.ruleId) }
        }
        // Stable: groups of one severity keep report order (path, line, column).
        return groups.enumerated().sorted { lhs, rhs in
            lhs.element.severity != rhs.element.severity ? lhs.element.severity > rhs.element.severity : lhs.offset < rhs.offset
        }.map(\.element)
    }

    private struct GroupKey: Hashable {
        var path: String
        var line: Int
        var column: Int
        var text: String
    }
}

/// The memo's order of apps: most critical findings first, then most high, and so on down to
/// info; ties by name, then folder. Apps without findings come last, by name.
struct MemoRanking {
    /// Indices into the frame's apps.
    let order: [Int]

    init(_ apps: [AppDigest]) {
        let keys = apps.map(\.severityCounts)
        order = apps.indices.sorted { lhs, rhs in
            if keys[lhs] != keys[rhs] { return keys[lhs].lexicographicallyPrecedes(keys[rhs], by: >) }
            if apps[lhs].name != apps[rhs].name { return apps[lhs].name < apps[rhs].name }
            if apps[lhs].path != apps[rhs].path { return apps[lhs].path < apps[rhs].path }
            return lhs < rhs
        }
    }

    /// The categories of the summary's first sentence: the address book and the people in it.
    static let contactCategories: [FindingCategory] = [
        .contactsPermission, .contactsCollection, .thirdPartyCollection, .emergencyContacts,
    ]
}

/// Norms in reading order: by citation, with numbers compared as numbers (art. 6 before art. 16).
enum NormOrder {
    static func precedes(_ lhs: NormCitation, _ rhs: NormCitation) -> Bool {
        let left = key(lhs.citation)
        let right = key(rhs.citation)
        if left != right { return left.lexicographicallyPrecedes(right) }
        return lhs.id < rhs.id
    }

    /// Runs of digits become zero-padded, so that plain comparison orders them as numbers.
    static func key(_ text: String) -> [UInt32] {
        var key: [UInt32] = []
        var digits: [UInt32] = []
        func flush() {
            guard !digits.isEmpty else { return }
            key += [UInt32](repeating: 48, count: max(0, 12 - digits.count)) + digits
            digits = []
        }
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                digits.append(scalar.value)
            } else {
                flush()
                key.append(scalar.value)
            }
        }
        flush()
        return key
    }
}

extension FindingCategory {
    /// What apps of this category do, for the memo's first paragraph ("3 apps read the address book").
    var appPhrase: String {
        switch self {
        case .contactsPermission: "ask for the address book in the manifest"
        case .contactsCollection: "read the address book"
        case .refusalToServe: "refuse service when information is declined"
        case .thirdPartyCollection: "threaten to contact third parties about the debt"
        case .debtDisclosure: "pass debts or data to third parties"
        case .liabilityWaiver: "disclaim liability"
        case .emergencyContacts: "take emergency contacts improperly"
        case .excessivePermission: "ask for permissions a lending app does not need"
        case .undisclosedPermission: "ask for permissions no agreement discloses"
        case .contradiction: "deny in an agreement what the manifest asks for"
        case .loanTerms: "set loan terms past a store's limits"
        }
    }
}
