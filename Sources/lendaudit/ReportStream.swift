import Audit
import Findings
import Foundation
import Reporters

/// Where one report of a scan goes while apps are being audited: its sections are written as
/// they arrive, and head and tail, which summarise every app, are put around them at the end.
///
/// A regular-file target spills the sections to a hidden file beside the report, then writes the
/// report to a second hidden file (head, the sections copied over, tail) and renames it into place:
/// the report appears whole or not at all, memory holds neither, and nothing is written outside the
/// report's folder. Standard output and targets written in place (devices, FIFOs) have nowhere to
/// spill — a hidden file beside `/dev/null` would be written into `/dev` — so their sections are
/// kept in memory.
final class ReportStream {
    let reporter: any SectionedReporter
    private let assembler: any ReportAssembler
    private let destination: OutputDestination
    private var spill: SpillFile?
    private var inPlace: InPlaceOutput?
    private var memory: [UInt8] = []
    /// Where each app's text lies in the spill file or in `memory`, in the order appended, so the
    /// sections can be written in another order at the end (16 bytes per app).
    private var sectionRanges: [Range<Int>] = []
    private var written = 0

    init(format: ReportFormat, destination: OutputDestination, context: SectionContext, settings: ReportSettings) throws {
        reporter = format.reporter(settings)
        assembler = reporter.assembler(context: context)
        self.destination = destination
        switch destination {
        case .standardOutput: break
        case .replaceableFile(let path): spill = try SpillFile(beside: path, suffix: "body")
        // Opened now, so a target that cannot be written fails before the scan, not after it.
        case .writtenInPlace(let path): inPlace = try InPlaceOutput(path: path)
        }
    }

    func append(_ section: AppSection, app: AppDigest, errors: [InputError]) throws {
        let text = assembler.append(section, app: app, errors: errors)
        let length = text.utf8.count
        sectionRanges.append(written..<(written + length))
        written += length
        guard !text.isEmpty else { return }
        if let spill {
            try spill.write(text)
        } else {
            memory.append(contentsOf: text.utf8)
        }
    }

    func finish(_ frame: ReportFrame) throws {
        let (head, tail) = assembler.finish(frame)
        let order = assembler.sectionOrder(frame).map { order in order.map { sectionRanges[$0] } }
        if let order, spill == nil {
            var reordered: [UInt8] = []
            reordered.reserveCapacity(memory.count)
            for range in order { reordered.append(contentsOf: memory[range]) }
            memory = reordered
        }
        if let inPlace {
            try inPlace.write(head.utf8)
            try inPlace.write(memory)
            try inPlace.write(tail.utf8)
            return
        }
        guard case .replaceableFile(let path) = destination, let spill else {
            // Three writes: joining them would copy the body twice more.
            FileHandle.standardOutput.write(Data(head.utf8))
            FileHandle.standardOutput.write(Data(memory))
            FileHandle.standardOutput.write(Data(tail.utf8))
            return
        }
        let report = try SpillFile(beside: path, suffix: "tmp")
        defer { report.remove() }
        try report.write(head)
        if let order {
            try spill.copy(order, into: report)
        } else {
            try spill.copy(into: report)
        }
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
        let stem = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).lendaudit-\(ProcessInfo.processInfo.processIdentifier)").path
        self.target = target
        // O_EXCL: a file of that name that this run did not create (a crashed run's, or anyone's)
        // is never truncated or later removed; the next free name is taken instead.
        var descriptor: Int32 = -1
        var candidate = "\(stem).\(suffix)"
        for attempt in 1...100 where descriptor < 0 {
            descriptor = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor < 0 {
                guard errno == EEXIST else { break }
                candidate = "\(stem)-\(attempt).\(suffix)"
            }
        }
        guard descriptor >= 0 else {
            throw Failure(errorDescription: "cannot write \(target): its folder does not exist or is not writable")
        }
        path = candidate
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
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

    /// Renames the finished file over `destination`, atomically (rename(2)), if `destination` is
    /// still a regular file or nothing: a path that became a device, a FIFO or a link while the
    /// scan ran is left as it is.
    func move(to destination: String) throws {
        try flush()
        try? handle.close()
        var status = stat()
        if lstat(destination, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw Failure(errorDescription: "cannot write \(destination): it stopped being a regular file while the scan ran; nothing was replaced")
        }
        guard rename(path, destination) == 0 else {
            throw Failure(errorDescription: "cannot write \(destination): \(String(cString: strerror(errno)))")
        }
    }

    func remove() {
        try? handle.close()
        unlink(path)
    }

    /// Appends the given byte ranges of this file, in the order given, to `other`.
    func copy(_ ranges: [Range<Int>], into other: SpillFile) throws {
        try flush()
        do {
            for range in ranges where !range.isEmpty {
                try handle.seek(toOffset: UInt64(range.lowerBound))
                var left = range.count
                while left > 0, let chunk = try handle.read(upToCount: min(left, Self.bufferSize)), !chunk.isEmpty {
                    try other.write(chunk)
                    left -= chunk.count
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(errorDescription: "cannot write \(target): \(error.localizedDescription)")
        }
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
