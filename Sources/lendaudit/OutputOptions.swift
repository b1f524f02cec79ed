import ArgumentParser
import Findings
import Foundation
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

    @Option(help: "Also write GitHub Actions annotations (workflow commands) to this file ('-': standard output, where Actions reads them).")
    var github: String?

    @Option(help: "Also write a GitLab Code Quality report to this file.")
    var gitlab: String?

    @Option(help: "SARIF artifact URIs are relative to this folder (default: the current folder; run from the repository root, they are repository-relative, as GitHub code scanning resolves them).", completion: .directory)
    var sarifRoot: String?

    func validate() throws {
        if targets.filter({ $0.path == nil || $0.path == "-" }).count > 1 {
            throw ValidationError("only one report can go to standard output ('-'): give --output a file when an extra format option says '-'")
        }
    }

    /// Writes the report in every requested format: the main one to --output or standard output.
    func write(_ report: AuditReport, gate: Gate) throws {
        let settings = settings(gate: gate)
        for (targetFormat, file) in targets {
            try ReportWriting.emit(targetFormat.reporter(settings).renderUTF8(report), to: file)
        }
    }

    /// The gate the run applies, and SARIF's root and file reader.
    func settings(gate: Gate) -> ReportSettings {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let root = sarifRoot.map { $0.hasPrefix("/") ? $0 : workingDirectory + "/" + $0 } ?? workingDirectory
        return ReportSettings(
            gate: gate, sourceFiles: SourceFiles(workingDirectory: workingDirectory, root: root, read: SourceFileReading.read))
    }
}

extension OutputOptions {
    /// Every requested report: the main one (nil: standard output), then the extra files.
    var targets: [(format: ReportFormat, path: String?)] {
        var targets: [(format: ReportFormat, path: String?)] = [(format, output)]
        for (extra, file) in [(ReportFormat.markdown, markdown), (.json, json), (.sarif, sarif), (.junit, junit), (.html, html), (.github, github), (.gitlab, gitlab)] {
            if let file { targets.append((extra, file)) }
        }
        return targets
    }
}

/// Reads the files SARIF results point at, for GitHub's line hashes.
enum SourceFileReading {
    /// Larger files get no line hash: upload-sarif computes it then, from the same bytes.
    static let maximumSize = 64 * 1024 * 1024

    @Sendable static func read(_ path: String) -> [UInt8]? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) <= maximumSize,
              let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return [UInt8](data)
    }
}
