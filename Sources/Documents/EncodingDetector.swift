import XML

/// Decides how an agreement's bytes are encoded and decodes them to UTF-8.
///
/// Order: a byte-order mark; then a declaration (`<meta charset>`, `http-equiv` content type, XML
/// declaration) in the first 4 KB of HTML; then sniffing: valid UTF-8 is UTF-8, anything else is
/// taken as GB18030 (the superset of GBK and GB2312 that Chinese saved pages use).
public enum EncodingDetector {
    public struct Decoded: Sendable {
        /// UTF-8 bytes, byte-order mark removed.
        public var utf8: [UInt8]
        /// What the bytes were read as, for the report: `UTF-8`, `GB18030`, `Big5`, `UTF-16LE`…
        public var encoding: String
        /// Caveats worth a report warning: the bytes ended inside a character and were read up
        /// to the last whole one.
        public var warnings: [String] = []
    }

    /// The warning for a file whose last character is cut off: saved or copied short.
    static func cutShort(keeping kept: Int, of total: Int) -> String {
        let dropped = total - kept
        return "ends inside a character: the saved file may be cut short "
            + "(read up to the last whole character; \(dropped) trailing byte\(dropped == 1 ? "" : "s") ignored)"
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case binary
        case undecodable(String)

        public var description: String {
            switch self {
            case .binary:
                "the file holds binary data, not text (NUL or control bytes); save the agreement as HTML or plain text"
            case .undecodable(let detail):
                detail
            }
        }
    }

    /// `charset`: what a container says the bytes are (an MHTML part's MIME header); it is taken
    /// as a declaration, before any `<meta charset>` in the bytes.
    public static func decode(_ bytes: [UInt8], isHTML: Bool, charset: String? = nil) throws(Failure) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try decodeUTF8(Array(bytes.dropFirst(3)), label: "UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return try decodeLegacyAllowingCut(Array(bytes.dropFirst(2)), iconvName: "UTF-16LE", label: "UTF-16LE")
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return try decodeLegacyAllowingCut(Array(bytes.dropFirst(2)), iconvName: "UTF-16BE", label: "UTF-16BE")
        }
        if looksBinary(bytes) { throw .binary }

