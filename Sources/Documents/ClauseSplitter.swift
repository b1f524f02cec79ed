import XML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds clauses from a page's characters, handed over as ranges of one buffer, and places
/// each clause's first character in the source.
///
/// A clause ends at 。！？；!?; (closing quotes and brackets stay with it), at a Latin full stop
/// followed by white space, at a block boundary, and, in preformatted text, at a line break.
/// Text that markup splits arrives as consecutive characters and is joined here, so
/// `<span>通讯</span><b>录</b>` is one word.
struct ClauseSplitter {
    /// Every character of the page (or text file), in order; the splitter is handed ranges of it.
    private let scalars: [Unicode.Scalar]
    private var locator: SourceLocator
    private var positions: SourcePositions
    private(set) var clauses = ClauseList()
    /// The characters since the last break: ranges of `scalars`, usually one (text hidden in a
    /// skipped element can stand between two).
    private var pending: [Range<Int>] = []
    private var pendingCount = 0
    private var afterTerminator = false
    private var afterFullStop = false
    /// A clause spread over several ranges is gathered here.
    private var gathered: [Unicode.Scalar] = []
    private var scratch = Scratch()
    /// Where the text being appended stands (set by the reader as elements open and close); a
    /// clause takes the structure in force at its first character.
    var structure = ClauseStructure()
    private var pendingStructure = ClauseStructure()
    /// The current block's number (see `ClauseStructure.block`); `breakBlock` starts the next.
    private var block: Int32 = 1
    /// Text tables' rows so far (negative, see `tableCell`); each `appendLines` numbers its own.
    private var textTableRows: Int32 = 0

    /// Longer runs without a boundary (minified pages) are cut so a clause stays a clause.
    static let maximumLength = 4000

    /// `sources` says where each of `scalars` stands in `source`, the UTF-8 the positions count in.
    init(scalars: [Unicode.Scalar], sources: [SourceRun], source: [UInt8]) {
        self.scalars = scalars
        locator = SourceLocator(sources)
        positions = SourcePositions(source: source)
        // A character goes to one clause at most, and a space only stands for one dropped.
        clauses.reserveCapacity(characters: scalars.count)
    }

