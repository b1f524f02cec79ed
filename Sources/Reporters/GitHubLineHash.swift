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
public struct GitHubLineHash {
    static let blockSize = 100
    static let modulus: UInt64 = 37
    static let endOfFile: UInt16 = 0xFFFF
    static let firstMod = (0..<blockSize).reduce(UInt64(1)) { value, _ in value &* modulus }

    /// Per line (1-based; index 0 unused): the hash and its occurrence, formatted only when asked.
    private var raw: [(hash: UInt64, occurrence: Int)] = [(0, 0)]
    /// Characters per line (Unicode scalars, 1-based), when the file is valid UTF-8.
    public private(set) var lineLengths: [Int]?

    /// Hashes every line of `bytes` in one pass (and counts each line's characters when the bytes
    /// are valid UTF-8, for a SARIF region's end).
    public init(_ bytes: some Collection<UInt8>) {
        var state = State()
        var hashes = raw
        if let text = String(validating: bytes, as: UTF8.self) {
            // Lines as GitHub counts them: \n, \r\n and \r each end one.
            var lengths = [0, 0]
            var previousCR = false
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value == 0x0A || value == 0x0D {
                    if !(value == 0x0A && previousCR) { lengths.append(0) }
                    previousCR = value == 0x0D
                } else {
                    lengths[lengths.count - 1] += 1
                    previousCR = false
                }
                Self.feed(value, into: &state, hashes: &hashes)
            }
            lineLengths = lengths
        } else {
            // Invalid UTF-8 becomes U+FFFD, as Node's decoder makes it.
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                Self.feed(scalar.value, into: &state, hashes: &hashes)
            }
        }
        state.process(Self.endOfFile, hashes: &hashes)
        for _ in 0..<Self.blockSize {
            state.flushOne(hashes: &hashes)
        }
        raw = hashes
    }

    /// `hash:occurrence` of a 1-based line, or nil for a line the file does not have. The line
    /// after the last line break has one too, as upload-sarif gives it one.
    public func hash(line: Int) -> String? {
        guard line >= 1, line < raw.count, raw[line].occurrence > 0 else { return nil }
        return String(raw[line].hash, radix: 16) + ":\(raw[line].occurrence)"
    }

    /// Every line's hash, 1-based (index 0 empty).
    public static func lineHashes(of bytes: some Collection<UInt8>) -> [String] {
        let hashes = GitHubLineHash(bytes)
        return [""] + (1..<hashes.raw.count).map { hashes.hash(line: $0) ?? "" }
    }

    /// One scalar as Node's `charCodeAt` sees it: one UTF-16 unit, or a surrogate pair.
    @inline(__always)
    private static func feed(_ value: UInt32, into state: inout State, hashes: inout [(hash: UInt64, occurrence: Int)]) {
        if value < 0x10000 {
            state.process(UInt16(truncatingIfNeeded: value), hashes: &hashes)
        } else {
            let offset = value - 0x10000
            state.process(UInt16(truncatingIfNeeded: 0xD800 + (offset >> 10)), hashes: &hashes)
            state.process(UInt16(truncatingIfNeeded: 0xDC00 + (offset & 0x3FF)), hashes: &hashes)
        }
    }

    /// fingerprints.ts's variables, one for one.
    private struct State {
        var window = [UInt16](repeating: 0, count: GitHubLineHash.blockSize)
        /// The line that starts at each window position, or -1.
        var lineNumbers = [Int](repeating: -1, count: GitHubLineHash.blockSize)
        var hash: UInt64 = 0
        var index = 0
        var lineNumber = 0
        var lineStart = true
        var previousCR = false
        var counts: [UInt64: Int] = [:]

        mutating func output(hashes: inout [(hash: UInt64, occurrence: Int)]) {
            let occurrence = (counts[hash] ?? 0) + 1
            counts[hash] = occurrence
            let line = lineNumbers[index]
            while hashes.count <= line { hashes.append((0, 0)) }
            hashes[line] = (hash, occurrence)
            lineNumbers[index] = -1
        }

        @inline(__always)
        mutating func update(_ current: UInt16) {
            let begin = window[index]
            window[index] = current
            hash = GitHubLineHash.modulus &* hash &+ UInt64(current) &- GitHubLineHash.firstMod &* UInt64(begin)
            index += 1
            if index == GitHubLineHash.blockSize { index = 0 }
        }

        @inline(__always)
        mutating func process(_ unit: UInt16, hashes: inout [(hash: UInt64, occurrence: Int)]) {
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
            if lineNumbers[index] != -1 { output(hashes: &hashes) }
            if lineStart {
                lineStart = false
                lineNumber += 1
                lineNumbers[index] = lineNumber
            }
            if current == 0x0A { lineStart = true }
            update(current)
        }

        mutating func flushOne(hashes: inout [(hash: UInt64, occurrence: Int)]) {
            if lineNumbers[index] != -1 { output(hashes: &hashes) }
            update(0)
        }
    }
}
