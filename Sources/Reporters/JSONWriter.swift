/// Writes pretty-printed JSON straight into bytes: the report's per-app sections and SARIF
/// results, which took `JSONEncoder` a quarter of a JSON scan's time (its value tree, its keyed
/// containers, a key sort per object). The output is the bytes `JSONOutput` makes with
/// `JSONEncoder`: two spaces an indent level, `"key" : value`, `,` and a line break between
/// members, `/` and non-ASCII written as they are, empty containers as `[]` and `{}`. Members are
/// written in the order they are given: callers give them sorted, as `.sortedKeys` would (byte
/// order of the keys' UTF-8); the tests compare every written type with `JSONEncoder`'s output.
struct JSONWriter {
    private var bytes: [UInt8] = []
    /// Nesting level of the container being written; a line of its members is indented by one more.
    private var level: Int
    /// For each open container, whether a member has been written yet.
    private var hasMembers: [Bool] = []

    private init(level: Int) {
        self.level = level
    }

    /// `items` as consecutive elements of an array nested `level - 1` containers deep (each
    /// indented `level` levels, `,` and a line break between them), each written by `write`: an
    /// app's part of the report's array, in one buffer.
    static func elements<Item>(_ items: [Item], level: Int, _ write: (inout JSONWriter, Item) -> Void) -> String {
        var json = JSONWriter(level: level)
        for (index, item) in items.enumerated() {
            if index > 0 { json.bytes.append(contentsOf: Self.elementSeparator) }
            json.writeIndent()
            write(&json, item)
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    private mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        open()
    }

    private mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// A member of the open object.
    mutating func member(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    /// A member whose value may be null.
    mutating func member(_ key: String, _ value: String?) {
        self.key(key)
        string(value)
    }

    mutating func member(_ key: String, _ value: Int) {
        self.key(key)
        int(value)
    }

    mutating func member(_ key: String, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    /// A member holding an object of string values, keys sorted as `.sortedKeys` sorts them.
    mutating func member(_ key: String, _ dictionary: [String: String]) {
        self.key(key)
        beginObject()
        for (name, text) in dictionary.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            member(name, text)
        }
        endObject()
    }

    /// A member holding an array of `elements`, each written by `write`.
    mutating func member<Element>(_ key: String, _ elements: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        self.key(key)
        beginArray()
        for element in elements {
            separate()
            write(&self, element)
        }
        endArray()
    }

    /// A member whose value `write` writes.
    mutating func member(_ key: String, _ write: (inout JSONWriter) -> Void) {
        self.key(key)
        write(&self)
    }

    /// Starts the next member of the open object: its key; its value is written next.
    private mutating func key(_ key: String) {
        separate()
        string(key)
        bytes.append(contentsOf: Self.keySeparator)
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? Self.trueLiteral : Self.falseLiteral)
    }

    mutating func null() {
        bytes.append(contentsOf: Self.nullLiteral)
    }

    private mutating func open() {
        level += 1
        hasMembers.append(false)
    }

    /// Closes the innermost container: on its own line after members, right after the opening
    /// bracket when there were none.
    private mutating func close(_ bracket: UInt8) {
        level -= 1
        if hasMembers.removeLast() {
            bytes.append(UInt8(ascii: "\n"))
            writeIndent()
        }
        bytes.append(bracket)
    }

    private mutating func separate() {
        if hasMembers[hasMembers.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            hasMembers[hasMembers.count - 1] = true
        }
        bytes.append(UInt8(ascii: "\n"))
        writeIndent()
    }

    private mutating func writeIndent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// The string's UTF-8 with `"` and `\` escaped, and control characters as JSONEncoder writes
    /// them: `\b \f \n \r \t`, the others `\u00XX` in lowercase hex. Runs without any are copied whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }

    private static let keySeparator = Array(" : ".utf8)
    private static let elementSeparator = Array(",\n".utf8)
    private static let trueLiteral = Array("true".utf8)
    private static let falseLiteral = Array("false".utf8)
    private static let nullLiteral = Array("null".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
