import Audit
import Findings
import Foundation
import Reporters

/// Where one report of a scan goes while apps are being audited: its sections are written as
/// they arrive, and head and tail, which summarise every app, are put around them at the end.
///
/// A file target spills the sections to a hidden file beside the report, then writes the report
/// to a second hidden file (head, the sections copied over, tail) and renames it into place: the
/// report appears whole or not at all, memory holds neither, and nothing is written outside the
/// report's folder. Standard output has nowhere to spill, so its sections are kept in memory.
final class ReportStream {
    let reporter: any SectionedReporter
    private let assembler: any ReportAssembler
    private let path: String?
    private var spill: SpillFile?
    private var memory: [UInt8] = []

    init(format: ReportFormat, path: String?, context: SectionContext) throws {
        reporter = format.reporter
        assembler = reporter.assembler(context: context)
        self.path = path
        if let path {
            spill = try SpillFile(beside: path, suffix: "body")
        }
    }

    func append(_ section: AppSection, app: AppDigest, errors: [InputError]) throws {
        let text = assembler.append(section, app: app, errors: errors)
        guard !text.isEmpty else { return }
        if let spill {
            try spill.write(text)
        } else {
            memory.append(contentsOf: text.utf8)
        }
    }

    func finish(_ frame: ReportFrame) throws {
        let (head, tail) = assembler.finish(frame)
        guard let path, let spill else {
            // Three writes: joining them would copy the body twice more.
            FileHandle.standardOutput.write(Data(head.utf8))
            FileHandle.standardOutput.write(Data(memory))
            FileHandle.standardOutput.write(Data(tail.utf8))
            return
        }
        let report = try SpillFile(beside: path, suffix: "tmp")
        defer { report.remove() }
        try report.write(head)
        try spill.copy(into: report)
        try report.write(tail)
        try report.move(to: path)
    }

    /// Removes the spilled sections; the report, if finished, stays.
    func discard() {
        spill?.remove()
    }
}

/// A hidden file beside a report, written through a buffer: the spilled sections of a streamed
/// report, or a finished report that `move` renames into place. rename(2) replaces the target
/// atomically, so a report is there whole or not at all (Foundation's replaceItemAt removes the
/// target first on Linux and can leave nothing behind).
final class SpillFile {
    struct Failure: Error, LocalizedError {
        var errorDescription: String?
    }

    let path: String
    private let target: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 20

    init(beside target: String, suffix: String) throws {
        let url = URL(fileURLWithPath: target)
        path = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).lendaudit-\(ProcessInfo.processInfo.processIdentifier).\(suffix)").path
        self.target = target
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forUpdatingAtPath: path) else {
            throw Failure(errorDescription: "cannot write \(target): its folder does not exist or is not writable")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.bufferSize)
    }

    func write(_ text: String) throws {
        try write(text.utf8)
    }

    func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Appends this file's contents to `other`.
    func copy(into other: SpillFile) throws {
        try flush()
        try other.flush()
        do {
            try handle.seek(toOffset: 0)
            while let chunk = try handle.read(upToCount: Self.bufferSize), !chunk.isEmpty {
                try other.handle.write(contentsOf: chunk)
            }
        } catch {
            throw Failure(errorDescription: "cannot write \(target): \(error.localizedDescription)")
        }
    }

    /// Renames the finished file over `destination`, atomically (rename(2)).
    func move(to destination: String) throws {
        try flush()
        try? handle.close()
        guard rename(path, destination) == 0 else {
            throw Failure(errorDescription: "cannot write \(destination): \(String(cString: strerror(errno)))")
        }
    }

    func remove() {
        try? handle.close()
        unlink(path)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw Failure(errorDescription: "cannot write \(target): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
