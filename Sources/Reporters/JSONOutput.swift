import Foundation

/// The one way JSON and SARIF are serialised: sorted keys, pretty printed, slashes unescaped,
/// empty containers as `[]`/`{}`, and a final newline.
enum JSONOutput {
    static func render(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Only strings, integers, booleans and enums go in: encoding cannot fail.
            preconditionFailure("JSON encoding of the report failed: \(error)")
        }
        return String(decoding: collapsingEmptyContainers(Array(data)), as: UTF8.self) + "\n"
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
