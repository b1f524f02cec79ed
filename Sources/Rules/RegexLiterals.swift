import Foundation

/// Literals one of which every match of a regex must contain, when the pattern makes that plain:
/// in each top-level branch, one item that cannot be skipped (a run of plain characters, or a group
/// of plain alternatives such as `(不同意|不接受)`), the one with the longest shortest literal. Nil
/// when some branch has no such item, or the pattern uses flags, lookaround or `\Q…\E`, so a rule
/// is never filtered wrongly: the regex still decides, only on fewer clauses.
enum RegexLiterals {
    static let meta: Set<Character> = ["\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}"]

    static func required(_ pattern: String) -> [String]? {
        // Read by Character, a combining mark after a metacharacter (`(\u{301}a|b)`) would hide
        // the metacharacter and yield literals a match need not contain; such a pattern gets no
        // filter, and its regex runs on every clause.
        guard pattern.count == pattern.unicodeScalars.count else { return nil }
        let characters = Array(pattern)
        if pattern.contains("\\Q") { return nil }
        for (index, character) in characters.enumerated() where character == "(" && index + 1 < characters.count {
            if characters[index + 1] == "?", !(index + 2 < characters.count && characters[index + 2] == ":") { return nil }
        }
        guard let branches = split(characters) else { return nil }
        var literals: [String] = []
        for branch in branches {
            guard let items = requiredItems(branch),
                  let best = items.max(by: { score($0) < score($1) }) else { return nil }
            literals += best
        }
        return literals.isEmpty ? nil : literals
    }

    private static func score(_ literals: [String]) -> (Int, Int) {
        (literals.map { $0.unicodeScalars.count }.min() ?? 0, -literals.count)
    }

    /// The items of a branch that every match of it contains: each a list of literal alternatives.
    private static func requiredItems(_ branch: [Character]) -> [[String]]? {
        var items: [[String]] = []
        var run: [Character] = []
        func endRun() {
            if !run.isEmpty { items.append([String(run)]) }
            run = []
        }
        var index = 0
        while index < branch.count {
            let character = branch[index]
            var item: [String]?
            var next = index + 1
            switch character {
            case "(":
                guard let close = closingParenthesis(branch, from: index) else { return nil }
                var inner = Array(branch[(index + 1)..<close])
                if inner.starts(with: ["?", ":"]) { inner.removeFirst(2) }
                if let alternatives = split(inner), alternatives.allSatisfy({ !$0.isEmpty && !$0.contains(where: meta.contains) }) {
                    item = alternatives.map { String($0) }
                }
                next = close + 1
            case "[":
                guard let close = closingBracket(branch, from: index) else { return nil }
                next = close + 1
            case "\\":
                guard index + 1 < branch.count else { return nil }
                next = index + 2
                if "pPNx".contains(branch[index + 1]), next < branch.count, branch[next] == "{" {
                    guard let close = branch[next...].firstIndex(of: "}") else { return nil }
                    next = close + 1
                }
            case "^", "$", ".", ")", "]", "{", "}", "?", "*", "+":
                break
            default:
                // A plain character: part of the run unless a quantifier follows it.
                if next < branch.count, "?*+{".contains(branch[next]) {
                    endRun()
                } else {
                    run.append(character)
                    index = next
                    continue
                }
            }
            endRun()
            // The quantifier after an item: `?`, `*` and `{0` make it skippable.
            var skippable = false
            if next < branch.count {
                switch branch[next] {
                case "?", "*":
                    skippable = true
                    next += 1
                case "+":
                    next += 1
                case "{":
                    guard let close = branch[next...].firstIndex(of: "}") else { return nil }
                    skippable = !(next + 1 < close && branch[next + 1] >= "1" && branch[next + 1] <= "9")
                    next = close + 1
                default:
                    break
                }
                // Lazy or possessive forms.
                if next < branch.count, branch[next] == "?" || branch[next] == "+", next > index + 1,
                   "?*+}".contains(branch[next - 1]) {
                    next += 1
                }
            }
            if let item, !skippable { items.append(item) }
            index = next
        }
        endRun()
        return items
    }

    /// Splits at `|` outside groups and classes; nil when groups or classes do not balance.
    private static func split(_ pattern: [Character]) -> [[Character]]? {
        var branches: [[Character]] = [[]]
        var depth = 0
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            if character == "\\" {
                guard index + 1 < pattern.count else { return nil }
                branches[branches.count - 1] += pattern[index...(index + 1)]
                index += 2
                continue
            }
            if character == "[" {
                guard let close = closingBracket(pattern, from: index) else { return nil }
                branches[branches.count - 1] += pattern[index...close]
                index = close + 1
                continue
            }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth < 0 { return nil }
            }
            if character == "|", depth == 0 {
                branches.append([])
            } else {
                branches[branches.count - 1].append(character)
            }
            index += 1
        }
        return depth == 0 ? branches : nil
    }

    /// The `]` closing the class opened at `start`; nil for nested classes or a `]` first in the class.
    private static func closingBracket(_ pattern: [Character], from start: Int) -> Int? {
        var index = start + 1
        if index < pattern.count, pattern[index] == "^" { index += 1 }
        if index < pattern.count, pattern[index] == "]" { return nil }
        while index < pattern.count {
            switch pattern[index] {
            case "\\": index += 2
            case "[": return nil
            case "]": return index
            default: index += 1
            }
        }
        return nil
    }

    /// The `)` closing the group opened at `start`.
    private static func closingParenthesis(_ pattern: [Character], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < pattern.count {
            switch pattern[index] {
            case "\\":
                index += 2
                continue
            case "[":
                guard let close = closingBracket(pattern, from: index) else { return nil }
                index = close + 1
                continue
            case "(":
                depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
