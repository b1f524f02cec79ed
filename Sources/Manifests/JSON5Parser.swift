/// A JSON5 parser (https://spec.json5.org) that records where every value and key starts.
///
/// HarmonyOS writes `module.json5` in JSON5 and WeChat writes `app.json` in JSON, a subset, so
/// one parser serves both. It accepts comments, single-quoted strings, unquoted keys, trailing
/// commas, hexadecimal numbers, leading or trailing decimal points, `+`, `Infinity`, `NaN` and
/// escaped line continuations. Nesting is capped so hostile input cannot exhaust the stack.
struct JSON5Parser {
    /// Deeper than any manifest; each level costs two stack frames.
    static let maximumDepth = 512

    /// Where and why parsing stopped.
    struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String

        var description: String { "line \(line), column \(column): \(message)" }
    }

    private let scalars: [Unicode.Scalar]
    private let lines: TextLines
    private var index = 0

    private init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        self.lines = TextLines(scalars)
    }

    /// Parses one complete document (a single value, surrounded only by blanks and comments).
    static func parse(_ scalars: [Unicode.Scalar]) throws(Failure) -> JSON5Value {
        var parser = JSON5Parser(scalars)
        try parser.skipBlanks()
        let value = try parser.value(depth: 0)
        try parser.skipBlanks()
        guard parser.index == scalars.count else { throw parser.failure("unexpected \(parser.describeCurrent()) after the end of the document") }
        return value
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(Failure) -> JSON5Value {
        guard depth < Self.maximumDepth else {
            throw failure("objects and arrays are nested more than \(Self.maximumDepth) deep")
        }
        guard let scalar = current else { throw failure("the document ends where a value was expected") }
        let (line, column) = lines.position(of: index)
        let kind: JSON5Value.Kind
        switch scalar {
        case "{": kind = try object(depth: depth)
        case "[": kind = try array(depth: depth)
        case "\"", "'": kind = .string(try string())
        case "-", "+", ".", "0" ... "9", "I", "N": kind = try number()
        default:
            if consume(word: "true") { kind = .bool(true) }
            else if consume(word: "false") { kind = .bool(false) }
            else if consume(word: "null") { kind = .null }
            else { throw failure("unexpected \(describeCurrent()) where a value was expected") }
        }
        return JSON5Value(kind: kind, line: line, column: column)
    }

    private mutating func object(depth: Int) throws(Failure) -> JSON5Value.Kind {
        index += 1   // {
        var members: [JSON5Value.Member] = []
        while true {
            try skipBlanks()
            if current == "}" { index += 1; return .object(members) }
            let (keyLine, keyColumn) = lines.position(of: index)
            let key: String
            if current == "\"" || current == "'" {
                key = try string()
            } else {
                key = try identifier()
            }
            try skipBlanks()
            guard current == ":" else { throw failure("expected ':' after the key '\(key)', found \(describeCurrent())") }
            index += 1
            try skipBlanks()
            let value = try value(depth: depth + 1)
            members.append(.init(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
            try skipBlanks()
            if current == "," { index += 1; continue }
            if current == "}" { index += 1; return .object(members) }
            throw failure("expected ',' or '}' in an object, found \(describeCurrent())")
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSON5Value.Kind {
        index += 1   // [
        var items: [JSON5Value] = []
        while true {
            try skipBlanks()
            if current == "]" { index += 1; return .array(items) }
            items.append(try value(depth: depth + 1))
            try skipBlanks()
            if current == "," { index += 1; continue }
            if current == "]" { index += 1; return .array(items) }
            throw failure("expected ',' or ']' in an array, found \(describeCurrent())")
        }
    }

    // MARK: Strings and keys

    private mutating func string() throws(Failure) -> String {
        let quote = scalars[index]
        let start = index
        index += 1
        var text = String.UnicodeScalarView()
        while let scalar = current {
            index += 1
            if scalar == quote { return String(text) }
            if scalar == "\n" || scalar == "\r" {
                index = start
                throw failure("a string is not closed before the end of its line")
            }
            guard scalar == "\\" else {
                text.append(scalar)
                continue
            }
            guard let escaped = current else { break }
            index += 1
            switch escaped {
            case "b": text.append("\u{08}")
            case "f": text.append("\u{0C}")
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "v": text.append("\u{0B}")
            case "0" where !(current.map { ("0" ... "9").contains($0) } ?? false):
                text.append("\u{00}")
            case "x":
                text.append(try hexScalar(digits: 2))
            case "u":
                let unit = try hexValue(digits: 4)
                if (0xD800 ... 0xDBFF).contains(unit), current == "\\", peek(1) == "u" {
                    let mark = index
                    index += 2
                    let low = try hexValue(digits: 4)
                    if (0xDC00 ... 0xDFFF).contains(low),
                       let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) {
                        text.append(scalar)
                        continue
                    }
                    index = mark
                }
                text.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
            // Line continuation: a backslash before a line break joins the lines.
            case "\r":
                if current == "\n" { index += 1 }
            case "\n", "\u{2028}", "\u{2029}":
                break
            case "1" ... "9":
                throw failure("'\\\(escaped)' is not a valid escape in JSON5")
            default:
                text.append(escaped)
            }
        }
        index = start
        throw failure("a string is never closed")
    }

    private mutating func hexValue(digits: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0 ..< digits {
            guard let scalar = current, let digit = Self.hexDigit(scalar) else {
                throw failure("expected \(digits) hexadecimal digits in an escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func hexScalar(digits: Int) throws(Failure) -> Unicode.Scalar {
        Unicode.Scalar(try hexValue(digits: digits)) ?? "\u{FFFD}"
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0" ... "9": scalar.value - 48
        case "a" ... "f": scalar.value - 87
        case "A" ... "F": scalar.value - 55
        default: nil
        }
    }

    /// An unquoted key: an ECMAScript 5.1 IdentifierName.
    private mutating func identifier() throws(Failure) -> String {
        var text = String.UnicodeScalarView()
        while let scalar = current {
            var next = scalar
            if scalar == "\\" {
                guard peek(1) == "u" else { throw failure("a '\\' in a key must start a \\u escape") }
                index += 2
                next = try hexScalar(digits: 4)
                index -= 1
            }
            let allowed = text.isEmpty ? Self.isIdentifierStart(next) : Self.isIdentifierPart(next)
            guard allowed else {
                if text.isEmpty { throw failure("unexpected \(describeCurrent()) where a key was expected") }
                break
            }
            text.append(next)
            index += 1
        }
        guard !text.isEmpty else { throw failure("the document ends where a key was expected") }
        return String(text)
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "$" || scalar == "_" || scalar.properties.isAlphabetic
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierStart(scalar) || scalar == "\u{200C}" || scalar == "\u{200D}" { return true }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .connectorPunctuation: return true
        default: return false
        }
    }

    // MARK: Numbers

    private mutating func number() throws(Failure) -> JSON5Value.Kind {
        let start = index
        var sign: Double = 1
        if current == "+" || current == "-" {
            if current == "-" { sign = -1 }
            index += 1
        }
        if consume(word: "Infinity") { return .number(sign * .infinity, text: text(from: start)) }
        if consume(word: "NaN") { return .number(.nan, text: text(from: start)) }
        if current == "0", peek(1) == "x" || peek(1) == "X" {
            index += 2
            var value: Double = 0
            var digits = 0
            while let scalar = current, let digit = Self.hexDigit(scalar) {
                value = value * 16 + Double(digit)
                index += 1
                digits += 1
            }
            guard digits > 0 else { throw failure("a hexadecimal number has no digits") }
            return .number(sign * value, text: text(from: start))
        }
        let digitsStart = index
        var integerDigits = 0
        var fractionDigits = 0
        while let scalar = current, ("0" ... "9").contains(scalar) { index += 1; integerDigits += 1 }
        if current == "." {
            index += 1
            while let scalar = current, ("0" ... "9").contains(scalar) { index += 1; fractionDigits += 1 }
        }
        guard integerDigits + fractionDigits > 0 else {
            index = start
            throw failure("unexpected \(describeCurrent()) where a number was expected")
        }
        if current == "e" || current == "E" {
            index += 1
            if current == "+" || current == "-" { index += 1 }
            var exponentDigits = 0
            while let scalar = current, ("0" ... "9").contains(scalar) { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { throw failure("a number's exponent has no digits") }
        }
        var literal = text(from: digitsStart)
        // Swift's Double parser wants a digit on each side of the point.
        if literal.hasPrefix(".") { literal = "0" + literal }
        literal = literal.replacingDotBeforeExponent()
        guard let magnitude = Double(literal) else { throw failure("'\(text(from: start))' is not a number") }
        return .number(sign * magnitude, text: text(from: start))
    }

    private func text(from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start ..< index]))
    }

    // MARK: Blanks and comments

    /// Skips white space (JSON5 counts Unicode spaces, line separators and the BOM) and comments.
    private mutating func skipBlanks() throws(Failure) {
        while let scalar = current {
            if scalar == "/" && peek(1) == "/" {
                while let next = current, next != "\n", next != "\r", next != "\u{2028}", next != "\u{2029}" { index += 1 }
            } else if scalar == "/" && peek(1) == "*" {
                let start = index
                index += 2
                while current != nil, !(current == "*" && peek(1) == "/") { index += 1 }
                guard current != nil else {
                    index = start
                    throw failure("a /* comment is never closed")
                }
                index += 2
            } else if Self.isBlank(scalar) {
                index += 1
            } else {
                return
            }
        }
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}": true
        default: scalar.properties.generalCategory == .spaceSeparator
        }
    }

    // MARK: Cursor

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// Consumes `word` if it is next and not followed by more identifier characters.
    private mutating func consume(word: String) -> Bool {
        var at = index
        for scalar in word.unicodeScalars {
            guard at < scalars.count, scalars[at] == scalar else { return false }
            at += 1
        }
        if at < scalars.count, Self.isIdentifierPart(scalars[at]) { return false }
        index = at
        return true
    }

    private func describeCurrent() -> String {
        guard let scalar = current else { return "end of file" }
        return "'\(Character(scalar))'"
    }

    private func failure(_ message: String) -> Failure {
        let (line, column) = lines.position(of: index)
        return Failure(line: line, column: column, message: message)
    }
}

private extension String {
    /// `5.e3` -> `5.0e3`, `5.` -> `5.0`.
    func replacingDotBeforeExponent() -> String {
        if hasSuffix(".") { return self + "0" }
        guard let dot = firstIndex(of: "."), index(after: dot) < endIndex else { return self }
        let next = self[index(after: dot)]
        if next == "e" || next == "E" { return String(self[...dot]) + "0" + String(self[index(after: dot)...]) }
        return self
    }
}
