import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses HTML with libxml2 and hands out plain Swift values. The C parser context lives only
/// inside `htmlEvents`; nothing that points into it escapes.
public enum LibXML2Reader {
    public enum Failure: Error, Equatable {
        case parserUnavailable
        case tooLarge
    }

    /// Parses UTF-8 HTML into a stream of events, with recovery on and the network off.
    /// Script and style contents, comments and processing instructions produce no events.
    public static func htmlEvents(utf8 bytes: [UInt8]) throws(Failure) -> HTMLEventStream {
        LibXML2Library.ready
        guard bytes.count < Int(Int32.max) else { throw .tooLarge }
        if bytes.isEmpty { return HTMLEventStream() }
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, _ in
            HTMLEventCollector.with(context) { $0.start(name) }
        }
        handler.endElement = { context, name in
            HTMLEventCollector.with(context) { $0.end(name) }
        }
        handler.characters = { context, characters, length in
            HTMLEventCollector.with(context) { $0.characters(characters, Int(length)) }
        }
        handler.ignorableWhitespace = handler.characters
        // Script and style bodies arrive here; they are skipped, but the read position moves on.
        handler.cdataBlock = { context, _, _ in
            HTMLEventCollector.with(context) { $0.skipToParserPosition() }
        }
        handler.comment = { context, _ in
            HTMLEventCollector.with(context) { $0.skipToParserPosition() }
        }
        handler.processingInstruction = { context, _, _ in
            HTMLEventCollector.with(context) { $0.skipToParserPosition() }
        }

        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOIMPLIED.rawValue
        )
        let stream: HTMLEventStream? = bytes.withUnsafeBufferPointer { buffer in
            // The collector reads the source while libxml2 parses it: both only within this closure.
            let collector = HTMLEventCollector(source: buffer)
            let unmanaged = Unmanaged.passRetained(collector)
            defer { unmanaged.release() }
            // Int8 and UInt8 may alias, so the bytes need no rebinding to be passed as C chars.
            let chars = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            guard let context = lendaudit_htmlContext(chars, Int32(buffer.count), &handler, unmanaged.toOpaque(), options)
            else { return nil }
            defer { htmlFreeParserCtxt(context) }
            collector.context = context
            _ = htmlParseDocument(context)
            collector.context = nil
            return collector.stream
        }
        guard let stream else { throw .parserUnavailable }
        return stream
    }
}

/// Receives libxml2's SAX callbacks and places every character back in the source.
///
/// libxml2 reports character data in chunks and, at each callback, how far it has read. A chunk
/// of literal text matches the source byte for byte (bar carriage returns), so it is aligned by
/// walking forward from the end of the previous chunk, skipping markup. An entity reference
/// arrives as its own chunk of decoded text, which is aligned to its `&`.
private final class HTMLEventCollector {
    /// The bytes libxml2 is parsing; valid only while `htmlEvents` runs.
    let source: UnsafeBufferPointer<UInt8>
    // Only libxml2's callbacks, one at a time on one thread, touch these: the run-time
    // exclusivity checks a class property otherwise gets on every access cost a few percent of a scan.
    @exclusivity(unchecked) var context: htmlParserCtxtPtr?
    @exclusivity(unchecked) var stream = HTMLEventStream()
    @exclusivity(unchecked) private var names = ElementNames()
    /// Everything before this byte offset has been accounted for.
    @exclusivity(unchecked) private var cursor = 0

    init(source: UnsafeBufferPointer<UInt8>) {
        self.source = source
    }

