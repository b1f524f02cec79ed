/// A GFM pipe table whose cells are already-escaped Markdown.
struct MarkdownTable {
    enum Alignment { case left, right }

    var columns: [(title: String, alignment: Alignment)]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        self.columns = columns.map { (title: $0.0, alignment: $0.1) }
    }

    mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "table row has \(cells.count) cells, expected \(columns.count)")
        rows.append(cells)
    }

    var markdown: String {
        var lines = [line(columns.map(\.title))]
        lines.append(line(columns.map { $0.alignment == .right ? "---:" : "---" }))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// One row; cells must not contain line breaks, since a table row is one line.
    private func line(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingAll("\n", with: " ") }.joined(separator: " | ") + " |"
    }
}
