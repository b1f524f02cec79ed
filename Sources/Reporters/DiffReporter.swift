import Findings

/// Renders `lendaudit diff`: what a new app version adds and removes, as Markdown or JSON.
public struct DiffReporter: Sendable {
    public init() {}

    public func markdown(_ diff: AppDiff, quoteLimit: Int = 400) -> String {
        var blocks = ["# lendaudit diff"]
        blocks.append(
            "From \(MarkdownText.code(diff.old)) to \(MarkdownText.code(diff.new)): "
                + "\(MarkdownReporter.count(diff.added.count, "finding")) added, \(diff.removed.count) removed, \(diff.unchanged) unchanged; "
                + "\(MarkdownReporter.count(diff.permissionsAdded.count, "permission")) added, \(diff.permissionsRemoved.count) removed.")
        for (title, findings) in [("Findings added", diff.added), ("Findings removed", diff.removed)] {
            blocks.append("## \(title) (\(findings.count))")
            if findings.isEmpty {
                blocks.append("None.")
                continue
            }
            blocks.append(findings.enumerated().map { index, finding in
                let marker = "\(index + 1). "
                let indent = String(repeating: " ", count: marker.count)
                return marker + [
                    "**\(MarkdownText.inline(finding.ruleId)) — \(MarkdownText.inline(finding.title))** (\(finding.severity.rawValue))",
                    "Location: \(MarkdownText.code(finding.location.description))",
                    "> " + MarkdownQuote(finding.excerpt, limit: quoteLimit).markdown,
                ].joined(separator: "\n\n" + indent)
            }.joined(separator: "\n\n"))
        }
        for (title, permissions) in [("Permissions added", diff.permissionsAdded), ("Permissions removed", diff.permissionsRemoved)] {
            blocks.append("## \(title) (\(permissions.count))")
            if permissions.isEmpty {
                blocks.append("None.")
                continue
            }
            var table = MarkdownTable([("platform", .left), ("permission", .left), ("category", .left), ("location", .left)])
            for permission in permissions {
                table.append([
                    permission.platform.displayName, MarkdownText.code(permission.name, inTable: true),
                    permission.category.map(MarkdownText.inline) ?? "—", MarkdownText.code(permission.location.description, inTable: true),
                ])
            }
            blocks.append(table.markdown)
        }
        if !diff.inputErrors.isEmpty {
            blocks.append("## Inputs that could not be audited")
            var table = MarkdownTable([("path", .left), ("reason", .left)])
            for error in diff.inputErrors {
                table.append([MarkdownText.code(error.path, inTable: true), MarkdownText.inline(error.reason)])
            }
            blocks.append(table.markdown)
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// The diff as JSON (the model's own Codable shape, sorted keys), for tools.
    public func json(_ diff: AppDiff) -> String {
        JSONOutput.render(diff)
    }
}
