import Foundation

/// The one way JSON and SARIF are serialised: sorted keys, pretty printed, slashes unescaped,
/// empty containers as `[]`/`{}`, and a final newline. (The apps' sections, the bulk of a report,
/// are written in the same form by `JSONWriter`.)
enum JSONOutput {
    static func render(_ value: some Encodable) -> String {
        String(decoding: encoded(value), as: UTF8.self) + "\n"
    }

    /// A rendered document cut where the key `key`, `indent` spaces deep, holds an empty array,
    /// so that the array's elements (rendered two levels deeper, joined by `,\n`) can be written
    /// between: the text up to the `[` and from the `]`, with the line breaks and indent that
    /// elements need when there are any (`filled`), else `[]` as the encoder writes it.
    static func frame(_ document: String, aroundEmptyArray key: String, indent: Int, filled: Bool) -> (head: String, tail: String) {
        let spaces = String(repeating: " ", count: indent)
        let marker = "\n" + spaces + "\"\(key)\" : []"
        // The first match is the key: a string value cannot contain the raw newline the marker starts with.
        guard let range = document.range(of: marker) else {
            preconditionFailure("no empty \(key) array at depth \(indent / 2) in the encoded report")
        }
        let before = document[..<document.index(range.upperBound, offsetBy: -2)]
        let after = document[range.upperBound...]
        return filled ? (before + "[\n", "\n" + spaces + "]" + after) : (before + "[", "]" + after)
    }

    private static func encoded(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Only strings, integers, booleans and enums go in: encoding cannot fail.
            preconditionFailure("JSON encoding of the report failed: \(error)")
        }
        return collapsingEmptyContainers(Array(data))
    }

    /// Foundation pretty-prints an empty array as `[`, a blank line and `]`; this writes `[]`.
    /// Safe as a byte rewrite because JSON strings cannot hold a raw newline, so `[` followed by
    /// a newline is always structure.
    static func collapsingEmptyContainers(_ bytes: [UInt8]) -> [UInt8] {
        let newline = UInt8(ascii: "\n")
        let space = UInt8(ascii: " ")
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            output.append(byte)
            index += 1
            guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") else { continue }
            let closer = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            guard index < bytes.count, bytes[index] == newline else { continue }
            var probe = index
            while probe < bytes.count, bytes[probe] == newline || bytes[probe] == space { probe += 1 }
            if probe < bytes.count, bytes[probe] == closer {
                output.append(closer)
                index = probe + 1
            }
        }
        return output
    }
}
