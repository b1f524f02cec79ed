/// Aho–Corasick automaton over normalized Unicode scalars: every term of every rule compiled
/// once, so each clause is scanned once whatever the number of rules.
public struct TermAutomaton: Sendable {
    /// A term found in a clause: which term, and the normalized scalar range it covers.
    public struct Occurrence: Sendable, Equatable {
        public var term: Int
        public var start: Int
        public var end: Int
    }

    private struct Node: Sendable {
        var next: [UInt32: Int32] = [:]
        var fail: Int32 = 0
        /// Terms that end at this node, own and inherited through failure links.
        var outputs: [Int32] = []
    }

    private var nodes: [Node] = [Node()]
    /// Length in scalars of each term, by term index.
    private(set) var lengths: [Int] = []
    private var indexByTerm: [String: Int] = [:]

    public init() {}

    /// The index of `term` (already normalized), adding it if new. Call `build()` after the last.
    public mutating func add(_ term: [Unicode.Scalar]) -> Int {
        let key = String(String.UnicodeScalarView(term))
        if let existing = indexByTerm[key] { return existing }
        let index = lengths.count
        indexByTerm[key] = index
        lengths.append(term.count)
        var state = 0
        for scalar in term {
            if let next = nodes[state].next[scalar.value] {
                state = Int(next)
            } else {
                nodes.append(Node())
                let created = nodes.count - 1
                nodes[state].next[scalar.value] = Int32(created)
                state = created
            }
        }
        nodes[state].outputs.append(Int32(index))
        return index
    }

    public var termCount: Int { lengths.count }

    /// Computes failure links breadth first.
    public mutating func build() {
        var queue: [Int] = []
        for (_, child) in nodes[0].next {
            nodes[Int(child)].fail = 0
            queue.append(Int(child))
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (scalar, child) in nodes[state].next.sorted(by: { $0.key < $1.key }) {
                queue.append(Int(child))
                var fallback = Int(nodes[state].fail)
                while fallback != 0, nodes[fallback].next[scalar] == nil {
                    fallback = Int(nodes[fallback].fail)
                }
                var failTarget = Int(nodes[fallback].next[scalar] ?? 0)
                if failTarget == Int(child) { failTarget = 0 }
                nodes[Int(child)].fail = Int32(failTarget)
                nodes[Int(child)].outputs += nodes[failTarget].outputs
            }
        }
    }

    /// Every occurrence of every term in `text`, ordered by end position.
    public func occurrences(in text: [Unicode.Scalar]) -> [Occurrence] {
        var found: [Occurrence] = []
        var state = 0
        for (position, scalar) in text.enumerated() {
            let value = scalar.value
            while state != 0, nodes[state].next[value] == nil {
                state = Int(nodes[state].fail)
            }
            state = Int(nodes[state].next[value] ?? 0)
            for term in nodes[state].outputs {
                let length = lengths[Int(term)]
                found.append(Occurrence(term: Int(term), start: position + 1 - length, end: position + 1))
            }
        }
        return found
    }
}
