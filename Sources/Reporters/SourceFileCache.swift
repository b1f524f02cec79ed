/// The files one app's SARIF results point at, each read once: GitHub's line hashes and the
/// length of each line (for a region's end). Used by one worker for one section.
final class SourceFileCache {
    struct File {
        var hashes: [String]
        /// Unicode scalars per line, 1-based; nil when the file is not UTF-8 (columns then count
        /// characters of another decoding, and the end would be a guess).
        var lineLengths: [Int]?

        func hash(line: Int) -> String? {
            line < hashes.count && !hashes[line].isEmpty ? hashes[line] : nil
        }

        /// SARIF's end column of the line: one past its last character.
        func endColumn(line: Int) -> Int? {
            guard let lineLengths, line >= 1, line < lineLengths.count else { return nil }
            return lineLengths[line] + 1
        }
    }

    private let source: SourceFiles?
    private var files: [String: File?] = [:]

    init(_ source: SourceFiles?) {
        self.source = source
    }

    func file(_ path: String) -> File? {
        guard let source else { return nil }
        if let known = files[path] { return known }
        let file = source.read(path).map(Self.file)
        files[path] = file
        return file
    }

    static func file(_ bytes: [UInt8]) -> File {
        File(hashes: GitHubLineHash.lineHashes(of: bytes), lineLengths: lineLengths(bytes))
    }

    /// Lines end at `\n`, `\r\n` or `\r`, as GitHub counts them.
    static func lineLengths(_ bytes: [UInt8]) -> [Int]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lengths = [0, 0]
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lengths.append(0)
            } else {
                lengths[lengths.count - 1] += 1
            }
        }
        return lengths
    }
}
