/// A parsed JSON5 (or JSON) value with the line and column where it starts.
struct JSON5Value: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case object([Member])
        case array([JSON5Value])
        case string(String)
        /// The number and its source text (so `100000` stays `100000`, not `100000.0`).
        case number(Double, text: String)
        case bool(Bool)
        case null
    }

    /// One `key: value` pair; members keep document order and duplicates.
    struct Member: Sendable, Equatable {
        var key: String
        var keyLine: Int
        var keyColumn: Int
        var value: JSON5Value
    }

    var kind: Kind
    var line: Int
    var column: Int

    /// The value of `key` in an object (the last one when a key repeats, as in JavaScript).
    subscript(key: String) -> JSON5Value? {
        guard case .object(let members) = kind else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The member for `key`, with its key's position.
    func member(_ key: String) -> Member? {
        guard case .object(let members) = kind else { return nil }
        return members.last { $0.key == key }
    }

    var string: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    var array: [JSON5Value]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    /// A string as is, a number as written, a boolean as `true`/`false`: for fields like
    /// `versionCode` that manifests write either way.
    var scalarText: String? {
        switch kind {
        case .string(let text): text
        case .number(_, let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
