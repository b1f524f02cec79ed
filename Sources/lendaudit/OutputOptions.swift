import ArgumentParser
import Findings
import Reporters

/// The report outputs `scan` and `merge` share: one main format, and more files from the same report.
struct OutputOptions: ParsableArguments {
    // The list comes from ReportFormat, so a format added there is offered here.
    @Option(name: .shortAndLong, help: "Format of --output (or of standard output): \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .markdown

    @Option(name: .shortAndLong, help: "Write the report here ('-': standard output). A regular file is replaced atomically; a device or FIFO is written in place.")
    var output: String?

    @Option(help: "Also write a Markdown report to this file.")
    var markdown: String?

    @Option(help: "Also write a JSON report to this file.")
    var json: String?

    @Option(help: "Also write a SARIF 2.1.0 report to this file.")
    var sarif: String?

    @Option(help: "Also write a JUnit XML report to this file.")
    var junit: String?

    @Option(help: "Also write the memo as one self-contained HTML page (charts, no script, no network) to this file.")
    var html: String?

    func validate() throws {
        if targets.filter({ $0.path == nil || $0.path == "-" }).count > 1 {
            throw ValidationError("only one report can go to standard output ('-'): give --output a file when an extra format option says '-'")
        }
    }

    /// Writes the report in every requested format: the main one to --output or standard output.
    func write(_ report: AuditReport) throws {
        for (targetFormat, file) in targets {
            try ReportWriting.emit(targetFormat.reporter.renderUTF8(report), to: file)
        }
    }
}

extension OutputOptions {
    /// Every requested report: the main one (nil: standard output), then the extra files.
    var targets: [(format: ReportFormat, path: String?)] {
        var targets: [(format: ReportFormat, path: String?)] = [(format, output)]
        for (extra, file) in [(ReportFormat.markdown, markdown), (.json, json), (.sarif, sarif), (.junit, junit), (.html, html)] {
            if let file { targets.append((extra, file)) }
        }
        return targets
    }
}
