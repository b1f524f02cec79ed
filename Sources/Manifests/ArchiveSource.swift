import Foundation

/// Random access to an archive's bytes: in memory (a rule example, a test) or an open file read
/// by seeking. The one place where archive bytes are read, so an APK of hundreds of megabytes
/// costs only its central directory and the one entry needed, and `bytesRead` can show it.
struct ArchiveSource {
    private enum Storage {
        case memory([UInt8])
        case file(FileHandle)
    }

    private let storage: Storage
    /// The archive's length in bytes.
    let size: UInt64
    /// Bytes handed out so far: what reading the archive cost.
    private(set) var bytesRead: UInt64 = 0

    init(bytes: [UInt8]) {
        storage = .memory(bytes)
        size = UInt64(bytes.count)
    }

    /// Opens the file at `path` for reading; `archive` names it in messages ("the APK").
    init(path: String, archive: String) throws(ManifestError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ManifestError("the file cannot be opened (check that it exists and is readable)")
        }
        do {
            size = try handle.seekToEnd()
        } catch {
            try? handle.close()
            throw ManifestError("\(archive) cannot be read: \(error.localizedDescription)")
        }
        storage = .file(handle)
    }

    /// Closes the file, if any. Reads after this fail.
    func close() {
        if case .file(let handle) = storage { try? handle.close() }
    }

    /// Exactly `count` bytes at `offset`, or nil when the archive ends first (or the read fails):
    /// callers turn that into "truncated or damaged" in their own words.
    mutating func read(at offset: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, offset <= size, UInt64(count) <= size - offset else { return nil }
        guard count > 0 else { return [] }
        let bytes: [UInt8]
        switch storage {
        case .memory(let all):
            bytes = Array(all[Int(offset) ..< Int(offset) + count])
        case .file(let handle):
            do {
                try handle.seek(toOffset: offset)
                var collected: [UInt8] = []
                collected.reserveCapacity(count)
                // A read may return less than asked (pipes, network file systems): keep reading.
                while collected.count < count {
                    guard let data = try handle.read(upToCount: count - collected.count), !data.isEmpty else { return nil }
                    collected.append(contentsOf: data)
                }
                bytes = collected
            } catch {
                return nil
            }
        }
        bytesRead += UInt64(count)
        return bytes
    }
}
