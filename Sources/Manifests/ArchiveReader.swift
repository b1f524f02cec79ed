import Foundation
import ZIPFoundation

/// Reads one entry of a ZIP archive (APK, IPA) in memory, never touching the disk, within limits
/// that stop zip bombs and crafted archives before they cost time or memory.
enum ArchiveReader {
    /// Largest uncompressed entry read: real manifests and Info.plists are a few hundred KB.
    static let maximumEntrySize = 16 << 20
    /// Highest compression ratio accepted for an entry larger than `ratioCheckThreshold`;
    /// text compresses about 10:1, a zip bomb a thousand to one.
    static let maximumCompressionRatio = 200
    /// Small entries cannot hurt whatever their ratio (a run of blanks compresses very well).
    static let ratioCheckThreshold = 1 << 20
    /// Most entries an archive may list. Large real apps hold tens of thousands.
    static let maximumEntryCount = 200_000

    /// An entry picked from an archive, with its bytes.
    struct Extracted {
        var path: String
        var bytes: [UInt8]
    }

    /// Finds the entries whose paths `select` accepts, lets `choose` pick one of them (it throws
    /// when there is none or the choice is ambiguous), then inflates it in memory.
    /// `archive` names the archive in messages ("the APK"), `entryName` the entry sought.
    static func extract(
        from bytes: [UInt8], archive: String, entryName: String,
        select: (String) -> Bool,
        choose: ([String]) throws(ManifestError) -> String
    ) throws(ManifestError) -> Extracted {
        let zip: Archive
        do {
            zip = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw ManifestError("\(archive) is not a readable ZIP archive: it has no central directory (truncated, damaged, or not a ZIP file at all)")
        }
        var candidates: [String: [Entry]] = [:]
        var count = 0
        for entry in zip {
            count += 1
            guard count <= maximumEntryCount else {
                throw ManifestError("\(archive) lists more than \(maximumEntryCount) entries; refusing to read it")
            }
            let path = entry.path
            if let problem = unsafePathProblem(path) {
                throw ManifestError("\(archive) holds an entry named '\(path)' that \(problem); refusing a crafted archive")
            }
            if select(path) { candidates[path, default: []].append(entry) }
        }
        guard count > 0 else {
            throw ManifestError("\(archive) is an empty ZIP archive (or its central directory is damaged)")
        }
        let chosen = try choose(candidates.keys.sorted())
        guard let entries = candidates[chosen], let entry = entries.first else {
            throw ManifestError("\(archive) has no \(entryName)")
        }
        // Two entries with one name are a known trick to show tools one file and the phone another.
        guard entries.count == 1 else {
            throw ManifestError("\(archive) holds \(entries.count) entries named '\(chosen)'; refusing an ambiguous archive")
        }
        guard entry.type == .file else {
            throw ManifestError("\(archive)'s \(entryName) is a \(entry.type == .symlink ? "symbolic link" : "folder"), not a file")
        }
        let declared = entry.uncompressedSize
        guard declared <= UInt64(maximumEntrySize) else {
            throw ManifestError("\(archive)'s \(entryName) is \(describe(bytes: declared)) uncompressed, over the \(describe(bytes: UInt64(maximumEntrySize))) limit")
        }
        let compressed = entry.compressedSize
        if entry.isCompressed, declared > UInt64(ratioCheckThreshold),
           compressed == 0 || declared / compressed > UInt64(maximumCompressionRatio) {
            throw ManifestError(
                "\(archive)'s \(entryName) would expand from \(describe(bytes: compressed)) to \(describe(bytes: declared)), a ratio over \(maximumCompressionRatio):1; refusing a likely zip bomb"
            )
        }
        // The header may lie about sizes: enforce the limits again on what inflating produces.
        let ceiling = entry.isCompressed
            ? min(maximumEntrySize, max(ratioCheckThreshold, Int(clamping: compressed) * maximumCompressionRatio))
            : maximumEntrySize
        var output: [UInt8] = []
        output.reserveCapacity(Int(min(declared, UInt64(ceiling))))
        do {
            _ = try zip.extract(entry, skipCRC32: false) { chunk in
                guard output.count + chunk.count <= ceiling else { throw LimitExceeded() }
                output.append(contentsOf: chunk)
            }
        } catch is LimitExceeded {
            throw ManifestError("\(archive)'s \(entryName) inflates to more than its stated size and the \(describe(bytes: UInt64(ceiling))) limit; refusing a likely zip bomb")
        } catch Archive.ArchiveError.invalidCRC32 {
            throw ManifestError("\(archive)'s \(entryName) is damaged: its checksum does not match")
        } catch Archive.ArchiveError.invalidCompressionMethod {
            throw ManifestError("\(archive)'s \(entryName) uses a compression method other than stored or deflate")
        } catch {
            throw ManifestError("\(archive)'s \(entryName) could not be inflated: the archive is truncated or damaged")
        }
        return Extracted(path: chosen, bytes: output)
    }

    private struct LimitExceeded: Error {}

    /// Why an entry path could escape a folder if someone extracted it, or nil if it is safe.
    static func unsafePathProblem(_ path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return "is an absolute path" }
        let scalars = Array(path.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic {
            return "is an absolute Windows path"
        }
        let components = path.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
        if components.contains("..") { return "climbs out of the archive with '..'" }
        return nil
    }

    /// "40 MB", "512 KB", "300 bytes".
    static func describe(bytes: UInt64) -> String {
        let megabyte: UInt64 = 1 << 20
        if bytes >= megabyte {
            let tenths = bytes * 10 / megabyte
            return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
        }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
