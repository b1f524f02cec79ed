/// RFC 3986 percent-encoding: relative paths as SARIF artifact URIs, and http(s) URLs for links.
enum PercentEncoding {
    /// The path as a relative URI reference: `/` separates segments, RFC 3986 unreserved
    /// characters stay, and everything else (spaces, `%`, `#`, `?`, CJK…) becomes UTF-8 `%XX`.
    /// A leading `./` is dropped, since the path is already relative to the root.
    static func path(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        var encoded = ""
        for scalar in path.unicodeScalars {
            if scalar == "/" || isUnreserved(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += encode(scalar)
            }
        }
        return encoded
    }

    static func encode(_ scalar: Unicode.Scalar) -> String {
        let hexDigits = Array("0123456789ABCDEF".unicodeScalars)
        var result = ""
        for byte in String(scalar).utf8 {
            result += "%"
            result.unicodeScalars.append(hexDigits[Int(byte >> 4)])
            result.unicodeScalars.append(hexDigits[Int(byte & 0xF)])
        }
        return result
    }

    private static func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "-", ".", "_", "~": true
        default: false
        }
    }

    /// The URL if its scheme is http or https, with what a Markdown link or a SARIF `helpUri`
    /// cannot hold (spaces, `<`, `>`, quotes, controls) percent-encoded; nil otherwise.
    static func httpURL(_ url: String?) -> String? {
        guard let url = url?.trimmingWhitespace() else { return nil }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), url.unicodeScalars.count > 8 else {
            return nil
        }
        var safe = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case " ", "<", ">", "\"", "`", "{", "}", "|", "\\", "^":
                safe += PercentEncoding.encode(scalar)
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
                    safe += PercentEncoding.encode(scalar)
                } else {
                    safe.unicodeScalars.append(scalar)
                }
            }
        }
        return safe
    }
}
