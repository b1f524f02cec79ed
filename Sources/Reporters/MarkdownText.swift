import Findings

/// Escaping for text that comes from inputs and rule files, so that it renders as the same
/// words in any CommonMark/GFM viewer and never as markup.
enum MarkdownText {
    /// Escapes text for use inside a paragraph, heading, list item or table cell.
    ///
    /// Backslash escapes work for every ASCII punctuation character in CommonMark, so escaping a
    /// few too many is harmless; escaping too few lets a clause turn into a link, a table column,
    /// strikethrough (`~`), GitHub math (`$`) or raw HTML (`<`). `&` is escaped only where it could
    /// start an entity reference, so "Terms & Conditions" stays readable in the source.
    static func inline(_ text: String) -> String {
        if !needsEscaping(text) { return text }
        var escaped = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            appendEscaped(scalar, next: index + 1 < scalars.count ? scalars[index + 1] : nil, to: &escaped)
        }
        return String(escaped)
    }

    /// False when no character of `text` is escaped or replaced by `inline`: most quotes, names
    /// and messages, which are then used as they are.
    static func needsEscaping(_ text: String) -> Bool {
        holdsControl(text) { byte in
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "|"),
                UInt8(ascii: "~"), UInt8(ascii: "$"), UInt8(ascii: "&"):
                true
            default:
                false
            }
        }
    }

    /// Whether `text` holds a control character (C0, DEL or C1: what `QuoteWindow.printable`
    /// replaces) or an ASCII byte `special` picks, read byte by byte without decoding.
    @inline(__always)
    private static func holdsControl(_ text: String, or special: (UInt8) -> Bool) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte <= 0x1F || byte == 0x7F || special(byte) { return true }
            // U+0080–U+009F, the C1 controls, are C2 80 to C2 9F.
            if previous == 0xC2, byte >= 0x80, byte <= 0x9F { return true }
            previous = byte
        }
        return false
    }

    /// `inline`, plus escapes for what would open a block at the start of a line (list markers,
    /// ordered-list numbers, setext underlines), for text that starts a paragraph or quote.
    static func paragraph(_ text: String) -> String {
        escapeBlockStart(inline(text))
    }

    /// Appends one scalar of input text, escaped, to a Markdown buffer.
    static func appendEscaped(_ scalar: Unicode.Scalar, next: Unicode.Scalar?, to output: inout String.UnicodeScalarView) {
        let printable = QuoteWindow.printable(scalar)
        switch printable {
        case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "$":
            output.append("\\")
        case "&":
            if let next, next.isASCII, next.properties.isAlphabetic || next == "#" || ("0"..."9").contains(next) {
                output.append("\\")
            }
        default:
            break
        }
        output.append(printable)
    }

    /// Escapes a list marker, ordered-list number or setext underline at the start of already
    /// escaped text.
    static func escapeBlockStart(_ escaped: String) -> String {
        guard let first = escaped.unicodeScalars.first else { return escaped }
        if first == "-" || first == "+" || first == "=" {
            return "\\" + escaped
        }
        // "1. " or "2) " would start an ordered list.
        let digits = escaped.unicodeScalars.prefix { ("0"..."9").contains($0) }
        let after = escaped.unicodeScalars.dropFirst(digits.count).first
        if !digits.isEmpty, digits.count <= 9, after == "." || after == ")" {
            var result = String.UnicodeScalarView(digits)
            result.append("\\")
            result.append(contentsOf: escaped.unicodeScalars.dropFirst(digits.count))
            return String(result)
        }
        return escaped
    }

    /// A code span that shows `text` verbatim, whatever backticks it holds. In a table cell `|`
    /// must still be escaped: GFM splits cells before it parses code spans.
    static func code(_ text: String, inTable: Bool = false) -> String {
        if isPlainCode(text, inTable: inTable) {
            // What the general path below gives when nothing is replaced and no backtick is held:
            // most paths and locations.
            return text.hasPrefix(" ") && text.hasSuffix(" ") ? "` \(text) `" : "`" + text + "`"
        }
        return fencedCode(text, inTable: inTable)
    }

    /// `code` for any text: controls replaced, `|` escaped in tables, a fence longer than the
    /// longest run of backticks.
    static func fencedCode(_ text: String, inTable: Bool) -> String {
        var content = String(String.UnicodeScalarView(text.unicodeScalars.map(QuoteWindow.printable)))
        if inTable { content = content.replacingAll("|", with: "\\|") }
        var longestRun = 0
        var run = 0
        for scalar in content.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        // A space on each side keeps a leading or trailing backtick out of the fence; CommonMark
        // strips one such space again.
        let padded = content.hasPrefix("`") || content.hasSuffix("`") || content.hasPrefix(" ") && content.hasSuffix(" ")
        return padded ? "\(fence) \(content) \(fence)" : fence + content + fence
    }

    /// True when `code` changes no character of `text` and needs a fence of one backtick: no
    /// control characters, no backticks, and in a table no `|`.
    private static func isPlainCode(_ text: String, inTable: Bool) -> Bool {
        !holdsControl(text) { $0 == UInt8(ascii: "`") || inTable && $0 == UInt8(ascii: "|") }
    }

    /// A link to an http(s) URL, or the plain label when the URL is missing or of another scheme:
    /// a norms catalogue from a third-party pack must not smuggle `javascript:` links into a memo
    /// that is rendered to HTML.
    static func link(_ label: String, url: String?) -> String {
        guard let url = PercentEncoding.httpURL(url) else { return label }
        return "[\(label)](<\(url)>)"
    }
}
