/// The central directory of a ZIP archive (APK, IPA), read the way Android's libziparchive reads
/// it: find the end record at the tail, then walk the directory it points to. Entry data is never
/// touched here; the directory alone says what each entry is and where it starts.
struct ZipDirectory {
    /// What the central directory says about one entry.
    struct Entry {
        enum Kind { case file, directory, symbolicLink }

        var path: String
        var kind: Kind
        /// 0 stored, 8 deflate; anything else is refused when the entry is read.
        var method: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64

        var isCompressed: Bool { method != 0 }
    }

    /// Entries the directory declares.
    let entryCount: UInt64
    private let start: UInt64
    private let length: UInt64

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let entrySignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50
    /// The end record is 22 bytes followed by a comment of at most 65,535.
    private static let endRecordSize = 22
    private static let maximumTail = 22 + 0xFFFF

    /// Finds the end record in the archive's last 64 KB, or nil when there is none (truncated,
    /// or not a ZIP archive) or it points outside the archive.
    init?(source: inout ArchiveSource) {
        let tailLength = Int(min(source.size, UInt64(Self.maximumTail)))
        guard tailLength >= Self.endRecordSize,
              let tail = source.read(at: source.size - UInt64(tailLength), count: tailLength) else { return nil }
        // The last signature wins: a comment may itself contain the four bytes.
        var at = tailLength - Self.endRecordSize
        while at >= 0, le32(tail, at) != Self.endSignature { at -= 1 }
        guard at >= 0 else { return nil }
        let endOffset = source.size - UInt64(tailLength) + UInt64(at)
        var count = UInt64(le16(tail, at + 10))
        var length = UInt64(le32(tail, at + 12))
        var start = UInt64(le32(tail, at + 16))
        // ZIP64 keeps the real figures in a record its locator (just before the end record) names.
        if count == 0xFFFF || length == 0xFFFF_FFFF || start == 0xFFFF_FFFF, endOffset >= 20,
           let locator = source.read(at: endOffset - 20, count: 20), le32(locator, 0) == Self.zip64LocatorSignature,
           let record = source.read(at: le64(locator, 8), count: 56), le32(record, 0) == Self.zip64EndSignature {
            count = le64(record, 32)
            length = le64(record, 40)
            start = le64(record, 48)
        }
        guard start <= endOffset, length <= endOffset - start else { return nil }
        self.entryCount = count
        self.start = start
        self.length = length
    }

    /// Calls `body` with each entry in directory order, reading the directory in 64 KB pieces so
    /// that memory stays flat however many entries there are. `archive` names it in messages.
    func forEachEntry(
        in source: inout ArchiveSource, archive: String, _ body: (Entry) throws(ManifestError) -> Void
    ) throws(ManifestError) {
        let damaged = ManifestError("\(archive) is not a readable ZIP archive: its central directory is damaged")
        let end = start + length
        var buffer: [UInt8] = []
        var bufferStart = start
        var position = start
        /// `count` bytes at `position` (moving past them), or nil past the directory's end.
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard UInt64(count) <= end - position else { return nil }
            if position + UInt64(count) > bufferStart + UInt64(buffer.count) {
                let wanted = Int(min(end - position, UInt64(max(count, 64 << 10))))
                guard let fresh = source.read(at: position, count: wanted) else { return nil }
                buffer = fresh
                bufferStart = position
            }
            let from = Int(position - bufferStart)
            position += UInt64(count)
            return buffer[from ..< from + count]
        }
        for _ in 0 ..< entryCount {
            guard let fixed = take(46).map(Array.init), le32(fixed, 0) == Self.entrySignature else { throw damaged }
            let madeBy = le16(fixed, 4) >> 8
            let nameLength = Int(le16(fixed, 28)), extraLength = Int(le16(fixed, 30)), commentLength = Int(le16(fixed, 32))
            let attributes = le32(fixed, 38)
            guard let nameBytes = take(nameLength), let extra = take(extraLength).map(Array.init), take(commentLength) != nil else {
                throw damaged
            }
            // Names are read as UTF-8 whether or not bit 11 says so (tools that leave it clear
            // write UTF-8 too nowadays); an invalid byte becomes U+FFFD, which no name we seek holds.
            let path = String(decoding: nameBytes, as: UTF8.self)
            var entry = Entry(
                path: path, kind: .file, method: le16(fixed, 10), crc32: le32(fixed, 16),
                compressedSize: UInt64(le32(fixed, 20)), uncompressedSize: UInt64(le32(fixed, 24)),
                localHeaderOffset: UInt64(le32(fixed, 42))
            )
            Self.applyZIP64(extra, to: &entry)
            let mode = attributes >> 16 & 0o170000
            if path.hasSuffix("/") {
                entry.kind = .directory
            } else if madeBy == 3 || madeBy == 19 {   // Unix, macOS: a file mode in the high half
                if mode == 0o120000 { entry.kind = .symbolicLink } else if mode == 0o040000 { entry.kind = .directory }
            } else if madeBy == 0, attributes & 0x10 != 0 {  // MS-DOS directory attribute
                entry.kind = .directory
            }
            try body(entry)
        }
    }

    /// The ZIP64 extra field (0x0001) holds, in this order, each 32-bit figure that is 0xFFFFFFFF.
    private static func applyZIP64(_ extra: [UInt8], to entry: inout Entry) {
        var at = 0
        while at + 4 <= extra.count {
            let id = le16(extra, at), size = Int(le16(extra, at + 2))
            let body = at + 4
            guard body + size <= extra.count else { return }
            if id == 0x0001 {
                var field = body
                func next() -> UInt64? {
                    guard field + 8 <= body + size else { return nil }
                    defer { field += 8 }
                    return le64(extra, field)
                }
                if entry.uncompressedSize == 0xFFFF_FFFF, let value = next() { entry.uncompressedSize = value }
                if entry.compressedSize == 0xFFFF_FFFF, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let value = next() { entry.localHeaderOffset = value }
                return
            }
            at = body + size
        }
    }

    /// Where `entry`'s data starts: after its local header, whose name and extra field may differ
    /// in length from the directory's. Nil when the header is missing or damaged.
    static func dataOffset(of entry: Entry, in source: inout ArchiveSource) -> UInt64? {
        guard let header = source.read(at: entry.localHeaderOffset, count: 30), le32(header, 0) == localSignature else {
            return nil
        }
        return entry.localHeaderOffset + 30 + UInt64(le16(header, 26)) + UInt64(le16(header, 28))
    }
}

private func le16<C: RandomAccessCollection>(_ bytes: C, _ offset: Int) -> UInt16 where C.Element == UInt8, C.Index == Int {
    let at = bytes.startIndex + offset
    return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
}

private func le32<C: RandomAccessCollection>(_ bytes: C, _ offset: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
    UInt32(le16(bytes, offset)) | UInt32(le16(bytes, offset + 2)) << 16
}

private func le64<C: RandomAccessCollection>(_ bytes: C, _ offset: Int) -> UInt64 where C.Element == UInt8, C.Index == Int {
    UInt64(le32(bytes, offset)) | UInt64(le32(bytes, offset + 4)) << 32
}
