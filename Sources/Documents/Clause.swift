import Findings

/// Where a clause stands in the page's structure: in a heading element, a list item or a table
/// cell (with its row and column), so a rule can read a cell with its row and a list item with its
/// lead-in, and a heading is known for one.
public struct ClauseStructure: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case text, heading, listItem, tableCell
    }

    public var kind: Kind
    /// The table row the clause stands in, numbered from 1 per page; 0 outside tables.
    public var row: Int32
    /// Its cell's column within the row, from 0.
    public var column: Int16
    /// A `th` cell, or a cell of a `thead`.
    public var isHeaderCell: Bool
    /// The block the clause stands in (a paragraph, list item, cell or heading; a line of plain or
    /// preformatted text), numbered from 1 per page: the sentences of one block share it.
    public var block: Int32

    public init(kind: Kind = .text, row: Int32 = 0, column: Int16 = 0, isHeaderCell: Bool = false, block: Int32 = 0) {
        self.kind = kind
        self.row = row
        self.column = column
        self.isHeaderCell = isHeaderCell
        self.block = block
    }

    /// Whether two clauses are parts of one unit: one block, or cells of one table row.
    public func isInSameUnit(as other: ClauseStructure) -> Bool {
        row != 0 ? row == other.row : block == other.block
    }
}

/// A sentence-like unit of an agreement: what clause rules match against.
public struct Clause: Sendable, Equatable {
    /// The words as a reader sees them (entities decoded, white space folded).
    public var display: [Unicode.Scalar]
    /// `display` normalized for matching (see `TextNormalizer`).
    public var normalized: [Unicode.Scalar]
    /// For each normalized scalar, the index of the display scalar it came from.
    public var origins: [Int32]
    /// Where the clause's first character stands in the original file.
    public var line: Int
    public var column: Int
    public var structure = ClauseStructure()

    public init(display: [Unicode.Scalar], line: Int, column: Int) {
        self.display = display
        let normalized = TextNormalizer.normalize(display)
        self.normalized = normalized.scalars
        self.origins = normalized.origins
        self.line = line
        self.column = column
    }

    /// A clause whose normalized form is already made (the splitter normalizes as it goes).
    init(display: [Unicode.Scalar], normalized: [Unicode.Scalar], origins: [Int32], line: Int, column: Int, structure: ClauseStructure) {
        self.display = display
        self.normalized = normalized
        self.origins = origins
        self.line = line
        self.column = column
        self.structure = structure
    }

    public var text: String {
        Self.string(display[...])
    }

    public var normalizedText: String {
        Self.string(normalized[...])
    }

    /// The same string as appending the scalars to a `String.UnicodeScalarView`, built from their
    /// UTF-8 in one go (appending scalar by scalar dominated finding and regex costs).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count * 3)
        for scalar in scalars {
            let value = scalar.value
            if value < 0x80 {
                utf8.append(UInt8(value))
            } else if value < 0x800 {
                utf8.append(UInt8(0xC0 | value >> 6))
                utf8.append(UInt8(0x80 | value & 0x3F))
            } else if value < 0x10000 {
                utf8.append(UInt8(0xE0 | value >> 12))
                utf8.append(UInt8(0x80 | value >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | value & 0x3F))
            } else {
                utf8.append(UInt8(0xF0 | value >> 18))
                utf8.append(UInt8(0x80 | value >> 12 & 0x3F))
                utf8.append(UInt8(0x80 | value >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | value & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Maps a half-open range of normalized scalars to the display scalars it covers.
    public func displayRange(ofNormalized range: Range<Int>) -> HighlightRange {
        guard !range.isEmpty, range.upperBound <= origins.count else { return HighlightRange(start: 0, end: 0) }
        let start = Int(origins[range.lowerBound])
        let end = Int(origins[range.upperBound - 1]) + 1
        return HighlightRange(start: start, end: max(start, end))
    }
}

/// An agreement's clauses. Their characters lie end to end in three buffers that all of them
/// share, so a page of thousands of clauses is a few allocations instead of three per clause;
/// a `Clause` value is made only when one is asked for (a rule's full check, a test).
public struct ClauseList: RandomAccessCollection, Sendable, Equatable {
    /// Every clause's display characters, end to end.
    public private(set) var display: [Unicode.Scalar] = []
    /// Every clause's normalized characters, end to end.
    public private(set) var normalized: [Unicode.Scalar] = []
    /// For each normalized character, the index within its clause's display of the character it
    /// came from.
    public private(set) var origins: [Int32] = []
    private var ends: [Ends] = []

    /// Where a clause's characters end in the buffers (the next one's start there), and where its
    /// first character stands in the file.
    private struct Ends: Equatable {
        var display: Int
        var normalized: Int
        var line: Int
        var column: Int
        var structure: ClauseStructure
    }

    public init() {}

    public init(_ clauses: [Clause]) {
        for clause in clauses {
            clause.display.withUnsafeBufferPointer { display in
                clause.normalized.withUnsafeBufferPointer { normalized in
                    clause.origins.withUnsafeBufferPointer { origins in
                        append(
                            display: display, normalized: normalized, origins: origins, line: clause.line, column: clause.column,
                            structure: clause.structure
                        )
                    }
                }
            }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(index: Int) -> Clause {
        let normalizedRange = normalizedRange(index)
        return Clause(
            display: Array(display[displayRange(index)]), normalized: Array(normalized[normalizedRange]),
            origins: Array(origins[normalizedRange]), line: ends[index].line, column: ends[index].column,
            structure: ends[index].structure
        )
    }

    /// Clause `index`'s place in the page's structure, without making the clause.
    public func structure(_ index: Int) -> ClauseStructure {
        ends[index].structure
    }

    /// Clause `index`'s line in the file, without making the clause.
    public func line(_ index: Int) -> Int {
        ends[index].line
    }

    /// Clause `index`'s characters in `display`.
    public func displayRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1].display)..<ends[index].display
    }

    /// Clause `index`'s characters in `normalized` and `origins`.
    public func normalizedRange(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1].normalized)..<ends[index].normalized
    }

    /// `self[index].normalizedText`, without making the clause.
    public func normalizedText(_ index: Int) -> String {
        Clause.string(normalized[normalizedRange(index)])
    }

    /// Room for clauses of `characters` display characters in all, normalized to about as many.
    mutating func reserveCapacity(characters: Int) {
        display.reserveCapacity(characters)
        normalized.reserveCapacity(characters)
        origins.reserveCapacity(characters)
    }

    mutating func append(
        display: UnsafeBufferPointer<Unicode.Scalar>, normalized: UnsafeBufferPointer<Unicode.Scalar>,
        origins: UnsafeBufferPointer<Int32>, line: Int, column: Int, structure: ClauseStructure = ClauseStructure()
    ) {
        self.display.append(contentsOf: display)
        self.normalized.append(contentsOf: normalized)
        self.origins.append(contentsOf: origins)
        ends.append(Ends(display: self.display.count, normalized: self.normalized.count, line: line, column: column, structure: structure))
    }
}

/// An agreement read and split into clauses.
public struct Agreement: Sendable, Equatable {
    public var clauses: ClauseList
    /// The encoding the bytes were decoded from, e.g. `UTF-8`, `GB18030`.
    public var encoding: String
    public var format: InputKind

    public init(clauses: ClauseList, encoding: String, format: InputKind) {
        self.clauses = clauses
        self.encoding = encoding
        self.format = format
    }
}
