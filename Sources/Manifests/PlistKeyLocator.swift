/// Finds where each key of an XML property list's top-level dictionary is written.
///
/// Foundation parses the plist but keeps no positions, so one linear pass over the text tracks
/// `<dict>`/`<array>` nesting and notes each `<key>` that sits directly in the top dictionary
/// (nested dictionaries may reuse the same key names; those are skipped).
enum PlistKeyLocator {
    /// Top-level key -> (line, column) of its `<key>` tag, first occurrence kept.
    static func keyPositions(in scalars: [Unicode.Scalar]) -> [String: (line: Int, column: Int)] {
        let lines = TextLines(scalars)
        var positions: [String: (line: Int, column: Int)] = [:]
        var containers: [Bool] = []   // true for dict, false for array
        var index = 0
        let count = scalars.count

        func hasPrefix(_ text: String, at offset: Int) -> Bool {
            var at = offset
            for scalar in text.unicodeScalars {
                guard at < count, scalars[at] == scalar else { return false }
                at += 1
            }
            return true
        }
        func skip(past terminator: String) {
            while index < count, !hasPrefix(terminator, at: index) { index += 1 }
            index = min(count, index + terminator.unicodeScalars.count)
        }

        while index < count {
            guard scalars[index] == "<" else {
                index += 1
                continue
            }
            let tagStart = index
            if hasPrefix("<!--", at: index) { skip(past: "-->"); continue }
            if hasPrefix("<![CDATA[", at: index) { skip(past: "]]>"); continue }
            if hasPrefix("<?", at: index) || hasPrefix("<!", at: index) { skip(past: ">"); continue }
            // Read the whole tag, then decide what it opens or closes.
            var end = index + 1
            while end < count, scalars[end] != ">" { end += 1 }
            let tag = String(String.UnicodeScalarView(scalars[(index + 1) ..< min(end, count)]))
            index = min(count, end + 1)
            let selfClosing = tag.hasSuffix("/")
            let name = tag.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\t" || $0 == "\n" }).first.map(String.init) ?? ""
            switch (tag.hasPrefix("/"), name) {
            case (false, "dict") where !selfClosing: containers.append(true)
            case (false, "array") where !selfClosing: containers.append(false)
            case (true, _) where tag == "/dict" || tag == "/array":
                _ = containers.popLast()
            case (false, "key") where !selfClosing:
                let contentStart = index
                while index < count, !hasPrefix("</key>", at: index) { index += 1 }
                let raw = String(String.UnicodeScalarView(scalars[contentStart ..< index]))
                index = min(count, index + 6)
                if containers == [true] {
                    let key = decodeEntities(raw)
                    if positions[key] == nil { positions[key] = lines.position(of: tagStart) }
                }
            default:
                break
            }
        }
        return positions
    }

    /// The five predefined entities and numeric references, which is all a plist key may use.
    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp) ..< semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                if let scalar { result.unicodeScalars.append(scalar) } else { result += rest[amp ... semicolon] }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
