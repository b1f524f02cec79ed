import XML

/// Line and column positions in a decoded text, for formats whose parsers give offsets.
///
/// Built once per file in one pass; each lookup is a binary search, so placing every key of a
/// large file stays linear-logarithmic. Columns count Unicode scalars, like `SourceLocation`.
struct TextLines {
    /// Offset (in scalars) at which each line starts.
    private let lineStarts: [Int]

    init(_ scalars: [Unicode.Scalar]) {
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    /// 1-based line and column of the scalar at `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// The text as scalars: UTF-8 (a BOM dropped), or UTF-16 with a BOM; nil for anything else.
    static func scalars(of bytes: [UInt8]) -> [Unicode.Scalar]? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 2
            while index + 1 < bytes.count {
                let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
                units.append(UInt16(high) << 8 | UInt16(low))
                index += 2
            }
            return strictlyDecoded(utf16: units)
        }
        let byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let decoded = bytes.withUnsafeBufferPointer { UTF8Text.scalars(of: UnsafeBufferPointer(rebasing: $0[byteOrderMark...])) }
        return decoded.wellFormed ? decoded.scalars : nil
    }

    /// Every scalar of UTF-16 `units`, or nil at the first ill-formed sequence.
    private static func strictlyDecoded(utf16 units: [UInt16]) -> [Unicode.Scalar]? {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(units.count)
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.append(scalar)
            case .emptyInput: return result
            case .error: return nil
            }
        }
    }
}
