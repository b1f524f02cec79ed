/// A horizontal bar chart as inline SVG, for the HTML report: one bar per label, each bar made of
/// coloured parts (findings per severity), the total written after it. No script, no external
/// font or stylesheet; the numbers are also in the tables, so the chart only shows them.
struct SVGBarChart {
    struct Bar {
        var label: String
        /// (count, colour) from left to right.
        var parts: [(Int, String)]
        var total: Int { parts.reduce(0) { $0 + $1.0 } }
    }

    var caption: String
    var id: String
    var bars: [Bar]

    static let labelWidth = 230
    static let barWidth = 420
    static let rowHeight = 22

    var html: String {
        guard !bars.isEmpty else { return "" }
        let maximum = max(1, bars.map(\.total).max() ?? 1)
        let width = Self.labelWidth + Self.barWidth + 60
        let height = bars.count * Self.rowHeight + 8
        var svg = "<figure id=\"\(id)\">\n<figcaption>\(HTMLText.text(caption))</figcaption>\n"
        svg += "<svg role=\"img\" aria-labelledby=\"\(id)-title\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
        svg += "<title id=\"\(id)-title\">\(HTMLText.text(caption))</title>\n"
        for (row, bar) in bars.enumerated() {
            let y = 4 + row * Self.rowHeight
            // Labels are cut to fit; the full name is in the tables and in the bar's tooltip.
            let label = bar.label.count > 32 ? String(bar.label.prefix(31)) + "…" : bar.label
            svg += "<g><title>\(HTMLText.text(bar.label)): \(bar.total)</title>"
            svg += "<text x=\"\(Self.labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTMLText.text(label))</text>"
            var x = Self.labelWidth
            for (count, colour) in bar.parts where count > 0 {
                let length = max(1, count * Self.barWidth / maximum)
                svg += "<rect x=\"\(x)\" y=\"\(y + 2)\" width=\"\(length)\" height=\"\(Self.rowHeight - 6)\" fill=\"\(colour)\"/>"
                x += length
            }
            svg += "<text x=\"\(x + 5)\" y=\"\(y + 15)\">\(bar.total)</text></g>\n"
        }
        return svg + "</svg>\n</figure>\n"
    }
}
