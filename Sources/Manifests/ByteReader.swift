/// Little-endian reads from a byte array where every read is bounds-checked: hostile input gets
/// an error, never a trap.
struct ByteReader {
    let bytes: [UInt8]
    /// Named in errors: "the binary manifest", "the string pool".
    let what: String

    var count: Int { bytes.count }

    func u8(_ offset: Int) throws(ManifestError) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw truncated(offset) }
        return bytes[offset]
    }

    func u16(_ offset: Int) throws(ManifestError) -> UInt16 {
        guard offset >= 0, offset <= bytes.count - 2 else { throw truncated(offset) }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int) throws(ManifestError) -> UInt32 {
        guard offset >= 0, offset <= bytes.count - 4 else { throw truncated(offset) }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    /// Throws unless `offset ..< offset + length` lies inside `range`.
    func require(_ offset: Int, length: Int, within range: Range<Int>, _ part: @autoclosure () -> String) throws(ManifestError) {
        guard length >= 0, offset >= range.lowerBound, offset <= range.upperBound,
              length <= range.upperBound - offset
        else {
            throw ManifestError("\(what) is malformed: \(part()) runs past the end of its block (offset \(offset), \(length) bytes)")
        }
    }

    private func truncated(_ offset: Int) -> ManifestError {
        ManifestError("\(what) is truncated or malformed: a read at offset \(offset) is past its end (\(bytes.count) bytes)")
    }
}
