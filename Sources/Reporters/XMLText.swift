/// Escaping for XML 1.0 text and attribute values.
enum XMLText {
    /// Character data: `&`, `<`, `>` escaped; CR kept as a reference, since parsers turn a
    /// literal CR into LF.
    static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// An attribute value in double quotes: also `"`, and tab, LF and CR as references,
    /// since parsers normalise literal ones to spaces.
    static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where inAttribute: escaped += "&quot;"
            case "\t" where inAttribute: escaped += "&#9;"
            case "\n" where inAttribute: escaped += "&#10;"
            case "\r": escaped += "&#13;"
            default:
                // XML 1.0 forbids the other C0 controls and U+FFFE/U+FFFF even as references;
                // a CI server rejects the whole file over one, so they become U+FFFD.
                escaped.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return escaped
    }

    /// The XML 1.0 `Char` production (surrogates cannot occur in a Swift string).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
