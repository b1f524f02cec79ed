import Findings

/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): the findings
/// as annotations on the pull request and the run, which also works in private repositories that
/// cannot upload SARIF. Findings at or above the gate are errors, the rest warnings (medium, low)
/// or notices (info); input errors are errors on their file. Print it to standard output.
public struct GitHubAnnotationsReporter: SectionedReporter {
    public var settings: ReportSettings

    public init(settings: ReportSettings = ReportSettings()) {
        self.settings = settings
    }

    public func section(_ app: AppReport, context: SectionContext) -> AppSection {
        AppSection(text: app.findings.map(command).joined(separator: "\n"))
    }

    public func assembler(context: SectionContext) -> any ReportAssembler {
        SeparatedAssembler(separator: "\n") { frame, wroteAny in
            let errors = frame.inputErrors.map { error in
                Self.command("error", properties: [("file", path(error.path)), ("title", "lendaudit: input not audited")],
                             message: "\(error.path): \(error.reason)")
            }
            let tail = errors.isEmpty ? "" : (wroteAny ? "\n" : "") + errors.joined(separator: "\n")
            // Ends in one newline like every format; with nothing to say, the line is empty.
            return ("", tail + "\n")
        }
    }

    private func command(_ finding: Finding) -> String {
        let level = settings.gate.map { $0.fails(finding.severity) } ?? (finding.severity >= .high)
            ? "error" : (finding.severity == .info ? "notice" : "warning")
        return Self.command(
            level,
            properties: [
                ("file", path(finding.location.path)), ("line", String(max(1, finding.location.line))),
                ("col", String(max(1, finding.location.column))), ("title", "\(finding.ruleId): \(finding.title)"),
            ],
            message: "[\(finding.severity)] \(finding.message)\n“\(QuoteWindow(finding.excerpt, limit: 300).plainText)”")
    }

    /// Repository-relative when the file lies under the root (GitHub places annotations by it).
    private func path(_ path: String) -> String {
        settings.sourceFiles?.relativeToRoot(path) ?? path
    }

    static func command(_ name: String, properties: [(String, String)], message: String) -> String {
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(list)::\(escapeData(message))"
    }

    /// Workflow-command data: `%`, CR and LF percent-encoded (as @actions/core's escapeData).
    public static func escapeData(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Property values: as data, and `:` and `,` too, which would end the value.
    public static func escapeProperty(_ text: String) -> String {
        var escaped = ""
        for scalar in escapeData(text).unicodeScalars {
            switch scalar {
            case ":": escaped += "%3A"
            case ",": escaped += "%2C"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
