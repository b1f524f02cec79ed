/// Builds clauses from a stream of characters with their source offsets.
///
/// A clause ends at 。！？；!?; (closing quotes and brackets stay with it), at a Latin full stop
/// followed by white space, at a block boundary, and, in preformatted text, at a line break.
/// Text that markup splits arrives as consecutive characters and is joined here, so
/// `<span>通讯</span><b>录</b>` is one word.
struct ClauseSplitter {
    private var lines: LineTable
    private(set) var clauses: [Clause] = []
    private var scalars: [Unicode.Scalar] = []
    private var offsets: [Int32] = []
    private var afterTerminator = false
    private var afterFullStop = false

    /// Longer runs without a boundary (minified pages) are cut so a clause stays a clause.
    static let maximumLength = 4000

    init(source: [UInt8]) {
        lines = LineTable(source: source)
    }

    mutating func append(_ scalar: Unicode.Scalar, offset: Int32) {
        if afterTerminator {
            if Self.isClosing(scalar) {
                push(scalar, offset)
                return
            }
            afterTerminator = false
            breakClause()
        }
        if afterFullStop {
            afterFullStop = false
            if TextNormalizer.isSpace(scalar) { breakClause() }
        }
        push(scalar, offset)
        if Self.isTerminator(scalar) {
            afterTerminator = true
        } else if scalar == ".", endsSentence() {
            afterFullStop = true
        }
        if scalars.count >= Self.maximumLength { breakClause() }
    }

    mutating func breakClause() {
        afterTerminator = false
        afterFullStop = false
        defer {
            scalars.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
        }
        let (display, firstOffset) = Self.cleaned(scalars, offsets)
        guard let firstOffset, display.contains(where: Self.isWordCharacter) else { return }
        let (line, column) = lines.position(of: Int(firstOffset))
        clauses.append(Clause(display: display, line: line, column: column))
    }

    private mutating func push(_ scalar: Unicode.Scalar, _ offset: Int32) {
        scalars.append(scalar)
        offsets.append(offset)
    }

    /// A `.` ends a sentence unless it closes a short abbreviation (e.g., i.e., No.) or stands
    /// inside a number; the caller confirms with the white space that follows.
    private func endsSentence() -> Bool {
        guard scalars.count >= 2 else { return false }
        var word: [Unicode.Scalar] = []
        for scalar in scalars.dropLast().reversed() {
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
    private static func cleaned(_ scalars: [Unicode.Scalar], _ offsets: [Int32]) -> ([Unicode.Scalar], Int32?) {
        let keep = TemplateNoise.mask(scalars)
        var display: [Unicode.Scalar] = []
        display.reserveCapacity(scalars.count)
        var firstOffset: Int32?
        var pendingSpace = false
        for index in scalars.indices where keep[index] {
            let scalar = scalars[index]
            if TextNormalizer.isSpace(scalar) || isControl(scalar) {
                pendingSpace = !display.isEmpty
                continue
            }
            if pendingSpace {
                display.append(" ")
                pendingSpace = false
            }
            if firstOffset == nil { firstOffset = offsets[index] }
            display.append(scalar)
        }
        return (display, firstOffset)
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || TextNormalizer.isCJK(scalar) && scalar.properties.isIdeographic
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
    static func mask(_ scalars: [Unicode.Scalar]) -> [Bool] {
        var keep = [Bool](repeating: true, count: scalars.count)
        var index = 0
        while index < scalars.count {
            if let end = placeholderEnd(scalars, at: index) {
                for covered in index..<end { keep[covered] = false }
                index = end
            } else {
                index += 1
            }
        }
        return keep
    }

    private static let pairs: [(open: [Unicode.Scalar], close: [Unicode.Scalar])] = [
        (["$", "{"], ["}"]),
        (["{", "{"], ["}", "}"]),
        (["{", "%"], ["%", "}"]),
        (["<", "%"], ["%", ">"]),
        (["<", "#"], [">"]),
        (["<", "/", "#"], [">"]),
        (["<", "@"], [">"]),
    ]

    private static func placeholderEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let first = scalars[index]
        guard first == "$" || first == "{" || first == "<" else { return nil }
        for pair in pairs where matches(scalars, pair.open, at: index) {
            // A placeholder is short and on one logical line.
            let limit = min(scalars.count, index + 200)
            var at = index + pair.open.count
            while at < limit {
                if matches(scalars, pair.close, at: at) { return at + pair.close.count }
                at += 1
            }
        }
        return nil
    }

    private static func matches(_ scalars: [Unicode.Scalar], _ pattern: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + pattern.count <= scalars.count else { return false }
        for (offset, scalar) in pattern.enumerated() where scalars[index + offset] != scalar { return false }
        return true
    }
}
