import ArgumentParser
import Audit
import Findings
import Foundation
import Reporters

/// `lendaudit merge REPORT.json…`: shard reports back into one report of any format.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine JSON reports of --shard runs into one report, as a single run would have written it.",
        discussion: """
            Example (a CI matrix of 4 machines, then one merge step):
              lendaudit scan market/ --shard 1/4 --format json --output shard-1.json   # … 2/4, 3/4, 4/4
              lendaudit merge shard-*.json --output findings.md --sarif findings.sarif
            """
    )

    @Argument(help: "JSON reports written by 'lendaudit scan --format json'.", completion: .file(extensions: ["json"]))
    var reports: [String]

    @OptionGroup var outputs: OutputOptions

    @Option(help: "Exit 1 when a merged finding is at or above this severity, or 'none'.")
    var failOn: String = "low"

    func validate() throws {
        if reports.isEmpty { throw ValidationError("name at least one JSON report") }
        try FailOn.validate(failOn)
    }

    func run() throws {
        let loaded = try reports.map(ReportLoading.load)
        let merged = try Console.orExit { () throws(ReportCombination.MergeError) in
            try ReportCombination.merge(loaded, names: reports)
        }
        try outputs.write(merged)
        throw Scan.exitStatus(inputErrors: merged.inputErrors.count, findings: merged.findings, failOn: failOn).exitCode
    }
}

/// The report outputs `scan` and `merge` share: one main format, and more files from the same report.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Format of --output (or of standard output): markdown, json, sarif, junit.")
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
        for (extra, file) in [(ReportFormat.markdown, markdown), (.json, json), (.sarif, sarif), (.junit, junit)] {
            if let file { targets.append((extra, file)) }
        }
        return targets
    }
}

/// `--fail-on` takes a severity or `none`, in every command.
enum FailOn {
    static func validate(_ value: String?) throws {
        guard let value, value != "none", Severity(rawValue: value) == nil else { return }
        throw ValidationError("--fail-on takes critical, high, medium, low, info or none, not '\(value)'")
    }
}

/// Writes a finished report: atomically to a regular file, in place to a device or FIFO, or to
/// standard output (see `OutputDestination`).
enum ReportWriting {
    static func emit(_ bytes: [UInt8], to file: String?) throws {
        do {
            switch try OutputDestination.resolve(file) {
            case .standardOutput:
                FileHandle.standardOutput.write(Data(bytes))
            case .writtenInPlace(let path):
                try InPlaceOutput(path: path).write(bytes)
            case .replaceableFile(let path):
                let temporary = try SpillFile(beside: path, suffix: "tmp")
                defer { temporary.remove() }
                try temporary.write(bytes)
                try temporary.move(to: path)
            }
        } catch {
            // SpillFile's messages name the file.
            Console.error(error.localizedDescription)
            throw ExitStatus.usage.exitCode
        }
    }
}
