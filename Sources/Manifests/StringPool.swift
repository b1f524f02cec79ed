/// The string pool of an Android binary XML file (`ResStringPool_header`), decoded lazily.
///
/// Strings are decoded on first use and cached. A hostile pool can point many indexes at the
/// same long run of bytes; a budget on decoded bytes keeps that linear in the pool's size.
struct StringPool {
    private let reader: ByteReader
    private let chunk: Range<Int>
    private let count: Int
    private let offsetsStart: Int
    private let stringsStart: Int
    private let isUTF8: Bool
    private var cache: [UInt32: String] = [:]
    private var budget: Int

    private static let utf8Flag: UInt32 = 1 << 8

    init(reader: ByteReader, chunk: Range<Int>, headerSize: Int) throws(ManifestError) {
        let start = chunk.lowerBound
        guard headerSize >= 28 else {
            throw ManifestError("the binary AndroidManifest.xml is malformed: its string pool header is \(headerSize) bytes (28 expected)")
        }
        let count = Int(try reader.u32(start + 8))
        let flags = try reader.u32(start + 16)
        let stringsOffset = Int(try reader.u32(start + 20))
        try reader.require(start + headerSize, length: count * 4, within: chunk, "the string pool's index of \(count) strings")
        guard count == 0 || (stringsOffset >= headerSize && stringsOffset <= chunk.count) else {
            throw ManifestError("the binary AndroidManifest.xml is malformed: its string pool's text starts outside the pool")
        }
        self.reader = reader
        self.chunk = chunk
        self.count = count
        self.offsetsStart = start + headerSize
        self.stringsStart = start + stringsOffset
        self.isUTF8 = flags & Self.utf8Flag != 0
        // Honest pools decode each byte about once; allow generous slack, then stop.
        self.budget = 4 * chunk.count + 1 << 20
    }

    /// The string at `index`, or nil for the "no string" index 0xFFFFFFFF (and any index past the
    /// pool, which obfuscated files use the same way).
    mutating func string(_ index: UInt32) throws(ManifestError) -> String? {
        guard index != 0xFFFF_FFFF, Int(index) < count else { return nil }
        if let cached = cache[index] { return cached }
        let relative = Int(try reader.u32(offsetsStart + Int(index) * 4))
        let at = stringsStart + relative
        guard relative >= 0, at < chunk.upperBound else {
            throw ManifestError("the binary AndroidManifest.xml is malformed: string \(index) starts outside the string pool")
        }
        let text = isUTF8 ? try utf8String(at: at, index: index) : try utf16String(at: at, index: index)
        cache[index] = text
        return text
    }

    private mutating func spend(_ bytes: Int) throws(ManifestError) {
        budget -= bytes
        guard budget >= 0 else {
            throw ManifestError("the binary AndroidManifest.xml is malformed: its string pool points many strings at the same bytes")
        }
    }

    /// UTF-8 pools store the UTF-16 length, then the UTF-8 byte length (each 1 or 2 bytes, high
    /// bit meaning "two bytes"), then the bytes.
    private mutating func utf8String(at start: Int, index: UInt32) throws(ManifestError) -> String {
        var at = start
        _ = try utf8Length(at: &at)
        let length = try utf8Length(at: &at)
        try reader.require(at, length: length, within: chunk, "a string")
        try spend(length)
        let text = Self.decodeUTF8(reader.bytes[at ..< at + length])
        guard at + length < chunk.upperBound, reader.bytes[at + length] == 0 else { throw Self.unterminated(index, text) }
        return text
    }

    /// Android's ResStringPool::stringAt returns no string at all for an entry whose stated
    /// length does not end at a terminator, so the phone and a reader that trusts the length
    /// would see different names (a packer's way to hide a permission): refuse, naming it.
    private static func unterminated(_ index: UInt32, _ text: String) -> ManifestError {
        let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return ManifestError(
            "the binary AndroidManifest.xml is malformed: string \(index) of its string pool (\"\(shown)\") does not end with the terminator its length promises, so Android would not read it"
        )
    }

    /// Decodes a UTF-8 pool string. aapt2 writes characters beyond the Basic Multilingual Plane
    /// as two encoded UTF-16 surrogates (CESU-8, as Java does), which strict UTF-8 rejects, so
    /// surrogate pairs are joined here; anything else invalid becomes U+FFFD.
    static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        var index = bytes.startIndex
        func continuation(_ offset: Int) -> UInt32? {
            let at = index + offset
            guard at < bytes.endIndex, bytes[at] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[at] & 0x3F)
        }
        while index < bytes.endIndex {
            let lead = UInt32(bytes[index])
            var value: UInt32 = 0xFFFD
            var width = 1
            if lead < 0x80 {
                value = lead
            } else if lead & 0xE0 == 0xC0, let c1 = continuation(1) {
                (value, width) = ((lead & 0x1F) << 6 | c1, 2)
            } else if lead & 0xF0 == 0xE0, let c1 = continuation(1), let c2 = continuation(2) {
                (value, width) = ((lead & 0x0F) << 12 | c1 << 6 | c2, 3)
            } else if lead & 0xF8 == 0xF0, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
                (value, width) = ((lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
            }
            index += width
            if (0xD800 ... 0xDBFF).contains(value) {
                if pendingHigh != nil { scalars.append("\u{FFFD}") }
                pendingHigh = value
                continue
            }
            if let high = pendingHigh {
                pendingHigh = nil
                if (0xDC00 ... 0xDFFF).contains(value),
                   let joined = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)) {
                    scalars.append(joined)
                    continue
                }
                scalars.append("\u{FFFD}")
            }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        if pendingHigh != nil { scalars.append("\u{FFFD}") }
        return String(scalars)
    }

    private func utf8Length(at offset: inout Int) throws(ManifestError) -> Int {
        let first = Int(try reader.u8(offset))
        offset += 1
        guard first & 0x80 != 0 else { return first }
        let second = Int(try reader.u8(offset))
        offset += 1
        return (first & 0x7F) << 8 | second
    }

    /// UTF-16 pools store the length in code units (one or two 16-bit words, high bit meaning
    /// "two words"), then the code units.
    private mutating func utf16String(at start: Int, index: UInt32) throws(ManifestError) -> String {
        var at = start
        var length = Int(try reader.u16(at))
        at += 2
        if length & 0x8000 != 0 {
            length = (length & 0x7FFF) << 16 | Int(try reader.u16(at))
            at += 2
        }
        try reader.require(at, length: length * 2, within: chunk, "a string")
        try spend(length * 2)
        var units: [UInt16] = []
        units.reserveCapacity(length)
        let bytes = reader.bytes
        for unit in 0 ..< length {
            units.append(UInt16(bytes[at + unit * 2]) | UInt16(bytes[at + unit * 2 + 1]) << 8)
        }
        let text = String(decoding: units, as: UTF16.self)
        let end = at + length * 2
        guard end + 2 <= chunk.upperBound, bytes[end] == 0, bytes[end + 1] == 0 else { throw Self.unterminated(index, text) }
        return text
    }
}
