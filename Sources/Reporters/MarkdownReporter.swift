import Findings

/// The findings memo for compliance officers: what was scanned and the verdict, summary tables,
/// every finding per app and severity with its quote, location, norm and remediation, each app's
/// inventory, and the inputs that could not be audited.
///
/// The layout is described in `docs/report-format.md`.
public struct MarkdownReporter: SectionedReporter {
    /// Longest quote, in Unicode scalars, before it is shortened around the matched words.
    public var quoteLimit: Int
    /// The gate the run applied, stated under the verdict.
    public var settings: ReportSettings

    public init(quoteLimit: Int = 400, settings: ReportSettings = ReportSettings()) {
        self.quoteLimit = quoteLimit
        self.settings = settings
    }

    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        AppSection(text: "\n\n" + self.app(app, context: context).joined(separator: "\n\n"))
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        Assembler(reporter: self)
    }

    /// Blocks are paragraphs, headings and tables joined by blank lines; each app's section
    /// starts with the blank line that ends the block before it.
    private final class Assembler: ReportAssembler {
        let reporter: MarkdownReporter

        init(reporter: MarkdownReporter) {
            self.reporter = reporter
        }

        func append(_ section: AppSection, app: AppDigest, errors: [InputError]) -> String {
            section.text
        }

        func finish(_ frame: ReportFrame) -> (head: String, tail: String) {
            var head = reporter.header(frame) + reporter.summary(frame) + ["## Findings"]
            if frame.apps.isEmpty {
                head.append("No apps were audited.")
            }
            let tail = reporter.baseline(frame) + reporter.unusedSuppressions(frame) + reporter.warnings(frame)
                + reporter.skippedFiles(frame) + reporter.inputErrors(frame)
            return (head.joined(separator: "\n\n"), "\n\n" + tail.joined(separator: "\n\n") + "\n")
        }
    }

    // MARK: - Header

    private func header(_ report: ReportFrame) -> [String] {
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
        return ["# lendaudit findings", scope, verdict(report)] + gate(report)
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

    private func verdict(_ report: ReportFrame) -> String {
        let tally = report.tally
        var sentence: String
        if tally.total == 0 {
            sentence = "No findings."
        } else {
            let affected = report.apps.filter { $0.findings > 0 }.count
            let bySeverity = Severity.descending.filter { tally.count($0) > 0 }.map { "\(tally.count($0)) \($0)" }
            sentence = "**\(Self.count(tally.total, "finding"))** in \(affected) of "
                + "\(Self.count(report.apps.count, "app")): \(bySeverity.joined(separator: ", "))."
        }
        if !report.inputErrors.isEmpty {
            let inputs = Self.count(report.inputErrors.count, "input")
            sentence += " \(inputs) could not be audited; see "
                + "[Inputs that could not be audited](#inputs-that-could-not-be-audited)."
        }
        let uncategorised = report.apps.filter { $0.category == nil }.count
        if uncategorised > 0 {
            // "No findings" must not read as "clean" when the lending rules never ran.
            sentence += " Lending rules were not applied to \(Self.count(uncategorised, "app")) whose category is unknown"
                + " (add category: lending to lendaudit.yml or pass --category lending)."
        }
        if !report.warnings.isEmpty {
            sentence += " \(Self.count(report.warnings.count, "warning")) about the inputs; see [Warnings](#warnings)."
        }
        if !report.skippedFiles.isEmpty {
            sentence += " " + Self.skippedSummary(report.skippedFiles) + "; see [Files not read](#files-not-read)."
        }
        return sentence
    }

    // MARK: - Summary

    private func summary(_ report: ReportFrame) -> [String] {
        let tally = report.tally
        var blocks = ["## Summary", "### By severity"]

        var severities = MarkdownTable([("severity", .left), ("findings", .right)])
        for severity in Severity.descending {
            severities.append([severity.title, "\(tally.count(severity))"])
        }
        severities.append(["**total**", "**\(tally.total)**"])
        blocks.append(severities.markdown)

        blocks.append("### By category")
        if tally.total == 0 {
            blocks.append("No findings in any category.")
        } else {
            let columns: [(String, MarkdownTable.Alignment)] = [("category", .left), ("meaning", .left)]
                + Severity.descending.map { ($0.rawValue, .right) } + [("total", .right)]
            var categories = MarkdownTable(columns)
            for category in tally.categoriesWithFindings {
                categories.append(
                    [MarkdownText.code(category.rawValue, inTable: true), MarkdownText.inline(category.meaning)]
                        + Severity.descending.map { "\(tally.count(category, $0))" } + ["\(tally.count(category))"])
            }
            categories.append(
                ["**total**", ""] + Severity.descending.map { "\(tally.count($0))" } + ["**\(tally.total)**"])
            blocks.append(categories.markdown)
        }

        blocks.append("### Apps")
        if report.apps.isEmpty {
            blocks.append("No apps were found in the scanned paths.")
        } else {
            var apps = MarkdownTable([
                ("app", .left), ("category", .left), ("documents", .right), ("permissions", .right),
                ("findings", .right), ("highest severity", .left),
            ])
            for app in report.apps {
                apps.append([
                    MarkdownText.inline(app.name), Self.category(app.category, inferred: app.categoryInferred),
                    "\(app.documents)", "\(app.permissions)", "\(app.findings)", app.highestSeverity?.title ?? "—",
                ])
            }
            blocks.append(apps.markdown)
        }
        return blocks
    }

    // MARK: - Findings

    private func app(_ app: AppReport, context: SectionContext) -> [String] {
        var facts = ["Folder \(MarkdownText.code(app.path))"]
        facts.append(app.version.map { "version \(MarkdownText.inline($0))" } ?? "version not given")
        facts.append("category \(Self.category(app.category, inferred: app.categoryInferred, unknown: "unknown (lending rules not applied)"))")
        if !app.jurisdictions.isEmpty {
            facts.append("jurisdictions \(app.jurisdictions.map(MarkdownText.inline).joined(separator: ", "))")
        }
        var blocks = ["### \(MarkdownText.inline(app.name))", facts.joined(separator: ", ") + "."]
        // Which rules the findings below come from: an app declared for the Philippines is not
        // audited against the Chinese pack, and a reader must see that.
        if !app.packs.isEmpty {
            let applied = app.jurisdictionsApplied.isEmpty ? "" : " (for \(app.jurisdictionsApplied.map(MarkdownText.inline).joined(separator: ", ")))"
            blocks.append("Rule packs: \(app.packs.map { MarkdownText.code($0) }.joined(separator: ", "))\(applied).")
        }

        if app.findings.isEmpty {
            blocks.append("No findings.")
        }
        var number = 0
        for severity in Severity.descending {
            let findings = app.findings.filter { $0.severity == severity }
            guard !findings.isEmpty else { continue }
            blocks.append("#### \(severity.title) (\(findings.count))")
            // One list per severity, numbered on through the app so each finding has one number.
            blocks.append(findings.map { finding in
                number += 1
                return entry(finding, number: number, context: context)
            }.joined(separator: "\n\n"))
        }
        if !app.suppressed.isEmpty {
            // Evidence is never withheld: a suppressed finding is listed with its reason, not counted.
            blocks.append("#### Suppressed (\(app.suppressed.count))")
            blocks.append(app.suppressed.map { finding in
                number += 1
                var text = entry(finding, number: number, context: context)
                if let suppression = finding.suppression {
                    let indent = String(repeating: " ", count: "\(number). ".count)
                    var line = "Suppressed by \(MarkdownText.code(suppression.source)): \(MarkdownText.inline(suppression.reason))"
                    if let expires = suppression.expires { line += " (until \(MarkdownText.inline(expires)))" }
                    text += "\n\n" + indent + line
                }
                return text
            }.joined(separator: "\n\n"))
        }
        blocks += inventory(app)
        return blocks
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

    private func entry(_ finding: Finding, number: Int, context: SectionContext) -> String {
        let marker = "\(number). "
        var paragraphs = [
            "**\(MarkdownText.inline(finding.ruleId)) — \(MarkdownText.inline(finding.title))**",
            "Location: \(MarkdownText.code(finding.location.description))",
            "> " + MarkdownQuote(finding.excerpt, limit: quoteLimit).markdown,
        ]
        // A finding normally carries its rule's words, rendered once per scan; one from elsewhere
        // (a merged report of another version) is rendered from its own.
        let words = context.markdownRuleText[finding.ruleId] ?? MarkdownRuleText(
            message: finding.message, remediation: finding.remediation, norms: finding.norms)
        if !finding.norms.isEmpty {
            let label = finding.norms.count == 1 ? "Norm" : "Norms"
            paragraphs.append("\(label): " + words.norms(of: finding) + ".")
        }
        paragraphs.append(words.message(of: finding))
        if !finding.alsoMatched.isEmpty {
            // One finding per clause and category: the other rules that read the clause the same way.
            paragraphs.append("Also matched: " + finding.alsoMatched.map { MarkdownText.code($0) }.joined(separator: ", "))
        }
        paragraphs.append("Remediation: " + words.remediation(of: finding))
        // Continuation paragraphs of a list item are indented to the item's content column.
        let indent = String(repeating: " ", count: marker.count)
        return marker + paragraphs.joined(separator: "\n\n" + indent)
    }

    /// "[PIPL art. 16](<url>), 个人信息保护法 (Personal Information Protection Law)".
    static func norm(_ norm: NormCitation) -> String {
        let citation = MarkdownText.link(MarkdownText.inline(norm.citation), url: norm.url)
        let title = norm.displayTitle
        return title.isEmpty ? citation : "\(citation), \(MarkdownText.inline(title))"
    }

    private func inventory(_ app: AppReport) -> [String] {
        var blocks = ["#### Inventory"]
        if app.documents.isEmpty {
            blocks.append("No documents were read.")
        } else {
            blocks.append("Documents read:")
            var documents = MarkdownTable([
                ("document", .left), ("kind", .left), ("format", .left), ("encoding", .left), ("contents", .right),
            ])
            for document in app.documents {
                let unit = document.kind == .agreement ? "clause" : "permission"
                documents.append([
                    MarkdownText.code(document.path, inTable: true), document.kind.rawValue,
                    MarkdownText.inline(document.format), document.encoding.map(MarkdownText.inline) ?? "—",
                    Self.count(document.units, unit),
                ])
            }
            blocks.append(documents.markdown)
        }
        if !app.permissions.isEmpty {
            blocks.append("Permissions requested:")
            var permissions = MarkdownTable([
                ("platform", .left), ("permission", .left), ("category", .left), ("purpose", .left),
                ("location", .left),
            ])
            for permission in app.permissions {
                var name = MarkdownText.code(permission.name, inTable: true)
                if !permission.qualifiers.isEmpty {
                    let qualifiers = permission.qualifiers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                    name += " (" + MarkdownText.inline(qualifiers.joined(separator: ", ")) + ")"
                }
                permissions.append([
                    permission.platform.displayName, name, permission.category.map(MarkdownText.inline) ?? "—",
                    permission.purpose.map(MarkdownText.inline) ?? "—",
                    MarkdownText.code(permission.location.description, inTable: true),
                ])
            }
            blocks.append(permissions.markdown)
        }
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

/// A rule's words as a finding entry shows them.
struct MarkdownRuleText: Sendable {
    private let message: String
    private let remediation: String
    private let norms: [NormCitation]
    private let messageMarkdown: String
    private let remediationMarkdown: String
    private let normsMarkdown: String

    init(_ rule: RuleDescriptor) {
        self.init(message: rule.message, remediation: rule.remediation, norms: rule.norms)
    }

    init(message: String, remediation: String, norms: [NormCitation]) {
        self.message = message
        self.remediation = remediation
        self.norms = norms
        messageMarkdown = Self.message(message)
        remediationMarkdown = Self.remediation(remediation)
        normsMarkdown = Self.norms(norms)
    }

    /// The rendered words, unless the finding's differ from the rule's.
    func message(of finding: Finding) -> String {
        finding.message == message ? messageMarkdown : Self.message(finding.message)
    }

    func remediation(of finding: Finding) -> String {
        finding.remediation == remediation ? remediationMarkdown : Self.remediation(finding.remediation)
    }

    func norms(of finding: Finding) -> String {
        finding.norms == norms ? normsMarkdown : Self.norms(finding.norms)
    }

    private static func message(_ text: String) -> String {
        MarkdownText.paragraph(MarkdownReporter.sentence(text))
    }

    private static func remediation(_ text: String) -> String {
        MarkdownText.inline(MarkdownReporter.sentence(text))
    }

    private static func norms(_ norms: [NormCitation]) -> String {
        norms.map(MarkdownReporter.norm).joined(separator: "; ")
    }
}
