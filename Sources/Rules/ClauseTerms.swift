/// The terms found in one clause: which occurred, and on request their occurrences by term.
///
/// Reused from clause to clause without clearing anything: a term counts as present only when
/// stamped with the current clause's number. Most clauses are settled by presence alone (no rule
/// has all its groups present), so occurrences are grouped only for a clause a rule gets past that.
struct ClauseTerms {
    /// By term: the number of the last clause it occurred in.
    private var stamps: [UInt32]
    /// By term: its index in `terms`, when present.
    private var slots: [Int32]
    private var clause: UInt32 = 0
    /// The clause's occurrences, by end position: filled by the automaton before `record()`, its
    /// storage reused from clause to clause.
    var occurrences: [TermAutomaton.Occurrence] = []
    /// The terms that occurred, in order of first occurrence.
    private(set) var terms: [Int] = []
    /// The occurrences of `terms[slot]` are `grouped[groupStart[slot]..<groupStart[slot + 1]]`,
    /// in the clause's order (by end position).
    private var groupStart: [Int] = []
    private var grouped: [TermAutomaton.Occurrence] = []
    private var isGrouped = false

    init(termCount: Int) {
        stamps = [UInt32](repeating: 0, count: termCount)
        slots = [Int32](repeating: 0, count: termCount)
    }

    /// Starts the next clause, with the occurrences now in `occurrences`.
    mutating func record() {
        clause += 1
        terms.removeAll(keepingCapacity: true)
        isGrouped = false
        for occurrence in occurrences where stamps[occurrence.term] != clause {
            stamps[occurrence.term] = clause
            slots[occurrence.term] = Int32(terms.count)
            terms.append(occurrence.term)
        }
    }

    @inline(__always)
    func contains(_ term: Int) -> Bool {
        stamps[term] == clause
    }

    /// Groups the clause's occurrences by term, once per clause.
    mutating func group() {
        guard !isGrouped else { return }
        isGrouped = true
        groupStart.removeAll(keepingCapacity: true)
        groupStart += repeatElement(0, count: terms.count + 1)
        for occurrence in occurrences {
            groupStart[Int(slots[occurrence.term]) + 1] += 1
        }
        for slot in terms.indices {
            groupStart[slot + 1] += groupStart[slot]
        }
        grouped.removeAll(keepingCapacity: true)
        grouped += occurrences
        var next = groupStart
        for occurrence in occurrences {
            let slot = Int(slots[occurrence.term])
            grouped[next[slot]] = occurrence
            next[slot] += 1
        }
    }

    /// The occurrences of `term`, by end position; `group` must have run for this clause.
    func occurrences(of term: Int) -> ArraySlice<TermAutomaton.Occurrence> {
        guard contains(term) else { return [] }
        let slot = Int(slots[term])
        return grouped[groupStart[slot]..<groupStart[slot + 1]]
    }
}

/// What each clause rule needs of a clause's terms, past the term that made the clause a candidate
/// for it, checked before anything is built: a term of each of its groups, none of its `none`
/// terms, and for a regex with branch literals, a term of each factor of one branch.
///
/// All rules' conditions in one array of numbers rather than nested arrays per rule: a scan checks
/// a million clauses, and reading nested arrays cost a retain and a release per array each time.
struct TermConditions {
    /// Rule `r`'s conditions are `code[start[r]..<start[r + 1]]`, each list of terms written as
    /// its length then its terms: `groups, list × groups` (a term of each list present), `list`
    /// (no term of it present), `branches, (factors, size, list × factors) × branches` (a branch
    /// with a term of each of its lists present; `size` of its lists, to skip them).
    private var code: [Int32] = []
    private var start: [Int32] = [0]

    /// Adds the next rule's conditions. `branches` nil: no condition on branches.
    mutating func append(groups: [[Int]], none: [Int], branches: [[[Int]]]?) {
        func list(_ terms: [Int]) {
            code.append(Int32(terms.count))
            code += terms.map { Int32($0) }
        }
        code.append(Int32(groups.count))
        groups.forEach(list)
        list(none)
        // No condition is one branch without factors, which every clause satisfies.
        let branches = branches ?? [[]]
        code.append(Int32(branches.count))
        for factors in branches {
            code.append(Int32(factors.count))
            let size = code.count
            code.append(0)
            factors.forEach(list)
            code[size] = Int32(code.count - size - 1)
        }
        start.append(Int32(code.count))
    }

    /// Whether rule `rule` may match a clause with these terms.
    func allow(_ rule: Int, _ clause: ClauseTerms) -> Bool {
        code.withUnsafeBufferPointer { code in
            var at = Int(start[rule])
            /// Reads a list of terms: whether one of them is present.
            func anyPresent() -> Bool {
                let count = Int(code[at])
                at += 1
                let end = at + count
                defer { at = end }
                while at < end {
                    if clause.contains(Int(code[at])) { return true }
                    at += 1
                }
                return false
            }
            let groups = Int(code[at])
            at += 1
            for _ in 0..<groups {
                guard anyPresent() else { return false }
            }
            guard !anyPresent() else { return false }
            let branches = Int(code[at])
            at += 1
            for _ in 0..<branches {
                let factors = Int(code[at])
                let next = at + 2 + Int(code[at + 1])
                at += 2
                var satisfied = true
                for _ in 0..<factors where satisfied {
                    satisfied = anyPresent()
                }
                if satisfied { return true }
                at = next
            }
            return false
        }
    }
}