        if let declared = charset ?? (isHTML ? declaredCharset(in: bytes) : nil) {
            let (iconvName, label) = canonical(declared)
            if iconvName == "UTF-8" {
                // Saved pages often keep a UTF-8 declaration over GBK bytes; believe the bytes.
                if let decoded = try? decodeUTF8(bytes, label: "UTF-8") { return decoded }
                if let decoded = cutUTF8(bytes, label: "UTF-8") { return decoded }
                if let decoded = try? decodeLegacy(bytes, iconvName: "GB18030", label: "GB18030 (declared UTF-8)") {
                    return decoded
                }
                throw .undecodable("the page declares UTF-8 but its bytes are neither UTF-8 nor GB18030")
            }
            do {
                return try decodeLegacy(bytes, iconvName: iconvName, label: label)
            } catch {
                if let decoded = try? decodeUTF8(bytes, label: "UTF-8 (declared \(declared))") { return decoded }
                if let decoded = cutLegacy(bytes, iconvName: iconvName, label: label) { return decoded }
                throw error
            }
        }
        if let decoded = try? decodeUTF8(bytes, label: "UTF-8") { return decoded }
        // A UTF-8 page cut inside its last character: before GB18030, which would read the
        // whole page as mojibake rather than fail.
        if let decoded = cutUTF8(bytes, label: "UTF-8") { return decoded }
        if let decoded = try? decodeLegacy(bytes, iconvName: "GB18030", label: "GB18030") { return decoded }
        // A GB18030 page cut inside its last character, before Big5, which could read the whole
        // page as mojibake rather than fail.
        if let decoded = cutLegacy(bytes, iconvName: "GB18030", label: "GB18030") { return decoded }
        if let decoded = try? decodeLegacy(bytes, iconvName: "BIG5-HKSCS", label: "Big5") { return decoded }
        if let decoded = cutLegacy(bytes, iconvName: "BIG5-HKSCS", label: "Big5") { return decoded }
        throw .undecodable("the text is not valid UTF-8, GB18030 or Big5; declare its encoding with <meta charset> or save it as UTF-8")
    }

    private static func decodeUTF8(_ bytes: [UInt8], label: String) throws(Failure) -> Decoded {
        guard bytes.withUnsafeBufferPointer(UTF8Text.isWellFormed) else {
            throw .undecodable("the text is not valid UTF-8")
        }
        return Decoded(utf8: bytes, encoding: label)
    }

    /// Well-formed UTF-8 but for an incomplete sequence in the last three bytes (a lead byte and
    /// fewer continuation bytes than it announces): the text up to it, with a warning. Anything
    /// ill-formed earlier is not a cut, and gives nil.
    static func cutUTF8(_ bytes: [UInt8], label: String) -> Decoded? {
        guard let cut = utf8Cut(bytes), cut > 0 else { return nil }
        let kept = Array(bytes[..<cut])
        guard kept.withUnsafeBufferPointer(UTF8Text.isWellFormed) else { return nil }
        return Decoded(utf8: kept, encoding: label, warnings: [cutShort(keeping: cut, of: bytes.count)])
    }

    /// Where an incomplete last UTF-8 sequence starts, if the bytes end with one.
    static func utf8Cut(_ bytes: [UInt8]) -> Int? {
        var index = bytes.count - 1
        while index >= 0, index >= bytes.count - 3 {
            let byte = bytes[index]
            if byte & 0xC0 == 0x80 {
                index -= 1
                continue
            }
            let width = switch byte {
            case 0xC2...0xDF: 2
            case 0xE0...0xEF: 3
            case 0xF0...0xF4: 4
            default: 0
            }
            return width > bytes.count - index ? index : nil
        }
        return nil
    }

    /// A legacy encoding (or UTF-16) whose conversion stops at an incomplete character in the
    /// last three bytes: the text before it, with a warning.
    static func cutLegacy(_ bytes: [UInt8], iconvName: String, label: String) -> Decoded? {
        do {
            _ = try TextDecoding.utf8(from: bytes, encoding: iconvName)
            return nil
        } catch {
            guard case .invalidBytes(_, let offset) = error, offset > 0, offset < bytes.count, bytes.count - offset <= 3,
                  var decoded = try? decodeLegacy(Array(bytes[..<offset]), iconvName: iconvName, label: label)
            else { return nil }
            decoded.warnings.append(cutShort(keeping: offset, of: bytes.count))
            return decoded
        }
    }

    private static func decodeLegacyAllowingCut(_ bytes: [UInt8], iconvName: String, label: String) throws(Failure) -> Decoded {
        do {
            return try decodeLegacy(bytes, iconvName: iconvName, label: label)
        } catch {
            if let decoded = cutLegacy(bytes, iconvName: iconvName, label: label) { return decoded }
            throw error
        }
    }

    private static func decodeLegacy(_ bytes: [UInt8], iconvName: String, label: String) throws(Failure) -> Decoded {
        do {
            return Decoded(utf8: try TextDecoding.utf8(from: bytes, encoding: iconvName), encoding: label)
        } catch {
            switch error {
            case .unsupportedEncoding(let name):
                throw .undecodable("the page declares the encoding '\(name)', which this system cannot decode")
            case .invalidBytes(_, let offset):
                throw .undecodable("the bytes are not valid \(label) (first bad byte at offset \(offset))")
            }
        }
    }

    /// NUL bytes or a high share of control characters in the first 8 KB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        guard !sample.isEmpty else { return false }
        var controls = 0
        for byte in sample {
            if byte == 0 { return true }
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C { controls += 1 }
        }
        return controls * 10 > sample.count
    }

    /// The charset an HTML or XHTML page declares in its first 4 KB, lowercased.
    static func declaredCharset(in bytes: [UInt8]) -> String? {
        switch ASCIIDeclaration.find(in: bytes.prefix(4096)) {
        case .declared(let charset): charset
        case .none: nil
        case .undecided: declaredCharsetInText(bytes)
        }
    }

    /// `declaredCharset` on the decoded, Unicode-lowercased text: the definition, which the byte
    /// scan follows wherever the bytes it looks at are ASCII.
    static func declaredCharsetInText(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        for marker in ["charset=", "encoding="] {
            var searchStart = head.startIndex
            while let range = head.range(of: marker, range: searchStart..<head.endIndex) {
                searchStart = range.upperBound
                // Only inside a <meta …> or <?xml …?> tag.
                guard let tagStart = head[..<range.lowerBound].lastIndex(of: "<") else { continue }
                let tag = head[tagStart..<range.lowerBound]
                guard tag.hasPrefix("<meta") || tag.hasPrefix("<?xml"), !tag.contains(">") else { continue }
                var value = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                value = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == ":" }
                if !value.isEmpty { return String(value) }
            }
        }
        return nil
    }

    /// (iconv name, report label) for a declared charset.
    static func canonical(_ declared: String) -> (String, String) {
        switch declared {
        case "utf-8", "utf8", "unicode-1-1-utf-8": ("UTF-8", "UTF-8")
        case "gbk", "gb2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "hz-gb-2312":
            ("GB18030", declared == "gb18030" ? "GB18030" : "GB18030 (declared \(declared))")
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5": ("BIG5-HKSCS", "Big5")
        case "iso-8859-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252": ("WINDOWS-1252", "windows-1252")
        default: (declared.uppercased(), declared)
        }
    }
}

