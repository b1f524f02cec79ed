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
    private var lengths: [Int] = []
    private var indexByTerm: [String: Int] = [:]

    /// The automaton made deterministic by `build()`: one table step per scalar, no failure links.
    private var compiled: Compiled?

    /// Scalars are first mapped to classes: 0 for every scalar that no term contains, 1...K for
    /// the others. A state's transitions are then the root's, indexed by class, except for the few
    /// that lead elsewhere; those of all states are packed into one table by row displacement. A
    /// dense table of states × classes would not fit in memory with thousands of distinct
    /// characters, and failure links cost a loop per character.
    ///
    /// A state is known by its key, `base << 1 | 1 if it has outputs`, where `base` (distinct for
    /// every state) is where its row starts in `transitions`: the next step needs no other look-up.
    ///
    /// A class that owns its buffers: a scan per clause retains one object instead of several
    /// arrays, and reads without bounds checks. Unchecked Sendable: nothing changes after `init`.
    private final class Compiled: @unchecked Sendable {
        /// Scalar `v`'s class is `classes[Int(classBlocks[v >> 8]) << 8 | v & 0xFF]`; block 0 is
        /// all zero, so scalars of blocks without a term character share it.
        let classBlocks: UnsafeMutableBufferPointer<UInt16>
        let classes: UnsafeMutableBufferPointer<UInt32>
        let rootKey: Int32
        /// The key of the state reached on each class from the root, and from every state whose
        /// row has no slot for that class.
        let fromRoot: UnsafeMutableBufferPointer<Int32>
        /// The transition of the state with key `k` on class `c` is `transitions[(k >> 1) + c]`
        /// when that slot's owner is `k`. Class 0 leads to the root from every state, so a
        /// state's slot for it is free to hold its outputs instead (see `Transition`).
        let transitions: UnsafeMutableBufferPointer<Transition>
        /// Every state's outputs, in `Node.outputs` order.
        let outputs: UnsafeMutableBufferPointer<Output>

        struct Transition {
            /// The key of the state the slot belongs to; -1 for a free slot; for the slot at the
            /// base of a state with outputs, -2 - their number, with `target` where they start
            /// in `outputs`.
            var owner: Int32
            var target: Int32
        }

        struct Output {
            var term: Int32
            var length: Int32
        }

        /// Takes ownership of `transitions`.
        init(
            classBlocks: [UInt16], classes: [UInt32], rootKey: Int32, fromRoot: [Int32],
            transitions: UnsafeMutableBufferPointer<Transition>, outputs: [Output]
        ) {
            self.classBlocks = Self.copy(classBlocks)
            self.classes = Self.copy(classes)
            self.rootKey = rootKey
            self.fromRoot = Self.copy(fromRoot)
            self.transitions = transitions
            self.outputs = Self.copy(outputs)
        }

        deinit {
            classBlocks.deallocate()
            classes.deallocate()
            fromRoot.deallocate()
            transitions.deallocate()
            outputs.deallocate()
        }

        private static func copy<Element>(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return buffer
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

    /// Computes failure links breadth first, then the deterministic tables.
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
        compile(breadthFirst: queue)
    }

    /// `breadthFirst`: every state but the root, each after its failure target.
    private mutating func compile(breadthFirst: [Int]) {
        let (classBlocks, classes, classOf) = scalarClasses()
        let classCount = classOf.count + 1
        let rows = rowsUnlikeTheRoot(breadthFirst: breadthFirst, classOf: classOf)

        // Longest rows first: the short ones fill the gaps they leave.
        let packingOrder = nodes.indices.sorted { rows[$0].count != rows[$1].count ? rows[$0].count > rows[$1].count : $0 < $1 }
        var packer = RowPacker()
        var bases = [Int](repeating: 0, count: nodes.count)
        for state in packingOrder {
            let outputSlot = nodes[state].outputs.isEmpty ? [] : [0]
            bases[state] = packer.place(outputSlot + rows[state].map { Int($0.column) })
        }
        func key(_ state: Int) -> Int32 {
            Int32(bases[state] << 1 | (nodes[state].outputs.isEmpty ? 0 : 1))
        }
        // Every state may read every class, so the table reaches a row past the highest base.
        let transitions = UnsafeMutableBufferPointer<Compiled.Transition>.allocate(capacity: (bases.max() ?? 0) + classCount)
        transitions.initialize(repeating: Compiled.Transition(owner: -1, target: 0))
        var outputs: [Compiled.Output] = []
        for (state, row) in rows.enumerated() {
            for entry in row {
                transitions[bases[state] + Int(entry.column)] = Compiled.Transition(owner: key(state), target: key(Int(entry.target)))
            }
            if !nodes[state].outputs.isEmpty {
                transitions[bases[state]] = Compiled.Transition(owner: -2 - Int32(nodes[state].outputs.count), target: Int32(outputs.count))
                outputs += nodes[state].outputs.map { Compiled.Output(term: $0, length: Int32(lengths[Int($0)])) }
            }
        }
        var fromRoot = [Int32](repeating: key(0), count: classCount)
        for (scalar, child) in nodes[0].next { fromRoot[classOf[scalar]!] = key(Int(child)) }
        compiled = Compiled(
            classBlocks: classBlocks, classes: classes, rootKey: key(0), fromRoot: fromRoot, transitions: transitions,
            outputs: outputs
        )
    }

    /// Classes 1...K for the scalars on some edge, in ascending order, in blocks of 256 scalars.
    private func scalarClasses() -> (blocks: [UInt16], classes: [UInt32], classOf: [UInt32: Int]) {
        var scalars: [UInt32] = []
        for node in nodes { scalars += node.next.keys }
        scalars = Array(Set(scalars)).sorted()
        var blocks = [UInt16](repeating: 0, count: 0x1100)
        // 32-bit classes: a rule pack may use any number of distinct characters.
        var classes = [UInt32](repeating: 0, count: 0x100)
        var classOf: [UInt32: Int] = [:]
        for (index, scalar) in scalars.enumerated() {
            let high = Int(scalar >> 8)
            if blocks[high] == 0 {
                blocks[high] = UInt16(classes.count >> 8)
                classes += repeatElement(0, count: 0x100)
            }
            classes[Int(blocks[high]) << 8 | Int(scalar & 0xFF)] = UInt32(index + 1)
            classOf[scalar] = index + 1
        }
        return (blocks, classes, classOf)
    }

    /// By state, its transitions that differ from the root's, by ascending class: its own edges
    /// (they lead deeper than the root's can), and for the classes it has none, those of its
    /// failure target.
    private func rowsUnlikeTheRoot(breadthFirst: [Int], classOf: [UInt32: Int]) -> [[(column: Int32, target: Int32)]] {
        var rows = [[(column: Int32, target: Int32)]](repeating: [], count: nodes.count)
        for state in breadthFirst {
            let own = nodes[state].next.map { (column: Int32(classOf[$0.key]!), target: $0.value) }.sorted { $0.column < $1.column }
            var merged: [(column: Int32, target: Int32)] = []
            var ownIndex = 0
            for entry in rows[Int(nodes[state].fail)] {
                while ownIndex < own.count, own[ownIndex].column < entry.column {
                    merged.append(own[ownIndex])
                    ownIndex += 1
                }
                if ownIndex < own.count, own[ownIndex].column == entry.column { continue }
                merged.append(entry)
            }
            merged += own[ownIndex...]
            rows[state] = merged
        }
        return rows
    }

    /// Every occurrence of every term in `text`, ordered by end position.
    public func occurrences(in text: [Unicode.Scalar]) -> [Occurrence] {
        occurrences(in: text, text.indices)
    }

    /// The occurrences in `text[range]`, at positions counted from `range`'s start.
    public func occurrences(in text: [Unicode.Scalar], _ range: Range<Int>) -> [Occurrence] {
        var found: [Occurrence] = []
        occurrences(in: text, range, into: &found)
        return found
    }

    /// The same, replacing the contents of `found`, whose storage a scan reuses from clause to clause.
    /// At one end position, terms come in `Node.outputs` order: longest first.
    func occurrences(in text: [Unicode.Scalar], _ range: Range<Int>, into found: inout [Occurrence]) {
        precondition(compiled != nil, "TermAutomaton.build() must run before a scan")
        // Not `guard let`: copying the optional went through generic value witnesses, per clause.
        let compiled = compiled.unsafelyUnwrapped
        found.removeAll(keepingCapacity: true)
        text.withUnsafeBufferPointer { whole in
            let text = UnsafeBufferPointer(rebasing: whole[range])
            var key = compiled.rootKey
            for position in 0..<text.count {
                let value = text[position].value
                let symbol = Int(compiled.classes[Int(compiled.classBlocks[Int(value >> 8)]) << 8 | Int(value & 0xFF)])
                let transition = compiled.transitions[Int(key >> 1) + symbol]
                key = transition.owner == key ? transition.target : compiled.fromRoot[symbol]
                guard key & 1 != 0 else { continue }
                let header = compiled.transitions[Int(key >> 1)]
                let first = Int(header.target)
                for output in compiled.outputs[first..<first + Int(-2 - header.owner)] {
                    found.append(Occurrence(term: Int(output.term), start: position + 1 - Int(output.length), end: position + 1))
                }
            }
        }
    }
}

