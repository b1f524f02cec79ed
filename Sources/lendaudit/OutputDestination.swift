import Foundation

/// Where one report goes, decided by looking at the path before anything is written.
///
/// Only a regular file, or a path where nothing is yet, is replaced by renaming a finished file
/// over it: renaming over `/dev/null`, a FIFO or a link would replace the device, the pipe or the
/// link itself (as root, the system's `/dev/null`). Everything else the user may point a report at
/// is opened and written in place, as a shell's `>` would.
enum OutputDestination: Equatable {
    /// `-`, or no `--output`.
    case standardOutput
    /// A regular file, or nothing yet: written beside it and renamed into place, whole or not at all.
    case replaceableFile(String)
    /// A character device, a FIFO, a process substitution (`>(jq .)`), or a symbolic link to any of
    /// these or to a regular file: opened and written through, never replaced.
    case writtenInPlace(String)

    struct Refusal: Error, LocalizedError {
        var errorDescription: String?
    }

    /// What `path` names now. Refuses what no report should be written to: a folder, a block
    /// device, a socket, a link to nothing.
    static func resolve(_ path: String?) throws(Refusal) -> OutputDestination {
        guard let path, path != "-" else { return .standardOutput }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return .replaceableFile(path) }
            throw Refusal(errorDescription: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return .replaceableFile(path)
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else {
                throw Refusal(errorDescription: "cannot write \(path): it is a symbolic link to nothing; remove the link or name another file")
            }
            try refuseKind(target.st_mode, path: path, what: "a symbolic link to ")
            return .writtenInPlace(path)
        default:
            try refuseKind(status.st_mode, path: path, what: "")
            return .writtenInPlace(path)
        }
    }

    private static func refuseKind(_ mode: mode_t, path: String, what prefix: String) throws(Refusal) {
        let kind: String
        switch mode & S_IFMT {
        case S_IFDIR: kind = "a folder"
        case S_IFBLK: kind = "a block device (a disk)"
        case S_IFSOCK: kind = "a socket"
        default: return
        }
        throw Refusal(errorDescription: "cannot write \(path): it is \(prefix)\(kind); name a file")
    }
}

/// A report target that is not a regular file, opened once and written through.
final class InPlaceOutput {
    let path: String
    private let handle: FileHandle

    /// Opens without creating and without following into anything new: a FIFO blocks here until
    /// it has a reader, as it would for a shell redirection.
    init(path: String) throws(OutputDestination.Refusal) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OutputDestination.Refusal(errorDescription: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    func write(_ bytes: some Sequence<UInt8>) throws(OutputDestination.Refusal) {
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            throw OutputDestination.Refusal(errorDescription: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
