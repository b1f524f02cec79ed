/// GitHub code scanning's `primaryLocationLineHash`, computed exactly as github/codeql-action's
/// upload-sarif computes it (`src/fingerprints.ts`, `hash`) when a SARIF file lacks it: a rolling
/// hash over the first 100 characters of the file from the start of each line, spaces and tabs
/// left out, `\r\n` and `\r` read as `\n`, the file's end marked by U+FFFF and padded with zeros,
/// and `:N` appended for the Nth line of the file with the same hash.
///
/// "Characters" are UTF-16 code units of the file decoded as UTF-8 (Node's `charCodeAt`), and the
/// arithmetic is 64-bit with wrap-around (the `long` package), printed unsigned in hex without
/// leading zeros. Writing the value ourselves matters because GitHub keys alerts on it: a result
/// uploaded with the same hash stays the same alert across runs.
public enum GitHubLineHash {
    static let blockSize = 100
    static let modulus: UInt64 = 37
    static let endOfFile: UInt16 = 0xFFFF

    /// The hash of every line of `bytes`, indexed by 1-based line number (index 0 unused). The
    /// list has one more entry than the file has line breaks: the line after the last break, as
    /// upload-sarif also hashes it.
    public static func lineHashes(of bytes: some Collection<UInt8>) -> [String] {
        let firstMod = (0..<blockSize).reduce(UInt64(1)) { value, _ in value &* modulus }
        var window = [UInt16](repeating: 0, count: blockSize)
        // The line that starts at each window position, or -1.
        var lineNumbers = [Int](repeating: -1, count: blockSize)
        var hash: UInt64 = 0
        var index = 0
        var lineNumber = 0
        var lineStart = true
        var previousCR = false
        var counts: [UInt64: Int] = [:]
        var hashes = [""]

        func output() {
            counts[hash, default: 0] += 1
            let line = lineNumbers[index]
            if hashes.count <= line { hashes += Array(repeating: "", count: line + 1 - hashes.count) }
            hashes[line] = String(hash, radix: 16) + ":\(counts[hash] ?? 1)"
            lineNumbers[index] = -1
        }
        func update(_ current: UInt16) {
            let begin = window[index]
            window[index] = current
            hash = modulus &* hash &+ UInt64(current) &- firstMod &* UInt64(begin)
            index = (index + 1) % blockSize
        }
        func process(_ unit: UInt16) {
            var current = unit
            if current == 0x20 || current == 0x09 || (previousCR && current == 0x0A) {
                previousCR = false
                return
            }
            if current == 0x0D {
                current = 0x0A
                previousCR = true
            } else {
                previousCR = false
            }
            if lineNumbers[index] != -1 { output() }
            if lineStart {
                lineStart = false
                lineNumber += 1
                lineNumbers[index] = lineNumber
            }
            if current == 0x0A { lineStart = true }
            update(current)
        }

        // Invalid UTF-8 becomes U+FFFD, as Node's decoder makes it.
        for unit in String(decoding: bytes, as: UTF8.self).utf16 { process(unit) }
        process(endOfFile)
        for _ in 0..<blockSize {
            if lineNumbers[index] != -1 { output() }
            update(0)
        }
        return hashes
    }
}
