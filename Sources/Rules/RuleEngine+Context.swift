import Documents
import Findings

/// Clauses whose meaning continues beyond them: the items of a list read with its lead-in
/// ("我们收集以下信息：" … "3. 通讯录"), and the cells of a table row read with the other cells
/// ("通讯录 | 用于邀请好友 | 必需"). A rule opts in with `context:`; a term group the clause lacks may
/// then stand in the lead-in or the row, as long as the clause itself holds at least one group.
struct ContextTracker {
    /// The list a lead-in opened: the lead-in clause, its terms, how many items it has had.
    struct LeadIn {
        var index: Int
        var terms: Set<Int>
        var items: Int
    }

    private(set) var leadIn: LeadIn?
    /// The terms of the current table row's cells, worked out once per row when a rule asks.
    private var rowTerms: (row: Int32, terms: [Int32: Set<Int>])?
    /// The terms of the header row of the table being read: a column's header says what its cells
    /// hold ("所需信息或权限", "收集的个人信息"), so each row is read with it.
    private var header: (row: Int32, terms: Set<Int>)?
    /// Rows a rule has already reported: a row is one unit, reported once, at its first cell that
    /// holds one of the rule's groups.
    var reportedRows: Set<[Int32]> = []

    /// A list has at most this many items: past it, the lead-in is far away.
    static let maximumItems = 40

    /// Words that make a clause ending in a colon announce a list (normalized).
    static let leadInCues = ["以下", "如下", "下列", "下述", "包括", "包含", "如:", "following", "include", "as follows", "below"]
        .map { Array($0.unicodeScalars) }

    /// The clause at `index` comes next: the open list goes on only if it is one of its items.
    mutating func enter(_ index: Int, in clauses: ClauseList) {
        guard var open = leadIn else { return }
        open.items += 1
        if open.items > Self.maximumItems || !Self.isListItem(index, in: clauses) {
            leadIn = nil
        } else {
            leadIn = open
        }
    }

    /// The clause at `index` holds `occurrences`: a header cell adds them to the table's header; a
    /// clause outside any table ends the table.
    mutating func noteTable(_ index: Int, in clauses: ClauseList, occurrences: [TermAutomaton.Occurrence]) {
        let structure = clauses.structure(index)
        guard structure.row != 0 else {
            header = nil
            return
        }
        guard structure.isHeaderCell else { return }
        if header?.row != structure.row { header = (structure.row, []) }
        for occurrence in occurrences { header!.terms.insert(occurrence.term) }
    }

    /// After the clause at `index` is read: a clause ending in a colon that announces a list opens one.
    mutating func noteLeadIn(_ index: Int, in clauses: ClauseList, terms: [Int]) {
        let range = clauses.normalizedRange(index)
        guard let last = clauses.normalized[range].last(where: { $0 != " " }), last == ":" else { return }
        let text = clauses.normalized[range]
        guard Self.leadInCues.contains(where: { Self.occurs($0, in: text) }) else { return }
        leadIn = LeadIn(index: index, terms: Set(terms), items: 0)
    }

    /// An item of a list: a list element, or a line that starts with an enumerator ("(3)", "3、",
    /// "三、", "①", "- ").
    static func isListItem(_ index: Int, in clauses: ClauseList) -> Bool {
        if clauses.structure(index).kind == .listItem { return true }
        return startsWithEnumerator(clauses.normalized[clauses.normalizedRange(index)])
    }

