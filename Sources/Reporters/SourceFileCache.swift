/// The files one app's SARIF results point at, each read and hashed once: GitHub's line hashes
/// and the length of each line (for a region's end). Used by one worker for one section.
final class SourceFileCache {
    struct File {
        var hashes: GitHubLineHash

        func hash(line: Int) -> String? { hashes.hash(line: line) }

        /// SARIF's end column of the line: one past its last character. Only for UTF-8 files:
        /// in another encoding, columns count characters of a decoding GitHub does not make.
        func endColumn(line: Int) -> Int? {
            guard let lengths = hashes.lineLengths, line >= 1, line < lengths.count else { return nil }
            return lengths[line] + 1
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
        let file = source.read(path).map { File(hashes: GitHubLineHash($0)) }
        files[path] = file
        return file
    }
}
