/// Tables written as text: the Markdown pipe tables that pages converted to text carry
/// ("权限 | 用途 | 是否必需" over "---|---|---"), in either of the two forms converters write:
///
/// - one row per line: `读取通讯录 | 邀请好友 | 否`;
/// - one cell per line, cells parted by a line holding only `|`, rows parted by a blank line (what
///   html2text writes when a cell holds a line break).
///
/// A table is only recognised under its delimiter line (`---|---`), so prose holding a stray `|`
/// stays prose. The lines above the delimiter are the header row.
enum TextTables {
    /// What one line of a text is.
    enum LineRole: Equatable {
        /// Not part of a table.
        case text
        /// A `|` separator or a `---|---` delimiter: no words.
        case rule
        /// A line of one cell (one-cell-per-line form).
        case cell(row: Int, column: Int, header: Bool)
        /// A whole row on one line; `cells` are the ranges between the pipes.
        case row(row: Int, header: Bool, cells: [Range<Int>])
    }

    /// The role of each of `lines` (ranges of `scalars`, without their line breaks). Rows are
    /// numbered from 1 in the order they stand.
    static func roles(of lines: [Range<Int>], in scalars: [Unicode.Scalar]) -> [LineRole] {
        var roles = [LineRole](repeating: .text, count: lines.count)
        let kinds = lines.map { kind(of: $0, in: scalars) }
        guard kinds.contains(.delimiter) else { return roles }
        var rowNumber = 0
        var index = 0
        while index < lines.count {
            guard kinds[index] == .delimiter else {
                index += 1
                continue
            }
            roles[index] = .rule
            // The header: the group of lines above the delimiter (converters may leave a blank
            // line between them).
            var bottom = index
            while bottom > 0, kinds[bottom - 1] == .blank, index - bottom < 2 { bottom -= 1 }
            // It has as many cells as the delimiter has columns: prose right above the header
            // (a lead-in with no blank line after it) stays prose.
            let columns = cells(of: lines[index], in: scalars).count
            var top = bottom
            var bars = 0
            while top > 0, kinds[top - 1] != .blank, kinds[top - 1] != .delimiter, bottom - top < maximumRowLines {
                top -= 1
                if kinds[top] == .bar {
                    bars += 1
                } else if kinds[top] == .piped || bars >= columns - 1 {
                    break
                }
            }
            let header = top..<bottom
            if !header.isEmpty, header.allSatisfy({ roles[$0] == .text }) {
                _ = markRows(header, header: true, kinds: kinds, lines: lines, scalars: scalars, roles: &roles, rowNumber: &rowNumber)
            }
            // The body: groups of lines parted by blank lines, while they are rows.
            var next = index + 1
            while true {
                while next < lines.count, kinds[next] == .blank { next += 1 }
                var end = next
                while end < lines.count, kinds[end] != .blank, kinds[end] != .delimiter, end - next < maximumRowLines { end += 1 }
                guard end > next,
                      markRows(next..<end, header: false, kinds: kinds, lines: lines, scalars: scalars, roles: &roles, rowNumber: &rowNumber)
                else { break }
                next = end
            }
            index = max(index + 1, next)
        }
        return roles
    }

    /// A row (or a cell) longer than this many lines is prose that happens to hold a pipe.
    static let maximumRowLines = 40

    private enum Kind: Equatable { case blank, bar, delimiter, piped, plain }

    private static func kind(of line: Range<Int>, in scalars: [Unicode.Scalar]) -> Kind {
        var pipes = 0, dashes = 0, others = 0, nonSpace = 0
        for index in line {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\r", "\u{3000}", "\u{A0}": continue
            case "|": pipes += 1
            case "-", ":": dashes += 1
            default: others += 1
            }
            nonSpace += 1
        }
        if nonSpace == 0 { return .blank }
        if pipes == 1, nonSpace == 1 { return .bar }
        if others == 0, pipes >= 1, dashes >= 3 { return .delimiter }
        return pipes > 0 ? .piped : .plain
    }

    /// Marks `group` as table rows: one row of one-cell lines when it holds `|` lines, else one
    /// row per line when every line is piped. Returns false (marking nothing) for prose.
    private static func markRows(
        _ group: Range<Int>, header: Bool, kinds: [Kind], lines: [Range<Int>], scalars: [Unicode.Scalar],
        roles: inout [LineRole], rowNumber: inout Int
    ) -> Bool {
        if group.contains(where: { kinds[$0] == .bar }) {
            rowNumber += 1
            var column = 0
            for line in group {
                if kinds[line] == .bar {
                    roles[line] = .rule
                    column += 1
                } else {
                    roles[line] = .cell(row: rowNumber, column: column, header: header)
                }
            }
            return true
        }
        guard group.allSatisfy({ kinds[$0] == .piped }) else { return false }
        for line in group {
            rowNumber += 1
            roles[line] = .row(row: rowNumber, header: header, cells: cells(of: lines[line], in: scalars))
        }
        return true
    }

    /// The ranges between the pipes of a one-line row, without the outer pipes' empty ends.
    static func cells(of line: Range<Int>, in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var cells: [Range<Int>] = []
        var start = line.lowerBound
        for index in line where scalars[index] == "|" {
            cells.append(start..<index)
            start = index + 1
        }
        cells.append(start..<line.upperBound)
        let isEmpty = { (cell: Range<Int>) in cell.allSatisfy { [" ", "\t", "\r"].contains(scalars[$0]) } }
        if let first = cells.first, isEmpty(first) { cells.removeFirst() }
        if let last = cells.last, isEmpty(last) { cells.removeLast() }
        return cells
    }
}
