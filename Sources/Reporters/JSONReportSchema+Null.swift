/// An optional field of the JSON report that is written as `null` when absent (the schema's
/// promise: every documented key in every file) and read as nil when `null` or missing.
/// One wrapper instead of a hand-written `encode(to:)` per type.
@propertyWrapper
struct Null<Value: Codable>: Codable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// A list added in a minor version: read as empty from files written before it, always written.
@propertyWrapper
struct EmptyWhenAbsent<Element: Codable>: Codable {
    var wrappedValue: [Element]

    init(wrappedValue: [Element]) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode([Element].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

// Synthesized decoding asks for a wrapper even when its key is missing; these answer for it.
extension KeyedDecodingContainer {
    func decode<Value>(_ type: Null<Value>.Type, forKey key: Key) throws -> Null<Value> {
        Null(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }

    func decode<Element>(_ type: EmptyWhenAbsent<Element>.Type, forKey key: Key) throws -> EmptyWhenAbsent<Element> {
        EmptyWhenAbsent(wrappedValue: try decodeIfPresent([Element].self, forKey: key) ?? [])
    }
}
