import Findings
import Foundation
import Rules

/// Rule documentation generated from the rule data itself, for `rules list` and `rules show`.
enum RuleDocumentation {
    struct RuleEntry: Encodable {
        var id: String
        var aliases: [String]
        var title: String
        var titleZh: String?
        var category: String
        var severity: String
        var appliesTo: String
        var appCategories: [String]
        var pack: String
        var file: String
        var norms: [NormCitation]
        var message: String
        var remediation: String
        var examples: Examples

        struct Examples: Encodable {
            var violating: [String]
            var compliant: [String]
            var todo: [String]
        }
    }

    static func json(_ ruleSet: RuleSet) throws -> String {
        let entries = ruleSet.rules.map { rule in
            RuleEntry(
                id: rule.id, aliases: rule.aliases, title: rule.title, titleZh: rule.titleZh,
                category: rule.category.rawValue, severity: rule.severity.rawValue, appliesTo: rule.appliesTo.rawValue,
                appCategories: rule.appCategories, pack: rule.pack, file: rule.file,
                norms: rule.normIds.compactMap { ruleSet.catalogue.citation(for: $0) },
                message: rule.message, remediation: rule.remediation,
                examples: .init(
                    violating: rule.examples.violating.map(\.text), compliant: rule.examples.compliant.map(\.text),
                    todo: rule.examples.todo.map(\.text)
                )
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(["rules": entries]), as: UTF8.self)
    }

    static func markdown(_ rule: Rule, catalogue: NormCatalogue, packs: [String: PackDeclaration] = [:]) -> String {
        var lines: [String] = []
        lines.append("# \(rule.id): \(rule.title)")
        if let titleZh = rule.titleZh { lines += ["", titleZh] }
        lines.append("")
        lines.append("- Category: `\(rule.category.rawValue)` (\(rule.category.meaning))")
        lines.append("- Severity: \(rule.severity.rawValue)")
        lines.append("- Applies to: \(rule.appliesTo.rawValue)" + (rule.appCategories.isEmpty ? "" : ", \(rule.appCategories.joined(separator: ", ")) apps only"))
        if !rule.aliases.isEmpty { lines.append("- Aliases: \(rule.aliases.joined(separator: ", "))") }
        // Which apps it audits: the rule's own jurisdictions, else its pack's.
        let jurisdictions = rule.jurisdictions.isEmpty ? packs[rule.pack]?.jurisdictions ?? [] : rule.jurisdictions
        lines.append("- Pack: \(rule.pack), for " + (jurisdictions.isEmpty ? "every app" : "apps audited for \(jurisdictions.joined(separator: " or "))"))
        lines.append("- Defined in: \(rule.file)")
        lines += ["", "## Why", "", rule.message, "", "## Norms", ""]
        for id in rule.normIds {
            guard let citation = catalogue.citation(for: id) else { continue }
            var line = "- **\(citation.citation)** \(citation.titleZh.map { "《\($0)》 " } ?? "")\(citation.titleEn)"
            if let summary = citation.summary { line += ": \(summary)" }
            if let url = citation.url { line += " <\(url)>" }
            lines.append(line)
        }
        lines += ["", "## Remediation", "", rule.remediation, "", "## What it matches", ""]
        switch rule.match {
        case .clause(let match):
            lines.append(contentsOf: match.documentation)
        case .manifest(let match):
            if !match.permissions.isEmpty { lines.append("- permissions: \(match.permissions.joined(separator: ", "))") }
            if !match.categories.isEmpty { lines.append("- permission categories: \(match.categories.joined(separator: ", "))") }
            if !match.platforms.isEmpty { lines.append("- platforms: \(match.platforms.map(\.rawValue).joined(separator: ", "))") }
            if let floor = match.ignoreMaxSdkBelow { lines.append("- not when android:maxSdkVersion is below \(floor)") }
        case .app(let match):
            lines.append(contentsOf: match.documentation)
        }
        for (title, examples) in [("Violating examples", rule.examples.violating), ("Compliant examples", rule.examples.compliant), ("Known gaps", rule.examples.todo)] where !examples.isEmpty {
            lines += ["", "## \(title)", ""]
            for example in examples {
                lines.append("```\(example.fileName.hasSuffix(".html") ? "html" : "")")
                lines.append(example.text.trimmingCharacters(in: .newlines))
                lines.append("```")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count - 1 {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func format(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([format(header)] + rows.map(format)).joined(separator: "\n")
    }
}
