import Foundation

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
