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
        let bytes = Array(bytes)
        var state = State()
        defer { state.deallocate() }
        if let lengths = Self.hashValidUTF8(bytes, into: &state) {
            lineLengths = lengths
        } else {
            // Not UTF-8: start again from the scalars Node's decoder makes (U+FFFD for each bad sequence).
            state.deallocate()
            state = State()
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                state.feed(scalar.value)
            }
        }
        state.process(Self.endOfFile)
        for _ in 0..<Self.blockSize {
            state.flushOne()
        }
        raw = state.hashes
    }

    /// Decodes and hashes valid UTF-8 straight from the bytes (the strings' scalar view costs
    /// several times more), counting each line's characters as GitHub counts lines (\n, \r\n
    /// and \r each end one). Nil at the first byte that is not valid UTF-8.
    private static func hashValidUTF8(_ bytes: [UInt8], into state: inout State) -> [Int]? {
        var lengths = [0, 0]
        var previousCR = false
        return bytes.withUnsafeBufferPointer { buffer -> [Int]? in
            let count = buffer.count
            var position = 0
            while position < count {
                let lead = buffer[position]
                var value: UInt32
                if lead < 0x80 {
                    value = UInt32(lead)
                    position += 1
                } else {
                    // Lead byte, width, and the range the second byte must fall in (no overlongs,
                    // no surrogates, nothing above U+10FFFF): the Unicode table of well-formed UTF-8.
                    let width: Int
                    var low: UInt8 = 0x80
                    var high: UInt8 = 0xBF
                    switch lead {
                    case 0xC2...0xDF: width = 2; value = UInt32(lead & 0x1F)
                    case 0xE0: width = 3; value = UInt32(lead & 0x0F); low = 0xA0
                    case 0xE1...0xEC, 0xEE...0xEF: width = 3; value = UInt32(lead & 0x0F)
                    case 0xED: width = 3; value = UInt32(lead & 0x0F); high = 0x9F
                    case 0xF0: width = 4; value = UInt32(lead & 0x07); low = 0x90
                    case 0xF1...0xF3: width = 4; value = UInt32(lead & 0x07)
                    case 0xF4: width = 4; value = UInt32(lead & 0x07); high = 0x8F
                    default: return nil
                    }
                    guard position + width <= count else { return nil }
                    let second = buffer[position + 1]
                    guard second >= low && second <= high else { return nil }
                    value = value << 6 | UInt32(second & 0x3F)
                    var offset = 2
                    while offset < width {
                        let next = buffer[position + offset]
                        guard next & 0xC0 == 0x80 else { return nil }
                        value = value << 6 | UInt32(next & 0x3F)
                        offset += 1
                    }
                    position += width
                }
                if value == 0x0A || value == 0x0D {
                    if !(value == 0x0A && previousCR) { lengths.append(0) }
                    previousCR = value == 0x0D
                } else {
                    lengths[lengths.count - 1] += 1
                    previousCR = false
                }
                state.feed(value)
            }
            return lengths
        }
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

    /// fingerprints.ts's variables, one for one; the window and its line numbers in buffers of
    /// their own (arrays checked every index, and the hash runs once per character of the file).
    private struct State {
        let window = UnsafeMutablePointer<UInt16>.allocate(capacity: GitHubLineHash.blockSize)
        /// The line that starts at each window position, or -1.
        let lineNumbers = UnsafeMutablePointer<Int>.allocate(capacity: GitHubLineHash.blockSize)
        /// 37^100, kept here: the static is lazily initialised and checked on every read.
        let firstMod = GitHubLineHash.firstMod
        var hash: UInt64 = 0
        var index = 0
        var lineNumber = 0
        var lineStart = true
        var previousCR = false
        var counts: [UInt64: Int] = [:]
        var hashes: [(hash: UInt64, occurrence: Int)] = [(0, 0)]

        init() {
            window.initialize(repeating: 0, count: GitHubLineHash.blockSize)
            lineNumbers.initialize(repeating: -1, count: GitHubLineHash.blockSize)
        }

        func deallocate() {
            window.deallocate()
            lineNumbers.deallocate()
        }

        /// One scalar as Node's `charCodeAt` sees it: one UTF-16 unit, or a surrogate pair.
        @inline(__always)
        mutating func feed(_ value: UInt32) {
            if value < 0x10000 {
                process(UInt16(truncatingIfNeeded: value))
            } else {
                let offset = value - 0x10000
                process(UInt16(truncatingIfNeeded: 0xD800 + (offset >> 10)))
                process(UInt16(truncatingIfNeeded: 0xDC00 + (offset & 0x3FF)))
            }
        }

        mutating func output() {
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
            hash = GitHubLineHash.modulus &* hash &+ UInt64(current) &- firstMod &* UInt64(begin)
            index += 1
            if index == GitHubLineHash.blockSize { index = 0 }
        }

        @inline(__always)
        mutating func process(_ unit: UInt16) {
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

        mutating func flushOne() {
            if lineNumbers[index] != -1 { output() }
            update(0)
        }
    }
}
