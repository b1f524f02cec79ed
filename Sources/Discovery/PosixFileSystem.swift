#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls discovery needs, returning Swift values instead of errno and C buffers.
///
/// We list folders with `opendir`/`readdir` rather than FileManager because directory entry
/// names are bytes, not text: a name that is not valid UTF-8 must reach us intact so that we can
/// report it, instead of being silently repaired into a path that no longer opens.
enum PosixFileSystem {
    /// Identity of a file or folder on disk; two paths with the same identity are the same object.
    struct FileID: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// What `stat`/`lstat` told us, reduced to what discovery decides on.
    struct Status: Sendable {
        enum Kind: Sendable, Equatable {
            case regularFile, directory, symbolicLink
            /// FIFOs, sockets and devices: never opened, because opening a FIFO blocks.
            case other(String)
        }

        var kind: Kind
        var size: Int64
        var id: FileID
    }

    /// A failed call, kept as errno so callers can word the reason for the user.
    struct Failure: Error, Sendable {
        /// The causes discovery words differently; everything else is `other`.
        enum Cause: Sendable { case loop, missing, undecodable, other }

        var code: Int32

        var cause: Cause {
            switch code {
            case ELOOP: return .loop
            case ENOENT, ENOTDIR: return .missing
            case EILSEQ: return .undecodable
            default: return .other
            }
        }

        /// Lower-case, because it ends up inside our own sentence ("… (permission denied)").
        var reason: String {
            switch code {
            case EACCES, EPERM: return "permission denied"
            case ENOENT: return "no such file or folder"
            case ELOOP: return "too many levels of symbolic links"
            default:
                guard let message = strerror(code) else { return "error \(code)" }
                let text = String(cString: message)
                return text.prefix(1).lowercased() + text.dropFirst()
            }
        }
    }

    /// One entry of a folder listing: the raw name bytes and what `lstat` says about it.
    struct Entry: Sendable {
        var name: [UInt8]
        /// nil when the entry vanished or could not be examined; `statusFailure` says why.
        var status: Status?
        var statusFailure: Failure?
    }

    /// `lstat`: does not follow a final symbolic link.
    static func linkStatus(_ path: String) -> Result<Status, Failure> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(Failure(code: errno)) }
        return .success(status(info))
    }

    /// `stat`: follows symbolic links.
    static func status(_ path: String) -> Result<Status, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Failure(code: errno)) }
        return .success(status(info))
    }

    /// The entries of a folder (without `.` and `..`), sorted by name bytes so that the walk,
    /// and therefore every list built from it, does not depend on the order the disk returns.
    static func entries(ofFolder path: String) -> Result<[Entry], Failure> {
        guard let folder = opendir(path) else { return .failure(Failure(code: errno)) }
        defer { closedir(folder) }
        let folderDescriptor = dirfd(folder)
        var result: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                // readdir returns nil both at the end and on error; only errno tells them apart.
                if errno != 0 { return .failure(Failure(code: errno)) }
                break
            }
            let name = nameBytes(of: entry)
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var info = stat()
            // fstatat on the raw name: works even when the name is not valid UTF-8.
            let terminatedName = name.map { CChar(bitPattern: $0) } + [0]
            let outcome = fstatat(folderDescriptor, terminatedName, &info, AT_SYMLINK_NOFOLLOW)
            if outcome == 0 {
                result.append(Entry(name: name, status: status(info), statusFailure: nil))
            } else {
                result.append(Entry(name: name, status: nil, statusFailure: Failure(code: errno)))
            }
        }
        result.sort { $0.name.lexicographicallyPrecedes($1.name) }
        return .success(result)
    }

    /// `realpath`: the canonical absolute path, or nil with the reason (dangling link, loop…).
    /// A canonical path that is not valid UTF-8 is reported as `EILSEQ`.
    static func canonicalPath(_ path: String) -> Result<String, Failure> {
        guard let resolved = realpath(path, nil) else { return .failure(Failure(code: errno)) }
        defer { free(resolved) }
        guard let text = String(validatingCString: resolved) else { return .failure(Failure(code: EILSEQ)) }
        return .success(text)
    }

    /// The text stored in a symbolic link, as written (for messages; may be relative).
    static func linkText(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return "?" }
        let bytes = buffer.prefix(count).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the file opens for reading: `access` would answer for the real user id and is
    /// meaningless for root, so we really open it (non-blocking, and never a FIFO: callers check).
    static func checkReadable(_ path: String) -> Failure? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return Failure(code: errno) }
        close(descriptor)
        return nil
    }

    /// The first `limit` bytes of a file (fewer if it is shorter), for sniffing what a file is
    /// whose name does not say: a page saved as `.jsp`, a binary manifest under another name.
    static func head(of path: String, limit: Int) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, limit - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(code: errno))
            }
            if count == 0 { break }
            filled += count
        }
        return .success(Array(bytes.prefix(filled)))
    }

    /// Reads a whole (small) file; used only for lendaudit.yml.
    static func contents(of path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(code: errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return .success(bytes)
    }

    /// The process's working folder, for resolving relative roots.
    static func currentFolder() -> String? {
        guard let folder = getcwd(nil, 0) else { return nil }
        defer { free(folder) }
        return String(validatingCString: folder)
    }

    // MARK: - Private

    private static func status(_ info: stat) -> Status {
        let kind: Status.Kind
        switch info.st_mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): kind = .regularFile
        case mode_t(S_IFDIR): kind = .directory
        case mode_t(S_IFLNK): kind = .symbolicLink
        case mode_t(S_IFIFO): kind = .other("a named pipe")
        case mode_t(S_IFSOCK): kind = .other("a socket")
        case mode_t(S_IFCHR), mode_t(S_IFBLK): kind = .other("a device")
        default: kind = .other("not a regular file")
        }
        return Status(
            kind: kind,
            size: Int64(info.st_size),
            id: FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        )
    }

    /// `d_name` is a fixed-size C array imported as a tuple; read it up to its NUL.
    private static func nameBytes(of entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        withUnsafeBytes(of: &entry.pointee.d_name) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
            return Array(bytes[..<end])
        }
    }
}