    /// Appends `scalars[range]`.
    mutating func append(_ range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            if !afterTerminator, !afterFullStop {
                // The common case: characters that can end nothing, taken as one run.
                let limit = min(range.upperBound, index + Self.maximumLength - pendingCount)
                let end = scalars.withUnsafeBufferPointer { scalars in
                    var end = index
                    while end < limit, !Self.isTerminator(scalars[end]), scalars[end] != "." { end += 1 }
                    return end
                }
                if end > index {
                    include(index..<end)
                    index = end
                    if pendingCount >= Self.maximumLength { breakClause() }
                    continue
                }
            }
            appendOne(index)
            index += 1
        }
    }

    /// One character that may end a clause or follows one that may.
    private mutating func appendOne(_ index: Int) {
        let scalar = scalars[index]
        if afterTerminator {
            if Self.isClosing(scalar) {
                include(index..<index + 1)
                return
            }
            afterTerminator = false
            breakClause()
        }
        if afterFullStop {
            afterFullStop = false
            if TextNormalizer.isSpace(scalar) { breakClause() }
        }
        include(index..<index + 1)
        if Self.isTerminator(scalar) {
            afterTerminator = true
        } else if scalar == ".", endsSentence() {
            afterFullStop = true
        }
        if pendingCount >= Self.maximumLength { breakClause() }
    }

    /// Appends `scalars[range]` with every line break ending a clause (preformatted and plain text).
    mutating func appendLines(_ range: Range<Int>) {
        var lines: [Range<Int>] = []
        var start = range.lowerBound
        var pipes = false
        for index in range {
            if scalars[index] == "\n" {
                lines.append(start..<index)
                start = index + 1
            } else if scalars[index] == "|" {
                pipes = true
            }
        }
        // Text tables need a delimiter line, which needs a pipe: most text has none.
        let roles = pipes ? TextTables.roles(of: lines, in: scalars) : []
        let outside = structure
        var rowsUsed = 0
        for (number, line) in lines.enumerated() {
            switch roles.isEmpty ? .text : roles[number] {
            case .text:
                structure = outside
                append(line)
            case .rule:
                break
            case .cell(let row, let column, let header):
                rowsUsed = max(rowsUsed, row)
                structure = tableCell(row: row, column: column, header: header)
                append(line)
            case .row(let row, let header, let cells):
                rowsUsed = max(rowsUsed, row)
                for (column, cell) in cells.enumerated() {
                    structure = tableCell(row: row, column: column, header: header)
                    append(cell)
                    breakBlock()
                }
            }
            breakBlock()
        }
        structure = outside
        textTableRows -= Int32(clamping: rowsUsed)
        append(start..<range.upperBound)
    }

    /// A cell of a text table: its rows count down from -1, apart from the page's HTML rows.
    private mutating func tableCell(row: Int, column: Int, header: Bool) -> ClauseStructure {
        ClauseStructure(
            kind: .tableCell, row: textTableRows - Int32(row), column: Int16(clamping: column), isHeaderCell: header
        )
    }

    @inline(__always)
    private mutating func include(_ range: Range<Int>) {
        if pendingCount == 0 {
            pendingStructure = structure
            pendingStructure.block = block
        }
        if let last = pending.last, last.upperBound == range.lowerBound {
            pending[pending.count - 1] = last.lowerBound..<range.upperBound
        } else {
            pending.append(range)
        }
        pendingCount += range.count
    }

    /// Ends the clause and the block: the next text starts a paragraph, item, cell or line.
    mutating func breakBlock() {
        breakClause()
        block += 1
    }

    mutating func breakClause() {
        afterTerminator = false
        afterFullStop = false
        guard pendingCount > 0 else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingCount = 0
        }
        var built: Built?
        if pending.count == 1 {
            let range = pending[0]
            scalars.withUnsafeBufferPointer { built = Self.build(UnsafeBufferPointer(rebasing: $0[range]), in: &scratch) }
        } else {
            gathered.removeAll(keepingCapacity: true)
            for range in pending { gathered += scalars[range] }
            gathered.withUnsafeBufferPointer { built = Self.build($0, in: &scratch) }
        }
        guard let built else { return }
        // The first kept character's place in the page: count through the pending ranges.
        var firstScalar = pending[0].lowerBound + built.first
        var skipped = built.first
        for range in pending {
            if skipped < range.count {
                firstScalar = range.lowerBound + skipped
                break
            }
            skipped -= range.count
        }
        let (line, column) = positions.position(of: locator.offset(ofScalar: firstScalar, in: scalars))
        scratch.display.withUnsafeBufferPointer { display in
            scratch.normalized.withUnsafeBufferPointer { normalized in
                scratch.origins.withUnsafeBufferPointer { origins in
                    clauses.append(
                        display: UnsafeBufferPointer(rebasing: display[0..<built.display]),
                        normalized: UnsafeBufferPointer(rebasing: normalized[0..<built.normalized]),
                        origins: UnsafeBufferPointer(rebasing: origins[0..<built.normalized]), line: line, column: column,
                        structure: pendingStructure
                    )
                }
            }
        }
    }

    /// A clause built in the scratch buffers: how many display and normalized characters, and
    /// where in the pending text its first kept character stands.
    private struct Built {
        var display: Int
        var normalized: Int
        var first: Int
    }

    /// Room for the clause being built, reused from clause to clause; the clause list copies it.
    private struct Scratch {
        var display: [Unicode.Scalar] = []
        var normalized: [Unicode.Scalar] = []
        var origins: [Int32] = []

        mutating func reserve(_ count: Int) {
            let size = max(count, ClauseSplitter.maximumLength)
            if display.count < count { display = Array(repeating: " ", count: size) }
            if normalized.count < count { normalized = Array(repeating: " ", count: size) }
            if origins.count < count { origins = Array(repeating: 0, count: size) }
        }

        /// Puts the general path's normalized text at the start of the room, which grows when
        /// the text is longer.
        mutating func hold(_ scalars: [Unicode.Scalar], origins: [Int32]) {
            if normalized.count < scalars.count {
                normalized += repeatElement(" ", count: scalars.count - normalized.count)
                self.origins += repeatElement(0, count: scalars.count - self.origins.count)
            }
            normalized.replaceSubrange(0..<scalars.count, with: scalars)
            self.origins.replaceSubrange(0..<origins.count, with: origins)
        }
    }

    /// Folds white space, drops template placeholders, trims and normalizes into `scratch`; nil
    /// when the text holds no word.
    private static func build(_ text: UnsafeBufferPointer<Unicode.Scalar>, in scratch: inout Scratch) -> Built? {
        scratch.reserve(text.count)
        var first: Int?
        var hasWord = false
        // Every space written stands for at least one character dropped: the text's length is enough.
        var written = 0
        scratch.display.withUnsafeMutableBufferPointer { display in
            var pendingSpace = false
            var index = 0
            while index < text.count {
                let scalar = text[index]
                if scalar.value &- 0x4E00 < 0x5200 {
                    // Most of the text: CJK ideographs, words that are never space, control or placeholder.
                    if pendingSpace {
                        display[written] = " "
                        written += 1
                        pendingSpace = false
                    }
                    if first == nil { first = index }
                    hasWord = true
                    display[written] = scalar
                    written += 1
                    index += 1
                    continue
                }
                if let end = TemplateNoise.placeholderEnd(text, at: index) {
                    index = end
                    continue
                }
                if TextNormalizer.isSpace(scalar) || isControl(scalar) {
                    pendingSpace = written > 0
                } else {
                    if pendingSpace {
                        display[written] = " "
                        written += 1
                        pendingSpace = false
                    }
                    if first == nil { first = index }
                    if !hasWord { hasWord = isWordCharacter(scalar) }
                    display[written] = scalar
                    written += 1
                }
                index += 1
            }
        }
        guard let first, hasWord else { return nil }
        var folded: Int?
        scratch.display.withUnsafeBufferPointer { display in
            scratch.normalized.withUnsafeMutableBufferPointer { normalized in
                scratch.origins.withUnsafeMutableBufferPointer { origins in
                    folded = TextNormalizer.foldOneToOne(UnsafeBufferPointer(rebasing: display[0..<written]), into: normalized, origins: origins)
                }
            }
        }
        guard let folded else {
            // A character folds to several (an NFKC expansion): the general path, whose result
            // may be longer than the display text, is copied into the scratch.
            let (normalized, origins) = TextNormalizer.normalizeExpanding(Array(scratch.display[0..<written]))
            scratch.hold(normalized, origins: origins)
            return Built(display: written, normalized: normalized.count, first: first)
        }
        return Built(display: written, normalized: folded, first: first)
    }

    /// A `.` ends a sentence unless it closes a short abbreviation (e.g., i.e., No.) or stands
    /// inside a number; the caller confirms with the white space that follows.
    private func endsSentence() -> Bool {
        guard pendingCount >= 2 else { return false }
        var word: [Unicode.Scalar] = []
        // The pending characters backwards, the `.` itself (the last) excepted.
        var passedPeriod = false
        walk: for range in pending.reversed() {
            for index in range.reversed() {
                guard passedPeriod else {
                    passedPeriod = true
                    continue
                }
                let scalar = scalars[index]
                if TextNormalizer.isSpace(scalar) { break walk }
                word.append(scalar)
            }
        }
        guard let last = word.first, last.properties.isAlphabetic || last.properties.numericType != nil || last == ")" else {
            return false
        }
        let lowered = String(String.UnicodeScalarView(word.reversed())).lowercased()
        if Self.abbreviations.contains(lowered) || lowered.contains(".") { return false }
        if lowered.allSatisfy(\.isNumber) { return false }
        return true
    }

    /// Letters, and ideographs of the CJK scripts. ASCII and the CJK Unified Ideographs block (all
    /// of it assigned, all of it Alphabetic) are answered by range: most clauses start there.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x4E00...0x9FFF:
            true
        case 0x00...0x7F:
            false
        default:
            scalar.properties.isAlphabetic || TextNormalizer.isCJK(scalar) && scalar.properties.isIdeographic
        }
    }

    /// General category Cc is exactly U+0000–001F and U+007F–009F; a range test, not a table look-up.
    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x1F || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// The marks that end a clause (the splitter's summary lists them).
    @inline(__always)
    static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "；", "!", "?", ";", "｡": true
        default: false
        }
    }

    /// Closing quotes and brackets, which stay with the clause a terminator ended.
    @inline(__always)
    static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "”", "’", "」", "』", "）", ")", "】", "》", "\"", "'", "〕", "]": true
        default: false
        }
    }

    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "vs", "inc", "ltd", "co", "art", "para", "sec", "st", "p", "pp",
    ]
}

