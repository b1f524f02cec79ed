/// Finds the page inside an MHTML file ("web archive, single file": `.mht`, `.mhtml`): a MIME
/// message whose first `text/html` part is the page, the rest its images and styles.
///
/// The part is handed on as HTML bytes (quoted-printable and base64 undone) with the charset its
/// MIME header names. Positions in findings are then lines and columns of that decoded HTML, not
/// of the `.mhtml` file, whose lines are cut at 76 characters and escaped: docs/report-format.md
/// says so.
public enum MHTMLReader {
    public struct Part: Equatable, Sendable {
        public var html: [UInt8]
        /// The `charset` parameter of the part's Content-Type, lowercased, if any.
        public var charset: String?
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noHTMLPart

        public var description: String {
            "the MHTML file holds no text/html part; open it in a browser and save the page as HTML"
        }
    }

    /// Whether `bytes` start as a MIME message (header lines, one of them a Content-Type), as
    /// browsers write MHTML. Cheap: looks at the first few kilobytes only.
    public static func looksLikeMIME(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(4096))
        let headers = Self.headers(head[...]).fields
        guard let first = headers.first else { return false }
        let known = ["mime-version", "from", "content-type", "subject", "date", "snapshot-content-location", "content-location", "message-id"]
        guard known.contains(first.name) else { return false }
        return headers.contains { $0.name == "content-type" && ($0.value.lowercased().contains("multipart/") || $0.value.lowercased().contains("text/html")) }
    }

    /// The first text/html part, decoded.
    public static func htmlPart(_ bytes: [UInt8]) throws(Failure) -> Part {
        let (fields, bodyStart) = headers(bytes[...])
        guard let part = htmlPart(fields: fields, body: bytes[bodyStart...], depth: 0) else { throw .noHTMLPart }
        return part
    }

    // MARK: - MIME

    private static func htmlPart(fields: [Field], body: ArraySlice<UInt8>, depth: Int) -> Part? {
        let contentType = fields.first { $0.name == "content-type" }?.value ?? "text/plain"
        let mediaType = contentType.split(separator: ";").first.map { String($0).trimmed.lowercased() } ?? ""
        if mediaType == "text/html" {
            let encoding = fields.first { $0.name == "content-transfer-encoding" }?.value.trimmed ?? ""
            return Part(html: decode(body, transferEncoding: encoding), charset: parameter("charset", in: contentType))
        }
        guard mediaType.hasPrefix("multipart/"), depth < 4, let boundary = parameter("boundary", in: contentType, keepCase: true) else {
            return nil
        }
        for part in parts(body, boundary: Array(boundary.utf8)) {
            let (partFields, start) = headers(part)
            if let found = htmlPart(fields: partFields, body: part[start...], depth: depth + 1) { return found }
        }
        return nil
    }

    /// The parts between `--boundary` lines, each without the line break before the next one.
    private static func parts(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--".utf8) + boundary
        var result: [ArraySlice<UInt8>] = []
        var partStart: Int?
        for line in lines(body) {
            let content = line.range
            if body[content].starts(with: delimiter) {
                if let start = partStart {
                    var end = content.lowerBound
                    // The line break before a delimiter belongs to the delimiter.
                    if end > start, body[end - 1] == 0x0A { end -= 1 }
                    if end > start, body[end - 1] == 0x0D { end -= 1 }
                    result.append(body[start..<end])
                }
                let rest = body[(content.lowerBound + delimiter.count)..<content.upperBound]
                if rest.starts(with: Array("--".utf8)) { return result }
                partStart = line.next
            }
        }
        if let start = partStart, start < body.endIndex { result.append(body[start...]) }
        return result
    }

    struct Field {
        var name: String
        var value: String
    }

    /// Header fields (names lowercased, folded lines joined) up to the first blank line, and
    /// where the body starts.
    static func headers(_ bytes: ArraySlice<UInt8>) -> (fields: [Field], bodyStart: Int) {
        var fields: [Field] = []
        for line in lines(bytes) {
            let text = bytes[line.range]
            if text.isEmpty || text.allSatisfy({ $0 == 0x0D }) { return (fields, line.next) }
            if let first = text.first, first == 0x20 || first == 0x09, !fields.isEmpty {
                fields[fields.count - 1].value += " " + String(decoding: text, as: UTF8.self).trimmed
                continue
            }
            guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return (fields, line.range.lowerBound) }
            let name = String(decoding: text[..<colon], as: UTF8.self).trimmed.lowercased()
            guard !name.isEmpty, !name.contains(" ") else { return (fields, line.range.lowerBound) }
            let value = String(decoding: text[(colon + 1)...], as: UTF8.self).trimmed
            fields.append(Field(name: name, value: value))
        }
        return (fields, bytes.endIndex)
    }

    /// Each line's bytes (without its `\n`, with any `\r`) and where the next one starts.
    private static func lines(_ bytes: ArraySlice<UInt8>) -> [(range: Range<Int>, next: Int)] {
        var result: [(Range<Int>, Int)] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var content = end
            if content > start, bytes[content - 1] == 0x0D { content -= 1 }
            result.append((start..<content, min(end + 1, bytes.endIndex)))
            start = end + 1
        }
        return result
    }

    /// A parameter of a header value (`charset=gbk`, `boundary="----=_NextPart"`).
    private static func parameter(_ name: String, in value: String, keepCase: Bool = false) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmed.lowercased() == name else { continue }
            var text = pair[1].trimmed
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return keepCase ? text : text.lowercased()
        }
        return nil
    }

    // MARK: - Transfer encodings

    static func decode(_ body: ArraySlice<UInt8>, transferEncoding: String) -> [UInt8] {
        switch transferEncoding.lowercased() {
        case "quoted-printable": quotedPrintable(body)
        case "base64": base64(body)
        default: Array(body)
        }
    }

    static func quotedPrintable(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            // A soft line break: `=` at the end of a line.
            var next = index + 1
            if next < body.endIndex, body[next] == 0x0D { next += 1 }
            if next < body.endIndex, body[next] == 0x0A {
                index = next + 1
                continue
            }
            if index + 2 < body.endIndex, let high = hexValue(body[index + 1]), let low = hexValue(body[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func base64(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in body {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            default: continue
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

}
