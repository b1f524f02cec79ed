/// The README's table of matcher keys, generated from `MatcherKinds.all` rather than copied by
/// hand; `MatcherDocumentationTests` fails when the README's copy is not this.
extension MatcherKinds {
    public static var markdownTable: String {
        var lines = ["| key | rules | meaning |", "| --- | --- | --- |"]
        for kind in all {
            lines.append("| `\(kind.key)` | \(kind.appliesTo.rawValue) | \(kind.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}
