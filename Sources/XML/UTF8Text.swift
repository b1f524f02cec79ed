/// UTF-8 turned into scalars without a `String` in between, and checked: libxml2's text chunks,
/// whole text files, pages and manifests before they are parsed.
public enum UTF8Text {
    /// Appends the scalars of `bytes`; the same as `String(decoding:as:)`'s, ill-formed sequences
    /// replaced by U+FFFD. Returns whether the bytes were well-formed UTF-8.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into scalars: inout [Unicode.Scalar]) -> Bool {
        // Well-formed UTF-8 has at most one scalar per byte: decoded into room for that many (on
        // the stack for a parser's chunks), then appended in one copy. Filling the array with a
        // placeholder per byte first wrote three times the scalars of Chinese text.
        let wellFormed = withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: bytes.count) { room in
            guard let decoded = decodeWellFormed(bytes, into: room) else { return false }
            scalars.append(contentsOf: UnsafeBufferPointer(rebasing: room[0..<decoded]))
            return true
        }
        if !wellFormed { appendRepaired(bytes, to: &scalars) }
        return wellFormed
    }

    /// The scalars of a whole text, decoded straight into their array (room for one per byte) so
    /// that a large file's characters are not held twice; the same as `decode` into an empty array.
    public static func scalars(of bytes: UnsafeBufferPointer<UInt8>) -> (scalars: [Unicode.Scalar], wellFormed: Bool) {
        var wellFormed = true
        var scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { room, count in
            let decoded = decodeWellFormed(bytes, into: room)
            wellFormed = decoded != nil
            count = decoded ?? 0
        }
        if !wellFormed { appendRepaired(bytes, to: &scalars) }
        return (scalars, wellFormed)
    }

    /// Ill-formed input is rare (pages were checked or converted before parsing): the
    /// replacement rules are left to the standard library.
    private static func appendRepaired(_ bytes: UnsafeBufferPointer<UInt8>, to scalars: inout [Unicode.Scalar]) {
        scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
    }

    /// The number of scalars written, or nil at the first ill-formed sequence.
    private static func decodeWellFormed(
        _ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<Unicode.Scalar>
    ) -> Int? {
        var index = 0
        var written = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                output[written] = Unicode.Scalar(lead)
                written += 1
                index += 1
                continue
            }
            guard let (value, width) = multiByteScalar(bytes, at: index) else { return nil }
            // A well-formed sequence encodes a scalar value, so the unchecked conversion is sound.
            output[written] = unsafeBitCast(value, to: Unicode.Scalar.self)
            written += 1
            index += width
        }
        return written
    }

    /// Whether `bytes` are well-formed UTF-8: what `String(validating:as:)` decides, without
    /// copying the bytes into a string (a whole page, for every UTF-8 page read).
    public static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index < bytes.count {
            // Markup and Latin text: eight ASCII bytes at a time.
            if index + 8 <= bytes.count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            guard let (_, width) = multiByteScalar(bytes, at: index) else { return false }
            index += width
        }
        return true
    }

    /// The scalar value encoded from `bytes[index]`, a byte of 0x80 or more, and how many bytes
    /// encode it; nil when the sequence there is ill-formed (Table 3-7 of the Unicode Standard).
    @inline(__always)
    private static func multiByteScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, width: Int)? {
        let lead = bytes[index]
        let count = bytes.count
        // Three bytes, most of Chinese text: E0–EF then two continuation bytes, the value at least
        // U+0800 (not overlong) and not a surrogate. Anything else takes the table.
        if lead & 0xF0 == 0xE0, index + 2 < count {
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if second & 0xC0 == 0x80, third & 0xC0 == 0x80 {
                let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                if value >= 0x800, value & 0xF800 != 0xD800 { return (value, 3) }
            }
        }
        var width = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        var value = UInt32(0)
        switch lead {
        case 0xC2...0xDF: width = 2; value = UInt32(lead & 0x1F)
        case 0xE0: width = 3; low = 0xA0; value = UInt32(lead & 0x0F)
        case 0xE1...0xEC, 0xEE...0xEF: width = 3; value = UInt32(lead & 0x0F)
        case 0xED: width = 3; high = 0x9F; value = UInt32(lead & 0x0F)
        case 0xF0: width = 4; low = 0x90; value = UInt32(lead & 0x07)
        case 0xF1...0xF3: width = 4; value = UInt32(lead & 0x07)
        case 0xF4: width = 4; high = 0x8F; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + width <= count else { return nil }
        for position in 1..<width {
            let byte = bytes[index + position]
            guard byte >= low, byte <= high else { return nil }
            low = 0x80
            high = 0xBF
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, width)
    }
}