    /// Runs `body` on the collector behind libxml2's context pointer. `htmlEvents` holds the
    /// collector for the whole parse, so a callback need not retain it (a retain and a release
    /// per callback were 1 % of a scan).
    @inline(__always)
    static func with(_ pointer: UnsafeMutableRawPointer?, _ body: (HTMLEventCollector) -> Void) {
        guard let pointer else { return }
        Unmanaged<HTMLEventCollector>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    private var parserPosition: Int {
        guard let context else { return cursor }
        let offset = Int(lendaudit_inputOffset(context))
        return offset < 0 ? cursor : min(offset, source.count)
    }

    func start(_ name: UnsafePointer<xmlChar>?) {
        stream.events.append(.start(names.index(of: name, in: &stream.names)))
    }

    func end(_ name: UnsafePointer<xmlChar>?) {
        stream.events.append(.end(names.index(of: name, in: &stream.names)))
    }

    func skipToParserPosition() {
        cursor = max(cursor, parserPosition)
    }

    func characters(_ characters: UnsafePointer<xmlChar>?, _ length: Int) {
        guard let characters, length > 0 else { return }
        let chunk = UnsafeBufferPointer(start: characters, count: length)
        let position = parserPosition
        let first = stream.scalars.count
        let wellFormed = UTF8Chunk.decode(chunk, into: &stream.scalars)
        let text = first..<stream.scalars.count

        if let entityStart = entityReference(before: position, chunkLength: length) {
            // A decoded entity: every character points at the `&`.
            stream.sources.append(SourceRun(firstScalar: Int32(first), offset: Int32(entityStart), literal: false))
            cursor = position
        } else {
            let start = textStart(for: chunk, limit: position)
            if wellFormed, start + length <= source.count,
               memcmp(source.baseAddress! + start, characters, length) == 0 {
                // The usual case, literal text without carriage returns: the character-by-character
                // walk would land every scalar exactly here.
                stream.sources.append(SourceRun(firstScalar: Int32(first), offset: Int32(start), literal: true))
                cursor = max(cursor, start + length)
            } else {
                let end = Self.align(stream.scalars[text], firstScalar: first, from: start, in: source, into: &stream.sources)
                cursor = max(cursor, end)
            }
        }
        stream.events.append(.text(text))
    }

    /// Places each scalar at the next source position holding its UTF-8 bytes, skipping only
    /// carriage returns (libxml2 folds CR LF to LF); anything else means the chunk is not literal,
    /// and the scalar is given the position reached. Each scalar gets a run of its own (such
    /// chunks are rare). Returns the position after the last match.
    private static func align(
        _ scalars: ArraySlice<Unicode.Scalar>, firstScalar: Int, from start: Int, in source: UnsafeBufferPointer<UInt8>,
        into runs: inout [SourceRun]
    ) -> Int {
        var at = start
        var index = Int32(firstScalar)
        for scalar in scalars {
            let encoded = UTF8.encode(scalar)!
            var matched = false
            while at < source.count {
                if at + encoded.count <= source.count, Self.holds(encoded, in: source, at: at) {
                    matched = true
                    break
                }
                guard source[at] == 0x0D else { break }
                at += 1
            }
            runs.append(SourceRun(firstScalar: index, offset: Int32(min(at, source.count)), literal: false))
            index += 1
            if matched { at += encoded.count }
        }
        return at
    }

    private static func holds(_ encoded: UTF8.EncodedScalar, in source: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        var index = offset
        for byte in encoded {
            if source[index] != byte { return false }
            index += 1
        }
        return true
    }

    /// Where the literal chunk starts: the first position at or after the cursor that is not
    /// inside markup and holds the chunk's first byte.
    private func textStart(for chunk: UnsafeBufferPointer<xmlChar>, limit: Int) -> Int {
        let first = chunk[0]
        var at = cursor
        while at < source.count {
            let byte = source[at]
            // The first byte alone is not enough: white space the parser dropped (in <head>, after a
            // doctype) would capture a chunk that starts with a line break.
            if byte == first, prefixMatches(chunk, at: at) { return at }
            if byte == UInt8(ascii: "<"), let after = endOfMarkup(startingAt: at) {
                at = after
                continue
            }
            at += 1
            if at > limit + 8 { break }
        }
        return cursor
    }

    /// Whether the chunk's first bytes (up to 64) stand at `offset`, carriage returns aside.
    private func prefixMatches(_ chunk: UnsafeBufferPointer<xmlChar>, at offset: Int) -> Bool {
        var sourceIndex = offset
        var chunkIndex = 0
        while chunkIndex < min(chunk.count, 64) {
            guard sourceIndex < source.count else { return false }
            if source[sourceIndex] == chunk[chunkIndex] {
                chunkIndex += 1
            } else if source[sourceIndex] != 0x0D {
                return false
            }
            sourceIndex += 1
        }
        return true
    }

    /// If the source between the cursor and the parser position is an entity reference, its start.
    private func entityReference(before position: Int, chunkLength: Int) -> Int? {
        var at = cursor
        // Markup may stand between the previous chunk and this one.
        while at < position, source[at] == UInt8(ascii: "<"), let after = endOfMarkup(startingAt: at), after <= position {
            at = after
        }
        guard at < position, source[at] == UInt8(ascii: "&"), position - at > chunkLength,
              position - at <= 40 else { return nil }
        return at
    }

    /// The offset just past a tag, comment or declaration starting at `start`, or nil when the
    /// `<` does not open markup (libxml2 then keeps it as text).
    private func endOfMarkup(startingAt start: Int) -> Int? {
        let next = start + 1 < source.count ? source[start + 1] : 0
        let opensMarkup = (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z"))
            || (next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z"))
            || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?")
        guard opensMarkup else { return nil }
        if start + 4 <= source.count, source[start + 1] == UInt8(ascii: "!"), source[start + 2] == UInt8(ascii: "-"),
           source[start + 3] == UInt8(ascii: "-") {
            var at = start + 4
            while at + 2 < source.count {
                if source[at] == UInt8(ascii: "-"), source[at + 1] == UInt8(ascii: "-"), source[at + 2] == UInt8(ascii: ">") {
                    return at + 3
                }
                at += 1
            }
            return source.count
        }
        var quote: UInt8 = 0
        var at = start + 1
        while at < source.count {
            let byte = source[at]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return at + 1
            }
            at += 1
        }
        return source.count
    }

}

/// Interns element names: libxml2 reports the same few dozen names thousands of times a page, and
/// a name already seen is found by hashing its bytes, without building a string.
private struct ElementNames {
    /// Open addressing over indices into the names, by a hash of the lowercased bytes; -1 is free.
    private var slots = [Int](repeating: -1, count: 256)
    private var hashed = 0
    private var indices: [String: Int] = [:]

    mutating func index(of name: UnsafePointer<xmlChar>?, in names: inout [String]) -> Int {
        guard let name else { return index(of: "", in: &names) }
        var hash: UInt32 = 2_166_136_261
        var length = 0
        while name[length] != 0 {
            let byte = name[length]
            // Anything but ASCII takes the general path: `lowercased()` is Unicode-aware.
            if byte >= 0x80 { return index(of: String(cString: name).lowercased(), in: &names) }
            hash = (hash ^ UInt32(Self.lowercased(byte))) &* 16_777_619
            length += 1
        }
        var slot = Int(hash) & (slots.count - 1)
        while slots[slot] >= 0 {
            if Self.equal(name, length: length, names[slots[slot]]) { return slots[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        let index = index(of: String(cString: name).lowercased(), in: &names)
        // Half full at most, so a probe always meets a free slot; further names use the dictionary.
        if hashed < slots.count / 2 {
            slots[slot] = index
            hashed += 1
        }
        return index
    }

    private mutating func index(of lowercased: String, in names: inout [String]) -> Int {
        if let index = indices[lowercased] { return index }
        names.append(lowercased)
        indices[lowercased] = names.count - 1
        return names.count - 1
    }

    private static func equal(_ name: UnsafePointer<xmlChar>, length: Int, _ stored: String) -> Bool {
        guard stored.utf8.count == length else { return false }
        var index = 0
        for byte in stored.utf8 {
            if lowercased(name[index]) != byte { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }
}

/// UTF-8 chunks from libxml2 turned into scalars without a `String` in between.
public enum UTF8Chunk {
    /// Appends the scalars of `bytes`; the same as `String(decoding:as:)`'s, ill-formed sequences
    /// replaced by U+FFFD. Returns whether the bytes were well-formed UTF-8.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into scalars: inout [Unicode.Scalar]) -> Bool {
        // Well-formed UTF-8 has at most one scalar per byte: decoded into room for that many, then
        // appended in one copy (filling the array with a placeholder per byte first wrote three
        // times the scalars of Chinese text). A parser's chunks are small and decoded on the
        // stack; a whole text file is decoded straight into its new array, so its characters are
        // not held twice.
        let wellFormed: Bool
        if scalars.isEmpty, bytes.count > 16_384 {
            var decodedAll = true
            scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { room, count in
                let decoded = decodeWellFormed(bytes, into: room)
                decodedAll = decoded != nil
                count = decoded ?? 0
            }
            wellFormed = decodedAll
        } else {
            wellFormed = withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: bytes.count) { room in
                guard let decoded = decodeWellFormed(bytes, into: room) else { return false }
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: room[0..<decoded]))
                return true
            }
        }
        if !wellFormed {
            // Ill-formed input is rare (libxml2 was given UTF-8): leave the replacement rules to the
            // standard library.
            scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
        }
        return wellFormed
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
