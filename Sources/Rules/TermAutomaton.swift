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

    /// The automaton flattened by `build()` for scanning: no hashing per character.
    private var compiled: Compiled?

    private struct Compiled: Sendable {
        /// The root's transitions for every BMP scalar (0 = stay at the root): text is mostly
        /// scalars that start no term, and most steps fall back to the root.
        var root: [Int32]
        /// Non-root transitions: node `n`'s edges are `edgeKeys[edgeStart[n]..<edgeStart[n + 1]]`,
        /// sorted by scalar, with their targets in `edgeTargets`.
        var edgeStart: [Int32]
        var edgeKeys: [UInt32]
        var edgeTargets: [Int32]
        var fail: [Int32]
        /// Node `n`'s outputs are `outputTerms[outputStart[n]..<outputStart[n + 1]]`, in `Node.outputs` order.
        var outputStart: [Int32]
        var outputTerms: [Int32]
        var termLengths: [Int32]

        @inline(__always)
        func next(_ state: Int, _ value: UInt32) -> Int32? {
            if state == 0 {
                if value < 0x10000 {
                    let target = root[Int(value)]
                    return target == 0 ? nil : target
                }
                return edge(0, value)
            }
            return edge(state, value)
        }

        @inline(__always)
        private func edge(_ state: Int, _ value: UInt32) -> Int32? {
            var low = Int(edgeStart[state])
            var high = Int(edgeStart[state + 1])
            while low < high {
                let middle = (low + high) / 2
                let key = edgeKeys[middle]
                if key == value { return edgeTargets[middle] }
                if key < value { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    public init() {}

    /// The index of `term` (already normalized), adding it if new. Call `build()` after the last.
    public mutating func add(_ term: [Unicode.Scalar]) -> Int {
        let key = String(String.UnicodeScalarView(term))
        if let existing = indexByTerm[key] { return existing }
        let index = lengths.count
        compiled = nil
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
        compile()
    }

    private mutating func compile() {
        var root = [Int32](repeating: 0, count: 0x10000)
        var edgeStart: [Int32] = []
        var edgeKeys: [UInt32] = []
        var edgeTargets: [Int32] = []
        var outputStart: [Int32] = []
        var outputTerms: [Int32] = []
        edgeStart.reserveCapacity(nodes.count + 1)
        outputStart.reserveCapacity(nodes.count + 1)
        for (index, node) in nodes.enumerated() {
            edgeStart.append(Int32(edgeKeys.count))
            for (key, target) in node.next.sorted(by: { $0.key < $1.key }) {
                if index == 0, key < 0x10000 {
                    root[Int(key)] = target
                } else {
                    edgeKeys.append(key)
                    edgeTargets.append(target)
                }
            }
            outputStart.append(Int32(outputTerms.count))
            outputTerms += node.outputs
        }
        edgeStart.append(Int32(edgeKeys.count))
        outputStart.append(Int32(outputTerms.count))
        compiled = Compiled(
            root: root, edgeStart: edgeStart, edgeKeys: edgeKeys, edgeTargets: edgeTargets, fail: nodes.map(\.fail),
            outputStart: outputStart, outputTerms: outputTerms, termLengths: lengths.map { Int32($0) }
        )
    }

    /// Every occurrence of every term in `text`, ordered by end position.
    public func occurrences(in text: [Unicode.Scalar]) -> [Occurrence] {
        var found: [Occurrence] = []
        occurrences(in: text, into: &found)
        return found
    }

    /// The same, replacing the contents of `found`, whose storage a scan reuses from clause to clause.
    func occurrences(in text: [Unicode.Scalar], into found: inout [Occurrence]) {
        found.removeAll(keepingCapacity: true)
        if let compiled {
            Self.occurrences(in: text, compiled, into: &found)
            return
        }
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
    }

    /// The same scan over the flattened automaton.
    private static func occurrences(in text: [Unicode.Scalar], _ automaton: Compiled, into found: inout [Occurrence]) {
        var state = 0
        text.withUnsafeBufferPointer { text in
            for position in 0..<text.count {
                let value = text[position].value
                var target = automaton.next(state, value)
                while target == nil, state != 0 {
                    state = Int(automaton.fail[state])
                    target = automaton.next(state, value)
                }
                state = Int(target ?? 0)
                let first = Int(automaton.outputStart[state])
                let last = Int(automaton.outputStart[state + 1])
                guard first < last else { continue }
                for output in first..<last {
                    let term = Int(automaton.outputTerms[output])
                    let length = Int(automaton.termLengths[term])
                    found.append(Occurrence(term: term, start: position + 1 - length, end: position + 1))
                }
            }
        }
    }
}
