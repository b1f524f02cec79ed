/// A finding identity that survives reformatting, reflowed markup, line shifts and moved
/// sections: rule id + app identity + path inside the app + normalized clause text, hashed.
/// No line numbers go in.
public enum Fingerprint {
    public static func make(ruleId: String, app: String, pathInApp: String, normalizedText: String) -> String {
        var hasher = FNV1a128()
        for part in [ruleId, app, pathInApp, normalizedText] {
            hasher.combine(part)
            hasher.combine("\u{1F}")
        }
        return hasher.hexDigest
    }

    /// A stable bucket in `0..<count` for a text (shard selection): the same on every machine.
    public static func bucket(of text: String, count: Int) -> Int {
        var hasher = FNV1a128()
        hasher.combine(text)
        return Int(hasher.low64 % UInt64(max(1, count)))
    }
}

/// FNV-1a over 128 bits: stable across runs and platforms (Swift's `Hasher` is seeded per process).
struct FNV1a128 {
    private var high: UInt64 = 0x6c62_272e_07bb_0142
    private var low: UInt64 = 0x62b8_2175_6295_c58d

    mutating func combine(_ string: String) {
        for byte in string.utf8 { combine(byte) }
    }

    mutating func combine(_ byte: UInt8) {
        low ^= UInt64(byte)
        // Multiply the 128-bit state by the FNV prime 2^88 + 0x13b.
        let primeLow: UInt64 = 0x13b
        let (productHigh, productLow) = low.multipliedFullWidth(by: primeLow)
        let newHigh = high &* primeLow &+ productHigh &+ (low << 24)
        low = productLow
        high = newHigh
    }

    var low64: UInt64 { low }

    var hexDigest: String {
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low)
    }
}
