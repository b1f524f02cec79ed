import XML

/// Finds where each start tag of an XML text begins (line and column), in document order.
///
/// libxml2 gives an element's line but not its column. One linear pass over the UTF-8 text,
/// stepping over comments, CDATA sections, processing instructions, declarations and quoted
/// attribute values, finds every `<name` that opens an element; the n-th one found is the n-th
/// element libxml2 builds.
struct StartTagScanner {
    struct Tag: Equatable {
        var name: String
        var line: Int
        /// In Unicode scalars, 1-based.
        var column: Int
    }

    private static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
    private static let instructionOpen = Array("<?".utf8), instructionClose = Array("?>".utf8)
    private static let declarationOpen = Array("<!".utf8), endTagOpen = Array("</".utf8), tagClose = Array(">".utf8)

    /// The start tags of `bytes`, or nil when the text is not UTF-8 (columns would be guesses).
    static func startTags(in bytes: [UInt8]) -> [Tag]? {
        guard bytes.withUnsafeBufferPointer(UTF8Text.isWellFormed) else { return nil }
        var tags: [Tag] = []
        var index = 0
        var line = 1
        var column = 1
        let count = bytes.count

        /// Moves one byte on, keeping line and column (columns count scalars, not bytes).
        func advance() {
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        func skip(until terminator: [UInt8]) {
            while index < count {
                if bytes[index] == terminator[0], bytes[index...].starts(with: terminator) {
                    for _ in terminator where index < count { advance() }
                    return
                }
                advance()
            }
        }
        func isNameByte(_ byte: UInt8) -> Bool {
            !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "="))
        }

        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                advance()
                continue
            }
            let rest = bytes[index...]
            if rest.starts(with: commentOpen) {
                skip(until: commentClose)
            } else if rest.starts(with: cdataOpen) {
                skip(until: cdataClose)
            } else if rest.starts(with: instructionOpen) {
                skip(until: instructionClose)
            } else if rest.starts(with: declarationOpen) || rest.starts(with: endTagOpen) {
                skip(until: tagClose)
            } else {
                let tagLine = line
                let tagColumn = column
                advance()
                let nameStart = index
                while index < count, isNameByte(bytes[index]) { advance() }
                tags.append(Tag(name: String(decoding: bytes[nameStart ..< index], as: UTF8.self),
                                line: tagLine, column: tagColumn))
                // Step over attributes to the closing '>', honouring quotes (a '>' may sit in one).
                var quote: UInt8 = 0
                while index < count {
                    let byte = bytes[index]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        advance()
                        break
                    }
                    advance()
                }
            }
        }
        return tags
    }
}
