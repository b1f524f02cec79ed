import CLibXML2

/// Parses HTML with libxml2 and hands out plain Swift values. The C parser context lives only
/// inside `htmlEvents`; nothing that points into it escapes.
public enum LibXML2Reader {
    public enum Failure: Error, Equatable {
        case parserUnavailable
        case tooLarge
    }

    /// Parses UTF-8 HTML into a stream of events, with recovery on and the network off.
    /// Script and style contents, comments and processing instructions produce no events.
    public static func htmlEvents(utf8 bytes: [UInt8]) throws(Failure) -> [HTMLEvent] {
        guard bytes.count < Int(Int32.max) else { throw .tooLarge }
        if bytes.isEmpty { return [] }
        let collector = HTMLEventCollector(source: bytes)
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, _ in
            HTMLEventCollector.from(context)?.start(name)
        }
        handler.endElement = { context, name in
            HTMLEventCollector.from(context)?.end(name)
        }
        handler.characters = { context, characters, length in
            HTMLEventCollector.from(context)?.characters(characters, Int(length))
        }
        handler.ignorableWhitespace = handler.characters
        // Script and style bodies arrive here; they are skipped, but the read position moves on.
        handler.cdataBlock = { context, _, _ in
            HTMLEventCollector.from(context)?.skipToParserPosition()
        }
        handler.comment = { context, _ in
            HTMLEventCollector.from(context)?.skipToParserPosition()
        }
        handler.processingInstruction = { context, _, _ in
            HTMLEventCollector.from(context)?.skipToParserPosition()
        }

        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOIMPLIED.rawValue
        )
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        let parsed: Bool = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let context = lendaudit_htmlContext(
                    chars.baseAddress, Int32(chars.count), &handler, unmanaged.toOpaque(), options
                ) else { return false }
                defer { htmlFreeParserCtxt(context) }
                collector.context = context
                _ = htmlParseDocument(context)
                collector.context = nil
                return true
            }
        }
        guard parsed else { throw .parserUnavailable }
        return collector.events
    }
}

/// Receives libxml2's SAX callbacks and places every character back in the source.
///
/// libxml2 reports character data in chunks and, at each callback, how far it has read. A chunk
/// of literal text matches the source byte for byte (bar carriage returns), so it is aligned by
/// walking forward from the end of the previous chunk, skipping markup. An entity reference
/// arrives as its own chunk of decoded text, which is aligned to its `&`.
private final class HTMLEventCollector {
    let source: [UInt8]
    var context: htmlParserCtxtPtr?
    var events: [HTMLEvent] = []
    /// Everything before this byte offset has been accounted for.
    private var cursor = 0

    init(source: [UInt8]) {
        self.source = source
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> HTMLEventCollector? {
        guard let pointer else { return nil }
        return Unmanaged<HTMLEventCollector>.fromOpaque(pointer).takeUnretainedValue()
    }

    private var parserPosition: Int {
        guard let context else { return cursor }
        let offset = Int(lendaudit_inputOffset(context))
        return offset < 0 ? cursor : min(offset, source.count)
    }

    func start(_ name: UnsafePointer<xmlChar>?) {
        events.append(.start(Self.lowercasedName(name)))
    }

    func end(_ name: UnsafePointer<xmlChar>?) {
        events.append(.end(Self.lowercasedName(name)))
    }

    func skipToParserPosition() {
        cursor = max(cursor, parserPosition)
    }

    func characters(_ characters: UnsafePointer<xmlChar>?, _ length: Int) {
        guard let characters, length > 0 else { return }
        let bytes = UnsafeBufferPointer(start: characters, count: length)
        let text = String(decoding: bytes, as: UTF8.self)
        let position = parserPosition
        var offsets: [Int32] = []
        offsets.reserveCapacity(length)

        if let entityStart = entityReference(before: position, chunkLength: length) {
            // A decoded entity: every character points at the `&`.
            offsets = Array(repeating: Int32(entityStart), count: text.unicodeScalars.count)
            cursor = position
        } else {
            var at = textStart(for: bytes, limit: position)
            for scalar in text.unicodeScalars {
                let width = UTF8.width(scalar)
                var matched = false
                while at < source.count {
                    if matches(bytes: scalar, width: width, at: at) {
                        matched = true
                        break
                    }
                    // libxml2 folds CR LF to LF; anything else means the chunk is not literal.
                    guard source[at] == 0x0D else { break }
                    at += 1
                }
                offsets.append(Int32(min(at, source.count)))
                if matched { at += width }
            }
            cursor = max(cursor, at)
        }
        events.append(.text(text, offsets: offsets))
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
        if source[start...].starts(with: Array("<!--".utf8)) {
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

    private func matches(bytes scalar: Unicode.Scalar, width: Int, at offset: Int) -> Bool {
        guard offset + width <= source.count else { return false }
        var index = offset
        for byte in UTF8.encode(scalar)! {
            if source[index] != byte { return false }
            index += 1
        }
        return true
    }

    private static func lowercasedName(_ name: UnsafePointer<xmlChar>?) -> String {
        guard let name else { return "" }
        return String(cString: name).lowercased()
    }
}
