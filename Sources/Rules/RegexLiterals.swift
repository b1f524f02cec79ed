/// The literals every match of a regex contains, read off its `RegexSyntax` tree. The term
/// automaton finds them in passing, so a rule's regex need only run on clauses that hold them:
/// the same findings, far fewer regex runs.
///
/// A factor is a list of alternatives one of which every match contains: a run of plain
/// characters, or a group of plain alternatives such as `(不同意|不接受)`, that cannot be skipped.
/// Anything the syntax leaves opaque (`\b`, `\p{…}`, `^`) contributes none and ends a run. A
/// pattern the syntax refuses (flags, lookaround, `\Q…\E`) has no factors, so a rule is never
/// filtered wrongly: the regex still decides, only on fewer clauses.
enum RegexLiterals {
    /// A one-character literal occurs nearly everywhere: as a branch's factor it rules out little,
    /// and the automaton would report every occurrence of it.
    static let minBranchLiteralLength = 2
    static let maxAlternatives = 32

    /// For each top-level branch, the factor with the longest shortest literal (the first of
    /// equals), joined: one of them occurs wherever the regex matches. Nil when some branch has
    /// no factor.
    static func required(_ pattern: String) -> [String]? {
        guard let tree = try? RegexSyntax.parse(pattern) else { return nil }
        var literals: [String] = []
        for branch in tree.branches {
            guard let best = factors(branch).max(by: { score($0) < score($1) }) else { return nil }
            literals += best
        }
        return literals.isEmpty ? nil : literals
    }

    private static func score(_ literals: [String]) -> (Int, Int) {
        (literals.map { $0.unicodeScalars.count }.min() ?? 0, -literals.count)
    }

    /// For each top-level branch, all its factors whose literals have at least two characters:
    /// a clause missing one of every branch's lists cannot match. Nil when some branch has none.
    static func branches(_ tree: RegexNode) -> [[[String]]]? {
        var result: [[[String]]] = []
        for branch in tree.branches {
            let factors = factors(branch).filter { $0.allSatisfy { $0.unicodeScalars.count >= minBranchLiteralLength } }
            guard !factors.isEmpty else { return nil }
            result.append(factors)
        }
        return result
    }

    /// Lists of alternatives, one of each of which every match of `node` contains, in pattern order.
    static func factors(_ node: RegexNode) -> [[String]] {
        if let strings = strings(node) { return strings.contains("") ? [] : [strings] }
        switch node {
        case .set, .choice, .opaque:
            return []
        case .sequence(let items):
            var factors: [[String]] = []
            // Plain characters in a row are one literal.
            var run = String.UnicodeScalarView()
            for item in items {
                if case .set(let set) = item, let scalar = set.single {
                    run.append(scalar)
                    continue
                }
                if !run.isEmpty { factors.append([String(run)]) }
                run = String.UnicodeScalarView()
                factors += self.factors(item)
            }
            if !run.isEmpty { factors.append([String(run)]) }
            return factors
        case .repeated(let item, let min, _, _):
            return min > 0 ? factors(item) : []
        }
    }

    /// Every string `node` matches, when it is plain characters or a choice of them.
    private static func strings(_ node: RegexNode) -> [String]? {
        switch node {
        case .set(let set):
            return set.single.map { [String($0)] }
        case .sequence(let items):
            var literal = String.UnicodeScalarView()
            for item in items {
                guard case .set(let set) = item, let scalar = set.single else { return nil }
                literal.append(scalar)
            }
            return [String(literal)]
        case .choice(let branches):
            var strings: [String] = []
            for branch in branches {
                guard let more = self.strings(branch) else { return nil }
                strings += more
            }
            return strings.count <= maxAlternatives ? strings : nil
        case .repeated, .opaque:
            return nil
        }
    }
}
