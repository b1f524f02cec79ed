/// Escaping for text that comes from inputs and rule files in the HTML report.
///
/// Every such text is character data or a double-quoted attribute value, never markup: `&`, `<`,
/// `>`, `"` and `'` become references. Control characters cannot be shown and become U+FFFD, as in
/// the Markdown memo; so do the bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), with which a hostile app name, path or clause could make the words
/// after it read backwards (a file `gpj.exe` shown as `exe.jpg`).
enum HTMLText {
    static func text(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            append(scalar, to: &escaped)
        }
        return escaped
    }

    /// Appends one scalar, escaped.
    static func append(_ scalar: Unicode.Scalar, to escaped: inout String) {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.unicodeScalars.append(printable(scalar))
        }
    }

    /// The scalar as shown: controls (but tab, CR, LF, which become a space) and bidi controls as U+FFFD.
    static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if isBidiControl(scalar) { return "\u{FFFD}" }
        return QuoteWindow.printable(scalar)
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// `<a href>` for an http(s) URL, or the escaped label alone (no `javascript:` from a pack).
    static func link(_ label: String, url: String?) -> String {
        guard let url = PercentEncoding.httpURL(url) else { return text(label) }
        return "<a href=\"\(text(url))\">\(text(label))</a>"
    }

    /// An id attribute value from any text: `app-` and 16 hex digits of FNV-1a, stable across runs.
    static func anchor(_ parts: String...) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return "app-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