/// `declaredCharsetInText` over the bytes, without decoding, lowercasing and searching a string:
/// exact while every byte it looks at is ASCII and stands before the first non-ASCII byte (whose
/// lowercasing and grapheme clustering only Unicode knows). Past that it answers `undecided`.
enum ASCIIDeclaration: Equatable {
    case declared(String)
    case none
    case undecided

    static func find(in head: ArraySlice<UInt8>) -> ASCIIDeclaration {
        let bytes = Array(head)
        let firstNonASCII = bytes.firstIndex { $0 >= 0x80 }
        // A combining mark would join the ASCII byte before it into one character.
        let safe = firstNonASCII.map { max(0, $0 - 1) } ?? bytes.count
        for marker in [Array("charset=".utf8), Array("encoding=".utf8)] {
            var searchStart = 0
            while let found = occurrence(of: marker, in: bytes, from: searchStart, before: safe) {
                searchStart = found + marker.count
                guard let tagStart = bytes[..<found].lastIndex(of: UInt8(ascii: "<")) else { continue }
                let tag = bytes[tagStart..<found].map(lowercased)
                guard tag.starts(with: "<meta".utf8) || tag.starts(with: "<?xml".utf8), !tag.contains(UInt8(ascii: ">"))
                else { continue }
                var at = searchStart
                while at < safe, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") || bytes[at] == UInt8(ascii: " ") {
                    at += 1
                }
                let valueStart = at
                while at < safe, isValueByte(lowercased(bytes[at])) { at += 1 }
                // The byte that ends the value is looked at too.
                if at == safe, safe < bytes.count { return .undecided }
                if at > valueStart { return .declared(String(decoding: bytes[valueStart..<at].map(lowercased), as: UTF8.self)) }
            }
            // The text past the ASCII run may hold this marker.
            if safe < bytes.count { return .undecided }
        }
        return .none
    }

    /// The first case-insensitive occurrence of `marker` that ends at or before `end`.
    private static func occurrence(of marker: [UInt8], in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
        var at = start
        while at + marker.count <= end {
            if lowercased(bytes[at]) == marker[0] {
                var matched = 1
                while matched < marker.count, lowercased(bytes[at + matched]) == marker[matched] { matched += 1 }
                if matched == marker.count { return at }
            }
            at += 1
        }
        return nil
    }

    private static func isValueByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
             UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }
}