    /// Whether `needle` stands in `text`, compared scalar by scalar (String's `contains` goes
    /// through Foundation's locale-aware search, which dominated a profile).
    static func occurs(_ needle: [Unicode.Scalar], in text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = needle.first, text.count >= needle.count else { return false }
        var start = text.startIndex
        let last = text.endIndex - needle.count
        while start <= last {
            if text[start] == first, text[start..<start + needle.count].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }

    static func startsWithEnumerator(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var scalars = text.drop { $0 == " " }.prefix(6).makeIterator()
        guard var first = scalars.next() else { return false }
        if (0x2460...0x2473).contains(first.value) { return true }
        if ["-", "*", "•", "·", "●", "▪", "■", "◆", "◇", "○"].contains(first) { return true }
        var opened = false
        if first == "(" {
            opened = true
            guard let next = scalars.next() else { return false }
            first = next
        }
        let isNumeral = { (scalar: Unicode.Scalar) in
            ("0"..."9").contains(scalar) || "一二三四五六七八九十".unicodeScalars.contains(scalar)
        }
        guard isNumeral(first) else { return opened && ("a"..."z").contains(first) }
        while let next = scalars.next() {
            if isNumeral(next) { continue }
            return opened ? next == ")" : [".", "、", ")"].contains(next)
        }
        return false
    }

    /// The terms of the other cells of the row the clause at `index` stands in.
    mutating func otherCellTerms(_ index: Int, in clauses: ClauseList, automaton: TermAutomaton) -> Set<Int> {
        let row = clauses.structure(index).row
        guard row != 0 else { return [] }
        if rowTerms?.row != row {
            // A row's cells are consecutive clauses: walk out from this one both ways.
            var start = index
            while start > clauses.startIndex, clauses.structure(start - 1).row == row { start -= 1 }
            var end = index + 1
            while end < clauses.endIndex, clauses.structure(end).row == row { end += 1 }
            var byClause: [Int32: Set<Int>] = [:]
            for cell in start..<end {
                byClause[Int32(cell)] = Set(automaton.occurrences(in: clauses.normalized, clauses.normalizedRange(cell)).map(\.term))
            }
            rowTerms = (row, byClause)
        }
        var terms = Set<Int>()
        for (cell, cellTerms) in rowTerms?.terms ?? [:] where cell != Int32(index) {
            terms.formUnion(cellTerms)
        }
        if let header, header.row != row { terms.formUnion(header.terms) }
        return terms
    }

    /// The other cells of the current row (after `otherCellTerms` was asked for it).
    var otherCells: [Int] {
        (rowTerms?.terms.keys.map { Int($0) } ?? []).sorted()
    }

    /// Whether another cell of the current row holds a term of every group: that cell is a match of
    /// its own, and the row is reported there.
    func anotherCellHoldsAll(_ groups: [[Int]], besides index: Int) -> Bool {
        (rowTerms?.terms ?? [:]).contains { cell, terms in
            cell != Int32(index) && groups.allSatisfy { $0.contains(where: terms.contains) }
        }
    }
}

extension RuleEngine {
    /// Whether the clause holds some but not all of context rule `slot`'s groups: only then can a
    /// lead-in or a row complete it (all of them is the rule's own match). No allocation: this runs
    /// for every list item and table cell.
    @inline(__always)
    func partlyPresent(_ slot: Int, _ terms: ClauseTerms) -> Bool {
        let groups = min(clauseRules[contextRules[slot]].groups.count, 64)
        let all: UInt64 = groups == 64 ? ~0 : (1 << UInt64(groups)) - 1
        var present: UInt64 = 0
        contextGroupBits[slot].withUnsafeBufferPointer { bits in
            for term in terms.terms { present |= bits[term] }
        }
        return present != 0 && present != all
    }

    /// Whether any context rule could be completed by the clause's lead-in or row.
    func mayNeedContext(_ terms: ClauseTerms) -> Bool {
        contextRules.indices.contains { partlyPresent($0, terms) }
    }

    /// How far up a section's heading is looked for.
    static let headingSearchLimit = 300

    /// The nearest clause above `index` that is a heading: a heading element, or a short clause
    /// without a sentence end that the lexicon reads as one. Nil when there is none near.
    func headingAbove(_ index: Int, in clauses: ClauseList, cache: HeadingCache) -> String? {
        var above = index - 1
        let floor = max(clauses.startIndex, index - Self.headingSearchLimit)
        while above >= floor {
            if cache.isHeading(above, in: clauses, lexicon: ruleSet.lexicon) { return clauses.normalizedText(above) }
            above -= 1
        }
        return nil
    }

