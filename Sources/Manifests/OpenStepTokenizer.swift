/// Tokens of an old-style property list: strings (quoted or bare, escapes decoded) and
/// punctuation, each with the scalar offset where it starts. Comments are dropped.
enum OpenStepTokenizer {
    struct Token {
        enum Kind: Equatable {
            case string(String)
            case open(Character)
            case close(Character)
            case punctuation(Character)
        }
        var kind: Kind
        var offset: Int
    }

    static func tokens(in scalars: [Unicode.Scalar]) throws(ManifestError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "/", index + 1 < count, scalars[index + 1] == "*" {
                index += 2
                while index + 1 < count, !(scalars[index] == "*" && scalars[index + 1] == "/") { index += 1 }
                index = min(count, index + 2)
            } else if scalar == "/", index + 1 < count, scalars[index + 1] == "/" {
                while index < count, scalars[index] != "\n" { index += 1 }
            } else if scalar == "{" || scalar == "(" {
                tokens.append(Token(kind: .open(Character(scalar)), offset: index))
                index += 1
            } else if scalar == "}" || scalar == ")" {
                tokens.append(Token(kind: .close(Character(scalar)), offset: index))
                index += 1
            } else if scalar == "=" || scalar == ";" || scalar == "," {
                tokens.append(Token(kind: .punctuation(Character(scalar)), offset: index))
                index += 1
            } else if scalar == "\"" || scalar == "'" {
                let start = index
                let text = try quoted(scalars, from: &index)
                tokens.append(Token(kind: .string(text), offset: start))
            } else {
                let start = index
                var text = String.UnicodeScalarView()
                while index < count, !isDelimiter(scalars[index]) {
                    text.append(scalars[index])
                    index += 1
                }
                if text.isEmpty { index += 1 } else { tokens.append(Token(kind: .string(String(text)), offset: start)) }
            }
        }
        return tokens
    }

    private static func isDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "{}()=;,\"'".unicodeScalars.contains(scalar)
    }

    /// A quoted string starting at `index` (on the quote); leaves `index` after the closing quote.
    private static func quoted(_ scalars: [Unicode.Scalar], from index: inout Int) throws(ManifestError) -> String {
        let quote = scalars[index]
        let start = index
        index += 1
        var text = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == quote { return String(text) }
            guard scalar == "\\", index < scalars.count else {
                text.append(scalar)
                continue
            }
            let escaped = scalars[index]
            index += 1
            switch escaped {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "a": text.append("\u{07}")
            case "b": text.append("\u{08}")
            case "f": text.append("\u{0C}")
            case "v": text.append("\u{0B}")
            case "U", "u":
                var value: UInt32 = 0
                var digits = 0
                while digits < 4, index < scalars.count, scalars[index].isASCII,
                      let digit = UInt32(String(scalars[index]), radix: 16) {
                    value = value * 16 + digit
                    index += 1
                    digits += 1
                }
                if let decoded = Unicode.Scalar(value), digits > 0 { text.append(decoded) }
            case "0" ... "7":
                var value = escaped.value - 48
                var digits = 1
                while digits < 3, index < scalars.count, ("0" ... "7").contains(scalars[index]) {
                    value = value * 8 + scalars[index].value - 48
                    index += 1
                    digits += 1
                }
                if let decoded = Unicode.Scalar(value) { text.append(decoded) }
            default:
                text.append(escaped)
            }
        }
        let line = TextLines(Array(scalars[..<start])).position(of: start)
        throw ManifestError("the Xcode project file has a string that never closes (it opens at line \(line.line))")
    }
}
