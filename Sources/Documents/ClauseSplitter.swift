/// Builds clauses from a stream of characters with their source offsets.
///
/// A clause ends at 。！？；!?; (closing quotes and brackets stay with it), at a Latin full stop
/// followed by white space, at a block boundary, and, in preformatted text, at a line break.
/// Text that markup splits arrives as consecutive characters and is joined here, so
/// `<span>通讯</span><b>录</b>` is one word.
struct ClauseSplitter {
    private var lines: LineTable
    private(set) var clauses: [Clause] = []
    /// The characters since the last break, each with its byte offset in the source.
    private var pending: [(scalar: Unicode.Scalar, offset: Int32)] = []
    private var afterTerminator = false
    private var afterFullStop = false

    /// Longer runs without a boundary (minified pages) are cut so a clause stays a clause.
    static let maximumLength = 4000

    init(source: [UInt8]) {
        lines = LineTable(source: source)
    }

    /// Appends a run of characters; `offsets` holds their byte offsets, index for index.
    mutating func append(_ scalars: ArraySlice<Unicode.Scalar>, offsets: ArraySlice<Int32>) {
        var offset = offsets.startIndex
        for scalar in scalars {
            append(scalar, offset: offsets[offset])
            offset += 1
        }
    }

    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, offset: Int32) {
        if afterTerminator {
            if Self.isClosing(scalar) {
                pending.append((scalar, offset))
                return
            }
            afterTerminator = false
            breakClause()
        }
        if afterFullStop {
            afterFullStop = false
            if TextNormalizer.isSpace(scalar) { breakClause() }
        }
        pending.append((scalar, offset))
        if Self.isTerminator(scalar) {
            afterTerminator = true
        } else if scalar == ".", endsSentence() {
            afterFullStop = true
        }
        if pending.count >= Self.maximumLength { breakClause() }
    }

    mutating func breakClause() {
        afterTerminator = false
        afterFullStop = false
        defer { pending.removeAll(keepingCapacity: true) }
        let (display, firstOffset) = Self.cleaned(pending)
        guard let firstOffset, display.contains(where: Self.isWordCharacter) else { return }
        let (line, column) = lines.position(of: Int(firstOffset))
        clauses.append(Clause(display: display, line: line, column: column))
    }

    /// A `.` ends a sentence unless it closes a short abbreviation (e.g., i.e., No.) or stands
    /// inside a number; the caller confirms with the white space that follows.
    private func endsSentence() -> Bool {
        guard pending.count >= 2 else { return false }
        var word: [Unicode.Scalar] = []
        for (scalar, _) in pending.dropLast().reversed() {
            if TextNormalizer.isSpace(scalar) { break }
            word.append(scalar)
        }
        guard let last = word.first, last.properties.isAlphabetic || last.properties.numericType != nil || last == ")" else {
            return false
        }
        let lowered = String(String.UnicodeScalarView(word.reversed())).lowercased()
        if Self.abbreviations.contains(lowered) || lowered.contains(".") { return false }
        if lowered.allSatisfy(\.isNumber) { return false }
        return true
    }

    /// Folds white space, drops template placeholders, trims; returns the first kept offset.
    private static func cleaned(_ pending: [(scalar: Unicode.Scalar, offset: Int32)]) -> ([Unicode.Scalar], Int32?) {
        var display: [Unicode.Scalar] = []
        display.reserveCapacity(pending.count)
        var firstOffset: Int32?
        var pendingSpace = false
        var index = 0
        while index < pending.count {
            let scalar = pending[index].scalar
            if let end = TemplateNoise.placeholderEnd(pending, at: index) {
                index = end
                continue
            }
            if TextNormalizer.isSpace(scalar) || isControl(scalar) {
                pendingSpace = !display.isEmpty
            } else {
                if pendingSpace {
                    display.append(" ")
                    pendingSpace = false
                }
                if firstOffset == nil { firstOffset = pending[index].offset }
                display.append(scalar)
            }
            index += 1
        }
        return (display, firstOffset)
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

    /// `terminators.contains`, without hashing every character.
    @inline(__always)
    static func isTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "；", "!", "?", ";", "｡": true
        default: false
        }
    }

    /// `closing.contains`, without hashing.
    @inline(__always)
    static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "”", "’", "」", "』", "）", ")", "】", "》", "\"", "'", "〕", "]": true
        default: false
        }
    }

    static let terminators: Set<Unicode.Scalar> = ["。", "！", "？", "；", "!", "?", ";", "｡"]
    static let closing: Set<Unicode.Scalar> = ["”", "’", "」", "』", "）", ")", "】", "》", "\"", "'", "〕", "]"]
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "vs", "inc", "ltd", "co", "art", "para", "sec", "st", "p", "pp",
    ]
}

/// Maps a byte offset in UTF-8 text to a 1-based line and column (columns count scalars).
struct LineTable {
    private let source: [UInt8]
    private let lineStarts: [Int]
    /// Clauses arrive in source order: counting on from the previous answer keeps a page that
    /// is one long line linear.
    private var last = (offset: 0, line: 1, column: 1)

    init(source: [UInt8]) {
        self.source = source
        var starts = [0]
        for (index, byte) in source.enumerated() where byte == 0x0A {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(0, offset), source.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        if last.line == low + 1, last.offset <= offset, last.offset >= index {
            column = last.column
            index = last.offset
        }
        while index < offset {
            // Count lead bytes only: one per Unicode scalar.
            if source[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        last = (offset, low + 1, column)
        return (low + 1, column)
    }
}

/// Template placeholders left in saved or server-side pages (`${name}`, `{{ x }}`, `<%= x %>`,
/// FreeMarker `<#if>` tags): not the agreement's words.
enum TemplateNoise {
    /// The index just past a placeholder opening at `index`, if one does.
    @inline(__always)
    static func placeholderEnd(_ pending: [(scalar: Unicode.Scalar, offset: Int32)], at index: Int) -> Int? {
        let first = pending[index].scalar
        guard first == "$" || first == "{" || first == "<" else { return nil }
        let second: Unicode.Scalar = index + 1 < pending.count ? pending[index + 1].scalar : "\0"
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
            guard index + 2 < pending.count, pending[index + 2].scalar == "#" else { return nil }
            (open, close) = (3, (">", nil))
        default:
            return nil
        }
        // A placeholder is short and on one logical line.
        let limit = min(pending.count, index + 200)
        var at = index + open
        while at < limit {
            if pending[at].scalar == close.0 {
                guard let closeSecond = close.1 else { return at + 1 }
                if at + 1 < pending.count, pending[at + 1].scalar == closeSecond { return at + 2 }
            }
            at += 1
        }
        return nil
    }
}