/// Maps byte offsets in UTF-8 text to 1-based lines and columns (columns count scalars).
/// Clauses arrive in source order, so it counts on from the previous answer: a page is walked
/// once, line breaks found with `memchr` and scalars counted eight bytes at a time. Asked for an
/// earlier offset, it counts from the start again.
struct SourcePositions {
    private let source: [UInt8]
    private var reached = (offset: 0, line: 1, column: 1)

    init(source: [UInt8]) {
        self.source = source
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(0, offset), source.count)
        if offset < reached.offset { reached = (0, 1, 1) }
        var (line, column) = (reached.line, reached.column)
        source.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var lineStart = reached.offset
            var at = reached.offset
            var newLines = 0
            while at < offset, let found = memchr(base + at, 0x0A, offset - at) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                newLines += 1
                at = index + 1
                lineStart = at
            }
            if newLines > 0 {
                line += newLines
                column = 1
            }
            column += Self.scalarCount(UnsafeBufferPointer(rebasing: bytes[lineStart..<offset]))
        }
        reached = (offset, line, column)
        return (line, column)
    }

    /// The scalars whose first byte lies in `bytes`: the bytes that are not UTF-8 continuation
    /// bytes (10xxxxxx).
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        let high: UInt64 = 0x8080_8080_8080_8080
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // Bit 7 of every byte that has bit 7 set and bit 6 clear.
                let continuation = word & ~(word << 1) & high
                count += 8 - continuation.nonzeroBitCount
                index += 8
            }
        }
        while index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }
}