    /// Findings of the `context:` rules on the clause at `index` that need its lead-in or row.
    func contextFindings(
        app: String, appCategory: String?, evidence: AgreementEvidence, index: Int, terms: inout ClauseTerms,
        context: inout ContextTracker, headings: HeadingCache
    ) -> [Finding] {
        let clauses = evidence.agreement.clauses
        let structure = clauses.structure(index)
        let leadIn = context.leadIn
        guard leadIn != nil || structure.row != 0 else { return [] }
        var findings: [Finding] = []
        var rowTerms: Set<Int>?
        let normalized = clauses.normalized[clauses.normalizedRange(index)]
        var readings: ClauseReadings?
        for (slot, position) in contextRules.enumerated() {
            let rule = clauseRules[position]
            // Cheap tests first: most cells and items hold none of the rule's words.
            guard partlyPresent(slot, terms) else { continue }
            let useLeadIn = rule.context.contains(.leadIn) && leadIn != nil
            let useRow = rule.context.contains(.tableRow) && structure.row != 0
            guard useLeadIn || useRow else { continue }
            guard rule.contradicts == nil, applies(rule.rule, to: appCategory), !rule.none.contains(where: terms.contains) else { continue }
            terms.group()
            let negators = rule.unless.flatMap { terms.occurrences(of: $0) }
            var inClause: [[Range<Int>]] = []
            var fromLeadIn = false, fromRow = false
            var complete = true
            for group in rule.groups {
                let ranges = occurrences(of: group, in: normalized, terms: terms, negators: negators, scope: rule.negationScope)
                if !ranges.isEmpty {
                    inClause.append(ranges)
                } else if useLeadIn, let leadIn, group.contains(where: leadIn.terms.contains) {
                    fromLeadIn = true
                } else if useRow, group.contains(where: {
                    if rowTerms == nil { rowTerms = context.otherCellTerms(index, in: clauses, automaton: automaton) }
                    return rowTerms!.contains($0)
                }) {
                    fromRow = true
                } else {
                    complete = false
                    break
                }
            }
            // All groups in the clause is the clause's own match; none in it is only context.
            guard complete, fromLeadIn || fromRow, !inClause.isEmpty, let window = Self.smallestWindow(inClause),
                  Self.fits(window, near: rule.near, in: normalized) else { continue }
            if !rule.notIn.isEmpty {
                if readings == nil {
                    readings = self.readings(of: index, in: clauses, text: clauses.normalizedText(index), headings: headings)
                }
                if readings!.first(of: rule.notIn, matched: window) != nil { continue }
                // "我们不会收集以下信息：" negates its items too, and "我们不会读取" in one cell its row.
                var lenders: [Int] = []
                if fromLeadIn, let leadIn { lenders.append(leadIn.index) }
                if fromRow { lenders += context.otherCells.filter { $0 != index } }
                let excused = lenders.contains { lender in
                    let text = clauses.normalizedText(lender)
                    var lenderReadings = ClauseReadings(lexicon: ruleSet.lexicon, normalizedText: text)
                    return lenderReadings.first(of: rule.notIn, matched: [0..<text.unicodeScalars.count]) != nil
                }
                if excused { continue }
            }
            if fromRow {
                guard !context.anotherCellHoldsAll(rule.groups, besides: index),
                      context.reportedRows.insert([Int32(position), structure.row]).inserted else { continue }
            }
            let clause = clauses[index]
            var found = finding(
                rule: rule.rule, app: app,
                location: SourceLocation(path: evidence.displayPath, line: clause.line, column: clause.column),
                excerpt: Excerpt(text: clause.text, highlights: HighlightRange.merged(window.map { clause.displayRange(ofNormalized: $0) })),
                pathInApp: evidence.pathInApp, fingerprintText: clause.normalizedText
            )
            if fromLeadIn, let leadIn {
                found.message += " (read with its list's lead-in at line \(clauses.line(leadIn.index)))"
            } else {
                found.message += " (read with the other cells of its table row)"
            }
            findings.append(found)
        }
        return findings
    }
}

extension RuleEngine {
    /// By rule id: how much a rule's match asks of a clause (term groups, a regex, a window), so
    /// that of several rules of one category on one clause the most specific is reported.
    static func specificity(of rules: [Rule]) -> [String: Int] {
        var scores: [String: Int] = [:]
        for rule in rules {
            guard case .clause(let match) = rule.match else { continue }
            scores[rule.id] = match.groups.count + (match.regex == nil ? 0 : 1) + (match.near == nil ? 0 : 1)
        }
        return scores
    }

    /// One finding per clause and category: the highest severity, then the most specific rule,
    /// then the first id; the others are listed on it (`alsoMatched`) instead of quoting the clause
    /// again. Findings keep their order.
    static func onePerClauseAndCategory(_ findings: [Finding], specificity: [String: Int]) -> [Finding] {
        struct Key: Hashable {
            var path: String
            var line: Int
            var column: Int
            var category: FindingCategory
        }
        var best: [Key: Int] = [:]
        var others: [Key: [String]] = [:]
        var otherFingerprints: [Key: [String]] = [:]
        for (index, finding) in findings.enumerated() {
            let key = Key(path: finding.location.path, line: finding.location.line, column: finding.location.column, category: finding.category)
            guard let current = best[key] else {
                best[key] = index
                continue
            }
            let held = findings[current]
            let rank = { (finding: Finding) in (finding.severity.rank, specificity[finding.ruleId] ?? 0) }
            let better = rank(finding) > rank(held) || (rank(finding) == rank(held) && finding.ruleId < held.ruleId)
            others[key, default: []].append(better ? held.ruleId : finding.ruleId)
            otherFingerprints[key, default: []].append(better ? held.fingerprint : finding.fingerprint)
            if better { best[key] = index }
        }
        guard !others.isEmpty else { return findings }
        let kept = Set(best.values)
        return findings.indices.compactMap { index -> Finding? in
            guard kept.contains(index) else { return nil }
            var finding = findings[index]
            let key = Key(path: finding.location.path, line: finding.location.line, column: finding.location.column, category: finding.category)
            finding.alsoMatched = (others[key] ?? []).sorted()
            finding.alsoMatchedFingerprints = (otherFingerprints[key] ?? []).sorted()
            return finding
        }
    }
}

/// Which clauses of one agreement are headings, worked out once each: every matched clause looks
/// up for its section's title, and clauses of one section look through the same lines.
final class HeadingCache {
    private var known: [Int: Bool] = [:]

    func isHeading(_ index: Int, in clauses: ClauseList, lexicon: ReadingLexicon) -> Bool {
        if let answer = known[index] { return answer }
        var answer = clauses.structure(index).kind == .heading
        let range = clauses.normalizedRange(index)
        // A title is short and does not end a sentence: most clauses are passed by that alone.
        if !answer, range.count <= 60, let last = clauses.normalized[range].last, !["。", ";", "!", "?", "."].contains(last) {
            var readings = ClauseReadings(lexicon: lexicon, normalizedText: clauses.normalizedText(index))
            answer = readings.has(.heading, matched: [0..<range.count])
        }
        known[index] = answer
        return answer
    }
}