/// Row displacement: each row gets a base, distinct from every other row's, such that its columns
/// land on free slots. Occupancy is kept in bit sets and tested 64 bases at a time.
private struct RowPacker {
    private var occupied: [UInt64] = []
    private var usedBases: [UInt64] = []
    /// No slot below is free, no base below is unused.
    private var firstFreeSlot = 0
    private var firstUnusedBase = 0
    /// Where the last row of each length went, where the next is searched from. Searching from the
    /// first free slot instead packed ten times the bundled rules in a fifth fewer slots, but in
    /// 240 ms instead of 12.
    private var lastBaseByLength: [Int: Int] = [:]

    /// The base for a row with these columns (ascending), now taken.
    mutating func place(_ columns: [Int]) -> Int {
        var base = max(firstUnusedBase, firstFreeSlot - (columns.first ?? 0), lastBaseByLength[columns.count] ?? 0)
        while true {
            var fits = ~Self.bits(usedBases, at: base)
            for column in columns where fits != 0 {
                fits &= ~Self.bits(occupied, at: base + column)
            }
            if fits != 0 {
                base += fits.trailingZeroBitCount
                break
            }
            base += 64
        }
        lastBaseByLength[columns.count] = base
        Self.set(&usedBases, base)
        for column in columns { Self.set(&occupied, base + column) }
        while Self.bits(usedBases, at: firstUnusedBase) == .max { firstUnusedBase += 64 }
        firstUnusedBase += (~Self.bits(usedBases, at: firstUnusedBase)).trailingZeroBitCount
        while Self.bits(occupied, at: firstFreeSlot) == .max { firstFreeSlot += 64 }
        firstFreeSlot += (~Self.bits(occupied, at: firstFreeSlot)).trailingZeroBitCount
        return base
    }

    /// The 64 bits from `position` on; bits past the end are clear.
    private static func bits(_ set: [UInt64], at position: Int) -> UInt64 {
        let index = position >> 6
        let shift = position & 63
        let low = index < set.count ? set[index] : 0
        guard shift != 0 else { return low }
        let high = index + 1 < set.count ? set[index + 1] : 0
        return low >> shift | high << (64 - shift)
    }

    private static func set(_ set: inout [UInt64], _ position: Int) {
        let index = position >> 6
        if index >= set.count { set += repeatElement(0, count: index + 1 - set.count) }
        set[index] |= 1 << (position & 63)
    }
}
