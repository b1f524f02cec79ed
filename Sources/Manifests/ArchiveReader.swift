import Foundation
import ZIPFoundation

/// Reads one entry of a ZIP archive (APK, IPA) through its central directory, by seeking: the
/// archive is never read whole nor extracted, so its size on disk costs nothing; what is limited
/// is what the entry inflates to, within limits that stop zip bombs and crafted archives before
/// they cost time or memory.
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
    /// Compressed bytes read, and inflated bytes produced, per step.
    private static let chunkSize = 64 << 10

    /// An entry picked from an archive, with its bytes.
    struct Extracted {
        var path: String
        var bytes: [UInt8]
    }

    /// Finds the entries whose paths `select` accepts, lets `choose` pick one of them (it throws
    /// when there is none or the choice is ambiguous), then inflates it in memory.
    /// `archive` names the archive in messages ("the APK"), `entryName` the entry sought.
    /// `limit` caps the inflated entry (at most `maximumEntrySize`); `limitHint` is added to the
    /// message when that cap is what refuses it ("; raise it with --max-file-size").
    static func extract(
        from source: inout ArchiveSource, archive: String, entryName: String,
        limit: Int = maximumEntrySize, limitHint: String = "",
        select: (String) -> Bool,
        choose: ([String]) throws(ManifestError) -> String
    ) throws(ManifestError) -> Extracted {
        guard let directory = ZipDirectory(source: &source) else {
            throw ManifestError("\(archive) is not a readable ZIP archive: it has no central directory (truncated, damaged, or not a ZIP file at all)")
        }
        guard directory.entryCount > 0 else {
            throw ManifestError("\(archive) is an empty ZIP archive (or its central directory is damaged)")
        }
        guard directory.entryCount <= UInt64(maximumEntryCount) else {
            throw ManifestError("\(archive) lists more than \(maximumEntryCount) entries; refusing to read it")
        }
        var candidates: [String: [ZipDirectory.Entry]] = [:]
        try directory.forEachEntry(in: &source, archive: archive) { (entry) throws(ManifestError) in
            if let problem = unsafePathProblem(entry.path) {
                throw ManifestError("\(archive) holds an entry named '\(entry.path)' that \(problem); refusing a crafted archive")
            }
            if select(entry.path) { candidates[entry.path, default: []].append(entry) }
        }
        let chosen = try choose(candidates.keys.sorted())
        guard let entries = candidates[chosen], let entry = entries.first else {
            throw ManifestError("\(archive) has no \(entryName)")
        }
        // Two entries with one name are a known trick to show tools one file and the phone another.
        guard entries.count == 1 else {
            throw ManifestError("\(archive) holds \(entries.count) entries named '\(chosen)'; refusing an ambiguous archive")
        }
        guard entry.kind == .file else {
            throw ManifestError("\(archive)'s \(entryName) is a \(entry.kind == .symbolicLink ? "symbolic link" : "folder"), not a file")
        }
        let cap = min(limit, maximumEntrySize)
        let hint = cap < maximumEntrySize ? limitHint : ""
        let declared = entry.uncompressedSize
        guard declared <= UInt64(cap) else {
            throw ManifestError("\(archive)'s \(entryName) is \(describe(bytes: declared)) uncompressed, over the \(describe(bytes: UInt64(cap))) limit\(hint)")
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
            ? min(cap, max(ratioCheckThreshold, Int(clamping: compressed) * maximumCompressionRatio))
            : cap
        let damaged = ManifestError("\(archive)'s \(entryName) could not be inflated: the archive is truncated or damaged")
        guard let dataStart = ZipDirectory.dataOffset(of: entry, in: &source) else { throw damaged }
        var output: [UInt8] = []
        output.reserveCapacity(Int(min(declared, UInt64(ceiling))))
        let checksum: CRC32
        switch entry.method {
        case 0:
            // Stored: the bytes themselves, as many as the directory says.
            guard let bytes = source.read(at: dataStart, count: Int(declared)) else { throw damaged }
            output = bytes
            checksum = Data(bytes).crc32(checksum: 0)
        case 8:
            checksum = try inflate(from: &source, at: dataStart, compressedSize: compressed, into: &output, ceiling: ceiling,
                                   damaged: damaged,
                                   tooLarge: ManifestError("\(archive)'s \(entryName) inflates to more than its stated size and the \(describe(bytes: UInt64(ceiling))) limit; refusing a likely zip bomb"))
        default:
            throw ManifestError("\(archive)'s \(entryName) uses a compression method other than stored or deflate")
        }
        guard checksum == entry.crc32 else {
            throw ManifestError("\(archive)'s \(entryName) is damaged: its checksum does not match")
        }
        return Extracted(path: chosen, bytes: output)
    }

    /// Inflates the raw deflate stream of `compressedSize` bytes at `offset`, stopping once the
    /// output would pass `ceiling`; returns the output's CRC-32.
    private static func inflate(
        from source: inout ArchiveSource, at offset: UInt64, compressedSize: UInt64, into output: inout [UInt8],
        ceiling: Int, damaged: ManifestError, tooLarge: ManifestError
    ) throws(ManifestError) -> CRC32 {
        var consumed: UInt64 = 0
        var exhausted = false
        do {
            return try Data.decompress(
                size: Int64(clamping: compressedSize), bufferSize: chunkSize, skipCRC32: false,
                provider: { _, size in
                    // ZIPFoundation hands zlib `size` bytes whatever the chunk holds, so the chunk is
                    // always that long: the entry's bytes, then zeros. A stream that needs more than
                    // the entry holds is truncated: fail instead of feeding it zeros for ever.
                    guard !exhausted else { throw LimitExceeded.truncated }
                    let wanted = Int(min(UInt64(size), compressedSize - consumed))
                    guard var chunk = source.read(at: offset + consumed, count: wanted) else { throw LimitExceeded.truncated }
                    consumed += UInt64(wanted)
                    if consumed == compressedSize { exhausted = true }
                    if chunk.count < size { chunk += [UInt8](repeating: 0, count: size - chunk.count) }
                    return Data(chunk)
                },
                consumer: { data in
                    guard output.count + data.count <= ceiling else { throw LimitExceeded.ceiling }
                    output.append(contentsOf: data)
                }
            )
        } catch LimitExceeded.ceiling {
            throw tooLarge
        } catch {
            throw damaged
        }
    }

    private enum LimitExceeded: Error { case ceiling, truncated }

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