/// Template placeholders left in saved or server-side pages (`${name}`, `{{ x }}`, `<%= x %>`,
/// FreeMarker `<#if>` tags): not the agreement's words.
enum TemplateNoise {
    /// The index just past a placeholder opening at `index`, if one does.
    @inline(__always)
    static func placeholderEnd(_ pending: UnsafeBufferPointer<Unicode.Scalar>, at index: Int) -> Int? {
        let first = pending[index]
        guard first == "$" || first == "{" || first == "<" else { return nil }
        let second: Unicode.Scalar = index + 1 < pending.count ? pending[index + 1] : "\0"
        // The openings `${`, `{{`, `{%`, `<%`, `<#`, `</#`, `<@` and their closings; no two
        // openings start alike, so at most one applies.
        let open: Int
        let close: (Unicode.Scalar, Unicode.Scalar?)
        switch (first, second) {
        case ("$", "{"): (open, close) = (2, ("}", nil))
        case ("{", "{"): (open, close) = (2, ("}", "}"))
        case ("{", "%"): (open, close) = (2, ("%", "}"))
        case ("<", "%"): (open, close) = (2, ("%", ">"))
        case ("<", "#"), ("<", "@"): (open, close) = (2, (">", nil))
        case ("<", "/"):
            guard index + 2 < pending.count, pending[index + 2] == "#" else { return nil }
            (open, close) = (3, (">", nil))
        default:
            return nil
        }
        // A placeholder is short and on one logical line.
        let limit = min(pending.count, index + 200)
        var at = index + open
        while at < limit {
            if pending[at] == close.0 {
                guard let closeSecond = close.1 else { return at + 1 }
                if at + 1 < pending.count, pending[at + 1] == closeSecond { return at + 2 }
            }
            at += 1
        }
        return nil
    }
}
