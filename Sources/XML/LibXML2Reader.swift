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
        let wellFormed = UTF8Text.decode(chunk, into: &stream.scalars)
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
